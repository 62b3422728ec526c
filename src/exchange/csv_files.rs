//! CSV export: one file per record kind, plus `aliases.csv`, `participants.csv`,
//! `topic_tags.csv` and `citations.csv` for the lists inside records, and `links.csv`.
//! RFC 4180 through the `csv` crate, UTF-8 (optionally with a byte-order mark for spreadsheet
//! programs), references as uuids with a readable name column beside each.

use super::files::write_atomically;
use super::names::Names;
use crate::model::{PartialDate, Record};
use std::path::Path;

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
    let with_common = |extra: &[&str]| -> Vec<String> {
        COMMON.iter().chain(extra).map(|s| s.to_string()).collect()
    };
    let mut actors = table("actors.csv", &with_common(&["kind", "name", "description"]));
    let mut meetings = table(
        "meetings.csv",
        &with_common(&[
            "title",
            "kind",
            "date",
            "date_text",
            "end_date",
            "end_date_text",
            "place",
            "place_name",
            "summary",
        ]),
    );
    let mut statements = table(
        "statements.csv",
        &with_common(&[
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
        ]),
    );
    let mut sources = table(
        "sources.csv",
        &with_common(&[
            "title",
            "kind",
            "outlet",
            "url",
            "author",
            "published",
            "published_text",
            "accessed",
            "reliability",
        ]),
    );
    let mut places = table(
        "places.csv",
        &with_common(&["name", "parent", "parent_name", "lat", "lon"]),
    );
    let mut topics = table("topics.csv", &with_common(&["name"]));
    let mut links = table(
        "links.csv",
        &with_common(&[
            "from",
            "from_name",
            "relation",
            "to",
            "to_name",
            "date_from",
            "date_to",
        ]),
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
            "role",
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
                meetings.rows.push(row);
                for p in &x.participants {
                    participants.rows.push(vec![
                        me.to_string(),
                        x.title.clone(),
                        p.actor.to_string(),
                        names.label(p.actor),
                        p.role.as_str().into(),
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
                ]);
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
                places.rows.push(row);
            }
            Record::Topic(x) => {
                row.push(x.name.clone());
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

/// Writes the tables as files in `folder` (created if missing), each atomically.
pub fn write_folder(folder: &Path, tables: &[Table], bom: bool) -> std::io::Result<()> {
    std::fs::create_dir_all(folder)?;
    for t in tables {
        let mut bytes: Vec<u8> = if bom {
            vec![0xEF, 0xBB, 0xBF]
        } else {
            Vec::new()
        };
        {
            let mut writer = csv::Writer::from_writer(&mut bytes);
            for row in &t.rows {
                writer.write_record(row).map_err(std::io::Error::other)?;
            }
            writer.flush()?;
        }
        write_atomically(&folder.join(t.file), &bytes)?;
    }
    Ok(())
}
