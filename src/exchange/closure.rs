//! What an export takes along with the selected records: nothing (selected only), what they
//! refer to directly (a meeting's participants and place, a statement's speaker and meeting),
//! or their whole provenance — everything they refer to, transitively: citations' sources and
//! "via" chains, places and their parents, topics — so that the result imports into an empty
//! file with no dangling reference. Links among the exported records come along too. A
//! dossier takes, besides, what refers to the selected records (a meeting's statements, a
//! person's statements and meetings, what cites a source), with its provenance.

use crate::model::Record;
use crate::model::record::relation;
use crate::store::{Store, StoreError};
use std::collections::{BTreeSet, HashSet, VecDeque};
use uuid::Uuid;

/// How much to take along.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Closure {
    /// The selected records only.
    None,
    /// Plus what they refer to structurally, one step (not citations or topics).
    Direct,
    /// Plus everything they refer to, transitively.
    #[default]
    Provenance,
    /// Plus what refers to them (one step: statements made at a meeting or by a person,
    /// meetings attended, what cites a source, links), all with their provenance.
    Dossier,
}

impl std::str::FromStr for Closure {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().as_str() {
            "none" | "selected" => Ok(Closure::None),
            "direct" => Ok(Closure::Direct),
            "provenance" | "full" => Ok(Closure::Provenance),
            "dossier" => Ok(Closure::Dossier),
            other => Err(format!(
                "unknown closure '{other}' (none, direct, provenance, dossier)"
            )),
        }
    }
}

/// The records to export for `selected` under `closure`, each once, selected first.
pub fn close_over(
    store: &Store,
    selected: &[Uuid],
    closure: Closure,
) -> Result<Vec<Record>, StoreError> {
    if closure == Closure::Dossier {
        // The selected records, then what refers to them, each once; then their provenance.
        let mut seeds: Vec<Uuid> = selected.to_vec();
        let mut seeded: HashSet<Uuid> = selected.iter().copied().collect();
        for uuid in selected {
            for referrer in store.referrers(*uuid)? {
                if seeded.insert(referrer) {
                    seeds.push(referrer);
                }
            }
        }
        return close_over(store, &seeds, Closure::Provenance);
    }
    let mut seen: HashSet<Uuid> = HashSet::new();
    let mut out: Vec<Record> = Vec::new();
    let mut queue: VecDeque<(Uuid, usize)> = selected.iter().map(|u| (*u, 0)).collect();
    while let Some((uuid, depth)) = queue.pop_front() {
        if !seen.insert(uuid) {
            continue;
        }
        let record = store.get(uuid)?.ok_or(StoreError::NotFound(uuid))?;
        let follow = match closure {
            Closure::None => false,
            Closure::Direct => depth == 0,
            Closure::Provenance | Closure::Dossier => true,
        };
        if follow {
            for edge in record.edges() {
                let structural = !matches!(
                    edge.relation.as_str(),
                    relation::CITES | relation::VIA | relation::TOPIC
                );
                if closure == Closure::Direct && !structural {
                    continue;
                }
                for end in [edge.src, edge.dst] {
                    if end != uuid && !seen.contains(&end) {
                        queue.push_back((end, depth + 1));
                    }
                }
            }
        }
        out.push(record);
    }
    if closure != Closure::None {
        add_links_among(store, &mut out, &mut seen, closure)?;
    }
    Ok(out)
}

/// Adds link records whose two ends are both exported (with their own provenance).
fn add_links_among(
    store: &Store,
    out: &mut Vec<Record>,
    seen: &mut HashSet<Uuid>,
    closure: Closure,
) -> Result<(), StoreError> {
    let exported: BTreeSet<Uuid> = seen.iter().copied().collect();
    let mut links = Vec::new();
    for uuid in &exported {
        for edge in store.outgoing(*uuid)? {
            if !exported.contains(&edge.other.uuid) || seen.contains(&edge.owner) {
                continue;
            }
            if let Some(Record::Link(link)) = store.get(edge.owner)? {
                seen.insert(edge.owner);
                links.push(Record::Link(link));
            }
        }
    }
    for link in links {
        // A link's citations and topics come along under provenance.
        if matches!(closure, Closure::Provenance | Closure::Dossier) {
            let extra: Vec<Uuid> = link
                .referenced()
                .into_iter()
                .filter(|u| !seen.contains(u))
                .collect();
            out.push(link);
            let more = close_over(store, &extra, Closure::Provenance)?;
            for r in more {
                if seen.insert(r.uuid()) {
                    out.push(r);
                }
            }
        } else {
            out.push(link);
        }
    }
    Ok(())
}
