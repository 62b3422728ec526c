//! Writing a bundle as a stream: the header, then each record as it comes, pretty-printed at
//! its depth, so that memory holds one record whatever the export's size. Records come
//! grouped by kind in the order of the bundle's sections (sorted by uuid within each, for
//! the same bytes from the same records); sections without records are written empty.

use super::bundle::{CANONICAL, FORMAT, JUDGEMENTS, SECTIONS, VERSION};
use crate::model::Record;
use crate::model::judgement::Judgement;
use std::collections::BTreeMap;
use std::io::{self, Write};
use uuid::Uuid;

/// Writes one bundle: `begin`, `record` for each record, then `end`.
pub struct BundleWriter<W: Write> {
    out: W,
    /// The section open (an index into `SECTIONS`), and whether a record is in it.
    open: Option<(usize, bool)>,
    scratch: Vec<u8>,
}

impl<W: Write> BundleWriter<W> {
    /// Starts the bundle: the format and version.
    pub fn begin(mut out: W) -> io::Result<BundleWriter<W>> {
        write!(
            out,
            "{{\n  \"format\": \"{FORMAT}\",\n  \"version\": {VERSION}"
        )?;
        Ok(BundleWriter {
            out,
            open: None,
            scratch: Vec::new(),
        })
    }

    /// Opens sections up to and including section `to`, closing those before.
    fn open_up_to(&mut self, to: usize) -> io::Result<()> {
        loop {
            let next = match self.open {
                Some((at, _)) if at == to => return Ok(()),
                Some((at, _)) if at > to => {
                    return Err(io::Error::other(
                        "records came out of their sections' order",
                    ));
                }
                Some((at, _)) => at + 1,
                None => 0,
            };
            self.close_section()?;
            write!(self.out, ",\n  \"{}\": [", SECTIONS[next].0)?;
            self.open = Some((next, false));
        }
    }

    /// Writes a record into its section.
    pub fn record(&mut self, record: &Record) -> io::Result<()> {
        let section = SECTIONS
            .iter()
            .position(|(_, kind)| *kind == record.kind())
            .unwrap_or(SECTIONS.len() - 1);
        self.open_up_to(section)?;
        let written = self.open.is_some_and(|(_, written)| written);
        self.out.write_all(if written { b",\n" } else { b"\n" })?;
        self.open = Some((section, true));
        self.scratch.clear();
        let pretty = match record {
            Record::Actor(r) => serde_json::to_writer_pretty(&mut self.scratch, r),
            Record::Meeting(r) => serde_json::to_writer_pretty(&mut self.scratch, r),
            Record::Statement(r) => serde_json::to_writer_pretty(&mut self.scratch, r),
            Record::Source(r) => serde_json::to_writer_pretty(&mut self.scratch, r),
            Record::Place(r) => serde_json::to_writer_pretty(&mut self.scratch, r),
            Record::Topic(r) => serde_json::to_writer_pretty(&mut self.scratch, r),
            Record::Link(r) => serde_json::to_writer_pretty(&mut self.scratch, r),
        };
        pretty.map_err(io::Error::other)?;
        // Records sit two levels deep. JSON strings escape their newlines, so every newline
        // in the text is one between lines.
        self.out.write_all(b"    ")?;
        for line in self.scratch.split_inclusive(|b| *b == b'\n') {
            self.out.write_all(line)?;
            if line.ends_with(b"\n") {
                self.out.write_all(b"    ")?;
            }
        }
        Ok(())
    }

    /// Writes a record given as its JSON text (a team server's document) into `kind`'s
    /// section, as it is: the import that reads the bundle checks it.
    pub fn raw_record(&mut self, kind: crate::model::RecordKind, json: &str) -> io::Result<()> {
        let section = SECTIONS
            .iter()
            .position(|(_, k)| *k == kind)
            .unwrap_or(SECTIONS.len() - 1);
        self.open_up_to(section)?;
        let written = self.open.is_some_and(|(_, written)| written);
        self.out
            .write_all(if written { b",\n    " } else { b"\n    " })?;
        self.open = Some((section, true));
        self.out.write_all(json.as_bytes())
    }

    fn close_section(&mut self) -> io::Result<()> {
        match self.open {
            Some((_, true)) => self.out.write_all(b"\n  ]"),
            Some((_, false)) => self.out.write_all(b"]"),
            None => Ok(()),
        }
    }

    /// Ends the bundle (writing any sections still to come, empty) with its judgements and, for each merged record in it, the canonical
    /// record it is shown as (each section only when it has entries).
    pub fn end_with(
        mut self,
        judgements: &[Judgement],
        canonical: &BTreeMap<Uuid, Uuid>,
    ) -> io::Result<W> {
        self.open_up_to(SECTIONS.len() - 1)?;
        self.close_section()?;
        if !judgements.is_empty() {
            write!(self.out, ",\n  \"{JUDGEMENTS}\": [")?;
            for (i, judgement) in judgements.iter().enumerate() {
                let line = serde_json::to_string(judgement).map_err(io::Error::other)?;
                let comma = if i == 0 { "" } else { "," };
                write!(self.out, "{comma}\n    {line}")?;
            }
            self.out.write_all(b"\n  ]")?;
        }
        if !canonical.is_empty() {
            write!(self.out, ",\n  \"{CANONICAL}\": {{")?;
            for (i, (member, of)) in canonical.iter().enumerate() {
                let comma = if i == 0 { "" } else { "," };
                write!(self.out, "{comma}\n    \"{member}\": \"{of}\"")?;
            }
            self.out.write_all(b"\n  }")?;
        }
        self.out.write_all(b"\n}\n")?;
        Ok(self.out)
    }
}
