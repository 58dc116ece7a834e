//! Import files: what to load into the CRM, one CSV per entity in load
//! order (`companies.csv`, `contacts.csv`, `deals.csv`), laid out for the
//! `--target` CRM by [`crate::targets`].
//!
//! Each file holds the new golden records and the updates of existing CRM
//! records (carrying the CRM id, so the CRM upserts instead of creating a
//! duplicate). Every entity gets its file, header only when there is
//! nothing to load, so the user sees the whole load order. Rows are in a
//! fixed order ([`targets::row_order`]: creates by key, then updates by
//! CRM id), so two runs give byte-identical files.
//!
//! Odoo empties a field whose cell is empty, so its updates go into extra
//! files, `companies-update-1.csv`, ..., each with only the columns its
//! rows fill (see [`UpdateLayout`]); they are loaded right after their
//! entity's file.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::config::TargetCrm;
use crate::model::Entity;
use crate::reconcile::{ImportAction, ImportRecord};
use crate::targets::{self, Column, LOAD_ORDER, UpdateLayout};

#[derive(Debug, Error)]
pub enum ImportError {
    #[error("{path}: cannot create the import folder: {source}")]
    Folder {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{path}: cannot write the import file: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// Write the import files of `records` for `target` into `dir` (the
/// import folder itself, `OUT/import`; created if missing). Returns the
/// files written, in the order they must be loaded.
pub fn write_imports(
    records: &[ImportRecord],
    target: TargetCrm,
    dir: &Path,
) -> Result<Vec<PathBuf>, ImportError> {
    std::fs::create_dir_all(dir)
        .map_err(|source| ImportError::Folder { path: dir.to_path_buf(), source })?;
    let mut written = Vec::new();
    for entity in LOAD_ORDER {
        let mut rows: Vec<&ImportRecord> = records.iter().filter(|r| r.entity == entity).collect();
        rows.sort_by(|a, b| targets::row_order(a, b));
        let layout = targets::layout(target, entity);
        let (main, updates): (Vec<&ImportRecord>, Vec<&ImportRecord>) = match layout.updates {
            UpdateLayout::SameFile => (rows, Vec::new()),
            UpdateLayout::OwnFilePerColumns => {
                rows.into_iter().partition(|r| r.action == ImportAction::Create)
            }
        };
        let path = dir.join(targets::file_name(entity));
        let columns: Vec<&Column> = match layout.updates {
            UpdateLayout::SameFile => layout.columns.iter().collect(),
            UpdateLayout::OwnFilePerColumns => {
                layout.columns.iter().filter(|c| !c.updates_only).collect()
            }
        };
        write_file(&path, &columns, &main, layout.bom)?;
        written.push(path);
        for (i, (columns, rows)) in update_groups(layout.columns, &updates).into_iter().enumerate()
        {
            let path = dir.join(update_file_name(entity, i + 1));
            write_file(&path, &columns, &rows, layout.bom)?;
            written.push(path);
        }
    }
    Ok(written)
}

/// `companies-update-1.csv`.
fn update_file_name(entity: Entity, n: usize) -> String {
    let stem = targets::file_name(entity).trim_end_matches(".csv");
    format!("{stem}-update-{n}.csv")
}

/// Updates grouped by the set of columns they fill, each group with only
/// those columns, groups in the order of their first row.
fn update_groups<'a>(
    columns: &'static [Column],
    updates: &[&'a ImportRecord],
) -> Vec<(Vec<&'static Column>, Vec<&'a ImportRecord>)> {
    let mut groups: Vec<(Vec<usize>, Vec<&'a ImportRecord>)> = Vec::new();
    for &r in updates {
        let filled: Vec<usize> =
            (0..columns.len()).filter(|&i| !columns[i].cell(r).is_empty()).collect();
        match groups.iter_mut().find(|(set, _)| *set == filled) {
            Some((_, rows)) => rows.push(r),
            None => groups.push((filled, vec![r])),
        }
    }
    groups.into_iter().map(|(set, rows)| (set.iter().map(|&i| &columns[i]).collect(), rows)).collect()
}

fn write_file(
    path: &Path,
    columns: &[&Column],
    rows: &[&ImportRecord],
    bom: bool,
) -> Result<(), ImportError> {
    let err = |source: io::Error| ImportError::Write { path: path.to_path_buf(), source };
    let file = File::create(path).map_err(err)?;
    let mut buf = BufWriter::new(file);
    if bom {
        buf.write_all("\u{feff}".as_bytes()).map_err(err)?;
    }
    let mut out = csv::Writer::from_writer(buf);
    let csv_err = |e: csv::Error| err(io::Error::other(e));
    out.write_record(columns.iter().map(|c| c.header)).map_err(csv_err)?;
    for r in rows {
        out.write_record(columns.iter().map(|c| c.cell(r))).map_err(csv_err)?;
    }
    out.flush().map_err(err)
}
