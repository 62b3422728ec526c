//! CSV import: the input is cut into the eleven files of a CSV export (at 0xFF bytes) and read
//! back into records; never a panic, and whatever reads back validates or is refused cleanly.
#![no_main]
use chancery::exchange::csv_files::read_files;
use chancery::exchange::target::CSV_FILES as FILES;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.split(|b| *b == 0xFF);
    let files: Vec<(&str, Vec<u8>)> = FILES
        .iter()
        .map(|name| (*name, parts.next().unwrap_or_default().to_vec()))
        .collect();
    if let Ok(records) = read_files(&files) {
        for record in &records {
            let _ = record.validate();
        }
    }
});
