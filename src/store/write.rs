//! Every change to records goes through here, each in one transaction: the record row, its
//! derived columns, its edges, its full-text entry and its change-log line are written
//! together, so none of them can drift from the record.

use super::Store;
use super::error::{Result, StoreError};
use super::history::{Batch, log_change};
use crate::model::judgement::{JudgementOrigin, Verdict};
use crate::model::record::relation;
use crate::model::{Record, RecordKind};
use jiff::Timestamp;
use rusqlite::{OptionalExtension, Transaction, params};
use std::collections::HashMap;
use uuid::Uuid;

impl Store {
    /// Saves a new record; its timestamps are set now. Returns the record as stored.
    pub fn insert(&mut self, record: Record) -> Result<Record> {
        let uuid = record.uuid();
        let mut saved = self.insert_all(vec![record])?;
        saved.pop().ok_or(StoreError::NotFound(uuid))
    }

    /// Saves new records in one transaction, undone as one step (a place created inside a
    /// place created with it); each may refer to those before it. All or none are saved.
    pub fn insert_all(&mut self, records: Vec<Record>) -> Result<Vec<Record>> {
        self.save_all(records, Vec::new()).map(|(saved, _)| saved)
    }

    /// Saves new records and changes to records of the file in one transaction, undone as
    /// one step (a capture: its new records, and the names it learned for records the file
    /// had). Returns both as stored. All or none are saved.
    pub fn save_all(
        &mut self,
        records: Vec<Record>,
        changes: Vec<Record>,
    ) -> Result<(Vec<Record>, Vec<Record>)> {
        self.save_noting(records, changes, &[], JudgementOrigin::Editor)
    }

    /// Saves a new record and notes, in the same step, that it may be the same as each record
    /// of `near` (a name the editor found near the new one's): the pairs show in the duplicate
    /// review. Returns the record as stored.
    pub fn insert_noting(
        &mut self,
        record: Record,
        near: &[Uuid],
        origin: JudgementOrigin,
    ) -> Result<Record> {
        let uuid = record.uuid();
        let notes: Vec<(Uuid, Uuid)> = near.iter().map(|n| (uuid, *n)).collect();
        let (mut saved, _) = self.save_noting(vec![record], Vec::new(), &notes, origin)?;
        saved.pop().ok_or(StoreError::NotFound(uuid))
    }

    /// `save_all`, noting each pair of `notes` as maybe the same (`origin` says where).
    pub fn save_noting(
        &mut self,
        mut records: Vec<Record>,
        changes: Vec<Record>,
        notes: &[(Uuid, Uuid)],
        origin: JudgementOrigin,
    ) -> Result<(Vec<Record>, Vec<Record>)> {
        for record in records.iter().chain(&changes) {
            check_valid(record)?;
        }
        let tx = self.write_transaction()?;
        let batch = Batch::edit(&tx)?;
        insert_new(&tx, batch, &mut records)?;
        let mut changed = Vec::new();
        for record in changes {
            changed.push(write_update(&tx, &mut Some(batch), record)?);
        }
        let author = crate::model::judgement::local_author();
        for (x, y) in notes {
            if x != y {
                super::merge::judge_in(&tx, Some(batch), *x, *y, Verdict::Unsure, origin, &author)?;
            }
        }
        tx.commit()?;
        Ok((records, changed))
    }

    /// Runs `write` as one transaction and one undo step: every record it inserts is saved, or
    /// none (a `generate` that meets a full disk leaves the file as empty as it found it).
    pub fn in_one_step<T>(
        &mut self,
        write: impl FnOnce(&mut WriteStep<'_>) -> Result<T>,
    ) -> Result<T> {
        let tx = self.write_transaction()?;
        let batch = Batch::edit(&tx)?;
        let mut step = WriteStep { tx: &tx, batch };
        let out = write(&mut step)?;
        tx.commit()?;
        Ok(out)
    }

    /// Saves new field values of an existing record. Creation time and Trash state are kept;
    /// the update time is set now. Returns the record as stored.
    pub fn update(&mut self, record: Record) -> Result<Record> {
        check_valid(&record)?;
        let tx = self.write_transaction()?;
        let mut batch = None;
        let saved = write_update(&tx, &mut batch, record)?;
        // Nothing changed: nothing to commit, and no undo step.
        if batch.is_some() {
            tx.commit()?;
        }
        Ok(saved)
    }

    /// Saves a form's record, edited from `original`: if the stored record changed meanwhile
    /// (a teammate's change pulled while the form was open), the fields the form did not
    /// change take the stored values, so that saving never undoes a change unseen.
    pub fn update_from(&mut self, original: &Record, record: Record) -> Result<Record> {
        let record = match self.get(record.uuid())? {
            Some(stored) if stored.meta().updated_at != original.meta().updated_at => {
                let merged = crate::model::three_way::rebase(
                    &original.to_json(),
                    &stored.to_json(),
                    &record.to_json(),
                );
                Record::from_json(record.kind(), merged).unwrap_or(record)
            }
            _ => record,
        };
        self.update(record)
    }

    /// Moves a record to the Trash. Nothing that refers to it changes.
    pub fn delete(&mut self, uuid: Uuid) -> Result<()> {
        self.set_trashed(uuid, true)
    }

    /// Brings a record back from the Trash.
    pub fn restore(&mut self, uuid: Uuid) -> Result<()> {
        self.set_trashed(uuid, false)
    }

    fn set_trashed(&mut self, uuid: Uuid, trashed: bool) -> Result<()> {
        let tx = self.write_transaction()?;
        let (id, before) = load(&tx, uuid)?.ok_or(StoreError::NotFound(uuid))?;
        if before.meta().deleted_at.is_some() == trashed {
            return Ok(());
        }
        let mut after = before.clone();
        let now = later_than(before.meta().updated_at);
        after.meta_mut().deleted_at = trashed.then_some(now);
        after.meta_mut().updated_at = now;
        let batch = Batch::edit(&tx)?;
        put_row(&tx, &after)?;
        debug_assert_eq!(row_id(&tx, uuid).ok().flatten(), Some(id));
        let action = if trashed { "delete" } else { "restore" };
        log_change(&tx, batch, &after, action, Some(&before))?;
        tx.commit()?;
        Ok(())
    }

    /// Removes a record from the Trash for good. References to it are removed from the
    /// records that made them (each such change is logged); links to it are purged with it.
    pub fn purge(&mut self, uuid: Uuid) -> Result<()> {
        let tx = self.write_transaction()?;
        let (id, record) = load(&tx, uuid)?.ok_or(StoreError::NotFound(uuid))?;
        if record.meta().deleted_at.is_none() {
            return Err(StoreError::NotInTrash(uuid));
        }
        let batch = Batch::edit(&tx)?;
        purge_row(&tx, batch, id, &record)?;
        tx.commit()?;
        Ok(())
    }

    /// Purges everything in the Trash; returns how many records were removed.
    pub fn empty_trash(&mut self) -> Result<usize> {
        let tx = self.write_transaction()?;
        let trashed: Vec<String> = tx
            .prepare("SELECT uuid FROM record WHERE deleted_at IS NOT NULL")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let batch = Batch::edit(&tx)?;
        let mut purged = 0;
        for uuid in trashed {
            let uuid = parse_uuid(&uuid)?;
            // An earlier purge in this loop may have taken a link with it already.
            if let Some((id, record)) = load(&tx, uuid)? {
                purge_row(&tx, batch, id, &record)?;
                purged += 1;
            }
        }
        tx.commit()?;
        Ok(purged)
    }

    /// Re-derives every record's title, list columns, edges and index entry, in one
    /// transaction (after a migration that adds derived data).
    pub fn rebuild_derived(&mut self) -> Result<()> {
        self.rebuild_derived_matching("*")
    }

    /// Re-derives the records whose document matches the GLOB `pattern` (after a migration
    /// that changes how some text is indexed).
    pub(crate) fn rebuild_derived_matching(&mut self, pattern: &str) -> Result<()> {
        self.rebuild_derived_selected(
            "SELECT id FROM record_doc WHERE data GLOB ?1 ORDER BY id",
            pattern,
        )
    }

    /// Writes the whole search index anew from the records (after the migration that indexes
    /// what refers to an actor by the actor's aliases too). The index is emptied at once and
    /// every entry written fresh: deleting and rewriting entries one by one in the
    /// contentless index left a tombstone per entry that every later step checked (25 s for
    /// 62,500 records of 70,580; written anew, see PERFORMANCE.md).
    pub(crate) fn rebuild_search_index(&mut self) -> Result<()> {
        let tx = self.write_transaction()?;
        tx.execute_batch(
            "INSERT INTO fts (fts) VALUES ('delete-all');
             INSERT INTO name_fts (name_fts) VALUES ('delete-all');",
        )?;
        let ids: Vec<i64> = tx
            .prepare("SELECT id FROM record ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        rederive(&tx, ids, true)?;
        tx.commit()?;
        Ok(())
    }

    /// Re-derives the records whose names hold two digits or more ("G77", "District 11",
    /// "Talks 2011"), and what refers to them: folding collapsed a repeated digit before
    /// schema 9, in a name's own keys and in the folded names of what it refers to, so that a
    /// filter on G77 also found G7. Meetings are named by their title; statements and links
    /// are referred to by no folded name.
    pub(crate) fn rederive_doubled_digits(&mut self) -> Result<()> {
        let tx = self.write_transaction()?;
        let named: Vec<i64> = {
            let mut read = tx.prepare(
                "SELECT r.id, r.uuid, r.kind, d.data FROM record r JOIN record_doc d ON d.id = r.id
                 WHERE r.kind IN ('actor', 'place', 'source', 'topic', 'meeting')",
            )?;
            let mut rows = read.query([])?;
            let mut named = Vec::new();
            while let Some(row) = rows.next()? {
                let uuid: String = row.get(1)?;
                let record = decode(&uuid, &row.get::<_, String>(2)?, &row.get::<_, String>(3)?)?;
                let outlet = match &record {
                    Record::Source(s) => s.outlet.as_str(),
                    _ => "",
                };
                let doubled = record
                    .names()
                    .into_iter()
                    .chain([outlet])
                    .any(crate::model::fold::has_two_digits);
                if doubled {
                    named.push(row.get(0)?);
                }
            }
            named
        };
        let mut ids = named.clone();
        for id in named {
            ids.extend(referrers_of(&tx, id)?);
        }
        rederive(&tx, ids, false)?;
        tx.commit()?;
        Ok(())
    }

    /// Re-derives the records `select` (one parameter, `parameter`) lists by id.
    fn rebuild_derived_selected(&mut self, select: &str, parameter: &str) -> Result<()> {
        let tx = self.write_transaction()?;
        let ids: Vec<i64> = tx
            .prepare(select)?
            .query_map([parameter], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        rederive(&tx, ids, false)?;
        tx.commit()?;
        Ok(())
    }
}

/// The records whose documents refer to record `id` (the edges they own, turned by a merge or
/// not).
fn referrers_of(tx: &rusqlite::Connection, id: i64) -> Result<Vec<i64>> {
    Ok(tx
        .prepare_cached(
            "SELECT DISTINCT owner_id FROM edge
             WHERE (dst_id = ?1 OR src_id = ?1 OR dst_written = ?1 OR src_written = ?1)
               AND owner_id <> ?1",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// One transaction's writes, open in `Store::in_one_step`.
pub struct WriteStep<'a> {
    tx: &'a Transaction<'a>,
    batch: Batch,
}

impl WriteStep<'_> {
    /// Inserts new records (checked as `Store::insert_all` checks them) in this step.
    pub fn insert_all(&mut self, mut records: Vec<Record>) -> Result<()> {
        for record in &records {
            check_valid(record)?;
        }
        insert_new(self.tx, self.batch, &mut records)
    }
}

/// Inserts `records`, new to the file, in `batch`: created and updated now, out of the Trash.
fn insert_new(tx: &Transaction, batch: Batch, records: &mut [Record]) -> Result<()> {
    let now = Timestamp::now();
    let mut index = Vec::with_capacity(records.len());
    for record in records.iter_mut() {
        let meta = record.meta_mut();
        meta.created_at = now;
        meta.updated_at = now;
        meta.deleted_at = None;
        if row_id(tx, record.uuid())?.is_some() {
            return Err(StoreError::Duplicate(record.uuid()));
        }
        check_references(tx, record, &HashMap::new())?;
        let id = put_row(tx, record)?;
        index.push(derive_rows(tx, id, record, true)?);
        check_place_cycle(tx, record)?;
        log_change(tx, batch, record, "create", None)?;
    }
    for entry in &index {
        write_index(tx, entry)?;
    }
    Ok(())
}

/// Re-derives the records `ids` as an import derives: the names of what they refer to are
/// read once for the whole rebuild, and index entries are written after the rows, a chunk at
/// a time. With `index_emptied`, the search index was emptied first: no entry is deleted.
fn rederive(tx: &Transaction, mut ids: Vec<i64>, index_emptied: bool) -> Result<()> {
    in_index_order(&mut ids);
    let ends: std::cell::RefCell<HashMap<Uuid, End>> = Default::default();
    let mut entries: Vec<IndexEntry> = Vec::new();
    for id in ids {
        let record = load_by_id(tx, id)?;
        let mut entry = derive_rows_with(tx, id, &record, false, &ends)?;
        entry.fresh = index_emptied;
        entries.push(entry);
        if entries.len() >= REBUILD_CHUNK {
            for entry in entries.drain(..) {
                write_index(tx, &entry)?;
            }
        }
    }
    for entry in &entries {
        write_index(tx, entry)?;
    }
    Ok(())
}

/// Puts the ids of records whose index entries are written again in ascending order, once
/// each: FTS5 flushes its pending entries to a new segment (and merges segments) whenever a
/// write goes to a lower rowid than the one before, which a third of a merge's time went to.
fn in_index_order(ids: &mut Vec<i64>) {
    ids.sort_unstable();
    ids.dedup();
}

/// Index entries a rebuild writes at a time.
const REBUILD_CHUNK: usize = 2_000;

/// Writes `record` over the stored one (its kind unchanged; creation time and Trash state
/// kept). The change-log batch is made when something changes, if `batch` has none yet.
fn write_update(tx: &Transaction, batch: &mut Option<Batch>, mut record: Record) -> Result<Record> {
    let (id, before) = load(tx, record.uuid())?.ok_or(StoreError::NotFound(record.uuid()))?;
    if before.kind() != record.kind() {
        return Err(StoreError::Invalid {
            kind: before.kind(),
            label: before.name().to_string(),
            error: crate::model::ValidationError {
                field: "kind",
                message: format!("cannot become a {}", record.kind().label().to_lowercase()),
            },
        });
    }
    {
        let meta = record.meta_mut();
        meta.created_at = before.meta().created_at;
        meta.deleted_at = before.meta().deleted_at;
        meta.updated_at = before.meta().updated_at;
    }
    if record == before {
        return Ok(before);
    }
    record.meta_mut().updated_at = later_than(before.meta().updated_at);
    check_references(tx, &record, &HashMap::new())?;
    let batch = match batch {
        Some(b) => *b,
        None => *batch.insert(Batch::edit(tx)?),
    };
    write_existing(tx, id, &before, &record)?;
    check_place_cycle(tx, &record)?;
    log_change(tx, batch, &record, "update", Some(&before))?;
    Ok(record)
}

/// A timestamp after `previous`, so that every change is strictly newer than the one before.
pub(super) fn later_than(previous: Timestamp) -> Timestamp {
    let now = Timestamp::now();
    if now > previous {
        now
    } else {
        previous
            .checked_add(jiff::SignedDuration::from_nanos(1))
            .unwrap_or(now)
    }
}

pub(super) fn check_valid(record: &Record) -> Result<()> {
    record.validate().map_err(|error| StoreError::Invalid {
        kind: record.kind(),
        label: record.name().to_string(),
        error,
    })
}

pub(super) fn parse_uuid(text: &str) -> Result<Uuid> {
    Uuid::parse_str(text).map_err(|e| StoreError::BadRecord {
        uuid: text.to_string(),
        reason: e.to_string(),
    })
}

pub(super) fn row_id(tx: &rusqlite::Connection, uuid: Uuid) -> Result<Option<i64>> {
    Ok(tx
        .prepare_cached("SELECT id FROM record WHERE uuid = ?1")?
        .query_row([uuid.to_string()], |r| r.get(0))
        .optional()?)
}

/// Reads a record row: its local id and the record.
pub(super) fn load(conn: &rusqlite::Connection, uuid: Uuid) -> Result<Option<(i64, Record)>> {
    let row: Option<(i64, String, String)> = conn
        .prepare_cached(
            "SELECT r.id, r.kind, d.data FROM record r JOIN record_doc d ON d.id = r.id
             WHERE r.uuid = ?1",
        )?
        .query_row([uuid.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    row.map(|(id, kind, data)| decode(&uuid.to_string(), &kind, &data).map(|r| (id, r)))
        .transpose()
}

pub(super) fn load_by_id(conn: &rusqlite::Connection, id: i64) -> Result<Record> {
    let (uuid, kind, data): (String, String, String) = conn
        // The document in a subquery: the join form was compiled again at most executions
        // (a fifth of a merge's time), its plan depending on the bound id under STAT4.
        .prepare_cached(
            "SELECT r.uuid, r.kind, (SELECT d.data FROM record_doc d WHERE d.id = r.id)
             FROM record r WHERE r.id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    decode(&uuid, &kind, &data)
}

/// Turns a stored row back into a record.
pub(super) fn decode(uuid: &str, kind: &str, data: &str) -> Result<Record> {
    let bad = |reason: String| StoreError::BadRecord {
        uuid: uuid.to_string(),
        reason,
    };
    let kind: RecordKind = kind
        .parse()
        .map_err(|e: crate::model::vocab::UnknownValue| bad(e.to_string()))?;
    Record::from_json_text(kind, data).map_err(|e| bad(e.to_string()))
}

pub(super) fn kind_of(tx: &rusqlite::Connection, uuid: Uuid) -> Result<Option<RecordKind>> {
    let kind: Option<String> = tx
        .prepare_cached("SELECT kind FROM record WHERE uuid = ?1")?
        .query_row([uuid.to_string()], |r| r.get(0))
        .optional()?;
    Ok(kind.and_then(|k| k.parse().ok()))
}

/// Every reference must name an existing record of the right kind (`pending` holds records
/// being written in the same transaction).
pub(super) fn check_references(
    tx: &rusqlite::Connection,
    record: &Record,
    pending: &HashMap<Uuid, RecordKind>,
) -> Result<()> {
    let me = record.uuid();
    for edge in record.edges() {
        for (end, is_dst) in [(edge.src, false), (edge.dst, true)] {
            if end == me {
                continue;
            }
            let found = match pending.get(&end) {
                Some(kind) => Some(*kind),
                None => kind_of(tx, end)?,
            };
            let reference_error = |problem: String| StoreError::Reference {
                kind: record.kind(),
                label: record.name().to_string(),
                uuid: me,
                missing: end,
                problem,
            };
            let Some(found) = found else {
                let problem = if pending.is_empty() {
                    "which does not exist in this file".to_string()
                } else {
                    "which is neither in the import nor in this file".to_string()
                };
                return Err(reference_error(problem));
            };
            let expected = if is_dst {
                relation::expected_kind(&edge.relation)
            } else {
                None
            };
            if let Some(expected) = expected
                && expected != found
            {
                return Err(reference_error(format!(
                    "which is {}, but its {} must be {}",
                    with_article(found),
                    edge.relation,
                    with_article(expected)
                )));
            }
        }
    }
    Ok(())
}

/// "an actor", "a place".
pub(super) fn with_article(kind: RecordKind) -> String {
    let name = kind.label().to_lowercase();
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name}")
}

/// A place may not end up inside itself.
pub(super) fn check_place_cycle(tx: &Transaction, record: &Record) -> Result<()> {
    let Record::Place(place) = record else {
        return Ok(());
    };
    let Some(start) = row_id(tx, place.meta.uuid)? else {
        return Ok(());
    };
    let cycle: bool = tx
        .prepare_cached(
            // Each enclosing place once (UNION drops a row seen before), so the walk ends
            // at the top or where a chain loops, at any depth.
            "WITH RECURSIVE up(id) AS (
                 SELECT dst_id FROM edge WHERE src_id = ?1 AND relation = ?2
                 UNION
                 SELECT e.dst_id FROM edge e JOIN up ON e.src_id = up.id
                 WHERE e.relation = ?2)
             SELECT EXISTS (SELECT 1 FROM up WHERE id = ?1)",
        )?
        .query_row(params![start, relation::PARENT], |r| r.get(0))?;
    if cycle {
        return Err(StoreError::Invalid {
            kind: RecordKind::Place,
            label: place.name.clone(),
            error: crate::model::ValidationError {
                field: "parent",
                message: "would place it inside itself".into(),
            },
        });
    }
    Ok(())
}

/// Inserts or replaces the record row with its derived columns; returns the local id.
pub(super) fn put_row(tx: &Transaction, record: &Record) -> Result<i64> {
    put_row_with(tx, record, None)
}

/// `put_row`, with the list title and columns when they are derived already (otherwise the
/// title is the record's name until `derive_rows` sets it).
pub(super) fn put_row_with(
    tx: &Transaction,
    record: &Record,
    derived: Option<&Derived>,
) -> Result<i64> {
    write_row(tx, record, derived, RowWrite::Upsert)
}

/// `put_row_with` for a record that cannot be in the file (an import into an empty file):
/// a plain insert, which with the count triggers dropped and foreign keys deferred opens no
/// statement savepoint (at each one FTS5 writes its pending terms to disk).
pub(super) fn insert_new_row(
    tx: &Transaction,
    record: &Record,
    derived: Option<&Derived>,
) -> Result<i64> {
    write_row(tx, record, derived, RowWrite::Insert)
}

/// How a record's row is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RowWrite {
    /// Inserted, or updated when its uuid is in the file.
    Upsert,
    /// Inserted: the caller knows its uuid is not in the file.
    Insert,
}

const INSERT_ROW: &str =
    "INSERT INTO record (uuid, kind, subkind, title, date_edtf, sort_date, date_lo, date_hi,
                         date_fuzzy, grade, created_at, updated_at, deleted_at, columns)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";

const UPSERT_ROW: &str =
    "INSERT INTO record (uuid, kind, subkind, title, date_edtf, sort_date, date_lo, date_hi,
                         date_fuzzy, grade, created_at, updated_at, deleted_at, columns)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
     ON CONFLICT(uuid) DO UPDATE SET
         kind = excluded.kind, subkind = excluded.subkind, date_edtf = excluded.date_edtf,
         sort_date = excluded.sort_date, date_lo = excluded.date_lo,
         date_hi = excluded.date_hi, date_fuzzy = excluded.date_fuzzy,
         grade = excluded.grade, created_at = excluded.created_at,
         updated_at = excluded.updated_at, deleted_at = excluded.deleted_at,
         title = CASE WHEN ?15 THEN excluded.title ELSE title END,
         columns = CASE WHEN ?15 THEN excluded.columns ELSE columns END
     RETURNING id";

fn write_row(
    tx: &Transaction,
    record: &Record,
    derived: Option<&Derived>,
    how: RowWrite,
) -> Result<i64> {
    let meta = record.meta();
    let bounds = record.date_bounds();
    let (lo, hi) = match &bounds {
        Some((lo, hi)) => (Some(lo.as_str()), Some(hi.as_str())),
        None => (None, None),
    };
    let data = record.to_json_text().map_err(|e| StoreError::BadRecord {
        uuid: meta.uuid.to_string(),
        reason: e.to_string(),
    })?;
    let uuid = meta.uuid.to_string();
    let title = match derived {
        Some(d) => d.title.clone(),
        None => crate::model::record::truncate(record.name(), 160),
    };
    let edtf = record.date().map(|d| d.edtf());
    let created = meta.created_at.to_string();
    let updated = meta.updated_at.to_string();
    let deleted = meta.deleted_at.map(|t| t.to_string());
    let columns = derived.map_or("[]", |d| d.columns.as_str());
    let row: [&dyn rusqlite::ToSql; 14] = [
        &uuid,
        &record.kind().as_str(),
        &record.subkind(),
        &title,
        &edtf,
        &lo.unwrap_or(""),
        &lo,
        &hi,
        &record.date_is_fuzzy(),
        &record.reliability().map(|g| g.as_str()),
        &created,
        &updated,
        &deleted,
        &columns,
    ];
    let id = match how {
        RowWrite::Insert => {
            tx.prepare_cached(INSERT_ROW)?.execute(&row[..])?;
            tx.last_insert_rowid()
        }
        RowWrite::Upsert => {
            let is_derived = derived.is_some();
            let mut all: Vec<&dyn rusqlite::ToSql> = row.to_vec();
            all.push(&is_derived);
            tx.prepare_cached(UPSERT_ROW)?
                .query_row(&all[..], |r| r.get(0))?
        }
    };
    let doc_sql = match how {
        RowWrite::Insert => "INSERT INTO record_doc (id, data) VALUES (?1, ?2)",
        RowWrite::Upsert => {
            "INSERT INTO record_doc (id, data) VALUES (?1, ?2)
             ON CONFLICT(id) DO UPDATE SET data = excluded.data"
        }
    };
    tx.prepare_cached(doc_sql)?.execute(params![id, data])?;
    Ok(id)
}

/// Rewrites what is derived from a record and from the names of what it refers to: its
/// list title, its edges and its full-text entry.
pub(super) fn refresh_derived(tx: &Transaction, id: i64, record: &Record) -> Result<()> {
    let entry = derive_rows(tx, id, record, false)?;
    write_index(tx, &entry)
}

/// A record's entry in the search indexes, to be written (`write_index`).
pub(super) struct IndexEntry {
    id: i64,
    kind: RecordKind,
    text: crate::model::record::IndexText,
    /// The record is new to the file: it has no entry to remove first.
    fresh: bool,
}

/// Rewrites a record's list title, list columns and edges; returns its search-index entry.
/// Bulk writes (imports, generated data, a capture) gather the entries and write them after
/// every row (`write_index`): FTS5 writes its pending entries to disk whenever a statement
/// opens a savepoint while the index is part of the transaction, and edge and counter
/// statements do, so interleaving cost a flush and a merge per record.
pub(super) fn derive_rows(
    tx: &Transaction,
    id: i64,
    record: &Record,
    fresh: bool,
) -> Result<IndexEntry> {
    derive_rows_with(tx, id, record, fresh, &Default::default())
}

/// `derive_rows`, reading the records referred to from `ends` first and keeping there those
/// it had to look up (a rebuild of many records refers to the same few, again and again).
fn derive_rows_with(
    tx: &Transaction,
    id: i64,
    record: &Record,
    fresh: bool,
    ends: &std::cell::RefCell<HashMap<Uuid, End>>,
) -> Result<IndexEntry> {
    // Asked for without `only_if_complete`, `derive` always derives.
    let known = |uuid: Uuid| ends.borrow().get(&uuid).cloned();
    let derived = derive(tx, record, &known, false)?.ok_or(StoreError::NotFound(record.uuid()))?;
    for (uuid, end) in &derived.ends {
        if let Some(end) = end {
            ends.borrow_mut().insert(*uuid, end.clone());
        }
    }
    tx.prepare_cached("UPDATE record SET title = ?2, columns = ?3 WHERE id = ?1")?
        .execute(params![id, derived.title, derived.columns])?;
    write_edges(tx, id, record, &derived, fresh)?;
    Ok(derived.into_entry(id, record.kind(), fresh))
}

/// Writes again the search entries of the records `ids` (each has one) and nothing else: the
/// records are read in one query, the names of what they refer to once for all, and the
/// entries are written after every one is derived, in rowid order (see `in_index_order`).
pub(super) fn reindex_all(tx: &Transaction, ids: &[i64]) -> Result<()> {
    let mut ids = ids.to_vec();
    in_index_order(&mut ids);
    let ids = format!(
        "[{}]",
        ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
    );
    let mut read = tx.prepare_cached(
        "SELECT r.id, r.uuid, r.kind, (SELECT d.data FROM record_doc d WHERE d.id = r.id)
         FROM record r WHERE r.id IN (SELECT value FROM json_each(?1)) ORDER BY r.id",
    )?;
    let mut rows = read.query([ids])?;
    let ends: std::cell::RefCell<HashMap<Uuid, End>> = Default::default();
    let mut entries = Vec::new();
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let uuid: String = row.get(1)?;
        let record = decode(&uuid, &row.get::<_, String>(2)?, &row.get::<_, String>(3)?)?;
        let known = |uuid: Uuid| ends.borrow().get(&uuid).cloned();
        let derived = derive_what(tx, &record, &known, false, true)?
            .ok_or(StoreError::NotFound(record.uuid()))?;
        for (uuid, end) in &derived.ends {
            if let Some(end) = end {
                ends.borrow_mut().insert(*uuid, end.clone());
            }
        }
        entries.push(derived.into_entry(id, record.kind(), false));
    }
    // Many entries at once (a merged actor's 10,000 statements): FTS5 keeps their terms in
    // memory and writes one segment, instead of one per megabyte to be merged again (a
    // 10,000-reference merge: 236 ms with 1 MB, 169 ms with 32 MB, single runs).
    let large = entries.len() >= LARGE_REINDEX;
    if large {
        set_fts_hashsize(tx, LARGE_HASHSIZE)?;
    }
    for entry in &entries {
        write_index(tx, entry)?;
    }
    if large {
        set_fts_hashsize(tx, DEFAULT_HASHSIZE)?;
    }
    Ok(())
}

/// Entries written again at once from which the indexes keep more terms in memory.
const LARGE_REINDEX: usize = 1_000;
/// The memory FTS5 keeps pending terms in for a large rewrite, and its default.
const LARGE_HASHSIZE: i64 = 32 << 20;
pub(super) const DEFAULT_HASHSIZE: i64 = 1 << 20;

/// Sets how many bytes of pending terms both search indexes keep before writing a segment
/// (a setting stored in the file, so it is set back when the large write is done; an import
/// does the same).
pub(super) fn set_fts_hashsize(tx: &Transaction, bytes: i64) -> Result<()> {
    tx.prepare_cached("INSERT INTO fts (fts, rank) VALUES ('hashsize', ?1)")?
        .execute([bytes])?;
    tx.prepare_cached("INSERT INTO name_fts (name_fts, rank) VALUES ('hashsize', ?1)")?
        .execute([bytes])?;
    Ok(())
}

/// A record this one refers to, as its derived rows need it.
#[derive(Debug, Clone)]
pub(super) struct End {
    pub id: i64,
    pub grade: Option<String>,
    /// Its title, its other names (an actor's aliases) and its folded name, indexed with the
    /// records that refer to it (shared: an end is looked up several times per record, and
    /// by every record of an import that refers to it).
    pub names: crate::model::ReferencedNames,
    /// The canonical record it was merged into, if it was: edges to it go there.
    pub merged_into: Option<i64>,
}

/// The other names of `record` that records referring to it are found by.
pub(super) fn aliases_of(record: &Record) -> std::rc::Rc<[String]> {
    record
        .names()
        .into_iter()
        .skip(1)
        .map(str::to_string)
        .collect()
}

/// What is derived from a record and the names of what it refers to, before it is written.
pub(super) struct Derived {
    /// The list title.
    pub title: String,
    /// The list columns, as JSON.
    pub columns: String,
    text: crate::model::record::IndexText,
    /// Every record referred to, found or not.
    ends: HashMap<Uuid, Option<End>>,
}

impl Derived {
    pub(super) fn into_entry(self, id: i64, kind: RecordKind, fresh: bool) -> IndexEntry {
        IndexEntry {
            id,
            kind,
            text: self.text,
            fresh,
        }
    }
}

/// Derives a record's list title, list columns and index text from the records it refers to,
/// writing nothing. `known` answers for records whose rows are known final (an import's own,
/// already written); the others are looked up, each once. With `only_if_complete`, `None`
/// while a record referred to is not in the file.
pub(super) fn derive(
    tx: &rusqlite::Connection,
    record: &Record,
    known: &dyn Fn(Uuid) -> Option<End>,
    only_if_complete: bool,
) -> Result<Option<Derived>> {
    derive_what(tx, record, known, only_if_complete, false)
}

/// `derive`; with `index_only`, the index text alone (the title and columns left empty): what
/// a record's search entry needs when only the names of what it refers to changed.
pub(super) fn derive_what(
    tx: &rusqlite::Connection,
    record: &Record,
    known: &dyn Fn(Uuid) -> Option<End>,
    only_if_complete: bool,
    index_only: bool,
) -> Result<Option<Derived>> {
    // Each end is looked up on its own: the one-statement form (an INSERT … SELECT joining two
    // record rows) was compiled again at every execution, a tenth of an import's time. The
    // label, the index text and the list columns then ask for the same few names.
    let ends: std::cell::RefCell<HashMap<Uuid, Option<End>>> = Default::default();
    let lookup = |uuid: Uuid| -> Result<Option<End>> {
        if let Some(found) = ends.borrow().get(&uuid) {
            return Ok(found.clone());
        }
        let found = match known(uuid) {
            Some(end) => Some(end),
            None => {
                let row = tx
                    .prepare_cached(
                        "SELECT id, title, grade, kind, merged_into FROM record WHERE uuid = ?1",
                    )?
                    .query_row([uuid.to_string()], |r| {
                        Ok((
                            End {
                                id: r.get(0)?,
                                grade: r.get(2)?,
                                names: crate::model::ReferencedNames::new(
                                    r.get(1)?,
                                    std::rc::Rc::from(Vec::new()),
                                ),
                                merged_into: r.get(4)?,
                            },
                            r.get::<_, String>(3)?,
                        ))
                    })
                    .optional()?;
                match row {
                    // Only actors have other names: their document is read for them.
                    Some((mut end, kind)) if kind == RecordKind::Actor.as_str() => {
                        let mut names = aliases_of(&load_by_id(tx, end.id)?).to_vec();
                        // A merged actor is also known by its canonical record's names.
                        if let Some(canonical) = end.merged_into {
                            names.extend(
                                load_by_id(tx, canonical)?
                                    .names()
                                    .into_iter()
                                    .map(str::to_string),
                            );
                        }
                        end.names.others = names.into();
                        Some(end)
                    }
                    other => other.map(|(end, _)| end),
                }
            }
        };
        ends.borrow_mut().insert(uuid, found.clone());
        Ok(found)
    };
    let me = record.uuid();
    for edge in record.edges() {
        for end in [edge.src, edge.dst] {
            if end != me && lookup(end)?.is_none() && only_if_complete {
                return Ok(None);
            }
        }
    }
    let name_of =
        |uuid: Uuid| -> Option<String> { lookup(uuid).ok().flatten().map(|e| e.names.name) };
    let grade_of =
        |uuid: Uuid| -> Option<String> { lookup(uuid).ok().flatten().and_then(|e| e.grade) };
    let title = if index_only {
        String::new()
    } else {
        crate::model::record::truncate(&record.label(&name_of), 200)
    };
    let text = record.index_text(&|uuid| lookup(uuid).ok().flatten().map(|e| e.names));
    let columns = if index_only {
        String::new()
    } else {
        serde_json::to_string(&record.list_columns(&name_of, &grade_of))
            .unwrap_or_else(|_| "[]".into())
    };
    Ok(Some(Derived {
        title,
        columns,
        text,
        ends: ends.into_inner(),
    }))
}

/// Writes the edges of record `id` (replacing its old ones unless it is `fresh`).
pub(super) fn write_edges(
    tx: &Transaction,
    id: i64,
    record: &Record,
    derived: &Derived,
    fresh: bool,
) -> Result<()> {
    if !fresh {
        tx.prepare_cached("DELETE FROM edge WHERE owner_id = ?1")?
            .execute([id])?;
    }
    let me = record.uuid();
    // A record merged into another: its own edges start at the canonical record too.
    let my_canonical: Option<i64> = if fresh {
        None
    } else {
        tx.prepare_cached("SELECT merged_into FROM record WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .flatten()
    };
    // Each end as written, and the canonical record it is shown as if it was merged.
    let end_of = |uuid: Uuid| -> Option<(i64, Option<i64>)> {
        if uuid == me {
            return Some((id, my_canonical));
        }
        derived
            .ends
            .get(&uuid)
            .cloned()
            .flatten()
            .map(|e| (e.id, e.merged_into))
    };
    for edge in record.edges() {
        // An end that is not in the file has no edge (references are checked before).
        let (Some((src, src_canonical)), Some((dst, dst_canonical))) =
            (end_of(edge.src), end_of(edge.dst))
        else {
            continue;
        };
        tx.prepare_cached(
            "INSERT INTO edge (owner_id, src_id, dst_id, relation, detail, src_written, dst_written)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            id,
            src_canonical.unwrap_or(src),
            dst_canonical.unwrap_or(dst),
            edge.relation,
            edge.detail,
            src_canonical.map(|_| src),
            dst_canonical.map(|_| dst),
        ])?;
    }
    Ok(())
}

/// Writes a record's entries in the full-text index and, for names, the name index. A record
/// merged into another has none: the canonical record's entry carries its names (and is
/// written again when they may have changed).
pub(super) fn write_index(tx: &Transaction, entry: &IndexEntry) -> Result<()> {
    let id = entry.id;
    // Only names (actors, places, topics, sources) are ever merged.
    let (merged_into, has_members) = if super::merge::can_merge(entry.kind) {
        super::merge::cluster_role(tx, id)?
    } else {
        (None, false)
    };
    if let Some(canonical) = merged_into {
        if !entry.fresh {
            super::merge::reindex(tx, canonical, false)?;
        }
        return Ok(());
    }
    let mut with_members;
    let text = if has_members {
        with_members = entry.text.clone();
        super::merge::add_member_names(tx, id, &mut with_members)?;
        &with_members
    } else {
        &entry.text
    };
    if !entry.fresh {
        tx.prepare_cached("DELETE FROM fts WHERE rowid = ?1")?
            .execute([id])?;
    }
    tx.prepare_cached(
        "INSERT INTO fts (rowid, title, aliases, body, keys, context) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![id, text.title, text.aliases, text.body, text.keys, text.context])?;
    if has_name_entry(entry.kind) {
        if !entry.fresh {
            tx.prepare_cached("DELETE FROM name_fts WHERE rowid = ?1")?
                .execute([id])?;
        }
        tx.prepare_cached(
            "INSERT INTO name_fts (rowid, title, aliases, keys) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![id, text.title, text.aliases, text.keys])?;
    }
    Ok(())
}

/// Whether records of this kind are names (actors, places, topics, sources), indexed in the
/// small name index as well as the full-text one.
pub fn has_name_entry(kind: RecordKind) -> bool {
    matches!(
        kind,
        RecordKind::Actor | RecordKind::Place | RecordKind::Topic | RecordKind::Source
    )
}

/// Writes an existing record and, if its title changed, re-derives the records that show it.
fn write_existing(tx: &Transaction, id: i64, before: &Record, after: &Record) -> Result<()> {
    put_row(tx, after)?;
    let old_title: String = tx
        .prepare_cached("SELECT title FROM record WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?;
    refresh_derived(tx, id, after)?;
    let new_title: String = tx
        .prepare_cached("SELECT title FROM record WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?;
    // Records that show this one's name (or a source's grade) are re-derived.
    if old_title != new_title
        || before.names() != after.names()
        || before.reliability() != after.reliability()
    {
        rederive(tx, referrers_of(tx, id)?, false)?;
    }
    Ok(())
}

pub(super) fn purge_row(tx: &Transaction, batch: Batch, id: i64, record: &Record) -> Result<()> {
    let target = record.uuid();
    // A record merged with others leaves its cluster first (its `same` judgements withdrawn in
    // this step, so that undo merges it again): the edges turned to it or from it go back to
    // their written ends before anything refers to it no more.
    super::merge::leave_cluster(tx, batch, id, record)?;
    // Links ending at the record cannot outlive it.
    let links: Vec<i64> = tx
        .prepare_cached(
            "SELECT DISTINCT owner_id FROM edge
             WHERE dst_id = ?1 AND relation IN (?2, ?3) AND owner_id <> ?1",
        )?
        .query_map(params![id, relation::LINK_FROM, relation::LINK_TO], |r| {
            r.get(0)
        })?
        .collect::<rusqlite::Result<_>>()?;
    for link_id in links {
        let link = load_by_id(tx, link_id)?;
        purge_row(tx, batch, link_id, &link)?;
    }
    // Everything else that refers to it lets go of the reference.
    let referrers: Vec<i64> = tx
        .prepare_cached("SELECT DISTINCT owner_id FROM edge WHERE dst_id = ?1 AND owner_id <> ?1")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for referrer in referrers {
        let before = load_by_id(tx, referrer)?;
        let mut after = before.clone();
        if after.detach(target) {
            after.meta_mut().updated_at = later_than(before.meta().updated_at);
            put_row(tx, &after)?;
            refresh_derived(tx, referrer, &after)?;
            log_change(tx, batch, &after, "update", Some(&before))?;
        }
    }
    log_change(tx, batch, record, "purge", Some(record))?;
    tx.prepare_cached("DELETE FROM fts WHERE rowid = ?1")?
        .execute([id])?;
    if has_name_entry(record.kind()) {
        tx.prepare_cached("DELETE FROM name_fts WHERE rowid = ?1")?
            .execute([id])?;
    }
    tx.prepare_cached("DELETE FROM record_doc WHERE id = ?1")?
        .execute([id])?;
    tx.prepare_cached("DELETE FROM record WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}
