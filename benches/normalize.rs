//! Normalize benchmark (issue #3): 1,000,000 generated contact rows (name,
//! email, phone, company, city) and 1,000,000 deal rows (amount, stage,
//! dates) normalized into records on both cores, and the throughput of each
//! normalizer alone (one core), so the slow ones are visible.
//!
//! ```sh
//! cargo bench --bench normalize                    # 1,000,000 rows
//! cargo bench --bench normalize -- --rows 100000
//! cargo bench --bench normalize -- --rows 100000 --only contacts
//! ```
//!
//! `--only normalizers|contacts|deals` runs one part, so that a profiler
//! (`valgrind --tool=callgrind`, `perf record`) sees only it.
//!
//! The table comes from `crmrecon-gen table` (cached in
//! `target/bench-data/`); reading it is not timed, and the phone numbering
//! plan loads meanwhile, as in the commands (`--cold-phone` loads it on
//! first use instead, inside the timed part).

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crmrecon::ingest::{self, Cell, IngestOptions, Table};
use crmrecon::model::{Entity, Origin, Role};
use crmrecon::normalize::record::{Context, normalize_table};
use crmrecon::normalize::{amount, company, date, email, name, phone, stage};
use indicatif::ProgressBar;

/// The allocator the `crmrecon` binary uses (src/main.rs), so that the
/// figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // As src/main.rs does.
    crmrecon::memory::configure_pages();
    let args: Vec<String> = std::env::args().collect();
    let rows: usize = args
        .iter()
        .position(|a| a == "--rows")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let chosen = args.iter().position(|a| a == "--only").and_then(|i| args.get(i + 1));
    let part = |name: &str| chosen.is_none_or(|o| o == name);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).expect("create target/bench-data");
    let path = dir.join(format!("table_{rows}_csv.csv"));
    if !path.exists() {
        let status = Command::new(env!("CARGO_BIN_EXE_crmrecon-gen"))
            .args(["table", "--rows", &rows.to_string(), "--cols", "12", "--seed", "1"])
            .args(["--format", "csv", "--out"])
            .arg(&path)
            .status()
            .expect("run crmrecon-gen");
        assert!(status.success());
    }
    // As the commands do: the numbering plan (about 0.3 s of one core,
    // once per run) loads while the files are read, so the figures below
    // are those of the normalize stage of a run.
    if !args.iter().any(|a| a == "--cold-phone") {
        phone::load_in_background(&Context::default().locale.country);
    }
    let tables =
        ingest::read_source(&path, "bench.csv", &IngestOptions::default(), &ProgressBar::hidden())
            .expect("read the benchmark table");
    let table = &tables[0];
    let ctx = Context::default();

    if part("normalizers") {
        normalizers(table, &ctx);
    }
    if part("contacts") || part("deals") {
        println!();
        println!("{:<28} {:>12} {:>14}", "records (both cores)", "seconds", "records/s");
    }
    if part("contacts") {
        let roles =
            [Role::FirstName, Role::LastName, Role::Email, Role::Phone, Role::Company, Role::City];
        let contacts = only(table, Entity::Contact, &roles);
        whole("contacts: name, email, phone, company, city", &contacts, &ctx);
    }
    if part("deals") {
        let deals = only(table, Entity::Deal, &[Role::Amount, Role::Stage, Role::CloseDate]);
        whole("deals: amount, stage, close date", &deals, &ctx);
    }
}

/// Each normalizer alone, on one core.
fn normalizers(table: &Table, ctx: &Context) {
    println!("{:<28} {:>12} {:>14}", "normalizer (one core)", "seconds", "values/s");
    let texts = |role: Role| -> Vec<String> {
        let column = table.column(role).unwrap_or_else(|| panic!("no {role} column"));
        table
            .rows
            .iter()
            .filter_map(|r| table.cell(r, column).non_blank_text().map(|t| t.into_owned()))
            .collect()
    };
    let cells = |role: Role| -> Vec<Cell> {
        let column = table.column(role).unwrap_or_else(|| panic!("no {role} column"));
        table.rows.iter().map(|r| table.cell(r, column).clone()).collect()
    };
    rate("name (first name part)", &texts(Role::FirstName), |s| {
        name::normalize_name_part(s).value.is_some()
    });
    rate("email", &texts(Role::Email), |s| email::normalize_email(s).value.is_some());
    rate("phone", &texts(Role::Phone), |s| phone::normalize_phone(s, "FR").value.is_some());
    rate("company", &texts(Role::Company), |s| company::normalize_company(s).value.is_some());
    let amounts = texts(Role::Amount);
    let style = amount::infer_amount_style(amounts.iter().map(String::as_str), &ctx.locale);
    rate("amount", &amounts, |s| amount::normalize_amount(s, &style, &ctx.locale).value.is_some());
    rate("stage", &texts(Role::Stage), |s| stage::normalize_stage(s, &ctx.stages).value.is_some());
    let dates = cells(Role::CloseDate);
    let start = Instant::now();
    let ok = dates
        .iter()
        .filter(|c| date::normalize_date(c, ctx.locale.date_order, &ctx.locale).value.is_some())
        .count();
    report("date", start, dates.len(), ok);
}

/// The table reduced to some columns, yielding one entity.
fn only(table: &Table, entity: Entity, roles: &[Role]) -> Table {
    let mut t = table.clone();
    t.columns.retain(|c| roles.contains(&c.role));
    t.entity = Some(entity);
    t.entities = vec![entity];
    t
}

fn whole(label: &str, table: &Table, ctx: &Context) {
    let cpu = cpu_seconds();
    let resident = resident_mib();
    let start = Instant::now();
    let records = normalize_table(table, 0, Origin::Side, ctx);
    let secs = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds().zip(cpu).map(|((u1, s1), (u0, s0))| (u1 - u0, s1 - s0));
    let cpu =
        cpu.map_or_else(String::new, |(u, s)| format!("   (cpu: {u:.2} s user, {s:.2} s system)"));
    let grown = resident_mib().zip(resident).map(|(after, before)| after - before);
    let grown = grown.map_or_else(String::new, |g| format!(", resident +{g} MiB"));
    println!("{label:<28} {secs:>12.3} {:>14.0}{cpu}{grown}", records.len() as f64 / secs);
    std::mem::forget(records);
}

/// User and system CPU time of the process so far (all threads), from
/// `/proc/self/stat` on Linux: on a machine shared with other work the wall
/// clock says little, the CPU time spent says more.
fn cpu_seconds() -> Option<(f64, f64)> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces), from field 3.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<f64>().ok();
    // utime and stime are fields 14 and 15, in clock ticks (100 a second
    // on Linux).
    Some((ticks(11)? / 100.0, ticks(12)? / 100.0))
}

/// Resident memory of the process, from `/proc/self/statm` on Linux: the
/// records are memory touched for the first time, whose cost on a virtual
/// machine can exceed that of the work itself (see `crmrecon::memory`).
fn resident_mib() -> Option<i64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: i64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096 / (1 << 20))
}

fn rate(label: &str, values: &[String], f: impl Fn(&str) -> bool) {
    let start = Instant::now();
    let ok = values.iter().filter(|v| f(v)).count();
    report(label, start, values.len(), ok);
}

fn report(label: &str, start: Instant, n: usize, ok: usize) {
    let secs = start.elapsed().as_secs_f64();
    println!("{label:<28} {secs:>12.3} {:>14.0}   ({ok}/{n} normalized)", n as f64 / secs);
}
