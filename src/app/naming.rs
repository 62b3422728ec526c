//! Names typed into a picker: which records they may mean (the same name or alias once folded,
//! a near name, or other spellings the search found), a place typed as a path ("Kremlin,
//! Moscow, Russia") resolved against the places that exist, and creating the record a picker
//! offered — an actor of the kind chosen, a place inside the places of its path.

use super::draft::{Chosen, Draft, Fields};
use super::messages::AppError;
use super::{App, today};
use crate::model::fold::fold_name;
use crate::model::judgement::JudgementOrigin;
use crate::model::{ActorKind, Record, RecordKind};
use crate::query::find_by_name;
use std::collections::HashSet;
use uuid::Uuid;

/// How many records a picker offers.
const OFFERED: usize = 8;

/// A record a picker found.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub chosen: Chosen,
    /// One of its names is the typed name, once folded ("Asad al-Shaybani" is "Asaad Al
    /// Shibani"): creating another record of that name is not offered.
    pub exact: bool,
    /// Its name and the typed one share whole words ("Lavrov" and "Sergey Lavrov"): probably
    /// the same, and said so before a new record is made.
    pub near: bool,
    /// What tells it from others of the same name: a meeting's date, the place a place is in.
    pub detail: Option<String>,
}

/// One place of a typed path, innermost first.
#[derive(Debug, Clone, PartialEq)]
pub struct PathPart {
    pub name: String,
    /// The place that exists by that name inside the next part, if one does.
    pub existing: Option<Chosen>,
}

/// What a picker's text may mean.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Lookup {
    pub found: Vec<Found>,
    /// A place typed as a path of two or more names, innermost first.
    pub path: Option<Vec<PathPart>>,
}

impl Lookup {
    /// Whether the typed text may become a new record: nothing found has exactly that name
    /// (for a path: its innermost place does not exist yet).
    pub fn may_create(&self) -> bool {
        match &self.path {
            Some(parts) => parts.first().is_some_and(|p| p.existing.is_none()),
            None => !self.found.iter().any(|f| f.exact),
        }
    }

    /// The record the typed name is probably a new spelling of, when it is not already the
    /// first suggestion (then naming it again says nothing the list does not).
    pub fn probably(&self) -> Option<&Found> {
        self.found
            .iter()
            .enumerate()
            .find(|(i, f)| *i > 0 && f.near && !f.exact)
            .map(|(_, f)| f)
    }
}

/// The folded words of a name.
fn folded_words(name: &str) -> HashSet<String> {
    fold_name(name).split(' ').map(str::to_string).collect()
}

/// Splits a typed place path on commas: "Kremlin, Moscow" is two places, innermost first.
pub fn place_path(text: &str) -> Option<Vec<String>> {
    let parts: Vec<String> = text
        .split(',')
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    (parts.len() >= 2).then_some(parts)
}

impl App {
    /// What `text`, typed into a picker for records of `kinds`, may mean.
    /// The grade most sources of `outlet` have in the file, offered to a new source of it.
    pub fn usual_grade_of_outlet(&self, outlet: &str) -> Option<crate::model::Reliability> {
        self.store.usual_grade_of_outlet(outlet).ok().flatten()
    }

    pub fn look_up(&self, kinds: &[RecordKind], text: &str) -> Result<Lookup, AppError> {
        if kinds == [RecordKind::Place]
            && let Some(parts) = place_path(text)
        {
            return self.look_up_path(&parts);
        }
        let found = self.found(kinds, text, true)?;
        Ok(Lookup { found, path: None })
    }

    /// The records of the file whose name is near a new record's (the same folded name, or
    /// one's words all in the other's): noted as maybe the same when it is saved, so that the
    /// pair shows in the duplicate review.
    pub(super) fn near_records(&self, record: &Record) -> Vec<Uuid> {
        if !crate::store::can_merge(record.kind()) {
            return Vec::new();
        }
        self.found(&[record.kind()], record.name(), false)
            .unwrap_or_default()
            .into_iter()
            .filter(|f| (f.near || f.exact) && f.chosen.uuid != record.uuid())
            .map(|f| f.chosen.uuid)
            .collect()
    }

    /// Records of `kinds` found for `text`, each marked exact or near.
    fn found(
        &self,
        kinds: &[RecordKind],
        text: &str,
        prefix: bool,
    ) -> Result<Vec<Found>, AppError> {
        let typed = fold_name(text);
        let typed_words = folded_words(text);
        let mut found = Vec::new();
        for m in find_by_name(&self.store, kinds, text, prefix, OFFERED)? {
            let record = self.store.get(m.uuid)?;
            let names = record.as_ref().map(Record::names).unwrap_or_default();
            let detail = match &record {
                Some(Record::Meeting(x)) => x.date.as_ref().map(|d| d.edtf()),
                Some(Record::Statement(x)) => x.date.as_ref().map(|d| d.edtf()),
                Some(Record::Place(x)) => x.parent.map(|p| format!("in {}", self.store.label(p))),
                _ => None,
            };
            let exact = !typed.is_empty() && names.iter().any(|n| fold_name(n) == typed);
            let near = !typed.is_empty()
                && names.iter().any(|n| {
                    let words = folded_words(n);
                    words.is_subset(&typed_words) || typed_words.is_subset(&words)
                });
            found.push(Found {
                chosen: Chosen {
                    uuid: m.uuid,
                    label: m.title,
                },
                exact,
                near,
                detail,
            });
        }
        // The exact matches first: Enter takes what was typed, not a longer name.
        found.sort_by_key(|f| !f.exact);
        Ok(found)
    }

    /// Resolves a place path from the outermost part in: each part is the place of that name
    /// inside the part after it (the outermost: any place of that name, one with no parent
    /// first). Once a part does not exist, the parts inside it cannot either.
    fn resolve_path(&self, parts: &[String]) -> Result<Vec<PathPart>, AppError> {
        let mut resolved: Vec<PathPart> = Vec::new();
        let mut parent: Option<Option<Uuid>> = None;
        let mut missing = false;
        for name in parts.iter().rev() {
            let mut existing = None;
            if !missing {
                let mut candidates = Vec::new();
                for found in self.found(&[RecordKind::Place], name, false)? {
                    if !found.exact {
                        continue;
                    }
                    if let Ok(Some(Record::Place(p))) = self.store.get(found.chosen.uuid) {
                        candidates.push((found.chosen, p.parent));
                    }
                }
                existing = match parent {
                    Some(parent) => candidates.into_iter().find(|(_, p)| *p == parent),
                    None => {
                        candidates.sort_by_key(|(_, p)| p.is_some());
                        candidates.into_iter().next()
                    }
                }
                .map(|(chosen, _)| chosen);
            }
            missing = existing.is_none();
            parent = Some(existing.as_ref().map(|c| c.uuid));
            resolved.push(PathPart {
                name: name.clone(),
                existing,
            });
        }
        resolved.reverse();
        Ok(resolved)
    }

    fn look_up_path(&self, parts: &[String]) -> Result<Lookup, AppError> {
        let path = self.resolve_path(parts)?;
        let found = match path.first().and_then(|p| p.existing.clone()) {
            Some(chosen) => vec![Found {
                chosen,
                exact: true,
                near: true,
                detail: None,
            }],
            // Places of the innermost name elsewhere: shown, but not the same place.
            None => self
                .found(&[RecordKind::Place], &parts[0], false)?
                .into_iter()
                .map(|f| Found { exact: false, ..f })
                .collect(),
        };
        Ok(Lookup {
            found,
            path: Some(path),
        })
    }

    /// Creates a record of `kind` named `name` with `uuid` (an actor of `actor_kind`), for a
    /// picker that already shows it chosen. If it cannot be created, the form forgets the
    /// choice and a message says why.
    pub(super) fn create_named(
        &mut self,
        kind: RecordKind,
        name: &str,
        uuid: Uuid,
        actor_kind: Option<ActorKind>,
        facts: super::editing::SourceFacts,
    ) {
        let mut draft = Draft::new(kind, today());
        draft.set_name(name);
        match &mut draft.fields {
            Fields::Actor { kind, .. } => {
                if let Some(chosen) = actor_kind {
                    *kind = chosen;
                }
            }
            Fields::Source {
                outlet,
                published,
                reliability,
                ..
            } => {
                *outlet = facts.outlet.trim().to_string();
                *published = facts.published.trim().to_string();
                *reliability = facts.reliability;
            }
            _ => {}
        }
        let created = match draft.to_record() {
            Ok(mut record) => {
                record.meta_mut().uuid = uuid;
                if self.editing_proposal() {
                    // A proposal's form: the record joins the review, saved with it.
                    self.propose_created(vec![record]);
                    return;
                }
                let near = self.near_records(&record);
                self.store
                    .insert_noting(record, &near, JudgementOrigin::Editor)
                    .map(|_| ())
                    .map_err(AppError::from)
            }
            Err(problems) => Err(cannot_create(kind, name, &problems)),
        };
        if created.is_ok() {
            let what = actor_kind
                .map_or(kind.label(), |k| k.label())
                .to_lowercase();
            self.form.note_created(uuid, format!("{name} ({what})"));
        }
        self.after_creating(uuid, created);
        self.suggest_for_created(uuid);
    }

    /// Creates the place a path names, innermost under `uuid`, inside the places of the path
    /// that exist and those created with it, in one step (undone together).
    pub(super) fn create_place_path(&mut self, parts: &[String], uuid: Uuid) {
        if self.editing_proposal() {
            match self.place_path_records(parts, uuid) {
                Ok(records) => self.propose_created(records),
                Err(e) => self.after_creating(uuid, Err(e)),
            }
            return;
        }
        let created = self
            .place_path_records(parts, uuid)
            .and_then(|records| self.store.insert_all(records).map_err(AppError::from));
        let created = created.map(|records| {
            for r in records {
                let entry = (r.uuid(), format!("{} (place)", r.name()));
                self.form.note_created(entry.0, entry.1);
            }
        });
        self.after_creating(uuid, created);
    }

    fn place_path_records(&self, parts: &[String], uuid: Uuid) -> Result<Vec<Record>, AppError> {
        let resolved = self.resolve_path(parts)?;
        let mut records = Vec::new();
        let mut parent: Option<Uuid> = None;
        for (i, part) in resolved.iter().enumerate().rev() {
            if let Some(existing) = &part.existing {
                parent = Some(existing.uuid);
                continue;
            }
            let mut draft = Draft::new(RecordKind::Place, today());
            draft.set_name(&part.name);
            let mut record = draft
                .to_record()
                .map_err(|problems| cannot_create(RecordKind::Place, &part.name, &problems))?;
            let me = if i == 0 { uuid } else { Uuid::new_v4() };
            record.meta_mut().uuid = me;
            if let Record::Place(p) = &mut record {
                p.parent = parent;
            }
            parent = Some(me);
            records.push(record);
        }
        if records.is_empty() {
            return Err(AppError::CannotCreate {
                what: format!("place '{}'", parts.join(", ")),
                reason: "it exists already".into(),
            });
        }
        Ok(records)
    }

    fn after_creating(&mut self, uuid: Uuid, created: Result<(), AppError>) {
        match created {
            Ok(()) => self.after_change(),
            Err(e) => {
                if let Some(d) = self.form.draft_mut() {
                    d.forget(uuid);
                }
                self.messages.error(e);
            }
        }
    }
}

fn cannot_create(kind: RecordKind, name: &str, problems: &[super::draft::Problem]) -> AppError {
    AppError::CannotCreate {
        what: format!("{} '{name}'", kind.label().to_lowercase()),
        reason: problems
            .first()
            .map(|p| p.message.clone())
            .unwrap_or_default(),
    }
}
