//! Dates in an article: phrases such as "on Tuesday", "in late July", "in January",
//! "earlier this year" and "in December 2024", resolved against the publication date by the
//! same resolver the date fields use (`relative::resolve`), so a phrase means here what it
//! would mean typed into a form.

use super::Span;
use super::text::words;
use crate::model::PartialDate;
use crate::model::relative::resolve;
use jiff::civil::Date;

/// A date phrase and the value it would store.
#[derive(Debug, Clone, PartialEq)]
pub struct DateHit {
    pub span: Span,
    pub date: PartialDate,
}

/// Month names, lower case (also not names, for `names`).
pub const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
/// Day names, lower case (also not names, for `names`).
pub const DAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
const RELATIVE: &[&str] = &["yesterday", "today", "ago", "week", "month", "year"];
const LEADS: &[&str] = &[
    "on", "in", "during", "since", "last", "early", "mid", "late", "earlier", "this",
];

/// The longest phrase tried, in words ("in late July 2025" is four).
const LONGEST: usize = 5;

/// The date phrases of paragraph `para`, resolved against `published`.
pub fn find(para: usize, text: &str, published: Date) -> Vec<DateHit> {
    let words = words(text);
    let lower: Vec<String> = words.iter().map(|w| w.text.to_lowercase()).collect();
    let dateish = |w: &str| MONTHS.contains(&w) || DAYS.contains(&w) || RELATIVE.contains(&w);
    let mut hits = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let mut taken = None;
        for len in (1..=LONGEST.min(words.len() - i)).rev() {
            let run = &lower[i..i + len];
            // A phrase starts where a date word or a lead-in word is, and holds a date word.
            if !(dateish(&run[0]) || LEADS.contains(&run[0].as_str())) {
                break;
            }
            if !run.iter().any(|w| dateish(w)) {
                continue;
            }
            // "May" alone is too often a verb; a weekday or month needs its context to be a
            // capital word.
            let last = &words[i + len - 1];
            if len == 1 && run[0] == "may" {
                continue;
            }
            if MONTHS.contains(&lower[i + len - 1].as_str()) && !last.capitalised {
                continue;
            }
            let phrase = text[words[i].start..words[i + len - 1].end].to_string();
            if let Ok(date) = resolve(&phrase, published) {
                taken = Some((len, date));
                break;
            }
        }
        match taken {
            Some((len, date)) => {
                hits.push(DateHit {
                    span: Span {
                        para,
                        start: words[i].start,
                        end: words[i + len - 1].end,
                    },
                    date,
                });
                i += len;
            }
            None => i += 1,
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(text: &str) -> Vec<(String, String)> {
        find(0, text, "2025-09-10".parse().unwrap())
            .into_iter()
            .map(|h| (text[h.span.start..h.span.end].to_string(), h.date.edtf()))
            .collect()
    }

    #[test]
    fn each_form_of_the_article_resolves_against_publication() {
        assert_eq!(
            dates("They met on Tuesday."),
            [("on Tuesday".into(), "2025-09-09".into())]
        );
        assert_eq!(
            dates("In late July, he travelled."),
            [("In late July".into(), "2025-07-21/2025-07-31".into())]
        );
        assert_eq!(
            dates("In January, a delegation"),
            [("In January".into(), "2025-01".into())]
        );
        assert_eq!(
            dates("In a meeting earlier this year, he"),
            [("earlier this year".into(), "2025-01-01/2025-09-09".into())]
        );
        assert_eq!(
            dates("the offensive in December 2024."),
            [("in December 2024".into(), "2024-12".into())]
        );
    }

    #[test]
    fn words_that_are_not_dates_are_left_alone() {
        assert!(dates("It may rain, said the mayor of March City").len() <= 1);
        assert!(dates("A major base on the coast").is_empty());
        assert!(dates("Syria's new leadership").is_empty());
    }
}
