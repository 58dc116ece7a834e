//! The real world behind the data set: people, companies and deals, each a
//! pure function of (seed, index). Nothing is stored, so the CRM files can
//! stream a million rows in constant memory while side files regenerate any
//! record they copy.
//!
//! Identities and CRM rows are distinct: a CRM row is usually its own
//! identity, but a few rows are duplicates of an earlier row (the same
//! person typed in twice), which is what the ground truth records.
//!
//! The one thing a pure function of the index cannot give is uniqueness:
//! two distinct `Boulangerie Martin` must not share a web domain, nor two
//! `Jean Martin` at one company an e-mail address. [`World::new`] makes one
//! pass over every company and person (in index order, so deterministic)
//! and keeps only the few that collide, with the rank that makes them
//! unique (`boulangerie-martin-nantes.fr`, `jean.martin2@…`). Addresses
//! that are shared on purpose (role addresses, a couple's address) are left
//! out of that pass.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use chrono::{Duration, NaiveDate, NaiveDateTime};
use rayon::prelude::*;

use super::names;
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
const S_BRANCH: u64 = 8;
const S_PERSON_HEAD: u64 = 9;
const S_PERSON_OWNER: u64 = 10;
const S_COMPANY_MOVE: u64 = 11;
const S_PERSON_OLD: u64 = 11;
const S_COMPANY_RENAME: u64 = 12;

/// Sizes and seed, plus the ranks that make domains and e-mails unique:
/// enough to regenerate any record.
#[derive(Clone, Debug)]
pub struct World {
    pub seed: u64,
    pub contacts: usize,
    pub companies: usize,
    pub deals: usize,
    /// Companies that exist only in side files have indexes
    /// `companies..companies + new_companies`.
    pub new_companies: usize,
    /// People who exist only in side files have indexes
    /// `contacts..contacts + new_people`.
    pub new_people: usize,
    pub owners: usize,
    /// Companies whose name is already an earlier company's in the same
    /// town: how many towns further down the list they are moved.
    city_rank: HashMap<usize, u32>,
    /// Companies whose name is already borne in every town (a hundred
    /// `Greenfield Labs` at a million companies): the rank of the other
    /// name they take.
    name_rank: HashMap<usize, u32>,
    /// Companies whose domain collides with an earlier one's: the rank of
    /// the variant that is free.
    domain_rank: HashMap<usize, u32>,
    /// People whose address (current, or at their former company when
    /// `true`) collides with an earlier one's.
    email_rank: HashMap<(usize, bool), u32>,
}

/// How a person's address is made; only `Own` addresses must be unique.
#[derive(Clone, Debug)]
enum EmailKind {
    None,
    /// `local@domain`, unique once ranked.
    Own {
        local: String,
        domain: String,
    },
    /// A role address (`contact@`, `info@`) several colleagues use.
    Role(String),
    /// The address of a relative (a couple's or a family firm's address).
    Shared(usize),
}

/// A person's job before the current one (a changed value: the CRM has the
/// new job, some side files still the old one).
#[derive(Clone, Debug)]
pub struct OldJob {
    pub company: usize,
    pub email: String,
    /// The old company's switchboard.
    pub phone: String,
    pub mobile: String,
}

fn hash_str(s: &str) -> u64 {
    // SipHash with fixed zero keys: the same on every run and platform.
    #[allow(deprecated)]
    let mut h = std::hash::SipHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// `local` with rank `k` (0: as is; `jean.martin` → `jean.martin2`).
fn ranked_local(local: &str, k: u32) -> String {
    if k == 0 { local.to_string() } else { format!("{local}{}", k + 1) }
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
    /// Web domain, unique except that branches share their group's.
    pub domain: String,
    pub siren: String,
    /// SIREN + establishment number (NIC): unique per establishment.
    pub siret: String,
    pub city: City,
    pub phone: String,
    pub owner: usize,
    pub created: NaiveDateTime,
    /// English-speaking customer (UK/US subsidiary).
    pub english: bool,
    /// A branch (another establishment, another city, same SIREN, same
    /// web site) of this earlier company. A distinct entity in the truth.
    pub branch_of: Option<usize>,
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
    /// A relative at the same company (same surname, often the same
    /// landline, sometimes the same address or even first name).
    pub relative: Option<usize>,
    /// The job before this one, if the person moved.
    pub old_job: Option<OldJob>,
    pub english: bool,
}

/// A person before ranks: see [`World::person_full`].
struct Draft {
    person: Person,
    company: Company,
    email: EmailKind,
    /// (company, address unless it stays the same, switchboard, mobile).
    old: Option<(usize, Option<EmailKind>, String, String)>,
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
    let digits: Vec<u8> =
        (0..8).map(|i| if i == 0 { 1 + rng.below(9) as u8 } else { rng.below(10) as u8 }).collect();
    luhn_complete(digits)
}

/// A valid SIRET of `siren`: a 4-digit establishment number (head offices
/// usually `0001`, branches anything) and a Luhn check digit over all 14.
pub fn siret(siren: &str, nic4: u32) -> String {
    let digits: Vec<u8> =
        format!("{siren}{:04}", nic4 % 10_000).bytes().map(|b| b.wrapping_sub(b'0')).collect();
    luhn_complete(digits)
}

/// `digits` followed by the Luhn check digit that makes the whole valid.
fn luhn_complete(mut digits: Vec<u8>) -> String {
    // The check digit sits at an even position from the right; compute the
    // Luhn sum of the digits as if the check digit were already appended.
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

/// The `k`-th alternative of a taken domain: the city, then a number
/// (`boulangerie-martin-nantes.fr`, `boulangerie-martin3.fr`).
/// The town `k` places after `city` in the list of towns.
fn moved_city(city: City, k: u32) -> City {
    let i = vocab::CITIES.iter().position(|x| x.name == city.name).unwrap_or(0);
    vocab::CITIES[(i + k as usize) % vocab::CITIES.len()]
}

fn domain_variant(c: &Company, k: u32) -> String {
    let (stem, tld) = c.domain.rsplit_once('.').unwrap_or((c.domain.as_str(), "fr"));
    if k == 1 {
        format!("{stem}-{}.{tld}", slug(c.city.name, "-"))
    } else {
        format!("{stem}{k}.{tld}")
    }
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

    /// A world with its uniqueness ranks computed (see the module docs).
    pub fn new(
        seed: u64,
        contacts: usize,
        companies: usize,
        deals: usize,
        new_companies: usize,
        new_people: usize,
    ) -> World {
        let mut w = World {
            seed,
            contacts,
            companies,
            deals,
            new_companies,
            new_people,
            owners: vocab::OWNERS.len(),
            city_rank: HashMap::new(),
            name_rank: HashMap::new(),
            domain_rank: HashMap::new(),
            email_rank: HashMap::new(),
        };
        // Names: two distinct companies of one name in one town (two
        // `Alpiline SAS` in Nantes) are no test of matching, since nothing
        // a sales team writes could tell them apart; the real world has
        // namesakes in other towns, which stay.
        let n = companies + new_companies;
        let place = |c: &Company| hash_str(&format!("{}|{}", slug(&c.core, " "), c.city.name));
        let mut seen = HashSet::with_capacity(n);
        for id in 0..n {
            // In index order: a branch comes after its group's head, whose
            // place is then settled.
            if seen.insert(place(&w.company(id))) {
                continue;
            }
            let moved = (1..vocab::CITIES.len() as u32).any(|k| {
                w.city_rank.insert(id, k);
                seen.insert(place(&w.company(id)))
            });
            // Every town has one: another name, in its own town (a branch
            // keeps its group's name).
            if !moved && w.branch_parent(id).is_none() {
                w.city_rank.remove(&id);
                for k in 1..=64 {
                    w.name_rank.insert(id, k);
                    if seen.insert(place(&w.company(id))) {
                        break;
                    }
                }
            }
        }
        drop(seen);
        // Domains: heads only (branches share their head's).
        let bases: Vec<Option<u64>> = (0..n)
            .into_par_iter()
            .map(|id| {
                (w.branch_parent(id).is_none()).then(|| hash_str(&w.company_placed(id).domain))
            })
            .collect();
        let mut seen = HashSet::with_capacity(n);
        for (id, h) in bases.into_iter().enumerate() {
            let Some(h) = h else { continue };
            if seen.insert(h) {
                continue;
            }
            let c = w.company_placed(id);
            let k = (1..).find(|&k| seen.insert(hash_str(&domain_variant(&c, k)))).unwrap_or(1);
            w.domain_rank.insert(id, k);
        }
        drop(seen);
        // E-mails: own addresses, current and former.
        let people = contacts + new_people;
        let own: Vec<[Option<u64>; 2]> = (0..people)
            .into_par_iter()
            .map(|id| {
                let (cur, old) = w.email_kinds(id);
                let h = |k: &EmailKind| match k {
                    EmailKind::Own { local, domain } => {
                        Some(hash_str(&format!("{local}@{domain}")))
                    }
                    _ => None,
                };
                [h(&cur), old.as_ref().and_then(h)]
            })
            .collect();
        let mut seen = HashSet::with_capacity(people);
        for (id, pair) in own.into_iter().enumerate() {
            for (j, h) in pair.into_iter().enumerate() {
                let Some(h) = h else { continue };
                if seen.insert(h) {
                    continue;
                }
                let (cur, old) = w.email_kinds(id);
                let kind = if j == 0 { cur } else { old.unwrap_or(EmailKind::None) };
                if let EmailKind::Own { local, domain } = kind {
                    let k = (1..)
                        .find(|&k| {
                            seen.insert(hash_str(&format!("{}@{domain}", ranked_local(&local, k))))
                        })
                        .unwrap_or(1);
                    w.email_rank.insert((id, j == 1), k);
                }
            }
        }
        w
    }

    /// The earlier company this one is a branch of (~2.5% of CRM
    /// companies, never an English one), resolved to the group's head.
    pub fn branch_parent(&self, id: usize) -> Option<usize> {
        if id < 20 || id >= self.companies {
            return None;
        }
        let mut r = Rng::for_item(self.seed, S_BRANCH, id as u64);
        if !r.chance(25) {
            return None;
        }
        let mut head = id - 1 - r.index(id.min(500));
        while let Some(h) = self.branch_parent(head) {
            head = h;
        }
        Some(head)
    }

    /// A company as drawn, before branches and domain ranks.
    fn company_base(&self, id: usize) -> Company {
        let mut r = Rng::for_item(self.seed, S_COMPANY, id as u64);
        let owner = r.index(self.owners);
        let english = r.chance(60);
        let family = names::head_fr(&mut r);
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
                    if r.chance(300) {
                        format!(
                            "{family} {}",
                            r.pick(&["& Fils", "et Fils", "& Associés", "Frères"])
                        )
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
        let siren = siren(&mut r);
        let siret = siret(&siren, 1);
        Company {
            id,
            siren,
            siret,
            phone: landline(&mut r, city.area),
            owner,
            created: datetime_before(&mut r, 1400, 30),
            core,
            legal,
            domain,
            city,
            english,
            branch_of: None,
        }
    }

    /// A company as drawn, moved to another town if an earlier company
    /// has its name in its own (see [`World::new`]).
    fn company_placed(&self, id: usize) -> Company {
        let mut c = self.company_base(id);
        if let Some(&k) = self.name_rank.get(&id) {
            // From the long tail of surnames: `Whitmore Labs`,
            // `Menuiserie Bouchillon`.
            let mut r = Rng::for_item(self.seed, S_COMPANY_RENAME, (id as u64) << 8 | u64::from(k));
            c.core = if c.english {
                format!("{} {}", names::surname_en(&mut r), r.pick(vocab::EN_SUFFIX))
            } else {
                format!("{} {}", r.pick(vocab::ACTIVITY), names::surname_fr(&mut r))
            };
            let tld = c.domain.rsplit_once('.').map_or("fr", |(_, t)| t);
            c.domain = format!("{}.{tld}", slug(&c.core, "-"));
        }
        if let Some(&k) = self.city_rank.get(&id) {
            let mut r = Rng::for_item(self.seed, S_COMPANY_MOVE, id as u64);
            c.city = moved_city(c.city, k);
            c.phone = landline(&mut r, c.city.area);
        }
        c
    }

    pub fn company(&self, id: usize) -> Company {
        let mut c = self.company_placed(id);
        if let Some(&k) = self.domain_rank.get(&id) {
            c.domain = domain_variant(&c, k);
        }
        let Some(head) = self.branch_parent(id) else { return c };
        // A branch: the group's name (sometimes with its city), legal
        // form, SIREN and web site; its own city, switchboard and SIRET.
        let h = self.company(head);
        let mut r = Rng::for_item(self.seed, S_BRANCH, id as u64 + (1 << 40));
        if c.city.postal == h.city.postal {
            let i = vocab::CITIES.iter().position(|x| x.name == c.city.name).unwrap_or(0);
            c.city = vocab::CITIES[(i + 1) % vocab::CITIES.len()];
            c.phone = landline(&mut r, c.city.area);
        }
        c.core = if r.chance(400) { format!("{} {}", h.core, c.city.name) } else { h.core.clone() };
        c.legal = h.legal;
        c.siret = siret(&h.siren, 2 + r.below(9_000) as u32);
        c.siren = h.siren;
        c.domain = h.domain;
        c.english = h.english;
        c.branch_of = Some(head);
        c
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

    /// A person's relative (same company, same surname), if they have one
    /// (~1.5%), and their company: the relative's, or a draw.
    fn person_head(&self, id: usize) -> (usize, Option<usize>) {
        let mut r = Rng::for_item(self.seed, S_PERSON_HEAD, id as u64);
        if id >= 20 && r.chance(15) {
            let rel = id - 1 - r.index(id.min(300));
            return (self.person_head(rel).0, Some(rel));
        }
        (self.company_of(id, &mut r), None)
    }

    pub fn person(&self, id: usize) -> Person {
        self.person_full(id).0
    }

    /// A person as drawn, with how their addresses are made (before ranks).
    fn draft(&self, id: usize) -> Draft {
        let (company_id, relative) = self.person_head(id);
        let owner = self.person_owner(id);
        let company = self.company(company_id);
        let mut r = Rng::for_item(self.seed, S_PERSON, id as u64);
        let rel = relative.map(|x| Box::new(self.draft(x)));
        let english = match &rel {
            Some(d) => d.person.english,
            None => company.english || r.chance(40),
        };
        let (mut first, mut last) = if english {
            (names::first_en(&mut r).to_string(), names::surname_en(&mut r))
        } else {
            (names::first_fr(&mut r).to_string(), names::surname_fr(&mut r))
        };
        let same_first = r.chance(100);
        if let Some(d) = &rel {
            // Family: the surname, and now and then the first name too
            // (Jean Martin père et fils, both at Martin & Fils).
            last = d.person.last.clone();
            if same_first {
                first = d.person.first.clone();
            }
        }
        let (f, l) = (slug(&first, "-"), slug(&last, ""));
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
        let kind_roll = r.below(1000);
        let email = match (kind_roll, &rel) {
            // People who give no address (craftsmen, older customers).
            (0..50, _) => EmailKind::None,
            (50..350, Some(_)) => EmailKind::Shared(relative.unwrap_or_default()),
            // The company's one generic mailbox, given by whoever answers it.
            (350..410, _) if !free => EmailKind::Role(format!(
                "{}@{domain}",
                Rng::for_item(self.seed, S_BRANCH, company_id as u64 + (2 << 40))
                    .pick_skewed(vocab::ROLE_MAILBOXES)
            )),
            _ => EmailKind::Own { local, domain },
        };
        let phone = match &rel {
            Some(d) if r.chance(700) => {
                if d.person.phone.is_empty() {
                    company.phone.clone()
                } else {
                    d.person.phone.clone()
                }
            }
            _ if r.chance(500) => company.phone.clone(),
            _ if r.chance(400) => landline(&mut r, company.city.area),
            _ => String::new(),
        };
        let mobile = if r.chance(750) { mobile(&mut r) } else { String::new() };
        let job =
            if english { *r.pick(vocab::JOB_TITLES_EN) } else { *r.pick(vocab::JOB_TITLES_FR) };
        let created = datetime_before(&mut r, 1300, 10);
        let modified = created.max(datetime_before(&mut r, 300, 0));
        let last_activity = r.chance(800).then(|| created.max(datetime_before(&mut r, 200, 0)));

        // A former job (CRM people only: side-only people are new).
        let mut o = Rng::for_item(self.seed, S_PERSON_OLD, id as u64);
        let old = if id < self.contacts && o.chance(40) {
            let c = self.company_of(id, &mut o);
            (c != company_id).then(|| {
                let oc = self.company(c);
                let kind = match &email {
                    EmailKind::Own { local, domain } if *domain == company.domain => {
                        Some(EmailKind::Own { local: local.clone(), domain: oc.domain.clone() })
                    }
                    EmailKind::Role(a) => Some(EmailKind::Role(
                        a.split_once('@')
                            .map_or_else(String::new, |(l, _)| format!("{l}@{}", oc.domain)),
                    )),
                    // A personal address follows the person.
                    _ => None,
                };
                let old_mobile = if o.chance(300) { self::mobile(&mut o) } else { mobile.clone() };
                (c, kind, oc.phone, old_mobile)
            })
        } else {
            None
        };
        let person = Person {
            id,
            first,
            last,
            email: String::new(),
            phone,
            mobile,
            job,
            company: company_id,
            owner,
            created,
            modified,
            last_activity,
            relative,
            old_job: None,
            english,
        };
        Draft { person, company, email, old }
    }

    /// How a person's current and former addresses are made (the former
    /// one only when it differs).
    fn email_kinds(&self, id: usize) -> (EmailKind, Option<EmailKind>) {
        let d = self.draft(id);
        (d.email, d.old.and_then(|o| o.1))
    }

    fn email_text(&self, id: usize, kind: &EmailKind, old: bool) -> String {
        match kind {
            EmailKind::None => String::new(),
            EmailKind::Own { local, domain } => {
                let k = self.email_rank.get(&(id, old)).copied().unwrap_or(0);
                format!("{}@{domain}", ranked_local(local, k))
            }
            EmailKind::Role(a) => a.clone(),
            EmailKind::Shared(rel) => self.person(*rel).email,
        }
    }

    /// A person and their company (built once: the CRM writer needs both).
    pub fn person_full(&self, id: usize) -> (Person, Company) {
        let d = self.draft(id);
        let mut p = d.person;
        p.email = self.email_text(id, &d.email, false);
        p.old_job = d.old.map(|(company, kind, phone, mobile)| OldJob {
            company,
            email: kind.map_or_else(|| p.email.clone(), |k| self.email_text(id, &k, true)),
            phone,
            mobile,
        });
        (p, d.company)
    }

    /// The owner of a company, without building the company (the first
    /// draw of its stream).
    pub fn company_owner(&self, id: usize) -> usize {
        Rng::for_item(self.seed, S_COMPANY, id as u64).index(self.owners)
    }

    /// The owner of a person, without building the person: usually their
    /// company's.
    pub fn person_owner(&self, id: usize) -> usize {
        let mut r = Rng::for_item(self.seed, S_PERSON_OWNER, id as u64);
        let own = r.chance(850);
        let other = r.index(self.owners);
        if own { self.company_owner(self.person_head(id).0) } else { other }
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
