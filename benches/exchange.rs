//! The exchange benchmark of issue 28: exporting a whole knowledge base as STIX 2.1 and as
//! FollowTheMoney, beside our own bundle and beside plain SQLite doing the least such an
//! export must (reading every record's JSON document and writing it out a line each), in the
//! same run, on two files:
//!
//! 1. one made by the generator (`chancery generate`: Zipf prose over 20,000 words with
//!    stop-words, names in three scripts, partial dates);
//! 2. one made by a single big import of that file's bundle (the road a real archive takes).
//!
//! For each: time, peak memory and size of each export, and the ratio to the bundle (the
//! target: within 2×). Then the CSV import by a mapping: a generated CSV of meetings (one
//! row each, dates as dd/mm/yyyy, participants by name) previewed and imported, with peak
//! memory at two sizes to show it does not grow with the file.
//!
//! Run: `cargo bench --bench exchange -- --statements 1000000 [--keep DIR]` (default 10,000;
//! `--keep` reuses the files). No figure is asserted.

mod common;
use chancery::exchange::export::export;
use chancery::exchange::generate::{Size, generate};
use chancery::exchange::mapping::import_mapped;
use chancery::exchange::mapping::preset::Mapping;
use chancery::exchange::{Closure, ExportSelection, Format, import_path};
use chancery::store::{ImportOptions, Store};
use common::{peak_mb, reset_peak};
use rusqlite::Connection;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn mb(path: &Path) -> f64 {
    std::fs::metadata(path).map_or(0.0, |m| m.len() as f64 / 1e6)
}

struct Args {
    statements: u32,
    keep: Option<PathBuf>,
    /// Only export in this format, once, from the file made by an import (for profiling).
    only: Option<String>,
}

fn args() -> Args {
    let mut args = Args {
        statements: 10_000,
        keep: None,
        only: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--statements" => {
                args.statements = it.next().and_then(|v| v.parse().ok()).unwrap_or(10_000)
            }
            "--keep" => args.keep = it.next().map(PathBuf::from),
            "--only" => args.only = it.next(),
            _ => {}
        }
    }
    args
}

/// Exports everything from `db` in `format` to `out`: time and peak memory.
fn export_all(db: &Path, format: Format, out: &Path) -> (Duration, f64) {
    let _ = std::fs::remove_file(out);
    let store = Store::open(db).expect("open");
    reset_peak();
    let started = Instant::now();
    export(
        &store,
        &ExportSelection::everything(),
        Closure::None,
        format,
        out,
        false,
        &mut |_, _| true,
    )
    .expect("export");
    (started.elapsed(), peak_mb())
}

/// Plain SQLite: every record's document read and written out, one line each.
fn plain_dump(db: &Path, out: &Path) -> Duration {
    let conn = Connection::open(db).expect("open plain");
    let started = Instant::now();
    let mut file = std::io::BufWriter::new(std::fs::File::create(out).expect("create"));
    let mut read = conn
        .prepare("SELECT d.data FROM record r JOIN record_doc d ON d.id = r.id ORDER BY r.id")
        .expect("read");
    let mut rows = read.query([]).expect("rows");
    while let Some(row) = rows.next().expect("row") {
        let doc: String = row.get(0).expect("doc");
        file.write_all(doc.as_bytes()).expect("write");
        file.write_all(b"\n").expect("write");
    }
    file.flush().expect("flush");
    started.elapsed()
}

fn secs(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

fn exports(label: &str, db: &Path, dir: &Path) {
    let bundle = dir.join("out.bundle.json");
    let (bundle_time, bundle_peak) = export_all(db, Format::Bundle, &bundle);
    let plain = dir.join("out.plain.jsonl");
    let plain_time = plain_dump(db, &plain);
    println!(
        "| {label}: bundle (ours) | {} | {bundle_peak:.0} MB | {:.0} MB | 1.00× | – | plain SQLite dump {} ({:.2}× of the bundle) |",
        secs(bundle_time),
        mb(&bundle),
        secs(plain_time),
        plain_time.as_secs_f64() / bundle_time.as_secs_f64()
    );
    for (name, format, file) in [
        ("STIX 2.1", Format::Stix, "out.stix.json"),
        ("FollowTheMoney", Format::Ftm, "out.ftm.json"),
    ] {
        let out = dir.join(file);
        let (time, peak) = export_all(db, format, &out);
        let ratio = time.as_secs_f64() / bundle_time.as_secs_f64();
        println!(
            "| {label}: {name} | {} | {peak:.0} MB | {:.0} MB | {ratio:.2}× | {} | {:.2}× plain |",
            secs(time),
            mb(&out),
            if ratio <= 2.0 {
                "✔ ≤ 2×"
            } else {
                "✘ > 2×"
            },
            time.as_secs_f64() / plain_time.as_secs_f64()
        );
        let _ = std::fs::remove_file(&out);
    }
    let _ = std::fs::remove_file(&plain);
}

/// A CSV of `rows` meetings whose participants are the generated file's actors, by name.
fn write_csv(path: &Path, rows: usize, names: &[String]) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("csv"));
    writeln!(out, "Title,Date,Participants,Summary").expect("write");
    for i in 0..rows {
        let a = &names[i % names.len()];
        let b = &names[(i * 7 + 3) % names.len()];
        writeln!(
            out,
            "\"Talks number {i}\",{:02}/{:02}/{},\"{a}; {b}\",\"Round {i} of talks on reconstruction and trade, with the usual delegations\"",
            i % 28 + 1,
            i % 12 + 1,
            2000 + i % 25
        )
        .expect("write");
    }
}

fn csv_import(db: &Path, dir: &Path, rows: usize) {
    let names: Vec<String> = {
        let conn = Connection::open(db).expect("open");
        let mut read = conn
            .prepare(
                "SELECT title FROM record WHERE kind = 'actor' AND deleted_at IS NULL LIMIT 2000",
            )
            .expect("names");
        read.query_map([], |r| r.get(0))
            .expect("rows")
            .filter_map(Result::ok)
            .collect()
    };
    let csv = dir.join(format!("meetings-{rows}.csv"));
    write_csv(&csv, rows, &names);
    let mapping = Mapping::from_toml(
        "kind = \"meeting\"\n[fields.meeting.title]\ncolumn = \"Title\"\n[fields.meeting.date]\ncolumn = \"Date\"\ndate = \"%d/%m/%Y\"\n[fields.meeting.participants]\ncolumn = \"Participants\"\nsplit = \";\"\n[fields.meeting.summary]\ncolumn = \"Summary\"\n",
    )
    .expect("mapping");
    let target = dir.join(format!("csv-target-{rows}.db"));
    let _ = std::fs::remove_file(&target);
    std::fs::copy(db, &target).expect("copy");
    let mut store = Store::open(&target).expect("open");
    for dry_run in [true, false] {
        reset_peak();
        let started = Instant::now();
        let report = import_mapped(
            &mut store,
            &csv,
            &mapping,
            ImportOptions {
                dry_run,
                ..ImportOptions::default()
            },
            None,
            &mut |_| true,
        )
        .expect("mapped import");
        let took = started.elapsed();
        println!(
            "| CSV by mapping, {} rows ({:.0} MB), {} | {} ({:.0} rows/s) | {:.0} MB | {} good, {} rejected |",
            rows,
            mb(&csv),
            if dry_run { "preview" } else { "import" },
            secs(took),
            rows as f64 / took.as_secs_f64(),
            peak_mb(),
            report.good_rows,
            report.rejected_rows
        );
    }
    drop(store);
    let _ = std::fs::remove_file(&target);
    let _ = std::fs::remove_dir_all(target.with_extension("db.backups"));
    let _ = std::fs::remove_file(&csv);
}

fn main() {
    let args = args();
    let scratch = tempfile::tempdir().expect("scratch");
    let dir = args
        .keep
        .clone()
        .unwrap_or_else(|| scratch.path().to_path_buf());
    std::fs::create_dir_all(&dir).expect("dir");
    let generated = dir.join(format!("generated-{}.db", args.statements));
    if !generated.exists() {
        let mut store = Store::open(&generated).expect("open");
        let started = Instant::now();
        generate(
            &mut store,
            Size {
                statements: args.statements as usize,
                seed: 2026,
            },
            &mut |_, _| {},
        )
        .expect("generate");
        println!("generated in {}", secs(started.elapsed()));
    }
    let imported = dir.join(format!("imported-{}.db", args.statements));
    if !imported.exists() {
        let bundle = dir.join("seed.bundle.json");
        export_all(&generated, Format::Bundle, &bundle);
        let mut store = Store::open(&imported).expect("open");
        let started = Instant::now();
        import_path(&mut store, &bundle, ImportOptions::default()).expect("import");
        println!("one big import in {}", secs(started.elapsed()));
        let _ = std::fs::remove_file(&bundle);
    }
    if let Some(only) = &args.only {
        let format: Format = only.parse().expect("a format");
        let (took, peak) = export_all(&imported, format, &dir.join("only.out"));
        println!("{only}: {} peak {peak:.0} MB", secs(took));
        return;
    }
    let records: i64 = Connection::open(&generated)
        .and_then(|c| c.query_row("SELECT count(*) FROM record", [], |r| r.get(0)))
        .unwrap_or(0);
    println!();
    println!(
        "{} statements, {records} records (machine: {} cores)",
        args.statements,
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!();
    println!(
        "| export of everything | time | peak memory | file | ratio to bundle | target | beside plain SQLite |"
    );
    println!("|---|---|---|---|---|---|---|");
    exports("generated file", &generated, &dir);
    exports("file made by one import", &imported, &dir);
    println!();
    println!("| import | time | peak memory | rows |");
    println!("|---|---|---|---|");
    let rows = (args.statements as usize / 10).max(1_000);
    csv_import(&generated, &dir, rows);
    csv_import(&generated, &dir, rows * 4);
}
