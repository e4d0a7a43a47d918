//! The lexicon tooling commands of the binary: `explain`, `lexicon check` and
//! `lexicon suggest`. Argument structs and thin run functions only; the work
//! is in [`closecall::explain`], [`closecall::lexicon_check`] and
//! [`closecall::suggest`]. Kept apart from `main.rs` so that file only gains
//! two command variants.
//!
//! `explain INPUT` reads INPUT as text unless `--utterance N` is given, in
//! which case INPUT is a transcript file (or `-` for stdin). The flag, not
//! whether a file of that name exists, decides: a sentence that happens to
//! name a file is still explained as a sentence (with a note on stderr).

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use closecall::error::Error;
use closecall::lexicon_check;
use closecall::parse;
use closecall::render::json::pretty;
use closecall::roles::RoleOptions;
use closecall::suggest::{self, SuggestOptions};
use closecall::transcript::Role;

use crate::{LexiconArgs, OutputFormat};

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum RoleArg {
    Seller,
    Buyer,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::Seller => Role::Seller,
            RoleArg::Buyer => Role::Buyer,
        }
    }
}

#[derive(Args)]
#[command(
    after_help = "INPUT is text unless --utterance is given; then it is a transcript file \
(`-` reads stdin) and N is the utterance's 0-based index as `analyze --format json` numbers them."
)]
pub struct ExplainArgs {
    /// The text to explain; with --utterance, a transcript file.
    #[arg(value_name = "TEXT|FILE")]
    input: String,
    /// Explain utterance N (0-based) of the transcript file INPUT, in the context of its call.
    #[arg(long, value_name = "N")]
    utterance: Option<usize>,
    /// Who says TEXT (without it, role conditions are not checked).
    #[arg(long, value_enum, conflicts_with = "utterance")]
    role: Option<RoleArg>,
    /// In a file holding several calls, the call to read (its id).
    #[arg(long, value_name = "ID", requires = "utterance")]
    call: Option<String>,
    /// Read the file as this format instead of detecting it (see `closecall formats`).
    #[arg(
        long,
        value_name = "NAME",
        requires = "utterance",
        help_heading = "Input"
    )]
    input_format: Option<String>,
    /// A speaker on the seller side, by full or first name (repeatable).
    #[arg(
        long,
        value_name = "NAME",
        requires = "utterance",
        help_heading = "Roles"
    )]
    seller: Vec<String>,
    /// Speakers whose company is DOMAIN are sellers.
    #[arg(
        long,
        value_name = "DOMAIN",
        requires = "utterance",
        help_heading = "Roles"
    )]
    seller_domain: Vec<String>,
    /// A Gong parties file naming the speakers of FILE and their sides (see `analyze --help`).
    #[arg(
        long,
        value_name = "FILE",
        requires = "utterance",
        help_heading = "Roles"
    )]
    parties: Option<String>,
    /// A speaker id on the seller side, matched exactly (repeatable; see `analyze --help`).
    #[arg(
        long,
        value_name = "ID",
        requires = "utterance",
        conflicts_with = "parties",
        help_heading = "Roles"
    )]
    seller_id: Vec<String>,
    /// FILE is a labelled (gold) call as `eval` reads it: explain with its
    /// gold roles and show its gold label beside the classifier's.
    #[arg(
        long,
        requires = "utterance",
        conflicts_with_all = ["call", "input_format", "seller", "seller_domain", "parties", "seller_id"],
        help_heading = "Input"
    )]
    gold: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "text", help_heading = "Output")]
    format: OutputFormat,
    #[command(flatten)]
    lexicons: LexiconArgs,
}

#[derive(Args)]
pub struct LexiconCommand {
    #[command(subcommand)]
    command: LexiconSub,
}

#[derive(Subcommand)]
enum LexiconSub {
    /// Find duplicate, shadowed and never-matching entries and failing examples.
    #[command(
        after_help = "Checks the built-in lexicons, or the built-ins plus DIR as --lexicons DIR loads them.\n\
One line per problem: `path:line: kind: message`. Kinds: duplicate, shadowed, never-matches, example;\n\
warnings: ignored, contraction, cross-label.\n\
Exit codes: 0 no problems (warnings allowed), 1 problems (or warnings with --strict), 2 error."
    )]
    Check(CheckArgs),
    /// Propose phrases from labelled (gold) calls that separate one label or signal from the rest.
    Suggest(SuggestArgs),
}

#[derive(Args)]
struct CheckArgs {
    /// A folder of lexicon files to check along with the built-ins.
    dir: Option<PathBuf>,
    /// Warnings make the exit code 1 too.
    #[arg(long)]
    strict: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
}

#[derive(Args)]
struct SuggestArgs {
    /// Gold files or folders (JSON Lines, one labelled utterance per line).
    #[arg(required = true)]
    gold: Vec<PathBuf>,
    /// Suggest for this label or signal only (repeatable; default: all with a lexicon).
    #[arg(long = "label", value_name = "L")]
    labels: Vec<String>,
    /// Count only utterances said by this side.
    #[arg(long, value_enum)]
    role: Option<RoleArg>,
    /// Fewest utterances of the label a phrase must occur in.
    #[arg(long, value_name = "N", default_value = "2")]
    min_count: usize,
    /// Candidates shown per label or signal.
    #[arg(long, value_name = "K", default_value = "15")]
    top: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
    #[command(flatten)]
    lexicons: LexiconArgs,
}

/// `closecall explain`.
pub fn explain(a: ExplainArgs) -> Result<(String, bool), Error> {
    let lex = a.lexicons.load()?;
    let e = match a.utterance {
        None if a.input.trim().is_empty() => {
            return Err(Error::Usage(
                "nothing to explain: give the text in quotes, or a file with --utterance N".into(),
            ))
        }
        None => {
            if a.input != "-" && std::path::Path::new(&a.input).is_file() {
                eprintln!(
                    "closecall: note: `{}` is a file; explaining it as text (add --utterance N to explain an utterance of it)",
                    a.input
                );
            }
            closecall::explain::explain_text(
                &lex,
                &a.input,
                a.role.map_or(Role::Unknown, Role::from),
            )
        }
        Some(_) if a.gold && a.input == "-" => {
            return Err(Error::Usage(
                "--gold reads a labelled call from a file, not from stdin".into(),
            ))
        }
        Some(n) if a.gold => {
            let calls = closecall::eval::load(&[PathBuf::from(&a.input)])?;
            match calls.as_slice() {
                [call] => closecall::explain::explain_gold(&lex, call, n)?,
                _ => {
                    return Err(Error::Usage(format!(
                        "{}: --gold needs one labelled call (JSON Lines), found {}",
                        a.input,
                        calls.len()
                    )))
                }
            }
        }
        Some(n) => {
            let forced = crate::forced_format(a.input_format.as_deref())?;
            let mut parsed = parse::load(&a.input, forced)?;
            if let Some(p) = &a.parties {
                parse::gong::apply_gong_parties_file(&mut parsed.transcripts, parsed.format, p)?;
            }
            let source = parse::source_name(&a.input).to_string();
            let ids: Vec<String> = parsed
                .transcripts
                .iter()
                .enumerate()
                .map(|(i, t)| t.call_id.clone().unwrap_or_else(|| i.to_string()))
                .collect();
            let pick = match (&a.call, parsed.transcripts.len()) {
                (None, 1) => 0,
                (None, n) => {
                    return Err(Error::Usage(format!(
                        "{source}: holds {n} calls; choose one with --call ({})",
                        ids.join(", ")
                    )))
                }
                (Some(id), _) => ids.iter().position(|c| c == id).ok_or_else(|| {
                    Error::Usage(format!(
                        "{source}: no call `{id}` (calls: {})",
                        ids.join(", ")
                    ))
                })?,
            };
            let t = parsed.transcripts.into_iter().nth(pick).unwrap_or_default();
            let opts = RoleOptions {
                sellers: a.seller.clone(),
                seller_domains: a.seller_domain.clone(),
                seller_ids: a.seller_id.clone(),
                sides_source: a
                    .parties
                    .as_ref()
                    .map(|p| format!("the Gong parties file {p} gives each speaker's side")),
            };
            closecall::explain::explain_in_call(&lex, &source, t, &opts, n)?
        }
    };
    let out = match a.format {
        OutputFormat::Json => pretty(&e),
        OutputFormat::Text => closecall::explain::render_text(&e),
    };
    Ok((out, false))
}

/// `closecall lexicon ...`.
pub fn lexicon(a: LexiconCommand) -> Result<(String, bool), Error> {
    match a.command {
        LexiconSub::Check(c) => check(c),
        LexiconSub::Suggest(s) => suggest(s),
    }
}

fn check(a: CheckArgs) -> Result<(String, bool), Error> {
    let lex = match &a.dir {
        None => closecall::lexicon::Lexicons::builtin().clone(),
        Some(d) => closecall::lexicon::Lexicons::with_dirs(&[d.as_path()])?,
    };
    let problems = lexicon_check::check(&lex);
    let warnings = problems.iter().filter(|p| p.warning).count();
    let errors = problems.len() - warnings;
    let failed = errors > 0 || (a.strict && warnings > 0);
    if problems.is_empty() {
        eprintln!("closecall: lexicons: no problems");
    } else {
        eprintln!("closecall: lexicons: {errors} problems, {warnings} warnings");
    }
    let out = match a.format {
        OutputFormat::Json => pretty(&problems),
        OutputFormat::Text => problems.iter().map(|p| format!("{p}\n")).collect(),
    };
    Ok((out, failed))
}

fn suggest(a: SuggestArgs) -> Result<(String, bool), Error> {
    let lex = a.lexicons.load()?;
    let targets = a
        .labels
        .iter()
        .map(|l| suggest::parse_target(l))
        .collect::<Result<Vec<_>, _>>()?;
    let calls = closecall::eval::load(&a.gold)?;
    let opts = SuggestOptions {
        targets,
        role: a.role.map(Role::from),
        min_count: a.min_count,
        top: a.top,
    };
    let s = suggest::suggest(&calls, &lex, &opts);
    let out = match a.format {
        OutputFormat::Json => pretty(&s),
        OutputFormat::Text => suggest::render_text(&s),
    };
    Ok((out, false))
}
