//! Every file in `fixtures/formats/` parses to the transcript its
//! `<file>.expected.json` holds (the format detected, speakers, roles, times,
//! text). Adding a case is adding two files. To (re)write the expected files
//! after a deliberate change: `CLOSECALL_BLESS=1 cargo test --test formats`
//! (it rewrites only the files whose content changed), then review the diff.

use std::path::{Path, PathBuf};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/formats");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures/formats exists")
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            p.is_file()
                && !name.ends_with(".expected.json")
                && name != "SOURCES.md"
                && name != "README.md"
        })
        .collect();
    files.sort();
    files
}

fn expected_path(p: &Path) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(".expected.json");
    PathBuf::from(s)
}

#[test]
fn every_format_fixture_parses_as_expected() {
    let bless = std::env::var_os("CLOSECALL_BLESS").is_some();
    let mut failures = Vec::new();
    let files = fixtures();
    assert!(files.len() >= 5, "fixtures missing");
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let got = match closecall::parse::load(file.to_str().unwrap(), None) {
            Ok(parsed) => serde_json::to_value(&parsed).unwrap(),
            Err(e) => {
                serde_json::json!({ "error": e.to_string().replace(file.to_str().unwrap(), &name) })
            }
        };
        let exp_path = expected_path(&file);
        let expected: Option<serde_json::Value> = std::fs::read_to_string(&exp_path)
            .ok()
            .map(|s| serde_json::from_str(&s).unwrap());
        // Blessing rewrites only what changed, so unchanged files keep their layout.
        if bless && expected.as_ref() != Some(&got) {
            std::fs::write(
                &exp_path,
                serde_json::to_string_pretty(&got).unwrap() + "\n",
            )
            .unwrap();
            continue;
        }
        let Some(expected) = expected else {
            failures.push(format!("{name}: no {name}.expected.json"));
            continue;
        };
        if got != expected {
            failures.push(format!(
                "{name}: parse differs from expected\n--- got ---\n{}",
                serde_json::to_string_pretty(&got).unwrap()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// No parser panics, whatever it is forced to read: every fixture, cut short
/// at several points, through every format.
#[test]
fn no_format_panics_on_any_fixture_or_truncation() {
    for file in fixtures() {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let cuts: Vec<usize> = (0..=8)
            .map(|k| text.len() * k / 8)
            .map(|mut n| {
                while !text.is_char_boundary(n) {
                    n -= 1;
                }
                n
            })
            .collect();
        for cut in cuts {
            let part = &text[..cut];
            for f in closecall::parse::FORMATS {
                let _ = closecall::parse::parse_text("x", part, Some(*f));
            }
            let _ = closecall::parse::parse_text("x", part, None);
        }
    }
}
