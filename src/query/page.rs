//! Reading one page of a planned search: the rows after the cursor in the plan's order, one
//! more than asked (to know whether another page follows), with the total counted in the
//! same pass when the plan's hits are all the hits.

use super::error::QueryError;
use super::order::{Cursor, RowKey};
use super::plan::Plan;
use super::run::SearchRequest;
use crate::store::Store;

/// A row of a page, as read.
pub(super) struct Row {
    pub id: i64,
    pub uuid: String,
    pub kind: String,
    pub title: String,
    pub date: Option<String>,
    pub lo: Option<String>,
    pub hi: Option<String>,
    pub fuzzy: bool,
    pub sort_date: String,
    pub rank: f64,
    /// The list columns as stored (JSON), read when the hit is made.
    pub columns: String,
}

impl Row {
    pub fn key(&self) -> RowKey<'_> {
        RowKey {
            id: self.id,
            kind: &self.kind,
            rank: self.rank,
            sort_date: &self.sort_date,
            title: &self.title,
        }
    }
}

/// A page's rows, and where the next page starts.
pub(super) struct Page {
    pub rows: Vec<Row>,
    pub next: Option<Cursor>,
    /// The total, when it was counted with the page.
    pub counted: Option<i64>,
}

/// Reads the page `request` asks for. The plan's filter parameters stay first in its
/// `sql.params`; the cursor's are bound after them (and dropped again).
pub(super) fn read(
    store: &Store,
    plan: &mut Plan,
    request: &SearchRequest,
) -> Result<Page, QueryError> {
    let filter_params = plan.sql.params.len();
    let mut conditions = plan.where_all();
    if let Some(cursor) = &request.after {
        conditions.push_str(" AND ");
        conditions.push_str(&plan.order.after(cursor, &mut plan.sql));
    }
    // A first page of all the ranked hits counts them in the same pass (the match is the
    // costly part); other pages count separately, through the covering indexes.
    let complete = plan.text.as_ref().is_some_and(|t| t.complete);
    let count_in_page = complete && request.after.is_none();
    let rank = if plan.ranked() { "h.rank" } else { "0.0" };
    let total_column = if count_in_page {
        "count(*) OVER ()"
    } else {
        "0"
    };
    // A page holds at least one result and at most `MAX_LIMIT` (the command line refuses
    // more; nothing asked of the query may overflow it).
    let limit = request.limit.clamp(1, super::MAX_LIMIT);
    let page_sql = format!(
        "{}
         SELECT r.id, r.uuid, r.kind, r.title, r.date_edtf, r.date_lo, r.date_hi, r.date_fuzzy,
                r.sort_date, {rank}, {total_column}, r.columns
         FROM {}
         WHERE {conditions}
         ORDER BY {}
         LIMIT {}",
        plan.with_hits(),
        plan.from.sql(),
        plan.order.order_by(),
        limit + 1
    );
    explain_if_asked(store, &page_sql, &plan.sql.params)?;
    let mut stmt = store.conn().prepare_cached(&page_sql)?;
    let mut total: i64 = 0;
    let read = stmt.query_map(rusqlite::params_from_iter(plan.sql.params.iter()), |r| {
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
                columns: r.get(11)?,
            },
            r.get::<_, i64>(10)?,
        ))
    })?;
    let mut rows = Vec::new();
    for row in read {
        let (row, count) = row?;
        total = count;
        rows.push(row);
    }
    plan.sql.params.truncate(filter_params);
    let next = if rows.len() > limit {
        rows.truncate(limit);
        rows.last().map(|last| plan.order.cursor(&last.key()))
    } else {
        None
    };
    Ok(Page {
        rows,
        next,
        counted: count_in_page.then_some(total),
    })
}

/// With `CHANCERY_EXPLAIN` set in the environment, prints a page's SQL, its parameters and
/// SQLite's plan for it to stderr: for profiling a slow search (docs/PERFORMANCE.md).
fn explain_if_asked(
    store: &Store,
    sql: &str,
    params: &[rusqlite::types::Value],
) -> Result<(), QueryError> {
    if std::env::var_os("CHANCERY_EXPLAIN").is_none() {
        return Ok(());
    }
    let shown: Vec<String> = params
        .iter()
        .map(|p| format!("{p:?}").chars().take(200).collect())
        .collect();
    eprintln!("page SQL: {sql}\nparameters: {shown:?}");
    let mut explain = store.conn().prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
    let steps = explain.query_map(rusqlite::params_from_iter(params.iter()), |r| {
        r.get::<_, String>(3)
    })?;
    for step in steps {
        eprintln!("plan: {}", step?);
    }
    Ok(())
}
