//! The plain fields of each kind of record, described once. A plain field is text with no
//! behaviour of its own (no picker, no date arithmetic, no filter): a meeting's outcome, say.
//! Its description here — key, label, one line or many, searchable, the form's hint — is all
//! the editor, the detail pane, the command line's `show`, CSV, the search index and the
//! briefing need: each reads `plain_fields(kind)`, so adding a plain field is one entry below
//! (and a test). Its value lives in the record's `Meta::plain`, under its key, and is written
//! in JSON as a key of the record like any other field.
//!
//! Fields with behaviour (dates, references to other records, vocabularies, lists) are typed
//! fields of the record structs, and each place that shows or exchanges them says how.

use super::vocab::RecordKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How much text a plain field holds, which decides its input and how it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// A single line.
    One,
    /// Paragraphs.
    Many,
}

/// One plain field of a kind of record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlainField {
    /// Its key in JSON (the record's own keys), its column in CSV, its name in the code.
    pub key: &'static str,
    /// Its name for people: the form's caption, the detail pane's and `show`'s label.
    pub label: &'static str,
    pub lines: Lines,
    /// Part of the record's search text (ranked with its summary and notes).
    pub searchable: bool,
    /// Shown in the empty input, saying what goes there.
    pub hint: &'static str,
}

/// The plain fields of `kind`, in the order the form, the detail pane and exports show them.
pub fn plain_fields(kind: RecordKind) -> &'static [PlainField] {
    match kind {
        RecordKind::Meeting => &[PlainField {
            key: "outcome",
            label: "Outcome",
            lines: Lines::Many,
            searchable: true,
            hint: "What was agreed, signed or left open",
        }],
        RecordKind::Actor
        | RecordKind::Statement
        | RecordKind::Source
        | RecordKind::Place
        | RecordKind::Topic
        | RecordKind::Link => &[],
    }
}

/// The values of a record's plain fields, by key. Only text is kept; an empty value is no
/// value. Keys this version does not describe (written by a later version) are kept as they
/// came, so a record read and written again loses nothing.
#[derive(Debug, Clone, Default)]
pub struct PlainValues(BTreeMap<String, String>, Dropped);

/// Keys read under which no text came (a number, a list): left out, and named here until an
/// import takes the names to say so. Not part of the values (equality, serialisation).
#[derive(Debug, Clone, Default)]
struct Dropped(Vec<String>);

impl PartialEq for PlainValues {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl Eq for PlainValues {}

impl Serialize for PlainValues {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl PlainValues {
    /// The value under `key` ("" when there is none).
    pub fn get(&self, key: &str) -> &str {
        self.0.get(key).map_or("", String::as_str)
    }

    /// Sets the value under `key`, trimmed; an empty value removes it.
    pub fn set(&mut self, key: &str, value: &str) {
        let value = value.trim();
        if value.is_empty() {
            self.0.remove(key);
        } else {
            self.0.insert(key.to_string(), value.to_string());
        }
    }

    /// The keys read with something other than text under them, left out (taken: asked
    /// again, none).
    pub fn take_dropped(&mut self) -> Vec<String> {
        std::mem::take(&mut self.1.0)
    }

    /// The keys holding a value that `kind` does not describe (written by a later version or
    /// another program): kept and written out again, but shown nowhere.
    pub fn undescribed(&self, kind: RecordKind) -> impl Iterator<Item = &str> {
        self.0
            .keys()
            .map(String::as_str)
            .filter(move |key| !plain_fields(kind).iter().any(|f| f.key == *key))
    }

    /// The described fields of `kind` that hold a value, with it.
    pub fn described(&self, kind: RecordKind) -> impl Iterator<Item = (&'static PlainField, &str)> {
        plain_fields(kind)
            .iter()
            .map(|field| (field, self.get(field.key)))
            .filter(|(_, value)| !value.is_empty())
    }
}

impl<'de> Deserialize<'de> for PlainValues {
    /// Takes the keys no typed field took: text is kept, anything else (a number or a list
    /// under a key this version does not know) is left out.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let all = BTreeMap::<String, serde_json::Value>::deserialize(deserializer)?;
        let mut values = BTreeMap::new();
        let mut dropped = Vec::new();
        for (key, value) in all {
            match value {
                serde_json::Value::String(text) if !text.trim().is_empty() => {
                    values.insert(key, text);
                }
                serde_json::Value::String(_) | serde_json::Value::Null => {}
                _ => dropped.push(key),
            }
        }
        Ok(PlainValues(values, Dropped(dropped)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_kept_and_the_rest_left_out() {
        let values: PlainValues =
            serde_json::from_str(r#"{"later": "kept", "count": 3, "blank": " "}"#).unwrap();
        assert_eq!(values.get("later"), "kept");
        assert_eq!(values.get("count"), "");
        assert_eq!(values.get("blank"), "");
        assert_eq!(
            serde_json::to_string(&values).unwrap(),
            r#"{"later":"kept"}"#
        );
    }

    #[test]
    fn set_trims_and_an_empty_value_is_none() {
        let mut values = PlainValues::default();
        values.set("outcome", "  agreed  ");
        assert_eq!(values.get("outcome"), "agreed");
        values.set("outcome", " ");
        assert_eq!(values, PlainValues::default());
    }
}
