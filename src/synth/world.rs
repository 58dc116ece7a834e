//! The real world behind the data set: people, companies and deals, each a
//! pure function of (seed, index). Nothing is stored, so the CRM files can
//! stream a million rows in constant memory while side files regenerate any
//! record they copy.
//!
//! Identities and CRM rows are distinct: a CRM row is usually its own
//! identity, but a few rows are duplicates of an earlier row (the same
//! person typed in twice), which is what the ground truth records.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::rng::Rng;
use super::text::slug;
use super::vocab::{self, City};

/// The reference "today" of every data set, fixed so output never depends
/// on the clock.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap_or_default()
}

// Stream tags of `Rng::for_item`, one per kind of draw.
const S_PERSON: u64 = 1;
const S_COMPANY: u64 = 2;
const S_DEAL: u64 = 3;
const S_CONTACT_ROW: u64 = 4;
const S_COMPANY_ROW: u64 = 5;
const S_NEW_DEAL: u64 = 6;
const S_NEW_COMPANY_OF: u64 = 7;

/// Sizes and seed: enough to regenerate any record.
#[derive(Clone, Debug)]
pub struct World {
    pub seed: u64,
    pub contacts: usize,
    pub companies: usize,
    pub deals: usize,
    /// Companies that exist only in side files have indexes
    /// `companies..companies + new_companies`.
    pub new_companies: usize,
    pub owners: usize,
}

#[derive(Clone, Debug)]
pub struct Owner {
    pub first: &'static str,
    pub last: &'static str,
    pub email: String,
}

impl Owner {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first, self.last)
    }
}

#[derive(Clone, Debug)]
pub struct Company {
    pub id: usize,
    /// The name without legal form (`Boulangerie Martin`).
    pub core: String,
    /// `SAS`, `SARL`… or empty.
    pub legal: &'static str,
    pub domain: String,
    pub siren: String,
    pub city: City,
    pub phone: String,
    pub owner: usize,
    pub created: NaiveDateTime,
    /// English-speaking customer (UK/US subsidiary).
    pub english: bool,
}

impl Company {
    pub fn name(&self) -> String {
        if self.legal.is_empty() {
            self.core.clone()
        } else {
            format!("{} {}", self.core, self.legal)
        }
    }
}

#[derive(Clone, Debug)]
pub struct Person {
    pub id: usize,
    pub first: String,
    pub last: String,
    pub email: String,
    /// Landline (often the company's), possibly empty.
    pub phone: String,
    pub mobile: String,
    pub job: &'static str,
    pub company: usize,
    pub owner: usize,
    pub created: NaiveDateTime,
    pub modified: NaiveDateTime,
    pub last_activity: Option<NaiveDateTime>,
}

/// A deal's identity: a CRM deal (by identity index) or a deal that exists
/// only in side files, one per person at most.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DealKey {
    Crm(usize),
    New(usize),
}

impl DealKey {
    pub fn truth_id(self) -> String {
        match self {
            DealKey::Crm(d) => format!("deal-{d}"),
            DealKey::New(p) => format!("deal-new-{p}"),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Deal {
    pub key: DealKey,
    pub name: String,
    /// Whole euros.
    pub amount: u64,
    /// Index into `vocab::STAGES`.
    pub stage: usize,
    pub close: NaiveDate,
    pub owner: usize,
    pub company: usize,
    pub contact: usize,
    pub next_step: String,
    pub next_date: Option<NaiveDate>,
    pub created: NaiveDateTime,
    pub modified: NaiveDateTime,
}

impl Deal {
    pub fn is_open(&self) -> bool {
        self.stage < 5
    }
}

/// A valid SIREN: 8 random digits and a Luhn check digit.
pub fn siren(rng: &mut Rng) -> String {
    let mut digits: Vec<u8> =
        (0..8).map(|i| if i == 0 { 1 + rng.below(9) as u8 } else { rng.below(10) as u8 }).collect();
    // The check digit sits at an even position from the right; compute the
    // Luhn sum of the 8 digits as if the check digit were already appended.
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    digits.push(((10 - sum % 10) % 10) as u8);
    digits.iter().map(|d| char::from(b'0' + d)).collect()
}

/// Luhn check, used by tests and by anyone checking the fixtures.
pub fn luhn_valid(s: &str) -> bool {
    let Some(digits) = s.chars().rev().map(|c| c.to_digit(10)).collect::<Option<Vec<u32>>>() else {
        return false;
    };
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, &d)| if i % 2 == 1 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { d })
        .sum();
    !digits.is_empty() && sum.is_multiple_of(10)
}

fn digits(rng: &mut Rng, n: usize) -> String {
    (0..n).map(|_| char::from(b'0' + rng.below(10) as u8)).collect()
}

/// A French number in national form without spaces (`0612345678`), in a
/// range the numbering plan allocates to metropolitan France (04 0x and
/// 06 9x, for instance, are not: they belong to no one or to overseas
/// departments), so that only the numbers meant to be wrong are invalid.
/// Digits are drawn first and then moved into range, so the random stream,
/// and everything generated after, stays the same.
pub fn landline(rng: &mut Rng, area: u8) -> String {
    let mut rest = digits(rng, 8).into_bytes();
    if area == 4 && rest[0] == b'0' {
        rest[0] = b'1';
    }
    format!("0{area}{}", String::from_utf8(rest).unwrap_or_default())
}

pub fn mobile(rng: &mut Rng) -> String {
    let six = rng.chance(700);
    let mut rest = digits(rng, 8).into_bytes();
    rest[0] = match (six, rest[0]) {
        // 06 3x and 06 9x are overseas mobiles; 07 0x–07 2x are unallocated.
        (true, b'3') => b'4',
        (true, b'9') => b'8',
        (false, d @ b'0'..=b'2') => d + 3,
        (_, d) => d,
    };
    format!("0{}{}", if six { 6 } else { 7 }, String::from_utf8(rest).unwrap_or_default())
}

fn datetime_before(rng: &mut Rng, max_days: i64, min_days: i64) -> NaiveDateTime {
    let day = today() - Duration::days(rng.range(min_days, max_days));
    day.and_hms_opt(rng.range(8, 19) as u32, rng.range(0, 59) as u32, 0).unwrap_or_default()
}

/// An amount in euros between 500 and 250,000, usually round.
pub fn amount(rng: &mut Rng) -> u64 {
    // Log-like buckets without floating point.
    let (lo, hi, step) = *rng.pick(&[
        (500u64, 2_000u64, 50u64),
        (2_000, 10_000, 100),
        (2_000, 10_000, 500),
        (10_000, 50_000, 500),
        (10_000, 50_000, 1_000),
        (50_000, 250_000, 5_000),
    ]);
    let v = lo + rng.below(hi - lo + 1);
    if rng.chance(150) { v } else { (v / step).max(1) * step }
}

impl World {
    pub fn owner(&self, i: usize) -> Owner {
        let (first, last) = vocab::OWNERS[i % vocab::OWNERS.len()];
        let email = format!("{}.{}@{}", slug(first, ""), slug(last, ""), vocab::OWN_DOMAIN);
        Owner { first, last, email }
    }

    /// The earlier row a CRM row duplicates, if it is a duplicate
    /// (`per_mille` of rows are).
    fn dup_target(&self, stream: u64, row: usize, per_mille: u32) -> Option<usize> {
        let mut r = Rng::for_item(self.seed, stream, row as u64);
        (row >= 20 && r.chance(per_mille)).then(|| row - 1 - r.index(row.min(200)))
    }

    /// Which person a CRM contact row holds: its own index, or for ~2% of
    /// rows an earlier person typed in again. Always a non-duplicate row, so
    /// the identity's own row carries its canonical record id.
    pub fn contact_row_identity(&self, row: usize) -> usize {
        let mut r = row;
        while let Some(e) = self.dup_target(S_CONTACT_ROW, r, 20) {
            r = e;
        }
        r
    }

    pub fn contact_row_is_duplicate(&self, row: usize) -> bool {
        self.dup_target(S_CONTACT_ROW, row, 20).is_some()
    }

    /// Which company a CRM company row holds (~1% duplicates).
    pub fn company_row_identity(&self, row: usize) -> usize {
        let mut r = row;
        while let Some(e) = self.dup_target(S_COMPANY_ROW, r, 10) {
            r = e;
        }
        r
    }

    pub fn company_row_is_duplicate(&self, row: usize) -> bool {
        self.dup_target(S_COMPANY_ROW, row, 10).is_some()
    }

    pub fn company(&self, id: usize) -> Company {
        let mut r = Rng::for_item(self.seed, S_COMPANY, id as u64);
        let owner = r.index(self.owners);
        let english = r.chance(60);
        let family = *r.pick_skewed(vocab::SURNAMES_FR);
        let core = if english {
            format!("{} {}", r.pick(vocab::EN_WORDS), r.pick(vocab::EN_SUFFIX))
        } else {
            match r.below(6) {
                0 | 1 => format!("{} {}", r.pick(vocab::ACTIVITY), family),
                2 => format!("{} {}", r.pick(vocab::ACTIVITY), r.pick(vocab::CITIES).name),
                3 => format!("{}{}", r.pick(vocab::BRAND_A), r.pick(vocab::BRAND_B)),
                4 => format!(
                    "{}{} {}",
                    r.pick(vocab::BRAND_A),
                    r.pick(vocab::BRAND_B),
                    r.pick(vocab::GENERIC)
                ),
                _ => {
                    if r.chance(500) {
                        format!("{family} & Fils")
                    } else {
                        format!("{family} {}", r.pick(vocab::GENERIC))
                    }
                }
            }
        };
        let legal = if english {
            *r.pick(vocab::LEGAL_EN)
        } else if r.chance(150) {
            ""
        } else {
            *r.pick_skewed(vocab::LEGAL_FR)
        };
        let tld = if english {
            ".com"
        } else if r.chance(750) {
            ".fr"
        } else {
            ".com"
        };
        let domain = slug(&core, "-") + tld;
        let city = *r.pick_skewed(vocab::CITIES);
        Company {
            id,
            siren: siren(&mut r),
            phone: landline(&mut r, city.area),
            owner,
            created: datetime_before(&mut r, 1400, 30),
            core,
            legal,
            domain,
            city,
            english,
        }
    }

    /// The company of a person: a CRM company identity, or for side-only
    /// people often a side-only company.
    fn company_of(&self, person: usize, r: &mut Rng) -> usize {
        if person >= self.contacts && self.new_companies > 0 {
            let mut n = Rng::for_item(self.seed, S_NEW_COMPANY_OF, person as u64);
            if n.chance(550) {
                return self.companies + n.index(self.new_companies);
            }
        }
        self.company_row_identity(r.index(self.companies.max(1)))
    }

    pub fn person(&self, id: usize) -> Person {
        self.person_full(id).0
    }

    /// A person and their company (built once: the CRM writer needs both).
    pub fn person_full(&self, id: usize) -> (Person, Company) {
        let mut r = Rng::for_item(self.seed, S_PERSON, id as u64);
        let company_id = self.company_of(id, &mut r);
        let owner = self.owner_draw(company_id, &mut r);
        let company = self.company(company_id);
        let english = company.english || r.chance(40);
        let (first, last) = if english {
            (r.pick_skewed(vocab::FIRST_NAMES_EN), r.pick_skewed(vocab::SURNAMES_EN))
        } else {
            (r.pick_skewed(vocab::FIRST_NAMES_FR), r.pick_skewed(vocab::SURNAMES_FR))
        };
        let (f, l) = (slug(first, "-"), slug(last, ""));
        let free = !english && r.chance(180);
        let domain = if free {
            (*r.pick_skewed(vocab::FREE_MAIL)).to_string()
        } else {
            company.domain.clone()
        };
        // Free-mail addresses need the full name (and often a number).
        let local = match if free { 10 + r.below(2) } else { r.below(10) } {
            10 => format!("{f}.{l}{}", r.range(1, 99)),
            0..=5 => format!("{f}.{l}"),
            6 => format!("{}.{l}", &f[..1]),
            7 => format!("{}{l}", &f[..1]),
            8 => f.clone(),
            _ => format!("{f}{l}"),
        };
        let email = format!("{local}@{domain}");
        let phone = if r.chance(500) {
            company.phone.clone()
        } else if r.chance(400) {
            landline(&mut r, company.city.area)
        } else {
            String::new()
        };
        let mobile = if r.chance(750) { mobile(&mut r) } else { String::new() };
        let job =
            if english { *r.pick(vocab::JOB_TITLES_EN) } else { *r.pick(vocab::JOB_TITLES_FR) };
        let created = datetime_before(&mut r, 1300, 10);
        let modified = created.max(datetime_before(&mut r, 300, 0));
        let last_activity = r.chance(800).then(|| created.max(datetime_before(&mut r, 200, 0)));
        let person = Person {
            id,
            first: (*first).to_string(),
            last: (*last).to_string(),
            email,
            phone,
            mobile,
            job,
            company: company_id,
            owner,
            created,
            modified,
            last_activity,
        };
        (person, company)
    }

    /// The owner of a company, without building the company (the first
    /// draw of its stream).
    pub fn company_owner(&self, id: usize) -> usize {
        Rng::for_item(self.seed, S_COMPANY, id as u64).index(self.owners)
    }

    /// A person's owner: usually their company's, drawn first in the
    /// person's stream so [`World::person_owner`] is cheap.
    fn owner_draw(&self, company: usize, r: &mut Rng) -> usize {
        let own = r.chance(850);
        let other = r.index(self.owners);
        if own { self.company_owner(company) } else { other }
    }

    /// The owner of a person, without building the person.
    pub fn person_owner(&self, id: usize) -> usize {
        let mut r = Rng::for_item(self.seed, S_PERSON, id as u64);
        let company = self.company_of(id, &mut r);
        self.owner_draw(company, &mut r)
    }

    /// The contact of a deal, without building the deal.
    pub fn deal_contact(&self, key: DealKey) -> usize {
        match key {
            DealKey::Crm(d) => self.contact_row_identity(
                Rng::for_item(self.seed, S_DEAL, d as u64).index(self.contacts.max(1)),
            ),
            DealKey::New(p) => p,
        }
    }

    pub fn deal(&self, key: DealKey) -> Deal {
        self.deal_full(key).0
    }

    /// A deal with its contact and company (each built once).
    pub fn deal_full(&self, key: DealKey) -> (Deal, Person, Company) {
        let mut r = match key {
            DealKey::Crm(d) => Rng::for_item(self.seed, S_DEAL, d as u64),
            DealKey::New(p) => Rng::for_item(self.seed, S_NEW_DEAL, p as u64),
        };
        let contact = match key {
            DealKey::Crm(_) => self.contact_row_identity(r.index(self.contacts.max(1))),
            DealKey::New(p) => p,
        };
        let (person, company) = self.person_full(contact);
        // Side-only deals are younger and mostly open.
        let stage = match key {
            DealKey::New(_) => *r.pick(&[0usize, 0, 1, 1, 2, 3, 4, 5]),
            DealKey::Crm(_) => *r.pick(&[0usize, 0, 1, 1, 2, 2, 3, 4, 5, 5, 6]),
        };
        let created =
            datetime_before(&mut r, if matches!(key, DealKey::New(_)) { 120 } else { 700 }, 2);
        let close = if stage >= 5 {
            today() - Duration::days(r.range(1, 400))
        } else {
            today() + Duration::days(r.range(-60, 180))
        };
        let has_next = stage < 5 && r.chance(750);
        let next_step = if has_next {
            if company.english {
                r.pick(vocab::NEXT_ACTIONS_EN)
            } else {
                r.pick(vocab::NEXT_ACTIONS_FR)
            }
            .to_string()
        } else {
            String::new()
        };
        let next_date = has_next.then(|| today() + Duration::days(r.range(-30, 45)));
        let deal = Deal {
            key,
            name: format!("{} – {}", company.core, r.pick(vocab::DEAL_TOPICS)),
            amount: amount(&mut r),
            stage,
            close,
            owner: person.owner,
            company: person.company,
            contact,
            next_step,
            next_date,
            created,
            modified: created.max(datetime_before(&mut r, 90, 0)),
        };
        (deal, person, company)
    }
}
