use super::*;
use crate::model::Origin;
use crate::normalize::company::normalize_company;
use crate::normalize::email::normalize_email;
use crate::reconcile::classify::tests::matches_of;
use crate::reconcile::recency::tests::record;

fn email(s: &str) -> (Role, u32, Value) {
    (Role::Email, 2, Value::Email(Box::new(normalize_email(s).value.unwrap())))
}
fn company(s: &str) -> (Role, u32, Value) {
    (Role::Company, 3, Value::Company(std::sync::Arc::new(normalize_company(s).value.unwrap())))
}
fn last(s: &str) -> (Role, u32, Value) {
    (Role::LastName, 1, Value::Name(s.into()))
}
fn title(s: &str) -> (Role, u32, Value) {
    (Role::JobTitle, 4, Value::Text(s.into()))
}
fn id(s: &str) -> (Role, u32, Value) {
    (Role::RecordId, 0, Value::Identifier(s.into()))
}

/// A small world: the CRM knows Acme (id 9) and Jean Dupont (id 101); the
/// side file has four rows, each a contact and its company.
///
/// | record | what |
/// |---|---|
/// | 0 | CRM company Acme, id 9 |
/// | 1 | CRM contact Dupont, id 101, no job title |
/// | 2, 3 | side row 0: contact Martin (new), company Acme |
/// | 4, 5 | side row 1: contact Leroy (new), company Newco (new) |
/// | 6, 7 | side row 2: contact Martin again (duplicate), company Acme |
/// | 8, 9 | side row 3: contact Dupont with a job title (update), Acme |
/// | 10, 11 | side row 4: contact Dupont with another email (conflict), Acme |
fn world(extra_first: bool) -> (Vec<Record>, Matches) {
    let mut records = vec![
        record(Entity::Company, Origin::Crm, 0, 0, vec![company("Acme SAS"), id("9")]),
        record(
            Entity::Contact,
            Origin::Crm,
            1,
            0,
            vec![last("Dupont"), email("jean.dupont@acme.fr"), id("101")],
        ),
    ];
    let side = [
        (vec![last("Martin"), email("p.martin@acme.fr")], "Acme"),
        (vec![last("Leroy"), email("leroy@newco.fr")], "Newco"),
        (vec![last("Martin"), email("p.martin@acme.fr"), title("Acheteur")], "Acme"),
        (vec![last("Dupont"), email("jean.dupont@acme.fr"), title("Gérant")], "ACME"),
        (vec![last("Dupont"), email("jd@gmail.com")], "Acme"),
    ];
    for (row, (fields, name)) in side.into_iter().enumerate() {
        let row = row as u32;
        records.push(record(Entity::Contact, Origin::Side, 2, row, fields));
        records.push(record(Entity::Company, Origin::Side, 2, row, vec![company(name)]));
    }
    // Company clusters: 0 = Acme (0, 3, 7, 9, 11), 1 = Newco (5).
    let companies = matches_of(
        Entity::Company,
        vec![0, 3, 5, 7, 9, 11],
        vec![0, 0, 1, 0, 0, 0],
        &[(0, 1, 0.99), (0, 3, 0.99), (0, 4, 0.99), (0, 5, 0.99)],
        &[],
    );
    // Contact clusters: 0 = Dupont (1, 8, 10), 1 = Martin (2, 6), 2 = Leroy (4).
    let contacts = matches_of(
        Entity::Contact,
        vec![1, 2, 4, 6, 8, 10],
        vec![0, 1, 2, 1, 0, 0],
        &[(0, 4, 0.99), (0, 5, 0.95), (1, 3, 0.99)],
        &[],
    );
    if !extra_first {
        return (records, Matches { entities: vec![companies, contacts] });
    }
    // The same world with an unrelated side contact read first: every
    // index and cluster number shifts.
    let shift = |m: &mut crate::matching::EntityMatches, clusters: bool| {
        for r in &mut m.records {
            *r += 1;
        }
        if clusters {
            for c in &mut m.cluster {
                *c += 1;
            }
        }
    };
    let (mut companies, mut contacts) = (companies, contacts);
    shift(&mut companies, false);
    shift(&mut contacts, true);
    contacts.records.insert(0, 0);
    contacts.cluster.insert(0, 0);
    contacts.best.insert(0, None);
    for l in &mut contacts.links {
        l.a += 1;
        l.b += 1;
    }
    records.insert(
        0,
        record(Entity::Contact, Origin::Side, 3, 0, vec![last("Zed"), email("z@zed.fr")]),
    );
    (records, Matches { entities: vec![companies, contacts] })
}

fn key_of(imports: &[ImportRecord], entity: Entity, name: &str) -> String {
    imports
        .iter()
        .find(|r| {
            r.entity == entity
                && r.action == ImportAction::Create
                && r.values.iter().any(|(_, v)| v.canonical() == name)
        })
        .map(|r| r.key.clone())
        .unwrap_or_else(|| panic!("no create for {name}"))
}

#[test]
fn creates_updates_and_associations_from_rows() {
    let (records, matches) = world(false);
    let r = reconcile(&records, &matches, &Recency::default(), &Survivorship::default());
    let statuses: Vec<Status> = r.classification.outcomes.iter().map(|o| o.status).collect();
    use Status::*;
    assert_eq!(
        statuses,
        [
            Crm, Crm, New, Unchanged, New, New, Duplicate, Unchanged, Update, Unchanged, Conflict,
            Unchanged
        ]
    );
    let summary: Vec<(Entity, ImportAction, Option<&str>)> =
        r.imports.iter().map(|i| (i.entity, i.action, i.crm_id.as_deref())).collect();
    assert_eq!(
        summary,
        [
            (Entity::Company, ImportAction::Create, None),
            (Entity::Contact, ImportAction::Create, None),
            (Entity::Contact, ImportAction::Create, None),
            (Entity::Contact, ImportAction::Update, Some("101")),
        ]
    );
    // Martin's golden record takes the job title of its duplicate.
    let martin = &r.imports[1];
    assert!(
        martin
            .values
            .iter()
            .any(|(role, v)| *role == Role::JobTitle && v.canonical() == "Acheteur")
    );
    // Martin works at Acme, a CRM company; Leroy at Newco, created too.
    let acme = martin.company.as_ref().unwrap();
    assert_eq!((acme.crm_id.as_deref(), acme.key.as_deref()), (Some("9"), None));
    assert_eq!(acme.name.as_deref(), Some("Acme SAS"));
    let newco = r.imports[2].company.as_ref().unwrap();
    assert_eq!(newco.key.as_deref(), Some(r.imports[0].key.as_str()));
    assert_eq!(newco.crm_id, None);
    // The update carries only the field to fill; the conflict stays out.
    let update = &r.imports[3];
    assert_eq!(update.values, [(Role::JobTitle, Value::Text("Gérant".into()))]);
    assert_eq!(update.company.as_ref().unwrap().crm_id.as_deref(), Some("9"));
    assert!(update.key.is_empty());
    // Golden values point back to their cells.
    let g = r.goldens.iter().find(|g| g.entity == Entity::Contact && g.members == [2, 6]).unwrap();
    let job = g.values.iter().find(|v| v.role == Role::JobTitle).unwrap();
    assert_eq!((job.record, job.column), (6, 4));
}

#[test]
fn keys_survive_a_row_inserted_above() {
    let (records, matches) = world(false);
    let before = reconcile(&records, &matches, &Recency::default(), &Survivorship::default());
    let (records2, matches2) = world(true);
    let after = reconcile(&records2, &matches2, &Recency::default(), &Survivorship::default());
    assert_eq!(after.imports.len(), before.imports.len() + 1);
    for (entity, name) in
        [(Entity::Contact, "Martin"), (Entity::Contact, "Leroy"), (Entity::Company, "Newco")]
    {
        assert_eq!(key_of(&before.imports, entity, name), key_of(&after.imports, entity, name));
    }
    // The same run twice gives the same list.
    let again = reconcile(&records, &matches, &Recency::default(), &Survivorship::default());
    assert_eq!(again.imports, before.imports);
}
