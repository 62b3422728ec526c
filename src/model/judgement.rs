//! Judgements that two records are, are not, or may be the same: the data a merge is made of.
//! A judgement is never rewritten: changing one's mind withdraws the old judgement (it gets a
//! `deleted_at`) and adds a new one. Records joined by live `Same` judgements, directly or
//! through others, form a cluster that is shown as one canonical record; `Different` keeps two
//! records apart in the duplicate review; `Unsure` keeps a pair aside.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What was judged of a pair of records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// One record: merged.
    Same,
    /// Two records: never proposed again.
    Different,
    /// Not known yet: kept aside.
    Unsure,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Same => "same",
            Verdict::Different => "different",
            Verdict::Unsure => "unsure",
        }
    }

    pub fn parse(text: &str) -> Option<Verdict> {
        match text {
            "same" => Some(Verdict::Same),
            "different" => Some(Verdict::Different),
            "unsure" => Some(Verdict::Unsure),
            _ => None,
        }
    }

    /// The answer as the review's button says it.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Same => "Same",
            Verdict::Different => "Not the same",
            Verdict::Unsure => "Not sure",
        }
    }
}

/// Where a judgement was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum JudgementOrigin {
    /// The duplicate review (or the command line's `merge`, `separate`, `judge`).
    #[default]
    Review,
    /// Noted when a record was created while a record with a near name existed.
    Editor,
    /// Noted by capture's review.
    Capture,
    /// Came with an imported bundle.
    Import,
}

impl JudgementOrigin {
    pub fn as_str(self) -> &'static str {
        match self {
            JudgementOrigin::Review => "review",
            JudgementOrigin::Editor => "editor",
            JudgementOrigin::Capture => "capture",
            JudgementOrigin::Import => "import",
        }
    }

    pub fn parse(text: &str) -> JudgementOrigin {
        match text {
            "editor" => JudgementOrigin::Editor,
            "capture" => JudgementOrigin::Capture,
            "import" => JudgementOrigin::Import,
            _ => JudgementOrigin::Review,
        }
    }
}

/// One judgement on a pair of records (`a` < `b`, by uuid).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Judgement {
    pub uuid: Uuid,
    pub a: Uuid,
    pub b: Uuid,
    pub verdict: Verdict,
    #[serde(default)]
    pub origin: JudgementOrigin,
    /// Who judged: the user's login name (the database role in a team).
    pub author: String,
    pub at: Timestamp,
    /// When it was withdrawn, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Timestamp>,
}

impl Judgement {
    /// A new live judgement on `x` and `y` (in either order), made now.
    pub fn new(x: Uuid, y: Uuid, verdict: Verdict, origin: JudgementOrigin, author: &str) -> Self {
        let (a, b) = ordered(x, y);
        Judgement {
            uuid: Uuid::new_v4(),
            a,
            b,
            verdict,
            origin,
            author: author.to_string(),
            at: Timestamp::now(),
            deleted_at: None,
        }
    }

    pub fn is_live(&self) -> bool {
        self.deleted_at.is_none()
    }

    /// The other record of the pair.
    pub fn other(&self, one: Uuid) -> Uuid {
        if self.a == one { self.b } else { self.a }
    }

    /// Whether it is about the record `one`.
    pub fn touches(&self, one: Uuid) -> bool {
        self.a == one || self.b == one
    }
}

/// The pair in stored order.
pub fn ordered(x: Uuid, y: Uuid) -> (Uuid, Uuid) {
    if x < y { (x, y) } else { (y, x) }
}

/// The name a judgement is signed with when no team role is known: the login name.
pub fn local_author() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        .unwrap_or_else(|| "this computer".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_is_stored_in_one_order_whichever_way_it_is_named() {
        let (x, y) = (Uuid::new_v4(), Uuid::new_v4());
        let one = Judgement::new(x, y, Verdict::Same, JudgementOrigin::Review, "me");
        let two = Judgement::new(y, x, Verdict::Same, JudgementOrigin::Review, "me");
        assert_eq!((one.a, one.b), (two.a, two.b));
        assert!(one.a < one.b);
        assert_eq!(one.other(x), y);
    }

    #[test]
    fn verdicts_read_back_what_they_write() {
        for v in [Verdict::Same, Verdict::Different, Verdict::Unsure] {
            assert_eq!(Verdict::parse(v.as_str()), Some(v));
        }
        assert_eq!(Verdict::parse("maybe"), None);
    }
}
