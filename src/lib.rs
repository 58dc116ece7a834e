//! crmrecon reconciles the spreadsheets a sales team keeps on the side with
//! the company's CRM.
//!
//! The pipeline (see DESIGN.md) flows forward only:
//!
//! ```text
//! ingest ──► normalize ──► match ──► reconcile ──► report
//! ```
//!
//! Each stage is a module that never imports a later one. `commands` holds
//! one file per subcommand that runs the stages in order; `main.rs` only
//! parses arguments and calls into `commands`.

pub mod cli;
pub mod commands;
pub mod config;
pub mod fxhash;
pub mod ingest;
pub mod matching;
pub mod memory;
pub mod model;
pub mod normalize;
pub mod progress;
pub mod reconcile;
pub mod report;
pub mod synth;
pub mod targets;
