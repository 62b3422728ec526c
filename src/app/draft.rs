//! Editing state of one record: every field as the user types it (dates and numbers as
//! text), validation as you type with a message per field, the live meaning of date fields,
//! and conversion to a record for saving. Nothing here touches the store.

use crate::model::plain_fields;
use crate::model::relative::resolve;
use crate::model::{
    Actor, ActorKind, Alias, AliasKind, Citation, Credibility, Link, Meeting, MeetingKind, Meta,
    PartialDate, Participant, Place, Record, RecordKind, Reliability, Role, Source, SourceKind,
    Statement, StatementKind, Topic,
};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// A chosen record, with the label to show for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chosen {
    pub uuid: Uuid,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AliasDraft {
    pub name: String,
    pub kind: AliasKind,
    pub lang: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParticipantDraft {
    pub actor: Option<Chosen>,
    pub roles: Vec<Role>,
    pub title_at_time: String,
    pub represents: Option<Chosen>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CitationDraft {
    pub source: Option<Chosen>,
    pub locator: String,
    pub excerpt: String,
    pub credibility: Option<u8>,
    pub via: Option<Chosen>,
}

/// The fields particular to each kind of record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Fields {
    Actor {
        name: String,
        kind: ActorKind,
        description: String,
        aliases: Vec<AliasDraft>,
    },
    Meeting {
        title: String,
        kind: MeetingKind,
        date: String,
        end_date: String,
        place: Option<Chosen>,
        summary: String,
        participants: Vec<ParticipantDraft>,
    },
    Statement {
        text: String,
        kind: StatementKind,
        speaker: Option<Chosen>,
        meeting: Option<Chosen>,
        date: String,
        lang: String,
        hedge: String,
    },
    Source {
        title: String,
        kind: SourceKind,
        outlet: String,
        url: String,
        author: String,
        published: String,
        accessed: String,
        reliability: Option<Reliability>,
    },
    Place {
        name: String,
        parent: Option<Chosen>,
        lat: String,
        lon: String,
    },
    Topic {
        name: String,
    },
    Link {
        from: Option<Chosen>,
        relation: String,
        to: Option<Chosen>,
        date_from: String,
        date_to: String,
    },
}

/// A record being created or edited.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// The record being edited; `None` for a new one.
    pub original: Option<Record>,
    pub fields: Fields,
    pub notes: String,
    pub topics: Vec<Chosen>,
    pub citations: Vec<CitationDraft>,
    /// The day relative dates resolve against: the cited source's publication date, or today.
    pub anchor: Date,
    /// Names typed into the form's pickers but not chosen ("Represents 1: “Russia”"): saving
    /// would drop them, so they keep the form from being saved.
    pub unconfirmed: Vec<String>,
    /// The kind's plain fields as typed, by key (`model::fields`): every described key is
    /// here.
    pub plain: BTreeMap<String, String>,
}

impl Fields {
    /// The kind of record these fields describe.
    pub fn kind(&self) -> RecordKind {
        match self {
            Fields::Actor { .. } => RecordKind::Actor,
            Fields::Meeting { .. } => RecordKind::Meeting,
            Fields::Statement { .. } => RecordKind::Statement,
            Fields::Source { .. } => RecordKind::Source,
            Fields::Place { .. } => RecordKind::Place,
            Fields::Topic { .. } => RecordKind::Topic,
            Fields::Link { .. } => RecordKind::Link,
        }
    }
}

/// A form as kept in the file while it is typed (`store::KeptDraft`): what the user typed
/// and which record it edits, without the copy of that record (read again when restored).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeptForm {
    pub editing: Option<Uuid>,
    pub fields: Fields,
    pub notes: String,
    pub topics: Vec<Chosen>,
    pub citations: Vec<CitationDraft>,
    /// A form kept by a version before plain fields has none.
    #[serde(default)]
    pub plain: BTreeMap<String, String>,
}

impl KeptForm {
    /// The kind of record the form is for.
    pub fn fields_kind(&self) -> RecordKind {
        self.fields.kind()
    }
}

/// The plain fields of `kind`, each with its text (`text` of its key).
fn plain_text<'a>(kind: RecordKind, text: impl Fn(&str) -> &'a str) -> BTreeMap<String, String> {
    plain_fields(kind)
        .iter()
        .map(|field| (field.key.to_string(), text(field.key).to_string()))
        .collect()
}

/// A field that keeps the draft from being saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: &'static str,
    pub message: String,
}

impl Problem {
    /// The message with the field it is about, unless it names it already: "Date: use
    /// YYYY, …" but "A title is required".
    pub fn with_field(&self) -> String {
        let field = self.field.to_lowercase();
        let message = self.message.to_lowercase();
        if field == "picker" || message.contains(field.trim_end_matches('s')) {
            return self.message.clone();
        }
        let mut name = field;
        if let Some(first) = name.get(..1) {
            name = format!("{}{}", first.to_uppercase(), &name[1..]);
        }
        format!("{name}: {}", self.message)
    }
}

/// The fields that have a problem, named as their captions are ("Name", "Date and Place"); a
/// name typed but not chosen is named by its picker's message.
pub fn fields_named(problems: &[Problem]) -> String {
    let mut names: Vec<String> = Vec::new();
    for p in problems {
        let name = if p.field == "picker" {
            p.message.clone()
        } else {
            let mut name = p.field.replace('_', " ");
            if let Some(first) = name.get(..1) {
                name = format!("{}{}", first.to_uppercase(), &name[1..]);
            }
            name
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// All the problems, each with its field, in one line.
pub fn describe(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(Problem::with_field)
        .collect::<Vec<_>>()
        .join("; ")
}

impl Draft {
    /// The form's date as typed (a meeting's or a statement's; empty for other kinds).
    pub fn date_text(&self) -> &str {
        match &self.fields {
            Fields::Meeting { date, .. } | Fields::Statement { date, .. } => date,
            _ => "",
        }
    }

    /// An empty draft of a new record.
    pub fn new(kind: RecordKind, anchor: Date) -> Draft {
        let fields = match kind {
            RecordKind::Actor => Fields::Actor {
                name: String::new(),
                kind: ActorKind::Person,
                description: String::new(),
                aliases: Vec::new(),
            },
            RecordKind::Meeting => Fields::Meeting {
                title: String::new(),
                kind: MeetingKind::Talks,
                date: String::new(),
                end_date: String::new(),
                place: None,
                summary: String::new(),
                participants: Vec::new(),
            },
            RecordKind::Statement => Fields::Statement {
                text: String::new(),
                kind: StatementKind::Quote,
                speaker: None,
                meeting: None,
                date: String::new(),
                lang: String::new(),
                hedge: String::new(),
            },
            RecordKind::Source => Fields::Source {
                title: String::new(),
                kind: SourceKind::NewsArticle,
                outlet: String::new(),
                url: String::new(),
                author: String::new(),
                published: String::new(),
                accessed: String::new(),
                reliability: None,
            },
            RecordKind::Place => Fields::Place {
                name: String::new(),
                parent: None,
                lat: String::new(),
                lon: String::new(),
            },
            RecordKind::Topic => Fields::Topic {
                name: String::new(),
            },
            RecordKind::Link => Fields::Link {
                from: None,
                relation: String::new(),
                to: None,
                date_from: String::new(),
                date_to: String::new(),
            },
        };
        Draft {
            original: None,
            fields,
            notes: String::new(),
            topics: Vec::new(),
            citations: Vec::new(),
            anchor,
            unconfirmed: Vec::new(),
            plain: plain_text(kind, |_| ""),
        }
    }

    /// A draft of an existing record; `label` names referenced records.
    pub fn edit(record: &Record, label: &dyn Fn(Uuid) -> String, anchor: Date) -> Draft {
        let chosen = |u: Uuid| Chosen {
            uuid: u,
            label: label(u),
        };
        let opt = |u: Option<Uuid>| u.map(chosen);
        let date = |d: &Option<PartialDate>| d.as_ref().map(date_text).unwrap_or_default();
        let fields = match record {
            Record::Actor(a) => Fields::Actor {
                name: a.name.clone(),
                kind: a.kind,
                description: a.description.clone(),
                aliases: a
                    .aliases
                    .iter()
                    .map(|x| AliasDraft {
                        name: x.name.clone(),
                        kind: x.kind,
                        lang: x.lang.clone(),
                    })
                    .collect(),
            },
            Record::Meeting(m) => Fields::Meeting {
                title: m.title.clone(),
                kind: m.kind,
                date: date(&m.date),
                end_date: date(&m.end_date),
                place: opt(m.place),
                summary: m.summary.clone(),
                participants: m
                    .participants
                    .iter()
                    .map(|p| ParticipantDraft {
                        actor: Some(chosen(p.actor)),
                        roles: p.roles.clone(),
                        title_at_time: p.title_at_time.clone(),
                        represents: opt(p.represents),
                    })
                    .collect(),
            },
            Record::Statement(s) => Fields::Statement {
                text: s.text.clone(),
                kind: s.kind,
                speaker: opt(s.speaker),
                meeting: opt(s.meeting),
                date: date(&s.date),
                lang: s.lang.clone(),
                hedge: s.hedge.clone(),
            },
            Record::Source(s) => Fields::Source {
                title: s.title.clone(),
                kind: s.kind,
                outlet: s.outlet.clone(),
                url: s.url.clone(),
                author: s.author.clone(),
                published: date(&s.published),
                accessed: date(&s.accessed),
                reliability: s.reliability,
            },
            Record::Place(p) => Fields::Place {
                name: p.name.clone(),
                parent: opt(p.parent),
                lat: p.lat.map(|v| v.to_string()).unwrap_or_default(),
                lon: p.lon.map(|v| v.to_string()).unwrap_or_default(),
            },
            Record::Topic(t) => Fields::Topic {
                name: t.name.clone(),
            },
            Record::Link(l) => Fields::Link {
                from: Some(chosen(l.from)),
                relation: l.relation.clone(),
                to: Some(chosen(l.to)),
                date_from: date(&l.date_from),
                date_to: date(&l.date_to),
            },
        };
        let meta = record.meta();
        Draft {
            original: Some(record.clone()),
            fields,
            notes: meta.notes.clone(),
            topics: meta.topics.iter().map(|t| chosen(*t)).collect(),
            citations: meta
                .citations
                .iter()
                .map(|c| CitationDraft {
                    source: Some(chosen(c.source)),
                    locator: c.locator.clone(),
                    excerpt: c.excerpt.clone(),
                    credibility: c.credibility.map(|c| c.value()),
                    via: opt(c.via),
                })
                .collect(),
            anchor,
            unconfirmed: Vec::new(),
            plain: plain_text(record.kind(), |key| meta.plain.get(key)),
        }
    }

    /// Puts `name` in the field that names a record of this kind (a statement's text).
    pub fn set_name(&mut self, name: &str) {
        match &mut self.fields {
            Fields::Actor { name: n, .. }
            | Fields::Place { name: n, .. }
            | Fields::Topic { name: n } => *n = name.to_string(),
            Fields::Meeting { title, .. } | Fields::Source { title, .. } => {
                *title = name.to_string()
            }
            Fields::Statement { text, .. } => *text = name.to_string(),
            Fields::Link { .. } => {}
        }
    }

    /// Clears every choice of the record `uuid` (one that could not be created).
    pub fn forget(&mut self, uuid: Uuid) {
        let clear = |c: &mut Option<Chosen>| {
            if c.as_ref().is_some_and(|c| c.uuid == uuid) {
                *c = None;
            }
        };
        match &mut self.fields {
            Fields::Meeting {
                place,
                participants,
                ..
            } => {
                clear(place);
                for p in participants {
                    clear(&mut p.actor);
                    clear(&mut p.represents);
                }
            }
            Fields::Statement {
                speaker, meeting, ..
            } => {
                clear(speaker);
                clear(meeting);
            }
            Fields::Place { parent, .. } => clear(parent),
            Fields::Link { from, to, .. } => {
                clear(from);
                clear(to);
            }
            Fields::Actor { .. } | Fields::Source { .. } | Fields::Topic { .. } => {}
        }
        self.topics.retain(|t| t.uuid != uuid);
        for c in &mut self.citations {
            clear(&mut c.source);
            clear(&mut c.via);
        }
    }

    /// Whether both forms hold the same typed contents (whatever day dates resolve against).
    pub fn same_contents(&self, other: &Draft) -> bool {
        self.fields == other.fields
            && self.plain == other.plain
            && self.notes == other.notes
            && self.topics == other.topics
            && self.citations == other.citations
    }

    /// The form as kept in the file while it is typed.
    pub fn to_kept(&self) -> KeptForm {
        KeptForm {
            editing: self.original.as_ref().map(Record::uuid),
            fields: self.fields.clone(),
            notes: self.notes.clone(),
            topics: self.topics.clone(),
            citations: self.citations.clone(),
            plain: self.plain.clone(),
        }
    }

    /// A form restored from the file; `original` is the record it edits, as stored now.
    pub fn from_kept(kept: KeptForm, original: Option<Record>, anchor: Date) -> Draft {
        let kind = kept.fields.kind();
        let plain = plain_text(kind, |key| kept.plain.get(key).map_or("", String::as_str));
        Draft {
            plain,
            original,
            fields: kept.fields,
            notes: kept.notes,
            topics: kept.topics,
            citations: kept.citations,
            anchor,
            unconfirmed: Vec::new(),
        }
    }

    pub fn kind(&self) -> RecordKind {
        self.fields.kind()
    }

    pub fn is_new(&self) -> bool {
        self.original.is_none()
    }

    /// The stored date of the record being edited that reads exactly `text`: words left as
    /// they were keep the value they were saved with, whatever day they would mean today.
    fn kept_date(&self, text: &str) -> Option<&PartialDate> {
        let dates: Vec<&Option<PartialDate>> = match self.original.as_ref()? {
            Record::Meeting(m) => vec![&m.date, &m.end_date],
            Record::Statement(s) => vec![&s.date],
            Record::Source(s) => vec![&s.published, &s.accessed],
            Record::Link(l) => vec![&l.date_from, &l.date_to],
            Record::Actor(_) | Record::Place(_) | Record::Topic(_) => Vec::new(),
        };
        dates
            .into_iter()
            .flatten()
            .find(|d| date_text(d) == text.trim())
    }

    /// What a date field means, or why it cannot be read: shown live beside the field.
    pub fn date_meaning(&self, text: &str) -> Option<Result<String, String>> {
        if text.trim().is_empty() {
            return None;
        }
        if let Some(kept) = self.kept_date(text) {
            return Some(Ok(match kept.text() {
                Some(_) => format!("{} → {}", kept.describe(), kept.edtf()),
                None => kept.describe(),
            }));
        }
        Some(match resolve(text, self.anchor) {
            Ok(d) if d.text().is_some() => Ok(format!("{} → {}", d.describe(), d.edtf())),
            Ok(d) => Ok(d.describe()),
            Err(e) => Err(e.reason),
        })
    }

    /// Everything that keeps the draft from being saved, field by field.
    pub fn problems(&self) -> Vec<Problem> {
        match self.to_record() {
            Ok(_) => Vec::new(),
            Err(problems) => problems,
        }
    }

    /// The record the draft describes, or the problems that stand in the way.
    pub fn to_record(&self) -> Result<Record, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut need = |field: &'static str, value: &str, what: &str| {
            if value.trim().is_empty() {
                problems.push(Problem {
                    field,
                    message: format!("{what} is required"),
                });
            }
        };
        match &self.fields {
            Fields::Actor { name, .. } => need("name", name, "A name"),
            Fields::Meeting { title, .. } => need("title", title, "A title"),
            Fields::Statement { text, .. } => need("text", text, "The statement's text"),
            Fields::Source { title, .. } => need("title", title, "A title"),
            Fields::Place { name, .. } => need("name", name, "A name"),
            Fields::Topic { name } => need("name", name, "A name"),
            Fields::Link { relation, .. } => need("relation", relation, "A relation"),
        }
        let anchor = self.anchor;
        let date = |problems: &mut Vec<Problem>, field: &'static str, text: &str| {
            if let Some(kept) = self.kept_date(text) {
                return Some(kept.clone());
            }
            parse_date(problems, anchor, field, text)
        };
        let mut meta = self
            .original
            .as_ref()
            .map(|r| r.meta().clone())
            .unwrap_or_default();
        meta.notes = self.notes.trim().to_string();
        meta.topics = self.topics.iter().map(|t| t.uuid).collect();
        meta.citations = Vec::new();
        for field in plain_fields(self.kind()) {
            meta.plain.set(
                field.key,
                self.plain.get(field.key).map_or("", String::as_str),
            );
        }
        let record = match &self.fields {
            Fields::Actor {
                name,
                kind,
                description,
                aliases,
            } => Record::Actor(Actor {
                meta: Meta::default(),
                kind: *kind,
                name: name.trim().to_string(),
                description: description.trim().to_string(),
                aliases: aliases
                    .iter()
                    .filter(|a| !a.name.trim().is_empty())
                    .map(|a| Alias {
                        name: a.name.trim().to_string(),
                        kind: a.kind,
                        lang: a.lang.trim().to_string(),
                    })
                    .collect(),
            }),
            Fields::Meeting {
                title,
                kind,
                date: d,
                end_date,
                place,
                summary,
                participants,
            } => {
                let start = date(&mut problems, "date", d);
                let end = date(&mut problems, "end date", end_date);
                Record::Meeting(Meeting {
                    meta: Meta::default(),
                    title: title.trim().to_string(),
                    kind: *kind,
                    date: start,
                    end_date: end,
                    place: place.as_ref().map(|p| p.uuid),
                    summary: summary.trim().to_string(),
                    participants: participants
                        .iter()
                        .filter_map(|p| {
                            Some(Participant {
                                actor: p.actor.as_ref()?.uuid,
                                roles: p.roles.clone(),
                                title_at_time: p.title_at_time.trim().to_string(),
                                represents: p.represents.as_ref().map(|r| r.uuid),
                            })
                        })
                        .collect(),
                })
            }
            Fields::Statement {
                text,
                kind,
                speaker,
                meeting,
                date: d,
                lang,
                hedge,
            } => {
                let when = date(&mut problems, "date", d);
                Record::Statement(Statement {
                    meta: Meta::default(),
                    text: text.trim().to_string(),
                    kind: *kind,
                    speaker: speaker.as_ref().map(|s| s.uuid),
                    meeting: meeting.as_ref().map(|m| m.uuid),
                    date: when,
                    lang: lang.trim().to_string(),
                    hedge: hedge.trim().to_string(),
                })
            }
            Fields::Source {
                title,
                kind,
                outlet,
                url,
                author,
                published,
                accessed,
                reliability,
            } => {
                let published = date(&mut problems, "published", published);
                let accessed = date(&mut problems, "accessed", accessed);
                Record::Source(Source {
                    meta: Meta::default(),
                    title: title.trim().to_string(),
                    kind: *kind,
                    outlet: outlet.trim().to_string(),
                    url: url.trim().to_string(),
                    author: author.trim().to_string(),
                    published,
                    accessed,
                    reliability: *reliability,
                    // Not in the form: the captured text stays as it was.
                    text: match &self.original {
                        Some(Record::Source(s)) => s.text.clone(),
                        _ => String::new(),
                    },
                })
            }
            Fields::Place {
                name,
                parent,
                lat,
                lon,
            } => {
                let mut number = |field: &'static str, text: &str| -> Option<f64> {
                    let text = text.trim();
                    if text.is_empty() {
                        return None;
                    }
                    match text.parse::<f64>() {
                        Ok(v) if v.is_finite() => Some(v),
                        _ => {
                            problems.push(Problem {
                                field,
                                message: format!("'{text}' is not a number"),
                            });
                            None
                        }
                    }
                };
                let (lat, lon) = (number("latitude", lat), number("longitude", lon));
                Record::Place(Place {
                    meta: Meta::default(),
                    name: name.trim().to_string(),
                    parent: parent.as_ref().map(|p| p.uuid),
                    lat,
                    lon,
                })
            }
            Fields::Topic { name } => Record::Topic(Topic {
                meta: Meta::default(),
                name: name.trim().to_string(),
            }),
            Fields::Link {
                from,
                relation,
                to,
                date_from,
                date_to,
            } => {
                if from.is_none() {
                    problems.push(Problem {
                        field: "from",
                        message: "Choose the record the link starts at".into(),
                    });
                }
                if to.is_none() {
                    problems.push(Problem {
                        field: "to",
                        message: "Choose the record the link points to".into(),
                    });
                }
                let (df, dt) = (
                    date(&mut problems, "from date", date_from),
                    date(&mut problems, "to date", date_to),
                );
                let placeholder = Uuid::nil();
                Record::Link(Link {
                    meta: Meta::default(),
                    from: from.as_ref().map_or(placeholder, |c| c.uuid),
                    to: to.as_ref().map_or(placeholder, |c| c.uuid),
                    relation: relation.trim().to_string(),
                    date_from: df,
                    date_to: dt,
                })
            }
        };
        for (i, c) in self.citations.iter().enumerate() {
            let Some(source) = &c.source else {
                problems.push(Problem {
                    field: "citations",
                    message: format!("Citation {} needs a source", i + 1),
                });
                continue;
            };
            let credibility = match c.credibility {
                Some(v) => match Credibility::new(v) {
                    Ok(c) => Some(c),
                    Err(e) => {
                        problems.push(Problem {
                            field: "citations",
                            message: e.to_string(),
                        });
                        None
                    }
                },
                None => None,
            };
            meta.citations.push(Citation {
                source: source.uuid,
                locator: c.locator.trim().to_string(),
                excerpt: c.excerpt.trim().to_string(),
                credibility,
                via: c.via.as_ref().map(|v| v.uuid),
            });
        }
        for typed in &self.unconfirmed {
            problems.push(Problem {
                field: "picker",
                message: format!(
                    "{typed} is typed but not chosen (Enter chooses it, Escape clears it)"
                ),
            });
        }
        let mut record = record;
        *record.meta_mut() = meta;
        if problems.is_empty()
            && let Err(e) = record.validate()
        {
            problems.push(Problem {
                field: e.field,
                message: e.message,
            });
        }
        if problems.is_empty() {
            Ok(record)
        } else {
            Err(problems)
        }
    }
}

/// Resolves a date field, noting why it cannot be read.
fn parse_date(
    problems: &mut Vec<Problem>,
    anchor: Date,
    field: &'static str,
    text: &str,
) -> Option<PartialDate> {
    if text.trim().is_empty() {
        return None;
    }
    match resolve(text, anchor) {
        Ok(d) => Some(d),
        Err(e) => {
            problems.push(Problem {
                field,
                message: e.reason,
            });
            None
        }
    }
}

/// A stored date shown for editing: the words as written when kept, else the EDTF value.
fn date_text(d: &PartialDate) -> String {
    d.text().map(str::to_string).unwrap_or_else(|| d.edtf())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchor() -> Date {
        "2025-09-10".parse().unwrap()
    }

    #[test]
    fn an_unreadable_date_blocks_saving_with_a_reason() {
        let mut d = Draft::new(RecordKind::Meeting, anchor());
        if let Fields::Meeting { title, date, .. } = &mut d.fields {
            *title = "Talks".into();
            *date = "the 45th of Smarch".into();
        }
        let problems = d.problems();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "date");
        assert!(d.date_meaning("the 45th of Smarch").unwrap().is_err());
    }

    #[test]
    fn relative_words_resolve_and_are_kept() {
        let mut d = Draft::new(RecordKind::Meeting, anchor());
        if let Fields::Meeting { title, date, .. } = &mut d.fields {
            *title = "Talks".into();
            *date = "Tuesday".into();
        }
        assert_eq!(
            d.date_meaning("Tuesday"),
            Some(Ok("9 September 2025 → 2025-09-09".into()))
        );
        let Ok(Record::Meeting(m)) = d.to_record() else {
            panic!()
        };
        let date = m.date.unwrap();
        assert_eq!(date.edtf(), "2025-09-09");
        assert_eq!(date.text(), Some("Tuesday"));
    }

    #[test]
    fn a_problem_names_its_field_unless_it_does_already() {
        let mut d = Draft::new(RecordKind::Meeting, anchor());
        if let Fields::Meeting { date, .. } = &mut d.fields {
            *date = "the 45th of Smarch".into();
        }
        let line = describe(&d.problems());
        assert!(line.starts_with("A title is required; Date: "), "{line}");
    }

    #[test]
    fn empty_required_fields_are_named() {
        let d = Draft::new(RecordKind::Actor, anchor());
        assert_eq!(d.problems()[0].field, "name");
        let d = Draft::new(RecordKind::Link, anchor());
        let fields: Vec<&str> = d.problems().iter().map(|p| p.field).collect();
        assert!(fields.contains(&"from") && fields.contains(&"to") && fields.contains(&"relation"));
    }
}
