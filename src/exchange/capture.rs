//! Capture from pasted text, for the window and the command line alike: run the rules of
//! `model::capture` with the names this file knows, offer a publication date found in the
//! text's first lines, and turn what was drafted into records — the source (with the text as
//! its full text), the new names, the meetings and the statements, each cited to the source
//! at `para. N` — ready to be saved in one transaction (`Store::insert_all`, one undo step).

use crate::model::capture::drafts::{self, Capture, Ref};
use crate::model::capture::names::{Gazetteer, Guess};
use crate::model::{
    Actor, ActorKind, Citation, Meeting, Meta, PartialDate, Participant, Place, Record, Source,
    SourceKind, Statement,
};
use crate::query::{QueryError, known_names};
use crate::store::Store;
use jiff::civil::Date;
use uuid::Uuid;

/// What the user says of the report being captured.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceInfo {
    pub title: String,
    pub outlet: String,
    pub url: String,
    pub published: Option<PartialDate>,
}

/// Reads a report from a text file (regular files only, size-bounded like every import).
pub fn read_report(path: &std::path::Path) -> Result<String, String> {
    let bytes = super::limits::read_file(path)?;
    String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_string())
}

/// Runs the capture rules on `text` with the names the file knows; relative dates resolve
/// against `published` (today if the report's date is not known).
pub fn capture_text(store: &Store, text: &str, published: Date) -> Result<Capture, QueryError> {
    let gazetteer = Gazetteer::new(&known_names(store)?);
    let is_person =
        |u: Uuid| matches!(store.get(u), Ok(Some(Record::Actor(a))) if a.kind == ActorKind::Person);
    Ok(drafts::capture(text, published, &gazetteer, &is_person))
}

/// A publication date written in the text's first lines ("Damascus, 10 September 2025",
/// "2025-09-10", "Sep 10, 2025"), to offer as the report's date.
pub fn dateline(text: &str) -> Option<PartialDate> {
    let anchor = Date::constant(2000, 1, 1);
    for line in text.lines().take(3) {
        let words: Vec<&str> = line
            .split(|c: char| c.is_whitespace() || c == ',' || c == '—' || c == '|')
            .filter(|w| !w.is_empty())
            .collect();
        for len in [3usize, 1] {
            for window in words.windows(len) {
                let phrase = window.join(" ");
                if let Ok(d) = crate::model::relative::resolve(&phrase, anchor)
                    && d.text().is_none_or(|_| len == 3)
                    && d.edtf().len() == 10
                {
                    return PartialDate::parse(&d.edtf()).ok();
                }
            }
        }
    }
    None
}

/// The records a capture proposes, in an order in which each refers only to those before it
/// or to records of the file: the source, the new names, the sources the report cites (its
/// "Sana said" becomes a source of that outlet, the citations' via), the meetings, the
/// statements. `label` names a record of the file.
pub fn capture_records(
    capture: &Capture,
    info: &SourceInfo,
    label: &dyn Fn(Uuid) -> String,
) -> Vec<Record> {
    let mut records = Vec::new();
    let source_uuid = Uuid::new_v4();
    records.push(Record::Source(Source {
        meta: meta(source_uuid),
        title: if info.title.trim().is_empty() {
            capture
                .article
                .paragraphs
                .first()
                .map(|p| crate::model::record::truncate(p, 80))
                .unwrap_or_else(|| "Captured report".into())
        } else {
            info.title.trim().to_string()
        },
        kind: SourceKind::NewsArticle,
        outlet: info.outlet.trim().to_string(),
        url: info.url.trim().to_string(),
        author: String::new(),
        published: info.published.clone(),
        accessed: None,
        reliability: None,
        text: capture.article.paragraphs.join("\n"),
    }));
    let new_uuids: Vec<Uuid> = capture.new_names.iter().map(|_| Uuid::new_v4()).collect();
    let resolve = |r: &Ref| match r {
        Ref::Known(u) => *u,
        Ref::New(i) => new_uuids[*i],
    };
    // Only the new names a proposed record uses are created.
    let mut used = vec![false; capture.new_names.len()];
    let mut mark = |r: &Option<Ref>| {
        if let Some(Ref::New(i)) = r {
            used[*i] = true;
        }
    };
    for m in &capture.meetings {
        mark(&m.place);
        mark(&m.via);
        for p in &m.participants {
            mark(&Some(p.actor.clone()));
            mark(&p.represents);
        }
    }
    for s in &capture.statements {
        mark(&s.speaker);
        mark(&s.via);
    }
    for (i, n) in capture.new_names.iter().enumerate() {
        if !used[i] {
            continue;
        }
        let meta = meta(new_uuids[i]);
        records.push(match n.guess {
            Guess::Place => Record::Place(Place {
                meta,
                name: n.name.clone(),
                parent: None,
                lat: None,
                lon: None,
            }),
            guess => Record::Actor(Actor {
                meta,
                kind: match guess {
                    Guess::State => ActorKind::State,
                    Guess::Organisation => ActorKind::Organisation,
                    Guess::Person => ActorKind::Person,
                    _ => ActorKind::Other,
                },
                name: n.name.clone(),
                aliases: Vec::new(),
                description: String::new(),
            }),
        });
    }
    // The outlets the report cites, each as a source of its own: "Sana said" is a report by
    // SANA, which this report passes on.
    let mut via_sources: Vec<(Ref, Uuid)> = Vec::new();
    let vias = capture
        .meetings
        .iter()
        .filter_map(|m| m.via.clone())
        .chain(capture.statements.iter().filter_map(|s| s.via.clone()));
    for via in vias {
        if via_sources.iter().any(|(r, _)| *r == via) {
            continue;
        }
        let outlet = match &via {
            Ref::Known(u) => label(*u),
            Ref::New(i) => capture.new_names[*i].name.clone(),
        };
        let uuid = Uuid::new_v4();
        records.push(Record::Source(Source {
            meta: meta(uuid),
            title: format!("{outlet} report, as passed on by {}", source_name(&records)),
            kind: SourceKind::NewsArticle,
            outlet,
            url: String::new(),
            author: String::new(),
            published: info.published.clone(),
            accessed: None,
            reliability: None,
            text: String::new(),
        }));
        via_sources.push((via, uuid));
    }
    let via_source = |via: &Option<Ref>| {
        via.as_ref().and_then(|v| {
            via_sources
                .iter()
                .find(|(r, _)| r == v)
                .map(|(_, uuid)| *uuid)
        })
    };
    let cite = |para: usize, sentence: &crate::model::capture::Span, via: &Option<Ref>| {
        vec![Citation {
            source: source_uuid,
            locator: format!("para. {}", para + 1),
            excerpt: sentence.text(&capture.article).trim().to_string(),
            credibility: None,
            via: via_source(via),
        }]
    };
    let meeting_uuids: Vec<Uuid> = capture.meetings.iter().map(|_| Uuid::new_v4()).collect();
    for (m, uuid) in capture.meetings.iter().zip(&meeting_uuids) {
        let mut meta = meta(*uuid);
        meta.citations = cite(m.para, &m.sentence, &m.via);
        records.push(Record::Meeting(Meeting {
            meta,
            title: m.title.clone(),
            kind: m.kind,
            date: m.date.clone(),
            end_date: None,
            place: m.place.as_ref().map(resolve),
            summary: m.sentence.text(&capture.article).trim().to_string(),
            participants: m
                .participants
                .iter()
                .map(|p| Participant {
                    actor: resolve(&p.actor),
                    roles: p.roles.clone(),
                    title_at_time: p.title.clone(),
                    represents: p.represents.as_ref().map(resolve),
                })
                .collect(),
        }));
    }
    for s in &capture.statements {
        let mut meta = meta(Uuid::new_v4());
        meta.citations = cite(s.para, &s.sentence, &s.via);
        records.push(Record::Statement(Statement {
            meta,
            text: s.text.clone(),
            kind: s.kind,
            speaker: s.speaker.as_ref().map(resolve),
            meeting: s.meeting.map(|i| meeting_uuids[i]),
            date: s.date.clone(),
            lang: "en".into(),
            hedge: s.hedge.clone(),
        }));
    }
    records
}

/// The captured report's title (the first record drafted).
fn source_name(records: &[Record]) -> String {
    records
        .first()
        .map(|r| r.name().to_string())
        .unwrap_or_default()
}

fn meta(uuid: Uuid) -> Meta {
    let mut meta = Meta::new();
    meta.uuid = uuid;
    meta
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dateline_in_the_first_lines_is_offered() {
        let date = |t: &str| dateline(t).map(|d| d.edtf());
        assert_eq!(
            date("Damascus, 10 September 2025 —\nA delegation…").as_deref(),
            Some("2025-09-10")
        );
        assert_eq!(
            date("Published 2025-09-10 09:00\nText").as_deref(),
            Some("2025-09-10")
        );
        assert_eq!(
            date("September 10, 2025\nText").as_deref(),
            Some("2025-09-10")
        );
        assert_eq!(date("A Russian delegation met on Tuesday."), None);
    }
}
