//! The timeline, driven as a user would through its accessible names: the example's four
//! meetings in date order, the January and late-July dates drawn as spans and the day as a
//! point; a drag over a range selects what it covers and offers the range as a date filter;
//! a click opens a record; the view follows the search.

mod kit;
use chancery::model::RecordKind;
use chancery::ui::Gui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use kit::*;

const JANUARY: &str = "Meeting: Russian delegation's visit to Damascus, 2025-01";
const EARLIER_THIS_YEAR: &str =
    "Meeting: Al Shara's meeting with Russia on Assad's hand-over, 2025-01-01/2025-09-08";
const LATE_JULY: &str = "Meeting: Al Shibani's visit to Moscow, 2025-07-21/2025-07-31";
const TUESDAY: &str = "Meeting: Russian delegation's talks at Tishreen Palace, 2025-09-09";

fn timeline_of_meetings(dir: &std::path::Path) -> Harness<'static, Gui> {
    let mut h = example_showing(dir, "Meetings  (4)");
    click(&mut h, "Timeline");
    settle(&mut h);
    h
}

#[test]
fn the_example_meetings_stand_in_date_order_with_spans_drawn_as_spans() {
    let dir = tempfile::tempdir().unwrap();
    let h = timeline_of_meetings(dir.path());
    assert!(has(&h, "4 dated records"));
    let rect = |name: &str| h.get_by_label(name).rect();
    let (january, earlier, july, tuesday) = (
        rect(JANUARY),
        rect(EARLIER_THIS_YEAR),
        rect(LATE_JULY),
        rect(TUESDAY),
    );
    // In date order along the axis.
    assert!(january.left() < july.left() && july.left() < tuesday.left());
    assert!(
        (earlier.left() - january.left()).abs() < 2.0,
        "both start on 1 January"
    );
    // The month and the eleven days are spans; the day is a point. January (31 days) is
    // about three times as wide as late July (11 days).
    assert!(january.width() > 20.0, "{january:?}");
    assert!(july.width() > 8.0, "{july:?}");
    let ratio = january.width() / july.width();
    assert!((2.2..3.6).contains(&ratio), "31 days against 11: {ratio}");
    assert!(tuesday.width() <= 12.0, "a day is a point: {tuesday:?}");
    // "Earlier this year" runs from January to 8 September: it ends before the Tuesday.
    assert!(earlier.right() <= tuesday.center().x);
    assert!(earlier.width() > july.width() * 10.0);
    // Overlapping spans stand on rows of their own.
    assert!(!earlier.intersects(january) || earlier.top() != january.top());
}

#[test]
fn dragging_over_a_range_selects_what_it_covers_and_offers_a_date_filter() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = timeline_of_meetings(dir.path());
    let january = h.get_by_label(JANUARY).rect();
    let july = h.get_by_label(LATE_JULY).rect();
    let tuesday = h.get_by_label(TUESDAY).rect();
    // From the first of January to between late July and the Tuesday, on empty ground.
    let y = tuesday.bottom() + 30.0;
    let start = egui::pos2(january.left() + 1.0, y);
    let end = egui::pos2((july.right() + tuesday.left()) / 2.0, y);
    drag(&mut h, start, end);
    let selection = app(&h).selection();
    assert_eq!(
        selection.count(),
        3,
        "January, earlier this year, late July"
    );
    assert_eq!(
        selection.counts_by_kind().get(&RecordKind::Meeting),
        Some(&3)
    );
    assert!(has(&h, "3 selected"));
    // The dragged range can become the date filter.
    let filter = h
        .get_all_by_role(egui::accesskit::Role::Button)
        .filter_map(|n| n.accesskit_node().label())
        .find(|l| l.starts_with("Filter to 2025-01-"));
    let filter = filter.expect("a Filter to … button");
    click(&mut h, &filter);
    let filters = &app(&h).spec().filters;
    assert!(
        filters
            .from
            .as_deref()
            .is_some_and(|f| f.starts_with("2025-01"))
    );
    assert!(
        filters
            .to
            .as_deref()
            .is_some_and(|t| t.starts_with("2025-08"))
    );
    settle(&mut h);
    // The timeline follows the search: the Tuesday (9 September) is outside the range now.
    assert!(h.query_by_label(TUESDAY).is_none());
    assert!(h.query_by_label(LATE_JULY).is_some());
}

#[test]
fn a_click_opens_the_record_and_the_list_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = timeline_of_meetings(dir.path());
    click(&mut h, LATE_JULY);
    assert_eq!(
        app(&h).opened().map(|o| o.title.clone()).as_deref(),
        Some("Al Shibani's visit to Moscow")
    );
    press(&mut h, CTRL_SHIFT, egui::Key::L);
    assert!(h.query_by_label(LATE_JULY).is_none(), "the list is back");
    press(&mut h, CTRL_SHIFT, egui::Key::T);
    assert!(
        h.query_by_label(LATE_JULY).is_some(),
        "and the timeline again"
    );
}

/// A primary-button drag from `from` to `to`, in steps, as a mouse does.
fn drag(h: &mut Harness<'static, Gui>, from: egui::Pos2, to: egui::Pos2) {
    let button = |pos, pressed| egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    };
    h.event(egui::Event::PointerMoved(from));
    h.step();
    h.event(button(from, true));
    h.step();
    for i in 1..=8 {
        let t = i as f32 / 8.0;
        h.event(egui::Event::PointerMoved(from.lerp(to, t)));
        h.step();
    }
    h.event(button(to, false));
    settle(h);
}

#[test]
fn a_lane_per_actor_holds_the_meetings_they_attended_and_what_they_said() {
    use chancery::model::timeline::LaneKey;
    let dir = tempfile::tempdir().unwrap();
    let mut h = example_showing(dir.path(), "All records  (42)");
    click(&mut h, "Timeline");
    settle(&mut h);
    pick(
        &mut h,
        "Add a lane for an actor",
        "Shibani",
        "Asaad Al Shibani",
    );
    pick(&mut h, "Add a lane for an actor", "Russia", "Russia");
    assert_eq!(app(&h).lane_actors().len(), 2);
    let data = match app(&h).timeline().data() {
        Some(Ok(data)) => data.clone(),
        other => panic!("no timeline data: {:?}", other.map(|r| r.as_ref().err())),
    };
    let lane_titles = |name: &str| -> Vec<String> {
        let lane = data
            .lanes
            .iter()
            .find(|l| matches!(&l.key, LaneKey::Actor { name: n, .. } if n == name))
            .unwrap_or_else(|| panic!("no lane for {name}"));
        let mut titles: Vec<String> = data
            .items
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                lane.overlapping(f64::MIN / 4.0, f64::MAX / 4.0, |j| data.items[j].span)
                    .any(|j| j == *i)
            })
            .map(|(_, item)| format!("{}: {}", item.kind.label(), item.title))
            .collect();
        titles.sort();
        titles
    };
    let his = lane_titles("Asaad Al Shibani");
    assert!(
        his.contains(&"Meeting: Al Shibani's visit to Moscow".to_string()),
        "{his:?}"
    );
    assert!(
        his.contains(&"Meeting: Russian delegation's talks at Tishreen Palace".to_string()),
        "{his:?}"
    );
    assert!(
        his.iter().any(|t| t.starts_with("Statement: ")),
        "what he said: {his:?}"
    );
    assert!(
        !his.iter().any(|t| t.contains("Al Shara's meeting")),
        "{his:?}"
    );
    let russia = lane_titles("Russia");
    assert!(
        russia
            .iter()
            .any(|t| t.contains("Al Shara's meeting with Russia")),
        "{russia:?}"
    );
    // Each lane draws its records: the Tuesday's talks stand in his lane, and in Russia's
    // if Russia was represented there.
    let tuesday_marks = h.query_all_by_label(TUESDAY).count();
    let expected = 1 + usize::from(russia.iter().any(|t| t.contains("Tishreen")));
    assert_eq!(tuesday_marks, expected);
    // Hovering a mark shows the date in the source's words.
    h.get_all_by_label(LATE_JULY)
        .next()
        .expect("late July")
        .hover();
    settle(&mut h);
    assert!(has(&h, "“late July”"), "the wording in the tooltip");
    // Back to a lane per kind.
    click(&mut h, "By kind");
    assert!(app(&h).lane_actors().is_empty());
    assert_eq!(h.query_all_by_label(TUESDAY).count(), 1);
}

#[test]
fn the_timeline_is_saved_as_svg_and_png_as_shown() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = timeline_of_meetings(dir.path());
    let svg_path = dir.path().join("meetings.svg");
    click(&mut h, "Save picture…");
    replace_text(&mut h, "Picture path", svg_path.to_str().unwrap());
    click_last(&mut h, "Save");
    let svg = std::fs::read_to_string(&svg_path).expect("the SVG is written");
    assert!(app(&h).dialog().is_none(), "saving closes the dialog");
    assert!(has(&h, "Saved the timeline as"));
    let doc = roxmltree::Document::parse(&svg).expect("well-formed");
    // The four meetings, named as on the screen, in date order left to right.
    let marks: Vec<(String, f64)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|t| {
            let shape = t.next_sibling_element()?;
            let x = shape
                .attribute("x")
                .or_else(|| shape.attribute("cx"))?
                .parse::<f64>()
                .ok()?;
            Some((t.text()?.to_string(), x))
        })
        .collect();
    let names: Vec<&str> = marks.iter().map(|(n, _)| n.as_str()).collect();
    for meeting in [JANUARY, EARLIER_THIS_YEAR, LATE_JULY, TUESDAY] {
        assert!(names.contains(&meeting), "{meeting} in {names:?}");
    }
    let x = |name: &str| {
        marks
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, x)| *x)
            .unwrap()
    };
    assert!(x(JANUARY) < x(LATE_JULY) && x(LATE_JULY) < x(TUESDAY));

    // The same picture as PNG; an unrelated file is never written over.
    let png_path = dir.path().join("meetings.png");
    click(&mut h, "Save picture…");
    click(&mut h, "PNG");
    replace_text(&mut h, "Picture path", png_path.to_str().unwrap());
    click_last(&mut h, "Save");
    let png = std::fs::read(&png_path).expect("the PNG is written");
    assert!(png.starts_with(b"\x89PNG"));
    let notes = dir.path().join("notes.png");
    std::fs::write(&notes, "not a picture").unwrap();
    click(&mut h, "Save picture…");
    replace_text(&mut h, "Picture path", notes.to_str().unwrap());
    click_last(&mut h, "Save");
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "not a picture");
    assert!(
        has(&h, "exists and is not a picture"),
        "the refusal is said"
    );
    assert!(
        app(&h).dialog().is_some(),
        "the dialog stays open to choose another name"
    );
}

/// Issue 23, finding 16: the saved timeline had no title, legend or record names, and kept
/// the window's selection. Saved, it is made to be published: a title, the span in view, a
/// legend, every record numbered and named in a key, no selection marks, and the picture cut
/// to the drawing.
#[test]
fn a_saved_timeline_is_ready_to_publish() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = timeline_of_meetings(dir.path());
    // A record open and selected: marked on the screen, not in the picture.
    h.get_by_label(LATE_JULY).click();
    settle(&mut h);
    apply(
        &mut h,
        chancery::app::SelectionCommand::AddOpenedToSelection,
    );
    let svg_path = dir.path().join("published.svg");
    click(&mut h, "Save picture…");
    replace_text(&mut h, "Picture path", svg_path.to_str().unwrap());
    click_last(&mut h, "Save");
    let svg = std::fs::read_to_string(&svg_path).expect("the SVG is written");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed");
    let texts: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            n.descendants()
                .filter(|d| d.is_text())
                .filter_map(|t| t.text())
                .collect::<String>()
        })
        .collect();
    assert_eq!(
        texts.first().map(String::as_str),
        Some("Timeline"),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("2025") && t.contains("4 dated records")),
        "the span and the count: {texts:?}"
    );
    assert!(texts.iter().any(|t| t == "Meetings"), "a legend: {texts:?}");
    for meeting in [JANUARY, EARLIER_THIS_YEAR, LATE_JULY, TUESDAY] {
        assert!(
            texts.iter().any(|t| t.ends_with(meeting)),
            "{meeting} is named in the key: {texts:?}"
        );
    }
    // No selection mark: the selection's colour appears nowhere in the picture.
    let selection = h.ctx.global_style().visuals.selection.stroke.color;
    let hex = format!(
        "#{:02x}{:02x}{:02x}",
        selection.r(),
        selection.g(),
        selection.b()
    );
    assert!(
        !svg.to_lowercase().contains(&hex),
        "the selection ring {hex} is left out"
    );
    // Cut to the drawing: not wider than the window's view of it.
    let width: f32 = doc
        .root_element()
        .attribute("width")
        .and_then(|w| w.trim_end_matches("px").parse().ok())
        .expect("a width");
    assert!(width < 1400.0, "{width}");
}
