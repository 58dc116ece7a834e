//! One file per subcommand: each runs the stages in order, owns progress
//! bars, and decides what goes to stdout (results) and stderr (messages).

pub mod check;
pub mod clean;
pub mod dedupe;
pub mod init;
pub mod inspect;
pub mod reconcile;

use std::io::Write;

use anyhow::Context;

use crate::cli::{Cli, Command};
use crate::config::Config;
use crate::progress::Progress;

/// DESIGN.md's exit codes, one scheme for every command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// Success; for `check`, every check passed.
    Success = 0,
    /// `check` only: warnings, no failure.
    Warnings = 1,
    /// `check` only: at least one check failed.
    Failed = 2,
    /// Could not run as asked: bad usage or an unreadable input (readable
    /// inputs are still processed).
    CouldNotRun = 3,
}

/// Leave a run's records and matches to the end of the process: it ends
/// right after, and freeing millions of records one allocation at a time
/// took most of a second of a large run.
fn exit_without_freeing<T>(done: T) {
    std::mem::forget(done);
}

/// Run a parsed command line. Errors returned here mean "could not run".
pub fn run(cli: Cli) -> anyhow::Result<ExitStatus> {
    let progress = Progress::new(cli.global.quiet || cli.global.no_progress);
    let load_config = || -> anyhow::Result<Config> {
        let mut config = Config::load(cli.global.config.as_deref())?;
        if let Some(today) = cli.global.today {
            config.locale.today = today;
        }
        Ok(config)
    };
    match cli.command {
        Command::Init(args) => {
            init::init(&args.path, args.force)?;
            if !cli.global.quiet {
                eprintln!("wrote {}", args.path.display());
            }
            Ok(ExitStatus::Success)
        }
        Command::Clean(args) => {
            let config = load_config()?;
            let cleaned = clean::clean(&args.paths, &args.out, &config, progress)?;
            let status = print_errors(&cleaned.errors);
            if !cli.global.quiet {
                for (path, rows) in &cleaned.files {
                    eprintln!("wrote {} ({rows} rows)", path.display());
                }
                eprintln!("{} issue(s) found; see the `issues` column", cleaned.issues);
                if !cleaned.unmapped_stages.is_empty() {
                    let labels: Vec<String> = cleaned
                        .unmapped_stages
                        .iter()
                        .map(|(l, n)| format!("{l:?} ({n})"))
                        .collect();
                    eprintln!(
                        "stage labels with no pipeline stage: {}; map them under [stages] in crmrecon.toml",
                        labels.join(", ")
                    );
                }
            }
            Ok(status)
        }
        Command::Reconcile(args) => {
            let config = load_config()?;
            // clap only lets the five names through.
            let target = args
                .target
                .as_deref()
                .and_then(crate::config::TargetCrm::parse)
                .unwrap_or(config.target);
            let request = reconcile::Request {
                crm: &args.crm,
                side: &args.side,
                out: &args.out,
                target,
                lang: args.lang.as_deref().map(lang),
                workbook: !args.no_workbook,
            };
            let r = reconcile::reconcile_with(&request, &memory(args.memory), &config, progress)?;
            let status = print_errors(&r.errors);
            if !cli.global.quiet {
                eprint!("{}", reconcile::summary(&r));
            }
            exit_without_freeing(r);
            Ok(status)
        }
        Command::Check(args) => {
            let config = load_config()?;
            check::run(args, &config, progress, cli.global.quiet)
        }
        Command::Dedupe(args) => {
            let config = load_config()?;
            let lang = args.lang.as_deref().map(lang).unwrap_or_else(|| {
                crate::report::workbook::text::lang_of_country(&config.locale.country)
            });
            let workbook = (!args.no_workbook).then_some(lang);
            let d = dedupe::dedupe(&args.paths, &args.out, &config, progress, workbook)?;
            let status = print_errors(&d.errors);
            if !cli.global.quiet {
                eprint!("{}", dedupe_summary(&d, args.explain_blocking));
            }
            exit_without_freeing(d);
            Ok(status)
        }
        Command::Inspect(args) => {
            let config = load_config()?;
            let inspection = inspect::inspect(&args.paths, &config, progress);
            let out = if args.json { inspection.to_json() } else { inspection.to_text() };
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(out.as_bytes()).context("cannot write to stdout")?;
            Ok(print_errors(inspection.errors.iter().map(|e| &e.error)))
        }
    }
}

fn memory(args: crate::cli::MemoryArgs) -> reconcile::Memory {
    reconcile::Memory {
        history: args.history,
        decisions: args.decisions,
        decisions_out: args.decisions_out,
    }
}

/// `--lang fr|en` (clap lets only these through).
fn lang(s: &str) -> crate::reconcile::kpi::Lang {
    if s == "fr" { crate::reconcile::kpi::Lang::Fr } else { crate::reconcile::kpi::Lang::En }
}

/// Print the inputs that could not be read; any makes the run exit 3
/// (the readable ones were still processed).
fn print_errors<E: std::fmt::Display>(errors: impl IntoIterator<Item = E>) -> ExitStatus {
    let mut status = ExitStatus::Success;
    for e in errors {
        eprintln!("error: {e}");
        status = ExitStatus::CouldNotRun;
    }
    status
}

/// The terminal summary of `dedupe`.
fn dedupe_summary(d: &dedupe::Deduped, explain_blocking: bool) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for e in &d.entities {
        if e.records == 0 {
            continue;
        }
        let statuses: Vec<String> =
            e.by_status.iter().map(|(s, n)| format!("{n} {}", s.as_str())).collect();
        let _ = writeln!(
            out,
            "{:<8} {:>8} records  {:>7} duplicate groups  {:>6} pairs to review  ({})",
            e.entity.as_str(),
            e.records,
            e.duplicate_clusters,
            e.review_pairs,
            statuses.join(", ")
        );
        if explain_blocking {
            let _ = writeln!(out, "  blocking: {} candidate pairs", e.candidate_pairs);
            for k in &e.blocking {
                let _ = writeln!(
                    out,
                    "    {:<34} {:>9} pairs  {:>8} blocks  largest {:>6}{}",
                    k.key.name(),
                    k.pairs,
                    k.blocks,
                    k.largest_block,
                    if k.large_blocks > 0 {
                        format!(
                            "  ({} blocks over {} paired by neighbourhood, e.g. {:?})",
                            k.large_blocks,
                            crate::matching::blocking::MAX_FULL_BLOCK,
                            k.largest_example
                        )
                    } else {
                        String::new()
                    }
                );
            }
        }
    }
    for w in &d.written {
        let _ = writeln!(out, "wrote {}", w.display());
    }
    out
}
