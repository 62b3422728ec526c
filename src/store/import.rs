//! Import: records from another knowledge base merged by uuid, all or nothing. Each incoming
//! record is classified against this file's copy using the version both last shared (`base`):
//! new, update (only theirs changed), unchanged, kept (only ours changed) or conflict (both
//! changed). Conflicts are kept, taken, or stop the import, as the caller chooses; a dry run
//! validates and classifies everything and writes nothing.

use super::Store;
use super::error::{Result, StoreError};
use super::history::{Batch, log_change};
use super::write::{
    check_place_cycle, check_references, check_valid, derive_rows, load, put_row, write_index,
};
use crate::model::{Record, RecordKind};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

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
        let mut report = ImportReport {
            dry_run: options.dry_run,
            ..ImportReport::default()
        };
        if !options.dry_run {
            // Before every import that changes a file holding records: a backup to go back to.
            self.backup_before_import()?;
        }
        // A dry run only reads: it needs no write lock and works on a read-only file.
        let tx = if options.dry_run {
            self.conn.transaction()?
        } else {
            self.write_transaction()?
        };
        let pending: HashMap<Uuid, RecordKind> =
            records.iter().map(|r| (r.uuid(), r.kind())).collect();
        let mut writes: Vec<(Record, Option<Record>)> = Vec::new();
        for mut record in records {
            check_valid(&record)?;
            check_references(&tx, &record, &pending)?;
            let existing = load(&tx, record.uuid())?.map(|(_, r)| r);
            if let Some(existing) = &existing
                && existing.kind() != record.kind()
            {
                return Err(StoreError::Reference {
                    kind: record.kind(),
                    label: record.name().to_string(),
                    uuid: record.uuid(),
                    missing: record.uuid(),
                    problem: format!(
                        "but that uuid is a {} in this file",
                        existing.kind().label().to_lowercase()
                    ),
                });
            }
            let kind = record.kind();
            let verdict = classify(existing.as_ref(), &record);
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
                    let choice = if options.take_theirs.contains(&record.uuid()) {
                        OnConflict::Theirs
                    } else {
                        options.on_conflict
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
            if write {
                let received = record.meta().updated_at;
                record.meta_mut().base = Some(received);
                writes.push((record, existing));
            }
        }
        let unresolved = report
            .conflicts
            .iter()
            .any(|c| !options.take_theirs.contains(&c.uuid));
        if options.on_conflict == OnConflict::Fail && unresolved {
            return Err(StoreError::Conflicts(report.conflicts));
        }
        if options.dry_run {
            return Ok(report);
        }
        // Rows first, so that every reference can resolve; then edges, index and log.
        let batch = Batch::edit(&tx)?;
        let mut ids = Vec::with_capacity(writes.len());
        for (record, _) in &writes {
            ids.push(put_row(&tx, record)?);
        }
        let mut index = Vec::with_capacity(writes.len());
        for ((record, before), id) in writes.iter().zip(ids) {
            index.push(derive_rows(&tx, id, record, before.is_none())?);
            log_change(&tx, batch, record, "import", before.as_ref())?;
        }
        for entry in &index {
            write_index(&tx, entry)?;
        }
        for (record, _) in &writes {
            check_place_cycle(&tx, record)?;
        }
        tx.commit()?;
        // The import is committed: what follows is housekeeping, and its failure (another
        // writer taking the lock at once, say) must not report the import as failed.
        // Bulk writes change the shape of the data: let SQLite refresh its planner statistics.
        if let Err(e) = self.conn.execute_batch("PRAGMA optimize") {
            log::warn!("after the import, PRAGMA optimize failed: {e}");
        }
        Ok(report)
    }
}
