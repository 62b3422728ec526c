//! Frame benchmark: the CPU time of one frame of the main view (sidebar, list, detail pane),
//! layout and tessellation included, rendering excluded (no GPU). Measured with the example
//! data and with 100,000 generated statements, showing the statements list with one open.
//! Run: `cargo bench --bench frame`.

use chancery::exchange::{EXAMPLE_BUNDLE, import_bundle};
use chancery::model::*;
use chancery::store::Store;
use chancery::ui::{Gui, install_fonts};
use std::time::{Duration, Instant};

fn frame(ctx: &egui::Context, gui: &mut Gui) {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1400.0, 900.0),
        )),
        ..Default::default()
    };
    let output = ctx.run_ui(input, |ui| gui.ui(ui));
    let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
    std::hint::black_box(primitives);
}

fn measure(label: &str, path: &std::path::Path) {
    let ctx = egui::Context::default();
    install_fonts(&ctx);
    let mut gui = Gui::open(path.to_path_buf(), std::sync::Arc::new(|| {}));
    {
        let app = gui.app().expect("open");
        app.show_kind(Some(RecordKind::Statement));
        app.wait_for_results(Duration::from_secs(30));
        if let Some(first) = app.results.hits.first().map(|h| h.uuid) {
            app.open_record(first);
        }
    }
    // Warm up: fonts, galleys and layout caches.
    for _ in 0..30 {
        frame(&ctx, &mut gui);
    }
    let rows = gui.app().map_or(0, |a| a.results.total);
    let mut times: Vec<Duration> = (0..300)
        .map(|_| {
            let t = Instant::now();
            frame(&ctx, &mut gui);
            t.elapsed()
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "| {label} ({rows} statements listed) | {:.2} ms | {:.2} ms | {:.2} ms |",
        ms(times[times.len() / 2]),
        ms(times[times.len() * 95 / 100]),
        ms(times[times.len() - 1])
    );
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let small = dir.path().join("example.db");
    {
        let mut store = Store::open(&small).expect("open");
        import_bundle(&mut store, EXAMPLE_BUNDLE).expect("example");
    }
    let large = dir.path().join("large.db");
    {
        let mut store = Store::open(&large).expect("open");
        import_bundle(&mut store, EXAMPLE_BUNDLE).expect("example");
        let speakers: Vec<uuid::Uuid> = store
            .all_records(false)
            .expect("records")
            .iter()
            .filter(|r| r.kind() == RecordKind::Actor)
            .map(Record::uuid)
            .collect();
        let words = [
            "sanctions",
            "reconstruction",
            "unity",
            "troops",
            "energy",
            "grain",
            "talks",
            "support",
        ];
        let mut batch = Vec::new();
        for i in 0..100_000usize {
            let text = format!(
                "Statement {i}: {} {} {}",
                words[i % words.len()],
                words[(i / 8) % words.len()],
                words[(i / 64) % words.len()]
            );
            let date = format!("20{:02}-{:02}-{:02}", 15 + i % 11, 1 + i % 12, 1 + i % 28);
            batch.push(Record::Statement(Statement {
                meta: Meta::new(),
                text,
                kind: StatementKind::ALL[i % 4],
                speaker: Some(speakers[i % speakers.len()]),
                meeting: None,
                date: Some(PartialDate::parse(&date).expect("date")),
                lang: "en".into(),
                hedge: String::new(),
            }));
            if batch.len() == 10_000 {
                store
                    .import_records(std::mem::take(&mut batch))
                    .expect("import");
            }
        }
    }
    println!("| view | median | p95 | max |");
    println!("|---|---|---|---|");
    measure("example data", &small);
    measure("100k generated statements", &large);
}
