//! Where a report tells of an encounter: the words that make one ("met", "held talks",
//! "hosted", "received a phone call", "spoke by phone", "a visit", "the summit"), each with the
//! kind of meeting it says, whether it is a verb (an event told) or a noun, and whether the noun
//! refers back ("the talks", "their meeting"). Planned, proposed, invited and denied meetings
//! ("agreed to meet again", "invited Trump to visit Moscow", "no plans for a conversation",
//! "denied … had spoken") are not meetings. Which words take part, where and when, is for the
//! caller, who knows the names.

use crate::model::MeetingKind;
use regex::Regex;
use std::sync::LazyLock;

/// A word or phrase telling of a meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct Trigger {
    pub start: usize,
    pub end: usize,
    pub kind: MeetingKind,
    /// A verb ("met", "hosted", "held talks"): an event the sentence tells.
    pub verb: bool,
    /// A noun referring back ("the talks", "their first meeting").
    pub definite: bool,
}

static TRIGGER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:held\s+(?:[\w\-]+\s+){0,6}?(?:talks|meeting|summit|call|conversation|session|consultations)|met|meets|meeting\s+with|hosted|hosts|received|receives|welcomed|welcomes|visited|visits|arrived\s+in|arrived\s+at|travell?ed\s+to|spoke|co-chaired|chaired|called|talks|meeting|summit|visit|trip|call|conversation|session|consultations)\b",
    )
    .expect("a valid rule")
});

/// Words that make what follows a plan, a wish or a denial, not a meeting held.
const NOT_HELD: &[&str] = &[
    "will",
    "would",
    "to",
    "plan",
    "plans",
    "planned",
    "planning",
    "invited",
    "invite",
    "could",
    "may",
    "might",
    "shall",
    "expected",
    "due",
    "hopes",
    "hope",
    "proposed",
    "possible",
    "future",
    "next",
    "upcoming",
    "no",
    "cancel",
    "canceled",
    "cancelled",
    "postponed",
    "before",
];

/// Words that make a meeting a plan even a few words before it.
const PLANNED: &[&str] = &[
    "plan", "plans", "planned", "planning", "proposed", "invited", "upcoming", "possible",
];

const DETERMINERS_DEFINITE: &[&str] = &["the", "this", "that", "his", "her", "their", "its"];

/// The meeting words of one sentence (`start..end` of `text`), outside `quoted` ranges.
/// `person_after(b)` says whether a person is named right after byte `b` (for "called",
/// "received", "welcomed", whose object makes them a meeting).
pub fn triggers(
    text: &str,
    (start, end): (usize, usize),
    quoted: &[(usize, usize)],
    person_after: &dyn Fn(usize) -> bool,
) -> Vec<Trigger> {
    let sentence = &text[start..end];
    let lower = sentence.to_lowercase();
    let mut out = Vec::new();
    for m in TRIGGER.find_iter(sentence) {
        let (s, e) = (start + m.start(), start + m.end());
        if quoted.iter().any(|&(a, b)| a <= s && s < b) {
            continue;
        }
        let word = m.as_str().to_lowercase();
        let first = word.split_whitespace().next().unwrap_or("").to_string();
        let before: Vec<&str> = lower[..m.start()]
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .collect();
        let near = &before[before.len().saturating_sub(3)..];
        // "no plans for a telephone conversation", "a planned joint visit".
        if before[before.len().saturating_sub(5)..]
            .iter()
            .any(|w| PLANNED.contains(w))
        {
            continue;
        }
        if near.iter().any(|w| NOT_HELD.contains(w)) && !(first == "held" || first == "met") {
            continue;
        }
        if near
            .iter()
            .any(|w| matches!(*w, "will" | "would" | "to" | "could" | "may" | "might"))
        {
            continue;
        }
        // "denied … had spoken": a meeting denied is none.
        if before
            .iter()
            .any(|w| matches!(*w, "denied" | "deny" | "denies" | "rejected"))
        {
            continue;
        }
        if matches!(
            first.as_str(),
            "called" | "received" | "receives" | "welcomed" | "welcomes" | "hosted" | "hosts"
        ) {
            let rest = lower[m.end()..].trim_start();
            let call_follows = rest.starts_with("a phone call")
                || rest.starts_with("a call")
                || rest.starts_with("a telephone");
            if first == "called" {
                if !person_after(e) {
                    continue;
                }
            } else if !(person_after(e)
                || call_follows
                || rest.starts_with("more than")
                || rest.starts_with("leaders"))
            {
                continue;
            }
        }
        let noun = !matches!(
            first.as_str(),
            "held"
                | "met"
                | "meets"
                | "meeting"
                | "hosted"
                | "hosts"
                | "received"
                | "receives"
                | "welcomed"
                | "welcomes"
                | "visited"
                | "visits"
                | "arrived"
                | "travelled"
                | "traveled"
                | "spoke"
                | "co-chaired"
                | "chaired"
                | "called"
        ) || word == "meeting";
        let verb = !noun || word.starts_with("meeting with");
        // "the talks", "their first substantive meeting": the determiner before the noun's
        // adjectives.
        let definite = noun
            && !verb
            && before
                .iter()
                .rev()
                .take(5)
                .find(|w| {
                    DETERMINERS_DEFINITE.contains(w)
                        || matches!(**w, "a" | "an")
                        || w.ends_with("'s")
                        || w.ends_with("’s")
                })
                .is_some_and(|w| DETERMINERS_DEFINITE.contains(w));
        // A verb's phrase says the kind as well as the word: "spoke by phone".
        let tail: String = lower[m.end()..].chars().take(40).collect();
        let around = format!("{} {word} {tail}", near.join(" "));
        let kind = if around.contains("phone")
            || around.contains("telephone")
            || word.ends_with("call")
            || word.ends_with("conversation")
            || first == "called"
        {
            MeetingKind::Call
        } else if word.contains("summit") || around.contains("summit talks") {
            MeetingKind::Summit
        } else if matches!(
            first.as_str(),
            "visit"
                | "visited"
                | "visits"
                | "trip"
                | "arrived"
                | "travelled"
                | "traveled"
                | "hosted"
                | "hosts"
                | "received"
                | "welcomed"
                | "welcomes"
        ) {
            MeetingKind::Visit
        } else {
            MeetingKind::Talks
        };
        // "meeting" as a verb needs someone met: "hours after meeting UAE President…".
        // "call" the noun ("a phone call", "the call"), not the verb ("as reports call him").
        if word == "call" || word == "calls" {
            let next = lower[m.end()..].split_whitespace().next().unwrap_or("");
            let noun_before = near.iter().any(|w| {
                DETERMINERS_DEFINITE.contains(w)
                    || matches!(*w, "a" | "an" | "phone" | "telephone" | "video")
            });
            if !noun_before
                || matches!(
                    next.trim_matches(|c: char| !c.is_alphanumeric()),
                    "him" | "her" | "them" | "it" | "for" | "on" | "upon" | "off"
                )
            {
                continue;
            }
        }
        let determined = before
            .iter()
            .rev()
            .take(4)
            .any(|w| DETERMINERS_DEFINITE.contains(w) || matches!(*w, "a" | "an"));
        if word == "meeting" && !person_after(e) && !determined {
            continue;
        }
        let verb = verb || (word == "meeting" && person_after(e));
        out.push(Trigger {
            start: s,
            end: e,
            kind,
            verb,
            definite,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, MeetingKind, bool, bool)> {
        triggers(text, (0, text.len()), &[], &|b| {
            text[b..]
                .trim_start()
                .starts_with(|c: char| c.is_uppercase())
        })
        .into_iter()
        .map(|t| (text[t.start..t.end].to_string(), t.kind, t.verb, t.definite))
        .collect()
    }

    #[test]
    fn meetings_held_and_meetings_referred_to() {
        use MeetingKind::*;
        assert_eq!(
            found("Scholz spoke to Putin by phone on Friday."),
            [("spoke".into(), Call, true, false)]
        );
        assert_eq!(
            found("Officials held talks on Tuesday, their first substantive meeting since 2022."),
            [
                ("held talks".into(), Talks, true, false),
                ("meeting".into(), Talks, false, true)
            ]
        );
        assert_eq!(
            found("Trump then called Ukraine's Zelenskiy."),
            [("called".into(), Call, true, false)]
        );
    }

    #[test]
    fn planned_invited_and_denied_meetings_are_none() {
        for text in [
            "The two sides had agreed to meet again next Saturday.",
            "Putin had invited Trump to visit Moscow.",
            "There were no plans for a telephone conversation.",
            "The Kremlin denied that the two had spoken by telephone or held talks.",
            "Trump said he would probably meet Putin.",
            "Wang called the declaration an important moment.",
            "Nurtleu, as some reports call him, agreed.",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }
}
