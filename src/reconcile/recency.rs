//! How recent a record's values are: the date a conflict's suggested winner
//! and a golden record's survivorship compare.
//!
//! A row's own date says the most about that row: its `updated_at`, else
//! its `last_activity` (a side file's "Dernier contact": the rep spoke to
//! the person then, so the row was true then). A side row without either
//! falls back on its file's modification time, which only says that some
//! row of the file was edited that day. A CRM record never does: the
//! export file's time is the export's, not the record's.

use std::time::SystemTime;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Origin, Role};
use crate::normalize::record::{Record, Value};

/// Where a record's date was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    UpdatedAt,
    LastActivity,
    FileModified,
}

impl DateSource {
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::UpdatedAt => "updated_at",
            DateSource::LastActivity => "last_activity",
            DateSource::FileModified => "file modified",
        }
    }
}

/// A record's date and where it was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dated {
    pub date: NaiveDate,
    pub source: DateSource,
}

/// The modification date of each input table's file, indexed like
/// `RowLink::table` (so CRM and side tables must not share indices).
#[derive(Clone, Debug, Default)]
pub struct Recency {
    files: Vec<Option<NaiveDate>>,
}

impl Recency {
    pub fn new(files: Vec<Option<NaiveDate>>) -> Recency {
        Recency { files }
    }

    /// A file's modification time as a local calendar date: CRM dates are
    /// normalized to days, so comparing finer would only invent an order.
    pub fn day_of(time: SystemTime) -> NaiveDate {
        chrono::DateTime::<chrono::Local>::from(time).date_naive()
    }

    /// The date of `record`'s values, if anything tells it.
    pub fn of(&self, record: &Record) -> Option<Dated> {
        let row_date = |role: Role, source: DateSource| match record.value(role) {
            Some(Value::Date(date)) => Some(Dated { date: *date, source }),
            _ => None,
        };
        row_date(Role::UpdatedAt, DateSource::UpdatedAt)
            .or_else(|| row_date(Role::LastActivity, DateSource::LastActivity))
            .or_else(|| {
                if record.origin != Origin::Side {
                    return None;
                }
                let date = self.files.get(record.link.table as usize).copied().flatten()?;
                Some(Dated { date, source: DateSource::FileModified })
            })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::Arc;

    use compact_str::CompactString;

    use super::*;
    use crate::model::{Entity, Provenance};
    use crate::normalize::record::{Field, RowLink};

    /// A record for tests: `(role, column, value)` fields, on `table`.
    pub(crate) fn record(
        entity: Entity,
        origin: Origin,
        table: u32,
        row: u32,
        fields: Vec<(Role, u32, Value)>,
    ) -> Record {
        let source: Arc<str> = Arc::from(format!("t{table}.csv").as_str());
        let sheet: Arc<str> = Arc::from("");
        Record {
            entity,
            origin,
            provenance: Provenance::row(&source, &sheet, row + 2),
            link: RowLink { table, row },
            fields: fields
                .into_iter()
                .map(|(role, column, value)| Field {
                    role,
                    column,
                    header: None,
                    raw: CompactString::from(value.canonical()),
                    value: Some(value),
                    derived_from: None,
                })
                .collect(),
            issues: Vec::new(),
        }
    }

    pub(crate) fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_row_date_wins_over_the_file_and_crm_files_never_count() {
        let recency = Recency::new(vec![Some(day("2026-11-20")), Some(day("2026-11-21"))]);
        let bare = record(Entity::Contact, Origin::Side, 0, 0, vec![]);
        assert_eq!(
            recency.of(&bare),
            Some(Dated { date: day("2026-11-20"), source: DateSource::FileModified })
        );
        let active = record(
            Entity::Contact,
            Origin::Side,
            0,
            1,
            vec![(Role::LastActivity, 3, Value::Date(day("2026-07-15")))],
        );
        assert_eq!(
            recency.of(&active),
            Some(Dated { date: day("2026-07-15"), source: DateSource::LastActivity })
        );
        let updated = record(
            Entity::Contact,
            Origin::Crm,
            1,
            0,
            vec![
                (Role::LastActivity, 3, Value::Date(day("2026-07-15"))),
                (Role::UpdatedAt, 4, Value::Date(day("2026-09-14"))),
            ],
        );
        assert_eq!(recency.of(&updated).unwrap().source, DateSource::UpdatedAt);
        let crm_bare = record(Entity::Contact, Origin::Crm, 1, 1, vec![]);
        assert_eq!(recency.of(&crm_bare), None);
        // A table with no known file time.
        assert_eq!(recency.of(&record(Entity::Deal, Origin::Side, 7, 0, vec![])), None);
    }
}
