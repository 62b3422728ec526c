//! The window's layout and everything that is not a pane of its own: the menu bar, the search
//! box, the status bar, messages (information fades, errors stay until dismissed), the dialogs
//! the app says are open, and the screen shown when the file cannot be opened.
//!
//! Each frame: take in background results, read the keyboard's chords, draw every view (each
//! returns the commands it wants), then apply those commands to the app, in order.

use super::commands::{self, menu_item};
use super::exchange::{ExportForm, ImportForm};
use super::palette::Palette;
use super::picker::Pickers;
use super::picture::PictureForm;
use super::{detail, editor, list, sidebar, welcome};
use crate::app::messages::INFO_LIFETIME;
use crate::app::timeline::MainView;
use crate::app::{App, Command, Dialog, Said, Severity, Theme, Wake};
use crate::app::{
    BackupCommand, CaptureCommand, ExchangeCommand, FormCommand, ListCommand, RecordCommand,
    SelectionCommand, TeamCommand, ViewCommand, WindowCommand,
};
use crate::model::RecordKind;
use std::path::PathBuf;

pub const SEARCH_ID: &str = "search-box";

/// What the window shows.
pub enum Screen {
    Ready(Box<App>),
    /// The file could not be opened: the path and what to do.
    Failed {
        path: PathBuf,
        message: String,
    },
}

/// The whole window's state: the application plus what only the views keep between frames.
pub struct Gui {
    screen: Screen,
    views: Views,
    fonts_installed: bool,
    /// The theme egui had after the last frame.
    theme_seen: Option<egui::Theme>,
    /// The file the title bar names.
    title_seen: Option<PathBuf>,
}

/// What the views keep between frames: typed text of pickers and dialogs, never a copy of the
/// app's state.
#[derive(Default)]
struct Views {
    pickers: Pickers,
    export_form: Option<ExportForm>,
    import_form: Option<ImportForm>,
    csv_form: Option<super::csv_wizard::CsvWizardForm>,
    picture_form: Option<PictureForm>,
    /// The last path typed into the picture dialog, for its next opening.
    last_picture_path: Option<String>,
    palette: Palette,
    /// The name typed for a search being saved.
    search_name: String,
    /// The last request to focus the search box that was carried out.
    focus_done: u64,
    /// The form (by serial) the pickers were typed in.
    form_seen: Option<u64>,
    /// The report being pasted into the capture dialog.
    capture_form: Option<crate::app::capture::CaptureInput>,
    /// The file to open or create, while its dialog is open.
    file_form: Option<super::files::FileForm>,
    /// What is typed into the Team window, and the fields ticked in its conflicts.
    team_form: super::team::TeamForm,
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
            views: Views::default(),
            fonts_installed: false,
            theme_seen: None,
            title_seen: None,
        }
    }

    /// The application state, when the file is open.
    pub fn app(&self) -> Option<&App> {
        match &self.screen {
            Screen::Ready(app) => Some(app),
            Screen::Failed { .. } => None,
        }
    }

    /// The application, to apply commands to (tests, benchmarks).
    pub fn app_mut(&mut self) -> Option<&mut App> {
        match &mut self.screen {
            Screen::Ready(app) => Some(app),
            Screen::Failed { .. } => None,
        }
    }

    /// Draws one frame, then applies what the user asked for.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        if !self.fonts_installed {
            // Takes effect from the next frame; the first frame shows no Arabic (results
            // arrive from the background search).
            super::fonts::install(ui.ctx());
            self.fonts_installed = true;
        }
        let app = match &mut self.screen {
            Screen::Failed { path, message } => {
                failure_screen(ui, path, message);
                return;
            }
            Screen::Ready(app) => app,
        };
        follow_theme(ui.ctx(), app, &mut self.theme_seen);
        app.poll();
        keep_frames_coming(ui.ctx(), app);
        // Under a modal dialog (the palette, a confirmation) the keys are the dialog's.
        let modal = app.dialog().is_some_and(Dialog::is_modal);
        let keys = if modal {
            Vec::new()
        } else {
            commands::keyboard(ui)
        };
        let mut out: Vec<Command> = Vec::new();
        {
            let app: &App = app;
            self.views.follow(app);
            self.views.draw(ui, app, &mut out);
        }
        // What the views asked for first (a form's new contents before its Save), then the
        // chords pressed; a chord that cannot act says why.
        for command in out {
            let _ = app.apply(command);
        }
        for command in keys {
            let _ = app.apply_or_explain(command);
        }
        close_when_allowed(ui.ctx(), app);
        if let Some(next) = app.take_next() {
            // Another file: nothing of the old one stays in view.
            **app = next;
            self.views = Views::default();
            super::timeline::forget(ui.ctx());
        }
        name_the_window(ui.ctx(), app, &mut self.title_seen);
    }
}

impl Views {
    /// Creates or drops the dialogs' typed state as the app opens and closes them; a form
    /// opened, closed or replaced starts with empty pickers.
    fn follow(&mut self, app: &App) {
        let form = app.draft().map(|_| app.draft_serial());
        if form != self.form_seen {
            self.pickers.reset();
            self.form_seen = form;
        }
        match app.dialog() {
            Some(Dialog::Export { scope, format }) => {
                if self.export_form.as_ref().is_none_or(|f| f.scope != scope) {
                    self.export_form = Some(ExportForm::new(scope, format));
                }
            }
            _ => self.export_form = None,
        }
        match app.dialog() {
            Some(Dialog::Import) => {
                self.import_form.get_or_insert_with(ImportForm::default);
            }
            _ => self.import_form = None,
        }
        // The wizard's mapping outlives the window: reopened, it is as it was left.
        if let (Some(Dialog::CsvImport), None) = (app.dialog(), &self.csv_form) {
            self.csv_form = Some(Default::default());
        }
        match app.dialog() {
            Some(Dialog::Picture) => {
                let last = self.last_picture_path.as_deref();
                self.picture_form
                    .get_or_insert_with(|| PictureForm::new(app.main_view(), last));
            }
            _ => {
                if let Some(form) = self.picture_form.take() {
                    self.last_picture_path = Some(form.path().to_string());
                }
            }
        }
        if app.dialog() != Some(Dialog::Palette) {
            self.palette.closed();
        }
        match app.dialog() {
            Some(Dialog::Capture) => {
                // Back from editing a proposal, or reopened: the report as it was read.
                self.capture_form.get_or_insert_with(|| {
                    app.capture().map(|s| s.input.clone()).unwrap_or_default()
                });
            }
            _ => self.capture_form = None,
        }
        if app.dialog() != Some(Dialog::SearchName) {
            self.search_name.clear();
        }
        match app.dialog() {
            Some(Dialog::File { create }) => {
                if self.file_form.as_ref().is_none_or(|f| f.create != create) {
                    self.file_form = Some(super::files::FileForm::new(create, app));
                }
            }
            _ => self.file_form = None,
        }
    }

    fn draw(&mut self, ui: &mut egui::Ui, app: &App, out: &mut Vec<Command>) {
        egui::Panel::top("menu-bar").show(ui, |ui| {
            menu_bar(ui, app, out);
            super::team::read_only_banner(ui, app);
            search_bar(ui, app, &mut self.focus_done, out);
            if app.filters_shown() {
                super::filters::panel(ui, app, &mut self.pickers, out);
            }
            super::filters::chips(ui, app, out);
        });
        let status = egui::Panel::bottom("status-bar").show(ui, |ui| status_bar(ui, app, out));
        let status_top = status.response.rect.top();
        let window_width = ui.available_width();
        let sidebar = Share {
            id: "sidebar",
            default: 0.16,
            min: 140.0,
            max: 0.25,
        };
        let drawn = sidebar
            .panel(ui.ctx(), egui::Panel::left("sidebar"), window_width)
            .show(ui, |ui| {
                within_pane(ui, |ui| sidebar::show(ui, app, &mut self.search_name, out))
            })
            .response
            .rect
            .width();
        sidebar.keep(ui.ctx(), drawn, window_width);
        if let Some(form) = &mut self.export_form {
            super::exchange::export_window(ui, app, form, out);
        }
        if let Some(form) = &mut self.import_form {
            super::exchange::import_window(ui, app, form, out);
        }
        if app.dialog() == Some(Dialog::CsvImport)
            && let Some(form) = &mut self.csv_form
        {
            super::csv_wizard::window(ui, app, form, out);
        }
        if let Some(form) = &mut self.picture_form {
            super::picture::window(ui, app, form, out);
        }
        if let Some(form) = &mut self.file_form {
            super::files::window(ui, app, form, out);
        }
        match app.dialog() {
            Some(Dialog::ConfirmEmptyTrash) => confirm_empty_trash(ui, app, out),
            Some(Dialog::Palette) => out.extend(self.palette.show(ui, app)),
            Some(Dialog::Backups) => super::backups::window(ui, app, out),
            Some(Dialog::Team) => super::team::window(ui, app, &mut self.team_form, out),
            Some(Dialog::History) => super::team::history(ui, app, out),
            Some(Dialog::Unsaved) => super::unsaved::ask(ui, app, out),
            Some(Dialog::Capture) => {
                if let Some(input) = &mut self.capture_form {
                    super::capture::window(ui, app, input, &mut self.pickers, out);
                }
            }
            _ => {}
        }
        if app.is_empty() && app.draft().is_none() {
            let central =
                egui::CentralPanel::default_margins().show(ui, |ui| welcome::show(ui, app, out));
            messages(ui.ctx(), central.response.rect, status_top, app, out);
            return;
        }
        let detail = Share {
            id: "detail",
            default: 0.34,
            min: (window_width * 0.34).min(320.0),
            max: 0.55,
        };
        let drawn = detail
            .panel(ui.ctx(), egui::Panel::right("detail"), window_width)
            .show(ui, |ui| {
                within_pane(ui, |ui| {
                    if app.draft().is_some() {
                        editor::show(ui, app, &mut self.pickers, out);
                    } else {
                        detail::show(ui, app, out);
                    }
                })
            })
            .response
            .rect
            .width();
        detail.keep(ui.ctx(), drawn, window_width);
        // Room between the list's scroll bar and the detail pane's divider, so that each can
        // be grabbed (the divider once sat on the scroll bar).
        let central = egui::Frame::central_panel(ui.style()).inner_margin(egui::Margin {
            left: 8,
            right: 14,
            top: 8,
            bottom: 8,
        });
        let central = egui::CentralPanel::default_margins()
            .frame(central)
            .show(ui, |ui| {
                view_switch(ui, app, out);
                match app.main_view() {
                    MainView::List => list::show(ui, app, out),
                    MainView::Timeline => super::timeline::show(ui, app, &mut self.pickers, out),
                    MainView::Network => super::network::show(ui, app, out),
                    MainView::Duplicates => super::duplicates::show(ui, app, out),
                }
            });
        messages(ui.ctx(), central.response.rect, status_top, app, out);
    }
}

/// List or timeline, for the current search.
fn view_switch(ui: &mut egui::Ui, app: &App, out: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        for (view, label) in [
            (MainView::List, "List"),
            (MainView::Timeline, "Timeline"),
            (MainView::Network, "Network"),
        ] {
            let show = Command::View(ViewCommand::ShowView(view));
            if ui
                .selectable_label(app.main_view() == view, label)
                .on_hover_text(commands::tooltip(ui.ctx(), &show))
                .clicked()
            {
                out.push(show);
            }
        }
    });
}

/// A side pane's width as a share of the window's: kept as the share the user left it at,
/// so that a window made smaller (or a file reopened on a smaller screen) keeps every pane in
/// proportion instead of the widths of a wider window.
struct Share {
    id: &'static str,
    /// The share a pane starts with.
    default: f32,
    /// Its narrowest, in points.
    min: f32,
    /// Its widest share.
    max: f32,
}

impl Share {
    /// The panel sized for this frame: at the share kept when the window's width changed
    /// (or at start), otherwise as the user drags it. The share is kept from the last frame.
    fn panel(&self, ctx: &egui::Context, panel: egui::Panel, window: f32) -> egui::Panel {
        let share_id = egui::Id::unique(("pane-share", self.id));
        let window_id = egui::Id::unique(("pane-window", self.id));
        let share: f32 = ctx
            .data_mut(|d| d.get_persisted::<f32>(share_id))
            .filter(|s| s.is_finite() && *s > 0.0)
            .unwrap_or(self.default);
        let max = (window * self.max).max(self.min);
        let width = (share * window).clamp(self.min, max);
        let seen = ctx.data(|d| d.get_temp::<f32>(window_id));
        ctx.data_mut(|d| d.insert_temp(window_id, window));
        let panel = panel
            .resizable(true)
            .default_size(width)
            .min_size(self.min)
            .max_size(max);
        if seen.is_none_or(|w| (w - window).abs() > 0.5) {
            panel.exact_size(width)
        } else {
            panel
        }
    }

    /// Keeps the width the pane was drawn at as its share of the window.
    fn keep(&self, ctx: &egui::Context, width: f32, window: f32) {
        if window > 0.0 {
            let share_id = egui::Id::unique(("pane-share", self.id));
            ctx.data_mut(|d| d.insert_persisted(share_id, width / window));
        }
    }
}

/// Draws `add` in exactly the room the pane has: whatever its contents want, the pane keeps
/// the width the user gave it (egui panels otherwise grow to fit their widest content and
/// keep that width). Contents wider than the pane are clipped at its edge.
fn within_pane(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui)) {
    let rect = ui.available_rect_before_wrap();
    let mut inner = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(rect)
            .layout(egui::Layout::top_down(egui::Align::Min)),
    );
    inner.set_clip_rect(rect.intersect(ui.clip_rect()));
    add(&mut inner);
    ui.allocate_rect(rect, egui::Sense::hover());
}

/// The title bar names the open file: "kb.db — Chancery".
fn name_the_window(ctx: &egui::Context, app: &App, seen: &mut Option<PathBuf>) {
    if seen.as_deref() == Some(app.path()) {
        return;
    }
    let name = app
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    ctx.send_viewport_cmd(egui::ViewportCommand::Title(format!("{name} — Chancery")));
    *seen = Some(app.path().to_path_buf());
}

/// The window closes only when nothing typed would be lost: a close asked for (the title
/// bar's button, Alt+F4, Quit) while a form holds changes is held back and the user asked;
/// once they have answered, the window closes.
fn close_when_allowed(ctx: &egui::Context, app: &mut App) {
    if ctx.input(|i| i.viewport().close_requested()) && !app.may_close_window() {
        ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
        let _ = app.apply(Command::Window(WindowCommand::Quit));
    } else if app.wants_to_close() {
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }
}

/// Keeps frames coming while background work runs (in case a wake-up is missed) and until
/// the next informational message fades.
fn keep_frames_coming(ctx: &egui::Context, app: &App) {
    if app.busy() {
        ctx.request_repaint_after(std::time::Duration::from_millis(50));
    }
    let now = std::time::Instant::now();
    if let Some(next) = app
        .messages()
        .iter()
        .filter(|m| m.severity() == Severity::Info)
        .map(|m| (m.at + INFO_LIFETIME).saturating_duration_since(now))
        .min()
    {
        ctx.request_repaint_after(next.min(std::time::Duration::from_millis(100)));
    }
}

/// Keeps egui's theme and the app's in step: a change on egui's side (the restored or the
/// system's theme, at start or later) becomes the app's; a change of the app's (the Theme
/// command) is set in egui.
fn follow_theme(ctx: &egui::Context, app: &mut App, seen: &mut Option<egui::Theme>) {
    let now = ctx.theme();
    if *seen != Some(now) {
        let theme = match now {
            egui::Theme::Dark => Theme::Dark,
            egui::Theme::Light => Theme::Light,
        };
        let _ = app.apply(Command::Window(WindowCommand::SetTheme(theme)));
    } else {
        let (want, preference) = match app.theme() {
            Theme::Dark => (egui::Theme::Dark, egui::ThemePreference::Dark),
            Theme::Light => (egui::Theme::Light, egui::ThemePreference::Light),
        };
        if now != want {
            ctx.set_theme(preference);
        }
    }
    *seen = Some(ctx.theme());
}

fn menu_bar(ui: &mut egui::Ui, app: &App, out: &mut Vec<Command>) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            menu_item(
                ui,
                app,
                Command::Window(WindowCommand::AskFile { create: true }),
                None,
                out,
            );
            menu_item(
                ui,
                app,
                Command::Window(WindowCommand::AskFile { create: false }),
                None,
                out,
            );
            ui.menu_button("Open recent", |ui| super::files::recent_list(ui, app, out));
            ui.separator();
            menu_item(
                ui,
                app,
                Command::Exchange(ExchangeCommand::ExportSelection),
                None,
                out,
            );
            menu_item(
                ui,
                app,
                Command::Exchange(ExchangeCommand::ExportEverything),
                None,
                out,
            );
            menu_item(
                ui,
                app,
                Command::Exchange(ExchangeCommand::ExportOpened),
                None,
                out,
            );
            menu_item(
                ui,
                app,
                Command::Exchange(ExchangeCommand::Import),
                None,
                out,
            );
            menu_item(
                ui,
                app,
                Command::Exchange(ExchangeCommand::ImportMappedCsv),
                None,
                out,
            );
            menu_item(
                ui,
                app,
                Command::Capture(CaptureCommand::OpenCapture),
                None,
                out,
            );
            menu_item(
                ui,
                app,
                Command::View(ViewCommand::SavePictureAs),
                None,
                out,
            );
            ui.separator();
            menu_item(
                ui,
                app,
                Command::Exchange(ExchangeCommand::LoadExample),
                None,
                out,
            );
            menu_item(
                ui,
                app,
                Command::Record(RecordCommand::EmptyTrash),
                None,
                out,
            );
            ui.separator();
            ui.menu_button("Team", |ui| {
                menu_item(ui, app, Command::Team(TeamCommand::ShowTeam), None, out);
                menu_item(ui, app, Command::Team(TeamCommand::SyncNow), None, out);
                menu_item(ui, app, Command::Team(TeamCommand::ShowHistory), None, out);
            });
            ui.separator();
            menu_item(
                ui,
                app,
                Command::Backup(BackupCommand::ShowBackups),
                None,
                out,
            );
            menu_item(
                ui,
                app,
                Command::Backup(BackupCommand::BackUpNow),
                None,
                out,
            );
            ui.separator();
            menu_item(
                ui,
                app,
                Command::Window(WindowCommand::OpenPalette),
                None,
                out,
            );
            ui.separator();
            menu_item(ui, app, Command::Window(WindowCommand::Quit), None, out);
        });
        ui.menu_button("Edit", |ui| {
            let undo = app.undo_label().map(|l| format!("Undo {l}"));
            menu_item(
                ui,
                app,
                Command::Record(RecordCommand::Undo),
                undo.as_deref(),
                out,
            );
            let redo = app.redo_label().map(|l| format!("Redo {l}"));
            menu_item(
                ui,
                app,
                Command::Record(RecordCommand::Redo),
                redo.as_deref(),
                out,
            );
            ui.separator();
            for command in [
                Command::Form(FormCommand::EditOpened),
                Command::Form(FormCommand::SaveDraft),
                Command::Form(FormCommand::CancelDraft),
                Command::Record(RecordCommand::DeleteOpened),
                Command::Record(RecordCommand::RestoreOpened),
            ] {
                menu_item(ui, app, command, None, out);
            }
            ui.separator();
            for command in [
                Command::Selection(SelectionCommand::SelectAllMatching),
                Command::Selection(SelectionCommand::AddOpenedToSelection),
                Command::Selection(SelectionCommand::ClearSelection),
                Command::Selection(SelectionCommand::RestoreSelection),
            ] {
                menu_item(ui, app, command, None, out);
            }
        });
        ui.menu_button("New", |ui| {
            for kind in RecordKind::ALL {
                menu_item(
                    ui,
                    app,
                    Command::Form(FormCommand::NewRecord(*kind)),
                    None,
                    out,
                );
            }
        });
        ui.menu_button("Go", |ui| {
            menu_item(ui, app, Command::Record(RecordCommand::Back), None, out);
            menu_item(ui, app, Command::Record(RecordCommand::Forward), None, out);
            menu_item(ui, app, Command::List(ListCommand::FocusSearch), None, out);
            ui.separator();
            menu_item(
                ui,
                app,
                Command::List(ListCommand::ShowKind(None)),
                None,
                out,
            );
            for kind in RecordKind::ALL {
                menu_item(
                    ui,
                    app,
                    Command::List(ListCommand::ShowKind(Some(*kind))),
                    None,
                    out,
                );
            }
            menu_item(ui, app, Command::List(ListCommand::ShowTrash), None, out);
        });
        ui.menu_button("View", |ui| {
            let filters = if app.filters_shown() {
                "Hide filters"
            } else {
                "Show filters"
            };
            menu_item(
                ui,
                app,
                Command::List(ListCommand::ToggleFilters),
                Some(filters),
                out,
            );
            ui.separator();
            for view in [MainView::List, MainView::Timeline, MainView::Network] {
                menu_item(
                    ui,
                    app,
                    Command::View(ViewCommand::ShowView(view)),
                    None,
                    out,
                );
            }
            ui.separator();
            let theme = match app.theme() {
                Theme::Dark => "Light theme",
                Theme::Light => "Dark theme",
            };
            menu_item(
                ui,
                app,
                Command::Window(WindowCommand::ToggleTheme),
                Some(theme),
                out,
            );
        });
    });
}

fn search_bar(ui: &mut egui::Ui, app: &App, focus_done: &mut u64, out: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        commands::button(ui, app, Command::Record(RecordCommand::Back), Some("◀"), out).accessible_name("Back");
        commands::button(ui, app, Command::Record(RecordCommand::Forward), Some("▶"), out).accessible_name("Forward");
        // The box says what it searches: a kind chosen in the sidebar narrows it.
        let scope = match app.spec().filters.kinds.as_slice() {
            [kind] if !app.spec().filters.trash => {
                format!("Search {} only", sidebar::plural(*kind).to_lowercase())
            }
            _ => "Search names, statements, sources".to_string(),
        };
        let hint = format!(
            "{scope}…  ({})",
            commands::shortcut_text(ui.ctx(), &Command::List(ListCommand::FocusSearch)).unwrap_or_default()
        );
        let mut text = app.spec().text.clone();
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut text)
                    .id(egui::Id::unique(SEARCH_ID))
                    .hint_text(hint)
                    .desired_width((ui.available_width() - 230.0).max(200.0)),
            )
            .accessible_name("Search");
        if app.search_focus_requests() != *focus_done {
            response.request_focus();
            *focus_done = app.search_focus_requests();
        }
        if response.changed() {
            out.push(Command::List(ListCommand::SetSearchText(text.clone())));
        }
        let exact = app.spec().exact;
        if ui
            .selectable_label(exact, "Exact spelling")
            .on_hover_text(if exact {
                "Only names spelled as typed match. Click to find spelling variants too (al-Shaibani for Al Shibani)"
            } else {
                "Spelling variants match too (al-Shaibani finds Al Shibani). Click for exact spellings only"
            })
            .clicked()
        {
            out.push(Command::List(ListCommand::SetExactSpelling(!exact)));
        }
        // The ✖ keeps its place while the box is empty (drawn invisible), so Filters
        // does not move when the first letter is typed.
        if ui
            .add_visible(!text.is_empty(), egui::Button::new("✖"))
            .on_hover_text("Clear the search")
            .accessible_name("Clear the search")
            .clicked()
        {
            out.push(Command::List(ListCommand::SetSearchText(String::new())));
        }
        let label = if app.filters_shown() {
            "Hide filters"
        } else {
            "Filters"
        };
        if ui
            .selectable_label(app.filters_shown(), label)
            .on_hover_text(commands::tooltip(ui.ctx(), &Command::List(ListCommand::ToggleFilters)))
            .clicked()
        {
            out.push(Command::List(ListCommand::ToggleFilters));
        }
    });
}

/// Messages float as toasts at the foot of the middle pane (`over`), above the status bar:
/// appearing and fading they move nothing under the pointer, and they never cover the
/// sidebar or the form's Save. The newest is at the bottom.
fn messages(
    ctx: &egui::Context,
    over: egui::Rect,
    status_top: f32,
    app: &App,
    out: &mut Vec<Command>,
) {
    let shown: Vec<_> = app.messages().iter().rev().take(3).collect();
    if shown.is_empty() {
        return;
    }
    let now = std::time::Instant::now();
    let width = (over.width() - 24.0).clamp(160.0, 640.0);
    egui::Area::new(egui::Id::unique("messages"))
        .order(egui::Order::Foreground)
        .pivot(egui::Align2::CENTER_BOTTOM)
        .fixed_pos(egui::pos2(over.center().x, status_top - 6.0))
        .constrain_to(over)
        .interactable(true)
        .show(ctx, |ui| {
            for m in shown.into_iter().rev() {
                let (icon, text, mut color) = match &m.said {
                    Said::Info(text) => ("ℹ", text.clone(), ui.visuals().text_color()),
                    Said::Failed(error) => ("⚠", error.to_string(), ui.visuals().error_fg_color),
                };
                let mut fill = ui.visuals().window_fill;
                if m.severity() == Severity::Info {
                    // The last second of its life, an informational message fades out.
                    let left = (m.at + INFO_LIFETIME).saturating_duration_since(now);
                    let alpha = left.as_secs_f32().clamp(0.0, 1.0);
                    color = color.gamma_multiply(alpha);
                    fill = fill.gamma_multiply(alpha);
                }
                egui::Frame::popup(ui.style()).fill(fill).show(ui, |ui| {
                    ui.set_max_width(width);
                    // The button comes before the text, which wraps: a long message (a
                    // damaged file's, at 800 px) once pushed Dismiss off the window.
                    ui.horizontal(|ui| {
                        ui.colored_label(color, icon);
                        if ui.small_button("Dismiss").clicked() {
                            out.push(Command::Window(WindowCommand::DismissMessage(m.id)));
                        }
                        ui.add(egui::Label::new(egui::RichText::new(text).color(color)).wrap());
                    });
                });
            }
        });
}

fn status_bar(ui: &mut egui::Ui, app: &App, out: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        // The team's state first: in a narrow window it is what must not be cut off.
        if super::team::status_label(ui, app, out) {
            ui.separator();
        }
        ui.label(app.path().display().to_string());
        ui.separator();
        let c = app.counts();
        ui.label(format!(
            "{} actors · {} meetings · {} statements · {} sources",
            c.of(RecordKind::Actor),
            c.of(RecordKind::Meeting),
            c.of(RecordKind::Statement),
            c.of(RecordKind::Source)
        ));
        if let Some(t) = app.last_saved() {
            ui.separator();
            let local = t.to_zoned_datetime(jiff::tz::TimeZone::system());
            ui.label(format!("saved {}", local.strftime("%H:%M:%S")));
        }
        ui.separator();
        super::backups::newest_label(ui, app);
        if let Some(reason) = app.read_only() {
            ui.separator();
            ui.colored_label(ui.visuals().warn_fg_color, format!("Read-only: {reason}"))
                .on_hover_text("Search and export work; changes cannot be saved.");
        }
    });
}

fn confirm_empty_trash(ui: &mut egui::Ui, app: &App, out: &mut Vec<Command>) {
    let modal = egui::Modal::new(egui::Id::unique("confirm-empty-trash")).show(ui.ctx(), |ui| {
        ui.heading("Empty the Trash?");
        ui.label(format!(
            "{} records will be removed for good. References to them are removed from other records.",
            app.counts().trash
        ));
        ui.horizontal(|ui| {
            commands::button(ui, app, Command::Record(RecordCommand::ConfirmEmptyTrash), Some("Empty Trash"), out);
            if ui.button("Cancel").clicked() {
                out.push(Command::Window(WindowCommand::CloseDialog));
            }
        });
    });
    if modal.should_close() {
        out.push(Command::Window(WindowCommand::CloseDialog));
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
            if let Some(newest) = crate::store::list_backups(path).first() {
                ui.add_space(8.0);
                ui.label(format!(
                    "Its newest backup, taken {} (UTC), is {}; copy it in the file's place to go back to it.",
                    newest.taken,
                    newest.path.display()
                ));
            }
            ui.label("Start Chancery with another file:  chancery --db OTHER.db");
        });
    });
}
