//! Ingest benchmark (issue #2): a 1,000,000-row × 12-column CSV (UTF-8 with
//! `,`, and Windows-1252 with `;`) and a 200,000-row × 12-column xlsx, read
//! through encoding and header detection and role mapping into tables,
//! compared with a bare pass of the csv crate and of calamine over the same
//! files, measured in the same run.
//!
//! ```sh
//! cargo bench --bench ingest                                   # full size
//! cargo bench --bench ingest -- --csv-rows 100000 --xlsx-rows 20000
//! ```
//!
//! Data is generated once by `crmrecon-gen table` into `target/bench-data/`
//! (not committed). Each case runs in a child process of its own so that
//! its peak memory (VmHWM) is its own; each is run three times and the best
//! time is kept.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use calamine::Reader;
use crmrecon::ingest::{self, IngestOptions};
use indicatif::ProgressBar;

const RUNS: usize = 3;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        child(&args[i + 1], Path::new(&args[i + 2]));
        return;
    }
    let value = |flag: &str, default: usize| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let csv_rows = value("--csv-rows", 1_000_000);
    let xlsx_rows = value("--xlsx-rows", 200_000);

    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).expect("create target/bench-data");
    let utf8 = generate(&dir, csv_rows, "csv");
    let cp1252 = generate(&dir, csv_rows, "csv-cp1252");
    let xlsx = generate(&dir, xlsx_rows, "xlsx");

    println!("{:<34} {:>9} {:>11} {:>9}", "case", "seconds", "peak MiB", "ratio");
    let bare_csv = report("bare csv crate pass (UTF-8)", "bare-csv", &utf8, None);
    report("crmrecon ingest (UTF-8, ',')", "ingest", &utf8, Some(bare_csv));
    let bare_cp = report("bare csv crate pass (cp1252)", "bare-csv", &cp1252, None);
    report("crmrecon ingest (cp1252, ';')", "ingest", &cp1252, Some(bare_cp));
    let bare_xlsx = report("bare calamine read (xlsx)", "bare-xlsx", &xlsx, None);
    report("crmrecon ingest (xlsx)", "ingest", &xlsx, Some(bare_xlsx));
}

fn generate(dir: &Path, rows: usize, format: &str) -> PathBuf {
    let ext = if format == "xlsx" { "xlsx" } else { "csv" };
    let path = dir.join(format!("table_{rows}_{format}.{ext}"));
    if !path.exists() {
        eprintln!("generating {}", path.display());
        let status = Command::new(env!("CARGO_BIN_EXE_crmrecon-gen"))
            .args(["table", "--rows", &rows.to_string(), "--cols", "12", "--seed", "1"])
            .args(["--format", format, "--out"])
            .arg(&path)
            .status()
            .expect("run crmrecon-gen");
        assert!(status.success(), "crmrecon-gen failed");
    }
    path
}

/// Run a case RUNS times in child processes; print and return the best time.
fn report(label: &str, case: &str, file: &Path, baseline: Option<f64>) -> f64 {
    let mut best = f64::INFINITY;
    let mut peak = 0.0f64;
    let mut rows = 0;
    for _ in 0..RUNS {
        let out = Command::new(std::env::current_exe().unwrap())
            .args(["--child", case])
            .arg(file)
            .output()
            .expect("run the child");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8_lossy(&out.stdout);
        let mut parts = text.split_whitespace();
        let secs: f64 = parts.next().unwrap().parse().unwrap();
        let kib: f64 = parts.next().unwrap().parse().unwrap();
        rows = parts.next().unwrap().parse::<u64>().unwrap();
        if secs < best {
            best = secs;
            peak = kib / 1024.0;
        }
    }
    let ratio = baseline.map_or(String::new(), |b| format!("{:.2}×", best / b));
    println!("{label:<34} {best:>9.3} {peak:>11.1} {ratio:>9}   ({rows} rows)");
    best
}

fn child(case: &str, file: &Path) {
    let start = Instant::now();
    let rows = match case {
        "bare-csv" => {
            let delimiter = if file.to_string_lossy().contains("cp1252") { b';' } else { b',' };
            let mut reader = csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .flexible(true)
                .from_path(file)
                .expect("open");
            let mut record = csv::ByteRecord::new();
            let mut n = 0u64;
            while reader.read_byte_record(&mut record).expect("read") {
                n += 1;
            }
            n
        }
        "bare-xlsx" => {
            let mut workbook = calamine::open_workbook_auto(file).expect("open");
            let name = workbook.sheet_names()[0].clone();
            let range = workbook.worksheet_range(&name).expect("read");
            range.height() as u64
        }
        "ingest" => {
            let tables = ingest::read_source(
                file,
                &file.to_string_lossy(),
                &IngestOptions::default(),
                &ProgressBar::hidden(),
            )
            .expect("ingest");
            let roles: Vec<_> = tables[0].columns.iter().map(|c| c.role).collect();
            assert!(roles.len() >= 12, "{roles:?}");
            let rows = tables.iter().map(|t| t.rows.len() as u64).sum();
            // The pipeline goes on with the tables: freeing them is not
            // part of reading.
            std::mem::forget(tables);
            rows
        }
        other => panic!("unknown case {other}"),
    };
    let secs = start.elapsed().as_secs_f64();
    println!("{secs} {} {rows}", peak_kib());
}

/// Peak resident memory of this process (Linux), in KiB.
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}
