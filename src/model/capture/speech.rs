//! Speech in an article, sentence by sentence, found by the form reports give it:
//!
//! - a quotation in any marks, its speaker named after it (`"…," Peskov told reporters`,
//!   `"…," said Abu Marzouk`) or before it (`Lavrov told reporters: "…"`, `Putin called the
//!   document «a real breakthrough»`); a quotation split around its attribution keeps its
//!   speaker;
//! - reported speech: a clause after a verb of saying (`Rubio said the two sides had agreed…`,
//!   `told reporters that…`, `adding that…`), or before one (`…, Trump said.`);
//! - a paraphrase: an attribution that is not a clause (`according to X, …`, `stressed the need
//!   to…`, `called for…`, `described the deal as…`);
//! - a denial (`denied that…`, `denied a report that…`, `denied striking…`).
//!
//! Where speech is nested (`the presidency said al-Sharaa stressed that…`) the innermost speaker
//! is the one who spoke. A verb's speaker is the actor named nearest before it in its clause, or
//! after it when it follows a quotation (`said Mousa Abu Marzouk`), the subject of the clause
//! it continues (`…, adding that`, `and said`), or a pronoun or description (`he`, `the emir`)
//! for the caller to resolve. News outlets are the report's sources, never speakers: their
//! attributions (`…, Syrian news agency Sana said.`, `according to Chinese state media`) are
//! returned apart.

use super::Span;
use super::text::{Quote, quotes, sentences};
use crate::model::StatementKind;
use regex::Regex;
use std::sync::LazyLock;

/// A passage someone said, as the article gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Speech {
    /// The words said (a quote without its quotation marks).
    pub span: Span,
    pub kind: StatementKind,
    /// Where the speaker is named: the actor's name, or a pronoun or description
    /// (`referring`) for the caller to resolve.
    pub speaker: Span,
    pub referring: bool,
    /// The words by which the report keeps its distance ("reportedly").
    pub hedge: Option<String>,
}

/// The report's own source named in it ("Syrian news agency Sana said").
#[derive(Debug, Clone, PartialEq)]
pub struct Attribution {
    /// Where the source is named.
    pub source: Span,
}

/// An actor named in the paragraph: where, and whether a person (only people are "he").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ActorAt {
    pub start: usize,
    pub end: usize,
    pub person: bool,
    /// Written with a possessive ("Trump's envoy"): not a subject.
    pub possessive: bool,
    /// A demonym ("Russian"): describes, never speaks.
    pub adjective: bool,
}

static VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:said|says|say|told|tells|added|adding|demanded|demanding|saying|stressed|stressing|emphasi[sz]ed|emphasi[sz]ing|warned|warning|noted|noting|insisted|insisting|declared|stated|replied|asked|wrote|complained|complaining|writes|writing|claimed|claiming|announced|confirmed|reiterated|explained|argued|acknowledged|admitted|repeated|assured|promised|pledged|vowed|greeting|greeted|hailed|hailing|described|describing|called|calling|urged|urging|denied|denying|rejected|rejecting|dismissed)\b",
    )
    .expect("a valid rule")
});

static REFERRING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:he|she|the\s+(?:[A-Z][a-z]+\s+)?(?:emir|chancellor|president|prime minister|premier|crown prince|king|leader|minister|foreign minister|secretary|envoy|spokesman|spokeswoman|prince|sheikh|pope))\b",
    )
    .expect("a valid rule")
});

static HEDGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:reportedly|allegedly|is said to have|was said to have)\s*$")
        .expect("a valid rule")
});

/// Words that name a news outlet rather than an actor.
static MEDIA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:agency|news|media|television|tv|radio|newspaper|broadcaster|outlet|readout|reuters|afp|ap|tass|xinhua|ria|interfax|yonhap|sana|irna|anadolu|wafa|cctv|bbc|cnn)\b")
        .expect("a valid rule")
});

/// Whether `name` names a news outlet ("Kazinform News Agency", "Reuters").
pub fn is_outlet(name: &str) -> bool {
    MEDIA.is_match(name)
}

static ACCORDING_TO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\baccording to\b").expect("a valid rule"));

/// Finite verbs and auxiliaries: a clause after a verb of saying has one early on.
static FINITE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:is|are|was|were|had|has|have|would|will|could|should|must|can|may|might|did|does|do|remained|remains|lasted|opened|wanted|wants|needed|needs|believed|believes|agreed)\b")
        .expect("a valid rule")
});

#[derive(Debug, Clone, Copy, PartialEq)]
enum Class {
    Say,
    Tell,
    Paraphrase,
    Deny,
}

fn class_of(verb: &str) -> Class {
    let v = verb.to_lowercase();
    match v.as_str() {
        "denied" | "denying" | "rejected" | "rejecting" | "dismissed" => Class::Deny,
        "told" | "tells" | "assured" | "asked" | "warned" | "warning" => Class::Tell,
        "urged" | "urging" | "described" | "describing" | "called" | "calling" | "reiterated"
        | "hailed" | "hailing" | "greeting" | "greeted" => Class::Paraphrase,
        _ => Class::Say,
    }
}

/// A verb of saying in a sentence, with who said.
#[derive(Debug, Clone)]
struct Verb {
    start: usize,
    end: usize,
    class: Class,
    speaker: Option<(Span, bool)>,
}

/// The speech of paragraph `para`, with the actors `actors` named in it (in order).
pub fn find(para: usize, text: &str, actors: &[ActorAt]) -> Vec<Speech> {
    let quotes = quotes(text);
    let mut out = Vec::new();
    for (s_start, s_end) in sentences(text, &quotes) {
        let sentence = Sentence::new(para, text, (s_start, s_end), &quotes, actors);
        sentence.speech(&mut out);
    }
    out.sort_by_key(|s| s.span.start);
    out
}

/// One sentence of a paragraph, read for speech: its quotations and actors, its subject, and
/// its verbs of saying with who said.
struct Sentence<'t> {
    para: usize,
    /// The whole paragraph (spans count from its start).
    text: &'t str,
    start: usize,
    end: usize,
    quotes: Vec<Quote>,
    /// The actors named in the sentence, outside quotations.
    actors: Vec<ActorAt>,
    /// The sentence's subject: its first actor that is no possessive.
    subject: Option<(Span, bool)>,
    verbs: Vec<Verb>,
}

/// Where a statement governed by a verb starts, and the "that" it starts after, if any.
struct Opening {
    start: usize,
    that: Option<usize>,
}

impl<'t> Sentence<'t> {
    fn new(
        para: usize,
        text: &'t str,
        (start, end): (usize, usize),
        all_quotes: &[Quote],
        actors: &[ActorAt],
    ) -> Sentence<'t> {
        let quotes: Vec<Quote> = all_quotes
            .iter()
            .filter(|q| q.open >= start && q.open < end)
            .copied()
            .collect();
        let quoted = |b: usize| quotes.iter().any(|q| q.open <= b && b < q.close);
        let actors: Vec<ActorAt> = actors
            .iter()
            .filter(|a| a.start >= start && a.end <= end && !quoted(a.start))
            .copied()
            .collect();
        let subject = actors
            .iter()
            .find(|a| !a.possessive && !a.adjective)
            .map(|a| {
                (
                    Span {
                        para,
                        start: a.start,
                        end: a.end,
                    },
                    false,
                )
            });
        let mut sentence = Sentence {
            para,
            text,
            start,
            end,
            quotes,
            actors,
            subject,
            verbs: Vec::new(),
        };
        sentence.find_verbs();
        sentence
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span {
            para: self.para,
            start,
            end,
        }
    }

    fn quoted(&self, b: usize) -> bool {
        self.quotes.iter().any(|q| q.open <= b && b < q.close)
    }

    /// Everything said in the sentence: quotations, "according to X", then reported speech,
    /// paraphrase and denial verb by verb.
    fn speech(&self, out: &mut Vec<Speech>) {
        self.quotations(out);
        if self.according_to(out) {
            return;
        }
        for vi in 0..self.verbs.len() {
            self.reported(vi, out);
        }
    }

    /// The verbs of saying, each with its speaker.
    fn find_verbs(&mut self) {
        let sentence = &self.text[self.start..self.end];
        for m in VERB.find_iter(sentence) {
            let (start, end) = (self.start + m.start(), self.start + m.end());
            if let Some(verb) = self.verb_at(start, end, &m.as_str().to_lowercase()) {
                self.verbs.push(verb);
            }
        }
    }

    /// Whether the word at `start..end` is not speech here: a call ("called Ukraine's
    /// Zelenskiy"), a question put to someone ("Asked by reporters"), a participle opening the
    /// sentence, "called off".
    fn not_speech(&self, start: usize, end: usize, word: &str) -> bool {
        let text = self.text;
        let after = text[end..self.end].trim_start();
        let actors = &self.actors;
        let next_actor = actors.iter().find(|a| a.start >= end);
        // A person right after, or after a possessive ("called Ukraine's Volodymyr Zelenskiy").
        let actor_next = next_actor.is_some_and(|a| {
            text[end..a.start].trim().is_empty()
                && (a.person
                    || a.possessive
                        && actors.iter().any(|b| {
                            b.person
                                && b.start >= a.end
                                && text[a.end..b.start]
                                    .trim_start_matches(['\'', '’', 's'])
                                    .trim()
                                    .is_empty()
                        }))
        });
        if (word == "called" || word == "calling") && actor_next {
            let person_end = actors
                .iter()
                .find(|b| b.person && b.start >= end)
                .map_or(end, |b| b.end);
            let rest = text[person_end..self.end].trim_start();
            if !(rest.starts_with('a')
                || rest.starts_with("the")
                || rest.starts_with(['"', '“', '«', '‘']))
            {
                return true;
            }
        }
        if word == "asked" && after.starts_with("by") {
            return true;
        }
        // A participle opening the sentence ("Asked at a news conference whether …, Biden
        // replied") introduces the circumstance, not speech.
        if text[self.start..start].trim().is_empty()
            && word.chars().next().is_some_and(char::is_uppercase)
        {
            return true;
        }
        (word == "called" || word == "calling") && after.starts_with("off")
    }

    /// The verb of saying at `start..end` (`word`, in lower case) with its speaker, unless it
    /// is no speech or belongs to what another verb says.
    fn verb_at(&self, start: usize, end: usize, word: &str) -> Option<Verb> {
        if self.quoted(start) || self.not_speech(start, end, word) {
            return None;
        }
        let text = self.text;
        // The region where its speaker is named: since the last verb or quotation.
        let from = self.verbs.last().map_or(self.start, |v| v.end).max(
            self.quotes
                .iter()
                .filter(|q| q.close <= start)
                .map(|q| q.close)
                .max()
                .unwrap_or(self.start),
        );
        let region = text[from..start].trim_matches(|c: char| c.is_whitespace() || c == ',');
        let lower_region = format!(" {} ", region.to_lowercase());
        // A verb inside a clause another verb governs ("warned that Russia … if it rejected")
        // is part of what was said.
        let participle = word.ends_with("ing") && text[from..start].trim_end().ends_with(',');
        if !participle
            && self.verbs.last().is_some_and(|v| v.speaker.is_some())
            && [" that ", " if ", " whether ", " when ", " because "]
                .iter()
                .any(|w| lower_region.contains(w))
        {
            return None;
        }
        let named = self.named_before(from, start);
        let continues = region.is_empty()
            || ["and", "and then", "then", "also", "and also", "but"]
                .contains(&region.to_lowercase().as_str())
            || (!self.verbs.is_empty()
                && (lower_region.ends_with(" and ") || lower_region.ends_with(" and then ")));
        let previous = self.verbs.last().and_then(|v| v.speaker).or(self.subject);
        let speaker = if participle {
            // ", saying …", ", adding that …": the sentence's subject speaks.
            previous
        } else if continues
            && !self.verbs.is_empty()
            && (named.is_none() || lower_region.ends_with(" and "))
        {
            previous
        } else if let Some(n) = named {
            Some(n)
        } else if let Some(r) = REFERRING.find_iter(&text[from..start]).last() {
            Some((self.span(from + r.start(), from + r.end()), true))
        } else if region.is_empty() {
            // `"…," said Mousa Abu Marzouk`: the speaker after the verb.
            self.actors
                .iter()
                .find(|a| a.start >= end)
                .filter(|a| text[end..a.start].trim().is_empty())
                .map(|a| (self.span(a.start, a.end), false))
        } else {
            None
        };
        // An outlet is a source, not a speaker.
        let speaker = speaker.filter(|(sp, referring)| {
            *referring || !MEDIA.is_match(name_phrase(text, from.min(sp.start), *sp))
        });
        Some(Verb {
            start,
            end,
            class: class_of(word),
            speaker,
        })
    }

    /// The actor named as subject between `from` and the verb at `start`: "Modi, on his first
    /// visit to Russia, said" is Modi's; "Starmer, who was accompanied by …, Peter Mandelson,
    /// also called" is Starmer's (the actor before the first aside: a comma and a word in
    /// lower case).
    fn named_before(&self, from: usize, start: usize) -> Option<(Span, bool)> {
        let text = self.text;
        let mut subject_end = start;
        let mut trimmed = text[from..start].trim_end();
        for adverb in [" also", " later", " then", " again", " repeatedly"] {
            trimmed = trimmed.strip_suffix(adverb).unwrap_or(trimmed).trim_end();
        }
        if let Some(body) = trimmed.strip_suffix(',') {
            let first_aside = body.match_indices(',').map(|(c, _)| c).find(|&c| {
                body[c + 1..]
                    .trim_start()
                    .starts_with(|ch: char| ch.is_lowercase())
            });
            if let Some(comma) = first_aside {
                subject_end = from + comma;
            }
        }
        self.actors
            .iter()
            .rfind(|a| a.start >= from && a.end <= subject_end && !a.possessive && !a.adjective)
            .map(|a| (self.span(a.start, a.end), false))
    }

    /// Quotations: attributed after ("…," X said) or before (X said: "…").
    fn quotations(&self, out: &mut Vec<Speech>) {
        let text = self.text;
        for (qi, q) in self.quotes.iter().enumerate() {
            let after = self.verbs.iter().find(|v| {
                v.start >= q.close
                    && v.start - q.close < 90
                    && !text[q.close..v.start].contains(['.', ';', ':', '"', '“', '”', '«', '‘'])
                    && self.quotes.get(qi + 1).is_none_or(|n| n.open > v.start)
            });
            let before = self.verbs.iter().rfind(|v| v.end <= q.open);
            let close_comma = text[q.inner.1..q.close].contains(',')
                || text[q.close..].trim_start().starts_with(',');
            // "the emir stressed “…”, the Diwan said": the verb right before the quotation is
            // its.
            let right_before = before.is_some_and(|b| {
                let gap = text[b.end..q.open].trim();
                gap.split_whitespace().count() <= 4 && !gap.contains([',', '.', ';'])
                    || gap.ends_with(':')
            });
            let verb = match (after, before) {
                (_, Some(b)) if right_before && b.speaker.is_some() => Some(b),
                (Some(a), _) if close_comma || a.start - q.close < 40 => Some(a),
                (_, Some(b)) => Some(b),
                (Some(a), None) => Some(a),
                _ => None,
            };
            let Some(Verb {
                speaker: Some((sp, referring)),
                ..
            }) = verb
            else {
                continue;
            };
            out.push(Speech {
                span: self.span(q.inner.0, q.inner.1),
                kind: StatementKind::Quote,
                speaker: *sp,
                referring: *referring,
                hedge: None,
            });
        }
    }

    /// "According to X, …" at the start: a paraphrase by X, unless someone inside speaks.
    /// Returns true if the sentence was that.
    fn according_to(&self, out: &mut Vec<Speech>) -> bool {
        let text = self.text;
        let sentence = &text[self.start..self.end];
        let Some(m) = ACCORDING_TO.find(sentence).filter(|m| m.start() < 3) else {
            return false;
        };
        let after_to = self.start + m.end();
        let comma = text[after_to..self.end].find(',').map(|c| after_to + c);
        let Some(comma) = comma else {
            return false;
        };
        let Some(a) = self
            .actors
            .iter()
            .rfind(|a| a.start >= after_to && a.end <= comma)
        else {
            return false;
        };
        if MEDIA.is_match(&text[after_to..comma]) {
            return false;
        }
        let body_start = comma + 1;
        let inner_speech = self.verbs.iter().any(|v| {
            v.start > body_start
                && v.speaker.is_some()
                && self.quotes.iter().any(|q| q.open > v.start)
        });
        if inner_speech {
            return false;
        }
        let body = trim_clause(text, body_start, self.end);
        out.push(Speech {
            span: self.span(body.0, body.1),
            kind: StatementKind::Paraphrase,
            speaker: self.span(a.start, a.end),
            referring: false,
            hedge: None,
        });
        true
    }

    /// What verb `vi` reports, paraphrases or denies, if anything: the clause before it
    /// ("…, Trump said"), or what it governs ("said that …").
    fn reported(&self, vi: usize, out: &mut Vec<Speech>) {
        let text = self.text;
        let v = &self.verbs[vi];
        let Some((sp, referring)) = v.speaker else {
            return;
        };
        let next = self.verbs.get(vi + 1);
        let rest = text[v.end..self.end].trim_start();
        // Quotation right after: the quote is the statement.
        if rest.starts_with([':', '"', '“', '«', '‘']) {
            return;
        }
        // The attribution of a quotation just closed ("…," Medinsky told journalists after the
        // talks): what follows is circumstance, unless a clause follows with "that".
        let attributes_quote = self.quotes.iter().any(|q| {
            q.close <= v.start
                && text[q.close..v.start].split_whitespace().count() <= 8
                && !text[q.close..v.start].contains(['.', ';'])
                && !text[q.close..v.start].trim_start().starts_with(", and")
                && !self
                    .verbs
                    .iter()
                    .any(|o| o.start > q.close && o.start < v.start)
        });
        if attributes_quote
            && find_word(text, v.end, next.map_or(self.end, |n| n.start), "that").is_none()
        {
            return;
        }
        if self.ends_here(v, sp) && matches!(v.class, Class::Say | Class::Tell) {
            self.clause_before(v, sp, referring, out);
            return;
        }
        let stop = next.map_or(self.end, |n| n.start).min(self.end);
        let opening = self.opening(v, next, stop);
        let start = opening.start;
        let end = self.statement_end(start, stop, next, (sp, referring));
        let (cs, ce) = trim_clause(text, start, end);
        if ce <= cs + 8 || self.governs_only_a_speaker(next, (cs, ce)) {
            return;
        }
        // Nested speech: another speaker speaks within this clause.
        if self.verbs.iter().any(|o| {
            o.start > cs
                && o.start < ce
                && o.speaker
                    .is_some_and(|(osp, _)| osp.start >= cs && osp != sp)
        }) {
            return;
        }
        let has_quote = self.quotes.iter().any(|q| q.open >= cs && q.open < ce);
        if has_quote {
            // Quoted fragments are the statements; an unquoted "and that …" is reported.
            for piece in split_and_that(text, cs, ce) {
                if !self
                    .quotes
                    .iter()
                    .any(|q| q.open >= piece.0 && q.open < piece.1)
                    && piece.1 > piece.0 + 8
                {
                    out.push(Speech {
                        span: self.span(piece.0, piece.1),
                        kind: StatementKind::Reported,
                        speaker: sp,
                        referring,
                        hedge: None,
                    });
                }
            }
            return;
        }
        out.push(self.governed(v, &opening, (cs, ce), (sp, referring)));
    }

    /// Whether what verb `v` says ends at it: nothing follows but the hearer and the
    /// circumstance ("…, Trump said." / "told reporters after the talks").
    fn ends_here(&self, v: &Verb, sp: Span) -> bool {
        let text = self.text;
        let rest = text[v.end..self.end].trim_start();
        let tail = rest
            .trim_start_matches(|c: char| c.is_alphabetic() || c == ' ')
            .trim();
        // After the hearer, only circumstance ("told reporters after the talks, which …").
        let circumstance = {
            let mut r = rest.to_lowercase();
            for hearer in [
                "reporters",
                "journalists",
                "the media",
                "state media",
                "state television",
                "the press",
            ] {
                if let Some(after) = r.strip_prefix(hearer) {
                    r = after.trim_start().to_string();
                }
            }
            r.is_empty()
                || r.starts_with('.')
                || [
                    "after ",
                    "at ",
                    "in ",
                    "on ",
                    "during ",
                    "before ",
                    "following ",
                    "when ",
                    "as ",
                    "late ",
                    "earlier ",
                ]
                .iter()
                .any(|p| r.starts_with(p))
                    && !r.contains(" that ")
        };
        rest.is_empty()
            || rest.starts_with('.')
            || (tail.is_empty() || tail == ".")
                && rest.len() < 30
                && rest.starts_with(|c: char| c.is_lowercase())
                && !rest.contains("that")
            || circumstance && text[..sp.start].trim_end().ends_with(',')
    }

    /// "…, Foreign Minister Andrii Sybiha said.": the clause before the speaker is reported,
    /// unless a quotation or another speaker stands in it, or an outlet is the one saying.
    fn clause_before(&self, v: &Verb, sp: Span, referring: bool, out: &mut Vec<Speech>) {
        let text = self.text;
        let region_start = text[..sp.start].rfind(',').unwrap_or(self.start);
        if region_start <= self.start
            || self
                .quotes
                .iter()
                .any(|q| q.open >= self.start && q.close <= region_start)
        {
            return;
        }
        // Someone inside the clause speaks himself ("the emir stressed …, the Diwan said").
        if self
            .verbs
            .iter()
            .any(|o| o.start < region_start && o.speaker.is_some())
        {
            return;
        }
        let clause = trim_clause(text, self.start, region_start);
        if MEDIA.is_match(&text[region_start..v.start]) {
            return;
        }
        out.push(Speech {
            span: self.span(clause.0, clause.1),
            kind: StatementKind::Reported,
            speaker: sp,
            referring,
            hedge: None,
        });
    }

    /// Where what verb `v` says starts, past what stands between: the hearer ("told
    /// reporters", "told Scholz"), adverbs ("afterwards"), "in a statement", and "that" ("said
    /// that", "told state television that", "reiterated his position that"; a paraphrase's
    /// object may hold a "that" of its own: "a good deal that would …").
    fn opening(&self, v: &Verb, next: Option<&Verb>, stop: usize) -> Opening {
        let text = self.text;
        let that = find_word(text, v.end, next.map_or(self.end, |n| n.start), "that").filter(|t| {
            let between: Vec<&str> = text[v.end..*t].split_whitespace().collect();
            match v.class {
                Class::Paraphrase => {
                    between.is_empty()
                        || between.len() == 2
                            && ["his", "her", "its", "their"].contains(&between[0])
                }
                _ => between.len() <= 4 && !FINITE.is_match(&between.join(" ")),
            }
        });
        if let Some(t) = that.filter(|t| !text[v.end..*t].contains(['"', '“', '«'])) {
            return Opening { start: t + 4, that };
        }
        let mut k = v.end;
        if v.class == Class::Tell {
            k = self.past_the_hearer(k, stop);
        }
        for adverb in [
            "afterwards",
            "later",
            "also",
            "in a statement",
            "on social media",
            "on x",
            "on twitter",
            "repeatedly",
            "again",
        ] {
            let r = text[k..stop].trim_start();
            if r.to_lowercase().starts_with(adverb) {
                k = stop - r.len() + adverb.len();
            }
        }
        Opening { start: k, that }
    }

    /// The end of the hearer told something, from `k`: a name, a pronoun, or a few words
    /// ("reporters", "the gathering").
    fn past_the_hearer(&self, k: usize, stop: usize) -> usize {
        let text = self.text;
        if let Some(a) = self
            .actors
            .iter()
            .find(|a| a.start >= k && text[k..a.start].trim().is_empty())
        {
            return a.end;
        }
        let w: Vec<(usize, &str)> = word_spans(&text[k..stop]).into_iter().take(4).collect();
        let hearer = w.iter().position(|(_, w)| {
            matches!(
                w.to_lowercase().as_str(),
                "reporters"
                    | "journalists"
                    | "him"
                    | "her"
                    | "them"
                    | "gathering"
                    | "conference"
                    | "media"
                    | "television"
                    | "us"
            )
        });
        match hearer {
            Some(pos) => {
                let (off, word) = w[pos];
                k + off + word.len()
            }
            None => k,
        }
    }

    /// Where what a verb says stops: before the next verb's own clause, ", according to", a
    /// participle or a quotation's attribution.
    fn statement_end(
        &self,
        start: usize,
        stop: usize,
        next: Option<&Verb>,
        speaker: (Span, bool),
    ) -> usize {
        let text = self.text;
        let sp = speaker.0;
        let mut end = stop;
        if let Some(n) = next {
            let between = &text[start..n.start];
            let cut = [", and ", " and ", ", "]
                .iter()
                .filter_map(|sep| between.rfind(sep).map(|i| start + i))
                .max()
                .filter(|_| n.speaker == Some(speaker) || n.speaker.is_some());
            if let Some(cut) = cut
                && !text[cut..n.start].contains(['"', '“', '«'])
                && n.speaker
                    .is_some_and(|(nsp, _)| nsp.start >= cut || nsp == sp)
            {
                end = cut;
            }
        }
        if let Some(m) = ACCORDING_TO.find(&text[start..end]) {
            end = start + m.start();
        }
        end
    }

    /// "said al-Sharaa stressed that …": the next verb's speaker is all the clause `cs..ce`
    /// holds.
    fn governs_only_a_speaker(&self, next: Option<&Verb>, (cs, ce): (usize, usize)) -> bool {
        let text = self.text;
        next.is_some_and(|n| {
            n.speaker
                .is_some_and(|(nsp, _)| nsp.start >= cs && nsp.start < n.start)
                && text[ce..n.start].trim().is_empty()
                || n.speaker.is_some_and(|(nsp, _)| {
                    nsp.start >= cs
                        && nsp.end <= ce + 1
                        && text[nsp.end.min(ce)..ce].trim().is_empty()
                })
        })
    }

    /// The statement verb `v` governs (`cs..ce`): reported, paraphrased or denied, with the
    /// source's hedge ("reportedly").
    fn governed(
        &self,
        v: &Verb,
        opening: &Opening,
        (cs, ce): (usize, usize),
        (sp, referring): (Span, bool),
    ) -> Speech {
        let text = self.text;
        let clause = &text[cs..ce];
        let first_words: String = clause
            .split_whitespace()
            .take(9)
            .collect::<Vec<_>>()
            .join(" ");
        let kind = match v.class {
            Class::Deny => StatementKind::Denial,
            Class::Paraphrase => StatementKind::Paraphrase,
            _ if opening.that.is_some_and(|t| t + 4 == opening.start) => StatementKind::Reported,
            _ if FINITE.is_match(&first_words) => StatementKind::Reported,
            _ => StatementKind::Paraphrase,
        };
        // A denial of "a report that …" denies what follows "that".
        let (cs, ce) = if kind == StatementKind::Denial {
            match find_word(text, cs, ce, "that") {
                Some(t) if text[cs..t].to_lowercase().contains("report") => (t + 5, ce),
                _ => (cs, text[cs..ce].find(',').map_or(ce, |c| cs + c)),
            }
        } else {
            (cs, ce)
        };
        let hedge = HEDGE
            .find(&text[self.start..v.start])
            .map(|h| h.as_str().trim().to_string());
        let (cs, kind) = if hedge.is_some() && kind != StatementKind::Denial {
            // "reportedly demanded that …": the claim is reported with its verb.
            (v.start, StatementKind::Reported)
        } else {
            (cs, kind)
        };
        Speech {
            span: self.span(cs, ce),
            kind,
            speaker: sp,
            referring,
            hedge,
        }
    }
}

/// The name of a speaker with the words right before it that describe it ("Syrian news agency
/// Sana", "Kremlin spokesman Dmitry Peskov"): back to a comma or four words.
fn name_phrase(text: &str, from: usize, name: Span) -> &str {
    let before = &text[from..name.start];
    let cut = before
        .rfind([',', ';', ':', '(', ')', '.', '—', '–'])
        .map_or(0, |c| {
            c + before[c..].chars().next().map_or(1, char::len_utf8)
        })
        .max(before.rfind(" - ").map_or(0, |c| c + 3));
    let words: Vec<(usize, &str)> = word_spans(&before[cut..]);
    let start = words
        .len()
        .checked_sub(4)
        .and_then(|k| words.get(k))
        .map_or(cut, |(o, _)| cut + o);
    &text[from + start..name.end]
}

/// The byte of the word `word` between `from` and `to`, if it stands there as a word.
fn find_word(text: &str, from: usize, to: usize, word: &str) -> Option<usize> {
    let hay = text.get(from..to)?;
    let mut at = 0;
    while let Some(i) = hay[at..].find(word) {
        let b = at + i;
        let before_ok = b == 0 || !hay[..b].ends_with(|c: char| c.is_alphanumeric());
        let after_ok = !hay[b + word.len()..].starts_with(|c: char| c.is_alphanumeric());
        if before_ok && after_ok {
            return Some(from + b);
        }
        at = b + word.len();
    }
    None
}

/// The words of `text` with their byte offsets.
fn word_spans(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() || c == '-' || c == '\'' {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push((s, &text[s..i]));
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

/// `start..end` without the white space, commas and full stop at either end.
fn trim_clause(text: &str, start: usize, end: usize) -> (usize, usize) {
    let slice = &text[start..end];
    let lead = slice.len()
        - slice
            .trim_start_matches(|c: char| c.is_whitespace() || c == ',')
            .len();
    let body = slice.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';'));
    (start + lead, start + body.len().max(lead))
}

/// A clause cut at ", and that" / " and that": the pieces one verb of saying governs.
fn split_and_that(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut pieces = Vec::new();
    let mut from = start;
    for sep in [", and that ", " and that "] {
        if let Some(i) = text[from..end].find(sep) {
            pieces.push(trim_clause(text, from, from + i));
            from = from + i + sep.len();
            break;
        }
    }
    pieces.push(trim_clause(text, from, end));
    pieces
}

/// The report's own sources named at the end of a sentence of paragraph `para`: `…, Syrian news
/// agency Sana said.` and `…, according to Chinese state media.`
pub fn attributions(para: usize, text: &str, sentences: &[(usize, usize)]) -> Vec<Attribution> {
    static TAIL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r",\s+(?:according to\s+)?(?P<source>[^,.;“”\x22]{3,80}?)(?:\s+(?:said|says|reported|reports))?\.\s*$")
            .expect("a valid rule")
    });
    sentences
        .iter()
        .filter_map(|&(start, end)| {
            let sentence = text.get(start..end)?;
            let c = TAIL.captures(sentence)?;
            let m = c.name("source")?;
            let said = sentence[m.end()..].trim_start().starts_with(['s', 'r']);
            let according = sentence[..m.start()].ends_with("according to ");
            if !(said || according) || !MEDIA.is_match(m.as_str()) {
                return None;
            }
            let source = m
                .as_str()
                .trim_start_matches("the ")
                .trim_start_matches("a ");
            let offset = m.as_str().len() - source.len();
            Some(Attribution {
                source: Span {
                    para,
                    start: start + m.start() + offset,
                    end: start + m.end(),
                },
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Actors as capitalised runs, for the rules alone (the names module finds them for real).
    fn actors(text: &str) -> Vec<ActorAt> {
        let mut out = Vec::new();
        let re = Regex::new(r"(?:[A-Z][\w\-]+|al-[A-Z]\w+|bin|von der)(?:\s+(?:[A-Z][\w\-]+|al-[A-Z]\w+|bin|von|der))*(?:['’]s)?").unwrap();
        for m in re.find_iter(text) {
            let w = m.as_str();
            if [
                "The",
                "He",
                "She",
                "In",
                "Under",
                "During",
                "According",
                "Asked",
                "Mr",
                "Monday",
            ]
            .contains(&w)
            {
                continue;
            }
            let (start, w) = match w.strip_prefix("Mr ").or_else(|| w.strip_prefix("The ")) {
                Some(rest) => (m.end() - rest.len(), rest),
                None => (m.start(), w),
            };
            let possessive = w.ends_with("'s") || w.ends_with("’s");
            let end = if possessive {
                m.end() - w.chars().rev().take(2).map(char::len_utf8).sum::<usize>()
            } else {
                m.end()
            };
            out.push(ActorAt {
                start,
                end,
                person: true,
                possessive,
                adjective: false,
            });
        }
        out
    }

    fn speech(text: &str) -> Vec<(String, StatementKind, String)> {
        find(0, text, &actors(text))
            .into_iter()
            .map(|s| {
                (
                    text[s.span.start..s.span.end].to_string(),
                    s.kind,
                    text[s.speaker.start..s.speaker.end].to_string(),
                )
            })
            .collect()
    }

    fn row(t: &str, k: StatementKind, s: &str) -> (String, StatementKind, String) {
        (t.to_string(), k, s.to_string())
    }

    #[test]
    fn quotes_with_the_speaker_after_before_or_around() {
        use StatementKind::*;
        assert_eq!(
            speech("“We want Russia by our side,” Mr Al Shibani said at the time."),
            [row("We want Russia by our side", Quote, "Al Shibani")]
        );
        assert_eq!(
            speech("Lavrov told reporters: “We not only listened, but also heard each other.”"),
            [row(
                "We not only listened, but also heard each other",
                Quote,
                "Lavrov"
            )]
        );
        assert_eq!(
            speech("\"Today we sign an agreement,\" said Mousa Abu Marzouk, the senior official."),
            [row(
                "Today we sign an agreement",
                Quote,
                "Mousa Abu Marzouk"
            )]
        );
        assert_eq!(
            speech(
                "“The ceasefire must be comprehensive,” Zelensky told reporters, “in the air, at sea and on land.”"
            ),
            [
                row("The ceasefire must be comprehensive", Quote, "Zelensky"),
                row("in the air, at sea and on land", Quote, "Zelensky")
            ]
        );
        assert_eq!(
            speech("Putin called the document «a real breakthrough» that would help."),
            [row("a real breakthrough", Quote, "Putin")]
        );
    }

    #[test]
    fn reported_speech_paraphrase_and_denial() {
        use StatementKind::*;
        assert_eq!(
            speech("Rubio said the two sides had agreed to restore staffing."),
            [row(
                "the two sides had agreed to restore staffing",
                Reported,
                "Rubio"
            )]
        );
        assert_eq!(
            speech("Trump told reporters he would probably meet Putin in Saudi Arabia."),
            [row(
                "he would probably meet Putin in Saudi Arabia",
                Reported,
                "Trump"
            )]
        );
        assert_eq!(
            speech("Under the framework, most exports will face a tariff, Trump said."),
            [row(
                "Under the framework, most exports will face a tariff",
                Reported,
                "Trump"
            )]
        );
        assert_eq!(
            speech(
                "Russia denied striking the hospital, saying it had been hit by a Ukrainian missile."
            ),
            [
                row("striking the hospital", Denial, "Russia"),
                row("it had been hit by a Ukrainian missile", Reported, "Russia")
            ]
        );
        assert_eq!(
            speech("Von der Leyen described the agreement as a good deal."),
            [row(
                "the agreement as a good deal",
                Paraphrase,
                "Von der Leyen"
            )]
        );
        assert_eq!(
            speech(
                "In a statement, the Presidency said al-Sharaa stressed that relations must change."
            ),
            [row("relations must change", Reported, "al-Sharaa")],
            "the innermost speaker"
        );
        assert_eq!(
            speech("The Kremlin said the call was useful and that Putin had invited Trump."),
            [row(
                "the call was useful and that Putin had invited Trump",
                Reported,
                "Kremlin"
            )]
        );
        assert_eq!(
            speech(
                "The Kremlin on Monday denied a Washington Post report that Putin and Trump had spoken."
            ),
            [row("Putin and Trump had spoken", Denial, "Kremlin")]
        );
    }

    #[test]
    fn a_pronoun_is_left_to_resolve_and_an_outlet_is_no_speaker() {
        let found = find(
            0,
            "He said the parties had agreed to exchange prisoners.",
            &[],
        );
        assert_eq!(found.len(), 1);
        assert!(found[0].referring);
        let text = "Novak met Al Shibani in Damascus on Tuesday, Syrian news agency Sana said.";
        assert!(speech(text).is_empty(), "{:?}", speech(text));
        let found = attributions(0, text, &[(0, text.len())]);
        assert_eq!(found.len(), 1);
        let s = found[0].source;
        assert_eq!(&text[s.start..s.end], "Syrian news agency Sana");
    }

    #[test]
    fn a_claim_kept_at_a_distance_is_reported_with_its_hedge() {
        let text = "Syrian President Ahmad Al Shara reportedly demanded that Russia hands over Mr Al Assad.";
        let found = find(
            0,
            text,
            &[ActorAt {
                start: 17,
                end: 40,
                person: true,
                possessive: false,
                adjective: false,
            }],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].kind, StatementKind::Reported);
        assert_eq!(
            &text[found[0].span.start..found[0].span.end],
            "demanded that Russia hands over Mr Al Assad"
        );
        assert_eq!(found[0].hedge.as_deref(), Some("reportedly"));
    }
}
