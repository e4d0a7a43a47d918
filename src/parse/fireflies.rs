//! Fireflies.ai GraphQL API transcripts.
//!
//! The API answers `{"data": {"transcript": {..., "sentences": [...]}}}`;
//! people also save just the transcript object or the bare `sentences` list
//! holder. Each sentence has `speaker_name` (null when Fireflies could not
//! tell), `text`, and `start_time`/`end_time` in seconds.

use super::json::{pointer, Node};
use super::{Format, Input, ParseError};
use crate::transcript::{Transcript, Utterance, UtteranceBuilder};

pub struct Fireflies;

pub static FIREFLIES: Fireflies = Fireflies;

/// The node holding `sentences`: `data.transcript`, or the document itself.
fn holder(v: &serde_json::Value) -> Option<(&serde_json::Value, &'static str)> {
    if let Some(t) = pointer(v, &["data", "transcript"]) {
        if t.get("sentences").is_some() {
            return Some((t, "data.transcript"));
        }
    }
    let sentences = v.get("sentences")?.as_array()?;
    // A bare `sentences` list is only Fireflies when its entries look like Fireflies'.
    sentences
        .iter()
        .take(1)
        .all(|s| s.get("speaker_name").is_some() || s.get("start_time").is_some())
        .then_some((v, ""))
}

impl Format for Fireflies {
    fn name(&self) -> &'static str {
        "fireflies"
    }

    fn detection(&self) -> &'static str {
        "JSON object with `data.transcript.sentences`, or `sentences` entries with `speaker_name`/`start_time`"
    }

    fn detect(&self, input: &Input) -> bool {
        input.json().and_then(holder).is_some()
    }

    fn parse(&self, input: &Input) -> Result<Vec<Transcript>, ParseError> {
        let v = Node::document(input)?.value;
        let (value, path) =
            holder(v).ok_or_else(|| ParseError::new("data.transcript.sentences missing"))?;
        let node = Node {
            value,
            path: path.to_string(),
        };
        let mut b = UtteranceBuilder::merging();
        for s in node.req_items("sentences")? {
            b.push(Utterance {
                speaker: s.opt_label("speaker_name")?,
                start: Some(s.req_num("start_time")?),
                end: Some(s.req_num("end_time")?),
                text: s.req_str("text")?.to_string(),
                ..Utterance::default()
            });
        }
        Ok(vec![Transcript::new(b.finish())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_response_and_missing_fields() {
        let input = Input::new(
            r#"{"data":{"transcript":{"title":"Intro","sentences":[
            {"index":0,"speaker_name":"Dana","text":"Hi.","start_time":0.5,"end_time":1.0},
            {"index":1,"speaker_name":"Dana","text":"Ready?","start_time":1.0,"end_time":1.6},
            {"index":2,"speaker_name":null,"text":"Yes.","start_time":2.0,"end_time":2.4}]}}}"#,
        );
        assert!(FIREFLIES.detect(&input));
        let u = FIREFLIES.parse(&input).unwrap().remove(0).utterances;
        assert_eq!(u.len(), 2);
        assert_eq!(u[0].text, "Hi. Ready?");
        assert_eq!(u[1].speaker, None);
        let input = Input::new(r#"{"sentences":[{"speaker_name":"A","text":"x","end_time":1}]}"#);
        assert!(FIREFLIES.detect(&input));
        assert_eq!(
            FIREFLIES.parse(&input).unwrap_err().message,
            "sentences[0].start_time missing"
        );
        let input = Input::new(
            r#"{"data":{"transcript":{"sentences":[{"speaker_name":"A","text":"x","end_time":1}]}}}"#,
        );
        assert_eq!(
            FIREFLIES.parse(&input).unwrap_err().message,
            "data.transcript.sentences[0].start_time missing"
        );
    }
}
