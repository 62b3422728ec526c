//! CSV export: one file per record kind, plus `aliases.csv`, `participants.csv`,
//! `topic_tags.csv` and `citations.csv` for the lists inside records, and `links.csv`, in a
//! folder or a single zip. RFC 4180 through the `csv` crate, UTF-8 (optionally with a
//! byte-order mark for spreadsheet programs), references as uuids with a readable name column
//! beside each. Both forms read back into records.

use super::cells;
use super::files::{write_atomically, write_folder_whole};
use super::names::Names;
use super::target::CSV_FILES;
use crate::model::{PartialDate, Record, RecordKind, Role};
use std::path::Path;

/// Between a participant's roles in `participants.csv`: `visitor;head_of_delegation`.
const ROLE_SEPARATOR: &str = ";";

/// One CSV file: a name and its rows (the first row is the header).
pub struct Table {
    pub file: &'static str,
    pub rows: Vec<Vec<String>>,
}

fn table<S: AsRef<str>>(file: &'static str, header: &[S]) -> Table {
    Table {
        file,
        rows: vec![header.iter().map(|h| h.as_ref().to_string()).collect()],
    }
}

fn date(d: &Option<PartialDate>) -> String {
    d.as_ref().map(|d| d.edtf()).unwrap_or_default()
}

fn date_text(d: &Option<PartialDate>) -> String {
    d.as_ref()
        .and_then(|d| d.text().map(str::to_string))
        .unwrap_or_default()
}

/// The tables for `records`, in a fixed order, rows ordered by uuid.
pub fn tables(records: &[Record], names: &Names) -> Vec<Table> {
    const COMMON: [&str; 5] = ["uuid", "created_at", "updated_at", "deleted_at", "notes"];
    // The columns every table has, the kind's own, then its plain fields.
    let with_common = |kind: RecordKind, own: &[&str]| -> Vec<String> {
        let plain = crate::model::plain_fields(kind).iter().map(|f| &f.key);
        COMMON
            .iter()
            .chain(own)
            .chain(plain)
            .map(|s| s.to_string())
            .collect()
    };
    let mut actors = table(
        "actors.csv",
        &with_common(RecordKind::Actor, &["kind", "name", "description"]),
    );
    let mut meetings = table(
        "meetings.csv",
        &with_common(
            RecordKind::Meeting,
            &[
                "title",
                "kind",
                "date",
                "date_text",
                "end_date",
                "end_date_text",
                "place",
                "place_name",
                "summary",
            ],
        ),
    );
    let mut statements = table(
        "statements.csv",
        &with_common(
            RecordKind::Statement,
            &[
                "text",
                "kind",
                "speaker",
                "speaker_name",
                "meeting",
                "meeting_title",
                "date",
                "date_text",
                "lang",
                "hedge",
            ],
        ),
    );
    let mut sources = table(
        "sources.csv",
        &with_common(
            RecordKind::Source,
            &[
                "title",
                "kind",
                "outlet",
                "url",
                "author",
                "published",
                "published_text",
                "accessed",
                "reliability",
                "text",
            ],
        ),
    );
    let mut places = table(
        "places.csv",
        &with_common(
            RecordKind::Place,
            &["name", "parent", "parent_name", "lat", "lon"],
        ),
    );
    let mut topics = table("topics.csv", &with_common(RecordKind::Topic, &["name"]));
    let mut links = table(
        "links.csv",
        &with_common(
            RecordKind::Link,
            &[
                "from",
                "from_name",
                "relation",
                "to",
                "to_name",
                "date_from",
                "date_to",
            ],
        ),
    );
    let mut aliases = table(
        "aliases.csv",
        &["actor", "actor_name", "name", "kind", "lang"],
    );
    let mut participants = table(
        "participants.csv",
        &[
            "meeting",
            "meeting_title",
            "actor",
            "actor_name",
            "roles",
            "title_at_time",
            "represents",
            "represents_name",
        ],
    );
    let mut tags = table(
        "topic_tags.csv",
        &["record", "record_title", "topic", "topic_name"],
    );
    let mut citations = table(
        "citations.csv",
        &[
            "record",
            "record_title",
            "source",
            "source_title",
            "locator",
            "excerpt",
            "credibility",
            "via",
            "via_title",
        ],
    );

    let mut sorted: Vec<&Record> = records.iter().collect();
    sorted.sort_by_key(|r| (r.kind(), r.uuid()));
    let opt = |u: Option<uuid::Uuid>| u.map(|u| u.to_string()).unwrap_or_default();
    for r in sorted {
        let m = r.meta();
        let me = r.uuid();
        let mut row = vec![
            me.to_string(),
            m.created_at.to_string(),
            m.updated_at.to_string(),
            m.deleted_at.map(|t| t.to_string()).unwrap_or_default(),
            m.notes.clone(),
        ];
        match r {
            Record::Actor(a) => {
                row.extend([
                    a.kind.as_str().into(),
                    a.name.clone(),
                    a.description.clone(),
                ]);
                row.extend(plain_cells(r));
                actors.rows.push(row);
                for x in &a.aliases {
                    aliases.rows.push(vec![
                        me.to_string(),
                        a.name.clone(),
                        x.name.clone(),
                        x.kind.as_str().into(),
                        x.lang.clone(),
                    ]);
                }
            }
            Record::Meeting(x) => {
                row.extend([
                    x.title.clone(),
                    x.kind.as_str().into(),
                    date(&x.date),
                    date_text(&x.date),
                    date(&x.end_date),
                    date_text(&x.end_date),
                    opt(x.place),
                    names.label_opt(x.place),
                    x.summary.clone(),
                ]);
                row.extend(plain_cells(r));
                meetings.rows.push(row);
                for p in &x.participants {
                    participants.rows.push(vec![
                        me.to_string(),
                        x.title.clone(),
                        p.actor.to_string(),
                        names.label(p.actor),
                        p.roles
                            .iter()
                            .map(|r| r.as_str())
                            .collect::<Vec<_>>()
                            .join(ROLE_SEPARATOR),
                        p.title_at_time.clone(),
                        opt(p.represents),
                        names.label_opt(p.represents),
                    ]);
                }
            }
            Record::Statement(x) => {
                row.extend([
                    x.text.clone(),
                    x.kind.as_str().into(),
                    opt(x.speaker),
                    names.label_opt(x.speaker),
                    opt(x.meeting),
                    names.label_opt(x.meeting),
                    date(&x.date),
                    date_text(&x.date),
                    x.lang.clone(),
                    x.hedge.clone(),
                ]);
                row.extend(plain_cells(r));
                statements.rows.push(row);
            }
            Record::Source(x) => {
                row.extend([
                    x.title.clone(),
                    x.kind.as_str().into(),
                    x.outlet.clone(),
                    x.url.clone(),
                    x.author.clone(),
                    date(&x.published),
                    date_text(&x.published),
                    date(&x.accessed),
                    x.reliability
                        .map(|g| g.as_str().to_string())
                        .unwrap_or_default(),
                    x.text.clone(),
                ]);
                row.extend(plain_cells(r));
                sources.rows.push(row);
            }
            Record::Place(x) => {
                row.extend([
                    x.name.clone(),
                    opt(x.parent),
                    names.label_opt(x.parent),
                    x.lat.map(|v| v.to_string()).unwrap_or_default(),
                    x.lon.map(|v| v.to_string()).unwrap_or_default(),
                ]);
                row.extend(plain_cells(r));
                places.rows.push(row);
            }
            Record::Topic(x) => {
                row.push(x.name.clone());
                row.extend(plain_cells(r));
                topics.rows.push(row);
            }
            Record::Link(x) => {
                row.extend([
                    x.from.to_string(),
                    names.label(x.from),
                    x.relation.clone(),
                    x.to.to_string(),
                    names.label(x.to),
                    date(&x.date_from),
                    date(&x.date_to),
                ]);
                row.extend(plain_cells(r));
                links.rows.push(row);
            }
        }
        for t in &m.topics {
            tags.rows.push(vec![
                me.to_string(),
                names.label(me),
                t.to_string(),
                names.label(*t),
            ]);
        }
        for c in &m.citations {
            citations.rows.push(vec![
                me.to_string(),
                names.label(me),
                c.source.to_string(),
                names.label(c.source),
                c.locator.clone(),
                c.excerpt.clone(),
                c.credibility
                    .map(|v| v.value().to_string())
                    .unwrap_or_default(),
                opt(c.via),
                names.label_opt(c.via),
            ]);
        }
    }
    vec![
        actors,
        meetings,
        statements,
        sources,
        places,
        topics,
        links,
        aliases,
        participants,
        tags,
        citations,
    ]
}

/// One table as CSV bytes.
fn encode(table: &Table, bom: bool) -> std::io::Result<Vec<u8>> {
    let mut bytes: Vec<u8> = if bom {
        vec![0xEF, 0xBB, 0xBF]
    } else {
        Vec::new()
    };
    {
        let mut writer = csv::Writer::from_writer(&mut bytes);
        for row in &table.rows {
            let cells = row.iter().map(|cell| cells::neutralise(cell).into_owned());
            writer.write_record(cells).map_err(std::io::Error::other)?;
        }
        writer.flush()?;
    }
    Ok(bytes)
}

/// Writes the tables as files in `folder`, all or nothing: they are written into a new folder
/// beside it, which then takes the place of the old one.
pub fn write_folder(folder: &Path, tables: &[Table], bom: bool) -> std::io::Result<()> {
    let mut files = Vec::with_capacity(tables.len());
    for t in tables {
        files.push((t.file, encode(t, bom)?));
    }
    write_folder_whole(folder, &files)
}

/// Writes the tables into one zip file, atomically. Entries carry a fixed timestamp, so the
/// same records give the same bytes.
pub fn write_zip(path: &Path, tables: &[Table], bom: bool) -> std::io::Result<()> {
    let mut buffer = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buffer);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        for t in tables {
            zip.start_file(t.file, options)
                .map_err(std::io::Error::other)?;
            std::io::Write::write_all(&mut zip, &encode(t, bom)?)?;
        }
        zip.finish().map_err(std::io::Error::other)?;
    }
    write_atomically(path, &buffer.into_inner())
}

/// True if `path` is a zip file (by its first bytes).
pub fn is_zip(path: &Path) -> bool {
    let mut magic = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut magic))
        .is_ok()
        && magic == *b"PK\x03\x04"
}

/// Why a CSV folder cannot be read back.
#[derive(Debug, thiserror::Error)]
#[error("{file} line {line}: {message}")]
pub struct CsvError {
    pub file: String,
    pub line: u64,
    pub message: String,
}

/// One file's rows as maps from column name to value.
struct Rows {
    file: &'static str,
    headers: Vec<String>,
    rows: Vec<(u64, Vec<String>)>,
}

impl Rows {
    /// Parses one file's bytes; an absent file (`None`) reads as no rows.
    fn parse(file: &'static str, bytes: Option<Vec<u8>>) -> Result<Rows, CsvError> {
        let fail = |line: u64, message: String| CsvError {
            file: file.to_string(),
            line,
            message,
        };
        let Some(bytes) = bytes else {
            return Ok(Rows {
                file,
                headers: Vec::new(),
                rows: Vec::new(),
            });
        };
        let body = bytes
            .strip_prefix(&[0xEF, 0xBB, 0xBF][..])
            .unwrap_or(&bytes);
        let mut reader = csv::Reader::from_reader(body);
        let headers = reader
            .headers()
            .map_err(|e| fail(1, e.to_string()))?
            .iter()
            .map(str::to_string)
            .collect();
        let mut rows = Vec::new();
        for (i, row) in reader.records().enumerate() {
            let row = row.map_err(|e| fail(i as u64 + 2, e.to_string()))?;
            let values = row.iter().map(|c| cells::restore(c).to_string()).collect();
            rows.push((i as u64 + 2, values));
        }
        Ok(Rows {
            file,
            headers,
            rows,
        })
    }
}

/// One row, with typed access by column name.
struct Row<'a> {
    file: &'static str,
    line: u64,
    headers: &'a [String],
    values: &'a [String],
}

impl Row<'_> {
    fn fail(&self, message: impl Into<String>) -> CsvError {
        CsvError {
            file: self.file.to_string(),
            line: self.line,
            message: message.into(),
        }
    }

    fn text(&self, column: &str) -> Result<String, CsvError> {
        let i = self
            .headers
            .iter()
            .position(|h| h == column)
            .ok_or_else(|| self.fail(format!("no column '{column}'")))?;
        Ok(self.values.get(i).cloned().unwrap_or_default())
    }

    /// A column added in a later version: empty when an older file lacks it.
    fn text_if_any(&self, column: &str) -> String {
        self.text(column).unwrap_or_default()
    }

    fn parse<T: std::str::FromStr>(&self, column: &str) -> Result<T, CsvError>
    where
        T::Err: std::fmt::Display,
    {
        let value = self.text(column)?;
        value
            .trim()
            .parse::<T>()
            .map_err(|e| self.fail(format!("{column} '{value}': {e}")))
    }

    fn optional<T: std::str::FromStr>(&self, column: &str) -> Result<Option<T>, CsvError>
    where
        T::Err: std::fmt::Display,
    {
        if self.text(column)?.trim().is_empty() {
            Ok(None)
        } else {
            self.parse(column).map(Some)
        }
    }

    /// A participant's roles: the `roles` column, a `;`-separated list, or the one `role`
    /// of folders written before participants had several.
    fn roles(&self) -> Result<Vec<Role>, CsvError> {
        let column = if self.headers.iter().any(|h| h == "roles") {
            "roles"
        } else {
            "role"
        };
        let text = self.text(column)?;
        text.split(';')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(|r| {
                r.parse::<Role>()
                    .map_err(|e| self.fail(format!("{column} '{r}': {e}")))
            })
            .collect()
    }

    fn date(
        &self,
        column: &str,
        text_column: Option<&str>,
    ) -> Result<Option<PartialDate>, CsvError> {
        let edtf = self.text(column)?;
        if edtf.trim().is_empty() {
            return Ok(None);
        }
        let date = PartialDate::parse(&edtf).map_err(|e| self.fail(e.to_string()))?;
        Ok(Some(match text_column {
            Some(c) => date.with_text(self.text(c)?),
            None => date,
        }))
    }

    /// The columns every table has, and the plain fields of `kind` (a file written before
    /// a plain field was described has no column for it: the field is empty).
    fn meta(&self, kind: RecordKind) -> Result<crate::model::Meta, CsvError> {
        let mut plain = crate::model::PlainValues::default();
        for field in crate::model::plain_fields(kind) {
            plain.set(field.key, &self.text_if_any(field.key));
        }
        Ok(crate::model::Meta {
            uuid: self.parse("uuid")?,
            created_at: self.parse("created_at")?,
            updated_at: self.parse("updated_at")?,
            deleted_at: self.optional("deleted_at")?,
            base: None,
            notes: self.text("notes")?,
            topics: Vec::new(),
            citations: Vec::new(),
            plain,
        })
    }
}

/// The values of the record's plain fields, in the order of their columns.
fn plain_cells(record: &Record) -> impl Iterator<Item = String> + '_ {
    let plain = &record.meta().plain;
    crate::model::plain_fields(record.kind())
        .iter()
        .map(|f| plain.get(f.key).to_string())
}

/// Adds `record` unless its uuid was already read.
fn push_unique(
    records: &mut Vec<Record>,
    seen: &mut std::collections::HashMap<uuid::Uuid, (&'static str, u64)>,
    row: &Row,
    record: Record,
) -> Result<(), CsvError> {
    if let Some((file, line)) = seen.insert(record.uuid(), (row.file, row.line)) {
        return Err(row.fail(format!(
            "uuid {} appears twice (first in {file} line {line})",
            record.uuid()
        )));
    }
    records.push(record);
    Ok(())
}

fn each_row<'a>(rows: &'a Rows) -> impl Iterator<Item = Row<'a>> {
    rows.rows.iter().map(move |(line, values)| Row {
        file: rows.file,
        line: *line,
        headers: &rows.headers,
        values,
    })
}

/// Reads a folder written by `write_folder` back into records.
pub fn read_folder(folder: &Path) -> Result<Vec<Record>, CsvError> {
    read_tables(&|file| {
        let path = folder.join(file);
        if std::fs::symlink_metadata(&path).is_err() {
            return Ok(None);
        }
        super::limits::read_file(&path).map(Some)
    })
}

/// Reads a zip written by `write_zip` back into records. Only the entries a CSV export holds
/// are read, each within the unpacking limits.
pub fn read_zip(path: &Path) -> Result<Vec<Record>, CsvError> {
    let zip_error = |message: String| CsvError {
        file: path.display().to_string(),
        line: 0,
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| zip_error(e.to_string()))?;
    if meta.len() > super::limits::MAX_FILE_BYTES {
        return Err(zip_error(format!(
            "it is {}, more than the {} Chancery reads",
            super::limits::size_text(meta.len()),
            super::limits::size_text(super::limits::MAX_FILE_BYTES)
        )));
    }
    let file = std::fs::File::open(path).map_err(|e| zip_error(e.to_string()))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|e| zip_error(e.to_string()))?;
    let mut files = std::collections::HashMap::new();
    for name in CSV_FILES {
        let mut entry = match archive.by_name(name) {
            Ok(entry) => entry,
            Err(zip::result::ZipError::FileNotFound) => continue,
            Err(e) => return Err(zip_error(format!("{name}: {e}"))),
        };
        let (declared, packed) = (entry.size(), entry.compressed_size());
        let bytes = super::limits::read_zip_entry(&mut entry, declared, packed)
            .map_err(|message| zip_error(format!("{name}: {message}")))?;
        files.insert(name, bytes);
    }
    read_tables(&|file| Ok(files.get(file).cloned()))
}

/// Reads tables given as (file name, bytes) pairs, as a folder or zip would give them (the
/// CSV fuzz target, `fuzz/fuzz_targets/csv_import.rs`, feeds the reader this way).
pub fn read_files(files: &[(&str, Vec<u8>)]) -> Result<Vec<Record>, CsvError> {
    read_tables(&|file| {
        Ok(files
            .iter()
            .find(|(name, _)| *name == file)
            .map(|(_, bytes)| bytes.clone()))
    })
}

/// Where tables come from: a file name gives its bytes, or `None` if absent.
type FileSource<'a> = &'a dyn Fn(&str) -> Result<Option<Vec<u8>>, String>;

/// Reads the tables from `source` back into records.
fn read_tables(source: FileSource) -> Result<Vec<Record>, CsvError> {
    use crate::model::{
        Actor, Alias, Citation, Link, Meeting, Participant, Place, Source, Statement, Topic,
    };
    use std::collections::HashMap;
    let read = |file: &'static str| -> Result<Rows, CsvError> {
        let failed = |message: String| CsvError {
            file: file.to_string(),
            line: 0,
            message,
        };
        let bytes = source(file).map_err(failed)?;
        if bytes.is_none() {
            return Err(failed(format!(
                "missing; a Chancery CSV export holds all {} files ({})",
                CSV_FILES.len(),
                CSV_FILES.join(", ")
            )));
        }
        Rows::parse(file, bytes)
    };
    let mut records: Vec<Record> = Vec::new();
    // Where each uuid was first seen, so that a second row with it is refused (as a bundle
    // refuses it) instead of silently replacing the first.
    let mut seen: HashMap<uuid::Uuid, (&'static str, u64)> = HashMap::new();
    for row in each_row(&read("actors.csv")?) {
        push_unique(
            &mut records,
            &mut seen,
            &row,
            Record::Actor(Actor {
                meta: row.meta(RecordKind::Actor)?,
                kind: row.parse("kind")?,
                name: row.text("name")?,
                aliases: Vec::new(),
                description: row.text("description")?,
            }),
        )?;
    }
    for row in each_row(&read("meetings.csv")?) {
        push_unique(
            &mut records,
            &mut seen,
            &row,
            Record::Meeting(Meeting {
                meta: row.meta(RecordKind::Meeting)?,
                title: row.text("title")?,
                kind: row.parse("kind")?,
                date: row.date("date", Some("date_text"))?,
                end_date: row.date("end_date", Some("end_date_text"))?,
                place: row.optional("place")?,
                summary: row.text("summary")?,
                participants: Vec::new(),
            }),
        )?;
    }
    for row in each_row(&read("statements.csv")?) {
        push_unique(
            &mut records,
            &mut seen,
            &row,
            Record::Statement(Statement {
                meta: row.meta(RecordKind::Statement)?,
                text: row.text("text")?,
                kind: row.parse("kind")?,
                speaker: row.optional("speaker")?,
                meeting: row.optional("meeting")?,
                date: row.date("date", Some("date_text"))?,
                lang: row.text("lang")?,
                hedge: row.text("hedge")?,
            }),
        )?;
    }
    for row in each_row(&read("sources.csv")?) {
        push_unique(
            &mut records,
            &mut seen,
            &row,
            Record::Source(Source {
                meta: row.meta(RecordKind::Source)?,
                title: row.text("title")?,
                kind: row.parse("kind")?,
                outlet: row.text("outlet")?,
                url: row.text("url")?,
                author: row.text("author")?,
                published: row.date("published", Some("published_text"))?,
                accessed: row.date("accessed", None)?,
                reliability: row.optional("reliability")?,
                text: row.text_if_any("text"),
            }),
        )?;
    }
    for row in each_row(&read("places.csv")?) {
        push_unique(
            &mut records,
            &mut seen,
            &row,
            Record::Place(Place {
                meta: row.meta(RecordKind::Place)?,
                name: row.text("name")?,
                parent: row.optional("parent")?,
                lat: row.optional("lat")?,
                lon: row.optional("lon")?,
            }),
        )?;
    }
    for row in each_row(&read("topics.csv")?) {
        push_unique(
            &mut records,
            &mut seen,
            &row,
            Record::Topic(Topic {
                meta: row.meta(RecordKind::Topic)?,
                name: row.text("name")?,
            }),
        )?;
    }
    for row in each_row(&read("links.csv")?) {
        push_unique(
            &mut records,
            &mut seen,
            &row,
            Record::Link(Link {
                meta: row.meta(RecordKind::Link)?,
                from: row.parse("from")?,
                to: row.parse("to")?,
                relation: row.text("relation")?,
                date_from: row.date("date_from", None)?,
                date_to: row.date("date_to", None)?,
            }),
        )?;
    }
    let index: HashMap<uuid::Uuid, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.uuid(), i))
        .collect();
    let owner = |row: &Row, column: &str| -> Result<usize, CsvError> {
        let uuid: uuid::Uuid = row.parse(column)?;
        index
            .get(&uuid)
            .copied()
            .ok_or_else(|| row.fail(format!("{column} {uuid} is not in this folder")))
    };
    for row in each_row(&read("aliases.csv")?) {
        let i = owner(&row, "actor")?;
        let alias = Alias {
            name: row.text("name")?,
            kind: row.parse("kind")?,
            lang: row.text("lang")?,
        };
        match &mut records[i] {
            Record::Actor(a) => a.aliases.push(alias),
            _ => return Err(row.fail("actor is not an actor")),
        }
    }
    for row in each_row(&read("participants.csv")?) {
        let i = owner(&row, "meeting")?;
        let p = Participant {
            actor: row.parse("actor")?,
            roles: row.roles()?,
            title_at_time: row.text("title_at_time")?,
            represents: row.optional("represents")?,
        };
        match &mut records[i] {
            Record::Meeting(m) => m.participants.push(p),
            _ => return Err(row.fail("meeting is not a meeting")),
        }
    }
    for row in each_row(&read("topic_tags.csv")?) {
        let i = owner(&row, "record")?;
        let topic = row.parse("topic")?;
        records[i].meta_mut().topics.push(topic);
    }
    for row in each_row(&read("citations.csv")?) {
        let i = owner(&row, "record")?;
        let credibility = match row.optional::<u8>("credibility")? {
            Some(v) => {
                Some(crate::model::Credibility::new(v).map_err(|e| row.fail(e.to_string()))?)
            }
            None => None,
        };
        let c = Citation {
            source: row.parse("source")?,
            locator: row.text("locator")?,
            excerpt: row.text("excerpt")?,
            credibility,
            via: row.optional("via")?,
        };
        records[i].meta_mut().citations.push(c);
    }
    Ok(records)
}
