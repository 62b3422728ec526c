//! Names in every script, in the window: each hit says how it matched, the "Exact spelling"
//! switch turns spelling variants off, and a field holding Arabic shows how it reads.

mod kit;
use egui_kittest::kittest::{NodeT, Queryable};
use kit::*;

#[test]
fn each_hit_says_how_it_matched_and_exact_spelling_drops_the_variants() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = example_showing(dir.path(), "All records  (42)");
    // A spelling no name of the file has: found as a variant, and the list says so.
    type_into(&mut h, "Search", "Shaybaani");
    assert!(
        has(&h, "spelling variant of the name"),
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

#[test]
fn a_long_arabic_statement_reads_line_by_line_from_the_right() {
    use chancery::model::{Meta, Record, Statement, StatementKind};
    let dir = tempfile::tempdir().unwrap();
    let path = example_file(dir.path());
    // Twenty distinct words: wrapped over several lines in the detail pane.
    let words = [
        "قال",
        "وزير",
        "الخارجية",
        "السوري",
        "أسعد",
        "الشيباني",
        "إن",
        "بلاده",
        "تريد",
        "روسيا",
        "إلى",
        "جانبها",
        "في",
        "مرحلة",
        "إعادة",
        "الإعمار",
        "وبناء",
        "المؤسسات",
        "الجديدة",
        "قريبا",
    ];
    let text = words.join(" ");
    let statement = Statement {
        meta: Meta::new(),
        text: text.clone(),
        kind: StatementKind::ALL[0],
        speaker: None,
        meeting: None,
        date: None,
        lang: "ar".into(),
        hedge: String::new(),
    };
    let uuid = statement.meta.uuid;
    {
        let mut store = chancery::store::Store::open(&path).unwrap();
        store.insert(Record::Statement(statement)).unwrap();
    }
    let mut h = open_sized(&path, [800.0, 600.0]);
    h.state_mut()
        .app_mut()
        .unwrap()
        .apply(chancery::app::RecordCommand::OpenRecord(uuid))
        .unwrap();
    settle(&mut h);
    let shown = h
        .query_all_by_label_contains("الشيباني")
        .filter_map(|n| n.accesskit_node().value().or(n.accesskit_node().label()))
        .find(|v| v.contains('\n') && v.contains("قريبا"))
        .expect("the statement, wrapped over several lines");
    let lines: Vec<&str> = shown.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(lines.len() >= 2, "{shown}");
    // The first line drawn holds the paragraph's first words, read from the right: the
    // first word at its right end.
    let first = lines[0];
    assert!(
        first.contains("وزير") && !first.contains("قريبا"),
        "{shown}"
    );
    let (said, minister) = (first.find("قال").unwrap(), first.find("وزير").unwrap());
    assert!(
        minister < said,
        "the second word stands left of the first: {first}"
    );
    assert!(lines.last().unwrap().contains("قريبا"), "{shown}");
}
