//! Exporting selections and importing them elsewhere: provenance closure imports into an empty
//! file with nothing dangling (property test over random selections), deterministic bytes in
//! every format, the reviewed Markdown briefing, valid GraphML, and conflicts between two files.

mod common;
use chancery::exchange::export::{gather, write};
use chancery::exchange::{Bundle, Closure, Format, Names, close_over, import_bundle_with};
use chancery::model::*;
use chancery::store::{ImportOptions, OnConflict, Store, StoreError};
use common::*;
use proptest::prelude::*;
use std::collections::BTreeSet;

fn without_base(mut r: Record) -> Record {
    r.meta_mut().base = None;
    r
}

fn export_text(store: &Store, records: Vec<Record>, format: Format) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    write(store, records, format, &out, false).unwrap();
    if format == Format::Csv {
        let mut all = String::new();
        let mut files: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for f in files {
            all.push_str(&std::fs::read_to_string(f).unwrap());
        }
        all
    } else {
        std::fs::read_to_string(out).unwrap()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn a_provenance_export_imports_into_an_empty_file(picks in prop::collection::vec(0usize..42, 1..6)) {
        let (_d, _p, store) = with_example();
        let all = store.all_records(false).unwrap();
        let selected: Vec<uuid::Uuid> = picks.iter().map(|i| all[*i].uuid()).collect();
        let records = close_over(&store, &selected, Closure::Provenance).unwrap();
        let exported: BTreeSet<uuid::Uuid> = records.iter().map(Record::uuid).collect();
        for r in &records {
            for referenced in r.referenced() {
                prop_assert!(exported.contains(&referenced), "{} refers outside the export", r.name());
            }
        }
        let bundle = Bundle::for_export(records.clone()).to_json();
        let (_d2, _p2, mut empty) = fresh();
        let report = import_bundle_with(&mut empty, &bundle, ImportOptions::default()).unwrap();
        prop_assert_eq!(ImportReportTotal::added(&report), records.len());
        for r in records {
            let there = empty.get(r.uuid()).unwrap().expect("imported");
            prop_assert_eq!(without_base(there), without_base(r));
        }
        prop_assert!(empty.check().unwrap().problems.is_empty());
    }
}

struct ImportReportTotal;
impl ImportReportTotal {
    fn added(report: &chancery::store::ImportReport) -> usize {
        chancery::store::ImportReport::total(&report.added)
    }
}

#[test]
fn closures_take_along_what_they_say() {
    let (_d, _p, store) = with_example();
    let statement = example_uuid(&store, RecordKind::Statement, "We want Russia by our side");
    let only = close_over(&store, &[statement], Closure::None).unwrap();
    assert_eq!(only.len(), 1);
    let direct = close_over(&store, &[statement], Closure::Direct).unwrap();
    let names: BTreeSet<String> = direct.iter().map(|r| r.name().to_string()).collect();
    assert!(names.contains("Asaad Al Shibani") && names.contains("Al Shibani's visit to Moscow"));
    assert!(
        !direct.iter().any(|r| r.kind() == RecordKind::Source),
        "direct leaves sources out"
    );
    let full = close_over(&store, &[statement], Closure::Provenance).unwrap();
    let kinds: BTreeSet<RecordKind> = full.iter().map(Record::kind).collect();
    assert!(
        kinds.contains(&RecordKind::Source)
            && kinds.contains(&RecordKind::Place)
            && kinds.contains(&RecordKind::Topic)
    );
    // The place comes with its parents, and links among exported records come along.
    assert!(
        full.iter()
            .any(|r| r.name() == "Russia" && r.kind() == RecordKind::Place)
    );
    assert!(full.iter().any(|r| r.kind() == RecordKind::Link));
}

#[test]
fn every_format_gives_identical_bytes_twice() {
    let (_d, _p, store) = with_example();
    for format in [
        Format::Bundle,
        Format::Csv,
        Format::Markdown,
        Format::Graphml,
    ] {
        let a = export_text(
            &store,
            gather(&store, None, Closure::Provenance).unwrap(),
            format,
        );
        let b = export_text(
            &store,
            gather(&store, None, Closure::Provenance).unwrap(),
            format,
        );
        assert!(a == b, "{format:?} differs between two exports");
        assert!(!a.is_empty());
    }
}

#[test]
fn the_briefing_matches_the_reviewed_golden_file() {
    let (_d, _p, store) = with_example();
    let text = export_text(
        &store,
        gather(&store, None, Closure::Provenance).unwrap(),
        Format::Markdown,
    );
    let golden = include_str!("golden/briefing.md");
    assert!(
        text == golden,
        "the briefing changed; review it and update tests/golden/briefing.md:\n{text}"
    );
}

#[test]
fn graphml_is_valid_xml_with_the_expected_nodes_and_edges() {
    let (_d, _p, store) = with_example();
    let text = export_text(
        &store,
        gather(&store, None, Closure::Provenance).unwrap(),
        Format::Graphml,
    );
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let nodes = doc.descendants().filter(|n| n.has_tag_name("node")).count();
    let edges: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("edge"))
        .collect();
    // 11 actors, 4 meetings, 4 statements, 5 places, 2 sources.
    assert_eq!(nodes, 26);
    let relation_of = |e: &roxmltree::Node| {
        e.children()
            .find(|d| d.attribute("key") == Some("relation"))
            .and_then(|d| d.text())
            .unwrap_or_default()
            .to_string()
    };
    let count = |rel: &str| edges.iter().filter(|e| relation_of(e) == rel).count();
    assert_eq!(count("participant"), 9);
    assert_eq!(count("speaker"), 4);
    assert_eq!(count("leads"), 3);
    // Meetings and statements cite (4 + 4); links are edges, not nodes, so their own
    // citations have no node to start from.
    assert_eq!(count("cites"), 8);
    assert_eq!(count("cites via"), 1);
    assert_eq!(count("inside"), 3);
    let ids: BTreeSet<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("node"))
        .filter_map(|n| n.attribute("id"))
        .collect();
    for e in &edges {
        assert!(
            ids.contains(e.attribute("source").unwrap())
                && ids.contains(e.attribute("target").unwrap())
        );
    }
}

#[test]
fn csv_has_a_file_per_kind_with_names_beside_uuids() {
    let (_d, _p, store) = with_example();
    let records = gather(&store, None, Closure::Provenance).unwrap();
    let names = Names::for_records(&store, &records).unwrap();
    let tables = chancery::exchange::csv_files::tables(&records, &names);
    let files: Vec<&str> = tables.iter().map(|t| t.file).collect();
    assert!(
        files.contains(&"links.csv")
            && files.contains(&"citations.csv")
            && files.contains(&"participants.csv")
    );
    let dir = tempfile::tempdir().unwrap();
    chancery::exchange::csv_files::write_folder(dir.path(), &tables, true).unwrap();
    let bytes = std::fs::read(dir.path().join("statements.csv")).unwrap();
    assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF], "BOM for spreadsheets");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader.headers().unwrap().clone();
    let speaker_name = headers.iter().position(|h| h == "speaker_name").unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().any(|r| &r[speaker_name] == "Asaad Al Shibani"));
}

/// Two files that exchanged a bundle, then both edited the same actor.
fn diverged() -> (tempfile::TempDir, Store, Store, uuid::Uuid, String) {
    let (dir, _p, mut ours) = with_example();
    let lavrov = example_uuid(&ours, RecordKind::Actor, "Sergey Lavrov");
    let shared = Bundle::for_export(ours.all_records(true).unwrap()).to_json();
    let mut theirs = Store::open(&dir.path().join("theirs.db")).unwrap();
    import_bundle_with(&mut theirs, &shared, ImportOptions::default()).unwrap();
    for (store, text) in [(&mut ours, "Edited here"), (&mut theirs, "Edited there")] {
        let Some(Record::Actor(mut a)) = store.get(lavrov).unwrap() else {
            panic!()
        };
        a.description = text.into();
        store.update(Record::Actor(a)).unwrap();
    }
    let back = Bundle::for_export(theirs.all_records(true).unwrap()).to_json();
    (dir, ours, theirs, lavrov, back)
}

fn description(store: &Store, uuid: uuid::Uuid) -> String {
    let Some(Record::Actor(a)) = store.get(uuid).unwrap() else {
        panic!()
    };
    a.description
}

#[test]
fn a_conflict_is_reported_and_fail_changes_nothing() {
    let (_dir, mut ours, _theirs, lavrov, back) = diverged();
    let before = Bundle::for_export(ours.all_records(true).unwrap()).to_json();
    let options = ImportOptions {
        take_theirs: Default::default(),
        on_conflict: OnConflict::Fail,
        dry_run: false,
        ..ImportOptions::default()
    };
    let err = import_bundle_with(&mut ours, &back, options).unwrap_err();
    assert!(
        err.to_string()
            .contains("changed both here and in the import"),
        "{err}"
    );
    assert!(
        matches!(err, chancery::exchange::ImportError::Store(StoreError::Conflicts(ref c)) if c.len() == 1)
    );
    assert!(Bundle::for_export(ours.all_records(true).unwrap()).to_json() == before);
    // A dry run lists it and writes nothing either.
    let report = import_bundle_with(
        &mut ours,
        &back,
        ImportOptions {
            take_theirs: Default::default(),
            on_conflict: OnConflict::Keep,
            dry_run: true,
            ..ImportOptions::default()
        },
    )
    .unwrap();
    assert_eq!(report.conflicts.len(), 1);
    assert_eq!(report.conflicts[0].uuid, lavrov);
    assert_eq!(description(&ours, lavrov), "Edited here");
}

#[test]
fn keep_mine_or_take_theirs_and_undo_it() {
    let (_dir, mut ours, _theirs, lavrov, back) = diverged();
    let kept = import_bundle_with(&mut ours, &back, ImportOptions::default()).unwrap();
    assert_eq!(kept.conflicts.len(), 1);
    assert_eq!(description(&ours, lavrov), "Edited here");
    let taken = import_bundle_with(
        &mut ours,
        &back,
        ImportOptions {
            take_theirs: Default::default(),
            on_conflict: OnConflict::Theirs,
            dry_run: false,
            ..ImportOptions::default()
        },
    )
    .unwrap();
    assert_eq!(chancery::store::ImportReport::total(&taken.updated), 1);
    assert_eq!(description(&ours, lavrov), "Edited there");
    // Nothing is lost: the replaced copy is in the change log, and undo brings it back.
    ours.undo().unwrap();
    assert_eq!(description(&ours, lavrov), "Edited here");
}

#[test]
fn a_conflict_can_be_resolved_one_record_at_a_time() {
    let (_dir, mut ours, _theirs, lavrov, back) = diverged();
    // Even under "fail", a conflict the user chose to take is no longer in the way.
    let options = ImportOptions {
        on_conflict: OnConflict::Fail,
        take_theirs: [lavrov].into_iter().collect(),
        dry_run: false,
        ..ImportOptions::default()
    };
    let report = import_bundle_with(&mut ours, &back, options).unwrap();
    assert_eq!(report.conflicts.len(), 1, "still reported");
    assert_eq!(description(&ours, lavrov), "Edited there");
}

#[test]
fn an_update_from_the_other_side_alone_is_not_a_conflict() {
    let (dir, _p, mut ours) = with_example();
    let lavrov = example_uuid(&ours, RecordKind::Actor, "Sergey Lavrov");
    let shared = Bundle::for_export(ours.all_records(true).unwrap()).to_json();
    let mut theirs = Store::open(&dir.path().join("theirs.db")).unwrap();
    import_bundle_with(&mut theirs, &shared, ImportOptions::default()).unwrap();
    let Some(Record::Actor(mut a)) = theirs.get(lavrov).unwrap() else {
        panic!()
    };
    a.description = "Edited there".into();
    theirs.update(Record::Actor(a)).unwrap();
    let back = Bundle::for_export(theirs.all_records(true).unwrap()).to_json();
    let options = ImportOptions {
        take_theirs: Default::default(),
        on_conflict: OnConflict::Fail,
        dry_run: false,
        ..ImportOptions::default()
    };
    let report = import_bundle_with(&mut ours, &back, options).unwrap();
    assert!(report.conflicts.is_empty());
    assert_eq!(chancery::store::ImportReport::total(&report.updated), 1);
    assert_eq!(description(&ours, lavrov), "Edited there");
}

/// Writes `records` as a CSV folder in a new temporary directory.
fn csv_folder(store: &Store, records: &[Record], bom: bool) -> tempfile::TempDir {
    let names = Names::for_records(store, records).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let tables = chancery::exchange::csv_files::tables(records, &names);
    chancery::exchange::csv_files::write_folder(dir.path(), &tables, bom).unwrap();
    dir
}

#[test]
fn csv_written_and_read_back_equals_the_original() {
    let (_d, _p, mut store) = with_example();
    let lavrov = example_uuid(&store, RecordKind::Actor, "Sergey Lavrov");
    store.delete(lavrov).unwrap();
    let records = gather(&store, None, Closure::Provenance).unwrap();
    let dir = csv_folder(&store, &records, true);
    let mut back = chancery::exchange::csv_files::read_folder(dir.path()).unwrap();
    let mut original = records;
    original.sort_by_key(|r| r.uuid());
    back.sort_by_key(|r| r.uuid());
    assert_eq!(back.len(), original.len());
    for (a, b) in original.into_iter().zip(back) {
        assert_eq!(without_base(a), without_base(b));
    }
    // And the folder imports into an empty file as it is.
    let (_d2, _p2, mut empty) = fresh();
    let report =
        chancery::exchange::import_path(&mut empty, dir.path(), ImportOptions::default()).unwrap();
    assert_eq!(chancery::store::ImportReport::total(&report.added), 42);
    assert!(empty.check().unwrap().problems.is_empty());
}

#[test]
fn a_broken_csv_names_the_file_and_line() {
    let (_d, _p, store) = with_example();
    let records = gather(&store, None, Closure::Provenance).unwrap();
    let dir = csv_folder(&store, &records, false);
    let path = dir.path().join("meetings.csv");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replacen("2025-09-09", "2025-19-09", 1);
    std::fs::write(&path, text).unwrap();
    let err = chancery::exchange::csv_files::read_folder(dir.path()).unwrap_err();
    assert_eq!(err.file, "meetings.csv");
    assert!(err.to_string().contains("line "), "{err}");
    assert!(err.to_string().contains("2025-19-09"), "{err}");
}

#[cfg(unix)]
#[test]
fn exported_files_are_readable_by_others_like_any_saved_file() {
    use std::os::unix::fs::PermissionsExt;
    let (_d, _p, store) = with_example();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("kb.json");
    write(
        &store,
        gather(&store, None, Closure::Provenance).unwrap(),
        Format::Bundle,
        &out,
        false,
    )
    .unwrap();
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644);
}

#[test]
fn csv_as_one_zip_is_stable_reads_back_and_imports() {
    let (_d, _p, store) = with_example();
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.zip"), dir.path().join("b.zip"));
    for out in [&a, &b] {
        write(
            &store,
            gather(&store, None, Closure::Provenance).unwrap(),
            Format::Csv,
            out,
            true,
        )
        .unwrap();
    }
    assert!(
        std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap(),
        "same records, same bytes"
    );
    assert!(chancery::exchange::csv_files::is_zip(&a));
    let mut back = chancery::exchange::csv_files::read_zip(&a).unwrap();
    let mut original = gather(&store, None, Closure::Provenance).unwrap();
    back.sort_by_key(|r| r.uuid());
    original.sort_by_key(|r| r.uuid());
    assert_eq!(
        back.into_iter().map(without_base).collect::<Vec<_>>(),
        original.into_iter().map(without_base).collect::<Vec<_>>()
    );
    let (_d2, _p2, mut empty) = fresh();
    let report = chancery::exchange::import_path(&mut empty, &a, ImportOptions::default()).unwrap();
    assert_eq!(chancery::store::ImportReport::total(&report.added), 42);
    // A damaged zip is refused with its name.
    std::fs::write(&b, b"PK\x03\x04 not really a zip").unwrap();
    let err =
        chancery::exchange::import_path(&mut empty, &b, ImportOptions::default()).unwrap_err();
    assert!(err.to_string().contains("b.zip"), "{err}");
}

/// A dossier (issue 23): an actor with their statements and the meetings they attended, a
/// source with what cites it; all with provenance, so it imports into an empty file whole.
#[test]
fn a_dossier_takes_what_refers_to_the_records_with_its_provenance() {
    let (_d, _p, store) = with_example();
    let kinds_of = |records: &[Record]| -> Vec<(RecordKind, String)> {
        records
            .iter()
            .map(|r| (r.kind(), r.name().to_string()))
            .collect()
    };
    let lavrov = example_uuid(&store, RecordKind::Actor, "Sergey Lavrov");
    let provenance = close_over(&store, &[lavrov], Closure::Provenance).unwrap();
    assert!(
        !provenance.iter().any(|r| r.kind() == RecordKind::Statement),
        "provenance alone takes nothing said"
    );
    let dossier = close_over(&store, &[lavrov], Closure::Dossier).unwrap();
    let found = kinds_of(&dossier);
    assert!(
        found
            .iter()
            .any(|(k, n)| *k == RecordKind::Statement && n.starts_with("Russia remained")),
        "his statement: {found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(k, n)| *k == RecordKind::Meeting && n == "Al Shibani's visit to Moscow"),
        "the meeting he attended: {found:?}"
    );
    // Whole: everything referred to is in it.
    let uuids: BTreeSet<uuid::Uuid> = dossier.iter().map(Record::uuid).collect();
    for r in &dossier {
        for referenced in r.referenced() {
            assert!(uuids.contains(&referenced), "{} refers outside", r.name());
        }
    }
    // A source: what cites it.
    let sana = store
        .all_records(false)
        .unwrap()
        .into_iter()
        .find(|r| r.kind() == RecordKind::Source)
        .expect("a source");
    let citing = close_over(&store, &[sana.uuid()], Closure::Dossier).unwrap();
    assert!(
        citing
            .iter()
            .any(|r| r.meta().citations.iter().any(|c| c.source == sana.uuid())),
        "what cites the source comes along"
    );
}
