//! Reading records back: one record, its references and backlinks, counts, whole-file
//! listings for export, and the integrity check.

use super::Store;
use super::error::{Result, StoreError};
use super::write::{decode, load, parse_uuid};
use crate::model::record::relation;
use crate::model::{Record, RecordKind, Reliability};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// A record as lists and chips show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordRef {
    pub uuid: Uuid,
    pub kind: RecordKind,
    pub title: String,
    pub date: Option<String>,
    pub deleted: bool,
}

/// One reference seen from one of its ends.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EdgeView {
    pub relation: String,
    pub detail: String,
    /// The record at the other end.
    pub other: RecordRef,
    /// The record that makes the reference (a link record for typed links).
    pub owner: Uuid,
}

/// Backlinks sharing one relation: how many there are, and the newest loaded so far (a page
/// at a time: a busy actor has a hundred thousand).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BacklinkGroup {
    pub relation: String,
    /// All references with this relation (a reference made twice by one record, such as two
    /// participants of a meeting representing one state, counts twice here and shows once).
    pub total: usize,
    pub items: Vec<EdgeView>,
}

impl BacklinkGroup {
    /// True while more references than those loaded exist.
    pub fn has_more(&self) -> bool {
        self.items.len() < self.total
    }
}

/// Backlinks loaded per relation and per request.
pub const BACKLINK_PAGE: usize = 50;

/// How many live records of each kind, and how many in the Trash.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Counts {
    pub by_kind: BTreeMap<RecordKind, i64>,
    pub trash: i64,
    /// Records merged into another (shown as that one, counted there).
    pub merged: i64,
}

impl Counts {
    pub fn of(&self, kind: RecordKind) -> i64 {
        self.by_kind.get(&kind).copied().unwrap_or(0)
    }

    pub fn live(&self) -> i64 {
        self.by_kind.values().sum()
    }
}

/// The outcome of a full check of the file.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CheckReport {
    pub problems: Vec<String>,
    /// What could not be checked, and why (not problems of the file).
    pub notes: Vec<String>,
    pub counts: Counts,
    pub change_log_entries: i64,
    pub saved_searches: i64,
}

const EDGE_VIEW_COLUMNS: &str =
    "e.relation, e.detail, o.uuid, x.uuid, x.kind, x.title, x.date_edtf, x.deleted_at IS NOT NULL";

/// The columns of `EDGE_VIEW_COLUMNS`, in order.
struct EdgeRow {
    relation: String,
    detail: String,
    owner: String,
    other: String,
    kind: String,
    title: String,
    date: Option<String>,
    deleted: bool,
}

fn edge_view(row: EdgeRow) -> Result<EdgeView> {
    Ok(EdgeView {
        owner: parse_uuid(&row.owner)?,
        other: RecordRef {
            uuid: parse_uuid(&row.other)?,
            kind: parse_kind(&row.other, &row.kind)?,
            title: row.title,
            date: row.date,
            deleted: row.deleted,
        },
        relation: row.relation,
        detail: row.detail,
    })
}

fn edge_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<EdgeRow> {
    Ok(EdgeRow {
        relation: r.get(0)?,
        detail: r.get(1)?,
        owner: r.get(2)?,
        other: r.get(3)?,
        kind: r.get(4)?,
        title: r.get(5)?,
        date: r.get(6)?,
        deleted: r.get(7)?,
    })
}

/// A dated record as the timeline reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct DatedRow {
    pub uuid: Uuid,
    pub kind: RecordKind,
    pub title: String,
    /// The date as stored (EDTF).
    pub edtf: String,
    /// The date in the source's words ("late July"), if the record keeps them.
    pub wording: Option<String>,
}

impl Store {
    /// The record with this uuid, live or in the Trash.
    pub fn get(&self, uuid: Uuid) -> Result<Option<Record>> {
        Ok(load(&self.conn, uuid)?.map(|(_, r)| r))
    }

    /// Records by local id (the ids a search returns), skipping ids no longer stored and
    /// documents that no longer decode (a snippet is not worth an error).
    pub(crate) fn records_by_id(&self, ids: &[i64]) -> Result<Vec<(i64, Record)>> {
        let json = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.id, r.uuid, r.kind, d.data FROM record r JOIN record_doc d ON d.id = r.id
             WHERE r.id IN (SELECT value FROM json_each(?1))",
        )?;
        let rows = stmt.query_map([json], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut out = Vec::with_capacity(ids.len());
        for row in rows {
            let (id, uuid, kind, data) = row?;
            if let Ok(record) = decode(&uuid, &kind, &data) {
                out.push((id, record));
            }
        }
        Ok(out)
    }

    /// The list view of a record.
    /// Every record not in the Trash that refers to `uuid` (as speaker, participant, side,
    /// meeting, place, citation, topic or link end), each once, oldest first.
    pub fn referrers(&self, uuid: Uuid) -> Result<Vec<Uuid>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT o.uuid, o.id FROM record t
             JOIN edge e ON e.dst_id = t.id
             JOIN record o ON o.id = e.owner_id
             WHERE t.uuid = ?1 AND o.id <> t.id AND o.deleted_at IS NULL
             ORDER BY o.id",
        )?;
        let rows = stmt.query_map([uuid.to_string()], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for row in rows {
            if let Ok(u) = row?.parse() {
                out.push(u);
            }
        }
        Ok(out)
    }

    /// What refers to `uuid`, counted by kind (each referring record once), most first: the
    /// duplicate review's "12 statements, 4 meetings". Merged records' references count
    /// for the record they were merged into.
    pub fn reference_counts(&self, uuid: Uuid) -> Result<Vec<(RecordKind, i64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT o.kind, count(DISTINCT o.id) FROM record t
             JOIN edge e ON e.dst_id = t.id
             JOIN record o ON o.id = e.owner_id
             WHERE t.uuid = ?1 AND o.id <> t.id AND o.deleted_at IS NULL
             GROUP BY o.kind ORDER BY 2 DESC, 1",
        )?;
        let rows = stmt.query_map([uuid.to_string()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (kind, n) = row?;
            out.push((parse_kind("", &kind)?, n));
        }
        Ok(out)
    }

    /// The newest meeting `actor` took part in (by date, then by when it was written), with
    /// the actor's part in it: what a new participation may take as a suggestion.
    pub fn last_participation(&self, actor: Uuid) -> Result<Option<crate::model::Participant>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.id FROM record a
             JOIN edge e ON e.dst_id = a.id AND e.relation = ?2
             JOIN record m ON m.id = e.owner_id AND m.kind = 'meeting'
             WHERE a.uuid = ?1 AND m.deleted_at IS NULL
             ORDER BY m.sort_date DESC, m.id DESC LIMIT 1",
        )?;
        let id: Option<i64> = stmt
            .query_row(
                rusqlite::params![actor.to_string(), relation::PARTICIPANT],
                |r| r.get(0),
            )
            .optional()?;
        let Some(id) = id else {
            return Ok(None);
        };
        Ok(match super::write::load_by_id(&self.conn, id)? {
            Record::Meeting(m) => m.participants.into_iter().find(|p| p.actor == actor),
            _ => None,
        })
    }

    /// The state `actor` is linked to (a typed link from the actor to an actor of kind
    /// state: "Vladimir Putin — president of → Russia"), the oldest link first.
    pub fn state_of(&self, actor: Uuid) -> Result<Option<Uuid>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.uuid FROM record a
             JOIN edge f ON f.dst_id = a.id AND f.relation = ?2
             JOIN record l ON l.id = f.owner_id AND l.deleted_at IS NULL
             JOIN edge t ON t.owner_id = l.id AND t.relation = ?3
             JOIN record s ON s.id = t.dst_id AND s.kind = 'actor' AND s.subkind = 'state'
             WHERE a.uuid = ?1 AND s.deleted_at IS NULL
             ORDER BY l.id LIMIT 1",
        )?;
        let found: Option<String> = stmt
            .query_row(
                params![actor.to_string(), relation::LINK_FROM, relation::LINK_TO],
                |r| r.get(0),
            )
            .optional()?;
        Ok(found.and_then(|u| u.parse().ok()))
    }

    /// The grade most sources of `outlet` (any case) have, if any has one: what a new source
    /// of the outlet may take as a suggestion.
    pub fn usual_grade_of_outlet(&self, outlet: &str) -> Result<Option<Reliability>> {
        let outlet = outlet.trim();
        if outlet.is_empty() {
            return Ok(None);
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.grade FROM record r JOIN record_doc d ON d.id = r.id
             WHERE r.kind = 'source' AND r.deleted_at IS NULL AND r.grade IS NOT NULL
               AND lower(trim(json_extract(d.data, '$.outlet'))) = lower(?1)
             GROUP BY r.grade ORDER BY count(*) DESC, r.grade LIMIT 1",
        )?;
        let grade: Option<String> = stmt.query_row([outlet], |r| r.get(0)).optional()?;
        Ok(grade.and_then(|g| g.parse().ok()))
    }

    pub fn get_ref(&self, uuid: Uuid) -> Result<Option<RecordRef>> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT kind, title, date_edtf, deleted_at IS NOT NULL FROM record WHERE uuid = ?1",
            )?
            .query_row([uuid.to_string()], |r| {
                Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?;
        row.map(|(kind, title, date, deleted)| {
            Ok(RecordRef {
                uuid,
                kind: parse_kind(&uuid.to_string(), &kind)?,
                title,
                date,
                deleted,
            })
        })
        .transpose()
    }

    /// What the record refers to, including typed links it is the start of.
    pub fn outgoing(&self, uuid: Uuid) -> Result<Vec<EdgeView>> {
        self.edge_views(uuid, "e.src_id", "e.dst_id")
    }

    /// What refers to the record, grouped by relation: each group's count and its newest
    /// `BACKLINK_PAGE` references (newest first; `backlinks_after` loads more).
    pub fn backlinks(&self, uuid: Uuid) -> Result<Vec<BacklinkGroup>> {
        let Some(id) = super::write::row_id(&self.conn, uuid)? else {
            return Ok(Vec::new());
        };
        let counts: Vec<(String, i64)> = self
            .conn
            .prepare_cached(
                "SELECT relation, count(*) FROM edge WHERE dst_id = ?1 AND relation NOT IN (?2, ?3)
                 GROUP BY relation ORDER BY relation",
            )?
            .query_map(params![id, relation::LINK_FROM, relation::LINK_TO], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut groups = Vec::with_capacity(counts.len());
        for (relation, total) in counts {
            let items = self.backlink_page(id, &relation, None)?;
            groups.push(BacklinkGroup {
                relation,
                total: total.max(0) as usize,
                items,
            });
        }
        Ok(groups)
    }

    /// The next page of a group: references older than the group's last loaded one.
    pub fn backlinks_after(&self, uuid: Uuid, group: &BacklinkGroup) -> Result<Vec<EdgeView>> {
        let Some(id) = super::write::row_id(&self.conn, uuid)? else {
            return Ok(Vec::new());
        };
        let Some(last) = group.items.last() else {
            return Ok(Vec::new());
        };
        let Some(last_id) = super::write::row_id(&self.conn, last.other.uuid)? else {
            return Ok(Vec::new());
        };
        self.backlink_page(id, &group.relation, Some(last_id))
    }

    /// Up to `BACKLINK_PAGE` references with `relation` to record `id`, newest referrer first,
    /// from the referrer after `after` on (the index on edges serves the order).
    fn backlink_page(&self, id: i64, relation: &str, after: Option<i64>) -> Result<Vec<EdgeView>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {EDGE_VIEW_COLUMNS} FROM edge e
             JOIN record x ON x.id = e.src_id
             JOIN record o ON o.id = e.owner_id
             WHERE e.dst_id = ?1 AND e.relation = ?2 AND e.src_id < ?3
             ORDER BY e.src_id DESC
             LIMIT ?4"
        ))?;
        let rows = stmt.query_map(
            params![
                id,
                relation,
                after.unwrap_or(i64::MAX),
                BACKLINK_PAGE as i64
            ],
            edge_row,
        )?;
        let mut out: Vec<EdgeView> = Vec::new();
        for row in rows {
            let view = edge_view(row?)?;
            // Two participants of one meeting representing the same state are one reference.
            if !out.iter().any(|v| {
                v.other.uuid == view.other.uuid && v.owner == view.owner && v.detail == view.detail
            }) {
                out.push(view);
            }
        }
        Ok(out)
    }

    fn edge_views(&self, uuid: Uuid, this_end: &str, other_end: &str) -> Result<Vec<EdgeView>> {
        let sql = format!(
            "SELECT {EDGE_VIEW_COLUMNS} FROM record me
             JOIN edge e ON {this_end} = me.id
             JOIN record x ON x.id = {other_end}
             JOIN record o ON o.id = e.owner_id
             WHERE me.uuid = ?1 AND e.relation NOT IN (?2, ?3)
             ORDER BY e.relation, x.title COLLATE NOCASE, x.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![uuid.to_string(), relation::LINK_FROM, relation::LINK_TO],
            edge_row,
        )?;
        let mut out = Vec::new();
        for row in rows {
            out.push(edge_view(row?)?);
        }
        // Two participants of one meeting representing the same state are one reference.
        out.dedup_by(|a, b| {
            a.relation == b.relation
                && a.other.uuid == b.other.uuid
                && a.owner == b.owner
                && a.detail == b.detail
        });
        Ok(out)
    }

    /// Live records per kind and the size of the Trash.
    pub fn counts(&self) -> Result<Counts> {
        let mut counts = Counts::default();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT kind, trashed, n FROM record_count WHERE n > 0")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        // The state: 0 live, 1 in the Trash, 2 or 3 merged into another record.
        for row in rows {
            let (kind, state, n) = row?;
            match state {
                0 => {
                    counts.by_kind.insert(parse_kind("", &kind)?, n);
                }
                1 => counts.trash += n,
                _ => counts.merged += n,
            }
        }
        Ok(counts)
    }

    /// Live records of one kind, by title: for short lists such as the sidebar's topics.
    pub fn titles(&self, kind: RecordKind, limit: usize) -> Result<Vec<RecordRef>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT uuid, title, date_edtf FROM record
             WHERE deleted_at IS NULL AND merged_into IS NULL AND kind = ?1
             ORDER BY title COLLATE NOCASE, id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![kind.as_str(), limit as i64], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (uuid, title, date) = row?;
            out.push(RecordRef {
                uuid: parse_uuid(&uuid)?,
                kind,
                title,
                date,
                deleted: false,
            });
        }
        Ok(out)
    }

    /// Every record (with or without the Trash), by kind and uuid: a stable order.
    pub fn all_records(&self, include_trash: bool) -> Result<Vec<Record>> {
        let sql = if include_trash {
            "SELECT r.uuid, r.kind, d.data FROM record r JOIN record_doc d ON d.id = r.id
             ORDER BY r.kind, r.uuid"
        } else {
            "SELECT r.uuid, r.kind, d.data FROM record r JOIN record_doc d ON d.id = r.id
             WHERE r.deleted_at IS NULL ORDER BY r.kind, r.uuid"
        };
        self.stored_documents(sql)?
            .into_iter()
            .map(|(uuid, kind, data)| decode(&uuid, &kind, &data))
            .collect()
    }

    /// Every record of each of `kinds` in turn, Trash included, each kind in uuid order,
    /// handed to `each` one at a time from one snapshot of the file: memory holds a thousand
    /// documents at most, whatever the file's size.
    pub fn for_each_record<E: From<StoreError>>(
        &self,
        kinds: &[RecordKind],
        each: &mut dyn FnMut(Record) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let snapshot = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Deferred,
        )
        .map_err(StoreError::from)?;
        for kind in kinds {
            self.each_of_kind(*kind, each)?;
        }
        snapshot.finish().map_err(StoreError::from)?;
        Ok(())
    }

    /// The records of one kind for `for_each_record`: the order is sorted from the narrow
    /// rows; documents are then read a thousand at a time, in storage order within each.
    /// The uuid, finer kind and list title of every record of `kind` (Trash included), read
    /// from the narrow rows without decoding a document: what a streamed export needs to know
    /// of the records before it writes them.
    pub fn for_each_title(
        &self,
        kind: RecordKind,
        each: &mut dyn FnMut(Uuid, Option<&str>, &str),
    ) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT uuid, subkind, title FROM record WHERE kind = ?1")?;
        let mut rows = stmt.query([kind.as_str()])?;
        while let Some(row) = rows.next()? {
            let uuid: String = row.get(0)?;
            let subkind: Option<String> = row.get(1)?;
            let title: String = row.get(2)?;
            if let Ok(uuid) = Uuid::parse_str(&uuid) {
                each(uuid, subkind.as_deref(), &title);
            }
        }
        Ok(())
    }

    fn each_of_kind<E: From<StoreError>>(
        &self,
        kind: RecordKind,
        each: &mut dyn FnMut(Record) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let ids: Vec<i64> = self
            .conn
            .prepare_cached("SELECT id FROM record NOT INDEXED WHERE kind = ?1 ORDER BY uuid")
            .map_err(StoreError::from)?
            .query_map([kind.as_str()], |r| r.get(0))
            .map_err(StoreError::from)?
            .collect::<rusqlite::Result<_>>()
            .map_err(StoreError::from)?;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT r.id, r.uuid, d.data FROM record r JOIN record_doc d ON d.id = r.id
                 WHERE r.id IN (SELECT value FROM json_each(?1))",
            )
            .map_err(StoreError::from)?;
        for chunk in ids.chunks(1_000) {
            let wanted = serde_json::to_string(chunk).unwrap_or_else(|_| "[]".into());
            let mut found: std::collections::HashMap<i64, (String, String)> = stmt
                .query_map([wanted], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
                .map_err(StoreError::from)?
                .collect::<rusqlite::Result<_>>()
                .map_err(StoreError::from)?;
            for id in chunk {
                let Some((uuid, data)) = found.remove(id) else {
                    continue;
                };
                each(decode(&uuid, kind.as_str(), &data)?)?;
            }
        }
        Ok(())
    }

    /// Kind, list title and date (as stored, EDTF, with the source's wording if kept) of each
    /// of `uuids` that has a date, in no particular order: what the timeline draws.
    pub fn dates_of(&self, uuids: &[Uuid]) -> Result<Vec<DatedRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.uuid, r.kind, r.title, r.date_edtf, json_extract(d.data, '$.date.text')
             FROM record r LEFT JOIN record_doc d ON d.id = r.id
             WHERE r.uuid IN (SELECT value FROM json_each(?1)) AND r.date_edtf IS NOT NULL",
        )?;
        let mut out = Vec::with_capacity(uuids.len());
        for chunk in uuids.chunks(5_000) {
            let texts: Vec<String> = chunk.iter().map(Uuid::to_string).collect();
            let wanted = serde_json::to_string(&texts).unwrap_or_else(|_| "[]".into());
            let rows = stmt.query_map([wanted], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            })?;
            for row in rows {
                let (uuid, kind, title, edtf, wording) = row?;
                out.push(DatedRow {
                    uuid: parse_uuid(&uuid)?,
                    kind: parse_kind(&uuid, &kind)?,
                    title,
                    edtf,
                    wording,
                });
            }
        }
        Ok(out)
    }

    /// How many records of each kind the file holds, Trash included.
    pub fn totals_by_kind(&self) -> Result<BTreeMap<RecordKind, usize>> {
        let mut totals = BTreeMap::new();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT kind, n FROM record_count WHERE n > 0")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (kind, n) = row?;
            *totals.entry(parse_kind("", &kind)?).or_default() += n as usize;
        }
        Ok(totals)
    }

    /// Rows of (uuid, kind, data) from a query selecting exactly those columns.
    fn stored_documents(&self, sql: &str) -> Result<Vec<(String, String, String)>> {
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The names of places on a loop of parents, at any depth: a depth-first walk over the
    /// parent edges held in memory (linear; a place may have several parents once places are
    /// merged, each walked).
    fn places_inside_themselves(&self) -> Result<Vec<String>> {
        let mut parents: HashMap<i64, Vec<i64>> = HashMap::new();
        let mut read = self
            .conn
            .prepare("SELECT src_id, dst_id FROM edge WHERE relation = ?1")?;
        let mut rows = read.query([relation::PARENT])?;
        while let Some(row) = rows.next()? {
            parents.entry(row.get(0)?).or_default().push(row.get(1)?);
        }
        // 1: on the path being walked, 2: every way up from it walked.
        let mut state: HashMap<i64, u8> = HashMap::new();
        let mut looping = std::collections::BTreeSet::new();
        let starts: Vec<i64> = parents.keys().copied().collect();
        for start in starts {
            if state.contains_key(&start) {
                continue;
            }
            // The path from `start` up, each place with the index of its next parent to walk.
            let mut path: Vec<(i64, usize)> = vec![(start, 0)];
            state.insert(start, 1);
            while let Some((place, next)) = path.last().copied() {
                let up = parents.get(&place).and_then(|p| p.get(next)).copied();
                let Some(parent) = up else {
                    state.insert(place, 2);
                    path.pop();
                    continue;
                };
                if let Some(last) = path.last_mut() {
                    last.1 += 1;
                }
                match state.get(&parent) {
                    None => {
                        state.insert(parent, 1);
                        path.push((parent, 0));
                    }
                    // Back on the path: the places from there on form a loop.
                    Some(1) => {
                        let from = path.iter().position(|(p, _)| *p == parent).unwrap_or(0);
                        looping.extend(path[from..].iter().map(|(p, _)| *p));
                    }
                    _ => {}
                }
            }
        }
        let mut names = Vec::new();
        for id in looping {
            names.push(self.conn.query_row(
                "SELECT title FROM record WHERE id = ?1",
                [id],
                |r| r.get(0),
            )?);
        }
        Ok(names)
    }

    /// Checks the whole file: SQLite integrity, references, the index, and every record.
    pub fn check(&self) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        let integrity: Vec<String> = self
            .conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if integrity != ["ok"] {
            report
                .problems
                .extend(integrity.into_iter().map(|p| format!("integrity: {p}")));
        }
        let broken_refs: i64 =
            self.conn
                .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })?;
        if broken_refs > 0 {
            report
                .problems
                .push(format!("{broken_refs} broken references"));
        }
        // FTS5's integrity check is written as an insert: a read-only file cannot run it, and
        // that is no problem of the file.
        if let Some(reason) = &self.read_only {
            report.notes.push(format!(
                "the search index's own check was skipped: the file is open read-only ({reason})"
            ));
        } else if let Err(e) = self
            .conn
            .execute("INSERT INTO fts(fts) VALUES ('integrity-check')", [])
        {
            report.problems.push(format!("search index: {e}"));
        }
        if self.read_only.is_none()
            && let Err(e) = self.conn.execute(
                "INSERT INTO name_fts(name_fts) VALUES ('integrity-check')",
                [],
            )
        {
            report.problems.push(format!("name index: {e}"));
        }
        let unindexed: i64 = self.conn.query_row(
            "SELECT count(*) FROM record
             WHERE merged_into IS NULL AND id NOT IN (SELECT rowid FROM fts)",
            [],
            |r| r.get(0),
        )?;
        if unindexed > 0 {
            report
                .problems
                .push(format!("{unindexed} records missing from the search index"));
        }
        let unnamed: i64 = self.conn.query_row(
            "SELECT count(*) FROM record
             WHERE kind IN ('actor', 'place', 'topic', 'source') AND merged_into IS NULL
               AND id NOT IN (SELECT rowid FROM name_fts)",
            [],
            |r| r.get(0),
        )?;
        if unnamed > 0 {
            report
                .problems
                .push(format!("{unnamed} names missing from the name index"));
        }
        let undocumented: i64 = self.conn.query_row(
            "SELECT count(*) FROM record WHERE id NOT IN (SELECT id FROM record_doc)",
            [],
            |r| r.get(0),
        )?;
        if undocumented > 0 {
            report
                .problems
                .push(format!("{undocumented} records without their document"));
        }
        for (uuid, kind, data) in self.stored_documents(
            "SELECT r.uuid, r.kind, d.data FROM record r JOIN record_doc d ON d.id = r.id",
        )? {
            match decode(&uuid, &kind, &data) {
                Ok(record) if record.uuid().to_string() != uuid => report.problems.push(format!(
                    "record {uuid}: its data names uuid {}",
                    record.uuid()
                )),
                Ok(record) => {
                    if let Err(e) = record.validate() {
                        report.problems.push(format!("record {uuid}: {e}"));
                    }
                }
                Err(e) => report.problems.push(e.to_string()),
            }
        }
        let looping = self.places_inside_themselves()?;
        if !looping.is_empty() {
            report.problems.push(format!(
                "{} places lie inside themselves (a loop of parents), among them '{}'",
                looping.len(),
                looping[0]
            ));
        }
        report.counts = self.counts()?;
        let drift: i64 = self.conn.query_row(
            "SELECT count(*) FROM (
                 SELECT kind, (deleted_at IS NOT NULL) + 2 * (merged_into IS NOT NULL) AS trashed,
                        count(*) AS n
                 FROM record GROUP BY 1, 2
                 EXCEPT SELECT kind, trashed, n FROM record_count WHERE n > 0)",
            [],
            |r| r.get(0),
        )?;
        if drift > 0 {
            report
                .problems
                .push("the record counters disagree with the records".into());
        }
        report
            .problems
            .extend(super::merge::check_clusters(&self.conn)?);
        report.change_log_entries =
            self.conn
                .query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))?;
        report.saved_searches =
            self.conn
                .query_row("SELECT count(*) FROM saved_search", [], |r| r.get(0))?;
        Ok(report)
    }
}

pub(super) fn parse_kind(uuid: &str, kind: &str) -> Result<RecordKind> {
    kind.parse().map_err(
        |e: crate::model::vocab::UnknownValue| StoreError::BadRecord {
            uuid: uuid.to_string(),
            reason: e.to_string(),
        },
    )
}
