//! Quality rules: what a person must fix in the data, record by record.
//!
//! Four kinds of findings, on CRM and side records alike:
//!
//! - a critical field missing (`[rules.<entity>] critical`, with
//!   alternatives: `email|phone` is satisfied by either);
//! - a value normalize could not read or had doubts about (an invalid
//!   email, a date that is not a date, an unknown stage), pointing at its
//!   cell;
//! - an open deal gone stale: close date or next-action date in the past;
//! - a side record that cannot be imported at all, and why.
//!
//! The findings feed the workbook's Quality sheet; the counts feed
//! report.json and the KPIs. Nothing here formats output: a finding holds
//! indices and typed values, [`Finding::message`] says it in words.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use chrono::NaiveDate;
use compact_str::CompactString;
use serde::Serialize;

use super::kpi::Lang;
use super::status::invalid_reason;
use crate::config::CriticalFields;
use crate::model::{Entity, IssueKind, Origin, Provenance, Role, column_letter};
use crate::normalize::record::{Record, Value};
use crate::normalize::stage::StageState;

/// What a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// No usable value for any of a critical rule's fields.
    MissingCritical,
    /// A value normalize flagged (invalid, ambiguous, unknown).
    InvalidValue,
    /// An open deal whose close date is past.
    StaleCloseDate,
    /// An open deal whose next action is past due.
    OverdueNextAction,
    /// A side record that cannot be imported (nothing identifies it).
    NotImportable,
}

impl FindingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::MissingCritical => "missing_critical",
            FindingKind::InvalidValue => "invalid_value",
            FindingKind::StaleCloseDate => "stale_close_date",
            FindingKind::OverdueNextAction => "overdue_next_action",
            FindingKind::NotImportable => "not_importable",
        }
    }
}

/// One line of the Quality sheet. It holds the record index, not a copy of
/// the record: [`Finding::provenance`] gives file, sheet, row and column.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// Index into the records.
    pub record: usize,
    pub entity: Entity,
    pub origin: Origin,
    pub kind: FindingKind,
    /// The field(s) concerned: for a missing critical field, the rule's
    /// alternatives (any one would do); otherwise the one field, or none
    /// for a problem about the whole row.
    pub roles: Arc<[Role]>,
    /// 0-based sheet column, `None` when no cell holds the problem (a
    /// missing field, a record that cannot be imported).
    pub column: Option<u32>,
    /// The cell as written, when there is one.
    pub raw: Option<CompactString>,
    /// For an invalid value: what normalize reported.
    pub issue: Option<IssueKind>,
    /// For an invalid value: normalize's own words (English).
    pub detail: Option<String>,
    /// For a stale deal: the date past, and by how many days.
    pub date: Option<NaiveDate>,
    pub days_overdue: Option<i64>,
    /// For a record that cannot be imported: why.
    pub reason: Option<&'static str>,
}

impl Finding {
    fn new(record: usize, r: &Record, kind: FindingKind, roles: Arc<[Role]>) -> Finding {
        Finding {
            record,
            entity: r.entity,
            origin: r.origin,
            kind,
            roles,
            column: None,
            raw: None,
            issue: None,
            detail: None,
            date: None,
            days_overdue: None,
            reason: None,
        }
    }

    /// Where to look: the record's file, sheet and row, and the column when
    /// a cell holds the problem.
    pub fn provenance(&self, records: &[Record]) -> Option<Provenance> {
        let p = &records.get(self.record)?.provenance;
        Some(Provenance { column: self.column, ..p.clone() })
    }

    /// The column letter (`C`), when a cell holds the problem.
    pub fn column_letter(&self) -> Option<String> {
        self.column.map(column_letter)
    }

    /// The field names as a rule writes them: `email|phone`.
    pub fn fields(&self) -> String {
        rule_label(&self.roles)
    }

    /// The finding in plain words, for the Quality sheet.
    pub fn message(&self, lang: Lang) -> String {
        let fields = self.fields();
        let date = self.date.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
        let days = self.days_overdue.unwrap_or(0);
        match (self.kind, lang) {
            (FindingKind::MissingCritical, Lang::En) if self.roles.len() > 1 => {
                format!("missing critical field: one of {}", self.roles_list(" or "))
            }
            (FindingKind::MissingCritical, Lang::En) => format!("missing critical field: {fields}"),
            (FindingKind::MissingCritical, Lang::Fr) if self.roles.len() > 1 => {
                format!("champ obligatoire manquant : {}", self.roles_list(" ou "))
            }
            (FindingKind::MissingCritical, Lang::Fr) => {
                format!("champ obligatoire manquant : {fields}")
            }
            (FindingKind::InvalidValue, _) => {
                let what = self.issue.map_or("invalid value", IssueKind::as_str);
                match &self.detail {
                    Some(d) => format!("{what}: {d}"),
                    None => what.to_string(),
                }
            }
            (FindingKind::StaleCloseDate, Lang::En) => {
                format!("open deal whose close date {date} is {days} day(s) past")
            }
            (FindingKind::StaleCloseDate, Lang::Fr) => {
                format!(
                    "affaire ouverte dont la date de clôture {date} est dépassée de {days} jour(s)"
                )
            }
            (FindingKind::OverdueNextAction, Lang::En) => {
                format!("open deal whose next action was due {date}, {days} day(s) ago")
            }
            (FindingKind::OverdueNextAction, Lang::Fr) => {
                format!(
                    "affaire ouverte dont la prochaine action était prévue le {date}, il y a {days} jour(s)"
                )
            }
            (FindingKind::NotImportable, Lang::En) => {
                format!("cannot be imported: {}", self.reason.unwrap_or("nothing identifies it"))
            }
            (FindingKind::NotImportable, Lang::Fr) => format!(
                "ne peut pas être importé : {}",
                self.reason.unwrap_or("nothing identifies it")
            ),
        }
    }

    fn roles_list(&self, or: &str) -> String {
        let names: Vec<&str> = self.roles.iter().map(|r| r.as_str()).collect();
        names.join(or)
    }
}

/// Counts split by origin (the total is written too, for readers of
/// report.json that do not want to add).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Count {
    pub crm: u64,
    pub side: u64,
    pub total: u64,
}

impl Count {
    pub fn add(&mut self, origin: Origin) {
        match origin {
            Origin::Crm => self.crm += 1,
            Origin::Side => self.side += 1,
        }
        self.total += 1;
    }

    pub fn of(&self, origin: Origin) -> u64 {
        match origin {
            Origin::Crm => self.crm,
            Origin::Side => self.side,
        }
    }
}

/// The counts of one entity, for report.json.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct EntityQuality {
    /// Records evaluated.
    pub records: Count,
    /// Per critical rule (`email|phone`, in config order of the roles):
    /// records with no usable value for any of its fields. Every rule is
    /// listed, at zero when nothing misses it.
    pub missing: BTreeMap<String, Count>,
    /// Records missing at least one critical rule.
    pub missing_any: Count,
    /// Per field (role name, `row` for a problem about the whole row), per
    /// issue kind: values normalize flagged.
    pub invalid: BTreeMap<String, BTreeMap<IssueKind, Count>>,
    /// Open deals with a close date or next-action date in the past.
    pub stale: Count,
    pub stale_close_date: Count,
    pub overdue_next_action: Count,
    /// Side records that cannot be imported, per reason.
    pub not_importable: BTreeMap<&'static str, Count>,
}

/// Everything the quality rules found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Quality {
    /// In record order, then kind, then column.
    pub findings: Vec<Finding>,
    /// Every entity, even without records, so report.json keeps one shape.
    pub counts: BTreeMap<Entity, EntityQuality>,
}

/// Evaluate the quality rules on every record (CRM and side).
///
/// `rules` is `Config::critical`; `today` is the reference date of "past"
/// (a parameter so that runs and tests are reproducible).
pub fn evaluate(
    records: &[Record],
    rules: &BTreeMap<Entity, CriticalFields>,
    today: NaiveDate,
) -> Quality {
    let rules: BTreeMap<Entity, Vec<Arc<[Role]>>> = Entity::ALL
        .into_iter()
        .map(|e| {
            let rs = rules.get(&e).map(|rs| rs.iter().map(|r| Arc::from(&r[..])).collect());
            (e, rs.unwrap_or_default())
        })
        .collect();
    let mut counts: BTreeMap<Entity, EntityQuality> = rules
        .iter()
        .map(|(&e, rs)| {
            let missing = rs.iter().map(|r| (rule_label(r), Count::default())).collect();
            (e, EntityQuality { missing, ..EntityQuality::default() })
        })
        .collect();
    let mut findings = Vec::new();
    // References (the company column of a CRM contacts export) are no
    // records of their own; they still answer for their row.
    let refs = crate::matching::reference::references(records);
    for group in row_groups(records) {
        // A problem in a cell that feeds several records of the row (the
        // owner feeds them all) is reported once, on the first of them.
        let mut reported: Vec<(Option<u32>, IssueKind)> = Vec::new();
        for i in group.clone() {
            if refs[i] {
                continue;
            }
            let r = &records[i];
            let c = counts.entry(r.entity).or_default();
            c.records.add(r.origin);
            let mut missing_any = false;
            for rule in &rules[&r.entity] {
                if !rule.iter().any(|&role| has_in_row(records, group.clone(), i, role)) {
                    missing_any = true;
                    c.missing.entry(rule_label(rule)).or_default().add(r.origin);
                    findings.push(Finding::new(i, r, FindingKind::MissingCritical, rule.clone()));
                }
            }
            if missing_any {
                c.missing_any.add(r.origin);
            }
            for issue in &r.issues {
                let column = issue.provenance.column;
                if !is_value_problem(issue.kind) || reported.contains(&(column, issue.kind)) {
                    continue;
                }
                reported.push((column, issue.kind));
                let field = issue.field.map_or("row", Role::as_str);
                let kinds = c.invalid.entry(field.to_string()).or_default();
                kinds.entry(issue.kind).or_default().add(r.origin);
                let roles: Arc<[Role]> = issue.field.into_iter().collect();
                let raw = r
                    .fields
                    .iter()
                    .find(|f| Some(f.column) == column && f.derived_from.is_none())
                    .map(|f| f.raw.clone());
                findings.push(Finding {
                    column,
                    raw,
                    issue: Some(issue.kind),
                    detail: Some(issue.message.clone()),
                    ..Finding::new(i, r, FindingKind::InvalidValue, roles)
                });
            }
            if r.entity == Entity::Deal && is_open(r) {
                let mut stale = false;
                for (role, kind) in [
                    (Role::CloseDate, FindingKind::StaleCloseDate),
                    (Role::NextActionDate, FindingKind::OverdueNextAction),
                ] {
                    let Some((date, column)) = dated(r, role) else { continue };
                    if date >= today {
                        continue;
                    }
                    stale = true;
                    match kind {
                        FindingKind::StaleCloseDate => c.stale_close_date.add(r.origin),
                        _ => c.overdue_next_action.add(r.origin),
                    }
                    // The cell's first field is its source: for a date read
                    // in the next action's text, the action as written.
                    let raw = r.fields.iter().find(|f| f.column == column).map(|f| f.raw.clone());
                    findings.push(Finding {
                        column: Some(column),
                        raw,
                        date: Some(date),
                        days_overdue: Some((today - date).num_days()),
                        ..Finding::new(i, r, kind, Arc::from([role]))
                    });
                }
                if stale {
                    c.stale.add(r.origin);
                }
            }
            if r.origin == Origin::Side
                && let Some(reason) = invalid_reason(r)
            {
                c.not_importable.entry(reason).or_default().add(r.origin);
                findings.push(Finding {
                    reason: Some(reason),
                    ..Finding::new(i, r, FindingKind::NotImportable, Arc::from([]))
                });
            }
        }
    }
    Quality { findings, counts }
}

/// `email|phone`: the roles of a rule as the config writes them.
pub fn rule_label(roles: &[Role]) -> String {
    let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
    names.join("|")
}

/// The records of one source row: consecutive records with the same
/// origin, row link, file and row (normalize emits a row's contact, company
/// and deal together). Comparing the provenance too keeps two inputs
/// normalized apart, whose links both start at table 0, from merging.
pub(crate) fn row_groups(records: &[Record]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= records.len() {
            return None;
        }
        let first = &records[start];
        let mut end = start + 1;
        while let Some(r) = records.get(end) {
            let same = r.origin == first.origin
                && r.link == first.link
                && r.provenance.row == first.provenance.row
                && r.provenance.sheet == first.provenance.sheet
                && r.provenance.source == first.provenance.source;
            if !same {
                break;
            }
            end += 1;
        }
        let group = start..end;
        start = end;
        Some(group)
    })
}

/// For each record, the range of its row's records ([`row_groups`]).
pub(crate) fn row_group_of(records: &[Record]) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(records.len());
    for g in row_groups(records) {
        out.extend(std::iter::repeat_n(g.clone(), g.len()));
    }
    out
}

/// Whether record `i` has a usable value for `role`: in its own fields,
/// else in another record of its row (a prospects list gives the contact's
/// company to the company record of the same row; the owner and the dates
/// go to the row's main entity).
///
/// Some roles stand in for others, because a user who writes `phone` or
/// `next_action` in a rule means "a way to call" and "a planned step":
/// a mobile is a phone; a next-action date is a next action (a HubSpot
/// export has a "Next activity date" and no text); a first or last name is
/// a name where the rule asks for a full name.
pub(crate) fn has_in_row(records: &[Record], group: Range<usize>, i: usize, role: Role) -> bool {
    let has = |r: &Record| stand_ins(role).iter().any(|&x| r.value(x).is_some());
    has(&records[i]) || group.filter(|&j| j != i).any(|j| has(&records[j]))
}

fn stand_ins(role: Role) -> &'static [Role] {
    match role {
        Role::Phone => &[Role::Phone, Role::Mobile],
        Role::NextAction => &[Role::NextAction, Role::NextActionDate],
        Role::FullName => &[Role::FullName, Role::FirstName, Role::LastName],
        Role::FirstName => &[Role::FirstName],
        Role::LastName => &[Role::LastName],
        Role::Email => &[Role::Email],
        Role::Mobile => &[Role::Mobile],
        Role::Company => &[Role::Company],
        Role::JobTitle => &[Role::JobTitle],
        Role::Address => &[Role::Address],
        Role::PostalCode => &[Role::PostalCode],
        Role::City => &[Role::City],
        Role::Country => &[Role::Country],
        Role::Website => &[Role::Website],
        Role::Siren => &[Role::Siren],
        Role::Siret => &[Role::Siret],
        Role::VatNumber => &[Role::VatNumber],
        Role::Owner => &[Role::Owner],
        Role::DealName => &[Role::DealName],
        Role::Amount => &[Role::Amount],
        Role::Currency => &[Role::Currency],
        Role::Stage => &[Role::Stage],
        Role::CloseDate => &[Role::CloseDate],
        Role::NextActionDate => &[Role::NextActionDate],
        Role::LastActivity => &[Role::LastActivity],
        Role::CreatedAt => &[Role::CreatedAt],
        Role::UpdatedAt => &[Role::UpdatedAt],
        Role::RecordId => &[Role::RecordId],
        Role::CompanyId => &[Role::CompanyId],
        Role::ContactId => &[Role::ContactId],
        Role::Notes => &[Role::Notes],
        Role::Custom => &[Role::Custom],
    }
}

/// Whether an issue is about a value a person can fix in the cell (the
/// Quality sheet), rather than about the file or the sheet's layout (the
/// Sources sheet). Exhaustive on purpose: a new kind must be placed.
fn is_value_problem(kind: IssueKind) -> bool {
    match kind {
        IssueKind::CellError
        | IssueKind::FormulaWithoutValue
        | IssueKind::PrecisionLoss
        | IssueKind::InvalidDate
        | IssueKind::InvalidEmail
        | IssueKind::EmailTypo
        | IssueKind::MultipleValues
        | IssueKind::InvalidPhone
        | IssueKind::InvalidName
        | IssueKind::InvalidSiren
        | IssueKind::InvalidSiret
        | IssueKind::InvalidVatNumber
        | IssueKind::InvalidWebsite
        | IssueKind::InvalidAmount
        | IssueKind::AmbiguousAmount
        | IssueKind::NotADate
        | IssueKind::AmbiguousDate
        | IssueKind::ImplausibleDate
        | IssueKind::UnknownStage
        | IssueKind::UnknownOwner => true,
        IssueKind::ExtraCells
        | IssueKind::HeaderlessValue
        | IssueKind::DuplicateHeader
        | IssueKind::BlankHeader
        | IssueKind::EncodingGuess
        | IssueKind::ReplacementCharacters
        | IssueKind::NulByte
        | IssueKind::MalformedQuoting
        | IssueKind::HugeCell => false,
    }
}

/// Whether a deal is open: its stage is an open one, or it has no stage at
/// all (a deal nobody marked won or lost is still in the pipeline; the
/// missing stage is reported as a missing critical field). A stage label
/// nobody could map is read as open by normalize, and flagged there.
pub(crate) fn is_open(deal: &Record) -> bool {
    match deal.value(Role::Stage) {
        Some(Value::Stage(s)) => s.state == StageState::Open,
        _ => true,
    }
}

/// A date of the record and the column it was read from. For the
/// next-action date, the date read in the next action's text counts when
/// there is no date field (normalize derives one in most cases).
pub(crate) fn dated(r: &Record, role: Role) -> Option<(NaiveDate, u32)> {
    let own = r.fields.iter().find_map(|f| match (&f.value, f.role == role) {
        (Some(Value::Date(d)), true) => Some((*d, f.column)),
        _ => None,
    });
    own.or_else(|| {
        (role == Role::NextActionDate).then_some(())?;
        r.fields.iter().find_map(|f| match &f.value {
            Some(Value::NextAction(a)) => a.date.map(|d| (d, f.column)),
            _ => None,
        })
    })
}

#[cfg(test)]
pub(crate) mod tests;
