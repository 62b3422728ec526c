//! Comparing versions of a record's document field by field (its JSON's top-level keys): what
//! one version changed against the one before (History), and a three-way comparison of a
//! conflict — the common ancestor, theirs and mine — with the merge of the user's choices.

use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// Keys that change with every save and say nothing of the content.
const BOOKKEEPING: &[&str] = &["updated_at", "base"];

/// Which side changed a field since the common ancestor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changed {
    /// Only theirs: theirs is taken.
    Theirs,
    /// Only mine: mine is kept.
    Mine,
    /// Both, differently: the user chooses (mine unless told).
    Both,
}

/// One field where theirs and mine differ.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRow {
    pub key: String,
    pub base: Option<Value>,
    pub theirs: Option<Value>,
    pub mine: Option<Value>,
    pub changed: Changed,
}

fn fields(doc: Option<&Value>) -> Map<String, Value> {
    doc.and_then(Value::as_object).cloned().unwrap_or_default()
}

/// The fields `after` changed against `before` (every field when there is no `before`), by
/// key, bookkeeping left out.
pub fn changed_fields(before: Option<&Value>, after: &Value) -> Vec<String> {
    changed_keys(before, after)
        .iter()
        .map(|k| label(k))
        .collect()
}

/// The keys `after` changed against `before`, bookkeeping left out.
pub fn changed_keys(before: Option<&Value>, after: &Value) -> Vec<String> {
    let (a, b) = (fields(before), fields(Some(after)));
    let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter(|k| !BOOKKEEPING.contains(&k.as_str()))
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect()
}

/// A key as a field's name: "description" → "Description", "deleted_at" → "Trash".
pub fn label(key: &str) -> String {
    match key {
        "deleted_at" => "Trash".to_string(),
        "created_at" => "Created".to_string(),
        _ => {
            let spaced = key.replace('_', " ");
            let mut chars = spaced.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        }
    }
}

/// The fields where theirs and mine differ, with who changed each since `base`.
pub fn compare(base: Option<&Value>, theirs: &Value, mine: &Value) -> Vec<FieldRow> {
    let (b, t, m) = (fields(base), fields(Some(theirs)), fields(Some(mine)));
    let keys: BTreeSet<&String> = t.keys().chain(m.keys()).collect();
    keys.into_iter()
        .filter(|k| !BOOKKEEPING.contains(&k.as_str()))
        .filter(|k| t.get(*k) != m.get(*k))
        .map(|k| {
            let changed = if base.is_some() && b.get(k) == m.get(k) {
                Changed::Theirs
            } else if base.is_some() && b.get(k) == t.get(k) {
                Changed::Mine
            } else {
                Changed::Both
            };
            FieldRow {
                key: k.clone(),
                base: b.get(k).cloned(),
                theirs: t.get(k).cloned(),
                mine: m.get(k).cloned(),
                changed,
            }
        })
        .collect()
}

/// Mine with the fields only theirs changed taken from theirs, and of the fields both
/// changed, those in `take_theirs`.
pub fn merge(rows: &[FieldRow], mine: &Value, take_theirs: &BTreeSet<String>) -> Value {
    let mut merged = fields(Some(mine));
    for row in rows {
        let theirs = match row.changed {
            Changed::Theirs => true,
            Changed::Mine => false,
            Changed::Both => take_theirs.contains(&row.key),
        };
        if theirs {
            match &row.theirs {
                Some(value) => {
                    merged.insert(row.key.clone(), value.clone());
                }
                None => {
                    merged.remove(&row.key);
                }
            }
        }
    }
    Value::Object(merged)
}

/// `mine` made from `base` while the stored record moved on to `theirs` (a teammate's change
/// pulled while a form was open, or since the change being undone): the fields `mine` left as
/// they were in `base` take `theirs`' values; the fields `mine` changed keep `mine`'s.
pub fn rebase(base: &Value, theirs: &Value, mine: &Value) -> Value {
    let rows = compare(Some(base), theirs, mine);
    merge(&rows, mine, &BTreeSet::new())
}

/// A field's value in a line: text as it is, anything else as compact JSON, "—" when absent.
pub fn shown(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "—".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_one_side_changed_merge_by_themselves_and_both_sides_wait_for_a_choice() {
        let base = json!({"name": "A", "description": "d", "notes": "n"});
        let theirs = json!({"name": "A2", "description": "d-theirs", "notes": "n"});
        let mine = json!({"name": "A", "description": "d-mine", "notes": "n-mine"});
        let rows = compare(Some(&base), &theirs, &mine);
        let by_key = |k: &str| rows.iter().find(|r| r.key == k).map(|r| r.changed);
        assert_eq!(by_key("name"), Some(Changed::Theirs));
        assert_eq!(by_key("notes"), Some(Changed::Mine));
        assert_eq!(by_key("description"), Some(Changed::Both));
        let kept = merge(&rows, &mine, &BTreeSet::new());
        assert_eq!(
            kept,
            json!({"name": "A2", "description": "d-mine", "notes": "n-mine"})
        );
        let taken = merge(&rows, &mine, &BTreeSet::from(["description".to_string()]));
        assert_eq!(taken["description"], json!("d-theirs"));
    }

    #[test]
    fn history_names_the_fields_a_version_changed() {
        let a = json!({"name": "A", "updated_at": "1", "aliases": ["x"]});
        let b = json!({"name": "A", "updated_at": "2", "aliases": ["x", "y"], "deleted_at": "2"});
        assert_eq!(changed_fields(Some(&a), &b), vec!["Aliases", "Trash"]);
    }
}
