//! The desktop app driven like a person would, through AccessKit labels (egui_kittest, no
//! display, no GPU), over real files: entering the example article by hand and finding it
//! again, multi-select, validation, Trash, undo/redo, filters and saved searches.

mod kit;
use chancery::model::{Record, RecordKind};
use chancery::ui::Gui;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use kit::*;

#[test]
fn enter_the_example_article_by_hand_then_find_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.db");
    let mut h = open(&path);
    assert!(has(&h, "Welcome to Chancery"));

    click(&mut h, "New actor");
    type_into(&mut h, "Name", "Asaad Al Shibani");
    click(&mut h, "Save");
    new_record(&mut h, "actor");
    type_into(&mut h, "Name", "Alexander Novak");
    click(&mut h, "Save");
    assert_eq!(app(&h).counts().of(RecordKind::Actor), 2);

    // The meeting, with a place created on the spot and both participants with roles.
    new_record(&mut h, "meeting");
    type_into(&mut h, "Title", "Talks at Tishreen Palace");
    type_into(&mut h, "Date", "2025-09-09");
    pick(&mut h, "Place", "Damascus", "New place: “Damascus”");
    click(&mut h, "Add participant");
    pick(&mut h, "Participant 1", "Shaibani", "Asaad Al Shibani");
    click(&mut h, "Role 1: Host");
    click(&mut h, "Add participant");
    pick(&mut h, "Participant 2", "Novak", "Alexander Novak");
    click(&mut h, "Role 2: Head of delegation");
    click(&mut h, "Role 2: Visitor");
    click(&mut h, "Save");
    let Some(Record::Meeting(meeting)) = app(&h).opened().map(|o| o.record.clone()) else {
        panic!("the saved meeting is open");
    };
    assert_eq!(meeting.participants.len(), 2);
    use chancery::model::Role as Part;
    assert_eq!(meeting.participants[0].roles, [Part::Host]);
    assert_eq!(
        meeting.participants[1].roles,
        [Part::Visitor, Part::HeadOfDelegation]
    );
    assert!(meeting.place.is_some());

    // The source, graded B.
    new_record(&mut h, "source");
    type_into(&mut h, "Title", "Russian delegation visits Damascus");
    choose(&mut h, "Reliability", "B – usually reliable");
    click(&mut h, "Save");

    // The statement, cited to the source via SANA (created on the spot).
    new_record(&mut h, "statement");
    type_into(&mut h, "Text", "We want Russia by our side");
    pick(&mut h, "Speaker", "Shibani", "Asaad Al Shibani");
    click(&mut h, "Cite a source");
    pick(
        &mut h,
        "Source 1",
        "Russian delegation",
        "Russian delegation visits Damascus",
    );
    assert!(
        has(&h, "[B]"),
        "the source's grade shows beside the citation"
    );
    pick(&mut h, "Via 1", "SANA", "New source: “SANA”");
    click(&mut h, "Save");
    assert_eq!(app(&h).counts().of(RecordKind::Statement), 1);

    // Find it again by another spelling, and open it from the results.
    type_into(&mut h, "Search", "Shaibani");
    let kinds: Vec<RecordKind> = app(&h).results().hits.iter().map(|x| x.kind).collect();
    assert_eq!(
        kinds.first(),
        Some(&RecordKind::Actor),
        "grouped: actors first"
    );
    let group = |k: &RecordKind| {
        [
            RecordKind::Actor,
            RecordKind::Meeting,
            RecordKind::Statement,
            RecordKind::Source,
            RecordKind::Place,
            RecordKind::Topic,
            RecordKind::Link,
        ]
        .iter()
        .position(|x| x == k)
    };
    assert!(
        kinds.windows(2).all(|w| group(&w[0]) <= group(&w[1])),
        "grouped by kind: {kinds:?}"
    );
    click(&mut h, "Asaad Al Shibani: We want Russia by our side");
    let opened = app(&h).opened().cloned().expect("opened from the results");
    let Record::Statement(st) = &opened.record else {
        panic!("a statement is open")
    };
    assert_eq!(st.text, "We want Russia by our side");
    assert!(st.meta.citations[0].via.is_some(), "cited via SANA");
    assert!(has(&h, "via"));
}

#[test]
fn multi_select_shows_the_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open(&dir.path().join("kb.db"));
    click(&mut h, "Load example data");
    click(&mut h, "Statements  (4)");
    let rows: Vec<String> = app(&h)
        .results()
        .hits
        .iter()
        .map(|x| x.title.clone())
        .collect();
    assert_eq!(rows.len(), 4);
    // A plain click opens the record and selects nothing.
    click(&mut h, &rows[0]);
    assert!(app(&h).selection().is_empty());
    // Shift+click selects the range from the row clicked last.
    h.get_by_label(&rows[2])
        .click_modifiers(egui::Modifiers::SHIFT);
    settle(&mut h);
    assert!(has(&h, "3 selected"));
    // Ctrl+click takes one out again.
    h.get_by_label(&rows[1])
        .click_modifiers(egui::Modifiers::COMMAND);
    settle(&mut h);
    assert!(has(&h, "2 selected"));
    assert_eq!(app(&h).selection().count(), 2);
    // Review the selection in the sidebar and prune one record.
    click(&mut h, "Review");
    click(&mut h, &format!("Remove {} from the selection", rows[0]));
    assert!(has(&h, "1 selected"));
    click(&mut h, "Select all matching");
    assert!(has(&h, "4 selected"));
}

#[test]
fn an_invalid_date_blocks_save_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open(&dir.path().join("kb.db"));
    click(&mut h, "New meeting");
    type_into(&mut h, "Title", "Talks");
    type_into(&mut h, "Date", "the 45th of Smarch");
    assert!(has(&h, "⚠"), "the reason shows beside the field's caption");
    let save = h.get_by_label("Save");
    assert!(save.accesskit_node().is_disabled(), "Save is disabled");
    save.click();
    settle(&mut h);
    assert_eq!(app(&h).counts().live(), 0, "nothing was written");
    // A readable date enables Save and shows its meaning.
    replace_text(&mut h, "Date", "2025-07");
    assert!(has(&h, "July 2025"));
    assert!(!h.get_by_label("Save").accesskit_node().is_disabled());
}

#[test]
fn delete_find_in_trash_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open(&dir.path().join("kb.db"));
    click(&mut h, "Load example data");
    click(&mut h, "Actors  (11)");
    click(&mut h, "Sergey Lavrov");
    click(&mut h, "Delete this record");
    assert_eq!(app(&h).counts().trash, 1);
    click(&mut h, "Trash  (1)");
    assert_eq!(app(&h).results().hits.len(), 1);
    click(&mut h, "Sergey Lavrov");
    assert!(has(&h, "In the Trash"));
    click(&mut h, "Restore this record");
    assert_eq!(app(&h).counts().trash, 0);
    assert_eq!(app(&h).counts().of(RecordKind::Actor), 11);
}

#[test]
fn undo_and_redo_an_edit() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open(&dir.path().join("kb.db"));
    click(&mut h, "Load example data");
    click(&mut h, "Actors  (11)");
    rename_lavrov(&mut h);
    let name_now = |h: &Harness<'static, Gui>| app(h).opened().map(|o| o.record.name().to_string());
    assert_eq!(name_now(&h).as_deref(), Some("Sergei Lavrov"));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    settle(&mut h);
    assert_eq!(name_now(&h).as_deref(), Some("Sergey Lavrov"));
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    settle(&mut h);
    assert_eq!(name_now(&h).as_deref(), Some("Sergei Lavrov"));
}

#[test]
fn filters_narrow_the_list_and_a_saved_search_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.db");
    let mut h = open(&path);
    click(&mut h, "Load example data");
    click(&mut h, "Meetings  (4)");
    assert_eq!(app(&h).results().total, 4);
    click(&mut h, "Filters");
    pick(&mut h, "Filter actor", "Lavrov", "Sergey Lavrov");
    assert_eq!(app(&h).results().total, 1);
    assert!(has(&h, "actor: Sergey Lavrov"));
    click(&mut h, "Save search…");
    type_into(&mut h, "Saved search name", "Lavrov's meetings");
    click(&mut h, "Save");
    drop(h);

    let mut h = open(&path);
    assert!(has(&h, "Lavrov's meetings"));
    click(&mut h, "🔎 Lavrov's meetings");
    assert_eq!(app(&h).results().total, 1);
    assert_eq!(
        app(&h).results().hits[0].title,
        "Al Shibani's visit to Moscow"
    );
}

#[test]
fn a_file_that_cannot_be_opened_shows_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    std::fs::write(&path, "not a database at all".repeat(300)).unwrap();
    let gui = Gui::open(path.clone(), std::sync::Arc::new(|| {}));
    let mut h = Harness::builder()
        .with_size([1000.0, 700.0])
        .build_ui_state(|ui, gui: &mut Gui| gui.ui(ui), gui);
    h.run();
    assert!(has(&h, "Chancery cannot open this knowledge base"));
    assert!(has(&h, "not a SQLite database"));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        "not a database at all".repeat(300).into_bytes()
    );
}

/// Waits for a background export or import to finish.
#[test]
fn select_export_with_provenance_and_import_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open(&dir.path().join("kb.db"));
    click(&mut h, "Load example data");

    // Three statements, then (in another view) a meeting added with Ctrl+click.
    click(&mut h, "Statements  (4)");
    let statements: Vec<String> = app(&h)
        .results()
        .hits
        .iter()
        .map(|x| x.title.clone())
        .collect();
    h.get_by_label(&statements[0])
        .click_modifiers(egui::Modifiers::COMMAND);
    settle(&mut h);
    h.get_by_label(&statements[1])
        .click_modifiers(egui::Modifiers::COMMAND);
    settle(&mut h);
    h.get_by_label(&statements[2])
        .click_modifiers(egui::Modifiers::COMMAND);
    settle(&mut h);
    click(&mut h, "Meetings  (4)");
    h.get_by_label("Russian delegation's talks at Tishreen Palace")
        .click_modifiers(egui::Modifiers::COMMAND);
    settle(&mut h);
    assert!(has(&h, "4 selected"), "the selection stays across views");
    assert!(has(&h, "3 statements") && has(&h, "1 meeting"));

    // Export with provenance to a typed path (the fallback when no file dialog exists).
    click(&mut h, "Export selection");
    assert!(has(&h, "Will write"), "counts are shown before writing");
    let out = dir.path().join("selection.json");
    export_to(&mut h, &out);
    assert!(out.exists(), "the bundle was written");
    drop(h);

    // A new file: import it, and find the records there.
    let mut h = open(&dir.path().join("colleague.db"));
    click(&mut h, "File");
    click(&mut h, "Import…");
    type_into(&mut h, "Import path", out.to_str().unwrap());
    click(&mut h, "Preview");
    wait_for_job(&mut h);
    assert!(has(&h, "Preview:"), "a dry run first");
    assert_eq!(app(&h).counts().live(), 0, "the preview wrote nothing");
    h.get_all_by_label("Import")
        .find(|n| n.accesskit_node().role() == Role::Button)
        .unwrap()
        .click();
    wait_for_job(&mut h);
    assert!(app(&h).counts().of(RecordKind::Statement) >= 3);
    assert!(
        app(&h).counts().of(RecordKind::Source) >= 1,
        "provenance came along"
    );
    click(&mut h, "Close");
    type_into(&mut h, "Search", "Tishreen");
    assert!(
        app(&h)
            .results()
            .hits
            .iter()
            .any(|x| x.title == "Russian delegation's talks at Tishreen Palace")
    );
    assert!(app(&h).store().check().unwrap().problems.is_empty());
}

/// Opens a file holding the example data, showing `view` (a sidebar entry).
#[test]
fn ctrl_shift_s_opens_a_new_statement_and_ctrl_shift_e_selects_all_matching() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = example_showing(dir.path(), "Meetings  (4)");
    press(&mut h, CTRL_SHIFT, egui::Key::E);
    assert!(app(&h).draft().is_none(), "Ctrl+Shift+E is not Ctrl+E");
    assert!(app(&h).selection().is_all_matching());
    assert_eq!(app(&h).selection().count(), 4);
    assert!(has(&h, "4 selected"));
    press(&mut h, CTRL_SHIFT, egui::Key::S);
    assert_eq!(
        app(&h).draft().map(|d| d.kind()),
        Some(RecordKind::Statement),
        "Ctrl+Shift+S is not Ctrl+S"
    );
    assert!(has(&h, "New statement"));
}

#[test]
fn ctrl_e_does_not_edit_a_record_in_the_trash() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = example_showing(dir.path(), "Actors  (11)");
    click(&mut h, "Sergey Lavrov");
    click(&mut h, "Delete this record");
    click(&mut h, "Trash  (1)");
    click(&mut h, "Sergey Lavrov");
    assert!(has(&h, "In the Trash"));
    press(&mut h, egui::Modifiers::COMMAND, egui::Key::E);
    assert!(
        app(&h).draft().is_none(),
        "no form for a record in the Trash"
    );
    assert!(has(&h, "restore it first"), "the reason is said");
}

/// Renames Sergey Lavrov to Sergei through the form, as in the undo test.
fn rename_lavrov(h: &mut Harness<'static, Gui>) {
    click(h, "Sergey Lavrov");
    click(h, "Edit this record");
    replace_text(h, "Name", "Sergei Lavrov");
    click(h, "Save");
}

#[test]
fn redo_leaves_a_focused_text_field_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = example_showing(dir.path(), "Actors  (11)");
    rename_lavrov(&mut h);
    press(&mut h, egui::Modifiers::COMMAND, egui::Key::Z);
    let name = |h: &Harness<'static, Gui>| app(h).opened().map(|o| o.record.name().to_string());
    assert_eq!(name(&h).as_deref(), Some("Sergey Lavrov"), "undone");
    let lavrov = app(&h).opened().map(|o| o.record.uuid()).expect("open");
    // Typing in the search box: Ctrl+Shift+Z belongs to the box, not to the file.
    type_into(&mut h, "Search", "x");
    press(&mut h, CTRL_SHIFT, egui::Key::Z);
    let stored = app(&h).store().get(lavrov).unwrap().expect("Lavrov");
    assert_eq!(stored.name(), "Sergey Lavrov", "nothing was redone");
    assert!(
        app(&h).redo_label().is_some(),
        "the change undone is still there to redo"
    );
}

#[test]
fn undo_keeps_an_open_form() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = example_showing(dir.path(), "Actors  (11)");
    rename_lavrov(&mut h);
    new_record(&mut h, "actor");
    type_into(&mut h, "Name", "Maria Zakharova");
    click(&mut h, "Edit");
    let undo = h
        .get_all_by_label_contains("Undo")
        .find(|n| n.accesskit_node().role() == Role::Button)
        .expect("the Undo menu item");
    assert!(
        undo.accesskit_node().is_disabled(),
        "Undo waits for the form"
    );
    let refused = h
        .state_mut()
        .app_mut()
        .expect("open")
        .apply(chancery::app::RecordCommand::Undo);
    assert!(refused.is_err());
    settle(&mut h);
    let Some(draft) = app(&h).draft() else {
        panic!("the form is still open");
    };
    assert_eq!(
        draft
            .to_record()
            .map(|r| r.name().to_string())
            .ok()
            .as_deref(),
        Some("Maria Zakharova"),
        "what was typed is kept"
    );
}

#[test]
fn applying_a_saved_search_shows_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = example_showing(dir.path(), "All records  (42)");
    type_into(&mut h, "Search", "Lavrov");
    click(&mut h, "Save search…");
    type_into(&mut h, "Saved search name", "Lavrov");
    click(&mut h, "Save");
    click(&mut h, "Clear the search");
    let search_text = |h: &Harness<'static, Gui>| {
        h.get_by_role_and_label(Role::TextInput, "Search")
            .accesskit_node()
            .value()
            .unwrap_or_default()
    };
    assert_eq!(search_text(&h), "");
    click(&mut h, "🔎 Lavrov");
    assert_eq!(search_text(&h), "Lavrov", "the box shows the saved text");
    assert_eq!(app(&h).spec().text, "Lavrov");
}

#[test]
fn the_trash_keeps_the_filters() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = example_showing(dir.path(), "Meetings  (4)");
    click(&mut h, "Filters");
    pick(&mut h, "Filter actor", "Lavrov", "Sergey Lavrov");
    assert_eq!(app(&h).results().total, 1);
    click(&mut h, "Trash  (0)");
    assert!(app(&h).spec().filters.trash);
    assert_eq!(
        app(&h).spec().filters.actors.len(),
        1,
        "the actor filter stays"
    );
    assert!(has(&h, "actor: Sergey Lavrov"), "and its chip shows");
}

#[test]
fn the_export_dialog_shows_what_it_will_write() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = example_showing(dir.path(), "All records  (42)");
    click(&mut h, "File");
    h.get_all_by_label_contains("Export everything…")
        .next()
        .expect("menu item")
        .click();
    step_until(&mut h, "the counts", |h| has(h, "Will write 42 records"));
}

#[test]
fn the_command_palette_runs_any_command_and_says_why_not() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = example_showing(dir.path(), "Actors  (11)");
    press(&mut h, CTRL_SHIFT, egui::Key::P);
    assert!(has(&h, "Run a command"));
    type_into(&mut h, "Command", "restore");
    assert!(
        has(&h, "The open record is not in the Trash"),
        "a command that cannot run says why"
    );
    replace_text(&mut h, "Command", "new topic");
    press(&mut h, egui::Modifiers::NONE, egui::Key::Enter);
    assert_eq!(app(&h).draft().map(|d| d.kind()), Some(RecordKind::Topic));
    assert!(!has(&h, "Run a command"), "the palette closed");
}

#[test]
fn the_command_palette_opens_dialogs_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = example_showing(dir.path(), "Actors  (11)");
    for (typed, dialog) in [
        ("Backups", chancery::app::Dialog::Backups),
        ("Import", chancery::app::Dialog::Import),
    ] {
        press(&mut h, CTRL_SHIFT, egui::Key::P);
        type_into(&mut h, "Command", typed);
        // Before: greyed with "Close the open dialog first", the palette being that dialog.
        assert!(!has(&h, "Close the open dialog first"), "{typed}");
        press(&mut h, egui::Modifiers::NONE, egui::Key::Enter);
        assert_eq!(app(&h).dialog(), Some(dialog), "{typed}");
        h.state_mut()
            .app_mut()
            .expect("open")
            .apply(chancery::app::WindowCommand::CloseDialog)
            .unwrap();
        settle(&mut h);
    }
}

#[test]
fn enter_saves_a_search_and_an_empty_search_cannot_be_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = example_showing(dir.path(), "All records  (42)");
    let ask = h.get_by_label("Save search…");
    assert!(
        ask.accesskit_node().is_disabled(),
        "nothing typed, no filter: nothing to save"
    );
    type_into(&mut h, "Search", "Shara");
    click(&mut h, "Save search…");
    type_into(&mut h, "Saved search name", "Al Shara");
    press(&mut h, egui::Modifiers::NONE, egui::Key::Enter);
    assert_eq!(
        app(&h)
            .saved()
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>(),
        ["Al Shara"],
        "Enter saved it"
    );
    assert!(has(&h, "🔎 Al Shara"));
}

#[test]
fn escape_closes_the_export_dialog_and_a_failed_export_says_why_inside_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = example_showing(dir.path(), "All records  (42)");
    click(&mut h, "File");
    click(&mut h, "Export everything…");
    step_until(&mut h, "the counts", |h| has(h, "Will write 42 records"));
    let bad = dir.path().join("no such folder").join("out.json");
    export_to(&mut h, &bad);
    assert!(
        h.query_all_by_label_contains("⚠").count() >= 2,
        "the failure shows in the dialog as well as in the message line"
    );
    assert!(!bad.exists());
    // The first Escape leaves the path field, the second closes the dialog.
    press(&mut h, egui::Modifiers::NONE, egui::Key::Escape);
    press(&mut h, egui::Modifiers::NONE, egui::Key::Escape);
    assert_eq!(app(&h).dialog(), None);
    assert!(!has(&h, "Will write"));
}

#[test]
fn an_export_onto_a_file_it_did_not_write_is_refused_until_replacing_is_ticked() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = example_showing(dir.path(), "All records  (42)");
    let notes = dir.path().join("notes.json");
    std::fs::write(&notes, b"my own notes").unwrap();
    click(&mut h, "File");
    click(&mut h, "Export everything…");
    step_until(&mut h, "the counts", |h| has(h, "Will write 42 records"));
    export_to(&mut h, &notes);
    assert!(
        has(&h, "was not written by a Chancery export"),
        "says why, in the dialog"
    );
    assert_eq!(std::fs::read(&notes).unwrap(), b"my own notes");
    click(&mut h, "Replace a file that is there");
    click_last(&mut h, "Export");
    wait_for_job(&mut h);
    assert!(
        std::fs::read_to_string(&notes)
            .unwrap()
            .contains("chancery-bundle"),
        "replaced once the user said so"
    );
}

#[test]
fn back_up_from_the_file_menu_then_restore_what_was_there() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = example_showing(dir.path(), "Actors  (11)");
    click(&mut h, "File");
    click(&mut h, "Backups…");
    assert!(has(&h, "No backups yet."));
    click(&mut h, "Back up now");
    assert_eq!(app(&h).backups().len(), 1);
    assert!(
        h.query_by_label_contains("backed up").is_some(),
        "the status line says when"
    );
    click(&mut h, "Close");
    // A change after the backup, which the restore takes back.
    new_record(&mut h, "topic");
    type_into(&mut h, "Name", "after the backup");
    click(&mut h, "Save");
    assert_eq!(app(&h).counts().of(chancery::model::RecordKind::Topic), 8);
    click(&mut h, "File");
    click(&mut h, "Backups…");
    click(&mut h, "Restore");
    assert_eq!(app(&h).counts().of(chancery::model::RecordKind::Topic), 7);
    assert!(
        h.query_by_label_contains("Restored the backup").is_some(),
        "the restore is said, with where the file as it was went"
    );
    assert_eq!(app(&h).backups().len(), 2, "the file as it was is kept");
}

/// A damaged file opens at once (the whole-file check no longer stands in front of the
/// window); the check runs in the background, says so in a message that stays, and no daily
/// backup is taken from the damaged file.
#[test]
fn a_damaged_file_opens_and_the_background_check_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_file(dir.path());
    let (page_size, root): (i64, i64) = {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.query_row(
            "SELECT (SELECT page_size FROM pragma_page_size),
                    (SELECT rootpage FROM sqlite_master WHERE name = 'change_log_record')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    };
    // Garbage over the index of history lines, which opening the window does not read.
    let mut bytes = std::fs::read(&path).unwrap();
    let start = (page_size * (root - 1)) as usize;
    for b in &mut bytes[start..start + page_size as usize] {
        *b = 0x5a;
    }
    std::fs::write(&path, &bytes).unwrap();

    let mut h = open_sized(&path, [800.0, 600.0]);
    step_until(&mut h, "the damage to be reported", |h| {
        h.query_by_label_contains("This knowledge base is damaged")
            .is_some()
    });
    // The long message wraps and its Dismiss stays in the window (it was pushed off at 800 px).
    let dismiss = h.get_by_label("Dismiss").rect();
    assert!(
        h.ctx.content_rect().contains_rect(dismiss),
        "{dismiss:?} is on screen"
    );
    assert_eq!(
        app(&h).counts().of(RecordKind::Actor),
        11,
        "the records are there to read"
    );
    assert!(
        chancery::store::list_backups(&path).is_empty(),
        "no backup was taken from the damaged file"
    );
}

/// A record referred to by many others opens with a page of each kind of reference and the
/// count of all; "Show … more" loads the next page until every reference is listed.
#[test]
fn many_references_load_a_page_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.db");
    let speaker = {
        let mut store = chancery::store::Store::open(&path).unwrap();
        let actor = store.insert(common_actor("Sergey Lavrov")).unwrap().uuid();
        let said: Vec<Record> = (0..120)
            .map(|i| common_statement(&format!("Remark number {i}"), actor))
            .collect();
        store.insert_all(said).unwrap();
        actor
    };
    let mut h = open(&path);
    h.state_mut()
        .app_mut()
        .expect("open")
        .apply(chancery::app::RecordCommand::OpenRecord(speaker))
        .unwrap();
    settle(&mut h);
    let shown = |h: &Harness<'static, Gui>| {
        app(h).opened().map_or(0, |o| {
            o.backlinks.iter().map(|g| g.items.len()).sum::<usize>()
        })
    };
    assert_eq!(shown(&h), 50, "the newest 50 first");
    // The button closes the list of chips: scrolled to, as a person would, then clicked.
    let show_more = |h: &mut Harness<'static, Gui>, label: &str| {
        h.get_by_label(label).scroll_to_me();
        settle(h);
        click(h, label);
    };
    show_more(&mut h, "Show 50 more (of 70)");
    assert_eq!(shown(&h), 100);
    show_more(&mut h, "Show 20 more (of 20)");
    assert_eq!(shown(&h), 120);
    assert!(h.query_by_label_contains("more (of").is_none());
    let newest = &app(&h).opened().unwrap().backlinks[0].items[0].other.title;
    assert!(newest.contains("Remark number 119"), "{newest}");
}

fn common_actor(name: &str) -> Record {
    Record::Actor(chancery::model::Actor {
        meta: chancery::model::Meta::new(),
        name: name.into(),
        kind: chancery::model::ActorKind::Person,
        aliases: Vec::new(),
        description: String::new(),
    })
}

fn common_statement(text: &str, speaker: uuid::Uuid) -> Record {
    Record::Statement(chancery::model::Statement {
        meta: chancery::model::Meta::new(),
        text: text.into(),
        kind: chancery::model::StatementKind::Quote,
        speaker: Some(speaker),
        meeting: None,
        date: None,
        lang: "en".into(),
        hedge: String::new(),
    })
}

/// The import dialog opens ready for typing: the path goes into its field without a click
/// (a new-user run under Xvfb typed a path into nowhere).
#[test]
fn the_import_dialog_takes_the_typed_path_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open(&dir.path().join("kb.db"));
    click(&mut h, "File");
    click(&mut h, "Import…");
    h.event(egui::Event::Text("/tmp/bundle.json".into()));
    settle(&mut h);
    let field = h.get_by_role_and_label(Role::TextInput, "Import path");
    assert_eq!(
        field.accesskit_node().value().as_deref(),
        Some("/tmp/bundle.json")
    );
}

/// Whether `text` spells a shortcut ("Ctrl+Shift+L").
fn spells_a_shortcut(text: &str) -> bool {
    ["Ctrl+", "Shift+", "Alt+", "Cmd+", "⌘"]
        .iter()
        .any(|chord| text.contains(chord))
}

/// Checks the tooltip of every widget on screen (egui gives it to AccessKit as the widget's
/// description): a button named as a command of the table (by its label, or by its label and
/// shortcut in a menu) is enabled exactly when `can` allows the command, and then says the
/// table's tooltip; and any tooltip that spells a shortcut is the table's tooltip of some
/// command. Returns how many buttons were checked against the table.
fn check_tooltips_against_the_table(h: &Harness<'static, Gui>) -> usize {
    let table: Vec<(String, String, chancery::app::Command)> = chancery::ui::command_table()
        .iter()
        .map(|e| {
            let tip = chancery::ui::command_tooltip(&h.ctx, &e.command);
            (e.label.to_string(), tip, e.command.clone())
        })
        .collect();
    let mut checked = 0;
    for node in h.root().children_recursive() {
        let node = node.accesskit_node();
        let label = node.label().unwrap_or_default();
        let tooltip = node.description();
        if let Some(tooltip) = &tooltip
            && spells_a_shortcut(tooltip)
        {
            assert!(
                table.iter().any(|(_, tip, _)| tip == tooltip),
                "the tooltip of '{label}' spells a shortcut the table does not give: {tooltip}"
            );
        }
        if node.role() != Role::Button {
            continue;
        }
        // A menu item's label is the command's label and its shortcut: "Undo Ctrl+Z".
        let menu_label = |name: &str, tip: &str| {
            tip.rsplit_once(" (")
                .and_then(|(_, chord)| chord.strip_suffix(')'))
                .map(|chord| format!("{name} {chord}"))
        };
        let Some((_, tip, command)) = table.iter().find(|(name, tip, _)| {
            label == *name || menu_label(name, tip).is_some_and(|m| m == label)
        }) else {
            continue;
        };
        checked += 1;
        let allowed = app(h).can(command);
        assert_eq!(
            node.is_disabled(),
            allowed.is_err(),
            "'{label}' is disabled exactly when {command:?} is refused ({allowed:?})"
        );
        if allowed.is_ok() {
            assert_eq!(
                tooltip.as_deref(),
                Some(tip.as_str()),
                "the tooltip of '{label}'"
            );
        }
    }
    checked
}

#[test]
fn every_buttons_tooltip_comes_from_the_command_table() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open(&dir.path().join("kb.db"));
    click(&mut h, "Load example data");
    click(&mut h, "Actors  (11)");
    click(&mut h, "Sergey Lavrov");
    let with_a_record = check_tooltips_against_the_table(&h);
    click(&mut h, "Edit this record");
    let in_the_form = check_tooltips_against_the_table(&h);
    click(&mut h, "File");
    let in_a_menu = check_tooltips_against_the_table(&h);
    assert!(
        with_a_record >= 3 && in_the_form >= 3 && in_a_menu >= 8,
        "buttons of the table checked: {with_a_record}, {in_the_form}, {in_a_menu}"
    );
}

#[test]
fn a_search_with_nothing_searchable_says_so_and_lists_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_file(dir.path());
    let mut h = open(&path);
    type_into(&mut h, "Search", "… —");
    assert!(
        has(&h, "nothing to search for"),
        "the window says why nothing is listed"
    );
    assert!(app(&h).results().hits.is_empty(), "nothing listed");
    assert!(!has(&h, "No records match"), "said once, not twice");
    // A word typed after it searches again.
    type_into(&mut h, "Search", " Lavrov");
    assert!(!has(&h, "nothing to search for"));
    assert!(!app(&h).results().hits.is_empty());
}
