//! From the marks to proposed records: meetings (a sentence with a meeting verb — met,
//! visited, held talks, travelled to — gives a meeting; one per paragraph, with the names of
//! that paragraph as participants and their titles, the place and the date named there) and
//! statements (each passage of speech, with its speaker, kind and hedge, at the meeting of
//! its paragraph or of the paragraph before it when the speaker took part, dated as the
//! meeting or the paragraph), each cited to the captured source at `para. N` with its
//! sentence as excerpt and, in the paragraph that names it, the report's own source as *via*.
//! Names the file does not know are proposed as new records, each once.

use super::Span;
use super::dateline::{self, Dateline};
use super::dates::{self, DateHit};
use super::meetings;
use super::names::{Gazetteer, Guess, NameHit, UnknownName, unknown_names_except};
use super::speech::{self, ActorAt, Attribution, Speech};
use super::text::{Article, Quote, quotes};
use super::world::{self, PolityHit, WORLD};
use crate::model::fold::fold_name;
use crate::model::{MeetingKind, PartialDate, RecordKind, Role, StatementKind};
use jiff::civil::Date;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;
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
    /// The other spellings the text gives it ("Zelenskiy", "习近平"), kept as aliases.
    pub aliases: Vec<String>,
    /// For a place, the place the text puts it in ("Anchorage, Alaska").
    pub parent: Option<Ref>,
    /// What the user took this name for: a record of the file, or another new name (then it
    /// is not proposed).
    pub taken_for: Option<Ref>,
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
    /// How specific the place is: 0 none, 1 a city or country, 2 a building or landmark.
    pub place_fine: u8,
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
    /// The dateline opening the report, if any.
    pub dateline: Option<Dateline>,
}

/// A named thing in the text, known or new.
#[derive(Debug, Clone)]
struct Named {
    span: Span,
    refs: Vec<(Ref, RecordKind)>,
    person: bool,
    title: Option<String>,
    /// Where the title stands, if before the name.
    title_start: Option<usize>,
    /// Written with a possessive ("Putin's envoy"): named, but not the one acting.
    possessive: bool,
    /// A state or place used as where something is ("visited Russia").
    place_use: bool,
    /// A building or landmark rather than a city or a country (for the most specific place).
    fine_place: bool,
    /// A demonym ("Russian"): it says whom someone represents, it does not act.
    adjective: bool,
    /// Whom a person acts for, from a demonym or possessive before the title.
    represents: Option<Ref>,
}

impl Named {
    fn actor(&self) -> Option<Ref> {
        actor_ref(self)
    }
}

/// Words before a name that say the person is not taking part ("after the fall of …").
const ABSENT: &[&str] = &[
    "under",
    "fall",
    "ousting",
    "overthrow",
    "former",
    "ally",
    "predecessor",
    "funeral",
    "since",
    "regime",
    "death",
    "invited",
    "ousted",
    "toppled",
    "killing",
];

/// Capitalised words that may stand between a demonym and a title ("Saudi Crown Prince and
/// Prime Minister").
const TITLE_LIKE: &[&str] = &[
    "crown", "prince", "and", "emir", "king", "sheikh", "deputy", "first",
];

/// Words of a sentence that adds people to the meeting just told of.
const JOINING: &[&str] = &[
    "accompanied",
    "joined",
    "included",
    "including",
    "headed",
    "led",
    "attended",
    "sat",
    "participated",
    "looked",
    "signed",
    "mediated",
    "brokered",
    "delegation",
    "delegations",
];

/// Drafts records from `text`, published on `published`, with the names `gazetteer` knows;
/// `is_person` tells a known actor that is a person. The report is read in phases, each a
/// method of `Reading`: what each paragraph holds, the new names, everything named, who is
/// called what and stands for whom, speech, meetings, places, statements.
pub fn capture(
    text: &str,
    published: Date,
    gazetteer: &Gazetteer,
    is_person: &dyn Fn(Uuid) -> bool,
) -> Capture {
    let mut reading = Reading::new(text, published);
    reading.scan_paragraphs(gazetteer);
    reading.gather_new_names();
    reading.name_everything(gazetteer, is_person);
    reading.learn_titles_and_sides();
    reading.find_speech();
    reading.find_meetings();
    reading.place_meetings();
    reading.settle_new_names();
    reading.draft_statements();
    reading.out
}

/// What one paragraph holds before anything is resolved.
#[derive(Default)]
struct ParagraphFinds {
    /// Names the file does not know.
    unknown: Vec<UnknownName>,
    /// States, capitals and organisations of the world table.
    polities: Vec<PolityHit>,
    /// Organs of a state ("the Syrian presidency").
    organs: Vec<Span>,
    quotes: Vec<Quote>,
}

/// A report being read: the drafts so far (`out`) and what the phases tell each other.
struct Reading {
    article: Article,
    published: Date,
    dateline: Option<Dateline>,
    out: Capture,
    finds: Vec<ParagraphFinds>,
    /// For each paragraph's unknown names, the new name each became (if any).
    unknown_refs: Vec<Vec<Option<usize>>>,
    /// Everything named, paragraph by paragraph, in order.
    named: Vec<Vec<Named>>,
    /// What each person is called, and whom each represents, wherever the report says it.
    titles: HashMap<Ref, String>,
    sides: HashMap<Ref, Ref>,
    /// Every person named: paragraph, byte, who.
    people_seen: Vec<(usize, usize, Ref)>,
}

/// What a meeting word in a sentence comes with: the people, date and place in its window.
struct TriggerFacts<'n> {
    /// Not the sentence's first meeting word.
    later_in_sentence: bool,
    /// The people named in the trigger's part of the sentence.
    own: Vec<&'n Named>,
    /// Dates written in its part of the sentence.
    own_dates: usize,
    date: Option<PartialDate>,
    place: Option<(Ref, bool)>,
    /// "the two men also spoke": the people of the meeting just told of.
    plural_subject: bool,
    plural: bool,
    /// "he met …": the person last named.
    pronoun_subject: bool,
}

impl Reading {
    fn new(text: &str, published: Date) -> Reading {
        let article = Article::parse(text);
        let dateline = article.paragraphs.first().and_then(|p| dateline::find(p));
        let out = Capture {
            article: article.clone(),
            dateline: dateline.clone(),
            ..Capture::default()
        };
        Reading {
            article,
            published,
            dateline,
            out,
            finds: Vec::new(),
            unknown_refs: Vec::new(),
            named: Vec::new(),
            titles: HashMap::new(),
            sides: HashMap::new(),
            people_seen: Vec::new(),
        }
    }

    /// Each paragraph's quotes, known names, states and organisations, organs, new names,
    /// dates and attributions (the dateline and quoted words are no names).
    fn scan_paragraphs(&mut self, gazetteer: &Gazetteer) {
        let (article, dateline, out) = (&self.article, &self.dateline, &mut self.out);
        for (i, p) in article.paragraphs.iter().enumerate() {
            let quotes = quotes(p);
            let mut skip: Vec<(usize, usize)> = quotes.iter().map(|q| (q.open, q.close)).collect();
            if i == 0
                && let Some(d) = dateline
            {
                skip.push((0, d.end));
            }
            let known: Vec<NameHit> = gazetteer
                .find(i, p)
                .into_iter()
                .filter(|h| i != 0 || dateline.as_ref().is_none_or(|d| h.span.start >= d.end))
                .collect();
            let mut taken = skip.clone();
            taken.extend(known.iter().map(|h| (h.span.start, h.span.end)));
            let polities = world::find(i, p, &taken);
            let organs = organs_of(p, &polities);
            taken.extend(polities.iter().map(|h| (h.span.start, h.span.end)));
            taken.extend(organs.iter().map(|s| (s.start, s.end)));
            let unknown = unknown_names_except(i, p, &known, &taken);
            out.dates
                .extend(dates::find(i, p, self.published).into_iter().filter(|d| {
                    !skip
                        .iter()
                        .any(|&(a, b)| a <= d.span.start && d.span.start < b)
                }));
            out.attributions
                .extend(speech::attributions(i, p, &article.sentences(i)));
            out.known.extend(known);
            self.finds.push(ParagraphFinds {
                unknown,
                polities,
                organs,
                quotes,
            });
        }
    }

    /// New names: people first (a surname or a variant joins the full name wherever it
    /// stands), then every other name.
    fn gather_new_names(&mut self) {
        let out = &mut self.out;
        let mut unknown_refs: Vec<Vec<Option<usize>>> = self
            .finds
            .iter()
            .map(|f| vec![None; f.unknown.len()])
            .collect();
        for pass in 0..2 {
            for (para, finds) in self.finds.iter().enumerate() {
                let names = &finds.unknown;
                for (k, u) in names.iter().enumerate() {
                    let full_person =
                        u.guess == Guess::Person && u.text.split_whitespace().count() >= 2;
                    if (pass == 0) != full_person || unknown_refs[para][k].is_some() {
                        continue;
                    }
                    // A name in brackets after another is its other spelling ("Xi Jinping
                    // (习近平)").
                    let bracketed = k > 0
                        && self.article.paragraphs[para]
                            .get(names[k - 1].span.end..u.span.start)
                            .is_some_and(|g| g.trim() == "(")
                        || aka_before(&self.article.paragraphs[para], u.span.start);
                    let index = if bracketed && k > 0 {
                        unknown_refs[para][k - 1].inspect(|&j| {
                            out.new_names[j].spans.push(u.span);
                            push_alias(&mut out.new_names[j], &u.text);
                        })
                    } else {
                        new_name(&mut out.new_names, u)
                    };
                    unknown_refs[para][k] = index;
                }
            }
        }
        out.unknown = self
            .finds
            .iter()
            .zip(&unknown_refs)
            .flat_map(|(finds, refs)| {
                finds
                    .unknown
                    .iter()
                    .zip(refs)
                    .filter(|(_, r)| r.is_some())
                    .map(|(u, _)| u.clone())
            })
            .collect();
        self.unknown_refs = unknown_refs;
    }

    /// Everything named, paragraph by paragraph: known names, new names, states and
    /// organisations, organs; then whom each person represents.
    fn name_everything(&mut self, gazetteer: &Gazetteer, is_person: &dyn Fn(Uuid) -> bool) {
        for i in 0..self.article.paragraphs.len() {
            let mut named = self.known_named(i, is_person);
            named.extend(self.new_named(i));
            named.extend(self.polities_named(i, gazetteer));
            named.extend(self.organs_named(i));
            named.sort_by_key(|n| n.span.start);
            represented(&self.article.paragraphs[i], &mut named);
            self.named.push(named);
        }
    }

    /// The names of paragraph `i` the file knows (outside quotes).
    fn known_named(&self, i: usize, is_person: &dyn Fn(Uuid) -> bool) -> Vec<Named> {
        let p = &self.article.paragraphs[i];
        let quotes = &self.finds[i].quotes;
        self.out
            .known
            .iter()
            .filter(|h| h.span.para == i)
            .filter(|h| {
                !quotes
                    .iter()
                    .any(|q| q.open <= h.span.start && h.span.start < q.close)
            })
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
                title_start: h.title_span.map(|t| t.start),
                possessive: possessive_after(p, h.span.end),
                place_use: is_locative(p, h.span.start),
                fine_place: fine_place(p, h.span),
                adjective: false,
                represents: None,
            })
            .collect()
    }

    /// The names of paragraph `i` the file does not know, as the new names they became.
    fn new_named(&mut self, i: usize) -> Vec<Named> {
        let p = &self.article.paragraphs[i];
        let out = &mut self.out;
        let mut named = Vec::new();
        for (u, r) in self.finds[i].unknown.iter().zip(&self.unknown_refs[i]) {
            let Some(index) = *r else { continue };
            let guess = out.new_names[index].guess;
            let kind = match guess {
                Guess::Place => RecordKind::Place,
                _ => RecordKind::Actor,
            };
            let mut refs = vec![(Ref::New(index), kind)];
            // An organisation's seat named as where ("in the Kremlin"): the place too.
            if kind == RecordKind::Actor && guess != Guess::Person && is_locative(p, u.span.start) {
                let place = named_new(&mut out.new_names, &u.text, Guess::Place, u.span);
                refs.push((Ref::New(place), RecordKind::Place));
            }
            named.push(Named {
                span: u.span,
                refs,
                person: guess == Guess::Person,
                title: u.title.clone(),
                title_start: u.title_span.map(|t| t.start),
                possessive: possessive_after(p, u.span.end),
                place_use: is_locative(p, u.span.start),
                fine_place: fine_place(p, u.span),
                adjective: false,
                represents: None,
            });
        }
        named
    }

    /// The states, capitals and organisations of paragraph `i`: records of the file of that
    /// name, or new names.
    fn polities_named(&mut self, i: usize, gazetteer: &Gazetteer) -> Vec<Named> {
        let (article, out) = (&self.article, &mut self.out);
        let mut named = Vec::new();
        for h in &self.finds[i].polities {
            let polity = &WORLD.polities[h.polity];
            let (target, guess) = if h.place {
                (h.span.text(article).to_string(), Guess::Place)
            } else if polity.state {
                (polity.name.clone(), Guess::State)
            } else {
                (polity.name.clone(), Guess::Organisation)
            };
            let refs = match gazetteer.records_named(&target) {
                found if !found.is_empty() => found
                    .into_iter()
                    .filter(|(_, k)| (*k == RecordKind::Place) == h.place)
                    .map(|(u, k)| (Ref::Known(u), k))
                    .collect::<Vec<_>>(),
                _ => Vec::new(),
            };
            let refs = if refs.is_empty() {
                let index = named_new(&mut out.new_names, &target, guess, h.span);
                let kind = if h.place {
                    RecordKind::Place
                } else {
                    RecordKind::Actor
                };
                vec![(Ref::New(index), kind)]
            } else {
                refs
            };
            // Shown marked in the review as the names they are.
            out.unknown.push(UnknownName {
                span: h.span,
                text: h.span.text(article).to_string(),
                guess,
                title: None,
                title_span: None,
                weak: false,
            });
            named.push(Named {
                span: h.span,
                refs,
                person: false,
                title: None,
                title_start: None,
                possessive: h.possessive,
                place_use: h.place,
                fine_place: false,
                adjective: h.form == world::Form::Demonym,
                represents: None,
            });
        }
        named
    }

    /// The organs of states named in paragraph `i`, as new organisations.
    fn organs_named(&mut self, i: usize) -> Vec<Named> {
        let p = &self.article.paragraphs[i];
        let mut named = Vec::new();
        for span in &self.finds[i].organs {
            let written = span.text(&self.article);
            let name = written.trim_start_matches("the ").to_string();
            let index = named_new(&mut self.out.new_names, &name, Guess::Organisation, *span);
            named.push(Named {
                span: *span,
                refs: vec![(Ref::New(index), RecordKind::Actor)],
                person: false,
                title: None,
                title_start: None,
                possessive: possessive_after(p, span.end),
                place_use: false,
                fine_place: false,
                adjective: false,
                represents: None,
            });
        }
        named
    }

    /// What a person is called and whom they represent, wherever the report says it; and
    /// where each person is named.
    fn learn_titles_and_sides(&mut self) {
        for n in self.named.iter().flatten() {
            if let Some(a) = n.actor().filter(|_| n.person) {
                if let Some(t) = &n.title {
                    self.titles.entry(a).or_insert_with(|| t.clone());
                }
                if let Some(r) = n.represents {
                    self.sides.entry(a).or_insert(r);
                }
            }
        }
        for (i, named) in self.named.iter().enumerate() {
            for n in named.iter().filter(|n| n.person) {
                if let Some(a) = n.actor() {
                    self.people_seen.push((i, n.span.start, a));
                }
            }
        }
    }

    /// Speech, paragraph by paragraph, with the actors named around it.
    fn find_speech(&mut self) {
        for (i, p) in self.article.paragraphs.iter().enumerate() {
            let actors: Vec<ActorAt> = self.named[i]
                .iter()
                .filter(|n| n.actor().is_some() && !n.place_use)
                .map(|n| ActorAt {
                    start: n.span.start,
                    end: n.span.end,
                    person: n.person,
                    possessive: n.possessive,
                    adjective: n.adjective,
                })
                .collect();
            let mut found = speech::find(i, p, &actors);
            if i == 0
                && let Some(d) = &self.dateline
            {
                found.retain(|s| s.span.start >= d.end);
            }
            self.out.speech.extend(found);
        }
    }

    /// Meetings, sentence by sentence: a meeting word starts a meeting or tells more of the
    /// one just told of.
    fn find_meetings(&mut self) {
        let reader = MeetingReader {
            article: &self.article,
            named: &self.named,
            finds: &self.finds,
            titles: &self.titles,
            sides: &self.sides,
            people_seen: &self.people_seen,
        };
        let mut current: Option<usize> = None;
        for para in 0..reader.article.paragraphs.len() {
            for (start, end) in reader.article.sentences(para) {
                let sentence = Span { para, start, end };
                reader.sentence(&mut self.out, sentence, &mut current);
            }
        }
    }

    /// Places: a meeting in person with no place named is where the dateline was filed;
    /// places nest; the dateline's city is in its region. Then hosts and visitors, titles.
    fn place_meetings(&mut self) {
        let (article, out) = (&self.article, &mut self.out);
        if let Some(d) = &self.dateline
            && let Some(first) = d.places.first()
            && out.meetings.len() <= 3
        {
            let unplaced: Vec<usize> = (0..out.meetings.len())
                .filter(|&m| {
                    out.meetings[m].kind != MeetingKind::Call && out.meetings[m].place.is_none()
                })
                .collect();
            if !unplaced.is_empty() {
                let name = spelled_in_text(article, first);
                let index = named_new(
                    &mut out.new_names,
                    &name,
                    Guess::Place,
                    Span {
                        para: 0,
                        start: 0,
                        end: d.end.min(first.len()),
                    },
                );
                for m in unplaced {
                    out.meetings[m].place = Some(Ref::New(index));
                }
            }
        }
        nest_places(article, &self.named, &mut out.new_names);
        if let Some(d) = &self.dateline
            && let (Some(first), Some(region)) = (d.places.first(), &d.region)
        {
            // "ANCHORAGE, Alaska": the dateline's city is in its region.
            let city = fold_name(&spelled_in_text(article, first));
            let region_index = out
                .new_names
                .iter()
                .position(|n| fold_name(&n.name) == fold_name(region) && n.guess != Guess::Person);
            if let Some(c) = out
                .new_names
                .iter()
                .position(|n| n.guess == Guess::Place && fold_name(&n.name) == city)
                && out.new_names[c].parent.is_none()
            {
                let r = region_index.unwrap_or_else(|| {
                    named_new(
                        &mut out.new_names,
                        region,
                        Guess::Place,
                        Span {
                            para: 0,
                            start: 0,
                            end: d.end.min(region.len()),
                        },
                    )
                });
                if r != c {
                    out.new_names[r].guess = Guess::Place;
                    out.new_names[c].parent = Some(Ref::New(r));
                }
            }
        }
        for m in &mut out.meetings {
            host_and_visitors(m, &out.new_names);
        }
        for m in &mut out.meetings {
            m.title = meeting_title(m, &|r| label_of(&out.new_names, article, &self.named, r));
        }
    }

    /// What a new name does says what it is: a name only ever said to be where something
    /// happened ("in the Kremlin", "an Oval Office meeting") is a place, not an actor; so is a
    /// meeting's place.
    fn settle_new_names(&mut self) {
        let (article, out) = (&self.article, &mut self.out);
        for (k, n) in out.new_names.iter_mut().enumerate() {
            if matches!(n.guess, Guess::Organisation | Guess::Other)
                && !n.spans.is_empty()
                && WORLD.lookup(&n.name).is_none()
                && n.spans.iter().all(|sp| {
                    let p = &article.paragraphs[sp.para];
                    let before = p[..sp.start].trim_end().to_lowercase();
                    [
                        "in the",
                        "at the",
                        "inside the",
                        "outside the",
                        " in",
                        " at",
                    ]
                    .iter()
                    .any(|w| before.ends_with(w))
                        || out.meetings.iter().any(|m| {
                            m.place.is_some_and(|r| matches!(r, Ref::New(x) if x != k))
                                && p[sp.end..]
                                    .trim_start()
                                    .to_lowercase()
                                    .starts_with("meeting")
                        })
                })
            {
                n.guess = Guess::Place;
            }
        }
        for m in &out.meetings {
            if let Some(Ref::New(k)) = m.place
                && out.new_names[k].guess == Guess::Other
            {
                out.new_names[k].guess = Guess::Place;
            }
        }
    }

    /// Statements: each speech with its speaker resolved ("he said": the person last named
    /// who could have), at the meeting told of before it, dated by it or its sentence.
    fn draft_statements(&mut self) {
        let (article, out) = (&self.article, &mut self.out);
        let mut spoken: Vec<(usize, usize, Ref)> = Vec::new();
        for s in &out.speech {
            let named = &self.named[s.span.para];
            let speaker = if s.referring {
                referred(article, s, &self.people_seen, &self.titles, &spoken)
            } else {
                named
                    .iter()
                    .find(|n| n.span.start == s.speaker.start && n.span.end == s.speaker.end)
                    .and_then(Named::actor)
            };
            let Some(speaker) = speaker else { continue };
            if self.people_seen.iter().any(|(_, _, p)| *p == speaker) {
                spoken.push((s.speaker.para, s.speaker.start, speaker));
            }
            let sentence = sentence_of(article, s.span);
            let meeting = out
                .meetings
                .iter()
                .rposition(|m| {
                    m.para < s.span.para
                        || (m.para == s.span.para && m.sentence.start <= sentence.start)
                })
                .filter(|&k| {
                    let m = &out.meetings[k];
                    m.para == s.span.para || m.participants.iter().any(|p| p.actor == speaker)
                });
            let date = meeting
                .and_then(|m| out.meetings[m].date.clone())
                .or_else(|| {
                    out.dates
                        .iter()
                        .find(|d| {
                            d.span.para == s.span.para
                                && d.span.start >= sentence.start
                                && d.span.end <= sentence.end
                        })
                        .map(|d| d.date.clone())
                });
            out.statements.push(StatementDraft {
                text: s.span.text(article).trim().to_string(),
                kind: s.kind,
                speaker: Some(speaker),
                hedge: s.hedge.clone().unwrap_or_default(),
                date,
                meeting,
                para: s.span.para,
                span: s.span,
                sentence,
                via: via_in(&out.attributions, named, s.span.para),
            });
        }
    }
}

/// What the meeting phase reads: the report and what the phases before it found.
struct MeetingReader<'a> {
    article: &'a Article,
    named: &'a [Vec<Named>],
    finds: &'a [ParagraphFinds],
    titles: &'a HashMap<Ref, String>,
    sides: &'a HashMap<Ref, Ref>,
    people_seen: &'a [(usize, usize, Ref)],
}

impl<'a> MeetingReader<'a> {
    /// One sentence: its meeting words start meetings or tell more of the one just told of
    /// (`current`).
    fn sentence(&self, out: &mut Capture, sentence: Span, current: &mut Option<usize>) {
        let (i, s_start, s_end) = (sentence.para, sentence.start, sentence.end);
        let p = &self.article.paragraphs[i];
        let named = &self.named[i];
        let quoted: Vec<(usize, usize)> = self.finds[i]
            .quotes
            .iter()
            .map(|q| (q.open, q.close))
            .collect();
        let person_after = |b: usize| person_named_after(p, named, b);
        let triggers = meetings::triggers(p, (s_start, s_end), &quoted, &person_after);
        let in_sentence = |n: &&Named| n.span.start >= s_start && n.span.end <= s_end;
        let present = |n: &&Named| {
            n.person
                && !n.possessive
                && !absent(p, n.span.start)
                && !quoted
                    .iter()
                    .any(|&(a, b)| a <= n.span.start && n.span.start < b)
        };
        // Who speaks at the end of the sentence ("…, Foreign Minister Andrii Sybiha said")
        // reports; he does not take part.
        let reporter_from = tail_attribution(p, s_start, s_end);
        let persons: Vec<&'a Named> = named
            .iter()
            .filter(in_sentence)
            .filter(present)
            .filter(|n| reporter_from.is_none_or(|r| n.span.start < r))
            .collect();
        if triggers.iter().all(|t| t.definite)
            && let Some(c) = *current
        {
            self.tell_more_of(out, c, sentence, &persons);
            return;
        }
        for (ti, t) in triggers.iter().enumerate() {
            let facts = self.trigger_facts(out, sentence, &triggers, ti, &persons);
            let cur = current.map(|c| &out.meetings[c]);
            let is_new = match cur {
                None => !facts.own.is_empty() || facts.date.is_some(),
                Some(c) => self.starts_another(c, sentence, &triggers, ti, &facts),
            };
            if is_new {
                let m = self.new_meeting(out, sentence, t, &facts, cur, &persons);
                out.meetings.push(m);
                *current = Some(out.meetings.len() - 1);
            } else if let Some(c) = *current {
                self.extend_meeting(&mut out.meetings[c], sentence, t.kind, &facts);
            }
        }
    }

    /// A sentence whose meeting words all refer back ("the talks"): a finer place for the
    /// meeting just told of, and the people a joining sentence adds to it.
    fn tell_more_of(&self, out: &mut Capture, c: usize, sentence: Span, persons: &[&Named]) {
        let (i, s_start, s_end) = (sentence.para, sentence.start, sentence.end);
        let p = &self.article.paragraphs[i];
        let named = &self.named[i];
        // "Opening the talks in the retreat's Laurel Cabin": a finer place for it.
        if let Some((pl, true)) = place_in(p, named, s_start, s_end, &mut out.new_names)
            && out.meetings[c].place_fine < 2
        {
            out.meetings[c].place = Some(pl);
            out.meetings[c].place_fine = 2;
        }
        let lower = p[s_start..s_end].to_lowercase();
        let joining = lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| JOINING.contains(&w));
        if !joining {
            return;
        }
        let accompanied = lower.contains("accompanied");
        let subject = persons.first().and_then(|n| n.actor());
        for (mi, meeting) in out.meetings.iter_mut().enumerate() {
            let with_subject = accompanied
                && subject.is_some_and(|s| meeting.participants.iter().any(|x| x.actor == s));
            if mi != c && !with_subject {
                continue;
            }
            for n in persons.iter().filter(|n| joins(p, s_start, s_end, n.span)) {
                add_participant(
                    meeting,
                    n,
                    role_of(p, s_start, n.span, meeting.kind),
                    self.titles,
                    self.sides,
                );
            }
        }
    }

    /// The people, date and place of the meeting word `triggers[ti]`, in its window of the
    /// sentence (up to the next meeting word).
    fn trigger_facts(
        &self,
        out: &mut Capture,
        sentence: Span,
        triggers: &[meetings::Trigger],
        ti: usize,
        persons: &[&'a Named],
    ) -> TriggerFacts<'a> {
        let (i, s_start, s_end) = (sentence.para, sentence.start, sentence.end);
        let t = &triggers[ti];
        let p = &self.article.paragraphs[i];
        let named = &self.named[i];
        let window_end = triggers.get(ti + 1).map_or(s_end, |n| n.start);
        let window_start = if ti == 0 { s_start } else { t.start };
        let own_dates: Vec<&DateHit> = out
            .dates
            .iter()
            .filter(|d| d.span.para == i && d.span.start >= t.start && d.span.start < window_end)
            .collect();
        let date = own_dates.first().map(|d| d.date.clone()).or_else(|| {
            (ti == 0)
                .then(|| {
                    out.dates
                        .iter()
                        .find(|d| {
                            d.span.para == i && d.span.start >= s_start && d.span.start < t.start
                        })
                        .map(|d| d.date.clone())
                })
                .flatten()
        });
        let own_dates = own_dates.len();
        let mut place = place_in(
            p,
            named,
            t.end.min(window_end),
            window_end,
            &mut out.new_names,
        );
        if place.is_none() && ti == 0 {
            place = place_in(p, named, s_start, t.start, &mut out.new_names);
        }
        // "An Oval Office meeting": the place named right before the word.
        if !t.verb
            && let Some(n) = named.iter().find(|n| {
                !n.person && n.span.end <= t.start && p[n.span.end..t.start].trim().is_empty()
            })
            && (place.is_none() || fine_place(p, n.span))
        {
            let name = n.span.text(self.article).to_string();
            place = Some((
                Ref::New(named_new(&mut out.new_names, &name, Guess::Place, n.span)),
                fine_place(p, n.span),
            ));
        }
        let own: Vec<&'a Named> = persons
            .iter()
            .copied()
            .filter(|n| n.span.start >= window_start && n.span.start < window_end)
            .collect();
        let prev_end = if ti == 0 {
            s_start
        } else {
            triggers[ti - 1].end
        };
        let lower_window = p[prev_end.min(window_start)..window_end].to_lowercase();
        // "the two men also spoke": the people of the meeting just told of.
        let clause_start = p[prev_end..t.start]
            .rfind([',', ';'])
            .map_or(prev_end, |c| prev_end + c);
        let subject_words = p[clause_start..t.start].to_lowercase();
        let plural_subject = ["the two", "they", "both"]
            .iter()
            .any(|w| subject_words.contains(w));
        let plural = [
            "the two",
            "they ",
            "the leaders",
            "the five",
            "both leaders",
            "the three",
        ]
        .iter()
        .any(|w| lower_window.contains(w));
        let before = p[s_start..t.start].to_lowercase();
        let pronoun_subject = own.is_empty()
            && (lower_window.starts_with("he ")
                || before.contains(" he ")
                || before.starts_with("he "));
        TriggerFacts {
            later_in_sentence: ti > 0,
            own,
            own_dates,
            date,
            place,
            plural_subject,
            plural,
            pronoun_subject,
        }
    }

    /// Whether the meeting word `triggers[ti]` tells of another meeting than `c`, the one
    /// just told of: another kind (a call), another day, another place, new people acting.
    fn starts_another(
        &self,
        c: &MeetingDraft,
        sentence: Span,
        triggers: &[meetings::Trigger],
        ti: usize,
        facts: &TriggerFacts,
    ) -> bool {
        let (i, s_start) = (sentence.para, sentence.start);
        let t = &triggers[ti];
        let p = &self.article.paragraphs[i];
        if t.definite || (facts.plural_subject && facts.own_dates == 0 && facts.place.is_none()) {
            return false;
        }
        let call_change = (c.kind == MeetingKind::Call) != (t.kind == MeetingKind::Call);
        let date_change = facts
            .date
            .as_ref()
            .is_some_and(|d| c.date.as_ref() != Some(d))
            && facts.own_dates > 0;
        let place_change = facts.place.is_some_and(|(pl, fine)| {
            c.place.is_some_and(|cp| cp != pl) && !(fine && c.place_fine < 2)
        }) && t.verb;
        let newcomers = facts
            .own
            .iter()
            .filter(|n| {
                n.actor()
                    .is_some_and(|a| !c.participants.iter().any(|x| x.actor == a))
            })
            .count();
        let fresh_verb = t.verb
            && newcomers > 0
            && (ti == 0 && !same_sentence(c, i, s_start) || c.participants.len() >= 2)
            && !reference_before(p, s_start, t.start);
        (call_change && (t.verb || !facts.own.is_empty() || facts.date.is_some()))
            || (date_change && (t.verb || !facts.own.is_empty()))
            || place_change
            || fresh_verb
    }

    /// A new meeting for the meeting word `t`, with its date, place and people (those of the
    /// meeting just told of when the sentence says "the two" or "he").
    fn new_meeting(
        &self,
        out: &Capture,
        sentence: Span,
        t: &meetings::Trigger,
        facts: &TriggerFacts,
        cur: Option<&MeetingDraft>,
        persons: &[&Named],
    ) -> MeetingDraft {
        let (i, s_start) = (sentence.para, sentence.start);
        let p = &self.article.paragraphs[i];
        let inherited = cur.and_then(|c| c.date.clone());
        let mut m = MeetingDraft {
            title: String::new(),
            kind: t.kind,
            date: facts.date.clone().or(inherited).or_else(|| {
                if out.meetings.is_empty() {
                    paragraph_date(&out.dates, i)
                } else {
                    None
                }
            }),
            place: None,
            place_fine: 0,
            participants: Vec::new(),
            para: i,
            sentence,
            via: None,
        };
        if let Some((pl, fine)) = facts.place {
            m.place = Some(pl);
            m.place_fine = if fine { 2 } else { 1 };
        }
        if (facts.plural || facts.pronoun_subject || facts.own.len() < 2)
            && let Some(c) = cur
            && (facts.plural || facts.own.is_empty())
        {
            m.participants = c
                .participants
                .iter()
                .map(|x| ParticipantDraft {
                    roles: Vec::new(),
                    ..x.clone()
                })
                .collect();
        }
        if facts.pronoun_subject
            && m.participants.is_empty()
            && let Some(&(_, _, who)) = self
                .people_seen
                .iter()
                .rev()
                .find(|(pp, st, _)| *pp < i || (*pp == i && *st < t.start))
        {
            m.participants.push(ParticipantDraft {
                actor: who,
                roles: Vec::new(),
                title: self.titles.get(&who).cloned().unwrap_or_default(),
                represents: self.sides.get(&who).copied(),
            });
        }
        // The one who acts in the sentence takes part in its second meeting too ("Blinken
        // held talks with Qin … and a session with Wang Yi").
        if facts.later_in_sentence
            && facts.own.len() == 1
            && let Some(subject) = persons.first()
        {
            add_participant(
                &mut m,
                subject,
                role_of(p, s_start, subject.span, t.kind),
                self.titles,
                self.sides,
            );
        }
        for n in &facts.own {
            add_participant(
                &mut m,
                n,
                role_of(p, s_start, n.span, t.kind),
                self.titles,
                self.sides,
            );
        }
        m.via = via_in(&out.attributions, &self.named[i], i);
        m
    }

    /// What the meeting word tells of the meeting just told of (`c`): a more telling kind,
    /// people, a date or place it lacked.
    fn extend_meeting(
        &self,
        m: &mut MeetingDraft,
        sentence: Span,
        kind: MeetingKind,
        facts: &TriggerFacts,
    ) {
        let (p, s_start) = (&self.article.paragraphs[sentence.para], sentence.start);
        // "met … on his first trip abroad": a visit; "held a summit": a summit.
        let rank = |k: MeetingKind| match k {
            MeetingKind::Summit => 3,
            MeetingKind::Visit => 2,
            MeetingKind::Talks => 1,
            _ => 0,
        };
        if m.kind != MeetingKind::Call && kind != MeetingKind::Call && rank(kind) > rank(m.kind) {
            m.kind = kind;
        }
        for n in &facts.own {
            add_participant(
                m,
                n,
                role_of(p, s_start, n.span, m.kind),
                self.titles,
                self.sides,
            );
        }
        if m.date.is_none() {
            m.date = facts.date.clone();
        }
        if let Some((pl, fine)) = facts.place {
            let rank = if fine { 2 } else { 1 };
            if m.place.is_none() || rank > m.place_fine {
                m.place = Some(pl);
                m.place_fine = rank;
            }
        }
    }
}

/// Whom each person of a paragraph represents: a demonym or possessive right before the
/// title or the name ("Russian President", "Syria's Foreign Minister", "Canada’s Justin
/// Trudeau").
fn represented(p: &str, named: &mut [Named]) {
    for k in 0..named.len() {
        if !named[k].person {
            continue;
        }
        let at = named[k].title_start.unwrap_or(named[k].span.start);
        let found = named[..k].iter().rev().find(|n| {
            !n.person
                && p.get(n.span.end..at).is_some_and(|g| {
                    let g = g.trim_start_matches(['\'', '’', 's', '.']).trim();
                    // Lower-case words ("new"), or more titles ("Crown Prince and").
                    g.split_whitespace().count() <= 4
                        && g.split_whitespace().all(|w| {
                            w.chars().all(char::is_lowercase) && w.len() < 12
                                || TITLE_LIKE.contains(&w.to_lowercase().as_str())
                        })
                })
                && !n.place_use
        });
        named[k].represents = found.and_then(|n| n.actor());
    }
}

/// Whether a person is named right after byte `b`, a demonym, possessive or title between
/// ("hosted Indian Prime Minister Narendra Modi", "called Ukraine's Zelenskiy").
fn person_named_after(p: &str, named: &[Named], b: usize) -> bool {
    named.iter().any(|n| {
        let at = n.title_start.unwrap_or(n.span.start);
        n.person
            && at >= b
            && p.get(b..at).is_some_and(|gap| {
                gap.trim().is_empty()
                    || named.iter().any(|m| {
                        !m.person
                            && m.start_after(p, b)
                            && p.get(m.span.end..at).is_some_and(|g| {
                                g.trim_start_matches(['\'', '’', 's']).trim().is_empty()
                            })
                    })
            })
    })
}

impl Named {
    /// Whether this name starts right after byte `b` of `text` (white space between).
    fn start_after(&self, text: &str, b: usize) -> bool {
        self.span.start >= b
            && text
                .get(b..self.span.start)
                .is_some_and(|g| g.trim().is_empty())
    }
}

/// A new place followed by the place it is in ("Anchorage, Alaska", "Filoli estate in Woodside,
/// California", "Bali, Indonesia") gets that place as its parent; a name only seen there is a
/// place.
fn nest_places(article: &Article, named_by_para: &[Vec<Named>], names: &mut [NewName]) {
    for (i, named) in named_by_para.iter().enumerate() {
        let text = &article.paragraphs[i];
        for (k, n) in named.iter().enumerate() {
            let Some(Ref::New(child)) = place_ref(n) else {
                continue;
            };
            let Some(next) = named.get(k + 1) else {
                continue;
            };
            let gap = &text[n.span.end..next.span.start];
            let inside = matches!(gap.trim(), "," | "in" | "in the");
            if !inside || next.person || next.possessive || next.adjective {
                continue;
            }
            let parent = place_ref(next).or_else(|| match actor_ref(next) {
                Some(Ref::New(j)) if names[j].guess == Guess::Other => {
                    names[j].guess = Guess::Place;
                    Some(Ref::New(j))
                }
                _ => None,
            });
            let Some(parent) = parent else { continue };
            if parent == Ref::New(child) || names[child].parent.is_some() {
                continue;
            }
            if let Ref::New(j) = parent
                && names[j].parent == Some(Ref::New(child))
            {
                continue;
            }
            names[child].parent = Some(parent);
        }
    }
}

/// Hosts and visitors of a visit: who acts for the state the meeting is in hosts, who acts for
/// another state visits; at talks, calls and summits everyone simply takes part.
fn host_and_visitors(m: &mut MeetingDraft, names: &[NewName]) {
    if m.kind != MeetingKind::Visit {
        return;
    }
    // The state of the place: the place itself, its capital's state, or a state above it.
    let mut state = None;
    let mut at = m.place;
    for _ in 0..4 {
        let Some(Ref::New(i)) = at else { break };
        if let Some((p, _)) = WORLD.lookup(&names[i].name).filter(|(p, _)| p.state) {
            state = Some(p.name.clone());
            break;
        }
        at = names[i].parent;
    }
    let Some(state) = state else { return };
    let state_key = fold_name(&state);
    let side = |r: Option<Ref>| match r {
        Some(Ref::New(i)) => Some(fold_name(&names[i].name) == state_key),
        _ => None,
    };
    for p in &mut m.participants {
        if p.roles
            .iter()
            .any(|r| matches!(r, Role::Host | Role::Visitor | Role::Mediator))
        {
            continue;
        }
        match side(p.represents) {
            Some(true) => p.roles.insert(0, Role::Host),
            Some(false) => p.roles.insert(0, Role::Visitor),
            None => {}
        }
    }
    // A member whose side is not said belongs to the visiting side, when there is one.
    let visiting: Vec<Ref> = m
        .participants
        .iter()
        .filter(|p| p.roles.contains(&Role::Visitor))
        .filter_map(|p| p.represents)
        .collect();
    if let Some(first) = visiting.first()
        && visiting.iter().all(|v| v == first)
    {
        for p in &mut m.participants {
            if p.represents.is_none() && p.roles == [Role::Member] {
                p.represents = Some(*first);
                p.roles.insert(0, Role::Visitor);
            }
        }
    }
}

/// "long known by his nom de guerre", "also known as": the name after is another name of
/// the person before.
fn aka_before(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end().to_lowercase();
    before.ends_with("known as")
        || before.ends_with("nom de guerre")
        || before.ends_with("also called")
}

/// A state's organ named in lower case after a demonym or a possessive: "Ukraine’s foreign
/// ministry", "the Syrian presidency", "Syria's new administration".
fn organs_of(text: &str, polities: &[PolityHit]) -> Vec<Span> {
    static ORGAN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:['’]s)?(?:\s+(?:new|foreign|defence|defense|interior|finance|transitional|interim|state))*\s+(?:foreign ministry|ministry|presidency|administration|government|parliament|military|army|embassy|cabinet)\b")
            .expect("a valid rule")
    });
    polities
        .iter()
        .filter(|h| h.form != world::Form::Capital && !h.place)
        .filter_map(|h| {
            let m = ORGAN.find(&text[h.span.end..])?;
            Some(Span {
                para: h.span.para,
                start: h.span.start,
                end: h.span.end + m.end(),
            })
        })
        .collect()
}

fn possessive_after(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    rest.starts_with("'s")
        || rest.starts_with("’s")
        || rest.starts_with("' ")
        || rest.starts_with("’ ")
}

fn is_locative(text: &str, start: usize) -> bool {
    let mut before = text[..start].trim_end().to_lowercase();
    // "in the retreat's Laurel Cabin", "at his Novo-Ogaryovo residence": past the owner.
    if let Some(last) = before.rsplit(' ').next()
        && (last.ends_with("'s")
            || last.ends_with("’s")
            || ["his", "her", "their", "its"].contains(&last))
    {
        let cut = before.len() - last.len();
        before = before[..cut].trim_end().to_string();
    }
    if before.ends_with("according to") || before.ends_with("according to the") {
        return false;
    }
    [
        "at", "in", "to", "near", "inside", "outside", "visited", "visiting", "of", "aboard",
    ]
    .iter()
    .any(|w| {
        before.ends_with(&format!(" {w}")) || before.ends_with(&format!(" {w} the")) || before == *w
    })
}

/// A building or landmark: "Tishreen Palace", "the Oval Office", "Laurel Cabin".
fn fine_place(text: &str, span: Span) -> bool {
    let name = text[span.start..span.end].to_lowercase();
    // Any word of the name: "Joint Base Elmendorf-Richardson", "Great Hall of the People".
    name.split_whitespace().any(|word| {
        matches!(
            word,
            "palace"
                | "house"
                | "office"
                | "hall"
                | "cabin"
                | "estate"
                | "residence"
                | "cosmodrome"
                | "square"
                | "street"
                | "base"
                | "hotel"
                | "centre"
                | "center"
                | "castle"
                | "lodge"
                | "kremlin"
                | "villa"
                | "resort"
                | "airport"
                | "people"
        )
    }) || ["palace", "residence", "estate", "compound", "hotel"]
        .iter()
        .any(|w| text[span.end..].trim_start().to_lowercase().starts_with(w))
        || ["resort of", "city of", "town of", "village of"]
            .iter()
            .any(|w| text[..span.start].trim_end().to_lowercase().ends_with(w))
}

/// Whether the person named at `start` is named as absent ("after the fall of …").
fn absent(text: &str, start: usize) -> bool {
    let before: Vec<String> = text[..start]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let near = &before[before.len().saturating_sub(4)..];
    // "the late president", not "in late July".
    let late = near.windows(2).any(|w| w[0] == "the" && w[1] == "late");
    late || near.iter().any(|w| ABSENT.contains(&w.as_str()))
}

/// Where a sentence's own attribution begins (", Foreign Minister Andrii Sybiha said."), if it
/// ends with one.
fn tail_attribution(text: &str, start: usize, end: usize) -> Option<usize> {
    static TAIL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r",\s+[^,]{2,80}?\s+(?:said|says|told reporters|added)(?:\s+in a statement)?\.?[”\x22]?\s*$").expect("a valid rule")
    });
    TAIL.find(&text[start..end]).map(|m| start + m.start())
}

/// The role a person's words give them in a meeting: what they do as the subject ("X led the
/// delegation", "X hosted", "X accompanied him", "X mediated"), or the cue before them in their
/// clause ("led by X", "accompanied by X, Y and Z", "the delegations included …").
fn role_of(text: &str, sentence_start: usize, name: Span, kind: MeetingKind) -> Vec<Role> {
    let at = name.start;
    let mut before = text[sentence_start.min(at)..at].trim_end().to_lowercase();
    // "headed by presidential aide Vladimir Medinsky": past the title to the cue.
    while let Some(last) = before.rsplit(' ').next().filter(|w| !w.is_empty())
        && super::names::is_title_word(last)
    {
        before.truncate(before.len() - last.len());
        before = before.trim_end().to_string();
    }
    let after_name: String = text[name.end..]
        .to_lowercase()
        .split_whitespace()
        .take(8)
        .collect::<Vec<_>>()
        .join(" ");
    // What the person does, as the subject of the clause.
    let does = |verbs: &[&str]| {
        verbs.iter().any(|v| {
            after_name.starts_with(v)
                || after_name.contains(&format!(", who {v}"))
                || after_name.contains(&format!(" who {v}"))
                || after_name.contains(&format!(" {v} the"))
        })
    };
    if before.ends_with("led by") || before.ends_with("headed by") || does(&["led", "headed"]) {
        let mut roles = vec![Role::HeadOfDelegation];
        if kind == MeetingKind::Visit {
            roles.insert(0, Role::Visitor);
        }
        return roles;
    }
    if does(&["mediated", "brokered", "shuttling"])
        || before.ends_with("brokered by")
        || before.ends_with("mediated by")
    {
        return vec![Role::Mediator];
    }
    if does(&["hosted", "received", "welcomed"]) {
        return vec![Role::Host];
    }
    if does(&["accompanied", "joined", "attended", "sat in"]) {
        return vec![Role::Member];
    }
    // A cue earlier in the clause, for everyone it lists.
    let clause = before
        .rsplit(';')
        .next()
        .unwrap_or("")
        .rsplit(" while ")
        .next()
        .unwrap_or("");
    if [
        "accompanied",
        "included",
        "including",
        "joined by",
        "alongside",
    ]
    .iter()
    .any(|cue| clause.contains(cue))
    {
        return vec![Role::Member];
    }
    Vec::new()
}

fn add_participant(
    m: &mut MeetingDraft,
    n: &Named,
    roles: Vec<Role>,
    titles: &HashMap<Ref, String>,
    sides: &HashMap<Ref, Ref>,
) {
    let Some(actor) = n.actor() else { return };
    if let Some(p) = m.participants.iter_mut().find(|p| p.actor == actor) {
        for r in roles {
            if !p.roles.contains(&r) {
                p.roles.push(r);
            }
        }
        return;
    }
    m.participants.push(ParticipantDraft {
        actor,
        roles,
        title: n
            .title
            .clone()
            .or_else(|| titles.get(&actor).cloned())
            .unwrap_or_default(),
        represents: n.represents.or_else(|| sides.get(&actor).copied()),
    });
}

fn same_sentence(m: &MeetingDraft, para: usize, start: usize) -> bool {
    m.para == para && m.sentence.start == start
}

/// A drafted meeting's title in words: its first two people, and where ("Donald Trump and
/// Vladimir Putin at Joint Base Elmendorf-Richardson", "in Riyadh"), or "by phone" for a call.
fn meeting_title(m: &MeetingDraft, label: &dyn Fn(Ref) -> String) -> String {
    let people: Vec<String> = m
        .participants
        .iter()
        .take(2)
        .map(|p| label(p.actor))
        .filter(|n| !n.is_empty())
        .collect();
    let who = match people.as_slice() {
        [] => "Meeting".to_string(),
        [one] => one.clone(),
        [a, b, ..] => format!("{a} and {b}"),
    };
    let place = m.place.map(label).filter(|p| !p.is_empty());
    match (m.kind, place) {
        (MeetingKind::Call, _) => format!("{who} by phone"),
        (_, Some(place)) if m.place_fine >= 2 => format!("{who} at {place}"),
        (_, Some(place)) => format!("{who} in {place}"),
        (_, None) => who,
    }
}

/// Whether the person named at `name` joins the meeting just told of: a role cue names them
/// ("accompanied by", "led by", "X headed the delegation"), or their clause says they were
/// there ("A, B and C signed the document", "D looked on", "E attended").
fn joins(text: &str, s_start: usize, s_end: usize, name: Span) -> bool {
    if !role_of(text, s_start, name, MeetingKind::Talks).is_empty() {
        return true;
    }
    let clause_end = text[name.end..s_end]
        .find([';'])
        .map_or(s_end, |c| name.end + c)
        .min(
            text[name.end..s_end]
                .find(" while ")
                .map_or(s_end, |c| name.end + c),
        );
    let after = text[name.end..clause_end].to_lowercase();
    [
        "signed",
        "looked on",
        "attended",
        "joined",
        "took part",
        "participated",
        "sat in",
        "was present",
        "were present",
        "accompanied",
    ]
    .iter()
    .any(|w| after.contains(w))
}

/// "During his trip, he met …": the sentence refers to the meeting just told of.
fn reference_before(text: &str, start: usize, at: usize) -> bool {
    let lower = text[start..at].to_lowercase();
    [
        "during his",
        "during her",
        "during their",
        "during the",
        "on the sidelines of the",
        "at the talks",
        "in the talks",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// The place a meeting was held, named between `from` and `to`: a landmark first ("at
/// Tishreen Palace in Damascus"), else a place said to be where ("in Riyadh"), else "the
/// Omani capital". With whether it is a landmark.
fn place_in(
    text: &str,
    named: &[Named],
    from: usize,
    to: usize,
    names: &mut Vec<NewName>,
) -> Option<(Ref, bool)> {
    let candidates: Vec<&Named> = named
        .iter()
        .filter(|n| n.span.start >= from && n.span.end <= to && !n.person && !n.possessive)
        .filter(|n| n.place_use || place_ref(n).is_some() && is_locative(text, n.span.start))
        .collect();
    let pick = candidates
        .iter()
        .find(|n| n.fine_place)
        .or_else(|| candidates.iter().find(|n| place_ref(n).is_some()))
        .or_else(|| candidates.first());
    if let Some(r) = pick.and_then(|n| place_ref(n)) {
        return Some((r, pick.is_some_and(|n| n.fine_place)));
    }
    // "in the Omani capital": that state's capital.
    static CAPITAL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\bthe (\p{Lu}[\p{L}]+) capital\b").expect("a valid rule"));
    let c = CAPITAL.captures(&text[from..to])?;
    let (index, _) = WORLD.lookup_index(c.get(1)?.as_str())?;
    let capital = WORLD.polities[index].capitals.first()?;
    let found = named
        .iter()
        .find(|n| {
            text.get(n.span.start..n.span.end)
                .is_some_and(|t| t.eq_ignore_ascii_case(capital))
        })
        .and_then(place_ref)
        .map(|r| (r, false));
    found.or_else(|| {
        let at = from + c.get(0)?.start();
        let span = Span {
            para: named.first().map_or(0, |n| n.span.para),
            start: at,
            end: from + c.get(0)?.end(),
        };
        Some((
            Ref::New(named_new(names, capital, Guess::Place, span)),
            false,
        ))
    })
}

/// The name `written` as the text spells it ("SHARM EL-SHEIKH" → "Sharm el-Sheikh"), or in
/// title case.
fn spelled_in_text(article: &Article, written: &str) -> String {
    let lower = written.to_lowercase();
    for (i, p) in article.paragraphs.iter().enumerate() {
        let hay = p.to_lowercase();
        let mut from = if i == 0 { lower.len() } else { 0 };
        while let Some(k) = hay.get(from..).and_then(|h| h.find(&lower)) {
            let at = from + k;
            let found = &p[at..at + written.len()];
            if found != written {
                return found.to_string();
            }
            from = at + lower.len();
        }
    }
    dateline::title_case(written)
}

fn label_of(names: &[NewName], article: &Article, named: &[Vec<Named>], r: Ref) -> String {
    match r {
        Ref::New(i) => names[i].name.clone(),
        Ref::Known(_) => named
            .iter()
            .flatten()
            .find(|n| n.refs.iter().any(|(x, _)| *x == r))
            .map(|n| n.span.text(article).to_string())
            .unwrap_or_default(),
    }
}

/// The person a pronoun or description stands for. "He" is the one who spoke last before it
/// ("Xi told Biden …. He warned …"), else the last person to open a sentence, else the last
/// person named; "the emir", "the chancellor", "the Russian leader" the one last named with
/// that title (or, for a head of state or government the report gave no title, the one who
/// spoke last).
fn referred(
    article: &Article,
    s: &Speech,
    people: &[(usize, usize, Ref)],
    titles: &HashMap<Ref, String>,
    speakers: &[(usize, usize, Ref)],
) -> Option<Ref> {
    let words = s.speaker.text(article).to_lowercase();
    let earlier = |(p, st, _): &&(usize, usize, Ref)| {
        *p < s.speaker.para || (*p == s.speaker.para && *st < s.speaker.start)
    };
    let last_speaker = speakers.iter().rev().find(earlier).map(|(_, _, r)| *r);
    // The first person named in a sentence: its subject, most often.
    let opening = people
        .iter()
        .rev()
        .filter(earlier)
        .find(|(p, st, _)| {
            article.sentences(*p).iter().any(|&(a, e)| {
                a <= *st && *st < e && !people.iter().any(|(q, o, _)| q == p && *o >= a && o < st)
            })
        })
        .map(|(_, _, r)| *r);
    let last_named = people.iter().rev().find(earlier).map(|(_, _, r)| *r);
    if words == "he" || words == "she" {
        return last_speaker.or(opening).or(last_named);
    }
    let noun = words.split_whitespace().last().unwrap_or("");
    let head = matches!(noun, "leader" | "president" | "premier" | "minister");
    people
        .iter()
        .rev()
        .filter(earlier)
        .find(|(_, _, r)| {
            let title = titles.get(r).map(|t| t.to_lowercase()).unwrap_or_default();
            title.contains(noun)
                || noun == "leader"
                    && [
                        "president",
                        "leader",
                        "prime minister",
                        "emir",
                        "king",
                        "chairman",
                    ]
                    .iter()
                    .any(|t| title.contains(t))
        })
        .map(|(_, _, r)| *r)
        .or(last_speaker.filter(|_| head))
        .or(opening.filter(|_| head))
}

/// The index of `u` among the new names, added if it is not there yet: the same name, or for
/// a person the same family name with the same or no given name ("Al Shibani" after "Asaad Al
/// Shibani", "Ahmad al-Sharaa" and "Ahmed al-Sharaa", "Trump" and "Donald Trump"; the longer
/// spelling is kept). A weak name (a sentence's first word) that joins no person is none.
fn new_name(names: &mut Vec<NewName>, u: &UnknownName) -> Option<usize> {
    let key = fold_name(&u.text);
    let words: Vec<&str> = key.split(' ').collect();
    let same = names.iter().position(|n| {
        let other = fold_name(&n.name);
        if other == key {
            return true;
        }
        let single = !u.text.contains(' ');
        // A single word is the person's family name whatever its neighbours suggested
        // ("according to Medinsky", "Trump's envoy").
        if n.guess != Guess::Person
            || !(matches!(u.guess, Guess::Person | Guess::Other)
                || single && u.guess != Guess::Place
                || single && other.rsplit(' ').next() == Some(key.as_str()))
        {
            return false;
        }
        let theirs: Vec<&str> = other.split(' ').collect();
        same_person(&words, &theirs)
    });
    if let Some(i) = same {
        let longer = fold_name(&names[i].name).split(' ').count() < words.len();
        if longer {
            let old = std::mem::replace(&mut names[i].name, u.text.clone());
            push_alias(&mut names[i], &old);
        } else {
            push_alias(&mut names[i], &u.text);
        }
        if names[i].guess == Guess::Other && u.guess != Guess::State {
            names[i].guess = u.guess;
        }
        names[i].spans.push(u.span);
        return Some(i);
    }
    if u.weak {
        return None;
    }
    names.push(NewName {
        name: u.text.clone(),
        guess: u.guess,
        spans: vec![u.span],
        aliases: Vec::new(),
        parent: None,
        taken_for: None,
    });
    Some(names.len() - 1)
}

/// Two folded names of one person: one is the other's family name (or its first word, as
/// "Xi" of "Xi Jinping"), or both end alike and begin alike ("Recep Tayyip Erdogan", "Tayyip
/// Erdogan").
fn same_person(a: &[&str], b: &[&str]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() || long.is_empty() {
        return false;
    }
    if short.len() == 1 {
        return long.last() == short.last() || long.first() == short.first();
    }
    long.last() == short.last()
        && (short.iter().all(|w| long.contains(w)) || long.first() == short.first())
}

/// Keeps `spelling` as another name of `n` when it is one (not a mere family name).
fn push_alias(n: &mut NewName, spelling: &str) {
    if spelling != n.name
        && (spelling.split_whitespace().count() > 1 || !spelling.is_ascii())
        && !n.aliases.iter().any(|a| a == spelling)
    {
        n.aliases.push(spelling.to_string());
    }
}

/// The new name for a state, organisation or place named `name`, added once.
fn named_new(names: &mut Vec<NewName>, name: &str, guess: Guess, span: Span) -> usize {
    let key = fold_name(name);
    if let Some(i) = names.iter().position(|n| {
        fold_name(&n.name) == key && (n.guess == Guess::Place) == (guess == Guess::Place)
    }) {
        names[i].spans.push(span);
        return i;
    }
    names.push(NewName {
        name: name.to_string(),
        guess,
        spans: vec![span],
        aliases: Vec::new(),
        parent: None,
        taken_for: None,
    });
    names.len() - 1
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
    let inside: Vec<&Named> = inside.into_iter().filter(|n| !n.adjective).collect();
    inside
        .iter()
        .filter_map(|n| actor_ref(n))
        .find(|r| matches!(r, Ref::Known(_)))
        .or_else(|| inside.iter().rev().find_map(|n| actor_ref(n)))
}
