//! One sales call, written out in every supported format by the writers
//! below, read back with format detection: each must be detected as the
//! format it was written in and give back the same turns — speakers (as that
//! format names them), texts, and times as far as the format carries them.
//!
//! Then the real analysis runs on each rendering: every one gives the same
//! sides, labels and signals.
//!
//! The fixtures in `fixtures/formats/` pin each parser's quirks on real and
//! hand-made files; this test pins that the parsers agree with each other,
//! so the analysis of one call does not depend on the tool that recorded it.

use closecall::lexicon::Lexicons;
use closecall::parse::{format_by_name, gong::apply_gong_parties, parse_text, FORMATS};
use closecall::report::{analyze, AnalyzeOptions};
use closecall::roles::RoleOptions;
use closecall::taxonomy::{Label, Signal};
use closecall::{Role, Transcript, Utterance};
use serde_json::{json, Value};

struct Turn {
    /// 0 = the seller (Dana, acme.com), 1 = the buyer (Tom, globex.com).
    who: usize,
    start: f64,
    end: f64,
    text: &'static str,
}

const NAMES: [&str; 2] = ["Dana Whitfield", "Tom Okafor"];
const ORGS: [&str; 2] = ["acme.com", "globex.com"];

/// Starts are whole seconds so formats with `m:ss` times carry them exactly.
/// The call has every label: small talk, discovery, value, an ask (and a
/// buying signal and a next step), so that comparing labels means something.
const CALL: &[Turn] = &[
    Turn {
        who: 0,
        start: 1.0,
        end: 6.5,
        text: "Hi Tom, thanks for making time today. How was the trip to the lake?",
    },
    Turn {
        who: 1,
        start: 7.0,
        end: 12.5,
        text: "Lovely, thanks. The kids caught their first fish and the weather held all weekend.",
    },
    Turn {
        who: 0,
        start: 13.0,
        end: 18.25,
        text: "Great. So what prompted you to look at new reporting tools this quarter?",
    },
    Turn {
        who: 1,
        start: 19.0,
        end: 26.5,
        text: "Our reporting takes two people a full week every month, and the audit is coming.",
    },
    Turn {
        who: 0,
        start: 27.0,
        end: 33.0,
        text: "What does that week cost you, and what happens if the audit finds gaps?",
    },
    Turn {
        who: 1,
        start: 34.0,
        end: 42.5,
        text: "Probably thirty thousand a year in time, and a finding would delay our funding round.",
    },
    Turn {
        who: 0,
        start: 43.0,
        end: 54.75,
        text: "Our platform builds those monthly reports automatically, so your team gets that week back. Initech cut month-end reporting from five days to one afternoon.",
    },
    Turn {
        who: 1,
        start: 55.0,
        end: 59.5,
        text: "Interesting. What would pricing look like for twenty seats?",
    },
    Turn {
        who: 0,
        start: 60.0,
        end: 67.25,
        text: "Forty dollars a seat per month, billed annually. Can we start a trial on Monday?",
    },
    Turn {
        who: 1,
        start: 68.0,
        end: 71.5,
        text: "Yes, let's do Monday. Send me the order form too.",
    },
    Turn {
        who: 0,
        start: 72.0,
        end: 78.0,
        text: "Will do. I'll send the order form today and book the kickoff for Monday at ten.",
    },
];

/// A second, shorter call between the same people: Gong files hold several.
const FOLLOW_UP: &[Turn] = &[
    Turn {
        who: 0,
        start: 0.0,
        end: 5.5,
        text: "Hi Tom, following up on the trial. How is the team finding the dashboards?",
    },
    Turn {
        who: 1,
        start: 6.0,
        end: 12.0,
        text: "Really well. The first monthly report took an hour instead of a week.",
    },
    Turn {
        who: 0,
        start: 13.0,
        end: 20.5,
        text:
            "That's great to hear. Can we put the twenty seats on an annual contract starting this week?",
    },
    Turn {
        who: 1,
        start: 21.0,
        end: 26.0,
        text: "Yes, send the contract over and I'll sign it by Friday.",
    },
];

#[derive(Clone, Copy, PartialEq)]
enum Times {
    /// Start and end of every turn.
    Full,
    /// Starts only: a turn ends where the next starts (the last one's end is estimated).
    StartOnly,
    None,
}

fn mmss(t: f64) -> String {
    let s = t as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

fn hhmmss(t: f64, sep: char) -> String {
    let ms = (t * 1000.0).round() as u64;
    format!(
        "{:02}:{:02}:{:02}{sep}{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

/// Splits a turn into words with evenly spread times; punctuation stays on its word.
fn words(t: &Turn) -> Vec<(String, f64, f64)> {
    let w: Vec<&str> = t.text.split_whitespace().collect();
    let step = (t.end - t.start) / w.len() as f64;
    w.iter()
        .enumerate()
        .map(|(i, w)| {
            let s = t.start + step * i as f64;
            let e = if i + 1 == w.len() { t.end } else { s + step };
            (
                (*w).to_string(),
                (s * 1000.0).round() / 1000.0,
                (e * 1000.0).round() / 1000.0,
            )
        })
        .collect()
}

/// A word without its trailing punctuation, and that punctuation.
fn split_punct(w: &str) -> (&str, &str) {
    let cut = w.trim_end_matches(['.', ',', '?', '!']).len();
    w.split_at(cut)
}

fn pretty(v: Value) -> String {
    serde_json::to_string_pretty(&v).unwrap()
}

fn write_zoom() -> String {
    let mut s = String::from("WEBVTT\n\n");
    for (i, t) in CALL.iter().enumerate() {
        s += &format!(
            "{}\n{} --> {}\n{}: {}\n\n",
            i + 1,
            hhmmss(t.start, '.'),
            hhmmss(t.end, '.'),
            NAMES[t.who],
            t.text
        );
    }
    s
}

fn write_teams() -> String {
    let mut s = String::from("WEBVTT\n\n");
    for (i, t) in CALL.iter().enumerate() {
        s += &format!(
            "6f1c2a3b-90ab-4cde-8f01-23456789abcd/{}-0\n{} --> {}\n<v {}>{}</v>\n\n",
            i + 10,
            hhmmss(t.start, '.'),
            hhmmss(t.end, '.'),
            NAMES[t.who],
            t.text
        );
    }
    s
}

fn write_webvtt() -> String {
    let mut s = String::from("WEBVTT - discovery call\n\nNOTE written by the round-trip test\n\n");
    for t in CALL {
        s += &format!(
            "{} --> {} align:start\n<v {}>{}\n\n",
            hhmmss(t.start, '.'),
            hhmmss(t.end, '.'),
            NAMES[t.who],
            t.text
        );
    }
    s
}

fn write_srt() -> String {
    let mut s = String::new();
    for (i, t) in CALL.iter().enumerate() {
        s += &format!(
            "{}\n{} --> {}\n{}: {}\n\n",
            i + 1,
            hhmmss(t.start, ','),
            hhmmss(t.end, ','),
            NAMES[t.who],
            t.text
        );
    }
    s
}

fn write_otter() -> String {
    let mut s = String::new();
    for t in CALL {
        s += &format!("{}  {}  \n{}\n\n", NAMES[t.who], mmss(t.start), t.text);
    }
    s + "Transcribed by https://otter.ai\n"
}

fn write_fathom() -> String {
    let mut s = String::from(
        "Discovery - Acme / Globex\nVIEW RECORDING - 2 mins (No highlights): https://fathom.video/share/x\n\n---\n\n",
    );
    for t in CALL {
        s += &format!(
            "{} - {} ({})\n  {}\n\n",
            mmss(t.start),
            NAMES[t.who],
            ORGS[t.who],
            t.text
        );
    }
    s
}

fn write_google_meet() -> String {
    let mut s = String::from(
        "Acme / Globex discovery (2024-05-02 15:00 GMT+1) - Transcript\n\nAttendees\n\nDana Whitfield, Tom Okafor, Fireflies.ai Notetaker\n\nTranscript\n\nThis editable transcript was computer generated and might contain errors. People can also change the text after it was created.\n\n",
    );
    for t in CALL {
        s += &format!("{}: {}\n\n", NAMES[t.who], t.text);
    }
    s + "Meeting ended after 00:01:18 👋\n"
}

fn write_rev_text() -> String {
    let mut s = String::new();
    for t in CALL {
        s += &format!("{} ({}):\n{}\n\n", NAMES[t.who], mmss(t.start), t.text);
    }
    s
}

fn write_chat() -> String {
    CALL.iter()
        .map(|t| format!("[{}] {}: {}\n", mmss(t.start), NAMES[t.who], t.text))
        .collect()
}

fn write_text() -> String {
    CALL.iter().map(|t| format!("{}\n\n", t.text)).collect()
}

fn write_gong() -> String {
    write_gong_calls(&[("42", CALL)])
}

/// A Gong response holding each `(callId, turns)` as one call.
fn write_gong_calls(calls: &[(&str, &[Turn])]) -> String {
    let calls: Vec<Value> = calls
        .iter()
        .map(|(id, turns)| {
            let mono: Vec<Value> = turns
                .iter()
                .map(|t| {
                    json!({"speakerId": (["5501", "7702"][t.who]), "topic": null, "sentences": [
                        {"start": (t.start * 1000.0) as u64, "end": (t.end * 1000.0) as u64, "text": t.text}]})
                })
                .collect();
            json!({"callId": id, "transcript": mono})
        })
        .collect();
    pretty(
        json!({"requestId": "rt", "records": {"totalRecords": calls.len()}, "callTranscripts": calls}),
    )
}

fn write_rev_json() -> String {
    let mono: Vec<Value> = CALL
        .iter()
        .map(|t| {
            let mut el = Vec::new();
            for (i, (w, s, e)) in words(t).iter().enumerate() {
                if i > 0 {
                    el.push(json!({"type": "punct", "value": " "}));
                }
                let (word, punct) = split_punct(w);
                el.push(json!({"type": "text", "value": word, "ts": s, "end_ts": e, "confidence": 1.0}));
                if !punct.is_empty() {
                    el.push(json!({"type": "punct", "value": punct}));
                }
            }
            json!({"speaker": t.who, "speaker_info": {"id": t.who, "display_name": NAMES[t.who]}, "elements": el})
        })
        .collect();
    pretty(json!({"monologues": mono}))
}

fn write_aws_transcribe() -> String {
    let mut items = Vec::new();
    let mut segments = Vec::new();
    for t in CALL {
        let label = format!("spk_{}", t.who);
        let mut seg_items = Vec::new();
        for (w, s, e) in words(t) {
            let (word, punct) = split_punct(&w);
            let (s, e) = (format!("{s:.3}"), format!("{e:.3}"));
            items.push(json!({"start_time": s, "end_time": e, "alternatives": [{"confidence": "0.99", "content": word}], "type": "pronunciation"}));
            seg_items.push(json!({"start_time": s, "end_time": e, "speaker_label": label}));
            if !punct.is_empty() {
                items.push(json!({"alternatives": [{"confidence": "0.0", "content": punct}], "type": "punctuation"}));
            }
        }
        segments.push(json!({"start_time": format!("{:.3}", t.start), "end_time": format!("{:.3}", t.end), "speaker_label": label, "items": seg_items}));
    }
    let text: Vec<&str> = CALL.iter().map(|t| t.text).collect();
    pretty(
        json!({"jobName": "rt", "accountId": "1", "status": "COMPLETED", "results": {
        "transcripts": [{"transcript": text.join(" ")}],
        "speaker_labels": {"speakers": 2, "segments": segments},
        "items": items}}),
    )
}

fn write_aws_call_analytics() -> String {
    let turns: Vec<Value> = CALL
        .iter()
        .map(|t| {
            json!({"ParticipantRole": (["AGENT", "CUSTOMER"][t.who]), "BeginOffsetMillis": (t.start * 1000.0) as u64,
                   "EndOffsetMillis": (t.end * 1000.0) as u64, "Content": t.text, "Sentiment": "NEUTRAL"})
        })
        .collect();
    pretty(json!({"JobName": "rt", "LanguageCode": "en-US", "Transcript": turns}))
}

fn write_deepgram() -> String {
    let utterances: Vec<Value> = CALL
        .iter()
        .map(|t| json!({"start": t.start, "end": t.end, "confidence": 0.99, "channel": 0, "transcript": t.text, "speaker": t.who}))
        .collect();
    let text: Vec<&str> = CALL.iter().map(|t| t.text).collect();
    pretty(
        json!({"metadata": {"request_id": "rt", "duration": 78.0, "channels": 1},
        "results": {"channels": [{"alternatives": [{"transcript": text.join(" "), "confidence": 0.99, "words": []}]}],
                    "utterances": utterances}}),
    )
}

fn write_assemblyai() -> String {
    let utterances: Vec<Value> = CALL
        .iter()
        .map(|t| json!({"speaker": (["A", "B"][t.who]), "start": (t.start * 1000.0) as u64, "end": (t.end * 1000.0) as u64, "text": t.text, "confidence": 0.9, "words": []}))
        .collect();
    pretty(
        json!({"id": "rt", "status": "completed", "text": "…", "words": [], "utterances": utterances, "audio_duration": 78}),
    )
}

fn segments(speakers: bool) -> Vec<Value> {
    CALL.iter()
        .enumerate()
        .map(|(i, t)| {
            let mut s = json!({"id": i, "seek": 0, "start": t.start, "end": t.end, "text": format!(" {}", t.text), "avg_logprob": -0.2});
            if speakers {
                s["speaker"] = json!(format!("SPEAKER_0{}", t.who));
            }
            s
        })
        .collect()
}

fn write_whisper() -> String {
    pretty(json!({"text": "…", "segments": segments(false), "language": "en"}))
}

fn write_whisperx() -> String {
    pretty(json!({"segments": segments(true), "word_segments": []}))
}

fn write_google_stt() -> String {
    let secs = |t: f64| format!("{t:.3}s");
    let mut results: Vec<Value> = Vec::new();
    let mut all = Vec::new();
    for t in CALL {
        let mut ws = Vec::new();
        for (w, s, e) in words(t) {
            ws.push(json!({"startTime": secs(s), "endTime": secs(e), "word": w}));
            all.push(json!({"startTime": secs(s), "endTime": secs(e), "word": w, "speakerTag": t.who + 1}));
        }
        results.push(json!({"alternatives": [{"transcript": t.text, "confidence": 0.9, "words": ws}], "resultEndTime": secs(t.end), "languageCode": "en-us"}));
    }
    // Diarization: the last result repeats every word, with speakers.
    results.push(json!({"alternatives": [{"words": all}], "languageCode": "en-us"}));
    pretty(json!({"results": results, "totalBilledTime": "78s"}))
}

fn write_fireflies() -> String {
    let sentences: Vec<Value> = CALL
        .iter()
        .enumerate()
        .map(|(i, t)| json!({"index": i, "speaker_name": NAMES[t.who], "speaker_id": t.who, "text": t.text, "raw_text": t.text.to_lowercase(), "start_time": t.start, "end_time": t.end}))
        .collect();
    pretty(
        json!({"data": {"transcript": {"id": "rt", "title": "Acme x Globex", "sentences": sentences}}}),
    )
}

/// JSON Lines with sides and millisecond times, as in-house exports write them.
fn write_records() -> String {
    CALL.iter()
        .map(|t| {
            let record = json!({"speaker": NAMES[t.who], "role": (["seller", "buyer"][t.who]),
                "start_ms": (t.start * 1000.0) as u64, "end_ms": (t.end * 1000.0) as u64, "text": t.text});
            format!("{record}\n")
        })
        .collect()
}

/// How a format names the two speakers: `None` when it has no speakers.
type Names = Option<[&'static str; 2]>;

struct Case {
    format: &'static str,
    text: String,
    names: Names,
    times: Times,
}

fn cases() -> Vec<Case> {
    let named = Some(NAMES);
    let c = |format, text, names, times| Case {
        format,
        text,
        names,
        times,
    };
    vec![
        c("zoom-vtt", write_zoom(), named, Times::Full),
        c("teams-vtt", write_teams(), named, Times::Full),
        c("webvtt", write_webvtt(), named, Times::Full),
        c("srt", write_srt(), named, Times::Full),
        c("otter", write_otter(), named, Times::StartOnly),
        c("fathom", write_fathom(), named, Times::StartOnly),
        c("google-meet", write_google_meet(), named, Times::None),
        c("rev-text", write_rev_text(), named, Times::StartOnly),
        c("chat", write_chat(), named, Times::StartOnly),
        c("text", write_text(), None, Times::None),
        c("gong", write_gong(), Some(["5501", "7702"]), Times::Full),
        c("rev-json", write_rev_json(), named, Times::Full),
        c(
            "aws-transcribe",
            write_aws_transcribe(),
            Some(["spk_0", "spk_1"]),
            Times::Full,
        ),
        c(
            "aws-call-analytics",
            write_aws_call_analytics(),
            Some(["Agent", "Customer"]),
            Times::Full,
        ),
        c(
            "deepgram",
            write_deepgram(),
            Some(["Speaker 0", "Speaker 1"]),
            Times::Full,
        ),
        c(
            "assemblyai",
            write_assemblyai(),
            Some(["Speaker A", "Speaker B"]),
            Times::Full,
        ),
        c(
            "whisperx",
            write_whisperx(),
            Some(["SPEAKER_00", "SPEAKER_01"]),
            Times::Full,
        ),
        c("whisper", write_whisper(), None, Times::Full),
        c(
            "google-stt",
            write_google_stt(),
            Some(["Speaker 1", "Speaker 2"]),
            Times::Full,
        ),
        c("fireflies", write_fireflies(), named, Times::Full),
        c("records", write_records(), named, Times::Full),
    ]
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-6)
}

/// Compares a parsed call with [`CALL`]; returns what differs.
fn check(case: &Case, t: &Transcript) -> Vec<String> {
    let mut bad = Vec::new();
    if t.utterances.len() != CALL.len() {
        bad.push(format!(
            "{} utterances, expected {}",
            t.utterances.len(),
            CALL.len()
        ));
        return bad;
    }
    for (i, (u, want)) in t.utterances.iter().zip(CALL).enumerate() {
        if u.text != want.text {
            bad.push(format!(
                "turn {i}: text {:?}, expected {:?}",
                u.text, want.text
            ));
        }
        let speaker = case.names.map(|n| n[want.who]);
        if u.speaker.as_deref() != speaker {
            bad.push(format!(
                "turn {i}: speaker {:?}, expected {speaker:?}",
                u.speaker
            ));
        }
        match case.times {
            Times::Full => {
                if !close(u.start, want.start) || !close(u.end, want.end) {
                    bad.push(format!(
                        "turn {i}: times {:?}-{:?}, expected {}-{}",
                        u.start, u.end, want.start, want.end
                    ));
                }
            }
            Times::StartOnly => {
                let next = CALL.get(i + 1).map(|n| n.start);
                if !close(u.start, want.start) || next.is_some_and(|n| !close(u.end, n)) {
                    bad.push(format!(
                        "turn {i}: times {:?}-{:?}, expected {}-{next:?}",
                        u.start, u.end, want.start
                    ));
                }
            }
            Times::None => {
                if u.start.is_some() || u.end.is_some() {
                    bad.push(format!(
                        "turn {i}: times {:?}-{:?} invented",
                        u.start, u.end
                    ));
                }
            }
        }
    }
    bad
}

#[test]
fn one_call_in_every_format_reads_back_the_same() {
    let cases = cases();
    // Every format the library knows is written here.
    for f in FORMATS {
        assert!(
            cases.iter().any(|c| c.format == f.name()),
            "no round-trip writer for format {}",
            f.name()
        );
    }
    let mut failures = Vec::new();
    for case in &cases {
        match parse_text(case.format, &case.text, None) {
            Err(e) => failures.push(format!("{}: {e}\n{}", case.format, case.text)),
            Ok(parsed) => {
                if parsed.format != case.format {
                    failures.push(format!("{}: detected as {}", case.format, parsed.format));
                    continue;
                }
                if parsed.transcripts.len() != 1 {
                    failures.push(format!(
                        "{}: {} transcripts",
                        case.format,
                        parsed.transcripts.len()
                    ));
                    continue;
                }
                let bad = check(case, &parsed.transcripts[0]);
                if !bad.is_empty() {
                    failures.push(format!("{}:\n  {}", case.format, bad.join("\n  ")));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn forcing_the_format_reads_the_same() {
    for case in cases() {
        let forced = format_by_name(case.format).expect("known format");
        let parsed = parse_text(case.format, &case.text, Some(forced)).expect("parses");
        assert_eq!(parsed.format, case.format);
    }
}

#[test]
fn sides_survive_where_the_format_carries_them() {
    let fathom = parse_text("f", &write_fathom(), None).unwrap();
    for (u, want) in fathom.transcripts[0].utterances.iter().zip(CALL) {
        assert_eq!(u.org.as_deref(), Some(ORGS[want.who]));
    }
    let aws = parse_text("a", &write_aws_call_analytics(), None).unwrap();
    for (u, want) in aws.transcripts[0].utterances.iter().zip(CALL) {
        assert_eq!(u.role, [Role::Seller, Role::Buyer][want.who]);
    }
    let mut gong = parse_text("g", &write_gong(), None).unwrap().transcripts;
    assert_eq!(gong[0].call_id.as_deref(), Some("42"));
    apply_gong_parties(
        &mut gong,
        r#"{"calls":[{"metaData":{"id":"42"},"parties":[
            {"speakerId":"5501","name":"Dana Whitfield","emailAddress":"dana@acme.com","affiliation":"Internal"},
            {"speakerId":"7702","name":"Tom Okafor","emailAddress":"tom@globex.com","affiliation":"External"}]}]}"#,
    )
    .unwrap();
    for (u, want) in gong[0].utterances.iter().zip(CALL) {
        assert_eq!(u.speaker.as_deref(), Some(NAMES[want.who]));
        assert_eq!(u.role, [Role::Seller, Role::Buyer][want.who]);
        assert_eq!(u.org.as_deref(), Some(ORGS[want.who]));
    }
}

/// Each utterance's side, label and signals, as the real analysis gives them,
/// with `seller` (a speaker name as the format writes it) as `--seller`.
fn labels(t: Transcript, seller: Option<&str>) -> Vec<(Role, Label, Vec<Signal>)> {
    let opts = AnalyzeOptions {
        roles: RoleOptions {
            sellers: seller.map(String::from).into_iter().collect(),
            ..RoleOptions::default()
        },
        ..AnalyzeOptions::default()
    };
    let r = analyze("roundtrip", "roundtrip", t, Lexicons::builtin(), &opts)
        .expect("the call analyses");
    r.utterances
        .into_iter()
        .map(|u| (u.role, u.label, u.signals))
        .collect()
}

/// [`CALL`] as a transcript, straight from the turns, with or without speakers.
fn reference(speakers: bool) -> Transcript {
    Transcript::new(
        CALL.iter()
            .map(|t| Utterance {
                speaker: speakers.then(|| NAMES[t.who].to_string()),
                start: Some(t.start),
                end: Some(t.end),
                text: t.text.to_string(),
                ..Utterance::default()
            })
            .collect(),
    )
}

#[test]
fn one_call_in_every_format_gets_the_same_labels() {
    let sided = labels(reference(true), Some(NAMES[0]));
    // The comparison means something only if the call has every move.
    for want in [Label::SmallTalk, Label::Discovery, Label::Value, Label::Ask] {
        assert!(
            sided.iter().any(|(_, l, _)| *l == want),
            "the reference call has no {want:?} utterance: {sided:?}"
        );
    }
    for (got, t) in sided.iter().zip(CALL) {
        assert_eq!(got.0, [Role::Seller, Role::Buyer][t.who]);
    }
    // A rendering without speakers has no sides, and labels legitimately
    // depend on sides: some lexicon entries are for one side only (a buyer's
    // "what would pricing look like" is a buying signal, the same words from
    // an unknown speaker a discovery question) and context rules look at who
    // answers whom (a buyer's answer to a discovery question is discovery).
    // So speakerless renderings are compared with the call analysed without
    // speakers: same text, no sides.
    let unsided = labels(reference(false), None);
    assert!(unsided.iter().all(|(r, _, _)| *r == Role::Unknown));

    let mut failures = Vec::new();
    for case in cases() {
        let parsed = parse_text(case.format, &case.text, None).expect("parses");
        let t = parsed.transcripts.into_iter().next().expect("one call");
        let (got, want) = match case.names {
            Some(names) => (labels(t, Some(names[0])), &sided),
            None => (labels(t, None), &unsided),
        };
        if got != *want {
            let diff: Vec<String> = got
                .iter()
                .zip(want.iter())
                .enumerate()
                .filter(|(_, (g, w))| g != w)
                .map(|(i, (g, w))| format!("  turn {i}: got {g:?}, reference {w:?}"))
                .collect();
            failures.push(format!(
                "{}: {} utterances (reference {})\n{}",
                case.format,
                got.len(),
                want.len(),
                diff.join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The extension a file of each format has when a tool writes it.
fn extension(format: &str) -> &'static str {
    match format {
        "zoom-vtt" | "teams-vtt" | "webvtt" => "vtt",
        "srt" => "srt",
        "otter" | "fathom" | "google-meet" | "rev-text" | "chat" | "text" => "txt",
        "records" => "jsonl",
        _ => "json",
    }
}

/// `fixtures/batch/calls/` holds, besides its hand-written calls (Zoom, Teams,
/// chat), [`CALL`] as each other format writes it, and a Gong file with two
/// calls ([`CALL`] and [`FOLLOW_UP`]): the batch tests read a folder with
/// every format. They are this file's writers' output; after changing a
/// writer or the call, `CLOSECALL_BLESS=1 cargo test --test format_roundtrip`
/// rewrites them.
#[test]
fn batch_fixtures_are_the_writers_output() {
    let bless = std::env::var_os("CLOSECALL_BLESS").is_some();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/batch/calls");
    let mut stale = Vec::new();
    for case in cases() {
        if ["zoom-vtt", "teams-vtt", "chat"].contains(&case.format) {
            continue;
        }
        let text = if case.format == "gong" {
            write_gong_calls(&[
                ("7782342274025937901", CALL),
                ("7782342274025937902", FOLLOW_UP),
            ])
        } else {
            case.text
        };
        let path = root.join(case.format).join(format!(
            "2024-05-13-globex-discovery.{}",
            extension(case.format)
        ));
        if bless {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "not the writers' output (CLOSECALL_BLESS=1 rewrites them): {}",
        stale.join(", ")
    );
}
