//! The classifier: one label and its signals for every utterance.
//!
//! It works in three steps, so that each can be explained:
//! 1. **Scan** (role-independent): each utterance is normalised and the one
//!    lexicon automaton finds every phrase in it ([`scan`]). Role inference
//!    reads these hits too, so the text is scanned once.
//! 2. **Sentence decision**: per sentence, the applying hits (role, question
//!    or statement, negation) are summed per label; the sentence takes the
//!    highest-precedence label whose weight reaches 1.
//! 3. **Context rules** over the conversation, which a lexicon alone misses:
//!    only the seller asks; a check-in ("does that make sense?") belongs with
//!    the point before it; a buyer's answer to a discovery question is
//!    discovery; an answer to a small-talk question is small talk.
//!
//! The utterance takes the highest-precedence label of its sentences
//! (ask > value > discovery > small_talk > other).

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use crate::lexicon::{held_back, reaches, weight, Fnv, Hit, Lexicons, Scores, Target};
use crate::normalize::{normalize, Normalized};
use crate::taxonomy::{Label, Signal};
use crate::transcript::{Role, Utterance};

/// An utterance after the role-independent scan.
#[derive(Debug, Clone)]
pub struct Scanned {
    pub norm: Normalized,
    pub hits: Vec<Hit>,
}

/// Scans every utterance once.
pub fn scan(lex: &Lexicons, utterances: &[Utterance]) -> Vec<Scanned> {
    utterances
        .iter()
        .map(|u| {
            let norm = normalize(&u.text);
            let hits = lex.scan(&norm);
            Scanned { norm, hits }
        })
        .collect()
}

/// Why an utterance got its label: the lexicon entries and the context rules.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trace {
    /// Lexicon entries that applied, as indices into [`Lexicons::entries`].
    pub entries: Vec<usize>,
    /// Context rules that changed the label or a signal, in plain words.
    pub rules: Vec<String>,
    /// Signals a sentence reached that the utterance does not carry:
    /// (sentence, signal, why), so `explain` need not work it out again.
    pub dropped: Vec<(usize, Signal, String)>,
}

/// The classifier's verdict on one utterance.
#[derive(Debug, Clone, PartialEq)]
pub struct Classified {
    pub label: Label,
    pub signals: Vec<Signal>,
    /// How many of the seller's question sentences here are discovery questions.
    pub discovery_questions: usize,
    pub trace: Trace,
}

/// Words that make a short reply a reaction or a word about the call, not an
/// answer ("Hang on.", "Sounds good.", "You're muted.", "Gorgeous.").
const NOT_AN_ANSWER: &[&str] = &[
    "sounds", "gotcha", "bye", "haha", "hahaha", "lol", "brb", "sec", "second", "hang", "hold",
    "muted", "mute", "hear", "hello", "hi", "hey", "thanks", "sorry", "nice", "wow", "awesome",
    "gorgeous", "lovely", "perfect", "fun", "ha",
];

/// Back-channel and filler words that do not make an answer substantive.
const FILLER: &[&str] = &[
    "yeah", "yes", "yep", "yup", "no", "nope", "okay", "right", "sure", "uh", "mm", "hmm", "mhm",
    "huh", "oh", "ah", "so", "well", "like", "i", "mean", "got", "it", "the", "a", "and", "that",
    "is", "totally", "exactly", "great", "cool", "thanks", "thank", "you", "good",
];

/// A word list as a set, built once: one hash instead of a scan or a
/// binary search per word on the per-utterance path.
type WordSet = HashSet<&'static str, BuildHasherDefault<Fnv>>;

fn word_set(words: &'static [&'static str]) -> WordSet {
    words.iter().copied().collect()
}

fn substantive_words(norm: &Normalized) -> usize {
    static SET: OnceLock<WordSet> = OnceLock::new();
    let filler = SET.get_or_init(|| word_set(FILLER));
    (0..norm.word_count())
        .filter(|&i| !filler.contains(norm.word(i)))
        .count()
}

/// Whether a turn speaks for a team or company ("we", "our") rather than only
/// the speaker: a buyer describing their business, not reacting to a pitch.
fn speaks_for_a_team(norm: &Normalized) -> bool {
    norm.has_any_word(&["we", "our", "us", "ours"])
}

/// A reaction this short ("Ha, he's got opinions.") stays on the topic of the
/// turn before it, however long the small talk has run.
const SHORT_REACTION: usize = 6;

/// A question this short right after a logistics sentence is about the
/// meeting ("Can you see my screen? The green one?").
const LOGISTICS_FOLLOW_UP: usize = 8;
/// The same after an agenda ("…here's what I'd like to cover. Sound alright?").
const AGENDA_FOLLOW_UP: usize = 4;
/// Longest ask question an agenda turn takes as a check on the agenda ("Does
/// that work for you?"); a longer one is a real ask and the turn keeps it.
const AGENDA_CHECK: usize = 5;

/// Longest buyer's reply read as agreeing to the time an ask put.
const AGREED_WORDS: usize = 8;
/// Words that agree to a time put to the buyer ("9 works", "Eleven's grand").
const AGREED: &[&str] = &[
    "works", "work", "ok", "okay", "fine", "grand", "perfect", "deal", "great", "booked", "done",
    "there", "good", "sure",
];

/// Longest seller's "so…" statement read as a summary of what the buyer
/// just said ("So it's reactive. Break-fix.").
const RECAP_WORDS: usize = 14;
/// What makes a short "so…" the seller's terms, not a summary of the buyer's.
const SELLERS_TERMS: &[&str] = &[
    " dollars ",
    " a month ",
    " per month ",
    " price",
    " package ",
    " total ",
];
/// Substantive words from which a seller's statement can take up the pain.
const PITCH_WORDS: usize = 8;
/// What makes a seller's statement a price, a term, a recap of the buyer's
/// words or a goodbye rather than a pitch.
const NOT_A_PITCH: &[&str] = &[
    " price",
    " pricing ",
    " cost ",
    " costs ",
    " dollars ",
    " pounds ",
    " bucks ",
    " a month ",
    " per month ",
    " a year ",
    " up front ",
    " fee ",
    " fees ",
    " deposit ",
    " invoice ",
    " contract ",
    " month to month ",
    " hearing you ",
    // A gap admitted: "it won't fix the dispatcher calling", "we can't do that yet".
    " will not ",
    " can not ",
    " does not do ",
    " do not do ",
    " yet ",
    " sounds like ",
    " if i understand ",
    " you mentioned ",
    " you said ",
    " thank you ",
    " thanks ",
    " have a great ",
    " bye ",
];

/// "Oh no. In the bath?", "That's criminal. What is it, a Breville?": a
/// short reaction and then a question engages with what was just said.
fn reacts_then_asks(n: &Normalized) -> bool {
    n.sentences.len() >= 2
        && n.sentences[0].words.len() <= 5
        && !n.sentences[0].is_question
        && n.sentences[1..].iter().any(|s| s.is_question)
}

/// The words of a back-channel: "yeah", "mm-hm", "right", "okay".
const BACKCHANNEL: &[&str] = &[
    "yeah", "yes", "yep", "yup", "ya", "mm", "mhm", "hmm", "uh", "huh", "right", "okay", "ok",
    "sure", "ah", "oh",
];

/// How laughter is written: "Ha!", "haha", "lol", "lmao".
const LAUGHS: &[&str] = &[
    "ha", "haha", "hahaha", "hah", "heh", "hehe", "lol", "lmao", "lmfao", "rofl",
];

/// Whether a turn opens by laughing at what was just said and stays there:
/// "Ha! Honestly, that's what my teta would do.", "hahaha i believe".
/// Laughter answers the joke or the story, so in a small-talk thread the
/// turn goes on with it; not when a later sentence turns away ("Ha. So, how
/// long does it take to get going?", "Ha, I can imagine. Okay, we have
/// thirty minutes…", "haha always. quick q, what made u start the trial?").
fn laughs_first(n: &Normalized) -> bool {
    n.word_count() > 0
        && LAUGHS.contains(&n.word(0))
        && !names_a_business_turn(n)
        && n.later_sentence_opened_by(LAUGH_TURNS).is_none()
}

/// Sentence openers that turn a laughing turn away from the joke: the
/// [`SENTENCE_TRANSITIONS`] and an "okay".
const LAUGH_TURNS: &[&str] = &["so", "anyway", "anyways", "now", "okay", "ok", "alright"];

/// How a seller's own promise, plan or recap opens ("I'll have our team
/// look at it", "let me check with product", "okay so it's Maria typing…").
const NOT_A_PITCH_OPENERS: &[&str] = &[
    " i will ",
    " let me ",
    " i would ",
    " we would need ",
    " we would want ",
    " okay so it is ",
    " so it is ",
    " okay i will ",
    " okay let me ",
];

/// How many words of the buyer's recent accounts of their situation are kept.
const PAIN_WORDS: usize = 60;

/// Substantive words from which a buyer's statement counts as describing their situation.
const STORY_WORDS: usize = 6;

/// Words that turn a conversation back to business when they open a turn.
const TRANSITIONS: &[&str] = &[
    "so", "okay", "alright", "anyway", "anyways", "well", "now", "listen", "look", "let", "great",
    "perfect", "right", "sorry", "thanks", "thank", "before", "speaking",
];

/// Words that, opening a later sentence of a turn, turn it back to business.
const SENTENCE_TRANSITIONS: &[&str] = &["so", "anyway", "anyways", "now"];

/// Phrases that move the talk back to business wherever they stand in a turn.
const BUSINESS_TURNS: &[&str] = &[
    " the reason i am calling ",
    " the reason i called ",
    " reason for my call ",
    " reason for the call ",
    " let us get started ",
    " let us dive in ",
    " let us jump in ",
    " let us get into it ",
    " down to business ",
    " on to business ",
    " the agenda ",
    " anyway ",
    " quick question ",
    " quick q ",
];

/// Whether an utterance moves the talk back to business: it opens with a
/// transition word or says so in so many words.
fn opens_business(norm: &Normalized) -> bool {
    (norm.word_count() > 0 && TRANSITIONS.contains(&norm.word(0))) || names_a_business_turn(norm)
}

/// Whether the turn says it is moving to business ("the reason I'm calling").
fn names_a_business_turn(norm: &Normalized) -> bool {
    BUSINESS_TURNS.iter().any(|p| norm.text.contains(p))
}

/// Whether a question in the turn is about the business: it would be
/// discovery or an ask from the seller, does not read as small talk, and
/// names something of the offer (a value, buying-signal or objection phrase).
/// A buyer who turns the talk that way ("so how do you feel about children's
/// charities?") has left the small talk, even though a buyer's question is
/// not itself discovery; "do you have kids?" has not.
fn asks_about_business(lex: &Lexicons, s: &Scanned) -> bool {
    let scores = lex.sentence_scores(&s.hits, Role::Seller, &s.norm);
    scores.iter().enumerate().any(|(i, sc)| {
        let reached = |l: Label| reaches(sc, Target::Label(l));
        s.norm.sentences[i].is_question
            && (reached(Label::Discovery) || reached(Label::Ask))
            && !reached(Label::SmallTalk)
            && s.hits.iter().any(|h| {
                h.sentence == i
                    && matches!(
                        lex.entries[h.entry].target,
                        Target::Label(Label::Value)
                            | Target::Signal(Signal::BuyingSignal | Signal::Objection)
                    )
            })
    })
}

/// Common words that say nothing about a topic, so that only words naming
/// one ("biscuit", "scramble", "cookie dough") are remembered. Kept sorted
/// (a test checks), so a duplicate or a missing word is easy to see.
const NOT_A_TOPIC: &[&str] = &[
    "about",
    "actually",
    "after",
    "again",
    "all",
    "also",
    "always",
    "anything",
    "anyway",
    "apparently",
    "around",
    "back",
    "basically",
    "been",
    "before",
    "being",
    "better",
    "both",
    "bye",
    "call",
    "came",
    "come",
    "could",
    "course",
    "definitely",
    "does",
    "doing",
    "done",
    "down",
    "each",
    "even",
    "ever",
    "every",
    "everybody",
    "everyone",
    "exactly",
    "first",
    "from",
    "going",
    "gonna",
    "good",
    "gotta",
    "great",
    "guys",
    "happy",
    "have",
    "having",
    "hear",
    "here",
    "honestly",
    "into",
    "just",
    "kind",
    "know",
    "last",
    "least",
    "literally",
    "little",
    "long",
    "look",
    "looking",
    "lot",
    "lots",
    "make",
    "many",
    "maybe",
    "mean",
    "means",
    "more",
    "most",
    "much",
    "need",
    "never",
    "next",
    "nice",
    "nobody",
    "obviously",
    "okay",
    "once",
    "only",
    "other",
    "over",
    "people",
    "person",
    "pretty",
    "probably",
    "really",
    "right",
    "said",
    "same",
    "says",
    "see",
    "seriously",
    "should",
    "since",
    "some",
    "somebody",
    "someone",
    "something",
    "sorry",
    "sort",
    "still",
    "stuff",
    "such",
    "sure",
    "take",
    "talk",
    "tell",
    "than",
    "thank",
    "thanks",
    "that",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "thing",
    "things",
    "think",
    "this",
    "those",
    "though",
    "time",
    "today",
    "told",
    "totally",
    "very",
    "want",
    "wanted",
    "week",
    "well",
    "went",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "will",
    "with",
    "would",
    "yeah",
    "year",
    "your",
    "yours",
];

/// Words that make a question about a time ask about the past, a habit or
/// anything else, not put a next step to the buyer.
const NOT_A_STEP: &[&str] = &[
    "did",
    "was",
    "were",
    "had",
    "have",
    "has",
    "last",
    "every",
    "each",
    "usually",
    "always",
    "normally",
    "often",
    "anything",
    "anyone",
    "anybody",
    "something",
    "else",
    "open",
    "closed",
    "busy",
    "busiest",
    "running",
    "flying",
    "still",
];

/// Longest sentence in which logistics outweighs an ask phrase: "Shall we
/// get started?" runs the call; "can we get started on the paperwork?" asks.
const LOGISTICS_ASK: usize = 5;

/// Longest turn (substantive words) read as a brief callback to earlier small talk.
const CALLBACK_WORDS: usize = 12;

/// The words of an utterance that can name a topic.
fn topic_words(norm: &Normalized) -> impl Iterator<Item = &str> {
    static SET: OnceLock<WordSet> = OnceLock::new();
    let not_a_topic = SET.get_or_init(|| word_set(NOT_A_TOPIC));
    (0..norm.word_count())
        .map(|i| norm.word(i))
        .filter(|w| w.len() >= 4 && !w.contains('#') && !not_a_topic.contains(w))
}

/// Phrases that wish the other person well, usually on the way out.
const WISHES: &[&str] = &[
    " good luck ",
    " best of luck ",
    " enjoy ",
    " have fun ",
    " here is hoping ",
    " fingers crossed ",
    " say hi to ",
    " a scratch ",
    " a hug ",
];

fn wishes_well(norm: &Normalized) -> bool {
    WISHES.iter().any(|w| norm.text.contains(w))
}

/// What the call has talked about: each topic word said so far, and whether
/// only small talk has said it, so that a later callback ("good luck with
/// Biscuit!") is known for small talk.
#[derive(Default)]
struct Topics<'a> {
    only_small_talk: HashMap<&'a str, bool, BuildHasherDefault<Fnv>>,
}

impl<'a> Topics<'a> {
    fn learn(&mut self, norm: &'a Normalized, label: Label) {
        for w in topic_words(norm) {
            if label == Label::SmallTalk {
                self.only_small_talk.entry(w).or_insert(true);
            } else {
                self.only_small_talk.insert(w, false);
            }
        }
    }

    /// Words of the utterance that so far belong to small talk only, when
    /// there are at least two of them.
    fn callback<'b>(&self, norm: &'b Normalized) -> Option<Vec<&'b str>> {
        let mut found: Vec<&str> = topic_words(norm)
            .filter(|w| self.only_small_talk.get(*w) == Some(&true))
            .collect();
        found.sort_unstable();
        found.dedup();
        // A well-wish needs only one ("good luck at the cook-off!",
        // "enjoy the shuttle ride!"): what it wishes well is the small talk.
        let needed = if wishes_well(norm) { 1 } else { 2 };
        (found.len() >= needed).then_some(found)
    }
}

/// Per-sentence decision of one utterance.
struct SentenceView {
    label: Label,
    /// The sentence also reached small talk (it lost on precedence).
    also_small_talk: bool,
    /// A question whose small talk is what it asks about: its small-talk
    /// phrase runs past the end of every discovery phrase ("are you planning
    /// anything exciting this week?").
    asks_small_talk: bool,
    checkin: bool,
    logistics: bool,
    agenda: bool,
    /// The sentence reached the objection signal.
    objection: bool,
    /// The sentence names the buyer's business (`business.txt`).
    business: bool,
    /// Small talk reached 1 here but not the higher bar of a sentence that
    /// names the business: a small-talk word put to business use ("the snow
    /// shut down two of our warehouses").
    held_back: bool,
    question: bool,
    /// The seller offers to do something ("how about I send you a
    /// proposal?", "can I show you real quick?"): not a discovery question.
    offer: bool,
    /// Words in the sentence.
    words: usize,
}

fn decide_sentences(
    lex: &Lexicons,
    s: &Scanned,
    role: Role,
    social: bool,
    opening: bool,
    trace: &mut Trace,
) -> (Vec<SentenceView>, Vec<(usize, Signal)>) {
    let scores: Vec<Scores> = lex.sentence_scores(&s.hits, role, &s.norm);
    for h in &s.hits {
        if lex.applies(h, role, &s.norm) && !trace.entries.contains(&h.entry) {
            trace.entries.push(h.entry);
        }
    }
    let mut kept = Vec::new();
    let mut views = Vec::with_capacity(scores.len());
    for (i, sc) in scores.iter().enumerate() {
        let reached = |t: Target| reaches(sc, t);
        let business = reached(Target::Business);
        let mut label = Label::Other;
        for l in [Label::Ask, Label::Value, Label::Discovery, Label::SmallTalk] {
            if reached(Target::Label(l)) {
                label = l;
                break;
            }
        }
        if (label != Label::Ask
            || opening
                && s.norm.sentences[i].words.len() <= LOGISTICS_ASK
                && !s.norm.names_a_time(i))
            && (reached(Target::Logistics)
                || reached(Target::Signal(Signal::Continuation))
                || reached(Target::Signal(Signal::Concession)))
        {
            // "How can I help you today?" runs the call; "I'll send over the
            // case study" and "I can knock 15% off" are a continuation and a
            // concession, not a pitch: the taxonomy files them under other.
            label = Label::Other;
        }
        let quiet = |t: Target| weight(sc, t) == 0.0;
        if label == Label::Other
            && role != Role::Buyer
            && (business || !social)
            && !s.norm.sentences[i].is_question
            && [
                Target::Logistics,
                Target::Agenda,
                Target::CheckIn,
                Target::Signal(Signal::Continuation),
                Target::Signal(Signal::Concession),
                Target::Signal(Signal::NextStepSet),
            ]
            .into_iter()
            .all(quiet)
            && gives_a_consequence(&s.norm, i)
        {
            // "We integrate with Motive natively, so the data just flows":
            // a seller who says what follows from how the offer works is
            // showing its value, whatever the words.
            label = Label::Value;
            trace.rules.push(format!(
                "sentence {i} is a seller's statement that says what follows from it (\", so …\"): value"
            ));
        }
        if label == Label::Discovery
            && role == Role::Buyer
            && reached(Target::Signal(Signal::BuyingSignal))
            && !reached(Target::Signal(Signal::Objection))
            && s.norm.sentences[i]
                .words
                .clone()
                .any(|w| s.norm.word(w) == "#")
        {
            // "I'll donate $1", "thirty-four sounds good then": a buyer
            // naming the amount they agree to is committing, not describing
            // their situation. (Without an amount, "we need something that
            // integrates with Salesforce and I'd love to see yours" still
            // describes it.)
            label = Label::Other;
            trace.rules.push(format!(
                "sentence {i} is a buyer's commitment (buying signal): other, not discovery"
            ));
        }
        if label == Label::SmallTalk && asks_how_a_task_is_done(lex, s, role, i) {
            label = Label::Discovery;
            trace.rules.push(format!(
                "sentence {i} asks how they go about a task (\"how are you screening …?\"): discovery, not a how-are-you"
            ));
        }
        if label == Label::SmallTalk && reached(Target::Signal(Signal::Objection)) {
            // "I'd want to talk to my husband first": an objection that names
            // family is a reason not to buy, not social talk.
            label = Label::Other;
            trace
                .rules
                .push(format!("sentence {i} objects: other, not small talk"));
        }
        if reached(Target::Agenda) {
            // "Here's what I'd like to cover" sets out the meeting.
            if label != Label::Other {
                trace.rules.push(format!(
                    "sentence {i} sets out the meeting (agenda): it takes no label, not {label}"
                ));
            }
            label = Label::Other;
        }
        if label == Label::Ask && role == Role::Buyer {
            // Only the seller asks; a buyer asking to move forward is a buying signal.
            label = Label::Other;
            trace
                .rules
                .push("only the seller asks: a buyer's ask phrase is not an ask".into());
        }
        // A sentence about the call itself ("how can I help you?") carries no
        // signal, a sentence that objects is not also a buying signal, and
        // each side gives only its own signals.
        let objects = reached(Target::Signal(Signal::Objection));
        for sig in Signal::ALL
            .into_iter()
            .filter(|s| reached(Target::Signal(*s)))
        {
            let why = if reached(Target::Logistics) {
                Some("a sentence about the call itself (logistics) carries no signal".to_string())
            } else if sig == Signal::BuyingSignal && objects {
                Some("the same sentence objects, and interest hedged by an objection is an objection".into())
            } else if !signal_allowed(sig, role) {
                Some(format!(
                    "a speaker on the {} side does not give {sig}",
                    role.as_str()
                ))
            } else {
                None
            };
            match why {
                Some(why) => trace.dropped.push((i, sig, why)),
                None => kept.push((i, sig)),
            }
        }
        views.push(SentenceView {
            label,
            also_small_talk: label != Label::SmallTalk
                && reached(Target::Label(Label::SmallTalk))
                && small_talk_beyond_discovery(lex, s, role, i),
            asks_small_talk: label == Label::Discovery
                && s.norm.sentences[i].is_question
                && reached(Target::Label(Label::SmallTalk))
                && small_talk_asked(lex, s, role, i),
            checkin: reached(Target::CheckIn),
            // "Hi there, Linda?" calls out to someone; it asks nothing.
            logistics: reached(Target::Logistics)
                || s.norm.sentences[i].is_question && s.norm.greets_by_name(i),
            agenda: reached(Target::Agenda),
            objection: reached(Target::Signal(Signal::Objection)),
            business,
            held_back: held_back(sc),
            question: s.norm.sentences[i].is_question,
            offer: offers_own_action(&s.norm, i),
            words: s.norm.sentences[i].words.len(),
        });
    }
    (views, kept)
}

/// Whether sentence `k` opens (past lead-ins such as "okay so") by offering
/// the speaker's own action: "how about I…", "what if I…", "can I show…",
/// "should I…", "want me to…", "would you like me to…". Asking leave to ask
/// ("can I ask…", "may I get a sense of…") is not an offer.
fn offers_own_action(norm: &Normalized, k: usize) -> bool {
    const LEAVE_TO_ASK: &[&str] = &[
        "ask",
        "get",
        "understand",
        "learn",
        "hear",
        "know",
        "clarify",
        "confirm",
        "check",
        "be",
        "assume",
        "see",
    ];
    const ADVERBS: &[&str] = &[
        "just", "quickly", "please", "also", "maybe", "real", "briefly",
    ];
    let range = norm.sentences[k].words.clone();
    let w: Vec<&str> = (past_lead_ins(norm, k)..range.end)
        .map(|i| norm.word(i))
        .filter(|w| !ADVERBS.contains(w))
        .take(5)
        .collect();
    match w.as_slice() {
        ["can" | "could" | "may" | "shall" | "should", "i", "start" | "begin", "by", verb, ..] => {
            // "Can I start by asking where the project is at?" asks leave to
            // ask; "can I start by showing you the dashboard?" offers.
            !matches!(
                *verb,
                "asking"
                    | "getting"
                    | "understanding"
                    | "learning"
                    | "hearing"
                    | "checking"
                    | "confirming"
                    | "clarifying"
            )
        }
        ["how" | "what", "about", "i", verb, ..]
        | ["what", "if", "i", verb, ..]
        | ["can" | "could" | "may" | "shall" | "should", "i", verb, ..] => {
            !LEAVE_TO_ASK.contains(verb)
        }
        ["want" | "wanted", "me", "to", ..]
        | ["do" | "would", "you", "want" | "like", "me", "to", ..] => true,
        _ => false,
    }
}

/// Whether sentence `k` goes on, after a clause of four words or more, with
/// a clause that opens with "so" and says what follows ("…natively, so the
/// data just flows"). Not after a negation ("we do not support SSO yet, so
/// that would be a blocker"), nor the speaker's own plans, apologies or
/// feelings ("…, so I'll keep this tight", "…, so sorry for the slow
/// reply"), an invitation ("so feel free"), an agenda ("so here's what…"), a sum ("so about
/// fifteen percent up"), an aside ("so not far") or a fragment ("so, same
/// energy").
fn gives_a_consequence(norm: &Normalized, k: usize) -> bool {
    const NOT_A_CONSEQUENCE: &[&str] = &[
        "i", "here", "about", "#", "roughly", "around", "let", "please", "yeah", "anyway", "not",
        "sorry", "feel",
    ];
    // A gap admitted ("we do not support single sign-on yet, so…") is not a pitch.
    const NEGATORS: &[&str] = &["not", "no", "never"];
    let range = norm.sentences[k].words.clone();
    // "Because we hold the stock locally, a failed part is replaced the next
    // morning": the same, with the reason first.
    let opener = past_lead_ins(norm, k);
    if opener < range.end && matches!(norm.word(opener), "because" | "cause") {
        let reason_ends = norm
            .clause_starts
            .iter()
            .find(|&&c| c >= opener + 4 && c + 3 <= range.end);
        if let Some(&c) = reason_ends {
            // What follows is about the offer or the buyer ("…, your reps
            // can't undersell"), not the speaker's own plans or apologies
            // ("…, I couldn't get the quote out").
            let main = c..range.end;
            return !(opener..c).any(|w| NEGATORS.contains(&norm.word(w)))
                && norm.word(c) != "i"
                && main.clone().any(|w| {
                    matches!(
                        norm.word(w),
                        "we" | "our" | "you" | "your" | "it" | "they" | "their" | "them"
                    )
                })
                && !main.clone().any(|w| {
                    matches!(
                        norm.word(w),
                        "contract" | "renewal" | "slower" | "late" | "delay" | "sorry"
                    )
                });
        }
    }
    norm.clause_starts
        .iter()
        .filter(|&&c| c >= range.start + 4 && c + 1 < range.end)
        .any(|&c| {
            let mut j = c + usize::from(norm.word(c) == "and");
            if norm.word(j) != "so" {
                return false;
            }
            if (range.start..c).any(|w| NEGATORS.contains(&norm.word(w))) {
                return false;
            }
            j += 1;
            if j < range.end && norm.word(j) == "that" {
                j += 1;
            }
            // A clause of its own, with a verb: not "…, so, same energy".
            j + 3 <= range.end && !NOT_A_CONSEQUENCE.contains(&norm.word(j))
        })
}

/// Words a sentence may open with before its offer or its reason ("okay so
/// how about I…", "right, because…").
const OFFER_LEAD_INS: &[&str] = &[
    "ok", "okay", "so", "and", "well", "alright", "now", "then", "great", "cool", "but", "or",
    "right", "yeah", "plus",
];

/// The first word of sentence `k` past its lead-ins (its end if it is all lead-ins).
fn past_lead_ins(norm: &Normalized, k: usize) -> usize {
    let range = norm.sentences[k].words.clone();
    range
        .clone()
        .find(|&i| !OFFER_LEAD_INS.contains(&norm.word(i)))
        .unwrap_or(range.end)
}

/// The hits of sentence `i` that feed label `l` and apply to a speaker on `role`.
fn applying_hits<'a>(
    lex: &'a Lexicons,
    s: &'a Scanned,
    role: Role,
    i: usize,
    l: Label,
) -> impl Iterator<Item = &'a Hit> + 'a {
    s.hits.iter().filter(move |h| {
        h.sentence == i
            && lex.entries[h.entry].target == Target::Label(l)
            && lex.applies(h, role, &s.norm)
    })
}

/// Whether sentence `i` has a small-talk phrase that is not just part of a
/// discovery phrase: in "how are you handling claims?" the "how are you" is
/// inside "how are you handling", so the sentence does not read as both. In a
/// question the small talk must also reach past where the discovery phrase
/// starts, into what is asked ("what are your plans for the weekend?"), not
/// stand before it ("I'm fine thanks, are you interested in donating?").
fn small_talk_beyond_discovery(lex: &Lexicons, s: &Scanned, role: Role, i: usize) -> bool {
    let applying = |l: Label| applying_hits(lex, s, role, i, l);
    let question = s.norm.sentences[i].is_question;
    let asked_from = applying(Label::Discovery).map(|d| d.start).max();
    applying(Label::SmallTalk).any(|st| {
        let inside = applying(Label::Discovery).any(|d| d.start <= st.start && st.end <= d.end);
        let before_the_question = question && asked_from.is_some_and(|from| st.end <= from);
        !(inside || before_the_question)
    })
}

/// Whether question `i` asks how the other side goes about a task ("so how
/// are you, um, how are you screening candidates today?"): its small talk is
/// only a "how are you" that a verb in -ing and its object follow, so it is
/// no how-are-you ("how are you finding the new place?" and "how are you
/// spending the holidays?" still are).
fn asks_how_a_task_is_done(lex: &Lexicons, s: &Scanned, role: Role, i: usize) -> bool {
    const HOW_ONE_IS: &[&str] = &[
        "doing",
        "feeling",
        "keeping",
        "getting",
        "holding",
        "going",
        "coping",
        "finding",
        "liking",
        "enjoying",
        "settling",
        "hanging",
        "surviving",
        "sleeping",
        "travelling",
        "traveling",
        "managing",
        "spending",
        "staying",
        "celebrating",
    ];
    if !s.norm.sentences[i].is_question {
        return false;
    }
    let words = s.norm.sentences[i].words.clone();
    let on_a_task = |h: &Hit| {
        // A verb and at least one word after it, inside the sentence.
        if !words.contains(&(h.end + 1)) {
            return false;
        }
        let verb = s.norm.word(h.end);
        s.norm.word(h.start) == "how"
            && verb.len() > 4
            && verb.ends_with("ing")
            && !HOW_ONE_IS.contains(&verb)
    };
    // "how are you, um, how are you screening…": the false start counts for nothing.
    let restarted = |h: &Hit| words.contains(&h.end) && s.norm.word(h.end) == "how";
    let hits = || applying_hits(lex, s, role, i, Label::SmallTalk);
    let rest: f32 = hits()
        .filter(|h| !on_a_task(h) && !restarted(h))
        .map(|h| lex.entries[h.entry].weight)
        .sum();
    hits().any(on_a_task) && rest < 1.0
}

/// Whether question `i` asks about its small talk: a small-talk phrase starts
/// after a discovery phrase's start and ends after every discovery phrase
/// ends, so the discovery words are only the frame of the question ("are you
/// planning" … "anything exciting this week").
fn small_talk_asked(lex: &Lexicons, s: &Scanned, role: Role, i: usize) -> bool {
    let applying = |l: Label| applying_hits(lex, s, role, i, l);
    let Some(first) = applying(Label::Discovery).map(|d| d.start).min() else {
        return false;
    };
    let last = applying(Label::Discovery).map(|d| d.end).max().unwrap_or(0);
    applying(Label::SmallTalk).any(|st| st.start > first && st.end > last)
}

/// Which signals a speaker on `role` can give.
pub(crate) fn signal_allowed(sig: Signal, role: Role) -> bool {
    match sig {
        Signal::BuyingSignal | Signal::Objection => role != Role::Seller,
        Signal::Concession | Signal::Continuation => role != Role::Buyer,
        Signal::NextStepSet => true,
    }
}

/// Labels every utterance. `roles[i]` is the side of utterance `i`.
pub fn classify(lex: &Lexicons, scanned: &[Scanned], roles: &[Role]) -> Vec<Classified> {
    let mut out: Vec<Classified> = Vec::with_capacity(scanned.len());
    // The open question the next answer is about: set by a seller's discovery
    // question, kept through the seller's short back-channels.
    let mut discovery_open = false;
    let mut last_seller_label: Option<Label> = None;
    // How many turns the small-talk thread rule has carried on since the last
    // turn a lexicon itself called small talk; it stops after two.
    let mut thread_hops = usize::MAX;
    let mut topics = Topics::default();
    // Before anyone has talked business (a discovery, value or ask turn, an
    // agenda, a turn that says it is moving on), an unclaimed question is
    // part of the opening's small talk ("Did you end up going to Portugal?").
    let mut business_started = false;
    // Who asked the small-talk question the next turn may answer.
    let mut small_talk_asked: Option<Role> = None;
    // The buyer's turns since the seller's last ask reply to it ("sure, we
    // could do a tour. Joel, what's your calendar like?"): they agree,
    // schedule or object, not describe their situation unprompted.
    let mut answers_ask = false;
    // The words of the buyer's recent accounts of their situation.
    let mut pain: Vec<&str> = Vec::new();
    let mut seller_said: HashSet<&str, BuildHasherDefault<Fnv>> = HashSet::default();
    for (i, s) in scanned.iter().enumerate() {
        let opening = !business_started && thread_hops != usize::MAX;
        let role = roles.get(i).copied().unwrap_or(Role::Unknown);
        let mut trace = Trace::default();
        let in_small_talk = out.last().is_some_and(|p| p.label == Label::SmallTalk);
        let (mut views, kept) =
            decide_sentences(lex, s, role, in_small_talk, !business_started, &mut trace);
        // Interest hedged by an objection ("sounds interesting, but I'm
        // worried about…") is an objection, not a buying signal; a question
        // of its own about the offer ("…the price is a concern. How much
        // for ten seats?") still asks to buy.
        let objects_at: Vec<usize> = kept
            .iter()
            .filter(|(_, sig)| *sig == Signal::Objection)
            .map(|(k, _)| *k)
            .collect();
        let hedged = |k: usize| {
            !objects_at.is_empty()
                && (objects_at.contains(&k) || !views.get(k).is_some_and(|v| v.question))
        };
        let next_step_at = kept
            .iter()
            .filter(|(_, sig)| *sig == Signal::NextStepSet)
            .map(|(k, _)| *k)
            .min();
        let mut signals: Vec<Signal> = Vec::new();
        for (k, sig) in kept {
            if sig == Signal::BuyingSignal && hedged(k) {
                trace.dropped.push((
                    k,
                    sig,
                    "interest hedged by an objection in the same turn is an objection".into(),
                ));
            } else if !signals.contains(&sig) {
                signals.push(sig);
            }
        }
        let mut label = views
            .iter()
            .map(|v| v.label)
            .max_by_key(|l| l.precedence())
            .unwrap_or(Label::Other);
        let words = substantive_words(&s.norm);
        let callback = (words <= CALLBACK_WORDS)
            .then(|| topics.callback(&s.norm))
            .flatten();
        // The turn answers the other side's small-talk question.
        let answers_small_talk = small_talk_asked.is_some_and(|r| r != role);
        let discovery_views = || views.iter().filter(|v| v.label == Label::Discovery);
        // "We moved last weekend, so right now I'm on a filing cabinet": a
        // statement that reads as both, among small talk, is small talk; so
        // is a question right after small talk ("what are your plans for the
        // weekend?"). A question that is only discovery is not.
        let among_small_talk = (in_small_talk || views.iter().any(|v| v.label == Label::SmallTalk))
            && discovery_views().all(|v| v.also_small_talk && (!v.question || in_small_talk));
        // "Are you planning anything exciting this week?": the discovery
        // words only frame a question about the small talk, anywhere.
        let asks_small_talk = discovery_views().all(|v| v.asks_small_talk);
        // "Ha! How many people are you expecting?", after the story of a
        // son's wedding: a turn that laughs along with the small talk stays
        // in it, whatever its question's words, unless it names the business.
        let laughs_along =
            in_small_talk && laughs_first(&s.norm) && !views.iter().any(|v| v.business);
        if label == Label::Discovery && (among_small_talk || asks_small_talk || laughs_along) {
            label = Label::SmallTalk;
            // Its question is then a small-talk question: it opens no answer
            // and is not counted as a discovery question.
            for v in views.iter_mut().filter(|v| v.label == Label::Discovery) {
                v.label = Label::SmallTalk;
            }
            trace.rules.push(if among_small_talk {
                "a sentence both small talk and discovery, in small talk, is small talk".into()
            } else if laughs_along {
                "a turn that laughs along with the small talk stays in it".into()
            } else {
                "a question whose discovery words only frame small talk (\"are you planning … this weekend?\") is small talk".into()
            });
        }
        // "How'd you folks make out with that ice storm?" / "We lost power
        // Saturday night, so Sunday we had thirty people and candles": the
        // other side's answer to a small-talk question tells the story the
        // question asked for, in words that would otherwise read as their
        // situation. One that names the business has moved on.
        if label == Label::Discovery
            && small_talk_asked.is_some_and(|r| r != role)
            && signals.is_empty()
            && !views.iter().any(|v| {
                v.business
                    || v.held_back
                    || v.logistics
                    || v.question && v.label == Label::Discovery
            })
            // Its first word answers ("Great, we walked the Freedom Trail");
            // only saying it moves to business leaves the small talk.
            && !names_a_business_turn(&s.norm)
        {
            label = Label::SmallTalk;
            for v in views.iter_mut().filter(|v| v.label == Label::Discovery) {
                v.label = Label::SmallTalk;
            }
            trace
                .rules
                .push("the answer to a small-talk question is small talk".into());
        }
        if role != Role::Buyer
            && views.iter().any(|v| v.agenda)
            && label != Label::Other
            && !views.iter().any(|v| {
                v.question
                    && (v.label == Label::Discovery
                        || (v.label == Label::Ask && v.words > AGENDA_CHECK))
            })
        {
            // "Here's what I'd like to cover… I want to walk you through the
            // numbers… does that work?" is about the meeting, not the deal;
            // a real question in it ("can we get the order in this week?") stays.
            label = Label::Other;
            trace
                .rules
                .push("a seller's turn that sets the agenda is other".into());
        }
        if label == Label::Value && signals.contains(&Signal::Continuation) {
            // "I'll send the case study so you can see how we work, let me
            // know": a turn that ends in a continuation hands the decision
            // back; its pitch is a wrap-up, not value.
            label = Label::Other;
            trace
                .rules
                .push("a turn with a continuation is other, not value".into());
        }
        if label == Label::SmallTalk {
            thread_hops = 0;
        }

        // A seller's question that no lexicon claims asks about the buyer's
        // world: discovery, or small talk while the talk is social.
        // A short question beside a logistics sentence ("Let me share my
        // screen. Can you see it? The green one?") is about the logistics.
        let follows_logistics: Vec<bool> = (0..views.len())
            .map(|k| {
                let w = views[k].words;
                (views[..k].iter().rev().take(2).any(|v| v.logistics) && w <= LOGISTICS_FOLLOW_UP)
                    || (views[..k].iter().any(|v| v.agenda) && w <= AGENDA_FOLLOW_UP)
            })
            .collect();
        let unclaimed = |v: &SentenceView| {
            v.question && v.label == Label::Other && !v.checkin && !v.logistics && !v.offer
        };
        if role != Role::Buyer
            && views
                .iter()
                .zip(&follows_logistics)
                .any(|(v, f)| *f && unclaimed(v))
        {
            trace.rules.push(
                "a short question right after logistics or an agenda is about the meeting, not discovery"
                    .into(),
            );
        }
        if role != Role::Buyer {
            for (k, v) in views.iter().enumerate() {
                if v.question && v.label == Label::Other && v.offer {
                    trace.rules.push(format!(
                        "sentence {k} offers the seller's own action: not a discovery question"
                    ));
                }
            }
        }
        let open: Vec<bool> = views
            .iter()
            .zip(&follows_logistics)
            .map(|(v, f)| !f && unclaimed(v))
            .collect();
        // A discovery question opens the answer rule: one a phrase claims, or
        // an open question that makes the whole turn discovery.
        let mut opens_answer = views
            .iter()
            .any(|v| v.question && v.label == Label::Discovery);
        if role != Role::Buyer && open.contains(&true) {
            // Every open question is relabelled (so each counts as a discovery
            // question); the utterance keeps a higher label it already has.
            // A turn that names the buyer's business ("most practices tell
            // me ordering eats the manager alive. Is any of that true for
            // you?") has left the small talk.
            let carried = label == Label::Other
                && ((in_small_talk
                    && (thread_hops < 2
                        || reacts_then_asks(&s.norm)
                        || laughs_first(&s.norm)
                        || s.norm.speaks_of_home_life()))
                    || callback.is_some()
                    || opening)
                && !opens_business(&s.norm)
                && !views.iter().any(|v| v.business);
            if carried {
                thread_hops = thread_hops.saturating_add(1);
                if opening {
                    // Its answer goes on with the small talk.
                    thread_hops = thread_hops.min(1);
                }
            }
            // "Hey, weren't you in Chicago last week?": past the greetings, a
            // question opened with "hey" turns to something personal.
            // So does "by the way" ("btw r u going to Coverings?").
            // "Oh hey, did you catch the Rangers?" too, after a lead-in.
            // And "Karen, how was Boston?": how a named place or event went.
            // And "did you catch the Royals Friday?": whether they saw or went to something.
            let asks_personally = |k: usize| {
                let start = s.norm.sentences[k].words.start;
                let lead_in = matches!(
                    s.norm.sentence_opener(k),
                    Some("oh" | "and" | "well" | "okay" | "ok" | "so")
                );
                let hey = |w: usize| {
                    w < s.norm.sentences[k].words.end
                        && (s.norm.word(w) == "hey" || s.norm.opens_by_the_way(w))
                };
                i > 1 && (hey(start) || lead_in && hey(start + 1))
                    || s.norm.asks_how_a_name_is(k)
                    || s.norm.names_a_trip(k)
                    || s.norm.asks_about_an_outing(k)
            };
            // "I'm doing well, thanks. So, you lead the team at TechWave, is
            // that right?": after the turn's own small talk, a sentence opened
            // with "so" or "anyway" turns the rest of the turn to business.
            // (Small talk carried from earlier turns goes on: "Ha, nice. So
            // how old are the kids now?")
            let turned_at = (!carried && label == Label::SmallTalk)
                .then(|| s.norm.later_sentence_opened_by(SENTENCE_TRANSITIONS))
                .flatten();
            let social = carried || label == Label::SmallTalk;
            let business_words: Vec<bool> = views.iter().map(|v| v.business).collect();
            let mut tangent = false;
            let mut l = Label::SmallTalk;
            // "…signature by the twenty-sixth. Does three work?", "Tuesday at
            // nine, here at the store, does that work?": a yes-or-no question
            // that names a time, or follows the next step just set out, puts
            // that step to the buyer.
            // Not one about the past, a habit or anything else the buyer
            // might raise ("did you survive the scramble Friday?", "is that
            // every Friday?", "before Thursday, is there anything she'll ask?").
            // "Is Monday your busiest day?", "are you running payroll
            // tomorrow?": a time in a question about the buyer's own
            // schedule or business asks about it; "7am ok at your dock?",
            // "does Thursday work for your team?" still put the time.
            let about_their_week = |k: usize| {
                business_words[k]
                    || s.norm.sentences[k]
                        .words
                        .clone()
                        .any(|w| s.norm.word(w) == "your")
            };
            let puts_a_step = |k: usize| {
                !s.norm.has_question_word(k)
                    && !s.norm.sentences[k]
                        .words
                        .clone()
                        .any(|w| NOT_A_STEP.contains(&s.norm.word(w)))
                    && !signals.contains(&Signal::Continuation)
                    && (next_step_at.is_some_and(|n| n < k)
                        || s.norm.names_a_time(k)
                            && (!about_their_week(k) || s.norm.puts_a_time_to_them(k)))
            };
            // "Karen, how was Boston? You were at the DIA conference, no?":
            // the turn's next question stays on the personal topic, unless it
            // moves on ("so", "anyway", "also", "right", "but").
            let mut personal = false;
            for (k, v) in views.iter_mut().enumerate().filter(|(k, _)| open[*k]) {
                let turned = turned_at.is_some_and(|j| j <= k);
                personal &= !s.norm.sentence_opener(k).is_some_and(|w| {
                    matches!(w, "also" | "right" | "okay" | "ok" | "alright" | "but")
                        || SENTENCE_TRANSITIONS.contains(&w)
                });
                // A question that names the business is not personal, however
                // it opens ("hey, did the new invoicing module go live?").
                let turns_personal = !business_words[k] && (personal || asks_personally(k));
                if social && turned {
                    trace.rules.push(format!(
                        "sentence {k}: a sentence opened with \"so\", \"anyway\" or \"now\" after the turn's small talk turns it to business"
                    ));
                }
                v.label = if (social && !turned) || turns_personal {
                    tangent |= !social;
                    personal = !social;
                    Label::SmallTalk
                } else if puts_a_step(k) {
                    l = Label::Ask;
                    Label::Ask
                } else {
                    if l != Label::Ask {
                        l = Label::Discovery;
                    }
                    Label::Discovery
                };
            }
            if l.precedence() > label.precedence() {
                label = l;
                opens_answer |= l == Label::Discovery;
                if tangent && l == Label::SmallTalk {
                    // A new personal thread: its answer goes on with it.
                    thread_hops = 0;
                }
                trace.rules.push(format!(
                    "a seller's question no lexicon claims is {l}{}",
                    match (carried, &callback) {
                        _ if l == Label::Ask =>
                            " (a yes-or-no question that names a time or follows the next step just set out puts that step to the buyer)".into(),
                        (true, Some(words)) if !in_small_talk => format!(
                            " (it comes back to earlier small talk: {})",
                            words.join(", ")
                        ),
                        (true, _) => " (the talk before it was small talk)".into(),
                        (false, _) if tangent =>
                            " (a \"hey, …?\" question, how a named place went, or whether they saw or went to something, turns to something personal)".into(),
                        _ => String::new(),
                    }
                ));
            }
        }

        // A check-in belongs with the point it checks in on; on a next step
        // just set out ("…and we sign by Friday the sixteenth. Sound
        // right?") it asks the buyer to agree to it.
        let checks_in = views.iter().position(|v| v.checkin);
        if role != Role::Buyer
            && matches!(label, Label::Other | Label::Value)
            && !signals.contains(&Signal::Continuation)
            && checks_in.is_some_and(|k| next_step_at.is_some_and(|n| n + 1 == k))
        {
            label = Label::Ask;
            trace
                .rules
                .push("a check-in on the next step just set out is an ask".into());
        } else if role != Role::Buyer && label == Label::Other && checks_in.is_some() {
            if let Some(l @ (Label::Value | Label::Discovery)) = last_seller_label {
                label = l;
                trace.rules.push(format!(
                    "a check-in takes the label of the seller's last point ({l})"
                ));
            }
        }

        // An objection is other, unless it answers a discovery question by
        // describing the buyer's situation ("we can't afford much downtime").
        // Unprompted, a turn that opens with its objection is objecting even
        // when it goes on to give the reason ("We've already got an agency,
        // though. We use Pro Force."); one that opens by describing the
        // situation and then voices a concern is describing it.
        if role == Role::Buyer
            && label == Label::Discovery
            && signals.contains(&Signal::Objection)
            && !discovery_open
            && views
                .iter()
                .find(|v| v.label == Label::Discovery || v.objection)
                .is_some_and(|v| v.objection)
        {
            label = Label::Other;
            trace
                .rules
                .push("a buyer's turn that opens with an objection is other unless it answers a discovery question".into());
        }

        // An answer takes the topic of the question it answers.
        let only_questions = views.iter().all(|v| v.question);
        // A buyer who goes on from their own account of the situation is
        // still answering (a turn a lexicon calls small talk is not).
        let runs_on = i > 0
            && roles.get(i - 1) == Some(&Role::Buyer)
            && out.last().is_some_and(|p| p.label == Label::Discovery)
            && !answers_ask;
        // A short reply straight after an open question ("Which ELD are you
        // on?" "Motive.") answers it too; a bare "yeah" does not, nor a
        // "yes, I do" to a yes-or-no question.
        let direct_answer = discovery_open
            && i > 0
            && roles.get(i - 1) == Some(&Role::Seller)
            && out.last().is_some_and(|p| p.discovery_questions > 0)
            && scanned[i - 1].norm.asks_open_question()
            && !views.iter().any(|v| v.logistics)
            && !s.norm.has_any_word(NOT_AN_ANSWER);
        if role == Role::Buyer
            && (discovery_open && matches!(label, Label::Other | Label::SmallTalk)
                || runs_on && label == Label::Other)
            && (words >= 3 || direct_answer && words >= 1)
            && !views.first().is_some_and(|v| v.question)
            && !only_questions
        {
            label = Label::Discovery;
            trace.rules.push(if discovery_open && words < 3 {
                "a short reply straight after an open discovery question answers it: discovery"
                    .into()
            } else if discovery_open {
                "the buyer's answer to a discovery question is discovery".into()
            } else {
                "a buyer who goes on from their own account of the situation is still describing it"
                    .into()
            });
        } else if label == Label::Other
            // A bare laugh or "yeah" is a back-channel, not small talk of its
            // own, unless it answers a small-talk question ("Weren't you in
            // Chicago last week?" "Yes.").
            && (answers_small_talk
                || !(0..s.norm.word_count()).all(|w| {
                    LAUGHS.contains(&s.norm.word(w)) || BACKCHANNEL.contains(&s.norm.word(w))
                }))
            && ((in_small_talk
                && (thread_hops < 2
                    || words <= SHORT_REACTION
                    || reacts_then_asks(&s.norm)
                    || laughs_first(&s.norm)
                    || s.norm.speaks_of_home_life()))
                || callback.is_some())
            && signals.is_empty()
            // "Great. Enjoy the shuttle ride!": a well-wish back to the
            // small talk is not moving on, whatever word opens it.
            // "How was Boston?" / "Great, we walked the Freedom Trail": the
            // answer's first word is not a move to business.
            && (!opens_business(&s.norm)
                || answers_small_talk && !names_a_business_turn(&s.norm)
                || callback.is_some() && wishes_well(&s.norm))
            && !asks_about_business(lex, s)
            && !views.iter().any(|v| v.held_back)
            && !views.iter().any(|v| v.logistics || v.agenda)
            // "We're renovating the first floor, and there'll be two tenants
            // in by March": a longer turn that names the business has moved on.
            && (words <= SHORT_REACTION || callback.is_some() || !views.iter().any(|v| v.business))
        {
            label = Label::SmallTalk;
            thread_hops = thread_hops.saturating_add(1);
            trace.rules.push(match &callback {
                Some(words) if !in_small_talk => format!(
                    "a brief turn that comes back to earlier small talk ({}) is small talk",
                    words.join(", ")
                ),
                _ => "small talk goes on until someone moves to business".into(),
            });
        } else if role == Role::Buyer
            && label == Label::Other
            && !in_small_talk
            && !answers_ask
            && words >= STORY_WORDS
            && speaks_for_a_team(&s.norm)
            && signals.is_empty()
            && !only_questions
            && !views.iter().any(|v| v.logistics || v.agenda)
        {
            // A buyer who talks at length about their side, unprompted, is
            // describing their situation.
            label = Label::Discovery;
            trace.rules.push(format!(
                "a buyer's statement of {STORY_WORDS}+ words about their side is discovery"
            ));
        } else if role != Role::Buyer
            && label == Label::Other
            && !pain.is_empty()
            && !in_small_talk
            && words >= PITCH_WORDS
            && signals.is_empty()
            && !only_questions
            && !views.iter().any(|v| v.logistics || v.agenda || v.checkin)
            && (speaks_for_a_team(&s.norm) || s.norm.has_any_word(&["it"]))
            && !s.norm.names_a_time_anywhere()
            && !NOT_A_PITCH.iter().any(|p| s.norm.text.contains(p))
            && !NOT_A_PITCH_OPENERS
                .iter()
                .any(|p| s.norm.text.starts_with(p))
        {
            let shared: Vec<&str> = {
                let mut v: Vec<&str> = topic_words(&s.norm).filter(|w| pain.contains(w)).collect();
                v.sort_unstable();
                v.dedup();
                v
            };
            if shared.len() >= 2 {
                // "Our scanner reads the PO straight into the system, so the
                // re-keying you described goes away": a seller who answers
                // the pain the buyer described, in its words, is showing
                // how the offer solves it.
                label = Label::Value;
                trace.rules.push(format!(
                    "a seller's statement about the offer that takes up the pain the buyer described ({}) is value",
                    shared.join(", ")
                ));
            }
        }
        // "So it's reactive. Break-fix.", "so the cash is actually costing
        // you loads": a seller who sums up, in a short "so…" statement, what
        // the buyer has just described is still finding out the situation.
        if role != Role::Buyer
            && label == Label::Other
            && signals.is_empty()
            && !in_small_talk
            && words <= RECAP_WORDS
            && i > 0
            && roles.get(i - 1) == Some(&Role::Buyer)
            && out.last().is_some_and(|p| p.label == Label::Discovery)
            && s.norm.sentence_opener(0) == Some("so")
            && !views
                .iter()
                .any(|v| v.question || v.logistics || v.agenda || v.checkin)
            && !s.norm.has_any_word(&["i", "me", "my", "we", "our", "us"])
            // "So for the full package, that's two breakfasts…": the
            // seller's own terms.
            && !SELLERS_TERMS.iter().any(|p| s.norm.text.contains(p))
        {
            label = Label::Discovery;
            trace.rules.push(
                "a seller's short \"so…\" that sums up what the buyer just described is discovery"
                    .into(),
            );
        }
        // "That'd get Maria a couple days back": a buyer who states a
        // benefit in their own words shows interest in buying (the taxonomy).
        if role == Role::Buyer
            && label == Label::Value
            && !signals.contains(&Signal::BuyingSignal)
            && !signals.contains(&Signal::Objection)
        {
            signals.push(Signal::BuyingSignal);
            trace
                .rules
                .push("a buyer stating a benefit in their own words is a buying signal".into());
        }
        // "Thursday works for you?" / "9 works", "Eleven's grand.", "Yeah,
        // I'll be there.": the buyer's short yes, or a time, to an ask that
        // named one agrees the next step.
        if role == Role::Buyer
            && answers_ask
            && words <= AGREED_WORDS
            && !signals.contains(&Signal::Objection)
            && !signals.contains(&Signal::NextStepSet)
            && !only_questions
            && i > 0
            && scanned[i - 1].norm.names_a_time_anywhere()
            && (s.norm.names_a_time_anywhere() || s.norm.has_any_word(AGREED))
            // (Normalisation spells "can't" and "cannot" "can not".)
            && !s.norm.has_any_word(&["not", "no"])
        {
            signals.push(Signal::NextStepSet);
            trace.rules.push(
                "a buyer's short yes, or a time, to an ask that named a time agrees the next step"
                    .into(),
            );
        }
        // "My daughter says it's a grandma colour.", "my neighbour put one of
        // our locks on his shed…": a seller's story about their own family
        // or home is small talk. (A buyer's family is often the need: "my
        // granddaughter starts lessons in January".)
        if role == Role::Seller
            && label == Label::Other
            && signals.is_empty()
            && s.norm.speaks_of_own_home_life()
            && !views
                .iter()
                .any(|v| v.question || v.business || v.logistics || v.agenda)
            && !opens_business(&s.norm)
        {
            label = Label::SmallTalk;
            trace
                .rules
                .push("a seller's story about their own family or home is small talk".into());
        }
        if role == Role::Buyer && label == Label::Discovery {
            // The buyer's own words, not the seller's played back.
            pain.extend(topic_words(&s.norm).filter(|w| !seller_said.contains(w)));
            let excess = pain.len().saturating_sub(PAIN_WORDS);
            pain.drain(..excess);
        } else if role != Role::Buyer && label != Label::Discovery {
            // (What the seller asked about is the buyer's to describe.)
            seller_said.extend(topic_words(&s.norm));
        }

        let discovery_questions = if role != Role::Buyer {
            views
                .iter()
                .filter(|v| v.question && v.label == Label::Discovery)
                .count()
        } else {
            0
        };

        if role != Role::Buyer {
            if opens_answer {
                discovery_open = true;
            } else if !(label == Label::Other && words <= 4) {
                discovery_open = false;
            }
            last_seller_label = Some(label);
            answers_ask = label == Label::Ask;
        } else {
            // Only the buyer's first turn after an ask replies to it.
            answers_ask = false;
            if words >= 3 && !only_questions {
                // The buyer has answered; a new question opens the next answer.
                discovery_open = false;
            }
        }
        // A small-talk turn that asks something opens a small-talk answer.
        small_talk_asked = (label == Label::SmallTalk
            && views
                .iter()
                .any(|v| v.question && v.label != Label::Discovery))
        .then_some(role);
        business_started |= matches!(label, Label::Discovery | Label::Value | Label::Ask)
            || views.iter().any(|v| v.agenda || v.business)
            || opens_business(&s.norm);
        topics.learn(&s.norm, label);
        signals.sort();
        out.push(Classified {
            label,
            signals,
            discovery_questions,
            trace,
        });
    }
    out
}

/// Classifies a single piece of text as said by `role`, with no conversation around it.
pub fn classify_text(lex: &Lexicons, text: &str, role: Role) -> Classified {
    let u = Utterance {
        text: text.to_string(),
        role,
        ..Utterance::default()
    };
    let scanned = scan(lex, std::slice::from_ref(&u));
    classify(lex, &scanned, &[role]).remove(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(text: &str, role: Role) -> Label {
        classify_text(Lexicons::builtin(), text, role).label
    }

    #[test]
    fn taxonomy_examples() {
        assert_eq!(
            label("How was the game last night?", Role::Seller),
            Label::SmallTalk
        );
        assert_eq!(
            label("How are you handling renewals today?", Role::Seller),
            Label::Discovery
        );
        assert_eq!(
            label("Can we get the order in this week?", Role::Seller),
            Label::Ask
        );
        assert_eq!(label("Can you see my screen?", Role::Seller), Label::Other);
        assert_eq!(label("Sure.", Role::Buyer), Label::Other);
    }

    #[test]
    fn precedence_inside_one_utterance() {
        assert_eq!(
            label(
                "Is it still snowing over there? So what's the biggest problem on your plate?",
                Role::Seller
            ),
            Label::Discovery
        );
    }

    #[test]
    fn negated_ask_is_not_an_ask() {
        assert_ne!(
            label("We don't need to schedule anything yet.", Role::Seller),
            Label::Ask
        );
    }

    #[test]
    fn an_objection_that_names_family_is_not_small_talk() {
        assert_eq!(
            label("I'd want to talk to my husband first.", Role::Buyer),
            Label::Other
        );
        assert_eq!(
            label("My husband loves the barbecue place by us.", Role::Buyer),
            Label::SmallTalk
        );
        // A how-are-you answer is not a refusal.
        assert_eq!(label("I am fine, thanks!", Role::Buyer), Label::SmallTalk);
    }

    #[test]
    fn a_negation_stops_at_its_clause() {
        // A negation still waiting for its verb reaches past a short aside…
        let lex = Lexicons::builtin();
        let c = classify_text(
            lex,
            "I can't, unfortunately, offer a discount.",
            Role::Seller,
        );
        assert!(!c.signals.contains(&Signal::Concession), "{c:?}");
        // …a bare "No," answering something does not negate what follows…
        assert_eq!(
            label("No, we can schedule the demo Monday.", Role::Seller),
            Label::Ask
        );
        // …and the "not" of one clause does not cancel the value of the next.
        assert_eq!(
            label(
                "Between the savings and the comps you're not eating, it pays for itself.",
                Role::Seller
            ),
            Label::Value
        );
        assert_ne!(
            label("It does not pay for itself.", Role::Seller),
            Label::Value
        );
    }

    /// Labels a conversation of (role, text) turns.
    fn classified(turns: &[(Role, &str)]) -> Vec<Classified> {
        let lex = Lexicons::builtin();
        let us: Vec<Utterance> = turns
            .iter()
            .map(|(role, text)| Utterance {
                text: text.to_string(),
                role: *role,
                ..Default::default()
            })
            .collect();
        let roles: Vec<Role> = turns.iter().map(|t| t.0).collect();
        classify(lex, &scan(lex, &us), &roles)
    }

    fn labels(turns: &[(Role, &str)]) -> Vec<Label> {
        classified(turns).into_iter().map(|c| c.label).collect()
    }

    #[test]
    fn a_sentence_both_social_and_business_follows_the_talk_around_it() {
        let sentence = "Six hours with the dog in the back.";
        // Alone it reads as the buyer's numbers…
        assert_eq!(label(sentence, Role::Buyer), Label::Discovery);
        // …after a holiday question, or beside a family sentence, it is small talk.
        assert_eq!(
            labels(&[
                (Role::Seller, "You doing anything for the holidays?"),
                (Role::Buyer, sentence),
            ])[1],
            Label::SmallTalk
        );
        assert_eq!(
            label(
                &format!("We're driving down to my in-laws. {sentence}"),
                Role::Buyer
            ),
            Label::SmallTalk
        );
        // A sentence that is only discovery still wins.
        assert_eq!(
            label(
                "We're driving down to my in-laws. Our claims take six weeks to settle.",
                Role::Buyer
            ),
            Label::Discovery
        );
    }

    #[test]
    fn one_small_talk_word_in_a_sentence_about_the_business_is_not_small_talk() {
        // A small-talk word among words that name the buyer's business…
        for (text, role) in [
            (
                "Our holiday rush starts in November and we triple our staff.",
                Role::Buyer,
            ),
            ("How do you handle vacation requests today?", Role::Seller),
            (
                "The snow last winter shut down two of our warehouses.",
                Role::Buyer,
            ),
        ] {
            assert_ne!(label(text, role), Label::SmallTalk, "{text}");
        }
        // Nor does the small-talk thread carry it on.
        let chat = [
            (Role::Seller, "Did you get snowed in up there?"),
            (
                Role::Buyer,
                "Yeah, the snow shut down two of our warehouses for a day.",
            ),
        ];
        assert_ne!(labels(&chat)[1], Label::SmallTalk);
        // …while two small-talk cues still are small talk, and so is small
        // talk with no business word.
        assert_eq!(
            label(
                "How was your weekend, did the crew get some rest?",
                Role::Seller
            ),
            Label::SmallTalk
        );
        assert_eq!(
            label("Did you have a good holiday?", Role::Seller),
            Label::SmallTalk
        );
    }

    #[test]
    fn a_question_in_a_turn_about_the_business_does_not_carry_small_talk() {
        let small_talk = [
            (Role::Seller, "Is it still snowing over there?"),
            (Role::Buyer, "Yeah, we got buried, three feet."),
        ];
        let after = |turn: &'static str| {
            let mut chat = small_talk.to_vec();
            chat.push((Role::Seller, turn));
            labels(&chat)[2]
        };
        // An unclaimed question goes on with the small talk…
        assert_eq!(after("Did you get out to shovel?"), Label::SmallTalk);
        // …unless the turn names the buyer's business.
        assert_eq!(
            after("Most practices tell me ordering eats the manager alive. Is any of that true for you?"),
            Label::Discovery
        );
        // So does a longer statement: it has moved on; a short reaction has not.
        let mut chat = small_talk.to_vec();
        chat.extend([
            (Role::Seller, "Wow, that is a lot of snow."),
            (
                Role::Buyer,
                "It is. We're renovating the first floor, and two tenants move in by March.",
            ),
            (Role::Seller, "Wow. Okay."),
        ]);
        let got = labels(&chat);
        assert_eq!(got[2], Label::SmallTalk);
        assert_ne!(got[3], Label::SmallTalk);
    }

    #[test]
    fn a_question_that_asks_about_its_small_talk_is_small_talk_anywhere() {
        // "Are you planning" is a discovery frame; what it asks about is the
        // week's fun, so the question is small talk even after a goodbye.
        let chat = [
            (Role::Buyer, "You're welcome! Thank you also."),
            (
                Role::Seller,
                "I hope you have a nice day! Are you planning anything exciting this week?",
            ),
        ];
        assert_eq!(labels(&chat)[1], Label::SmallTalk);
        assert_eq!(
            label("What are your plans for the weekend?", Role::Seller),
            Label::SmallTalk
        );
        // A frame around business stays discovery, and a rollout this week
        // is not a weekend plan.
        assert_eq!(
            label("Are you planning to roll it out this week?", Role::Seller),
            Label::Discovery
        );
        assert_eq!(
            label("We are planning to roll it out this week.", Role::Buyer),
            Label::Discovery
        );
        // A small-talk word below the threshold does not take the question.
        assert_eq!(
            label(
                "Do you think you could tell your family about it?",
                Role::Seller
            ),
            Label::Discovery
        );
    }

    #[test]
    fn a_question_both_social_and_business_in_small_talk_is_small_talk() {
        let question = "What are your plans for the weekend?";
        // Right after small talk the question is part of it.
        let chat = [
            (Role::Seller, "Is it still snowing over there?"),
            (Role::Buyer, "Yeah, we got buried."),
            (Role::Seller, question),
        ];
        assert_eq!(labels(&chat)[2], Label::SmallTalk);
        // It is then a small-talk question: the answer is small talk, and it
        // does not count as a discovery question.
        let out = classified(&[
            (Role::Seller, "Is it still snowing over there?"),
            (Role::Buyer, "Yeah, we got buried."),
            (Role::Seller, question),
            (
                Role::Buyer,
                "Probably just relaxing with the family, maybe some golf.",
            ),
        ]);
        assert_eq!(out[2].discovery_questions, 0);
        assert_eq!(out[3].label, Label::SmallTalk);
        // A business question there stays discovery.
        let chat = [
            (Role::Seller, "Is it still snowing over there?"),
            (Role::Buyer, "Yeah, we got buried."),
            (Role::Seller, "What are your plans for the renewal?"),
        ];
        assert_eq!(labels(&chat)[2], Label::Discovery);
        // So is one whose small-talk phrase is only part of a discovery
        // phrase: "how are you" inside "how are you handling".
        let chat = [
            (Role::Seller, "Is it still snowing over there?"),
            (Role::Buyer, "Yeah, we got buried."),
            (Role::Seller, "How are you handling damage claims today?"),
        ];
        assert_eq!(labels(&chat)[2], Label::Discovery);
    }

    #[test]
    fn a_buyer_who_asks_about_business_leaves_the_small_talk() {
        let chat = |buyer: &'static str| {
            labels(&[
                (Role::Seller, "How was your weekend?"),
                (Role::Buyer, "Great, we went to the lake."),
                (Role::Seller, "Nice."),
                (Role::Buyer, buyer),
            ])[3]
        };
        // A buyer's social question carries the small talk on.
        assert_eq!(chat("Do you have kids?"), Label::SmallTalk);
        assert_eq!(chat("What do you guys do on weekends?"), Label::SmallTalk);
        // A buyer's question is never discovery, but this one is not chit-chat.
        assert_eq!(
            chat("Mostly resting, so how do you feel about children's charities?"),
            Label::Other
        );
        // A social question carries the small talk on.
        assert_eq!(
            chat("Mostly resting, so where are you from?"),
            Label::SmallTalk
        );
        assert_eq!(
            chat("Mostly resting. What do you do for fun?"),
            Label::SmallTalk
        );
    }

    #[test]
    fn an_objection_is_other_unless_it_answers_a_discovery_question() {
        let objection = "We can't afford much downtime.";
        // Unprompted, the buyer is objecting…
        let chat = [
            (Role::Seller, "Our rollout takes a weekend."),
            (Role::Buyer, objection),
        ];
        assert_eq!(labels(&chat)[1], Label::Other);
        // …asked about their situation, they are describing it.
        let chat = [
            (Role::Seller, "How are you handling the migration today?"),
            (Role::Buyer, objection),
        ];
        assert_eq!(labels(&chat)[1], Label::Discovery);
        // A turn that opens with its objection and then gives the reason is
        // still objecting ("We've already got an agency, though. We use Pro Force.")…
        let chat = [
            (Role::Seller, "Our rollout takes a weekend."),
            (
                Role::Buyer,
                "We can't afford much downtime. We lose about 40 orders an hour when the system is down.",
            ),
        ];
        assert_eq!(labels(&chat)[1], Label::Other);
        // …one that opens by describing the situation, with a concern after it, describes it.
        let chat = [
            (Role::Seller, "Our rollout takes a weekend."),
            (
                Role::Buyer,
                "We lose about 40 orders an hour when the system is down. We can't afford much downtime.",
            ),
        ];
        assert_eq!(labels(&chat)[1], Label::Discovery);
    }

    #[test]
    fn so_in_a_later_sentence_turns_the_rest_of_the_turn_to_business() {
        let turn = |seller: &'static str| {
            labels(&[
                (Role::Seller, "How was your weekend?"),
                (Role::Buyer, "Great, we went up to the lake."),
                (Role::Seller, seller),
            ])[2]
        };
        // An unclaimed question carries the small talk on…
        assert_eq!(
            turn("I'm doing well, thanks. What lake was it?"),
            Label::SmallTalk
        );
        // Carried small talk goes on past "so"…
        assert_eq!(
            turn("Ha, nice. So how old are the kids now?"),
            Label::SmallTalk
        );
        // …but after the turn's own small talk, "so" turns it to business.
        assert_eq!(
            turn("I'm doing well, thanks. So, you lead the warehouse team, is that right?"),
            Label::Discovery
        );
    }

    #[test]
    fn a_buyer_agreeing_to_an_amount_is_committing_not_describing() {
        assert_eq!(label("Okay, I'll donate $1.", Role::Buyer), Label::Other);
        assert_eq!(
            label("Thirty-four dollars a seat sounds good then.", Role::Buyer),
            Label::Other
        );
        // Without an amount the buyer is still describing their situation.
        assert_eq!(
            label(
                "We need something that integrates with Salesforce and I'd love to see how yours does it.",
                Role::Buyer
            ),
            Label::Discovery
        );
        // The same number describing their situation is discovery.
        assert_eq!(
            label("We spend 40 dollars a seat today.", Role::Buyer),
            Label::Discovery
        );
    }

    #[test]
    fn an_answer_runs_on_over_the_buyers_turns() {
        let got = labels(&[
            (Role::Seller, "Do you currently carry pollution liability?"),
            (Role::Buyer, "Phil, do we? Tanya, that was you, right?"),
            (
                Role::Buyer,
                "I don't... I don't think so, nobody asked for it.",
            ),
            (Role::Buyer, "I don't think we do."),
            (Role::Seller, "Got it, let me pull up the schedule."),
            (Role::Buyer, "Sure, take your time with that."),
        ]);
        // A buyer asking a colleague does not close the question; the next
        // buyer turn goes on answering; after the seller moves on, it stops.
        assert_eq!(got[2], Label::Discovery);
        assert_eq!(got[3], Label::Discovery);
        assert_eq!(got[5], Label::Other);
    }

    #[test]
    fn a_short_question_after_logistics_is_about_the_logistics() {
        assert_eq!(
            label(
                "Let me share my screen. Can you see it? The green one?",
                Role::Seller
            ),
            Label::Other
        );
        // A real question after the logistics is still discovery.
        assert_eq!(
            label(
                "Let me share my screen. Can you see it? While it loads, how do your branch managers track training today?",
                Role::Seller
            ),
            Label::Discovery
        );
    }

    #[test]
    fn an_agenda_is_about_the_meeting() {
        let agenda = "I know you both have a full day, so here's what I'd like to cover. \
                      I want to walk you through what the markets came back with. Sound alright?";
        let c = classify_text(Lexicons::builtin(), agenda, Role::Seller);
        assert_eq!(c.label, Label::Other, "{:?}", c.trace);
        assert_eq!(c.discovery_questions, 0);
        // The same words without the agenda are an ask; an agenda that asks a
        // real discovery question keeps it.
        assert_eq!(
            label(
                "I want to walk you through what the markets came back with.",
                Role::Seller
            ),
            Label::Ask
        );
        assert_eq!(
            label(
                "Here's what I'd like to cover today. But first, how are you handling renewals today?",
                Role::Seller
            ),
            Label::Discovery
        );
        // …and a real ask in it stays an ask.
        assert_eq!(
            label(
                "Here's what I'd like to cover today. Can we get the order in this week?",
                Role::Seller
            ),
            Label::Ask
        );
    }

    #[test]
    fn not_a_topic_is_sorted_without_duplicates() {
        assert!(NOT_A_TOPIC.windows(2).all(|w| w[0] < w[1]));
        // A laughing turn turns away on every transition a turn does.
        assert!(SENTENCE_TRANSITIONS.iter().all(|w| LAUGH_TURNS.contains(w)));
    }

    #[test]
    fn a_callback_to_earlier_small_talk_is_small_talk() {
        let got = labels(&[
            (
                Role::Seller,
                "How are the kids? Is the school still doing the cookie dough fundraiser?",
            ),
            (
                Role::Buyer,
                "Ha, yes, put me down for two tubs of cookie dough.",
            ),
            (Role::Seller, "So how are you handling renewals today?"),
            (
                Role::Buyer,
                "We track them in a spreadsheet and miss a few every month.",
            ),
            (
                Role::Seller,
                "Teams like yours cut missed renewals by half with our alerts.",
            ),
            (Role::Buyer, "That would help us a lot."),
            (
                Role::Seller,
                "Oh, and the two tubs of cookie dough, chocolate chip or sugar?",
            ),
        ]);
        assert_eq!(got[1], Label::SmallTalk);
        assert_eq!(got[6], Label::SmallTalk);
        // One shared word is not a callback; business words never are.
        let got = labels(&[
            (
                Role::Seller,
                "How was the drive in? The snow on the highway looked bad.",
            ),
            (Role::Buyer, "The highway was fine, honestly."),
            (Role::Seller, "So how are you handling renewals today?"),
            (
                Role::Buyer,
                "We track them in a spreadsheet and miss a few every month.",
            ),
            (Role::Seller, "And the highway, which route do you take?"),
        ]);
        assert_eq!(got[4], Label::Discovery);
    }

    #[test]
    fn a_hey_question_past_the_greetings_turns_personal() {
        let got = labels(&[
            (Role::Seller, "Hi Nicole, thanks for making the time."),
            (Role::Buyer, "Of course, happy to."),
            (Role::Seller, "Hey, weren't you in Chicago last week?"),
            (
                Role::Seller,
                "So, are you still on the old system for training?",
            ),
        ]);
        assert_eq!(got[2], Label::SmallTalk);
        // A question that moves back to business is discovery again.
        assert_eq!(got[3], Label::Discovery);
        // The answer to it goes on the thread without overflowing its count,
        // and only the "hey" question of a turn turns personal.
        let got = labels(&[
            (Role::Seller, "Hi Tom, thanks for joining."),
            (Role::Buyer, "Sure thing."),
            (Role::Seller, "Hey, weren't you in Chicago last week?"),
            (Role::Buyer, "Yes."),
            (
                Role::Seller,
                "Hey, how was Chicago? Also, when does your current contract end?",
            ),
        ]);
        assert_eq!(got[3], Label::SmallTalk);
        assert_eq!(got[4], Label::Discovery);
        // After a lead-in ("oh hey"), and a question how a named place went,
        // turn personal too; the answer goes on with it.
        let got = labels(&[
            (Role::Seller, "Hi Tom, thanks for joining."),
            (Role::Buyer, "Sure thing."),
            (Role::Seller, "Oh hey, did you catch the Rangers?"),
            (Role::Buyer, "Nope, missed it."),
            (
                Role::Seller,
                "Right. So, Karen, how was Boston? You were at the DIA conference, no?",
            ),
            (Role::Buyer, "It was good, exhausting. Too many booths."),
            (Role::Seller, "So how was Thursday's rollout? How was it?"),
        ]);
        assert_eq!(got[2..6], [Label::SmallTalk; 4]);
        assert_eq!(got[6], Label::Discovery);
        // So does a question about their trip to a named place, and the
        // answer goes on with it.
        let got = labels(&[
            (Role::Seller, "Hi Kim, thanks for making the time."),
            (Role::Buyer, "Of course."),
            (
                Role::Seller,
                "Great. Did you end up going to Portugal? I remember you said October.",
            ),
            (
                Role::Buyer,
                "We did! Lisbon and then down to the Algarve. I ate my weight in pastries.",
            ),
        ]);
        assert_eq!(got[2..4], [Label::SmallTalk; 2]);
        // Not one that names the business, however it opens; an answer's
        // "Great," does not move on; "Right," in the same turn does.
        let got = labels(&[
            (Role::Seller, "Hi Kim, thanks for making the time."),
            (Role::Buyer, "Of course."),
            (Role::Seller, "Hey, did the new invoicing software go live?"),
            (Role::Buyer, "Not yet, it slipped to March."),
            (Role::Seller, "Karen, how was Boston?"),
            (
                Role::Buyer,
                "Great, we walked the Freedom Trail with the kids.",
            ),
            (
                Role::Seller,
                "Karen, how was Boston? Right, where are you with the budget?",
            ),
        ]);
        assert_eq!(got[2], Label::Discovery);
        assert_eq!(got[4..6], [Label::SmallTalk; 2]);
        assert_eq!(got[6], Label::Discovery);
    }

    #[test]
    fn a_wrap_up_that_hands_the_decision_back_is_not_value() {
        let text = "Here's what I'll do. I'll send over the case study so you can see \
                    how we work. Have a look and let me know what you think.";
        let c = classify_text(Lexicons::builtin(), text, Role::Seller);
        assert!(c.signals.contains(&Signal::Continuation), "{c:?}");
        assert_eq!(c.label, Label::Other);
    }

    #[test]
    fn buyer_answer_to_discovery_question() {
        let lex = Lexicons::builtin();
        let us = [
            Utterance {
                text: "How are you handling claims today?".into(),
                role: Role::Seller,
                ..Default::default()
            },
            Utterance {
                text: "It's all in one inbox and nobody owns it.".into(),
                role: Role::Buyer,
                ..Default::default()
            },
        ];
        let roles = [Role::Seller, Role::Buyer];
        let c = classify(lex, &scan(lex, &us), &roles);
        assert_eq!(c[1].label, Label::Discovery);
        assert!(c[1]
            .trace
            .rules
            .iter()
            .any(|r| r.contains("answer to a discovery")));
        assert_eq!(c[0].discovery_questions, 1);
    }

    #[test]
    fn a_short_answer_to_an_open_question_is_discovery() {
        let got = labels(&[
            (Role::Seller, "Which ELD are you guys on, by the way?"),
            (Role::Buyer, "Motive."),
            (Role::Seller, "Do you track idle time today?"),
            (Role::Buyer, "Yes, I do."),
            (Role::Seller, "When's the contract up?"),
            (Role::Buyer, "Yeah."),
            (Role::Seller, "Which team owns scheduling?"),
            (Role::Buyer, "Hang on."),
        ]);
        // A word about the call is no answer.
        assert_eq!(got[7], Label::Other);
        assert_eq!(got[1], Label::Discovery);
        // A yes to a yes-or-no question, or a bare back-channel, says nothing more.
        assert_eq!(got[3], Label::Other);
        assert_eq!(got[5], Label::Other);
    }

    #[test]
    fn a_check_in_on_a_next_step_is_an_ask() {
        let text = "Perfect. So I'll be at the plant Wednesday at nine, you'll have the \
                    quote Thursday, and we sign by Friday. Sound right?";
        let c = classify_text(Lexicons::builtin(), text, Role::Seller);
        assert_eq!(c.label, Label::Ask, "{c:?}");
        assert!(c.trace.rules.iter().any(|r| r.contains("next step")));
        // Without the check-in, setting out the next step is not asking; nor
        // is a continuation with a check-in.
        let text = "Perfect. I'll send the invite for Thursday at nine.";
        assert_eq!(label(text, Role::Seller), Label::Other);
        let text = "I'll send over some info by Friday, let me know what you think. Sound right?";
        assert_ne!(label(text, Role::Seller), Label::Ask);
    }

    #[test]
    fn how_they_go_about_a_task_is_no_how_are_you() {
        seller_says(
            &[
                "So how are you, um, how are you screening candidates today?",
                "How are you pricing the add-ons?",
            ],
            Label::Discovery,
            true,
        );
        seller_says(
            &[
                "How are you?",
                "How are you finding the new place?",
                "How are you spending the holidays?",
            ],
            Label::SmallTalk,
            true,
        );
    }

    #[test]
    fn a_greeting_by_name_asks_nothing() {
        seller_says(
            &[
                "Alright, Mrs Green? It's Dan from Warmway, I'm just outside.",
                "Hi there, Linda? It's Dave from Brightwater Solar.",
            ],
            Label::Other,
            true,
        );
        // Not once it asks something.
        seller_says(
            &["Hi Linda, how many sites do you run?"],
            Label::Discovery,
            true,
        );
    }

    #[test]
    fn a_seller_offering_to_act_asks_no_discovery_question() {
        let offers = [
            "How about I send you a detailed proposal so you both can review it?",
            "Okay so can I show you real quick?",
            "Would you like me to walk you through it?",
            "Can I start by showing you the dashboard?",
        ];
        for text in offers {
            let c = classify_text(Lexicons::builtin(), text, Role::Seller);
            assert_ne!(c.label, Label::Discovery, "{text}");
            assert_eq!(c.discovery_questions, 0, "{text}");
        }
        // Asking leave to ask is still asking.
        for text in [
            "Could I just ask who signs off on this?",
            "Should I be talking to someone else about this?",
            "Can I start by asking where the project is at?",
        ] {
            assert_eq!(label(text, Role::Seller), Label::Discovery, "{text}");
        }
    }

    #[test]
    fn a_seller_saying_what_follows_shows_value() {
        for text in [
            "Perfect, we integrate with Motive natively, so the data just flows.",
            "And the batteries last five to seven years, so there's really not much maintenance.",
        ] {
            let c = classify_text(Lexicons::builtin(), text, Role::Seller);
            assert_eq!(c.label, Label::Value, "{text}");
            assert!(c.trace.rules.iter().any(|r| r.contains("what follows")));
        }
        for text in [
            // The speaker's own plans, an agenda, a sum, a fragment, a buyer.
            "I know January's a bear for you guys, so I'll keep this tight.",
            "I know you both have a full day, so here's what I'd like to cover.",
            "Less the thirty-eight rebate, so about one forty-nine net.",
            "Ours is a rescue, she's terrified of the vacuum, so, same energy.",
            "We do not support single sign-on yet, so that would be a blocker for you.",
            "The webinar recording is on our website, so feel free to check it out.",
            "Okay, so the data flows.",
        ] {
            assert_ne!(label(text, Role::Seller), Label::Value, "{text}");
        }
        assert_ne!(
            label(
                "We run everything through one inbox, so nobody owns it.",
                Role::Buyer
            ),
            Label::Value
        );
    }

    #[test]
    fn an_unclaimed_question_in_the_opening_small_talk_is_small_talk() {
        let got = labels(&[
            (Role::Seller, "Hi Tanya! How was the weekend?"),
            (Role::Buyer, "Good, good. Busy."),
            (
                Role::Seller,
                "Did you end up going to Portugal? I remember you said October.",
            ),
            (Role::Buyer, "We did! Lisbon and then down to the coast."),
            (Role::Seller, "So, how are you handling renewals today?"),
            (Role::Buyer, "Mostly by hand."),
            (Role::Seller, "Did you end up hiring for that role?"),
        ]);
        assert_eq!(got[2], Label::SmallTalk);
        assert_eq!(got[3], Label::SmallTalk);
        assert_eq!(got[4], Label::Discovery);
        // Once the business has started, the same kind of question is discovery.
        assert_eq!(got[6], Label::Discovery);
        // With no small talk at the start, a first question is discovery.
        let cold = labels(&[
            (Role::Seller, "Hi, it's Dana from Acme."),
            (Role::Buyer, "Hi."),
            (
                Role::Seller,
                "Did you end up going with a vendor for the audit?",
            ),
        ]);
        assert_eq!(cold[2], Label::Discovery);
        // Past the small-talk thread (two turns that are not small talk), the
        // opening still goes on until someone talks business.
        let later = labels(&[
            (Role::Seller, "Hi Tanya! How was the weekend?"),
            (Role::Buyer, "Good, good. Busy."),
            (Role::Seller, "Can you hear me alright?"),
            (Role::Buyer, "Yep, loud and clear."),
            (Role::Seller, "Did you end up going to Portugal?"),
            (Role::Buyer, "We did! Lisbon and then down to the coast."),
        ]);
        assert_eq!(later[4], Label::SmallTalk, "{later:?}");
        assert_eq!(later[5], Label::SmallTalk, "{later:?}");
    }

    #[test]
    fn laughter_or_a_reaction_then_a_question_carries_the_thread_past_its_cap() {
        // Two turns carried on the thread after its last cue: its cap.
        let story = [
            (Role::Seller, "How was the weekend?"),
            (
                Role::Buyer,
                "Good! Beach wedding, it poured the whole time.",
            ),
            (
                Role::Seller,
                "Oh no, and the photos must have been something else after all that.",
            ),
            (
                Role::Buyer,
                "They were, somehow. Everyone looked soaked through but very happy ones.",
            ),
        ];
        let with = |turn: (Role, &'static str)| {
            let mut call = story.to_vec();
            call.push(turn);
            let got = labels(&call);
            assert!(got[..4].iter().all(|l| *l == Label::SmallTalk), "{got:?}");
            got[4]
        };
        // A plain statement past the cap is not carried.
        assert_eq!(
            with((
                Role::Seller,
                "The tent people must have made a fortune that day."
            )),
            Label::Other
        );
        // Laughing at the story goes on with it.
        assert_eq!(
            with((
                Role::Seller,
                "Ha! The tent people must have made a fortune that day."
            )),
            Label::SmallTalk
        );
        // So does a short reaction and a question about it, from either side.
        assert_eq!(
            with((
                Role::Seller,
                "Ach, the poor wee things. Did the cake survive at least?"
            )),
            Label::SmallTalk
        );
        // Laughing along, even a question with discovery words stays in it.
        assert_eq!(
            with((Role::Seller, "Ha! How many people were at it?")),
            Label::SmallTalk
        );
        // A bare laugh or "yeah" is a back-channel, not small talk.
        assert_eq!(with((Role::Buyer, "Haha. Yeah.")), Label::Other);
        // Not laughter that then turns to business.
        assert_ne!(
            with((
                Role::Seller,
                "Ha. So, how many sites are you running the system on now?"
            )),
            Label::SmallTalk
        );
    }

    #[test]
    fn the_answer_to_a_small_talk_question_is_small_talk() {
        let storm = [
            (Role::Seller, "Good to meet you. How'd you folks make out with that ice storm?"),
            (
                Role::Buyer,
                "We lost power Saturday night, so Sunday we had thirty people and a bunch of candles.",
            ),
        ];
        let got = labels(&storm);
        assert_eq!(got, [Label::SmallTalk, Label::SmallTalk]);
        // Without the small-talk question before it, the same words read as
        // the buyer's situation.
        assert_eq!(labels(&storm[1..]), [Label::Discovery]);
        // An answer that names the business has moved on to it.
        let got = labels(&[
            storm[0],
            (
                Role::Buyer,
                "We lost power Saturday night, so we lost thirty orders and the whole inventory count.",
            ),
        ]);
        assert_eq!(got[1], Label::Discovery);
        // A question about the buyer's current provider is not small talk,
        // so its answer is not either.
        let got = labels(&[
            (
                Role::Seller,
                "So how are things going with your current provider?",
            ),
            (
                Role::Buyer,
                "Not great. We run short on scrubs three days a week.",
            ),
        ]);
        assert_eq!(got, [Label::Discovery, Label::Discovery]);
    }

    #[test]
    fn a_buyer_replying_to_an_ask_is_not_describing_their_situation() {
        let reply = (
            Role::Buyer,
            "Sure, our team could probably do that, we usually have the afternoons open.",
        );
        let got = labels(&[
            (
                Role::Seller,
                "Would it make sense to set up a tour of our plant next week?",
            ),
            reply,
        ]);
        assert_eq!(got, [Label::Ask, Label::Other]);
        // Unprompted, the same words about their side describe it.
        let got = labels(&[(Role::Seller, "Okay."), reply]);
        assert_eq!(got[1], Label::Discovery);
        // Only the first turn replies to the ask: what the buyer adds after
        // it describes their situation again.
        let got = labels(&[
            (
                Role::Seller,
                "Would it make sense to set up a tour of our plant next week?",
            ),
            (Role::Buyer, "Yeah, let's do that."),
            reply,
        ]);
        assert_eq!(got[2], Label::Discovery);
    }

    #[test]
    fn a_well_wish_about_earlier_small_talk_is_small_talk() {
        let call = |closing: &'static str| {
            labels(&[
                (
                    Role::Seller,
                    "How was the weekend? Did the shuttle run okay?",
                ),
                (Role::Buyer, "Ha, the shuttle was packed, but we survived."),
                (Role::Seller, "So how are you handling linen orders today?"),
                (
                    Role::Buyer,
                    "By hand, mostly, and we run short twice a week.",
                ),
                (Role::Seller, "Thanks for walking me through it."),
                (Role::Seller, closing),
            ])[5]
        };
        // One word of the earlier small talk is enough in a well-wish...
        assert_eq!(
            call("Great. Enjoy the shuttle ride, Rebecca!"),
            Label::SmallTalk
        );
        // ...but not in a plain closing, nor a wish about the business.
        assert_eq!(
            call("Great. The shuttle list is in the email."),
            Label::Other
        );
        assert_eq!(
            call("Great. Enjoy the linen report, Rebecca!"),
            Label::Other
        );
    }

    #[test]
    fn a_question_about_the_offer_keeps_its_buying_signal_beside_an_objection() {
        let c = classified(&[(
            Role::Buyer,
            "Honestly the price is a concern. How much would it cost for ten seats?",
        )]);
        assert!(c[0].signals.contains(&Signal::BuyingSignal), "{:?}", c[0]);
        assert!(c[0].signals.contains(&Signal::Objection), "{:?}", c[0]);
        // Interest that only hedges the objection is not a buying signal.
        let c = classified(&[(
            Role::Buyer,
            "That sounds interesting. I'm worried about the cost though.",
        )]);
        assert_eq!(c[0].signals, vec![Signal::Objection], "{:?}", c[0]);
    }

    /// Asserts that a seller saying each text alone gets `want` (or, with
    /// `is == false`, anything but `want`).
    fn seller_says(texts: &[&str], want: Label, is: bool) {
        for text in texts {
            assert_eq!(label(text, Role::Seller) == want, is, "{text}");
        }
    }

    #[test]
    fn a_seller_giving_the_reason_first_shows_value() {
        seller_says(
            &[
                "And because we hold the stock locally, if a part fails you've got a replacement the next morning.",
                "Right, because the rubric is shared, teachers spend their evenings at home.",
            ],
            Label::Value,
            true,
        );
        seller_says(
            &[
                // Too short a reason, a negated one, or no clause after it.
                "Because of that, sure.",
                "Because we don't integrate with SAP yet, you'd need the export.",
                "Because the board meets on Tuesday.",
                // The speaker's own news or an apology after the reason.
                "Because our system was down this morning, I couldn't get the quote out yet.",
                "Because the kids had a half day, I'm working from home this afternoon.",
            ],
            Label::Value,
            false,
        );
    }

    #[test]
    fn a_short_sentence_about_the_call_is_not_an_ask() {
        assert_eq!(label("Shall we get started?", Role::Seller), Label::Other);
        // Once the business has started, the same words start the deal.
        let got = labels(&[
            (
                Role::Seller,
                "So the price is thirty-four a truck, install included.",
            ),
            (Role::Buyer, "That works for us."),
            (Role::Seller, "Great. So, shall we get started?"),
        ]);
        assert_eq!(got[2], Label::Ask);
        assert_eq!(
            label(
                "Can we get started on the paperwork this week?",
                Role::Seller
            ),
            Label::Ask
        );
    }

    #[test]
    fn a_yes_or_no_question_that_puts_a_time_is_an_ask() {
        seller_says(
            &[
                "Great. I'll send the revised agreement within the hour. Does three work?",
                "Tuesday at nine, here at the store, would you both be there?",
                "Could the two of you come by Friday morning?",
            ],
            Label::Ask,
            true,
        );
        seller_says(
            &[
                // A question word, the past, a habit or anything else: discovery.
                "What happens on Friday when the truck is late?",
                "Is that every Friday or just once in a while?",
                "Before Thursday, is there anything she'll want to see?",
                "Is Monday your busiest day for new bookings?",
                "Are you open on Saturday?",
            ],
            Label::Discovery,
            true,
        );
        // Whether they went to something, on a day, asks about their life.
        seller_says(
            &[
                "Did you survive the scramble Friday?",
                "Did y'all catch the game Saturday?",
            ],
            Label::SmallTalk,
            true,
        );
    }

    #[test]
    fn a_seller_taking_up_the_buyers_pain_shows_value() {
        // The seller's reply after the buyer described the pain.
        let after_pain = |reply: &'static str| {
            labels(&[
                (Role::Seller, "How do tickets get into billing today?"),
                (
                    Role::Buyer,
                    "Honestly, the drivers hand their tickets to Maria and she types them into billing every night.",
                ),
                (Role::Seller, reply),
            ])
        };
        let pitch = "Okay. Our scanner pulls each ticket straight into billing, and the drivers never touch a keyboard.";
        assert_eq!(
            after_pain(pitch),
            [Label::Discovery, Label::Discovery, Label::Value]
        );
        // Without the buyer's account of it, the same words are no pitch.
        assert_eq!(labels(&[(Role::Seller, pitch)])[0], Label::Other);
        // Nor is a gap admitted in the buyer's words, nor a price.
        for reply in [
            "Honestly it won't stop the drivers handing tickets to billing, that part stays manual.",
            "Okay. For the drivers and billing it comes to about forty dollars a month per truck.",
        ] {
            assert_eq!(after_pain(reply)[2], Label::Other, "{reply}");
        }
    }

    #[test]
    fn a_buyer_stating_a_benefit_shows_a_buying_signal() {
        let c = classified(&[
            (Role::Seller, "The scanner reads each ticket into billing."),
            (Role::Buyer, "That would save us hours every night."),
        ]);
        assert_eq!(c[1].label, Label::Value);
        assert!(c[1].signals.contains(&Signal::BuyingSignal));
    }

    #[test]
    fn a_buyers_yes_to_a_time_agrees_the_next_step() {
        let reply = |buyer: &'static str| {
            classified(&[
                (Role::Seller, "Can we get the demo in for Thursday at 10?"),
                (Role::Buyer, buyer),
            ])[1]
                .signals
                .contains(&Signal::NextStepSet)
        };
        for yes in [
            "10 works.",
            "Thursday's grand.",
            "Yeah, I'll be there.",
            "Ok.",
        ] {
            assert!(reply(yes), "{yes}");
        }
        for no in [
            "Thursday doesn't work, no.",
            "Who else will be on it?",
            "I'd have to check with my boss first.",
        ] {
            assert!(!reply(no), "{no}");
        }
    }

    #[test]
    fn a_sellers_story_about_their_own_family_is_small_talk() {
        let after = |seller: &'static str| {
            labels(&[
                (Role::Seller, "How are you handling renewals today?"),
                (Role::Buyer, "Mostly by hand, in a spreadsheet."),
                (Role::Seller, seller),
            ])[2]
        };
        assert_eq!(
            after("Ha, my daughter says the same about my cooking."),
            Label::SmallTalk
        );
        // Not the buyer's family, which is often the need, nor business.
        assert_ne!(
            labels(&[(Role::Buyer, "My neighbour put one in last spring.")])[0],
            Label::SmallTalk
        );
        assert_ne!(
            after("My team set up the renewals module for a clinic like yours."),
            Label::SmallTalk
        );
    }

    #[test]
    fn a_seller_summing_up_the_buyers_account_is_discovery() {
        let after_account = |reply: &'static str| {
            labels(&[
                (Role::Seller, "What happens when a unit goes down?"),
                (
                    Role::Buyer,
                    "We call whoever picks up first and hope they can come out that week.",
                ),
                (Role::Seller, reply),
            ])[2]
        };
        assert_eq!(
            after_account("So it's reactive. Break-fix."),
            Label::Discovery
        );
        // Not the seller's own plan, a question or a long statement.
        for reply in [
            "So we'd send a tech out within four hours.",
            "So that's forty dollars a month per unit.",
            "So one thing that a lot of the property managers we talk to find is that the calls pile up on Mondays.",
        ] {
            assert_ne!(after_account(reply), Label::Discovery, "{reply}");
        }
    }
}
