//! Names in every script, in the window: each hit says how it matched, the "Exact spelling"
//! switch turns spelling variants off, and a field holding Arabic shows how it reads.

mod kit;
use kit::*;

#[test]
fn each_hit_says_how_it_matched_and_exact_spelling_drops_the_variants() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = example_showing(dir.path(), "All records  (42)");
    // A spelling no name of the file has: found as a variant, and the list says so.
    type_into(&mut h, "Search", "Shaybaani");
    assert!(
        has(&h, "spelling variant of «Asaad Al Shibani»"),
        "the reason under the hit"
    );
    assert!(
        app(&h)
            .results()
            .hits
            .iter()
            .all(|hit| hit.reason.is_some())
    );
    click(&mut h, "Exact spelling");
    assert!(app(&h).spec().exact);
    assert!(
        !app(&h)
            .results()
            .hits
            .iter()
            .any(|hit| hit.title == "Asaad Al Shibani"),
        "no name is spelled so"
    );
    click(&mut h, "Exact spelling");
    assert!(!app(&h).spec().exact);
    assert!(
        app(&h)
            .results()
            .hits
            .iter()
            .any(|hit| hit.title == "Asaad Al Shibani")
    );
}

#[test]
fn an_alias_in_arabic_shows_how_it_reads_under_its_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = example_showing(dir.path(), "Actors  (11)");
    click(&mut h, "Asaad Al Shibani");
    press(&mut h, egui::Modifiers::COMMAND, egui::Key::E);
    // Each Arabic alias has a line showing it in reading order; Latin ones have none.
    assert!(has(&h, "reads: الشيباني أسعد"), "the alias as it reads");
    assert!(!has(&h, "reads: Asaad"));
}
