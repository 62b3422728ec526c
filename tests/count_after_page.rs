//! A list's first page comes before its total when counting needs a query of its own (a busy
//! actor, a common word and a date window: 85 % of the work at 300,000 statements was the
//! count). The total then follows, the same as counting with the page would give.

mod common;
use chancery::app::{App, ListCommand};
use chancery::exchange::generate::{Size, generate};
use chancery::model::{Filters, RecordKind, SearchSpec, SortOrder};
use chancery::query::{SearchRequest, search, search_page_first};
use std::time::Duration;

fn generated() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    chancery::store::Store,
) {
    let (dir, path, mut store) = common::fresh();
    let size = Size {
        statements: 3_000,
        seed: 5,
    };
    generate(&mut store, size, &mut |_, _| {}).unwrap();
    (dir, path, store)
}

fn statements_in(from: &str, to: &str) -> Filters {
    Filters {
        kinds: vec![RecordKind::Statement],
        from: Some(from.into()),
        to: Some(to.into()),
        ..Default::default()
    }
}

fn listed(filters: Filters) -> SearchRequest {
    let mut request = SearchRequest::new(SearchSpec {
        text: String::new(),
        filters,
        order: SortOrder::Newest,
        exact: false,
    });
    request.limit = 100;
    request
}

#[test]
fn a_long_filtered_list_gives_its_page_first_and_its_total_after_the_same_as_counted_at_once() {
    let (_dir, _path, store) = generated();
    let request = listed(statements_in("1990", "2030"));
    let at_once = search(&store, &request).unwrap();
    assert!(at_once.total > 100, "{}", at_once.total);
    assert!(!at_once.total_pending);

    let (page, pending) = search_page_first(&store, &request).unwrap();
    assert!(page.total_pending);
    assert_eq!(page.total, 0);
    assert_eq!(page.hits, at_once.hits, "the same page");
    let pending = pending.expect("a count left for after the page");
    assert_eq!(
        pending.count(&store).unwrap(),
        (at_once.total, at_once.total_capped)
    );
}

#[test]
fn a_list_that_fits_one_page_is_its_own_total() {
    let (_dir, _path, store) = generated();
    // One day: a few statements at most.
    let request = listed(statements_in("2015-03-01", "2015-03-01"));
    let at_once = search(&store, &request).unwrap();
    assert!(at_once.total < 100);
    let (page, pending) = search_page_first(&store, &request).unwrap();
    assert!(pending.is_none());
    assert!(!page.total_pending);
    assert_eq!(page.total, at_once.total);
}

#[test]
fn the_window_shows_the_total_once_counted() {
    let (_dir, path, store) = generated();
    let expected = search(&store, &listed(statements_in("1990", "2030")))
        .unwrap()
        .total;
    drop(store);
    let mut app = App::open(&path, std::sync::Arc::new(|| {})).unwrap();
    app.apply(ListCommand::SetFilters(statements_in("1990", "2030")))
        .unwrap();
    app.apply(ListCommand::SetOrder(SortOrder::Newest)).unwrap();
    assert!(app.wait_for_results(Duration::from_secs(60)));
    assert!(!app.results().counting);
    assert_eq!(app.results().total, expected);
    assert_eq!(app.results().hits.len(), 100);
}
