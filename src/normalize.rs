//! Turns an utterance into the word stream the lexicons match against.
//!
//! Matching runs once over one normalised string per utterance, so every
//! spelling difference that should not matter is removed here, once:
//! case, curly apostrophes, contractions ("don't" → "do not", so a lexicon
//! writes "do not" once), numbers (every number becomes `#`, so "cut it 30%"
//! and "cut it 12%" both read "cut it # percent"), and punctuation. The
//! sentences (from Unicode segmentation) and whether each is a question are
//! kept beside the words.

use unicode_segmentation::UnicodeSegmentation;

/// One sentence of an utterance.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// Index range into [`Normalized::word_starts`] (word indices).
    pub words: std::ops::Range<usize>,
    /// Byte range of the sentence in the original text.
    pub span: std::ops::Range<usize>,
    pub is_question: bool,
}

/// An utterance as the matcher sees it.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// Words separated by single spaces, with a space before the first and after
    /// the last, so a phrase `" a b "` only matches whole words.
    pub text: String,
    /// Byte offset in `text` where each word starts.
    pub word_starts: Vec<usize>,
    /// Sentence index of each word.
    pub word_sentence: Vec<usize>,
    pub sentences: Vec<Sentence>,
    /// Words that open a clause inside their sentence: they follow a comma,
    /// semicolon, colon, dash or bracket ("…the comps you're not eating,
    /// it pays for itself"). Sorted.
    pub clause_starts: Vec<usize>,
    /// Words written with a capital inside their sentence ("how was
    /// Boston?"), so most likely names; none when the text is all capitals
    /// or all lower case. Sorted.
    pub names: Vec<usize>,
}

/// Words that open a question even when a transcript drops the `?`.
const QUESTION_OPENERS: &[&str] = &[
    "what", "how", "why", "when", "where", "who", "whom", "whose", "which", "do", "does", "did",
    "is", "are", "was", "were", "can", "could", "would", "will", "should", "shall", "have", "has",
    "may", "might", "any", "anything", "am",
];

/// The days of the week.
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Month names as dates are written ("May" and "March" are left out: "may
/// I ask", "march in").
const MONTHS: &[&str] = &[
    "january",
    "jan",
    "february",
    "feb",
    "april",
    "apr",
    "june",
    "jun",
    "july",
    "jul",
    "august",
    "aug",
    "september",
    "sept",
    "sep",
    "october",
    "oct",
    "november",
    "nov",
    "december",
    "dec",
];

/// Ordinals that name a day of the month and little else ("the twelfth");
/// "the first" and "the second" are steps as often as dates.
const DATE_ORDINALS: &[&str] = &[
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "thirtieth",
];

/// Question words, which a statement can open too ("what we do is…").
const WH_WORDS: &[&str] = &[
    "what", "how", "why", "when", "where", "who", "whom", "whose", "which",
];

/// Words after "how" that make it ask ("how much", "how long").
const QUANTITIES: &[&str] = &["much", "many", "long", "often", "soon", "far", "big"];

/// Verbs that open a question when their subject follows ("would you", "is there").
const AUXILIARIES: &[&str] = &[
    "would", "could", "can", "do", "does", "did", "are", "is", "will", "have", "has", "should",
    "shall", "may", "were", "was",
];
/// Words a typed or spoken question often starts with before its real opener:
/// "ok so how much would you like to donate", "oh and do you ship to Canada".
const LEAD_INS: &[&str] = &[
    "ok", "okay", "so", "and", "but", "well", "oh", "alright", "hey", "uh", "hmm", "lol", "haha",
    "hahaha", "now", "also",
];
/// Sounds a speaker makes while thinking, dropped from the word stream
/// (speech-to-text writes them: "would it make sense to, um, get…"; "er"
/// stays: "the ER was slammed").
const DISFLUENCIES: &[&str] = &["um", "uh", "uhm", "umm", "uhh", "erm", "ehm", "ummm"];
/// Words a speaker restarts on that rarely end a clause, so one said again
/// after a comma or dash is a false start ("to, to get", "I- I think");
/// not "do" ("we do, do you?"), "in" ("log in, in the corner") or "it"
/// ("it is what it is, it's fine").
const STUTTERED: &[&str] = &[
    "i", "we", "they", "he", "she", "you", "the", "a", "an", "to", "and", "but", "or", "of", "my",
    "our", "your", "their", "if", "because",
];
const SUBJECTS: &[&str] = &[
    "you", "we", "i", "they", "it", "this", "that", "there", "he", "she", "your",
];

/// Spelled-out numbers, which speech-to-text writes as often as digits.
/// "one" is left out: "the one with the pig on the sign" is not a number.
const NUMBER_WORDS: &[&str] = &[
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "million",
    "billion",
    "dozen",
];

/// Expands a lowercased word into the words it stands for.
fn expand(word: &str, out: &mut Vec<String>) {
    let w = word.replace(['\u{2019}', '\u{2018}', '`'], "'");
    if NUMBER_WORDS.contains(&w.as_str()) {
        out.push("#".into());
        return;
    }
    if w.chars().any(|c| c.is_ascii_digit())
        && w.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.'))
    {
        out.push("#".into());
        return;
    }
    // Times and ordinals: 2pm, 10am, 3rd, 21st, 5k.
    let digits = w.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 {
        let rest = &w[digits..];
        if matches!(
            rest,
            "am" | "pm" | "k" | "m" | "st" | "nd" | "rd" | "th" | "x" | "s"
        ) {
            out.push("#".into());
            if matches!(rest, "am" | "pm" | "k" | "m" | "x") {
                out.push(rest.into());
            }
            return;
        }
    }
    let fixed: Option<&[&str]> = match w.as_str() {
        "can't" | "cannot" => Some(&["can", "not"]),
        "won't" => Some(&["will", "not"]),
        "shan't" => Some(&["shall", "not"]),
        "ain't" => Some(&["is", "not"]),
        "let's" => Some(&["let", "us"]),
        "gonna" => Some(&["going", "to"]),
        "wanna" => Some(&["want", "to"]),
        "gotta" => Some(&["got", "to"]),
        "y'all" => Some(&["you", "all"]),
        "ok" | "okay" | "k" => Some(&["okay"]),
        // Typed chat's spellings, so a lexicon writes each phrase once.
        "u" => Some(&["you"]),
        "ur" => Some(&["your"]),
        "pls" | "plz" => Some(&["please"]),
        "thx" | "thanx" => Some(&["thanks"]),
        "cuz" => Some(&["because"]),
        "im" => Some(&["i", "am"]),
        "ive" => Some(&["i", "have"]),
        "youre" => Some(&["you", "are"]),
        "thats" => Some(&["that", "is"]),
        "whats" => Some(&["what", "is"]),
        "whos" => Some(&["who", "is"]),
        "dont" => Some(&["do", "not"]),
        "doesnt" => Some(&["does", "not"]),
        "didnt" => Some(&["did", "not"]),
        "cant" => Some(&["can", "not"]),
        "isnt" => Some(&["is", "not"]),
        "wasnt" => Some(&["was", "not"]),
        "arent" => Some(&["are", "not"]),
        "wouldnt" => Some(&["would", "not"]),
        "couldnt" => Some(&["could", "not"]),
        "havent" => Some(&["have", "not"]),
        "wont" => Some(&["will", "not"]),
        "theres" => Some(&["there", "is"]),
        "itd" => Some(&["it", "would"]),
        "r" => Some(&["are"]),
        "w" => Some(&["with"]),
        "ppl" => Some(&["people"]),
        "bc" | "bcuz" => Some(&["because"]),
        "rn" => Some(&["right", "now"]),
        "idk" | "dunno" => Some(&["i", "do", "not", "know"]),
        "lmk" => Some(&["let", "me", "know"]),
        "tbh" => Some(&["to", "be", "honest"]),
        "btw" => Some(&["by", "the", "way"]),
        "ty" => Some(&["thank", "you"]),
        "tmrw" | "tmr" | "tmw" => Some(&["tomorrow"]),
        "wk" => Some(&["week"]),
        "wks" => Some(&["weeks"]),
        "hrs" => Some(&["hours"]),
        "mins" => Some(&["minutes"]),
        "yr" => Some(&["year"]),
        "yrs" => Some(&["years"]),
        "mgr" => Some(&["manager"]),
        "mgrs" => Some(&["managers"]),
        "appt" => Some(&["appointment"]),
        "abt" => Some(&["about"]),
        "def" => Some(&["definitely"]),
        "prolly" => Some(&["probably"]),
        "kinda" => Some(&["kind", "of"]),
        "sorta" => Some(&["sort", "of"]),
        "lemme" => Some(&["let", "me"]),
        "gimme" => Some(&["give", "me"]),
        "thru" => Some(&["through"]),
        "tho" => Some(&["though"]),
        "b4" => Some(&["before"]),
        "doin" => Some(&["doing"]),
        "goin" => Some(&["going"]),
        "nothin" => Some(&["nothing"]),
        "somethin" => Some(&["something"]),
        _ => None,
    };
    if let Some(parts) = fixed {
        out.extend(parts.iter().map(|p| p.to_string()));
        return;
    }
    for (suffix, with) in [
        ("n't", "not"),
        ("'re", "are"),
        ("'m", "am"),
        ("'ve", "have"),
        ("'ll", "will"),
        ("'d", "would"),
    ] {
        if let Some(stem) = w.strip_suffix(suffix) {
            if !stem.is_empty() {
                out.push(stem.into());
                out.push(with.into());
                return;
            }
        }
    }
    if let Some(stem) = w.strip_suffix("'s") {
        if matches!(
            stem,
            "it" | "that"
                | "what"
                | "how"
                | "there"
                | "here"
                | "who"
                | "where"
                | "when"
                | "he"
                | "she"
                | "this"
                | "why"
                | "whichever"
                | "whatever"
                | "everything"
                | "something"
                | "nothing"
                | "anything"
        ) {
            out.push(stem.into());
            out.push("is".into());
        } else {
            out.push(stem.into());
        }
        return;
    }
    let w = w.trim_matches('\'');
    if !w.is_empty() {
        out.push(w.to_string());
    }
}

/// Sentence boundaries of ASCII text, following the Unicode rules (UAX #29)
/// that matter in transcripts: a sentence ends after `?` or `!`, or after
/// `.` unless a lower-case letter, a digit or `,;:` comes next; closing quotes
/// and brackets and the spaces after the terminator stay with the sentence.
/// Six times faster than the general segmenter, and agrees with it on every
/// ASCII utterance of the labelled calls (a test checks).
fn ascii_sentences(text: &str) -> Vec<(usize, &str)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'\n' || c == b'\r' {
            // A paragraph break ends a sentence.
            let mut j = i + 1;
            if c == b'\r' && j < b.len() && b[j] == b'\n' {
                j += 1;
            }
            out.push((start, &text[start..j]));
            start = j;
            i = j;
            continue;
        }
        if matches!(c, b'.' | b'?' | b'!') {
            let aterm_only = c == b'.';
            let mut j = i + 1;
            let mut saw_sterm = !aterm_only;
            while j < b.len() && matches!(b[j], b'.' | b'?' | b'!') {
                saw_sterm |= b[j] != b'.';
                j += 1;
            }
            while j < b.len() && matches!(b[j], b'"' | b'\'' | b')' | b']' | b'}') {
                j += 1;
            }
            let after_close = j;
            while j < b.len() && matches!(b[j], b' ' | b'\t') {
                j += 1;
            }
            let next = b.get(j).copied();
            let breaks = match next {
                None => true,
                Some(b'\n' | b'\r') => {
                    // The paragraph break itself belongs to this sentence.
                    j += 1;
                    if next == Some(b'\r') && b.get(j) == Some(&b'\n') {
                        j += 1;
                    }
                    true
                }
                // `,;:-` continue a sentence after any terminator (`Really?! :-)`).
                Some(b',' | b';' | b':' | b'-') => false,
                Some(_) if saw_sterm => true,
                Some(n) => {
                    // After `.`: no break before lower case, digits or `,;:`,
                    // nor directly before an upper-case letter or digit (U.S.A, 3.5).
                    let directly = after_close == i + 1 && j == after_close;
                    // Look past digits, spaces and symbols for the next letter.
                    let mut k = j;
                    while k < b.len()
                        && !b[k].is_ascii_alphabetic()
                        && !matches!(b[k], b'.' | b'?' | b'!' | b'\n' | b'\r')
                    {
                        k += 1;
                    }
                    let look = b.get(k).copied();
                    !(matches!(look, Some(x) if x.is_ascii_lowercase())
                        || directly && n.is_ascii_alphanumeric())
                }
            };
            if breaks {
                out.push((start, &text[start..j]));
                start = j;
            }
            i = j.max(i + 1);
            continue;
        }
        i += 1;
    }
    if start < b.len() {
        out.push((start, &text[start..]));
    }
    out
}

/// Abbreviations a full stop follows inside a sentence ("e.g. this", "vs. them").
const ABBREVIATIONS: &[&str] = &[
    "eg", "e.g", "ie", "i.e", "etc", "vs", "approx", "mr", "mrs", "ms", "dr", "st", "no", "fig",
    "a.m", "p.m", "inc", "ltd", "co", "corp", "jr", "sr", "dept", "est", "min", "max", "avg",
    "incl", "mo", "yr", "wk", "hr", "hrs", "mins", "qty", "ref", "tel", "ext",
];

/// Typed chat starts sentences in lower case ("lemme check rates. btw r u
/// going?"), where the Unicode rules see one sentence: a full stop after a
/// word of two or more letters that is not an abbreviation, then a space
/// and a lower-case letter, also ends a sentence.
fn split_lowercase_starts(sentences: Vec<(usize, &str)>) -> Vec<(usize, &str)> {
    let candidate = |w: &[u8]| w[0] == b'.' && w[1] == b' ' && w[2].is_ascii_lowercase();
    if !sentences
        .iter()
        .any(|(_, s)| s.as_bytes().windows(3).any(candidate))
    {
        // Most utterances: nothing to split, and no second list to build.
        return sentences;
    }
    let mut out = Vec::with_capacity(sentences.len());
    for (off, sentence) in sentences {
        let b = sentence.as_bytes();
        let mut start = 0;
        for i in 1..b.len().saturating_sub(2) {
            if !candidate(&b[i..i + 3]) {
                continue;
            }
            let word_start = sentence[..i]
                .rfind(|c: char| !(c.is_ascii_alphabetic() || c == '.'))
                .map_or(0, |p| p + 1);
            let word = &sentence[word_start..i];
            if word.len() >= 2
                && word.bytes().any(|c| c.is_ascii_alphabetic())
                && !ABBREVIATIONS.contains(&word.to_ascii_lowercase().as_str())
                && word_start >= start
            {
                out.push((off + start, &sentence[start..i + 2]));
                start = i + 2;
            }
        }
        out.push((off + start, &sentence[start..]));
    }
    out
}

/// Word segments of ASCII text, following UAX #29: letters and digits join;
/// `'` and `.` join letters to letters and digits to digits, `:` joins
/// letters, `,` and `;` join digits; every other character stands alone.
fn ascii_words<'a>(text: &'a str, out: &mut Vec<&'a str>) {
    let b = text.as_bytes();
    let is_word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < b.len() {
        if !is_word(b[i]) {
            out.push(&text[i..i + 1]);
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        loop {
            while i < b.len() && is_word(b[i]) {
                i += 1;
            }
            if i + 1 < b.len() && is_word(b[i + 1]) {
                let (prev, mid, next) = (b[i - 1], b[i], b[i + 1]);
                let letters = prev.is_ascii_alphabetic() && next.is_ascii_alphabetic();
                let digits = prev.is_ascii_digit() && next.is_ascii_digit();
                let joins = match mid {
                    b'\'' | b'.' => letters || digits,
                    b':' => letters,
                    b',' | b';' => digits,
                    _ => false,
                };
                if joins {
                    i += 1;
                    continue;
                }
            }
            break;
        }
        out.push(&text[start..i]);
    }
}

/// Normalises one utterance.
/// Whether a punctuation segment ends a clause: `,;:()`, a dash, or a
/// hyphen standing apart ("let me - okay"), not one inside "three-doctor".
fn breaks_clause(seg: &str, before: Option<&&str>, after: Option<&&str>) -> bool {
    let spaced = |s: Option<&&str>| s.is_none_or(|s| s.trim().is_empty());
    match seg {
        "," | ";" | ":" | "(" | ")" | "\u{2014}" | "\u{2013}" | "\u{2026}" => true,
        "-" => spaced(before) || spaced(after),
        _ => false,
    }
}

/// Whether the next word opens its sentence (from word `first_word`), past
/// any lead-ins ("ok so lets…", "great, lets…").
fn opens_sentence(n: &Normalized, first_word: usize) -> bool {
    (first_word..n.word_starts.len()).all(|i| {
        let w = n.word(i);
        LEAD_INS.contains(&w)
            || matches!(
                w,
                "great" | "perfect" | "cool" | "sure" | "yes" | "yeah" | "then"
            )
    })
}

/// The weekday a typed abbreviation stands for: "thurs", "tues", "fri"
/// always; "sat", "sun", "mon" and "wed" only beside a date or time ("sat
/// the 14th", "sat 10am", "on sat", "thurs or sat"), so "I sat on it", "I
/// sat at my desk" and "the sun is out" stay as they are.
fn weekday(word: &str, n: &Normalized, first_word: usize, rest: &[&str]) -> Option<&'static str> {
    let day = match word {
        "thurs" | "thur" | "thu" => return Some("thursday"),
        "tues" | "tue" => return Some("tuesday"),
        "weds" => return Some("wednesday"),
        "fri" => return Some("friday"),
        "sat" => "saturday",
        "sun" => "sunday",
        "mon" => "monday",
        "wed" => "wednesday",
        _ => return None,
    };
    let mut next_words = rest
        .iter()
        .filter(|s| s.chars().any(char::is_alphanumeric))
        .map(|s| s.to_lowercase());
    let (next, after) = (next_words.next(), next_words.next());
    let is_number = |w: &Option<String>| {
        w.as_deref().is_some_and(|w| {
            w.starts_with(|c: char| c.is_ascii_digit()) || NUMBER_WORDS.contains(&w)
        })
    };
    // "sat 10am", "sat the 14th", "sat morning"; not "sat at my desk".
    let next_is_time = is_number(&next)
        || (next.as_deref() == Some("the") && is_number(&after))
        || next.as_deref().is_some_and(|w| {
            matches!(
                w,
                "morning" | "afternoon" | "evening" | "night" | "am" | "pm"
            )
        });
    // "on sat", "this sun", "thursday or sat".
    let count = n.word_starts.len();
    let prev = |back: usize| (count >= first_word + back).then(|| n.word(count - back));
    let after_time_word = prev(1).is_some_and(|w| {
        matches!(
            w,
            "on" | "this" | "next" | "till" | "until" | "by" | "every"
        )
    }) || (prev(1).is_some_and(|w| matches!(w, "or" | "and"))
        && prev(2).is_some_and(|w| w.ends_with("day")));
    (next_is_time || after_time_word).then_some(day)
}

/// "How'd", "where'd", "what'd": after a question word "'d" is mostly
/// "did" ("how'd you make out with the snow?", "what'd you think?"); it is
/// "would" before a wish, a cost or a fit ("how'd you like to…", "what'd it
/// take", "how'd Tuesday work?").
fn wh_did<'a>(lower: &'a str, rest: &[&str]) -> Option<&'a str> {
    let wh = lower
        .strip_suffix("'d")
        .filter(|w| matches!(*w, "how" | "what" | "where" | "why" | "when"))?;
    let mut next = rest
        .iter()
        .filter(|s| s.chars().any(char::is_alphanumeric))
        .map(|s| s.to_lowercase());
    let first = next.next();
    let second = next.next();
    let would = |w: &Option<String>| {
        w.as_deref().is_some_and(|w| {
            matches!(
                w,
                "be" | "like"
                    | "feel"
                    | "want"
                    | "prefer"
                    | "rather"
                    | "take"
                    | "cost"
                    | "work"
                    | "suit"
                    | "sound"
            )
        })
    };
    (!would(&first) && !would(&second)).then_some(wh)
}

pub fn normalize(text: &str) -> Normalized {
    let mut n = Normalized {
        text: String::with_capacity(text.len() + 8),
        ..Normalized::default()
    };
    n.text.push(' ');
    let mut buf = Vec::new();
    let punctuated = text.contains(['.', '?', '!']);
    let ascii = text.is_ascii();
    // Captions written all in capitals: there an upper-case "UM" is a filler.
    let shouting = !text.chars().any(char::is_lowercase);
    let sentences: Vec<(usize, &str)> = if ascii {
        ascii_sentences(text)
    } else {
        text.split_sentence_bound_indices().collect()
    };
    let sentences = split_lowercase_starts(sentences);
    let mut segs: Vec<&str> = Vec::new();
    for (s_off, sentence) in sentences {
        let first_word = n.word_starts.len();
        let mut pending_dollar = false;
        segs.clear();
        if ascii {
            ascii_words(sentence, &mut segs);
        } else {
            segs.extend(sentence.split_word_bounds());
        }
        let mut pending_clause = false;
        let mut skip_to = 0;
        for (k, &seg) in segs.iter().enumerate() {
            if k < skip_to {
                continue;
            }
            if seg.chars().any(char::is_alphanumeric) {
                buf.clear();
                let mut lower = seg.to_lowercase();
                // A dropped g ("how you doin'?", "we're hangin' in there") is
                // the -ing word; not a word in single quotes ('begin').
                let apostrophe =
                    |s: Option<&&str>| s.is_some_and(|s| matches!(*s, "'" | "\u{2019}"));
                if lower.len() >= 4
                    && lower.ends_with("in")
                    && apostrophe(segs.get(k + 1))
                    && !k
                        .checked_sub(1)
                        .is_some_and(|j| apostrophe(segs.get(j)) || matches!(segs[j], "\u{2018}"))
                {
                    lower.push('g');
                }
                let slashed = |a: &str, b: &str| {
                    lower == a
                        && segs.get(k + 1) == Some(&"/")
                        && segs.get(k + 2).is_some_and(|s| s.eq_ignore_ascii_case(b))
                };
                if slashed("w", "o") || slashed("b", "c") {
                    // Typed "w/o" is "without", so its negation counts; "b/c" is "because".
                    buf.push(if lower == "w" { "without" } else { "because" }.to_string());
                    skip_to = k + 3;
                } else if lower == "lets" && opens_sentence(&n, first_word) {
                    // Typed "lets do it" is "let's"; "it lets you export" is not.
                    buf.extend(["let".to_string(), "us".to_string()]);
                } else if let Some(wh) = wh_did(&lower, &segs[k + 1..]) {
                    buf.extend([wh.to_string(), "did".to_string()]);
                } else if let Some(day) = weekday(&lower, &n, first_word, &segs[k + 1..]) {
                    buf.push(day.to_string());
                } else {
                    expand(&lower, &mut buf);
                }
                // Fillers are dropped; but "uh-huh" is a back-channel, and "UM" may
                // be a name unless the whole utterance is in capitals (looked at
                // only when a filler is there).
                if buf.iter().any(|w| DISFLUENCIES.contains(&w.as_str()))
                    && !(lower == "uh" && segs.get(k + 1) == Some(&"-"))
                    && (shouting || !(seg.len() > 1 && seg.chars().all(|c| c.is_ascii_uppercase())))
                {
                    buf.retain(|w| !DISFLUENCIES.contains(&w.as_str()));
                }
                // A false start: the words just said, said again after a comma or
                // dash ("to, to get", "I- I think", "we're, we're covered") read as
                // said once. Only words that do not end a clause: in "we're not
                // eating it - it pays" both are meant.
                if pending_clause
                    && !buf.is_empty()
                    && STUTTERED.contains(&buf[0].as_str())
                    && n.word_starts.len() >= first_word + buf.len()
                    && buf
                        .iter()
                        .enumerate()
                        .all(|(j, w)| n.word(n.word_starts.len() - buf.len() + j) == w.as_str())
                {
                    buf.clear();
                    pending_clause = false;
                }
                if !shouting
                    && n.word_starts.len() > first_word
                    && seg.starts_with(|c: char| c.is_uppercase())
                    && !matches!(buf.first().map(String::as_str), Some("i") | None)
                {
                    n.names.push(n.word_starts.len());
                }
                for w in buf.drain(..) {
                    let in_sentence = n.word_starts.len() > first_word;
                    // Numbers in a row read as one: "twenty-two", "two hundred", "3 million".
                    if w == "#" && in_sentence && n.text.ends_with(" # ") {
                        continue;
                    }
                    if pending_clause && in_sentence {
                        n.clause_starts.push(n.word_starts.len());
                    }
                    pending_clause = false;
                    n.push_word(&w);
                }
                if pending_dollar {
                    pending_dollar = false;
                    n.push_word("dollars");
                }
            } else if seg == "%" {
                n.push_word("percent");
            } else if matches!(seg, "$" | "£" | "€" | "₹") {
                // "$40" reads "<n> dollars", and so does "145€" (the sign after).
                if k > 0 && segs[k - 1].ends_with(|c: char| c.is_ascii_digit()) {
                    n.push_word("dollars");
                } else {
                    pending_dollar = true;
                }
            } else if breaks_clause(seg, segs.get(k.wrapping_sub(1)), segs.get(k + 1)) {
                pending_clause = true;
            }
        }
        let words = first_word..n.word_starts.len();
        if words.is_empty() {
            continue;
        }
        let trimmed = sentence.trim_end();
        let is_question = trimmed.ends_with('?')
            || trimmed.ends_with("?\"")
            || (!trimmed.ends_with('!')
                && asks_unmarked(
                    &n,
                    words.clone(),
                    // Typed chat leaves its last line bare ("for sure. what
                    // kind of car and hows the damage lol"): a sentence with
                    // no mark of its own reads as unpunctuated.
                    punctuated && trimmed.ends_with(|c: char| c.is_ascii_punctuation()),
                ));
        n.sentences.push(Sentence {
            words,
            span: s_off..s_off + sentence.len(),
            is_question,
        });
    }
    n
}

/// Whether a sentence without a `?` still asks. Typed chat often ends a
/// question with a full stop ("Would you like to donate.") or nothing: an
/// auxiliary verb followed by its subject opens a question, past lead-ins
/// ("ok so would you…"); in an unpunctuated sentence (one with no mark of
/// its own, in an utterance without any) so does a question word, unless it
/// opens a statement instead: an auxiliary followed by "not" ("dont worry"
/// reads "do not worry"), a question word followed by its subject ("what we
/// do is…"). "So do we" agrees, it does not ask.
fn asks_unmarked(n: &Normalized, words: std::ops::Range<usize>, punctuated: bool) -> bool {
    let word = |i: usize| if i < words.end { n.word(i) } else { "" };
    let mut start = words.start;
    loop {
        if start + 1 < words.end && LEAD_INS.contains(&n.word(start)) {
            start += 1;
        } else if start + 3 < words.end && n.opens_by_the_way(start) {
            start += 3;
        } else {
            break;
        }
    }
    let (first, second) = (word(start), word(start + 1));
    let inverted = AUXILIARIES.contains(&first) && SUBJECTS.contains(&second);
    let so_too = start > words.start && n.word(start - 1) == "so" && start + 2 == words.end;
    if inverted {
        return !so_too;
    }
    // "so you gonna donate or what", "u in or not": a closing "or what" or
    // "or not" asks, unless a clause holds it ("whether to donate or not",
    // "idk if it's my form or my shoes or what").
    if words.len() >= 3
        && word(words.end - 2) == "or"
        && matches!(word(words.end - 1), "what" | "not")
        && !words.clone().any(|i| matches!(n.word(i), "whether" | "if"))
    {
        return true;
    }
    if punctuated || !QUESTION_OPENERS.contains(&first) || second == "not" {
        return false;
    }
    let wh = WH_WORDS.contains(&first);
    // "when one's drifted that far i do a pitch raise", "when my guys get
    // there they…": a "when" clause before a statement.
    if wh && SUBJECTS.contains(&second)
        || first == "when"
            && matches!(
                second,
                "one"
                    | "someone"
                    | "somebody"
                    | "people"
                    | "my"
                    | "our"
                    | "his"
                    | "her"
                    | "their"
                    | "a"
                    | "an"
                    | "everyone"
                    | "anyone"
                    | "he"
                    | "she"
            )
    {
        return false;
    }
    // Exclamations: "what a week", "how funny", "who knows".
    if (first == "what" && matches!(second, "a" | "an"))
        || (first == "who" && second == "knows")
        || (first == "how"
            && matches!(
                second,
                "funny"
                    | "cool"
                    | "nice"
                    | "great"
                    | "awesome"
                    | "sweet"
                    | "fun"
                    | "lovely"
                    | "exciting"
                    | "sad"
                    | "crazy"
                    | "weird"
                    | "amazing"
                    | "cute"
                    | "annoying"
            ))
    {
        return false;
    }
    // An auxiliary followed by a verb or "a" opens a statement ("will get
    // to it", "have a nice day", "can do"); by a noun phrase it asks ("is
    // the price negotiable", "are the seats leather").
    // "is 8am ok", "would friday work", "does tmrw work": a time to agree on.
    let noun_or_time = matches!(
        second,
        "the"
            | "these"
            | "those"
            | "my"
            | "our"
            | "his"
            | "her"
            | "their"
            | "anyone"
            | "anybody"
            | "#"
            | "tomorrow"
            | "tonight"
            | "noon"
            | "next"
    ) || second.ends_with("day");
    if !wh && AUXILIARIES.contains(&first) && !noun_or_time {
        return false;
    }
    // Past lead-ins only a question word with its verb or quantity asks
    // ("ok so how much do you want"); "now which brings me to pricing" does not.
    start == words.start || (wh && (AUXILIARIES.contains(&second) || QUANTITIES.contains(&second)))
}

impl Normalized {
    /// Appends word `w` to the text, in the sentence being built.
    fn push_word(&mut self, w: &str) {
        self.word_starts.push(self.text.len());
        self.word_sentence.push(self.sentences.len());
        self.text.push_str(w);
        self.text.push(' ');
    }

    /// Word `j` if it lies in `words` (a sentence's words), or "" outside it.
    fn word_in(&self, words: &std::ops::Range<usize>, j: usize) -> &str {
        if words.contains(&j) {
            self.word(j)
        } else {
            ""
        }
    }

    /// The word index where the clause holding word `i` starts (at or after
    /// `sentence_start`).
    pub fn clause_start(&self, i: usize, sentence_start: usize) -> usize {
        let k = self.clause_starts.partition_point(|&c| c <= i);
        k.checked_sub(1).map_or(sentence_start, |k| {
            self.clause_starts[k].max(sentence_start)
        })
    }

    /// The word at `i`.
    pub fn word(&self, i: usize) -> &str {
        // Each word is followed by exactly one space, so it ends one byte
        // before the next word starts (the last, one byte before the end).
        let start = self.word_starts[i];
        let end = self
            .word_starts
            .get(i + 1)
            .map_or(self.text.len(), |&next| next)
            - 1;
        &self.text[start..end]
    }

    /// Index of the word that starts at byte `offset` of `text` (or the one containing it).
    pub fn word_at(&self, offset: usize) -> usize {
        match self.word_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Whether a question here asks for something open, with a question
    /// word ("which ELD are you on?", "when's it due?"), not for a yes or no.
    pub fn asks_open_question(&self) -> bool {
        (0..self.sentences.len())
            .any(|k| self.sentences[k].is_question && self.has_question_word(k))
    }

    /// Whether "by the way" (typed "btw") starts at word `i`.
    pub fn opens_by_the_way(&self, i: usize) -> bool {
        i + 2 < self.word_count()
            && self.word(i) == "by"
            && self.word(i + 1) == "the"
            && self.word(i + 2) == "way"
    }

    /// Whether any word of the utterance is one of `words`.
    pub fn has_any_word(&self, words: &[&str]) -> bool {
        (0..self.word_count()).any(|w| words.contains(&self.word(w)))
    }

    /// Whether any sentence names a day or a time ([`Normalized::names_a_time`]).
    pub fn names_a_time_anywhere(&self) -> bool {
        (0..self.sentences.len()).any(|k| self.names_a_time(k))
    }

    /// Whether sentence `k` names a day or a time ("Tuesday at nine",
    /// "tomorrow", "3 pm", "next week").
    pub fn names_a_time(&self, k: usize) -> bool {
        let w = self.sentences[k].words.clone();
        w.clone().any(|i| {
            let x = self.word(i);
            WEEKDAYS.contains(&x)
                || matches!(x, "tomorrow" | "tonight")
                || (x == "#" && i + 1 < w.end && matches!(self.word(i + 1), "am" | "pm"))
                || (x == "week" && i > w.start && matches!(self.word(i - 1), "next" | "this"))
                // A date: "February eleventh", "feb 14", "the 3rd?", "the twenty-second".
                || (MONTHS.contains(&x)
                    && i + 1 < w.end
                    && (self.word(i + 1) == "#" || DATE_ORDINALS.contains(&self.word(i + 1))))
                || (x == "the"
                    && i + 1 < w.end
                    && (DATE_ORDINALS.contains(&self.word(i + 1))
                        || self.word(i + 1) == "#"
                            && (i + 2 == w.end
                                || matches!(
                                    self.word(i + 2),
                                    "or" | "and" | "at" | "work" | "works" | "ok" | "okay"
                                        | "instead" | "then" | "second" | "first" | "third"
                                )
                            || i + 3 < w.end
                                && self.word(i + 2) == "of"
                                && MONTHS.contains(&self.word(i + 3)))))
        })
    }

    /// Whether sentence `k` asks the other side to take a time: a day or a
    /// clock time followed by "ok", "work", "suit"… ("7am ok at your
    /// dock?", "does Thursday work for your team?").
    pub fn puts_a_time_to_them(&self, k: usize) -> bool {
        let w = self.sentences[k].words.clone();
        w.clone().skip(1).any(|i| {
            let when = self.word(i - 1);
            matches!(
                self.word(i),
                "ok" | "okay" | "work" | "works" | "suit" | "suits" | "good" | "alright"
            ) && (matches!(when, "am" | "pm" | "tomorrow") || WEEKDAYS.contains(&when))
        })
    }

    /// Whether sentence `k` has a question word ("what", "when", "how"…).
    pub fn has_question_word(&self, k: usize) -> bool {
        self.sentences[k]
            .words
            .clone()
            .any(|i| WH_WORDS.contains(&self.word(i)))
    }

    /// Whether sentence `k` asks how a named place or event is or was: "how
    /// was Boston?", "so how's everything up in Grand Rapids?" (the words
    /// after it are all names, and none a day or a time).
    pub fn asks_how_a_name_is(&self, k: usize) -> bool {
        let words = self.sentences[k].words.clone();
        let Some(how) = words.clone().find(|&i| self.word(i) == "how") else {
            return false;
        };
        let mut at = how + 1;
        if !(at < words.end && matches!(self.word(at), "is" | "was" | "are")) {
            return false;
        }
        at += 1;
        for skip in [
            &["everything", "things", "life", "everyone", "it"][..],
            &["up", "down", "out", "over", "back"],
            &["in", "at"],
        ] {
            if at < words.end && skip.contains(&self.word(at)) {
                at += 1;
            }
        }
        at < words.end && (at..words.end).all(|i| self.is_name(i)) && !self.names_a_time(k)
    }

    /// Whether sentence `k` only greets someone by name: "Hi there, Linda?",
    /// "Alright, Mrs Green?", "Morning, Sam and Priya?". Its question mark
    /// calls out to them; it asks nothing about their world.
    pub fn greets_by_name(&self, k: usize) -> bool {
        const GREETINGS: &[&str] = &[
            "hi",
            "hello",
            "hey",
            "hiya",
            "howdy",
            "alright",
            "morning",
            "afternoon",
            "evening",
        ];
        const BESIDE_A_NAME: &[&str] = &[
            "there",
            "again",
            "all",
            "everyone",
            "everybody",
            "folks",
            "guys",
            "team",
            "and",
            "mr",
            "mrs",
            "ms",
            "miss",
            "dr",
            "sir",
            "madam",
            "maam",
            "good",
        ];
        let words = self.sentences[k].words.clone();
        let mut rest = words.clone();
        if rest
            .next()
            .is_none_or(|w| !GREETINGS.contains(&self.word(w)))
        {
            return false;
        }
        words.len() <= 6
            && rest.clone().any(|i| self.is_name(i))
            && rest.all(|i| self.is_name(i) || BESIDE_A_NAME.contains(&self.word(i)))
    }

    /// Whether word `i` was written with a capital inside its sentence.
    fn is_name(&self, i: usize) -> bool {
        self.names.binary_search(&i).is_ok()
    }

    /// Whether the utterance speaks of someone's home life: "my daughter
    /// did travel volleyball", "we've got two labs at home", "your dad".
    pub fn speaks_of_home_life(&self) -> bool {
        self.home_life(&["my", "our", "your", "his", "her", "their", "the"])
    }

    /// Whether the speaker speaks of their own home life: "my daughter says
    /// it's a grandma colour", "my neighbour put one on his shed".
    pub fn speaks_of_own_home_life(&self) -> bool {
        self.home_life(&["my"])
    }

    fn home_life(&self, whose: &[&str]) -> bool {
        const HOME: &[&str] = &[
            "wife",
            "husband",
            "missus",
            "daughter",
            "daughters",
            "son",
            "sons",
            "kid",
            "kids",
            "boy",
            "boys",
            "girls",
            "brother",
            "sister",
            "dad",
            "mum",
            "mom",
            "mother",
            "father",
            "nan",
            "gran",
            "granda",
            "grandad",
            "grandpa",
            "grandma",
            "grandmother",
            "grandfather",
            "uncle",
            "aunt",
            "auntie",
            "cousin",
            "nephew",
            "niece",
            "dog",
            "dogs",
            "cat",
            "cats",
            "neighbour",
            "neighbor",
            "grandkids",
        ];
        (1..self.word_count()).any(|i| {
            let (prev, w) = (self.word(i - 1), self.word(i));
            HOME.contains(&w)
                && (whose.contains(&prev) && (prev != "the" || w == "missus" || w == "wife"))
                // (At home against abroad is the country, not the house:
                // "children here at home and abroad".)
                || prev == "at"
                    && w == "home"
                    && !self.has_any_word(&["abroad", "overseas", "internationally"])
        })
    }

    /// Whether sentence `k` speaks of a trip to or from a named place: "did
    /// you end up going to Portugal?", "you were heading to Tahoe, right?",
    /// "did you make it back from Monterrey okay?".
    pub fn names_a_trip(&self, k: usize) -> bool {
        const TRAVEL: &[&str] = &[
            "going", "go", "went", "gone", "heading", "headed", "trip", "flying", "flew", "drove",
            "driving", "back", "vacation", "holiday", "visiting", "visit",
        ];
        let words = self.sentences[k].words.clone();
        let word = |j: usize| self.word_in(&words, j);
        // Their own trip: "you" shortly before the travel word ("…without
        // going to Ray" goes to a person).
        let their_travel = |j: usize| {
            let prev = j.checked_sub(1).map_or("", word);
            TRAVEL.contains(&word(j))
                && (matches!(prev, "you" | "your")
                    || matches!(prev, "were" | "are" | "up" | "been" | "was" | "it" | "just")
                        && (j.saturating_sub(3)..j).any(|y| word(y) == "you"))
        };
        words.clone().skip(1).any(|i| {
            matches!(self.word(i), "to" | "from" | "in")
                && i + 1 < words.end
                && self.is_name(i + 1)
                && (i.saturating_sub(3).max(words.start)..i).any(their_travel)
        }) && !self.names_a_time(k)
    }

    /// Whether sentence `k` asks whether the other person saw, heard, tried
    /// or went out to something: "did you catch the Royals Friday?", "did
    /// you hear they're putting a Buc-ee's in?", "did you try the new bagel
    /// place yet?", "did ye see?". Something they lived, not something the
    /// speaker sent or did: "did you see the deck I sent?", "did you hear
    /// back from legal?" and "did you try restarting it?" are not outings.
    pub fn asks_about_an_outing(&self, k: usize) -> bool {
        const YOU: &[&str] = &["you", "ye", "ya", "yous"];
        const BESIDE_YOU: &[&str] = &[
            "guys", "all", "both", "two", "lot", "folks", "ever", "actually",
        ];
        const THE_SPEAKER: &[&str] = &["i", "we", "me", "us", "my", "our"];
        let words = self.sentences[k].words.clone();
        let word = |j: usize| self.word_in(&words, j);
        let Some(did) = words.clone().find(|&j| word(j) == "did") else {
            return false;
        };
        if !YOU.contains(&word(did + 1)) {
            return false;
        }
        let mut at = did + 2;
        while BESIDE_YOU.contains(&word(at)) {
            at += 1;
        }
        let next = word(at + 1);
        let outing = match word(at) {
            "see" | "catch" | "watch" | "survive" | "enjoy" | "eat" => true,
            "hear" => !matches!(next, "back" | "from"),
            "try" => !(next == "to" || next.ends_with("ing")),
            "make" => next == "it",
            "go" | "get" => matches!(next, "to" | "tae" | "out" | "home" | "away" | "anywhere"),
            _ => false,
        };
        outing && !(at..words.end).any(|j| THE_SPEAKER.contains(&word(j)))
    }

    /// The first word of sentence `k`.
    /// The first sentence after the first that opens with one of
    /// `openers`: "Ha, nice. So how old are the kids now?" turns at 1.
    pub fn later_sentence_opened_by(&self, openers: &[&str]) -> Option<usize> {
        (1..self.sentences.len()).find(|&k| {
            self.sentence_opener(k)
                .is_some_and(|w| openers.contains(&w))
        })
    }

    pub fn sentence_opener(&self, k: usize) -> Option<&str> {
        let w = &self.sentences[k].words;
        (!w.is_empty()).then(|| self.word(w.start))
    }

    pub fn word_count(&self) -> usize {
        self.word_starts.len()
    }
}

/// Normalises a lexicon phrase the same way utterances are, so both sides agree.
pub fn normalize_phrase(phrase: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut buf = Vec::new();
    for seg in phrase.split_word_bounds() {
        if seg == "#" {
            out.push("#".to_string());
        } else if seg == "%" {
            out.push("percent".to_string());
        } else if seg.chars().any(char::is_alphanumeric) {
            buf.clear();
            expand(&seg.to_lowercase(), &mut buf);
            out.append(&mut buf);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contractions_numbers_and_case() {
        let n = normalize("We DON'T pay $2,800 — that's 30% off. Let’s go!");
        assert_eq!(
            n.text,
            " we do not pay # dollars that is # percent off let us go "
        );
        assert_eq!(
            normalize("It is 145€, or ₹1,100.").text,
            " it is # dollars or # dollars "
        );
        assert_eq!(n.sentences.len(), 2);
        assert_eq!(n.word(n.sentences[1].words.start), "let");
    }

    #[test]
    fn fillers_and_false_starts_read_as_said_once() {
        let n = normalize("So would it make sense to, um, to get a proposal, uh, together?");
        assert_eq!(
            n.text,
            " so would it make sense to get a proposal together "
        );
        // The clause after the dropped words still starts where the speaker resumed.
        assert_eq!(n.clause_starts, vec![n.word_starts.len() - 1]);
        assert_eq!(
            normalize("whichever's easier, everything's set").text,
            " whichever is easier everything is set "
        );
        let n = normalize("I- I think we're, we're covered. Erm, yes.");
        assert_eq!(n.text, " i think we are covered yes ");
        // Words that end one clause and open the next are meant twice.
        assert_eq!(normalize("we do, do you?").text, " we do do you ");
        assert_eq!(normalize("it is, it is").text, " it is it is ");
        assert_eq!(
            normalize("Uh-huh. The UM team").text,
            " uh huh the um team "
        );
        // Captions in capitals: there "UM" and "UH" are fillers.
        assert_eq!(
            normalize("UM, WOULD IT MAKE SENSE TO, UH, GET A DEMO? UH-HUH.").text,
            " would it make sense to get a demo uh huh "
        );
        // A capital inside a sentence marks a name.
        let n = normalize("Karen, how was Boston? So how's everything up in Grand Rapids?");
        assert!(n.asks_how_a_name_is(0) && n.asks_how_a_name_is(1));
        let n = normalize("How was it? How's Thursday? how was boston? I think How is Acme doing?");
        assert!((0..4).all(|k| !n.asks_how_a_name_is(k)), "{:?}", n.names);
        assert!(normalize("HOW WAS BOSTON?").names.is_empty());
        let n = normalize("Did you end up going to Portugal? We ship to Denver. Going to Acme?");
        assert!(n.names_a_trip(0) && !n.names_a_trip(1));
        let n = normalize("Is that what you can approve without going to Ray?");
        assert!(!n.names_a_trip(0));
        let n =
            normalize("Hi there, Linda? Alright, Mrs Green? Hi, how are you? Hey, Acme pricing?");
        assert!(n.greets_by_name(0) && n.greets_by_name(1));
        assert!(!n.greets_by_name(2) && !n.greets_by_name(3));
        // A dropped g is the -ing word; a word in single quotes keeps its spelling.
        assert_eq!(
            normalize(
                "How you doin', we're hangin\u{2019} in there, nothin to it. The word 'begin'."
            )
            .text,
            " how you doing we are hanging in there nothing to it the word begin "
        );
        let n = normalize(
            "Did you guys catch the Royals Friday? Oh, and did ye see? Did you try the new bagel place yet? \
             Did y'all make it out to the lake?",
        );
        assert!((0..4).all(|k| n.asks_about_an_outing(k)));
        let n = normalize(
            "Did you see the deck I sent? Did you hear back from legal? Did you try restarting it? \
             Did you get the brochure? Did the crew go out?",
        );
        assert!((0..5).all(|k| !n.asks_about_an_outing(k)));
        for date in [
            "February eleventh and twelfth?",
            "Should we pencil in the kickoff for the 3rd?",
            "feb 14 work?",
            "Is the twentieth okay?",
            "Thursday at 10?",
            "Say the 22nd of June.",
        ] {
            assert!(normalize(date).names_a_time(0), "{date}");
        }
        let n = normalize(
            "7am ok at your dock? Does Thursday work for your team? Is Monday your busiest day?",
        );
        assert!(n.puts_a_time_to_them(0) && n.puts_a_time_to_them(1));
        assert!(!n.puts_a_time_to_them(2));
        for not_date in [
            "The two of you are on the cooking side.",
            "May I ask how many trucks you run?",
            "The first step is the audit.",
            "We cut the 3 biggest costs.",
        ] {
            assert!(!normalize(not_date).names_a_time(0), "{not_date}");
        }
        for home in [
            "My daughter did travel volleyball for three years.",
            "We've got two labs at home.",
            "ooh a Challen!! my granda had one",
            "The wife's had enough.",
        ] {
            assert!(normalize(home).speaks_of_home_life(), "{home}");
        }
        for not_home in [
            "The kids' menu has no dairy.",
            "Our family of brands covers the rest.",
            "Send it to my office at the plant.",
            "There is as great a need abroad as there is at home.",
        ] {
            assert!(!normalize(not_home).speaks_of_home_life(), "{not_home}");
        }
        // After a question word "'d" is mostly "did".
        assert_eq!(
            normalize("How'd you make out with the snow? What'd it take?").text,
            " how did you make out with the snow what would it take "
        );
        assert_eq!(
            normalize("how'd you like to start monday, I'd say").text,
            " how would you like to start monday i would say "
        );
        assert_eq!(
            normalize("How'd Tuesday work for you?").text,
            " how would tuesday work for you "
        );
        // A word said twice without a break is English, not a stumble.
        let n = normalize("Can we do this this week? The ER was slammed.");
        assert_eq!(n.text, " can we do this this week the er was slammed ");
    }

    #[test]
    fn typed_weekdays_read_as_days_only_beside_a_date_or_time() {
        let n = normalize("can u do thurs the 12th at 6pm? or sat 10am? sat is better, on sat");
        assert_eq!(
            n.text,
            " can you do thursday the # at # pm or saturday # am sat is better on saturday "
        );
        let n = normalize("thurs or sat works. I sat at my desk. The sun is out, sun or rain");
        assert_eq!(
            n.text,
            " thursday or saturday works i sat at my desk the sun is out sun or rain "
        );
        let n = normalize("whos on fri");
        assert_eq!(n.text, " who is on friday ");
        let n = normalize("Which ELD are you on? Motive.");
        assert!(n.asks_open_question());
        assert!(!normalize("Do you track idle time?").asks_open_question());
    }

    #[test]
    fn chat_spellings_read_as_the_words() {
        let n = normalize("Do u donate? im sure ur team cant, thats ok");
        assert_eq!(
            n.text,
            " do you donate i am sure your team can not that is okay "
        );
        assert!(n.sentences[0].is_question);
        let n = normalize("w/o the app b/c W/O it");
        assert_eq!(n.text, " without the app because without it ");
        let n = normalize("r u free tmrw? idk, lmk if 2 hrs w ur mgrs works tbh");
        assert_eq!(
            n.text,
            " are you free tomorrow i do not know let me know if # hours with your managers works to be honest "
        );
        assert!(n.sentences[0].is_question);
        // Lower-case sentences after a full stop, but not after an abbreviation.
        let n = normalize("lemme check rates. btw r u going to orlando, e.g. me?");
        let starts: Vec<&str> = n.sentences.iter().map(|s| n.word(s.words.start)).collect();
        assert_eq!(starts, ["let", "by"]);
        assert!(n.sentences[1].is_question);
        let n = normalize("got it. so the class is small 🙌 we text u");
        assert_eq!(n.sentences.len(), 2);
        // Clauses: after `,;:`, a dash or a spaced hyphen, not inside "three-doctor".
        let n = normalize("No, we're not eating it - it pays, two-doctor practices; fine");
        let opens: Vec<&str> = n.clause_starts.iter().map(|&i| n.word(i)).collect();
        assert_eq!(opens, ["we", "it", "#", "fine"]);
        assert_eq!(n.clause_start(7, 0), 6);
        assert_eq!(n.clause_start(0, 0), 0);
        // "lets" is "let us" where it opens a sentence, past lead-ins.
        let n = normalize("ok lets do it. It lets you export. Great, lets talk monday");
        assert_eq!(
            n.text,
            " okay let us do it it lets you export great let us talk monday "
        );
    }

    #[test]
    fn questions_by_mark_or_opener_when_unpunctuated() {
        let n = normalize("Great. How are you handling renewals today?");
        assert!(!n.sentences[0].is_question);
        assert!(n.sentences[1].is_question);
        let n = normalize("so how are you handling renewals");
        assert!(n.sentences[0].is_question, "past the lead-in 'so'");
        let n = normalize("HaHaHa ok so how much do you want to donate");
        assert!(n.sentences[0].is_question, "past three lead-ins");
        let n = normalize("Oh and would you ship it. So that works.");
        assert!(
            n.sentences[0].is_question,
            "inverted auxiliary past lead-ins"
        );
        assert!(!n.sentences[1].is_question);
        for tag in [
            "so you gonna sign or what",
            "you in or not",
            "so ur coming or what.",
        ] {
            assert!(normalize(tag).sentences[0].is_question, "{tag}");
        }
        let n = normalize("Well, so.");
        assert!(!n.sentences[0].is_question, "lead-ins alone");
        // Unpunctuated statements that open like questions.
        for statement in [
            "so what we do is help sales teams cut ramp time in half",
            "ok so how it works is you connect your CRM",
            "now which brings me to pricing",
            "oh and any questions just shoot me an email",
            "dont worry we handle the whole migration",
            "isnt a problem we integrate with both",
            "have a nice day",
            "will get to it tonight",
            "when one's drifted that far i do a pitch raise first",
            "when my guys get there they lay down drop cloths",
            "we have to decide whether to renew or not",
            "idk if its the shoes or the form or what",
        ] {
            assert!(
                !normalize(statement).sentences[0].is_question,
                "{statement}"
            );
        }
        // A bare last line in punctuated chat.
        let n = normalize("for sure. what kind of car and hows the damage lol 😬");
        assert!(!n.sentences[0].is_question && n.sentences[1].is_question);
        let n = normalize("Sure. What we do is simple");
        assert!(!n.sentences[1].is_question);
        assert!(normalize("is the price negotiable").sentences[0].is_question);
        let n = normalize("thursday works. is 8am ok");
        assert!(n.sentences[1].is_question);
        assert!(normalize("sure thing. would friday work").sentences[1].is_question);
        for exclamation in [
            "lol. what a week",
            "haha. how funny",
            "ok. who knows, maybe",
        ] {
            assert!(
                !normalize(exclamation).sentences[1].is_question,
                "{exclamation}"
            );
        }
        let n = normalize("So do we. So did I!");
        assert!(!n.sentences[0].is_question, "'so do we' agrees");
        assert!(normalize("ok so how many reps are on the team").sentences[0].is_question);
        let n = normalize("how are you handling renewals");
        assert!(n.sentences[0].is_question);
        let n = normalize("Would you like to donate. We do it all the time. Is there a deadline.");
        assert!(n.sentences[0].is_question, "inverted auxiliary");
        assert!(!n.sentences[1].is_question);
        assert!(n.sentences[2].is_question);
    }

    #[test]
    fn spelled_numbers_read_as_one_number() {
        assert_eq!(
            normalize("twenty-two checks, two hundred people").text,
            " # checks # people "
        );
        assert_eq!(
            normalize("the one with the pig").text,
            " the one with the pig "
        );
    }

    /// The ASCII fast path must segment like unicode-segmentation does.
    #[test]
    fn ascii_fast_path_agrees_with_unicode_segmentation() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/gold");
        let mut texts = vec![
            "U.S.A. is big. e.g. this one. It's 3.5 or 2,800! Really?! \"Yes.\" (Okay.) Mr. Smith went...".to_string(),
            "no punctuation here at all".to_string(),
            "Wait... what? ok.then 10:30 a.m. is fine.\nNew line here. x".to_string(),
        ];
        for set in ["dev-b2b", "nile", "p4g-dev"] {
            for e in std::fs::read_dir(format!("{dir}/{set}")).unwrap() {
                let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
                for line in text.lines() {
                    let v: serde_json::Value = serde_json::from_str(line).unwrap();
                    if let Some(t) = v["text"].as_str() {
                        texts.push(t.to_string());
                    }
                }
            }
        }
        let mut differ = Vec::new();
        for t in texts.iter().filter(|t| t.is_ascii()) {
            let fast: Vec<(usize, &str)> = ascii_sentences(t);
            let slow: Vec<(usize, &str)> = t.split_sentence_bound_indices().collect();
            let mut fw = Vec::new();
            ascii_words(t, &mut fw);
            let sw: Vec<&str> = t
                .split_word_bounds()
                .flat_map(|w| {
                    // unicode-segmentation groups runs of spaces; the fast path does not need to.
                    if w.chars().all(|c| c == ' ') {
                        w.split("").filter(|x| !x.is_empty()).collect::<Vec<_>>()
                    } else {
                        vec![w]
                    }
                })
                .collect();
            if fast != slow || fw != sw {
                differ.push(t.clone());
            }
        }
        assert!(
            differ.is_empty(),
            "{} of {} differ, e.g. {:?}",
            differ.len(),
            texts.len(),
            &differ[..differ.len().min(3)]
        );
    }

    #[test]
    fn times_and_ordinals() {
        assert_eq!(normalize("at 2pm on the 3rd").text, " at # pm on the # ");
    }

    #[test]
    fn phrase_normalisation_matches_text() {
        assert_eq!(
            normalize_phrase("can't  # %"),
            vec!["can", "not", "#", "percent"]
        );
    }

    #[test]
    fn word_at_maps_offsets() {
        let n = normalize("a bb ccc");
        assert_eq!(n.word_at(n.word_starts[2]), 2);
        assert_eq!(n.word_at(n.word_starts[2] + 1), 2);
    }
}
