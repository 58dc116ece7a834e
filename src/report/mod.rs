//! Report: write outputs. Nothing is computed here that an earlier stage
//! did not decide; this stage only lays values out in files.

pub mod clean;
pub mod history;
pub mod import;
pub mod matches;
pub mod workbook;
