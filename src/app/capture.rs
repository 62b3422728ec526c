//! The capture section of `App`: the report pasted into the capture dialog, what the rules
//! drafted from it, which proposed records the user keeps, and saving the kept ones in one
//! step. The rules and the records are `exchange::capture`'s, shared with the command line.

use super::command::{Dialog, Refusal, Traits, first_broken};
use super::messages::AppError;
use super::{App, today};
use crate::exchange::capture::{
    AlreadyInFile, SourceInfo, already_in_file, capture_text, dateline, draft_records,
};
use crate::model::capture::drafts::Capture;
use crate::model::capture::review::{DraftKey, NameChoice};
use crate::model::judgement::JudgementOrigin;
use crate::model::{PartialDate, Record, RecordKind};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// An action on the capture dialog and its review.
#[derive(Debug, Clone, PartialEq, strum::EnumDiscriminants)]
#[strum_discriminants(derive(strum::EnumIter), name(CaptureCommandKind))]
pub enum CaptureCommand {
    /// Opens the capture dialog.
    OpenCapture,
    /// Reads the pasted report and proposes records.
    ReadCapture(Box<CaptureInput>),
    /// Keeps or drops one proposed record.
    ToggleProposed(DraftKey),
    /// Says what a new name found in the report is (by its index among the new names).
    ChooseName(usize, NameChoice),
    /// Highlights in the report the words a draft came from (none: no highlight).
    FocusDraft(Option<DraftKey>),
    /// Edits a proposed record in the editor form (saved back into the proposal).
    EditProposed(DraftKey),
    /// Says a drafted meeting or statement is a record of the file (`None`: it is not).
    PointDraft(DraftKey, Option<Uuid>),
    /// Saves the kept proposals in one step.
    SaveCapture,
}

impl CaptureCommand {
    pub fn traits(&self) -> Traits {
        match self {
            CaptureCommand::OpenCapture => Traits::USER.writing().opening_dialog(),
            CaptureCommand::SaveCapture => Traits::VIEW.writing(),
            CaptureCommand::ReadCapture(_)
            | CaptureCommand::ToggleProposed(_)
            | CaptureCommand::ChooseName(..)
            | CaptureCommand::FocusDraft(_)
            | CaptureCommand::EditProposed(_)
            | CaptureCommand::PointDraft(..) => Traits::VIEW,
        }
    }
}

impl App {
    pub(super) fn can_capture(
        &self,
        command: &CaptureCommand,
        dialog: Option<Dialog>,
    ) -> Result<(), Refusal> {
        let session = self.capture.as_ref();
        match command {
            CaptureCommand::OpenCapture => first_broken(&[(
                self.editing_proposal(),
                "Save or close the form of the proposal first: the capture waits for it",
            )]),
            CaptureCommand::ReadCapture(input) => first_broken(&[
                (
                    dialog != Some(Dialog::Capture),
                    "Open File → Capture from text first",
                ),
                (input.text.trim().is_empty(), "Paste a report first"),
            ]),
            CaptureCommand::ToggleProposed(key) => first_broken(&[
                (session.is_none(), "Nothing was read yet"),
                (
                    *key == DraftKey::Source,
                    "The report itself: everything else cites it",
                ),
            ]),
            CaptureCommand::FocusDraft(_) | CaptureCommand::PointDraft(..) => {
                first_broken(&[(session.is_none(), "Nothing was read yet")])
            }
            CaptureCommand::EditProposed(key) => first_broken(&[
                (
                    session.is_none_or(|c| !c.proposed.iter().any(|p| p.key == *key)),
                    "No such proposal",
                ),
                (self.form.is_open(), "Save or close the open form first"),
            ]),
            CaptureCommand::ChooseName(index, _) => first_broken(&[(
                session
                    .and_then(|c| c.capture.as_ref())
                    .is_none_or(|c| *index >= c.new_names.len()),
                "No such name was found",
            )]),
            CaptureCommand::SaveCapture => first_broken(&[
                (
                    session.is_none_or(|c| c.capture.is_none()),
                    "Read the text first",
                ),
                (
                    session.is_some_and(|c| c.proposed.is_empty()),
                    "Everything drafted is in the file already",
                ),
                (
                    session.is_some_and(|c| c.proposed.iter().all(|p| !p.keep)),
                    "Every proposal is dropped",
                ),
            ]),
        }
    }

    pub(super) fn apply_capture(&mut self, command: CaptureCommand) {
        match command {
            CaptureCommand::OpenCapture => self.open_capture(),
            CaptureCommand::ReadCapture(input) => self.read_capture(*input),
            CaptureCommand::ToggleProposed(key) => self.toggle_proposed(key),
            CaptureCommand::EditProposed(key) => self.edit_proposed(key),
            CaptureCommand::PointDraft(key, record) => self.point_draft(key, record),
            CaptureCommand::ChooseName(index, choice) => self.choose_name(index, choice),
            CaptureCommand::FocusDraft(key) => self.focus_draft(key),
            CaptureCommand::SaveCapture => self.save_capture(),
        }
    }
}

/// What the user gives: the report and what they say of it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CaptureInput {
    pub text: String,
    pub title: String,
    pub outlet: String,
    pub url: String,
    /// The publication date as typed; empty: the dateline found in the text, else today.
    pub published: String,
}

/// One record the capture proposes, the draft it comes from, and whether it will be saved.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposed {
    pub key: DraftKey,
    pub record: Record,
    pub keep: bool,
}

/// What the capture dialog shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CaptureSession {
    pub input: CaptureInput,
    /// The publication date the drafts were read against, and where it came from.
    pub published: Option<PartialDate>,
    /// What the rules found in the text, before the user's choices.
    pub capture: Option<Capture>,
    /// What the user decided each new name is, by its index in `capture.new_names`.
    pub choices: Vec<(usize, NameChoice)>,
    /// The drafted meetings and statements the file already has (not proposed again).
    pub existing: AlreadyInFile,
    pub proposed: Vec<Proposed>,
    /// The draft whose words the text shows highlighted.
    pub focus: Option<DraftKey>,
    /// Why the text could not be read, if it could not.
    pub error: Option<String>,
    /// The proposal being edited in the editor form (the dialog is hidden meanwhile).
    pub editing: Option<DraftKey>,
    /// Each draft's record uuid, the same every time the drafts are made again.
    uuids: HashMap<DraftKey, Uuid>,
    dropped: HashSet<DraftKey>,
    /// Proposals as the user edited them in the form, kept when the drafts are made again.
    edited: HashMap<DraftKey, Record>,
    /// Records created from the form's pickers while a proposal was edited: proposed with
    /// the rest, written with them in one step.
    created: Vec<Record>,
    /// Drafted meetings and statements the user pointed at a record of the file.
    pointed: HashMap<DraftKey, Uuid>,
    /// The names of the file's records the review shows (read when the drafts change, so
    /// the dialog reads nothing per frame).
    labels: HashMap<Uuid, String>,
}

impl CaptureSession {
    /// The counts of what was found: known names, new names, dates, passages of speech.
    pub fn found(&self) -> (usize, usize, usize, usize) {
        self.capture.as_ref().map_or((0, 0, 0, 0), |c| {
            (
                c.known.len(),
                c.new_names.len(),
                c.dates.len(),
                c.speech.len(),
            )
        })
    }

    /// What the user decided new name `i` is, if they did.
    pub fn choice(&self, i: usize) -> Option<NameChoice> {
        self.choices
            .iter()
            .find(|(j, _)| *j == i)
            .map(|(_, choice)| *choice)
    }

    /// The drafts with the user's choices applied.
    pub fn chosen(&self) -> Option<Capture> {
        self.capture.as_ref().map(|c| c.with_choices(&self.choices))
    }

    /// The uuid draft `key`'s record has (or would have): to tell where a proposal points.
    /// The name of a record of the file the review refers to.
    pub fn label(&self, uuid: Uuid) -> String {
        self.labels
            .get(&uuid)
            .cloned()
            .unwrap_or_else(|| "(a record not in the file)".into())
    }

    pub fn uuid_of(&self, key: DraftKey) -> Option<Uuid> {
        self.uuids.get(&key).copied()
    }
}

impl App {
    pub fn capture(&self) -> Option<&CaptureSession> {
        self.capture.as_ref()
    }

    /// Opens the capture dialog: empty, or with the review left when it was closed (made
    /// again, for what the file has gained since).
    pub(super) fn open_capture(&mut self) {
        if self.capture.is_none() {
            self.capture = Some(CaptureSession::default());
        } else {
            self.redraft();
        }
        self.dialogs.show(super::Dialog::Capture);
    }

    /// Reads the report: runs the rules and proposes the records, every one kept.
    pub(super) fn read_capture(&mut self, input: CaptureInput) {
        let typed = input.published.trim();
        let published = if typed.is_empty() {
            Ok(dateline(&input.text))
        } else {
            crate::model::relative::resolve(typed, today())
                .map(Some)
                .map_err(|e| e.to_string())
        };
        let mut session = CaptureSession {
            input,
            ..CaptureSession::default()
        };
        match published {
            Err(e) => session.error = Some(format!("Published: {e}")),
            Ok(published) => {
                let anchor = published
                    .as_ref()
                    .and_then(|p| p.latest())
                    .unwrap_or_else(today);
                match capture_text(&self.store, &session.input.text, anchor) {
                    Ok(capture) => {
                        session.capture = Some(capture);
                        session.published = published;
                    }
                    Err(e) => session.error = Some(e.to_string()),
                }
            }
        }
        self.capture = Some(session);
        self.redraft();
    }

    /// Makes the proposed records again from the drafts and the user's choices, keeping each
    /// draft's uuid and whether it is kept.
    fn redraft(&mut self) {
        let Some(mut session) = self.capture.take() else {
            return;
        };
        if let Some(chosen) = session.chosen() {
            match already_in_file(&self.store, &chosen) {
                Ok(existing) => session.existing = existing,
                Err(e) => session.error = Some(e.to_string()),
            }
            for (key, uuid) in &session.pointed {
                match key {
                    DraftKey::Meeting(i) => {
                        session.existing.meetings.insert(*i, *uuid);
                    }
                    DraftKey::Statement(i) => {
                        session.existing.statements.insert(*i, *uuid);
                    }
                    _ => {}
                }
            }
            let info = SourceInfo {
                title: session.input.title.clone(),
                outlet: session.input.outlet.clone(),
                url: session.input.url.clone(),
                published: session.published.clone(),
            };
            let label = |u| self.store.label(u);
            let uuids = &mut session.uuids;
            let records = draft_records(
                &chosen,
                &info,
                &session.existing,
                &mut |key| *uuids.entry(key).or_insert_with(Uuid::new_v4),
                &label,
            );
            // Records created from pickers come right after the report, before what may
            // refer to them.
            let created = session
                .created
                .iter()
                .map(|r| (DraftKey::Created(r.uuid()), r.clone()));
            let mut records = records.into_iter();
            let first = records.next();
            session.proposed = first
                .into_iter()
                .chain(created)
                .chain(records)
                .map(|(key, record)| Proposed {
                    key,
                    keep: !session.dropped.contains(&key),
                    record: session.edited.get(&key).cloned().unwrap_or(record),
                })
                .collect();
        }
        self.label_records(&mut session);
        self.capture = Some(session);
    }

    /// Reads the names of the file's records the review refers to: those the proposals
    /// name, the names taken for records of the file, and the records drafts were found in.
    fn label_records(&self, session: &mut CaptureSession) {
        let proposed: HashSet<Uuid> = session.proposed.iter().map(|p| p.record.uuid()).collect();
        let chosen = session.choices.iter().filter_map(|(_, c)| match c {
            NameChoice::Same(uuid) => Some(*uuid),
            NameChoice::New(_) | NameChoice::Drafted(_) => None,
        });
        let found = session
            .existing
            .meetings
            .values()
            .chain(session.existing.statements.values())
            .copied();
        let named = session.proposed.iter().flat_map(|p| p.record.referenced());
        session.labels = named
            .chain(chosen)
            .chain(found)
            .filter(|u| !proposed.contains(u))
            .map(|u| (u, self.store.label(u)))
            .collect();
    }

    /// Says what new name `index` is: a new record of a kind, or a record the file has.
    /// Proposals the user edited follow: a name taken for a record of the file is that record
    /// in them too, and taken back, the proposed name again.
    pub(super) fn choose_name(&mut self, index: usize, choice: NameChoice) {
        if let Some(session) = self.capture.as_mut() {
            let proposed = *session
                .uuids
                .entry(DraftKey::NewName(index))
                .or_insert_with(Uuid::new_v4);
            let drafted = |j: usize, uuids: &mut HashMap<DraftKey, Uuid>| {
                *uuids
                    .entry(DraftKey::NewName(j))
                    .or_insert_with(Uuid::new_v4)
            };
            let (from, to) = match (session.choice(index), choice) {
                (_, NameChoice::Same(uuid)) => (proposed, uuid),
                (_, NameChoice::Drafted(j)) => (proposed, drafted(j, &mut session.uuids)),
                (Some(NameChoice::Same(uuid)), NameChoice::New(_)) => (uuid, proposed),
                (Some(NameChoice::Drafted(j)), NameChoice::New(_)) => {
                    (drafted(j, &mut session.uuids), proposed)
                }
                _ => (proposed, proposed),
            };
            for record in session.edited.values_mut() {
                record.retarget(from, to);
            }
            session.choices.retain(|(i, _)| *i != index);
            session.choices.push((index, choice));
        }
        self.redraft();
    }

    /// Says that drafted meeting or statement `key` is `record` of the file (not proposed
    /// again; what refers to it refers to the record), or takes that back (`None`).
    pub(super) fn point_draft(&mut self, key: DraftKey, record: Option<Uuid>) {
        if let Some(session) = self.capture.as_mut() {
            match record {
                Some(uuid) => {
                    session.pointed.insert(key, uuid);
                }
                None => {
                    session.pointed.remove(&key);
                }
            }
        }
        self.redraft();
    }

    /// Whether the user pointed draft `key` at a record of the file.
    pub fn pointed(&self, key: DraftKey) -> bool {
        self.capture
            .as_ref()
            .is_some_and(|c| c.pointed.contains_key(&key))
    }

    /// Keeps records created from the form's pickers while a proposal is edited in the
    /// review (nothing is written until the capture is saved, in one step).
    pub(super) fn propose_created(&mut self, records: Vec<Record>) {
        if let Some(session) = self.capture.as_mut() {
            session.created.extend(records);
        }
        self.redraft();
    }

    /// Shows the words draft `key` came from (none: no highlight).
    pub(super) fn focus_draft(&mut self, key: Option<DraftKey>) {
        if let Some(session) = self.capture.as_mut() {
            session.focus = key;
        }
    }

    /// Opens proposal `key` in the editor form, as any record is edited; the dialog comes
    /// back when the form is saved (into the proposal, not the file) or closed.
    pub(super) fn edit_proposed(&mut self, key: DraftKey) {
        let Some(session) = &self.capture else {
            return;
        };
        let Some(record) = session
            .proposed
            .iter()
            .find(|p| p.key == key)
            .map(|p| p.record.clone())
        else {
            return;
        };
        let label = |u: Uuid| {
            session
                .proposed
                .iter()
                .find(|p| p.record.uuid() == u)
                .map(|p| p.record.name().to_string())
                .unwrap_or_else(|| self.store.label(u))
        };
        let anchor = session
            .published
            .as_ref()
            .and_then(|p| p.latest())
            .unwrap_or_else(today);
        let draft = super::draft::Draft::edit(&record, &label, anchor);
        if let Some(session) = self.capture.as_mut() {
            session.editing = Some(key);
        }
        self.dialogs.close();
        self.start_form(draft);
    }

    /// Whether the form edits a proposal of the capture (not a record of the file).
    pub fn editing_proposal(&self) -> bool {
        self.capture.as_ref().is_some_and(|c| c.editing.is_some())
    }

    /// Takes the edited form back into the proposal it came from.
    pub(super) fn save_proposal(&mut self, record: Record) {
        if let Some(session) = self.capture.as_mut()
            && let Some(key) = session.editing
        {
            if let Some(p) = session.proposed.iter_mut().find(|p| p.key == key) {
                p.record = record.clone();
            }
            session.edited.insert(key, record);
        }
        if let Some(mut session) = self.capture.take() {
            self.label_records(&mut session);
            self.capture = Some(session);
        }
        // The review, back on screen, shows the change.
        self.close_form();
    }

    /// The form that edited a proposal closed: back to the capture dialog.
    pub(super) fn back_to_capture(&mut self) {
        if let Some(session) = self.capture.as_mut()
            && session.editing.take().is_some()
        {
            self.dialogs.show(super::Dialog::Capture);
        }
    }

    /// The spellings the report taught: each new name taken for an actor of the file, added
    /// to that actor's aliases (unless it already goes by it, folded), so the next capture
    /// knows it. Places have no aliases.
    fn names_learned(&self) -> Vec<(String, Record)> {
        let Some(session) = &self.capture else {
            return Vec::new();
        };
        let Some(capture) = &session.capture else {
            return Vec::new();
        };
        let mut out: Vec<(String, Record)> = Vec::new();
        for (i, choice) in &session.choices {
            let (NameChoice::Same(uuid), Some(name)) = (choice, capture.new_names.get(*i)) else {
                continue;
            };
            let known = out
                .iter()
                .position(|(_, r)| r.uuid() == *uuid)
                .map(|at| out.remove(at).1);
            let Some(Record::Actor(mut actor)) =
                known.or_else(|| self.store.get(*uuid).ok().flatten())
            else {
                continue;
            };
            let folded = crate::model::fold::fold_name(&name.name);
            let has = std::iter::once(&actor.name)
                .chain(actor.aliases.iter().map(|a| &a.name))
                .any(|n| crate::model::fold::fold_name(n) == folded);
            if !has {
                actor.aliases.push(crate::model::Alias {
                    name: name.name.clone(),
                    kind: crate::model::AliasKind::Transliteration,
                    lang: String::new(),
                });
            }
            out.push((name.name.clone(), Record::Actor(actor)));
        }
        out.retain(|(_, r)| !matches!(self.store.get(r.uuid()), Ok(Some(before)) if before == *r));
        out
    }

    /// Keeps or drops the proposed record of draft `key` (the source, which everything cites,
    /// stays).
    pub(super) fn toggle_proposed(&mut self, key: DraftKey) {
        if let Some(session) = self.capture.as_mut()
            && let Some(p) = session.proposed.iter_mut().find(|p| p.key == key)
        {
            p.keep = !p.keep;
            if p.keep {
                session.dropped.remove(&key);
            } else {
                session.dropped.insert(key);
            }
        }
    }

    /// Saves the kept records in one transaction (one undo step); references to dropped
    /// ones are taken out of the kept ones first.
    pub(super) fn save_capture(&mut self) {
        let Some(session) = &self.capture else {
            return;
        };
        let dropped: Vec<uuid::Uuid> = session
            .proposed
            .iter()
            .filter(|p| !p.keep)
            .map(|p| p.record.uuid())
            .collect();
        let records: Vec<Record> = session
            .proposed
            .iter()
            .filter(|p| p.keep)
            .map(|p| {
                let mut record = p.record.clone();
                for uuid in &dropped {
                    record.detach(*uuid);
                }
                record
            })
            .collect();
        let n = records.len();
        let learned = self.names_learned();
        let also = learned
            .iter()
            .map(|(said, record)| format!("“{said}” kept as another name of {}", record.name()))
            .collect::<Vec<_>>();
        let changes = learned.into_iter().map(|(_, record)| record).collect();
        let notes = self.capture_notes(&records);
        match self
            .store
            .save_noting(records, changes, &notes, JudgementOrigin::Capture)
        {
            Ok((saved, _)) => {
                self.capture = None;
                self.dialogs.close();
                self.after_change();
                if let Some(source) = saved.first() {
                    self.open_record(source.uuid());
                }
                let also = if also.is_empty() {
                    String::new()
                } else {
                    format!("; {}", also.join("; "))
                };
                self.messages.info(format!(
                    "Captured: {} saved{also} (Undo takes {} back)",
                    records_word(n),
                    if n == 1 { "it" } else { "them all" }
                ));
            }
            Err(e) => self.messages.error(AppError::from(e)),
        }
    }
}

impl App {
    /// The pairs a capture notes as maybe the same: each new actor or place with the records
    /// of the file whose name is near its own, and with the other names of the same report
    /// the duplicate scan would propose ("Trump" and "Donald Trump"). They show in the
    /// duplicate review.
    fn capture_notes(&self, records: &[Record]) -> Vec<(uuid::Uuid, uuid::Uuid)> {
        use crate::model::duplicates::{NameRecord, candidates};
        let mut notes = Vec::new();
        let mergeable: Vec<&Record> = records
            .iter()
            .filter(|r| matches!(r.kind(), RecordKind::Actor | RecordKind::Place))
            .collect();
        for record in &mergeable {
            for near in self.near_records(record) {
                notes.push((record.uuid(), near));
            }
        }
        let names: Vec<NameRecord> = mergeable.iter().map(|r| NameRecord::of(r)).collect();
        for pair in candidates(&names, &[]) {
            notes.push((pair.a, pair.b));
        }
        notes
    }
}

/// "1 record", "3 records".
pub fn records_word(n: usize) -> String {
    if n == 1 {
        "1 record".to_string()
    } else {
        format!("{n} records")
    }
}
