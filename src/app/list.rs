//! The list section of `App`: the search text, filters and order (one copy each, here), the
//! background search that fills the list a page at a time, saved searches, and clicks on rows
//! that change the selection.

use super::command::{Refusal, Traits, first_broken};
use super::selection::ClickMods;
use super::worker::{Job, Reply, SearchWorker};
use super::{App, PAGE_SIZE, Results};
use crate::model::{Filters, RecordKind, SearchSpec, SortOrder};
use crate::query::SearchRequest;
use std::collections::HashMap;

/// An action on what the list shows.
#[derive(Debug, Clone, PartialEq, strum::EnumDiscriminants)]
#[strum_discriminants(derive(strum::EnumIter), name(ListCommandKind))]
pub enum ListCommand {
    FocusSearch,
    SetSearchText(String),
    SetFilters(Filters),
    SetOrder(SortOrder),
    /// Exact spellings only (`true`), or spelling variants too (the default).
    SetExactSpelling(bool),
    /// Shows one kind of record, or all kinds.
    ShowKind(Option<RecordKind>),
    ShowTrash,
    ToggleFilters,
    /// Brings the next page of results.
    LoadMore,
    /// Asks for a name to save the current search under.
    AskSearchName,
    SaveSearch(String),
    ApplySaved(String),
    DeleteSaved(String),
}

impl ListCommand {
    pub fn traits(&self) -> Traits {
        match self {
            ListCommand::FocusSearch
            | ListCommand::ShowKind(_)
            | ListCommand::ShowTrash
            | ListCommand::ToggleFilters => Traits::USER,
            ListCommand::AskSearchName => Traits::USER.writing().opening_dialog(),
            ListCommand::SaveSearch(_) | ListCommand::DeleteSaved(_) => Traits::VIEW.writing(),
            ListCommand::SetSearchText(_)
            | ListCommand::SetFilters(_)
            | ListCommand::SetOrder(_)
            | ListCommand::SetExactSpelling(_)
            | ListCommand::LoadMore
            | ListCommand::ApplySaved(_) => Traits::VIEW,
        }
    }
}

/// The list section's state.
pub(super) struct ListState {
    /// What the list shows: the one copy of the search text and filters.
    pub(super) spec: SearchSpec,
    pub(super) results: Results,
    /// Runs the list's searches on its own connection.
    pub(super) worker: SearchWorker,
    /// Names of the records the filters refer to, read when the filters change.
    pub(super) filter_labels: HashMap<String, String>,
    pub(super) filters_shown: bool,
    /// Bumped by each request to put the cursor in the search box.
    pub(super) search_focus_requests: u64,
    /// Bumped by each new search: answers for older ones are dropped.
    pub(super) generation: u64,
}

impl ListState {
    pub(super) fn new(worker: SearchWorker) -> ListState {
        ListState {
            spec: SearchSpec::default(),
            results: Results::default(),
            worker,
            filter_labels: HashMap::new(),
            filters_shown: false,
            search_focus_requests: 1,
            generation: 0,
        }
    }

    /// True when the list shows everything of a view: nothing typed, no filter but the kind.
    pub(super) fn search_is_empty(&self) -> bool {
        self.spec.text.trim().is_empty() && !self.spec.filters.narrows()
    }
}

impl App {
    pub(super) fn can_list(&self, command: &ListCommand) -> Result<(), Refusal> {
        let nothing_searched = (
            self.list.search_is_empty(),
            "Type a search or set a filter first",
        );
        match command {
            ListCommand::FocusSearch
            | ListCommand::SetSearchText(_)
            | ListCommand::SetFilters(_)
            | ListCommand::SetOrder(_)
            | ListCommand::SetExactSpelling(_)
            | ListCommand::ShowKind(_)
            | ListCommand::ShowTrash
            | ListCommand::ToggleFilters
            | ListCommand::DeleteSaved(_) => Ok(()),
            ListCommand::LoadMore => first_broken(&[
                (self.list.results.loading, "A search is running"),
                (!self.list.results.has_more(), "Every result is loaded"),
            ]),
            ListCommand::AskSearchName => first_broken(&[nothing_searched]),
            ListCommand::SaveSearch(name) => first_broken(&[
                nothing_searched,
                (name.trim().is_empty(), "Give the search a name"),
            ]),
            ListCommand::ApplySaved(name) => first_broken(&[(
                crate::store::find_saved(&self.facts.saved, name).is_none(),
                "No saved search has that name",
            )]),
        }
    }

    pub(super) fn apply_list(&mut self, command: ListCommand) {
        match command {
            ListCommand::FocusSearch => self.list.search_focus_requests += 1,
            ListCommand::SetSearchText(text) => self.set_text(text),
            ListCommand::SetFilters(filters) => self.set_filters(filters),
            ListCommand::SetOrder(order) => self.set_order(order),
            ListCommand::SetExactSpelling(exact) => self.set_exact(exact),
            ListCommand::ShowKind(kind) => self.show_kind(kind),
            ListCommand::ShowTrash => self.show_trash(),
            ListCommand::ToggleFilters => self.list.filters_shown = !self.list.filters_shown,
            ListCommand::LoadMore => self.load_more(),
            ListCommand::AskSearchName => self.dialogs.show(super::Dialog::SearchName),
            ListCommand::SaveSearch(name) => self.save_search(&name),
            ListCommand::ApplySaved(name) => self.apply_saved(&name),
            ListCommand::DeleteSaved(name) => self.delete_saved(&name),
        }
    }

    /// Shows records of one kind (or all kinds), keeping the search text and other filters.
    pub(super) fn show_kind(&mut self, kind: Option<RecordKind>) {
        self.list.spec.filters.kinds = kind.into_iter().collect();
        self.list.spec.filters.trash = false;
        self.refresh_list();
    }

    /// Shows the Trash: one more filter, so the others stay.
    pub(super) fn show_trash(&mut self) {
        self.list.spec.filters.kinds.clear();
        self.list.spec.filters.trash = true;
        self.refresh_list();
    }

    pub(super) fn set_text(&mut self, text: String) {
        if self.list.spec.text != text {
            self.list.spec.text = text;
            self.refresh_list();
        }
    }

    pub(super) fn set_filters(&mut self, filters: Filters) {
        if self.list.spec.filters != filters {
            self.list.spec.filters = filters;
            self.refresh_filter_labels();
            self.refresh_list();
        }
    }

    /// Exact spellings only (`true`), or spelling variants too.
    pub(super) fn set_exact(&mut self, exact: bool) {
        if self.list.spec.exact != exact {
            self.list.spec.exact = exact;
            self.refresh_list();
        }
    }

    pub(super) fn set_order(&mut self, order: SortOrder) {
        if self.list.spec.order != order {
            self.list.spec.order = order;
            self.refresh_list();
        }
    }

    /// Reads the names of the records the filters refer to by uuid, for their chips.
    pub(super) fn refresh_filter_labels(&mut self) {
        let f = &self.list.spec.filters;
        let values: Vec<String> = f
            .actors
            .iter()
            .chain(&f.topics)
            .chain(&f.place)
            .chain(&f.source)
            .cloned()
            .collect();
        self.list.filter_labels = values
            .into_iter()
            .filter_map(|v| {
                let uuid = uuid::Uuid::parse_str(&v).ok()?;
                Some((v, self.store.label(uuid)))
            })
            .collect();
    }

    /// The list's search: as you type (last word a prefix), grouped by kind, a page at a time.
    fn list_request(&self) -> SearchRequest {
        let mut request = SearchRequest::new(self.list.spec.clone());
        request.limit = PAGE_SIZE;
        request.prefix_last = true;
        request.group_by_kind = true;
        request
    }

    /// Starts the search for the current spec; its answer replaces the list.
    pub(super) fn refresh_list(&mut self) {
        self.list.generation += 1;
        self.selection.list_changed();
        self.list.results.loading = true;
        self.list.results.counting = false;
        self.list.results.generation = self.list.generation;
        let request = self.list_request();
        self.list.worker.send(Job {
            generation: self.list.generation,
            request,
            more: false,
        });
    }

    /// Asks for the next page when the list is scrolled near its end.
    pub(super) fn load_more(&mut self) {
        let Some(cursor) = self.list.results.next.clone() else {
            return;
        };
        let mut request = self.list_request();
        request.after = Some(cursor);
        request.count_total = false;
        self.list.results.loading = true;
        self.list.worker.send(Job {
            generation: self.list.generation,
            request,
            more: true,
        });
    }

    /// Takes in search answers that have arrived; returns true if the list changed.
    pub(super) fn poll_search(&mut self) -> bool {
        let mut changed = false;
        for answer in self.list.worker.answers() {
            if answer.generation != self.list.generation {
                continue;
            }
            changed = true;
            match answer.result {
                Ok(Reply::Total(Ok((total, capped)))) => {
                    self.list.results.total = total;
                    self.list.results.total_capped = capped;
                    self.list.results.counting = false;
                }
                Ok(Reply::Total(Err(e))) => {
                    // The count after the page failed: the page stays, the total is unknown.
                    self.list.results.counting = false;
                    self.list.results.error = Some(e);
                }
                Ok(Reply::Page(page)) => {
                    self.list.results.loading = false;
                    if answer.more {
                        self.list.results.hits.extend(page.hits);
                    } else {
                        self.list.results.hits = page.hits;
                        self.list.results.total = page.total;
                        self.list.results.total_capped = page.total_capped;
                        self.list.results.counting = page.total_pending;
                    }
                    self.list.results.next = page.next;
                    self.list.results.notes = page.notes;
                    self.list.results.error = None;
                }
                Err(e) => {
                    self.list.results.loading = false;
                    self.list.results.error = Some(e);
                    if !answer.more {
                        self.list.results.counting = false;
                        self.list.results.hits.clear();
                        self.list.results.total = 0;
                        self.list.results.total_capped = false;
                        self.list.results.next = None;
                    }
                }
            }
        }
        changed
    }

    /// Waits (up to `timeout`) until the running search has answered: for tests and benches.
    #[cfg(feature = "test-support")]
    pub fn wait_for_results(&mut self, timeout: std::time::Duration) -> bool {
        let until = std::time::Instant::now() + timeout;
        while (self.list.results.loading || self.list.results.counting)
            && std::time::Instant::now() < until
        {
            self.poll_search();
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        !self.list.results.loading && !self.list.results.counting
    }

    /// A click on row `index`: changes the selection, and a plain click opens the record.
    pub(super) fn click_row(&mut self, index: usize, mods: ClickMods) {
        let rows: Vec<_> = self
            .list
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
        for hit in &self.list.results.hits {
            self.selection.remove(&hit.uuid);
        }
        let spec = self.list.spec.clone();
        self.selection
            .select_all_matching(&spec, self.list.results.total);
    }

    // ----- saved searches -----

    pub(super) fn save_search(&mut self, name: &str) {
        let spec = self.list.spec.clone();
        match self.store.save_search(name, &spec) {
            Ok(()) => {
                self.dialogs.close();
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
                self.list.spec = saved.spec;
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
            Ok(saved) => self.facts.saved = saved,
            Err(e) => self.messages.error(e),
        }
    }
}
