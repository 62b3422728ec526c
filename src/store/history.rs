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
}

impl Batch {
    /// A batch for a user's change: it can be undone, and it ends any redo.
    pub(super) fn edit(conn: &Connection) -> Result<Batch> {
        conn.prepare_cached("UPDATE change_log SET state = 'dropped' WHERE state = 'undone'")?
            .execute([])?;
        Ok(Batch {
            id: next_batch(conn)?,
            state: "done",
        })
    }

    /// A batch written by undo or redo: recorded, but not itself undoable.
    pub(super) fn meta(conn: &Connection) -> Result<Batch> {
        Ok(Batch {
            id: next_batch(conn)?,
            state: "meta",
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
    Ok(())
}

/// The record's state after log line `line` (as JSON): the `before` of the record's next line,
/// or its stored document when no line follows; `None` after a purge (and for a file whose
/// old lines stored it, the stored value).
pub(super) fn state_after(
    conn: &Connection,
    line: i64,
    uuid: &str,
    action: &str,
    stored: Option<String>,
) -> Result<Option<String>> {
    if stored.is_some() || action == "purge" {
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

impl Store {
    /// Every logged change of one record, oldest first.
    pub fn history(&self, uuid: Uuid) -> Result<Vec<ChangeEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, kind, action, at, before, after FROM change_log
             WHERE record_uuid = ?1 ORDER BY id",
        )?;
        let rows = stmt
            .query_map([uuid.to_string()], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let parse = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
        let key = uuid.to_string();
        let mut entries = Vec::with_capacity(rows.len());
        for (id, kind, action, at, before, after) in rows {
            let after = state_after(&self.conn, id, &key, &action, after)?;
            entries.push(ChangeEntry {
                id,
                record: uuid,
                kind,
                action,
                at,
                before: parse(before),
                after: parse(after),
            });
        }
        Ok(entries)
    }
}
