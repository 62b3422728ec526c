//! The fields a CSV column can be mapped to, per kind of record: their key in the record's
//! JSON form, their label in the wizard, and their shape (text, list, date, vocabulary,
//! number, or a reference to other records by name or uuid).

use crate::model::RecordKind;

/// What a field holds, which says how a cell is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Text,
    /// Several values (split the cell with the field's `split`).
    List,
    /// A partial date (EDTF, or the field's strftime pattern).
    Date,
    /// One of a vocabulary, by its stored spelling or label.
    Vocabulary,
    Number,
    /// Records of this kind, by name or uuid; `many` takes a list.
    Refers {
        kind: RecordKind,
        many: bool,
    },
}

/// A field a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MappedField {
    pub key: &'static str,
    pub label: &'static str,
    pub shape: Shape,
    pub required: bool,
}

const fn text(key: &'static str, label: &'static str) -> MappedField {
    MappedField {
        key,
        label,
        shape: Shape::Text,
        required: false,
    }
}

const fn named(key: &'static str, label: &'static str) -> MappedField {
    MappedField {
        key,
        label,
        shape: Shape::Text,
        required: true,
    }
}

const fn shaped(key: &'static str, label: &'static str, shape: Shape) -> MappedField {
    MappedField {
        key,
        label,
        shape,
        required: false,
    }
}

const fn refers(
    key: &'static str,
    label: &'static str,
    kind: RecordKind,
    many: bool,
) -> MappedField {
    shaped(key, label, Shape::Refers { kind, many })
}

const TOPICS: MappedField = refers("topics", "Topics", RecordKind::Topic, true);
const NOTES: MappedField = text("notes", "Notes");
const SOURCE: MappedField = refers("source", "Cited source", RecordKind::Source, false);
const LOCATOR: MappedField = text("locator", "Where in the source");
const CREDIBILITY: MappedField = shaped("credibility", "Credibility (1–6)", Shape::Number);

/// The fields of `kind` a column can fill, in the wizard's order (required ones first).
pub fn fields(kind: RecordKind) -> &'static [MappedField] {
    match kind {
        RecordKind::Actor => {
            const {
                &[
                    named("name", "Name"),
                    shaped(
                        "kind",
                        "Kind (person, organisation, state)",
                        Shape::Vocabulary,
                    ),
                    shaped("aliases", "Other names", Shape::List),
                    text("description", "Description"),
                    TOPICS,
                    NOTES,
                    SOURCE,
                    LOCATOR,
                ]
            }
        }
        RecordKind::Meeting => {
            const {
                &[
                    named("title", "Title"),
                    shaped("kind", "Kind (visit, talks, summit…)", Shape::Vocabulary),
                    shaped("date", "Date", Shape::Date),
                    shaped("end_date", "End date", Shape::Date),
                    refers("place", "Place", RecordKind::Place, false),
                    refers("participants", "Participants", RecordKind::Actor, true),
                    shaped("role", "Participants' role", Shape::Vocabulary),
                    text("summary", "Summary"),
                    text("outcome", "Outcome"),
                    TOPICS,
                    NOTES,
                    SOURCE,
                    LOCATOR,
                    CREDIBILITY,
                ]
            }
        }
        RecordKind::Statement => {
            const {
                &[
                    named("text", "Words"),
                    shaped(
                        "kind",
                        "Kind (quote, paraphrase, reported, denial)",
                        Shape::Vocabulary,
                    ),
                    refers("speaker", "Speaker", RecordKind::Actor, false),
                    refers("meeting", "Meeting", RecordKind::Meeting, false),
                    shaped("date", "Date", Shape::Date),
                    text("lang", "Language"),
                    text("hedge", "Hedge"),
                    TOPICS,
                    NOTES,
                    SOURCE,
                    LOCATOR,
                    text("excerpt", "Excerpt"),
                    CREDIBILITY,
                ]
            }
        }
        RecordKind::Source => {
            const {
                &[
                    named("title", "Title"),
                    shaped(
                        "kind",
                        "Kind (news article, transcript…)",
                        Shape::Vocabulary,
                    ),
                    text("outlet", "Outlet"),
                    text("url", "URL"),
                    text("author", "Author"),
                    shaped("published", "Published", Shape::Date),
                    shaped("accessed", "Accessed", Shape::Date),
                    shaped("reliability", "Reliability (A–F)", Shape::Vocabulary),
                    text("text", "Full text"),
                    TOPICS,
                    NOTES,
                ]
            }
        }
        RecordKind::Place => {
            const {
                &[
                    named("name", "Name"),
                    refers("parent", "Inside", RecordKind::Place, false),
                    shaped("lat", "Latitude", Shape::Number),
                    shaped("lon", "Longitude", Shape::Number),
                    TOPICS,
                    NOTES,
                ]
            }
        }
        RecordKind::Topic => const { &[named("name", "Name"), NOTES] },
        RecordKind::Link => {
            const {
                &[
                    refers("from", "From (actor)", RecordKind::Actor, false),
                    named("relation", "Relation"),
                    refers("to", "To (actor)", RecordKind::Actor, false),
                    shaped("date_from", "Since", Shape::Date),
                    shaped("date_to", "Until", Shape::Date),
                    NOTES,
                    SOURCE,
                    LOCATOR,
                ]
            }
        }
    }
}

/// The field of `kind` with `key`.
pub fn field(kind: RecordKind, key: &str) -> Option<&'static MappedField> {
    fields(kind).iter().find(|f| f.key == key)
}

/// The field holding a record's name, by which rows match existing records.
pub fn name_key(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Meeting | RecordKind::Source => "title",
        RecordKind::Statement => "text",
        RecordKind::Link => "relation",
        RecordKind::Actor | RecordKind::Place | RecordKind::Topic => "name",
    }
}
