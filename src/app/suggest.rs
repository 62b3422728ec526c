//! What a meeting's form fills in by itself as the user types, each only where the user has
//! not chosen otherwise, so that an event is entered in one pass:
//! - the kind the title names ("Macron's state visit to Syria" is a visit);
//! - a participant's side and title at the time from the last meeting they took part in, or
//!   the state a typed link ties them to (their own history beats the side carried from the
//!   row above);
//! - roles from the sides and the place: the side whose country the meeting is in hosts; at a
//!   visit, the other sides visit.

use super::App;
use super::draft::{Chosen, Draft, Fields, ParticipantDraft};
use crate::model::fold::fold_name;
use crate::model::{MeetingKind, Record, Role};
use uuid::Uuid;

/// The kind a meeting's title names, if it names one.
pub fn kind_in_title(title: &str) -> Option<MeetingKind> {
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let has = |options: &[&str]| words.iter().any(|w| options.contains(&w.as_str()));
    if has(&["summit"]) {
        Some(MeetingKind::Summit)
    } else if has(&["visit", "visits", "trip", "tour"]) {
        Some(MeetingKind::Visit)
    } else if has(&["call", "phone", "telephone", "videoconference"]) {
        Some(MeetingKind::Call)
    } else if has(&["conference", "forum", "congress", "assembly"]) {
        Some(MeetingKind::Conference)
    } else if has(&["talks", "meeting", "meets", "met", "negotiations"]) {
        Some(MeetingKind::Talks)
    } else {
        None
    }
}

impl App {
    /// Fills in what `draft` (the form as just typed, `before` as it was) suggests.
    pub(super) fn suggest(&self, before: Option<&Draft>, draft: &mut Draft) {
        let old = before.and_then(|b| match &b.fields {
            Fields::Meeting {
                title,
                kind,
                participants,
                ..
            } => Some((title.clone(), *kind, participants.clone())),
            _ => None,
        });
        let is_new = draft.is_new();
        let Fields::Meeting {
            title,
            kind,
            place,
            participants,
            ..
        } = &mut draft.fields
        else {
            return;
        };
        let (old_title, old_kind, old_participants) =
            old.unwrap_or((String::new(), MeetingKind::Talks, Vec::new()));
        // The kind follows the title while it is the one the title named (or the default).
        if is_new && *title != old_title {
            let named_before = kind_in_title(&old_title).unwrap_or(MeetingKind::Talks);
            if old_kind == named_before {
                *kind = kind_in_title(title).unwrap_or(MeetingKind::Talks);
            }
        }
        // The place's chain is read only when a side changed (not at every keystroke).
        let mut country: Option<Vec<String>> = None;
        for i in 0..participants.len() {
            let was = old_participants.get(i);
            let carried = i
                .checked_sub(1)
                .and_then(|above| participants.get(above))
                .and_then(|p| p.represents.clone());
            let p = &mut participants[i];
            let actor_changed = p.actor.as_ref().map(|a| a.uuid)
                != was.and_then(|w| w.actor.as_ref().map(|a| a.uuid));
            if actor_changed && let Some(actor) = &p.actor {
                self.fill_from_last_meeting(actor.uuid, p, carried.as_ref());
            }
            let old_side = was.and_then(|w| w.represents.as_ref().map(|r| r.uuid));
            let side = p.represents.as_ref().map(|r| r.uuid);
            if side != old_side
                && let Some(place) = place.as_ref()
            {
                let country: &[String] =
                    country.get_or_insert_with(|| self.places_up_from(place.uuid));
                // Roles follow the side while they are the ones its side suggested (or none).
                let before = old_side.map_or(Vec::new(), |s| self.roles_for(s, country, *kind));
                if p.roles.is_empty() || p.roles == before {
                    p.roles = side.map_or(Vec::new(), |s| self.roles_for(s, country, *kind));
                }
            }
        }
    }

    /// A side created from the form itself did not exist when the form named it: the roles
    /// it suggests are offered now, to the rows naming it that have none.
    pub(super) fn suggest_for_created(&mut self, created: Uuid) {
        let Some(draft) = self.form.draft() else {
            return;
        };
        let Fields::Meeting {
            kind,
            place: Some(place),
            participants,
            ..
        } = &draft.fields
        else {
            return;
        };
        let country = self.places_up_from(place.uuid);
        let roles = self.roles_for(created, &country, *kind);
        let rows: Vec<usize> = participants
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                p.roles.is_empty() && p.represents.as_ref().map(|r| r.uuid) == Some(created)
            })
            .map(|(i, _)| i)
            .collect();
        if roles.is_empty() || rows.is_empty() {
            return;
        }
        if let Some(draft) = self.form.draft_mut()
            && let Fields::Meeting { participants, .. } = &mut draft.fields
        {
            for i in rows {
                participants[i].roles = roles.clone();
            }
        }
    }

    /// The roles a participant for `side` is offered at a meeting held in `country` (the
    /// folded names of its place and the places it lies in).
    fn roles_for(&self, side: Uuid, country: &[String], kind: MeetingKind) -> Vec<Role> {
        if self.names_one_of(side, country) {
            vec![Role::Host]
        } else if kind == MeetingKind::Visit {
            vec![Role::Visitor]
        } else {
            Vec::new()
        }
    }

    /// The side and title `actor` had at their last meeting — or, for a side, the state a
    /// link ties them to — where the row has none of its own (a side carried from the row
    /// above gives way).
    fn fill_from_last_meeting(
        &self,
        actor: Uuid,
        p: &mut ParticipantDraft,
        carried: Option<&Chosen>,
    ) {
        let last = self.store.last_participation(actor).ok().flatten();
        let side = last
            .as_ref()
            .and_then(|l| l.represents)
            .or_else(|| self.store.state_of(actor).ok().flatten());
        if let Some(side) = side
            && (p.represents.is_none() || p.represents.as_ref() == carried)
        {
            p.represents = Some(Chosen {
                uuid: side,
                label: self.store.label(side),
            });
        }
        if let Some(last) = last
            && p.title_at_time.trim().is_empty()
        {
            p.title_at_time = last.title_at_time;
        }
    }

    /// The folded names of `place` and the places it lies in.
    fn places_up_from(&self, place: Uuid) -> Vec<String> {
        let mut names = Vec::new();
        let mut next = Some(place);
        while let Some(at) = next.take() {
            if names.len() > 16 {
                break;
            }
            if let Ok(Some(Record::Place(p))) = self.store.get(at) {
                names.push(fold_name(&p.name));
                next = p.parent;
            }
        }
        names
    }

    /// Whether the actor `side` goes by one of `names` (folded; aliases count).
    fn names_one_of(&self, side: Uuid, names: &[String]) -> bool {
        let Ok(Some(record)) = self.store.get(side) else {
            return false;
        };
        record.names().iter().any(|n| names.contains(&fold_name(n)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_names_the_kind() {
        assert_eq!(
            kind_in_title("Macron's state visit to Syria"),
            Some(MeetingKind::Visit)
        );
        assert_eq!(
            kind_in_title("G20 summit in Johannesburg"),
            Some(MeetingKind::Summit)
        );
        assert_eq!(
            kind_in_title("Putin–Trump phone call"),
            Some(MeetingKind::Call)
        );
        assert_eq!(kind_in_title("Lavrov and Shibani"), None);
    }
}
