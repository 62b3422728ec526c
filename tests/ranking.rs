//! Ranking leaves out the words most records hold (bm25 walks every record holding a word it
//! ranks by; at a million statements a stop-word cost ~100 ms a keystroke): the rarer words
//! rank, and when every word is common the newest come first.

mod common;
use chancery::model::{Filters, SearchSpec, SortOrder};
use chancery::query::{SearchRequest, search};
use common::*;
use uuid::Uuid;

fn typed(text: &str) -> SearchRequest {
    let mut request = SearchRequest::new(SearchSpec {
        text: text.into(),
        filters: Filters::default(),
        order: SortOrder::Relevance,
        exact: false,
    });
    request.prefix_last = true;
    request.group_by_kind = true;
    request.limit = 20;
    request
}

/// 6,000 statements holding "the" and "of"; three of them also "zebra", one of those twice in
/// a short text. The newest is the longest.
fn statements() -> (tempfile::TempDir, chancery::store::Store, Uuid, Uuid) {
    let (dir, _path, mut store) = fresh();
    let mut records: Vec<_> = (0..6_000)
        .map(|i| statement(&format!("the report {i} of the day"), None, None))
        .collect();
    records.push(statement(
        "zebra seen at the edge of the park by the rangers",
        None,
        None,
    ));
    records.push(statement("the zebra of zebra", None, None));
    let best = records.last().map(|r| r.uuid()).unwrap();
    records.push(statement(
        "the last word of the day about a zebra in a very long text of many words",
        None,
        None,
    ));
    records.push(statement(
        &format!("the newest of all {}", "padding words ".repeat(40)),
        None,
        None,
    ));
    let newest = records.last().map(|r| r.uuid()).unwrap();
    store.insert_all(records).unwrap();
    (dir, store, best, newest)
}

#[test]
fn a_rare_word_ranks_the_hits_and_every_hit_holds_the_common_ones_too() {
    let (_dir, store, best, _) = statements();
    for text in ["the zebra", "the zebr", "of the zebra", "zebra of the"] {
        let page = search(&store, &typed(text)).unwrap();
        assert_eq!(page.hits.len(), 3, "{text}");
        assert_eq!(
            page.hits[0].uuid, best,
            "{text}: the short text saying it twice"
        );
    }
}

#[test]
fn when_every_word_is_common_the_newest_come_first() {
    let (_dir, store, _, newest) = statements();
    for text in ["the of", "of the", "the"] {
        let page = search(&store, &typed(text)).unwrap();
        assert_eq!(page.hits.len(), 20, "{text}");
        assert_eq!(
            page.hits[0].uuid, newest,
            "{text}: the newest first, however long"
        );
        assert!(page.total_capped || page.total > 6_000, "{text}");
    }
}
