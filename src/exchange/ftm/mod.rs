//! FollowTheMoney, the entity format of OCCRP Aleph and OpenSanctions: one JSON entity a line,
//! `{"id", "schema", "properties": {name: [strings]}}`. `write` turns records into entities
//! as a stream; `read` turns a file of entities (ours or another tool's) back into records.
//! What maps to what, and what FtM cannot hold, is in docs/EXCHANGE.md.

pub mod read;
pub mod write;

use crate::model::PartialDate;
use crate::model::{Edtf, SimpleDate};
use uuid::Uuid;

/// Every entity id we write starts so: by it a later export knows a file it may replace, and
/// an import finds the record's uuid again.
pub const ID_PREFIX: &str = "chancery-";

/// The entity id of a record.
pub fn entity_id(uuid: Uuid) -> String {
    format!("{ID_PREFIX}{uuid}")
}

/// The id of an entity made for a part of a record (a participant's link, a citation).
pub fn part_id(uuid: Uuid, part: &str) -> String {
    let namespace = Uuid::from_u128(0x5c1e_8e0f_8f3a_4d0b_9a51_2b1f_0c77_ee01);
    let name = format!("{uuid}:{part}");
    format!(
        "{ID_PREFIX}{}",
        Uuid::new_v5(&namespace, name.as_bytes()).simple()
    )
}

/// The record uuid in one of our entity ids (not in a part's id).
pub fn uuid_in(id: &str) -> Option<Uuid> {
    let rest = id.strip_prefix(ID_PREFIX)?;
    if rest.len() != 36 {
        return None;
    }
    Uuid::parse_str(rest).ok()
}

/// A partial date as FtM holds dates (ISO prefixes, no qualifiers): the single date, or the
/// start and end of an interval. Whether anything was lost (a qualifier, an open end) is
/// said by `approximated`.
pub struct FtmDate {
    pub date: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub approximated: bool,
}

pub fn ftm_date(date: &PartialDate) -> FtmDate {
    let prefix = |d: &SimpleDate| -> String {
        match (d.month, d.day) {
            (Some(m), Some(day)) => format!("{:04}-{:02}-{:02}", d.year, m, day),
            (Some(m), None) => format!("{:04}-{:02}", d.year, m),
            _ => format!("{:04}", d.year),
        }
    };
    match date.value() {
        Edtf::Single(d) => FtmDate {
            date: Some(prefix(&d)),
            start: None,
            end: None,
            approximated: d.approximate || d.uncertain || date.text().is_some(),
        },
        Edtf::Interval(a, b) => FtmDate {
            date: None,
            start: a.as_ref().map(prefix),
            end: b.as_ref().map(prefix),
            approximated: date.is_fuzzy() || a.is_none() || b.is_none() || date.text().is_some(),
        },
    }
}

/// FtM dates read back: the single date, else the interval of start and end.
pub fn date_from(
    date: Option<&str>,
    start: Option<&str>,
    end: Option<&str>,
) -> Option<PartialDate> {
    let day = |s: &str| s.get(..10.min(s.len())).map(str::to_string);
    if let Some(date) = date.and_then(day) {
        return PartialDate::parse(&date).ok();
    }
    match (start.and_then(day), end.and_then(day)) {
        (Some(a), Some(b)) if a == b => PartialDate::parse(&a).ok(),
        (Some(a), Some(b)) => PartialDate::parse(&format!("{a}/{b}")).ok(),
        (Some(a), None) => PartialDate::parse(&format!("{a}/..")).ok(),
        (None, Some(b)) => PartialDate::parse(&format!("../{b}")).ok(),
        (None, None) => None,
    }
}

/// The line in an event's notes keeping its end date's exact EDTF.
pub const END_NOTE: &str = "End date (EDTF): ";

/// The role of a Documentation citing a source for an actor, meeting or place (a
/// statement's says its kind).
pub const CITED: &str = "Cited source";

/// The role of the link from an event to the territory it took place in.
pub const HELD_AT: &str = "held at";

/// The line in `notes` keeping a date's exact EDTF (and its wording) where FtM approximates.
pub const EDTF_NOTE: &str = "Date (EDTF): ";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_keep_their_prefix_and_say_what_is_approximated() {
        let month = ftm_date(&PartialDate::parse("2024-04").unwrap());
        assert_eq!(month.date.as_deref(), Some("2024-04"));
        assert!(!month.approximated);
        let fuzzy = ftm_date(&PartialDate::parse("2024-04~").unwrap());
        assert_eq!(fuzzy.date.as_deref(), Some("2024-04"));
        assert!(fuzzy.approximated);
        let span = ftm_date(&PartialDate::parse("2024-04-01/2024-04-09").unwrap());
        assert_eq!(span.start.as_deref(), Some("2024-04-01"));
        assert_eq!(
            date_from(None, Some("2024-04-01"), Some("2024-04-09")).map(|d| d.edtf()),
            Some("2024-04-01/2024-04-09".to_string())
        );
        let id = entity_id(Uuid::from_u128(9));
        assert_eq!(uuid_in(&id), Some(Uuid::from_u128(9)));
        assert_eq!(uuid_in(&part_id(Uuid::from_u128(9), "x")), None);
    }
}
