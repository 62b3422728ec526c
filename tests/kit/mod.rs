//! Driving the window as a person would, for the GUI tests: open a file in a headless window
//! (egui_kittest), click, type, pick and choose by AccessKit labels, and wait for background
//! work to settle.
#![allow(dead_code)]

use chancery::ui::{Gui, install_fonts};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::Path;
use std::time::Duration;

pub fn open(path: &Path) -> Harness<'static, Gui> {
    open_sized(path, [1400.0, 900.0])
}

/// The window on `path` at `size` (800×600 is the smallest the app is made for).
pub fn open_sized(path: &Path, size: [f32; 2]) -> Harness<'static, Gui> {
    let gui = Gui::open(path.to_path_buf(), std::sync::Arc::new(|| {}));
    let mut harness = Harness::builder()
        .with_size(size)
        .build_ui_state(|ui, gui: &mut Gui| gui.ui(ui), gui);
    install_fonts(&harness.ctx);
    settle(&mut harness);
    harness
}

/// Runs frames until `done` holds; fails naming what it waited for if it never does.
pub fn step_until(
    h: &mut Harness<'static, Gui>,
    description: &str,
    done: impl Fn(&Harness<'static, Gui>) -> bool,
) {
    for _ in 0..2500 {
        h.step();
        if done(h) {
            return;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    panic!("waited 5 s for {description}, and it did not happen");
}

/// Runs frames until background work (searches, jobs, counts) has finished and the UI is
/// still.
pub fn settle(h: &mut Harness<'static, Gui>) {
    step_until(h, "background work to finish", |h| {
        h.state().app().is_none_or(|a| !a.busy())
    });
    for _ in 0..4 {
        h.step();
    }
}

pub fn app<'h>(h: &'h Harness<'static, Gui>) -> &'h chancery::app::App {
    h.state().app().expect("the file is open")
}

pub fn click(h: &mut Harness<'static, Gui>, label: &str) {
    h.get_all_by_label(label)
        .next()
        .unwrap_or_else(|| panic!("no '{label}' on screen"))
        .click();
    settle(h);
}

/// Types into the text field named `label` (single or multi-line).
pub fn type_into(h: &mut Harness<'static, Gui>, label: &str, text: &str) {
    let field = h
        .query_by_role_and_label(Role::TextInput, label)
        .or_else(|| h.query_by_role_and_label(Role::MultilineTextInput, label))
        .unwrap_or_else(|| panic!("no text field '{label}'"));
    field.focus();
    h.step();
    let field = h
        .query_by_role_and_label(Role::TextInput, label)
        .or_else(|| h.query_by_role_and_label(Role::MultilineTextInput, label))
        .unwrap_or_else(|| panic!("no text field '{label}'"));
    field.type_text(text);
    settle(h);
}

/// Replaces the whole text of the single-line field named `label`, as a user would: click
/// into it, select all, type.
pub fn replace_text(h: &mut Harness<'static, Gui>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    settle(h);
}

/// In the open export dialog: types `out` as the path, clicks Export and waits for the job.
pub fn export_to(h: &mut Harness<'static, Gui>, out: &Path) {
    replace_text(h, "Export path", out.to_str().unwrap());
    h.get_all_by_label("Export")
        .find(|n| n.accesskit_node().role() == Role::Button)
        .unwrap()
        .click();
    wait_for_job(h);
}

/// Types into a picker and clicks the option labelled `option` in its suggestions (which
/// open over the form, so they come after the list's rows of the same name).
pub fn pick(h: &mut Harness<'static, Gui>, picker: &str, typed: &str, option: &str) {
    type_into(h, picker, typed);
    h.get_all_by_label(option)
        .last()
        .unwrap_or_else(|| panic!("no suggestion '{option}'"))
        .click();
    settle(h);
}

/// Opens the combo box named `combo` (not its visible caption) and picks `option`.
pub fn choose(h: &mut Harness<'static, Gui>, combo: &str, option: &str) {
    h.get_all_by_label(combo)
        .find(|n| n.accesskit_node().role() != Role::Label)
        .unwrap_or_else(|| panic!("no combo box '{combo}'"))
        .click();
    settle(h);
    click(h, option);
}

pub fn has(h: &Harness<'static, Gui>, label: &str) -> bool {
    h.query_all_by_label_contains(label).next().is_some()
}

/// New record through the New menu, as a user would (menu items are labelled with their
/// shortcut too: "New actor Ctrl+Shift+A").
pub fn new_record(h: &mut Harness<'static, Gui>, kind: &str) {
    click(h, "New");
    let item = format!("New {kind}");
    h.get_all_by_label_contains(&item)
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with(&item))
        })
        .unwrap_or_else(|| panic!("no menu item '{item}'"))
        .click();
    settle(h);
}

pub fn wait_for_job(h: &mut Harness<'static, Gui>) {
    step_until(h, "the export or import to finish", |h| {
        app(h).job().is_none()
    });
    settle(h);
}

pub fn example_showing(dir: &Path, view: &str) -> Harness<'static, Gui> {
    let mut h = open(&dir.join("kb.db"));
    click(&mut h, "Load example data");
    click(&mut h, view);
    h
}

pub fn press(h: &mut Harness<'static, Gui>, modifiers: egui::Modifiers, key: egui::Key) {
    h.key_press_modifiers(modifiers, key);
    settle(h);
}

pub const CTRL_SHIFT: egui::Modifiers = egui::Modifiers::COMMAND.plus(egui::Modifiers::SHIFT);

/// A knowledge base at `dir/kb.db` holding the example data, written through the store.
pub fn example_file(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("kb.db");
    let mut store = chancery::store::Store::open(&path).expect("open");
    chancery::exchange::import_bundle(&mut store, chancery::exchange::EXAMPLE_BUNDLE)
        .expect("the example imports");
    path
}

/// Clicks the last widget labelled `label` (a button of the same name in a popup or a pane
/// drawn later, such as the editor's Save below a dialog's).
pub fn click_last(h: &mut Harness<'static, Gui>, label: &str) {
    h.get_all_by_label(label)
        .last()
        .unwrap_or_else(|| panic!("no '{label}' on screen"))
        .click();
    settle(h);
}

/// Clicks the first widget whose label starts with `start` (a sidebar entry with its count:
/// "Actors  (12)").
pub fn click_starting(h: &mut Harness<'static, Gui>, start: &str) {
    h.get_all_by_label_contains(start)
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with(start))
        })
        .unwrap_or_else(|| panic!("nothing labelled '{start}…' on screen"))
        .click();
    settle(h);
}

/// Clicks the last button whose label holds `text` (a picker's suggestion, drawn over the
/// form after the list's rows of the same name).
pub fn click_suggestion(h: &mut Harness<'static, Gui>, text: &str) {
    h.get_all_by_label_contains(text)
        .rfind(|n| n.accesskit_node().role() == Role::Button)
        .unwrap_or_else(|| panic!("no suggestion holding '{text}'"))
        .click();
    settle(h);
}

/// Applies `command` to the app as a view would, and lets the window settle.
pub fn apply(h: &mut Harness<'static, Gui>, command: impl Into<chancery::app::Command>) {
    let _ = h
        .state_mut()
        .app_mut()
        .expect("the file is open")
        .apply(command);
    settle(h);
}
