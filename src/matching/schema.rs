//! What each entity compares: the built-in fields, or the list a user
//! gives in `[matching.fields]`, plus columns of their own declared in
//! `[[matching.compare]]` (a birth date, a street address, a member
//! number), so that `crmrecon dedupe` works on any list of people or
//! organisations, not only on CRM-shaped data.
//!
//! A declared column is found by its header (case and accents ignored)
//! or, when it names a role (`address`, `postal_code`), by that role.
//! Its comparator gives the levels: `exact` (same / different), `text`
//! (same / close / different, Jaro–Winkler on the folded text), `date`
//! (same day / within N days / different) or `number` (same / within N %
//! / different). As for the built-in fields, EM learns what each level is
//! worth; the user only says what "close" means.
//!
//! A [`CustomField`] sits inside [`FieldKind`], which is `Copy` and
//! compared in the innermost loop; its name and level labels are
//! therefore `'static`, leaked once when the config is read (a handful of
//! short strings per process).

use super::similarity::jaro_winkler;
use chrono::Datelike;
use compact_str::CompactString;
use serde::Serialize;

use super::compare::{FieldKind, MAX_FIELDS, MISSING, default_fields};
use crate::model::{Entity, Role};
use crate::normalize::amount::{AmountStyle, normalize_amount};
use crate::normalize::date::parse_date_text;
use crate::normalize::name::name_key;
use crate::normalize::record::{Field, Record, Value};
use crate::normalize::{DateOrder, Locale};

/// How a declared column is compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Comparator {
    /// Folded text equal or not: codes, member numbers, categories.
    Exact,
    /// Folded text equal, close (Jaro–Winkler at least `close` %), or not:
    /// street addresses, job titles.
    Text,
    /// Same day, within `close` days, or not: birth dates, signature dates.
    Date,
    /// Equal (to half a per cent), within `close` %, or not: sizes, amounts.
    Number,
}

impl Comparator {
    pub const NAMES: &'static str = "exact, text, date, number";

    pub fn parse(s: &str) -> Option<Comparator> {
        match s.trim().to_ascii_lowercase().as_str() {
            "exact" => Some(Comparator::Exact),
            "text" => Some(Comparator::Text),
            "date" => Some(Comparator::Date),
            "number" => Some(Comparator::Number),
            _ => None,
        }
    }

    /// What "close" means when the config does not say: a typo or two in
    /// a text, a day-month swap or a mistyped day is not covered by any
    /// default (0 days: same day only), 10 % for a number.
    fn default_close(self) -> u16 {
        match self {
            Comparator::Exact => 0,
            Comparator::Text => 90,
            Comparator::Date => 0,
            Comparator::Number => 10,
        }
    }
}

/// Where a declared column's values come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    /// A recognised column (`address`, `postal_code`, `job_title`).
    Role(Role),
    /// A header nobody recognised, as [`name_key`] folds it.
    Header(&'static str),
}

/// One column declared in `[[matching.compare]]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CustomField {
    /// The name used in explanations, report.json and `[matching.fields]`.
    pub name: &'static str,
    pub entity: Entity,
    pub column: Column,
    pub comparator: Comparator,
    /// Jaro–Winkler in per cent, days or per cent, by comparator.
    pub close: u16,
    /// Whether records sharing the value become candidate pairs, and the
    /// pairs agreeing on it a training session (a column worth blocking on
    /// names the entity, as an email does).
    pub block: bool,
    /// Whether two records whose values differ (the last level) never
    /// link, whatever else they share: a father and son share name and
    /// address, not a birth date.
    pub veto: bool,
    /// Index of its value in [`Features::custom`](super::features::Features).
    pub slot: u8,
    pub levels: &'static [&'static str],
}

impl Serialize for CustomField {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name)
    }
}

/// A declared column's value in one record, ready to compare.
#[derive(Clone, Debug, PartialEq)]
pub enum CustomValue {
    Text(CompactString),
    /// Days since 0001-01-01.
    Day(i32),
    Number(f64),
}

impl CustomValue {
    /// As an explanation shows it.
    pub fn display(&self) -> String {
        match self {
            CustomValue::Text(t) => t.to_string(),
            CustomValue::Day(d) => chrono::NaiveDate::from_num_days_from_ce_opt(*d)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            CustomValue::Number(n) => format!("{n}"),
        }
    }
}

/// The fields each entity compares, and how to read declared columns.
#[derive(Clone, Debug, PartialEq)]
pub struct Schema {
    fields: [Vec<FieldKind>; 3],
    custom: Vec<CustomField>,
    /// Day/month order and country for dates and numbers in declared
    /// columns.
    locale: Locale,
}

impl Default for Schema {
    fn default() -> Schema {
        Schema {
            fields: Entity::ALL.map(default_fields),
            custom: Vec::new(),
            locale: Locale::default(),
        }
    }
}

/// `[[matching.compare]]` as the config gives it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CompareSpec {
    pub name: String,
    pub entity: Option<String>,
    pub column: String,
    pub comparator: String,
    pub close: Option<f64>,
    pub block: bool,
    pub veto: bool,
}

impl Schema {
    /// Build the schema from `[matching.fields]` (entity → field names)
    /// and `[[matching.compare]]`. Every problem is returned, each naming
    /// the key at fault.
    pub fn resolve(
        fields: &[(String, Vec<String>)],
        compare: &[CompareSpec],
        locale: &Locale,
    ) -> Result<Schema, Vec<String>> {
        let mut problems = Vec::new();
        let mut custom: Vec<CustomField> = Vec::new();
        for (i, spec) in compare.iter().enumerate() {
            match resolve_custom(spec, &custom) {
                Ok(c) => custom.push(c),
                Err(why) => problems.push(format!("[[matching.compare]] #{}: {why}", i + 1)),
            }
        }
        let mut lists: [Option<Vec<FieldKind>>; 3] = [None, None, None];
        for (entity_name, names) in fields {
            let Some(entity) = Entity::parse(entity_name) else {
                problems.push(format!(
                    "[matching.fields] {entity_name}: not an entity (contact, company or deal)"
                ));
                continue;
            };
            let mut list = Vec::new();
            for name in names {
                match field_named(name, entity, &custom) {
                    Some(f) if list.contains(&f) => problems
                        .push(format!("[matching.fields] {entity_name}: `{name}` is listed twice")),
                    Some(f) => list.push(f),
                    None => problems.push(format!(
                        "[matching.fields] {entity_name}: `{name}` is neither a built-in field \
                         ({}) nor a column declared for {entity} in [[matching.compare]]",
                        builtin_names()
                    )),
                }
            }
            if list.is_empty() {
                problems.push(format!("[matching.fields] {entity_name}: list at least one field"));
            }
            lists[entity_index(entity)] = Some(list);
        }
        let fields: [Vec<FieldKind>; 3] = std::array::from_fn(|i| {
            let entity = Entity::ALL[i];
            lists[i].take().unwrap_or_else(|| {
                // Without a list of its own, an entity compares the
                // built-in fields and every column declared for it.
                let mut list = default_fields(entity);
                list.extend(
                    custom.iter().filter(|c| c.entity == entity).map(|&c| FieldKind::Custom(c)),
                );
                list
            })
        });
        for (i, list) in fields.iter().enumerate() {
            if list.len() > MAX_FIELDS {
                problems.push(format!(
                    "[matching] {} compares {} fields; at most {MAX_FIELDS} are supported \
                     (list the ones that matter in [matching.fields])",
                    Entity::ALL[i],
                    list.len()
                ));
            }
        }
        for c in &custom {
            if !fields[entity_index(c.entity)].contains(&FieldKind::Custom(*c)) {
                problems.push(format!(
                    "[[matching.compare]] `{}` is declared for {} but missing from \
                     [matching.fields] {}",
                    c.name, c.entity, c.entity
                ));
            }
        }
        if problems.is_empty() {
            Ok(Schema { fields, custom, locale: locale.clone() })
        } else {
            Err(problems)
        }
    }

    /// The fields an entity compares, most telling first.
    pub fn fields(&self, entity: Entity) -> &[FieldKind] {
        &self.fields[entity_index(entity)]
    }

    /// The declared columns of an entity, by slot.
    pub fn custom(&self, entity: Entity) -> impl Iterator<Item = &CustomField> {
        self.custom.iter().filter(move |c| c.entity == entity)
    }

    /// The values of an entity's declared columns in one record, by slot.
    pub fn custom_values(&self, record: &Record) -> Vec<Option<CustomValue>> {
        self.custom(record.entity).map(|c| read(c, record, &self.locale)).collect()
    }
}

impl Schema {
    /// A warning per declared column no record of its entity has a value
    /// in: a header spelt otherwise in the files, or the wrong entity.
    ///
    /// Read from the records, not from the matches' features, which are
    /// released once matching is over.
    pub fn unused_columns(&self, records: &[Record]) -> Vec<String> {
        let mut out = Vec::new();
        for c in &self.custom {
            let used = records
                .iter()
                .filter(|r| r.entity == c.entity)
                .any(|r| read(c, r, &self.locale).is_some());
            if !used {
                let column = match c.column {
                    Column::Role(role) => format!("the {} column", role.as_str()),
                    Column::Header(h) => format!("a column headed `{h}` (case and accents aside)"),
                };
                out.push(format!(
                    "[[matching.compare]] `{}`: no {} record has {column} with a value; \
                     `crmrecon inspect` lists the headers of each file",
                    c.name, c.entity
                ));
            }
        }
        out
    }
}

fn entity_index(entity: Entity) -> usize {
    match entity {
        Entity::Contact => 0,
        Entity::Company => 1,
        Entity::Deal => 2,
    }
}

const BUILTIN: [FieldKind; 17] = [
    FieldKind::FirstName,
    FieldKind::LastName,
    FieldKind::Email,
    FieldKind::Phone,
    FieldKind::Company,
    FieldKind::Domain,
    FieldKind::Siren,
    FieldKind::City,
    FieldKind::PostalCode,
    FieldKind::DealName,
    FieldKind::Amount,
    FieldKind::CloseDate,
    FieldKind::Owner,
    FieldKind::Contact,
    FieldKind::Stage,
    FieldKind::NextAction,
    FieldKind::JobTitle,
];

fn builtin_names() -> String {
    BUILTIN.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ")
}

fn field_named(name: &str, entity: Entity, custom: &[CustomField]) -> Option<FieldKind> {
    let name = name.trim();
    custom
        .iter()
        .find(|c| c.entity == entity && c.name.eq_ignore_ascii_case(name))
        .map(|&c| FieldKind::Custom(c))
        .or_else(|| BUILTIN.into_iter().find(|f| f.name().eq_ignore_ascii_case(name)))
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn resolve_custom(spec: &CompareSpec, before: &[CustomField]) -> Result<CustomField, String> {
    let name = spec.name.trim();
    if name.is_empty() {
        return Err("give it a `name` (used in [matching.fields] and explanations)".into());
    }
    let entity = match &spec.entity {
        None => Entity::Contact,
        Some(e) => Entity::parse(e)
            .ok_or_else(|| format!("entity = \"{e}\": expected contact, company or deal"))?,
    };
    if before.iter().any(|c| c.entity == entity && c.name.eq_ignore_ascii_case(name)) {
        return Err(format!("`{name}` is declared twice for {entity}"));
    }
    if BUILTIN.iter().any(|f| f.name().eq_ignore_ascii_case(name)) {
        return Err(format!("`{name}` is a built-in field; give the column another name"));
    }
    let comparator = Comparator::parse(&spec.comparator).ok_or_else(|| {
        format!("comparator = \"{}\": expected one of {}", spec.comparator, Comparator::NAMES)
    })?;
    let column = spec.column.trim();
    if column.is_empty() {
        return Err("give the `column` to compare: its header, or a role such as `address`".into());
    }
    let column = match Role::parse(&column.to_ascii_lowercase()) {
        Some(role) if role != Role::Custom => Column::Role(role),
        _ => Column::Header(leak(name_key(column))),
    };
    let close = match spec.close {
        None => comparator.default_close(),
        Some(c) => {
            let (low, high) = match comparator {
                Comparator::Exact => (0.0, 0.0),
                Comparator::Text => (50.0, 100.0),
                Comparator::Date => (0.0, 36_600.0),
                Comparator::Number => (0.0, 1000.0),
            };
            if !(low..=high).contains(&c) || c.fract() != 0.0 {
                return Err(match comparator {
                    Comparator::Exact => "close: an exact comparison has no close level".into(),
                    Comparator::Text => {
                        format!("close = {c}: a similarity in per cent, from 50 to 100")
                    }
                    Comparator::Date => format!("close = {c}: a whole number of days"),
                    Comparator::Number => format!("close = {c}: a whole percentage"),
                });
            }
            c as u16
        }
    };
    let slot = before.iter().filter(|c| c.entity == entity).count();
    let slot = u8::try_from(slot).map_err(|_| "too many declared columns".to_string())?;
    Ok(CustomField {
        name: leak(name.to_string()),
        entity,
        column,
        comparator,
        close,
        block: spec.block,
        veto: spec.veto,
        slot,
        levels: levels(comparator, close),
    })
}

fn levels(comparator: Comparator, close: u16) -> &'static [&'static str] {
    let close_label = match comparator {
        Comparator::Exact => return &["missing", "same", "different"],
        Comparator::Text => "close",
        Comparator::Date if close == 0 => return &["missing", "same", "different"],
        Comparator::Date => leak(format!("within {close} days")),
        Comparator::Number => leak(format!("within {close} %")),
    };
    Box::leak(vec!["missing", "same", close_label, "different"].into_boxed_slice())
}

/// The first value of the column in the record.
fn read(c: &CustomField, record: &Record, locale: &Locale) -> Option<CustomValue> {
    let field = record.fields.iter().find(|f| holds(c.column, f))?;
    let text = || match &field.value {
        Some(v) => v.canonical(),
        None => field.raw.to_string(),
    };
    match c.comparator {
        Comparator::Exact | Comparator::Text => {
            Some(name_key(&text())).filter(|k| !k.is_empty()).map(|k| CustomValue::Text(k.into()))
        }
        Comparator::Date => {
            let date = match &field.value {
                Some(Value::Date(d)) => Some(*d),
                _ => parse_date_text(&field.raw, DateOrder::Auto, locale),
            };
            date.map(|d| CustomValue::Day(d.num_days_from_ce()))
        }
        Comparator::Number => {
            let amount = match &field.value {
                Some(Value::Amount(a)) => Some(a.value),
                _ => normalize_amount(&field.raw, &AmountStyle::default(), locale)
                    .value
                    .map(|a| a.value),
            };
            amount
                .and_then(|a| rust_decimal::prelude::ToPrimitive::to_f64(&a))
                .map(CustomValue::Number)
        }
    }
}

fn holds(column: Column, field: &Field) -> bool {
    match column {
        Column::Role(role) => field.role == role,
        Column::Header(key) => {
            field.role == Role::Custom
                && field.header.as_deref().is_some_and(|h| name_key(h) == key)
        }
    }
}

/// Whether a pair differs on a declared column with `veto`.
pub fn vetoed(fields: &[FieldKind], levels: &[u8]) -> bool {
    fields.iter().zip(levels).any(|(field, &level)| {
        matches!(field, FieldKind::Custom(c) if c.veto && usize::from(level) == c.levels.len() - 1)
    })
}

/// The level of a pair on a declared column.
pub fn level(c: &CustomField, a: Option<&CustomValue>, b: Option<&CustomValue>) -> u8 {
    let (Some(a), Some(b)) = (a, b) else { return MISSING };
    let different = c.levels.len() as u8 - 1;
    let close = match (a, b) {
        (CustomValue::Text(x), CustomValue::Text(y)) => {
            if x == y {
                return 1;
            }
            c.comparator == Comparator::Text && jaro_winkler(x, y) * 100.0 >= f64::from(c.close)
        }
        (CustomValue::Day(x), CustomValue::Day(y)) => {
            let days = (x - y).unsigned_abs();
            if days == 0 {
                return 1;
            }
            days <= u32::from(c.close)
        }
        (CustomValue::Number(x), CustomValue::Number(y)) => {
            let scale = x.abs().max(y.abs());
            let diff = (x - y).abs();
            if diff <= 0.005 * scale || diff < 1e-9 {
                return 1;
            }
            diff <= f64::from(c.close) / 100.0 * scale
        }
        _ => false,
    };
    if close && different == 3 { 2 } else { different }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::model::{Origin, Provenance};
    use crate::normalize::record::{Header, RowLink};

    fn spec(name: &str, column: &str, comparator: &str) -> CompareSpec {
        CompareSpec {
            name: name.into(),
            column: column.into(),
            comparator: comparator.into(),
            ..CompareSpec::default()
        }
    }

    fn schema(fields: &[(&str, &[&str])], compare: &[CompareSpec]) -> Result<Schema, Vec<String>> {
        let fields: Vec<(String, Vec<String>)> = fields
            .iter()
            .map(|(e, l)| (e.to_string(), l.iter().map(|s| s.to_string()).collect()))
            .collect();
        Schema::resolve(&fields, compare, &Locale::default())
    }

    fn custom_of(s: &Schema, entity: Entity, name: &str) -> CustomField {
        *s.custom(entity).find(|c| c.name == name).unwrap()
    }

    #[test]
    fn without_a_config_each_entity_compares_its_built_in_fields() {
        let s = schema(&[], &[]).unwrap();
        assert_eq!(s, Schema::default());
        for e in Entity::ALL {
            assert_eq!(s.fields(e), default_fields(e));
        }
    }

    #[test]
    fn declared_columns_join_the_defaults_or_the_listed_fields() {
        let birth = CompareSpec {
            block: true,
            close: Some(31.0),
            ..spec("birth_date", "Date de naissance", "date")
        };
        let s = schema(&[], std::slice::from_ref(&birth)).unwrap();
        let c = custom_of(&s, Entity::Contact, "birth_date");
        assert_eq!(c.column, Column::Header("date de naissance"));
        assert_eq!((c.comparator, c.close, c.block, c.slot), (Comparator::Date, 31, true, 0));
        assert_eq!(c.levels, ["missing", "same", "within 31 days", "different"]);
        assert_eq!(s.fields(Entity::Contact).len(), default_fields(Entity::Contact).len() + 1);
        assert_eq!(s.fields(Entity::Company), default_fields(Entity::Company));

        let street = spec("street", "address", "text");
        let s = schema(
            &[("contacts", &["first_name", "last_name", "postal_code", "Birth_Date", "street"])],
            &[birth, street],
        )
        .unwrap();
        let names: Vec<&str> = s.fields(Entity::Contact).iter().map(|f| f.name()).collect();
        assert_eq!(names, ["first_name", "last_name", "postal_code", "birth_date", "street"]);
        let street = custom_of(&s, Entity::Contact, "street");
        assert_eq!((street.column, street.slot), (Column::Role(Role::Address), 1));
    }

    #[test]
    fn every_mistake_is_named_with_its_key() {
        type Fields<'a> = &'a [(&'a str, &'a [&'a str])];
        let cases: &[(Fields, Vec<CompareSpec>, &str)] = &[
            (&[], vec![spec("birth", "Naissance", "fuzzy")], "comparator = \"fuzzy\""),
            (&[], vec![spec("", "Naissance", "date")], "give it a `name`"),
            (&[], vec![spec("birth", " ", "date")], "give the `column`"),
            (&[], vec![spec("email", "Courriel 2", "exact")], "`email` is a built-in field"),
            (
                &[],
                vec![spec("birth", "Naissance", "date"), spec("Birth", "Né le", "date")],
                "declared twice",
            ),
            (
                &[],
                vec![CompareSpec { entity: Some("lead".into()), ..spec("b", "B", "exact") }],
                "entity = \"lead\"",
            ),
            (
                &[],
                vec![CompareSpec { close: Some(40.0), ..spec("street", "Rue", "text") }],
                "from 50 to 100",
            ),
            (
                &[],
                vec![CompareSpec { close: Some(2.5), ..spec("b", "Naissance", "date") }],
                "whole number of days",
            ),
            (
                &[],
                vec![CompareSpec { close: Some(3.0), ..spec("code", "Code", "exact") }],
                "no close level",
            ),
            (&[("contact", &["first_name", "shoe_size"])], vec![], "`shoe_size` is neither"),
            (&[("contact", &["email", "email"])], vec![], "listed twice"),
            (&[("leads", &["email"])], vec![], "[matching.fields] leads: not an entity"),
            (&[("contact", &[])], vec![], "at least one field"),
            (
                &[("contact", &["email"])],
                vec![spec("birth", "Naissance", "date")],
                "missing from [matching.fields] contact",
            ),
            (
                &[],
                (0..6).map(|i| spec(&format!("c{i}"), &format!("C{i}"), "exact")).collect(),
                "at most 12",
            ),
        ];
        for (fields, compare, expected) in cases {
            let problems = schema(fields, compare).unwrap_err();
            assert!(problems.iter().any(|p| p.contains(expected)), "{expected}: {problems:?}");
        }
    }

    #[test]
    fn levels_per_comparator() {
        let s = schema(
            &[("contact", &["birth", "street", "code", "size", "signed"])],
            &[
                CompareSpec { close: Some(30.0), ..spec("birth", "Naissance", "date") },
                spec("street", "Adresse", "text"),
                spec("code", "Code", "exact"),
                CompareSpec { close: Some(20.0), ..spec("size", "Effectif", "number") },
                spec("signed", "Signé le", "date"),
            ],
        )
        .unwrap();
        let text = |s: &str| Some(CustomValue::Text(s.into()));
        let day = |d: i32| Some(CustomValue::Day(d));
        let num = |n: f64| Some(CustomValue::Number(n));
        let c = |name| custom_of(&s, Entity::Contact, name);
        let cases: &[(&str, Option<CustomValue>, Option<CustomValue>, u8)] = &[
            ("birth", day(700_000), day(700_000), 1),
            ("birth", day(700_000), day(700_030), 2),
            ("birth", day(700_000), day(700_031), 3),
            ("birth", None, day(700_000), MISSING),
            ("signed", day(700_000), day(700_001), 2), // same day only: 3 levels
            ("street", text("12 rue des lilas"), text("12 rue des lilas"), 1),
            ("street", text("12 rue des lilas"), text("12 rue des lillas"), 2),
            ("street", text("12 rue des lilas"), text("4 avenue foch"), 3),
            ("street", text("12 rue des lilas"), None, MISSING),
            ("code", text("a 1001"), text("a 1001"), 1),
            ("code", text("a 1001"), text("a 1002"), 2),
            ("size", num(250.0), num(250.0), 1),
            ("size", num(250.0), num(210.0), 2),
            ("size", num(250.0), num(150.0), 3),
            ("size", num(0.0), num(0.0), 1),
            ("size", num(250.0), text("250"), 3),
        ];
        for (name, a, b, expected) in cases {
            assert_eq!(level(&c(name), a.as_ref(), b.as_ref()), *expected, "{name} {a:?} {b:?}");
        }
    }

    fn field(role: Role, header: Option<&str>, raw: &str, value: Option<Value>) -> Field {
        Field {
            role,
            column: 0,
            header: header.map(Header::new),
            raw: raw.into(),
            value,
            derived_from: None,
        }
    }

    #[test]
    fn values_are_read_by_header_or_role_and_parsed_by_comparator() {
        let s = schema(
            &[],
            &[
                spec("birth", "Date de naissance", "date"),
                spec("street", "address", "text"),
                spec("member", "N° ADHÉRENT", "exact"),
                spec("size", "Effectif", "number"),
            ],
        )
        .unwrap();
        let text = |s: &str| Some(Value::Text(s.into()));
        let file: Arc<str> = "adherents.csv".into();
        let record = Record {
            entity: Entity::Contact,
            origin: Origin::Side,
            provenance: Provenance::row(&file, &"".into(), 2),
            link: RowLink { table: 0, row: 0 },
            fields: vec![
                field(Role::Custom, Some("Date de naissance"), "12/03/1961", text("12/03/1961")),
                field(Role::Address, None, "12, Rue des Lilas", text("12, Rue des Lilas")),
                field(Role::Custom, Some("N° adhérent"), "A-1001", text("A-1001")),
                field(Role::Custom, Some("Effectif"), "1 250", text("1 250")),
            ],
            issues: vec![],
        };
        let day = chrono::NaiveDate::from_ymd_opt(1961, 3, 12).unwrap().num_days_from_ce();
        assert_eq!(
            s.custom_values(&record),
            [
                Some(CustomValue::Day(day)),
                Some(CustomValue::Text("12 rue des lilas".into())),
                Some(CustomValue::Text("a 1001".into())),
                Some(CustomValue::Number(1250.0)),
            ]
        );
        // A company record reads none of the contact's columns.
        let company = Record { entity: Entity::Company, ..record.clone() };
        assert!(s.custom_values(&company).is_empty());
        // Text that is no date is no value (not a disagreement).
        let bad = Record {
            fields: vec![field(
                Role::Custom,
                Some("Date de naissance"),
                "inconnue",
                text("inconnue"),
            )],
            ..record
        };
        assert_eq!(s.custom_values(&bad)[0], None);
    }
}
