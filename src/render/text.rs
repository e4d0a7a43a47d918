//! The text reporter: what a seller or a manager reads in a terminal.

use std::fmt::Write;

use super::{pct, Style};
use crate::parse::timecode::format_clock;
use crate::report::{Basis, CallReport, Stretch};
use crate::roles::RoleMethod;
use crate::taxonomy::Label;

fn label_name(l: Label) -> &'static str {
    match l {
        Label::SmallTalk => "small talk",
        Label::Discovery => "discovery",
        Label::Value => "value",
        Label::Ask => "ask",
        Label::Other => "other",
    }
}

fn stretch(s: &Option<Stretch>) -> String {
    match s {
        None => "n/a".into(),
        Some(s) => match s.seconds {
            Some(sec) => format!("{} (utterance {})", format_clock(sec), s.index),
            None => format!("{} words (utterance {})", s.words, s.index),
        },
    }
}

/// Renders one call.
pub fn render(r: &CallReport, style: Style) -> String {
    let mut o = String::new();
    let bold = |s: &str| style.paint("1", s);
    let basis = match r.basis {
        Basis::Time => "shares by time",
        Basis::Words => "shares by words (no timestamps)",
    };
    let length = match r.figures.duration_seconds {
        Some(d) => format!(", {}", format_clock(d)),
        None => format!(", {} words", r.figures.words),
    };
    let id = r
        .call_id
        .as_deref()
        .map(|c| format!(" call {c}"))
        .unwrap_or_default();
    let _ = writeln!(
        o,
        "{}{id} ({}, {basis}{length})",
        bold(&r.source),
        r.input_format
    );
    let how = match r.roles.method {
        RoleMethod::Format => "known",
        RoleMethod::Flag => "as given",
        RoleMethod::Heuristic => "inferred",
        RoleMethod::None => "unknown",
    };
    if r.roles.sellers.is_empty() {
        let _ = writeln!(o, "Seller: none ({})", r.roles.reason);
    } else {
        let _ = writeln!(
            o,
            "Seller: {} ({how}: {})",
            r.roles.sellers.join(", "),
            r.roles.reason
        );
    }

    let _ = writeln!(o, "\n{}", bold("Where the time went"));
    for l in Label::ALL {
        let share = r.shares.get(l);
        let bar = "█".repeat((share * 40.0).round() as usize);
        let note = if l == Label::SmallTalk {
            if r.small_talk.over {
                style.paint("31", &format!("  over the {} bar", pct(r.small_talk.max)))
            } else {
                style.paint("32", &format!("  within the {} bar", pct(r.small_talk.max)))
            }
        } else {
            String::new()
        };
        let _ = writeln!(o, "  {:<11} {:>6}  {bar}{note}", label_name(l), pct(share));
    }

    let f = &r.figures;
    let _ = writeln!(o, "\n{}", bold("Call figures"));
    let row = |o: &mut String, k: &str, v: String, hint: &str| {
        let _ = writeln!(
            o,
            "  {k:<28} {v}{}",
            if hint.is_empty() {
                String::new()
            } else {
                format!("  ({hint})")
            }
        );
    };
    row(
        &mut o,
        "seller talk share",
        f.seller_talk_share.map_or("n/a".into(), pct),
        "best-converting discovery calls: about 43%",
    );
    row(
        &mut o,
        "discovery questions",
        f.discovery_questions.to_string(),
        "11-14 works best",
    );
    let first = match (
        f.time_to_first_discovery_question,
        f.first_discovery_question_index,
    ) {
        (Some(t), _) => format_clock(t),
        (None, Some(i)) => format!("utterance {i}"),
        (None, None) => "none asked".into(),
    };
    row(&mut o, "first discovery question", first, "");
    row(
        &mut o,
        "longest seller monologue",
        stretch(&f.longest_seller_monologue),
        // The bar is in time; a call without times has only words to show.
        match &f.longest_seller_monologue {
            Some(Stretch {
                seconds: Some(_), ..
            }) => "over 2:00 goes with lower win rates",
            _ => "",
        },
    );
    row(
        &mut o,
        "longest buyer story",
        stretch(&f.longest_buyer_story),
        "",
    );
    row(
        &mut o,
        "speaker switches per minute",
        f.speaker_switches_per_minute
            .map_or("n/a".into(), |x| format!("{x:.1}")),
        "",
    );
    row(
        &mut o,
        "asks / next steps set",
        format!("{} / {}", f.asks, f.next_steps_set),
        "",
    );
    row(
        &mut o,
        "buying signals / objections",
        format!("{} / {}", f.buying_signals, f.objections),
        "",
    );

    let _ = writeln!(
        o,
        "\n{}",
        bold(&format!("Missed closes ({})", r.missed_closes.len()))
    );
    if r.missed_closes.is_empty() {
        let _ = writeln!(o, "  none found");
    }
    for m in &r.missed_closes {
        let at = match m.at {
            Some(t) => format!("[{}] ", format_clock(t)),
            None => String::new(),
        };
        let _ = writeln!(
            o,
            "  {at}utterance {}: {}",
            m.index,
            style.paint("33", m.kind.as_str())
        );
        let _ = writeln!(o, "      \"{}\"", super::short(&m.quote, 160));
        let _ = writeln!(o, "      → {}", m.suggestion);
    }
    o
}
