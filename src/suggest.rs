//! `closecall lexicon suggest`: phrases from labelled calls that a lexicon lacks.
//!
//! Writing lexicon lines from memory misses how buyers and sellers actually
//! talk. Labelled (gold) calls hold that evidence: a phrase that occurs mostly
//! in utterances of one label (or signal) and rarely elsewhere is a candidate
//! entry. This module counts every normalised word n-gram (n = 1 to 4, inside
//! one sentence, once per utterance, so a repetitive speaker does not inflate
//! it) and ranks, per label or signal, the n-grams that separate it from the
//! rest:
//!
//! - `in`: utterances of the label holding the phrase; `out`: the others;
//! - `precision` = in / (in + out);
//! - `lift` = precision / the label's share of all utterances;
//! - `score` = in × log2(lift): favours phrases both frequent and specific.
//!
//! Phrases an existing entry of that label already matches are skipped, as is
//! a longer phrase whose counts equal those of its shorter prefix or suffix (it
//! adds nothing). Ordering is total (score, then `in`, then the phrase), so the
//! output is the same on every run. Nothing here prints.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::eval::GoldCall;
use crate::lexicon::{Lexicons, Target};
use crate::normalize::normalize;
use crate::taxonomy::{Label, Signal};
use crate::transcript::Role;

/// What to suggest for.
#[derive(Debug, Clone)]
pub struct SuggestOptions {
    /// Labels and signals to suggest for; empty means every label with a lexicon and every signal.
    pub targets: Vec<Target>,
    /// Count only the utterances of this side.
    pub role: Option<Role>,
    /// Fewest in-label utterances a phrase needs.
    pub min_count: usize,
    /// Candidates per label or signal.
    pub top: usize,
}

impl Default for SuggestOptions {
    fn default() -> Self {
        SuggestOptions {
            targets: Vec::new(),
            role: None,
            min_count: 2,
            top: 15,
        }
    }
}

/// Parses a `--label` value: a label with a lexicon, or a signal.
pub fn parse_target(name: &str) -> Result<Target> {
    match Target::from_file_stem(name) {
        Some(t @ (Target::Label(_) | Target::Signal(_))) => Ok(t),
        _ => Err(Error::Usage(format!(
            "`{name}` is not a label or signal to suggest for (one of: small_talk, discovery, value, ask, buying_signal, objection, concession, next_step_set, continuation)"
        ))),
    }
}

/// One proposed phrase.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Candidate {
    /// As a lexicon line would write it (`<n>` for a number).
    pub phrase: String,
    pub words: usize,
    #[serde(rename = "in")]
    pub in_label: usize,
    #[serde(rename = "out")]
    pub out_label: usize,
    pub precision: f64,
    pub lift: f64,
    pub score: f64,
}

/// The candidates for one label or signal.
#[derive(Debug, Clone, Serialize)]
pub struct TargetSuggestions {
    pub target: String,
    /// Utterances carrying it.
    pub utterances: usize,
    pub candidates: Vec<Candidate>,
}

/// The result of a suggestion run.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestions {
    pub calls: usize,
    /// Utterances counted (after the role filter).
    pub utterances: usize,
    pub role: Option<Role>,
    pub targets: Vec<TargetSuggestions>,
}

const MAX_N: usize = 4;

fn all_targets() -> Vec<Target> {
    [Label::SmallTalk, Label::Discovery, Label::Value, Label::Ask]
        .into_iter()
        .map(Target::Label)
        .chain(Signal::ALL.into_iter().map(Target::Signal))
        .collect()
}

/// Ranks phrases per label or signal; see the module docs.
pub fn suggest(calls: &[GoldCall], lex: &Lexicons, opts: &SuggestOptions) -> Suggestions {
    let targets = if opts.targets.is_empty() {
        all_targets()
    } else {
        opts.targets.clone()
    };
    // Per phrase: utterances holding it, and of those, per target.
    let mut counts: HashMap<String, (usize, Vec<usize>)> = HashMap::new();
    let mut in_target = vec![0usize; targets.len()];
    let mut total = 0usize;
    for call in calls {
        for u in &call.utterances {
            if opts.role.is_some_and(|r| r != u.role) {
                continue;
            }
            total += 1;
            let member: Vec<bool> = targets
                .iter()
                .map(|t| match t {
                    Target::Label(l) => u.label == *l,
                    Target::Signal(s) => u.signals.contains(s),
                    Target::CheckIn | Target::Logistics | Target::Agenda | Target::Business => {
                        false
                    }
                })
                .collect();
            for (i, m) in member.iter().enumerate() {
                in_target[i] += *m as usize;
            }
            let norm = normalize(&u.text);
            let mut grams: BTreeSet<String> = BTreeSet::new();
            for s in &norm.sentences {
                let w: Vec<&str> = s.words.clone().map(|i| norm.word(i)).collect();
                for n in 1..=MAX_N {
                    for g in w.windows(n) {
                        grams.insert(g.join(" "));
                    }
                }
            }
            for g in grams {
                let e = counts
                    .entry(g)
                    .or_insert_with(|| (0, vec![0; targets.len()]));
                e.0 += 1;
                for (i, m) in member.iter().enumerate() {
                    e.1[i] += *m as usize;
                }
            }
        }
    }
    // The targets each phrase is already matched by, computed once per phrase.
    let mut covered: HashMap<&str, Vec<Target>> = HashMap::new();
    let mut out = Vec::new();
    for (ti, &t) in targets.iter().enumerate() {
        let p_in = in_target[ti];
        let mut cands: Vec<Candidate> = Vec::new();
        if p_in > 0 && total > 0 {
            let base = p_in as f64 / total as f64;
            for (phrase, (all, per)) in &counts {
                let inn = per[ti];
                if inn < opts.min_count.max(1) {
                    continue;
                }
                let precision = inn as f64 / *all as f64;
                let lift = precision / base;
                if lift <= 1.0 {
                    continue;
                }
                // A longer phrase with the counts of its prefix or suffix adds nothing.
                if let (Some((_, tail)), Some((init, _))) =
                    (phrase.split_once(' '), phrase.rsplit_once(' '))
                {
                    let same = |g: &str| {
                        counts
                            .get(g)
                            .is_some_and(|(a, p)| *a == *all && p[ti] == inn)
                    };
                    if same(tail) || same(init) {
                        continue;
                    }
                }
                let by = covered.entry(phrase.as_str()).or_insert_with(|| {
                    let norm = normalize(&phrase.replace('#', "7"));
                    let mut ts: Vec<Target> = lex
                        .scan(&norm)
                        .iter()
                        .map(|h| lex.entries[h.entry].target)
                        .collect();
                    ts.dedup();
                    ts
                });
                if by.contains(&t) {
                    continue;
                }
                cands.push(Candidate {
                    phrase: phrase
                        .split(' ')
                        .map(|w| if w == "#" { "<n>" } else { w })
                        .collect::<Vec<_>>()
                        .join(" "),
                    words: phrase.split(' ').count(),
                    in_label: inn,
                    out_label: all - inn,
                    precision,
                    lift,
                    score: inn as f64 * lift.log2(),
                });
            }
        }
        cands.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(b.in_label.cmp(&a.in_label))
                .then(a.phrase.cmp(&b.phrase))
        });
        cands.truncate(opts.top);
        out.push(TargetSuggestions {
            target: t.name().to_string(),
            utterances: p_in,
            candidates: cands,
        });
    }
    Suggestions {
        calls: calls.len(),
        utterances: total,
        role: opts.role,
        targets: out,
    }
}

/// The suggestions as text tables.
pub fn render_text(s: &Suggestions) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} calls, {} utterances{}",
        s.calls,
        s.utterances,
        s.role
            .map(|r| format!(" said by the {}", r.as_str()))
            .unwrap_or_default()
    );
    for t in &s.targets {
        let _ = writeln!(o, "\n{} ({} utterances)", t.target, t.utterances);
        if t.candidates.is_empty() {
            let _ = writeln!(o, "  no candidates");
            continue;
        }
        let _ = writeln!(
            o,
            "  {:<32} {:>5} {:>5} {:>9} {:>7} {:>7}",
            "phrase", "in", "out", "precision", "lift", "score"
        );
        for c in &t.candidates {
            let _ = writeln!(
                o,
                "  {:<32} {:>5} {:>5} {:>9.3} {:>7.2} {:>7.2}",
                c.phrase, c.in_label, c.out_label, c.precision, c.lift, c.score
            );
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::GoldUtterance;

    fn u(role: Role, text: &str, label: Label, signals: Vec<Signal>) -> GoldUtterance {
        GoldUtterance {
            call: "c".into(),
            index: 0,
            speaker: None,
            role,
            start: None,
            end: None,
            text: text.into(),
            label,
            signals,
        }
    }

    fn gold() -> Vec<GoldCall> {
        let us = vec![
            u(
                Role::Seller,
                "Quick zorbly check on the lane.",
                Label::Ask,
                vec![],
            ),
            u(
                Role::Seller,
                "Shall we zorbly check it then?",
                Label::Ask,
                vec![],
            ),
            u(
                Role::Seller,
                "Time for a zorbly check on it.",
                Label::Ask,
                vec![],
            ),
            u(
                Role::Buyer,
                "We check the lane daily.",
                Label::Discovery,
                vec![],
            ),
            u(Role::Buyer, "It is on the lane.", Label::Other, vec![]),
            u(
                Role::Buyer,
                "Sounds great.",
                Label::Other,
                vec![Signal::BuyingSignal],
            ),
        ];
        vec![GoldCall {
            name: "c".into(),
            path: "c.jsonl".into(),
            utterances: us,
            missed_closes: None,
        }]
    }

    #[test]
    fn top_phrase_separates_the_label() {
        let opts = SuggestOptions {
            targets: vec![Target::Label(Label::Ask)],
            ..Default::default()
        };
        let s = suggest(&gold(), Lexicons::builtin(), &opts);
        assert_eq!(s.utterances, 6);
        let t = &s.targets[0];
        assert_eq!(t.target, "ask");
        assert_eq!(t.utterances, 3);
        let top = &t.candidates[0];
        // "zorbly" and "zorbly check" have the same counts: the shorter is kept.
        assert_eq!(top.phrase, "zorbly");
        assert_eq!((top.in_label, top.out_label), (3, 0));
        assert_eq!(top.precision, 1.0);
        assert!((top.lift - 2.0).abs() < 1e-9);
        assert!(!t.candidates.iter().any(|c| c.phrase == "zorbly check"));
        // "check" also occurs outside ask.
        let check = t.candidates.iter().find(|c| c.phrase == "check").unwrap();
        assert_eq!((check.in_label, check.out_label), (3, 1));
    }

    #[test]
    fn covered_phrases_role_filter_and_determinism() {
        let opts = SuggestOptions {
            targets: vec![Target::Signal(Signal::BuyingSignal)],
            min_count: 1,
            ..Default::default()
        };
        let s = suggest(&gold(), Lexicons::builtin(), &opts);
        // "sounds great" is already in buying_signal.txt.
        assert!(!s.targets[0]
            .candidates
            .iter()
            .any(|c| c.phrase == "sounds great"));
        let opts = SuggestOptions {
            role: Some(Role::Buyer),
            ..Default::default()
        };
        let a = suggest(&gold(), Lexicons::builtin(), &opts);
        assert_eq!(a.utterances, 3);
        let b = suggest(&gold(), Lexicons::builtin(), &opts);
        assert_eq!(render_text(&a), render_text(&b));
        assert!(parse_target("other").is_err());
        assert!(parse_target("checkin").is_err());
        assert_eq!(
            parse_target("objection").unwrap(),
            Target::Signal(Signal::Objection)
        );
    }
}
