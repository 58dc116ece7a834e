//! `crmrecon check --crm EXPORT... --side PATH...`: the CI data-quality
//! gate. Runs the reconcile pipeline, measures each check of `[checks]`
//! against its `warn` and `fail` levels, and says which rule and which
//! file: exit 0 when all pass, 1 with warnings only, 2 when one fails, 3
//! when it could not run (DESIGN.md, "Exit codes").
//!
//! A check measures a KPI ([`crate::reconcile::history::flatten`], the
//! same names the history file keeps) for one *subject*: an origin
//! (`max_duplicate_rate.side`), an entity and a critical rule
//! (`max_missing_critical_rate.deal.next_action`), a currency
//! (`max_side_only_pipeline_share.EUR`). Levels are looked up from the
//! most specific key to the check's name, flags (`--warn`, `--fail`) over
//! the config over the built-in levels ([`DEFAULTS`]). The files named in
//! a result are those holding the offending records, most first.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use serde::Serialize;

use super::reconcile::Reconciled;
use crate::config::{CHECK_NAMES, Limit};
use crate::model::{Entity, Origin, Role};
use crate::reconcile::history::flatten;
use crate::reconcile::quality::FindingKind;
use crate::reconcile::status::Status;

/// Built-in levels, used for checks the config and flags leave unset.
/// Chosen as what a sales manager would call "needs attention" (warn) and
/// "not acceptable" (fail) in an SME CRM, not tuned on any data set:
/// 2 % of records repeating another is already a visible nuisance, a
/// quarter of records missing a critical field makes lists unusable, an
/// open deal without a next action is a deal nobody follows.
pub const DEFAULTS: [(&str, Limit); 6] = [
    ("max_duplicate_rate", Limit { warn: Some(0.02), fail: Some(0.05) }),
    ("max_missing_critical_rate", Limit { warn: Some(0.10), fail: Some(0.25) }),
    ("min_next_action_rate", Limit { warn: Some(0.80), fail: Some(0.50) }),
    ("max_overdue_next_action_rate", Limit { warn: Some(0.20), fail: Some(0.40) }),
    ("max_side_only_pipeline_share", Limit { warn: Some(0.10), fail: Some(0.25) }),
    ("max_invalid_rows", Limit { warn: Some(0.0), fail: None }),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Nothing to measure (no open deals), or the check is off.
    Skipped,
    Pass,
    Warn,
    Fail,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Skipped => "skipped",
            Level::Pass => "pass",
            Level::Warn => "warn",
            Level::Fail => "fail",
        }
    }
}

/// A file holding offending records, and how many.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FileCount {
    pub source: String,
    pub count: usize,
}

/// One check for one subject.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckResult {
    /// `max_duplicate_rate.side`: the key that configures it.
    pub id: String,
    pub check: &'static str,
    pub subject: String,
    /// What is measured, in words.
    pub description: String,
    pub value: Option<f64>,
    pub warn: Option<f64>,
    pub fail: Option<f64>,
    pub level: Level,
    pub message: String,
    pub files: Vec<FileCount>,
}

/// The whole outcome, as `--format json` prints it.
#[derive(Clone, Debug, Serialize)]
pub struct Checked {
    pub level: Level,
    pub exit_code: u8,
    pub checks: Vec<CheckResult>,
    /// Inputs that could not be read (exit 3; the others were checked).
    pub errors: Vec<String>,
}

/// Parse `--warn NAME=VALUE` / `--fail NAME=VALUE` into limits.
pub fn flag_limits(warn: &[String], fail: &[String]) -> anyhow::Result<BTreeMap<String, Limit>> {
    let mut out: BTreeMap<String, Limit> = BTreeMap::new();
    for (list, is_fail) in [(warn, false), (fail, true)] {
        for item in list {
            let Some((name, value)) = item.split_once('=') else {
                anyhow::bail!("{item:?}: expected NAME=VALUE, e.g. max_duplicate_rate=0.05");
            };
            let name = name.trim();
            let base = name.split('.').next().unwrap_or_default();
            if !CHECK_NAMES.contains(&base) {
                anyhow::bail!(
                    "{name:?} is not a check; expected one of {}",
                    CHECK_NAMES.join(", ")
                );
            }
            let value: f64 = value
                .trim()
                .parse()
                .map_err(|_| anyhow::anyhow!("{item:?}: {:?} is not a number", value.trim()))?;
            let limit = out.entry(name.to_string()).or_default();
            if is_fail {
                limit.fail = Some(value);
            } else {
                limit.warn = Some(value);
            }
        }
    }
    Ok(out)
}

/// Flags over config: a flag replaces the level it gives, the config's
/// other level for the same key stays.
pub fn merge_limits(
    config: &BTreeMap<String, Limit>,
    flags: &BTreeMap<String, Limit>,
) -> BTreeMap<String, Limit> {
    let mut out = config.clone();
    for (k, f) in flags {
        let l = out.entry(k.clone()).or_default();
        if f.warn.is_some() {
            l.warn = f.warn;
        }
        if f.fail.is_some() {
            l.fail = f.fail;
        }
    }
    out
}

/// The levels of `id` (`check.subject...`): the most specific key set,
/// else the built-in default of the check.
fn limit_of(id: &str, limits: &BTreeMap<String, Limit>) -> Limit {
    let mut key = id;
    loop {
        if let Some(l) = limits.get(key) {
            return *l;
        }
        match key.rfind('.') {
            Some(dot) => key = &key[..dot],
            None => break,
        }
    }
    DEFAULTS.iter().find(|(n, _)| *n == key).map(|(_, l)| *l).unwrap_or_default()
}

/// Evaluate every check on a reconcile run.
pub fn evaluate(r: &Reconciled, limits: &BTreeMap<String, Limit>) -> Vec<CheckResult> {
    let kpis = flatten(&r.report.kpis);
    let files = Offenders::new(r);
    let mut out = Vec::new();
    let mut push = |check: &'static str, subject: String, description: String, value, files| {
        let id = format!("{check}.{subject}");
        out.push(result(&id, check, subject, description, value, limit_of(&id, limits), files));
    };

    for origin in ["side", "crm"] {
        let where_ = if origin == "side" { "in the side files" } else { "in the CRM export" };
        let offending = if origin == "side" {
            files.side_duplicates.clone()
        } else {
            files.crm_duplicates.clone()
        };
        push(
            "max_duplicate_rate",
            origin.into(),
            format!("records repeating another record {where_}"),
            kpis.get(&format!("duplicate_rate.{origin}")).copied(),
            offending,
        );
    }
    let entities: Vec<Entity> = Entity::ALL
        .iter()
        .copied()
        .filter(|e| {
            r.report.entities.iter().any(|c| c.entity == *e && c.crm_records + c.side_records > 0)
        })
        .collect();
    for &entity in &entities {
        let e = entity.as_str();
        push(
            "max_missing_critical_rate",
            e.into(),
            format!("{e} records missing a critical field"),
            kpis.get(&format!("missing_critical_rate.{e}")).copied(),
            files.missing(entity, None),
        );
        if let Some(m) = r.report.kpis.missing_critical.get(&entity) {
            for field in m.fields.keys() {
                push(
                    "max_missing_critical_rate",
                    format!("{e}.{field}"),
                    format!("{e} records with no {field}"),
                    kpis.get(&format!("missing_critical_rate.{e}.{field}")).copied(),
                    files.missing(entity, Some(field)),
                );
            }
        }
    }
    for origin in [Origin::Side, Origin::Crm] {
        let o = origin.as_str();
        let where_ = if origin == Origin::Side { "side files" } else { "CRM" };
        push(
            "min_next_action_rate",
            o.into(),
            format!("open deals of the {where_} with a next action"),
            kpis.get(&format!("next_action_rate.{o}")).copied(),
            files.without_next_action(r, origin),
        );
        push(
            "max_overdue_next_action_rate",
            o.into(),
            format!("open deals of the {where_} whose next action is past due"),
            kpis.get(&format!("overdue_next_action_rate.{o}")).copied(),
            files.overdue(origin),
        );
    }
    let shares: Vec<(&String, f64)> = kpis
        .iter()
        .filter_map(|(k, v)| Some((k, *v)).filter(|_| k.starts_with("side_only_pipeline_share.")))
        .collect();
    for (key, value) in shares {
        let currency = key.trim_start_matches("side_only_pipeline_share.").to_string();
        push(
            "max_side_only_pipeline_share",
            currency.clone(),
            format!("share of the open pipeline ({currency}) that lives only in side files"),
            Some(value),
            files.side_only_deals.clone(),
        );
    }
    let invalid: usize = files.invalid.iter().map(|f| f.count).sum();
    push(
        "max_invalid_rows",
        "side".into(),
        "side rows that cannot be imported (nothing identifies them)".into(),
        Some(invalid as f64),
        files.invalid.clone(),
    );
    out
}

fn result(
    id: &str,
    check: &'static str,
    subject: String,
    description: String,
    value: Option<f64>,
    limit: Limit,
    files: Vec<FileCount>,
) -> CheckResult {
    let min = check.starts_with("min_");
    let count = check == "max_invalid_rows";
    let beyond = |l: Option<f64>| match (value, l) {
        (Some(v), Some(l)) => {
            if min {
                v < l
            } else {
                v > l
            }
        }
        _ => false,
    };
    let level = if limit.warn.is_none() && limit.fail.is_none() || value.is_none() {
        Level::Skipped
    } else if beyond(limit.fail) {
        Level::Fail
    } else if beyond(limit.warn) {
        Level::Warn
    } else {
        Level::Pass
    };
    let shown = |x: f64| show(x, count);
    let message = match level {
        Level::Skipped if value.is_none() => format!("{description}: nothing to measure"),
        Level::Skipped => format!("{description}: check off"),
        Level::Pass => format!("{description}: {}", value.map(shown).unwrap_or_default()),
        Level::Warn | Level::Fail => {
            let (name, l) =
                if level == Level::Fail { ("fail", limit.fail) } else { ("warn", limit.warn) };
            format!(
                "{description}: {} is {} the {name} level {}",
                value.map(shown).unwrap_or_default(),
                if min { "below" } else { "above" },
                l.map(shown).unwrap_or_default()
            )
        }
    };
    CheckResult {
        id: id.to_string(),
        check,
        subject,
        description,
        value,
        warn: limit.warn,
        fail: limit.fail,
        level,
        message,
        files: if matches!(level, Level::Warn | Level::Fail) { files } else { Vec::new() },
    }
}

/// A rate as a percentage with one decimal, a count as an integer.
fn show(x: f64, count: bool) -> String {
    if count { format!("{}", x.round() as i64) } else { format!("{:.1}%", x * 100.0) }
}

/// Per check, the files holding the offending records.
struct Offenders {
    side_duplicates: Vec<FileCount>,
    crm_duplicates: Vec<FileCount>,
    side_only_deals: Vec<FileCount>,
    invalid: Vec<FileCount>,
    /// (entity, rule, source) → records.
    missing: HashMap<(Entity, String), BTreeMap<String, usize>>,
    overdue: HashMap<Origin, BTreeMap<String, usize>>,
}

impl Offenders {
    fn new(r: &Reconciled) -> Offenders {
        let refs = crate::matching::reference::references(&r.records);
        let outcomes = &r.reconciliation.classification.outcomes;
        let tally = |keep: &dyn Fn(usize) -> bool| {
            let mut by: BTreeMap<String, usize> = BTreeMap::new();
            for i in (0..r.records.len()).filter(|&i| !refs[i] && keep(i)) {
                *by.entry(r.records[i].provenance.source.to_string()).or_default() += 1;
            }
            sorted(by)
        };
        let side = |i: usize| r.records[i].origin == Origin::Side;
        let status = |i: usize| outcomes.get(i).map(|o| o.status);
        let crm_dups: std::collections::HashSet<usize> = r
            .report
            .crm_duplicates
            .iter()
            .flat_map(|d| d.records.iter().skip(1).copied())
            .collect();
        let mut missing: HashMap<(Entity, String), BTreeMap<String, usize>> = HashMap::new();
        let mut overdue: HashMap<Origin, BTreeMap<String, usize>> = HashMap::new();
        let mut seen_any: std::collections::HashSet<usize> = Default::default();
        for f in &r.quality.findings {
            let source = r.records[f.record].provenance.source.to_string();
            match f.kind {
                FindingKind::MissingCritical => {
                    let rule: Vec<&str> = f.roles.iter().map(|x| x.as_str()).collect();
                    *missing
                        .entry((f.entity, rule.join("|")))
                        .or_default()
                        .entry(source.clone())
                        .or_default() += 1;
                    if seen_any.insert(f.record) {
                        *missing
                            .entry((f.entity, String::new()))
                            .or_default()
                            .entry(source)
                            .or_default() += 1;
                    }
                }
                FindingKind::OverdueNextAction => {
                    *overdue.entry(f.origin).or_default().entry(source).or_default() += 1;
                }
                _ => {}
            }
        }
        Offenders {
            side_duplicates: tally(&|i| side(i) && status(i) == Some(Status::Duplicate)),
            crm_duplicates: tally(&|i| crm_dups.contains(&i)),
            side_only_deals: tally(&|i| {
                side(i)
                    && r.records[i].entity == Entity::Deal
                    && status(i) == Some(Status::New)
                    && crate::reconcile::quality::is_open(&r.records[i])
            }),
            invalid: tally(&|i| side(i) && status(i) == Some(Status::Invalid)),
            missing,
            overdue,
        }
    }

    fn missing(&self, entity: Entity, rule: Option<&String>) -> Vec<FileCount> {
        let key = (entity, rule.cloned().unwrap_or_default());
        self.missing.get(&key).cloned().map(sorted).unwrap_or_default()
    }

    fn overdue(&self, origin: Origin) -> Vec<FileCount> {
        self.overdue.get(&origin).cloned().map(sorted).unwrap_or_default()
    }

    fn without_next_action(&self, r: &Reconciled, origin: Origin) -> Vec<FileCount> {
        let mut by: BTreeMap<String, usize> = BTreeMap::new();
        for rec in r.records.iter().filter(|x| {
            x.origin == origin
                && x.entity == Entity::Deal
                && crate::reconcile::quality::is_open(x)
                && x.value(Role::NextAction).is_none()
                && x.value(Role::NextActionDate).is_none()
        }) {
            *by.entry(rec.provenance.source.to_string()).or_default() += 1;
        }
        sorted(by)
    }
}

/// Most offending file first, then by name.
fn sorted(by: BTreeMap<String, usize>) -> Vec<FileCount> {
    let mut v: Vec<FileCount> =
        by.into_iter().map(|(source, count)| FileCount { source, count }).collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.source.cmp(&b.source)));
    v
}

/// The worst level, and its exit code (an unreadable input makes it 3).
pub fn outcome(checks: Vec<CheckResult>, errors: Vec<String>) -> Checked {
    let level = checks.iter().map(|c| c.level).max().unwrap_or(Level::Pass).max(Level::Pass);
    let exit_code = if !errors.is_empty() {
        3
    } else {
        match level {
            Level::Fail => 2,
            Level::Warn => 1,
            _ => 0,
        }
    };
    Checked { level, exit_code, checks, errors }
}

/// `crmrecon check`: run, evaluate, print in the chosen format on stdout.
pub fn run(
    args: crate::cli::CheckArgs,
    config: &crate::config::Config,
    progress: crate::progress::Progress,
    quiet: bool,
) -> anyhow::Result<super::ExitStatus> {
    use super::ExitStatus;
    use crate::cli::CheckFormat;
    use std::io::Write as _;

    let flags = flag_limits(&args.warn, &args.fail)?;
    let limits = merge_limits(&config.checks, &flags);
    let target =
        args.target.as_deref().and_then(crate::config::TargetCrm::parse).unwrap_or(config.target);
    // Without --out, the outputs reconcile writes go to a scratch folder
    // removed afterwards: check is a gate, not a report.
    let scratch = args.out.is_none().then(|| {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        std::env::temp_dir().join(format!("crmrecon-check-{}-{nanos}", std::process::id()))
    });
    let out = args.out.clone().or_else(|| scratch.clone()).unwrap_or_default();
    let request = super::reconcile::Request {
        crm: &args.crm,
        side: &args.side,
        out: &out,
        target,
        lang: None,
        // A gate writes no workbook unless asked (and then into --out).
        workbook: args.workbook && args.out.is_some(),
    };
    let memory = super::memory(args.memory);
    let ran = super::reconcile::reconcile_with(&request, &memory, config, progress);
    if let Some(dir) = &scratch {
        let _ = std::fs::remove_dir_all(dir);
    }
    let r = ran?;
    let errors: Vec<String> = r.errors.iter().map(|e| e.to_string()).collect();
    let checked = outcome(evaluate(&r, &limits), errors);
    for e in &checked.errors {
        eprintln!("error: {e}");
    }
    if args.out.is_some() {
        add_to_report(&out.join("report.json"), &checked)?;
    }
    let text = match args.format {
        CheckFormat::Table => table(&checked),
        CheckFormat::Json => json(&checked),
        CheckFormat::Junit => junit(&checked),
        CheckFormat::Github => github(&checked),
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    if !quiet {
        for line in crate::reconcile::history::lines(&r.report.runs) {
            eprintln!("{line}");
        }
        if args.out.is_some() {
            for w in &r.written {
                eprintln!("wrote {}", w.display());
            }
        }
    }
    Ok(match checked.exit_code {
        0 => ExitStatus::Success,
        1 => ExitStatus::Warnings,
        2 => ExitStatus::Failed,
        _ => ExitStatus::CouldNotRun,
    })
}

/// report.json's `checks` (DESIGN.md: report.json carries the check
/// results), added to the file reconcile wrote.
fn add_to_report(path: &std::path::Path, checked: &Checked) -> anyhow::Result<()> {
    use anyhow::Context as _;
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read", path.display()))?;
    let mut report: serde_json::Value = serde_json::from_str(&text).context("report.json")?;
    if let Some(map) = report.as_object_mut() {
        map.insert("checks".into(), serde_json::to_value(checked).context("checks")?);
    }
    let json = serde_json::to_string_pretty(&report).context("report.json")?;
    std::fs::write(path, json).with_context(|| format!("{}: cannot write", path.display()))
}

// ---------------------------------------------------------------- formats

/// A readable table, then a one-line verdict.
pub fn table(c: &Checked) -> String {
    let mut out = String::new();
    let width = c.checks.iter().map(|x| x.id.len()).max().unwrap_or(5).max(5);
    let _ = writeln!(
        out,
        "{:<7} {:<width$} {:>9} {:>9} {:>9}  files",
        "status", "check", "value", "warn", "fail"
    );
    for x in &c.checks {
        let count = x.check == "max_invalid_rows";
        let opt = |v: Option<f64>| v.map_or_else(|| "-".into(), |v| show(v, count));
        let files: Vec<String> =
            x.files.iter().take(3).map(|f| format!("{} ({})", f.source, f.count)).collect();
        let more = x.files.len().saturating_sub(3);
        let _ = writeln!(
            out,
            "{:<7} {:<width$} {:>9} {:>9} {:>9}  {}{}",
            x.level.as_str().to_uppercase(),
            x.id,
            opt(x.value),
            opt(x.warn),
            opt(x.fail),
            files.join(", "),
            if more > 0 { format!(" and {more} more") } else { String::new() }
        );
    }
    let n = |l: Level| c.checks.iter().filter(|x| x.level == l).count();
    let _ = writeln!(
        out,
        "{} failed, {} warning(s), {} passed, {} skipped",
        n(Level::Fail),
        n(Level::Warn),
        n(Level::Pass),
        n(Level::Skipped)
    );
    for e in &c.errors {
        let _ = writeln!(out, "could not read: {e}");
    }
    out
}

pub fn json(c: &Checked) -> String {
    serde_json::to_string_pretty(c).unwrap_or_default() + "\n"
}

/// JUnit XML, one test case per check. A failed check is a `<failure>`; a
/// warning passes (the exit code carries it) with its message in
/// `<system-out>`; a skipped check is `<skipped>`. Unreadable inputs are
/// one `<error>` test case.
pub fn junit(c: &Checked) -> String {
    let n = |l: Level| c.checks.iter().filter(|x| x.level == l).count();
    let tests = c.checks.len() + usize::from(!c.errors.is_empty());
    let (failures, skipped, errors) =
        (n(Level::Fail), n(Level::Skipped), usize::from(!c.errors.is_empty()));
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"crmrecon check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\">"
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"crmrecon check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\">"
    );
    for x in &c.checks {
        let _ = write!(
            out,
            "    <testcase classname=\"crmrecon.{}\" name=\"{}\"",
            xml(x.check),
            xml(&x.id)
        );
        let files: Vec<String> =
            x.files.iter().map(|f| format!("{}: {}", f.source, f.count)).collect();
        match x.level {
            Level::Pass => out.push_str("/>\n"),
            Level::Skipped => {
                let _ = writeln!(
                    out,
                    ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                    xml(&x.message)
                );
            }
            Level::Warn => {
                let _ = writeln!(
                    out,
                    ">\n      <system-out>warning: {}{}</system-out>\n    </testcase>",
                    xml(&x.message),
                    xml(&files_text(&files))
                );
            }
            Level::Fail => {
                let _ = writeln!(
                    out,
                    ">\n      <failure type=\"{}\" message=\"{}\">{}{}</failure>\n    </testcase>",
                    xml(x.check),
                    xml(&x.message),
                    xml(&x.message),
                    xml(&files_text(&files))
                );
            }
        }
    }
    if !c.errors.is_empty() {
        let _ = writeln!(
            out,
            "    <testcase classname=\"crmrecon.inputs\" name=\"inputs readable\">\n      <error message=\"{} input(s) could not be read\">{}</error>\n    </testcase>",
            c.errors.len(),
            xml(&c.errors.join("\n"))
        );
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

fn files_text(files: &[String]) -> String {
    if files.is_empty() { String::new() } else { format!("\nfiles: {}", files.join(", ")) }
}

fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 forbids most control characters, even escaped.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// GitHub Actions workflow commands: one `::error` (failed) or `::warning`
/// annotation per offending file, titled with the check, so the file is
/// flagged in the run's summary and in pull requests; a check with no file
/// to point at gets one annotation without a file.
pub fn github(c: &Checked) -> String {
    let mut out = String::new();
    for x in &c.checks {
        let command = match x.level {
            Level::Fail => "error",
            Level::Warn => "warning",
            _ => continue,
        };
        let title = property(&x.id);
        if x.files.is_empty() {
            let _ = writeln!(out, "::{command} title={title}::{}", data(&x.message));
        }
        for f in &x.files {
            let _ = writeln!(
                out,
                "::{command} file={},title={title}::{} ({} offending record(s) in this file)",
                property(&f.source),
                data(&x.message),
                f.count
            );
        }
    }
    for e in &c.errors {
        let _ = writeln!(out, "::error title=unreadable input::{}", data(e));
    }
    let n = |l: Level| c.checks.iter().filter(|x| x.level == l).count();
    let _ = writeln!(
        out,
        "crmrecon check: {} failed, {} warning(s), {} passed",
        n(Level::Fail),
        n(Level::Warn),
        n(Level::Pass)
    );
    out
}

/// Escaping of a workflow command's message.
fn data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escaping of a workflow command's property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(pairs: &[(&str, Limit)]) -> BTreeMap<String, Limit> {
        pairs.iter().map(|(k, l)| (k.to_string(), *l)).collect()
    }

    const fn l(warn: Option<f64>, fail: Option<f64>) -> Limit {
        Limit { warn, fail }
    }

    #[test]
    fn the_most_specific_key_wins_then_the_default() {
        let set = limits(&[
            ("max_missing_critical_rate", l(None, Some(0.3))),
            ("max_missing_critical_rate.deal", l(Some(0.4), Some(0.6))),
            ("max_missing_critical_rate.deal.next_action", Limit::default()),
        ]);
        for (id, want) in [
            ("max_missing_critical_rate.contact", l(None, Some(0.3))),
            ("max_missing_critical_rate.deal.amount", l(Some(0.4), Some(0.6))),
            ("max_missing_critical_rate.deal.next_action", Limit::default()),
            ("max_duplicate_rate.side", DEFAULTS[0].1),
        ] {
            assert_eq!(limit_of(id, &set), want, "{id}");
        }
    }

    #[test]
    fn levels_for_max_min_and_count_checks() {
        let r = |check: &'static str, v: Option<f64>, limit: Limit| {
            result("x", check, "s".into(), "d".into(), v, limit, Vec::new()).level
        };
        for (check, value, limit, want) in [
            ("max_duplicate_rate", Some(0.01), l(Some(0.02), Some(0.05)), Level::Pass),
            ("max_duplicate_rate", Some(0.02), l(Some(0.02), Some(0.05)), Level::Pass),
            ("max_duplicate_rate", Some(0.03), l(Some(0.02), Some(0.05)), Level::Warn),
            ("max_duplicate_rate", Some(0.06), l(Some(0.02), Some(0.05)), Level::Fail),
            ("max_duplicate_rate", Some(0.06), l(None, Some(0.05)), Level::Fail),
            ("max_duplicate_rate", Some(0.06), Limit::default(), Level::Skipped),
            ("min_next_action_rate", Some(0.9), l(Some(0.8), Some(0.5)), Level::Pass),
            ("min_next_action_rate", Some(0.6), l(Some(0.8), Some(0.5)), Level::Warn),
            ("min_next_action_rate", Some(0.4), l(Some(0.8), Some(0.5)), Level::Fail),
            ("min_next_action_rate", None, l(Some(0.8), Some(0.5)), Level::Skipped),
            ("max_invalid_rows", Some(0.0), l(Some(0.0), None), Level::Pass),
            ("max_invalid_rows", Some(1.0), l(Some(0.0), None), Level::Warn),
        ] {
            assert_eq!(r(check, value, limit), want, "{check} {value:?} {limit:?}");
        }
    }

    #[test]
    fn flags_parse_and_override_one_level() {
        let flags = flag_limits(
            &["max_duplicate_rate=0.1".into()],
            &["max_duplicate_rate.crm = 0.3".into()],
        )
        .unwrap();
        let config = limits(&[("max_duplicate_rate", l(Some(0.01), Some(0.02)))]);
        let merged = merge_limits(&config, &flags);
        assert_eq!(merged["max_duplicate_rate"], l(Some(0.1), Some(0.02)));
        assert_eq!(merged["max_duplicate_rate.crm"], l(None, Some(0.3)));
        assert!(flag_limits(&["max_dupes=1".into()], &[]).is_err());
        assert!(flag_limits(&["max_duplicate_rate".into()], &[]).is_err());
        assert!(flag_limits(&[], &["max_duplicate_rate=lots".into()]).is_err());
    }

    #[test]
    fn every_configurable_check_has_a_default() {
        for name in CHECK_NAMES {
            assert!(DEFAULTS.iter().any(|(n, _)| n == name), "{name}");
        }
    }

    #[test]
    fn escaping_for_xml_and_workflow_commands() {
        assert_eq!(xml("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(property("side/a,b: c.csv"), "side/a%2Cb%3A c.csv");
        assert_eq!(data("5% of\nrows"), "5%25 of%0Arows");
    }
}
