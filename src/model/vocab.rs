//! The closed vocabularies of the data model (record kinds, roles, statement kinds, source
//! grades…): their stored spelling, their label for people, and parsing from either.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An input string that names no member of a vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {vocabulary} '{given}' (expected one of: {expected})")]
pub struct UnknownValue {
    pub vocabulary: &'static str,
    pub given: String,
    pub expected: String,
}

macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident, $what:literal { $($variant:ident => $stored:literal, $label:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $stored)] $variant,)+
        }

        impl $name {
            /// Every member, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The spelling kept in files and bundles.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $stored,)+ }
            }

            /// The label shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;
            /// Accepts the stored spelling or the label, in any case, with spaces, hyphens or
            /// underscores.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                // The stored spelling as it is (every row read back): no string made.
                if let Some(member) = Self::ALL.iter().find(|m| m.as_str() == s) {
                    return Ok(*member);
                }
                let wanted = squash(s);
                for member in Self::ALL {
                    if squash(member.as_str()) == wanted || squash(member.label()) == wanted {
                        return Ok(*member);
                    }
                }
                Err(UnknownValue {
                    vocabulary: $what,
                    given: s.to_string(),
                    expected: Self::ALL.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(", "),
                })
            }
        }
    };
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

vocabulary! {
    /// The kinds of record a knowledge base holds.
    RecordKind, "record kind" {
        Actor => "actor", "Actor";
        Meeting => "meeting", "Meeting";
        Statement => "statement", "Statement";
        Source => "source", "Source";
        Place => "place", "Place";
        Topic => "topic", "Topic";
        Link => "link", "Link";
    }
}

vocabulary! {
    /// What sort of actor a record is.
    ActorKind, "actor kind" {
        Person => "person", "Person";
        Organisation => "organisation", "Organisation";
        State => "state", "State";
        Other => "other", "Other";
    }
}

vocabulary! {
    /// How an alias relates to the actor's display name.
    AliasKind, "alias kind" {
        Official => "official", "Official";
        Transliteration => "transliteration", "Transliteration";
        Former => "former", "Former";
        Weak => "weak", "Weak";
    }
}

vocabulary! {
    /// The form a meeting took.
    MeetingKind, "meeting kind" {
        Visit => "visit", "Visit";
        Talks => "talks", "Talks";
        Summit => "summit", "Summit";
        Call => "call", "Call";
        Conference => "conference", "Conference";
        Other => "other", "Other";
    }
}

vocabulary! {
    /// The part an actor played in a meeting.
    Role, "participant role" {
        Host => "host", "Host";
        Visitor => "visitor", "Visitor";
        HeadOfDelegation => "head_of_delegation", "Head of delegation";
        Member => "member", "Member";
        Mediator => "mediator", "Mediator";
        Mentioned => "mentioned", "Mentioned";
    }
}

vocabulary! {
    /// How closely a statement's text follows what was said.
    StatementKind, "statement kind" {
        Quote => "quote", "Quote";
        Paraphrase => "paraphrase", "Paraphrase";
        Reported => "reported", "Reported";
        Denial => "denial", "Denial";
    }
}

vocabulary! {
    /// What a source is.
    SourceKind, "source kind" {
        NewsArticle => "news_article", "News article";
        OfficialStatement => "official_statement", "Official statement";
        Transcript => "transcript", "Transcript";
        SocialPost => "social_post", "Social post";
        Interview => "interview", "Interview";
        Other => "other", "Other";
    }
}

vocabulary! {
    /// Source reliability on the Admiralty scale: A (completely reliable) to F (cannot be judged).
    Reliability, "reliability grade" {
        A => "A", "A – completely reliable";
        B => "B", "B – usually reliable";
        C => "C", "C – fairly reliable";
        D => "D", "D – not usually reliable";
        E => "E", "E – unreliable";
        F => "F", "F – reliability cannot be judged";
    }
}

impl RecordKind {
    /// "1 meeting", "3 meetings".
    pub fn count(self, n: usize) -> String {
        let singular = self.as_str();
        if n == 1 {
            format!("1 {singular}")
        } else {
            format!("{n} {singular}s")
        }
    }
}

impl Reliability {
    /// The single letter.
    pub fn letter(self) -> &'static str {
        self.as_str()
    }
}

/// Information credibility on the Admiralty scale: 1 (confirmed) to 6 (cannot be judged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Credibility(u8);

impl Credibility {
    pub const LABELS: [&'static str; 6] = [
        "1 – confirmed by other sources",
        "2 – probably true",
        "3 – possibly true",
        "4 – doubtful",
        "5 – improbable",
        "6 – truth cannot be judged",
    ];

    pub fn new(value: u8) -> Result<Self, UnknownValue> {
        if (1..=6).contains(&value) {
            Ok(Credibility(value))
        } else {
            Err(UnknownValue {
                vocabulary: "credibility",
                given: value.to_string(),
                expected: "1, 2, 3, 4, 5, 6".into(),
            })
        }
    }

    pub fn value(self) -> u8 {
        self.0
    }

    pub fn label(self) -> &'static str {
        Self::LABELS[usize::from(self.0 - 1)]
    }
}

impl TryFrom<u8> for Credibility {
    type Error = UnknownValue;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Credibility::new(value)
    }
}

impl From<Credibility> for u8 {
    fn from(c: Credibility) -> u8 {
        c.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_stored_spelling_and_label() {
        assert_eq!(
            "head_of_delegation".parse::<Role>(),
            Ok(Role::HeadOfDelegation)
        );
        assert_eq!(
            "Head of delegation".parse::<Role>(),
            Ok(Role::HeadOfDelegation)
        );
        assert_eq!("b".parse::<Reliability>(), Ok(Reliability::B));
        assert!("chairman".parse::<Role>().is_err());
    }

    #[test]
    fn credibility_is_one_to_six() {
        assert!(Credibility::new(0).is_err());
        assert!(Credibility::new(7).is_err());
        assert_eq!(Credibility::new(3).map(Credibility::value), Ok(3));
    }
}
