//! Running a search: text and filters combined into one parameterised statement, ranked or
//! sorted, paginated by key (never OFFSET), with the total count, and for each hit a snippet
//! and the reason it matched; name matches of one kind ordered by how well the name answers.

use super::error::QueryError;
use super::filter_sets::{
    DRIVE_UP_TO, around_actors, at_places, from_sources, intersect, on_topics, references,
};
use super::names::find_by_name;
use super::parse::{last_as_prefix, parse_terms};
use super::snippet::{Matcher, Snippet};
use super::sql::Sql;
use super::text_plan::{EXACT_UP_TO, live_total, text_match};
use crate::model::name_match::{NameQuery, name_roles};
use crate::model::record::relation;
use crate::model::{Filters, PartialDate, Record, RecordKind, Reliability, SearchSpec, SortOrder};
use crate::store::Store;
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

/// One page of a search.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchRequest {
    pub spec: SearchSpec,
    pub limit: usize,
    /// Where the previous page ended; `None` for the first page.
    pub after: Option<Cursor>,
    /// Treat the last word as unfinished (search as you type).
    pub prefix_last: bool,
    /// Count all matches. Later pages of the same search can skip it: the total is known from
    /// the first page, and counting a million rows again costs as much as the page.
    pub count_total: bool,
    /// With search text and relevance order: group hits by kind (actors, meetings,
    /// statements, sources, places, topics, links), best first within each group.
    pub group_by_kind: bool,
    /// Rank every hit, however many (export): no bounded plan.
    pub exhaustive: bool,
}

impl SearchRequest {
    pub fn new(spec: SearchSpec) -> Self {
        SearchRequest {
            spec,
            limit: 50,
            after: None,
            prefix_last: false,
            count_total: true,
            group_by_kind: false,
            exhaustive: false,
        }
    }
}

/// The position after the last hit of a page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cursor {
    key: SortKey,
    id: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
enum SortKey {
    KindRank(i64, f64),
    Rank(f64),
    Text(String),
}

/// Whether a hit lies certainly inside the date range, or only possibly (its date is
/// coarser than the range, straddles it, or is approximate).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Certainty {
    Certain,
    Possible,
}

/// One result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub uuid: Uuid,
    pub kind: RecordKind,
    pub title: String,
    /// The record's date as stored (EDTF).
    pub date: Option<String>,
    /// The record's list columns (see `Record::list_headers`).
    pub columns: Vec<String>,
    /// Set when the search has a date range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certainty: Option<Certainty>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<Snippet>,
    /// How the record matched the searched text ("alias «Asaad al-Shaibani»", "spelling
    /// variant of the name", "speaker Asaad Al Shibani", "in the text"), joined by " · ".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A page of hits, the total, and where the next page starts.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchPage {
    pub hits: Vec<Hit>,
    /// All matches; 0 when the request asked not to count. Exact up to `EXACT_UP_TO`.
    pub total: u64,
    /// More than `total` (= `EXACT_UP_TO`) records match: show "10,000+".
    pub total_capped: bool,
    pub next: Option<Cursor>,
    /// Why a filter matched nothing ("no actor is named 'X'"), for the user.
    pub notes: Vec<String>,
}

/// Every record matching `spec`, page by page (for "export all matching").
pub fn all_matching(store: &Store, spec: &SearchSpec) -> Result<Vec<Uuid>, QueryError> {
    let mut request = SearchRequest::new(spec.clone());
    request.limit = 1000;
    request.exhaustive = true;
    let mut out = Vec::new();
    loop {
        let page = search(store, &request)?;
        out.extend(page.hits.iter().map(|h| h.uuid));
        request.count_total = false;
        match page.next {
            Some(next) => request.after = Some(next),
            None => return Ok(out),
        }
    }
}

/// Runs one page of a search.
pub fn search(store: &Store, request: &SearchRequest) -> Result<SearchPage, QueryError> {
    let spec = &request.spec;
    let filters = &spec.filters;
    let mut sql = Sql::default();
    let mut notes = Vec::new();

    let terms = parse_terms(&spec.text);
    // A space after the last word ends it: "the " is the word, "the" may still become "them".
    let terms = if request.prefix_last && !spec.text.ends_with(char::is_whitespace) {
        last_as_prefix(terms)
    } else {
        terms
    };
    // Filters other than kinds and the Trash: with a text matching very many records, they
    // drive the query and each row is checked against the index.
    let narrowed = Filters {
        statement_kinds: Vec::new(),
        ..filters.clone()
    }
    .narrows();
    let by_relevance = spec.order == SortOrder::Relevance;
    let text = text_match(
        store,
        &terms,
        &mut sql,
        narrowed,
        by_relevance,
        request.exhaustive,
        !spec.exact,
    )?;
    let (with_hits, hits_join) = match &text {
        Some(t) => (t.with.clone(), t.join.clone()),
        None => (String::new(), "record r".to_string()),
    };
    if let Some(condition) = text.as_ref().and_then(|t| t.condition.clone()) {
        sql.conditions.push(condition);
    }
    let ranked = text.as_ref().is_some_and(|t| t.ranked);

    sql.conditions.push(if filters.trash {
        "r.deleted_at IS NOT NULL".into()
    } else {
        "r.deleted_at IS NULL".into()
    });
    let mut kinds: Vec<RecordKind> = filters.kinds.clone();
    if !filters.statement_kinds.is_empty() && kinds.is_empty() {
        kinds.push(RecordKind::Statement);
    }
    match kinds.as_slice() {
        [] => {}
        // One kind as an equality, so that the (deleted_at, kind, order) indexes serve it; as
        // a literal (a fixed word of the vocabulary, never user text), so that the per-kind
        // title indexes, partial on the kind, can serve it too.
        [kind] => {
            sql.conditions
                .push(format!("r.kind = '{}'", kind_literal(*kind)));
        }
        many => {
            let names: Vec<&str> = many.iter().map(|k| k.as_str()).collect();
            let set = sql.bind_texts(&names);
            sql.conditions.push(format!("r.kind IN {set}"));
        }
    }

    let range = date_range(filters.from.as_deref(), filters.to.as_deref())?;
    if let Some((lo, hi)) = &range {
        // `sort_date` is the lower bound ('' when undated), and the date indexes carry the
        // upper one: the range is checked in the index, rows in date order.
        let (lo, hi) = (sql.bind(lo.clone()), sql.bind(hi.clone()));
        sql.conditions.push(format!(
            "r.sort_date <> '' AND r.sort_date <= {hi} AND r.date_hi >= {lo}"
        ));
    }

    // Actors, places, topics and sources admit sets of records, intersected here.
    let mut unresolved = false;
    let mut admitted: Option<Vec<i64>> = None;
    for actor in &filters.actors {
        let ids = resolve(store, RecordKind::Actor, actor, &mut notes)?;
        unresolved |= ids.is_empty();
        if references(store, &ids, &[], true)? <= DRIVE_UP_TO {
            admitted = Some(intersect(admitted, around_actors(store, &ids)?));
        } else {
            let ids = sql.bind_ids(&ids);
            let set = format!("(SELECT value FROM {ids})");
            // The actor itself, what refers to it, and what it links to.
            sql.conditions.push(format!(
                "r.id IN (SELECT value FROM {ids}
                          UNION SELECT e.src_id FROM edge e WHERE e.dst_id IN {set}
                          UNION SELECT e.dst_id FROM edge e WHERE e.src_id IN {set})",
            ));
        }
    }
    if let Some(place) = &filters.place {
        let roots = resolve(store, RecordKind::Place, place, &mut notes)?;
        unresolved |= roots.is_empty();
        let places = with_sub_places(store, &roots)?;
        let statements_wanted = kinds.is_empty() || kinds.contains(&RecordKind::Statement);
        admitted = Some(intersect(
            admitted,
            at_places(store, &places, statements_wanted)?,
        ));
    }
    for topic in &filters.topics {
        let ids = resolve(store, RecordKind::Topic, topic, &mut notes)?;
        unresolved |= ids.is_empty();
        if references(store, &ids, &[relation::TOPIC], false)? <= DRIVE_UP_TO {
            admitted = Some(intersect(admitted, on_topics(store, &ids)?));
        } else {
            let ids = sql.bind_ids(&ids);
            let set = format!("(SELECT value FROM {ids})");
            let rel = sql.bind(relation::TOPIC.to_string());
            sql.conditions.push(format!(
                "r.id IN (SELECT value FROM {ids}
                          UNION SELECT e.src_id FROM edge e
                                WHERE e.dst_id IN {set} AND e.relation = {rel})",
            ));
        }
    }
    if let Some(source) = &filters.source {
        let ids = resolve(store, RecordKind::Source, source, &mut notes)?;
        unresolved |= ids.is_empty();
        if references(store, &ids, &[relation::CITES, relation::VIA], false)? <= DRIVE_UP_TO {
            admitted = Some(intersect(admitted, from_sources(store, &ids)?));
        } else {
            let ids = sql.bind_ids(&ids);
            let set = format!("(SELECT value FROM {ids})");
            let rels = sql.bind_texts(&[relation::CITES, relation::VIA]);
            sql.conditions.push(format!(
                "r.id IN (SELECT value FROM {ids}
                          UNION SELECT e.src_id FROM edge e
                                WHERE e.dst_id IN {set} AND e.relation IN {rels})",
            ));
        }
    }
    let mut hits_join = hits_join;
    if let Some(set) = &admitted {
        unresolved |= set.is_empty();
        let ids = sql.bind_ids(set);
        if hits_join == "record r" && set.len() <= DRIVE_UP_TO {
            // A small set drives: its rows are read and sorted.
            hits_join = format!("{ids} s CROSS JOIN record r ON r.id = s.value");
        } else {
            sql.conditions
                .push(format!("r.id IN (SELECT value FROM {ids})"));
        }
    }
    if let Some(grade) = filters.min_reliability {
        let grades: Vec<&str> = Reliability::ALL
            .iter()
            .filter(|g| **g <= grade)
            .map(|g| g.as_str())
            .collect();
        let set = sql.bind_texts(&grades);
        let cites = sql.bind(relation::CITES.to_string());
        sql.conditions.push(format!(
            "((r.kind = 'source' AND r.grade IN {set})
              OR EXISTS (SELECT 1 FROM edge e JOIN record s ON s.id = e.dst_id
                         WHERE e.src_id = r.id AND e.relation = {cites} AND s.grade IN {set}))"
        ));
    }
    if !filters.statement_kinds.is_empty() {
        let names: Vec<&str> = filters.statement_kinds.iter().map(|k| k.as_str()).collect();
        let set = sql.bind_texts(&names);
        sql.conditions
            .push(format!("(r.kind = 'statement' AND r.subkind IN {set})"));
    }
    if unresolved {
        return Ok(SearchPage {
            hits: Vec::new(),
            total: 0,
            total_capped: false,
            next: None,
            notes,
        });
    }

    // Records without dates (actors, places, topics) list by name when nothing ranks them.
    let undated = !kinds.is_empty()
        && kinds
            .iter()
            .all(|k| matches!(k, RecordKind::Actor | RecordKind::Place | RecordKind::Topic));
    let order = match (spec.order, ranked) {
        (SortOrder::Relevance, true) if request.group_by_kind && kinds.len() != 1 => {
            Order::KindRank
        }
        (SortOrder::Relevance, true) => Order::Rank,
        (SortOrder::Relevance, false) if undated && text.is_none() => Order::Title,
        (SortOrder::Relevance, false) | (SortOrder::Newest, _) => Order::Newest,
        (SortOrder::Oldest, _) => Order::Oldest,
        (SortOrder::Title, _) => Order::Title,
    };
    let where_all = sql.conditions.join(" AND ");
    // Counts stop past `EXACT_UP_TO`: a total beyond is shown as "10,000+".
    let count_sql = match text.as_ref().and_then(|t| t.count_from.as_deref()) {
        // The page ranks a part of the hits: the count joins them all, without ranking.
        Some(from) => format!(
            "SELECT count(*) FROM (SELECT 1 {from} {where_all} LIMIT {})",
            EXACT_UP_TO + 1
        ),
        None => {
            // Rows read straight from the record indexes are counted in the list's own order:
            // a capped count then stops near where the first page is (a 2014–2016 range
            // counted upwards from the oldest date read most of a million index entries).
            let walk = if hits_join == "record r"
                && matches!(order, Order::Newest | Order::Oldest | Order::Title)
            {
                format!("ORDER BY {}", order.order_by())
            } else {
                String::new()
            };
            format!(
                "{with_hits} SELECT count(*) FROM (SELECT 1 FROM {hits_join} WHERE {where_all}
                                                   {walk} LIMIT {})",
                EXACT_UP_TO + 1
            )
        }
    };
    let filter_param_count = sql.params.len();
    let mut page_conditions = where_all.clone();
    if let Some(cursor) = &request.after {
        page_conditions.push_str(" AND ");
        page_conditions.push_str(&order.after(cursor, &mut sql));
    }
    // A first page of all the ranked hits counts them in the same pass (the match is the
    // costly part); other pages count separately, through the covering indexes.
    let complete = text.as_ref().is_some_and(|t| t.complete);
    let count_in_page = complete && request.after.is_none();
    let rank = if ranked { "h.rank" } else { "0.0" };
    let total_column = if count_in_page {
        "count(*) OVER ()"
    } else {
        "0"
    };
    let limit = request.limit.max(1);
    let page_sql = format!(
        "{with_hits}
         SELECT r.id, r.uuid, r.kind, r.title, r.date_edtf, r.date_lo, r.date_hi, r.date_fuzzy,
                r.sort_date, {rank}, {total_column}, r.columns
         FROM {hits_join}
         WHERE {page_conditions}
         ORDER BY {}
         LIMIT {}",
        order.order_by(),
        limit + 1
    );
    let mut stmt = store.conn().prepare_cached(&page_sql)?;
    let mut total: i64 = 0;
    let rows = stmt.query_map(rusqlite::params_from_iter(sql.params.iter()), |r| {
        Ok((
            Row {
                id: r.get(0)?,
                uuid: r.get(1)?,
                kind: r.get(2)?,
                title: r.get(3)?,
                date: r.get(4)?,
                lo: r.get(5)?,
                hi: r.get(6)?,
                fuzzy: r.get(7)?,
                sort_date: r.get(8)?,
                rank: r.get(9)?,
                columns: Vec::new(),
            },
            r.get::<_, i64>(10)?,
            r.get::<_, String>(11)?,
        ))
    })?;
    let mut page_rows = Vec::new();
    for row in rows {
        let (mut row, count, columns) = row?;
        total = count;
        row.columns = serde_json::from_str(&columns).unwrap_or_default();
        page_rows.push(row);
    }
    let mut rows = page_rows;
    // Only a kind (or the Trash) filtered and no text: the maintained counters hold the total.
    let only_kind = text.is_none() && !filters.narrows();
    let mut total_capped = false;
    if only_kind && request.count_total {
        let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
        let kinds_json = serde_json::to_string(&names).unwrap_or_else(|_| "[]".into());
        total = store
            .conn()
            .prepare_cached(
                "SELECT coalesce(sum(n), 0) FROM record_count
             WHERE trashed = ?1 AND (?2 = '[]' OR kind IN (SELECT value FROM json_each(?2)))",
            )?
            .query_row(rusqlite::params![filters.trash, kinds_json], |r| r.get(0))?;
    } else if let Some(live) = match text.as_ref().and_then(|t| t.counted.as_ref()) {
        // Live records of every kind matching a text: counted in the index alone.
        Some(counted) if request.count_total && kinds.is_empty() && !filters.trash && !narrowed => {
            live_total(store, counted)?
        }
        _ => None,
    } {
        total = live;
    } else if !count_in_page && request.count_total {
        // The count binds the filter's parameters only, not the cursor's.
        let filter_params = &sql.params[..filter_param_count];
        total = store
            .conn()
            .prepare_cached(&count_sql)?
            .query_row(rusqlite::params_from_iter(filter_params.iter()), |r| {
                r.get(0)
            })?;
    }
    if total as u64 > EXACT_UP_TO && !only_kind {
        total = EXACT_UP_TO as i64;
        total_capped = true;
    }
    let next = if rows.len() > limit {
        rows.truncate(limit);
        rows.last().map(|last| order.cursor(last))
    } else {
        None
    };
    let mut details = match &text {
        Some(_) => {
            let words = NameQuery::new(&spec.text, request.prefix_last, !spec.exact);
            page_details(store, &Matcher::new(&terms), &words, &rows)?
        }
        None => Default::default(),
    };
    // Among ranked name matches of one kind, the best-spelled name first: an exact spelling
    // before a variant, a family name before a given name, official aliases before weak ones.
    if text.as_ref().is_some_and(|t| t.ranked) && by_relevance {
        rank_names_within_kinds(&mut rows, &details);
    }

    let mut hits = Vec::with_capacity(rows.len());
    for row in rows {
        let (snippet, reason) = match details.remove(&row.id) {
            Some(d) => (d.snippet, d.reason),
            None => (None, None),
        };
        let certainty = range.as_ref().map(|(lo, hi)| {
            let inside = row.lo.as_deref().is_some_and(|l| l >= lo.as_str())
                && row.hi.as_deref().is_some_and(|h| h <= hi.as_str());
            if inside && !row.fuzzy {
                Certainty::Certain
            } else {
                Certainty::Possible
            }
        });
        let (Ok(uuid), Ok(kind)) = (Uuid::parse_str(&row.uuid), row.kind.parse::<RecordKind>())
        else {
            continue;
        };
        hits.push(Hit {
            uuid,
            kind,
            title: row.title,
            date: row.date,
            columns: row.columns,
            certainty,
            snippet,
            reason,
        });
    }
    Ok(SearchPage {
        hits,
        total: total.max(0) as u64,
        total_capped,
        next,
        notes,
    })
}

struct Row {
    id: i64,
    uuid: String,
    kind: String,
    title: String,
    date: Option<String>,
    lo: Option<String>,
    hi: Option<String>,
    fuzzy: bool,
    sort_date: String,
    rank: f64,
    columns: Vec<String>,
}

#[derive(Clone, Copy)]
enum Order {
    KindRank,
    Rank,
    Newest,
    Oldest,
    Title,
}

impl Order {
    fn order_by(self) -> &'static str {
        match self {
            Order::KindRank => {
                "CASE r.kind WHEN 'actor' THEN 0 WHEN 'meeting' THEN 1 WHEN 'statement' THEN 2
                 WHEN 'source' THEN 3 WHEN 'place' THEN 4 WHEN 'topic' THEN 5 ELSE 6 END,
                 h.rank, r.id"
            }
            Order::Rank => "h.rank, r.id",
            Order::Newest => "r.sort_date DESC, r.id DESC",
            Order::Oldest => "r.sort_date = '', r.sort_date, r.id",
            Order::Title => "r.title COLLATE NOCASE, r.id",
        }
    }

    fn cursor(self, row: &Row) -> Cursor {
        let key = match self {
            Order::KindRank => SortKey::KindRank(kind_group(&row.kind), row.rank),
            Order::Rank => SortKey::Rank(row.rank),
            Order::Newest | Order::Oldest => SortKey::Text(row.sort_date.clone()),
            Order::Title => SortKey::Text(row.title.clone()),
        };
        Cursor { key, id: row.id }
    }

    /// The condition selecting rows after `cursor` in this order.
    fn after(self, cursor: &Cursor, sql: &mut Sql) -> String {
        const GROUP: &str = "(CASE r.kind WHEN 'actor' THEN 0 WHEN 'meeting' THEN 1
            WHEN 'statement' THEN 2 WHEN 'source' THEN 3 WHEN 'place' THEN 4
            WHEN 'topic' THEN 5 ELSE 6 END)";
        let id = sql.bind(cursor.id);
        match &cursor.key {
            SortKey::KindRank(group, rank) => {
                let (group, rank) = (sql.bind(*group), sql.bind(*rank));
                format!(
                    "({GROUP} > {group} OR ({GROUP} = {group}
                      AND (h.rank > {rank} OR (h.rank = {rank} AND r.id > {id}))))"
                )
            }
            SortKey::Rank(rank) => {
                let rank = sql.bind(*rank);
                format!("(h.rank > {rank} OR (h.rank = {rank} AND r.id > {id}))")
            }
            SortKey::Text(text) => {
                let key = sql.bind(text.clone());
                match self {
                    Order::Oldest => {
                        format!("(r.sort_date = '', r.sort_date, r.id) > ({key} = '', {key}, {id})")
                    }
                    Order::Title => format!(
                        "(r.title COLLATE NOCASE > {key}
                          OR (r.title COLLATE NOCASE = {key} AND r.id > {id}))"
                    ),
                    Order::Newest | Order::Rank | Order::KindRank => {
                        format!("(r.sort_date, r.id) < ({key}, {id})")
                    }
                }
            }
        }
    }
}

/// The position of a kind in grouped results (as in `Order::KindRank`).
fn kind_group(kind: &str) -> i64 {
    match kind {
        "actor" => 0,
        "meeting" => 1,
        "statement" => 2,
        "source" => 3,
        "place" => 4,
        "topic" => 5,
        _ => 6,
    }
}

/// The day bounds of a from/to filter.
fn date_range(
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Option<(String, String)>, QueryError> {
    let parse = |s: Option<&str>| -> Result<Option<PartialDate>, QueryError> {
        match s.map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => Ok(Some(PartialDate::parse(s)?)),
            None => Ok(None),
        }
    };
    let (from, to) = (parse(from)?, parse(to)?);
    if from.is_none() && to.is_none() {
        return Ok(None);
    }
    let lo = from
        .as_ref()
        .map_or(crate::model::date::EARLIEST_DAY.to_string(), |d| {
            d.bounds_iso().0
        });
    let hi = to
        .as_ref()
        .map_or(crate::model::date::LATEST_DAY.to_string(), |d| {
            d.bounds_iso().1
        });
    if lo > hi {
        return Err(QueryError::EmptyRange {
            from: from.map(|d| d.edtf()).unwrap_or_default(),
            to: to.map(|d| d.edtf()).unwrap_or_default(),
        });
    }
    Ok(Some((lo, hi)))
}

fn resolve(
    store: &Store,
    kind: RecordKind,
    name: &str,
    notes: &mut Vec<String>,
) -> Result<Vec<i64>, QueryError> {
    let ids: Vec<i64> = find_by_name(store, &[kind], name, false, 1000)?
        .into_iter()
        .map(|m| m.id)
        .collect();
    if ids.is_empty() {
        notes.push(format!(
            "no {} is named '{}'",
            kind.label().to_lowercase(),
            name.trim()
        ));
    }
    Ok(ids)
}

fn with_sub_places(store: &Store, roots: &[i64]) -> Result<Vec<i64>, QueryError> {
    let json = serde_json::to_string(roots).unwrap_or_else(|_| "[]".into());
    let mut stmt = store.conn().prepare_cached(
        "WITH RECURSIVE sub(id) AS (
             SELECT value FROM json_each(?1)
             UNION
             SELECT e.src_id FROM edge e JOIN sub ON e.dst_id = sub.id WHERE e.relation = ?2)
         SELECT id FROM sub",
    )?;
    let ids = stmt
        .query_map(rusqlite::params![json, relation::PARENT], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
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
/// snippet is cut from the body first, then other names, then the title; the reason reads
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
        let snippet = [&text.body, &text.aliases, &text.title]
            .iter()
            .find_map(|t| matcher.snippet(t, 16));
        let names = name_roles(&record);
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

/// For each of `ids`, the relation and name of every live record it refers to, in one query
/// for the page (the edges its own document made).
fn referred_names(
    store: &Store,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<(String, String)>>, QueryError> {
    let wanted = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
    let mut stmt = store.conn().prepare_cached(
        // The page's ids drive (CROSS JOIN keeps them outside): each is one probe of the
        // owner index, where an IN list let SQLite walk every edge of the file.
        "SELECT e.owner_id, e.relation, x.title
         FROM json_each(?1) j CROSS JOIN edge e ON e.owner_id = j.value
         JOIN record x ON x.id = e.dst_id
         WHERE x.deleted_at IS NULL",
    )?;
    let rows = stmt.query_map([wanted], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    for row in rows {
        let (owner, relation, title) = row?;
        out.entry(owner).or_default().push((relation, title));
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

/// A kind's stored name as SQL text: one of the vocabulary's fixed lower-case words, checked
/// to be plain letters so that it can stand in SQL as a literal.
fn kind_literal(kind: RecordKind) -> &'static str {
    let name = kind.as_str();
    if name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
        name
    } else {
        ""
    }
}
