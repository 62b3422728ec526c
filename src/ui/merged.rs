//! The open record's merged records, in the detail pane: every record merged into it with its
//! names (each name with the record it came from), who merged it and when, *Separate again*,
//! the fields where a merged record says something else (with *Use this*, the other value
//! kept in the merged record), and any judgement that contradicts the merge.

use super::text::visual;
use crate::app::{App, Command, DuplicateCommand, Opened};
use crate::model::merge_fields::{FieldValue, differences};
use egui::RichText;

/// Draws the section; nothing when no record is merged into the open one.
pub fn show(ui: &mut egui::Ui, app: &App, opened: &Opened, out: &mut Vec<Command>) {
    let Some(cluster) = &opened.cluster else {
        return;
    };
    let canonical = &opened.record;
    ui.add_space(6.0);
    let merged = cluster.members.len() - 1;
    ui.strong(format!(
        "Merged from {merged} other record{}",
        if merged == 1 { "" } else { "s" }
    ));
    for j in &cluster.contradictions {
        let name = |u| {
            cluster
                .members
                .iter()
                .find(|m| m.uuid == u)
                .map(|m| m.record.name().to_string())
                .unwrap_or_default()
        };
        ui.colored_label(
            ui.visuals().warn_fg_color,
            visual(&format!(
                "⚠ {} said “{}” and “{}” are not the same ({}), yet they are merged here. \
                 Separate one of them, or merge them again to withdraw that judgement.",
                j.author,
                name(j.a),
                name(j.b),
                j.at.strftime("%Y-%m-%d")
            )),
        );
    }
    for member in cluster.merged() {
        let record = &member.record;
        ui.group(|ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(visual(record.name())).strong());
                let separate = Command::Duplicates(DuplicateCommand::Separate(member.uuid));
                let allowed = app.can(&separate);
                let response = ui
                    .add_enabled(allowed.is_ok(), egui::Button::new("Separate again").small())
                    .on_hover_text(
                        "Make it a record of its own again, exactly as it was (its references go back to it)",
                    )
                    .accessible_name(format!("Separate {} again", record.name()));
                if response.clicked() {
                    out.push(separate);
                }
            });
            let others: Vec<&str> = record.names().into_iter().skip(1).collect();
            if !others.is_empty() {
                ui.label(visual(&format!("also: {}", others.join(" · "))));
            }
            if let Some(j) = member.joined_by.first() {
                ui.label(
                    RichText::new(format!(
                        "merged by {} on {}",
                        j.author,
                        j.at.strftime("%Y-%m-%d %H:%M")
                    ))
                    .weak()
                    .small(),
                );
            }
            for difference in differences(canonical, record) {
                let value = |v: &FieldValue| match v {
                    FieldValue::Text(t) => t.clone(),
                    FieldValue::Reference(u) => app.store().label(*u),
                };
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(difference.field).weak());
                    ui.label(visual(&format!(
                        "here: {} · in this record: {}",
                        difference.canonical.as_ref().map(value).unwrap_or_else(|| "—".into()),
                        value(&difference.merged)
                    )));
                    let take = Command::Duplicates(DuplicateCommand::TakeField {
                        canonical: canonical.uuid(),
                        from: member.uuid,
                        field: difference.field.to_string(),
                    });
                    let allowed = app.can(&take);
                    if ui
                        .add_enabled(allowed.is_ok(), egui::Button::new("Use this").small())
                        .on_hover_text("Show this value here (the merged record keeps its own)")
                        .accessible_name(format!("Use {} of {}", difference.field, record.name()))
                        .clicked()
                    {
                        out.push(take);
                    }
                });
            }
        });
    }
}
