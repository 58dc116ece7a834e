//! Comparators: how much two records agree on one field, as an ordered
//! level from exact through close to different, with level 0 for "one of
//! them has no value".
//!
//! Levels, not similarity scores, because Fellegi–Sunter weights are
//! learnt per level (see [`super::weights`]): the data says how much
//! "same last name" or "one typo in the email" is worth, rather than a
//! hand-set formula. Thresholds inside a comparator (a Jaro–Winkler of
//! 0.92, an amount within 20 %) only decide which level a pair falls in;
//! the weight of each level is measured. Missing is never evidence either
//! way: a side file without phone numbers must not make its rows look
//! different from the CRM.

mod first_name_cache;

use super::features::{EmailKey, Features};
use super::nicknames::{Compat, first_names_compatible};
use super::phonetic::phonetic_key;
use super::schema::{Comparator, CustomField, CustomValue};
pub use super::similarity::{jw_at_least, one_edit};
use super::trades::distinctive_words;
use crate::model::Entity;

/// Most fields one entity compares.
pub const MAX_FIELDS: usize = 12;

/// Level 0 of every field: at least one side has no value.
pub const MISSING: u8 = 0;

/// A field that matching compares, with its comparator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    FirstName,
    LastName,
    Email,
    Phone,
    Company,
    Domain,
    Siren,
    City,
    PostalCode,
    DealName,
    Amount,
    CloseDate,
    Owner,
    Contact,
    /// A person's job title.
    JobTitle,
    /// A deal's stage: the same deal written twice is at the same stage,
    /// or one step further in the copy updated last.
    Stage,
    /// A deal's next action (`Relancer par mail`).
    NextAction,
    /// A column declared in `[[matching.compare]]`.
    Custom(CustomField),
}

impl FieldKind {
    /// The name used in explanations, report.json and the config.
    pub fn name(self) -> &'static str {
        match self {
            FieldKind::FirstName => "first_name",
            FieldKind::LastName => "last_name",
            FieldKind::Email => "email",
            FieldKind::Phone => "phone",
            FieldKind::Company => "company",
            FieldKind::Domain => "website",
            FieldKind::Siren => "siren",
            FieldKind::City => "city",
            FieldKind::PostalCode => "postal_code",
            FieldKind::DealName => "deal_name",
            FieldKind::Amount => "amount",
            FieldKind::CloseDate => "close_date",
            FieldKind::Owner => "owner",
            FieldKind::Contact => "customer",
            FieldKind::JobTitle => "job_title",
            FieldKind::Stage => "stage",
            FieldKind::NextAction => "next_action",
            FieldKind::Custom(c) => c.name,
        }
    }

    /// The label of each level, index = level; 0 is always `missing` and
    /// the last is always `different`.
    pub fn levels(self) -> &'static [&'static str] {
        match self {
            FieldKind::FirstName => {
                &["missing", "same", "nickname or compound", "initial only", "close", "different"]
            }
            FieldKind::LastName => &["missing", "same", "one typo", "sounds alike", "different"],
            FieldKind::Email => &[
                "missing",
                "same",
                "same shared address",
                "one typo",
                "same user name, other domain",
                "different",
            ],
            FieldKind::Phone => {
                &["missing", "same mobile", "same line", "same line, other mobiles", "different"]
            }
            FieldKind::Company => {
                &["missing", "same", "one typo", "shares words or other legal form", "different"]
            }
            FieldKind::City => &["missing", "same", "close", "different"],
            FieldKind::PostalCode => &["missing", "same", "same département", "different"],
            FieldKind::DealName => &["missing", "same", "close", "different"],
            FieldKind::Amount => &["missing", "same", "within 20 %", "different"],
            FieldKind::CloseDate => &["missing", "within a week", "within 3 months", "different"],
            FieldKind::Contact => &[
                "missing",
                "same contact",
                "same contact, who has several CRM deals",
                "same contact, both CRM deals",
                "same company",
                "different",
            ],
            FieldKind::Stage => &["missing", "same", "one step apart", "different"],
            FieldKind::Domain
            | FieldKind::Siren
            | FieldKind::Owner
            | FieldKind::NextAction
            | FieldKind::JobTitle => &["missing", "same", "different"],
            FieldKind::Custom(c) => c.levels,
        }
    }

    pub fn n_levels(self) -> usize {
        self.levels().len()
    }

    /// Whether the "same" level's weight depends on how common the value
    /// is (a shared `Martin` counts less than a shared `Kowalczyk`).
    pub fn term_frequency(self) -> bool {
        matches!(
            self,
            FieldKind::FirstName
                | FieldKind::LastName
                | FieldKind::Email
                | FieldKind::Phone
                | FieldKind::Company
                | FieldKind::City
        ) || matches!(self, FieldKind::Custom(c) if c.comparator != Comparator::Date
            && c.comparator != Comparator::Number)
    }

    /// The level meaning "within a typo" whose weight also depends on how
    /// common the names are: `Laboratoiire André` against `Laboratoire
    /// André`, one of a few companies so named, is far more telling than
    /// `Garage Martel` against `Garage Martin`, among thousands of garages.
    pub fn tf_close_level(self) -> Option<u8> {
        match self {
            FieldKind::LastName | FieldKind::Company => Some(2),
            _ => None,
        }
    }

    /// The value whose frequency adjusts the "same" level, if any.
    pub fn tf_value(self, f: &Features) -> Option<&str> {
        match self {
            FieldKind::FirstName => f.first.as_deref(),
            FieldKind::LastName => f.last.as_deref(),
            FieldKind::Company => f.company.as_deref(),
            FieldKind::City => f.city.as_deref(),
            FieldKind::Custom(c) => match f.custom.get(c.slot as usize) {
                Some(Some(CustomValue::Text(t))) => Some(t.as_str()),
                _ => None,
            },
            _ => None,
        }
    }
}

/// The levels of a deal's customer ([`FieldKind::Contact`]) at which two
/// deals are one contact's: a row about the contact with a deal of
/// theirs (1), the same when the contact has several CRM deals (2), two
/// CRM deals (3).
pub const SAME_CONTACT: &[u8] = &[1, 2, 3];
/// Of those, the levels where one record is a row about the contact, not
/// a CRM deal: each weighed by its own training session.
pub const ROW_ABOUT_THE_CONTACT: &[u8] = &[1, SEVERAL_CRM_DEALS];
/// The level of a row about a contact who has several CRM deals against
/// one of them (or against another row about them).
pub const SEVERAL_CRM_DEALS: u8 = 2;

/// The fields compared for each entity, most telling first.
pub fn default_fields(entity: Entity) -> Vec<FieldKind> {
    use FieldKind::*;
    match entity {
        Entity::Contact => vec![FirstName, LastName, Email, Phone, Company, City, JobTitle],
        Entity::Company => vec![Company, Domain, Siren, Phone, City, PostalCode],
        Entity::Deal => vec![Contact, DealName, Amount, CloseDate, Owner, Stage, NextAction],
    }
}

/// Levels of one pair, one per field of the schema.
pub type Levels = [u8; MAX_FIELDS];

/// Compare two records on every field.
pub fn compare(fields: &[FieldKind], a: &Features, b: &Features) -> Levels {
    let mut levels = [MISSING; MAX_FIELDS];
    let (swap, straight) = names_swapped(a, b);
    for (slot, &field) in levels.iter_mut().zip(fields) {
        *slot = match (field, swap, straight) {
            (FieldKind::FirstName | FieldKind::LastName, Swap::First, _) => {
                compare_field(field, b, a, true)
            }
            // What the swap test already worked out, straight.
            (FieldKind::FirstName, Swap::None, Straight { first: Some(level), .. }) => level,
            (FieldKind::LastName, Swap::None, Straight { last_within_a_typo: Some(false), .. }) => {
                both(&a.last, &b.last, |x, y| {
                    sound_level(x, y, (a.last_sound.as_deref(), b.last_sound.as_deref()))
                })
            }
            _ => compare_field(field, a, b, swap == Swap::Second),
        };
    }
    levels
}

/// Which record of a pair has its first and last names in each other's
/// columns, if either.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Swap {
    None,
    First,
    Second,
}

/// What [`names_swapped`] learnt of the names read straight, so that
/// [`compare`] does not work it out again: most candidate pairs of a
/// linking are two people with different names, for whom both were
/// computed twice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Straight {
    /// The first names' level.
    pub first: Option<u8>,
    /// Whether the last names are within a typo of each other.
    pub last_within_a_typo: Option<bool>,
}

/// First and last name written in each other's columns (`DUPONT | Jean`
/// in a file whose header says Prénom | Nom, `JB Courtault` read with the
/// capitals as the surname): compare them crossed. Crossed, each name may
/// still carry a typo or be initials (`Perrange | Cathrine` against
/// `Catherine Perrange`), as long as straight both names disagree: two
/// people whose names cross by chance are rarer than one person whose
/// columns were swapped and then mistyped.
///
/// Which record was swapped is the reading under which the first names
/// agree best as first names and the last names as last names (`jb` is
/// initials of `jean baptiste`, not a typo of a surname).
pub fn names_swapped(a: &Features, b: &Features) -> (Swap, Straight) {
    let mut straight = Straight::default();
    let (Some(af), Some(al), Some(bf), Some(bl)) = (&a.first, &a.last, &b.first, &b.last) else {
        return (Swap::None, straight);
    };
    if af == bf || al == bl {
        return (Swap::None, straight);
    }
    if af == bl && al == bf {
        return (Swap::Second, straight);
    }
    const DIFFERENT: u8 = 5;
    let first = first_name_level(af, bf);
    straight.first = Some(first);
    if first != DIFFERENT {
        return (Swap::None, straight);
    }
    let last_within_a_typo = last_names_within_a_typo(al, bl);
    straight.last_within_a_typo = Some(last_within_a_typo);
    if last_within_a_typo {
        return (Swap::None, straight);
    }
    // A reading: (its first names' level, its last names' level), when
    // both agree.
    let reading = |first: (&str, &str), last: (&str, &str)| {
        let f = crossed_first_name_level(first.0, first.1);
        (f < DIFFERENT && last_names_within_a_typo(last.0, last.1))
            .then(|| f + last_name_level(last.0, last.1, (None, None)))
    };
    let swap = match (reading((af, bl), (al, bf)), reading((bf, al), (bl, af))) {
        (Some(second), Some(first)) if first < second => Swap::First,
        (Some(_), _) => Swap::Second,
        (None, Some(_)) => Swap::First,
        (None, None) => Swap::None,
    };
    (swap, straight)
}

/// Levels 1 and 2 of [`last_name_level`], without its sound-alike key.
fn last_names_within_a_typo(a: &str, b: &str) -> bool {
    a == b || eq_ignoring_spaces(a, b) || one_edit(a, b) || jw_at_least(a, b, 0.95)
}

pub fn compare_field(field: FieldKind, a: &Features, b: &Features, swapped: bool) -> u8 {
    match field {
        FieldKind::FirstName => {
            if swapped {
                both(&a.first, &b.last, crossed_first_name_level)
            } else {
                both(&a.first, &b.first, first_name_level)
            }
        }
        FieldKind::LastName => {
            let b_last = if swapped { &b.first } else { &b.last };
            let b_sound = if swapped { None } else { b.last_sound.as_deref() };
            both(&a.last, b_last, |x, y| last_name_level(x, y, (a.last_sound.as_deref(), b_sound)))
        }
        FieldKind::Email => {
            let level = email_level(&a.emails, &b.emails);
            if level == 4 && user_names_spell_names(a, b) { 5 } else { level }
        }
        FieldKind::Phone => {
            if a.phones.is_empty() || b.phones.is_empty() {
                return MISSING;
            }
            let mut best = 4;
            for p in &a.phones {
                if let Some(q) = b.phones.iter().find(|q| q.digits == p.digits) {
                    best = best.min(if p.mobile && q.mobile { 1 } else { 2 });
                }
            }
            // A shared office line, and each record a mobile of its own:
            // two colleagues (Jean Martin père et fils), as often as one
            // person who changed phones.
            let mobile = |f: &Features| f.phones.iter().any(|p| p.mobile);
            if best == 2 && mobile(a) && mobile(b) { 3 } else { best }
        }
        FieldKind::Company => {
            // The company each record's row names, once companies are
            // clustered; else the names themselves.
            if let (Some(x), Some(y)) = (a.company_ref, b.company_ref) {
                if x == y {
                    return 1;
                }
                // Two companies apart, whose names agree: namesakes, or
                // one row too vague to join its company (`Néologic` with
                // no website, when two Néologic exist). Only the first two
                // levels of `company_level`: this runs for most contact
                // pairs, and the rest of it is costly.
                return match (&a.company, &b.company) {
                    (Some(x), Some(y)) if same_or_one_typo(x, y).is_some() => 3,
                    _ => 4,
                };
            }
            let level = both(&a.company, &b.company, company_level);
            if (1..=2).contains(&level) && other_legal_forms(a, b) { 3 } else { level }
        }
        FieldKind::Domain => both(&a.domain, &b.domain, same_or_different),
        FieldKind::Siren => match (a.siren, b.siren) {
            (Some(x), Some(y)) => {
                if x == y {
                    1
                } else {
                    2
                }
            }
            _ => MISSING,
        },
        FieldKind::City => both(&a.city, &b.city, |x, y| {
            if x == y {
                1
            } else if jw_at_least(x, y, 0.9) {
                2
            } else {
                3
            }
        }),
        FieldKind::PostalCode => both(&a.postal_code, &b.postal_code, |x, y| {
            if x == y {
                1
            } else if x.len() == 5 && y.len() == 5 && x[..2] == y[..2] {
                2
            } else {
                3
            }
        }),
        // Same or not: a close title (`directeur commercial` / `directeur
        // commercial france`) proved no likelier a match than another
        // one, and the closeness test cost seconds at millions of pairs.
        FieldKind::JobTitle => both(&a.job_title, &b.job_title, same_or_different),
        FieldKind::DealName => both(&a.deal_name, &b.deal_name, |x, y| {
            if x == y {
                1
            } else if token_overlap(x, y) >= 0.5 || jw_at_least(x, y, 0.92) {
                2
            } else {
                3
            }
        }),
        FieldKind::Amount => match (a.amount, b.amount) {
            (Some(x), Some(y)) => {
                let scale = x.abs().max(y.abs());
                let diff = (x - y).abs();
                if diff <= 0.005 * scale || diff < 0.01 {
                    1
                } else if diff <= 0.2 * scale {
                    2
                } else {
                    3
                }
            }
            _ => MISSING,
        },
        FieldKind::CloseDate => match (a.close_date, b.close_date) {
            (Some(x), Some(y)) => match (x - y).abs() {
                0..=7 => 1,
                8..=92 => 2,
                _ => 3,
            },
            _ => MISSING,
        },
        FieldKind::Owner => both(&a.owner, &b.owner, same_or_different),
        FieldKind::NextAction => both(&a.next_action, &b.next_action, same_or_different),
        FieldKind::Stage => match (a.stage, b.stage) {
            (Some(x), Some(y)) if x == y => 1,
            (Some(x), Some(y)) => match (x.forward_step(), y.forward_step()) {
                (Some(i), Some(j)) if i.abs_diff(j) == 1 => 2,
                _ => 3,
            },
            _ => MISSING,
        },
        // A deal's customer: the same contact implies the same company,
        // so the two are one comparison, not two pieces of evidence. Two
        // deals the CRM already holds apart (each with its record id) and
        // a row about a contact with one of that contact's deals are
        // different questions: a CRM contact often has several deals,
        // while a row about them is most often one of those — the only
        // one, when the CRM has one (on a 10k set, 91 % of such pairs
        // were one deal; 47 % with two CRM deals, 32 % with three). The
        // levels keep these apart so each is weighed by its own pairs
        // (see `weights::session_levels`).
        FieldKind::Contact => {
            if let (Some(x), Some(y)) = (a.contact_ref, b.contact_ref)
                && x == y
            {
                return if a.record_id.is_some() && b.record_id.is_some() {
                    3
                } else if a.contact_crm_deals.max(b.contact_crm_deals) > 1 {
                    SEVERAL_CRM_DEALS
                } else {
                    1
                };
            }
            match compare_field(FieldKind::Company, a, b, false) {
                1..=3 => 4,
                MISSING if a.contact_ref.is_none() || b.contact_ref.is_none() => MISSING,
                _ => 5,
            }
        }
        FieldKind::Custom(c) => {
            let slot = c.slot as usize;
            super::schema::level(
                &c,
                a.custom.get(slot).and_then(Option::as_ref),
                b.custom.get(slot).and_then(Option::as_ref),
            )
        }
    }
}

fn both<T: std::ops::Deref<Target = str>>(
    a: &Option<T>,
    b: &Option<T>,
    f: impl Fn(&str, &str) -> u8,
) -> u8 {
    match (a, b) {
        (Some(a), Some(b)) => f(a, b),
        _ => MISSING,
    }
}

/// Levels of a field that is the same or not (`same`, `different`).
fn same_or_different(a: &str, b: &str) -> u8 {
    if a == b { 1 } else { 2 }
}

/// See [`first_name_cache`]: the same few thousand first names meet
/// millions of times.
fn first_name_level(a: &str, b: &str) -> u8 {
    first_name_cache::level(a, b, work_out_first_name_level)
}

/// [`first_name_level`] of a first name against a surname (columns
/// swapped): such pairs seldom meet twice, and caching them would only
/// push the first names that do out of the cache. Blocking asks this of
/// most of its tens of millions of pairs, twice, so the typo check of
/// straight names (one edit, see [`work_out_first_name_level`]) is left
/// to Jaro–Winkler here.
fn crossed_first_name_level(a: &str, b: &str) -> u8 {
    names_level(a, b, |a, b| jw_at_least(a, b, 0.9))
}

/// The first name of `a` against the last name of `b`
/// ([`crossed_first_name_level`]), for blocking's check of every
/// candidate pair (see [`super::rules::cannot_link`]). There the pairs of
/// a block share a surname, which meets the block's first names again
/// and again: the levels come from a cache of their own, which took that
/// check from 6.4–6.6 to 5.0–5.4 s linking a million contacts against a
/// million (alternated runs).
/// The comparisons' crossed pairs, which passed the check, seldom repeat:
/// caching them too made comparing slower by as much.
pub fn crossed_first_name_level_cached(a: &Features, b: &Features) -> u8 {
    both(&a.first, &b.last, |x, y| first_name_cache::crossed_level(x, y, crossed_first_name_level))
}

/// Jaro–Winkler misses a doubled letter near the start (`grregory` /
/// `gregory`: 0.89), which one edit sees.
fn work_out_first_name_level(a: &str, b: &str) -> u8 {
    names_level(a, b, |a, b| jw_at_least(a, b, 0.9) || first_name_typo(a, b))
}

/// The first-name levels, `close` deciding between "close" and
/// "different" for names the nickname table does not relate.
fn names_level(a: &str, b: &str, close: impl Fn(&str, &str) -> bool) -> u8 {
    match first_names_compatible(a, b) {
        Compat::Same => 1,
        Compat::Nickname | Compat::CompoundPart => 2,
        Compat::InitialOnly => 3,
        Compat::Different => {
            if close(a, b) {
                4
            } else {
                5
            }
        }
    }
}

fn last_name_level(a: &str, b: &str, sounds: (Option<&str>, Option<&str>)) -> u8 {
    if a == b || eq_ignoring_spaces(a, b) {
        return 1;
    }
    if one_edit(a, b) || jw_at_least(a, b, 0.95) {
        return 2;
    }
    sound_level(a, b, sounds)
}

/// Levels 3 and 4 of [`last_name_level`], for names more than a typo apart.
fn sound_level(a: &str, b: &str, sounds: (Option<&str>, Option<&str>)) -> u8 {
    let same_sound = match sounds {
        (Some(x), Some(y)) => x == y,
        _ => phonetic_key(a) == phonetic_key(b),
    };
    if same_sound { 3 } else { 4 }
}

/// `de la fontaine` = `delafontaine`, without allocating.
fn eq_ignoring_spaces(a: &str, b: &str) -> bool {
    a.bytes().filter(|&c| c != b' ').eq(b.bytes().filter(|&c| c != b' '))
}

/// Two spellings of one first name, one mistyped (`Clauude`, `Siomne`,
/// `Virinie`): one edit apart, but not one of the pairs French and English
/// names make by their ending, which are two people who may well share a
/// family mailbox: a letter added at the end (`Jean` / `Jeanne`, `Simon` /
/// `Simone`, `Louis` / `Louise`) or the last letter changed (`Anne` /
/// `Anna`, `Mario` / `Maria`). Short names are left alone (`Léo` / `Léa`).
pub fn first_name_typo(a: &str, b: &str) -> bool {
    if a.len() < 4 || b.len() < 4 || a == b || a.starts_with(b) || b.starts_with(a) {
        return false;
    }
    let same_stem = |x: &str, y: &str| {
        x.len() == y.len()
            && x.char_indices().last().map(|(i, _)| &x[..i])
                == y.char_indices().last().map(|(i, _)| &y[..i])
    };
    one_edit(a, b) && !same_stem(a, b)
}

fn email_level(a: &[EmailKey], b: &[EmailKey]) -> u8 {
    if a.is_empty() || b.is_empty() {
        return MISSING;
    }
    let mut best = 5;
    for x in a {
        for y in b {
            let level = if x.address == y.address {
                if x.role { 2 } else { 1 }
            } else if x.role || y.role {
                5
            } else if x.domain() == y.domain()
                && one_edit(x.local(), y.local())
                && !numbered_apart(x.local(), y.local())
            {
                3
            } else if x.local() == y.local() && x.local().len() >= 3 {
                4
            } else {
                5
            };
            best = best.min(level);
        }
    }
    best
}

/// User names that differ only in their digits (`jean.martin` and
/// `jean.martin2`): the mailboxes of two namesakes, numbered by the mail
/// server, not a typo.
fn numbered_apart(a: &str, b: &str) -> bool {
    let letters = |s: &str| s.bytes().filter(|c| !c.is_ascii_digit()).collect::<Vec<u8>>();
    letters(a) == letters(b)
}

/// Whether the user name two addresses share at other domains only spells
/// the person's last name (`d.johnson@riverside.com`,
/// `d.johnson@henry.fr`): then it says nothing the names do not already
/// say, and every David Johnson shares it. Counting it again is how
/// homonyms at different companies merge (Splink's stock email comparison
/// falls to F1 0.46 at a million contacts that way). A user name that is
/// not made of the name (`bigboss75`) still counts.
fn user_names_spell_names(a: &Features, b: &Features) -> bool {
    let letters = |s: &str| s.chars().filter(|c| c.is_ascii_alphabetic()).collect::<String>();
    let lasts: Vec<String> = [&a.last, &b.last]
        .into_iter()
        .flatten()
        .map(|l| letters(l))
        .filter(|l| l.len() >= 2)
        .collect();
    if lasts.is_empty() {
        return false;
    }
    a.emails.iter().any(|x| {
        b.emails.iter().any(|y| {
            x.local() == y.local() && {
                let local = letters(x.local());
                lasts.iter().any(|l| local.contains(l.as_str()))
            }
        })
    })
}

/// Both names carry a legal form, and not the same one.
pub fn other_legal_forms(a: &Features, b: &Features) -> bool {
    matches!((a.legal_form, b.legal_form), (Some(x), Some(y)) if x != y)
}

/// The first two levels of [`company_level`]: 1 for the same name (spaces
/// aside), 2 for one typo or a near-identical spelling.
fn same_or_one_typo(a: &str, b: &str) -> Option<u8> {
    if a == b || eq_ignoring_spaces(a, b) {
        Some(1)
    } else if one_edit(a, b) || jw_at_least(a, b, 0.95) {
        Some(2)
    } else {
        None
    }
}

fn company_level(a: &str, b: &str) -> u8 {
    if let Some(level) = same_or_one_typo(a, b) {
        return level;
    }
    if acronym_of(a, b) || acronym_of(b, a) {
        return 3;
    }
    // What names the business, without the trade words thousands of
    // names share: `Bureau d'études Marie` is not `Bureau d'études
    // Meunier`, whatever the similarity of the whole names.
    let (da, db) = (distinctive(a), distinctive(b));
    let (a, b) = if da.is_empty() || db.is_empty() { (a, b) } else { (da.as_str(), db.as_str()) };
    if jw_at_least(a, b, 0.9) || token_overlap(a, b) >= 0.5 {
        return 3;
    }
    4
}

/// The distinctive words of a company key (see [`super::trades`]).
/// Inline up to 24 bytes: most names are, and this runs for every pair of
/// companies compared beyond a typo (a heap string each was 40 % of
/// comparing companies).
fn distinctive(key: &str) -> compact_str::CompactString {
    let mut out = compact_str::CompactString::default();
    for w in distinctive_words(key) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// `ibm` for `international business machines`.
fn acronym_of(short: &str, long: &str) -> bool {
    if short.len() < 2 || short.contains(' ') || !long.contains(' ') {
        return false;
    }
    // Compared letter by letter, without building the initials.
    let mut initials = long.split(' ').filter_map(|w| w.chars().next());
    let mut letters = short.chars();
    loop {
        match (initials.next(), letters.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x == y => {}
            _ => return false,
        }
    }
}

/// Shared words over the distinct words of the shorter name (words of one
/// or two letters aside). Names have a handful of words: nested scans
/// beat building and sorting word lists for every pair.
pub fn token_overlap(a: &str, b: &str) -> f64 {
    fn words(s: &str) -> impl Iterator<Item = (usize, &str)> {
        s.split(' ').enumerate().filter(|(_, w)| w.len() > 2)
    }
    // A word counts once: skip it when it appeared earlier in its name.
    fn distinct(s: &str) -> impl Iterator<Item = &str> {
        words(s)
            .filter(move |&(i, w)| !words(s).take_while(|&(j, _)| j < i).any(|(_, v)| v == w))
            .map(|(_, w)| w)
    }
    let (na, nb) = (distinct(a).count(), distinct(b).count());
    let n = na.min(nb);
    if n == 0 {
        return 0.0;
    }
    let shared = distinct(a).filter(|w| distinct(b).any(|v| v == *w)).count();
    shared as f64 / n as f64
}

#[cfg(test)]
mod tests;
