//! Which speaker is the seller.
//!
//! In order of trust: the format's own side information (AWS Call Analytics
//! roles, Gong parties), then `--seller NAME` / `--seller-id ID` /
//! `--seller-domain DOMAIN`, then a heuristic. The heuristic is documented in
//! the README and reported with its reason, because a wrong guess turns every
//! figure upside down:
//! 1. a speaker named like a seller ("Sales Rep", "Agent", "Persuader") is the
//!    seller; with two speakers, one named like a buyer ("Customer",
//!    "Prospect") makes the other the seller;
//! 2. otherwise the speaker with the most seller moves wins: value and ask
//!    phrases, discovery questions, concessions and continuations, minus
//!    buying signals and objections (buyer moves); a tie goes to the first
//!    speaker (sellers usually open the call).

use serde::Serialize;

use crate::classify::Scanned;
use crate::error::{Error, Result};
use crate::lexicon::{Lexicons, RoleCond, Target};
use crate::taxonomy::{Label, Signal};
use crate::transcript::{Role, Transcript};

/// How the seller side was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RoleMethod {
    /// The transcript format says who is who.
    Format,
    /// `--seller`, `--seller-domain`, `--seller-id` or `--parties` (or the
    /// batch config's `sellers`, `seller-domains`, `seller-ids`).
    Flag,
    /// Inferred; see the module docs.
    Heuristic,
    /// No speakers in the transcript: no sides.
    None,
}

/// The outcome of role assignment, as reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleAssignment {
    pub method: RoleMethod,
    /// Speakers taken as the seller side.
    pub sellers: Vec<String>,
    pub reason: String,
}

/// What the user told us about sides.
#[derive(Debug, Clone, Default)]
pub struct RoleOptions {
    /// `--seller NAME` (repeatable), matched case-insensitively to a whole name or a first name.
    pub sellers: Vec<String>,
    /// `--seller-domain DOMAIN`: speakers whose organisation is this domain are sellers.
    pub seller_domains: Vec<String>,
    /// `--seller-id ID` (repeatable): speakers whose label is exactly this id
    /// are sellers, for formats that name speakers by opaque ids (Gong `speakerId`).
    pub seller_ids: Vec<String>,
    /// Where the transcript's own sides came from, when not from the format
    /// itself (e.g. a Gong parties file); said in the report's reason.
    pub sides_source: Option<String>,
}

const SELLER_NAMES: &[&str] = &[
    "sales rep",
    "salesperson",
    "sales",
    "rep",
    "agent",
    "seller",
    "persuader",
    "account executive",
    "account manager",
    "ae",
    "sdr",
    "bdr",
    "consultant",
    "advisor",
    "representative",
    "sales agent",
];
const BUYER_NAMES: &[&str] = &[
    "customer",
    "client",
    "prospect",
    "buyer",
    "persuadee",
    "caller",
    "lead",
    "user",
    "patient",
];

/// Whether `wanted` (a `--seller` value) names `speaker`: the whole name or the first name, any case.
pub fn matches_name(speaker: &str, wanted: &str) -> bool {
    let s = speaker.trim().to_lowercase();
    let w = wanted.trim().to_lowercase();
    s == w || s.split_whitespace().next() == Some(w.as_str())
}

/// Whether a speaker's organisation `org` is `domain` or one of its subdomains, any case.
pub fn org_matches_domain(org: &str, domain: &str) -> bool {
    let (org, d) = (org.to_lowercase(), domain.to_lowercase());
    org == d || org.ends_with(&format!(".{d}"))
}

fn named_like(speaker: &str, list: &[&str]) -> bool {
    let s = speaker.trim().to_lowercase();
    let s = s.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ');
    list.contains(&s)
}

/// Sets `role` on every utterance of `t` and says how. `scanned` holds the
/// lexicon hits of each utterance (see [`crate::classify::scan`]).
pub fn assign(
    t: &mut Transcript,
    opts: &RoleOptions,
    lex: &Lexicons,
    scanned: &[Scanned],
    source: &str,
) -> Result<RoleAssignment> {
    let speakers: Vec<String> = t.speakers().into_iter().map(String::from).collect();
    let set_sellers = |t: &mut Transcript, sellers: &[String]| {
        for u in &mut t.utterances {
            u.role = match &u.speaker {
                Some(s) if sellers.contains(s) => Role::Seller,
                Some(_) => Role::Buyer,
                None => Role::Unknown,
            };
        }
    };

    let by_name = !opts.sellers.is_empty() || !opts.seller_ids.is_empty();
    if t.utterances.iter().any(|u| u.role != Role::Unknown) && !by_name {
        let mut sellers: Vec<String> = Vec::new();
        for u in &t.utterances {
            if let (Role::Seller, Some(s)) = (u.role, &u.speaker) {
                if !sellers.contains(s) {
                    sellers.push(s.clone());
                }
            }
        }
        let no_seller = sellers.is_empty();
        return Ok(RoleAssignment {
            method: RoleMethod::Format,
            sellers,
            reason: match (&opts.sides_source, no_seller) {
                (Some(source), _) => source.clone(),
                (None, false) => "the transcript format marks each speaker's side".into(),
                (None, true) => {
                    "the transcript format marks each speaker's side, and none is the seller's"
                        .into()
                }
            },
        });
    }

    if by_name || !opts.seller_domains.is_empty() {
        let mut sellers: Vec<String> = Vec::new();
        for id in &opts.seller_ids {
            if !speakers.contains(id) {
                return Err(Error::input(
                    source,
                    format!(
                        "--seller-id {id:?} matches no speaker (speakers: {})",
                        if speakers.is_empty() {
                            "none named".to_string()
                        } else {
                            speakers.join(", ")
                        }
                    ),
                ));
            }
            if !sellers.contains(id) {
                sellers.push(id.clone());
            }
        }
        for wanted in &opts.sellers {
            let found: Vec<&String> = speakers
                .iter()
                .filter(|s| matches_name(s, wanted))
                .collect();
            if found.is_empty() {
                return Err(Error::input(
                    source,
                    format!(
                        "--seller {wanted:?} matches no speaker (speakers: {})",
                        if speakers.is_empty() {
                            "none named".to_string()
                        } else {
                            speakers.join(", ")
                        }
                    ),
                ));
            }
            for s in found {
                if !sellers.contains(s) {
                    sellers.push(s.clone());
                }
            }
        }
        for u in &t.utterances {
            if let (Some(org), Some(s)) = (&u.org, &u.speaker) {
                if opts
                    .seller_domains
                    .iter()
                    .any(|d| org_matches_domain(org, d))
                    && !sellers.contains(s)
                {
                    sellers.push(s.clone());
                }
            }
        }
        if sellers.is_empty() {
            return Err(Error::input(
                source,
                format!(
                    "--seller-domain {} matches no speaker",
                    opts.seller_domains.join(", ")
                ),
            ));
        }
        set_sellers(t, &sellers);
        return Ok(RoleAssignment {
            method: RoleMethod::Flag,
            reason: format!(
                "--seller/--seller-domain/--seller-id named {}",
                sellers.join(", ")
            ),
            sellers,
        });
    }

    if speakers.is_empty() {
        return Ok(RoleAssignment {
            method: RoleMethod::None,
            sellers: Vec::new(),
            reason: "the transcript names no speakers, so no sides: talk figures are not available"
                .into(),
        });
    }

    let (seller, reason) = infer(t, &speakers, lex, scanned);
    set_sellers(t, std::slice::from_ref(&seller));
    Ok(RoleAssignment {
        method: RoleMethod::Heuristic,
        sellers: vec![seller],
        reason,
    })
}

/// Seller moves minus buyer moves of each speaker.
fn infer(
    t: &Transcript,
    speakers: &[String],
    lex: &Lexicons,
    scanned: &[Scanned],
) -> (String, String) {
    if let Some(s) = speakers.iter().find(|s| named_like(s, SELLER_NAMES)) {
        return (s.clone(), format!("{s:?} is named like a seller"));
    }
    if speakers.len() == 2 {
        if let Some(b) = speakers.iter().position(|s| named_like(s, BUYER_NAMES)) {
            let s = &speakers[1 - b];
            return (
                s.clone(),
                format!(
                    "the other speaker, {:?}, is named like a buyer",
                    speakers[b]
                ),
            );
        }
    }
    let mut score = vec![0i64; speakers.len()];
    for (u, sc) in t.utterances.iter().zip(scanned) {
        let Some(i) = u
            .speaker
            .as_ref()
            .and_then(|s| speakers.iter().position(|x| x == s))
        else {
            continue;
        };
        // Sentences about the call itself ("what can I do for you?") say
        // nothing about who is selling.
        let logistics: Vec<usize> = sc
            .hits
            .iter()
            .filter(|h| lex.entries[h.entry].target == Target::Logistics)
            .map(|h| h.sentence)
            .collect();
        for h in &sc.hits {
            if !lex.applies(h, Role::Unknown, &sc.norm) || logistics.contains(&h.sentence) {
                continue;
            }
            let question = sc.norm.sentences[h.sentence].is_question;
            let entry = &lex.entries[h.entry];
            score[i] += match entry.target {
                // A buyer's own words for the benefit ("that would save us
                // hours") are a buyer's move, not a pitch.
                Target::Label(Label::Value) if entry.role == RoleCond::Buyer => -1,
                Target::Label(Label::Value) | Target::Label(Label::Ask) => 2,
                Target::Label(Label::Discovery) if question => 1,
                Target::Signal(Signal::Concession) | Target::Signal(Signal::Continuation) => 1,
                Target::Signal(Signal::BuyingSignal) | Target::Signal(Signal::Objection) => -2,
                _ => 0,
            };
        }
    }
    let best = (0..speakers.len())
        .max_by_key(|&i| (score[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    let others: Vec<String> = (0..speakers.len())
        .filter(|&i| i != best)
        .map(|i| format!("{:?} {}", speakers[i], score[i]))
        .collect();
    let tie = (0..speakers.len()).any(|i| i != best && score[i] == score[best]);
    let reason = if tie {
        format!(
            "{:?} spoke first and no speaker made more seller moves (scores: {} for {:?}, {})",
            speakers[best],
            score[best],
            speakers[best],
            others.join(", ")
        )
    } else {
        format!(
            "{:?} made the most seller moves (pitch, asks, discovery questions minus buying signals and objections: {} against {})",
            speakers[best], score[best], others.join(", ")
        )
    };
    (speakers[best].clone(), reason)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::scan;
    use crate::transcript::Utterance;

    fn call(lines: &[(&str, &str)]) -> Transcript {
        Transcript::new(
            lines
                .iter()
                .map(|(s, t)| Utterance {
                    speaker: Some(s.to_string()),
                    text: t.to_string(),
                    ..Utterance::default()
                })
                .collect(),
        )
    }

    fn run(t: &mut Transcript, opts: &RoleOptions) -> Result<RoleAssignment> {
        let lex = Lexicons::builtin();
        let s = scan(lex, &t.utterances);
        assign(t, opts, lex, &s, "f")
    }

    #[test]
    fn heuristic_finds_the_pitching_speaker() {
        let mut t = call(&[
            ("Tom", "Hi."),
            ("Dana", "How are you handling claims today? What does that cost you?"),
            ("Tom", "It's a mess. How much would this cost?"),
            ("Dana", "Teams like yours cut claims by 40%. Can we get a pilot on the calendar for Thursday?"),
        ]);
        let a = run(&mut t, &RoleOptions::default()).unwrap();
        assert_eq!(a.sellers, vec!["Dana"]);
        assert_eq!(a.method, RoleMethod::Heuristic);
        assert_eq!(t.utterances[0].role, Role::Buyer);
        assert_eq!(t.utterances[1].role, Role::Seller);
    }

    #[test]
    fn a_buyer_praising_the_offer_is_not_pitching_it() {
        // Tom's words for the benefit weigh against him, so Dana, who only
        // asks about the business, is the seller.
        let mut t = call(&[
            (
                "Tom",
                "That would honestly save us hours. That alone is worth it.",
            ),
            ("Dana", "How are you handling claims today?"),
            ("Tom", "It would take a lot of pressure off our front desk."),
        ]);
        let a = run(&mut t, &RoleOptions::default()).unwrap();
        assert_eq!(a.sellers, vec!["Dana"]);
    }

    #[test]
    fn names_and_flags() {
        let mut t = call(&[("Customer", "Hi."), ("Jamie", "Hello.")]);
        assert_eq!(
            run(&mut t, &RoleOptions::default()).unwrap().sellers,
            vec!["Jamie"]
        );
        let opts = RoleOptions {
            sellers: vec!["customer".into()],
            ..Default::default()
        };
        let a = run(&mut t, &opts).unwrap();
        assert_eq!(
            (a.method, a.sellers),
            (RoleMethod::Flag, vec!["Customer".to_string()])
        );
        let opts = RoleOptions {
            sellers: vec!["Zed".into()],
            ..Default::default()
        };
        let e = run(&mut t, &opts).unwrap_err().to_string();
        assert!(
            e.contains("matches no speaker (speakers: Customer, Jamie)"),
            "{e}"
        );
    }

    #[test]
    fn seller_ids_match_exactly_and_override_format_sides() {
        let mut t = call(&[("5501", "Hi."), ("7702", "Hello."), ("55", "Hey.")]);
        t.utterances[1].role = Role::Seller;
        let opts = RoleOptions {
            seller_ids: vec!["5501".into()],
            ..Default::default()
        };
        let a = run(&mut t, &opts).unwrap();
        assert_eq!(
            (a.method, a.sellers),
            (RoleMethod::Flag, vec!["5501".to_string()])
        );
        let roles: Vec<Role> = t.utterances.iter().map(|u| u.role).collect();
        assert_eq!(roles, [Role::Seller, Role::Buyer, Role::Buyer]);
        let opts = RoleOptions {
            seller_ids: vec!["550".into()],
            ..Default::default()
        };
        let e = run(&mut t, &opts).unwrap_err().to_string();
        assert_eq!(
            e,
            "f: --seller-id \"550\" matches no speaker (speakers: 5501, 7702, 55)"
        );
    }

    #[test]
    fn first_names_match() {
        let mut t = call(&[("Dana Whitfield", "Hi."), ("Tom Okafor", "Hello.")]);
        let opts = RoleOptions {
            sellers: vec!["dana".into()],
            ..Default::default()
        };
        assert_eq!(run(&mut t, &opts).unwrap().sellers, vec!["Dana Whitfield"]);
    }
}
