//! The window's layout and everything that is not a pane of its own: the menu bar with
//! shortcuts, the search box (Ctrl+K / Ctrl+F), the status bar, messages that stay until
//! dismissed, and the screen shown when the file cannot be opened.

use super::filters::FilterForm;
use super::{detail, editor, list, sidebar, welcome};
use crate::app::App;
use crate::app::Wake;
use crate::model::RecordKind;
use egui::{Key, KeyboardShortcut, Modifiers};
use std::path::PathBuf;

pub const SEARCH_ID: &str = "search-box";

/// Keyboard shortcuts, shown beside their menu entries.
pub mod keys {
    use super::*;
    pub const SEARCH: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::K);
    pub const FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
    pub const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
    pub const REDO: KeyboardShortcut =
        KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
    pub const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
    pub const BACK: KeyboardShortcut = KeyboardShortcut::new(Modifiers::ALT, Key::ArrowLeft);
    pub const FORWARD: KeyboardShortcut = KeyboardShortcut::new(Modifiers::ALT, Key::ArrowRight);
    pub const NEW_ACTOR: KeyboardShortcut =
        KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::A);
    pub const NEW_MEETING: KeyboardShortcut =
        KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::M);
    pub const NEW_STATEMENT: KeyboardShortcut =
        KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
    pub const NEW_SOURCE: KeyboardShortcut =
        KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::O);
    pub const EDIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
    pub const SELECT_ALL: KeyboardShortcut =
        KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::E);
}

/// What the window shows.
pub enum Screen {
    Ready(Box<App>),
    /// The file could not be opened: the path and what to do.
    Failed {
        path: PathBuf,
        message: String,
    },
}

/// The whole window's state: the application plus what only the views need.
pub struct Gui {
    pub screen: Screen,
    pub search_text: String,
    pub focus_search: bool,
    pub filters: FilterForm,
    pub show_filters: bool,
    pub save_search_name: Option<String>,
    pub confirm_empty_trash: bool,
    pub pickers: super::picker::Pickers,
    pub export_dialog: Option<super::exchange::ExportDialog>,
    pub import_dialog: Option<super::exchange::ImportDialog>,
    fonts_installed: bool,
}

impl Gui {
    /// Opens `path`; a failure becomes the failure screen, never a crash.
    pub fn open(path: PathBuf, wake: Wake) -> Gui {
        let screen = match App::open(&path, wake) {
            Ok(app) => Screen::Ready(Box::new(app)),
            Err(e) => Screen::Failed {
                path,
                message: e.to_string(),
            },
        };
        Gui {
            screen,
            search_text: String::new(),
            focus_search: true,
            filters: FilterForm::default(),
            show_filters: false,
            save_search_name: None,
            confirm_empty_trash: false,
            pickers: Default::default(),
            export_dialog: None,
            import_dialog: None,
            fonts_installed: false,
        }
    }

    /// The application state, when the file is open.
    pub fn app(&mut self) -> Option<&mut App> {
        match &mut self.screen {
            Screen::Ready(app) => Some(app),
            Screen::Failed { .. } => None,
        }
    }

    /// Draws one frame.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        if !self.fonts_installed {
            // Takes effect from the next frame; the first frame shows no Arabic (results
            // arrive from the background search).
            super::fonts::install(ui.ctx());
            self.fonts_installed = true;
        }
        if let Screen::Failed { path, message } = &self.screen {
            failure_screen(ui, path, message);
            return;
        }
        let Screen::Ready(app) = &mut self.screen else {
            return;
        };
        app.poll();
        app.poll_job();
        if app.results.loading || app.job.is_some() {
            // Keep frames coming while a search runs, in case the wake-up is missed.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(50));
        }
        shortcuts(ui, app, &mut self.focus_search);
        let app: &mut App = app;

        egui::Panel::top("menu-bar").show(ui, |ui| {
            menu_bar(
                ui,
                app,
                &mut self.confirm_empty_trash,
                &mut self.export_dialog,
                &mut self.import_dialog,
            );
            search_bar(
                ui,
                app,
                &mut self.search_text,
                &mut self.focus_search,
                &mut self.show_filters,
            );
            if self.show_filters {
                super::filters::panel(ui, app, &mut self.filters, &mut self.pickers);
            }
            super::filters::chips(ui, app, &mut self.filters);
            messages(ui, app);
        });
        egui::Panel::bottom("status-bar").show(ui, |ui| status_bar(ui, app));
        egui::Panel::left("sidebar")
            .resizable(true)
            .default_size(200.0)
            .min_size(150.0)
            .show(ui, |ui| {
                if sidebar::show(
                    ui,
                    app,
                    &mut self.save_search_name,
                    &mut self.confirm_empty_trash,
                ) {
                    self.export_dialog = Some(super::exchange::ExportDialog::new(false));
                }
            });
        if let Some(d) = &mut self.export_dialog
            && !super::exchange::export_window(ui, app, d)
        {
            self.export_dialog = None;
        }
        if let Some(d) = &mut self.import_dialog
            && !super::exchange::import_window(ui, app, d)
        {
            self.import_dialog = None;
        }
        if app.is_empty() && app.draft.is_none() {
            egui::CentralPanel::default_margins().show(ui, |ui| welcome::show(ui, app));
            return;
        }
        let max_detail = (ui.available_width() * 0.6).max(320.0);
        egui::Panel::right("detail")
            .resizable(true)
            .default_size(460.0)
            .min_size(320.0)
            .max_size(max_detail)
            .show(ui, |ui| {
                if app.draft.is_some() {
                    editor::show(ui, app, &mut self.pickers);
                } else {
                    detail::show(ui, app);
                }
            });
        egui::CentralPanel::default_margins().show(ui, |ui| list::show(ui, app));
        if self.confirm_empty_trash {
            confirm_empty_trash(ui, app, &mut self.confirm_empty_trash);
        }
    }
}

fn shortcuts(ui: &mut egui::Ui, app: &mut App, focus_search: &mut bool) {
    let pressed = |ui: &mut egui::Ui, s: KeyboardShortcut| ui.input_mut(|i| i.consume_shortcut(&s));
    if pressed(ui, keys::SEARCH) || pressed(ui, keys::FIND) {
        *focus_search = true;
    }
    // Ctrl+Shift+Z before Ctrl+Z: the shorter shortcut would match both.
    if pressed(ui, keys::REDO) {
        app.redo();
    }
    if pressed(ui, keys::UNDO) && !ui.ctx().egui_wants_keyboard_input() {
        app.undo();
    }
    if pressed(ui, keys::SAVE) && app.draft.is_some() {
        app.save_draft();
    }
    if pressed(ui, keys::EDIT) && app.draft.is_none() && app.opened.is_some() {
        app.edit_opened();
    }
    if pressed(ui, keys::BACK) {
        app.back();
    }
    if pressed(ui, keys::FORWARD) {
        app.forward();
    }
    for (shortcut, kind) in [
        (keys::NEW_ACTOR, RecordKind::Actor),
        (keys::NEW_MEETING, RecordKind::Meeting),
        (keys::NEW_STATEMENT, RecordKind::Statement),
        (keys::NEW_SOURCE, RecordKind::Source),
    ] {
        if pressed(ui, shortcut) {
            app.new_record(kind);
        }
    }
    if pressed(ui, keys::SELECT_ALL) {
        app.select_all_matching();
    }
}

fn shortcut_text(ui: &egui::Ui, s: &KeyboardShortcut) -> String {
    ui.ctx().format_shortcut(s)
}

fn menu_item(
    ui: &mut egui::Ui,
    text: &str,
    shortcut: Option<&KeyboardShortcut>,
    enabled: bool,
) -> bool {
    let mut button = egui::Button::new(text);
    if let Some(s) = shortcut {
        button = button.shortcut_text(shortcut_text(ui, s));
    }
    ui.add_enabled(enabled, button).clicked()
}

fn menu_bar(
    ui: &mut egui::Ui,
    app: &mut App,
    confirm_empty_trash: &mut bool,
    export: &mut Option<super::exchange::ExportDialog>,
    import: &mut Option<super::exchange::ImportDialog>,
) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            if menu_item(ui, "Export selection…", None, !app.selection.is_empty()) {
                *export = Some(super::exchange::ExportDialog::new(false));
            }
            if menu_item(ui, "Export everything…", None, true) {
                *export = Some(super::exchange::ExportDialog::new(true));
            }
            if menu_item(ui, "Import…", None, true) {
                *import = Some(super::exchange::ImportDialog::default());
            }
            ui.separator();
            if menu_item(ui, "Load example data", None, true) {
                app.load_example();
            }
            if menu_item(ui, "Empty Trash…", None, app.counts.trash > 0) {
                *confirm_empty_trash = true;
            }
        });
        ui.menu_button("Edit", |ui| {
            let undo = app.undo_label.clone().map(|l| format!("Undo {l}"));
            if menu_item(
                ui,
                undo.as_deref().unwrap_or("Undo"),
                Some(&keys::UNDO),
                undo.is_some(),
            ) {
                app.undo();
            }
            let redo = app.redo_label.clone().map(|l| format!("Redo {l}"));
            if menu_item(
                ui,
                redo.as_deref().unwrap_or("Redo"),
                Some(&keys::REDO),
                redo.is_some(),
            ) {
                app.redo();
            }
            ui.separator();
            let opened = app
                .opened
                .as_ref()
                .map(|o| (o.record.uuid(), o.record.meta().deleted_at.is_some()));
            let editing = app.draft.is_some();
            if menu_item(
                ui,
                "Edit record",
                Some(&keys::EDIT),
                opened.is_some_and(|(_, d)| !d) && !editing,
            ) {
                app.edit_opened();
            }
            if menu_item(ui, "Save record", Some(&keys::SAVE), editing) {
                app.save_draft();
            }
            if menu_item(
                ui,
                "Move record to Trash",
                None,
                opened.is_some_and(|(_, d)| !d) && !editing,
            ) {
                app.delete_opened();
            }
            if menu_item(ui, "Restore record", None, opened.is_some_and(|(_, d)| d))
                && let Some((uuid, _)) = opened
            {
                app.restore(uuid);
            }
            ui.separator();
            if menu_item(ui, "Select all matching", Some(&keys::SELECT_ALL), true) {
                app.select_all_matching();
            }
            if menu_item(ui, "Clear selection", None, app.selection.count() > 0) {
                app.selection.clear();
            }
        });
        ui.menu_button("New", |ui| {
            for (kind, shortcut) in [
                (RecordKind::Actor, Some(&keys::NEW_ACTOR)),
                (RecordKind::Meeting, Some(&keys::NEW_MEETING)),
                (RecordKind::Statement, Some(&keys::NEW_STATEMENT)),
                (RecordKind::Source, Some(&keys::NEW_SOURCE)),
                (RecordKind::Place, None),
                (RecordKind::Topic, None),
                (RecordKind::Link, None),
            ] {
                if menu_item(
                    ui,
                    &format!("New {}", kind.label().to_lowercase()),
                    shortcut,
                    true,
                ) {
                    app.new_record(kind);
                }
            }
        });
        ui.menu_button("Go", |ui| {
            if menu_item(ui, "Back", Some(&keys::BACK), app.can_go_back()) {
                app.back();
            }
            if menu_item(ui, "Forward", Some(&keys::FORWARD), app.can_go_forward()) {
                app.forward();
            }
            if menu_item(ui, "Search", Some(&keys::SEARCH), true) {
                ui.memory_mut(|m| m.request_focus(egui::Id::unique(SEARCH_ID)));
            }
        });
        ui.menu_button("View", |ui| {
            let dark = ui.ctx().theme() == egui::Theme::Dark;
            if menu_item(
                ui,
                if dark { "Light theme" } else { "Dark theme" },
                None,
                true,
            ) {
                let theme = if dark {
                    egui::ThemePreference::Light
                } else {
                    egui::ThemePreference::Dark
                };
                ui.ctx().set_theme(theme);
            }
        });
    });
}

fn search_bar(
    ui: &mut egui::Ui,
    app: &mut App,
    text: &mut String,
    focus: &mut bool,
    show_filters: &mut bool,
) {
    ui.horizontal(|ui| {
        ui.add_enabled_ui(app.can_go_back(), |ui| {
            if ui.button("◀").on_hover_text("Back (Alt+Left)").clicked() {
                app.back();
            }
        });
        ui.add_enabled_ui(app.can_go_forward(), |ui| {
            if ui
                .button("▶")
                .on_hover_text("Forward (Alt+Right)")
                .clicked()
            {
                app.forward();
            }
        });
        let hint = format!(
            "Search names, statements, sources…  ({})",
            shortcut_text(ui, &keys::SEARCH)
        );
        let response = ui
            .add(
                egui::TextEdit::singleline(text)
                    .id(egui::Id::unique(SEARCH_ID))
                    .hint_text(hint)
                    .desired_width((ui.available_width() - 130.0).max(200.0)),
            )
            .accessible_name("Search");
        if *focus {
            response.request_focus();
            *focus = false;
        }
        if response.changed() {
            app.set_text(text);
        }
        if !text.is_empty() && ui.button("✖").on_hover_text("Clear the search").clicked() {
            text.clear();
            app.set_text("");
        }
        let label = if *show_filters {
            "Hide filters"
        } else {
            "Filters"
        };
        if ui.selectable_label(*show_filters, label).clicked() {
            *show_filters = !*show_filters;
        }
    });
}

fn messages(ui: &mut egui::Ui, app: &mut App) {
    let mut dismiss = None;
    for (i, m) in app.messages.iter().enumerate().rev().take(3) {
        ui.horizontal(|ui| {
            let color = if m.is_error {
                ui.visuals().error_fg_color
            } else {
                ui.visuals().weak_text_color()
            };
            ui.colored_label(color, if m.is_error { "⚠" } else { "ℹ" });
            ui.colored_label(color, &m.text);
            if ui.small_button("Dismiss").clicked() {
                dismiss = Some(i);
            }
        });
    }
    if let Some(i) = dismiss {
        app.dismiss(i);
    }
}

fn status_bar(ui: &mut egui::Ui, app: &App) {
    ui.horizontal(|ui| {
        ui.label(app.path().display().to_string());
        ui.separator();
        let c = &app.counts;
        ui.label(format!(
            "{} actors · {} meetings · {} statements · {} sources",
            c.of(RecordKind::Actor),
            c.of(RecordKind::Meeting),
            c.of(RecordKind::Statement),
            c.of(RecordKind::Source)
        ));
        if let Some(t) = app.last_saved {
            ui.separator();
            let local = t.to_zoned_datetime(jiff::tz::TimeZone::system());
            ui.label(format!("saved {}", local.strftime("%H:%M:%S")));
        }
    });
}

fn confirm_empty_trash(ui: &mut egui::Ui, app: &mut App, open: &mut bool) {
    let modal = egui::Modal::new(egui::Id::unique("confirm-empty-trash")).show(ui.ctx(), |ui| {
        ui.heading("Empty the Trash?");
        ui.label(format!(
            "{} records will be removed for good. References to them are removed from other records.",
            app.counts.trash
        ));
        ui.horizontal(|ui| {
            if ui.button("Empty Trash").clicked() {
                app.empty_trash();
                *open = false;
            }
            if ui.button("Cancel").clicked() {
                *open = false;
            }
        });
    });
    if modal.should_close() {
        *open = false;
    }
}

fn failure_screen(ui: &mut egui::Ui, path: &std::path::Path, message: &str) {
    egui::CentralPanel::default_margins().show(ui, |ui| {
        ui.add_space(40.0);
        ui.vertical_centered(|ui| {
            ui.heading("Chancery cannot open this knowledge base");
            ui.add_space(12.0);
            ui.label(egui::RichText::new(path.display().to_string()).monospace());
            ui.add_space(8.0);
            ui.colored_label(ui.visuals().error_fg_color, message);
            ui.add_space(16.0);
            ui.label("Nothing in the file was changed.");
            ui.label("Start Chancery with another file:  chancery --db OTHER.db");
        });
    });
}
