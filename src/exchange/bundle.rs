//! The bundle: a set of records as one JSON document (see docs/BUNDLE.md). Export writes
//! records in a fixed order so that the same records give the same bytes; import validates
//! everything first and names the first bad record, then merges by uuid in one transaction.

use crate::model::{Actor, Link, Meeting, Place, Record, RecordKind, Source, Statement, Topic};
use crate::store::{ImportOptions, ImportReport, Store, StoreError};
use serde::Serialize;
use std::collections::HashSet;
use uuid::Uuid;

pub const FORMAT: &str = "chancery-bundle";
/// 2: a participant has a list of `roles` (version 1 had one `role`, still read).
pub const VERSION: u64 = 2;

/// The sections of a bundle and the kind of record each holds, in file order.
pub const SECTIONS: [(&str, RecordKind); 7] = [
    ("actors", RecordKind::Actor),
    ("meetings", RecordKind::Meeting),
    ("statements", RecordKind::Statement),
    ("sources", RecordKind::Source),
    ("places", RecordKind::Place),
    ("topics", RecordKind::Topic),
    ("links", RecordKind::Link),
];

/// A set of records grouped by kind.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Bundle {
    pub format: &'static str,
    pub version: u64,
    pub actors: Vec<Actor>,
    pub meetings: Vec<Meeting>,
    pub statements: Vec<Statement>,
    pub sources: Vec<Source>,
    pub places: Vec<Place>,
    pub topics: Vec<Topic>,
    pub links: Vec<Link>,
}

/// Why a bundle cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("not a Chancery bundle: {0}")]
    NotABundle(String),
    #[error(
        "the bundle is version {0}, made by a newer Chancery; this program reads version {VERSION}"
    )]
    NewerVersion(u64),
    #[error("{section}[{index}]{uuid}: {message}")]
    Record {
        section: &'static str,
        index: usize,
        uuid: String,
        message: String,
    },
}

/// Why an import wrote nothing. The cause is part of the message and deliberately not a
/// `source`, so that a report of the whole error chain does not say it twice.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}; nothing was imported")]
    Bundle(BundleError),
    #[error("{0}; nothing was imported")]
    Store(StoreError),
    #[error("{0}; nothing was imported")]
    Csv(super::csv_files::CsvError),
    #[error("cannot read {path}: {reason}; nothing was imported")]
    Read { path: String, reason: String },
}

impl From<BundleError> for ImportError {
    fn from(e: BundleError) -> Self {
        ImportError::Bundle(e)
    }
}

impl From<StoreError> for ImportError {
    fn from(e: StoreError) -> Self {
        ImportError::Store(e)
    }
}

impl From<super::csv_files::CsvError> for ImportError {
    fn from(e: super::csv_files::CsvError) -> Self {
        ImportError::Csv(e)
    }
}

impl Bundle {
    /// Groups records by kind, each group ordered by uuid.
    pub fn from_records(records: impl IntoIterator<Item = Record>) -> Bundle {
        let mut b = Bundle {
            format: FORMAT,
            version: VERSION,
            ..Bundle::default()
        };
        for record in records {
            match record {
                Record::Actor(r) => b.actors.push(r),
                Record::Meeting(r) => b.meetings.push(r),
                Record::Statement(r) => b.statements.push(r),
                Record::Source(r) => b.sources.push(r),
                Record::Place(r) => b.places.push(r),
                Record::Topic(r) => b.topics.push(r),
                Record::Link(r) => b.links.push(r),
            }
        }
        b.actors.sort_by_key(|r| r.meta.uuid);
        b.meetings.sort_by_key(|r| r.meta.uuid);
        b.statements.sort_by_key(|r| r.meta.uuid);
        b.sources.sort_by_key(|r| r.meta.uuid);
        b.places.sort_by_key(|r| r.meta.uuid);
        b.topics.sort_by_key(|r| r.meta.uuid);
        b.links.sort_by_key(|r| r.meta.uuid);
        b
    }

    /// A bundle for export: every copy records the version it descends from (`base`), so
    /// that importing it back elsewhere can tell an update from a conflict.
    pub fn for_export(records: impl IntoIterator<Item = Record>) -> Bundle {
        Bundle::from_records(records.into_iter().map(|mut r| {
            let meta = r.meta_mut();
            meta.base = meta.base.or(Some(meta.updated_at));
            r
        }))
    }

    /// All records, kind by kind.
    pub fn into_records(self) -> Vec<Record> {
        let mut out = Vec::with_capacity(self.len());
        out.extend(self.actors.into_iter().map(Record::Actor));
        out.extend(self.meetings.into_iter().map(Record::Meeting));
        out.extend(self.statements.into_iter().map(Record::Statement));
        out.extend(self.sources.into_iter().map(Record::Source));
        out.extend(self.places.into_iter().map(Record::Place));
        out.extend(self.topics.into_iter().map(Record::Topic));
        out.extend(self.links.into_iter().map(Record::Link));
        out
    }

    pub fn len(&self) -> usize {
        self.actors.len()
            + self.meetings.len()
            + self.statements.len()
            + self.sources.len()
            + self.places.len()
            + self.topics.len()
            + self.links.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bundle as pretty JSON ending in a newline; the same records give the same text.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads and validates a bundle; the first problem is reported with its section, index
    /// and uuid.
    pub fn parse(text: &str) -> Result<Bundle, BundleError> {
        let value: serde_json::Value = serde_json::from_str(text)?;
        let serde_json::Value::Object(mut root) = value else {
            return Err(BundleError::NotABundle(
                "the document is not a JSON object".into(),
            ));
        };
        match root.remove("format") {
            Some(serde_json::Value::String(f)) if f == FORMAT => {}
            Some(other) => {
                return Err(BundleError::NotABundle(format!(
                    "\"format\" is {other}, expected \"{FORMAT}\""
                )));
            }
            None => return Err(BundleError::NotABundle("it has no \"format\" field".into())),
        }
        match root.remove("version").and_then(|v| v.as_u64()) {
            Some(v) if v > VERSION => return Err(BundleError::NewerVersion(v)),
            Some(_) => {}
            None => {
                return Err(BundleError::NotABundle(
                    "\"version\" is missing or not a number".into(),
                ));
            }
        }
        let mut records = Vec::new();
        let mut seen = HashSet::new();
        for (section, kind) in SECTIONS {
            let items = match root.remove(section) {
                None | Some(serde_json::Value::Null) => continue,
                Some(serde_json::Value::Array(items)) => items,
                Some(_) => {
                    return Err(BundleError::NotABundle(format!(
                        "\"{section}\" is not a list"
                    )));
                }
            };
            for (index, item) in items.into_iter().enumerate() {
                let uuid = item
                    .get("uuid")
                    .and_then(|u| u.as_str())
                    .map(|u| format!(" ({u})"))
                    .unwrap_or_default();
                let fail = |message: String| BundleError::Record {
                    section,
                    index,
                    uuid: uuid.clone(),
                    message,
                };
                let record = Record::from_json(kind, item).map_err(|e| fail(e.to_string()))?;
                record.validate().map_err(|e| fail(e.to_string()))?;
                if !seen.insert(record.uuid()) {
                    return Err(fail("the same uuid appears twice in the bundle".into()));
                }
                records.push(record);
            }
        }
        if let Some(key) = root.keys().next() {
            return Err(BundleError::NotABundle(format!(
                "unknown section \"{key}\""
            )));
        }
        Ok(Bundle::from_records(records))
    }
}

/// The records to export: the whole knowledge base (Trash included, so that a round trip
/// loses nothing), or the given uuids only.
pub fn export_bundle(store: &Store, only: Option<&[Uuid]>) -> Result<Bundle, StoreError> {
    let records = match only {
        None => store.all_records(true)?,
        Some(uuids) => {
            let mut out = Vec::with_capacity(uuids.len());
            for uuid in uuids {
                out.push(store.get(*uuid)?.ok_or(StoreError::NotFound(*uuid))?);
            }
            out
        }
    };
    Ok(Bundle::for_export(records))
}

/// Validates `text` as a bundle and merges it into `store`, all or nothing; conflicts keep
/// this file's copy.
pub fn import_bundle(store: &mut Store, text: &str) -> Result<ImportReport, ImportError> {
    import_bundle_with(store, text, ImportOptions::default())
}

/// Imports a bundle file, or Chancery CSV files (a folder or a zip), as `options` say, all
/// or nothing.
pub fn import_path(
    store: &mut Store,
    path: &std::path::Path,
    options: ImportOptions,
) -> Result<ImportReport, ImportError> {
    if std::fs::symlink_metadata(path).is_err() {
        return Err(ImportError::Read {
            path: path.display().to_string(),
            reason: "no such file or folder".into(),
        });
    }
    let csv = if path.is_dir() {
        Some(super::csv_files::read_folder(path)?)
    } else if super::csv_files::is_zip(path) {
        Some(super::csv_files::read_zip(path)?)
    } else {
        None
    };
    if let Some(records) = csv {
        for record in &records {
            record.validate().map_err(|e| StoreError::Invalid {
                kind: record.kind(),
                label: record.name().to_string(),
                error: e,
            })?;
        }
        return Ok(store.import_with(records, options)?);
    }
    let unreadable = |reason: String| ImportError::Read {
        path: path.display().to_string(),
        reason,
    };
    let bytes = super::limits::read_file(path).map_err(unreadable)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        unreadable(format!(
            "it is not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    import_bundle_with(store, &text, options)
}

/// Validates `text` as a bundle and merges it into `store` as `options` say, all or nothing.
pub fn import_bundle_with(
    store: &mut Store,
    text: &str,
    options: ImportOptions,
) -> Result<ImportReport, ImportError> {
    let bundle = Bundle::parse(text)?;
    Ok(store.import_with(bundle.into_records(), options)?)
}
