//! The team engine against a real PostgreSQL (a throwaway cluster, as the tests start):
//! sharing and joining a generated knowledge base against `COPY` of the same rows into a plain
//! table in the same run, the peak memory of a join (the CLI in its own process), one edit
//! pushed, a change seen by another running copy, and members editing at once.
//!
//! `cargo bench --bench team -- --statements N [--members M] [--keep DIR]`

#[path = "../tests/pg/mod.rs"]
mod pg;

use chancery::model::{Record, RecordKind};
use chancery::store::Store;
use chancery::team::{self, address::connect, live::LiveSync, sync_once};
use std::io::{Read, Write};
use std::time::{Duration, Instant};

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentile(mut ms: Vec<f64>, p: f64) -> f64 {
    ms.sort_by(|a, b| a.total_cmp(b));
    ms[((ms.len() as f64 - 1.0) * p).round() as usize]
}

fn first_actor(store: &Store) -> uuid::Uuid {
    store.titles(RecordKind::Actor, 1).expect("titles")[0].uuid
}

fn describe(store: &mut Store, uuid: uuid::Uuid, text: &str) {
    let mut record = store.get(uuid).expect("reads").expect("there");
    if let Record::Actor(a) = &mut record {
        a.description = text.to_string();
    }
    store.update(record).expect("saves");
}

fn description(store: &Store, uuid: uuid::Uuid) -> String {
    match store.get(uuid).ok().flatten() {
        Some(Record::Actor(a)) => a.description,
        _ => String::new(),
    }
}

fn main() {
    let statements = arg("--statements", 20_000);
    let members = arg("--members", 50);
    let Some(cluster) = pg::Cluster::start() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp");
    let address = cluster.database("desk");
    let a_path = dir.path().join("a.db");
    // `--keep DIR`: the generated file is kept there and reused by the next run.
    let kept = std::env::args()
        .skip_while(|a| a != "--keep")
        .nth(1)
        .map(|d| std::path::PathBuf::from(d).join(format!("generated-{statements}.db")));
    match &kept {
        Some(kept) if kept.exists() => {
            std::fs::copy(kept, &a_path).expect("copies the kept file");
        }
        _ => {
            let mut fresh = Store::open(&a_path).expect("new");
            chancery::exchange::generate::generate(
                &mut fresh,
                chancery::exchange::generate::Size {
                    statements,
                    seed: 1,
                },
                &mut |_, _| {},
            )
            .expect("generates");
            drop(fresh);
            if let Some(kept) = &kept {
                if let Some(folder) = kept.parent() {
                    std::fs::create_dir_all(folder).expect("the folder");
                }
                std::fs::copy(&a_path, kept).expect("keeps the file");
            }
        }
    }
    let mut a = Store::open(&a_path).expect("opens");
    let records = a.counts().expect("counts").live() as f64;
    println!("team bench: {statements} statements, {records} records");

    let started = Instant::now();
    let shared = team::share(&mut a, &address).expect("shares");
    let share_s = started.elapsed().as_secs_f64();
    println!(
        "share (COPY into record, triggers, history): {:.1} s, {:.0} records/s",
        share_s,
        shared.records as f64 / share_s
    );

    // Plain PostgreSQL: the same rows copied out and into a table with no triggers.
    let mut client = connect(&address).expect("connects");
    let mut rows = Vec::new();
    client
        .copy_out("COPY (SELECT uuid, kind, doc FROM record) TO STDOUT")
        .expect("copy out")
        .read_to_end(&mut rows)
        .expect("reads");
    client
        .batch_execute("CREATE TABLE plain (uuid uuid PRIMARY KEY, kind text, doc jsonb)")
        .expect("table");
    let started = Instant::now();
    let mut writer = client.copy_in("COPY plain FROM STDIN").expect("copy in");
    // One CopyData message holds at most 1 GB: the rows go a megabyte at a time.
    for chunk in rows.chunks(1 << 20) {
        writer.write_all(chunk).expect("writes");
    }
    writer.finish().expect("finishes");
    let plain_s = started.elapsed().as_secs_f64();
    println!(
        "plain COPY of the same rows: {:.2} s, {:.0} records/s ({} MB of text)",
        plain_s,
        records / plain_s,
        rows.len() >> 20
    );

    // The join, as a user runs it: the CLI in its own process, its peak memory from rusage.
    let b_path = dir.path().join("b.db");
    let bin = std::env::var("CHANCERY_BIN").unwrap_or_else(|_| "target/release/chancery".into());
    let started = Instant::now();
    let out = std::process::Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(&bin)
        .args(["team", "join", &address])
        .arg(&b_path)
        .output()
        .expect("the CLI runs");
    let join_s = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let peak_kb: f64 = stderr
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(f64::NAN);
    assert!(out.status.success(), "join failed: {stderr}");
    println!(
        "join (CLI): {:.1} s, {:.0} records/s, peak {:.0} MB; plain COPY is {:.1}x faster",
        join_s,
        records / join_s,
        peak_kb / 1024.0,
        join_s / plain_s
    );
    let server_mb: i64 = client
        .query_one("SELECT pg_database_size(current_database()) >> 20", &[])
        .expect("size")
        .get(0);
    let local_mb = std::fs::metadata(&b_path)
        .map(|m| m.len() >> 20)
        .unwrap_or(0);
    println!(
        "server database {server_mb} MB (with history and the plain copy); a working copy {local_mb} MB"
    );

    // One edit pushed: the sync the window runs after a save (push, then the pull of it).
    let mut b = Store::open(&b_path).expect("opens");
    let actor = first_actor(&a);
    let mut a_client = connect(&address).expect("connects");
    let mut pushes = Vec::new();
    for i in 0..200 {
        describe(&mut a, actor, &format!("edit {i}"));
        let started = Instant::now();
        let report = sync_once(&mut a, &mut a_client).expect("syncs");
        pushes.push(started.elapsed().as_secs_f64() * 1e3);
        assert_eq!(report.pushed, 1);
    }
    println!(
        "one edit pushed (sync after a save): p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        percentile(pushes.clone(), 0.5),
        percentile(pushes.clone(), 0.95),
        percentile(pushes, 1.0)
    );
    let mut b_client = connect(&address).expect("connects");
    sync_once(&mut b, &mut b_client).expect("syncs");
    drop(b);
    drop(a);

    // Seen by another running copy: saved in A, nudged; until B's file shows it.
    let hour = Duration::from_secs(3600);
    let live_a = LiveSync::start(
        a_path.clone(),
        address.clone(),
        hour,
        std::sync::Arc::new(|| {}),
    );
    let live_b = LiveSync::start(
        b_path.clone(),
        address.clone(),
        hour,
        std::sync::Arc::new(|| {}),
    );
    while live_a.status().last_sync.is_none() || live_b.status().last_sync.is_none() {
        std::thread::sleep(Duration::from_millis(10));
    }
    let mut editor = Store::open(&a_path).expect("opens");
    let reader = Store::open(&b_path).expect("opens");
    let mut seen = Vec::new();
    for i in 0..50 {
        let text = format!("seen {i}");
        describe(&mut editor, actor, &text);
        let started = Instant::now();
        live_a.nudge();
        while description(&reader, actor) != text {
            assert!(started.elapsed() < Duration::from_secs(30), "never seen");
            std::thread::sleep(Duration::from_millis(1));
        }
        seen.push(started.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "seen by another running copy: p50 {:.0} ms, p95 {:.0} ms, max {:.0} ms",
        percentile(seen.clone(), 0.5),
        percentile(seen.clone(), 0.95),
        percentile(seen, 1.0)
    );
    drop((live_a, live_b, editor, reader));

    // Members editing at once (threads, each with its own copy and connection) on a team of
    // its own (a small base, so that fifty copies fit on the disk): each edit is pushed by
    // itself; the last round shows no update was lost.
    let crowd = cluster.database("crowd");
    let crowd_first = dir.path().join("crowd-0.db");
    let mut first = Store::open(&crowd_first).expect("new");
    chancery::exchange::generate::generate(
        &mut first,
        chancery::exchange::generate::Size {
            statements: 1_000,
            seed: 2,
        },
        &mut |_, _| {},
    )
    .expect("generates");
    team::share(&mut first, &crowd).expect("shares");
    drop(first);
    let address = crowd;
    let paths: Vec<_> = (0..members)
        .map(|m| {
            let path = dir.path().join(format!("crowd-{m}.db"));
            if m > 0 {
                team::join(&address, &path, &mut |_| true).expect("joins");
            }
            path
        })
        .collect();
    let edits = 20;
    // Each member edits a record of its own, chosen once by uuid (titles tie, and each copy
    // breaks ties by its own row ids).
    let actors: Vec<uuid::Uuid> = Store::open(&paths[0])
        .expect("opens")
        .titles(RecordKind::Actor, members)
        .expect("titles")
        .iter()
        .map(|r| r.uuid)
        .collect();
    let latencies = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for (m, path) in paths.iter().enumerate() {
            let (address, latencies, actors) = (&address, &latencies, &actors);
            scope.spawn(move || {
                let mut store = Store::open(path).expect("opens");
                let mut client = connect(address).expect("connects");
                let mine = actors[m];
                for i in 0..edits {
                    describe(&mut store, mine, &format!("member {m} edit {i}"));
                    let started = Instant::now();
                    sync_once(&mut store, &mut client).expect("syncs");
                    if let Ok(mut l) = latencies.lock() {
                        l.push(started.elapsed().as_secs_f64() * 1e3);
                    }
                }
            });
        }
    });
    let mut lost = 0;
    let mut check = connect(&address).expect("connects");
    for (m, uuid) in actors.iter().enumerate() {
        let text: String = check
            .query_one(
                "SELECT doc->>'description' FROM record WHERE uuid = $1",
                &[uuid],
            )
            .expect("reads")
            .get(0);
        if text != format!("member {m} edit {}", edits - 1) {
            lost += 1;
        }
    }
    let conflicts: u64 = paths
        .iter()
        .map(|p| {
            Store::open(p)
                .and_then(|s| s.team_waiting())
                .map(|w| w.1)
                .unwrap_or(0)
        })
        .sum();
    let latencies = latencies.into_inner().unwrap_or_default();
    println!(
        "{members} members x {edits} edits at once: push+pull p50 {:.0} ms, p95 {:.0} ms; {lost} last edits missing on the server, {conflicts} conflicts",
        percentile(latencies.clone(), 0.5),
        percentile(latencies, 0.95)
    );
}
