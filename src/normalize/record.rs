//! A table row → one normalized [`Record`] per entity the sheet yields.
//!
//! This is where normalizers meet provenance: each field keeps its raw text,
//! its column and its normalized [`Value`], and each problem a normalizer
//! found becomes an [`Issue`] pointing at the exact cell. Column-wide
//! context (how a column writes decimals, its day/month order) is learnt
//! once per column before any row is normalized.
//!
//! Which record a column feeds: its role's entity when the sheet yields
//! that entity (`Email` → the contact), else the sheet's main entity (a
//! company list's `Standard` phone is the company's). An address, postal
//! code, city or country describes the company when the row has one, else
//! the contact; the owner owns every record of the row. Other shared roles
//! (notes, dates, ids, custom columns) go to the main entity. Records of
//! one row share a [`RowLink`], which is how a contact, its company and its
//! deal stay linked.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;
use compact_str::CompactString;
use rayon::prelude::*;

use super::amount::{self, Amount, AmountStyle};
use super::company::{self, CompanyName};
use super::date;
use super::email::{self, EmailCell};
use super::name::{self, PersonName};
use super::next_action::{self, NextAction};
use super::owner::{self, Owner, OwnerDirectory};
use super::phone::{self, PhoneCell};
use super::stage::{self, Stage, StageMap};
use super::{DateOrder, Locale, Normalized, Problem};
use crate::ingest::{Cell, Column, Table};
use crate::model::{Entity, Issue, Origin, Provenance, Role};

/// Records of the same table row share this: (table index, row index).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RowLink {
    pub table: u32,
    pub row: u32,
}

/// A normalized value, typed by what the column means.
///
/// Every field of every record holds one, so its size is paid tens of
/// millions of times on a large run: payloads wider than a `String` are
/// boxed, which keeps a `Value` at 32 bytes (it was 80, the size of a
/// [`PhoneCell`]); a box costs one pointer and one small allocation for
/// the few fields that carry such a value. Companies, stages and owners
/// repeat from row to row (seven owners on four million records of a
/// large CRM export): they are shared (`Arc`), so that the memo of
/// normalized values hands out one allocation for all its hits.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Free text kept as written (trimmed): job title, city, notes, custom.
    ///
    /// Short texts (names, cities, domains, codes: up to 24 bytes) sit
    /// inline in the value, with no allocation of their own: a contact has
    /// four or five of them, and the names come from a memo, so a `String`
    /// would also cost an allocation per clone.
    Text(CompactString),
    /// A first or last name in display case.
    Name(CompactString),
    Email(Box<EmailCell>),
    Phone(Box<PhoneCell>),
    Company(Arc<CompanyName>),
    /// A bare web domain (`acme.fr`).
    Domain(CompactString),
    /// SIREN, SIRET, VAT number, postal code, record id: digits and letters
    /// that must not be reformatted.
    Identifier(CompactString),
    Amount(Box<Amount>),
    /// ISO 4217 code.
    Currency(CompactString),
    Date(NaiveDate),
    Stage(Arc<Stage>),
    Owner(Arc<Owner>),
    NextAction(Box<NextAction>),
}

impl Value {
    /// The canonical text DESIGN.md gives for `clean` and generic imports:
    /// emails lowercase, phones E.164, dates ISO 8601, amounts plain
    /// decimals with a dot, names and companies as display text.
    pub fn canonical(&self) -> String {
        match self {
            Value::Text(s) | Value::Name(s) | Value::Domain(s) | Value::Identifier(s) => {
                s.to_string()
            }
            Value::Currency(c) => c.to_string(),
            Value::Email(e) => e.primary.address.clone(),
            Value::Phone(p) => p.primary.e164.to_string(),
            Value::Company(c) => c.display.clone(),
            Value::Amount(a) => a.to_string(),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
            Value::Stage(s) => s.key.clone().unwrap_or_else(|| s.label.clone()),
            Value::Owner(o) => o.name.clone(),
            Value::NextAction(n) => n.text.clone(),
        }
    }
}

/// One value of a record, with where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub role: Role,
    /// 0-based sheet column.
    pub column: u32,
    /// The column's header, kept for custom fields only (it is their name;
    /// other fields are named by their role, and the Sources sheet maps
    /// columns to headers). Not cloned for every cell: both cores would
    /// contend for its reference count.
    pub header: Option<Header>,
    /// The cell as written.
    pub raw: CompactString,
    /// `None` when the raw text could not be normalized (an issue says why;
    /// the raw text is still here).
    pub value: Option<Value>,
    /// Set for values derived from another field (first and last name
    /// split from a full name, currency read from an amount, website from a
    /// company email): the role they came from.
    pub derived_from: Option<Role>,
}

/// A custom column's header, shared by the fields of its column.
///
/// One pointer wide where an `Option<Arc<str>>` takes two: every field has
/// the slot, custom or not, and a field is 72 bytes with it instead of 80.
/// Reads as a `str` (`field.header.as_deref()`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Header(Arc<Box<str>>);

impl Header {
    pub fn new(header: &str) -> Header {
        Header(Arc::new(Box::from(header)))
    }
}

impl std::ops::Deref for Header {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Header {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

/// One contact, company or deal as a file gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub entity: Entity,
    pub origin: Origin,
    /// The row (no column): file, sheet, 1-based row.
    pub provenance: Provenance,
    pub link: RowLink,
    pub fields: Vec<Field>,
    pub issues: Vec<Issue>,
}

impl Record {
    /// The first field of a role.
    pub fn field(&self, role: Role) -> Option<&Field> {
        self.fields.iter().find(|f| f.role == role)
    }

    /// The first normalized value of a role.
    pub fn value(&self, role: Role) -> Option<&Value> {
        self.fields.iter().filter(|f| f.role == role).find_map(|f| f.value.as_ref())
    }

    /// Drop the fields and issues, keeping what says which row this is.
    ///
    /// For runs that write only where each row went (`dedupe
    /// --no-workbook`): once matching has read a record, its values are
    /// never read again, and at a million rows they are most of the
    /// memory.
    pub fn keep_provenance_only(&mut self) {
        self.fields = Vec::new();
        self.issues = Vec::new();
    }
}

/// What normalizing needs beyond the table.
#[derive(Clone, Debug, Default)]
pub struct Context {
    pub locale: Locale,
    pub stages: StageMap,
    /// Owners of the CRM export; empty when there is none (`clean`), and
    /// then owner cells are kept as text.
    pub owners: OwnerDirectory,
}

/// Per-column knowledge learnt from all of the column's values.
#[derive(Clone, Debug)]
struct ColumnPlan {
    /// Position among the table's plans (the memo's key).
    index: usize,
    column: Column,
    sheet_col: u32,
    header: Header,
    targets: Vec<Entity>,
    amount_style: AmountStyle,
    date_order: DateOrder,
    /// A next action's date read from its text is only a field of its own
    /// when the sheet has no next-action-date column (the column wins).
    derive_action_date: bool,
}

/// Normalize every table read, in order, as records of `origin`. A row
/// gives a record of its table's main entity always, and of another entity
/// only when it says something of it (a contact list's empty deal is no
/// deal).
pub fn normalize_tables(tables: &[Table], origin: Origin, ctx: &Context) -> Vec<Record> {
    let room = tables.iter().map(most_records).sum();
    records_of_all(tables, room, origin, ctx)
}

/// [`normalize_tables`], each table dropped as soon as its records are
/// made: a million-row table holds nearly a gigabyte of cells, which the
/// later tables' records need more.
pub fn normalize_tables_freeing(tables: Vec<Table>, origin: Origin, ctx: &Context) -> Vec<Record> {
    let room = tables.iter().map(most_records).sum();
    records_of_all(tables, room, origin, ctx)
}

/// The records of every table, in order, in one vector with `room`.
fn records_of_all<T: std::borrow::Borrow<Table>>(
    tables: impl IntoIterator<Item = T>,
    room: usize,
    origin: Origin,
    ctx: &Context,
) -> Vec<Record> {
    let mut records = Vec::with_capacity(room);
    for (i, table) in tables.into_iter().enumerate() {
        records_into(table.borrow(), i as u32, origin, ctx, &mut records);
    }
    records
}

/// The records of table number `index`, appended to `records`: those of
/// the table's entity, and those of another that say something.
fn records_into(
    table: &Table,
    index: u32,
    origin: Origin,
    ctx: &Context,
    records: &mut Vec<Record>,
) {
    let from = records.len();
    normalize_table_into(table, index, origin, ctx, records);
    if let Some(main) = table.entity {
        retain_from(records, from, |r| r.entity == main || !r.fields.is_empty());
    }
}

/// Normalize every row of `table` into records, one per row and entity.
pub fn normalize_table(table: &Table, index: u32, origin: Origin, ctx: &Context) -> Vec<Record> {
    let mut records = Vec::with_capacity(most_records(table));
    normalize_table_into(table, index, origin, ctx, &mut records);
    records
}

/// The records a table can give: one per row and entity. The room is
/// reserved once for all tables and the records are written straight
/// into it; a vector per table appended to the whole afterwards cost a
/// second copy of every record, in fresh pages the kernel zeroes (1 s on
/// both cores at two million records). The next table writes over the
/// empty records a table leaves out, so room past the last table's
/// records is never touched and costs no memory.
fn most_records(table: &Table) -> usize {
    match table.entity {
        Some(main) => {
            let others = table.entities.iter().filter(|&&e| e != main).count();
            table.rows.len() * (1 + others)
        }
        None => 0,
    }
}

/// [`normalize_table`], appending to `records`.
///
/// Row `i` yields one record per entity of the table, in that order, so the
/// output is indexed: rayon writes each record straight into its place in
/// `records` (no per-row or per-chunk vectors to copy and free). Each
/// record is built from the columns that feed its entity only, which gives
/// the same fields and issues, in the same order, as a pass over the whole
/// row would.
fn normalize_table_into(
    table: &Table,
    index: u32,
    origin: Origin,
    ctx: &Context,
    records: &mut Vec<Record>,
) {
    let Some(main) = table.entity else { return };
    let plans: Vec<ColumnPlan> = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| plan_column(i, table, c, main, &ctx.locale))
        .collect();
    let mut entities = table.entities.clone();
    if !entities.contains(&main) {
        entities.push(main);
    }
    // Per entity: the plans that feed it.
    let feeds: Vec<Vec<usize>> = entities
        .iter()
        .map(|e| (0..plans.len()).filter(|&p| plans[p].targets.contains(e)).collect())
        .collect();
    let job = Job { table, plans: &plans, entities: &entities, feeds: &feeds, index, origin, ctx };
    let n = entities.len();
    records.par_extend((0..table.rows.len() * n).into_par_iter().with_min_len(CHUNK * n).map_init(
        || Scratch::new(table, plans.len()),
        |scratch, k| job.record(k / n, k % n, scratch),
    ));
}

/// Keep the items of `items[from..]` that `keep` accepts, in order.
fn retain_from<T>(items: &mut Vec<T>, from: usize, keep: impl Fn(&T) -> bool) {
    let mut kept = from;
    for i in from..items.len() {
        if keep(&items[i]) {
            items.swap(kept, i);
            kept += 1;
        }
    }
    items.truncate(kept);
}

/// Rows normalized together on one core at the least, sharing a [`Memo`].
const CHUNK: usize = 4096;

/// What one core keeps while it normalizes a run of rows.
struct Scratch {
    memo: Memo,
    /// The source and sheet names, copied for this run: every record holds
    /// them, and cloning the table's own `Arc`s from both cores would make
    /// the cores fight over one reference count (a cache line bouncing
    /// between them on every record).
    source: Arc<str>,
    sheet: Arc<str>,
    /// A record's fields and issues are gathered here, then moved into
    /// vectors of their exact length: a vector sized for every column the
    /// entity could have would leave the slots of blank cells unused (15 %
    /// of all field slots on a generated set), and one grown by pushes up
    /// to twice the slots it uses.
    fields: Vec<Field>,
    issues: Vec<Issue>,
}

impl Scratch {
    fn new(table: &Table, plans: usize) -> Scratch {
        Scratch {
            memo: Memo::new(plans),
            source: Arc::from(&*table.meta.source),
            sheet: Arc::from(&*table.meta.sheet),
            fields: Vec::new(),
            issues: Vec::new(),
        }
    }
}

/// Values that repeat down a column (first names, cities, stages, owners)
/// are normalized once per run of rows: a million-row contact list has a
/// few thousand distinct first names.
///
/// A column whose values barely repeat (company names of a contact list,
/// often one contact per company) would only pay for hashing, copying the
/// key and cloning the value: a column is memoized while at least one
/// lookup in [`MEMO_MIN_HIT_RATE`] hits, and after a window without that,
/// skips the memo for a while before trying again. The memo never changes
/// a result, only how often it is computed.
struct Memo {
    columns: Vec<ColumnMemo>,
}

#[derive(Default)]
struct ColumnMemo {
    values: FxMap<CompactString, (Option<Value>, Vec<Problem>)>,
    lookups: u32,
    hits: u32,
    /// Values left to compute without the memo before trying it again.
    skip: u32,
}

/// Lookups per decision; one hit in this many keeps a column memoized.
const MEMO_WINDOW: u32 = 1024;
const MEMO_MIN_HIT_RATE: u32 = 8;
/// Values computed without the memo once a window had too few hits.
const MEMO_SKIP: u32 = 16 * MEMO_WINDOW;
/// Entries kept per column at most: a run of rows can be large.
const MEMO_MAX_ENTRIES: usize = 1 << 16;

impl Memo {
    fn new(plans: usize) -> Memo {
        Memo { columns: (0..plans).map(|_| ColumnMemo::default()).collect() }
    }

    fn get(
        &mut self,
        plan: usize,
        raw: &str,
        compute: impl FnOnce() -> (Option<Value>, Vec<Problem>),
    ) -> (Option<Value>, Vec<Problem>) {
        let Some(m) = self.columns.get_mut(plan) else { return compute() };
        if m.skip > 0 {
            m.skip -= 1;
            return compute();
        }
        m.lookups += 1;
        if let Some(hit) = m.values.get(raw) {
            m.hits += 1;
            return hit.clone();
        }
        if m.lookups >= MEMO_WINDOW {
            let keep = m.hits * MEMO_MIN_HIT_RATE >= m.lookups;
            (m.lookups, m.hits) = (0, 0);
            if !keep {
                m.values = FxMap::default();
                m.skip = MEMO_SKIP;
                return compute();
            }
        }
        if m.values.len() >= MEMO_MAX_ENTRIES {
            m.values.clear();
        }
        let computed = compute();
        m.values.insert(CompactString::from(raw), computed.clone());
        computed
    }
}

type FxMap<K, V> = crate::fxhash::FxHashMap<K, V>;

/// What every row of one table is normalized with.
struct Job<'a> {
    table: &'a Table,
    plans: &'a [ColumnPlan],
    entities: &'a [Entity],
    /// Per entity: the plans feeding it.
    feeds: &'a [Vec<usize>],
    index: u32,
    origin: Origin,
    ctx: &'a Context,
}

impl Job<'_> {
    /// The record of entity `e` (an index into `entities`) of row `i`.
    fn record(&self, i: usize, e: usize, scratch: &mut Scratch) -> Record {
        let Job { table, plans, entities, feeds, index, origin, ctx } = *self;
        let row = &table.rows[i];
        let feed = &feeds[e];
        let mut record = Record {
            entity: entities[e],
            origin,
            provenance: Provenance::row(&scratch.source, &scratch.sheet, row.number),
            link: RowLink { table: index, row: i as u32 },
            fields: std::mem::take(&mut scratch.fields),
            issues: std::mem::take(&mut scratch.issues),
        };
        for &p in feed {
            let plan = &plans[p];
            let cell = table.cell(row, &plan.column);
            let Some(raw) = non_blank_text(cell) else { continue };
            normalize_cell(plan, cell, &raw, ctx, &mut scratch.memo, &mut record);
        }
        scratch.fields = std::mem::take(&mut record.fields);
        scratch.issues = std::mem::take(&mut record.issues);
        record.fields = exact(&mut scratch.fields);
        record.issues = exact(&mut scratch.issues);
        record
    }
}

/// Move the items of `buffer` into a vector of exactly their number,
/// leaving `buffer` empty with its capacity for the next record.
fn exact<T>(buffer: &mut Vec<T>) -> Vec<T> {
    let mut out = Vec::with_capacity(buffer.len());
    out.append(buffer);
    out
}

/// The trimmed text of a cell, `None` when blank: [`Cell::non_blank_text`]
/// without its first pass over the whole text (a text cell is blank exactly
/// when its trimmed text is empty).
fn non_blank_text(cell: &Cell) -> Option<Cow<'_, str>> {
    match cell {
        Cell::Text(s) => Some(Cow::Borrowed(s.trim())).filter(|t| !t.is_empty()),
        _ => cell.non_blank_text(),
    }
}

fn plan_column(
    index: usize,
    table: &Table,
    column: &Column,
    main: Entity,
    locale: &Locale,
) -> ColumnPlan {
    let yields = |e: Entity| table.entities.contains(&e);
    let targets = match column.role {
        Role::Owner => table.entities.clone(),
        Role::Address | Role::PostalCode | Role::City | Role::Country => {
            let place = [Entity::Company, Entity::Contact].into_iter().find(|&e| yields(e));
            vec![place.unwrap_or(main)]
        }
        role => match role.entity() {
            Some(e) if yields(e) => vec![e],
            _ => vec![main],
        },
    };
    let texts = || {
        table.rows.iter().filter_map(|r| match table.cell(r, column) {
            Cell::Text(s) => Some(s.as_str()),
            _ => None,
        })
    };
    let amount_style = if column.role == Role::Amount {
        amount::infer_amount_style(texts(), locale)
    } else {
        AmountStyle::default()
    };
    let date_order = if column.role.is_date() {
        date::infer_date_order(texts(), locale)
    } else {
        locale.date_order
    };
    ColumnPlan {
        index,
        column: column.clone(),
        sheet_col: column.index,
        header: Header::new(&column.header),
        targets,
        amount_style,
        date_order,
        derive_action_date: table.column(Role::NextActionDate).is_none(),
    }
}

/// Normalize one cell into `record`: its field (and derived fields), and
/// its problems as issues at the cell.
fn normalize_cell(
    plan: &ColumnPlan,
    cell: &Cell,
    raw: &str,
    ctx: &Context,
    memo: &mut Memo,
    record: &mut Record,
) {
    let role = plan.column.role;
    let mut push = |role: Role, value: Option<Value>, derived_from: Option<Role>| {
        record.fields.push(Field {
            role,
            column: plan.sheet_col,
            header: (role == Role::Custom).then(|| plan.header.clone()),
            raw: CompactString::from(raw),
            value,
            derived_from,
        });
    };
    let problems = match role {
        Role::Email => {
            let n = email::normalize_email(raw);
            let domain = n.value.as_ref().and_then(|e| company::company_domain(&e.primary));
            push(role, n.value.map(|v| Value::Email(Box::new(v))), None);
            if let Some(domain) = domain {
                push(Role::Website, Some(Value::Domain(domain.into())), Some(Role::Email));
            }
            n.problems
        }
        Role::Phone | Role::Mobile => {
            let n = phone::normalize_phone(raw, &ctx.locale.country);
            push(role, n.value.map(|v| Value::Phone(Box::new(v))), None);
            n.problems
        }
        Role::FirstName | Role::LastName => {
            let (value, problems) = memo.get(plan.index, raw, || {
                let n = name::normalize_name_part(raw);
                (n.value.map(|v| Value::Name(v.into())), n.problems)
            });
            push(role, value, None);
            problems
        }
        Role::FullName => {
            let n = name::split_full_name(raw);
            push(role, Some(Value::Text(raw.into())), None);
            if let Some(PersonName { first, last }) = n.value {
                if let Some(first) = first {
                    push(Role::FirstName, Some(Value::Name(first.into())), Some(Role::FullName));
                }
                if let Some(last) = last {
                    push(Role::LastName, Some(Value::Name(last.into())), Some(Role::FullName));
                }
            }
            n.problems
        }
        Role::Company => {
            let (value, problems) = memo.get(plan.index, raw, || {
                let n = company::normalize_company(raw);
                (n.value.map(|v| Value::Company(Arc::new(v))), n.problems)
            });
            push(role, value, None);
            problems
        }
        Role::Website => {
            keep(company::normalize_website(raw), |d| Value::Domain(d.into()), role, &mut push)
        }
        Role::Siren => {
            keep(company::normalize_siren(raw), |d| Value::Identifier(d.into()), role, &mut push)
        }
        Role::Siret => {
            keep(company::normalize_siret(raw), |d| Value::Identifier(d.into()), role, &mut push)
        }
        Role::VatNumber => keep(
            company::normalize_vat_number(raw),
            |d| Value::Identifier(d.into()),
            role,
            &mut push,
        ),
        Role::Amount => {
            let n = amount::normalize_amount_cell(cell, &plan.amount_style, &ctx.locale);
            let currency = n.value.as_ref().and_then(|a| a.currency);
            push(role, n.value.map(|v| Value::Amount(Box::new(v))), None);
            if let Some(currency) = currency {
                push(Role::Currency, Some(Value::Currency(currency.into())), Some(Role::Amount));
            }
            n.problems
        }
        Role::Currency => {
            push(role, Some(Value::Currency(raw.trim().to_uppercase().into())), None);
            Vec::new()
        }
        r if r.is_date() => keep(
            date::normalize_date(cell, plan.date_order, &ctx.locale),
            Value::Date,
            role,
            &mut push,
        ),
        Role::Stage => {
            let (value, problems) = memo.get(plan.index, raw, || {
                let n = stage::normalize_stage(raw, &ctx.stages);
                (n.value.map(|v| Value::Stage(Arc::new(v))), n.problems)
            });
            push(role, value, None);
            problems
        }
        Role::Owner if !ctx.owners.owners.is_empty() => {
            let (value, problems) = memo.get(plan.index, raw, || {
                let n = owner::resolve_owner(raw, &ctx.owners);
                (n.value.map(|v| Value::Owner(Arc::new(v))), n.problems)
            });
            push(role, value, None);
            problems
        }
        Role::NextAction => {
            let n = next_action::normalize_next_action(raw, &ctx.locale);
            let date = n.value.as_ref().and_then(|a| a.date);
            push(role, n.value.map(|v| Value::NextAction(Box::new(v))), None);
            if let Some(date) = date.filter(|_| plan.derive_action_date) {
                push(Role::NextActionDate, Some(Value::Date(date)), Some(Role::NextAction));
            }
            n.problems
        }
        Role::PostalCode | Role::RecordId | Role::CompanyId | Role::ContactId => {
            push(role, Some(Value::Identifier(raw.into())), None);
            Vec::new()
        }
        _ => {
            push(role, Some(Value::Text(raw.into())), None);
            Vec::new()
        }
    };
    for p in problems {
        // Built only for problems: cloning the source and sheet names for
        // every cell would make both cores fight over their counters.
        let at = Provenance { column: Some(plan.sheet_col), ..record.provenance.clone() };
        record.issues.push(Issue {
            provenance: at,
            field: Some(role),
            kind: p.kind,
            message: p.message,
        });
    }
}

/// Push the normalized value of a one-value normalizer; return its problems.
fn keep<T>(
    n: Normalized<T>,
    wrap: impl FnOnce(T) -> Value,
    role: Role,
    push: &mut impl FnMut(Role, Option<Value>, Option<Role>),
) -> Vec<super::Problem> {
    push(role, n.value.map(wrap), None);
    n.problems
}

#[cfg(test)]
mod tests;
