//! `closecall explain`: why one utterance got its label and signals.
//!
//! Tuning a lexicon by reading `eval --errors` only says *that* an utterance is
//! wrong. To fix it one needs every phrase that matched, where it is written
//! (`file:line`), what it fed, with what weight, in which sentence and on
//! which words, and, as importantly, the phrases that matched but did not
//! count and why (wrong role, not a question, negated, outranked, below the
//! threshold), plus the context rules that changed the verdict. This module
//! gathers all of that from the same scan and classification `analyze` runs,
//! so an explanation never disagrees with a report. Nothing here prints.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::classify::{self, Classified, Scanned};
use crate::error::{Error, Result};
use crate::eval::GoldCall;
use crate::lexicon::{
    held_back, threshold, weight, Hit, Lexicons, MoodCond, RoleCond, Target, SMALL_TALK_IN_BUSINESS,
};
use crate::normalize::Normalized;
use crate::roles::{self, RoleAssignment, RoleMethod, RoleOptions};
use crate::taxonomy::{Label, Signal};
use crate::transcript::{Role, Transcript};

/// What became of one matched lexicon entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// It applied and its label or signal is in the verdict.
    Decided,
    /// It applied but did not make the verdict (outranked, below the threshold, dropped).
    Applied,
    /// It matched but its conditions failed (role, question/statement, negation).
    NotApplied,
}

/// One lexicon entry found in the utterance.
#[derive(Debug, Clone, Serialize)]
pub struct EntryMatch {
    /// `path:line` of the entry.
    pub origin: String,
    pub path: String,
    pub line: usize,
    /// The entry as written.
    pub source: String,
    /// The label or signal it feeds (`checkin` for check-ins).
    pub feeds: String,
    pub weight: f32,
    /// Index of the sentence it matched in.
    pub sentence: usize,
    /// The normalised words it matched.
    pub matched: String,
    pub status: Status,
    /// Why it did not decide (absent for `decided`).
    pub reason: Option<String>,
}

/// One sentence of the utterance.
#[derive(Debug, Clone, Serialize)]
pub struct SentenceInfo {
    pub index: usize,
    pub text: String,
    pub question: bool,
    /// Total weight of the applying entries per label or signal (1 reaches it).
    pub scores: BTreeMap<String, f32>,
}

/// Where the utterance comes from, when it was taken from a transcript.
#[derive(Debug, Clone, Serialize)]
pub struct InCall {
    pub source: String,
    pub index: usize,
    pub speaker: Option<String>,
    pub start: Option<f64>,
    /// Line of the source file where the turn begins, for text formats.
    pub line: Option<usize>,
    pub roles: RoleAssignment,
}

/// Everything that decided one utterance.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub text: String,
    pub role: Role,
    pub label: Label,
    pub signals: Vec<Signal>,
    pub sentences: Vec<SentenceInfo>,
    pub entries: Vec<EntryMatch>,
    /// Context rules (from the conversation around it) that changed the verdict.
    pub rules: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call: Option<InCall>,
    /// The label and signals a labelled (gold) call gives the utterance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gold: Option<GoldVerdict>,
}

/// What the gold file says of an utterance.
#[derive(Debug, Clone, Serialize)]
pub struct GoldVerdict {
    pub label: Label,
    pub signals: Vec<Signal>,
}

/// Explains `text` said by `role`, alone (no conversation around it).
pub fn explain_text(lex: &Lexicons, text: &str, role: Role) -> Explanation {
    let c = classify::classify_text(lex, text, role);
    let u = crate::transcript::Utterance {
        text: text.to_string(),
        role,
        ..Default::default()
    };
    let scanned = classify::scan(lex, std::slice::from_ref(&u));
    build(lex, text, &scanned[0], role, &c)
}

/// Explains utterance `index` (0-based, as `analyze` numbers them) of a call,
/// with roles assigned as `analyze` assigns them and the call's context rules.
pub fn explain_in_call(
    lex: &Lexicons,
    source: &str,
    mut transcript: Transcript,
    opts: &RoleOptions,
    index: usize,
) -> Result<Explanation> {
    let n = transcript.utterances.len();
    if index >= n {
        return Err(Error::Usage(format!(
            "{source}: no utterance {index}: it has {n} (numbered 0 to {})",
            n.saturating_sub(1)
        )));
    }
    let scanned = classify::scan(lex, &transcript.utterances);
    let assignment = roles::assign(&mut transcript, opts, lex, &scanned, source)?;
    let role_of: Vec<Role> = transcript.utterances.iter().map(|u| u.role).collect();
    let classified = classify::classify(lex, &scanned, &role_of);
    let u = &transcript.utterances[index];
    let mut e = build(lex, &u.text, &scanned[index], u.role, &classified[index]);
    e.call = Some(InCall {
        source: source.to_string(),
        index,
        speaker: u.speaker.clone(),
        start: u.start,
        line: u.line,
        roles: assignment,
    });
    Ok(e)
}

/// Explains utterance `index` of a labelled (gold) call, with its gold roles,
/// and gives the gold label beside the classifier's.
pub fn explain_gold(lex: &Lexicons, call: &GoldCall, index: usize) -> Result<Explanation> {
    let mut e = explain_in_call(
        lex,
        &call.path,
        call.transcript(),
        &RoleOptions::default(),
        index,
    )?;
    if let Some(c) = e
        .call
        .as_mut()
        .filter(|c| c.roles.method == RoleMethod::Format)
    {
        c.roles.reason = "the gold file gives each speaker's side".into();
    }
    let g = &call.utterances[index];
    e.gold = Some(GoldVerdict {
        label: g.label,
        signals: g.signals.clone(),
    });
    Ok(e)
}

fn target_name(t: Target) -> String {
    t.name().to_string()
}

/// The normalised words `start..end`.
fn words(norm: &Normalized, start: usize, end: usize) -> String {
    (start..end.min(norm.word_count()))
        .map(|i| norm.word(i))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Why a matched entry does not apply, or `None` when it does.
fn not_applied(lex: &Lexicons, h: &Hit, role: Role, norm: &Normalized) -> Option<String> {
    if lex.applies(h, role, norm) {
        return None;
    }
    let e = &lex.entries[h.entry];
    let who = |r: RoleCond| match r {
        RoleCond::Seller => "seller",
        RoleCond::Buyer => "buyer",
        RoleCond::Any => "anyone",
    };
    match (e.role, role) {
        (RoleCond::Seller, Role::Buyer) | (RoleCond::Buyer, Role::Seller) => {
            return Some(format!(
                "wrong role: the entry is for the {} and the speaker is the {}",
                who(e.role),
                role.as_str()
            ))
        }
        _ => {}
    }
    let q = norm.sentences[h.sentence].is_question;
    match e.mood {
        MoodCond::Question if !q => {
            return Some(format!(
                "not a question: the entry needs a question and sentence {} is a statement",
                h.sentence
            ))
        }
        MoodCond::Statement if q => {
            return Some(format!(
                "not a statement: the entry needs a statement and sentence {} is a question",
                h.sentence
            ))
        }
        _ => {}
    }
    if e.negatable && h.negated {
        let sent = &norm.sentences[h.sentence];
        let neg = crate::lexicon::negator_before(
            norm,
            h.start,
            sent.words.start,
            e.target.hedge_negates(),
        )
        .map_or("a negation", |i| norm.word(i));
        return Some(format!(
            "negated: `{neg}` stands just before it, and this file's entries are cancelled by negation"
        ));
    }
    Some("its conditions do not hold".into())
}

fn build(lex: &Lexicons, text: &str, s: &Scanned, role: Role, c: &Classified) -> Explanation {
    let scores = lex.sentence_scores(&s.hits, role, &s.norm);
    let sentences: Vec<SentenceInfo> = s
        .norm
        .sentences
        .iter()
        .enumerate()
        .map(|(i, sent)| SentenceInfo {
            index: i,
            text: text
                .get(sent.span.clone())
                .unwrap_or_default()
                .trim()
                .to_string(),
            question: sent.is_question,
            scores: scores[i]
                .iter()
                .map(|(t, w)| (target_name(*t), *w))
                .collect(),
        })
        .collect();
    let checkin_rule = c.trace.rules.iter().any(|r| r.contains("check-in"));
    let mut entries = Vec::new();
    for h in &s.hits {
        let e = &lex.entries[h.entry];
        let total = weight(&scores[h.sentence], e.target);
        let needed = threshold(&scores[h.sentence], e.target);
        let small_talk = weight(&scores[h.sentence], Target::Label(Label::SmallTalk));
        let (status, reason) = match not_applied(lex, h, role, &s.norm) {
            Some(r) => (Status::NotApplied, Some(r)),
            None if total < needed => (
                Status::Applied,
                Some(format!(
                    "below the threshold: {} totals {total} in sentence {}, and {needed} is needed{}",
                    e.target.name(),
                    h.sentence,
                    if needed > 1.0 {
                        " (the sentence names the buyer's business)"
                    } else {
                        ""
                    }
                )),
            ),
            None if e.target == Target::Business => (
                Status::Applied,
                Some(if c.label == Label::SmallTalk {
                    format!(
                        "raised the small-talk bar of sentence {} to {SMALL_TALK_IN_BUSINESS}, but a context rule made the utterance small talk",
                        h.sentence
                    )
                } else if held_back(&scores[h.sentence]) {
                    format!(
                        "kept sentence {} from small talk: it names the buyer's business, so small talk needs {SMALL_TALK_IN_BUSINESS} there and totals {small_talk}",
                        h.sentence
                    )
                } else {
                    format!(
                        "names the buyer's business: it only raises the small-talk bar of sentence {} to {SMALL_TALK_IN_BUSINESS}",
                        h.sentence
                    )
                }),
            ),
            None => match e.target {
                Target::Label(l) if l == c.label => (Status::Decided, None),
                Target::Label(Label::Ask) if role == Role::Buyer => (
                    Status::Applied,
                    Some("only the seller asks: a buyer's ask phrase is not an ask".into()),
                ),
                Target::Label(_) => (
                    Status::Applied,
                    Some(format!(
                        "outranked: the utterance is {} (ask > value > discovery > small_talk > other, then the context rules)",
                        c.label
                    )),
                ),
                Target::Signal(sig) if c.signals.contains(&sig) => (Status::Decided, None),
                Target::Signal(sig) => (
                    Status::Applied,
                    Some(
                        c.trace
                            .dropped
                            .iter()
                            .find(|(k, s, _)| *k == h.sentence && *s == sig)
                            .map_or_else(
                                || "dropped by the context rules".to_string(),
                                |(_, _, why)| format!("dropped: {why}"),
                            ),
                    ),
                ),
                Target::Logistics if c.label == Label::Other => (Status::Decided, None),
                Target::Logistics => (
                    Status::Applied,
                    Some(format!(
                        "outranked: logistics only keeps a sentence from being taken as a question of the conversation, and the utterance is {}",
                        c.label
                    )),
                ),
                Target::Agenda if c.label == Label::Other => (Status::Decided, None),
                Target::Agenda => (
                    Status::Applied,
                    Some(format!(
                        "outranked: an agenda turn keeps a discovery question it asks, and the utterance is {}",
                        c.label
                    )),
                ),
                // Handled above, before the threshold's own message.
                Target::Business => (Status::Applied, None),
                Target::CheckIn if checkin_rule => (Status::Decided, None),
                Target::CheckIn => (
                    Status::Applied,
                    Some("a check-in only takes the label of the seller's last value or discovery point, and there was none to take".into()),
                ),
            },
        };
        entries.push(EntryMatch {
            origin: lex.origin(h.entry),
            path: lex.files[e.file].path.clone(),
            line: e.line,
            source: e.source.clone(),
            feeds: e.target.name().to_string(),
            weight: e.weight,
            sentence: h.sentence,
            matched: words(&s.norm, h.start, h.end),
            status,
            reason,
        });
    }
    Explanation {
        text: text.to_string(),
        role,
        label: c.label,
        signals: c.signals.clone(),
        sentences,
        entries,
        // A signal a context rule took away is a rule that changed the verdict too.
        rules: c
            .trace
            .rules
            .iter()
            .cloned()
            .chain(
                c.trace
                    .dropped
                    .iter()
                    .map(|(k, sig, why)| format!("sentence {k}: {sig} dropped: {why}")),
            )
            .collect(),
        call: None,
        gold: None,
    }
}

/// The explanation as text for a terminal.
pub fn render_text(e: &Explanation) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    if let Some(c) = &e.call {
        let at = c.line.map(|l| format!(":{l}")).unwrap_or_default();
        let who = c.speaker.as_deref().unwrap_or("(no speaker)");
        let _ = writeln!(
            o,
            "{}{at}: utterance {} by {who} ({}; sides: {})",
            c.source,
            c.index,
            e.role.as_str(),
            c.roles.reason
        );
    } else {
        let _ = writeln!(o, "text said by: {}", e.role.as_str());
    }
    let _ = writeln!(o, "label: {}", e.label);
    if let Some(g) = &e.gold {
        let sig: Vec<&str> = g.signals.iter().map(|s| s.as_str()).collect();
        let _ = writeln!(
            o,
            "gold:  {}{}{}",
            g.label,
            if sig.is_empty() {
                String::new()
            } else {
                format!(" ({})", sig.join(", "))
            },
            if g.label == e.label {
                ""
            } else {
                "  <- the classifier disagrees"
            }
        );
    }
    let sig: Vec<&str> = e.signals.iter().map(|s| s.as_str()).collect();
    let _ = writeln!(
        o,
        "signals: {}",
        if sig.is_empty() {
            "none".to_string()
        } else {
            sig.join(", ")
        }
    );
    let _ = writeln!(o, "\nsentences:");
    for s in &e.sentences {
        let scores: Vec<String> = s.scores.iter().map(|(t, w)| format!("{t} {w}")).collect();
        let _ = writeln!(
            o,
            "  [{}] {} {:?}{}",
            s.index,
            if s.question { "question " } else { "statement" },
            s.text,
            if scores.is_empty() {
                String::new()
            } else {
                format!("  scores: {}", scores.join(", "))
            }
        );
    }
    let groups = [
        (Status::Decided, "entries that decided it"),
        (Status::Applied, "entries that applied but did not decide"),
        (Status::NotApplied, "entries that matched but did not apply"),
    ];
    for (status, title) in groups {
        let list: Vec<&EntryMatch> = e.entries.iter().filter(|m| m.status == status).collect();
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(o, "\n{title}:");
        for m in list {
            let _ = writeln!(o, "  {}  {}", m.origin, m.source);
            let _ = writeln!(
                o,
                "      feeds {} (weight {}) in sentence {}, matched \"{}\"",
                m.feeds, m.weight, m.sentence, m.matched
            );
            if let Some(r) = &m.reason {
                let _ = writeln!(o, "      {r}");
            }
        }
    }
    if e.entries.is_empty() {
        let _ = writeln!(o, "\nno lexicon entry matched");
    }
    let _ = writeln!(o, "\ncontext rules:");
    if e.rules.is_empty() {
        let _ = writeln!(o, "  none");
    }
    for r in &e.rules {
        let _ = writeln!(o, "  {r}");
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Utterance;

    #[test]
    fn an_ask_names_its_entry_and_words() {
        let lex = Lexicons::builtin();
        let e = explain_text(lex, "Can we get the order in this week?", Role::Seller);
        assert_eq!(e.label, Label::Ask);
        let d: Vec<&EntryMatch> = e
            .entries
            .iter()
            .filter(|m| m.status == Status::Decided)
            .collect();
        assert!(!d.is_empty());
        assert!(d.iter().all(|m| m.feeds == "ask"));
        assert!(d[0].origin.starts_with("lexicons/ask.txt:"));
        assert!(d[0].matched.starts_with("can we get"), "{}", d[0].matched);
        let t = render_text(&e);
        assert!(t.contains("label: ask"), "{t}");
        assert!(t.contains("lexicons/ask.txt:"), "{t}");
    }

    #[test]
    fn wrong_role_question_and_negation_are_explained() {
        let lex = Lexicons::builtin();
        let e = explain_text(lex, "Can we get the order in this week?", Role::Buyer);
        assert!(e.entries.iter().any(|m| m.status == Status::NotApplied
            && m.reason.as_deref().unwrap_or("").starts_with("wrong role")));
        let e = explain_text(lex, "Does Thursday at 2pm work for you.", Role::Seller);
        assert!(
            e.entries.iter().any(|m| m.feeds == "ask"
                && m.reason
                    .as_deref()
                    .unwrap_or("")
                    .starts_with("not a question")),
            "{e:#?}"
        );
        let e = explain_text(
            lex,
            "I don't think we should schedule a demo.",
            Role::Seller,
        );
        assert_ne!(e.label, Label::Ask);
        assert!(
            e.entries.iter().any(|m| m.feeds == "ask"
                && m.reason
                    .as_deref()
                    .unwrap_or("")
                    .starts_with("negated: `not`")),
            "{e:#?}"
        );
    }

    #[test]
    fn a_business_word_says_it_kept_the_sentence_from_small_talk() {
        let lex = Lexicons::builtin();
        let e = explain_text(
            lex,
            "How does the snow affect your deliveries?",
            Role::Seller,
        );
        assert_eq!(e.label, Label::Discovery);
        let reason = |feeds: &str| {
            e.entries
                .iter()
                .find(|m| m.feeds == feeds)
                .and_then(|m| m.reason.clone())
                .unwrap_or_default()
        };
        assert!(
            reason("small_talk")
                .contains("and 2 is needed (the sentence names the buyer's business)"),
            "{e:#?}"
        );
        assert!(
            reason("business").starts_with("kept sentence 0 from small talk"),
            "{e:#?}"
        );
        // Without small talk to hold back, it only says what it does.
        let e = explain_text(lex, "Our budget is set in March.", Role::Buyer);
        assert!(
            e.entries.iter().any(|m| m.feeds == "business"
                && m.reason
                    .as_deref()
                    .unwrap_or("")
                    .starts_with("names the buyer's business")),
            "{e:#?}"
        );
    }

    #[test]
    fn a_dropped_signal_says_why_from_the_classifier() {
        let lex = Lexicons::builtin();
        let reason = |text: &str, role: Role, feeds: &str| {
            explain_text(lex, text, role)
                .entries
                .iter()
                .find(|m| m.feeds == feeds)
                .and_then(|m| m.reason.clone())
                .unwrap_or_default()
        };
        // The context rules list it as well, so "none" never hides a change.
        let e = explain_text(
            lex,
            "Sounds interesting, but I'm worried about the cost.",
            Role::Buyer,
        );
        assert!(
            e.rules
                .iter()
                .any(|r| r.starts_with("sentence 0: buying_signal dropped:")),
            "{:?}",
            e.rules
        );
        // Hedged in the same sentence, and in another sentence of the turn.
        assert!(reason(
            "Sounds interesting, but I'm worried about the cost.",
            Role::Buyer,
            "buying_signal"
        )
        .contains("the same sentence objects"));
        assert!(reason(
            "That sounds interesting. I'm worried about the cost though.",
            Role::Buyer,
            "buying_signal"
        )
        .contains("objection in the same turn"));
        // A sentence about the call itself carries no signal.
        assert!(reason(
            "How can I help you with pricing today?",
            Role::Buyer,
            "buying_signal"
        )
        .contains("(logistics) carries no signal"));
    }

    #[test]
    fn context_rules_come_from_the_call() {
        let lex = Lexicons::builtin();
        let t = Transcript::new(vec![
            Utterance {
                speaker: Some("Dana".into()),
                text: "How are you handling claims today?".into(),
                ..Default::default()
            },
            Utterance {
                speaker: Some("Tom".into()),
                text: "It's all in one inbox and nobody owns it.".into(),
                ..Default::default()
            },
        ]);
        let opts = RoleOptions {
            sellers: vec!["Dana".into()],
            ..Default::default()
        };
        let e = explain_in_call(lex, "x.txt", t.clone(), &opts, 1).unwrap();
        assert_eq!(e.label, Label::Discovery);
        assert_eq!(e.role, Role::Buyer);
        assert!(e.rules.iter().any(|r| r.contains("answer to a discovery")));
        let err = explain_in_call(lex, "x.txt", t, &opts, 2).unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.txt: no utterance 2: it has 2 (numbered 0 to 1)"
        );
    }

    #[test]
    fn nothing_matched_and_empty_text() {
        let lex = Lexicons::builtin();
        for text in ["", "   ", "zzz qqq", "?!", "\u{0}"] {
            let e = explain_text(lex, text, Role::Unknown);
            assert_eq!(e.label, Label::Other);
            let _ = render_text(&e);
        }
    }
}
