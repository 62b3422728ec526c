//! Snippets: the stretch of a record's text around the first words that match a search, with
//! the matching words marked. Matching ignores case and diacritics and also accepts any
//! transliteration (through the folded key), so a search for "Shaibani" marks "Shibani".
//! Built in Rust from the stored text: FTS5's own `snippet()` re-runs the whole MATCH for
//! every row it is asked about.

use super::parse::Term;
use crate::model::fold::{fold_token, normalise_text};
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Matched text around the search words: `(text, is_match)` pieces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snippet(pub Vec<(String, bool)>);

impl Snippet {
    /// The snippet with matches in brackets, for plain-text output.
    pub fn bracketed(&self) -> String {
        self.0
            .iter()
            .map(|(t, hit)| if *hit { format!("[{t}]") } else { t.clone() })
            .collect()
    }
}

/// One searched word, prepared for comparison.
struct Needle {
    plain: String,
    folded: String,
    prefix: bool,
}

/// Words of the terms, prepared once per search.
pub struct Matcher(Vec<Needle>);

impl Matcher {
    pub fn new(terms: &[Term]) -> Matcher {
        let mut needles = Vec::new();
        for term in terms {
            let prefix = matches!(term, Term::Prefix(_));
            for word in words(term.text()) {
                let plain = simplify(word);
                if plain.is_empty() {
                    continue;
                }
                needles.push(Needle {
                    folded: fold_token(word),
                    plain,
                    prefix,
                });
            }
        }
        Matcher(needles)
    }

    fn matches(&self, word: &str) -> bool {
        let plain = simplify(word);
        let folded = fold_token(word);
        self.0.iter().any(|n| {
            if n.prefix {
                plain.starts_with(&n.plain)
                    || (!n.folded.is_empty() && folded.starts_with(&n.folded))
            } else {
                plain == n.plain || (!n.folded.is_empty() && folded == n.folded)
            }
        })
    }

    /// The snippet of `text` around its first match in its first `SCAN_BYTES`, at most
    /// `window` words long.
    pub fn snippet(&self, text: &str, window: usize) -> Option<Snippet> {
        if self.0.is_empty() {
            return None;
        }
        // The snippet comes from the text's start: a match further in than `SCAN_BYTES` gives
        // no snippet, so a text of megabytes costs what a long article does.
        let text = text_start(text, SCAN_BYTES);
        let pieces = split(text);
        let word_positions: Vec<usize> = pieces
            .iter()
            .enumerate()
            .filter(|(_, (_, is_word))| *is_word)
            .map(|(i, _)| i)
            .collect();
        let marks: Vec<bool> = word_positions
            .iter()
            .map(|&i| self.matches(pieces[i].0))
            .collect();
        let first = marks.iter().position(|m| *m)?;
        let start_word = first.saturating_sub(window / 3);
        let end_word = (start_word + window).min(word_positions.len());
        let from = word_positions[start_word];
        let to = if end_word < word_positions.len() {
            word_positions[end_word]
        } else {
            pieces.len()
        };
        let mut parts: Vec<(String, bool)> = Vec::new();
        if start_word > 0 {
            parts.push(("…".into(), false));
        }
        let mut word_index = start_word;
        for (text, is_word) in &pieces[from..to] {
            let hit = *is_word && marks[word_index];
            if *is_word {
                word_index += 1;
            }
            let text = text.replace(['\n', '\r'], " ");
            match parts.last_mut() {
                Some((last, last_hit)) if *last_hit == hit => last.push_str(&text),
                _ => parts.push((text, hit)),
            }
        }
        if end_word < word_positions.len() {
            match parts.last_mut() {
                Some((last, false)) => last.push('…'),
                _ => parts.push(("…".into(), false)),
            }
        }
        Some(Snippet(parts))
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c) || c == '\u{0640}'
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
}

/// Splits text into alternating word and separator pieces, keeping every character.
fn split(text: &str) -> Vec<(&str, bool)> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut current: Option<bool> = None;
    for (i, c) in text.char_indices() {
        let is_word = is_word_char(c);
        if current.is_some_and(|w| w != is_word) {
            pieces.push((&text[start..i], current.unwrap_or(false)));
            start = i;
        }
        current = Some(is_word);
    }
    if let Some(is_word) = current {
        pieces.push((&text[start..], is_word));
    }
    pieces
}

/// Lower case, no diacritics, Arabic letter forms unified.
fn simplify(word: &str) -> String {
    let stripped: String = word
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    normalise_text(&stripped)
}

/// How much of a text a snippet is looked for in.
pub const SCAN_BYTES: usize = 64 * 1024;

/// The first `max` bytes of `text`, cut at a character boundary.
fn text_start(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse::parse_terms;

    fn snip(query: &str, text: &str) -> Option<String> {
        Matcher::new(&parse_terms(query))
            .snippet(text, 8)
            .map(|s| s.bracketed())
    }

    #[test]
    fn a_snippet_is_looked_for_in_the_start_of_a_text_only() {
        let filler = "talks ".repeat(SCAN_BYTES / 6 + 10);
        assert_eq!(snip("sanctions", &format!("{filler}sanctions")), None);
        let near = format!("sanctions {filler}");
        assert!(snip("sanctions", &near).is_some_and(|s| s.starts_with("[sanctions]")));
        // Cut at a character boundary, whatever the text.
        let arabic = "سلام ".repeat(SCAN_BYTES / 4);
        assert!(snip("سلام", &arabic).is_some());
    }

    #[test]
    fn marks_words_case_and_accent_blind() {
        assert_eq!(
            snip("russia", "We want Russia by our side").as_deref(),
            Some("We want [Russia] by our side")
        );
        assert_eq!(
            snip("erdogan", "Mr Erdoğan said").as_deref(),
            Some("Mr [Erdoğan] said")
        );
    }

    #[test]
    fn marks_transliterations_and_prefixes() {
        assert_eq!(
            snip("Shaibani", "Asaad Al Shibani met").as_deref(),
            Some("Asaad Al [Shibani] met")
        );
        assert_eq!(
            snip("sanc*", "lift sanctions now").as_deref(),
            Some("lift [sanctions] now")
        );
        assert_eq!(
            snip("الشيباني", "أسعد الشيباني").as_deref(),
            Some("أسعد [الشيباني]")
        );
    }

    #[test]
    fn windows_long_text() {
        let text = "one two three four five six seven eight nine ten eleven twelve target thirteen fourteen";
        let s = snip("target", text).unwrap();
        assert!(s.starts_with('…') && s.contains("[target]"), "{s}");
        assert_eq!(snip("absent", text), None);
    }
}
