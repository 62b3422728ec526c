//! Commands through the application layer over a real file: every command of the table
//! reaches `apply` and is refused exactly when `can` refuses it; saved searches are found
//! whatever the case; and a form made from any record gives that record back unchanged.

mod common;

use chancery::app::draft::Draft;
use chancery::app::selection::ClickMods;
use chancery::app::{App, Command, today};
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
fn every_command_in_the_table_reaches_apply_as_can_says() {
    let (_dir, mut app) = open_example();
    assert!(app.wait_for_results(Duration::from_secs(10)));
    let first = app.results().hits[0].uuid;
    // Twice through the table: once with nothing open, once with a record open.
    for round in 0..2 {
        if round == 1 {
            app.apply(Command::OpenRecord(first))
                .expect("open a record");
        }
        for entry in command_table() {
            assert!(!entry.label.is_empty());
            let allowed = app.can(&entry.command);
            let applied = app.apply(entry.command.clone());
            assert_eq!(
                allowed, applied,
                "{:?}: apply must do what can allows",
                entry.command
            );
            app.wait_for_job(Duration::from_secs(10));
            app.wait_for_results(Duration::from_secs(10));
        }
    }
    assert!(app.store().check().expect("check").problems.is_empty());
}

#[test]
fn a_refused_command_changes_nothing_and_says_why() {
    let (_dir, mut app) = open_example();
    app.apply(Command::NewRecord(chancery::model::RecordKind::Actor))
        .expect("a form");
    let before = app.draft().cloned();
    let refused = app.apply_or_explain(Command::Undo);
    assert_eq!(refused, Err("A form is open: save or cancel it first"));
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
        app.apply(Command::SaveSearch("Everything".into())),
        Err("Type a search or set a filter first")
    );
    app.apply(Command::SetSearchText("Lavrov".into())).unwrap();
    app.apply(Command::SaveSearch("Lavrov's Talks".into()))
        .unwrap();
    app.apply(Command::SetSearchText(String::new())).unwrap();
    app.apply(Command::ApplySaved("lavrov's TALKS".into()))
        .expect("found ignoring case");
    assert_eq!(app.spec().text, "Lavrov");
    // Names in any script: saving under another case replaces, lookups find it.
    app.apply(Command::SaveSearch("Сирия".into())).unwrap();
    app.apply(Command::SaveSearch("сирия".into())).unwrap();
    assert_eq!(app.saved().len(), 2, "Lavrov's Talks and Сирия");
    app.apply(Command::ApplySaved("СИРИЯ".into()))
        .expect("found in Cyrillic whatever the case");
    app.apply(Command::DeleteSaved("сирия".into())).unwrap();
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
    app.apply(Command::ExportEverything)
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

/// One command of every kind, those carrying data included.
fn one_of_each(first: uuid::Uuid, dir: &std::path::Path) -> Vec<Command> {
    vec![
        Command::NewRecord(RecordKind::Place),
        Command::UpdateDraft(Box::new(Draft::new(RecordKind::Place, today()))),
        Command::CreateNamed {
            kind: RecordKind::Place,
            name: "Aleppo".into(),
            uuid: uuid::Uuid::new_v4(),
            actor_kind: None,
        },
        Command::CreatePlacePath {
            parts: vec!["Citadel".into(), "Aleppo".into()],
            uuid: uuid::Uuid::new_v4(),
        },
        Command::AnswerUnsaved(chancery::app::UnsavedAnswer::KeepEditing),
        Command::SaveDraft,
        Command::CancelDraft,
        Command::OpenRecord(first),
        Command::EditOpened,
        Command::CancelDraft,
        Command::AddOpenedToSelection,
        Command::Deselect(first),
        Command::DeleteOpened,
        Command::RestoreOpened,
        Command::EmptyTrash,
        Command::ConfirmEmptyTrash,
        Command::Undo,
        Command::Redo,
        Command::Back,
        Command::Forward,
        Command::FocusSearch,
        Command::SetSearchText("Lavrov".into()),
        Command::SetFilters(Filters::default()),
        Command::SetOrder(SortOrder::Title),
        Command::ShowKind(Some(RecordKind::Actor)),
        Command::ShowTrash,
        Command::ShowKind(None),
        Command::ToggleFilters,
        Command::LoadMore,
        Command::AskSearchName,
        Command::SaveSearch("Everything".into()),
        Command::ApplySaved("everything".into()),
        Command::DeleteSaved("Everything".into()),
        Command::ClickRow {
            index: 0,
            mods: ClickMods::default(),
        },
        Command::SelectAllMatching,
        Command::RemoveSelectedSearch(0),
        Command::ClearSelection,
        Command::ExportSelection,
        Command::ExportEverything,
        Command::CountExport(Closure::Direct),
        Command::StartExport {
            format: Format::Bundle,
            closure: Closure::None,
            out: dir.join("all.json"),
            bom: false,
            everything: true,
        },
        Command::CancelJob,
        Command::Import,
        Command::StartImport {
            path: dir.join("all.json"),
            options: ImportOptions {
                dry_run: true,
                ..ImportOptions::default()
            },
        },
        Command::LoadExample,
        Command::ToggleTheme,
        Command::SetTheme(chancery::app::Theme::Dark),
        Command::OpenPalette,
        Command::CloseDialog,
        Command::ShowBackups,
        Command::BackUpNow,
        Command::RestoreBackup(dir.join("missing.db")),
        Command::CloseDialog,
        Command::DismissMessage(1),
        Command::Quit,
    ]
}

#[test]
fn every_command_has_a_name_and_reaches_apply() {
    let (dir, mut app) = open_example();
    assert!(app.wait_for_results(Duration::from_secs(10)));
    let first = app.results().hits[0].uuid;
    let mut refused = Vec::new();
    for command in one_of_each(first, dir.path()) {
        assert!(
            !command_name(&command).is_empty(),
            "{command:?} has no name"
        );
        let allowed = app.can(&command);
        let applied = app.apply(command.clone());
        assert_eq!(
            allowed, applied,
            "{command:?}: apply must do what can allows"
        );
        if let Err(reason) = applied {
            refused.push(format!("{}: {reason}", command_name(&command)));
        }
        app.wait_for_job(Duration::from_secs(10));
        app.wait_for_results(Duration::from_secs(10));
    }
    // In this sequence only these cannot run, each for the reason the rules give.
    assert_eq!(
        refused,
        [
            "Answer for the form's changes: Nothing is waiting for an answer",
            "Save record: Fix the fields marked in red first",
            "Empty Trash…: The Trash is empty",
            "Empty Trash: The Trash is empty",
            "Back: Nothing to go back to",
            "Forward: Nothing to go forward to",
            "Load more results: Every result is loaded",
            "Clear selection: Nothing is selected",
            "Export selection…: Nothing is selected",
            "Cancel export or import: No export or import is running",
            "Import…: Close the open dialog first",
            "Command palette…: Close the open dialog first",
        ]
    );
    assert!(dir.path().join("all.json").exists(), "the export ran");
    assert!(app.store().check().expect("check").problems.is_empty());
}
