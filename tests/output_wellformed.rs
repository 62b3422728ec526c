//! Every output is well-formed for any input: records whose every text field holds random
//! Unicode (control characters, noncharacters, right-to-left marks, lone combining marks,
//! spreadsheet formula starts, Markdown and XML markup) are written as CSV, GraphML and a
//! Markdown briefing, and each file is parsed by a real parser: CSV reads back to the same
//! records, GraphML parses as XML with every node, the briefing holds no HTML, link, list or
//! code block that the records did not put there as text.

mod common;
use chancery::exchange::export::write;
use chancery::exchange::{Format, csv_files};
use chancery::model::*;
use common::*;
use proptest::prelude::*;

/// Any text a user can type or paste, biased towards the characters that break formats.
fn text() -> impl Strategy<Value = String> {
    let hostile = prop_oneof![
        Just('\0'),
        Just('\r'),
        Just('\n'),
        Just('\t'),
        Just('\u{0B}'),
        Just('\u{1F}'),
        Just('\u{7F}'),
        Just('\u{85}'),
        Just('\u{2028}'),
        Just('\u{FFFE}'),
        Just('\u{FFFF}'),
        Just('\u{FDD0}'),
        Just('\u{1FFFE}'),
        Just('\u{202E}'),
        Just('\u{200F}'),
        Just('\u{FEFF}'),
        Just('\u{0301}'),
        Just('='),
        Just('+'),
        Just('-'),
        Just('@'),
        Just('\''),
        Just('"'),
        Just(','),
        Just('<'),
        Just('>'),
        Just('&'),
        Just('['),
        Just(']'),
        Just('('),
        Just(')'),
        Just('#'),
        Just('*'),
        Just('_'),
        Just('`'),
        Just('|'),
        Just('\\'),
        Just(' '),
        Just('1'),
        Just('.'),
        Just('ش'),
        Just('Ж'),
    ];
    let any_char = prop_oneof![3 => hostile, 1 => any::<char>()];
    proptest::collection::vec(any_char, 0..24).prop_map(String::from_iter)
}

fn records() -> impl Strategy<Value = Vec<Record>> {
    (
        proptest::collection::vec(text(), 16),
        proptest::collection::vec(text(), 8),
    )
        .prop_map(|(t, more)| {
            let mut a = actor(&t[0], ActorKind::Person);
            if let Record::Actor(x) = &mut a {
                x.description = t[1].clone();
                x.aliases.push(Alias {
                    name: t[2].clone(),
                    kind: AliasKind::Transliteration,
                    lang: t[3].clone(),
                });
            }
            let p = place(&t[4], None);
            let mut s = source(&t[5], Reliability::B);
            if let Record::Source(x) = &mut s {
                x.outlet = t[6].clone();
                x.url = t[7].clone();
                x.author = more[0].clone();
            }
            let mut participant = participant(a.uuid(), Role::Host);
            participant.title_at_time = t[8].clone();
            let mut m = meeting(&t[9], "2025-07", Some(p.uuid()), vec![participant]);
            if let Record::Meeting(x) = &mut m {
                x.summary = t[10].clone();
                x.date = Some(
                    PartialDate::parse("2025-07")
                        .unwrap()
                        .with_text(more[1].clone()),
                );
                x.meta.notes = more[2].clone();
            }
            let mut st = statement(&t[11], Some(a.uuid()), Some(m.uuid()));
            if let Record::Statement(x) = &mut st {
                x.hedge = t[12].clone();
                x.lang = more[3].clone();
                x.meta.citations.push(Citation {
                    source: s.uuid(),
                    locator: t[13].clone(),
                    excerpt: t[14].clone(),
                    credibility: None,
                    via: None,
                });
            }
            let tp = topic(&more[4]);
            let l = link(a.uuid(), &t[15], p.uuid());
            vec![a, p, s, m, st, tp, l]
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, .. ProptestConfig::default() })]

    #[test]
    fn csv_reads_back_to_the_same_records(records in records()) {
        let (dir, _p, store) = fresh();
        let out = dir.path().join("csv");
        write(&store, records.clone(), Format::Csv, &out, false).unwrap();
        let mut back = csv_files::read_folder(&out).unwrap();
        let mut original = records;
        back.sort_by_key(Record::uuid);
        original.sort_by_key(Record::uuid);
        prop_assert_eq!(back, original);
    }

    #[test]
    fn graphml_is_well_formed_xml_with_every_node(records in records()) {
        let (dir, _p, store) = fresh();
        let out = dir.path().join("g.graphml");
        write(&store, records, Format::Graphml, &out, false).unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        let doc = roxmltree::Document::parse(&text);
        prop_assert!(doc.is_ok(), "{:?}", doc.err());
        let doc = doc.unwrap();
        let nodes = doc.descendants().filter(|n| n.has_tag_name("node")).count();
        let edges = doc.descendants().filter(|n| n.has_tag_name("edge")).count();
        // Actor, place, source, meeting, statement; topics and links are not nodes.
        prop_assert_eq!(nodes, 5);
        prop_assert!(edges >= 5, "{} edges", edges);
    }

    #[test]
    fn the_briefing_has_only_the_structure_chancery_writes(records in records()) {
        use pulldown_cmark::{Event, Options, Parser, Tag};
        let (dir, _p, store) = fresh();
        let out = dir.path().join("b.md");
        write(&store, records, Format::Markdown, &out, false).unwrap();
        let written = std::fs::read_to_string(&out).unwrap();
        // The export's mark (an HTML comment) comes first; nothing after it is HTML.
        let text = written
            .strip_prefix(chancery::exchange::EXPORT_MARK)
            .expect("the export mark comes first");
        let (mut headings, mut items, mut quotes) = (0, 0, 0);
        for event in Parser::new_ext(text, Options::all()) {
            match event {
                Event::Html(h) | Event::InlineHtml(h) => prop_assert!(false, "HTML: {h}\n{text}"),
                Event::Start(Tag::Link { .. }) | Event::Start(Tag::Image { .. }) => {
                    prop_assert!(false, "a link: {text}")
                }
                Event::Start(Tag::CodeBlock(_)) | Event::Start(Tag::Table(_)) => {
                    prop_assert!(false, "a block: {text}")
                }
                Event::Start(Tag::Heading { .. }) => headings += 1,
                Event::Start(Tag::Item) => items += 1,
                Event::Start(Tag::BlockQuote(_)) => quotes += 1,
                _ => {}
            }
        }
        // Title, Meetings, the meeting, Statements, the statement, Sources.
        prop_assert_eq!(headings, 6, "{}", text);
        prop_assert_eq!(items, 1, "one participant: {}", text);
        prop_assert_eq!(quotes, 1, "{}", text);
    }
}
