//! SubRip (`.srt`) subtitles.
//!
//! SRT has no speaker field, so speakers come from conventions in the text,
//! and where none is used the cue stays speakerless (never guessed):
//! - `Name: text` names the speaker of that cue (Zoom, Otter, Descript
//!   exports); the name must look like one or come back in another cue;
//! - `[SPEAKER_00]: text` (WhisperX) likewise, and `[speaker 1]` / `[Name]:`
//!   written only when the speaker changes, so it carries over to the cues
//!   after it until another label, a `>>` or a dialogue dash says otherwise;
//! - `- text` dialogue dashes: two people in one cue, each line its own
//!   speakerless piece;
//! - `>>` (broadcast captions): a new speaker, named if a `Name:` follows.
//!
//! Writers vary a lot: `,` or `.` before the milliseconds, indices missing,
//! duplicated or out of order, no blank line at the end (or between cues),
//! styling tags `<i>`, `<font …>`, `{\an8}`. A timing line that does not
//! parse is an error naming its line: silently skipping it would drop speech.

use std::collections::HashMap;

use super::chat::split_speaker;
use super::timecode::parse_clock;
use super::webvtt::clean_text;
use super::{Format, Input, ParseError};
use crate::transcript::{Transcript, Utterance, UtteranceBuilder};

pub struct Srt;

pub static SRT: Srt = Srt;

/// A line that is meant as a timing line: starts with a digit and has an arrow.
fn is_timing_line(line: &str) -> bool {
    let t = line.trim_start();
    t.contains("-->") && t.starts_with(|c: char| c.is_ascii_digit())
}

fn parse_timing(line: &str) -> Option<(f64, f64)> {
    let (left, right) = line.split_once("-->")?;
    let end = right.split_whitespace().next()?;
    let (start, end) = (parse_clock(left)?, parse_clock(end)?);
    // SRT times always have hours; `parse_clock` also takes `mm:ss`, which is fine.
    // A cue that ends before it starts is a bad timing line.
    (end >= start).then_some((start, end))
}

fn is_index(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.len() <= 9 && t.bytes().all(|b| b.is_ascii_digit())
}

#[derive(Debug)]
struct Cue<'a> {
    line: usize,
    start: f64,
    end: f64,
    text: Vec<&'a str>,
}

/// Reads the cues; an index line is optional, text runs to a blank line or the next cue.
fn cues<'a>(input: &Input<'a>) -> Result<Vec<Cue<'a>>, ParseError> {
    let lines: Vec<(usize, &str)> = input.lines().collect();
    let mut out: Vec<Cue> = Vec::new();
    let mut in_text = false;
    let mut i = 0;
    while i < lines.len() {
        let (n, line) = lines[i];
        let next_is_timing = lines.get(i + 1).is_some_and(|(_, l)| is_timing_line(l));
        if is_timing_line(line) {
            let (start, end) = parse_timing(line)
                .ok_or_else(|| ParseError::at(n, format!("bad cue timing `{}`", line.trim())))?;
            out.push(Cue {
                line: n,
                start,
                end,
                text: Vec::new(),
            });
            in_text = true;
        } else if line.trim().is_empty() {
            in_text = false;
        } else if is_index(line) && (next_is_timing || !in_text) {
            // A cue number (or a stray one): the cue's timing must follow.
            match lines.get(i + 1) {
                Some((_, l)) if is_timing_line(l) => {}
                Some((m, l)) if !l.trim().is_empty() => {
                    return Err(ParseError::at(
                        *m,
                        format!(
                            "cue {} has no timing line (`start --> end`): `{}`",
                            line.trim(),
                            l.trim()
                        ),
                    ))
                }
                _ => {}
            }
            in_text = false;
        } else if in_text {
            if let Some(c) = out.last_mut() {
                c.text.push(line);
            }
        } else if out.is_empty() {
            return Err(ParseError::at(
                n,
                format!(
                    "expected a cue number or timing line, found `{}`",
                    line.trim()
                ),
            ));
        } else if let Some(c) = out.last_mut() {
            // Text after a blank line inside a cue: keep it with that cue.
            c.text.push(line);
            in_text = true;
        }
        i += 1;
    }
    Ok(out)
}

/// Removes SubStation override blocks like `{\an8}` and HTML-ish tags.
fn strip_tags(line: &str) -> String {
    let mut s = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find("{\\") {
        s.push_str(&rest[..i]);
        match rest[i..].find('}') {
            Some(j) => rest = &rest[i + j + 1..],
            None => {
                rest = "";
            }
        }
    }
    s.push_str(rest);
    clean_text(&s)
}

/// A bracketed label at the start of a line: `[SPEAKER_00]: text`, `[speaker 1] text`, `[Dana]: text`.
/// Sound tags like `[laughs]` are not labels: without a colon only `speaker N` counts.
fn bracket_label(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix('[')?;
    let close = rest.find(']')?;
    let label = rest[..close].trim();
    let after = &rest[close + 1..];
    if let Some(text) = after.strip_prefix(':') {
        return (!label.is_empty()).then_some((label, text.trim()));
    }
    let lower = label.to_ascii_lowercase();
    let speakerish = lower.starts_with("speaker") && label.chars().any(|c| c.is_ascii_digit());
    speakerish.then_some((label, after.trim()))
}

/// Whether a `Name:` label may be a speaker in this file: written like a name, or used twice.
fn accepted(name: &str, counts: &HashMap<String, usize>) -> bool {
    counts.get(name).copied().unwrap_or(0) >= 2
        || name.split_whitespace().all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
}

impl Format for Srt {
    fn name(&self) -> &'static str {
        "srt"
    }

    fn detection(&self) -> &'static str {
        "first line a cue number (or a timing line) and a `00:00:01,000 --> 00:00:02,000` timing line at the start"
    }

    fn detect(&self, input: &Input) -> bool {
        if input.looks_like_json() {
            return false;
        }
        let mut it = input.nonblank_lines();
        match (it.next(), it.next()) {
            (Some(a), Some(b)) if is_index(a) => is_timing_line(b) && b.contains(':'),
            (Some(a), _) => is_timing_line(a) && parse_timing(a).is_some(),
            _ => false,
        }
    }

    fn parse(&self, input: &Input) -> Result<Vec<Transcript>, ParseError> {
        let cues = cues(input)?;
        let lines: Vec<Vec<String>> = cues
            .iter()
            .map(|c| {
                c.text
                    .iter()
                    .map(|l| strip_tags(l))
                    .filter(|l| !l.is_empty())
                    .collect()
            })
            .collect();
        let mut counts: HashMap<String, usize> = HashMap::new();
        for l in lines.iter().flatten() {
            let l = l.trim_start_matches(">>").trim_start_matches("- ").trim();
            if let Some((name, _)) = split_speaker(l) {
                *counts.entry(name.to_string()).or_default() += 1;
            }
        }
        let mut b = UtteranceBuilder::merging();
        let mut carried: Option<String> = None;
        for (cue, text) in cues.iter().zip(&lines) {
            // Each piece: (speaker, text). A cue's lines without a marker join the piece before.
            let mut pieces: Vec<(Option<String>, String)> = Vec::new();
            let mut cue_speaker: Option<String> = carried.clone();
            for (k, line) in text.iter().enumerate() {
                let mut l = line.as_str();
                let mut new_piece = k == 0;
                if let Some(rest) = l.strip_prefix(">>") {
                    l = rest.trim_start();
                    carried = None;
                    cue_speaker = None;
                    new_piece = true;
                } else if let Some(rest) = l.strip_prefix("- ").or_else(|| (l == "-").then_some(""))
                {
                    l = rest.trim_start();
                    carried = None;
                    cue_speaker = None;
                    new_piece = true;
                }
                if let Some((label, rest)) = bracket_label(l) {
                    carried = Some(label.to_string());
                    cue_speaker = carried.clone();
                    l = rest;
                    new_piece = true;
                } else if let Some((name, rest)) =
                    split_speaker(l).filter(|(n, _)| accepted(n, &counts))
                {
                    // A name is said on every cue it applies to, and it ends any carried label.
                    carried = None;
                    cue_speaker = Some(name.to_string());
                    l = rest;
                    new_piece = true;
                }
                match pieces.last_mut() {
                    Some((s, t)) if !new_piece && *s == cue_speaker => {
                        t.push(' ');
                        t.push_str(l);
                    }
                    _ => pieces.push((cue_speaker.clone(), l.to_string())),
                }
            }
            for (speaker, text) in pieces {
                b.push(Utterance {
                    speaker,
                    start: Some(cue.start),
                    end: Some(cue.end),
                    text,
                    line: Some(cue.line),
                    ..Utterance::default()
                });
            }
        }
        Ok(vec![Transcript::new(b.finish())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<Utterance>, ParseError> {
        crate::parse::detect_and_parse(&SRT, text)
    }

    fn pairs(u: &[Utterance]) -> Vec<(Option<&str>, &str)> {
        u.iter()
            .map(|u| (u.speaker.as_deref(), u.text.as_str()))
            .collect()
    }

    #[test]
    fn names_dots_missing_indices_tags_and_no_final_blank() {
        let u = parse("1\n00:00:01,000 --> 00:00:02,500\nDana Whitfield: <i>Hi</i> Tom.\n\n00:00:02.500 --> 00:00:04.000\n{\\an8}Dana Whitfield: How are you?\n\n7\n00:00:04,000 --> 00:00:05,000\n<font color=\"#fff\">Tom Okafor: Good.</font>").unwrap();
        assert_eq!(
            pairs(&u),
            [
                (Some("Dana Whitfield"), "Hi Tom. How are you?"),
                (Some("Tom Okafor"), "Good.")
            ]
        );
        assert_eq!((u[0].start, u[0].end), (Some(1.0), Some(4.0)));
        assert_eq!(u[1].line, Some(9));
    }

    #[test]
    fn bracket_labels_carry_over_until_changed() {
        let u = parse("1\n00:00:01,000 --> 00:00:02,000\n[speaker 1] So the budget\n\n2\n00:00:02,000 --> 00:00:03,000\nis approved.\n\n3\n00:00:03,000 --> 00:00:04,000\n[speaker 2] Great.\n\n4\n00:00:04,000 --> 00:00:05,000\n[SPEAKER_00]: Next step?\n\n5\n00:00:05,000 --> 00:00:06,000\n[laughs] yes\n").unwrap();
        assert_eq!(
            pairs(&u),
            [
                (Some("speaker 1"), "So the budget is approved."),
                (Some("speaker 2"), "Great."),
                (Some("SPEAKER_00"), "Next step? [laughs] yes"),
            ]
        );
    }

    #[test]
    fn dashes_and_chevrons_are_speakerless_changes() {
        let u = parse("1\n00:00:01,000 --> 00:00:03,000\n- Can we sign today?\n- Not yet.\n\n2\n00:00:03,000 --> 00:00:04,000\n>> Why not?\n\n3\n00:00:04,000 --> 00:00:05,000\n>> Dana Whitfield: Because legal.\n\n4\n00:00:05,000 --> 00:00:06,000\n>> Dana Whitfield: Really.\n").unwrap();
        assert_eq!(
            pairs(&u),
            [
                (None, "Can we sign today?"),
                (None, "Not yet."),
                (None, "Why not?"),
                (Some("Dana Whitfield"), "Because legal. Really."),
            ]
        );
        assert_eq!(u[1].start, Some(1.0));
    }

    #[test]
    fn bad_timing_line_is_an_error_with_its_line() {
        let e = parse(
            "1\n00:00:01,000 --> 00:00:02,000\nHi.\n\n2\n00:00:02,000 --> 00:00:0x,000\nHo.\n",
        )
        .unwrap_err();
        assert_eq!(e.line, Some(6));
        assert!(e.message.contains("bad cue timing"), "{}", e.message);
        let e = parse(
            "1\n00:00:01,000 --> 00:00:02,000\nHi.\n\n2\n00:00:02,000 -> 00:00:03,000\nHo.\n",
        )
        .unwrap_err();
        assert_eq!(e.line, Some(6));
    }

    #[test]
    fn not_srt() {
        assert!(!SRT.detect(&Input::new("1\nhello\n")));
        assert!(!SRT.detect(&Input::new("WEBVTT\n\n00:01.000 --> 00:02.000\nx\n")));
    }
}
