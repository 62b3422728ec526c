//! FollowTheMoney entities (one JSON object a line) read into records: ours come back with
//! the uuids in their ids, another tool's get uuids derived from theirs, so importing the
//! same file twice updates rather than duplicates. Schemata Chancery does not hold are
//! counted and listed, not fatal. The mapping is the writer's, read backwards.

use super::{CITED, EDTF_NOTE, END_NOTE, HELD_AT, date_from, uuid_in};
use crate::exchange::foreign::{Converted, ForeignError, uuid_for};
use crate::model::{MeetingKind, PartialDate, RecordKind, Role, SourceKind, StatementKind};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;
use uuid::Uuid;

/// One entity as read.
struct Entity {
    id: String,
    schema: String,
    properties: HashMap<String, Vec<String>>,
}

impl Entity {
    fn all(&self, property: &str) -> &[String] {
        self.properties.get(property).map_or(&[], Vec::as_slice)
    }

    fn first(&self, property: &str) -> Option<&str> {
        self.all(property)
            .iter()
            .map(String::as_str)
            .find(|v| !v.trim().is_empty())
    }

    /// The exact EDTF the writer kept in `property` (the first line starting `EDTF_NOTE`).
    fn edtf(&self, property: &str) -> Option<PartialDate> {
        self.noted(property, EDTF_NOTE)
    }

    /// The date kept in a `property` line starting with `prefix`: "… 2025-07 (“in July”)".
    fn noted(&self, property: &str, prefix: &str) -> Option<PartialDate> {
        self.all(property).iter().find_map(|line| {
            let rest = line.strip_prefix(prefix)?;
            let (edtf, words) = match rest.split_once(" (“") {
                Some((edtf, words)) => (edtf, words.strip_suffix("”)").unwrap_or(words)),
                None => (rest, ""),
            };
            PartialDate::parse(edtf).ok().map(|d| d.with_text(words))
        })
    }

    /// Values of `property` other than the writer's EDTF lines and the given prefixes.
    fn plain(&self, property: &str, skip: &[&str]) -> String {
        self.all(property)
            .iter()
            .filter(|v| !v.starts_with(EDTF_NOTE) && !skip.iter().any(|s| v.starts_with(s)))
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Whether the first line of a file looks like a FollowTheMoney entity.
pub fn looks_like_ftm(first_line: &str) -> bool {
    let Ok(Value::Object(line)) =
        serde_json::from_str::<Value>(first_line.trim_start_matches('\u{FEFF}').trim())
    else {
        return false;
    };
    line.contains_key("schema") && line.contains_key("id")
}

/// Reads FollowTheMoney entities, one a line, into records.
pub fn read(input: impl BufRead) -> Result<Converted, ForeignError> {
    let mut entities = Vec::new();
    for (at, line) in input.lines().enumerate() {
        let line = line.map_err(|e| ForeignError::Line {
            line: at + 1,
            message: e.to_string(),
        })?;
        let line = line.trim_start_matches('\u{FEFF}').trim();
        if line.is_empty() {
            continue;
        }
        let bad = |message: String| ForeignError::Line {
            line: at + 1,
            message,
        };
        let value: Value =
            serde_json::from_str(line).map_err(|e| bad(format!("not valid JSON: {e}")))?;
        let (Some(id), Some(schema)) = (
            value.get("id").and_then(Value::as_str),
            value.get("schema").and_then(Value::as_str),
        ) else {
            return Err(bad("an entity needs an \"id\" and a \"schema\"".into()));
        };
        let mut properties = HashMap::new();
        if let Some(map) = value.get("properties").and_then(Value::as_object) {
            for (name, values) in map {
                let list: Vec<String> = match values {
                    Value::Array(list) => list
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect(),
                    Value::String(one) => vec![one.clone()],
                    _ => Vec::new(),
                };
                properties.insert(name.clone(), list);
            }
        }
        entities.push(Entity {
            id: id.to_string(),
            schema: schema.to_string(),
            properties,
        });
    }
    Ok(Reader::new(&entities).read())
}

const ACTORS: [&str; 5] = [
    "Person",
    "Organization",
    "Company",
    "PublicBody",
    "LegalEntity",
];
const DOCUMENTS: [&str; 6] = [
    "Article",
    "Document",
    "HyperText",
    "PlainText",
    "Pages",
    "Email",
];

struct Reader<'a> {
    entities: &'a [Entity],
    by_id: HashMap<&'a str, &'a Entity>,
    /// Links and representations by the event they belong to.
    at_event: HashMap<&'a str, Vec<&'a Entity>>,
    /// The territory each event was held at.
    held_at: HashMap<&'a str, &'a str>,
    /// The Documentation citing a source for each entity.
    cited: HashMap<&'a str, Vec<&'a Entity>>,
    /// Topics made from keywords, by name.
    keywords: BTreeMap<String, Uuid>,
    out: Converted,
}

fn uuid_of(id: &str) -> Uuid {
    uuid_in(id).unwrap_or_else(|| uuid_for(id))
}

/// A day as a timestamp (FtM keeps dates only).
fn stamp(day: Option<&str>) -> String {
    match day.and_then(|d| d.get(..10)) {
        Some(day) if PartialDate::parse(day).is_ok() => format!("{day}T00:00:00Z"),
        _ => "1970-01-01T00:00:00Z".to_string(),
    }
}

impl<'a> Reader<'a> {
    fn new(entities: &'a [Entity]) -> Reader<'a> {
        let by_id: HashMap<&str, &Entity> = entities.iter().map(|e| (e.id.as_str(), e)).collect();
        let mut at_event: HashMap<&str, Vec<&Entity>> = HashMap::new();
        let mut held_at = HashMap::new();
        let mut cited: HashMap<&str, Vec<&Entity>> = HashMap::new();
        for entity in entities {
            if entity.schema == "Documentation"
                && entity.first("role") == Some(CITED)
                && let Some(of) = entity.first("entity")
            {
                cited.entry(of).or_default().push(entity);
                continue;
            }
            if entity.schema == "UnknownLink"
                && entity.first("role") == Some(HELD_AT)
                && let (Some(event), Some(place)) =
                    (entity.first("subject"), entity.first("object"))
            {
                held_at.insert(event, place);
                continue;
            }
            let event = match entity.schema.as_str() {
                "UnknownLink" => entity.first("object"),
                "Representation" => entity.first("recordId"),
                _ => None,
            };
            if let Some(event) = event
                && by_id.get(event).is_some_and(|e| e.schema == "Event")
            {
                at_event.entry(event).or_default().push(entity);
            }
        }
        Reader {
            entities,
            by_id,
            at_event,
            held_at,
            cited,
            keywords: BTreeMap::new(),
            out: Converted::default(),
        }
    }

    fn schema_of(&self, id: &str) -> Option<&str> {
        self.by_id.get(id).map(|e| e.schema.as_str())
    }

    fn read(mut self) -> Converted {
        let mut statements: BTreeMap<String, Vec<&Entity>> = BTreeMap::new();
        for entity in self.entities {
            let schema = entity.schema.as_str();
            match schema {
                s if ACTORS.contains(&s) => self.actor(entity),
                "Territory" => self.place(entity),
                "Event" => self.meeting(entity),
                s if DOCUMENTS.contains(&s) => self.source(entity),
                "Documentation" if entity.first("role") == Some(CITED) => {}
                "Documentation" => {
                    let key = entity
                        .first("recordId")
                        .filter(|r| Uuid::parse_str(r).is_ok())
                        .map_or_else(|| entity.id.clone(), str::to_string);
                    statements.entry(key).or_default().push(entity);
                }
                "Note" => self.note(entity),
                "UnknownLink" => self.link(entity),
                "Representation" | "Position" | "Occupancy"
                    if entity.id.starts_with(super::ID_PREFIX) => {}
                other => self.out.leave_out(other.to_string()),
            }
        }
        for (key, documentations) in statements {
            self.statement(&key, &documentations);
        }
        for (name, uuid) in std::mem::take(&mut self.keywords) {
            let now = jiff::Timestamp::now().to_string();
            if let Value::Object(fields) =
                json!({"uuid": uuid, "name": name, "created_at": now, "updated_at": now})
            {
                self.out.add(RecordKind::Topic, fields, "keyword");
            }
        }
        self.out
    }

    /// The identity, times, notes, topics and citations of the record an entity becomes.
    fn base(&mut self, entity: &Entity, uuid: Uuid, skip_keywords: &[&str]) -> Map<String, Value> {
        let mut fields = Map::new();
        let citations: Vec<Value> = self
            .cited
            .get(entity.id.as_str())
            .into_iter()
            .flatten()
            .filter_map(|documentation| self.citation(documentation))
            .collect();
        if !citations.is_empty() {
            fields.insert("citations".into(), json!(citations));
        }
        fields.insert("uuid".into(), json!(uuid));
        let created = stamp(entity.first("createdAt"));
        let modified = stamp(entity.first("modifiedAt").or(entity.first("createdAt")));
        fields.insert("created_at".into(), json!(created));
        fields.insert("updated_at".into(), json!(modified.max(created)));
        let notes = entity.plain("notes", &["Reliability: ", END_NOTE]);
        if !notes.is_empty() {
            fields.insert("notes".into(), json!(notes));
        }
        let topics: Vec<Uuid> = entity
            .all("keywords")
            .iter()
            .filter(|k| !skip_keywords.contains(&k.as_str()))
            .map(|k| {
                *self
                    .keywords
                    .entry(k.clone())
                    .or_insert_with(|| uuid_for(&format!("keyword:{k}")))
            })
            .collect();
        if !topics.is_empty() {
            fields.insert("topics".into(), json!(topics));
        }
        fields
    }

    fn actor(&mut self, entity: &Entity) {
        let mut fields = self.base(entity, uuid_of(&entity.id), &[]);
        let kind = match entity.schema.as_str() {
            "Person" => "person",
            "PublicBody" => "state",
            "Organization" | "Company" => "organisation",
            _ => "other",
        };
        fields.insert("kind".into(), json!(kind));
        let names = entity.all("name");
        fields.insert(
            "name".into(),
            json!(names.first().cloned().unwrap_or_default()),
        );
        let mut aliases = Vec::new();
        for (property, alias_kind) in [
            ("name", "official"),
            ("alias", "official"),
            ("weakAlias", "weak"),
            ("previousName", "former"),
        ] {
            let skip = usize::from(property == "name");
            for name in entity.all(property).iter().skip(skip) {
                aliases.push(json!({"name": name, "kind": alias_kind}));
            }
        }
        if !aliases.is_empty() {
            fields.insert("aliases".into(), json!(aliases));
        }
        let description = entity.plain("description", &[]);
        if !description.is_empty() {
            fields.insert("description".into(), json!(description));
        }
        self.out.add(RecordKind::Actor, fields, &entity.schema);
    }

    fn place(&mut self, entity: &Entity) {
        let mut fields = self.base(entity, uuid_of(&entity.id), &[]);
        fields.insert(
            "name".into(),
            json!(entity.first("name").unwrap_or("Unnamed place")),
        );
        if let Some(parent) = entity.first("partOf")
            && self.schema_of(parent) == Some("Territory")
        {
            fields.insert("parent".into(), json!(uuid_of(parent)));
        }
        for line in entity.all("description") {
            if let Some((lat, lon)) = line
                .strip_prefix("Coordinates: ")
                .and_then(|c| c.split_once(", "))
                && let (Ok(lat), Ok(lon)) = (lat.parse::<f64>(), lon.parse::<f64>())
            {
                fields.insert("lat".into(), json!(lat));
                fields.insert("lon".into(), json!(lon));
            }
        }
        self.out.add(RecordKind::Place, fields, "Territory");
    }

    fn meeting(&mut self, entity: &Entity) {
        let kind = entity
            .all("keywords")
            .iter()
            .find_map(|k| k.parse::<MeetingKind>().ok())
            .unwrap_or(MeetingKind::Other);
        let mut fields = self.base(entity, uuid_of(&entity.id), &[kind.label()]);
        fields.insert("kind".into(), json!(kind.as_str()));
        fields.insert("title".into(), json!(entity.first("name").unwrap_or("")));
        if let Some(summary) = entity.first("summary") {
            fields.insert("summary".into(), json!(summary));
        }
        if let Some(outcome) = entity.first("description") {
            fields.insert("outcome".into(), json!(outcome));
        }
        // Our events say their dates exactly in the notes; others' in date fields.
        let date = entity.noted("notes", EDTF_NOTE).or_else(|| {
            date_from(
                entity.first("date"),
                entity.first("startDate"),
                entity
                    .first("endDate")
                    .filter(|_| entity.first("date").is_none()),
            )
        });
        if let Some(date) = date {
            fields.insert("date".into(), json!(date));
        }
        if let Some(end) = entity.noted("notes", END_NOTE) {
            fields.insert("end_date".into(), json!(end));
        }
        let held_at = self
            .held_at
            .get(entity.id.as_str())
            .copied()
            .or_else(|| entity.first("addressEntity"))
            .filter(|place| self.schema_of(place) == Some("Territory"));
        if let Some(place) = held_at {
            fields.insert("place".into(), json!(uuid_of(place)));
        }
        let mut participants: Vec<Value> = Vec::new();
        let mut seen = Vec::new();
        for part in self.at_event.get(entity.id.as_str()).into_iter().flatten() {
            if part.schema != "UnknownLink" {
                continue;
            }
            let Some(actor) = part.first("subject").filter(|s| {
                self.schema_of(s)
                    .is_some_and(|schema| ACTORS.contains(&schema))
            }) else {
                continue;
            };
            let roles: Vec<&str> = part
                .first("role")
                .unwrap_or("")
                .split(", ")
                .filter_map(|r| r.parse::<Role>().ok())
                .map(Role::as_str)
                .collect();
            let represents = self
                .at_event
                .get(entity.id.as_str())
                .into_iter()
                .flatten()
                .find(|r| r.schema == "Representation" && r.first("agent") == Some(actor))
                .and_then(|r| r.first("client"))
                .map(uuid_of);
            let mut participant = json!({"actor": uuid_of(actor), "roles": roles});
            if let Some(map) = participant.as_object_mut() {
                let title = part.plain("description", &[]);
                if !title.is_empty() {
                    map.insert("title_at_time".into(), json!(title));
                }
                if let Some(represents) = represents {
                    map.insert("represents".into(), json!(represents));
                }
            }
            seen.push(actor.to_string());
            participants.push(participant);
        }
        let organizers = entity.all("organizer");
        for actor in entity.all("involved").iter().chain(organizers) {
            if seen.contains(actor)
                || !self
                    .schema_of(actor)
                    .is_some_and(|schema| ACTORS.contains(&schema))
            {
                continue;
            }
            seen.push(actor.clone());
            let roles: Vec<&str> = if organizers.contains(actor) {
                vec![Role::Host.as_str()]
            } else {
                Vec::new()
            };
            participants.push(json!({"actor": uuid_of(actor), "roles": roles}));
        }
        if !participants.is_empty() {
            fields.insert("participants".into(), json!(participants));
        }
        self.out.add(RecordKind::Meeting, fields, "Event");
    }

    fn source(&mut self, entity: &Entity) {
        let mut fields = self.base(entity, uuid_of(&entity.id), &[]);
        let title = entity
            .first("title")
            .or(entity.first("name"))
            .or(entity.first("fileName"))
            .unwrap_or("Untitled");
        fields.insert("title".into(), json!(title));
        let kind = entity
            .first("summary")
            .and_then(|s| s.parse::<SourceKind>().ok())
            .unwrap_or(SourceKind::Other);
        fields.insert("kind".into(), json!(kind.as_str()));
        for (from, to) in [
            ("author", "author"),
            ("publisher", "outlet"),
            ("sourceUrl", "url"),
            ("bodyText", "text"),
        ] {
            if let Some(value) = entity.first(from) {
                fields.insert(to.into(), json!(value));
            }
        }
        let published = entity
            .edtf("notes")
            .or_else(|| date_from(entity.first("publishedAt"), None, None));
        if let Some(published) = published {
            fields.insert("published".into(), json!(published));
        }
        if let Some(accessed) = date_from(entity.first("retrievedAt"), None, None) {
            fields.insert("accessed".into(), json!(accessed));
        }
        let grade = entity.all("notes").iter().find_map(|n| {
            n.strip_prefix("Reliability: ")
                .and_then(|g| g.get(..1))
                .and_then(|g| g.parse::<crate::model::Reliability>().ok())
        });
        if let Some(grade) = grade {
            fields.insert("reliability".into(), json!(grade));
        }
        self.out.add(RecordKind::Source, fields, &entity.schema);
    }

    /// Who or what a statement's entity is: its speaker or its meeting.
    fn about(&self, fields: &mut Map<String, Value>, entity: Option<&str>) {
        let Some(about) = entity else {
            return;
        };
        match self.schema_of(about) {
            Some("Event") => {
                fields.insert("meeting".into(), json!(uuid_of(about)));
            }
            Some(schema) if ACTORS.contains(&schema) => {
                fields.insert("speaker".into(), json!(uuid_of(about)));
            }
            _ => {}
        }
    }

    fn statement(&mut self, key: &str, documentations: &[&Entity]) {
        let Some(first) = documentations.first() else {
            return;
        };
        let uuid = Uuid::parse_str(key).unwrap_or_else(|_| uuid_of(key));
        let mut fields = self.base(first, uuid, &[]);
        fields.insert("text".into(), json!(first.first("summary").unwrap_or("")));
        let kind = first
            .first("role")
            .and_then(|r| r.parse::<StatementKind>().ok())
            .unwrap_or(StatementKind::Reported);
        fields.insert("kind".into(), json!(kind.as_str()));
        self.about(&mut fields, first.first("entity"));
        for line in first.all("description") {
            if let Some(lang) = line.strip_prefix("Language: ") {
                fields.insert("lang".into(), json!(lang));
            }
            if let Some(notes) = line.strip_prefix("Notes: ") {
                fields.insert("notes".into(), json!(notes));
            }
            if let Some(hedge) = line.strip_prefix("Hedge: ") {
                fields.insert("hedge".into(), json!(hedge));
            }
            if let Some(meeting) = line.strip_prefix("At: ")
                && self.schema_of(meeting) == Some("Event")
            {
                fields.insert("meeting".into(), json!(uuid_of(meeting)));
            }
        }
        let date = first
            .edtf("description")
            .or_else(|| date_from(first.first("date"), None, None));
        if let Some(date) = date {
            fields.insert("date".into(), json!(date));
        }
        let mut citations = Vec::new();
        for documentation in documentations {
            let Some(citation) = self.citation(documentation) else {
                continue;
            };
            citations.push(citation);
        }
        if !citations.is_empty() {
            fields.insert("citations".into(), json!(citations));
        }
        self.out.add(RecordKind::Statement, fields, "Documentation");
    }

    /// A Documentation read as a citation of its document.
    fn citation(&self, documentation: &Entity) -> Option<Value> {
        let source = documentation
            .first("document")
            .filter(|d| self.schema_of(d).is_some_and(|s| DOCUMENTS.contains(&s)))?;
        let mut citation = json!({"source": uuid_of(source)});
        if let Some(map) = citation.as_object_mut() {
            let credibility = documentation.first("status").and_then(|s| {
                s.strip_prefix("Credibility ")
                    .and_then(|c| c.get(..1))
                    .and_then(|c| c.parse::<u8>().ok())
            });
            if let Some(credibility) = credibility {
                map.insert("credibility".into(), json!(credibility));
            }
            let cited = documentation
                .all("description")
                .iter()
                .find(|l| l.ends_with('”') && !l.starts_with(EDTF_NOTE));
            if let Some((locator, excerpt)) = cited.and_then(|l| l.split_once('“')) {
                map.insert("locator".into(), json!(locator.trim()));
                map.insert(
                    "excerpt".into(),
                    json!(excerpt.strip_suffix('”').unwrap_or(excerpt)),
                );
            }
        }
        Some(citation)
    }

    fn note(&mut self, entity: &Entity) {
        let mut fields = self.base(entity, uuid_of(&entity.id), &[]);
        fields.insert(
            "text".into(),
            json!(entity.first("description").unwrap_or("")),
        );
        let kind = entity
            .first("summary")
            .and_then(|r| r.parse::<StatementKind>().ok())
            .unwrap_or(StatementKind::Reported);
        fields.insert("kind".into(), json!(kind.as_str()));
        self.about(&mut fields, entity.first("entity"));
        self.out.add(RecordKind::Statement, fields, "Note");
    }

    fn link(&mut self, entity: &Entity) {
        let (Some(subject), Some(object)) = (entity.first("subject"), entity.first("object"))
        else {
            self.out.leave_out("UnknownLink (an end is missing)");
            return;
        };
        // A participant's link is read with its event, and so is its place.
        if entity.first("role") == Some(HELD_AT) && self.schema_of(subject) == Some("Event") {
            return;
        }
        if self.schema_of(object) == Some("Event")
            && self.schema_of(subject).is_some_and(|s| ACTORS.contains(&s))
        {
            return;
        }
        let ends = ["Territory", "Event"];
        let known = |id: &str| {
            self.schema_of(id)
                .is_some_and(|s| ACTORS.contains(&s) || ends.contains(&s))
        };
        if !(known(subject) && known(object)) {
            self.out.leave_out("UnknownLink (an end is not imported)");
            return;
        }
        let mut fields = self.base(entity, uuid_of(&entity.id), &[]);
        fields.insert("from".into(), json!(uuid_of(subject)));
        fields.insert("to".into(), json!(uuid_of(object)));
        fields.insert(
            "relation".into(),
            json!(entity.first("role").unwrap_or("related to")),
        );
        let from = entity
            .edtf("description")
            .or_else(|| date_from(entity.first("startDate"), None, None));
        if let Some(from) = from {
            fields.insert("date_from".into(), json!(from));
        }
        if let Some(to) = date_from(entity.first("endDate"), None, None) {
            fields.insert("date_to".into(), json!(to));
        }
        let notes = entity.plain("description", &[]);
        if !notes.is_empty() {
            fields.insert("notes".into(), json!(notes));
        }
        self.out.add(RecordKind::Link, fields, "UnknownLink");
    }
}
