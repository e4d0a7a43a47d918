//! `closecall lexicon check`: finds lexicon entries that do not do what their
//! author meant.
//!
//! A lexicon fails quietly. A phrase that can never match, or one that a more
//! general line already covers, or one listed twice (whose weight then counts
//! twice) compiles without complaint and only shows up as a worse score in
//! `closecall eval`, long after the edit that caused it. While the lexicons are
//! tuned by hand, these checks catch such lines at the moment they are written.
//!
//! What is checked, per entry (a phrase line) of every loaded file:
//! - **duplicate**: one of its variants (the phrases its `(a|b)` and `[c]`
//!   expand to) is already produced, with the same anchors and conditions, by an
//!   earlier line of the same file or of another file of the same label or
//!   signal. Both fire, so the weight counts twice. (Alternatives of one line
//!   that read the same are harmless: the matcher counts an entry once per place.)
//! - **shadowed**: every variant of the entry contains a variant of a more
//!   general entry B of the same file whose conditions are no stricter and whose
//!   weight alone reaches 1, so the sentence fires through B wherever this entry
//!   matches: the entry never changes a decision.
//! - **never-matches**: the text written exactly like a variant (gaps filled with
//!   filler words, `<n>` with a number) does not make the entry match, because
//!   normalisation reads it differently (a `.`, `?` or `!` between words ends a
//!   sentence, and phrases match inside one sentence) or the anchors cannot hold
//!   (a gap next to `^` or `$` is not matched). This uses the real normaliser and
//!   matcher, so it stays right when either changes.
//! - **ignored** (warning): a token that normalisation drops (`?`, `&`, a `^` or
//!   `$` in the middle of a pattern): the pattern means less than it says.
//! - **contraction** (warning): a contraction written without its apostrophe
//!   (`dont`) or split (`do n't`): transcripts that write "don't" read "do not",
//!   so write the phrase as `do not` (or as `don't`, which is normalised the same).
//! - **cross-label** (warning): the same variant, under compatible conditions, in
//!   two label files. Precedence then decides, which may be intended, so this is
//!   a warning with both places.
//! - **example**: a `+`/`-` example line of the file fails.
//!
//! The checks return [`Problem`]s; nothing here prints.

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

use crate::lexicon::{
    normalize_variant, spell_pattern, Item, Lexicons, MoodCond, RoleCond, Target, NEGATION_WINDOW,
    NEGATORS,
};
use crate::normalize::{normalize, normalize_phrase};

/// The kinds of problem, as printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    Duplicate,
    Shadowed,
    NeverMatches,
    Example,
    Ignored,
    Contraction,
    CrossLabel,
}

impl ProblemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemKind::Duplicate => "duplicate",
            ProblemKind::Shadowed => "shadowed",
            ProblemKind::NeverMatches => "never-matches",
            ProblemKind::Example => "example",
            ProblemKind::Ignored => "ignored",
            ProblemKind::Contraction => "contraction",
            ProblemKind::CrossLabel => "cross-label",
        }
    }

    /// Warnings are reported but are not failures unless asked (`--strict`).
    pub fn is_warning(self) -> bool {
        matches!(
            self,
            ProblemKind::Ignored | ProblemKind::Contraction | ProblemKind::CrossLabel
        )
    }
}

/// One problem at one line of one lexicon file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub path: String,
    pub line: usize,
    pub kind: ProblemKind,
    pub warning: bool,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = if self.warning { "warning: " } else { "" };
        write!(
            f,
            "{}:{}: {}: {w}{}",
            self.path,
            self.line,
            self.kind.as_str(),
            self.message
        )
    }
}

/// A variant in canonical form: words and merged gaps, without the leading gap
/// the matcher ignores or a trailing gap that needs no words.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Step {
    Word(String),
    Gap(usize, usize),
}

fn canonical(v: &[Item]) -> Vec<Step> {
    let mut out: Vec<Step> = Vec::new();
    for it in v {
        match it {
            Item::Word(w) => out.push(Step::Word(w.clone())),
            Item::Gap(a, b) => match out.last_mut() {
                Some(Step::Gap(x, y)) => {
                    *x += a;
                    *y += b;
                }
                _ => out.push(Step::Gap(*a, *b)),
            },
        }
    }
    while matches!(out.first(), Some(Step::Gap(..))) {
        out.remove(0);
    }
    while matches!(out.last(), Some(Step::Gap(0, _))) {
        out.pop();
    }
    out
}

/// How a canonical variant is shown in messages.
fn show(v: &[Step], start: u8, end: u8) -> String {
    let mut parts: Vec<String> = Vec::new();
    if start > 0 {
        parts.push("^".repeat(start as usize));
    }
    for s in v {
        parts.push(match s {
            Step::Word(w) if w == "#" => "<n>".into(),
            Step::Word(w) => w.clone(),
            Step::Gap(0, 4) => "...".into(),
            Step::Gap(1, 1) => "*".into(),
            Step::Gap(a, b) => format!("<gap {a}-{b}>"),
        });
    }
    if end > 0 {
        parts.push("$".repeat(end as usize));
    }
    parts.join(" ")
}

/// The gap-free runs of words of a canonical variant.
fn pieces(v: &[Step]) -> Vec<Vec<&str>> {
    let mut out = vec![Vec::new()];
    for s in v {
        match s {
            Step::Word(w) => out.last_mut().map(|p| p.push(w.as_str())).unwrap_or(()),
            Step::Gap(..) => out.push(Vec::new()),
        }
    }
    out.retain(|p| !p.is_empty());
    out
}

/// One entry, expanded once for all checks.
struct Expanded {
    entry: usize,
    variants: Vec<Vec<Step>>,
    raw: Vec<Vec<Item>>,
    /// Anchors: 0 none, 1 sentence (`^`, `$`), 2 utterance (`^^`, `$$`).
    start: u8,
    end: u8,
}

fn role_ok(general: RoleCond, specific: RoleCond) -> bool {
    general == RoleCond::Any || general == specific
}

fn mood_ok(general: MoodCond, specific: MoodCond) -> bool {
    general == MoodCond::Any || general == specific
}

fn roles_overlap(a: RoleCond, b: RoleCond) -> bool {
    a == RoleCond::Any || b == RoleCond::Any || a == b
}

fn moods_overlap(a: MoodCond, b: MoodCond) -> bool {
    a == MoodCond::Any || b == MoodCond::Any || a == b
}

/// Contractions written without their apostrophe; transcripts write them with one.
const BARE_CONTRACTIONS: &[&str] = &[
    "dont", "doesnt", "didnt", "cant", "wont", "isnt", "arent", "wasnt", "werent", "havent",
    "hasnt", "hadnt", "couldnt", "wouldnt", "shouldnt", "im", "ive", "youre", "youve", "theyre",
    "weve", "thats", "whats", "youll", "itll",
];

/// Runs every check on the loaded lexicons.
pub fn check(lex: &Lexicons) -> Vec<Problem> {
    let mut problems = Vec::new();
    let expanded: Vec<Expanded> = (0..lex.entries.len())
        .filter_map(|i| {
            let src = &lex.entries[i].source;
            let sp = spell_pattern(src).ok()?;
            Some(Expanded {
                entry: i,
                variants: sp
                    .variants
                    .iter()
                    .map(|v| canonical(&normalize_variant(v)))
                    .collect(),
                raw: sp.variants,
                start: sp.start,
                end: sp.end,
            })
        })
        .collect();
    let at = |entry: usize| {
        let e = &lex.entries[entry];
        (lex.files[e.file].path.clone(), e.line)
    };
    let mut push = |entry: usize, kind: ProblemKind, message: String| {
        let (path, line) = at(entry);
        problems.push(Problem {
            path,
            line,
            kind,
            warning: kind.is_warning(),
            message,
        });
    };

    duplicates_and_cross_labels(lex, &expanded, &mut push);
    shadowed(lex, &expanded, &mut push);
    for x in &expanded {
        tokens(x, &mut push);
        never_matches(lex, x, &mut push);
    }
    for ex in lex.failing_examples() {
        problems.push(Problem {
            path: lex.files[ex.file].path.clone(),
            line: ex.line,
            kind: ProblemKind::Example,
            warning: false,
            message: format!(
                "example {} `{}`",
                if ex.must_match {
                    "does not match"
                } else {
                    "matches but must not"
                },
                ex.text
            ),
        });
    }
    // In the order the files load, then by line.
    let file_order: HashMap<&str, usize> = lex
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.path.as_str(), i))
        .collect();
    problems.sort_by(|a, b| {
        let fa = file_order
            .get(a.path.as_str())
            .copied()
            .unwrap_or(usize::MAX);
        let fb = file_order
            .get(b.path.as_str())
            .copied()
            .unwrap_or(usize::MAX);
        (fa, a.line, a.kind, &a.message).cmp(&(fb, b.line, b.kind, &b.message))
    });
    problems.dedup();
    problems
}

type Push<'a> = dyn FnMut(usize, ProblemKind, String) + 'a;

fn duplicates_and_cross_labels(lex: &Lexicons, expanded: &[Expanded], push: &mut Push) {
    // Variant (with anchors) → the entries producing it, in load order.
    let mut seen: HashMap<(Vec<Step>, u8, u8), Vec<usize>> = HashMap::new();
    // (entry, earlier entry) → (kind, how many variants, first variant shown).
    let mut pairs: Vec<((usize, usize), ProblemKind, usize, String)> = Vec::new();
    for x in expanded {
        let a = &lex.entries[x.entry];
        let mut done: Vec<&Vec<Step>> = Vec::new();
        for v in &x.variants {
            if done.contains(&v) {
                continue;
            }
            done.push(v);
            let key = (v.clone(), x.start, x.end);
            let earlier = seen.entry(key).or_default();
            for &b_i in earlier.iter() {
                let b = &lex.entries[b_i];
                let kind = if a.target == b.target
                    && a.role == b.role
                    && a.mood == b.mood
                    && a.negatable == b.negatable
                {
                    ProblemKind::Duplicate
                } else if matches!((a.target, b.target), (Target::Label(la), Target::Label(lb)) if la != lb)
                    && roles_overlap(a.role, b.role)
                    && moods_overlap(a.mood, b.mood)
                {
                    ProblemKind::CrossLabel
                } else {
                    continue;
                };
                match pairs.iter_mut().find(|p| p.0 == (x.entry, b_i)) {
                    Some(p) => p.2 += 1,
                    None => pairs.push(((x.entry, b_i), kind, 1, show(v, x.start, x.end))),
                }
            }
            earlier.push(x.entry);
        }
    }
    for ((a_i, b_i), kind, n, shown) in pairs {
        let b = &lex.entries[b_i];
        let total = expanded
            .iter()
            .find(|x| x.entry == a_i)
            .map_or(0, |x| x.variants.len());
        let more = if n > 1 {
            format!(" ({n} of its {total} variants)")
        } else {
            String::new()
        };
        let msg = match kind {
            ProblemKind::Duplicate => format!(
                "`{shown}`{more} is already at {} `{}`; both fire, so its weight counts twice",
                lex.origin(b_i),
                b.source
            ),
            _ => format!(
                "`{shown}`{more} is also {} at {} `{}`; precedence decides between them",
                b.target.name(),
                lex.origin(b_i),
                b.source
            ),
        };
        push(a_i, kind, msg);
    }
}

/// Whether the gap-free variant `b` (anchors `bs`, `be`) is found in every text
/// matching variant `a` (anchors `a_s`, `a_e`), with negation not cancelling it there.
fn covers(b: &[Step], bs: u8, be: u8, a: &[Step], a_s: u8, a_e: u8, b_negatable: bool) -> bool {
    if b.iter().any(|s| matches!(s, Step::Gap(..))) || b == a {
        return false;
    }
    let bw: Vec<&str> = b
        .iter()
        .filter_map(|s| match s {
            Step::Word(w) => Some(w.as_str()),
            Step::Gap(..) => None,
        })
        .collect();
    let ps = pieces(a);
    let n = ps.len();
    for (pi, p) in ps.iter().enumerate() {
        if bw.len() > p.len() {
            continue;
        }
        for off in 0..=p.len() - bw.len() {
            if p[off..off + bw.len()] != bw[..] {
                continue;
            }
            if bs > 0 && !(a_s >= bs && pi == 0 && off == 0) {
                continue;
            }
            let a_ends_in_word = matches!(a.last(), Some(Step::Word(_)));
            if be > 0 && !(a_e >= be && a_ends_in_word && pi + 1 == n && off + bw.len() == p.len())
            {
                continue;
            }
            // A negator among A's own words just before B's occurrence would cancel B.
            if b_negatable
                && pi == 0
                && p[off.saturating_sub(NEGATION_WINDOW)..off]
                    .iter()
                    .any(|w| NEGATORS.contains(w) || *w == "no")
            {
                continue;
            }
            if b_negatable && pi > 0 {
                continue;
            }
            return true;
        }
    }
    false
}

fn shadowed(lex: &Lexicons, expanded: &[Expanded], push: &mut Push) {
    for x in expanded {
        let a = &lex.entries[x.entry];
        for y in expanded {
            if y.entry == x.entry {
                continue;
            }
            let b = &lex.entries[y.entry];
            if b.file != a.file
                || b.weight < 1.0
                || !role_ok(b.role, a.role)
                || !mood_ok(b.mood, a.mood)
                || (b.negatable && !a.negatable)
            {
                continue;
            }
            let all = x.variants.iter().all(|av| {
                y.variants
                    .iter()
                    .any(|bv| covers(bv, y.start, y.end, av, x.start, x.end, b.negatable))
            });
            if all {
                push(
                    x.entry,
                    ProblemKind::Shadowed,
                    format!(
                        "`{}` is covered by the more general {} `{}`, which fires wherever this entry matches",
                        a.source,
                        lex.origin(y.entry),
                        b.source
                    ),
                );
                break;
            }
        }
    }
}

fn tokens(x: &Expanded, push: &mut Push) {
    let mut reported: Vec<String> = Vec::new();
    for v in &x.raw {
        for it in v {
            let Item::Word(w) = it else { continue };
            if w == "#" || reported.contains(w) {
                continue;
            }
            let lower = w.to_lowercase();
            let normalised = normalize_phrase(w);
            let msg = if normalised.is_empty() {
                let why = match w.as_str() {
                    "^" => "`^` anchors only at the very start of a pattern; here it is dropped"
                        .to_string(),
                    "$" => "`$` anchors only at the very end of a pattern; here it is dropped"
                        .to_string(),
                    "?" => "`?` is not an operator and normalisation drops it: `(a|b)?` still requires `a` or `b`; write `[a|b]` for an optional group".to_string(),
                    _ => format!("`{w}` is not a word and normalisation drops it"),
                };
                Some((ProblemKind::Ignored, why))
            } else if w.contains(['?', '!']) {
                Some((
                    ProblemKind::Ignored,
                    format!("the punctuation in `{w}` is dropped by normalisation; a question is asked for by the section (`[question]`)"),
                ))
            } else if BARE_CONTRACTIONS.contains(&lower.as_str()) {
                Some((
                    ProblemKind::Contraction,
                    format!("`{w}` lacks its apostrophe: transcripts writing the contraction read it expanded (\"don't\" reads `do not`), so write the expanded words"),
                ))
            } else if lower.starts_with('\'') || lower == "n't" || lower.starts_with("n'") {
                Some((
                    ProblemKind::Contraction,
                    format!("`{w}` is a detached contraction; transcripts read \"don't\" as `do not`, so write the expanded words"),
                ))
            } else {
                None
            };
            if let Some((kind, m)) = msg {
                reported.push(w.clone());
                push(x.entry, kind, m);
            }
        }
    }
}

/// The text written exactly like a raw variant: gaps filled with their fewest
/// (`widest` false) or most filler words, a capital after a sentence end as a
/// transcript writes it.
fn own_text(v: &[Item], widest: bool) -> String {
    let mut parts: Vec<String> = Vec::new();
    for it in v {
        match it {
            Item::Word(w) if w == "#" => parts.push("7".into()),
            // Dropped from the pattern too (reported as `ignored`).
            Item::Word(w) if normalize_phrase(w).is_empty() => {}
            Item::Word(w) => {
                let ended = parts.last().is_some_and(|p| p.ends_with(['.', '?', '!']));
                let mut c = w.chars();
                match (ended, c.next()) {
                    (true, Some(f)) => parts.push(f.to_uppercase().chain(c).collect()),
                    _ => parts.push(w.clone()),
                }
            }
            Item::Gap(a, b) => parts.extend(std::iter::repeat_n(
                "zq".to_string(),
                if widest { *b } else { *a },
            )),
        }
    }
    parts.join(" ")
}

fn never_matches(lex: &Lexicons, x: &Expanded, push: &mut Push) {
    let mut failing: Vec<(String, String)> = Vec::new();
    for v in &x.raw {
        let texts = [own_text(v, false), own_text(v, true)];
        let Some(text) = texts
            .iter()
            .find(|t| !lex.scan(&normalize(t)).iter().any(|h| h.entry == x.entry))
        else {
            continue;
        };
        let shown = format!(
            "{}{}{}",
            "^".repeat(x.start as usize) + if x.start > 0 { " " } else { "" },
            text.replace("zq", "*").replace('7', "<n>"),
            if x.end > 0 { " " } else { "" }.to_string() + &"$".repeat(x.end as usize)
        );
        let norm = normalize(text);
        let why = if norm.sentences.len() > 1 {
            "a `.`, `?` or `!` inside it ends a sentence, and phrases match inside one sentence"
                .to_string()
        } else if x.start > 0 && matches!(v.first(), Some(Item::Gap(..))) {
            "a gap right after `^` is not matched (nothing comes before the first word), so the anchor cannot hold".to_string()
        } else {
            let words: Vec<&str> = (0..norm.word_count()).map(|i| norm.word(i)).collect();
            format!(
                "normalisation reads that text as `{}`, which the pattern does not match",
                words.join(" ")
            )
        };
        failing.push((shown, why));
    }
    if let Some((shown, why)) = failing.first() {
        let more = if x.raw.len() > 1 {
            format!(" ({} of its {} variants)", failing.len(), x.raw.len())
        } else {
            String::new()
        };
        let kind = if failing.len() == x.raw.len() {
            "never matches"
        } else {
            "cannot match"
        };
        push(
            x.entry,
            ProblemKind::NeverMatches,
            format!("`{shown}`{more} {kind} its own text: {why}"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(files: &[(&str, &str)]) -> (tempfile::TempDir, Lexicons) {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let lex = Lexicons::with_dirs(&[dir.path()]).unwrap();
        (dir, lex)
    }

    fn mine(dir: &tempfile::TempDir, problems: &[Problem]) -> Vec<String> {
        let root = dir.path().display().to_string();
        problems
            .iter()
            .filter(|p| p.path.starts_with(&root))
            .map(|p| p.to_string().replace(&root, "D"))
            .collect()
    }

    #[test]
    fn duplicates_inside_a_file_and_an_entry() {
        let (d, lex) = user(&[(
            "value.txt",
            "[seller]\nzorbly (widgets|gadgets)\nzorbly widgets\nflorp (real-time|real time)\n",
        )]);
        let got = mine(&d, &check(&lex));
        assert!(
            got.iter().any(|l| l.starts_with(
                "D/value.txt:3: duplicate: `zorbly widgets` is already at D/value.txt:2"
            )),
            "{got:#?}"
        );
        // Alternatives that read the same inside one entry are harmless: the
        // matcher counts an entry once per place.
        assert!(
            !got.iter().any(|l| l.starts_with("D/value.txt:4:")),
            "{got:#?}"
        );
    }

    #[test]
    fn same_phrase_under_other_conditions_is_no_duplicate() {
        let (d, lex) = user(&[(
            "value.txt",
            "[seller]\nzorbly widgets\n[buyer]\nzorbly widgets\n",
        )]);
        assert!(mine(&d, &check(&lex)).is_empty());
    }

    #[test]
    fn shadowed_by_a_sub_phrase() {
        let (d, lex) = user(&[(
            "value.txt",
            "[seller]\nzorbly\nthe (big|small) zorbly thing\n[seller statement]\nvery zorbly\n[buyer]\nmore zorbly\nzorbly half = 0.5\nzorbly half more\n",
        )]);
        let got = mine(&d, &check(&lex));
        assert!(
            got.iter().any(|l| l.starts_with(
                "D/value.txt:3: shadowed: `the (big|small) zorbly thing` is covered by the more general D/value.txt:2 `zorbly`"
            )),
            "{got:#?}"
        );
        assert!(got.iter().any(|l| l.starts_with("D/value.txt:5: shadowed")));
        // Other role: not shadowed; a light (0.5) entry shadows nothing.
        assert!(!got.iter().any(|l| l.starts_with("D/value.txt:7:")));
        assert!(
            !got.iter().any(|l| l.starts_with("D/value.txt:9:")),
            "{got:#?}"
        );
    }

    #[test]
    fn negation_inside_the_longer_entry_keeps_it() {
        let (d, lex) = user(&[("ask.txt", "zorbly\nnot zorbly\nwe zorbly\n")]);
        let got = mine(&d, &check(&lex));
        assert!(
            !got.iter().any(|l| l.starts_with("D/ask.txt:2:")),
            "{got:#?}"
        );
        assert!(got.iter().any(|l| l.starts_with("D/ask.txt:3: shadowed")));
    }

    #[test]
    fn never_matches_sentence_split_and_anchor_gap() {
        let (d, lex) = user(&[(
            "small_talk.txt",
            "zorbly. florp\n^ * zorbly florp\nglorp (a|b. c)\n",
        )]);
        let got = mine(&d, &check(&lex));
        assert!(
            got.iter().any(|l| l.starts_with("D/small_talk.txt:1: never-matches: `zorbly. Florp` never matches its own text: a `.`")),
            "{got:#?}"
        );
        assert!(
            got.iter()
                .any(|l| l.starts_with("D/small_talk.txt:2: never-matches:")
                    && l.contains("gap right after `^`")),
            "{got:#?}"
        );
        assert!(
            got.iter()
                .any(|l| l.starts_with("D/small_talk.txt:3: never-matches: `glorp b. C` (1 of its 2 variants) cannot match")),
            "{got:#?}"
        );
    }

    #[test]
    fn ignored_tokens_and_contractions() {
        let (d, lex) = user(&[(
            "objection.txt",
            "[buyer]\nzorbly & florp\nglorp ^ zap\nwhat now?\ni dont zorble\nwe do n't florp\nblip (a|the)? blop\n",
        )]);
        let got = mine(&d, &check(&lex));
        for (line, kind) in [
            (2, "ignored"),
            (3, "ignored"),
            (4, "ignored"),
            (5, "contraction"),
            (6, "contraction"),
            (7, "ignored"),
        ] {
            let want = format!("D/objection.txt:{line}: {kind}: warning: ");
            assert!(got.iter().any(|l| l.starts_with(&want)), "{want}\n{got:#?}");
        }
        assert!(got
            .iter()
            .any(|l| l.contains("write `[a|b]` for an optional group")));
        // The dropped `?` is not taken for a sentence end.
        assert!(!got.iter().any(|l| l.contains("never-matches")), "{got:#?}");
    }

    #[test]
    fn cross_label_names_both_places() {
        let (d, lex) = user(&[
            ("value.txt", "zorbly florp\n"),
            ("ask.txt", "[seller]\nzorbly florp\n"),
            ("discovery.txt", "[buyer]\nzorbly florp\n"),
        ]);
        let got = mine(&d, &check(&lex));
        // Files load in name order: ask, discovery, value.
        assert!(
            got.iter().any(|l| l
                == "D/value.txt:1: cross-label: warning: `zorbly florp` is also ask at D/ask.txt:2 `zorbly florp`; precedence decides between them"),
            "{got:#?}"
        );
        // Seller-only ask and buyer-only discovery never meet.
        assert!(
            !got.iter().any(|l| l.starts_with("D/discovery.txt")),
            "{got:#?}"
        );
    }

    #[test]
    fn failing_examples_are_problems() {
        let (d, lex) = user(&[("value.txt", "zorbly\n+ florp\n- [seller] zorbly\n")]);
        let got = mine(&d, &check(&lex));
        assert!(
            got.contains(&"D/value.txt:2: example: example does not match `florp`".to_string()),
            "{got:#?}"
        );
        assert!(
            got.contains(
                &"D/value.txt:3: example: example matches but must not `zorbly`".to_string()
            ),
            "{got:#?}"
        );
    }

    #[test]
    fn builtins_check_without_panicking() {
        let problems = check(Lexicons::builtin());
        for p in &problems {
            assert!(p.path.starts_with("lexicons/"), "{p}");
        }
    }
}
