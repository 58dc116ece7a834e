//! Role mapping on tables built from sheets in code: headers first, then
//! values confirming or correcting them, then context for ambiguous words.

use std::sync::Arc;

use super::*;
use crate::ingest::{Format, RawRow, RawSheet, SheetMeta, header};

fn cell(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else if let Some(n) = s.strip_prefix('#').and_then(|n| n.parse::<f64>().ok()) {
        Cell::Number(n)
    } else if let Some(d) = s.strip_prefix('@') {
        let date = NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("test date");
        Cell::Date(date.and_hms_opt(0, 0, 0).expect("midnight"))
    } else {
        Cell::text(s)
    }
}

/// Build a table the way ingest does: header detection, then roles.
fn table_with(headers: &[&str], rows: &[&[&str]], settings: &SheetOverride) -> Table {
    let mut raw = vec![RawRow { number: 1, cells: headers.iter().map(|h| cell(h)).collect() }];
    for (i, r) in rows.iter().enumerate() {
        raw.push(RawRow { number: i as u32 + 2, cells: r.iter().map(|s| cell(s)).collect() });
    }
    let meta = SheetMeta {
        source: Arc::from("side/prospects.xlsx"),
        sheet: Arc::from("Feuil1"),
        format: Format::Xlsx,
        encoding: None,
        delimiter: None,
        hidden: false,
        worksheet: true,
        notes: Vec::new(),
    };
    let sheet = RawSheet { meta, first_col: 0, rows: raw, merged: Vec::new(), issues: Vec::new() };
    let mut t = header::detect(sheet, settings);
    assert_eq!(t.header_row, Some(1), "the test header must be detected");
    assign(&mut t, settings);
    t
}

fn roles_of(headers: &[&str], rows: &[&[&str]]) -> Vec<Role> {
    table_with(headers, rows, &SheetOverride::default()).columns.iter().map(|c| c.role).collect()
}

#[test]
fn a_contact_column_full_of_emails_is_the_email() {
    let roles = roles_of(
        &["Société", "Contact", "Ville"],
        &[
            &["Acme", "jean@acme.fr", "Paris"],
            &["Beta", "anne@beta.fr", "Lyon"],
            &["Gamma", "paul@gamma.fr", "Nantes"],
        ],
    );
    assert_eq!(roles, [Role::Company, Role::Email, Role::City]);
}

#[test]
fn phones_stored_as_numbers_are_phones() {
    let roles = roles_of(
        &["Nom", "Contact", "Num"],
        &[
            &["Dupont", "#612345678", "#144556677"],
            &["Durand", "#712345678", "#144556688"],
            &["Martin", "#698765432", "#155667788"],
        ],
    );
    assert_eq!(roles, [Role::LastName, Role::Phone, Role::Phone]);
}

#[test]
fn nom_alone_with_full_names_is_the_full_name() {
    let roles = roles_of(
        &["Nom", "Email"],
        &[
            &["Jean Dupont", "jean@acme.fr"],
            &["Anne Durand", "anne@beta.fr"],
            &["Paul Martin", "paul@gamma.fr"],
        ],
    );
    assert_eq!(roles, [Role::FullName, Role::Email]);
}

#[test]
fn nom_next_to_prenom_is_the_last_name() {
    let roles = roles_of(
        &["Nom", "Prénom", "E-mail"],
        &[&["Dupont", "Jean", "jean@acme.fr"], &["De La Tour", "Anne", "anne@beta.fr"]],
    );
    assert_eq!(roles, [Role::LastName, Role::FirstName, Role::Email]);
}

#[test]
fn nom_in_a_company_list_is_the_company() {
    let roles = roles_of(
        &["Nom", "SIREN", "Site web", "Ville"],
        &[
            &["Dupont Industries", "552100554", "dupont.fr", "Lyon"],
            &["Acme", "#732829320", "www.acme.fr", "Paris"],
        ],
    );
    assert_eq!(roles, [Role::Company, Role::Siren, Role::Website, Role::City]);
}

#[test]
fn mobile_comes_from_the_header_never_from_the_numbers() {
    // Whether one number is a mobile is decided per value when normalizing;
    // a `Téléphone` column of 06 numbers stays the phone column.
    let rows: &[&[&str]] =
        &[&["06 12 34 56 78", "01 44 55 66 77"], &["07 12 34 56 78", "+33 1 44 55 66 88"]];
    assert_eq!(roles_of(&["Téléphone", "Tél. fixe"], rows), [Role::Phone, Role::Phone]);
    let rows: &[&[&str]] =
        &[&["06 12 34 56 78", "06 11 22 33 44"], &["07 12 34 56 78", "07 11 22 33 44"]];
    assert_eq!(roles_of(&["Tél", "Portable"], rows), [Role::Phone, Role::Mobile]);
    assert_eq!(roles_of(&["GSM"], &[&["01 44 55 66 77"], &["06 11 22 33 44"]]), [Role::Mobile]);
}

#[test]
fn an_email_header_full_of_phones_is_a_phone() {
    let roles = roles_of(
        &["Email", "Nom"],
        &[&["01 44 55 66 77", "Dupont"], &["01 44 55 66 88", "Durand"]],
    );
    assert_eq!(roles, [Role::Phone, Role::LastName]);
}

#[test]
fn siren_or_siret_by_digit_count() {
    let roles = roles_of(
        &["Société", "SIREN / SIRET", "N° SIREN"],
        &[&["Acme", "732 829 320 00074", "552100554"], &["Beta", "#55210055400013", "732829320"]],
    );
    assert_eq!(roles, [Role::Company, Role::Siret, Role::Siren]);
}

#[test]
fn dates_decide_ambiguous_date_and_relance_columns() {
    // Past dates in a contact list: the last activity.
    let roles = roles_of(
        &["Nom", "Prénom", "Date"],
        &[&["Dupont", "Jean", "@2019-03-01"], &["Durand", "Anne", "12/05/2019"]],
    );
    assert_eq!(roles, [Role::LastName, Role::FirstName, Role::LastActivity]);
    // Future dates in a deal sheet: the close date.
    let roles = roles_of(
        &["Affaire", "Montant", "Date", "Relance"],
        &[
            &["Refonte site", "#12000", "@2099-06-30", "@2099-01-15"],
            &["Audit", "#3000", "30/09/2099", "15/02/2099"],
        ],
    );
    assert_eq!(roles, [Role::DealName, Role::Amount, Role::CloseDate, Role::NextActionDate]);
}

#[test]
fn statut_is_a_stage_only_in_a_deal_sheet_or_with_stage_values() {
    let roles = roles_of(
        &["Nom", "Prénom", "Statut"],
        &[&["Dupont", "Jean", "Client"], &["Durand", "Anne", "Prospect"]],
    );
    assert_eq!(roles, [Role::LastName, Role::FirstName, Role::Custom]);
    let roles = roles_of(
        &["Affaire", "Montant", "Statut"],
        &[&["Audit", "#3000", "Client"], &["Site", "#900", "Prospect"]],
    );
    assert_eq!(roles, [Role::DealName, Role::Amount, Role::Stage]);
    let roles = roles_of(
        &["Société", "Statut"],
        &[&["Acme", "Gagné"], &["Beta", "Perdu"], &["Gamma", "Proposition envoyée"]],
    );
    assert_eq!(roles, [Role::Company, Role::Stage]);
}

#[test]
fn salesforce_name_columns_follow_the_export() {
    let roles = roles_of(
        &["Id", "Name", "StageName", "Amount", "CloseDate"],
        &[&["0061x00000AbCdE", "Refonte site Acme", "Prospecting", "#12000", "2099-06-30"]],
    );
    assert_eq!(roles, [Role::RecordId, Role::DealName, Role::Stage, Role::Amount, Role::CloseDate]);
    let roles = roles_of(
        &["Id", "Name", "Website", "Phone", "Industry"],
        &[&["0011x00000AbCdE", "Acme", "acme.com", "+1 415 555 0100", "Software"]],
    );
    assert_eq!(roles, [Role::RecordId, Role::Company, Role::Website, Role::Phone, Role::Custom]);
    let roles = roles_of(
        &["Id", "FirstName", "LastName", "Name", "Email"],
        &[&["0031x00000AbCdE", "Jean", "Dupont", "Jean Dupont", "jean@acme.fr"]],
    );
    assert_eq!(
        roles,
        [Role::RecordId, Role::FirstName, Role::LastName, Role::FullName, Role::Email]
    );
}

#[test]
fn client_with_numbers_is_a_flag_not_a_company() {
    let roles = roles_of(&["Raison sociale", "Client"], &[&["Acme", "#1"], &["Beta", "#3"]]);
    assert_eq!(roles, [Role::Company, Role::Custom]);
    let roles = roles_of(&["Client", "Montant"], &[&["Acme", "#1200"], &["Beta", "#300"]]);
    assert_eq!(roles, [Role::Company, Role::Amount]);
}

#[test]
fn unknown_columns_stay_custom_unless_their_values_are_clear() {
    let roles = roles_of(
        &["Origine du lead", "Coordonnées", "Lien"],
        &[&["Salon", "jean@acme.fr", "https://acme.fr"], &["Web", "anne@beta.fr", "www.beta.fr"]],
    );
    assert_eq!(roles, [Role::Custom, Role::Email, Role::Website]);
    // A known non-role header keeps Custom whatever its values.
    assert_eq!(
        roles_of(&["Fax", "Nom"], &[&["01 44 55 66 77", "Dupont"]]),
        [Role::Custom, Role::LastName]
    );
}

#[test]
fn the_config_forces_roles_matching_folded_headers() {
    let mut settings = SheetOverride::default();
    settings.columns.insert("COORDONNÉES".into(), Role::Phone);
    settings.columns.insert("Nom".into(), Role::Company);
    let t = table_with(&["Nom", "Coordonnées"], &[&["Acme", "jean@acme.fr"]], &settings);
    let got: Vec<(Role, f32)> = t.columns.iter().map(|c| (c.role, c.confidence)).collect();
    assert_eq!(got, [(Role::Company, 1.0), (Role::Phone, 1.0)]);
}

#[test]
fn confidence_reflects_agreement_of_header_and_values() {
    let t = table_with(
        &["Email", "Mail perso"],
        &[&["jean@acme.fr", "n/a"], &["anne@beta.fr", "inconnu"]],
        &SheetOverride::default(),
    );
    assert!(t.columns[0].confidence >= 0.95, "{:?}", t.columns[0]);
    assert!(t.columns[1].confidence < 0.6, "{:?}", t.columns[1]);
    assert!(t.columns.iter().all(|c| (0.0..=1.0).contains(&c.confidence)));
}

#[test]
fn headerless_sheets_get_roles_from_values() {
    let rows = vec![
        RawRow {
            number: 1,
            cells: vec![cell("jean@acme.fr"), cell("Jean Dupont"), cell("06 12 34 56 78")],
        },
        RawRow {
            number: 2,
            cells: vec![cell("anne@beta.fr"), cell("Anne Durand"), cell("#712345678")],
        },
    ];
    let meta = SheetMeta {
        source: Arc::from("liste.csv"),
        sheet: Arc::from(""),
        format: Format::Csv,
        encoding: Some("UTF-8"),
        delimiter: Some(';'),
        hidden: false,
        worksheet: true,
        notes: Vec::new(),
    };
    let sheet = RawSheet { meta, first_col: 0, rows, merged: Vec::new(), issues: Vec::new() };
    let mut t = header::detect(sheet, &SheetOverride::default());
    assert_eq!(t.header_row, None);
    assign(&mut t, &SheetOverride::default());
    let roles: Vec<Role> = t.columns.iter().map(|c| c.role).collect();
    assert_eq!(roles, [Role::Email, Role::Custom, Role::Phone]);
}

#[test]
fn crm_export_headers_map_end_to_end() {
    // HubSpot contacts export (default view), one row.
    let roles = roles_of(
        &[
            "Record ID",
            "First Name",
            "Last Name",
            "Email",
            "Phone Number",
            "Contact owner",
            "Primary Associated Company ID",
            "Last Activity Date",
            "Lead Status",
            "Create Date",
            "Associated Company",
        ],
        &[&[
            "#51",
            "Jean",
            "Dupont",
            "jean@acme.fr",
            "+33 1 44 55 66 77",
            "commercial@ourco.fr",
            "#1234",
            "2019-03-01 10:00",
            "Open",
            "2018-01-01",
            "Acme",
        ]],
    );
    use Role::*;
    assert_eq!(
        roles,
        [
            RecordId,
            FirstName,
            LastName,
            Email,
            Phone,
            Owner,
            CompanyId,
            LastActivity,
            Custom,
            CreatedAt,
            Company
        ]
    );
}

#[test]
fn a_due_date_right_after_the_next_action_is_its_date() {
    let rows: &[&[&str]] = &[&["Acme", "Rappeler", "12/12/2026", "12 000"]];
    assert_eq!(
        roles_of(&["Société", "Prochaine étape", "Échéance", "Montant"], rows),
        [Role::Company, Role::NextAction, Role::NextActionDate, Role::Amount]
    );
    // Elsewhere an échéance is the deal's close date.
    assert_eq!(
        roles_of(
            &["Société", "Échéance", "Prochaine étape", "Montant"],
            &[&["Acme", "12/12/2026", "Rappeler", "12 000"]]
        ),
        [Role::Company, Role::CloseDate, Role::NextAction, Role::Amount]
    );
}
