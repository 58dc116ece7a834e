//! `--decisions`: a review pair marked `same` becomes a match, a conflict
//! decision flows into the import files, both still apply after the side
//! file's rows are reordered, and decisions read back from a workbook
//! with the Review / Conflicts / Duplicates sheets mean the same as the CSV.

use std::path::{Path, PathBuf};

use crmrecon::commands::reconcile::{Memory, Reconciled, Request, reconcile_with};
use crmrecon::config::{Config, TargetCrm};
use crmrecon::model::Entity;
use crmrecon::progress::Progress;
use crmrecon::reconcile::classify::crm_id;
use crmrecon::reconcile::diff::ChangeKind;
use crmrecon::reconcile::identity;
use crmrecon::reconcile::status::Status;

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo")
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

fn config() -> Config {
    let mut c = Config::default();
    c.locale.today = "2026-11-26".parse().unwrap();
    c
}

fn run(root: &Path, out: &str, memory: &Memory) -> Reconciled {
    let crm = [root.join("crm")];
    let side = [root.join("side")];
    let out = root.join(out);
    let request = Request {
        crm: &crm,
        side: &side,
        out: &out,
        target: TargetCrm::Generic,
        lang: None,
        workbook: false,
    };
    reconcile_with(&request, memory, &config(), Progress::hidden()).unwrap()
}

/// Record indices by identity in a run.
fn find(r: &Reconciled, id: &str) -> usize {
    let ids = identity::all(&r.records);
    ids.iter().position(|x| x == id).unwrap_or_else(|| panic!("{id} not found"))
}

struct Picked {
    review: (String, String),
    review_side: String,
    take_side: (String, String, String, String),
    typed: (String, String, String),
}

/// The side CSV the test reorders (Windows-1252, `;`, CRLF, as Excel
/// writes it in France).
const REORDERED: &str = "sophie_export.csv";

/// A review pair and two conflicts (on two side records) read from
/// [`REORDERED`].
fn pick(r: &Reconciled) -> Picked {
    let in_reordered = |i: usize| r.records[i].provenance.source.ends_with(REORDERED);
    let status = |i: usize| r.reconciliation.classification.outcomes[i].status;
    let review = r
        .matches
        .entities
        .iter()
        .flat_map(|m| {
            m.review.iter().map(move |l| (m.records[l.a as usize], m.records[l.b as usize]))
        })
        .find(|&(a, b)| [a, b].into_iter().any(|x| in_reordered(x) && status(x) == Status::Review))
        .expect("the demo has a review pair in the reordered CSV");
    let side = if in_reordered(review.1) && status(review.1) == Status::Review {
        review.1
    } else {
        review.0
    };
    let conflicts: Vec<_> = r
        .reconciliation
        .classification
        .changes
        .iter()
        .filter(|c| {
            c.kind == ChangeKind::Conflict
                && in_reordered(c.side)
                && r.records[c.side].entity == Entity::Contact
        })
        .collect();
    let first = conflicts[0];
    let second = conflicts.iter().find(|c| c.side != first.side).expect("two conflicting records");
    let ids = identity::all(&r.records);
    let id = |i: usize| ids[i].clone();
    Picked {
        review: (id(review.0), id(review.1)),
        review_side: id(side),
        take_side: (
            id(first.crm),
            id(first.side),
            first.role.as_str().into(),
            first.new.canonical(),
        ),
        typed: (id(second.crm), id(second.side), second.role.as_str().into()),
    }
}

const TYPED: &str = "Valeur choisie à la main";

fn decisions_csv(p: &Picked) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["kind", "key_a", "key_b", "field", "decision"]).unwrap();
    w.write_record(["review", &p.review.0, &p.review.1, "", "same"]).unwrap();
    w.write_record(["conflict", &p.take_side.0, &p.take_side.1, &p.take_side.2, "take side"])
        .unwrap();
    w.write_record(["conflict", &p.typed.0, &p.typed.1, &p.typed.2, TYPED]).unwrap();
    w.write_record(["duplicate", "side:contact:nowhere.csv:gone@example.fr", "", "", "split"])
        .unwrap();
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

/// The review pair is one cluster, the side record no longer waits for
/// review, and both conflict decisions are in the import updates.
fn assert_applied(r: &Reconciled, p: &Picked, out: &Path) {
    let c = &r.reconciliation.classification;
    let (a, b) = (find(r, &p.review.0), find(r, &p.review.1));
    assert_eq!(c.outcomes[a].cluster, c.outcomes[b].cluster, "the pair marked same is one cluster");
    assert_ne!(c.outcomes[find(r, &p.review_side)].status, Status::Review);

    let crm = find(r, &p.take_side.0);
    let id = crm_id(&r.records[crm]).unwrap();
    let update = r
        .imports()
        .iter()
        .find(|x| x.crm_id.as_deref() == Some(&id))
        .expect("the decided conflict is an update of the CRM record");
    assert!(
        update
            .values
            .iter()
            .any(|(role, v)| role.as_str() == p.take_side.2 && v.canonical() == p.take_side.3),
        "{update:?}"
    );
    let typed_crm = crm_id(&r.records[find(r, &p.typed.0)]).unwrap();
    assert!(r.imports().iter().any(|x| x.crm_id.as_deref() == Some(&typed_crm)
        && x.values.iter().any(|(role, v)| role.as_str() == p.typed.2 && v.canonical() == TYPED)));
    let files: String = ["contacts.csv", "deals.csv", "companies.csv"]
        .iter()
        .filter_map(|f| std::fs::read_to_string(out.join("import").join(f)).ok())
        .collect();
    assert!(files.contains(TYPED), "the typed value reaches the import files");

    let d = r.report.runs.decisions.as_ref().unwrap();
    assert_eq!(d.read, 4);
    assert_eq!(d.applied, 3, "{d:#?}");
    assert_eq!(d.stale.len(), 1, "{d:#?}");
    assert!(d.stale[0].key_a.contains("nowhere.csv"));
}

#[test]
fn decisions_apply_and_survive_reordered_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("demo");
    copy_dir(&demo(), &root);
    let before = run(&root, "out0", &Memory::default());
    let picked = pick(&before);
    assert_eq!(
        before.reconciliation.classification.outcomes[find(&before, &picked.review_side)].status,
        Status::Review
    );
    let path = tmp.path().join("decisions.csv");
    std::fs::write(&path, decisions_csv(&picked)).unwrap();
    let carried = tmp.path().join("carried.csv");
    let memory = Memory {
        history: None,
        decisions: vec![path.clone()],
        decisions_out: Some(carried.clone()),
    };

    let after = run(&root, "out1", &memory);
    assert_applied(&after, &picked, &root.join("out1"));
    let text = std::fs::read_to_string(&carried).unwrap();
    assert_eq!(text.lines().count(), 4, "header and the three live decisions: {text}");

    // Reverse the data rows of the side CSV: rows move, identities do not.
    // Bytes, not text: the file is Windows-1252.
    let reordered = root.join("side").join(REORDERED);
    let content = std::fs::read(&reordered).unwrap();
    let mut lines: Vec<&[u8]> = content.split(|&b| b == b'\n').filter(|l| !l.is_empty()).collect();
    lines[1..].reverse();
    std::fs::write(&reordered, lines.join(&b'\n')).unwrap();
    let moved = run(&root, "out2", &Memory { decisions: vec![carried.clone()], ..memory });
    let r = &moved;
    assert_ne!(
        r.records[find(r, &picked.review_side)].provenance.row,
        after.records[find(&after, &picked.review_side)].provenance.row,
        "the row did move"
    );
    let c = &r.reconciliation.classification;
    let (a, b) = (find(r, &picked.review.0), find(r, &picked.review.1));
    assert_eq!(c.outcomes[a].cluster, c.outcomes[b].cluster);
    let typed_crm = crm_id(&r.records[find(r, &picked.typed.0)]).unwrap();
    assert!(r.imports().iter().any(|x| x.crm_id.as_deref() == Some(&typed_crm)
        && x.values.iter().any(|(_, v)| v.canonical() == TYPED)));
}

#[test]
fn decisions_read_back_from_a_workbook() {
    use rust_xlsxwriter::Workbook;
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("demo");
    copy_dir(&demo(), &root);
    let before = run(&root, "out0", &Memory::default());
    let p = pick(&before);

    let mut book = Workbook::new();
    book.add_worksheet().set_name("Summary").unwrap().write(0, 0, "Résumé").unwrap();
    let review = book.add_worksheet().set_name("Review").unwrap();
    review.write(0, 0, "Possible matches: choose same or different").unwrap();
    for (c, h) in ["Score", "Key A", "Key B", "Decision"].iter().enumerate() {
        review.write(2, c as u16, *h).unwrap();
    }
    review.write(3, 0, 0.81).unwrap();
    review.write(3, 1, p.review.0.as_str()).unwrap();
    review.write(3, 2, p.review.1.as_str()).unwrap();
    review.write(3, 3, "Same").unwrap();
    review.write(4, 1, "crm:contact:1").unwrap();
    review.write(4, 2, "side:contact:x.csv:a@b.fr").unwrap(); // undecided: left out
    let conflicts = book.add_worksheet().set_name("Conflicts").unwrap();
    for (c, h) in
        ["Key A", "Key B", "Field", "CRM value", "Side value", "Decision"].iter().enumerate()
    {
        conflicts.write(0, c as u16, *h).unwrap();
    }
    conflicts.write(1, 0, p.take_side.0.as_str()).unwrap();
    conflicts.write(1, 1, p.take_side.1.as_str()).unwrap();
    conflicts.write(1, 2, p.take_side.2.as_str()).unwrap();
    conflicts.write(1, 5, "take side").unwrap();
    conflicts.write(2, 0, p.typed.0.as_str()).unwrap();
    conflicts.write(2, 1, p.typed.1.as_str()).unwrap();
    conflicts.write(2, 2, p.typed.2.as_str()).unwrap();
    conflicts.write(2, 5, TYPED).unwrap();
    let dups = book.add_worksheet().set_name("Duplicates").unwrap();
    for (c, h) in ["Cluster", "Key", "Decision"].iter().enumerate() {
        dups.write(0, c as u16, *h).unwrap();
    }
    dups.write(1, 0, "contact-9").unwrap();
    dups.write(1, 1, "side:contact:nowhere.csv:gone@example.fr").unwrap();
    dups.write(1, 2, "split").unwrap();
    let xlsx = tmp.path().join("reconciliation.xlsx");
    book.save(&xlsx).unwrap();

    let raw = crmrecon::ingest::decisions::read(&xlsx).unwrap();
    let kinds: Vec<&str> = raw.iter().map(|d| d.kind.as_str()).collect();
    assert_eq!(kinds, ["review", "conflict", "conflict", "duplicate"]);
    assert_eq!(raw[0].at, "Review!4");
    assert_eq!(raw[3].key_a, "side:contact:nowhere.csv:gone@example.fr");

    let memory = Memory {
        history: None,
        decisions: vec![xlsx],
        decisions_out: Some(tmp.path().join("carried.csv")),
    };
    let after = run(&root, "out1", &memory);
    assert_applied(&after, &p, &root.join("out1"));
}
