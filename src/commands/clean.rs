//! `crmrecon clean PATH... --out DIR`: normalize without matching, for a
//! user who wants a clean, standardized list before a migration.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::config::Config;
use crate::ingest;
use crate::model::{Origin, Role};
use crate::normalize::record;
use crate::normalize::stage;
use crate::progress::Progress;
use crate::report;

/// What `clean` did, for the terminal summary.
pub struct Cleaned {
    pub files: Vec<(PathBuf, usize)>,
    pub issues: usize,
    /// Stage labels no pipeline stage matches, with their counts, for the
    /// user to add to `[stages]`.
    pub unmapped_stages: Vec<(String, usize)>,
    pub errors: Vec<ingest::IngestError>,
}

pub fn clean(
    paths: &[PathBuf],
    out: &Path,
    config: &Config,
    progress: Progress,
) -> anyhow::Result<Cleaned> {
    crate::normalize::phone::load_in_background(&config.locale.country);
    let bar = progress.files(0);
    bar.set_prefix("reading");
    let inputs = ingest::read_paths(paths, &config.ingest, &bar);
    let ctx = config.normalize_context();
    let records = record::normalize_tables(&inputs.tables, Origin::Side, &ctx);
    let issues = records.iter().map(|r| r.issues.len()).sum();
    let labels = records
        .iter()
        .flat_map(|r| &r.fields)
        .filter(|f| f.role == Role::Stage)
        .map(|f| f.raw.as_str());
    let unmapped_stages = stage::unmapped_labels(labels, &ctx.stages);
    let files = report::clean::write(&records, out)
        .with_context(|| format!("{}: cannot write the cleaned files", out.display()))?;
    Ok(Cleaned { files, issues, unmapped_stages, errors: inputs.errors })
}
