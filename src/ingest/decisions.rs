//! Reading back the decisions a person took: the Decision columns of an
//! earlier `reconciliation.xlsx` (sheets `Review`, `Conflicts`,
//! `Duplicates`) or a decisions CSV (`kind,key_a,key_b,field,decision`, the
//! file `crmrecon` carries decisions forward in).
//!
//! Only the cells are read here, as text; what a decision means and which
//! records it names is reconcile's job (`reconcile::decisions`).

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, open_workbook_auto};

/// One decision as written: which sheet (or CSV `kind`) it came from, the
/// record identities it names, the field of a conflict, and the text of
/// the Decision cell. `at` says where (`Review!5`, `decisions.csv:3`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawDecision {
    /// `review`, `conflict` or `duplicate`.
    pub kind: String,
    pub key_a: String,
    pub key_b: String,
    pub field: String,
    pub decision: String,
    pub at: String,
}

#[derive(Debug, thiserror::Error)]
pub enum DecisionsError {
    #[error("{}: cannot read the decisions: {message}", path.display())]
    Unreadable { path: PathBuf, message: String },
    #[error(
        "{}: no Decision column found (expected sheets Review, Conflicts or Duplicates with a `Decision` header, or a CSV with the header kind,key_a,key_b,field,decision)",
        path.display()
    )]
    NoDecisions { path: PathBuf },
}

/// The sheets that carry decisions, and the kind each gives.
const SHEETS: [(&str, &str); 3] =
    [("review", "review"), ("conflicts", "conflict"), ("duplicates", "duplicate")];

/// How many rows to look through for the header row (a title may sit
/// above it).
const HEADER_SEARCH_ROWS: usize = 10;

/// Read the decisions of a workbook or a CSV, by extension. Rows with an
/// empty Decision cell are left out: nobody decided.
pub fn read(path: &Path) -> Result<Vec<RawDecision>, DecisionsError> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    if matches!(ext.as_str(), "csv" | "txt" | "tsv") { read_csv(path) } else { read_workbook(path) }
}

fn read_workbook(path: &Path) -> Result<Vec<RawDecision>, DecisionsError> {
    let unreadable = |message: String| DecisionsError::Unreadable { path: path.into(), message };
    let mut book = open_workbook_auto(path).map_err(|e| unreadable(e.to_string()))?;
    let mut out = Vec::new();
    let mut found = false;
    for name in book.sheet_names() {
        let Some(&(_, kind)) = SHEETS.iter().find(|(s, _)| fold(&name) == *s) else { continue };
        let range = book.worksheet_range(&name).map_err(|e| unreadable(e.to_string()))?;
        let rows: Vec<Vec<String>> =
            range.rows().map(|r| r.iter().map(cell_text).collect()).collect();
        let Some((header_at, columns)) = header(&rows) else { continue };
        found = true;
        // The range may start below row 1 (empty rows above are cut).
        let first_row = range.start().map_or(0, |(r, _)| r as usize);
        for (i, row) in rows.iter().enumerate().skip(header_at + 1) {
            let at = format!("{name}!{}", first_row + i + 1);
            if let Some(d) = columns.decision(kind, row, at) {
                out.push(d);
            }
        }
    }
    if found { Ok(out) } else { Err(DecisionsError::NoDecisions { path: path.into() }) }
}

fn read_csv(path: &Path) -> Result<Vec<RawDecision>, DecisionsError> {
    let unreadable = |message: String| DecisionsError::Unreadable { path: path.into(), message };
    let bytes = std::fs::read(path).map_err(|e| unreadable(e.to_string()))?;
    let text = String::from_utf8_lossy(&bytes);
    let text = text.trim_start_matches('\u{feff}');
    let delimiter = if text.lines().next().is_some_and(|l| l.contains(';') && !l.contains(',')) {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.map(|r| r.iter().map(|c| c.trim().to_string()).collect()))
        .collect::<Result<_, _>>()
        .map_err(|e| unreadable(e.to_string()))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let Some(head) = rows.first() else { return Ok(Vec::new()) };
    let col = |n: &str| head.iter().position(|h| fold(h) == n);
    let (Some(kind), Some(decision)) = (col("kind"), col("decision")) else {
        return Err(DecisionsError::NoDecisions { path: path.into() });
    };
    let (a, b, field) = (col("key_a"), col("key_b"), col("field"));
    let get =
        |row: &[String], c: Option<usize>| c.and_then(|c| row.get(c)).cloned().unwrap_or_default();
    Ok(rows
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, row)| !get(row, Some(decision)).is_empty())
        .map(|(i, row)| RawDecision {
            kind: fold(&get(row, Some(kind))),
            key_a: get(row, a),
            key_b: get(row, b),
            field: get(row, field),
            decision: get(row, Some(decision)),
            at: format!("{name}:{}", i + 1),
        })
        .collect())
}

/// The columns of a decisions sheet.
struct Columns {
    decision: usize,
    key_a: Option<usize>,
    key_b: Option<usize>,
    key: Option<usize>,
    field: Option<usize>,
}

impl Columns {
    fn decision(&self, kind: &str, row: &[String], at: String) -> Option<RawDecision> {
        let get = |c: Option<usize>| c.and_then(|c| row.get(c)).cloned().unwrap_or_default();
        let decision = get(Some(self.decision));
        if decision.is_empty() {
            return None;
        }
        let key_a =
            if kind == "duplicate" { get(self.key.or(self.key_a)) } else { get(self.key_a) };
        Some(RawDecision {
            kind: kind.to_string(),
            key_a,
            key_b: get(self.key_b),
            field: get(self.field),
            decision,
            at,
        })
    }
}

/// The header row (the first of the top rows with a Decision cell) and
/// its columns. French headers (`Décision`, `Clé A`, `Champ`) are accepted
/// too, for a workbook written with `--lang fr`.
fn header(rows: &[Vec<String>]) -> Option<(usize, Columns)> {
    rows.iter().take(HEADER_SEARCH_ROWS).enumerate().find_map(|(i, row)| {
        let col = |names: &[&str]| row.iter().position(|h| names.contains(&fold(h).as_str()));
        let decision = col(&["decision"])?;
        Some((
            i,
            Columns {
                decision,
                key_a: col(&["key a", "cle a"]),
                key_b: col(&["key b", "cle b"]),
                key: col(&["key", "cle"]),
                field: col(&["field", "champ"]),
            },
        ))
    })
}

/// Lowercase, trimmed, accents off, inner spaces collapsed: `Décision ` →
/// `decision`, `Clé  A` → `cle a`.
pub fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    let plain: String = s
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase();
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string().trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_matches_french_and_english_headers() {
        for (raw, folded) in [
            ("Decision", "decision"),
            ("  Décision ", "decision"),
            ("Clé  A", "cle a"),
            ("KEY B", "key b"),
            ("Keep CRM", "keep crm"),
        ] {
            assert_eq!(fold(raw), folded, "{raw}");
        }
    }

    #[test]
    fn csv_rows_without_a_decision_are_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.csv");
        std::fs::write(
            &path,
            "\u{feff}kind,key_a,key_b,field,decision\nreview,crm:contact:1,side:contact:a.csv:x@y.fr,,same\nconflict,crm:contact:1,side:contact:a.csv:x@y.fr,phone,\n",
        )
        .unwrap();
        let got = read(&path).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].kind, "review");
        assert_eq!(got[0].decision, "same");
        assert_eq!(got[0].at, "d.csv:2");
    }

    #[test]
    fn a_csv_without_the_header_is_an_error_not_an_empty_list() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.csv");
        std::fs::write(&path, "a,b\n1,2\n").unwrap();
        assert!(matches!(read(&path), Err(DecisionsError::NoDecisions { .. })));
        assert!(matches!(
            read(&dir.path().join("missing.xlsx")),
            Err(DecisionsError::Unreadable { .. })
        ));
    }
}
