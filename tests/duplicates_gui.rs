//! The duplicate review in the window, driven by AccessKit labels: from the sidebar to a merge
//! in a counted number of actions, the keyboard's answers and moves, the merged record in the
//! detail pane with *Separate again* and *Use this*, and a merged record's uuid opening its
//! canonical record.

mod common;
mod kit;
use chancery::model::{ActorKind, Record, RecordKind};
use egui::{Key, Modifiers};
use kit::*;

/// The example data and a Cyrillic Lavrov with a description of his own: one likely pair.
fn with_a_pair(dir: &std::path::Path) -> (std::path::PathBuf, uuid::Uuid, uuid::Uuid) {
    let path = example_file(dir);
    let mut store = chancery::store::Store::open(&path).expect("open");
    let lavrov = common::example_uuid(&store, RecordKind::Actor, "Sergey Lavrov");
    let mut cyrillic = common::actor("Сергей Лавров", ActorKind::Person);
    if let Record::Actor(a) = &mut cyrillic {
        a.description = "Russia's foreign minister since 2004".into();
    }
    let cyrillic = store.insert(cyrillic).expect("insert").uuid();
    (path, lavrov, cyrillic)
}

#[test]
fn a_pair_is_reviewed_and_merged_from_the_sidebar_in_two_actions() {
    let dir = tempfile::tempdir().unwrap();
    let (path, lavrov, cyrillic) = with_a_pair(dir.path());
    let mut h = open(&path);
    assert!(has(&h, "Duplicates  (1)"), "the sidebar counts the pair");
    let mut actions = 0;
    // 1: the sidebar entry shows the pair side by side.
    click_starting(&mut h, "Duplicates");
    actions += 1;
    assert!(has(&h, "Pair 1 of 1"));
    assert!(
        has(&h, "Russia's foreign minister since 2004"),
        "fields side by side"
    );
    assert!(has(&h, "same name in another script"), "the reason is said");
    // 2: S answers "same".
    press(&mut h, Modifiers::NONE, Key::S);
    actions += 1;
    let store = app(&h).store();
    assert_eq!(store.canonical_of(cyrillic).unwrap(), Some(lavrov));
    assert!(has(&h, "Duplicates  (0)"));
    assert!(has(&h, "No likely duplicates"));
    eprintln!("review and merge: {actions} actions");
    assert!(actions <= 4, "{actions} actions");
}

#[test]
fn not_the_same_and_not_sure_are_keys_and_arrows_move_between_pairs() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _lavrov, cyrillic) = with_a_pair(dir.path());
    {
        let mut store = chancery::store::Store::open(&path).unwrap();
        store
            .insert(common::actor("Владимир Путин", ActorKind::Person))
            .unwrap();
    }
    let mut h = open(&path);
    click_starting(&mut h, "Duplicates");
    assert!(has(&h, "Pair 1 of 2"));
    press(&mut h, Modifiers::NONE, Key::ArrowRight);
    assert!(has(&h, "Pair 2 of 2"));
    press(&mut h, Modifiers::NONE, Key::ArrowLeft);
    assert!(has(&h, "Pair 1 of 2"));
    // U keeps the shown pair aside; N says the other is not the same.
    let first = app(&h).pair_shown().unwrap().1.pair.clone();
    press(&mut h, Modifiers::NONE, Key::U);
    assert!(has(&h, "Pair 1 of 1"));
    press(&mut h, Modifiers::NONE, Key::N);
    let queue = app(&h).duplicate_queue().unwrap();
    assert!(queue.pending.is_empty(), "{:?}", queue.pending);
    assert_eq!(queue.aside.len(), 1);
    assert_eq!((queue.aside[0].a, queue.aside[0].b), (first.a, first.b));
    let judgements = app(&h).store().judgements(false).unwrap();
    assert_eq!(judgements.len(), 2);
    let _ = cyrillic;
}

#[test]
fn the_merged_record_shows_its_sources_and_separates_again() {
    let dir = tempfile::tempdir().unwrap();
    let (path, lavrov, cyrillic) = with_a_pair(dir.path());
    let mut h = open(&path);
    click_starting(&mut h, "Duplicates");
    click(&mut h, "Same");
    // Opening the merged record's uuid opens the canonical record and says so.
    apply(&mut h, chancery::app::RecordCommand::OpenRecord(cyrillic));
    assert_eq!(app(&h).opened().unwrap().record.uuid(), lavrov);
    assert!(has(&h, "was merged into “Sergey Lavrov”"));
    assert!(has(&h, "Merged from 1 other record"));
    // The description only the merged record had is offered, and taken.
    click(&mut h, "Use Description of Сергей Лавров");
    let Record::Actor(a) = &app(&h).opened().unwrap().record else {
        panic!("an actor");
    };
    assert_eq!(a.description, "Russia's foreign minister since 2004");
    click(&mut h, "Separate Сергей Лавров again");
    assert_eq!(app(&h).store().canonical_of(cyrillic).unwrap(), None);
    assert!(!has(&h, "Merged from"));
}

#[test]
fn an_actor_saved_beside_a_near_name_is_noted_for_the_review() {
    use chancery::app::FormCommand;
    use chancery::model::judgement::{JudgementOrigin, Verdict};
    let dir = tempfile::tempdir().unwrap();
    let path = example_file(dir.path());
    let mut h = open(&path);
    apply(&mut h, FormCommand::NewRecord(RecordKind::Actor));
    let mut draft = app(&h).draft().cloned().expect("a form");
    draft.set_name("Lavrov");
    apply(&mut h, FormCommand::UpdateDraft(Box::new(draft)));
    apply(&mut h, FormCommand::SaveDraft);
    let store = app(&h).store();
    let lavrov = common::example_uuid(store, RecordKind::Actor, "Sergey Lavrov");
    let judgements = store.judgements(false).unwrap();
    assert!(
        judgements.iter().any(|j| j.verdict == Verdict::Unsure
            && j.origin == JudgementOrigin::Editor
            && j.touches(lavrov)),
        "{judgements:?}"
    );
    // The creation and its note are one undo step.
    let label = app(&h).undo_label().unwrap_or_default().to_string();
    assert!(label.starts_with("create of actor 'Lavrov'"), "{label}");
    let queue = app(&h).duplicate_queue().expect("scanned");
    assert!(queue.pending.iter().any(|p| p.a == lavrov || p.b == lavrov));
    apply(&mut h, chancery::app::RecordCommand::Undo);
    assert!(app(&h).store().judgements(false).unwrap().is_empty());
}
