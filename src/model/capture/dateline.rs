//! The dateline that opens wire copy ("RIYADH, Feb 2 (Reuters) -", "DAMASCUS (AFP) —",
//! "MOSCOW, January 17. /TASS/.", "KAZAN, Russia (AFP) —", "Damascus, SANA-"): where the report
//! was filed, the day it names and the agency that filed it. A dateline is never a name in the
//! text: its words are left out of the names, the place becomes where a meeting told without
//! a place was held, the day dates the report when no publication date is given, and the
//! agency is the report's source.

use jiff::civil::Date;
use regex::Regex;
use std::sync::LazyLock;

/// A dateline at the start of the report's first paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// Where the dateline ends in paragraph 0 (its separator included): names, speech and
    /// dates are not looked for before this byte.
    pub end: usize,
    /// The places it names, as written there ("RIYADH", "MOSCOW/ANKARA" gives two), with the
    /// region or country after a comma ("Russia" in "KAZAN, Russia").
    pub places: Vec<String>,
    pub region: Option<String>,
    /// The month and day as written ("Feb 2", "January 17"), if any.
    pub day: Option<String>,
    /// The agency in brackets or slashes ("Reuters", "TASS"), or after the place ("SANA").
    pub agency: Option<String>,
}

const MONTH: &str = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July|August|September|October|November|December)\.?";

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?P<place>[\p{{Lu}}][\p{{L}}'’.\-]*(?:[ /][\p{{Lu}}][\p{{L}}'’.\-]*){{0,3}})(?:,\s*(?P<region>[\p{{Lu}}][\p{{L}}.]*(?: [\p{{Lu}}][\p{{L}}.]*)?))?(?:,\s*(?P<day>{MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{MONTH})\.?)?\s*(?:(?:\((?P<agency>[^()]{{2,30}})\)\s*)?(?P<sep>—|–|--|-)|/(?P<slashed>[^/\s]{{2,20}})/\.?)\s*"
    ))
    .expect("a valid rule")
});

/// The dateline opening `first_paragraph`, if it has one. A dateline is told from an opening
/// sentence by its form: a place in capitals, or a place followed by an agency or a day, then
/// a dash (or the agency in slashes, as TASS writes it).
pub fn find(first_paragraph: &str) -> Option<Dateline> {
    let c = DATELINE.captures(first_paragraph)?;
    let whole = c.get(0)?;
    let place = c.name("place")?.as_str();
    let mut region = c.name("region").map(|m| m.as_str().to_string());
    let day = c.name("day").map(|m| m.as_str().to_string());
    let mut agency = c
        .name("agency")
        .or_else(|| c.name("slashed"))
        .map(|m| m.as_str().trim().to_string());
    if whole.end() >= first_paragraph.len() {
        return None;
    }
    let letters = |s: &str| s.chars().filter(|c| c.is_alphabetic()).collect::<String>();
    let capitals = |s: &str| {
        let l = letters(s);
        !l.is_empty() && l.chars().all(char::is_uppercase)
    };
    // "Damascus, SANA-": an agency in capitals after a place that is not.
    if agency.is_none()
        && let Some(r) = &region
        && capitals(r)
        && !capitals(place)
        && letters(r).len() <= 8
    {
        agency = region.take();
    }
    // A dash after an ordinary opening ("Iran and Saudi Arabia - ") is not a dateline: the place
    // is in capitals, or an agency or a day stands with it.
    if !(capitals(place) || agency.is_some() || day.is_some()) {
        return None;
    }
    // A sentence's own first words are not a place: at most four words before the comma.
    if place.split_whitespace().count() > 4 {
        return None;
    }
    Some(Dateline {
        end: whole.end(),
        places: place
            .split('/')
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect(),
        region,
        day,
        agency,
    })
}

impl Dateline {
    /// The day the dateline names, in the year that makes it the most recent such day up to
    /// `today` (a dateline gives no year).
    pub fn date(&self, today: Date) -> Option<Date> {
        let day = self.day.as_deref()?;
        let d = crate::model::relative::resolve(day, today).ok()?;
        d.earliest().filter(|_| d.edtf().len() == 10)
    }
}

/// A word written in capitals as a name is written: "SHARM EL-SHEIKH" as "Sharm El-Sheikh".
pub fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphabetic() && c != '\'' && c != '’';
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Places, region, day and agency.
    type Parts = (Vec<String>, Option<String>, Option<String>, Option<String>);

    fn parse(text: &str) -> Option<Parts> {
        find(text).map(|d| (d.places, d.region, d.day, d.agency))
    }

    fn owned(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn wire_datelines_in_their_many_forms() {
        assert_eq!(
            parse("RIYADH, Feb 2 (Reuters) - Saudi Crown Prince Mohammed bin Salman met…"),
            Some((
                owned(&["RIYADH"]),
                None,
                Some("Feb 2".into()),
                Some("Reuters".into())
            ))
        );
        assert_eq!(
            parse("DAMASCUS (AFP) – A Russian delegation…").map(|d| d.3),
            Some(Some("AFP".into()))
        );
        assert_eq!(
            parse("ISTANBUL, May 16. /TASS/. Russian and Ukrainian delegations held talks"),
            Some((
                owned(&["ISTANBUL"]),
                None,
                Some("May 16".into()),
                Some("TASS".into())
            ))
        );
        assert_eq!(
            parse("KAZAN, Russia (AFP) — UN Secretary-General António Guterres met…"),
            Some((
                owned(&["KAZAN"]),
                Some("Russia".into()),
                None,
                Some("AFP".into())
            ))
        );
        assert_eq!(
            parse("Damascus, SANA- President Ahmad al-Sharaa received a call"),
            Some((owned(&["Damascus"]), None, None, Some("SANA".into())))
        );
        assert_eq!(
            parse("MOSCOW/ANKARA, July 17 (Reuters) - Russia on Monday…").map(|d| d.0),
            Some(owned(&["MOSCOW", "ANKARA"]))
        );
        assert_eq!(
            parse("SEOUL, Sept. 13 (Yonhap) -- North Korean leader Kim Jong-un…").map(|d| d.2),
            Some(Some("Sept. 13".into()))
        );
        assert_eq!(
            parse("CAMP DAVID, Md. — President Joe Biden welcomed…").map(|d| d.1),
            Some(Some("Md.".into()))
        );
        assert_eq!(
            parse("KYIV — French President Emmanuel Macron…").map(|d| d.0),
            Some(owned(&["KYIV"]))
        );
    }

    #[test]
    fn an_ordinary_first_sentence_is_no_dateline() {
        assert_eq!(
            parse("Iran and Saudi Arabia have agreed to restore relations."),
            None
        );
        assert_eq!(
            parse("Keir Starmer hosted more than a dozen leaders."),
            None
        );
        assert_eq!(
            parse("Qatar’s Emir Sheikh Tamim bin Hamad Al Thani arrived in Damascus"),
            None
        );
        assert_eq!(
            parse("German Chancellor Olaf Scholz spoke to Russian President Vladimir Putin"),
            None
        );
    }

    #[test]
    fn the_day_takes_the_year_that_makes_it_recent() {
        let d = find("RIYADH, Feb 2 (Reuters) - text").unwrap();
        assert_eq!(
            d.date("2025-03-01".parse().unwrap()),
            Some("2025-02-02".parse().unwrap())
        );
        assert_eq!(
            d.date("2025-01-10".parse().unwrap()),
            Some("2024-02-02".parse().unwrap())
        );
        assert_eq!(title_case("SHARM EL-SHEIKH"), "Sharm El-Sheikh");
    }
}
