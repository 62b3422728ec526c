//! A column mapping for importing any CSV file, as the wizard builds it and as a preset file
//! (TOML) keeps it: which record each row makes (one kind, or routed by a column's value),
//! where each field's value comes from (a column, with a transform, or a literal value), and
//! how rows match records already in the file. A preset is checked against a file's headers
//! before it is used, so a renamed column is said before any row is read.
//!
//! ```toml
//! kind = "meeting"                        # or [route] below
//! [fields.meeting.title]
//! column = "Event"
//! [fields.meeting.date]
//! column = "When"
//! date = "%d/%m/%Y"                       # a strftime pattern, or "edtf"
//! [fields.meeting.participants]
//! column = "Who"
//! split = ";"
//! create_missing = true                   # an unknown name makes a new actor
//! [fields.meeting.kind]
//! value = "talks"                         # the same literal value for every row
//! [match]
//! by = "uuid"                             # or "name"
//! column = "ID"
//! ```

use crate::model::RecordKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A whole mapping.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Mapping {
    /// The kind every row makes, when rows are not routed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<RecordKind>,
    /// Rows routed to kinds by a column's value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<Route>,
    /// Per kind, per field: where the value comes from.
    #[serde(default)]
    pub fields: BTreeMap<RecordKind, BTreeMap<String, FieldSource>>,
    /// How a row finds the record it updates.
    #[serde(default, rename = "match", skip_serializing_if = "Option::is_none")]
    pub matching: Option<Matching>,
}

/// Rows routed by the value in `column`: each value names the kind it makes; rows with other
/// values are rejected with the reason.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Route {
    pub column: String,
    pub values: BTreeMap<String, RecordKind>,
    /// Values whose rows are left out on purpose (counted as skipped, not rejected).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skip: Vec<String>,
}

/// Where one field's value comes from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FieldSource {
    /// The column read (its header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// A literal value, the same for every row (used when no column is given, or when the
    /// column's cell is empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The cell holds a list, split at this text ("; ").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split: Option<String>,
    /// A date field's pattern: strftime ("%d/%m/%Y", "%B %Y") or "edtf" (the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// For a field naming other records: a name no record has makes a new one (else the row
    /// is rejected).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub create_missing: bool,
}

/// How rows match records already in the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Matching {
    pub by: MatchBy,
    /// With `by = "uuid"`: the column holding the uuid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchBy {
    /// The uuid in a column: that record is updated, or made with that uuid.
    Uuid,
    /// The record's name (title): an existing record of that kind and name is updated.
    Name,
}

/// Why a mapping cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MappingError {
    #[error("the mapping file cannot be read: {0}")]
    Unreadable(String),
    #[error("the mapping names columns this file does not have: {0} (its columns: {1})")]
    MissingColumns(String, String),
    #[error("the mapping says no kind of record: choose one, or route rows by a column")]
    NoKind,
    #[error("{kind} has no field '{field}' (fields: {known})")]
    UnknownField {
        kind: &'static str,
        field: String,
        known: String,
    },
    #[error("{0}")]
    Other(String),
}

impl Mapping {
    /// Reads a preset.
    pub fn from_toml(text: &str) -> Result<Mapping, MappingError> {
        toml::from_str(text).map_err(|e| MappingError::Unreadable(e.message().to_string()))
    }

    /// The preset's text.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads the preset file at `path`.
    pub fn read(path: &std::path::Path) -> Result<Mapping, MappingError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| MappingError::Unreadable(format!("{}: {e}", path.display())))?;
        Mapping::from_toml(&text)
    }

    /// Saves the mapping as a preset at `path`, replacing only an earlier preset (a file that
    /// reads as a mapping) or an empty file.
    pub fn save(&self, path: &std::path::Path) -> Result<(), MappingError> {
        if let Ok(existing) = std::fs::read_to_string(path)
            && !existing.trim().is_empty()
            && Mapping::from_toml(&existing).is_err()
        {
            return Err(MappingError::Other(format!(
                "{} exists and is not a mapping preset; choose another name",
                path.display()
            )));
        }
        if path.is_dir() {
            return Err(MappingError::Other(format!(
                "{} is a folder; choose a file name",
                path.display()
            )));
        }
        let text = format!(
            "# A Chancery column mapping: `chancery import --mapping {} DATA.csv`\n{}",
            path.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default(),
            self.to_toml()
        );
        crate::exchange::write_atomically(path, text.as_bytes())
            .map_err(|e| MappingError::Other(format!("cannot save {}: {e}", path.display())))
    }

    /// The kinds rows can make.
    pub fn kinds(&self) -> Vec<RecordKind> {
        let mut kinds: Vec<RecordKind> = match &self.route {
            Some(route) => route.values.values().copied().collect(),
            None => self.kind.into_iter().collect(),
        };
        kinds.sort();
        kinds.dedup();
        kinds
    }

    /// Checks the mapping against a file's headers (and itself): every column it names
    /// exists, every field exists, and rows make some kind.
    pub fn check(&self, headers: &[String]) -> Result<(), MappingError> {
        if self.kinds().is_empty() {
            return Err(MappingError::NoKind);
        }
        let mut named: Vec<&str> = Vec::new();
        if let Some(route) = &self.route {
            named.push(&route.column);
        }
        if let Some(Matching {
            column: Some(column),
            ..
        }) = &self.matching
        {
            named.push(column);
        }
        for (kind, fields) in &self.fields {
            for (field, source) in fields {
                if super::fields::field(*kind, field).is_none() {
                    return Err(MappingError::UnknownField {
                        kind: kind.as_str(),
                        field: field.clone(),
                        known: super::fields::fields(*kind)
                            .iter()
                            .map(|f| f.key)
                            .collect::<Vec<_>>()
                            .join(", "),
                    });
                }
                if let Some(column) = &source.column {
                    named.push(column);
                }
            }
        }
        let missing: Vec<&str> = named
            .into_iter()
            .filter(|c| column_index(headers, c).is_none())
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let mut missing = missing;
        missing.sort();
        missing.dedup();
        Err(MappingError::MissingColumns(
            missing
                .iter()
                .map(|c| format!("'{c}'"))
                .collect::<Vec<_>>()
                .join(", "),
            headers.join(", "),
        ))
    }
}

/// The index of the column named `name` (trimmed, any case).
pub fn column_index(headers: &[String], name: &str) -> Option<usize> {
    let wanted = name.trim().to_lowercase();
    headers
        .iter()
        .position(|h| h.trim().to_lowercase() == wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preset_reads_back_and_is_checked_against_headers() {
        let text = r#"
kind = "meeting"
[fields.meeting.title]
column = "Event"
[fields.meeting.date]
column = "When"
date = "%d/%m/%Y"
[match]
by = "name"
"#;
        let mapping = Mapping::from_toml(text).unwrap();
        assert_eq!(mapping.kinds(), vec![RecordKind::Meeting]);
        assert_eq!(Mapping::from_toml(&mapping.to_toml()).unwrap(), mapping);
        let headers: Vec<String> = ["event ", "When"].iter().map(|s| s.to_string()).collect();
        assert!(mapping.check(&headers).is_ok());
        let other: Vec<String> = ["Title", "Date"].iter().map(|s| s.to_string()).collect();
        let error = mapping.check(&other).unwrap_err().to_string();
        assert!(error.contains("'Event', 'When'"), "{error}");
        assert!(Mapping::from_toml("kind = 3").is_err());
    }
}
