//! Capture in the window, driven as a person would: paste the example article into File →
//! Capture from text, read it, save what was drafted, and find the quote by searching — with
//! every click and key counted.

mod kit;
use chancery::model::RecordKind;
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT, Queryable};
use kit::*;

const ARTICLE: &str = include_str!("fixtures/example-article.txt");

#[test]
fn the_example_article_is_captured_and_saved_in_at_most_25_actions() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_file(dir.path());
    let mut h = open(&path);
    let before = app(&h).counts().of(RecordKind::Statement);
    let mut actions = 0;

    // Ctrl+Shift+V opens the dialog.
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::V);
    actions += 1;
    assert!(has(&h, "Capture from text"));
    // Paste the article (one action), give the title and the date (two fields).
    type_into(&mut h, "Report text", ARTICLE);
    actions += 1;
    type_into(&mut h, "Title", "Russian delegation visits Damascus");
    actions += 2;
    type_into(&mut h, "Published", "2025-09-10");
    actions += 2;
    click(&mut h, "Read the text");
    actions += 1;
    assert!(
        has(&h, "Quote by Asaad Al Shibani"),
        "the quote is proposed"
    );
    assert!(
        has(&h, "Meeting: Alexander Novak in Tishreen Palace"),
        "the meeting at Tishreen Palace is proposed"
    );
    let save = h
        .get_all_by_label_contains("Save ")
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.ends_with(" records"))
        })
        .expect("the Save button");
    save.click();
    settle(&mut h);
    actions += 1;
    assert_eq!(app(&h).dialog(), None, "saved and closed");
    assert_eq!(
        app(&h).counts().of(RecordKind::Statement),
        before + 3,
        "the quote, the paraphrase and the reported demand"
    );
    assert_eq!(
        app(&h).counts().of(RecordKind::Actor),
        11,
        "no actor duplicated"
    );
    // Find the quote by searching.
    type_into(&mut h, "Search", "by our side");
    actions += 2;
    let hits: Vec<RecordKind> = app(&h).results().hits.iter().map(|x| x.kind).collect();
    assert!(
        hits.iter().filter(|k| **k == RecordKind::Statement).count() >= 2,
        "the captured quote beside the example's: {hits:?}"
    );
    eprintln!("capture of the example article: {actions} actions");
    assert!(actions <= 25, "{actions} actions");
}
