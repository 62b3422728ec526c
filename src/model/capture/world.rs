//! The states and international organisations a report may name without the file knowing
//! them: each with its other names ("US", "Türkiye", "Nato"), its demonyms ("Russian", "Saudi",
//! "North Korean") and its capitals ("Moscow"), read from `assets/capture/gazetteer.tsv`. A
//! demonym or a possessive before a title says whom a person represents ("the Saudi crown
//! prince", "Syria's foreign minister"); a capital stands for its state when it acts
//! ("Moscow's first visit") and for a place when something happens in it.

use super::Span;
use super::names::is_title;
use super::text::{Word, words};
use std::collections::HashMap;
use std::sync::LazyLock;

const DATA: &str = include_str!("../../../assets/capture/gazetteer.tsv");

/// A state or an organisation of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Polity {
    pub name: String,
    pub state: bool,
    pub capitals: Vec<String>,
}

/// How a word names a polity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Its name or another name ("Syria", "US").
    Name,
    /// A demonym ("Syrian").
    Demonym,
    /// A capital ("Damascus").
    Capital,
}

/// The table, with every form folded for lookup (longest forms have up to four words).
pub struct World {
    pub polities: Vec<Polity>,
    forms: HashMap<String, (usize, Form)>,
}

impl World {
    fn parse(data: &str) -> World {
        let mut polities = Vec::new();
        let mut forms: HashMap<String, (usize, Form)> = HashMap::new();
        for line in data.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let Some(name) = cols.first().map(|s| s.trim()).filter(|s| !s.is_empty()) else {
                continue;
            };
            let list = |i: usize| -> Vec<String> {
                cols.get(i)
                    .map(|c| {
                        c.split('|')
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let index = polities.len();
            let capitals = list(4);
            let mut add = |form: &str, how: Form| {
                let key = key_of(form);
                if !key.is_empty() {
                    forms.entry(key).or_insert((index, how));
                }
            };
            add(name, Form::Name);
            for other in list(2) {
                add(&other, Form::Name);
            }
            for demonym in list(3) {
                add(&demonym, Form::Demonym);
            }
            for capital in &capitals {
                add(capital, Form::Capital);
            }
            polities.push(Polity {
                name: name.to_string(),
                state: cols.get(1).is_some_and(|k| k.trim() == "state"),
                capitals,
            });
        }
        World { polities, forms }
    }

    /// The polity `words` name, and how ("U.S." and "US" alike; case matters only in that
    /// "US" in capitals is not the word "us": the caller passes capitalised words only).
    pub fn lookup(&self, words: &str) -> Option<(&Polity, Form)> {
        let (i, form) = self.lookup_index(words)?;
        Some((&self.polities[i], form))
    }

    /// `lookup`, giving the polity's index in `polities`.
    pub fn lookup_index(&self, words: &str) -> Option<(usize, Form)> {
        self.forms.get(&key_of(words)).copied()
    }

    /// The polity named `name` in the table.
    #[cfg(test)]
    pub fn by_name(&self, name: &str) -> Option<&Polity> {
        let key = key_of(name);
        self.polities.iter().find(|p| key_of(&p.name) == key)
    }
}

/// A state or organisation named in a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct PolityHit {
    pub span: Span,
    /// An index into `WORLD.polities`.
    pub polity: usize,
    pub form: Form,
    /// Written with a possessive ("Syria's").
    pub possessive: bool,
    /// Named as where something is ("visited Russia", "Bali, Indonesia", "in Moscow"), not as
    /// an actor ("Russian President", "Moscow said").
    pub place: bool,
}

/// Words before a name that make it a location.
const LOCATIVE: &[&str] = &[
    "in",
    "at",
    "to",
    "from",
    "into",
    "near",
    "outside",
    "across",
    "throughout",
    "toward",
    "towards",
    "visit",
    "visited",
    "visiting",
    "via",
    "inside",
];
/// Words after a capital that make it its state acting ("Washington would lift sanctions").
const ACTING: &[&str] = &[
    "would",
    "will",
    "has",
    "had",
    "said",
    "says",
    "is",
    "was",
    "and",
    "wants",
    "could",
    "must",
    "should",
    "may",
    "might",
    "did",
    "does",
    "announced",
    "denied",
];

/// The states and organisations of the table named in paragraph `para`, outside `skip`: runs
/// of one to four capitalised words, longest first. A form inside a longer capitalised name is
/// not a polity ("Syrian Democratic Forces", "Michael Jordan"), unless a title follows it
/// ("Russian President"); a state's name before a person's is ("the DPRK Kim Jong Un").
pub fn find(para: usize, text: &str, skip: &[(usize, usize)]) -> Vec<PolityHit> {
    let words = words(text);
    let free = |w: &Word| !skip.iter().any(|&(s, e)| w.start < e && w.end > s);
    let usable = |w: &Word| w.capitalised && free(w);
    let mut hits = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !usable(&words[i]) {
            i += 1;
            continue;
        }
        let mut taken = None;
        for len in (1..=4usize).rev() {
            if i + len > words.len() {
                continue;
            }
            let run = &words[i..i + len];
            if !run.iter().all(usable)
                || run[..len - 1].iter().any(|w| w.possessive)
                || run.windows(2).any(|p| {
                    text.get(p[0].end..p[1].start)
                        .is_none_or(|g| !g.trim().is_empty())
                })
            {
                continue;
            }
            let written = text[run[0].start..run[len - 1].start].to_string() + &run[len - 1].text;
            if let Some((index, form)) = WORLD.lookup_index(&written) {
                taken = Some((len, index, form));
                break;
            }
        }
        let Some((len, polity, form)) = taken else {
            i += 1;
            continue;
        };
        let first = &words[i];
        let last = &words[i + len - 1];
        let before = i.checked_sub(1).map(|k| &words[k]);
        let after = words.get(i + len);
        let glued = |a: &Word, b: &Word| {
            text.get(a.end..b.start)
                .is_some_and(|g| g.trim().is_empty())
        };
        // Part of a longer name: a capitalised word right before or after that is no title.
        let inside_name = before.is_some_and(|b| {
            b.capitalised && !b.possessive && glued(b, first) && !is_title(b) && !sentence_word(b)
        }) || (!last.possessive
            && form == Form::Demonym
            && after.is_some_and(|a| {
                a.capitalised
                    && glued(last, a)
                    && !is_title(a)
                    && free(a)
                    && WORLD.lookup(&a.text).is_none()
            }));
        if inside_name {
            i += len;
            continue;
        }
        let lower_before = before.map(|b| b.text.to_lowercase());
        let locative = lower_before
            .as_deref()
            .is_some_and(|b| LOCATIVE.contains(&b))
            && before.is_some_and(|b| glued(b, first));
        let after_place = i >= 2
            && text
                .get(words[i - 1].end..first.start)
                .is_some_and(|g| g.trim() == ",")
            && words[i - 1].capitalised;
        let state = WORLD.polities[polity].state;
        let place = !last.possessive
            && match form {
                Form::Demonym => false,
                Form::Name => state && (locative || after_place),
                Form::Capital => {
                    !after.is_some_and(|a| ACTING.contains(&a.text.to_lowercase().as_str()))
                }
            };
        hits.push(PolityHit {
            span: Span {
                para,
                start: first.start,
                end: last.start + last.text.len(),
            },
            polity,
            form,
            possessive: last.possessive,
            place,
        });
        i += len;
    }
    hits
}

/// Words that open sentences and may stand capitalised before a state's name ("In", "The").
fn sentence_word(w: &Word) -> bool {
    matches!(
        w.text.to_lowercase().as_str(),
        "the"
            | "in"
            | "on"
            | "at"
            | "and"
            | "but"
            | "for"
            | "from"
            | "with"
            | "by"
            | "as"
            | "to"
            | "after"
            | "before"
            | "during"
            | "since"
            | "while"
            | "of"
            | "under"
            | "both"
            | "rival"
            | "senior"
            | "former"
    )
}

/// The lookup key of a form: folded as names are, dots dropped ("U.S." is "US").
fn key_of(form: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    form.nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .filter(|c| !matches!(c, '.' | '\'' | '’'))
        .map(|c| if c == '-' { ' ' } else { c })
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The table bundled with Chancery.
pub static WORLD: LazyLock<World> = LazyLock::new(|| World::parse(DATA));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_demonyms_and_capitals_find_their_state() {
        let w = &*WORLD;
        let name = |s: &str| w.lookup(s).map(|(p, f)| (p.name.as_str(), f));
        assert_eq!(name("Russian"), Some(("Russia", Form::Demonym)));
        assert_eq!(name("U.S."), Some(("United States", Form::Name)));
        assert_eq!(name("Saudi"), Some(("Saudi Arabia", Form::Demonym)));
        assert_eq!(name("North Korean"), Some(("North Korea", Form::Demonym)));
        assert_eq!(name("Moscow"), Some(("Russia", Form::Capital)));
        assert_eq!(name("Türkiye"), Some(("Turkey", Form::Name)));
        assert_eq!(name("Nato").map(|n| n.1), Some(Form::Name));
        assert!(w.lookup("Reuters").is_none());
        assert!(w.by_name("Oman").is_some_and(|o| o.capitals == ["Muscat"]));
    }

    fn found(text: &str) -> Vec<(String, &'static str, bool)> {
        find(0, text, &[])
            .into_iter()
            .map(|h| {
                (
                    text[h.span.start..h.span.end].to_string(),
                    WORLD.polities[h.polity].name.as_str(),
                    h.place,
                )
            })
            .collect()
    }

    #[test]
    fn states_as_actors_and_as_places() {
        assert_eq!(
            found(
                "Russian President Vladimir Putin visited Syria's capital and Washington said so."
            ),
            [
                ("Russian".to_string(), "Russia", false),
                ("Syria".to_string(), "Syria", false),
                ("Washington".to_string(), "United States", false),
            ]
        );
        assert_eq!(
            found("They met in Bali, Indonesia, then flew to Moscow with South Korean aides."),
            [
                ("Indonesia".to_string(), "Indonesia", true),
                ("Moscow".to_string(), "Russia", true),
                ("South Korean".to_string(), "South Korea", false),
            ]
        );
        assert_eq!(
            found("the DPRK Kim Jong Un")
                .iter()
                .map(|f| f.1)
                .collect::<Vec<_>>(),
            ["North Korea"]
        );
        assert!(
            found("the Syrian Democratic Forces and Michael Jordan").is_empty(),
            "a demonym or a state's name inside a longer name is not a polity"
        );
    }
}
