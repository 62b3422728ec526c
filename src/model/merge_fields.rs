//! The single-valued fields where records merged into one may disagree (an actor's kind and
//! description, a source's outlet and grade…): listing where a merged record's value differs
//! from the canonical record's, and taking that value into the canonical record when the user
//! picks it (the member keeps its own, so nothing is lost).

use super::Record;
use uuid::Uuid;

/// One field's value as the merge view shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    Text(String),
    /// A reference (a place's enclosing place), shown by the record's name.
    Reference(Uuid),
}

impl FieldValue {
    fn is_empty(&self) -> bool {
        matches!(self, FieldValue::Text(t) if t.trim().is_empty())
    }
}

/// Where a merged record disagrees with the canonical record.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// The field's label ("Description").
    pub field: &'static str,
    pub canonical: Option<FieldValue>,
    pub merged: FieldValue,
}

/// The single-valued fields of a record, by label (an empty field has no value).
pub fn single_fields(record: &Record) -> Vec<(&'static str, Option<FieldValue>)> {
    let text = |s: &str| (!s.trim().is_empty()).then(|| FieldValue::Text(s.to_string()));
    match record {
        Record::Actor(a) => vec![
            ("Kind", Some(FieldValue::Text(a.kind.label().to_string()))),
            ("Description", text(&a.description)),
        ],
        Record::Place(p) => vec![
            ("Inside", p.parent.map(FieldValue::Reference)),
            (
                "Coordinates",
                p.lat
                    .zip(p.lon)
                    .map(|(lat, lon)| FieldValue::Text(format!("{lat:.5}, {lon:.5}"))),
            ),
        ],
        Record::Source(s) => vec![
            ("Outlet", text(&s.outlet)),
            ("Author", text(&s.author)),
            ("URL", text(&s.url)),
            (
                "Reliability",
                s.reliability
                    .map(|g| FieldValue::Text(g.label().to_string())),
            ),
        ],
        Record::Topic(_) | Record::Meeting(_) | Record::Statement(_) | Record::Link(_) => {
            Vec::new()
        }
    }
}

/// The fields where `merged` has a value the canonical record does not share.
pub fn differences(canonical: &Record, merged: &Record) -> Vec<Difference> {
    let ours = single_fields(canonical);
    single_fields(merged)
        .into_iter()
        .filter_map(|(field, theirs)| {
            let theirs = theirs.filter(|v| !v.is_empty())?;
            let mine = ours
                .iter()
                .find(|(f, _)| *f == field)
                .and_then(|(_, v)| v.clone());
            (mine.as_ref() != Some(&theirs)).then_some(Difference {
                field,
                canonical: mine,
                merged: theirs,
            })
        })
        .collect()
}

/// Sets `field` of `canonical` to `merged`'s value; false if the field is not one of theirs
/// or the kinds differ.
pub fn take_field(canonical: &mut Record, merged: &Record, field: &str) -> bool {
    match (canonical, merged) {
        (Record::Actor(to), Record::Actor(from)) => match field {
            "Kind" => to.kind = from.kind,
            "Description" => to.description = from.description.clone(),
            _ => return false,
        },
        (Record::Place(to), Record::Place(from)) => match field {
            "Inside" => to.parent = from.parent,
            "Coordinates" => (to.lat, to.lon) = (from.lat, from.lon),
            _ => return false,
        },
        (Record::Source(to), Record::Source(from)) => match field {
            "Outlet" => to.outlet = from.outlet.clone(),
            "Author" => to.author = from.author.clone(),
            "URL" => to.url = from.url.clone(),
            "Reliability" => to.reliability = from.reliability,
            _ => return false,
        },
        _ => return false,
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, ActorKind, Meta};

    fn actor(name: &str, kind: ActorKind, description: &str) -> Record {
        Record::Actor(Actor {
            meta: Meta::new(),
            kind,
            name: name.into(),
            aliases: vec![],
            description: description.into(),
        })
    }

    #[test]
    fn a_merged_description_differs_and_can_be_taken() {
        let mut ours = actor("Sergey Lavrov", ActorKind::Person, "");
        let theirs = actor(
            "Сергей Лавров",
            ActorKind::Person,
            "Russia's foreign minister",
        );
        let found = differences(&ours, &theirs);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].field, "Description");
        assert!(take_field(&mut ours, &theirs, "Description"));
        assert!(differences(&ours, &theirs).is_empty());
        assert!(!take_field(&mut ours, &theirs, "Nonsense"));
    }

    #[test]
    fn an_empty_value_is_no_difference() {
        let ours = actor("A", ActorKind::Person, "x");
        let theirs = actor("B", ActorKind::Person, "");
        assert!(differences(&ours, &theirs).is_empty());
    }
}
