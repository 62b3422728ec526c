//! How a search's text is matched, chosen by how many records it matches, so that every
//! keystroke does bounded work at any size of file:
//!
//! - **Ranked**: up to `RANK_ALL` records match (counted with a capped scan of the index):
//!   every hit is ranked with bm25 and counted in the same pass.
//! - **Names**: a word is only begun with one letter (`a*`): the full-text index has no
//!   1-letter prefix index, so the names of actors, places, topics and sources answer, the
//!   best `NAME_CANDIDATES` of them ranked.
//! - **Bounded**: more match and nothing but kinds filters them: the best names (from the name
//!   index) and the newest `NEWEST_CANDIDATES` text hits are ranked.
//!
//! Totals are counted separately and exactly up to `EXACT_UP_TO` ("10,000+" beyond).
//! - **Probe**: more match and a filter or a date order selects: the filters and the order's
//!   index drive, and each row is checked against the index (`rowid =` with `MATCH`).
//!
//! Export (`exhaustive`) always ranks every hit.

use super::error::QueryError;
use super::parse::{Term, fts_expression, has_short_prefix, names_expression};
use super::sql::Sql;
use crate::store::Store;

/// Totals are exact up to this many matches; beyond, a search says "10,000+".
pub const EXACT_UP_TO: u64 = 10_000;
/// Up to this many matches, every hit is ranked (bm25 and the join to its row: ~2 µs each).
const RANK_ALL: u64 = 2_000;
/// How many of the newest text hits are ranked when a text matches more.
const NEWEST_CANDIDATES: usize = 1_000;
/// How many name matches are ranked with them.
const NAME_CANDIDATES: usize = 500;
/// Name matches rank before text matches in the bounded plan (bm25 scores are small
/// negative numbers; lower is better).
const NAME_BOOST: f64 = 100.0;

/// The text part of a search's SQL.
pub(super) struct TextMatch {
    /// `WITH h AS MATERIALIZED (…)`, the ranked hits, or empty.
    pub with: String,
    /// `JOIN h ON h.id = r.id`, or empty.
    pub join: String,
    /// A condition on `r` instead of a join (the probe plan).
    pub condition: Option<String>,
    /// Whether `h.rank` exists.
    pub ranked: bool,
    /// Whether the joined hits are all the hits (their count is the exact total).
    pub complete: bool,
    /// When they are not: `FROM … WHERE … MATCH ?n AND`, joining every hit to `r`, for the
    /// capped count.
    pub count_from: Option<String>,
}

/// Chooses the plan for `terms` and binds its parameters into `sql`. `narrowed` says a filter
/// other than kinds, statement kinds or the Trash applies; `by_relevance` that the results are
/// ranked, not sorted by date or title.
pub(super) fn text_match(
    store: &Store,
    terms: &[Term],
    sql: &mut Sql,
    narrowed: bool,
    by_relevance: bool,
    exhaustive: bool,
) -> Result<Option<TextMatch>, QueryError> {
    let Some(expr) = fts_expression(terms) else {
        return Ok(None);
    };
    if has_short_prefix(terms) && !exhaustive {
        let Some(names) = names_expression(terms) else {
            return Ok(None);
        };
        let names = sql.bind(names);
        return Ok(Some(TextMatch {
            with: format!(
                "WITH h AS MATERIALIZED (
                     SELECT rowid AS id, bm25(name_fts, 10.0, 8.0, 6.0) AS rank
                     FROM name_fts WHERE name_fts MATCH {names}
                     ORDER BY rank LIMIT {NAME_CANDIDATES})"
            ),
            join: "JOIN h ON h.id = r.id".into(),
            condition: None,
            ranked: true,
            complete: false,
            count_from: Some(format!(
                "FROM name_fts JOIN record r ON r.id = name_fts.rowid
                 WHERE name_fts MATCH {names} AND"
            )),
        }));
    }
    let many = !exhaustive && matches_more_than(store, &expr, RANK_ALL)?;
    // The name expression is bound before the text's: the count, which uses only the text's,
    // then still uses the highest number bound before the filters (SQLite counts parameters
    // by the highest number used).
    let names = match (many && !narrowed && by_relevance, names_expression(terms)) {
        (true, Some(names)) => Some(sql.bind(names)),
        _ => None,
    };
    let expr = sql.bind(expr);
    let count_from = Some(format!(
        "FROM fts JOIN record r ON r.id = fts.rowid WHERE fts MATCH {expr} AND"
    ));
    if !many {
        return Ok(Some(TextMatch {
            with: format!(
                "WITH h AS MATERIALIZED (
                     SELECT rowid AS id, bm25(fts, 10.0, 8.0, 1.0, 6.0, 0.5) AS rank
                     FROM fts WHERE fts MATCH {expr})"
            ),
            join: "JOIN h ON h.id = r.id".into(),
            condition: None,
            ranked: true,
            complete: true,
            count_from: None,
        }));
    }
    if narrowed || !by_relevance {
        return Ok(Some(TextMatch {
            with: String::new(),
            join: String::new(),
            condition: Some(format!(
                "EXISTS (SELECT 1 FROM fts WHERE fts MATCH {expr} AND fts.rowid = r.id)"
            )),
            ranked: false,
            complete: false,
            count_from: None,
        }));
    }
    let name_hits = match names {
        Some(names) => {
            format!(
                "SELECT * FROM (SELECT rowid AS id, bm25(name_fts, 10.0, 8.0, 6.0) - {NAME_BOOST} AS rank
                                FROM name_fts WHERE name_fts MATCH {names}
                                ORDER BY rank LIMIT {NAME_CANDIDATES})
                 UNION ALL "
            )
        }
        None => String::new(),
    };
    Ok(Some(TextMatch {
        with: format!(
            "WITH h AS MATERIALIZED (
                 SELECT id, min(rank) AS rank FROM (
                     {name_hits}
                     SELECT * FROM (SELECT rowid AS id, bm25(fts, 10.0, 8.0, 1.0, 6.0, 0.5) AS rank
                                    FROM fts WHERE fts MATCH {expr}
                                    ORDER BY rowid DESC LIMIT {NEWEST_CANDIDATES}))
                 GROUP BY id)"
        ),
        join: "JOIN h ON h.id = r.id".into(),
        condition: None,
        ranked: true,
        complete: false,
        count_from,
    }))
}

/// Whether more than `bound` records match `expr`, reading at most `bound + 1` index entries.
fn matches_more_than(store: &Store, expr: &str, bound: u64) -> Result<bool, QueryError> {
    let n: i64 = store
        .conn()
        .prepare_cached("SELECT count(*) FROM (SELECT rowid FROM fts WHERE fts MATCH ?1 LIMIT ?2)")?
        .query_row(rusqlite::params![expr, bound as i64 + 1], |r| r.get(0))?;
    Ok(n as u64 > bound)
}
