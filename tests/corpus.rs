//! The shared corpus of real, messy spreadsheets (`../shared/corpus`, or
//! `$CRMRECON_CORPUS`): every file is read as its MANIFEST.md says, or
//! rejected with a clear error; none panics.
//!
//! The corpus is not part of the repository, so these tests are ignored by
//! plain `cargo test`; `.ci/run` runs them with `-- --ignored`. Each quirk
//! crmrecon relies on also has a small fixture of its own in
//! `fixtures/quirks/`, tested without the corpus.

use std::path::{Path, PathBuf};

use crmrecon::ingest::{self, IngestError, IngestOptions, SheetStatus, SkipReason, Table};
use crmrecon::model::{IssueKind, Role};
use indicatif::ProgressBar;

fn corpus() -> PathBuf {
    let dir = std::env::var_os("CRMRECON_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    assert!(dir.join("MANIFEST.md").is_file(), "corpus not found at {}", dir.display());
    dir
}

fn read(rel: &str) -> Result<Vec<Table>, IngestError> {
    let path = corpus().join(rel);
    ingest::read_source(&path, rel, &IngestOptions::default(), &ProgressBar::hidden())
}

fn tables(rel: &str) -> Vec<Table> {
    read(rel).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn sheet<'a>(tables: &'a [Table], name: &str) -> &'a Table {
    tables.iter().find(|t| &*t.meta.sheet == name).unwrap_or_else(|| {
        panic!(
            "no sheet {name:?} in {:?}",
            tables.iter().map(|t| &t.meta.sheet).collect::<Vec<_>>()
        )
    })
}

fn skipped(table: &Table, reason: SkipReason) -> Vec<u32> {
    table.skipped.iter().filter(|s| s.reason == reason).map(|s| s.row).collect()
}

fn issues(table: &Table, kind: IssueKind) -> usize {
    table.issues.iter().filter(|i| i.kind == kind).count()
}

fn role_of(table: &Table, header: &str) -> Role {
    table
        .columns
        .iter()
        .find(|c| c.header == header)
        .unwrap_or_else(|| {
            panic!(
                "no column {header:?}: {:?}",
                table.columns.iter().map(|c| &c.header).collect::<Vec<_>>()
            )
        })
        .role
}

#[test]
#[ignore = "needs ../shared/corpus; run by .ci/run"]
fn no_file_of_the_corpus_panics_and_every_error_names_its_file() {
    let root = corpus();
    let mut files = Vec::new();
    for folder in ["xlsx", "xls", "ods", "csv", "corrupt"] {
        for entry in std::fs::read_dir(root.join(folder)).unwrap() {
            files.push(entry.unwrap().path());
        }
    }
    files.sort();
    assert!(files.len() >= 70, "{} files", files.len());
    for path in files {
        let rel = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
        let result = std::panic::catch_unwind(|| read(&rel));
        let result = result.unwrap_or_else(|_| panic!("{rel}: panicked"));
        match result {
            Ok(tables) => {
                for t in &tables {
                    // Every row below the header is a record or a skipped row.
                    if let (Some(header), Some(last)) = (t.header_row, t.rows.last()) {
                        assert!(last.number > header, "{rel}");
                    }
                }
            }
            Err(e) => {
                let message = e.to_string();
                assert!(
                    message.contains(&rel)
                        || message.contains(path.file_name().unwrap().to_str().unwrap()),
                    "{message}"
                );
            }
        }
    }
}

/// A check on the error a corrupt file gives.
type Expected = fn(&IngestError) -> bool;

#[test]
#[ignore = "needs ../shared/corpus; run by .ci/run"]
fn corrupt_files_get_the_right_error() {
    let cases: [(&str, Expected); 10] = [
        ("corrupt/calamine__too_small.xls", |e| matches!(e, IngestError::UnknownFormat { .. })),
        ("corrupt/calamine__OOM_alloc3.xls", |e| matches!(e, IngestError::Corrupt { .. })),
        ("corrupt/calamine__issue_594_dos.ods", |e| matches!(e, IngestError::TooLarge { .. })),
        ("corrupt/calamine__pass_protected.xlsx", |e| {
            matches!(e, IngestError::PasswordProtected { .. })
        }),
        ("corrupt/messytables__encrypted_no_password.xls", |e| {
            matches!(e, IngestError::PasswordProtected { .. })
        }),
        ("corrupt/ExcelDataReader__EmptyZipFile.xlsx", |e| {
            matches!(e, IngestError::Corrupt { .. })
        }),
        ("corrupt/xlrd__biff4_no_format_no_window2.xls", |e| {
            matches!(e, IngestError::LegacyExcel { .. })
        }),
        ("corrupt/frictionless__empty.csv", |e| matches!(e, IngestError::Empty { .. })),
        ("corrupt/derived__deaths-truncated.xlsx", |e| matches!(e, IngestError::Truncated { .. })),
        ("corrupt/derived__quotes_and_newlines-truncated.csv", |e| {
            matches!(e, IngestError::Csv { .. })
        }),
    ];
    for (rel, expected) in cases {
        match read(rel) {
            Ok(t) => panic!("{rel}: read {} sheet(s) instead of failing", t.len()),
            Err(e) => assert!(expected(&e), "{rel}: unexpected error {e:?}"),
        }
    }
    // Damaged CFB that makes calamine panic: an error, never a crash.
    assert!(read("corrupt/ExcelDataReader__Test_Issue_12556_corrupt.xls").is_err());
    // Unknown record in an xlsb: one empty sheet, or a clear error.
    if let Ok(t) = read("corrupt/calamine__issue_666_panic.xlsb") {
        assert!(t.iter().all(|t| t.rows.is_empty()));
    }
}

#[test]
#[ignore = "needs ../shared/corpus; run by .ci/run"]
fn workbooks_are_read_as_the_manifest_says() {
    let t = tables("xlsx/calamine__any_sheets.xlsx");
    assert_eq!(t.len(), 4);
    assert_eq!(sheet(&t, "Visible").status, SheetStatus::Used);
    assert_eq!(sheet(&t, "Hidden").status, SheetStatus::Hidden);
    assert_eq!(sheet(&t, "VeryHidden").status, SheetStatus::Hidden);
    assert_eq!(sheet(&t, "Chart").status, SheetStatus::NotAWorksheet);

    let t = tables("xlsx/roo__hidden_sheets.xlsx");
    let used: Vec<&str> =
        t.iter().filter(|t| t.status == SheetStatus::Used).map(|t| &*t.meta.sheet).collect();
    assert_eq!(used, ["VisibleSheet1"]);

    let t = tables("xlsx/readxl__deaths.xlsx");
    for name in ["arts", "other"] {
        let s = sheet(&t, name);
        assert_eq!(s.header_row, Some(5), "{name}");
        assert_eq!(s.rows.len(), 10, "{name}");
        assert_eq!(s.rows[0].number, 6);
        assert!(!s.skipped.is_empty(), "{name}: the notes below the data are reported");
    }

    let t = tables("xlsx/frictionless__skip-rows.xlsx");
    let s = &t[0];
    assert_eq!(s.header_row, Some(2));
    assert_eq!(s.rows.len(), 1);
    assert_eq!(skipped(s, SkipReason::TotalLine), [4]);

    let t = tables("xlsx/readxl__style-only-cells.xlsx");
    assert_eq!(t[0].rows.len(), 3);

    let t = tables("xlsx/calamine__errors.xlsx");
    assert_eq!(issues(sheet(&t, "Feuil1"), IssueKind::CellError), 7);
    assert_eq!(sheet(&t, "Feuil2").status, SheetStatus::Empty);

    let t = tables("xlsx/readxl__empty-sheets.xlsx");
    assert_eq!(sheet(&t, "empty").status, SheetStatus::Empty);
    let header_only = sheet(&t, "header_only");
    assert_eq!(header_only.status, SheetStatus::Used);
    assert_eq!(header_only.rows.len(), 0);

    let t = tables("xlsx/qsv__excel-xlsx.xlsx");
    assert_eq!(sheet(&t, "firstnonemptyrow").header_row, Some(13));

    let t = tables("xlsx/readxl__Ekaterinburg_IP_9.xlsx");
    assert_eq!(t[0].header_row, Some(4));
    assert!(t[0].rows.len() > 2000);

    let t = tables("xlsx/readxl__names-need-repair-xlsx.xlsx");
    assert!(issues(&t[0], IssueKind::DuplicateHeader) >= 1);

    let t = tables("xlsx/calamine__date_1904.xlsx");
    assert_eq!(
        t[0].rows.first().map(|r| r.cells[0].to_text().into_owned()).as_deref(),
        Some("2021-01-01")
    );
}

#[test]
#[ignore = "needs ../shared/corpus; run by .ci/run"]
fn csv_files_are_read_as_the_manifest_says() {
    let t = tables("csv/ExcelDataReader__csv_MOCK_DATA.csv");
    assert_eq!(t[0].rows.len(), 1000);
    assert_eq!(t[0].columns.len(), 6);
    assert_eq!(role_of(&t[0], "email"), Role::Email);
    assert_eq!(role_of(&t[0], "first_name"), Role::FirstName);
    assert_eq!(role_of(&t[0], "last_name"), Role::LastName);

    let t = tables("csv/frictionless__table-with-accents.csv");
    assert_eq!(t[0].meta.encoding, Some("windows-1252"));
    assert_eq!(t[0].meta.delimiter, Some(';'));
    assert_eq!(t[0].rows.len(), 638);
    assert!(t[0].columns.iter().any(|c| c.header == "Année"));

    let t = tables("csv/messytables__utf-16le_encoded.csv");
    assert_eq!(t[0].meta.encoding, Some("UTF-16LE"));

    let t = tables("csv/csvspectrum__quotes_and_newlines.csv");
    assert_eq!(t[0].rows.len(), 2);
    assert_eq!(t[0].rows[1].number, 3);

    let t = tables("csv/csvkit__mac_newlines.csv");
    assert_eq!(t[0].rows.len(), 2);

    let t = tables("csv/messytables__excel_pasting.csv");
    assert_eq!(t[0].header_row, Some(4));

    let t = tables("csv/messytables__weird_head_padding.csv");
    assert_eq!(t[0].meta.delimiter, Some(';'));
    assert_eq!(t[0].header_row, Some(12));

    let t = tables("csv/frictionless__duplicate-headers.csv");
    assert!(issues(&t[0], IssueKind::DuplicateHeader) >= 2);

    let t = tables("csv/frictionless__structure-errors.csv");
    assert!(!skipped(&t[0], SkipReason::Blank).is_empty());
    assert!(issues(&t[0], IssueKind::ExtraCells) >= 1);

    let t = tables("csv/frictionless__wide.csv");
    assert!(t[0].columns.len() >= 9000);

    let t = tables("csv/roo__iso_8859_1.csv");
    assert_eq!(t[0].meta.encoding, Some("UTF-8"));
    assert_eq!(t[0].meta.delimiter, Some(';'));
    assert!(issues(&t[0], IssueKind::ReplacementCharacters) >= 1);

    let t = tables("csv/frictionless__table.tsv");
    assert_eq!(t[0].meta.delimiter, Some('\t'));
}
