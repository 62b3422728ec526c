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
