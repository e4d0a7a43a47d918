//! `csv`: one row per call for spreadsheets and data tools, plus one row per
//! file that could not be read (`status` = `error`, the reason in `error`),
//! in the batch's order.
//! Quoting follows RFC 4180.

use super::Exporter;
use crate::batch::{Event, Results};
use crate::taxonomy::MissedCloseKind;

pub struct Csv;

fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn num(x: Option<f64>) -> String {
    x.map_or_else(String::new, |v| format!("{v:.4}"))
}

const HEAD: &[&str] = &[
    "source",
    "call_index",
    "call_id",
    "status",
    "input_format",
    "basis",
    "seller",
    "duration_seconds",
    "words",
    "small_talk",
    "discovery",
    "value",
    "ask",
    "other",
    "seller_talk_share",
    "discovery_questions",
    "asks",
    "buying_signals",
    "objections",
    "next_steps_set",
    "missed_closes",
];

impl Exporter for Csv {
    fn export(&self, r: &Results) -> String {
        let mut head: Vec<String> = HEAD.iter().map(|s| s.to_string()).collect();
        head.extend(MissedCloseKind::ALL.iter().map(|k| k.to_string()));
        head.push("failed_gates".into());
        head.push("error".into());
        let width = head.len();
        let mut o = head.join(",") + "\n";
        for ev in r.events() {
            let c = match ev {
                Event::Call(c) => c,
                Event::Error(e) => {
                    let mut row = vec![String::new(); width];
                    row[0] = field(&e.source);
                    row[3] = "error".into();
                    row[width - 1] = field(&e.message);
                    o.push_str(&row.join(","));
                    o.push('\n');
                    continue;
                }
            };
            let f = &c.figures;
            let mut row = vec![
                field(&c.source),
                c.call_index.to_string(),
                field(c.call_id.as_deref().unwrap_or("")),
                if c.passed { "pass" } else { "fail" }.to_string(),
                field(&c.input_format),
                serde_json::to_value(c.basis)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default(),
                field(&c.seller),
                num(f.duration_seconds),
                f.words.to_string(),
                num(Some(c.shares.small_talk)),
                num(Some(c.shares.discovery)),
                num(Some(c.shares.value)),
                num(Some(c.shares.ask)),
                num(Some(c.shares.other)),
                num(f.seller_talk_share),
                f.discovery_questions.to_string(),
                f.asks.to_string(),
                f.buying_signals.to_string(),
                f.objections.to_string(),
                f.next_steps_set.to_string(),
                c.missed_closes.len().to_string(),
            ];
            for k in MissedCloseKind::ALL {
                row.push(
                    c.missed_closes
                        .iter()
                        .filter(|m| m.kind == k)
                        .count()
                        .to_string(),
                );
            }
            row.push(field(&c.gate_names().join(";")));
            row.push(String::new());
            o.push_str(&row.join(","));
            o.push('\n');
        }
        o
    }
}
