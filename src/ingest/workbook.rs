//! Spreadsheet files through calamine: xlsx, xlsm, xlsb, xls, ods.
//!
//! STUB: replaced by the workbook helper.

use std::path::Path;
use std::sync::Arc;

use indicatif::ProgressBar;

use super::{Format, IngestError, IngestOptions, RawSheet};

/// Read every sheet of a workbook. Hidden sheets are returned with
/// `meta.hidden = true` (and no rows unless the options include them).
pub fn read_workbook(
    path: &Path,
    source: Arc<str>,
    format: Format,
    options: &IngestOptions,
    progress: &ProgressBar,
) -> Result<Vec<RawSheet>, IngestError> {
    let _ = (source, format, options, progress);
    Err(IngestError::UnknownFormat { path: path.to_path_buf(), detail: "workbook reader not written yet".into() })
}
