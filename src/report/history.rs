//! The history file (`--history FILE`): one JSON line per run, appended.
//! What a line holds and how runs compare is reconcile's
//! ([`crate::reconcile::history`]); this module only reads and writes.
//!
//! A line that cannot be parsed (a hand edit, a crash mid-write) is
//! skipped and counted, never fatal: one bad week must not stop the next.

use std::io::Write as _;
use std::path::Path;

use anyhow::Context as _;

use crate::reconcile::history::Run;

/// The earlier runs, oldest first, and how many lines were skipped. A
/// missing file is an empty history (the first run creates it).
pub fn read(path: &Path) -> anyhow::Result<(Vec<Run>, usize)> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), 0)),
        Err(e) => {
            return Err(e).with_context(|| format!("{}: cannot read the history", path.display()));
        }
    };
    let mut runs = Vec::new();
    let mut skipped = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match serde_json::from_str::<Run>(line) {
            Ok(run) => runs.push(run),
            Err(_) => skipped += 1,
        }
    }
    Ok((runs, skipped))
}

/// Append `run` as one line (creating the file and its folder).
pub fn append(path: &Path, run: &Run) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create the folder", dir.display()))?;
    }
    let line = serde_json::to_string(run).context("cannot serialize the history line")?;
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("{}: cannot open the history", path.display()))?;
    writeln!(file, "{line}").with_context(|| format!("{}: cannot append", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn append_then_read_skips_broken_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/history.jsonl");
        assert_eq!(read(&path).unwrap().0.len(), 0);
        let run = Run { side_only: vec!["side:contact:a.csv:x@y.fr".into()], ..Run::default() };
        append(&path, &run).unwrap();
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"{broken\n")
            .unwrap();
        append(&path, &Run::default()).unwrap();
        let (runs, skipped) = read(&path).unwrap();
        assert_eq!((runs.len(), skipped), (2, 1));
        assert_eq!(runs[0].side_only, run.side_only);
    }
}
