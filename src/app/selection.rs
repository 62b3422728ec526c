//! The selection: records picked in any list (click, Shift+click, Ctrl+click), whole searches
//! ("all matching"), and records added from the detail pane. It stays while the user browses
//! other views, counts per kind, and is what "Export selection" writes.

use super::App;
use super::command::{Refusal, Traits, first_broken};
use crate::model::{RecordKind, SearchSpec};
use std::collections::BTreeMap;
use uuid::Uuid;

/// An action on the selection.
#[derive(Debug, Clone, PartialEq, strum::EnumDiscriminants)]
#[strum_discriminants(derive(strum::EnumIter), name(SelectionCommandKind))]
pub enum SelectionCommand {
    ClickRow {
        index: usize,
        mods: ClickMods,
    },
    SelectAllMatching,
    /// Makes the selection exactly these records (what a drag over the timeline covered).
    SelectRecords(Vec<(Uuid, RecordKind, String)>),
    AddOpenedToSelection,
    Deselect(Uuid),
    RemoveSelectedSearch(usize),
    ClearSelection,
    /// Brings back the selection last cleared (while nothing has been selected since).
    RestoreSelection,
}

impl SelectionCommand {
    pub fn traits(&self) -> Traits {
        match self {
            // A plain click opens the row's record; Shift and Ctrl only select.
            SelectionCommand::ClickRow { mods, .. } => Traits {
                leaves_form: !mods.shift && !mods.toggle,
                ..Traits::VIEW
            },
            SelectionCommand::SelectAllMatching
            | SelectionCommand::AddOpenedToSelection
            | SelectionCommand::ClearSelection
            | SelectionCommand::RestoreSelection => Traits::USER,
            SelectionCommand::SelectRecords(_)
            | SelectionCommand::Deselect(_)
            | SelectionCommand::RemoveSelectedSearch(_) => Traits::VIEW,
        }
    }
}

impl App {
    pub(super) fn can_select(&self, command: &SelectionCommand) -> Result<(), Refusal> {
        let nothing_selected = (self.selection.is_empty(), "Nothing is selected");
        match command {
            SelectionCommand::ClickRow { .. }
            | SelectionCommand::SelectRecords(_)
            | SelectionCommand::Deselect(_)
            | SelectionCommand::RemoveSelectedSearch(_) => Ok(()),
            SelectionCommand::SelectAllMatching => first_broken(&[
                (
                    self.list.results.counting,
                    "The results are still being counted",
                ),
                (self.list.results.total == 0, "Nothing matches the search"),
                (
                    self.selection.is_all_matching(),
                    "Every matching record is selected",
                ),
            ]),
            SelectionCommand::AddOpenedToSelection => match &self.opened {
                None => Err("Open a record first".into()),
                Some(o) if self.selection.contains(&o.record.uuid()) => {
                    Err("The record is selected already".into())
                }
                Some(_) => Ok(()),
            },
            SelectionCommand::ClearSelection => first_broken(&[nothing_selected]),
            SelectionCommand::RestoreSelection => first_broken(&[(
                self.selection.cleared().is_none(),
                "No selection was cleared since the last one was made",
            )]),
        }
    }

    pub(super) fn apply_select(&mut self, command: SelectionCommand) {
        match command {
            SelectionCommand::ClickRow { index, mods } => self.click_row(index, mods),
            SelectionCommand::SelectAllMatching => self.select_all_matching(),
            SelectionCommand::SelectRecords(records) => self.select_records(records),
            SelectionCommand::AddOpenedToSelection => self.add_opened_to_selection(),
            SelectionCommand::Deselect(uuid) => self.selection.remove(&uuid),
            SelectionCommand::RemoveSelectedSearch(index) => self.selection.remove_search(index),
            SelectionCommand::ClearSelection => self.selection.clear(),
            SelectionCommand::RestoreSelection => self.selection.restore(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selection {
    /// Picked records: kind and title (for review).
    picked: BTreeMap<Uuid, (RecordKind, String)>,
    /// Searches selected as a whole, with their totals when selected.
    searches: Vec<(SearchSpec, u64)>,
    anchor: Option<usize>,
    /// The current list's search is selected as a whole.
    all_matching: bool,
    /// The selection as it was before it was last cleared, while nothing has been selected
    /// since: clearing can be taken back.
    cleared: Option<Box<Selection>>,
}

/// How a row was clicked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClickMods {
    pub shift: bool,
    pub toggle: bool,
}

impl Selection {
    /// Applies a click on row `index` of `rows` (uuid and kind of each row). The selection is
    /// a set the user builds and keeps: a plain click (which opens the row) leaves it as it
    /// is and marks where a Shift+click range starts; Ctrl toggles the row; Shift adds the
    /// rows from the last clicked one.
    pub fn click(&mut self, index: usize, rows: &[(Uuid, RecordKind, String)], mods: ClickMods) {
        let Some((uuid, kind, title)) = rows.get(index).cloned() else {
            return;
        };
        if mods.shift {
            let anchor = self
                .anchor
                .unwrap_or(index)
                .min(rows.len().saturating_sub(1));
            let (from, to) = (anchor.min(index), anchor.max(index));
            self.picked.extend(
                rows[from..=to]
                    .iter()
                    .map(|(u, k, t)| (*u, (*k, t.clone()))),
            );
            self.cleared = None;
        } else if mods.toggle {
            if self.picked.remove(&uuid).is_none() {
                self.picked.insert(uuid, (kind, title));
                self.cleared = None;
            }
            self.all_matching = false;
            self.anchor = Some(index);
        } else {
            self.anchor = Some(index);
        }
    }

    /// Adds one record (from the detail pane).
    pub fn add(&mut self, uuid: Uuid, kind: RecordKind, title: String) {
        self.picked.insert(uuid, (kind, title));
        self.cleared = None;
    }

    pub fn remove(&mut self, uuid: &Uuid) {
        self.picked.remove(uuid);
    }

    /// Selects every record matching `spec` (total `total`), loaded or not.
    pub fn select_all_matching(&mut self, spec: &SearchSpec, total: u64) {
        self.all_matching = true;
        self.cleared = None;
        if !self.searches.iter().any(|(s, _)| s == spec) {
            self.searches.push((spec.clone(), total));
        }
    }

    pub fn remove_search(&mut self, index: usize) {
        if index < self.searches.len() {
            self.searches.remove(index);
        }
        self.all_matching = false;
    }

    /// Selects nothing; `restore` brings it back until something is selected again.
    pub fn clear(&mut self) {
        let before = std::mem::take(self);
        if !before.is_empty() {
            self.cleared = Some(Box::new(before));
        }
    }

    /// The selection last cleared, if nothing has been selected since.
    pub fn cleared(&self) -> Option<&Selection> {
        self.cleared.as_deref().filter(|_| self.is_empty())
    }

    /// Brings back the selection last cleared.
    pub fn restore(&mut self) {
        if let Some(before) = self.cleared.take()
            && self.is_empty()
        {
            *self = *before;
            self.all_matching = false;
        }
    }

    /// The list changed: "all matching" no longer describes what is shown.
    pub fn list_changed(&mut self) {
        self.all_matching = false;
        self.anchor = None;
    }

    pub fn is_all_matching(&self) -> bool {
        self.all_matching
    }

    /// True if the row is selected (individually, or as part of the shown search).
    pub fn contains(&self, uuid: &Uuid) -> bool {
        self.all_matching || self.picked.contains_key(uuid)
    }

    /// How many records are selected, counting each selected search by its total.
    pub fn count(&self) -> u64 {
        self.picked.len() as u64 + self.searches.iter().map(|(_, n)| n).sum::<u64>()
    }

    /// Individually picked records per kind.
    pub fn counts_by_kind(&self) -> BTreeMap<RecordKind, usize> {
        let mut out = BTreeMap::new();
        for (kind, _) in self.picked.values() {
            *out.entry(*kind).or_default() += 1;
        }
        out
    }

    /// The picked records with kind and title, for review.
    pub fn picked(&self) -> impl Iterator<Item = (&Uuid, &(RecordKind, String))> {
        self.picked.iter()
    }

    pub fn searches(&self) -> &[(SearchSpec, u64)] {
        &self.searches
    }

    pub fn is_empty(&self) -> bool {
        self.picked.is_empty() && self.searches.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn click_shift_toggle_and_across_views() {
        let rows: Vec<(Uuid, RecordKind, String)> = (0..6)
            .map(|i| (Uuid::new_v4(), RecordKind::Statement, format!("s{i}")))
            .collect();
        let mut s = Selection::default();
        // A plain click opens and selects nothing; Shift adds the range from it.
        s.click(1, &rows, ClickMods::default());
        assert!(s.is_empty());
        s.click(
            4,
            &rows,
            ClickMods {
                shift: true,
                toggle: false,
            },
        );
        assert_eq!(s.count(), 4);
        s.click(5, &rows, ClickMods::default());
        assert_eq!(s.count(), 4, "a plain click keeps what was gathered");
        s.click(
            2,
            &rows,
            ClickMods {
                shift: false,
                toggle: true,
            },
        );
        assert_eq!(s.count(), 3);
        assert!(!s.contains(&rows[2].0));
        // Another view: Ctrl+click adds without losing what was picked.
        s.list_changed();
        let meetings = vec![(Uuid::new_v4(), RecordKind::Meeting, "m".to_string())];
        s.click(
            0,
            &meetings,
            ClickMods {
                shift: false,
                toggle: true,
            },
        );
        assert_eq!(s.counts_by_kind().get(&RecordKind::Meeting), Some(&1));
        assert_eq!(s.count(), 4);
        s.select_all_matching(&SearchSpec::default(), 1000);
        assert_eq!(s.count(), 1004);
        s.clear();
        assert!(s.is_empty());
        assert_eq!(s.cleared().map(Selection::count), Some(1004));
        s.restore();
        assert_eq!(s.count(), 1004, "clearing is taken back");
        s.clear();
        s.add(rows[0].0, RecordKind::Statement, "s0".into());
        s.restore();
        assert_eq!(
            s.count(),
            1,
            "a new selection is not replaced by an old one"
        );
    }
}
