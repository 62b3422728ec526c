//! How a searched name meets a record's names, word by word: spelled exactly as written (case,
//! diacritics and the article aside) or only as a spelling variant (the same folded key); on
//! the family-name part (the last word, or the word after `al-`, `bin`, `ibn`) or a given name;
//! in the name itself, an official or other alias, or a weak alias. From these come a score
//! that orders name matches ("al-Asad" finds Bashar Al Assad before Asaad Al Shibani, whose
//! given name folds alike) and the words that say why a record matched.

use super::fold::{fold_token, lower_plain, tokens};
use super::{AliasKind, Record};

/// Which of a record's names matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NameRole {
    /// The record's own name (title).
    Name,
    /// An official, transliterated or former alias.
    Alias,
    /// An alias marked weak.
    WeakAlias,
}

/// The words of a name compared with a search (the longest real names have about a dozen).
pub const MAX_NAME_WORDS: usize = 64;

/// How one searched word met a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordMatch {
    /// The name it met, as written.
    pub name: String,
    pub role: NameRole,
    /// Spelled as searched (not only through the folded key).
    pub exact: bool,
    /// On the family-name part.
    pub family: bool,
    /// The searched word was marked as a family name (`al-Asad`, `Al Assad`, `bin Salman`)
    /// and met one.
    pub family_as_searched: bool,
}

impl WordMatch {
    /// Higher is better: a family name searched as one first, then exact spelling, then the
    /// family name, then the kind of name.
    pub fn score(&self) -> u32 {
        let searched = if self.family_as_searched { 16 } else { 0 };
        let spelling = if self.exact { 8 } else { 0 };
        let family = if self.family { 4 } else { 0 };
        let role = match self.role {
            NameRole::Name => 2,
            NameRole::Alias => 1,
            NameRole::WeakAlias => 0,
        };
        searched + spelling + family + role
    }
}

/// A record a hit refers to, for saying why it matched: the relation ("speaker"), the
/// record's name, and its other names (an actor's aliases).
#[derive(Debug, Clone, PartialEq)]
pub struct Referred {
    pub relation: String,
    pub name: String,
    pub aliases: Vec<String>,
}

#[cfg(test)]
impl Referred {
    fn new(relation: &str, name: &str) -> Referred {
        Referred {
            relation: relation.to_string(),
            name: name.to_string(),
            aliases: Vec::new(),
        }
    }
}

/// A searched text prepared for comparing with names: its words, less articles.
#[derive(Debug, Clone, Default)]
pub struct NameQuery {
    words: Vec<QueryWord>,
    /// Spelling variants count (`false`: exact spellings only).
    variants: bool,
}

#[derive(Debug, Clone)]
struct QueryWord {
    plain: String,
    folded: String,
    prefix: bool,
    /// Written as a family name: with the article, or after `al`, `bin`, `ibn`.
    family: bool,
}

/// A word as spelled, for exact comparison: lower case, diacritics and the article dropped,
/// Arabic letters unified (hamza and alef forms, Persian letters).
pub fn plain_word(word: &str) -> String {
    let lower = lower_plain(word);
    for prefix in ["al-", "el-", "al'", "al\u{2019}", "ال"] {
        if let Some(rest) = lower.strip_prefix(prefix)
            && rest.chars().count() >= 2
        {
            return rest.replace(['-', '\'', '\u{2019}'], "");
        }
    }
    lower.replace(['-', '\'', '\u{2019}'], "")
}

/// True for a word with the article joined: `al-Asad`, `el-Sisi`, `الأسد`.
fn has_article(word: &str) -> bool {
    let lower = word.to_lowercase();
    ["al-", "el-", "al'", "al\u{2019}"]
        .iter()
        .any(|p| lower.starts_with(p) && lower.len() > p.len() + 1)
        || (word.starts_with("ال") && word.chars().count() > 3)
}

/// Words that introduce a family name: the word after them is one.
fn introduces_family(word: &str) -> bool {
    matches!(
        plain_word(word).as_str(),
        "al" | "el" | "bin" | "ibn" | "ben" | "bint" | "ال" | "بن" | "ابن" | "بنت"
    )
}

impl NameQuery {
    /// The words of `text` (the last one may be unfinished if `prefix_last`); `variants`
    /// false counts exact spellings only.
    pub fn new(text: &str, prefix_last: bool, variants: bool) -> NameQuery {
        let mut words: Vec<QueryWord> = Vec::new();
        let mut after_introducer = false;
        for w in tokens(text) {
            if introduces_family(w) {
                after_introducer = true;
                continue;
            }
            let word = QueryWord {
                plain: plain_word(w),
                folded: fold_token(w),
                prefix: false,
                family: after_introducer || has_article(w),
            };
            after_introducer = false;
            if !word.plain.is_empty() {
                words.push(word);
            }
        }
        if prefix_last
            && !text.ends_with(char::is_whitespace)
            && let Some(last) = words.last_mut()
        {
            last.prefix = true;
        }
        NameQuery { words, variants }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The best match of each searched word among `names` (each with its role); `None` for a
    /// word no name holds.
    pub fn matches(&self, names: &[(&str, NameRole)]) -> Vec<Option<WordMatch>> {
        self.words
            .iter()
            .map(|word| {
                // The best match and the name it is in; the name is copied once, at the end
                // (copying it at every better match was quadratic in a long name).
                let mut best: Option<(WordMatch, usize)> = None;
                for (index, (name, role)) in names.iter().enumerate() {
                    // A name's first words only: a "name" of a million words (pasted text)
                    // costs no more to rank than a long real one.
                    let name_words: Vec<&str> = tokens(name).take(MAX_NAME_WORDS).collect();
                    let family_at = family_position(&name_words);
                    for (at, token) in name_words.iter().enumerate() {
                        let Some(exact) = self.meets(word, token) else {
                            continue;
                        };
                        let family = Some(at) == family_at;
                        let found = WordMatch {
                            name: String::new(),
                            role: *role,
                            exact,
                            family,
                            family_as_searched: family && word.family,
                        };
                        if best.as_ref().is_none_or(|(b, _)| found.score() > b.score()) {
                            best = Some((found, index));
                        }
                    }
                }
                best.map(|(found, index)| WordMatch {
                    name: names[index].0.to_string(),
                    ..found
                })
            })
            .collect()
    }

    /// How well `names` answer the whole query: the sum of each word's best match.
    pub fn score(&self, names: &[(&str, NameRole)]) -> u32 {
        self.matches(names)
            .iter()
            .map(|m| m.as_ref().map_or(0, WordMatch::score))
            .sum()
    }

    /// `Some(true)` if `token` is the word as spelled, `Some(false)` if only its spelling
    /// variant (when variants count), `None` if neither.
    fn meets(&self, word: &QueryWord, token: &str) -> Option<bool> {
        // "Al Shibani's visit": the possessive is not part of the name.
        let token = ["'s", "\u{2019}s"]
            .iter()
            .find_map(|s| token.strip_suffix(s))
            .filter(|t| !t.is_empty())
            .unwrap_or(token);
        let plain = plain_word(token);
        let exact = if word.prefix {
            plain.starts_with(&word.plain)
        } else {
            plain == word.plain
        };
        if exact {
            return Some(true);
        }
        if !self.variants || word.folded.is_empty() {
            return None;
        }
        let folded = fold_token(token);
        let variant = if word.prefix {
            folded.starts_with(&word.folded)
        } else {
            folded == word.folded
        };
        variant.then_some(false)
    }
}

/// A record's names with their roles, for the kinds known by name (actors, places, topics,
/// sources); none for meetings, statements and links, whose titles are text.
pub fn name_roles(record: &Record) -> Vec<(&str, NameRole)> {
    match record {
        Record::Actor(a) => std::iter::once((a.name.as_str(), NameRole::Name))
            .chain(a.aliases.iter().map(|alias| {
                let role = if alias.kind == AliasKind::Weak {
                    NameRole::WeakAlias
                } else {
                    NameRole::Alias
                };
                (alias.name.as_str(), role)
            }))
            .collect(),
        Record::Place(_) | Record::Topic(_) | Record::Source(_) => {
            vec![(record.name(), NameRole::Name)]
        }
        Record::Meeting(_) | Record::Statement(_) | Record::Link(_) => Vec::new(),
    }
}

/// How a reference reads in a reason: "speaker Asaad Al Shibani", "at Damascus".
fn relation_phrase(relation: &str) -> &str {
    use super::record::relation as r;
    match relation {
        r::SPEAKER => "speaker",
        r::PARTICIPANT => "participant",
        r::REPRESENTS => "for",
        r::MEETING | r::PLACE => "at",
        r::PARENT => "inside",
        r::TOPIC => "topic",
        r::CITES => "source",
        r::VIA => "via",
        r::LINK_FROM | r::LINK_TO => "linked with",
        other => other,
    }
}

/// Which references explain a match best: who spoke or took part before where and what.
fn relation_priority(relation: &str) -> u8 {
    use super::record::relation as r;
    match relation {
        r::SPEAKER => 0,
        r::PARTICIPANT => 1,
        r::REPRESENTS => 2,
        r::LINK_FROM | r::LINK_TO => 3,
        r::MEETING => 4,
        r::CITES | r::VIA => 5,
        _ => 6,
    }
}

impl NameQuery {
    /// Why a record matched, in a few words for each searched word: "alias «Asaad
    /// al-Shaibani»", "spelling variant of the name", "speaker Asaad Al Shibani", "in the
    /// text"; each reason once, in the order of the words. `names` are the record's own names,
    /// `texts` its other text, each with what to call it ("text", "title"); `references`
    /// (relation, name of the record referred to) are asked for if a word is in no name.
    pub fn explain(
        &self,
        names: &[(&str, NameRole)],
        texts: &[(&str, &str)],
        references: &mut dyn FnMut() -> Vec<Referred>,
    ) -> Vec<String> {
        let by_name = self.matches(names);
        let mut refs: Option<Vec<Referred>> = None;
        let mut out: Vec<String> = Vec::new();
        for (word, name_match) in self.words.iter().zip(by_name) {
            let one = NameQuery {
                words: vec![word.clone()],
                variants: self.variants,
            };
            let mut reasons: Vec<String> = Vec::new();
            if let Some(m) = name_match {
                reasons.push(match (m.exact, m.role) {
                    (false, NameRole::Name) => "spelling variant of the name".to_string(),
                    (false, _) => format!("spelling variant of alias «{}»", m.name),
                    (true, NameRole::Name) => "in the name".to_string(),
                    (true, NameRole::Alias) => format!("alias «{}»", m.name),
                    (true, NameRole::WeakAlias) => format!("weak alias «{}»", m.name),
                });
            } else {
                // What it refers to first (a statement's speaker says more than its text),
                // then its own text.
                let refs = refs.get_or_insert_with(|| {
                    let mut found = references();
                    found.sort_by_key(|r| relation_priority(&r.relation));
                    found
                });
                let by_name = refs.iter().find_map(|r| {
                    let m = one
                        .matches(&[(r.name.as_str(), NameRole::Name)])
                        .pop()
                        .flatten()?;
                    let variant = if m.exact { "" } else { " (spelling variant)" };
                    Some(format!(
                        "{} {}{variant}",
                        relation_phrase(&r.relation),
                        r.name
                    ))
                });
                // Else by one of its other names: "speaker Ahmad Al Shara (alias «أحمد الشرع»)".
                let by_alias = || {
                    refs.iter().find_map(|r| {
                        let aliases: Vec<(&str, NameRole)> = r
                            .aliases
                            .iter()
                            .map(|a| (a.as_str(), NameRole::Alias))
                            .collect();
                        let m = one.matches(&aliases).pop().flatten()?;
                        let variant = if m.exact { "" } else { "spelling variant of " };
                        Some(format!(
                            "{} {} ({variant}alias «{}»)",
                            relation_phrase(&r.relation),
                            r.name,
                            m.name
                        ))
                    })
                };
                if let Some(by_reference) = by_name.or_else(by_alias) {
                    reasons.push(by_reference);
                }
                if let Some((exact, what)) = texts
                    .iter()
                    .find_map(|(t, what)| one.found_in_text(t).map(|e| (e, what)))
                {
                    reasons.push(if exact {
                        format!("in the {what}")
                    } else {
                        format!("spelling variant in the {what}")
                    });
                }
            }
            for reason in reasons {
                if !out.contains(&reason) {
                    out.push(reason);
                }
            }
        }
        out
    }

    /// Whether this query's first word is in `text`: `Some(true)` as spelled, `Some(false)`
    /// as a spelling variant only.
    fn found_in_text(&self, text: &str) -> Option<bool> {
        let word = self.words.first()?;
        let mut variant = false;
        for token in tokens(text) {
            match self.meets(word, token) {
                Some(true) => return Some(true),
                Some(false) => variant = true,
                None => {}
            }
        }
        variant.then_some(false)
    }
}

/// Where the family name stands among a name's words: after an article or `bin`/`ibn`, else
/// the last word (a one-word name has none).
fn family_position(words: &[&str]) -> Option<usize> {
    if words.len() < 2 {
        return None;
    }
    if let Some(at) = words[..words.len() - 1]
        .iter()
        .position(|w| introduces_family(w))
    {
        return Some(at + 1);
    }
    // A word with the article joined ("al-Assad") is a family name.
    if let Some(at) = words.iter().skip(1).position(|w| has_article(w)) {
        return Some(at + 1);
    }
    Some(words.len() - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names<'a>(title: &'a str, aliases: &[&'a str]) -> Vec<(&'a str, NameRole)> {
        let mut out = vec![(title, NameRole::Name)];
        out.extend(aliases.iter().map(|a| (*a, NameRole::Alias)));
        out
    }

    #[test]
    fn only_the_first_words_of_a_name_are_compared() {
        let q = NameQuery::new("Damascus", false, true);
        let long = format!("{}Damascus", "peace talks ".repeat(MAX_NAME_WORDS));
        assert_eq!(q.matches(&names(&long, &[]))[0], None);
        let early = format!("Damascus {}", "peace talks ".repeat(50_000));
        let m = q.matches(&names(&early, &[]));
        assert_eq!(m[0].as_ref().map(|m| m.name.len()), Some(early.len()));
    }

    #[test]
    fn a_family_name_outranks_a_given_name_that_folds_alike() {
        // Even a given name spelled exactly so ("Asad al-Shaybani") ranks below a family
        // name that is only a spelling variant: "al-" marks the family name.
        let q = NameQuery::new("al-Asad", false, true);
        let asad_given = q.score(&names("Asaad Al Shibani", &["Asad al-Shaybani"]));
        let assad_family = q.score(&names("Bashar Al Assad", &[]));
        assert!(
            assad_family > asad_given,
            "{assad_family} against {asad_given}"
        );
        let bashar = q.score(&names("Bashar Al Assad", &["Bashar al-Asad"]));
        let asaad = q.score(&names("Asaad Al Shibani", &[]));
        assert!(bashar > asaad, "{bashar} against {asaad}");
        // Spelled exactly as an alias has it, on the family part.
        let m = q.matches(&names("Bashar Al Assad", &["Bashar al-Asad"]));
        let m = m[0].as_ref().unwrap();
        assert!(m.exact && m.family);
        assert_eq!(m.name, "Bashar al-Asad");
    }

    #[test]
    fn exact_spelling_before_a_variant() {
        let q = NameQuery::new("Shibani", false, true);
        let exact = q.score(&names("Asaad Al Shibani", &[]));
        let variant = q.score(&names("Asaad al-Shaibani", &[]));
        assert!(exact > variant);
        let m = q.matches(&names("Asaad al-Shaibani", &[]));
        assert_eq!(m[0].as_ref().map(|m| m.exact), Some(false));
    }

    #[test]
    fn weak_aliases_come_after_official_ones() {
        let q = NameQuery::new("Abu Mohammed", false, true);
        let weak = q.score(&[
            ("Someone", NameRole::Name),
            ("Abu Mohammed", NameRole::WeakAlias),
        ]);
        let official = q.score(&[("Other", NameRole::Name), ("Abu Mohammed", NameRole::Alias)]);
        assert!(official > weak);
    }

    #[test]
    fn exact_only_ignores_spelling_variants() {
        let q = NameQuery::new("Shaibani", false, false);
        assert_eq!(q.matches(&names("Asaad Al Shibani", &[]))[0], None);
        assert!(q.matches(&names("Asaad al-Shaibani", &[]))[0].is_some());
    }

    #[test]
    fn each_word_says_how_it_matched() {
        let q = NameQuery::new("al-Shaibani sanctions", false, true);
        let mut no_refs = || Vec::new();
        // An actor's alias spelled so, a statement's text, a speaker's name.
        assert_eq!(
            q.explain(
                &names("Asaad Al Shibani", &["Asaad al-Shaibani"]),
                &[],
                &mut no_refs
            )[0],
            "alias «Asaad al-Shaibani»"
        );
        assert_eq!(
            q.explain(&names("Asaad Al Shibani", &[]), &[], &mut no_refs)[0],
            "spelling variant of the name"
        );
        let mut speaker = || vec![Referred::new("speaker", "Asaad Al Shibani")];
        assert_eq!(
            q.explain(
                &[("We want Russia by our side", NameRole::Name)],
                &[("We want Russia by our side, despite sanctions", "text")],
                &mut speaker
            ),
            vec![
                "speaker Asaad Al Shibani (spelling variant)".to_string(),
                "in the text".to_string()
            ],
            "the speaker, then the text"
        );
        let mut speaker = || vec![Referred::new("speaker", "Asaad Al Shibani")];
        assert_eq!(
            q.explain(
                &[],
                &[("Mr Al Shaibani said so; sanctions", "text")],
                &mut speaker
            ),
            vec![
                "speaker Asaad Al Shibani (spelling variant)".to_string(),
                "in the text".to_string()
            ],
        );
    }

    #[test]
    fn arabic_names_meet_with_and_without_the_article_and_marks() {
        let q = NameQuery::new("الشيباني", false, true);
        let m = q.matches(&names("Asaad Al Shibani", &["أسعد الشيباني"]));
        assert!(m[0].as_ref().is_some_and(|m| m.exact && m.family));
        let q = NameQuery::new("شيباني", false, false);
        assert!(q.matches(&names("x", &["أَسْعَد الشَّيْبَانِي"]))[0].is_some());
        // Persian letters fold to the Arabic ones: ی for ي, ک for ك.
        let q = NameQuery::new("شیبانی", false, false);
        assert!(q.matches(&names("x", &["الشيباني"]))[0].is_some());
    }
}
