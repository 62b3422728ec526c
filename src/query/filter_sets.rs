//! The records a filter on actors, places, topics or sources admits, as a set of ids computed
//! before the search runs. Several filters intersect; a small set then drives the query (each
//! of its rows is read and sorted), where an `IN` subquery left SQLite to walk the whole date
//! index and probe it (a busy actor's statements: linear in the file).

use super::error::QueryError;
use crate::model::record::relation;
use crate::store::Store;
use rusqlite::params;

/// Up to this many admitted records, the set drives the query. A larger set (a busy actor's
/// hundred thousand references) stays an SQL condition: the list's index is walked and each
/// row probed, which finds a dense set's first page at once.
pub const DRIVE_UP_TO: usize = 20_000;

/// References to or from `ids` (with one of `relations`, or any when empty): an upper bound of
/// the set a filter admits, counted in the edge indexes before the set is built.
pub fn references(
    store: &Store,
    ids: &[i64],
    relations: &[&str],
    both_ways: bool,
) -> Result<usize, QueryError> {
    let rels = serde_json::to_string(relations).unwrap_or_else(|_| "[]".into());
    let to: i64 = store
        .conn()
        .prepare_cached(
            "SELECT count(*) FROM edge WHERE dst_id IN (SELECT value FROM json_each(?1))
               AND (?2 = '[]' OR relation IN (SELECT value FROM json_each(?2)))",
        )?
        .query_row(params![ids_json(ids), rels], |r| r.get(0))?;
    let from: i64 = if both_ways {
        store
            .conn()
            .prepare_cached(
                "SELECT count(*) FROM edge WHERE src_id IN (SELECT value FROM json_each(?1))",
            )?
            .query_row([ids_json(ids)], |r| r.get(0))?
    } else {
        0
    };
    Ok((to + from).max(0) as usize + ids.len())
}

fn ids_json(ids: &[i64]) -> String {
    serde_json::to_string(ids).unwrap_or_else(|_| "[]".into())
}

fn collect(
    store: &Store,
    sql: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<i64>, QueryError> {
    let mut ids: Vec<i64> = store
        .conn()
        .prepare_cached(sql)?
        .query_map(params, |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// The actors themselves, what refers to them, and what they link to.
pub fn around_actors(store: &Store, actors: &[i64]) -> Result<Vec<i64>, QueryError> {
    collect(
        store,
        "SELECT value FROM json_each(?1)
         UNION SELECT e.src_id FROM edge e WHERE e.dst_id IN (SELECT value FROM json_each(?1))
         UNION SELECT e.dst_id FROM edge e WHERE e.src_id IN (SELECT value FROM json_each(?1))",
        [ids_json(actors)],
    )
}

/// The places themselves, what refers to them, and (when statements are wanted) statements
/// at meetings held there.
pub fn at_places(
    store: &Store,
    places: &[i64],
    statements_wanted: bool,
) -> Result<Vec<i64>, QueryError> {
    let direct = "SELECT value FROM json_each(?1)
         UNION SELECT e.src_id FROM edge e WHERE e.dst_id IN (SELECT value FROM json_each(?1))";
    if statements_wanted {
        collect(
            store,
            &format!(
                "{direct}
                 UNION SELECT e1.src_id FROM edge e2 JOIN edge e1 ON e1.dst_id = e2.src_id
                 WHERE e2.relation = ?2 AND e2.dst_id IN (SELECT value FROM json_each(?1))
                   AND e1.relation = ?3"
            ),
            params![ids_json(places), relation::PLACE, relation::MEETING],
        )
    } else {
        collect(store, direct, [ids_json(places)])
    }
}

/// The topics themselves and what is tagged with them.
pub fn on_topics(store: &Store, topics: &[i64]) -> Result<Vec<i64>, QueryError> {
    collect(
        store,
        "SELECT value FROM json_each(?1)
         UNION SELECT e.src_id FROM edge e
               WHERE e.dst_id IN (SELECT value FROM json_each(?1)) AND e.relation = ?2",
        params![ids_json(topics), relation::TOPIC],
    )
}

/// The sources themselves and what cites them or was passed on through them.
pub fn from_sources(store: &Store, sources: &[i64]) -> Result<Vec<i64>, QueryError> {
    collect(
        store,
        "SELECT value FROM json_each(?1)
         UNION SELECT e.src_id FROM edge e
               WHERE e.dst_id IN (SELECT value FROM json_each(?1)) AND e.relation IN (?2, ?3)",
        params![ids_json(sources), relation::CITES, relation::VIA],
    )
}

/// The ids in both sorted sets (`None` is every record).
pub fn intersect(so_far: Option<Vec<i64>>, next: Vec<i64>) -> Vec<i64> {
    let Some(so_far) = so_far else {
        return next;
    };
    let (mut a, mut b) = (so_far.into_iter().peekable(), next.into_iter().peekable());
    let mut out = Vec::new();
    while let (Some(x), Some(y)) = (a.peek().copied(), b.peek().copied()) {
        match x.cmp(&y) {
            std::cmp::Ordering::Less => {
                a.next();
            }
            std::cmp::Ordering::Greater => {
                b.next();
            }
            std::cmp::Ordering::Equal => {
                out.push(x);
                a.next();
                b.next();
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::intersect;

    #[test]
    fn intersects_sorted_sets() {
        assert_eq!(intersect(None, vec![1, 3, 5]), [1, 3, 5]);
        assert_eq!(intersect(Some(vec![1, 3, 5, 7]), vec![2, 3, 7, 9]), [3, 7]);
        assert!(intersect(Some(vec![1]), vec![2]).is_empty());
    }
}
