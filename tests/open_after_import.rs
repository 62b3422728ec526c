//! Opening a file whose last change was a large import: the window's start-up work (counts,
//! the Undo item's label, the first list) must not grow with the import (issue 26: a 1.2M-record
//! import kept the window black for ~50 s while the Undo label read every line of it).

use chancery::app::App;
use chancery::exchange::import_bundle;
use chancery::store::{COUNTED_RECORDS, Store, change_log_rows_read};

const IMPORTED: usize = 100_000;

/// A bundle of `n` topics, the smallest records there are.
fn topics_bundle(n: usize) -> String {
    let topics: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "uuid": uuid::Uuid::from_u128(0x1000_0000 + i as u128),
                "created_at": "2026-01-01T00:00:00Z",
                "updated_at": "2026-01-01T00:00:00Z",
                "name": format!("Topic {i:06}"),
            })
        })
        .collect();
    serde_json::json!({"format": "chancery-bundle", "version": 3, "topics": topics}).to_string()
}

#[test]
fn opening_after_a_hundred_thousand_record_import_reads_a_bounded_part_of_the_change_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.db");
    {
        let mut store = Store::open(&path).unwrap();
        let report = import_bundle(&mut store, &topics_bundle(IMPORTED)).unwrap();
        assert!(
            report.summary().starts_with("100000 added"),
            "{}",
            report.summary()
        );
    }
    let before = change_log_rows_read();
    let app = App::open(&path, std::sync::Arc::new(|| {})).expect("open");
    let read = change_log_rows_read() - before;
    assert_eq!(app.undo_label(), Some("import of more than 10,000 records"));
    assert!(
        read <= COUNTED_RECORDS as u64 + 3,
        "opening read {read} change-log rows after an import of {IMPORTED}"
    );
}

#[test]
fn a_batch_within_the_count_is_named_with_its_exact_number() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("small.db");
    let mut store = Store::open(&path).unwrap();
    import_bundle(&mut store, &topics_bundle(1_234)).unwrap();
    assert_eq!(
        store.undo_label().unwrap().as_deref(),
        Some("import of 1234 records")
    );
    store.undo().unwrap();
    assert_eq!(
        store.redo_label().unwrap().as_deref(),
        Some("import of 1234 records")
    );
}
