//! WebVTT as meeting tools write it: Zoom (`Name: text` payloads), Teams
//! (`<v Name>` voice spans, `GUID/N-M` cue ids) and generic W3C WebVTT.
//!
//! The three share one cue reader; they differ in where the speaker is. The
//! reader is strict about timing lines (a broken one is an error naming its
//! line) and lenient about everything the spec lets writers vary: BOM, line
//! endings, optional hours, cue settings, NOTE/STYLE/REGION blocks, tags and
//! entities.

use super::chat::split_speaker;
use super::timecode::parse_clock;
use super::{Format, Input, ParseError};
use crate::transcript::{Transcript, Utterance, UtteranceBuilder};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Zoom,
    Teams,
    Generic,
}

pub struct WebVtt(Variant);

pub static ZOOM: WebVtt = WebVtt(Variant::Zoom);
pub static TEAMS: WebVtt = WebVtt(Variant::Teams);
pub static GENERIC: WebVtt = WebVtt(Variant::Generic);

fn is_webvtt(text: &str) -> bool {
    let first = text.lines().next().unwrap_or("");
    first == "WEBVTT" || first.starts_with("WEBVTT ") || first.starts_with("WEBVTT\t")
}

/// One cue: where it starts in the file, its id, times and raw payload lines.
#[derive(Debug)]
struct Cue<'a> {
    line: usize,
    id: Option<&'a str>,
    start: f64,
    end: f64,
    payload: Vec<&'a str>,
}

fn is_guid_id(id: &str) -> bool {
    let Some((guid, rest)) = id.split_once('/') else {
        return false;
    };
    let parts: Vec<&str> = guid.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
        && rest
            .split('-')
            .all(|n| n.chars().all(|c| c.is_ascii_digit()))
}

/// Reads every cue. Errors on a timing line that does not parse.
fn cues(text: &str) -> Result<Vec<Cue<'_>>, ParseError> {
    let mut out = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    // The header block runs to the first blank line.
    while i < lines.len() && !lines[i].trim().is_empty() {
        i += 1;
    }
    while i < lines.len() {
        while i < lines.len() && lines[i].trim().is_empty() {
            i += 1;
        }
        let begin = i;
        while i < lines.len() && !lines[i].trim().is_empty() {
            i += 1;
        }
        if begin == i {
            break;
        }
        let block = &lines[begin..i];
        let head = block[0].trim_start();
        if ["NOTE", "STYLE", "REGION"].iter().any(|k| {
            head == *k || head.starts_with(&format!("{k} ")) || head.starts_with(&format!("{k}\t"))
        }) {
            continue;
        }
        let timing_at = if block[0].contains("-->") {
            0
        } else if block.len() > 1 && block[1].contains("-->") {
            1
        } else {
            return Err(ParseError::at(
                begin + 1,
                format!(
                    "cue has no timing line (`start --> end`): `{}`",
                    clip(block[0])
                ),
            ));
        };
        let line_no = begin + timing_at + 1;
        let timing = block[timing_at];
        let (left, right) = timing.split_once("-->").unwrap_or((timing, ""));
        let end_tok = right.split_whitespace().next().unwrap_or("");
        let (Some(start), Some(end)) = (parse_clock(left), parse_clock(end_tok)) else {
            return Err(ParseError::at(
                line_no,
                format!("bad cue timing `{}`", clip(timing)),
            ));
        };
        if end < start {
            return Err(ParseError::at(
                line_no,
                format!("cue ends before it starts: `{}`", clip(timing)),
            ));
        }
        out.push(Cue {
            line: line_no,
            id: (timing_at == 1).then(|| block[0].trim()),
            start,
            end,
            payload: block[timing_at + 1..].to_vec(),
        });
    }
    Ok(out)
}

fn clip(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s.to_string()
    }
}

/// Which tool wrote the file, from its first cues.
fn variant(cues: &[Cue]) -> Variant {
    let sample = &cues[..cues.len().min(200)];
    if sample.iter().any(|c| c.id.is_some_and(is_guid_id)) {
        return Variant::Teams;
    }
    let joined = |c: &Cue| c.payload.join("\n");
    if sample.iter().any(|c| {
        let p = joined(c);
        p.contains("<v ") && p.contains("</v>")
    }) {
        return Variant::Teams;
    }
    let named = sample
        .iter()
        .filter(|c| {
            c.payload
                .first()
                .is_some_and(|l| !l.contains("<v") && split_speaker(l).is_some())
        })
        .count();
    if named >= 1 && named * 2 >= sample.len() {
        Variant::Zoom
    } else {
        Variant::Generic
    }
}

/// Splits a payload into (speaker, text) pieces by its `<v Name>` spans.
fn voice_pieces(payload: &str) -> Vec<(Option<String>, String)> {
    let mut out = Vec::new();
    let mut rest = payload;
    let mut current: Option<String> = None;
    loop {
        let next = find_voice_tag(rest);
        let (before, tag) = match next {
            Some((at, name, len)) => (&rest[..at], Some((name, at + len))),
            None => (rest, None),
        };
        let text = clean_text(before);
        if !text.is_empty() {
            out.push((current.clone(), text));
        }
        match tag {
            Some((name, after)) => {
                current = Some(name);
                rest = &rest[after..];
            }
            None => break,
        }
    }
    out
}

/// Finds `<v Name>` or `<v.class Name>`: (offset, name, tag length).
fn find_voice_tag(s: &str) -> Option<(usize, String, usize)> {
    let mut from = 0;
    while let Some(i) = s[from..].find("<v") {
        let at = from + i;
        let after = &s[at + 2..];
        if after.starts_with([' ', '\t', '.']) {
            let close = after.find('>')?;
            let inner = &after[..close];
            let name = match inner.find([' ', '\t']) {
                Some(sp) => inner[sp..].trim(),
                None => "",
            };
            return Some((at, name.to_string(), 2 + close + 1));
        }
        from = at + 2;
    }
    None
}

/// Removes tags (`<i>`, `</v>`, `<00:00:01.000>`, `<c.x>`) and decodes entities.
pub fn clean_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            '\n' | '\t' if !in_tag => out.push(' '),
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = decode_entities(&out);
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Decodes the HTML entities WebVTT allows: named ones and `&#NN;`/`&#xHH;`.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        // Entities are short; look for their `;` in the next dozen bytes,
        // cut on a character boundary (the text may be Japanese, or `Café&…`).
        let mut window = tail.len().min(12);
        while !tail.is_char_boundary(window) {
            window -= 1;
        }
        let semi = tail[..window].find(';');
        let decoded = semi.and_then(|j| {
            let name = &tail[1..j];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                "lrm" | "rlm" => Some('\u{200B}'),
                _ => {
                    if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                        u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
                    } else if let Some(dec) = name.strip_prefix('#') {
                        dec.parse().ok().and_then(char::from_u32)
                    } else {
                        None
                    }
                }
            };
            c.map(|c| (c, j + 1))
        });
        match decoded {
            Some((c, len)) => {
                if c != '\u{200B}' {
                    out.push(c);
                }
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

impl Format for WebVtt {
    fn name(&self) -> &'static str {
        match self.0 {
            Variant::Zoom => "zoom-vtt",
            Variant::Teams => "teams-vtt",
            Variant::Generic => "webvtt",
        }
    }

    fn detection(&self) -> &'static str {
        match self.0 {
            Variant::Zoom => "`WEBVTT` header; most cues start `Name: text`",
            Variant::Teams => {
                "`WEBVTT` header; `GUID/N-M` cue ids or closed `<v Name>…</v>` voice spans"
            }
            Variant::Generic => {
                "`WEBVTT` header; anything else (voice spans that are never closed, or no speakers)"
            }
        }
    }

    fn detect(&self, input: &Input) -> bool {
        if !is_webvtt(input.text) {
            return false;
        }
        // A broken file is still WebVTT: the generic reader claims it and reports where it broke.
        match cues(input.text) {
            Ok(c) => variant(&c) == self.0,
            Err(_) => self.0 == Variant::Generic,
        }
    }

    fn parse(&self, input: &Input) -> Result<Vec<Transcript>, ParseError> {
        if !is_webvtt(input.text) {
            return Err(ParseError::at(1, "missing the `WEBVTT` header line"));
        }
        let cues = cues(input.text)?;
        let mut b = UtteranceBuilder::merging();
        let mut teams_speaker: Option<String> = None;
        for cue in &cues {
            let payload = cue.payload.join("\n");
            let pieces: Vec<(Option<String>, String)> = if payload.contains("<v") {
                voice_pieces(&payload)
            } else if self.0 == Variant::Zoom {
                match split_speaker(&payload) {
                    Some((name, text)) => vec![(Some(name.to_string()), clean_text(text))],
                    None => vec![(None, clean_text(&payload))],
                }
            } else {
                vec![(None, clean_text(&payload))]
            };
            for (speaker, text) in pieces {
                // Teams wraps one voice span over several cues of one utterance.
                let speaker = if self.0 == Variant::Teams && speaker.is_none() {
                    teams_speaker.clone()
                } else {
                    speaker
                };
                if self.0 == Variant::Teams {
                    teams_speaker.clone_from(&speaker);
                }
                b.push(Utterance {
                    speaker: speaker.filter(|s| !s.is_empty()),
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

    fn parse(text: &str) -> (&'static str, Vec<Utterance>) {
        let input = Input::new(text);
        let f = [&TEAMS, &ZOOM, &GENERIC]
            .into_iter()
            .find(|f| f.detect(&input))
            .expect("detected");
        (f.name(), f.parse(&input).unwrap().remove(0).utterances)
    }

    #[test]
    fn zoom_names_and_merge() {
        let (f, u) = parse("WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nAna Li: Hello\n\n2\n00:00:02.000 --> 00:00:03.500\nAna Li: there.\n\n3\n00:00:04.000 --> 00:00:05.000\nBo: Hi!\n\n4\n00:00:05.000 --> 00:00:06.000\nHmm.\n");
        assert_eq!(f, "zoom-vtt");
        assert_eq!(u.len(), 3);
        assert_eq!(u[0].text, "Hello there.");
        assert_eq!((u[0].start, u[0].end), (Some(1.0), Some(3.5)));
        assert_eq!(u[2].speaker, None);
    }

    #[test]
    fn teams_voice_spans_guid_ids_and_wrapping() {
        let text = "WEBVTT\n\n8a0b-1/12-0\n00:00:01.000 --> 00:00:02.000\n<v Ana Li>Hello\nthere</v>\n\n8a0b-1/12-1\n00:00:02.000 --> 00:00:03.000\nand more.\n\n9/13-0\n0:0:3.5 --> 0:0:4.0\n<v Bo (Room 2)>Hi &amp; bye</v>\n";
        let (f, u) = parse(text);
        assert_eq!(f, "teams-vtt");
        assert_eq!(u.len(), 2);
        assert_eq!(u[0].text, "Hello there and more.");
        assert_eq!(u[1].speaker.as_deref(), Some("Bo (Room 2)"));
        assert_eq!(u[1].text, "Hi & bye");
    }

    #[test]
    fn generic_w3c_features() {
        let text = "WEBVTT - a title\n\nSTYLE\n::cue { color: red }\n\nNOTE a comment\nover lines\n\n00:11.000 --> 00:13.000 align:right size:50%\n<v.loud Roger>We are <i>here</i> &lt;3 &#x41;<00:12.000>!\n\n00:13.000 --> 00:14.000\n<v Neil>No.\n";
        let (f, u) = parse(text);
        assert_eq!(f, "webvtt");
        assert_eq!(u[0].speaker.as_deref(), Some("Roger"));
        assert_eq!(u[0].text, "We are here <3 A!");
        assert_eq!(u[1].start, Some(13.0));
    }

    #[test]
    fn bad_timing_line_is_an_error_with_its_line() {
        let input = Input::new("WEBVTT\n\n1\n00:00:01.000 --> 00:0x:02.000\nA: hi\n");
        assert!(GENERIC.detect(&input));
        let e = GENERIC.parse(&input).unwrap_err();
        assert_eq!(e.line, Some(4));
        assert!(e.message.contains("bad cue timing"));
    }

    /// Regression: `&` followed by multi-byte text within 12 bytes panicked.
    #[test]
    fn entity_scan_stops_on_a_char_boundary() {
        assert_eq!(decode_entities("A&B社の営業です"), "A&B社の営業です");
        assert_eq!(decode_entities("Café&ééééééé ok"), "Café&ééééééé ok");
        assert_eq!(decode_entities("&amp;社"), "&社");
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &amp; b &#65; &nbsp;x &bogus; &"),
            "a & b A  x &bogus; &"
        );
    }
}
