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

/// Let mimalloc back its arenas with 2 MiB pages (transparent huge pages
/// where the kernel allows them, else nothing changes). A large run writes
/// gigabytes of fresh records and the kernel zeroes each page on its first
/// touch: with 4 KiB pages that fault per page was a third of the CPU time
/// of normalizing a million contacts (`perf`: `clear_page_erms`), and 2 MiB
/// pages make 512 times fewer faults. The option is read each time an
/// arena is mapped, so it is set first thing.
fn prefer_large_pages() {
    // SAFETY: a store into one of mimalloc's global options, which mimalloc
    // allows at any time.
    #[allow(unsafe_code)]
    unsafe {
        libmimalloc_sys::mi_option_set_enabled(libmimalloc_sys::mi_option_large_os_pages, true);
    }
}

fn main() -> ExitCode {
    prefer_large_pages();
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
