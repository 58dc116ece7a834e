//! Each entity's records and the features they give on their own, before
//! any other entity is matched.
//!
//! Matching reads a record's fields once, to build its [`Features`]; the
//! rest (the company a contact's row names, shared mailboxes) is added
//! from other features later. So when nothing will read the fields again
//! ([`super::Fields::Drop`]), every record is turned into its features a
//! range at a time and the range's fields are dropped at once: linking a
//! million contacts against a million, the records' fields (2 GiB) and
//! the features of all entities are then never held together.

use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::features::{self, Features};
use super::schema::Schema;
use crate::model::Entity;
use crate::normalize::record::Record;

/// One entity's records, core records first then references, each in
/// input order, with their own features.
#[derive(Default)]
pub struct OwnFeatures {
    pub indices: Vec<usize>,
    pub core: usize,
    pub features: Vec<Features>,
    /// Time spent building them.
    pub time: Duration,
}

/// The features a record gives on its own: its fields and the custom
/// columns the schema declares for its entity (`custom`).
pub fn of(record: &Record, custom: bool, schema: &Schema) -> Features {
    let mut f = features::features(record);
    if custom {
        f.custom = schema.custom_values(record);
    }
    f
}

/// The records of `entity`, core first, with their own features.
pub fn build(
    records: &[Record],
    is_reference: &[bool],
    entity: Entity,
    schema: &Schema,
) -> OwnFeatures {
    let t = Instant::now();
    let (mut indices, refs): (Vec<usize>, Vec<usize>) = records
        .iter()
        .enumerate()
        .filter(|(_, r)| r.entity == entity)
        .map(|(i, _)| i)
        .partition(|&i| !is_reference[i]);
    let core = indices.len();
    indices.extend(refs);
    let custom = schema.custom(entity).next().is_some();
    let features = indices.par_iter().map(|&i| of(&records[i], custom, schema)).collect();
    OwnFeatures { indices, core, features, time: t.elapsed() }
}

/// Records turned into features per range, then the range's fields
/// dropped.
const RANGE: usize = 1 << 18;

/// [`build`] for every entity of `entities` at once, dropping each
/// record's fields ([`Record::keep_provenance_only`]) once read.
pub fn build_all_dropping_fields(
    records: &mut [Record],
    is_reference: &[bool],
    entities: &[Entity],
    schema: &Schema,
) -> Vec<OwnFeatures> {
    // Per entity: core and reference records, apart until the end.
    // At their final sizes: growing a vector of a million features by
    // doubling holds the old and the new (up to 1.3 GB) while it copies.
    // The core vectors have room for the references appended at the end.
    let count = |entity: Entity, reference: bool| {
        records
            .par_iter()
            .zip(is_reference)
            .filter(|&(r, &is)| r.entity == entity && is == reference)
            .count()
    };
    let with_room = |n: usize| OwnFeatures {
        indices: Vec::with_capacity(n),
        features: Vec::with_capacity(n),
        ..OwnFeatures::default()
    };
    let (mut core, mut refs): (Vec<OwnFeatures>, Vec<OwnFeatures>) = entities
        .iter()
        .map(|&e| {
            let (c, r) = (count(e, false), count(e, true));
            (with_room(c + r), with_room(r))
        })
        .unzip();
    for start in (0..records.len()).step_by(RANGE) {
        let end = (start + RANGE).min(records.len());
        let range = &records[start..end];
        for (e, &entity) in entities.iter().enumerate() {
            let t = Instant::now();
            let custom = schema.custom(entity).next().is_some();
            for (reference, out) in [(false, &mut core[e]), (true, &mut refs[e])] {
                let from = out.indices.len();
                out.indices.extend((start..end).filter(|&i| {
                    range[i - start].entity == entity && is_reference[i] == reference
                }));
                // Indexed, into the room reserved: each features value is
                // written once, where it stays (collecting then appending
                // copied 1.8 GB on one core at a million + a million).
                out.features.par_extend(
                    out.indices[from..].par_iter().map(|&i| of(&range[i - start], custom, schema)),
                );
            }
            core[e].time += t.elapsed();
        }
        records[start..end].par_iter_mut().for_each(Record::keep_provenance_only);
    }
    core.into_iter()
        .zip(refs)
        .map(|(mut c, r)| {
            c.core = c.indices.len();
            c.indices.extend(r.indices);
            c.features.extend(r.features);
            c
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Origin, Provenance, Role};
    use crate::normalize::record::{Field, RowLink, Value};
    use std::sync::Arc;

    fn record(entity: Entity, row: u32, name: &str) -> Record {
        let role = if entity == Entity::Contact { Role::LastName } else { Role::Company };
        Record {
            entity,
            origin: Origin::Side,
            provenance: Provenance {
                source: Arc::from("f.csv"),
                sheet: Arc::from(""),
                row,
                column: None,
            },
            link: RowLink { table: 0, row },
            fields: vec![Field {
                role,
                column: 0,
                header: None,
                raw: name.into(),
                value: Some(Value::Name(name.into())),
                derived_from: None,
            }],
            issues: Vec::new(),
        }
    }

    #[test]
    fn built_at_once_with_fields_dropped_equals_built_entity_by_entity() {
        // More records than a range, entities and references interleaved.
        let n = RANGE + RANGE / 2 + 7;
        let entities = [Entity::Company, Entity::Contact];
        let mut records: Vec<Record> = (0..n)
            .map(|i| {
                let entity = entities[i % 3 % 2];
                record(entity, i as u32, &format!("name{}", i % 1000))
            })
            .collect();
        let is_reference: Vec<bool> = (0..n).map(|i| i % 5 == 0).collect();
        let schema = Schema::default();
        let apart: Vec<OwnFeatures> =
            entities.iter().map(|&e| build(&records, &is_reference, e, &schema)).collect();
        let together = build_all_dropping_fields(&mut records, &is_reference, &entities, &schema);
        for (a, t) in apart.iter().zip(&together) {
            assert_eq!(a.indices, t.indices);
            assert_eq!(a.core, t.core);
            assert!(a.core > 0 && a.core < a.indices.len());
            assert!(a.features == t.features);
        }
        assert!(records.iter().all(|r| r.fields.is_empty()));
        assert_eq!(records[n - 1].provenance.row as usize, n - 1);
    }
}
