//! The wizard importing any CSV file by a column mapping, in one window read top to bottom:
//! the file (its columns and first rows shown), what each row makes (one kind, or the kind a
//! column names), each field's column with its transform (a list's separator, a date's
//! pattern shown applied to the first row, a literal value, "create missing"), how rows match
//! existing records, presets loaded (checked against the headers) and saved, then a preview
//! that writes nothing and marks each problem by row and column — in a list and on the rows
//! themselves — before the good rows are imported in one step.

use super::exchange::{failed, job_status, path_row, path_row_focused};
use crate::app::jobs::Outcome;
use crate::app::{App, Command, CsvSample, ExchangeCommand, WindowCommand};
use crate::exchange::mapping::fields::{Shape, fields};
use crate::exchange::mapping::preset::{FieldSource, Mapping, MatchBy, Matching, Route};
use crate::exchange::mapping::rows::read_date;
use crate::exchange::mapping::{MappedReport, RowProblem};
use crate::model::RecordKind;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::mpsc::Receiver;

/// Kinds a row can make, in the order offered.
const KINDS: [RecordKind; 7] = [
    RecordKind::Meeting,
    RecordKind::Statement,
    RecordKind::Actor,
    RecordKind::Source,
    RecordKind::Place,
    RecordKind::Topic,
    RecordKind::Link,
];

/// Sample rows drawn with their problems marked.
const ROWS_SHOWN: usize = 50;

/// What the wizard holds while open.
pub struct CsvWizardForm {
    path: String,
    picker: Option<Receiver<Option<PathBuf>>>,
    preset_path: String,
    preset_picker: Option<Receiver<Option<PathBuf>>>,
    rejected_path: String,
    mapping: Mapping,
    /// Rows routed by a column (else all make `kind`).
    routed: bool,
    kind: RecordKind,
    /// The kind whose fields are shown, when rows are routed.
    editing: RecordKind,
    /// The preset last taken in, by number.
    preset_seen: u64,
    /// The kinds whose fields were mapped by the columns' names, for the file read.
    mapped_for: Option<(PathBuf, Vec<RecordKind>)>,
    /// The routing column whose values were last listed (listed once: Skip removes one).
    listed_for: Option<String>,
    /// The rejected rows' path follows the file until the user types one.
    rejected_typed: bool,
    /// The routing chosen, kept while every row makes one kind.
    set_aside: Option<Route>,
}

impl Default for CsvWizardForm {
    fn default() -> Self {
        CsvWizardForm {
            path: String::new(),
            picker: None,
            preset_path: String::new(),
            preset_picker: None,
            rejected_path: String::new(),
            mapping: Mapping {
                kind: Some(RecordKind::Meeting),
                // Importing the same sheet twice updates rather than duplicates.
                matching: Some(Matching {
                    by: MatchBy::Name,
                    column: None,
                }),
                ..Mapping::default()
            },
            routed: false,
            kind: RecordKind::Meeting,
            editing: RecordKind::Meeting,
            preset_seen: 0,
            mapped_for: None,
            listed_for: None,
            rejected_typed: false,
            set_aside: None,
        }
    }
}

impl CsvWizardForm {
    /// Takes a preset the app read, once.
    fn take_preset(&mut self, app: &App) {
        let Some((number, Ok(mapping))) = app.mapping_preset() else {
            return;
        };
        if number == self.preset_seen {
            return;
        }
        self.preset_seen = number;
        self.mapping = mapping.clone();
        // A preset's routing is taken as it is, values skipped included.
        self.listed_for = mapping.route.as_ref().map(|r| r.column.clone());
        self.routed = mapping.route.is_some();
        if let Some(kind) = mapping.kind {
            self.kind = kind;
        }
        self.editing = mapping.kinds().first().copied().unwrap_or(self.kind);
    }

    /// Maps each field of each kind rows make to the column named like it, once per file
    /// and kind (a kind added later by routing is mapped when it appears).
    fn map_by_name(&mut self, sample: &CsvSample) {
        if self
            .mapped_for
            .as_ref()
            .is_none_or(|(path, _)| *path != sample.path)
        {
            self.mapped_for = Some((sample.path.clone(), Vec::new()));
            if !self.rejected_typed {
                let stem = sample
                    .path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "import".into());
                self.rejected_path = sample
                    .path
                    .with_file_name(format!("{stem}.rejected.csv"))
                    .display()
                    .to_string();
            }
        }
        for kind in self.mapping.kinds() {
            if let Some((_, done)) = &mut self.mapped_for {
                if done.contains(&kind) {
                    continue;
                }
                done.push(kind);
            }
            let mapped = self.mapping.fields.entry(kind).or_default();
            for field in fields(kind) {
                if mapped.contains_key(field.key) {
                    continue;
                }
                let header = sample.headers.iter().find(|h| {
                    let h = h.trim().to_lowercase();
                    h == field.key || h == field.label.to_lowercase()
                });
                if let Some(header) = header {
                    mapped.insert(
                        field.key.to_string(),
                        FieldSource {
                            column: Some(header.clone()),
                            ..FieldSource::default()
                        },
                    );
                }
            }
        }
    }

    /// Keeps the mapping's kind or route as the form says. A routing column's values are
    /// listed when it is chosen, once: a value skipped stays skipped.
    fn settle_kinds(&mut self, sample: Option<&CsvSample>) {
        if self.routed {
            self.mapping.kind = None;
            if self.mapping.route.is_none() {
                self.mapping.route = self.set_aside.take();
            }
            let route = self.mapping.route.get_or_insert_with(|| Route {
                column: sample
                    .and_then(|s| s.headers.first().cloned())
                    .unwrap_or_default(),
                values: BTreeMap::new(),
                skip: Vec::new(),
            });
            if let Some(sample) = sample
                && self.listed_for.as_deref() != Some(route.column.as_str())
            {
                route.values.clear();
                route.skip.clear();
                for value in sample.values_of(&route.column).into_iter().take(20) {
                    route.values.insert(value, self.kind);
                }
                self.listed_for = Some(route.column.clone());
            }
        } else {
            // Kept aside, so that choosing routing again finds the choices made.
            if let Some(route) = self.mapping.route.take() {
                self.set_aside = Some(route);
            }
            self.mapping.kind = Some(self.kind);
            self.editing = self.kind;
        }
        let kinds = self.mapping.kinds();
        if !kinds.contains(&self.editing)
            && let Some(first) = kinds.first()
        {
            self.editing = *first;
        }
    }
}

/// Shows the wizard.
pub fn window(ui: &mut egui::Ui, app: &App, d: &mut CsvWizardForm, out: &mut Vec<Command>) {
    super::exchange::escape_closes(ui, out);
    d.take_preset(app);
    let sample = match app.csv_sample() {
        Some(Ok(sample)) if sample.path == std::path::Path::new(d.path.trim()) => Some(sample),
        _ => None,
    };
    d.settle_kinds(sample);
    if let Some(sample) = sample {
        d.map_by_name(sample);
    }
    let mut open = true;
    super::dialog_window("Import CSV with a column mapping", ui.ctx(), 40.0)
        .resizable(true)
        .default_width(760.0)
        .open(&mut open)
        .show(ui.ctx(), |ui| {
            ui.set_min_width(720.0_f32.min(ui.ctx().content_rect().width() - 40.0));
            // The steps scroll; the buttons stay in sight under them.
            egui::ScrollArea::vertical()
                .max_height((ui.ctx().content_rect().height() - 230.0).max(160.0))
                .show(ui, |ui| body(ui, app, d, sample, out));
            ui.separator();
            match sample {
                Some(_) => {
                    let report = match app.last_outcome() {
                        Some(Outcome::MappedImported(report)) => Some(report.as_ref()),
                        _ => None,
                    };
                    actions(ui, app, d, report, out);
                }
                None => close_row(ui, out),
            }
        });
    if !open {
        out.push(Command::Window(WindowCommand::CloseDialog));
    }
}

fn body(
    ui: &mut egui::Ui,
    app: &App,
    d: &mut CsvWizardForm,
    sample: Option<&CsvSample>,
    out: &mut Vec<Command>,
) {
    ui.label(egui::RichText::new("1. The CSV file").strong());
    path_row(ui, "CSV file", &mut d.path, &mut d.picker, false, false);
    let path = PathBuf::from(d.path.trim());
    ui.horizontal(|ui| {
        let read = Command::Exchange(ExchangeCommand::ReadCsvSample(path.clone()));
        if ui
            .add_enabled(
                app.can(&read).is_ok(),
                egui::Button::new("Read its columns"),
            )
            .clicked()
        {
            out.push(read);
        }
        match (sample, app.csv_sample()) {
            (Some(sample), _) => {
                ui.label(format!(
                    "{} columns; the first {} rows shown below",
                    sample.headers.len(),
                    sample.rows.len().min(ROWS_SHOWN)
                ));
            }
            (None, Some(Err(e))) => failed(ui, &e.to_string()),
            _ => {
                ui.label(egui::RichText::new("Type or choose a file, then read it").weak());
            }
        }
    });
    let Some(sample) = sample else {
        return;
    };
    ui.separator();
    presets(ui, app, d, out);
    ui.separator();
    ui.label(egui::RichText::new("2. What each row makes").strong());
    kinds(ui, d, sample);
    ui.separator();
    ui.label(egui::RichText::new("3. Where each field comes from").strong());
    field_table(ui, d, sample);
    ui.add_space(4.0);
    matching(ui, d, sample);
    ui.separator();
    ui.label(egui::RichText::new("4. Preview (below), then import").strong());
    let report = match app.last_outcome() {
        Some(Outcome::MappedImported(report)) => Some(report.as_ref()),
        _ => None,
    };
    if let Some(report) = report {
        problems(ui, report);
    }
    ui.add_space(4.0);
    rows(
        ui,
        sample,
        report.map(|r| r.problems.as_slice()).unwrap_or(&[]),
    );
}

fn close_row(ui: &mut egui::Ui, out: &mut Vec<Command>) {
    if ui.button("Close").clicked() {
        out.push(Command::Window(WindowCommand::CloseDialog));
    }
}

fn presets(ui: &mut egui::Ui, app: &App, d: &mut CsvWizardForm, out: &mut Vec<Command>) {
    ui.label("A saved mapping (optional):");
    path_row_focused(
        ui,
        "Mapping preset",
        &mut d.preset_path,
        &mut d.preset_picker,
        (false, false),
        false,
    );
    ui.horizontal(|ui| {
        let preset = PathBuf::from(d.preset_path.trim());
        let load = Command::Exchange(ExchangeCommand::LoadMappingPreset(preset.clone()));
        if ui
            .add_enabled(app.can(&load).is_ok(), egui::Button::new("Load preset"))
            .on_hover_text("Read the mapping from the file, checked against this CSV's columns")
            .clicked()
        {
            out.push(load);
        }
        let save = Command::Exchange(ExchangeCommand::SaveMappingPreset {
            path: preset,
            mapping: Box::new(d.mapping.clone()),
        });
        let allowed = app.can(&save);
        let response = ui.add_enabled(allowed.is_ok(), egui::Button::new("Save as preset"));
        match allowed {
            Err(reason) => {
                response.on_disabled_hover_text(reason.as_str());
            }
            Ok(()) => {
                if response
                    .on_hover_text("Keep this mapping for the next file like this one")
                    .clicked()
                {
                    out.push(save);
                }
            }
        }
        if let Some((_, Err(e))) = app.mapping_preset() {
            failed(ui, &e.to_string());
        }
    });
}

fn kind_combo(ui: &mut egui::Ui, name: &str, kind: &mut RecordKind) {
    egui::ComboBox::from_id_salt(name)
        .selected_text(kind.label())
        .show_ui(ui, |ui| {
            for k in KINDS {
                ui.selectable_value(kind, k, k.label());
            }
        })
        .response
        .accessible_name(name);
}

fn column_combo(ui: &mut egui::Ui, name: &str, column: &mut Option<String>, headers: &[String]) {
    let shown = column.clone().unwrap_or_else(|| "—".to_string());
    egui::ComboBox::from_id_salt(name)
        .selected_text(shown)
        .width(170.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(column, None, "—");
            for header in headers {
                ui.selectable_value(column, Some(header.clone()), header);
            }
        })
        .response
        .accessible_name(name);
}

fn kinds(ui: &mut egui::Ui, d: &mut CsvWizardForm, sample: &CsvSample) {
    ui.horizontal(|ui| {
        ui.radio_value(&mut d.routed, false, "Every row makes a");
        kind_combo(ui, "Kind of record", &mut d.kind);
    });
    ui.radio_value(&mut d.routed, true, "The kind depends on a column's value");
    if !d.routed {
        return;
    }
    let Some(route) = d.mapping.route.as_mut() else {
        return;
    };
    ui.indent("route", |ui| {
        ui.horizontal(|ui| {
            ui.label("Column");
            let mut column = Some(route.column.clone());
            column_combo(ui, "Routing column", &mut column, &sample.headers);
            let column = column.unwrap_or_default();
            if column != route.column {
                // Its values are listed on the next frame (`settle_kinds`).
                route.column = column;
                route.values.clear();
            }
        });
        if !route.skip.is_empty() {
            ui.horizontal(|ui| {
                ui.label(format!(
                    "Skipped: {}",
                    route
                        .skip
                        .iter()
                        .map(|v| format!("“{v}”"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
                if ui.small_button("Bring back").clicked() {
                    for value in std::mem::take(&mut route.skip) {
                        route.values.insert(value, d.kind);
                    }
                }
            });
        }
        egui::Grid::new("route-values").show(ui, |ui| {
            let values: Vec<String> = route.values.keys().cloned().collect();
            for value in values {
                ui.label(format!("“{value}” makes a"));
                if let Some(kind) = route.values.get_mut(&value) {
                    kind_combo(ui, &format!("Kind for {value}"), kind);
                }
                if ui
                    .small_button("Skip")
                    .accessible_name(format!("Skip “{value}”"))
                    .on_hover_text(
                        "Rows with this value make nothing (they are counted as skipped)",
                    )
                    .clicked()
                {
                    route.values.remove(&value);
                    route.skip.push(value.clone());
                }
                ui.end_row();
            }
        });
    });
}

fn field_table(ui: &mut egui::Ui, d: &mut CsvWizardForm, sample: &CsvSample) {
    let kinds = d.mapping.kinds();
    if kinds.len() > 1 {
        ui.horizontal(|ui| {
            for kind in &kinds {
                ui.selectable_value(&mut d.editing, *kind, kind.label());
            }
        });
    }
    let kind = d.editing;
    // The example shown for a date is taken from the first row of this kind.
    let first_row = match &d.mapping.route {
        Some(route) => {
            let at = crate::exchange::mapping::preset::column_index(&sample.headers, &route.column);
            sample.rows.iter().find(|row| {
                let value = at.and_then(|i| row.get(i)).map(|v| v.trim()).unwrap_or("");
                route
                    .values
                    .iter()
                    .any(|(v, k)| *k == kind && v.trim().eq_ignore_ascii_case(value))
            })
        }
        None => sample.rows.first(),
    };
    let mapped = d.mapping.fields.entry(kind).or_default();
    egui::Grid::new(("fields", kind.as_str()))
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.label(egui::RichText::new("Field").weak());
            ui.label(egui::RichText::new("Column").weak());
            ui.label(egui::RichText::new("How it is read").weak());
            ui.end_row();
            for field in fields(kind) {
                let source = mapped.entry(field.key.to_string()).or_default();
                let label = if field.required {
                    format!("{} *", field.label)
                } else {
                    field.label.to_string()
                };
                ui.label(label);
                column_combo(
                    ui,
                    &format!("Column for {}", field.label),
                    &mut source.column,
                    &sample.headers,
                );
                ui.horizontal(|ui| {
                    how_read(ui, field.label, field.shape, source, sample, first_row)
                });
                ui.end_row();
            }
        });
    // Fields left unmapped are not kept in the mapping (nor in a saved preset).
    mapped.retain(|_, s| s.column.is_some() || s.value.as_deref().is_some_and(|v| !v.is_empty()));
}

/// The transform of one field: separator, date pattern, literal value, create missing.
fn how_read(
    ui: &mut egui::Ui,
    label: &str,
    shape: Shape,
    source: &mut FieldSource,
    sample: &CsvSample,
    first_row: Option<&Vec<String>>,
) {
    let cell = source.column.as_ref().and_then(|c| {
        crate::exchange::mapping::preset::column_index(&sample.headers, c)
            .and_then(|i| first_row.and_then(|r| r.get(i)))
    });
    let many = matches!(shape, Shape::List | Shape::Refers { many: true, .. });
    if many {
        let mut split = source.split.clone().unwrap_or_default();
        ui.label("split at");
        ui.add(egui::TextEdit::singleline(&mut split).desired_width(30.0))
            .accessible_name(format!("Separator for {label}"));
        source.split = (!split.is_empty()).then_some(split);
    }
    if let Shape::Refers { kind, .. } = shape {
        ui.checkbox(
            &mut source.create_missing,
            format!("create missing {}s", kind.as_str()),
        );
    }
    if shape == Shape::Date {
        let mut pattern = source.date.clone().unwrap_or_default();
        ui.label("pattern");
        ui.add(
            egui::TextEdit::singleline(&mut pattern)
                .desired_width(90.0)
                .hint_text("EDTF"),
        )
        .accessible_name(format!("Date pattern for {label}"))
        .on_hover_text("strftime: %d/%m/%Y, %B %Y, %Y… Empty: EDTF (2025-09, 2025-09-09~)");
        source.date = (!pattern.is_empty()).then_some(pattern);
        if let Some(cell) = cell.filter(|c| !c.trim().is_empty()) {
            match read_date(cell, source.date.as_deref()) {
                Ok(date) => ui.label(format!("{cell} → {}", date.edtf())),
                Err(_) => ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!("“{cell}” does not match"),
                ),
            };
        }
    }
    if source.column.is_none() || matches!(shape, Shape::Vocabulary) {
        let mut value = source.value.clone().unwrap_or_default();
        ui.label(if source.column.is_none() {
            "or the value"
        } else {
            "else"
        });
        ui.add(egui::TextEdit::singleline(&mut value).desired_width(90.0))
            .accessible_name(format!("Value for {label}"));
        source.value = (!value.is_empty()).then_some(value);
    }
}

fn matching(ui: &mut egui::Ui, d: &mut CsvWizardForm, sample: &CsvSample) {
    ui.horizontal(|ui| {
        ui.label("Rows update existing records:");
        let mut by = d.mapping.matching.as_ref().map(|m| m.by);
        ui.radio_value(&mut by, None, "never");
        ui.radio_value(&mut by, Some(MatchBy::Name), "same name");
        ui.radio_value(&mut by, Some(MatchBy::Uuid), "uuid in column");
        let mut column = d.mapping.matching.as_ref().and_then(|m| m.column.clone());
        if by == Some(MatchBy::Uuid) {
            column_combo(ui, "Uuid column", &mut column, &sample.headers);
        }
        d.mapping.matching = by.map(|by| Matching {
            by,
            column: if by == MatchBy::Uuid { column } else { None },
        });
    });
}

fn actions(
    ui: &mut egui::Ui,
    app: &App,
    d: &mut CsvWizardForm,
    report: Option<&MappedReport>,
    out: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        ui.label("Rejected rows go to");
        if ui
            .add(egui::TextEdit::singleline(&mut d.rejected_path).desired_width(320.0))
            .accessible_name("Rejected rows file")
            .changed()
        {
            d.rejected_typed = true;
        }
    });
    if job_status(ui, app, out) {
        return;
    }
    if let Some(Outcome::Failed(e)) = app.last_outcome() {
        failed(ui, &e.to_string());
    }
    let path = PathBuf::from(d.path.trim());
    let start = |dry_run: bool| {
        Command::Exchange(ExchangeCommand::StartMappedImport {
            path: path.clone(),
            mapping: Box::new(d.mapping.clone()),
            dry_run,
            rejected: Some(PathBuf::from(d.rejected_path.trim()))
                .filter(|p| !p.as_os_str().is_empty()),
        })
    };
    ui.horizontal(|ui| {
        let preview = start(true);
        let allowed = app.can(&preview);
        let response = ui.add_enabled(allowed.is_ok(), egui::Button::new("Preview"));
        if let Err(reason) = &allowed {
            response.on_disabled_hover_text(reason.as_str());
        } else if response
            .on_hover_text("Read every row and check it; nothing is written")
            .clicked()
        {
            out.push(preview);
        }
        // Import only after a preview of this very mapping found rows to import.
        let previewed = report.filter(|r| r.import.as_ref().is_some_and(|i| i.dry_run));
        let good = previewed.map_or(0, |r| r.good_rows);
        let import = start(false);
        let allowed = app.can(&import).and_then(|()| {
            if previewed.is_none() {
                Err(crate::app::Refusal::from("Preview first"))
            } else if good == 0 {
                Err(crate::app::Refusal::from("No row can be imported"))
            } else {
                Ok(())
            }
        });
        let text = format!("Import {} rows", crate::model::record::grouped(good));
        let response = ui.add_enabled(allowed.is_ok(), egui::Button::new(text));
        if let Err(reason) = &allowed {
            response.on_disabled_hover_text(reason.as_str());
        } else if response
            .on_hover_text(
                "The good rows, in one step (undoable); the others to the rejected rows' file",
            )
            .clicked()
        {
            out.push(import);
        }
        if ui.button("Close").clicked() {
            out.push(Command::Window(WindowCommand::CloseDialog));
        }
    });
}

fn problems(ui: &mut egui::Ui, report: &MappedReport) {
    let dry = report.import.as_ref().is_none_or(|r| r.dry_run);
    let heading = if dry { "Preview: " } else { "Done: " };
    ui.label(egui::RichText::new(format!("{heading}{}", report.summary())).strong());
    if report.problems.is_empty() {
        return;
    }
    let error = ui.visuals().error_fg_color;
    egui::Grid::new("problem-list")
        .spacing([12.0, 2.0])
        .show(ui, |ui| {
            for head in ["Row", "Column", "Value", "Problem"] {
                ui.label(egui::RichText::new(head).strong());
            }
            ui.end_row();
            for p in report.problems.iter().take(PROBLEMS_LISTED) {
                ui.label(p.row.to_string());
                ui.label(&p.column);
                ui.label(crate::model::record::truncate(&p.value, 40));
                ui.colored_label(error, &p.message);
                ui.end_row();
            }
        });
    let listed = report.problems.len().min(PROBLEMS_LISTED) as u64;
    if report.problem_count > listed {
        ui.label(format!(
            "… and {} more problems (all are in the rejected rows' file)",
            report.problem_count - listed
        ));
    }
}

/// Problems listed in the window; the rest are counted (and in the rejected rows' file).
const PROBLEMS_LISTED: usize = 40;

/// The first rows as a table, each cell with a problem marked, its reason on hover.
fn rows(ui: &mut egui::Ui, sample: &CsvSample, problems: &[RowProblem]) {
    let error = ui.visuals().error_fg_color;
    ui.label(egui::RichText::new("The first rows (problems marked ⚠, the reason on hover)").weak());
    egui::ScrollArea::horizontal()
        .id_salt("sample-rows")
        .show(ui, |ui| {
            egui::Grid::new("sample-grid")
                .spacing([14.0, 2.0])
                .show(ui, |ui| {
                    ui.label(egui::RichText::new("Row").weak());
                    for header in &sample.headers {
                        ui.label(egui::RichText::new(header).strong());
                    }
                    ui.end_row();
                    for (at, row) in sample.rows.iter().take(ROWS_SHOWN).enumerate() {
                        let line = at as u64 + 2;
                        let of_row: Vec<&RowProblem> =
                            problems.iter().filter(|p| p.row == line).collect();
                        let row_label = ui.label(line.to_string());
                        if of_row.iter().any(|p| p.column.is_empty()) {
                            row_label.on_hover_text(
                                of_row
                                    .iter()
                                    .map(|p| p.message.as_str())
                                    .collect::<Vec<_>>()
                                    .join("\n"),
                            );
                        }
                        for (i, header) in sample.headers.iter().enumerate() {
                            let cell = row.get(i).map(String::as_str).unwrap_or("");
                            let shown = crate::model::record::truncate(cell, 30);
                            let here: Vec<&&RowProblem> = of_row
                                .iter()
                                .filter(|p| p.column.eq_ignore_ascii_case(header))
                                .collect();
                            if here.is_empty() {
                                ui.label(shown);
                            } else {
                                let text = if shown.is_empty() {
                                    "(empty)".into()
                                } else {
                                    shown
                                };
                                ui.label(egui::RichText::new(format!("⚠ {text}")).color(error))
                                    .on_hover_text(
                                        here.iter()
                                            .map(|p| p.message.as_str())
                                            .collect::<Vec<_>>()
                                            .join("\n"),
                                    );
                            }
                        }
                        ui.end_row();
                    }
                });
        });
}
