//! Every bad environment gives one readable line and leaves the file untouched: a second
//! writer (waited for, then named), a read-only file or folder (opened read-only: search and
//! export work, writes are refused), a full disk (reads go on), damaged, truncated, empty,
//! foreign files, folders, missing folders, endless and oversized inputs, zip bombs.

mod common;
use chancery::exchange::{Closure, Format, export::write};
use chancery::store::{Store, StoreError};
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// A small tmpfs mounted for one test (root only); unmounted when dropped.
struct Mount {
    dir: tempfile::TempDir,
}

impl Mount {
    fn tmpfs(size: &str) -> Option<Mount> {
        if !is_root() {
            return None;
        }
        let dir = tempfile::tempdir().ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .status()
            .ok()?
            .success();
        ok.then_some(Mount { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn remount_read_only(&self) {
        let ok = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(self.dir.path())
            .status()
            .unwrap()
            .success();
        assert!(ok, "remount read-only");
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
fn exporting_onto_the_knowledge_base_from_the_command_line_fails_and_keeps_it() {
    let (_dir, path, store) = with_example();
    drop(store);
    let out = chancery(&path, &["export", "--out", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let message = stderr(&out);
    assert_eq!(message.trim().lines().count(), 1, "{message}");
    assert!(message.contains("open knowledge base"), "{message}");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.counts().unwrap().live(), 42);
    assert!(store.saved_searches().is_ok());
}

#[test]
fn ten_parallel_imports_wait_for_each_other_and_all_succeed() {
    let (dir, path, store) = fresh();
    drop(store);
    let bundles: Vec<PathBuf> = (0..10)
        .map(|i| {
            let (_d, _p, mut one) = fresh();
            one.insert(topic(&format!("topic {i}"))).unwrap();
            let bundle = dir.path().join(format!("b{i}.json"));
            write(
                &one,
                chancery::exchange::export::gather(&one, None, Closure::None).unwrap(),
                Format::Bundle,
                &bundle,
                false,
            )
            .unwrap();
            bundle
        })
        .collect();
    let children: Vec<_> = bundles
        .iter()
        .map(|b| {
            Command::new(env!("CARGO_BIN_EXE_chancery"))
                .arg("--db")
                .arg(&path)
                .arg("import")
                .arg(b)
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    assert_eq!(Store::open(&path).unwrap().counts().unwrap().live(), 10);
}

#[test]
fn a_write_waits_for_another_writer_and_then_goes_through() {
    let (_dir, path, mut store) = fresh();
    let blocker = rusqlite::Connection::open(&path).unwrap();
    blocker.execute_batch("BEGIN IMMEDIATE").unwrap();
    let release = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(700));
        blocker.execute_batch("COMMIT").unwrap();
    });
    store.insert(topic("waited")).unwrap();
    release.join().unwrap();
    assert_eq!(store.counts().unwrap().live(), 1);
}

#[test]
fn a_writer_that_holds_the_file_too_long_is_named_and_nothing_is_written() {
    let (_dir, path, mut store) = fresh();
    let blocker = rusqlite::Connection::open(&path).unwrap();
    blocker.execute_batch("BEGIN IMMEDIATE").unwrap();
    let err = store.insert(topic("refused")).expect_err("busy");
    assert!(matches!(err, StoreError::Locked { .. }), "{err}");
    assert!(err.to_string().contains("busy"), "{err}");
    blocker.execute_batch("ROLLBACK").unwrap();
    assert_eq!(store.counts().unwrap().live(), 0);
}

#[test]
fn endless_and_oversized_inputs_are_refused_before_reading() {
    let (dir, path, store) = fresh();
    drop(store);
    let out = chancery(&path, &["import", "/dev/zero"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not a regular file"),
        "{}",
        stderr(&out)
    );

    // A bundle of any size is read as a stream: a huge file that is not JSON is refused at
    // its first byte, not after reading it.
    let huge = dir.path().join("huge.json");
    let file = std::fs::File::create(&huge).unwrap();
    file.set_len((1 << 32) + 1).unwrap(); // sparse: nothing is really written
    let out = chancery(&path, &["import", huge.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not valid JSON") && stderr(&out).contains("column 1"),
        "{}",
        stderr(&out)
    );

    // One record may not fill memory: past 64 MiB it is refused, naming it.
    let fat = dir.path().join("fat.json");
    {
        use std::io::Write;
        let mut out = std::io::BufWriter::new(std::fs::File::create(&fat).unwrap());
        write!(
            out,
            "{{\"format\": \"chancery-bundle\", \"version\": 2, \"topics\": [{{\"name\": \""
        )
        .unwrap();
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..65 {
            out.write_all(&chunk).unwrap();
        }
        write!(out, "\"}}]}}").unwrap();
    }
    let out = chancery(&path, &["import", fat.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("topics[0]: it is larger than the 64 MiB one record may take"),
        "{}",
        stderr(&out)
    );
    assert_eq!(Store::open(&path).unwrap().counts().unwrap().live(), 0);
}

#[test]
fn a_zip_bomb_is_refused_naming_the_limit_and_unknown_entries_are_not_read() {
    let (dir, _path, store) = with_example();
    let zip_path = dir.path().join("export.zip");
    write(
        &store,
        chancery::exchange::export::gather(&store, None, Closure::None).unwrap(),
        Format::Csv,
        &zip_path,
        false,
    )
    .unwrap();
    // Add an entry the reader must not touch: 64 MiB of zeros under a foreign name.
    let rebuilt = dir.path().join("with-junk.zip");
    let bomb = dir.path().join("bomb.zip");
    {
        let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
        let mut junk = zip::ZipWriter::new(std::fs::File::create(&rebuilt).unwrap());
        let mut boom = zip::ZipWriter::new(std::fs::File::create(&bomb).unwrap());
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let zeros = vec![0u8; 64 << 20];
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).unwrap();
            let name = entry.name().unwrap().to_string();
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
            junk.start_file(name.as_str(), options).unwrap();
            std::io::Write::write_all(&mut junk, &bytes).unwrap();
            boom.start_file(name.as_str(), options).unwrap();
            if name == "actors.csv" {
                std::io::Write::write_all(&mut boom, &bytes).unwrap();
                std::io::Write::write_all(&mut boom, &zeros).unwrap();
            } else {
                std::io::Write::write_all(&mut boom, &bytes).unwrap();
            }
        }
        junk.start_file("junk.bin", options).unwrap();
        std::io::Write::write_all(&mut junk, &zeros).unwrap();
        junk.finish().unwrap();
        boom.finish().unwrap();
    }
    let records = chancery::exchange::csv_files::read_zip(&rebuilt).unwrap();
    assert_eq!(records.len(), 42);
    let err = chancery::exchange::csv_files::read_zip(&bomb).expect_err("refused");
    let message = err.to_string();
    assert!(
        message.contains("actors.csv") && message.contains("100 times"),
        "{message}"
    );
}

#[test]
fn import_errors_say_their_cause_once() {
    let (dir, path, store) = fresh();
    drop(store);
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{ not json").unwrap();
    let out = chancery(&path, &["import", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let message = stderr(&out);
    assert_eq!(message.matches("not valid JSON").count(), 1, "{message}");
    assert_eq!(
        message.matches("nothing was imported").count(),
        1,
        "{message}"
    );
}

#[test]
fn bad_files_give_one_line_and_stay_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (_d, good, store) = with_example();
    drop(store);
    let whole = std::fs::read(&good).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.db", Vec::new(), "empty"),
        (
            "truncated.db",
            whole[..whole.len() / 3].to_vec(),
            "not a readable knowledge base",
        ),
        (
            "text.db",
            b"just some notes\n".repeat(400),
            "not a readable knowledge base",
        ),
        (
            "damaged.db",
            {
                let mut d = whole.clone();
                for b in d.iter_mut().skip(4096).take(8192) {
                    *b = 0x5a;
                }
                d
            },
            "not a readable knowledge base",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let out = chancery(&path, &["search", "x"]);
        let message = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{name}: {message}");
        assert_eq!(message.trim().lines().count(), 1, "{name}: {message}");
        assert!(message.contains(expected), "{name}: {message}");
        assert!(std::fs::read(&path).unwrap() == bytes, "{name} was changed");
    }
    let out = chancery(dir.path(), &["check"]);
    assert!(stderr(&out).contains("is a folder"), "{}", stderr(&out));
    let missing = dir.path().join("no/such/folder/kb.db");
    let out = chancery(&missing, &["search", "x"]);
    assert!(
        stderr(&out).contains("there is no knowledge base"),
        "{}",
        stderr(&out)
    );
    assert!(
        !dir.path().join("no").exists(),
        "a read command must not create folders"
    );
}

/// Puts the example knowledge base in a folder that cannot be written: a read-only tmpfs as
/// root (root ignores permissions), else a folder and file without write permission.
fn read_only_example() -> Option<(Option<Mount>, tempfile::TempDir, PathBuf)> {
    let (_d, good, store) = with_example();
    drop(store);
    let holder = tempfile::tempdir().unwrap();
    if is_root() {
        let mount = Mount::tmpfs("16m")?;
        let path = mount.path().join("kb.db");
        std::fs::copy(&good, &path).unwrap();
        mount.remount_read_only();
        Some((Some(mount), holder, path))
    } else {
        use std::os::unix::fs::PermissionsExt;
        let path = holder.path().join("kb.db");
        std::fs::copy(&good, &path).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        std::fs::set_permissions(holder.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
        Some((None, holder, path))
    }
}

#[test]
fn a_read_only_file_opens_read_only_searches_exports_and_refuses_writes() {
    let Some((_mount, _holder, path)) = read_only_example() else {
        eprintln!("cannot make a read-only folder here; skipped");
        return;
    };
    let mut store = Store::open(&path).expect("opens read-only");
    assert!(store.read_only().is_some());
    assert_eq!(store.counts().unwrap().live(), 42);
    let report = store.check().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let err = store.insert(topic("nope")).expect_err("refused");
    assert!(err.to_string().contains("read-only"), "{err}");
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("all.json");
    write(
        &store,
        chancery::exchange::export::gather(&store, None, Closure::None).unwrap(),
        Format::Bundle,
        &out,
        false,
    )
    .unwrap();
    assert!(out.exists());
    drop(store);
    let found = chancery(&path, &["search", "Lavrov"]);
    assert!(found.status.success(), "{}", stderr(&found));
    assert!(stderr(&found).contains("read-only"));
    let check = chancery(&path, &["check"]);
    assert!(
        check.status.success(),
        "check must not report a problem: {}",
        stderr(&check)
    );
    // The window opens it too, says so, and refuses changes with the reason.
    let app = chancery::app::App::open(&path, std::sync::Arc::new(|| {})).expect("opens");
    assert!(app.read_only().is_some());
    let refused =
        app.can(&chancery::app::FormCommand::NewRecord(chancery::model::RecordKind::Actor).into());
    assert!(refused.is_err_and(|r| r.as_str().contains("read-only")));
    assert!(
        app.can(&chancery::app::ListCommand::SetSearchText("Lavrov".into()).into())
            .is_ok()
    );
}

#[test]
fn a_full_disk_refuses_the_write_and_reads_go_on() {
    let Some(mount) = Mount::tmpfs("2m") else {
        eprintln!("cannot mount a small disk here (not root); skipped");
        return;
    };
    let path = mount.path().join("kb.db");
    let mut store = Store::open(&path).unwrap();
    chancery::exchange::import_bundle(&mut store, chancery::exchange::EXAMPLE_BUNDLE).unwrap();
    // Fill the disk with one import far larger than it.
    let filler: Vec<_> = (0..4000)
        .map(|i| statement(&format!("{i} {}", "padding words ".repeat(40)), None, None))
        .collect();
    let err = store.import_records(filler).expect_err("the disk is full");
    assert!(err.to_string().contains("disk is full"), "{err}");
    assert_eq!(
        store.counts().unwrap().live(),
        42,
        "reads go on, nothing half-written"
    );
    drop(store);
    let _ = std::fs::remove_dir_all(mount.path().join("kb.db.backups"));
    let store = Store::open(&path).unwrap();
    assert!(store.check().unwrap().problems.is_empty());
}
