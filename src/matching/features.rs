//! The compact view of a record that matching works on.
//!
//! A normalized [`Record`] keeps raw text, provenance and issues for every
//! field; comparing millions of pairs needs none of that. [`Features`]
//! holds only the folded keys the comparators and blocking read, so the
//! pair loop touches a few hundred bytes per record and never re-folds a
//! string. Built once per record, in parallel.

use chrono::Datelike;
use compact_str::CompactString;
use rayon::prelude::*;
use rust_decimal::prelude::ToPrimitive;

use super::prefetch;
use super::schema::CustomValue;

use crate::fxhash::FxHashMap;
use crate::model::{Origin, Role};
use crate::normalize::name::name_key;
use crate::normalize::record::{Record, Value};
use crate::normalize::stage::CanonicalStage;

/// An email address split for comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmailKey {
    /// `jean.dupont@acme.fr`
    pub address: CompactString,
    /// Byte offset of the `@`.
    pub at: u8,
    /// `contact@`, `info@`…: says which company, not which person.
    pub role: bool,
    /// gmail.com, orange.fr…: the domain says nothing about the company.
    pub free: bool,
}

impl EmailKey {
    pub fn local(&self) -> &str {
        &self.address[..self.at as usize]
    }

    pub fn domain(&self) -> &str {
        &self.address[self.at as usize + 1..]
    }
}

/// A phone number: the digits of its E.164 form, and whether it is a
/// mobile (a person's own) rather than a line a whole office may share.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PhoneKey {
    pub digits: u64,
    pub mobile: bool,
}

/// Everything matching reads of one record.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Features {
    pub origin: Option<Origin>,
    /// The CRM record id (a CRM row's own id, or one a side file carries).
    pub record_id: Option<CompactString>,
    /// [`name_key`] of the first and last names (`jean pierre`, `dupont`).
    pub first: Option<CompactString>,
    pub last: Option<CompactString>,
    /// Sound-alike key of the last name, computed once.
    pub last_sound: Option<CompactString>,
    pub emails: Vec<EmailKey>,
    pub phones: Vec<PhoneKey>,
    /// `CompanyName.key`: folded, legal form removed.
    pub company: Option<CompactString>,
    /// The legal form written with the name (`SAS`, `SARL`), if any: a
    /// `Pharmacie Petit SNC` is rarely the `Pharmacie Petit SARL`.
    pub legal_form: Option<&'static str>,
    /// Web domain: the website's, or the one normalize derived from a
    /// company (not free-mail) email.
    pub domain: Option<CompactString>,
    pub siren: Option<u32>,
    pub siret: Option<u64>,
    pub city: Option<CompactString>,
    pub postal_code: Option<CompactString>,
    /// [`name_key`] of a person's job title: two namesakes at one company
    /// (Jean Martin père et fils) rarely hold the same post.
    pub job_title: Option<CompactString>,
    /// [`name_key`] of a deal's name.
    pub deal_name: Option<CompactString>,
    pub amount: Option<f64>,
    /// Days since 0001-01-01.
    pub close_date: Option<i32>,
    pub owner: Option<CompactString>,
    /// A deal's stage, read against the generic pipeline.
    pub stage: Option<CanonicalStage>,
    /// [`name_key`] of a deal's next action (`rappeler`, `envoyer le
    /// devis`): the same deal written twice usually has the same one.
    pub next_action: Option<CompactString>,
    /// Cluster of the company record of the same row (or the company a
    /// CRM row is associated with), set once companies are clustered.
    pub company_ref: Option<u32>,
    /// Cluster of the contact record of the same row, for deals.
    pub contact_ref: Option<u32>,
    /// For a deal, how many CRM deals (records with an id) name its
    /// contact, up to 255 (see [`count_crm_deals_of_contacts`]).
    pub contact_crm_deals: u8,
    /// A company name that records give with different places, domains
    /// or SIRENs: several companies bear it (see [`mark_ambiguous_names`]).
    pub ambiguous_name: bool,
    /// The name is borne by several companies in this record's own town
    /// too (two SIRENs or domains for one name and town).
    pub ambiguous_in_town: bool,
    /// Values of the columns declared in `[[matching.compare]]`, by slot
    /// (see [`super::schema`]); empty when none are.
    pub custom: Vec<Option<CustomValue>>,
}

impl Features {
    /// Ask the processor to start loading this record's features.
    ///
    /// Comparing candidate pairs reads the second record of each pair at
    /// random among millions: the wait for memory was the largest share of
    /// comparing (the first field read of the record took 45% of
    /// `compare_field`'s time). Asked a few pairs ahead, the load overlaps
    /// the comparisons before it.
    #[inline]
    pub fn prefetch(&self) {
        self.prefetch_bytes(0, std::mem::size_of::<Features>());
    }

    /// [`Features::prefetch`] of the first and last names only, for the
    /// first-name check of blocking, which reads nothing else: loading the
    /// whole record kept the memory system busy with lines never read.
    #[inline]
    pub fn prefetch_names(&self) {
        use std::mem::offset_of;
        let (first, last) = (offset_of!(Features, first), offset_of!(Features, last));
        let size = std::mem::size_of::<Option<CompactString>>();
        self.prefetch_bytes(first.min(last), first.max(last) + size);
    }

    /// [`Features::prefetch`] of what the record points to, once its own
    /// bytes have arrived: its emails and phones, and names too long to
    /// be held in place (a company, a job title). They were allocated
    /// as the rows were read, so they lie at random however the records
    /// are ordered: comparing a million contacts against a million
    /// waited on them for most of `compare_field`'s time.
    #[inline]
    pub fn prefetch_pointed(&self) {
        // Never at an empty list's dangling pointer: a prefetch there
        // costs a walk of the page tables for nothing.
        if !self.emails.is_empty() {
            prefetch::line(self.emails.as_ptr().cast());
        }
        if !self.phones.is_empty() {
            prefetch::line(self.phones.as_ptr().cast());
        }
        for s in [&self.company, &self.job_title].into_iter().flatten() {
            if s.is_heap_allocated() {
                prefetch::line(s.as_ptr());
            }
        }
    }

    /// The bytes of the first email address, when too long to be held in
    /// place (`jean.dupont@batiment-martin.fr`), once
    /// [`Features::prefetch_pointed`] has brought the list of emails.
    #[inline]
    pub fn prefetch_email(&self) {
        if let Some(e) = self.emails.first().filter(|e| e.address.is_heap_allocated()) {
            prefetch::line(e.address.as_ptr());
        }
    }

    /// Prefetch the cache lines of bytes `start..end` of this record.
    #[inline]
    fn prefetch_bytes(&self, start: usize, end: usize) {
        let base = (self as *const Features).cast::<u8>();
        prefetch::bytes(base.wrapping_add(start), end - start);
    }

    /// The first letter of the first name.
    pub fn initial(&self) -> Option<char> {
        self.first.as_deref().and_then(|f| f.chars().next())
    }

    /// A hash of everything matching reads: records with equal features
    /// compare alike with any other, so one of them can stand for all
    /// (equal signatures are checked with `==` before relying on that).
    pub fn signature(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        // Every field, so that a new one cannot be forgotten here.
        let Features {
            origin,
            record_id,
            first,
            last,
            last_sound,
            emails,
            phones,
            company,
            legal_form,
            domain,
            siren,
            siret,
            city,
            postal_code,
            job_title,
            deal_name,
            amount,
            close_date,
            owner,
            stage,
            next_action,
            company_ref,
            contact_ref,
            contact_crm_deals,
            ambiguous_name,
            ambiguous_in_town,
            custom,
        } = self;
        let mut h = crate::fxhash::FxHasher::default();
        origin.hash(&mut h);
        (record_id, first, last, last_sound, company, domain).hash(&mut h);
        for e in emails {
            (&e.address, e.at, e.role, e.free).hash(&mut h);
        }
        phones.hash(&mut h);
        (legal_form, siren, siret, city, postal_code, job_title, deal_name).hash(&mut h);
        amount.map(f64::to_bits).hash(&mut h);
        (close_date, owner, stage, next_action, company_ref, contact_ref).hash(&mut h);
        (contact_crm_deals, ambiguous_name, ambiguous_in_town).hash(&mut h);
        for v in custom {
            match v {
                None => 0u8.hash(&mut h),
                Some(CustomValue::Text(t)) => (1u8, t).hash(&mut h),
                Some(CustomValue::Day(d)) => (2u8, d).hash(&mut h),
                Some(CustomValue::Number(x)) => (3u8, x.to_bits()).hash(&mut h),
            }
        }
        h.finish()
    }

    /// True when the record has nothing matching could use.
    pub fn is_empty(&self) -> bool {
        self.first.is_none()
            && self.last.is_none()
            && self.emails.is_empty()
            && self.phones.is_empty()
            && self.company.is_none()
            && self.domain.is_none()
            && self.siren.is_none()
            && self.siret.is_none()
            && self.deal_name.is_none()
            && self.record_id.is_none()
            && self.custom.iter().all(Option::is_none)
    }
}

/// FNV-1a of a string, from a seed: stable across runs and platforms,
/// which blocking (sorted keys) and term frequencies need for
/// byte-identical output.
pub fn stable_hash(seed: u64, value: &str) -> u64 {
    stable_hash_pieces(seed, &[value])
}

/// [`stable_hash`] of the pieces put end to end.
pub fn stable_hash_pieces(seed: u64, pieces: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed.wrapping_mul(0x100_0000_01b3);
    for b in pieces.iter().flat_map(|p| p.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h
}

/// Read the features of one record.
pub fn features(record: &Record) -> Features {
    let mut f = Features { origin: Some(record.origin), ..Features::default() };
    for field in &record.fields {
        let Some(value) = &field.value else { continue };
        match (field.role, value) {
            (Role::FirstName, Value::Name(n)) => set(&mut f.first, key(n)),
            (Role::LastName, Value::Name(n)) => set(&mut f.last, key(n)),
            (Role::Email, Value::Email(cell)) => {
                for e in std::iter::once(&cell.primary).chain(&cell.others) {
                    let Some(at) = e.address.rfind('@').and_then(|at| u8::try_from(at).ok()) else {
                        continue;
                    };
                    f.emails.push(EmailKey {
                        address: e.address.as_str().into(),
                        at,
                        role: e.role_account,
                        free: e.free_mail,
                    });
                }
            }
            (Role::Phone | Role::Mobile, Value::Phone(cell)) => {
                for p in std::iter::once(&cell.primary).chain(&cell.others) {
                    if let Ok(digits) = p.e164.trim_start_matches('+').parse::<u64>() {
                        let mobile = matches!(p.kind, crate::normalize::phone::PhoneKind::Mobile);
                        let key = PhoneKey { digits, mobile };
                        if !f.phones.contains(&key) {
                            f.phones.push(key);
                        }
                    }
                }
            }
            (Role::Company, Value::Company(c)) if !c.key.is_empty() => {
                if f.company.is_none() {
                    f.legal_form = c.legal_form;
                }
                set(&mut f.company, c.key.as_str().into())
            }
            (Role::Website, Value::Domain(d)) => set(&mut f.domain, d.as_str().into()),
            (Role::Siren, Value::Identifier(s)) if f.siren.is_none() => f.siren = s.parse().ok(),
            (Role::Siret, Value::Identifier(s)) if f.siret.is_none() => {
                f.siret = s.parse().ok();
                if f.siren.is_none() {
                    f.siren = s.get(..9).and_then(|s| s.parse().ok());
                }
            }
            // FR + 2-digit key + SIREN.
            (Role::VatNumber, Value::Identifier(s))
                if f.siren.is_none() && s.len() == 13 && s.starts_with("FR") =>
            {
                f.siren = s[4..].parse().ok();
            }
            (Role::City, Value::Text(t)) => set(&mut f.city, key(t)),
            (Role::PostalCode, Value::Identifier(p) | Value::Text(p)) => {
                set(&mut f.postal_code, postal_key(p))
            }
            (Role::DealName, Value::Text(t)) => set(&mut f.deal_name, key(t)),
            (Role::JobTitle, Value::Text(t)) => set(&mut f.job_title, key(t)),
            (Role::Amount, Value::Amount(a)) if f.amount.is_none() => f.amount = a.value.to_f64(),
            (Role::CloseDate, Value::Date(d)) if f.close_date.is_none() => {
                f.close_date = Some(d.num_days_from_ce())
            }
            (Role::Owner, Value::Owner(o)) => set(&mut f.owner, key(&o.name)),
            (Role::Stage, Value::Stage(st)) if f.stage.is_none() => f.stage = st.canonical,
            (Role::NextAction, Value::NextAction(a)) => set(&mut f.next_action, key(&a.text)),
            (Role::RecordId, Value::Identifier(id) | Value::Text(id)) => {
                set(&mut f.record_id, id.as_str().into())
            }
            // The association column of an export (`Associated Company
            // IDs` on a deal row) is the CRM id of the company or contact
            // the row names: the exact link, where the name alone may be
            // one of many namesakes. The first id when several are listed.
            (Role::CompanyId | Role::ContactId, Value::Identifier(ids) | Value::Text(ids)) => {
                if let Some(id) = ids.split([';', ',', ' ']).map(str::trim).find(|s| !s.is_empty())
                {
                    set(&mut f.record_id, id.into())
                }
            }
            _ => {}
        }
    }
    f.last_sound = f.last.as_deref().map(super::phonetic::phonetic_key);
    f
}

fn key(s: &str) -> CompactString {
    CompactString::from(name_key(s))
}

/// A postal code as compared: without inner spaces (`75 008`), and with
/// the leading zero a spreadsheet drops when it reads `06000` as a number
/// put back (`6000`: Nice, and every code of départements 01 to 09). A
/// four-digit code of another country (Belgium, Switzerland) gains the
/// same zero on every record, so such codes still compare as written.
pub(super) fn postal_key(code: &str) -> CompactString {
    let mut out: CompactString = code.chars().filter(|c| !c.is_whitespace()).collect();
    if out.len() == 4 && out.bytes().all(|b| b.is_ascii_digit()) {
        out.insert(0, '0');
    }
    out
}

fn set(slot: &mut Option<CompactString>, value: CompactString) {
    if slot.is_none() && !value.is_empty() {
        *slot = Some(value);
    }
}

/// A deal name without the words of its company's name: `Vertnov Groupe
/// – Annual subscription` and `Vertnov – Formation` are two deals of one
/// company, and the shared company words must not make them look alike.
/// A name made only of company words is kept whole.
pub fn without_words_of(deal_name: &str, company_key: &str) -> CompactString {
    let company: Vec<&str> = company_key.split(' ').collect();
    let rest: Vec<&str> = deal_name.split(' ').filter(|w| !company.contains(w)).collect();
    if rest.is_empty() { deal_name.into() } else { rest.join(" ").into() }
}

/// A deal of a contact, for tests of deal matching.
#[cfg(test)]
pub fn deal_of_contact(
    contact: u32,
    amount: f64,
    close: i32,
    stage: crate::normalize::stage::CanonicalStage,
) -> Features {
    Features {
        contact_ref: Some(contact),
        amount: Some(amount),
        close_date: Some(close),
        stage: Some(stage),
        ..Features::default()
    }
}

/// Count, for each deal, the CRM deals of its contact among the `core`
/// records. A row about a contact with one deal in the CRM is most often
/// that deal; with three, it is one of them at best (see
/// `compare_field`'s customer levels).
pub fn count_crm_deals_of_contacts(records: &mut [Features], core: usize) {
    let mut deals: FxHashMap<u32, u8> = FxHashMap::default();
    for f in &records[..core.min(records.len())] {
        if let (Some(c), Some(_)) = (f.contact_ref, &f.record_id) {
            let n = deals.entry(c).or_default();
            *n = n.saturating_add(1);
        }
    }
    for f in records.iter_mut() {
        f.contact_crm_deals = f.contact_ref.and_then(|c| deals.get(&c)).copied().unwrap_or(0);
    }
}

/// Mark emails and mobiles that several people use as shared: a family
/// mailbox (`famille.dupont@orange.fr`), an assistant's address, a mobile
/// passed between colleagues. One value written on records whose first
/// names are incompatible names no single person: it counts as a shared
/// address (like `contact@`) or a shared line, never as a personal one.
pub fn mark_shared(records: &mut [Features]) {
    use super::compare::{first_name_typo, one_edit};
    use super::nicknames::{Compat, first_names_compatible};
    use crate::fxhash::{FxBuild, FxHashSet};
    use std::hash::BuildHasher;
    type Name<'a> = (&'a str, Option<&'a str>);
    // Incompatible first names, not one mistyped, and not the same two
    // names in swapped columns (`Dupont | Jean`, `Chaueaux | Pierre`).
    let same_name = |x: &str, y: &str| {
        first_names_compatible(x, y) != Compat::Different || first_name_typo(x, y)
    };
    let clash = |seen: &Name, name: &Name| {
        let swapped = |x: &Name, y: &Name| {
            x.1.is_some_and(|last| same_name(last, y.0))
                && y.1.is_some_and(|last| last == x.0 || one_edit(last, x.0))
        };
        !same_name(seen.0, name.0) && !swapped(seen, name) && !swapped(name, seen)
    };
    let view: &[Features] = records;
    let name = |i: u32| {
        let f = &view[i as usize];
        f.first.as_deref().map(|first| (first, f.last.as_deref()))
    };
    // Each value is checked against the first named record giving it, in
    // input order. Sorted by (value's hash, record), each value's records
    // sit together in that order and a value given once is never read
    // again; a hash map from value to first name waited for memory on
    // every record (1.5 s at a million contact rows against a million).
    // A value a record gives: its hash (a mobile's digits), the record,
    // its place in the record's list.
    type Given = (u64, u32, u32);
    let clashes = |mut given: Vec<Given>, same: &(dyn Fn(&Given, &Given) -> bool + Sync)| {
        given.par_sort_unstable();
        given
            .par_chunk_by(|x, y| x.0 == y.0)
            .filter(|run| run.len() > 1)
            .flat_map_iter(|run| {
                run.iter().enumerate().skip(1).filter_map(move |(j, later)| {
                    let first = run[..j].iter().find(|earlier| same(earlier, later))?;
                    let (seen, name) = (name(first.1)?, name(later.1)?);
                    clash(&seen, &name).then_some(*later)
                })
            })
            .collect::<Vec<_>>()
    };
    let named = || view.par_iter().enumerate().filter(|(_, f)| f.first.is_some());
    let hasher = &FxBuild::default();
    let emails: Vec<Given> = named()
        .flat_map_iter(|(i, f)| {
            f.emails
                .iter()
                .enumerate()
                .map(move |(k, e)| (hasher.hash_one(e.address.as_str()), i as u32, k as u32))
        })
        .collect();
    let email = |&(_, i, k): &Given| &view[i as usize].emails[k as usize].address;
    let shared_emails: FxHashSet<CompactString> =
        clashes(emails, &|x, y| email(x) == email(y)).iter().map(|e| email(e).clone()).collect();
    let mobiles: Vec<Given> = named()
        .flat_map_iter(|(i, f)| {
            f.phones.iter().filter(|p| p.mobile).map(move |p| (p.digits, i as u32, 0))
        })
        .collect();
    let shared_phones: FxHashSet<u64> =
        clashes(mobiles, &|_, _| true).iter().map(|&(digits, _, _)| digits).collect();
    if shared_emails.is_empty() && shared_phones.is_empty() {
        return;
    }
    records.par_iter_mut().for_each(|f| {
        for e in &mut f.emails {
            if shared_emails.contains(&e.address) {
                e.role = true;
            }
        }
        for p in &mut f.phones {
            if shared_phones.contains(&p.digits) {
                p.mobile = false;
            }
        }
    });
}

/// Flag company names several companies bear: a name written with two
/// different cities, web domains or SIRENs (`Boulangerie Martin` in Lyon
/// and in Lille). A record giving only that name cannot say which one it
/// means, so no rule may decide it on the name alone.
pub fn mark_ambiguous_names(records: &mut [Features]) {
    use crate::fxhash::FxHashMap;
    /// What the records of one name (or one name in one town) give.
    ///
    /// Values are copied in (inline up to 24 bytes), as are the names:
    /// pointing into the first record of each name, every later record's
    /// comparisons waited for that far record's memory.
    #[derive(Default)]
    struct Seen {
        postal_code: Option<CompactString>,
        city: Option<CompactString>,
        domain: Option<CompactString>,
        siren: Option<u32>,
        ambiguous: bool,
    }
    /// Two values where one company has one; `same` says which spellings
    /// are one value.
    fn one_text(
        slot: &mut Option<CompactString>,
        value: Option<&str>,
        same: impl Fn(&str, &str) -> bool,
    ) -> bool {
        match (slot.as_deref(), value) {
            (Some(x), Some(y)) => !same(x, y),
            (None, Some(v)) => {
                *slot = Some(v.into());
                false
            }
            (_, None) => false,
        }
    }
    impl Seen {
        fn identifiers(&mut self, f: &Features) {
            let domain = one_text(&mut self.domain, f.domain.as_deref(), |x, y| x == y);
            let siren = match (self.siren, f.siren) {
                (Some(x), Some(y)) => x != y,
                (None, v) => {
                    self.siren = v;
                    false
                }
                (Some(_), None) => false,
            };
            self.ambiguous |= domain || siren;
        }

        fn place(&mut self, f: &Features) {
            // Like with like: a row giving `Marseille` and one giving
            // `13008` name the same place as far as anyone can tell; a
            // misspelt town (`Marseile`) is still the town.
            let postal = one_text(&mut self.postal_code, f.postal_code.as_deref(), |x, y| x == y);
            let city = one_text(&mut self.city, f.city.as_deref(), |x, y| {
                x == y || super::compare::jw_at_least(x, y, 0.9)
            });
            self.ambiguous |= postal || city;
        }
    }
    // The same within one town (its name, else its postal code).
    fn town(f: &Features) -> Option<&str> {
        f.city.as_deref().or(f.postal_code.as_deref())
    }
    // Names are spread over shards by hash and each shard is read on its
    // own core: a name's records stay in input order within its shard, so
    // each keeps the first value seen as in one pass (at a million CRM
    // contacts the company column alone is two million records).
    const SHARDS: usize = 16;
    const PREFETCH_AHEAD: usize = 8;
    let shard_of = |name: &str| {
        let mut h = crate::fxhash::FxHasher::default();
        std::hash::Hasher::write(&mut h, name.as_bytes());
        let x = std::hash::Hasher::finish(&h);
        // Top bits of a remix: the maps use the hash's own bits.
        ((x ^ (x >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 60) as usize
    };
    let view: &[Features] = records;
    let shard: Vec<Option<u8>> =
        view.par_iter().map(|f| f.company.as_deref().map(|n| shard_of(n) as u8)).collect();
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); SHARDS];
    for (i, s) in shard.iter().enumerate() {
        if let Some(s) = s {
            members[usize::from(*s)].push(i as u32);
        }
    }
    // Per shard, its records with an ambiguous name and whether the name
    // is ambiguous in their town too.
    let flagged: Vec<Vec<(u32, bool)>> = members
        .par_iter()
        .map(|list| {
            // Each name once, numbered; each record with its name's number.
            let mut number: FxHashMap<CompactString, u32> = FxHashMap::default();
            let mut by_name: Vec<Seen> = Vec::new();
            let mut named: Vec<(u32, u32)> = Vec::with_capacity(list.len());
            for (k, &i) in list.iter().enumerate() {
                // A shard's records lie far apart: ask for those ahead.
                if let Some(&later) = list.get(k + PREFETCH_AHEAD) {
                    view[later as usize].prefetch();
                }
                let f = &view[i as usize];
                let Some(name) = f.company.as_deref() else { continue };
                let n = match number.get(name) {
                    Some(&n) => n,
                    None => {
                        let n = by_name.len() as u32;
                        number.insert(name.into(), n);
                        by_name.push(Seen::default());
                        n
                    }
                };
                by_name[n as usize].place(f);
                by_name[n as usize].identifiers(f);
                named.push((i, n));
            }
            // Only the records of ambiguous names are read again.
            named.retain(|&(_, n)| by_name[n as usize].ambiguous);
            let mut by_town: FxHashMap<(u32, CompactString), Seen> = FxHashMap::default();
            for &(i, n) in &named {
                if let Some(t) = town(&view[i as usize]) {
                    by_town.entry((n, t.into())).or_default().identifiers(&view[i as usize]);
                }
            }
            named
                .iter()
                .map(|&(i, n)| {
                    let in_town = town(&view[i as usize])
                        .is_some_and(|t| by_town.get(&(n, t.into())).is_some_and(|s| s.ambiguous));
                    (i, in_town)
                })
                .collect()
        })
        .collect();
    for (i, in_town) in flagged.into_iter().flatten() {
        let f = &mut records[i as usize];
        f.ambiguous_name = true;
        f.ambiguous_in_town = in_town;
    }
}

#[cfg(test)]
mod tests;
