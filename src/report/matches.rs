//! `matches.csv`, DESIGN.md's machine-readable contract: one row per
//! input record, `entity,origin,source,sheet,row,crm_id,cluster,status,score`.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use rayon::prelude::*;

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

/// Rows formatted per task, and tasks per batch, of [`write_indexed`].
const TASK_ROWS: usize = 1 << 14;
const BATCH_ROWS: usize = 1 << 20;

/// Write matches.csv: the row `row(i)` gives for each `i` in `0..n` (`None`: that
/// record has no line), in that order. The lines are formatted by every
/// core, a batch at a time: formatting those of a four-million-record run
/// took one core two seconds while the other waited, and a batch bounds
/// what is held at once (never every line of the file).
pub fn write_indexed<'a>(
    n: usize,
    row: impl Fn(usize) -> Option<MatchRow<'a>> + Sync,
    path: &Path,
) -> io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    let mut header = csv::Writer::from_writer(Vec::new());
    header.write_record(HEADER)?;
    out.write_all(&header.into_inner().map_err(|e| e.into_error())?)?;
    for batch in (0..n).step_by(BATCH_ROWS) {
        let end = (batch + BATCH_ROWS).min(n);
        let starts: Vec<usize> = (batch..end).step_by(TASK_ROWS).collect();
        let pieces: Vec<io::Result<Vec<u8>>> = starts
            .into_par_iter()
            .map(|start| {
                let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
                for i in start..(start + TASK_ROWS).min(end) {
                    if let Some(r) = row(i) {
                        write_row(&mut w, &r)?;
                    }
                }
                w.into_inner().map_err(|e| e.into_error())
            })
            .collect();
        for piece in pieces {
            out.write_all(&piece?)?;
        }
    }
    out.flush()
}

fn write_row<W: Write>(out: &mut csv::Writer<W>, r: &MatchRow<'_>) -> io::Result<()> {
    let score = r.score.map(four_decimals).unwrap_or_default();
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
    Ok(())
}

/// `format!("{p:.4}")`, which rounds the exact binary value half to
/// even, without its slow exact path: most scores of a large run are
/// 0.99999… and that path wrote them one digit at a time (a third of
/// writing matches.csv). Scaled and rounded here, it is exact unless the
/// scaled value lies within rounding error of a half, which is left to
/// the formatter.
fn four_decimals(p: f64) -> String {
    let scaled = p * 10_000.0;
    let rounded = scaled.round();
    if !(0.0..=1e9).contains(&scaled) || ((scaled - scaled.floor()) - 0.5).abs() < 1e-6 {
        return format!("{p:.4}");
    }
    let n = rounded as u64;
    format!("{}.{:04}", n / 10_000, n % 10_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(i: usize) -> Option<MatchRow<'static>> {
        // Every seventh record has no line (a reference); quotes and
        // separators in names must come out quoted alike.
        (i % 7 != 3).then(|| MatchRow {
            entity: "contact",
            origin: if i.is_multiple_of(2) { "crm" } else { "side" },
            source: if i.is_multiple_of(5) {
                "pipe; \"jean\", 2026.csv"
            } else {
                "crm/contacts.csv"
            },
            sheet: "",
            row: i as u32 + 2,
            crm_id: i.is_multiple_of(3).then_some("351000"),
            cluster: format!("contact-{}", i / 4),
            status: "new",
            score: (i % 2 == 1).then_some(i as f64 / 1e5),
        })
    }

    #[test]
    fn scores_are_written_as_the_formatter_writes_them() {
        let mut scores = vec![0.0, 1.0, 0.7, 0.92, 0.999_999_9, 0.000_05, 0.123_45, 0.999_95];
        // Every half between two written values, and its neighbours.
        for k in 0..10_000 {
            let half = (f64::from(k) + 0.5) / 10_000.0;
            scores.extend([half, half.next_up(), half.next_down()]);
        }
        for p in scores {
            assert_eq!(four_decimals(p), format!("{p:.4}"), "{p:e}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_score_is_written_as_the_formatter_writes_it(p in 0.0f64..=1.0) {
            proptest::prop_assert_eq!(four_decimals(p), format!("{p:.4}"));
        }
    }

    #[test]
    fn lines_formatted_on_every_core_are_those_written_one_by_one() {
        let dir = tempfile::tempdir().unwrap();
        // Several tasks and a last one cut short.
        let n = 2 * TASK_ROWS + 1234;
        let (one, many) = (dir.path().join("one.csv"), dir.path().join("many.csv"));
        // One by one, on one core.
        let mut w = csv::Writer::from_path(&one).unwrap();
        w.write_record(HEADER).unwrap();
        for r in (0..n).filter_map(row) {
            write_row(&mut w, &r).unwrap();
        }
        w.flush().unwrap();
        write_indexed(n, row, &many).unwrap();
        let (one, many) = (std::fs::read(one).unwrap(), std::fs::read(many).unwrap());
        assert_eq!(one.len(), many.len());
        assert!(one == many, "the files differ");
        let lines = many.iter().filter(|&&b| b == b'\n').count();
        assert_eq!(lines, 1 + (0..n).filter(|i| i % 7 != 3).count());
    }

    #[test]
    fn no_records_give_the_header_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("matches.csv");
        write_indexed(0, row, &path).unwrap();
        assert_eq!(std::fs::read_to_string(path).unwrap(), format!("{}\n", HEADER.join(",")));
    }
}
