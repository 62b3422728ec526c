//! The search box: any text typed is parsed into terms and searched in a real knowledge base
//! (the example data) without a panic and without an FTS5 syntax error.
#![no_main]
use chancery::model::SearchSpec;
use chancery::query::{SearchRequest, search};
use chancery::store::Store;
use libfuzzer_sys::fuzz_target;
use std::sync::{Mutex, OnceLock};

fn store() -> &'static Mutex<Store> {
    static STORE: OnceLock<Mutex<Store>> = OnceLock::new();
    STORE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir").keep();
        let mut store = Store::open(&dir.join("fuzz.db")).expect("open");
        chancery::exchange::import_bundle(&mut store, chancery::exchange::EXAMPLE_BUNDLE)
            .expect("example");
        Mutex::new(store)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(store) = store().lock() else {
        return;
    };
    let spec = SearchSpec {
        text: text.to_string(),
        ..SearchSpec::default()
    };
    if let Err(e) = search(&store, &SearchRequest::new(spec)) {
        let message = e.to_string();
        assert!(!message.contains("syntax error"), "{text:?}: {message}");
        assert!(!message.contains("fts5"), "{text:?}: {message}");
    }
});
