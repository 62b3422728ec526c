//! Files in the window (issue 23, finding 17): a second knowledge base was reachable only with
//! `--db`. File → New… and Open… (Ctrl+O) switch the window to another file, asking about an
//! unsaved form first and keeping nothing of the old file in view; Open recent lists the files
//! opened lately; the welcome screen offers an import and another file. One test, run in
//! order, because the list of recent files lives in a folder given by the environment.

mod kit;
use chancery::ui::Gui;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use kit::*;
use std::path::Path;

fn open_dialog_and_type(h: &mut Harness<'static, Gui>, item: &str, path: &Path) {
    click(h, "File");
    h.get_all_by_label_contains(item)
        .find(|n| n.accesskit_node().role() == Role::Button)
        .unwrap_or_else(|| panic!("no menu item '{item}'"))
        .click();
    settle(h);
    replace_text(h, "Knowledge base path", path.to_str().unwrap());
}

#[test]
fn new_open_and_open_recent_switch_the_window_and_keep_nothing_of_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    // SAFETY: the only test of this binary, and no thread has started yet.
    unsafe { std::env::set_var("CHANCERY_CONFIG_DIR", dir.path().join("config")) };
    let first = example_file(&dir.path().join("a"));
    let mut h = open_sized(&first, [1280.0, 800.0]);

    // Something of the first file in view: a record open, a selection, a search.
    click_starting(&mut h, "Meetings  (");
    click(&mut h, "Al Shibani's visit to Moscow");
    press(&mut h, CTRL_SHIFT, egui::Key::E);
    assert!(!app(&h).selection().is_empty());

    // Open of a path where no file is: refused, and nothing is created there.
    let nowhere = dir.path().join("nowhere.db");
    open_dialog_and_type(&mut h, "Open knowledge base", &nowhere);
    assert!(
        has(&h, "There is no knowledge base at"),
        "says why it cannot open"
    );
    press(&mut h, egui::Modifiers::NONE, egui::Key::Enter);
    assert!(!nowhere.exists(), "Open never creates a file");
    assert_eq!(app(&h).path(), first.as_path());
    press(&mut h, egui::Modifiers::NONE, egui::Key::Escape);

    // New: an empty file, the window on it, nothing of the first in view.
    let second = dir.path().join("b").join("second.db");
    open_dialog_and_type(&mut h, "New knowledge base", &second);
    click(&mut h, "Create");
    assert_eq!(app(&h).path(), second.as_path());
    assert_eq!(app(&h).counts().live(), 0);
    assert!(app(&h).opened().is_none(), "no record of the old file open");
    assert!(
        app(&h).selection().is_empty(),
        "no selection of the old file"
    );
    assert!(has(&h, "Welcome to Chancery"));
    assert!(
        has(&h, "Import a bundle…"),
        "the welcome screen offers an import"
    );
    // The first file is as it was.
    let store = chancery::store::Store::open(&first).unwrap();
    assert_eq!(store.counts().unwrap().live(), 42);
    drop(store);

    // A form with changes: switching asks first; Discard goes on.
    press(&mut h, CTRL_SHIFT, egui::Key::A);
    h.event(egui::Event::Text("Half typed".into()));
    settle(&mut h);
    press(&mut h, egui::Modifiers::COMMAND, egui::Key::O);
    replace_text(&mut h, "Knowledge base path", first.to_str().unwrap());
    click(&mut h, "Open");
    assert_eq!(app(&h).dialog(), Some(chancery::app::Dialog::Unsaved));
    assert_eq!(
        app(&h).path(),
        second.as_path(),
        "not switched before the answer"
    );
    click(&mut h, "Discard");
    assert_eq!(app(&h).path(), first.as_path());
    assert!(app(&h).draft().is_none());

    // Open recent: the files opened from the window, the open one left out.
    click(&mut h, "File");
    click(&mut h, "Open recent");
    let item = format!("Open {}", second.display());
    assert!(has(&h, &item), "the second file is listed");
    click(&mut h, &item);
    assert_eq!(app(&h).path(), second.as_path());
}
