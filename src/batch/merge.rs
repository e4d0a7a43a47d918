//! `closecall merge`: the `jsonl` outputs of a batch's shards back into one batch.
//!
//! The shards' own summaries are not added up; the summary is rebuilt from
//! the call rows, fed in the order one run would have fed them (sorted by
//! file, then by call in the file). So four shards merged give the very
//! numbers, down to the last bit of every average, that one run gives. Only
//! the file count and the gates come from the shard summaries, which must
//! all be there (a shard without its summary line did not finish) and agree.

use std::path::Path;

use super::export::jsonl::Line;
use super::summary::SummaryBuilder;
use super::{Results, Shard, SCHEMA_VERSION};
use crate::error::{Error, Location, Result};

fn at(path: &str, line: Option<usize>, message: impl Into<String>) -> Error {
    Error::Parse {
        at: Location {
            path: path.to_string(),
            line,
        },
        format: "closecall jsonl",
        message: message.into(),
    }
}

/// When the outputs are shards (their summaries say `K/N`), all N must be
/// there, once each: a CI job whose other shard never uploaded must not get a
/// report of half the calls.
fn check_every_shard(shards: &[(String, Option<String>)]) -> Result<()> {
    let parsed: Vec<(&str, Option<Shard>)> = shards
        .iter()
        .map(|(file, s)| (file.as_str(), s.as_deref().and_then(|s| s.parse().ok())))
        .collect();
    let Some(total) = parsed.iter().find_map(|(_, s)| s.map(|s| s.total)) else {
        return Ok(());
    };
    let mut seen = vec![false; total as usize];
    for (file, s) in &parsed {
        let Some(s) = s.filter(|s| s.total == total) else {
            return Err(at(
                file,
                None,
                format!("not a shard of the same {total}-shard batch as the other outputs"),
            ));
        };
        let slot = &mut seen[s.index as usize - 1];
        if std::mem::replace(slot, true) {
            return Err(at(file, None, format!("shard {s} is given twice")));
        }
    }
    let missing: Vec<String> = (1..=total)
        .filter(|k| !seen[*k as usize - 1])
        .map(|k| format!("{k}/{total}"))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "shard {} missing: merge the outputs of all {total} shards",
            missing.join(", ")
        )))
    }
}

/// Reads the shard outputs and rebuilds the batch they came from.
pub fn merge(files: &[&Path]) -> Result<Results> {
    let mut calls = Vec::new();
    let mut errors = Vec::new();
    let mut gates = None;
    let mut total_files = 0;
    // Each summary's `shard` ("K/N"), to check that every shard is there.
    let mut shards: Vec<(String, Option<String>)> = Vec::new();
    for file in files {
        let shown = file.display().to_string();
        let text = std::fs::read_to_string(file).map_err(|source| Error::Io {
            path: shown.clone(),
            source,
        })?;
        let mut summary_seen = false;
        for (i, raw) in text.lines().enumerate() {
            if raw.trim().is_empty() {
                continue;
            }
            if summary_seen {
                return Err(at(&shown, Some(i + 1), "a line after the summary line"));
            }
            let line: Line =
                serde_json::from_str(raw).map_err(|e| at(&shown, Some(i + 1), e.to_string()))?;
            match line {
                Line::Call(c) => calls.push(c),
                Line::Error(e) => errors.push(e),
                Line::Summary(s) => {
                    summary_seen = true;
                    total_files += s.files;
                    shards.push((shown.clone(), s.shard.clone()));
                    match &gates {
                        None => gates = Some(s.gates),
                        Some(g) if *g != s.gates => {
                            return Err(at(
                                &shown,
                                Some(i + 1),
                                "its gates differ from the other shards': they ran with different settings",
                            ))
                        }
                        Some(_) => {}
                    }
                }
            }
        }
        if !summary_seen {
            return Err(at(
                &shown,
                None,
                "no summary line: the shard did not finish (or this is not `--format jsonl` output)",
            ));
        }
    }
    check_every_shard(&shards)?;
    calls.sort_by(|a, b| (&a.source, a.call_index).cmp(&(&b.source, b.call_index)));
    errors.sort_by(|a, b| a.source.cmp(&b.source));
    if let Some(w) = calls
        .windows(2)
        .find(|w| (&w[0].source, w[0].call_index) == (&w[1].source, w[1].call_index))
    {
        return Err(Error::Usage(format!(
            "{} is in more than one shard output: were the same shards merged twice?",
            w[0].name()
        )));
    }
    let mut b = SummaryBuilder::default();
    b.add_files(total_files);
    for c in &calls {
        b.call(c);
    }
    for e in &errors {
        b.error(e);
    }
    let summary = b.finish(&gates.unwrap_or_default(), None);
    Ok(Results {
        schema_version: SCHEMA_VERSION,
        calls,
        errors,
        summary,
    })
}
