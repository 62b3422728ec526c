//! The export and import dialogs. Export: what the selection holds by kind, what each closure
//! would take along (counted before writing), the format, and where to write — a typed path,
//! or the system's file dialog run off the UI thread (when a desktop has no portal and no
//! zenity, the dialog returns nothing; that is logged and the typed path remains). Import: a
//! path, a preview (a dry run: new, updated, unchanged, kept, conflicts listed), the choice for
//! conflicts, then the import. Both run as background jobs with a status line and Cancel; the
//! export's preview counts run in the background too, so the dialog opens at once.

use crate::app::jobs::Outcome;
use crate::app::{App, Command};
use crate::app::{ExchangeCommand, ExportScope, WindowCommand};
use crate::exchange::{Closure, Format};
use crate::store::{ImportOptions, OnConflict};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

/// What the export dialog holds while open: the choices being made.
pub struct ExportForm {
    pub scope: ExportScope,
    closure: Closure,
    format: Format,
    path: String,
    bom: bool,
    /// Replace a file at the path that no export wrote.
    replace: bool,
    picker: Option<Receiver<Option<PathBuf>>>,
}

impl ExportForm {
    pub fn new(scope: ExportScope, format: Option<Format>) -> ExportForm {
        let home = std::env::var_os("HOME")
            .map(PathBuf::from)
            .unwrap_or_default();
        let format = format.unwrap_or(Format::Bundle);
        let path = home.join("chancery-export.json").display().to_string();
        ExportForm {
            scope,
            closure: scope.default_closure(),
            format,
            path: with_extension(&path, format),
            bom: false,
            replace: false,
            picker: None,
        }
    }
}

/// What the import dialog holds while open.
#[derive(Default)]
pub struct ImportForm {
    path: String,
    /// Take theirs for every conflict.
    take_theirs: bool,
    /// Conflicts for which theirs is taken (ticked one by one).
    theirs_for: std::collections::BTreeSet<uuid::Uuid>,
    picker: Option<Receiver<Option<PathBuf>>>,
}

fn file_dialog(save: bool, folder: bool) -> Receiver<Option<PathBuf>> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let dialog = rfd::FileDialog::new();
        let chosen = match (save, folder) {
            (_, true) => dialog.pick_folder(),
            (true, false) => dialog.save_file(),
            (false, false) => dialog.pick_file(),
        };
        if chosen.is_none() {
            log::info!(
                "the file dialog returned nothing (cancelled, or no desktop portal or zenity); use the typed path"
            );
        }
        let _ = tx.send(chosen);
    });
    rx
}

/// A path field with "Choose…". When the system dialog gives nothing back (cancelled, or no
/// dialog exists on this desktop), a note says the typed path is used.
pub(super) fn path_row(
    ui: &mut egui::Ui,
    name: &str,
    path: &mut String,
    picker: &mut Option<Receiver<Option<PathBuf>>>,
    save: bool,
    folder: bool,
) {
    path_row_focused(ui, name, path, picker, (save, folder), true);
}

/// `path_row`; with `take_focus` an empty field takes the keyboard when nothing has it (the
/// dialog's main path), without it never (a second, optional path).
pub(super) fn path_row_focused(
    ui: &mut egui::Ui,
    name: &str,
    path: &mut String,
    picker: &mut Option<Receiver<Option<PathBuf>>>,
    (save, folder): (bool, bool),
    take_focus: bool,
) {
    let note_id = egui::Id::unique(("no-file-dialog", name));
    if let Some(rx) = picker
        && let Ok(chosen) = rx.try_recv()
    {
        match chosen {
            Some(p) => *path = p.display().to_string(),
            None => {
                ui.data_mut(|d| d.insert_temp(note_id, true));
            }
        }
        *picker = None;
    }
    ui.horizontal(|ui| {
        let field = ui
            .add(egui::TextEdit::singleline(path).desired_width(360.0))
            .accessible_name(name);
        // A dialog that opens with an empty path takes the typing at once.
        if take_focus && path.is_empty() && ui.ctx().memory(|m| m.focused().is_none()) {
            field.request_focus();
        }
        let waiting = picker.is_some();
        if ui
            .add_enabled(!waiting, egui::Button::new("Choose…"))
            .on_hover_text("Open the system's file dialog")
            .clicked()
        {
            *picker = Some(file_dialog(save, folder));
        }
        if waiting {
            ui.spinner();
        }
    });
    if ui.data(|d| d.get_temp::<bool>(note_id)).unwrap_or(false) {
        ui.label(
            egui::RichText::new("No file was chosen. If no dialog appeared, this desktop has none: type the path above.")
                .weak()
                .small(),
        );
    }
}

pub(super) fn job_status(ui: &mut egui::Ui, app: &App, out: &mut Vec<Command>) -> bool {
    let Some(job) = app.job() else {
        return false;
    };
    let status = job.status();
    ui.horizontal(|ui| {
        match status.fraction {
            Some(fraction) => {
                let width = (ui.available_width() - 90.0).max(120.0);
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .desired_width(width)
                        .text(format!("{}: {}", job.title, status.text)),
                );
            }
            None => {
                ui.spinner();
                ui.label(format!("{}: {}", job.title, status.text));
            }
        }
        if ui.button("Cancel").clicked() {
            out.push(Command::Exchange(ExchangeCommand::CancelJob));
        }
    });
    true
}

/// A job's failure, inside its dialog (the message line may be under it).
pub(super) fn failed(ui: &mut egui::Ui, error: &str) {
    ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {error}"));
}

/// Escape closes a dialog, unless it is leaving a text field (the first Escape does that).
pub(super) fn escape_closes(ui: &egui::Ui, out: &mut Vec<Command>) {
    if !ui.ctx().text_edit_focused() && ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        out.push(Command::Window(WindowCommand::CloseDialog));
    }
}

/// What the selection holds, by kind, and the searches selected whole.
fn selection_summary(app: &App) -> String {
    let by_kind: Vec<String> = app
        .selection()
        .counts_by_kind()
        .iter()
        .map(|(k, n)| k.count(*n))
        .collect();
    let searches = app.selection().searches().len();
    let mut text = format!(
        "Selected: {}",
        if by_kind.is_empty() {
            "no single records".into()
        } else {
            by_kind.join(", ")
        }
    );
    if searches > 0 {
        text.push_str(&format!(", and all matching {searches} search(es)"));
    }
    text
}

/// What the export will write, by kind: counted in the background ("counting…" meanwhile).
fn preview(ui: &mut egui::Ui, app: &App, closure: Closure, out: &mut Vec<Command>) {
    let Some(preview) = app.export_preview(closure) else {
        out.push(Command::Exchange(ExchangeCommand::CountExport(closure)));
        counting(ui);
        return;
    };
    match preview.counts() {
        None => counting(ui),
        Some(Ok(counts)) => {
            let total: usize = counts.values().sum();
            let parts: Vec<String> = counts.iter().map(|(k, n)| k.count(*n)).collect();
            ui.label(
                egui::RichText::new(format!("Will write {total} records: {}", parts.join(", ")))
                    .strong(),
            );
        }
        Some(Err(e)) => {
            ui.colored_label(ui.visuals().error_fg_color, e.to_string());
        }
    }
}

fn counting(ui: &mut egui::Ui) {
    ui.horizontal(|ui| {
        ui.spinner();
        ui.label("counting…");
    });
}

/// Shows the export dialog.
pub fn export_window(ui: &mut egui::Ui, app: &App, d: &mut ExportForm, out: &mut Vec<Command>) {
    escape_closes(ui, out);
    let mut open = true;
    super::dialog_window("Export", ui.ctx(), 80.0)
        .resizable(false)
        .open(&mut open)
        .show(ui.ctx(), |ui| {
            match d.scope {
                ExportScope::Everything => {
                    ui.label("The whole knowledge base, Trash included.");
                }
                ExportScope::Record(uuid) => {
                    let title = app
                        .opened()
                        .filter(|o| o.record.uuid() == uuid)
                        .map(|o| o.title.clone())
                        .unwrap_or_else(|| app.store().label(uuid));
                    ui.label(format!("This record: {}", super::text::visual(&title)));
                }
                ExportScope::Selection => {
                    ui.label(selection_summary(app));
                }
            }
            if d.scope != ExportScope::Everything {
                ui.add_space(4.0);
                ui.label("Take along:");
                for (closure, label) in [
                    (Closure::None, "Selected only"),
                    (
                        Closure::Direct,
                        "With direct links (participants, speakers, meetings, places)",
                    ),
                    (
                        Closure::Provenance,
                        "With provenance (also sources, \"via\" chains, places' parents, topics)",
                    ),
                    (
                        Closure::Dossier,
                        "With what refers to them: a meeting's statements, a person's statements \
                         and meetings, what cites a source (and all their provenance)",
                    ),
                ] {
                    ui.radio_value(&mut d.closure, closure, label);
                }
            }
            preview(ui, app, d.closure, out);
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                ui.label("Format");
                let before = d.format;
                egui::ComboBox::from_id_salt("export-format")
                    .selected_text(format_label(d.format))
                    .show_ui(ui, |ui| {
                        for f in Format::ALL {
                            ui.selectable_value(&mut d.format, f, format_label(f));
                        }
                    })
                    .response
                    .accessible_name("Export format");
                if d.format != before {
                    d.path = with_extension(&d.path, d.format);
                }
                if d.format == Format::Csv {
                    ui.checkbox(&mut d.bom, "BOM for spreadsheets");
                }
            });
            if let Some(hint) = format_hint(d.format) {
                ui.label(egui::RichText::new(hint).weak());
            }
            ui.label(if d.format == Format::Csv {
                "Folder (or a file ending in .zip, for one zip of the CSV files)"
            } else {
                "File"
            });
            path_row(
                ui,
                "Export path",
                &mut d.path,
                &mut d.picker,
                true,
                d.format == Format::Csv,
            );
            ui.checkbox(&mut d.replace, "Replace a file that is there")
                .on_hover_text("Even one Chancery did not write (a database never)");
            ui.add_space(6.0);
            if !job_status(ui, app, out) {
                match app.last_outcome() {
                    Some(Outcome::Exported { path, .. }) => {
                        ui.label(format!("Written: {}", path.display()));
                    }
                    Some(Outcome::Failed(e)) => failed(ui, &e.to_string()),
                    _ => {}
                }
                ui.horizontal(|ui| {
                    let export = Command::Exchange(ExchangeCommand::StartExport {
                        format: d.format,
                        closure: d.closure,
                        out: PathBuf::from(d.path.trim()),
                        bom: d.bom,
                        replace: d.replace,
                        scope: d.scope,
                    });
                    let allowed = app.can(&export);
                    let response = ui.add_enabled(allowed.is_ok(), egui::Button::new("Export"));
                    if let Err(reason) = allowed {
                        response.on_disabled_hover_text(reason.as_str());
                    } else if response.clicked() {
                        out.push(export);
                    }
                    if ui.button("Close").clicked() {
                        out.push(Command::Window(WindowCommand::CloseDialog));
                    }
                });
            }
        });
    if !open {
        out.push(Command::Window(WindowCommand::CloseDialog));
    }
}

/// Shows the import dialog.
pub fn import_window(ui: &mut egui::Ui, app: &App, d: &mut ImportForm, out: &mut Vec<Command>) {
    escape_closes(ui, out);
    let mut open = true;
    super::dialog_window("Import", ui.ctx(), 80.0)
        .resizable(false)
        .open(&mut open)
        .show(ui.ctx(), |ui| {
            ui.label(
                "A Chancery bundle (.json), Chancery CSV files (a folder or a .zip), a STIX 2.1 \
                 bundle (OpenCTI, MISP) or FollowTheMoney entities (Aleph):",
            );
            path_row(ui, "Import path", &mut d.path, &mut d.picker, false, false);
            ui.horizontal(|ui| {
                ui.label(egui::RichText::new("Another spreadsheet?").weak());
                let wizard = Command::Exchange(ExchangeCommand::ImportMappedCsv);
                if ui.link("Import CSV with a column mapping…").clicked() {
                    out.push(wizard);
                }
            });
            ui.add_space(6.0);
            if job_status(ui, app, out) {
                return;
            }
            let path = PathBuf::from(d.path.trim());
            match app.last_outcome() {
                Some(Outcome::Imported(report)) if report.dry_run => {
                    ui.label(
                        egui::RichText::new(format!("Preview: {}", report.summary())).strong(),
                    );
                    if !report.conflicts.is_empty() {
                        ui.label(
                            "Changed both here and in the import since they were last exchanged:",
                        );
                        ui.radio_value(&mut d.take_theirs, false, "Keep mine, except where ticked");
                        ui.radio_value(&mut d.take_theirs, true, "Take theirs for all (undoable)");
                        egui::ScrollArea::vertical()
                            .max_height(200.0)
                            .show(ui, |ui| {
                                for c in &report.conflicts {
                                    let mut theirs =
                                        d.take_theirs || d.theirs_for.contains(&c.uuid);
                                    let text = format!(
                                        "Take theirs: {} “{}” (here) / “{}” (incoming)",
                                        c.kind.label(),
                                        c.ours,
                                        c.theirs
                                    );
                                    let response = ui.add_enabled(
                                        !d.take_theirs,
                                        egui::Checkbox::new(&mut theirs, text),
                                    );
                                    if response.changed() {
                                        if theirs {
                                            d.theirs_for.insert(c.uuid);
                                        } else {
                                            d.theirs_for.remove(&c.uuid);
                                        }
                                    }
                                }
                            });
                    }
                }
                Some(Outcome::Imported(report)) => {
                    ui.label(format!("Imported: {}", report.summary()));
                }
                Some(Outcome::Failed(e)) => failed(ui, &e.to_string()),
                _ => {}
            }
            ui.horizontal(|ui| {
                let on_conflict = if d.take_theirs {
                    OnConflict::Theirs
                } else {
                    OnConflict::Keep
                };
                for (text, dry_run) in [("Preview", true), ("Import", false)] {
                    let import = Command::Exchange(ExchangeCommand::StartImport {
                        path: path.clone(),
                        options: ImportOptions {
                            on_conflict,
                            take_theirs: d.theirs_for.clone(),
                            dry_run,
                            ..ImportOptions::default()
                        },
                    });
                    let allowed = app.can(&import);
                    let response = ui.add_enabled(allowed.is_ok(), egui::Button::new(text));
                    if let Err(reason) = allowed {
                        response.on_disabled_hover_text(reason.as_str());
                    } else if response.clicked() {
                        out.push(import);
                    }
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

fn format_label(f: Format) -> &'static str {
    match f {
        Format::Bundle => "Chancery bundle (JSON)",
        Format::Csv => "CSV folder",
        Format::Markdown => "Markdown briefing",
        Format::Graphml => "GraphML (Gephi, yEd)",
        Format::Stix => "STIX 2.1 (OpenCTI, MISP)",
        Format::Ftm => "FollowTheMoney (Aleph, OpenSanctions)",
    }
}

/// What the user should know before choosing a format made for another tool.
fn format_hint(f: Format) -> Option<&'static str> {
    match f {
        Format::Stix => Some(
            "OpenCTI merges people, organisations and events that share a name: such names get \
             their date or a short id added. The exact names, statement kinds, partial dates and \
             grades travel in Chancery's STIX extension.",
        ),
        Format::Ftm => Some(
            "FtM has no topics, statement kinds or partial dates: topics become keywords, dates \
             their ISO prefix (the exact date is kept in notes). See docs/EXCHANGE.md.",
        ),
        _ => None,
    }
}

fn with_extension(path: &str, f: Format) -> String {
    let p = PathBuf::from(path);
    let stem = p
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "chancery-export".into());
    let stem = [".stix", ".ftm"]
        .iter()
        .find_map(|suffix| stem.strip_suffix(suffix))
        .map_or(stem.clone(), str::to_string);
    let name = match f {
        Format::Bundle => format!("{stem}.json"),
        Format::Csv => stem,
        Format::Markdown => format!("{stem}.md"),
        Format::Graphml => format!("{stem}.graphml"),
        Format::Stix => format!("{stem}.stix.json"),
        Format::Ftm => format!("{stem}.ftm.json"),
    };
    p.with_file_name(name).display().to_string()
}
