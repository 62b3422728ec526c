//! Search and filters over the example data and generated records: transliterations and
//! scripts, hostile input, every filter, date certainty, ordering and keyset pagination.

mod common;
use chancery::model::*;
use chancery::query::{Certainty, QueryError, SearchPage, SearchRequest, search};
use chancery::store::Store;
use common::*;

fn run(store: &Store, text: &str, filters: Filters) -> SearchPage {
    search(
        store,
        &SearchRequest::new(SearchSpec {
            text: text.into(),
            filters,
            order: SortOrder::Relevance,
            exact: false,
        }),
    )
    .unwrap_or_else(|e| panic!("search '{text}' failed: {e}"))
}

fn titles(page: &SearchPage) -> Vec<String> {
    page.hits.iter().map(|h| h.title.clone()).collect()
}

#[test]
fn any_spelling_or_script_finds_the_actor_first() {
    let (_d, _p, store) = with_example();
    for query in [
        "Shaibani",
        "al-Shaibani",
        "\"al-Shaibani\"",
        "Al Shibani",
        "الشيباني",
        "شيباني",
        "أسعد",
        "Shay*",
    ] {
        let page = run(&store, query, Filters::default());
        let first = page
            .hits
            .first()
            .unwrap_or_else(|| panic!("'{query}' found nothing"));
        assert_eq!(
            (first.kind, first.title.as_str()),
            (RecordKind::Actor, "Asaad Al Shibani"),
            "query {query}"
        );
    }
    // Cyrillic aliases work too.
    let page = run(&store, "Лавров", Filters::default());
    assert_eq!(page.hits[0].title, "Sergey Lavrov");
}

#[test]
fn statements_are_found_through_their_speaker() {
    let (_d, _p, store) = with_example();
    let page = run(
        &store,
        "Shaibani",
        Filters {
            kinds: vec![RecordKind::Statement],
            ..Filters::default()
        },
    );
    assert_eq!(
        titles(&page),
        ["Asaad Al Shibani: We want Russia by our side"]
    );
    let page = run(&store, "Lavrov integrity", Filters::default());
    assert_eq!(page.hits[0].kind, RecordKind::Statement);
    let snippet = page.hits[0].snippet.as_ref().expect("snippet").bracketed();
    assert!(snippet.contains("[integrity]"), "{snippet}");
}

/// Issue 23, finding 11: `al-Sharaa` found the actor, his statement, the meeting and a link;
/// `الشرع` found the actor alone. What refers to an actor (speaker, participant, represents,
/// link end) is found by every name of the actor, in every script, and as the actor is edited.
#[test]
fn every_name_of_an_actor_finds_what_refers_to_him_in_every_script() {
    let (_d, _p, mut store) = with_example();
    let kinds = |store: &Store, text: &str| -> Vec<(RecordKind, String)> {
        let mut found: Vec<(RecordKind, String)> = run(store, text, Filters::default())
            .hits
            .into_iter()
            .map(|h| (h.kind, h.title))
            .collect();
        found.sort();
        found
    };
    let latin = kinds(&store, "al-Sharaa");
    assert_eq!(latin.len(), 4, "{latin:?}");
    assert_eq!(
        kinds(&store, "الشرع"),
        latin,
        "Arabic finds the same records"
    );
    assert_eq!(kinds(&store, "Julani"), latin, "another alias too");
    // Cyrillic: Lavrov's statement and the meeting he took part in.
    let cyrillic = kinds(&store, "Лавров");
    assert!(
        cyrillic
            .iter()
            .any(|(k, t)| *k == RecordKind::Statement && t.starts_with("Sergey Lavrov: ")),
        "{cyrillic:?}"
    );
    assert!(
        cyrillic.iter().any(|(k, _)| *k == RecordKind::Meeting),
        "{cyrillic:?}"
    );
    // An alias added later finds the referring records at once.
    let shara = example_uuid(&store, RecordKind::Actor, "Ahmad Al Shara");
    let Some(Record::Actor(mut actor)) = store.get(shara).unwrap() else {
        panic!("an actor");
    };
    actor.aliases.push(Alias {
        name: "Шараа".into(),
        kind: AliasKind::Transliteration,
        lang: "ru".into(),
    });
    store.update(Record::Actor(actor)).unwrap();
    assert_eq!(
        kinds(&store, "Шараа").len(),
        4,
        "the new Cyrillic alias finds what refers to him"
    );
}

#[test]
fn hostile_queries_never_fail() {
    let (_d, _p, store) = with_example();
    for query in [
        "\"",
        "*",
        "a OR",
        "'; DROP TABLE record; --",
        "NEAR(a b",
        "title:x",
        "^",
        "-",
        "((",
        "\"\"",
        "col : \"x",
        "a AND",
        "Russia*OR",
    ] {
        let request = SearchRequest::new(SearchSpec {
            text: query.into(),
            ..SearchSpec::default()
        });
        // Never an SQL or FTS error: a result, or (for syntax with no word in it) a refusal
        // that says so.
        match search(&store, &request) {
            Ok(_) => {}
            Err(chancery::query::QueryError::NothingToSearch(_)) => {
                assert!(
                    !query.chars().any(char::is_alphanumeric),
                    "{query:?} has a word"
                );
            }
            Err(e) => panic!("query {query:?} failed: {e}"),
        }
    }
    assert_eq!(store.counts().unwrap().live(), 42);
}

#[test]
fn a_july_range_returns_the_moscow_visit_with_certainty() {
    let (_d, _p, store) = with_example();
    let filters = Filters {
        kinds: vec![RecordKind::Meeting],
        from: Some("2025-07".into()),
        to: Some("2025-07".into()),
        ..Filters::default()
    };
    let page = run(&store, "", filters);
    assert_eq!(page.hits[0].title, "Al Shibani's visit to Moscow");
    assert_eq!(page.hits[0].certainty, Some(Certainty::Certain));
    // "Earlier this year" may or may not be July: listed, but only as possible.
    let maybe = page
        .hits
        .iter()
        .find(|h| h.title.contains("hand-over"))
        .expect("possible hit");
    assert_eq!(maybe.certainty, Some(Certainty::Possible));
    assert_eq!(page.total, 2);
}

#[test]
fn actor_filter_covers_speaker_participant_and_represented() {
    let (_d, _p, store) = with_example();
    let page = run(
        &store,
        "",
        Filters {
            kinds: vec![RecordKind::Statement],
            actors: vec!["Lavrov".into()],
            ..Filters::default()
        },
    );
    assert_eq!(page.hits.len(), 1);
    assert!(page.hits[0].title.starts_with("Sergey Lavrov:"));
    // Meetings between Russian and Syrian officials since December 2024.
    let filters = Filters {
        kinds: vec![RecordKind::Meeting],
        actors: vec!["Russia".into(), "سوريا".into()],
        from: Some("2024-12".into()),
        ..Filters::default()
    };
    assert_eq!(run(&store, "", filters).total, 3);
}

#[test]
fn place_filter_includes_sub_places() {
    let (_d, _p, store) = with_example();
    let meetings = Filters {
        kinds: vec![RecordKind::Meeting],
        place: Some("Syria".into()),
        ..Filters::default()
    };
    let mut found = titles(&run(&store, "", meetings));
    found.sort();
    assert_eq!(
        found,
        [
            "Russian delegation's talks at Tishreen Palace",
            "Russian delegation's visit to Damascus"
        ]
    );
    // Statements made at meetings held in Moscow.
    let statements = Filters {
        kinds: vec![RecordKind::Statement],
        place: Some("Moscow".into()),
        ..Filters::default()
    };
    assert_eq!(run(&store, "", statements).total, 2);
}

#[test]
fn topic_source_reliability_and_kind_filters() {
    let (_d, _p, store) = with_example();
    let page = run(
        &store,
        "",
        Filters {
            topics: vec!["sanctions".into()],
            kinds: vec![RecordKind::Statement],
            ..Filters::default()
        },
    );
    assert_eq!(page.total, 1);
    // Only the Tishreen meeting cites SANA (as "via").
    let page = run(
        &store,
        "",
        Filters {
            source: Some("SANA report".into()),
            kinds: vec![RecordKind::Meeting],
            ..Filters::default()
        },
    );
    assert_eq!(
        titles(&page),
        ["Russian delegation's talks at Tishreen Palace"]
    );
    // Everything in the example cites a B source; nothing an A source.
    let b = run(
        &store,
        "",
        Filters {
            min_reliability: Some(Reliability::B),
            kinds: vec![RecordKind::Statement],
            ..Filters::default()
        },
    );
    assert_eq!(b.total, 4);
    let a = run(
        &store,
        "",
        Filters {
            min_reliability: Some(Reliability::A),
            ..Filters::default()
        },
    );
    assert_eq!(a.total, 0);
    let reported = run(
        &store,
        "",
        Filters {
            statement_kinds: vec![StatementKind::Reported],
            ..Filters::default()
        },
    );
    assert_eq!(reported.total, 1);
    assert!(reported.hits[0].title.starts_with("Ahmad Al Shara:"));
}

#[test]
fn unknown_names_in_filters_say_so() {
    let (_d, _p, store) = with_example();
    let page = run(
        &store,
        "",
        Filters {
            actors: vec!["Napoleon".into()],
            ..Filters::default()
        },
    );
    assert_eq!(page.total, 0);
    assert_eq!(page.notes, ["no actor is named 'Napoleon'"]);
}

#[test]
fn bad_dates_in_filters_are_errors_not_panics() {
    let (_d, _p, store) = with_example();
    let spec = SearchSpec {
        filters: Filters {
            from: Some("July".into()),
            ..Filters::default()
        },
        ..SearchSpec::default()
    };
    assert!(matches!(
        search(&store, &SearchRequest::new(spec)),
        Err(QueryError::BadDate(_))
    ));
    let spec = SearchSpec {
        filters: Filters {
            from: Some("2025".into()),
            to: Some("2024".into()),
            ..Filters::default()
        },
        ..SearchSpec::default()
    };
    assert!(matches!(
        search(&store, &SearchRequest::new(spec)),
        Err(QueryError::EmptyRange { .. })
    ));
}

#[test]
fn trash_is_searched_separately() {
    let (_d, _p, mut store) = with_example();
    let lavrov = example_uuid(&store, RecordKind::Actor, "Sergey Lavrov");
    store.delete(lavrov).unwrap();
    assert!(
        run(
            &store,
            "Lavrov",
            Filters {
                kinds: vec![RecordKind::Actor],
                ..Filters::default()
            }
        )
        .hits
        .is_empty()
    );
    let trash = run(
        &store,
        "Lavrov",
        Filters {
            trash: true,
            ..Filters::default()
        },
    );
    assert_eq!(titles(&trash), ["Sergey Lavrov"]);
}

#[test]
fn keyset_pages_cover_every_record_once_in_each_order() {
    let (_d, _p, mut store) = fresh();
    let russia = store
        .insert(actor("Russia", ActorKind::State))
        .unwrap()
        .uuid();
    for i in 0..57 {
        let date = format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
        let mut m = meeting(
            &format!("Talks round {i:02}"),
            &date,
            None,
            vec![participant(russia, Role::Host)],
        );
        if i % 10 == 0 {
            let Record::Meeting(inner) = &mut m else {
                unreachable!()
            };
            inner.date = None;
        }
        store.insert(m).unwrap();
    }
    for (order, text) in [
        (SortOrder::Newest, ""),
        (SortOrder::Oldest, ""),
        (SortOrder::Title, ""),
        (SortOrder::Relevance, "talks round"),
    ] {
        let mut request = SearchRequest::new(SearchSpec {
            text: text.into(),
            filters: Filters {
                kinds: vec![RecordKind::Meeting],
                ..Filters::default()
            },
            order,
            exact: false,
        });
        request.limit = 10;
        let mut seen = Vec::new();
        let mut pages = 0;
        loop {
            let page = search(&store, &request).unwrap();
            assert_eq!(page.total, 57);
            seen.extend(page.hits.iter().map(|h| (h.title.clone(), h.date.clone())));
            pages += 1;
            match page.next {
                Some(cursor) => request.after = Some(cursor),
                None => break,
            }
        }
        assert_eq!(pages, 6, "{order:?}");
        assert_eq!(seen.len(), 57, "{order:?}");
        let mut unique: Vec<_> = seen.iter().map(|(t, _)| t.clone()).collect();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 57, "{order:?}: a record appeared twice");
        match order {
            SortOrder::Title => assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0)),
            SortOrder::Newest | SortOrder::Oldest => {
                // Undated meetings come last in both directions.
                let first_undated = seen.iter().position(|(_, d)| d.is_none()).unwrap();
                assert!(
                    seen[first_undated..].iter().all(|(_, d)| d.is_none()),
                    "{order:?}"
                );
                let dated: Vec<&String> = seen[..first_undated]
                    .iter()
                    .filter_map(|(_, d)| d.as_ref())
                    .collect();
                if order == SortOrder::Newest {
                    assert!(dated.windows(2).all(|w| w[0] >= w[1]));
                } else {
                    assert!(dated.windows(2).all(|w| w[0] <= w[1]));
                }
            }
            SortOrder::Relevance => {}
        }
    }
}

#[test]
fn an_interrupt_with_nothing_running_does_not_touch_the_next_search() {
    let (_d, _p, store) = with_example();
    store.interrupter().interrupt();
    let page = run(&store, "Shaibani", Filters::default());
    assert_eq!(page.hits[0].title, "Asaad Al Shibani");
}

#[test]
fn later_pages_can_skip_the_count() {
    let (_d, _p, store) = with_example();
    let mut request = SearchRequest::new(SearchSpec::default());
    request.limit = 10;
    let first = search(&store, &request).unwrap();
    assert_eq!(first.total, 42);
    request.after = first.next;
    request.count_total = false;
    let second = search(&store, &request).unwrap();
    assert_eq!(second.hits.len(), 10);
    assert_eq!(second.total, 0, "not counted");
}

#[test]
fn grouped_results_come_kind_by_kind_across_pages() {
    let (_d, _p, store) = with_example();
    let mut request = SearchRequest::new(SearchSpec {
        text: "Shaibani".into(),
        ..SearchSpec::default()
    });
    request.group_by_kind = true;
    request.limit = 2;
    let mut kinds = Vec::new();
    loop {
        let page = search(&store, &request).unwrap();
        kinds.extend(page.hits.iter().map(|h| h.kind));
        match page.next {
            Some(next) => request.after = Some(next),
            None => break,
        }
    }
    assert_eq!(
        kinds,
        [
            RecordKind::Actor,
            RecordKind::Meeting,
            RecordKind::Meeting,
            RecordKind::Statement,
            RecordKind::Link
        ]
    );
}

/// As you type, the last word is a prefix until a space ends it: "Rus" finds Russia, "Rus "
/// looks for the word "Rus" only. A single typed letter lists names (the full-text index
/// answers from two letters on).
#[test]
fn a_space_ends_the_word_being_typed_and_one_letter_lists_names() {
    let (_d, _p, mut store) = with_example();
    let typed = |store: &Store, text: &str| {
        let mut request = SearchRequest::new(SearchSpec {
            text: text.into(),
            ..Default::default()
        });
        request.prefix_last = true;
        search(store, &request).unwrap()
    };
    assert!(titles(&typed(&store, "Rus")).iter().any(|t| t == "Russia"));
    assert!(
        !titles(&typed(&store, "Rus ")).iter().any(|t| t == "Russia"),
        "{:?}",
        titles(&typed(&store, "Rus "))
    );
    let one = typed(&store, "L");
    assert!(titles(&one).iter().any(|t| t == "Sergey Lavrov"));
    assert_eq!(
        one.total as usize,
        one.hits.len(),
        "counted in the name index"
    );
    assert!(
        one.hits.iter().all(|h| matches!(
            h.kind,
            RecordKind::Actor | RecordKind::Place | RecordKind::Topic | RecordKind::Source
        )),
        "{:?}",
        titles(&one)
    );

    // A name in the Trash is neither listed nor counted.
    let lavrov = example_uuid(&store, RecordKind::Actor, "Sergey Lavrov");
    store.delete(lavrov).unwrap();
    let after = typed(&store, "L");
    assert!(!titles(&after).iter().any(|t| t == "Sergey Lavrov"));
    assert_eq!(after.total, one.total - 1);
}

fn run_exact(store: &Store, text: &str, exact: bool) -> SearchPage {
    let mut request = SearchRequest::new(SearchSpec {
        text: text.into(),
        exact,
        ..Default::default()
    });
    request.group_by_kind = true;
    search(store, &request).unwrap_or_else(|e| panic!("search '{text}' failed: {e}"))
}

#[test]
fn a_family_name_comes_before_a_given_name_that_folds_alike() {
    let (_d, _p, store) = with_example();
    // "al-Asad" folds like Asaad (Al Shibani's given name) and like Assad (the family name).
    for query in ["al-Asad", "al-Assad", "Assad", "الأسد"] {
        let page = run_exact(&store, query, false);
        let actors: Vec<&str> = page
            .hits
            .iter()
            .filter(|h| h.kind == RecordKind::Actor)
            .map(|h| h.title.as_str())
            .collect();
        assert_eq!(
            actors.first(),
            Some(&"Bashar Al Assad"),
            "{query}: {actors:?}"
        );
    }
    // A given name searched finds its bearer first.
    let page = run_exact(&store, "Asaad", false);
    assert_eq!(page.hits[0].title, "Asaad Al Shibani");
}

#[test]
fn every_hit_of_the_example_searches_says_how_it_matched() {
    let (_d, _p, store) = with_example();
    for query in [
        "Shaibani",
        "al-Shaibani",
        "Al Shibani",
        "الشيباني",
        "Лавров",
        "Lavrov",
        "sanctions",
        "Russia",
        "Tishreen",
        "unity",
        "Novak Damascus",
        "al-Asad",
    ] {
        let page = run_exact(&store, query, false);
        assert!(!page.hits.is_empty(), "{query} finds something");
        for hit in &page.hits {
            assert!(
                hit.reason.as_deref().is_some_and(|r| !r.is_empty()),
                "{query}: {} ({:?}) has no reason",
                hit.title,
                hit.kind
            );
        }
    }
    let reason_of = |query: &str, title: &str| -> String {
        run_exact(&store, query, false)
            .hits
            .into_iter()
            .find(|h| h.title == title)
            .and_then(|h| h.reason)
            .unwrap_or_else(|| panic!("{query} finds {title} with a reason"))
    };
    // A spelling the actor does not have, an alias, a name in another script.
    assert_eq!(
        reason_of("Shaybaani", "Asaad Al Shibani"),
        "spelling variant of the name"
    );
    assert_eq!(
        reason_of("Shaibani", "Asaad Al Shibani"),
        "alias «Asaad al-Shaibani»"
    );
    assert!(reason_of("الشيباني", "Asaad Al Shibani").starts_with("alias «"));
    assert_eq!(reason_of("Al Shibani", "Asaad Al Shibani"), "in the name");
    // A statement found through its speaker's name says so.
    let page = run_exact(&store, "Shibani", false);
    let statement = page
        .hits
        .iter()
        .find(|h| h.kind == RecordKind::Statement && h.title.contains("We want Russia"))
        .expect("his statement");
    assert_eq!(
        statement.reason.as_deref(),
        Some("speaker Asaad Al Shibani · in the text"),
        "{statement:?}"
    );
}

#[test]
fn exact_spelling_turns_the_variants_off() {
    let (_d, _p, store) = with_example();
    let titles_of = |page: &SearchPage| -> Vec<String> { titles(page) };
    // No name, alias or text of the example spells it "Shaybaani" (it folds like them all).
    let with_variants = run_exact(&store, "Shaybaani", false);
    assert!(titles_of(&with_variants).contains(&"Asaad Al Shibani".to_string()));
    let exact = run_exact(&store, "Shaybaani", true);
    assert!(
        !titles_of(&exact).contains(&"Asaad Al Shibani".to_string()),
        "{:?}",
        titles_of(&exact)
    );
    // Spelled as written, it is found either way.
    let exact = run_exact(&store, "Shibani", true);
    assert_eq!(exact.hits[0].title, "Asaad Al Shibani");
}

#[test]
fn arabic_is_found_with_persian_letters_hamza_forms_and_without_the_article() {
    let (_d, _p, store) = with_example();
    for query in ["شیبانی", "الشيباني", "شيباني", "اسعد", "أسعد", "أَسْعَد"]
    {
        let page = run_exact(&store, query, false);
        assert_eq!(
            page.hits.first().map(|h| h.title.as_str()),
            Some("Asaad Al Shibani"),
            "{query}"
        );
    }
}

#[test]
fn a_highlighted_arabic_snippet_keeps_its_word_order() {
    let (_d, _p, store) = with_example();
    let page = run_exact(&store, "الشيباني", false);
    let snippet = page
        .hits
        .iter()
        .find(|h| h.title == "Asaad Al Shibani")
        .and_then(|h| h.snippet.clone())
        .expect("a snippet of his Arabic alias");
    let marked: Vec<&str> = snippet
        .0
        .iter()
        .filter(|(_, hit)| *hit)
        .map(|(t, _)| t.as_str())
        .collect();
    assert!(
        !marked.is_empty() && marked.iter().all(|m| *m == "الشيباني"),
        "{marked:?}"
    );
    // Drawn left to right: the family name (the second word) stands on the left, still
    // marked, and the given name on the right.
    let drawn = chancery::model::bidi::visual_marked(&snippet.0);
    let text: String = drawn.iter().map(|(t, _)| t.as_str()).collect();
    let family = text.find("الشيباني").expect("the family name");
    let given = text
        .find("أسعد")
        .or_else(|| text.find("اسعد"))
        .expect("the given name");
    assert!(family < given, "{text}");
    assert!(
        drawn.iter().any(|(t, hit)| *hit && t == "الشيباني"),
        "{drawn:?}"
    );
}

/// A row whose stored list columns cannot be read was dropped from the hits' columns without
/// a word; now the hit stays and the page says a row cannot be read.
#[test]
fn a_row_that_cannot_be_read_is_reported_not_dropped_silently() {
    let (_dir, path, store) = with_example();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let changed = conn
        .execute(
            "UPDATE record SET columns = 'not json' WHERE title = 'Sergey Lavrov'",
            [],
        )
        .unwrap();
    assert_eq!(changed, 1);
    drop(conn);
    let store = Store::open(&path).unwrap();
    let page = run(&store, "Lavrov", Filters::default());
    assert!(
        page.notes.iter().any(|n| n.contains("cannot be read")),
        "{:?}",
        page.notes
    );
    assert!(titles(&page).contains(&"Sergey Lavrov".to_string()));
}

#[test]
fn a_field_is_indexed_up_to_its_first_256_kib() {
    let (_d, _p, mut store) = fresh();
    // 1.2 MB of words, one word at the start and one past the indexed part.
    let text = format!(
        "aardvark {} zebrafinch",
        "peace talks resumed in the capital ".repeat(35_000)
    );
    store.insert(statement(&text, None, None)).unwrap();
    assert_eq!(run(&store, "aardvark", Filters::default()).hits.len(), 1);
    assert_eq!(run(&store, "zebrafinch", Filters::default()).hits.len(), 0);
    // The record itself is stored whole.
    let all = store.all_records(false).unwrap();
    assert!(
        all.iter()
            .any(|r| matches!(r, Record::Statement(s) if s.text.ends_with("zebrafinch")))
    );
}

#[test]
fn an_actor_found_by_its_names_shows_its_names_not_its_description() {
    // Typing "t" at 300,000 statements listed actors as "in the name — On [to] [the] …": the
    // reason was the name, the snippet came from the description.
    let (_d, _p, mut store) = fresh();
    let mut tana = actor("Taha Tana", ActorKind::Person);
    if let Record::Actor(a) = &mut tana {
        a.aliases.push(Alias {
            name: "Таха Тана".into(),
            kind: AliasKind::Transliteration,
            lang: "ru".into(),
        });
        a.description = "Tana met the tanners at the port".into();
    }
    store.insert(tana).unwrap();
    let page = run(&store, "Taha Tana", Filters::default());
    let hit = &page.hits[0];
    assert_eq!(hit.title, "Taha Tana");
    assert_eq!(hit.reason.as_deref(), Some("in the name"));
    let snippet = hit.snippet.as_ref().expect("a snippet").bracketed();
    assert!(!snippet.contains("tanners"), "{snippet}");
    // A word only in the description still shows where it is.
    let page = run(&store, "tanners", Filters::default());
    let snippet = page.hits[0]
        .snippet
        .as_ref()
        .expect("a snippet")
        .bracketed();
    assert!(snippet.contains("[tanners]"), "{snippet}");
}
