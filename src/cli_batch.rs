//! `closecall batch` and `closecall merge`: arguments, output files, progress.
//!
//! The library does the walking, analysing, gating and rendering; this file
//! only turns flags into [`Overrides`], decides where bytes go, and maps the
//! batch's status to the exit code (0 pass, 1 a gate broke, 2 unreadable
//! input or bad settings). Kept out of `main.rs` so that file stays small.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use closecall::batch::config::{self, Overrides};
use closecall::batch::export::{self, jsonl, Format};
use closecall::batch::{self, merge, CallRow, Event, FileError, Results, Settings, Shard};
use closecall::error::Error;
use closecall::lexicon::Lexicons;
use closecall::taxonomy::MissedCloseKind;

use crate::LexiconArgs;

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum BatchFormat {
    /// A table of calls, the broken gates, the per-seller summary.
    Text,
    /// One JSON document: calls, errors, summary.
    Json,
    /// One `{"type": "call"|"error"|"summary", "data": …}` per line, streamed.
    Jsonl,
    /// One row per call (and per unreadable file).
    Csv,
    /// A summary for a pull-request comment or a CI job summary.
    Markdown,
    /// JUnit XML: each call a test case, each broken gate a failure.
    Junit,
}

impl BatchFormat {
    fn format(self) -> Format {
        match self {
            BatchFormat::Text => Format::Text,
            BatchFormat::Json => Format::Json,
            BatchFormat::Jsonl => Format::Jsonl,
            BatchFormat::Csv => Format::Csv,
            BatchFormat::Markdown => Format::Markdown,
            BatchFormat::Junit => Format::Junit,
        }
    }
}

#[derive(Args)]
pub(crate) struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "text", help_heading = "Output")]
    format: BatchFormat,
    /// Write the report to FILE instead of stdout. The file is replaced only
    /// when the report is complete, never by a partial one.
    #[arg(short, long, value_name = "FILE", help_heading = "Output")]
    output: Option<PathBuf>,
    /// Exit 0 even when calls break a gate (unreadable files still exit 2).
    #[arg(long, help_heading = "Gates")]
    no_fail: bool,
}

#[derive(Args)]
pub(crate) struct BatchArgs {
    /// Files and folders of calls; folders are walked recursively.
    #[arg(value_name = "PATH", default_value = ".")]
    paths: Vec<PathBuf>,
    /// Only files matching GLOB (repeatable); `!GLOB` leaves files out. ripgrep's syntax.
    #[arg(short, long = "glob", value_name = "GLOB", help_heading = "Input")]
    globs: Vec<String>,
    /// Also read hidden files and folders.
    #[arg(long, help_heading = "Input")]
    hidden: bool,
    /// Read files that .gitignore, .ignore or git's excludes leave out.
    #[arg(long, help_heading = "Input")]
    no_ignore: bool,
    /// Threads to analyse with (default: one per core). The output is the same for any N.
    #[arg(short, long, value_name = "N", help_heading = "Run")]
    jobs: Option<usize>,
    /// Analyse only shard K of N (e.g. 2/4): a stable part of the files by path hash.
    /// Combine the shards' `--format jsonl` outputs with `closecall merge`.
    #[arg(long, value_name = "K/N", help_heading = "Run")]
    shard: Option<Shard>,
    /// Read settings from FILE instead of the closecall.toml found by walking up from PATH.
    #[arg(long, value_name = "FILE", help_heading = "Config")]
    config: Option<PathBuf>,
    /// Print the effective settings (file and flags) as TOML and exit.
    #[arg(long, help_heading = "Config")]
    dump_config: bool,
    #[command(flatten)]
    out: OutputArgs,
    /// Fail a call whose small talk is over SHARE (`3%`, `3` or `0.03`). Default 3%.
    #[arg(long, value_name = "SHARE", value_parser = config::parse_share, help_heading = "Gates")]
    max_small_talk: Option<f64>,
    /// Fail a call where the seller asked fewer than N discovery questions.
    #[arg(long, value_name = "N", help_heading = "Gates")]
    min_discovery_questions: Option<usize>,
    /// Fail a call whose seller talk share is outside LO..HI (e.g. `30%..60%`).
    #[arg(long, value_name = "LO..HI", value_parser = config::parse_band, help_heading = "Gates")]
    seller_talk_share: Option<(f64, f64)>,
    /// Fail a call with a missed close of KIND (repeatable): no_ask, ignored_buying_signal,
    /// value_without_ask, concession_without_ask, no_next_step.
    #[arg(long, value_name = "KIND", help_heading = "Gates")]
    fail_on: Vec<MissedCloseKind>,
    /// A speaker on the seller side, by full or first name (repeatable).
    #[arg(long, value_name = "NAME", help_heading = "Roles")]
    seller: Vec<String>,
    /// Speakers whose company is DOMAIN are sellers (repeatable).
    #[arg(long, value_name = "DOMAIN", help_heading = "Roles")]
    seller_domain: Vec<String>,
    /// A speaker id on the seller side, matched exactly (repeatable): any format's speaker
    /// label (a diarizing ASR's `spk_0`), or a Gong speakerId. Each call uses the ids that
    /// occur in it; a call with none of them keeps its sides.
    #[arg(long, value_name = "ID", help_heading = "Roles")]
    seller_id: Vec<String>,
    #[command(flatten)]
    lexicons: LexiconArgs,
}

#[derive(Args)]
pub(crate) struct MergeArgs {
    /// The `--format jsonl` outputs of every shard of one batch.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
    #[command(flatten)]
    out: OutputArgs,
}

/// A file written beside its destination and renamed over it only on
/// [`Atomic::commit`]: a crash or an error leaves the old report in place.
struct Atomic {
    tmp: PathBuf,
    dest: PathBuf,
    file: Option<BufWriter<File>>,
}

impl Atomic {
    fn create(dest: &Path) -> Result<Atomic, Error> {
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "report".into());
        let tmp = dest.with_file_name(format!(".{name}.closecall-{}.tmp", std::process::id()));
        let file = File::create(&tmp)
            .map_err(|e| Error::Usage(format!("cannot write {}: {e}", dest.display())))?;
        Ok(Atomic {
            tmp,
            dest: dest.to_path_buf(),
            file: Some(BufWriter::new(file)),
        })
    }

    fn commit(mut self) -> std::io::Result<()> {
        if let Some(f) = self.file.take() {
            let f = f.into_inner().map_err(|e| e.into_error())?;
            f.sync_all()?;
            std::fs::rename(&self.tmp, &self.dest)?;
        }
        Ok(())
    }
}

impl Write for Atomic {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.file {
            Some(f) => f.write(buf),
            None => Ok(buf.len()),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for Atomic {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Where the report goes.
enum Sink {
    Stdout(std::io::StdoutLock<'static>),
    File(Atomic),
}

impl Sink {
    fn open(output: Option<&Path>) -> Result<Sink, Error> {
        Ok(match output {
            Some(p) => Sink::File(Atomic::create(p)?),
            None => Sink::Stdout(std::io::stdout().lock()),
        })
    }

    fn write(&mut self, s: &str) -> std::io::Result<()> {
        match self {
            Sink::Stdout(o) => o.write_all(s.as_bytes()),
            Sink::File(f) => f.write_all(s.as_bytes()),
        }
    }

    fn finish(self) -> std::io::Result<()> {
        match self {
            Sink::Stdout(mut o) => o.flush(),
            Sink::File(f) => f.commit(),
        }
    }
}

fn write_failed(what: &Path, e: &std::io::Error) -> ExitCode {
    eprintln!("closecall: cannot write {}: {e}", what.display());
    ExitCode::from(2)
}

/// Writes a finished batch in one go and returns its exit code.
fn deliver(results: &Results, out: &OutputArgs) -> ExitCode {
    let bytes = out.format.format().exporter().export(results);
    let target = out.output.as_deref().unwrap_or(Path::new("<stdout>"));
    let mut sink = match Sink::open(out.output.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("closecall: {e}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = sink.write(&bytes).and_then(|_| sink.finish()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return write_failed(target, &e);
        }
    }
    finish(results, out)
}

fn finish(results: &Results, out: &OutputArgs) -> ExitCode {
    if out.output.is_some() {
        eprintln!("closecall: {}", export::headline(&results.summary));
    }
    ExitCode::from(results.summary.exit_code(out.no_fail))
}

fn progress_bar(files: usize) -> indicatif::ProgressBar {
    if files < 2 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let pb = indicatif::ProgressBar::new(files as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} {pos}/{len} files [{bar:30}] {elapsed_precise} (eta {eta})",
    ) {
        pb.set_style(style.progress_chars("=> "));
    }
    pb
}

pub(crate) fn batch(a: BatchArgs) -> ExitCode {
    match run_batch(a) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("closecall: {e}");
            ExitCode::from(2)
        }
    }
}

fn run_batch(a: BatchArgs) -> Result<ExitCode, Error> {
    let flags = Overrides {
        max_small_talk: a.max_small_talk,
        min_discovery_questions: a.min_discovery_questions,
        seller_talk_share: a.seller_talk_share,
        fail_on: a.fail_on.clone(),
        sellers: a.seller.clone(),
        seller_domains: a.seller_domain.clone(),
        seller_ids: a.seller_id.clone(),
        lexicons: a.lexicons.lexicons.clone(),
    };
    let file = config::locate(a.config.as_deref(), &a.paths)?;
    let cfg = config::load(file.as_deref(), &flags)?;
    if a.dump_config {
        print!("{}", cfg.to_toml());
        return Ok(ExitCode::SUCCESS);
    }
    let owned;
    let lexicons: &Lexicons = if cfg.lexicons.is_empty() {
        Lexicons::builtin()
    } else {
        let dirs: Vec<&Path> = cfg.lexicons.iter().map(PathBuf::as_path).collect();
        owned = Lexicons::with_dirs(&dirs)?;
        &owned
    };
    let walk = batch::WalkOptions {
        globs: a.globs.clone(),
        hidden: a.hidden,
        no_ignore: a.no_ignore,
    };
    let found = batch::walk::discover(&a.paths, &walk)?;
    if found.is_empty() {
        // A mistyped path or glob must not pass a CI job: nothing analysed
        // is an error. (An empty shard of a non-empty folder is fine.)
        let paths: Vec<String> = a.paths.iter().map(|p| p.display().to_string()).collect();
        return Err(Error::Input {
            path: paths.join(", "),
            message: "no transcript found (the folder is empty, or holds only recordings, \
                      hidden or ignored files, or files no --glob selects)"
                .into(),
        });
    }
    let targets = batch::select(found, a.shard);
    let settings = Settings {
        config: &cfg,
        lexicons,
        jobs: a.jobs.unwrap_or(0),
    };
    let format = a.out.format.format();
    let pb = progress_bar(targets.len());
    let tick = {
        let pb = pb.clone();
        move || pb.inc(1)
    };
    let shard = a.shard.map(|s| s.to_string());

    if !format.streams() {
        let mut calls: Vec<CallRow> = Vec::new();
        let mut errors: Vec<FileError> = Vec::new();
        let built = batch::run(&targets, &settings, &tick, |ev| {
            match ev {
                Event::Call(r) => calls.push(r.clone()),
                Event::Error(e) => errors.push(e.clone()),
            }
            Ok::<(), std::convert::Infallible>(())
        });
        pb.finish_and_clear();
        let summary = match built {
            Ok(b) => b.finish(&cfg.gates, shard),
            Err(never) => match never {},
        };
        let results = Results {
            schema_version: batch::SCHEMA_VERSION,
            calls,
            errors,
            summary,
        };
        return Ok(deliver(&results, &a.out));
    }

    // Streamed: each row is written as soon as its turn comes, then dropped.
    let target = a.out.output.clone().unwrap_or_else(|| "<stdout>".into());
    let mut sink = Sink::open(a.out.output.as_deref())?;
    let built = batch::run(&targets, &settings, &tick, |ev| {
        sink.write(&jsonl::event_line(ev))
    });
    pb.finish_and_clear();
    let summary = match built {
        Ok(b) => b.finish(&cfg.gates, shard),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(ExitCode::from(2)),
        Err(e) => return Ok(write_failed(&target, &e)),
    };
    if let Err(e) = sink
        .write(&jsonl::summary_line(&summary))
        .and_then(|_| sink.finish())
    {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Ok(write_failed(&target, &e));
        }
    }
    let results = Results {
        schema_version: batch::SCHEMA_VERSION,
        calls: Vec::new(),
        errors: Vec::new(),
        summary,
    };
    Ok(finish(&results, &a.out))
}

pub(crate) fn merge(a: MergeArgs) -> ExitCode {
    let files: Vec<&Path> = a.files.iter().map(PathBuf::as_path).collect();
    match merge::merge(&files) {
        Ok(results) => deliver(&results, &a.out),
        Err(e) => {
            eprintln!("closecall: {e}");
            ExitCode::from(2)
        }
    }
}
