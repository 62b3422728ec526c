//! From the marks to proposed records: meetings (a sentence with a meeting verb — met,
//! visited, held talks, travelled to — gives a meeting; one per paragraph, with the names of
//! that paragraph as participants and their titles, the place and the date named there) and
//! statements (each passage of speech, with its speaker, kind and hedge, at the meeting of
//! its paragraph or of the paragraph before it when the speaker took part, dated as the
//! meeting or the paragraph), each cited to the captured source at `para. N` with its
//! sentence as excerpt and, in the paragraph that names it, the report's own source as *via*.
//! Names the file does not know are proposed as new records, each once.

use super::Span;
use super::dates::{self, DateHit};
use super::names::{Gazetteer, Guess, NameHit, UnknownName, unknown_names};
use super::speech::{self, Attribution, Speech};
use super::text::Article;
use crate::model::fold::fold_name;
use crate::model::{MeetingKind, PartialDate, RecordKind, Role, StatementKind};
use jiff::civil::Date;
use uuid::Uuid;

/// What a proposed record refers to: a record of the file or a name proposed as new.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ref {
    Known(Uuid),
    /// An index into `Capture::new_names`.
    New(usize),
}

/// A name the file does not know, proposed as a new record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewName {
    pub name: String,
    pub guess: Guess,
    /// Every place it stands in the text.
    pub spans: Vec<Span>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParticipantDraft {
    pub actor: Ref,
    pub roles: Vec<Role>,
    pub title: String,
    pub represents: Option<Ref>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MeetingDraft {
    pub title: String,
    /// A visit when the sentence says someone visited or travelled; talks otherwise.
    pub kind: MeetingKind,
    pub date: Option<PartialDate>,
    pub place: Option<Ref>,
    pub participants: Vec<ParticipantDraft>,
    /// Paragraph (0-based) and the sentence it came from.
    pub para: usize,
    pub sentence: Span,
    /// The report's own source named in this paragraph (for the citation's via).
    pub via: Option<Ref>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StatementDraft {
    pub text: String,
    pub kind: StatementKind,
    pub speaker: Option<Ref>,
    pub hedge: String,
    pub date: Option<PartialDate>,
    /// An index into `Capture::meetings`.
    pub meeting: Option<usize>,
    pub para: usize,
    /// The words said, and the sentence they stand in (the citation's excerpt).
    pub span: Span,
    pub sentence: Span,
    pub via: Option<Ref>,
}

/// Everything proposed from one article.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Capture {
    pub article: Article,
    pub meetings: Vec<MeetingDraft>,
    pub statements: Vec<StatementDraft>,
    pub new_names: Vec<NewName>,
    /// Known names, unknown names and dates as found, for showing the marks.
    pub known: Vec<NameHit>,
    pub unknown: Vec<UnknownName>,
    pub dates: Vec<DateHit>,
    pub attributions: Vec<Attribution>,
    pub speech: Vec<Speech>,
}

const MEETING_VERBS: &[&str] = &[
    "met",
    "meets",
    "meet",
    "visited",
    "visits",
    "visit",
    "travelled",
    "traveled",
    "hosted",
    "hosts",
    "received",
    "receives",
    "talks",
    "meeting",
    "summit",
];

/// A named thing in the text, known or new.
#[derive(Debug, Clone)]
struct Named {
    span: Span,
    refs: Vec<(Ref, RecordKind)>,
    person: bool,
    title: Option<String>,
    /// A possessive ("Syria's") right before the title: whom the person represents.
    possessive_before: Option<Span>,
}

/// Drafts records from `text`, published on `published`, with the names `gazetteer` knows;
/// `is_person` tells a known actor that is a person.
pub fn capture(
    text: &str,
    published: Date,
    gazetteer: &Gazetteer,
    is_person: &dyn Fn(Uuid) -> bool,
) -> Capture {
    let article = Article::parse(text);
    let mut out = Capture {
        article: article.clone(),
        ..Capture::default()
    };
    let mut named_by_para: Vec<Vec<Named>> = Vec::new();
    for (i, p) in article.paragraphs.iter().enumerate() {
        let known = gazetteer.find(i, p);
        let unknown = unknown_names(i, p, &known);
        out.dates.extend(dates::find(i, p, published));
        out.speech.extend(speech::find(i, p));
        out.attributions
            .extend(speech::attributions(i, p, &article.sentences(i)));
        let mut named: Vec<Named> = known
            .iter()
            .map(|h| Named {
                span: h.span,
                refs: h
                    .records
                    .iter()
                    .map(|(u, k)| (Ref::Known(*u), *k))
                    .collect(),
                person: h
                    .records
                    .iter()
                    .any(|(u, k)| *k == RecordKind::Actor && is_person(*u)),
                title: h.title.clone(),
                possessive_before: h.title_span.and_then(|t| possessive_before(p, i, t.start)),
            })
            .collect();
        for u in &unknown {
            let index = new_name(&mut out.new_names, u);
            let kind = match u.guess {
                Guess::Place => RecordKind::Place,
                _ => RecordKind::Actor,
            };
            named.push(Named {
                span: u.span,
                refs: vec![(Ref::New(index), kind)],
                person: u.guess == Guess::Person,
                title: u.title.clone(),
                possessive_before: u.title_span.and_then(|t| possessive_before(p, i, t.start)),
            });
        }
        named.sort_by_key(|n| n.span.start);
        out.known.extend(known);
        out.unknown.extend(unknown);
        named_by_para.push(named);
    }
    for (i, named) in named_by_para.iter().enumerate() {
        if let Some(m) = meeting_in(&article, i, named, &out) {
            out.meetings.push(m);
        }
    }
    // What a new name does in a draft says what it is: a meeting's place is a place, the
    // report's own source an organisation.
    let mut settle = |r: &Option<Ref>, guess: Guess| {
        if let Some(Ref::New(i)) = r
            && out.new_names[*i].guess == Guess::Other
        {
            out.new_names[*i].guess = guess;
        }
    };
    let meetings = out.meetings.clone();
    for m in &meetings {
        settle(&m.place, Guess::Place);
        settle(&m.via, Guess::Organisation);
    }
    let speech = out.speech.clone();
    for s in &speech {
        let named = &named_by_para[s.span.para];
        let speaker = named
            .iter()
            .rfind(|n| n.span.start >= s.speaker.start && n.span.end <= s.speaker.end)
            .and_then(actor_ref);
        let meeting = out
            .meetings
            .iter()
            .position(|m| m.para == s.span.para)
            .or_else(|| {
                // "…," he said at the time: the meeting just told of, if the speaker was there.
                out.meetings.iter().position(|m| {
                    m.para + 1 == s.span.para
                        && speaker
                            .as_ref()
                            .is_some_and(|sp| m.participants.iter().any(|p| p.actor == *sp))
                })
            });
        let date = meeting
            .and_then(|m| out.meetings[m].date.clone())
            .or_else(|| paragraph_date(&out.dates, s.span.para));
        let sentence = sentence_of(&article, s.span);
        let text = s.span.text(&article).trim().to_string();
        out.statements.push(StatementDraft {
            text,
            kind: s.kind,
            speaker,
            hedge: s.hedge.clone().unwrap_or_default(),
            date,
            meeting,
            para: s.span.para,
            span: s.span,
            sentence,
            via: via_in(&out.attributions, named, s.span.para),
        });
    }
    out
}

/// The index of `u` among the new names, added if it is not there yet: the same name, or for
/// a person the same last words ("Al Shibani" after "Asaad Al Shibani"; the longer is kept).
fn new_name(names: &mut Vec<NewName>, u: &UnknownName) -> usize {
    let key = fold_name(&u.text);
    let tail_of = |long: &str, short: &str| long == short || long.ends_with(&format!(" {short}"));
    let same = names.iter().position(|n| {
        let other = fold_name(&n.name);
        other == key
            || (n.guess == Guess::Person
                && u.guess == Guess::Person
                && (tail_of(&other, &key) || tail_of(&key, &other)))
    });
    if let Some(i) = same {
        if fold_name(&names[i].name).len() < key.len() {
            names[i].name = u.text.clone();
        }
        // A later, clearer sight of the name decides its kind ("between Moscow and …", then
        // "travelled to Moscow").
        if names[i].guess == Guess::Other {
            names[i].guess = u.guess;
        }
        names[i].spans.push(u.span);
        return i;
    }
    names.push(NewName {
        name: u.text.clone(),
        guess: u.guess,
        spans: vec![u.span],
    });
    names.len() - 1
}

/// "Syria's" right before `at` in paragraph `para`.
fn possessive_before(text: &str, para: usize, at: usize) -> Option<Span> {
    let before = text.get(..at)?.trim_end();
    let word_start = before
        .rfind(|c: char| c.is_whitespace())
        .map_or(0, |i| i + 1);
    let word = &before[word_start..];
    let bare = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))?;
    Some(Span {
        para,
        start: word_start,
        end: word_start + bare.len(),
    })
}

fn actor_ref(n: &Named) -> Option<Ref> {
    n.refs
        .iter()
        .find(|(_, k)| *k == RecordKind::Actor)
        .map(|(r, _)| *r)
}

fn place_ref(n: &Named) -> Option<Ref> {
    n.refs
        .iter()
        .find(|(_, k)| *k == RecordKind::Place)
        .map(|(r, _)| *r)
}

fn paragraph_date(dates: &[DateHit], para: usize) -> Option<PartialDate> {
    dates
        .iter()
        .find(|d| d.span.para == para)
        .map(|d| d.date.clone())
}

fn sentence_of(article: &Article, span: Span) -> Span {
    article
        .sentences(span.para)
        .into_iter()
        .find(|(start, end)| *start <= span.start && span.start < *end)
        .map_or(span, |(start, end)| Span {
            para: span.para,
            start,
            end,
        })
}

/// The report's own source, when this paragraph names it.
fn via_in(attributions: &[Attribution], named: &[Named], para: usize) -> Option<Ref> {
    let a = attributions.iter().find(|a| a.source.para == para)?;
    let inside: Vec<&Named> = named
        .iter()
        .filter(|n| n.span.start >= a.source.start && n.span.end <= a.source.end)
        .collect();
    // A record the file knows ("Sana") before a word merely capitalised ("Syrian").
    inside
        .iter()
        .filter_map(|n| actor_ref(n))
        .find(|r| matches!(r, Ref::Known(_)))
        .or_else(|| inside.iter().find_map(|n| actor_ref(n)))
}

/// The meeting told of in paragraph `i`, if a sentence there has a meeting verb.
fn meeting_in(
    article: &Article,
    i: usize,
    named: &[Named],
    capture: &Capture,
) -> Option<MeetingDraft> {
    let text = &article.paragraphs[i];
    let (start, end) = article.sentences(i).into_iter().find(|(s, e)| {
        text[*s..*e]
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| MEETING_VERBS.contains(&w.to_lowercase().as_str()))
    })?;
    let people: Vec<&Named> = named.iter().filter(|n| n.person).collect();
    if people.is_empty() {
        return None;
    }
    let mut participants: Vec<ParticipantDraft> = Vec::new();
    for n in &people {
        let Some(actor) = actor_ref(n) else { continue };
        if participants.iter().any(|p| p.actor == actor) {
            // The same person again ("Mr Al Shibani" after "Asaad Al Shibani").
            continue;
        }
        let led = text[..n.span.start].trim_end().ends_with("led by");
        let represents = n.possessive_before.and_then(|p| {
            named
                .iter()
                .find(|x| x.span.start == p.start)
                .and_then(actor_ref)
        });
        participants.push(ParticipantDraft {
            actor,
            roles: if led {
                vec![Role::HeadOfDelegation]
            } else {
                Vec::new()
            },
            title: n.title.clone().unwrap_or_default(),
            represents,
        });
    }
    // The place: the first place named in the meeting's sentence after its verb, else in
    // the paragraph ("at Tishreen Palace in Damascus": the palace).
    let in_sentence = |n: &&Named| n.span.start >= start && n.span.end <= end;
    let where_ = |n: &&Named| {
        let before = text[..n.span.start].trim_end();
        [
            "at", "in", "to", "near", "inside", "visited", "visiting", "visit",
        ]
        .iter()
        .any(|w| before.ends_with(&format!(" {w}")))
    };
    let possessive =
        |n: &&Named| text[n.span.end..].starts_with("'s") || text[n.span.end..].starts_with("’s");
    let places: Vec<&Named> = named
        .iter()
        .filter(|n| !n.person && !possessive(n) && place_ref(n).is_some())
        .collect();
    // "at Tishreen Palace in Damascus": the first place said to be where, in the meeting's
    // sentence; else any place there; else in the paragraph.
    let place_named: Option<&Named> = places
        .iter()
        .copied()
        .find(|n| in_sentence(n) && where_(n))
        .or_else(|| places.iter().copied().find(|n| in_sentence(n)))
        .or_else(|| places.first().copied());
    let place = place_named.and_then(place_ref);
    let date = paragraph_date(&capture.dates, i);
    let first = people.first().map(|n| n.span.text(article)).unwrap_or("");
    let place_name = place_named.map(|n| n.span.text(article));
    let title = match place_name {
        Some(place) => format!("{first} in {place}"),
        None => format!("{first}'s meeting"),
    };
    let sentence_text = text[start..end].to_lowercase();
    let kind = if ["visit", "travelled", "traveled", "trip"]
        .iter()
        .any(|w| sentence_text.contains(w))
    {
        MeetingKind::Visit
    } else {
        MeetingKind::Talks
    };
    Some(MeetingDraft {
        title,
        kind,
        date,
        place,
        participants,
        para: i,
        sentence: Span {
            para: i,
            start,
            end,
        },
        via: via_in(&capture.attributions, named, i),
    })
}
