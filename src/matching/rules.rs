//! Deterministic rules: matches too obvious to leave to scoring.
//!
//! A shared CRM id, the same personal email with names that do not
//! contradict, the same SIRET, the same mobile with the same name: these
//! decide a pair whatever the weights say, and the clustering never
//! vetoes them. Role addresses (`contact@`) and shared lines never make a
//! rule: they name a company, not a person.

use serde::Serialize;

use super::compare::{
    FieldKind, MISSING, compare_field, crossed_first_name_level_cached, first_name_typo, one_edit,
};
use super::features::Features;
use super::nicknames::{Compat, first_names_compatible};
use super::trades::is_generic;
use crate::model::Entity;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    SameRecordId,
    SameEmail,
    SameSiret,
    SameSirenAndName,
    SameCompanyName,
    SameCompanyNameAndTown,
    SameMobileAndName,
}

impl Rule {
    pub fn describe(self) -> &'static str {
        match self {
            Rule::SameRecordId => "same CRM record id",
            Rule::SameEmail => "same personal email",
            Rule::SameSiret => "same SIRET",
            Rule::SameSirenAndName => "same SIREN and a close name",
            Rule::SameCompanyName => "same distinctive company name, nothing contradicting",
            Rule::SameCompanyNameAndTown => {
                "same distinctive company name in the same town, nothing contradicting"
            }
            Rule::SameMobileAndName => "same mobile number and name",
        }
    }
}

/// Pairs that are never the same entity, whatever else agrees: two
/// establishments (other SIRET) of one company are two accounts, as a
/// sales team keeps one per site. Such pairs are dropped before scoring
/// and veto any cluster that would hold both.
///
/// Two people whose first names clearly differ (not a nickname, a compound
/// part, an initial or a typo, nor the names in swapped columns) are two
/// people, however much else they share: a family at one company shares
/// its surname, switchboard, company and town, and those agreements are
/// not independent evidence, so their weights would add up to a merge.
pub fn cannot_link(entity: Entity, a: &Features, b: &Features) -> bool {
    match entity {
        Entity::Company => matches!((a.siret, b.siret), (Some(x), Some(y)) if x != y),
        Entity::Contact => first_names_clash(a, b),
        Entity::Deal => false,
    }
}

fn first_names_clash(a: &Features, b: &Features) -> bool {
    let different = FieldKind::FirstName.n_levels() as u8 - 1;
    let agree = |l: u8| l != MISSING && l != different;
    // Straight, then each first name against the other's last name (the
    // columns swapped, a typo on top).
    compare_field(FieldKind::FirstName, a, b, false) == different
        && !agree(crossed_first_name_level_cached(a, b))
        && !agree(crossed_first_name_level_cached(b, a))
}

/// Pairs no score links on its own: they go to review at most.
///
/// Two contacts who each give a mobile and a job title, neither the
/// other's, are two people of a family firm sharing their name and one
/// address (Jean Martin père et fils at `j.martin@martin-fils.fr`) as
/// often as one person typed in twice, who keeps at least one of the two.
/// Random pairs, even colleagues, so rarely share a name and an address
/// that their weights outweigh any two differences; a person decides.
pub fn left_to_a_person(entity: Entity, a: &Features, b: &Features) -> bool {
    if entity != Entity::Contact {
        return false;
    }
    fn mobiles(f: &Features) -> impl Iterator<Item = u64> + '_ {
        f.phones.iter().filter(|p| p.mobile).map(|p| p.digits)
    }
    let other_mobiles = mobiles(a).next().is_some()
        && mobiles(b).next().is_some()
        && !mobiles(a).any(|m| mobiles(b).any(|n| n == m));
    let other_titles = matches!((&a.job_title, &b.job_title), (Some(s), Some(t)) if s != t);
    other_mobiles && other_titles
}

/// The rule that decides this pair, if any.
pub fn rule(entity: Entity, a: &Features, b: &Features) -> Option<Rule> {
    if let (Some(x), Some(y)) = (&a.record_id, &b.record_id)
        && x == y
    {
        return Some(Rule::SameRecordId);
    }
    match entity {
        Entity::Contact => {
            let same_email = a
                .emails
                .iter()
                .any(|x| !x.role && b.emails.iter().any(|y| !y.role && y.address == x.address));
            let same_mobile = a
                .phones
                .iter()
                .any(|p| p.mobile && b.phones.iter().any(|q| q.mobile && q.digits == p.digits));
            // Most candidate pairs share neither: their names are not read.
            if !same_email && !same_mobile {
                return None;
            }
            let names_agree = names_do_not_contradict(a, b);
            if same_email && names_agree && !left_to_a_person(entity, a, b) {
                return Some(Rule::SameEmail);
            }
            let named =
                a.last.is_some() && b.last.is_some() && a.first.is_some() && b.first.is_some();
            if same_mobile && named && names_agree {
                return Some(Rule::SameMobileAndName);
            }
            None
        }
        Entity::Company => {
            if let (Some(x), Some(y)) = (a.siret, b.siret)
                && x == y
            {
                return Some(Rule::SameSiret);
            }
            if let (Some(x), Some(y)) = (a.siren, b.siren)
                && x == y
                && a.siret.is_none_or(|s| b.siret.is_none_or(|t| s == t))
                && compare_field(FieldKind::Company, a, b, false) <= 3
            {
                return Some(Rule::SameSirenAndName);
            }
            if let (Some(x), Some(y)) = (&a.company, &b.company)
                && x == y
                && !super::compare::other_legal_forms(a, b)
                && distinctive(x)
                && !identifiers_contradict(a, b)
            {
                if !a.ambiguous_name && !b.ambiguous_name {
                    return Some(Rule::SameCompanyName);
                }
                // A name several companies bear, each in its own town:
                // the town says which.
                if same_town(a, b) && !a.ambiguous_in_town && !b.ambiguous_in_town {
                    return Some(Rule::SameCompanyNameAndTown);
                }
            }
            None
        }
        Entity::Deal => None,
    }
}

/// A company name that is more than one short or generic word: `Dupont
/// Conseil`, `Aximed`, not `Garage`, `Pharmacie` or `SCI`.
fn distinctive(key: &str) -> bool {
    key.contains(' ') || (key.len() >= 5 && !is_generic(key))
}

/// Two records with the same name that cannot be the same company: other
/// SIREN, SIRET, web domain, or another place.
/// Both give the town, and it is the same (same postal code, or the same
/// town name within a typo).
fn same_town(a: &Features, b: &Features) -> bool {
    match (&a.city, &b.city, &a.postal_code, &b.postal_code) {
        (Some(x), Some(y), _, _) => x == y || super::compare::jw_at_least(x, y, 0.9),
        (_, _, Some(p), Some(q)) => p == q,
        _ => false,
    }
}

pub(crate) fn identifiers_contradict(a: &Features, b: &Features) -> bool {
    let differ = |x: Option<&str>, y: Option<&str>| matches!((x, y), (Some(x), Some(y)) if x != y);
    matches!((a.siren, b.siren), (Some(x), Some(y)) if x != y)
        || matches!((a.siret, b.siret), (Some(x), Some(y)) if x != y)
        || differ(a.domain.as_deref(), b.domain.as_deref())
        || differ(a.postal_code.as_deref(), b.postal_code.as_deref())
        || differ(a.city.as_deref(), b.city.as_deref())
}

/// First names compatible (or one missing) and last names within a typo
/// (or one missing), in either column order.
fn names_do_not_contradict(a: &Features, b: &Features) -> bool {
    let first_ok = |x: &Option<compact_str::CompactString>,
                    y: &Option<compact_str::CompactString>| match (x, y) {
        (Some(x), Some(y)) => {
            first_names_compatible(x, y) != Compat::Different || first_name_typo(x, y)
        }
        _ => true,
    };
    let last_ok = |x: &Option<compact_str::CompactString>,
                   y: &Option<compact_str::CompactString>| match (x, y) {
        (Some(x), Some(y)) => x == y || one_edit(x, y),
        _ => true,
    };
    (first_ok(&a.first, &b.first) && last_ok(&a.last, &b.last))
        || (first_ok(&a.first, &b.last)
            && last_ok(&a.last, &b.first)
            && a.first.is_some()
            && b.last.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::features::{EmailKey, PhoneKey};

    fn contact(first: &str, last: &str, email: &str, role: bool) -> Features {
        Features {
            first: (!first.is_empty()).then(|| first.into()),
            last: (!last.is_empty()).then(|| last.into()),
            emails: vec![EmailKey {
                address: email.into(),
                at: email.find('@').unwrap() as u8,
                role,
                free: false,
            }],
            ..Features::default()
        }
    }

    #[test]
    fn same_email_decides_unless_names_contradict() {
        let a = contact("jean", "dupont", "jean.dupont@acme.fr", false);
        let b = contact("jean pierre", "dupont", "jean.dupont@acme.fr", false);
        assert_eq!(rule(Entity::Contact, &a, &b), Some(Rule::SameEmail));
        let missing = contact("", "", "jean.dupont@acme.fr", false);
        assert_eq!(rule(Entity::Contact, &a, &missing), Some(Rule::SameEmail));
        // A family address shared by two people.
        let c = contact("jean", "dupont", "famille.dupont@orange.fr", false);
        let d = contact("marie", "dupont", "famille.dupont@orange.fr", false);
        assert_eq!(rule(Entity::Contact, &c, &d), None);
        // A role address never decides.
        let e = contact("jean", "dupont", "contact@acme.fr", true);
        let f = contact("jean", "dupont", "contact@acme.fr", true);
        assert_eq!(rule(Entity::Contact, &e, &f), None);
    }

    #[test]
    fn one_address_with_two_mobiles_and_two_titles_is_left_to_a_person() {
        let person = |mobile: Option<u64>, title: Option<&str>| Features {
            phones: mobile.map(|digits| PhoneKey { digits, mobile: true }).into_iter().collect(),
            job_title: title.map(Into::into),
            ..contact("jean", "martin", "j.martin@martin-fils.fr", false)
        };
        // Jean Martin père et fils: each their own mobile and title.
        let (father, son) =
            (person(Some(33612345678), Some("gerant")), person(Some(33698765432), Some("artisan")));
        assert!(left_to_a_person(Entity::Contact, &father, &son));
        assert_eq!(rule(Entity::Contact, &father, &son), None);
        // One person typed in twice keeps one of the two, or gives less.
        for twice in [
            person(Some(33612345678), Some("artisan")),
            person(Some(33698765432), Some("gerant")),
            person(None, Some("artisan")),
            person(Some(33698765432), None),
        ] {
            assert!(!left_to_a_person(Entity::Contact, &father, &twice), "{twice:?}");
            assert_eq!(rule(Entity::Contact, &father, &twice), Some(Rule::SameEmail));
        }
        assert!(!left_to_a_person(Entity::Company, &father, &son));
    }

    #[test]
    fn same_mobile_needs_the_name() {
        let mut a = contact("jean", "dupont", "a@x.fr", false);
        let mut b = contact("jean", "dupond", "b@y.fr", false);
        let mobile = PhoneKey { digits: 33612345678, mobile: true };
        a.phones = vec![mobile];
        b.phones = vec![mobile];
        assert_eq!(rule(Entity::Contact, &a, &b), Some(Rule::SameMobileAndName));
        b.first = Some("marie".into());
        assert_eq!(rule(Entity::Contact, &a, &b), None);
    }

    #[test]
    fn company_identifiers() {
        let c = |siren: Option<u32>, siret: Option<u64>, name: &str| Features {
            siren,
            siret,
            company: Some(name.into()),
            ..Features::default()
        };
        assert_eq!(
            rule(
                Entity::Company,
                &c(Some(732829320), Some(73282932000074), "a"),
                &c(None, Some(73282932000074), "b")
            ),
            Some(Rule::SameSiret)
        );
        assert_eq!(
            rule(
                Entity::Company,
                &c(Some(732829320), None, "dupont conseil"),
                &c(Some(732829320), None, "dupont conseils")
            ),
            Some(Rule::SameSirenAndName)
        );
        // The same name alone, when nothing contradicts it.
        assert_eq!(
            rule(
                Entity::Company,
                &c(None, None, "dupont conseil"),
                &c(None, None, "dupont conseil")
            ),
            Some(Rule::SameCompanyName)
        );
        assert_eq!(
            rule(
                Entity::Company,
                &c(Some(732829320), None, "dupont conseil"),
                &c(Some(552100554), None, "dupont conseil")
            ),
            None
        );
        let mut lyon = c(None, None, "boulangerie martin");
        let mut lille = c(None, None, "boulangerie martin");
        lyon.city = Some("lyon".into());
        lille.city = Some("lille".into());
        assert_eq!(rule(Entity::Company, &lyon, &lille), None, "namesakes in two cities");
        assert_eq!(
            rule(Entity::Company, &c(None, None, "garage"), &c(None, None, "garage")),
            None,
            "too generic"
        );
        // Two establishments of one company: same SIREN, other SIRET.
        assert_eq!(
            rule(
                Entity::Company,
                &c(Some(732829320), Some(73282932000074), "dupont"),
                &c(Some(732829320), Some(73282932000082), "dupont")
            ),
            None
        );
    }

    #[test]
    fn a_name_several_towns_bear_is_decided_by_the_town() {
        use crate::matching::features::mark_ambiguous_names;
        let c = |siren: Option<u32>, city: Option<&str>| Features {
            siren,
            city: city.map(Into::into),
            company: Some("sudflex".into()),
            legal_form: Some("SAS"),
            ..Features::default()
        };
        let mut records = vec![
            c(Some(147_988_968), Some("nimes")),
            c(Some(552_100_554), Some("lyon")),
            c(None, Some("nimes")),
            c(None, None),
        ];
        mark_ambiguous_names(&mut records);
        assert!(records.iter().all(|f| f.ambiguous_name));
        assert!(records.iter().all(|f| !f.ambiguous_in_town));
        let r = |i: usize, j: usize| rule(Entity::Company, &records[i], &records[j]);
        assert_eq!(r(0, 2), Some(Rule::SameCompanyNameAndTown));
        // A town against another is a contradiction; no town says nothing.
        assert_eq!(r(1, 2), None);
        assert_eq!(r(0, 3), None);

        // Two companies of that name in one town: the town cannot decide.
        let mut records = vec![
            c(Some(147_988_968), Some("nimes")),
            c(Some(552_100_554), Some("nimes")),
            c(None, Some("nimes")),
        ];
        mark_ambiguous_names(&mut records);
        assert!(records.iter().all(|f| f.ambiguous_in_town));
        assert_eq!(rule(Entity::Company, &records[0], &records[2]), None);
    }

    #[test]
    fn same_record_id_decides() {
        let mut a = Features::default();
        let mut b = Features::default();
        a.record_id = Some("351".into());
        b.record_id = Some("351".into());
        assert_eq!(rule(Entity::Deal, &a, &b), Some(Rule::SameRecordId));
    }

    #[test]
    fn establishments_and_legal_forms_keep_namesakes_apart() {
        let c = |siret: Option<u64>, name: &str, form: Option<&'static str>| Features {
            siren: siret.map(|s| (s / 100_000) as u32),
            siret,
            company: Some(name.into()),
            legal_form: form,
            ..Features::default()
        };
        // Two sites of one company: same SIREN, other SIRET.
        let paris = c(Some(39976901700019), "nettoyage perez", Some("SAS"));
        let amiens = c(Some(39976901769808), "nettoyage perez", Some("SAS"));
        assert!(cannot_link(Entity::Company, &paris, &amiens));
        assert!(!cannot_link(Entity::Company, &paris, &c(None, "nettoyage perez", None)));
        assert!(!cannot_link(Entity::Contact, &paris, &amiens));
        // Same name, other legal form: no rule, and not "same" for the
        // comparator; a form written on one side only stays "same".
        let snc = c(None, "pharmacie petit", Some("SNC"));
        let sarl = c(None, "pharmacie petit", Some("SARL"));
        let bare = c(None, "pharmacie petit", None);
        assert_eq!(rule(Entity::Company, &snc, &sarl), None);
        assert_eq!(rule(Entity::Company, &snc, &bare), Some(Rule::SameCompanyName));
        assert_eq!(compare_field(FieldKind::Company, &snc, &sarl, false), 3);
        assert_eq!(compare_field(FieldKind::Company, &snc, &bare, false), 1);
    }

    #[test]
    fn clearly_different_first_names_never_link() {
        let p = |first: &str, last: &str| Features {
            first: Some(first.into()),
            last: Some(last.into()),
            ..Features::default()
        };
        let clash = |a: &Features, b: &Features| cannot_link(Entity::Contact, a, b);
        // A family at one company: same surname, other first name.
        assert!(clash(&p("celine", "le deschez"), &p("guillaume", "le deschez")));
        // One person: typo, transposition, nickname, initial, compound part,
        // and the columns swapped (with a typo on top).
        assert!(!clash(&p("kenneth", "norington"), &p("keneth", "norington")));
        assert!(!clash(&p("simone", "bres"), &p("siomne", "bres")));
        assert!(!clash(&p("robert", "smith"), &p("bob", "smith")));
        assert!(!clash(&p("jean pierre", "dupont"), &p("jean", "dupont")));
        assert!(!clash(&p("jean pierre", "dupont"), &p("j", "dupont")));
        assert!(!clash(&p("melanie", "papillade"), &p("papilllade", "melanie")));
        // A missing first name says nothing.
        let no_first = Features { last: Some("dupont".into()), ..Features::default() };
        assert!(!clash(&p("jean", "dupont"), &no_first));
    }
}
