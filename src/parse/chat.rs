//! Chat-style text: `Name: text` lines, as people paste them out of call
//! recorders, note-takers and chat tools.
//!
//! A line may start with a time (`[1:02:03]`, `[02:03]`, `(02:03)`, `01:02:03`)
//! and the name may be bold (`**Name:**`). A line without a speaker continues
//! the previous utterance. "Note:", URLs and clock times are not speakers; a
//! label that looks like the start of a sentence ("So the thing is: …") only
//! counts as a speaker if it is written like a name or comes back on another line.

use std::collections::HashMap;

use super::timecode::parse_clock;
use super::{Format, Input, ParseError};
use crate::transcript::{Transcript, Utterance, UtteranceBuilder};

pub struct Chat;

pub static CHAT: Chat = Chat;

/// Words that end in a colon at the start of a line but are not people.
const NOT_SPEAKERS: &[&str] = &[
    "note",
    "notes",
    "nb",
    "ps",
    "p.s",
    "re",
    "fw",
    "fwd",
    "subject",
    "date",
    "time",
    "when",
    "where",
    "agenda",
    "summary",
    "action items",
    "action item",
    "next steps",
    "attendees",
    "participants",
    "title",
    "duration",
    "location",
    "link",
    "url",
    "email",
    "e-mail",
    "phone",
    "tel",
    "fax",
    "http",
    "https",
    "ftp",
    "mailto",
    "file",
    "warning",
    "tip",
    "edit",
    "update",
    "important",
    "reminder",
    "transcript",
    "recording",
    "meeting",
    "todo",
    "to do",
    "ex",
    "eg",
    "e.g",
    "i.e",
    "example",
    "source",
    "tags",
    "topic",
    "topics",
    "decision",
    "decisions",
];

/// One line of a chat transcript, split into its parts.
#[derive(Debug, PartialEq)]
pub struct ChatLine<'a> {
    pub time: Option<f64>,
    pub speaker: Option<&'a str>,
    pub text: &'a str,
    /// The line after its time prefix, for when the speaker is rejected.
    pub rest: &'a str,
}

/// Splits a leading time off a line: `[1:02]`, `(1:02)`, `01:02:03 `, `01:02 - `.
fn split_time(line: &str) -> (Option<f64>, &str) {
    let l = line.trim_start();
    for (open, close) in [('[', ']'), ('(', ')')] {
        if let Some(rest) = l.strip_prefix(open) {
            if let Some(end) = rest.find(close) {
                if let Some(t) = parse_clock(&rest[..end]) {
                    return (Some(t), rest[end + 1..].trim_start());
                }
            }
        }
    }
    let end = l
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.' || c == ','))
        .unwrap_or(l.len());
    if end > 0 && l[..end].contains(':') {
        let after = &l[end..];
        if after.is_empty() || after.starts_with(char::is_whitespace) {
            if let Some(t) = parse_clock(&l[..end]) {
                let rest = after.trim_start();
                let rest = rest.strip_prefix("- ").unwrap_or(rest).trim_start();
                return (Some(t), rest);
            }
        }
    }
    (None, l)
}

/// Whether `name` can be a speaker label (it still has to pass the file-level check).
pub fn plausible_name(name: &str) -> bool {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 40 || name.split_whitespace().count() > 5 {
        return false;
    }
    if !name.chars().any(char::is_alphabetic) {
        return false;
    }
    let first = name.chars().next().unwrap_or(' ');
    if !(first.is_alphanumeric() || first == '[' || first == '@' || first == '+') {
        return false;
    }
    if name.chars().any(|c| {
        matches!(
            c,
            '?' | '!' | ',' | ';' | '"' | '*' | ':' | '/' | '=' | '<' | '>' | '{' | '}'
        )
    }) {
        return false;
    }
    let lower = name.to_lowercase();
    !NOT_SPEAKERS.contains(&lower.trim_end_matches('.'))
}

/// Whether every word of a name is written like a name (capitalised, a digit, or a handle).
fn name_shaped(name: &str) -> bool {
    name.split_whitespace().all(|w| {
        let c = w.chars().next().unwrap_or(' ');
        c.is_uppercase() || c.is_ascii_digit() || matches!(c, '[' | '(' | '@' | '+')
    })
}

/// Splits `Name: text` or `**Name:** text`. Returns the candidate name and the text.
pub fn split_speaker(line: &str) -> Option<(&str, &str)> {
    let l = line.trim_start();
    if let Some(rest) = l.strip_prefix("**") {
        let close = rest.find("**")?;
        let inner = &rest[..close];
        let after = &rest[close + 2..];
        let (name, text) = if let Some(n) = inner.strip_suffix(':') {
            (n, after)
        } else {
            (inner, after.strip_prefix(':')?)
        };
        return plausible_name(name).then(|| (name.trim(), text.trim()));
    }
    let colon = l.find(':')?;
    let after = &l[colon + 1..];
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let name = &l[..colon];
    plausible_name(name).then(|| (name.trim(), after.trim()))
}

/// Parses one line without the file-level speaker check.
pub fn parse_line(line: &str) -> ChatLine<'_> {
    let (time, rest) = split_time(line);
    match split_speaker(rest) {
        Some((name, text)) => ChatLine {
            time,
            speaker: Some(name),
            text,
            rest: rest.trim(),
        },
        None => ChatLine {
            time,
            speaker: None,
            text: rest.trim(),
            rest: rest.trim(),
        },
    }
}

/// Names accepted as speakers in this file: written like a name, or used on two lines or more.
fn accepted_speakers<'a, 'b>(
    lines: impl Iterator<Item = &'b ChatLine<'a>>,
) -> HashMap<&'a str, usize>
where
    'a: 'b,
{
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for l in lines {
        if let Some(s) = l.speaker {
            *counts.entry(s).or_default() += 1;
        }
    }
    counts.retain(|name, n| *n >= 2 || name_shaped(name));
    counts
}

/// Whether the text is Zoom's in-meeting chat export (`HH:MM:SS<TAB>Name:<TAB>msg`).
pub fn is_zoom_chat_export(input: &Input) -> bool {
    let mut total = 0;
    let mut hits = 0;
    for l in input.nonblank_lines().take(50) {
        total += 1;
        let mut parts = l.split('\t');
        if let (Some(t), Some(n), Some(_)) = (parts.next(), parts.next(), parts.next()) {
            if parse_clock(t).is_some() && n.ends_with(':') {
                hits += 1;
            }
        }
    }
    total > 0 && hits * 2 > total
}

impl Format for Chat {
    fn name(&self) -> &'static str {
        "chat"
    }

    fn detection(&self) -> &'static str {
        "`Name: text` lines (optionally `[h:mm:ss]` or `**Name:**`) make up a quarter or more of the lines, two at least"
    }

    fn detect(&self, input: &Input) -> bool {
        if input.looks_like_json() || is_zoom_chat_export(input) {
            return false;
        }
        let lines: Vec<ChatLine> = input.nonblank_lines().take(400).map(parse_line).collect();
        let speakers = accepted_speakers(lines.iter());
        let hits = lines
            .iter()
            .filter(|l| l.speaker.is_some_and(|s| speakers.contains_key(s)))
            .count();
        // Two speaker lines at least, or a one-line chat ("Kyle: Hi there").
        (hits >= 2 && hits * 4 >= lines.len()) || (hits == 1 && lines.len() == 1)
    }

    fn parse(&self, input: &Input) -> Result<Vec<Transcript>, ParseError> {
        let parsed: Vec<(usize, ChatLine)> = input
            .lines()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(n, l)| (n, parse_line(l)))
            .collect();
        let speakers = accepted_speakers(parsed.iter().map(|(_, l)| l));
        let mut b = UtteranceBuilder::merging_messages();
        let mut pending_time: Option<f64> = None;
        for (n, l) in parsed {
            match l.speaker.filter(|s| speakers.contains_key(s)) {
                Some(s) => b.push(Utterance {
                    speaker: Some(s.to_string()),
                    start: l.time.or(pending_time.take()),
                    text: l.text.to_string(),
                    line: Some(n),
                    ..Utterance::default()
                }),
                None => {
                    if l.text.is_empty() {
                        // A line holding only a time marks when the next turn starts.
                        if l.time.is_some() {
                            pending_time = l.time;
                        }
                        continue;
                    }
                    b.continue_last(l.rest, n);
                }
            }
        }
        Ok(finish_start_timed(b))
    }
}

/// Speaking rate used to close the last timed turn when only start times are known.
pub const WORDS_PER_SECOND: f64 = 2.5;

/// For formats that give only start times: each turn ends where the next one
/// starts; the last one lasts as long as its words take at 150 words a minute.
pub fn fill_ends(utterances: &mut [Utterance]) {
    for i in 0..utterances.len() {
        if utterances[i].end.is_some() || utterances[i].start.is_none() {
            continue;
        }
        let next_start = utterances[i + 1..].iter().find_map(|u| u.start);
        let start = utterances[i].start.unwrap_or(0.0);
        let words = utterances[i].text.split_whitespace().count() as f64;
        utterances[i].end = Some(match next_start {
            Some(n) if n >= start => n,
            _ => start + words / WORDS_PER_SECOND,
        });
    }
}

/// The end of every parser of a format that gives only start times (chat,
/// Otter, Fathom, Rev text): the turns read, with their ends filled in by
/// [`fill_ends`], as the file's one call.
pub fn finish_start_timed(b: UtteranceBuilder) -> Vec<Transcript> {
    let mut utterances = b.finish();
    fill_ends(&mut utterances);
    vec![Transcript::new(utterances)]
}

/// Adds a continuation line to a turn's text, one space between them.
pub fn append_line(turn: &mut Utterance, line: &str) {
    if !turn.text.is_empty() {
        turn.text.push(' ');
    }
    turn.text.push_str(line);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<Utterance> {
        crate::parse::detect_and_parse(&CHAT, text).unwrap()
    }

    #[test]
    fn plain_names_and_continuations() {
        let u = parse("Dana: Hi Tom.\nHow are you?\nTom: Good.\nDana: Great.\n");
        assert_eq!(u.len(), 3);
        assert_eq!(u[0].text, "Hi Tom. How are you?");
        assert_eq!(u[1].speaker.as_deref(), Some("Tom"));
        assert_eq!(u[0].line, Some(1));
    }

    #[test]
    fn consecutive_messages_of_one_speaker_stay_separate_sentences() {
        // Two messages in a row are one turn, but a message ends a sentence
        // even without punctuation: the ask in the second is not swallowed
        // by the first. A wrapped line (no name) still continues its sentence.
        let u = parse(
            "Sam: we cut claims by 30 percent for teams like yours\nSam: would you like to start a pilot monday\nTom: maybe\nTom: send me\nthe details\n",
        );
        assert_eq!(u.len(), 2);
        assert_eq!(
            u[0].text,
            "we cut claims by 30 percent for teams like yours\nwould you like to start a pilot monday"
        );
        let n = crate::normalize::normalize(&u[0].text);
        assert_eq!(n.sentences.len(), 2);
        assert!(n.sentences[1].is_question);
        assert_eq!(u[1].text, "maybe\nsend me the details");
    }

    #[test]
    fn time_prefixes_and_bold_names() {
        let u = parse("[0:05] **Dana:** Hi.\n[00:09] Tom: Hello.\n01:00:01 Dana: Bye.\n");
        assert_eq!(u[0].start, Some(5.0));
        assert_eq!(u[0].end, Some(9.0));
        assert_eq!(u[0].speaker.as_deref(), Some("Dana"));
        assert_eq!(u[2].start, Some(3601.0));
        assert!(u[2].end.unwrap() > 3601.0);
    }

    #[test]
    fn notes_urls_and_clock_times_are_not_speakers() {
        let u = parse(
            "Dana: Send it to https://acme.com/x please.\nNote: this is key\nTom: At 10:30 works.\nThe thing is: it broke\nDana: ok\n",
        );
        assert_eq!(u.len(), 3);
        assert!(u[0].text.contains("Note: this is key"));
        assert!(u[1].text.ends_with("The thing is: it broke"));
    }

    #[test]
    fn zoom_chat_export_is_not_chat() {
        let input = Input::new("00:21:14\tAndrew:\tHello\n00:21:35\tAndrew:\tHi\n");
        assert!(!CHAT.detect(&input));
        assert!(is_zoom_chat_export(&input));
    }

    #[test]
    fn one_line_chat_is_chat() {
        let u = parse("Kyle: Hi there, thanks for making time.\n");
        assert_eq!(u[0].speaker.as_deref(), Some("Kyle"));
    }

    #[test]
    fn prose_is_not_chat() {
        let input = Input::new("This is a paragraph.\nIt has words: many of them.\nAnd more.\n");
        assert!(!CHAT.detect(&input));
    }
}
