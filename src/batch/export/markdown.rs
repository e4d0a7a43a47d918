//! `markdown`: a summary fit for a pull-request comment or a CI job summary
//! (`$GITHUB_STEP_SUMMARY`): the verdict first, the broken gates with their
//! quotes, the sellers, and every call folded away in a `<details>` block.

use std::fmt::Write;

use super::{call_table, gates_line, headline, seller_table, Exporter};
use crate::batch::summary::Status;
use crate::batch::Results;
use crate::render::short;

pub struct Markdown;

/// Escapes what would break a table cell or start markup.
pub(crate) fn cell(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.split_whitespace().collect::<Vec<_>>().join(" ").chars() {
        match ch {
            '|' | '\\' | '`' | '*' | '<' | '>' | '[' | ']' => {
                o.push('\\');
                o.push(ch);
            }
            c => o.push(c),
        }
    }
    o
}

fn table(head: &[&str], rows: &[Vec<String>]) -> String {
    let mut o = format!("| {} |\n", head.join(" | "));
    o.push_str(&format!("|{}\n", "---|".repeat(head.len())));
    for r in rows {
        let cells: Vec<String> = r.iter().map(|c| cell(c)).collect();
        o.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    o
}

impl Exporter for Markdown {
    fn export(&self, r: &Results) -> String {
        let s = &r.summary;
        let mut o = String::new();
        let verdict = match s.status {
            Status::Pass => "✅ all calls pass",
            Status::Fail => "❌ some calls broke a gate",
            Status::Error => "⚠️ some files could not be read",
        };
        let _ = writeln!(o, "## closecall: {verdict}\n");
        let _ = writeln!(o, "{}.\n", headline(s));
        let _ = writeln!(o, "Gates: {}.\n", cell(&gates_line(s)));
        if let Some(k) = &s.shard {
            let _ = writeln!(o, "Shard {k}; combine shards with `closecall merge`.\n");
        }
        let failed: Vec<_> = r.calls.iter().filter(|c| !c.passed).collect();
        if !failed.is_empty() {
            let _ = writeln!(o, "### Broken gates\n");
            let rows: Vec<Vec<String>> = failed
                .iter()
                .flat_map(|c| {
                    c.breaches.iter().map(move |b| {
                        vec![
                            c.name(),
                            b.name(),
                            b.message.clone(),
                            b.quote
                                .as_deref()
                                .map(|q| format!("“{}”", short(q, 120)))
                                .unwrap_or_default(),
                        ]
                    })
                })
                .collect();
            o.push_str(&table(&["call", "gate", "what", "quote"], &rows));
            o.push('\n');
        }
        if !r.errors.is_empty() {
            let _ = writeln!(o, "### Could not read\n");
            for e in &r.errors {
                let _ = writeln!(o, "- {}", cell(&e.message));
            }
            o.push('\n');
        }
        if s.calls > 0 {
            let _ = writeln!(o, "### Sellers\n");
            let (head, rows) = seller_table(s);
            o.push_str(&table(&head, &rows));
            let _ = writeln!(
                o,
                "\n<details><summary>All {} calls</summary>\n",
                r.calls.len()
            );
            let (head, rows) = call_table(&r.calls);
            o.push_str(&table(&head, &rows));
            o.push_str("\n</details>\n");
        }
        o
    }
}
