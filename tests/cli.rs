//! The real binary, end to end: files and stdin, text and JSON, gates and exit
//! codes, and one clear line (never a panic) for every kind of bad input.

use assert_cmd::Command;
use predicates::prelude::*;

fn closecall() -> Command {
    let mut c = Command::cargo_bin("closecall").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR");
    c
}

const ORDER_TAKER: &str = "fixtures/calls/order-taker.vtt";
const PRO: &str = "fixtures/calls/pro-demo.teams.vtt";

#[test]
fn analyze_a_file_as_text() {
    closecall()
        .args(["analyze", ORDER_TAKER])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Where the time went"))
        .stdout(predicate::str::contains("zoom-vtt, shares by time"))
        .stdout(predicate::str::contains("Missed closes"))
        .stdout(predicate::str::contains("\u{1b}[").not());
}

/// `closecall analyze --format json` on `input` piped to stdin: exits 0, and its report.
fn analyze_stdin_json(input: impl Into<Vec<u8>>) -> serde_json::Value {
    let out = closecall()
        .args(["analyze", "--format", "json"])
        .write_stdin(input.into())
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn analyze_stdin_as_json() {
    let input = std::fs::read(format!("{}/{PRO}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let v = analyze_stdin_json(input);
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["source"], "<stdin>");
    assert_eq!(v["input_format"], "teams-vtt");
    assert_eq!(v["basis"], "time");
    let us = v["utterances"].as_array().unwrap();
    assert!(us.len() > 40);
    for key in [
        "index", "speaker", "role", "start", "end", "text", "label", "signals",
    ] {
        assert!(us[0].get(key).is_some(), "utterance lacks {key}");
    }
    let total: f64 = ["small_talk", "discovery", "value", "ask", "other"]
        .iter()
        .map(|k| v["shares"][k].as_f64().unwrap())
        .sum();
    assert!((total - 1.0).abs() < 1e-9);
    for key in [
        "seller_talk_share",
        "discovery_questions",
        "longest_seller_monologue",
        "speaker_switches_per_minute",
    ] {
        assert!(v["figures"].get(key).is_some(), "figures lack {key}");
    }
    for m in v["missed_closes"].as_array().unwrap() {
        for key in ["kind", "index", "at", "quote", "suggestion"] {
            assert!(m.get(key).is_some(), "missed close lacks {key}");
        }
    }
}

#[test]
fn dash_reads_stdin_too() {
    closecall()
        .args(["analyze", "-"])
        .write_stdin(
            "Dana: How are you handling claims today?\nTom: Badly, we had 31 last quarter.\n",
        )
        .assert()
        .code(0)
        .stdout(predicate::str::contains("<stdin> (chat, shares by words"));
}

#[test]
fn small_talk_gate_exits_1_only_with_fail() {
    closecall().args(["analyze", ORDER_TAKER]).assert().code(0);
    closecall()
        .args(["analyze", ORDER_TAKER, "--fail"])
        .assert()
        .code(1);
    closecall()
        .args(["analyze", ORDER_TAKER, "--fail", "--max-small-talk", "60%"])
        .assert()
        .code(0);
    closecall()
        .args(["analyze", PRO, "--fail"])
        .assert()
        .code(0);
}

#[test]
fn fail_on_a_missed_close_kind() {
    closecall()
        .args(["analyze", ORDER_TAKER, "--fail-on", "no_next_step"])
        .assert()
        .code(1);
    closecall()
        .args([
            "analyze",
            PRO,
            "--fail-on",
            "no_ask",
            "--fail-on",
            "no-next-step",
        ])
        .assert()
        .code(0);
    closecall()
        .args(["analyze", PRO, "--fail-on", "bogus"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown missed-close kind `bogus`",
        ));
}

#[test]
fn seller_flag_sets_roles_and_rejects_unknown_names() {
    let out = closecall()
        .args([
            "analyze",
            ORDER_TAKER,
            "--seller",
            "tom",
            "--format",
            "json",
        ])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["roles"]["method"], "flag");
    assert_eq!(v["roles"]["sellers"][0], "Tom Okafor");
    closecall()
        .args(["analyze", ORDER_TAKER, "--seller", "Zed"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--seller \"Zed\" matches no speaker",
        ));
}

#[test]
fn color_only_when_asked_or_on_a_terminal() {
    closecall()
        .args(["analyze", ORDER_TAKER, "--color", "always"])
        .assert()
        .stdout(predicate::str::contains("\u{1b}["));
    closecall()
        .args(["analyze", ORDER_TAKER, "--color", "never"])
        .assert()
        .stdout(predicate::str::contains("\u{1b}[").not());
}

/// Every bad input: exit 2, exactly one line on stderr naming the file, no panic.
#[test]
fn bad_inputs_give_one_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name).to_string_lossy().to_string();
    std::fs::write(p("binary.vtt"), [0u8, 159, 146, 150, 0, 1, 2, 3]).unwrap();
    std::fs::write(p("latin1.txt"), b"Dana: caf\xe9 au lait\nTom: oui\n").unwrap();
    std::fs::write(p("empty.vtt"), b"").unwrap();
    std::fs::write(p("blank.txt"), b"  \n\n \t\n").unwrap();
    std::fs::write(
        p("code.rs"),
        b"fn main() { let x = 1; }\nstruct A { b: u8 }\n",
    )
    .unwrap();
    std::fs::write(p("truncated.json"), b"{\"segments\": [{\"start\": 0,").unwrap();
    std::fs::write(
        p("other.json"),
        b"{\"name\": \"left-pad\", \"version\": \"1.0.0\"}",
    )
    .unwrap();
    std::fs::write(
        p("badtime.vtt"),
        b"WEBVTT\n\n1\n00:00:01.000 --> 00:00:zz.000\nA: hi\n",
    )
    .unwrap();
    let cases = [
        ("binary.vtt", "binary file"),
        ("latin1.txt", "not UTF-8"),
        ("empty.vtt", "empty file"),
        ("blank.txt", "empty file"),
        ("code.rs", "not a transcript"),
        ("truncated.json", "not valid JSON"),
        ("other.json", "JSON, but not a transcript format"),
        ("badtime.vtt", "bad cue timing"),
        ("missing.vtt", "cannot read"),
    ];
    for (name, what) in cases {
        let out = closecall()
            .args(["analyze", &p(name)])
            .assert()
            .code(2)
            .get_output()
            .clone();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{name}: {err}");
        assert!(
            err.contains(&p(name)),
            "{name}: does not name the file: {err}"
        );
        assert!(err.contains(what), "{name}: expected `{what}` in {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert!(out.stdout.is_empty(), "{name}: printed a report");
    }
}

#[test]
fn a_folder_is_not_a_transcript() {
    closecall()
        .args(["analyze", "fixtures"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a folder"));
}

#[test]
fn usage_errors_exit_2() {
    closecall()
        .args(["analyze", ORDER_TAKER, "--input-format", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown --input-format `nope`"));
    closecall()
        .args(["analyze", ORDER_TAKER, "--max-small-talk", "abc"])
        .assert()
        .code(2);
    closecall().args(["frobnicate"]).assert().code(2);
    closecall().args(["--help"]).assert().code(0);
}

#[test]
fn input_format_override() {
    closecall()
        .args([
            "analyze",
            "fixtures/calls/cold-call.txt",
            "--input-format",
            "text",
            "--format",
            "json",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("\"input_format\": \"text\""));
}

#[test]
fn formats_lists_every_format() {
    let out = closecall()
        .arg("formats")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    for f in closecall::parse::FORMATS {
        assert!(text.contains(f.name()), "{} missing", f.name());
    }
}

#[test]
fn user_lexicons_extend_and_errors_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("small_talk.txt"),
        "zamboni\n+ The zamboni broke down.\n",
    )
    .unwrap();
    let out = closecall()
        .args(["analyze", "-", "--format", "json", "--lexicons"])
        .arg(dir.path())
        .write_stdin("Dana: The zamboni broke down again.\nTom: Ha.\n")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["utterances"][0]["label"], "small_talk");
    std::fs::write(dir.path().join("ask.txt"), "fine\n(broken\n").unwrap();
    let path = dir.path().join("ask.txt");
    closecall()
        .args(["analyze", ORDER_TAKER, "--lexicons"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}:2: lexicon:",
            path.display()
        )));
}

const GONG: &str = "fixtures/formats/gong-two-calls.json";
const GONG_PARTIES: &str = "fixtures/gong-parties/gong-two-calls.parties.json";

/// The JSON a successful run with these arguments and `--format json` prints.
fn json_output(args: &[&str]) -> serde_json::Value {
    let out = closecall()
        .args(args)
        .args(["--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

/// `analyze --format json` as a list of reports (one for a single-call file).
fn json_reports(args: &[&str]) -> Vec<serde_json::Value> {
    match json_output(args) {
        serde_json::Value::Array(rs) => rs,
        one => vec![one],
    }
}

fn speakers_and_roles(report: &serde_json::Value) -> Vec<(String, String)> {
    report["utterances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["speaker"].as_str().unwrap().to_string(),
                u["role"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn gong_parties_file_names_speakers_and_gives_sides() {
    let rs = json_reports(&["analyze", GONG, "--parties", GONG_PARTIES]);
    assert_eq!(rs.len(), 2);
    let pair = |s: &str, r: &str| (s.to_string(), r.to_string());
    assert_eq!(rs[0]["call_id"], "7782342274025937895");
    assert_eq!(rs[0]["roles"]["method"], "format");
    assert_eq!(
        rs[0]["roles"]["sellers"],
        serde_json::json!(["Dana Whitfield"])
    );
    assert_eq!(
        speakers_and_roles(&rs[0]),
        [
            pair("Dana Whitfield", "seller"),
            pair("Tom Okafor", "buyer"),
            pair("Dana Whitfield", "seller"),
            pair("Tom Okafor", "buyer"),
        ]
    );
    // The second call's buyer is named by that call's parties.
    assert_eq!(
        speakers_and_roles(&rs[1]),
        [
            pair("Dana Whitfield", "seller"),
            pair("Peter Gibbons", "buyer")
        ]
    );
    assert!(rs[0]["figures"]["seller_talk_share"].is_f64());
    // Without the file the speakers are bare ids and the sides a guess.
    let rs = json_reports(&["analyze", GONG]);
    assert_eq!(rs[0]["roles"]["method"], "heuristic");
    assert_eq!(rs[0]["utterances"][0]["speaker"], "6432345678555530067");
    // Text output and `explain` take the file too.
    closecall()
        .args(["analyze", GONG, "--parties", GONG_PARTIES])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Dana Whitfield"));
    closecall()
        .args(["explain", GONG, "--utterance", "1", "--call"])
        .args(["7782342274025937896", "--parties", GONG_PARTIES])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "utterance 1 by Peter Gibbons (buyer",
        ));
}

#[test]
fn seller_id_gives_sides_by_speaker_id() {
    let seller = "6432345678555530067";
    let rs = json_reports(&["analyze", GONG, "--seller-id", seller]);
    for r in &rs {
        assert_eq!(r["roles"]["method"], "flag");
        assert_eq!(r["roles"]["sellers"], serde_json::json!([seller]));
        for (speaker, role) in speakers_and_roles(r) {
            let want = if speaker == seller { "seller" } else { "buyer" };
            assert_eq!(role, want, "{speaker}");
        }
    }
    // Any format's speaker labels, and it overrides the sides a format gives.
    let rs = json_reports(&[
        "analyze",
        "fixtures/formats/aws-call-analytics.json",
        "--seller-id",
        "Customer",
    ]);
    let r = &rs[0];
    assert_eq!(r["roles"]["method"], "flag");
    assert_eq!(r["roles"]["sellers"], serde_json::json!(["Customer"]));
    // An id that is nobody's is an error naming the file and the speakers.
    closecall()
        .args(["analyze", GONG, "--seller-id", "643"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{GONG}: --seller-id \"643\" matches no speaker (speakers: {seller}, 8432345678555530067)"
        )));
    closecall()
        .args(["explain", GONG, "--utterance", "0", "--call"])
        .args(["7782342274025937896", "--seller-id", "9432345678555530067"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "(buyer; sides: --seller/--seller-domain/--seller-id named",
        ));
}

#[test]
fn a_bad_parties_file_exits_2_naming_it() {
    let bad = "fixtures/gong-parties/bad-speaker-id.parties.json";
    closecall()
        .args(["analyze", GONG, "--parties", bad])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(format!(
            "{bad}: not valid Gong parties: calls[0].parties[0].speakerId is not a string or a number"
        )));
    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("cut.parties.json");
    std::fs::write(&cut, "{\"calls\": [\n  {\"metaData\": {\"id\": \"1\"},\n").unwrap();
    let cut = cut.to_str().unwrap();
    closecall()
        .args(["analyze", GONG, "--parties", cut])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{cut}:3: not valid Gong parties"
        )));
    closecall()
        .args([
            "analyze",
            GONG,
            "--parties",
            "fixtures/gong-parties/nope.json",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "fixtures/gong-parties/nope.json: cannot read",
        ));
    // Parties name Gong speaker ids: another format is refused, not ignored.
    closecall()
        .args(["analyze", ORDER_TAKER, "--parties", GONG_PARTIES])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("read as zoom-vtt"));
    closecall()
        .args([
            "analyze",
            GONG,
            "--parties",
            GONG_PARTIES,
            "--seller-id",
            "1",
        ])
        .assert()
        .code(2);
}

#[test]
fn eval_per_call_scores_add_up_to_the_share_error() {
    let out = closecall()
        .args(["eval", "fixtures/gold/dev-b2b", "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let per_call = v["per_call"].as_array().unwrap();
    assert_eq!(per_call.len(), v["calls"].as_u64().unwrap() as usize);
    let mean_error = per_call
        .iter()
        .map(|c| {
            (c["small_talk_predicted"].as_f64().unwrap() - c["small_talk_gold"].as_f64().unwrap())
                .abs()
        })
        .sum::<f64>()
        / per_call.len() as f64;
    let mae = v["share_mae"]["small_talk"].as_f64().unwrap();
    // JSON numbers carry six decimals.
    assert!((mean_error - mae).abs() < 2e-6, "{mean_error} vs {mae}");
    let utterances: u64 = per_call
        .iter()
        .map(|c| c["utterances"].as_u64().unwrap())
        .sum();
    assert_eq!(utterances, v["utterances"].as_u64().unwrap());

    closecall()
        .args(["eval", "fixtures/gold/dev-b2b"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "calls with the largest small-talk share error",
        ));
}

#[test]
fn eval_names_the_file_and_line_of_a_bad_gold_line() {
    let dir = tempfile::tempdir().unwrap();
    let good = r#"{"call":"x","index":0,"speaker":"A","role":"seller","text":"hi","label":"other","signals":[]}"#;
    for (second, says) in [
        ("not json", "x.jsonl:2: gold: not a JSON object: expected ident (column 2); a gold file holds one labelled utterance per line"),
        (
            r#"{"call":"x","index":1,"speaker":"A","role":"seller","text":"hi","signals":[]}"#,
            "x.jsonl:2: gold: missing field `label`; a gold file holds",
        ),
        (
            r#"{"call":"x","index":1,"speaker":"A","role":"seller","text":"hi","label":"chat","signals":[]}"#,
            "x.jsonl:2: gold: unknown variant `chat`, expected one of `small_talk`",
        ),
    ] {
        std::fs::write(dir.path().join("x.jsonl"), format!("{good}\n{second}\n")).unwrap();
        closecall()
            .args(["eval"])
            .arg(dir.path())
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says))
            // serde's own position counts from the line, not the file.
            .stderr(predicate::str::contains("at line").not());
    }
    std::fs::write(dir.path().join("x.jsonl"), format!("{good}\n")).unwrap();
    std::fs::write(dir.path().join("calls.jsonl"), "{\"call\": \"x\"\n").unwrap();
    closecall()
        .args(["eval"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "calls.jsonl:1: gold: not a JSON object: EOF while parsing an object",
        ));
}

/// `eval`'s JSON for these arguments.
fn eval_json(args: &[&str]) -> serde_json::Value {
    json_output(&[&["eval"], args].concat())
}

#[test]
fn eval_scores_a_gold_file_named_twice_once() {
    const DIR: &str = "fixtures/gold/dev-b2b";
    const FILE: &str = "fixtures/gold/dev-b2b/dev-02-homecare-payroll-pro.jsonl";
    let once = eval_json(&[DIR]);
    assert_eq!(once["calls"], 12);
    // The same folder twice, spelt two ways: the very same document.
    assert_eq!(eval_json(&[DIR, DIR]), once);
    assert_eq!(eval_json(&[DIR, "./fixtures/gold/../gold/dev-b2b/"]), once);
    // A file twice is one call.
    let file = eval_json(&[FILE, &format!("./{FILE}")]);
    assert_eq!(
        (&file["calls"], &file["utterances"]),
        (&1.into(), &64.into())
    );
    // A file and its folder: each call once, the file's first (first seen).
    let both = eval_json(&[FILE, DIR]);
    for key in ["calls", "utterances", "confusion", "macro_f1", "accuracy"] {
        assert_eq!(both[key], once[key], "{key}");
    }
    let names: Vec<&str> = both["per_call"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["call"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 12);
    assert_eq!(names[0], "dev-02-homecare-payroll-pro");
    assert_eq!(
        names.iter().filter(|n| **n == names[0]).count(),
        1,
        "{names:?}"
    );
    // `lexicon suggest` reads gold the same way.
    let suggest = |args: &[&str]| {
        closecall()
            .args(["lexicon", "suggest"])
            .args(args)
            .args(["--label", "ask", "--top", "3"])
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone()
    };
    let once = suggest(&[DIR]);
    assert!(String::from_utf8_lossy(&once).starts_with("12 calls, 630 utterances"));
    assert_eq!(suggest(&[DIR, FILE]), once);
}

/// Records whose sides are all the buyer's: no seller, and a seller talk
/// share of 0 (not "-0.0%"), with the reason saying so.
#[test]
fn records_with_only_buyer_sides_have_no_seller() {
    let v = analyze_stdin_json(
        "{\"role\":\"customer\",\"text\":\"Hi, how much is it?\"}\n{\"role\":\"customer\",\"text\":\"Hello?\"}\n",
    );
    assert_eq!(v["input_format"], "records");
    assert_eq!(v["figures"]["seller_talk_share"].as_f64(), Some(0.0));
    assert!(v["figures"]["seller_talk_share"]
        .as_f64()
        .unwrap()
        .is_sign_positive());
    assert!(v["roles"]["reason"]
        .as_str()
        .unwrap()
        .ends_with("none is the seller's"));
}

/// The monologue bar is in time: a call without times shows words and no
/// "over 2:00" hint; a timed call shows both.
#[test]
fn the_monologue_hint_is_given_only_in_time() {
    closecall()
        .args(["analyze", "-"])
        .write_stdin(
            "Dana: We cut onboarding by half for teams like yours.\nTom: Sounds interesting.\n",
        )
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "longest seller monologue     9 words",
        ))
        .stdout(predicate::str::contains("over 2:00").not());
    closecall()
        .args(["analyze", ORDER_TAKER])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "over 2:00 goes with lower win rates",
        ));
}
