//! Exports never destroy anything and carry nothing hostile: the knowledge base, its companion
//! files, links, pipes, devices and foreign folders are refused as targets (the file stays
//! byte for byte); a folder export is replaced whole; CSV cells that spreadsheets would run are
//! neutralised; the briefing escapes Markdown and HTML.

mod common;
use chancery::exchange::export::write;
use chancery::exchange::{Closure, Format, csv_files};
use chancery::model::{ActorKind, Record};
use chancery::store::Store;
use common::*;
use std::path::Path;

fn all(store: &Store) -> Vec<Record> {
    chancery::exchange::export::gather(store, None, Closure::None).unwrap()
}

fn export_err(store: &Store, format: Format, out: &Path) -> String {
    write(store, all(store), format, out, false)
        .err()
        .unwrap_or_else(|| panic!("exporting to {} should be refused", out.display()))
        .to_string()
}

#[test]
fn exporting_onto_the_knowledge_base_or_its_files_is_refused_and_changes_nothing() {
    let (dir, path, store) = with_example();
    drop(store);
    let before = std::fs::read(&path).unwrap();
    let store = Store::open(&path).unwrap();
    for format in [
        Format::Bundle,
        Format::Markdown,
        Format::Graphml,
        Format::Csv,
    ] {
        let message = export_err(&store, format, &path);
        assert!(message.contains("open knowledge base"), "{message}");
    }
    for companion in ["kb.db-wal", "kb.db-shm", "kb.db-journal", "kb.db.v1.backup"] {
        let message = export_err(&store, Format::Bundle, &dir.path().join(companion));
        assert!(
            message.contains("open knowledge base"),
            "{companion}: {message}"
        );
    }
    // Through another route to the same file: a relative path with "..", and a hard link.
    let roundabout = dir.path().join("sub/../kb.db");
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    assert!(export_err(&store, Format::Bundle, &roundabout).contains("open knowledge base"));
    let hard = dir.path().join("hard.json");
    std::fs::hard_link(&path, &hard).unwrap();
    assert!(export_err(&store, Format::Bundle, &hard).contains("open knowledge base"));
    // Into the backups.
    let backup = store.backup().unwrap();
    assert!(export_err(&store, Format::Markdown, &backup.path).contains("open knowledge base"));
    drop(store);
    assert!(
        std::fs::read(&path).unwrap() == before,
        "the file must not change"
    );
}

#[cfg(unix)]
#[test]
fn links_pipes_devices_folders_and_databases_are_refused_as_targets() {
    let (dir, _path, store) = with_example();
    let real = dir.path().join("real.json");
    std::fs::write(&real, "precious").unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    assert!(export_err(&store, Format::Bundle, &link).contains("symbolic link"));
    assert_eq!(std::fs::read_to_string(&real).unwrap(), "precious");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );

    let fifo = dir.path().join("pipe");
    make_fifo(&fifo);
    assert!(export_err(&store, Format::Markdown, &fifo).contains("not a regular file"));

    assert!(
        export_err(&store, Format::Bundle, Path::new("/dev/null")).contains("not a regular file")
    );

    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    assert!(export_err(&store, Format::Graphml, &folder).contains("is a folder"));

    let other_db = dir.path().join("other.db");
    drop(Store::open(&other_db).unwrap());
    assert!(export_err(&store, Format::Bundle, &other_db).contains("is a database"));

    let missing = dir.path().join("no/such/folder/out.md");
    assert!(export_err(&store, Format::Markdown, &missing).contains("does not exist"));
}

#[test]
fn a_csv_export_replaces_an_earlier_export_whole_but_never_a_foreign_folder() {
    let (dir, _path, store) = with_example();
    let out = dir.path().join("csv");
    write(&store, all(&store), Format::Csv, &out, false).unwrap();
    // Make the earlier export stale: a row that the new export does not have.
    let actors = out.join("actors.csv");
    let mut stale = std::fs::read_to_string(&actors).unwrap();
    stale.push_str("stale,row\n");
    std::fs::write(&actors, stale).unwrap();
    write(&store, all(&store), Format::Csv, &out, false).unwrap();
    assert!(
        !std::fs::read_to_string(&actors)
            .unwrap()
            .contains("stale,row")
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left: {leftovers:?}"
    );

    let notes = dir.path().join("notes");
    std::fs::create_dir(&notes).unwrap();
    std::fs::write(notes.join("diary.txt"), "mine").unwrap();
    let message = export_err(&store, Format::Csv, &notes);
    assert!(message.contains("diary.txt"), "{message}");
    assert_eq!(
        std::fs::read_to_string(notes.join("diary.txt")).unwrap(),
        "mine"
    );
    assert!(!notes.join("actors.csv").exists());
}

fn hostile_store() -> (tempfile::TempDir, std::path::PathBuf, Store) {
    let (dir, path, mut store) = fresh();
    let mut a = actor(
        "=HYPERLINK(\"http://evil.example\",\"click\")",
        ActorKind::Person,
    );
    if let Record::Actor(actor) = &mut a {
        actor.description = "-2+3+cmd|' /C calc'!A0".into();
    }
    let speaker = store.insert(a).unwrap().uuid();
    store
        .insert(statement(
            "<script>alert(1)</script> [click](javascript:alert(1))\n# Injected heading\n- injected item\n    code",
            Some(speaker),
            None,
        ))
        .unwrap();
    store.insert(actor("@SUM(1+1)", ActorKind::Person)).unwrap();
    store.insert(actor("+1 -33.5", ActorKind::Person)).unwrap();
    (dir, path, store)
}

#[test]
fn csv_cells_that_spreadsheets_would_run_are_neutralised_and_read_back_unchanged() {
    let (dir, _path, store) = hostile_store();
    let out = dir.path().join("csv");
    write(&store, all(&store), Format::Csv, &out, false).unwrap();
    let actors = std::fs::read_to_string(out.join("actors.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(actors.as_bytes());
    for row in reader.records() {
        for cell in row.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a cell starts like a formula: {cell:?}"
            );
        }
    }
    assert!(actors.contains("'=HYPERLINK"), "{actors}");
    let mut back = csv_files::read_folder(&out).unwrap();
    let mut original = all(&store);
    back.sort_by_key(Record::uuid);
    original.sort_by_key(Record::uuid);
    assert_eq!(back, original);
}

#[test]
fn the_briefing_escapes_html_links_headings_and_list_items() {
    let (dir, _path, store) = hostile_store();
    let out = dir.path().join("brief.md");
    write(&store, all(&store), Format::Markdown, &out, false).unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    // The export's own mark comes first (an HTML comment); nothing from the records is HTML.
    let text = text
        .strip_prefix(chancery::exchange::EXPORT_MARK)
        .expect("the export mark comes first");
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let mut headings = 0;
    for event in Parser::new_ext(text, Options::all()) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML passed through: {h}"),
            Event::Start(Tag::Link { dest_url, .. }) => panic!("a link was injected: {dest_url}"),
            Event::Start(Tag::Heading { .. }) => headings += 1,
            Event::Start(Tag::CodeBlock(_)) => panic!("a code block was injected"),
            Event::Start(Tag::List(_)) => panic!("a list was injected"),
            _ => {}
        }
    }
    // Title, "Statements", and the one statement.
    assert_eq!(headings, 3, "{text}");
    assert!(
        text.contains("Injected heading"),
        "the words themselves are kept"
    );
}

#[test]
fn duplicate_uuids_in_csv_are_refused_and_nothing_is_imported() {
    let (dir, _path, store) = with_example();
    let out = dir.path().join("csv");
    write(&store, all(&store), Format::Csv, &out, false).unwrap();
    let actors = out.join("actors.csv");
    let text = std::fs::read_to_string(&actors).unwrap();
    let first_row = text.lines().nth(1).unwrap().to_string();
    std::fs::write(&actors, format!("{text}{first_row}\n")).unwrap();
    let (_d2, _p2, mut target) = fresh();
    let err = chancery::exchange::import_path(&mut target, &out, Default::default())
        .expect_err("refused");
    assert!(err.to_string().contains("appears twice"), "{err}");
    assert_eq!(target.counts().unwrap().live(), 0);
}

#[test]
fn a_folder_missing_one_of_its_files_is_refused() {
    let (dir, _path, store) = with_example();
    let out = dir.path().join("csv");
    write(&store, all(&store), Format::Csv, &out, false).unwrap();
    std::fs::remove_file(out.join("aliases.csv")).unwrap();
    let (_d2, _p2, mut target) = fresh();
    let err = chancery::exchange::import_path(&mut target, &out, Default::default())
        .expect_err("refused");
    assert!(err.to_string().contains("aliases.csv"), "{err}");
    assert_eq!(target.counts().unwrap().live(), 0);
}

#[test]
fn an_export_replaces_only_what_an_export_wrote_unless_forced() {
    let (dir, path, store) = with_example();
    for (format, name) in [
        (Format::Bundle, "out.json"),
        (Format::Markdown, "out.md"),
        (Format::Graphml, "out.graphml"),
        (Format::Csv, "out.zip"),
    ] {
        let out = dir.path().join(name);
        // A file the user wrote is never replaced, and says why.
        std::fs::write(&out, b"my own notes, not an export").unwrap();
        let message = export_err(&store, format, &out);
        assert!(
            message.contains("not written by a Chancery export"),
            "{message}"
        );
        assert_eq!(std::fs::read(&out).unwrap(), b"my own notes, not an export");
        // An export's own file is replaced by the next export.
        std::fs::remove_file(&out).unwrap();
        write(&store, all(&store), format, &out, false).unwrap();
        write(&store, all(&store), format, &out, false)
            .unwrap_or_else(|e| panic!("{name} written again: {e}"));
    }
    // Notes that only quote the mark or a bundle's header are not an export.
    let quoting = dir.path().join("quoting.md");
    std::fs::write(
        &quoting,
        format!(
            "My notes\nthe export writes {} first, and bundles say \"format\": \"chancery-bundle\"\n",
            chancery::exchange::EXPORT_MARK
        ),
    )
    .unwrap();
    let message = export_err(&store, Format::Markdown, &quoting);
    assert!(
        message.contains("not written by a Chancery export"),
        "{message}"
    );
    // The command line says so in one line, and replaces it with --force.
    drop(store);
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, b"my notes").unwrap();
    let out = chancery(&path, &["export", "--out", notes.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim_end().lines().count(),
        1,
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&notes).unwrap(), b"my notes");
    let out = chancery(
        &path,
        &["export", "--force", "--out", notes.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        std::fs::read_to_string(&notes)
            .unwrap()
            .contains("chancery-bundle")
    );
}
