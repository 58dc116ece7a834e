//! The Updates sheet: one line per empty CRM field a side file fills,
//! with the CRM record's id, the value and the cell it comes from. Fills
//! found on a record that also conflicts or waits for review are listed
//! too, marked as not in the import yet (a record is never half-applied).

use super::list::{Column, List, Row};
use super::style::{Cell, Look};
use super::text::{cell_of, entity, label, status, tr};
use super::{FIELD, KEY_A, KEY_B, Run, Sheets};
use crate::reconcile::classify::crm_id;
use crate::reconcile::diff::ChangeKind;
use crate::reconcile::identity;
use crate::reconcile::status::Status;

pub fn write(run: &Run<'_>, s: &mut Sheets<'_>) -> anyhow::Result<()> {
    if run.reconciliation.is_none() {
        return Ok(());
    }
    let lang = run.lang;
    let changes = run.changes(ChangeKind::Update);
    let list = List {
        name: super::UPDATES,
        columns: vec![
            Column::new(tr(lang, "Entity", "Entité")),
            Column::new(tr(lang, "CRM id", "Id CRM")),
            Column::new(tr(lang, "CRM record", "Fiche CRM")),
            Column::new(FIELD),
            Column::new(tr(lang, "Value", "Valeur")),
            Column::new(tr(lang, "Source", "Source")),
            Column::new(tr(lang, "Side status", "Statut côté fichier")),
            Column::new(tr(lang, "In the import", "Dans l'import")),
            Column::new(KEY_A).look(Look::Key),
            Column::new(KEY_B).look(Look::Key),
        ],
        decision: None,
        banded: false,
    };
    let rows = changes.iter().map(|c| {
        let (crm, side) = (&run.records[c.crm], &run.records[c.side]);
        let st = run.outcomes.get(c.side).map_or(Status::Update, |o| o.status);
        let yes = if st == Status::Update {
            tr(lang, "yes", "oui")
        } else {
            tr(lang, "after a decision", "après décision")
        };
        Row::from(vec![
            Cell::text(entity(lang, crm.entity)),
            Cell::opt(crm_id(crm)),
            Cell::text(label(crm)),
            Cell::text(c.role.as_str()),
            Cell::of_value(&c.new),
            Cell::text(cell_of(side, Some(c.side_column))),
            Cell::text(status(lang, st)),
            Cell::text(yes),
            Cell::text(identity::of(crm)),
            Cell::text(identity::of(side)),
        ])
    });
    s.list(&list, rows, changes.len())
}
