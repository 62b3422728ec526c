//! The desktop window: egui views over the `app` state. `Gui` draws one frame into a `Ui`
//! (so tests drive it headlessly through egui_kittest); `run` puts it in an eframe window.
//! Views read the app and return `Command`s; `commands.rs` gives each its label and chord.

mod backups;
mod canvas;
mod capture;
mod colours;
mod commands;
mod csv_wizard;
mod detail;
mod duplicates;
mod editor;
mod exchange;
mod files;
mod filters;
mod fonts;
mod list;
mod merged;
mod network;
mod palette;
mod picker;
mod picture;
mod shell;
mod sidebar;
mod team;
mod text;
mod timeline;
mod unsaved;
mod welcome;

pub use commands::{
    Entry, entry_for_chord, name as command_name, table as command_table,
    tooltip as command_tooltip,
};
pub use fonts::install as install_fonts;
pub use shell::Gui;

use std::path::PathBuf;

/// A dialog window as every dialog opens: centred under the menu, not collapsible.
fn dialog_window(title: &str, ctx: &egui::Context, below_top: f32) -> egui::Window<'static> {
    egui::Window::new(title.to_string())
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, below_top))
        .collapsible(false)
}

/// Opens the window on the knowledge base at `path` and runs until it is closed.
pub fn run(path: PathBuf) -> Result<(), String> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Chancery")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([720.0, 480.0]),
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        "Chancery",
        options,
        Box::new(move |cc| {
            install_fonts(&cc.egui_ctx);
            let ctx = cc.egui_ctx.clone();
            let mut gui = Gui::open(path, std::sync::Arc::new(move || ctx.request_repaint()));
            if let Some(app) = gui.app_mut() {
                app.remember_as_recent();
            }
            Ok(Box::new(Window { gui }))
        }),
    )
    .map_err(|e| format!("cannot open a window: {e}"))
}

/// The eframe application: a thin shell around `Gui`.
struct Window {
    gui: Gui,
}

impl eframe::App for Window {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.gui.ui(ui);
    }
}
