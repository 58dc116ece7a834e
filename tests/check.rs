//! `crmrecon check` on the demo: exit codes 0 (pass), 1 (warnings), 2
//! (a failure), 3 (could not run); JUnit output that is well-formed XML
//! with one test case per check; GitHub annotations naming the file and
//! the rule; nothing written without `--out`.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo")
}

/// Every check off, then `extra`: each case turns on only what it tests.
fn config(dir: &Path, extra: &str) -> PathBuf {
    let off: String = crmrecon::config::CHECK_NAMES
        .iter()
        .filter(|n| !extra.lines().any(|l| l.trim_start().starts_with(&format!("{n} ="))))
        .map(|n| format!("{n} = \"off\"\n"))
        .collect();
    let path = dir.join("crmrecon.toml");
    std::fs::write(&path, format!("[checks]\n{off}{extra}\n")).unwrap();
    path
}

fn check(dir: &Path, config: Option<&Path>, args: &[&str]) -> Output {
    let mut cmd = Command::cargo_bin("crmrecon").unwrap();
    cmd.current_dir(dir).args(["check", "--no-progress", "--today", "2026-11-26"]);
    if let Some(c) = config {
        cmd.arg("--config").arg(c);
    }
    cmd.arg("--crm").arg(demo().join("crm")).arg("--side").arg(demo().join("side"));
    cmd.args(args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn exit_codes_pass_warn_fail_and_could_not_run() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // The demo's side files repeat records (about a quarter): the same
    // check passes, warns or fails with the levels.
    for (extra, flags, code) in [
        ("max_duplicate_rate = { warn = 0.90, fail = 0.95 }", &[][..], 0),
        ("\"max_duplicate_rate.side\" = { warn = 0.01, fail = 0.90 }", &[], 1),
        ("max_duplicate_rate = 0.01", &[], 2),
        (
            "max_duplicate_rate = { warn = 0.90, fail = 0.95 }",
            &["--fail", "max_duplicate_rate.side=0.01"],
            2,
        ),
        (
            "max_duplicate_rate = 0.01",
            &["--fail", "max_duplicate_rate=0.99", "--warn", "max_duplicate_rate=0.98"],
            0,
        ),
    ] {
        let c = config(dir, extra);
        let out = check(dir, Some(&c), flags);
        assert_eq!(out.status.code(), Some(code), "{extra} {flags:?}\n{}", stdout(&out));
    }
    assert!(!dir.join("crmrecon-out").exists(), "check writes nothing without --out");

    let c = config(dir, "");
    let missing = check(dir, Some(&c), &["--side", "/nonexistent/side.xlsx"]);
    assert_eq!(missing.status.code(), Some(3), "an unreadable input");
    let bad_flag = check(dir, Some(&c), &["--fail", "max_dupes=0.1"]);
    assert_eq!(bad_flag.status.code(), Some(3));
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "[checks]\nmax_duplicates = 0.1\n").unwrap();
    let bad_config = check(dir, Some(&bad), &[]);
    assert_eq!(bad_config.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&bad_config.stderr).contains("max_duplicates"));
    let usage = check(dir, Some(&c), &["--format", "yaml"]);
    assert_eq!(usage.status.code(), Some(3));
}

#[test]
fn github_annotations_name_the_file_and_the_rule() {
    let tmp = tempfile::tempdir().unwrap();
    let c =
        config(tmp.path(), "\"max_duplicate_rate.side\" = 0.05\nmax_invalid_rows = { warn = 0 }");
    let out = check(tmp.path(), Some(&c), &["--format", "github", "--quiet"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    let error = text
        .lines()
        .find(|l| l.starts_with("::error file=") && l.contains("karim_leads.csv"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(error.contains("title=max_duplicate_rate.side::"), "{error}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("::warning file=") && l.contains("title=max_invalid_rows.side")),
        "{text}"
    );
}

#[test]
fn json_and_report_json_carry_the_results() {
    let tmp = tempfile::tempdir().unwrap();
    let c = config(tmp.path(), "max_duplicate_rate = { warn = 0.01, fail = 0.9 }");
    let out_dir = tmp.path().join("out");
    let out =
        check(tmp.path(), Some(&c), &["--format", "json", "--out", out_dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["exit_code"], 1);
    assert_eq!(v["level"], "warn");
    let side = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "max_duplicate_rate.side")
        .unwrap();
    assert_eq!(side["level"], "warn");
    assert!(side["files"].as_array().unwrap().len() > 1);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("report.json")).unwrap())
            .unwrap();
    assert_eq!(report["checks"]["exit_code"], 1);
    assert!(out_dir.join("matches.csv").exists());
}

/// A small well-formedness check: tags nest and close, attributes are
/// quoted, text holds only the five predefined entities. Returns the
/// elements in document order with their attributes.
fn parse_xml(text: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut stack: Vec<String> = Vec::new();
    let mut elements = Vec::new();
    let mut rest = text.trim_start();
    assert!(rest.starts_with("<?xml "), "declaration");
    rest = &rest[rest.find("?>").unwrap() + 2..];
    while let Some(open) = rest.find('<') {
        check_text(&rest[..open]);
        let close = rest[open..].find('>').expect("tag closed") + open;
        let tag = &rest[open + 1..close];
        assert!(!tag.contains('<'), "{tag}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name.trim()), "closing tag");
        } else {
            let self_closing = tag.ends_with('/');
            let body = tag.trim_end_matches('/');
            let name = body.split_whitespace().next().unwrap().to_string();
            let mut attrs = Vec::new();
            let mut a = body[name.len()..].trim();
            while !a.is_empty() {
                let eq = a.find("=\"").unwrap_or_else(|| panic!("attribute quoted: {a}"));
                let end = a[eq + 2..].find('"').unwrap() + eq + 2;
                let value = &a[eq + 2..end];
                check_text(value);
                attrs.push((a[..eq].trim().to_string(), value.to_string()));
                a = a[end + 1..].trim();
            }
            elements.push((name.clone(), attrs));
            if !self_closing {
                stack.push(name);
            }
        }
        rest = &rest[close + 1..];
    }
    assert!(rest.trim().is_empty() && stack.is_empty(), "unclosed: {stack:?}");
    elements
}

fn check_text(t: &str) {
    let mut s = t;
    while let Some(amp) = s.find('&') {
        let end = s[amp..].find(';').expect("entity closed") + amp;
        assert!(["amp", "lt", "gt", "quot", "apos"].contains(&&s[amp + 1..end]), "{t}");
        s = &s[end + 1..];
    }
}

#[test]
fn junit_is_xml_with_one_test_case_per_check() {
    let tmp = tempfile::tempdir().unwrap();
    // Built-in levels: every check runs.
    let junit = check(tmp.path(), None, &["--format", "junit", "-q"]);
    let json = check(tmp.path(), None, &["--format", "json", "-q"]);
    assert_eq!(junit.status.code(), json.status.code());
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    let checks = v["checks"].as_array().unwrap();
    let elements = parse_xml(&stdout(&junit));
    let cases: Vec<&Vec<(String, String)>> =
        elements.iter().filter(|(n, _)| n == "testcase").map(|(_, a)| a).collect();
    assert_eq!(cases.len(), checks.len());
    for (case, c) in cases.iter().zip(checks) {
        let name = case.iter().find(|(k, _)| k == "name").unwrap();
        assert_eq!(name.1, c["id"].as_str().unwrap());
    }
    let failures = elements.iter().filter(|(n, _)| n == "failure").count();
    let failed = checks.iter().filter(|c| c["level"] == "fail").count();
    assert_eq!(failures, failed);
    let suite = &elements.iter().find(|(n, _)| n == "testsuite").unwrap().1;
    let attr = |k: &str| suite.iter().find(|(n, _)| n == k).unwrap().1.clone();
    assert_eq!(attr("tests"), checks.len().to_string());
    assert_eq!(attr("failures"), failed.to_string());
    for id in ["max_duplicate_rate.side", "min_next_action_rate.side", "max_invalid_rows.side"] {
        assert!(checks.iter().any(|c| c["id"] == id), "{id}");
    }
}
