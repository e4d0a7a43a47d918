//! Turning word-level speech-to-text output into utterances.
//!
//! Several APIs (Deepgram without `utterances`, AssemblyAI without speaker
//! labels, AWS Transcribe's `items`, Google Speech-to-Text) give a list of
//! words, each perhaps with a speaker. Words of one speaker form a turn. Words
//! with no speaker are cut into sentences (at `.`, `?`, `!`, or at a pause of
//! [`PAUSE`] seconds when the text has no punctuation) so a speakerless
//! transcript is still a list of analysable pieces rather than one blob.

use crate::transcript::{Utterance, UtteranceBuilder};

/// A silence this long (seconds) ends a speakerless piece when there is no punctuation.
pub const PAUSE: f64 = 1.5;

/// One recognised word.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Word {
    pub text: String,
    pub start: Option<f64>,
    pub end: Option<f64>,
    pub speaker: Option<String>,
    /// Punctuation written without a space before it (AWS `punctuation` items).
    pub attach: bool,
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(['"', '\'', ')', '”', '’'])
        .ends_with(['.', '?', '!', '…'])
}

/// Groups words into utterances: one per speaker turn, or per sentence when there is no speaker.
pub fn words_to_utterances(words: &[Word]) -> Vec<Utterance> {
    let mut b = UtteranceBuilder::merging();
    let mut cur: Option<Utterance> = None;
    let mut last_end: Option<f64> = None;
    for w in words {
        let text = w.text.trim();
        if text.is_empty() {
            continue;
        }
        if let Some(c) = cur.as_mut() {
            let paused = c.speaker.is_none()
                && matches!((last_end, w.start), (Some(e), Some(s)) if s - e >= PAUSE);
            let same = c.speaker == w.speaker || (w.attach && w.speaker.is_none());
            if same && !paused {
                if !w.attach {
                    c.text.push(' ');
                }
                c.text.push_str(text);
                if w.end.is_some() {
                    c.end = w.end;
                }
                if c.start.is_none() {
                    c.start = w.start;
                }
                last_end = w.end.or(last_end);
                if c.speaker.is_none() && ends_sentence(text) {
                    b.push(cur.take().unwrap_or_default());
                }
                continue;
            }
            b.push(cur.take().unwrap_or_default());
        }
        if w.attach {
            // Punctuation opening a turn belongs to the previous one; there is none.
            continue;
        }
        let piece = Utterance {
            speaker: w.speaker.clone(),
            start: w.start,
            end: w.end,
            text: text.to_string(),
            ..Utterance::default()
        };
        last_end = w.end;
        if piece.speaker.is_none() && ends_sentence(text) {
            b.push(piece);
        } else {
            cur = Some(piece);
        }
    }
    if let Some(c) = cur {
        b.push(c);
    }
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str, start: f64, speaker: Option<&str>) -> Word {
        Word {
            text: text.into(),
            start: Some(start),
            end: Some(start + 0.4),
            speaker: speaker.map(String::from),
            attach: false,
        }
    }

    #[test]
    fn speakers_make_turns() {
        let u = words_to_utterances(&[
            w("Hi.", 0.0, Some("A")),
            w("Tom.", 0.5, Some("A")),
            w("Hey", 1.0, Some("B")),
            Word {
                text: "!".into(),
                attach: true,
                speaker: Some("B".into()),
                ..Word::default()
            },
        ]);
        assert_eq!(u.len(), 2);
        assert_eq!(u[0].text, "Hi. Tom.");
        assert_eq!((u[0].start, u[0].end), (Some(0.0), Some(0.9)));
        assert_eq!(u[1].text, "Hey!");
        assert_eq!(u[1].end, Some(1.4));
    }

    #[test]
    fn no_speaker_splits_sentences_and_pauses() {
        let u = words_to_utterances(&[
            w("One", 0.0, None),
            w("two.", 0.5, None),
            w("three", 1.0, None),
            w("four", 5.0, None),
        ]);
        let t: Vec<&str> = u.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(t, ["One two.", "three", "four"]);
        assert!(u.iter().all(|u| u.speaker.is_none()));
    }
}
