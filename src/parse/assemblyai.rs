//! AssemblyAI transcripts (`GET /v2/transcript/{id}`).
//!
//! With speaker labels on, `utterances[]` holds the turns: speaker `"A"`,
//! `"B"`… (shown as `Speaker A`), `start`/`end` in milliseconds. Without
//! them `utterances` is `null`; the `words` (milliseconds too, perhaps with a
//! speaker) are cut into sentences, and failing those the `text` is one piece.

use super::json::{has_keys, Node};
use super::words::{words_to_utterances, Word};
use super::{Format, Input, ParseError};
use crate::transcript::{Transcript, Utterance, UtteranceBuilder};

pub struct AssemblyAi;

pub static ASSEMBLYAI: AssemblyAi = AssemblyAi;

fn ms(n: Option<f64>) -> Option<f64> {
    n.map(|v| v / 1000.0)
}

impl Format for AssemblyAi {
    fn name(&self) -> &'static str {
        "assemblyai"
    }

    fn detection(&self) -> &'static str {
        "JSON object with `utterances` and `audio_duration`"
    }

    fn detect(&self, input: &Input) -> bool {
        input
            .json()
            .is_some_and(|v| has_keys(v, &["utterances", "audio_duration"]))
    }

    fn parse(&self, input: &Input) -> Result<Vec<Transcript>, ParseError> {
        let root = Node::document(input)?;
        let utterances = root.opt_items("utterances")?;
        if !utterances.is_empty() {
            let mut b = UtteranceBuilder::merging();
            for u in utterances {
                b.push(Utterance {
                    speaker: u.opt_label("speaker")?.map(|s| format!("Speaker {s}")),
                    start: Some(u.req_num("start")? / 1000.0),
                    end: Some(u.req_num("end")? / 1000.0),
                    text: u.req_str("text")?.to_string(),
                    ..Utterance::default()
                });
            }
            return Ok(vec![Transcript::new(b.finish())]);
        }
        let mut words = Vec::new();
        for w in root.opt_items("words")? {
            words.push(Word {
                text: w.req_str("text")?.to_string(),
                start: ms(w.opt_num("start")?),
                end: ms(w.opt_num("end")?),
                speaker: w.opt_label("speaker")?.map(|s| format!("Speaker {s}")),
                attach: false,
            });
        }
        if !words.is_empty() {
            return Ok(vec![Transcript::new(words_to_utterances(&words))]);
        }
        let text = root
            .opt_str("text")?
            .ok_or_else(|| ParseError::new("utterances, words and text all missing or empty"))?;
        let mut b = UtteranceBuilder::merging();
        b.push(Utterance {
            text: text.to_string(),
            ..Utterance::default()
        });
        Ok(vec![Transcript::new(b.finish())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<Utterance>, ParseError> {
        crate::parse::detect_and_parse(&ASSEMBLYAI, text)
    }

    #[test]
    fn utterances_in_ms() {
        let u = parse(r#"{"audio_duration":9,"utterances":[{"speaker":"A","start":1500,"end":3000,"text":"Hi."},{"speaker":"B","start":3200,"end":4000,"text":"Hey."}]}"#).unwrap();
        assert_eq!(u[0].speaker.as_deref(), Some("Speaker A"));
        assert_eq!((u[0].start, u[0].end), (Some(1.5), Some(3.0)));
    }

    #[test]
    fn null_utterances_fall_back_to_words_then_text() {
        let u = parse(r#"{"audio_duration":9,"utterances":null,"text":"Hi. Bye.","words":[{"text":"Hi.","start":0,"end":400},{"text":"Bye.","start":500,"end":900}]}"#).unwrap();
        assert_eq!(u.len(), 2);
        assert_eq!(u[1].start, Some(0.5));
        let u = parse(r#"{"audio_duration":9,"utterances":null,"text":"Hi. Bye.","words":[]}"#)
            .unwrap();
        assert_eq!(u[0].text, "Hi. Bye.");
        let e = parse(r#"{"audio_duration":9,"utterances":[{"speaker":"A","end":1,"text":"x"}]}"#)
            .unwrap_err();
        assert_eq!(e.message, "utterances[0].start missing");
    }
}
