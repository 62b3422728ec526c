//! Import and export as streams: a bundle file is exported a record at a time and imported in
//! two passes with progress, the same bytes and records as the in-memory forms; a stopped
//! import writes nothing; problems found by either pass name the record; the header is judged
//! before the records wherever it stands.

mod common;
use chancery::exchange::export::{export, export_counts};
use chancery::exchange::{
    Closure, EXAMPLE_BUNDLE, ExportSelection, Format, ImportError, ImportStep, export_bundle,
    import_bundle, import_path, import_path_with_progress,
};
use chancery::model::*;
use chancery::store::{ImportOptions, Store};
use common::*;
use serde_json::json;

fn export_everything(store: &Store, out: &std::path::Path) -> usize {
    let written = export(
        store,
        &ExportSelection::everything(),
        Closure::None,
        Format::Bundle,
        out,
        false,
        &mut |_, _| true,
    )
    .unwrap();
    written.values().sum()
}

#[test]
fn a_streamed_export_is_the_bundle_byte_for_byte_and_counts_without_reading() {
    let (dir, _path, mut store) = with_example();
    let lavrov = example_uuid(&store, RecordKind::Actor, "Sergey Lavrov");
    store.delete(lavrov).unwrap();
    let out = dir.path().join("all.json");
    assert_eq!(export_everything(&store, &out), 42);
    let streamed = std::fs::read_to_string(&out).unwrap();
    let in_memory = export_bundle(&store, None).unwrap().to_json();
    assert!(streamed == in_memory, "the streamed export differs");
    let counts = export_counts(&store, &ExportSelection::everything(), Closure::None).unwrap();
    assert_eq!(
        counts.values().sum::<usize>(),
        42,
        "the Trash is counted too"
    );
    assert_eq!(counts.get(&RecordKind::Meeting), Some(&4));
}

#[test]
fn a_file_imports_in_two_passes_reporting_each_step() {
    let (dir, _path, store) = with_example();
    let out = dir.path().join("all.json");
    export_everything(&store, &out);
    let (_d, _p, mut empty) = fresh();
    let mut steps: Vec<ImportStep> = Vec::new();
    let report = import_path_with_progress(&mut empty, &out, ImportOptions::default(), &mut |s| {
        steps.push(s);
        true
    })
    .unwrap();
    assert_eq!(chancery::store::ImportReport::total(&report.added), 42);
    let size = std::fs::metadata(&out).unwrap().len();
    assert!(steps.contains(&ImportStep::Checking {
        done: size,
        total: size
    }));
    assert!(steps.contains(&ImportStep::Writing {
        done: 42,
        total: 42
    }));
    // The bundle's sections come in the order of their references: every record is
    // written whole as it is read, and none is left to derive at the end.
    assert_eq!(
        steps.last(),
        Some(&ImportStep::Indexing { done: 0, total: 0 })
    );
    let fractions: Vec<f32> = steps.iter().map(|s| s.fraction()).collect();
    assert!(
        fractions.windows(2).all(|w| w[0] <= w[1]),
        "progress only grows: {fractions:?}"
    );
    assert_eq!(fractions.last(), Some(&1.0));
    assert_eq!(
        ImportStep::Writing {
            done: 1200,
            total: 1_400_580
        }
        .text(),
        "Writing 1,200 of 1,400,580 records"
    );
    // Searchable, linked and checked as the in-memory import leaves it.
    assert!(empty.check().unwrap().problems.is_empty());
    let shibani = example_uuid(&empty, RecordKind::Actor, "Asaad Al Shibani");
    assert!(!empty.backlinks(shibani).unwrap().is_empty());
}

#[test]
fn a_stopped_import_writes_nothing_at_any_step() {
    let (dir, _path, store) = with_example();
    let out = dir.path().join("all.json");
    export_everything(&store, &out);
    for stop_at in ["checking", "writing", "indexing"] {
        let (_d, _p, mut target) = fresh();
        target.insert(topic("already here")).unwrap();
        let err =
            import_path_with_progress(&mut target, &out, ImportOptions::default(), &mut |s| {
                let step = match s {
                    ImportStep::Checking { .. } => "checking",
                    ImportStep::Writing { .. } => "writing",
                    ImportStep::Indexing { .. } => "indexing",
                };
                step != stop_at
            })
            .expect_err("stopped");
        assert!(matches!(err, ImportError::Stopped), "{stop_at}: {err}");
        assert!(err.to_string().contains("nothing was imported"), "{err}");
        assert_eq!(target.counts().unwrap().live(), 1, "{stop_at}");
    }
}

#[test]
fn a_reference_to_a_later_section_resolves_and_a_dangling_one_names_its_record() {
    // Statements cite sources, which come later in the file: the first pass keeps the
    // reference open until the end.
    let (_d, _p, mut store) = fresh();
    import_bundle(&mut store, EXAMPLE_BUNDLE).unwrap();
    let mut b: serde_json::Value = serde_json::from_str(EXAMPLE_BUNDLE).unwrap();
    let uuid = b["statements"][1]["uuid"].as_str().unwrap().to_string();
    b["statements"][1]["citations"][0]["source"] = json!("00000000-0000-4000-8000-000000000002");
    let (_d, _p, mut empty) = fresh();
    let err = import_bundle(&mut empty, &b.to_string())
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(&format!(
            "statements[1] ({uuid}): refers to 00000000-0000-4000-8000-000000000002, which is neither in the import nor in this file"
        )),
        "{err}"
    );
    assert_eq!(empty.counts().unwrap().live(), 0);

    // A speaker that is a place in the import is the wrong kind.
    let mut b: serde_json::Value = serde_json::from_str(EXAMPLE_BUNDLE).unwrap();
    let place = b["places"][0]["uuid"].clone();
    b["statements"][0]["speaker"] = place;
    let err = import_bundle(&mut empty, &b.to_string())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("which is a place, but its speaker must be an actor"),
        "{err}"
    );
}

#[test]
fn the_header_is_judged_before_the_records_wherever_it_stands() {
    let (_d, _p, mut store) = fresh();
    // Sections before the header (as a sorted JSON object puts them): a record this version
    // cannot read is reported as a newer bundle, not as a bad record.
    let text = r#"{"actors": [{"uuid": "x", "hologram": true}], "format": "chancery-bundle", "version": 9}"#;
    let err = import_bundle(&mut store, text).unwrap_err().to_string();
    assert!(err.contains("version 9, made by a newer Chancery"), "{err}");
    let text = r#"{"actors": [{"uuid": "x"}], "format": "other"}"#;
    let err = import_bundle(&mut store, text).unwrap_err().to_string();
    assert!(err.contains("not a Chancery bundle"), "{err}");
    let text = r#"{"actors": [{"uuid": "x"}], "format": "chancery-bundle", "version": 2}"#;
    let err = import_bundle(&mut store, text).unwrap_err().to_string();
    assert!(err.starts_with("actors[0] (x): "), "{err}");
    let err = import_bundle(&mut store, "[1, 2]").unwrap_err().to_string();
    assert!(err.contains("the document is not a JSON object"), "{err}");
    let text = r#"{"format": "chancery-bundle", "version": 2, "topics": {"a": 1}}"#;
    let err = import_bundle(&mut store, text).unwrap_err().to_string();
    assert!(err.contains("\"topics\" is not a list"), "{err}");
    let text = r#"{"format": "chancery-bundle", "version": 2, "topics": []} trailing"#;
    let err = import_bundle(&mut store, text).unwrap_err().to_string();
    assert!(err.contains("not valid JSON"), "{err}");
    assert_eq!(store.counts().unwrap().live(), 0);
}

#[test]
fn a_file_changed_between_the_passes_is_refused() {
    // The second pass must read what the first checked: simulated by a bundle that grows
    // while the first pass reports progress.
    let (dir, _path, store) = with_example();
    let out = dir.path().join("all.json");
    export_everything(&store, &out);
    let (_d, _p, mut target) = fresh();
    let mut touched = false;
    let err = import_path_with_progress(&mut target, &out, ImportOptions::default(), &mut |s| {
        if matches!(s, ImportStep::Checking { .. }) && !touched {
            touched = true;
            let mut text = std::fs::read_to_string(&out).unwrap();
            text.push('\n');
            std::fs::write(&out, text).unwrap();
        }
        true
    })
    .expect_err("changed");
    assert!(
        err.to_string()
            .contains("it changed while it was being imported"),
        "{err}"
    );
    assert_eq!(target.counts().unwrap().live(), 0);
    // Unchanged again, it imports.
    let report = import_path(&mut target, &out, ImportOptions::default()).unwrap();
    assert_eq!(chancery::store::ImportReport::total(&report.added), 42);
}

#[test]
fn a_bundle_referring_ahead_is_derived_at_the_end_the_same_way() {
    // A JSON object with sorted keys puts statements before the sources they cite and
    // meetings before their places: those records are derived after every row is in.
    let sorted = serde_json::from_str::<serde_json::Value>(EXAMPLE_BUNDLE)
        .unwrap()
        .to_string();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sorted.json");
    std::fs::write(&file, &sorted).unwrap();
    let (_d, _p, mut ahead) = fresh();
    let mut last = None;
    import_path_with_progress(&mut ahead, &file, ImportOptions::default(), &mut |s| {
        last = Some(s);
        true
    })
    .unwrap();
    let Some(ImportStep::Indexing { done, total }) = last else {
        panic!("{last:?}")
    };
    assert!(total >= 8 && done == total, "{done} of {total}");

    let (_d, _p, canonical) = with_example();
    let strip = |store: &Store| -> Vec<Record> {
        let mut records = store.all_records(true).unwrap();
        records.sort_by_key(|r| r.uuid());
        records
    };
    assert_eq!(strip(&ahead), strip(&canonical));
    for (kind, name) in [
        (RecordKind::Actor, "Asaad Al Shibani"),
        (RecordKind::Place, "Damascus"),
        (
            RecordKind::Source,
            "SANA report on the Russian delegation at Tishreen Palace",
        ),
    ] {
        let a = ahead.backlinks(example_uuid(&ahead, kind, name)).unwrap();
        let c = canonical
            .backlinks(example_uuid(&canonical, kind, name))
            .unwrap();
        let shape = |groups: Vec<chancery::store::BacklinkGroup>| -> Vec<(String, usize)> {
            groups.into_iter().map(|g| (g.relation, g.total)).collect()
        };
        assert_eq!(shape(a), shape(c), "{name}");
    }
    // Titles (a statement's names its speaker), list columns and the index agree.
    for words in ["", "Shibani", "Damascus", "Sana"] {
        let listed = |store: &Store| -> Vec<(String, Vec<String>)> {
            let mut request = chancery::query::SearchRequest::new(SearchSpec {
                text: words.into(),
                ..SearchSpec::default()
            });
            request.limit = 100;
            let mut rows: Vec<(String, Vec<String>)> = chancery::query::search(store, &request)
                .unwrap()
                .hits
                .into_iter()
                .map(|h| (h.title, h.columns))
                .collect();
            rows.sort();
            rows
        };
        let rows = listed(&ahead);
        assert!(!rows.is_empty(), "{words}");
        assert_eq!(rows, listed(&canonical), "{words}");
    }
    assert!(ahead.check().unwrap().problems.is_empty());
}
