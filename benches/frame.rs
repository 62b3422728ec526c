//! Frame benchmark: the CPU time of one frame of the main view (sidebar, list, detail pane),
//! layout and tessellation included, rendering excluded (no GPU). Measured with the example
//! data and with 100,000 generated statements, showing the statements list with one open; and
//! the frame that opens the export dialog on the large file (its counts run in the background)
//! beside the time the counting itself takes (what the dialog once did inside the frame).
//! Frames while scrolling the list with the wheel are measured too, on the 100k file and, with
//! `-- --db FILE`, on a file the scale benchmark kept (a million statements).
//! The network view is measured on 2,000 records and about 10,000 references (actors meeting
//! in meetings, the busiest far more often: preferential attachment), expanded node by node
//! as a user would, for the frames while its layout runs.
//! Run: `cargo bench --bench frame` (`-- --db /tmp/bench/chancery-1000000.db`; `-- --network`
//! for the network alone).

use chancery::app::Command;
use chancery::app::{ExchangeCommand, ListCommand, RecordCommand, ViewCommand};
use chancery::exchange::export::export_counts;
use chancery::exchange::{Closure, ExportSelection, select_records};
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

/// One frame with a mouse-wheel notch of `lines` at `at`; returns its CPU time.
fn wheel_frame(ctx: &egui::Context, gui: &mut Gui, at: egui::Pos2, lines: f32) -> Duration {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1400.0, 900.0),
        )),
        events: vec![
            egui::Event::PointerMoved(at),
            egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Line,
                delta: egui::vec2(0.0, lines),
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Wheel,
                modifiers: egui::Modifiers::NONE,
            },
        ],
        ..Default::default()
    };
    let t = Instant::now();
    let output = ctx.run_ui(input, |ui| gui.ui(ui));
    let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
    std::hint::black_box(primitives);
    t.elapsed()
}

fn measure(label: &str, path: &std::path::Path) {
    let ctx = egui::Context::default();
    install_fonts(&ctx);
    let mut gui = Gui::open(path.to_path_buf(), std::sync::Arc::new(|| {}));
    {
        let app = gui.app_mut().expect("open");
        let _ = app.apply(Command::List(ListCommand::ShowKind(Some(
            RecordKind::Statement,
        ))));
        app.wait_for_results(Duration::from_secs(30));
        if let Some(first) = app.results().hits.first().map(|h| h.uuid) {
            let _ = app.apply(Command::Record(RecordCommand::OpenRecord(first)));
        }
    }
    // Warm up: fonts, galleys and layout caches.
    for _ in 0..30 {
        frame(&ctx, &mut gui);
    }
    let rows = gui.app().map_or(0, |a| a.results().total);
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

/// Frames while the statements list scrolls down with the mouse wheel, a notch per frame,
/// loading further pages in the background as it goes: the CPU time of each frame.
fn measure_scrolling(label: &str, path: &std::path::Path) {
    let ctx = egui::Context::default();
    install_fonts(&ctx);
    let mut gui = Gui::open(path.to_path_buf(), std::sync::Arc::new(|| {}));
    {
        let app = gui.app_mut().expect("open");
        let _ = app.apply(Command::List(ListCommand::ShowKind(Some(
            RecordKind::Statement,
        ))));
        app.wait_for_results(Duration::from_secs(60));
    }
    for _ in 0..30 {
        frame(&ctx, &mut gui);
    }
    let over_list = egui::pos2(700.0, 450.0);
    let mut times = Vec::new();
    for _ in 0..600 {
        let took = wheel_frame(&ctx, &mut gui, over_list, -3.0);
        times.push(took);
        // About 60 frames a second: the background search gets its time as it would.
        std::thread::sleep(Duration::from_millis(16).saturating_sub(took));
    }
    let (loaded, total) = gui
        .app()
        .map_or((0, 0), |a| (a.results().hits.len(), a.results().total));
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "| {label}, scrolling 600 frames ({loaded} of {total} rows loaded by the end) | {:.2} ms | {:.2} ms | {:.2} ms |",
        ms(times[times.len() / 2]),
        ms(times[times.len() * 95 / 100]),
        ms(times[times.len() - 1])
    );
}

/// The timeline of every meeting in the file: the frame with the whole range in view
/// (counted per period where dense), and frames while zooming in and out around the middle.
fn measure_timeline(label: &str, path: &std::path::Path) {
    let ctx = egui::Context::default();
    install_fonts(&ctx);
    let mut gui = Gui::open(path.to_path_buf(), std::sync::Arc::new(|| {}));
    let read = Instant::now();
    {
        let app = gui.app_mut().expect("open");
        let _ = app.apply(Command::List(ListCommand::ShowKind(Some(
            RecordKind::Meeting,
        ))));
        app.wait_for_results(Duration::from_secs(60));
        let _ = app.apply(Command::View(ViewCommand::ShowView(
            chancery::app::timeline::MainView::Timeline,
        )));
        while app.busy() && read.elapsed() < Duration::from_secs(600) {
            app.poll();
            std::thread::sleep(Duration::from_millis(5));
        }
    }
    let read = read.elapsed();
    let items = gui
        .app()
        .and_then(|a| {
            a.timeline()
                .data()
                .and_then(|d| d.as_ref().ok())
                .map(|d| d.items.len())
        })
        .unwrap_or(0);
    for _ in 0..30 {
        frame(&ctx, &mut gui);
    }
    let mut still: Vec<Duration> = (0..200)
        .map(|_| {
            let t = Instant::now();
            frame(&ctx, &mut gui);
            t.elapsed()
        })
        .collect();
    let middle = egui::pos2(800.0, 400.0);
    let mut zooming = Vec::new();
    for i in 0..400 {
        // In for 200 notches, then out again.
        let delta = if i < 200 { 2.0 } else { -2.0 };
        zooming.push(wheel_frame(&ctx, &mut gui, middle, delta));
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    for (what, times) in [
        ("whole range", &mut still),
        ("zooming in and out", &mut zooming),
    ] {
        times.sort();
        println!(
            "| {label}: timeline of {items} meetings, {what} (read in {:.1} s) | {:.2} ms | {:.2} ms | {:.2} ms |",
            read.as_secs_f64(),
            ms(times[times.len() / 2]),
            ms(times[times.len() * 95 / 100]),
            ms(times[times.len() - 1])
        );
    }
}

/// A knowledge base of `actors` people and `meetings` meetings of seven to nine participants
/// each, the often-met met more often; returns the busiest actor.
fn meeting_network(path: &std::path::Path, actors: usize, meetings: usize) -> uuid::Uuid {
    let mut store = Store::open(path).expect("open");
    let mut rng = chancery::exchange::generate::Rng::new(12);
    let people: Vec<Actor> = (0..actors)
        .map(|i| Actor {
            meta: Meta::new(),
            kind: ActorKind::Person,
            name: format!("Person {i}"),
            aliases: Vec::new(),
            description: String::new(),
        })
        .collect();
    let ids: Vec<uuid::Uuid> = people.iter().map(|a| a.meta.uuid).collect();
    let mut ends: Vec<usize> = (0..actors).collect();
    let mut busiest = vec![0usize; actors];
    let mut records: Vec<Record> = people.into_iter().map(Record::Actor).collect();
    for m in 0..meetings {
        let mut at: Vec<usize> = Vec::new();
        while at.len() < 7 + m % 3 {
            let who = ends[rng.below(ends.len())];
            if !at.contains(&who) {
                at.push(who);
            }
        }
        for who in &at {
            ends.push(*who);
            busiest[*who] += 1;
        }
        let date = format!("20{:02}-{:02}-{:02}", 10 + m % 15, 1 + m % 12, 1 + m % 28);
        records.push(Record::Meeting(Meeting {
            meta: Meta::new(),
            title: format!("Meeting {m}"),
            kind: MeetingKind::ALL[m % MeetingKind::ALL.len()],
            date: Some(PartialDate::parse(&date).expect("date")),
            end_date: None,
            place: None,
            summary: String::new(),
            participants: at
                .iter()
                .map(|who| Participant {
                    actor: ids[*who],
                    roles: Vec::new(),
                    title_at_time: String::new(),
                    represents: None,
                })
                .collect(),
        }));
    }
    store.import_records(records).expect("import");
    let top = (0..actors).max_by_key(|i| busiest[*i]).unwrap_or(0);
    ids[top]
}

/// The network grown to `nodes` records by expanding the best-linked nodes, then the frames
/// while its layout runs: their CPU time, and the frame rate that allows.
fn measure_network(dir: &std::path::Path, nodes: usize) {
    let path = dir.join("network.db");
    let busiest = meeting_network(&path, 700, 1_600);
    let ctx = egui::Context::default();
    install_fonts(&ctx);
    let mut gui = Gui::open(path, std::sync::Arc::new(|| {}));
    {
        let app = gui.app_mut().expect("open");
        let _ = app.apply(Command::Record(RecordCommand::OpenRecord(busiest)));
        let _ = app.apply(Command::View(ViewCommand::ShowView(
            chancery::app::timeline::MainView::Network,
        )));
    }
    frame(&ctx, &mut gui);
    let mut expanded = std::collections::HashSet::new();
    expanded.insert(busiest);
    loop {
        let graph = gui.app().expect("open").network().graph().clone();
        if graph.nodes.len() >= nodes {
            break;
        }
        let degrees = graph.degrees();
        let next = (0..graph.nodes.len())
            .filter(|i| !expanded.contains(&graph.nodes[*i].uuid))
            .max_by_key(|i| degrees[*i]);
        let Some(next) = next else { break };
        let uuid = graph.nodes[next].uuid;
        expanded.insert(uuid);
        let _ = gui
            .app_mut()
            .expect("open")
            .apply(Command::View(ViewCommand::ExpandNode(uuid)));
    }
    let graph = gui.app().expect("open").network().graph().clone();
    // The layout cools from its last growth over some ninety steps, a step or more a frame:
    // the first eighty frames all run it.
    let mut times = Vec::new();
    let mut tessellating = Vec::new();
    for _ in 0..80 {
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1400.0, 900.0),
            )),
            ..Default::default()
        };
        let t = Instant::now();
        let output = ctx.run_ui(input, |ui| gui.ui(ui));
        let tessellation = Instant::now();
        let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
        std::hint::black_box(primitives);
        tessellating.push(tessellation.elapsed());
        times.push(t.elapsed());
    }
    times.sort();
    tessellating.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = ms(times[times.len() / 2]);
    println!(
        "| network of {} records and {} references, layout running ({} expansions) | {:.2} ms ({:.0} frames/s) | {:.2} ms | {:.2} ms |",
        graph.nodes.len(),
        graph.links.len(),
        expanded.len(),
        median,
        1000.0 / median,
        ms(times[times.len() * 95 / 100]),
        ms(times[times.len() - 1])
    );
    println!(
        "| of which tessellation | {:.2} ms | {:.2} ms | {:.2} ms |",
        ms(tessellating[tessellating.len() / 2]),
        ms(tessellating[tessellating.len() * 95 / 100]),
        ms(tessellating[tessellating.len() - 1])
    );
}

/// The export dialog on a large file: the frame that opens it, the time until its counts are
/// shown, and the counting done directly (as the dialog once did inside its first frame).
fn measure_export_dialog(path: &std::path::Path) {
    let ctx = egui::Context::default();
    install_fonts(&ctx);
    let mut gui = Gui::open(path.to_path_buf(), std::sync::Arc::new(|| {}));
    if let Some(app) = gui.app_mut() {
        app.wait_for_results(Duration::from_secs(30));
    }
    for _ in 0..30 {
        frame(&ctx, &mut gui);
    }
    let _ = gui
        .app_mut()
        .map(|app| app.apply(Command::Exchange(ExchangeCommand::ExportEverything)));
    let t = Instant::now();
    frame(&ctx, &mut gui);
    let first_frame = t.elapsed();
    let mut slowest = Duration::ZERO;
    let counted = loop {
        let f = Instant::now();
        frame(&ctx, &mut gui);
        slowest = slowest.max(f.elapsed());
        let done = gui
            .app()
            .and_then(|a| a.export_preview(Closure::Provenance))
            .is_some_and(|p| p.counts().is_some());
        if done || t.elapsed() > Duration::from_secs(120) {
            break t.elapsed();
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let store = Store::open(path).expect("open");
    let direct = Instant::now();
    let records =
        select_records(&store, &ExportSelection::everything(), Closure::Provenance).expect("count");
    let direct = direct.elapsed();
    let counters = Instant::now();
    let counted_now = export_counts(&store, &ExportSelection::everything(), Closure::Provenance)
        .expect("counters");
    let counters = counters.elapsed();
    assert_eq!(counted_now.values().sum::<usize>(), records.len());
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!();
    println!(
        "| export dialog, whole file ({} records) | time |",
        records.len()
    );
    println!("|---|---|");
    println!("| frame that opens it | {:.2} ms |", ms(first_frame));
    println!("| slowest frame while it counts | {:.2} ms |", ms(slowest));
    println!("| until the counts show | {:.0} ms |", ms(counted));
    println!(
        "| counting by reading every record (once inside the frame) | {:.0} ms |",
        ms(direct)
    );
    println!(
        "| counting from the file's counters (now, for the whole file) | {:.2} ms |",
        ms(counters)
    );
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    // `-- --network`: the network's frames alone.
    if std::env::args().any(|a| a == "--network") {
        println!("| view | median | p95 | max |");
        println!("|---|---|---|---|");
        measure_network(dir.path(), 2_000);
        return;
    }
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
    measure_scrolling("100k generated statements", &large);
    // A larger file kept by the scale benchmark, if given: `-- --db FILE`.
    let given = std::env::args()
        .skip_while(|a| a != "--db")
        .nth(1)
        .map(std::path::PathBuf::from);
    if let Some(given) = given {
        measure("the given file", &given);
        measure_scrolling("the given file", &given);
        measure_timeline("the given file", &given);
    }
    measure_export_dialog(&large);
    measure_network(dir.path(), 2_000);
}
