//! The labels, signals and missed-close kinds of `docs/TAXONOMY.md`, as types.
//!
//! Names here are a public interface: they appear in JSON, lexicon file names,
//! gold files and `--fail-on` values, so they never change spelling.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What an utterance does in the conversation. Exactly one per utterance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    SmallTalk,
    Discovery,
    Value,
    Ask,
    Other,
}

impl Label {
    /// In the order reports list them.
    pub const ALL: [Label; 5] = [
        Label::SmallTalk,
        Label::Discovery,
        Label::Value,
        Label::Ask,
        Label::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Label::SmallTalk => "small_talk",
            Label::Discovery => "discovery",
            Label::Value => "value",
            Label::Ask => "ask",
            Label::Other => "other",
        }
    }

    /// The taxonomy's precedence: ask > value > discovery > small_talk > other.
    /// Higher wins when one utterance holds several.
    pub fn precedence(self) -> u8 {
        match self {
            Label::Ask => 4,
            Label::Value => 3,
            Label::Discovery => 2,
            Label::SmallTalk => 1,
            Label::Other => 0,
        }
    }

    pub fn index(self) -> usize {
        Label::ALL.iter().position(|l| *l == self).unwrap_or(4)
    }
}

/// Extra facts about an utterance that the missed-close findings use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    BuyingSignal,
    Objection,
    Concession,
    NextStepSet,
    Continuation,
}

impl Signal {
    pub const ALL: [Signal; 5] = [
        Signal::BuyingSignal,
        Signal::Objection,
        Signal::Concession,
        Signal::NextStepSet,
        Signal::Continuation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Signal::BuyingSignal => "buying_signal",
            Signal::Objection => "objection",
            Signal::Concession => "concession",
            Signal::NextStepSet => "next_step_set",
            Signal::Continuation => "continuation",
        }
    }

    pub fn index(self) -> usize {
        Signal::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }
}

/// A moment where the seller should have asked the buyer to move forward and didn't.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissedCloseKind {
    NoAsk,
    IgnoredBuyingSignal,
    ValueWithoutAsk,
    ConcessionWithoutAsk,
    NoNextStep,
}

impl MissedCloseKind {
    pub const ALL: [MissedCloseKind; 5] = [
        MissedCloseKind::NoAsk,
        MissedCloseKind::IgnoredBuyingSignal,
        MissedCloseKind::ValueWithoutAsk,
        MissedCloseKind::ConcessionWithoutAsk,
        MissedCloseKind::NoNextStep,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MissedCloseKind::NoAsk => "no_ask",
            MissedCloseKind::IgnoredBuyingSignal => "ignored_buying_signal",
            MissedCloseKind::ValueWithoutAsk => "value_without_ask",
            MissedCloseKind::ConcessionWithoutAsk => "concession_without_ask",
            MissedCloseKind::NoNextStep => "no_next_step",
        }
    }
}

macro_rules! name_impls {
    ($t:ty, $what:literal) => {
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $t {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                let wanted = s.trim().replace('-', "_").to_lowercase();
                <$t>::ALL
                    .iter()
                    .copied()
                    .find(|x| x.as_str() == wanted)
                    .ok_or_else(|| {
                        let names: Vec<&str> = <$t>::ALL.iter().map(|x| x.as_str()).collect();
                        format!("unknown {} `{}` (one of: {})", $what, s, names.join(", "))
                    })
            }
        }
    };
}

name_impls!(Label, "label");
name_impls!(Signal, "signal");
name_impls!(MissedCloseKind, "missed-close kind");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for l in Label::ALL {
            assert_eq!(l.as_str().parse::<Label>().unwrap(), l);
            assert_eq!(serde_json::to_string(&l).unwrap(), format!("\"{l}\""));
        }
        for s in Signal::ALL {
            assert_eq!(s.as_str().parse::<Signal>().unwrap(), s);
        }
        assert_eq!(
            "no-ask".parse::<MissedCloseKind>().unwrap(),
            MissedCloseKind::NoAsk
        );
        assert!("nope".parse::<Label>().unwrap_err().contains("one of"));
    }

    #[test]
    fn precedence_follows_the_taxonomy() {
        let mut l = Label::ALL.to_vec();
        l.sort_by_key(|x| std::cmp::Reverse(x.precedence()));
        assert_eq!(
            l,
            [
                Label::Ask,
                Label::Value,
                Label::Discovery,
                Label::SmallTalk,
                Label::Other
            ]
        );
    }
}
