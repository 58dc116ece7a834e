//! What a file really is, from its first bytes rather than its extension
//! (an e-mail gateway's text placeholder named `.xls`, an encrypted workbook
//! named `.xlsx`, a CSV saved as `.txt`).
//!
//! STUB: replaced by the workbook helper.

use std::path::Path;

use serde::Serialize;

use super::IngestError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Csv,
    Xlsx,
    Xlsm,
    Xlsb,
    Xls,
    Ods,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Xlsm => "xlsm",
            Format::Xlsb => "xlsb",
            Format::Xls => "xls",
            Format::Ods => "ods",
        }
    }
}

/// Sniff the format of `path`.
pub fn sniff(path: &Path) -> Result<Format, IngestError> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    Ok(match ext.as_str() {
        "xlsx" => Format::Xlsx,
        "xlsm" => Format::Xlsm,
        "xlsb" => Format::Xlsb,
        "xls" => Format::Xls,
        "ods" => Format::Ods,
        _ => Format::Csv,
    })
}
