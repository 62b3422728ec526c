//! Running a search: text and filters combined into one parameterised statement, ranked or
//! sorted, paginated by key (never OFFSET), with the total count and a snippet per hit.

use super::error::QueryError;
use super::names::find_by_name;
use super::parse::{fts_expression, last_as_prefix, parse_terms};
use crate::model::record::relation;
use crate::model::{PartialDate, RecordKind, Reliability, SearchSpec, SortOrder};
use crate::store::Store;
use rusqlite::types::Value;
use serde::Serialize;
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
}

impl SearchRequest {
    pub fn new(spec: SearchSpec) -> Self {
        SearchRequest {
            spec,
            limit: 50,
            after: None,
            prefix_last: false,
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

/// Matched text around the search words: `(text, is_match)` pieces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snippet(pub Vec<(String, bool)>);

impl Snippet {
    /// The snippet with matches in brackets, for plain-text output.
    pub fn bracketed(&self) -> String {
        self.0
            .iter()
            .map(|(t, hit)| if *hit { format!("[{t}]") } else { t.clone() })
            .collect()
    }
}

/// One result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub uuid: Uuid,
    pub kind: RecordKind,
    pub title: String,
    /// The record's date as stored (EDTF).
    pub date: Option<String>,
    /// Set when the search has a date range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certainty: Option<Certainty>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<Snippet>,
}

/// A page of hits, the total, and where the next page starts.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchPage {
    pub hits: Vec<Hit>,
    pub total: u64,
    pub next: Option<Cursor>,
    /// Why a filter matched nothing ("no actor is named 'X'"), for the user.
    pub notes: Vec<String>,
}

const MARK_START: char = '\u{2}';
const MARK_END: char = '\u{3}';

/// Builds SQL text from fixed fragments; every value is bound.
#[derive(Default)]
struct Sql {
    conditions: Vec<String>,
    params: Vec<Value>,
}

impl Sql {
    fn bind(&mut self, value: impl Into<Value>) -> String {
        self.params.push(value.into());
        format!("?{}", self.params.len())
    }

    fn bind_ids(&mut self, ids: &[i64]) -> String {
        let json = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
        format!("(SELECT value FROM json_each({}))", self.bind(json))
    }

    fn bind_texts(&mut self, texts: &[&str]) -> String {
        let json = serde_json::to_string(texts).unwrap_or_else(|_| "[]".into());
        format!("(SELECT value FROM json_each({}))", self.bind(json))
    }
}

/// Runs one page of a search.
pub fn search(store: &Store, request: &SearchRequest) -> Result<SearchPage, QueryError> {
    let spec = &request.spec;
    let filters = &spec.filters;
    let mut sql = Sql::default();
    let mut notes = Vec::new();

    let terms = parse_terms(&spec.text);
    let terms = if request.prefix_last {
        last_as_prefix(terms)
    } else {
        terms
    };
    let fts = fts_expression(&terms);
    let hits_join = match &fts {
        Some(expr) => format!(
            "JOIN (SELECT rowid AS id, bm25(fts, 10.0, 8.0, 1.0, 6.0, 0.5) AS rank
                   FROM fts WHERE fts MATCH {}) h ON h.id = r.id",
            sql.bind(expr.clone())
        ),
        None => String::new(),
    };

    sql.conditions.push(if filters.trash {
        "r.deleted_at IS NOT NULL".into()
    } else {
        "r.deleted_at IS NULL".into()
    });
    let mut kinds: Vec<RecordKind> = filters.kinds.clone();
    if !filters.statement_kinds.is_empty() && kinds.is_empty() {
        kinds.push(RecordKind::Statement);
    }
    if !kinds.is_empty() {
        let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
        let set = sql.bind_texts(&names);
        sql.conditions.push(format!("r.kind IN {set}"));
    }

    let range = date_range(filters.from.as_deref(), filters.to.as_deref())?;
    if let Some((lo, hi)) = &range {
        let (lo, hi) = (sql.bind(lo.clone()), sql.bind(hi.clone()));
        sql.conditions.push(format!(
            "r.date_lo IS NOT NULL AND r.date_lo <= {hi} AND r.date_hi >= {lo}"
        ));
    }

    let mut unresolved = false;
    for actor in &filters.actors {
        let ids = resolve(store, RecordKind::Actor, actor, &mut notes)?;
        unresolved |= ids.is_empty();
        let set = sql.bind_ids(&ids);
        sql.conditions.push(format!(
            "(r.id IN {set}
              OR EXISTS (SELECT 1 FROM edge e WHERE e.src_id = r.id AND e.dst_id IN {set})
              OR EXISTS (SELECT 1 FROM edge e WHERE e.dst_id = r.id AND e.src_id IN {set}))"
        ));
    }
    if let Some(place) = &filters.place {
        let roots = resolve(store, RecordKind::Place, place, &mut notes)?;
        unresolved |= roots.is_empty();
        let places = with_sub_places(store, &roots)?;
        let set = sql.bind_ids(&places);
        let (at, located) = (
            sql.bind(relation::MEETING.to_string()),
            sql.bind(relation::PLACE.to_string()),
        );
        sql.conditions.push(format!(
            "(r.id IN {set}
              OR EXISTS (SELECT 1 FROM edge e WHERE e.src_id = r.id AND e.dst_id IN {set})
              OR EXISTS (SELECT 1 FROM edge e1 JOIN edge e2 ON e2.src_id = e1.dst_id
                         WHERE e1.src_id = r.id AND e1.relation = {at}
                           AND e2.relation = {located} AND e2.dst_id IN {set}))"
        ));
    }
    for topic in &filters.topics {
        let ids = resolve(store, RecordKind::Topic, topic, &mut notes)?;
        unresolved |= ids.is_empty();
        let set = sql.bind_ids(&ids);
        let rel = sql.bind(relation::TOPIC.to_string());
        sql.conditions.push(format!(
            "(r.id IN {set} OR EXISTS (SELECT 1 FROM edge e
               WHERE e.src_id = r.id AND e.relation = {rel} AND e.dst_id IN {set}))"
        ));
    }
    if let Some(source) = &filters.source {
        let ids = resolve(store, RecordKind::Source, source, &mut notes)?;
        unresolved |= ids.is_empty();
        let set = sql.bind_ids(&ids);
        let rels = sql.bind_texts(&[relation::CITES, relation::VIA]);
        sql.conditions.push(format!(
            "(r.id IN {set} OR EXISTS (SELECT 1 FROM edge e
               WHERE e.src_id = r.id AND e.relation IN {rels} AND e.dst_id IN {set}))"
        ));
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
            next: None,
            notes,
        });
    }

    let order = match (spec.order, fts.is_some()) {
        (SortOrder::Relevance, true) => Order::Rank,
        (SortOrder::Relevance, false) | (SortOrder::Newest, _) => Order::Newest,
        (SortOrder::Oldest, _) => Order::Oldest,
        (SortOrder::Title, _) => Order::Title,
    };
    let where_all = sql.conditions.join(" AND ");
    let total: i64 = {
        let count_sql = format!("SELECT count(*) FROM record r {hits_join} WHERE {where_all}");
        store
            .conn()
            .prepare(&count_sql)?
            .query_row(rusqlite::params_from_iter(sql.params.iter()), |r| r.get(0))?
    };

    let mut page_conditions = where_all.clone();
    if let Some(cursor) = &request.after {
        page_conditions.push_str(" AND ");
        page_conditions.push_str(&order.after(cursor, &mut sql));
    }
    let rank = if fts.is_some() { "h.rank" } else { "0.0" };
    let limit = request.limit.max(1);
    let page_sql = format!(
        "SELECT r.id, r.uuid, r.kind, r.title, r.date_edtf, r.date_lo, r.date_hi, r.date_fuzzy,
                r.sort_date, {rank}
         FROM record r {hits_join}
         WHERE {page_conditions}
         ORDER BY {}
         LIMIT {}",
        order.order_by(),
        limit + 1
    );
    let mut stmt = store.conn().prepare(&page_sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(sql.params.iter()), |r| {
        Ok(Row {
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
        })
    })?;
    let mut rows: Vec<Row> = rows.collect::<rusqlite::Result<_>>()?;
    let next = if rows.len() > limit {
        rows.truncate(limit);
        rows.last().map(|last| order.cursor(last))
    } else {
        None
    };

    let mut hits = Vec::with_capacity(rows.len());
    for row in rows {
        let snippet = match &fts {
            Some(expr) => snippet(store, expr, row.id)?,
            None => None,
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
            certainty,
            snippet,
        });
    }
    Ok(SearchPage {
        hits,
        total: total.max(0) as u64,
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
}

#[derive(Clone, Copy)]
enum Order {
    Rank,
    Newest,
    Oldest,
    Title,
}

impl Order {
    fn order_by(self) -> &'static str {
        match self {
            Order::Rank => "h.rank, r.id",
            Order::Newest => "r.sort_date DESC, r.id DESC",
            Order::Oldest => "r.sort_date = '', r.sort_date, r.id",
            Order::Title => "r.title COLLATE NOCASE, r.id",
        }
    }

    fn cursor(self, row: &Row) -> Cursor {
        let key = match self {
            Order::Rank => SortKey::Rank(row.rank),
            Order::Newest | Order::Oldest => SortKey::Text(row.sort_date.clone()),
            Order::Title => SortKey::Text(row.title.clone()),
        };
        Cursor { key, id: row.id }
    }

    /// The condition selecting rows after `cursor` in this order.
    fn after(self, cursor: &Cursor, sql: &mut Sql) -> String {
        let id = sql.bind(cursor.id);
        let key = match &cursor.key {
            SortKey::Rank(rank) => sql.bind(*rank),
            SortKey::Text(text) => sql.bind(text.clone()),
        };
        match self {
            Order::Rank => format!("(h.rank > {key} OR (h.rank = {key} AND r.id > {id}))"),
            Order::Newest => format!("(r.sort_date, r.id) < ({key}, {id})"),
            Order::Oldest => {
                format!("(r.sort_date = '', r.sort_date, r.id) > ({key} = '', {key}, {id})")
            }
            Order::Title => format!(
                "(r.title COLLATE NOCASE > {key} OR (r.title COLLATE NOCASE = {key} AND r.id > {id}))"
            ),
        }
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

/// The best snippet of a hit: from its text, its other names or its title.
fn snippet(store: &Store, expr: &str, id: i64) -> Result<Option<Snippet>, QueryError> {
    let sql = format!(
        "SELECT snippet(fts, 2, '{MARK_START}', '{MARK_END}', '…', 14),
                snippet(fts, 1, '{MARK_START}', '{MARK_END}', '…', 14),
                snippet(fts, 0, '{MARK_START}', '{MARK_END}', '…', 14)
         FROM fts WHERE fts MATCH ?1 AND rowid = ?2"
    );
    let candidates: Option<(String, String, String)> = store
        .conn()
        .prepare_cached(&sql)?
        .query_row(rusqlite::params![expr, id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .ok();
    let Some((body, aliases, title)) = candidates else {
        return Ok(None);
    };
    Ok([body, aliases, title]
        .into_iter()
        .find(|s| s.contains(MARK_START))
        .map(|s| split_marks(&s)))
}

fn split_marks(text: &str) -> Snippet {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut in_match = false;
    for c in text.chars() {
        if c == MARK_START || c == MARK_END {
            if !current.is_empty() {
                parts.push((std::mem::take(&mut current), in_match));
            }
            in_match = c == MARK_START;
        } else if c == '\n' {
            current.push(' ');
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        parts.push((current, in_match));
    }
    Snippet(parts)
}
