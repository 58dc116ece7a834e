//! The Conflicts sheet: one line per field where a side file and the CRM
//! disagree: both values and the cell of each, the suggested winner and
//! why, and a Decision a person types or picks (`keep CRM`, `take side`,
//! or the right value typed in).

use super::list::{Column, Decision, List, Row};
use super::style::{Cell, Look};
use super::text::{cell_of, entity, label, tr};
use super::{DECISION, FIELD, KEY_A, KEY_B, Run, Sheets};
use crate::normalize::record::{Record, Value};
use crate::reconcile::classify::crm_id;
use crate::reconcile::diff::{ChangeKind, Winner};
use crate::reconcile::identity;

/// The Decision choices; any other typed value is the value to keep.
pub const CHOICES: &[&str] = &["keep CRM", "take side"];

pub fn write(run: &Run<'_>, s: &mut Sheets<'_>) -> anyhow::Result<()> {
    if run.reconciliation.is_none() {
        return Ok(());
    }
    let lang = run.lang;
    let changes = run.changes(ChangeKind::Conflict);
    let list = List {
        name: super::CONFLICTS,
        columns: vec![
            Column::new(tr(lang, "Entity", "Entité")),
            Column::new(tr(lang, "CRM id", "Id CRM")),
            Column::new(tr(lang, "Record", "Fiche")),
            Column::new(FIELD),
            Column::new(tr(lang, "CRM value", "Valeur CRM")),
            Column::new(tr(lang, "Side value", "Valeur fichier")),
            Column::new(tr(lang, "As written", "Telle que saisie")),
            Column::new(tr(lang, "Suggested", "Suggestion")),
            Column::new(tr(lang, "Reason", "Raison")).look(Look::Wrap),
            Column::new(DECISION).look(Look::Decision),
            Column::new(tr(lang, "CRM source", "Source CRM")),
            Column::new(tr(lang, "Side source", "Source fichier")),
            Column::new(KEY_A).look(Look::Key),
            Column::new(KEY_B).look(Look::Key),
        ],
        decision: Some(Decision {
            choices: CHOICES,
            free: true,
            prompt: tr(
                lang,
                "keep CRM, take side, or type the right value",
                "keep CRM (garder le CRM), take side (prendre le fichier), ou saisir la bonne valeur",
            )
            .to_string(),
        }),
        banded: false,
    };
    let rows = changes.iter().map(|c| {
        let (crm, side) = (&run.records[c.crm], &run.records[c.side]);
        let winner = match c.winner {
            Some(Winner::Crm) => CHOICES[0],
            Some(Winner::Side) => CHOICES[1],
            None => "",
        };
        Row::from(vec![
            Cell::text(entity(lang, crm.entity)),
            Cell::opt(crm_id(crm)),
            Cell::text(label(crm)),
            Cell::text(c.role.as_str()),
            c.old.as_ref().map_or(Cell::Empty, Cell::of_value),
            Cell::of_value(&c.new),
            Cell::text(as_written(side, c.side_column, &c.new)),
            Cell::text(winner),
            Cell::opt(c.reason.clone()),
            Cell::Empty,
            Cell::text(cell_of(crm, c.crm_column)),
            Cell::text(cell_of(side, Some(c.side_column))),
            Cell::text(identity::of(crm)),
            Cell::text(identity::of(side)),
        ])
    });
    s.list(&list, rows, changes.len())
}

/// The side cell as typed, when it reads differently from its normalized
/// value (`06 12 34 56 78` for `+33612345678`); empty otherwise.
fn as_written(record: &Record, column: u32, value: &Value) -> String {
    let raw = record.fields.iter().find(|f| f.column == column).map(|f| f.raw.trim());
    match raw {
        Some(raw) if raw != value.canonical() => raw.to_string(),
        _ => String::new(),
    }
}
