//! Deepgram pre-recorded responses: `metadata` + `results.channels`.
//!
//! What a response holds depends on the options of the request, so the
//! richest source present is used:
//! 1. `results.utterances[]` (`utterances=true`): one piece each, speaker
//!    `Speaker N` from the diarized `speaker` int (or `Channel N` on a
//!    multichannel call without diarization);
//! 2. the words of `channels[*].alternatives[0]`, grouped by `speaker` (or by
//!    channel on multichannel audio), using `punctuated_word` when there;
//! 3. without any speaker: the `paragraphs` Deepgram made, else words cut into
//!    sentences, else the whole `transcript` as one piece.

use super::json::{pointer, Node};
use super::words::{words_to_utterances, Word};
use super::{Format, Input, ParseError};
use crate::transcript::{Transcript, Utterance, UtteranceBuilder};

pub struct Deepgram;

pub static DEEPGRAM: Deepgram = Deepgram;

fn speaker_name(
    speaker: Option<String>,
    channel: Option<String>,
    multichannel: bool,
) -> Option<String> {
    match (speaker, channel) {
        (Some(s), _) => Some(format!("Speaker {s}")),
        (None, Some(c)) if multichannel => Some(format!("Channel {c}")),
        _ => None,
    }
}

impl Format for Deepgram {
    fn name(&self) -> &'static str {
        "deepgram"
    }

    fn detection(&self) -> &'static str {
        "JSON object with `metadata` and `results.channels`"
    }

    fn detect(&self, input: &Input) -> bool {
        input.json().is_some_and(|v| {
            v.get("metadata").is_some() && pointer(v, &["results", "channels"]).is_some()
        })
    }

    fn parse(&self, input: &Input) -> Result<Vec<Transcript>, ParseError> {
        let root = Node::document(input)?;
        let results = root.req("results")?;
        let channels = results.req_items("channels")?;
        let multichannel = channels.len() > 1;

        let utterances = results.opt_items("utterances")?;
        if !utterances.is_empty() {
            let mut b = UtteranceBuilder::merging();
            for u in utterances {
                b.push(Utterance {
                    speaker: speaker_name(
                        u.opt_label("speaker")?,
                        u.opt_label("channel")?,
                        multichannel,
                    ),
                    start: Some(u.req_num("start")?),
                    end: Some(u.req_num("end")?),
                    text: u.req_str("transcript")?.to_string(),
                    ..Utterance::default()
                });
            }
            return Ok(vec![Transcript::new(b.finish())]);
        }

        let mut words = Vec::new();
        let mut alternatives = Vec::new();
        for (i, ch) in channels.iter().enumerate() {
            let alts = ch.req_items("alternatives")?;
            let alt = alts
                .into_iter()
                .next()
                .ok_or_else(|| ParseError::new(format!("{}.alternatives is empty", ch.at())))?;
            for w in alt.opt_items("words")? {
                let text = match w.opt_str("punctuated_word")? {
                    Some(t) => t,
                    None => w.req_str("word")?,
                };
                words.push(Word {
                    text: text.to_string(),
                    start: w.opt_num("start")?,
                    end: w.opt_num("end")?,
                    speaker: speaker_name(
                        w.opt_label("speaker")?,
                        Some(i.to_string()),
                        multichannel,
                    ),
                    attach: false,
                });
            }
            alternatives.push(alt);
        }
        if words.iter().any(|w| w.speaker.is_some()) {
            words.sort_by(|a, b| a.start.unwrap_or(0.0).total_cmp(&b.start.unwrap_or(0.0)));
            return Ok(vec![Transcript::new(words_to_utterances(&words))]);
        }
        // No speakers: Deepgram's own paragraphs are the best cut.
        let mut b = UtteranceBuilder::merging();
        for alt in &alternatives {
            let paragraphs = match alt.get("paragraphs") {
                Some(p) => p.opt_items("paragraphs")?,
                None => Vec::new(),
            };
            for p in &paragraphs {
                let sentences = p.opt_items("sentences")?;
                let mut text = Vec::new();
                for s in &sentences {
                    text.push(s.req_str("text")?);
                }
                b.push(Utterance {
                    start: p.opt_num("start")?,
                    end: p.opt_num("end")?,
                    text: text.join(" "),
                    ..Utterance::default()
                });
            }
        }
        if !b.is_empty() {
            return Ok(vec![Transcript::new(b.finish())]);
        }
        if !words.is_empty() {
            return Ok(vec![Transcript::new(words_to_utterances(&words))]);
        }
        for alt in &alternatives {
            b.push(Utterance {
                text: alt.opt_str("transcript")?.unwrap_or_default().to_string(),
                ..Utterance::default()
            });
        }
        Ok(vec![Transcript::new(b.finish())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<Utterance>, ParseError> {
        crate::parse::detect_and_parse(&DEEPGRAM, text)
    }

    #[test]
    fn utterances_win() {
        let u = parse(r#"{"metadata":{},"results":{"channels":[{"alternatives":[{"transcript":"x","words":[]}]}],
            "utterances":[{"start":1.0,"end":2.0,"transcript":"Hi Tom.","speaker":0,"channel":0},
                          {"start":2.0,"end":3.0,"transcript":"How are you?","speaker":0},
                          {"start":3.5,"end":4.0,"transcript":"Good.","speaker":1}]}}"#)
        .unwrap();
        assert_eq!(u.len(), 2);
        assert_eq!(u[0].speaker.as_deref(), Some("Speaker 0"));
        assert_eq!(u[0].text, "Hi Tom. How are you?");
        assert_eq!(u[0].end, Some(3.0));
    }

    #[test]
    fn words_grouped_by_speaker() {
        let u = parse(
            r#"{"metadata":{},"results":{"channels":[{"alternatives":[{"transcript":"x","words":[
            {"word":"hi","punctuated_word":"Hi.","start":0.1,"end":0.3,"speaker":0},
            {"word":"hello","punctuated_word":"Hello.","start":0.5,"end":0.9,"speaker":1},
            {"word":"so","start":1.0,"end":1.2,"speaker":1}]}]}]}}"#,
        )
        .unwrap();
        assert_eq!(u.len(), 2);
        assert_eq!(u[1].text, "Hello. so");
        assert_eq!(u[1].speaker.as_deref(), Some("Speaker 1"));
    }

    #[test]
    fn no_speakers_no_words_whole_transcript() {
        let u = parse(r#"{"metadata":{},"results":{"channels":[{"alternatives":[{"transcript":"just text"}]}]}}"#).unwrap();
        assert_eq!(u.len(), 1);
        assert_eq!(u[0].speaker, None);
    }

    #[test]
    fn missing_fields_are_named() {
        let e = parse(r#"{"metadata":{},"results":{"channels":[{}]}}"#).unwrap_err();
        assert_eq!(e.message, "results.channels[0].alternatives missing");
        let e = parse(
            r#"{"metadata":{},"results":{"channels":[],"utterances":[{"start":1,"end":2}]}}"#,
        )
        .unwrap_err();
        assert_eq!(e.message, "results.utterances[0].transcript missing");
    }
}
