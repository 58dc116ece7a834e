//! The Sources sheet: each file and sheet read, what it was taken for
//! (entity, header row, column → role) and what was left out (skipped rows
//! with the reason, warnings). Nothing is lost silently (DESIGN.md).
//!
//! The commands drop the ingest tables once normalized (a million rows
//! held twice would double the memory), so they keep a [`SourceSheet`]
//! of each table first.

use std::collections::BTreeMap;

use super::list::{Column, List, Row};
use super::style::{Cell, Look};
use super::text::{entity, tr};
use super::{Run, Sheets};
use crate::ingest::{SheetStatus, Table};
use crate::model::{Entity, Origin, Role};

/// What the Sources sheet says about one table.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceSheet {
    pub origin: Origin,
    pub source: String,
    pub sheet: String,
    pub format: &'static str,
    pub status: &'static str,
    pub entity: Option<Entity>,
    pub entities: Vec<Entity>,
    /// 1-based sheet row of the header.
    pub header_row: Option<u32>,
    /// `(letter, header, role)` of each mapped column.
    pub columns: Vec<(String, String, Role)>,
    pub rows_read: usize,
    /// Skipped rows by reason, with their row numbers.
    pub skipped: BTreeMap<&'static str, Vec<u32>>,
    pub warnings: Vec<String>,
}

impl SourceSheet {
    pub fn of(table: &Table, origin: Origin) -> SourceSheet {
        let mut skipped: BTreeMap<&'static str, Vec<u32>> = BTreeMap::new();
        for s in &table.skipped {
            skipped.entry(s.reason.as_str()).or_default().push(s.row);
        }
        SourceSheet {
            origin,
            source: table.meta.source.to_string(),
            sheet: table.meta.sheet.to_string(),
            format: table.meta.format.as_str(),
            status: match table.status {
                SheetStatus::Used => "used",
                SheetStatus::Hidden => "hidden",
                SheetStatus::Empty => "empty",
                SheetStatus::Excluded => "excluded",
                SheetStatus::NoHeader => "no header",
                SheetStatus::NotAWorksheet => "not a worksheet",
            },
            entity: table.entity,
            entities: table.entities.clone(),
            header_row: table.header_row,
            columns: table
                .columns
                .iter()
                .map(|c| (c.letter.clone(), c.header.clone(), c.role))
                .collect(),
            rows_read: table.rows.len(),
            skipped,
            warnings: table.warnings.iter().chain(&table.meta.notes).cloned().collect(),
        }
    }

    pub fn rows_skipped(&self) -> usize {
        self.skipped.values().map(Vec::len).sum()
    }

    /// `C  E-mail → email`, one line per column.
    pub fn mapping(&self) -> String {
        let lines: Vec<String> =
            self.columns.iter().map(|(l, h, r)| format!("{l}  {h} → {}", r.as_str())).collect();
        lines.join("\n")
    }

    /// `total line: 122; blank row: 5, 8, 12 …` (at most ten rows per
    /// reason: the count says the rest).
    pub fn skipped_text(&self) -> String {
        let parts: Vec<String> = self
            .skipped
            .iter()
            .map(|(reason, rows)| {
                let shown: Vec<String> = rows.iter().take(10).map(u32::to_string).collect();
                let more = if rows.len() > 10 { " …" } else { "" };
                format!("{reason}: {}{more}", shown.join(", "))
            })
            .collect();
        parts.join("; ")
    }
}

pub fn write(run: &Run<'_>, s: &mut Sheets<'_>) -> anyhow::Result<()> {
    let lang = run.lang;
    let list = List {
        name: "Sources",
        columns: vec![
            Column::new(tr(lang, "Origin", "Origine")),
            Column::new(tr(lang, "File", "Fichier")),
            Column::new(tr(lang, "Sheet", "Feuille")),
            Column::new(tr(lang, "Format", "Format")),
            Column::new(tr(lang, "Status", "Statut")),
            Column::new(tr(lang, "Entity", "Entité")),
            Column::new(tr(lang, "Header row", "Ligne d'en-tête")),
            Column::new(tr(lang, "Rows read", "Lignes lues")),
            Column::new(tr(lang, "Rows skipped", "Lignes ignorées")),
            Column::new(tr(lang, "Columns → roles", "Colonnes → rôles")).look(Look::Wrap),
            Column::new(tr(lang, "Skipped rows", "Lignes ignorées (détail)")).look(Look::Wrap),
            Column::new(tr(lang, "Warnings", "Avertissements")).look(Look::Wrap),
        ],
        decision: None,
        banded: false,
    };
    let rows = run.sources.iter().map(|t| {
        let entities: Vec<&str> = if t.entities.is_empty() {
            t.entity.map(|e| entity(lang, e)).into_iter().collect()
        } else {
            t.entities.iter().map(|&e| entity(lang, e)).collect()
        };
        Row::from(vec![
            Cell::text(t.origin.as_str()),
            Cell::text(t.source.clone()),
            Cell::text(t.sheet.clone()),
            Cell::text(t.format),
            Cell::text(t.status),
            Cell::text(entities.join(", ")),
            t.header_row.map_or(Cell::Empty, |r| Cell::Int(r.into())),
            Cell::Int(t.rows_read as i64),
            Cell::Int(t.rows_skipped() as i64),
            Cell::text(t.mapping()),
            Cell::text(t.skipped_text()),
            Cell::text(t.warnings.join("\n")),
        ])
    });
    s.list(&list, rows, run.sources.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet() -> SourceSheet {
        SourceSheet {
            origin: Origin::Side,
            source: "side/jean.xlsx".into(),
            sheet: "Prospects".into(),
            format: "xlsx",
            status: "used",
            entity: Some(Entity::Contact),
            entities: vec![Entity::Contact, Entity::Company],
            header_row: Some(3),
            columns: vec![
                ("B".into(), "Société".into(), Role::Company),
                ("C".into(), "E-mail".into(), Role::Email),
            ],
            rows_read: 118,
            skipped: BTreeMap::from([("blank row", (5..20).collect()), ("total line", vec![122])]),
            warnings: vec![],
        }
    }

    #[test]
    fn mapping_and_skipped_rows_read_as_a_person_writes_them() {
        let s = sheet();
        assert_eq!(s.mapping(), "B  Société → company\nC  E-mail → email");
        assert_eq!(s.rows_skipped(), 16);
        assert_eq!(
            s.skipped_text(),
            "blank row: 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 …; total line: 122"
        );
    }
}
