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

/// What a lane gathers: the records of one kind, or one actor's meetings, statements and
/// links.
#[derive(Debug, Clone, PartialEq)]
pub enum LaneKey {
    Kind(super::RecordKind),
    Actor { uuid: uuid::Uuid, name: String },
}

/// One lane's records, indexed so that a frame's work does not grow with their number:
/// positions of the records sorted by start, and their middles sorted for counting.
#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    pub key: LaneKey,
    /// Positions (in the caller's list) of this lane's records, by start.
    by_start: Vec<usize>,
    starts: Vec<Day>,
    /// Middles, sorted: counts per period are two binary searches each.
    middles: Vec<Day>,
    /// The longest span: how far before a range a record overlapping it may start.
    longest: Day,
}

impl Lane {
    /// Indexes the spans of one kind; `spans` gives each record's position and span.
    pub fn new(key: LaneKey, spans: impl Iterator<Item = (usize, Span)>) -> Lane {
        let mut entries: Vec<(usize, Span)> = spans.collect();
        entries.sort_by(|a, b| a.1.start.total_cmp(&b.1.start).then(a.0.cmp(&b.0)));
        let mut middles: Vec<Day> = entries.iter().map(|(_, s)| s.middle()).collect();
        middles.sort_by(|a, b| a.total_cmp(b));
        Lane {
            key,
            longest: entries
                .iter()
                .map(|(_, s)| s.end - s.start)
                .fold(0.0, Day::max),
            starts: entries.iter().map(|(_, s)| s.start).collect(),
            by_start: entries.into_iter().map(|(i, _)| i).collect(),
            middles,
        }
    }

    pub fn len(&self) -> usize {
        self.by_start.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_start.is_empty()
    }

    /// How many records sit (by their middle) within `[from, to)`.
    pub fn count_between(&self, from: Day, to: Day) -> usize {
        let a = self.middles.partition_point(|m| *m < from);
        let b = self.middles.partition_point(|m| *m < to);
        b.saturating_sub(a)
    }

    /// Records per period: `bins` equal periods of `[from, to)`, by middle.
    pub fn counts(&self, from: Day, to: Day, bins: usize) -> Vec<u32> {
        if bins == 0 || to <= from {
            return vec![0; bins];
        }
        let width = (to - from) / bins as Day;
        let mut edge = self.middles.partition_point(|m| *m < from);
        (1..=bins)
            .map(|i| {
                let end = self
                    .middles
                    .partition_point(|m| *m < from + width * i as Day);
                let n = end.saturating_sub(edge) as u32;
                edge = end;
                n
            })
            .collect()
    }

    /// Positions of the records whose span overlaps `[from, to)`, by start; `spans` gives a
    /// position's span.
    pub fn overlapping<'a>(
        &'a self,
        from: Day,
        to: Day,
        span_of: impl Fn(usize) -> Span + 'a,
    ) -> impl Iterator<Item = usize> + 'a {
        let first = self.starts.partition_point(|s| *s < from - self.longest);
        let last = self.starts.partition_point(|s| *s < to);
        self.by_start[first..last.max(first)]
            .iter()
            .copied()
            .filter(move |i| span_of(*i).overlaps(from, to))
    }
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
    fn a_lane_counts_and_finds_by_binary_search() {
        let spans: Vec<Span> = ["2025-01", "2025-03-05", "2025-07-21/2025-07-31", "2024"]
            .iter()
            .map(|e| span(e))
            .collect();
        let lane = Lane::new(
            LaneKey::Kind(crate::model::RecordKind::Meeting),
            spans.iter().copied().enumerate(),
        );
        let from = day_number(Date::constant(2025, 1, 1));
        let to = day_number(Date::constant(2026, 1, 1));
        assert_eq!(lane.count_between(from, to), 3);
        let counts = lane.counts(from, to, 12);
        assert_eq!(counts.iter().sum::<u32>(), 3);
        assert_eq!(counts[0], 1);
        // The year 2024 overlaps nothing of 2025; January and March do.
        let march = day_number(Date::constant(2025, 3, 31));
        let found: Vec<usize> = lane.overlapping(from, march, |i| spans[i]).collect();
        assert_eq!(found, vec![0, 1]);
        let found: Vec<usize> = lane.overlapping(from - 400.0, from, |i| spans[i]).collect();
        assert_eq!(found, vec![3]);
    }
}
