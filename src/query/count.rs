//! Counting a planned search's matches, the cheapest way the plan allows: the maintained
//! counters when only kinds (or the Trash) are asked for, the text index alone for a text
//! over every live record, else a count capped past `EXACT_UP_TO` (shown as "10,000+").

use super::error::QueryError;
use super::plan::{HitsFrom, Plan};
use super::run::SearchRequest;
use super::text_plan::{EXACT_UP_TO, live_total};
use crate::store::Store;

/// The total, and whether the count stopped at `EXACT_UP_TO`. `in_page` is the total the
/// page's query counted, if it did; a request that asks for no count gets 0.
pub(super) fn count(
    store: &Store,
    plan: &Plan,
    request: &SearchRequest,
    in_page: Option<i64>,
) -> Result<(u64, bool), QueryError> {
    let filters = &request.spec.filters;
    // Only a kind (or the Trash) filtered and no text: the maintained counters hold the total.
    let only_kind = plan.text.is_none() && !filters.narrows();
    let total = if only_kind && request.count_total {
        let names: Vec<&str> = plan.kinds.iter().map(|k| k.as_str()).collect();
        let kinds_json = serde_json::to_string(&names).unwrap_or_else(|_| "[]".into());
        store
            .conn()
            .prepare_cached(
                "SELECT coalesce(sum(n), 0) FROM record_count
                 WHERE trashed = ?1 AND (?2 = '[]' OR kind IN (SELECT value FROM json_each(?2)))",
            )?
            .query_row(rusqlite::params![filters.trash, kinds_json], |r| r.get(0))?
    } else if let Some(live) = live_in_index(store, plan, request)? {
        live
    } else if let Some(total) = in_page {
        total
    } else if !request.count_total {
        0
    } else {
        store
            .conn()
            .prepare_cached(&capped_count_sql(plan))?
            .query_row(rusqlite::params_from_iter(plan.sql.params.iter()), |r| {
                r.get(0)
            })?
    };
    let total = total.max(0) as u64;
    if total > EXACT_UP_TO && !only_kind {
        return Ok((EXACT_UP_TO, true));
    }
    Ok((total, false))
}

/// Whether [`count`] would run a count of its own (a capped walk that may cost more than the
/// page), rather than read maintained counters, the text index alone or the page's count.
pub(super) fn needs_own_query(plan: &Plan, request: &SearchRequest, in_page: Option<i64>) -> bool {
    let filters = &request.spec.filters;
    let only_kind = plan.text.is_none() && !filters.narrows();
    let in_index = plan.text.as_ref().is_some_and(|t| t.counted.is_some())
        && plan.kinds.is_empty()
        && !filters.trash
        && !plan.narrowed;
    request.count_total && !only_kind && !in_index && in_page.is_none()
}

/// Live records of every kind matching a text: counted in the index alone.
fn live_in_index(
    store: &Store,
    plan: &Plan,
    request: &SearchRequest,
) -> Result<Option<i64>, QueryError> {
    let filters = &request.spec.filters;
    match plan.text.as_ref().and_then(|t| t.counted.as_ref()) {
        Some(counted)
            if request.count_total && plan.kinds.is_empty() && !filters.trash && !plan.narrowed =>
        {
            live_total(store, counted)
        }
        _ => Ok(None),
    }
}

/// The count, stopping one past `EXACT_UP_TO`.
fn capped_count_sql(plan: &Plan) -> String {
    let where_all = plan.where_all();
    let cap = EXACT_UP_TO + 1;
    match plan.text.as_ref().and_then(|t| t.count_from.as_deref()) {
        // The page ranks a part of the hits: the count joins them all, without ranking.
        Some(from) => format!("SELECT count(*) FROM (SELECT 1 {from} {where_all} LIMIT {cap})"),
        None => {
            // Rows read straight from the record indexes are counted in the list's own order:
            // a capped count then stops near where the first page is (a 2014–2016 range
            // counted upwards from the oldest date read most of a million index entries).
            let walk = if matches!(plan.from, HitsFrom::Records) && plan.order.walks_an_index() {
                format!("ORDER BY {}", plan.order.order_by())
            } else {
                String::new()
            };
            format!(
                "{} SELECT count(*) FROM (SELECT 1 FROM {} WHERE {where_all} {walk} LIMIT {cap})",
                plan.with_hits(),
                plan.from.sql(),
            )
        }
    }
}
