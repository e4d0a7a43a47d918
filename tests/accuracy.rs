//! Accuracy floors on the labelled calls in `fixtures/gold/`: a lexicon or
//! rule edit that makes any of these worse fails the build. Raise a floor
//! when a change lifts it; the README's accuracy table has the current figures.

use std::path::PathBuf;

use closecall::eval::{evaluate, load};
use closecall::lexicon::Lexicons;

struct Floor {
    set: &'static str,
    macro_f1: f64,
    small_talk_mae: f64,
    missed_closes_f1: Option<f64>,
    roles_by_content: usize,
}

const FLOORS: &[Floor] = &[
    Floor {
        set: "dev-b2b",
        macro_f1: 0.893,
        small_talk_mae: 0.0109,
        missed_closes_f1: Some(0.89),
        roles_by_content: 12,
    },
    Floor {
        set: "nile",
        macro_f1: 0.893,
        small_talk_mae: 0.007,
        missed_closes_f1: Some(0.64),
        roles_by_content: 20,
    },
    Floor {
        set: "fresh-b2b",
        macro_f1: 0.825,
        small_talk_mae: 0.0315,
        missed_closes_f1: Some(0.89),
        roles_by_content: 13,
    },
    Floor {
        set: "fresh-b2b-3",
        macro_f1: 0.868,
        small_talk_mae: 0.0137,
        missed_closes_f1: Some(0.88),
        roles_by_content: 8,
    },
    Floor {
        set: "fresh-b2b-4",
        macro_f1: 0.842,
        small_talk_mae: 0.0313,
        missed_closes_f1: Some(0.88),
        roles_by_content: 8,
    },
    Floor {
        set: "fresh-b2b-5",
        macro_f1: 0.797,
        small_talk_mae: 0.053,
        missed_closes_f1: Some(0.81),
        roles_by_content: 8,
    },
    Floor {
        set: "fresh-b2b-6",
        macro_f1: 0.832,
        small_talk_mae: 0.0405,
        missed_closes_f1: Some(0.90),
        roles_by_content: 8,
    },
    Floor {
        set: "fresh-chat-1",
        macro_f1: 0.708,
        small_talk_mae: 0.0689,
        missed_closes_f1: Some(0.69),
        roles_by_content: 7,
    },
    Floor {
        set: "fresh-b2b-7",
        macro_f1: 0.860,
        small_talk_mae: 0.018,
        missed_closes_f1: Some(0.86),
        roles_by_content: 8,
    },
    Floor {
        set: "fresh-chat-2",
        macro_f1: 0.688,
        small_talk_mae: 0.081,
        missed_closes_f1: Some(0.72),
        roles_by_content: 8,
    },
    Floor {
        set: "fresh-b2b-8",
        macro_f1: 0.693,
        small_talk_mae: 0.0752,
        missed_closes_f1: Some(0.70),
        roles_by_content: 6,
    },
    Floor {
        set: "fresh-chat-3",
        macro_f1: 0.693,
        small_talk_mae: 0.105,
        missed_closes_f1: Some(0.86),
        roles_by_content: 7,
    },
    Floor {
        set: "fresh-b2b-9",
        macro_f1: 0.735,
        small_talk_mae: 0.0801,
        missed_closes_f1: Some(0.79),
        roles_by_content: 8,
    },
    Floor {
        set: "fresh-chat-4",
        macro_f1: 0.641,
        small_talk_mae: 0.0748,
        missed_closes_f1: Some(0.79),
        roles_by_content: 6,
    },
    Floor {
        set: "fresh-chat-5",
        macro_f1: 0.610,
        small_talk_mae: 0.0789,
        missed_closes_f1: Some(0.68),
        roles_by_content: 7,
    },
    Floor {
        set: "fresh-b2b-10",
        macro_f1: 0.654,
        small_talk_mae: 0.0709,
        missed_closes_f1: Some(0.73),
        roles_by_content: 8,
    },
    Floor {
        set: "fresh-b2b-11",
        macro_f1: 0.651,
        small_talk_mae: 0.1149,
        missed_closes_f1: Some(0.74),
        roles_by_content: 7,
    },
    Floor {
        set: "fresh-chat-6",
        macro_f1: 0.659,
        small_talk_mae: 0.1522,
        missed_closes_f1: Some(0.77),
        roles_by_content: 8,
    },
    Floor {
        set: "fresh-b2b-12",
        macro_f1: 0.656,
        small_talk_mae: 0.1035,
        missed_closes_f1: Some(0.76),
        roles_by_content: 8,
    },
    Floor {
        set: "fresh-chat-7",
        macro_f1: 0.625,
        small_talk_mae: 0.1247,
        missed_closes_f1: Some(0.75),
        roles_by_content: 8,
    },
    Floor {
        set: "fresh-excerpts",
        macro_f1: 0.858,
        small_talk_mae: 0.0692,
        missed_closes_f1: None,
        roles_by_content: 53,
    },
    Floor {
        set: "p4g-dev",
        macro_f1: 0.684,
        small_talk_mae: 0.0308,
        missed_closes_f1: None,
        roles_by_content: 95,
    },
];

#[test]
fn gold_sets_stay_above_their_floors() {
    let lex = Lexicons::builtin();
    let mut failures = Vec::new();
    for f in FLOORS {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/gold")
            .join(f.set);
        let calls = load(&[dir]).expect("gold set loads");
        let r = evaluate(&calls, lex);
        if r.macro_f1 < f.macro_f1 {
            failures.push(format!(
                "{}: macro-F1 {:.3} < floor {:.3}",
                f.set, r.macro_f1, f.macro_f1
            ));
        }
        let mae = r.share_mae["small_talk"];
        if mae > f.small_talk_mae {
            failures.push(format!(
                "{}: small-talk share MAE {:.4} > ceiling {:.4}",
                f.set, mae, f.small_talk_mae
            ));
        }
        if let Some(floor) = f.missed_closes_f1 {
            let got = r.missed_closes_f1.expect("calls.jsonl present");
            if got < floor {
                failures.push(format!(
                    "{}: missed-close F1 {got:.3} < floor {floor:.3}",
                    f.set
                ));
            }
        }
        if r.roles_found_by_content < f.roles_by_content {
            failures.push(format!(
                "{}: seller found by content in {} calls < floor {}",
                f.set, r.roles_found_by_content, f.roles_by_content
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
