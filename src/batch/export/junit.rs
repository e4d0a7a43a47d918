//! `junit`: each call a test case, each broken gate a `<failure>` carrying
//! the quote, each unreadable file an `<error>`: the XML that GitLab's test
//! report, Jenkins' JUnit plugin and the GitHub test-reporter actions read.
//! No `time` or `timestamp` attributes: the output must not change between runs.

use std::fmt::Write;

use super::{headline, Exporter};
use crate::batch::Results;
use crate::parse::timecode::format_clock;

pub struct Junit;

/// Escapes text for an XML attribute or element, dropping characters XML 1.0 forbids.
pub(crate) fn xml(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            '\n' => o.push_str("&#10;"),
            '\t' => o.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => o.push(c),
        }
    }
    o
}

/// The folder of a path, used as the test case's class so reporters group by folder.
fn class_of(source: &str) -> String {
    let p = source.replace('\\', "/");
    match p.rsplit_once('/') {
        Some((dir, _)) => format!(
            "closecall.{}",
            dir.trim_start_matches("./").replace('/', ".")
        ),
        None => "closecall".into(),
    }
}

impl Exporter for Junit {
    fn export(&self, r: &Results) -> String {
        let s = &r.summary;
        let tests = r.calls.len() + r.errors.len();
        let mut o = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = writeln!(
            o,
            "<testsuites name=\"closecall\" tests=\"{tests}\" failures=\"{}\" errors=\"{}\">",
            s.failed, s.errors
        );
        let _ = writeln!(
            o,
            "  <testsuite name=\"closecall batch\" tests=\"{tests}\" failures=\"{}\" errors=\"{}\" skipped=\"0\">",
            s.failed, s.errors
        );
        let _ = writeln!(
            o,
            "    <properties><property name=\"summary\" value=\"{}\"/></properties>",
            xml(&headline(s))
        );
        for c in &r.calls {
            let _ = write!(
                o,
                "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\"",
                xml(&class_of(&c.source)),
                xml(&c.name()),
                xml(&c.source)
            );
            if c.passed {
                o.push_str("/>\n");
                continue;
            }
            o.push_str(">\n");
            for b in &c.breaches {
                let mut body = b.message.clone();
                if let Some(i) = b.index {
                    body.push_str(&format!("\nutterance {i}"));
                    if let Some(t) = b.at {
                        body.push_str(&format!(" at {}", format_clock(t)));
                    }
                }
                if let Some(q) = &b.quote {
                    body.push_str(&format!("\n\"{q}\""));
                }
                let _ = writeln!(
                    o,
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                    xml(&b.name()),
                    xml(&b.message),
                    xml(&body).replace("&#10;", "\n")
                );
            }
            o.push_str("    </testcase>\n");
        }
        for e in &r.errors {
            let _ = writeln!(
                o,
                "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\">\n      <error type=\"unreadable\" message=\"{}\"/>\n    </testcase>",
                xml(&class_of(&e.source)),
                xml(&e.source),
                xml(&e.source),
                xml(&e.message)
            );
        }
        o.push_str("  </testsuite>\n</testsuites>\n");
        o
    }
}
