//! Header detection and row accounting on sheets built in code.

use std::sync::Arc;

use super::*;
use crate::ingest::{Format, MergedRange, SheetMeta};
use crate::model::{Issue, Provenance};

fn meta() -> SheetMeta {
    SheetMeta {
        source: Arc::from("side/jean.xlsx"),
        sheet: Arc::from("Prospects"),
        format: Format::Xlsx,
        encoding: None,
        delimiter: None,
        hidden: false,
        worksheet: true,
        notes: Vec::new(),
    }
}

/// A cell from test text: empty string is an empty cell, `#123` a number.
fn cell(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else if let Some(n) = s.strip_prefix('#').and_then(|n| n.parse::<f64>().ok()) {
        Cell::Number(n)
    } else {
        Cell::text(s)
    }
}

fn row(number: u32, cells: &[&str]) -> RawRow {
    RawRow { number, cells: cells.iter().map(|s| cell(s)).collect() }
}

fn sheet(rows: Vec<RawRow>) -> RawSheet {
    RawSheet { meta: meta(), first_col: 0, rows, merged: Vec::new(), issues: Vec::new() }
}

fn detect_default(s: RawSheet) -> Table {
    detect(s, &SheetOverride::default())
}

fn headers(t: &Table) -> Vec<&str> {
    t.columns.iter().map(|c| c.header.as_str()).collect()
}

fn data_rows(t: &Table) -> Vec<u32> {
    t.rows.iter().map(|r| r.number).collect()
}

fn skipped(t: &Table) -> Vec<(u32, SkipReason)> {
    t.skipped.iter().map(|s| (s.row, s.reason)).collect()
}

/// Every row number from just below the header to the last non-blank input
/// row is either a data row or a skipped row, exactly once.
fn assert_every_row_accounted(input: &[RawRow], t: &Table) {
    let last =
        input.iter().rev().find(|r| !r.cells.iter().all(Cell::is_blank)).map_or(0, |r| r.number);
    let start = match t.header_row {
        Some(h) => h + 1,
        None => input.first().map_or(1, |r| r.number),
    };
    for n in start..=last {
        let as_data = t.rows.iter().filter(|r| r.number == n).count();
        let as_skip = t.skipped.iter().filter(|s| s.row == n).count();
        assert_eq!(as_data + as_skip, 1, "row {n}: {as_data} data, {as_skip} skipped");
    }
    assert!(t.rows.iter().chain(t.rows.iter()).all(|r| r.number >= start));
    assert!(t.skipped.iter().all(|s| s.row >= start && s.row <= last));
}

fn check(input: Vec<RawRow>, settings: &SheetOverride) -> Table {
    let copy = input.clone();
    let t = detect(sheet(input), settings);
    assert_every_row_accounted(&copy, &t);
    t
}

const HEADER: [&str; 6] = ["Société", "Nom", "Prénom", "Email", "Téléphone", "Ville"];

fn contact(number: u32, i: u32) -> RawRow {
    let email = format!("p{i}@acme{i}.fr");
    let phone = format!("06 12 34 56 {:02}", i % 100);
    row(number, &[&format!("Acme {i}"), "Dupont", "Jean", &email, &phone, "Lyon"])
}

#[test]
fn title_blank_lines_and_key_values_above_the_header() {
    let mut rows = vec![
        row(1, &["Liste des prospects – T3 2026"]),
        row(3, &["Commercial : Jean Martin"]),
        row(4, &["Date :", "12/01/2026"]),
        row(5, &[]),
        row(6, &HEADER),
    ];
    rows.extend((7..12).map(|n| contact(n, n)));
    let t = check(rows, &SheetOverride::default());
    assert_eq!(t.status, SheetStatus::Used);
    assert_eq!(t.header_row, Some(6));
    assert_eq!(headers(&t), HEADER);
    assert_eq!(data_rows(&t), vec![7, 8, 9, 10, 11]);
    assert!(t.skipped.is_empty());
    assert_eq!(t.columns[3].letter, "D");
    assert_eq!(t.columns[3].samples, vec!["p7@acme7.fr", "p8@acme8.fr", "p9@acme9.fr"]);
}

#[test]
fn header_on_row_13_below_an_order_form_block() {
    let mut rows = vec![row(1, &["", "BON DE COMMANDE"])];
    let kv = [
        ("Date de la demande", "16-01-2013"),
        ("Service", "Ventes"),
        ("Centre de coût", "#4410"),
        ("Demandeur", "Jean Martin"),
        ("Téléphone", "01 44 55 66 77"),
        ("Validé par", "Claire Petit"),
    ];
    for (i, (k, v)) in kv.iter().enumerate() {
        rows.push(row(2 + i as u32, &["", k, v]));
    }
    rows.push(row(12, &["", "Merci de remplir toutes les colonnes"]));
    rows.push(row(13, &["", "Société", "Contact", "E-mail", "Montant HT", "Échéance"]));
    for n in 14..20 {
        rows.push(row(
            n,
            &[
                "",
                &format!("Client {n}"),
                "Marie Curie",
                &format!("m{n}@x.fr"),
                "#1200",
                "30/06/2026",
            ],
        ));
    }
    let t = check(rows, &SheetOverride::default());
    assert_eq!(t.header_row, Some(13));
    // Column A holds nothing below the header: the table starts at B.
    assert_eq!(t.columns.first().map(|c| c.letter.as_str()), Some("B"));
    assert_eq!(headers(&t), ["Société", "Contact", "E-mail", "Montant HT", "Échéance"]);
    assert_eq!(t.rows.len(), 6);
}

#[test]
fn merged_group_labels_combine_with_sub_headers() {
    let mut s = sheet(vec![
        row(1, &["Réf", "Contact", "", "", "Société", ""]),
        row(2, &["", "Nom", "Prénom", "Email", "Nom", "Ville"]),
        row(3, &["#1", "Dupont", "Jean", "jean@acme.fr", "Acme", "Paris"]),
        row(4, &["#2", "Durand", "Anne", "anne@beta.fr", "Beta", "Nantes"]),
    ]);
    s.merged = vec![
        MergedRange { first_row: 1, first_col: 0, last_row: 2, last_col: 0 },
        MergedRange { first_row: 1, first_col: 1, last_row: 1, last_col: 3 },
        MergedRange { first_row: 1, first_col: 4, last_row: 1, last_col: 5 },
    ];
    let t = detect_default(s);
    assert_eq!(t.header_row, Some(2));
    assert_eq!(
        headers(&t),
        [
            "Réf",
            "Contact - Nom",
            "Contact - Prénom",
            "Contact - Email",
            "Société - Nom",
            "Société - Ville"
        ]
    );
    assert!(t.issues.is_empty(), "{:?}", t.issues);
    assert_eq!(data_rows(&t), vec![3, 4]);
}

#[test]
fn a_merged_header_cell_spreads_over_its_columns_but_a_title_does_not_prefix() {
    let mut s = sheet(vec![
        row(1, &["Prospects 2026", "", ""]),
        row(2, &["Nom", "Téléphones", ""]),
        row(3, &["Dupont", "01 44 55 66 77", "06 12 34 56 78"]),
    ]);
    s.merged = vec![
        MergedRange { first_row: 1, first_col: 0, last_row: 1, last_col: 2 },
        MergedRange { first_row: 2, first_col: 1, last_row: 2, last_col: 2 },
    ];
    let t = detect_default(s);
    assert_eq!(t.header_row, Some(2));
    assert_eq!(headers(&t), ["Nom", "Téléphones", "Téléphones"]);
    assert!(!t.issues.iter().any(|i| i.kind == IssueKind::BlankHeader));
}

#[test]
fn repeated_header_totals_blank_gaps_and_notes_below() {
    let rows = vec![
        row(1, &["Nom", "Prénom", "Email", "Montant"]),
        row(2, &["Dupont", "Jean", "jean@acme.fr", "#1200"]),
        row(3, &["Durand", "Anne", "anne@beta.fr", "#800"]),
        row(4, &["", " ", "", ""]),
        // row 5 missing: a blank row the reader left out
        row(6, &["Martin", "Paul", "paul@gamma.fr", "#500"]),
        row(7, &["Nom", "Prénom", "Email", "Montant"]),
        row(8, &["Petit", "Claire", "claire@delta.fr", "#300"]),
        row(9, &["Total", "", "", "#2800"]),
        row(10, &["", "Sous-total :", "", "12 500,00 €"]),
        row(12, &["Source : export CRM du 12/01/2026"]),
        row(13, &["* Montants exprimés hors taxes"]),
        row(14, &["", "", "", ""]),
    ];
    let t = check(rows, &SheetOverride::default());
    assert_eq!(t.header_row, Some(1));
    assert_eq!(data_rows(&t), vec![2, 3, 6, 8]);
    use SkipReason::*;
    assert_eq!(
        skipped(&t),
        vec![
            (4, Blank),
            (5, Blank),
            (7, RepeatedHeader),
            (9, TotalLine),
            (10, TotalLine),
            (11, Blank),
            (12, Note),
            (13, Note)
        ]
    );
}

#[test]
fn total_labels() {
    for label in [
        "Total",
        "TOTAL",
        "Sous-total",
        "Total général",
        "TOTAL GÉNÉRAL",
        "Grand total",
        "Somme",
        "Total :",
        "Total Q3 2026",
        "Sous total HT",
    ] {
        assert!(is_total_label(label), "{label}");
    }
    for label in [
        "TotalEnergies",
        "Total Energies Marketing France Services Sud",
        "Sommet",
        "Dupont",
        "Stotal",
    ] {
        assert!(!is_total_label(label), "{label}");
    }
    // A company called Total with its city is a data row.
    assert!(!is_total_line(&row(5, &["Total", "Courbevoie", "contact@total.fr"])));
    assert!(is_total_line(&row(5, &["", "TOTAL", "#12", "1 250,50 €"])));
}

#[test]
fn a_lone_name_or_email_at_the_bottom_is_data_not_a_note() {
    let rows = vec![
        row(1, &["Nom", "Email", "Téléphone"]),
        row(2, &["Jean Dupont", "jean@acme.fr", "06 12 34 56 78"]),
        row(3, &["Anne Durand"]),
        row(4, &["", "paul@gamma.fr"]),
        row(5, &["Claire Petit de la Tour"]),
    ];
    let t = check(rows, &SheetOverride::default());
    assert_eq!(data_rows(&t), vec![2, 3, 4, 5]);
    assert!(t.skipped.is_empty());
}

#[test]
fn a_sheet_whose_first_row_is_data_is_read_without_header() {
    let rows = vec![
        row(1, &["jean@acme.fr", "Jean Dupont", "06 12 34 56 78"]),
        row(2, &["anne@beta.fr", "Anne Durand", "#612345678"]),
        row(3, &["paul@gamma.fr", "Paul Martin", "+33 7 12 34 56 78"]),
    ];
    let t = check(rows, &SheetOverride::default());
    assert_eq!(t.status, SheetStatus::Used);
    assert_eq!(t.header_row, None);
    assert_eq!(headers(&t), ["column_A", "column_B", "column_C"]);
    assert_eq!(data_rows(&t), vec![1, 2, 3]);
    assert_eq!(t.warnings.len(), 1);
    assert!(t.issues.is_empty(), "{:?}", t.issues);
}

#[test]
fn a_sheet_of_numbers_and_text_is_headerless() {
    // ExcelDataReader's "blank header" sheet: price, wine, vintage, score.
    let rows = vec![
        row(1, &["#15", "Château Margaux", "2012 to 2018", "#92"]),
        row(2, &["#22", "Pétrus", "2015 to 2030", "#95"]),
    ];
    let t = check(rows, &SheetOverride::default());
    assert_eq!(t.header_row, None);
    assert_eq!(t.rows.len(), 2);
}

#[test]
fn empty_sheets() {
    let t = detect_default(sheet(Vec::new()));
    assert_eq!(t.status, SheetStatus::Empty);
    let t = detect_default(sheet(vec![row(1, &["", "  "]), row(3, &["\u{a0}"])]));
    assert_eq!(t.status, SheetStatus::Empty);
    assert!(t.columns.is_empty() && t.rows.is_empty());
}

#[test]
fn a_header_without_rows_is_used_with_no_rows() {
    let t = check(vec![row(1, &["var1", "var2"])], &SheetOverride::default());
    assert_eq!(t.status, SheetStatus::Used);
    assert_eq!(t.header_row, Some(1));
    assert_eq!(headers(&t), ["var1", "var2"]);
    assert!(t.rows.is_empty() && t.skipped.is_empty());
}

#[test]
fn the_config_forces_the_header_row() {
    let rows = vec![
        row(1, &["Nom", "Email"]),
        row(2, &["Client", "Adresse"]),
        row(3, &["Dupont", "jean@acme.fr"]),
    ];
    let forced = SheetOverride { header_row: Some(2), ..SheetOverride::default() };
    let t = check(rows.clone(), &forced);
    assert_eq!(t.header_row, Some(2));
    assert_eq!(headers(&t), ["Client", "Adresse"]);
    assert_eq!(data_rows(&t), vec![3]);

    // A forced row that holds nothing: generated names, a warning.
    let forced = SheetOverride { header_row: Some(5), ..SheetOverride::default() };
    let mut rows = rows;
    rows.push(row(6, &["Durand", "anne@beta.fr"]));
    let t = check(rows, &forced);
    assert_eq!(t.header_row, Some(5));
    assert_eq!(headers(&t), ["column_A", "column_B"]);
    assert_eq!(data_rows(&t), vec![6]);
    assert_eq!(t.warnings.len(), 1);
}

#[test]
fn duplicate_and_blank_headers_are_kept_and_reported() {
    let rows = vec![
        row(1, &["id", "name", "id", "", "age", "ID", "", ""]),
        row(2, &["#1", "english", "#2", "x", "#30", "001101"]),
        row(3, &["#2", "中国人", "#3", "", "#31", "001102"]),
    ];
    let t = check(rows, &SheetOverride::default());
    assert_eq!(headers(&t), ["id", "name", "id", "column_D", "age", "ID"]);
    let kinds: Vec<(IssueKind, String)> =
        t.issues.iter().map(|i| (i.kind, i.provenance.cell_ref())).collect();
    assert_eq!(
        kinds,
        vec![
            (IssueKind::DuplicateHeader, "C1".to_string()),
            (IssueKind::BlankHeader, "D1".to_string()),
            (IssueKind::DuplicateHeader, "F1".to_string()),
        ]
    );
}

#[test]
fn ragged_long_rows_keep_their_values_in_headerless_columns() {
    let rows = vec![
        row(1, &["Nom", "Email"]),
        row(2, &["Dupont", "jean@acme.fr"]),
        row(3, &["Durand", "anne@beta.fr", "", "en retard", "VIP"]),
        row(4, &["Martin"]),
    ];
    let mut s = sheet(rows.clone());
    let reader_issue = Issue::new(
        Provenance::cell(&s.meta.source, &s.meta.sheet, 3, 4),
        IssueKind::CellError,
        "#N/A",
    );
    s.issues.push(reader_issue.clone());
    let t = detect_default(s);
    assert_every_row_accounted(&rows, &t);
    assert_eq!(headers(&t), ["Nom", "Email", "column_C", "column_D", "column_E"]);
    assert_eq!(t.issues[0], reader_issue);
    let kinds: Vec<(IssueKind, String)> =
        t.issues[1..].iter().map(|i| (i.kind, i.provenance.cell_ref())).collect();
    assert_eq!(
        kinds,
        vec![
            (IssueKind::ExtraCells, "D3".to_string()),
            (IssueKind::HeaderlessValue, "D3".to_string()),
            (IssueKind::HeaderlessValue, "E3".to_string()),
        ]
    );
    // The values are still there, under their columns.
    let row3 = &t.rows[1];
    assert_eq!(t.cell(row3, &t.columns[4]), &Cell::text("VIP"));
    assert_eq!(t.cell(&t.rows[2], &t.columns[4]), &Cell::Empty);
}

#[test]
fn header_text_is_trimmed_and_collapsed_and_samples_are_short() {
    let long = "x".repeat(100);
    let rows = vec![row(1, &["  Code\npostal ", "Notes"]), row(2, &["#75008", &long])];
    let t = detect_default(sheet(rows));
    assert_eq!(headers(&t), ["Code postal", "Notes"]);
    assert_eq!(t.columns[0].samples, vec!["75008"]);
    assert_eq!(t.columns[1].samples[0].chars().count(), 61);
}

#[test]
fn a_sheet_starting_in_column_c_keeps_its_letters() {
    let mut s = sheet(vec![
        row(3, &["Email", "Ville"]),
        row(4, &["a@b.fr", "Paris"]),
        row(5, &["c@d.fr", "Lyon"]),
    ]);
    s.first_col = 2;
    let t = detect_default(s);
    assert_eq!(t.header_row, Some(3));
    let letters: Vec<&str> = t.columns.iter().map(|c| c.letter.as_str()).collect();
    assert_eq!(letters, ["C", "D"]);
}

#[test]
fn a_single_column_list_with_its_header() {
    let rows = vec![row(1, &["Email"]), row(2, &["a@b.fr"]), row(3, &["c@d.fr"])];
    let t = check(rows, &SheetOverride::default());
    assert_eq!(t.header_row, Some(1));
    assert_eq!(t.rows.len(), 2);
}

/// 1,000,000 rows: `cargo test --release --lib header::tests::million -- --ignored --nocapture`.
#[test]
#[ignore = "performance measurement, run in release"]
fn million_rows_perf() {
    let mut rows = vec![row(1, &HEADER)];
    rows.extend((2..1_000_002).map(|n| contact(n, n)));
    let s = sheet(rows);
    let start = std::time::Instant::now();
    let mut t = detect_default(s);
    let detect_time = start.elapsed();
    crate::ingest::roles::assign(&mut t, &SheetOverride::default());
    crate::ingest::entity::assign(&mut t, &SheetOverride::default());
    eprintln!("detect {:?}, detect+roles+entity {:?}", detect_time, start.elapsed());
    assert_eq!(t.rows.len(), 1_000_000);
}

/// End-to-end reads of `fixtures/quirks/header/*.csv` once the CSV reader
/// lands: `cargo test --lib header::tests::fixtures -- --ignored`.
mod fixtures {
    use std::path::Path;

    use indicatif::ProgressBar;

    use crate::ingest::{IngestOptions, SheetStatus, SkipReason, Table, read_source};
    use crate::model::{Entity, IssueKind, Role};

    fn read(name: &str) -> Table {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/quirks/header").join(name);
        let source = format!("fixtures/quirks/header/{name}");
        let mut tables =
            read_source(&path, &source, &IngestOptions::default(), &ProgressBar::hidden())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(tables.len(), 1);
        tables.remove(0)
    }

    fn roles(t: &Table) -> Vec<Role> {
        t.columns.iter().map(|c| c.role).collect()
    }

    #[test]
    fn title_rows_above_header() {
        let t = read("title_rows_above_header.csv");
        assert_eq!(t.header_row, Some(6));
        assert_eq!(t.rows.len(), 3);
        assert_eq!(&roles(&t)[..4], [Role::Company, Role::LastName, Role::FirstName, Role::Email]);
        assert!(matches!(roles(&t)[4], Role::Phone | Role::Mobile));
        assert_eq!(roles(&t)[5], Role::City);
        assert_eq!(t.entity, Some(Entity::Contact));
        assert_eq!(t.entities, vec![Entity::Contact, Entity::Company]);
    }

    #[test]
    fn repeated_header_total_and_notes() {
        let t = read("repeated_header_total_and_notes.csv");
        assert_eq!(t.header_row, Some(1));
        let data: Vec<u32> = t.rows.iter().map(|r| r.number).collect();
        assert_eq!(data, vec![2, 3, 5, 7]);
        let skipped: Vec<(u32, SkipReason)> = t.skipped.iter().map(|s| (s.row, s.reason)).collect();
        use SkipReason::*;
        assert_eq!(
            skipped,
            vec![(4, Blank), (6, RepeatedHeader), (8, TotalLine), (9, Blank), (10, Note)]
        );
    }

    #[test]
    fn headerless_contacts() {
        let t = read("headerless_contacts.csv");
        assert_eq!(t.status, SheetStatus::Used);
        assert_eq!(t.header_row, None);
        assert_eq!(t.rows.len(), 3);
        assert_eq!(roles(&t), [Role::Email, Role::Custom, Role::Phone]);
    }

    #[test]
    fn duplicate_and_blank_headers() {
        let t = read("duplicate_and_blank_headers.csv");
        let headers: Vec<&str> = t.columns.iter().map(|c| c.header.as_str()).collect();
        assert_eq!(headers, ["id", "name", "id", "column_D", "age", "ID"]);
        let kinds: Vec<IssueKind> = t.issues.iter().map(|i| i.kind).collect();
        assert_eq!(
            kinds,
            [IssueKind::DuplicateHeader, IssueKind::BlankHeader, IssueKind::DuplicateHeader]
        );
    }

    #[test]
    fn ragged_long_rows() {
        let t = read("ragged_long_rows.csv");
        let headers: Vec<&str> = t.columns.iter().map(|c| c.header.as_str()).collect();
        assert_eq!(headers, ["Nom", "Email", "column_C", "column_D", "column_E"]);
        assert_eq!(t.rows.len(), 3);
        assert!(
            t.issues
                .iter()
                .any(|i| i.kind == IssueKind::ExtraCells && i.provenance.cell_ref() == "D3")
        );
    }

    #[test]
    fn prospects_ambiguous_headers() {
        let t = read("prospects_ambiguous_headers.csv");
        use Role::*;
        assert_eq!(roles(&t), [Company, Email, Phone, DealName, Amount, Stage, CloseDate]);
        assert_eq!(t.entity, Some(Entity::Deal));
        assert_eq!(t.entities, vec![Entity::Contact, Entity::Company, Entity::Deal]);
    }

    #[test]
    fn header_only() {
        let t = read("header_only.csv");
        assert_eq!(t.status, SheetStatus::Used);
        assert_eq!(t.header_row, Some(1));
        assert!(t.rows.is_empty());
    }
}

#[test]
fn a_title_merged_over_part_of_the_header_does_not_prefix_it() {
    let mut s = sheet(vec![
        row(1, &["Suivi commercial", "", "", ""]),
        row(2, &["Nom", "Email", "Ville", "Montant", "Statut"]),
        row(3, &["Dupont", "jean@acme.fr", "Lyon", "#1200", "Gagné"]),
    ]);
    s.merged = vec![MergedRange { first_row: 1, first_col: 0, last_row: 1, last_col: 2 }];
    let t = detect_default(s);
    assert_eq!(t.header_row, Some(2));
    assert_eq!(headers(&t), ["Nom", "Email", "Ville", "Montant", "Statut"]);
}

#[test]
fn a_title_above_a_headerless_table_is_not_a_header() {
    let rows = vec![
        row(1, &["Export du 12/01/2026 pour la direction"]),
        row(2, &["jean@acme.fr", "Jean Dupont", "06 12 34 56 78"]),
        row(3, &["anne@beta.fr", "Anne Durand", "07 12 34 56 78"]),
    ];
    let t = detect_default(sheet(rows));
    assert_eq!(t.header_row, None);
    // The title is the first (headerless) row: nothing is dropped.
    assert_eq!(data_rows(&t), vec![1, 2, 3]);
}

#[test]
fn yearly_headers_count_as_labels() {
    let rows = vec![
        row(1, &["Émissions de carbone"]),
        row(2, &["milliers de tonnes"]),
        row(4, &["Année", "2000", "2001", "2002"]),
        row(5, &["Charbon", "2,666", "2,712", "2,801"]),
        row(6, &["Gaz", "#1200", "#1250", "#1310"]),
    ];
    let t = detect_default(sheet(rows));
    assert_eq!(t.header_row, Some(4));
    assert_eq!(data_rows(&t), vec![5, 6]);
}

/// Header detection on the shared corpus CSVs, read by a throwaway reader
/// (`/work/shared` is not in CI): prints what was found.
#[test]
#[ignore = "needs /work/shared/corpus"]
fn corpus_csv_headers() {
    let cases: [(&str, u8, Option<u32>); 6] = [
        ("messytables__excel_pasting.csv", b',', Some(4)),
        ("messytables__weird_head_padding.csv", b';', None),
        ("frictionless__structure-errors.csv", b',', Some(1)),
        ("frictionless__duplicate-headers.csv", b',', Some(1)),
        ("qsv__spendover25kdownloadSep.csv", b',', Some(1)),
        ("ExcelDataReader__csv_MOCK_DATA.csv", b',', Some(1)),
    ];
    for (name, delim, want) in cases {
        let path = format!("/work/shared/corpus/csv/{name}");
        let bytes = std::fs::read(&path).expect("corpus file");
        let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
        let text = if std::str::from_utf8(&bytes).is_ok() {
            String::from_utf8_lossy(&bytes).into_owned()
        } else {
            text.into_owned()
        };
        let mut reader = ::csv::ReaderBuilder::new()
            .delimiter(delim)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut rows = Vec::new();
        for (i, rec) in reader.records().enumerate() {
            let Ok(rec) = rec else { continue };
            let number = i as u32 + 1;
            rows.push(RawRow {
                number,
                cells: rec
                    .iter()
                    .map(|s| if s.trim().is_empty() { Cell::Empty } else { Cell::text(s) })
                    .collect(),
            });
        }
        let mut t = detect_default(sheet(rows));
        crate::ingest::roles::assign(&mut t, &SheetOverride::default());
        eprintln!(
            "{name}: header {:?}, {} rows, skipped {:?}, columns {:?}, warnings {:?}",
            t.header_row,
            t.rows.len(),
            t.skipped.iter().map(|s| (s.row, s.reason)).collect::<Vec<_>>(),
            t.columns.iter().take(8).map(|c| (c.header.as_str(), c.role)).collect::<Vec<_>>(),
            t.warnings
        );
        if let Some(w) = want {
            assert_eq!(t.header_row, Some(w), "{name}");
        }
    }
}

#[test]
fn footer_blocks_with_rules_labels_and_explanations_are_notes() {
    let rows = vec![
        row(1, &["Nom", "Email", "Ville"]),
        row(2, &["Dupont", "jean@acme.fr", "Lyon"]),
        row(3, &["Durand", "anne@beta.fr", "Paris"]),
        row(5, &["**********"]),
        row(6, &["Légende :"]),
        row(7, &["Statut :", "les contacts marqués VIP sont suivis par la direction commerciale"]),
    ];
    let t = check(rows, &SheetOverride::default());
    assert_eq!(data_rows(&t), vec![2, 3]);
    use SkipReason::*;
    assert_eq!(skipped(&t), vec![(4, Blank), (5, Note), (6, Note), (7, Note)]);
}

/// readxl's deaths.xlsx shape: notes written above the table with one
/// merged cell among loose words, and fragments below it in typed columns.
#[test]
fn loose_notes_around_a_table_are_neither_group_labels_nor_records() {
    let mut rows = vec![
        row(1, &["Lots of people", "", "", ""]),
        row(2, &["or", "merging", "", "cells"]),
        row(3, &["Name", "Profession", "Age", "Born"]),
    ];
    for i in 0..10 {
        let mut r = row(4 + i, &["Someone", "actor", &format!("#{}", 30 + i)]);
        r.cells.push(Cell::Date(chrono::NaiveDate::from_ymd_opt(1950, 1, 1 + i).unwrap().into()));
        rows.push(r);
    }
    rows.push(row(14, &["Some", "", "", ""]));
    rows.push(row(15, &["", "also like to write stuff", "", ""]));
    rows.push(row(16, &["", "", "at the", "bottom,"]));
    let mut s = sheet(rows.clone());
    s.merged = vec![MergedRange { first_row: 2, first_col: 1, last_row: 2, last_col: 2 }];
    let t = detect_default(s);
    assert_eq!(t.header_row, Some(3));
    assert_eq!(headers(&t), ["Name", "Profession", "Age", "Born"]);
    assert_eq!(t.rows.len(), 10);
    assert_eq!(
        skipped(&t),
        [(14, SkipReason::Note), (15, SkipReason::Note), (16, SkipReason::Note)]
    );
    assert_every_row_accounted(&rows, &t);

    // Without the typed fragment below, a lone trailing name stays data.
    let t = detect_default(sheet(rows[..14].to_vec()));
    assert_eq!(t.rows.len(), 11);
}
