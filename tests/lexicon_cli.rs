//! The lexicon tooling commands run as a user runs them: the real binary, real
//! fixtures, exit codes and output lines.

use assert_cmd::Command;
use predicates::prelude::*;

fn closecall() -> Command {
    let mut c = Command::cargo_bin("closecall").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

/// Runs closecall with `args`, expects success, and parses its stdout as JSON.
fn json_of(args: &[&str]) -> serde_json::Value {
    let out = closecall()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn explain_text_names_file_and_line() {
    closecall()
        .args([
            "explain",
            "Can we get the order in this week?",
            "--role",
            "seller",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("label: ask"))
        .stdout(predicate::str::is_match(r"lexicons/ask\.txt:\d+  \(can\|could").unwrap())
        .stdout(predicate::str::contains("matched \"can we get"));
}

#[test]
fn explain_text_json() {
    let v = json_of(&[
        "explain",
        "How was the game last night?",
        "--role",
        "seller",
        "--format",
        "json",
    ]);
    assert_eq!(v["label"], "small_talk");
    assert!(v["entries"][0]["origin"]
        .as_str()
        .unwrap()
        .starts_with("lexicons/small_talk.txt:"));
}

#[test]
fn explain_file_utterance() {
    closecall()
        .args([
            "explain",
            "fixtures/formats/chat-bracket-times.txt",
            "--utterance",
            "3",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "fixtures/formats/chat-bracket-times.txt:4: utterance 3 by Tom Okafor (buyer",
        ))
        .stdout(predicate::str::contains("label: discovery"))
        .stdout(predicate::str::contains("lexicons/discovery.txt:"));
    closecall()
        .args([
            "explain",
            "fixtures/formats/chat-bracket-times.txt",
            "--utterance",
            "3",
            "--seller",
            "Tom",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"role\": \"seller\""));
}

#[test]
fn explain_a_gold_utterance_beside_its_gold_label() {
    closecall()
        .args([
            "explain",
            "fixtures/gold-mini/mini-01-freight.jsonl",
            "--gold",
            "--utterance",
            "1",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "utterance 1 by Tom (buyer; sides: the gold file gives each speaker's side)",
        ))
        .stdout(predicate::str::contains("gold:  small_talk"));
    let v = json_of(&[
        "explain",
        "fixtures/gold-mini/mini-01-freight.jsonl",
        "--gold",
        "--utterance",
        "1",
        "--format",
        "json",
    ]);
    assert_eq!(v["gold"]["label"], "small_talk");
    assert_eq!(v["call"]["index"], 1);
    // A folder holds several calls; a file with one call is needed.
    closecall()
        .args([
            "explain",
            "fixtures/gold-mini",
            "--gold",
            "--utterance",
            "1",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "fixtures/gold-mini: --gold needs one labelled call",
        ));
    closecall()
        .args([
            "explain",
            "fixtures/gold-mini/mini-01-freight.jsonl",
            "--gold",
            "--utterance",
            "99",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no utterance 99"));
}

#[test]
fn explain_errors_name_the_file() {
    closecall()
        .args(["explain", "no-such-call.vtt", "--utterance", "1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-call.vtt: cannot read"));
    closecall()
        .args([
            "explain",
            "fixtures/formats/chat-bracket-times.txt",
            "--utterance",
            "40",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no utterance 40: it has 6"));
    closecall()
        .args(["explain", "hello", "--utterance", "1", "--role", "buyer"])
        .assert()
        .code(2);
}

#[test]
fn lexicon_check_planted_problems() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("value.txt"),
        "[seller]\nzorbly widgets\nzorbly widgets\nflorp\nthe florp thing\nglorp. blorp\nwe dont zorble\n+ nothing like it\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("ask.txt"), "[seller]\nzorbly widgets\n").unwrap();
    let out = closecall()
        .args(["lexicon", "check"])
        .arg(dir.path())
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out)
        .unwrap()
        .replace(&dir.path().display().to_string(), "D");
    for want in [
        "D/value.txt:3: duplicate: ",
        "D/value.txt:5: shadowed: ",
        "D/value.txt:6: never-matches: ",
        "D/value.txt:7: contraction: warning: ",
        "D/value.txt:8: example: ",
        "D/value.txt:2: cross-label: warning: `zorbly widgets` is also ask at D/ask.txt:2",
    ] {
        assert!(out.lines().any(|l| l.starts_with(want)), "{want}\n{out}");
    }
}

#[test]
fn lexicon_check_clean_dir_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("value.txt"), "zorbly widgets\n").unwrap();
    // Only the built-ins' own problems, none from the clean DIR.
    let out = closecall()
        .args(["lexicon", "check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let root = dir.path().display().to_string();
    assert!(!v
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["path"].as_str().unwrap().starts_with(&root)));
    // A syntax error: exit 2, naming file and line.
    std::fs::write(dir.path().join("ask.txt"), "ok\n(can|could\n").unwrap();
    closecall()
        .args(["lexicon", "check"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("ask.txt:2: lexicon:"));
    closecall()
        .args(["lexicon", "check", "/no/such/lexicon/dir"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/no/such/lexicon/dir"));
}

#[test]
fn lexicon_suggest_on_gold_mini() {
    // An ask lexicon of our own, so tuning the built-in one cannot change the answer.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ask.txt"), "@replace\nzorbly florp\n").unwrap();
    closecall()
        .args([
            "lexicon",
            "suggest",
            "fixtures/gold-mini",
            "--label",
            "ask",
            "--top",
            "3",
            "--lexicons",
        ])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"(?m)^  lock in +2 +0 +1\.000").unwrap());
    let v = json_of(&[
        "lexicon",
        "suggest",
        "fixtures/gold-mini",
        "--role",
        "seller",
        "--format",
        "json",
    ]);
    assert_eq!(v["utterances"], 8);
    assert_eq!(v["targets"].as_array().unwrap().len(), 9);
    closecall()
        .args([
            "lexicon",
            "suggest",
            "fixtures/gold-mini",
            "--label",
            "other",
        ])
        .assert()
        .code(2);
}

/// Every command of docs/lexicon-tools.md's ```console blocks runs and exits as
/// the line says (0 unless it ends with `# exits N` or `# exits 0 or 1`), printing
/// something.
#[test]
fn docs_examples_run_as_documented() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/lexicon-tools.md")).unwrap();
    let mut in_console = false;
    let mut n = 0;
    for line in doc.lines() {
        if line.starts_with("```") {
            in_console = line.trim() == "```console";
            continue;
        }
        let Some(cmd) = line.strip_prefix("$ ").filter(|_| in_console) else {
            continue;
        };
        // `# exits N`, or `# exits 0 or 1` where the answer depends on the built-in lexicons.
        let (cmd, codes): (&str, Vec<i32>) = match cmd.rsplit_once("# exits ") {
            Some((c, k)) => (
                c.trim(),
                k.split(" or ").map(|k| k.trim().parse().unwrap()).collect(),
            ),
            None => (cmd.trim(), vec![0]),
        };
        let args: Vec<String> = shell_words(cmd);
        assert_eq!(args[0], "closecall", "{cmd}");
        let out = closecall().args(&args[1..]).output().unwrap();
        let code = out.status.code().unwrap_or(-1);
        assert!(
            codes.contains(&code),
            "`{cmd}` exited {code}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            code == 0 && codes.len() > 1 || !out.stdout.is_empty(),
            "`{cmd}` printed nothing"
        );
        n += 1;
    }
    assert!(n >= 9, "docs examples not found");
}

/// Splits a command line on spaces, keeping "double-quoted" words whole.
fn shell_words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in s.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            _ => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}
