//! The whole reconcile decision for one run: statuses ([`classify`]),
//! golden records ([`golden`]) and what to import.
//!
//! What goes into the import list:
//! - one `Create` per cluster with a `new` record: its golden record;
//! - one `Update` per CRM record that `update` side records fill, with only
//!   the fields to fill (when two side rows fill one field differently,
//!   survivorship picks, as for a golden record);
//! - nothing from `conflict` or `review` records: they wait for a decision
//!   (their fills too, so a record is never half-applied), nor from
//!   `unchanged`, `duplicate` (merged into their golden record), `invalid`.
//!
//! Associations come from rows: a contact and a company on one source row
//! are linked, and so are the deal of a row and its contact and company.
//! The associated record is named by its CRM id when its cluster maps to a
//! CRM record, else by the key of the golden record created for it; a
//! company or contact that is neither (under review, invalid) gives no
//! association rather than a guess.

use std::collections::{BTreeMap, HashMap};

use super::classify::{self, Classification, crm_id};
use super::diff::ChangeKind;
use super::golden::{self, Golden, Survivorship};
use super::recency::Recency;
use super::status::Status;
use super::{Association, ImportAction, ImportRecord};
use crate::fxhash::FxHashMap;
use crate::matching::Matches;
use crate::model::{Entity, Role};
use crate::normalize::record::{Record, RowLink, Value};

/// Everything reconcile decided.
#[derive(Clone, Debug, Default)]
pub struct Reconciliation {
    pub classification: Classification,
    pub goldens: Vec<Golden>,
    /// Creates then updates, companies, contacts, deals.
    pub imports: Vec<ImportRecord>,
}

pub fn reconcile(
    records: &[Record],
    matches: &Matches,
    recency: &Recency,
    rules: &Survivorship,
) -> Reconciliation {
    reconcile_with(records, matches, recency, rules, |_| {})
}

/// [`reconcile`], letting `decide` amend the classification (statuses and
/// field changes: the conflict decisions of `--decisions`) before golden
/// records and imports are built from it.
pub fn reconcile_with(
    records: &[Record],
    matches: &Matches,
    recency: &Recency,
    rules: &Survivorship,
    decide: impl FnOnce(&mut Classification),
) -> Reconciliation {
    let mut classification = classify::classify(records, matches, recency);
    decide(&mut classification);
    let c = &classification;
    let mut goldens = build_goldens(records, c, recency, rules);
    let golden_of: HashMap<(Entity, u32), usize> =
        goldens.iter().enumerate().map(|(g, x)| ((x.entity, x.cluster), g)).collect();

    // Keys: companies and contacts first, their identity is their own;
    // a deal's names its company and contact, so it comes after.
    let mut taken = BTreeMap::new();
    for entity in [Entity::Company, Entity::Contact] {
        for g in goldens.iter_mut().filter(|g| g.entity == entity) {
            let id = golden::identity(records, g).unwrap_or_else(|| place(records, g));
            g.key = golden::key(entity, &id, &mut taken);
        }
    }
    let rows = Rows::new(records);
    let links = Links { records, c, goldens: &goldens, golden_of: &golden_of, rows: &rows };
    let deal_ids: Vec<(usize, String)> = goldens
        .iter()
        .enumerate()
        .filter(|(_, g)| g.entity == Entity::Deal)
        .map(|(k, g)| {
            let name = golden::identity(records, g).unwrap_or_default();
            let company = links.of_members(&g.members, Entity::Company);
            let contact = links.of_members(&g.members, Entity::Contact);
            let id = format!("{name}|{}|{}", handle(company.as_ref()), handle(contact.as_ref()));
            let id = if id == "||" { place(records, g) } else { id };
            (k, id)
        })
        .collect();
    for (k, id) in deal_ids {
        goldens[k].key = golden::key(Entity::Deal, &id, &mut taken);
    }

    let links = Links { records, c, goldens: &goldens, golden_of: &golden_of, rows: &rows };
    let mut imports = Vec::new();
    for entity in [Entity::Company, Entity::Contact, Entity::Deal] {
        for g in goldens.iter().filter(|g| g.entity == entity) {
            imports.push(ImportRecord {
                entity,
                action: ImportAction::Create,
                crm_id: None,
                key: g.key.clone(),
                values: g.values.iter().map(|v| (v.role, v.value.clone())).collect(),
                company: links.for_entity(entity, &g.members, Entity::Company),
                contact: links.for_entity(entity, &g.members, Entity::Contact),
            });
        }
        imports.extend(updates(records, c, entity, recency, rules, &links));
    }
    Reconciliation { classification, goldens, imports }
}

/// Golden records of every cluster with a `new` record, members in input
/// order (the `new` one comes first: statuses are given in that order).
fn build_goldens(
    records: &[Record],
    c: &Classification,
    recency: &Recency,
    rules: &Survivorship,
) -> Vec<Golden> {
    let mut index: HashMap<(Entity, u32), usize> = HashMap::new();
    let mut goldens: Vec<Golden> = Vec::new();
    for (i, o) in c.outcomes.iter().enumerate() {
        let at = (records[i].entity, c.clusters[i]);
        match o.status {
            Status::New => {
                index.insert(at, goldens.len());
                goldens.push(Golden {
                    entity: at.0,
                    cluster: at.1,
                    key: String::new(),
                    members: vec![i],
                    values: Vec::new(),
                });
            }
            Status::Duplicate => {
                if let Some(&g) = index.get(&at) {
                    goldens[g].members.push(i);
                }
            }
            _ => {}
        }
    }
    for g in &mut goldens {
        g.values = golden::survive(records, &g.members, recency, rules);
    }
    goldens
}

/// The last-resort identity: where the first member was read.
fn place(records: &[Record], g: &Golden) -> String {
    let p = &records[g.members[0]].provenance;
    format!("{}|{}|{}", p.source, p.sheet, p.row)
}

fn handle(a: Option<&Association>) -> String {
    a.and_then(|a| a.crm_id.clone().or_else(|| a.key.clone())).unwrap_or_default()
}

/// Per role, the values side records would fill it with.
type Fills<'a> = BTreeMap<Role, Vec<(usize, &'a Value)>>;

/// One `Update` per CRM record of `entity` that `update` side records fill.
fn updates(
    records: &[Record],
    c: &Classification,
    entity: Entity,
    recency: &Recency,
    rules: &Survivorship,
    links: &Links<'_>,
) -> Vec<ImportRecord> {
    // CRM record → role → candidate fills (side record, value).
    let mut fills: BTreeMap<usize, Fills<'_>> = BTreeMap::new();
    for ch in &c.changes {
        if ch.kind != ChangeKind::Update
            || records[ch.side].entity != entity
            || c.outcomes[ch.side].status != Status::Update
        {
            continue;
        }
        fills.entry(ch.crm).or_default().entry(ch.role).or_default().push((ch.side, &ch.new));
    }
    let mut out = Vec::new();
    for (crm, roles) in fills {
        let Some(id) = crm_id(&records[crm]) else { continue };
        let mut sides: Vec<usize> = Vec::new();
        let mut values = Vec::new();
        for (role, candidates) in roles {
            let Some(k) = golden::choose(records, &candidates, rules.rule(role), recency) else {
                continue;
            };
            values.push((role, candidates[k].1.clone()));
            sides.extend(candidates.iter().map(|x| x.0));
        }
        sides.sort_unstable();
        sides.dedup();
        out.push(ImportRecord {
            entity,
            action: ImportAction::Update,
            crm_id: Some(id),
            key: String::new(),
            values,
            company: links.for_entity(entity, &sides, Entity::Company),
            contact: links.for_entity(entity, &sides, Entity::Contact),
        });
    }
    out
}

/// The company and contact record of each source row.
struct Rows {
    company: FxHashMap<RowLink, usize>,
    contact: FxHashMap<RowLink, usize>,
}

impl Rows {
    /// The two maps on a core each (millions of rows in a large run).
    fn new(records: &[Record]) -> Rows {
        let of = |entity: Entity| {
            let mut map = FxHashMap::default();
            for (i, r) in records.iter().enumerate().filter(|(_, r)| r.entity == entity) {
                map.entry(r.link).or_insert(i);
            }
            map
        };
        let (company, contact) = rayon::join(|| of(Entity::Company), || of(Entity::Contact));
        Rows { company, contact }
    }
}

struct Links<'a> {
    records: &'a [Record],
    c: &'a Classification,
    goldens: &'a [Golden],
    golden_of: &'a HashMap<(Entity, u32), usize>,
    rows: &'a Rows,
}

impl Links<'_> {
    /// The association of an imported `entity` record to its `other`
    /// (companies have none; contacts a company; deals both).
    fn for_entity(&self, entity: Entity, members: &[usize], other: Entity) -> Option<Association> {
        let wanted = match entity {
            Entity::Company => false,
            Entity::Contact => other == Entity::Company,
            Entity::Deal => true,
        };
        if wanted { self.of_members(members, other) } else { None }
    }

    /// The first member (input order) whose row names an `other` record
    /// that can be referred to.
    fn of_members(&self, members: &[usize], other: Entity) -> Option<Association> {
        let map = match other {
            Entity::Company => &self.rows.company,
            Entity::Contact => &self.rows.contact,
            Entity::Deal => return None,
        };
        members
            .iter()
            .filter_map(|&m| map.get(&self.records[m].link))
            .find_map(|&i| self.of_record(i))
    }

    /// How to refer to record `i`: its CRM record's id, else the key of
    /// its cluster's golden record.
    fn of_record(&self, i: usize) -> Option<Association> {
        let o = &self.c.outcomes[i];
        let crm = o.crm.filter(|_| {
            matches!(o.status, Status::Crm | Status::Unchanged | Status::Update | Status::Conflict)
        });
        if let Some(crm) = crm {
            let r = &self.records[crm];
            let id = crm_id(r)?;
            return Some(Association {
                crm_id: Some(id),
                key: None,
                name: name_of(r.entity, |role| r.value(role)),
                domain: r.value(Role::Website).map(Value::canonical),
                email: r.value(Role::Email).map(Value::canonical),
            });
        }
        let entity = self.records[i].entity;
        let g = &self.goldens[*self.golden_of.get(&(entity, self.c.clusters[i]))?];
        Some(Association {
            crm_id: None,
            key: Some(g.key.clone()),
            name: name_of(entity, |role| g.value(role)),
            domain: g.value(Role::Website).map(Value::canonical),
            email: g.value(Role::Email).map(Value::canonical),
        })
    }
}

/// A company's name, or a contact's `first last` (else full name).
fn name_of<'a>(entity: Entity, value: impl Fn(Role) -> Option<&'a Value>) -> Option<String> {
    match entity {
        Entity::Company => value(Role::Company).map(Value::canonical),
        _ => {
            let parts: Vec<String> = [Role::FirstName, Role::LastName]
                .into_iter()
                .filter_map(&value)
                .map(|v| v.canonical())
                .collect();
            if parts.is_empty() {
                value(Role::FullName).map(Value::canonical)
            } else {
                Some(parts.join(" "))
            }
        }
    }
}

#[cfg(test)]
mod tests;
