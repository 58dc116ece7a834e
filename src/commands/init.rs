//! `crmrecon init`: write the commented example config.

use std::path::Path;

use anyhow::{Context, bail};

use crate::config::EXAMPLE;

/// Write the example config to `path`, refusing to overwrite unless `force`.
pub fn init(path: &Path, force: bool) -> anyhow::Result<()> {
    if path.exists() && !force {
        bail!("{}: already exists; use --force to overwrite it", path.display());
    }
    std::fs::write(path, EXAMPLE)
        .with_context(|| format!("{}: cannot write the config", path.display()))
}
