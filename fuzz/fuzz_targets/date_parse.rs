//! The date parser and the relative-date resolver: never panic; a parsed date's EDTF form
//! parses back to the same bounds, and its bounds are ordered.
#![no_main]
use chancery::model::PartialDate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(date) = PartialDate::parse(text) {
        let (low, high) = date.bounds_iso();
        assert!(low <= high, "{text:?}: bounds {low} > {high}");
        let again = PartialDate::parse(&date.edtf()).expect("EDTF form parses");
        assert_eq!(again.bounds_iso(), date.bounds_iso(), "{text:?}");
    }
    let anchor = jiff::civil::date(2025, 9, 9);
    let _ = chancery::model::relative::resolve(text, anchor);
});
