//! The timeline's arithmetic, free of any drawing: a partial date as the span of days it can
//! mean (a day is a point, a month a span over the month, an interval its interval) with how
//! sure each end is; ticks that suit the zoom (decades down to days); and counts per period
//! for ranges too dense to draw item by item. Days count from 1970-01-01.

use super::date::{Edtf, PartialDate};
use jiff::civil::Date;

/// Days since 1970-01-01 (fractions are positions within a day).
pub type Day = f64;

/// How many days an open end fades over when drawn.
pub const OPEN_END_FADE_DAYS: Day = 365.0;

/// What a partial date covers on the time axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    /// The first day it can mean (for an open start: where its fade begins).
    pub start: Day,
    /// The day after the last it can mean (for an open end: where its fade ends).
    pub end: Day,
    /// One exact day, drawn as a point.
    pub point: bool,
    /// The start is approximate or uncertain (`~`, `?`): a soft edge.
    pub soft_start: bool,
    pub soft_end: bool,
    /// The interval has no start (`../2025-03`): it fades out towards the past.
    pub open_start: bool,
    /// The interval has no end (`2025-03/..`): it fades out towards the future.
    pub open_end: bool,
}

impl Span {
    /// The span of `date`; `None` for an interval open at both ends (it means nothing).
    pub fn of(date: &PartialDate) -> Option<Span> {
        let soft = |d: &super::date::SimpleDate| d.approximate || d.uncertain;
        match date.value() {
            Edtf::Single(d) => Some(Span {
                start: day_number(d.earliest()),
                end: day_number(d.latest()) + 1.0,
                point: d.day.is_some(),
                soft_start: soft(&d),
                soft_end: soft(&d),
                open_start: false,
                open_end: false,
            }),
            Edtf::Interval(None, None) => None,
            Edtf::Interval(a, b) => {
                let start = a.map(|a| day_number(a.earliest()));
                let end = b.map(|b| day_number(b.latest()) + 1.0);
                let (start, end) = match (start, end) {
                    (Some(s), Some(e)) => (s, e),
                    (Some(s), None) => (s, s + OPEN_END_FADE_DAYS),
                    (None, Some(e)) => (e - OPEN_END_FADE_DAYS, e),
                    (None, None) => return None,
                };
                Some(Span {
                    start,
                    end,
                    point: false,
                    soft_start: a.as_ref().is_some_and(soft),
                    soft_end: b.as_ref().is_some_and(soft),
                    open_start: a.is_none(),
                    open_end: b.is_none(),
                })
            }
        }
    }

    /// The middle of the span: where a record sits when ranges are counted.
    pub fn middle(&self) -> Day {
        (self.start + self.end) / 2.0
    }

    /// True if the span and `[from, to)` share any time.
    pub fn overlaps(&self, from: Day, to: Day) -> bool {
        self.start < to && self.end > from
    }
}

/// The day number of a civil date.
pub fn day_number(date: Date) -> Day {
    let epoch = Date::constant(1970, 1, 1);
    (date.duration_since(epoch).as_secs() / 86_400) as Day
}

/// The civil date of a day number (clamped to the calendar jiff supports).
pub fn date_of(day: Day) -> Date {
    let epoch = Date::constant(1970, 1, 1);
    let days = day.floor().clamp(-700_000.0, 2_900_000.0) as i64;
    epoch
        .checked_add(jiff::Span::new().days(days))
        .unwrap_or(epoch)
}

/// The step between ticks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TickUnit {
    Years(i16),
    Months(i8),
    Days(i8),
}

/// A tick on the axis: its day and its label.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub day: Day,
    pub label: String,
    /// A year boundary (drawn stronger).
    pub major: bool,
}

/// The finest step whose ticks stand at least `min_gap_days` apart.
pub fn tick_unit(min_gap_days: Day) -> TickUnit {
    const STEPS: [(TickUnit, Day); 12] = [
        (TickUnit::Days(1), 1.0),
        (TickUnit::Days(2), 2.0),
        (TickUnit::Days(7), 7.0),
        (TickUnit::Days(14), 14.0),
        (TickUnit::Months(1), 30.5),
        (TickUnit::Months(3), 91.0),
        (TickUnit::Months(6), 182.5),
        (TickUnit::Years(1), 365.25),
        (TickUnit::Years(2), 730.5),
        (TickUnit::Years(5), 1826.0),
        (TickUnit::Years(10), 3652.5),
        (TickUnit::Years(50), 18262.0),
    ];
    STEPS
        .iter()
        .find(|(_, days)| *days >= min_gap_days)
        .map_or(TickUnit::Years(100), |(unit, _)| *unit)
}

/// Ticks within `[from, to]`, each at least `min_gap_days` after the one before.
pub fn ticks(from: Day, to: Day, min_gap_days: Day) -> Vec<Tick> {
    let unit = tick_unit(min_gap_days);
    let first = date_of(from);
    let mut at = match unit {
        TickUnit::Years(n) => {
            let year = first.year() - first.year().rem_euclid(n);
            Date::new(year, 1, 1).unwrap_or(first)
        }
        TickUnit::Months(n) => {
            let month = first.month() - (first.month() - 1).rem_euclid(n);
            Date::new(first.year(), month, 1).unwrap_or(first)
        }
        TickUnit::Days(_) => first,
    };
    let mut out = Vec::new();
    // At most a few hundred ticks: the unit keeps them `min_gap_days` apart.
    while out.len() < 400 {
        let day = day_number(at);
        if day > to {
            break;
        }
        if day >= from {
            out.push(Tick {
                day,
                label: tick_label(at, unit),
                major: at.month() == 1 && at.day() == 1,
            });
        }
        let next = match unit {
            TickUnit::Years(n) => at.checked_add(jiff::Span::new().years(n)),
            TickUnit::Months(n) => at.checked_add(jiff::Span::new().months(n)),
            TickUnit::Days(n) => at.checked_add(jiff::Span::new().days(n)),
        };
        match next {
            Ok(next) => at = next,
            Err(_) => break,
        }
    }
    out
}

fn tick_label(at: Date, unit: TickUnit) -> String {
    match unit {
        TickUnit::Years(_) => at.year().to_string(),
        TickUnit::Months(_) if at.month() == 1 => format!("Jan {}", at.year()),
        TickUnit::Months(_) => super::date::month_name(at.month())
            .chars()
            .take(3)
            .collect(),
        TickUnit::Days(_) if at.day() == 1 => format!(
            "1 {} {}",
            super::date::month_name(at.month())
                .chars()
                .take(3)
                .collect::<String>(),
            at.year()
        ),
        TickUnit::Days(_) => at.day().to_string(),
    }
}

/// How many of `middles` fall in each of `bins` equal periods of `[from, to)`.
pub fn counts_per_period(
    middles: impl Iterator<Item = Day>,
    from: Day,
    to: Day,
    bins: usize,
) -> Vec<u32> {
    let mut counts = vec![0u32; bins];
    if bins == 0 || to <= from {
        return counts;
    }
    let width = (to - from) / bins as Day;
    for m in middles {
        if m >= from && m < to {
            let i = (((m - from) / width) as usize).min(bins - 1);
            counts[i] += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(edtf: &str) -> Span {
        Span::of(&PartialDate::parse(edtf).unwrap()).unwrap()
    }

    #[test]
    fn a_day_is_a_point_a_month_and_an_interval_are_spans() {
        let day = span("2025-09-09");
        assert!(day.point);
        assert_eq!(day.end - day.start, 1.0);
        assert_eq!(date_of(day.start), Date::constant(2025, 9, 9));

        let month = span("2025-01");
        assert!(!month.point);
        assert_eq!(month.end - month.start, 31.0);

        let late_july = span("2025-07-21/2025-07-31");
        assert!(!late_july.point);
        assert_eq!(late_july.end - late_july.start, 11.0);
        assert_eq!(date_of(late_july.start), Date::constant(2025, 7, 21));
        assert!(!late_july.soft_start && !late_july.open_end);
    }

    #[test]
    fn fuzzy_and_open_ends_are_marked() {
        let approx = span("2025-03~");
        assert!(approx.soft_start && approx.soft_end);
        let open = span("../2025-03");
        assert!(open.open_start && !open.open_end);
        assert_eq!(open.end - open.start, OPEN_END_FADE_DAYS);
        let open = span("2024-12/..");
        assert!(open.open_end);
        // "../.." is refused by the parser: every stored interval has an end to draw.
        assert!(PartialDate::parse("../..").is_err());
    }

    #[test]
    fn ticks_adapt_to_the_zoom() {
        let from = day_number(Date::constant(2000, 1, 1));
        let to = day_number(Date::constant(2030, 1, 1));
        let years = ticks(from, to, 1500.0);
        assert_eq!(years.first().map(|t| t.label.as_str()), Some("2000"));
        assert_eq!(years.get(1).map(|t| t.label.as_str()), Some("2005"));

        let from = day_number(Date::constant(2025, 1, 1));
        let to = day_number(Date::constant(2025, 12, 31));
        let months: Vec<String> = ticks(from, to, 25.0).into_iter().map(|t| t.label).collect();
        assert_eq!(months.len(), 12);
        assert_eq!(months[0], "Jan 2025");
        assert_eq!(months[6], "Jul");

        let to = day_number(Date::constant(2025, 1, 10));
        let days = ticks(from, to, 0.5);
        assert_eq!(days.len(), 10);
        assert_eq!(days[0].label, "1 Jan 2025");
        assert_eq!(days[1].label, "2");
    }

    #[test]
    fn dense_ranges_are_counted_per_period() {
        let counts = counts_per_period([0.5, 1.5, 1.7, 9.9, 10.0].into_iter(), 0.0, 10.0, 10);
        assert_eq!(counts, vec![1, 2, 0, 0, 0, 0, 0, 0, 0, 1]);
    }
}
