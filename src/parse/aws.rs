//! Amazon Transcribe batch output and Transcribe Call Analytics output.
//!
//! **Transcribe** (`jobName` + `results`) writes times as strings and has
//! grown three ways of saying who spoke, tried richest first:
//! 1. `results.audio_segments[]` (2022 on): ready-made turns with
//!    `transcript`, `start_time`, `end_time`, `speaker_label` or `channel_label`;
//! 2. `results.items[]` — words (`pronunciation`, with times) and punctuation
//!    (no times; it belongs to the word before) — whose speaker is the item's
//!    own `speaker_label` or, in older files, the
//!    `results.speaker_labels.segments[].items[]` entry with the same start;
//! 3. stereo calls: `results.channel_labels.channels[]`, each with its own
//!    items, interleaved by time.
//!
//! Labels are kept as AWS writes them (`spk_0`, `ch_0`): they name nobody,
//! and making them look like names would be inventing.
//!
//! **Call Analytics** (`Transcript[]` of turns with `ParticipantRole`) knows
//! the sides: AGENT is the seller, CUSTOMER the buyer.

use std::collections::HashMap;

use super::json::{has_keys, Node};
use super::words::{words_to_utterances, Word};
use super::{Format, Input, ParseError};
use crate::transcript::{Role, Transcript, Utterance, UtteranceBuilder};

pub struct AwsTranscribe;
pub struct AwsCallAnalytics;

pub static AWS_TRANSCRIBE: AwsTranscribe = AwsTranscribe;
pub static AWS_CALL_ANALYTICS: AwsCallAnalytics = AwsCallAnalytics;

/// Time keys for looking up speaker segments: milliseconds, so `"1.50"` and `"1.5"` agree.
fn key(t: f64) -> i64 {
    (t * 1000.0).round() as i64
}

/// Reads `items[]` into words; `label` gives an item's speaker when it has none of its own.
fn items_to_words(
    items: &[Node],
    label: &dyn Fn(Option<f64>) -> Option<String>,
) -> Result<Vec<Word>, ParseError> {
    let mut out = Vec::with_capacity(items.len());
    for it in items {
        let alt = it.req_items("alternatives")?;
        let content = alt
            .first()
            .ok_or_else(|| ParseError::new(format!("{}.alternatives is empty", it.at())))?
            .req_str("content")?;
        let punct = it.opt_str("type")? == Some("punctuation");
        let start = it.opt_num("start_time")?;
        if !punct && start.is_none() {
            return Err(ParseError::new(format!("{}.start_time missing", it.at())));
        }
        let own = it
            .opt_label("speaker_label")?
            .or(it.opt_label("channel_label")?);
        out.push(Word {
            text: content.to_string(),
            start,
            end: it.opt_num("end_time")?,
            speaker: if punct {
                None
            } else {
                own.or_else(|| label(start))
            },
            attach: punct,
        });
    }
    Ok(out)
}

impl Format for AwsTranscribe {
    fn name(&self) -> &'static str {
        "aws-transcribe"
    }

    fn detection(&self) -> &'static str {
        "JSON object with `jobName` and `results`"
    }

    fn detect(&self, input: &Input) -> bool {
        input
            .json()
            .is_some_and(|v| has_keys(v, &["jobName", "results"]))
    }

    fn parse(&self, input: &Input) -> Result<Vec<Transcript>, ParseError> {
        let root = Node::document(input)?;
        let results = root.req("results")?;

        let segments = results.opt_items("audio_segments")?;
        if !segments.is_empty() {
            let mut b = UtteranceBuilder::merging();
            for s in segments {
                b.push(Utterance {
                    speaker: s
                        .opt_label("speaker_label")?
                        .or(s.opt_label("channel_label")?),
                    start: Some(s.req_num("start_time")?),
                    end: Some(s.req_num("end_time")?),
                    text: s.req_str("transcript")?.to_string(),
                    ..Utterance::default()
                });
            }
            return Ok(vec![Transcript::new(b.finish())]);
        }

        if let Some(ch) = results.get("channel_labels") {
            let mut all: Vec<(f64, usize, usize, Word)> = Vec::new();
            for (c, channel) in ch.req_items("channels")?.iter().enumerate() {
                let name = channel.opt_label("channel_label")?;
                let items = channel.opt_items("items")?;
                let words = items_to_words(&items, &|_| name.clone())?;
                let mut last = 0.0;
                for (i, w) in words.into_iter().enumerate() {
                    last = w.start.unwrap_or(last);
                    all.push((last, c, i, w));
                }
            }
            all.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
            let words: Vec<Word> = all.into_iter().map(|(.., w)| w).collect();
            return Ok(vec![Transcript::new(words_to_utterances(&words))]);
        }

        let mut by_start: HashMap<i64, String> = HashMap::new();
        let mut spans: Vec<(f64, f64, String)> = Vec::new();
        if let Some(sl) = results.get("speaker_labels") {
            for seg in sl.opt_items("segments")? {
                let seg_label = seg.opt_label("speaker_label")?;
                for it in seg.opt_items("items")? {
                    let label = it.opt_label("speaker_label")?.or(seg_label.clone());
                    if let (Some(t), Some(l)) = (it.opt_num("start_time")?, label) {
                        by_start.insert(key(t), l);
                    }
                }
                if let (Some(a), Some(z), Some(l)) = (
                    seg.opt_num("start_time")?,
                    seg.opt_num("end_time")?,
                    seg_label,
                ) {
                    spans.push((a, z, l));
                }
            }
        }
        let items = results.opt_items("items")?;
        let label = |t: Option<f64>| {
            let t = t?;
            by_start.get(&key(t)).cloned().or_else(|| {
                spans
                    .iter()
                    .find(|(a, z, _)| *a <= t && t < *z)
                    .map(|(.., l)| l.clone())
            })
        };
        let words = items_to_words(&items, &label)?;
        if !words.is_empty() {
            return Ok(vec![Transcript::new(words_to_utterances(&words))]);
        }
        let mut b = UtteranceBuilder::merging();
        for t in results.opt_items("transcripts")? {
            b.push(Utterance {
                text: t.req_str("transcript")?.to_string(),
                ..Utterance::default()
            });
        }
        Ok(vec![Transcript::new(b.finish())])
    }
}

impl Format for AwsCallAnalytics {
    fn name(&self) -> &'static str {
        "aws-call-analytics"
    }

    fn detection(&self) -> &'static str {
        "JSON object whose `Transcript` list holds turns with `ParticipantRole`"
    }

    fn detect(&self, input: &Input) -> bool {
        input.json().is_some_and(|v| {
            v.get("Transcript")
                .and_then(|t| t.as_array())
                .is_some_and(|t| t.iter().take(1).all(|f| f.get("ParticipantRole").is_some()))
        })
    }

    fn parse(&self, input: &Input) -> Result<Vec<Transcript>, ParseError> {
        let root = Node::document(input)?;
        let mut b = UtteranceBuilder::merging();
        for t in root.req_items("Transcript")? {
            let who = t.req_str("ParticipantRole")?;
            let (speaker, role) = match who.to_ascii_uppercase().as_str() {
                "AGENT" => ("Agent".to_string(), Role::Seller),
                "CUSTOMER" => ("Customer".to_string(), Role::Buyer),
                _ => (who.to_string(), Role::Unknown),
            };
            b.push(Utterance {
                speaker: Some(speaker),
                role,
                start: Some(t.req_num("BeginOffsetMillis")? / 1000.0),
                end: Some(t.req_num("EndOffsetMillis")? / 1000.0),
                text: t.req_str("Content")?.to_string(),
                ..Utterance::default()
            });
        }
        Ok(vec![Transcript::new(b.finish())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(f: &dyn Format, text: &str) -> Result<Vec<Utterance>, ParseError> {
        crate::parse::detect_and_parse(f, text)
    }

    const ITEMS: &str = r#""items":[
        {"start_time":"0.5","end_time":"0.9","alternatives":[{"content":"Hello"}],"type":"pronunciation"},
        {"alternatives":[{"content":","}],"type":"punctuation"},
        {"start_time":"1.0","end_time":"1.4","alternatives":[{"content":"Tom"}],"type":"pronunciation"},
        {"alternatives":[{"content":"."}],"type":"punctuation"},
        {"start_time":"2.0","end_time":"2.3","alternatives":[{"content":"Hi"}],"type":"pronunciation"},
        {"alternatives":[{"content":"."}],"type":"punctuation"}]"#;

    #[test]
    fn old_speaker_labels_joined_by_time_punctuation_attached() {
        let text = format!(
            r#"{{"jobName":"j","results":{{"transcripts":[{{"transcript":"Hello, Tom. Hi."}}],
            "speaker_labels":{{"speakers":2,"segments":[
              {{"start_time":"0.5","end_time":"1.4","speaker_label":"spk_0","items":[{{"start_time":"0.5","end_time":"0.9","speaker_label":"spk_0"}},{{"start_time":"1.0","end_time":"1.4","speaker_label":"spk_0"}}]}},
              {{"start_time":"2.0","end_time":"2.3","speaker_label":"spk_1","items":[{{"start_time":"2.00","end_time":"2.3","speaker_label":"spk_1"}}]}}]}},
            {ITEMS}}}}}"#
        );
        let u = parse(&AWS_TRANSCRIBE, &text).unwrap();
        assert_eq!(u.len(), 2);
        assert_eq!(u[0].text, "Hello, Tom.");
        assert_eq!(u[0].speaker.as_deref(), Some("spk_0"));
        assert_eq!((u[0].start, u[0].end), (Some(0.5), Some(1.4)));
        assert_eq!(u[1].text, "Hi.");
        assert_eq!(u[1].speaker.as_deref(), Some("spk_1"));
    }

    #[test]
    fn no_speakers_gives_sentences() {
        let text = format!(r#"{{"jobName":"j","results":{{"transcripts":[],{ITEMS}}}}}"#);
        let u = parse(&AWS_TRANSCRIBE, &text).unwrap();
        let t: Vec<&str> = u.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(t, ["Hello, Tom.", "Hi."]);
    }

    #[test]
    fn channels_interleave_by_time() {
        let text = r#"{"jobName":"j","results":{"channel_labels":{"number_of_channels":2,"channels":[
            {"channel_label":"ch_0","items":[{"start_time":"0.1","end_time":"0.5","alternatives":[{"content":"Hi"}],"type":"pronunciation"},{"alternatives":[{"content":"."}],"type":"punctuation"},
                                             {"start_time":"3.0","end_time":"3.5","alternatives":[{"content":"Great"}],"type":"pronunciation"}]},
            {"channel_label":"ch_1","items":[{"start_time":"1.0","end_time":"1.5","alternatives":[{"content":"Hello"}],"type":"pronunciation"}]}]}}}"#;
        let u = parse(&AWS_TRANSCRIBE, text).unwrap();
        let t: Vec<(&str, &str)> = u
            .iter()
            .map(|u| (u.speaker.as_deref().unwrap_or(""), u.text.as_str()))
            .collect();
        assert_eq!(t, [("ch_0", "Hi."), ("ch_1", "Hello"), ("ch_0", "Great")]);
    }

    #[test]
    fn audio_segments_preferred_and_missing_times_named() {
        let text = r#"{"jobName":"j","results":{"audio_segments":[{"id":0,"transcript":"Hi.","start_time":"0.5","end_time":"1.0","speaker_label":"spk_0"}],"items":[]}}"#;
        assert_eq!(parse(&AWS_TRANSCRIBE, text).unwrap()[0].start, Some(0.5));
        let text = r#"{"jobName":"j","results":{"audio_segments":[{"transcript":"Hi.","end_time":"1.0"}]}}"#;
        assert_eq!(
            parse(&AWS_TRANSCRIBE, text).unwrap_err().message,
            "results.audio_segments[0].start_time missing"
        );
    }

    #[test]
    fn call_analytics_roles() {
        let text = r#"{"JobName":"j","Transcript":[{"ParticipantRole":"AGENT","BeginOffsetMillis":500,"EndOffsetMillis":2000,"Content":"Thanks for calling."},
            {"ParticipantRole":"CUSTOMER","BeginOffsetMillis":2100,"EndOffsetMillis":3000,"Content":"Hi."}]}"#;
        let u = parse(&AWS_CALL_ANALYTICS, text).unwrap();
        assert_eq!(u[0].speaker.as_deref(), Some("Agent"));
        assert_eq!(u[0].role, Role::Seller);
        assert_eq!(u[1].role, Role::Buyer);
        assert_eq!(u[1].start, Some(2.1));
    }
}
