//! Speakerless prose: a transcript with no speakers and no times (a pasted
//! caption dump, say). It can still be analysed by words; anything that does
//! not read like sentences is refused as "not a transcript".

use super::{Format, Input, ParseError};
use crate::transcript::{Transcript, Utterance};

pub struct Plain;

pub static PLAIN: Plain = Plain;

/// Whether a line reads like spoken prose: mostly alphabetic words, few code symbols.
fn prose_line(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.len() < 3 {
        return false;
    }
    let wordy = words
        .iter()
        .filter(|w| {
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            letters * 2 > w.chars().count()
        })
        .count();
    let code = line
        .chars()
        .filter(|c| {
            matches!(
                c,
                '{' | '}' | ';' | '=' | '<' | '>' | '|' | '\\' | '#' | '$'
            )
        })
        .count();
    wordy * 10 >= words.len() * 7 && code * 40 <= line.len()
}

impl Format for Plain {
    fn name(&self) -> &'static str {
        "text"
    }

    fn detection(&self) -> &'static str {
        "fallback: plain prose (most lines are sentences of words); one utterance per paragraph, no speakers"
    }

    fn detect(&self, input: &Input) -> bool {
        if input.looks_like_json() {
            return false;
        }
        let lines: Vec<&str> = input.nonblank_lines().take(400).collect();
        let prose = lines.iter().filter(|l| prose_line(l)).count();
        !lines.is_empty() && prose * 10 >= lines.len() * 6
    }

    fn parse(&self, input: &Input) -> Result<Vec<Transcript>, ParseError> {
        let mut out: Vec<Utterance> = Vec::new();
        let mut open = false;
        for (n, line) in input.lines() {
            let t = line.trim();
            if t.is_empty() {
                open = false;
                continue;
            }
            match out.last_mut() {
                Some(last) if open => {
                    last.text.push(' ');
                    last.text.push_str(t);
                }
                _ => out.push(Utterance {
                    text: t.to_string(),
                    line: Some(n),
                    ..Utterance::default()
                }),
            }
            open = true;
        }
        Ok(vec![Transcript::new(out)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_become_utterances() {
        let input = Input::new("We talked about the renewal today.\nIt went well overall.\n\nThen pricing came up again.\n");
        assert!(PLAIN.detect(&input));
        let t = PLAIN.parse(&input).unwrap().remove(0);
        assert_eq!(t.utterances.len(), 2);
        assert_eq!(t.utterances[1].line, Some(4));
    }

    #[test]
    fn code_and_tables_are_not_prose() {
        assert!(!PLAIN.detect(&Input::new("fn main() { let x = 1; }\nx = 2;\n")));
        assert!(!PLAIN.detect(&Input::new("a,b,c\n1,2,3\n4,5,6\n")));
    }
}
