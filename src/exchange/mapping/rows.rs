//! One CSV row made into a record by a mapping: each mapped cell read as its field's shape
//! (a list split, a date by its pattern, a vocabulary word, a number, other records found by
//! uuid or name), every problem noted with its column, never the first one only. Names are
//! looked up in the file and among the records earlier rows made; a name found nowhere makes
//! a new record when the mapping says so.

use super::fields::{MappedField, Shape, field, fields as kind_fields, name_key};
use super::preset::{FieldSource, Mapping, MatchBy, column_index};
use crate::model::fold::fold_name;
use crate::model::{PartialDate, Record, RecordKind, Role};
use crate::store::Store;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use uuid::Uuid;

/// A problem in one cell (or the row as a whole, with an empty column).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CellProblem {
    pub column: String,
    pub value: String,
    pub message: String,
}

/// What one row made: its records (the row's own, and any it named that did not exist; none
/// for a row whose routing value is skipped), or why it cannot be imported.
pub type RowResult = Result<Vec<Record>, Vec<CellProblem>>;

/// Reads rows by a mapping, remembering what earlier rows made.
pub struct RowReader<'s> {
    store: &'s Store,
    mapping: Mapping,
    headers: Vec<String>,
    /// Records found or made by name, by kind and folded name.
    known: HashMap<(RecordKind, String), Option<Uuid>>,
    /// The row that made each record, so two rows making one record are told apart.
    made_by: HashMap<Uuid, u64>,
    now: String,
}

fn problem(column: &str, value: &str, message: impl Into<String>) -> CellProblem {
    CellProblem {
        column: column.to_string(),
        value: value.to_string(),
        message: message.into(),
    }
}

impl<'s> RowReader<'s> {
    pub fn new(store: &'s Store, mapping: Mapping, headers: Vec<String>) -> RowReader<'s> {
        RowReader {
            store,
            mapping,
            headers,
            known: HashMap::new(),
            made_by: HashMap::new(),
            now: jiff::Timestamp::now().to_string(),
        }
    }

    fn cell<'r>(&self, row: &'r csv::StringRecord, column: &str) -> &'r str {
        column_index(&self.headers, column)
            .and_then(|i| row.get(i))
            .map(str::trim)
            .unwrap_or("")
    }

    /// The kind row `row` makes.
    /// The kind row `row` makes; `None` for a row skipped on purpose.
    fn kind_of(&self, row: &csv::StringRecord) -> Result<Option<RecordKind>, CellProblem> {
        match (&self.mapping.route, self.mapping.kind) {
            (Some(route), _) => {
                let value = self.cell(row, &route.column);
                if route
                    .skip
                    .iter()
                    .any(|v| v.trim().eq_ignore_ascii_case(value))
                {
                    return Ok(None);
                }
                route
                    .values
                    .iter()
                    .find(|(v, _)| v.trim().eq_ignore_ascii_case(value))
                    .map(|(_, kind)| Some(*kind))
                    .ok_or_else(|| {
                        problem(
                            &route.column,
                            value,
                            "this value routes to no kind of record in the mapping",
                        )
                    })
            }
            (None, Some(kind)) => Ok(Some(kind)),
            (None, None) => Err(problem("", "", "the mapping says no kind of record")),
        }
    }

    /// Makes the records of data row `at` (1 is the first row under the headers).
    pub fn read(&mut self, at: u64, row: &csv::StringRecord) -> RowResult {
        let Some(kind) = self.kind_of(row).map_err(|p| vec![p])? else {
            return Ok(Vec::new());
        };
        let sources = self.mapping.fields.get(&kind).cloned().unwrap_or_default();
        let mut problems = Vec::new();
        let mut fields = Map::new();
        let mut made = Vec::new();
        let mut citation = Map::new();
        for (key, source) in &sources {
            let Some(field) = field(kind, key) else {
                continue;
            };
            let column = source.column.as_deref().unwrap_or("");
            let mut raw = source
                .column
                .as_deref()
                .map(|c| self.cell(row, c))
                .unwrap_or("")
                .to_string();
            if raw.is_empty() {
                raw = source.value.clone().unwrap_or_default();
            }
            if raw.is_empty() {
                continue;
            }
            match self.value(field, source, &raw, &mut made) {
                Ok(value) => match key.as_str() {
                    "source" => {
                        citation.insert("source".into(), value);
                    }
                    "locator" | "excerpt" => {
                        citation.insert(key.clone(), value);
                    }
                    "credibility" => match value.as_f64() {
                        Some(n) if (1.0..=6.0).contains(&n) && n.fract() == 0.0 => {
                            citation.insert("credibility".into(), json!(n as u8));
                        }
                        _ => problems.push(problem(column, &raw, "credibility is 1 to 6")),
                    },
                    _ => {
                        fields.insert(key.clone(), value);
                    }
                },
                Err(message) => problems.push(problem(column, &raw, message)),
            }
        }
        for field in kind_fields(kind) {
            if field.required && !fields.contains_key(field.key) {
                let column = sources
                    .get(field.key)
                    .and_then(|s| s.column.clone())
                    .unwrap_or_default();
                problems.push(problem(&column, "", format!("{} is required", field.label)));
            }
        }
        if kind == RecordKind::Link {
            for end in ["from", "to"] {
                if !fields.contains_key(end) {
                    problems.push(problem("", "", format!("a link needs '{end}'")));
                }
            }
        }
        if !citation.is_empty() {
            if citation.contains_key("source") {
                fields.insert("citations".into(), json!([citation]));
            } else {
                problems.push(problem(
                    "",
                    "",
                    "a locator or credibility needs a cited source",
                ));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let record = self.record(at, kind, row, fields)?;
        made.push(record);
        Ok(made)
    }

    /// The record a row's fields make: a new one, or (matched) the existing one updated.
    fn record(
        &mut self,
        at: u64,
        kind: RecordKind,
        row: &csv::StringRecord,
        fields: Map<String, Value>,
    ) -> Result<Record, Vec<CellProblem>> {
        let name = fields
            .get(name_key(kind))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let (uuid, existing) = match self.mapping.matching.clone() {
            Some(m) if m.by == MatchBy::Uuid => {
                let column = m.column.unwrap_or_default();
                let cell = self.cell(row, &column).to_string();
                if cell.is_empty() {
                    (Uuid::new_v4(), None)
                } else {
                    let uuid = Uuid::parse_str(&cell)
                        .map_err(|_| vec![problem(&column, &cell, "not a uuid")])?;
                    (uuid, self.existing(uuid, kind, &column, &cell)?)
                }
            }
            Some(m) if m.by == MatchBy::Name => match self.find(kind, &name) {
                Some(uuid) => (uuid, self.existing(uuid, kind, "", &name)?),
                None => (Uuid::new_v4(), None),
            },
            _ => (Uuid::new_v4(), None),
        };
        if let Some(earlier) = self.made_by.insert(uuid, at) {
            return Err(vec![problem(
                "",
                &name,
                format!("row {earlier} already makes this record"),
            )]);
        }
        let mut json = match existing {
            Some(record) => {
                // Exchanged from this very copy: the import takes the row as an update.
                let base = record.meta().updated_at;
                match record.to_json() {
                    Value::Object(mut map) => {
                        map.insert("base".into(), json!(base));
                        map
                    }
                    _ => Map::new(),
                }
            }
            None => {
                let mut map = Map::new();
                map.insert("uuid".into(), json!(uuid));
                map.insert("created_at".into(), json!(self.now));
                if let Some(default) = default_kind(kind) {
                    map.insert("kind".into(), json!(default));
                }
                map
            }
        };
        json.insert("updated_at".into(), json!(self.now));
        // One role applies to every participant the row names.
        let role = fields.get("role").cloned();
        for (key, value) in fields {
            match key.as_str() {
                "role" => {}
                "participants" => {
                    let roles = role.clone().map_or(json!([]), |r| json!([r]));
                    let list: Vec<Value> = value
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|actor| json!({"actor": actor, "roles": roles}))
                        .collect();
                    json.insert(key, json!(list));
                }
                "aliases" => {
                    let list: Vec<Value> = value
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|name| json!({"name": name, "kind": "official"}))
                        .collect();
                    json.insert(key, json!(list));
                }
                _ => {
                    json.insert(key, value);
                }
            }
        }
        let record = Record::from_json(kind, Value::Object(json))
            .map_err(|e| vec![problem("", &name, format!("cannot make the record: {e}"))])?;
        if !name.is_empty() {
            self.known
                .insert((kind, fold_name(&name)), Some(record.uuid()));
        }
        Ok(record)
    }

    /// The record with `uuid` in the file, which must be of `kind`.
    fn existing(
        &self,
        uuid: Uuid,
        kind: RecordKind,
        column: &str,
        cell: &str,
    ) -> Result<Option<Record>, Vec<CellProblem>> {
        match self.store.get(uuid) {
            Ok(Some(record)) if record.kind() == kind => Ok(Some(record)),
            Ok(Some(record)) => Err(vec![problem(
                column,
                cell,
                format!(
                    "this is a {}, not a {}",
                    record.kind().as_str(),
                    kind.as_str()
                ),
            )]),
            Ok(None) => Ok(None),
            Err(e) => Err(vec![problem(column, cell, e.to_string())]),
        }
    }

    /// A cell read as `field`'s shape.
    fn value(
        &mut self,
        field: &MappedField,
        source: &FieldSource,
        raw: &str,
        made: &mut Vec<Record>,
    ) -> Result<Value, String> {
        let list = |raw: &str| -> Vec<String> {
            match &source.split {
                Some(split) if !split.is_empty() => raw
                    .split(split.as_str())
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
                    .collect(),
                _ => vec![raw.trim().to_string()],
            }
        };
        match field.shape {
            Shape::Text => Ok(json!(raw)),
            Shape::List => Ok(json!(list(raw))),
            Shape::Number => raw
                .replace(',', ".")
                .parse::<f64>()
                .map(|n| json!(n))
                .map_err(|_| "not a number".to_string()),
            Shape::Date => read_date(raw, source.date.as_deref()).map(|d| json!(d)),
            Shape::Vocabulary => vocabulary(field.key, raw),
            Shape::Refers { kind, many } => {
                let names = if many {
                    list(raw)
                } else {
                    vec![raw.to_string()]
                };
                let mut uuids = Vec::new();
                for name in names {
                    uuids.push(self.refer(kind, &name, source.create_missing, made)?);
                }
                Ok(if many { json!(uuids) } else { json!(uuids[0]) })
            }
        }
    }

    /// The record of `kind` named `name` (or with that uuid); a new one when allowed.
    fn refer(
        &mut self,
        kind: RecordKind,
        name: &str,
        create: bool,
        made: &mut Vec<Record>,
    ) -> Result<Uuid, String> {
        if let Ok(uuid) = Uuid::parse_str(name) {
            return match self.store.get(uuid) {
                Ok(Some(r)) if r.kind() == kind => Ok(uuid),
                _ if self.made_by.contains_key(&uuid) => Ok(uuid),
                _ => Err(format!("no {} has this uuid", kind.as_str())),
            };
        }
        if let Some(uuid) = self.find(kind, name) {
            return Ok(uuid);
        }
        if !create {
            return Err(format!(
                "no {} is named '{name}' (allow creating missing {}s to make one)",
                kind.as_str(),
                kind.as_str()
            ));
        }
        let uuid = Uuid::new_v4();
        let mut json = Map::new();
        json.insert("uuid".into(), json!(uuid));
        json.insert("created_at".into(), json!(self.now));
        json.insert("updated_at".into(), json!(self.now));
        json.insert(name_key(kind).into(), json!(name));
        if let Some(default) = default_kind(kind) {
            json.insert("kind".into(), json!(default));
        }
        let record = Record::from_json(kind, Value::Object(json)).map_err(|e| e.to_string())?;
        self.known.insert((kind, fold_name(name)), Some(uuid));
        self.made_by.insert(uuid, 0);
        made.push(record);
        Ok(uuid)
    }

    /// The record of `kind` whose name (or an alias) is `name`, in the file or made by an
    /// earlier row.
    fn find(&mut self, kind: RecordKind, name: &str) -> Option<Uuid> {
        let key = (kind, fold_name(name));
        if let Some(found) = self.known.get(&key) {
            return *found;
        }
        let candidates: Vec<Uuid> = if kind == RecordKind::Statement {
            crate::query::find_statements_by_words(self.store, name, 50).unwrap_or_default()
        } else {
            crate::query::find_by_name(self.store, &[kind], name, false, 20)
                .unwrap_or_default()
                .into_iter()
                .map(|m| m.uuid)
                .collect()
        };
        let found = candidates.into_iter().find(|uuid| {
            self.store.get(*uuid).ok().flatten().is_some_and(|r| {
                r.kind() == kind && r.names().iter().any(|n| fold_name(n) == key.1)
            })
        });
        self.known.insert(key, found);
        found
    }
}

/// The kind a new record of `kind` has when the row says none (places, topics and links
/// have no kind).
fn default_kind(kind: RecordKind) -> Option<&'static str> {
    match kind {
        RecordKind::Actor => Some("person"),
        RecordKind::Meeting | RecordKind::Source => Some("other"),
        RecordKind::Statement => Some("reported"),
        RecordKind::Place | RecordKind::Topic | RecordKind::Link => None,
    }
}

/// A vocabulary word, checked, in its stored spelling.
fn vocabulary(key: &str, raw: &str) -> Result<Value, String> {
    use crate::model::{ActorKind, MeetingKind, Reliability, SourceKind, StatementKind};
    let stored = match key {
        "reliability" => raw
            .trim()
            .get(..1)
            .unwrap_or("")
            .parse::<Reliability>()
            .map(|r| r.as_str())
            .map_err(|e| e.to_string()),
        "role" => raw
            .parse::<Role>()
            .map(|r| r.as_str())
            .map_err(|e| e.to_string()),
        _ => Err(String::new()),
    };
    if let Ok(stored) = stored {
        return Ok(json!(stored));
    }
    // `kind` is read by the record's own vocabulary: try each, the record checks it.
    let any = raw
        .parse::<ActorKind>()
        .map(|k| k.as_str())
        .or_else(|_| raw.parse::<MeetingKind>().map(|k| k.as_str()))
        .or_else(|_| raw.parse::<StatementKind>().map(|k| k.as_str()))
        .or_else(|_| raw.parse::<SourceKind>().map(|k| k.as_str()));
    match (key, any) {
        ("kind", Ok(stored)) => Ok(json!(stored)),
        (_, _) => match stored {
            Err(message) if !message.is_empty() => Err(message),
            _ => Err(format!("'{raw}' is not a known {key}")),
        },
    }
}

/// A date cell: by its strftime pattern (a year, a month or a day, as the pattern has them),
/// or as EDTF.
pub fn read_date(raw: &str, pattern: Option<&str>) -> Result<PartialDate, String> {
    let pattern = pattern
        .map(str::trim)
        .filter(|p| !p.is_empty() && *p != "edtf");
    let Some(pattern) = pattern else {
        return PartialDate::parse(raw).map_err(|e| e.to_string());
    };
    let parsed = jiff::fmt::strtime::BrokenDownTime::parse(pattern, raw.trim())
        .map_err(|_| format!("does not match the date pattern {pattern}"))?;
    let Some(year) = parsed.year() else {
        return Err(format!("the pattern {pattern} gives no year"));
    };
    let edtf = match (parsed.month(), parsed.day()) {
        (Some(m), Some(d)) => format!("{year:04}-{m:02}-{d:02}"),
        (Some(m), None) => format!("{year:04}-{m:02}"),
        _ => format!("{year:04}"),
    };
    PartialDate::parse(&edtf).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_follow_their_pattern() {
        assert_eq!(
            read_date("09/09/2025", Some("%d/%m/%Y")).unwrap().edtf(),
            "2025-09-09"
        );
        assert_eq!(
            read_date("September 2025", Some("%B %Y")).unwrap().edtf(),
            "2025-09"
        );
        assert_eq!(read_date("2025-09~", None).unwrap().edtf(), "2025-09~");
        assert!(read_date("2025-09-09", Some("%d/%m/%Y")).is_err());
    }

    #[test]
    fn vocabulary_words_are_checked() {
        assert_eq!(vocabulary("kind", "Talks").unwrap(), json!("talks"));
        assert_eq!(
            vocabulary("reliability", "B - usually").unwrap(),
            json!("B")
        );
        assert_eq!(
            vocabulary("role", "head of delegation").unwrap(),
            json!("head_of_delegation")
        );
        assert!(vocabulary("role", "chairman").is_err());
    }
}
