//! Google Meet transcripts (the Google Docs file Meet writes, exported or pasted as text).
//!
//! Layout: a title `Meeting name (date) - Transcript`, an `Attendees` heading
//! with the names (note-taker bots included) on the paragraph below it, a
//! disclaimer ("This editable transcript was computer generated…"), then
//! `Name: text` turns, a bare `00:05:00` marker every five minutes, and the
//! footer `Meeting ended after 00:36:54`. Pasted into Markdown the headings
//! gain `#`s and the disclaimer `_…_`.
//!
//! Only the title, attendees, disclaimer and footer are dropped; turns are
//! everything else. The markers are the only times in the file: the turn
//! right after one starts at that time, every other turn has no time at all.
//! Spreading times over turns by guesswork would make talk-time figures look
//! measured when they are not, so such a transcript is analysed by words.

use super::chat::{plausible_name, split_speaker};
use super::timecode::parse_clock;
use super::{Format, Input, ParseError};
use crate::transcript::{Transcript, Utterance, UtteranceBuilder};

pub struct GoogleMeet;

pub static GOOGLE_MEET: GoogleMeet = GoogleMeet;

/// A line without Markdown heading marks and emphasis.
fn bare(line: &str) -> &str {
    line.trim()
        .trim_start_matches('#')
        .trim()
        .trim_matches(|c| c == '_' || c == '*')
        .trim()
}

fn is_title(line: &str) -> bool {
    let b = bare(line);
    b.ends_with("- Transcript") || b.eq_ignore_ascii_case("transcript")
}

fn is_attendees(line: &str) -> bool {
    bare(line).eq_ignore_ascii_case("attendees")
}

fn is_disclaimer(line: &str) -> bool {
    let b = bare(line).to_ascii_lowercase();
    b.contains("transcript was computer generated") || b.starts_with("this editable transcript")
}

fn is_footer(line: &str) -> bool {
    bare(line).starts_with("Meeting ended after")
}

/// A marker line: nothing but `HH:MM:SS`.
fn marker(line: &str) -> Option<f64> {
    let b = bare(line);
    (b.len() >= 7 && b.bytes().all(|c| c.is_ascii_digit() || c == b':'))
        .then(|| parse_clock(b))
        .flatten()
}

/// Whether a line ends the attendee list: a blank line or the start of what follows it.
fn ends_attendees(line: &str) -> bool {
    line.trim().is_empty()
        || is_title(line)
        || is_disclaimer(line)
        || is_footer(line)
        || marker(line).is_some()
        || split_speaker(line).is_some()
}

/// Whether a label is written like a name: every word capitalised, a digit, or not a word at all ("-").
fn name_shaped(name: &str) -> bool {
    name.split_whitespace().all(|w| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || !c.is_alphabetic())
    })
}

impl Format for GoogleMeet {
    fn name(&self) -> &'static str {
        "google-meet"
    }

    fn detection(&self) -> &'static str {
        "`… - Transcript` title or `Attendees` heading near the top, or a `Meeting ended after HH:MM:SS` footer; and a `Name: text` turn"
    }

    fn detect(&self, input: &Input) -> bool {
        if input.looks_like_json() {
            return false;
        }
        let lines: Vec<&str> = input.nonblank_lines().collect();
        let top = || lines.iter().take(8);
        let turns = lines.iter().filter(|l| split_speaker(l).is_some()).count();
        let head = top().any(|l| is_title(l)) || top().any(|l| is_attendees(l));
        let footer = lines.iter().rev().take(3).any(|l| is_footer(l));
        (head || footer) && turns >= 1
    }

    fn parse(&self, input: &Input) -> Result<Vec<Transcript>, ParseError> {
        let lines: Vec<(usize, &str)> = input.lines().collect();
        let mut attendees: Vec<String> = Vec::new();
        let mut body: Vec<(usize, &str)> = Vec::new();
        let mut i = 0;
        while i < lines.len() {
            let (n, line) = lines[i];
            i += 1;
            if is_footer(line) {
                break;
            }
            if body.is_empty() && is_title(line) || is_disclaimer(line) {
                continue;
            }
            if is_attendees(line) {
                // The names are the next paragraph: skip blank lines, then take lines to a
                // blank one (plain-text exports have none, so also to the next known line).
                while i < lines.len() && lines[i].1.trim().is_empty() {
                    i += 1;
                }
                while i < lines.len() && !ends_attendees(lines[i].1) {
                    attendees.extend(bare(lines[i].1).split(',').map(|s| s.trim().to_string()));
                    i += 1;
                }
                continue;
            }
            if !line.trim().is_empty() {
                body.push((n, line));
            }
        }
        // A label is a speaker when it is an attendee, written like a name, or used twice.
        let mut counts = std::collections::HashMap::new();
        for (_, l) in &body {
            if let Some((name, _)) = split_speaker(l) {
                *counts.entry(name).or_insert(0usize) += 1;
            }
        }
        let is_speaker = |name: &str| {
            plausible_name(name)
                && (attendees.iter().any(|a| a == name)
                    || name_shaped(name)
                    || counts.get(name).copied().unwrap_or(0) >= 2)
        };
        let mut b = UtteranceBuilder::merging();
        let mut pending: Option<f64> = None;
        let mut last_speaker: Option<String> = None;
        for (n, line) in body {
            if line.trim().is_empty() {
                continue;
            }
            if let Some(t) = marker(line) {
                pending = Some(t);
                continue;
            }
            match split_speaker(line).filter(|(name, _)| is_speaker(name)) {
                Some((name, text)) => {
                    let start = pending.take();
                    // A turn that goes on past a marker started before it: its start is unknown.
                    let start = start.filter(|_| last_speaker.as_deref() != Some(name));
                    last_speaker = Some(name.to_string());
                    b.push(Utterance {
                        speaker: Some(name.to_string()),
                        start,
                        text: text.to_string(),
                        line: Some(n),
                        ..Utterance::default()
                    });
                }
                None => b.continue_last(line, n),
            }
        }
        Ok(vec![Transcript::new(b.finish())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MEET: &str = "# Acme / Globex renewal (2024-05-02 15:00 GMT+1) - Transcript\n\n## Attendees\n\nDana Whitfield, Tom Okafor, Fireflies.ai Notetaker\n\n_This editable transcript was computer generated and might contain errors. People can also change the text after it was created._\n\nDana Whitfield: Hi Tom, thanks for joining.\n\nTom Okafor: Sure. So about the renewal…\n\nDana Whitfield: Go on.\nwhat about pricing?\n\n00:05:00\n\nDana Whitfield: And the discount is fine.\n\nTom Okafor: Great, let's sign.\n\n00:10:00\n\nTom Okafor: Send it over.\n\nMeeting ended after 00:11:02 👋\n";

    #[test]
    fn header_attendees_disclaimer_footer_are_not_turns() {
        let input = Input::new(MEET);
        assert!(GOOGLE_MEET.detect(&input));
        let u = GOOGLE_MEET.parse(&input).unwrap().remove(0).utterances;
        let who: Vec<&str> = u
            .iter()
            .map(|u| u.speaker.as_deref().unwrap_or("-"))
            .collect();
        assert_eq!(
            who,
            [
                "Dana Whitfield",
                "Tom Okafor",
                "Dana Whitfield",
                "Tom Okafor"
            ]
        );
        assert_eq!(u[1].text, "Sure. So about the renewal…");
        assert_eq!(
            u[2].text,
            "Go on. what about pricing? And the discount is fine."
        );
        assert_eq!(u[0].line, Some(9));
    }

    #[test]
    fn plain_text_export_without_blank_lines() {
        let u = GOOGLE_MEET
            .parse(&Input::new("X - Transcript\nAttendees\nAna Li, Bo Chen\nTranscript\nThis editable transcript was computer generated and might contain errors.\nAna Li: hi\nBo Chen: hey\nMeeting ended after 00:01:00\n"))
            .unwrap()
            .remove(0)
            .utterances;
        let t: Vec<&str> = u.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(t, ["hi", "hey"]);
    }

    #[test]
    fn only_marker_turns_have_times() {
        let u = GOOGLE_MEET
            .parse(&Input::new(MEET))
            .unwrap()
            .remove(0)
            .utterances;
        // Dana's turn runs across the 5:00 marker, Tom's turn starts after 10:00 but began before it.
        let starts: Vec<Option<f64>> = u.iter().map(|u| u.start).collect();
        assert_eq!(starts, [None, None, None, None]);
        assert!(u.iter().all(|u| u.end.is_none()));
        let u = GOOGLE_MEET
            .parse(&Input::new(
                "X - Transcript\n\nA Person: hi\n\n00:05:00\n\nB Person: yo\n",
            ))
            .unwrap()
            .remove(0)
            .utterances;
        assert_eq!(u[1].start, Some(300.0));
        assert_eq!(u[0].start, None);
    }
}
