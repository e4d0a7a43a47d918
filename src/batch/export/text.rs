//! `text`: what a person reads in a CI log: a table of calls, the broken
//! gates with their quotes, the files that could not be read, then the
//! per-seller summary.

use std::fmt::Write;

use super::{call_table, gates_line, headline, seller_table, Exporter};
use crate::batch::Results;
use crate::render::short;

pub struct Text;

/// Left-aligned columns separated by two spaces (widths counted in characters).
pub(crate) fn columns(head: &[&str], rows: &[Vec<String>]) -> String {
    let mut w: Vec<usize> = head.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            if let Some(x) = w.get_mut(i) {
                *x = (*x).max(c.chars().count());
            }
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                s.push_str(c);
            } else {
                let pad = w[i].saturating_sub(c.chars().count());
                s.push_str(c);
                s.push_str(&" ".repeat(pad + 2));
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut o = line(head.to_vec());
    for r in rows {
        o.push_str(&line(r.iter().map(String::as_str).collect()));
    }
    o
}

impl Exporter for Text {
    fn export(&self, r: &Results) -> String {
        let mut o = String::new();
        let s = &r.summary;
        if !r.calls.is_empty() {
            let (head, rows) = call_table(&r.calls);
            o.push_str(&columns(&head, &rows));
        }
        let failed: Vec<_> = r.calls.iter().filter(|c| !c.passed).collect();
        if !failed.is_empty() {
            let _ = writeln!(o, "\nBroken gates");
            for c in failed {
                let _ = writeln!(o, "  {}", c.name());
                for b in &c.breaches {
                    let _ = writeln!(o, "    {}: {}", b.name(), b.message);
                    if let Some(q) = &b.quote {
                        let _ = writeln!(o, "      \"{}\"", short(q, 160));
                    }
                }
            }
        }
        if !r.errors.is_empty() {
            let _ = writeln!(o, "\nCould not read");
            for e in &r.errors {
                let _ = writeln!(o, "  {}", e.message);
            }
        }
        let _ = writeln!(o, "\nSummary: {}", headline(s));
        let _ = writeln!(o, "Gates: {}", gates_line(s));
        if let Some(k) = &s.shard {
            let _ = writeln!(o, "Shard: {k} (combine shards with `closecall merge`)");
        }
        if s.calls > 0 {
            o.push('\n');
            let (head, rows) = seller_table(s);
            o.push_str(&columns(&head, &rows));
        }
        o
    }
}
