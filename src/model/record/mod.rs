//! The record types and what every part of the program asks of any record: its kind, identity,
//! name, date and grade. What else can be said of a record without storage has a module each:
//! the references it makes (`edges`), validation (`validate`), its label, list columns and
//! search text (`index`), and its JSON (`json`).

mod edges;
mod index;
mod json;
mod validate;

pub use edges::{Edge, relation};
pub use index::{IndexText, ReferencedNames};
pub use validate::ValidationError;

use super::date::PartialDate;
use super::fields::PlainValues;
use super::vocab::{
    ActorKind, AliasKind, Credibility, MeetingKind, RecordKind, Reliability, Role, SourceKind,
    StatementKind,
};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What every record carries: identity, timestamps, soft deletion, notes, topic tags and the
/// citations that back it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub uuid: Uuid,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Timestamp>,
    /// The version (its `updated_at`) last exchanged with another knowledge base: what an
    /// exported copy descends from. Import compares both sides against it to tell an update
    /// from a conflict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Topic records this record is tagged with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<Uuid>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<Citation>,
    /// The kind's plain fields (`model::fields`), by key: written as keys of the record.
    #[serde(flatten)]
    pub plain: PlainValues,
}

impl Meta {
    /// A fresh identity, created and updated now.
    pub fn new() -> Meta {
        let now = Timestamp::now();
        Meta {
            uuid: Uuid::new_v4(),
            created_at: now,
            updated_at: now,
            deleted_at: None,
            base: None,
            notes: String::new(),
            topics: Vec::new(),
            citations: Vec::new(),
            plain: PlainValues::default(),
        }
    }
}

impl Default for Meta {
    fn default() -> Self {
        Meta::new()
    }
}

/// A source backing a record, with where in it, how credible, and through whom it came.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Citation {
    pub source: Uuid,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub locator: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub excerpt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credibility: Option<Credibility>,
    /// The source the cited one relays ("Sana said", as reported by the outlet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<Uuid>,
}

impl Citation {
    pub fn new(source: Uuid) -> Citation {
        Citation {
            source,
            locator: String::new(),
            excerpt: String::new(),
            credibility: None,
            via: None,
        }
    }
}

/// Another name of an actor, in any script.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alias {
    pub name: String,
    pub kind: AliasKind,
    /// Language or script tag: "ar", "ru", "en"…
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub lang: String,
}

/// A person, organisation or state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    #[serde(flatten)]
    pub meta: Meta,
    pub kind: ActorKind,
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Alias>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// An actor's part in a meeting: one or more roles ("visitor" and "head of delegation").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "ParticipantFields")]
pub struct Participant {
    pub actor: Uuid,
    pub roles: Vec<Role>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title_at_time: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub represents: Option<Uuid>,
}

impl Participant {
    /// The roles for reading: "Visitor, Head of delegation" ("Participant" when none is given).
    pub fn roles_label(&self) -> String {
        if self.roles.is_empty() {
            return "Participant".into();
        }
        self.roles
            .iter()
            .map(|r| r.label())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A participant as written: by this version (`roles`, a list) or by versions before the
/// list (`role`, one), so older files, bundles and change-log lines still read.
#[derive(Deserialize)]
struct ParticipantFields {
    actor: Uuid,
    #[serde(default)]
    roles: Vec<Role>,
    #[serde(default)]
    role: Option<Role>,
    #[serde(default)]
    title_at_time: String,
    #[serde(default)]
    represents: Option<Uuid>,
}

impl From<ParticipantFields> for Participant {
    fn from(f: ParticipantFields) -> Participant {
        let mut roles = f.roles;
        if let Some(role) = f.role
            && !roles.contains(&role)
        {
            roles.insert(0, role);
        }
        Participant {
            actor: f.actor,
            roles,
            title_at_time: f.title_at_time,
            represents: f.represents,
        }
    }
}

/// A visit, talks, a summit, a call…
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meeting {
    #[serde(flatten)]
    pub meta: Meta,
    pub title: String,
    pub kind: MeetingKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<Uuid>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<Participant>,
}

/// Something someone said, as a source gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    #[serde(flatten)]
    pub meta: Meta,
    pub text: String,
    pub kind: StatementKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub lang: String,
    /// The source's own hedge: "reportedly", "according to officials".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub hedge: String,
}

/// An article, statement, transcript, post or interview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    #[serde(flatten)]
    pub meta: Meta,
    pub title: String,
    pub kind: SourceKind,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub outlet: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub author: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accessed: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliability: Option<Reliability>,
    /// The report's full text, as captured (one paragraph a line), so that citations'
    /// locators ("para. 4") and excerpts can be checked against it; searchable.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
}

/// A place, inside another place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    #[serde(flatten)]
    pub meta: Meta,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
}

/// A subject tag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    #[serde(flatten)]
    pub meta: Meta,
    pub name: String,
}

/// A typed relation between any two records ("leads", "member of"), with its time span.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    #[serde(flatten)]
    pub meta: Meta,
    pub from: Uuid,
    pub to: Uuid,
    pub relation: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_from: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_to: Option<PartialDate>,
}

/// Any record.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Actor(Actor),
    Meeting(Meeting),
    Statement(Statement),
    Source(Source),
    Place(Place),
    Topic(Topic),
    Link(Link),
}

impl Record {
    pub fn kind(&self) -> RecordKind {
        match self {
            Record::Actor(_) => RecordKind::Actor,
            Record::Meeting(_) => RecordKind::Meeting,
            Record::Statement(_) => RecordKind::Statement,
            Record::Source(_) => RecordKind::Source,
            Record::Place(_) => RecordKind::Place,
            Record::Topic(_) => RecordKind::Topic,
            Record::Link(_) => RecordKind::Link,
        }
    }
    pub fn meta(&self) -> &Meta {
        match self {
            Record::Actor(r) => &r.meta,
            Record::Meeting(r) => &r.meta,
            Record::Statement(r) => &r.meta,
            Record::Source(r) => &r.meta,
            Record::Place(r) => &r.meta,
            Record::Topic(r) => &r.meta,
            Record::Link(r) => &r.meta,
        }
    }
    pub fn meta_mut(&mut self) -> &mut Meta {
        match self {
            Record::Actor(r) => &mut r.meta,
            Record::Meeting(r) => &mut r.meta,
            Record::Statement(r) => &mut r.meta,
            Record::Source(r) => &mut r.meta,
            Record::Place(r) => &mut r.meta,
            Record::Topic(r) => &mut r.meta,
            Record::Link(r) => &mut r.meta,
        }
    }
    pub fn uuid(&self) -> Uuid {
        self.meta().uuid
    }
    /// The record's own name, before names of other records are known.
    pub fn name(&self) -> &str {
        match self {
            Record::Actor(r) => &r.name,
            Record::Meeting(r) => &r.title,
            Record::Statement(r) => &r.text,
            Record::Source(r) => &r.title,
            Record::Place(r) => &r.name,
            Record::Topic(r) => &r.name,
            Record::Link(r) => &r.relation,
        }
    }
    /// Every name the record goes by: its own and, for an actor, its aliases.
    pub fn names(&self) -> Vec<&str> {
        let mut names = vec![self.name()];
        if let Record::Actor(a) = self {
            names.extend(a.aliases.iter().map(|x| x.name.as_str()));
        }
        names
    }
    /// A finer kind kept for filtering: the actor, meeting, statement or source kind.
    pub fn subkind(&self) -> Option<&'static str> {
        match self {
            Record::Actor(r) => Some(r.kind.as_str()),
            Record::Meeting(r) => Some(r.kind.as_str()),
            Record::Statement(r) => Some(r.kind.as_str()),
            Record::Source(r) => Some(r.kind.as_str()),
            Record::Place(_) | Record::Topic(_) | Record::Link(_) => None,
        }
    }
    /// The date the record is filed and filtered under.
    pub fn date(&self) -> Option<&PartialDate> {
        match self {
            Record::Meeting(r) => r.date.as_ref(),
            Record::Statement(r) => r.date.as_ref(),
            Record::Source(r) => r.published.as_ref(),
            Record::Link(r) => r.date_from.as_ref().or(r.date_to.as_ref()),
            Record::Actor(_) | Record::Place(_) | Record::Topic(_) => None,
        }
    }
    /// The day bounds the record spans: a meeting to its end date, a link over its whole span.
    pub fn date_bounds(&self) -> Option<(String, String)> {
        let (start, end) = match self {
            Record::Meeting(r) => (r.date.as_ref(), r.end_date.as_ref().or(r.date.as_ref())),
            Record::Link(r) => (r.date_from.as_ref(), r.date_to.as_ref()),
            _ => (self.date(), self.date()),
        };
        if start.is_none() && end.is_none() {
            return None;
        }
        let lo = start.map_or(super::date::EARLIEST_DAY.to_string(), |d| d.bounds_iso().0);
        let hi = end.map_or(super::date::LATEST_DAY.to_string(), |d| d.bounds_iso().1);
        Some((lo, hi))
    }
    /// True if any date the record's bounds come from is approximate or uncertain.
    pub fn date_is_fuzzy(&self) -> bool {
        let fuzzy = |d: &Option<PartialDate>| d.as_ref().is_some_and(PartialDate::is_fuzzy);
        match self {
            Record::Meeting(r) => fuzzy(&r.date) || fuzzy(&r.end_date),
            Record::Link(r) => fuzzy(&r.date_from) || fuzzy(&r.date_to),
            _ => self.date().is_some_and(PartialDate::is_fuzzy),
        }
    }
    /// The source grade, for sources.
    pub fn reliability(&self) -> Option<Reliability> {
        match self {
            Record::Source(s) => s.reliability,
            _ => None,
        }
    }
}

/// A count with its thousands grouped: "1,234,567".
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Shortens text to at most `max` characters, ending in an ellipsis when cut.
pub fn truncate(text: &str, max: usize) -> String {
    // Words are joined only until the line is longer than `max`: a long statement's text is
    // not copied whole to make its title.
    let mut single_line = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        if chars > 0 {
            single_line.push(' ');
            chars += 1;
        }
        single_line.push_str(word);
        chars += word.chars().count();
        if chars > max {
            break;
        }
    }
    if chars <= max {
        single_line
    } else {
        let cut: String = single_line.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(name: &str) -> Actor {
        Actor {
            meta: Meta::new(),
            kind: ActorKind::Person,
            name: name.into(),
            aliases: vec![],
            description: String::new(),
        }
    }

    #[test]
    fn statement_edges_and_detach() {
        let speaker = actor("Sergey Lavrov");
        let source = Uuid::new_v4();
        let mut st = Statement {
            meta: Meta::new(),
            text: "Russia remains committed".into(),
            kind: StatementKind::Paraphrase,
            speaker: Some(speaker.meta.uuid),
            meeting: None,
            date: None,
            lang: "en".into(),
            hedge: String::new(),
        };
        st.meta.citations.push(Citation::new(source));
        let mut record = Record::Statement(st);
        let edges = record.edges();
        assert_eq!(edges.len(), 2);
        assert_eq!(edges[0].relation, relation::SPEAKER);
        assert!(record.detach(speaker.meta.uuid));
        assert!(record.detach(source));
        assert!(record.edges().is_empty());
        assert!(!record.detach(source));
    }

    #[test]
    fn retarget_points_every_reference_elsewhere() {
        let proposed = Uuid::new_v4();
        let known = Uuid::new_v4();
        let source = Uuid::new_v4();
        let mut st = Statement {
            meta: Meta::new(),
            text: "We agreed".into(),
            kind: StatementKind::Quote,
            speaker: Some(proposed),
            meeting: None,
            date: None,
            lang: "en".into(),
            hedge: String::new(),
        };
        let mut citation = Citation::new(source);
        citation.via = Some(proposed);
        st.meta.citations.push(citation);
        let mut record = Record::Statement(st);
        assert!(record.retarget(proposed, known));
        let targets: Vec<Uuid> = record.edges().iter().map(|e| e.dst).collect();
        assert!(targets.contains(&known) && !targets.contains(&proposed));
        assert!(!record.retarget(proposed, known), "nothing left to change");
    }

    #[test]
    fn validation_names_the_field() {
        let err = Record::Actor(actor("  ")).validate().unwrap_err();
        assert_eq!(err.field, "name");
    }

    #[test]
    fn json_round_trip() {
        let mut a = actor("Asaad Al Shibani");
        a.aliases.push(Alias {
            name: "أسعد الشيباني".into(),
            kind: AliasKind::Official,
            lang: "ar".into(),
        });
        let record = Record::Actor(a);
        let back = Record::from_json(RecordKind::Actor, record.to_json()).unwrap();
        assert_eq!(back, record);
    }
}
