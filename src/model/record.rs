//! The record types and what can be said of a record without storage: its label, the
//! references it makes (edges), the text it contributes to the search index, validation, and
//! detaching a reference when its target is purged.

use super::date::PartialDate;
use super::fields::PlainValues;
use super::fold::{fold_name, normalise_text};
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

/// One reference a record makes: `src --relation--> dst`. A link record's own edge runs from
/// its `from` to its `to` under its relation; every other edge starts at the record itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub src: Uuid,
    pub dst: Uuid,
    pub relation: String,
    /// A qualifier shown with the edge: the role of a participant, a citation's locator.
    pub detail: String,
}

/// Edge relations written by the structure of records (links use their own relation text).
pub mod relation {
    pub const SPEAKER: &str = "speaker";
    pub const MEETING: &str = "at meeting";
    pub const PARTICIPANT: &str = "participant";
    pub const REPRESENTS: &str = "represents";
    pub const PLACE: &str = "place";
    pub const PARENT: &str = "inside";
    pub const TOPIC: &str = "topic";
    pub const CITES: &str = "cites";
    pub const VIA: &str = "cites via";
    pub const LINK_FROM: &str = "link from";
    pub const LINK_TO: &str = "link to";

    use crate::model::RecordKind;

    /// The relation as the constant naming it, if it is a structural one (`None` for the
    /// relation text of typed links).
    pub fn structural(relation: &str) -> Option<&'static str> {
        [
            SPEAKER,
            MEETING,
            PARTICIPANT,
            REPRESENTS,
            PLACE,
            PARENT,
            TOPIC,
            CITES,
            VIA,
        ]
        .into_iter()
        .find(|r| *r == relation)
    }

    /// The kind of record a structural reference must point at; `None` for link relations,
    /// which may join any two records.
    pub fn expected_kind(relation: &str) -> Option<RecordKind> {
        Some(match relation {
            SPEAKER | PARTICIPANT | REPRESENTS => RecordKind::Actor,
            MEETING => RecordKind::Meeting,
            PLACE | PARENT => RecordKind::Place,
            TOPIC => RecordKind::Topic,
            CITES | VIA => RecordKind::Source,
            _ => return None,
        })
    }
}

/// The text a record contributes to the full-text index, by weighted column.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndexText {
    /// The record's own name or title.
    pub title: String,
    /// Its other names: aliases, an outlet or author.
    pub aliases: String,
    /// Descriptions, summaries, statement text, notes, excerpts.
    pub body: String,
    /// Folded keys of its own names, for matching any transliteration.
    pub keys: String,
    /// Names of the records it refers to (speaker, participants, place), as written and
    /// folded: found by them, but ranked below the records they name.
    pub context: String,
}

/// A field that does not hold what it must.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct ValidationError {
    pub field: &'static str,
    pub message: String,
}

fn invalid(field: &'static str, message: impl Into<String>) -> ValidationError {
    ValidationError {
        field,
        message: message.into(),
    }
}

fn require(field: &'static str, value: &str) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
        Err(invalid(field, "must not be empty"))
    } else {
        Ok(())
    }
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

    /// Checks the fields a record cannot be saved without.
    pub fn validate(&self) -> Result<(), ValidationError> {
        match self {
            Record::Actor(a) => {
                require("name", &a.name)?;
                for alias in &a.aliases {
                    require("alias", &alias.name)?;
                }
            }
            Record::Meeting(m) => {
                require("title", &m.title)?;
                if let (Some(start), Some(end)) = (&m.date, &m.end_date)
                    && let (Some(a), Some(b)) = (start.earliest(), end.latest())
                    && b < a
                {
                    return Err(invalid("end date", "ends before the meeting starts"));
                }
                for p in &m.participants {
                    if p.represents == Some(p.actor) {
                        return Err(invalid("participants", "an actor cannot represent itself"));
                    }
                }
            }
            Record::Statement(s) => require("text", &s.text)?,
            Record::Source(s) => require("title", &s.title)?,
            Record::Place(p) => {
                require("name", &p.name)?;
                if p.parent == Some(p.meta.uuid) {
                    return Err(invalid("parent", "a place cannot be inside itself"));
                }
                if p.lat.is_some_and(|v| !(-90.0..=90.0).contains(&v)) {
                    return Err(invalid("latitude", "must lie between -90 and 90"));
                }
                if p.lon.is_some_and(|v| !(-180.0..=180.0).contains(&v)) {
                    return Err(invalid("longitude", "must lie between -180 and 180"));
                }
            }
            Record::Topic(t) => require("name", &t.name)?,
            Record::Link(l) => {
                require("relation", &l.relation)?;
                if l.from == l.to {
                    return Err(invalid("link", "a record cannot be linked to itself"));
                }
            }
        }
        if self.meta().topics.contains(&self.uuid()) {
            return Err(invalid("topics", "a topic cannot tag itself"));
        }
        Ok(())
    }

    /// Every reference the record makes.
    pub fn edges(&self) -> Vec<Edge> {
        let me = self.uuid();
        let mut edges = Vec::new();
        let mut push = |src: Uuid, dst: Uuid, relation: &str, detail: &str| {
            edges.push(Edge {
                src,
                dst,
                relation: relation.to_string(),
                detail: detail.to_string(),
            })
        };
        match self {
            Record::Actor(_) | Record::Source(_) | Record::Topic(_) => {}
            Record::Meeting(m) => {
                if let Some(place) = m.place {
                    push(me, place, relation::PLACE, "");
                }
                for p in &m.participants {
                    push(me, p.actor, relation::PARTICIPANT, &p.roles_label());
                    if let Some(rep) = p.represents {
                        push(me, rep, relation::REPRESENTS, "");
                    }
                }
            }
            Record::Statement(s) => {
                if let Some(speaker) = s.speaker {
                    push(me, speaker, relation::SPEAKER, s.kind.label());
                }
                if let Some(meeting) = s.meeting {
                    push(me, meeting, relation::MEETING, "");
                }
            }
            Record::Place(p) => {
                if let Some(parent) = p.parent {
                    push(me, parent, relation::PARENT, "");
                }
            }
            Record::Link(l) => {
                push(l.from, l.to, l.relation.trim(), "");
                push(me, l.from, relation::LINK_FROM, "");
                push(me, l.to, relation::LINK_TO, "");
            }
        }
        for topic in &self.meta().topics {
            push(me, *topic, relation::TOPIC, "");
        }
        for c in &self.meta().citations {
            push(me, c.source, relation::CITES, &c.locator);
            if let Some(via) = c.via {
                push(me, via, relation::VIA, "");
            }
        }
        edges
    }

    /// Every uuid the record refers to.
    pub fn referenced(&self) -> Vec<Uuid> {
        let me = self.uuid();
        let mut out: Vec<Uuid> = self
            .edges()
            .into_iter()
            .flat_map(|e| [e.src, e.dst])
            .filter(|u| *u != me)
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Removes every reference to `target` (when `target` is purged). Returns true if
    /// anything changed. A link whose end is `target` cannot survive; callers purge it.
    pub fn detach(&mut self, target: Uuid) -> bool {
        let before = self.clone();
        match self {
            Record::Meeting(m) => {
                if m.place == Some(target) {
                    m.place = None;
                }
                m.participants.retain(|p| p.actor != target);
                for p in &mut m.participants {
                    if p.represents == Some(target) {
                        p.represents = None;
                    }
                }
            }
            Record::Statement(s) => {
                if s.speaker == Some(target) {
                    s.speaker = None;
                }
                if s.meeting == Some(target) {
                    s.meeting = None;
                }
            }
            Record::Place(p) => {
                if p.parent == Some(target) {
                    p.parent = None;
                }
            }
            Record::Actor(_) | Record::Source(_) | Record::Topic(_) | Record::Link(_) => {}
        }
        let meta = self.meta_mut();
        meta.topics.retain(|t| *t != target);
        meta.citations.retain(|c| c.source != target);
        for c in &mut meta.citations {
            if c.via == Some(target) {
                c.via = None;
            }
        }
        *self != before
    }

    /// Points every reference to `from` at `to` instead (a name proposed as new turned out to
    /// be a record of the file). Returns true if anything changed.
    pub fn retarget(&mut self, from: Uuid, to: Uuid) -> bool {
        let before = self.clone();
        let swap = |u: &mut Uuid| {
            if *u == from {
                *u = to;
            }
        };
        let swap_opt = |u: &mut Option<Uuid>| {
            if *u == Some(from) {
                *u = Some(to);
            }
        };
        match self {
            Record::Meeting(m) => {
                swap_opt(&mut m.place);
                for p in &mut m.participants {
                    swap(&mut p.actor);
                    swap_opt(&mut p.represents);
                }
            }
            Record::Statement(s) => {
                swap_opt(&mut s.speaker);
                swap_opt(&mut s.meeting);
            }
            Record::Place(p) => swap_opt(&mut p.parent),
            Record::Link(l) => {
                swap(&mut l.from);
                swap(&mut l.to);
            }
            Record::Actor(_) | Record::Source(_) | Record::Topic(_) => {}
        }
        let meta = self.meta_mut();
        meta.topics.iter_mut().for_each(swap);
        for c in &mut meta.citations {
            swap(&mut c.source);
            swap_opt(&mut c.via);
        }
        *self != before
    }

    /// The label shown in lists: names of referenced records come from `name_of`.
    pub fn label(&self, name_of: &dyn Fn(Uuid) -> Option<String>) -> String {
        match self {
            Record::Statement(s) => {
                let text = truncate(&s.text, 120);
                match s.speaker.and_then(name_of) {
                    Some(speaker) => format!("{speaker}: {text}"),
                    None => text,
                }
            }
            Record::Link(l) => format!(
                "{} — {} → {}",
                name_of(l.from).unwrap_or_else(|| "?".into()),
                l.relation,
                name_of(l.to).unwrap_or_else(|| "?".into())
            ),
            other => other.name().to_string(),
        }
    }

    /// The extra columns lists show for this kind of record (see `list_headers`): names of
    /// referenced records come from `name_of`, source grades from `grade_of`.
    pub fn list_columns(
        &self,
        name_of: &dyn Fn(Uuid) -> Option<String>,
        grade_of: &dyn Fn(Uuid) -> Option<String>,
    ) -> Vec<String> {
        let name = |u: Option<Uuid>| u.and_then(name_of).unwrap_or_default();
        match self {
            Record::Actor(a) => vec![
                a.kind.label().to_string(),
                a.aliases
                    .iter()
                    .take(3)
                    .map(|x| x.name.as_str())
                    .collect::<Vec<_>>()
                    .join(" · "),
            ],
            Record::Meeting(m) => vec![
                name(m.place),
                m.participants
                    .iter()
                    .filter_map(|p| name_of(p.actor))
                    .collect::<Vec<_>>()
                    .join(", "),
            ],
            Record::Statement(s) => {
                // The best grade among the cited sources.
                let best = s
                    .meta
                    .citations
                    .iter()
                    .filter_map(|c| grade_of(c.source))
                    .min()
                    .unwrap_or_default();
                vec![name(s.speaker), s.kind.label().to_string(), best]
            }
            Record::Source(s) => vec![
                s.outlet.clone(),
                s.reliability
                    .map(|g| g.as_str().to_string())
                    .unwrap_or_default(),
            ],
            Record::Place(p) => vec![name(p.parent)],
            Record::Topic(_) => Vec::new(),
            Record::Link(l) => vec![name(Some(l.from)), l.relation.clone(), name(Some(l.to))],
        }
    }

    /// The headers of `list_columns` for records of `kind`.
    pub fn list_headers(kind: RecordKind) -> &'static [&'static str] {
        match kind {
            RecordKind::Actor => &["Kind", "Aliases"],
            RecordKind::Meeting => &["Place", "Participants"],
            RecordKind::Statement => &["Speaker", "Kind", "Grade"],
            RecordKind::Source => &["Outlet", "Grade"],
            RecordKind::Place => &["Inside"],
            RecordKind::Topic => &[],
            RecordKind::Link => &["From", "Relation", "To"],
        }
    }

    /// The text this record contributes to the index; names of referenced records (speaker,
    /// participants, place) are indexed with it so that "Lavrov sanctions" finds his statement.
    pub fn index_text(&self, name_of: &dyn Fn(Uuid) -> Option<String>) -> IndexText {
        let mut t = IndexText::default();
        let context_of = |ids: &mut dyn Iterator<Item = Uuid>| -> String {
            let names: Vec<String> = ids.filter_map(name_of).collect();
            let folded: Vec<String> = names.iter().map(|n| fold_name(n)).collect();
            join_non_empty(&[&names.join(" · "), &folded.join(" ")])
        };
        match self {
            Record::Actor(a) => {
                t.title = a.name.clone();
                t.aliases = a
                    .aliases
                    .iter()
                    .map(|x| x.name.as_str())
                    .collect::<Vec<_>>()
                    .join(" · ");
                t.body = a.description.clone();
                let all_names = std::iter::once(a.name.as_str())
                    .chain(a.aliases.iter().map(|x| x.name.as_str()));
                t.keys = all_names.map(fold_name).collect::<Vec<_>>().join(" ");
            }
            Record::Meeting(m) => {
                t.title = m.title.clone();
                let ids = m
                    .participants
                    .iter()
                    .flat_map(|p| std::iter::once(p.actor).chain(p.represents))
                    .chain(m.place);
                t.context = context_of(&mut ids.into_iter());
                let titles: Vec<&str> = m
                    .participants
                    .iter()
                    .map(|p| p.title_at_time.as_str())
                    .filter(|s| !s.is_empty())
                    .collect();
                t.body = join_non_empty(&[&m.summary, &titles.join(" · ")]);
            }
            Record::Statement(s) => {
                t.context = context_of(&mut s.speaker.into_iter().chain(s.meeting));
                t.body = join_non_empty(&[&s.text, &s.hedge]);
            }
            Record::Source(s) => {
                t.title = s.title.clone();
                t.aliases = join_non_empty(&[&s.outlet, &s.author]);
                t.body = join_non_empty(&[&s.url, &s.text]);
                t.keys = fold_name(&s.outlet);
            }
            Record::Place(p) => {
                t.title = p.name.clone();
                t.keys = fold_name(&p.name);
                t.context = context_of(&mut p.parent.into_iter());
            }
            Record::Topic(topic) => {
                t.title = topic.name.clone();
            }
            Record::Link(l) => {
                t.title = l.relation.clone();
                t.context = context_of(&mut [l.from, l.to].into_iter());
            }
        }
        let meta = self.meta();
        let excerpts: Vec<&str> = meta
            .citations
            .iter()
            .map(|c| c.excerpt.as_str())
            .filter(|s| !s.is_empty())
            .collect();
        let plain: Vec<&str> = meta
            .plain
            .described(self.kind())
            .filter(|(field, _)| field.searchable)
            .map(|(_, value)| value)
            .collect();
        t.body = join_non_empty(&[
            &t.body,
            &plain.join(" · "),
            &meta.notes,
            &excerpts.join(" · "),
        ]);
        IndexText {
            title: normalise_text(&t.title),
            aliases: normalise_text(&t.aliases),
            body: normalise_text(&t.body),
            keys: t.keys,
            context: normalise_text(&t.context),
        }
    }

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

fn join_non_empty(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|p| !p.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("\n")
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
