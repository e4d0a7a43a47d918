//! The normalised transcript every parser produces and every later stage reads.
//!
//! Whatever the source format, a call becomes a list of [`Utterance`]s: who
//! spoke (if the format says), on which side, when (if the format says), and
//! what. Consecutive pieces of one speaker are merged by the parsers, so an
//! utterance is a speaker's turn.

use serde::{Deserialize, Serialize};

/// Which side of the deal a speaker is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Seller,
    Buyer,
    #[default]
    Unknown,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Seller => "seller",
            Role::Buyer => "buyer",
            Role::Unknown => "unknown",
        }
    }
}

/// One speaker's turn.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Utterance {
    /// The speaker's name as the transcript writes it; `None` when the format has none.
    pub speaker: Option<String>,
    pub role: Role,
    /// Seconds from the start of the call.
    pub start: Option<f64>,
    pub end: Option<f64>,
    pub text: String,
    /// 1-based line of the source where the turn begins (text formats only).
    pub line: Option<usize>,
    /// The speaker's organisation when the format names it (Fathom's `(acme.com)`,
    /// Gong's affiliation); matched against `--seller-domain` to find the seller side.
    pub org: Option<String>,
}

/// A parsed call, before classification.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Transcript {
    /// Identifier of the call inside its file, for formats that hold several calls (Gong).
    pub call_id: Option<String>,
    pub utterances: Vec<Utterance>,
}

impl Transcript {
    pub fn new(utterances: Vec<Utterance>) -> Self {
        Transcript {
            call_id: None,
            utterances,
        }
    }

    /// True when every utterance carries a start and an end time.
    pub fn has_times(&self) -> bool {
        !self.utterances.is_empty()
            && self
                .utterances
                .iter()
                .all(|u| u.start.is_some() && u.end.is_some())
    }

    /// Distinct speaker names in order of first appearance.
    pub fn speakers(&self) -> Vec<&str> {
        let mut seen: Vec<&str> = Vec::new();
        for u in &self.utterances {
            if let Some(s) = u.speaker.as_deref() {
                if !seen.contains(&s) {
                    seen.push(s);
                }
            }
        }
        seen
    }
}

/// Collects pieces of text into utterances, merging consecutive pieces of one speaker.
///
/// Every parser feeds its pieces through this so the merge rule lives in one place.
#[derive(Debug, Default)]
pub struct UtteranceBuilder {
    out: Vec<Utterance>,
    merge: bool,
    /// Each piece is a whole message (a chat line), not a caption cut
    /// anywhere in a sentence: merged pieces keep a line break between them,
    /// which ends a sentence, so "we cut costs 30%" / "can we start Monday"
    /// stay two sentences.
    messages: bool,
    /// The next piece starts a new utterance ([`UtteranceBuilder::break_turn`]).
    split_next: bool,
}

impl UtteranceBuilder {
    /// A builder that merges consecutive pieces of the same speaker.
    pub fn merging() -> Self {
        UtteranceBuilder {
            out: Vec::new(),
            merge: true,
            messages: false,
            split_next: false,
        }
    }

    /// A builder that merges consecutive messages of the same speaker, one
    /// line each: the line break between them ends a sentence.
    pub fn merging_messages() -> Self {
        UtteranceBuilder {
            messages: true,
            ..Self::merging()
        }
    }

    /// Makes the next piece start a new utterance, whoever says it (another
    /// speaker's turn came between, though it held no text).
    pub fn break_turn(&mut self) {
        self.split_next = true;
    }

    /// Adds one piece. Empty text is dropped. Pieces with no speaker are never
    /// merged: nothing says they are one person's turn.
    pub fn push(&mut self, piece: Utterance) {
        let text = piece.text.trim();
        if text.is_empty() {
            return;
        }
        if self.merge && !std::mem::take(&mut self.split_next) {
            if let Some(last) = self.out.last_mut() {
                if piece.speaker.is_some()
                    && last.speaker == piece.speaker
                    && last.role == piece.role
                {
                    if !last.text.is_empty() {
                        last.text.push(if self.messages { '\n' } else { ' ' });
                    }
                    last.text.push_str(text);
                    last.end = match (last.end, piece.end) {
                        (Some(a), Some(b)) => Some(a.max(b)),
                        (a, b) => b.or(a),
                    };
                    if last.start.is_none() {
                        last.start = piece.start;
                    }
                    return;
                }
            }
        }
        self.out.push(Utterance {
            text: text.to_string(),
            ..piece
        });
    }

    /// Appends text to the last utterance (a continuation line); starts one with no speaker if none exists.
    pub fn continue_last(&mut self, text: &str, line: usize) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        match self.out.last_mut() {
            Some(last) => {
                last.text.push(' ');
                last.text.push_str(text);
            }
            None => self.out.push(Utterance {
                text: text.to_string(),
                line: Some(line),
                ..Utterance::default()
            }),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }

    pub fn finish(self) -> Vec<Utterance> {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(speaker: &str, text: &str, start: f64, end: f64) -> Utterance {
        Utterance {
            speaker: Some(speaker.into()),
            start: Some(start),
            end: Some(end),
            text: text.into(),
            ..Utterance::default()
        }
    }

    #[test]
    fn merges_consecutive_pieces_of_one_speaker() {
        let mut b = UtteranceBuilder::merging();
        b.push(piece("A", "Hello", 0.0, 1.0));
        b.push(piece("A", "there.", 1.0, 2.0));
        b.push(piece("B", "Hi.", 2.0, 3.0));
        let u = b.finish();
        assert_eq!(u.len(), 2);
        assert_eq!(u[0].text, "Hello there.");
        assert_eq!(u[0].end, Some(2.0));
        assert_eq!(u[1].speaker.as_deref(), Some("B"));
    }

    #[test]
    fn drops_empty_pieces() {
        let mut b = UtteranceBuilder::merging();
        b.push(piece("A", "  ", 0.0, 1.0));
        assert!(b.is_empty());
    }

    #[test]
    fn has_times_needs_every_utterance_timed() {
        let mut t = Transcript::new(vec![piece("A", "x", 0.0, 1.0)]);
        assert!(t.has_times());
        t.utterances.push(Utterance {
            text: "y".into(),
            ..Utterance::default()
        });
        assert!(!t.has_times());
    }
}
