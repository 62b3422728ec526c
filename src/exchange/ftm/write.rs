//! Records as FollowTheMoney entities, one JSON object a line, written as they come (places
//! first, so that events can name their country):
//! - a person, organisation or state → Person, Organization or PublicBody (other actors
//!   LegalEntity), with aliases, and topics as keywords;
//! - a place → Territory, `partOf` its parent;
//! - a meeting → Event (`involved`, hosts as `organizer`, `country` of its place); each
//!   participant → UnknownLink (actor → event, `role`), a title at the time → Position +
//!   Occupancy, *represents* → Representation;
//! - a source → Article; a statement → Documentation per citation (Article → speaker or
//!   meeting, `role` = kind, `summary` = the words, `status` = grade and credibility), or a
//!   Note when nothing cites it;
//! - a link between actors, meetings or places → UnknownLink with the relation as `role`.
//!
//! Partial dates become ISO prefixes; where that approximates, the exact EDTF is kept in
//! `notes` (or `description`, for schemata without notes).

use super::{CITED, EDTF_NOTE, END_NOTE, HELD_AT, entity_id, ftm_date, part_id};
use crate::exchange::countries::alpha2_of;
use crate::model::{
    Actor, ActorKind, Link, Meeting, PartialDate, Place, Record, RecordKind, Role, Source,
    Statement,
};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::io::{self, Write};
use uuid::Uuid;

/// One entity being built: its properties, each a list of strings.
struct Entity {
    id: String,
    schema: &'static str,
    properties: Map<String, Value>,
}

impl Entity {
    fn new(id: String, schema: &'static str) -> Entity {
        Entity {
            id,
            schema,
            properties: Map::new(),
        }
    }

    /// Adds `value` to the property (nothing when it is blank).
    fn add(&mut self, property: &str, value: impl AsRef<str>) -> &mut Self {
        let value = value.as_ref().trim();
        if value.is_empty() {
            return self;
        }
        if !self.properties.contains_key(property) {
            self.properties
                .insert(property.to_string(), Value::Array(Vec::new()));
        }
        let Some(list) = self.properties.get_mut(property) else {
            return self;
        };
        if let Value::Array(list) = list
            && !list.iter().any(|v| v.as_str() == Some(value))
        {
            list.push(Value::String(value.to_string()));
        }
        self
    }

    /// A partial date: its prefix under `property` (or the interval's ends under
    /// startDate/endDate), and its exact EDTF under `note_property` when approximated.
    fn date(&mut self, property: &str, date: &PartialDate, note_property: &str) -> &mut Self {
        let ftm = ftm_date(date);
        if let Some(day) = &ftm.date {
            self.add(property, day);
        }
        if let Some(start) = &ftm.start {
            self.add("startDate", start);
        }
        if let Some(end) = &ftm.end {
            self.add("endDate", end);
        }
        if ftm.approximated {
            self.add(
                note_property,
                format!("{EDTF_NOTE}{}{}", date.edtf(), worded(date)),
            );
        }
        self
    }
}

/// The words a date was written in, as the notes keep them: ` (“on Tuesday”)`.
fn worded(date: &PartialDate) -> String {
    date.text().map(|t| format!(" (“{t}”)")).unwrap_or_default()
}

/// A citation's credibility as `status`, its locator and excerpt as `description`.
fn cited_words(documentation: &mut Entity, citation: &crate::model::Citation) {
    if let Some(credibility) = citation.credibility {
        documentation.add("status", format!("Credibility {}", credibility.label()));
    }
    if !citation.locator.is_empty() || !citation.excerpt.is_empty() {
        documentation.add(
            "description",
            format!("{} “{}”", citation.locator, citation.excerpt).trim(),
        );
    }
}

/// Writes entities to `out`; see the module's doc.
pub struct FtmWriter<'w> {
    out: &'w mut (dyn Write + Send),
    /// Places' parents and own country codes, for events' `country`.
    places: HashMap<Uuid, (Option<Uuid>, Option<&'static str>)>,
    topics: HashMap<Uuid, String>,
    place_names: HashMap<Uuid, String>,
    persons: std::collections::HashSet<Uuid>,
    /// Which records became an entity that other entities may point to (Thing or Document).
    written: HashMap<Uuid, RecordKind>,
    /// Entities written.
    pub entities: usize,
}

impl<'w> FtmWriter<'w> {
    pub fn new(out: &'w mut (dyn Write + Send)) -> FtmWriter<'w> {
        FtmWriter {
            out,
            places: HashMap::new(),
            topics: HashMap::new(),
            place_names: HashMap::new(),
            persons: Default::default(),
            written: HashMap::new(),
            entities: 0,
        }
    }

    pub fn end(self) -> io::Result<()> {
        self.out.flush()
    }

    fn emit(&mut self, entity: Entity) -> io::Result<()> {
        /// One line as FtM writes it: the id first (by which a later export knows the file).
        #[derive(serde::Serialize)]
        struct Line<'e> {
            id: &'e str,
            schema: &'e str,
            properties: &'e Map<String, Value>,
        }
        let line = Line {
            id: &entity.id,
            schema: entity.schema,
            properties: &entity.properties,
        };
        serde_json::to_writer(&mut *self.out, &line)?;
        self.out.write_all(b"\n")?;
        self.entities += 1;
        Ok(())
    }

    /// Whether `uuid` became an entity of one of `kinds`.
    fn is(&self, uuid: Uuid, kinds: &[RecordKind]) -> bool {
        self.written.get(&uuid).is_some_and(|k| kinds.contains(k))
    }

    /// The notes, topics and record times every entity of a record carries: a Thing has
    /// notes, keywords and a creation date; an interval (a link) only a description.
    fn common(&self, entity: &mut Entity, record: &Record, notes: &str) {
        let meta = record.meta();
        entity.add(notes, &meta.notes);
        entity.add("modifiedAt", &meta.updated_at.to_string()[..10]);
        if notes != "notes" {
            return;
        }
        entity.add("createdAt", &meta.created_at.to_string()[..10]);
        for topic in &meta.topics {
            if let Some(name) = self.topics.get(topic) {
                entity.add("keywords", name);
            }
        }
    }

    /// The country code of a place, or of the nearest place around it that has one.
    fn country_of(&self, place: Uuid) -> Option<&'static str> {
        let mut at = Some(place);
        for _ in 0..64 {
            let (parent, code) = self.places.get(&at?)?;
            if code.is_some() {
                return *code;
            }
            at = *parent;
        }
        None
    }

    /// Writes the entities `record` becomes.
    pub fn write(&mut self, record: &Record) -> io::Result<()> {
        self.write_record(record)?;
        let cites = matches!(
            record.kind(),
            RecordKind::Actor | RecordKind::Meeting | RecordKind::Place
        );
        if !cites {
            return Ok(());
        }
        let uuid = record.uuid();
        for (at, citation) in record.meta().citations.iter().enumerate() {
            if !self.is(citation.source, &[RecordKind::Source]) {
                continue;
            }
            let mut documentation =
                Entity::new(part_id(uuid, &format!("cited:{at}")), "Documentation");
            documentation
                .add("document", entity_id(citation.source))
                .add("entity", entity_id(uuid))
                .add("role", CITED);
            cited_words(&mut documentation, citation);
            self.emit(documentation)?;
        }
        Ok(())
    }

    fn write_record(&mut self, record: &Record) -> io::Result<()> {
        match record {
            Record::Place(p) => self.place(p, record),
            Record::Topic(t) => {
                // FtM has no topic: its name goes on each tagged entity as a keyword.
                self.topics.insert(t.meta.uuid, t.name.clone());
                Ok(())
            }
            Record::Source(s) => self.source(s, record),
            Record::Actor(a) => self.actor(a, record),
            Record::Meeting(m) => self.meeting(m, record),
            Record::Statement(s) => self.statement(s, record),
            Record::Link(l) => self.link(l, record),
        }
    }

    fn place(&mut self, place: &Place, record: &Record) -> io::Result<()> {
        let code = alpha2_of(&place.name);
        self.places.insert(place.meta.uuid, (place.parent, code));
        self.place_names.insert(place.meta.uuid, place.name.clone());
        let mut entity = Entity::new(entity_id(place.meta.uuid), "Territory");
        entity.add("name", &place.name);
        if let Some(code) = code {
            entity.add("level", "country");
            entity.add("territoryCode", code.to_lowercase());
        }
        if let Some(country) = self.country_of(place.meta.uuid) {
            entity.add("country", country.to_lowercase());
        }
        if let Some(parent) = place.parent {
            entity.add("partOf", entity_id(parent));
        }
        if let (Some(lat), Some(lon)) = (place.lat, place.lon) {
            entity.add("description", format!("Coordinates: {lat}, {lon}"));
        }
        self.common(&mut entity, record, "notes");
        self.written.insert(place.meta.uuid, RecordKind::Place);
        self.emit(entity)
    }

    fn source(&mut self, source: &Source, record: &Record) -> io::Result<()> {
        let mut entity = Entity::new(entity_id(source.meta.uuid), "Article");
        entity.add("title", &source.title);
        entity.add("fileName", &source.title);
        entity.add("author", &source.author);
        entity.add("publisher", &source.outlet);
        entity.add("sourceUrl", &source.url);
        entity.add("bodyText", &source.text);
        if let Some(published) = &source.published {
            entity.date("publishedAt", published, "notes");
        }
        if let Some(accessed) = &source.accessed
            && let Some(day) = ftm_date(accessed).date
        {
            entity.add("retrievedAt", day);
        }
        if let Some(grade) = source.reliability {
            entity.add("notes", format!("Reliability: {}", grade.label()));
        }
        entity.add("summary", source.kind.label());
        self.common(&mut entity, record, "notes");
        self.written.insert(source.meta.uuid, RecordKind::Source);
        self.emit(entity)
    }

    fn actor(&mut self, actor: &Actor, record: &Record) -> io::Result<()> {
        let schema = match actor.kind {
            ActorKind::Person => "Person",
            ActorKind::Organisation => "Organization",
            ActorKind::State => "PublicBody",
            ActorKind::Other => "LegalEntity",
        };
        let mut entity = Entity::new(entity_id(actor.meta.uuid), schema);
        entity.add("name", &actor.name);
        for alias in &actor.aliases {
            let property = match alias.kind {
                crate::model::AliasKind::Former => "previousName",
                crate::model::AliasKind::Weak => "weakAlias",
                _ => "alias",
            };
            entity.add(property, &alias.name);
        }
        entity.add("description", &actor.description);
        if actor.kind == ActorKind::State
            && let Some(code) = alpha2_of(&actor.name)
        {
            entity.add("country", code.to_lowercase());
        }
        self.common(&mut entity, record, "notes");
        self.written.insert(actor.meta.uuid, RecordKind::Actor);
        if actor.kind == ActorKind::Person {
            self.persons.insert(actor.meta.uuid);
        }
        self.emit(entity)
    }

    fn meeting(&mut self, meeting: &Meeting, record: &Record) -> io::Result<()> {
        let id = entity_id(meeting.meta.uuid);
        let mut event = Entity::new(id.clone(), "Event");
        event.add("name", &meeting.title);
        event.add("summary", &meeting.summary);
        event.add("keywords", meeting.kind.label());
        event.add("description", meeting.meta.plain.get("outcome"));
        let mut parts = Vec::new();
        match (&meeting.date, &meeting.end_date) {
            (Some(date), None) => {
                event.date("date", date, "notes");
            }
            (date, end) => {
                if let Some(date) = date {
                    event.date("startDate", date, "notes");
                }
                if let Some(end) = end {
                    event.date("endDate", end, "notes");
                }
            }
        }
        // Which note is which: the start and end are said in words, always.
        event.properties.remove("notes");
        if let Some(date) = &meeting.date {
            event.add(
                "notes",
                format!("{EDTF_NOTE}{}{}", date.edtf(), worded(date)),
            );
        }
        if let Some(end) = &meeting.end_date {
            event.add("notes", format!("{END_NOTE}{}{}", end.edtf(), worded(end)));
        }
        if let Some(place) = meeting.place {
            if let Some(code) = self.country_of(place) {
                event.add("country", code.to_lowercase());
            }
            if let Some(name) = self.place_names.get(&place) {
                event.add("location", name);
                // FtM names no territory from an event: the place is a link of its own.
                let mut held = Entity::new(part_id(meeting.meta.uuid, "place"), "UnknownLink");
                held.add("subject", &id)
                    .add("object", entity_id(place))
                    .add("role", HELD_AT);
                parts.push(held);
            }
        }
        for (at, participant) in meeting.participants.iter().enumerate() {
            if !self.is(participant.actor, &[RecordKind::Actor]) {
                continue;
            }
            let actor = entity_id(participant.actor);
            event.add("involved", &actor);
            if participant.roles.contains(&Role::Host) {
                event.add("organizer", &actor);
            }
            let mut link = Entity::new(
                part_id(meeting.meta.uuid, &format!("participant:{at}")),
                "UnknownLink",
            );
            link.add("subject", &actor)
                .add("object", &id)
                .add("role", participant.roles_label())
                .add("description", &participant.title_at_time);
            if let Some(date) = &meeting.date {
                link.date("date", date, "description");
            }
            parts.push(link);
            // FtM's Occupancy holds people only; others keep their title on the link.
            if !participant.title_at_time.trim().is_empty()
                && self.persons.contains(&participant.actor)
            {
                let position_id = part_id(meeting.meta.uuid, &format!("position:{at}"));
                let mut position = Entity::new(position_id.clone(), "Position");
                position.add("name", &participant.title_at_time);
                let mut occupancy = Entity::new(
                    part_id(meeting.meta.uuid, &format!("occupancy:{at}")),
                    "Occupancy",
                );
                occupancy
                    .add("holder", &actor)
                    .add("post", &position_id)
                    .add("description", format!("At {}", meeting.title));
                if let Some(date) = &meeting.date {
                    occupancy.date("date", date, "description");
                }
                parts.push(position);
                parts.push(occupancy);
            }
            if let Some(client) = participant.represents
                && self.is(client, &[RecordKind::Actor])
            {
                let mut representation = Entity::new(
                    part_id(meeting.meta.uuid, &format!("represents:{at}")),
                    "Representation",
                );
                representation
                    .add("agent", &actor)
                    .add("client", entity_id(client))
                    .add("role", format!("At {}", meeting.title))
                    .add("recordId", &id);
                parts.push(representation);
            }
        }
        self.common(&mut event, record, "notes");
        self.written.insert(meeting.meta.uuid, RecordKind::Meeting);
        self.emit(event)?;
        for part in parts {
            self.emit(part)?;
        }
        Ok(())
    }

    fn statement(&mut self, statement: &Statement, record: &Record) -> io::Result<()> {
        let entity_of = [statement.speaker, statement.meeting]
            .into_iter()
            .flatten()
            .find(|u| self.is(*u, &[RecordKind::Actor, RecordKind::Meeting]));
        let cited: Vec<_> = statement
            .meta
            .citations
            .iter()
            .filter(|c| self.is(c.source, &[RecordKind::Source]))
            .collect();
        let fill = |entity: &mut Entity, this: &FtmWriter| {
            entity.add("summary", &statement.text);
            entity.add("recordId", statement.meta.uuid.to_string());
            if let Some(date) = &statement.date {
                entity.date("date", date, "description");
            }
            if !statement.lang.is_empty() {
                entity.add("description", format!("Language: {}", statement.lang));
            }
            if !statement.meta.notes.is_empty() {
                entity.add("description", format!("Notes: {}", statement.meta.notes));
            }
            if !statement.hedge.is_empty() {
                entity.add("description", format!("Hedge: {}", statement.hedge));
            }
            if let Some(meeting) = statement.meeting
                && Some(meeting) != entity_of
                && this.is(meeting, &[RecordKind::Meeting])
            {
                entity.add("description", format!("At: {}", entity_id(meeting)));
            }
        };
        let Some(entity_of) = entity_of.filter(|_| !cited.is_empty()) else {
            // Nothing to document it by: a note on its speaker or meeting, if any.
            let mut note = Entity::new(entity_id(statement.meta.uuid), "Note");
            note.add("description", &statement.text);
            note.add("summary", statement.kind.label());
            if let Some(about) = entity_of {
                note.add("entity", entity_id(about));
            }
            self.common(&mut note, record, "notes");
            return self.emit(note);
        };
        for (at, citation) in cited.iter().enumerate() {
            let id = if at == 0 {
                entity_id(statement.meta.uuid)
            } else {
                part_id(statement.meta.uuid, &format!("citation:{at}"))
            };
            let mut documentation = Entity::new(id, "Documentation");
            documentation
                .add("document", entity_id(citation.source))
                .add("entity", entity_id(entity_of))
                .add("role", statement.kind.label());
            cited_words(&mut documentation, citation);
            fill(&mut documentation, self);
            self.emit(documentation)?;
        }
        Ok(())
    }

    fn link(&mut self, link: &Link, record: &Record) -> io::Result<()> {
        let things = [RecordKind::Actor, RecordKind::Meeting, RecordKind::Place];
        if !(self.is(link.from, &things) && self.is(link.to, &things)) {
            return Ok(());
        }
        let mut entity = Entity::new(entity_id(link.meta.uuid), "UnknownLink");
        entity
            .add("subject", entity_id(link.from))
            .add("object", entity_id(link.to))
            .add("role", &link.relation);
        if let Some(from) = &link.date_from {
            entity.date("startDate", from, "description");
        }
        if let Some(to) = &link.date_to {
            entity.date("endDate", to, "description");
        }
        self.common(&mut entity, record, "description");
        self.emit(entity)
    }
}
