//! Records as a STIX 2.1 bundle, written as a stream, one object a line. The caller hands the
//! records over in three rounds — `know` (places, topics, sources, actors and meetings: names
//! and places' nesting), `write` of actors, meetings, statements and links, then `write` of
//! places, topics and sources — so that a report can list everything citing its source and a
//! location can inherit its country from the places around it, without holding statements.
//!
//! Each object carries, in our extension, the record's fields STIX has no property for (the
//! record as Chancery writes it, less what the standard properties say), so that importing
//! the bundle again loses nothing.

use super::filtered::{Without, erased::Erased};
use super::{
    CHANCERY_EXTENSION, CHANCERY_EXTENSION_VERSION, OPENCTI_EXTENSION, PLACE_TYPE,
    chancery_identity, confidence_of, event_type, relationship_type, reliability_words,
    report_type, stix_id, stix_time, type_of, widened,
};
use crate::exchange::countries::alpha2_of;
use crate::model::{
    Actor, ActorKind, Citation, Link, Meeting, Place, Record, RecordKind, Source, Statement,
};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::io::{self, Write};
use uuid::Uuid;

/// The STIX type a record of `kind` becomes.
pub fn stix_type(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Actor => "identity",
        RecordKind::Meeting => "event",
        RecordKind::Statement => "note",
        RecordKind::Source => "report",
        RecordKind::Place => "location",
        RecordKind::Topic => "grouping",
        RecordKind::Link => "relationship",
    }
}

/// The id of the object a record becomes.
pub fn record_id(kind: RecordKind, uuid: Uuid) -> String {
    stix_id(stix_type(kind), uuid, "")
}

/// What the writer remembers of a place: its name, its parent and its own country code.
struct PlaceNote {
    parent: Option<Uuid>,
    country: Option<&'static str>,
    coordinates: bool,
}

/// What the writer remembers of a source: what a citation shows of it.
struct SourceNote {
    title: String,
}

/// Writes one bundle. See the module's doc for the order of calls.
pub struct StixWriter<'w> {
    out: &'w mut (dyn Write + Send),
    first: bool,
    /// Kinds of the records known (every record but statements and links).
    kinds: HashMap<Uuid, RecordKind>,
    places: HashMap<Uuid, PlaceNote>,
    place_by_name: HashMap<String, Uuid>,
    sources: HashMap<Uuid, SourceNote>,
    topics: HashMap<Uuid, String>,
    /// How many actors (by identity class) and meetings carry each name.
    name_counts: HashMap<(&'static str, String), u32>,
    /// The records referring to each source (reports list them) and tagged with each topic,
    /// kept small (a kind and a uuid) since a million statements cite sources.
    referring: HashMap<Uuid, Vec<(RecordKind, Uuid)>>,
    /// The STIX ids of the records known (all but places, whose id depends on their country),
    /// made once: a UUIDv5 is a SHA-1, and a million statements refer to their speakers.
    ids: HashMap<Uuid, String>,
    /// What was prepared of the record being written.
    prepared: Option<Prepared>,
    /// The buffer each object is written into before it goes out whole.
    scratch: Vec<u8>,
    /// Statement uuids written, for links to statements.
    statements: std::collections::HashSet<Uuid>,
}

impl<'w> StixWriter<'w> {
    /// Starts the bundle with the identity that made it and our extension's definition.
    pub fn begin(out: &'w mut (dyn Write + Send)) -> io::Result<StixWriter<'w>> {
        let bundle = format!("bundle--{}", Uuid::new_v4());
        writeln!(
            out,
            "{{\"type\": \"bundle\", \"id\": \"{bundle}\", \"objects\": ["
        )?;
        let mut writer = StixWriter {
            out,
            first: true,
            kinds: HashMap::new(),
            places: HashMap::new(),
            place_by_name: HashMap::new(),
            sources: HashMap::new(),
            topics: HashMap::new(),
            name_counts: HashMap::new(),
            referring: HashMap::new(),
            statements: Default::default(),
            scratch: Vec::new(),
            prepared: None,
            ids: HashMap::new(),
        };
        let made = "2026-01-01T00:00:00.000Z";
        writer.object(&json!({
            "type": "identity",
            "spec_version": "2.1",
            "id": chancery_identity(),
            "created": made,
            "modified": made,
            "name": "Chancery",
            "description": "The knowledge base that exported this bundle.",
            "identity_class": "system",
        }))?;
        writer.object(&json!({
            "type": "extension-definition",
            "spec_version": "2.1",
            "id": CHANCERY_EXTENSION,
            "created_by_ref": chancery_identity(),
            "created": made,
            "modified": made,
            "name": "Chancery record",
            "description": "The fields of a Chancery record that STIX has no property for \
                (statement kind, exact partial dates in EDTF with their wording, participants' \
                roles, citations with their via chain, A–F grades, aliases' kinds and scripts, \
                notes, topics), and the record's own uuid, so that a bundle read back into \
                Chancery loses nothing.",
            "schema": "Chancery's docs/EXCHANGE.md, section \"Our STIX extension\": `record` names \
                the kind of record; `fields` holds the record as Chancery's bundle writes it \
                (docs/BUNDLE.md), less the properties the STIX object itself carries.",
            "version": CHANCERY_EXTENSION_VERSION,
            "extension_types": ["property-extension", "new-sdo"],
        }))?;
        Ok(writer)
    }

    /// First round, from the file's narrow rows: what later objects need of a record other
    /// than a place (its kind, its name), without reading its document.
    pub fn know_title(&mut self, kind: RecordKind, uuid: Uuid, subkind: Option<&str>, title: &str) {
        self.kinds.insert(uuid, kind);
        if kind != RecordKind::Place {
            self.ids.insert(uuid, record_id(kind, uuid));
        }
        match kind {
            RecordKind::Source => {
                self.sources.insert(
                    uuid,
                    SourceNote {
                        title: title.to_string(),
                    },
                );
            }
            RecordKind::Topic => {
                self.topics.insert(uuid, title.to_string());
            }
            RecordKind::Actor => {
                let class = subkind
                    .and_then(|s| s.parse::<ActorKind>().ok())
                    .map_or("unknown", identity_class);
                *self
                    .name_counts
                    .entry((class, title.to_lowercase()))
                    .or_default() += 1;
            }
            RecordKind::Meeting => {
                *self
                    .name_counts
                    .entry(("event", title.to_lowercase()))
                    .or_default() += 1;
            }
            RecordKind::Place | RecordKind::Statement | RecordKind::Link => {}
        }
    }

    /// First round: remembers what later objects need of `record` (names, nesting, kinds).
    pub fn know(&mut self, record: &Record) {
        let Record::Place(p) = record else {
            self.know_title(
                record.kind(),
                record.uuid(),
                record.subkind(),
                record.name(),
            );
            return;
        };
        self.kinds.insert(p.meta.uuid, RecordKind::Place);
        self.places.insert(
            p.meta.uuid,
            PlaceNote {
                parent: p.parent,
                country: alpha2_of(&p.name),
                coordinates: p.lat.is_some() && p.lon.is_some(),
            },
        );
        self.place_by_name
            .entry(p.name.to_lowercase())
            .or_insert(p.meta.uuid);
    }

    /// Writes the objects `record` becomes, with what was prepared of it on another thread.
    pub fn write_prepared(
        &mut self,
        record: &Record,
        prepared: Option<Prepared>,
    ) -> io::Result<()> {
        self.prepared = prepared;
        let written = self.write(record);
        self.prepared = None;
        written
    }

    /// Writes the objects `record` becomes.
    pub fn write(&mut self, record: &Record) -> io::Result<()> {
        match record {
            Record::Actor(a) => self.actor(a, record),
            Record::Meeting(m) => self.meeting(m, record),
            Record::Statement(s) => self.statement(s, record),
            Record::Link(l) => self.link(l, record),
            Record::Place(p) => self.place(p, record),
            Record::Topic(t) => {
                let members = self.referring_ids(t.meta.uuid);
                let mut object = self.common(record);
                object.insert("name", json!(t.name));
                object.insert("context", json!("unspecified"));
                object.insert("object_refs", json!(non_empty(members)));
                self.emit(object, record, &["name"])
            }
            Record::Source(s) => self.source(s, record),
        }
    }

    /// Closes the bundle.
    pub fn end(self) -> io::Result<()> {
        write!(self.out, "\n]}}\n")
    }

    fn object(&mut self, object: &Value) -> io::Result<()> {
        if !self.first {
            self.out.write_all(b",\n")?;
        }
        self.first = false;
        serde_json::to_writer(&mut *self.out, object)?;
        Ok(())
    }

    /// The properties every object of a record has: type, id, times, trash, topics as
    /// labels, citations as external references, and our extension's head (`emit` adds its
    /// fields).
    fn common(&mut self, record: &Record) -> Obj {
        let kind = record.kind();
        let meta = record.meta();
        let id = match &self.prepared {
            Some(prepared) => prepared.id.clone(),
            None => self.id_of(kind, meta.uuid),
        };
        let mut object = Obj::default();
        object.insert("type", json!(type_of(&id)));
        object.insert("spec_version", json!("2.1"));
        object.insert("id", json!(id));
        object.insert("created", json!(stix_time(meta.created_at)));
        object.insert("modified", json!(modified(record)));
        if meta.deleted_at.is_some() {
            object.insert("revoked", json!(true));
        }
        let labels: Vec<&String> = meta
            .topics
            .iter()
            .filter_map(|t| self.topics.get(t))
            .collect();
        if !labels.is_empty() {
            object.insert("labels", json!(labels));
        }
        for topic in &meta.topics {
            if self.topics.contains_key(topic) {
                self.referring
                    .entry(*topic)
                    .or_default()
                    .push((kind, meta.uuid));
            }
        }
        let references = self.citations(&meta.citations, (kind, meta.uuid));
        if !references.is_empty() {
            object.insert("external_references", json!(references));
        }
        // The record's fields are written by `emit`, straight from the record.
        object.insert(
            "extensions",
            json!({ CHANCERY_EXTENSION: {
                "extension_type": "property-extension",
                "record": kind.as_str(),
            }}),
        );
        object
    }

    /// Writes the object made for `record`: its standard properties, then its extensions,
    /// ours with the record's fields less `carried` (those the standard properties say).
    /// Times stay in the fields: STIX keeps them to the millisecond only.
    fn emit(&mut self, mut object: Obj, record: &Record, carried: &[&str]) -> io::Result<()> {
        let extensions = match object.remove("extensions") {
            Some(Value::Object(extensions)) => extensions,
            _ => Map::new(),
        };
        let mut buf = std::mem::take(&mut self.scratch);
        buf.clear();
        serde_json::to_writer(&mut buf, &object)?;
        buf.pop();
        buf.extend_from_slice(b",\"extensions\":{");
        for (at, (key, value)) in extensions.iter().enumerate() {
            if at > 0 {
                buf.push(b',');
            }
            serde_json::to_writer(&mut buf, key)?;
            buf.push(b':');
            match value {
                Value::Object(ours) if key == CHANCERY_EXTENSION => {
                    let mut head = serde_json::to_vec(ours)?;
                    head.pop();
                    buf.extend_from_slice(&head);
                    buf.extend_from_slice(b",\"fields\":");
                    match self.prepared.take() {
                        Some(prepared) => buf.extend_from_slice(&prepared.fields),
                        None => fields(&mut buf, record, carried)?,
                    }
                    buf.push(b'}');
                }
                other => serde_json::to_writer(&mut buf, other)?,
            }
        }
        buf.extend_from_slice(b"}}");
        if !self.first {
            self.out.write_all(b",\n")?;
        }
        self.first = false;
        self.out.write_all(&buf)?;
        self.scratch = buf;
        Ok(())
    }

    /// A record's citations as external references, noting the record as citing each source.
    fn citations(&mut self, citations: &[Citation], citing: (RecordKind, Uuid)) -> Vec<Value> {
        let mut references = Vec::new();
        for citation in citations {
            if self.sources.contains_key(&citation.source) {
                let list = self.referring.entry(citation.source).or_default();
                if list.last() != Some(&citing) {
                    list.push(citing);
                }
            }
            let mut reference = Map::new();
            let name = match self.sources.get(&citation.source) {
                Some(source) if !source.title.trim().is_empty() => source.title.clone(),
                _ => "Source".to_string(),
            };
            reference.insert("source_name".into(), json!(name));
            let described = match (citation.locator.trim(), citation.excerpt.trim()) {
                ("", "") => String::new(),
                (locator, "") => locator.to_string(),
                ("", excerpt) => format!("“{excerpt}”"),
                (locator, excerpt) => format!("{locator}: “{excerpt}”"),
            };
            if !described.is_empty() {
                reference.insert("description".into(), json!(described));
            }
            references.push(Value::Object(reference));
        }
        references
    }

    /// A name OpenCTI will not merge with another record's: the name alone when no other
    /// actor of the class (or meeting) has it, else with what tells it apart.
    fn unique_name(&mut self, class: &'static str, name: &str, tell: String) -> String {
        let shared = self
            .name_counts
            .get(&(class, name.to_lowercase()))
            .is_some_and(|n| *n > 1);
        if !shared {
            return name.to_string();
        }
        format!("{name} ({tell})")
    }

    fn actor(&mut self, actor: &Actor, record: &Record) -> io::Result<()> {
        let class = identity_class(actor.kind);
        let name = self.unique_name(class, &actor.name, short(actor.meta.uuid));
        let mut carried = vec!["description"];
        if name == actor.name {
            carried.push("name");
        }
        let mut object = self.common(record);
        object.insert("name", json!(name));
        if !actor.description.trim().is_empty() {
            object.insert("description", json!(actor.description));
        }
        object.insert("identity_class", json!(class));
        if actor.kind == ActorKind::State {
            object.insert("sectors", json!(["government-national"]));
        }
        if !actor.aliases.is_empty() {
            let aliases: Vec<&str> = actor.aliases.iter().map(|a| a.name.as_str()).collect();
            opencti(&mut object, "aliases", json!(aliases));
        }
        let id = self.id_of(RecordKind::Actor, actor.meta.uuid);
        self.emit(object, record, &carried)?;
        if actor.kind == ActorKind::State {
            self.state_country(actor, &id)?;
        }
        Ok(())
    }

    /// A state is located in its country: the place of its name if there is one, else a
    /// country location of its own.
    fn state_country(&mut self, actor: &Actor, id: &str) -> io::Result<()> {
        let target = match self.place_by_name.get(&actor.name.to_lowercase()) {
            Some(place) => self.id_of(RecordKind::Place, *place),
            None => {
                let Some(code) = alpha2_of(&actor.name) else {
                    return Ok(());
                };
                let location = stix_id("location", actor.meta.uuid, "country");
                let time = stix_time(actor.meta.created_at);
                self.object(&json!({
                    "type": "location",
                    "spec_version": "2.1",
                    "id": location,
                    "created": time,
                    "modified": time,
                    "name": actor.name,
                    "country": code,
                }))?;
                location
            }
        };
        self.relationship(
            stix_id("relationship", actor.meta.uuid, "located-at"),
            "located-at",
            id,
            &target,
            &stix_time(actor.meta.created_at),
            None,
        )
    }

    fn relationship(
        &mut self,
        id: String,
        relationship_type: &str,
        source: &str,
        target: &str,
        time: &str,
        description: Option<String>,
    ) -> io::Result<()> {
        let mut object = json!({
            "type": "relationship",
            "spec_version": "2.1",
            "id": id,
            "created": time,
            "modified": time,
            "relationship_type": relationship_type,
            "source_ref": source,
            "target_ref": target,
        });
        if let (Some(description), Some(map)) = (description, object.as_object_mut()) {
            map.insert("description".into(), json!(description));
        }
        self.object(&object)
    }

    fn meeting(&mut self, meeting: &Meeting, record: &Record) -> io::Result<()> {
        let tell = match &meeting.date {
            Some(date) => date.edtf(),
            None => short(meeting.meta.uuid),
        };
        let name = self.unique_name("event", &meeting.title, tell);
        let mut carried = vec!["summary"];
        if name == meeting.title {
            carried.push("title");
        }
        let mut object = self.common(record);
        object.insert("name", json!(name));
        if !meeting.summary.trim().is_empty() {
            object.insert("description", json!(meeting.summary));
        }
        object.insert("event_types", json!([event_type(meeting.kind)]));
        let start = meeting.date.as_ref().map(widened).and_then(|(s, _)| s);
        let stop = meeting
            .end_date
            .as_ref()
            .or(meeting.date.as_ref())
            .map(widened)
            .and_then(|(_, s)| s);
        if let Some(start) = start {
            object.insert("start_time", json!(start));
        }
        if let Some(stop) = stop {
            object.insert("stop_time", json!(stop));
        }
        // OpenCTI's event is a new object type defined by its extension.
        if let Some(Value::Object(extensions)) = object.get_mut("extensions") {
            extensions.insert(
                OPENCTI_EXTENSION.into(),
                json!({"extension_type": "new-sdo"}),
            );
        }
        let id = self.id_of(RecordKind::Meeting, meeting.meta.uuid);
        self.emit(object, record, &carried)?;
        let time = modified(record);
        for (at, participant) in meeting.participants.iter().enumerate() {
            if self.kinds.get(&participant.actor) != Some(&RecordKind::Actor) {
                continue;
            }
            // The roles in words, for the platform's reader; the meeting's own fields hold
            // the participant exactly (roles, title, whom they represent).
            let mut words = participant.roles_label();
            if !participant.title_at_time.trim().is_empty() {
                words.push_str(&format!(", as {}", participant.title_at_time.trim()));
            }
            self.relationship(
                stix_id(
                    "relationship",
                    meeting.meta.uuid,
                    &format!("participant:{at}"),
                ),
                "related-to",
                &self.id_of(RecordKind::Actor, participant.actor),
                &id,
                &time,
                Some(words),
            )?;
        }
        if let Some(place) = meeting.place
            && self.places.contains_key(&place)
        {
            self.relationship(
                stix_id("relationship", meeting.meta.uuid, "located-at"),
                "located-at",
                &id,
                &self.id_of(RecordKind::Place, place),
                &time,
                None,
            )?;
        }
        Ok(())
    }

    fn statement(&mut self, statement: &Statement, record: &Record) -> io::Result<()> {
        self.statements.insert(statement.meta.uuid);
        let carried = statement_carried(statement);
        let mut object = self.common(record);
        object.insert("content", json!(statement.text));
        if !statement.lang.is_empty() {
            object.insert("lang", json!(statement.lang));
        }
        let mut refs = Vec::new();
        // A speaker or meeting outside the export is left out (nothing may dangle).
        if let Some(speaker) = statement.speaker
            && self.kinds.get(&speaker) == Some(&RecordKind::Actor)
        {
            refs.push(self.id_of(RecordKind::Actor, speaker));
        }
        // A speaker or meeting outside the export is left out (nothing may dangle).
        if let Some(meeting) = statement.meeting
            && self.kinds.get(&meeting) == Some(&RecordKind::Meeting)
        {
            refs.push(self.id_of(RecordKind::Meeting, meeting));
        }
        if refs.is_empty() {
            refs.extend(
                statement
                    .meta
                    .citations
                    .iter()
                    .filter(|c| self.sources.contains_key(&c.source))
                    .map(|c| self.id_of(RecordKind::Source, c.source)),
            );
        }
        object.insert("object_refs", json!(non_empty(refs)));
        let best = statement
            .meta
            .citations
            .iter()
            .filter_map(|c| c.credibility)
            .min();
        if let Some(confidence) = best.and_then(confidence_of) {
            object.insert("confidence", json!(confidence));
        }
        self.emit(object, record, &carried)
    }

    fn link(&mut self, link: &Link, record: &Record) -> io::Result<()> {
        let (Some(from), Some(to)) = (self.kind_of(link.from), self.kind_of(link.to)) else {
            return Ok(());
        };
        let mut object = self.common(record);
        object.insert(
            "relationship_type",
            json!(relationship_type(&link.relation)),
        );
        object.insert("source_ref", json!(self.id_of(from, link.from)));
        object.insert("target_ref", json!(self.id_of(to, link.to)));
        if let Some((Some(start), _)) = link.date_from.as_ref().map(widened) {
            object.insert("start_time", json!(start));
        }
        if let Some((_, Some(stop))) = link.date_to.as_ref().map(widened) {
            object.insert("stop_time", json!(stop));
        }
        self.emit(object, record, &[])
    }

    /// The STIX ids of what refers to a source or topic, each once (and forgotten here).
    fn referring_ids(&mut self, uuid: Uuid) -> Vec<String> {
        let mut refs = self.referring.remove(&uuid).unwrap_or_default();
        refs.sort();
        refs.dedup();
        refs.into_iter()
            .map(|(kind, uuid)| self.id_of(kind, uuid))
            .collect()
    }

    /// The id of the object a record becomes: a place STIX cannot locate is of our own type.
    fn id_of(&self, kind: RecordKind, uuid: Uuid) -> String {
        if kind != RecordKind::Place
            && let Some(id) = self.ids.get(&uuid)
        {
            return id.clone();
        }
        let unlocated = kind == RecordKind::Place
            && self.country_of(uuid).is_none()
            && !self.places.get(&uuid).is_some_and(|p| p.coordinates);
        if unlocated {
            stix_id(PLACE_TYPE, uuid, "")
        } else {
            record_id(kind, uuid)
        }
    }

    fn kind_of(&self, uuid: Uuid) -> Option<RecordKind> {
        if self.statements.contains(&uuid) {
            return Some(RecordKind::Statement);
        }
        self.kinds.get(&uuid).copied()
    }

    fn place(&mut self, place: &Place, record: &Record) -> io::Result<()> {
        let coordinates = place.lat.zip(place.lon);
        let mut carried = vec!["name"];
        if coordinates.is_some() {
            carried.extend(["lat", "lon"]);
        }
        let mut object = self.common(record);
        object.insert("name", json!(place.name));
        match self.country_of(place.meta.uuid) {
            Some(code) => {
                object.insert("country", json!(code));
            }
            None if coordinates.is_none() => {
                // No country, region or coordinates: a place of our own type (its id says so,
                // and references to it use that id).
                if let Some(Value::Object(extensions)) = object.get_mut("extensions")
                    && let Some(Value::Object(ours)) = extensions.get_mut(CHANCERY_EXTENSION)
                {
                    ours.insert("extension_type".into(), json!("new-sdo"));
                }
            }
            None => {}
        }
        if let Some((lat, lon)) = coordinates {
            object.insert("latitude", json!(lat));
            object.insert("longitude", json!(lon));
        }
        self.emit(object, record, &carried)?;
        if let Some(parent) = place.parent
            && self.places.contains_key(&parent)
        {
            let time = modified(record);
            self.relationship(
                stix_id("relationship", place.meta.uuid, "located-at"),
                "located-at",
                &self.id_of(RecordKind::Place, place.meta.uuid),
                &self.id_of(RecordKind::Place, parent),
                &time,
                None,
            )?;
        }
        Ok(())
    }

    /// The country code of a place: its own, else the nearest enclosing place's.
    fn country_of(&self, place: Uuid) -> Option<&'static str> {
        let mut at = Some(place);
        let mut steps = 0;
        while let Some(uuid) = at {
            let note = self.places.get(&uuid)?;
            if let Some(code) = note.country {
                return Some(code);
            }
            at = note.parent;
            steps += 1;
            if steps > 64 {
                return None;
            }
        }
        None
    }

    fn source(&mut self, source: &Source, record: &Record) -> io::Result<()> {
        let citing = self.referring_ids(source.meta.uuid);
        let mut carried = vec!["title"];
        if !source.text.is_empty() {
            carried.push("text");
        }
        let mut object = self.common(record);
        object.insert("name", json!(source.title));
        if !source.text.is_empty() {
            object.insert("description", json!(source.text));
        }
        object.insert("report_types", json!([report_type(source.kind)]));
        let published = source
            .published
            .as_ref()
            .and_then(|d| widened(d).0)
            .unwrap_or_else(|| stix_time(source.meta.created_at));
        object.insert("published", json!(published));
        object.insert("object_refs", json!(non_empty(citing)));
        // STIX wants a hash beside any URL in an external reference, and a page's hash is
        // not known: the URL travels in our extension only (docs/EXCHANGE.md).
        if let Some(grade) = source.reliability {
            opencti(&mut object, "reliability", json!(reliability_words(grade)));
        }
        self.emit(object, record, &carried)
    }
}

/// What can be made of a statement before the writer sees it, on the reading thread: its
/// STIX id (a SHA-1) and its extension's fields (most of its bytes). Statements are nine in
/// ten records, and their making depends on nothing the writer learns.
pub struct Prepared {
    id: String,
    fields: Vec<u8>,
}

/// What a statement's STIX object says in standard properties, and so leaves out of its
/// fields: its words, language, and its speaker and meeting (the first identity and event
/// of `object_refs`, where the reader finds them again).
fn statement_carried(statement: &Statement) -> Vec<&'static str> {
    let mut carried = vec!["text"];
    if !statement.lang.is_empty() {
        carried.push("lang");
    }
    if statement.speaker.is_some() {
        carried.push("speaker");
    }
    if statement.meeting.is_some() {
        carried.push("meeting");
    }
    carried
}

/// Prepares `record` for `StixWriter::write_prepared`, if it is a statement.
pub fn prepare(record: &Record) -> Option<Prepared> {
    let Record::Statement(statement) = record else {
        return None;
    };
    let mut buf = Vec::with_capacity(512);
    fields(&mut buf, record, &statement_carried(statement)).ok()?;
    Some(Prepared {
        id: record_id(RecordKind::Statement, statement.meta.uuid),
        fields: buf,
    })
}

/// A record's fields (as Chancery writes the record) less `carried`, into `buf`. A record
/// with no `base` goes without: the reader takes `updated_at` for it, as a bundle would have
/// written it (the copy descends from this version).
fn fields(buf: &mut Vec<u8>, record: &Record, carried: &[&str]) -> io::Result<()> {
    let missing: Option<(&str, &dyn Erased)> = None;
    let meta = record.meta();
    let mut skip: Vec<&str> = carried.to_vec();
    if meta.base == Some(meta.updated_at) {
        skip.push("base");
    }
    let carried = skip.as_slice();
    macro_rules! write_without {
        ($value:expr) => {
            serde_json::to_writer(
                &mut *buf,
                &Without {
                    value: $value,
                    skip: carried,
                    missing,
                },
            )
        };
    }
    match record {
        Record::Actor(r) => write_without!(r),
        Record::Meeting(r) => write_without!(r),
        Record::Statement(r) => write_without!(r),
        Record::Source(r) => write_without!(r),
        Record::Place(r) => write_without!(r),
        Record::Topic(r) => write_without!(r),
        Record::Link(r) => write_without!(r),
    }?;
    Ok(())
}

/// A STIX object's top-level properties, in the order given, under static keys: a million
/// objects build no tree of key strings to sort, allocate and free.
#[derive(Default)]
struct Obj(Vec<(&'static str, Value)>);

impl Obj {
    /// Sets `key` (replacing its value if it has one).
    fn insert(&mut self, key: &'static str, value: Value) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 = value,
            None => self.0.push((key, value)),
        }
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.0.iter_mut().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    fn remove(&mut self, key: &str) -> Option<Value> {
        let at = self.0.iter().position(|(k, _)| *k == key)?;
        Some(self.0.remove(at).1)
    }

    /// The value under `key`, made by `make` if there is none.
    fn entry_or(&mut self, key: &'static str, make: impl FnOnce() -> Value) -> &mut Value {
        let at = match self.0.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                self.0.push((key, make()));
                self.0.len() - 1
            }
        };
        &mut self.0[at].1
    }
}

impl serde::Serialize for Obj {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// Adds one of OpenCTI's own properties, inside its extension.
fn opencti(object: &mut Obj, key: &str, value: Value) {
    let extensions = object.entry_or("extensions", || Value::Object(Map::new()));
    if let Value::Object(extensions) = extensions {
        let entry = extensions
            .entry(OPENCTI_EXTENSION)
            .or_insert_with(|| json!({"extension_type": "property-extension"}));
        if let Value::Object(entry) = entry {
            entry.insert(key.into(), value);
        }
    }
}

/// STIX lists of references may not be empty: one with nothing to refer to names the
/// identity that made the export.
fn non_empty(mut refs: Vec<String>) -> Vec<String> {
    if refs.is_empty() {
        refs.push(chancery_identity());
    }
    refs
}

/// The class of identity an actor is.
fn identity_class(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Person => "individual",
        ActorKind::Organisation | ActorKind::State => "organization",
        ActorKind::Other => "unknown",
    }
}

/// The first eight digits of a uuid, to tell two records of one name apart.
fn short(uuid: Uuid) -> String {
    uuid.simple().to_string()[..8].to_string()
}

/// A record's `modified`, which STIX wants no earlier than `created`.
fn modified(record: &Record) -> String {
    let meta = record.meta();
    stix_time(meta.updated_at.max(meta.created_at))
}
