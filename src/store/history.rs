//! The change log: one line per change to a record, with the record before it as JSON (the
//! state after it is derived: see `state_after`).
//! It is what history views and undo stand on.

use super::Store;
use super::error::Result;
use crate::model::Record;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use uuid::Uuid;

/// One logged change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeEntry {
    pub id: i64,
    pub record: Uuid,
    pub kind: String,
    /// create, update, delete, restore, purge or import.
    pub action: String,
    pub at: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// The change-log batch of one transaction: every line it writes shares the number.
#[derive(Debug, Clone, Copy)]
pub(super) struct Batch {
    id: i64,
    state: &'static str,
    /// The file is a team's working copy and this batch is a change made here: each record
    /// it changes goes to the outbox in the same transaction (never a change pulled from the
    /// team, which the server has already).
    share: bool,
}

impl Batch {
    /// A batch for a user's change: it can be undone, and it ends any redo.
    pub(super) fn edit(conn: &Connection) -> Result<Batch> {
        conn.prepare_cached("UPDATE change_log SET state = 'dropped' WHERE state = 'undone'")?
            .execute([])?;
        Ok(Batch {
            id: next_batch(conn)?,
            state: "done",
            share: super::team::is_linked(conn)?,
        })
    }

    /// A batch written by undo or redo: recorded, but not itself undoable.
    pub(super) fn meta(conn: &Connection) -> Result<Batch> {
        Ok(Batch {
            id: next_batch(conn)?,
            state: "meta",
            share: super::team::is_linked(conn)?,
        })
    }

    /// The team's copy of a record taken by the user for a conflict: undoable like an edit,
    /// but not sent (the server has it).
    pub(super) fn taken(conn: &Connection) -> Result<Batch> {
        conn.prepare_cached("UPDATE change_log SET state = 'dropped' WHERE state = 'undone'")?
            .execute([])?;
        Ok(Batch {
            id: next_batch(conn)?,
            state: "done",
            share: false,
        })
    }

    /// Whether the records this batch changes go to the team's outbox.
    pub(super) fn shares(&self) -> bool {
        self.share
    }

    /// A batch of changes pulled from the team's server: recorded (History shows them), never
    /// undone from here, never sent back.
    pub(super) fn pulled(conn: &Connection) -> Result<Batch> {
        Ok(Batch {
            id: next_batch(conn)?,
            state: "pulled",
            share: false,
        })
    }
}

/// A new batch number: the next log line's id. Ids only grow, and every earlier batch is at
/// most the id of its own first line, so batches grow too. `max(id)` is the rowid: O(1),
/// where `max(batch)` scanned the whole log (40 ms per write at 1.2M lines).
fn next_batch(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT coalesce(max(id), 0) + 1 FROM change_log")?
        .query_row([], |r| r.get(0))?)
}

/// Logs one change: the record's state before it (`None` when the change created the
/// record). The state after is not stored: it is the next line's `before` for the same record,
/// or the record as it is now (`state_after`), except after a purge, when there is none.
pub(super) fn log_change(
    conn: &Connection,
    batch: Batch,
    record: &Record,
    action: &str,
    before: Option<&Record>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO change_log (record_uuid, kind, action, at, before, batch, state)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        record.uuid().to_string(),
        record.kind().as_str(),
        action,
        jiff::Timestamp::now().to_string(),
        before.map(|r| r.to_json().to_string()),
        batch.id,
        batch.state,
    ])?;
    if batch.share {
        super::team::to_outbox(conn, record.uuid(), record.kind().as_str())?;
    }
    Ok(())
}

/// Logs a judgement given (`judge`: the line's `after` holds it) or withdrawn (`withdraw`: its
/// `before` does), so that undo and redo take it back or give it again. `label` names the
/// records for the Undo menu.
pub(super) fn log_judgement(
    conn: &Connection,
    batch: Batch,
    judgement: &crate::model::judgement::Judgement,
    action: &str,
    label: &str,
) -> Result<()> {
    let state = serde_json::json!({ "judgement": judgement, "label": label }).to_string();
    let (before, after) = if action == "judge" {
        (None, Some(state))
    } else {
        (Some(state), None)
    };
    conn.prepare_cached(
        "INSERT INTO change_log (record_uuid, kind, action, at, before, after, batch, state)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        judgement.uuid.to_string(),
        JUDGEMENT_LINE,
        action,
        jiff::Timestamp::now().to_string(),
        before,
        after,
        batch.id,
        batch.state,
    ])?;
    if batch.share {
        super::team::to_outbox(conn, judgement.uuid, JUDGEMENT_LINE)?;
    }
    Ok(())
}

/// The `kind` of a change-log line about a judgement rather than a record.
pub(super) const JUDGEMENT_LINE: &str = "judgement";

/// The record's state after log line `line` (as JSON): the `before` of the record's next line,
/// or its stored document when no line follows; `None` after a purge (and for a file whose
/// old lines stored it, the stored value).
fn state_after(
    conn: &Connection,
    line: i64,
    uuid: &str,
    action: &str,
    stored: Option<String>,
) -> Result<Option<String>> {
    if stored.is_some() || action == "purge" || action == "withdraw" {
        return Ok(stored);
    }
    let next: Option<Option<String>> = conn
        .prepare_cached(
            "SELECT before FROM change_log WHERE record_uuid = ?1 AND id > ?2
             ORDER BY id LIMIT 1",
        )?
        .query_row(params![uuid, line], |r| r.get(0))
        .optional()?;
    match next {
        Some(Some(before)) => Ok(Some(before)),
        // The next line created the record again: it did not exist in between (a purge
        // always comes first, so this is only reached by damaged logs).
        Some(None) => Ok(None),
        None => Ok(conn
            .prepare_cached(
                "SELECT d.data FROM record r JOIN record_doc d ON d.id = r.id WHERE r.uuid = ?1",
            )?
            .query_row([uuid], |r| r.get(0))
            .optional()?),
    }
}

/// One change-log line as stored, with its after-state derived (`state_after`).
pub(super) struct LogLine {
    pub id: i64,
    pub uuid: String,
    pub kind: String,
    pub action: String,
    pub at: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Which lines to read: one record's, one batch's, or a single line.
pub(super) enum LinesOf<'a> {
    Record(&'a str),
    Batch(i64),
    Line(i64),
}

/// Change-log lines read since the program started: what [`change_log_rows_read`] reports, so
/// that a test can tell that naming the Undo item does not read a whole import.
static ROWS_READ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Counts `n` change-log rows read.
pub(super) fn count_rows_read(n: u64) {
    ROWS_READ.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
}

/// How many change-log rows this process has read (the lines of records and batches, and the
/// rows counted to name a batch).
#[cfg(feature = "test-support")]
pub fn change_log_rows_read() -> u64 {
    ROWS_READ.load(std::sync::atomic::Ordering::Relaxed)
}

/// The lines of a record or a batch, oldest first.
pub(super) fn log_lines(conn: &Connection, of: LinesOf<'_>) -> Result<Vec<LogLine>> {
    let (sql, key): (&str, rusqlite::types::Value) = match of {
        LinesOf::Record(uuid) => (
            "SELECT id, record_uuid, kind, action, at, before, after FROM change_log
             WHERE record_uuid = ?1 ORDER BY id",
            uuid.to_string().into(),
        ),
        LinesOf::Batch(batch) => (
            "SELECT id, record_uuid, kind, action, at, before, after FROM change_log
             WHERE batch = ?1 ORDER BY id",
            batch.into(),
        ),
        LinesOf::Line(id) => (
            "SELECT id, record_uuid, kind, action, at, before, after FROM change_log
             WHERE id = ?1",
            id.into(),
        ),
    };
    let rows = conn
        .prepare_cached(sql)?
        .query_map([key], |r| {
            Ok(LogLine {
                id: r.get(0)?,
                uuid: r.get(1)?,
                kind: r.get(2)?,
                action: r.get(3)?,
                at: r.get(4)?,
                before: r.get(5)?,
                after: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    count_rows_read(rows.len() as u64);
    let mut lines = Vec::with_capacity(rows.len());
    for mut line in rows {
        line.after = state_after(conn, line.id, &line.uuid, &line.action, line.after.take())?;
        lines.push(line);
    }
    Ok(lines)
}

impl Store {
    /// Every logged change of one record, oldest first.
    pub fn history(&self, uuid: Uuid) -> Result<Vec<ChangeEntry>> {
        let parse = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
        let key = uuid.to_string();
        Ok(log_lines(&self.conn, LinesOf::Record(&key))?
            .into_iter()
            .map(|line| ChangeEntry {
                id: line.id,
                record: uuid,
                kind: line.kind,
                action: line.action,
                at: line.at,
                before: parse(line.before),
                after: parse(line.after),
            })
            .collect())
    }
}
