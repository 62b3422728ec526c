//! STIX 2.1, the threat-intelligence platforms' exchange format (OpenCTI, MISP): what both
//! directions share — the ids derived from our uuids, our extension-definition for what STIX
//! cannot hold, OpenCTI's extension, and the conversions of dates, grades and vocabularies.
//! `write` turns records into a bundle as a stream; `read` turns a bundle (ours or another
//! platform's) back into records. docs/EXCHANGE.md says what maps to what and what is lost.

mod filtered;
pub mod read;
pub mod write;

use crate::model::PartialDate;
use crate::model::{Credibility, MeetingKind, Reliability, SourceKind};
use uuid::Uuid;

/// Our extension-definition: the Chancery fields STIX cannot hold travel in it.
pub const CHANCERY_EXTENSION: &str = "extension-definition--0c9a2181-4df8-40c2-9545-609367ce11db";
/// Our own object type, defined by our extension, for a place STIX cannot locate: its
/// `location` wants a country, a region of its list or coordinates, and a place may have none.
pub const PLACE_TYPE: &str = "chancery-place";
/// The version of what our extension holds.
pub const CHANCERY_EXTENSION_VERSION: &str = "1.0.0";
/// OpenCTI's extension-definition (its own fields, and its new object types such as `event`).
pub const OPENCTI_EXTENSION: &str = "extension-definition--ea279b3e-5c71-4632-ac08-831c66a786ba";
/// The namespace of the UUIDv5 ids derived from our uuids, so that exporting the same record
/// twice gives the same STIX id.
const NAMESPACE: Uuid = Uuid::from_u128(0xda03_1d4c_4c50_4601_bef8_c897_5149_0bc8);

/// The STIX id of the object of `stix_type` made for our record `uuid` (or for a part of it,
/// named by `part`): stable across exports.
pub fn stix_id(stix_type: &str, uuid: Uuid, part: &str) -> String {
    let name = format!("{stix_type}:{uuid}:{part}");
    format!("{stix_type}--{}", Uuid::new_v5(&NAMESPACE, name.as_bytes()))
}

/// The identity that made an export: the creator of our extension-definition.
pub fn chancery_identity() -> String {
    stix_id("identity", Uuid::nil(), "chancery")
}

/// A STIX timestamp: UTC, to the millisecond, as the spec wants `created` and `modified`.
pub fn stix_time(time: jiff::Timestamp) -> String {
    time.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// The uuid part of a STIX id (`type--uuid`).
pub fn uuid_of(stix_id: &str) -> Option<Uuid> {
    let (_, uuid) = stix_id.split_once("--")?;
    Uuid::parse_str(uuid).ok()
}

/// The type part of a STIX id.
pub fn type_of(stix_id: &str) -> &str {
    stix_id.split_once("--").map_or("", |(t, _)| t)
}

/// A partial date widened to STIX timestamps: the first and last instant it can mean (an
/// open end gives none).
pub fn widened(date: &PartialDate) -> (Option<String>, Option<String>) {
    (
        date.earliest().map(|d| format!("{d}T00:00:00.000Z")),
        date.latest().map(|d| format!("{d}T23:59:59.999Z")),
    )
}

/// A STIX timestamp read back as a day ("2025-09-09T00:00:00Z" → 2025-09-09).
pub fn day_of(timestamp: &str) -> Option<PartialDate> {
    let day = timestamp.get(..10)?;
    PartialDate::parse(day).ok()
}

/// The two timestamps of a STIX event read back as a partial date: one day when both fall
/// on it, else the interval of days.
pub fn date_between(start: Option<&str>, stop: Option<&str>) -> Option<PartialDate> {
    let first = start.and_then(|s| s.get(..10));
    let last = stop.and_then(|s| s.get(..10));
    match (first, last) {
        (Some(a), Some(b)) if a == b => PartialDate::parse(a).ok(),
        (Some(a), Some(b)) => PartialDate::parse(&format!("{a}/{b}")).ok(),
        (Some(a), None) => PartialDate::parse(a).ok(),
        (None, Some(b)) => PartialDate::parse(&format!("../{b}")).ok(),
        (None, None) => None,
    }
}

/// Credibility 1–6 as STIX `confidence`, by the spec's Admiralty table (appendix A); 6
/// ("cannot be judged") has none.
pub fn confidence_of(credibility: Credibility) -> Option<u8> {
    match credibility.value() {
        1 => Some(90),
        2 => Some(70),
        3 => Some(50),
        4 => Some(30),
        5 => Some(10),
        _ => None,
    }
}

/// STIX `confidence` read back as credibility, by the same table's ranges.
pub fn credibility_of(confidence: u64) -> Option<Credibility> {
    let value = match confidence {
        80..=100 => 1,
        60..=79 => 2,
        40..=59 => 3,
        20..=39 => 4,
        0..=19 => 5,
        _ => return None,
    };
    Credibility::new(value).ok()
}

/// A grade in OpenCTI's words: "B - Usually reliable".
pub fn reliability_words(grade: Reliability) -> &'static str {
    match grade {
        Reliability::A => "A - Completely reliable",
        Reliability::B => "B - Usually reliable",
        Reliability::C => "C - Fairly reliable",
        Reliability::D => "D - Not usually reliable",
        Reliability::E => "E - Unreliable",
        Reliability::F => "F - Reliability cannot be judged",
    }
}

/// OpenCTI's words (or a bare letter) read back as a grade.
pub fn reliability_from_words(words: &str) -> Option<Reliability> {
    let letter = words.trim().chars().next()?;
    letter.to_string().parse().ok()
}

/// A meeting's kind as OpenCTI's `event_types` value (an open vocabulary).
pub fn event_type(kind: MeetingKind) -> &'static str {
    match kind {
        MeetingKind::Summit => "international-summit",
        MeetingKind::Conference => "conference",
        MeetingKind::Visit => "official-visit",
        MeetingKind::Talks => "talks",
        MeetingKind::Call => "call",
        MeetingKind::Other => "meeting",
    }
}

/// An `event_types` value read back as a meeting's kind.
pub fn meeting_kind(event_type: &str) -> MeetingKind {
    match event_type {
        "international-summit" => MeetingKind::Summit,
        "conference" => MeetingKind::Conference,
        "official-visit" => MeetingKind::Visit,
        "talks" => MeetingKind::Talks,
        "call" => MeetingKind::Call,
        _ => MeetingKind::Other,
    }
}

/// A source's kind as a `report_types` value. The vocabulary (report-type-ov) names no kind
/// of news: every source is a `threat-report`, the spec's report of analysis, and its own
/// kind travels in our extension (a value outside the vocabulary fails strict validation).
pub fn report_type(_kind: SourceKind) -> &'static str {
    "threat-report"
}

/// A `report_types` value read back as a source's kind.
pub fn source_kind(report_type: &str) -> SourceKind {
    match report_type {
        "news-article" => SourceKind::NewsArticle,
        "official-statement" => SourceKind::OfficialStatement,
        "transcript" => SourceKind::Transcript,
        "social-post" => SourceKind::SocialPost,
        "interview" => SourceKind::Interview,
        _ => SourceKind::Other,
    }
}

/// A link's relation as a STIX relationship type: lower-case words joined by hyphens, at
/// least three characters ("member of" → "member-of"); `related-to` when nothing is left.
pub fn relationship_type(relation: &str) -> String {
    let mut slug = String::new();
    for word in relation
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word.to_ascii_lowercase());
    }
    if slug.len() < 3 {
        "related-to".to_string()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_typed() {
        let uuid = Uuid::from_u128(7);
        assert_eq!(stix_id("identity", uuid, ""), stix_id("identity", uuid, ""));
        assert_ne!(stix_id("identity", uuid, ""), stix_id("location", uuid, ""));
        assert!(stix_id("note", uuid, "").starts_with("note--"));
        assert_eq!(type_of(&stix_id("note", uuid, "")), "note");
    }

    #[test]
    fn dates_widen_and_read_back() {
        let month = PartialDate::parse("2025-09").unwrap();
        let (start, stop) = widened(&month);
        assert_eq!(start.as_deref(), Some("2025-09-01T00:00:00.000Z"));
        assert_eq!(stop.as_deref(), Some("2025-09-30T23:59:59.999Z"));
        let day = date_between(Some("2025-09-09T00:00:00Z"), Some("2025-09-09T23:59:59Z"));
        assert_eq!(day.map(|d| d.edtf()).as_deref(), Some("2025-09-09"));
    }

    #[test]
    fn grades_follow_the_admiralty_table() {
        let c = |n| Credibility::new(n).unwrap();
        assert_eq!(confidence_of(c(1)), Some(90));
        assert_eq!(confidence_of(c(5)), Some(10));
        assert_eq!(confidence_of(c(6)), None);
        assert_eq!(credibility_of(70), Some(c(2)));
        assert_eq!(
            reliability_from_words("B - Usually reliable"),
            Some(Reliability::B)
        );
        assert_eq!(relationship_type("member of"), "member-of");
        assert_eq!(relationship_type("→"), "related-to");
    }
}
