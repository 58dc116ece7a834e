//! The `crmrecon` binary: parse arguments, run, map the outcome to an exit
//! code (DESIGN.md: 0 success, 1/2 for `check`, 3 could not run).

use std::process::ExitCode;

use clap::Parser;
use crmrecon::cli::Cli;
use crmrecon::commands::{self, ExitStatus};

/// mimalloc rather than the system allocator: normalizing and matching
/// make tens of millions of small allocations from every core; mimalloc
/// serves one in about half of glibc's instructions (callgrind on the
/// normalize benchmark) and grows its heaps without glibc's `mprotect`
/// calls per arena.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // 4 KiB pages: see crmrecon::memory for why.
    crmrecon::memory::configure_pages();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // --help and --version are not errors.
            return if e.use_stderr() {
                ExitCode::from(ExitStatus::CouldNotRun as u8)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match commands::run(cli) {
        Ok(status) => ExitCode::from(status as u8),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(ExitStatus::CouldNotRun as u8)
        }
    }
}
