//! Pickers for references: type a few letters of any name or alias (any script or
//! transliteration), choose with the arrow keys and Enter or a click, or create the record on
//! the spot. Suggestions open in a popup over the form, inside the pane (below the field, or
//! above it near the pane's bottom), so nothing in the form moves. A picker searches only when
//! its text changes, never every frame.
//!
//! Creating is offered only when nothing found has the typed name (folded, so "Asad
//! al-Shaybani" is "Asaad Al Shibani"); a near name is named first ("probably the same as …").
//! An actor is created of the kind chosen (the field's likely kind first); a place typed as a
//! path ("Kremlin, Moscow") is created inside the places of the path. Creating asks the app
//! (a command) to create the record under a uuid chosen here, so the form shows it at once.

use super::text::visual;
use crate::app::draft::Chosen;
use crate::app::naming::Lookup;
use crate::app::{App, Command};
use crate::app::{FormCommand, SourceFacts};
use crate::model::{ActorKind, RecordKind};
use std::collections::HashMap;

/// How far a picker's popup may reach, at most.
const POPUP_MAX_HEIGHT: f32 = 280.0;

#[derive(Default)]
struct PickerState {
    text: String,
    searched: String,
    lookup: Lookup,
    /// Why the names could not be looked up, if they could not.
    error: Option<String>,
    highlight: usize,
    /// Where the popup was drawn last frame (a click on it keeps it open).
    popup_rect: Option<egui::Rect>,
    /// A new source's outlet, date and grade, typed in the popup before creating it.
    source: SourceFacts,
    /// The new source's fields were shown (its date offered).
    details_shown: bool,
    /// The outlet whose usual grade was looked up, and whether the grade shown is that
    /// suggestion (rather than the user's choice).
    grade_for: String,
    grade_suggested: bool,
}

/// The state of every picker in the window, by id.
#[derive(Default)]
pub struct Pickers {
    states: HashMap<egui::Id, PickerState>,
    /// A picker chosen from the keyboard: the next field takes the focus.
    advance_from: Option<egui::Id>,
    /// The last name checked for a twin (kind, text) and the twin found.
    name_checked: Option<((RecordKind, String), Option<String>)>,
}

impl Pickers {
    /// A choice made in the picker `id` does not move the keyboard on by itself (the form
    /// moves it elsewhere).
    pub fn cancel_advance(&mut self, id: egui::Id) {
        if self.advance_from == Some(id) {
            self.advance_from = None;
        }
    }

    /// Forgets typed text (when a new record is edited).
    pub fn reset(&mut self) {
        self.states.clear();
        self.advance_from = None;
        self.name_checked = None;
    }

    /// Another record of `kind` (not `own`) whose name or alias is `name`, folded; looked up
    /// only when the name changes.
    pub fn same_name(
        &mut self,
        app: &App,
        kind: RecordKind,
        own: Option<uuid::Uuid>,
        name: &str,
    ) -> Option<String> {
        let key = (kind, name.trim().to_string());
        if let Some((checked, twin)) = &self.name_checked
            && *checked == key
        {
            return twin.clone();
        }
        let twin = if key.1.is_empty() {
            None
        } else {
            app.look_up(&[kind], &key.1)
                .ok()
                .and_then(|l| {
                    l.found
                        .into_iter()
                        .find(|f| f.exact && Some(f.chosen.uuid) != own)
                })
                .map(|f| f.chosen.label)
        };
        self.name_checked = Some((key, twin.clone()));
        twin
    }
}

/// One picker: what it is called, what it finds and what it may create.
pub struct Picker<'a> {
    id: egui::Id,
    label: &'a str,
    kinds: &'a [RecordKind],
    create: Option<RecordKind>,
    actor_kind: ActorKind,
    width: Option<f32>,
    /// The date a new source is offered as its publication date.
    source_date: &'a str,
}

/// What happened to a picker this frame.
#[derive(Debug, Default, Clone)]
pub struct Picked {
    /// The choice changed (chosen, created or cleared).
    pub changed: bool,
    /// Text typed but not chosen: saving now would drop it.
    pub unconfirmed: Option<String>,
}

/// One thing the popup offers.
enum Offer {
    Existing(Chosen),
    Create(Option<ActorKind>),
    CreatePath,
}

impl<'a> Picker<'a> {
    /// A picker for records of `kinds` (any kind if empty); `label` names it for screen
    /// readers and tests, and its field's id is `id`.
    pub fn new(id: egui::Id, label: &'a str, kinds: &'a [RecordKind]) -> Picker<'a> {
        Picker {
            id,
            label,
            kinds,
            create: None,
            actor_kind: ActorKind::Person,
            width: None,
            source_date: "",
        }
    }

    /// The picker's name ("Represents 1").
    pub fn label(&self) -> &str {
        self.label
    }

    /// The field's width (by default, all the room there is).
    pub fn width(mut self, width: f32) -> Self {
        self.width = Some(width);
        self
    }

    /// Allows creating a record of `kind` from the typed text.
    pub fn creates(mut self, kind: RecordKind) -> Self {
        self.create = Some(kind);
        self
    }

    /// The date a source created here is offered as its publication date (the form's own:
    /// a report of an event is most often dated the day of it).
    pub fn new_source_date(mut self, date: &'a str) -> Self {
        self.source_date = date;
        self
    }

    /// The kind an actor created here most likely is (offered first).
    pub fn actor_kind(mut self, kind: ActorKind) -> Self {
        self.actor_kind = kind;
        self
    }

    pub fn show(
        self,
        ui: &mut egui::Ui,
        app: &App,
        pickers: &mut Pickers,
        choice: &mut Option<Chosen>,
        out: &mut Vec<Command>,
    ) -> Picked {
        let id = self.id;
        let mut picked = self.show_inner(ui, app, pickers, choice, out);
        if choice.is_none()
            && let Some(state) = pickers.states.get(&id)
            && !state.text.trim().is_empty()
        {
            picked.unconfirmed = Some(state.text.trim().to_string());
        }
        picked
    }

    fn show_inner(
        self,
        ui: &mut egui::Ui,
        app: &App,
        pickers: &mut Pickers,
        choice: &mut Option<Chosen>,
        out: &mut Vec<Command>,
    ) -> Picked {
        if let Some(chosen) = choice {
            return self.show_chosen(ui, pickers, chosen.clone(), choice);
        }
        let id = self.id;
        let state = pickers.states.entry(id).or_default();
        let hint = match (self.create, self.kinds) {
            (Some(RecordKind::Place), _) => {
                format!("{}: a name, or a path: Kremlin, Moscow", self.label)
            }
            _ => format!("{}: type a name…", self.label),
        };
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut state.text)
                    .id(id)
                    .hint_text(hint)
                    .desired_width(self.width.unwrap_or(f32::INFINITY)),
            )
            .accessible_name(self.label);
        if response.gained_focus() {
            // A row added below the fold, or a field reached with Tab: bring it into view.
            response.scroll_to_me(None);
        }
        if state.text.trim() != state.searched {
            state.searched = state.text.trim().to_string();
            state.highlight = 0;
            state.error = None;
            state.lookup = Lookup::default();
            if !state.searched.is_empty() {
                match app.look_up(self.kinds, &state.searched) {
                    Ok(lookup) => state.lookup = lookup,
                    Err(e) => state.error = Some(e.to_string()),
                }
            }
        }
        if state.searched.is_empty() {
            state.popup_rect = None;
            return Picked::default();
        }
        // Escape closes the suggestions (a second Escape leaves the form).
        let in_details = details_focused(ui, self.id);
        let escape = ui.input(|i| i.key_pressed(egui::Key::Escape));
        if escape && (response.has_focus() || response.lost_focus() || in_details) {
            ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
            *state = PickerState::default();
            return Picked::default();
        }
        let offers = self.offers(&state.lookup);
        if response.has_focus() {
            // The arrow keys move through the suggestions, not to the fields around.
            ui.memory_mut(|m| {
                m.set_focus_lock_filter(
                    id,
                    egui::EventFilter {
                        vertical_arrows: true,
                        horizontal_arrows: true,
                        ..Default::default()
                    },
                )
            });
            ui.input_mut(|i| {
                if i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown) {
                    state.highlight = (state.highlight + 1).min(offers.len().saturating_sub(1));
                }
                if i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp) {
                    state.highlight = state.highlight.saturating_sub(1);
                }
            });
        }
        let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let pointer_on_popup = state
            .popup_rect
            .zip(ui.ctx().pointer_latest_pos())
            .is_some_and(|(rect, pos)| rect.contains(pos));
        if !(response.has_focus()
            || enter
            || response.lost_focus()
            || pointer_on_popup
            || in_details)
        {
            state.popup_rect = None;
            return Picked::default();
        }
        let mut taken: Option<usize> = enter.then_some(state.highlight);
        let popup = self.popup(ui, app, &response, state, &offers, &mut taken);
        state.popup_rect = Some(popup);
        let Some(index) = taken else {
            return Picked::default();
        };
        let Some(offer) = offers.into_iter().nth(index) else {
            return Picked::default();
        };
        let name = state.searched.clone();
        let picked = match offer {
            Offer::Existing(chosen) => chosen,
            Offer::Create(actor_kind) => {
                let uuid = uuid::Uuid::new_v4();
                let kind = self.create.unwrap_or(RecordKind::Topic);
                out.push(Command::Form(FormCommand::CreateNamed {
                    kind,
                    name: name.clone(),
                    uuid,
                    actor_kind,
                    source: std::mem::take(&mut state.source),
                }));
                Chosen { uuid, label: name }
            }
            Offer::CreatePath => {
                let uuid = uuid::Uuid::new_v4();
                let parts = crate::app::naming::place_path(&name).unwrap_or_default();
                let label = parts.join(" › ");
                out.push(Command::Form(FormCommand::CreatePlacePath { parts, uuid }));
                Chosen { uuid, label }
            }
        };
        pickers.states.remove(&id);
        // Chosen by Enter or by a click: the keyboard goes on to the next field.
        pickers.advance_from = Some(id);
        *choice = Some(picked);
        Picked {
            changed: true,
            ..Picked::default()
        }
    }

    /// The chosen record as a chip, with a button to clear it. After a choice made from the
    /// keyboard, the focus moves on to the next field.
    fn show_chosen(
        &self,
        ui: &mut egui::Ui,
        pickers: &mut Pickers,
        chosen: Chosen,
        choice: &mut Option<Chosen>,
    ) -> Picked {
        let mut cleared = false;
        let advance = pickers.advance_from == Some(self.id);
        if advance {
            pickers.advance_from = None;
        }
        ui.horizontal(|ui| {
            // The chip must not be wider than the pane: long names are cut, shown whole on
            // hover. Focused, Delete or Backspace clears it.
            let width = (ui.available_width() - 28.0).max(40.0);
            ui.scope(|ui| {
                ui.set_max_width(width);
                if advance {
                    // Give the focus to the chip and at once on to the next field.
                    let chip_id = ui.next_auto_id();
                    ui.memory_mut(|m| {
                        m.request_focus(chip_id);
                        m.move_focus(egui::FocusDirection::Next);
                    });
                }
                let chip = ui
                    .add(
                        egui::Button::new(visual(&chosen.label))
                            .small()
                            .truncate()
                            .corner_radius(8.0)
                            .selected(true),
                    )
                    .accessible_name(format!("{}: {}", self.label, chosen.label))
                    .on_hover_text(format!(
                        "{}: {} (Delete clears it)",
                        self.label, chosen.label
                    ));
                if chip.has_focus()
                    && ui.input_mut(|i| {
                        i.consume_key(egui::Modifiers::NONE, egui::Key::Delete)
                            || i.consume_key(egui::Modifiers::NONE, egui::Key::Backspace)
                    })
                {
                    cleared = true;
                }
            });
            if mouse_button(ui, "✖", &format!("Clear {}", self.label)).clicked() {
                cleared = true;
            }
        });
        if cleared {
            *choice = None;
            // The field comes back with the cursor in it.
            ui.memory_mut(|m| m.request_focus(self.id));
            return Picked {
                changed: true,
                ..Picked::default()
            };
        }
        Picked::default()
    }

    fn offers_new_source(&self, offers: &[Offer]) -> bool {
        self.create == Some(RecordKind::Source)
            && offers.iter().any(|o| matches!(o, Offer::Create(None)))
    }

    /// A new source's outlet, publication date and grade, in the popup under the offer to
    /// create it: Tab from the title reaches them; Enter in them, or *Create source*,
    /// creates the source with them.
    fn source_details(
        &self,
        ui: &mut egui::Ui,
        app: &App,
        state: &mut PickerState,
        offers: &[Offer],
        taken: &mut Option<usize>,
    ) {
        let Some(create) = offers.iter().position(|o| matches!(o, Offer::Create(None))) else {
            return;
        };
        let [outlet_id, published_id, grade_id] = detail_ids(self.id);
        if !state.details_shown {
            // A report of an event is most often dated the day of it: offered, editable.
            state.details_shown = true;
            if state.source.published.is_empty() {
                state.source.published = self.source_date.trim().to_string();
            }
        }
        ui.separator();
        ui.label(egui::RichText::new("The new source (Tab to reach, Enter to create):").weak());
        let n = self.label.trim_start_matches("Source ").to_string();
        let outlet = ui
            .add(
                egui::TextEdit::singleline(&mut state.source.outlet)
                    .id(outlet_id)
                    .hint_text("outlet: Reuters, SANA, TASS…"),
            )
            .accessible_name(format!("New source's outlet {n}"));
        let published = ui
            .add(
                egui::TextEdit::singleline(&mut state.source.published)
                    .id(published_id)
                    .hint_text("published: 2025-08-16, 16 August 2025"),
            )
            .accessible_name(format!("New source's publication date {n}"));
        // The outlet's usual grade in the file is offered, until the user chooses one.
        if state.source.outlet.trim() != state.grade_for {
            state.grade_for = state.source.outlet.trim().to_string();
            if state.source.reliability.is_none() || state.grade_suggested {
                state.source.reliability = app.usual_grade_of_outlet(&state.grade_for);
                state.grade_suggested = state.source.reliability.is_some();
            }
        }
        let grade_before = state.source.reliability;
        let mut grades: Vec<Option<crate::model::Reliability>> = vec![None];
        grades.extend(crate::model::Reliability::ALL.iter().copied().map(Some));
        super::editor::drop_down_width(
            ui,
            grade_id,
            &format!("New source's grade {n}"),
            &mut state.source.reliability,
            &grades,
            |g| g.map_or("grade: not graded".into(), |g| g.label().to_string()),
            ui.available_width() - 24.0,
        );
        if state.source.reliability != grade_before {
            state.grade_suggested = false;
        }
        if state.grade_suggested {
            ui.label(
                egui::RichText::new(format!(
                    "the grade {}'s other sources have",
                    state.grade_for
                ))
                .weak()
                .small(),
            );
        }
        let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
        let entered = |r: &egui::Response| r.lost_focus() && enter;
        let create_clicked = ui
            .add(egui::Button::new("Create source"))
            .accessible_name(format!("Create source {n}"))
            .clicked();
        if entered(&outlet) || entered(&published) || create_clicked {
            *taken = Some(create);
        }
    }

    /// What the popup offers, in order: the records found, then the ways to create one.
    fn offers(&self, lookup: &Lookup) -> Vec<Offer> {
        let mut offers: Vec<Offer> = lookup
            .found
            .iter()
            .map(|f| Offer::Existing(f.chosen.clone()))
            .collect();
        if !lookup.may_create() {
            return offers;
        }
        match self.create {
            Some(RecordKind::Actor) => {
                let mut kinds = vec![self.actor_kind];
                kinds.extend(ActorKind::ALL.iter().filter(|k| **k != self.actor_kind));
                offers.extend(kinds.into_iter().map(|k| Offer::Create(Some(k))));
            }
            Some(RecordKind::Place) if lookup.path.is_some() => offers.push(Offer::CreatePath),
            Some(_) => offers.push(Offer::Create(None)),
            None => {}
        }
        offers
    }

    fn offer_text(&self, offer: &Offer, lookup: &Lookup, typed: &str) -> String {
        match offer {
            Offer::Existing(chosen) => {
                let detail = lookup
                    .found
                    .iter()
                    .find(|f| f.chosen.uuid == chosen.uuid)
                    .and_then(|f| f.detail.as_deref());
                match detail {
                    Some(detail) => format!("{} · {detail}", visual(&chosen.label)),
                    None => visual(&chosen.label),
                }
            }
            Offer::Create(Some(kind)) => {
                format!("New {}: “{typed}”", kind.label().to_lowercase())
            }
            Offer::Create(None) => format!(
                "New {}: “{typed}”",
                self.create.map_or("record", |k| k.label()).to_lowercase()
            ),
            Offer::CreatePath => {
                let parts = lookup.path.as_deref().unwrap_or_default();
                let path = parts
                    .iter()
                    .map(|p| match &p.existing {
                        Some(existing) => existing.label.clone(),
                        None => format!("“{}” (new)", p.name),
                    })
                    .collect::<Vec<_>>()
                    .join(" › ");
                format!("New place: {path}")
            }
        }
    }

    /// Draws the suggestions over the form, inside the pane; returns where it was drawn.
    /// `taken` is set to the offer clicked.
    fn popup(
        &self,
        ui: &egui::Ui,
        app: &App,
        field: &egui::Response,
        state: &mut PickerState,
        offers: &[Offer],
        taken: &mut Option<usize>,
    ) -> egui::Rect {
        let pane = ui.clip_rect();
        let below = (pane.bottom() - field.rect.bottom()).max(0.0);
        let above = (field.rect.top() - pane.top()).max(0.0);
        let row = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
        let wanted = (offers.len() as f32 + 2.0) * row + 16.0;
        let open_up = below < wanted.min(POPUP_MAX_HEIGHT) && above > below;
        let room = if open_up { above } else { below };
        let (pivot, anchor) = if open_up {
            (egui::Align2::LEFT_BOTTOM, field.rect.left_top())
        } else {
            (egui::Align2::LEFT_TOP, field.rect.left_bottom())
        };
        // As wide as the field, or wider (long source titles) up to the pane's width.
        let width = field.rect.width().max(360.0).min(pane.width() - 8.0);
        // Lent to the drawing while the popup's fields write to the rest of the state.
        let lookup_owned = std::mem::take(&mut state.lookup);
        let lookup = &lookup_owned;
        let typed = state.searched.clone();
        let highlight = state.highlight;
        let area = egui::Area::new(popup_id(self.id))
            .order(egui::Order::Foreground)
            .kind(egui::UiKind::Popup)
            .pivot(pivot)
            .fixed_pos(anchor)
            .constrain_to(pane)
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_width(width - 16.0);
                    egui::ScrollArea::vertical()
                        .max_height((room - 40.0).clamp(60.0, POPUP_MAX_HEIGHT))
                        .show(ui, |ui| {
                            // As in a menu: each suggestion a full-width row, text at the left.
                            let layout = egui::Layout::top_down_justified(egui::Align::Min);
                            ui.with_layout(layout, |ui| {
                                let mut shown_note = false;
                                for (i, offer) in offers.iter().enumerate() {
                                    if !matches!(offer, Offer::Existing(_)) && !shown_note {
                                        shown_note = true;
                                        if let Some(near) = lookup.probably() {
                                            ui.label(
                                                egui::RichText::new(format!(
                                                    "Probably the same as {}",
                                                    visual(&near.chosen.label)
                                                ))
                                                .color(ui.visuals().warn_fg_color),
                                            );
                                        }
                                    }
                                    let text = self.offer_text(offer, lookup, &typed);
                                    // Out of the Tab order (the arrow keys choose): Tab
                                    // goes from the field to a new source's details.
                                    let button = egui::Button::selectable(i == highlight, text)
                                        .truncate()
                                        .sense(egui::Sense::CLICK);
                                    let response = ui.add(button);
                                    if response.clicked() {
                                        *taken = Some(i);
                                    }
                                }
                                if self.offers_new_source(offers) {
                                    self.source_details(ui, app, state, offers, taken);
                                }
                                if let Some(error) = &state.error {
                                    ui.colored_label(
                                        ui.visuals().error_fg_color,
                                        format!("⚠ {error}"),
                                    );
                                } else if offers.is_empty() {
                                    ui.label(egui::RichText::new("No match").weak());
                                }
                            });
                        });
                });
            });
        state.lookup = lookup_owned;
        area.response.rect
    }
}

/// The ids of a new source's fields in the popup of the picker `id`.
fn detail_ids(id: egui::Id) -> [egui::Id; 3] {
    [
        id.with("source-outlet"),
        id.with("source-published"),
        id.with("source-grade"),
    ]
}

/// Whether a widget in the popup of the picker `id` (a new source's fields, its Create
/// button) has the keyboard.
fn details_focused(ui: &egui::Ui, id: egui::Id) -> bool {
    ui.memory(|m| m.focused())
        .and_then(|focused| ui.ctx().read_response(focused))
        .is_some_and(|r| r.layer_id.id == popup_id(id))
}

/// The popup of the picker `id`.
fn popup_id(id: egui::Id) -> egui::Id {
    id.with("suggestions")
}

/// A small button for the mouse (✖ beside a chip or a row): out of the Tab order, so the
/// keyboard goes from field to field; what it does has a key of its own.
pub fn mouse_button(ui: &mut egui::Ui, text: &str, name: &str) -> egui::Response {
    ui.add(egui::Button::new(text).small().sense(egui::Sense::CLICK))
        .accessible_name(name)
        .on_hover_text(name)
}
