//! What reading another tool's format gives before the import proper: the records made, and
//! what the file held that Chancery does not (counted by type, listed, never fatal). The
//! records then go through the import every bundle takes (check, preview, conflicts, one
//! transaction), so a STIX or FollowTheMoney file is imported like our own bundle.

use crate::model::{Record, RecordKind};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use uuid::Uuid;

/// Records read from another format, with what was left out.
#[derive(Debug, Default)]
pub struct Converted {
    pub records: Vec<Record>,
    /// What the file held that no record takes, by its type ("indicator", "Vessel"), and
    /// objects that could not be read, as "identity (invalid: …)".
    pub not_imported: BTreeMap<String, usize>,
}

impl Converted {
    /// Notes one object left out.
    pub fn leave_out(&mut self, what: impl Into<String>) {
        *self.not_imported.entry(what.into()).or_default() += 1;
    }

    /// Makes a record of `kind` from its JSON form; one that does not read is left out and
    /// counted with the reason.
    pub fn add(&mut self, kind: RecordKind, fields: Map<String, Value>, what: &str) {
        match Record::from_json(kind, Value::Object(fields)) {
            Ok(record) => self.records.push(record),
            Err(error) => self.leave_out(format!("{what} (unreadable: {error})")),
        }
    }
}

/// A uuid for something another tool names by a string id with no uuid in it: the same id
/// gives the same uuid, so importing the same file again updates rather than duplicates.
pub fn uuid_for(id: &str) -> Uuid {
    const NAMESPACE: Uuid = Uuid::from_u128(0x7e3f_0a52_91c4_4b8e_a3d6_58c0_f1b2_9d47);
    Uuid::new_v5(&NAMESPACE, id.as_bytes())
}

/// Why a file in another tool's format cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ForeignError {
    #[error("not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{0}")]
    Shape(String),
    #[error("line {line}: {message}")]
    Line { line: usize, message: String },
}
