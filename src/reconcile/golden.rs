//! Golden records: the one record to create for a cluster of side records
//! the CRM does not have, built field by field from its members
//! ("survivorship"), each value remembering the record and column it came
//! from.
//!
//! Per field, the value of the first member in this order survives
//! (the default rule, [`Rule::Recent`]):
//! 1. the most recent record ([`Recency`]: its updated_at or last activity,
//!    else its file's modification date): people fix what they use;
//! 2. the most complete record (most fields filled): a careful row is
//!    careful throughout;
//! 3. the most frequent value among the members (compared normalized);
//! 4. input order, so that reruns give the same record.
//!
//! [`Rule::Complete`] and [`Rule::Frequent`] put their criterion first and
//! keep the others in the same order; `[survivorship]` in the config picks
//! a rule per field.
//!
//! Not carried into a golden record: record ids and the dates a CRM sets
//! itself (created/updated at, last activity), custom columns (a column of
//! one file means nothing to a CRM field), a full name when first or last
//! names are known, and the web domain read from a contact's email (it
//! belongs to the contact's company).

use std::cmp::Reverse;
use std::collections::BTreeMap;

use super::diff::same;
use super::recency::Recency;
use crate::matching::features::stable_hash;
use crate::model::{Entity, Role};
use crate::normalize::record::{Field, Record, Value};

/// How one field's surviving value is chosen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Rule {
    /// Most recent record, then most complete, then most frequent value.
    #[default]
    Recent,
    /// Most complete record, then most recent, then most frequent value.
    Complete,
    /// Most frequent value, then most recent record, then most complete.
    Frequent,
}

impl Rule {
    pub fn parse(s: &str) -> Option<Rule> {
        match s.trim().to_ascii_lowercase().as_str() {
            "recent" => Some(Rule::Recent),
            "complete" => Some(Rule::Complete),
            "frequent" => Some(Rule::Frequent),
            _ => None,
        }
    }
}

/// The rule of every field: one default, and exceptions by role.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Survivorship {
    pub default: Rule,
    pub by_role: BTreeMap<Role, Rule>,
}

impl Survivorship {
    pub fn rule(&self, role: Role) -> Rule {
        self.by_role.get(&role).copied().unwrap_or(self.default)
    }
}

/// One surviving value and where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct GoldenValue {
    pub role: Role,
    pub value: Value,
    /// Record index and sheet column of the cell.
    pub record: usize,
    pub column: u32,
}

/// The record to create for one cluster.
#[derive(Clone, Debug, PartialEq)]
pub struct Golden {
    pub entity: Entity,
    /// The dense matching cluster within the entity.
    pub cluster: u32,
    /// The stable external id (see [`key`]); set once every golden record
    /// of the run is known (a deal's identity names its company).
    pub key: String,
    /// Record indices, input order; the first is the `new` one.
    pub members: Vec<usize>,
    /// In role order.
    pub values: Vec<GoldenValue>,
}

impl Golden {
    pub fn value(&self, role: Role) -> Option<&Value> {
        self.values.iter().find(|v| v.role == role).map(|v| &v.value)
    }
}

/// Whether a field may go into a golden record (see the module doc).
fn kept(field: &Field, entity: Entity) -> bool {
    let system = matches!(
        field.role,
        Role::RecordId
            | Role::CompanyId
            | Role::ContactId
            | Role::CreatedAt
            | Role::UpdatedAt
            | Role::LastActivity
            | Role::Custom
    );
    let email_domain = entity == Entity::Contact
        && field.role == Role::Website
        && field.derived_from == Some(Role::Email);
    !system && !email_domain && field.value.is_some()
}

/// How many fields of a record hold a value.
fn completeness(record: &Record) -> usize {
    record.fields.iter().filter(|f| f.value.is_some()).count()
}

/// The surviving candidate among `(record index, value)` pairs (its
/// position in `candidates`); `None` when there are none.
pub fn choose(
    records: &[Record],
    candidates: &[(usize, &Value)],
    rule: Rule,
    recency: &Recency,
) -> Option<usize> {
    use chrono::Datelike;
    // Each criterion as a number, larger is better: the date as a day
    // count (undated records last), completeness, frequency.
    let criteria: Vec<[i64; 3]> = candidates
        .iter()
        .map(|&(r, v)| {
            let date =
                recency.of(&records[r]).map_or(i64::MIN, |d| d.date.num_days_from_ce() as i64);
            let complete = completeness(&records[r]) as i64;
            let frequency = candidates.iter().filter(|(_, w)| same(v, w)).count() as i64;
            [date, complete, frequency]
        })
        .collect();
    (0..candidates.len()).min_by_key(|&k| {
        let [date, complete, frequency] = criteria[k];
        let ranked = match rule {
            Rule::Recent => [date, complete, frequency],
            Rule::Complete => [complete, date, frequency],
            Rule::Frequent => [frequency, date, complete],
        };
        (Reverse(ranked), candidates[k].0)
    })
}

/// The golden values of a cluster whose members are `members` (record
/// indices), in role order.
pub fn survive(
    records: &[Record],
    members: &[usize],
    recency: &Recency,
    rules: &Survivorship,
) -> Vec<GoldenValue> {
    let Some(&first) = members.first() else { return Vec::new() };
    let entity = records[first].entity;
    // Per role, each member's first kept field.
    let mut by_role: BTreeMap<Role, Vec<(usize, &Field)>> = BTreeMap::new();
    for &r in members {
        let mut seen: Vec<Role> = Vec::new();
        for f in records[r].fields.iter().filter(|f| kept(f, entity)) {
            if !seen.contains(&f.role) {
                seen.push(f.role);
                by_role.entry(f.role).or_default().push((r, f));
            }
        }
    }
    let has_names = by_role.contains_key(&Role::FirstName) || by_role.contains_key(&Role::LastName);
    let mut values = Vec::new();
    for (&role, fields) in &by_role {
        if role == Role::FullName && has_names {
            continue;
        }
        let candidates: Vec<(usize, &Value)> =
            fields.iter().filter_map(|(r, f)| f.value.as_ref().map(|v| (*r, v))).collect();
        let Some(k) = choose(records, &candidates, rules.rule(role), recency) else { continue };
        let (record, field) = fields[k];
        values.push(GoldenValue {
            role,
            value: field.value.clone().expect("kept fields have a value"),
            record,
            column: field.column,
        });
    }
    values
}

/// What identifies a golden record from one run to the next, before its
/// associations are known (deals add theirs; see `plan`): the smallest
/// email of a contact's members, else its names and company; a company's
/// smallest SIREN, else web domain, else company name key; a deal's name.
/// `None` when the members say nothing stable.
pub fn identity(records: &[Record], golden: &Golden) -> Option<String> {
    let smallest = |role: Role, text: &dyn Fn(&Value) -> String| {
        golden
            .members
            .iter()
            .flat_map(|&r| records[r].fields.iter())
            .filter(|f| f.role == role && f.derived_from.is_none())
            .filter_map(|f| f.value.as_ref().map(text))
            .filter(|s| !s.is_empty())
            .min()
    };
    let canonical = |v: &Value| v.canonical().to_lowercase();
    let folded = |v: &Value| crate::normalize::name::name_key(&v.canonical());
    match golden.entity {
        Entity::Contact => smallest(Role::Email, &canonical).or_else(|| {
            let part = |role| golden.value(role).map(folded).unwrap_or_default();
            let names = [part(Role::FirstName), part(Role::LastName), part(Role::FullName)];
            let names = names.join(" ");
            (!names.trim().is_empty()).then(|| format!("{}|{}", names.trim(), part(Role::Company)))
        }),
        Entity::Company => smallest(Role::Siren, &canonical)
            .map(|s| format!("siren:{s}"))
            .or_else(|| smallest(Role::Website, &canonical).map(|d| format!("web:{d}")))
            .or_else(|| {
                smallest(Role::Company, &|v| match v {
                    Value::Company(c) if !c.key.is_empty() => c.key.clone(),
                    other => folded(other),
                })
            }),
        Entity::Deal => smallest(Role::DealName, &folded),
    }
}

/// `crmrecon-<entity>-<12 hex digits>`: a digest of the record's identity,
/// not its cluster number, so that a row inserted above it next week does
/// not give it another key (a re-import must find the record it created).
/// Records that share an identity get `-2`, `-3`… in input order.
pub fn key(entity: Entity, identity: &str, taken: &mut BTreeMap<String, u32>) -> String {
    let digest = stable_hash(0x6372_6d72_6563_6f6e, &format!("{}|{identity}", entity.as_str()));
    let base = format!("crmrecon-{}-{:012x}", entity.as_str(), digest & 0xffff_ffff_ffff);
    let n = taken.entry(base.clone()).or_insert(0);
    *n += 1;
    if *n == 1 { base } else { format!("{base}-{n}") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Origin;
    use crate::normalize::email::normalize_email;
    use crate::reconcile::recency::tests::{day, record};

    fn email(s: &str) -> Value {
        Value::Email(Box::new(normalize_email(s).value.unwrap()))
    }

    fn title(t: &str) -> (Role, u32, Value) {
        (Role::JobTitle, 4, Value::Text(t.into()))
    }

    fn last(t: &str) -> (Role, u32, Value) {
        (Role::LastName, 1, Value::Name(t.into()))
    }

    fn picked(values: &[GoldenValue], role: Role) -> Option<(String, usize)> {
        values.iter().find(|v| v.role == role).map(|v| (v.value.canonical(), v.record))
    }

    #[test]
    fn the_most_recent_record_wins_then_the_most_complete_then_the_most_frequent_value() {
        // Files: table 0 modified 2026-11-20, table 1 2026-10-01.
        let recency = Recency::new(vec![Some(day("2026-11-20")), Some(day("2026-10-01"))]);
        let records = vec![
            // Older file, more complete.
            record(
                Entity::Contact,
                Origin::Side,
                1,
                0,
                vec![last("Dupont"), title("Acheteur"), (Role::Email, 2, email("jd@acme.fr"))],
            ),
            // Newer file.
            record(Entity::Contact, Origin::Side, 0, 0, vec![last("DUPONT"), title("Gérant")]),
            // Older file, a row dated even earlier.
            record(
                Entity::Contact,
                Origin::Side,
                1,
                1,
                vec![title("Acheteur"), (Role::LastActivity, 7, Value::Date(day("2026-03-02")))],
            ),
        ];
        let rules = Survivorship::default();
        let values = survive(&records, &[0, 1, 2], &recency, &rules);
        assert_eq!(picked(&values, Role::JobTitle), Some(("Gérant".into(), 1)));
        assert_eq!(picked(&values, Role::LastName), Some(("DUPONT".into(), 1)));
        assert_eq!(picked(&values, Role::Email), Some(("jd@acme.fr".into(), 0)));
        assert!(picked(&values, Role::LastActivity).is_none(), "a CRM-set date");
        let job = values.iter().find(|v| v.role == Role::JobTitle).unwrap();
        assert_eq!(job.column, 4);

        // Without file dates only record 2 is dated (its last activity).
        let undated = Recency::default();
        let values = survive(&records, &[0, 1, 2], &undated, &rules);
        assert_eq!(picked(&values, Role::JobTitle), Some(("Acheteur".into(), 2)));
        // Undated altogether: the most complete record wins.
        let values = survive(&records, &[0, 1], &undated, &rules);
        assert_eq!(picked(&values, Role::JobTitle), Some(("Acheteur".into(), 0)));
        // "complete" puts completeness before the file dates.
        let complete = Survivorship { default: Rule::Complete, by_role: BTreeMap::new() };
        let values = survive(&records, &[0, 1, 2], &recency, &complete);
        assert_eq!(picked(&values, Role::JobTitle), Some(("Acheteur".into(), 0)));

        // "frequent" for the job title: two members say Acheteur.
        let rules = Survivorship {
            default: Rule::Recent,
            by_role: BTreeMap::from([(Role::JobTitle, Rule::Frequent)]),
        };
        let values = survive(&records, &[0, 1, 2], &recency, &rules);
        assert_eq!(picked(&values, Role::JobTitle).unwrap().0, "Acheteur");
        assert_eq!(picked(&values, Role::LastName).unwrap().0, "DUPONT");
    }

    #[test]
    fn equal_candidates_fall_back_to_input_order() {
        let records = vec![
            record(Entity::Contact, Origin::Side, 0, 0, vec![title("Gérant")]),
            record(Entity::Contact, Origin::Side, 0, 1, vec![title("Directeur")]),
        ];
        for rule in [Rule::Recent, Rule::Complete, Rule::Frequent] {
            let rules = Survivorship { default: rule, by_role: BTreeMap::new() };
            let values = survive(&records, &[0, 1], &Recency::default(), &rules);
            assert_eq!(picked(&values, Role::JobTitle), Some(("Gérant".into(), 0)), "{rule:?}");
        }
    }

    #[test]
    fn a_full_name_is_kept_only_without_split_names() {
        let full = (Role::FullName, 0, Value::Text("Jean Dupont".into()));
        let records = vec![
            record(Entity::Contact, Origin::Side, 0, 0, vec![full.clone(), last("Dupont")]),
            record(Entity::Contact, Origin::Side, 0, 1, vec![full]),
        ];
        let rules = Survivorship::default();
        let with = survive(&records, &[0, 1], &Recency::default(), &rules);
        assert!(picked(&with, Role::FullName).is_none());
        let without = survive(&records, &[1], &Recency::default(), &rules);
        assert_eq!(picked(&without, Role::FullName).unwrap().0, "Jean Dupont");
    }

    #[test]
    fn keys_are_stable_readable_and_unique() {
        let mut taken = BTreeMap::new();
        let a = key(Entity::Contact, "jd@acme.fr", &mut taken);
        let b = key(Entity::Contact, "jd@acme.fr", &mut taken);
        let c = key(Entity::Company, "jd@acme.fr", &mut taken);
        assert!(a.starts_with("crmrecon-contact-") && a.len() == "crmrecon-contact-".len() + 12);
        assert_eq!(b, format!("{a}-2"));
        assert!(c.starts_with("crmrecon-company-"));
        // Same identity, fresh run: same key.
        assert_eq!(key(Entity::Contact, "jd@acme.fr", &mut BTreeMap::new()), a);
        assert_ne!(key(Entity::Contact, "jd@acme.com", &mut BTreeMap::new()), a);
    }

    #[test]
    fn identity_prefers_the_smallest_email_then_names_and_company() {
        let records = vec![
            record(
                Entity::Contact,
                Origin::Side,
                0,
                0,
                vec![last("Dupont"), (Role::Email, 2, email("Z@acme.fr"))],
            ),
            record(
                Entity::Contact,
                Origin::Side,
                0,
                1,
                vec![last("Dupont"), (Role::Email, 2, email("b@acme.fr"))],
            ),
            record(Entity::Contact, Origin::Side, 0, 2, vec![last("LEFÈVRE")]),
        ];
        let golden = |members: Vec<usize>| {
            let values = survive(&records, &members, &Recency::default(), &Survivorship::default());
            Golden { entity: Entity::Contact, cluster: 0, key: String::new(), members, values }
        };
        assert_eq!(identity(&records, &golden(vec![0, 1])).as_deref(), Some("b@acme.fr"));
        assert_eq!(identity(&records, &golden(vec![2])).as_deref(), Some("lefevre|"));
    }
}
