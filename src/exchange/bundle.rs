//! The bundle: a set of records as one JSON document (see docs/BUNDLE.md), its sections and
//! errors, and a bundle held whole in memory (small sets, tests). Export writes records in a
//! fixed order so that the same records give the same bytes; large bundles are read and
//! written as streams (`bundle_read`, `bundle_write`) and imported by `import`.

use super::bundle_write::BundleWriter;
use crate::model::judgement::Judgement;
use crate::model::{Actor, Link, Meeting, Place, Record, RecordKind, Source, Statement, Topic};
use crate::store::{Store, StoreError};
use serde::Serialize;
use std::collections::HashSet;
use uuid::Uuid;

pub const FORMAT: &str = "chancery-bundle";
/// 2: a participant has a list of `roles` (version 1 had one `role`, still read).
/// 3: the `judgements` and `canonical` sections (duplicates merged or kept apart).
pub const VERSION: u64 = 3;

/// The section of judgements: which records are, are not, or may be the same.
pub const JUDGEMENTS: &str = "judgements";
/// The section naming each merged record's canonical record (informative: derived again from
/// the judgements on import).
pub const CANONICAL: &str = "canonical";

/// The sections of a bundle and the kind of record each holds, in file order: every kind
/// after the kinds its records refer to (links, which may join anything, last), so that an
/// import can write each record whole as it reads it. Readers take sections in any order.
pub const SECTIONS: [(&str, RecordKind); 7] = [
    ("places", RecordKind::Place),
    ("topics", RecordKind::Topic),
    ("sources", RecordKind::Source),
    ("actors", RecordKind::Actor),
    ("meetings", RecordKind::Meeting),
    ("statements", RecordKind::Statement),
    ("links", RecordKind::Link),
];

/// A set of records grouped by kind.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Bundle {
    pub format: &'static str,
    pub version: u64,
    pub places: Vec<Place>,
    pub topics: Vec<Topic>,
    pub sources: Vec<Source>,
    pub actors: Vec<Actor>,
    pub meetings: Vec<Meeting>,
    pub statements: Vec<Statement>,
    pub links: Vec<Link>,
    /// Which records are, are not, or may be the same.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub judgements: Vec<Judgement>,
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
        Bundle::from_records(records.into_iter().map(exported))
    }

    /// All records, section by section.
    pub fn into_records(self) -> Vec<Record> {
        let mut out = Vec::with_capacity(self.len());
        out.extend(self.places.into_iter().map(Record::Place));
        out.extend(self.topics.into_iter().map(Record::Topic));
        out.extend(self.sources.into_iter().map(Record::Source));
        out.extend(self.actors.into_iter().map(Record::Actor));
        out.extend(self.meetings.into_iter().map(Record::Meeting));
        out.extend(self.statements.into_iter().map(Record::Statement));
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

    /// The bundle as pretty JSON ending in a newline; the same records give the same text,
    /// the text a streamed export writes (`BundleWriter`).
    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        let written = (|| -> std::io::Result<()> {
            let mut writer = BundleWriter::begin(&mut out)?;
            for record in self.records() {
                writer.record(&record)?;
            }
            writer.end_with(&self.judgements, &Default::default())?;
            Ok(())
        })();
        // Writing into memory fails only if a record cannot be serialised, which plain
        // structs of strings, numbers and uuids cannot.
        if let Err(e) = written {
            log::error!("a bundle could not be written: {e}");
        }
        String::from_utf8(out).unwrap_or_default()
    }

    /// Every record, section by section, as copies.
    fn records(&self) -> impl Iterator<Item = Record> + '_ {
        let actors = self.actors.iter().cloned().map(Record::Actor);
        let meetings = self.meetings.iter().cloned().map(Record::Meeting);
        let statements = self.statements.iter().cloned().map(Record::Statement);
        let sources = self.sources.iter().cloned().map(Record::Source);
        let places = self.places.iter().cloned().map(Record::Place);
        let topics = self.topics.iter().cloned().map(Record::Topic);
        let links = self.links.iter().cloned().map(Record::Link);
        places
            .chain(topics)
            .chain(sources)
            .chain(actors)
            .chain(meetings)
            .chain(statements)
            .chain(links)
    }

    /// Reads and validates a bundle held in memory; the first problem is reported with its
    /// section, index and uuid.
    pub fn parse(text: &str) -> Result<Bundle, BundleError> {
        let mut records = Vec::new();
        let mut seen = HashSet::new();
        let meter = super::bundle_read::Meter::default();
        let judgements = super::bundle_read::read_records(
            text.as_bytes(),
            &meter,
            &mut |at, record: Record| {
                let fail = |message: String| BundleError::Record {
                    section: at.section,
                    index: at.index,
                    uuid: format!(" ({})", record.uuid()),
                    message,
                };
                record.validate().map_err(|e| fail(e.to_string()))?;
                if !seen.insert(record.uuid()) {
                    return Err(fail("the same uuid appears twice in the bundle".into()));
                }
                records.push(record);
                Ok(())
            },
        )?;
        Ok(Bundle {
            judgements,
            ..Bundle::from_records(records)
        })
    }
}

/// A record as it is exported: it records the version it descends from (`base`), so that
/// importing it back elsewhere can tell an update from a conflict.
pub fn exported(mut record: Record) -> Record {
    let meta = record.meta_mut();
    meta.base = meta.base.or(Some(meta.updated_at));
    record
}

/// The order of records in a bundle: by section, then by uuid.
pub fn bundle_order(record: &Record) -> (usize, Uuid) {
    let section = SECTIONS
        .iter()
        .position(|(_, kind)| *kind == record.kind())
        .unwrap_or(SECTIONS.len());
    (section, record.uuid())
}

/// The record kinds in the order of a bundle's sections.
pub fn section_kinds() -> [RecordKind; 7] {
    SECTIONS.map(|(_, kind)| kind)
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
