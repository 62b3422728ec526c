//! The window keeps up with the user (issue 23): focus follows each pick, the search says what
//! it searches, every name of an actor finds what refers to it, places read as chains, the
//! selection is kept, and a dossier leaves in one step. Each test is one finding of the
//! hands-on trial, and failed before its fix.

mod common;
mod kit;
use chancery::model::RecordKind;
use chancery::ui::Gui;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use kit::*;

fn example_window(dir: &std::path::Path) -> Harness<'static, Gui> {
    let path = example_file(dir);
    open_sized(&path, [1280.0, 800.0])
}

fn focused_label(h: &Harness<'static, Gui>) -> Option<String> {
    h.query_all_by(|n| n.is_focused())
        .next()
        .and_then(|n| n.accesskit_node().label())
}

/// Finding 10: words typed while a kind is chosen in the sidebar searched that kind alone,
/// with no hint. The scope is shown under the box, and one click widens it.
#[test]
fn a_kind_chosen_in_the_sidebar_shows_as_the_search_scope_and_one_click_widens_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = example_window(dir.path());
    click_starting(&mut h, "Actors  (");
    type_into(&mut h, "Search", "territorial integrity");
    assert!(app(&h).results().hits.is_empty());
    assert!(
        has(&h, "No actors match"),
        "the list says which kind it searched"
    );
    click(&mut h, "Search all records, not only actors");
    assert!(app(&h).spec().filters.kinds.is_empty());
    assert!(
        app(&h)
            .results()
            .hits
            .iter()
            .any(|hit| hit.kind == RecordKind::Statement),
        "the statement holding the words is found"
    );
    assert_eq!(
        app(&h).spec().text,
        "territorial integrity",
        "the words stay"
    );
}

/// Finding 1: a kind picked with the mouse left the keyboard nowhere: Tab went to the File
/// menu and the date typed after it was lost. Now the keyboard goes on to the next field.
#[test]
fn a_kind_picked_with_the_mouse_hands_the_keyboard_to_the_date() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = example_window(dir.path());
    press(&mut h, CTRL_SHIFT, Key::M);
    type_into(&mut h, "Title", "Trump and Putin in Alaska");
    choose(&mut h, "Meeting kind", "Summit");
    assert_eq!(focused_label(&h).as_deref(), Some("Date"));
    h.event(egui::Event::Text("2025-08-15".into()));
    settle(&mut h);
    let draft = app(&h).draft().expect("the form is open");
    let date = match &draft.fields {
        chancery::app::draft::Fields::Meeting { date, kind, .. } => {
            assert_eq!(*kind, chancery::model::MeetingKind::Summit);
            date.clone()
        }
        _ => panic!("a meeting form"),
    };
    assert_eq!(date, "2025-08-15", "no key was lost");
}

/// The same by keyboard: Tab to the kind, a letter picks it, Tab goes on to the date.
#[test]
fn a_kind_picked_from_the_keyboard_goes_on_with_tab() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = example_window(dir.path());
    press(&mut h, CTRL_SHIFT, Key::M);
    h.event(egui::Event::Text("Summit".into()));
    press(&mut h, Modifiers::NONE, Key::Tab);
    h.event(egui::Event::Text("s".into()));
    settle(&mut h);
    press(&mut h, Modifiers::NONE, Key::Tab);
    assert_eq!(focused_label(&h).as_deref(), Some("Date"));
}

/// A place picked with the mouse from a picker's suggestions: the keyboard goes on.
#[test]
fn a_place_picked_with_the_mouse_hands_the_keyboard_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = example_window(dir.path());
    press(&mut h, CTRL_SHIFT, Key::M);
    type_into(&mut h, "Place", "Damascus");
    click_suggestion(&mut h, "Damascus");
    let focused = focused_label(&h);
    assert!(
        focused
            .as_deref()
            .is_some_and(|l| l != "Place" && !l.starts_with("File")),
        "the focus is on the field after the place, not {focused:?}"
    );
    assert_eq!(focused.as_deref(), Some("Summary"));
}

/// Finding 2: an actor chosen with Enter in the timeline's lane chooser dropped the focus, and
/// the next name typed was lost. The chooser keeps the keyboard for the next name.
#[test]
fn the_lane_chooser_keeps_the_keyboard_for_the_next_actor() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = example_window(dir.path());
    press(&mut h, CTRL_SHIFT, Key::T);
    type_into(&mut h, "Add a lane for an actor", "Lavrov");
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(app(&h).lane_actors().len(), 1);
    assert_eq!(
        focused_label(&h).as_deref(),
        Some("Add a lane for an actor")
    );
    h.event(egui::Event::Text("Putin".into()));
    settle(&mut h);
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(
        app(&h).lane_actors().len(),
        2,
        "the second name was not lost"
    );
}

/// Finding 3: the unsaved-changes question made Save the default; Enter saved what may be
/// half done. Enter now keeps editing.
#[test]
fn enter_on_the_unsaved_question_keeps_editing() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = example_window(dir.path());
    let before = app(&h).counts().live();
    press(&mut h, CTRL_SHIFT, Key::A);
    h.event(egui::Event::Text("Half a na".into()));
    settle(&mut h);
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert_eq!(app(&h).dialog(), Some(chancery::app::Dialog::Unsaved));
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(app(&h).dialog(), None);
    assert!(app(&h).draft().is_some(), "still editing");
    assert_eq!(app(&h).counts().live(), before, "nothing was saved");
}

/// Finding 6: each member of a delegation needed its side chosen again. The next
/// participant takes the last one's *represents* as a suggestion.
#[test]
fn the_next_participant_takes_the_last_ones_side() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = example_window(dir.path());
    press(&mut h, CTRL_SHIFT, Key::M);
    click(&mut h, "Add participant");
    // Someone the file does not know yet: no side of their own to offer.
    pick(
        &mut h,
        "Participant 1",
        "Yuri Ushakov",
        "New person: “Yuri Ushakov”",
    );
    type_into(&mut h, "Represents 1", "Russia");
    click_suggestion(&mut h, "Russia");
    click(&mut h, "Add participant");
    assert!(has(&h, "Represents 2: Russia"), "the side is carried");
    let draft = app(&h).draft().unwrap();
    let chancery::app::draft::Fields::Meeting { participants, .. } = &draft.fields else {
        panic!("a meeting form");
    };
    assert_eq!(
        participants[1]
            .represents
            .as_ref()
            .map(|c| c.label.as_str()),
        Some("Russia")
    );
}

/// Finding 8: *New statement* with one of a meeting's statements open was not placed at
/// that meeting. It is now, with the meeting's date and sources.
#[test]
fn a_new_statement_from_a_statement_is_placed_at_its_meeting() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_file(dir.path());
    let mut h = open_sized(&path, [1280.0, 800.0]);
    let quote = {
        let store = app(&h).store();
        common::example_uuid(store, RecordKind::Statement, "We want Russia by our side")
    };
    apply(&mut h, chancery::app::RecordCommand::OpenRecord(quote));
    press(&mut h, CTRL_SHIFT, Key::S);
    assert!(
        has(&h, "Meeting: Al Shibani's visit to Moscow"),
        "the new statement is placed at the open statement's meeting"
    );
    let draft = app(&h).draft().unwrap();
    assert!(!draft.citations.is_empty(), "with the meeting's sources");
}

/// Finding 7: a source created from *Cite a source* had only a title; its outlet, date and
/// grade took a second pass. They are typed in the same popup, from the keyboard.
#[test]
fn cite_a_source_creates_it_with_outlet_date_and_grade_in_one_popup() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = example_window(dir.path());
    press(&mut h, CTRL_SHIFT, Key::M);
    click(&mut h, "Cite a source");
    h.event(egui::Event::Text("Trump and Putin meet in Alaska".into()));
    settle(&mut h);
    press(&mut h, Modifiers::NONE, Key::Tab);
    assert_eq!(
        focused_label(&h).as_deref(),
        Some("New source's outlet 1"),
        "Tab goes from the title to the new source's outlet"
    );
    h.event(egui::Event::Text("Reuters".into()));
    settle(&mut h);
    press(&mut h, Modifiers::NONE, Key::Tab);
    h.event(egui::Event::Text("2025-08-16".into()));
    settle(&mut h);
    press(&mut h, Modifiers::NONE, Key::Tab);
    h.event(egui::Event::Text("b".into()));
    settle(&mut h);
    press(&mut h, Modifiers::NONE, Key::Tab);
    press(&mut h, Modifiers::NONE, Key::Enter);
    let draft = app(&h).draft().expect("still in the meeting's form");
    let source = draft.citations[0]
        .source
        .clone()
        .expect("the source is cited");
    let Some(chancery::model::Record::Source(created)) = app(&h).store().get(source.uuid).unwrap()
    else {
        panic!("the source was created");
    };
    assert_eq!(created.title, "Trump and Putin meet in Alaska");
    assert_eq!(created.outlet, "Reuters");
    assert_eq!(
        created.published.as_ref().map(|d| d.edtf()).as_deref(),
        Some("2025-08-16")
    );
    assert_eq!(created.reliability.map(|g| g.letter()), Some("B"));
}

/// Finding 12: the detail pane named a meeting's place by its last name only, and a
/// statement's language by its code. Places read as chains; languages by name.
#[test]
fn the_detail_pane_reads_places_as_chains_and_languages_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_file(dir.path());
    let mut h = open_sized(&path, [1280.0, 800.0]);
    let (talks, quote) = {
        let store = app(&h).store();
        (
            common::example_uuid(
                store,
                RecordKind::Meeting,
                "Russian delegation's talks at Tishreen Palace",
            ),
            common::example_uuid(store, RecordKind::Statement, "We want Russia by our side"),
        )
    };
    apply(&mut h, chancery::app::RecordCommand::OpenRecord(talks));
    assert!(
        has(&h, "Tishreen Palace, Damascus, Syria"),
        "the place with the places it lies in"
    );
    apply(&mut h, chancery::app::RecordCommand::OpenRecord(quote));
    assert!(h.query_by_label("Language:").is_some());
    assert!(
        h.query_by_label("English").is_some(),
        "the language by name"
    );
    assert!(h.query_by_label("en").is_none(), "not by its code");
}

/// Finding 15: a plain click in the list threw away a gathered selection (three records fell
/// to one, no warning, no undo). A plain click opens a record and keeps the selection;
/// clearing it is explicit and can be taken back.
#[test]
fn a_plain_click_keeps_the_gathered_selection_and_clearing_can_be_taken_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = example_window(dir.path());
    click_starting(&mut h, "Statements  (");
    let rows: Vec<String> = app(&h)
        .results()
        .hits
        .iter()
        .map(|x| x.title.clone())
        .collect();
    for row in &rows[..3] {
        h.get_by_label(row).click_modifiers(Modifiers::COMMAND);
        settle(&mut h);
    }
    assert!(has(&h, "3 selected"));
    click(&mut h, &rows[3]);
    assert_eq!(
        app(&h).opened().map(|o| o.title.clone()).as_deref(),
        Some(rows[3].as_str()),
        "the plain click opened the record"
    );
    assert_eq!(app(&h).selection().count(), 3, "and kept the selection");
    assert!(has(&h, "3 selected"));
    click(&mut h, "Clear");
    assert!(app(&h).selection().is_empty());
    click(&mut h, "Bring back the selection (3)");
    assert_eq!(app(&h).selection().count(), 3, "clearing was taken back");
}

/// Finding 14: exporting a meeting "with provenance" took what it refers to and left out what
/// was said at it (16 records, 0 statements). *Export…* on the open meeting writes its
/// dossier — the meeting with everything said at it — in at most 4 actions.
#[test]
fn a_meeting_with_everything_said_at_it_is_exported_in_four_actions() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_file(dir.path());
    let mut h = open_sized(&path, [1280.0, 800.0]);
    click_starting(&mut h, "Meetings  (");
    click(&mut h, "Al Shibani's visit to Moscow");
    let out = dir.path().join("moscow.json");
    let mut actions = 0;
    click(&mut h, "Export this record");
    actions += 1;
    assert!(
        has(&h, "With what refers to them"),
        "the dossier closure is offered"
    );
    replace_text(&mut h, "Export path", out.to_str().unwrap());
    actions += 1;
    h.get_all_by_label("Export")
        .find(|n| n.accesskit_node().role() == Role::Button)
        .expect("the Export button")
        .click();
    actions += 1;
    wait_for_job(&mut h);
    assert!(actions <= 4, "{actions} actions");
    let bundle: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("written")).unwrap();
    let statements = bundle["statements"].as_array().expect("statements");
    assert_eq!(statements.len(), 2, "both statements made at the meeting");
    assert_eq!(bundle["meetings"].as_array().map(Vec::len), Some(1));
    // Their speakers and sources come along (provenance).
    let actors: Vec<&str> = bundle["actors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["name"].as_str())
        .collect();
    assert!(actors.contains(&"Sergey Lavrov") && actors.contains(&"Asaad Al Shibani"));
    assert!(!bundle["sources"].as_array().unwrap().is_empty());
    // The same from the command line.
    let cli_out = dir.path().join("cli.json");
    let meeting = app(&h).opened().unwrap().record.uuid().to_string();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_chancery"))
        .args([
            "--db",
            path.to_str().unwrap(),
            "export",
            "--closure",
            "dossier",
        ])
        .args(["--uuid", &meeting, "--out", cli_out.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    let cli: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&cli_out).unwrap()).unwrap();
    assert_eq!(cli["statements"].as_array().map(Vec::len), Some(2));
}

/// The lane chooser by mouse: a suggestion clicked adds the lane and the chooser keeps the
/// keyboard for the next name, as with Enter.
#[test]
fn the_lane_chooser_keeps_the_keyboard_after_a_click_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = example_window(dir.path());
    press(&mut h, CTRL_SHIFT, Key::T);
    type_into(&mut h, "Add a lane for an actor", "Lavrov");
    click_suggestion(&mut h, "Sergey Lavrov");
    assert_eq!(app(&h).lane_actors().len(), 1);
    assert_eq!(
        focused_label(&h).as_deref(),
        Some("Add a lane for an actor")
    );
    h.event(egui::Event::Text("Putin".into()));
    settle(&mut h);
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(app(&h).lane_actors().len(), 2, "the next name was not lost");
}
