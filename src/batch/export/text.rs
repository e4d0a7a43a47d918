//! `text`: what a person reads in a CI log: a table of calls, the broken
//! gates with their quotes, the files that could not be read, then the
//! per-seller summary.

use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use super::{call_table, gates_line, headline, seller_table, Exporter};
use crate::batch::Results;
use crate::render::short;

pub struct Text;

/// Left-aligned columns separated by two spaces, padded by display width (a
/// CJK name takes two terminal columns a character).
pub(crate) fn columns(head: &[&str], rows: &[Vec<String>]) -> String {
    let mut w: Vec<usize> = head.iter().map(|h| h.width()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            if let Some(x) = w.get_mut(i) {
                *x = (*x).max(c.width());
            }
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                s.push_str(c);
            } else {
                let pad = w[i].saturating_sub(c.width());
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

#[cfg(test)]
mod tests {
    use super::columns;

    #[test]
    fn columns_pad_by_display_width() {
        let out = columns(
            &["seller", "calls"],
            &[
                vec!["王小明".to_string(), "3".to_string()],
                vec!["Dana".to_string(), "12".to_string()],
            ],
        );
        let lines: Vec<&str> = out.lines().collect();
        // "王小明" is six terminal columns wide, so every "calls" cell
        // starts at column 8 (six, then two spaces).
        assert_eq!(lines[0], "seller  calls");
        assert_eq!(lines[1], "王小明  3");
        assert_eq!(lines[2], "Dana    12");
    }
}
