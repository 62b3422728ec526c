//! The application, independent of any UI: the open knowledge base, what the list shows
//! (search text, filters, order) and the results loaded so far, the selection, the open
//! record and its links, the record being edited, undo/redo, saved searches and the messages
//! shown to the user. The GUI draws this state and calls its commands; nothing here knows egui.

pub mod draft;
pub mod jobs;
pub mod navigation;
pub mod selection;
pub mod worker;

use crate::exchange::{EXAMPLE_BUNDLE, import_bundle};
use crate::model::{Filters, Record, RecordKind, SearchSpec, SortOrder};
use crate::query::{Hit, NameMatch, SearchRequest, find_by_name};
use crate::store::{BacklinkGroup, Counts, EdgeView, SavedSearch, Store};
use draft::{Chosen, Draft};
use jiff::civil::Date;
use navigation::Navigation;
use selection::Selection;
use std::path::{Path, PathBuf};
use uuid::Uuid;
use worker::{Job, SearchWorker};

/// Called from background threads when they have something for the UI.
pub type Wake = std::sync::Arc<dyn Fn() + Send + Sync>;

/// How many results one page brings.
pub const PAGE_SIZE: usize = 100;

/// A message for the user; errors stay until dismissed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub is_error: bool,
}

/// The records the list shows, as loaded so far.
#[derive(Debug, Clone, Default)]
pub struct Results {
    pub hits: Vec<Hit>,
    pub total: u64,
    pub notes: Vec<String>,
    pub error: Option<String>,
    /// A search is running for this list.
    pub loading: bool,
    next: Option<crate::query::Cursor>,
    generation: u64,
}

impl Results {
    pub fn has_more(&self) -> bool {
        self.next.is_some()
    }
}

/// The record shown in the detail pane, with what it refers to and what refers to it.
#[derive(Debug, Clone)]
pub struct Opened {
    pub record: Record,
    pub title: String,
    pub outgoing: Vec<EdgeView>,
    pub backlinks: Vec<BacklinkGroup>,
    /// Labels of every record this one refers to, read once when it opens.
    pub labels: std::collections::HashMap<Uuid, String>,
    /// Grades of the sources it cites.
    pub grades: std::collections::HashMap<Uuid, crate::model::Reliability>,
}

impl Opened {
    /// The label of a referenced record.
    pub fn label(&self, uuid: Uuid) -> String {
        self.labels
            .get(&uuid)
            .cloned()
            .unwrap_or_else(|| format!("(missing {uuid})"))
    }
}

/// The application state.
pub struct App {
    store: Store,
    worker: SearchWorker,
    /// What the list shows.
    pub spec: SearchSpec,
    pub results: Results,
    pub selection: Selection,
    navigation: Navigation,
    pub opened: Option<Opened>,
    pub draft: Option<Draft>,
    /// Counts drafts opened, so a view can tell a new form from the same one.
    pub draft_serial: u64,
    pub messages: Vec<Message>,
    pub counts: Counts,
    pub saved: Vec<SavedSearch>,
    /// Topics for the sidebar: uuid and name, by name.
    pub topics: Vec<(Uuid, String)>,
    grades: std::collections::HashMap<Uuid, Option<crate::model::Reliability>>,
    pub undo_label: Option<String>,
    pub redo_label: Option<String>,
    /// When this session last wrote to the file.
    pub last_saved: Option<jiff::Timestamp>,
    /// The export or import running in the background, if any.
    pub job: Option<jobs::Job>,
    /// How the last job ended (the import dialog shows a preview from it).
    pub last_outcome: Option<jobs::Outcome>,
    wake: Wake,
    generation: u64,
}

impl App {
    /// Opens the knowledge base at `path`; `wake` is called when background results arrive.
    pub fn open(path: &Path, wake: Wake) -> Result<App, crate::store::StoreError> {
        let store = Store::open(path)?;
        let worker_wake = std::sync::Arc::clone(&wake);
        let worker = SearchWorker::start(path.to_path_buf(), Box::new(move || worker_wake()));
        let mut app = App {
            store,
            worker,
            spec: SearchSpec::default(),
            results: Results::default(),
            selection: Selection::default(),
            navigation: Navigation::default(),
            opened: None,
            draft: None,
            draft_serial: 0,
            messages: Vec::new(),
            counts: Counts::default(),
            saved: Vec::new(),
            topics: Vec::new(),
            grades: Default::default(),
            undo_label: None,
            redo_label: None,
            last_saved: None,
            job: None,
            last_outcome: None,
            wake,
            generation: 0,
        };
        app.refresh_derived_state();
        Ok(app)
    }

    pub fn path(&self) -> &Path {
        self.store.path()
    }

    pub fn path_buf(&self) -> PathBuf {
        self.store.path().to_path_buf()
    }

    /// Read access to the store, for views that look records up (labels, pickers).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// True when the file holds no records at all (the welcome screen shows).
    pub fn is_empty(&self) -> bool {
        self.counts.live() == 0 && self.counts.trash == 0
    }

    // ----- messages -----

    pub fn error(&mut self, text: impl Into<String>) {
        self.messages.push(Message {
            text: text.into(),
            is_error: true,
        });
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.messages.push(Message {
            text: text.into(),
            is_error: false,
        });
    }

    pub fn dismiss(&mut self, index: usize) {
        if index < self.messages.len() {
            self.messages.remove(index);
        }
    }

    // ----- the list -----

    /// Shows records of one kind (or all kinds), keeping the search text.
    pub fn show_kind(&mut self, kind: Option<RecordKind>) {
        self.spec.filters.kinds = kind.into_iter().collect();
        self.spec.filters.trash = false;
        self.refresh_list();
    }

    /// Shows the Trash.
    pub fn show_trash(&mut self) {
        self.spec.filters = Filters {
            trash: true,
            ..Filters::default()
        };
        self.refresh_list();
    }

    pub fn set_text(&mut self, text: &str) {
        if self.spec.text != text {
            self.spec.text = text.to_string();
            self.refresh_list();
        }
    }

    pub fn set_filters(&mut self, filters: Filters) {
        if self.spec.filters != filters {
            self.spec.filters = filters;
            self.refresh_list();
        }
    }

    pub fn set_order(&mut self, order: SortOrder) {
        if self.spec.order != order {
            self.spec.order = order;
            self.refresh_list();
        }
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
    pub fn refresh_list(&mut self) {
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
    pub fn load_more(&mut self) {
        if self.results.loading {
            return;
        }
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
    pub fn poll(&mut self) -> bool {
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
            self.poll();
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        !self.results.loading
    }

    /// The loaded rows: uuid, kind and title of each, for selection clicks.
    pub fn row_keys(&self) -> Vec<(Uuid, RecordKind, String)> {
        self.results
            .hits
            .iter()
            .map(|h| (h.uuid, h.kind, h.title.clone()))
            .collect()
    }

    /// Selects every record matching the list's current search. Rows picked from this list are
    /// part of it now, so they no longer count on their own.
    pub fn select_all_matching(&mut self) {
        for hit in &self.results.hits {
            self.selection.remove(&hit.uuid);
        }
        let spec = self.spec.clone();
        self.selection
            .select_all_matching(&spec, self.results.total);
    }

    // ----- saved searches -----

    pub fn save_search(&mut self, name: &str) {
        let spec = self.spec.clone();
        match self.store.save_search(name, &spec) {
            Ok(()) => {
                self.reload_saved();
                self.info(format!("Saved search '{}'", name.trim()));
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    pub fn apply_saved(&mut self, name: &str) {
        if let Some(saved) = self.saved.iter().find(|s| s.name == name) {
            self.spec = saved.spec.clone();
            self.refresh_list();
        }
    }

    pub fn delete_saved(&mut self, name: &str) {
        if let Err(e) = self.store.delete_saved_search(name) {
            self.error(e.to_string());
        }
        self.reload_saved();
    }

    fn reload_saved(&mut self) {
        match self.store.saved_searches() {
            Ok(saved) => self.saved = saved,
            Err(e) => self.error(e.to_string()),
        }
    }

    // ----- the open record -----

    /// Opens a record in the detail pane (and remembers it for Back).
    pub fn open_record(&mut self, uuid: Uuid) {
        if self.load_opened(uuid) {
            self.navigation.visit(uuid);
            self.draft = None;
        }
    }

    pub fn back(&mut self) {
        if let Some(uuid) = self.navigation.back() {
            self.load_opened(uuid);
            self.draft = None;
        }
    }

    pub fn forward(&mut self) {
        if let Some(uuid) = self.navigation.forward() {
            self.load_opened(uuid);
            self.draft = None;
        }
    }

    pub fn can_go_back(&self) -> bool {
        self.navigation.can_go_back()
    }

    pub fn can_go_forward(&self) -> bool {
        self.navigation.can_go_forward()
    }

    fn load_opened(&mut self, uuid: Uuid) -> bool {
        let loaded = (|| -> Result<Option<Opened>, crate::store::StoreError> {
            let Some(record) = self.store.get(uuid)? else {
                return Ok(None);
            };
            let mut labels = std::collections::HashMap::new();
            let mut grades = std::collections::HashMap::new();
            for other in record.referenced() {
                if let Some(r) = self.store.get_ref(other)? {
                    labels.insert(other, r.title);
                }
            }
            for c in &record.meta().citations {
                for source in std::iter::once(c.source).chain(c.via) {
                    if let Some(Record::Source(s)) = self.store.get(source)?
                        && let Some(g) = s.reliability
                    {
                        grades.insert(source, g);
                    }
                }
            }
            Ok(Some(Opened {
                title: self
                    .store
                    .get_ref(uuid)?
                    .map(|r| r.title)
                    .unwrap_or_default(),
                outgoing: self.store.outgoing(uuid)?,
                backlinks: self.store.backlinks(uuid)?,
                record,
                labels,
                grades,
            }))
        })();
        match loaded {
            Ok(Some(opened)) => {
                self.opened = Some(opened);
                true
            }
            Ok(None) => {
                self.opened = None;
                false
            }
            Err(e) => {
                self.error(e.to_string());
                false
            }
        }
    }

    /// The list label of any record, for chips and pickers.
    pub fn label_of(&self, uuid: Uuid) -> String {
        match self.store.get_ref(uuid) {
            Ok(Some(r)) => r.title,
            _ => format!("(missing {uuid})"),
        }
    }

    // ----- editing -----

    /// Starts a new record of `kind`.
    pub fn new_record(&mut self, kind: RecordKind) {
        self.draft_serial += 1;
        self.draft = Some(Draft::new(kind, today()));
    }

    /// Starts editing the open record.
    pub fn edit_opened(&mut self) {
        let Some(opened) = &self.opened else {
            return;
        };
        let record = opened.record.clone();
        let label = |u: Uuid| self.label_of(u);
        let mut draft = Draft::edit(&record, &label, today());
        draft.anchor = self.anchor_for(&draft);
        self.draft_serial += 1;
        self.draft = Some(draft);
    }

    pub fn cancel_draft(&mut self) {
        self.draft = None;
    }

    /// A source's reliability grade, read once and remembered until the next change.
    pub fn source_grade(&mut self, uuid: Uuid) -> Option<crate::model::Reliability> {
        if let Some(g) = self.grades.get(&uuid) {
            return *g;
        }
        let grade = match self.store.get(uuid) {
            Ok(Some(Record::Source(s))) => s.reliability,
            _ => None,
        };
        self.grades.insert(uuid, grade);
        grade
    }

    /// Re-reads the anchor day of the draft's relative dates (after its citations changed).
    pub fn update_anchor(&mut self) {
        if let Some(draft) = &self.draft {
            let anchor = self.anchor_for(draft);
            if let Some(d) = &mut self.draft {
                d.anchor = anchor;
            }
        }
    }

    /// A source's own publication date, or the first cited source's, or today.
    fn anchor_for(&self, draft: &Draft) -> Date {
        if let draft::Fields::Source { published, .. } = &draft.fields
            && let Ok(d) = crate::model::PartialDate::parse(published)
            && let Some(day) = d.earliest()
        {
            return day;
        }
        draft
            .citations
            .iter()
            .filter_map(|c| c.source.as_ref())
            .find_map(|s| match self.store.get(s.uuid) {
                Ok(Some(Record::Source(src))) => src.published.and_then(|p| p.latest()),
                _ => None,
            })
            .unwrap_or_else(today)
    }

    /// Saves the draft. On success the record opens; on failure the draft stays with a
    /// message, and nothing is written.
    pub fn save_draft(&mut self) -> bool {
        let Some(draft) = &self.draft else {
            return false;
        };
        let record = match draft.to_record() {
            Ok(record) => record,
            Err(problems) => {
                let first = problems
                    .first()
                    .map(|p| format!("{}: {}", p.field, p.message));
                self.error(format!("Not saved — {}", first.unwrap_or_default()));
                return false;
            }
        };
        let result = if draft.is_new() {
            self.store.insert(record)
        } else {
            self.store.update(record)
        };
        match result {
            Ok(saved) => {
                self.draft = None;
                self.after_change();
                self.open_record(saved.uuid());
                true
            }
            Err(e) => {
                self.error(format!("Not saved — {e}"));
                false
            }
        }
    }

    /// Records whose names match what was typed into a picker.
    pub fn find(&mut self, kinds: &[RecordKind], text: &str) -> Vec<NameMatch> {
        match find_by_name(&self.store, kinds, text, true, 8) {
            Ok(found) => found,
            Err(e) => {
                self.error(e.to_string());
                Vec::new()
            }
        }
    }

    /// Creates a record of `kind` named `name` on the spot, for a picker.
    pub fn create_named(&mut self, kind: RecordKind, name: &str) -> Option<Chosen> {
        let mut draft = Draft::new(kind, today());
        match &mut draft.fields {
            draft::Fields::Actor { name: n, .. }
            | draft::Fields::Place { name: n, .. }
            | draft::Fields::Topic { name: n } => *n = name.to_string(),
            draft::Fields::Meeting { title, .. } | draft::Fields::Source { title, .. } => {
                *title = name.to_string()
            }
            draft::Fields::Statement { text, .. } => *text = name.to_string(),
            draft::Fields::Link { .. } => return None,
        }
        let record = match draft.to_record() {
            Ok(r) => r,
            Err(p) => {
                self.error(format!(
                    "Cannot create: {}",
                    p.first().map(|p| p.message.as_str()).unwrap_or("")
                ));
                return None;
            }
        };
        match self.store.insert(record) {
            Ok(saved) => {
                self.after_change();
                Some(Chosen {
                    uuid: saved.uuid(),
                    label: saved.name().to_string(),
                })
            }
            Err(e) => {
                self.error(e.to_string());
                None
            }
        }
    }

    // ----- Trash, undo, example -----

    /// Moves the open record to the Trash.
    pub fn delete_opened(&mut self) {
        let Some(opened) = &self.opened else {
            return;
        };
        let uuid = opened.record.uuid();
        let title = opened.title.clone();
        match self.store.delete(uuid) {
            Ok(()) => {
                self.info(format!("Moved '{title}' to the Trash"));
                self.after_change();
                self.load_opened(uuid);
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    /// Brings a record back from the Trash.
    pub fn restore(&mut self, uuid: Uuid) {
        match self.store.restore(uuid) {
            Ok(()) => {
                self.after_change();
                self.load_opened(uuid);
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    pub fn empty_trash(&mut self) {
        match self.store.empty_trash() {
            Ok(n) => {
                self.info(format!("Removed {n} records for good"));
                self.after_change();
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    pub fn undo(&mut self) {
        self.undo_or_redo(true);
    }

    pub fn redo(&mut self) {
        self.undo_or_redo(false);
    }

    fn undo_or_redo(&mut self, undo: bool) {
        let result = if undo {
            self.store.undo()
        } else {
            self.store.redo()
        };
        match result {
            Ok(Some(step)) => {
                self.info(format!(
                    "{} {}",
                    if undo { "Undid" } else { "Redid" },
                    step.label
                ));
                self.draft = None;
                self.after_change();
                if let Some(uuid) = self.navigation.current().or(step.records.first().copied())
                    && !self.load_opened(uuid)
                {
                    self.opened = None;
                }
            }
            Ok(None) => {}
            Err(e) => self.error(e.to_string()),
        }
    }

    // ----- export and import -----

    /// The selection as a job needs it.
    pub fn selection_spec(&self, everything: bool) -> jobs::SelectionSpec {
        jobs::SelectionSpec {
            records: self.selection.picked().map(|(u, _)| *u).collect(),
            searches: self
                .selection
                .searches()
                .iter()
                .map(|(s, _)| s.clone())
                .collect(),
            everything,
        }
    }

    /// What an export would hold, by kind, before writing it.
    pub fn export_preview(
        &self,
        closure: crate::exchange::Closure,
        everything: bool,
    ) -> Result<crate::exchange::export::ExportCounts, String> {
        jobs::preview_counts(&self.store, &self.selection_spec(everything), closure)
    }

    /// Starts exporting the selection (or everything) in the background.
    pub fn start_export(
        &mut self,
        format: crate::exchange::Format,
        closure: crate::exchange::Closure,
        out: PathBuf,
        bom: bool,
        everything: bool,
    ) {
        if self.job.is_some() {
            return;
        }
        let selection = self.selection_spec(everything);
        self.last_outcome = None;
        self.job = Some(jobs::export(
            self.path_buf(),
            std::sync::Arc::clone(&self.wake),
            selection,
            closure,
            format,
            out,
            bom,
        ));
    }

    /// Starts importing (or previewing, with `options.dry_run`) a bundle or CSV folder.
    pub fn start_import(&mut self, path: PathBuf, options: crate::store::ImportOptions) {
        if self.job.is_some() {
            return;
        }
        self.last_outcome = None;
        self.job = Some(jobs::import(
            self.path_buf(),
            std::sync::Arc::clone(&self.wake),
            path,
            options,
        ));
    }

    /// Takes in a finished job; returns true if one ended.
    pub fn poll_job(&mut self) -> bool {
        let Some(outcome) = self.job.as_ref().and_then(jobs::Job::outcome) else {
            return false;
        };
        self.job = None;
        match &outcome {
            jobs::Outcome::Exported { path, counts } => {
                let n: usize = counts.values().sum();
                self.info(format!("Exported {n} records to {}", path.display()));
            }
            jobs::Outcome::Imported(report) if !report.dry_run => {
                self.info(format!("Imported: {}", report.summary()));
                self.after_change();
            }
            jobs::Outcome::Imported(_) => {}
            jobs::Outcome::Failed(e) => self.error(e.clone()),
            jobs::Outcome::Cancelled => self.info("Cancelled; nothing was written"),
        }
        self.last_outcome = Some(outcome);
        true
    }

    /// Waits (up to `timeout`) for the running job: for tests and tools.
    pub fn wait_for_job(&mut self, timeout: std::time::Duration) -> bool {
        let until = std::time::Instant::now() + timeout;
        while self.job.is_some() && std::time::Instant::now() < until {
            self.poll_job();
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        self.job.is_none()
    }

    /// Loads the example data (merging by uuid, so loading twice adds nothing).
    pub fn load_example(&mut self) {
        match import_bundle(&mut self.store, EXAMPLE_BUNDLE) {
            Ok(report) => {
                self.info(format!("Example data: {}", report.summary()));
                self.after_change();
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    /// Refreshes everything derived from the file after a write.
    fn after_change(&mut self) {
        self.last_saved = Some(jiff::Timestamp::now());
        self.refresh_derived_state();
    }

    /// Re-reads counts, saved searches, topics, undo labels, the open record and the list.
    fn refresh_derived_state(&mut self) {
        self.grades.clear();
        match self.store.counts() {
            Ok(c) => self.counts = c,
            Err(e) => self.error(e.to_string()),
        }
        self.reload_saved();
        match self.store.titles(RecordKind::Topic, 200) {
            Ok(topics) => self.topics = topics.into_iter().map(|r| (r.uuid, r.title)).collect(),
            Err(e) => self.error(e.to_string()),
        }
        self.undo_label = self.store.undo_label().unwrap_or(None);
        self.redo_label = self.store.redo_label().unwrap_or(None);
        if let Some(opened) = &self.opened {
            let uuid = opened.record.uuid();
            if !self.load_opened(uuid) {
                self.opened = None;
            }
        }
        self.refresh_list();
    }
}

/// Today in the local time zone.
pub fn today() -> Date {
    jiff::ZonedDateTime::now().date()
}
