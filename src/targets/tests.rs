use super::*;
use crate::normalize::stage::Stage;

/// Every header of every target, as the CRM's importer expects it. A
/// change here changes what users load: it must be deliberate.
#[test]
fn headers() {
    use Entity::*;
    use TargetCrm::*;
    let cases: &[(TargetCrm, Entity, &[&str])] = &[
        (
            Hubspot,
            Company,
            &[
                "Record ID",
                "Company name",
                "Company Domain Name",
                "Phone Number",
                "Street Address",
                "City",
                "Postal Code",
                "Country/Region",
                "Company owner",
            ],
        ),
        (
            Hubspot,
            Contact,
            &[
                "Record ID",
                "Email",
                "First Name",
                "Last Name",
                "Phone Number",
                "Mobile Phone Number",
                "Job Title",
                "Street Address",
                "City",
                "Postal Code",
                "Country/Region",
                "Contact owner",
                "Company Name",
                "Company Domain Name",
                "Company Record ID",
            ],
        ),
        (
            Hubspot,
            Deal,
            &[
                "Record ID",
                "Deal Name",
                "Pipeline",
                "Deal Stage",
                "Amount",
                "Currency",
                "Close Date",
                "Next step",
                "Deal owner",
                "Email",
                "Contact Record ID",
                "Company Domain Name",
                "Company Record ID",
            ],
        ),
        (
            Salesforce,
            Company,
            &[
                "Id",
                "Crmrecon_Key__c",
                "Name",
                "Website",
                "Phone",
                "BillingStreet",
                "BillingPostalCode",
                "BillingCity",
                "BillingCountry",
                "Owner.Email",
                "Description",
            ],
        ),
        (
            Salesforce,
            Contact,
            &[
                "Id",
                "Crmrecon_Key__c",
                "FirstName",
                "LastName",
                "Email",
                "Phone",
                "MobilePhone",
                "Title",
                "MailingStreet",
                "MailingPostalCode",
                "MailingCity",
                "MailingCountry",
                "Owner.Email",
                "Description",
                "AccountId",
                "Account.Crmrecon_Key__c",
            ],
        ),
        (
            Salesforce,
            Deal,
            &[
                "Id",
                "Crmrecon_Key__c",
                "Name",
                "StageName",
                "Amount",
                "CurrencyIsoCode",
                "CloseDate",
                "NextStep",
                "Owner.Email",
                "Description",
                "AccountId",
                "Account.Crmrecon_Key__c",
                "ContactId",
                "Contact.Crmrecon_Key__c",
            ],
        ),
        (
            Pipedrive,
            Company,
            &[
                "Organization - Pipedrive System ID",
                "Organization - Name",
                "Organization - Address",
                "Organization - Owner",
            ],
        ),
        (
            Pipedrive,
            Contact,
            &[
                "Person - Pipedrive System ID",
                "Person - Name",
                "Person - First name",
                "Person - Last name",
                "Person - Email (Work)",
                "Person - Phone (Work)",
                "Person - Phone (Mobile)",
                "Person - Job title",
                "Person - Owner",
                "Organization name",
            ],
        ),
        (
            Pipedrive,
            Deal,
            &[
                "Deal - Pipedrive System ID",
                "Deal - Title",
                "Deal - Value",
                "Deal - Currency of value",
                "Deal - Stage",
                "Deal - Status",
                "Deal - Expected close date",
                "Deal - Owner",
                "Organization",
                "Contact person",
            ],
        ),
        (
            Odoo,
            Company,
            &[
                "id",
                ".id",
                "name",
                "is_company",
                "website",
                "email",
                "phone",
                "street",
                "zip",
                "city",
                "country_id",
                "vat",
                "company_registry",
                "user_id",
                "comment",
            ],
        ),
        (
            Odoo,
            Contact,
            &[
                "id",
                ".id",
                "name",
                "is_company",
                "parent_id/id",
                "function",
                "email",
                "phone",
                "mobile",
                "street",
                "zip",
                "city",
                "country_id",
                "user_id",
                "comment",
            ],
        ),
        (
            Odoo,
            Deal,
            &[
                "id",
                ".id",
                "name",
                "type",
                "partner_id/id",
                "partner_name",
                "contact_name",
                "email_from",
                "expected_revenue",
                "date_deadline",
                "stage_id",
                "user_id",
                "description",
                "active",
            ],
        ),
    ];
    for (target, entity, want) in cases {
        let got: Vec<&str> = layout(*target, *entity).columns.iter().map(|c| c.header).collect();
        assert_eq!(&got, want, "{target:?} {entity}");
    }
}

/// Generic headers are role names (DESIGN.md) plus the bookkeeping and
/// link columns; no header repeats in any target.
#[test]
fn generic_headers_are_role_names() {
    let bookkeeping = [
        "action",
        "crm_id",
        "key",
        "company_key",
        "company_crm_id",
        "contact_key",
        "contact_crm_id",
    ];
    for entity in Entity::ALL {
        for c in generic::columns(entity) {
            match c.fill {
                Fill::Canonical(role) => assert_eq!(c.header, role.as_str()),
                Fill::With(_) => assert!(bookkeeping.contains(&c.header), "{}", c.header),
            }
        }
    }
    for target in [
        TargetCrm::Generic,
        TargetCrm::Hubspot,
        TargetCrm::Salesforce,
        TargetCrm::Pipedrive,
        TargetCrm::Odoo,
    ] {
        for entity in Entity::ALL {
            let headers: Vec<&str> =
                layout(target, entity).columns.iter().map(|c| c.header).collect();
            let mut unique = headers.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), headers.len(), "{target:?} {entity}: repeated header");
        }
    }
}

fn deal_with(stage: Stage) -> ImportRecord {
    ImportRecord {
        entity: Entity::Deal,
        action: ImportAction::Create,
        crm_id: None,
        key: "crmrecon-deal-1".into(),
        values: vec![(Role::Stage, Value::Stage(std::sync::Arc::new(stage)))],
        company: None,
        contact: None,
    }
}

fn canonical_stage(c: CanonicalStage, label: &str) -> Stage {
    Stage { label: label.into(), key: Some(c.id().into()), state: c.state(), canonical: Some(c) }
}

/// Each canonical stage onto each CRM's default pipeline; a stage a CRM
/// has no default for is written as the label (`En attente`), never as a
/// guessed stage.
#[test]
fn stages_per_target() {
    use CanonicalStage::*;
    type Row = (CanonicalStage, &'static str, [&'static str; 4]);
    // label, then HubSpot, Salesforce, Pipedrive, Odoo.
    let cases: &[Row] = &[
        (Lead, "Prospect", ["appointmentscheduled", "Prospecting", "Contact Made", "New"]),
        (Qualified, "Qualifié", ["qualifiedtobuy", "Qualification", "Qualified", "Qualified"]),
        (Meeting, "RDV", ["presentationscheduled", "Value Proposition", "Demo Scheduled", "RDV"]),
        (
            Proposal,
            "Devis envoyé",
            ["presentationscheduled", "Proposal/Price Quote", "Proposal Made", "Proposition"],
        ),
        (
            Negotiation,
            "Négociation",
            ["decisionmakerboughtin", "Negotiation/Review", "Negotiations Started", "Négociation"],
        ),
        (
            Contract,
            "Contrat envoyé",
            ["contractsent", "Contrat envoyé", "Contrat envoyé", "Contrat envoyé"],
        ),
        (OnHold, "En attente", ["En attente", "En attente", "En attente", "En attente"]),
        (Won, "Gagné", ["closedwon", "Closed Won", "", "Won"]),
        (Lost, "Perdu", ["closedlost", "Closed Lost", "", ""]),
    ];
    let targets =
        [TargetCrm::Hubspot, TargetCrm::Salesforce, TargetCrm::Pipedrive, TargetCrm::Odoo];
    for (c, label, want) in cases {
        let r = deal_with(canonical_stage(*c, label));
        for (target, want) in targets.iter().zip(want) {
            let col = layout(*target, Entity::Deal)
                .columns
                .iter()
                .find(|col| {
                    ["Deal Stage", "StageName", "Deal - Stage", "stage_id"].contains(&col.header)
                })
                .unwrap();
            assert_eq!(col.cell(&r), *want, "{target:?} {c:?}");
        }
        let generic = generic::columns(Entity::Deal).iter().find(|c| c.header == "stage").unwrap();
        assert_eq!(generic.cell(&r), c.id());
    }
}

/// A stage the config mapped to a CRM value is written as configured, in
/// every target, even for a closed deal; an unknown label stays the label.
#[test]
fn configured_and_unknown_stages() {
    let configured = Stage {
        label: "Signé".into(),
        key: Some("Closed - Signed".into()),
        state: StageState::Won,
        canonical: Some(CanonicalStage::Won),
    };
    let unknown =
        Stage { label: "Chaud".into(), key: None, state: StageState::Open, canonical: None };
    for target in [
        TargetCrm::Generic,
        TargetCrm::Hubspot,
        TargetCrm::Salesforce,
        TargetCrm::Pipedrive,
        TargetCrm::Odoo,
    ] {
        let col = layout(target, Entity::Deal)
            .columns
            .iter()
            .find(|c| {
                ["stage", "Deal Stage", "StageName", "Deal - Stage", "stage_id"].contains(&c.header)
            })
            .unwrap();
        assert_eq!(col.cell(&deal_with(configured.clone())), "Closed - Signed", "{target:?}");
        assert_eq!(col.cell(&deal_with(unknown.clone())), "Chaud", "{target:?}");
    }
}

#[test]
fn natural_order() {
    let mut keys = vec![
        "crmrecon-deal-10",
        "crmrecon-deal-9",
        "crmrecon-deal-009a",
        "a",
        "",
        "crmrecon-deal-1",
    ];
    keys.sort_by(|a, b| natural_cmp(a, b));
    assert_eq!(
        keys,
        ["", "a", "crmrecon-deal-1", "crmrecon-deal-9", "crmrecon-deal-009a", "crmrecon-deal-10"]
    );
    assert_eq!(natural_cmp("x007", "x7"), Ordering::Equal);
}

#[test]
fn odoo_external_ids() {
    let cases = [
        ("crmrecon-company-12", "crmrecon_company_12"),
        ("crmrecon.contact.3", "crmrecon_contact_3"),
        (" société 1 ", "soci_t__1"),
    ];
    for (key, want) in cases {
        assert_eq!(odoo::xml_id(key), want);
    }
}

#[test]
fn amounts_and_currencies() {
    use crate::normalize::amount::Amount;
    use rust_decimal::Decimal;
    use std::str::FromStr;
    /// Amount, currency read with it, currency column; amount and currency written.
    type Case =
        (&'static str, Option<&'static str>, Option<&'static str>, &'static str, &'static str);
    let cases: &[Case] = &[
        ("12500.50", Some("EUR"), None, "12500.50", "EUR"),
        ("-1200", None, Some("CHF"), "-1200", "CHF"),
        ("0.5", Some("GBP"), Some("USD"), "0.5", "USD"),
        ("1000000", None, None, "1000000", ""),
    ];
    for (v, with_amount, column, amount_text, currency_text) in cases {
        let mut values = vec![(
            Role::Amount,
            Value::Amount(Box::new(Amount::new(Decimal::from_str(v).unwrap(), *with_amount))),
        )];
        if let Some(c) = column {
            values.push((Role::Currency, Value::Currency((*c).into())));
        }
        let r = ImportRecord { values, ..deal_with(canonical_stage(CanonicalStage::Lead, "x")) };
        assert_eq!(amount(&r).unwrap(), *amount_text);
        assert_eq!(currency(&r).unwrap_or_default(), *currency_text, "{v}");
    }
}
