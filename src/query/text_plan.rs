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
//! - **Read**: more match, a filter or a date order selects, and every match was read by the
//!   capped pass: those ids drive, each row read once and checked against the filters.
//! - **Probe**: more than `EXACT_UP_TO` match and a filter or a date order selects: the filters
//!   and the order's index drive, and each row is checked against the index (`rowid =` with
//!   `MATCH`).
//!
//! Totals are counted separately and exactly up to `EXACT_UP_TO` ("10,000+" beyond).
//!
//! Ranking uses bm25 over the terms that match at most `RANKED_TERM_UP_TO` records: bm25 walks
//! the whole index entry of every phrase it ranks with (to count the records holding it), so a
//! stop-word in a million records cost ~100 ms at each keystroke, and such a word weighs next
//! to nothing in bm25 anyway. When every term is that common, the newest hits come first.
//!
//! Export (`exhaustive`) always ranks every hit.

use super::error::QueryError;
use super::parse::{Term, fts_expression, has_short_prefix, names_expression, term_expressions};
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
/// Terms matching more records than this are left out of the ranking (each is counted with a
/// scan capped just past it).
const RANKED_TERM_UP_TO: i64 = 5_000;
/// The bm25 of the full-text index: title, names, text, keys, context.
const BM25: &str = "bm25(fts, 10.0, 8.0, 1.0, 6.0, 0.5)";
/// Name matches rank before text matches in the bounded plan (bm25 scores are small
/// negative numbers; lower is better).
const NAME_BOOST: f64 = 100.0;

/// The text part of a search's SQL.
pub(super) struct TextMatch {
    /// `WITH h AS MATERIALIZED (…)`, the ranked hits, or empty.
    pub with: String,
    /// Whether the ranked hits `h` drive the query, each joined to its row (left to itself,
    /// SQLite walked every live record and probed the hits, linear in the size of the file);
    /// if not, the query reads the records and `condition` probes the index.
    pub drives: bool,
    /// A condition on `r` instead of a join (the probe plan).
    pub condition: Option<String>,
    /// Whether `h.rank` exists.
    pub ranked: bool,
    /// Whether the joined hits are all the hits (their count is the exact total).
    pub complete: bool,
    /// When they are not: `FROM … WHERE … MATCH ?n AND`, joining every hit to `r`, for the
    /// capped count.
    pub count_from: Option<String>,
    /// The index and expression of that count, for counting live records without joining
    /// (`live_total`).
    pub counted: Option<Counted>,
}

/// What a count of live matches needs: the index, the expression, and the capped count of
/// its matches with the number of records in the Trash, if already known.
pub(super) struct Counted {
    pub index: &'static str,
    pub expr: String,
    pub hits: Option<(i64, i64)>,
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
    variants: bool,
) -> Result<Option<TextMatch>, QueryError> {
    let Some(expr) = fts_expression(terms, variants) else {
        return Ok(None);
    };
    if has_short_prefix(terms) && !exhaustive {
        let Some(names) = names_expression(terms, variants) else {
            return Ok(None);
        };
        let counted = Some(Counted {
            index: "name_fts",
            expr: names.clone(),
            hits: None,
        });
        let names = sql.bind(names);
        return Ok(Some(TextMatch {
            with: format!("WITH h AS MATERIALIZED ({})", best_names(&names, 0.0)),
            drives: true,
            condition: None,
            ranked: true,
            complete: false,
            count_from: Some(format!(
                "FROM name_fts JOIN record r ON r.id = name_fts.rowid
                 WHERE name_fts MATCH {names} AND"
            )),
            counted,
        }));
    }
    // One capped pass over the index, newest first, says which plan fits and, with the Trash's
    // matches taken off, is the total of an unfiltered search; its first ids are the hits to
    // rank (each pass over a word start merges every matching word's entries: at 300,000
    // statements a common word's start cost ~20 ms a pass).
    let (newest, trashed) = if exhaustive {
        (Vec::new(), 0)
    } else {
        let trashed = trashed_records(store)?;
        (
            newest_ids(store, &expr, EXACT_UP_TO as i64 + 1 + trashed)?,
            trashed,
        )
    };
    let hits = newest.len() as i64;
    let many = hits as u64 > RANK_ALL;
    // Every match was read (at most `EXACT_UP_TO` and the Trash's): the ids can drive a
    // filtered or date-ordered search, each read once, instead of the index being probed for
    // each row a filter or an order walks (a common word, a busy actor and a date window:
    // 255 ms at 300,000 statements).
    let all_read = !exhaustive && hits < EXACT_UP_TO as i64 + 1 + trashed;
    // The name expression is bound before the text's: the count, which uses only the text's,
    // then still uses the highest number bound before the filters (SQLite counts parameters
    // by the highest number used).
    let names = match (
        many && !narrowed && by_relevance,
        names_expression(terms, variants),
    ) {
        (true, Some(names)) => Some(sql.bind(names)),
        _ => None,
    };
    let counted = Some(Counted {
        index: "fts",
        expr: expr.clone(),
        hits: Some((hits, trashed)),
    });
    // Bound before the text, like the names, for the same reason; only a plan that ranks
    // reads it.
    let ranks = !many || (by_relevance && (!narrowed || all_read));
    let ranking = if ranks && !exhaustive {
        match ranking_expression(store, terms, variants, (&expr, hits))? {
            Some(ranking) if ranking == expr => Ranking::AllTerms,
            Some(ranking) => Ranking::Some(sql.bind(ranking)),
            None => Ranking::Newest,
        }
    } else {
        Ranking::AllTerms
    };
    // The hits to rank when they are not read again from the index: the first `n` read.
    let candidates = |n: usize| ids_literal(&newest[..newest.len().min(n)]);
    let expr = sql.bind(expr);
    let count_from = Some(format!(
        "FROM fts JOIN record r ON r.id = fts.rowid WHERE fts MATCH {expr} AND"
    ));
    if !many {
        let (ranked_by, hits) = ranked_hits(&expr, &ranking, &candidates(RANK_ALL as usize), "");
        return Ok(Some(TextMatch {
            with: format!("WITH {ranked_by} h AS MATERIALIZED ({hits})"),
            drives: true,
            condition: None,
            ranked: true,
            complete: true,
            count_from: None,
            counted: None,
        }));
    }
    if (narrowed || !by_relevance) && all_read {
        // In a date or title order the rank is not read: the ids alone.
        let unranked = Ranking::Newest;
        let ranking = if by_relevance { &ranking } else { &unranked };
        let (ranked_by, hits) = ranked_hits(&expr, ranking, &candidates(newest.len()), "");
        return Ok(Some(TextMatch {
            with: format!("WITH {ranked_by} h AS MATERIALIZED ({hits})"),
            drives: true,
            condition: None,
            ranked: by_relevance,
            complete: true,
            count_from: None,
            counted: None,
        }));
    }
    if narrowed || !by_relevance {
        return Ok(Some(TextMatch {
            with: String::new(),
            drives: false,
            condition: Some(format!(
                "EXISTS (SELECT 1 FROM fts WHERE fts MATCH {expr} AND fts.rowid = r.id)"
            )),
            ranked: false,
            complete: false,
            count_from: None,
            counted: None,
        }));
    }
    let name_hits = match names {
        Some(names) => format!(
            "SELECT * FROM ({}) UNION ALL ",
            best_names(&names, NAME_BOOST)
        ),
        None => String::new(),
    };
    let (ranked_by, text_hits) = ranked_hits(
        &expr,
        &ranking,
        &candidates(NEWEST_CANDIDATES),
        &format!("ORDER BY rowid DESC LIMIT {NEWEST_CANDIDATES}"),
    );
    Ok(Some(TextMatch {
        with: format!(
            "WITH {ranked_by} h AS MATERIALIZED (
                 SELECT id, min(rank) AS rank FROM (
                     {name_hits}
                     SELECT * FROM ({text_hits}))
                 GROUP BY id)"
        ),
        drives: true,
        condition: None,
        ranked: true,
        complete: false,
        count_from,
        counted,
    }))
}

/// What the text's hits are ranked by.
enum Ranking {
    /// bm25 over every term (all are rare enough).
    AllTerms,
    /// bm25 over the expression bound at this placeholder: the rarer terms only.
    Some(String),
    /// No term is rare enough: the newest first.
    Newest,
}

/// The rarer terms of `terms` (those matching at most `RANKED_TERM_UP_TO` records) as one
/// expression, or `None` when every term is common. `known` is an expression already counted
/// (exactly past `RANKED_TERM_UP_TO`): a term that is the whole text is not counted again.
fn ranking_expression(
    store: &Store,
    terms: &[Term],
    variants: bool,
    known: (&str, i64),
) -> Result<Option<String>, QueryError> {
    let mut rare = Vec::new();
    for expr in term_expressions(terms, variants) {
        let hits = if expr == known.0 {
            known.1
        } else {
            capped_count(store, "fts", &expr, RANKED_TERM_UP_TO + 1)?
        };
        if hits <= RANKED_TERM_UP_TO {
            rare.push(expr);
        }
    }
    Ok((!rare.is_empty()).then(|| rare.join(" AND ")))
}

/// Ids as a JSON array literal for `json_each` (integers this program read: nothing to quote).
fn ids_literal(ids: &[i64]) -> String {
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    format!("'[{}]'", list.join(","))
}

/// The text's hits with their rank: a `k AS MATERIALIZED (…),` clause to put before `h` (or
/// nothing), and the hits' SELECT. With every term ranked, the index is read again (`expr`
/// bound, `tail` an ORDER BY … LIMIT for the newest); else the `candidates` already read
/// (an ids literal) are ranked by the rarer terms' bm25, computed once in `k` over their hits,
/// or listed newest first.
fn ranked_hits(expr: &str, ranking: &Ranking, candidates: &str, tail: &str) -> (String, String) {
    // The text's parameter is named even where its hits are not read again: a statement is
    // given every parameter bound so far, and SQLite counts them by the highest number used.
    let uses_expr = format!("{expr} IS NOT NULL");
    match ranking {
        Ranking::AllTerms => (
            String::new(),
            format!("SELECT rowid AS id, {BM25} AS rank FROM fts WHERE fts MATCH {expr} {tail}"),
        ),
        Ranking::Some(ranking) => (
            format!(
                "k AS MATERIALIZED (SELECT rowid AS id, {BM25} AS rank
                                    FROM fts WHERE fts MATCH {ranking}),"
            ),
            format!(
                "SELECT m.value AS id, coalesce(k.rank, 0.0) AS rank
                 FROM json_each({candidates}) m LEFT JOIN k ON k.id = m.value
                 WHERE {uses_expr}"
            ),
        ),
        // Ties are listed oldest first: a rank falling with the id lists the newest first.
        Ranking::Newest => (
            String::new(),
            format!(
                "SELECT value AS id, -1e-9 * value AS rank FROM json_each({candidates})
                 WHERE {uses_expr}"
            ),
        ),
    }
}

/// The best `NAME_CANDIDATES` name matches among the newest `NEWEST_CANDIDATES` (by bm25,
/// less `boost`): bounded whatever the number of names a letter or two match.
fn best_names(names: &str, boost: f64) -> String {
    format!(
        "SELECT id, rank FROM (
             SELECT rowid AS id, bm25(name_fts, 10.0, 8.0, 6.0) - {boost} AS rank
             FROM name_fts WHERE name_fts MATCH {names}
             ORDER BY rowid DESC LIMIT {NEWEST_CANDIDATES})
         ORDER BY rank LIMIT {NAME_CANDIDATES}"
    )
}

/// Live records matching in the index, exactly up to `EXACT_UP_TO` (+1 when more), without
/// joining the hits to their rows: the index's capped count less the matches in the Trash,
/// each probed. `None` when the Trash is too full for probing to pay.
pub(super) fn live_total(store: &Store, counted: &Counted) -> Result<Option<i64>, QueryError> {
    const PROBE_TRASH_UP_TO: i64 = 1_000;
    let index = counted.index;
    let expr = counted.expr.as_str();
    let (all, trashed) = match counted.hits {
        Some(known) => known,
        None => {
            let trashed = trashed_records(store)?;
            (
                capped_count(store, index, expr, EXACT_UP_TO as i64 + 1 + trashed)?,
                trashed,
            )
        }
    };
    if trashed > PROBE_TRASH_UP_TO {
        return Ok(None);
    }
    let in_trash: i64 = if trashed == 0 {
        0
    } else {
        let index = if index == "name_fts" {
            "name_fts"
        } else {
            "fts"
        };
        store
            .conn()
            .prepare_cached(&format!(
                "SELECT count(*) FROM record r WHERE r.deleted_at IS NOT NULL
                   AND EXISTS (SELECT 1 FROM {index} WHERE {index} MATCH ?1 AND {index}.rowid = r.id)"
            ))?
            .query_row([expr], |r| r.get(0))?
    };
    Ok(Some((all - in_trash).min(EXACT_UP_TO as i64 + 1)))
}

/// Records in the Trash (from the maintained counters).
fn trashed_records(store: &Store) -> Result<i64, QueryError> {
    Ok(store
        .conn()
        .prepare_cached("SELECT coalesce(sum(n), 0) FROM record_count WHERE trashed = 1")?
        .query_row([], |r| r.get(0))?)
}

/// The ids matching `expr` in the full-text index, newest first, at most `bound` of them.
fn newest_ids(store: &Store, expr: &str, bound: i64) -> Result<Vec<i64>, QueryError> {
    Ok(store
        .conn()
        .prepare_cached("SELECT rowid FROM fts WHERE fts MATCH ?1 ORDER BY rowid DESC LIMIT ?2")?
        .query_map(rusqlite::params![expr, bound], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Matches of `expr` in `index`, reading at most `bound` index entries.
fn capped_count(store: &Store, index: &str, expr: &str, bound: i64) -> Result<i64, QueryError> {
    let index = if index == "name_fts" {
        "name_fts"
    } else {
        "fts"
    };
    Ok(store
        .conn()
        .prepare_cached(&format!(
            "SELECT count(*) FROM (SELECT rowid FROM {index} WHERE {index} MATCH ?1 LIMIT ?2)"
        ))?
        .query_row(rusqlite::params![expr, bound], |r| r.get(0))?)
}
