//! Pickers for references: type a few letters of any name or alias (any script or
//! transliteration), choose with the arrow keys and Enter or a click, or create the record on
//! the spot. A picker searches only when its text changes, never every frame. Creating asks
//! the app (a command) to create the record under a uuid chosen here, so the form can show the
//! choice at once.

use super::text::visual;
use crate::app::draft::Chosen;
use crate::app::{App, Command};
use crate::model::RecordKind;
use std::collections::HashMap;

#[derive(Default)]
struct PickerState {
    text: String,
    searched: String,
    found: Vec<Chosen>,
    /// Why the names could not be looked up, if they could not.
    error: Option<String>,
    highlight: usize,
}

/// The state of every picker in the window, by id.
#[derive(Default)]
pub struct Pickers {
    states: HashMap<egui::Id, PickerState>,
}

impl Pickers {
    /// Forgets typed text (when a new record is edited).
    pub fn reset(&mut self) {
        self.states.clear();
    }
}

/// A picker for one reference. `label` names it for screen readers and tests; `create`
/// allows creating a record of that kind from the typed text. Returns true when the choice
/// changed.
#[allow(clippy::too_many_arguments)]
pub fn pick(
    ui: &mut egui::Ui,
    app: &App,
    pickers: &mut Pickers,
    id: egui::Id,
    label: &str,
    kinds: &[RecordKind],
    create: Option<RecordKind>,
    choice: &mut Option<Chosen>,
    out: &mut Vec<Command>,
) -> bool {
    if let Some(chosen) = choice {
        let mut cleared = false;
        ui.horizontal(|ui| {
            ui.add(
                egui::Button::new(visual(&chosen.label))
                    .small()
                    .corner_radius(8.0)
                    .selected(true),
            )
            .on_hover_text(label);
            if ui
                .small_button("✖")
                .accessible_name(format!("Clear {label}"))
                .on_hover_text(format!("Clear {label}"))
                .clicked()
            {
                cleared = true;
            }
        });
        if cleared {
            *choice = None;
            return true;
        }
        return false;
    }
    let state = pickers.states.entry(id).or_default();
    let response = ui
        .add(
            egui::TextEdit::singleline(&mut state.text)
                .id(id)
                .hint_text(format!("{label}: type a name…"))
                .desired_width(ui.available_width().min(260.0)),
        )
        .accessible_name(label);
    if state.text.trim() != state.searched {
        state.searched = state.text.trim().to_string();
        state.highlight = 0;
        state.error = None;
        state.found = if state.searched.is_empty() {
            Vec::new()
        } else {
            match app.find(kinds, &state.searched) {
                Ok(found) => found
                    .into_iter()
                    .map(|m| Chosen {
                        uuid: m.uuid,
                        label: m.title,
                    })
                    .collect(),
                Err(e) => {
                    state.error = Some(e.to_string());
                    Vec::new()
                }
            }
        };
    }
    if state.searched.is_empty() {
        return false;
    }
    let state = pickers.states.entry(id).or_default();
    let options = state.found.len() + usize::from(create.is_some());
    if response.has_focus() {
        ui.input_mut(|i| {
            if i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown) {
                state.highlight = (state.highlight + 1).min(options.saturating_sub(1));
            }
            if i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp) {
                state.highlight = state.highlight.saturating_sub(1);
            }
        });
    }
    let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    let mut picked: Option<Chosen> = None;
    let mut create_now = false;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        for (i, found) in state.found.iter().enumerate() {
            let selected = i == state.highlight;
            if ui
                .add(egui::Button::selectable(selected, visual(&found.label)))
                .clicked()
                || (enter && selected)
            {
                picked = Some(found.clone());
            }
        }
        if let Some(error) = &state.error {
            ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {error}"));
        } else if state.found.is_empty() {
            ui.label(egui::RichText::new("No match").weak());
        }
        if let Some(kind) = create {
            let selected = state.highlight == state.found.len();
            let text = format!(
                "Create {} “{}”",
                kind.label().to_lowercase(),
                state.searched
            );
            if ui.add(egui::Button::selectable(selected, text)).clicked() || (enter && selected) {
                create_now = true;
            }
        }
    });
    if create_now && let Some(kind) = create {
        let name = state.searched.clone();
        let uuid = uuid::Uuid::new_v4();
        out.push(Command::CreateNamed {
            kind,
            name: name.clone(),
            uuid,
        });
        picked = Some(Chosen { uuid, label: name });
    }
    if let Some(chosen) = picked {
        pickers.states.remove(&id);
        *choice = Some(chosen);
        return true;
    }
    false
}
