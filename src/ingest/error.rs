//! Why a file could not be read. Every message names the file, says what is
//! wrong in a person's words, and what to do about it.

use std::path::PathBuf;

use thiserror::Error;

#[derive(Debug, Error)]
pub enum IngestError {
    #[error("{path}: no such file or folder; check the path")]
    NotFound { path: PathBuf },

    #[error(
        "{path}: no spreadsheet or CSV file found in this folder (looked for xlsx, xlsm, xlsb, xls, ods, csv, tsv, txt)"
    )]
    NoReadableFiles { path: PathBuf },

    #[error("{path}: the file is empty (0 bytes); export it again")]
    Empty { path: PathBuf },

    #[error("{path}: {detail}; save it as .xlsx, .ods or .csv and try again")]
    UnknownFormat { path: PathBuf, detail: String },

    #[error(
        "{path}: the workbook is password-protected; remove the password in Excel (File › Info › Protect Workbook) and save it again"
    )]
    PasswordProtected { path: PathBuf },

    #[error(
        "{path}: legacy Excel 2.x–4.0 format is not supported; open it in Excel or LibreOffice and save it as .xlsx"
    )]
    LegacyExcel { path: PathBuf },

    #[error("{path}: the file is truncated or damaged ({detail}); download or export it again")]
    Truncated { path: PathBuf, detail: String },

    #[error(
        "{path}: corrupt {format} file ({detail}); open and re-save it in Excel or LibreOffice, or export it again"
    )]
    Corrupt { path: PathBuf, format: &'static str, detail: String },

    #[error("{path}: the file is too large to read safely ({detail})")]
    TooLarge { path: PathBuf, detail: String },

    #[error("{path}, line {line}: {detail}")]
    Csv { path: PathBuf, line: u64, detail: String },

    #[error("{path}, sheet {sheet:?}: {detail}")]
    Sheet { path: PathBuf, sheet: String, detail: String },

    #[error(
        "{path}: crmrecon failed on this file ({detail}); this is a bug, please report it with the file if you can share it"
    )]
    Internal { path: PathBuf, detail: String },

    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl IngestError {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> IngestError {
        let path = path.into();
        if source.kind() == std::io::ErrorKind::NotFound {
            IngestError::NotFound { path }
        } else {
            IngestError::Io { path, source }
        }
    }
}
