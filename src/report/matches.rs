//! `matches.csv`, DESIGN.md's machine-readable contract: one row per
//! input record, `entity,origin,source,sheet,row,crm_id,cluster,status,score`.

use std::io;
use std::path::Path;

/// One line of `matches.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct MatchRow<'a> {
    pub entity: &'static str,
    pub origin: &'static str,
    pub source: &'a str,
    pub sheet: &'a str,
    pub row: u32,
    pub crm_id: Option<&'a str>,
    pub cluster: String,
    pub status: &'static str,
    pub score: Option<f64>,
}

pub const HEADER: [&str; 9] =
    ["entity", "origin", "source", "sheet", "row", "crm_id", "cluster", "status", "score"];

pub fn write(rows: &[MatchRow<'_>], path: &Path) -> io::Result<()> {
    write_each(rows.iter().cloned(), path)
}

/// [`write`] one row at a time, as `rows` makes them: a run over millions
/// of records then never holds every line of the file at once.
pub fn write_each<'a>(rows: impl IntoIterator<Item = MatchRow<'a>>, path: &Path) -> io::Result<()> {
    let mut out = csv::Writer::from_path(path)?;
    out.write_record(HEADER)?;
    for r in rows {
        let score = r.score.map(|s| format!("{s:.4}")).unwrap_or_default();
        out.write_record([
            r.entity,
            r.origin,
            r.source,
            r.sheet,
            &r.row.to_string(),
            r.crm_id.unwrap_or(""),
            &r.cluster,
            r.status,
            &score,
        ])?;
    }
    out.flush()
}
