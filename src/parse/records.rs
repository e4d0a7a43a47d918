//! Utterance records: a JSON array, or JSON Lines, of one object per turn.
//!
//! In-house pipelines, call-recorder exports, AI phone agents and
//! closecall's own labelled calls keep a call as a list of small objects,
//! `{"speaker": "Dana", "role": "seller", "start": 0.0, "end": 4.2, "text": "…"}`,
//! either as one JSON array (perhaps under `utterances`, `transcript`, `turns`
//! or `messages`) or as JSON Lines, one object per line. The field names
//! vary, so each is looked up under its common spellings ([`TEXT`],
//! [`SPEAKER`], [`SIDE`], [`START`], [`END`]); other fields are ignored.
//! Times are seconds, unless the key says milliseconds (`start_ms`,
//! `startMs`); a string time may be a clock (`"01:02.5"`).

use serde_json::Value;

use super::json::Node;
use super::timecode::parse_clock;
use super::{Format, Input, ParseError};
use crate::transcript::{Role, Transcript, Utterance, UtteranceBuilder};

pub struct Records;

pub static RECORDS: Records = Records;

/// Where the text of a turn is.
const TEXT: &[&str] = &[
    "text",
    "transcript",
    "content",
    "message",
    "utterance",
    "body",
];
/// Who said it.
const SPEAKER: &[&str] = &[
    "speaker",
    "speaker_name",
    "speakerName",
    "name",
    "participant",
    "author",
    "user",
];
/// Which side they are on.
const SIDE: &[&str] = &["role", "side", "participant_role", "participantRole"];
/// When the turn starts and ends, in seconds, and in milliseconds.
const START: &[&str] = &["start", "start_time", "startTime", "begin", "from_time"];
const START_MS: &[&str] = &["start_ms", "startMs", "start_time_ms", "startTimeMs"];
const END: &[&str] = &["end", "end_time", "endTime", "stop", "to_time"];
const END_MS: &[&str] = &["end_ms", "endMs", "end_time_ms", "endTimeMs"];
/// Keys under which an object may hold its list of records.
const LISTS: &[&str] = &["utterances", "transcript", "turns", "messages"];

/// The seller's and the buyer's side as the records name them.
const SELLER_SIDES: &[&str] = &[
    "seller",
    "agent",
    "rep",
    "sales",
    "salesperson",
    "sales_rep",
    "ae",
    "sdr",
];
const BUYER_SIDES: &[&str] = &["buyer", "customer", "prospect", "client", "lead"];

/// Whether `v` is an object that holds a turn's text.
fn is_record(v: &Value) -> bool {
    v.as_object()
        .is_some_and(|o| TEXT.iter().any(|k| o.get(*k).is_some_and(Value::is_string)))
}

/// The list of records in a JSON document: the document itself, or the list
/// under one of [`LISTS`].
fn list_in(v: &Value) -> Option<(&Vec<Value>, &'static str)> {
    let records = |v: &Value| {
        v.as_array()
            .filter(|a| !a.is_empty() && a.iter().all(is_record))
            .is_some()
    };
    if records(v) {
        return v.as_array().map(|a| (a, ""));
    }
    let o = v.as_object()?;
    LISTS
        .iter()
        .find(|k| o.get(**k).is_some_and(records))
        .and_then(|k| o.get(*k).and_then(Value::as_array).map(|a| (a, *k)))
}

/// The JSON Lines of the text: each non-blank line's number and value, or
/// `None` when the first one is not a record (or the text is one JSON document).
fn json_lines(input: &Input) -> Option<Vec<(usize, Result<Value, serde_json::Error>)>> {
    if !input.looks_like_json() || input.json().is_some() {
        return None;
    }
    let lines: Vec<_> = input
        .lines()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| (n, serde_json::from_str::<Value>(l)))
        .collect();
    let first = lines.first()?;
    (lines.len() >= 2 && first.1.as_ref().is_ok_and(is_record)).then_some(lines)
}

/// The first of `keys` the record has.
fn first_of<'a>(r: &Node<'a>, keys: &[&str]) -> Option<Node<'a>> {
    keys.iter().find_map(|k| r.get(k))
}

/// A time in seconds: a number, a numeric string or a clock (`"1:02.5"`).
fn seconds(n: &Node) -> Result<f64, ParseError> {
    n.num().or_else(|e| {
        n.value
            .as_str()
            .and_then(|s| parse_clock(s.trim()))
            .ok_or(e)
    })
}

fn time(r: &Node, secs: &[&str], ms: &[&str]) -> Result<Option<f64>, ParseError> {
    if let Some(n) = first_of(r, secs) {
        return seconds(&n).map(Some);
    }
    first_of(r, ms)
        .map(|n| n.num().map(|v| v / 1000.0))
        .transpose()
}

fn side(name: &str) -> Role {
    let name = name.to_ascii_lowercase();
    if SELLER_SIDES.contains(&name.as_str()) {
        Role::Seller
    } else if BUYER_SIDES.contains(&name.as_str()) {
        Role::Buyer
    } else {
        Role::Unknown
    }
}

/// One record as an utterance. A record that names only its side
/// (`{"role": "agent", "content": "…"}`) is spoken by that side.
fn utterance(r: &Node, line: Option<usize>) -> Result<Utterance, ParseError> {
    let text = first_of(r, TEXT)
        .ok_or_else(|| {
            let whose = if r.path.is_empty() {
                String::new()
            } else {
                format!("{}: ", r.path)
            };
            ParseError::new(format!("{whose}no text (one of {})", TEXT.join(", ")))
        })?
        .str()?;
    let named_side = first_of(r, SIDE).map(|n| n.label()).transpose()?;
    let speaker = match first_of(r, SPEAKER) {
        Some(n) => Some(n.label()?),
        None => named_side.clone(),
    }
    .filter(|s| !s.is_empty());
    Ok(Utterance {
        speaker,
        role: named_side.as_deref().map_or(Role::Unknown, side),
        start: time(r, START, START_MS)?,
        end: time(r, END, END_MS)?,
        text: text.to_string(),
        line,
        ..Utterance::default()
    })
}

impl Format for Records {
    fn name(&self) -> &'static str {
        "records"
    }

    fn detection(&self) -> &'static str {
        "JSON array (or JSON Lines) of objects with a `text`, `content` or `message`"
    }

    fn detect(&self, input: &Input) -> bool {
        input.json().is_some_and(|v| list_in(v).is_some()) || json_lines(input).is_some()
    }

    fn parse(&self, input: &Input) -> Result<Vec<Transcript>, ParseError> {
        let mut b = UtteranceBuilder::merging_messages();
        if let Some(lines) = json_lines(input) {
            for (n, value) in lines {
                let value = value.map_err(|e| {
                    // serde counts lines within the one line: keep the column.
                    let what = e.to_string();
                    let what = what.split(" at line ").next().unwrap_or_default();
                    ParseError::at(
                        n,
                        format!("not a JSON object: {what} at column {}", e.column()),
                    )
                })?;
                let at = |e: ParseError| ParseError::at(n, e.message);
                b.push(utterance(&Node::root(&value), Some(n)).map_err(at)?);
            }
            return Ok(vec![Transcript::new(b.finish())]);
        }
        let root = Node::document(input)?;
        let (_, key) =
            list_in(root.value).ok_or_else(|| ParseError::new("no list of objects with a text"))?;
        let list = if key.is_empty() { root } else { root.req(key)? };
        for r in list.items()? {
            b.push(utterance(&r, None)?);
        }
        Ok(vec![Transcript::new(b.finish())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<Utterance>, ParseError> {
        crate::parse::detect_and_parse(&RECORDS, text)
    }

    #[test]
    fn array_of_records_with_sides_and_times() {
        let u = parse(
            r#"[{"speaker":"Dana","role":"seller","start":0,"end":4.2,"text":"Hi Sam."},
                {"speaker":"Sam","role":"Customer","start":"00:05","end":"00:07.5","text":"Hey."}]"#,
        )
        .unwrap();
        assert_eq!(u.len(), 2);
        assert_eq!(
            (u[0].speaker.as_deref(), u[0].role),
            (Some("Dana"), Role::Seller)
        );
        assert_eq!(
            (u[1].role, u[1].start, u[1].end),
            (Role::Buyer, Some(5.0), Some(7.5))
        );
    }

    #[test]
    fn json_lines_side_only_and_milliseconds() {
        let u = parse(
            "{\"role\":\"agent\",\"content\":\"Thanks for calling.\",\"startMs\":1500}\n\n\
             {\"role\":\"user\",\"content\":\"Hi, about the quote.\",\"startMs\":3000}\n",
        )
        .unwrap();
        assert_eq!(u[0].speaker.as_deref(), Some("agent"));
        assert_eq!(
            (u[0].role, u[0].start, u[0].line),
            (Role::Seller, Some(1.5), Some(1))
        );
        assert_eq!((u[1].role, u[1].line), (Role::Unknown, Some(3)));
    }

    #[test]
    fn a_list_under_a_key() {
        let u = parse(r#"{"call_id":"x","turns":[{"name":"A","message":"Hello?"}]}"#).unwrap();
        assert_eq!(u[0].text, "Hello?");
    }

    #[test]
    fn bad_lines_and_fields_are_named() {
        let input =
            Input::new("{\"speaker\":\"A\",\"text\":\"hi\"}\n{\"speaker\":\"B\",\"text\":\"yo\"\n");
        assert!(RECORDS.detect(&input));
        let e = RECORDS.parse(&input).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert_eq!(
            e.message,
            "not a JSON object: EOF while parsing an object at column 26"
        );
        let input = Input::new("{\"text\":\"hi\"}\n{\"speaker\":\"B\",\"words\":3}\n");
        let e = RECORDS.parse(&input).unwrap_err();
        assert_eq!(
            (e.line, e.message.as_str()),
            (
                Some(2),
                "no text (one of text, transcript, content, message, utterance, body)"
            )
        );
        let e = parse(r#"[{"text":"hi","start":"soon"}]"#).unwrap_err();
        assert_eq!(e.message, "[0].start is not a number");
    }

    #[test]
    fn not_records() {
        for text in [
            r#"[1, 2]"#,
            r#"[]"#,
            r#"{"text": "one object is not a list"}"#,
            "{\"speaker\":\"A\"}\n{\"speaker\":\"B\"}\n",
            "WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n",
        ] {
            assert!(!RECORDS.detect(&Input::new(text)), "{text}");
        }
    }
}
