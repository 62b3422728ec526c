//! The list section of `App`: the search text, filters and order (one copy each, here), the
//! background search that fills the list a page at a time, saved searches, and clicks on rows
//! that change the selection.

use super::selection::ClickMods;
use super::worker::Job;
use super::{App, PAGE_SIZE};
use crate::model::{Filters, RecordKind, SortOrder};
use crate::query::SearchRequest;

impl App {
    /// Shows records of one kind (or all kinds), keeping the search text and other filters.
    pub(super) fn show_kind(&mut self, kind: Option<RecordKind>) {
        self.spec.filters.kinds = kind.into_iter().collect();
        self.spec.filters.trash = false;
        self.refresh_list();
    }

    /// Shows the Trash: one more filter, so the others stay.
    pub(super) fn show_trash(&mut self) {
        self.spec.filters.kinds.clear();
        self.spec.filters.trash = true;
        self.refresh_list();
    }

    pub(super) fn set_text(&mut self, text: String) {
        if self.spec.text != text {
            self.spec.text = text;
            self.refresh_list();
        }
    }

    pub(super) fn set_filters(&mut self, filters: Filters) {
        if self.spec.filters != filters {
            self.spec.filters = filters;
            self.refresh_filter_labels();
            self.refresh_list();
        }
    }

    /// Exact spellings only (`true`), or spelling variants too.
    pub(super) fn set_exact(&mut self, exact: bool) {
        if self.spec.exact != exact {
            self.spec.exact = exact;
            self.refresh_list();
        }
    }

    pub(super) fn set_order(&mut self, order: SortOrder) {
        if self.spec.order != order {
            self.spec.order = order;
            self.refresh_list();
        }
    }

    /// Reads the names of the records the filters refer to by uuid, for their chips.
    pub(super) fn refresh_filter_labels(&mut self) {
        let f = &self.spec.filters;
        let values: Vec<String> = f
            .actors
            .iter()
            .chain(&f.topics)
            .chain(&f.place)
            .chain(&f.source)
            .cloned()
            .collect();
        self.filter_labels = values
            .into_iter()
            .filter_map(|v| {
                let uuid = uuid::Uuid::parse_str(&v).ok()?;
                Some((v, self.store.label(uuid)))
            })
            .collect();
    }

    /// The list's search: as you type (last word a prefix), grouped by kind, a page at a time.
    fn list_request(&self) -> SearchRequest {
        let mut request = SearchRequest::new(self.spec.clone());
        request.limit = PAGE_SIZE;
        request.prefix_last = true;
        request.group_by_kind = true;
        request
    }

    /// Starts the search for the current spec; its answer replaces the list.
    pub(super) fn refresh_list(&mut self) {
        self.generation += 1;
        self.selection.list_changed();
        self.results.loading = true;
        self.results.generation = self.generation;
        let request = self.list_request();
        self.worker.send(Job {
            generation: self.generation,
            request,
            more: false,
        });
    }

    /// Asks for the next page when the list is scrolled near its end.
    pub(super) fn load_more(&mut self) {
        let Some(cursor) = self.results.next.clone() else {
            return;
        };
        let mut request = self.list_request();
        request.after = Some(cursor);
        request.count_total = false;
        self.results.loading = true;
        self.worker.send(Job {
            generation: self.generation,
            request,
            more: true,
        });
    }

    /// Takes in search answers that have arrived; returns true if the list changed.
    pub(super) fn poll_search(&mut self) -> bool {
        let mut changed = false;
        for answer in self.worker.answers() {
            if answer.generation != self.generation {
                continue;
            }
            changed = true;
            self.results.loading = false;
            match answer.result {
                Ok(page) => {
                    if answer.more {
                        self.results.hits.extend(page.hits);
                    } else {
                        self.results.hits = page.hits;
                        self.results.total = page.total;
                        self.results.total_capped = page.total_capped;
                    }
                    self.results.next = page.next;
                    self.results.notes = page.notes;
                    self.results.error = None;
                }
                Err(e) => {
                    self.results.error = Some(e);
                    if !answer.more {
                        self.results.hits.clear();
                        self.results.total = 0;
                        self.results.total_capped = false;
                        self.results.next = None;
                    }
                }
            }
        }
        changed
    }

    /// Waits (up to `timeout`) until the running search has answered: for tests and tools.
    pub fn wait_for_results(&mut self, timeout: std::time::Duration) -> bool {
        let until = std::time::Instant::now() + timeout;
        while self.results.loading && std::time::Instant::now() < until {
            self.poll_search();
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        !self.results.loading
    }

    /// A click on row `index`: changes the selection, and a plain click opens the record.
    pub(super) fn click_row(&mut self, index: usize, mods: ClickMods) {
        let rows: Vec<_> = self
            .results
            .hits
            .iter()
            .map(|h| (h.uuid, h.kind, h.title.clone()))
            .collect();
        self.selection.click(index, &rows, mods);
        if !mods.shift
            && !mods.toggle
            && let Some((uuid, _, _)) = rows.get(index)
        {
            self.open_record(*uuid);
        }
    }

    /// Selects every record matching the list's current search. Rows picked from this list are
    /// part of it now, so they no longer count on their own.
    pub(super) fn select_all_matching(&mut self) {
        for hit in &self.results.hits {
            self.selection.remove(&hit.uuid);
        }
        let spec = self.spec.clone();
        self.selection
            .select_all_matching(&spec, self.results.total);
    }

    // ----- saved searches -----

    pub(super) fn save_search(&mut self, name: &str) {
        let spec = self.spec.clone();
        match self.store.save_search(name, &spec) {
            Ok(()) => {
                self.dialog = None;
                self.reload_saved();
                self.messages
                    .info(format!("Saved search '{}'", name.trim()));
            }
            Err(e) => self.messages.error(e),
        }
    }

    /// Shows a saved search: its text in the box, its filters and order.
    pub(super) fn apply_saved(&mut self, name: &str) {
        match self.store.saved_search(name) {
            Ok(Some(saved)) => {
                self.spec = saved.spec;
                self.refresh_filter_labels();
                self.refresh_list();
            }
            Ok(None) => self
                .messages
                .info(format!("No saved search is named '{name}'")),
            Err(e) => self.messages.error(e),
        }
    }

    pub(super) fn delete_saved(&mut self, name: &str) {
        if let Err(e) = self.store.delete_saved_search(name) {
            self.messages.error(e);
        }
        self.reload_saved();
    }

    pub(super) fn reload_saved(&mut self) {
        match self.store.saved_searches() {
            Ok(saved) => self.saved = saved,
            Err(e) => self.messages.error(e),
        }
    }
}
