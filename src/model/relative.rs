//! Resolving the words reports use for dates ("on Tuesday", "late July", "earlier this year",
//! "December 2024") against an anchor day, usually the source's publication date, into the
//! partial date Chancery would store. The result keeps the words as written.

use super::date::{DateError, PartialDate, month_name};
use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

/// Resolves `input` against `anchor`. An EDTF value is taken as it is; words are resolved and
/// the words are kept as the date's text.
pub fn resolve(input: &str, anchor: Date) -> Result<PartialDate, DateError> {
    let trimmed = input.trim();
    if let Ok(date) = PartialDate::parse(trimmed) {
        return Ok(date);
    }
    let words = normalise(trimmed);
    let edtf = resolve_words(&words, anchor).ok_or_else(|| {
        DateError::new(
            input,
            "use YYYY, YYYY-MM, YYYY-MM-DD, an interval A/B, or words such as \
             'Tuesday', 'yesterday', 'last month', 'late July', 'December 2024'",
        )
    })?;
    PartialDate::parse(&edtf).map(|d| d.with_text(trimmed))
}

fn normalise(s: &str) -> Vec<String> {
    let lowered = s
        .to_lowercase()
        .replace([',', '.'], " ")
        .replace(['-', '–', '—'], " ");
    let mut words: Vec<String> = lowered.split_whitespace().map(str::to_string).collect();
    while words.first().is_some_and(|w| {
        matches!(
            w.as_str(),
            "on" | "in" | "at" | "during" | "of" | "the" | "from" | "between"
        )
    }) {
        words.remove(0);
    }
    words
}

fn resolve_words(words: &[String], anchor: Date) -> Option<String> {
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    let day = |d: Date| Some(d.to_string());
    let month_of = |d: Date| Some(format!("{:04}-{:02}", d.year(), d.month()));
    match w.as_slice() {
        ["today"] | ["this", "morning"] | ["this", "afternoon"] | ["tonight"] => day(anchor),
        ["yesterday"] | ["last", "night"] => day(anchor.yesterday().ok()?),
        ["tomorrow"] => day(anchor.tomorrow().ok()?),
        ["day", "before", "yesterday"] => day(anchor.checked_sub(2.days()).ok()?),
        [n, "days", "ago"] => day(anchor.checked_sub(n.parse::<i64>().ok()?.days()).ok()?),
        [n, "weeks", "ago"] => {
            let start = anchor
                .checked_sub((n.parse::<i64>().ok()? * 7).days())
                .ok()?;
            week_of(start)
        }
        ["last", "week"] => week_of(anchor.checked_sub(7.days()).ok()?),
        ["this", "week"] | ["earlier", "this", "week"] => {
            let monday = monday_of(anchor)?;
            Some(format!("{monday}/{anchor}"))
        }
        ["this", "month"] => month_of(anchor),
        ["last", "month"] => month_of(anchor.first_of_month().yesterday().ok()?),
        ["earlier", "this", "month"] => {
            let first = anchor.first_of_month();
            let before = anchor.yesterday().ok()?;
            if before < first {
                month_of(anchor)
            } else {
                Some(format!("{first}/{before}"))
            }
        }
        ["this", "year"] => Some(format!("{:04}", anchor.year())),
        ["last", "year"] => Some(format!("{:04}", anchor.year() - 1)),
        ["earlier", "this", "year"] => {
            let first = Date::new(anchor.year(), 1, 1).ok()?;
            let before = anchor.yesterday().ok()?;
            if before < first {
                Some(format!("{:04}", anchor.year()))
            } else {
                Some(format!("{first}/{before}"))
            }
        }
        [weekday] if parse_weekday(weekday).is_some() => {
            day(last_weekday(anchor, parse_weekday(weekday)?, false)?)
        }
        // "Monday evening", "Tuesday morning": the day.
        [weekday, "morning" | "afternoon" | "evening" | "night"]
            if parse_weekday(weekday).is_some() =>
        {
            day(last_weekday(anchor, parse_weekday(weekday)?, false)?)
        }
        // "Sunday to Tuesday", "Sunday and Tuesday": the days between the two, the later
        // one on or before the anchor.
        [first, "to" | "until" | "and" | "through", last]
            if parse_weekday(first).is_some() && parse_weekday(last).is_some() =>
        {
            let end = last_weekday(anchor, parse_weekday(last)?, false)?;
            let start = last_weekday(end, parse_weekday(first)?, false)?;
            (start < end).then(|| format!("{start}/{end}"))
        }
        // "last November": the most recent November before this month.
        ["last", month] if parse_month(month).is_some() => {
            let m = parse_month(month)?;
            let year = if m < anchor.month() {
                anchor.year()
            } else {
                anchor.year() - 1
            };
            Some(format!("{year:04}-{m:02}"))
        }
        ["last", weekday] if parse_weekday(weekday).is_some() => {
            day(last_weekday(anchor, parse_weekday(weekday)?, true)?)
        }
        [part, rest @ ..] if part_of_period(part).is_some() => {
            let (from, to) = part_of_period(part)?;
            resolve_part(from, to, rest, anchor)
        }
        _ => resolve_calendar(&w, anchor),
    }
}

/// "July", "July 2025", "December 2024", "29 July", "29 July 2025", "July 29, 2025", "2025",
/// and a span of days in one month: "20-25 July 2025", "July 20 to 25". Anything else (two
/// months, three days, a second year) is not a date this reads, rather than half of one.
fn resolve_calendar(w: &[&str], anchor: Date) -> Option<String> {
    let mut month = None;
    let mut days: Vec<i8> = Vec::new();
    let mut year = None;
    for word in w {
        if let Some(m) = parse_month(word) {
            if month.replace(m).is_some() {
                return None;
            }
            continue;
        }
        if matches!(*word, "to" | "until" | "till" | "and") && !days.is_empty() {
            continue;
        }
        // "29", "29th", "2025"; ordinal suffixes are dropped.
        let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let n: i16 = digits.parse().ok()?;
        if n > 31 {
            if year.replace(n).is_some() {
                return None;
            }
        } else {
            days.push(n as i8);
        }
    }
    let month = month?;
    let year = year.unwrap_or_else(|| month_year(month, anchor));
    match days.as_slice() {
        [] => Some(format!("{year:04}-{month:02}")),
        [d] => Date::new(year, month, *d).ok().map(|d| d.to_string()),
        [a, b] if a < b => {
            let first = Date::new(year, month, *a).ok()?;
            let last = Date::new(year, month, *b).ok()?;
            Some(format!("{first}/{last}"))
        }
        _ => None,
    }
}

/// "early/mid/late" + "July [2025]" or + "2025".
fn resolve_part(from: i8, to: i8, rest: &[&str], anchor: Date) -> Option<String> {
    match rest {
        [year] if year.parse::<i16>().is_ok_and(|y| y > 31) => {
            let y: i16 = year.parse().ok()?;
            let (m1, m2) = match from {
                1 => (1, 4),
                11 => (5, 8),
                _ => (9, 12),
            };
            Some(format!("{y:04}-{m1:02}/{y:04}-{m2:02}"))
        }
        [month] | [month, _] => {
            let m = parse_month(month)?;
            let year = match rest {
                [_, y] => y.parse::<i16>().ok()?,
                _ => month_year(m, anchor),
            };
            let first = Date::new(year, m, from).ok()?;
            let last_day = first.last_of_month().day().min(to);
            let last = Date::new(year, m, last_day).ok()?;
            Some(format!("{first}/{last}"))
        }
        _ => None,
    }
}

fn part_of_period(word: &str) -> Option<(i8, i8)> {
    match word {
        "early" | "beginning" => Some((1, 10)),
        "mid" | "middle" => Some((11, 20)),
        "late" | "end" => Some((21, 31)),
        _ => None,
    }
}

/// A month named without a year means its most recent occurrence up to the anchor.
fn month_year(month: i8, anchor: Date) -> i16 {
    if month <= anchor.month() {
        anchor.year()
    } else {
        anchor.year() - 1
    }
}

fn week_of(day: Date) -> Option<String> {
    let monday = monday_of(day)?;
    let sunday = monday.checked_add(6.days()).ok()?;
    Some(format!("{monday}/{sunday}"))
}

fn monday_of(day: Date) -> Option<Date> {
    let back = i64::from(day.weekday().to_monday_zero_offset());
    day.checked_sub(back.days()).ok()
}

/// The most recent `weekday` on or before the anchor (strictly before with "last").
fn last_weekday(anchor: Date, weekday: Weekday, strictly_before: bool) -> Option<Date> {
    let mut back = (anchor.weekday().to_monday_zero_offset() as i64
        - weekday.to_monday_zero_offset() as i64)
        .rem_euclid(7);
    if back == 0 && strictly_before {
        back = 7;
    }
    anchor.checked_sub(back.days()).ok()
}

fn parse_weekday(word: &str) -> Option<Weekday> {
    Some(match word {
        "monday" | "mon" => Weekday::Monday,
        "tuesday" | "tue" | "tues" => Weekday::Tuesday,
        "wednesday" | "wed" => Weekday::Wednesday,
        "thursday" | "thu" | "thurs" => Weekday::Thursday,
        "friday" | "fri" => Weekday::Friday,
        "saturday" | "sat" => Weekday::Saturday,
        "sunday" | "sun" => Weekday::Sunday,
        _ => return None,
    })
}

/// A month's full name or any prefix of three letters or more ("sep", "sept").
fn parse_month(word: &str) -> Option<i8> {
    if word.len() < 3 {
        return None;
    }
    (1..=12).find(|&m| month_name(m).to_lowercase().starts_with(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(anchor: &str, words: &str) -> String {
        let anchor: Date = anchor.parse().unwrap();
        resolve(words, anchor)
            .map(|d| d.edtf())
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn resolves_report_words() {
        // 2025-09-10 is a Wednesday.
        let a = "2025-09-10";
        assert_eq!(at(a, "Tuesday"), "2025-09-09");
        assert_eq!(at(a, "on Tuesday"), "2025-09-09");
        assert_eq!(at(a, "Wednesday"), "2025-09-10");
        assert_eq!(at(a, "last Wednesday"), "2025-09-03");
        assert_eq!(at(a, "yesterday"), "2025-09-09");
        assert_eq!(at(a, "last month"), "2025-08");
        assert_eq!(at(a, "late July"), "2025-07-21/2025-07-31");
        assert_eq!(at(a, "mid-February"), "2025-02-11/2025-02-20");
        assert_eq!(at(a, "In January"), "2025-01");
        assert_eq!(at(a, "December"), "2024-12");
        assert_eq!(at(a, "December 2024"), "2024-12");
        assert_eq!(at(a, "earlier this year"), "2025-01-01/2025-09-09");
        assert_eq!(at(a, "last week"), "2025-09-01/2025-09-07");
        assert_eq!(at(a, "29 July"), "2025-07-29");
        assert_eq!(at(a, "July 29, 2024"), "2024-07-29");
        assert_eq!(at(a, "2024-12"), "2024-12");
        assert_eq!(at(a, "3 days ago"), "2025-09-07");
        assert_eq!(at(a, "Monday evening"), "2025-09-08");
        assert_eq!(at(a, "from Sunday to Tuesday"), "2025-09-07/2025-09-09");
        assert_eq!(at(a, "from March 6 to 10"), "2025-03-06/2025-03-10");
        assert_eq!(at(a, "last November"), "2024-11");
        assert_eq!(at(a, "last September"), "2024-09", "not this very month");
        assert_eq!(at(a, "last July"), "2025-07");
    }

    #[test]
    fn keeps_the_words() {
        let d = resolve("late July", "2025-09-10".parse().unwrap()).unwrap();
        assert_eq!(d.text(), Some("late July"));
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        assert!(resolve("sometime soon", "2025-09-10".parse().unwrap()).is_err());
        assert!(resolve("", "2025-09-10".parse().unwrap()).is_err());
        assert!(resolve("31 February", "2025-09-10".parse().unwrap()).is_err());
    }

    #[test]
    fn a_span_of_days_is_read_whole_or_not_at_all() {
        let a = "2025-09-10";
        // Before: "20-25 July 2025" was read as 20 July alone.
        assert_eq!(at(a, "20-25 July 2025"), "2025-07-20/2025-07-25");
        assert_eq!(at(a, "20–25 July"), "2025-07-20/2025-07-25");
        assert_eq!(at(a, "July 20 to 25, 2025"), "2025-07-20/2025-07-25");
        for unread in [
            "25-20 July 2025",
            "1, 2 and 3 July",
            "July August 2025",
            "July 2024 2025",
        ] {
            assert!(
                resolve(unread, a.parse().unwrap()).is_err(),
                "{unread} must be refused, not half read"
            );
        }
    }
}
