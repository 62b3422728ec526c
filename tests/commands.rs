//! Commands through the application layer over a real file: every command, listed from the
//! command enums themselves, does what `can` promised in a state built to allow it (the state
//! changes) and in one built to refuse it (the exact reason, nothing changed); saved searches
//! are found whatever the case; and a form made from any record gives that record back
//! unchanged.

mod common;

use chancery::app::draft::Draft;
use chancery::app::selection::ClickMods;
use chancery::app::{App, Command, today};
use chancery::app::{ExchangeCommand, FormCommand, ListCommand, RecordCommand};
use chancery::exchange::{Closure, Format};
use chancery::model::SearchSpec;
use chancery::model::{Filters, RecordKind, SortOrder};
use chancery::store::ImportOptions;
use chancery::ui::{command_name, command_table};
use std::time::Duration;

fn open_example() -> (tempfile::TempDir, App) {
    let (dir, path, store) = common::with_example();
    drop(store);
    let app = App::open(&path, std::sync::Arc::new(|| {})).expect("open");
    (dir, app)
}

#[test]
fn a_refused_command_changes_nothing_and_says_why() {
    let (_dir, mut app) = open_example();
    app.apply(Command::Form(FormCommand::NewRecord(
        chancery::model::RecordKind::Actor,
    )))
    .expect("a form");
    let before = app.draft().cloned();
    let refused = app.apply_or_explain(Command::Record(RecordCommand::Undo));
    assert_eq!(
        refused,
        Err("A form is open: save or cancel it first".into())
    );
    assert_eq!(app.draft().cloned(), before, "the form is kept");
    assert!(
        app.messages().iter().any(
            |m| matches!(&m.said, chancery::app::Said::Info(t) if t.contains("save or cancel"))
        ),
        "the reason is shown"
    );
}

#[test]
fn saved_searches_are_found_whatever_the_case() {
    let (_dir, mut app) = open_example();
    assert_eq!(
        app.apply(Command::List(ListCommand::SaveSearch("Everything".into()))),
        Err("Type a search or set a filter first".into())
    );
    app.apply(Command::List(ListCommand::SetSearchText("Lavrov".into())))
        .unwrap();
    app.apply(Command::List(ListCommand::SaveSearch(
        "Lavrov's Talks".into(),
    )))
    .unwrap();
    app.apply(Command::List(ListCommand::SetSearchText(String::new())))
        .unwrap();
    app.apply(Command::List(ListCommand::ApplySaved(
        "lavrov's TALKS".into(),
    )))
    .expect("found ignoring case");
    assert_eq!(app.spec().text, "Lavrov");
    // Names in any script: saving under another case replaces, lookups find it.
    app.apply(Command::List(ListCommand::SaveSearch("Сирия".into())))
        .unwrap();
    app.apply(Command::List(ListCommand::SaveSearch("сирия".into())))
        .unwrap();
    assert_eq!(app.saved().len(), 2, "Lavrov's Talks and Сирия");
    app.apply(Command::List(ListCommand::ApplySaved("СИРИЯ".into())))
        .expect("found in Cyrillic whatever the case");
    app.apply(Command::List(ListCommand::DeleteSaved("сирия".into())))
        .unwrap();
    assert_eq!(app.saved().len(), 1);
    let found = app.store().saved_search("  LAVROV'S talks ").unwrap();
    assert_eq!(found.map(|s| s.spec.text), Some("Lavrov".to_string()));
    assert_eq!(
        app.store().saved_search("nobody").unwrap().map(|s| s.spec),
        None::<SearchSpec>
    );
}

#[test]
fn a_form_made_from_any_record_gives_it_back_unchanged() {
    let (_dir, _path, store) = common::with_example();
    let records = store.all_records(true).expect("records");
    assert_eq!(records.len(), 42);
    for record in records {
        let label = |u: uuid::Uuid| store.label(u);
        let draft = Draft::edit(&record, &label, today());
        let back = draft.to_record().unwrap_or_else(|p| {
            panic!(
                "{} '{}' does not round-trip: {p:?}",
                record.kind().label(),
                record.name()
            )
        });
        assert_eq!(
            back,
            record,
            "{} '{}'",
            record.kind().label(),
            record.name()
        );
    }
}

#[test]
fn opening_the_export_dialog_leaves_the_counting_to_the_background() {
    let (_dir, mut app) = open_example();
    app.apply(Command::Exchange(ExchangeCommand::ExportEverything))
        .expect("the dialog opens");
    let preview = app
        .export_preview(chancery::app::DEFAULT_CLOSURE)
        .expect("counting started with the dialog");
    assert!(
        preview.counting(),
        "apply returned before the counts were known"
    );
    assert!(preview.counts().is_none());
    app.wait_for_job(Duration::from_secs(10));
    let counts = app
        .export_preview(chancery::app::DEFAULT_CLOSURE)
        .and_then(|p| p.counts())
        .expect("counted")
        .as_ref()
        .expect("no error");
    assert_eq!(counts.values().sum::<usize>(), 42);
}

// ----- every command, as `can` promised -----

use chancery::app::capture::CaptureInput;
use chancery::app::timeline::MainView;
use chancery::app::{
    BackupCommandKind, CaptureCommand, CaptureCommandKind, DuplicateCommandKind,
    ExchangeCommandKind, FormCommandKind, ListCommandKind, Origin, RecordCommandKind, Section,
    SelectionCommandKind, TeamCommandKind, ViewCommand, ViewCommandKind, WindowCommandKind,
};
use chancery::model::ActorKind;
use chancery::model::capture::review::{DraftKey, NameChoice};
use chancery::model::judgement::Verdict;
use strum::IntoEnumIterator;
use uuid::Uuid;

/// A command of one variant, from any section.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Form(FormCommandKind),
    Record(RecordCommandKind),
    Capture(CaptureCommandKind),
    List(ListCommandKind),
    Selection(SelectionCommandKind),
    View(ViewCommandKind),
    Exchange(ExchangeCommandKind),
    Backup(BackupCommandKind),
    Duplicates(DuplicateCommandKind),
    Team(TeamCommandKind),
    Window(WindowCommandKind),
}

/// Every variant of every section, listed by the enums themselves: a new command is in this
/// list, and `case` does not compile until it is given its states.
fn every_kind() -> Vec<Kind> {
    Section::iter()
        .flat_map(|section| -> Vec<Kind> {
            match section {
                Section::Form => FormCommandKind::iter().map(Kind::Form).collect(),
                Section::Record => RecordCommandKind::iter().map(Kind::Record).collect(),
                Section::Capture => CaptureCommandKind::iter().map(Kind::Capture).collect(),
                Section::List => ListCommandKind::iter().map(Kind::List).collect(),
                Section::Selection => SelectionCommandKind::iter().map(Kind::Selection).collect(),
                Section::View => ViewCommandKind::iter().map(Kind::View).collect(),
                Section::Exchange => ExchangeCommandKind::iter().map(Kind::Exchange).collect(),
                Section::Backup => BackupCommandKind::iter().map(Kind::Backup).collect(),
                Section::Duplicates => DuplicateCommandKind::iter().map(Kind::Duplicates).collect(),
                Section::Team => TeamCommandKind::iter().map(Kind::Team).collect(),
                Section::Window => WindowCommandKind::iter().map(Kind::Window).collect(),
            }
        })
        .collect()
}

/// The window over the example data, with what the states are built from.
struct Fx {
    dir: tempfile::TempDir,
    app: App,
    /// The first row of the list, and another record.
    first: Uuid,
    second: Uuid,
    meeting: Uuid,
    actor: Uuid,
}

impl Fx {
    fn new() -> Fx {
        Fx::with(|_| {})
    }

    /// The example data, with `more` written to the file before the window opens it.
    fn with(more: fn(&mut chancery::store::Store)) -> Fx {
        let (dir, path, mut store) = common::with_example();
        more(&mut store);
        drop(store);
        let mut app = App::open(&path, std::sync::Arc::new(|| {})).expect("open");
        assert!(app.wait_for_results(Duration::from_secs(10)));
        // The scan for duplicates that opening starts.
        app.wait_for_job(Duration::from_secs(10));
        let hits = &app.results().hits;
        let (first, second) = (hits[0].uuid, hits[1].uuid);
        let of_kind = |kind| app.store().titles(kind, 1).expect("titles")[0].uuid;
        let (meeting, actor) = (of_kind(RecordKind::Meeting), of_kind(RecordKind::Actor));
        Fx {
            dir,
            app,
            first,
            second,
            meeting,
            actor,
        }
    }

    /// Applies a step of building the state; it must be allowed.
    fn step(&mut self, command: impl Into<Command>) {
        let command = command.into();
        self.app
            .apply(command.clone())
            .unwrap_or_else(|r| panic!("building the state: {command:?} refused: {r}"));
        self.settle();
    }

    fn settle(&mut self) {
        self.app.wait_for_job(Duration::from_secs(10));
        self.app.wait_for_results(Duration::from_secs(10));
    }

    /// A new place form with a name typed.
    fn typed_place(&mut self) {
        self.step(FormCommand::NewRecord(RecordKind::Place));
        let mut draft = self.app.draft().cloned().expect("a form");
        draft.set_name("Aleppo");
        self.step(FormCommand::UpdateDraft(Box::new(draft)));
    }

    /// The capture dialog with a report read (one with names the file does not know).
    fn read_report(&mut self) {
        self.step(CaptureCommand::OpenCapture);
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/capture/state-visit-riyadh.txt"),
        )
        .expect("the report");
        self.step(CaptureCommand::ReadCapture(Box::new(CaptureInput {
            text,
            ..CaptureInput::default()
        })));
    }

    /// The first proposal other than the report's source.
    fn first_proposal(&self) -> DraftKey {
        let session = self.app.capture().expect("read");
        session.proposed[1].key
    }

    /// The example's Sergey Lavrov and a Cyrillic Lavrov with a description of his own,
    /// written to the file; the scan run again.
    fn lavrovs(&mut self) -> (Uuid, Uuid) {
        let lavrov = self
            .app
            .store()
            .titles(RecordKind::Actor, 100)
            .expect("titles")
            .into_iter()
            .find(|r| r.title == "Sergey Lavrov")
            .expect("Lavrov")
            .uuid;
        let mut cyrillic = common::actor("Сергей Лавров", ActorKind::Person);
        if let chancery::model::Record::Actor(a) = &mut cyrillic {
            a.description = "Russia's foreign minister".into();
        }
        let uuid = cyrillic.uuid();
        self.insert(cyrillic);
        self.step(chancery::app::DuplicateCommand::Rescan);
        (lavrov, uuid)
    }

    /// Writes a record to the file through a connection of its own (as another program).
    fn insert(&self, record: chancery::model::Record) {
        let mut store = chancery::store::Store::open(&self.path("kb.db")).expect("open");
        store.insert(record).expect("insert");
    }

    fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    /// A small CSV file of meetings.
    fn csv(&self) -> std::path::PathBuf {
        let path = self.path("meetings.csv");
        std::fs::write(&path, "Event,When\nTalks,2025-09-09\n").expect("written");
        path
    }
}

/// Everything a command can change, as one text to compare.
fn state(app: &App) -> String {
    format!(
        "{:?}",
        (
            (app.dialog(), app.draft(), app.draft_serial()),
            app.opened().map(|o| (&o.record, &o.backlinks)),
            (app.spec(), app.filters_shown(), app.search_focus_requests()),
            (app.results().hits.len(), app.selection()),
            (
                app.counts(),
                app.saved(),
                app.undo_label(),
                app.redo_label()
            ),
            (
                app.theme(),
                app.wants_to_close(),
                app.messages(),
                app.next_file()
            ),
            (
                app.main_view(),
                app.lane_actors(),
                app.network().generation()
            ),
            (app.capture(), app.job().is_some(), app.last_outcome()),
            app.backups().len(),
            (
                app.pair_shown().map(|(at, s)| (at, s.pair.a, s.pair.b)),
                app.duplicate_scans(),
                app.opened()
                    .map(|o| o.cluster.as_ref().map(|c| c.members.len())),
            ),
            (
                app.export_preview(Closure::Direct).is_some(),
                app.export_preview(chancery::app::DEFAULT_CLOSURE).is_some(),
            ),
            (
                app.team_task(),
                app.team_conflicts().len(),
                app.team_history(),
                app.csv_sample().map(|s| s.is_ok()),
                app.mapping_preset().map(|(n, _)| n),
            ),
        )
    )
}

type Build = fn(&mut Fx) -> Command;

/// How to test one command: a state that allows it, and one that refuses it with the exact
/// reason (`None` where only the rules common to all commands refuse it: a read-only file,
/// another dialog open).
struct Case {
    allow: Build,
    refuse: Option<(Build, &'static str)>,
    /// The command may leave everything as it was (loading more references when there are
    /// none more).
    may_change_nothing: bool,
}

fn allow(allow: Build) -> Case {
    Case {
        allow,
        refuse: None,
        may_change_nothing: false,
    }
}

fn both(allow: Build, refuse: Build, reason: &'static str) -> Case {
    Case {
        allow,
        refuse: Some((refuse, reason)),
        may_change_nothing: false,
    }
}

const NO_FORM: &str = "No form is open";
const FORM_OPEN: &str = "A form is open: save or cancel it first";
const NOTHING_OPEN: &str = "Open a record first";
const NOTHING_READ: &str = "Nothing was read yet";

fn case(kind: Kind) -> Case {
    use chancery::app::{
        BackupCommand as B, DuplicateCommand as D, ExchangeCommand as E, FormCommand as F,
        ListCommand as L, RecordCommand as R, SelectionCommand as S, WindowCommand as W,
    };
    match kind {
        Kind::Form(k) => match k {
            FormCommandKind::NewRecord => allow(|_| F::NewRecord(RecordKind::Actor).into()),
            FormCommandKind::EditOpened => both(
                |fx| {
                    fx.step(R::OpenRecord(fx.first));
                    F::EditOpened.into()
                },
                |_| F::EditOpened.into(),
                NOTHING_OPEN,
            ),
            FormCommandKind::UpdateDraft => both(
                |fx| {
                    fx.step(F::NewRecord(RecordKind::Place));
                    let mut draft = fx.app.draft().cloned().expect("a form");
                    draft.set_name("Aleppo");
                    F::UpdateDraft(Box::new(draft)).into()
                },
                |_| F::UpdateDraft(Box::new(Draft::new(RecordKind::Place, today()))).into(),
                NO_FORM,
            ),
            FormCommandKind::SaveDraft => both(
                |fx| {
                    fx.typed_place();
                    F::SaveDraft.into()
                },
                |fx| {
                    fx.step(F::NewRecord(RecordKind::Place));
                    F::SaveDraft.into()
                },
                "Fix Name first",
            ),
            FormCommandKind::CancelDraft => both(
                |fx| {
                    fx.step(F::NewRecord(RecordKind::Place));
                    F::CancelDraft.into()
                },
                |_| F::CancelDraft.into(),
                NO_FORM,
            ),
            FormCommandKind::CreateNamed => both(
                |_| created(RecordKind::Place),
                |_| created(RecordKind::Link),
                "A link cannot be created from its name",
            ),
            FormCommandKind::CreatePlacePath => both(
                |_| place_path(&["Citadel", "Aleppo"]),
                |_| place_path(&["Citadel"]),
                "A place path names two places or more",
            ),
            FormCommandKind::AnswerUnsaved => both(
                |fx| {
                    fx.typed_place();
                    fx.step(R::OpenRecord(fx.first));
                    assert_eq!(fx.app.dialog(), Some(chancery::app::Dialog::Unsaved));
                    F::AnswerUnsaved(chancery::app::UnsavedAnswer::Discard).into()
                },
                |_| F::AnswerUnsaved(chancery::app::UnsavedAnswer::Discard).into(),
                "Nothing is waiting for an answer",
            ),
        },
        Kind::Record(k) => match k {
            RecordCommandKind::DeleteOpened => both(
                |fx| {
                    fx.step(R::OpenRecord(fx.first));
                    R::DeleteOpened.into()
                },
                |_| R::DeleteOpened.into(),
                NOTHING_OPEN,
            ),
            RecordCommandKind::RestoreOpened => both(
                |fx| {
                    fx.step(R::OpenRecord(fx.first));
                    fx.step(R::DeleteOpened);
                    R::RestoreOpened.into()
                },
                |fx| {
                    fx.step(R::OpenRecord(fx.first));
                    R::RestoreOpened.into()
                },
                "The open record is not in the Trash",
            ),
            RecordCommandKind::EmptyTrash => both(
                |fx| {
                    fx.step(R::OpenRecord(fx.first));
                    fx.step(R::DeleteOpened);
                    R::EmptyTrash.into()
                },
                |_| R::EmptyTrash.into(),
                "The Trash is empty",
            ),
            RecordCommandKind::ConfirmEmptyTrash => both(
                |fx| {
                    fx.step(R::OpenRecord(fx.first));
                    fx.step(R::DeleteOpened);
                    fx.step(R::EmptyTrash);
                    R::ConfirmEmptyTrash.into()
                },
                |_| R::ConfirmEmptyTrash.into(),
                "The Trash is empty",
            ),
            RecordCommandKind::Undo => both(
                |fx| {
                    fx.step(created(RecordKind::Place));
                    R::Undo.into()
                },
                |fx| {
                    fx.step(created(RecordKind::Place));
                    fx.step(F::NewRecord(RecordKind::Place));
                    R::Undo.into()
                },
                FORM_OPEN,
            ),
            RecordCommandKind::Redo => both(
                |fx| {
                    fx.step(created(RecordKind::Place));
                    fx.step(R::Undo);
                    R::Redo.into()
                },
                |fx| {
                    fx.step(created(RecordKind::Place));
                    R::Redo.into()
                },
                "Nothing to redo",
            ),
            RecordCommandKind::OpenRecord => allow(|fx| R::OpenRecord(fx.first).into()),
            RecordCommandKind::ShowMoreBacklinks => Case {
                may_change_nothing: true,
                ..allow(|fx| {
                    let uuids: Vec<Uuid> = fx.app.results().hits.iter().map(|h| h.uuid).collect();
                    let mut relation = None;
                    for uuid in uuids {
                        fx.step(R::OpenRecord(uuid));
                        relation = fx.app.opened().and_then(|o| o.backlinks.first());
                        if let Some(group) = relation {
                            relation = Some(group);
                            break;
                        }
                    }
                    let relation = relation.expect("a record with references").relation.clone();
                    R::ShowMoreBacklinks(relation).into()
                })
            },
            RecordCommandKind::Back => both(
                |fx| {
                    fx.step(R::OpenRecord(fx.first));
                    fx.step(R::OpenRecord(fx.second));
                    R::Back.into()
                },
                |_| R::Back.into(),
                "Nothing to go back to",
            ),
            RecordCommandKind::Forward => both(
                |fx| {
                    fx.step(R::OpenRecord(fx.first));
                    fx.step(R::OpenRecord(fx.second));
                    fx.step(R::Back);
                    R::Forward.into()
                },
                |fx| {
                    fx.step(R::OpenRecord(fx.first));
                    R::Forward.into()
                },
                "Nothing to go forward to",
            ),
        },
        Kind::Capture(k) => match k {
            CaptureCommandKind::OpenCapture => both(
                |_| CaptureCommand::OpenCapture.into(),
                |fx| {
                    fx.read_report();
                    let key = fx.first_proposal();
                    fx.step(CaptureCommand::EditProposed(key));
                    CaptureCommand::OpenCapture.into()
                },
                "Save or close the form of the proposal first: the capture waits for it",
            ),
            CaptureCommandKind::ReadCapture => both(
                |fx| {
                    fx.step(CaptureCommand::OpenCapture);
                    CaptureCommand::ReadCapture(Box::new(CaptureInput {
                        text: "Lavrov met Rubio in Riyadh on Tuesday.".into(),
                        ..CaptureInput::default()
                    }))
                    .into()
                },
                |fx| {
                    fx.step(CaptureCommand::OpenCapture);
                    CaptureCommand::ReadCapture(Box::default()).into()
                },
                "Paste a report first",
            ),
            CaptureCommandKind::ToggleProposed => both(
                |fx| {
                    fx.read_report();
                    CaptureCommand::ToggleProposed(fx.first_proposal()).into()
                },
                |_| CaptureCommand::ToggleProposed(DraftKey::Meeting(0)).into(),
                NOTHING_READ,
            ),
            CaptureCommandKind::ChooseName => both(
                |fx| {
                    fx.read_report();
                    let actor = fx.actor;
                    CaptureCommand::ChooseName(0, NameChoice::Same(actor)).into()
                },
                |_| {
                    CaptureCommand::ChooseName(
                        0,
                        NameChoice::New(chancery::model::capture::names::Guess::Person),
                    )
                    .into()
                },
                "No such name was found",
            ),
            CaptureCommandKind::FocusDraft => both(
                |fx| {
                    fx.read_report();
                    CaptureCommand::FocusDraft(Some(fx.first_proposal())).into()
                },
                |_| CaptureCommand::FocusDraft(None).into(),
                NOTHING_READ,
            ),
            CaptureCommandKind::EditProposed => both(
                |fx| {
                    fx.read_report();
                    CaptureCommand::EditProposed(fx.first_proposal()).into()
                },
                |_| CaptureCommand::EditProposed(DraftKey::Meeting(0)).into(),
                "No such proposal",
            ),
            CaptureCommandKind::PointDraft => both(
                |fx| {
                    fx.read_report();
                    CaptureCommand::PointDraft(DraftKey::Meeting(0), Some(fx.meeting)).into()
                },
                |fx| CaptureCommand::PointDraft(DraftKey::Meeting(0), Some(fx.meeting)).into(),
                NOTHING_READ,
            ),
            CaptureCommandKind::SaveCapture => both(
                |fx| {
                    fx.read_report();
                    CaptureCommand::SaveCapture.into()
                },
                |fx| {
                    fx.step(CaptureCommand::OpenCapture);
                    CaptureCommand::SaveCapture.into()
                },
                "Read the text first",
            ),
        },
        Kind::List(k) => match k {
            ListCommandKind::FocusSearch => allow(|_| L::FocusSearch.into()),
            ListCommandKind::SetSearchText => allow(|_| L::SetSearchText("Lavrov".into()).into()),
            ListCommandKind::SetFilters => allow(|_| {
                L::SetFilters(Filters {
                    from: Some("2025".into()),
                    ..Filters::default()
                })
                .into()
            }),
            ListCommandKind::SetOrder => allow(|_| L::SetOrder(SortOrder::Title).into()),
            ListCommandKind::SetExactSpelling => allow(|_| L::SetExactSpelling(true).into()),
            ListCommandKind::ShowKind => allow(|_| L::ShowKind(Some(RecordKind::Actor)).into()),
            ListCommandKind::ShowTrash => allow(|_| L::ShowTrash.into()),
            ListCommandKind::ToggleFilters => allow(|_| L::ToggleFilters.into()),
            ListCommandKind::LoadMore => both(
                |fx| {
                    *fx = Fx::with(|store| {
                        for i in 0..120 {
                            store
                                .insert(common::topic(&format!("Topic {i}")))
                                .expect("a topic");
                        }
                    });
                    L::LoadMore.into()
                },
                |_| L::LoadMore.into(),
                "Every result is loaded",
            ),
            ListCommandKind::AskSearchName => both(
                |fx| {
                    fx.step(L::SetSearchText("Lavrov".into()));
                    L::AskSearchName.into()
                },
                |_| L::AskSearchName.into(),
                "Type a search or set a filter first",
            ),
            ListCommandKind::SaveSearch => both(
                |fx| {
                    fx.step(L::SetSearchText("Lavrov".into()));
                    L::SaveSearch("Lavrov".into()).into()
                },
                |fx| {
                    fx.step(L::SetSearchText("Lavrov".into()));
                    L::SaveSearch(" ".into()).into()
                },
                "Give the search a name",
            ),
            ListCommandKind::ApplySaved => both(
                |fx| {
                    fx.step(L::SetSearchText("Lavrov".into()));
                    fx.step(L::SaveSearch("Lavrov".into()));
                    fx.step(L::SetSearchText(String::new()));
                    L::ApplySaved("lavrov".into()).into()
                },
                |_| L::ApplySaved("nobody".into()).into(),
                "No saved search has that name",
            ),
            ListCommandKind::DeleteSaved => allow(|fx| {
                fx.step(L::SetSearchText("Lavrov".into()));
                fx.step(L::SaveSearch("Lavrov".into()));
                L::DeleteSaved("Lavrov".into()).into()
            }),
        },
        Kind::Selection(k) => match k {
            SelectionCommandKind::ClickRow => allow(|_| {
                S::ClickRow {
                    index: 0,
                    mods: ClickMods::default(),
                }
                .into()
            }),
            SelectionCommandKind::SelectAllMatching => both(
                |_| S::SelectAllMatching.into(),
                |fx| {
                    fx.step(S::SelectAllMatching);
                    S::SelectAllMatching.into()
                },
                "Every matching record is selected",
            ),
            SelectionCommandKind::SelectRecords => {
                allow(|fx| S::SelectRecords(vec![(fx.first, RecordKind::Actor, "A".into())]).into())
            }
            SelectionCommandKind::AddOpenedToSelection => both(
                |fx| {
                    fx.step(R::OpenRecord(fx.first));
                    S::AddOpenedToSelection.into()
                },
                |_| S::AddOpenedToSelection.into(),
                NOTHING_OPEN,
            ),
            SelectionCommandKind::Deselect => allow(|fx| {
                fx.step(R::OpenRecord(fx.first));
                fx.step(S::AddOpenedToSelection);
                S::Deselect(fx.first).into()
            }),
            SelectionCommandKind::RemoveSelectedSearch => allow(|fx| {
                fx.step(S::SelectAllMatching);
                S::RemoveSelectedSearch(0).into()
            }),
            SelectionCommandKind::ClearSelection => both(
                |fx| {
                    fx.step(S::SelectAllMatching);
                    S::ClearSelection.into()
                },
                |_| S::ClearSelection.into(),
                "Nothing is selected",
            ),
            SelectionCommandKind::RestoreSelection => both(
                |fx| {
                    fx.step(S::SelectAllMatching);
                    fx.step(S::ClearSelection);
                    S::RestoreSelection.into()
                },
                |_| S::RestoreSelection.into(),
                "No selection was cleared since the last one was made",
            ),
        },
        Kind::View(k) => match k {
            ViewCommandKind::ShowView => {
                allow(|_| ViewCommand::ShowView(MainView::Timeline).into())
            }
            ViewCommandKind::ExpandNode => allow(|fx| {
                fx.step(R::OpenRecord(fx.meeting));
                fx.step(ViewCommand::ShowView(MainView::Network));
                fx.app.poll();
                ViewCommand::ExpandNode(fx.actor).into()
            }),
            ViewCommandKind::SetTimelineLanes => {
                allow(|fx| ViewCommand::SetTimelineLanes(vec![fx.actor]).into())
            }
            ViewCommandKind::SavePictureAs => both(
                |fx| {
                    fx.step(ViewCommand::ShowView(MainView::Timeline));
                    ViewCommand::SavePictureAs.into()
                },
                |_| ViewCommand::SavePictureAs.into(),
                "Show the timeline or the network first",
            ),
            ViewCommandKind::SavePicture => both(
                |fx| {
                    fx.step(ViewCommand::ShowView(MainView::Timeline));
                    fx.step(ViewCommand::SavePictureAs);
                    picture(fx.path("timeline.svg"))
                },
                |fx| picture(fx.path("timeline.svg")),
                "Open Save picture… first",
            ),
        },
        Kind::Exchange(k) => match k {
            ExchangeCommandKind::ExportSelection => both(
                |fx| {
                    fx.step(S::SelectAllMatching);
                    E::ExportSelection.into()
                },
                |_| E::ExportSelection.into(),
                "Nothing is selected",
            ),
            ExchangeCommandKind::ExportEverything => allow(|_| E::ExportEverything.into()),
            ExchangeCommandKind::ExportOpened => both(
                |fx| {
                    fx.step(R::OpenRecord(fx.meeting));
                    E::ExportOpened.into()
                },
                |_| E::ExportOpened.into(),
                NOTHING_OPEN,
            ),
            ExchangeCommandKind::Import => allow(|_| E::Import.into()),
            ExchangeCommandKind::CountExport => allow(|fx| {
                fx.step(E::ExportEverything);
                E::CountExport(Closure::Direct).into()
            }),
            ExchangeCommandKind::StartExport => both(
                |fx| export_to(fx.path("all.json")),
                |_| export_to(std::path::PathBuf::new()),
                "Give a path to write to",
            ),
            ExchangeCommandKind::StartImport => both(
                |fx| {
                    let bundle = fx.path("example.json");
                    std::fs::write(&bundle, chancery::exchange::EXAMPLE_BUNDLE).expect("written");
                    import_from(bundle)
                },
                |_| import_from(std::path::PathBuf::new()),
                "Give a path to read from",
            ),
            ExchangeCommandKind::CancelJob => both(
                |fx| {
                    let out = export_to(fx.path("all.json"));
                    fx.app.apply(out).expect("the export starts");
                    E::CancelJob.into()
                },
                |_| E::CancelJob.into(),
                "No export or import is running",
            ),
            ExchangeCommandKind::LoadExample => allow(|_| E::LoadExample.into()),
            ExchangeCommandKind::ExportAs => allow(|_| E::ExportAs(Format::Stix).into()),
            ExchangeCommandKind::ImportMappedCsv => allow(|_| E::ImportMappedCsv.into()),
            ExchangeCommandKind::ReadCsvSample => both(
                |fx| E::ReadCsvSample(fx.csv()).into(),
                |_| E::ReadCsvSample(std::path::PathBuf::new()).into(),
                "Give a path to read from",
            ),
            ExchangeCommandKind::LoadMappingPreset => both(
                |fx| {
                    let preset = fx.path("meetings.toml");
                    std::fs::write(&preset, MEETING_PRESET).expect("written");
                    E::LoadMappingPreset(preset).into()
                },
                |_| E::LoadMappingPreset(std::path::PathBuf::new()).into(),
                "Give a path to read from",
            ),
            ExchangeCommandKind::SaveMappingPreset => both(
                |fx| {
                    E::SaveMappingPreset {
                        path: fx.path("saved.toml"),
                        mapping: Box::new(meeting_mapping()),
                    }
                    .into()
                },
                |fx| {
                    E::SaveMappingPreset {
                        path: fx.path("saved.toml"),
                        mapping: Box::default(),
                    }
                    .into()
                },
                "Choose what each row makes first",
            ),
            ExchangeCommandKind::StartMappedImport => both(
                |fx| {
                    E::StartMappedImport {
                        path: fx.csv(),
                        mapping: Box::new(meeting_mapping()),
                        dry_run: true,
                        rejected: None,
                    }
                    .into()
                },
                |_| {
                    E::StartMappedImport {
                        path: std::path::PathBuf::new(),
                        mapping: Box::new(meeting_mapping()),
                        dry_run: true,
                        rejected: None,
                    }
                    .into()
                },
                "Give a path to read from",
            ),
        },
        Kind::Backup(k) => match k {
            BackupCommandKind::ShowBackups => allow(|_| B::ShowBackups.into()),
            BackupCommandKind::BackUpNow => allow(|_| B::BackUpNow.into()),
            BackupCommandKind::RestoreBackup => both(
                |fx| {
                    fx.step(B::BackUpNow);
                    B::RestoreBackup(fx.app.backups()[0].path.clone()).into()
                },
                |fx| {
                    fx.step(F::NewRecord(RecordKind::Place));
                    B::RestoreBackup(fx.path("a backup.db")).into()
                },
                FORM_OPEN,
            ),
        },
        Kind::Team(k) => {
            use chancery::app::{ConflictChoice, TeamCommand as T};
            const NOT_SHARED: &str = "This knowledge base is not shared with a team (File → Team)";
            match k {
                TeamCommandKind::ShowTeam => allow(|_| T::ShowTeam.into()),
                TeamCommandKind::SyncNow => Case {
                    may_change_nothing: true,
                    ..both(
                        |fx| {
                            *fx = Fx::with(link_to_absent_server);
                            T::SyncNow.into()
                        },
                        |_| T::SyncNow.into(),
                        NOT_SHARED,
                    )
                },
                TeamCommandKind::Share => both(
                    |_| {
                        T::Share {
                            address: ABSENT_SERVER.into(),
                        }
                        .into()
                    },
                    |_| {
                        T::Share {
                            address: " ".into(),
                        }
                        .into()
                    },
                    "Give the server's address",
                ),
                TeamCommandKind::Join => both(
                    |fx| {
                        T::Join {
                            address: ABSENT_SERVER.into(),
                            file: fx.path("joined.db"),
                        }
                        .into()
                    },
                    |_| {
                        T::Join {
                            address: ABSENT_SERVER.into(),
                            file: std::path::PathBuf::new(),
                        }
                        .into()
                    },
                    "Give the new file's path",
                ),
                TeamCommandKind::Resolve => both(
                    |fx| {
                        *fx = Fx::with(conflict_on_first_actor);
                        fx.step(T::ShowTeam);
                        let uuid = fx.app.team_conflicts()[0].conflict.uuid;
                        T::Resolve {
                            uuid,
                            choice: ConflictChoice::KeepMine,
                        }
                        .into()
                    },
                    |_| {
                        T::Resolve {
                            uuid: Uuid::nil(),
                            choice: ConflictChoice::TakeTheirs,
                        }
                        .into()
                    },
                    "No such conflict",
                ),
                TeamCommandKind::ShowHistory => both(
                    |fx| {
                        *fx = Fx::with(link_to_absent_server);
                        fx.step(R::OpenRecord(fx.first));
                        T::ShowHistory.into()
                    },
                    |_| T::ShowHistory.into(),
                    NOT_SHARED,
                ),
                TeamCommandKind::RestoreVersion => Case {
                    may_change_nothing: true,
                    ..both(
                        |fx| {
                            *fx = Fx::with(link_to_absent_server);
                            T::RestoreVersion {
                                uuid: fx.first,
                                version: 1,
                            }
                            .into()
                        },
                        |fx| {
                            T::RestoreVersion {
                                uuid: fx.first,
                                version: 1,
                            }
                            .into()
                        },
                        NOT_SHARED,
                    )
                },
            }
        }
        Kind::Duplicates(k) => match k {
            DuplicateCommandKind::Answer => both(
                |fx| {
                    let (a, b) = fx.lavrovs();
                    D::Answer {
                        a,
                        b,
                        verdict: Verdict::Same,
                    }
                    .into()
                },
                |fx| {
                    D::Answer {
                        a: fx.actor,
                        b: fx.actor,
                        verdict: Verdict::Same,
                    }
                    .into()
                },
                "Choose two different records",
            ),
            DuplicateCommandKind::ShowPair => both(
                |fx| {
                    fx.lavrovs();
                    fx.insert(common::actor("Sergei Lavrov", ActorKind::Person));
                    fx.step(chancery::app::DuplicateCommand::Rescan);
                    assert!(fx.app.duplicate_queue().unwrap().all().count() >= 2);
                    D::ShowPair(1).into()
                },
                |_| D::ShowPair(99).into(),
                "There is no such pair",
            ),
            DuplicateCommandKind::Separate => both(
                |fx| {
                    let (a, b) = fx.lavrovs();
                    fx.step(D::Answer {
                        a,
                        b,
                        verdict: Verdict::Same,
                    });
                    fx.step(R::OpenRecord(a));
                    D::Separate(b).into()
                },
                |fx| D::Separate(fx.actor).into(),
                "Open a merged record first",
            ),
            DuplicateCommandKind::TakeField => both(
                |fx| {
                    let (a, b) = fx.lavrovs();
                    fx.step(D::Answer {
                        a,
                        b,
                        verdict: Verdict::Same,
                    });
                    fx.step(R::OpenRecord(a));
                    D::TakeField {
                        canonical: a,
                        from: b,
                        field: "Description".into(),
                    }
                    .into()
                },
                |fx| {
                    let (a, b) = fx.lavrovs();
                    D::TakeField {
                        canonical: a,
                        from: b,
                        field: "Description".into(),
                    }
                    .into()
                },
                "Open the merged record first",
            ),
            DuplicateCommandKind::Rescan => allow(|_| D::Rescan.into()),
        },
        Kind::Window(k) => match k {
            WindowCommandKind::Quit => allow(|_| W::Quit.into()),
            WindowCommandKind::ToggleTheme => allow(|_| W::ToggleTheme.into()),
            WindowCommandKind::SetTheme => {
                allow(|_| W::SetTheme(chancery::app::Theme::Dark).into())
            }
            WindowCommandKind::OpenPalette => allow(|_| W::OpenPalette.into()),
            WindowCommandKind::CloseDialog => allow(|fx| {
                fx.step(W::OpenPalette);
                W::CloseDialog.into()
            }),
            WindowCommandKind::AskFile => allow(|_| W::AskFile { create: false }.into()),
            WindowCommandKind::OpenFile => both(
                |fx| {
                    W::OpenFile {
                        path: fx.path("another.db"),
                        create: true,
                    }
                    .into()
                },
                |_| {
                    W::OpenFile {
                        path: std::path::PathBuf::new(),
                        create: false,
                    }
                    .into()
                },
                "Give the file's path",
            ),
            WindowCommandKind::DismissMessage => allow(|fx| {
                fx.step(E::LoadExample);
                let id = fx.app.messages().last().expect("a message").id;
                W::DismissMessage(id).into()
            }),
        },
    }
}

fn created(kind: RecordKind) -> Command {
    FormCommand::CreateNamed {
        kind,
        name: "Aleppo".into(),
        uuid: Uuid::new_v4(),
        actor_kind: None,
        source: Default::default(),
    }
    .into()
}

fn place_path(parts: &[&str]) -> Command {
    FormCommand::CreatePlacePath {
        parts: parts.iter().map(|p| p.to_string()).collect(),
        uuid: Uuid::new_v4(),
    }
    .into()
}

fn picture(path: std::path::PathBuf) -> Command {
    ViewCommand::SavePicture {
        view: MainView::Timeline,
        picture: std::sync::Arc::new(chancery::model::picture::Picture::new(
            100.0,
            50.0,
            [255, 255, 255, 255],
        )),
        path,
    }
    .into()
}

fn export_to(out: std::path::PathBuf) -> Command {
    ExchangeCommand::StartExport {
        format: Format::Bundle,
        closure: Closure::None,
        out,
        bom: false,
        replace: false,
        scope: chancery::app::ExportScope::Everything,
    }
    .into()
}

/// A mapping making a meeting of each row of `Fx::csv`.
const MEETING_PRESET: &str = "kind = \"meeting\"\n[fields.meeting.title]\ncolumn = \"Event\"\n";

fn meeting_mapping() -> chancery::exchange::mapping::preset::Mapping {
    chancery::exchange::mapping::preset::Mapping::from_toml(MEETING_PRESET).expect("a mapping")
}

fn import_from(path: std::path::PathBuf) -> Command {
    ExchangeCommand::StartImport {
        path,
        options: ImportOptions {
            dry_run: true,
            ..ImportOptions::default()
        },
    }
    .into()
}

#[test]
fn every_command_does_what_can_promised() {
    let kinds = every_kind();
    assert!(kinds.len() >= 72, "{} commands listed", kinds.len());
    for kind in kinds {
        let case = case(kind);
        // Allowed: `can` says yes, `apply` does it, and something changes.
        let mut fx = Fx::new();
        let command = (case.allow)(&mut fx);
        assert_eq!(fx.app.can(&command), Ok(()), "{kind:?}: {command:?}");
        let before = state(&fx.app);
        assert_eq!(fx.app.apply(command.clone()), Ok(()), "{kind:?}");
        fx.settle();
        if !case.may_change_nothing {
            assert!(
                state(&fx.app) != before,
                "{kind:?}: {command:?} changed nothing"
            );
        }
        // Named: a command the user runs by name is in the table, any other has a name.
        let in_table = command_table().iter().any(|e| e.command == command);
        match command.traits().origin {
            Origin::User => assert!(in_table, "{kind:?} is the user's but not in the table"),
            Origin::View => assert!(!in_table, "{kind:?} is a view's but in the table"),
        }
        assert!(!command_name(&command).is_empty(), "{kind:?} has no name");
        // A command that opens a dialog waits while another is open.
        if command.traits().opens_dialog {
            let mut fx = Fx::new();
            let command = (case.allow)(&mut fx);
            if fx.app.dialog().is_none() {
                fx.step(ExchangeCommand::Import);
            }
            assert_refused(&mut fx, &command, "Close the open dialog first", kind);
        }
        // Refused: the exact reason, and nothing changes.
        if let Some((build, reason)) = case.refuse {
            let mut fx = Fx::new();
            let command = build(&mut fx);
            assert_refused(&mut fx, &command, reason, kind);
        }
    }
}

fn assert_refused(fx: &mut Fx, command: &Command, reason: &'static str, kind: Kind) {
    assert_eq!(
        fx.app.can(command),
        Err(reason.into()),
        "{kind:?}: {command:?}"
    );
    let before = state(&fx.app);
    assert_eq!(
        fx.app.apply(command.clone()),
        Err(reason.into()),
        "{kind:?}"
    );
    fx.settle();
    assert!(
        state(&fx.app) == before,
        "{kind:?}: refused, yet something changed"
    );
}

/// A server address nothing listens on.
const ABSENT_SERVER: &str = "host=/nonexistent-chancery-socket dbname=desk user=ana";

/// Makes the file a team's working copy whose server is away (the window syncs in vain).
fn link_to_absent_server(store: &mut chancery::store::Store) {
    store.link_team(ABSENT_SERVER, 0, "ana").expect("links");
}

/// A team copy with a conflict on its first actor: changed here, and by someone else.
fn conflict_on_first_actor(store: &mut chancery::store::Store) {
    link_to_absent_server(store);
    let actor = store.titles(RecordKind::Actor, 1).expect("titles")[0].uuid;
    let mut record = store.get(actor).expect("reads").expect("there");
    if let chancery::model::Record::Actor(a) = &mut record {
        a.description = "mine".into();
    }
    let record = store.update(record).expect("saves");
    let outgoing = store.team_outgoing(10).expect("reads").remove(0);
    let mut theirs = chancery::store::server_doc(&record);
    theirs["description"] = "theirs".into();
    let pulled = chancery::store::Pulled {
        uuid: actor,
        kind: "actor".into(),
        doc: theirs,
        version: 5,
        author: "omar".into(),
        at: "2026-12-05T10:42:00Z".into(),
    };
    store.note_team_conflict(&outgoing, &pulled).expect("notes");
}
