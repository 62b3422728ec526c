//! Capture from pasted text, for the window and the command line alike: run the rules of
//! `model::capture` with the names this file knows, offer a publication date found in the
//! text's first lines, and turn what was drafted into records — the source (with the text as
//! its full text), the new names, the meetings and the statements, each cited to the source
//! at `para. N` — ready to be saved in one transaction (`Store::insert_all`, one undo step).

use crate::model::capture::drafts::{self, Capture, Ref};
use crate::model::capture::names::{Gazetteer, Guess};
use crate::model::capture::review::DraftKey;
use crate::model::fold::fold_name;
use crate::model::search::{Filters, SearchSpec};
use crate::model::{
    Actor, ActorKind, Citation, Meeting, Meta, PartialDate, Participant, Place, Record, RecordKind,
    Source, SourceKind, Statement,
};
use crate::query::{QueryError, all_matching, known_names};
use crate::store::Store;
use jiff::civil::Date;
use std::collections::HashMap;
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

/// The drafted meetings and statements the file already has, by their index in the capture:
/// reading the same report twice, or a second report of the same meeting, refers to the
/// record there instead of proposing it again.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AlreadyInFile {
    /// A source of the file with this very text (the report captured before).
    pub source: Option<Uuid>,
    pub meetings: HashMap<usize, Uuid>,
    pub statements: HashMap<usize, Uuid>,
}

/// Looks for each drafted meeting and statement in the file. A meeting is the same when its
/// dates overlap and it has two of the drafted participants (or one and the same place); a
/// statement when the same speaker, on overlapping dates, said nearly the same words
/// (`same_words`). Drafts without a date (meetings) or a known speaker (statements) are never
/// taken for a record of the file.
pub fn already_in_file(store: &Store, capture: &Capture) -> Result<AlreadyInFile, QueryError> {
    let mut out = AlreadyInFile {
        source: same_report(store, capture)?,
        ..AlreadyInFile::default()
    };
    for (i, m) in capture.meetings.iter().enumerate() {
        let known: Vec<Uuid> = m
            .participants
            .iter()
            .filter_map(|p| match p.actor {
                Ref::Known(u) => Some(u),
                Ref::New(_) => None,
            })
            .collect();
        let place = match m.place {
            Some(Ref::Known(u)) => Some(u),
            _ => None,
        };
        let (Some(date), Some(first)) = (&m.date, known.first()) else {
            continue;
        };
        let (Some(from), Some(to)) = (date.earliest(), date.latest()) else {
            continue;
        };
        let spec = SearchSpec {
            filters: Filters {
                kinds: vec![RecordKind::Meeting],
                actors: vec![first.to_string()],
                from: Some(from.to_string()),
                to: Some(to.to_string()),
                ..Filters::default()
            },
            ..SearchSpec::default()
        };
        for uuid in all_matching(store, &spec)? {
            let Ok(Some(Record::Meeting(there))) = store.get(uuid) else {
                continue;
            };
            let shared = there
                .participants
                .iter()
                .filter(|p| known.contains(&p.actor))
                .count();
            if shared >= 2 || (shared == 1 && place.is_some() && there.place == place) {
                out.meetings.insert(i, uuid);
                break;
            }
        }
    }
    for (i, s) in capture.statements.iter().enumerate() {
        let Some(Ref::Known(speaker)) = s.speaker else {
            continue;
        };
        // The same speaker's statements of overlapping dates; undated, those with the words.
        let dates = s
            .date
            .as_ref()
            .and_then(|d| Some((d.earliest()?, d.latest()?)));
        let spec = SearchSpec {
            text: if dates.is_some() {
                String::new()
            } else {
                s.text.clone()
            },
            filters: Filters {
                kinds: vec![RecordKind::Statement],
                actors: vec![speaker.to_string()],
                from: dates.map(|d| d.0.to_string()),
                to: dates.map(|d| d.1.to_string()),
                ..Filters::default()
            },
            ..SearchSpec::default()
        };
        for uuid in all_matching(store, &spec)? {
            if let Ok(Some(Record::Statement(there))) = store.get(uuid)
                && there.speaker == Some(speaker)
                && same_words(&there.text, &s.text)
            {
                out.statements.insert(i, uuid);
                break;
            }
        }
    }
    Ok(out)
}

/// A source of the file whose full text is this report's (found by its first words).
fn same_report(store: &Store, capture: &Capture) -> Result<Option<Uuid>, QueryError> {
    let text = capture.article.paragraphs.join("\n");
    let first_words: Vec<&str> = text.split_whitespace().take(8).collect();
    if first_words.is_empty() {
        return Ok(None);
    }
    let spec = SearchSpec {
        text: first_words.join(" "),
        filters: Filters {
            kinds: vec![RecordKind::Source],
            ..Filters::default()
        },
        ..SearchSpec::default()
    };
    for uuid in all_matching(store, &spec)? {
        if let Ok(Some(Record::Source(there))) = store.get(uuid)
            && there.text.trim() == text.trim()
        {
            return Ok(Some(uuid));
        }
    }
    Ok(None)
}

/// Whether two passages say the same: at least 70% of their words in common (Dice over
/// folded words), so punctuation, spelling and an edit of a word or two do not count ("hands
/// over Mr Al Assad" typed as "hand over Bashar Al Assad").
fn same_words(a: &str, b: &str) -> bool {
    let words = |t: &str| -> std::collections::HashSet<String> {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(fold_name)
            .collect()
    };
    let (a, b) = (words(a), words(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let shared = a.intersection(&b).count();
    2 * shared * 10 >= 7 * (a.len() + b.len())
}

/// A publication date written in the text's first lines ("Damascus, 10 September 2025",
/// "2025-09-10", "Sep 10, 2025"), to offer as the report's date; else the day of a wire
/// dateline ("RIYADH, Feb 2 (Reuters) -"), in the year that makes it the most recent such day.
pub fn dateline(text: &str) -> Option<PartialDate> {
    dateline_as_of(text, jiff::ZonedDateTime::now().date())
}

/// `dateline`, with `today` for a wire dateline that gives no year.
pub fn dateline_as_of(text: &str, today: Date) -> Option<PartialDate> {
    written_date(text).or_else(|| {
        let first = text.lines().find(|l| !l.trim().is_empty())?;
        let day = crate::model::capture::dateline::find(first.trim())?.date(today)?;
        PartialDate::parse(&day.to_string()).ok()
    })
}

/// A full date written in the text's first lines.
fn written_date(text: &str) -> Option<PartialDate> {
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
    draft_records(
        capture,
        info,
        &AlreadyInFile::default(),
        &mut |_| Uuid::new_v4(),
        label,
    )
    .into_iter()
    .map(|(_, record)| record)
    .collect()
}

/// The records a capture proposes, each with the draft it comes from, leaving out the
/// meetings and statements the file already has (`existing`: what refers to them refers to the
/// file's record). `uuid_for` gives each draft its record's uuid (the same one every time the
/// window makes the drafts again).
pub fn draft_records(
    capture: &Capture,
    info: &SourceInfo,
    existing: &AlreadyInFile,
    uuid_for: &mut dyn FnMut(DraftKey) -> Uuid,
    label: &dyn Fn(Uuid) -> String,
) -> Vec<(DraftKey, Record)> {
    let mut records = Vec::new();
    let source_uuid = existing
        .source
        .unwrap_or_else(|| uuid_for(DraftKey::Source));
    let report = Record::Source(Source {
        meta: meta(source_uuid),
        title: if info.title.trim().is_empty() {
            // The first paragraph's words, past a dateline ("RIYADH, Feb 2 (Reuters) - ").
            capture
                .article
                .paragraphs
                .first()
                .map(|p| {
                    let from = capture.dateline.as_ref().map_or(0, |d| d.end);
                    crate::model::record::truncate(p.get(from..).unwrap_or(p), 80)
                })
                .unwrap_or_else(|| "Captured report".into())
        } else {
            info.title.trim().to_string()
        },
        kind: SourceKind::NewsArticle,
        outlet: if info.outlet.trim().is_empty() {
            // The agency of the dateline ("RIYADH, Feb 2 (Reuters) -") filed the report.
            capture
                .dateline
                .as_ref()
                .and_then(|d| d.agency.clone())
                .unwrap_or_default()
        } else {
            info.outlet.trim().to_string()
        },
        url: info.url.trim().to_string(),
        author: String::new(),
        published: info.published.clone(),
        accessed: None,
        reliability: None,
        text: capture.article.paragraphs.join("\n"),
    });
    if existing.source.is_none() {
        records.push((DraftKey::Source, report));
    }
    let new_uuids: Vec<Uuid> = (0..capture.new_names.len())
        .map(|i| uuid_for(DraftKey::NewName(i)))
        .collect();
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
    for (i, m) in capture.meetings.iter().enumerate() {
        if existing.meetings.contains_key(&i) {
            continue;
        }
        mark(&m.place);
        for p in &m.participants {
            mark(&Some(p.actor));
            mark(&p.represents);
        }
    }
    for (i, s) in capture.statements.iter().enumerate() {
        if existing.statements.contains_key(&i) {
            continue;
        }
        mark(&s.speaker);
    }
    // Every person, state and organisation the report names is proposed (the review unticks
    // what is not wanted); the outlets it cites are sources, not actors.
    let outlets: Vec<usize> = capture
        .meetings
        .iter()
        .map(|m| m.via)
        .chain(capture.statements.iter().map(|s| s.via))
        .filter_map(|v| match v {
            Some(Ref::New(i)) => Some(i),
            _ => None,
        })
        .collect();
    for (i, n) in capture.new_names.iter().enumerate() {
        if matches!(n.guess, Guess::Person | Guess::State | Guess::Organisation)
            && n.taken_for.is_none()
            && !outlets.contains(&i)
            && !crate::model::capture::speech::is_outlet(&n.name)
        {
            used[i] = true;
        }
    }
    // A place used needs the place it is in; parents are written before their children.
    for _ in 0..4 {
        for i in 0..capture.new_names.len() {
            if used[i]
                && let Some(Ref::New(p)) = capture.new_names[i].parent
            {
                used[p] = true;
            }
        }
    }
    let mut order: Vec<usize> = Vec::new();
    for _ in 0..=capture.new_names.len() {
        for i in 0..capture.new_names.len() {
            let ready = match capture.new_names[i].parent {
                Some(Ref::New(p)) => order.contains(&p) || !used[p],
                _ => true,
            };
            if used[i] && ready && !order.contains(&i) {
                order.push(i);
            }
        }
    }
    for i in order {
        let n = &capture.new_names[i];
        let meta = meta(new_uuids[i]);
        let record = match n.guess {
            Guess::Place => Record::Place(Place {
                meta,
                name: n.name.clone(),
                parent: n.parent.as_ref().map(resolve),
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
                aliases: n
                    .aliases
                    .iter()
                    .map(|a| crate::model::Alias {
                        name: a.clone(),
                        kind: crate::model::AliasKind::Transliteration,
                        lang: script_language(a).to_string(),
                    })
                    .collect(),
                description: String::new(),
            }),
        };
        records.push((DraftKey::NewName(i), record));
    }
    // The outlets the report cites, each as a source of its own: "Sana said" is a report by
    // SANA, which this report passes on.
    let mut via_sources: Vec<(Ref, Uuid)> = Vec::new();
    let vias = capture
        .meetings
        .iter()
        .enumerate()
        .filter(|(i, _)| !existing.meetings.contains_key(i))
        .filter_map(|(_, m)| m.via)
        .chain(
            capture
                .statements
                .iter()
                .enumerate()
                .filter(|(i, _)| !existing.statements.contains_key(i))
                .filter_map(|(_, s)| s.via),
        );
    for via in vias {
        if via_sources.iter().any(|(r, _)| *r == via) {
            continue;
        }
        let outlet = match &via {
            Ref::Known(u) => label(*u),
            Ref::New(i) => capture.new_names[*i].name.clone(),
        };
        let uuid = uuid_for(DraftKey::Via(via));
        let record = Record::Source(Source {
            meta: meta(uuid),
            title: format!(
                "{outlet}, as cited in “{}”",
                existing.source.map_or_else(|| source_name(&records), label)
            ),
            kind: SourceKind::NewsArticle,
            outlet,
            url: String::new(),
            author: String::new(),
            published: info.published.clone(),
            accessed: None,
            reliability: None,
            text: String::new(),
        });
        records.push((DraftKey::Via(via), record));
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
    let meeting_uuids: Vec<Uuid> = (0..capture.meetings.len())
        .map(|i| {
            existing
                .meetings
                .get(&i)
                .copied()
                .unwrap_or_else(|| uuid_for(DraftKey::Meeting(i)))
        })
        .collect();
    for (i, (m, uuid)) in capture.meetings.iter().zip(&meeting_uuids).enumerate() {
        if existing.meetings.contains_key(&i) {
            continue;
        }
        let mut meta = meta(*uuid);
        meta.citations = cite(m.para, &m.sentence, &m.via);
        records.push((
            DraftKey::Meeting(i),
            Record::Meeting(Meeting {
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
            }),
        ));
    }
    for (i, s) in capture.statements.iter().enumerate() {
        if existing.statements.contains_key(&i) {
            continue;
        }
        let mut meta = meta(uuid_for(DraftKey::Statement(i)));
        meta.citations = cite(s.para, &s.sentence, &s.via);
        records.push((
            DraftKey::Statement(i),
            Record::Statement(Statement {
                meta,
                text: s.text.clone(),
                kind: s.kind,
                speaker: s.speaker.as_ref().map(resolve),
                meeting: s.meeting.map(|i| meeting_uuids[i]),
                date: s.date.clone(),
                lang: "en".into(),
                hedge: s.hedge.clone(),
            }),
        ));
    }
    records
}

/// The language a name's script suggests, for an alias ("" for Latin letters).
fn script_language(name: &str) -> &'static str {
    let any = |range: std::ops::RangeInclusive<char>| name.chars().any(|c| range.contains(&c));
    if any('\u{0600}'..='\u{06FF}') {
        "ar"
    } else if any('\u{0400}'..='\u{04FF}') {
        "ru"
    } else if any('\u{4E00}'..='\u{9FFF}') {
        "zh"
    } else {
        ""
    }
}

/// The captured report's title (the first record drafted).
fn source_name(records: &[(DraftKey, Record)]) -> String {
    records
        .iter()
        .find(|(key, _)| *key == DraftKey::Source)
        .map(|(_, r)| r.name().to_string())
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
        assert_eq!(
            dateline_as_of(
                "RIYADH, Feb 2 (Reuters) - Syria's interim President met…",
                "2025-03-10".parse().unwrap()
            )
            .map(|d| d.edtf())
            .as_deref(),
            Some("2025-02-02"),
            "a wire dateline's day, in the year that makes it recent"
        );
    }

    #[test]
    fn the_same_words_despite_punctuation_and_an_edited_word_or_two() {
        assert!(same_words(
            "Russia remained committed to Syria’s unity.",
            "Russia remained committed to Syria's unity"
        ));
        assert!(same_words(
            "demanded that Russia hands over Mr Al Assad and an estimated $2 billion in liquid \
             assets held by the exiled dictator's family in Russian banks",
            "Demanded that Russia hand over Bashar Al Assad and an estimated $2 billion in \
             liquid assets held by his family in Russian banks."
        ));
        assert!(!same_words(
            "We want Russia by our side",
            "Russia wants us by its side in the war"
        ));
        assert!(!same_words("", ""));
    }
}
