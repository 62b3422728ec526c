//! An article as paragraphs (numbered from 1 for readers, kept 0-based here), sentences
//! (Unicode sentence boundaries) and words: each word with its byte range, whether it starts
//! with a capital, and its folded key (`fold::fold_token`, a possessive "'s" taken off first).

use crate::model::fold::fold_token;
use unicode_segmentation::UnicodeSegmentation;

/// Pasted text cut into paragraphs: each non-empty line is one (reports pasted from the web
/// put one paragraph on a line; blank lines between them change nothing).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Article {
    pub paragraphs: Vec<String>,
}

impl Article {
    pub fn parse(text: &str) -> Article {
        Article {
            paragraphs: text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
        }
    }

    /// The byte ranges of the sentences of paragraph `para`.
    pub fn sentences(&self, para: usize) -> Vec<(usize, usize)> {
        let Some(text) = self.paragraphs.get(para) else {
            return Vec::new();
        };
        text.split_sentence_bound_indices()
            .map(|(start, s)| (start, start + s.trim_end().len()))
            .filter(|(start, end)| end > start)
            .collect()
    }
}

/// A word of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    /// The word as written, without a possessive "'s".
    pub text: String,
    /// Its matching key; empty for an article ("al", "ال") that folds away.
    pub folded: String,
    /// Starts with an upper-case letter (Latin, Cyrillic, Greek).
    pub capitalised: bool,
    /// Written in a script without capitals (Arabic, Hebrew).
    pub uncased: bool,
    /// Ends with a possessive "'s" / "’s" ("Russia's").
    pub possessive: bool,
}

/// The words of `text` with their byte ranges. Hyphens and apostrophes inside a word stay
/// in it ("al-Shaibani"), as the name folding expects.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    for (start, word) in text.split_word_bound_indices() {
        if !word.chars().any(char::is_alphanumeric) {
            continue;
        }
        out.push((start, word.to_string()));
    }
    // Unicode word bounds split "al-Shaibani" at the hyphen; join the parts back.
    let mut joined: Vec<(usize, String)> = Vec::new();
    for (start, word) in out {
        if let Some((prev_start, prev)) = joined.last_mut()
            && *prev_start + prev.len() + 1 == start
            && text[*prev_start + prev.len()..start] == *"-"
        {
            prev.push('-');
            prev.push_str(&word);
            continue;
        }
        joined.push((start, word));
    }
    joined
        .into_iter()
        .map(|(start, word)| {
            let end = start + word.len();
            let (bare, possessive) = strip_possessive(&word);
            let first = bare.chars().next();
            Word {
                start,
                end,
                text: bare.to_string(),
                folded: fold_token(bare),
                capitalised: first.is_some_and(char::is_uppercase),
                uncased: first
                    .is_some_and(|c| c.is_alphabetic() && !c.is_uppercase() && !c.is_lowercase()),
                possessive,
            }
        })
        .collect()
}

fn strip_possessive(word: &str) -> (&str, bool) {
    for suffix in ["'s", "’s", "'S", "’S"] {
        if let Some(bare) = word.strip_suffix(suffix)
            && !bare.is_empty()
        {
            return (bare, true);
        }
    }
    (word, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_lines_and_sentences_are_found() {
        let a = Article::parse("First one. Second one.\n\n  Next paragraph here.  \n");
        assert_eq!(a.paragraphs.len(), 2);
        let s = a.sentences(0);
        assert_eq!(s.len(), 2);
        assert_eq!(&a.paragraphs[0][s[1].0..s[1].1], "Second one.");
    }

    #[test]
    fn words_keep_hyphens_and_lose_possessives() {
        let w = words("Syria’s al-Shaibani met Russia's envoy, said Сергей Лавров и الشيباني.");
        let texts: Vec<&str> = w.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Syria",
                "al-Shaibani",
                "met",
                "Russia",
                "envoy",
                "said",
                "Сергей",
                "Лавров",
                "и",
                "الشيباني"
            ]
        );
        assert!(w[0].possessive && w[0].capitalised);
        assert!(!w[1].capitalised, "al-Shaibani starts lower case");
        assert!(w[6].capitalised, "Cyrillic capitals count");
        assert!(w[9].uncased, "Arabic has no capitals");
        assert_eq!(&"Syria’s al-Shaibani"[w[1].start..w[1].end], "al-Shaibani");
    }
}
