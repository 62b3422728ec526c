//! The order of a search's hits and paging by key: the `ORDER BY` of each order, the cursor a
//! page ends at, and the condition for the rows after it (never OFFSET). Kinds group in one
//! order, written once: `RecordKind::ALL`'s.

use super::sql::Sql;
use crate::model::{RecordKind, SortOrder};
use serde::Serialize;
use std::borrow::Cow;
use std::sync::LazyLock;

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

/// What a cursor is taken from: the last row of a page.
pub(super) struct RowKey<'a> {
    pub id: i64,
    pub kind: &'a str,
    pub rank: f64,
    pub sort_date: &'a str,
    pub title: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Order {
    /// Grouped by kind, best first within each group.
    KindRank,
    Rank,
    Newest,
    Oldest,
    Title,
}

/// A kind's group in grouped results, as SQL: the kinds in `RecordKind::ALL`'s order.
static KIND_GROUP: LazyLock<String> = LazyLock::new(|| {
    let arms: String = RecordKind::ALL
        .iter()
        .enumerate()
        .map(|(i, kind)| format!(" WHEN '{}' THEN {i}", kind.as_str()))
        .collect();
    format!("(CASE r.kind{arms} ELSE {} END)", RecordKind::ALL.len())
});

/// A kind's group in grouped results (as `KIND_GROUP` counts it).
fn kind_group(kind: &str) -> i64 {
    let position = RecordKind::ALL.iter().position(|k| k.as_str() == kind);
    position.unwrap_or(RecordKind::ALL.len()) as i64
}

impl Order {
    /// The order of a search: ranked hits best first (grouped by kind when asked, unless one
    /// kind is shown), records that have no dates by name, others by date or title.
    pub fn for_search(
        order: SortOrder,
        ranked: bool,
        group_by_kind: bool,
        kinds: &[RecordKind],
        has_text: bool,
    ) -> Order {
        // Records without dates (actors, places, topics) list by name when nothing ranks them.
        let undated = !kinds.is_empty()
            && kinds
                .iter()
                .all(|k| matches!(k, RecordKind::Actor | RecordKind::Place | RecordKind::Topic));
        match (order, ranked) {
            (SortOrder::Relevance, true) if group_by_kind && kinds.len() != 1 => Order::KindRank,
            (SortOrder::Relevance, true) => Order::Rank,
            (SortOrder::Relevance, false) if undated && !has_text => Order::Title,
            (SortOrder::Relevance, false) | (SortOrder::Newest, _) => Order::Newest,
            (SortOrder::Oldest, _) => Order::Oldest,
            (SortOrder::Title, _) => Order::Title,
        }
    }

    /// Whether rows read in this order straight from the record indexes can be counted in it
    /// (a capped count then stops near where the first page is).
    pub fn walks_an_index(self) -> bool {
        matches!(self, Order::Newest | Order::Oldest | Order::Title)
    }

    pub fn order_by(self) -> Cow<'static, str> {
        match self {
            Order::KindRank => format!("{}, h.rank, r.id", *KIND_GROUP).into(),
            Order::Rank => "h.rank, r.id".into(),
            Order::Newest => "r.sort_date DESC, r.id DESC".into(),
            Order::Oldest => "r.sort_date = '', r.sort_date, r.id".into(),
            Order::Title => "r.title COLLATE NOCASE, r.id".into(),
        }
    }

    pub fn cursor(self, row: &RowKey) -> Cursor {
        let key = match self {
            Order::KindRank => SortKey::KindRank(kind_group(row.kind), row.rank),
            Order::Rank => SortKey::Rank(row.rank),
            Order::Newest | Order::Oldest => SortKey::Text(row.sort_date.to_string()),
            Order::Title => SortKey::Text(row.title.to_string()),
        };
        Cursor { key, id: row.id }
    }

    /// The condition selecting rows after `cursor` in this order.
    pub fn after(self, cursor: &Cursor, sql: &mut Sql) -> String {
        let id = sql.bind(cursor.id);
        match &cursor.key {
            SortKey::KindRank(group, rank) => {
                let (group, rank) = (sql.bind(*group), sql.bind(*rank));
                let kind = &*KIND_GROUP;
                format!(
                    "({kind} > {group} OR ({kind} = {group}
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_group_in_the_vocabularys_order() {
        assert_eq!(kind_group("actor"), 0);
        assert_eq!(kind_group("link"), 6);
        assert_eq!(kind_group("anything else"), 7);
        assert!(KIND_GROUP.starts_with("(CASE r.kind WHEN 'actor' THEN 0 WHEN 'meeting' THEN 1"));
        assert!(KIND_GROUP.ends_with("WHEN 'link' THEN 6 ELSE 7 END)"));
    }
}
