//! Command-line arguments. Only shapes are checked here; `config` resolves
//! them against `crmrecon.toml` and `commands` runs the stages.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Reconcile the spreadsheets a sales team keeps on the side with the CRM.
#[derive(Debug, Parser)]
#[command(name = "crmrecon", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Config file (default: ./crmrecon.toml when it exists).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print only errors; no progress bars.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// No progress bars (they are also off when stderr is not a terminal).
    #[arg(long, global = true)]
    pub no_progress: bool,
    /// The date to treat as today (YYYY-MM-DD) for overdue actions, dates
    /// without a year and implausible years; default: the system date.
    /// Makes runs reproducible.
    #[arg(long, global = true, value_name = "DATE")]
    pub today: Option<chrono::NaiveDate>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Inspect(InspectArgs),
    Clean(CleanArgs),
    Reconcile(ReconcileArgs),
    Check(CheckArgs),
    Dedupe(DedupeArgs),
    Init(InitArgs),
}

/// Show how crmrecon reads files: format, encoding, header row, entity, and
/// the role of every column, with sample values and skipped rows.
///
/// Examples:
///   crmrecon inspect fixtures/demo/side
///   crmrecon inspect exports/contacts.csv side/jean.xlsx --json
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct InspectArgs {
    /// Files or folders (read recursively).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Print one JSON array with an object per sheet.
    #[arg(long)]
    pub json: bool,
}

/// Normalize files without matching: one CSV per entity (contacts.csv,
/// companies.csv, deals.csv) with the normalized value of every field
/// (emails lowercase, phones E.164, dates ISO 8601, amounts with a dot and
/// the currency apart) and the issues of each record.
///
/// Examples:
///   crmrecon clean fixtures/demo/side --out clean/
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct CleanArgs {
    /// Files or folders (read recursively).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output folder.
    #[arg(long, default_value = "crmrecon-out", value_name = "DIR")]
    pub out: PathBuf,
}

/// Compare the side files with the CRM export: for every side record, say
/// whether it is new, a duplicate of another side record, unchanged,
/// an update (fills fields empty in the CRM), a conflict (differs on a field
/// both have), to review (a possible match) or invalid. Writes matches.csv
/// (every CRM and side row once: its CRM id, cluster, status and score) and
/// report.json (counts by entity and status, CRM duplicates, timings).
///
/// Examples:
///   crmrecon reconcile --crm fixtures/demo/crm --side fixtures/demo/side
///   crmrecon reconcile --crm export/contacts.csv export/deals.csv --side side/ --out out/
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct ReconcileArgs {
    /// The CRM export: files or folders (contacts, companies, deals).
    #[arg(long, required = true, num_args = 1.., value_name = "EXPORT")]
    pub crm: Vec<PathBuf>,
    /// Side files or folders (read recursively).
    #[arg(long, required = true, num_args = 1.., value_name = "PATH")]
    pub side: Vec<PathBuf>,
    /// Output folder.
    #[arg(long, default_value = "crmrecon-out", value_name = "DIR")]
    pub out: PathBuf,
    /// Column names of the import files (default: [target] crm in the
    /// config, else generic).
    #[arg(long, value_name = "CRM", value_parser = ["generic", "hubspot", "salesforce", "pipedrive", "odoo"])]
    pub target: Option<String>,
    /// Language of the workbook's labels (default: French for [locale]
    /// country FR, BE, CH, LU or MC, else English).
    #[arg(long, value_name = "LANG", value_parser = ["fr", "en"])]
    pub lang: Option<String>,
    /// Do not write reconciliation.xlsx (benchmarks, pipelines that only
    /// load the import files).
    #[arg(long)]
    pub no_workbook: bool,
    #[command(flatten)]
    pub memory: MemoryArgs,
}

/// What a run remembers across runs (reconcile and check).
#[derive(Debug, Args, Default)]
pub struct MemoryArgs {
    /// Append this run to a history file (one JSON line per run) and
    /// compare with the previous runs: trend and deltas in report.json.
    #[arg(long, value_name = "FILE")]
    pub history: Option<PathBuf>,
    /// Apply the decisions of an earlier reconciliation.xlsx (Decision
    /// columns of Review, Conflicts, Duplicates) or a decisions CSV
    /// (kind,key_a,key_b,field,decision); several: later ones win.
    #[arg(long, num_args = 1.., value_name = "FILE")]
    pub decisions: Vec<PathBuf>,
    /// Where to write the decisions in force (default:
    /// crmrecon-decisions.csv beside the config).
    #[arg(long, value_name = "PATH", requires = "decisions")]
    pub decisions_out: Option<PathBuf>,
}

/// The output of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// A readable table.
    Table,
    Json,
    /// JUnit XML: one test case per check, for CI test reporters.
    Junit,
    /// GitHub Actions annotations (::error file=…::) on the offending files.
    Github,
}

/// The data-quality gate for CI: run the reconciliation and measure each
/// check of [checks] (or --warn/--fail) against its warn and fail levels.
/// Exit 0 when all pass, 1 with warnings only, 2 when a check fails, 3
/// when it could not run. Writes nothing unless --out is given.
///
/// Examples:
///   crmrecon check --crm export/ --side side/
///   crmrecon check --crm export/ --side side/ --format github --fail max_duplicate_rate=0.05
///   crmrecon check --crm export/ --side side/ --format junit > crmrecon.xml
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct CheckArgs {
    /// The CRM export: files or folders (contacts, companies, deals).
    #[arg(long, required = true, num_args = 1.., value_name = "EXPORT")]
    pub crm: Vec<PathBuf>,
    /// Side files or folders (read recursively).
    #[arg(long, required = true, num_args = 1.., value_name = "PATH")]
    pub side: Vec<PathBuf>,
    /// Also write the reconcile outputs (matches.csv, import files,
    /// report.json with the check results) into this folder.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Column names of the import files written with --out.
    #[arg(long, value_name = "CRM", value_parser = ["generic", "hubspot", "salesforce", "pipedrive", "odoo"])]
    pub target: Option<String>,
    /// With --out, also write reconciliation.xlsx there.
    #[arg(long, requires = "out")]
    pub workbook: bool,
    #[arg(long, value_enum, default_value = "table")]
    pub format: CheckFormat,
    /// A warn level, overriding [checks]: NAME=VALUE, e.g.
    /// max_duplicate_rate=0.02 or max_duplicate_rate.crm=0.1 (repeatable).
    #[arg(long, value_name = "NAME=VALUE")]
    pub warn: Vec<String>,
    /// A fail level, overriding [checks] (repeatable).
    #[arg(long, value_name = "NAME=VALUE")]
    pub fail: Vec<String>,
    #[command(flatten)]
    pub memory: MemoryArgs,
}

/// Find duplicate contacts, companies and deals within files, with no CRM:
/// writes matches.csv (one row per record: its cluster, status and score)
/// and report.json (counts, blocking statistics, the learnt weights).
///
/// Examples:
///   crmrecon dedupe fixtures/demo/side --out dedupe/
///   crmrecon dedupe people.xlsx --explain-blocking
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct DedupeArgs {
    /// Files or folders (read recursively).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output folder.
    #[arg(long, default_value = "crmrecon-out", value_name = "DIR")]
    pub out: PathBuf,
    /// Print how many candidate pairs each blocking key produced.
    #[arg(long)]
    pub explain_blocking: bool,
    /// Language of the workbook's labels (default from [locale] country).
    #[arg(long, value_name = "LANG", value_parser = ["fr", "en"])]
    pub lang: Option<String>,
    /// Do not write reconciliation.xlsx. The records' values are then
    /// dropped once matching has read them: at a million rows the run
    /// needs about half the memory.
    #[arg(long)]
    pub no_workbook: bool,
}

/// Write a commented crmrecon.toml that explains every key.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write it.
    #[arg(default_value = "crmrecon.toml", value_name = "FILE")]
    pub path: PathBuf,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_flags_work_after_the_subcommand() {
        let cli = Cli::try_parse_from(["crmrecon", "inspect", "a.csv", "--json", "-q"]).unwrap();
        assert!(cli.global.quiet);
        let Command::Inspect(args) = cli.command else { panic!() };
        assert!(args.json);
        assert_eq!(args.paths, [PathBuf::from("a.csv")]);
    }

    #[test]
    fn crm_and_side_take_several_paths_and_repeat() {
        let cli = Cli::try_parse_from([
            "crmrecon",
            "reconcile",
            "--crm",
            "c.csv",
            "d.csv",
            "--side",
            "s/",
            "--crm",
            "e.csv",
            "--target",
            "hubspot",
        ])
        .unwrap();
        let Command::Reconcile(args) = cli.command else { panic!() };
        assert_eq!(args.crm, [PathBuf::from("c.csv"), "d.csv".into(), "e.csv".into()]);
        assert_eq!(args.side, [PathBuf::from("s/")]);
        assert_eq!(args.out, PathBuf::from("crmrecon-out"));
        assert_eq!(args.target.as_deref(), Some("hubspot"));
        assert!(Cli::try_parse_from(["crmrecon", "reconcile", "--side", "s/"]).is_err());
        let bad = ["crmrecon", "reconcile", "--crm", "c", "--side", "s", "--target", "sugar"];
        assert!(Cli::try_parse_from(bad).is_err());
    }
}
