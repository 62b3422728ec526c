//! A record as both front ends show it: the record, its list title, what it refers to, what
//! refers to it, the names of every record it references and the grades of the sources it
//! cites. The GUI's detail pane and the CLI's `show` read this one view; exports read the same
//! name lookup (`labels`).

use super::Store;
use super::error::Result;
use super::read::{BacklinkGroup, EdgeView};
use crate::model::{Record, RecordKind, Reliability};

/// The most places a chain names (the world is not deeper; a damaged file may be).
const MAX_PLACE_DEPTH: usize = 12;
use std::collections::HashMap;
use uuid::Uuid;

/// One record with its labelled links and backlinks.
#[derive(Debug, Clone)]
pub struct RecordView {
    pub record: Record,
    /// The list title (a statement's title carries its speaker, for example).
    pub title: String,
    /// What the record refers to, including typed links it starts.
    pub outgoing: Vec<EdgeView>,
    /// Everything that refers to it, grouped by relation.
    pub backlinks: Vec<BacklinkGroup>,
    /// The list label of every record this one refers to.
    pub labels: HashMap<Uuid, String>,
    /// The grades of the sources it cites (directly or "via").
    pub grades: HashMap<Uuid, Reliability>,
    /// The records merged into this one, if any (its references above include theirs).
    pub cluster: Option<super::Cluster>,
}

impl RecordView {
    /// The label of a referenced record (a dangling reference says so).
    pub fn label(&self, uuid: Uuid) -> String {
        self.labels
            .get(&uuid)
            .cloned()
            .unwrap_or_else(|| format!("(missing {uuid})"))
    }

    /// The typed links this record starts (its other references are its fields).
    pub fn links(&self) -> impl Iterator<Item = &EdgeView> {
        let own = self.record.uuid();
        self.outgoing.iter().filter(move |e| e.owner != own)
    }

    pub fn is_deleted(&self) -> bool {
        self.record.meta().deleted_at.is_some()
    }
}

impl Store {
    /// The record with `uuid` as the front ends show it, or `None` if there is none.
    pub fn record_view(&self, uuid: Uuid) -> Result<Option<RecordView>> {
        let Some(record) = self.get(uuid)? else {
            return Ok(None);
        };
        let labels = self.labels(record.referenced())?;
        let mut grades = HashMap::new();
        for c in &record.meta().citations {
            for source in std::iter::once(c.source).chain(c.via) {
                if let Some(Record::Source(s)) = self.get(source)?
                    && let Some(g) = s.reliability
                {
                    grades.insert(source, g);
                }
            }
        }
        Ok(Some(RecordView {
            title: self.get_ref(uuid)?.map(|r| r.title).unwrap_or_default(),
            outgoing: self.outgoing(uuid)?,
            backlinks: self.backlinks(uuid)?,
            cluster: self.cluster(uuid)?,
            record,
            labels,
            grades,
        }))
    }

    /// The list labels of `uuids` (those that exist), each read once.
    pub fn labels(&self, uuids: impl IntoIterator<Item = Uuid>) -> Result<HashMap<Uuid, String>> {
        let mut labels = HashMap::new();
        for uuid in uuids {
            if labels.contains_key(&uuid) {
                continue;
            }
            if let Some(r) = self.get_ref(uuid)? {
                let label = match r.kind {
                    RecordKind::Place => self.place_chain(uuid)?.unwrap_or(r.title),
                    _ => r.title,
                };
                labels.insert(uuid, label);
            }
        }
        Ok(labels)
    }

    /// A place named with the places it lies in, innermost first: "Joint Base
    /// Elmendorf-Richardson, Anchorage, Alaska, United States". `None` if it is not a place.
    pub fn place_chain(&self, uuid: Uuid) -> Result<Option<String>> {
        let mut names: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut next = Some(uuid);
        while let Some(at) = next {
            // A cycle (refused on write, but a file may hold one) ends the chain.
            if !seen.insert(at) || names.len() >= MAX_PLACE_DEPTH {
                break;
            }
            match self.get(at)? {
                Some(Record::Place(p)) => {
                    names.push(p.name);
                    next = p.parent;
                }
                _ => break,
            }
        }
        Ok((!names.is_empty()).then(|| names.join(", ")))
    }

    /// The list label of one record, or a note that it is missing.
    pub fn label(&self, uuid: Uuid) -> String {
        match self.get_ref(uuid) {
            Ok(Some(r)) => r.title,
            _ => format!("(missing {uuid})"),
        }
    }
}
