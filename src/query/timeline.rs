//! The records a timeline draws: every dated record the current search and filters select
//! (up to `TIMELINE_LIMIT`), each with its date read as a span of days, sorted by start, and
//! indexed a lane per kind so that drawing does not grow with their number.

use super::{QueryError, all_matching};
use crate::model::timeline::{Lane, Span};
use crate::model::{PartialDate, RecordKind, SearchSpec};
use crate::store::Store;
use uuid::Uuid;

/// The most records a timeline loads; beyond, it says it shows the first this many.
pub const TIMELINE_LIMIT: usize = 250_000;

/// One dated record on the timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineItem {
    pub uuid: Uuid,
    pub kind: RecordKind,
    pub title: String,
    pub date: PartialDate,
    pub span: Span,
}

/// What a timeline shows for one search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TimelineData {
    /// Dated records, by start day.
    pub items: Vec<TimelineItem>,
    /// Records the search selects that have no date (or an interval open at both ends).
    pub undated: usize,
    /// More records matched than `TIMELINE_LIMIT`: only the first were read.
    pub truncated: bool,
    /// A lane per kind present (in `RecordKind::ALL` order), indexing `items`.
    pub lanes: Vec<Lane>,
}

/// The dated records `spec` selects, Trash excepted (as the list shows them).
pub fn timeline(store: &Store, spec: &SearchSpec) -> Result<TimelineData, QueryError> {
    let mut uuids = all_matching(store, spec)?;
    let truncated = uuids.len() > TIMELINE_LIMIT;
    uuids.truncate(TIMELINE_LIMIT);
    let rows = store.dates_of(&uuids)?;
    let mut items = Vec::with_capacity(rows.len());
    for (uuid, kind, title, edtf) in rows {
        // A stored date that no longer parses is left out, not fatal.
        let Ok(date) = PartialDate::parse(&edtf) else {
            continue;
        };
        let Some(span) = Span::of(&date) else {
            continue;
        };
        items.push(TimelineItem {
            uuid,
            kind,
            title,
            date,
            span,
        });
    }
    items.sort_by(|a, b| {
        a.span
            .start
            .total_cmp(&b.span.start)
            .then(a.uuid.cmp(&b.uuid))
    });
    let lanes = RecordKind::ALL
        .iter()
        .map(|kind| {
            Lane::new(
                *kind,
                items
                    .iter()
                    .enumerate()
                    .filter(|(_, i)| i.kind == *kind)
                    .map(|(n, i)| (n, i.span)),
            )
        })
        .filter(|lane| !lane.is_empty())
        .collect();
    Ok(TimelineData {
        undated: uuids.len() - items.len(),
        items,
        truncated,
        lanes,
    })
}
