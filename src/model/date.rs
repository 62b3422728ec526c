//! Partial dates: the EDTF level-0/1 subset Chancery stores (`2025`, `2025-07`, `2025-07-29`,
//! qualifiers `~ ? %`, intervals `A/B`, open ends `../B` and `A/..`), the text as the source
//! wrote it, and the earliest/latest day bounds that filtering and sorting use.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a date string could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{input}' is not a date Chancery understands: {reason}")]
pub struct DateError {
    pub input: String,
    pub reason: String,
}

impl DateError {
    pub(crate) fn new(input: &str, reason: impl Into<String>) -> Self {
        DateError {
            input: input.to_string(),
            reason: reason.into(),
        }
    }
}

/// The lowest and highest days the store uses for open interval ends.
pub const EARLIEST_DAY: &str = "0001-01-01";
pub const LATEST_DAY: &str = "9999-12-31";

/// One date of the subset: a year, a month or a day, maybe approximate or uncertain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimpleDate {
    pub year: i16,
    pub month: Option<i8>,
    pub day: Option<i8>,
    pub approximate: bool,
    pub uncertain: bool,
}

impl SimpleDate {
    /// The first day this date can mean.
    pub fn earliest(&self) -> Date {
        Date::new(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            .unwrap_or(Date::constant(1, 1, 1))
    }

    /// The last day this date can mean.
    pub fn latest(&self) -> Date {
        let month = self.month.unwrap_or(12);
        match self.day {
            Some(day) => Date::new(self.year, month, day).unwrap_or(Date::constant(9999, 12, 31)),
            None => Date::new(self.year, month, 1)
                .map(|d| d.last_of_month())
                .unwrap_or(Date::constant(9999, 12, 31)),
        }
    }

    fn edtf(&self) -> String {
        let mut s = format!("{:04}", self.year);
        if let Some(m) = self.month {
            s.push_str(&format!("-{m:02}"));
        }
        if let Some(d) = self.day {
            s.push_str(&format!("-{d:02}"));
        }
        s.push_str(match (self.approximate, self.uncertain) {
            (true, true) => "%",
            (true, false) => "~",
            (false, true) => "?",
            (false, false) => "",
        });
        s
    }

    fn describe(&self) -> String {
        let base = match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{} {} {}", d, month_name(m), self.year),
            (Some(m), None) => format!("{} {}", month_name(m), self.year),
            _ => self.year.to_string(),
        };
        match (self.approximate, self.uncertain) {
            (true, true) => format!("about {base}, uncertain"),
            (true, false) => format!("about {base}"),
            (false, true) => format!("{base}, uncertain"),
            (false, false) => base,
        }
    }
}

/// The parsed shape of an EDTF value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edtf {
    Single(SimpleDate),
    /// `None` is an open end (`..`).
    Interval(Option<SimpleDate>, Option<SimpleDate>),
}

/// A date as a source allows: the canonical EDTF value plus, optionally, the words as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "StoredDate", into = "StoredDate")]
pub struct PartialDate {
    value: Edtf,
    text: Option<String>,
}

/// The serialised form: `{"edtf": "2025-07-21/2025-07-31", "text": "late July"}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredDate {
    edtf: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text: Option<String>,
}

impl TryFrom<StoredDate> for PartialDate {
    type Error = DateError;
    fn try_from(stored: StoredDate) -> Result<Self, Self::Error> {
        let mut date = PartialDate::parse(&stored.edtf)?;
        date.text = stored.text.filter(|t| !t.trim().is_empty());
        Ok(date)
    }
}

impl From<PartialDate> for StoredDate {
    fn from(date: PartialDate) -> Self {
        StoredDate {
            edtf: date.edtf(),
            text: date.text,
        }
    }
}

impl PartialDate {
    /// Parses an EDTF string of the supported subset.
    pub fn parse(input: &str) -> Result<PartialDate, DateError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(DateError::new(input, "it is empty"));
        }
        let value = if let Some((a, b)) = s.split_once('/') {
            let start = parse_end(input, a)?;
            let end = parse_end(input, b)?;
            if start.is_none() && end.is_none() {
                return Err(DateError::new(input, "an interval needs at least one end"));
            }
            if let (Some(a), Some(b)) = (start, end)
                && a.earliest() > b.latest()
            {
                return Err(DateError::new(input, "the interval ends before it starts"));
            }
            Edtf::Interval(start, end)
        } else {
            Edtf::Single(parse_simple(input, s)?)
        };
        Ok(PartialDate { value, text: None })
    }

    /// A partial date for one exact day.
    pub fn day(date: Date) -> PartialDate {
        PartialDate {
            value: Edtf::Single(SimpleDate {
                year: date.year(),
                month: Some(date.month()),
                day: Some(date.day()),
                approximate: false,
                uncertain: false,
            }),
            text: None,
        }
    }

    /// The same date, remembering the words a source used for it.
    pub fn with_text(mut self, text: impl Into<String>) -> PartialDate {
        let text = text.into();
        self.text = if text.trim().is_empty() {
            None
        } else {
            Some(text)
        };
        self
    }

    pub fn value(&self) -> Edtf {
        self.value
    }

    /// The date as a reader is shown it: its meaning, the EDTF value, and the words it was
    /// written in if kept ("9 September 2025 (2025-09-09) — “on Tuesday”").
    pub fn spelled(&self) -> String {
        let written = self.text().map(|t| format!(" — “{t}”")).unwrap_or_default();
        format!("{} ({}){written}", self.describe(), self.edtf())
    }

    /// The words as the source wrote them, if kept.
    pub fn text(&self) -> Option<&str> {
        self.text.as_deref()
    }

    /// The canonical EDTF string.
    pub fn edtf(&self) -> String {
        match self.value {
            Edtf::Single(d) => d.edtf(),
            Edtf::Interval(a, b) => format!(
                "{}/{}",
                a.map_or("..".to_string(), |d| d.edtf()),
                b.map_or("..".to_string(), |d| d.edtf())
            ),
        }
    }

    /// The first day the date can mean; `None` for an open start.
    pub fn earliest(&self) -> Option<Date> {
        match self.value {
            Edtf::Single(d) => Some(d.earliest()),
            Edtf::Interval(a, _) => a.map(|d| d.earliest()),
        }
    }

    /// The last day the date can mean; `None` for an open end.
    pub fn latest(&self) -> Option<Date> {
        match self.value {
            Edtf::Single(d) => Some(d.latest()),
            Edtf::Interval(_, b) => b.map(|d| d.latest()),
        }
    }

    /// Day bounds as ISO strings, open ends as the extreme days: what the store indexes.
    pub fn bounds_iso(&self) -> (String, String) {
        (
            self.earliest()
                .map_or(EARLIEST_DAY.to_string(), |d| d.to_string()),
            self.latest()
                .map_or(LATEST_DAY.to_string(), |d| d.to_string()),
        )
    }

    /// True if the source marks the date approximate or uncertain.
    pub fn is_fuzzy(&self) -> bool {
        let fuzzy = |d: &SimpleDate| d.approximate || d.uncertain;
        match &self.value {
            Edtf::Single(d) => fuzzy(d),
            Edtf::Interval(a, b) => a.as_ref().is_some_and(fuzzy) || b.as_ref().is_some_and(fuzzy),
        }
    }

    /// What the date means, in words: "July 2025", "21 July 2025 – 31 July 2025", "before March 2025".
    pub fn describe(&self) -> String {
        match self.value {
            Edtf::Single(d) => d.describe(),
            Edtf::Interval(Some(a), Some(b)) => format!("{} – {}", a.describe(), b.describe()),
            Edtf::Interval(None, Some(b)) => format!("up to {}", b.describe()),
            Edtf::Interval(Some(a), None) => format!("from {} on", a.describe()),
            Edtf::Interval(None, None) => "unknown".to_string(),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.edtf())
    }
}

fn parse_end(input: &str, part: &str) -> Result<Option<SimpleDate>, DateError> {
    match part.trim() {
        ".." | "" => Ok(None),
        p => parse_simple(input, p).map(Some),
    }
}

fn parse_simple(input: &str, s: &str) -> Result<SimpleDate, DateError> {
    let (body, approximate, uncertain) = match s.chars().last() {
        Some('~') => (&s[..s.len() - 1], true, false),
        Some('?') => (&s[..s.len() - 1], false, true),
        Some('%') => (&s[..s.len() - 1], true, true),
        _ => (s, false, false),
    };
    let parts: Vec<&str> = body.split('-').collect();
    let number = |p: &str, digits: usize, what: &str| -> Result<i16, DateError> {
        if p.len() != digits || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DateError::new(
                input,
                format!("the {what} must be {digits} digits (YYYY-MM-DD)"),
            ));
        }
        p.parse::<i16>()
            .map_err(|_| DateError::new(input, format!("bad {what}")))
    };
    if parts.is_empty() || parts.len() > 3 {
        return Err(DateError::new(
            input,
            "expected YYYY, YYYY-MM or YYYY-MM-DD",
        ));
    }
    let year = number(parts[0], 4, "year")?;
    if year == 0 {
        return Err(DateError::new(input, "year 0000 is not supported"));
    }
    let month = match parts.get(1) {
        Some(p) => {
            let m = number(p, 2, "month")?;
            if !(1..=12).contains(&m) {
                return Err(DateError::new(input, format!("there is no month {m}")));
            }
            Some(m as i8)
        }
        None => None,
    };
    let day = match (parts.get(2), month) {
        (Some(p), Some(m)) => {
            let d = number(p, 2, "day")?;
            if Date::new(year, m, d as i8).is_err() {
                return Err(DateError::new(
                    input,
                    format!("{} has no day {d}", month_name(m)),
                ));
            }
            Some(d as i8)
        }
        _ => None,
    };
    Ok(SimpleDate {
        year,
        month,
        day,
        approximate,
        uncertain,
    })
}

/// The English name of a month 1–12.
pub fn month_name(month: i8) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES
        .get(usize::try_from(month - 1).unwrap_or(0))
        .copied()
        .unwrap_or("?")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_subset() {
        for (input, lo, hi) in [
            ("2025", "2025-01-01", "2025-12-31"),
            ("2025-02", "2025-02-01", "2025-02-28"),
            ("2024-02", "2024-02-01", "2024-02-29"),
            ("2025-07-29", "2025-07-29", "2025-07-29"),
            ("2025-07~", "2025-07-01", "2025-07-31"),
            ("2025-07-21/2025-07-31", "2025-07-21", "2025-07-31"),
            ("../2025-03", EARLIEST_DAY, "2025-03-31"),
            ("2025-03/..", "2025-03-01", LATEST_DAY),
        ] {
            let d = PartialDate::parse(input).expect(input);
            assert_eq!(d.edtf(), input);
            assert_eq!(d.bounds_iso(), (lo.to_string(), hi.to_string()), "{input}");
        }
    }

    #[test]
    fn rejects_nonsense() {
        for bad in [
            "",
            "July",
            "2025-13",
            "2025-02-30",
            "25-07",
            "2025/2024",
            "../..",
            "2025-7",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad} should fail");
        }
    }

    #[test]
    fn describes_in_words() {
        let d = PartialDate::parse("2025-07").unwrap();
        assert_eq!(d.describe(), "July 2025");
        let d = PartialDate::parse("../2025-03").unwrap();
        assert_eq!(d.describe(), "up to March 2025");
    }

    #[test]
    fn serialises_with_text() {
        let d = PartialDate::parse("2025-07-21/2025-07-31")
            .unwrap()
            .with_text("late July");
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(
            json,
            r#"{"edtf":"2025-07-21/2025-07-31","text":"late July"}"#
        );
        let back: PartialDate = serde_json::from_str(&json).unwrap();
        assert_eq!(back, d);
        assert!(serde_json::from_str::<PartialDate>(r#"{"edtf":"2025-99"}"#).is_err());
    }
}
