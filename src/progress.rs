//! The one place progress bars are created and styled.
//!
//! Bars are drawn only on a terminal (stderr) and never with `--quiet`, so
//! that CI logs and piped output stay clean.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Whether to draw bars at all, and to print warnings.
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    enabled: bool,
    quiet: bool,
}

impl Progress {
    pub fn new(quiet: bool) -> Progress {
        Progress { enabled: !quiet && std::io::stderr().is_terminal(), quiet }
    }

    pub fn hidden() -> Progress {
        Progress { enabled: false, quiet: true }
    }

    /// A problem that does not stop the run (on stderr, unless `--quiet`).
    pub fn warn(&self, message: &str) {
        if !self.quiet {
            eprintln!("warning: {message}");
        }
    }

    /// A bar for reading inputs: files, or the bytes of a single file (the
    /// readers set its length), so it shows a percentage and no unit.
    pub fn files(&self, len: u64) -> ProgressBar {
        self.bar(len, "{prefix:>10} [{bar:30}] {percent:>3}% {elapsed} {wide_msg}")
    }

    fn bar(&self, len: u64, template: &str) -> ProgressBar {
        if !self.enabled {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar
    }
}
