//! The New sheet: one line per record to create (the golden record of a
//! cluster with a `new` side record), companies, contacts, then deals as
//! the import loads them. Each value sits beside the cell it came from, so
//! a person checks `jean.xlsx › Prospects › C14` before creating.

use std::collections::BTreeSet;

use super::list::{Column, List, Row};
use super::style::{Cell, Look};
use super::text::{cell_of, entity, tr};
use super::{KEY, Run, Sheets};
use crate::model::{Entity, Role};
use crate::reconcile::golden::Golden;

pub fn write(run: &Run<'_>, s: &mut Sheets<'_>) -> anyhow::Result<()> {
    let Some(rec) = run.reconciliation else { return Ok(()) };
    let lang = run.lang;
    let goldens: Vec<&Golden> = [Entity::Company, Entity::Contact, Entity::Deal]
        .into_iter()
        .flat_map(|e| rec.goldens.iter().filter(move |g| g.entity == e))
        .filter(|g| g.members.first().is_some_and(|&m| run.shown(m)))
        .collect();
    // Only the roles some golden record has, in role order.
    let present: BTreeSet<Role> =
        goldens.iter().flat_map(|g| g.values.iter().map(|v| v.role)).collect();
    let roles: Vec<Role> = Role::ALL.into_iter().filter(|r| present.contains(r)).collect();
    let mut columns = vec![
        Column::new(tr(lang, "Entity", "Entité")),
        Column::new(KEY).look(Look::Key),
        Column::new(tr(lang, "Rows merged", "Lignes fusionnées")),
    ];
    for r in &roles {
        columns.push(Column::new(r.as_str()));
        columns.push(
            Column::new(format!("{} ({})", r.as_str(), tr(lang, "source", "source")))
                .look(Look::Key),
        );
    }
    let list = List { name: super::NEW, columns, decision: None, banded: false };
    let rows = goldens.iter().map(|g| {
        let mut cells = vec![
            Cell::text(entity(lang, g.entity)),
            Cell::text(g.key.clone()),
            Cell::Int(g.members.len() as i64),
        ];
        for &role in &roles {
            let values: Vec<_> = g.values.iter().filter(|v| v.role == role).collect();
            match values.as_slice() {
                [] => cells.extend([Cell::Empty, Cell::Empty]),
                [v] => {
                    cells.push(Cell::of_value(&v.value));
                    cells.push(Cell::text(cell_of(&run.records[v.record], Some(v.column))));
                }
                // Several custom columns: `Header: value`, one per line.
                many => {
                    let text: Vec<String> = many
                        .iter()
                        .map(|v| {
                            let header = run.records[v.record]
                                .fields
                                .iter()
                                .find(|f| f.column == v.column)
                                .and_then(|f| f.header.as_deref())
                                .unwrap_or("");
                            format!("{header}: {}", v.value.canonical())
                        })
                        .collect();
                    let sources: Vec<String> = many
                        .iter()
                        .map(|v| cell_of(&run.records[v.record], Some(v.column)))
                        .collect();
                    cells.push(Cell::text(text.join("\n")));
                    cells.push(Cell::text(sources.join("\n")));
                }
            }
        }
        Row::from(cells)
    });
    s.list(&list, rows, goldens.len())
}
