//! Starting a team: publishing an open knowledge base into an empty PostgreSQL database
//! (`team init`: the schema and every record in one transaction, by `COPY`), and making a new
//! working copy of a team's knowledge base (`team join`: one consistent snapshot of the server
//! streamed into a bundle beside the new file, then imported on the import's bulk road).

use super::TeamError;
use super::address::{connect, without_password};
use super::server;
use crate::exchange::{BundleWriter, ImportStep, import_path_with_progress, section_kinds};
use crate::model::judgement::Judgement;
use crate::store::{ImportOptions, JUDGEMENT_KIND, Store, server_doc};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// What `share` published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareReport {
    pub records: u64,
    pub judgements: u64,
    /// The address stored in the file (without a password).
    pub address: String,
    pub author: String,
}

/// Where a join stands: reading the server's snapshot, then importing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinStep {
    /// Records read from the server, of how many.
    Downloading {
        done: u64,
        total: u64,
    },
    Importing(ImportStep),
}

impl JoinStep {
    /// In words: "Reading the team's records: 12,000 of 140,000".
    pub fn text(&self) -> String {
        match self {
            JoinStep::Downloading { done, total } => format!(
                "Reading the team's records: {} of {}",
                crate::model::record::grouped(*done),
                crate::model::record::grouped(*total)
            ),
            JoinStep::Importing(step) => step.text(),
        }
    }

    /// How far the whole join is, 0 to 1: reading is its first fifth.
    pub fn fraction(&self) -> f32 {
        match self {
            JoinStep::Downloading { done, total } => {
                0.2 * (*done as f32 / (*total).max(1) as f32).min(1.0)
            }
            JoinStep::Importing(step) => 0.2 + 0.8 * step.fraction(),
        }
    }
}

/// What `join` made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinReport {
    pub path: PathBuf,
    pub records: u64,
    pub author: String,
    pub can_write: bool,
}

/// Publishes the open knowledge base as a new team at `address` (an empty database): the
/// server's schema and every record, Trash included, with the duplicate judgements, all in
/// one transaction; then the file becomes the team's first working copy.
pub fn share(store: &mut Store, address: &str) -> Result<ShareReport, TeamError> {
    if store.team_link()?.is_some() {
        return Err(TeamError::Refused(
            "this knowledge base is shared with a team already (`chancery team status`)".into(),
        ));
    }
    if let Some(reason) = store.read_only() {
        return Err(TeamError::Refused(format!(
            "the knowledge base is open read-only ({reason}); nothing was shared"
        )));
    }
    let stored = without_password(address)?;
    let mut client = connect(address)?;
    let (author, can_write) = server::role(&mut client).or_else(|_| -> Result<_, TeamError> {
        let row = client.query_one("SELECT session_user::text", &[])?;
        Ok((row.get(0), true))
    })?;
    if !can_write {
        return Err(TeamError::Refused(format!(
            "the role {author} may not write to the team's server"
        )));
    }
    let mark = store.change_mark()?;
    server::create_schema_in_transaction_then(&mut client, |tx| {
        let mut copy = tx.copy_in("COPY record (uuid, kind, doc, trashed) FROM STDIN")?;
        let mut records = 0u64;
        let mut line = String::new();
        let mut failed: Option<std::io::Error> = None;
        store.for_each_record::<TeamError>(&section_kinds(), &mut |record| {
            line.clear();
            let trashed = record.meta().deleted_at.is_some();
            copy_line(
                &mut line,
                &record.uuid().to_string(),
                record.kind().as_str(),
                &server_doc(&record),
                trashed,
            );
            if let Err(e) = copy.write_all(line.as_bytes()) {
                failed = Some(e);
                return Err(TeamError::Io("the server stopped taking records".into()));
            }
            records += 1;
            Ok(())
        })?;
        let mut judgements = 0u64;
        for judgement in store.judgements(true)? {
            let doc = serde_json::to_value(&judgement).map_err(|e| TeamError::Io(e.to_string()))?;
            line.clear();
            copy_line(
                &mut line,
                &judgement.uuid.to_string(),
                JUDGEMENT_KIND,
                &doc,
                judgement.deleted_at.is_some(),
            );
            copy.write_all(line.as_bytes())
                .map_err(|e| TeamError::Io(format!("the server stopped taking records: {e}")))?;
            judgements += 1;
        }
        if let Some(e) = failed {
            return Err(TeamError::Io(e.to_string()));
        }
        copy.finish()?;
        let copied_at = server::newest_version(tx)?;
        Ok((records, judgements, copied_at))
    })
    .and_then(|(records, judgements, copied_at)| {
        store.link_team_after(&stored, copied_at, &author, Some(mark))?;
        Ok(ShareReport {
            records,
            judgements,
            address: stored,
            author,
        })
    })
}

/// One row of `COPY … FROM STDIN` in text form: tab-separated, backslashes doubled (compact
/// JSON has no raw tab or newline).
fn copy_line(out: &mut String, uuid: &str, kind: &str, doc: &serde_json::Value, trashed: bool) {
    out.push_str(uuid);
    out.push('\t');
    out.push_str(kind);
    out.push('\t');
    out.push_str(&doc.to_string().replace('\\', "\\\\"));
    out.push('\t');
    out.push_str(if trashed { "t" } else { "f" });
    out.push('\n');
}

/// Makes `path` a new working copy of the team at `address`: one snapshot of the server read
/// into a bundle in the new file's folder, imported (with `progress`), then linked. The file
/// must not exist; if anything fails, it is removed again, so nothing is left half made.
pub fn join(
    address: &str,
    path: &Path,
    progress: &mut dyn FnMut(JoinStep) -> bool,
) -> Result<JoinReport, TeamError> {
    if path.exists() {
        return Err(TeamError::Refused(format!(
            "{} exists already; join into a new file",
            path.display()
        )));
    }
    let stored = without_password(address)?;
    let mut client = connect(address)?;
    server::check_team(&mut client)?;
    let (author, can_write) = server::role(&mut client)?;
    let folder = match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(folder) => folder.to_path_buf(),
        None => PathBuf::from("."),
    };
    std::fs::create_dir_all(&folder).map_err(|e| {
        TeamError::Io(format!(
            "cannot create the folder {}: {e}",
            folder.display()
        ))
    })?;
    let bundle = tempfile::Builder::new()
        .prefix(".chancery-join-")
        .suffix(".json")
        .tempfile_in(&folder)
        .map_err(|e| TeamError::Io(format!("cannot write in {}: {e}", folder.display())))?;
    let (copied_at, records) = download(&mut client, bundle.as_file(), progress)?;
    let made = (|| -> Result<(), TeamError> {
        let mut store = Store::open(path)?;
        import_path_with_progress(
            &mut store,
            bundle.path(),
            ImportOptions::default(),
            &mut |step| progress(JoinStep::Importing(step)),
        )?;
        store.link_team(&stored, copied_at, &author)?;
        if !can_write {
            store.note_team_contact(None, Some(&author), Some(false))?;
        }
        Ok(())
    })();
    if let Err(e) = made {
        for leftover in [
            path.to_path_buf(),
            with_suffix(path, "-wal"),
            with_suffix(path, "-shm"),
        ] {
            let _ = std::fs::remove_file(leftover);
        }
        return Err(e);
    }
    Ok(JoinReport {
        path: path.to_path_buf(),
        records,
        author,
        can_write,
    })
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Reads one snapshot of the server into a bundle: each kind's records in the bundle's
/// section order (records refer to those before them), then the judgements. Returns the
/// snapshot's newest version and how many records it held.
fn download(
    client: &mut postgres::Client,
    file: &std::fs::File,
    progress: &mut dyn FnMut(JoinStep) -> bool,
) -> Result<(i64, u64), TeamError> {
    let mut tx = client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()?;
    let copied_at = server::newest_version(&mut tx)?;
    let io = |e: std::io::Error| TeamError::Io(format!("cannot write the downloaded records: {e}"));
    let mut writer = BundleWriter::begin(BufWriter::with_capacity(1 << 20, file)).map_err(io)?;
    let total: i64 = tx.query_one("SELECT count(*) FROM record", &[])?.get(0);
    let total = total as u64;
    let mut records = 0u64;
    for kind in section_kinds() {
        let rows = tx.query_raw(
            "SELECT doc::text FROM record WHERE kind = $1",
            [kind.as_str()],
        )?;
        let mut rows = rows;
        while let Some(row) = postgres::fallible_iterator::FallibleIterator::next(&mut rows)? {
            let text: &str = row.get(0);
            writer.raw_record(kind, text).map_err(io)?;
            records += 1;
            if records.is_multiple_of(1_000)
                && !progress(JoinStep::Downloading {
                    done: records,
                    total,
                })
            {
                return Err(TeamError::Refused(
                    "the join was stopped; nothing was made".into(),
                ));
            }
        }
    }
    let judgements: Vec<Judgement> = tx
        .query("SELECT doc FROM record WHERE kind = $1", &[&JUDGEMENT_KIND])?
        .into_iter()
        .filter_map(|row| serde_json::from_value(row.get(0)).ok())
        .collect();
    tx.commit()?;
    let mut out = writer
        .end_with(&judgements, &Default::default())
        .map_err(io)?;
    out.flush().map_err(io)?;
    Ok((copied_at, records))
}
