//! Rolling backups: taken before an import into a file with records and on request, at most
//! seven kept, listed newest first; restoring copies the current file aside first and brings
//! back exactly the backed-up records; the command line does both.

mod common;
use chancery::store::{KEEP_BACKUPS, Store, backups_folder, list_backups};
use common::*;
use std::process::Command;

#[test]
fn an_import_into_a_file_with_records_is_preceded_by_a_backup() {
    let (_dir, path, mut store) = fresh();
    chancery::exchange::import_bundle(&mut store, chancery::exchange::EXAMPLE_BUNDLE).unwrap();
    assert!(
        list_backups(&path).is_empty(),
        "an empty file needs no backup"
    );
    store.import_records(vec![topic("later")]).unwrap();
    let backups = list_backups(&path);
    assert_eq!(backups.len(), 1);
    let opened = path.with_file_name("backup-opened.db");
    chancery::store::extract_backup(&backups[0].path, &opened).unwrap();
    let copy = Store::open(&opened).unwrap();
    assert_eq!(
        copy.counts().unwrap().live(),
        42,
        "the backup holds the file before the import"
    );
}

#[test]
fn only_the_newest_seven_are_kept_and_a_daily_one_is_not_repeated() {
    let (_dir, path, mut store) = fresh();
    store.insert(topic("one")).unwrap();
    assert!(
        store.backup_if_due().unwrap().is_some(),
        "none yet: one is due"
    );
    assert!(
        store.backup_if_due().unwrap().is_none(),
        "taken today already"
    );
    for _ in 0..KEEP_BACKUPS + 3 {
        store.backup().unwrap();
    }
    // The newest seven, and the full backup the deltas among them are read against.
    let backups = list_backups(&path);
    assert_eq!(backups.len(), KEEP_BACKUPS + 1);
    let opened = path.with_file_name("opened.db");
    for backup in &backups {
        let _ = std::fs::remove_file(&opened);
        chancery::store::extract_backup(&backup.path, &opened).unwrap();
        assert_eq!(Store::open(&opened).unwrap().counts().unwrap().live(), 1);
    }
    let taken: Vec<_> = backups.iter().map(|b| b.taken.clone()).collect();
    assert!(
        taken.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {taken:?}"
    );
    // Something a user put in the folder is never deleted.
    std::fs::write(backups_folder(&path).join("mine.txt"), "keep").unwrap();
    store.backup().unwrap();
    assert!(backups_folder(&path).join("mine.txt").exists());
}

#[test]
fn restoring_brings_back_the_records_and_keeps_the_current_file_aside() {
    let (_dir, path, mut store) = with_example();
    let backup = store.backup().unwrap();
    let extra = store.insert(topic("after the backup")).unwrap().uuid();
    let aside = store.restore_backup(&backup.path).unwrap();
    assert_eq!(store.counts().unwrap().live(), 42);
    assert!(store.get(extra).unwrap().is_none());
    assert!(store.check().unwrap().problems.is_empty());
    let opened = path.with_file_name("aside-opened.db");
    chancery::store::extract_backup(&aside.path, &opened).unwrap();
    let kept = Store::open(&opened).unwrap();
    assert!(
        kept.get(extra).unwrap().is_some(),
        "the file as it was is kept"
    );
    // A foreign file is refused and changes nothing.
    let foreign = path.with_file_name("foreign.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        .unwrap();
    let err = store.restore_backup(&foreign).expect_err("refused");
    assert!(
        err.to_string().contains("not a Chancery knowledge base"),
        "{err}"
    );
    assert_eq!(store.counts().unwrap().live(), 42);
}

#[test]
fn the_command_line_backs_up_lists_and_restores() {
    let (_dir, path, store) = with_example();
    drop(store);
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_chancery"))
            .arg("--db")
            .arg(&path)
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["backup"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(text.starts_with("backed up"), "{text}");
    let backup = list_backups(&path)[0].path.clone();
    let listed = String::from_utf8_lossy(&run(&["backup", "--list"]).stdout).into_owned();
    assert!(listed.contains(backup.to_str().unwrap()), "{listed}");
    let mut store = Store::open(&path).unwrap();
    store.insert(topic("extra")).unwrap();
    drop(store);
    let out = run(&["restore", backup.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(Store::open(&path).unwrap().counts().unwrap().live(), 42);
    let out = run(&["restore", "/no/such/backup.db"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no file there"));
}

#[test]
fn a_file_where_the_backups_folder_belongs_is_named_and_nothing_is_lost() {
    let (_dir, path, mut store) = with_example();
    let blocker = backups_folder(&path);
    std::fs::write(&blocker, b"someone's file").unwrap();
    let err = store.backup().unwrap_err().to_string();
    assert!(err.contains("a file has that name"), "{err}");
    assert!(err.contains(".backups"), "{err}");
    assert_eq!(std::fs::read(&blocker).unwrap(), b"someone's file");
    // Reading goes on; an import, which needs its backup first, is refused whole.
    assert_eq!(store.counts().unwrap().live(), 42);
    let err = chancery::exchange::import_bundle(&mut store, chancery::exchange::EXAMPLE_BUNDLE)
        .unwrap_err()
        .to_string();
    assert!(err.contains("a file has that name"), "{err}");
}

#[test]
fn a_command_that_only_reads_never_waits_for_the_daily_backup_and_one_that_writes_takes_it() {
    // At a million statements the daily copy took 49 s before the first `search` of the day.
    let (_dir, path, store) = with_example();
    drop(store);
    for args in [
        &["search", "Lavrov"][..],
        &["check"][..],
        &["duplicates"][..],
        &["export", "--out", "-"][..],
    ] {
        let out = chancery(&path, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert!(list_backups(&path).is_empty(), "{args:?} took a backup");
    }
    let out = chancery(&path, &["search", "Lavrov", "--save", "Lavrov's"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        list_backups(&path).len(),
        1,
        "a command that writes takes it"
    );
    // `backup` takes its own, once.
    let out = chancery(&path, &["backup"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(list_backups(&path).len(), 2);
}

#[test]
fn seven_backups_take_less_room_than_the_file_and_each_restores_its_day() {
    // Seven daily copies of a 2.8 GB file took 18 GB: now one full backup, compressed, and the
    // pages each later day changed.
    let (_dir, path, mut store) = with_example();
    let mut names_at = Vec::new();
    for day in 0..KEEP_BACKUPS {
        store.insert(topic(&format!("day {day}"))).unwrap();
        let taken = store.backup().unwrap();
        names_at.push((taken.path, store.counts().unwrap().live()));
    }
    let file = std::fs::metadata(&path).unwrap().len()
        + std::fs::metadata(path.with_extension("db-wal")).map_or(0, |m| m.len());
    let kept: u64 = list_backups(&path).iter().map(|b| b.bytes).sum();
    assert!(
        kept <= file,
        "{kept} bytes of backups for a {file}-byte file"
    );
    let kinds: Vec<_> = names_at
        .iter()
        .map(|(p, _)| chancery::store::backup_file::header(p).unwrap().kind)
        .collect();
    assert_eq!(kinds[0], chancery::store::backup_file::BackupKind::Full);
    assert!(
        kinds[1..]
            .iter()
            .all(|k| *k == chancery::store::backup_file::BackupKind::Delta)
    );
    // Each holds the records of its day.
    for (n, (backup, live)) in names_at.iter().enumerate() {
        let opened = path.with_file_name(format!("day-{n}.db"));
        chancery::store::extract_backup(backup, &opened).unwrap();
        let copy = Store::open(&opened).unwrap();
        assert_eq!(copy.counts().unwrap().live(), *live, "{}", backup.display());
        assert!(copy.check().unwrap().problems.is_empty());
    }
    // A delta restores (the file as it is goes aside first, as a backup too).
    let (third, live) = &names_at[2];
    store.restore_backup(third).unwrap();
    assert_eq!(store.counts().unwrap().live(), *live);
    assert!(store.check().unwrap().problems.is_empty());
}

#[test]
fn a_plain_copy_restores_and_a_damaged_backup_is_refused_with_nothing_changed() {
    let (_dir, path, mut store) = with_example();
    // A plain SQLite copy, as earlier versions kept them.
    let plain = backups_folder(&path).join("2026-01-02T030405Z.db");
    std::fs::create_dir_all(backups_folder(&path)).unwrap();
    store.backup().unwrap();
    let first = list_backups(&path)[0].path.clone();
    chancery::store::extract_backup(&first, &plain).unwrap();
    assert!(list_backups(&path).iter().any(|b| b.path == plain));
    store.insert(topic("later")).unwrap();
    store.restore_backup(&plain).unwrap();
    assert_eq!(store.counts().unwrap().live(), 42);

    // A delta whose full backup is damaged: refused, the file as it was.
    store.insert(topic("later again")).unwrap();
    let delta = store.backup().unwrap().path;
    assert_eq!(
        chancery::store::backup_file::header(&delta).unwrap().kind,
        chancery::store::backup_file::BackupKind::Delta
    );
    // Cut short (a flipped bit may fall where deflate reads nothing: the pages come back the
    // same, and are restored).
    let bytes = std::fs::read(&first).unwrap();
    std::fs::write(&first, &bytes[..bytes.len() - 100]).unwrap();
    let err = store
        .restore_backup(&delta)
        .expect_err("refused")
        .to_string();
    assert!(err.contains("cannot be read"), "{err}");
    assert_eq!(store.counts().unwrap().live(), 43);
    let leftovers: Vec<_> = std::fs::read_dir(backups_folder(&path))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
