//! Speech in an article: a quoted passage with its speaker named beside it (`"…," Mr X
//! said`, `X said: "…"`), a paraphrase (`X said that …`, `X …, saying …`), a reported claim
//! (`X reportedly demanded …`, `according to X, …`), and the attribution of the report
//! itself (`…, Syrian news agency Sana said.`), which becomes the *via* source. Speakers are
//! the names found by `names`; the rules here only say where speech and speakers stand.

use super::Span;
use crate::model::StatementKind;
use regex::Regex;
use std::sync::LazyLock;

/// A passage someone said, as the article gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Speech {
    /// The words said (a quote without its quotation marks).
    pub span: Span,
    pub kind: StatementKind,
    /// Where the speaker is named: a name found by `names` inside it is the speaker.
    pub speaker: Span,
    /// The words by which the report keeps its distance ("reportedly").
    pub hedge: Option<String>,
}

/// The report's own source named in it ("Syrian news agency Sana said").
#[derive(Debug, Clone, PartialEq)]
pub struct Attribution {
    /// Where the source is named.
    pub source: Span,
}

const SAID: &str = r"(?:said|says|told|added|stated|declared|noted|stressed|insisted)";
/// Verbs of speech a reported claim starts with ("reportedly demanded …"); "reportedly fled"
/// reports a deed, not something said.
const SPEECH_VERB: &str = r"(?:demanded|said|told|asked|called|warned|claimed|threatened|promised|agreed|urged|insisted|offered|proposed|refused|denied|rejected|accused|pledged|vowed)";
/// Who: a short run of words without sentence punctuation, ending in a capitalised word.
const WHO: &str = r"(?:(?:Mr|Ms|Mrs|Dr)\.?\s+)?[\p{Lu}\p{Lo}][^,.;:“”\x22]{0,60}?";

static QUOTE_THEN_SPEAKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"[“"](?P<said>[^”"]{{3,}}?)[,.]?[”"],?\s+(?P<who>{WHO})\s+{SAID}\b"#
    ))
    .expect("a valid rule")
});

static SPEAKER_THEN_QUOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"(?P<who>{WHO})\s+{SAID}:?\s+[“"](?P<said>[^”"]{{3,}}?)[,.]?[”"]"#
    ))
    .expect("a valid rule")
});

static SAYING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<who>{WHO})\s+(?:(?:[a-z][^,.;]{{0,40}},\s+)?saying\s+(?:that\s+)?|{SAID}\s+that\s+)(?P<said>[^.“”\x22]{{12,}})"
    ))
    .expect("a valid rule")
});

static REPORTEDLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<who>{WHO})\s+(?P<hedge>reportedly|allegedly|is said to have|was said to have)\s+(?P<said>{SPEECH_VERB}\b[^.]{{8,}})"
    ))
    .expect("a valid rule")
});

static ATTRIBUTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r",\s+(?P<source>[^,.;“”\x22]{{3,80}}?)\s+{SAID}\.\s*$"
    ))
    .expect("a valid rule")
});

/// The speech in paragraph `para`, rule by rule in order of trust: quotes, then reported
/// claims, then paraphrases. A passage claimed by an earlier rule is not taken again by a
/// later one (a paraphrase over a quote's words).
pub fn find(para: usize, text: &str) -> Vec<Speech> {
    let rules: [(&Regex, StatementKind); 4] = [
        (&QUOTE_THEN_SPEAKER, StatementKind::Quote),
        (&SPEAKER_THEN_QUOTE, StatementKind::Quote),
        (&REPORTEDLY, StatementKind::Reported),
        (&SAYING, StatementKind::Paraphrase),
    ];
    let span = |m: regex::Match<'_>| Span {
        para,
        start: m.start(),
        end: m.end(),
    };
    let mut found: Vec<Speech> = Vec::new();
    for (rule, kind) in rules {
        for c in rule.captures_iter(text) {
            let (Some(said), Some(who)) = (c.name("said"), c.name("who")) else {
                continue;
            };
            let s = span(said);
            let taken = found
                .iter()
                .any(|f| f.span.start < s.end && s.start < f.span.end);
            if s.end <= s.start || taken {
                continue;
            }
            found.push(Speech {
                span: s,
                kind,
                speaker: span(who),
                hedge: c.name("hedge").map(|h| h.as_str().to_string()),
            });
        }
    }
    found.sort_by_key(|s| s.span.start);
    found
}

/// The report's own source, named at the end of a sentence of paragraph `para`.
pub fn attributions(para: usize, text: &str, sentences: &[(usize, usize)]) -> Vec<Attribution> {
    sentences
        .iter()
        .filter_map(|&(start, end)| {
            let sentence = text.get(start..end)?;
            let c = ATTRIBUTION.captures(sentence)?;
            let m = c.name("source")?;
            Some(Attribution {
                source: Span {
                    para,
                    start: start + m.start(),
                    end: start + m.end(),
                },
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speech(text: &str) -> Vec<(String, StatementKind, String)> {
        find(0, text)
            .into_iter()
            .map(|s| {
                (
                    text[s.span.start..s.span.end].to_string(),
                    s.kind,
                    text[s.speaker.start..s.speaker.end].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn a_quote_with_its_speaker_after_or_before() {
        assert_eq!(
            speech("“We want Russia by our side,” Mr Al Shibani said at the time."),
            [(
                "We want Russia by our side".into(),
                StatementKind::Quote,
                "Mr Al Shibani".into()
            )]
        );
        assert_eq!(
            speech("Lavrov said: \"Russia will help.\""),
            [(
                "Russia will help".into(),
                StatementKind::Quote,
                "Lavrov".into()
            )]
        );
    }

    #[test]
    fn a_paraphrase_and_a_reported_claim() {
        let found = speech(
            "Mr Lavrov echoed the sentiment, saying Russia remained committed to Syria’s unity.",
        );
        assert_eq!(
            found,
            [(
                "Russia remained committed to Syria’s unity".into(),
                StatementKind::Paraphrase,
                "Mr Lavrov".into()
            )]
        );
        let found = speech(
            "Syrian President Ahmad Al Shara reportedly demanded that Russia hands over Mr Al Assad.",
        );
        assert_eq!(found[0].1, StatementKind::Reported);
        assert_eq!(found[0].0, "demanded that Russia hands over Mr Al Assad");
        assert!(found[0].2.ends_with("Ahmad Al Shara"));
    }

    #[test]
    fn deeds_and_circumstances_are_not_speech() {
        assert!(speech("Mr Al Assad reportedly fled to Russia during the war.").is_empty());
        assert!(
            speech("“We want it,” Mr X said at the time, highlighting the need for help.")
                .iter()
                .all(|s| s.1 == StatementKind::Quote),
            "'said at the time' is not a paraphrase"
        );
        assert_eq!(
            speech("Mr Lavrov said that Russia was ready to assist in rebuilding.")[0].1,
            StatementKind::Paraphrase
        );
    }

    #[test]
    fn the_report_names_its_source_at_the_end_of_a_sentence() {
        let text = "Novak met Al Shibani in Damascus on Tuesday, Syrian news agency Sana said.";
        let found = attributions(0, text, &[(0, text.len())]);
        assert_eq!(found.len(), 1);
        let s = found[0].source;
        assert_eq!(&text[s.start..s.end], "Syrian news agency Sana");
    }
}
