//! Decisions a person took in an earlier workbook (or a decisions CSV),
//! applied to this run so that nobody answers the same question twice.
//!
//! A decision names records by their stable identity ([`identity::of`]), so
//! it survives rows being sorted or inserted in a side file:
//! - review `same`: the pair becomes a match (its clusters merge), so the
//!   side record is compared with the CRM record and updates or conflicts;
//! - review `different`: the pair is no longer offered for review;
//! - conflict `keep CRM`: the field change is dropped; `take side`: the
//!   side value goes into the import file as an update of the CRM record;
//!   any other text is the value to write (typed by the person);
//! - duplicate `split`: the record leaves its cluster and stands alone.
//!
//! Links are edited on [`Matches`] before classification ([`apply_to_matches`]),
//! conflicts on the classification before import records are built
//! ([`apply_to_conflicts`]). A decision naming a record that no longer
//! exists is *stale*: reported, never applied.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;

use super::classify::Classification;
use super::diff::{ChangeKind, Winner};
use super::identity;
use super::status::Status;
use crate::ingest::decisions::{RawDecision, fold};
use crate::matching::compare::{MAX_FIELDS, MISSING};
use crate::matching::{Link, Matches};
use crate::model::Role;
use crate::normalize::record::{Record, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Review,
    Conflict,
    Duplicate,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Review => "review",
            Kind::Conflict => "conflict",
            Kind::Duplicate => "duplicate",
        }
    }

    fn parse(s: &str) -> Option<Kind> {
        match fold(s).as_str() {
            "review" | "reviews" => Some(Kind::Review),
            "conflict" | "conflicts" => Some(Kind::Conflict),
            "duplicate" | "duplicates" => Some(Kind::Duplicate),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    Same,
    Different,
    KeepCrm,
    TakeSide,
    /// A value typed in the Decision cell of a conflict.
    Value(String),
    Split,
}

impl Choice {
    /// The words of the workbook's drop-downs, English and French; for a
    /// conflict, anything else is a typed value. `None`: not a decision
    /// this kind takes (reported, not guessed).
    fn parse(kind: Kind, text: &str) -> Option<Choice> {
        let f = fold(text);
        let f = f.as_str();
        match kind {
            Kind::Review => match f {
                "same" | "match" | "yes" | "identique" | "meme" | "oui" => Some(Choice::Same),
                "different" | "not same" | "no" | "distinct" | "non" => Some(Choice::Different),
                _ => None,
            },
            Kind::Conflict => match f {
                "" => None,
                "keep crm" | "crm" | "garder crm" | "garder le crm" | "conserver crm" => {
                    Some(Choice::KeepCrm)
                }
                "take side" | "side" | "prendre fichier" | "prendre le fichier" | "fichier"
                | "prendre side" => Some(Choice::TakeSide),
                _ => Some(Choice::Value(text.trim().to_string())),
            },
            Kind::Duplicate => match f {
                "split" | "separer" | "not a duplicate" | "pas un doublon" => Some(Choice::Split),
                _ => None,
            },
        }
    }

    /// How the decisions file writes it.
    pub fn text(&self) -> &str {
        match self {
            Choice::Same => "same",
            Choice::Different => "different",
            Choice::KeepCrm => "keep CRM",
            Choice::TakeSide => "take side",
            Choice::Value(v) => v,
            Choice::Split => "split",
        }
    }
}

/// One decision in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub kind: Kind,
    /// Review and conflict: the CRM record (or the first of the pair);
    /// duplicate: the record to split out.
    pub key_a: String,
    pub key_b: String,
    /// Conflict: the role name (`email`).
    pub field: String,
    pub choice: Choice,
}

impl Decision {
    /// What makes two decisions the same question (a later one replaces
    /// an earlier one): a review pair in either order.
    fn question(&self) -> (Kind, String, String, String) {
        let (a, b) = if self.kind == Kind::Review && self.key_b < self.key_a {
            (&self.key_b, &self.key_a)
        } else {
            (&self.key_a, &self.key_b)
        };
        (self.kind, a.clone(), b.clone(), self.field.clone())
    }
}

/// A decision as reported in report.json.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reported {
    pub kind: Kind,
    pub key_a: String,
    pub key_b: String,
    pub field: String,
    pub decision: String,
    pub reason: String,
}

impl Reported {
    fn of(d: &Decision, reason: impl Into<String>) -> Reported {
        Reported {
            kind: d.kind,
            key_a: d.key_a.clone(),
            key_b: d.key_b.clone(),
            field: d.field.clone(),
            decision: d.choice.text().to_string(),
            reason: reason.into(),
        }
    }
}

/// report.json's `decisions`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Decisions in force after merging every file given.
    pub read: usize,
    pub applied: usize,
    /// Decisions whose records this run did not find.
    pub stale: Vec<Reported>,
    /// Cells that are no decision of their kind (`maybe` in a Review row).
    pub not_understood: Vec<String>,
    /// Where the decisions in force were written.
    pub written: Option<String>,
}

/// The decisions in force, later files overriding earlier ones.
#[derive(Clone, Debug, Default)]
pub struct Decisions {
    pub list: Vec<Decision>,
    pub not_understood: Vec<String>,
}

impl Decisions {
    /// Merge raw decisions read in order: a later answer to the same
    /// question wins.
    pub fn from_raw(raw: impl IntoIterator<Item = RawDecision>) -> Decisions {
        let mut by_question: BTreeMap<(Kind, String, String, String), usize> = BTreeMap::new();
        let mut out = Decisions::default();
        for r in raw {
            let Some(kind) = Kind::parse(&r.kind) else {
                out.not_understood.push(format!("{}: unknown kind {:?}", r.at, r.kind));
                continue;
            };
            let Some(choice) = Choice::parse(kind, &r.decision) else {
                out.not_understood.push(format!(
                    "{}: {:?} is not a {} decision",
                    r.at,
                    r.decision,
                    kind.as_str()
                ));
                continue;
            };
            if r.key_a.is_empty() || (kind != Kind::Duplicate && r.key_b.is_empty()) {
                out.not_understood.push(format!("{}: a record key is missing", r.at));
                continue;
            }
            let field = if kind == Kind::Conflict { fold(&r.field) } else { String::new() };
            let d = Decision { kind, key_a: r.key_a, key_b: r.key_b, field, choice };
            match by_question.get(&d.question()) {
                Some(&i) => out.list[i] = d,
                None => {
                    by_question.insert(d.question(), out.list.len());
                    out.list.push(d);
                }
            }
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The decisions CSV (`kind,key_a,key_b,field,decision`).
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(["kind", "key_a", "key_b", "field", "decision"]);
        for d in &self.list {
            let _ =
                w.write_record([d.kind.as_str(), &d.key_a, &d.key_b, &d.field, d.choice.text()]);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

/// Read and merge decision files in order (workbooks or CSVs).
pub fn read(
    paths: &[impl AsRef<Path>],
) -> Result<Decisions, crate::ingest::decisions::DecisionsError> {
    let mut raw = Vec::new();
    for p in paths {
        raw.extend(crate::ingest::decisions::read(p.as_ref())?);
    }
    Ok(Decisions::from_raw(raw))
}

/// Record indices by identity (several rows of one file may share one).
pub struct Identities {
    pub of: Vec<String>,
    by_id: HashMap<String, Vec<usize>>,
}

impl Identities {
    pub fn new(records: &[Record]) -> Identities {
        let of = identity::all(records);
        let mut by_id: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, id) in of.iter().enumerate() {
            by_id.entry(id.clone()).or_default().push(i);
        }
        Identities { of, by_id }
    }

    fn first(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).and_then(|v| v.first().copied())
    }

    fn exists(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }
}

/// Apply review and duplicate decisions to the links and clusters; mark
/// stale decisions. Returns how many were applied.
pub fn apply_to_matches(
    ids: &Identities,
    matches: &mut Matches,
    decisions: &Decisions,
    summary: &mut Summary,
) {
    // Where each record sits: (entity matches, position).
    let mut at: HashMap<usize, (usize, usize)> = HashMap::new();
    for (e, m) in matches.entities.iter().enumerate() {
        for (k, &i) in m.records.iter().enumerate() {
            at.insert(i, (e, k));
        }
    }
    let mut touched = vec![false; matches.entities.len()];
    for d in decisions.list.iter().filter(|d| d.kind != Kind::Conflict) {
        let a = ids.first(&d.key_a).and_then(|i| at.get(&i).copied());
        let b = ids.first(&d.key_b).and_then(|i| at.get(&i).copied());
        match (d.kind, &d.choice) {
            (Kind::Review, choice) => {
                let (Some((ea, ka)), Some((eb, kb))) = (a, b) else {
                    summary.stale.push(Reported::of(d, "record not found in this run"));
                    continue;
                };
                if ea != eb {
                    summary.stale.push(Reported::of(d, "the two records are different entities"));
                    continue;
                }
                let m = &mut matches.entities[ea];
                let pair = |l: &Link| {
                    (l.a as usize, l.b as usize) == (ka, kb)
                        || (l.a as usize, l.b as usize) == (kb, ka)
                };
                let reviewed = m.review.iter().position(pair).map(|p| m.review.remove(p));
                if *choice == Choice::Same && !m.links.iter().any(pair) {
                    let (levels, probability) = reviewed
                        .map_or(([MISSING; MAX_FIELDS], 1.0), |l| (l.levels, l.probability));
                    m.links.push(Link {
                        a: ka as u32,
                        b: kb as u32,
                        probability,
                        levels,
                        rule: None,
                    });
                    for (x, y) in [(ka, kb), (kb, ka)] {
                        if m.best[x].is_none_or(|(_, p)| p < probability) {
                            m.best[x] = Some((y as u32, probability));
                        }
                    }
                    let (from, to) = (m.cluster[kb], m.cluster[ka]);
                    for c in &mut m.cluster {
                        if *c == from {
                            *c = to;
                        }
                    }
                    touched[ea] = true;
                }
                summary.applied += 1;
            }
            (Kind::Duplicate, _) => {
                let Some((e, k)) = a else {
                    summary.stale.push(Reported::of(d, "record not found in this run"));
                    continue;
                };
                let m = &mut matches.entities[e];
                m.links.retain(|l| l.a as usize != k && l.b as usize != k);
                let fresh = m.cluster.iter().max().map_or(0, |&c| c + 1);
                m.cluster[k] = fresh;
                m.best[k] = None;
                for x in 0..m.best.len() {
                    if m.best[x].is_some_and(|(y, _)| y as usize == k) {
                        m.best[x] = m
                            .links
                            .iter()
                            .filter_map(|l| match (l.a as usize, l.b as usize) {
                                (p, q) if p == x => Some((q as u32, l.probability)),
                                (p, q) if q == x => Some((p as u32, l.probability)),
                                _ => None,
                            })
                            .max_by(|p, q| p.1.total_cmp(&q.1));
                    }
                }
                touched[e] = true;
                summary.applied += 1;
            }
            (Kind::Conflict, _) => {}
        }
    }
    for (e, m) in matches.entities.iter_mut().enumerate() {
        if touched[e] {
            densify(&mut m.cluster);
        }
    }
}

/// Renumber clusters 0.. keeping their order, after merges and splits.
fn densify(clusters: &mut [u32]) {
    let mut labels: Vec<u32> = clusters.to_vec();
    labels.sort_unstable();
    labels.dedup();
    let rank: HashMap<u32, u32> = labels.iter().enumerate().map(|(i, &c)| (c, i as u32)).collect();
    for c in clusters {
        *c = rank[c];
    }
}

/// Apply conflict decisions to the field changes, then give each decided
/// side record the status its remaining changes say: `conflict` while
/// one stays undecided, else `update` (decided values are written as
/// updates of the CRM record) or `unchanged`.
pub fn apply_to_conflicts(
    ids: &Identities,
    c: &mut Classification,
    decisions: &Decisions,
    summary: &mut Summary,
) {
    let conflicts: HashMap<(&str, &str, &str), &Decision> = decisions
        .list
        .iter()
        .filter(|d| d.kind == Kind::Conflict)
        .map(|d| ((d.key_a.as_str(), d.key_b.as_str(), d.field.as_str()), d))
        .collect();
    let mut used: std::collections::HashSet<(&str, &str, &str)> = Default::default();
    let mut decided_sides = Vec::new();
    c.changes.retain_mut(|ch| {
        if ch.kind != ChangeKind::Conflict {
            return true;
        }
        let key = (ids.of[ch.crm].as_str(), ids.of[ch.side].as_str(), ch.role.as_str());
        let Some((key, d)) = conflicts.get_key_value(&key) else { return true };
        used.insert(*key);
        decided_sides.push(ch.side);
        match &d.choice {
            Choice::KeepCrm => false,
            Choice::TakeSide => {
                ch.kind = ChangeKind::Update;
                ch.winner = Some(Winner::Side);
                ch.reason = Some("decided: take side".into());
                true
            }
            Choice::Value(v) => {
                ch.kind = ChangeKind::Update;
                ch.new = Value::Text(v.as_str().into());
                ch.winner = None;
                ch.reason = Some("decided: value typed in the workbook".into());
                true
            }
            _ => true,
        }
    });
    decided_sides.sort_unstable();
    decided_sides.dedup();
    for side in decided_sides {
        if c.outcomes[side].status != Status::Conflict {
            continue;
        }
        let mine = c.changes.iter().filter(|ch| ch.side == side);
        c.outcomes[side].status = if mine.clone().any(|ch| ch.kind == ChangeKind::Conflict) {
            Status::Conflict
        } else if mine.count() > 0 {
            Status::Update
        } else {
            Status::Unchanged
        };
    }
    for (key, d) in conflicts {
        if used.contains(&key) {
            summary.applied += 1;
        } else if !ids.exists(&d.key_a) || !ids.exists(&d.key_b) {
            summary.stale.push(Reported::of(d, "record not found in this run"));
        } else if Role::parse(&d.field).is_none() {
            summary.stale.push(Reported::of(d, "unknown field"));
        }
        // Else the values no longer conflict (the CRM was fixed): nothing
        // to apply, and the decision stays in force in case they do again.
    }
    summary.stale.sort_by(|a, b| (a.kind, &a.key_a, &a.key_b).cmp(&(b.kind, &b.key_a, &b.key_b)));
}

/// The decisions to carry forward: all those in force, except stale ones
/// when every input was read (an unreadable file must not erase the
/// decisions about its records).
pub fn carried(decisions: &Decisions, summary: &Summary, all_inputs_read: bool) -> Decisions {
    let stale = |d: &Decision| {
        summary.stale.iter().any(|s| {
            s.kind == d.kind && s.key_a == d.key_a && s.key_b == d.key_b && s.field == d.field
        })
    };
    Decisions {
        list: decisions.list.iter().filter(|d| !all_inputs_read || !stale(d)).cloned().collect(),
        not_understood: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(kind: &str, a: &str, b: &str, field: &str, decision: &str) -> RawDecision {
        RawDecision {
            kind: kind.into(),
            key_a: a.into(),
            key_b: b.into(),
            field: field.into(),
            decision: decision.into(),
            at: "t".into(),
        }
    }

    #[test]
    fn choices_in_english_and_french() {
        for (kind, text, want) in [
            (Kind::Review, "Same", Some(Choice::Same)),
            (Kind::Review, "identique", Some(Choice::Same)),
            (Kind::Review, "Différent", Some(Choice::Different)),
            (Kind::Review, "maybe", None),
            (Kind::Conflict, "keep CRM", Some(Choice::KeepCrm)),
            (Kind::Conflict, "Garder CRM", Some(Choice::KeepCrm)),
            (Kind::Conflict, "take side", Some(Choice::TakeSide)),
            (Kind::Conflict, " 06 12 34 56 78 ", Some(Choice::Value("06 12 34 56 78".into()))),
            (Kind::Duplicate, "séparer", Some(Choice::Split)),
            (Kind::Duplicate, "keep", None),
        ] {
            assert_eq!(Choice::parse(kind, text), want, "{kind:?} {text:?}");
        }
    }

    #[test]
    fn a_later_answer_to_the_same_question_wins_and_pairs_are_unordered() {
        let d = Decisions::from_raw([
            raw("review", "crm:contact:1", "side:contact:a.csv:x", "", "same"),
            raw("Review", "side:contact:a.csv:x", "crm:contact:1", "", "different"),
            raw("conflict", "crm:contact:1", "side:contact:a.csv:x", "Email", "keep CRM"),
            raw("conflict", "crm:contact:1", "side:contact:a.csv:x", "phone", "take side"),
            raw("duplicate", "side:contact:a.csv:y", "", "", "perhaps"),
            raw("lead", "a", "b", "", "same"),
        ]);
        assert_eq!(d.list.len(), 3, "{:#?}", d.list);
        assert_eq!(d.list[0].choice, Choice::Different);
        assert_eq!(d.list[1].field, "email");
        assert_eq!(d.not_understood.len(), 2);
        let csv = d.to_csv();
        assert!(csv.starts_with("kind,key_a,key_b,field,decision\n"), "{csv}");
        assert!(
            csv.contains("conflict,crm:contact:1,side:contact:a.csv:x,email,keep CRM"),
            "{csv}"
        );
    }

    mod applied {
        use super::super::*;
        use crate::matching::Matches;
        use crate::model::{Entity, Origin};
        use crate::normalize::email::normalize_email;
        use crate::reconcile::classify::{classify, tests::matches_of};
        use crate::reconcile::recency::{Recency, tests::record};

        fn contact(origin: Origin, row: u32, id: Option<&str>, mail: &str) -> Record {
            let mut fields = vec![(
                Role::Email,
                2,
                Value::Email(Box::new(normalize_email(mail).value.unwrap())),
            )];
            if let Some(id) = id {
                fields.push((Role::RecordId, 0, Value::Identifier(id.into())));
            }
            record(Entity::Contact, origin, u32::from(origin == Origin::Side), row, fields)
        }

        fn decide(rows: &[[&str; 5]]) -> Decisions {
            Decisions::from_raw(rows.iter().map(|r| RawDecision {
                kind: r[0].into(),
                key_a: r[1].into(),
                key_b: r[2].into(),
                field: r[3].into(),
                decision: r[4].into(),
                at: "t".into(),
            }))
        }

        /// CRM 101 (a@acme.fr), CRM 102 (b@acme.fr); side x@acme.fr under
        /// review against 101; side b2@acme.fr matched to 102 with a
        /// conflicting email; side n@new.fr and n@new.fr duplicates.
        fn world() -> (Vec<Record>, Matches) {
            let records = vec![
                contact(Origin::Crm, 0, Some("101"), "a@acme.fr"),
                contact(Origin::Crm, 1, Some("102"), "b@acme.fr"),
                contact(Origin::Side, 0, None, "x@acme.fr"),
                contact(Origin::Side, 1, None, "b2@acme.fr"),
                contact(Origin::Side, 2, None, "n@new.fr"),
                contact(Origin::Side, 3, None, "n@new.fr"),
            ];
            let m = matches_of(
                Entity::Contact,
                (0..6).collect(),
                vec![0, 1, 2, 1, 3, 3],
                &[(1, 3, 0.97), (4, 5, 0.99)],
                &[(0, 2, 0.8)],
            );
            (records, Matches { entities: vec![m] })
        }

        #[test]
        fn same_merges_different_drops_split_separates() {
            let (records, mut matches) = world();
            let ids = Identities::new(&records);
            let before = classify(&records, &matches, &Recency::default());
            assert_eq!(before.outcomes[2].status, Status::Review);
            assert_eq!(before.outcomes[5].status, Status::Duplicate);
            let d = decide(&[
                ["review", &ids.of[0], &ids.of[2], "", "same"],
                ["duplicate", "crm:contact:999", "", "", "split"],
            ]);
            let mut summary = Summary::default();
            apply_to_matches(&ids, &mut matches, &d, &mut summary);
            let after = classify(&records, &matches, &Recency::default());
            assert_eq!(after.outcomes[2].crm, Some(0));
            assert_eq!(after.outcomes[2].status, Status::Conflict, "x@ vs a@: compared now");
            assert_eq!((summary.applied, summary.stale.len()), (1, 1));

            // Rows of one file sharing an email share an identity: split
            // the first, the second carries the cluster.
            let (records, mut matches) = world();
            let d = decide(&[
                ["review", &ids.of[2], &ids.of[0], "", "different"],
                ["duplicate", &ids.of[4], "", "", "split"],
            ]);
            apply_to_matches(&ids, &mut matches, &d, &mut Summary::default());
            assert!(matches.entities[0].review.is_empty());
            let after = classify(&records, &matches, &Recency::default());
            assert_eq!(after.outcomes[2].status, Status::New, "no longer asked");
            assert_ne!(after.outcomes[4].cluster, after.outcomes[5].cluster);
            assert_eq!(after.outcomes[5].status, Status::New);
        }

        #[test]
        fn conflict_decisions_change_the_field_changes_and_statuses() {
            let (records, matches) = world();
            let ids = Identities::new(&records);
            for (choice, status, kind) in [
                ("keep CRM", Status::Unchanged, None),
                ("take side", Status::Update, Some("b2@acme.fr")),
                ("contact@acme.fr", Status::Update, Some("contact@acme.fr")),
            ] {
                let mut c = classify(&records, &matches, &Recency::default());
                assert_eq!(c.outcomes[3].status, Status::Conflict);
                let d = decide(&[["conflict", &ids.of[1], &ids.of[3], "Email", choice]]);
                let mut summary = Summary::default();
                apply_to_conflicts(&ids, &mut c, &d, &mut summary);
                assert_eq!(c.outcomes[3].status, status, "{choice}");
                let email = c.changes.iter().find(|ch| ch.side == 3 && ch.role == Role::Email);
                assert_eq!(email.map(|ch| ch.new.canonical()).as_deref(), kind, "{choice}");
                assert!(email.is_none_or(|ch| ch.kind == ChangeKind::Update));
                assert_eq!(summary.applied, 1);
            }
        }
    }

    #[test]
    fn clusters_are_renumbered_in_order_after_merges_and_splits() {
        let mut c = vec![0, 2, 2, 5, 0];
        densify(&mut c);
        assert_eq!(c, [0, 1, 1, 2, 0]);
    }
}
