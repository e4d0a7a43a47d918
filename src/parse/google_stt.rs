//! Google Cloud Speech-to-Text responses, v1 and v2.
//!
//! `results[]` each hold `alternatives[0]` with a `transcript` and, when word
//! offsets were requested, `words[]`: v1 writes `startTime`/`endTime`
//! (`"1.300s"`) and `speakerTag` (int); v2 writes `startOffset`/`endOffset`
//! and `speakerLabel` (string). Client libraries also emit snake_case keys.
//!
//! The trap: with diarization on, every result holds its own words *without*
//! speakers, and the last result repeats every word of the call *with*
//! speakers. Using every result would count the call twice, so when any word
//! carries a speaker only the last result that has speakers is read. Without
//! diarization each result is one speakerless piece.

use super::json::Node;
use super::words::{words_to_utterances, Word};
use super::{Format, Input, ParseError};
use crate::transcript::{Transcript, Utterance, UtteranceBuilder};

pub struct GoogleStt;

pub static GOOGLE_STT: GoogleStt = GoogleStt;

/// The `results` list, at the top or inside a long-running operation's `response`.
fn results_of(v: &serde_json::Value) -> Option<&serde_json::Value> {
    v.get("results")
        .or_else(|| v.get("response").and_then(|r| r.get("results")))
        .filter(|r| r.is_array())
}

/// The first of several spellings of a field that is present.
fn first<'a>(n: &Node<'a>, keys: &[&str]) -> Option<Node<'a>> {
    keys.iter().find_map(|k| n.get(k))
}

fn word_of(w: &Node) -> Result<Word, ParseError> {
    let num = |keys: &[&str]| first(w, keys).map(|n| n.num()).transpose();
    Ok(Word {
        text: w.req_str("word")?.to_string(),
        start: num(&["startTime", "startOffset", "start_time", "start_offset"])?,
        end: num(&["endTime", "endOffset", "end_time", "end_offset"])?,
        speaker: first(
            w,
            &["speakerTag", "speakerLabel", "speaker_tag", "speaker_label"],
        )
        .map(|n| n.label())
        .transpose()?
        .filter(|s| !s.is_empty() && s != "0")
        .map(|s| format!("Speaker {s}")),
        attach: false,
    })
}

fn first_alternative<'a>(r: &Node<'a>) -> Result<Option<Node<'a>>, ParseError> {
    Ok(r.opt_items("alternatives")?.into_iter().next())
}

impl Format for GoogleStt {
    fn name(&self) -> &'static str {
        "google-stt"
    }

    fn detection(&self) -> &'static str {
        "JSON object whose `results` (or `response.results`) list holds `alternatives`"
    }

    fn detect(&self, input: &Input) -> bool {
        input
            .json()
            .and_then(results_of)
            .and_then(|r| r.as_array())
            .is_some_and(|r| r.iter().any(|x| x.get("alternatives").is_some()))
    }

    fn parse(&self, input: &Input) -> Result<Vec<Transcript>, ParseError> {
        let root = Node::document(input)?;
        let results = match root.get("results") {
            Some(r) => r.items()?,
            None => root.req("response")?.req_items("results")?,
        };
        let mut per_result: Vec<(Node, Vec<Word>)> = Vec::new();
        for r in &results {
            let mut words = Vec::new();
            if let Some(alt) = first_alternative(r)? {
                for w in alt.opt_items("words")? {
                    words.push(word_of(&w)?);
                }
            }
            per_result.push((r.clone(), words));
        }
        if let Some((_, words)) = per_result
            .iter()
            .rev()
            .find(|(_, w)| w.iter().any(|w| w.speaker.is_some()))
        {
            return Ok(vec![Transcript::new(words_to_utterances(words))]);
        }
        let mut b = UtteranceBuilder::merging();
        for (r, words) in &per_result {
            let Some(alt) = first_alternative(r)? else {
                continue;
            };
            let end = match first(r, &["resultEndTime", "resultEndOffset", "result_end_time"]) {
                Some(n) => Some(n.num()?),
                None => words.last().and_then(|w| w.end),
            };
            b.push(Utterance {
                start: words.first().and_then(|w| w.start),
                end,
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
        crate::parse::detect_and_parse(&GOOGLE_STT, text)
    }

    #[test]
    fn diarized_v1_reads_only_the_last_result() {
        let u = parse(
            r#"{"results":[
            {"alternatives":[{"transcript":"Hi Tom","words":[{"startTime":"0.5s","endTime":"0.8s","word":"Hi"},{"startTime":"0.8s","endTime":"1.2s","word":"Tom"}]}]},
            {"alternatives":[{"transcript":"Hello","words":[{"startTime":"1.5s","endTime":"2s","word":"Hello"}]}]},
            {"alternatives":[{"words":[{"startTime":"0.5s","endTime":"0.8s","word":"Hi","speakerTag":1},{"startTime":"0.8s","endTime":"1.2s","word":"Tom","speakerTag":1},{"startTime":"1.5s","endTime":"2s","word":"Hello","speakerTag":2}]}]}]}"#,
        )
        .unwrap();
        assert_eq!(u.len(), 2);
        assert_eq!(u[0].text, "Hi Tom");
        assert_eq!(u[0].speaker.as_deref(), Some("Speaker 1"));
        assert_eq!((u[1].start, u[1].end), (Some(1.5), Some(2.0)));
    }

    #[test]
    fn v2_offsets_and_labels() {
        let u = parse(r#"{"results":[{"alternatives":[{"transcript":"Yes.","words":[{"startOffset":"3.100s","endOffset":"3.400s","word":"Yes.","speakerLabel":"2"}]}],"resultEndOffset":"3.5s"}]}"#).unwrap();
        assert_eq!(u[0].speaker.as_deref(), Some("Speaker 2"));
        assert_eq!(u[0].start, Some(3.1));
    }

    #[test]
    fn undiarized_results_are_pieces() {
        let u = parse(r#"{"results":[{"alternatives":[{"transcript":"one"}],"resultEndTime":"2s"},{"alternatives":[{"transcript":" two"}]}]}"#).unwrap();
        assert_eq!(u.len(), 2);
        assert_eq!(u[0].end, Some(2.0));
        assert_eq!(u[1].text, "two");
        let e = parse(r#"{"results":[{"alternatives":[{"words":[{"startTime":"1s"}]}]}]}"#)
            .unwrap_err();
        assert_eq!(
            e.message,
            "results[0].alternatives[0].words[0].word missing"
        );
    }
}
