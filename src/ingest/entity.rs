//! Which entity (or entities) a sheet's rows describe.
//!
//! The column roles decide: deal roles (amount, stage, deal name, close
//! date) make each row a deal, person roles (names, email, mobile, job
//! title) a contact, company roles (company, website, SIREN/SIRET, VAT) a
//! company. A prospects sheet with all three yields the three, linked by
//! row. The main entity is the deal when the sheet has an amount or a stage,
//! else the contact, else the company. The config forces the main entity; a
//! sheet or file name (`Contacts`, `Sociétés`, `Pipeline`) only breaks ties.

use std::path::Path;

use super::{SheetOverride, Table, synonyms};
use crate::model::{Entity, Role};

/// Set `table.entity` and `table.entities` from its column roles.
pub fn assign(table: &mut Table, settings: &SheetOverride) {
    let roles: Vec<Role> = table.columns.iter().map(|c| c.role).collect();
    let has = |r: Role| roles.contains(&r);
    let any = |rs: &[Role]| rs.iter().any(|r| roles.contains(r));

    let hint = name_hint(&table.meta.sheet, &table.meta.source);

    let deal_strong = any(&[Role::Amount, Role::Stage]);
    let deal = deal_strong || any(&[Role::DealName, Role::CloseDate]);
    let company_ids = any(&[Role::Website, Role::Siren, Role::Siret, Role::VatNumber]);
    let company = has(Role::Company) || company_ids;
    let person_strong =
        any(&[Role::FirstName, Role::LastName, Role::FullName, Role::Mobile, Role::JobTitle]);
    // An email next to a SIREN or a website with no person column is the
    // company's address (`contact@acme.fr`), unless the name says contacts.
    let email_only = has(Role::Email) && !person_strong;
    let contact = person_strong || (email_only && (!company_ids || hint == Some(Entity::Contact)));

    let mut entities: Vec<Entity> = Vec::new();
    if contact {
        entities.push(Entity::Contact);
    }
    if company {
        entities.push(Entity::Company);
    }
    if deal {
        entities.push(Entity::Deal);
    }

    let main = if let Some(forced) = settings.entity {
        forced
    } else if deal_strong {
        Entity::Deal
    } else if deal && hint == Some(Entity::Deal) {
        // Only a deal name or a close date: the name decides.
        Entity::Deal
    } else if contact && company && hint == Some(Entity::Company) && !person_strong {
        Entity::Company
    } else if contact {
        Entity::Contact
    } else if company {
        Entity::Company
    } else if deal {
        Entity::Deal
    } else {
        let fallback = hint.unwrap_or(Entity::Contact);
        table.warnings.push(format!(
            "no column says what the rows describe (no name, email, company or deal column); read as {fallback}s; \
             set `entity` in a [[mapping]] entry if that is wrong"
        ));
        fallback
    };
    if !entities.contains(&main) {
        entities.push(main);
        entities.sort();
    }
    table.entity = Some(main);
    table.entities = entities;
}

/// The entity a sheet name, or else the file name, points to.
fn name_hint(sheet: &str, source: &str) -> Option<Entity> {
    let stem = Path::new(source).file_stem().and_then(|s| s.to_str()).unwrap_or("");
    synonyms::entity_hint(sheet).or_else(|| synonyms::entity_hint(stem))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::ingest::{Column, Format, SheetMeta, SheetStatus};

    fn table(sheet: &str, source: &str, roles: &[Role]) -> Table {
        let meta = SheetMeta {
            source: Arc::from(source),
            sheet: Arc::from(sheet),
            format: Format::Csv,
            encoding: None,
            delimiter: None,
            hidden: false,
            worksheet: true,
            notes: Vec::new(),
        };
        let mut t = Table::unused(meta, SheetStatus::Used, None);
        t.columns = roles
            .iter()
            .enumerate()
            .map(|(pos, role)| Column {
                pos,
                index: pos as u32,
                letter: crate::ingest::letter_of(0, pos),
                header: role.as_str().to_string(),
                role: *role,
                confidence: 0.9,
                samples: Vec::new(),
            })
            .collect();
        t
    }

    /// Sheet name, file name, column roles, main entity, entities.
    type Case<'a> = (&'a str, &'a str, &'a [Role], Entity, &'a [Entity]);

    #[test]
    fn sheets_yield_the_entities_their_columns_describe() {
        use Entity::{Company as CoE, Contact as CtE, Deal as DlE};
        use Role::*;
        let cases: &[Case] = &[
            // A prospects sheet: a person, their company and a deal per row.
            (
                "Prospects",
                "side/jean.xlsx",
                &[Company, FullName, Email, Phone, Amount, Stage, NextAction],
                DlE,
                &[CtE, CoE, DlE],
            ),
            (
                "",
                "contacts.csv",
                &[FirstName, LastName, Email, Mobile, Company, City],
                CtE,
                &[CtE, CoE],
            ),
            ("", "export.csv", &[FirstName, LastName, Email], CtE, &[CtE]),
            ("Sociétés", "a.xlsx", &[Company, Siren, Website, City], CoE, &[CoE]),
            // A company list with a generic email address stays a company list.
            ("Feuil1", "a.xlsx", &[Company, Siret, Email, Phone, City], CoE, &[CoE]),
            (
                "Deals",
                "hubspot.csv",
                &[RecordId, DealName, Stage, Amount, CloseDate, Owner, Company],
                DlE,
                &[CoE, DlE],
            ),
            // Only a deal name: the sheet name breaks the tie.
            ("Opportunités", "a.xlsx", &[DealName, FullName, Email], DlE, &[CtE, DlE]),
            ("Feuil1", "a.xlsx", &[DealName, FullName, Email], CtE, &[CtE, DlE]),
            // The sheet name never overrides clear columns.
            ("Contacts", "a.xlsx", &[Company, Amount, Stage], DlE, &[CoE, DlE]),
        ];
        for (sheet, source, roles, main, entities) in cases {
            let mut t = table(sheet, source, roles);
            assign(&mut t, &SheetOverride::default());
            assert_eq!(t.entity, Some(*main), "{sheet} {source} {roles:?}");
            assert_eq!(&t.entities, entities, "{sheet} {source} {roles:?}");
        }
    }

    #[test]
    fn the_config_forces_the_main_entity() {
        let mut t = table("Feuil1", "a.xlsx", &[Role::FirstName, Role::LastName, Role::Email]);
        let settings = SheetOverride { entity: Some(Entity::Company), ..SheetOverride::default() };
        assign(&mut t, &settings);
        assert_eq!(t.entity, Some(Entity::Company));
        assert_eq!(t.entities, vec![Entity::Contact, Entity::Company]);
    }

    #[test]
    fn a_sheet_of_unknown_columns_still_gets_an_entity_and_a_warning() {
        let mut t = table("Feuil1", "pipeline 2026.xlsx", &[Role::Custom, Role::Notes]);
        assign(&mut t, &SheetOverride::default());
        assert_eq!(t.entity, Some(Entity::Deal));
        assert_eq!(t.entities, vec![Entity::Deal]);
        assert_eq!(t.warnings.len(), 1);
    }
}
