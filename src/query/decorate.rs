//! Decorating a page's rows into hits: for each, a snippet of where the words are, the reason
//! it matched (alias, spelling variant, speaker, text), whether it lies surely or only
//! possibly inside a date range, and its list columns; name matches of one kind reordered by
//! how well the name answers. A row that cannot be read is reported, never dropped silently.

use super::error::QueryError;
use super::page::Row;
use super::plan::Plan;
use super::run::{Certainty, Hit, SearchRequest};
use super::snippet::{Matcher, Snippet};
use crate::model::name_match::{NameQuery, Referred, name_roles};
use crate::model::{Record, RecordKind, SortOrder};
use crate::store::Store;
use std::collections::HashMap;
use uuid::Uuid;

/// The hits of `rows`; a row that cannot be read is left out and said in `notes`.
pub(super) fn hits(
    store: &Store,
    plan: &Plan,
    request: &SearchRequest,
    mut rows: Vec<Row>,
    notes: &mut Vec<String>,
) -> Result<Vec<Hit>, QueryError> {
    let spec = &request.spec;
    let mut details = match &plan.text {
        Some(_) => {
            let words = NameQuery::new(&spec.text, request.prefix_last, !spec.exact);
            page_details(store, &Matcher::new(&plan.terms), &words, &rows)?
        }
        None => HashMap::new(),
    };
    // Among ranked name matches of one kind, the best-spelled name first: an exact spelling
    // before a variant, a family name before a given name, official aliases before weak ones.
    if plan.ranked() && spec.order == SortOrder::Relevance {
        rank_names_within_kinds(&mut rows, &details);
    }
    let mut hits = Vec::with_capacity(rows.len());
    let mut unreadable = Vec::new();
    for row in rows {
        let (Ok(uuid), Ok(kind)) = (Uuid::parse_str(&row.uuid), row.kind.parse::<RecordKind>())
        else {
            log::warn!(
                "search: row {} has uuid {:?} and kind {:?}",
                row.id,
                row.uuid,
                row.kind
            );
            unreadable.push(row.id);
            continue;
        };
        let columns = match serde_json::from_str(&row.columns) {
            Ok(columns) => columns,
            Err(e) => {
                log::warn!(
                    "search: the list columns of row {} cannot be read: {e}",
                    row.id
                );
                unreadable.push(row.id);
                Vec::new()
            }
        };
        let (snippet, reason) = match details.remove(&row.id) {
            Some(d) => (d.snippet, d.reason),
            None => (None, None),
        };
        let certainty = plan.range.as_ref().map(|(lo, hi)| {
            let inside = row.lo.as_deref().is_some_and(|l| l >= lo.as_str())
                && row.hi.as_deref().is_some_and(|h| h <= hi.as_str());
            if inside && !row.fuzzy {
                Certainty::Certain
            } else {
                Certainty::Possible
            }
        });
        hits.push(Hit {
            uuid,
            kind,
            title: row.title,
            date: row.date,
            columns,
            certainty,
            snippet,
            reason,
        });
    }
    if !unreadable.is_empty() {
        notes.push(format!(
            "{} of the file's rows cannot be read (ids {:?}); `chancery check` tells more",
            unreadable.len(),
            unreadable
        ));
    }
    Ok(hits)
}

/// What a page shows of each hit besides its row: the snippet, why it matched, and how well
/// its names answer the search.
#[derive(Default)]
struct Details {
    snippet: Option<Snippet>,
    reason: Option<String>,
    name_score: u32,
}

/// Details for a page of hits, from each record's own text (the index keeps none). The
/// snippet is cut from the body first, then other names, then the title (a record every word
/// finds by its names: from the names only); the reason reads
/// the record's names, its text and, only if needed, the names of what it refers to.
fn page_details(
    store: &Store,
    matcher: &Matcher,
    words: &NameQuery,
    rows: &[Row],
) -> Result<HashMap<i64, Details>, QueryError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let titles: HashMap<i64, &str> = rows.iter().map(|r| (r.id, r.title.as_str())).collect();
    let mut referred = referred_names(store, &ids)?;
    let mut out = HashMap::new();
    for (id, record) in store.records_by_id(&ids)? {
        let text = record.index_text(&|_| None);
        let names = name_roles(&record);
        // A record found by its names shows its names (other spellings, other scripts), not
        // the words of its description that happen to match too ("in the name — …on to the").
        let by_names = !names.is_empty() && words.matches(&names).iter().all(Option::is_some);
        let sources: &[&String] = if by_names {
            &[&text.aliases, &text.title]
        } else {
            &[&text.body, &text.aliases, &text.title]
        };
        let snippet = sources.iter().find_map(|t| matcher.snippet(t, 16));
        // A link's title names its ends: it is read from the row, which has it derived.
        let listed = match record {
            Record::Link(_) => titles.get(&id).copied().unwrap_or_default(),
            _ => "",
        };
        let own_texts: Vec<(&str, &str)> = if names.is_empty() {
            vec![
                (listed, "title"),
                (&text.title, "title"),
                (&text.aliases, "text"),
                (&text.body, "text"),
            ]
        } else {
            vec![(&text.body, "text")]
        };
        let mut references = || referred.remove(&id).unwrap_or_default();
        let reasons = words.explain(&names, &own_texts, &mut references);
        out.insert(
            id,
            Details {
                snippet,
                reason: (!reasons.is_empty()).then(|| reasons.join(" · ")),
                name_score: words.score(&names),
            },
        );
    }
    Ok(out)
}

/// For each of `ids`, the relation, name and other names (an actor's aliases) of every live
/// record it refers to, in one query for the page (the edges its own document made).
fn referred_names(store: &Store, ids: &[i64]) -> Result<HashMap<i64, Vec<Referred>>, QueryError> {
    let wanted = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
    let mut stmt = store.conn().prepare_cached(
        // The page's ids drive (CROSS JOIN keeps them outside): each is one probe of the
        // owner index, where an IN list let SQLite walk every edge of the file.
        "SELECT e.owner_id, e.relation, x.title,
                CASE WHEN x.kind = 'actor' THEN
                    (SELECT json_group_array(json_extract(a.value, '$.name'))
                     FROM record_doc d, json_each(d.data, '$.aliases') a WHERE d.id = x.id)
                END
         FROM json_each(?1) j CROSS JOIN edge e ON e.owner_id = j.value
         JOIN record x ON x.id = e.dst_id
         WHERE x.deleted_at IS NULL",
    )?;
    let rows = stmt.query_map([wanted], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
        ))
    })?;
    let mut out: HashMap<i64, Vec<Referred>> = HashMap::new();
    for row in rows {
        let (owner, relation, name, aliases) = row?;
        let aliases: Vec<String> = aliases
            .and_then(|json| serde_json::from_str::<Vec<Option<String>>>(&json).ok())
            .unwrap_or_default()
            .into_iter()
            .flatten()
            .collect();
        out.entry(owner).or_default().push(Referred {
            relation,
            name,
            aliases,
        });
    }
    Ok(out)
}

/// Reorders each run of same-kind rows by how well their names answer the search (stable:
/// equal names keep the index's order). Rows of kinds without names keep their places.
fn rank_names_within_kinds(rows: &mut [Row], details: &HashMap<i64, Details>) {
    let score = |row: &Row| details.get(&row.id).map_or(0, |d| d.name_score);
    let mut start = 0;
    while start < rows.len() {
        let kind = rows[start].kind.clone();
        let end = rows[start..]
            .iter()
            .position(|r| r.kind != kind)
            .map_or(rows.len(), |n| start + n);
        rows[start..end].sort_by_key(|r| std::cmp::Reverse(score(r)));
        start = end;
    }
}
