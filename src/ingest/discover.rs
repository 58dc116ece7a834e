//! Expand the paths a user gave into the files to read.
//!
//! A folder is walked recursively and only files with a spreadsheet or text
//! extension are taken (a folder of side files also holds PDFs and images);
//! a file named explicitly is always taken and sniffed, whatever its name.
//! Office lock files (`~$jean.xlsx`) and hidden files are left out. The order
//! is sorted so that runs are deterministic.

use std::path::{Path, PathBuf};

use super::IngestError;

/// Extensions taken when walking a folder.
pub const EXTENSIONS: [&str; 8] = ["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "tsv", "txt"];

/// A file to read, with the name it goes by in every output.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourceFile {
    pub path: PathBuf,
    /// The path as given, or as found inside a given folder, with `/`.
    pub display: String,
}

/// Expand `paths`. Returns the files found and, separately, one error per
/// path that could not be used, so that one bad path does not stop the rest.
pub fn discover(paths: &[PathBuf]) -> (Vec<SourceFile>, Vec<IngestError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) => errors.push(IngestError::io(path, e)),
            Ok(meta) if meta.is_dir() => {
                let before = files.len();
                if let Err(e) = walk(path, &mut files) {
                    errors.push(e);
                }
                if files.len() == before {
                    errors.push(IngestError::NoReadableFiles { path: path.clone() });
                }
            }
            Ok(_) => files.push(SourceFile { path: path.clone(), display: display(path) }),
        }
    }
    files.sort();
    files.dedup_by(|a, b| a.path == b.path);
    (files, errors)
}

fn walk(dir: &Path, out: &mut Vec<SourceFile>) -> Result<(), IngestError> {
    let entries = std::fs::read_dir(dir).map_err(|e| IngestError::io(dir, e))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else if has_known_extension(&path) {
            out.push(SourceFile { display: display(&path), path });
        }
    }
    Ok(())
}

fn has_known_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

fn display(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_folders_recursively_and_skips_lock_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("sub")).unwrap();
        for name in ["a.xlsx", "sub/b.csv", "~$a.xlsx", ".hidden.csv", "notes.pdf", "sub/c.TSV"] {
            std::fs::write(root.join(name), b"x").unwrap();
        }
        let (files, errors) = discover(&[root.to_path_buf()]);
        assert!(errors.is_empty(), "{errors:?}");
        let names: Vec<_> = files
            .iter()
            .map(|f| f.path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"))
            .collect();
        assert_eq!(names, ["a.xlsx", "sub/b.csv", "sub/c.TSV"]);
    }

    #[test]
    fn missing_paths_and_empty_folders_are_errors_but_others_still_read() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        let file = dir.path().join("x.weird");
        std::fs::write(&file, b"a,b\n1,2\n").unwrap();
        let (files, errors) = discover(&[dir.path().join("nope"), empty, file.clone()]);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].path, file);
        assert_eq!(errors.len(), 2);
        assert!(matches!(errors[0], IngestError::NotFound { .. }));
        assert!(matches!(errors[1], IngestError::NoReadableFiles { .. }));
    }
}
