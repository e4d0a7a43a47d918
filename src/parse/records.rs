//! Utterance records: a JSON array, or JSON Lines, of one object per turn.
//!
//! In-house pipelines, call-recorder exports, AI phone agents and
//! closecall's own labelled calls keep a call as a list of small objects,
//! `{"speaker": "Dana", "role": "seller", "start": 0.0, "end": 4.2, "text": "…"}`,
//! either as one JSON array (perhaps under `utterances`, `transcript`, `turns`
//! or `messages`) or as JSON Lines (one object per line, or `jq`'s stream of
//! objects). The field names vary, so each is looked up under its common
//! spellings ([`TEXT`], [`SPEAKER`], [`SIDE`], [`START`], [`END`], [`CALL`]);
//! other fields are ignored.
//!
//! - Times are seconds, or a clock (`"01:02.5"`); milliseconds when the key
//!   says so (`start_ms`, `startMs`), or when whole numbers make the median
//!   turn last over a minute (a turn of 2,400 "seconds" is 2.4 s written in
//!   milliseconds).
//! - Records out of time order are put in order of their start.
//! - A side the records name (`role: "agent"`, `"Customer"`) is the
//!   speaker's side when every side named is one closecall knows
//!   ([`SELLER_SIDES`], [`BUYER_SIDES`]); otherwise the sides are left for
//!   the seller heuristic, with the side as the speaker's name if the
//!   record has no other. `system`, `tool` and `function` records are not
//!   speech and are skipped.
//! - Records of several calls (a `call_id`, `call` or `conversation_id`
//!   field) become one transcript each.

use serde_json::Value;

use super::json::Node;
use super::timecode::parse_clock;
use super::{bad_times, some_keys, Format, Input, ParseError};
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
/// Which call a record belongs to, in a file of several.
const CALL: &[&str] = &[
    "call_id",
    "callId",
    "call",
    "conversation_id",
    "conversationId",
];
/// Keys under which an object may hold its list of records.
const LISTS: &[&str] = &["utterances", "transcript", "turns", "messages"];

/// Side names (compared in lower case, with `_` and `-` as spaces).
pub const SELLER_SIDES: &[&str] = &[
    "seller",
    "agent",
    "rep",
    "sales",
    "salesperson",
    "sales rep",
    "sales agent",
    "account executive",
    "ae",
    "sdr",
    "bdr",
    "assistant",
    "bot",
    "ai",
];
pub const BUYER_SIDES: &[&str] = &[
    "buyer", "customer", "prospect", "client", "lead", "user", "caller", "human",
];
/// Records that are not speech.
const NOT_SPEECH: &[&str] = &["system", "tool", "function", "developer"];

/// Median turn length above which whole-number times are milliseconds.
const MS_TURN: f64 = 60.0;

fn side_key(name: &str) -> String {
    name.trim().to_lowercase().replace(['_', '-'], " ")
}

/// Whether `v` holds a turn: a text, and who said it or when.
fn is_record(v: &Value) -> bool {
    let Some(o) = v.as_object() else {
        return false;
    };
    let has =
        |keys: &[&str], ok: fn(&Value) -> bool| keys.iter().any(|k| o.get(*k).is_some_and(ok));
    let label = |v: &Value| v.is_string() || v.is_number();
    has(TEXT, Value::is_string)
        && (has(SPEAKER, label)
            || has(SIDE, Value::is_string)
            || has(START, |v| !v.is_null())
            || has(START_MS, |v| !v.is_null()))
}

/// The list of records in a JSON document: the document itself, or the list
/// under one of [`LISTS`]; a list whose first element is a record and whose
/// elements are all objects (a bad one is reported when it is read).
fn list_in(v: &Value) -> Option<&'static str> {
    let records = |v: &Value| {
        v.as_array()
            .is_some_and(|a| a.first().is_some_and(is_record) && a.iter().all(Value::is_object))
    };
    if records(v) {
        return Some("");
    }
    let o = v.as_object()?;
    LISTS
        .iter()
        .copied()
        .find(|k| o.get(*k).is_some_and(records))
}

/// Whether the text may be a stream of JSON values (JSON Lines, or `jq`'s
/// output of one pretty-printed object after another): it starts like JSON
/// but is not one document.
fn may_be_a_stream(input: &Input) -> bool {
    input.looks_like_json() && input.json().is_none()
}

/// Whether the text is a stream of JSON values whose first one is a record
/// (only that value is read; the rest are reported when the file is read).
fn stream_of_records(input: &Input) -> bool {
    may_be_a_stream(input)
        && serde_json::Deserializer::from_str(input.text)
            .into_iter::<Value>()
            .next()
            .is_some_and(|v| v.is_ok_and(|v| is_record(&v)))
}

/// The values of a stream of JSON values, with the line each starts on.
fn json_stream(input: &Input) -> Vec<(usize, Result<Value, String>)> {
    let text = input.text;
    // Lines counted as the stream goes, once over the text.
    let (mut counted_to, mut line) = (0, 1);
    let mut line_at = |offset: usize| {
        line += text[counted_to..offset].matches('\n').count();
        counted_to = offset;
        line
    };
    let mut out = Vec::new();
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    loop {
        let before = stream.byte_offset();
        let start = before + text[before..].len() - text[before..].trim_start().len();
        match stream.next() {
            None => break,
            Some(Ok(v)) => out.push((line_at(start), Ok(v))),
            Some(Err(e)) => {
                // serde's line counts from the value's start, so only the
                // value's own line is named.
                out.push((line_at(start), Err(crate::error::json_message(&e))));
                break;
            }
        }
    }
    out
}

/// For a text that is a stream of two or more JSON values but not records
/// (an app's log, a `calls.jsonl`): what its first value holds, to say so.
pub fn stream_of_other_json(input: &Input) -> Option<String> {
    if !may_be_a_stream(input) {
        return None;
    }
    let values: Vec<Value> = serde_json::Deserializer::from_str(input.text)
        .into_iter::<Value>()
        .collect::<Result<_, _>>()
        .ok()?;
    let keys = values.first()?.as_object().map_or_else(
        || "values that are not objects".to_string(),
        |o| format!("the first one's keys: {}", some_keys(o)),
    );
    (values.len() >= 2).then_some(keys)
}

/// The first of `keys` the record has.
fn first_of<'a>(r: &Node<'a>, keys: &[&str]) -> Option<Node<'a>> {
    keys.iter().find_map(|k| r.get(k))
}

/// A time: a number, a numeric string or a clock (`"1:02.5"`).
fn time_value(n: &Node) -> Result<f64, ParseError> {
    n.num().or_else(|_| {
        n.value
            .as_str()
            .and_then(|s| parse_clock(s.trim()))
            .ok_or_else(|| {
                ParseError::new(format!(
                    "{} is not a time (seconds from the start of the call, or a clock like 01:02.5)",
                    n.at()
                ))
            })
    })
}

/// A time in seconds, and whether the record wrote it in milliseconds.
fn time(r: &Node, secs: &[&str], ms: &[&str]) -> Result<Option<(f64, bool)>, ParseError> {
    if let Some(n) = first_of(r, secs) {
        return time_value(&n).map(|v| Some((v, false)));
    }
    first_of(r, ms)
        .map(|n| n.num().map(|v| (v / 1000.0, true)))
        .transpose()
}

/// One record as read, before the call's sides and times are settled.
struct Record {
    speaker: Option<String>,
    side: Option<String>,
    start: Option<(f64, bool)>,
    end: Option<(f64, bool)>,
    text: String,
    call: Option<String>,
    line: Option<usize>,
    /// Where it is, for messages: `line 4` or `[3]`.
    at: String,
}

fn read(r: &Node, line: Option<usize>) -> Result<Record, ParseError> {
    let text = match first_of(r, TEXT) {
        Some(n) => n.str()?.to_string(),
        // A tool call's `"content": null` says nothing.
        None if TEXT.iter().any(|k| r.has(k)) => String::new(),
        None => {
            let whose = if r.path.is_empty() {
                String::new()
            } else {
                format!("{}: ", r.path)
            };
            return Err(ParseError::new(format!(
                "{whose}no text (one of {})",
                TEXT.join(", ")
            )));
        }
    };
    Ok(Record {
        speaker: first_of(r, SPEAKER).map(|n| n.label()).transpose()?,
        side: first_of(r, SIDE).map(|n| n.label()).transpose()?,
        start: time(r, START, START_MS)?,
        end: time(r, END, END_MS)?,
        text,
        call: first_of(r, CALL).map(|n| n.label()).transpose()?,
        line,
        at: match line {
            Some(n) => format!("line {n}"),
            None => r.path.clone(),
        },
    })
}

/// The median of the records' turn lengths (end − start, or the gap to the
/// next start when there is no end).
fn median_turn(records: &[Record]) -> Option<f64> {
    let mut lengths: Vec<f64> = records
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let start = r.start?.0;
            let end = r
                .end
                .map(|e| e.0)
                .or_else(|| records.get(i + 1).and_then(|n| n.start).map(|s| s.0))?;
            (end > start).then_some(end - start)
        })
        .collect();
    if lengths.is_empty() {
        return None;
    }
    lengths.sort_by(f64::total_cmp);
    Some(lengths[lengths.len() / 2])
}

/// One call's records as a transcript.
fn transcript(mut records: Vec<Record>, call_id: Option<String>) -> Result<Transcript, ParseError> {
    let fail = |r: &Record, what: String| ParseError {
        line: r.line,
        message: if r.line.is_some() {
            what
        } else {
            format!("{}: {what}", r.at)
        },
    };
    // Whole numbers under plain `start`/`end` that make turns last minutes
    // are milliseconds.
    let plain: Vec<f64> = records
        .iter()
        .flat_map(|r| [r.start, r.end])
        .flatten()
        .filter(|(_, ms)| !ms)
        .map(|(v, _)| v)
        .collect();
    if !plain.is_empty()
        && plain.iter().all(|v| v.fract() == 0.0)
        && median_turn(&records).is_some_and(|m| m > MS_TURN)
    {
        for r in &mut records {
            for t in [&mut r.start, &mut r.end].into_iter().flatten() {
                if !t.1 {
                    t.0 /= 1000.0;
                }
            }
        }
    }
    // Each record's own times, before turns merge and hide a bad one.
    for r in &records {
        if let Some(what) = bad_times(r.start.map(|s| s.0), r.end.map(|e| e.0)) {
            return Err(fail(r, what));
        }
    }
    // Records written side by side (all of one speaker, then the other's)
    // are put in the order they were said.
    if records.iter().all(|r| r.start.is_some()) {
        let start = |r: &Record| r.start.map_or(0.0, |s| s.0);
        records.sort_by(|a, b| start(a).total_cmp(&start(b)));
    }
    let known = |side: &str| {
        let side = side_key(side);
        if SELLER_SIDES.contains(&side.as_str()) {
            Some(Role::Seller)
        } else if BUYER_SIDES.contains(&side.as_str()) {
            Some(Role::Buyer)
        } else {
            None
        }
    };
    let sided = records
        .iter()
        .all(|r| r.side.as_deref().is_none_or(|s| known(s).is_some()));
    let mut b = UtteranceBuilder::merging_messages();
    let mut previous: Option<Option<String>> = None;
    for r in records {
        let speaker = r
            .speaker
            .or_else(|| r.side.clone())
            .filter(|s| !s.is_empty());
        // A turn of another speaker came between, though it held no text.
        if previous.as_ref().is_some_and(|p| *p != speaker) {
            b.break_turn();
        }
        previous = Some(speaker.clone());
        b.push(Utterance {
            speaker,
            role: match (&r.side, sided) {
                (Some(side), true) => known(side).unwrap_or_default(),
                _ => Role::Unknown,
            },
            start: r.start.map(|s| s.0),
            end: r.end.map(|e| e.0),
            text: r.text,
            line: r.line,
            ..Utterance::default()
        });
    }
    Ok(Transcript {
        call_id,
        utterances: b.finish(),
    })
}

/// The records grouped by call, in order of each call's first record; the
/// call id is kept only when the file holds more than one call.
fn by_call(records: Vec<Record>) -> Result<Vec<Transcript>, ParseError> {
    let mut calls: Vec<(Option<String>, Vec<Record>)> = Vec::new();
    for r in records {
        match calls.iter_mut().find(|(id, _)| *id == r.call) {
            Some((_, list)) => list.push(r),
            None => calls.push((r.call.clone(), vec![r])),
        }
    }
    let several = calls.len() > 1;
    calls
        .into_iter()
        .map(|(id, list)| transcript(list, id.filter(|_| several)))
        .collect()
}

fn is_speech(r: &Record) -> bool {
    !r.side
        .as_deref()
        .is_some_and(|s| NOT_SPEECH.contains(&side_key(s).as_str()))
}

impl Format for Records {
    fn name(&self) -> &'static str {
        "records"
    }

    fn detection(&self) -> &'static str {
        "JSON array (or JSON Lines) of objects with a `text`, `content` or `message` and a speaker, side or start"
    }

    fn detect(&self, input: &Input) -> bool {
        input.json().is_some_and(|v| list_in(v).is_some()) || stream_of_records(input)
    }

    fn parse(&self, input: &Input) -> Result<Vec<Transcript>, ParseError> {
        let mut records = Vec::new();
        if stream_of_records(input) {
            for (n, value) in json_stream(input) {
                let value = value
                    .map_err(|what| ParseError::at(n, format!("not a JSON object: {what}")))?;
                let at = |e: ParseError| ParseError::at(n, e.message);
                records.push(read(&Node::root(&value), Some(n)).map_err(at)?);
            }
        } else {
            let root = Node::document(input)?;
            let key = list_in(root.value)
                .ok_or_else(|| ParseError::new("no list of objects with a text"))?;
            let list = if key.is_empty() { root } else { root.req(key)? };
            for r in list.items()? {
                records.push(read(&r, None)?);
            }
        }
        records.retain(is_speech);
        by_call(records)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<Utterance>, ParseError> {
        crate::parse::detect_and_parse(&RECORDS, text)
    }

    fn calls(text: &str) -> Result<Vec<Transcript>, ParseError> {
        RECORDS.parse(&Input::new(text))
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
    fn an_agents_log_with_sides_only_milliseconds_and_a_system_prompt() {
        let u = parse(
            "{\"role\":\"system\",\"content\":\"You are a sales agent.\"}\n\
             {\"role\":\"assistant\",\"content\":\"Thanks for calling.\",\"startMs\":1500}\n\n\
             {\"role\":\"assistant\",\"content\":null}\n\
             {\"role\":\"user\",\"content\":\"Hi, about the quote.\",\"startMs\":3000}\n",
        )
        .unwrap();
        assert_eq!(u.len(), 2);
        assert_eq!(u[0].speaker.as_deref(), Some("assistant"));
        assert_eq!(
            (u[0].role, u[0].start, u[0].line),
            (Role::Seller, Some(1.5), Some(2))
        );
        assert_eq!((u[1].role, u[1].line), (Role::Buyer, Some(5)));
    }

    #[test]
    fn sides_it_does_not_know_are_left_to_the_heuristic() {
        let u = parse("{\"role\":\"Sales Rep\",\"text\":\"Hi.\"}\n{\"role\":\"Customer\",\"text\":\"Hey.\"}\n").unwrap();
        assert_eq!(u[0].role, Role::Seller, "'Sales Rep' is a seller side");
        let u = parse(
            "{\"role\":\"Closer\",\"text\":\"Hi.\"}\n{\"role\":\"Customer\",\"text\":\"Hey.\"}\n",
        )
        .unwrap();
        assert!(u.iter().all(|u| u.role == Role::Unknown));
        assert_eq!(u[0].speaker.as_deref(), Some("Closer"));
    }

    #[test]
    fn whole_milliseconds_under_plain_start_and_end() {
        let u = parse(r#"{"utterances":[{"speaker":"A","start":250,"end":2650,"text":"Hi."},{"speaker":"B","start":2900,"end":6100,"text":"Hello there."}]}"#).unwrap();
        assert_eq!((u[0].start, u[1].end), (Some(0.25), Some(6.1)));
        // Seconds stay seconds, whole or not.
        let u = parse(r#"[{"speaker":"A","start":0,"end":4,"text":"Hi."},{"speaker":"B","start":5,"end":9,"text":"Hello."}]"#).unwrap();
        assert_eq!(u[1].end, Some(9.0));
    }

    #[test]
    fn order_gaps_and_calls() {
        // Written one speaker after the other: put in order.
        let u = parse(r#"[{"speaker":"A","start":0,"end":2,"text":"One."},{"speaker":"A","start":6,"end":8,"text":"Three."},{"speaker":"B","start":3,"end":5,"text":"Two."}]"#).unwrap();
        let texts: Vec<&str> = u.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(texts, ["One.", "Two.", "Three."]);
        // A turn with no text still parts the turns around it.
        let u = parse(r#"[{"speaker":"A","start":0,"end":2,"text":"One."},{"speaker":"B","start":3,"end":5,"text":""},{"speaker":"A","start":6,"end":8,"text":"Two."}]"#).unwrap();
        assert_eq!(u.len(), 2);
        // Two calls in one file.
        let t = calls("{\"call_id\":\"a\",\"speaker\":\"A\",\"text\":\"Hi.\"}\n{\"call_id\":\"b\",\"speaker\":\"C\",\"text\":\"Yo.\"}\n{\"call_id\":\"a\",\"speaker\":\"B\",\"text\":\"Hey.\"}\n").unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(
            (t[0].call_id.as_deref(), t[0].utterances.len()),
            (Some("a"), 2)
        );
    }

    #[test]
    fn a_list_under_a_key_and_a_jq_stream() {
        let u = parse(r#"{"call_id":"x","turns":[{"name":"A","message":"Hello?"}]}"#).unwrap();
        assert_eq!(u[0].text, "Hello?");
        let u = parse("{\n  \"speaker\": \"A\",\n  \"text\": \"Hi.\"\n}\n{\n  \"speaker\": \"B\",\n  \"text\": \"Hey.\"\n}\n").unwrap();
        assert_eq!((u.len(), u[1].line), (2, Some(5)));
    }

    #[test]
    fn bad_records_are_named() {
        let e = calls("{\"speaker\":\"A\",\"text\":\"hi\"}\n{\"speaker\":\"B\",\"text\":\"yo\"\n")
            .unwrap_err();
        assert_eq!(e.line, Some(2));
        assert_eq!(e.message, "not a JSON object: EOF while parsing an object");
        let e = calls("{\"speaker\":\"A\",\"text\":\"hi\"}\n{\"speaker\":\"B\",\"words\":3}\n")
            .unwrap_err();
        assert_eq!(
            (e.line, e.message.as_str()),
            (
                Some(2),
                "no text (one of text, transcript, content, message, utterance, body)"
            )
        );
        let e = calls(r#"[{"speaker":"A","text":"hi"},{"speaker":"B"}]"#).unwrap_err();
        assert_eq!(
            e.message,
            "[1]: no text (one of text, transcript, content, message, utterance, body)"
        );
        let e = calls(r#"[{"speaker":"A","text":"hi","start":"soon"}]"#).unwrap_err();
        assert!(
            e.message.starts_with("[0].start is not a time"),
            "{}",
            e.message
        );
        let e = calls(r#"[{"speaker":"A","text":"hi","start":0,"end":3},{"speaker":"A","text":"yo","start":9,"end":4}]"#).unwrap_err();
        assert_eq!(e.message, "[1]: ends at 4 s, before it starts at 9 s");
        let e = calls("{\"speaker\":\"A\",\"text\":\"hi\"}\n{\"speaker\":\"A\",\"text\":\"yo\",\"start\":-5}\n").unwrap_err();
        assert_eq!(
            (e.line, e.message.as_str()),
            (
                Some(2),
                "start time -5 is not a time in a call (0 s to 7 days)"
            )
        );
    }

    #[test]
    fn not_records() {
        for text in [
            r#"[1, 2]"#,
            r#"[]"#,
            r#"{"text": "one object is not a list"}"#,
            "{\"speaker\":\"A\"}\n{\"speaker\":\"B\"}\n",
            // An app log: a message, but nobody says it.
            "{\"level\":\"info\",\"message\":\"listening\",\"timestamp\":1}\n{\"level\":\"warn\",\"message\":\"slow\",\"timestamp\":2}\n",
            "WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n",
        ] {
            assert!(!RECORDS.detect(&Input::new(text)), "{text}");
        }
    }
}
