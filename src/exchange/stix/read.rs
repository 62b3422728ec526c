//! A STIX 2.1 bundle read into records: ours (each object's fields come back from our
//! extension, with what the standard properties say) or another platform's (OpenCTI, MISP:
//! identities, locations, events, notes, reports, groupings and relationships mapped as
//! docs/EXCHANGE.md says). Objects of other types are counted and listed, not fatal.

use super::{
    CHANCERY_EXTENSION, OPENCTI_EXTENSION, PLACE_TYPE, chancery_identity, credibility_of,
    date_between, day_of, meeting_kind, reliability_from_words, source_kind, uuid_of,
};
use crate::exchange::foreign::{Converted, ForeignError, uuid_for};
use crate::model::RecordKind;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

type Object = Map<String, Value>;

/// Whether a file whose first few kilobytes are `start` is a STIX bundle: a JSON object
/// whose `type` is `bundle` (not our own bundle, whose `format` says so).
pub fn looks_like_stix(start: &str) -> bool {
    let start = start.trim_start_matches('\u{FEFF}').trim_start();
    let squashed: String = start.chars().filter(|c| !c.is_whitespace()).collect();
    start.starts_with('{')
        && squashed.contains("\"type\":\"bundle\"")
        && !squashed.contains("\"format\":\"chancery-bundle\"")
}

/// Reads a STIX bundle into records.
pub fn read(text: &str) -> Result<Converted, ForeignError> {
    let bundle: Value = serde_json::from_str(text.trim_start_matches('\u{FEFF}'))?;
    if bundle.get("type").and_then(Value::as_str) != Some("bundle") {
        return Err(ForeignError::Shape(
            "not a STIX bundle (its \"type\" is not \"bundle\")".into(),
        ));
    }
    let Some(objects) = bundle.get("objects").and_then(Value::as_array) else {
        return Err(ForeignError::Shape(
            "the STIX bundle has no \"objects\" list".into(),
        ));
    };
    let objects: Vec<&Object> = objects.iter().filter_map(Value::as_object).collect();
    Reader::new(&objects).read()
}

/// The fields our extension carries on an object, if it is ours.
fn ours(object: &Object) -> Option<&Object> {
    object
        .get("extensions")?
        .get(CHANCERY_EXTENSION)?
        .as_object()
}

fn text<'a>(object: &'a Object, key: &str) -> Option<&'a str> {
    object
        .get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

fn strings<'a>(object: &'a Object, key: &str) -> Vec<&'a str> {
    object
        .get(key)
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

struct Reader<'a> {
    objects: &'a [&'a Object],
    by_id: HashMap<&'a str, &'a Object>,
    /// The uuid each object's record has (or will have).
    uuids: HashMap<&'a str, Uuid>,
    /// Relationships by their source and by their target.
    from: HashMap<&'a str, Vec<&'a Object>>,
    to: HashMap<&'a str, Vec<&'a Object>>,
    /// The reports listing each object.
    listed_by: HashMap<&'a str, Vec<&'a str>>,
    /// Topics made from labels, by name.
    labels: BTreeMap<String, Uuid>,
    out: Converted,
}

impl<'a> Reader<'a> {
    fn new(objects: &'a [&'a Object]) -> Reader<'a> {
        let mut by_id = HashMap::new();
        let mut uuids = HashMap::new();
        for object in objects {
            let Some(id) = text(object, "id") else {
                continue;
            };
            by_id.insert(id, *object);
            let uuid = ours(object)
                .and_then(|o| o.get("fields"))
                .and_then(|f| f.get("uuid"))
                .and_then(Value::as_str)
                .and_then(|u| Uuid::parse_str(u).ok())
                .or_else(|| uuid_of(id))
                .unwrap_or_else(|| uuid_for(id));
            uuids.insert(id, uuid);
        }
        let (mut from, mut to, mut listed_by) = (HashMap::new(), HashMap::new(), HashMap::new());
        for object in objects {
            match text(object, "type") {
                Some("relationship") => {
                    if let Some(source) = text(object, "source_ref") {
                        from.entry(source).or_insert_with(Vec::new).push(*object);
                    }
                    if let Some(target) = text(object, "target_ref") {
                        to.entry(target).or_insert_with(Vec::new).push(*object);
                    }
                }
                Some("report") => {
                    let Some(report) = text(object, "id") else {
                        continue;
                    };
                    for listed in strings(object, "object_refs") {
                        listed_by
                            .entry(listed)
                            .or_insert_with(Vec::new)
                            .push(report);
                    }
                }
                _ => {}
            }
        }
        Reader {
            objects,
            by_id,
            uuids,
            from,
            to,
            listed_by,
            labels: BTreeMap::new(),
            out: Converted::default(),
        }
    }

    fn type_of(&self, id: &str) -> Option<&'a str> {
        self.by_id.get(id).and_then(|o| text(o, "type"))
    }

    /// The uuid of the record an object of one of `types` became.
    fn record_of(&self, id: &str, types: &[&str]) -> Option<Uuid> {
        let kind = self.type_of(id)?;
        if !types.contains(&kind) || id == chancery_identity() {
            return None;
        }
        self.uuids.get(id).copied()
    }

    fn read(mut self) -> Result<Converted, ForeignError> {
        let objects = self.objects;
        for object in objects {
            let kind = text(object, "type").unwrap_or("(no type)");
            let id = text(object, "id").unwrap_or("");
            if id == chancery_identity() {
                continue;
            }
            let record_kind = match kind {
                "identity" => RecordKind::Actor,
                "location" | PLACE_TYPE => RecordKind::Place,
                "event" => RecordKind::Meeting,
                "note" => RecordKind::Statement,
                "report" => RecordKind::Source,
                "grouping" => RecordKind::Topic,
                "relationship" => {
                    self.relationship(object);
                    continue;
                }
                // Definitions and markings describe the bundle, not records.
                "extension-definition" | "marking-definition" | "language-content" => continue,
                other => {
                    self.out.leave_out(other.to_string());
                    continue;
                }
            };
            let fields = self.fields(object, record_kind);
            self.out.add(record_kind, fields, kind);
        }
        for (name, uuid) in std::mem::take(&mut self.labels) {
            let now = jiff::Timestamp::now().to_string();
            let fields = json!({"uuid": uuid, "name": name, "created_at": now, "updated_at": now});
            if let Value::Object(fields) = fields {
                self.out.add(RecordKind::Topic, fields, "label");
            }
        }
        Ok(self.out)
    }

    /// A record's JSON form: our extension's fields when the object is ours, with what the
    /// standard properties say (they win: an edit made in another platform is taken).
    fn fields(&mut self, object: &Object, kind: RecordKind) -> Object {
        let id = text(object, "id").unwrap_or("");
        let mine = ours(object)
            .and_then(|o| o.get("fields"))
            .and_then(Value::as_object);
        let mut fields = mine.cloned().unwrap_or_default();
        let uuid = self.uuids.get(id).copied().unwrap_or_else(|| uuid_for(id));
        fields.insert("uuid".into(), json!(uuid));
        // Our fields keep the exact times; STIX's are to the millisecond.
        let created = text(object, "created").unwrap_or("1970-01-01T00:00:00Z");
        fields.entry("created_at").or_insert(json!(created));
        fields
            .entry("updated_at")
            .or_insert(json!(text(object, "modified").unwrap_or(created)));
        // Exported from this version (our writer leaves `base` out when it is `updated_at`).
        if mine.is_some() && !fields.contains_key("base") {
            let updated = fields["updated_at"].clone();
            fields.insert("base".into(), updated);
        }
        let set = |fields: &mut Object, key: &str, value: Option<&str>| {
            if let Some(value) = value {
                fields.insert(key.into(), json!(value));
            }
        };
        match kind {
            RecordKind::Actor => {
                // A name made unique for OpenCTI travels whole in our extension.
                if !fields.contains_key("name") {
                    set(&mut fields, "name", text(object, "name"));
                }
                set(&mut fields, "description", text(object, "description"));
            }
            RecordKind::Meeting => {
                if !fields.contains_key("title") {
                    set(&mut fields, "title", text(object, "name"));
                }
                set(&mut fields, "summary", text(object, "description"));
            }
            RecordKind::Statement => {
                set(&mut fields, "text", text(object, "content"));
                set(&mut fields, "lang", text(object, "lang"));
                // Ours leave the speaker and meeting to `object_refs`.
                if mine.is_some() {
                    let refs = strings(object, "object_refs");
                    if let Some(speaker) =
                        refs.iter().find_map(|r| self.record_of(r, &["identity"]))
                    {
                        fields.insert("speaker".into(), json!(speaker));
                    }
                    if let Some(meeting) = refs.iter().find_map(|r| self.record_of(r, &["event"])) {
                        fields.insert("meeting".into(), json!(meeting));
                    }
                }
            }
            RecordKind::Source => {
                set(&mut fields, "title", text(object, "name"));
                set(&mut fields, "text", text(object, "description"));
            }
            RecordKind::Place => {
                set(&mut fields, "name", text(object, "name"));
                for (from, to) in [("latitude", "lat"), ("longitude", "lon")] {
                    if let Some(value) = object.get(from).and_then(Value::as_f64) {
                        fields.insert(to.into(), json!(value));
                    }
                }
            }
            RecordKind::Topic => set(&mut fields, "name", text(object, "name")),
            RecordKind::Link => {}
        }
        if mine.is_none() {
            self.foreign(object, kind, uuid, &mut fields);
        }
        fields
    }

    /// What a record made by another platform takes from the object's other properties and
    /// from the relationships and reports around it.
    fn foreign(&mut self, object: &Object, kind: RecordKind, uuid: Uuid, fields: &mut Object) {
        let id = text(object, "id").unwrap_or("");
        if object.get("revoked").and_then(Value::as_bool) == Some(true) {
            fields.insert("deleted_at".into(), json!(fields["updated_at"].clone()));
        }
        let topics: Vec<Uuid> = strings(object, "labels")
            .into_iter()
            .map(|label| {
                *self
                    .labels
                    .entry(label.to_string())
                    .or_insert_with(|| uuid_for(&format!("label:{label}")))
            })
            .collect();
        if !topics.is_empty() {
            fields.insert("topics".into(), json!(topics));
        }
        match kind {
            RecordKind::Actor => {
                let class = text(object, "identity_class").unwrap_or("unknown");
                let government = strings(object, "sectors")
                    .iter()
                    .any(|s| s.starts_with("government"));
                let actor_kind = match class {
                    "individual" => "person",
                    "organization" | "group" if government => "state",
                    "organization" | "group" => "organisation",
                    _ => "other",
                };
                fields.insert("kind".into(), json!(actor_kind));
                let mut aliases = strings(object, "x_opencti_aliases");
                aliases.extend(strings(object, "aliases"));
                if let Some(octi) = object
                    .get("extensions")
                    .and_then(|e| e.get(OPENCTI_EXTENSION))
                    .and_then(Value::as_object)
                {
                    aliases.extend(strings(octi, "aliases"));
                }
                aliases.dedup();
                let aliases: Vec<Value> = aliases
                    .into_iter()
                    .map(|name| json!({"name": name, "kind": "official"}))
                    .collect();
                if !aliases.is_empty() {
                    fields.insert("aliases".into(), json!(aliases));
                }
            }
            RecordKind::Meeting => {
                let kind = strings(object, "event_types")
                    .first()
                    .map_or(crate::model::MeetingKind::Other, |t| meeting_kind(t));
                fields.insert("kind".into(), json!(kind.as_str()));
                if let Some(date) =
                    date_between(text(object, "start_time"), text(object, "stop_time"))
                {
                    fields.insert("date".into(), json!(date));
                }
                let mut participants = Vec::new();
                for other in self.to.get(id).into_iter().flatten() {
                    let Some(actor) =
                        text(other, "source_ref").and_then(|s| self.record_of(s, &["identity"]))
                    else {
                        continue;
                    };
                    if text(other, "relationship_type") == Some("related-to")
                        || text(other, "relationship_type") == Some("participates-in")
                    {
                        participants.push(json!({"actor": actor, "roles": []}));
                    }
                }
                if !participants.is_empty() {
                    fields.insert("participants".into(), json!(participants));
                }
                if let Some(place) = self.located_at(id) {
                    fields.insert("place".into(), json!(place));
                }
            }
            RecordKind::Statement => {
                fields.entry("kind").or_insert(json!("paraphrase"));
                let refs = strings(object, "object_refs");
                let speaker = refs.iter().find_map(|r| self.record_of(r, &["identity"]));
                let meeting = refs.iter().find_map(|r| self.record_of(r, &["event"]));
                if let Some(speaker) = speaker {
                    fields.insert("speaker".into(), json!(speaker));
                }
                if let Some(meeting) = meeting {
                    fields.insert("meeting".into(), json!(meeting));
                }
                let credibility = object
                    .get("confidence")
                    .and_then(Value::as_u64)
                    .and_then(credibility_of);
                let citations: Vec<Value> = self
                    .listed_by
                    .get(id)
                    .into_iter()
                    .flatten()
                    .filter_map(|report| self.uuids.get(report))
                    .map(|source| match credibility {
                        Some(c) => json!({"source": source, "credibility": c}),
                        None => json!({"source": source}),
                    })
                    .collect();
                if !citations.is_empty() {
                    fields.insert("citations".into(), json!(citations));
                }
                if !fields.contains_key("text") {
                    let abstract_ = text(object, "abstract").unwrap_or("");
                    fields.insert("text".into(), json!(abstract_));
                }
            }
            RecordKind::Source => {
                let kind = strings(object, "report_types")
                    .first()
                    .map_or(crate::model::SourceKind::Other, |t| source_kind(t));
                fields.insert("kind".into(), json!(kind.as_str()));
                if let Some(day) = text(object, "published").and_then(day_of) {
                    fields.insert("published".into(), json!(day));
                }
                let url = object
                    .get("external_references")
                    .and_then(Value::as_array)
                    .and_then(|list| {
                        list.iter()
                            .find_map(|r| r.get("url").and_then(Value::as_str))
                    });
                if let Some(url) = url {
                    fields.insert("url".into(), json!(url));
                }
                let octi = object
                    .get("extensions")
                    .and_then(|e| e.get(OPENCTI_EXTENSION))
                    .and_then(Value::as_object);
                let words = text(object, "x_opencti_reliability")
                    .or_else(|| octi.and_then(|o| text(o, "reliability")));
                if let Some(grade) = words.and_then(reliability_from_words) {
                    fields.insert("reliability".into(), json!(grade));
                }
            }
            RecordKind::Place => {
                if !fields.contains_key("name") {
                    let name = text(object, "city")
                        .or(text(object, "region"))
                        .map(str::to_string)
                        .or_else(|| {
                            text(object, "country").and_then(crate::exchange::countries::name_of)
                        })
                        .unwrap_or_else(|| "Unnamed place".to_string());
                    fields.insert("name".into(), json!(name));
                }
                if let Some(parent) = self.located_at(id).filter(|p| *p != uuid) {
                    fields.insert("parent".into(), json!(parent));
                }
            }
            RecordKind::Topic | RecordKind::Link => {}
        }
    }

    /// The location an object is `located-at`, as a place's uuid.
    fn located_at(&self, id: &str) -> Option<Uuid> {
        self.from.get(id)?.iter().find_map(|other| {
            (text(other, "relationship_type") == Some("located-at"))
                .then(|| text(other, "target_ref"))
                .flatten()
                .and_then(|t| self.record_of(t, &["location", PLACE_TYPE]))
        })
    }

    /// A relationship: ours and those a record already took (participants, places, a
    /// state's country) are done; any other between two records becomes a link.
    fn relationship(&mut self, object: &Object) {
        let id = text(object, "id").unwrap_or("");
        if let Some(mine) = ours(object) {
            if mine.get("record").and_then(Value::as_str) == Some("link") {
                let fields = self.fields(object, RecordKind::Link);
                self.out.add(RecordKind::Link, fields, "relationship");
            }
            return;
        }
        let source = text(object, "source_ref").unwrap_or("");
        let target = text(object, "target_ref").unwrap_or("");
        let relation = text(object, "relationship_type").unwrap_or("related-to");
        let source_ours = self.by_id.get(source).is_some_and(|o| ours(o).is_some());
        let taken = match (self.type_of(source), self.type_of(target), relation) {
            (_, _, "located-at") if source_ours => true,
            (Some("identity"), Some("event"), "related-to" | "participates-in") => true,
            (
                Some("event" | "location" | PLACE_TYPE),
                Some("location" | PLACE_TYPE),
                "located-at",
            ) => true,
            _ => false,
        };
        if taken {
            return;
        }
        let kinds = [
            "identity", "location", PLACE_TYPE, "event", "note", "report", "grouping",
        ];
        let (Some(from), Some(to)) = (
            self.record_of(source, &kinds),
            self.record_of(target, &kinds),
        ) else {
            self.out
                .leave_out(format!("relationship {relation} (an end is not imported)"));
            return;
        };
        let uuid = self.uuids.get(id).copied().unwrap_or_else(|| uuid_for(id));
        let created = text(object, "created").unwrap_or("1970-01-01T00:00:00Z");
        let mut fields = json!({
            "uuid": uuid,
            "created_at": created,
            "updated_at": text(object, "modified").unwrap_or(created),
            "from": from,
            "to": to,
            "relation": relation.replace('-', " "),
        });
        if let Some(map) = fields.as_object_mut() {
            if let Some(day) = text(object, "start_time").and_then(day_of) {
                map.insert("date_from".into(), json!(day));
            }
            if let Some(day) = text(object, "stop_time").and_then(day_of) {
                map.insert("date_to".into(), json!(day));
            }
        }
        if let Value::Object(fields) = fields {
            self.out.add(RecordKind::Link, fields, "relationship");
        }
    }
}
