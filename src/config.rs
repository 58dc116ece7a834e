//! `crmrecon.toml`: the authoring structs that mirror the file, and the
//! resolved [`Config`] the stages receive.
//!
//! Parsing is strict (`deny_unknown_fields`) because a misspelt key that is
//! silently ignored is worse than an error. Validation collects every
//! problem before failing, so a user fixes the file in one go.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;

use crate::ingest::{IngestOptions, SheetOverride};
use crate::matching::schema::{CompareSpec, Schema};
use crate::model::{Entity, Role};
use crate::normalize::{DateOrder, Locale};
use crate::reconcile::golden::{Rule, Survivorship};

/// The commented example written by `crmrecon init`.
pub const EXAMPLE: &str = include_str!("../crmrecon.example.toml");

/// The file read when `--config` is not given and it exists.
pub const DEFAULT_FILE: &str = "crmrecon.toml";

#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("{path}: cannot read the config file: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{path}: {} problem(s) in the config:\n  - {}", problems.len(), problems.join("\n  - "))]
    Invalid { path: PathBuf, problems: Vec<String> },
}

// ---------------------------------------------------------------- the file

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    #[serde(default)]
    locale: LocaleFile,
    #[serde(default)]
    target: TargetFile,
    #[serde(default)]
    mapping: Vec<MappingFile>,
    #[serde(default)]
    rules: BTreeMap<String, RulesFile>,
    #[serde(default)]
    matching: MatchingFile,
    #[serde(default)]
    checks: BTreeMap<String, LimitFile>,
    #[serde(default)]
    stages: BTreeMap<String, String>,
    #[serde(default)]
    survivorship: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct LocaleFile {
    country: Option<String>,
    date_order: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetFile {
    crm: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    file: Option<String>,
    sheet: Option<String>,
    entity: Option<String>,
    header_row: Option<u32>,
    #[serde(default)]
    columns: BTreeMap<String, String>,
    #[serde(default)]
    include: bool,
    #[serde(default)]
    skip: bool,
    encoding: Option<String>,
    delimiter: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(default)]
    critical: Vec<String>,
}

/// One `[checks]` entry: DESIGN.md's flat `max_duplicate_rate = 0.02` (a
/// fail level), a table `{ warn = 0.02, fail = 0.05 }`, or `"off"`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum LimitFile {
    Fail(f64),
    Levels(LevelsFile),
    Word(String),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelsFile {
    warn: Option<f64>,
    fail: Option<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MatchingFile {
    auto: Option<f64>,
    review: Option<f64>,
    /// Entity → the fields it compares, replacing the built-in list.
    #[serde(default)]
    fields: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    compare: Vec<CompareFile>,
}

/// `[[matching.compare]]`: a column of the user's own to compare.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CompareFile {
    name: String,
    entity: Option<String>,
    column: String,
    comparator: String,
    close: Option<f64>,
    #[serde(default)]
    block: bool,
    #[serde(default)]
    veto: bool,
}

// ------------------------------------------------------------ resolved form

/// The CRM whose import format the import files follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetCrm {
    Generic,
    Hubspot,
    Salesforce,
    Pipedrive,
    Odoo,
}

impl TargetCrm {
    pub fn parse(s: &str) -> Option<TargetCrm> {
        match s.trim().to_ascii_lowercase().as_str() {
            "generic" => Some(TargetCrm::Generic),
            "hubspot" => Some(TargetCrm::Hubspot),
            "salesforce" => Some(TargetCrm::Salesforce),
            "pipedrive" => Some(TargetCrm::Pipedrive),
            "odoo" => Some(TargetCrm::Odoo),
            _ => None,
        }
    }
}

/// A critical-field rule: each inner list is a set of alternatives
/// (`email|phone` → `[Email, Phone]`), all outer entries are required.
pub type CriticalFields = Vec<Vec<Role>>;

/// The checks `crmrecon check` knows, as written in `[checks]`. A key may
/// name one subject of a check after a dot (`"max_duplicate_rate.crm"`,
/// `"max_missing_critical_rate.deal.next_action"`): the most specific key
/// given wins.
pub const CHECK_NAMES: &[&str] = &[
    "max_duplicate_rate",
    "max_missing_critical_rate",
    "min_next_action_rate",
    "max_overdue_next_action_rate",
    "max_side_only_pipeline_share",
    "max_invalid_rows",
];

/// The levels of one check. A `max_` check warns above `warn` and fails
/// above `fail`; a `min_` check below. `None` means no such level (both
/// `None`: the check is off).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Limit {
    pub warn: Option<f64>,
    pub fail: Option<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Matching {
    pub auto: f64,
    pub review: f64,
    /// The fields each entity compares (`[matching.fields]`,
    /// `[[matching.compare]]`).
    pub schema: Schema,
}

/// The resolved configuration.
#[derive(Clone, Debug)]
pub struct Config {
    /// The file it came from, if any.
    pub path: Option<PathBuf>,
    pub locale: Locale,
    pub target: TargetCrm,
    pub ingest: IngestOptions,
    pub critical: BTreeMap<Entity, CriticalFields>,
    pub matching: Matching,
    /// `[checks]`, by key as written (see [`CHECK_NAMES`]).
    pub checks: BTreeMap<String, Limit>,
    pub stages: BTreeMap<String, String>,
    /// How golden records pick each field's value (`[survivorship]`).
    pub survivorship: Survivorship,
}

impl Default for Config {
    fn default() -> Config {
        Config::from_toml_str("", Path::new("(defaults)")).expect("defaults are valid")
    }
}

impl Config {
    /// Load `explicit` if given (it must exist), else `./crmrecon.toml` if it
    /// exists, else the defaults.
    pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None => {
                let p = PathBuf::from(DEFAULT_FILE);
                if !p.exists() {
                    return Ok(Config::default());
                }
                p
            }
        };
        let text = std::fs::read_to_string(&path)
            .map_err(|source| ConfigError::Read { path: path.clone(), source })?;
        let mut config = Config::from_toml_str(&text, &path)?;
        config.path = Some(path);
        Ok(config)
    }

    /// What normalizing needs from the config (no CRM owners yet: the
    /// commands that read a CRM export add them).
    pub fn normalize_context(&self) -> crate::normalize::record::Context {
        crate::normalize::record::Context {
            locale: self.locale.clone(),
            stages: crate::normalize::stage::StageMap::new(&self.stages),
            owners: Default::default(),
        }
    }

    /// Parse and validate a config text; `path` only names it in errors.
    pub fn from_toml_str(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let file: FileConfig = toml::from_str(text)
            .map_err(|e| ConfigError::Parse { path: path.to_path_buf(), message: e.to_string() })?;
        let mut problems = Vec::new();
        let config = resolve(file, &mut problems);
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(ConfigError::Invalid { path: path.to_path_buf(), problems })
        }
    }
}

fn resolve(file: FileConfig, problems: &mut Vec<String>) -> Config {
    let country = file.locale.country.unwrap_or_else(|| "FR".into()).trim().to_ascii_uppercase();
    if country.len() != 2 || !country.chars().all(|c| c.is_ascii_alphabetic()) {
        problems.push(format!(
            "[locale] country = {country:?}: expected a two-letter country code such as \"FR\""
        ));
    }
    let date_order = match file.locale.date_order.as_deref().map(str::to_ascii_lowercase).as_deref()
    {
        None | Some("auto") => DateOrder::Auto,
        Some("dmy") => DateOrder::Dmy,
        Some("mdy") => DateOrder::Mdy,
        Some("ymd") => DateOrder::Ymd,
        Some(other) => {
            problems
                .push(format!("[locale] date_order = {other:?}: expected auto, dmy, mdy or ymd"));
            DateOrder::Auto
        }
    };

    let target = match file.target.crm.as_deref() {
        None => TargetCrm::Generic,
        Some(s) => TargetCrm::parse(s).unwrap_or_else(|| {
            problems.push(format!(
                "[target] crm = {s:?}: expected generic, hubspot, salesforce, pipedrive or odoo"
            ));
            TargetCrm::Generic
        }),
    };

    let overrides = file
        .mapping
        .into_iter()
        .enumerate()
        .map(|(i, m)| resolve_mapping(i + 1, m, problems))
        .collect();

    let mut critical = default_critical();
    for (name, rules) in file.rules {
        let Some(entity) = Entity::parse(&name) else {
            problems
                .push(format!("[rules.{name}]: unknown entity; expected contact, company or deal"));
            continue;
        };
        let mut fields = Vec::new();
        for alternatives in &rules.critical {
            let mut set = Vec::new();
            for part in alternatives.split('|') {
                match Role::parse(part) {
                    Some(role) => set.push(role),
                    None => problems.push(format!(
                        "[rules.{name}] critical: {part:?} is not a field name ({})",
                        role_names()
                    )),
                }
            }
            fields.push(set);
        }
        critical.insert(entity, fields);
    }

    let locale = Locale { country, date_order, today: chrono::Local::now().date_naive() };
    let compare: Vec<CompareSpec> = file
        .matching
        .compare
        .into_iter()
        .map(|c| CompareSpec {
            name: c.name,
            entity: c.entity,
            column: c.column,
            comparator: c.comparator,
            close: c.close,
            block: c.block,
            veto: c.veto,
        })
        .collect();
    let fields: Vec<(String, Vec<String>)> = file.matching.fields.into_iter().collect();
    let schema = Schema::resolve(&fields, &compare, &locale).unwrap_or_else(|mut p| {
        problems.append(&mut p);
        Schema::default()
    });
    let matching = Matching {
        auto: file.matching.auto.unwrap_or(0.92),
        review: file.matching.review.unwrap_or(0.70),
        schema,
    };
    for (key, value) in [("auto", matching.auto), ("review", matching.review)] {
        if !(0.0..=1.0).contains(&value) {
            problems.push(format!(
                "[matching] {key} = {value}: expected a probability between 0 and 1"
            ));
        }
    }
    if matching.review > matching.auto {
        problems.push(format!(
            "[matching] review = {} is above auto = {}: review must be the lower threshold",
            matching.review, matching.auto
        ));
    }

    let mut survivorship = Survivorship::default();
    for (key, value) in &file.survivorship {
        let Some(rule) = Rule::parse(value) else {
            problems.push(format!(
                "[survivorship] {key} = {value:?}: expected recent, complete or frequent"
            ));
            continue;
        };
        if key == "default" {
            survivorship.default = rule;
        } else if let Some(role) = Role::parse(key) {
            survivorship.by_role.insert(role, rule);
        } else {
            problems.push(format!(
                "[survivorship] {key:?} is not a field name (default, or {})",
                role_names()
            ));
        }
    }

    let checks = resolve_checks(file.checks, problems);

    Config {
        path: None,
        locale,
        target,
        ingest: IngestOptions { overrides, include_hidden: false },
        critical,
        matching,
        checks,
        stages: file.stages,
        survivorship,
    }
}

fn resolve_checks(
    file: BTreeMap<String, LimitFile>,
    problems: &mut Vec<String>,
) -> BTreeMap<String, Limit> {
    let mut checks = BTreeMap::new();
    for (key, value) in file {
        let base = key.split('.').next().unwrap_or_default();
        if !CHECK_NAMES.contains(&base) {
            problems.push(format!(
                "[checks] {key:?} is not a check; expected one of {}",
                CHECK_NAMES.join(", ")
            ));
            continue;
        }
        let limit = match value {
            LimitFile::Fail(fail) => Limit { warn: None, fail: Some(fail) },
            LimitFile::Levels(l) => Limit { warn: l.warn, fail: l.fail },
            LimitFile::Word(w) if w.eq_ignore_ascii_case("off") => Limit::default(),
            LimitFile::Word(w) => {
                problems.push(format!(
                    "[checks] {key} = {w:?}: expected a number, {{ warn = …, fail = … }} or \"off\""
                ));
                continue;
            }
        };
        for level in [limit.warn, limit.fail].into_iter().flatten() {
            if !level.is_finite() || level < 0.0 || (base != "max_invalid_rows" && level > 1.0) {
                problems.push(format!(
                    "[checks] {key} = {level}: expected a rate between 0 and 1{}",
                    if base == "max_invalid_rows" { " (or a row count)" } else { "" }
                ));
            }
        }
        checks.insert(key, limit);
    }
    checks
}

fn resolve_mapping(index: usize, m: MappingFile, problems: &mut Vec<String>) -> SheetOverride {
    let at = format!("[[mapping]] #{index}");
    if m.file.is_none() && m.sheet.is_none() {
        problems.push(format!("{at}: give at least `file` or `sheet` to say what it applies to"));
    }
    let entity = m.entity.as_deref().and_then(|e| {
        let parsed = Entity::parse(e);
        if parsed.is_none() {
            problems.push(format!("{at}: entity = {e:?}: expected contact, company or deal"));
        }
        parsed
    });
    if m.header_row == Some(0) {
        problems
            .push(format!("{at}: header_row = 0: rows are counted from 1, as Excel shows them"));
    }
    let mut columns = BTreeMap::new();
    for (header, role) in m.columns {
        match Role::parse(&role) {
            Some(r) => {
                columns.insert(header, r);
            }
            None => problems.push(format!(
                "{at}: column {header:?} = {role:?} is not a field name ({})",
                role_names()
            )),
        }
    }
    let delimiter = m.delimiter.as_deref().and_then(|d| {
        let d = if d == "\\t" || d.eq_ignore_ascii_case("tab") { "\t" } else { d };
        let mut chars = d.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Some(c),
            _ => {
                problems
                    .push(format!("{at}: delimiter = {d:?}: expected one character such as \";\""));
                None
            }
        }
    });
    SheetOverride {
        file: m.file,
        sheet: m.sheet,
        entity,
        header_row: m.header_row,
        columns,
        include: m.include,
        skip: m.skip,
        encoding: m.encoding,
        delimiter,
    }
}

/// DESIGN.md's defaults: contacts need a name, an email or phone, and a
/// company; deals need an amount, a stage, a close date and a next action.
fn default_critical() -> BTreeMap<Entity, CriticalFields> {
    use Role::*;
    BTreeMap::from([
        (
            Entity::Contact,
            vec![vec![FullName, LastName, FirstName], vec![Email, Phone, Mobile], vec![Company]],
        ),
        (Entity::Company, vec![vec![Company]]),
        (Entity::Deal, vec![vec![Amount], vec![Stage], vec![CloseDate], vec![NextAction]]),
    ])
}

fn role_names() -> String {
    let names: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
    format!("one of {}", names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_written_by_init_parses_to_the_defaults() {
        let config = Config::from_toml_str(EXAMPLE, Path::new("example")).unwrap();
        let defaults = Config::default();
        assert_eq!(config.locale, defaults.locale);
        assert_eq!(
            config.matching,
            Matching { auto: 0.92, review: 0.70, schema: Schema::default() }
        );
        assert_eq!(config.target, TargetCrm::Generic);
        assert_eq!(config.critical[&Entity::Deal].len(), 4);
        assert_eq!(
            config.checks["max_duplicate_rate"],
            Limit { warn: Some(0.02), fail: Some(0.05) }
        );
    }

    #[test]
    fn design_doc_mapping_example_resolves() {
        let text = r#"
            [[mapping]]
            file = "side/jean.xlsx"
            sheet = "Prospects"
            entity = "contact"
            header_row = 3
            columns = { "Tél. portable" = "mobile", "Boîte" = "company" }

            [[mapping]]
            file = "old.csv"
            delimiter = "tab"
        "#;
        let config = Config::from_toml_str(text, Path::new("t.toml")).unwrap();
        let o = &config.ingest.overrides[0];
        assert_eq!(o.entity, Some(Entity::Contact));
        assert_eq!(o.header_row, Some(3));
        assert_eq!(o.columns["Boîte"], Role::Company);
        assert_eq!(config.ingest.overrides[1].delimiter, Some('\t'));
        let s = config.ingest.for_sheet("data/side/jean.xlsx", "Prospects");
        assert_eq!(s.header_row, Some(3));
        assert!(config.ingest.for_sheet("data/side/jean.xlsx", "Other").header_row.is_none());
        assert!(config.ingest.for_sheet("side/paul.xlsx", "Prospects").header_row.is_none());
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let text = r#"
            [locale]
            date_order = "dym"
            [target]
            crm = "sugar"
            [[mapping]]
            file = "a.csv"
            entity = "lead"
            columns = { "X" = "telephone" }
            [matching]
            auto = 0.5
            review = 0.8
        "#;
        let err = Config::from_toml_str(text, Path::new("bad.toml")).unwrap_err();
        let ConfigError::Invalid { problems, .. } = &err else { panic!("{err}") };
        assert_eq!(problems.len(), 5, "{problems:#?}");
        let message = err.to_string();
        assert!(message.starts_with("bad.toml: 5 problem(s)"), "{message}");
        assert!(message.contains("\"telephone\" is not a field name"), "{message}");
    }

    #[test]
    fn survivorship_rules_per_field() {
        let text = "[survivorship]\ndefault = \"complete\"\njob_title = \"Frequent\"\n";
        let config = Config::from_toml_str(text, Path::new("s.toml")).unwrap();
        assert_eq!(config.survivorship.rule(Role::JobTitle), Rule::Frequent);
        assert_eq!(config.survivorship.rule(Role::Email), Rule::Complete);
        assert_eq!(Config::default().survivorship, Survivorship::default());
        let bad = "[survivorship]\ntelephone = \"recent\"\nemail = \"newest\"\n";
        let err = Config::from_toml_str(bad, Path::new("s.toml")).unwrap_err();
        let ConfigError::Invalid { problems, .. } = &err else { panic!("{err}") };
        assert_eq!(problems.len(), 2, "{problems:#?}");
    }

    #[test]
    fn checks_take_a_flat_fail_level_a_table_or_off() {
        let text = r#"
            [checks]
            max_duplicate_rate = 0.02
            min_next_action_rate = { warn = 0.8, fail = 0.5 }
            "max_missing_critical_rate.deal.next_action" = "off"
            [checks.max_side_only_pipeline_share]
            warn = 0.1
        "#;
        let c = Config::from_toml_str(text, Path::new("c.toml")).unwrap().checks;
        assert_eq!(c["max_duplicate_rate"], Limit { warn: None, fail: Some(0.02) });
        assert_eq!(c["min_next_action_rate"], Limit { warn: Some(0.8), fail: Some(0.5) });
        assert_eq!(c["max_missing_critical_rate.deal.next_action"], Limit::default());
        assert_eq!(c["max_side_only_pipeline_share"], Limit { warn: Some(0.1), fail: None });
        let bad = "[checks]\nmax_dupes = 0.1\nmax_duplicate_rate = 2.0\nmin_next_action_rate = \"high\"\n";
        let err = Config::from_toml_str(bad, Path::new("c.toml")).unwrap_err();
        let ConfigError::Invalid { problems, .. } = &err else { panic!("{err}") };
        assert_eq!(problems.len(), 3, "{problems:#?}");
    }

    #[test]
    fn unknown_keys_are_errors_with_their_line() {
        let err = Config::from_toml_str("[matching]\nauto_threshold = 0.9\n", Path::new("c.toml"))
            .unwrap_err();
        let message = err.to_string();
        assert!(message.contains("auto_threshold"), "{message}");
        assert!(message.contains("line 2"), "{message}");
    }
}
