//! Quality rules on sheets built in code and normalized by the real
//! pipeline (roles forced, so that only the rules are under test).

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;

use super::*;
use crate::config::Config;
use crate::ingest::{Cell, Format, RawRow, RawSheet, SheetMeta, SheetOverride, build_table};
use crate::normalize::Locale;
use crate::normalize::record::{Context, normalize_tables};

/// A Friday; every test's "today".
pub(crate) fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
}

pub(crate) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Records of one sheet: `columns` are (header, role), the header row is
/// row 1, data rows start at row 2; each column's role is forced.
pub(crate) fn sheet(
    source: &str,
    origin: Origin,
    columns: &[(&str, Role)],
    rows: &[&[&str]],
) -> Vec<Record> {
    let cell = |s: &str| if s.is_empty() { Cell::Empty } else { Cell::text(s) };
    let mut raw = vec![RawRow { number: 1, cells: columns.iter().map(|c| cell(c.0)).collect() }];
    for (i, r) in rows.iter().enumerate() {
        raw.push(RawRow { number: i as u32 + 2, cells: r.iter().map(|s| cell(s)).collect() });
    }
    let meta = SheetMeta {
        source: Arc::from(source),
        sheet: Arc::from(if source.ends_with(".csv") { "" } else { "Feuil1" }),
        format: Format::Xlsx,
        encoding: None,
        delimiter: None,
        hidden: false,
        worksheet: true,
        notes: Vec::new(),
    };
    let settings = SheetOverride {
        header_row: Some(1),
        columns: columns.iter().map(|(h, r)| (h.to_string(), *r)).collect(),
        ..SheetOverride::default()
    };
    let sheet = RawSheet { meta, first_col: 0, rows: raw, merged: Vec::new(), issues: Vec::new() };
    let table = build_table(sheet, &settings);
    let ctx =
        Context { locale: Locale { today: today(), ..Locale::default() }, ..Context::default() };
    normalize_tables(&[table], origin, &ctx)
}

fn default_rules() -> BTreeMap<Entity, CriticalFields> {
    Config::default().critical
}

/// `row entity kind fields column`, e.g. `3 contact missing_critical company -`.
fn summary(records: &[Record], q: &Quality) -> Vec<String> {
    let mut out: Vec<String> = q
        .findings
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {} {}",
                records[f.record].provenance.row,
                f.entity,
                f.kind.as_str(),
                f.fields(),
                f.column_letter().unwrap_or_else(|| "-".into())
            )
        })
        .collect();
    out.sort();
    out
}

const NAME: &str = "full_name|last_name|first_name";
const REACH: &str = "email|phone|mobile";

fn contacts() -> Vec<Record> {
    sheet(
        "side/jean.xlsx",
        Origin::Side,
        &[
            ("Nom", Role::LastName),
            ("E-mail", Role::Email),
            ("Tél.", Role::Phone),
            ("Portable", Role::Mobile),
            ("Société", Role::Company),
        ],
        &[
            &["Dupont", "jean.dupont@acme.fr", "", "", "Acme SAS"],
            &["Martin", "", "", "06 12 34 56 78", ""],
            &["", "", "01 23 45 67 89", "", "Beta SARL"],
            &["Durand", "jean@", "", "", "Gamma"],
            &["", "", "", "", "Delta"],
        ],
    )
}

#[test]
fn contacts_need_a_name_a_way_to_reach_them_and_a_company() {
    let records = contacts();
    let q = evaluate(&records, &default_rules(), today());
    let expected = [
        "3 contact missing_critical company -".to_string(),
        format!("4 contact missing_critical {NAME} -"),
        format!("5 contact missing_critical {REACH} -"),
        "5 contact invalid_value email B".to_string(),
        format!("6 contact missing_critical {NAME} -"),
        format!("6 contact missing_critical {REACH} -"),
        "6 contact not_importable  -".to_string(),
    ];
    let mut expected = expected.to_vec();
    expected.sort();
    assert_eq!(summary(&records, &q), expected);

    let c = &q.counts[&Entity::Contact];
    assert_eq!(c.records.side, 5);
    assert_eq!(c.missing["company"].side, 1);
    assert_eq!(c.missing[NAME].side, 2);
    assert_eq!(c.missing[REACH].side, 2);
    assert_eq!(c.missing_any.total, 4);
    assert_eq!(c.invalid["email"][&IssueKind::InvalidEmail].side, 1);
    assert_eq!(c.not_importable["no name, no email and no phone"].side, 1);
    // The companies of the rows are complete; deals have a zero line per rule.
    assert_eq!(q.counts[&Entity::Company].missing_any.total, 0);
    assert_eq!(q.counts[&Entity::Deal].missing.len(), 4);

    let invalid = q.findings.iter().find(|f| f.kind == FindingKind::InvalidValue).unwrap();
    assert_eq!(invalid.raw.as_deref(), Some("jean@"));
    let at = invalid.provenance(&records).unwrap();
    assert_eq!(at.to_string(), "side/jean.xlsx › Feuil1 › B5");
}

fn deals(origin: Origin) -> Vec<Record> {
    sheet(
        "crm/deals.csv",
        origin,
        &[
            ("Deal", Role::DealName),
            ("Montant", Role::Amount),
            ("Étape", Role::Stage),
            ("Date de clôture", Role::CloseDate),
            ("Prochaine action", Role::NextAction),
        ],
        &[
            &["Refonte site", "12 500 €", "Devis envoyé", "30/11/2026", "Relance 25/11/2026"],
            &["ERP", "8 000 €", "Négociation", "10/11/2026", "Rappeler le 02/11/2026"],
            &["Audit", "3 000 €", "Gagné", "01/10/2026", ""],
            &["Formation", "", "", "", ""],
            &["Licences", "5 000 €", "Perdu", "01/09/2026", "Relance 01/09/2026"],
            &["Conseil", "2 000 €", "Qualifié", "19/11/2026", "Envoyer la doc"],
        ],
    )
}

#[test]
fn open_deals_with_a_past_date_are_stale_closed_ones_are_not() {
    let records = deals(Origin::Crm);
    let q = evaluate(&records, &default_rules(), today());
    let mut expected = vec![
        "3 deal stale_close_date close_date D",
        "3 deal overdue_next_action next_action_date E",
        "4 deal missing_critical next_action -",
        "5 deal missing_critical amount -",
        "5 deal missing_critical stage -",
        "5 deal missing_critical close_date -",
        "5 deal missing_critical next_action -",
        "7 deal stale_close_date close_date D",
    ];
    expected.sort();
    assert_eq!(summary(&records, &q), expected);
    let days: Vec<(FindingKind, Option<NaiveDate>, Option<i64>)> = q
        .findings
        .iter()
        .filter(|f| f.days_overdue.is_some())
        .map(|f| (f.kind, f.date, f.days_overdue))
        .collect();
    assert_eq!(
        days,
        [
            (FindingKind::StaleCloseDate, Some(ymd(2026, 11, 10)), Some(10)),
            (FindingKind::OverdueNextAction, Some(ymd(2026, 11, 2)), Some(18)),
            (FindingKind::StaleCloseDate, Some(ymd(2026, 11, 19)), Some(1)),
        ]
    );
    let overdue = q.findings.iter().find(|f| f.kind == FindingKind::OverdueNextAction).unwrap();
    assert_eq!(overdue.raw.as_deref(), Some("Rappeler le 02/11/2026"));
    assert_eq!(
        overdue.message(Lang::En),
        "open deal whose next action was due 2026-11-02, 18 day(s) ago"
    );
    let c = &q.counts[&Entity::Deal];
    assert_eq!((c.stale.crm, c.stale_close_date.crm, c.overdue_next_action.crm), (2, 2, 1));
    // CRM records are never "not importable": they are not imported.
    assert!(c.not_importable.is_empty());
}

#[test]
fn a_next_action_date_or_a_mobile_satisfies_the_rule_that_names_the_other() {
    let records = sheet(
        "side/pipe.csv",
        Origin::Side,
        &[
            ("Montant", Role::Amount),
            ("Étape", Role::Stage),
            ("Clôture", Role::CloseDate),
            ("Date prochaine action", Role::NextActionDate),
        ],
        &[&["1 000 €", "Prospect", "31/12/2026", "19/11/2026"]],
    );
    let q = evaluate(&records, &default_rules(), today());
    assert_eq!(summary(&records, &q), ["2 deal overdue_next_action next_action_date D"]);

    // A rule written by hand: a phone is satisfied by a mobile.
    let rules = BTreeMap::from([(Entity::Contact, vec![vec![Role::Phone]])]);
    let q = evaluate(&contacts(), &rules, today());
    let rows: Vec<u32> = q
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::MissingCritical)
        .map(|f| contacts()[f.record].provenance.row)
        .collect();
    assert_eq!(rows, [2, 5, 6], "row 3 has a mobile, row 4 a phone");
}

#[test]
fn a_contact_finds_its_company_in_the_company_record_of_its_row() {
    let records = contacts();
    let contact = records.iter().position(|r| r.provenance.row == 2).unwrap();
    assert_eq!(records[contact].entity, Entity::Contact);
    assert!(records[contact].value(Role::Company).is_none(), "the company went to its own record");
    let group = row_groups(&records).find(|g| g.contains(&contact)).unwrap();
    assert_eq!(group.len(), 2);
    assert!(has_in_row(&records, group, contact, Role::Company));
}

#[test]
fn two_inputs_normalized_apart_do_not_share_rows() {
    // Both start at table 0, row 0: only the provenance tells them apart.
    let mut records = deals(Origin::Crm);
    records.extend(deals(Origin::Side));
    let groups: Vec<_> = row_groups(&records).collect();
    assert_eq!(groups.len(), records.len());
}

#[test]
fn no_records_no_findings_and_every_entity_counted() {
    let q = evaluate(&[], &default_rules(), today());
    assert!(q.findings.is_empty());
    assert_eq!(q.counts.len(), 3);
    let json = serde_json::to_value(&q.counts).unwrap();
    assert_eq!(json["deal"]["missing"]["amount"]["total"], 0);
}

#[test]
fn messages_in_both_languages() {
    let records = contacts();
    let q = evaluate(&records, &default_rules(), today());
    let missing = q.findings.iter().find(|f| f.fields() == REACH).unwrap();
    assert_eq!(
        missing.message(Lang::En),
        "missing critical field: one of email or phone or mobile"
    );
    assert_eq!(missing.message(Lang::Fr), "champ obligatoire manquant : email ou phone ou mobile");
}
