//! Batch exporters: pure functions from finished [`Results`] to bytes.
//!
//! One module per format behind [`Exporter`], like hyperfine's exporters. The
//! table formats (text, Markdown, CSV) share their columns through
//! `call_table` and `seller_table`, so a new figure shows up in all three
//! by adding it once. Nothing here reads a clock or the environment: the same
//! results always give the same bytes.

use super::summary::Summary;
use super::{CallRow, Results};
use crate::render::pct;
use crate::taxonomy::MissedCloseKind;

pub mod csv;
pub mod json;
pub mod jsonl;
pub mod junit;
pub mod markdown;
pub mod text;

/// Turns a finished batch into the bytes of one output format.
pub trait Exporter {
    fn export(&self, results: &Results) -> String;
}

/// The output formats of `closecall batch` and `closecall merge`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Jsonl,
    Csv,
    Markdown,
    Junit,
}

impl Format {
    pub fn exporter(self) -> &'static dyn Exporter {
        match self {
            Format::Text => &text::Text,
            Format::Json => &json::Json,
            Format::Jsonl => &jsonl::Jsonl,
            Format::Csv => &csv::Csv,
            Format::Markdown => &markdown::Markdown,
            Format::Junit => &junit::Junit,
        }
    }

    /// Formats written row by row as the batch runs, without keeping the rows.
    pub fn streams(self) -> bool {
        self == Format::Jsonl
    }
}

/// A share as a cell: `12.3%`, or `-` when absent.
pub(crate) fn share_cell(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), pct)
}

/// `no_ask, no_next_step×2`, or `-`.
pub(crate) fn kinds_cell<'a>(kinds: impl Iterator<Item = &'a MissedCloseKind>) -> String {
    let mut counts: Vec<(MissedCloseKind, usize)> = Vec::new();
    for k in kinds {
        match counts.iter_mut().find(|(c, _)| c == k) {
            Some((_, n)) => *n += 1,
            None => counts.push((*k, 1)),
        }
    }
    counts.sort();
    if counts.is_empty() {
        return "-".into();
    }
    counts
        .iter()
        .map(|(k, n)| {
            if *n > 1 {
                format!("{k}×{n}")
            } else {
                k.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `pass` or the broken gates.
pub(crate) fn result_cell(r: &CallRow) -> String {
    if r.passed {
        "pass".into()
    } else {
        format!("FAIL {}", r.gate_names().join(", "))
    }
}

/// The per-call table shared by text and Markdown.
pub(crate) fn call_table(calls: &[CallRow]) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let head = vec![
        "call",
        "seller",
        "small talk",
        "discovery",
        "value",
        "ask",
        "seller talk",
        "disc. q",
        "missed closes",
        "result",
    ];
    let rows = calls
        .iter()
        .map(|r| {
            vec![
                r.name(),
                r.seller.clone(),
                pct(r.shares.small_talk),
                pct(r.shares.discovery),
                pct(r.shares.value),
                pct(r.shares.ask),
                share_cell(r.figures.seller_talk_share),
                r.figures.discovery_questions.to_string(),
                kinds_cell(r.missed_closes.iter().map(|m| &m.kind)),
                result_cell(r),
            ]
        })
        .collect();
    (head, rows)
}

/// The per-seller table shared by text and Markdown (a `total` row last).
pub(crate) fn seller_table(s: &Summary) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let head = vec![
        "seller",
        "calls",
        "failed",
        "small talk",
        "discovery",
        "value",
        "ask",
        "seller talk",
        "disc. q",
        "missed closes",
    ];
    let row = |name: &str, g: &super::summary::Group| {
        let kinds: Vec<String> = g
            .missed_closes
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        vec![
            name.to_string(),
            g.calls.to_string(),
            g.failed.to_string(),
            pct(g.average_shares.small_talk),
            pct(g.average_shares.discovery),
            pct(g.average_shares.value),
            pct(g.average_shares.ask),
            share_cell(g.average_seller_talk_share),
            format!("{:.1}", g.average_discovery_questions),
            if kinds.is_empty() {
                "-".into()
            } else {
                kinds.join(", ")
            },
        ]
    };
    let mut rows: Vec<Vec<String>> = s.sellers.iter().map(|(n, g)| row(n, g)).collect();
    rows.push(row("total", &s.totals));
    (head, rows)
}

/// `3 calls: 2 passed, 1 failed; 1 file could not be read`.
pub fn headline(s: &Summary) -> String {
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("{n} {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let mut h = format!(
        "{} in {}: {} passed, {} failed",
        plural(s.calls, "call", "calls"),
        plural(s.files, "file", "files"),
        s.passed,
        s.failed
    );
    if s.errors > 0 {
        h.push_str(&format!(
            "; {} could not be read",
            plural(s.errors, "file", "files")
        ));
    }
    h
}

/// The gates in force, in one line.
pub(crate) fn gates_line(s: &Summary) -> String {
    let g = &s.gates;
    let mut parts = vec![format!("small talk ≤ {}", pct(g.max_small_talk))];
    if let Some(n) = g.min_discovery_questions {
        parts.push(format!("discovery questions ≥ {n}"));
    }
    if let Some((lo, hi)) = g.seller_talk_share {
        parts.push(format!("seller talk {}..{}", pct(lo), pct(hi)));
    }
    if !g.fail_on.is_empty() {
        let k: Vec<&str> = g.fail_on.iter().map(|k| k.as_str()).collect();
        parts.push(format!("fail on {}", k.join(", ")));
    }
    parts.join("; ")
}
