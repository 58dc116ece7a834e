//! Field by field, what a side record brings to the CRM record it matches:
//! values for fields the CRM leaves empty (updates) and values that differ
//! from the CRM's (conflicts, with a suggested winner and why).
//!
//! Values are compared normalized, the way a person would: `06 12 34 56 78`
//! and `+33612345678` are one phone, `LEFEVRE` and `Lefèvre` one name,
//! `Lemoine Frères` and `Lemoine Frères SAS` one company, `600` and
//! `600,00 €` one amount. A phone or email the CRM holds in any of its
//! phone or email fields is not new.
//!
//! Roles never compared, and why:
//! - `record_id`: the CRM's own key, not a fact about the entity;
//! - `full_name`: its first and last names (split by normalize) are;
//! - `notes`: personal remarks ("ne pas appeler le lundi") are not facts a
//!   CRM field should be overwritten with, and two texts always differ;
//! - `custom`: a column of one file has no counterpart in another;
//! - `created_at`, `updated_at`, `last_activity`: the CRM sets them itself
//!   (they are what [`super::recency`] reads);
//! - `currency`: compared inside the amount (`12 500 €` vs `12500 USD`);
//! - `owner`: a side file's owner column names who keeps the spreadsheet
//!   (Claire's pipeline lists accounts Thomas owns in the CRM), not a fact
//!   about the entity; owners are compared by the KPIs, per owner;
//! - values derived from another cell (a website read from an email, a
//!   date read from a next-action text), except first and last names split
//!   from a full name: those are the only names many files have.

use chrono::NaiveDate;
use serde::Serialize;

use super::recency::{Dated, Recency};
use crate::model::Role;
use crate::normalize::name::name_key;
use crate::normalize::record::{Field, Record, Value};
use crate::normalize::stage::Stage;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// The CRM field is empty; the side fills it.
    Update,
    /// Both are filled and differ.
    Conflict,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Winner {
    Crm,
    Side,
}

/// One field a side record would change in its CRM record. Both ends keep
/// their record index and sheet column, so the workbook can point at both
/// cells.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldChange {
    /// The CRM field concerned (a side `phone` holding a mobile number may
    /// fill the CRM's empty `mobile`).
    pub role: Role,
    pub kind: ChangeKind,
    pub side: usize,
    pub side_column: u32,
    pub crm: usize,
    /// The CRM value's column; `None` for an update (nothing there).
    pub crm_column: Option<u32>,
    /// The CRM value, for a conflict.
    pub old: Option<Value>,
    pub new: Value,
    /// For a conflict: which value to keep, suggested.
    pub winner: Option<Winner>,
    /// For a conflict: why that winner.
    pub reason: Option<String>,
}

impl FieldChange {
    /// `old->new` in canonical text (`+33612345678->+33698765432`); an
    /// update shows `->new`.
    pub fn text(&self) -> String {
        let old = self.old.as_ref().map(Value::canonical).unwrap_or_default();
        format!("{old}->{}", self.new.canonical())
    }
}

/// Whether a field of this role is compared at all (see the module doc).
pub fn compared(field: &Field) -> bool {
    let role_ok = !matches!(
        field.role,
        Role::RecordId
            | Role::CompanyId
            | Role::ContactId
            | Role::FullName
            | Role::Notes
            | Role::Custom
            | Role::CreatedAt
            | Role::UpdatedAt
            | Role::LastActivity
            | Role::Currency
            | Role::Owner
    );
    let derived_ok = field.derived_from.is_none_or(|_| {
        matches!(field.role, Role::FirstName | Role::LastName)
            && field.derived_from == Some(Role::FullName)
    });
    role_ok && derived_ok && field.value.as_ref().is_some_and(meaningful)
}

/// A stage label that maps to no pipeline stage cannot be written to the
/// CRM nor compared with its stages (normalize already reported it).
fn meaningful(value: &Value) -> bool {
    match value {
        Value::Stage(s) => s.key.is_some() || s.canonical.is_some(),
        _ => true,
    }
}

/// Whether two normalized values say the same thing.
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Email(x), Value::Email(y)) => x.primary.address == y.primary.address,
        (Value::Phone(x), Value::Phone(y)) => x.primary.e164 == y.primary.e164,
        (Value::Company(x), Value::Company(y)) => {
            if x.key.is_empty() || y.key.is_empty() {
                name_key(&x.display) == name_key(&y.display)
            } else {
                x.key == y.key
            }
        }
        (Value::Domain(x), Value::Domain(y)) => domain(x) == domain(y),
        (Value::Identifier(x), Value::Identifier(y)) => identifier(x) == identifier(y),
        (Value::Amount(x), Value::Amount(y)) => {
            x.value == y.value
                && match (x.currency, y.currency) {
                    (Some(c), Some(d)) => c == d,
                    _ => true,
                }
        }
        (Value::Currency(x), Value::Currency(y)) => x.eq_ignore_ascii_case(y),
        (Value::Date(x), Value::Date(y)) => x == y,
        (Value::Stage(x), Value::Stage(y)) => same_stage(x, y),
        (Value::Owner(x), Value::Owner(y)) => match (&x.email, &y.email) {
            (Some(e), Some(f)) if e.eq_ignore_ascii_case(f) => true,
            _ => name_key(&x.name) == name_key(&y.name),
        },
        (Value::NextAction(x), Value::NextAction(y)) => {
            name_key(&x.text) == name_key(&y.text) && (x.date == y.date || y.date.is_none())
        }
        // Names, free text, and values typed differently in two files (an
        // owner kept as text when no CRM owner list was known): compare
        // their canonical text folded (case, accents, punctuation).
        _ => name_key(&a.canonical()) == name_key(&b.canonical()),
    }
}

fn same_stage(x: &Stage, y: &Stage) -> bool {
    match (&x.key, &y.key, x.canonical, y.canonical) {
        (Some(k), Some(l), _, _) => k == l,
        (_, _, Some(c), Some(d)) => c == d,
        _ => name_key(&x.label) == name_key(&y.label),
    }
}

fn domain(s: &str) -> String {
    let s = s.trim().to_ascii_lowercase();
    s.strip_prefix("www.").map(str::to_string).unwrap_or(s)
}

fn identifier(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_uppercase).collect()
}

/// The fields `side` would change in `crm`, in role order. `recency` dates
/// both records for the suggested winner of a conflict.
pub fn diff(records: &[Record], side: usize, crm: usize, recency: &Recency) -> Vec<FieldChange> {
    let (s, c) = (&records[side], &records[crm]);
    let (side_date, crm_date) = (recency.of(s), recency.of(c));
    let mut changes = Vec::new();
    let mut done: Vec<Role> = Vec::new();
    for field in s.fields.iter().filter(|f| compared(f)) {
        // The first compared value of each role speaks for the record.
        if done.contains(&field.role) {
            continue;
        }
        done.push(field.role);
        let Some(new) = &field.value else { continue };
        if crm_holds(c, new) {
            continue;
        }
        let role = target_role(c, field.role, new);
        let change = match crm_field(c, role) {
            None => FieldChange {
                role,
                kind: ChangeKind::Update,
                side,
                side_column: field.column,
                crm,
                crm_column: None,
                old: None,
                new: new.clone(),
                winner: None,
                reason: None,
            },
            Some(old) if same(new, old.value.as_ref().expect("crm_field has a value")) => continue,
            // `B.` for `Benoît`, `M-H` for `Marie-Hélène`: the side wrote
            // less of the same name; nothing to change.
            Some(old) if is_name(role) && abbreviates(new, old.value.as_ref()) => continue,
            Some(old) => {
                let (winner, reason) = if is_name(role)
                    && abbreviates(old.value.as_ref().expect("crm_field has a value"), Some(new))
                {
                    (Winner::Side, "the side spells out the CRM's abbreviation".to_string())
                } else {
                    suggest(side_date, crm_date)
                };
                FieldChange {
                    role,
                    kind: ChangeKind::Conflict,
                    side,
                    side_column: field.column,
                    crm,
                    crm_column: Some(old.column),
                    old: old.value.clone(),
                    new: new.clone(),
                    winner: Some(winner),
                    reason: Some(reason),
                }
            }
        };
        changes.push(change);
    }
    changes.sort_by_key(|ch| ch.role);
    changes
}

fn is_name(role: Role) -> bool {
    matches!(role, Role::FirstName | Role::LastName)
}

/// Whether the name `short` abbreviates `long`: as many words (a hyphen
/// separates words), each the same word or an initial of it: one or two
/// letters, or any prefix when the text is dotted (`B.` → `Benoît`, `M-H`
/// → `Marie-Hélène`, `Jean-Ch.` → `Jean-Christophe`; `Jean` is not an
/// abbreviation of `Jeanne`).
fn abbreviates(short: &Value, long: Option<&Value>) -> bool {
    let Some(long) = long else { return false };
    let dotted = short.canonical().contains('.');
    let (s, l) = (name_key(&short.canonical()), name_key(&long.canonical()));
    let (sw, lw): (Vec<&str>, Vec<&str>) = (s.split(' ').collect(), l.split(' ').collect());
    s.len() < l.len()
        && !s.is_empty()
        && sw.len() == lw.len()
        && sw
            .iter()
            .zip(&lw)
            .all(|(a, b)| a == b || (b.starts_with(a) && (a.chars().count() <= 2 || dotted)))
}

/// The CRM's first comparable value of `role`.
fn crm_field(crm: &Record, role: Role) -> Option<&Field> {
    crm.fields.iter().find(|f| f.role == role && f.value.is_some())
}

/// A phone or email the CRM holds in any of its phone (or email) fields,
/// as a primary or a second value of a cell, is not new to it.
fn crm_holds(crm: &Record, new: &Value) -> bool {
    match new {
        Value::Phone(p) => crm.fields.iter().any(|f| match &f.value {
            Some(Value::Phone(q)) => {
                std::iter::once(&q.primary).chain(&q.others).any(|x| x.e164 == p.primary.e164)
            }
            _ => false,
        }),
        Value::Email(e) => crm.fields.iter().any(|f| match &f.value {
            Some(Value::Email(d)) => {
                std::iter::once(&d.primary).chain(&d.others).any(|x| x.address == e.primary.address)
            }
            _ => false,
        }),
        _ => false,
    }
}

/// A side `phone` column often holds mobiles: a mobile number goes to the
/// CRM's empty `mobile` field rather than conflicting with its landline.
fn target_role(crm: &Record, role: Role, new: &Value) -> Role {
    use crate::normalize::phone::PhoneKind;
    match new {
        Value::Phone(p)
            if role == Role::Phone
                && p.primary.kind == PhoneKind::Mobile
                && crm_field(crm, Role::Phone).is_some()
                && crm_field(crm, Role::Mobile).is_none() =>
        {
            Role::Mobile
        }
        _ => role,
    }
}

/// The value to keep in a conflict: the more recent one when both records
/// are dated, else the CRM's (the system of record wins unless something
/// says the side is newer).
pub fn suggest(side: Option<Dated>, crm: Option<Dated>) -> (Winner, String) {
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    match (side, crm) {
        (Some(s), Some(c)) if s.date > c.date => (
            Winner::Side,
            format!(
                "side row more recent: {} {} after the CRM's {} {}",
                s.source.as_str(),
                day(s.date),
                c.source.as_str(),
                day(c.date)
            ),
        ),
        (Some(s), Some(c)) => (
            Winner::Crm,
            format!(
                "CRM not older: {} {} against the side's {} {}",
                c.source.as_str(),
                day(c.date),
                s.source.as_str(),
                day(s.date)
            ),
        ),
        (None, Some(_)) => (Winner::Crm, "the side row has no date: CRM kept by default".into()),
        (_, None) => (Winner::Crm, "the CRM record has no date: CRM kept by default".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Entity, Origin};
    use crate::normalize::company::normalize_company;
    use crate::normalize::email::normalize_email;
    use crate::normalize::phone::normalize_phone;
    use crate::normalize::stage::{StageMap, normalize_stage};
    use crate::normalize::{Locale, amount};
    use crate::reconcile::recency::tests::{day, record};

    fn phone(s: &str) -> Value {
        Value::Phone(Box::new(normalize_phone(s, "FR").value.unwrap()))
    }
    fn email(s: &str) -> Value {
        Value::Email(Box::new(normalize_email(s).value.unwrap()))
    }
    fn company(s: &str) -> Value {
        Value::Company(std::sync::Arc::new(normalize_company(s).value.unwrap()))
    }
    fn amount(s: &str) -> Value {
        let cell = crate::ingest::Cell::Text(s.into());
        let locale = Locale::default();
        let style = amount::infer_amount_style(std::iter::once(s), &locale);
        Value::Amount(Box::new(
            amount::normalize_amount_cell(&cell, &style, &locale).value.unwrap(),
        ))
    }
    fn stage(s: &str) -> Value {
        Value::Stage(std::sync::Arc::new(normalize_stage(s, &StageMap::default()).value.unwrap()))
    }

    #[test]
    fn values_equal_after_normalization_are_the_same() {
        let cases = [
            (phone("06 12 34 56 78"), phone("+33612345678")),
            (phone("0033 6 12 34 56 78"), phone("06.12.34.56.78")),
            (email("Jean.Dupont@ACME.fr"), email("jean.dupont@acme.fr")),
            (company("Lemoine Frères"), company("LEMOINE FRERES SAS")),
            (Value::Name("LEFEVRE".into()), Value::Name("Lefèvre".into())),
            (Value::Text("LYON".into()), Value::Text("Lyon".into())),
            (Value::Identifier("695 523 118".into()), Value::Identifier("695523118".into())),
            (Value::Domain("www.garage-caen.fr".into()), Value::Domain("garage-caen.fr".into())),
            (amount("12 500,00 €"), amount("12500")),
            (stage("Gagné"), stage("closedwon")),
        ];
        for (a, b) in &cases {
            assert!(same(a, b), "{a:?} vs {b:?}");
            assert!(same(b, a), "{b:?} vs {a:?}");
        }
        let different = [
            (phone("06 12 34 56 78"), phone("06 12 34 56 79")),
            (company("Lemoine Frères"), company("Lemoine Transports")),
            (Value::Name("Martin".into()), Value::Name("Martins".into())),
            (amount("12 500 €"), amount("12 500 $")),
            (amount("12 500"), amount("1 250")),
            (stage("Gagné"), stage("Perdu")),
        ];
        for (a, b) in &different {
            assert!(!same(a, b), "{a:?} vs {b:?}");
        }
    }

    fn pair(side: Vec<(Role, u32, Value)>, crm: Vec<(Role, u32, Value)>) -> Vec<Record> {
        vec![
            record(Entity::Contact, Origin::Crm, 0, 0, crm),
            record(Entity::Contact, Origin::Side, 1, 0, side),
        ]
    }

    #[test]
    fn an_empty_crm_field_is_an_update_and_a_different_one_a_conflict() {
        let records = pair(
            vec![
                (Role::FirstName, 0, Value::Name("JEAN".into())),
                (Role::Email, 1, email("jean.dupont@acme.fr")),
                (Role::JobTitle, 2, Value::Text("Directeur commercial".into())),
                (Role::Company, 3, company("Acme SAS")),
                (Role::Notes, 4, Value::Text("ne pas appeler le lundi".into())),
            ],
            vec![
                (Role::FirstName, 1, Value::Name("Jean".into())),
                (Role::Email, 3, email("j.dupont@acme.fr")),
                (Role::Company, 7, company("ACME")),
            ],
        );
        let changes = diff(&records, 1, 0, &Recency::default());
        let got: Vec<(Role, ChangeKind, String)> =
            changes.iter().map(|c| (c.role, c.kind, c.text())).collect();
        assert_eq!(
            got,
            [
                (
                    Role::Email,
                    ChangeKind::Conflict,
                    "j.dupont@acme.fr->jean.dupont@acme.fr".to_string()
                ),
                (Role::JobTitle, ChangeKind::Update, "->Directeur commercial".to_string()),
            ]
        );
        let conflict = &changes[0];
        assert_eq!((conflict.side, conflict.side_column), (1, 1));
        assert_eq!((conflict.crm, conflict.crm_column), (0, Some(3)));
        assert_eq!(conflict.winner, Some(Winner::Crm));
    }

    #[test]
    fn a_number_the_crm_has_anywhere_is_not_new_and_a_mobile_fills_the_mobile_field() {
        let records = pair(
            vec![(Role::Phone, 0, phone("06 12 34 56 78"))],
            vec![(Role::Mobile, 5, phone("+33612345678"))],
        );
        assert!(diff(&records, 1, 0, &Recency::default()).is_empty());

        let records = pair(
            vec![(Role::Phone, 0, phone("06 12 34 56 78"))],
            vec![(Role::Phone, 4, phone("01 42 00 00 00"))],
        );
        let changes = diff(&records, 1, 0, &Recency::default());
        assert_eq!(changes.len(), 1);
        assert_eq!((changes[0].role, changes[0].kind), (Role::Mobile, ChangeKind::Update));

        // A landline against another landline is a conflict.
        let records = pair(
            vec![(Role::Phone, 0, phone("01 42 00 00 01"))],
            vec![(Role::Phone, 4, phone("01 42 00 00 00"))],
        );
        let changes = diff(&records, 1, 0, &Recency::default());
        assert_eq!((changes[0].role, changes[0].kind), (Role::Phone, ChangeKind::Conflict));
    }

    #[test]
    fn the_more_recent_side_wins_a_conflict_else_the_crm() {
        let side_date = (Role::LastActivity, 9, Value::Date(day("2026-10-02")));
        let crm_date = (Role::UpdatedAt, 9, Value::Date(day("2026-09-14")));
        let title = |t: &str| (Role::JobTitle, 2, Value::Text(t.into()));
        let records =
            pair(vec![title("Gérant"), side_date.clone()], vec![title("Acheteur"), crm_date]);
        let changes = diff(&records, 1, 0, &Recency::default());
        assert_eq!(changes[0].winner, Some(Winner::Side));
        assert!(changes[0].reason.as_deref().unwrap().contains("2026-10-02"), "{changes:?}");

        let old_crm = (Role::UpdatedAt, 9, Value::Date(day("2026-11-01")));
        let records = pair(vec![title("Gérant"), side_date], vec![title("Acheteur"), old_crm]);
        assert_eq!(diff(&records, 1, 0, &Recency::default())[0].winner, Some(Winner::Crm));

        // The file date stands in for a side row without a date.
        let recency = Recency::new(vec![None, Some(day("2026-11-20"))]);
        let crm_date = (Role::UpdatedAt, 9, Value::Date(day("2026-09-14")));
        let records = pair(vec![title("Gérant")], vec![title("Acheteur"), crm_date]);
        let change = &diff(&records, 1, 0, &recency)[0];
        assert_eq!(change.winner, Some(Winner::Side));
        assert!(change.reason.as_deref().unwrap().contains("file modified"));
    }

    #[test]
    fn an_abbreviated_name_is_not_a_change_and_a_spelt_out_one_wins() {
        let first = |s: &str| (Role::FirstName, 0, Value::Name(s.into()));
        for (side, crm) in
            [("B.", "Benoît"), ("M-H", "Marie-Hélène"), ("Jean-Ch.", "Jean-Christophe")]
        {
            let records = pair(vec![first(side)], vec![first(crm)]);
            assert!(diff(&records, 1, 0, &Recency::default()).is_empty(), "{side} vs {crm}");
            let records = pair(vec![first(crm)], vec![first(side)]);
            let changes = diff(&records, 1, 0, &Recency::default());
            assert_eq!(changes[0].winner, Some(Winner::Side), "{crm} vs {side}");
        }
        // A typo or another name is a conflict either way.
        for (side, crm) in [("Loua", "Louna"), ("Marie", "Marie-Hélène"), ("Jean", "Jeanne")] {
            let records = pair(vec![first(side)], vec![first(crm)]);
            let changes = diff(&records, 1, 0, &Recency::default());
            assert_eq!(changes.len(), 1, "{side} vs {crm}");
            assert_eq!(changes[0].kind, ChangeKind::Conflict);
        }
    }

    #[test]
    fn unmapped_stages_derived_values_and_notes_are_not_compared() {
        let mut records = pair(
            vec![
                (Role::Stage, 0, stage("Ça avance bien")),
                (Role::Website, 1, Value::Domain("acme.fr".into())),
                (Role::Notes, 2, Value::Text("rappeler".into())),
                (Role::RecordId, 3, Value::Identifier("42".into())),
                (Role::Owner, 4, Value::Text("Claire".into())),
            ],
            vec![
                (Role::Stage, 0, stage("closedwon")),
                (Role::Owner, 4, Value::Text("Thomas".into())),
            ],
        );
        records[1].fields[1].derived_from = Some(Role::Email);
        assert!(diff(&records, 1, 0, &Recency::default()).is_empty());
    }
}
