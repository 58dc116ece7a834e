//! The CRM export: `crm/contacts.csv`, `crm/companies.csv`, `crm/deals.csv`
//! with HubSpot's English export headers, streamed row by row (constant
//! memory), plus their ground-truth rows. A few rows are duplicates of
//! earlier ones with small differences, as in every real CRM.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use chrono::NaiveDateTime;

use super::rng::Rng;
use super::text::{ascii_fold, company_variant, csv_record, phone_variant, typo};
use super::vocab;
use super::world::{DealKey, World};
use super::{Truth, TruthRow};

const S_DUP_VARIANT: u64 = 20;

pub const CONTACTS_HEADER: &[&str] = &[
    "Record ID",
    "First Name",
    "Last Name",
    "Email",
    "Phone Number",
    "Mobile Phone Number",
    "Job Title",
    "Company Name",
    "City",
    "Postal Code",
    "Contact owner",
    "Create Date",
    "Last Modified Date",
    "Last Activity Date",
];
pub const COMPANIES_HEADER: &[&str] = &[
    "Record ID",
    "Company name",
    "Company Domain Name",
    "SIREN",
    "SIRET",
    "City",
    "Postal Code",
    "Phone Number",
    "Company owner",
    "Create Date",
];
pub const DEALS_HEADER: &[&str] = &[
    "Record ID",
    "Deal Name",
    "Deal Stage",
    "Pipeline",
    "Amount",
    "Close Date",
    "Deal owner",
    "Next Step",
    "Create Date",
    "Last Modified Date",
    "Associated Company",
    "Associated Company IDs",
    "Associated Contact",
    "Associated Contact IDs",
];

/// HubSpot record ids are large integers; one range per object type.
pub fn contact_record_id(row: usize) -> u64 {
    35_100_000_001 + row as u64
}
pub fn company_record_id(row: usize) -> u64 {
    9_870_000_001 + row as u64
}
pub fn deal_record_id(row: usize) -> u64 {
    18_400_000_001 + row as u64
}

/// HubSpot's export format for datetimes.
fn dt(d: NaiveDateTime) -> String {
    d.format("%Y-%m-%d %H:%M").to_string()
}

fn open(path: &Path) -> io::Result<BufWriter<File>> {
    Ok(BufWriter::with_capacity(1 << 20, File::create(path)?))
}

/// Writes the three CRM files under `dir` (`<out>/crm`) and their truth rows.
pub fn write_crm(world: &World, dir: &Path, truth: &mut Truth) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut buf = String::with_capacity(1024);

    // Companies.
    let mut w = open(&dir.join("companies.csv"))?;
    csv_record(&mut buf, COMPANIES_HEADER, ',', "\n");
    for row in 0..world.companies {
        let id = world.company_row_identity(row);
        let c = world.company(id);
        let mut name = c.name();
        let mut siren = c.siren.clone();
        let mut siret = c.siret.clone();
        let mut phone = c.phone.clone();
        let mut created = c.created;
        if id != row {
            let mut r = Rng::for_item(world.seed, S_DUP_VARIANT, row as u64);
            name = company_variant(&mut r, &c.core, c.legal);
            if r.chance(500) {
                siren.clear();
                siret.clear();
            }
            phone = if r.chance(500) { phone_variant(&mut r, &phone) } else { String::new() };
            created += chrono::Duration::days(r.range(1, 300));
        }
        let owner = world.owner(c.owner).full_name();
        csv_record(
            &mut buf,
            &[
                company_record_id(row).to_string(),
                name,
                c.domain,
                siren,
                siret,
                c.city.name.to_string(),
                c.city.postal.to_string(),
                phone,
                owner,
                dt(created),
            ],
            ',',
            "\n",
        );
        truth.row(&TruthRow::crm(
            "company",
            "crm/companies.csv",
            row + 2,
            format!("company-{id}"),
        ))?;
        flush_if_full(&mut w, &mut buf)?;
    }
    w.write_all(buf.as_bytes())?;
    w.flush()?;
    buf.clear();

    // Contacts.
    let mut w = open(&dir.join("contacts.csv"))?;
    csv_record(&mut buf, CONTACTS_HEADER, ',', "\n");
    for row in 0..world.contacts {
        let id = world.contact_row_identity(row);
        let (mut p, mut company) = world.person_full(id);
        if id != row {
            // The same person created again by someone else: slightly
            // different spelling, another e-mail or phone format; for
            // someone who changed jobs, often the record of the old job.
            let mut r = Rng::for_item(world.seed, S_DUP_VARIANT + 1, row as u64);
            if let Some(old) = p.old_job.take().filter(|_| r.chance(600)) {
                company = world.company(old.company);
                p.email = old.email;
                p.phone = old.phone;
                p.mobile = old.mobile;
            }
            match r.below(4) {
                0 => p.first = ascii_fold(&p.first),
                1 => p.last = typo(&mut r, &p.last),
                2 => p.last = p.last.to_uppercase(),
                _ => {}
            }
            match r.below(3) {
                0 => p.email = p.email.to_uppercase(),
                1 => p.email.clear(),
                _ => {}
            }
            p.mobile = if r.chance(600) { phone_variant(&mut r, &p.mobile) } else { String::new() };
            p.created += chrono::Duration::days(r.range(1, 200));
            p.modified = p.modified.max(p.created);
        }
        csv_record(
            &mut buf,
            &[
                contact_record_id(row).to_string(),
                p.first,
                p.last,
                p.email,
                p.phone,
                p.mobile,
                p.job.to_string(),
                company.name(),
                company.city.name.to_string(),
                company.city.postal.to_string(),
                world.owner(p.owner).full_name(),
                dt(p.created),
                dt(p.modified),
                p.last_activity.map(dt).unwrap_or_default(),
            ],
            ',',
            "\n",
        );
        truth.row(&TruthRow::crm(
            "contact",
            "crm/contacts.csv",
            row + 2,
            format!("contact-{id}"),
        ))?;
        flush_if_full(&mut w, &mut buf)?;
    }
    w.write_all(buf.as_bytes())?;
    w.flush()?;
    buf.clear();

    // Deals (no duplicates: a deal is created once, from its company page).
    let mut w = open(&dir.join("deals.csv"))?;
    csv_record(&mut buf, DEALS_HEADER, ',', "\n");
    for row in 0..world.deals {
        let (d, person, company) = world.deal_full(DealKey::Crm(row));
        csv_record(
            &mut buf,
            &[
                deal_record_id(row).to_string(),
                d.name,
                vocab::STAGES[d.stage].to_string(),
                "default".to_string(),
                d.amount.to_string(),
                d.close.format("%Y-%m-%d").to_string(),
                world.owner(d.owner).full_name(),
                d.next_step,
                dt(d.created),
                dt(d.modified),
                company.name(),
                company_record_id(d.company).to_string(),
                format!("{} {}", person.first, person.last),
                contact_record_id(d.contact).to_string(),
            ],
            ',',
            "\n",
        );
        truth.row(&TruthRow::crm(
            "deal",
            "crm/deals.csv",
            row + 2,
            DealKey::Crm(row).truth_id(),
        ))?;
        flush_if_full(&mut w, &mut buf)?;
    }
    w.write_all(buf.as_bytes())?;
    w.flush()?;
    Ok(())
}

fn flush_if_full(w: &mut impl Write, buf: &mut String) -> io::Result<()> {
    if buf.len() > 1 << 16 {
        w.write_all(buf.as_bytes())?;
        buf.clear();
    }
    Ok(())
}
