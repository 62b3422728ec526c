//! Capture benchmark: a 20,000-word report against 20,000 known aliases (Latin, Cyrillic and
//! Arabic names of 5,000 actors and places), in prose drawn with a Zipf law from a vocabulary
//! of 30,000 generated words plus English stop-words, with capitalised runs, quotes, dates and
//! known names mixed in. Times building the name matcher, running every rule (names, titles,
//! unknown names, dates, speech, drafts), and, as the baseline, the obvious way to find the
//! names: one substring search of the folded text per alias.
//! Run: `cargo bench --bench capture`.

use chancery::exchange::generate::Rng;
use chancery::model::RecordKind;
use chancery::model::capture::drafts::capture;
use chancery::model::capture::names::{Gazetteer, KnownName};
use chancery::model::fold::fold_name;
use std::time::{Duration, Instant};
use uuid::Uuid;

const LATIN: [&str; 20] = [
    "al", "ba", "da", "fa", "ga", "ha", "ka", "la", "ma", "na", "ra", "sa", "ta", "vi", "mi", "ro",
    "ne", "ko", "sha", "dor",
];
const CYRILLIC: [&str; 12] = [
    "ал", "ба", "да", "ка", "ла", "ма", "на", "ра", "са", "та", "ви", "ко",
];
const ARABIC: [&str; 12] = [
    "ال", "با", "دا", "كا", "لا", "ما", "نا", "را", "سا", "تا", "في", "كو",
];
const STOP: [&str; 24] = [
    "the", "of", "and", "to", "in", "a", "that", "for", "on", "with", "as", "by", "at", "from",
    "was", "is", "it", "his", "her", "their", "which", "has", "had", "been",
];

fn word(rng: &mut Rng, syllables: &[&str]) -> String {
    (0..2 + rng.below(2))
        .map(|_| syllables[rng.below(syllables.len())])
        .collect()
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn main() {
    let mut rng = Rng::new(0x2545_F491_4F6C_DD1D);
    // 5,000 records with four names each: a Latin name, another spelling, Cyrillic, Arabic.
    let mut names = Vec::new();
    let mut latin_names = Vec::new();
    for i in 0..5_000 {
        let uuid = Uuid::from_u128(i as u128 + 1);
        let kind = if i % 5 == 0 {
            RecordKind::Place
        } else {
            RecordKind::Actor
        };
        let person = kind == RecordKind::Actor && i % 3 != 0;
        let first = capitalised(&word(&mut rng, &LATIN));
        let last = capitalised(&word(&mut rng, &LATIN));
        let latin = format!("{first} {last}");
        for name in [
            latin.clone(),
            format!("{first} al-{last}"),
            format!(
                "{} {}",
                word(&mut rng, &CYRILLIC),
                word(&mut rng, &CYRILLIC)
            ),
            format!("{} {}", word(&mut rng, &ARABIC), word(&mut rng, &ARABIC)),
        ] {
            names.push(KnownName {
                name,
                uuid,
                kind,
                person,
            });
        }
        latin_names.push(latin);
    }
    // The report: 20,000 words of Zipf prose, a known name every ~40 words, an unknown
    // capitalised pair every ~60, a quote with its speaker and a date every ~400.
    let vocabulary: Vec<String> = (0..30_000).map(|_| word(&mut rng, &LATIN)).collect();
    let mut text = String::new();
    let mut words = 0;
    while words < 20_000 {
        let mut paragraph = Vec::new();
        for _ in 0..120 {
            let roll = rng.below(400);
            let piece = if roll < 10 {
                latin_names[rng.below(latin_names.len())].clone()
            } else if roll < 16 {
                format!(
                    "{} {}",
                    capitalised(&word(&mut rng, &LATIN)),
                    capitalised(&word(&mut rng, &LATIN))
                )
            } else if roll == 17 {
                format!(
                    "“{} {} {},” Mr {} said in late July.",
                    capitalised(&vocabulary[rng.zipf(vocabulary.len())]),
                    vocabulary[rng.zipf(vocabulary.len())],
                    vocabulary[rng.zipf(vocabulary.len())],
                    latin_names[rng.below(latin_names.len())]
                )
            } else if rng.below(3) == 0 {
                STOP[rng.below(STOP.len())].to_string()
            } else {
                vocabulary[rng.zipf(vocabulary.len())].clone()
            };
            words += piece.split_whitespace().count();
            paragraph.push(piece);
        }
        text.push_str(&paragraph.join(" "));
        text.push_str(".\n");
    }
    let published = jiff::civil::Date::constant(2025, 9, 10);
    let is_person = |u: Uuid| u.as_u128() % 3 != 1;

    let time = |f: &mut dyn FnMut()| {
        let mut runs: Vec<Duration> = (0..7)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect();
        runs.sort();
        runs[runs.len() / 2]
    };
    let mut gazetteer = None;
    let build = time(&mut || gazetteer = Some(Gazetteer::new(&names)));
    let gazetteer = gazetteer.expect("built");
    let mut drafted = None;
    let run = time(&mut || drafted = Some(capture(&text, published, &gazetteer, &is_person)));
    let drafted = drafted.expect("captured");
    // Baseline: fold the text once, then look for each folded alias with a substring search.
    let folded_text = fold_name(&text);
    let keys: Vec<String> = names.iter().map(|n| fold_name(&n.name)).collect();
    let mut naive_hits = 0;
    let naive = time(&mut || {
        naive_hits = keys
            .iter()
            .filter(|k| !k.is_empty() && folded_text.contains(k.as_str()))
            .count()
    });
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "report: {} words in {} paragraphs; {} aliases of 5,000 records",
        words,
        drafted.article.paragraphs.len(),
        names.len()
    );
    println!(
        "found: {} known names, {} unknown, {} dates, {} passages of speech; {} meetings, {} statements drafted",
        drafted.known.len(),
        drafted.unknown.len(),
        drafted.dates.len(),
        drafted.speech.len(),
        drafted.meetings.len(),
        drafted.statements.len()
    );
    println!("| step | median of 7 |");
    println!("|---|---|");
    println!(
        "| build the name matcher (20,000 aliases) | {:.1} ms |",
        ms(build)
    );
    println!("| capture: every rule and the drafts | {:.1} ms |", ms(run));
    println!("| total | {:.1} ms |", ms(build + run));
    println!(
        "| baseline: one substring search per alias over the folded text ({naive_hits} aliases present) | {:.1} ms |",
        ms(naive)
    );
    println!(
        "ratio: capture (matcher built) / baseline = {:.2}",
        ms(build + run) / ms(naive)
    );
}
