//! The network view, driven through accessible names: Asaad Al Shibani's network shows the
//! meetings he attended and the people he met there; a click shows a node's record and Expand
//! adds the records around it (a double-click does too: checked by hand under Xvfb); the
//! co-attendance mode links the actors alone; a click shows a node's record beside the graph.

mod kit;
use chancery::model::{Record, RecordKind};
use chancery::ui::Gui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use kit::*;

fn network_of(dir: &std::path::Path, actor: &str) -> Harness<'static, Gui> {
    let mut h = example_showing(dir, "Actors  (11)");
    click(&mut h, actor);
    press(&mut h, CTRL_SHIFT, egui::Key::N);
    for _ in 0..30 {
        h.step();
    }
    h
}

/// The meetings `actor` attended, and everyone else at them, from the file.
fn meetings_and_people(h: &Harness<'static, Gui>, actor: &str) -> (Vec<String>, Vec<String>) {
    let store = app(h).store();
    let records = store.all_records(false).unwrap();
    let name_of = |uuid: uuid::Uuid| {
        records
            .iter()
            .find(|r| r.uuid() == uuid)
            .map(|r| r.name().to_string())
            .unwrap_or_default()
    };
    let me = records
        .iter()
        .find(|r| r.kind() == RecordKind::Actor && r.name() == actor)
        .map(Record::uuid)
        .unwrap();
    let mut meetings = Vec::new();
    let mut people = Vec::new();
    for record in &records {
        if let Record::Meeting(m) = record
            && m.participants.iter().any(|p| p.actor == me)
        {
            meetings.push(m.title.clone());
            for p in &m.participants {
                if p.actor != me {
                    people.push(name_of(p.actor));
                }
            }
        }
    }
    people.sort();
    people.dedup();
    (meetings, people)
}

#[test]
fn the_network_of_asaad_al_shibani_shows_his_meetings_and_the_people_he_met() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = network_of(dir.path(), "Asaad Al Shibani");
    let (meetings, people) = meetings_and_people(&h, "Asaad Al Shibani");
    assert!(
        meetings.len() >= 2 && people.len() >= 2,
        "{meetings:?} {people:?}"
    );
    assert!(has(&h, "Actor: Asaad Al Shibani"));
    for m in &meetings {
        assert!(has(&h, &format!("Meeting: {m}")), "meeting {m}");
    }
    for p in &people {
        assert!(has(&h, &format!("Actor: {p}")), "met {p}");
    }
    assert!(has(&h, "records and"), "the header counts the graph");

    // Co-attendance: actors only, linked by the meetings they shared.
    click(&mut h, "Co-attendance");
    for _ in 0..10 {
        h.step();
    }
    assert!(!has(&h, &format!("Meeting: {}", meetings[0])));
    for p in &people {
        assert!(has(&h, &format!("Actor: {p}")), "co-attended with {p}");
    }
    click(&mut h, "References");
    for _ in 0..10 {
        h.step();
    }
    assert!(has(&h, &format!("Meeting: {}", meetings[0])));
}

#[test]
fn a_click_shows_a_node_and_expand_adds_the_records_around_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = network_of(dir.path(), "Asaad Al Shibani");
    let before = app(&h).network().graph().nodes.len();
    // Russia: its officials are linked to it, and most of them are not in his network yet.
    let other = "Russia".to_string();
    click(&mut h, "Actor: Russia");
    assert_eq!(
        app(&h).opened().map(|o| o.title.clone()).as_deref(),
        Some("Russia")
    );
    assert_eq!(
        app(&h).network().graph().nodes.len(),
        before,
        "a click keeps the graph"
    );
    click(&mut h, "Expand Russia");
    for _ in 0..10 {
        h.step();
    }
    let doubled = app(&h).network().graph().nodes.len();
    assert!(
        doubled > before,
        "Expand adds the records around: {before} → {doubled} nodes"
    );
    assert!(
        has(&h, "Actor: Mikhail Bogdanov"),
        "Russia's deputy foreign minister"
    );
    // A click shows the node's record beside the graph; Expand adds the records around it.
    let lavrov = "Sergey Lavrov";
    click(&mut h, &format!("Actor: {lavrov}"));
    assert_eq!(
        app(&h).opened().map(|o| o.title.clone()).as_deref(),
        Some(lavrov)
    );
    assert_eq!(
        app(&h).network().graph().nodes.len(),
        doubled,
        "the graph stays"
    );
    click(&mut h, &format!("Expand {lavrov}"));
    settle(&mut h);
    let after = app(&h).network().graph().nodes.len();
    assert!(
        after >= doubled,
        "expanding {other} and {lavrov}: {before} → {after} nodes"
    );
    assert_eq!(
        app(&h)
            .network()
            .centre()
            .map(|c| c == app(&h).network().graph().nodes[0].uuid),
        Some(true),
        "the graph keeps its centre"
    );
    // A click shows the record beside, without rebuilding the graph around it.
    let meeting = h
        .query_all_by_label_contains("Meeting: ")
        .next()
        .map(|n| n.rect().center())
        .unwrap();
    h.event(egui::Event::PointerMoved(meeting));
    h.step();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: meeting,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
    settle(&mut h);
    assert_eq!(
        app(&h).opened().map(|o| o.record.kind()),
        Some(RecordKind::Meeting)
    );
    assert_eq!(app(&h).network().graph().nodes.len(), after);
}

#[test]
fn a_neighbourhood_grows_when_a_node_is_expanded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.db");
    let mut store = chancery::store::Store::open(&path).unwrap();
    chancery::exchange::import_bundle(&mut store, chancery::exchange::EXAMPLE_BUNDLE).unwrap();
    let uuid_of = |name: &str| {
        store
            .all_records(false)
            .unwrap()
            .into_iter()
            .find(|r| r.name() == name)
            .map(|r| r.uuid())
            .unwrap()
    };
    let mut graph = chancery::model::network::Graph::default();
    chancery::query::add_neighbourhood(&store, &mut graph, uuid_of("Asaad Al Shibani")).unwrap();
    let before = graph.nodes.len();
    chancery::query::add_neighbourhood(&store, &mut graph, uuid_of("Russia")).unwrap();
    assert!(graph.nodes.len() > before);
}

#[test]
fn the_time_slider_hides_references_outside_the_period_and_the_picture_saves() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = network_of(dir.path(), "Asaad Al Shibani");
    assert!(!has(&h, "references in the period"), "all time at first");
    // The start of the period moved to the last day (as a screen reader sets a slider).
    h.get_by_label("Period from").set_value_accesskit(1.0e9);
    settle(&mut h);
    let text = h
        .query_all_by_label_contains("references in the period")
        .next()
        .and_then(|n| n.accesskit_node().value())
        .expect("the count of what the period keeps");
    let kept: usize = text.split(' ').next().unwrap().parse().unwrap();
    let total = app(&h).network().graph().links.len();
    assert!(
        kept > 0 && kept < total,
        "the last day's meeting only: {text}"
    );
    click(&mut h, "All time");
    assert!(!has(&h, "references in the period"));

    // The graph as drawn, saved: every node is named in the SVG.
    let out = dir.path().join("network.svg");
    click(&mut h, "Save picture…");
    replace_text(&mut h, "Picture path", out.to_str().unwrap());
    click_last(&mut h, "Save");
    let svg = std::fs::read_to_string(&out).expect("written");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed");
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .collect();
    assert!(titles.contains(&"Actor: Asaad Al Shibani"), "{titles:?}");
    assert_eq!(titles.len(), app(&h).network().graph().nodes.len());
}
