//! Import: records from another knowledge base merged by uuid, all or nothing. Each incoming
//! record is classified against this file's copy using the version both last shared (`base`):
//! new, update (only theirs changed), unchanged, kept (only ours changed) or conflict (both
//! changed). Conflicts are kept, taken, or stop the import, as the caller chooses; a dry run
//! validates and classifies everything and writes nothing.
//!
//! An import is a stream read twice, so that its size does not matter: the first pass
//! (`ImportCheck`) validates every record and keeps only uuids and the references it could not
//! resolve yet; the second (`ImportWriter`) classifies and writes one record at a time: its
//! row, and its edges, list title and index entry as soon as every record it refers to is in
//! the file (a bundle's sections come in that order); records referring ahead are derived at
//! the end from their written rows. Index entries are written a batch at a time. All of it is
//! one transaction. Into an empty file it takes a bulk road: secondary indexes and the count
//! triggers are dropped and made again after the rows, foreign keys are checked at the commit.

use super::Store;
use super::error::{Result, StoreError};
use super::history::{Batch, log_change};
use super::write::{
    End, IndexEntry, check_place_cycle, check_references, derive, derive_rows, insert_new_row,
    kind_of, load, load_by_id, put_row_with, with_article, write_edges, write_index,
};
use crate::model::record::relation;
use crate::model::{Record, RecordKind};
use rusqlite::Transaction;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// Records whose index entries are written together (and, at the end of an import, records
/// derived together from their rows).
const DERIVE_BATCH: usize = 20_000;

/// What to do with a record changed both here and in the import since they last agreed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OnConflict {
    /// Keep this file's copy.
    #[default]
    Keep,
    /// Take the incoming copy (the replaced one stays in the change log).
    Theirs,
    /// Import nothing and list the conflicts.
    Fail,
}

/// How to import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// What to do with conflicts in general.
    pub on_conflict: OnConflict,
    /// Conflicts for which the incoming copy is taken whatever `on_conflict` says.
    pub take_theirs: std::collections::BTreeSet<Uuid>,
    /// Validate and classify only; write nothing.
    pub dry_run: bool,
    /// Changes pulled from the team's server, which holds the true copy: each is written
    /// whenever its content differs from this file's (no comparison of times), as a batch
    /// that is not undone from here and not sent back; no backup is taken first.
    pub team_pull: bool,
    /// With `team_pull`: the server's copy taken by the user for a conflict, as a step the
    /// user can undo (and whose undo is sent), not as a change merely pulled.
    pub team_take: bool,
}

/// How one incoming record relates to this file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    New,
    Update,
    Unchanged,
    /// Only this file's copy changed since the shared version: it is kept.
    Kept,
    Conflict,
}

/// A record changed on both sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    pub uuid: Uuid,
    pub kind: RecordKind,
    pub ours: String,
    pub theirs: String,
}

/// What an import did (or, in a dry run, would do), by record kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub added: BTreeMap<RecordKind, usize>,
    pub updated: BTreeMap<RecordKind, usize>,
    pub unchanged: BTreeMap<RecordKind, usize>,
    /// Records whose copy here changed since the shared version, while the incoming did not.
    pub kept: BTreeMap<RecordKind, usize>,
    pub conflicts: Vec<Conflict>,
    /// Judgements (same, not the same, not sure) new to this file, or withdrawn by the import.
    pub judgements: usize,
    /// Judgements this file cannot hold (a record missing, in the Trash, or of a kind never
    /// merged): left out.
    pub judgements_left_out: usize,
    /// Fields of incoming records this version has no place for, as "actors: count": left
    /// out when they held no text (a number, a list), kept unshown when they held text.
    pub fields_left_out: std::collections::BTreeSet<String>,
    pub fields_kept_unshown: std::collections::BTreeSet<String>,
    /// What a file in another tool's format held that no record takes, by type ("indicator",
    /// "Vessel"), and objects that could not be read: left out, counted.
    pub not_imported: BTreeMap<String, usize>,
    pub dry_run: bool,
}

impl ImportReport {
    pub fn total(map: &BTreeMap<RecordKind, usize>) -> usize {
        map.values().sum()
    }

    /// "12 added, 0 updated, 3 unchanged" (and kept and conflicts when there are any).
    pub fn summary(&self) -> String {
        let mut text = format!(
            "{} added, {} updated, {} unchanged",
            Self::total(&self.added),
            Self::total(&self.updated),
            Self::total(&self.unchanged)
        );
        if Self::total(&self.kept) > 0 {
            text.push_str(&format!(", {} kept (newer here)", Self::total(&self.kept)));
        }
        if !self.conflicts.is_empty() {
            text.push_str(&format!(", {} in conflict", self.conflicts.len()));
        }
        if self.judgements > 0 {
            text.push_str(&format!(
                ", {} duplicate judgement{}",
                self.judgements,
                if self.judgements == 1 { "" } else { "s" }
            ));
        }
        if self.judgements_left_out > 0 {
            text.push_str(&format!(
                ", {} judgement{} left out (a record missing, in the Trash or never merged)",
                self.judgements_left_out,
                if self.judgements_left_out == 1 {
                    ""
                } else {
                    "s"
                }
            ));
        }
        let named = |fields: &std::collections::BTreeSet<String>| -> String {
            let mut names: Vec<&str> = fields.iter().map(String::as_str).take(5).collect();
            if fields.len() > 5 {
                names.push("…");
            }
            names.join("; ")
        };
        if !self.fields_left_out.is_empty() {
            text.push_str(&format!(
                ", fields this version has no place for left out (not text): {}",
                named(&self.fields_left_out)
            ));
        }
        if !self.fields_kept_unshown.is_empty() {
            text.push_str(&format!(
                ", fields this version does not show kept as they came: {}",
                named(&self.fields_kept_unshown)
            ));
        }
        if !self.not_imported.is_empty() {
            let listed: Vec<String> = self
                .not_imported
                .iter()
                .take(6)
                .map(|(what, n)| format!("{n} {what}"))
                .collect();
            let more = if self.not_imported.len() > 6 {
                ", …"
            } else {
                ""
            };
            text.push_str(&format!(
                "; not imported (Chancery holds no such record): {}{more}",
                listed.join(", ")
            ));
        }
        if self.dry_run {
            text.push_str(" (dry run: nothing written)");
        }
        text
    }
}

/// Classifies an incoming copy against this file's copy.
pub fn classify(ours: Option<&Record>, theirs: &Record) -> Verdict {
    let Some(ours) = ours else {
        return Verdict::New;
    };
    if same_content(ours, theirs) {
        return Verdict::Unchanged;
    }
    let base = theirs.meta().base.unwrap_or(theirs.meta().updated_at);
    let ours_changed = ours.meta().updated_at > base;
    let theirs_changed = theirs.meta().updated_at > base;
    match (ours_changed, theirs_changed) {
        (true, true) => Verdict::Conflict,
        (false, true) => Verdict::Update,
        (true, false) => Verdict::Kept,
        // No shared version known: the newer copy wins.
        (false, false) if theirs.meta().updated_at > ours.meta().updated_at => Verdict::Update,
        (false, false) => Verdict::Kept,
    }
}

/// Equal apart from exchange metadata (`base`).
fn same_but_base(a: &Record, b: &Record) -> bool {
    let strip = |r: &Record| {
        let mut r = r.clone();
        r.meta_mut().base = None;
        r
    };
    strip(a) == strip(b)
}

/// Equal apart from timestamps and exchange metadata.
fn same_content(a: &Record, b: &Record) -> bool {
    let strip = |r: &Record| {
        let mut r = r.clone();
        let meta = r.meta_mut();
        meta.base = None;
        meta.updated_at = meta.created_at;
        r
    };
    strip(a) == strip(b)
}

/// The first pass over an import: every record validated, every uuid with its kind, and the
/// references that pointed past what had been read so far (checked in `finish`). It holds
/// about 40 bytes per record, whatever the records hold.
#[derive(Debug, Default)]
pub struct ImportCheck {
    pending: HashMap<Uuid, RecordKind>,
    forward: Vec<ForwardReference>,
}

/// A reference to a record not yet seen when the referring one was read.
#[derive(Debug)]
struct ForwardReference {
    at: u64,
    from: Uuid,
    to: Uuid,
    /// The structural relation, which fixes the kind `to` must be (`None` for typed links).
    relation: Option<&'static str>,
}

/// What the first pass found: the import is valid, and this is its size.
#[derive(Debug)]
pub struct ImportPlan {
    pending: HashMap<Uuid, RecordKind>,
}

impl ImportPlan {
    /// How many records the import holds.
    pub fn len(&self) -> u64 {
        self.pending.len() as u64
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }
}

impl ImportCheck {
    pub fn new() -> ImportCheck {
        ImportCheck::default()
    }

    /// Checks record number `at` (counted from 0) on its own and against those before it.
    pub fn add(&mut self, at: u64, record: &Record) -> Result<()> {
        let me = record.uuid();
        let problem = |message: String| StoreError::InImport {
            at,
            uuid: me,
            message,
        };
        record.validate().map_err(|e| problem(e.to_string()))?;
        if self.pending.insert(me, record.kind()).is_some() {
            return Err(problem("the same uuid appears twice in the import".into()));
        }
        for edge in record.edges() {
            for (end, is_dst) in [(edge.src, false), (edge.dst, true)] {
                if end == me {
                    continue;
                }
                let structural = if is_dst {
                    relation::structural(&edge.relation)
                } else {
                    None
                };
                match self.pending.get(&end) {
                    Some(found) => check_kind(*found, structural).map_err(&problem)?,
                    None => self.forward.push(ForwardReference {
                        at,
                        from: me,
                        to: end,
                        relation: structural,
                    }),
                }
            }
        }
        Ok(())
    }

    /// Resolves the references left open against the whole import and this file; the first
    /// that resolves nowhere (or to the wrong kind) is reported with its record's place.
    pub fn finish(self, store: &Store) -> Result<ImportPlan> {
        let mut in_file: HashMap<Uuid, Option<RecordKind>> = HashMap::new();
        for reference in &self.forward {
            let found = match self.pending.get(&reference.to) {
                Some(kind) => Some(*kind),
                None => match in_file.get(&reference.to) {
                    Some(found) => *found,
                    None => {
                        let found = kind_of(&store.conn, reference.to)?;
                        in_file.insert(reference.to, found);
                        found
                    }
                },
            };
            let problem = |message: String| StoreError::InImport {
                at: reference.at,
                uuid: reference.from,
                message: format!("refers to {}, {message}", reference.to),
            };
            let Some(found) = found else {
                return Err(problem(
                    "which is neither in the import nor in this file".into(),
                ));
            };
            check_kind(found, reference.relation).map_err(problem)?;
        }
        Ok(ImportPlan {
            pending: self.pending,
        })
    }
}

/// A structural reference must point at the kind its relation names.
fn check_kind(
    found: RecordKind,
    relation: Option<&'static str>,
) -> std::result::Result<(), String> {
    let expected = relation.and_then(relation::expected_kind);
    match expected {
        Some(expected) if expected != found => Err(format!(
            "which is {}, but its {} must be {}",
            with_article(found),
            relation.unwrap_or_default(),
            with_article(expected)
        )),
        _ => Ok(()),
    }
}

/// The second pass: classifies and writes each record as it comes, inside one transaction.
/// `finish` derives what the rows imply and commits; dropping the writer rolls back.
pub struct ImportWriter<'a> {
    store: &'a Store,
    tx: Transaction<'a>,
    plan: ImportPlan,
    options: ImportOptions,
    report: ImportReport,
    batch: Option<Batch>,
    /// Rows written that refer to records not yet written, with whether each is new to the
    /// file: their edges and index entries are derived in `finish`.
    deferred: Vec<(i64, bool)>,
    /// Index entries of derived records, written a batch at a time.
    entries: Vec<IndexEntry>,
    /// Places derived in the current batch, checked for cycles once their edges are in.
    places: Vec<Record>,
    /// The file held no record when the import began: nothing incoming can be in it.
    was_empty: bool,
    /// The secondary indexes and count triggers dropped for an import into an empty file,
    /// as the SQL that makes them again when every row is in (`build_deferred`); empty
    /// otherwise.
    deferred_schema: Vec<String>,
    /// Records of kinds others refer to, written and derived by this import: their rows are
    /// final, so records referring to them need not look them up.
    derived: HashMap<Uuid, End>,
    /// Judgements that came with the import, written at the end (their records first).
    judgements: Vec<crate::model::judgement::Judgement>,
    seen: u64,
}

/// Hears where the last step of an import stands (records derived so far, of how many);
/// returning false stops the import, which then writes nothing.
pub type DeriveProgress<'p> = &'p mut dyn FnMut(u64, u64) -> bool;

impl Store {
    /// Imports with the defaults: conflicts keep this file's copy.
    pub fn import_records(&mut self, records: Vec<Record>) -> Result<ImportReport> {
        self.import_with(records, ImportOptions::default())
    }

    /// Writes records from elsewhere, all or nothing. Every reference must resolve within
    /// `records` or this file. Timestamps are kept as given; a written record remembers the
    /// incoming version as its `base`.
    pub fn import_with(
        &mut self,
        records: Vec<Record>,
        options: ImportOptions,
    ) -> Result<ImportReport> {
        let mut check = ImportCheck::new();
        for (at, record) in records.iter().enumerate() {
            check.add(at as u64, record).map_err(|e| named(e, record))?;
        }
        let plan = match check.finish(self) {
            Ok(plan) => plan,
            Err(e @ StoreError::InImport { at, .. }) => {
                return Err(match records.get(at as usize) {
                    Some(record) => named(e, record),
                    None => e,
                });
            }
            Err(e) => return Err(e),
        };
        let mut writer = self.import_writer(plan, options)?;
        for record in records {
            writer.add(record)?;
        }
        writer.finish(&mut |_, _| true)
    }

    /// Starts the second pass of an import checked by `plan`. Unless it is a dry run, a file
    /// holding records is backed up first, and the write lock is taken.
    pub fn import_writer(
        &mut self,
        plan: ImportPlan,
        options: ImportOptions,
    ) -> Result<ImportWriter<'_>> {
        if !options.dry_run && !options.team_pull {
            // Before every import that changes a file holding records: a backup to go back to.
            self.backup_before_import()?;
        }
        let was_empty = !self.has_records()?;
        if was_empty && !options.dry_run {
            // With temporary storage in memory SQLite sorts a whole index in memory when it
            // builds one (1.4M records: 635 MB at the peak); on file it sorts in runs the size
            // of the page cache. It can only change outside a transaction; `finish` sets it
            // back (after a refused import it stays on file: sorts spill, nothing else).
            if let Err(e) = self.conn.execute_batch("PRAGMA temp_store = FILE") {
                log::warn!("the import's indexes will be sorted in memory: {e}");
            }
        }
        let store: &Store = self;
        // A dry run only reads: it needs no write lock and works on a read-only file.
        let tx = if options.dry_run {
            Transaction::new_unchecked(&store.conn, rusqlite::TransactionBehavior::Deferred)?
        } else {
            store.begin_write()?
        };
        let mut deferred_schema = Vec::new();
        if !options.dry_run {
            super::write::set_fts_hashsize(&tx, IMPORT_HASHSIZE)?;
            if was_empty {
                deferred_schema = drop_deferrable_schema(&tx)?;
                // References were checked before a row is written: checking each again at
                // the commit spares every insert a statement savepoint, and FTS5 writes its
                // pending terms to disk at each savepoint (a segment per batch to be merged).
                tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
            }
        }
        Ok(ImportWriter {
            store,
            tx,
            report: ImportReport {
                dry_run: options.dry_run,
                ..ImportReport::default()
            },
            plan,
            options,
            batch: None,
            deferred: Vec::new(),
            entries: Vec::new(),
            places: Vec::new(),
            was_empty,
            deferred_schema,
            derived: HashMap::new(),
            judgements: Vec::new(),
            seen: 0,
        })
    }
}

/// The memory FTS5 keeps an import's pending terms in (one segment written per 64 MB).
const IMPORT_HASHSIZE: i64 = 64 << 20;

/// Tables whose secondary indexes an import into an empty file builds after its rows: each
/// index is then written once, in order, instead of a page at a time at random places (a
/// page the cache lets go of is written to the log again when it is touched again).
const DEFERRABLE_INDEX_TABLES: &str = "'record', 'edge', 'change_log'";

/// Indexes the import itself reads while it writes, kept: records found by uuid (the unique
/// index is the uuid's constraint) and the merged-record indexes, empty in an empty file.
const INDEXES_KEPT: &str = "'record_merged', 'edge_src_written', 'edge_dst_written'";

/// Drops what an import into an empty file can make afterwards: the secondary indexes, and
/// the triggers keeping the record counts (a trigger makes each insert open a savepoint; the
/// counts are taken once at the end). Returns the SQL that makes them again.
fn drop_deferrable_schema(tx: &Transaction) -> Result<Vec<String>> {
    let dropped: Vec<(String, String, String)> = tx
        .prepare(&format!(
            "SELECT type, name, sql FROM sqlite_master
             WHERE sql IS NOT NULL AND (
                 (type = 'index' AND tbl_name IN ({DEFERRABLE_INDEX_TABLES})
                  AND name NOT IN ({INDEXES_KEPT}))
                 OR (type = 'trigger' AND tbl_name = 'record' AND name LIKE 'record_count_%'))
             ORDER BY type, name"
        ))?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (kind, name, _) in &dropped {
        let kind = if kind == "trigger" {
            "TRIGGER"
        } else {
            "INDEX"
        };
        tx.execute_batch(&format!("DROP {kind} \"{}\"", name.replace('"', "\"\"")))?;
    }
    Ok(dropped.into_iter().map(|(_, _, sql)| sql).collect())
}

/// The record counts taken anew from the rows (the triggers' work, after an import into an
/// empty file that dropped them).
const RECOUNT_RECORDS: &str = "
    DELETE FROM record_count;
    INSERT INTO record_count (kind, trashed, n)
        SELECT kind, (deleted_at IS NOT NULL) + 2 * (merged_into IS NOT NULL), count(*)
        FROM record GROUP BY 1, 2;";

/// The change-log batch an import writes: one the user can undo, or for changes pulled from
/// the team's server, one that is only recorded.
fn new_batch(tx: &Transaction, options: &ImportOptions) -> Result<Batch> {
    if options.team_take {
        Batch::taken(tx)
    } else if options.team_pull {
        Batch::pulled(tx)
    } else {
        Batch::edit(tx)
    }
}

/// Whether records of this kind are referred to by others (statements and links only by
/// links, which are few).
fn is_referred_to(kind: RecordKind) -> bool {
    !matches!(kind, RecordKind::Statement | RecordKind::Link)
}

/// A store error about `record`, with its kind and name in place of its place in the import.
fn named(error: StoreError, record: &Record) -> StoreError {
    match error {
        StoreError::InImport { message, .. } => StoreError::InImport {
            at: 0,
            uuid: record.uuid(),
            message: format!(
                "{} '{}' ({}): {message}",
                record.kind().label(),
                record.name(),
                record.uuid()
            ),
        },
        other => other,
    }
}

impl<'a> ImportWriter<'a> {
    /// Judgements that came with the import: written when it finishes, after its records.
    pub fn add_judgements(&mut self, judgements: Vec<crate::model::judgement::Judgement>) {
        self.judgements.extend(judgements);
    }

    /// Writes the import's judgements, logged with the import (undone with it), and makes
    /// the clusters they touch match. A judgement this file cannot hold (a record missing,
    /// in the Trash, or of a kind that is never merged) is left out and counted.
    fn write_judgements(&mut self) -> Result<()> {
        let mut touched = Vec::new();
        for judgement in std::mem::take(&mut self.judgements) {
            if super::merge::receivable(&self.tx, &judgement).is_err() {
                self.report.judgements_left_out += 1;
                continue;
            }
            let batch = match self.batch {
                Some(b) => b,
                None => *self.batch.insert(new_batch(&self.tx, &self.options)?),
            };
            match super::merge::insert_received(&self.tx, batch, &judgement)? {
                super::merge::Received::Added | super::merge::Received::Withdrawn => {
                    self.report.judgements += 1;
                    touched.extend([judgement.a, judgement.b]);
                }
                super::merge::Received::Known => {}
            }
        }
        super::merge::after_import(&self.tx, &touched)
    }

    /// Records classified so far.
    pub fn seen(&self) -> u64 {
        self.seen
    }

    /// How many records the import holds.
    pub fn total(&self) -> u64 {
        self.plan.len()
    }

    /// Classifies one incoming record (given in the same order as to the check) and, as the
    /// options say, writes its row and its change-log line.
    pub fn add(&mut self, mut record: Record) -> Result<()> {
        self.seen += 1;
        // Fields this version has no place for: said in the report, never dropped unsaid.
        let section = format!("{}s", record.kind().as_str());
        for key in record.meta_mut().plain.take_dropped() {
            self.report
                .fields_left_out
                .insert(format!("{section}: {key}"));
        }
        for key in record.meta().plain.undescribed(record.kind()) {
            self.report
                .fields_kept_unshown
                .insert(format!("{section}: {key}"));
        }
        let tx = &self.tx;
        if !self.plan.pending.contains_key(&record.uuid()) {
            return Err(StoreError::InImport {
                at: self.seen - 1,
                uuid: record.uuid(),
                message:
                    "this record was not in the import when it was checked (did the file change?)"
                        .into(),
            });
        }
        check_references(tx, &record, &self.plan.pending)?;
        let existing = if self.was_empty {
            None
        } else {
            load(tx, record.uuid())?
        };
        if let Some((_, existing)) = &existing
            && existing.kind() != record.kind()
        {
            return Err(StoreError::Reference {
                kind: record.kind(),
                label: record.name().to_string(),
                uuid: record.uuid(),
                missing: record.uuid(),
                problem: format!(
                    "but that uuid is {} in this file",
                    with_article(existing.kind())
                ),
            });
        }
        let existing = existing.map(|(_, r)| r);
        let kind = record.kind();
        let report = &mut self.report;
        let verdict = match (self.options.team_pull, existing.as_ref()) {
            // The server's copy exactly (its time too, so that copies stay identical).
            (true, Some(ours)) if same_but_base(ours, &record) => Verdict::Unchanged,
            (true, Some(_)) => Verdict::Update,
            _ => classify(existing.as_ref(), &record),
        };
        let write = match verdict {
            Verdict::New => {
                *report.added.entry(kind).or_default() += 1;
                true
            }
            Verdict::Update => {
                *report.updated.entry(kind).or_default() += 1;
                true
            }
            Verdict::Unchanged => {
                *report.unchanged.entry(kind).or_default() += 1;
                false
            }
            Verdict::Kept => {
                *report.kept.entry(kind).or_default() += 1;
                false
            }
            Verdict::Conflict => {
                report.conflicts.push(Conflict {
                    uuid: record.uuid(),
                    kind,
                    ours: existing
                        .as_ref()
                        .map(|r| r.name().to_string())
                        .unwrap_or_default(),
                    theirs: record.name().to_string(),
                });
                let choice = if self.options.take_theirs.contains(&record.uuid()) {
                    OnConflict::Theirs
                } else {
                    self.options.on_conflict
                };
                match choice {
                    OnConflict::Theirs => {
                        *report.updated.entry(kind).or_default() += 1;
                        true
                    }
                    OnConflict::Keep => {
                        *report.kept.entry(kind).or_default() += 1;
                        false
                    }
                    OnConflict::Fail => false,
                }
            }
        };
        // A dry run writes nothing; an import that fails on its conflicts is rolled back.
        if !write || self.options.dry_run {
            return Ok(());
        }
        let received = record.meta().updated_at;
        record.meta_mut().base = Some(received);
        let batch = match self.batch {
            Some(b) => b,
            None => *self.batch.insert(new_batch(tx, &self.options)?),
        };
        let fresh = existing.is_none();
        // Derived first, so that the row is written once with its title and columns; a
        // record referring ahead is written now and derived at the end.
        let known = |uuid: Uuid| self.derived.get(&uuid).cloned();
        let Some(derived) = derive(tx, &record, &known, true)? else {
            let id = self.write_row(&record, None)?;
            log_change(tx, batch, &record, "import", existing.as_ref())?;
            self.deferred.push((id, fresh));
            return Ok(());
        };
        let id = self.write_row(&record, Some(&derived))?;
        log_change(tx, batch, &record, "import", existing.as_ref())?;
        write_edges(tx, id, &record, &derived, fresh)?;
        if is_referred_to(record.kind()) {
            self.derived.insert(
                record.uuid(),
                End {
                    id,
                    grade: record.reliability().map(|g| g.as_str().to_string()),
                    names: crate::model::ReferencedNames::new(
                        derived.title.clone(),
                        super::write::aliases_of(&record),
                    ),
                    // Merges are applied after the import's records (`merge::after_import`).
                    merged_into: None,
                },
            );
        }
        self.entries
            .push(derived.into_entry(id, record.kind(), fresh));
        if matches!(record, Record::Place(_)) {
            self.places.push(record);
        }
        if self.entries.len() >= DERIVE_BATCH {
            self.write_entries()?;
        }
        Ok(())
    }

    /// Writes the batch's index entries (after its rows: see `derive_rows`) and checks its
    /// places: a cycle is found when its last edge is in, at the latest by this check.
    fn write_entries(&mut self) -> Result<()> {
        for entry in self.entries.drain(..) {
            write_index(&self.tx, &entry)?;
        }
        // Without the edge indexes a walk up the places would read every edge: the places
        // of an import into an empty file are checked once the indexes are built again.
        if !self.indexes_deferred() {
            self.check_places()?;
        }
        Ok(())
    }

    fn check_places(&mut self) -> Result<()> {
        for place in self.places.drain(..) {
            check_place_cycle(&self.tx, &place)?;
        }
        Ok(())
    }

    /// Makes again what an import into an empty file dropped (`drop_deferrable_schema`):
    /// the record counts, the triggers that keep them and the indexes; then checks the
    /// places held back until the indexes were there.
    fn build_deferred(&mut self) -> Result<()> {
        let schema = std::mem::take(&mut self.deferred_schema);
        if schema.is_empty() {
            return Ok(());
        }
        self.tx.execute_batch(RECOUNT_RECORDS)?;
        for sql in schema {
            self.tx.execute_batch(&sql)?;
        }
        self.check_places()
    }

    /// Writes a record's row: a plain insert in an import into an empty file.
    fn write_row(&self, record: &Record, derived: Option<&super::write::Derived>) -> Result<i64> {
        if self.indexes_deferred() {
            insert_new_row(&self.tx, record, derived)
        } else {
            put_row_with(&self.tx, record, derived)
        }
    }

    /// The import's transaction, for what must be written with it (a team pull's versions).
    pub(super) fn transaction(&self) -> &Transaction<'a> {
        &self.tx
    }

    /// On the bulk road of an import into an empty file, until its indexes are made again.
    fn indexes_deferred(&self) -> bool {
        !self.deferred_schema.is_empty()
    }
}

impl ImportWriter<'_> {
    /// Ends the import: refuses it if conflicts were to stop it, derives the records that
    /// referred ahead from their written rows a batch at a time (reporting records done of
    /// the total), writes the last index entries and commits. A dry run returns its report
    /// having written nothing.
    pub fn finish(mut self, progress: DeriveProgress) -> Result<ImportReport> {
        let unresolved = self
            .report
            .conflicts
            .iter()
            .any(|c| !self.options.take_theirs.contains(&c.uuid));
        if self.options.on_conflict == OnConflict::Fail && unresolved {
            return Err(StoreError::Conflicts(self.report.conflicts));
        }
        if self.options.dry_run {
            return Ok(self.report);
        }
        self.write_entries()?;
        let deferred = std::mem::take(&mut self.deferred);
        let total = deferred.len() as u64;
        let mut done = 0;
        for chunk in deferred.chunks(DERIVE_BATCH) {
            for &(id, fresh) in chunk {
                let record = load_by_id(&self.tx, id)?;
                self.entries
                    .push(derive_rows(&self.tx, id, &record, fresh)?);
                if matches!(record, Record::Place(_)) {
                    self.places.push(record);
                }
            }
            self.write_entries()?;
            done += chunk.len() as u64;
            if !progress(done, total) {
                return Err(StoreError::Stopped);
            }
        }
        if total == 0 && !progress(0, 0) {
            return Err(StoreError::Stopped);
        }
        self.build_deferred()?;
        self.write_judgements()?;
        let ImportWriter {
            store, tx, report, ..
        } = self;
        super::write::set_fts_hashsize(&tx, super::write::DEFAULT_HASHSIZE)?;
        tx.commit()?;
        if let Err(e) = store.conn.execute_batch("PRAGMA temp_store = MEMORY") {
            log::warn!("after the import, temporary storage stays on file: {e}");
        }
        // The import is committed: what follows is housekeeping, and its failure (another
        // writer taking the lock at once, say) must not report the import as failed.
        // Bulk writes change the shape of the data: let SQLite refresh its planner statistics.
        if let Err(e) = store.conn.execute_batch("PRAGMA optimize") {
            log::warn!("after the import, PRAGMA optimize failed: {e}");
        }
        Ok(report)
    }
}
