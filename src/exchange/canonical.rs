//! Exports of records as their canonical records: a record merged into another is written as
//! that one, references to it point there, and the canonical actor carries the members' names
//! as aliases. CSV, Markdown and GraphML (formats that do not carry judgements) write this
//! view; a bundle writes the records as they are, with the judgements that merge them.

use crate::model::{Alias, AliasKind, Record};
use crate::store::{Store, StoreError};
use std::collections::{BTreeMap, HashSet};
use uuid::Uuid;

/// `records` as canonical records (in their order, each once).
pub fn canonical_records(store: &Store, records: Vec<Record>) -> Result<Vec<Record>, StoreError> {
    let map = store.canonical_map()?;
    if map.is_empty() {
        return Ok(records);
    }
    let mut members_of: BTreeMap<Uuid, Vec<Uuid>> = BTreeMap::new();
    for (member, canonical) in &map {
        members_of.entry(*canonical).or_default().push(*member);
    }
    let mut seen: HashSet<Uuid> = HashSet::new();
    let mut out = Vec::with_capacity(records.len());
    for record in records {
        let record = match map.get(&record.uuid()) {
            Some(canonical) => match store.get(*canonical)? {
                Some(found) => found,
                None => record,
            },
            None => record,
        };
        if !seen.insert(record.uuid()) {
            continue;
        }
        let mut record = record;
        for referenced in record.referenced() {
            if let Some(canonical) = map.get(&referenced) {
                record.retarget(referenced, *canonical);
            }
        }
        if let Some(members) = members_of.get(&record.uuid()) {
            add_member_names(store, &mut record, members)?;
        }
        out.push(record);
    }
    Ok(out)
}

/// The names of an actor's merged records, as its aliases (each name once).
fn add_member_names(
    store: &Store,
    record: &mut Record,
    members: &[Uuid],
) -> Result<(), StoreError> {
    let Record::Actor(actor) = record else {
        return Ok(());
    };
    let mut known: HashSet<String> = std::iter::once(actor.name.clone())
        .chain(actor.aliases.iter().map(|a| a.name.clone()))
        .collect();
    for member in members {
        let Some(Record::Actor(m)) = store.get(*member)? else {
            continue;
        };
        let own = Alias {
            name: m.name.clone(),
            kind: kind_beside(&actor.name, &m.name),
            lang: String::new(),
        };
        for alias in std::iter::once(own).chain(m.aliases) {
            if known.insert(alias.name.clone()) {
                actor.aliases.push(alias);
            }
        }
    }
    Ok(())
}

/// A member's name beside the canonical name: a transliteration when written in another
/// script, otherwise another official form of the name.
fn kind_beside(name: &str, other: &str) -> AliasKind {
    let latin = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| c.is_ascii() || (c as u32) < 0x250)
    };
    if latin(name) == latin(other) {
        AliasKind::Official
    } else {
        AliasKind::Transliteration
    }
}

/// The canonical view applied one record at a time, for exports streamed from the whole file
/// (where every canonical record comes along): a merged record is left out, references to it
/// point to its canonical record, and a canonical actor carries its members' names.
pub struct Canonicalizer {
    map: BTreeMap<Uuid, Uuid>,
    members_of: BTreeMap<Uuid, Vec<Uuid>>,
}

impl Canonicalizer {
    pub fn new(store: &Store) -> Result<Canonicalizer, StoreError> {
        let map = store.canonical_map()?;
        let mut members_of: BTreeMap<Uuid, Vec<Uuid>> = BTreeMap::new();
        for (member, canonical) in &map {
            members_of.entry(*canonical).or_default().push(*member);
        }
        Ok(Canonicalizer { map, members_of })
    }

    /// Whether `uuid` is merged into another record (and so not written).
    pub fn is_member(&self, uuid: Uuid) -> bool {
        self.map.contains_key(&uuid)
    }

    /// `record` as written: `None` for a record merged into another.
    pub fn apply(&self, store: &Store, mut record: Record) -> Result<Option<Record>, StoreError> {
        if self.map.is_empty() {
            return Ok(Some(record));
        }
        if self.map.contains_key(&record.uuid()) {
            return Ok(None);
        }
        for referenced in record.referenced() {
            if let Some(canonical) = self.map.get(&referenced) {
                record.retarget(referenced, *canonical);
            }
        }
        if let Some(members) = self.members_of.get(&record.uuid()) {
            add_member_names(store, &mut record, members)?;
        }
        Ok(Some(record))
    }
}
