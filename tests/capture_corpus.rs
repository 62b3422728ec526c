//! Capture measured on annotated reports it was not written against
//! (`fixtures/capture-extra.json`, the development corpus's format): the share of statements
//! drafted with their words and their speaker right, and of meetings with their people, must
//! not fall. A small scorer in the manner of `score.py` (names matched after folding, a
//! statement by its words), so a rule that helps one report and breaks others fails here.

mod common;
use chancery::exchange::capture::{SourceInfo, capture_records, capture_text};
use chancery::model::Record;
use chancery::model::fold::fold_name;
use serde_json::Value;

const CORPUS: &str = include_str!("fixtures/capture-extra.json");

/// The folded words of a text.
fn words(text: &str) -> std::collections::HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(fold_name)
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether drafted words say the gold words: most of the gold words, and not mostly others.
fn same_words(drafted: &str, gold: &str) -> bool {
    let (d, g) = (words(drafted), words(gold));
    let shared = d.intersection(&g).count();
    !g.is_empty() && shared * 10 >= g.len() * 6 && shared * 2 >= d.len()
}

/// Whether a drafted name is one of the gold actor's names: the same family name, and one's
/// words among the other's.
fn same_name(drafted: &str, gold: &Value) -> bool {
    let d = fold_name(drafted);
    let names = std::iter::once(gold["name"].as_str().unwrap_or("")).chain(
        gold["aliases_in_text"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str),
    );
    names.map(fold_name).any(|g| {
        let (dw, gw): (Vec<&str>, Vec<&str>) = (d.split(' ').collect(), g.split(' ').collect());
        d == g
            || dw.last() == gw.last()
                && (dw.iter().all(|w| gw.contains(w)) || gw.iter().all(|w| dw.contains(w)))
    })
}

#[test]
fn reports_capture_was_not_written_against_are_read_right() {
    let corpus: Vec<Value> = serde_json::from_str(CORPUS).unwrap();
    let (mut gold_statements, mut attributed, mut drafted_statements) = (0, 0, 0);
    let (mut gold_meetings, mut found_meetings) = (0, 0);
    for report in &corpus {
        let (_dir, _path, store) = common::fresh();
        let published: jiff::civil::Date = report["published"].as_str().unwrap().parse().unwrap();
        let capture = capture_text(&store, report["text"].as_str().unwrap(), published).unwrap();
        let records = capture_records(&capture, &SourceInfo::default(), &|u| store.label(u));
        let name_of = |u: Option<uuid::Uuid>| {
            records
                .iter()
                .find(|r| Some(r.uuid()) == u)
                .map(|r| r.name().to_string())
                .unwrap_or_default()
        };
        let gold = &report["gold"];
        let actors = gold["actors"].as_array().unwrap();
        let actor = |name: &str| actors.iter().find(|a| a["name"] == name);
        let statements: Vec<(String, String)> = records
            .iter()
            .filter_map(|r| match r {
                Record::Statement(s) => Some((s.text.clone(), name_of(s.speaker))),
                _ => None,
            })
            .collect();
        drafted_statements += statements.len();
        for g in gold["statements"].as_array().unwrap() {
            gold_statements += 1;
            let speaker = actor(g["speaker"].as_str().unwrap());
            if statements.iter().any(|(text, by)| {
                same_words(text, g["text"].as_str().unwrap())
                    && speaker.is_some_and(|a| same_name(by, a))
            }) {
                attributed += 1;
            }
        }
        let meetings: Vec<Vec<String>> = records
            .iter()
            .filter_map(|r| match r {
                Record::Meeting(m) => Some(
                    m.participants
                        .iter()
                        .map(|p| name_of(Some(p.actor)))
                        .collect(),
                ),
                _ => None,
            })
            .collect();
        for g in gold["meetings"].as_array().unwrap() {
            gold_meetings += 1;
            let people: Vec<&Value> = g["participants"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|p| actor(p["name"].as_str().unwrap()))
                .collect();
            // A drafted meeting with most of the people the report says took part.
            if meetings.iter().any(|drafted| {
                let hit = people
                    .iter()
                    .filter(|a| drafted.iter().any(|d| same_name(d, a)))
                    .count();
                hit * 2 > people.len()
            }) {
                found_meetings += 1;
            }
        }
    }
    let recall = attributed as f64 / gold_statements as f64;
    let precision = attributed as f64 / drafted_statements.max(1) as f64;
    let meetings = found_meetings as f64 / gold_meetings as f64;
    eprintln!(
        "{} reports: statements with words and speaker right {attributed}/{gold_statements} \
         (precision {precision:.2}), meetings found {found_meetings}/{gold_meetings}",
        corpus.len()
    );
    assert!(recall >= 0.8, "statement recall {recall:.2}");
    assert!(precision >= 0.8, "statement precision {precision:.2}");
    assert!(meetings >= 0.8, "meetings found {meetings:.2}");
}
