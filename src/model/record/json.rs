//! A record as JSON, as kept in the file, the change log and bundles.

use super::{Record, RecordKind};

impl Record {
    /// The record as JSON, as kept in the file, the change log and bundles.
    pub fn to_json(&self) -> serde_json::Value {
        let value = match self {
            Record::Actor(r) => serde_json::to_value(r),
            Record::Meeting(r) => serde_json::to_value(r),
            Record::Statement(r) => serde_json::to_value(r),
            Record::Source(r) => serde_json::to_value(r),
            Record::Place(r) => serde_json::to_value(r),
            Record::Topic(r) => serde_json::to_value(r),
            Record::Link(r) => serde_json::to_value(r),
        };
        // Serialising plain structs of strings, numbers and uuids cannot fail.
        value.unwrap_or(serde_json::Value::Null)
    }
    /// The record as JSON text (the form `to_json` gives, written without building a value).
    pub fn to_json_text(&self) -> Result<String, serde_json::Error> {
        match self {
            Record::Actor(r) => serde_json::to_string(r),
            Record::Meeting(r) => serde_json::to_string(r),
            Record::Statement(r) => serde_json::to_string(r),
            Record::Source(r) => serde_json::to_string(r),
            Record::Place(r) => serde_json::to_string(r),
            Record::Topic(r) => serde_json::to_string(r),
            Record::Link(r) => serde_json::to_string(r),
        }
    }
    /// Reads a record of `kind` from JSON text (as `from_json` reads a value).
    pub fn from_json_text(kind: RecordKind, text: &str) -> Result<Record, serde_json::Error> {
        Ok(match kind {
            RecordKind::Actor => Record::Actor(serde_json::from_str(text)?),
            RecordKind::Meeting => Record::Meeting(serde_json::from_str(text)?),
            RecordKind::Statement => Record::Statement(serde_json::from_str(text)?),
            RecordKind::Source => Record::Source(serde_json::from_str(text)?),
            RecordKind::Place => Record::Place(serde_json::from_str(text)?),
            RecordKind::Topic => Record::Topic(serde_json::from_str(text)?),
            RecordKind::Link => Record::Link(serde_json::from_str(text)?),
        })
    }
    /// Reads a record of `kind` from its JSON form.
    pub fn from_json(
        kind: RecordKind,
        value: serde_json::Value,
    ) -> Result<Record, serde_json::Error> {
        Ok(match kind {
            RecordKind::Actor => Record::Actor(serde_json::from_value(value)?),
            RecordKind::Meeting => Record::Meeting(serde_json::from_value(value)?),
            RecordKind::Statement => Record::Statement(serde_json::from_value(value)?),
            RecordKind::Source => Record::Source(serde_json::from_value(value)?),
            RecordKind::Place => Record::Place(serde_json::from_value(value)?),
            RecordKind::Topic => Record::Topic(serde_json::from_value(value)?),
            RecordKind::Link => Record::Link(serde_json::from_value(value)?),
        })
    }
}
