//! Bundle import: any bytes are parsed as a bundle and, if they parse, imported (dry run and
//! real) into a real knowledge base; never a panic, and a refused import writes nothing.
#![no_main]
use chancery::exchange::Bundle;
use chancery::store::{ImportOptions, Store};
use libfuzzer_sys::fuzz_target;
use std::sync::{Mutex, OnceLock};

fn store() -> &'static Mutex<Store> {
    static STORE: OnceLock<Mutex<Store>> = OnceLock::new();
    STORE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir").keep();
        Mutex::new(Store::open(&dir.join("fuzz.db")).expect("open"))
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(bundle) = Bundle::parse(text) else {
        return;
    };
    let Ok(mut store) = store().lock() else {
        return;
    };
    let records = bundle.into_records();
    let before = store.counts().expect("counts");
    let dry = ImportOptions {
        dry_run: true,
        ..ImportOptions::default()
    };
    let _ = store.import_with(records.clone(), dry);
    assert_eq!(store.counts().expect("counts"), before, "a dry run wrote");
    if store.import_with(records, ImportOptions::default()).is_err() {
        assert_eq!(store.counts().expect("counts"), before, "a refused import wrote");
    }
});
