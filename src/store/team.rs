//! The local file's side of a team (issue 27): whether the file is a working copy of a
//! knowledge base shared through PostgreSQL and of which server; the outbox of records changed
//! here that the server has not accepted yet (written in the same transaction as the change,
//! by the change log); the server version each record's copy descends from; changes pulled
//! from the server, written through the import's write path; conflicts kept until the user
//! chooses. Talking to the server is `crate::team`'s work; this module only reads and writes
//! the file.

use super::Store;
use super::error::{Result, StoreError};
use super::import::{ImportCheck, ImportOptions};
use crate::model::judgement::Judgement;
use crate::model::{Record, RecordKind};
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

/// The outbox `kind` of a duplicate judgement (records use their kind's name).
pub const JUDGEMENT_KIND: &str = super::history::JUDGEMENT_LINE;

/// Where the file's team lives and how far this copy has read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamLink {
    /// The server's address, without a password (libpq's `~/.pgpass` or `PGPASSWORD` give it).
    pub address: String,
    /// The server version this copy was made at: a record with no version of its own here
    /// descends from the server's copy at or before it.
    pub copied_at: i64,
    /// The newest server version this copy has pulled.
    pub since: i64,
    /// The login role this copy writes as (the author of its changes on the server).
    pub author: String,
    /// False when the role may only read the team's knowledge base.
    pub can_write: bool,
    pub last_sync: Option<Timestamp>,
    pub offline_since: Option<Timestamp>,
    pub last_error: Option<String>,
}

/// A record (or judgement) changed here and not yet accepted by the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    pub seq: i64,
    pub uuid: Uuid,
    pub kind: String,
    /// Grows each time the record changes again while it waits: the entry leaves the outbox
    /// only if the copy the server accepted is still the latest.
    pub generation: i64,
}

/// What is sent to the server for one outbox entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    pub entry: OutboxEntry,
    /// The document as it is now; `None` when the record was removed for good here (the
    /// server then keeps its last copy, in the Trash).
    pub doc: Option<serde_json::Value>,
    pub trashed: bool,
    /// The server version this copy descends from: the server takes the change only while
    /// its own copy is at or before it.
    pub base: i64,
}

/// One change read from the server.
#[derive(Debug, Clone, PartialEq)]
pub struct Pulled {
    pub uuid: Uuid,
    pub kind: String,
    pub doc: serde_json::Value,
    pub version: i64,
    /// Who made the change, and when (UTC).
    pub author: String,
    pub at: String,
}

/// What a pull wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PullReport {
    /// Records (and judgements) written or found equal here.
    pub applied: usize,
    /// Changes held back because this copy changed the same record and has not pushed it:
    /// the push decides (taken, or a conflict).
    pub held_back: usize,
    /// Documents this version cannot read, left out (named in the log).
    pub unreadable: usize,
    /// This copy's own changes coming back from the server (nothing to write).
    pub own: usize,
    /// Changes this file refused (kept in `team_rejected` with the reason).
    pub rejected: usize,
}

impl PullReport {
    fn add(&mut self, other: PullReport) {
        self.applied += other.applied;
        self.held_back += other.held_back;
        self.unreadable += other.unreadable;
        self.own += other.own;
        self.rejected += other.rejected;
    }
}

/// Whether a failed pull failed on what a change holds (so the others can still be taken),
/// not on the file or the machine.
fn is_about_the_data(e: &StoreError) -> bool {
    match e {
        StoreError::Invalid { .. }
        | StoreError::InImport { .. }
        | StoreError::Reference { .. }
        | StoreError::BadRecord { .. }
        | StoreError::CannotJudge(_)
        | StoreError::Duplicate(_) => true,
        StoreError::Sqlite(e) => {
            e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation)
        }
        _ => false,
    }
}

/// A record both this copy and someone else changed since they last agreed: the server's
/// copy, kept until the user chooses.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamConflict {
    pub uuid: Uuid,
    pub kind: String,
    /// The server version this copy's change started from (the common ancestor).
    pub base_version: i64,
    pub theirs_version: i64,
    pub theirs: Option<serde_json::Value>,
    pub theirs_author: String,
    pub theirs_at: String,
}

/// How a conflict ends.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution {
    /// This copy's version is sent, as a change after theirs.
    KeepMine,
    /// The server's version replaces this copy's change (which stays in the change log).
    TakeTheirs,
    /// A version made of both (the conflict view's choices), saved here and sent.
    Merged(Box<Record>),
}

/// True when the file is a team's working copy.
pub(super) fn is_linked(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM team_link)")?
        .query_row([], |r| r.get(0))?)
}

/// Puts a changed record (or judgement) in the outbox, or notes that it changed again.
pub(super) fn to_outbox(conn: &Connection, uuid: Uuid, kind: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO team_outbox (uuid, kind) VALUES (?1, ?2)
         ON CONFLICT (uuid) DO UPDATE SET generation = generation + 1",
    )?
    .execute(params![uuid.to_string(), kind])?;
    Ok(())
}

/// The document the server keeps of a record: its JSON without what only an exchange with
/// another file means (`base`).
pub fn server_doc(record: &Record) -> serde_json::Value {
    let mut doc = record.to_json();
    if let Some(map) = doc.as_object_mut() {
        map.remove("base");
    }
    doc
}

fn parse_uuid(text: &str) -> Result<Uuid> {
    Uuid::parse_str(text).map_err(|e| StoreError::BadRecord {
        uuid: text.to_string(),
        reason: e.to_string(),
    })
}

fn parse_time(text: Option<String>) -> Option<Timestamp> {
    text.and_then(|t| t.parse().ok())
}

impl Store {
    /// The file's team, if it is a team's working copy.
    pub fn team_link(&self) -> Result<Option<TeamLink>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT address, copied_at, since, author, can_write, last_sync, offline_since,
                        last_error
                 FROM team_link",
            )?
            .query_row([], |r| {
                Ok(TeamLink {
                    address: r.get(0)?,
                    copied_at: r.get(1)?,
                    since: r.get(2)?,
                    author: r.get(3)?,
                    can_write: r.get(4)?,
                    last_sync: parse_time(r.get(5)?),
                    offline_since: parse_time(r.get(6)?),
                    last_error: r.get(7)?,
                })
            })
            .optional()?)
    }

    /// Makes the file a working copy of the team at `address`, made at server version
    /// `copied_at`. Refused if it is one already.
    pub fn link_team(&mut self, address: &str, copied_at: i64, author: &str) -> Result<()> {
        self.link_team_after(address, copied_at, author, None)
    }

    /// The newest change-log line: a share reads its records after it, and sends later what
    /// changed after it (`link_team_after`).
    pub fn change_mark(&self) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT coalesce(max(id), 0) FROM change_log")?
            .query_row([], |r| r.get(0))?)
    }

    /// `link_team`, putting in the outbox every record changed after change-log line `mark`
    /// (saved while the share was copying: the copy may not hold it).
    pub fn link_team_after(
        &mut self,
        address: &str,
        copied_at: i64,
        author: &str,
        mark: Option<i64>,
    ) -> Result<()> {
        let tx = self.write_transaction()?;
        if is_linked(&tx)? {
            return Err(StoreError::Team(
                "this knowledge base is already a team's working copy".into(),
            ));
        }
        tx.execute(
            "INSERT INTO team_link (id, address, copied_at, since, author, last_sync)
             VALUES (1, ?1, ?2, ?2, ?3, ?4)",
            params![address, copied_at, author, Timestamp::now().to_string()],
        )?;
        if let Some(mark) = mark {
            tx.execute(
                "INSERT INTO team_outbox (uuid, kind)
                 SELECT record_uuid, kind FROM change_log WHERE id > ?1 GROUP BY record_uuid
                 ORDER BY min(id)
                 ON CONFLICT (uuid) DO UPDATE SET generation = generation + 1",
                [mark],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Notes how the last attempt to reach the server went: `error` is `None` after a
    /// successful exchange (and the copy is up to date as of now), else why it failed (the
    /// copy is offline from the first failure on). `can_write` is what the server granted.
    pub fn note_team_contact(
        &mut self,
        error: Option<&str>,
        author: Option<&str>,
        can_write: Option<bool>,
    ) -> Result<()> {
        let tx = self.write_transaction()?;
        let now = Timestamp::now().to_string();
        match error {
            None => tx.execute(
                "UPDATE team_link SET last_sync = ?1, offline_since = NULL, last_error = NULL",
                [&now],
            )?,
            Some(error) => tx.execute(
                "UPDATE team_link SET offline_since = coalesce(offline_since, ?1),
                        last_error = ?2",
                params![now, error],
            )?,
        };
        if let Some(author) = author {
            tx.execute("UPDATE team_link SET author = ?1", [author])?;
        }
        if let Some(can_write) = can_write {
            tx.execute("UPDATE team_link SET can_write = ?1", [can_write])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// How many changes wait to be sent, and how many conflicts wait for the user.
    pub fn team_waiting(&self) -> Result<(u64, u64)> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT (SELECT count(*) FROM team_outbox), (SELECT count(*) FROM team_conflict)",
            )?
            .query_row([], |r| {
                Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64))
            })?)
    }

    /// The first `limit` outbox entries not held by a conflict, in the order first changed,
    /// with what to send for each.
    pub fn team_outgoing(&self, limit: usize) -> Result<Vec<Outgoing>> {
        let Some(link) = self.team_link()? else {
            return Ok(Vec::new());
        };
        let entries: Vec<(i64, String, String, i64, Option<i64>)> = self
            .conn
            .prepare_cached(
                "SELECT o.seq, o.uuid, o.kind, o.generation, v.version
                 FROM team_outbox o LEFT JOIN team_version v ON v.uuid = o.uuid
                 WHERE o.uuid NOT IN (SELECT uuid FROM team_conflict)
                 ORDER BY o.seq LIMIT ?1",
            )?
            .query_map([limit as i64], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::with_capacity(entries.len());
        for (seq, uuid, kind, generation, version) in entries {
            let id = parse_uuid(&uuid)?;
            let (doc, trashed) = if kind == JUDGEMENT_KIND {
                match self.judgement_by_uuid(id)? {
                    Some(j) => {
                        let trashed = j.deleted_at.is_some();
                        let doc = serde_json::to_value(&j).map_err(|e| StoreError::BadRecord {
                            uuid: uuid.clone(),
                            reason: e.to_string(),
                        })?;
                        (Some(doc), trashed)
                    }
                    None => (None, true),
                }
            } else {
                match self.get(id)? {
                    Some(record) => {
                        let trashed = record.meta().deleted_at.is_some();
                        (Some(server_doc(&record)), trashed)
                    }
                    None => (None, true),
                }
            };
            out.push(Outgoing {
                entry: OutboxEntry {
                    seq,
                    uuid: id,
                    kind,
                    generation,
                },
                doc,
                trashed,
                base: version.unwrap_or(link.copied_at),
            });
        }
        Ok(out)
    }

    /// The server took `entry` as `version`: the record now descends from it, and the entry
    /// leaves the outbox unless the record changed again meanwhile.
    pub fn team_pushed(&mut self, entry: &OutboxEntry, version: i64) -> Result<()> {
        let tx = self.write_transaction()?;
        set_version(&tx, entry.uuid, version)?;
        tx.prepare_cached("DELETE FROM team_outbox WHERE uuid = ?1 AND generation = ?2")?
            .execute(params![entry.uuid.to_string(), entry.generation])?;
        tx.commit()?;
        Ok(())
    }

    /// The server refused `entry`: someone else changed the record since this copy's base.
    /// Their copy is kept until the user chooses; the entry waits.
    pub fn note_team_conflict(&mut self, entry: &Outgoing, theirs: &Pulled) -> Result<()> {
        let tx = self.write_transaction()?;
        tx.execute(
            "INSERT OR REPLACE INTO team_conflict
                 (uuid, kind, base_version, theirs_version, theirs_doc, theirs_author, theirs_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                entry.entry.uuid.to_string(),
                entry.entry.kind,
                entry.base,
                theirs.version,
                theirs.doc.to_string(),
                theirs.author,
                theirs.at
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The conflicts waiting for the user, oldest first.
    pub fn team_conflicts(&self) -> Result<Vec<TeamConflict>> {
        let rows: Vec<ConflictRow> = self
            .conn
            .prepare_cached(
                "SELECT uuid, kind, base_version, theirs_version, theirs_doc, theirs_author,
                        theirs_at
                 FROM team_conflict ORDER BY rowid",
            )?
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(
                |(uuid, kind, base_version, theirs_version, doc, author, at)| {
                    Ok(TeamConflict {
                        uuid: parse_uuid(&uuid)?,
                        kind,
                        base_version,
                        theirs_version,
                        theirs: doc.and_then(|d| serde_json::from_str(&d).ok()),
                        theirs_author: author,
                        theirs_at: at,
                    })
                },
            )
            .collect()
    }

    /// Ends a conflict as the user chose. Keeping this copy's version (or a merged one) sends
    /// it as the change after theirs; taking theirs writes it here as a pulled change and
    /// drops the change waiting to be sent.
    pub fn resolve_team_conflict(&mut self, uuid: Uuid, resolution: Resolution) -> Result<()> {
        let conflict = self
            .team_conflicts()?
            .into_iter()
            .find(|c| c.uuid == uuid)
            .ok_or(StoreError::NotFound(uuid))?;
        match resolution {
            Resolution::KeepMine => self.rebase_on_theirs(&conflict),
            Resolution::Merged(record) => {
                self.update(*record)?;
                self.rebase_on_theirs(&conflict)
            }
            Resolution::TakeTheirs => self.take_theirs(&conflict),
        }
    }

    /// Their version replaces this copy's, exactly as the server has it (nothing to send),
    /// as a step the user can undo: Undo brings this copy's version back, and sends it.
    fn take_theirs(&mut self, conflict: &TeamConflict) -> Result<()> {
        let Some(doc) = conflict.theirs.clone() else {
            return self.rebase_on_theirs(conflict);
        };
        let pulled = Pulled {
            uuid: conflict.uuid,
            kind: conflict.kind.clone(),
            doc,
            version: conflict.theirs_version,
            author: conflict.theirs_author.clone(),
            at: conflict.theirs_at.clone(),
        };
        self.write_pulled(vec![pulled], None, true)?;
        Ok(())
    }

    /// This copy's change now descends from their version: the next push replaces it.
    fn rebase_on_theirs(&mut self, conflict: &TeamConflict) -> Result<()> {
        let tx = self.write_transaction()?;
        set_version(&tx, conflict.uuid, conflict.theirs_version)?;
        tx.execute(
            "DELETE FROM team_conflict WHERE uuid = ?1",
            [conflict.uuid.to_string()],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Writes changes read from the server (in version order) and moves `since` to
    /// `new_since`, in one transaction: records through the import's write path (edges, index
    /// and counts derived as for any import), judgements as an import's judgements. A record
    /// changed here and waiting in the outbox is held back for the push to decide.
    pub fn apply_team_changes(
        &mut self,
        changes: Vec<Pulled>,
        new_since: i64,
    ) -> Result<PullReport> {
        self.write_pulled(changes, Some(new_since), false)
    }

    fn write_pulled(
        &mut self,
        changes: Vec<Pulled>,
        new_since: Option<i64>,
        replacing_outbox: bool,
    ) -> Result<PullReport> {
        let first = self.write_pulled_once(&changes, new_since, replacing_outbox);
        let Some(since) = new_since else {
            return first;
        };
        match first {
            Err(e) if is_about_the_data(&e) => {
                // A change this file cannot take (a place moved inside itself by two people
                // at once, a document this version refuses) stops none of the others: each
                // is applied by itself, and one refused is kept with the reason.
                let mut report = PullReport::default();
                for change in &changes {
                    match self.write_pulled_once(std::slice::from_ref(change), None, false) {
                        Ok(one) => report.add(one),
                        Err(e) if is_about_the_data(&e) => {
                            self.note_rejected(change, &e.to_string())?;
                            report.rejected += 1;
                        }
                        Err(e) => return Err(e),
                    }
                }
                let tx = self.write_transaction()?;
                tx.execute("UPDATE team_link SET since = max(since, ?1)", [since])?;
                tx.commit()?;
                Ok(report)
            }
            other => other,
        }
    }

    /// Applies the changes in one transaction (see `apply_team_changes`).
    fn write_pulled_once(
        &mut self,
        changes: &[Pulled],
        new_since: Option<i64>,
        replacing_outbox: bool,
    ) -> Result<PullReport> {
        let mut report = PullReport::default();
        let mut records = Vec::new();
        let mut judgements = Vec::new();
        for change in changes {
            if change.kind == JUDGEMENT_KIND {
                match serde_json::from_value::<Judgement>(change.doc.clone()) {
                    Ok(j) => judgements.push((change, j)),
                    Err(e) => {
                        log::warn!("team: judgement {} left out: {e}", change.uuid);
                        report.unreadable += 1;
                    }
                }
                continue;
            }
            let record = change
                .kind
                .parse::<RecordKind>()
                .map_err(|_| format!("unknown kind '{}'", change.kind))
                .and_then(|kind| {
                    Record::from_json(kind, change.doc.clone()).map_err(|e| e.to_string())
                });
            match record {
                Ok(record) => records.push((change, record)),
                Err(e) => {
                    log::warn!("team: record {} left out: {e}", change.uuid);
                    report.unreadable += 1;
                }
            }
        }
        let mut check = ImportCheck::new();
        for (at, (_, record)) in records.iter().enumerate() {
            check.add(at as u64, record)?;
        }
        let plan = check.finish(self)?;
        let options = ImportOptions {
            team_pull: true,
            // Their version taken for a conflict is the user's step: it can be undone.
            team_take: replacing_outbox,
            ..ImportOptions::default()
        };
        let mut writer = self.import_writer(plan, options)?;
        // Read under the write lock: an edit saved while the pull waited for it is in the
        // outbox now, and is held back, never written over.
        let tx = writer.transaction();
        let mut waiting = std::collections::HashSet::new();
        let mut known = std::collections::HashMap::new();
        if !replacing_outbox {
            let mut in_outbox = tx.prepare_cached("SELECT 1 FROM team_outbox WHERE uuid = ?1")?;
            let mut version_here =
                tx.prepare_cached("SELECT version FROM team_version WHERE uuid = ?1")?;
            for change in changes {
                let key = change.uuid.to_string();
                if in_outbox.exists([&key])? {
                    waiting.insert(change.uuid);
                }
                if let Some(v) = version_here
                    .query_row([&key], |r| r.get::<_, i64>(0))
                    .optional()?
                {
                    known.insert(change.uuid, v);
                }
            }
        }
        // This copy's own change coming back (or one it has already): nothing to write, and a
        // record removed here for good stays removed.
        let already = |change: &Pulled| {
            known
                .get(&change.uuid)
                .is_some_and(|v| *v >= change.version)
        };
        let mut versions = Vec::new();
        let mut newer_theirs = Vec::new();
        for (change, record) in records {
            if waiting.contains(&change.uuid) {
                report.held_back += 1;
                // A conflict waiting for the user shows their newest version: the pull moves
                // past this change, so it is kept there or nowhere.
                newer_theirs.push(change);
            } else if already(change) {
                report.own += 1;
            } else {
                writer.add(record)?;
                versions.push((change.uuid, change.version));
                report.applied += 1;
            }
        }
        let mut taken = Vec::new();
        for (change, judgement) in judgements {
            if waiting.contains(&change.uuid) {
                report.held_back += 1;
            } else if already(change) {
                report.own += 1;
            } else {
                taken.push(judgement);
                versions.push((change.uuid, change.version));
                report.applied += 1;
            }
        }
        writer.add_judgements(taken);
        let tx = writer.transaction();
        for (uuid, version) in &versions {
            set_version(tx, *uuid, *version)?;
            if replacing_outbox {
                tx.prepare_cached("DELETE FROM team_outbox WHERE uuid = ?1")?
                    .execute([uuid.to_string()])?;
                tx.prepare_cached("DELETE FROM team_conflict WHERE uuid = ?1")?
                    .execute([uuid.to_string()])?;
            }
        }
        for change in &newer_theirs {
            tx.prepare_cached(
                "UPDATE team_conflict SET theirs_version = ?2, theirs_doc = ?3,
                        theirs_author = ?4, theirs_at = ?5
                 WHERE uuid = ?1 AND theirs_version < ?2",
            )?
            .execute(params![
                change.uuid.to_string(),
                change.version,
                change.doc.to_string(),
                change.author,
                change.at
            ])?;
        }
        if let Some(since) = new_since {
            tx.prepare_cached("UPDATE team_link SET since = max(since, ?1)")?
                .execute([since])?;
        }
        writer.finish(&mut |_, _| true)?;
        Ok(report)
    }

    /// Keeps a change from the team this file could not take, with the reason: the server
    /// keeps it; the Team window lists it.
    fn note_rejected(&mut self, change: &Pulled, reason: &str) -> Result<()> {
        log::warn!(
            "team: change {} to {} refused here: {reason}",
            change.version,
            change.uuid
        );
        let tx = self.write_transaction()?;
        tx.execute(
            "INSERT OR REPLACE INTO team_rejected (uuid, kind, version, reason, at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                change.uuid.to_string(),
                change.kind,
                change.version,
                reason,
                Timestamp::now().to_string()
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Forgets the versions of records no longer in the file (removed for good here), so
    /// that the server's copies, brought back because a record refers to them, are written.
    pub fn forget_team_versions(&mut self, uuids: &[Uuid]) -> Result<()> {
        let tx = self.write_transaction()?;
        for uuid in uuids {
            tx.execute(
                "DELETE FROM team_version WHERE uuid = ?1
                   AND NOT EXISTS (SELECT 1 FROM record WHERE uuid = ?1)",
                [uuid.to_string()],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Changes from the team this file could not take: uuid, kind and the reason, newest first.
    pub fn team_rejected(&self) -> Result<Vec<(Uuid, String, String)>> {
        let rows: Vec<(String, String, String)> = self
            .conn
            .prepare_cached("SELECT uuid, kind, reason FROM team_rejected ORDER BY version DESC")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(uuid, kind, reason)| Ok((parse_uuid(&uuid)?, kind, reason)))
            .collect()
    }

    /// A judgement by its uuid, withdrawn or not.
    fn judgement_by_uuid(&self, uuid: Uuid) -> Result<Option<Judgement>> {
        super::merge::judgement_by_uuid(&self.conn, uuid)
    }
}

/// A `team_conflict` row as read: uuid, kind, base and their versions, their document,
/// author and time.
type ConflictRow = (String, String, i64, i64, Option<String>, String, String);

fn set_version(conn: &Connection, uuid: Uuid, version: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO team_version (uuid, version) VALUES (?1, ?2)
         ON CONFLICT (uuid) DO UPDATE SET version = max(version, excluded.version)",
    )?
    .execute(params![uuid.to_string(), version])?;
    Ok(())
}
