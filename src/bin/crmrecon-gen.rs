//! `crmrecon-gen`: writes the synthetic data sets of `crmrecon::synth`
//! (the demo, benchmark data sets, and flat tables for the ingest
//! benchmark). Thin: parsing here, everything else in the library.

use std::path::PathBuf;
use std::process::{Command, ExitCode};

use clap::{Parser, Subcommand, ValueEnum};
use crmrecon::synth::{self, Spec, table::TableFormat};

#[derive(Parser)]
#[command(
    name = "crmrecon-gen",
    version,
    about = "Generate realistic CRM + side-file data sets with ground truth"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// The demo data set (~300 contacts, 6 side files). Converts the
    /// `.ods` side file with LibreOffice (`soffice`) when it is installed.
    ///
    /// Example: crmrecon-gen demo --out fixtures/demo
    Demo {
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// A benchmark data set: small, medium, large (1,000,000 CRM contacts)
    /// or a number of CRM contacts.
    ///
    /// Example: crmrecon-gen dataset --size large --out /tmp/large
    ///
    /// For the matching benchmark (as many side rows as CRM contacts):
    /// crmrecon-gen dataset --size 1000000 --side-rows 1000000 --out /tmp/m
    Dataset {
        #[arg(long)]
        size: String,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Record rows over all side files (default: a fifth of the CRM
        /// contacts).
        #[arg(long)]
        side_rows: Option<usize>,
        /// Number of side files (default: one per 20,000 CRM contacts, 6 to
        /// 50).
        #[arg(long)]
        side_files: Option<usize>,
        /// `native`: xlsx, CSV and cp1252 CSV as salespeople keep them;
        /// `csv`: every side sheet as a UTF-8 CSV (fast at a million rows);
        /// `auto`: csv above 200,000 side rows.
        #[arg(long, value_enum, default_value_t = SideFormat::Auto)]
        side_format: SideFormat,
        /// Every side file a contact list (contacts and their companies, no
        /// deals): the benchmark of linking side contacts with CRM ones.
        #[arg(long)]
        contact_lists: bool,
    },
    /// Pairwise precision, recall and F1 of a `matches.csv` against a
    /// `truth.csv`, per entity and pair type (side–side, side–CRM,
    /// CRM–CRM). Rows present in one file only are listed.
    ///
    /// Example: crmrecon-gen score --truth fixtures/demo/truth.csv --matches out/matches.csv
    Score {
        #[arg(long)]
        truth: PathBuf,
        #[arg(long)]
        matches: PathBuf,
        /// Print the report as JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// One flat contact/deal table for the ingest benchmark.
    ///
    /// Example: crmrecon-gen table --rows 1000000 --format csv-cp1252 --out /tmp/t.csv
    Table {
        #[arg(long)]
        rows: u64,
        #[arg(long, default_value_t = 12)]
        cols: usize,
        #[arg(long, value_enum, default_value_t = Fmt::Csv)]
        format: Fmt,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum SideFormat {
    Auto,
    Native,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum Fmt {
    Csv,
    #[value(name = "csv-cp1252")]
    CsvCp1252,
    Xlsx,
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("crmrecon-gen: {e}");
            ExitCode::from(3)
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Cmd::Demo { out, seed } => {
            let summary = synth::generate(&Spec::demo(seed), &out).map_err(|e| e.to_string())?;
            for (xlsx, ods) in &summary.pending_ods {
                convert_ods(&out, xlsx, ods)?;
            }
            if summary.pending_ods.iter().all(|(_, ods)| out.join(ods).exists()) {
                let _ = std::fs::remove_dir_all(out.join("to-ods"));
            }
            eprintln!(
                "wrote {} files, {} truth rows into {}",
                summary.files.len(),
                summary.truth_rows,
                out.display()
            );
            Ok(())
        }
        Cmd::Dataset { size, out, seed, side_rows, side_files, side_format, contact_lists } => {
            let mut spec = match size.as_str() {
                "small" => Spec::small(seed),
                "medium" => Spec::medium(seed),
                "large" => Spec::large(seed),
                n => Spec::with_contacts(
                    seed,
                    n.replace('_', "").parse().map_err(|_| {
                        format!(
                            "--size {n}: expected small, medium, large or a number of CRM contacts"
                        )
                    })?,
                ),
            };
            if let Some(n) = side_rows {
                spec.side_rows = n;
            }
            if let Some(n) = side_files {
                spec.side_files = n.max(1);
            }
            spec.contact_lists = contact_lists;
            spec.side_csv = match side_format {
                SideFormat::Auto => spec.side_rows > 200_000,
                SideFormat::Native => false,
                SideFormat::Csv => true,
            };
            let summary = synth::generate(&spec, &out).map_err(|e| e.to_string())?;
            eprintln!(
                "wrote {} files, {} truth rows into {}",
                summary.files.len(),
                summary.truth_rows,
                out.display()
            );
            Ok(())
        }
        Cmd::Score { truth, matches, json } => {
            let open = |p: &PathBuf| {
                std::fs::File::open(p)
                    .map(std::io::BufReader::new)
                    .map_err(|e| format!("{}: {e}", p.display()))
            };
            let report = synth::score::score(open(&truth)?, open(&matches)?)?;
            if json {
                let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
                println!("{text}");
            } else {
                print!("{}", synth::score::render(&report));
            }
            Ok(())
        }
        Cmd::Table { rows, cols, format, seed, out } => {
            if cols == 0 {
                return Err("--cols must be at least 1".into());
            }
            let format = match format {
                Fmt::Csv => TableFormat::Csv,
                Fmt::CsvCp1252 => TableFormat::Csv1252,
                Fmt::Xlsx => TableFormat::Xlsx,
            };
            synth::table::write_table(&out, rows, cols, format, seed)
                .map_err(|e| format!("{}: {e}", out.display()))
        }
    }
}

/// Converts `out/xlsx` to `out/ods` with LibreOffice, or says how to.
fn convert_ods(out: &std::path::Path, xlsx: &str, ods: &str) -> Result<(), String> {
    let ods_path = out.join(ods);
    let dir = ods_path.parent().unwrap_or(out);
    let status = Command::new("soffice")
        .args(["--headless", "--convert-to", "ods", "--outdir"])
        .arg(dir)
        .arg(out.join(xlsx))
        .status();
    match status {
        Ok(s) if s.success() && ods_path.exists() => Ok(()),
        _ => {
            eprintln!(
                "note: {} was not converted to {ods}: install LibreOffice \
                 (apt-get install -y libreoffice-calc-nogui) and run \
                 soffice --headless --convert-to ods --outdir {} {}",
                xlsx,
                dir.display(),
                out.join(xlsx).display()
            );
            Ok(())
        }
    }
}
