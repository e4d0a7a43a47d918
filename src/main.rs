//! The `closecall` binary: parses arguments, calls the library, prints, exits.
//!
//! Exit codes: 0 success, 1 a configured gate was breached, 2 error.

mod cli_lexicon;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

mod cli_batch;

use closecall::error::Error;
use closecall::lexicon::Lexicons;
use closecall::parse::{self, format_by_name, Format, FORMATS};
use closecall::render::{self, Style};
use closecall::report::{self, AnalyzeOptions, CallReport};
use closecall::roles::RoleOptions;
use closecall::taxonomy::MissedCloseKind;

#[derive(Parser)]
#[command(
    name = "closecall",
    version,
    about = "Reads sales-call transcripts and shows where the call's time went and where a close was missed",
    after_help = "Exit codes: 0 success, 1 a gate was breached (--fail, --fail-on), 2 error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse one call: shares, call figures, missed closes.
    Analyze(AnalyzeArgs),
    /// Score the classifier against labelled (gold) calls.
    Eval(EvalArgs),
    /// List the transcript formats closecall reads and how each is detected.
    Formats,
    /// Analyse a folder of calls in parallel and gate them for CI (see docs/batch.md).
    Batch(cli_batch::BatchArgs),
    /// Combine the `--format jsonl` outputs of `batch --shard` runs into one report.
    Merge(cli_batch::MergeArgs),
    /// Show why an utterance got its label: every lexicon entry and context rule.
    Explain(cli_lexicon::ExplainArgs),
    /// Lexicon tools: `check` the files, `suggest` phrases from labelled calls.
    Lexicon(cli_lexicon::LexiconCommand),
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum OutputFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Options shared by every command that classifies.
#[derive(Args, Clone)]
pub(crate) struct LexiconArgs {
    /// Add the lexicon files of DIR to the built-in ones (repeatable; see lexicons/README.md).
    #[arg(long = "lexicons", value_name = "DIR", help_heading = "Classifier")]
    pub(crate) lexicons: Vec<PathBuf>,
}

impl LexiconArgs {
    fn load(&self) -> Result<Lexicons, Error> {
        if self.lexicons.is_empty() {
            return Ok(Lexicons::builtin().clone());
        }
        let dirs: Vec<&std::path::Path> = self.lexicons.iter().map(PathBuf::as_path).collect();
        Lexicons::with_dirs(&dirs)
    }
}

/// Sides for transcripts that name speakers by id (Gong).
#[derive(Args, Clone)]
pub(crate) struct GongArgs {
    /// A Gong parties file (`/v2/calls/extensive` JSON, or a bare `parties` list): names each
    /// speakerId and sets its side (affiliation Internal = seller, External = buyer).
    #[arg(long, value_name = "FILE", help_heading = "Roles")]
    pub(crate) parties: Option<String>,
    /// A speaker id on the seller side, matched exactly (repeatable): a Gong speakerId, or any
    /// format's speaker label (`spk_0`). The other speakers are buyers.
    #[arg(
        long,
        value_name = "ID",
        conflicts_with = "parties",
        help_heading = "Roles"
    )]
    pub(crate) seller_id: Vec<String>,
}

impl GongArgs {
    /// Applies `--parties` to the calls of a file read as `format`.
    pub(crate) fn apply(&self, parsed: &mut parse::Parsed) -> Result<(), Error> {
        match &self.parties {
            Some(path) => {
                parse::gong::apply_gong_parties_file(&mut parsed.transcripts, parsed.format, path)
            }
            None => Ok(()),
        }
    }
}

#[derive(Args)]
struct AnalyzeArgs {
    /// Transcript file; `-` or nothing reads stdin.
    file: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text", help_heading = "Output")]
    format: OutputFormat,
    /// Colour in text output: auto (only on a terminal, and never with NO_COLOR), always, never.
    #[arg(long, value_enum, default_value = "auto", help_heading = "Output")]
    color: ColorChoice,
    /// Read the input as this format instead of detecting it (see `closecall formats`).
    #[arg(long, value_name = "NAME", help_heading = "Input")]
    input_format: Option<String>,
    /// A speaker on the seller side, by full or first name (repeatable). Without it, roles are inferred.
    #[arg(long, value_name = "NAME", help_heading = "Roles")]
    seller: Vec<String>,
    /// Speakers whose company is DOMAIN are sellers (formats that name companies, e.g. Fathom).
    #[arg(long, value_name = "DOMAIN", help_heading = "Roles")]
    seller_domain: Vec<String>,
    #[command(flatten)]
    gong: GongArgs,
    #[command(flatten)]
    lexicons: LexiconArgs,
    /// The small-talk bar: `3%`, `3` (percent) or `0.03` (fraction).
    #[arg(long, value_name = "SHARE", default_value = "3%", value_parser = closecall::batch::config::parse_share, help_heading = "Gates")]
    max_small_talk: f64,
    /// Exit 1 when small talk is over the bar.
    #[arg(long, help_heading = "Gates")]
    fail: bool,
    /// Exit 1 when the call has a missed close of KIND (repeatable): no_ask, ignored_buying_signal,
    /// value_without_ask, concession_without_ask, no_next_step.
    #[arg(long, value_name = "KIND", help_heading = "Gates")]
    fail_on: Vec<MissedCloseKind>,
}

#[derive(Args)]
struct EvalArgs {
    /// Gold files or folders (JSON Lines, one labelled utterance per line).
    #[arg(required = true)]
    gold: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
    /// Also list every utterance the classifier got wrong.
    #[arg(long)]
    errors: bool,
    #[command(flatten)]
    lexicons: LexiconArgs,
}

/// The format `--input-format NAME` asks for, or `None` to detect it.
pub(crate) fn forced_format(name: Option<&str>) -> Result<Option<&'static dyn Format>, Error> {
    let Some(name) = name else {
        return Ok(None);
    };
    format_by_name(name).map(Some).ok_or_else(|| {
        let names: Vec<&str> = FORMATS.iter().map(|f| f.name()).collect();
        Error::Usage(format!(
            "unknown --input-format `{name}` (one of: {})",
            names.join(", ")
        ))
    })
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

fn analyze(a: AnalyzeArgs) -> Result<(String, bool), Error> {
    let path = a.file.clone().unwrap_or_else(|| "-".into());
    if path == "-" && std::io::stdin().is_terminal() {
        return Err(Error::Usage(
            "no transcript: give a file, or pipe one in (`cat call.vtt | closecall analyze`)"
                .into(),
        ));
    }
    let forced = forced_format(a.input_format.as_deref())?;
    let lex = a.lexicons.load()?;
    let mut parsed = parse::load(&path, forced)?;
    a.gong.apply(&mut parsed)?;
    let source = parse::source_name(&path).to_string();
    let opts = AnalyzeOptions {
        roles: RoleOptions {
            sellers: a.seller.clone(),
            seller_domains: a.seller_domain.clone(),
            seller_ids: a.gong.seller_id.clone(),
            sides_source: a
                .gong
                .parties
                .as_ref()
                .map(|p| format!("the Gong parties file {p} gives each speaker's side")),
        },
        max_small_talk: a.max_small_talk,
        ..AnalyzeOptions::default()
    };
    let reports: Vec<CallReport> = parsed
        .transcripts
        .into_iter()
        .map(|t| report::analyze(&source, parsed.format, t, &lex, &opts))
        .collect::<Result<_, _>>()?;
    let breached = reports.iter().any(|r| {
        (a.fail && r.small_talk.over) || r.missed_closes.iter().any(|m| a.fail_on.contains(&m.kind))
    });
    let out = match a.format {
        OutputFormat::Json => render::json::render(&reports),
        OutputFormat::Text => {
            let style = Style {
                color: use_color(a.color),
            };
            reports
                .iter()
                .map(|r| render::text::render(r, style))
                .collect::<Vec<_>>()
                .join("\n")
        }
    };
    Ok((out, breached))
}

fn eval(a: EvalArgs) -> Result<(String, bool), Error> {
    let lex = a.lexicons.load()?;
    let calls = closecall::eval::load(&a.gold)?;
    let r = closecall::eval::evaluate(&calls, &lex);
    let mut out = match a.format {
        OutputFormat::Json => closecall::render::json::pretty(&r),
        OutputFormat::Text => closecall::eval::render_text(&r),
    };
    if a.errors {
        for (call, i, gold, got, text) in &r.errors {
            out.push_str(&format!("{call}#{i}\tgold {gold}\tgot {got}\t{text}\n"));
        }
        let names =
            |ks: &[MissedCloseKind]| ks.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(",");
        for (call, gold, got) in &r.missed_close_errors {
            out.push_str(&format!(
                "{call}\tmissed closes: gold [{}]\tgot [{}]\n",
                names(gold),
                names(got)
            ));
        }
    }
    Ok((out, false))
}

fn formats() -> String {
    let mut o = String::from("Formats, in the order they are tried:\n");
    for f in FORMATS {
        o.push_str(&format!("  {:<20} {}\n", f.name(), f.detection()));
    }
    o
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Analyze(a) => analyze(a),
        Command::Eval(a) => eval(a),
        Command::Formats => Ok((formats(), false)),
        Command::Batch(a) => return cli_batch::batch(a),
        Command::Merge(a) => return cli_batch::merge(a),
        Command::Explain(a) => cli_lexicon::explain(a),
        Command::Lexicon(a) => cli_lexicon::lexicon(a),
    };
    match result {
        Ok((out, breached)) => {
            let mut stdout = std::io::stdout().lock();
            if let Err(e) = stdout
                .write_all(out.as_bytes())
                .and_then(|_| stdout.flush())
            {
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    eprintln!("closecall: cannot write output: {e}");
                    return ExitCode::from(2);
                }
            }
            ExitCode::from(if breached { 1 } else { 0 })
        }
        Err(e) => {
            eprintln!("closecall: {e}");
            ExitCode::from(2)
        }
    }
}
