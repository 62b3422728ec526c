//! The duplicates section of `App`: the review's list of likely pairs (scanned in the
//! background when the file opens and again after changes, never in a frame), the pair shown
//! with both records and what refers to each, the three answers (same, not the same, not
//! sure), separating a merged record again, and taking a merged record's value of a field into
//! the canonical record.

use super::App;
use super::command::{Refusal, Traits, first_broken};
use super::jobs::{self, Outcome};
use crate::model::RecordKind;
use crate::model::judgement::{JudgementOrigin, Verdict};
use crate::query::{DuplicatePair, DuplicateQueue};
use crate::store::RecordView;
use std::sync::Arc;
use uuid::Uuid;

/// An action of the duplicate review.
#[derive(Debug, Clone, PartialEq, strum::EnumDiscriminants)]
#[strum_discriminants(derive(strum::EnumIter), name(DuplicateCommandKind))]
pub enum DuplicateCommand {
    /// Answers for the pair `a`, `b`: the same (they merge), not the same (never proposed
    /// again), or not sure (kept aside).
    Answer { a: Uuid, b: Uuid, verdict: Verdict },
    /// Shows the pair at this place of the review's list.
    ShowPair(usize),
    /// Takes a merged record out of its cluster again.
    Separate(Uuid),
    /// Sets `field` of the canonical record to the value the merged record `from` has.
    TakeField {
        canonical: Uuid,
        from: Uuid,
        field: String,
    },
    /// Scans the file for likely duplicates again.
    Rescan,
}

impl DuplicateCommand {
    pub fn traits(&self) -> Traits {
        match self {
            DuplicateCommand::Answer { .. }
            | DuplicateCommand::Separate(_)
            | DuplicateCommand::TakeField { .. } => Traits::VIEW.writing(),
            DuplicateCommand::ShowPair(_) => Traits::VIEW,
            DuplicateCommand::Rescan => Traits::USER,
        }
    }
}

/// One side of the pair shown: the record and how much refers to it.
#[derive(Debug, Clone)]
pub struct PairSide {
    pub view: RecordView,
    /// What refers to it, by kind ("12 statements, 4 meetings"), most first.
    pub references: Vec<(RecordKind, i64)>,
}

/// The pair the review shows.
#[derive(Debug, Clone)]
pub struct PairShown {
    pub pair: DuplicatePair,
    pub sides: [PairSide; 2],
}

/// The duplicates section's state.
#[derive(Default)]
pub(super) struct Duplicates {
    /// The review's list as last scanned (and answered since).
    queue: Option<Arc<DuplicateQueue>>,
    scanning: Option<jobs::Job>,
    /// The file changed since the last scan began: scan again when it ends.
    stale: bool,
    /// The place of the pair shown in the list (pending pairs, then those kept aside).
    at: usize,
    shown: Option<PairShown>,
    /// Scans finished since the file was opened.
    scans: u64,
}

impl App {
    pub(super) fn can_duplicates(&self, command: &DuplicateCommand) -> Result<(), Refusal> {
        match command {
            DuplicateCommand::Answer { a, b, .. } => {
                first_broken(&[(a == b, "Choose two different records")])
            }
            DuplicateCommand::ShowPair(at) => {
                let len = self
                    .duplicates
                    .queue
                    .as_ref()
                    .map_or(0, |q| q.all().count());
                first_broken(&[(*at >= len, "There is no such pair")])
            }
            DuplicateCommand::Separate(uuid) => {
                let merged = self
                    .opened
                    .as_ref()
                    .and_then(|o| o.cluster.as_ref())
                    .is_some_and(|c| c.members.iter().any(|m| m.uuid == *uuid));
                first_broken(&[(!merged, "Open a merged record first")])
            }
            DuplicateCommand::TakeField { canonical, .. } => {
                let open = self.opened.as_ref().map(|o| o.record.uuid());
                first_broken(&[(open != Some(*canonical), "Open the merged record first")])
            }
            DuplicateCommand::Rescan => first_broken(&[(
                self.duplicates.scanning.is_some(),
                "The file is being scanned for duplicates",
            )]),
        }
    }

    pub(super) fn apply_duplicates(&mut self, command: DuplicateCommand) {
        match command {
            DuplicateCommand::Answer { a, b, verdict } => self.answer_pair(a, b, verdict),
            DuplicateCommand::ShowPair(at) => {
                self.duplicates.at = at;
                self.load_pair();
            }
            DuplicateCommand::Separate(uuid) => self.separate(uuid),
            DuplicateCommand::TakeField {
                canonical,
                from,
                field,
            } => self.take_field(canonical, from, &field),
            DuplicateCommand::Rescan => self.scan_duplicates(),
        }
    }

    /// The review's list as last scanned, if a scan has ended.
    pub fn duplicate_queue(&self) -> Option<&DuplicateQueue> {
        self.duplicates.queue.as_deref()
    }

    /// The pair the review shows, and its place in the list.
    pub fn pair_shown(&self) -> Option<(usize, &PairShown)> {
        self.duplicates
            .shown
            .as_ref()
            .map(|s| (self.duplicates.at, s))
    }

    /// How many scans have finished since the file was opened.
    pub fn duplicate_scans(&self) -> u64 {
        self.duplicates.scans
    }

    /// Whether a scan is under way.
    pub fn scanning_duplicates(&self) -> bool {
        self.duplicates.scanning.is_some()
    }

    /// Starts a scan (or marks the running one stale, so that another follows it).
    pub(super) fn scan_duplicates(&mut self) {
        if self.duplicates.scanning.is_some() {
            self.duplicates.stale = true;
            return;
        }
        self.duplicates.stale = false;
        self.duplicates.scanning = Some(jobs::duplicates(
            self.path().to_path_buf(),
            Arc::clone(&self.wake),
        ));
    }

    /// Takes in a finished scan; returns true if one ended.
    pub(super) fn poll_duplicates(&mut self) -> bool {
        let Some(outcome) = self
            .duplicates
            .scanning
            .as_ref()
            .and_then(jobs::Job::outcome)
        else {
            return false;
        };
        self.duplicates.scanning = None;
        self.duplicates.scans += 1;
        match outcome {
            Outcome::Duplicates(queue) => {
                self.duplicates.queue = Some(Arc::new(*queue));
                self.load_pair();
            }
            Outcome::Failed(e) => self.messages.error(super::AppError::Background(e)),
            _ => {}
        }
        if self.duplicates.stale {
            self.scan_duplicates();
        }
        true
    }

    /// Reads the two records of the pair at `at` (the last pair if the list got shorter).
    fn load_pair(&mut self) {
        let Some(queue) = self.duplicates.queue.clone() else {
            self.duplicates.shown = None;
            return;
        };
        let count = queue.all().count();
        if count == 0 {
            self.duplicates.shown = None;
            self.duplicates.at = 0;
            return;
        }
        self.duplicates.at = self.duplicates.at.min(count - 1);
        let Some(pair) = queue.all().nth(self.duplicates.at).cloned() else {
            return;
        };
        match (self.side(pair.a), self.side(pair.b)) {
            (Some(a), Some(b)) => {
                self.duplicates.shown = Some(PairShown {
                    pair,
                    sides: [a, b],
                })
            }
            // A record of the pair was removed since the scan: the next scan drops it.
            _ => self.duplicates.shown = None,
        }
    }

    fn side(&mut self, uuid: Uuid) -> Option<PairSide> {
        let uuid = self.store.canonical_of(uuid).ok().flatten().unwrap_or(uuid);
        let view = match self.store.record_view(uuid) {
            Ok(view) => view?,
            Err(e) => {
                self.messages.error(e);
                return None;
            }
        };
        let references = self.store.reference_counts(uuid).unwrap_or_default();
        Some(PairSide { view, references })
    }

    fn answer_pair(&mut self, a: Uuid, b: Uuid, verdict: Verdict) {
        let names = self.duplicates.shown.as_ref().map(|s| {
            (
                s.sides[0].view.record.name().to_string(),
                s.sides[1].view.record.name().to_string(),
            )
        });
        match self.store.judge(a, b, verdict, JudgementOrigin::Review) {
            Ok(_) => {
                let (x, y) = names.unwrap_or_default();
                self.messages.info(match verdict {
                    Verdict::Same => {
                        format!("Merged “{x}” and “{y}”: Undo or “Separate again” parts them")
                    }
                    Verdict::Different => {
                        format!("“{x}” and “{y}” are not the same: never proposed again")
                    }
                    Verdict::Unsure => format!("“{x}” and “{y}” kept aside"),
                });
                self.drop_answered(a, b, verdict);
                self.after_change();
            }
            Err(e) => self.messages.error(e),
        }
    }

    /// Takes the answered pair out of the list at once (the next one shows; the scan that
    /// follows the change brings the list up to date).
    fn drop_answered(&mut self, a: Uuid, b: Uuid, verdict: Verdict) {
        let Some(queue) = self.duplicates.queue.as_mut() else {
            return;
        };
        let queue = Arc::make_mut(queue);
        let same = |p: &DuplicatePair| (p.a == a && p.b == b) || (p.a == b && p.b == a);
        let moved: Vec<DuplicatePair> = queue.pending.iter().filter(|p| same(p)).cloned().collect();
        queue.pending.retain(|p| !same(p));
        queue.aside.retain(|p| !same(p));
        if verdict == Verdict::Unsure {
            queue.aside.extend(moved);
        }
    }

    fn separate(&mut self, uuid: Uuid) {
        let name = self
            .store
            .get(uuid)
            .ok()
            .flatten()
            .map(|r| r.name().to_string())
            .unwrap_or_default();
        match self.store.separate(uuid) {
            Ok(_) => {
                self.messages
                    .info(format!("“{name}” is a record of its own again"));
                self.after_change();
            }
            Err(e) => self.messages.error(e),
        }
    }

    fn take_field(&mut self, canonical: Uuid, from: Uuid, field: &str) {
        let (Ok(Some(mut record)), Ok(Some(merged))) =
            (self.store.get(canonical), self.store.get(from))
        else {
            return;
        };
        if !crate::model::merge_fields::take_field(&mut record, &merged, field) {
            return;
        }
        match self.store.update(record) {
            Ok(_) => {
                self.messages.info(format!(
                    "{field} taken from “{}”; its own value is kept",
                    merged.name()
                ));
                self.after_change();
            }
            Err(e) => self.messages.error(e),
        }
    }

    /// After a change: the shown pair is read again, and a scan follows.
    pub(super) fn refresh_duplicates(&mut self) {
        self.load_pair();
        self.scan_duplicates();
    }
}
