//! Writing the exchange formats of other tools (STIX 2.1, FollowTheMoney) as a stream: the
//! records come either from the selection held in memory or, for the whole knowledge base,
//! straight from the file a kind at a time as canonical records, so that memory holds names
//! and small indexes but never the statements.

use super::canonical::Canonicalizer;
use super::export::{ExportCounts, ExportError, ExportProgress, Format};
use super::files::write_streaming;
use super::ftm::write::FtmWriter;
use super::stix::write::StixWriter;
use crate::model::{Record, RecordKind};
use crate::store::Store;
use std::path::Path;

/// What a STIX writer learns before writing (names, nesting), first: places whole, the
/// others by their narrow rows when the whole file is written.
const STIX_KNOWN: [RecordKind; 5] = [
    RecordKind::Place,
    RecordKind::Topic,
    RecordKind::Source,
    RecordKind::Actor,
    RecordKind::Meeting,
];
const STIX_KNOWN_BY_TITLE: [RecordKind; 4] = [
    RecordKind::Topic,
    RecordKind::Source,
    RecordKind::Actor,
    RecordKind::Meeting,
];
/// Then what refers to sources and topics…
const STIX_FIRST: [RecordKind; 4] = [
    RecordKind::Actor,
    RecordKind::Meeting,
    RecordKind::Statement,
    RecordKind::Link,
];
/// …then the sources and topics, which list what refers to them.
const STIX_LAST: [RecordKind; 3] = [RecordKind::Place, RecordKind::Topic, RecordKind::Source];

/// FollowTheMoney in one round: places first (events take their country from them).
const FTM_ORDER: [RecordKind; 7] = [
    RecordKind::Place,
    RecordKind::Topic,
    RecordKind::Source,
    RecordKind::Actor,
    RecordKind::Meeting,
    RecordKind::Statement,
    RecordKind::Link,
];

/// Where the records come from.
struct Records<'a> {
    store: &'a Store,
    held: Option<Vec<Record>>,
    canonical: Option<Canonicalizer>,
}

/// Records read ahead of the writer are handed over this many at a time.
const HANDED_OVER: usize = 256;

impl Records<'_> {
    /// Hands each record of `kinds` (in that order) to `each`.
    fn each(
        &self,
        kinds: &[RecordKind],
        each: &mut dyn FnMut(Record) -> Result<(), ExportError>,
    ) -> Result<(), ExportError> {
        match (&self.held, &self.canonical) {
            (Some(records), _) => {
                for kind in kinds {
                    for record in records.iter().filter(|r| r.kind() == *kind) {
                        each(record.clone())?;
                    }
                }
                Ok(())
            }
            (None, canonical) => self.store.for_each_record(kinds, &mut |record| {
                let record = match canonical {
                    Some(c) => c.apply(self.store, record)?,
                    None => Some(record),
                };
                match record {
                    Some(record) => each(record),
                    None => Ok(()),
                }
            }),
        }
    }

    /// Reads the records of `kinds` on this thread and has `write` write them on another, a
    /// bounded queue between: on two cores the file's reading (SQLite, inflating, parsing),
    /// with what `prepare` makes of each record, overlaps the format's writing, as the
    /// import's two halves do. `seen` hears each record as it is read (counts, progress);
    /// returning an error stops both.
    fn pipelined<P: Send>(
        &self,
        kinds: &[RecordKind],
        seen: &mut dyn FnMut(&Record) -> Result<(), ExportError>,
        prepare: &dyn Fn(&Record) -> P,
        write: &mut (dyn FnMut(&Record, P) -> Result<(), ExportError> + Send),
    ) -> Result<(), ExportError> {
        std::thread::scope(|scope| {
            let (batches, incoming) = std::sync::mpsc::sync_channel::<Vec<(Record, P)>>(4);
            let writing = scope.spawn(move || -> Result<(), ExportError> {
                for batch in incoming.iter() {
                    for (record, prepared) in batch {
                        write(&record, prepared)?;
                    }
                }
                Ok(())
            });
            let mut batch = Vec::with_capacity(HANDED_OVER);
            let read = self.each(kinds, &mut |record| {
                seen(&record)?;
                let prepared = prepare(&record);
                batch.push((record, prepared));
                if batch.len() == HANDED_OVER {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(HANDED_OVER));
                    // The writer stopped (its error is the one to report): stop reading too.
                    batches.send(full).map_err(|_| ExportError::Stopped)?;
                }
                Ok(())
            });
            if read.is_ok() && !batch.is_empty() {
                let _ = batches.send(batch);
            }
            drop(batches);
            let written = writing.join().unwrap_or(Err(ExportError::Stopped));
            match (written, read) {
                (Err(e), _) => Err(e),
                (Ok(()), read) => read,
            }
        })
    }
}

/// Writes `records` (or, when `None`, the whole knowledge base as canonical records, Trash
/// included) to `out` in `format`, a STIX or FollowTheMoney export; returns the records
/// written, by kind. The target has been checked.
pub fn write_streamed(
    store: &Store,
    records: Option<Vec<Record>>,
    format: Format,
    out: &Path,
    progress: ExportProgress,
) -> Result<ExportCounts, ExportError> {
    let total = match &records {
        Some(records) => records.len() as u64,
        None => store.totals_by_kind()?.values().sum::<usize>() as u64,
    };
    let canonical = match records {
        Some(_) => None,
        None => Some(Canonicalizer::new(store)?),
    };
    let source = Records {
        store,
        held: records,
        canonical,
    };
    let failed = |error: std::io::Error| ExportError::Write {
        path: out.display().to_string(),
        error,
    };
    let mut written = ExportCounts::new();
    let mut done = 0u64;
    let mut seen = |record: &Record| -> Result<(), ExportError> {
        *written.entry(record.kind()).or_default() += 1;
        done += 1;
        if done.is_multiple_of(1_000) && !progress(done, total) {
            return Err(ExportError::Stopped);
        }
        Ok(())
    };
    write_streaming(out, failed, |file| match format {
        Format::Stix => {
            let mut writer = StixWriter::begin(file).map_err(failed)?;
            match &source.canonical {
                Some(canonical) if source.held.is_none() => {
                    source.each(&[RecordKind::Place], &mut |record| {
                        writer.know(&record);
                        Ok(())
                    })?;
                    for kind in STIX_KNOWN_BY_TITLE {
                        store.for_each_title(kind, &mut |uuid, subkind, title| {
                            if !canonical.is_member(uuid) {
                                writer.know_title(kind, uuid, subkind, title);
                            }
                        })?;
                    }
                }
                _ => source.each(&STIX_KNOWN, &mut |record| {
                    writer.know(&record);
                    Ok(())
                })?,
            }
            for round in [&STIX_FIRST[..], &STIX_LAST[..]] {
                source.pipelined(
                    round,
                    &mut seen,
                    &crate::exchange::stix::write::prepare,
                    &mut |record, prepared| writer.write_prepared(record, prepared).map_err(failed),
                )?;
            }
            writer.end().map_err(failed)?;
            Ok(())
        }
        _ => {
            let mut writer = FtmWriter::new(file);
            source.pipelined(&FTM_ORDER, &mut seen, &|_| (), &mut |record, ()| {
                writer.write(record).map_err(failed)
            })?;
            writer.end().map_err(failed)?;
            Ok(())
        }
    })?;
    progress(done, done);
    Ok(written)
}
