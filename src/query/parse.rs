//! Turns search-box text into terms and terms into an FTS5 expression. Every term is quoted,
//! so no input — a stray quote, `*`, `OR`, `NEAR(`, SQL — can change the query's syntax.
//! Each word also matches the folded name keys, so any transliteration of a name finds it.

use crate::model::fold::{fold_name, normalise_text};

/// One piece of a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// A word, matched whole.
    Word(String),
    /// A word typed with a trailing `*`, matched as a prefix.
    Prefix(String),
    /// Words in double quotes, matched in that order.
    Phrase(String),
}

/// Splits input into words, `"quoted phrases"` (an unclosed quote runs to the end) and
/// `prefix*` words. Terms with no letter or digit are dropped.
pub fn parse_terms(input: &str) -> Vec<Term> {
    let mut terms = Vec::new();
    let mut rest = input;
    while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
        rest = &rest[start..];
        if let Some(after_quote) = rest.strip_prefix('"') {
            let (phrase, remainder) = match after_quote.find('"') {
                Some(end) => (&after_quote[..end], &after_quote[end + 1..]),
                None => (after_quote, ""),
            };
            terms.push(Term::Phrase(phrase.trim().to_string()));
            rest = remainder;
        } else {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '"')
                .unwrap_or(rest.len());
            let word = &rest[..end];
            rest = &rest[end..];
            let stem = word.trim_end_matches('*');
            if stem.len() < word.len() {
                terms.push(Term::Prefix(stem.to_string()));
            } else {
                terms.push(Term::Word(word.to_string()));
            }
        }
    }
    // Searchable once normalised as the index is: a lone tatweel or Arabic vowel mark is a
    // letter to Unicode, yet nothing is left of it to search for.
    terms.retain(|t| has_searchable_text(&normalise_text(t.text())));
    terms
}

impl Term {
    pub fn text(&self) -> &str {
        match self {
            Term::Word(s) | Term::Prefix(s) | Term::Phrase(s) => s,
        }
    }
}

fn has_searchable_text(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

/// Makes the last word a prefix, for search as you type.
pub fn last_as_prefix(mut terms: Vec<Term>) -> Vec<Term> {
    if let Some(Term::Word(w)) = terms.last() {
        let w = w.clone();
        terms.pop();
        terms.push(Term::Prefix(w));
    }
    terms
}

/// The FTS5 expression for `terms` (all must match), or `None` when nothing is searchable;
/// `variants` lets each word match its spelling variants (folded keys) too.
pub fn fts_expression(terms: &[Term], variants: bool) -> Option<String> {
    let parts: Vec<String> = terms
        .iter()
        .filter_map(|t| term_expression(t, variants))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

/// Each term's own FTS5 expression (what [`fts_expression`] joins with AND), the same
/// expression once.
pub fn term_expressions(terms: &[Term], variants: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for expr in terms.iter().filter_map(|t| term_expression(t, variants)) {
        if !out.contains(&expr) {
            out.push(expr);
        }
    }
    out
}

/// The FTS5 expression matching a record's own names only (title, aliases, folded keys);
/// with `prefix_last`, the last word may be the start of a name, as in a picker.
pub fn name_expression(name: &str, prefix_last: bool) -> Option<String> {
    let terms = parse_terms(name);
    let terms = if prefix_last {
        last_as_prefix(terms)
    } else {
        terms
    };
    names_expression(&terms, true)
}

/// The FTS5 expression matching `terms` in names only: the title, the aliases and the folded
/// keys (the columns of the name index, which the full-text index shares).
pub fn names_expression(terms: &[Term], variants: bool) -> Option<String> {
    let parts: Vec<String> = terms
        .iter()
        .filter_map(|t| {
            let text = normalise_text(t.text());
            if !has_searchable_text(&text) {
                return None;
            }
            let star = if matches!(t, Term::Prefix(_)) {
                "*"
            } else {
                ""
            };
            let folded = fold_name(&text);
            let own = format!("{{title aliases}} : {}{star}", quote(&text));
            Some(if folded.is_empty() || !variants {
                own
            } else {
                format!("({own} OR keys : {}{star})", quote(&folded))
            })
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

/// True when a word is only begun with fewer than two letters (`a*`): the full-text index has
/// prefix indexes from two letters on, and such a start would merge thousands of words'
/// entries, so it is looked up among names only.
pub fn has_short_prefix(terms: &[Term]) -> bool {
    terms.iter().any(|t| {
        matches!(t, Term::Prefix(_)) && normalise_text(t.text()).chars().count() < SHORTEST_PREFIX
    })
}

/// The shortest word start the full-text index answers from a prefix index.
const SHORTEST_PREFIX: usize = 2;

fn term_expression(term: &Term, variants: bool) -> Option<String> {
    let text = normalise_text(term.text());
    if !has_searchable_text(&text) {
        return None;
    }
    let folded = fold_name(&text);
    let prefix = matches!(term, Term::Prefix(_));
    let star = if prefix { "*" } else { "" };
    let plain = format!("{}{star}", quote(&text));
    // A folded start shorter than the prefix indexes would merge thousands of doclists; the
    // word's own spelling still matches.
    let fold_fits = !prefix || folded.chars().count() >= SHORTEST_PREFIX;
    Some(if folded.is_empty() || !fold_fits || !variants {
        plain
    } else {
        format!("({plain} OR {{keys context}} : {}{star})", quote(&folded))
    })
}

/// An FTS5 string literal.
pub(crate) fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_words_phrases_and_prefixes() {
        assert_eq!(
            parse_terms(r#"Lavrov "territorial integrity" sanc*"#),
            vec![
                Term::Word("Lavrov".into()),
                Term::Phrase("territorial integrity".into()),
                Term::Prefix("sanc".into()),
            ]
        );
    }

    #[test]
    fn hostile_input_stays_literal() {
        assert!(parse_terms(r#"""#).is_empty());
        assert!(parse_terms("*").is_empty());
        assert_eq!(
            fts_expression(&parse_terms("'; DROP TABLE"), true).map(|e| e.contains("\"DROP\"")),
            Some(true)
        );
        let expr = fts_expression(&parse_terms(r#"a" OR NEAR("#), true).unwrap_or_default();
        assert!(expr.starts_with("(\"a\""), "{expr}");
    }

    #[test]
    fn words_also_match_folded_keys() {
        let expr = fts_expression(&parse_terms("al-Shaibani"), true).unwrap();
        let exact = fts_expression(&parse_terms("al-Shaibani"), false).unwrap();
        assert!(!exact.contains("keys"), "{exact}");
        assert!(
            expr.contains(&format!("\"{}\"", fold_name("Shibani"))),
            "{expr}"
        );
    }
}
