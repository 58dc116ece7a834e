//! The Quality sheet: each finding (missing critical field, invalid value,
//! overdue deal, record that cannot be imported) with the file, sheet, row
//! and column it points at and the raw value found there, so that fixing
//! it is one look away.

use super::list::{Column, List, Row};
use super::style::{Cell, Look};
use std::collections::HashMap;
use std::sync::Arc;

use super::text::{entity, file_link, link_with, tr};
use super::{Run, Sheets};

/// Links per sheet, under Excel's 65,530.
const MAX_LINKS: usize = 65_000;

pub fn write(run: &Run<'_>, s: &mut Sheets<'_>) -> anyhow::Result<()> {
    let Some(q) = run.quality else { return Ok(()) };
    let lang = run.lang;
    let findings: Vec<_> = q.findings.iter().filter(|f| run.shown(f.record)).collect();
    let list = List {
        name: super::QUALITY,
        columns: vec![
            Column::new(tr(lang, "Entity", "Entité")),
            Column::new(tr(lang, "Origin", "Origine")),
            Column::new(tr(lang, "Kind", "Type")),
            Column::new(tr(lang, "Field", "Champ")),
            Column::new(tr(lang, "Problem", "Problème")).look(Look::Wrap),
            Column::new(tr(lang, "File", "Fichier")),
            Column::new(tr(lang, "Sheet", "Feuille")),
            Column::new(tr(lang, "Row", "Ligne")),
            Column::new(tr(lang, "Column", "Colonne")),
            Column::new(tr(lang, "Cell", "Cellule")),
            Column::new(tr(lang, "Raw value", "Valeur saisie")),
            Column::new(tr(lang, "Date", "Date")).past_before(run.today),
            Column::new(tr(lang, "Days overdue", "Jours de retard")).overdue(),
        ],
        decision: None,
        banded: false,
    };
    let mut linked = 0usize;
    let mut files: HashMap<Arc<str>, Option<String>> = HashMap::new();
    let rows = findings.iter().map(|f| {
        let r = &run.records[f.record];
        let p = &r.provenance;
        let letter = f.column_letter();
        let cell = letter.as_ref().map_or_else(|| p.row.to_string(), |l| format!("{l}{}", p.row));
        // Excel keeps at most 65,530 links per sheet: the first findings
        // get one, the others the plain cell name.
        linked += 1;
        let url = if linked <= MAX_LINKS {
            // A whole-row finding opens the row's first cell.
            let anchor = letter.as_ref().map_or_else(|| format!("A{}", p.row), |_| cell.clone());
            let file = files
                .entry(p.source.clone())
                .or_insert_with(|| run.out.and_then(|out| file_link(&p.source, out)));
            file.as_deref().and_then(|f| link_with(f, &p.sheet, &anchor))
        } else {
            None
        };
        let cell = match url {
            Some(url) => Cell::Link { url, text: cell },
            None => Cell::text(cell),
        };
        Row::from(vec![
            Cell::text(entity(lang, f.entity)),
            Cell::text(f.origin.as_str()),
            Cell::text(f.kind.as_str()),
            Cell::text(f.fields()),
            Cell::text(f.message(lang)),
            Cell::text(p.source.to_string()),
            Cell::text(p.sheet.to_string()),
            Cell::Int(p.row.into()),
            Cell::opt(letter.clone()),
            cell,
            Cell::opt(f.raw.as_ref().map(|s| s.to_string())),
            f.date.map_or(Cell::Empty, Cell::Date),
            f.days_overdue.map_or(Cell::Empty, Cell::Int),
        ])
    });
    s.list(&list, rows, findings.len())
}
