//! Rev.com transcripts: the text export and the API's JSON.
//!
//! **Text** — each turn opens with a header line `Name (01:02:03):` (or
//! `(01:02)`) and its text follows on the next line(s); only start times are
//! given, so a turn ends where the next starts.
//!
//! **JSON** — `monologues[]`, each with a `speaker` number, perhaps a
//! `speaker_info.display_name`, and `elements[]`: `text` elements (words, with
//! `ts`/`end_ts` seconds) and `punct` elements (punctuation *and* the spaces
//! between words), so the text is the plain concatenation of the values.
//! `[inaudible]` and `[crosstalk]` tags are kept: they are what was heard.

use std::sync::OnceLock;

use regex::Regex;

use super::chat::{append_line, finish_start_timed, plausible_name};
use super::json::{has_keys, Node};
use super::timecode::parse_clock;
use super::{Format, Input, ParseError};
use crate::transcript::{Transcript, Utterance, UtteranceBuilder};

pub struct RevText;
pub struct RevJson;

pub static REV_TEXT: RevText = RevText;
pub static REV_JSON: RevJson = RevJson;

fn header_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^\s*(\S.{0,60}?)\s+\(((?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d+)?)\):\s*(.*)$")
            .expect("valid regex")
    })
}

/// Splits a `Name (00:01:02):` header into name, start and any text after it.
fn header(line: &str) -> Option<(&str, f64, &str)> {
    let c = header_re().captures(line)?;
    let name = c.get(1)?.as_str().trim();
    if !plausible_name(name) {
        return None;
    }
    let time = parse_clock(c.get(2)?.as_str())?;
    Some((name, time, c.get(3).map_or("", |m| m.as_str())))
}

impl Format for RevText {
    fn name(&self) -> &'static str {
        "rev-text"
    }

    fn detection(&self) -> &'static str {
        "`Name (00:01:02):` header lines, the first non-empty line among them, text on the lines after"
    }

    fn detect(&self, input: &Input) -> bool {
        if input.looks_like_json() {
            return false;
        }
        input
            .nonblank_lines()
            .next()
            .is_some_and(|l| header(l).is_some())
    }

    fn parse(&self, input: &Input) -> Result<Vec<Transcript>, ParseError> {
        // A header may stand alone with its text below, so turns are collected
        // whole before they go to the builder (which drops empty pieces).
        let mut turns: Vec<Utterance> = Vec::new();
        for (n, line) in input.lines() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            match (header(line), turns.last_mut()) {
                (Some((name, start, text)), _) => turns.push(Utterance {
                    speaker: Some(name.to_string()),
                    start: Some(start),
                    text: text.trim().to_string(),
                    line: Some(n),
                    ..Utterance::default()
                }),
                (None, Some(last)) => {
                    append_line(last, line);
                }
                (None, None) => turns.push(Utterance {
                    text: line.to_string(),
                    line: Some(n),
                    ..Utterance::default()
                }),
            }
        }
        let mut b = UtteranceBuilder::merging();
        turns.into_iter().for_each(|t| b.push(t));
        Ok(finish_start_timed(b))
    }
}

impl Format for RevJson {
    fn name(&self) -> &'static str {
        "rev-json"
    }

    fn detection(&self) -> &'static str {
        "JSON object with `monologues`"
    }

    fn detect(&self, input: &Input) -> bool {
        input.json().is_some_and(|v| has_keys(v, &["monologues"]))
    }

    fn parse(&self, input: &Input) -> Result<Vec<Transcript>, ParseError> {
        let root = Node::document(input)?;
        let mut b = UtteranceBuilder::merging();
        for m in root.req_items("monologues")? {
            let display = match m.get("speaker_info") {
                Some(i) => i
                    .opt_str("display_name")?
                    .map(str::trim)
                    .filter(|s| !s.is_empty()),
                None => None,
            };
            let speaker = match display {
                Some(d) => Some(d.to_string()),
                None => m.opt_label("speaker")?.map(|s| format!("Speaker {s}")),
            };
            let mut text = String::new();
            let (mut start, mut end) = (None, None);
            for e in m.req_items("elements")? {
                text.push_str(e.req_str("value")?);
                if e.opt_str("type")? == Some("text") {
                    if start.is_none() {
                        start = e.opt_num("ts")?;
                    }
                    end = e.opt_num("end_ts")?.or(end);
                }
            }
            b.push(Utterance {
                speaker,
                start,
                end,
                text: text.split_whitespace().collect::<Vec<_>>().join(" "),
                ..Utterance::default()
            });
        }
        Ok(vec![Transcript::new(b.finish())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_headers_then_paragraphs() {
        let input = Input::new("Dana Whitfield (00:02):\nHi Tom.\nThanks for the time.\n\nTom Okafor (01:00:06):\nSure.\n\nDana Whitfield (01:00:09): Great.\n");
        assert!(REV_TEXT.detect(&input));
        let u = REV_TEXT.parse(&input).unwrap().remove(0).utterances;
        assert_eq!(u.len(), 3);
        assert_eq!(u[0].text, "Hi Tom. Thanks for the time.");
        assert_eq!((u[0].start, u[0].end), (Some(2.0), Some(3606.0)));
        assert_eq!(u[1].speaker.as_deref(), Some("Tom Okafor"));
        assert_eq!(u[2].text, "Great.");
        assert_eq!(u[0].line, Some(1));
        assert!(!REV_TEXT.detect(&Input::new("Hello (there):\nx\n")));
    }

    #[test]
    fn json_elements_joined() {
        let input = Input::new(
            r#"{"monologues":[
            {"speaker":0,"speaker_info":{"id":0,"display_name":"Dana"},"elements":[
              {"type":"text","value":"Hi","ts":0.5,"end_ts":0.8},{"type":"punct","value":","},{"type":"punct","value":" "},
              {"type":"text","value":"Tom","ts":0.9,"end_ts":1.2},{"type":"punct","value":"."}]},
            {"speaker":1,"elements":[{"type":"text","value":"[inaudible]","ts":1.5,"end_ts":2.0}]}]}"#,
        );
        assert!(REV_JSON.detect(&input));
        let u = REV_JSON.parse(&input).unwrap().remove(0).utterances;
        assert_eq!(u[0].text, "Hi, Tom.");
        assert_eq!(u[0].speaker.as_deref(), Some("Dana"));
        assert_eq!((u[0].start, u[0].end), (Some(0.5), Some(1.2)));
        assert_eq!(u[1].speaker.as_deref(), Some("Speaker 1"));
        let e = REV_JSON
            .parse(&Input::new(
                r#"{"monologues":[{"speaker":0,"elements":[{"type":"text"}]}]}"#,
            ))
            .unwrap_err();
        assert_eq!(e.message, "monologues[0].elements[0].value missing");
    }
}
