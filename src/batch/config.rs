//! `closecall.toml`: the team's rules for a batch, kept next to the calls.
//!
//! A CI job should not need a long command line that drifts from what people
//! run locally, so the gates live in a file found by walking up from the
//! folder being checked (like `.editorconfig` or `typos.toml`). Every key is
//! also a flag with the same name, and a flag given on the command line wins
//! over the key. Unknown keys are an error that names the key and its line: a
//! misspelt gate that silently does nothing is worse than a failed job.
//!
//! Shares are written as in the CLI (`"3%"`, `3`, `0.03`); lexicon folders are
//! relative to the file that names them.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Location, Result};
use crate::taxonomy::MissedCloseKind;

use super::gate::Gates;

/// The file name looked for when walking up from a target.
pub const FILE_NAME: &str = "closecall.toml";

/// Parses `3%`, `3` (percent) or `0.03` (fraction) into a fraction in 0..=1.
pub fn parse_share(s: &str) -> std::result::Result<f64, String> {
    let t = s.trim();
    let (num, percent) = match t.strip_suffix('%') {
        Some(n) => (n.trim(), true),
        None => (t, false),
    };
    let v: f64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a share (try 3% or 0.03)"))?;
    share_from_number(v, percent).map_err(|_| format!("`{s}` is out of range (0% to 100%)"))
}

fn share_from_number(v: f64, percent: bool) -> std::result::Result<f64, ()> {
    let frac = if percent || v > 1.0 { v / 100.0 } else { v };
    if frac.is_finite() && (0.0..=1.0).contains(&frac) {
        Ok(frac)
    } else {
        Err(())
    }
}

/// Parses a talk-share band `LO..HI` (e.g. `30%..60%`) into fractions.
pub fn parse_band(s: &str) -> std::result::Result<(f64, f64), String> {
    let (lo, hi) = s
        .split_once("..")
        .ok_or_else(|| format!("`{s}` is not a band (try 30%..60%)"))?;
    let (lo, hi) = (parse_share(lo)?, parse_share(hi)?);
    if lo > hi {
        return Err(format!("`{s}`: the low end is above the high end"));
    }
    Ok((lo, hi))
}

/// A share as TOML holds it: a number or a string like `"3%"`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum ShareValue {
    Number(f64),
    Text(String),
}

impl ShareValue {
    fn fraction(&self) -> std::result::Result<f64, String> {
        match self {
            ShareValue::Number(v) => share_from_number(*v, false)
                .map_err(|_| format!("`{v}` is out of range (0% to 100%)")),
            ShareValue::Text(s) => parse_share(s),
        }
    }
}

/// The keys of `closecall.toml`, exactly as written in the file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FileKeys {
    max_small_talk: Option<ShareValue>,
    min_discovery_questions: Option<usize>,
    seller_talk_share: Option<String>,
    fail_on: Option<Vec<String>>,
    sellers: Option<Vec<String>>,
    seller_domains: Option<Vec<String>>,
    seller_ids: Option<Vec<String>>,
    lexicons: Option<Vec<PathBuf>>,
}

/// What the command line said; `None` (or an empty list) leaves the file's key in force.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub max_small_talk: Option<f64>,
    pub min_discovery_questions: Option<usize>,
    pub seller_talk_share: Option<(f64, f64)>,
    pub fail_on: Vec<MissedCloseKind>,
    pub sellers: Vec<String>,
    pub seller_domains: Vec<String>,
    pub seller_ids: Vec<String>,
    pub lexicons: Vec<PathBuf>,
}

/// The effective settings of a batch: defaults, then the file, then the flags.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Config {
    /// The file the keys came from, if one was found or given.
    #[serde(skip)]
    pub file: Option<PathBuf>,
    pub gates: Gates,
    pub sellers: Vec<String>,
    pub seller_domains: Vec<String>,
    /// Speaker ids on the seller side, matched exactly (`spk_0`, a Gong speakerId).
    pub seller_ids: Vec<String>,
    /// Extra lexicon folders, already resolved against the config file's folder.
    pub lexicons: Vec<PathBuf>,
}

/// The nearest `closecall.toml` in `start` (a folder, or a file's folder) or above it.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(start).ok()?;
    let from = if abs.is_dir() {
        abs.as_path()
    } else {
        abs.parent()?
    };
    from.ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// Finds the config for a set of targets: `--config FILE` if given, else the one
/// the targets share. Targets that find different files are a usage error:
/// one batch has one set of rules.
pub fn locate(explicit: Option<&Path>, targets: &[PathBuf]) -> Result<Option<PathBuf>> {
    if let Some(p) = explicit {
        return Ok(Some(p.to_path_buf()));
    }
    let mut found: Option<PathBuf> = None;
    for t in targets {
        let here = discover(t);
        match (&found, here) {
            (None, h) => found = h,
            (Some(a), Some(b)) if *a != b => {
                return Err(Error::Usage(format!(
                    "the targets find different config files ({} and {}); pass --config FILE",
                    a.display(),
                    b.display()
                )))
            }
            _ => {}
        }
    }
    Ok(found)
}

fn config_error(path: &str, text: &str, span: Option<std::ops::Range<usize>>, msg: &str) -> Error {
    let line = span.map(|s| {
        let upto = &text.as_bytes()[..s.start.min(text.len())];
        upto.iter().filter(|&&b| b == b'\n').count() + 1
    });
    Error::Config {
        at: Location {
            path: path.to_string(),
            line,
        },
        message: msg.trim().replace('\n', " "),
    }
}

/// Reads the file (if any) and applies the flags over it.
pub fn load(file: Option<&Path>, flags: &Overrides) -> Result<Config> {
    let mut cfg = Config::default();
    if let Some(path) = file {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: shown.clone(),
            source,
        })?;
        let keys: FileKeys = toml::from_str(&text)
            .map_err(|e| config_error(&shown, &text, e.span(), e.message()))?;
        let bad = |key: &str, msg: String| {
            let line = text
                .lines()
                .position(|l| l.trim_start().starts_with(key))
                .map(|i| i + 1);
            Error::Config {
                at: Location {
                    path: shown.clone(),
                    line,
                },
                message: format!("{key}: {msg}"),
            }
        };
        if let Some(v) = &keys.max_small_talk {
            cfg.gates.max_small_talk = v.fraction().map_err(|m| bad("max-small-talk", m))?;
        }
        cfg.gates.min_discovery_questions = keys.min_discovery_questions;
        if let Some(b) = &keys.seller_talk_share {
            cfg.gates.seller_talk_share =
                Some(parse_band(b).map_err(|m| bad("seller-talk-share", m))?);
        }
        if let Some(kinds) = &keys.fail_on {
            cfg.gates.fail_on = kinds
                .iter()
                .map(|k| k.parse::<MissedCloseKind>())
                .collect::<std::result::Result<_, _>>()
                .map_err(|m| bad("fail-on", m))?;
        }
        cfg.sellers = keys.sellers.unwrap_or_default();
        cfg.seller_domains = keys.seller_domains.unwrap_or_default();
        cfg.seller_ids = keys.seller_ids.unwrap_or_default();
        let base = path.parent().unwrap_or(Path::new(""));
        cfg.lexicons = keys
            .lexicons
            .unwrap_or_default()
            .into_iter()
            .map(|d| if d.is_absolute() { d } else { base.join(d) })
            .collect();
        cfg.file = Some(path.to_path_buf());
    }
    if let Some(v) = flags.max_small_talk {
        cfg.gates.max_small_talk = v;
    }
    if flags.min_discovery_questions.is_some() {
        cfg.gates.min_discovery_questions = flags.min_discovery_questions;
    }
    if flags.seller_talk_share.is_some() {
        cfg.gates.seller_talk_share = flags.seller_talk_share;
    }
    if !flags.fail_on.is_empty() {
        cfg.gates.fail_on = flags.fail_on.clone();
    }
    if !flags.sellers.is_empty() {
        cfg.sellers = flags.sellers.clone();
    }
    if !flags.seller_domains.is_empty() {
        cfg.seller_domains = flags.seller_domains.clone();
    }
    if !flags.seller_ids.is_empty() {
        cfg.seller_ids = flags.seller_ids.clone();
    }
    if !flags.lexicons.is_empty() {
        cfg.lexicons = flags.lexicons.clone();
    }
    cfg.gates.fail_on.sort();
    cfg.gates.fail_on.dedup();
    Ok(cfg)
}

fn toml_str(s: &str) -> String {
    // A TOML basic string has JSON's escapes for everything closecall writes.
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn toml_list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<String> = items.map(toml_str).collect();
    format!("[{}]", v.join(", "))
}

fn pct(x: f64) -> String {
    let p = format!("{:.4}", x * 100.0);
    let p = p.trim_end_matches('0').trim_end_matches('.');
    format!("{p}%")
}

impl Config {
    /// The effective settings as a `closecall.toml` that reproduces them
    /// (`--dump-config`). Gates that are off are shown commented out.
    pub fn to_toml(&self) -> String {
        let mut o = String::new();
        let g = &self.gates;
        let _ = writeln!(
            o,
            "# closecall batch: effective settings{}",
            match &self.file {
                Some(f) => format!(" (from {} and the command line)", f.display()),
                None => " (defaults and the command line; no closecall.toml found)".into(),
            }
        );
        let _ = writeln!(o, "max-small-talk = \"{}\"", pct(g.max_small_talk));
        match g.min_discovery_questions {
            Some(n) => {
                let _ = writeln!(o, "min-discovery-questions = {n}");
            }
            None => o.push_str("# min-discovery-questions = 11  (off)\n"),
        }
        match g.seller_talk_share {
            Some((lo, hi)) => {
                let _ = writeln!(o, "seller-talk-share = \"{}..{}\"", pct(lo), pct(hi));
            }
            None => o.push_str("# seller-talk-share = \"30%..60%\"  (off)\n"),
        }
        let _ = writeln!(
            o,
            "fail-on = {}",
            toml_list(g.fail_on.iter().map(|k| k.as_str()))
        );
        let _ = writeln!(
            o,
            "sellers = {}",
            toml_list(self.sellers.iter().map(String::as_str))
        );
        let _ = writeln!(
            o,
            "seller-domains = {}",
            toml_list(self.seller_domains.iter().map(String::as_str))
        );
        let _ = writeln!(
            o,
            "seller-ids = {}",
            toml_list(self.seller_ids.iter().map(String::as_str))
        );
        let dirs: Vec<String> = self
            .lexicons
            .iter()
            .map(|p| {
                std::path::absolute(p)
                    .unwrap_or_else(|_| p.clone())
                    .display()
                    .to_string()
            })
            .collect();
        let _ = writeln!(
            o,
            "lexicons = {}",
            toml_list(dirs.iter().map(String::as_str))
        );
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, text: &str) -> PathBuf {
        let p = dir.join(FILE_NAME);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let d = tempfile::tempdir().unwrap();
        let p = write(d.path(), "max-small-talk = \"5%\"\nmax-smalltalk = 3\n");
        let e = load(Some(&p), &Overrides::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains(":2: config:"), "{e}");
        assert!(e.contains("max-smalltalk"), "{e}");
    }

    #[test]
    fn keys_then_flags() {
        let d = tempfile::tempdir().unwrap();
        let p = write(
            d.path(),
            "max-small-talk = 5\nmin-discovery-questions = 4\nseller-talk-share = \"30%..60%\"\nfail-on = [\"no-ask\"]\nseller-ids = [\"spk_0\"]\nlexicons = [\"lex\"]\n",
        );
        let c = load(Some(&p), &Overrides::default()).unwrap();
        assert_eq!(c.gates.max_small_talk, 0.05);
        assert_eq!(c.gates.min_discovery_questions, Some(4));
        assert_eq!(c.gates.seller_talk_share, Some((0.3, 0.6)));
        assert_eq!(c.gates.fail_on, vec![MissedCloseKind::NoAsk]);
        assert_eq!(c.lexicons, vec![d.path().join("lex")]);
        assert_eq!(c.seller_ids, ["spk_0"]);
        let flags = Overrides {
            max_small_talk: Some(0.1),
            fail_on: vec![MissedCloseKind::NoNextStep],
            seller_ids: vec!["spk_1".into(), "7702".into()],
            ..Overrides::default()
        };
        let c = load(Some(&p), &flags).unwrap();
        assert_eq!(c.gates.max_small_talk, 0.1);
        assert_eq!(c.gates.fail_on, vec![MissedCloseKind::NoNextStep]);
        assert_eq!(c.gates.min_discovery_questions, Some(4));
        assert_eq!(c.seller_ids, ["spk_1", "7702"]);
    }

    #[test]
    fn bad_values_name_the_key() {
        let d = tempfile::tempdir().unwrap();
        let p = write(d.path(), "\nfail-on = [\"no_sale\"]\n");
        let e = load(Some(&p), &Overrides::default())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains(":2: config: fail-on: unknown missed-close kind"),
            "{e}"
        );
        let p = write(d.path(), "max-small-talk = \"300%\"\n");
        assert!(load(Some(&p), &Overrides::default()).is_err());
    }

    #[test]
    fn dump_reads_back_the_same() {
        let d = tempfile::tempdir().unwrap();
        let flags = Overrides {
            max_small_talk: Some(0.025),
            seller_talk_share: Some((0.3, 0.55)),
            fail_on: vec![MissedCloseKind::NoAsk],
            sellers: vec!["Kyle \"K\" Smith".into()],
            seller_ids: vec!["spk_0".into()],
            ..Overrides::default()
        };
        let c = load(None, &flags).unwrap();
        let p = write(d.path(), &c.to_toml());
        let back = load(Some(&p), &Overrides::default()).unwrap();
        assert_eq!(back.gates, c.gates);
        assert_eq!(back.sellers, c.sellers);
        assert_eq!(back.seller_ids, c.seller_ids);
    }

    #[test]
    fn discovery_walks_up() {
        let d = tempfile::tempdir().unwrap();
        let p = write(d.path(), "");
        let deep = d.path().join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(discover(&deep), Some(std::path::absolute(&p).unwrap()));
        assert_eq!(parse_band("30%..60%"), Ok((0.3, 0.6)));
        assert!(parse_band("60%..30%").is_err());
    }
}
