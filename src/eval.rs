//! `closecall eval`: scores the classifier against labelled (gold) calls.
//!
//! Each gold call is classified from its text with its own roles (so this
//! measures the labels, not role inference), then compared utterance by
//! utterance: per-label precision/recall/F1, macro-F1, accuracy, the
//! confusion matrix, per-signal scores, the mean absolute error of each
//! call's label shares, and, where the folder has a `calls.jsonl`, the missed
//! closes per kind at call level.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::classify::{self, Scanned};
use crate::error::{Error, Location, Result};
use crate::lexicon::Lexicons;
use crate::report::{self, AnalyzeOptions, Basis};
use crate::roles::{RoleAssignment, RoleMethod};
use crate::taxonomy::{Label, MissedCloseKind, Signal};
use crate::transcript::{Role, Transcript, Utterance};

/// One labelled utterance, as the gold files hold it.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldUtterance {
    pub call: String,
    #[serde(default)]
    pub index: usize,
    #[serde(default)]
    pub speaker: Option<String>,
    pub role: Role,
    #[serde(default)]
    pub start: Option<f64>,
    #[serde(default)]
    pub end: Option<f64>,
    pub text: String,
    pub label: Label,
    #[serde(default)]
    pub signals: Vec<Signal>,
}

/// One labelled call.
#[derive(Debug, Clone)]
pub struct GoldCall {
    pub name: String,
    pub path: String,
    pub utterances: Vec<GoldUtterance>,
    /// The coach's missed closes, when the folder's `calls.jsonl` has this call.
    pub missed_closes: Option<Vec<MissedCloseKind>>,
}

impl GoldCall {
    /// The call as a transcript, with the gold roles.
    pub fn transcript(&self) -> Transcript {
        Transcript::new(
            self.utterances
                .iter()
                .map(|g| Utterance {
                    speaker: g.speaker.clone(),
                    role: g.role,
                    start: g.start,
                    end: g.end,
                    text: g.text.clone(),
                    ..Utterance::default()
                })
                .collect(),
        )
    }
}

#[derive(Deserialize)]
struct CallLine {
    call: String,
    #[serde(default)]
    missed_closes: Vec<MissedCloseKind>,
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })
}

fn gold_err(path: &Path, line: usize, message: impl Into<String>) -> Error {
    Error::Gold {
        at: Location {
            path: path.display().to_string(),
            line: Some(line),
        },
        message: message.into(),
    }
}

/// What is wrong with one line of a gold file, and what the line should be:
/// "not a JSON object: expected value (column 1); a gold file holds one
/// labelled utterance per line: … (see fixtures/gold/README.md)".
fn json_line_problem(e: &serde_json::Error, holds: &str) -> String {
    let what = crate::error::json_message(e);
    let what = if e.is_data() {
        what
    } else {
        format!("not a JSON object: {what}")
    };
    format!("{what}; a gold file holds {holds} (see fixtures/gold/README.md)")
}

/// Files named more than once: the same folder twice, a file and its folder,
/// `dir` and `./dir`, a symlink and its target. Keyed by canonical path, so
/// each labelled call is read (and scored) once, in first-seen order. A path
/// that cannot be canonicalised (it does not exist) keys as written, and
/// reading it reports the error.
#[derive(Default)]
struct Seen(HashSet<PathBuf>);

impl Seen {
    fn push(&mut self, list: &mut Vec<PathBuf>, f: PathBuf) {
        let key = std::fs::canonicalize(&f).unwrap_or_else(|_| f.clone());
        if self.0.insert(key) {
            list.push(f);
        }
    }
}

/// Loads gold calls from files and folders (a folder's `*.jsonl`, with its `calls.jsonl`).
///
/// A file reached through several of `paths` is read once, where it is first reached.
pub fn load(paths: &[PathBuf]) -> Result<Vec<GoldCall>> {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut call_files: Vec<PathBuf> = Vec::new();
    let mut seen = Seen::default();
    for p in paths {
        if p.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|source| Error::Io {
                    path: p.display().to_string(),
                    source,
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|e| e == "jsonl"))
                .collect();
            entries.sort();
            for f in entries {
                if f.file_name().is_some_and(|n| n == "calls.jsonl") {
                    seen.push(&mut call_files, f);
                } else {
                    seen.push(&mut files, f);
                }
            }
        } else if p.file_name().is_some_and(|n| n == "calls.jsonl") {
            seen.push(&mut call_files, p.clone());
        } else {
            seen.push(&mut files, p.clone());
            if let Some(c) = p
                .parent()
                .map(|d| d.join("calls.jsonl"))
                .filter(|c| c.is_file())
            {
                seen.push(&mut call_files, c);
            }
        }
    }
    let mut missed: HashMap<String, Vec<MissedCloseKind>> = HashMap::new();
    for f in &call_files {
        for (i, line) in read(f)?.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let c: CallLine = serde_json::from_str(line).map_err(|e| {
                gold_err(
                    f,
                    i + 1,
                    json_line_problem(
                        &e,
                        "one call per line: {\"call\": …, \"missed_closes\": […]}",
                    ),
                )
            })?;
            missed.insert(c.call, c.missed_closes);
        }
    }
    let mut calls = Vec::new();
    for f in files {
        let text = read(&f)?;
        let mut by_call: BTreeMap<String, Vec<GoldUtterance>> = BTreeMap::new();
        let mut order = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let g: GoldUtterance = serde_json::from_str(line).map_err(|e| {
                gold_err(
                    &f,
                    i + 1,
                    json_line_problem(&e, "one labelled utterance per line: call, index, speaker, role, text, label, signals"),
                )
            })?;
            if !by_call.contains_key(&g.call) {
                order.push(g.call.clone());
            }
            by_call.entry(g.call.clone()).or_default().push(g);
        }
        if order.is_empty() {
            return Err(gold_err(&f, 1, "no labelled utterances"));
        }
        for name in order {
            let mut utterances = by_call.remove(&name).unwrap_or_default();
            utterances.sort_by_key(|u| u.index);
            calls.push(GoldCall {
                missed_closes: missed.get(&name).cloned(),
                name,
                path: f.display().to_string(),
                utterances,
            });
        }
    }
    if calls.is_empty() {
        let named: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(Error::Usage(format!(
            "{}: no gold calls found (labelled calls are *.jsonl files, one utterance per line; see fixtures/gold/README.md)",
            named.join(", ")
        )));
    }
    Ok(calls)
}

/// Precision, recall and F1 of one class.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Prf {
    pub name: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// How many gold items carry it.
    pub support: usize,
    /// How many the classifier predicted.
    pub predicted: usize,
}

fn prf(name: &str, tp: usize, predicted: usize, support: usize) -> Prf {
    let precision = if predicted > 0 {
        tp as f64 / predicted as f64
    } else if support == 0 {
        1.0
    } else {
        0.0
    };
    let recall = if support > 0 {
        tp as f64 / support as f64
    } else if predicted == 0 {
        1.0
    } else {
        0.0
    };
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Prf {
        name: name.to_string(),
        precision,
        recall,
        f1,
        support,
        predicted,
    }
}

/// How the classifier did on one gold call.
#[derive(Debug, Clone, Serialize)]
pub struct CallScore {
    pub call: String,
    pub utterances: usize,
    pub accuracy: f64,
    /// Gold small-talk share of the call (fraction, on the report's basis).
    pub small_talk_gold: f64,
    /// Predicted small-talk share (fraction).
    pub small_talk_predicted: f64,
}

/// The result of an evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    pub calls: usize,
    pub utterances: usize,
    pub labels: Vec<Prf>,
    pub macro_f1: f64,
    pub accuracy: f64,
    /// `confusion[gold][predicted]`, rows and columns in the order of `label_order`.
    pub confusion: Vec<Vec<usize>>,
    pub label_order: Vec<Label>,
    pub signals: Vec<Prf>,
    /// Mean over calls of |predicted share − gold share|, per label (fractions).
    pub share_mae: BTreeMap<String, f64>,
    /// Per missed-close kind, at call level; empty when no `calls.jsonl` was found.
    pub missed_closes: Vec<Prf>,
    /// Micro-averaged F1 over all missed-close kinds (null without `calls.jsonl`).
    pub missed_closes_f1: Option<f64>,
    /// Role inference with the gold roles hidden: calls whose seller it found.
    pub roles_found: usize,
    /// The same with speaker names replaced by `Speaker N`, so only what was said counts.
    pub roles_found_by_content: usize,
    /// Per call, in input order: accuracy and the small-talk share, gold and predicted.
    pub per_call: Vec<CallScore>,
    /// Per call: its name and the utterances the classifier got wrong.
    #[serde(skip)]
    pub errors: Vec<(String, usize, Label, Label, String)>,
    /// Calls whose missed closes differ from the coach's: (call, gold kinds, found kinds).
    #[serde(skip)]
    pub missed_close_errors: Vec<(String, Vec<MissedCloseKind>, Vec<MissedCloseKind>)>,
}

/// Classifies every gold call with its gold roles and scores the result.
pub fn evaluate(calls: &[GoldCall], lex: &Lexicons) -> EvalReport {
    let opts = AnalyzeOptions::default();
    let mut confusion = vec![vec![0usize; 5]; 5];
    let mut sig_tp = [0usize; 5];
    let mut sig_pred = [0usize; 5];
    let mut sig_gold = [0usize; 5];
    let mut mae = [0f64; 5];
    let mut mc_tp = [0usize; 5];
    let mut mc_pred = [0usize; 5];
    let mut mc_gold = [0usize; 5];
    let mut with_missed = 0;
    let mut errors = Vec::new();
    let mut missed_close_errors = Vec::new();
    let mut per_call = Vec::new();
    let mut n = 0;
    // The scan reads only the text, so role inference below reuses it.
    let scans: Vec<Vec<Scanned>> = calls
        .iter()
        .map(|call| classify::scan(lex, &call.transcript().utterances))
        .collect();
    for (call, scanned) in calls.iter().zip(&scans) {
        let t = call.transcript();
        let roles: Vec<Role> = t.utterances.iter().map(|u| u.role).collect();
        let got = classify::classify(lex, scanned, &roles);
        let mut call_correct = 0;
        // Errors are numbered by position, as `analyze` and `explain --gold` number them.
        for (pos, (g, c)) in call.utterances.iter().zip(&got).enumerate() {
            n += 1;
            call_correct += (g.label == c.label) as usize;
            confusion[g.label.index()][c.label.index()] += 1;
            if g.label != c.label {
                errors.push((call.name.clone(), pos, g.label, c.label, g.text.clone()));
            }
            for s in Signal::ALL {
                let (gs, ps) = (g.signals.contains(&s), c.signals.contains(&s));
                sig_gold[s.index()] += gs as usize;
                sig_pred[s.index()] += ps as usize;
                sig_tp[s.index()] += (gs && ps) as usize;
            }
        }
        let assignment = RoleAssignment {
            method: RoleMethod::Format,
            sellers: Vec::new(),
            reason: "gold roles".into(),
        };
        let rep = report::build(&call.path, "gold", t, assignment, &got, &opts);
        // Gold shares on the same basis as the report.
        let weight = |g: &GoldUtterance| match rep.basis {
            Basis::Time => (g.end.unwrap_or(0.0) - g.start.unwrap_or(0.0)).max(0.0),
            Basis::Words => g.text.split_whitespace().count() as f64,
        };
        let total: f64 = call.utterances.iter().map(weight).sum();
        // An empty f64 `sum` is -0.0; fold from 0.0 so a share is never negative.
        let gold_share = |l: Label| {
            if total > 0.0 {
                call.utterances
                    .iter()
                    .filter(|g| g.label == l)
                    .map(weight)
                    .fold(0.0, |a, w| a + w)
                    / total
            } else {
                0.0
            }
        };
        for l in Label::ALL {
            mae[l.index()] += (rep.shares.get(l) - gold_share(l)).abs();
        }
        per_call.push(CallScore {
            call: call.name.clone(),
            utterances: call.utterances.len(),
            accuracy: call_correct as f64 / call.utterances.len().max(1) as f64,
            small_talk_gold: gold_share(Label::SmallTalk),
            small_talk_predicted: rep.shares.small_talk,
        });
        if let Some(gold_mc) = &call.missed_closes {
            with_missed += 1;
            let mut found: Vec<MissedCloseKind> =
                rep.missed_closes.iter().map(|m| m.kind).collect();
            found.sort();
            found.dedup();
            let mut gold_sorted = gold_mc.clone();
            gold_sorted.sort();
            if found != gold_sorted {
                missed_close_errors.push((call.name.clone(), gold_sorted, found));
            }
            for (k, kind) in MissedCloseKind::ALL.iter().enumerate() {
                let gm = gold_mc.contains(kind);
                let pm = rep.missed_closes.iter().any(|m| m.kind == *kind);
                mc_gold[k] += gm as usize;
                mc_pred[k] += pm as usize;
                mc_tp[k] += (gm && pm) as usize;
            }
        }
    }
    let labels: Vec<Prf> = Label::ALL
        .iter()
        .map(|l| {
            let i = l.index();
            let tp = confusion[i][i];
            let support = confusion[i].iter().sum();
            let predicted = confusion.iter().map(|row| row[i]).sum();
            prf(l.as_str(), tp, predicted, support)
        })
        .collect();
    let macro_f1 = labels.iter().map(|p| p.f1).sum::<f64>() / labels.len() as f64;
    let correct: usize = (0..5).map(|i| confusion[i][i]).sum();
    let missed_closes: Vec<Prf> = if with_missed > 0 {
        MissedCloseKind::ALL
            .iter()
            .enumerate()
            .map(|(k, kind)| prf(kind.as_str(), mc_tp[k], mc_pred[k], mc_gold[k]))
            .collect()
    } else {
        Vec::new()
    };
    let missed_closes_f1 = (with_missed > 0).then(|| {
        let (tp, p, g) = (
            mc_tp.iter().sum::<usize>(),
            mc_pred.iter().sum::<usize>(),
            mc_gold.iter().sum::<usize>(),
        );
        prf("all", tp, p, g).f1
    });
    let (roles_found, roles_found_by_content) = role_inference(calls, &scans, lex);
    EvalReport {
        roles_found,
        roles_found_by_content,
        calls: calls.len(),
        utterances: n,
        labels,
        macro_f1,
        accuracy: if n > 0 {
            correct as f64 / n as f64
        } else {
            0.0
        },
        confusion,
        label_order: Label::ALL.to_vec(),
        signals: Signal::ALL
            .iter()
            .map(|s| {
                prf(
                    s.as_str(),
                    sig_tp[s.index()],
                    sig_pred[s.index()],
                    sig_gold[s.index()],
                )
            })
            .collect(),
        share_mae: Label::ALL
            .iter()
            .map(|l| {
                (
                    l.as_str().to_string(),
                    mae[l.index()] / calls.len().max(1) as f64,
                )
            })
            .collect(),
        missed_closes,
        missed_closes_f1,
        per_call,
        errors,
        missed_close_errors,
    }
}

/// How often role inference names the gold seller, with names and by content only.
/// `scans[i]` is the lexicon scan of `calls[i]`.
fn role_inference(calls: &[GoldCall], scans: &[Vec<Scanned>], lex: &Lexicons) -> (usize, usize) {
    let mut found = 0;
    let mut by_content = 0;
    for (call, scanned) in calls.iter().zip(scans) {
        let gold: Vec<String> = {
            let mut g: Vec<String> = call
                .utterances
                .iter()
                .filter(|u| u.role == Role::Seller)
                .filter_map(|u| u.speaker.clone())
                .collect();
            g.sort();
            g.dedup();
            g
        };
        for anonymous in [false, true] {
            let mut t = call.transcript();
            let mut names: Vec<String> = Vec::new();
            for u in &mut t.utterances {
                u.role = Role::Unknown;
                if anonymous {
                    if let Some(s) = &u.speaker {
                        let i = names.iter().position(|n| n == s).unwrap_or_else(|| {
                            names.push(s.clone());
                            names.len() - 1
                        });
                        u.speaker = Some(format!("Speaker {}", i + 1));
                    }
                }
            }
            let Ok(a) = crate::roles::assign(&mut t, &Default::default(), lex, scanned, &call.path)
            else {
                continue;
            };
            let mut got: Vec<String> = a
                .sellers
                .iter()
                .map(|s| {
                    match s
                        .strip_prefix("Speaker ")
                        .and_then(|n| n.parse::<usize>().ok())
                    {
                        Some(n) if anonymous => names.get(n - 1).cloned().unwrap_or_default(),
                        _ => s.clone(),
                    }
                })
                .collect();
            got.sort();
            if got == gold {
                if anonymous {
                    by_content += 1;
                } else {
                    found += 1;
                }
            }
        }
    }
    (found, by_content)
}

/// The evaluation as a text table.
pub fn render_text(r: &EvalReport) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let _ = writeln!(o, "{} calls, {} utterances", r.calls, r.utterances);
    let _ = writeln!(
        o,
        "\n{:<24} {:>9} {:>7} {:>7} {:>8} {:>10}",
        "label", "precision", "recall", "f1", "support", "predicted"
    );
    let table = |o: &mut String, rows: &[Prf]| {
        for p in rows {
            let _ = writeln!(
                o,
                "{:<24} {:>9.3} {:>7.3} {:>7.3} {:>8} {:>10}",
                p.name, p.precision, p.recall, p.f1, p.support, p.predicted
            );
        }
    };
    table(&mut o, &r.labels);
    let _ = writeln!(
        o,
        "\nmacro-F1 {:.3}   accuracy {:.3}",
        r.macro_f1, r.accuracy
    );
    let _ = writeln!(
        o,
        "seller found with roles hidden: {}/{} calls ({}/{} with names replaced by Speaker N)",
        r.roles_found, r.calls, r.roles_found_by_content, r.calls
    );
    let _ = writeln!(o, "\nconfusion (rows gold, columns predicted)");
    let _ = write!(o, "{:<12}", "");
    for l in &r.label_order {
        let _ = write!(o, "{:>11}", l.as_str());
    }
    let _ = writeln!(o);
    for (i, l) in r.label_order.iter().enumerate() {
        let _ = write!(o, "{:<12}", l.as_str());
        for c in &r.confusion[i] {
            let _ = write!(o, "{c:>11}");
        }
        let _ = writeln!(o);
    }
    let _ = writeln!(
        o,
        "\nmean absolute error of each call's shares (percentage points)"
    );
    for (k, v) in &r.share_mae {
        let _ = writeln!(o, "  {:<12} {:>6.2}", k, v * 100.0);
    }
    let _ = writeln!(
        o,
        "\n{:<24} {:>9} {:>7} {:>7} {:>8} {:>10}",
        "signal", "precision", "recall", "f1", "support", "predicted"
    );
    table(&mut o, &r.signals);
    let mut worst: Vec<&CallScore> = r.per_call.iter().collect();
    worst.sort_by(|a, b| {
        let err = |c: &CallScore| (c.small_talk_predicted - c.small_talk_gold).abs();
        err(b).total_cmp(&err(a)).then_with(|| a.call.cmp(&b.call))
    });
    worst.retain(|c| (c.small_talk_predicted - c.small_talk_gold).abs() >= 0.0005);
    if !worst.is_empty() {
        let _ = writeln!(
            o,
            "\ncalls with the largest small-talk share error (gold → predicted, %)"
        );
        for c in worst.iter().take(5) {
            let _ = writeln!(
                o,
                "  {:<44} {:>5.1} → {:>5.1}   accuracy {:.3}",
                c.call,
                c.small_talk_gold * 100.0,
                c.small_talk_predicted * 100.0,
                c.accuracy
            );
        }
    }
    if let Some(f1) = r.missed_closes_f1 {
        let _ = writeln!(
            o,
            "\n{:<24} {:>9} {:>7} {:>7} {:>8} {:>10}",
            "missed close (per call)", "precision", "recall", "f1", "support", "predicted"
        );
        table(&mut o, &r.missed_closes);
        let _ = writeln!(o, "\nmissed closes F1 (all kinds) {f1:.3}");
    }
    o
}
