//! Every command in the README's ```console blocks runs here, against the
//! real binary, and exits as the README says (0 unless the line ends with
//! `# exits N`). A README example that stops working fails the build.

use std::path::Path;
use std::process::Command;

fn examples() -> Vec<String> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let mut out = Vec::new();
    let mut in_console = false;
    for line in readme.lines() {
        if line.starts_with("```") {
            in_console = line.trim() == "```console";
            continue;
        }
        if in_console {
            if let Some(cmd) = line.strip_prefix("$ ") {
                out.push(cmd.to_string());
            }
        }
    }
    out
}

fn expected_code(cmd: &str) -> i32 {
    cmd.rsplit_once("# exits ")
        .and_then(|(_, n)| n.trim().parse().ok())
        .unwrap_or(0)
}

#[test]
fn readme_examples_run_as_documented() {
    let bin = Path::new(env!("CARGO_BIN_EXE_closecall"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let cmds = examples();
    assert!(cmds.len() >= 10, "README examples not found");
    let mut failures = Vec::new();
    for cmd in &cmds {
        let out = Command::new("sh")
            .arg("-c")
            .arg(cmd)
            .env("PATH", &path)
            .env_remove("NO_COLOR")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        let code = out.status.code().unwrap_or(-1);
        if code != expected_code(cmd) {
            failures.push(format!(
                "`{cmd}` exited {code}, README says {}\n{}",
                expected_code(cmd),
                String::from_utf8_lossy(&out.stderr)
            ));
        } else if out.stdout.is_empty() && out.stderr.is_empty() {
            failures.push(format!("`{cmd}` printed nothing"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
