//! OpenAI Whisper JSON (CLI output, API `verbose_json`, whisper-timestamped)
//! and WhisperX.
//!
//! Both hold `segments[]` with `start`, `end` and `text` (with a leading
//! space). Plain Whisper has no speakers, so each segment is a speakerless
//! piece; diarizing wrappers add `segments[].speaker`, which is used when
//! present. Whisper repeats itself on silence ("Thank you. Thank you. …"):
//! an exact repeat of the previous segment is dropped when it is long enough
//! not to be a genuine "Yes." "Yes.".
//!
//! WhisperX adds `word_segments` and diarizes with `segments[].speaker`
//! (`SPEAKER_00`); its aligner leaves some segments without times or speaker,
//! so there those are optional, while plain Whisper always writes them and a
//! missing one means the file is not what it claims to be.

use super::json::{has_keys, Node};
use super::{Format, Input, ParseError};
use crate::transcript::{Transcript, Utterance, UtteranceBuilder};

pub struct Whisper {
    x: bool,
}

pub static WHISPER: Whisper = Whisper { x: false };
pub static WHISPERX: Whisper = Whisper { x: true };

/// A repeated segment with at least this many words is a hallucination, not speech.
const REPEAT_MIN_WORDS: usize = 3;

impl Format for Whisper {
    fn name(&self) -> &'static str {
        if self.x {
            "whisperx"
        } else {
            "whisper"
        }
    }

    fn detection(&self) -> &'static str {
        if self.x {
            "JSON object with `segments` and `word_segments`"
        } else {
            "JSON object with a `segments` list (and no `word_segments`)"
        }
    }

    fn detect(&self, input: &Input) -> bool {
        let Some(v) = input.json() else { return false };
        v.get("segments").is_some_and(|s| s.is_array()) && has_keys(v, &["word_segments"]) == self.x
    }

    fn parse(&self, input: &Input) -> Result<Vec<Transcript>, ParseError> {
        let root = Node::document(input)?;
        let mut b = UtteranceBuilder::merging();
        let mut previous: Option<(Option<String>, String)> = None;
        for seg in root.req_items("segments")? {
            let (start, end) = if self.x {
                (seg.opt_num("start")?, seg.opt_num("end")?)
            } else {
                (Some(seg.req_num("start")?), Some(seg.req_num("end")?))
            };
            let text = seg.req_str("text")?.trim().to_string();
            let speaker = seg.opt_label("speaker")?;
            let key = (speaker.clone(), text.clone());
            if previous.as_ref() == Some(&key)
                && text.split_whitespace().count() >= REPEAT_MIN_WORDS
            {
                continue;
            }
            previous = Some(key);
            b.push(Utterance {
                speaker,
                start,
                end: end.map(|e| e.max(start.unwrap_or(e))),
                text,
                ..Utterance::default()
            });
        }
        Ok(vec![Transcript::new(b.finish())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(f: &Whisper, text: &str) -> Result<Vec<Utterance>, ParseError> {
        crate::parse::detect_and_parse(f, text)
    }

    #[test]
    fn plain_segments_have_no_speaker_and_repeats_go() {
        let u = parse(
            &WHISPER,
            r#"{"text":"x","segments":[{"id":0,"seek":0,"start":0.0,"end":2.0,"text":" Thanks for joining."},
            {"start":2.0,"end":4.0,"text":" Thank you very much."},{"start":4.0,"end":6.0,"text":" Thank you very much."}],"language":"en"}"#,
        )
        .unwrap();
        assert_eq!(u.len(), 2);
        assert_eq!(u[0].text, "Thanks for joining.");
        assert_eq!(u[0].speaker, None);
    }

    #[test]
    fn missing_start_is_named() {
        let e = parse(
            &WHISPER,
            r#"{"segments":[{"start":0,"end":1,"text":"a"},{"end":2,"text":"b"}]}"#,
        )
        .unwrap_err();
        assert_eq!(e.message, "segments[1].start missing");
    }

    #[test]
    fn whisperx_speakers_and_untimed_segments() {
        let u = parse(
            &WHISPERX,
            r#"{"segments":[{"start":0.5,"end":1.0,"text":" Hi.","speaker":"SPEAKER_00"},
            {"text":" 2024 pricing.","speaker":"SPEAKER_00"},{"start":2,"end":3,"text":" Ok."}],"word_segments":[]}"#,
        )
        .unwrap();
        assert_eq!(u.len(), 2);
        assert_eq!(u[0].text, "Hi. 2024 pricing.");
        assert_eq!(u[0].speaker.as_deref(), Some("SPEAKER_00"));
        assert_eq!(u[1].speaker, None);
        assert!(!WHISPER.detect(&Input::new(r#"{"segments":[],"word_segments":[]}"#)));
    }
}
