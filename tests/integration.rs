//! End-to-end tests: run the `crmrecon` binary as a user would.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

fn crmrecon() -> Command {
    Command::cargo_bin("crmrecon").expect("the binary is built")
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn init_writes_a_config_that_inspect_accepts_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crmrecon.toml");
    crmrecon().arg("init").arg(&path).assert().success();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("[matching]"));

    let again = crmrecon().arg("init").arg(&path).output().unwrap();
    assert_eq!(again.status.code(), Some(3));
    assert!(stderr(&again).contains("already exists"), "{}", stderr(&again));
    crmrecon().args(["init", "--force"]).arg(&path).assert().success();

    let csv = dir.path().join("a.csv");
    std::fs::write(&csv, "Email\na@b.fr\n").unwrap();
    crmrecon().arg("--config").arg(&path).arg("inspect").arg(&csv).assert().success();
}

#[test]
fn a_bad_config_names_the_file_and_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, "[matching]\nauto = 2.0\n").unwrap();
    let out =
        crmrecon().arg("--config").arg(&path).arg("inspect").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(err.contains("bad.toml") && err.contains("auto = 2"), "{err}");
}

#[test]
fn a_missing_path_exits_3_and_the_other_inputs_are_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("contacts.csv");
    std::fs::write(&csv, "Prénom,Nom,Email\nJean,Dupont,jean@acme.fr\n").unwrap();
    let out = crmrecon()
        .args(["inspect", "--json"])
        .arg(dir.path().join("nope.xlsx"))
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("nope.xlsx: no such file"), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let items = json.as_array().unwrap();
    assert!(items.iter().any(|v| v["error"].as_str().is_some_and(|e| e.contains("nope.xlsx"))));
}

#[test]
fn bad_usage_exits_3_and_help_exits_0() {
    let out = crmrecon().arg("inspect").output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    crmrecon().arg("--help").assert().success();
    crmrecon().args(["inspect", "--help"]).assert().success();
}
