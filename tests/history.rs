//! `--history`: three weekly runs on evolving copies of the demo. Between
//! runs a side-only contact is entered in the CRM, a new lead appears in a
//! side file, a conflicting row is removed and a matched row gets a new
//! phone number; report.json's deltas and trend must say exactly that.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn run(dir: &Path, out: &str, today: &str) -> Value {
    let status = Command::cargo_bin("crmrecon")
        .unwrap()
        .current_dir(dir)
        .args([
            "reconcile",
            "-q",
            "--crm",
            "d/crm",
            "--side",
            "d/side",
            "--history",
            "history.jsonl",
        ])
        .args(["--out", out, "--today", today])
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(0), "{}", String::from_utf8_lossy(&status.stderr));
    serde_json::from_str(&std::fs::read_to_string(dir.join(out).join("report.json")).unwrap())
        .unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn history_line(dir: &Path, n: usize) -> Value {
    let text = std::fs::read_to_string(dir.join("history.jsonl")).unwrap();
    serde_json::from_str(text.lines().nth(n).unwrap()).unwrap()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|x| x.as_str().unwrap_or_default().to_string()).collect()
}

const KARIM: &str = "d/side/karim_leads.csv";

#[test]
fn three_weekly_runs_give_the_right_deltas() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo"), &dir.join("d"));
    let karim = dir.join(KARIM);

    let first = run(dir, "o1", "2026-11-09");
    assert!(first.get("deltas").is_none(), "nothing to compare the first run with");
    assert_eq!(first["trend"]["dates"].as_array().unwrap().len(), 1);

    // Week 2: a side-only contact is entered in the CRM; a new lead appears.
    let line = history_line(dir, 0);
    let moved = strings(&line["side_only"])
        .into_iter()
        .find(|id| id.starts_with(&format!("side:contact:{KARIM}:")) && id.contains('@'))
        .expect("a side-only contact with an email in karim_leads.csv");
    let email = moved.rsplit(':').next().unwrap().to_string();
    let text = std::fs::read_to_string(&karim).unwrap();
    let row = text.lines().find(|l| l.to_lowercase().contains(&email)).unwrap().to_string();
    let cells: Vec<&str> = row.split(',').collect();
    let (first_name, last_name) = cells[0].split_once(' ').unwrap_or((cells[0], ""));
    let crm = dir.join("d/crm/contacts.csv");
    let mut contacts = std::fs::read_to_string(&crm).unwrap();
    contacts.push_str(&format!(
        "99900000001,{first_name},{last_name},{email},,,,{},,,Karim Benali,2026-11-12 10:00,2026-11-12 10:00,2026-11-12 10:00\n",
        cells[2]
    ));
    std::fs::write(&crm, contacts).unwrap();
    let lead = "Zoé Nouvelle-Cliente,zoe.nouvelle@exemple-inedit.fr,Exemple Inédit SARL,06 11 22 33 44,\"12,000\",Appointment scheduled,Appeler lundi,karim.benali@vertbois-equipements.fr\n";
    std::fs::write(&karim, format!("{}{lead}", text.trim_end_matches('\n').to_string() + "\n"))
        .unwrap();

    let second = run(dir, "o2", "2026-11-16");
    let d = &second["deltas"];
    assert_eq!(d["previous_date"], "2026-11-09");
    assert!(strings(&d["moved_to_crm"]).contains(&moved), "{moved} moved: {d:#}");
    let new_side_only = strings(&d["new_side_only"]);
    let zoe = format!("side:contact:{KARIM}:zoe.nouvelle@exemple-inedit.fr");
    assert!(new_side_only.contains(&zoe), "{new_side_only:?}");
    assert!(!new_side_only.contains(&moved));
    let changed = strings(&d["changed_inputs"]);
    assert_eq!(changed, ["d/crm/contacts.csv", KARIM], "only the edited files changed");

    // Week 3: a conflicting row is deleted; a matched contact gets other
    // phone numbers in the CRM.
    let line = history_line(dir, 1);
    let conflict = line["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            let side = c["side"].as_str().unwrap();
            side.starts_with(&format!("side:contact:{KARIM}:")) && side.contains('@')
        })
        .expect("a conflict on a karim contact")
        .clone();
    let gone_email = conflict["side"].as_str().unwrap().rsplit(':').next().unwrap().to_string();
    let text = std::fs::read_to_string(&karim).unwrap();
    let matches = std::fs::read_to_string(dir.join("o2/matches.csv")).unwrap();
    // An unchanged contact of karim_leads.csv with a phone: the CRM gets
    // other numbers for it, so the side phone now conflicts.
    let (changed_email, crm_id) = matches
        .lines()
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|c| c[0] == "contact" && c[2] == KARIM && c[7] == "unchanged")
        .find_map(|c| {
            let row: usize = c[4].parse().unwrap();
            let cells: Vec<&str> = text.lines().nth(row - 1)?.split(',').collect();
            (!cells[3].trim().is_empty() && !cells[1].trim().is_empty())
                .then(|| (cells[1].to_lowercase(), c[5].to_string()))
        })
        .expect("an unchanged karim contact with a phone");
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    lines.retain(|l| !l.to_lowercase().contains(&gone_email));
    std::fs::write(&karim, lines.join("\n") + "\n").unwrap();
    let mut reader = csv::Reader::from_path(&crm).unwrap();
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let mut writer = csv::Writer::from_path(&crm).unwrap();
    writer.write_record(&headers).unwrap();
    for r in rows {
        let mut cells: Vec<String> = r.iter().map(String::from).collect();
        if cells[0] == crm_id {
            cells[4] = "0598765432".into();
            cells[5] = "0698765431".into();
        }
        writer.write_record(&cells).unwrap();
    }
    writer.flush().unwrap();

    let third = run(dir, "o3", "2026-11-23");
    let d = &third["deltas"];
    let resolved = d["resolved_conflicts"].as_array().unwrap();
    assert!(resolved.contains(&conflict), "{conflict} resolved: {resolved:#?}");
    let new_conflicts = d["new_conflicts"].as_array().unwrap();
    assert!(
        new_conflicts.iter().any(|c| c["side"].as_str().unwrap().ends_with(&changed_email)
            && c["field"].as_str().unwrap().contains("phone")),
        "{changed_email}: {new_conflicts:#?}"
    );
    // New conflicts belong to the edited CRM contact. The week's changes
    // (a row removed, a contact edited) also shift the learnt weights a
    // little on this 60-row demo, and one borderline row (`Fontin`, no
    // first name, Marie Fontin's office line and a personal address) may
    // now reach its CRM record: at most one such newcomer, and never on the
    // phone, the field the week edited.
    let edited = format!("crm:contact:{crm_id}");
    let others: Vec<&Value> =
        new_conflicts.iter().filter(|c| c["crm"] != edited.as_str()).collect();
    assert!(others.len() <= 1, "only the edited CRM contact conflicts anew: {new_conflicts:#?}");
    assert!(others.iter().all(|c| !c["field"].as_str().unwrap().contains("phone")), "{others:#?}");
    assert!(strings(&d["moved_to_crm"]).is_empty());
    let trend = &third["trend"];
    assert_eq!(strings(&trend["dates"]), ["2026-11-09", "2026-11-16", "2026-11-23"]);
    assert_eq!(trend["kpis"]["duplicate_rate.side"].as_array().unwrap().len(), 3);
    assert_eq!(std::fs::read_to_string(dir.join("history.jsonl")).unwrap().lines().count(), 3);

    // The workbook's Summary shows the same trend: a row per run and a
    // line chart.
    use calamine::{Reader, Xlsx, open_workbook};
    let path = dir.join("o3/reconciliation.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let summary = wb.worksheet_range("Summary").unwrap();
    let rows: Vec<Vec<String>> =
        summary.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    let title =
        rows.iter().position(|r| r[0].starts_with("Évolution") || r[0].starts_with("Trend"));
    let title = title.expect("a trend section on the Summary");
    let dates: Vec<&str> = rows[title + 2..title + 5].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(dates, ["2026-11-09", "2026-11-16", "2026-11-23"]);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let charts: Vec<String> = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().to_string())
        .filter(|n| n.starts_with("xl/charts/chart"))
        .collect();
    let line_chart = charts.iter().any(|n| {
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(n).unwrap(), &mut xml).unwrap();
        xml.contains("<c:lineChart>")
    });
    assert!(line_chart, "a line chart among {charts:?}");
}
