//! The command palette (Ctrl+Shift+P): type to filter every command of the table by its label,
//! arrows to move, Enter or a click to run. Commands that cannot run now are listed greyed
//! with the reason.

use super::commands::{Entry, shortcut_text, table};
use crate::app::{App, Command};
use crate::app::{RecordCommand, WindowCommand};

/// What the palette holds between frames.
#[derive(Default)]
pub struct Palette {
    query: String,
    highlight: usize,
    /// The palette was open last frame (a fresh opening clears the query).
    open: bool,
}

/// The entries whose label holds every word typed: those whose label starts with what was
/// typed first, then those with a word starting with it, then the rest, in table order within
/// each; commands that delete come after all others, so Enter on "trash" shows the Trash.
fn matching(query: &str) -> Vec<&'static Entry> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let mut found: Vec<(usize, &'static Entry)> = table()
        .iter()
        .filter(|e| e.command != Command::Window(WindowCommand::OpenPalette))
        .filter_map(|e| {
            let label = e.label.to_lowercase();
            if !words.iter().all(|w| label.contains(w.as_str())) {
                return None;
            }
            let first = words.first().map(String::as_str).unwrap_or("");
            let mut rank = if label.starts_with(query.trim().to_lowercase().as_str()) {
                0
            } else if label.split_whitespace().any(|w| w.starts_with(first)) {
                1
            } else {
                2
            };
            if matches!(
                e.command,
                Command::Record(RecordCommand::DeleteOpened)
                    | Command::Record(RecordCommand::EmptyTrash)
            ) {
                rank += 3;
            }
            Some((rank, e))
        })
        .collect();
    found.sort_by_key(|(rank, _)| *rank);
    found.into_iter().map(|(_, e)| e).collect()
}

impl Palette {
    /// Forgets the palette was open (when it is closed).
    pub fn closed(&mut self) {
        self.open = false;
    }

    /// Shows the palette; returns the commands it asks for.
    pub fn show(&mut self, ui: &mut egui::Ui, app: &App) -> Vec<Command> {
        let mut out = Vec::new();
        let fresh = !self.open;
        if fresh {
            self.query.clear();
            self.highlight = 0;
            self.open = true;
        }
        let modal = egui::Modal::new(egui::Id::unique("command-palette")).show(ui.ctx(), |ui| {
            ui.set_width(460.0);
            ui.strong("Run a command");
            let response = ui
                .add(
                    egui::TextEdit::singleline(&mut self.query)
                        .hint_text("Type a command…")
                        .desired_width(f32::INFINITY),
                )
                .accessible_name("Command");
            if fresh || !response.has_focus() {
                response.request_focus();
            }
            if response.changed() {
                self.highlight = 0;
            }
            let found = matching(&self.query);
            let runnable: Vec<bool> = found
                .iter()
                .map(|e| app.can_from_palette(&e.command).is_ok())
                .collect();
            let (down, up, enter) = ui.input_mut(|i| {
                (
                    i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
                    i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
                    i.key_pressed(egui::Key::Enter),
                )
            });
            self.highlight = next_runnable(&runnable, self.highlight, down, up);
            egui::ScrollArea::vertical()
                .max_height(320.0)
                .show(ui, |ui| {
                    if found.is_empty() {
                        ui.label(egui::RichText::new("No command matches").weak());
                    }
                    ui.with_layout(egui::Layout::top_down_justified(egui::Align::Min), |ui| {
                        for (i, entry) in found.iter().enumerate() {
                            let allowed = app.can_from_palette(&entry.command);
                            let selected = i == self.highlight;
                            // At the right: why it cannot run now, or its shortcut.
                            let aside = match &allowed {
                                Err(reason) => reason.to_string(),
                                Ok(()) => {
                                    shortcut_text(ui.ctx(), &entry.command).unwrap_or_default()
                                }
                            };
                            let button = egui::Button::selectable(selected, entry.label)
                                .shortcut_text(aside);
                            let response = ui.add_enabled(allowed.is_ok(), button);
                            if selected {
                                response.scroll_to_me(None);
                            }
                            let run = response.clicked() || (enter && selected);
                            if run && allowed.is_ok() {
                                out.push(Command::Window(WindowCommand::CloseDialog));
                                out.push(entry.command.clone());
                            }
                        }
                    });
                });
        });
        if modal.should_close() && out.is_empty() {
            out.push(Command::Window(WindowCommand::CloseDialog));
        }
        out
    }
}

/// The entry to highlight: the current one moved down or up to the next runnable entry, or
/// the first runnable one at or after it (Enter never lands on a command that cannot run).
fn next_runnable(runnable: &[bool], current: usize, down: bool, up: bool) -> usize {
    let at = |i: usize| runnable.get(i).copied().unwrap_or(false);
    if down && let Some(i) = (current + 1..runnable.len()).find(|i| at(*i)) {
        return i;
    }
    if up && let Some(i) = (0..current.min(runnable.len())).rev().find(|i| at(*i)) {
        return i;
    }
    if at(current) {
        return current;
    }
    (current..runnable.len())
        .chain(0..current.min(runnable.len()))
        .find(|i| at(*i))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_narrows_by_every_word() {
        let found: Vec<&str> = matching("new stat").iter().map(|e| e.label).collect();
        assert_eq!(found, vec!["New statement"]);
        assert!(matching("").len() > 30);
        assert!(matching("zzz").is_empty());
    }

    #[test]
    fn what_deletes_comes_last() {
        let found: Vec<&str> = matching("trash").iter().map(|e| e.label).collect();
        assert_eq!(found.first(), Some(&"Show the Trash"));
        assert_eq!(found.last(), Some(&"Empty Trash…"));
        let found: Vec<&str> = matching("ex").iter().map(|e| e.label).collect();
        assert_eq!(found[..2], ["Export selection…", "Export everything…"]);
    }

    #[test]
    fn the_highlight_skips_what_cannot_run() {
        let runnable = [false, true, false, true];
        assert_eq!(next_runnable(&runnable, 0, false, false), 1);
        assert_eq!(next_runnable(&runnable, 1, true, false), 3);
        assert_eq!(next_runnable(&runnable, 3, true, false), 3);
        assert_eq!(next_runnable(&runnable, 3, false, true), 1);
        assert_eq!(next_runnable(&[false, false], 1, false, false), 0);
    }
}
