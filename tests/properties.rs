//! Property tests of the pure logic: name folding and the partial-date parser.

use chancery::model::PartialDate;
use chancery::model::fold::{fold_name, normalise_text};
use proptest::prelude::*;

proptest! {
    #[test]
    fn folding_never_panics(s in "\\PC{0,40}") {
        let folded = fold_name(&s);
        prop_assert!(!folded.contains('-'));
        let _ = normalise_text(&s);
    }

    #[test]
    fn folded_keys_fold_to_themselves(s in "[A-Za-zА-Яа-я' -]{0,40}") {
        let once = fold_name(&s);
        prop_assert_eq!(fold_name(&once), once);
    }

    #[test]
    fn folding_ignores_case_articles_and_hyphens(name in "[A-Za-z]{3,12}") {
        let key = fold_name(&name);
        prop_assert_eq!(fold_name(&name.to_uppercase()), key.clone());
        prop_assert_eq!(fold_name(&format!("al-{name}")), key.clone());
        prop_assert_eq!(fold_name(&format!("Al {name}")), key.clone());
        prop_assert_eq!(fold_name(&format!("el-{name}")), key);
    }

    #[test]
    fn doubled_letters_and_vowel_runs_fold_together(stem in "[bcdfghklmnprst]{1,3}", v in "[aeiou]", tail in "[bdknr]") {
        let single = format!("{stem}{v}{tail}");
        let doubled = format!("{stem}{v}{v}{tail}{tail}");
        prop_assert_eq!(fold_name(&single), fold_name(&doubled));
    }

    #[test]
    fn valid_dates_round_trip_with_ordered_bounds(
        year in 1000i16..2999,
        month in 1i8..=12,
        day in 1i8..=28,
        shape in 0usize..6,
        qualifier in prop::sample::select(vec!["", "~", "?", "%"]),
    ) {
        let text = match shape {
            0 => format!("{year:04}{qualifier}"),
            1 => format!("{year:04}-{month:02}{qualifier}"),
            2 => format!("{year:04}-{month:02}-{day:02}{qualifier}"),
            3 => format!("{year:04}-{month:02}/{:04}-{month:02}", year + 1),
            4 => format!("../{year:04}-{month:02}-{day:02}"),
            _ => format!("{year:04}-{month:02}/.."),
        };
        let date = PartialDate::parse(&text).expect("valid date parses");
        prop_assert_eq!(date.edtf(), text);
        let (lo, hi) = date.bounds_iso();
        prop_assert!(lo <= hi);
    }

    #[test]
    fn the_parser_never_panics(s in "\\PC{0,24}") {
        let _ = PartialDate::parse(&s);
    }

    #[test]
    fn impossible_days_are_refused(year in 1000i16..2999, day in 32i8..99) {
        let text = format!("{year:04}-01-{day:02}");
        prop_assert!(PartialDate::parse(&text).is_err());
    }
}
