//! Scale benchmark: generates a knowledge base (by default 20,000 actors, 200,000 meetings,
//! 1,000,000 statements, plus places, topics, sources and links), then times writes, searches,
//! filters, paging and backlinks, each next to raw SQLite doing the same work where such a
//! query exists. Run: `cargo bench --bench scale` (CHANCERY_BENCH_SCALE=0.1 for a tenth;
//! CHANCERY_BENCH_DB=path to keep and reuse the generated file).

use chancery::exchange::generate::Rng;
use chancery::model::*;
use chancery::query::parse::{fts_expression, last_as_prefix, parse_terms};
use chancery::query::{SearchRequest, search};
use chancery::store::Store;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use uuid::Uuid;

const SYLLABLES: [&str; 24] = [
    "al", "ba", "da", "fa", "ga", "ha", "ka", "la", "ma", "na", "ra", "sa", "ta", "va", "za", "mi",
    "ro", "ne", "ko", "vi", "sha", "khu", "dor", "lev",
];
const WORDS: [&str; 32] = [
    "sanctions",
    "reconstruction",
    "security",
    "border",
    "energy",
    "grain",
    "ceasefire",
    "troops",
    "base",
    "talks",
    "support",
    "unity",
    "integrity",
    "recovery",
    "investment",
    "trade",
    "oil",
    "gas",
    "refugees",
    "elections",
    "sovereignty",
    "dialogue",
    "agreement",
    "delegation",
    "cooperation",
    "pressure",
    "aid",
    "visit",
    "envoy",
    "ministers",
    "treaty",
    "summit",
];

fn name(rng: &mut Rng) -> String {
    let mut part = || {
        let mut s: String = (0..2 + rng.below(2))
            .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
            .collect();
        s[..1].make_ascii_uppercase();
        s
    };
    format!("{} {}", part(), part())
}

fn sentence(rng: &mut Rng, words: usize) -> String {
    (0..words)
        .map(|_| WORDS[rng.below(WORDS.len())])
        .collect::<Vec<_>>()
        .join(" ")
}

fn day(rng: &mut Rng) -> PartialDate {
    let year = 2015 + rng.below(11) as i16;
    let text = match rng.below(10) {
        0 => format!("{year:04}"),
        1 | 2 => format!("{year:04}-{:02}", 1 + rng.below(12)),
        _ => format!(
            "{year:04}-{:02}-{:02}",
            1 + rng.below(12),
            1 + rng.below(28)
        ),
    };
    PartialDate::parse(&text).expect("generated date is valid")
}

struct Scale {
    actors: usize,
    meetings: usize,
    statements: usize,
}

fn generate(store: &mut Store, scale: &Scale) -> (Vec<Uuid>, Vec<Uuid>) {
    let mut rng = Rng::new(0x9E37_79B9_7F4A_7C15);
    let started = Instant::now();
    let mut batch: Vec<Record> = Vec::new();
    let flush = |store: &mut Store, batch: &mut Vec<Record>| {
        store
            .import_records(std::mem::take(batch))
            .expect("import batch");
    };
    // Places: 50 countries with 20 cities each.
    let mut places = Vec::new();
    for c in 0..50 {
        let country = Place {
            meta: Meta::new(),
            name: format!("Country {c}"),
            parent: None,
            lat: None,
            lon: None,
        };
        let cu = country.meta.uuid;
        places.push(cu);
        batch.push(Record::Place(country));
        for t in 0..20 {
            let city = Place {
                meta: Meta::new(),
                name: format!("{} City {c}-{t}", name(&mut rng)),
                parent: Some(cu),
                lat: None,
                lon: None,
            };
            places.push(city.meta.uuid);
            batch.push(Record::Place(city));
        }
    }
    let topics: Vec<Uuid> = WORDS
        .iter()
        .map(|w| {
            let t = Topic {
                meta: Meta::new(),
                name: (*w).to_string(),
            };
            let u = t.meta.uuid;
            batch.push(Record::Topic(t));
            u
        })
        .collect();
    let mut sources = Vec::new();
    for i in 0..500 {
        let s = Source {
            meta: Meta::new(),
            title: format!("Report {i}: {}", sentence(&mut rng, 4)),
            kind: SourceKind::NewsArticle,
            outlet: format!("Outlet {}", i % 40),
            url: String::new(),
            author: name(&mut rng),
            published: Some(day(&mut rng)),
            accessed: None,
            reliability: Some(Reliability::ALL[rng.below(6)]),
            text: String::new(),
        };
        sources.push(s.meta.uuid);
        batch.push(Record::Source(s));
    }
    flush(store, &mut batch);
    let mut actors = Vec::new();
    for i in 0..scale.actors {
        let n = name(&mut rng);
        let kind = if i < 200 {
            ActorKind::State
        } else {
            ActorKind::Person
        };
        let aliases = vec![
            Alias {
                name: n.replace('a', "e"),
                kind: AliasKind::Transliteration,
                lang: "en".into(),
            },
            Alias {
                name: format!("Алиас {i}"),
                kind: AliasKind::Official,
                lang: "ru".into(),
            },
        ];
        let a = Actor {
            meta: Meta::new(),
            kind,
            name: n,
            aliases,
            description: sentence(&mut rng, 6),
        };
        actors.push(a.meta.uuid);
        batch.push(Record::Actor(a));
        if batch.len() >= 5000 {
            flush(store, &mut batch);
        }
    }
    flush(store, &mut batch);
    let states = 200.min(actors.len());
    let mut meetings = Vec::new();
    for _ in 0..scale.meetings {
        let participants = (0..2 + rng.below(3))
            .map(|k| Participant {
                actor: actors[states + rng.below(actors.len() - states)],
                roles: vec![if k == 0 {
                    Role::Host
                } else {
                    Role::ALL[rng.below(6)]
                }],
                title_at_time: "Minister".into(),
                represents: Some(actors[rng.below(states)]),
            })
            .collect();
        let mut m = Meeting {
            meta: Meta::new(),
            title: format!("Talks on {}", sentence(&mut rng, 3)),
            kind: MeetingKind::ALL[rng.below(6)],
            date: Some(day(&mut rng)),
            end_date: None,
            place: Some(places[rng.below(places.len())]),
            summary: sentence(&mut rng, 12),
            participants,
        };
        m.meta.topics.push(topics[rng.below(topics.len())]);
        let mut c = Citation::new(sources[rng.below(sources.len())]);
        c.locator = format!("para. {}", 1 + rng.below(9));
        m.meta.citations.push(c);
        meetings.push(m.meta.uuid);
        batch.push(Record::Meeting(m));
        if batch.len() >= 5000 {
            flush(store, &mut batch);
        }
    }
    flush(store, &mut batch);
    for _ in 0..scale.statements {
        let mut s = Statement {
            meta: Meta::new(),
            text: sentence(&mut rng, 14),
            kind: StatementKind::ALL[rng.below(4)],
            speaker: Some(actors[rng.below(actors.len())]),
            meeting: Some(meetings[rng.below(meetings.len())]),
            date: Some(day(&mut rng)),
            lang: "en".into(),
            hedge: String::new(),
        };
        let mut c = Citation::new(sources[rng.below(sources.len())]);
        c.credibility = Credibility::new(1 + rng.below(6) as u8).ok();
        s.meta.citations.push(c);
        batch.push(Record::Statement(s));
        if batch.len() >= 5000 {
            flush(store, &mut batch);
        }
    }
    flush(store, &mut batch);
    for i in 0..scale.actors / 2 {
        let l = Link {
            meta: Meta::new(),
            from: actors[states + i % (actors.len() - states)],
            to: actors[rng.below(states)],
            relation: "member of".into(),
            date_from: Some(day(&mut rng)),
            date_to: None,
        };
        batch.push(Record::Link(l));
        if batch.len() >= 5000 {
            flush(store, &mut batch);
        }
    }
    flush(store, &mut batch);
    let n = store.counts().expect("counts").live();
    let took = started.elapsed();
    println!(
        "generated {n} records in {:.1} s ({:.0} records/s, all derived rows, index and change log included)",
        took.as_secs_f64(),
        n as f64 / took.as_secs_f64()
    );
    (actors, meetings)
}

/// Raw SQLite doing a text page's work: the same MATCH, ranked, 50 rows, and the total.
fn raw_text_page(raw: &rusqlite::Connection, expr: &str) -> (usize, i64) {
    let page = raw
        .prepare_cached("SELECT rowid FROM fts WHERE fts MATCH ?1 ORDER BY rank LIMIT 50")
        .expect("prep")
        .query_map([expr], |r| r.get::<_, i64>(0))
        .expect("query")
        .count();
    let total: i64 = raw
        .query_row("SELECT count(*) FROM fts WHERE fts MATCH ?1", [expr], |r| {
            r.get(0)
        })
        .expect("count");
    (page, total)
}

/// Median and 95th percentile of `runs` timings of `f`.
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Duration) {
    let _ = f();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .collect();
    times.sort();
    (times[runs / 2], times[(runs * 95 / 100).min(runs - 1)])
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn row(label: &str, ours: (Duration, Duration), raw: Option<(Duration, Duration)>) {
    match raw {
        Some(raw) => println!(
            "| {label} | {} | {} | {} | {:.1}× |",
            ms(ours.0),
            ms(ours.1),
            ms(raw.0),
            ours.0.as_secs_f64() / raw.0.as_secs_f64().max(1e-9)
        ),
        None => println!("| {label} | {} | {} | – | – |", ms(ours.0), ms(ours.1)),
    }
}

fn spec(text: &str, filters: Filters, order: SortOrder) -> SearchRequest {
    SearchRequest::new(SearchSpec {
        text: text.into(),
        filters,
        order,
    })
}

fn main() {
    let factor: f64 = std::env::var("CHANCERY_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    let scale = Scale {
        actors: ((20_000.0 * factor) as usize).max(300),
        meetings: ((200_000.0 * factor) as usize).max(100),
        statements: ((1_000_000.0 * factor) as usize).max(100),
    };
    let keep = std::env::var("CHANCERY_BENCH_DB").ok().map(PathBuf::from);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = keep.clone().unwrap_or_else(|| dir.path().join("bench.db"));
    let fresh = !path.exists();
    let mut store = Store::open(&path).expect("open");
    if fresh {
        generate(&mut store, &scale);
    }
    let raw = rusqlite::Connection::open(&path).expect("raw connection");
    let counts = store.counts().expect("counts");
    println!(
        "file: {} ({:.0} MB), {} live records",
        path.display(),
        std::fs::metadata(&path)
            .map(|m| m.len() as f64 / 1e6)
            .unwrap_or(0.0),
        counts.live()
    );
    println!();
    println!("| operation | median | p95 | raw SQLite median | ratio |");
    println!("|---|---|---|---|---|");

    let some_actor: (String, Uuid) = raw.query_row(
        "SELECT title, uuid FROM record WHERE kind = 'actor' AND subkind = 'person' ORDER BY id LIMIT 1 OFFSET 50", [],
        |r| Ok((r.get(0)?, r.get::<_, String>(1)?.parse().unwrap_or_default())),
    ).expect("an actor");
    let state: (String, Uuid) = raw.query_row(
        "SELECT title, uuid FROM record WHERE kind = 'actor' AND subkind = 'state' ORDER BY id LIMIT 1", [],
        |r| Ok((r.get(0)?, r.get::<_, String>(1)?.parse().unwrap_or_default())),
    ).expect("a state");
    let surname = some_actor
        .0
        .split_whitespace()
        .last()
        .unwrap_or("x")
        .to_string();

    let runs = 30;
    row(
        &format!("search actor name \"{surname}\", page of 50 + total"),
        time(runs, || {
            search(
                &store,
                &spec(&surname, Filters::default(), SortOrder::Relevance),
            )
            .expect("search")
        }),
        Some(time(runs, || {
            raw_text_page(&raw, &fts_expression(&parse_terms(&surname)).expect("expr"))
        })),
    );
    let mut typing = spec("integrity sanct", Filters::default(), SortOrder::Relevance);
    typing.prefix_last = true;
    row(
        "as-you-type \"integrity sanct\" (common words), page + total",
        time(runs, || search(&store, &typing).expect("search")),
        Some(time(runs, || {
            raw_text_page(
                &raw,
                &fts_expression(&last_as_prefix(parse_terms("integrity sanct"))).expect("expr"),
            )
        })),
    );
    row(
        "statements by one speaker (actor filter), newest first",
        time(runs, || {
            search(
                &store,
                &spec(
                    "",
                    Filters {
                        kinds: vec![RecordKind::Statement],
                        actors: vec![some_actor.1.to_string()],
                        ..Filters::default()
                    },
                    SortOrder::Newest,
                ),
            )
            .expect("search")
        }),
        None,
    );
    row(
        &format!("meetings with state \"{}\" in 2020, newest first", state.0),
        time(runs, || {
            search(
                &store,
                &spec(
                    "",
                    Filters {
                        kinds: vec![RecordKind::Meeting],
                        actors: vec![state.1.to_string()],
                        from: Some("2020".into()),
                        to: Some("2020".into()),
                        ..Filters::default()
                    },
                    SortOrder::Newest,
                ),
            )
            .expect("search")
        }),
        None,
    );
    row(
        "meetings in Country 7 and its cities (place filter)",
        time(runs, || {
            search(
                &store,
                &spec(
                    "",
                    Filters {
                        kinds: vec![RecordKind::Meeting],
                        place: Some("Country 7".into()),
                        ..Filters::default()
                    },
                    SortOrder::Newest,
                ),
            )
            .expect("search")
        }),
        None,
    );
    let newest = spec(
        "",
        Filters {
            kinds: vec![RecordKind::Statement],
            ..Filters::default()
        },
        SortOrder::Newest,
    );
    row(
        "all statements newest first: first page + total",
        time(runs, || search(&store, &newest).expect("search")),
        Some(time(runs, || {
            let page = raw
                .prepare_cached("SELECT id FROM record WHERE kind = 'statement' AND deleted_at IS NULL ORDER BY sort_date DESC, id DESC LIMIT 51")
                .expect("prep")
                .query_map([], |r| r.get::<_, i64>(0))
                .expect("q")
                .count();
            let total: i64 = raw
                .query_row(
                    "SELECT count(*) FROM record WHERE kind = 'statement' AND deleted_at IS NULL",
                    [],
                    |r| r.get(0),
                )
                .expect("count");
            (page, total)
        })),
    );
    let mut deep = newest.clone();
    // Like the app: later pages keep the first page's total instead of counting again.
    deep.count_total = false;
    for _ in 0..20 {
        deep.after = search(&store, &deep).expect("page").next;
    }
    row(
        "… page 21 by keyset (no OFFSET)",
        time(runs, || search(&store, &deep).expect("search")),
        Some(time(runs, || {
            raw.prepare_cached("SELECT id FROM record WHERE kind = 'statement' AND deleted_at IS NULL ORDER BY sort_date DESC, id DESC LIMIT 51 OFFSET 1000").expect("prep")
            .query_map([], |r| r.get::<_, i64>(0)).expect("q").count()
        })),
    );
    row(
        &format!("backlinks of state \"{}\" (grouped)", state.0),
        time(5, || store.backlinks(state.1).expect("backlinks").len()),
        None,
    );
    row(
        "backlinks of one person",
        time(runs, || {
            store.backlinks(some_actor.1).expect("backlinks").len()
        }),
        Some(time(runs, || {
            raw.prepare_cached(
                "SELECT e.src_id FROM edge e JOIN record me ON me.id = e.dst_id WHERE me.uuid = ?1",
            )
            .expect("prep")
            .query_map([some_actor.1.to_string()], |r| r.get::<_, i64>(0))
            .expect("q")
            .count()
        })),
    );
    row(
        "record counts per kind (sidebar, after every edit)",
        time(runs, || store.counts().expect("counts")),
        Some(time(runs, || {
            raw.prepare_cached(
                "SELECT kind, deleted_at IS NOT NULL, count(*) FROM record GROUP BY 1, 2",
            )
            .expect("prep")
            .query_map([], |r| r.get::<_, i64>(2))
            .expect("q")
            .count()
        })),
    );
    row(
        "get one record by uuid",
        time(runs, || store.get(some_actor.1).expect("get")),
        Some(time(runs, || {
            raw.prepare_cached("SELECT data FROM record WHERE uuid = ?1")
                .expect("prep")
                .query_row([some_actor.1.to_string()], |r| r.get::<_, String>(0))
                .expect("q")
        })),
    );
    let speaker = some_actor.1;
    row(
        "insert one statement (row, edges, index, change log; one transaction)",
        time(runs, || {
            let s = Statement {
                meta: Meta::new(),
                text: "We will not accept new sanctions".into(),
                kind: StatementKind::Quote,
                speaker: Some(speaker),
                meeting: None,
                date: None,
                lang: "en".into(),
                hedge: String::new(),
            };
            store.insert(Record::Statement(s)).expect("insert")
        }),
        None,
    );
    drop(raw);
    if keep.is_none() {
        drop(store);
    }
}
