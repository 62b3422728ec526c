//! The references a record makes, as edges (`src --relation--> dst`): listing them, and
//! detaching or retargeting one when the record it points at is purged or merged.

use super::Record;
use uuid::Uuid;

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

impl Record {
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
}
