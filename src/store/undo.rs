//! Undo and redo through the change log, so that they survive a restart. Each user change is
//! one batch of log lines; undo writes every line's `before` state back (newest line first),
//! redo writes the `after` states again. What undo and redo write is logged too, as `meta`
//! lines that are themselves neither undone nor redone.

use super::Store;
use super::error::{Result, StoreError};
use super::history::{Batch, JUDGEMENT_LINE, LinesOf, count_rows_read, log_change, log_lines};
use super::write::{later_than, load, purge_row, put_row, refresh_derived};
use crate::model::record::{grouped, truncate};
use crate::model::{Record, RecordKind};
use rusqlite::{OptionalExtension, Transaction};
use uuid::Uuid;

/// What an undo or redo did.
#[derive(Debug, Clone, PartialEq)]
pub struct UndoStep {
    /// "update of actor 'Sergey Lavrov'", "import of 42 records".
    pub label: String,
    pub records: Vec<Uuid>,
}

struct Line {
    uuid: Uuid,
    /// The record's kind; `None` for a line about a judgement (`uuid` is the judgement's).
    kind: Option<RecordKind>,
    action: String,
    before: Option<String>,
    after: Option<String>,
}

#[derive(Clone, Copy, PartialEq)]
enum Direction {
    Undo,
    Redo,
}

impl Store {
    /// What Undo would undo, if anything.
    pub fn undo_label(&self) -> Result<Option<String>> {
        self.peek(Direction::Undo)
    }

    /// What Redo would redo, if anything.
    pub fn redo_label(&self) -> Result<Option<String>> {
        self.peek(Direction::Redo)
    }

    /// Undoes the latest change still done.
    pub fn undo(&mut self) -> Result<Option<UndoStep>> {
        self.step(Direction::Undo)
    }

    /// Redoes the change undone last.
    pub fn redo(&mut self) -> Result<Option<UndoStep>> {
        self.step(Direction::Redo)
    }

    fn peek(&self, direction: Direction) -> Result<Option<String>> {
        match next_batch(&self.conn, direction)? {
            Some(batch) => Ok(Some(batch_label(&self.conn, batch, direction)?)),
            None => Ok(None),
        }
    }

    fn step(&mut self, direction: Direction) -> Result<Option<UndoStep>> {
        let tx = self.write_transaction()?;
        let Some(batch) = next_batch(&tx, direction)? else {
            return Ok(None);
        };
        let mut lines = lines(&tx, LinesOf::Batch(batch))?;
        let label = label(&lines);
        if direction == Direction::Undo {
            lines.reverse();
        }
        let meta = Batch::meta(&tx)?;
        let mut records = Vec::new();
        for line in &lines {
            let target = match direction {
                Direction::Undo => &line.before,
                Direction::Redo => &line.after,
            };
            apply(&tx, meta, line, target.as_deref(), direction)?;
            // A judgement's uuid names no record to open.
            if line.kind.is_some() && !records.contains(&line.uuid) {
                records.push(line.uuid);
            }
        }
        let state = match direction {
            Direction::Undo => "undone",
            Direction::Redo => "done",
        };
        tx.execute(
            "UPDATE change_log SET state = ?1 WHERE batch = ?2",
            rusqlite::params![state, batch],
        )?;
        tx.commit()?;
        Ok(Some(UndoStep { label, records }))
    }
}

fn next_batch(conn: &rusqlite::Connection, direction: Direction) -> Result<Option<i64>> {
    let sql = match direction {
        Direction::Undo => "SELECT max(batch) FROM change_log WHERE state = 'done'",
        Direction::Redo => "SELECT min(batch) FROM change_log WHERE state = 'undone'",
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row([], |r| r.get::<_, Option<i64>>(0))
        .optional()?
        .flatten())
}

/// At most this many of a batch's records are counted to name it: a larger batch (an import of
/// a million records) is named "import of more than 10,000 records", so that naming the Undo
/// item, which the window does as it opens and after every change, reads a bounded number of
/// log lines whatever the last change was.
pub const COUNTED_RECORDS: i64 = 10_000;

/// The label of `batch` (as [`label`] makes it from all its lines), read in bounded work: the
/// batch's first two record lines without their states, then either that one line whole or a
/// count of the batch's records capped at [`COUNTED_RECORDS`]. A batch of judgements alone (a
/// merge, a separation, an answer of the review: a few lines) is read whole.
fn batch_label(conn: &rusqlite::Connection, batch: i64, direction: Direction) -> Result<String> {
    let state = match direction {
        Direction::Undo => "done",
        Direction::Redo => "undone",
    };
    let head: Vec<(i64, String)> = conn
        .prepare_cached(
            "SELECT id, action FROM change_log
             WHERE state = ?1 AND batch = ?2 AND kind <> ?3 ORDER BY id LIMIT 2",
        )?
        .query_map(rusqlite::params![state, batch, JUDGEMENT_LINE], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    count_rows_read(head.len() as u64);
    match head.as_slice() {
        [] => Ok(label(&lines(conn, LinesOf::Batch(batch))?)),
        [(id, _)] => Ok(label(&lines(conn, LinesOf::Line(*id))?)),
        [(_, action), ..] => {
            let records: i64 = conn
                .prepare_cached(
                    "SELECT count(*) FROM (SELECT DISTINCT record_uuid FROM change_log
                     WHERE state = ?1 AND batch = ?2 AND kind <> ?3 LIMIT ?4)",
                )?
                .query_row(
                    rusqlite::params![state, batch, JUDGEMENT_LINE, COUNTED_RECORDS + 1],
                    |r| r.get(0),
                )?;
            count_rows_read(records as u64);
            Ok(if records > COUNTED_RECORDS {
                format!(
                    "{action} of more than {} records",
                    grouped(COUNTED_RECORDS as u64)
                )
            } else {
                format!("{action} of {records} records")
            })
        }
    }
}

fn lines(conn: &rusqlite::Connection, of: LinesOf<'_>) -> Result<Vec<Line>> {
    let mut out = Vec::new();
    for line in log_lines(conn, of)? {
        let bad = |reason: String| StoreError::BadRecord {
            uuid: line.uuid.clone(),
            reason,
        };
        out.push(Line {
            uuid: Uuid::parse_str(&line.uuid).map_err(|e| bad(e.to_string()))?,
            kind: if line.kind == JUDGEMENT_LINE {
                None
            } else {
                Some(
                    line.kind
                        .parse()
                        .map_err(|e: crate::model::vocab::UnknownValue| bad(e.to_string()))?,
                )
            },
            action: line.action,
            before: line.before,
            after: line.after,
        });
    }
    Ok(out)
}

fn label(lines: &[Line]) -> String {
    // A merge, a separation or an answer of the duplicate review.
    if lines.iter().all(|l| l.kind.is_none())
        && let Some(line) = lines.last()
    {
        return judgement_label(lines, line);
    }
    // Judgements noted with records (a near name, when a record was created) go unnamed.
    let records: Vec<&Line> = lines.iter().filter(|l| l.kind.is_some()).collect();
    match records.as_slice() {
        [] => "nothing".into(),
        [line] => {
            let state = line.after.as_deref().or(line.before.as_deref());
            let name = state
                .and_then(|json| serde_json::from_str(json).ok())
                .zip(line.kind)
                .and_then(|(value, kind)| Record::from_json(kind, value).ok())
                .map(|r| truncate(r.name(), 40))
                .unwrap_or_default();
            format!(
                "{} of {} '{}'",
                line.action,
                line.kind
                    .map(|k| k.label().to_lowercase())
                    .unwrap_or_default(),
                name
            )
        }
        [first, ..] => {
            let mut uuids: Vec<Uuid> = records.iter().map(|l| l.uuid).collect();
            uuids.sort();
            uuids.dedup();
            format!("{} of {} records", first.action, uuids.len())
        }
    }
}

/// "merge of 'Sergey Lavrov' and 'Сергей Лавров'", "separation of …", "'not the same' of …".
fn judgement_label(lines: &[Line], line: &Line) -> String {
    let state = line.after.as_deref().or(line.before.as_deref());
    let value: Option<serde_json::Value> = state.and_then(|json| serde_json::from_str(json).ok());
    let names = value
        .as_ref()
        .and_then(|v| v.get("label"))
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string();
    let verdict = value
        .as_ref()
        .and_then(|v| v.pointer("/judgement/verdict"))
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    let given = lines
        .iter()
        .any(|l| l.kind.is_none() && l.action == "judge");
    let what = match (given, verdict) {
        (true, "same") => "merge",
        (true, "different") => "'not the same'",
        (true, _) => "'not sure'",
        (false, _) => "separation",
    };
    format!("{what} of {names}")
}

/// Puts one record into the state a log line recorded (`None`: the record did not exist).
fn apply(
    tx: &Transaction,
    meta: Batch,
    line: &Line,
    target: Option<&str>,
    direction: Direction,
) -> Result<()> {
    let Some(kind) = line.kind else {
        // A judgement: given again when the target state has it, withdrawn when not.
        super::merge::set_live(tx, line.uuid, target.is_some())?;
        if meta.shares() {
            super::team::to_outbox(tx, line.uuid, super::team::JUDGEMENT_KIND)?;
        }
        return Ok(());
    };
    let current = load(tx, line.uuid)?;
    let action = match direction {
        Direction::Undo => "undo",
        Direction::Redo => "redo",
    };
    match (target, current) {
        (None, None) => Ok(()),
        (None, Some((id, record))) => purge_row(tx, meta, id, &record),
        (Some(json), current) => {
            let value = serde_json::from_str(json).map_err(|e| StoreError::BadRecord {
                uuid: line.uuid.to_string(),
                reason: e.to_string(),
            })?;
            // The record changed since the step being undone (a teammate's change pulled):
            // only the fields the step changed go back.
            let base = match direction {
                Direction::Undo => line.after.as_deref(),
                Direction::Redo => line.before.as_deref(),
            };
            let value = match (base.and_then(|b| serde_json::from_str(b).ok()), &current) {
                (Some(base), Some((_, now))) => {
                    let now = now.to_json();
                    if crate::model::three_way::changed_fields(Some(&base), &now).is_empty() {
                        value
                    } else {
                        crate::model::three_way::rebase(&base, &now, &value)
                    }
                }
                _ => value,
            };
            let mut record = Record::from_json(kind, value).map_err(|e| StoreError::BadRecord {
                uuid: line.uuid.to_string(),
                reason: e.to_string(),
            })?;
            let previous = current.as_ref().map(|(_, r)| r.meta().updated_at);
            record.meta_mut().updated_at = later_than(previous.unwrap_or(record.meta().updated_at));
            let id = put_row(tx, &record)?;
            refresh_derived(tx, id, &record)?;
            refresh_referrers(tx, id)?;
            log_change(tx, meta, &record, action, current.as_ref().map(|(_, r)| r))
        }
    }
}

/// Re-derives the records that show this one's name.
fn refresh_referrers(tx: &Transaction, id: i64) -> Result<()> {
    let referrers: Vec<i64> = tx
        .prepare_cached(
            "SELECT DISTINCT owner_id FROM edge
             WHERE (dst_id = ?1 OR src_id = ?1 OR dst_written = ?1 OR src_written = ?1)
               AND owner_id <> ?1",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for referrer in referrers {
        let record = super::write::load_by_id(tx, referrer)?;
        refresh_derived(tx, referrer, &record)?;
    }
    Ok(())
}
