//! Otter.ai text exports.
//!
//! Each paragraph opens with a header line: the speaker, two or more spaces,
//! the start time (`Dana Whitfield  0:54`, `Speaker 1  1:02:03`, trailing
//! spaces usual), then the text, then a blank line. The export ends with
//! `Transcribed by https://otter.ai`. Export options can drop the speakers
//! (headers are just `0:54`) or the times (headers are just the name), so all
//! three header shapes are read. Only start times are given: a turn ends
//! where the next one starts.

use std::sync::OnceLock;

use regex::Regex;

use super::chat::{finish_start_timed, plausible_name};
use super::timecode::parse_clock;
use super::{Format, Input, ParseError};
use crate::transcript::{Transcript, Utterance, UtteranceBuilder};

pub struct Otter;

pub static OTTER: Otter = Otter;

const TIME: &str = r"(\d{1,2}:\d{2}(?::\d{2})?)";

fn named_header_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(r"^(\S.{{0,60}}?)[ \t]{{2,}}{TIME}\s*$")).expect("valid regex")
    })
}

fn time_header_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(&format!(r"^\s*{TIME}\s*$")).expect("valid regex"))
}

#[derive(Debug, PartialEq)]
enum Header<'a> {
    Named(&'a str, f64),
    Time(f64),
}

fn header(line: &str) -> Option<Header<'_>> {
    if let Some(c) = named_header_re().captures(line) {
        let name = c.get(1)?.as_str().trim();
        // A line of prose that happens to end in a time is not a header.
        if !plausible_name(name) {
            return None;
        }
        return Some(Header::Named(name, parse_clock(c.get(2)?.as_str())?));
    }
    let c = time_header_re().captures(line)?;
    Some(Header::Time(parse_clock(c.get(1)?.as_str())?))
}

fn is_footer(line: &str) -> bool {
    let l = line.trim().to_ascii_lowercase();
    l.starts_with("transcribed by") && l.contains("otter.ai")
}

/// A name-only header: a short name-like line with no sentence punctuation, text below it.
fn name_only_header(line: &str) -> bool {
    let l = line.trim();
    plausible_name(l) && !l.ends_with(['.', '?', '!', ',', ':']) && !l.contains("  ")
}

impl Format for Otter {
    fn name(&self) -> &'static str {
        "otter"
    }

    fn detection(&self) -> &'static str {
        "`Transcribed by https://otter.ai` footer, or `Name  0:54` header lines (two or more, the first line one)"
    }

    fn detect(&self, input: &Input) -> bool {
        if input.looks_like_json() {
            return false;
        }
        let lines: Vec<&str> = input.nonblank_lines().collect();
        if lines.iter().rev().take(3).any(|l| is_footer(l)) {
            return true;
        }
        let first_is_header = lines.first().is_some_and(|l| header(l).is_some());
        let headers = lines
            .iter()
            .take(400)
            .filter(|l| header(l).is_some())
            .count();
        first_is_header && headers >= 2
    }

    fn parse(&self, input: &Input) -> Result<Vec<Transcript>, ParseError> {
        // Paragraphs: runs of non-blank lines.
        let mut blocks: Vec<Vec<(usize, &str)>> = vec![Vec::new()];
        for (n, line) in input.lines() {
            if line.trim().is_empty() {
                blocks.push(Vec::new());
            } else if !is_footer(line) {
                if let Some(b) = blocks.last_mut() {
                    b.push((n, line));
                }
            }
        }
        blocks.retain(|b| !b.is_empty());
        let timed = blocks
            .iter()
            .any(|b| b.first().is_some_and(|(_, l)| header(l).is_some()));
        let mut b = UtteranceBuilder::merging();
        for block in blocks {
            let Some(&(n, first)) = block.first() else {
                continue;
            };
            let rest = || {
                block
                    .iter()
                    .skip(1)
                    .map(|(_, l)| l.trim())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let (speaker, start, text) = match header(first) {
                Some(Header::Named(name, t)) => (Some(name.to_string()), Some(t), rest()),
                Some(Header::Time(t)) => (None, Some(t), rest()),
                None if !timed && block.len() > 1 && name_only_header(first) => {
                    (Some(first.trim().to_string()), None, rest())
                }
                None => (
                    None,
                    None,
                    block
                        .iter()
                        .map(|(_, l)| l.trim())
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
            };
            b.push(Utterance {
                speaker,
                start,
                text,
                line: Some(n),
                ..Utterance::default()
            });
        }
        Ok(finish_start_timed(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<Utterance> {
        crate::parse::detect_and_parse(&OTTER, text).unwrap()
    }

    #[test]
    fn named_headers_trailing_spaces_and_footer() {
        let u = parse("Dana Whitfield  0:02  \nHi Tom.\nThanks for joining.\n\nTom Okafor  0:06  \nSure.\n\nDana Whitfield  1:00:09\nGreat.\n\nTranscribed by https://otter.ai\n");
        assert_eq!(u.len(), 3);
        assert_eq!(u[0].speaker.as_deref(), Some("Dana Whitfield"));
        assert_eq!(u[0].text, "Hi Tom. Thanks for joining.");
        assert_eq!((u[0].start, u[0].end), (Some(2.0), Some(6.0)));
        assert_eq!(u[2].start, Some(3609.0));
        assert!(u.iter().all(|u| !u.text.contains("otter.ai")));
    }

    #[test]
    fn time_only_and_name_only_exports() {
        let u = parse("0:02  \nHi Tom.\n\n0:06  \nSure.\n\nTranscribed by https://otter.ai\n");
        assert_eq!(u.len(), 2);
        assert!(u.iter().all(|u| u.speaker.is_none()));
        assert_eq!(u[1].start, Some(6.0));
        let u = parse(
            "Dana Whitfield\nHi Tom.\n\nTom Okafor\nSure.\n\nTranscribed by https://otter.ai\n",
        );
        assert_eq!(u.len(), 2);
        assert_eq!(u[1].speaker.as_deref(), Some("Tom Okafor"));
        assert_eq!(u[1].start, None);
    }

    #[test]
    fn one_space_is_not_a_header() {
        assert!(!OTTER.detect(&Input::new("We met at 10:30\nand again at 11:00\n")));
    }
}
