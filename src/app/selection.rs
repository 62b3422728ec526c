//! Which rows of the list are selected: click, Ctrl+click (toggle), Shift+click (range from
//! the anchor), or "all matching" the current search, which includes rows not loaded yet.

use std::collections::BTreeSet;
use uuid::Uuid;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selection {
    picked: BTreeSet<Uuid>,
    anchor: Option<usize>,
    all_matching: bool,
}

/// How a row was clicked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClickMods {
    pub shift: bool,
    pub toggle: bool,
}

impl Selection {
    /// Applies a click on row `index` of `rows`.
    pub fn click(&mut self, index: usize, rows: &[Uuid], mods: ClickMods) {
        let Some(&uuid) = rows.get(index) else {
            return;
        };
        self.all_matching = false;
        if mods.shift {
            let anchor = self
                .anchor
                .unwrap_or(index)
                .min(rows.len().saturating_sub(1));
            let (from, to) = (anchor.min(index), anchor.max(index));
            if !mods.toggle {
                self.picked.clear();
            }
            self.picked.extend(rows[from..=to].iter().copied());
        } else if mods.toggle {
            if !self.picked.remove(&uuid) {
                self.picked.insert(uuid);
            }
            self.anchor = Some(index);
        } else {
            self.picked.clear();
            self.picked.insert(uuid);
            self.anchor = Some(index);
        }
    }

    /// Selects every record matching the current search, loaded or not.
    pub fn select_all_matching(&mut self) {
        self.all_matching = true;
        self.picked.clear();
    }

    pub fn clear(&mut self) {
        *self = Selection::default();
    }

    pub fn is_all_matching(&self) -> bool {
        self.all_matching
    }

    pub fn contains(&self, uuid: &Uuid) -> bool {
        self.all_matching || self.picked.contains(uuid)
    }

    /// How many records are selected, given the search's total.
    pub fn count(&self, total: u64) -> u64 {
        if self.all_matching {
            total
        } else {
            self.picked.len() as u64
        }
    }

    /// The individually picked records.
    pub fn picked(&self) -> impl Iterator<Item = &Uuid> {
        self.picked.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn click_shift_and_toggle() {
        let rows: Vec<Uuid> = (0..6).map(|_| Uuid::new_v4()).collect();
        let mut s = Selection::default();
        s.click(1, &rows, ClickMods::default());
        s.click(
            4,
            &rows,
            ClickMods {
                shift: true,
                toggle: false,
            },
        );
        assert_eq!(s.count(6), 4);
        s.click(
            2,
            &rows,
            ClickMods {
                shift: false,
                toggle: true,
            },
        );
        assert_eq!(s.count(6), 3);
        assert!(!s.contains(&rows[2]));
        s.select_all_matching();
        assert_eq!(s.count(1000), 1000);
        s.click(0, &rows, ClickMods::default());
        assert_eq!(s.count(1000), 1);
    }
}
