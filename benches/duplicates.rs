//! The duplicates benchmark of issue 24, on a file made by one big import:
//!
//! 1. imports, as one bundle-sized import, 50,000 actors (two- and three-syllable names over a
//!    small syllable set, so that surnames repeat; one in ten a spelling variant of another,
//!    one in twenty written in Cyrillic, one in forty in Arabic letters, some with aliases),
//!    a hub actor with 10,000 statements and its Cyrillic spelling with 10,000 more;
//! 2. times the whole scan the window runs in the background (`query::duplicates`: reading
//!    every actor's names from the file, blocking, scoring), and its two halves, beside plain
//!    SQLite doing the same blocking as one self-join of a folded-name key column (keys
//!    computed in Rust, untimed, indexed in SQLite);
//! 3. times merging the Cyrillic hub (10,000 references) into the other and separating it
//!    again, each one transaction, 5 rounds, beside plain SQLite turning the same 10,000 edges
//!    with one UPDATE and back.
//!
//! Run: `cargo bench --bench duplicates -- --actors 50000` (default 50,000; CI does not run
//! benchmarks). No figure is asserted.

use chancery::model::duplicates::{NameRecord, candidates, synthetic_records};
use chancery::model::judgement::{JudgementOrigin, Verdict};
use chancery::model::*;
use chancery::query::duplicates;
use chancery::store::Store;
use rusqlite::Connection;
use std::time::{Duration, Instant};
use uuid::Uuid;

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Latin letters as Cyrillic, for the names some outlets write in Russian.
fn cyrillic(name: &str) -> String {
    let mut out = String::new();
    let lower = name.to_lowercase();
    let mut chars = lower.chars().peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let mapped: String = match (c, next) {
            ('s', Some('h')) => {
                chars.next();
                "ш".into()
            }
            ('k', Some('h')) => {
                chars.next();
                "х".into()
            }
            (' ', _) => {
                first = true;
                out.push(' ');
                continue;
            }
            _ => match c {
                'a' => "а",
                'b' => "б",
                'd' => "д",
                'e' => "е",
                'f' => "ф",
                'h' => "х",
                'i' => "и",
                'k' => "к",
                'l' => "л",
                'm' => "м",
                'n' => "н",
                'o' => "о",
                'r' => "р",
                's' => "с",
                't' => "т",
                'u' => "у",
                'z' => "з",
                _ => "",
            }
            .into(),
        };
        if first {
            out.extend(mapped.chars().flat_map(char::to_uppercase));
        } else {
            out.push_str(&mapped);
        }
        first = false;
    }
    out
}

/// Latin letters as Arabic consonants (short vowels unwritten), as Arabic outlets write them.
fn arabic(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            'b' => Some('ب'),
            'd' => Some('د'),
            'f' => Some('ف'),
            'h' => Some('ه'),
            'k' => Some('ك'),
            'l' => Some('ل'),
            'm' => Some('م'),
            'n' => Some('ن'),
            'r' => Some('ر'),
            's' => Some('س'),
            't' => Some('ت'),
            'z' => Some('ز'),
            'i' => Some('ي'),
            'u' => Some('و'),
            ' ' => Some(' '),
            _ => None,
        })
        .collect()
}

fn actor_record(name: &str, alias: Option<String>) -> Record {
    Record::Actor(Actor {
        meta: Meta::new(),
        kind: ActorKind::Person,
        name: name.into(),
        aliases: alias
            .map(|a| Alias {
                name: a,
                kind: AliasKind::Transliteration,
                lang: String::new(),
            })
            .into_iter()
            .collect(),
        description: String::new(),
    })
}

fn statement_of(speaker: Uuid, i: usize) -> Record {
    Record::Statement(Statement {
        meta: Meta::new(),
        text: format!("statement {i} on the talks and the reconstruction"),
        kind: StatementKind::Quote,
        speaker: Some(speaker),
        meeting: None,
        date: None,
        lang: "en".into(),
        hedge: String::new(),
    })
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let actors: usize = args
        .iter()
        .position(|a| a == "--actors")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(50_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("kb.db");
    let mut store = Store::open(&path).expect("open");

    // 1. One big import.
    let names = synthetic_records(actors);
    let mut records: Vec<Record> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let name = &n.names[0];
            match i % 40 {
                5 | 25 => actor_record(&cyrillic(name), None),
                15 => actor_record(&arabic(name), None),
                7 => actor_record(name, Some(cyrillic(name))),
                _ => actor_record(name, None),
            }
        })
        .collect();
    let hub = actor_record("Sergey Lavrov", None);
    let hub_uuid = hub.uuid();
    let twin = actor_record("Сергей Лавров", None);
    let twin_uuid = twin.uuid();
    records.insert(0, hub);
    records.push(twin);
    for i in 0..10_000 {
        records.push(statement_of(hub_uuid, i));
        records.push(statement_of(twin_uuid, i));
    }
    let total = records.len();
    let started = Instant::now();
    store.import_records(records).expect("import");
    println!(
        "import: {total} records ({} actors, 20,000 statements) in one import, {:.1} s",
        actors + 2,
        started.elapsed().as_secs_f64()
    );

    // 2. The scan, whole and in halves, beside plain SQLite's blocking self-join.
    let mut whole = Vec::new();
    let mut found = 0;
    for _ in 0..3 {
        let started = Instant::now();
        let queue = duplicates(&store, &[RecordKind::Actor]).expect("scan");
        whole.push(started.elapsed());
        found = queue.pending.len();
    }
    let read: Vec<NameRecord> = store
        .all_records(false)
        .expect("records")
        .into_iter()
        .filter(|r| r.kind() == RecordKind::Actor)
        .map(|r| NameRecord::of(&r))
        .collect();
    let mut scan_only = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        std::hint::black_box(candidates(&read, &[]));
        scan_only.push(started.elapsed());
    }
    let plain = Connection::open_in_memory().expect("memory");
    plain
        .execute_batch("CREATE TABLE k (id INTEGER, key TEXT);")
        .expect("table");
    {
        let tx = plain.unchecked_transaction().expect("tx");
        let mut insert = tx.prepare("INSERT INTO k VALUES (?1, ?2)").expect("insert");
        for (i, r) in read.iter().enumerate() {
            for name in &r.names {
                let key = fold::fold_name(&any_ascii::any_ascii(name));
                insert
                    .execute(rusqlite::params![i as i64, key])
                    .expect("row");
            }
        }
        drop(insert);
        tx.commit().expect("commit");
    }
    plain
        .execute_batch("CREATE INDEX k_key ON k(key, id);")
        .expect("index");
    let mut joined = Vec::new();
    let mut plain_pairs: i64 = 0;
    for _ in 0..3 {
        let started = Instant::now();
        plain_pairs = plain
            .query_row(
                "SELECT count(*) FROM (SELECT DISTINCT a.id, b.id FROM k a JOIN k b
                 ON b.key = a.key AND b.id > a.id)",
                [],
                |r| r.get(0),
            )
            .expect("join");
        joined.push(started.elapsed());
    }
    let (whole, scan_only, joined) = (median(whole), median(scan_only), median(joined));
    println!(
        "scan of {} actors: {} in all ({} pairs listed), of which blocking and scoring {}; \
         plain SQLite's self-join on one folded key: {} ({plain_pairs} pairs) — {:.1}× its time for \
         a scan with four keys per name and scores",
        actors + 2,
        ms(whole),
        found,
        ms(scan_only),
        ms(joined),
        scan_only.as_secs_f64() / joined.as_secs_f64().max(1e-9)
    );

    // 3. Merge and separate of an actor with 10,000 references.
    let mut merges = Vec::new();
    let mut separations = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        store
            .judge(hub_uuid, twin_uuid, Verdict::Same, JudgementOrigin::Review)
            .expect("merge");
        merges.push(started.elapsed());
        let started = Instant::now();
        store.separate(twin_uuid).expect("separate");
        separations.push(started.elapsed());
    }
    drop(store);
    let conn = Connection::open(&path).expect("plain");
    let twin_id: i64 = conn
        .query_row(
            "SELECT id FROM record WHERE uuid = ?1",
            [twin_uuid.to_string()],
            |r| r.get(0),
        )
        .expect("twin");
    let hub_id: i64 = conn
        .query_row(
            "SELECT id FROM record WHERE uuid = ?1",
            [hub_uuid.to_string()],
            |r| r.get(0),
        )
        .expect("hub");
    let mut plain_turns = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        conn.execute_batch("BEGIN IMMEDIATE").expect("begin");
        conn.execute(
            "UPDATE edge SET dst_written = dst_id, dst_id = ?2 WHERE dst_id = ?1",
            [twin_id, hub_id],
        )
        .expect("turn");
        conn.execute_batch("COMMIT").expect("commit");
        conn.execute_batch("BEGIN IMMEDIATE").expect("begin");
        conn.execute(
            "UPDATE edge SET dst_id = dst_written, dst_written = NULL WHERE dst_written = ?1",
            [twin_id],
        )
        .expect("back");
        conn.execute_batch("COMMIT").expect("commit");
        plain_turns.push(started.elapsed());
    }
    let (merge, separate, plain_turn) = (median(merges), median(separations), median(plain_turns));
    println!(
        "merge of an actor with 10,000 references: {} (median of 5), separation: {}; \
         plain SQLite turning the same edges there and back, two transactions: {} — \
         {:.1}× for both",
        ms(merge),
        ms(separate),
        ms(plain_turn),
        (merge + separate).as_secs_f64() / plain_turn.as_secs_f64().max(1e-9)
    );
}
