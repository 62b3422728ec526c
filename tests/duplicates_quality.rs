//! How well the duplicate scan does on a held-in set of real names as outlets spell them
//! (`tests/data/duplicates.json`): clusters of records that are truly one person, in Latin,
//! Cyrillic and Arabic script, and look-alikes that are not.
//!
//! Every pair within a cluster is a true pair. A true pair counts as found only if the scan
//! lists it directly: two records linked only through a third (A–B and B–C listed, A–C not)
//! count as a miss for A–C. Precision is over every listed pair (all at or above
//! `MIN_SCORE`). Run with `--nocapture` to see the numbers, the misses and the false pairs.

use std::collections::{HashMap, HashSet};

use chancery::model::RecordKind;
use chancery::model::duplicates::{
    Appearance, Candidate, NameRecord, ScanOptions, candidates_with,
};
use serde_json::Value;
use uuid::Uuid;

struct TestSet {
    records: Vec<NameRecord>,
    appearances: Vec<Appearance>,
    /// The id and cluster of each record, by uuid.
    ids: HashMap<Uuid, (String, String)>,
    uuids: HashMap<String, Uuid>,
}

fn text(v: &Value, field: &str) -> String {
    v.get(field)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn load() -> TestSet {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/duplicates.json");
    let raw = std::fs::read_to_string(path).expect("the test set");
    let data: Value = serde_json::from_str(&raw).expect("valid JSON");
    let mut set = TestSet {
        records: Vec::new(),
        appearances: Vec::new(),
        ids: HashMap::new(),
        uuids: HashMap::new(),
    };
    let records = data["records"].as_array().expect("records");
    for (n, r) in (1u128..).zip(records) {
        let uuid = Uuid::from_u128(n);
        let id = text(r, "id");
        let kind = match r.get("kind").and_then(Value::as_str) {
            Some("place") => RecordKind::Place,
            Some(other) if other != "actor" => panic!("kind {other}"),
            _ => RecordKind::Actor,
        };
        let names = r["names"]
            .as_array()
            .expect("names")
            .iter()
            .filter_map(|n| n.as_str().map(str::to_string))
            .collect();
        set.records.push(NameRecord {
            uuid,
            kind,
            subkind: r.get("subkind").and_then(Value::as_str).map(str::to_string),
            names,
        });
        set.ids.insert(uuid, (id.clone(), text(r, "cluster")));
        set.uuids.insert(id, uuid);
    }
    let mut meetings: HashMap<String, Uuid> = HashMap::new();
    for a in data["appearances"].as_array().expect("appearances") {
        let next = Uuid::from_u128(1_000_000 + meetings.len() as u128);
        let meeting = *meetings.entry(text(a, "meeting")).or_insert(next);
        set.appearances.push(Appearance {
            meeting,
            actor: set.uuids[&text(a, "actor")],
            title: text(a, "title"),
        });
    }
    set
}

struct Measure {
    precision: f64,
    recall: f64,
    listed: usize,
    true_pairs: usize,
    false_pairs: Vec<String>,
    missed: Vec<String>,
}

fn measure(set: &TestSet, found: &[Candidate]) -> Measure {
    let cluster = |u: &Uuid| set.ids[u].1.as_str();
    let id = |u: &Uuid| set.ids[u].0.as_str();
    let listed: HashSet<(Uuid, Uuid)> = found.iter().map(|c| (c.a, c.b)).collect();
    let mut true_pairs = 0;
    let mut missed = Vec::new();
    for (at, x) in set.records.iter().enumerate() {
        for y in &set.records[at + 1..] {
            if cluster(&x.uuid) != cluster(&y.uuid) {
                continue;
            }
            true_pairs += 1;
            let pair = (x.uuid.min(y.uuid), x.uuid.max(y.uuid));
            if !listed.contains(&pair) {
                missed.push(format!("{} / {}", x.names[0], y.names[0]));
            }
        }
    }
    let false_pairs: Vec<String> = found
        .iter()
        .filter(|c| cluster(&c.a) != cluster(&c.b))
        .map(|c| {
            format!(
                "{} / {} {:.2} {}",
                id(&c.a),
                id(&c.b),
                c.score,
                c.reasons[0]
            )
        })
        .collect();
    let hits = found.len() - false_pairs.len();
    Measure {
        precision: hits as f64 / found.len().max(1) as f64,
        recall: (true_pairs - missed.len()) as f64 / true_pairs.max(1) as f64,
        listed: found.len(),
        true_pairs,
        false_pairs,
        missed,
    }
}

fn report(label: &str, m: &Measure) {
    println!(
        "{label}: precision {:.3}, recall {:.3} ({} listed, {} true pairs, {} missed, {} false)",
        m.precision,
        m.recall,
        m.listed,
        m.true_pairs,
        m.missed.len(),
        m.false_pairs.len()
    );
}

#[test]
fn precision_and_recall_on_the_held_in_set() {
    let set = load();
    let all = ScanOptions::default();
    let found = candidates_with(&set.records, &set.appearances, all);
    let m = measure(&set, &found);
    report("all keys", &m);
    for miss in &m.missed {
        println!("  missed: {miss}");
    }
    for false_pair in &m.false_pairs {
        println!("  false: {false_pair}");
    }
    for (label, options) in [
        (
            "without skeleton",
            ScanOptions {
                skeleton: false,
                ..all
            },
        ),
        (
            "without sound",
            ScanOptions {
                sound: false,
                ..all
            },
        ),
        (
            "folded only",
            ScanOptions {
                skeleton: false,
                sound: false,
            },
        ),
    ] {
        let variant = candidates_with(&set.records, &set.appearances, options);
        report(label, &measure(&set, &variant));
    }
    assert!(m.recall >= 0.9, "recall {:.3}", m.recall);
    assert!(m.precision >= 0.8, "precision {:.3}", m.precision);
}

#[test]
fn look_alikes_are_not_proposed() {
    let set = load();
    let found = candidates_with(&set.records, &set.appearances, ScanOptions::default());
    let listed: HashSet<(Uuid, Uuid)> = found.iter().map(|c| (c.a, c.b)).collect();
    for (x, y) in [
        ("assad-1", "shibani-1"),
        ("assad-3", "shibani-4"),
        ("mbs-1", "mbz-1"),
        ("mbs-3", "mbz-3"),
        ("lavrov-1", "shoigu-1"),
        ("lavrov-3", "shoigu-2"),
        ("lavrov-1", "nlavrov-1"),
        ("abdullah2-1", "abdullahabdullah-1"),
        ("kimjongun-1", "kimyojong-1"),
        ("gheit-1", "attaf-1"),
        ("abbas-1", "araghchi-1"),
        ("abbas-1", "mohammedabbas-1"),
        ("washington-1", "washington-place"),
        ("lavrov-1", "lavrov-org"),
    ] {
        let (a, b) = (set.uuids[x], set.uuids[y]);
        assert!(
            !listed.contains(&(a.min(b), a.max(b))),
            "{x} / {y} proposed"
        );
    }
}

#[test]
fn the_same_title_at_one_meeting_raises_part_of_a_name() {
    let set = load();
    let found = candidates_with(&set.records, &set.appearances, ScanOptions::default());
    let (a, b) = (set.uuids["trump-1"], set.uuids["trump-2"]);
    let pair = found
        .iter()
        .find(|c| c.a == a.min(b) && c.b == a.max(b))
        .expect("Donald Trump / Trump");
    assert!(pair.score >= 0.9, "{pair:?}");
    // Without the meeting, only part of the name.
    let other = (set.uuids["trump-2"], set.uuids["trump-3"]);
    let pair = found
        .iter()
        .find(|c| c.a == other.0.min(other.1) && c.b == other.0.max(other.1))
        .expect("Trump / Дональд Трамп");
    assert!(pair.score < 0.8, "{pair:?}");
}
