//! The "Save picture" dialog: the timeline or the network as drawn in the last frame, saved as
//! PNG or SVG to a typed path (or one chosen in the system's file dialog). What happens is the
//! app's: the dialog returns `SavePicture` with the picture it took from the view.

use super::canvas::last_picture;
use super::exchange::{escape_closes, path_row};
use crate::app::timeline::MainView;
use crate::app::{App, Command};
use crate::app::{ViewCommand, WindowCommand};
use crate::exchange::PictureFormat;
use std::path::PathBuf;
use std::sync::mpsc::Receiver;

/// What the dialog holds while open.
pub struct PictureForm {
    format: PictureFormat,
    path: String,
    picker: Option<Receiver<Option<PathBuf>>>,
    /// The size of the picture as it will be saved, for the picture drawn last (by address).
    framed_size: Option<(usize, [f32; 2])>,
}

impl PictureForm {
    /// A form proposing `chancery-<view>` in the folder and format of the last picture saved
    /// (`last`), or as PNG in the home folder.
    pub fn new(view: MainView, last: Option<&str>) -> PictureForm {
        let last = last.map(|l| PathBuf::from(l.trim()));
        let folder = last
            .as_ref()
            .and_then(|l| l.parent().map(PathBuf::from))
            .filter(|f| !f.as_os_str().is_empty())
            .or_else(|| std::env::var_os("HOME").map(PathBuf::from))
            .unwrap_or_default();
        let format = last
            .as_deref()
            .and_then(PictureFormat::from_path)
            .unwrap_or(PictureFormat::Png);
        let name = match view {
            MainView::Network => "chancery-network",
            _ => "chancery-timeline",
        };
        PictureForm {
            format,
            path: folder
                .join(format!("{name}.{}", format.extension()))
                .display()
                .to_string(),
            picker: None,
            framed_size: None,
        }
    }

    /// The path typed or chosen.
    pub fn path(&self) -> &str {
        &self.path
    }
}

/// The path with the extension of `format`.
fn with_extension(path: &str, format: PictureFormat) -> String {
    PathBuf::from(path.trim())
        .with_extension(format.extension())
        .display()
        .to_string()
}

pub fn window(ui: &mut egui::Ui, app: &App, form: &mut PictureForm, out: &mut Vec<Command>) {
    escape_closes(ui, out);
    let shown = last_picture(ui.ctx());
    let mut open = true;
    super::dialog_window("Save picture", ui.ctx(), 80.0)
        .resizable(false)
        .open(&mut open)
        .show(ui.ctx(), |ui| {
            match &shown {
                Some(s) => {
                    // Framed as it will be saved (once per picture drawn, not per frame).
                    let key = std::sync::Arc::as_ptr(&s.picture) as usize;
                    let [width, height] = match form.framed_size {
                        Some((k, size)) if k == key => size,
                        _ => {
                            let framed =
                                crate::model::picture_frame::framed(&s.picture, &s.caption);
                            let size = [framed.width, framed.height];
                            form.framed_size = Some((key, size));
                            size
                        }
                    };
                    let size = match form.format {
                        PictureFormat::Png => format!(
                            "{:.0} × {:.0} pixels",
                            width * crate::exchange::picture::PNG_SCALE,
                            height * crate::exchange::picture::PNG_SCALE
                        ),
                        PictureFormat::Svg => "sharp at any size".to_string(),
                    };
                    ui.label(format!(
                        "The {} as drawn, ready to publish: titled, with its span, a legend \
                         and every record named ({size}).",
                        s.view.noun()
                    ));
                    if ui.visuals().dark_mode {
                        ui.label(
                            egui::RichText::new(
                                "It keeps the dark theme; for print, switch to the light theme first (View menu).",
                            )
                            .small()
                            .weak(),
                        );
                    }
                }
                None => {
                    ui.label("Nothing is drawn yet: show the timeline or the network.");
                }
            };
            ui.horizontal(|ui| {
                ui.label("Format");
                for format in [PictureFormat::Png, PictureFormat::Svg] {
                    let label = format.extension().to_uppercase();
                    if ui
                        .radio(form.format == format, label)
                        .on_hover_text(match format {
                            PictureFormat::Png => "An image, for documents and slides",
                            PictureFormat::Svg => {
                                "Drawing for editing and print: sharp at any size, records named"
                            }
                        })
                        .clicked()
                    {
                        form.format = format;
                        form.path = with_extension(&form.path, format);
                    }
                }
            });
            // A path typed with the other extension chooses that format.
            if let Some(typed) = PictureFormat::from_path(std::path::Path::new(form.path.trim())) {
                form.format = typed;
            }
            ui.label("File");
            path_row(
                ui,
                "Picture path",
                &mut form.path,
                &mut form.picker,
                true,
                false,
            );
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let save = shown.as_ref().map(|s| Command::View(ViewCommand::SavePicture {
                    view: s.view,
                    picture: s.picture.clone(),
                    path: PathBuf::from(form.path.trim()),
                }));
                let allowed = match &save {
                    Some(save) => app.can(save),
                    None => Err("Nothing is drawn yet".into()),
                };
                let response = ui.add_enabled(allowed.is_ok(), egui::Button::new("Save"));
                if let Err(reason) = allowed {
                    response.on_disabled_hover_text(reason.as_str());
                } else if response.clicked()
                    && let Some(shown) = &shown
                {
                    // What is saved is made to be published: titled, with its span and a
                    // legend, cut to the drawing, without the window's selection.
                    let framed = crate::model::picture_frame::framed(&shown.picture, &shown.caption);
                    out.push(Command::View(ViewCommand::SavePicture {
                        view: shown.view,
                        picture: std::sync::Arc::new(framed),
                        path: PathBuf::from(form.path.trim()),
                    }));
                }
                if ui.button("Close").clicked() {
                    out.push(Command::Window(WindowCommand::CloseDialog));
                }
            });
        });
    if !open {
        out.push(Command::Window(WindowCommand::CloseDialog));
    }
}
