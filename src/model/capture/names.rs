//! Names in an article. Known names: every name and alias the file holds, folded the way the
//! search folds them, found in one pass over the folded words (Aho–Corasick, leftmost
//! longest), so "Mr Al Shibani", "al-Shaibani" and "الشيباني" all find Asaad Al Shibani; a
//! person is found by the last word of a name too when no other person shares it. A run of
//! title words in front of a person ("Deputy Prime Minister") is kept as the title at the
//! time. Unknown names: runs of capitalised words (or of Arabic words) that the file does not
//! know, with a guess at their kind.

use super::Span;
use super::text::{Word, words};
use crate::model::RecordKind;
use crate::model::fold::fold_name;
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;
use uuid::Uuid;

/// A name the file knows: one of a record's names (its own or an alias).
#[derive(Debug, Clone, PartialEq)]
pub struct KnownName {
    pub name: String,
    pub uuid: Uuid,
    pub kind: RecordKind,
    /// The record is a person (found by a surname alone too).
    pub person: bool,
}

/// A record the text names.
#[derive(Debug, Clone, PartialEq)]
pub struct NameHit {
    pub span: Span,
    /// The records that go by these words: usually one; a state and a place of the same name
    /// ("Syria") are both given, for the context to choose.
    pub records: Vec<(Uuid, RecordKind)>,
    /// The title written in front of a person's name ("Deputy Prime Minister").
    pub title: Option<String>,
    /// Where the title stands.
    pub title_span: Option<Span>,
}

/// What an unknown name probably is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Guess {
    Person,
    State,
    Organisation,
    Place,
    Other,
}

/// Words that look like a name the file does not know.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownName {
    pub span: Span,
    pub text: String,
    pub guess: Guess,
    /// The title written in front of the name ("Foreign Minister"), and where it stands.
    pub title: Option<String>,
    pub title_span: Option<Span>,
    /// One capitalised word opening a sentence: a name only if the report names someone so.
    pub weak: bool,
}

/// Words that do not follow an adjective: after "Sochi" or "Hanoi" they show a name.
const NOT_NOUNS: &[&str] = &[
    "on",
    "in",
    "at",
    "and",
    "or",
    "to",
    "of",
    "for",
    "with",
    "by",
    "from",
    "as",
    "was",
    "is",
    "has",
    "had",
    "said",
    "says",
    "met",
    "visited",
    "will",
    "would",
    "last",
    "this",
    "next",
    "told",
    "added",
    "replied",
    "called",
    "urged",
    "warned",
    "stressed",
    "wrote",
    "described",
    "hosted",
    "received",
    "welcomed",
    "spoke",
    "agreed",
    "denied",
    "also",
    "later",
    "then",
    "asked",
    "insisted",
    "noted",
    "declared",
    "announced",
    "signed",
    "arrived",
    "left",
    "led",
];

/// Words of a title before a name.
const TITLE_WORDS: &[&str] = &[
    "president",
    "vice",
    "prime",
    "minister",
    "deputy",
    "foreign",
    "defence",
    "defense",
    "interior",
    "finance",
    "economy",
    "secretary",
    "general",
    "state",
    "ambassador",
    "envoy",
    "special",
    "king",
    "queen",
    "emir",
    "crown",
    "prince",
    "sheikh",
    "chancellor",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "senator",
    "governor",
    "mayor",
    "chief",
    "commander",
    "leader",
    "premier",
    "chairman",
    "speaker",
    "head",
    "representative",
    "adviser",
    "advisor",
    "director",
    "former",
    "acting",
    "supreme",
    "security",
    "national",
    "aide",
    "presidential",
    "official",
    "top",
    "diplomat",
    "emir",
    "interim",
    "transitional",
    "press",
    "senior",
    "sultan",
    "pope",
    "archbishop",
    "cardinal",
    "affairs",
];

/// Courtesy titles: not a title at the time, but a sign that a person's name follows.
const HONORIFICS: &[&str] = &["mr", "ms", "mrs", "dr", "sir", "madam"];

/// Capitalised words that begin sentences, not actors or places (month and day names are
/// `dates::MONTHS` and `dates::DAYS`).
const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "i",
    "this",
    "that",
    "these",
    "those",
    "there",
    "however",
    "while",
    "during",
    "after",
    "before",
    "many",
    "but",
    "and",
    "or",
    "if",
    "when",
    "as",
    "his",
    "her",
    "their",
    "our",
    "talks",
    "since",
    "both",
    "some",
    "according",
    "meanwhile",
    "also",
    "for",
    "with",
    "from",
    "by",
    // Languages ("speaking in English").
    "english",
    "arabic",
    "farsi",
    "mandarin",
    "hebrew",
];

/// Lower-case words that may stand inside a name ("Bashar al Assad", "Ministry of Defence").
const JOINERS: &[&str] = &[
    "al", "el", "bin", "bint", "ibn", "abu", "de", "da", "du", "van", "von", "der", "den", "la",
];

/// Last words of the names of documents, events, media and regions, never of people.
const THING_WORDS: &[&str] = &[
    "accords",
    "accord",
    "charter",
    "agreement",
    "treaty",
    "declaration",
    "principles",
    "plan",
    "deal",
    "doctrine",
    "convention",
    "act",
    "initiative",
    "forum",
    "conference",
    "social",
    "post",
    "times",
    "news",
    "journal",
    "war",
    "east",
    "west",
    "north",
    "south",
    "one",
    "two",
    "order",
    "award",
    "prize",
    "games",
    "cup",
    "day",
    "week",
    "year",
    "staff",
    "apostle",
    "media",
];

/// Saints' names open place names with a possessive ("St Peter's Square").
const SAINTS: &[&str] = &["st", "saint", "san", "santa"];

/// Seats of power named for the body that sits there ("the Kremlin said").
const ORGANISATION_SEATS: &[&str] = &[
    "kremlin",
    "white house",
    "pentagon",
    "elysee",
    "élysée",
    "quai d'orsay",
    "amiri diwan",
    "royal court",
];

const PLACE_WORDS: &[&str] = &[
    "palace",
    "base",
    "square",
    "airport",
    "city",
    "island",
    "islands",
    "province",
    "region",
    "street",
    "hotel",
    "house",
    "port",
    "valley",
    "mountains",
    "sea",
    "coast",
    "district",
    "hall",
    "cabin",
    "estate",
    "residence",
    "cosmodrome",
    "centre",
    "center",
    "castle",
    "lodge",
    "villa",
    "resort",
    "stadium",
    "mosque",
    "cathedral",
    "complex",
    "guesthouse",
    "building",
    "strip",
];

const ORGANISATION_WORDS: &[&str] = &[
    "agency",
    "ministry",
    "council",
    "party",
    "bank",
    "organisation",
    "organization",
    "union",
    "committee",
    "forces",
    "army",
    "news",
    "company",
    "group",
    "front",
    "movement",
    "nations",
    "office",
    "commission",
    "parliament",
    "assembly",
    "court",
    "department",
    "diwan",
    "directorate",
    "presidency",
    "government",
    "administration",
    "authority",
    "secretariat",
    "cabinet",
];

fn is(word: &Word, list: &[&str]) -> bool {
    list.contains(&word.text.to_lowercase().as_str())
}

/// Not a name: a word that opens sentences, or a month or a day.
fn not_a_name(word: &Word) -> bool {
    is(word, NOT_NAMES) || is(word, super::dates::MONTHS) || is(word, super::dates::DAYS)
}

/// The names the file knows, ready to find in any text.
pub struct Gazetteer {
    matcher: Option<AhoCorasick>,
    /// For each pattern, the records it names.
    targets: Vec<Vec<(Uuid, RecordKind)>>,
    /// The patterns, sorted (for `records_named`).
    keys: Vec<String>,
}

impl Gazetteer {
    pub fn new(names: &[KnownName]) -> Gazetteer {
        let mut by_key: HashMap<String, Vec<(Uuid, RecordKind)>> = HashMap::new();
        let mut add = |key: String, target: (Uuid, RecordKind)| {
            if key.is_empty() {
                return;
            }
            let entry = by_key.entry(key).or_default();
            if !entry.contains(&target) {
                entry.push(target);
            }
        };
        // Surnames of persons: kept only when a single person has it.
        let mut surnames: HashMap<String, Vec<Uuid>> = HashMap::new();
        for n in names {
            let key = fold_name(&n.name);
            if n.person
                && let Some(last) = key.split(' ').next_back()
                && key.contains(' ')
                && last.chars().count() >= 3
            {
                let owners = surnames.entry(last.to_string()).or_default();
                if !owners.contains(&n.uuid) {
                    owners.push(n.uuid);
                }
            }
            add(key, (n.uuid, n.kind));
        }
        for (surname, owners) in surnames {
            if let [only] = owners.as_slice() {
                add(surname, (*only, RecordKind::Actor));
            }
        }
        let mut keys: Vec<String> = Vec::with_capacity(by_key.len());
        let mut targets = Vec::with_capacity(by_key.len());
        let mut sorted: Vec<_> = by_key.into_iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        for (key, target) in sorted {
            keys.push(key);
            targets.push(target);
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&keys)
            .ok();
        Gazetteer {
            matcher,
            targets,
            keys,
        }
    }

    /// The records whose name or alias is `name` (folded as the search folds).
    pub fn records_named(&self, name: &str) -> Vec<(Uuid, RecordKind)> {
        let key = fold_name(name);
        self.keys
            .binary_search(&key)
            .ok()
            .map(|i| self.targets[i].clone())
            .unwrap_or_default()
    }

    /// The known names in paragraph `para` (text `text`), in order.
    pub fn find(&self, para: usize, text: &str) -> Vec<NameHit> {
        let words = words(text);
        let Some(matcher) = &self.matcher else {
            return Vec::new();
        };
        // The folded words joined by spaces, with where each word starts and ends in it.
        let mut folded = String::new();
        let mut starts: HashMap<usize, usize> = HashMap::new();
        let mut ends: HashMap<usize, usize> = HashMap::new();
        for (i, w) in words.iter().enumerate() {
            if w.folded.is_empty() {
                continue;
            }
            if !folded.is_empty() {
                folded.push(' ');
            }
            starts.insert(folded.len(), i);
            folded.push_str(&w.folded);
            ends.insert(folded.len(), i);
        }
        let mut hits = Vec::new();
        for m in matcher.find_iter(&folded) {
            let (Some(&first), Some(&last)) = (starts.get(&m.start()), ends.get(&m.end())) else {
                continue;
            };
            // An article in front ("Al" Shibani) belongs to the name.
            let mut from = first;
            if from > 0 && words[from - 1].folded.is_empty() && words[from - 1].capitalised {
                from -= 1;
            }
            let span = Span {
                para,
                start: words[from].start,
                end: words[last].start + words[last].text.len(),
            };
            let records = self.targets[m.pattern().as_usize()].clone();
            let (title, title_span) = title_before(&words, from, para, text);
            hits.push(NameHit {
                span,
                records,
                title,
                title_span,
            });
        }
        hits
    }
}

/// The title words right before word `at` ("Foreign Minister" in "Syria's Foreign Minister
/// Asaad Al Shibani"), honorifics skipped.
fn title_before(
    words: &[Word],
    at: usize,
    para: usize,
    text: &str,
) -> (Option<String>, Option<Span>) {
    let mut first = at;
    let mut last = None;
    let mut k = at;
    while k > 0 {
        let w = &words[k - 1];
        if w.possessive || !w.capitalised {
            break;
        }
        if is(w, HONORIFICS) && last.is_none() {
            k -= 1;
            continue;
        }
        if !is(w, TITLE_WORDS) {
            break;
        }
        last.get_or_insert(k - 1);
        first = k - 1;
        k -= 1;
    }
    match last {
        Some(last) => {
            let span = Span {
                para,
                start: words[first].start,
                end: words[last].end,
            };
            (Some(text[span.start..span.end].to_string()), Some(span))
        }
        None => (None, None),
    }
}

/// Runs of capitalised (or uncased-script) words in paragraph `para` not covered by `known`,
/// each with a guess at its kind. A single capitalised word at the start of a sentence, month
/// and day names, and runs made only of title words are not names.
pub fn unknown_names(para: usize, text: &str, known: &[NameHit]) -> Vec<UnknownName> {
    unknown_names_except(para, text, known, &[])
}

/// `unknown_names`, leaving out the byte ranges `skip` (a dateline, the words inside quotation
/// marks, the states and organisations already found). A capitalised word alone at the start
/// of a sentence is returned as `weak`: it is a name only if the report names a person with it
/// elsewhere ("Lavrov told reporters" after "Sergei Lavrov"), not when it is a mere first
/// word ("Asked by reporters").
pub fn unknown_names_except(
    para: usize,
    text: &str,
    known: &[NameHit],
    skip: &[(usize, usize)],
) -> Vec<UnknownName> {
    let words = words(text);
    let covered = |w: &Word| {
        skip.iter().any(|&(s, e)| w.start < e && w.end > s)
            || known.iter().any(|h| {
                // Any word overlapping the name or its title ("Syria’s": the name and its
                // possessive, however the apostrophe is written).
                let title = h.title_span.map_or(h.span.start, |t| t.start);
                w.start < h.span.end && w.end > title.min(h.span.start)
            })
    };
    let sentence_starts: Vec<usize> = {
        let mut v = vec![0];
        for (i, c) in text.char_indices() {
            if matches!(c, '.' | '!' | '?' | '“' | '"' | '«' | '‘' | ':' | ';' | '(') {
                v.push(i + c.len_utf8());
            }
        }
        v.extend(skip.iter().map(|&(_, e)| e));
        v
    };
    let starts_sentence = |w: &Word| {
        sentence_starts.iter().any(|&s| {
            s <= w.start
                && text.get(s..w.start).is_some_and(|t| {
                    t.trim_matches(|c: char| c.is_whitespace() || c == '-' || c == '—' || c == '–')
                        .is_empty()
                })
        })
    };
    let name_word = |w: &Word| {
        (w.capitalised || w.uncased || particle_name(w)) && !not_a_name(w) && !covered(w)
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !name_word(&words[i]) || is(&words[i], HONORIFICS) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 1 < words.len() {
            let next = &words[j + 1];
            let gap = text.get(words[j].end..next.start).unwrap_or(" ");
            let spaced = gap.trim().is_empty();
            if words[j].possessive {
                // "St Peter's Square": a possessive inside a place's name.
                if spaced && name_word(next) && (is(next, PLACE_WORDS) || is(&words[i], SAINTS)) {
                    j += 1;
                    continue;
                }
                break;
            }
            // "S. Jaishankar": an initial and its full stop inside a name.
            let initial = words[j].text.chars().count() == 1
                && words[j].capitalised
                && gap.trim() == "."
                && gap.ends_with(' ');
            if name_word(next) && next.uncased == words[i].uncased && (spaced || initial) {
                j += 1;
                continue;
            }
            // Particles inside a name: "bin Salman", "von der Leyen", "Hall of the People".
            let mut k = j + 1;
            let of_allowed = is(&words[j], PLACE_WORDS)
                || is(&words[j], ORGANISATION_WORDS)
                || is_title(&words[j]);
            while k < words.len()
                && k <= j + 2
                && (is(&words[k], JOINERS) || (of_allowed && is(&words[k], &["of", "the"])))
                && !words[k].capitalised
            {
                k += 1;
            }
            let joined = k > j + 1
                && k < words.len()
                && name_word(&words[k])
                && !words[k].uncased
                && text
                    .get(words[j].end..words[k].start)
                    .is_some_and(|t| !t.contains([',', '.', ';', ':', '(', ')']));
            if joined {
                j = k;
            } else {
                break;
            }
        }
        let end = j;
        // Title words in front are the title, not the name: "Foreign Minister Murat Nurtleu",
        // "Syrian President Ahmad Al Shara" (the name starts after the last title word).
        // Not in a building's or body's name: "Presidential Complex", "Diaoyutai State
        // Guesthouse", "State Department".
        let named_thing = is(&words[j], PLACE_WORDS) || is(&words[j], ORGANISATION_WORDS);
        let i_name = (i..j)
            .rev()
            .find(|&k| is_title(&words[k]) && !named_thing)
            .map_or(i, |k| k + 1);
        // Particles left in front of the name after the title ("of" in "Secretary of State").
        let i_name = (i_name..j)
            .find(|&k| !is(&words[k], &["of", "the"]))
            .unwrap_or(i_name);
        let start_word = i;
        let first = i_name;
        let run = &words[first..=j];
        let single = first == j;
        let only_titles = run.iter().all(is_title);
        let kind = guess(&words, first, j);
        // One capitalised word before a lower-case noun is an adjective ("Russian banks",
        // "Syrian official"), not a name; before a preposition or a verb it is a name ("Sochi
        // on Monday").
        let demonym = ["ian", "ean", "can", "ese", "ish", "ic", "i"]
            .iter()
            .any(|suffix| words[j].text.to_lowercase().ends_with(suffix));
        let adjective = single
            && demonym
            && words[j].text.chars().count() > 3
            && words.get(j + 1).is_some_and(|next| {
                // Before a title too: "Russian President Vladimir Putin".
                is_title(next)
                    || (!next.capitalised
                        && !next.uncased
                        && !is(next, JOINERS)
                        && !is(next, NOT_NOUNS))
                        && text[words[j].end..next.start].trim().is_empty()
            });
        // A capitalised word opening a sentence is a name only when its neighbours say so
        // ("Kazakhstan's Foreign Minister"); one Arabic word alone is too weak a sign.
        let opening = single && start_word == first && starts_sentence(&words[first]);
        let weak = opening && !words[first].uncased && matches!(kind, Guess::Other | Guess::Person);
        let skip_run = only_titles || adjective || (single && words[first].uncased);
        if !skip_run {
            let span = Span {
                para,
                start: words[first].start,
                end: words[j].start + words[j].text.len(),
            };
            let (title, title_span) = title_phrase(&words, first, para, text);
            found.push(UnknownName {
                span,
                text: text[span.start..span.end].to_string(),
                guess: if weak { Guess::Other } else { kind },
                title,
                title_span,
                weak,
            });
        }
        i = end + 1;
    }
    found
}

/// "al-Sharaa", "el-Sissi": a name written with its article in lower case.
fn particle_name(w: &Word) -> bool {
    ["al-", "el-", "ad-", "as-", "ash-", "at-", "an-", "ar-"]
        .iter()
        .any(|p| {
            w.text.starts_with(p)
                && w.text[p.len()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
        })
}

/// A word of a title: "Minister", "minister", "Secretary-General", "President-elect".
pub fn is_title(w: &Word) -> bool {
    is_title_word(&w.text)
}

/// `is_title` for a word as written.
pub fn is_title_word(word: &str) -> bool {
    let lower = word.to_lowercase();
    lower
        .split('-')
        .all(|part| TITLE_WORDS.contains(&part) || part == "elect")
}

/// The title written before word `first`, in capitals or not ("Foreign Minister", "national
/// security adviser", "the deputy foreign minister, " before the name), honorifics skipped;
/// title-cased as a title at the time is kept ("Deputy Foreign Minister").
pub fn title_phrase(
    words: &[Word],
    first: usize,
    para: usize,
    text: &str,
) -> (Option<String>, Option<Span>) {
    let mut k = first;
    let mut last = None;
    let mut from = first;
    while k > 0 {
        let w = &words[k - 1];
        let gap = text.get(w.end..words[k].start).unwrap_or("");
        // "the deputy foreign minister, Mikhail Bogdanov": one comma after the title.
        let comma_ok = last.is_none() && gap.trim() == "," && k == first;
        if !(gap.trim().is_empty() || comma_ok) || w.possessive {
            break;
        }
        if is(w, HONORIFICS) && last.is_none() {
            k -= 1;
            continue;
        }
        // "Secretary of State": "of" between title words.
        let of_between = w.text == "of" && last.is_some() && k >= 2 && is_title(&words[k - 2]);
        if !is_title(w) && !of_between {
            break;
        }
        last.get_or_insert(k - 1);
        from = k - 1;
        k -= 1;
    }
    let Some(last) = last else {
        return (None, None);
    };
    // A lower-case title after a comma must begin with "the": "the deputy foreign minister,".
    let comma = text
        .get(words[last].end..words[first].start)
        .is_some_and(|g| g.contains(','));
    if comma && !(from > 0 && words[from - 1].text.eq_ignore_ascii_case("the")) {
        return (None, None);
    }
    let span = Span {
        para,
        start: words[from].start,
        end: words[last].end,
    };
    let written = &text[span.start..span.end];
    let title = if written.chars().any(char::is_uppercase) {
        written.to_string()
    } else {
        super::dateline::title_case(written)
    };
    (Some(title), Some(span))
}

/// What the words `i..=j` probably name, from the words themselves and those around them.
fn guess(words: &[Word], i: usize, j: usize) -> Guess {
    let run = &words[i..=j];
    let before = i.checked_sub(1).map(|k| &words[k]);
    let after = words.get(j + 1);
    let whole = run
        .iter()
        .map(|w| w.text.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    if ORGANISATION_SEATS.contains(&whole.as_str()) {
        return Guess::Organisation;
    }
    if run.iter().any(|w| is(w, ORGANISATION_WORDS)) {
        return Guess::Organisation;
    }
    // "the Red Sea resort of Sharm el-Sheikh", "the city of Kazan".
    if before.is_some_and(|w| w.text == "of")
        && i >= 2
        && is(
            &words[i - 2],
            &[
                "resort", "city", "town", "village", "capital", "port", "island", "region",
                "province",
            ],
        )
    {
        return Guess::Place;
    }
    // "at the Qasr Al Watan palace": a place by the noun after it.
    if after.is_some_and(|w| {
        !w.capitalised
            && is(
                w,
                &[
                    "palace",
                    "residence",
                    "estate",
                    "compound",
                    "hotel",
                    "airport",
                    "square",
                ],
            )
    }) {
        return Guess::Place;
    }
    // Names of things, not people: "Abraham Accords", "UN Charter", "Truth Social".
    if is(&words[j], THING_WORDS) {
        return Guess::Other;
    }
    if run.iter().any(particle_name) {
        return Guess::Person;
    }
    if is(&words[j], PLACE_WORDS) {
        return Guess::Place;
    }
    // "Kazakhstan's Foreign Minister": a state.
    if words[j].possessive && after.is_some_and(|w| is(w, TITLE_WORDS)) {
        return Guess::State;
    }
    if before.is_some_and(|w| is(w, HONORIFICS) || is(w, TITLE_WORDS)) {
        return Guess::Person;
    }
    let according = i >= 2 && words[i - 2].text.eq_ignore_ascii_case("according");
    if !according
        && before.is_some_and(|w| {
            matches!(
                w.text.to_lowercase().as_str(),
                "in" | "at" | "to" | "from" | "near" | "visited" | "visiting" | "aboard"
            )
        })
    {
        return Guess::Place;
    }
    if (2..=4).contains(&run.len())
        && !run
            .iter()
            .any(|w| w.text.chars().all(|c| c.is_ascii_digit()) || is(w, &["one", "two", "three"]))
    {
        return Guess::Person;
    }
    Guess::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(name: &str, kind: RecordKind, person: bool, n: u128) -> KnownName {
        KnownName {
            name: name.into(),
            uuid: Uuid::from_u128(n),
            kind,
            person,
        }
    }

    fn gazetteer() -> Gazetteer {
        Gazetteer::new(&[
            known("Asaad Al Shibani", RecordKind::Actor, true, 1),
            known("Asaad al-Shaibani", RecordKind::Actor, true, 1),
            known("أسعد حسن الشيباني", RecordKind::Actor, true, 1),
            known("Alexander Novak", RecordKind::Actor, true, 2),
            known("Сергей Лавров", RecordKind::Actor, true, 3),
            known("Sergey Lavrov", RecordKind::Actor, true, 3),
            known("Syria", RecordKind::Actor, false, 4),
            known("Syria", RecordKind::Place, false, 5),
            known("Bashar Al Assad", RecordKind::Actor, true, 6),
            known("Hafez Al Assad", RecordKind::Actor, true, 7),
            known("Russia", RecordKind::Actor, false, 8),
        ])
    }

    fn names(text: &str) -> Vec<(String, Vec<u128>, Option<String>)> {
        gazetteer()
            .find(0, text)
            .into_iter()
            .map(|h| {
                (
                    text[h.span.start..h.span.end].to_string(),
                    h.records.iter().map(|r| r.0.as_u128()).collect(),
                    h.title,
                )
            })
            .collect()
    }

    #[test]
    fn known_names_in_any_spelling_and_script() {
        let found = names("Mr Al Shibani met al-Shaibani and الشيباني, then Сергей Лавров.");
        assert_eq!(found[0], ("Al Shibani".into(), vec![1], None));
        assert_eq!(found[1].1, [1]);
        assert_eq!(found[2], ("الشيباني".into(), vec![1], None));
        assert_eq!(found[3], ("Сергей Лавров".into(), vec![3], None));
    }

    #[test]
    fn a_title_in_front_of_a_name_is_kept() {
        let found = names(
            "A delegation led by Deputy Prime Minister Alexander Novak met Syria's Foreign Minister Asaad Al Shibani.",
        );
        assert_eq!(
            found[0],
            (
                "Alexander Novak".into(),
                vec![2],
                Some("Deputy Prime Minister".into())
            )
        );
        assert_eq!(
            found[1].0, "Syria",
            "the possessive is not part of the name"
        );
        assert_eq!(
            found[1].1,
            [4, 5],
            "a state and a place of that name, for the context"
        );
        assert_eq!(found[2].2.as_deref(), Some("Foreign Minister"));
    }

    #[test]
    fn a_shared_surname_is_not_guessed() {
        let found = names("Mr Al Assad fled; Lavrov stayed.");
        assert_eq!(
            found.len(),
            1,
            "two Assads: 'Al Assad' alone names neither: {found:?}"
        );
        assert_eq!(found[0].1, [3]);
    }

    fn unknown(text: &str) -> Vec<(String, Guess)> {
        let known = gazetteer().find(0, text);
        unknown_names(0, text, &known)
            .into_iter()
            .map(|u| (u.text, u.guess))
            .collect()
    }

    #[test]
    fn unknown_names_get_a_guessed_kind() {
        let text = "Kazakhstan's Foreign Minister Murat Nurtleu met envoys at Akorda Palace, \
                    the Kazinform News Agency said. Talks went well in Astana.";
        assert_eq!(
            unknown(text),
            [
                ("Kazakhstan".to_string(), Guess::State),
                ("Murat Nurtleu".to_string(), Guess::Person),
                ("Akorda Palace".to_string(), Guess::Place),
                ("Kazinform News Agency".to_string(), Guess::Organisation),
                ("Astana".to_string(), Guess::Place),
            ]
        );
    }

    #[test]
    fn a_building_keeps_the_title_words_of_its_name() {
        let found = unknown(
            "Erdogan hosted him at the Presidential Complex, then at the Diaoyutai State Guesthouse.",
        );
        assert!(
            found.contains(&("Presidential Complex".to_string(), Guess::Place)),
            "{found:?}"
        );
        assert!(
            found.contains(&("Diaoyutai State Guesthouse".to_string(), Guess::Place)),
            "{found:?}"
        );
    }

    #[test]
    fn unknown_names_in_cyrillic_and_arabic() {
        let text = "Foreign Minister Мурат Нуртлеу met Prince فيصل بن فرحان in Riyadh, then \
                    Iraqi envoys in Sochi on Monday, and Syria’s Iraqi President Abdul Latif.";
        assert_eq!(
            unknown(text),
            [
                ("Мурат Нуртлеу".to_string(), Guess::Person),
                ("فيصل بن فرحان".to_string(), Guess::Person),
                ("Riyadh".to_string(), Guess::Place),
                ("Sochi".to_string(), Guess::Place),
                ("Abdul Latif".to_string(), Guess::Person),
            ],
            "'Iraqi envoys' and 'Iraqi President' are adjectives, 'Sochi on' a name, \
             'Syria’s' known with its curly apostrophe"
        );
    }
}
