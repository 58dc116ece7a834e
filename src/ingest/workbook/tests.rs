//! Reader tests on the committed quirk fixtures (`fixtures/quirks/`), on
//! workbooks generated at run time (too big to commit), and, ignored by
//! default, on the shared corpus.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use indicatif::ProgressBar;
use proptest::prelude::*;

use super::*;
use crate::ingest::format::sniff;
use crate::ingest::{Cell, RawRow, SheetOverride};
use crate::model::IssueKind;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/quirks").join(rel)
}

fn read_with(path: &Path, options: &IngestOptions) -> Result<Vec<RawSheet>, IngestError> {
    let format = sniff(path)?;
    let source: Arc<str> = Arc::from(path.to_string_lossy().as_ref());
    read_workbook(path, source, format, options, &ProgressBar::hidden())
}

fn read(rel: &str) -> Vec<RawSheet> {
    read_with(&fixture(rel), &IngestOptions::default()).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn texts(row: &RawRow) -> Vec<String> {
    row.cells.iter().map(|c| c.to_text().into_owned()).collect()
}

fn numbers(sheet: &RawSheet) -> Vec<u32> {
    sheet.rows.iter().map(|r| r.number).collect()
}

fn date(y: i32, m: u32, d: u32) -> Cell {
    Cell::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap().and_time(chrono::NaiveTime::MIN))
}

#[test]
fn title_rows_keep_their_sheet_row_numbers_in_every_format() {
    for rel in [
        "xlsx/title_rows_above_header.xlsx",
        "xls/title_rows_above_header.xls",
        "ods/title_rows_above_header.ods",
    ] {
        let sheets = read(rel);
        assert_eq!(sheets.len(), 1, "{rel}");
        let s = &sheets[0];
        assert_eq!(&*s.meta.sheet, "Prospects", "{rel}");
        assert_eq!(s.first_col, 0, "{rel}");
        // Row 3 is blank and may be omitted; the header is on row 4.
        assert_eq!(numbers(s), [1, 2, 4, 5, 6, 7], "{rel}");
        assert_eq!(texts(&s.rows[0]), ["Prospects Q3 – Alice Martin"], "{rel}");
        assert_eq!(
            texts(&s.rows[2]),
            ["Nom", "Prénom", "Société", "E-mail", "Prochaine action"],
            "{rel}"
        );
        // A trailing empty cell is not kept: rows are ragged.
        assert_eq!(
            texts(&s.rows[5]),
            ["O'Brien", "Sean", "Acme Ltd", "sean@acme.example"],
            "{rel}"
        );
        assert!(s.issues.is_empty(), "{rel}: {:?}", s.issues);
    }
}

#[test]
fn hidden_sheets_are_listed_in_order_and_read_only_when_asked() {
    for rel in
        ["xlsx/hidden_sheet_first.xlsx", "xls/hidden_sheet_first.xls", "ods/hidden_sheet_first.ods"]
    {
        let sheets = read(rel);
        let names: Vec<&str> = sheets.iter().map(|s| &*s.meta.sheet).collect();
        assert_eq!(names, ["Listes", "Prospects", "Paramètres"], "{rel}");
        let hidden: Vec<bool> = sheets.iter().map(|s| s.meta.hidden).collect();
        assert_eq!(hidden, [true, false, true], "{rel}");
        assert!(sheets[0].rows.is_empty() && sheets[2].rows.is_empty(), "{rel}");
        assert_eq!(texts(&sheets[1].rows[1]), ["Dupont SA", "Gagné"], "{rel}");

        let include = IngestOptions { include_hidden: true, ..Default::default() };
        let sheets = read_with(&fixture(rel), &include).unwrap();
        assert_eq!(sheets[0].rows.len(), 3, "{rel}");
        assert_eq!(texts(&sheets[2].rows[0]), ["seuil", "0.92"], "{rel}");
    }
}

#[test]
fn a_mapping_can_include_one_hidden_sheet_or_skip_a_visible_one() {
    let path = fixture("xlsx/hidden_sheet_first.xlsx");
    let options = IngestOptions {
        overrides: vec![
            SheetOverride { sheet: Some("Listes".into()), include: true, ..Default::default() },
            SheetOverride { sheet: Some("Prospects".into()), skip: true, ..Default::default() },
        ],
        include_hidden: false,
    };
    let sheets = read_with(&path, &options).unwrap();
    assert_eq!(sheets[0].rows.len(), 3);
    assert!(sheets[1].rows.is_empty());
    assert!(sheets[2].rows.is_empty());
}

#[test]
fn merged_ranges_are_reported_for_xlsx_and_xls() {
    let want = [
        MergedRange { first_row: 1, first_col: 0, last_row: 1, last_col: 1 },
        MergedRange { first_row: 1, first_col: 2, last_row: 1, last_col: 3 },
    ];
    for rel in ["xlsx/merged_header_cells.xlsx", "xls/merged_header_cells.xls"] {
        let sheets = read(rel);
        let mut merged = sheets[0].merged.clone();
        merged.sort_by_key(|m| (m.first_row, m.first_col));
        assert_eq!(merged, want, "{rel}");
        assert_eq!(texts(&sheets[0].rows[0]), ["Contact", "", "Coordonnées"], "{rel}");
    }
    // No merged-cell API for ods in calamine: the values are still there.
    let ods = read("ods/merged_header_cells.ods");
    assert_eq!(texts(&ods[0].rows[1]), ["Prénom", "Nom", "E-mail", "Téléphone"]);
}

#[test]
fn error_cells_are_empty_with_an_issue_at_the_cell() {
    let sheets = read("xlsx/error_cells.xlsx");
    let s = &sheets[0];
    assert_eq!(texts(&s.rows[2]), ["Martin"]);
    assert_eq!(texts(&s.rows[3]), ["Bernard", "", "250"]);
    let issues: Vec<(IssueKind, String, &str)> =
        s.issues.iter().map(|i| (i.kind, i.provenance.cell_ref(), i.message.as_str())).collect();
    assert_eq!(
        issues,
        [
            (IssueKind::CellError, "B3".to_string(), "#N/A in B3 read as empty"),
            (IssueKind::CellError, "C3".to_string(), "#DIV/0! in C3 read as empty"),
            (IssueKind::CellError, "B4".to_string(), "#REF! in B4 read as empty"),
        ]
    );
    assert_eq!(&*s.issues[0].provenance.sheet, "Feuil1");
    // LibreOffice recalculates on conversion; the errors stay errors.
    let sheets = read("xls/error_cells.xls");
    let cells: Vec<String> = sheets[0].issues.iter().map(|i| i.provenance.cell_ref()).collect();
    assert_eq!(cells, ["B3", "C3", "B4"]);
    assert!(sheets[0].issues.iter().all(|i| i.kind == IssueKind::CellError));
    assert_eq!(texts(&sheets[0].rows[2]), ["Martin"]);
    // ods stores an error as a string (`calcext:value-type="error"`, which
    // calamine does not expose) whose text is the error code.
    let sheets = read("ods/error_cells.ods");
    assert_eq!(texts(&sheets[0].rows[2]), ["Martin"]);
    assert_eq!(texts(&sheets[0].rows[3]), ["Bernard", "", "250"]);
    let cells: Vec<String> = sheets[0].issues.iter().map(|i| i.provenance.cell_ref()).collect();
    assert_eq!(cells, ["B3", "C3", "B4"]);
    assert!(
        sheets[0].issues[1].message.starts_with("#DIV/0! in C3"),
        "{}",
        sheets[0].issues[1].message
    );
}

#[test]
fn identifiers_stored_as_numbers_keep_every_digit() {
    for rel in [
        "xlsx/identifiers_stored_as_numbers.xlsx",
        "xls/identifiers_stored_as_numbers.xls",
        "ods/identifiers_stored_as_numbers.ods",
    ] {
        let sheets = read(rel);
        let rows = &sheets[0].rows;
        assert_eq!(rows[1].cells[1], Cell::Number(612345678.0), "{rel}");
        // Shown as 7.33E+13 in Excel; the value has all 14 digits.
        assert_eq!(
            texts(&rows[1]),
            ["Dupont SA", "612345678", "73282932000074", "12500.5"],
            "{rel}"
        );
        assert_eq!(texts(&rows[2]), ["Martin SARL", "698765432", "55210055400013", "980"], "{rel}");
    }
}

#[test]
fn chart_sheets_are_listed_but_never_read() {
    let sheets = read("xlsx/chart_sheet.xlsx");
    assert_eq!(sheets.len(), 2);
    assert!(sheets[0].meta.worksheet);
    assert_eq!(sheets[0].rows.len(), 3);
    assert_eq!(&*sheets[1].meta.sheet, "Graphique");
    assert!(!sheets[1].meta.worksheet);
    assert!(sheets[1].rows.is_empty());
}

#[test]
fn a_far_right_column_starts_at_its_own_column() {
    let sheets = read("xlsx/far_right_column.xlsx");
    let s = &sheets[0];
    assert_eq!(s.first_col, 966);
    assert_eq!(crate::ingest::letter_of(s.first_col, 0), "AKE");
    assert_eq!(numbers(s), [6, 7, 8]);
    assert!(s.rows.iter().all(|r| r.cells.len() == 1));
    assert_eq!(texts(&s.rows[1]), ["a@b.fr"]);
}

#[test]
fn formatting_without_values_adds_no_rows_or_columns() {
    let sheets = read("xlsx/style_only_cells.xlsx");
    let s = &sheets[0];
    assert_eq!(numbers(s), [1, 2, 3]);
    assert!(s.rows.iter().all(|r| r.cells.len() == 2));
}

#[test]
fn dates_honour_the_1904_system_and_say_so() {
    let sheets = read("xlsx/date_1904.xlsx");
    let s = &sheets[0];
    assert_eq!(s.meta.notes, ["1904 date system"]);
    assert_eq!(s.rows[1].cells[0], date(2021, 1, 1));
    assert_eq!(s.rows[2].cells[0], date(2021, 1, 2));
    // A time of day and a duration are durations, not 1904-01-01 dates.
    assert_eq!(s.rows[1].cells[1], Cell::Duration(0.75));
    assert_eq!(s.rows[1].cells[2].to_text(), "255:10:10");

    // The same serials in the 1900 system are 1,462 days earlier.
    let sheets = read("xlsx/date_1900.xlsx");
    assert!(sheets[0].meta.notes.is_empty());
    assert_eq!(sheets[0].rows[1].cells[0], date(2016, 12, 31));

    // LibreOffice keeps the dates (and may keep or drop the 1904 flag).
    for rel in ["xls/date_1904.xls", "ods/date_1904.ods"] {
        let sheets = read(rel);
        assert_eq!(sheets[0].rows[1].cells[0], date(2021, 1, 1), "{rel}");
        assert_eq!(sheets[0].rows[1].cells[2].to_text(), "255:10:10", "{rel}");
    }
}

#[test]
fn formulas_are_read_by_their_saved_value_and_missing_ones_flagged() {
    let sheets = read("xlsx/formula_without_value.xlsx");
    let s = &sheets[0];
    assert_eq!(texts(&s.rows[1]), ["2", "50", "100"]);
    assert_eq!(texts(&s.rows[2]), ["3", "100"]);
    assert_eq!(s.issues.len(), 1);
    assert_eq!(s.issues[0].kind, IssueKind::FormulaWithoutValue);
    assert_eq!(s.issues[0].provenance.cell_ref(), "C3");
}

#[test]
fn damaged_and_impostor_files_get_the_right_error() {
    let err = |rel: &str| read_with(&fixture(rel), &IngestOptions::default()).unwrap_err();
    assert!(matches!(err("corrupt/truncated_download.xlsx"), IngestError::Truncated { .. }));
    match err("corrupt/empty_zip.xlsx") {
        IngestError::Corrupt { detail, .. } => {
            assert_eq!(detail, "not a valid xlsx: the zip has no workbook")
        }
        other => panic!("{other:?}"),
    }
    match err("corrupt/text_placeholder.xls") {
        IngestError::UnknownFormat { detail, .. } => {
            assert_eq!(detail, "not an Excel file (62 bytes of text)")
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(err("corrupt/empty_file.xlsx"), IngestError::Empty { .. }));
    assert_eq!(sniff(&fixture("corrupt/tsv_named.xls")).unwrap(), Format::Csv);
}

#[test]
fn progress_counts_sheets() {
    let path = fixture("xlsx/hidden_sheet_first.xlsx");
    let bar = ProgressBar::hidden();
    read_workbook(&path, Arc::from("h.xlsx"), Format::Xlsx, &IngestOptions::default(), &bar)
        .unwrap();
    assert_eq!((bar.length(), bar.position()), (Some(3), 3));
}

/// Workbooks too big to commit, generated in a temp dir.
fn generated(
    name: &str,
    build: impl FnOnce(&mut rust_xlsxwriter::Worksheet),
) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    let mut wb = rust_xlsxwriter::Workbook::new();
    build(wb.add_worksheet());
    wb.save(&path).expect("save");
    (dir, path)
}

fn rewrite_zip_entry(path: &Path, entry_name: &str, edit: impl Fn(&str) -> String) {
    use std::io::{Read, Write};
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut out);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut content = String::new();
        entry.read_to_string(&mut content).unwrap();
        if name == entry_name {
            content = edit(&content);
        }
        writer.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        writer.write_all(content.as_bytes()).unwrap();
    }
    writer.finish().unwrap();
    std::fs::write(path, out.into_inner()).unwrap();
}

#[test]
fn the_widest_sheet_and_a_megabyte_cell_are_read() {
    let big = "Compte rendu de réunion. ".repeat(42_000) + "Fin.";
    assert!(big.len() > 1_000_000);
    let (_dir, path) = generated("large.xlsx", |ws| {
        ws.write(0, 0, "Nom").unwrap();
        ws.write(0, 16_383, "XFD").unwrap();
        ws.write(1, 0, "BIG_CELL_PLACEHOLDER").unwrap();
    });
    // Excel caps cells at 32,767 characters and so does rust_xlsxwriter;
    // other writers do not: put the text in the XML directly.
    rewrite_zip_entry(&path, "xl/sharedStrings.xml", |xml| {
        xml.replace("BIG_CELL_PLACEHOLDER", &big)
    });
    let sheets = read_with(&path, &IngestOptions::default()).unwrap();
    let rows = &sheets[0].rows;
    assert_eq!(rows[0].cells.len(), 16_384);
    assert_eq!(rows[0].cells[16_383], Cell::text("XFD"));
    assert_eq!(rows[1].cells.len(), 1);
    assert_eq!(rows[1].cells[0].to_text().len(), big.len());
}

#[test]
fn nul_characters_in_text_are_removed_with_an_issue() {
    // rust_xlsxwriter escapes U+0000 as `_x0000_`, which calamine decodes.
    let (_dir, path) = generated("nul.xlsx", |ws| {
        ws.write(0, 0, "Nom").unwrap();
        ws.write(1, 0, "Dup\0ont").unwrap();
    });
    let sheets = read_with(&path, &IngestOptions::default()).unwrap();
    assert_eq!(sheets[0].rows[1].cells[0], Cell::text("Dupont"));
    assert_eq!(sheets[0].issues.len(), 1);
    assert_eq!(sheets[0].issues[0].kind, IssueKind::NulByte);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Arbitrary bytes under any extension: an error or sheets, never a panic.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), ext in "(xlsx|xls|ods|xlsb|csv)") {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("f.{ext}"));
        std::fs::write(&path, &bytes).unwrap();
        let _ = read_with(&path, &IngestOptions { include_hidden: true, ..Default::default() });
    }

    /// Real fixtures with a few bytes changed or cut short.
    #[test]
    fn mutated_fixtures_never_panic(
        which in 0usize..6,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let rels = [
            "xlsx/title_rows_above_header.xlsx",
            "xlsx/hidden_sheet_first.xlsx",
            "xls/merged_header_cells.xls",
            "xls/error_cells.xls",
            "ods/identifiers_stored_as_numbers.ods",
            "xlsx/date_1904.xlsx",
        ];
        let rel = rels[which];
        let mut bytes = std::fs::read(fixture(rel)).unwrap();
        for (index, value) in edits {
            let i = index.index(bytes.len());
            bytes[i] = value;
        }
        if truncate {
            bytes.truncate(cut.index(bytes.len()));
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(Path::new(rel).file_name().unwrap());
        std::fs::write(&path, &bytes).unwrap();
        let _ = read_with(&path, &IngestOptions { include_hidden: true, ..Default::default() });
    }
}

/// Every workbook of the shared corpus (not available in CI): no panic,
/// readable files read, and the damaged ones give the error MANIFEST.md
/// expects. Run with `cargo test --lib corpus -- --ignored --nocapture`.
#[test]
#[ignore = "needs /work/shared/corpus"]
fn corpus_files_read_or_fail_clearly() {
    let root = Path::new("/work/shared/corpus");
    let expected_errors: &[(&str, &str)] = &[
        ("ExcelDataReader__EmptyZipFile.xlsx", "Corrupt"),
        ("ExcelDataReader__Test_Issue_12556_corrupt.xls", "Corrupt"),
        ("calamine__OOM_alloc3.xls", "Corrupt"),
        ("calamine__issue_594_dos.ods", "TooLarge"),
        ("calamine__pass_protected.xlsx", "PasswordProtected"),
        ("calamine__too_small.xls", "UnknownFormat"),
        ("derived__deaths-truncated.xlsx", "Truncated"),
        ("frictionless__empty.csv", "Empty"),
        ("messytables__encrypted_no_password.xls", "PasswordProtected"),
        ("xlrd__biff4_no_format_no_window2.xls", "LegacyExcel"),
    ];
    let options = IngestOptions { include_hidden: true, ..Default::default() };
    let mut failures = Vec::new();
    for dir in ["xlsx", "xls", "ods", "corrupt"] {
        let mut paths: Vec<PathBuf> =
            std::fs::read_dir(root.join(dir)).unwrap().map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let started = std::time::Instant::now();
            let result = match sniff(&path) {
                Ok(Format::Csv) => {
                    println!("{dir}/{name}: csv (not a workbook)");
                    continue;
                }
                Ok(format) => read_workbook(
                    &path,
                    Arc::from(name.as_str()),
                    format,
                    &options,
                    &ProgressBar::hidden(),
                ),
                Err(e) => Err(e),
            };
            let elapsed = started.elapsed();
            let want = expected_errors.iter().find(|(n, _)| *n == name).map(|(_, k)| *k);
            match (&result, want) {
                (Ok(sheets), None) => {
                    let summary: Vec<String> = sheets
                        .iter()
                        .map(|s| {
                            format!(
                                "{}({} rows from {}, {} issues)",
                                s.meta.sheet,
                                s.rows.len(),
                                s.first_col,
                                s.issues.len()
                            )
                        })
                        .collect();
                    println!("{dir}/{name} [{elapsed:.0?}]: {}", summary.join(", "));
                }
                (Err(e), Some(kind)) if format!("{e:?}").starts_with(kind) => {
                    println!("{dir}/{name}: {e}")
                }
                (Ok(_), Some(_)) if name.ends_with(".xlsb") => println!("{dir}/{name}: read"),
                (Err(e), _) if name == "calamine__issue_666_panic.xlsb" => {
                    println!("{dir}/{name}: {e}")
                }
                (Ok(_), _) if name == "calamine__issue_666_panic.xlsb" => {
                    println!("{dir}/{name}: read")
                }
                (other, want) => failures
                    .push(format!("{dir}/{name}: want {want:?}, got {:?}", other.as_ref().err())),
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Reader time against bare calamine on a 200,000 × 12 export. Run in
/// release: `cargo test --release --lib reader_speed -- --ignored --nocapture`.
#[test]
#[ignore = "benchmark: writes a 200,000-row workbook"]
fn reader_speed_against_bare_calamine() {
    use calamine::Reader as _;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory().unwrap();
    let header = [
        "Nom",
        "Prénom",
        "Société",
        "E-mail",
        "Téléphone",
        "Ville",
        "Code postal",
        "Montant",
        "Étape",
        "Date",
        "Commercial",
        "Notes",
    ];
    ws.write_row(0, 0, header).unwrap();
    let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    for r in 1..=200_000u32 {
        ws.write(r, 0, format!("Nom{r}")).unwrap();
        ws.write(r, 1, "Jean").unwrap();
        ws.write(r, 2, format!("Société {}", r % 5000)).unwrap();
        ws.write(r, 3, format!("contact{r}@example.fr")).unwrap();
        ws.write(r, 4, 600_000_000 + r).unwrap();
        ws.write(r, 5, "Lyon").unwrap();
        ws.write(r, 6, 69_000 + r % 10).unwrap();
        ws.write(r, 7, (r % 1000) as f64 * 12.5).unwrap();
        ws.write(r, 8, "Devis envoyé").unwrap();
        ws.write_with_format(r, 9, 46_000 + r % 365, &date).unwrap();
        ws.write(r, 10, "Alice").unwrap();
        ws.write(r, 11, "Rappeler mardi").unwrap();
    }
    wb.save(&path).unwrap();

    let started = std::time::Instant::now();
    let mut bare = calamine::open_workbook_auto(&path).unwrap();
    let range = bare.worksheet_range_at(0).unwrap().unwrap();
    let bare_time = started.elapsed();
    assert_eq!(range.height(), 200_001);
    drop(range);

    let started = std::time::Instant::now();
    let sheets = read_workbook(
        &path,
        Arc::from("big.xlsx"),
        Format::Xlsx,
        &IngestOptions::default(),
        &ProgressBar::hidden(),
    )
    .unwrap();
    let reader_time = started.elapsed();
    assert_eq!(sheets[0].rows.len(), 200_001);
    assert_eq!(sheets[0].rows[200_000].cells.len(), 12);

    let started = std::time::Instant::now();
    let tables: Vec<_> = sheets
        .into_iter()
        .map(|s| crate::ingest::build_table(s, &SheetOverride::default()))
        .collect();
    let table_time = started.elapsed();
    println!(
        "bare calamine: {bare_time:.2?}; read_workbook: {reader_time:.2?}; build_table: {table_time:.2?} ({} tables)",
        tables.len()
    );
}
