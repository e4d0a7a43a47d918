//! Gates: the team's rules a call must keep for the CI job to pass.
//!
//! A gate is checked on the full [`CallReport`] (while the utterances are still
//! there) so each breach can carry the quote that shows it; after that only
//! the small [`Breach`] rows are kept. Only the small-talk bar is on by
//! default (the taxonomy's 3%); every other gate is off until configured,
//! because a team's talk-ratio band or question count is its own choice.

use serde::{Deserialize, Serialize};

use crate::render::pct;
use crate::report::{CallReport, LabelledUtterance};
use crate::taxonomy::{Label, MissedCloseKind};

/// The rules of a batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gates {
    /// A call fails when its small-talk share is over this fraction.
    pub max_small_talk: f64,
    /// A call fails when the seller asked fewer discovery questions.
    pub min_discovery_questions: Option<usize>,
    /// A call fails when the seller's talk share is outside `[lo, hi]`.
    pub seller_talk_share: Option<(f64, f64)>,
    /// A call fails when it has a missed close of one of these kinds.
    pub fail_on: Vec<MissedCloseKind>,
}

impl Default for Gates {
    fn default() -> Self {
        Gates {
            max_small_talk: 0.03,
            min_discovery_questions: None,
            seller_talk_share: None,
            fail_on: Vec::new(),
        }
    }
}

/// Which rule a breach broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GateKind {
    SmallTalk,
    DiscoveryQuestions,
    SellerTalkShare,
    MissedClose,
}

impl GateKind {
    pub fn as_str(self) -> &'static str {
        match self {
            GateKind::SmallTalk => "small_talk",
            GateKind::DiscoveryQuestions => "discovery_questions",
            GateKind::SellerTalkShare => "seller_talk_share",
            GateKind::MissedClose => "missed_close",
        }
    }
}

/// One broken rule in one call, with the utterance that shows it where there is one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Breach {
    pub gate: GateKind,
    /// For `missed_close`: which kind.
    pub kind: Option<MissedCloseKind>,
    /// One line saying what was measured against what.
    pub message: String,
    pub index: Option<usize>,
    pub at: Option<f64>,
    pub quote: Option<String>,
}

impl Breach {
    /// `small_talk` or `missed_close:no_ask`: the name a report shows.
    pub fn name(&self) -> String {
        match self.kind {
            Some(k) => format!("{}:{}", self.gate.as_str(), k.as_str()),
            None => self.gate.as_str().to_string(),
        }
    }
}

fn weight(u: &LabelledUtterance) -> f64 {
    match (u.start, u.end) {
        (Some(a), Some(b)) => (b - a).max(0.0),
        _ => u.text.split_whitespace().count() as f64,
    }
}

fn quoted(r: &CallReport, i: usize) -> (Option<usize>, Option<f64>, Option<String>) {
    match r.utterances.get(i) {
        Some(u) => (Some(i), u.start, Some(u.text.clone())),
        None => (None, None, None),
    }
}

/// Every gate the call breaks, in a fixed order.
pub fn check(r: &CallReport, g: &Gates) -> Vec<Breach> {
    let mut out = Vec::new();
    let share = r.shares.small_talk;
    if share > g.max_small_talk {
        // The heaviest small-talk utterance is the one worth quoting.
        let heaviest = r
            .utterances
            .iter()
            .filter(|u| u.label == Label::SmallTalk)
            .fold(None::<&LabelledUtterance>, |best, u| match best {
                Some(b) if weight(b) >= weight(u) => Some(b),
                _ => Some(u),
            });
        let (index, at, quote) = heaviest.map_or((None, None, None), |u| quoted(r, u.index));
        out.push(Breach {
            gate: GateKind::SmallTalk,
            kind: None,
            message: format!(
                "small talk {} is over the {} bar",
                pct(share),
                pct(g.max_small_talk)
            ),
            index,
            at,
            quote,
        });
    }
    if let Some(min) = g.min_discovery_questions {
        let n = r.figures.discovery_questions;
        if n < min {
            out.push(Breach {
                gate: GateKind::DiscoveryQuestions,
                kind: None,
                message: format!("{n} discovery questions, fewer than the {min} required"),
                index: None,
                at: None,
                quote: None,
            });
        }
    }
    if let (Some((lo, hi)), Some(s)) = (g.seller_talk_share, r.figures.seller_talk_share) {
        if s < lo || s > hi {
            let (index, at, quote) = match &r.figures.longest_seller_monologue {
                Some(m) if s > hi => quoted(r, m.index),
                _ => (None, None, None),
            };
            out.push(Breach {
                gate: GateKind::SellerTalkShare,
                kind: None,
                message: format!(
                    "seller talk share {} is outside {}..{}",
                    pct(s),
                    pct(lo),
                    pct(hi)
                ),
                index,
                at,
                quote,
            });
        }
    }
    for m in &r.missed_closes {
        if g.fail_on.contains(&m.kind) {
            out.push(Breach {
                gate: GateKind::MissedClose,
                kind: Some(m.kind),
                message: format!("missed close: {} at utterance {}", m.kind, m.index),
                index: Some(m.index),
                at: m.at,
                quote: Some(m.quote.clone()),
            });
        }
    }
    out
}
