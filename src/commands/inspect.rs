//! `crmrecon inspect PATH...`: show what crmrecon understood of each file
//! and sheet, so a person can check it before anything is matched, and fix
//! what is wrong with a `[[mapping]]` entry.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use serde::Serialize;

use crate::config::Config;
use crate::ingest::{self, SheetStatus, Table};
use crate::model::{Entity, Issue, Origin, Role};
use crate::normalize::record::normalize_table;
use crate::progress::Progress;

/// One sheet as `inspect --json` prints it (DESIGN.md gives the shape).
#[derive(Debug, Serialize)]
pub struct SheetReport {
    pub source: String,
    pub sheet: String,
    pub format: &'static str,
    pub encoding: Option<&'static str>,
    pub delimiter: Option<String>,
    pub hidden: bool,
    pub status: SheetStatus,
    pub entity: Option<Entity>,
    pub entities: Vec<Entity>,
    pub header_row: Option<u32>,
    pub rows_read: usize,
    pub rows_skipped: usize,
    pub skipped: Vec<SkippedReport>,
    pub columns: Vec<ColumnReport>,
    /// Issue counts by kind.
    pub issues: BTreeMap<&'static str, usize>,
    pub warnings: Vec<String>,
    pub notes: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct SkippedReport {
    pub row: u32,
    pub reason: &'static str,
}

#[derive(Debug, Serialize)]
pub struct ColumnReport {
    pub letter: String,
    pub header: String,
    pub role: Role,
    pub confidence: f64,
    pub samples: Vec<String>,
    /// Normalization issues found in this column, by kind.
    pub issues: BTreeMap<&'static str, usize>,
}

/// A file that could not be read, as `inspect --json` lists it.
#[derive(Debug, Serialize)]
pub struct ErrorReport {
    pub source: String,
    pub error: String,
}

impl SheetReport {
    /// `normalized` holds the issues normalizing the table's records found;
    /// they are counted per column as well as per sheet.
    pub fn from_table(table: &Table, normalized: &[Issue]) -> SheetReport {
        let meta = &table.meta;
        let mut issues = BTreeMap::new();
        for issue in table.issues.iter().chain(normalized) {
            *issues.entry(issue.kind.as_str()).or_insert(0) += 1;
        }
        let mut by_column: BTreeMap<u32, BTreeMap<&'static str, usize>> = BTreeMap::new();
        for issue in normalized {
            if let Some(column) = issue.provenance.column {
                *by_column.entry(column).or_default().entry(issue.kind.as_str()).or_insert(0) += 1;
            }
        }
        SheetReport {
            source: meta.source.to_string(),
            sheet: meta.sheet.to_string(),
            format: meta.format.as_str(),
            encoding: meta.encoding,
            delimiter: meta.delimiter.map(|d| d.to_string()),
            hidden: meta.hidden,
            status: table.status.clone(),
            entity: table.entity,
            entities: table.entities.clone(),
            header_row: table.header_row,
            rows_read: table.rows.len(),
            rows_skipped: table.skipped.len(),
            skipped: table
                .skipped
                .iter()
                .map(|s| SkippedReport { row: s.row, reason: s.reason.as_str() })
                .collect(),
            columns: table
                .columns
                .iter()
                .map(|c| ColumnReport {
                    letter: c.letter.clone(),
                    header: c.header.clone(),
                    role: c.role,
                    confidence: (f64::from(c.confidence) * 100.0).round() / 100.0,
                    samples: c.samples.clone(),
                    issues: by_column.remove(&c.index).unwrap_or_default(),
                })
                .collect(),
            issues,
            warnings: table.warnings.clone(),
            notes: meta.notes.clone(),
        }
    }
}

/// What `inspect` found: one report per sheet and one per unreadable input.
pub struct Inspection {
    pub sheets: Vec<SheetReport>,
    pub errors: Vec<ErrorReport>,
}

/// Read `paths` and describe every sheet.
pub fn inspect(paths: &[PathBuf], config: &Config, progress: Progress) -> Inspection {
    crate::normalize::phone::load_in_background(&config.locale.country);
    let bar = progress.files(0);
    bar.set_prefix("reading");
    let inputs = ingest::read_paths(paths, &config.ingest, &bar);
    let ctx = config.normalize_context();
    let sheets = inputs
        .tables
        .iter()
        .enumerate()
        .map(|(i, table)| {
            // A row yields a record per entity; a cell shared by several
            // (the owner) reports its issue once.
            let mut issues: Vec<Issue> = normalize_table(table, i as u32, Origin::Side, &ctx)
                .into_iter()
                .flat_map(|r| r.issues)
                .collect();
            issues.sort_by(|a, b| (&a.provenance, a.kind).cmp(&(&b.provenance, b.kind)));
            issues.dedup_by(|a, b| a.provenance == b.provenance && a.kind == b.kind);
            SheetReport::from_table(table, &issues)
        })
        .collect();
    Inspection {
        sheets,
        errors: inputs
            .errors
            .iter()
            .map(|e| ErrorReport { source: error_source(e), error: e.to_string() })
            .collect(),
    }
}

fn error_source(e: &ingest::IngestError) -> String {
    use ingest::IngestError::*;
    let path = match e {
        NotFound { path }
        | NoReadableFiles { path }
        | Empty { path }
        | UnknownFormat { path, .. }
        | PasswordProtected { path }
        | LegacyExcel { path }
        | Truncated { path, .. }
        | Corrupt { path, .. }
        | TooLarge { path, .. }
        | Csv { path, .. }
        | Sheet { path, .. }
        | Internal { path, .. }
        | Io { path, .. } => path,
    };
    path.to_string_lossy().replace('\\', "/")
}

impl Inspection {
    /// One JSON array: an object per sheet, then an object per unreadable
    /// file (`{"source": …, "error": …}`).
    pub fn to_json(&self) -> String {
        let mut values: Vec<serde_json::Value> = Vec::new();
        for s in &self.sheets {
            values.push(serde_json::to_value(s).expect("plain data serializes"));
        }
        for e in &self.errors {
            values.push(serde_json::to_value(e).expect("plain data serializes"));
        }
        serde_json::to_string_pretty(&values).expect("plain data serializes") + "\n"
    }

    /// The readable terminal listing.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for s in &self.sheets {
            render_sheet(&mut out, s);
        }
        let read: usize = self.sheets.iter().map(|s| s.rows_read).sum();
        let skipped: usize = self.sheets.iter().map(|s| s.rows_skipped).sum();
        let _ = writeln!(
            out,
            "{} sheet(s), {read} row(s) read, {skipped} skipped, {} unreadable file(s)",
            self.sheets.len(),
            self.errors.len()
        );
        out
    }
}

fn render_sheet(out: &mut String, s: &SheetReport) {
    let name =
        if s.sheet.is_empty() { s.source.clone() } else { format!("{} › {}", s.source, s.sheet) };
    let mut facts = vec![s.format.to_string()];
    if let Some(e) = s.encoding {
        facts.push(e.to_string());
    }
    if let Some(d) = &s.delimiter {
        facts.push(format!(
            "delimiter {}",
            if d == "\t" { "tab".to_string() } else { format!("'{d}'") }
        ));
    }
    if s.hidden {
        facts.push("hidden".into());
    }
    let _ = writeln!(out, "{name}  ({})", facts.join(", "));
    if s.status != SheetStatus::Used {
        let why = match s.status {
            SheetStatus::Hidden => "hidden sheet, not read",
            SheetStatus::Empty => "empty sheet",
            SheetStatus::Excluded => "excluded by the config",
            SheetStatus::NoHeader => "no header row found",
            SheetStatus::NotAWorksheet => "not a worksheet",
            SheetStatus::Used => unreachable!(),
        };
        let _ = writeln!(out, "  {why}");
    } else {
        let entities: Vec<&str> = s.entities.iter().map(|e| e.as_str()).collect();
        let header = s.header_row.map_or("none (headerless)".to_string(), |r| r.to_string());
        let _ = writeln!(
            out,
            "  entity: {}   header row: {header}   rows read: {}   skipped: {}",
            if entities.is_empty() { "?".to_string() } else { entities.join(" + ") },
            s.rows_read,
            s.rows_skipped
        );
        if !s.skipped.is_empty() {
            let _ = writeln!(out, "  skipped: {}", summarize_skipped(&s.skipped));
        }
        let header_width =
            s.columns.iter().map(|c| c.header.chars().count().min(28)).max().unwrap_or(6).max(6);
        for c in &s.columns {
            let mut samples: Vec<String> = c.samples.iter().map(|v| truncate(v, 24)).collect();
            if !c.issues.is_empty() {
                let issues: Vec<String> =
                    c.issues.iter().map(|(k, n)| format!("{n} × {k}")).collect();
                samples.push(format!("[{}]", issues.join(", ")));
            }
            let _ = writeln!(
                out,
                "  {:<3} {:<hw$}  {:<16} {:>4.2}  {}",
                c.letter,
                truncate(&c.header, 28),
                c.role.as_str(),
                c.confidence,
                samples.join(" | "),
                hw = header_width
            );
        }
    }
    for (kind, n) in &s.issues {
        let _ = writeln!(out, "  issue: {n} × {kind}");
    }
    for w in s.warnings.iter().chain(&s.notes) {
        let _ = writeln!(out, "  note: {w}");
    }
    out.push('\n');
}

/// `2 blank rows (12, 40), 1 total line (118)`.
fn summarize_skipped(skipped: &[SkippedReport]) -> String {
    let mut by_reason: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for s in skipped {
        by_reason.entry(s.reason).or_default().push(s.row);
    }
    by_reason
        .iter()
        .map(|(reason, rows)| {
            let shown: Vec<String> = rows.iter().take(5).map(u32::to_string).collect();
            let more = if rows.len() > 5 { ", …" } else { "" };
            format!("{} × {reason} (row {}{more})", rows.len(), shown.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn truncate(s: &str, max: usize) -> String {
    let one_line: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if one_line.chars().count() <= max {
        one_line
    } else {
        let mut t: String = one_line.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_or_multiline_values_are_shortened_for_the_terminal() {
        assert_eq!(truncate("abc", 5), "abc");
        assert_eq!(truncate("abcdefgh", 5), "abcd…");
        assert_eq!(truncate("a\nb", 5), "a b");
    }

    #[test]
    fn skipped_rows_are_summarized_by_reason() {
        let skipped = [
            SkippedReport { row: 5, reason: "blank row" },
            SkippedReport { row: 9, reason: "blank row" },
            SkippedReport { row: 30, reason: "total line" },
        ];
        assert_eq!(
            summarize_skipped(&skipped),
            "2 × blank row (row 5, 9); 1 × total line (row 30)"
        );
    }
}
