//! The CSV import wizard, driven as a person would by AccessKit labels: open it from the File
//! menu, type the file's path, read its columns (mapped by their names at once), choose a date
//! pattern, preview — nothing written, each problem listed by row and column and marked on
//! the row — then import the good rows in one step; and the palette's "Export as STIX 2.1…"
//! opens the export dialog with that format chosen.

mod kit;
use chancery::model::RecordKind;
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use kit::*;

#[test]
fn a_spreadsheet_of_meetings_is_previewed_with_its_problems_marked_then_imported() {
    let dir = tempfile::tempdir().unwrap();
    let db = example_file(dir.path());
    let csv = dir.path().join("meetings.csv");
    std::fs::write(
        &csv,
        "Title,Date,Participants\n\
         Talks in Ankara,03/10/2025,Sergey Lavrov\n\
         Call with Lavrov,04/10/2025,Asaad Al Shibani\n\
         A bad row,32/10/2025,Sergey Lavrov\n",
    )
    .unwrap();
    let mut h = open(&db);
    let meetings = app(&h).counts().of(RecordKind::Meeting);
    let mut actions = 0;
    click(&mut h, "File");
    click(&mut h, "Import CSV with a column mapping…");
    actions += 2;
    type_into(&mut h, "CSV file", csv.to_str().unwrap());
    click(&mut h, "Read its columns");
    actions += 2;
    assert!(has(&h, "3 columns"), "the file's columns are read");
    // Title, Date and Participants were mapped by their names; the dates need a pattern.
    type_into(&mut h, "Date pattern for Date", "%d/%m/%Y");
    actions += 1;
    assert!(
        has(&h, "03/10/2025 → 2025-10-03"),
        "the pattern is shown applied"
    );
    type_into(&mut h, "Separator for Participants", ";");
    actions += 1;
    click(&mut h, "Preview");
    actions += 1;
    wait_for_job(&mut h);
    assert!(
        has(&h, "3 rows: 2 would be imported, 1 rejected"),
        "the preview says what it would do"
    );
    assert_eq!(
        app(&h).counts().of(RecordKind::Meeting),
        meetings,
        "the preview wrote nothing"
    );
    assert!(
        has(&h, "does not match the date pattern"),
        "the problem is listed"
    );
    assert!(has(&h, "⚠ 32/10/2025"), "and marked on its row");
    h.get_all_by_label("Import 2 rows")
        .find(|n| n.accesskit_node().role() == Role::Button)
        .expect("the import button names what it imports")
        .click();
    actions += 1;
    wait_for_job(&mut h);
    assert_eq!(app(&h).counts().of(RecordKind::Meeting), meetings + 2);
    assert!(dir.path().join("meetings.rejected.csv").exists());
    assert!(actions <= 8, "{actions} actions");
}

#[test]
fn the_palette_exports_as_stix() {
    let dir = tempfile::tempdir().unwrap();
    let db = example_file(dir.path());
    let mut h = open(&db);
    apply(
        &mut h,
        chancery::app::ExchangeCommand::ExportAs(chancery::exchange::Format::Stix),
    );
    assert!(
        has(&h, "OpenCTI merges"),
        "the format is chosen, and what to know of it said"
    );
    let out = dir.path().join("all.stix.json");
    export_to(&mut h, &out);
    let text = std::fs::read_to_string(&out).expect("written");
    assert!(text.starts_with("{\"type\": \"bundle\""));
}

#[test]
fn a_skipped_routing_value_stays_skipped_and_routed_kinds_are_mapped_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = example_file(dir.path());
    let csv = dir.path().join("mixed.csv");
    std::fs::write(
        &csv,
        "Type,Title,Text,Speaker\n\
         meeting,Talks in Ankara,,\n\
         quote,,Russia stands by Syria,Sergey Lavrov\n\
         memo,A memo with a title,,\n",
    )
    .unwrap();
    let mut h = open(&db);
    apply(&mut h, chancery::app::ExchangeCommand::ImportMappedCsv);
    type_into(&mut h, "CSV file", csv.to_str().unwrap());
    click(&mut h, "Read its columns");
    // A preset routes the rows by their Type; it names only the meetings' title.
    let preset = dir.path().join("routed.toml");
    std::fs::write(
        &preset,
        "[route]\ncolumn = \"Type\"\nvalues = { meeting = \"meeting\", quote = \"statement\", memo = \"meeting\" }\n[fields.meeting.title]\ncolumn = \"Title\"\n",
    )
    .unwrap();
    type_into(&mut h, "Mapping preset", preset.to_str().unwrap());
    click(&mut h, "Load preset");
    assert!(
        has(&h, "“memo” makes a"),
        "the routing column's values are listed"
    );
    // The memo rows make nothing: skipped, and they stay skipped.
    click(&mut h, "Skip “memo”");
    assert!(!has(&h, "“memo” makes a"), "the value is gone");
    for _ in 0..5 {
        h.step();
    }
    assert!(!has(&h, "“memo” makes a"), "and stays gone");
    click(&mut h, "Preview");
    wait_for_job(&mut h);
    assert!(
        has(&h, "3 rows: 2 would be imported, 1 skipped, 0 rejected"),
        "the quote was mapped by its columns' names (Text, Speaker) too, and the memo skipped"
    );
    assert!(!has(&h, "routes to no kind"), "a skipped row is no problem");
}
