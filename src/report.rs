//! From a labelled call to its report: shares, call figures, the small-talk
//! verdict and the missed closes. Every figure is defined in the README; the
//! definitions live here, next to the code, too.

use serde::{Deserialize, Serialize};

use crate::classify::{self, Classified};
use crate::error::Result;
use crate::lexicon::Lexicons;
use crate::roles::{self, RoleAssignment, RoleOptions};
use crate::taxonomy::{Label, MissedCloseKind, Signal};
use crate::transcript::{Role, Transcript};

/// Version of the JSON document; bumped when a field changes meaning or goes away.
pub const SCHEMA_VERSION: u32 = 1;

/// Settings of one analysis.
#[derive(Debug, Clone)]
pub struct AnalyzeOptions {
    pub roles: RoleOptions,
    /// The small-talk bar as a fraction (0.03 = 3%).
    pub max_small_talk: f64,
    /// How many of the seller's turns after a buying signal may pass without an ask.
    pub signal_window: usize,
    /// The closing part of the call checked for a next step, as a fraction of it.
    pub closing_fraction: f64,
}

impl Default for AnalyzeOptions {
    fn default() -> Self {
        AnalyzeOptions {
            roles: RoleOptions::default(),
            max_small_talk: 0.03,
            signal_window: 3,
            closing_fraction: 0.15,
        }
    }
}

/// Whether shares are measured in seconds or in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    Time,
    Words,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelledUtterance {
    pub index: usize,
    pub speaker: Option<String>,
    pub role: Role,
    pub start: Option<f64>,
    pub end: Option<f64>,
    pub text: String,
    pub label: Label,
    pub signals: Vec<Signal>,
}

/// Fractions (0-1) of the call per label; they add up to 1 for a non-empty call.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Shares {
    pub small_talk: f64,
    pub discovery: f64,
    pub value: f64,
    pub ask: f64,
    pub other: f64,
}

impl Shares {
    pub fn get(&self, l: Label) -> f64 {
        match l {
            Label::SmallTalk => self.small_talk,
            Label::Discovery => self.discovery,
            Label::Value => self.value,
            Label::Ask => self.ask,
            Label::Other => self.other,
        }
    }

    fn set(&mut self, l: Label, v: f64) {
        match l {
            Label::SmallTalk => self.small_talk = v,
            Label::Discovery => self.discovery = v,
            Label::Value => self.value = v,
            Label::Ask => self.ask = v,
            Label::Other => self.other = v,
        }
    }
}

/// The longest stretch of one side talking without the other side speaking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stretch {
    /// First utterance of the stretch.
    pub index: usize,
    /// Length in seconds (null without times).
    pub seconds: Option<f64>,
    pub words: usize,
}

/// The conversation figures of one call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    /// Seconds from the first utterance's start to the last one's end (null without times).
    pub duration_seconds: Option<f64>,
    pub words: usize,
    pub utterances: usize,
    /// The seller side's share of talk (by the report's basis); null without sides.
    pub seller_talk_share: Option<f64>,
    /// Question sentences of the seller that are discovery questions.
    pub discovery_questions: usize,
    /// Seconds from the call's start to the seller's first discovery question.
    pub time_to_first_discovery_question: Option<f64>,
    /// Index of the utterance holding the seller's first discovery question.
    pub first_discovery_question_index: Option<usize>,
    pub longest_seller_monologue: Option<Stretch>,
    pub longest_buyer_story: Option<Stretch>,
    /// Changes of speaker per minute of call (null without times).
    pub speaker_switches_per_minute: Option<f64>,
    /// The seller's utterances labelled `ask`.
    pub asks: usize,
    pub buying_signals: usize,
    pub objections: usize,
    pub concessions: usize,
    pub next_steps_set: usize,
    pub continuations: usize,
}

/// The headline verdict: small talk against the bar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SmallTalkVerdict {
    pub share: f64,
    pub max: f64,
    pub over: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissedClose {
    pub kind: MissedCloseKind,
    /// The utterance that triggered the finding.
    pub index: usize,
    /// Its start in seconds (null without times).
    pub at: Option<f64>,
    pub quote: String,
    pub suggestion: String,
}

/// Everything closecall says about one call.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CallReport {
    pub schema_version: u32,
    /// The file the call came from (`<stdin>` for piped input).
    pub source: String,
    /// The call's id inside its file, for files that hold several calls.
    pub call_id: Option<String>,
    pub input_format: String,
    pub basis: Basis,
    pub roles: RoleAssignment,
    pub utterances: Vec<LabelledUtterance>,
    pub shares: Shares,
    pub figures: Figures,
    pub small_talk: SmallTalkVerdict,
    pub missed_closes: Vec<MissedClose>,
}

/// Parses nothing, prints nothing: labels a transcript and builds its report.
pub fn analyze(
    source: &str,
    input_format: &str,
    mut transcript: Transcript,
    lex: &Lexicons,
    opts: &AnalyzeOptions,
) -> Result<CallReport> {
    let scanned = classify::scan(lex, &transcript.utterances);
    let roles = roles::assign(&mut transcript, &opts.roles, lex, &scanned, source)?;
    let role_of: Vec<Role> = transcript.utterances.iter().map(|u| u.role).collect();
    let classified = classify::classify(lex, &scanned, &role_of);
    Ok(build(
        source,
        input_format,
        transcript,
        roles,
        &classified,
        opts,
    ))
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Assembles the report from labels already decided (also used by `eval`).
pub fn build(
    source: &str,
    input_format: &str,
    transcript: Transcript,
    roles: RoleAssignment,
    classified: &[Classified],
    opts: &AnalyzeOptions,
) -> CallReport {
    let basis = if transcript.has_times() {
        Basis::Time
    } else {
        Basis::Words
    };
    let utterances: Vec<LabelledUtterance> = transcript
        .utterances
        .into_iter()
        .zip(classified)
        .enumerate()
        .map(|(index, (u, c))| LabelledUtterance {
            index,
            speaker: u.speaker,
            role: u.role,
            start: u.start,
            end: u.end,
            text: u.text,
            label: c.label,
            signals: c.signals.clone(),
        })
        .collect();
    let weight = |u: &LabelledUtterance| match basis {
        Basis::Time => (u.end.unwrap_or(0.0) - u.start.unwrap_or(0.0)).max(0.0),
        Basis::Words => words(&u.text) as f64,
    };
    let total: f64 = utterances.iter().map(weight).sum();
    let mut shares = Shares::default();
    if total > 0.0 {
        for l in Label::ALL {
            let part: f64 = utterances.iter().filter(|u| u.label == l).map(weight).sum();
            // An empty f64 sum is -0.0; a share is never negative, so say 0.
            shares.set(l, if part > 0.0 { part / total } else { 0.0 });
        }
    }
    let figures = figures(&utterances, classified, basis, &weight);
    let small_talk = SmallTalkVerdict {
        share: shares.small_talk,
        max: opts.max_small_talk,
        over: shares.small_talk > opts.max_small_talk,
    };
    let missed_closes = missed_closes(&utterances, opts, &weight);
    CallReport {
        schema_version: SCHEMA_VERSION,
        source: source.to_string(),
        call_id: transcript.call_id,
        input_format: input_format.to_string(),
        basis,
        roles,
        utterances,
        shares,
        figures,
        small_talk,
        missed_closes,
    }
}

fn is_seller(u: &LabelledUtterance) -> bool {
    u.role == Role::Seller
}

fn longest(us: &[LabelledUtterance], role: Role, basis: Basis) -> Option<Stretch> {
    let mut best: Option<Stretch> = None;
    let mut i = 0;
    while i < us.len() {
        if us[i].role != role {
            i += 1;
            continue;
        }
        let start = i;
        let mut w = 0;
        while i < us.len() && us[i].role == role {
            w += words(&us[i].text);
            i += 1;
        }
        let seconds = match basis {
            Basis::Time => {
                Some((us[i - 1].end.unwrap_or(0.0) - us[start].start.unwrap_or(0.0)).max(0.0))
            }
            Basis::Words => None,
        };
        let better = match &best {
            None => true,
            Some(b) => match (seconds, b.seconds) {
                (Some(s), Some(bs)) => s > bs,
                _ => w > b.words,
            },
        };
        if better {
            best = Some(Stretch {
                index: start,
                seconds,
                words: w,
            });
        }
    }
    best
}

fn figures(
    us: &[LabelledUtterance],
    classified: &[Classified],
    basis: Basis,
    weight: &dyn Fn(&LabelledUtterance) -> f64,
) -> Figures {
    let duration = match basis {
        Basis::Time => {
            let start = us
                .iter()
                .filter_map(|u| u.start)
                .fold(f64::INFINITY, f64::min);
            let end = us
                .iter()
                .filter_map(|u| u.end)
                .fold(f64::NEG_INFINITY, f64::max);
            (end > start).then_some(end - start)
        }
        Basis::Words => None,
    };
    let sided = us.iter().any(|u| u.role != Role::Unknown);
    let seller_talk_share = sided.then(|| {
        let s: f64 = us.iter().filter(|u| is_seller(u)).map(weight).sum();
        let b: f64 = us
            .iter()
            .filter(|u| u.role == Role::Buyer)
            .map(weight)
            .sum();
        // (An empty f64 sum is -0.0: no seller words is a share of 0.)
        if s > 0.0 {
            s / (s + b)
        } else {
            0.0
        }
    });
    let first_dq = classified.iter().position(|c| c.discovery_questions > 0);
    let call_start = us.first().and_then(|u| u.start);
    let switches = us
        .windows(2)
        .filter(|w| {
            w[0].speaker.is_some() && w[1].speaker.is_some() && w[0].speaker != w[1].speaker
        })
        .count();
    let count_signal = |s: Signal| us.iter().filter(|u| u.signals.contains(&s)).count();
    Figures {
        duration_seconds: duration,
        words: us.iter().map(|u| words(&u.text)).sum(),
        utterances: us.len(),
        seller_talk_share,
        discovery_questions: classified.iter().map(|c| c.discovery_questions).sum(),
        time_to_first_discovery_question: first_dq.and_then(|i| Some(us[i].start? - call_start?)),
        first_discovery_question_index: first_dq,
        longest_seller_monologue: sided.then(|| longest(us, Role::Seller, basis)).flatten(),
        longest_buyer_story: sided.then(|| longest(us, Role::Buyer, basis)).flatten(),
        speaker_switches_per_minute: duration
            .filter(|d| *d > 0.0)
            .map(|d| switches as f64 / (d / 60.0)),
        asks: us
            .iter()
            .filter(|u| u.label == Label::Ask && u.role != Role::Buyer)
            .count(),
        buying_signals: count_signal(Signal::BuyingSignal),
        objections: count_signal(Signal::Objection),
        concessions: count_signal(Signal::Concession),
        next_steps_set: count_signal(Signal::NextStepSet),
        continuations: count_signal(Signal::Continuation),
    }
}

fn suggestion(kind: MissedCloseKind) -> &'static str {
    match kind {
        MissedCloseKind::NoAsk => "You showed value but never asked for anything. Close on the value you showed: \"Based on what you told me, would it make sense to start with a pilot on the 3rd?\"",
        MissedCloseKind::IgnoredBuyingSignal => "The buyer leaned in. Answer in one line, then ask: \"Shall we put the start date on the calendar now?\"",
        MissedCloseKind::ValueWithoutAsk => "End the value run with a trial close before moving on: \"Does that look like the right fit for you?\"",
        MissedCloseKind::ConcessionWithoutAsk => "Trade, don't give: \"If I can do that on price, can we sign by Friday?\"",
        MissedCloseKind::NoNextStep => "End with an advance, not a continuation: agree an action, an owner and a date (\"Let's meet Thursday at 2 with your CFO; I'll send the invite now.\")",
    }
}

/// How many seller turns after a run of value may pass before the run counts as
/// left without an ask (a check-in, a discovery question and a proof point may
/// come first).
const VALUE_WINDOW: usize = 4;

fn is_ask(u: &LabelledUtterance) -> bool {
    u.label == Label::Ask && u.role != Role::Buyer
}

/// The missed closes of the taxonomy (docs/TAXONOMY.md), each tied to the utterance that shows it.
fn missed_closes(
    us: &[LabelledUtterance],
    opts: &AnalyzeOptions,
    weight: &dyn Fn(&LabelledUtterance) -> f64,
) -> Vec<MissedClose> {
    let mut out = Vec::new();
    let mut push = |kind: MissedCloseKind, i: usize| {
        out.push(MissedClose {
            kind,
            index: i,
            at: us[i].start,
            quote: us[i].text.clone(),
            suggestion: suggestion(kind).to_string(),
        })
    };
    let sellers: Vec<usize> = (0..us.len())
        .filter(|&i| us[i].role != Role::Buyer)
        .collect();
    let any_ask = us.iter().any(is_ask);

    // no_ask: value shown, nothing asked in the whole call.
    if !any_ask {
        if let Some(i) = sellers
            .iter()
            .copied()
            .find(|&i| us[i].label == Label::Value)
        {
            push(MissedCloseKind::NoAsk, i);
        }
    }

    // ignored_buying_signal: none of the seller's next few turns is an ask.
    let mut covered_until = 0;
    for i in 0..us.len() {
        let u = &us[i];
        // Without sides there is no buyer whose signal a seller could ignore.
        if u.role != Role::Buyer || !u.signals.contains(&Signal::BuyingSignal) || i < covered_until
        {
            continue;
        }
        if u.signals.contains(&Signal::NextStepSet) {
            continue;
        }
        let next: Vec<usize> = sellers
            .iter()
            .copied()
            .filter(|&j| j > i)
            .take(opts.signal_window)
            .collect();
        if !next
            .iter()
            .any(|&j| is_ask(&us[j]) || us[j].signals.contains(&Signal::NextStepSet))
        {
            push(MissedCloseKind::IgnoredBuyingSignal, i);
            covered_until = next.last().map_or(us.len(), |&j| j + 1);
        }
    }

    // value_without_ask: a run of value turns ended and none of the seller's
    // next few turns (VALUE_WINDOW) is an ask: the conversation moved on.
    let mut k = 0;
    while k < sellers.len() {
        if us[sellers[k]].label != Label::Value {
            k += 1;
            continue;
        }
        while k < sellers.len() && us[sellers[k]].label == Label::Value {
            k += 1;
        }
        let last_value = sellers[k - 1];
        let follow = &sellers[k..sellers.len().min(k + VALUE_WINDOW)];
        if !follow.iter().any(|&j| is_ask(&us[j])) {
            push(MissedCloseKind::ValueWithoutAsk, last_value);
        }
    }

    // concession_without_ask: ground given with no ask in the same or the next two seller turns.
    for (k, &i) in sellers.iter().enumerate() {
        if us[i].signals.contains(&Signal::Concession) {
            let window = &sellers[k..sellers.len().min(k + 3)];
            if !window.iter().any(|&j| is_ask(&us[j])) {
                push(MissedCloseKind::ConcessionWithoutAsk, i);
            }
        }
    }

    // no_next_step: no ask and no agreed step in the closing part of the call.
    if !us.is_empty() {
        let total: f64 = us.iter().map(weight).sum();
        let mut acc = 0.0;
        let mut from = us.len() - 1;
        for i in (0..us.len()).rev() {
            acc += weight(&us[i]);
            from = i;
            if total > 0.0 && acc / total >= opts.closing_fraction {
                break;
            }
        }
        let tail = &us[from..];
        let advanced = tail
            .iter()
            .any(|u| is_ask(u) || u.signals.contains(&Signal::NextStepSet));
        if !advanced {
            let at = (from..us.len())
                .rev()
                .find(|&i| us[i].signals.contains(&Signal::Continuation))
                .or_else(|| (from..us.len()).rev().find(|&i| us[i].role == Role::Seller))
                .unwrap_or(us.len() - 1);
            push(MissedCloseKind::NoNextStep, at);
        }
    }
    out.sort_by_key(|m| (m.index, m.kind));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Utterance;

    fn report(lines: &[(&str, f64, f64, &str)]) -> CallReport {
        let t = Transcript::new(
            lines
                .iter()
                .map(|(s, a, b, x)| Utterance {
                    speaker: Some(s.to_string()),
                    start: Some(*a),
                    end: Some(*b),
                    text: x.to_string(),
                    ..Utterance::default()
                })
                .collect(),
        );
        let opts = AnalyzeOptions {
            roles: RoleOptions {
                sellers: vec!["Kyle".into()],
                ..Default::default()
            },
            ..AnalyzeOptions::default()
        };
        analyze("t", "chat", t, Lexicons::builtin(), &opts).unwrap()
    }

    #[test]
    fn order_taker_call() {
        let r = report(&[
            (
                "Kyle",
                0.0,
                10.0,
                "How was the game last night? Did you see that overtime?",
            ),
            (
                "Tom",
                10.0,
                20.0,
                "Oh man, the Lions blew it again in overtime.",
            ),
            (
                "Kyle",
                20.0,
                30.0,
                "How are you handling damage claims today?",
            ),
            (
                "Tom",
                30.0,
                40.0,
                "Badly. We had 31 claims last quarter. How soon could we start?",
            ),
            (
                "Kyle",
                40.0,
                50.0,
                "Our claims desk saves teams like yours about ten hours a week.",
            ),
            (
                "Kyle",
                50.0,
                60.0,
                "I'll send over some info, let me know what you think.",
            ),
        ]);
        assert_eq!(r.basis, Basis::Time);
        assert!(
            (r.shares.small_talk - 2.0 / 6.0).abs() < 1e-9,
            "{:?}",
            r.shares
        );
        assert!(r.small_talk.over);
        let kinds: Vec<MissedCloseKind> = r.missed_closes.iter().map(|m| m.kind).collect();
        for k in [
            MissedCloseKind::NoAsk,
            MissedCloseKind::IgnoredBuyingSignal,
            MissedCloseKind::NoNextStep,
        ] {
            assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
        }
        assert_eq!(r.figures.discovery_questions, 1);
        assert_eq!(r.figures.time_to_first_discovery_question, Some(20.0));
        assert_eq!(r.figures.seller_talk_share, Some(4.0 / 6.0));
        let m = r.figures.longest_seller_monologue.as_ref().unwrap();
        assert_eq!((m.index, m.seconds), (4, Some(20.0)));
        assert!((r.figures.speaker_switches_per_minute.unwrap() - 4.0).abs() < 1e-9);
    }

    #[test]
    fn pro_call_has_no_missed_close() {
        let r = report(&[
            (
                "Kyle",
                0.0,
                10.0,
                "What is the biggest problem with claims right now?",
            ),
            (
                "Tom",
                10.0,
                20.0,
                "We lose about 40 hours a month chasing them.",
            ),
            (
                "Kyle",
                20.0,
                30.0,
                "Our claims desk cuts that by 80%, so your team never chases a carrier again.",
            ),
            ("Kyle", 30.0, 40.0, "Can we run three test loads next week?"),
            ("Tom", 40.0, 50.0, "Yes, let's do it."),
            (
                "Kyle",
                50.0,
                60.0,
                "Great, I'll send the invite for Tuesday at 2pm.",
            ),
        ]);
        assert!(r.missed_closes.is_empty(), "{:?}", r.missed_closes);
    }
}
