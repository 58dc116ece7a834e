//! Import files: what to load into the CRM, one CSV per entity in load
//! order (`companies.csv`, `contacts.csv`, `deals.csv`), laid out for the
//! `--target` CRM by [`crate::targets`].
//!
//! Each file holds the new golden records and the updates of existing CRM
//! records (carrying the CRM id, so the CRM upserts instead of creating a
//! duplicate). Every entity gets its file, header only when there is
//! nothing to load, so the user sees the whole load order. Rows are in a
//! fixed order ([`targets::row_order`]: creates by key, then updates by
//! CRM id), so two runs give byte-identical files.
//!
//! Odoo empties a field whose cell is empty, so its updates go into extra
//! files, `companies-update-1.csv`, ..., each with only the columns its
//! rows fill (see [`UpdateLayout`]); they are loaded right after their
//! entity's file.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::config::TargetCrm;
use crate::model::Entity;
use crate::reconcile::{ImportAction, ImportRecord};
use crate::targets::{self, Column, LOAD_ORDER, UpdateLayout};

#[derive(Debug, Error)]
pub enum ImportError {
    #[error("{path}: cannot create the import folder: {source}")]
    Folder {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{path}: cannot write the import file: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// Write the import files of `records` for `target` into `dir` (the
/// import folder itself, `OUT/import`; created if missing). Returns the
/// files written, in the order they must be loaded.
pub fn write_imports(
    records: &[ImportRecord],
    target: TargetCrm,
    dir: &Path,
) -> Result<Vec<PathBuf>, ImportError> {
    std::fs::create_dir_all(dir)
        .map_err(|source| ImportError::Folder { path: dir.to_path_buf(), source })?;
    let mut written = Vec::new();
    for entity in LOAD_ORDER {
        let mut rows: Vec<&ImportRecord> = records.iter().filter(|r| r.entity == entity).collect();
        rows.sort_by(|a, b| targets::row_order(a, b));
        let layout = targets::layout(target, entity);
        let (main, updates): (Vec<&ImportRecord>, Vec<&ImportRecord>) = match layout.updates {
            UpdateLayout::SameFile => (rows, Vec::new()),
            UpdateLayout::OwnFilePerColumns => {
                rows.into_iter().partition(|r| r.action == ImportAction::Create)
            }
        };
        let path = dir.join(targets::file_name(entity));
        let columns: Vec<&Column> = match layout.updates {
            UpdateLayout::SameFile => layout.columns.iter().collect(),
            UpdateLayout::OwnFilePerColumns => {
                layout.columns.iter().filter(|c| !c.updates_only).collect()
            }
        };
        write_file(&path, &columns, &main, layout.bom)?;
        written.push(path);
        for (i, (columns, rows)) in update_groups(layout.columns, &updates).into_iter().enumerate()
        {
            let path = dir.join(update_file_name(entity, i + 1));
            write_file(&path, &columns, &rows, layout.bom)?;
            written.push(path);
        }
    }
    Ok(written)
}

/// `companies-update-1.csv`.
fn update_file_name(entity: Entity, n: usize) -> String {
    let stem = targets::file_name(entity).trim_end_matches(".csv");
    format!("{stem}-update-{n}.csv")
}

/// Updates grouped by the set of columns they fill, each group with only
/// those columns, groups in the order of their first row.
fn update_groups<'a>(
    columns: &'static [Column],
    updates: &[&'a ImportRecord],
) -> Vec<(Vec<&'static Column>, Vec<&'a ImportRecord>)> {
    let mut groups: Vec<(Vec<usize>, Vec<&'a ImportRecord>)> = Vec::new();
    for &r in updates {
        let filled: Vec<usize> =
            (0..columns.len()).filter(|&i| !columns[i].cell(r).is_empty()).collect();
        match groups.iter_mut().find(|(set, _)| *set == filled) {
            Some((_, rows)) => rows.push(r),
            None => groups.push((filled, vec![r])),
        }
    }
    groups
        .into_iter()
        .map(|(set, rows)| (set.iter().map(|&i| &columns[i]).collect(), rows))
        .collect()
}

fn write_file(
    path: &Path,
    columns: &[&Column],
    rows: &[&ImportRecord],
    bom: bool,
) -> Result<(), ImportError> {
    let err = |source: io::Error| ImportError::Write { path: path.to_path_buf(), source };
    let file = File::create(path).map_err(err)?;
    let mut buf = BufWriter::new(file);
    if bom {
        buf.write_all("\u{feff}".as_bytes()).map_err(err)?;
    }
    let mut out = csv::Writer::from_writer(buf);
    let csv_err = |e: csv::Error| err(io::Error::other(e));
    out.write_record(columns.iter().map(|c| c.header)).map_err(csv_err)?;
    for r in rows {
        out.write_record(columns.iter().map(|c| c.cell(r))).map_err(csv_err)?;
    }
    out.flush().map_err(err)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::str::FromStr;

    use chrono::NaiveDate;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use super::*;
    use crate::model::Role;
    use crate::normalize::amount::Amount;
    use crate::normalize::company::CompanyName;
    use crate::normalize::email::normalize_email;
    use crate::normalize::owner::Owner;
    use crate::normalize::phone::normalize_phone;
    use crate::normalize::record::Value;
    use crate::normalize::stage::{CanonicalStage, Stage, StageState};
    use crate::reconcile::Association;

    const COMPANY_NAME: &str = "Études & Conseil, \"ÉC\" SARL";
    const STREET: &str = "12, rue de la Paix\nBâtiment B";
    const DEAL_NAME: &str = "Renouvellement, \"Premium\"\n2027";
    const ACME: &str = "0015g00000AbCdEAAZ";
    /// The columns that carry a record's own CRM id, per target.
    const ID_HEADERS: [&str; 8] = [
        "crm_id",
        "Record ID",
        "Id",
        "Organization - Pipedrive System ID",
        "Person - Pipedrive System ID",
        "Deal - Pipedrive System ID",
        "id",
        ".id",
    ];

    fn text(s: &str) -> Value {
        Value::Text(s.into())
    }

    fn stage(label: &str, key: &str, c: Option<CanonicalStage>) -> Value {
        let state = c.map_or(StageState::Open, CanonicalStage::state);
        Value::Stage(std::sync::Arc::new(Stage {
            label: label.into(),
            key: Some(key.into()),
            state,
            canonical: c,
        }))
    }

    fn owner() -> Value {
        Value::Owner(std::sync::Arc::new(Owner {
            name: "Julien Lefèvre".into(),
            email: Some("julien.lefevre@vendeur.fr".into()),
        }))
    }

    fn record(
        entity: Entity,
        action: ImportAction,
        crm_id: Option<&str>,
        key: &str,
        values: Vec<(Role, Value)>,
    ) -> ImportRecord {
        ImportRecord {
            entity,
            action,
            crm_id: crm_id.map(str::to_string),
            key: key.into(),
            values,
            company: None,
            contact: None,
        }
    }

    fn new_company() -> Association {
        Association {
            crm_id: None,
            key: Some("crmrecon-company-1".into()),
            name: Some(COMPANY_NAME.into()),
            domain: Some("etudes-conseil.fr".into()),
            email: None,
        }
    }

    fn acme() -> Association {
        Association {
            crm_id: Some(ACME.into()),
            key: None,
            name: Some("Acme".into()),
            domain: Some("acme.com".into()),
            email: None,
        }
    }

    /// A small reconcile result: a new company with every awkward value,
    /// two company updates (an id as Salesforce and HubSpot write them, a
    /// bare database id as Odoo's API gives), contacts linked to the new
    /// company and to an existing one, a contact update, two new deals
    /// (one with a configured stage) and a deal update that closes it.
    /// Given out of order: the writer sorts.
    fn sample() -> Vec<ImportRecord> {
        use Entity::*;
        use ImportAction::*;
        let phone = normalize_phone("01 23 45 67 89 poste 12", "FR").value.unwrap();
        let mobile = normalize_phone("06 12 34 56 78", "FR").value.unwrap();
        let email = normalize_email("Eloise.Dupre@Etudes-Conseil.fr").value.unwrap();
        let amount = Amount::new(Decimal::from_str("12500.50").unwrap(), Some("EUR"));
        let date = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let mut contact1 = record(
            Contact,
            Create,
            None,
            "crmrecon-contact-1",
            vec![
                (Role::FirstName, Value::Name("Éloïse".into())),
                (Role::LastName, Value::Name("Dupré".into())),
                (Role::Email, Value::Email(Box::new(email))),
                (Role::Phone, Value::Phone(Box::new(phone.clone()))),
                (Role::Mobile, Value::Phone(Box::new(mobile.clone()))),
                (Role::JobTitle, text("Directrice, achats")),
            ],
        );
        contact1.company = Some(new_company());
        let mut contact2 = record(
            Contact,
            Create,
            None,
            "crmrecon-contact-2",
            vec![
                (Role::FullName, Value::Name("Jean-Luc Ménard".into())),
                (
                    Role::Email,
                    Value::Email(Box::new(normalize_email("jl.menard@acme.com").value.unwrap())),
                ),
            ],
        );
        contact2.company = Some(acme());
        let mut deal10 = record(
            Deal,
            Create,
            None,
            "crmrecon-deal-10",
            vec![
                (Role::DealName, text(DEAL_NAME)),
                (Role::Amount, Value::Amount(Box::new(amount))),
                (Role::Stage, stage("Devis", "proposal", Some(CanonicalStage::Proposal))),
                (Role::CloseDate, Value::Date(date)),
                (Role::Owner, owner()),
            ],
        );
        deal10.company = Some(new_company());
        deal10.contact = Some(Association {
            crm_id: None,
            key: Some("crmrecon-contact-1".into()),
            name: Some("Éloïse Dupré".into()),
            domain: None,
            email: Some("eloise.dupre@etudes-conseil.fr".into()),
        });
        let mut deal9 = record(
            Deal,
            Create,
            None,
            "crmrecon-deal-9",
            vec![
                (Role::DealName, text("Audit")),
                (
                    Role::Stage,
                    stage("Devis envoyé", "presentationscheduled", Some(CanonicalStage::Proposal)),
                ),
            ],
        );
        deal9.company = Some(acme());
        let mut deal_update = record(
            Deal,
            Update,
            Some("0065g00000Dl9XYZ"),
            "crmrecon-deal-3",
            vec![(Role::Stage, stage("Perdu", "lost", Some(CanonicalStage::Lost)))],
        );
        deal_update.company = Some(acme());
        vec![
            deal_update,
            deal10,
            record(
                Company,
                Update,
                Some("42"),
                "crmrecon-company-3",
                vec![(Role::Siret, Value::Identifier("55210055400013".into()))],
            ),
            contact2,
            record(
                Contact,
                Update,
                Some("0035g00000Qq1ABC"),
                "crmrecon-contact-3",
                vec![(Role::Mobile, Value::Phone(Box::new(mobile)))],
            ),
            record(
                Company,
                Create,
                None,
                "crmrecon-company-1",
                vec![
                    (
                        Role::Company,
                        Value::Company(std::sync::Arc::new(CompanyName {
                            display: COMPANY_NAME.into(),
                            key: "etudes conseil ec".into(),
                            legal_form: Some("SARL"),
                        })),
                    ),
                    (Role::Website, Value::Domain("etudes-conseil.fr".into())),
                    (Role::Siren, Value::Identifier("552100554".into())),
                    (Role::Phone, Value::Phone(Box::new(phone))),
                    (Role::Address, text(STREET)),
                    (Role::PostalCode, Value::Identifier("75002".into())),
                    (Role::City, text("Paris")),
                    (Role::Country, text("France")),
                    (Role::Owner, owner()),
                ],
            ),
            contact1,
            deal9,
            record(
                Company,
                Update,
                Some(ACME),
                "crmrecon-company-2",
                vec![(Role::Website, Value::Domain("acme.com".into()))],
            ),
        ]
    }

    /// A file read back: its raw bytes, header and rows keyed by header.
    struct Csv {
        bytes: Vec<u8>,
        header: Vec<String>,
        rows: Vec<BTreeMap<String, String>>,
    }

    impl Csv {
        fn read(path: &Path) -> Csv {
            let bytes = std::fs::read(path).unwrap();
            let mut reader = csv::Reader::from_reader(bytes.as_slice());
            let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
            let rows = reader
                .records()
                .map(|r| header.iter().cloned().zip(r.unwrap().iter().map(String::from)).collect())
                .collect();
            Csv { bytes, header, rows }
        }

        /// The cell of `column` in data row `row` (0-based).
        fn cell(&self, row: usize, column: &str) -> &str {
            self.rows[row].get(column).unwrap_or_else(|| panic!("no column {column}")).as_str()
        }

        fn column(&self, column: &str) -> Vec<&str> {
            (0..self.rows.len()).map(|i| self.cell(i, column)).collect()
        }
    }

    fn write(target: TargetCrm) -> (tempfile::TempDir, Vec<String>, BTreeMap<String, Csv>) {
        let dir = tempfile::tempdir().unwrap();
        let import = dir.path().join("import");
        let paths = write_imports(&sample(), target, &import).unwrap();
        let names: Vec<String> =
            paths.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
        let files = paths
            .iter()
            .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), Csv::read(p)))
            .collect();
        (dir, names, files)
    }

    /// What every target must do: UTF-8 without BOM with accents intact,
    /// one row per record (no row lost, none invented), every update
    /// carrying its CRM id, creates before updates, and the awkward values
    /// (commas, quotes, newlines) read back exactly.
    #[test]
    fn every_target_keeps_every_row_and_value() {
        let targets = [
            TargetCrm::Generic,
            TargetCrm::Hubspot,
            TargetCrm::Salesforce,
            TargetCrm::Pipedrive,
            TargetCrm::Odoo,
        ];
        let records = sample();
        for target in targets {
            let (_dir, names, files) = write(target);
            assert_eq!(&names[..1], ["companies.csv"], "{target:?}");
            let first = |stem: &str| names.iter().position(|n| n.starts_with(stem)).unwrap();
            assert!(first("companies") < first("contacts") && first("contacts") < first("deals"));
            for (name, file) in &files {
                assert!(!file.bytes.starts_with(b"\xef\xbb\xbf"), "{target:?} {name}: BOM");
                assert!(std::str::from_utf8(&file.bytes).is_ok(), "{target:?} {name}");
                assert!(file.header.iter().all(|h| !h.is_empty()), "{target:?} {name}");
            }
            for entity in Entity::ALL {
                let stem = targets::file_name(entity).trim_end_matches(".csv");
                let mine: Vec<&Csv> = files
                    .iter()
                    .filter(|(n, _)| {
                        n.trim_end_matches(".csv").split("-update-").next() == Some(stem)
                    })
                    .map(|(_, f)| f)
                    .collect();
                let rows: usize = mine.iter().map(|f| f.rows.len()).sum();
                let expected = records.iter().filter(|r| r.entity == entity).count();
                assert_eq!(rows, expected, "{target:?} {entity}: rows lost or invented");
                for r in records.iter().filter(|r| r.entity == entity) {
                    if let Some(id) = &r.crm_id {
                        let carried = mine
                            .iter()
                            .flat_map(|f| &f.rows)
                            .any(|row| ID_HEADERS.iter().any(|h| row.get(*h) == Some(id)));
                        assert!(carried, "{target:?}: update {id} lost its CRM id");
                    }
                }
            }
            let all = |needle: &str| {
                files.values().flat_map(|f| &f.rows).flat_map(|r| r.values()).any(|v| v == needle)
            };
            for needle in [COMPANY_NAME, DEAL_NAME] {
                assert!(all(needle), "{target:?}: {needle:?} did not survive");
            }
            let contacts = &files["contacts.csv"];
            let first_names = String::from_utf8(contacts.bytes.clone()).unwrap();
            assert!(first_names.contains("Éloïse") && first_names.contains("Ménard"), "{target:?}");
        }
    }

    #[test]
    fn generic() {
        let (_dir, names, f) = write(TargetCrm::Generic);
        assert_eq!(names, ["companies.csv", "contacts.csv", "deals.csv"]);
        let c = &f["companies.csv"];
        assert_eq!(c.column("action"), ["create", "update", "update"]);
        assert_eq!(c.column("crm_id"), ["", ACME, "42"]);
        assert_eq!(c.cell(0, "key"), "crmrecon-company-1");
        assert_eq!(c.cell(0, "phone"), "+33123456789");
        assert_eq!(c.cell(0, "address"), STREET);
        assert_eq!(c.cell(0, "postal_code"), "75002");
        assert_eq!(c.cell(0, "owner"), "Julien Lefèvre");
        assert_eq!(c.cell(2, "siret"), "55210055400013");
        let p = &f["contacts.csv"];
        assert_eq!(
            p.column("key"),
            ["crmrecon-contact-1", "crmrecon-contact-2", "crmrecon-contact-3"]
        );
        assert_eq!(p.cell(0, "email"), "eloise.dupre@etudes-conseil.fr");
        assert_eq!(p.cell(0, "mobile"), "+33612345678");
        assert_eq!(p.column("company_key"), ["crmrecon-company-1", "", ""]);
        assert_eq!(p.column("company_crm_id"), ["", ACME, ""]);
        assert_eq!(p.cell(2, "crm_id"), "0035g00000Qq1ABC");
        let d = &f["deals.csv"];
        assert_eq!(d.column("key"), ["crmrecon-deal-9", "crmrecon-deal-10", "crmrecon-deal-3"]);
        assert_eq!(d.cell(1, "amount"), "12500.50");
        assert_eq!(d.cell(1, "currency"), "EUR");
        assert_eq!(d.cell(1, "close_date"), "2026-11-26");
        assert_eq!(d.column("stage"), ["presentationscheduled", "proposal", "lost"]);
        assert_eq!(d.column("contact_key"), ["", "crmrecon-contact-1", ""]);
        assert_eq!(d.column("company_crm_id"), [ACME, "", ACME]);
    }

    #[test]
    fn hubspot() {
        let (_dir, names, f) = write(TargetCrm::Hubspot);
        assert_eq!(names, ["companies.csv", "contacts.csv", "deals.csv"]);
        let c = &f["companies.csv"];
        assert_eq!(c.column("Record ID"), ["", ACME, "42"]);
        assert_eq!(c.column("Company Domain Name"), ["etudes-conseil.fr", "acme.com", ""]);
        assert_eq!(c.cell(0, "Phone Number"), "+33123456789 ext. 12");
        assert_eq!(c.cell(0, "Company owner"), "julien.lefevre@vendeur.fr");
        let p = &f["contacts.csv"];
        assert_eq!(p.column("Record ID"), ["", "", "0035g00000Qq1ABC"]);
        assert_eq!(p.cell(0, "Email"), "eloise.dupre@etudes-conseil.fr");
        assert_eq!(p.column("Company Domain Name"), ["etudes-conseil.fr", "acme.com", ""]);
        assert_eq!(p.column("Company Record ID"), ["", ACME, ""]);
        assert_eq!(p.cell(1, "Company Name"), "Acme");
        let d = &f["deals.csv"];
        assert_eq!(d.column("Record ID"), ["", "", "0065g00000Dl9XYZ"]);
        assert_eq!(
            d.column("Deal Stage"),
            ["presentationscheduled", "presentationscheduled", "closedlost"]
        );
        assert_eq!(d.column("Pipeline"), ["default", "default", "default"]);
        assert_eq!(d.cell(1, "Amount"), "12500.50");
        assert_eq!(d.cell(1, "Currency"), "EUR");
        assert_eq!(d.cell(1, "Close Date"), "2026-11-26");
        assert_eq!(d.cell(1, "Deal owner"), "julien.lefevre@vendeur.fr");
        assert_eq!(d.cell(1, "Email"), "eloise.dupre@etudes-conseil.fr");
        assert_eq!(d.column("Company Record ID"), [ACME, "", ACME]);
        assert_eq!(d.cell(1, "Company Domain Name"), "etudes-conseil.fr");
    }

    #[test]
    fn salesforce() {
        let (_dir, names, f) = write(TargetCrm::Salesforce);
        assert_eq!(names, ["companies.csv", "contacts.csv", "deals.csv"]);
        let c = &f["companies.csv"];
        assert_eq!(c.column("Id"), ["", ACME, "42"]);
        assert_eq!(c.column("Crmrecon_Key__c"), ["crmrecon-company-1", "", ""]);
        assert_eq!(c.cell(0, "BillingStreet"), STREET);
        assert_eq!(c.cell(0, "Owner.Email"), "julien.lefevre@vendeur.fr");
        let p = &f["contacts.csv"];
        assert_eq!(p.column("AccountId"), ["", ACME, ""]);
        assert_eq!(p.column("Account.Crmrecon_Key__c"), ["crmrecon-company-1", "", ""]);
        // A name never split still fills the required LastName.
        assert_eq!(p.column("LastName"), ["Dupré", "Jean-Luc Ménard", ""]);
        assert_eq!(p.cell(2, "Id"), "0035g00000Qq1ABC");
        assert_eq!(p.cell(2, "MobilePhone"), "+33612345678");
        let d = &f["deals.csv"];
        assert_eq!(
            d.column("StageName"),
            ["presentationscheduled", "Proposal/Price Quote", "Closed Lost"]
        );
        assert_eq!(d.cell(1, "Amount"), "12500.50");
        assert_eq!(d.cell(1, "CurrencyIsoCode"), "EUR");
        assert_eq!(d.cell(1, "CloseDate"), "2026-11-26");
        assert_eq!(d.cell(1, "Contact.Crmrecon_Key__c"), "crmrecon-contact-1");
        assert_eq!(d.cell(1, "Account.Crmrecon_Key__c"), "crmrecon-company-1");
        assert_eq!(d.column("AccountId"), [ACME, "", ACME]);
        assert_eq!(d.cell(2, "Id"), "0065g00000Dl9XYZ");
    }

    #[test]
    fn pipedrive() {
        let (_dir, names, f) = write(TargetCrm::Pipedrive);
        assert_eq!(names, ["companies.csv", "contacts.csv", "deals.csv"]);
        let c = &f["companies.csv"];
        assert_eq!(c.column("Organization - Pipedrive System ID"), ["", ACME, "42"]);
        assert_eq!(c.cell(0, "Organization - Address"), format!("{STREET}, 75002 Paris, France"));
        assert_eq!(c.cell(0, "Organization - Owner"), "Julien Lefèvre");
        let p = &f["contacts.csv"];
        assert_eq!(p.column("Person - Name"), ["Éloïse Dupré", "Jean-Luc Ménard", ""]);
        assert_eq!(p.column("Organization name"), [COMPANY_NAME, "Acme", ""]);
        assert_eq!(p.cell(2, "Person - Pipedrive System ID"), "0035g00000Qq1ABC");
        let d = &f["deals.csv"];
        assert_eq!(d.column("Deal - Stage"), ["presentationscheduled", "Proposal Made", ""]);
        assert_eq!(d.column("Deal - Status"), ["Open", "Open", "Lost"]);
        assert_eq!(d.cell(1, "Deal - Value"), "12500.50");
        assert_eq!(d.cell(1, "Deal - Currency of value"), "EUR");
        assert_eq!(d.cell(1, "Deal - Expected close date"), "2026-11-26");
        assert_eq!(d.column("Organization"), ["Acme", COMPANY_NAME, "Acme"]);
        assert_eq!(d.cell(1, "Contact person"), "Éloïse Dupré");
        assert_eq!(d.cell(2, "Deal - Pipedrive System ID"), "0065g00000Dl9XYZ");
    }

    #[test]
    fn odoo() {
        let (_dir, names, f) = write(TargetCrm::Odoo);
        assert_eq!(
            names,
            [
                "companies.csv",
                "companies-update-1.csv",
                "companies-update-2.csv",
                "contacts.csv",
                "contacts-update-1.csv",
                "deals.csv",
                "deals-update-1.csv",
            ]
        );
        let c = &f["companies.csv"];
        assert!(!c.header.contains(&".id".to_string()), "an empty .id is an error in Odoo");
        assert_eq!(c.column("id"), ["crmrecon_company_1"]);
        assert_eq!(c.cell(0, "is_company"), "True");
        assert_eq!(c.cell(0, "company_registry"), "552100554");
        assert_eq!(c.cell(0, "user_id"), "Julien Lefèvre");
        // Updates: only the columns they fill, so nothing in Odoo is emptied.
        let u = &f["companies-update-1.csv"];
        assert_eq!(u.header, ["id", "is_company", "website"]);
        assert_eq!(u.column("id"), [ACME]);
        let u = &f["companies-update-2.csv"];
        assert_eq!(u.header, [".id", "is_company", "company_registry"]);
        assert_eq!(u.column(".id"), ["42"]);
        assert_eq!(u.cell(0, "company_registry"), "55210055400013");
        let p = &f["contacts.csv"];
        assert_eq!(p.column("id"), ["crmrecon_contact_1", "crmrecon_contact_2"]);
        assert_eq!(p.column("parent_id/id"), ["crmrecon_company_1", ACME]);
        assert_eq!(p.column("name"), ["Éloïse Dupré", "Jean-Luc Ménard"]);
        assert_eq!(p.cell(0, "function"), "Directrice, achats");
        let u = &f["contacts-update-1.csv"];
        assert_eq!(u.header, ["id", "is_company", "mobile"]);
        assert_eq!(u.cell(0, "id"), "0035g00000Qq1ABC");
        let d = &f["deals.csv"];
        assert_eq!(d.column("id"), ["crmrecon_deal_9", "crmrecon_deal_10"]);
        assert_eq!(d.column("partner_id/id"), [ACME, "crmrecon_contact_1"]);
        assert_eq!(d.column("stage_id"), ["presentationscheduled", "Proposition"]);
        assert_eq!(d.column("active"), ["True", "True"]);
        assert_eq!(d.column("type"), ["opportunity", "opportunity"]);
        assert_eq!(d.cell(1, "expected_revenue"), "12500.50");
        assert_eq!(d.cell(1, "date_deadline"), "2026-11-26");
        assert_eq!(d.cell(1, "email_from"), "eloise.dupre@etudes-conseil.fr");
        let u = &f["deals-update-1.csv"];
        assert_eq!(u.header, ["id", "partner_id/id", "partner_name", "active"]);
        assert_eq!(u.column("active"), ["False"]);
    }

    /// Every entity gets its file, header only, when nothing is to load.
    #[test]
    fn empty_files_show_the_load_order() {
        for target in [TargetCrm::Generic, TargetCrm::Hubspot, TargetCrm::Odoo] {
            let dir = tempfile::tempdir().unwrap();
            let paths = write_imports(&[], target, dir.path()).unwrap();
            let names: Vec<_> = paths.iter().map(|p| p.file_name().unwrap().to_owned()).collect();
            assert_eq!(names, ["companies.csv", "contacts.csv", "deals.csv"]);
            for p in &paths {
                let file = Csv::read(p);
                assert!(file.rows.is_empty() && !file.header.is_empty(), "{p:?}");
            }
        }
    }

    #[test]
    fn deterministic() {
        let dir = tempfile::tempdir().unwrap();
        let mut reversed = sample();
        reversed.reverse();
        for target in [TargetCrm::Generic, TargetCrm::Salesforce, TargetCrm::Odoo] {
            let a = write_imports(&sample(), target, &dir.path().join("a")).unwrap();
            let b = write_imports(&reversed, target, &dir.path().join("b")).unwrap();
            assert_eq!(a.len(), b.len());
            for (a, b) in a.iter().zip(&b) {
                assert_eq!(std::fs::read(a).unwrap(), std::fs::read(b).unwrap(), "{a:?}");
            }
        }
    }

    #[test]
    fn unwritable_folder_names_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("import");
        std::fs::write(&blocker, "a file, not a folder").unwrap();
        let err = write_imports(&sample(), TargetCrm::Generic, &blocker).unwrap_err();
        assert!(matches!(err, ImportError::Folder { .. }));
        assert!(err.to_string().contains("import"), "{err}");
    }

    proptest! {
        /// Any text (commas, quotes, newlines, accents, emoji) reads back
        /// as written, trimmed.
        #[test]
        fn text_round_trips(s in "\\PC{0,40}|[a-zé,\"\\n\\r ]{0,20}") {
            let dir = tempfile::tempdir().unwrap();
            let mut r = record(
                Entity::Company,
                ImportAction::Create,
                None,
                "k",
                vec![(Role::Notes, text(&s))],
            );
            r.values.push((Role::City, text(&s)));
            for target in [TargetCrm::Generic, TargetCrm::Salesforce, TargetCrm::Odoo] {
                let out = dir.path().join(format!("{target:?}"));
                let paths = write_imports(std::slice::from_ref(&r), target, &out).unwrap();
                let file = Csv::read(&paths[0]);
                prop_assert_eq!(file.rows.len(), 1);
                let city = ["city", "BillingCity"].iter().find_map(|h| file.rows[0].get(*h)).unwrap();
                prop_assert_eq!(city.as_str(), s.trim());
            }
        }
    }
}
