//! Reading a bundle as a stream: records are handed over one at a time as they are parsed, so
//! memory holds one record whatever the size of the file. Any one record, or anything else
//! between two records, may be at most [`MAX_RECORD_BYTES`] (counted a 64 KiB buffer at a
//! time); the file as a whole has no limit.
//! The header (`format`, `version`) is checked wherever it stands in the object: a problem
//! with it is reported before any problem with a record.

use super::bundle::{BundleError, CANONICAL, FORMAT, JUDGEMENTS, SECTIONS, VERSION};
use crate::model::judgement::Judgement;
use crate::model::{Record, RecordKind};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::cell::Cell;
use std::io::Read;

/// The most one record of a bundle may take, as JSON text.
pub const MAX_RECORD_BYTES: u64 = 64 << 20;

/// Where a record stands in a bundle: its section and its index there, and its place among
/// all the bundle's records (`ordinal`, counted from 0 in file order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub section: &'static str,
    pub index: usize,
    pub ordinal: u64,
}

/// Bytes read so far, shared between the reader and whoever reports progress.
#[derive(Debug, Default)]
pub struct Meter {
    read: Cell<u64>,
    /// Bytes read when the last record ended.
    mark: Cell<u64>,
    overrun: Cell<bool>,
}

impl Meter {
    pub fn bytes_read(&self) -> u64 {
        self.read.get()
    }

    fn mark(&self) {
        self.mark.set(self.read.get());
    }
}

/// A reader that counts what passes and fails once one record grows past the limit.
struct Metered<'m, R> {
    inner: R,
    meter: &'m Meter,
}

impl<R: Read> Read for Metered<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let read = self.meter.read.get() + n as u64;
        self.meter.read.set(read);
        if read - self.meter.mark.get() > MAX_RECORD_BYTES {
            self.meter.overrun.set(true);
            return Err(std::io::Error::other("a record is too large"));
        }
        Ok(n)
    }
}

/// Reads the bundle from `reader`, handing each record to `each` with its position, and
/// returns the bundle's judgements (its `judgements` section; the `canonical` section only
/// informs other readers and is derived again from the judgements). The first problem stops
/// the reading: a bundle problem as `E::from`, or what `each` returned.
pub fn read_records<R: Read, E: From<BundleError>>(
    reader: R,
    meter: &Meter,
    each: &mut dyn FnMut(Position, Record) -> Result<(), E>,
) -> Result<Vec<Judgement>, E> {
    // The meter sits under the buffer: it counts the file a buffer at a time, while the
    // parser takes the buffer a byte at a time.
    let metered = Metered {
        inner: reader,
        meter,
    };
    let mut buffered = std::io::BufReader::with_capacity(1 << 16, metered);
    // A byte-order mark (written by some Windows editors) is not part of the JSON: skipped, as
    // a CSV's is. A read error here is met again by the parser, which reports it.
    if std::io::BufRead::fill_buf(&mut buffered).is_ok_and(|b| b.starts_with(b"\xEF\xBB\xBF")) {
        std::io::BufRead::consume(&mut buffered, 3);
    }
    let mut state = State {
        each,
        stop: None,
        deferred: None,
        format: false,
        version: false,
        ordinal: 0,
        section: "",
        index: 0,
        meter,
        judgements: Vec::new(),
    };
    let mut json = serde_json::Deserializer::from_reader(buffered);
    let parsed = Root(&mut state)
        .deserialize(&mut json)
        .and_then(|()| json.end());
    if let Some(stop) = state.stop.take() {
        return Err(stop);
    }
    if let Err(e) = parsed {
        if meter.overrun.get() {
            let message = format!(
                "it is larger than the {} one record may take",
                super::limits::size_text(MAX_RECORD_BYTES)
            );
            return Err(E::from(if state.section.is_empty() {
                BundleError::NotABundle(message)
            } else {
                BundleError::Record {
                    section: state.section,
                    index: state.index,
                    uuid: String::new(),
                    message,
                }
            }));
        }
        return Err(E::from(BundleError::Json(e)));
    }
    if !state.format {
        return Err(E::from(BundleError::NotABundle(
            "it has no \"format\" field".into(),
        )));
    }
    if !state.version {
        return Err(E::from(BundleError::NotABundle(
            "\"version\" is missing or not a number".into(),
        )));
    }
    if let Some(problem) = state.deferred.take() {
        return Err(E::from(problem));
    }
    Ok(state.judgements)
}

struct State<'e, E> {
    each: &'e mut dyn FnMut(Position, Record) -> Result<(), E>,
    /// Why reading stopped, when it was not the JSON itself.
    stop: Option<E>,
    /// A record's problem found before the header was read: reported once the header is
    /// known to be right (a bundle of another format or a newer version says so first).
    deferred: Option<BundleError>,
    format: bool,
    version: bool,
    ordinal: u64,
    section: &'static str,
    index: usize,
    meter: &'e Meter,
    judgements: Vec<Judgement>,
}

impl<E: From<BundleError>> State<'_, E> {
    /// Stops the parse with `problem`.
    fn fail<X: de::Error>(&mut self, problem: BundleError) -> X {
        self.stop = Some(E::from(problem));
        X::custom("stopped")
    }

    fn header_read(&self) -> bool {
        self.format && self.version
    }

    /// One record read as JSON: checked as its kind and handed over.
    fn record<X: de::Error>(
        &mut self,
        kind: RecordKind,
        raw: &serde_json::value::RawValue,
    ) -> Result<(), X> {
        let position = Position {
            section: self.section,
            index: self.index,
            ordinal: self.ordinal,
        };
        self.ordinal += 1;
        self.index += 1;
        if self.deferred.is_some() {
            return Ok(());
        }
        let record = match Record::from_json_text(kind, raw.get()) {
            Ok(record) => record,
            Err(e) => {
                // Read again as any JSON, for the uuid to name it by.
                let uuid = serde_json::from_str::<serde_json::Value>(raw.get())
                    .ok()
                    .and_then(|v| v.get("uuid").and_then(|u| u.as_str()).map(str::to_string))
                    .map(|u| format!(" ({u})"))
                    .unwrap_or_default();
                let problem = BundleError::Record {
                    section: position.section,
                    index: position.index,
                    uuid,
                    message: e.to_string(),
                };
                if self.header_read() {
                    return Err(self.fail(problem));
                }
                self.deferred = Some(problem);
                return Ok(());
            }
        };
        if let Err(e) = (self.each)(position, record) {
            self.stop = Some(e);
            return Err(X::custom("stopped"));
        }
        Ok(())
    }
}

/// The bundle's top-level object.
struct Root<'s, 'e, E>(&'s mut State<'e, E>);

impl<'de, E: From<BundleError>> DeserializeSeed<'de> for Root<'_, '_, E> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, E: From<BundleError>> Visitor<'de> for Root<'_, '_, E> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(self.0.fail(not_an_object()))
    }

    fn visit_str<X: de::Error>(self, _: &str) -> Result<(), X> {
        Err(self.0.fail(not_an_object()))
    }

    fn visit_bool<X: de::Error>(self, _: bool) -> Result<(), X> {
        Err(self.0.fail(not_an_object()))
    }

    fn visit_i64<X: de::Error>(self, _: i64) -> Result<(), X> {
        Err(self.0.fail(not_an_object()))
    }

    fn visit_u64<X: de::Error>(self, _: u64) -> Result<(), X> {
        Err(self.0.fail(not_an_object()))
    }

    fn visit_f64<X: de::Error>(self, _: f64) -> Result<(), X> {
        Err(self.0.fail(not_an_object()))
    }

    fn visit_unit<X: de::Error>(self) -> Result<(), X> {
        Err(self.0.fail(not_an_object()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let state = self.0;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => {
                    let value: serde_json::Value = map.next_value()?;
                    if value.as_str() != Some(FORMAT) {
                        return Err(state.fail(BundleError::NotABundle(format!(
                            "\"format\" is {value}, expected \"{FORMAT}\""
                        ))));
                    }
                    state.format = true;
                }
                "version" => {
                    let value: serde_json::Value = map.next_value()?;
                    match value.as_u64() {
                        Some(v) if v > VERSION => {
                            return Err(state.fail(BundleError::NewerVersion(v)));
                        }
                        Some(0) => {
                            return Err(state.fail(BundleError::NotABundle(format!(
                                "\"version\" is 0; bundle versions run from 1 to {VERSION}"
                            ))));
                        }
                        Some(_) => state.version = true,
                        None => {
                            return Err(state.fail(BundleError::NotABundle(
                                "\"version\" is missing or not a number".into(),
                            )));
                        }
                    }
                }
                JUDGEMENTS => {
                    let values: Vec<serde_json::Value> = map.next_value()?;
                    for (index, value) in values.into_iter().enumerate() {
                        match serde_json::from_value::<Judgement>(value) {
                            Ok(mut j) if j.a != j.b => {
                                // Stored in one order, whichever way a writer put it.
                                (j.a, j.b) = crate::model::judgement::ordered(j.a, j.b);
                                state.judgements.push(j)
                            }
                            Ok(_) => {
                                return Err(state.fail(BundleError::Record {
                                    section: JUDGEMENTS,
                                    index,
                                    uuid: String::new(),
                                    message: "a judgement names the same record twice".into(),
                                }));
                            }
                            Err(e) => {
                                return Err(state.fail(BundleError::Record {
                                    section: JUDGEMENTS,
                                    index,
                                    uuid: String::new(),
                                    message: e.to_string(),
                                }));
                            }
                        }
                    }
                }
                CANONICAL => {
                    map.next_value::<IgnoredAny>()?;
                }
                other => {
                    let Some((section, kind)) = SECTIONS.iter().find(|(s, _)| *s == other) else {
                        let problem =
                            BundleError::NotABundle(format!("unknown section \"{other}\""));
                        if state.header_read() {
                            return Err(state.fail(problem));
                        }
                        state.deferred.get_or_insert(problem);
                        map.next_value::<IgnoredAny>()?;
                        continue;
                    };
                    state.section = section;
                    state.index = 0;
                    map.next_value_seed(Section {
                        state: &mut *state,
                        kind: *kind,
                    })?;
                    state.section = "";
                }
            }
            state.meter.mark();
        }
        Ok(())
    }
}

fn not_an_object() -> BundleError {
    BundleError::NotABundle("the document is not a JSON object".into())
}

/// One section: a list of records of one kind (or null, for none).
struct Section<'s, 'e, E> {
    state: &'s mut State<'e, E>,
    kind: RecordKind,
}

impl<'de, E: From<BundleError>> DeserializeSeed<'de> for Section<'_, '_, E> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<E: From<BundleError>> Section<'_, '_, E> {
    fn not_a_list<X: de::Error>(self) -> Result<(), X> {
        let problem = BundleError::NotABundle(format!("\"{}\" is not a list", self.state.section));
        Err(self.state.fail(problem))
    }
}

impl<'de, E: From<BundleError>> Visitor<'de> for Section<'_, '_, E> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(raw) = seq.next_element::<Box<serde_json::value::RawValue>>()? {
            self.state.record(self.kind, &raw)?;
            self.state.meter.mark();
        }
        Ok(())
    }

    fn visit_unit<X: de::Error>(self) -> Result<(), X> {
        Ok(())
    }

    fn visit_none<X: de::Error>(self) -> Result<(), X> {
        Ok(())
    }

    fn visit_bool<X: de::Error>(self, _: bool) -> Result<(), X> {
        self.not_a_list()
    }

    fn visit_i64<X: de::Error>(self, _: i64) -> Result<(), X> {
        self.not_a_list()
    }

    fn visit_u64<X: de::Error>(self, _: u64) -> Result<(), X> {
        self.not_a_list()
    }

    fn visit_f64<X: de::Error>(self, _: f64) -> Result<(), X> {
        self.not_a_list()
    }

    fn visit_str<X: de::Error>(self, _: &str) -> Result<(), X> {
        self.not_a_list()
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        self.not_a_list()
    }
}
