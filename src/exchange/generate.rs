//! Realistic generated knowledge bases, for benchmarks and for trying Chancery at scale: prose
//! drawn with a Zipf law from 20,000 generated words with English stop-words among them;
//! people, organisations and states with names in Latin, a second Latin transliteration,
//! Cyrillic and Arabic; places inside countries; meetings with 2–8 participants; statements
//! of every kind by those people, at those meetings or not; sources graded A–F; partial dates
//! of every precision (a year, a month, a day, a span, approximate). The same seed gives the
//! same records, uuids included. Written with `Store::insert_all` in batches of 5,000 (not
//! through import, which backs the file up before every batch), so memory stays bounded
//! whatever the size.

use crate::model::{
    Actor, ActorKind, Alias, AliasKind, Citation, Credibility, Meeting, MeetingKind, Meta,
    PartialDate, Participant, Place, Record, Reliability, Role, Source, SourceKind, Statement,
    StatementKind, Topic,
};
use crate::store::{Store, StoreError, WriteStep};
use uuid::Uuid;

/// How much to generate: everything else follows from the number of statements.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    pub statements: usize,
    pub seed: u64,
}

impl Size {
    pub fn actors(&self) -> usize {
        (self.statements / 20).max(60)
    }
    pub fn meetings(&self) -> usize {
        (self.statements / 4).max(10)
    }
    pub fn sources(&self) -> usize {
        (self.statements / 10).max(10)
    }
}

/// Records per transaction.
const BATCH: usize = 5_000;
/// Distinct words of the prose, besides the stop-words.
pub const VOCABULARY: usize = 20_000;

/// A small, fast, seeded generator (xorshift64): the same seed, the same sequence.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
    /// True with probability `percent` in 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    /// An index in `0..n` drawn with a Zipf law (s = 1): a few very often, most rarely.
    pub fn zipf(&mut self, n: usize) -> usize {
        let harmonic = (n.max(1) as f64).ln() + 0.5772;
        let u = (self.next_u64() % 1_000_000) as f64 / 1_000_000.0 * harmonic;
        ((u.exp() - 1.0) as usize).min(n.saturating_sub(1))
    }
    /// A version-4 uuid from the sequence.
    pub fn uuid(&mut self) -> Uuid {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.next_u64().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next_u64().to_le_bytes());
        uuid::Builder::from_random_bytes(bytes).into_uuid()
    }
}

/// English stop-words, most frequent first (they make up about 40% of the prose).
pub const STOP_WORDS: [&str; 40] = [
    "the", "of", "and", "to", "in", "a", "that", "for", "on", "with", "as", "by", "at", "from",
    "was", "is", "it", "his", "her", "their", "which", "has", "had", "been", "were", "be", "are",
    "an", "this", "not", "but", "or", "its", "after", "also", "they", "he", "she", "who", "will",
];

/// Syllables of names in three scripts, the same sound at the same index.
const LATIN: [&str; 20] = [
    "al", "ba", "da", "fa", "ga", "ha", "ka", "la", "ma", "na", "ra", "sa", "ta", "vi", "mi", "ro",
    "ne", "ko", "sha", "dor",
];
/// A second transliteration of the same syllables ("sha" as "cha", "ko" as "qo").
const LATIN_VARIANT: [&str; 20] = [
    "el", "ba", "dha", "pha", "gha", "kha", "qa", "la", "ma", "na", "ra", "ssa", "tha", "wi", "mi",
    "ro", "ne", "qo", "cha", "door",
];
const CYRILLIC: [&str; 20] = [
    "ал", "ба", "да", "фа", "га", "ха", "ка", "ла", "ма", "на", "ра", "са", "та", "ви", "ми", "ро",
    "не", "ко", "ша", "дор",
];
const ARABIC: [&str; 20] = [
    "ال", "با", "دا", "فا", "غا", "ها", "كا", "لا", "ما", "نا", "را", "سا", "تا", "في", "مي", "رو",
    "ني", "كو", "شا", "دور",
];
/// Syllables of the prose's words.
const WORD_SYLLABLES: [&str; 30] = [
    "con", "tra", "men", "sio", "pre", "dis", "lo", "ver", "ti", "ca", "po", "res", "ul", "gen",
    "mar", "ob", "sen", "tu", "vel", "qua", "der", "ist", "ong", "ple", "ri", "cu", "est", "ax",
    "bo", "fi",
];
const OUTLETS: [&str; 12] = [
    "Reuters",
    "AFP",
    "AP",
    "TASS",
    "SANA",
    "Al Jazeera",
    "The National",
    "Kommersant",
    "BBC",
    "Anadolu",
    "Xinhua",
    "IRNA",
];

/// What a generated file holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Generated {
    pub places: usize,
    pub topics: usize,
    pub sources: usize,
    pub actors: usize,
    pub meetings: usize,
    pub statements: usize,
}

impl Generated {
    pub fn total(&self) -> usize {
        self.places + self.topics + self.sources + self.actors + self.meetings + self.statements
    }
}

/// Writes a generated knowledge base of `size` into `store`, reporting records written so
/// far and the total after each batch. All or nothing: the whole is one transaction (one undo
/// step), so a full disk or a stop leaves the file as it was.
pub fn generate(
    store: &mut Store,
    size: Size,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Generated, StoreError> {
    store.in_one_step(|step| generate_in(step, size, progress))
}

fn generate_in(
    step: &mut WriteStep<'_>,
    size: Size,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Generated, StoreError> {
    let mut g = Generator::new(size.seed);
    let mut out = Generated::default();
    let total = 50 * 11 + 30 + size.sources() + size.actors() + size.meetings() + size.statements;
    let mut batch: Vec<Record> = Vec::new();
    let mut done = 0;
    let mut flush = |step: &mut WriteStep<'_>, batch: &mut Vec<Record>, force: bool| {
        if batch.len() >= BATCH || (force && !batch.is_empty()) {
            done += batch.len();
            step.insert_all(std::mem::take(batch))?;
            progress(done, total);
        }
        Ok::<(), StoreError>(())
    };

    let mut places = Vec::new();
    for _ in 0..50 {
        let country = g.place(None);
        let parent = country.meta.uuid;
        places.push(parent);
        batch.push(Record::Place(country));
        for _ in 0..10 {
            let city = g.place(Some(parent));
            places.push(city.meta.uuid);
            batch.push(Record::Place(city));
        }
    }
    out.places = places.len();
    let topics: Vec<Uuid> = (0..30)
        .map(|_| {
            let topic = Topic {
                meta: g.meta(),
                name: g.prose(2),
            };
            let uuid = topic.meta.uuid;
            batch.push(Record::Topic(topic));
            uuid
        })
        .collect();
    out.topics = topics.len();
    flush(step, &mut batch, true)?;

    let mut sources = Vec::with_capacity(size.sources());
    for _ in 0..size.sources() {
        let source = g.source();
        sources.push(source.meta.uuid);
        batch.push(Record::Source(source));
        flush(step, &mut batch, false)?;
    }
    out.sources = sources.len();
    let mut actors = Vec::with_capacity(size.actors());
    for i in 0..size.actors() {
        let kind = match i % 20 {
            0 => ActorKind::State,
            1..=3 => ActorKind::Organisation,
            _ => ActorKind::Person,
        };
        let actor = g.actor(kind, &topics);
        actors.push(actor.meta.uuid);
        batch.push(Record::Actor(actor));
        flush(step, &mut batch, false)?;
    }
    out.actors = actors.len();
    flush(step, &mut batch, true)?;

    let mut meetings = Vec::with_capacity(size.meetings());
    for _ in 0..size.meetings() {
        let meeting = g.meeting(&actors, &places, &sources, &topics);
        meetings.push(meeting.meta.uuid);
        batch.push(Record::Meeting(meeting));
        flush(step, &mut batch, false)?;
    }
    out.meetings = meetings.len();
    flush(step, &mut batch, true)?;

    for _ in 0..size.statements {
        let statement = g.statement(&actors, &meetings, &sources, &topics);
        batch.push(Record::Statement(statement));
        out.statements += 1;
        flush(step, &mut batch, false)?;
    }
    flush(step, &mut batch, true)?;
    Ok(out)
}

/// Draws the records.
struct Generator {
    rng: Rng,
    vocabulary: Vec<String>,
    /// The names of the states drawn so far, in the four spellings: organisations are named
    /// after them ("Ministry of Foreign Affairs of …").
    states: Vec<[String; 4]>,
}

/// Institutions of a state, in English, Russian and Arabic: most organisations are one of these
/// "of" a state, the long names with stop-words that users type ("Ministry of Foreign Affairs of
/// Au…", issue 26).
const INSTITUTIONS: [[&str; 3]; 8] = [
    [
        "Ministry of Foreign Affairs",
        "Министерство иностранных дел",
        "وزارة خارجية",
    ],
    ["Ministry of Defence", "Министерство обороны", "وزارة دفاع"],
    [
        "Red Crescent Society",
        "Общество Красного Полумесяца",
        "جمعية الهلال الأحمر",
    ],
    ["Central Bank", "Центральный банк", "البنك المركزي"],
    ["Embassy", "Посольство", "سفارة"],
    [
        "Permanent Mission to the United Nations",
        "Постоянное представительство при ООН",
        "البعثة الدائمة لدى الأمم المتحدة",
    ],
    [
        "Office of the President",
        "Администрация президента",
        "مكتب رئيس",
    ],
    [
        "Ministry of Energy",
        "Министерство энергетики",
        "وزارة طاقة",
    ],
];

impl Generator {
    fn new(seed: u64) -> Generator {
        let mut rng = Rng::new(seed);
        let mut seen = std::collections::HashSet::new();
        let mut vocabulary = Vec::with_capacity(VOCABULARY);
        while vocabulary.len() < VOCABULARY {
            let syllables = 1 + rng.below(4);
            let word: String = (0..syllables)
                .map(|_| WORD_SYLLABLES[rng.below(WORD_SYLLABLES.len())])
                .collect();
            if !STOP_WORDS.contains(&word.as_str()) && seen.insert(word.clone()) {
                vocabulary.push(word);
            }
        }
        Generator {
            rng,
            vocabulary,
            states: Vec::new(),
        }
    }

    fn meta(&mut self) -> Meta {
        let mut meta = Meta::new();
        meta.uuid = self.rng.uuid();
        meta
    }

    /// `words` words of prose: stop-words and vocabulary words, each by a Zipf law.
    fn prose(&mut self, words: usize) -> String {
        let mut out = String::new();
        for i in 0..words {
            if i > 0 {
                out.push(' ');
            }
            if self.rng.chance(40) {
                out.push_str(STOP_WORDS[self.rng.zipf(STOP_WORDS.len())]);
            } else {
                let at = self.rng.zipf(self.vocabulary.len());
                out.push_str(&self.vocabulary[at]);
            }
        }
        out
    }

    /// A sentence: capitalised, with a full stop.
    fn sentence(&mut self) -> String {
        let words = 8 + self.rng.below(22);
        format!("{}.", capitalised(&self.prose(words)))
    }

    /// One name of 2–3 syllables in each of the four spellings.
    fn name_part(&mut self) -> [String; 4] {
        let syllables: Vec<usize> = (0..2 + self.rng.below(2))
            .map(|_| self.rng.below(LATIN.len()))
            .collect();
        let spell =
            |table: &[&str; 20]| -> String { syllables.iter().map(|&s| table[s]).collect() };
        [
            capitalised(&spell(&LATIN)),
            capitalised(&spell(&LATIN_VARIANT)),
            capitalised(&spell(&CYRILLIC)),
            spell(&ARABIC),
        ]
    }

    fn place(&mut self, parent: Option<Uuid>) -> Place {
        let [name, ..] = self.name_part();
        Place {
            meta: self.meta(),
            name,
            parent,
            lat: None,
            lon: None,
        }
    }

    fn source(&mut self) -> Source {
        Source {
            meta: self.meta(),
            title: {
                let words = 4 + self.rng.below(8);
                capitalised(&self.prose(words))
            },
            kind: if self.rng.chance(80) {
                SourceKind::NewsArticle
            } else {
                SourceKind::ALL[self.rng.below(SourceKind::ALL.len())]
            },
            outlet: OUTLETS[self.rng.zipf(OUTLETS.len())].to_string(),
            url: String::new(),
            author: String::new(),
            published: self.date(true),
            accessed: None,
            reliability: Some(Reliability::ALL[self.rng.zipf(Reliability::ALL.len())]),
            text: String::new(),
        }
    }

    fn actor(&mut self, kind: ActorKind, topics: &[Uuid]) -> Actor {
        let parts: Vec<[String; 4]> = (0..if kind == ActorKind::Person { 2 } else { 1 })
            .map(|_| self.name_part())
            .collect();
        let institution =
            (kind == ActorKind::Organisation && !self.states.is_empty() && self.rng.chance(70))
                .then(|| {
                    let state = self.states[self.rng.zipf(self.states.len())].clone();
                    (INSTITUTIONS[self.rng.below(INSTITUTIONS.len())], state)
                });
        let spelled = |i: usize| -> String {
            if let Some((names, state)) = &institution {
                return match i {
                    0 | 1 => format!("{} of {}", names[0], state[i]),
                    2 => format!("{} {}", names[1], state[2]),
                    _ => format!("{} {}", names[2], state[3]),
                };
            }
            parts
                .iter()
                .map(|p| p[i].as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        if kind == ActorKind::State {
            self.states.push(std::array::from_fn(spelled));
        }
        let mut meta = self.meta();
        if self.rng.chance(30) {
            meta.topics.push(topics[self.rng.below(topics.len())]);
        }
        Actor {
            meta,
            kind,
            name: spelled(0),
            aliases: vec![
                Alias {
                    name: spelled(1),
                    kind: AliasKind::Transliteration,
                    lang: "en".into(),
                },
                Alias {
                    name: spelled(2),
                    kind: AliasKind::Official,
                    lang: "ru".into(),
                },
                Alias {
                    name: spelled(3),
                    kind: AliasKind::Official,
                    lang: "ar".into(),
                },
            ],
            description: self.sentence(),
        }
    }

    fn citation(&mut self, sources: &[Uuid]) -> Citation {
        let mut citation = Citation::new(sources[self.rng.zipf(sources.len())]);
        citation.locator = format!("para. {}", 1 + self.rng.below(12));
        if self.rng.chance(30) {
            citation.excerpt = self.sentence();
        }
        if self.rng.chance(10) {
            citation.via = Some(sources[self.rng.below(sources.len())]);
        }
        if self.rng.chance(50) {
            citation.credibility = Credibility::new(1 + self.rng.below(6) as u8).ok();
        }
        citation
    }

    fn meeting(
        &mut self,
        actors: &[Uuid],
        places: &[Uuid],
        sources: &[Uuid],
        topics: &[Uuid],
    ) -> Meeting {
        let mut meta = self.meta();
        meta.citations.push(self.citation(sources));
        if self.rng.chance(40) {
            meta.topics.push(topics[self.rng.below(topics.len())]);
        }
        let mut participants: Vec<Participant> = Vec::new();
        for _ in 0..2 + self.rng.below(7) {
            let actor = actors[self.rng.zipf(actors.len())];
            if participants.iter().any(|p| p.actor == actor) {
                continue;
            }
            let role = Role::ALL[self.rng.below(Role::ALL.len())];
            participants.push(Participant {
                actor,
                roles: vec![role],
                title_at_time: if self.rng.chance(50) {
                    capitalised(&self.prose(2))
                } else {
                    String::new()
                },
                // States are every twentieth actor, from the first.
                represents: self
                    .rng
                    .chance(30)
                    .then(|| actors[20 * self.rng.below(actors.len().div_ceil(20))])
                    .filter(|state| *state != actor),
            });
        }
        Meeting {
            meta,
            title: {
                let words = 3 + self.rng.below(6);
                capitalised(&self.prose(words))
            },
            kind: MeetingKind::ALL[self.rng.below(MeetingKind::ALL.len())],
            date: self.date(false),
            end_date: None,
            place: self
                .rng
                .chance(85)
                .then(|| places[self.rng.zipf(places.len())]),
            summary: (0..1 + self.rng.below(3))
                .map(|_| self.sentence())
                .collect::<Vec<_>>()
                .join(" "),
            participants,
        }
    }

    fn statement(
        &mut self,
        actors: &[Uuid],
        meetings: &[Uuid],
        sources: &[Uuid],
        topics: &[Uuid],
    ) -> Statement {
        let mut meta = self.meta();
        meta.citations.push(self.citation(sources));
        if self.rng.chance(20) {
            meta.topics.push(topics[self.rng.below(topics.len())]);
        }
        let text = (0..1 + self.rng.below(3))
            .map(|_| self.sentence())
            .collect::<Vec<_>>()
            .join(" ");
        Statement {
            meta,
            text,
            kind: StatementKind::ALL[self.rng.below(StatementKind::ALL.len())],
            speaker: Some(actors[self.rng.zipf(actors.len())]),
            meeting: self
                .rng
                .chance(50)
                .then(|| meetings[self.rng.below(meetings.len())]),
            date: self.rng.chance(90).then(|| self.date(false)).flatten(),
            lang: "en".into(),
            hedge: if self.rng.chance(10) {
                "reportedly".into()
            } else {
                String::new()
            },
        }
    }

    /// A partial date between 1995 and 2025: a day (day-precise only when `day`), else a
    /// year, a month, a day, a span of days or an approximate month.
    fn date(&mut self, day: bool) -> Option<PartialDate> {
        let year = 1995 + self.rng.below(31);
        let month = 1 + self.rng.below(12);
        let d = 1 + self.rng.below(28);
        let edtf = match if day { 2 } else { self.rng.below(10) } {
            0 => format!("{year}"),
            1 => format!("{year}-{month:02}"),
            5 => format!(
                "{year}-{month:02}-{d:02}/{year}-{month:02}-{:02}",
                (d + 3).min(28)
            ),
            6 => format!("{year}-{month:02}~"),
            _ => format!("{year}-{month:02}-{d:02}"),
        };
        PartialDate::parse(&edtf).ok()
    }
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_draws_the_same_records() {
        let mut a = Generator::new(7);
        let mut b = Generator::new(7);
        assert_eq!(a.prose(50), b.prose(50));
        assert_eq!(a.rng.uuid(), b.rng.uuid());
        assert_ne!(Generator::new(8).prose(50), Generator::new(7).prose(50));
    }

    #[test]
    fn the_prose_is_zipf_over_a_large_vocabulary_with_stop_words() {
        let mut g = Generator::new(3);
        assert_eq!(g.vocabulary.len(), VOCABULARY);
        let text = g.prose(200_000);
        let mut counts = std::collections::HashMap::<&str, usize>::new();
        for word in text.split(' ') {
            *counts.entry(word).or_default() += 1;
        }
        let stop: usize = STOP_WORDS.iter().filter_map(|w| counts.get(w)).sum();
        let share = stop as f64 / 200_000.0;
        assert!((0.35..0.45).contains(&share), "stop-words: {share}");
        assert!(counts.len() > 10_000, "{} distinct words", counts.len());
        let mut by_count: Vec<usize> = counts.values().copied().collect();
        by_count.sort_unstable_by(|a, b| b.cmp(a));
        assert!(
            by_count[0] > 50 * by_count[by_count.len() / 2],
            "a few words very often, most rarely"
        );
    }

    #[test]
    fn names_come_in_four_spellings_and_three_scripts() {
        let mut g = Generator::new(5);
        let actor = g.actor(ActorKind::Person, &[]);
        assert_eq!(actor.aliases.len(), 3);
        assert!(
            actor.aliases[1]
                .name
                .chars()
                .any(|c| ('а'..='я').contains(&c))
        );
        assert!(
            actor.aliases[2]
                .name
                .chars()
                .any(|c| ('\u{600}'..='\u{6ff}').contains(&c))
        );
        assert_eq!(
            actor.name.split(' ').count(),
            2,
            "a first name and a last name"
        );
    }
}
