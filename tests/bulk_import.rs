//! An import into an empty file takes a faster road (issue 26): its secondary indexes and the
//! triggers keeping the record counts are dropped, and made again once every row is in. The
//! file it leaves must be the file the ordinary road leaves: the same schema, counts that
//! match the rows, the same answers; and a refused import must leave the schema whole.

mod common;
use chancery::exchange::{EXAMPLE_BUNDLE, import_bundle};
use chancery::model::*;
use chancery::query::{SearchRequest, search};
use chancery::store::Store;
use common::*;
use std::path::Path;

/// Every index and trigger of the file, with its SQL.
fn schema(path: &Path) -> Vec<(String, String, String)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.prepare(
        "SELECT type, name, coalesce(sql, '') FROM sqlite_master
         WHERE type IN ('index', 'trigger') ORDER BY type, name",
    )
    .unwrap()
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

/// Records of a kind, in or out of the Trash (or merged), and how many.
type Count = (String, i64, i64);

/// The kept record counts next to the counts of the rows themselves.
fn kept_and_counted(path: &Path) -> (Vec<Count>, Vec<Count>) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let read = |sql: &str| -> Vec<Count> {
        conn.prepare(sql)
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    (
        read("SELECT kind, trashed, n FROM record_count WHERE n > 0 ORDER BY 1, 2"),
        read(
            "SELECT kind, (deleted_at IS NOT NULL) + 2 * (merged_into IS NOT NULL), count(*)
             FROM record GROUP BY 1, 2 ORDER BY 1, 2",
        ),
    )
}

fn titles(store: &Store, text: &str) -> Vec<String> {
    let page = search(
        store,
        &SearchRequest::new(SearchSpec {
            text: text.into(),
            filters: Filters::default(),
            order: SortOrder::Relevance,
            exact: false,
        }),
    )
    .unwrap();
    page.hits.into_iter().map(|h| h.title).collect()
}

#[test]
fn an_import_into_an_empty_file_leaves_the_file_an_ordinary_import_leaves() {
    let (_blank_dir, blank_path, blank) = fresh();
    drop(blank);
    let (_dir, empty_path, mut into_empty) = fresh();
    import_bundle(&mut into_empty, EXAMPLE_BUNDLE).unwrap();
    // A file holding one record takes the ordinary road.
    let (_dir2, _path2, mut into_used) = fresh();
    into_used.insert(topic("Fisheries")).unwrap();
    import_bundle(&mut into_used, EXAMPLE_BUNDLE).unwrap();

    assert_eq!(
        schema(&empty_path),
        schema(&blank_path),
        "every index and trigger is made again"
    );
    let (kept, counted) = kept_and_counted(&empty_path);
    assert!(!kept.is_empty());
    assert_eq!(kept, counted, "the counts match the rows");
    assert!(into_empty.check().unwrap().problems.is_empty());
    for text in [
        "Shaibani",
        "Damascus",
        "Novak",
        "sanctions",
        "Tishreen Palace",
    ] {
        let found = titles(&into_empty, text);
        assert!(!found.is_empty(), "'{text}' finds something");
        assert_eq!(found, titles(&into_used, text), "'{text}'");
    }
    // Lists ordered by the indexes that were made again.
    let actors = |store: &Store| {
        store
            .titles(RecordKind::Actor, 100)
            .unwrap()
            .into_iter()
            .map(|r| r.title)
            .collect::<Vec<_>>()
    };
    assert!(actors(&into_empty).len() > 3);
    assert_eq!(actors(&into_empty), actors(&into_used));
    // The next edit counts as usual: the triggers are back.
    into_empty.insert(topic("Grain")).unwrap();
    let (kept, counted) = kept_and_counted(&empty_path);
    assert_eq!(kept, counted, "an edit after the import keeps the counts");
}

#[test]
fn a_refused_import_into_an_empty_file_leaves_every_index_and_trigger() {
    let (_blank_dir, blank_path, blank) = fresh();
    drop(blank);
    let (_dir, path, mut store) = fresh();
    let a = uuid::Uuid::new_v4();
    let b = uuid::Uuid::new_v4();
    let place = |me: uuid::Uuid, parent: uuid::Uuid, name: &str| {
        serde_json::json!({
            "uuid": me.to_string(),
            "created_at": "2025-01-01T00:00:00Z",
            "updated_at": "2025-01-01T00:00:00Z",
            "name": name,
            "parent": parent.to_string(),
        })
    };
    let bundle = serde_json::json!({
        "format": "chancery-bundle",
        "version": 3,
        "places": [place(a, b, "Upper"), place(b, a, "Lower")],
    });
    let err = import_bundle(&mut store, &bundle.to_string())
        .expect_err("two places inside each other are refused")
        .to_string();
    assert!(err.contains("inside itself"), "{err}");
    assert_eq!(store.counts().unwrap().live(), 0, "all or nothing");
    assert_eq!(schema(&path), schema(&blank_path));
    // And the file takes the import once it is right.
    import_bundle(&mut store, EXAMPLE_BUNDLE).unwrap();
    assert!(store.check().unwrap().problems.is_empty());
}
