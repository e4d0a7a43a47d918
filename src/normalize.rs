//! Turns an utterance into the word stream the lexicons match against.
//!
//! Matching runs once over one normalised string per utterance, so every
//! spelling difference that should not matter is removed here, once:
//! case, curly apostrophes, contractions ("don't" → "do not", so a lexicon
//! writes "do not" once), numbers (every number becomes `#`, so "cut it 30%"
//! and "cut it 12%" both read "cut it # percent"), and punctuation. The
//! sentences (from Unicode segmentation) and whether each is a question are
//! kept beside the words.

use unicode_segmentation::UnicodeSegmentation;

/// One sentence of an utterance.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// Index range into [`Normalized::words`].
    pub words: std::ops::Range<usize>,
    /// Byte range of the sentence in the original text.
    pub span: std::ops::Range<usize>,
    pub is_question: bool,
}

/// An utterance as the matcher sees it.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// Words separated by single spaces, with a space before the first and after
    /// the last, so a phrase `" a b "` only matches whole words.
    pub text: String,
    /// Byte offset in `text` where each word starts.
    pub word_starts: Vec<usize>,
    /// Sentence index of each word.
    pub word_sentence: Vec<usize>,
    pub sentences: Vec<Sentence>,
}

/// Words that open a question even when a transcript drops the `?`.
const QUESTION_OPENERS: &[&str] = &[
    "what", "how", "why", "when", "where", "who", "whom", "whose", "which", "do", "does", "did",
    "is", "are", "was", "were", "can", "could", "would", "will", "should", "shall", "have", "has",
    "may", "might", "any", "anything", "am",
];

/// Spelled-out numbers, which speech-to-text writes as often as digits.
/// "one" is left out: "the one with the pig on the sign" is not a number.
const NUMBER_WORDS: &[&str] = &[
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "million",
    "billion",
    "dozen",
];

/// Expands a lowercased word into the words it stands for.
fn expand(word: &str, out: &mut Vec<String>) {
    let w = word.replace(['\u{2019}', '\u{2018}', '`'], "'");
    if NUMBER_WORDS.contains(&w.as_str()) {
        out.push("#".into());
        return;
    }
    if w.chars().any(|c| c.is_ascii_digit())
        && w.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.'))
    {
        out.push("#".into());
        return;
    }
    // Times and ordinals: 2pm, 10am, 3rd, 21st, 5k.
    let digits = w.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 {
        let rest = &w[digits..];
        if matches!(
            rest,
            "am" | "pm" | "k" | "m" | "st" | "nd" | "rd" | "th" | "x" | "s"
        ) {
            out.push("#".into());
            if matches!(rest, "am" | "pm" | "k" | "m" | "x") {
                out.push(rest.into());
            }
            return;
        }
    }
    let fixed: Option<&[&str]> = match w.as_str() {
        "can't" | "cannot" => Some(&["can", "not"]),
        "won't" => Some(&["will", "not"]),
        "shan't" => Some(&["shall", "not"]),
        "ain't" => Some(&["is", "not"]),
        "let's" => Some(&["let", "us"]),
        "gonna" => Some(&["going", "to"]),
        "wanna" => Some(&["want", "to"]),
        "gotta" => Some(&["got", "to"]),
        "y'all" => Some(&["you", "all"]),
        "ok" | "okay" | "k" => Some(&["okay"]),
        _ => None,
    };
    if let Some(parts) = fixed {
        out.extend(parts.iter().map(|p| p.to_string()));
        return;
    }
    for (suffix, with) in [
        ("n't", "not"),
        ("'re", "are"),
        ("'m", "am"),
        ("'ve", "have"),
        ("'ll", "will"),
        ("'d", "would"),
    ] {
        if let Some(stem) = w.strip_suffix(suffix) {
            if !stem.is_empty() {
                out.push(stem.into());
                out.push(with.into());
                return;
            }
        }
    }
    if let Some(stem) = w.strip_suffix("'s") {
        if matches!(
            stem,
            "it" | "that"
                | "what"
                | "how"
                | "there"
                | "here"
                | "who"
                | "where"
                | "when"
                | "he"
                | "she"
                | "this"
                | "why"
        ) {
            out.push(stem.into());
            out.push("is".into());
        } else {
            out.push(stem.into());
        }
        return;
    }
    let w = w.trim_matches('\'');
    if !w.is_empty() {
        out.push(w.to_string());
    }
}

/// Normalises one utterance.
pub fn normalize(text: &str) -> Normalized {
    let mut n = Normalized {
        text: String::with_capacity(text.len() + 8),
        ..Normalized::default()
    };
    n.text.push(' ');
    let mut buf = Vec::new();
    let punctuated = text.contains(['.', '?', '!']);
    for (s_off, sentence) in text.split_sentence_bound_indices() {
        let first_word = n.word_starts.len();
        let mut pending_dollar = false;
        for (_, seg) in sentence.split_word_bound_indices() {
            if seg.chars().any(char::is_alphanumeric) {
                buf.clear();
                expand(&seg.to_lowercase(), &mut buf);
                for w in buf.drain(..) {
                    // "twenty-two", "two hundred", "3 million" read as one number.
                    if w == "#"
                        && n.text.ends_with(" # ")
                        && n.word_sentence.last() == Some(&n.sentences.len())
                    {
                        continue;
                    }
                    n.word_starts.push(n.text.len());
                    n.word_sentence.push(n.sentences.len());
                    n.text.push_str(&w);
                    n.text.push(' ');
                }
                if pending_dollar {
                    pending_dollar = false;
                    n.word_starts.push(n.text.len());
                    n.word_sentence.push(n.sentences.len());
                    n.text.push_str("dollars ");
                }
            } else if seg == "%" {
                n.word_starts.push(n.text.len());
                n.word_sentence.push(n.sentences.len());
                n.text.push_str("percent ");
            } else if matches!(seg, "$" | "£" | "€") {
                pending_dollar = true;
            }
        }
        let words = first_word..n.word_starts.len();
        if words.is_empty() {
            continue;
        }
        let trimmed = sentence.trim_end();
        let first = &n.text[n.word_starts[words.start]..]
            .split(' ')
            .next()
            .unwrap_or("")
            .to_string();
        let is_question = trimmed.ends_with('?')
            || trimmed.ends_with("?\"")
            || (!punctuated && QUESTION_OPENERS.contains(&first.as_str()));
        n.sentences.push(Sentence {
            words,
            span: s_off..s_off + sentence.len(),
            is_question,
        });
    }
    n
}

impl Normalized {
    /// The word at `i`.
    pub fn word(&self, i: usize) -> &str {
        let start = self.word_starts[i];
        let end = self.text[start..]
            .find(' ')
            .map_or(self.text.len(), |e| start + e);
        &self.text[start..end]
    }

    /// Index of the word that starts at byte `offset` of `text` (or the one containing it).
    pub fn word_at(&self, offset: usize) -> usize {
        match self.word_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    pub fn word_count(&self) -> usize {
        self.word_starts.len()
    }
}

/// Normalises a lexicon phrase the same way utterances are, so both sides agree.
pub fn normalize_phrase(phrase: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut buf = Vec::new();
    for seg in phrase.split_word_bounds() {
        if seg == "#" {
            out.push("#".to_string());
        } else if seg == "%" {
            out.push("percent".to_string());
        } else if seg.chars().any(char::is_alphanumeric) {
            buf.clear();
            expand(&seg.to_lowercase(), &mut buf);
            out.append(&mut buf);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contractions_numbers_and_case() {
        let n = normalize("We DON'T pay $2,800 — that's 30% off. Let’s go!");
        assert_eq!(
            n.text,
            " we do not pay # dollars that is # percent off let us go "
        );
        assert_eq!(n.sentences.len(), 2);
        assert_eq!(n.word(n.sentences[1].words.start), "let");
    }

    #[test]
    fn questions_by_mark_or_opener_when_unpunctuated() {
        let n = normalize("Great. How are you handling renewals today?");
        assert!(!n.sentences[0].is_question);
        assert!(n.sentences[1].is_question);
        let n = normalize("so how are you handling renewals");
        assert!(!n.sentences[0].is_question, "starts with so");
        let n = normalize("how are you handling renewals");
        assert!(n.sentences[0].is_question);
    }

    #[test]
    fn spelled_numbers_read_as_one_number() {
        assert_eq!(
            normalize("twenty-two checks, two hundred people").text,
            " # checks # people "
        );
        assert_eq!(
            normalize("the one with the pig").text,
            " the one with the pig "
        );
    }

    #[test]
    fn times_and_ordinals() {
        assert_eq!(normalize("at 2pm on the 3rd").text, " at # pm on the # ");
    }

    #[test]
    fn phrase_normalisation_matches_text() {
        assert_eq!(
            normalize_phrase("can't  # %"),
            vec!["can", "not", "#", "percent"]
        );
    }

    #[test]
    fn word_at_maps_offsets() {
        let n = normalize("a bb ccc");
        assert_eq!(n.word_at(n.word_starts[2]), 2);
        assert_eq!(n.word_at(n.word_starts[2] + 1), 2);
    }
}
