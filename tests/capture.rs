//! Capture from pasted text, on the example article and the example data: the names the file
//! knows are found in every spelling with their titles, and the dates resolve against the
//! publication date.

mod common;
use chancery::model::capture::{dates, names, text::Article};
use chancery::query::known_names;
use common::*;

const ARTICLE: &str = include_str!("fixtures/example-article.txt");

#[test]
fn the_example_article_names_the_people_of_the_example_data_with_their_titles() {
    let (_dir, _path, store) = with_example();
    let gazetteer = names::Gazetteer::new(&known_names(&store).unwrap());
    let article = Article::parse(ARTICLE);
    let mut found: Vec<(String, Option<String>)> = Vec::new();
    for (i, p) in article.paragraphs.iter().enumerate() {
        for hit in gazetteer.find(i, p) {
            for (uuid, _) in &hit.records {
                found.push((store.label(*uuid), hit.title.clone()));
            }
        }
    }
    let has = |name: &str, title: Option<&str>| {
        found
            .iter()
            .any(|(n, t)| n == name && (title.is_none() || t.as_deref() == title))
    };
    assert!(
        has("Alexander Novak", Some("Deputy Prime Minister")),
        "{found:?}"
    );
    assert!(
        has("Asaad Al Shibani", Some("Foreign Minister")),
        "{found:?}"
    );
    assert!(has("Vladimir Putin", Some("President")), "{found:?}");
    assert!(has("Sergey Lavrov", Some("Foreign Minister")), "{found:?}");
    assert!(has("Ahmad Al Shara", Some("President")), "{found:?}");
    for name in [
        "Tishreen Palace",
        "Damascus",
        "SANA",
        "Moscow",
        "Mikhail Bogdanov",
        "Alexander Lavrentiev",
        "Bashar Al Assad",
    ] {
        assert!(has(name, None), "{name}: {found:?}");
    }
}

#[test]
fn the_example_article_dates_resolve_against_its_publication() {
    let article = Article::parse(ARTICLE);
    let mut found = Vec::new();
    for (i, p) in article.paragraphs.iter().enumerate() {
        for hit in dates::find(i, p, "2025-09-10".parse().unwrap()) {
            found.push((hit.span.text(&article).to_string(), hit.date.edtf()));
        }
    }
    for (phrase, edtf) in [
        ("on Tuesday", "2025-09-09"),
        ("In late July", "2025-07-21/2025-07-31"),
        ("in December 2024", "2024-12"),
        ("In January", "2025-01"),
        ("earlier this year", "2025-01-01/2025-09-09"),
    ] {
        assert!(
            found.iter().any(|(p, e)| p == phrase && e == edtf),
            "{phrase}: {found:?}"
        );
    }
}

#[test]
fn on_an_empty_file_the_people_and_places_are_unknown_names_with_kinds() {
    let article = Article::parse(ARTICLE);
    let mut found = Vec::new();
    for (i, p) in article.paragraphs.iter().enumerate() {
        for u in names::unknown_names(i, p, &[]) {
            found.push((u.text, u.guess));
        }
    }
    let guessed = |name: &str| found.iter().find(|(n, _)| n == name).map(|(_, g)| *g);
    assert_eq!(
        guessed("Alexander Novak"),
        Some(names::Guess::Person),
        "{found:?}"
    );
    assert_eq!(
        guessed("Tishreen Palace"),
        Some(names::Guess::Place),
        "{found:?}"
    );
    assert_eq!(guessed("Damascus"), Some(names::Guess::Place), "{found:?}");
    assert_eq!(
        guessed("Ahmad Al Shara"),
        Some(names::Guess::Person),
        "{found:?}"
    );
    assert_eq!(
        guessed("Vladimir Putin"),
        Some(names::Guess::Person),
        "{found:?}"
    );
}

#[test]
fn the_example_article_speech_has_its_speakers_and_the_report_its_source() {
    use chancery::model::StatementKind;
    use chancery::model::capture::drafts::{Ref, capture};
    use chancery::model::capture::speech;
    let (_dir, _path, store) = with_example();
    let gazetteer = names::Gazetteer::new(&known_names(&store).unwrap());
    let c = capture(
        ARTICLE,
        "2025-09-10".parse().unwrap(),
        &gazetteer,
        &|u| matches!(store.get(u), Ok(Some(chancery::model::Record::Actor(a))) if a.kind == chancery::model::ActorKind::Person),
    );
    let found: Vec<(String, StatementKind, Option<String>)> = c
        .statements
        .iter()
        .map(|s| {
            let speaker = match s.speaker {
                Some(Ref::Known(u)) => Some(store.label(u)),
                _ => None,
            };
            (s.text.clone(), s.kind, speaker)
        })
        .collect();
    let has = |start: &str, kind: StatementKind, speaker: &str| {
        found
            .iter()
            .any(|(t, k, s)| t.starts_with(start) && *k == kind && s.as_deref() == Some(speaker))
    };
    assert!(
        has(
            "We want Russia by our side",
            StatementKind::Quote,
            "Asaad Al Shibani"
        ),
        "{found:#?}"
    );
    // "…, saying Russia remained committed": a clause after a verb of saying is reported.
    assert!(
        has(
            "Russia remained committed",
            StatementKind::Reported,
            "Sergey Lavrov"
        ),
        "{found:#?}"
    );
    assert!(
        has(
            "demanded that Russia hands over",
            StatementKind::Reported,
            "Ahmad Al Shara"
        ),
        "{found:#?}"
    );
    let article = Article::parse(ARTICLE);
    let sources: Vec<String> = (0..article.paragraphs.len())
        .flat_map(|i| speech::attributions(i, &article.paragraphs[i], &article.sentences(i)))
        .map(|a| a.source.text(&article).to_string())
        .collect();
    assert_eq!(
        sources,
        ["Syrian news agency Sana"],
        "the outlet is the report's source, never a speaker"
    );
}

#[test]
fn the_example_article_drafts_its_meetings_and_statements_linked_to_known_records() {
    use chancery::model::capture::drafts::{Ref, capture};
    use chancery::model::{Record, StatementKind};
    let (_dir, _path, store) = with_example();
    let gazetteer = names::Gazetteer::new(&known_names(&store).unwrap());
    let is_person = |u: uuid::Uuid| matches!(store.get(u), Ok(Some(Record::Actor(a))) if a.kind == chancery::model::ActorKind::Person);
    let c = capture(
        ARTICLE,
        "2025-09-10".parse().unwrap(),
        &gazetteer,
        &is_person,
    );
    let name = |r: &Ref| match r {
        Ref::Known(u) => store.label(*u),
        Ref::New(i) => format!("new {}", c.new_names[*i].name),
    };
    let meetings: Vec<(Option<String>, Option<String>, Vec<String>)> = c
        .meetings
        .iter()
        .map(|m| {
            (
                m.date.as_ref().map(|d| d.edtf()),
                m.place.as_ref().map(name),
                m.participants.iter().map(|p| name(&p.actor)).collect(),
            )
        })
        .collect();
    let tishreen = meetings
        .iter()
        .find(|m| m.0.as_deref() == Some("2025-09-09"))
        .unwrap_or_else(|| panic!("{meetings:#?}"));
    assert_eq!(tishreen.1.as_deref(), Some("Tishreen Palace"));
    assert!(tishreen.2.contains(&"Alexander Novak".to_string()));
    assert!(tishreen.2.contains(&"Asaad Al Shibani".to_string()));
    assert_eq!(
        c.meetings[0].via.as_ref().map(name).as_deref(),
        Some("SANA"),
        "the report's source is the via"
    );
    let moscow = meetings
        .iter()
        .find(|m| m.0.as_deref() == Some("2025-07-21/2025-07-31"))
        .unwrap_or_else(|| panic!("{meetings:#?}"));
    assert_eq!(moscow.1.as_deref(), Some("Moscow"));
    assert_eq!(
        moscow.2,
        ["Asaad Al Shibani", "Vladimir Putin", "Sergey Lavrov"]
    );

    let quote = c
        .statements
        .iter()
        .find(|s| s.kind == StatementKind::Quote)
        .expect("the quote");
    assert_eq!(quote.text, "We want Russia by our side");
    assert_eq!(
        quote.speaker.as_ref().map(name).as_deref(),
        Some("Asaad Al Shibani")
    );
    assert_eq!(
        quote.date.as_ref().map(|d| d.edtf()).as_deref(),
        Some("2025-07-21/2025-07-31"),
        "said at the time of the visit told just before"
    );
    let kinds: Vec<StatementKind> = c.statements.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [
            StatementKind::Quote,
            StatementKind::Reported,
            StatementKind::Reported
        ]
    );
    assert!(
        c.statements
            .iter()
            .all(|s| matches!(s.speaker, Some(Ref::Known(_)))),
        "every speaker is linked to the file, not duplicated"
    );
}

#[test]
fn on_an_empty_file_the_capture_proposes_people_places_and_the_agency_once_each() {
    use chancery::exchange::capture::{SourceInfo, capture_records, capture_text};
    use chancery::model::{ActorKind, Record};
    let (_dir, _path, store) = fresh();
    let c = capture_text(&store, ARTICLE, "2025-09-10".parse().unwrap()).unwrap();
    let records = capture_records(&c, &SourceInfo::default(), &|u| store.label(u));
    let new: Vec<(String, String)> = records
        .iter()
        .filter_map(|r| match r {
            Record::Actor(a) => Some((a.name.clone(), a.kind.as_str().to_string())),
            Record::Place(p) => Some((p.name.clone(), "place".to_string())),
            _ => None,
        })
        .collect();
    let kind_of = |name: &str| new.iter().find(|(n, _)| n == name).map(|(_, k)| k.as_str());
    assert_eq!(
        kind_of("Alexander Novak"),
        Some(ActorKind::Person.as_str()),
        "{new:?}"
    );
    assert_eq!(kind_of("Asaad Al Shibani"), Some("person"), "{new:?}");
    assert_eq!(kind_of("Tishreen Palace"), Some("place"), "{new:?}");
    assert_eq!(kind_of("Moscow"), Some("place"), "{new:?}");
    assert_eq!(
        kind_of("Sana"),
        None,
        "an outlet is a source, not an actor: {new:?}"
    );
    assert!(
        records
            .iter()
            .any(|r| matches!(r, Record::Source(s) if s.outlet == "Sana")),
        "Sana's report is the via source"
    );
    assert_eq!(
        kind_of("Syria"),
        Some("state"),
        "whom Syria's Foreign Minister represents: {new:?}"
    );
    let syria = records
        .iter()
        .find(|r| r.name() == "Syria")
        .map(|r| r.uuid())
        .unwrap();
    let tishreen = records
        .iter()
        .find_map(|r| match r {
            Record::Meeting(m) if m.date.as_ref().is_some_and(|d| d.edtf() == "2025-09-09") => {
                Some(m.clone())
            }
            _ => None,
        })
        .expect("the meeting at Tishreen Palace");
    let shibani = tishreen
        .participants
        .iter()
        .find(|p| p.title_at_time == "Foreign Minister")
        .unwrap_or_else(|| panic!("{:?}", tishreen.participants));
    assert_eq!(shibani.represents, Some(syria));
    assert!(
        tishreen
            .participants
            .iter()
            .any(|p| p.title_at_time == "Deputy Prime Minister"),
        "{:?}",
        tishreen.participants
    );
    assert_eq!(
        kind_of("Al Shibani"),
        None,
        "'Mr Al Shibani' is the same person: {new:?}"
    );
}

#[test]
fn capture_from_the_command_line_saves_everything_in_one_undoable_step() {
    let (dir, path, store) = fresh();
    drop(store);
    let article = dir.path().join("article.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let out = chancery(
        &path,
        &[
            "capture",
            article.to_str().unwrap(),
            "--published",
            "2025-09-10",
            "--title",
            "Russian delegation visits Damascus",
            "--apply",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("statement (quote) by Asaad Al Shibani"),
        "{text}"
    );
    assert!(text.contains("saved "), "{text}");
    let found = chancery(&path, &["search", "Russia by our side"]);
    assert!(
        String::from_utf8_lossy(&found.stdout).contains("We want Russia by our side"),
        "the quote is found by searching"
    );
    let mut store = chancery::store::Store::open(&path).unwrap();
    assert!(store.counts().unwrap().live() > 10);
    store.undo().unwrap();
    assert_eq!(
        store.counts().unwrap().live(),
        0,
        "one undo takes it all back"
    );
    // Bad input: one line, non-zero exit.
    let bad = chancery(&path, &["capture", "/nonexistent.txt"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("cannot read /nonexistent.txt"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn a_report_captured_again_proposes_no_meeting_or_statement_twice() {
    let (dir, path, store) = fresh();
    drop(store);
    let article = dir.path().join("article.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let args = [
        "capture",
        article.to_str().unwrap(),
        "--published",
        "2025-09-10",
        "--apply",
    ];
    let first = chancery(&path, &args);
    assert!(first.status.success(), "{}", stderr(&first));
    let store = chancery::store::Store::open(&path).unwrap();
    let counts = store.counts().unwrap();
    let meetings = counts.of(chancery::model::RecordKind::Meeting);
    let statements = counts.of(chancery::model::RecordKind::Statement);
    let actors = counts.of(chancery::model::RecordKind::Actor);
    let sources = counts.of(chancery::model::RecordKind::Source);
    assert!(meetings >= 2 && statements == 3, "{meetings} {statements}");
    drop(store);

    let again = chancery(&path, &args);
    assert!(again.status.success(), "{}", stderr(&again));
    let text = String::from_utf8_lossy(&again.stdout);
    assert!(
        text.contains("statement already in the file, not proposed again (para. 5): Asaad Al Shibani: We want Russia by our side"),
        "{text}"
    );
    assert!(
        text.contains("meeting already in the file, not proposed again (para. 1)"),
        "{text}"
    );
    let store = chancery::store::Store::open(&path).unwrap();
    let counts = store.counts().unwrap();
    assert_eq!(
        counts.of(chancery::model::RecordKind::Statement),
        statements,
        "no statement twice"
    );
    assert_eq!(
        counts.of(chancery::model::RecordKind::Meeting),
        meetings,
        "no dated meeting twice"
    );
    assert_eq!(
        counts.of(chancery::model::RecordKind::Actor),
        actors,
        "the names saved the first time are known the second"
    );
    assert!(
        text.contains("this report is in the file already, as the source"),
        "{text}"
    );
    assert_eq!(
        counts.of(chancery::model::RecordKind::Source),
        sources,
        "the report is not saved twice"
    );
}

#[test]
fn an_empty_report_is_refused_on_the_command_line() {
    let (dir, path, store) = fresh();
    drop(store);
    let blank = dir.path().join("blank.txt");
    std::fs::write(&blank, " \n\n ").unwrap();
    let out = chancery(&path, &["capture", blank.to_str().unwrap(), "--apply"]);
    assert_ne!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(err.contains("is empty"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one readable line: {err}");
    let store = chancery::store::Store::open(&path).unwrap();
    assert_eq!(store.counts().unwrap().live(), 0, "nothing saved");
}

#[test]
fn arabic_names_are_found_in_a_report_however_they_are_written() {
    let (_dir, _path, store) = with_example();
    let gazetteer = names::Gazetteer::new(&known_names(&store).unwrap());
    // With diacritics, hamza written or not, Persian ya and kaf, and without the article.
    for text in [
        "قال وزير الخارجية أَسْعَد الشَّيْبَانِي إن",
        "التقى اسعد الشيباني بالوفد",
        "دیدار اسعد شیبانی با نواک",
        "والتقى بشار الاسد",
    ] {
        let found: Vec<String> = gazetteer
            .find(0, text)
            .iter()
            .flat_map(|hit| hit.records.iter().map(|(uuid, _)| store.label(*uuid)))
            .collect();
        assert!(
            found
                .iter()
                .any(|n| n == "Asaad Al Shibani" || n == "Bashar Al Assad"),
            "{text}: {found:?}"
        );
    }
}

/// The drafts of a report captured into an empty file, its date read from its dateline (as the
/// CLI and the window do when no publication date is typed), with names to look them up by.
struct Captured {
    capture: chancery::model::capture::drafts::Capture,
    records: Vec<chancery::model::Record>,
}

impl Captured {
    fn of(report: &str, today: &str) -> Captured {
        use chancery::exchange::capture::{
            SourceInfo, capture_records, capture_text, dateline_as_of,
        };
        let (_dir, _path, store) = fresh();
        let published = dateline_as_of(report, today.parse().unwrap());
        let anchor = published
            .as_ref()
            .and_then(|p| p.latest())
            .unwrap_or_else(|| today.parse().unwrap());
        let capture = capture_text(&store, report, anchor).unwrap();
        let info = SourceInfo {
            published,
            ..SourceInfo::default()
        };
        let records = capture_records(&capture, &info, &|u| store.label(u));
        Captured { capture, records }
    }

    fn name_of(&self, uuid: Option<uuid::Uuid>) -> String {
        uuid.and_then(|u| self.records.iter().find(|r| r.uuid() == u))
            .map(|r| r.name().to_string())
            .unwrap_or_default()
    }

    fn actors(&self) -> Vec<(String, String)> {
        self.records
            .iter()
            .filter_map(|r| match r {
                chancery::model::Record::Actor(a) => {
                    Some((a.name.clone(), a.kind.as_str().to_string()))
                }
                _ => None,
            })
            .collect()
    }

    fn meetings(&self) -> Vec<chancery::model::Meeting> {
        self.records
            .iter()
            .filter_map(|r| match r {
                chancery::model::Record::Meeting(m) => Some(m.clone()),
                _ => None,
            })
            .collect()
    }

    /// Each statement as (kind, speaker, words).
    fn statements(&self) -> Vec<(String, String, String)> {
        self.records
            .iter()
            .filter_map(|r| match r {
                chancery::model::Record::Statement(s) => Some((
                    s.kind.as_str().to_string(),
                    self.name_of(s.speaker),
                    s.text.clone(),
                )),
                _ => None,
            })
            .collect()
    }

    /// A meeting's participants as (name, roles, whom they represent).
    fn participants(&self, m: &chancery::model::Meeting) -> Vec<(String, Vec<String>, String)> {
        m.participants
            .iter()
            .map(|p| {
                (
                    self.name_of(Some(p.actor)),
                    p.roles.iter().map(|r| r.as_str().to_string()).collect(),
                    self.name_of(p.represents),
                )
            })
            .collect()
    }
}

const STATE_VISIT: &str = include_str!("fixtures/capture/state-visit-riyadh.txt");
const SUMMIT: &str = include_str!("fixtures/capture/summit-anchorage.txt");

#[test]
fn a_wire_report_of_a_state_visit_is_captured_whole() {
    use chancery::model::MeetingKind;
    let c = Captured::of(STATE_VISIT, "2025-03-01");
    let actors = c.actors();
    let person = |name: &str| actors.iter().any(|(n, k)| n == name && k == "person");
    // Particles do not end a name; the dateline is no one.
    for name in [
        "Ahmed al-Sharaa",
        "Mohammed bin Salman",
        "Asaad al-Shaibani",
        "Bashar al-Assad",
    ] {
        assert!(person(name), "{name}: {actors:?}");
    }
    for wrong in [
        "Ahmed",
        "Asaad",
        "RIYADH",
        "RIYADH, Feb",
        "Reuters",
        "al-Sharaa",
    ] {
        assert!(
            !actors.iter().any(|(n, _)| n == wrong),
            "{wrong} is not an actor: {actors:?}"
        );
    }
    assert!(
        actors.contains(&("Saudi Arabia".into(), "state".into())),
        "{actors:?}"
    );
    // One meeting: the visit, dated by the dateline (no publication date typed), not "the
    // fall of Bashar al-Assad in December".
    let meetings = c.meetings();
    assert_eq!(meetings.len(), 1, "{meetings:#?}");
    let visit = &meetings[0];
    assert_eq!(visit.kind, MeetingKind::Visit);
    assert_eq!(
        visit.date.as_ref().map(|d| d.edtf()).as_deref(),
        Some("2025-02-02")
    );
    assert_eq!(c.name_of(visit.place), "Riyadh");
    let people = c.participants(visit);
    let roles = |name: &str| {
        people
            .iter()
            .find(|p| p.0 == name)
            .unwrap_or_else(|| panic!("{name} takes part: {people:?}"))
            .clone()
    };
    assert_eq!(roles("Mohammed bin Salman").1, ["host"]);
    assert_eq!(roles("Mohammed bin Salman").2, "Saudi Arabia");
    assert_eq!(roles("Ahmed al-Sharaa").1, ["visitor"]);
    assert_eq!(roles("Ahmed al-Sharaa").2, "Syria");
    assert!(
        roles("Asaad al-Shaibani").1.contains(&"member".to_string()),
        "accompanied him: {people:?}"
    );
    assert!(
        !people.iter().any(|p| p.0 == "Bashar al-Assad"),
        "{people:?}"
    );
    // The quote after its speaker's surname, and "He said …" resolved to him.
    let said = c.statements();
    assert!(
        said.contains(&(
            "quote".into(),
            "Ahmed al-Sharaa".into(),
            "We discussed a long-term partnership".into()
        )),
        "{said:#?}"
    );
    assert!(
        said.contains(&(
            "reported".into(),
            "Ahmed al-Sharaa".into(),
            "the two sides had agreed on humanitarian and economic support for Syria".into()
        )),
        "{said:#?}"
    );
    // The agency of the dateline filed the report.
    assert!(
        c.records
            .iter()
            .any(|r| matches!(r, chancery::model::Record::Source(s) if s.outlet == "Reuters"))
    );
    assert!(c.capture.dateline.is_some());
}

#[test]
fn a_summit_report_gathers_its_delegations_one_actor_each_and_nested_places() {
    use chancery::model::MeetingKind;
    let c = Captured::of(SUMMIT, "2025-08-20");
    let actors = c.actors();
    let trumps = actors.iter().filter(|(n, _)| n.contains("Trump")).count();
    assert_eq!(
        trumps, 1,
        "Trump and Donald Trump are one actor: {actors:?}"
    );
    let meetings = c.meetings();
    assert_eq!(meetings.len(), 1, "{meetings:#?}");
    let summit = &meetings[0];
    assert_eq!(summit.kind, MeetingKind::Summit);
    assert_eq!(
        summit.date.as_ref().map(|d| d.edtf()).as_deref(),
        Some("2025-08-15")
    );
    let people = c.participants(summit);
    for (name, role) in [
        ("Donald Trump", None),
        ("Vladimir Putin", None),
        ("Marco Rubio", Some("member")),
        ("Steve Witkoff", Some("member")),
        ("Sergey Lavrov", Some("member")),
        ("Yuri Ushakov", Some("member")),
    ] {
        let p = people
            .iter()
            .find(|p| p.0 == name)
            .unwrap_or_else(|| panic!("{name} takes part: {people:?}"));
        if let Some(role) = role {
            assert_eq!(p.1, [role], "{name}: {people:?}");
        }
    }
    assert_eq!(
        people
            .iter()
            .find(|p| p.0 == "Vladimir Putin")
            .map(|p| p.2.as_str()),
        Some("Russia")
    );
    // Joint Base Elmendorf-Richardson, in Anchorage, in Alaska.
    let place = |uuid: Option<uuid::Uuid>| {
        c.records.iter().find_map(|r| match r {
            chancery::model::Record::Place(p) if Some(p.meta.uuid) == uuid => Some(p.clone()),
            _ => None,
        })
    };
    let base = place(summit.place).expect("the base");
    assert_eq!(base.name, "Joint Base Elmendorf-Richardson");
    let city = place(base.parent).expect("the base is in Anchorage");
    assert_eq!(city.name, "Anchorage");
    let state = place(city.parent).expect("Anchorage is in Alaska");
    assert_eq!(state.name, "Alaska");
    let said = c.statements();
    for (speaker, words) in [
        ("Donald Trump", "We made some headway"),
        ("Vladimir Putin", "Next time in Moscow"),
        (
            "Vladimir Putin",
            "We hope the understanding we reached will pave the way to peace in Ukraine",
        ),
    ] {
        assert!(
            said.contains(&("quote".into(), speaker.into(), words.into())),
            "{speaker}: {words}: {said:#?}"
        );
    }
}

#[test]
fn datelines_are_never_names() {
    for report in [
        "RIYADH, Feb 2 (Reuters) - Saudi Foreign Minister Faisal bin Farhan met envoys.",
        "ISTANBUL, May 16. /TASS/. Russian and Ukrainian delegations held talks on Friday.",
        "Damascus, SANA- President Ahmad al-Sharaa received a phone call on Wednesday.",
        "SHARM EL-SHEIKH, Egypt (AP) — Leaders held a summit on Gaza on Monday.",
    ] {
        let c = Captured::of(report, "2025-06-01");
        let actors = c.actors();
        for (name, _) in &actors {
            let upper = name
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase);
            assert!(
                !upper && !["Reuters", "TASS", "SANA", "AP", "Damascus"].contains(&name.as_str()),
                "{report}: {name} is no actor"
            );
        }
    }
}
