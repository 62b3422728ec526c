//! What the review of a capture works with: a stable key for each draft (so a choice the
//! user makes survives the drafts being made again), the user's choice for each new name
//! (create it as a kind, or take it for a record the file already has), and the marks laid
//! over the text — known and new names, dates with the value they would store, speech and the
//! report's own source — with the words each draft came from.

use super::Span;
use super::drafts::{Capture, Ref};
use super::names::Guess;
use uuid::Uuid;

/// Which draft a proposed record comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DraftKey {
    /// The report itself.
    Source,
    /// `Capture::new_names[i]`.
    NewName(usize),
    /// The report the text passes on ("Sana said"), by who made it.
    Via(Ref),
    Meeting(usize),
    Statement(usize),
    /// A record created from a picker while a proposal was edited in the form (kept in the
    /// review, saved with it).
    Created(Uuid),
}

/// What the user decided a new name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameChoice {
    /// A new record of this kind.
    New(Guess),
    /// A record the file already has (the text spells it in a way the file does not know).
    Same(Uuid),
    /// Another new name of the same report ("Abu Mohammed al-Jolani" is "Ahmed al-Sharaa"):
    /// one record, with this spelling as another name.
    Drafted(usize),
}

impl Capture {
    /// These drafts with the user's choices for new names: a name taken for a record of the
    /// file is that record in every draft (and is no longer proposed); a kind chosen replaces
    /// the guess, and the drafts where the name no longer fits (a state as a meeting's place,
    /// a place as a participant or speaker) leave it out.
    pub fn with_choices(&self, choices: &[(usize, NameChoice)]) -> Capture {
        let mut out = self.clone();
        let mut same = Vec::new();
        for (i, choice) in choices {
            match choice {
                NameChoice::New(guess) => {
                    if let Some(n) = out.new_names.get_mut(*i) {
                        n.guess = *guess;
                    }
                }
                NameChoice::Same(uuid) => {
                    same.push((*i, Ref::Known(*uuid)));
                    if let Some(n) = out.new_names.get_mut(*i) {
                        n.taken_for = Some(Ref::Known(*uuid));
                    }
                }
                NameChoice::Drafted(j) if j != i && *j < self.new_names.len() => {
                    same.push((*i, Ref::New(*j)));
                    let spelling = self.new_names.get(*i).map(|n| n.name.clone());
                    if let Some(n) = out.new_names.get_mut(*i) {
                        n.taken_for = Some(Ref::New(*j));
                    }
                    if let (Some(target), Some(spelling)) = (out.new_names.get_mut(*j), spelling)
                        && !target.aliases.contains(&spelling)
                        && target.name != spelling
                    {
                        target.aliases.push(spelling);
                    }
                }
                NameChoice::Drafted(_) => {}
            }
        }
        let swap = |r: &mut Ref| {
            if let Ref::New(i) = r
                && let Some((_, to)) = same.iter().find(|(j, _)| j == i)
            {
                *r = *to;
            }
        };
        let swap_opt = |r: &mut Option<Ref>| {
            if let Some(r) = r {
                swap(r);
            }
        };
        for m in &mut out.meetings {
            swap_opt(&mut m.place);
            swap_opt(&mut m.via);
            for p in &mut m.participants {
                swap(&mut p.actor);
                swap_opt(&mut p.represents);
            }
        }
        for s in &mut out.statements {
            swap_opt(&mut s.speaker);
            swap_opt(&mut s.via);
        }
        for n in &mut out.new_names {
            swap_opt(&mut n.parent);
        }
        // A name made a place no longer takes part or speaks; a name made an actor is no
        // longer where a meeting was.
        let names = out.new_names.clone();
        let place = |r: &Ref| matches!(r, Ref::New(i) if names[*i].guess == Guess::Place);
        let actor = |r: &Ref| matches!(r, Ref::New(i) if names[*i].guess != Guess::Place);
        for m in &mut out.meetings {
            m.place = m.place.filter(|r| !actor(r));
            m.via = m.via.filter(|r| !place(r));
            m.participants.retain(|p| !place(&p.actor));
            for p in &mut m.participants {
                p.represents = p.represents.filter(|r| !place(r));
            }
        }
        for s in &mut out.statements {
            s.speaker = s.speaker.filter(|r| !place(r));
            s.via = s.via.filter(|r| !place(r));
        }
        out
    }

    /// The words draft `key` came from: a meeting's sentence, the words a statement quotes,
    /// every place a new name stands, where the report names the source it passes on.
    pub fn spans_of(&self, key: DraftKey) -> Vec<Span> {
        match key {
            DraftKey::Source | DraftKey::Created(_) => Vec::new(),
            DraftKey::NewName(i) => self
                .new_names
                .get(i)
                .map(|n| n.spans.clone())
                .unwrap_or_default(),
            DraftKey::Meeting(i) => self
                .meetings
                .get(i)
                .map(|m| vec![m.sentence])
                .unwrap_or_default(),
            DraftKey::Statement(i) => self
                .statements
                .get(i)
                .map(|s| vec![s.span])
                .unwrap_or_default(),
            DraftKey::Via(via) => {
                let paras: Vec<usize> = self
                    .meetings
                    .iter()
                    .filter(|m| m.via == Some(via))
                    .map(|m| m.para)
                    .chain(
                        self.statements
                            .iter()
                            .filter(|s| s.via == Some(via))
                            .map(|s| s.para),
                    )
                    .collect();
                self.attributions
                    .iter()
                    .filter(|a| paras.contains(&a.source.para))
                    .map(|a| a.source)
                    .collect()
            }
        }
    }

    /// The draft the words at byte `at` of paragraph `para` belong to, for a click on a mark:
    /// a new name where it stands, else the statement whose words these are, else the meeting
    /// told in this sentence.
    pub fn draft_at(&self, para: usize, at: usize) -> Option<DraftKey> {
        let inside = |s: &Span| s.para == para && s.start <= at && at < s.end;
        if let Some(i) = self
            .new_names
            .iter()
            .position(|n| n.taken_for.is_none() && n.spans.iter().any(inside))
        {
            return Some(DraftKey::NewName(i));
        }
        if let Some(i) = self.statements.iter().position(|s| inside(&s.span)) {
            return Some(DraftKey::Statement(i));
        }
        self.meetings
            .iter()
            .position(|m| inside(&m.sentence))
            .map(DraftKey::Meeting)
    }

    /// What was recognised in paragraph `para`, cut into pieces that do not overlap, in order:
    /// each piece of the paragraph with every mark over it (none for plain text).
    pub fn marked(&self, para: usize) -> Vec<Piece> {
        let Some(text) = self.article.paragraphs.get(para) else {
            return Vec::new();
        };
        let mut marks: Vec<(Span, Mark)> = Vec::new();
        marks.extend(
            self.known
                .iter()
                .filter(|h| h.span.para == para)
                .flat_map(|h| {
                    let title = h.title_span.map(|t| (t, Mark::Title));
                    std::iter::once((h.span, Mark::Known)).chain(title)
                }),
        );
        marks.extend(
            self.unknown
                .iter()
                .filter(|u| u.span.para == para)
                .map(|u| (u.span, Mark::New)),
        );
        marks.extend(
            self.dates
                .iter()
                .filter(|d| d.span.para == para)
                .map(|d| (d.span, Mark::Date(d.date.edtf()))),
        );
        marks.extend(
            self.speech
                .iter()
                .filter(|s| s.span.para == para)
                .map(|s| (s.span, Mark::Speech)),
        );
        marks.extend(
            self.attributions
                .iter()
                .filter(|a| a.source.para == para)
                .map(|a| (a.source, Mark::Source)),
        );
        let mut cuts: Vec<usize> = vec![0, text.len()];
        for (span, _) in &marks {
            cuts.push(span.start.min(text.len()));
            cuts.push(span.end.min(text.len()));
        }
        cuts.sort_unstable();
        cuts.dedup();
        cuts.windows(2)
            .filter(|w| text.is_char_boundary(w[0]) && text.is_char_boundary(w[1]))
            .map(|w| Piece {
                start: w[0],
                end: w[1],
                marks: marks
                    .iter()
                    .filter(|(s, _)| s.start <= w[0] && w[1] <= s.end)
                    .map(|(_, m)| m.clone())
                    .collect(),
                date_ends: marks.iter().find_map(|(s, m)| match m {
                    Mark::Date(value) if s.end == w[1] => Some(value.clone()),
                    _ => None,
                }),
            })
            .collect()
    }
}

/// What the rules recognised in a stretch of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// A name of a record the file has.
    Known,
    /// The title before a known name ("Deputy Prime Minister").
    Title,
    /// A name the file does not know.
    New,
    /// A date phrase, with the value it would store.
    Date(String),
    /// Words someone said.
    Speech,
    /// Where the report names the source it passes on.
    Source,
}

/// A stretch of a paragraph (byte range) and what is recognised over it.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub start: usize,
    pub end: usize,
    pub marks: Vec<Mark>,
    /// A date phrase ends here: the value it would store, to be shown after it.
    pub date_ends: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RecordKind;
    use crate::model::capture::drafts::capture;
    use crate::model::capture::names::{Gazetteer, KnownName};

    const TEXT: &str = "Foreign Minister Sergey Lavrov met Murat Nurtleu in Astana on Tuesday, \
                        the Kazinform agency said.\n\"We agreed on much,\" Lavrov said.";

    fn drafted() -> Capture {
        let gazetteer = Gazetteer::new(&[KnownName {
            name: "Sergey Lavrov".into(),
            uuid: Uuid::from_u128(3),
            kind: RecordKind::Actor,
            person: true,
        }]);
        capture(TEXT, jiff::civil::date(2025, 9, 10), &gazetteer, &|u| {
            u == Uuid::from_u128(3)
        })
    }

    fn new_index(c: &Capture, name: &str) -> usize {
        c.new_names
            .iter()
            .position(|n| n.name == name)
            .unwrap_or_else(|| panic!("{name} is a new name: {:?}", c.new_names))
    }

    #[test]
    fn a_new_name_taken_for_a_record_of_the_file_is_that_record_everywhere() {
        let c = drafted();
        let nurtleu = new_index(&c, "Murat Nurtleu");
        assert!(
            c.meetings[0]
                .participants
                .iter()
                .any(|p| p.actor == Ref::New(nurtleu))
        );
        let chosen = c.with_choices(&[(nurtleu, NameChoice::Same(Uuid::from_u128(9)))]);
        assert!(
            chosen.meetings[0]
                .participants
                .iter()
                .any(|p| p.actor == Ref::Known(Uuid::from_u128(9)))
        );
        assert!(
            !chosen.meetings[0]
                .participants
                .iter()
                .any(|p| p.actor == Ref::New(nurtleu)),
            "no draft refers to the new name any more"
        );
        let astana = new_index(&c, "Astana");
        assert_eq!(c.meetings[0].place, Some(Ref::New(astana)));
        let as_state = c.with_choices(&[(astana, NameChoice::New(Guess::State))]);
        assert_eq!(as_state.new_names[astana].guess, Guess::State);
        assert_eq!(c.new_names[astana].guess, Guess::Place, "the guess, before");
        assert_eq!(
            as_state.meetings[0].place, None,
            "a state is not where a meeting was"
        );
        let as_place = c.with_choices(&[(nurtleu, NameChoice::New(Guess::Place))]);
        assert!(
            !as_place.meetings[0]
                .participants
                .iter()
                .any(|p| p.actor == Ref::New(nurtleu)),
            "a place does not take part"
        );
    }

    #[test]
    fn a_click_on_the_text_finds_its_draft() {
        let c = drafted();
        let nurtleu = new_index(&c, "Murat Nurtleu");
        let at = TEXT.find("Nurtleu").unwrap();
        assert_eq!(c.draft_at(0, at), Some(DraftKey::NewName(nurtleu)));
        let quote = c.article.paragraphs[1].find("agreed").unwrap();
        assert_eq!(c.draft_at(1, quote), Some(DraftKey::Statement(0)));
        assert_eq!(
            c.draft_at(0, TEXT.find("Tuesday").unwrap()),
            Some(DraftKey::Meeting(0)),
            "a date in the meeting's sentence"
        );
    }

    #[test]
    fn each_draft_knows_the_words_it_came_from() {
        let c = drafted();
        let said = |spans: Vec<Span>| -> Vec<String> {
            spans
                .iter()
                .map(|s| s.text(&c.article).to_string())
                .collect()
        };
        assert!(said(c.spans_of(DraftKey::Meeting(0)))[0].starts_with("Foreign Minister"));
        assert_eq!(
            said(c.spans_of(DraftKey::Statement(0))),
            ["We agreed on much"]
        );
        let nurtleu = new_index(&c, "Murat Nurtleu");
        assert_eq!(
            said(c.spans_of(DraftKey::NewName(nurtleu))),
            ["Murat Nurtleu"]
        );
        assert_eq!(c.spans_of(DraftKey::Source), Vec::<Span>::new());
    }

    #[test]
    fn the_marks_cut_a_paragraph_into_pieces_that_cover_it_once() {
        let c = drafted();
        for para in 0..c.article.paragraphs.len() {
            let pieces = c.marked(para);
            let joined: String = pieces
                .iter()
                .map(|p| &c.article.paragraphs[para][p.start..p.end])
                .collect();
            assert_eq!(
                joined, c.article.paragraphs[para],
                "every byte once, in order"
            );
        }
        let first = c.marked(0);
        let text = &c.article.paragraphs[0];
        let marked = |m: &Mark| -> Vec<&str> {
            first
                .iter()
                .filter(|p| p.marks.contains(m))
                .map(|p| &text[p.start..p.end])
                .collect()
        };
        assert_eq!(marked(&Mark::Known), ["Sergey Lavrov"]);
        assert_eq!(marked(&Mark::Title), ["Foreign Minister"]);
        assert!(marked(&Mark::New).contains(&"Murat Nurtleu"));
        let date = first
            .iter()
            .find_map(|p| p.date_ends.clone())
            .expect("a date phrase");
        assert_eq!(date, "2025-09-09", "Tuesday before Wednesday 10 September");
        let second = c.marked(1);
        assert!(second.iter().any(|p| p.marks.contains(&Mark::Speech)
            && &c.article.paragraphs[1][p.start..p.end] == "We agreed on much"));
    }
}
