//! `closecall batch`: many calls at once, for CI.
//!
//! A run is four steps, each its own module: find the files ([`walk`]), read
//! the rules ([`config`]), analyse the files in parallel and check each call
//! against the rules ([`run`], [`gate`]), then hand the finished rows to an
//! exporter ([`export`]). Shards of one batch are combined by [`merge`].
//!
//! Two promises shape the code:
//! - **Deterministic output whatever the thread count.** Files are analysed
//!   by rayon a chunk at a time and their rows handed on in the batch's order
//!   (sorted paths), so `-j 1` and `-j 8` emit the same bytes.
//! - **Memory bounded by rows, not calls.** A call's utterances are dropped as
//!   soon as its [`CallRow`] (shares, figures, missed closes, broken gates) is
//!   built; only a chunk of full reports is alive at once. The library never
//!   prints: rows go to a callback the binary supplies, which may stream them
//!   (`jsonl`) or keep them for a whole-document format.

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::lexicon::Lexicons;
use crate::parse;
use crate::report::{self, AnalyzeOptions, Basis, CallReport, Figures, Shares};
use crate::roles::{self, RoleOptions};
use crate::taxonomy::MissedCloseKind;
use crate::transcript::Transcript;

pub mod config;
pub mod export;
pub mod gate;
pub mod merge;
pub mod summary;
pub mod walk;

pub use config::Config;
pub use gate::{Breach, Gates};
pub use summary::{Summary, SummaryBuilder};
pub use walk::{Shard, Target, WalkOptions};

/// How many files are analysed between two ordered hand-overs, per thread.
/// Large enough to keep threads busy, small enough that a chunk of full
/// reports is a few megabytes.
const CHUNK_PER_THREAD: usize = 16;

/// A missed close as a batch keeps it (the suggestion is the kind's, so not repeated).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MissedCloseRow {
    pub kind: MissedCloseKind,
    pub index: usize,
    pub at: Option<f64>,
    pub quote: String,
}

/// What a batch keeps of one call: everything reported, no utterances.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallRow {
    pub source: String,
    /// Position of the call in its file (0 for single-call files).
    pub call_index: usize,
    pub call_id: Option<String>,
    pub input_format: String,
    pub basis: Basis,
    /// The seller side's names joined with `, `, or `unknown`.
    pub seller: String,
    pub shares: Shares,
    pub figures: Figures,
    pub missed_closes: Vec<MissedCloseRow>,
    pub breaches: Vec<Breach>,
    /// No gate broken.
    pub passed: bool,
}

impl CallRow {
    /// Keeps the row, drops the utterances.
    pub fn from_report(r: CallReport, call_index: usize, gates: &Gates) -> CallRow {
        let breaches = gate::check(&r, gates);
        let seller = if r.roles.sellers.is_empty() {
            "unknown".to_string()
        } else {
            r.roles.sellers.join(", ")
        };
        CallRow {
            call_index,
            call_id: r.call_id,
            input_format: r.input_format,
            basis: r.basis,
            seller,
            shares: r.shares,
            figures: r.figures,
            missed_closes: r
                .missed_closes
                .into_iter()
                .map(|m| MissedCloseRow {
                    kind: m.kind,
                    index: m.index,
                    at: m.at,
                    quote: m.quote,
                })
                .collect(),
            passed: breaches.is_empty(),
            breaches,
            source: r.source,
        }
    }

    /// The names of the broken gates, each once, in order (`small_talk`, `missed_close:no_ask`).
    pub fn gate_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for b in &self.breaches {
            let n = b.name();
            if !names.contains(&n) {
                names.push(n);
            }
        }
        names
    }

    /// `file` or `file#call_id` for display.
    pub fn name(&self) -> String {
        match &self.call_id {
            Some(id) => format!("{}#{id}", self.source),
            None if self.call_index > 0 => format!("{}#{}", self.source, self.call_index),
            None => self.source.clone(),
        }
    }
}

/// A file (or path) that could not be analysed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileError {
    pub source: String,
    /// One line, from the library's [`Error`] (it names the file, and the line where there is one).
    pub message: String,
}

impl FileError {
    fn new(source: &str, e: &Error) -> Self {
        FileError {
            source: source.to_string(),
            message: one_line(&e.to_string()),
        }
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One thing a batch reports, handed over in the batch's order.
#[derive(Debug, Clone, Copy)]
pub enum Event<'a> {
    Call(&'a CallRow),
    Error(&'a FileError),
}

/// Everything a run needs besides the file list.
pub struct Settings<'a> {
    pub config: &'a Config,
    pub lexicons: &'a Lexicons,
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
}

impl Settings<'_> {
    fn analyze_options(&self) -> AnalyzeOptions {
        AnalyzeOptions {
            roles: RoleOptions {
                sellers: self.config.sellers.clone(),
                seller_domains: self.config.seller_domains.clone(),
                seller_ids: self.config.seller_ids.clone(),
                ..RoleOptions::default()
            },
            max_small_talk: self.config.gates.max_small_talk,
            ..AnalyzeOptions::default()
        }
    }
}

/// The outcome of one file: its calls, and an error if it (or one of its calls) failed.
struct FileOutcome {
    rows: Vec<CallRow>,
    errors: Vec<FileError>,
}

fn analyze_file(
    target: &Target,
    lex: &Lexicons,
    opts: &AnalyzeOptions,
    gates: &Gates,
) -> FileOutcome {
    let path = match target {
        Target::Broken(p, msg) => {
            return FileOutcome {
                rows: Vec::new(),
                errors: vec![FileError {
                    source: p.clone(),
                    message: one_line(&format!("{p}: {msg}")),
                }],
            }
        }
        Target::File(p) => p,
    };
    let parsed = match parse::load(path, None) {
        Ok(p) => p,
        Err(e) => {
            return FileOutcome {
                rows: Vec::new(),
                errors: vec![FileError::new(path, &e)],
            }
        }
    };
    let mut out = FileOutcome {
        rows: Vec::new(),
        errors: Vec::new(),
    };
    for (i, t) in parsed.transcripts.into_iter().enumerate() {
        let opts = AnalyzeOptions {
            roles: roster_for(&t, &opts.roles),
            ..opts.clone()
        };
        match report::analyze(path, parsed.format, t, lex, &opts) {
            Ok(r) => out.rows.push(CallRow::from_report(r, i, gates)),
            Err(e) => out.errors.push(FileError::new(path, &e)),
        }
    }
    out
}

/// [`analyze_file`], with a panic (a bug in closecall, never expected) turned
/// into an error row for that file, so one file never stops a batch.
fn analyze_file_isolated(
    target: &Target,
    lex: &Lexicons,
    opts: &AnalyzeOptions,
    gates: &Gates,
) -> FileOutcome {
    let run = std::panic::AssertUnwindSafe(|| analyze_file(target, lex, opts, gates));
    std::panic::catch_unwind(run).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        let path = match target {
            Target::Broken(p, _) | Target::File(p) => p.clone(),
        };
        FileOutcome {
            rows: Vec::new(),
            errors: vec![FileError {
                message: one_line(&format!(
                    "{path}: internal error in closecall ({what}); please report it with this file"
                )),
                source: path,
            }],
        }
    })
}

/// The configured sellers are a team roster, not the people of one call:
/// keep the names, domains and speaker ids that occur in this call. A call
/// with none of them falls back to the roles its format gives or to inference.
fn roster_for(t: &Transcript, team: &RoleOptions) -> RoleOptions {
    let speakers = t.speakers();
    RoleOptions {
        sellers: team
            .sellers
            .iter()
            .filter(|w| speakers.iter().any(|s| roles::matches_name(s, w)))
            .cloned()
            .collect(),
        seller_domains: team
            .seller_domains
            .iter()
            .filter(|d| {
                t.utterances.iter().any(|u| {
                    u.org
                        .as_deref()
                        .is_some_and(|o| roles::org_matches_domain(o, d))
                })
            })
            .cloned()
            .collect(),
        seller_ids: team
            .seller_ids
            .iter()
            .filter(|id| speakers.contains(&id.as_str()))
            .cloned()
            .collect(),
        sides_source: None,
    }
}

/// Keeps only the shard's part of the targets (all of them without a shard).
pub fn select(targets: Vec<Target>, shard: Option<Shard>) -> Vec<Target> {
    match shard {
        None => targets,
        Some(s) => targets.into_iter().filter(|t| s.owns(t.path())).collect(),
    }
}

/// Analyses `targets` in parallel and hands every row to `emit` in their order.
///
/// `progress` is called (from worker threads) once per finished file. An error
/// returned by `emit` (a closed pipe, a full disk) stops the run and is returned.
pub fn run<E>(
    targets: &[Target],
    settings: &Settings,
    progress: &(dyn Fn() + Sync),
    mut emit: impl FnMut(Event) -> Result<(), E>,
) -> Result<SummaryBuilder, E> {
    use rayon::prelude::*;
    let opts = settings.analyze_options();
    let gates = &settings.config.gates;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.jobs)
        .build()
        .ok();
    let threads = pool
        .as_ref()
        .map_or_else(rayon::current_num_threads, |p| p.current_num_threads());
    let chunk = threads.max(1) * CHUNK_PER_THREAD;
    let mut summary = SummaryBuilder::default();
    for part in targets.chunks(chunk) {
        let work = || -> Vec<FileOutcome> {
            part.par_iter()
                .map(|t| {
                    let o = analyze_file_isolated(t, settings.lexicons, &opts, gates);
                    progress();
                    o
                })
                .collect()
        };
        let outcomes = match &pool {
            Some(p) => p.install(work),
            None => work(),
        };
        for o in outcomes {
            summary.file();
            for r in &o.rows {
                summary.call(r);
                emit(Event::Call(r))?;
            }
            for e in &o.errors {
                summary.error(e);
                emit(Event::Error(e))?;
            }
        }
    }
    Ok(summary)
}

/// A finished batch, for the exporters that write one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Results {
    pub schema_version: u32,
    pub calls: Vec<CallRow>,
    pub errors: Vec<FileError>,
    pub summary: Summary,
}

impl Results {
    /// Calls and errors in the order a run hands them over: by file, a file's
    /// calls before its errors.
    pub fn events(&self) -> Vec<Event<'_>> {
        let mut out = Vec::with_capacity(self.calls.len() + self.errors.len());
        let (mut c, mut e) = (self.calls.iter().peekable(), self.errors.iter().peekable());
        loop {
            let take_call = match (c.peek(), e.peek()) {
                (Some(a), Some(b)) => a.source <= b.source,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            let ev = if take_call {
                c.next().map(Event::Call)
            } else {
                e.next().map(Event::Error)
            };
            out.extend(ev);
        }
        out
    }
}

/// Version of the batch documents (`json`, `jsonl`); bumped when a field changes meaning or goes away.
pub const SCHEMA_VERSION: u32 = 1;
