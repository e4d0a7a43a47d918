//! Lexicons: the phrase lists that drive the classifier, as data files.
//!
//! One file per label, per signal, plus `checkin.txt` (check-ins like "does
//! that make sense?" that belong with the point before them). The built-in
//! files in `lexicons/` are embedded in the binary; `--lexicons DIR` adds a
//! user's own. The file format is documented in `lexicons/README.md`.
//!
//! Every phrase of every file is compiled into ONE Aho-Corasick automaton over
//! the normalised text (see [`crate::normalize`]), so an utterance is scanned
//! once whatever the number of phrases. Patterns with gaps (`...`, `*`) are
//! split into literal pieces that the automaton finds, then chained.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::error::{Error, Result};
use crate::normalize::{normalize, normalize_phrase, Normalized};
use crate::taxonomy::{Label, Signal};
use crate::transcript::Role;

/// What a lexicon file feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Label(Label),
    Signal(Signal),
    /// "Does that make sense?": takes the label of the point it checks in on.
    CheckIn,
    /// Running the call ("can you see my screen?"): a question that is not discovery.
    Logistics,
    /// The seller setting out the meeting ("here's what I'd like to cover"):
    /// the turn is about the meeting, not the deal.
    Agenda,
    /// Words that name the buyer's business ("orders", "the holiday rush"):
    /// a sentence with one needs more small talk to be small talk.
    Business,
}

impl Target {
    /// Whether a hedge ("I don't know if…", "not sure whether…") negates
    /// this target's entries: it does, except on an ask, where it softens
    /// the ask ("idk if either of those would work for you?").
    pub fn hedge_negates(self) -> bool {
        self != Target::Label(Label::Ask)
    }

    pub fn from_file_stem(stem: &str) -> Option<Target> {
        match stem {
            "checkin" => return Some(Target::CheckIn),
            "logistics" => return Some(Target::Logistics),
            "agenda" => return Some(Target::Agenda),
            "business" => return Some(Target::Business),
            _ => {}
        }
        if let Ok(l) = stem.parse::<Label>() {
            return (l != Label::Other).then_some(Target::Label(l));
        }
        stem.parse::<Signal>().ok().map(Target::Signal)
    }

    pub fn name(self) -> &'static str {
        match self {
            Target::Label(l) => l.as_str(),
            Target::Signal(s) => s.as_str(),
            Target::CheckIn => "checkin",
            Target::Logistics => "logistics",
            Target::Agenda => "agenda",
            Target::Business => "business",
        }
    }
}

/// Who must be speaking for an entry to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleCond {
    Any,
    Seller,
    Buyer,
}

/// Whether the sentence must be a question or a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoodCond {
    Any,
    Question,
    Statement,
}

/// One phrase line of a lexicon file.
#[derive(Debug, Clone)]
pub struct Entry {
    pub file: usize,
    pub line: usize,
    pub source: String,
    pub target: Target,
    pub role: RoleCond,
    pub mood: MoodCond,
    pub weight: f32,
    /// A negation just before the phrase cancels it ("we don't need to schedule").
    pub negatable: bool,
}

/// An example line: text that must (or must not) make its file fire.
#[derive(Debug, Clone)]
pub struct Example {
    pub file: usize,
    pub line: usize,
    pub text: String,
    pub role: Role,
    pub must_match: bool,
}

/// One lexicon file, built-in or the user's.
#[derive(Debug, Clone)]
pub struct LexiconFile {
    /// `lexicons/ask.txt` for built-ins, the path for user files.
    pub path: String,
    pub target: Target,
}

/// A pattern piece between gaps: a literal id, and how many words may come before it.
#[derive(Debug, Clone)]
struct Piece {
    /// Alternative literals (ids) this piece may be; each with its word count.
    literals: Vec<(usize, usize)>,
    gap_min: usize,
    gap_max: usize,
}

#[derive(Debug, Clone)]
struct Pattern {
    entry: usize,
    pieces: Vec<Piece>,
    anchor_start: Anchor,
    anchor_end: Anchor,
    /// Words a trailing gap (`is this * $`) needs after the last piece: (min, max).
    tail: (usize, usize),
}

/// Where a pattern must start or end: anywhere, at a sentence edge (`^`, `$`)
/// or at the utterance's edge (`^^`, `$$`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    None,
    Sentence,
    Utterance,
}

impl Anchor {
    /// 0 none, 1 sentence, 2 utterance (as [`Spelled`] reports them).
    fn level(self) -> u8 {
        match self {
            Anchor::None => 0,
            Anchor::Sentence => 1,
            Anchor::Utterance => 2,
        }
    }
}

/// A phrase found in an utterance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub entry: usize,
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub negated: bool,
}

/// All lexicons, compiled.
#[derive(Debug, Clone)]
pub struct Lexicons {
    pub files: Vec<LexiconFile>,
    pub entries: Vec<Entry>,
    pub examples: Vec<Example>,
    patterns: Vec<Pattern>,
    /// For each literal, the patterns whose first piece it is.
    first_of: Vec<Vec<usize>>,
    literal_words: Vec<usize>,
    matcher: AhoCorasick,
}

/// The built-in lexicon files, embedded at compile time.
pub const BUILTIN: &[(&str, &str)] = &[
    ("small_talk", include_str!("../lexicons/small_talk.txt")),
    ("discovery", include_str!("../lexicons/discovery.txt")),
    ("value", include_str!("../lexicons/value.txt")),
    ("ask", include_str!("../lexicons/ask.txt")),
    ("checkin", include_str!("../lexicons/checkin.txt")),
    ("logistics", include_str!("../lexicons/logistics.txt")),
    ("agenda", include_str!("../lexicons/agenda.txt")),
    ("business", include_str!("../lexicons/business.txt")),
    (
        "buying_signal",
        include_str!("../lexicons/buying_signal.txt"),
    ),
    ("objection", include_str!("../lexicons/objection.txt")),
    ("concession", include_str!("../lexicons/concession.txt")),
    (
        "next_step_set",
        include_str!("../lexicons/next_step_set.txt"),
    ),
    ("continuation", include_str!("../lexicons/continuation.txt")),
];

/// Words that negate a phrase that follows within [`NEGATION_WINDOW`] words.
pub(crate) const NEGATORS: &[&str] = &[
    "not", "never", "without", "neither", "nor", "nothing", "hardly", "nobody",
];
pub(crate) const NEGATION_WINDOW: usize = 4;
/// Largest number of variants one entry may expand to.
const MAX_VARIANTS: usize = 4096;

/// A parsed lexicon file before compilation.
struct RawFile {
    path: String,
    stem: String,
    replace: bool,
    entries: Vec<(usize, String, RoleCond, MoodCond, f32, bool)>,
    examples: Vec<(usize, String, Role, bool)>,
}

fn parse_file(path: &str, stem: &str, text: &str) -> Result<RawFile> {
    let target = Target::from_file_stem(stem).ok_or_else(|| {
        Error::lexicon(
            path,
            None,
            format!(
                "`{stem}` is not a label or signal (file names: {})",
                BUILTIN
                    .iter()
                    .map(|(name, _)| *name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    })?;
    let mut negatable = matches!(
        target,
        Target::Label(Label::Ask)
            | Target::Label(Label::Value)
            | Target::Signal(Signal::BuyingSignal)
            | Target::Signal(Signal::Concession)
            | Target::Signal(Signal::NextStepSet)
    );
    let mut role = RoleCond::Any;
    let mut mood = MoodCond::Any;
    let mut raw = RawFile {
        path: path.to_string(),
        stem: stem.to_string(),
        replace: false,
        entries: Vec::new(),
        examples: Vec::new(),
    };
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let err = |m: String| Error::lexicon(path, Some(n), m);
        if let Some(d) = l.strip_prefix('@') {
            let mut words = d.split_whitespace();
            match (words.next(), words.next()) {
                (Some("replace"), None) => raw.replace = true,
                (Some("negation"), Some("cancels")) => negatable = true,
                (Some("negation"), Some("ignored")) => negatable = false,
                _ => return Err(err(format!("unknown directive `@{d}` (known: @replace, @negation cancels, @negation ignored)"))),
            }
            continue;
        }
        if let Some(sec) = l.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            role = RoleCond::Any;
            mood = MoodCond::Any;
            for w in sec.split_whitespace() {
                match w {
                    "any" => {}
                    "seller" => role = RoleCond::Seller,
                    "buyer" => role = RoleCond::Buyer,
                    "question" => mood = MoodCond::Question,
                    "statement" => mood = MoodCond::Statement,
                    _ => return Err(err(format!("unknown section word `{w}` (known: any, seller, buyer, question, statement)"))),
                }
            }
            continue;
        }
        if let Some(rest) = l.strip_prefix('+').or_else(|| l.strip_prefix('-')) {
            let must = l.starts_with('+');
            let rest = rest.trim();
            let (ex_role, text) = match rest.strip_prefix('[').and_then(|r| r.split_once(']')) {
                Some((r, t)) => (
                    match r.trim() {
                        "seller" => Role::Seller,
                        "buyer" => Role::Buyer,
                        other => {
                            return Err(err(format!(
                                "unknown example role `[{other}]` (seller or buyer)"
                            )))
                        }
                    },
                    t.trim(),
                ),
                None => (Role::Unknown, rest),
            };
            if text.is_empty() {
                return Err(err("example has no text".into()));
            }
            raw.examples.push((n, text.to_string(), ex_role, must));
            continue;
        }
        let (phrase, weight) = match l.rsplit_once(" = ") {
            Some((p, w)) => {
                let w: f32 = w
                    .trim()
                    .parse()
                    .map_err(|_| err(format!("weight `{}` is not a number", w.trim())))?;
                if !(w > 0.0 && w <= 10.0) {
                    return Err(err(format!("weight {w} out of range (0 to 10]")));
                }
                (p.trim(), w)
            }
            None => (l, 1.0),
        };
        raw.entries
            .push((n, phrase.to_string(), role, mood, weight, negatable));
    }
    Ok(raw)
}

/// One step of a pattern: a word, or a gap of `min..=max` words. Parsing
/// borrows the words from the line (`Item<&str>`); `lexicon check` owns them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Item<W = String> {
    Word(W),
    Gap(usize, usize),
}

/// A pattern line spelled out for `lexicon check`: every full variant as
/// written (words not yet normalised, `<n>` as `#`), and its anchors
/// (0 none, 1 sentence `^`/`$`, 2 utterance `^^`/`$$`). The matcher itself
/// never multiplies alternatives out like this; the checks need to.
pub(crate) struct Spelled {
    pub variants: Vec<Vec<Item>>,
    pub start: u8,
    pub end: u8,
}

/// Spells out a pattern line (see [`Spelled`]); at most [`MAX_VARIANTS`] variants.
pub(crate) fn spell_pattern(src: &str) -> std::result::Result<Spelled, String> {
    let (start, end, spaced) = pattern_tokens(src);
    let (start, end) = (start.level(), end.level());
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let mut pos = 0;
    let variants = parse_seq(&tokens, &mut pos, 0)?;
    if pos != tokens.len() {
        return Err(format!("unbalanced `{}`", tokens[pos]));
    }
    let variants = variants
        .into_iter()
        .map(|v| {
            v.into_iter()
                .map(|it| match it {
                    Item::Word(w) => Item::Word(w.to_string()),
                    Item::Gap(a, b) => Item::Gap(a, b),
                })
                .collect()
        })
        .collect();
    Ok(Spelled {
        variants,
        start,
        end,
    })
}

/// A spelled-out variant with its runs of words normalised as the matcher reads them.
pub(crate) fn normalize_variant(v: &[Item]) -> Vec<Item> {
    let mut out = Vec::new();
    let mut words: Vec<&str> = Vec::new();
    let flush = |words: &mut Vec<&str>, out: &mut Vec<Item>| {
        if !words.is_empty() {
            out.extend(
                normalize_phrase(&words.join(" "))
                    .into_iter()
                    .map(Item::Word),
            );
            words.clear();
        }
    };
    for it in v {
        match it {
            Item::Word(w) => words.push(w),
            gap => {
                flush(&mut words, &mut out);
                out.push(gap.clone());
            }
        }
    }
    flush(&mut words, &mut out);
    out
}

/// A run of words between gaps: its alternatives, and the gap allowed before it.
#[derive(Debug, Clone, PartialEq)]
struct Segment {
    gap_min: usize,
    gap_max: usize,
    /// Its alternatives as (literal id, word count), distinct, none empty.
    variants: Vec<(usize, usize)>,
    /// Whether the run may be left out (`[…]` around all of it).
    optional: bool,
}

/// Every distinct literal (" word word ") of every pattern, numbered in the
/// order first seen: the automaton matches these.
#[derive(Default)]
struct Literals {
    ids: HashMap<String, usize, BuildHasherDefault<Fnv>>,
}

impl Literals {
    /// The id of the literal spelled by `words`, added if new, and its word count.
    fn intern(&mut self, words: &[&str]) -> (usize, usize) {
        let mut lit = String::with_capacity(words.iter().map(|w| w.len() + 1).sum::<usize>() + 1);
        lit.push(' ');
        for w in words {
            lit.push_str(w);
            lit.push(' ');
        }
        let next = self.ids.len();
        (*self.ids.entry(lit).or_insert(next), words.len())
    }

    /// The literals in id order, and the words in each.
    fn into_texts(self) -> (Vec<String>, Vec<usize>) {
        let mut texts = vec![String::new(); self.ids.len()];
        for (lit, id) in self.ids {
            texts[id] = lit;
        }
        // " a b " holds one more space than words.
        let words = texts.iter().map(|t| t.matches(' ').count() - 1).collect();
        (texts, words)
    }
}

/// Splits a pattern line into its anchors and its body with every operator
/// spaced out, ready for `split_whitespace` (`...` becomes `\u{1}`, `<n>` `#`).
fn pattern_tokens(src: &str) -> (Anchor, Anchor, String) {
    let mut s = src.trim();
    let start = if let Some(r) = s.strip_prefix("^^") {
        s = r.trim_start();
        Anchor::Utterance
    } else if let Some(r) = s.strip_prefix('^') {
        s = r.trim_start();
        Anchor::Sentence
    } else {
        Anchor::None
    };
    let end = if let Some(r) = s.strip_suffix("$$") {
        s = r.trim_end();
        Anchor::Utterance
    } else if let Some(r) = s.strip_suffix('$') {
        s = r.trim_end();
        Anchor::Sentence
    } else {
        Anchor::None
    };
    let spaced = s
        .replace("<n>", " # ")
        .replace("...", " \u{1} ")
        .replace('(', " ( ")
        .replace(')', " ) ")
        .replace('[', " [ ")
        .replace(']', " ] ")
        .replace('|', " | ");
    (start, end, spaced)
}

/// A pattern line, expanded: its pieces and where it must stand.
struct Expanded {
    segments: Vec<Segment>,
    anchor_start: Anchor,
    anchor_end: Anchor,
    tail: (usize, usize),
}

/// Splits a pattern line at its gaps and expands each run of words separately,
/// so alternatives on both sides of a gap add up instead of multiplying.
fn expand_pattern(src: &str, literals: &mut Literals) -> std::result::Result<Expanded, String> {
    let (anchor_start, anchor_end, spaced) = pattern_tokens(src);
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let mut segments = Vec::new();
    let (mut gap_min, mut gap_max) = (0, 0);
    let mut depth = 0i32;
    let mut begin = 0;
    let mut runs: Vec<(usize, usize, usize, usize)> = Vec::new();
    for (k, t) in tokens.iter().enumerate() {
        match *t {
            "(" | "[" => depth += 1,
            ")" | "]" => depth -= 1,
            "\u{1}" | "*" if depth == 0 => {
                if k > begin {
                    runs.push((begin, k, gap_min, gap_max));
                    gap_min = 0;
                    gap_max = 0;
                }
                if *t == "*" {
                    gap_min += 1;
                    gap_max += 1;
                } else {
                    gap_max += 4;
                }
                begin = k + 1;
            }
            _ => {}
        }
        if depth < 0 {
            return Err(format!("unbalanced `{t}`"));
        }
    }
    // A gap at the end asks for words after the last piece (`is this * $`).
    let mut tail = (0, 0);
    if begin < tokens.len() {
        runs.push((begin, tokens.len(), gap_min, gap_max));
    } else {
        tail = (gap_min, gap_max);
    }
    let mut token_cache: HashMap<&str, Vec<String>, BuildHasherDefault<Fnv>> = HashMap::default();
    for (a, b, gmin, gmax) in runs {
        let toks = &tokens[a..b];
        let mut pos = 0;
        let variants = parse_seq(toks, &mut pos, 0)?;
        if pos != toks.len() {
            return Err(format!("unbalanced `{}`", toks[pos]));
        }
        // Each token is normalised once, not once per variant.
        for t in toks {
            token_cache
                .entry(t)
                .or_insert_with_key(|w| normalize_phrase(w));
        }
        let mut out: Vec<(usize, usize)> = Vec::new();
        let mut optional = false;
        let mut words: Vec<&str> = Vec::new();
        for v in &variants {
            words.clear();
            for it in v {
                let Item::Word(w) = it else {
                    return Err("gaps (`...`, `*`) go outside ( ) and [ ]".into());
                };
                // Words were normalised one by one; numbers in a row read as one.
                for n in &token_cache[w] {
                    if !(n == "#" && words.last() == Some(&"#")) {
                        words.push(n);
                    }
                }
            }
            if words.is_empty() {
                optional = true;
                continue;
            }
            let lit = literals.intern(&words);
            if !out.contains(&lit) {
                out.push(lit);
            }
        }
        segments.push(Segment {
            gap_min: gmin,
            gap_max: gmax,
            variants: out,
            optional,
        });
    }
    if segments.iter().all(|s| s.optional || s.variants.is_empty()) {
        return Err("the pattern has no words".into());
    }
    Ok(Expanded {
        segments,
        anchor_start,
        anchor_end,
        tail,
    })
}

/// Every way to keep or drop the optional segments, with the gaps of dropped ones merged.
fn segment_choices(segments: &[Segment]) -> Vec<Vec<Segment>> {
    let mut out: Vec<Vec<Segment>> = vec![Vec::new()];
    let mut carry: Vec<(usize, usize)> = vec![(0, 0)];
    for seg in segments {
        let mut next_out = Vec::new();
        let mut next_carry = Vec::new();
        for (path, (cmin, cmax)) in out.iter().zip(&carry) {
            if !seg.variants.is_empty() {
                let mut with = path.clone();
                with.push(Segment {
                    gap_min: seg.gap_min + cmin,
                    gap_max: seg.gap_max + cmax,
                    ..seg.clone()
                });
                next_out.push(with);
                next_carry.push((0, 0));
            }
            if seg.optional {
                next_out.push(path.clone());
                next_carry.push((cmin + seg.gap_min, cmax + seg.gap_max));
            }
        }
        out = next_out;
        carry = next_carry;
    }
    out.retain(|p| !p.is_empty());
    for p in &mut out {
        // The first piece has nothing before it to be a gap from.
        p[0].gap_min = 0;
        p[0].gap_max = 0;
    }
    out
}

/// Parses a sequence until `)`/`]`/`|` at this depth; returns its variants.
fn parse_seq<'a>(
    tokens: &[&'a str],
    pos: &mut usize,
    depth: usize,
) -> std::result::Result<Vec<Vec<Item<&'a str>>>, String> {
    let mut acc: Vec<Vec<Item<&'a str>>> = vec![Vec::new()];
    while *pos < tokens.len() {
        let t = tokens[*pos];
        match t {
            ")" | "]" | "|" => {
                if depth == 0 {
                    return Err(format!("unexpected `{t}`"));
                }
                return Ok(acc);
            }
            "(" | "[" => {
                let close = if t == "(" { ")" } else { "]" };
                *pos += 1;
                let mut alts: Vec<Vec<Item<&'a str>>> = Vec::new();
                loop {
                    let seq = parse_seq(tokens, pos, depth + 1)?;
                    alts.extend(seq);
                    match tokens.get(*pos) {
                        Some(&"|") => *pos += 1,
                        Some(c) if *c == close => {
                            *pos += 1;
                            break;
                        }
                        Some(c) => return Err(format!("`{t}` closed by `{c}`")),
                        None => return Err(format!("`{t}` is never closed")),
                    }
                }
                if t == "[" {
                    alts.push(Vec::new());
                }
                let mut next = Vec::new();
                for a in &acc {
                    for b in &alts {
                        let mut v = Vec::with_capacity(a.len() + b.len());
                        v.extend_from_slice(a);
                        v.extend_from_slice(b);
                        next.push(v);
                    }
                }
                if next.len() > MAX_VARIANTS {
                    return Err(format!("expands to more than {MAX_VARIANTS} variants"));
                }
                acc = next;
                continue;
            }
            "\u{1}" => acc.iter_mut().for_each(|v| v.push(Item::Gap(0, 4))),
            "*" => acc.iter_mut().for_each(|v| v.push(Item::Gap(1, 1))),
            w => acc.iter_mut().for_each(|v| v.push(Item::Word(w))),
        }
        *pos += 1;
    }
    Ok(acc)
}

impl Lexicons {
    /// The built-in lexicons, compiled once per process.
    pub fn builtin() -> &'static Lexicons {
        static CELL: std::sync::OnceLock<Lexicons> = std::sync::OnceLock::new();
        CELL.get_or_init(|| {
            Lexicons::build(&[]).unwrap_or_else(|e| panic!("built-in lexicons are invalid: {e}"))
        })
    }

    /// Built-in lexicons extended (or, file by file with `@replace`, replaced) by the
    /// `.txt` files of each folder in `dirs`.
    pub fn with_dirs(dirs: &[&Path]) -> Result<Lexicons> {
        let mut user = Vec::new();
        for dir in dirs {
            let display = dir.display().to_string();
            let rd = std::fs::read_dir(dir).map_err(|source| Error::Io {
                path: display.clone(),
                source,
            })?;
            let mut paths: Vec<_> = rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .collect();
            paths.sort();
            if paths.is_empty() {
                return Err(Error::lexicon(
                    display,
                    None,
                    "no .txt lexicon files in this folder",
                ));
            }
            for p in paths {
                let path = p.display().to_string();
                let text = std::fs::read_to_string(&p).map_err(|source| Error::Io {
                    path: path.clone(),
                    source,
                })?;
                let stem = p
                    .file_stem()
                    .map(|s| s.to_string_lossy().to_string())
                    .unwrap_or_default();
                user.push((path, stem, text));
            }
        }
        Lexicons::build(&user)
    }

    /// Compiles the built-ins plus `user` files given as (path, stem, text).
    pub fn build(user: &[(String, String, String)]) -> Result<Lexicons> {
        let mut raws = Vec::new();
        for (stem, text) in BUILTIN {
            raws.push(parse_file(&format!("lexicons/{stem}.txt"), stem, text)?);
        }
        for (path, stem, text) in user {
            let raw = parse_file(path, stem, text)?;
            if raw.replace {
                raws.retain(|r| r.stem != raw.stem);
            }
            raws.push(raw);
        }
        Self::compile(raws)
    }

    fn compile(raws: Vec<RawFile>) -> Result<Lexicons> {
        let mut files = Vec::new();
        let mut entries = Vec::new();
        let mut examples = Vec::new();
        let mut patterns = Vec::new();
        let mut literals = Literals::default();
        for raw in raws {
            let file = files.len();
            let target = Target::from_file_stem(&raw.stem).unwrap_or(Target::CheckIn);
            files.push(LexiconFile {
                path: raw.path.clone(),
                target,
            });
            for (line, src, role, mood, weight, negatable) in raw.entries {
                let Expanded {
                    segments: variants,
                    anchor_start,
                    anchor_end,
                    tail,
                } = expand_pattern(&src, &mut literals)
                    .map_err(|m| Error::lexicon(&raw.path, Some(line), format!("`{src}`: {m}")))?;
                let entry = entries.len();
                entries.push(Entry {
                    file,
                    line,
                    source: src.clone(),
                    target,
                    role,
                    mood,
                    weight,
                    negatable,
                });
                for choice in segment_choices(&variants) {
                    let pieces: Vec<Piece> = choice
                        .into_iter()
                        .map(|seg| Piece {
                            literals: seg.variants,
                            gap_min: seg.gap_min,
                            gap_max: seg.gap_max,
                        })
                        .collect();
                    patterns.push(Pattern {
                        entry,
                        pieces,
                        anchor_start,
                        anchor_end,
                        tail,
                    });
                }
            }
            for (line, text, role, must_match) in raw.examples {
                examples.push(Example {
                    file,
                    line,
                    text,
                    role,
                    must_match,
                });
            }
        }
        let (literals, literal_words) = literals.into_texts();
        let mut first_of = vec![Vec::new(); literals.len()];
        for (i, p) in patterns.iter().enumerate() {
            for &(lit, _) in &p.pieces[0].literals {
                first_of[lit].push(i);
            }
        }
        // A contiguous NFA builds in a quarter of the time of a DFA over these
        // ~31,000 literals and scans as fast on utterance-sized text.
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .build(&literals)
            .map_err(|e| Error::lexicon("lexicons", None, format!("cannot compile: {e}")))?;
        Ok(Lexicons {
            files,
            entries,
            examples,
            patterns,
            first_of,
            literal_words,
            matcher,
        })
    }

    /// Every phrase found in `norm`, in one pass of the automaton.
    pub fn scan(&self, norm: &Normalized) -> Vec<Hit> {
        let mut hits = Vec::new();
        if norm.word_count() == 0 {
            return hits;
        }
        // Occurrences of each literal as (start word, end word exclusive).
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        for m in self.matcher.find_overlapping_iter(&norm.text) {
            let lit = m.pattern().as_usize();
            let start = norm.word_at(m.start() + 1);
            found.push((lit, start, start + self.literal_words[lit]));
        }
        if found.is_empty() {
            return hits;
        }
        // The same occurrences sorted by literal, for the later pieces of a
        // pattern to look up (a sorted vector: no hashing per utterance).
        let mut by_literal = found.clone();
        by_literal.sort_unstable();
        for &(lit, s, e) in &found {
            for &pi in &self.first_of[lit] {
                let p = &self.patterns[pi];
                let sentence = norm.word_sentence[s];
                let Some(end) = self.chain(p, 1, e, sentence, norm, &by_literal) else {
                    continue;
                };
                let sent = &norm.sentences[sentence];
                let start_ok = match p.anchor_start {
                    Anchor::None => true,
                    Anchor::Sentence => s == sent.words.start,
                    Anchor::Utterance => s == 0,
                };
                let limit = match p.anchor_end {
                    Anchor::Utterance => norm.word_count(),
                    _ => sent.words.end,
                };
                let after = limit.saturating_sub(end);
                let end_ok =
                    after >= p.tail.0 && (p.anchor_end == Anchor::None || after <= p.tail.1);
                if !(start_ok && end_ok) {
                    continue;
                }
                hits.push(Hit {
                    entry: p.entry,
                    sentence,
                    start: s,
                    end,
                    negated: negated_before(
                        norm,
                        s,
                        sent.words.start,
                        self.entries[p.entry].target.hedge_negates(),
                    ) || negated_within(norm, s, end, &self.entries[p.entry].source),
                });
            }
        }
        hits.sort_by_key(|h| (h.sentence, h.start, h.entry));
        hits.dedup_by_key(|h| (h.entry, h.sentence, h.start));
        hits
    }

    /// Matches pieces `i..` of `p` after word `after`; returns the end word of the last piece.
    fn chain(
        &self,
        p: &Pattern,
        i: usize,
        after: usize,
        sentence: usize,
        norm: &Normalized,
        by_literal: &[(usize, usize, usize)],
    ) -> Option<usize> {
        if after > norm.word_count() || (after > 0 && norm.word_sentence[after - 1] != sentence) {
            return None;
        }
        let Some(piece) = p.pieces.get(i) else {
            return Some(after);
        };
        for &(lit, words) in &piece.literals {
            let from = by_literal.partition_point(|o| o.0 < lit);
            let occ = by_literal[from..].iter().take_while(|o| o.0 == lit);
            for &(_, s, e) in occ {
                if s >= after + piece.gap_min && s <= after + piece.gap_max && e - s == words {
                    if norm.word_sentence[e - 1] != sentence {
                        continue;
                    }
                    if let Some(end) = self.chain(p, i + 1, e, sentence, norm, by_literal) {
                        return Some(end);
                    }
                }
            }
        }
        None
    }

    /// Whether a hit counts for a speaker of `role` in its sentence.
    pub fn applies(&self, hit: &Hit, role: Role, norm: &Normalized) -> bool {
        let e = &self.entries[hit.entry];
        let role_ok = match (e.role, role) {
            (RoleCond::Any, _) | (_, Role::Unknown) => true,
            (RoleCond::Seller, r) => r == Role::Seller,
            (RoleCond::Buyer, r) => r == Role::Buyer,
        };
        let q = norm.sentences[hit.sentence].is_question;
        let mood_ok = match e.mood {
            MoodCond::Any => true,
            MoodCond::Question => q,
            MoodCond::Statement => !q,
        };
        role_ok && mood_ok && !(e.negatable && hit.negated)
    }

    /// `file:line` of an entry, for explanations.
    pub fn origin(&self, entry: usize) -> String {
        let e = &self.entries[entry];
        format!("{}:{}", self.files[e.file].path, e.line)
    }

    /// Per sentence, the total weight of the applying hits of each target.
    pub fn sentence_scores(&self, hits: &[Hit], role: Role, norm: &Normalized) -> Vec<Scores> {
        let mut out = vec![Scores::default(); norm.sentences.len()];
        for h in hits {
            if self.applies(h, role, norm) {
                let e = &self.entries[h.entry];
                *out[h.sentence].entry(e.target).or_insert(0.0) += e.weight;
            }
        }
        out
    }

    /// Runs every example; returns one message per failing example.
    pub fn check_examples(&self) -> Vec<String> {
        self.failing_examples()
            .into_iter()
            .map(|ex| {
                format!(
                    "{}:{}: example {} `{}`",
                    self.files[ex.file].path,
                    ex.line,
                    if ex.must_match {
                        "does not match"
                    } else {
                        "matches but must not"
                    },
                    ex.text
                )
            })
            .collect()
    }

    /// The examples whose file fires when it must not, or does not when it must.
    pub fn failing_examples(&self) -> Vec<&Example> {
        let mut failures = Vec::new();
        for ex in &self.examples {
            let target = self.files[ex.file].target;
            let norm = normalize(&ex.text);
            let hits: Vec<Hit> = self
                .scan(&norm)
                .into_iter()
                .filter(|h| self.entries[h.entry].file == ex.file)
                .collect();
            let fired = self
                .sentence_scores(&hits, ex.role, &norm)
                .iter()
                .any(|s| reaches(s, target));
            if fired != ex.must_match {
                failures.push(ex);
            }
        }
        failures
    }
}

/// One sentence's summed entry weights per target.
pub type Scores = HashMap<Target, f32, BuildHasherDefault<Fnv>>;

/// FNV-1a: the maps on the per-utterance path hold a handful of small keys
/// (a target, a short word), where SipHash's setup cost dominates. Not for
/// keys an attacker chooses.
#[derive(Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        // The FNV-1a 64-bit offset basis.
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Whether a sentence's scores (from [`Lexicons::sentence_scores`]) reach
/// the weight that makes `target` fire ([`threshold`]).
pub fn reaches(scores: &Scores, target: Target) -> bool {
    weight(scores, target) >= threshold(scores, target)
}

/// The weight `target` totals in a sentence's scores (0 when nothing fed it).
pub fn weight(scores: &Scores, target: Target) -> f32 {
    scores.get(&target).copied().unwrap_or(0.0)
}

/// The weight `target` needs in a sentence: 1, except small talk in a
/// sentence that names the buyer's business (`business.txt` reaches 1),
/// which needs [`SMALL_TALK_IN_BUSINESS`]: one small-talk word there ("the
/// holiday rush", "vacation requests") is business talk, two cues are not.
pub fn threshold(scores: &Scores, target: Target) -> f32 {
    let names_business = weight(scores, Target::Business) >= 1.0;
    if target == Target::Label(Label::SmallTalk) && names_business {
        SMALL_TALK_IN_BUSINESS
    } else {
        1.0
    }
}

/// Whether a sentence's small talk was held back by the business bar: it
/// reached the ordinary weight of 1 but not [`threshold`] ("the snow shut
/// down two of our warehouses"). `classify` and `explain` both ask this.
pub fn held_back(scores: &Scores) -> bool {
    let target = Target::Label(Label::SmallTalk);
    let total = weight(scores, target);
    total >= 1.0 && total < threshold(scores, target)
}

/// The small-talk weight a sentence that names the buyer's business needs.
pub const SMALL_TALK_IN_BUSINESS: f32 = 2.0;

/// Whether a negator the phrase does not spell out stands inside its match,
/// in a gap: "Thursday doesn't work" is no "thursday … work". A hedge in
/// the gap ("we could, I don't know, try…") negates nothing.
fn negated_within(norm: &Normalized, start: usize, end: usize, source: &str) -> bool {
    let end = end.min(norm.word_count());
    (start + 1..end).any(|i| {
        let w = norm.word(i);
        let hedge =
            i + 1 < norm.word_count() && matches!(norm.word(i + 1), "know" | "sure" | "mind");
        NEGATORS.contains(&w)
            && !hedge
            && !source.split(|c: char| !c.is_alphanumeric()).any(|t| t == w)
    })
}

/// Whether a negator stands within the window before word `start` (same sentence).
fn negated_before(
    norm: &Normalized,
    start: usize,
    sentence_start: usize,
    hedge_negates: bool,
) -> bool {
    negator_before(norm, start, sentence_start, hedge_negates).is_some()
}

/// The negating word (its index) that cancels a phrase starting at word
/// `start`: within [`NEGATION_WINDOW`] words before it in its own clause, or
/// left dangling at the end of an earlier clause with at most short asides
/// between ("I can't, unfortunately, offer a discount"). A negation inside a
/// finished clause does not reach the next one: in "the comps you are not
/// eating, it pays for itself" the "not" does not cancel "pays".
pub(crate) fn negator_before(
    norm: &Normalized,
    start: usize,
    sentence_start: usize,
    hedge_negates: bool,
) -> Option<usize> {
    // The word at `j`, or "" past the end.
    let at = |j: usize| {
        if j < norm.word_count() {
            norm.word(j)
        } else {
            ""
        }
    };
    let negates = |i: usize| {
        let w = norm.word(i);
        if NEGATORS.contains(&w) {
            // "why not", "not only" do not negate.
            let prev = if i > sentence_start {
                norm.word(i - 1)
            } else {
                ""
            };
            let (next, after) = (at(i + 1), at(i + 2));
            // Nor does a hedge on an ask: "I don't know if either of those
            // would work", "not sure whether Tuesday suits". A hedged claim
            // or interest ("I don't know if it would fix it") stays negated.
            let hedge = !hedge_negates
                && matches!(next, "know" | "sure")
                && matches!(after, "if" | "whether");
            !(prev == "why" || next == "only" || hedge)
        } else {
            w == "no" && i + 1 == start
        }
    };
    let clause = norm.clause_start(start, sentence_start);
    let from = start.saturating_sub(NEGATION_WINDOW).max(clause);
    if let Some(i) = (from..start).find(|&i| negates(i)) {
        return Some(i);
    }
    // Earlier clauses: asides of up to ASIDE_WORDS words are skipped; the
    // first longer clause decides, by whether it ends on a negation that
    // has no verb of its own yet ("can not", "am not able to").
    let mut end = clause;
    while end > sentence_start {
        let begin = norm.clause_start(end - 1, sentence_start);
        // A bare "No," answering something is not a negation of what follows.
        if let Some(i) = (begin..end)
            .rev()
            .find(|&i| negates(i) && norm.word(i) != "no")
        {
            let dangling = (i + 1..end).all(|k| DANGLING.contains(&norm.word(k)));
            return dangling.then_some(i);
        }
        if end - begin > ASIDE_WORDS {
            return None;
        }
        end = begin;
    }
    None
}

/// Longest clause skipped as an aside between a negation and its phrase.
const ASIDE_WORDS: usize = 3;
/// Words that may follow a negation that still waits for its verb.
const DANGLING: &[&str] = &["able", "to", "be", "going", "gonna", "really", "just"];

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(stem: &str, text: &str) -> Lexicons {
        let raw = parse_file(&format!("{stem}.txt"), stem, text).unwrap();
        Lexicons::compile(vec![raw]).unwrap()
    }

    #[test]
    fn the_file_names_an_error_lists_are_the_built_in_files() {
        // Every built-in file name is a valid one, and the error lists them all.
        assert!(BUILTIN
            .iter()
            .all(|(n, _)| Target::from_file_stem(n).is_some()));
        let err = parse_file("asks.txt", "asks", "")
            .err()
            .unwrap()
            .to_string();
        for (name, _) in BUILTIN {
            assert!(err.contains(name), "{name}: {err}");
        }
        assert!(err.contains("business, buying_signal"), "{err}");
    }

    fn fires(l: &Lexicons, text: &str, role: Role) -> bool {
        let n = normalize(text);
        let hits = l.scan(&n);
        l.sentence_scores(&hits, role, &n)
            .iter()
            .any(|s| s.values().any(|v| *v >= 1.0))
    }

    #[test]
    fn alternatives_optional_gaps_and_anchors() {
        let l = lex(
            "ask",
            "(can|could) we [get] ... on the calendar\n^ sounds good $\n",
        );
        assert!(fires(
            &l,
            "Could we get something on the calendar?",
            Role::Seller
        ));
        assert!(fires(
            &l,
            "Can we put thirty minutes on the calendar",
            Role::Seller
        ));
        assert!(!fires(
            &l,
            "Can we talk about it. On the calendar it says",
            Role::Seller
        ));
        assert!(fires(&l, "Sounds good.", Role::Seller));
        assert!(!fires(&l, "That sounds good to me.", Role::Seller));
    }

    #[test]
    fn trailing_gap_needs_its_words() {
        let l = lex("ask", "is this * $\n");
        assert!(fires(&l, "Hi, is this Dale?", Role::Seller));
        assert!(!fires(&l, "Is this the right fit for you?", Role::Seller));
        assert!(!fires(&l, "Is this?", Role::Seller));
    }

    #[test]
    fn sections_weights_and_negation() {
        let l = lex(
            "ask",
            "[seller question]\nshould we schedule\n[any]\nlet us = 0.5\n",
        );
        assert!(fires(&l, "Should we schedule the kickoff?", Role::Seller));
        assert!(!fires(&l, "Should we schedule the kickoff?", Role::Buyer));
        assert!(!fires(&l, "We should schedule the kickoff.", Role::Seller));
        assert!(!fires(&l, "Let's see.", Role::Seller));
        let l = lex("ask", "schedule\n");
        assert!(!fires(
            &l,
            "We don't need to schedule anything yet.",
            Role::Seller
        ));
        assert!(fires(&l, "Why not schedule it?", Role::Seller));
        // A hedge is not a negation: "idk if" reads "i do not know if".
        assert!(fires(&l, "idk if we schedule it?", Role::Seller));
        assert!(fires(&l, "Not sure whether to schedule it.", Role::Seller));
        assert!(!fires(&l, "I'm not sure we'll schedule it.", Role::Seller));
        // On a claim the hedge still negates: "I don't know if it fixes it" claims nothing.
        let l = lex("value", "fixes\n");
        assert!(!fires(&l, "I don't know if it fixes it.", Role::Seller));
        assert!(fires(&l, "It fixes it.", Role::Seller));
        // A negation in a gap cancels too, unless the phrase spells it out
        // or it is a hedge.
        let l = lex("next_step_set", "thursday ... work\n");
        assert!(!fires(&l, "Thursday doesn't work, no.", Role::Buyer));
        assert!(fires(&l, "Thursday should work.", Role::Buyer));
        let l = lex("ask", "we could ... try\n");
        assert!(fires(&l, "We could, I don't know, try it?", Role::Seller));
        let l = lex("value", "(no|not) ... anymore\n");
        assert!(fires(
            &l,
            "You'll not chase invoices anymore.",
            Role::Seller
        ));
    }

    #[test]
    fn numbers_match_hash() {
        let l = lex("value", "cut ... by <n> percent\n");
        assert!(fires(
            &l,
            "Teams like yours cut onboarding by 40%.",
            Role::Seller
        ));
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = parse_file("x/ask.txt", "ask", "ok\n@bogus\n")
            .err()
            .unwrap();
        assert_eq!(e.to_string(), "x/ask.txt:2: lexicon: unknown directive `@bogus` (known: @replace, @negation cancels, @negation ignored)");
        let raw = parse_file("x/ask.txt", "ask", "a\n(b|c\n").unwrap();
        let e = Lexicons::compile(vec![raw]).err().unwrap();
        assert!(
            e.to_string().starts_with("x/ask.txt:2: lexicon: `(b|c`"),
            "{e}"
        );
        assert!(parse_file("x/foo.txt", "foo", "a").is_err());
        assert!(parse_file("x/ask.txt", "ask", "a = x\n").is_err());
    }

    #[test]
    fn builtin_examples_pass() {
        let failures = Lexicons::builtin().check_examples();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
