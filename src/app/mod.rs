//! The application, independent of any UI: the open knowledge base, what the list shows
//! (search text, filters, order) and the results loaded so far, the selection, the open
//! record and its links, the record being edited, undo/redo, saved searches, the dialog that is
//! open and the messages shown to the user. Nothing here knows egui.
//!
//! Views read this state through accessors and change it only through `Command`s. The app is
//! in sections, each a file owning its state and its command enum (with the command's traits,
//! `can_*` and `apply_*`): the form (`editing.rs`, `form.rs`, `unsaved.rs`, `naming.rs`), the
//! open record (`record.rs`), capture (`capture.rs`), the list (`list.rs`), the selection
//! (`selection.rs`), the views (`views.rs`, `timeline.rs`, `network.rs`, `picture.rs`), export
//! and import (`exchange.rs`, `jobs.rs`), backups (`backups.rs`) and the window (`window.rs`,
//! `messages.rs`). `command.rs` routes and applies the rules common to all.

mod backups;
pub mod capture;
mod command;
pub mod draft;
pub mod duplicates;
mod editing;
mod exchange;
mod form;
pub(crate) mod jobs;
mod list;
mod mapping;
pub(crate) mod messages;
pub(crate) mod naming;
mod navigation;
mod network;
mod picture;
mod recent;
mod record;
pub mod selection;
mod suggest;
mod team;
pub mod timeline;
mod unsaved;
mod views;
mod window;
mod worker;

pub use backups::{BackupCommand, BackupCommandKind};
pub use capture::{CaptureCommand, CaptureCommandKind};
pub use command::{Command, Dialog, Origin, Refusal, Section, Theme, Traits};
pub use duplicates::{DuplicateCommand, DuplicateCommandKind, PairShown, PairSide};
pub use editing::{FormCommand, FormCommandKind, SourceFacts};
pub use exchange::{
    DEFAULT_CLOSURE, ExchangeCommand, ExchangeCommandKind, ExportPreview, ExportScope,
};
pub use list::{ListCommand, ListCommandKind};
pub use mapping::CsvSample;
pub use messages::{AppError, Failure, Message, Said, Severity};
pub use record::{RecordCommand, RecordCommandKind};
pub use selection::{SelectionCommand, SelectionCommandKind};
pub use team::{ConflictChoice, ConflictShown, HistoryShown, TeamCommand, TeamCommandKind};
pub use unsaved::{UnsavedAnswer, local_time};
pub use views::{ViewCommand, ViewCommandKind};
pub use window::{WindowCommand, WindowCommandKind};

use crate::model::{Reliability, SearchSpec};
use crate::store::{Counts, RecordView, SavedSearch, Store};
use draft::Draft;
use jiff::civil::Date;
use messages::Messages;
use navigation::Navigation;
use selection::Selection;
use std::path::{Path, PathBuf};
use uuid::Uuid;
use worker::SearchWorker;

/// Called from background threads when they have something for the UI.
pub type Wake = std::sync::Arc<dyn Fn() + Send + Sync>;

/// How many results one page brings.
pub const PAGE_SIZE: usize = 100;

/// The record shown in the detail pane: the same view the CLI's `show` prints.
pub type Opened = RecordView;

/// The records the list shows, as loaded so far.
#[derive(Debug, Clone, Default)]
pub struct Results {
    pub hits: Vec<crate::query::Hit>,
    pub total: u64,
    /// More than `total` match (the count stopped there): "10,000+".
    pub total_capped: bool,
    pub notes: Vec<String>,
    pub error: Option<messages::Failure>,
    /// A search is running for this list.
    pub loading: bool,
    /// The page is here and its total is being counted (`total` is not known yet).
    pub counting: bool,
    next: Option<crate::query::Cursor>,
    generation: u64,
}

impl Results {
    pub fn has_more(&self) -> bool {
        self.next.is_some()
    }

    /// The total as shown: "1,234", or "10,000+" when the count stopped.
    pub fn total_text(&self) -> String {
        let n = self.total.to_string();
        if self.total_capped {
            format!("{n}+")
        } else {
            n
        }
    }
}

/// What the file says of itself, re-read after every write: counts, saved searches, topics,
/// undo and redo, when this session last saved.
#[derive(Default)]
struct FileFacts {
    counts: Counts,
    saved: Vec<SavedSearch>,
    /// Topics for the sidebar: uuid and name, by name.
    topics: Vec<(Uuid, String)>,
    undo_label: Option<String>,
    redo_label: Option<String>,
    /// When this session last wrote to the file.
    last_saved: Option<jiff::Timestamp>,
}

/// The application state, in sections. Every field is private: views read through the
/// accessors below and act through `apply`.
pub struct App {
    store: Store,
    wake: Wake,
    facts: FileFacts,
    /// The search, its results and the filters' names.
    list: list::ListState,
    selection: Selection,
    /// The record in the detail pane, and Back and Forward.
    opened: Option<Opened>,
    navigation: Navigation,
    /// The record being edited.
    form: form::Form,
    /// The report in the capture dialog and what was drafted from it.
    capture: Option<capture::CaptureSession>,
    views: views::Views,
    jobs: exchange::Jobs,
    backups: backups::Backups,
    duplicates: duplicates::Duplicates,
    team: team::Team,
    dialogs: window::Dialogs,
    messages: Messages,
    theme: Theme,
    /// The user has answered for the form and the window may close.
    quit: bool,
    /// Another knowledge base, opened to take this one's place in the window.
    next: Option<Box<App>>,
    /// The knowledge bases opened lately from the window.
    recent: Vec<PathBuf>,
}

impl App {
    /// Opens the knowledge base at `path`; `wake` is called when background results arrive.
    pub fn open(path: &Path, wake: Wake) -> Result<App, crate::store::StoreError> {
        let store = Store::open(path)?;
        let worker_wake = std::sync::Arc::clone(&wake);
        let worker = SearchWorker::start(path.to_path_buf(), Box::new(move || worker_wake()));
        let mut app = App {
            store,
            wake,
            facts: FileFacts::default(),
            list: list::ListState::new(worker),
            selection: Selection::default(),
            opened: None,
            navigation: Navigation::default(),
            form: form::Form::default(),
            capture: None,
            views: views::Views::default(),
            jobs: exchange::Jobs::default(),
            backups: backups::Backups {
                known: crate::store::list_backups(path),
                file_check: None,
            },
            duplicates: duplicates::Duplicates::default(),
            team: team::Team::default(),
            dialogs: window::Dialogs::default(),
            messages: Messages::default(),
            theme: Theme::Light,
            quit: false,
            next: None,
            recent: recent::load(),
        };
        app.refresh_derived_state();
        app.restore_kept_form();
        app.backups.file_check =
            backups::check_and_back_up_in_background(path, std::sync::Arc::clone(&app.wake));
        app.scan_duplicates();
        app.start_team();
        Ok(app)
    }

    // ----- read access for views -----

    pub fn path(&self) -> &Path {
        self.store.path()
    }

    /// Read access to the store, for views that look records up (pickers).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// True when the file holds no records at all (the welcome screen shows).
    pub fn is_empty(&self) -> bool {
        self.facts.counts.live() == 0 && self.facts.counts.trash == 0
    }

    pub fn spec(&self) -> &SearchSpec {
        &self.list.spec
    }

    pub fn results(&self) -> &Results {
        &self.list.results
    }

    pub fn selection(&self) -> &Selection {
        &self.selection
    }

    pub fn opened(&self) -> Option<&Opened> {
        self.opened.as_ref()
    }

    pub fn draft(&self) -> Option<&Draft> {
        self.form.draft()
    }

    /// Counts forms opened, so a view can tell a new form from the same one.
    pub fn draft_serial(&self) -> u64 {
        self.form.serial()
    }

    /// The grade of a source the form cites.
    pub fn draft_grade(&self, source: Uuid) -> Option<Reliability> {
        self.form.grade(source)
    }

    pub fn messages(&self) -> &[Message] {
        self.messages.all()
    }

    pub fn counts(&self) -> &Counts {
        &self.facts.counts
    }

    pub fn saved(&self) -> &[SavedSearch] {
        &self.facts.saved
    }

    pub fn topics(&self) -> &[(Uuid, String)] {
        &self.facts.topics
    }

    /// The name of a record a filter refers to (filters keep uuids or typed names).
    pub fn filter_label(&self, value: &str) -> String {
        self.list
            .filter_labels
            .get(value)
            .cloned()
            .unwrap_or_else(|| value.to_string())
    }

    pub fn undo_label(&self) -> Option<&str> {
        self.facts.undo_label.as_deref()
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.facts.redo_label.as_deref()
    }

    pub fn last_saved(&self) -> Option<jiff::Timestamp> {
        self.facts.last_saved
    }

    pub fn job(&self) -> Option<&jobs::Job> {
        self.jobs.job.as_ref()
    }

    pub fn last_outcome(&self) -> Option<&jobs::Outcome> {
        self.jobs.last_outcome.as_ref()
    }

    pub fn dialog(&self) -> Option<Dialog> {
        self.dialogs.open()
    }

    pub fn filters_shown(&self) -> bool {
        self.list.filters_shown
    }

    pub fn search_focus_requests(&self) -> u64 {
        self.list.search_focus_requests
    }

    pub fn theme(&self) -> Theme {
        self.theme
    }

    /// Takes in what background work has finished (search pages, jobs, counts) and lets
    /// faded messages go; returns true if anything on screen changed.
    pub fn poll(&mut self) -> bool {
        let checked = self.poll_file_check();
        let list = self.poll_search();
        let job = self.poll_job();
        let counted = self.poll_count();
        let timeline = self.poll_timeline();
        let network = self.refresh_network();
        let duplicates = self.poll_duplicates();
        let team = self.poll_team();
        let faded = self.messages.prune(std::time::Instant::now());
        checked || list || job || counted || timeline || network || duplicates || team || faded
    }

    /// Takes in the background file check's finding: damage is said once, and stays on screen.
    fn poll_file_check(&mut self) -> bool {
        let Some(check) = &self.backups.file_check else {
            return false;
        };
        match check.try_recv() {
            Ok(reason) => {
                self.backups.file_check = None;
                self.messages.error(messages::AppError::Damaged(reason));
                true
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => false,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.backups.file_check = None;
                false
            }
        }
    }

    /// True while background work is under way (the window keeps frames coming).
    pub fn busy(&self) -> bool {
        self.list.results.loading
            || self.jobs.job.is_some()
            || self
                .jobs
                .export_preview
                .as_ref()
                .is_some_and(|p| p.counting())
            || self.views.timeline.reading()
            || self.scanning_duplicates()
            || self.team_task().is_some()
    }

    /// Refreshes everything derived from the file after a write.
    fn after_change(&mut self) {
        self.facts.last_saved = Some(jiff::Timestamp::now());
        // What an export would write has changed: the dialog counts again, and the
        // timeline reads its dates again.
        self.jobs.export_preview = None;
        self.views.timeline = timeline::TimelineState::default();
        self.forget_network();
        self.refresh_derived_state();
        self.refresh_duplicates();
        self.nudge_team();
    }

    /// Re-reads counts, saved searches, topics, undo labels, the open record and the list.
    fn refresh_derived_state(&mut self) {
        match self.store.counts() {
            Ok(c) => self.facts.counts = c,
            Err(e) => self.messages.error(e),
        }
        self.reload_saved();
        match self.store.titles(crate::model::RecordKind::Topic, 200) {
            Ok(topics) => {
                self.facts.topics = topics.into_iter().map(|r| (r.uuid, r.title)).collect()
            }
            Err(e) => self.messages.error(e),
        }
        self.facts.undo_label = self.store.undo_label().unwrap_or(None);
        self.facts.redo_label = self.store.redo_label().unwrap_or(None);
        if let Some(uuid) = self.opened.as_ref().map(|o| o.record.uuid())
            && !self.load_opened(uuid)
        {
            self.opened = None;
        }
        self.refresh_filter_labels();
        self.refresh_list();
    }
}

/// Today in the local time zone.
pub fn today() -> Date {
    jiff::ZonedDateTime::now().date()
}
