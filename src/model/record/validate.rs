//! What a record must hold before it is written: its required fields, its dates in order,
//! coordinates in range, grades in the scale.

use super::Record;

/// A field that does not hold what it must.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct ValidationError {
    pub field: &'static str,
    pub message: String,
}

fn invalid(field: &'static str, message: impl Into<String>) -> ValidationError {
    ValidationError {
        field,
        message: message.into(),
    }
}

fn require(field: &'static str, value: &str) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
        Err(invalid(field, "must not be empty"))
    } else {
        Ok(())
    }
}

impl Record {
    /// Checks the fields a record cannot be saved without.
    pub fn validate(&self) -> Result<(), ValidationError> {
        match self {
            Record::Actor(a) => {
                require("name", &a.name)?;
                for alias in &a.aliases {
                    require("alias", &alias.name)?;
                }
            }
            Record::Meeting(m) => {
                require("title", &m.title)?;
                if let (Some(start), Some(end)) = (&m.date, &m.end_date)
                    && let (Some(a), Some(b)) = (start.earliest(), end.latest())
                    && b < a
                {
                    return Err(invalid("end date", "ends before the meeting starts"));
                }
                for p in &m.participants {
                    if p.represents == Some(p.actor) {
                        return Err(invalid("participants", "an actor cannot represent itself"));
                    }
                }
            }
            Record::Statement(s) => require("text", &s.text)?,
            Record::Source(s) => require("title", &s.title)?,
            Record::Place(p) => {
                require("name", &p.name)?;
                if p.parent == Some(p.meta.uuid) {
                    return Err(invalid("parent", "a place cannot be inside itself"));
                }
                if p.lat.is_some_and(|v| !(-90.0..=90.0).contains(&v)) {
                    return Err(invalid("latitude", "must lie between -90 and 90"));
                }
                if p.lon.is_some_and(|v| !(-180.0..=180.0).contains(&v)) {
                    return Err(invalid("longitude", "must lie between -180 and 180"));
                }
            }
            Record::Topic(t) => require("name", &t.name)?,
            Record::Link(l) => {
                require("relation", &l.relation)?;
                if l.from == l.to {
                    return Err(invalid("link", "a record cannot be linked to itself"));
                }
            }
        }
        if self.meta().topics.contains(&self.uuid()) {
            return Err(invalid("topics", "a topic cannot tag itself"));
        }
        Ok(())
    }
}
