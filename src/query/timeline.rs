//! The records a timeline draws: every dated record the current search and filters select
//! (up to `TIMELINE_LIMIT`), each with its date read as a span of days, sorted by start, and
//! indexed a lane per kind — or a lane per chosen actor, holding the meetings they attended
//! (in person or represented), the statements they made and the links they are an end of —
//! so that drawing does not grow with their number.

use super::{QueryError, all_matching};
use crate::model::record::relation;
use crate::model::timeline::{Lane, LaneKey, Span};
use crate::model::{PartialDate, RecordKind, SearchSpec};
use crate::store::Store;
use std::collections::HashSet;
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
    /// The date in the source's words ("late July"), if the record keeps them.
    pub wording: Option<String>,
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
    /// A lane per kind present (in `RecordKind::ALL` order), or one per chosen actor (in the
    /// order chosen, even if empty), indexing `items`.
    pub lanes: Vec<Lane>,
}

/// The dated records `spec` selects, Trash excepted (as the list shows them), a lane per
/// kind, or, if `lane_actors` names any, a lane per actor (an actor no longer in the file is
/// left out).
pub fn timeline(
    store: &Store,
    spec: &SearchSpec,
    lane_actors: &[Uuid],
) -> Result<TimelineData, QueryError> {
    let mut uuids = all_matching(store, spec)?;
    let truncated = uuids.len() > TIMELINE_LIMIT;
    uuids.truncate(TIMELINE_LIMIT);
    let rows = store.dates_of(&uuids)?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        // A stored date that no longer parses is left out, not fatal.
        let Ok(date) = PartialDate::parse(&row.edtf) else {
            continue;
        };
        let Some(span) = Span::of(&date) else {
            continue;
        };
        items.push(TimelineItem {
            uuid: row.uuid,
            kind: row.kind,
            title: row.title,
            date,
            wording: row.wording,
            span,
        });
    }
    items.sort_by(|a, b| {
        a.span
            .start
            .total_cmp(&b.span.start)
            .then(a.uuid.cmp(&b.uuid))
    });
    let lanes = if lane_actors.is_empty() {
        RecordKind::ALL
            .iter()
            .map(|kind| {
                Lane::new(
                    LaneKey::Kind(*kind),
                    items
                        .iter()
                        .enumerate()
                        .filter(|(_, i)| i.kind == *kind)
                        .map(|(n, i)| (n, i.span)),
                )
            })
            .filter(|lane| !lane.is_empty())
            .collect()
    } else {
        let names = store.labels(lane_actors.iter().copied())?;
        let mut lanes = Vec::with_capacity(lane_actors.len());
        for actor in lane_actors {
            let Some(name) = names.get(actor) else {
                continue;
            };
            let theirs = records_of_actor(store, *actor)?;
            lanes.push(Lane::new(
                LaneKey::Actor {
                    uuid: *actor,
                    name: name.clone(),
                },
                items
                    .iter()
                    .enumerate()
                    .filter(|(_, i)| theirs.contains(&i.uuid))
                    .map(|(n, i)| (n, i.span)),
            ));
        }
        lanes
    };
    Ok(TimelineData {
        undated: uuids.len() - items.len(),
        items,
        truncated,
        lanes,
    })
}

/// The records an actor's lane holds: meetings they attended or were represented at,
/// statements they made, links they are an end of.
fn records_of_actor(store: &Store, actor: Uuid) -> Result<HashSet<Uuid>, QueryError> {
    let relations = serde_json::to_string(&[
        relation::PARTICIPANT,
        relation::REPRESENTS,
        relation::SPEAKER,
        relation::LINK_FROM,
        relation::LINK_TO,
    ])
    .unwrap_or_else(|_| "[]".into());
    let mut stmt = store.conn().prepare_cached(
        "SELECT DISTINCT s.uuid FROM record a
           JOIN edge e ON e.dst_id = a.id
           JOIN record s ON s.id = e.src_id
         WHERE a.uuid = ?1 AND e.relation IN (SELECT value FROM json_each(?2))",
    )?;
    let rows = stmt.query_map(rusqlite::params![actor.to_string(), relations], |r| {
        r.get::<_, String>(0)
    })?;
    let mut out = HashSet::new();
    for row in rows {
        if let Ok(uuid) = Uuid::parse_str(&row?) {
            out.insert(uuid);
        }
    }
    Ok(out)
}
