//! The Review sheet: pairs matching found likely but not sure (between
//! the `review` and `auto` thresholds, or refused by the no-chaining
//! check), side by side with the score, each field's agreement and the
//! plain-language explanation. A person answers `same` or `different`.

use super::list::{Column, Decision, List, Row};
use super::style::{Cell, Look};
use super::text::{cell_of, entity, label, tr};
use super::{DECISION, KEY_A, KEY_B, Run, Sheets};
use crate::matching::compare::MISSING;
use crate::matching::explain;
use crate::matching::features::Features;
use crate::model::Origin;
use crate::reconcile::identity;

pub const CHOICES: &[&str] = &["same", "different"];

pub fn write(run: &Run<'_>, s: &mut Sheets<'_>) -> anyhow::Result<()> {
    let lang = run.lang;
    // (entity matches, link) of every pair between records of their own.
    let pairs: Vec<_> = run
        .matches
        .entities
        .iter()
        .flat_map(|m| m.review.iter().map(move |l| (m, l)))
        .filter(|(m, l)| {
            let ok = |x: u32| {
                (x as usize) < m.core && m.records.get(x as usize).is_some_and(|&i| run.shown(i))
            };
            ok(l.a) && ok(l.b)
        })
        .collect();
    let list = List {
        name: super::REVIEW,
        columns: vec![
            Column::new(tr(lang, "Entity", "Entité")),
            Column::new(tr(lang, "Score", "Score")).score(),
            Column::new(tr(lang, "Record A", "Fiche A")).look(Look::Wrap),
            Column::new(tr(lang, "Record B", "Fiche B")).look(Look::Wrap),
            Column::new(tr(lang, "Why", "Pourquoi")).look(Look::Wrap),
            Column::new(DECISION).look(Look::Decision),
            Column::new(tr(lang, "Field agreement", "Accord par champ")).look(Look::Wrap),
            Column::new(tr(lang, "Origin A", "Origine A")),
            Column::new(tr(lang, "Source A", "Source A")),
            Column::new(tr(lang, "Origin B", "Origine B")),
            Column::new(tr(lang, "Source B", "Source B")),
            Column::new(KEY_A).look(Look::Key),
            Column::new(KEY_B).look(Look::Key),
        ],
        decision: Some(Decision {
            choices: CHOICES,
            free: false,
            prompt: tr(
                lang,
                "same or different",
                "same (même fiche) ou different (fiches distinctes)",
            )
            .to_string(),
        }),
        banded: false,
    };
    let rows = pairs.iter().map(|(m, l)| {
        let (mut a, mut b) = (l.a as usize, l.b as usize);
        // The CRM record on the left, as on the Conflicts sheet.
        if run.records[m.records[b]].origin == Origin::Crm
            && run.records[m.records[a]].origin != Origin::Crm
        {
            std::mem::swap(&mut a, &mut b);
        }
        let none = Features::default();
        let e = explain::explain(
            &m.model,
            &l.levels,
            m.features_of(l.a).unwrap_or(&none),
            m.features_of(l.b).unwrap_or(&none),
            l.rule,
            Some(l.probability),
        );
        let agreement: Vec<String> = e
            .parts
            .iter()
            .zip(l.levels.iter())
            .filter(|(_, level)| **level != MISSING)
            .map(|(p, _)| format!("{}: {}", p.field.replace('_', " "), p.level))
            .collect();
        let (ra, rb) = (&run.records[m.records[a]], &run.records[m.records[b]]);
        Row::from(vec![
            Cell::text(entity(lang, m.entity)),
            Cell::Score(l.probability),
            Cell::text(label(ra)),
            Cell::text(label(rb)),
            Cell::text(e.text),
            Cell::Empty,
            Cell::text(agreement.join("\n")),
            Cell::text(ra.origin.as_str()),
            Cell::text(cell_of(ra, None)),
            Cell::text(rb.origin.as_str()),
            Cell::text(cell_of(rb, None)),
            Cell::text(identity::of(ra)),
            Cell::text(identity::of(rb)),
        ])
    });
    s.list(&list, rows, pairs.len())
}
