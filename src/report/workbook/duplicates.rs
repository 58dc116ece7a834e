//! The Duplicates sheet: clusters holding two or more records of one
//! origin (the same contact twice in the side files, or twice in the CRM),
//! one line per member, every other cluster shaded. Listed: clusters with a
//! `duplicate` record (a side row merged into another's golden record) and
//! clusters of two or more CRM records. Side rows that each match one CRM
//! record are matches, not duplicates to act on: they are on Updates and
//! Conflicts. `split` on a member takes it out of its cluster.

use super::list::{Column, Decision, List, Row};
use super::style::{Cell, Look};
use super::text::{cell_of, entity, label, status, tr};
use super::{DECISION, KEY, Run, Sheets};
use crate::fxhash::{FxBuild, FxHashMap};
use crate::model::{Entity, Origin};
use crate::reconcile::identity;
use crate::reconcile::status::Status;

pub const CHOICES: &[&str] = &["split"];

/// Whether a cluster (its members' record indices) is on the sheet.
pub fn listed(run: &Run<'_>, members: &[usize]) -> bool {
    let crm = members.iter().filter(|&&i| run.records[i].origin == Origin::Crm).count();
    crm >= 2 || members.iter().any(|&i| run.outcomes[i].status == Status::Duplicate)
}

pub fn write(run: &Run<'_>, s: &mut Sheets<'_>) -> anyhow::Result<()> {
    let lang = run.lang;
    // Sized for every record up front: at a million records, growing the
    // map and SipHash were two seconds of writing the workbook.
    let mut by_cluster: FxHashMap<(Entity, &str), Vec<usize>> =
        FxHashMap::with_capacity_and_hasher(run.records.len(), FxBuild::default());
    let mut order: Vec<(Entity, &str)> = Vec::new();
    for (i, (r, o)) in run.records.iter().zip(run.outcomes).enumerate() {
        if !run.shown(i) {
            continue;
        }
        let members = by_cluster.entry((r.entity, o.cluster.as_str())).or_insert_with(|| {
            order.push((r.entity, o.cluster.as_str()));
            Vec::new()
        });
        members.push(i);
    }
    let clusters: Vec<&Vec<usize>> = Entity::ALL
        .iter()
        .flat_map(|&e| order.iter().filter(move |k| k.0 == e))
        .filter_map(|k| by_cluster.get(k))
        .filter(|members| listed(run, members))
        .collect();
    let count = clusters.iter().map(|c| c.len()).sum();
    s.duplicate_clusters = clusters.len();
    let list = List {
        name: super::DUPLICATES,
        columns: vec![
            Column::new(tr(lang, "Entity", "Entité")),
            Column::new(tr(lang, "Cluster", "Groupe")),
            Column::new(tr(lang, "Size", "Taille")),
            Column::new(tr(lang, "Record", "Fiche")),
            Column::new(tr(lang, "Origin", "Origine")),
            Column::new(tr(lang, "Status", "Statut")),
            Column::new(tr(lang, "Score", "Score")),
            Column::new(tr(lang, "Source", "Source")),
            Column::new(DECISION).look(Look::Decision),
            Column::new(KEY).look(Look::Key),
        ],
        decision: Some(Decision {
            choices: CHOICES,
            free: false,
            prompt: tr(
                lang,
                "split: this record is not the same as the others of its cluster",
                "split : cette fiche n'est pas la même que les autres du groupe",
            )
            .to_string(),
        }),
        banded: true,
    };
    let rows = clusters.iter().flat_map(|members| {
        members.iter().enumerate().map(move |(k, &i)| {
            let (r, o) = (&run.records[i], &run.outcomes[i]);
            Row {
                cells: vec![
                    Cell::text(entity(lang, r.entity)),
                    Cell::text(o.cluster.clone()),
                    Cell::Int(members.len() as i64),
                    Cell::text(label(r)),
                    Cell::text(r.origin.as_str()),
                    Cell::text(status(lang, o.status)),
                    o.score.map_or(Cell::Empty, Cell::Score),
                    Cell::text(cell_of(r, None)),
                    Cell::Empty,
                    Cell::text(identity::of(r)),
                ],
                group_start: k == 0,
            }
        })
    });
    s.list(&list, rows, count)
}
