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

/// The demo data set comes with the true role of every side column
/// (`truth_columns.csv`) and the true identity of every record
/// (`truth.csv`): inspect must find every role and read every data row.
#[test]
fn inspect_finds_the_true_role_of_every_demo_column_and_reads_every_row() {
    let demo = fixtures().join("demo");
    let out = crmrecon().args(["inspect", "--json"]).arg(&demo).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sheets: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    let find = |source: &str, sheet: &str| {
        sheets
            .iter()
            .find(|s| {
                s["source"].as_str().unwrap().ends_with(&format!("demo/{source}"))
                    && s["sheet"].as_str().unwrap() == sheet
            })
            .unwrap_or_else(|| panic!("no sheet {source} › {sheet} in the inspect output"))
    };

    let mut truth = csv::Reader::from_path(demo.join("truth_columns.csv")).unwrap();
    let mut checked = 0;
    let mut wrong = Vec::new();
    for row in truth.records() {
        let row = row.unwrap();
        let (source, sheet, letter, header, role) = (&row[0], &row[1], &row[2], &row[3], &row[4]);
        let report = find(source, sheet);
        let column = report["columns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["letter"] == letter)
            .unwrap_or_else(|| panic!("{source} › {sheet}: no column {letter}"));
        if column["role"] != role {
            wrong.push(format!(
                "{source} › {sheet} › {letter} {header:?}: {} instead of {role}",
                column["role"]
            ));
        }
        checked += 1;
    }
    assert!(checked > 20, "only {checked} columns in truth_columns.csv");
    assert!(wrong.is_empty(), "{} of {checked} columns wrong:\n{}", wrong.len(), wrong.join("\n"));

    // Every side and CRM record of the truth is a row read by inspect.
    let mut truth = csv::Reader::from_path(demo.join("truth.csv")).unwrap();
    let mut rows_by_sheet =
        std::collections::BTreeMap::<(String, String), std::collections::BTreeSet<u64>>::new();
    for row in truth.records() {
        let row = row.unwrap();
        rows_by_sheet
            .entry((row[2].to_string(), row[3].to_string()))
            .or_default()
            .insert(row[4].parse().unwrap());
    }
    for ((source, sheet), rows) in rows_by_sheet {
        let report = find(&source, &sheet);
        assert_eq!(
            report["rows_read"].as_u64().unwrap(),
            rows.len() as u64,
            "{source} › {sheet}: rows read vs records in truth.csv"
        );
    }
}

#[test]
fn a_one_megabyte_cell_is_read_whole_and_shown_shortened() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("notes.csv");
    let huge = "x".repeat(1 << 20);
    std::fs::write(
        &csv,
        format!("Nom,Email,Notes\nDupont,jean@acme.fr,{huge}\nMartin,paul@acme.fr,court\n"),
    )
    .unwrap();
    let out = crmrecon().args(["inspect", "--json"]).arg(&csv).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sheets: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(sheets[0]["rows_read"], 2);
    let notes = &sheets[0]["columns"][2];
    assert_eq!(notes["header"], "Notes");
    assert!(notes["samples"][0].as_str().unwrap().chars().count() <= 80);
}

#[test]
fn a_sheet_of_16384_columns_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wide.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write(0, 0, "Email").unwrap();
    sheet.write(1, 0, "jean@acme.fr").unwrap();
    for col in 1..16_384u16 {
        sheet.write(0, col, format!("Champ {col}")).unwrap();
        sheet.write(1, col, col as f64).unwrap();
    }
    workbook.save(&path).unwrap();
    let out = crmrecon().args(["inspect", "--json"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sheets: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(sheets[0]["columns"].as_array().unwrap().len(), 16_384);
    assert_eq!(sheets[0]["columns"][16_383]["letter"], "XFD");
    assert_eq!(sheets[0]["rows_read"], 1);
}

#[test]
fn one_bad_file_in_a_folder_is_reported_and_the_others_are_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("good.csv"),
        "Prénom;Nom;Téléphone\nJean;Dupont;06 12 34 56 78\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("empty.csv"), "").unwrap();
    std::fs::write(dir.path().join("fake.xlsx"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR garbage").unwrap();
    let out = crmrecon().args(["inspect", "--json"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(err.contains("empty.csv") && err.contains("empty"), "{err}");
    assert!(err.contains("fake.xlsx"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let items: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    let good = items.iter().find(|v| v["source"].as_str().unwrap().ends_with("good.csv")).unwrap();
    assert_eq!(good["rows_read"], 1);
    assert_eq!(good["delimiter"], ";");
}
