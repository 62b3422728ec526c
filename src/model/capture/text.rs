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

    /// The byte ranges of the sentences of paragraph `para` (`sentences`).
    pub fn sentences(&self, para: usize) -> Vec<(usize, usize)> {
        self.paragraphs
            .get(para)
            .map(|text| sentences(text, &quotes(text)))
            .unwrap_or_default()
    }
}

/// A quotation: where its marks stand and the words between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote {
    /// The byte of the opening mark.
    pub open: usize,
    /// The byte after the closing mark.
    pub close: usize,
    /// The words quoted, without the marks and without a closing comma or full stop.
    pub inner: (usize, usize),
}

/// The quotations of a paragraph, in any of the marks reports use: “…”, «…», "…", and ‘…’ or
/// '…' (an apostrophe inside a word, as in "hasn’t" or "Zelensky’s", closes nothing). Single
/// marks inside a double quotation are part of it ("Have you said 'thank you' once?").
pub fn quotes(text: &str) -> Vec<Quote> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |k: usize| chars.get(k).map(|c| c.1);
    let letter = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let opening_like = |k: usize| {
        k == 0
            || at(k - 1).is_some_and(|c| {
                c.is_whitespace() || matches!(c, '(' | '[' | '—' | '–' | '-' | ':')
            })
    };
    let closing_like =
        |k: usize| !letter(at(k + 1)) && k > 0 && !at(k - 1).is_some_and(char::is_whitespace);
    let mut found: Vec<Quote> = Vec::new();
    let inside = |found: &[Quote], b: usize| found.iter().any(|q| q.open <= b && b < q.close);
    for doubles in [true, false] {
        let mut k = 0;
        while k < chars.len() {
            let (b, c) = chars[k];
            if inside(&found, b) {
                k += 1;
                continue;
            }
            let close_mark = match c {
                '“' if doubles => Some('”'),
                '«' if doubles => Some('»'),
                '"' if doubles && opening_like(k) => Some('"'),
                '‘' if !doubles => Some('’'),
                '\'' if !doubles && opening_like(k) && letter(at(k + 1)) => Some('\''),
                _ => None,
            };
            let Some(close_mark) = close_mark else {
                k += 1;
                continue;
            };
            let single = matches!(close_mark, '’' | '\'');
            let end = (k + 1..chars.len()).find(|&e| {
                chars[e].1 == close_mark
                    && (!single || closing_like(e))
                    && (close_mark != '"' || closing_like(e) || e + 1 == chars.len())
            });
            let Some(e) = end else {
                k += 1;
                continue;
            };
            let inner_start = b + c.len_utf8();
            let inner_end = chars[e].0;
            let words = text[inner_start..inner_end]
                .trim()
                .trim_end_matches([',', '.'])
                .trim_end();
            let lead = text[inner_start..inner_end].len()
                - text[inner_start..inner_end].trim_start().len();
            if words.chars().filter(|c| c.is_alphanumeric()).count() >= 2 {
                found.push(Quote {
                    open: b,
                    close: inner_end + close_mark.len_utf8(),
                    inner: (inner_start + lead, inner_start + lead + words.len()),
                });
            }
            k = e + 1;
        }
    }
    found.sort_by_key(|q| q.open);
    found
}

/// Abbreviations after which a full stop ends no sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "ms", "mrs", "dr", "st", "sen", "rep", "gen", "gov", "lt", "col", "capt", "adm", "sgt",
    "prof", "jr", "sr", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "md", "calif", "mass", "no", "inc", "ltd", "co", "corp", "vs", "etc", "approx",
];

/// The sentences of a paragraph as byte ranges: a sentence ends at ".", "!" or "?" (a closing
/// quotation mark or bracket may follow) before a space and a capital or an opening mark, but
/// not inside a quotation, nor after an abbreviation ("Mr.", "Sept.") or initials ("U.S.").
pub fn sentences(text: &str, quotes: &[Quote]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    // A stop inside a quotation ends no sentence, unless the quotation closes right after it.
    let in_quote = |b: usize| {
        quotes.iter().any(|q| {
            q.open < b && b + 1 < q.close && {
                let rest = &text[b + 1..q.close];
                !(rest.chars().count() == 1
                    && matches!(rest.chars().next(), Some('”' | '"' | '’' | '\'' | '»')))
            }
        })
    };
    for (k, &(b, c)) in bytes.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?') || in_quote(b) {
            continue;
        }
        // Closing marks right after the stop belong to this sentence.
        let mut e = k + 1;
        while e < bytes.len() && matches!(bytes[e].1, '”' | '"' | '’' | '\'' | '»' | ')') {
            e += 1;
        }
        let next_ok = match (bytes.get(e), bytes.get(e + 1)) {
            (None, _) => true,
            (Some((_, w)), Some((_, n))) if w.is_whitespace() => {
                n.is_uppercase()
                    || matches!(n, '“' | '"' | '‘' | '«' | '\'')
                    || !n.is_alphabetic() && !n.is_ascii_digit() && *n != ','
            }
            _ => false,
        };
        if !next_ok {
            continue;
        }
        if c == '.' {
            let word_start = text[..b]
                .rfind(|ch: char| ch.is_whitespace() || ch == '(')
                .map_or(0, |i| i + 1);
            let word = text[word_start..b].to_lowercase();
            let initials = word.contains('.')
                || (word.chars().count() == 1 && word.chars().all(char::is_alphabetic));
            if initials || ABBREVIATIONS.contains(&word.as_str()) {
                continue;
            }
        }
        let end = bytes.get(e).map_or(text.len(), |x| x.0);
        if end > start && !text[start..end].trim().is_empty() {
            let lead = text[start..end].len() - text[start..end].trim_start().len();
            out.push((start + lead, end));
        }
        start = end;
    }
    if start < text.len() && !text[start..].trim().is_empty() {
        let lead = text[start..].len() - text[start..].trim_start().len();
        out.push((start + lead, start + text[start..].trim_end().len()));
    }
    out
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
    fn quotes_in_every_mark_and_apostrophes_left_alone() {
        let t = "“We agree,” he said. «Yes,» she said, ‘Planet Earth is big,’ Xi told Biden, \"Have you said 'thank you' once?\" Zelensky’s aide hasn’t.";
        let q: Vec<&str> = quotes(t).iter().map(|q| &t[q.inner.0..q.inner.1]).collect();
        assert_eq!(
            q,
            [
                "We agree",
                "Yes",
                "Planet Earth is big",
                "Have you said 'thank you' once?"
            ]
        );
    }

    #[test]
    fn sentences_end_where_a_reader_ends_them() {
        let t = "U.S. President Donald Trump met Mr. Putin on Sept. 13. “It went well. Very well,” he said. Next one.";
        let s: Vec<&str> = sentences(t, &quotes(t))
            .iter()
            .map(|&(a, b)| &t[a..b])
            .collect();
        assert_eq!(
            s,
            [
                "U.S. President Donald Trump met Mr. Putin on Sept. 13.",
                "“It went well. Very well,” he said.",
                "Next one."
            ]
        );
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
