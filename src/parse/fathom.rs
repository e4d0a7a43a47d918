//! Fathom call-recorder text exports.
//!
//! A title, `VIEW RECORDING - 24 mins (No highlights): <url>`, a `---` rule,
//! then turns: a header `0:25 - Name (company.com)` and the text indented on
//! the lines below. The company (usually the email domain) tells which side
//! the speaker is on, so it goes to [`Utterance::org`] and the bare name to
//! `speaker`. Only start times are given: a turn ends where the next starts.

use std::sync::OnceLock;

use regex::Regex;

use super::chat::{append_line, finish_start_timed, plausible_name};
use super::timecode::parse_clock;
use super::{Format, Input, ParseError};
use crate::transcript::{Transcript, Utterance, UtteranceBuilder};

pub struct Fathom;

pub static FATHOM: Fathom = Fathom;

fn header_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^\s*((?:\d{1,2}:)?\d{1,2}:\d{2})\s+-\s+(\S.*?)(?:\s+\(([^()]*)\))?\s*$")
            .expect("valid regex")
    })
}

/// `0:25 - Name (company)` → (start, name, company).
fn header(line: &str) -> Option<(f64, &str, Option<&str>)> {
    let c = header_re().captures(line)?;
    let start = parse_clock(c.get(1)?.as_str())?;
    let name = c.get(2)?.as_str().trim();
    // `01:02 - Dana: hi` is a chat line with a time, not a Fathom header.
    if !plausible_name(name) {
        return None;
    }
    let org = c
        .get(3)
        .map(|m| m.as_str().trim())
        .filter(|s| !s.is_empty());
    Some((start, name, org))
}

fn is_banner(line: &str) -> bool {
    line.trim_start().starts_with("VIEW RECORDING")
}

impl Format for Fathom {
    fn name(&self) -> &'static str {
        "fathom"
    }

    fn detection(&self) -> &'static str {
        "`VIEW RECORDING - N mins` banner near the top, or `0:25 - Name (company)` header lines (two or more, the first line one)"
    }

    fn detect(&self, input: &Input) -> bool {
        if input.looks_like_json() {
            return false;
        }
        let lines: Vec<&str> = input.nonblank_lines().take(400).collect();
        let headers = lines.iter().filter(|l| header(l).is_some()).count();
        let banner = lines.iter().take(10).any(|l| is_banner(l));
        (banner && headers >= 1)
            || (lines.first().is_some_and(|l| header(l).is_some()) && headers >= 2)
    }

    fn parse(&self, input: &Input) -> Result<Vec<Transcript>, ParseError> {
        let mut turns: Vec<Utterance> = Vec::new();
        for (n, line) in input.lines() {
            let t = line.trim();
            if t.is_empty() || t == "---" || is_banner(line) {
                continue;
            }
            if let Some((start, name, org)) = header(line) {
                turns.push(Utterance {
                    speaker: Some(name.to_string()),
                    org: org.map(String::from),
                    start: Some(start),
                    line: Some(n),
                    ..Utterance::default()
                });
            } else if let Some(last) = turns.last_mut() {
                append_line(last, t);
            }
            // Lines before the first header are the title: not speech.
        }
        let mut b = UtteranceBuilder::merging();
        turns.into_iter().for_each(|t| b.push(t));
        Ok(finish_start_timed(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_with_company_and_indented_text() {
        let input = Input::new("Discovery - Acme / Globex\nVIEW RECORDING - 24 mins (No highlights): https://fathom.video/share/x\n\n---\n\n0:00 - Dana Whitfield (acme.com)\n  Hi Tom.\n  Thanks for joining.\n\n0:07 - Tom Okafor (globex.com)\n  Sure.\n\n1:02:03 - Sam\n  Hi all.\n");
        assert!(FATHOM.detect(&input));
        let u = FATHOM.parse(&input).unwrap().remove(0).utterances;
        assert_eq!(u.len(), 3);
        assert_eq!(u[0].speaker.as_deref(), Some("Dana Whitfield"));
        assert_eq!(u[0].org.as_deref(), Some("acme.com"));
        assert_eq!(u[0].text, "Hi Tom. Thanks for joining.");
        assert_eq!((u[0].start, u[0].end), (Some(0.0), Some(7.0)));
        assert_eq!(u[2].org, None);
        assert_eq!(u[2].start, Some(3723.0));
        assert!(!FATHOM.detect(&Input::new("01:02 - Dana: hi\n01:05 - Tom: hello\n")));
    }
}
