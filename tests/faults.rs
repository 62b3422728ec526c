//! I/O faults injected at every write, sync, truncate and open of an operation, SQLite's own
//! method (a test VFS, `fault_vfs`): a user edit, an import, a backup, a restore and a
//! migration are each run once per fault point, with the fault once and with it persistent
//! (a disk that stays full). After every fault the file is opened again and must be whole
//! (`PRAGMA integrity_check` and Chancery's own check) and hold either everything the
//! operation wrote or nothing of it. A power-loss loop cuts the power at every point of ten
//! saves: every save reported done is there afterwards.
//!
//! Each loop prints how many fault points it covered (`cargo test --test faults --
//! --nocapture`). The power-cut model takes back file contents only: renames, creations and
//! deletions of files always survive it (the folder syncs after renames are not exercised).
#![cfg(unix)]

mod common;
mod fault_vfs;

use chancery::exchange::{EXAMPLE_BUNDLE, import_bundle};
use chancery::model::*;
use chancery::store::Store;
use common::*;
use std::path::{Path, PathBuf};

/// Runs `operation` on a fresh copy of `template` once per fault point (each faultable call
/// failing once, then persistently), until a run meets no fault. `check` gets the reopened
/// store and whether the operation reported success. Returns the fault points covered.
fn each_fault_point(
    what: &str,
    template: &Path,
    operation: &mut dyn FnMut(&Path) -> bool,
    check: &mut dyn FnMut(&Store, bool, &str),
) -> u64 {
    let mut covered = 0;
    for persistent in [false, true] {
        let mut n = 1;
        loop {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("kb.db");
            std::fs::copy(template, &path).unwrap();
            fault_vfs::arm(n, persistent);
            let succeeded = operation(&path);
            let (hit, _) = fault_vfs::disarm();
            if !hit {
                assert!(succeeded, "{what}: no fault, yet it failed");
                break;
            }
            let label = format!(
                "{what}, fault at call {n}{}",
                if persistent { " and after" } else { "" }
            );
            let store =
                Store::open(&path).unwrap_or_else(|e| panic!("{label}: cannot reopen: {e}"));
            let report = store
                .check()
                .unwrap_or_else(|e| panic!("{label}: check failed: {e}"));
            assert!(report.problems.is_empty(), "{label}: {:?}", report.problems);
            check(&store, succeeded, &label);
            covered += 1;
            n += 1;
        }
    }
    eprintln!("{what}: {covered} fault points covered");
    covered
}

/// A closed copy of the example data (no WAL beside it), to copy for each run.
fn example_template(dir: &Path) -> PathBuf {
    let path = dir.join("template.db");
    let (_d, _p, store) = with_example();
    store.backup().unwrap();
    let backup = chancery::store::list_backups(store.path())[0].path.clone();
    chancery::store::extract_backup(&backup, &path).unwrap();
    path
}

fn actors(store: &Store) -> i64 {
    store.counts().unwrap().of(RecordKind::Actor)
}

#[test]
fn a_user_edit_is_whole_or_absent_after_a_fault_at_every_point() {
    fault_vfs::install();
    let dir = tempfile::tempdir().unwrap();
    let template = example_template(dir.path());
    let before = actors(&Store::open(&template).unwrap());
    let covered = each_fault_point(
        "a user edit",
        &template,
        &mut |path| {
            let Ok(mut store) = Store::open(path) else {
                return false;
            };
            store
                .insert(actor("Maria Zakharova", ActorKind::Person))
                .is_ok()
        },
        &mut |store, succeeded, label| {
            let after = actors(store);
            if succeeded {
                assert_eq!(after, before + 1, "{label}: reported saved, so it is there");
            } else {
                assert!(after == before || after == before + 1, "{label}: {after}");
            }
        },
    );
    assert!(covered > 5, "{covered}");
}

#[test]
fn an_import_is_whole_or_absent_after_a_fault_at_every_point() {
    fault_vfs::install();
    let dir = tempfile::tempdir().unwrap();
    // A file with one record: the import takes a backup first, so faults meet that too.
    let template = dir.path().join("template.db");
    {
        let mut store = Store::open(&template).unwrap();
        store.insert(topic("before the import")).unwrap();
    }
    let expected = {
        let (_d, _p, store) = with_example();
        store.counts().unwrap().live() + 1
    };
    let covered = each_fault_point(
        "an import",
        &template,
        &mut |path| {
            let Ok(mut store) = Store::open(path) else {
                return false;
            };
            import_bundle(&mut store, EXAMPLE_BUNDLE).is_ok()
        },
        &mut |store, succeeded, label| {
            let live = store.counts().unwrap().live();
            if succeeded {
                assert_eq!(live, expected, "{label}");
            } else {
                assert!(
                    live == 1 || live == expected,
                    "{label}: {live} records, a part"
                );
            }
        },
    );
    assert!(covered > 10, "{covered}");
}

#[test]
fn a_backup_is_whole_or_absent_after_a_fault_at_every_point() {
    fault_vfs::install();
    let dir = tempfile::tempdir().unwrap();
    let template = example_template(dir.path());
    let made = std::cell::RefCell::new(Vec::new());
    let covered = each_fault_point(
        "a backup",
        &template,
        &mut |path| {
            made.borrow_mut().clear();
            let Ok(store) = Store::open(path) else {
                return false;
            };
            let result = store.backup();
            *made.borrow_mut() = chancery::store::list_backups(path);
            result.is_ok()
        },
        &mut |store, _succeeded, label| {
            // A backup listed is whole: it opens, checks clean and holds every record.
            for (n, backup) in made.borrow().iter().enumerate() {
                let opened = backup.path.with_extension(format!("opened-{n}.db"));
                chancery::store::extract_backup(&backup.path, &opened)
                    .unwrap_or_else(|e| panic!("{label}: {e}"));
                let copy = Store::open(&opened).unwrap_or_else(|e| panic!("{label}: {e}"));
                assert!(copy.check().unwrap().problems.is_empty(), "{label}");
                assert_eq!(
                    copy.counts().unwrap().live(),
                    store.counts().unwrap().live()
                );
                drop(copy);
                for leftover in ["", "-wal", "-shm"] {
                    let mut name = opened.clone().into_os_string();
                    name.push(leftover);
                    let _ = std::fs::remove_file(name);
                }
            }
            // Nothing half-made is left in the folder.
            let folder = chancery::store::backups_folder(store.path());
            if let Ok(entries) = std::fs::read_dir(folder) {
                for entry in entries.flatten() {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    assert!(!name.starts_with(".partial-"), "{label}: {name} left");
                }
            }
        },
    );
    assert!(covered > 3, "{covered}");
}

#[test]
fn a_restore_is_whole_or_absent_after_a_fault_at_every_point() {
    fault_vfs::install();
    let dir = tempfile::tempdir().unwrap();
    let template = example_template(dir.path());
    // The backup to restore: the example without Sergey Lavrov's statements and more.
    let small = dir.path().join("small.db");
    {
        let mut store = Store::open(&small).unwrap();
        store.insert(topic("only this")).unwrap();
    }
    let small_backup = dir.path().join("small-backup.db");
    {
        let store = Store::open(&small).unwrap();
        store.backup().unwrap();
        let made = chancery::store::list_backups(&small)[0].path.clone();
        std::fs::copy(made, &small_backup).unwrap();
    }
    let whole = Store::open(&template).unwrap().counts().unwrap().live();
    let covered = each_fault_point(
        "a restore",
        &template,
        &mut |path| {
            let Ok(mut store) = Store::open(path) else {
                return false;
            };
            store.restore_backup(&small_backup).is_ok()
        },
        &mut |store, succeeded, label| {
            let live = store.counts().unwrap().live();
            if succeeded {
                assert_eq!(live, 1, "{label}");
            } else {
                assert!(live == whole || live == 1, "{label}: {live} records, a mix");
            }
        },
    );
    assert!(covered > 3, "{covered}");
}

#[test]
fn a_migration_is_whole_or_absent_after_a_fault_at_every_point() {
    fault_vfs::install();
    let (_old_dir, old) = version_5_example();
    let migrated = {
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("kb.db");
        std::fs::copy(&old, &copy).unwrap();
        Store::open(&copy).unwrap().counts().unwrap().live()
    };
    let covered = each_fault_point(
        "a migration",
        &old,
        &mut |path| Store::open(path).is_ok(),
        &mut |store, _succeeded, label| {
            // Reopened, the file is migrated (again, if the fault stopped the first time),
            // with every record.
            assert_eq!(store.counts().unwrap().live(), migrated, "{label}");
        },
    );
    assert!(covered > 10, "{covered}");
}

/// Ten saves with the power cut at call `n` of their I/O; returns the saves reported done,
/// the records found after the power came back, and whether the cut happened.
fn ten_saves_cut_at(template: &Path, n: u64) -> (Vec<uuid::Uuid>, Vec<uuid::Uuid>, bool) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.db");
    std::fs::copy(template, &path).unwrap();
    let mut acknowledged = Vec::new();
    let mut attempted = Vec::new();
    {
        let mut store = Store::open(&path).unwrap();
        fault_vfs::track_power();
        fault_vfs::arm_crash(n);
        for i in 0..10 {
            let record = topic(&format!("save {i}"));
            attempted.push(record.uuid());
            let saved = store.insert(record.clone());
            // Reported done to a user who is still there: before the power went.
            if saved.is_ok() && !fault_vfs::has_crashed() {
                acknowledged.push(record.uuid());
            }
        }
        fault_vfs::disarm();
        fault_vfs::crash();
    }
    let crashed_in_time = acknowledged.len() < 10;
    fault_vfs::power_back();
    let store = Store::open(&path).expect("reopens after the power cut");
    let report = store.check().unwrap();
    assert!(
        report.problems.is_empty(),
        "cut at {n}: {:?}",
        report.problems
    );
    let found: Vec<uuid::Uuid> = attempted
        .into_iter()
        .filter(|u| store.get(*u).is_ok_and(|r| r.is_some()))
        .collect();
    (acknowledged, found, crashed_in_time)
}

#[test]
fn no_save_reported_done_is_lost_to_a_power_cut_at_any_point() {
    fault_vfs::install();
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("template.db");
    drop(Store::open(&template).unwrap());
    let mut points = 0;
    let mut lost = 0;
    let mut acknowledged_total = 0;
    for n in 1.. {
        let (acknowledged, found, cut) = ten_saves_cut_at(&template, n);
        if !cut {
            break;
        }
        points += 1;
        acknowledged_total += acknowledged.len();
        lost += acknowledged.iter().filter(|u| !found.contains(u)).count();
    }
    eprintln!(
        "power cut: {points} cut points, {acknowledged_total} saves reported done before the cut, {lost} lost"
    );
    assert!(points > 20, "{points}");
    assert_eq!(lost, 0);
}

/// The harness sees a loss when there is one: the same saves through a plain connection with
/// `synchronous = NORMAL` (what Chancery ran before) lose the last ones to a power cut.
#[test]
fn the_power_cut_harness_catches_saves_that_were_not_synced() {
    fault_vfs::install();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plain.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; CREATE TABLE t (x);",
        )
        .unwrap();
    }
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA synchronous = NORMAL;").unwrap();
        fault_vfs::track_power();
        for i in 0..10 {
            conn.execute("INSERT INTO t VALUES (?1)", [i]).unwrap();
        }
        fault_vfs::crash();
    }
    fault_vfs::power_back();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let kept: i64 = conn
        .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
        .unwrap();
    assert!(kept < 10, "all ten kept: the harness would not see a loss");
}
