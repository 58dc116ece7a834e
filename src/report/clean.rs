//! `crmrecon clean` output: one CSV per entity (`contacts.csv`,
//! `companies.csv`, `deals.csv`) with the columns `source,sheet,row`, one
//! column per role present or derived, named by the role, holding the
//! normalized value in its canonical form, then `issues`.
//!
//! A cell that could not be normalized keeps its raw text, so nothing the
//! user typed is lost; its issue kind says why. When a record has several
//! values of one role (two phone columns), they are joined with ` ; ` in
//! column order. Custom columns go into one `custom` column as
//! `Header: value` pairs joined with ` | `.

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

use crate::model::{Entity, Role};
use crate::normalize::record::Record;

/// The file name of an entity's CSV.
pub fn file_name(entity: Entity) -> &'static str {
    match entity {
        Entity::Contact => "contacts.csv",
        Entity::Company => "companies.csv",
        Entity::Deal => "deals.csv",
    }
}

/// Write `records` (all entities, in input order) into `dir`. Returns the
/// files written with their row counts. An entity with no record gets no
/// file.
pub fn write(records: &[Record], dir: &Path) -> io::Result<Vec<(PathBuf, usize)>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for entity in Entity::ALL {
        let rows: Vec<&Record> = records.iter().filter(|r| r.entity == entity).collect();
        if rows.is_empty() {
            continue;
        }
        let path = dir.join(file_name(entity));
        write_entity(&rows, &path)?;
        written.push((path, rows.len()));
    }
    Ok(written)
}

fn write_entity(records: &[&Record], path: &Path) -> io::Result<()> {
    let present: BTreeSet<Role> =
        records.iter().flat_map(|r| r.fields.iter().map(|f| f.role)).collect();
    let roles: Vec<Role> = Role::ALL.into_iter().filter(|r| present.contains(r)).collect();
    let mut out = csv::Writer::from_path(path)?;
    let mut header = vec!["source", "sheet", "row"];
    header.extend(roles.iter().map(|r| r.as_str()));
    header.push("issues");
    out.write_record(&header)?;
    for record in records {
        let mut line = vec![
            record.provenance.source.to_string(),
            record.provenance.sheet.to_string(),
            record.provenance.row.to_string(),
        ];
        for &role in &roles {
            line.push(cell(record, role));
        }
        let mut kinds: Vec<&str> = Vec::new();
        for issue in &record.issues {
            if !kinds.contains(&issue.kind.as_str()) {
                kinds.push(issue.kind.as_str());
            }
        }
        line.push(kinds.join(";"));
        out.write_record(&line)?;
    }
    out.flush()
}

fn cell(record: &Record, role: Role) -> String {
    let fields = record.fields.iter().filter(|f| f.role == role);
    if role == Role::Custom {
        let pairs: Vec<String> =
            fields.map(|f| format!("{}: {}", f.header.as_deref().unwrap_or(""), f.raw)).collect();
        return pairs.join(" | ");
    }
    let values: Vec<String> = fields
        .map(|f| f.value.as_ref().map_or_else(|| f.raw.to_string(), |v| v.canonical()))
        .collect();
    values.join(" ; ")
}
