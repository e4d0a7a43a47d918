//! `closecall batch` and `closecall merge` end to end, on `fixtures/batch/`:
//! calls in every format (one folder per format; the Gong file holds two
//! calls), a broken VTT, a non-transcript, a hidden and an ignored file and
//! the Zoom call's recordings (`.m4a`, `.mp4`) that must be skipped, and the
//! team's `closecall.toml` one folder above the calls (found by walking up).

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/batch")
}

fn calls() -> String {
    root().join("calls").display().to_string()
}

fn closecall() -> Command {
    Command::cargo_bin("closecall").unwrap()
}

/// Runs `closecall ARGS` and returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = closecall().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Calls in the fixture folder: one per file, and two in the Gong file.
const CALLS: usize = 23;
/// Files read: the calls' files, the broken VTT and the JSON that is not a
/// transcript (not the recordings beside the Zoom call).
const FILES: usize = 24;
/// Files that cannot be read.
const ERRORS: usize = 2;
/// Calls that pass the team's gates: the Zoom and Teams calls and the Gong
/// follow-up. The others break one: the chat calls miss closes, and the
/// call every other format holds opens with more small talk than the 5% bar.
const PASSED: usize = 3;

/// The batch's summary line.
fn headline() -> String {
    format!(
        "{CALLS} calls in {FILES} files: {PASSED} passed, {} failed; {ERRORS} files could not be read",
        CALLS - PASSED
    )
}

const PASSING: &[&str] = &["--glob", "zoom/**", "--glob", "teams/**"];
const READABLE: &[&str] = &["--glob", "!broken", "--glob", "!notes"];

fn with<'a>(head: &[&'a str], tail: &[&'a str]) -> Vec<&'a str> {
    head.iter().chain(tail).copied().collect()
}

#[test]
fn exit_0_when_every_call_passes() {
    let c = calls();
    let (code, out, _) = run(&with(&["batch", &c], PASSING));
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("2 calls in 2 files: 2 passed, 0 failed"),
        "{out}"
    );
}

#[test]
fn exit_1_when_a_call_breaks_a_gate() {
    let c = calls();
    let (code, out, _) = run(&with(&["batch", &c], READABLE));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("FAIL small_talk"), "{out}");
    // The quote that shows the broken gate.
    assert!(out.contains("I'll send over some info"), "{out}");
    // --no-fail reports the same but exits 0.
    let (code, out2, _) = run(&with(&["batch", &c, "--no-fail"], READABLE));
    assert_eq!((code, out2), (0, out));
}

#[test]
fn exit_2_when_a_file_cannot_be_read_and_the_rest_is_still_reported() {
    let c = calls();
    let (code, out, _) = run(&["batch", &c, "--format", "json"]);
    assert_eq!(code, 2, "{out}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["calls"].as_array().unwrap().len(), CALLS);
    assert_eq!(doc["summary"]["files"], FILES);
    let errors: Vec<String> = doc["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(errors.len(), ERRORS, "{errors:?}");
    assert!(
        errors[0].contains("broken/2024-05-10-umbrella.vtt:8: not valid webvtt"),
        "file and line named: {errors:?}"
    );
    assert!(errors[1].contains("deal-notes.json: JSON, but not a transcript"));
    // Hidden and .gitignore'd files are skipped (both would be errors if read).
    assert!(!out.contains(".draft-call.vtt") && !out.contains("unfinished.vtt"));
    // --no-fail does not hide unreadable files.
    assert_eq!(run(&["batch", &c, "--no-fail"]).0, 2);
    // Unless asked to read them.
    let (_, out, _) = run(&["batch", &c, "--hidden", "--no-ignore", "--format", "json"]);
    assert!(out.contains(".draft-call.vtt") && out.contains("unfinished.vtt"));
}

/// Recordings, images and documents people keep next to their transcripts.
const MEDIA: &[&str] = &[
    "call.mp3",
    "call.wav",
    "call.m4a",
    "call.mp4",
    "slides.pdf",
    "screen.PNG",
    "RECORDING.MP3",
];

#[test]
fn a_walk_skips_recordings_and_media_but_reads_one_named() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(
        root().join("calls/zoom/2024-05-06-acme-discovery.vtt"),
        d.join("call.vtt"),
    )
    .unwrap();
    for m in MEDIA {
        std::fs::write(d.join(m), b"ID3\x04\0\0\0\0\0\0 not text").unwrap();
    }
    let folder = d.to_str().unwrap();
    let doc = json_doc(&["batch", folder, "--format", "json"]);
    assert_eq!(doc["summary"]["files"], 1, "{doc}");
    assert_eq!(doc["calls"].as_array().unwrap().len(), 1);
    assert!(doc["errors"].as_array().unwrap().is_empty(), "{doc}");
    assert_eq!(run(&["batch", folder]).0, 0);
    // Whatever the globs say: with only recordings selected, nothing is found.
    let (code, _, err) = run(&["batch", folder, "--glob", "*.mp3", "--format", "json"]);
    assert_eq!(code, 2);
    assert!(err.contains("no transcript found"), "{err}");
    // The fixture's Zoom folder holds the call's audio and video recordings.
    let zoom = root().join("calls/zoom");
    assert!(zoom.join("2024-05-06-acme-discovery.m4a").is_file());
    let (code, out, _) = run(&["batch", zoom.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("1 call in 1 file: 1 passed"), "{out}");
    // A file named on the command line is read, and is an error naming it.
    let mp3 = d.join("call.mp3");
    let (code, out, _) = run(&["batch", folder, mp3.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 2, "{out}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["calls"].as_array().unwrap().len(), 1);
    let errors = doc["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        errors[0]["message"],
        format!(
            "{}: binary file (.mp3: a recording, image or other media), not a transcript; \
             closecall reads transcripts (WebVTT, SRT, text, JSON), so transcribe it first",
            mp3.display()
        )
    );
}

/// `docs/batch.md` lists every extension a walk skips.
#[test]
fn batch_doc_lists_the_skipped_extensions() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/batch.md"))
        .unwrap();
    for e in closecall::parse::MEDIA_EXTENSIONS {
        assert!(
            doc.contains(&format!("`.{e}`")),
            "docs/batch.md does not list `.{e}`"
        );
    }
}

/// The batch's JSON document.
fn json_doc(args: &[&str]) -> serde_json::Value {
    let (_, out, _) = run(args);
    serde_json::from_str(&out).unwrap()
}

#[test]
fn the_fixture_folder_holds_every_format() {
    let doc = json_doc(&["batch", &calls(), "--format", "json"]);
    let seen: Vec<&str> = doc["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["input_format"].as_str().unwrap())
        .collect();
    for f in closecall::parse::FORMATS {
        assert!(
            seen.contains(&f.name()),
            "no {} call in fixtures/batch/calls (formats read: {seen:?})",
            f.name()
        );
    }
    // Formats without speakers have no sides; the others find a seller.
    for c in doc["calls"].as_array().unwrap() {
        let unsided = ["text", "whisper"].contains(&c["input_format"].as_str().unwrap());
        assert_eq!(c["seller"] == "unknown", unsided, "{c}");
    }
}

#[test]
fn a_gong_file_with_two_calls_gives_two_rows() {
    let gong = "gong/2024-05-13-globex-discovery.json";
    let doc = json_doc(&["batch", &calls(), "--format", "json"]);
    let rows: Vec<&serde_json::Value> = doc["calls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["source"].as_str().unwrap().ends_with(gong))
        .collect();
    assert_eq!(rows.len(), 2);
    let ids: Vec<(&serde_json::Value, &serde_json::Value)> = rows
        .iter()
        .map(|r| (&r["call_index"], &r["call_id"]))
        .collect();
    assert_eq!(
        ids,
        [
            (
                &serde_json::json!(0),
                &serde_json::json!("7782342274025937901")
            ),
            (
                &serde_json::json!(1),
                &serde_json::json!("7782342274025937902")
            ),
        ]
    );
    assert!(rows.iter().all(|r| r["input_format"] == "gong"));
    // The discovery call opens with small talk; the follow-up passes.
    assert_eq!(
        (&rows[0]["passed"], &rows[1]["passed"]),
        (&false.into(), &true.into())
    );
    // Text, CSV and JUnit name each call by its id.
    let c = calls();
    let (_, text, _) = run(&["batch", &c, "--glob", "gong/**"]);
    for id in ["7782342274025937901", "7782342274025937902"] {
        assert!(text.contains(&format!("{gong}#{id}")), "{text}");
    }
    assert!(
        text.contains("2 calls in 1 file: 1 passed, 1 failed"),
        "{text}"
    );
    let (_, csv, _) = run(&["batch", &c, "--glob", "gong/**", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(csv.contains(",1,7782342274025937902,pass,gong,"), "{csv}");
    let (_, junit, _) = run(&["batch", &c, "--glob", "gong/**", "--format", "junit"]);
    assert!(
        junit.contains(&format!("{gong}#7782342274025937902")),
        "{junit}"
    );
}

#[test]
fn a_missing_path_is_an_error_row_not_a_stop() {
    let c = calls();
    let missing = root().join("no-such-folder").display().to_string();
    let mut args = vec!["batch", &c, &missing, "--format", "jsonl"];
    args.extend(PASSING);
    let (code, out, _) = run(&args);
    assert_eq!(code, 2);
    let types: Vec<String> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["type"].to_string())
        .collect();
    assert_eq!(types.iter().filter(|t| *t == "\"call\"").count(), 2);
    assert!(out.contains("no-such-folder: cannot read"), "{out}");
}

#[test]
fn nothing_to_analyse_is_an_error_not_a_pass() {
    // A mistyped glob or an empty folder must not pass a CI job.
    let c = calls();
    let (code, out, err) = run(&["batch", &c, "--glob", "*.nothing-has-this"]);
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("no transcript found"), "{err}");
    let empty = tempfile::tempdir().unwrap();
    let (code, _, err) = run(&["batch", &empty.path().display().to_string()]);
    assert_eq!(code, 2);
    assert!(err.contains(&empty.path().display().to_string()), "{err}");
}

#[test]
fn same_bytes_for_one_thread_and_eight() {
    let c = calls();
    for format in ["text", "json", "jsonl", "csv", "markdown", "junit"] {
        let one = run(&["batch", &c, "-j", "1", "--format", format]);
        let eight = run(&["batch", &c, "-j", "8", "--format", format]);
        assert_eq!(one, eight, "--format {format}");
        assert_eq!(one.0, 2);
    }
}

#[test]
fn jsonl_lines_parse_and_end_with_the_summary() {
    let (_, out, _) = run(&["batch", &calls(), "--format", "jsonl"]);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), CALLS + ERRORS + 1);
    for l in &lines[..lines.len() - 1] {
        assert!(l["type"] == "call" || l["type"] == "error", "{l}");
        assert!(l["data"]["source"].is_string());
    }
    let summary = &lines[lines.len() - 1];
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["data"]["status"], "error");
    assert_eq!(summary["data"]["calls"], CALLS);
    assert_eq!(summary["data"]["failed"], CALLS - PASSED);
    let dana = &summary["data"]["sellers"]["Dana Reyes"];
    assert_eq!(dana["calls"], 2);
    assert_eq!(dana["missed_closes"]["no_next_step"], 1);
}

#[test]
fn csv_reads_back_one_row_per_call_and_per_error() {
    let (_, out, _) = run(&["batch", &calls(), "--format", "csv"]);
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let head = r.headers().unwrap().clone();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), CALLS + ERRORS);
    let count = |status: &str| rows.iter().filter(|r| &r[col("status")] == status).count();
    assert_eq!(
        (count("pass"), count("fail"), count("error")),
        (PASSED, CALLS - PASSED, ERRORS)
    );
    let row = |name: &str| {
        rows.iter()
            .position(|r| r[col("source")].contains(name))
            .unwrap()
    };
    // Rows come in the order of the paths.
    assert!(row("assemblyai/") < row("broken/") && row("broken/") < row("chat/"));
    assert_eq!(&rows[row("zoom/")][col("status")], "pass");
    let initech = &rows[row("initech")];
    assert_eq!(&initech[col("seller")], "Dana Reyes");
    assert!(initech[col("small_talk")].parse::<f64>().unwrap() > 0.05);
    assert!(initech[col("failed_gates")].contains("small_talk"));
    assert!(rows[row("broken/")][col("error")].contains("not valid webvtt"));
}

/// The broken gates of the fixture batch, counted from its JSON (the exact
/// number follows the classifier, which others tune).
fn breaches() -> usize {
    let (_, out, _) = run(&["batch", &calls(), "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let n = doc["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["breaches"].as_array().unwrap().len())
        .sum();
    assert!(n >= 2, "the order-taker calls break gates");
    n
}

#[test]
fn junit_is_xml_with_a_failure_per_broken_gate() {
    let (_, out, _) = run(&["batch", &calls(), "--format", "junit"]);
    let breaches = breaches();
    let doc = roxmltree::Document::parse(&out).unwrap();
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), CALLS + ERRORS);
    let failures: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .collect();
    assert_eq!(failures.len(), breaches);
    let no_next = failures
        .iter()
        .find(|f| f.attribute("type") == Some("missed_close:no_next_step"))
        .unwrap();
    assert!(no_next
        .text()
        .unwrap()
        .contains("\"Anyway, I'll send over some info"));
    let errors = doc
        .descendants()
        .filter(|n| n.has_tag_name("error"))
        .count();
    assert_eq!(errors, ERRORS);
    let suites = doc.root_element();
    let failed = (CALLS - PASSED).to_string();
    assert_eq!(suites.attribute("failures"), Some(failed.as_str()));
}

#[test]
fn markdown_has_the_verdict_and_tables() {
    let (_, out, _) = run(&["batch", &calls(), "--format", "markdown"]);
    assert!(out.starts_with("## closecall: ⚠️ some files could not be read\n"));
    let table_rows = out.lines().filter(|l| l.starts_with("| ")).count();
    let (_, json, _) = run(&["batch", &calls(), "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let sellers = doc["summary"]["sellers"].as_object().unwrap().len();
    // broken gates + sellers (and the total) + all calls, each with a header row.
    assert_eq!(table_rows, 3 + breaches() + sellers + 1 + CALLS, "{out}");
    assert!(out.contains("| Dana Reyes | 2 | 1 |"), "{out}");
}

/// Runs `batch` on the fixture calls as shard `k/n` with `--format jsonl`
/// into `DIR/PREFIX-K-of-N.jsonl`: that path, and the run's output.
fn write_shard(
    dir: &Path,
    prefix: &str,
    k: u32,
    n: u32,
    extra: &[&str],
) -> (String, std::process::Output) {
    let f = dir
        .join(format!("{prefix}-{k}-of-{n}.jsonl"))
        .display()
        .to_string();
    let shard = format!("{k}/{n}");
    let c = calls();
    let mut a = vec![
        "batch", &c, "--shard", &shard, "--format", "jsonl", "-o", &f,
    ];
    a.extend(extra);
    let out = closecall().args(&a).output().unwrap();
    (f, out)
}

#[test]
fn four_shards_merged_equal_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let c = calls();
    let (one_code, one, _) = run(&["batch", &c, "--format", "json"]);
    let mut shard_files = Vec::new();
    let mut seen = 0;
    for k in 1..=4 {
        let (f, out) = write_shard(dir.path(), "shard", k, 4, &[]);
        assert!(out.stdout.is_empty());
        let text = std::fs::read_to_string(&f).unwrap();
        seen += text.lines().count() - 1;
        shard_files.push(f);
    }
    assert_eq!(
        seen,
        CALLS + ERRORS,
        "every call and error in exactly one shard"
    );
    let mut args = vec!["merge"];
    args.extend(shard_files.iter().map(String::as_str));
    args.extend(["--format", "json"]);
    let (merged_code, merged, _) = run(&args);
    assert_eq!(merged_code, one_code);
    assert_eq!(merged, one, "merge gives the very document one run gives");
    // And the text report, exit code included, for a run without errors.
    let mut shard_files = Vec::new();
    for k in 1..=4 {
        shard_files.push(write_shard(dir.path(), "r", k, 4, READABLE).0);
    }
    let mut args = vec!["merge"];
    args.extend(shard_files.iter().map(String::as_str));
    let merged = run(&args);
    let whole = run(&with(&["batch", &c], READABLE));
    assert_eq!(merged, whole);
    assert_eq!(merged.0, 1);
}

#[test]
fn merge_refuses_an_unfinished_shard() {
    let dir = tempfile::tempdir().unwrap();
    let (_, out, _) = run(&["batch", &calls(), "--format", "jsonl"]);
    let cut: String = out.lines().take(2).map(|l| format!("{l}\n")).collect();
    let f = dir.path().join("cut.jsonl");
    std::fs::write(&f, cut).unwrap();
    let (code, _, err) = run(&["merge", f.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("cut.jsonl: not valid closecall jsonl: no summary line"),
        "{err}"
    );
    std::fs::write(&f, "{\"type\": \"call\"\n").unwrap();
    let (code, _, err) = run(&["merge", f.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("cut.jsonl:1:"), "{err}");
}

#[test]
fn merge_refuses_a_missing_or_repeated_shard() {
    let dir = tempfile::tempdir().unwrap();
    let c = calls();
    let shard = |k: u32, n: u32| write_shard(dir.path(), "s", k, n, &[]).0;
    let (one, two, third) = (shard(1, 2), shard(2, 2), shard(1, 3));
    let (code, _, err) = run(&["merge", &one]);
    assert_eq!(code, 2);
    assert!(err.contains("shard 2/2 missing"), "{err}");
    let (code, _, err) = run(&["merge", &one, &one]);
    assert_eq!(code, 2);
    assert!(err.contains("shard 1/2 is given twice"), "{err}");
    let (code, _, err) = run(&["merge", &one, &two, &third]);
    assert_eq!(code, 2);
    assert!(
        err.contains("not a shard of the same 2-shard batch"),
        "{err}"
    );
    // Both shards: the exit code is the one run's (its fixtures hold broken files).
    assert_eq!(run(&["merge", &one, &two]).0, run(&["batch", &c]).0);
}

#[test]
fn the_nested_config_is_found_and_flags_override_it() {
    let c = calls();
    let (code, out, _) = run(&["batch", &c, "--dump-config"]);
    assert_eq!(code, 0);
    assert!(out.contains("max-small-talk = \"5%\""), "{out}");
    assert!(out.contains("fail-on = [\"ignored_buying_signal\", \"no_next_step\"]"));
    assert!(out.contains("closecall.toml"), "names the file: {out}");
    let (_, out, _) = run(&[
        "batch",
        &c,
        "--dump-config",
        "--max-small-talk",
        "40%",
        "--seller-talk-share",
        "30%..60%",
    ]);
    assert!(out.contains("max-small-talk = \"40%\""), "{out}");
    assert!(out.contains("seller-talk-share = \"30%..60%\""), "{out}");
    // Flags over keys: no small-talk bar, and another missed close failing.
    let mut args = vec![
        "batch",
        &c,
        "--max-small-talk",
        "100%",
        "--fail-on",
        "concession_without_ask",
    ];
    args.extend(READABLE);
    let (code, out, _) = run(&args);
    assert_eq!(code, 1, "hooli concedes without an ask: {out}");
    assert!(out.contains("FAIL missed_close:concession_without_ask"));
    assert!(!out.contains("FAIL small_talk"));
    // A talk-ratio band and a question minimum.
    let mut args = vec![
        "batch",
        &c,
        "--seller-talk-share",
        "30%..60%",
        "--min-discovery-questions",
        "20",
    ];
    args.extend(PASSING);
    let (code, out, _) = run(&args);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("seller talk share 66.3% is outside 30.0%..60.0%"),
        "{out}"
    );
    assert!(
        out.contains("discovery questions, fewer than the 20 required"),
        "{out}"
    );
}

/// The seller of each call from `dir/` in a batch's JSON document.
fn sellers_in(doc: &serde_json::Value, dir: &str) -> Vec<String> {
    doc["calls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["source"].as_str().unwrap().contains(dir))
        .map(|c| c["seller"].as_str().unwrap().to_string())
        .collect()
}

/// Calls whose speakers are ids (a diarizing ASR's labels, Gong speakerIds),
/// and a call with named speakers.
const DIARIZED: &[&str] = &[
    "--glob",
    "aws-transcribe/**",
    "--glob",
    "whisperx/**",
    "--glob",
    "gong/**",
    "--glob",
    "zoom/**",
    "--format",
    "json",
];

#[test]
fn seller_id_sets_the_seller_side_by_speaker_id_from_flag_or_config() {
    let c = calls();
    let sides = |doc: &serde_json::Value| {
        ["aws-transcribe/", "whisperx/", "gong/", "zoom/"].map(|d| sellers_in(doc, d).join(","))
    };
    // Without it, a speaker is inferred to be the seller (the first, today).
    let [aws, whisperx, gong, zoom] = sides(&json_doc(&with(&["batch", &c], DIARIZED)));
    assert_ne!(
        (aws.as_str(), whisperx.as_str(), gong.as_str()),
        ("spk_1", "SPEAKER_01", "7702,7702")
    );
    // The team's ids: each call uses those that occur in it, and a call with
    // none of them (the Zoom call) keeps its sides; no call is an error.
    let ids = [
        "--seller-id",
        "spk_1",
        "--seller-id",
        "SPEAKER_01",
        "--seller-id",
        "7702",
    ];
    let doc = json_doc(&with(&with(&["batch", &c], &ids), DIARIZED));
    assert_eq!(
        sides(&doc),
        ["spk_1", "SPEAKER_01", "7702,7702", zoom.as_str()]
    );
    assert!(doc["errors"].as_array().unwrap().is_empty(), "{doc}");
    assert_eq!(doc["summary"]["sellers"]["7702"]["calls"], 2, "{doc}");
    // The `seller-ids` key of closecall.toml does the same; a flag replaces it.
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("closecall.toml");
    std::fs::write(&cfg, "seller-ids = [\"spk_1\", \"7702\"]\n").unwrap();
    let cfg = cfg.to_str().unwrap();
    let doc = json_doc(&with(&["batch", &c, "--config", cfg], DIARIZED));
    assert_eq!(sides(&doc)[..3], ["spk_1", whisperx.as_str(), "7702,7702"]);
    let (code, out, _) = run(&["batch", &c, "--config", cfg, "--dump-config"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("seller-ids = [\"spk_1\", \"7702\"]\n"),
        "{out}"
    );
    let flag = ["--config", cfg, "--seller-id", "SPEAKER_01"];
    let doc = json_doc(&with(&with(&["batch", &c], &flag), DIARIZED));
    assert_eq!(
        sides(&doc)[..3],
        [aws.as_str(), "SPEAKER_01", gong.as_str()]
    );
    // A bad value names the file and line.
    std::fs::write(
        dir.path().join("closecall.toml"),
        "\nseller-ids = \"spk_1\"\n",
    )
    .unwrap();
    let (code, _, err) = run(&["batch", &c, "--config", cfg]);
    assert_eq!(code, 2);
    assert!(err.contains("closecall.toml:2: config:"), "{err}");
}

#[test]
fn a_bad_config_exits_2_and_names_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("closecall.toml");
    std::fs::write(&cfg, "max-small-talk = \"3%\"\nfail_on = [\"no_ask\"]\n").unwrap();
    let (code, out, err) = run(&["batch", &calls(), "--config", cfg.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("closecall.toml:2: config: unknown field `fail_on`"),
        "{err}"
    );
    // Found by walking up, too.
    let calls_dir = dir.path().join("week/calls");
    std::fs::create_dir_all(&calls_dir).unwrap();
    std::fs::copy(
        root().join("calls/zoom/2024-05-06-acme-discovery.vtt"),
        calls_dir.join("acme.vtt"),
    )
    .unwrap();
    let (code, _, err) = run(&["batch", calls_dir.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown field `fail_on`"), "{err}");
}

#[test]
fn output_file_is_replaced_only_by_a_complete_report() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.xml");
    std::fs::write(&report, "good old report").unwrap();
    let r = report.to_str().unwrap();
    // A bad flag value: no report is written, the old one stays.
    let (code, _, _) = run(&["batch", &calls(), "--max-small-talk", "300%", "-o", r]);
    assert_eq!(code, 2);
    assert_eq!(std::fs::read_to_string(&report).unwrap(), "good old report");
    let (code, out, err) = run(&["batch", &calls(), "--format", "junit", "-o", r]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains(&headline()), "a headline on stderr: {err}");
    assert!(std::fs::read_to_string(&report)
        .unwrap()
        .starts_with("<?xml"));
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary file left behind");
    // A folder that does not exist: exit 2, nothing written.
    let bad = dir.path().join("nope/report.xml");
    let (code, _, err) = run(&["batch", &calls(), "-o", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot write"), "{err}");
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// The command lines `docs/ci.md` shows, run as its CI jobs would (from the
/// repository root, with the calls in `calls/`). Each must appear in the doc.
#[test]
fn ci_doc_command_lines_work() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ci.md")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root(), dir.path());
    let sh = |line: &str, env: &[(&str, &str)]| {
        assert!(doc.contains(line), "docs/ci.md no longer shows `{line}`");
        let line = line.trim_end_matches(" || true");
        let mut expanded = line.to_string();
        for (k, v) in env {
            expanded = expanded.replace(&format!("${k}"), v);
        }
        let mut args: Vec<String> = Vec::new();
        for word in expanded.split_whitespace().skip(1) {
            if word.contains('*') {
                let (pre, post) = word.split_once('*').unwrap();
                let mut m: Vec<String> = std::fs::read_dir(dir.path())
                    .unwrap()
                    .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .filter(|n| n.starts_with(pre) && n.ends_with(post))
                    .collect();
                m.sort();
                args.extend(m);
            } else {
                args.push(word.to_string());
            }
        }
        let out = closecall()
            .current_dir(dir.path())
            .args(&args)
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stdout).unwrap(),
        )
    };
    // GitHub Actions.
    let (code, _) = sh(
        "closecall batch calls --format jsonl --output closecall.jsonl",
        &[],
    );
    assert_eq!(code, 2, "the fixtures hold a broken file");
    let (code, _) = sh(
        "closecall merge closecall.jsonl --format markdown --output closecall.md || true",
        &[],
    );
    assert_eq!(code, 2);
    assert!(std::fs::read_to_string(dir.path().join("closecall.md"))
        .unwrap()
        .contains("### Broken gates"));
    sh(
        "closecall merge closecall.jsonl --format junit --output closecall-junit.xml || true",
        &[],
    );
    let xml = std::fs::read_to_string(dir.path().join("closecall-junit.xml")).unwrap();
    roxmltree::Document::parse(&xml).unwrap();
    // GitLab: four parallel shards, then the report job.
    for k in ["1", "2", "3", "4"] {
        sh(
            "closecall batch calls --shard $CI_NODE_INDEX/$CI_NODE_TOTAL --format jsonl --output shard-$CI_NODE_INDEX.jsonl || true",
            &[("CI_NODE_INDEX", k), ("CI_NODE_TOTAL", "4")],
        );
    }
    std::fs::remove_file(dir.path().join("closecall-junit.xml")).unwrap();
    sh(
        "closecall merge shard-*.jsonl --format junit --output closecall-junit.xml --no-fail || true",
        &[],
    );
    let sharded = std::fs::read_to_string(dir.path().join("closecall-junit.xml")).unwrap();
    assert_eq!(sharded, xml, "shards merged give the one-run JUnit report");
    let (code, text) = sh("closecall merge shard-*.jsonl --format text", &[]);
    assert_eq!(code, 2);
    assert!(text.contains(&headline()), "{text}");
}

/// Splits a shell line into words, honouring single and double quotes.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut in_word = false;
    for ch in line.chars() {
        match (quote, ch) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(ch);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            (None, c) => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    words
}

/// Every `$ closecall …  # exit N` line of `docs/batch.md` runs, in order, in
/// a copy of the fixture folder, and exits with the code the doc states.
#[test]
fn batch_doc_commands_work() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/batch.md"))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root(), dir.path());
    let mut ran = 0;
    for line in doc.lines() {
        let Some(cmd) = line.strip_prefix("$ closecall ") else {
            continue;
        };
        let (cmd, expect) = cmd
            .split_once("# exit ")
            .unwrap_or_else(|| panic!("`{line}` does not say its exit code"));
        let expect: i32 = expect.trim().parse().unwrap();
        let out = closecall()
            .current_dir(dir.path())
            .args(shell_words(cmd))
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(expect),
            "`{line}`: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        ran += 1;
    }
    assert!(ran >= 8, "only {ran} commands found in docs/batch.md");
    assert!(dir.path().join("closecall-junit.xml").is_file());
}
