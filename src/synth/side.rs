//! The side files: what salespeople keep in Excel beside the CRM. Each row
//! is a corrupted copy of a CRM record (typos, capitals, other phone and
//! e-mail formats, changed amounts or stages), a genuinely new record (the
//! same new person may appear in several files), or an invalid row.
//!
//! A file is first built as a list of sheets of typed cells (`SheetOut`),
//! then written as xlsx or CSV. The truth rows come from the same structure,
//! so the row numbers in `truth.csv` are those of the written sheet by
//! construction.

use std::io;
use std::path::Path;

use chrono::{Duration, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Formula, Workbook};

use super::rng::Rng;
use super::text::{
    ascii_fold, company_variant, csv_record, date_fr, email_variant, group_thousands,
    phone_variant, typo, upper,
};
use super::vocab;
use super::world::{self, DealKey, World};
use super::{Truth, TruthRow};
use crate::model::{Entity, Role};

const S_SIDE: u64 = 100;
const S_FILE: u64 = 99;

/// One cell as the salesperson left it.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Empty,
    Str(String),
    Num(f64),
    /// A number shown with a euro format (`12 500 €`).
    Euro(f64),
    Date(NaiveDate),
    /// `SUM` over a column's data rows (0-based column, 1-based rows), with
    /// the cached result so readers that do not evaluate formulas see it.
    Sum {
        col: u16,
        first: u32,
        last: u32,
        result: f64,
    },
}

impl Val {
    fn s(s: impl Into<String>) -> Val {
        let s = s.into();
        if s.is_empty() { Val::Empty } else { Val::Str(s) }
    }

    fn is_empty(&self) -> bool {
        matches!(self, Val::Empty)
    }

    /// The text a CSV export shows for this cell.
    fn csv_text(&self) -> String {
        match self {
            Val::Empty => String::new(),
            Val::Str(s) => s.clone(),
            Val::Num(n) | Val::Euro(n) | Val::Sum { result: n, .. } => format!("{n}"),
            Val::Date(d) => date_fr(*d),
        }
    }
}

/// A data row's cells and the (entity, truth id) pairs it yields.
pub type DataRow = (Vec<Val>, Vec<(Entity, String)>);

/// One sheet (or a whole CSV file) about to be written.
#[derive(Clone, Debug)]
pub struct SheetOut {
    pub name: String,
    pub hidden: bool,
    /// Rows above the header (title, blank line).
    pub top: Vec<Vec<Val>>,
    pub columns: Vec<(&'static str, Role)>,
    /// Data rows with the (entity, truth id) pairs each yields.
    pub rows: Vec<DataRow>,
    /// Rows below the data that are not records (total line).
    pub bottom: Vec<Vec<Val>>,
    /// Hidden helper sheets (lookup lists) yield no records and are left
    /// out of the truth.
    pub in_truth: bool,
}

impl SheetOut {
    fn new(name: &str, columns: Vec<(&'static str, Role)>) -> SheetOut {
        SheetOut {
            name: name.to_string(),
            hidden: false,
            top: vec![],
            columns,
            rows: vec![],
            bottom: vec![],
            in_truth: true,
        }
    }

    /// 1-based sheet row of the header.
    pub fn header_row(&self) -> usize {
        self.top.len() + 1
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format_ {
    Xlsx,
    /// Written as xlsx, to be converted to ods by LibreOffice (see mod docs).
    OdsViaXlsx,
    CsvUtf8Comma,
    Csv1252Semicolon,
}

#[derive(Clone, Debug)]
pub struct SideFile {
    /// Path relative to the data set root, as named in the truth.
    pub path: String,
    pub format: Format_,
    pub sheets: Vec<SheetOut>,
}

/// What a side row is about, with its values already corrupted.
#[derive(Clone, Debug, Default)]
struct Rec {
    person: Option<usize>,
    company: Option<usize>,
    deal: Option<DealKey>,
    invalid: bool,
    first: String,
    last: String,
    email: String,
    /// National digits (`0612345678`), formatted by each style.
    phone: String,
    mobile: String,
    job: String,
    company_name: String,
    company_core: String,
    city: String,
    postal: String,
    siren: String,
    website: String,
    deal_name: String,
    amount: Option<u64>,
    stage: Option<usize>,
    close: Option<NaiveDate>,
    next_action: String,
    next_date: Option<NaiveDate>,
    last_activity: Option<NaiveDate>,
    notes: String,
}

const NOTES: &[&str] = &[
    "",
    "",
    "",
    "Très intéressé",
    "Client depuis 2019",
    "Voir avec le siège",
    "Budget validé en janvier",
    "Rappeler après 14h",
    "Concurrent en place",
    "Salon Batimat",
    "Recommandé par un client",
    "Ne pas appeler le lundi",
    "Contact trouvé sur LinkedIn",
];

/// Builds one side record for a file owned by `owner`; `again` forces the
/// person and deal of an earlier row of the file (the same contact typed in
/// twice, corrupted independently).
fn make_rec(
    world: &World,
    owner: usize,
    new_pool: usize,
    again: Option<(usize, Option<DealKey>)>,
    r: &mut Rng,
) -> Rec {
    let roll = r.below(100);
    if roll < 3 && again.is_none() {
        // Invalid: no name, no e-mail, no phone; only leftovers.
        return Rec {
            invalid: true,
            job: if r.chance(500) {
                (*r.pick(vocab::JOB_TITLES_FR)).to_string()
            } else {
                String::new()
            },
            city: r.pick(vocab::CITIES).name.to_string(),
            notes: (*r.pick(&["à compléter", "??", "voir carte de visite", "salon"])).to_string(),
            ..Rec::default()
        };
    }
    // Prefer records of the file's owner, as a salesperson's file holds
    // mostly their own accounts.
    let (person, deal) = again.unwrap_or_else(|| {
        let mut pick = || -> (usize, Option<DealKey>) {
            if roll < 48 && world.deals > 0 {
                let key = DealKey::Crm(r.index(world.deals));
                (world.deal_contact(key), Some(key))
            } else if roll < 70 || new_pool == 0 {
                let p = world.contact_row_identity(r.index(world.contacts.max(1)));
                (p, r.chance(400).then_some(DealKey::New(p)))
            } else {
                let p = world.contacts + r.index(new_pool);
                (p, r.chance(750).then_some(DealKey::New(p)))
            }
        };
        let mut best = pick();
        for _ in 0..6 {
            if world.person_owner(best.0) == owner {
                break;
            }
            best = pick();
        }
        best
    });
    let (mut p, mut c) = world.person_full(person);
    // Someone who changed jobs: many side files still have the old one
    // (old company, old address, old switchboard), which is what the
    // company cell of the row then names.
    if let Some(old) = p.old_job.take().filter(|_| r.chance(450)) {
        c = world.company(old.company);
        p.company = old.company;
        p.email = old.email;
        p.phone = old.phone;
        p.mobile = old.mobile;
    }
    let mut rec = Rec { person: Some(person), company: Some(p.company), deal, ..Rec::default() };

    // Names.
    let (mut first, mut last) = (p.first.clone(), p.last.clone());
    if r.chance(120) {
        last = typo(r, &last);
    }
    if r.chance(100) {
        first = typo(r, &first);
    }
    if first.contains('-') && r.chance(400) {
        first = compound_variant(r, &first);
    } else if r.chance(30) {
        first = first.chars().next().map(|c| format!("{c}.")).unwrap_or_default();
    }
    if r.chance(120) {
        first = ascii_fold(&first);
        last = ascii_fold(&last);
    }
    if r.chance(80) {
        last = upper(&last);
    }
    if r.chance(50) {
        std::mem::swap(&mut first, &mut last);
    }
    if r.chance(40) {
        first.clear();
    }
    rec.first = first;
    rec.last = last;

    // E-mail: missing, written differently, or the person's private
    // address instead of the work one.
    rec.email = if r.chance(120) {
        String::new()
    } else if r.chance(40) && !p.email.is_empty() {
        private_email(r, &p)
    } else if r.chance(400) {
        email_variant(r, &p.email, &format!("{} {}", p.first, p.last))
    } else {
        p.email.clone()
    };
    // Phones: sometimes a new number (changed value), sometimes missing.
    rec.mobile = if r.chance(100) { world::mobile(r) } else { p.mobile.clone() };
    if r.chance(200) {
        rec.mobile.clear();
    }
    rec.phone = if r.chance(300) {
        String::new()
    } else if p.phone.is_empty() {
        c.phone.clone()
    } else {
        p.phone.clone()
    };
    rec.job = if r.chance(700) { p.job.to_string() } else { String::new() };

    // Company.
    rec.company_core = c.core.clone();
    rec.company_name = if r.chance(50) {
        String::new()
    } else if r.chance(450) {
        company_variant(r, &c.core, c.legal)
    } else {
        c.name()
    };
    if rec.company_name.is_empty() {
        rec.company = None;
    }
    rec.city = if r.chance(100) { upper(c.city.name) } else { c.city.name.to_string() };
    rec.postal = c.city.postal.to_string();
    rec.siren = if r.chance(700) { c.siren.clone() } else { String::new() };
    rec.website = if r.chance(500) { format!("www.{}", c.domain) } else { c.domain.clone() };

    // Deal: renamed, amount updated, close date moved, stage moved on.
    if let Some(key) = deal {
        let d = world.deal(key);
        rec.deal_name = if r.chance(300) { deal_name_variant(r, &d.name) } else { d.name.clone() };
        rec.amount = Some(if r.chance(150) {
            let pct = r.range(70, 130) as u64;
            (d.amount * pct / 100 / 100).max(5) * 100
        } else {
            d.amount
        });
        rec.stage = Some(if r.chance(120) { (d.stage + 1).min(6) } else { d.stage });
        rec.close = Some(if r.chance(200) {
            d.close + Duration::days(*r.pick(&[-30, -14, -7, 7, 14, 15, 30, 31, 45, 60, 92]))
        } else {
            d.close
        });
        if r.chance(300) {
            rec.next_action = (*r.pick(vocab::NEXT_ACTIONS_FR)).to_string();
            rec.next_date = Some(world::today() + Duration::days(r.range(-20, 40)));
        } else {
            rec.next_action = d.next_step.clone();
            rec.next_date = d.next_date;
        }
    }
    rec.last_activity = p.last_activity.map(|t| t.date());
    rec.notes = (*r.pick(NOTES)).to_string();
    rec
}

/// `Jean-Pierre` as people also write it: `Jean Pierre`, `JP`, `J-P`,
/// `Jean`.
fn compound_variant(r: &mut Rng, first: &str) -> String {
    let parts: Vec<&str> = first.split('-').collect();
    let initials: String = parts.iter().filter_map(|p| p.chars().next()).collect();
    match r.below(4) {
        0 => parts.join(" "),
        1 => initials,
        2 => initials.chars().map(String::from).collect::<Vec<_>>().join("-"),
        _ => parts[0].to_string(),
    }
}

/// A private address the person gave instead of the work one. It holds
/// their person index, so it is theirs alone, as a real mailbox is.
fn private_email(r: &mut Rng, p: &world::Person) -> String {
    let (f, l) = (super::text::slug(&p.first, "-"), super::text::slug(&p.last, ""));
    format!("{f}{l}{}@{}", p.id, r.pick_skewed(vocab::FREE_MAIL))
}

/// A deal name as retyped in another file: `Dupont SAS – Renouvellement
/// parc` → `Renouvellement parc Dupont SAS`, `Dupont SAS - renouvellement
/// parc 2026`, `Renouvellement parc`, with a typo.
fn deal_name_variant(r: &mut Rng, name: &str) -> String {
    let (core, topic) = name.split_once(" – ").unwrap_or((name, ""));
    if topic.is_empty() {
        return typo(r, name);
    }
    match r.below(6) {
        0 => format!("{core} - {topic}"),
        1 => format!("{topic} {core}"),
        2 => topic.to_string(),
        3 => format!("{core} - {} 2026", topic.to_lowercase()),
        4 => format!("{core} – {}", typo(r, topic)),
        _ => ascii_fold(&format!("{} / {core}", upper(topic))),
    }
}

/// Which entities a written row yields, and their truth ids.
fn entities(
    rec: &Rec,
    cols: &[(&'static str, Role)],
    cells: &[Val],
    company_list: bool,
) -> Vec<(Entity, String)> {
    let filled = |roles: &[Role]| {
        cols.iter().zip(cells).any(|((_, role), v)| roles.contains(role) && !v.is_empty())
    };
    let mut out = Vec::new();
    let person_roles: &[Role] = if company_list {
        &[]
    } else {
        &[Role::FirstName, Role::LastName, Role::FullName, Role::Email, Role::Phone, Role::Mobile]
    };
    if rec.invalid || filled(person_roles) {
        out.push((Entity::Contact, rec.person.map(|p| format!("contact-{p}")).unwrap_or_default()));
    }
    if let Some(c) = rec.company.filter(|_| filled(&[Role::Company])) {
        out.push((Entity::Company, format!("company-{c}")));
    }
    if let Some(d) = rec.deal.filter(|_| filled(&[Role::Amount, Role::Stage, Role::DealName])) {
        out.push((Entity::Deal, d.truth_id()));
    }
    out
}

fn push_row(sheet: &mut SheetOut, rec: &Rec, cells: Vec<Val>, company_list: bool) {
    let ents = entities(rec, &sheet.columns, &cells, company_list);
    sheet.rows.push((cells, ents));
}

fn stage_fr(r: &mut Rng, stage: Option<usize>) -> Val {
    stage.map_or(Val::Empty, |s| Val::s(*r.pick(vocab::STAGE_LABELS_FR[s])))
}

fn date_mixed(r: &mut Rng, d: Option<NaiveDate>) -> Val {
    match d {
        None => Val::Empty,
        Some(d) if r.chance(600) => Val::Date(d),
        Some(d) => Val::Str(date_fr(d)),
    }
}

/// A phone typed into an Excel cell formatted as a number: the leading zero
/// is lost (`612345678`).
fn phone_cell(r: &mut Rng, national: &str, as_number_per_mille: u32) -> Val {
    if national.is_empty() {
        return Val::Empty;
    }
    if r.chance(as_number_per_mille)
        && let Ok(n) = national.parse::<u64>()
    {
        return Val::Num(n as f64);
    }
    Val::Str(phone_variant(r, national))
}

fn owner_label(world: &World, owner: usize, r: &mut Rng) -> String {
    let o = world.owner(owner);
    match r.below(4) {
        0 => o.first.to_string(),
        1 => format!(
            "{}{}",
            o.first.chars().next().unwrap_or('X'),
            o.last.chars().next().unwrap_or('X')
        ),
        2 => o.email,
        _ => o.full_name(),
    }
}

/// The side file styles; each file uses one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// xlsx, title row and blank row above French headers, total line.
    Suivi,
    /// Windows-1252 CSV with `;`, French headers, decimal commas.
    Export1252,
    /// UTF-8 CSV with English headers.
    Leads,
    /// xlsx with `Prospects`, `Clients` and a hidden `Listes` sheet.
    Pipeline,
    /// xlsx with `DUPONT Jean` names and ALL CAPS companies.
    Caps,
    /// A workbook meant to become `.ods`.
    Relances,
}

pub const STYLES: [Style; 6] =
    [Style::Pipeline, Style::Suivi, Style::Export1252, Style::Leads, Style::Caps, Style::Relances];

/// Builds side file number `index` (0-based) with `rows` record rows; a
/// contact list (the `Caps` style) for each when `contact_lists` is set.
pub fn build_file(
    world: &World,
    index: usize,
    rows: usize,
    new_pool: usize,
    ods: bool,
    contact_lists: bool,
) -> SideFile {
    let style = if contact_lists { Style::Caps } else { STYLES[index % STYLES.len()] };
    let owner = index % world.owners;
    let o = world.owner(owner);
    let who = super::text::slug(o.first, "-");
    let round = index / STYLES.len();
    let suffix = if round == 0 { String::new() } else { format!("_{:02}", round + 1) };
    let mut fr = Rng::for_item(world.seed, S_FILE, index as u64);
    let mut recs: Vec<Rec> = Vec::with_capacity(rows);
    for k in 0..rows {
        let mut r = Rng::for_item(world.seed, S_SIDE + index as u64, k as u64);
        // ~3% of rows are someone already in the file, typed in again.
        let again = (k > 0 && r.chance(30))
            .then(|| &recs[k - 1 - r.index(k.min(60))])
            .and_then(|e| e.person.map(|p| (p, e.deal)));
        recs.push(make_rec(world, owner, new_pool, again, &mut r));
    }
    let r = &mut fr;
    match style {
        Style::Suivi => {
            let mut sh = SheetOut::new(
                "Suivi 2026",
                vec![
                    ("Société", Role::Company),
                    ("Prénom", Role::FirstName),
                    ("Nom", Role::LastName),
                    ("Tél.", Role::Phone),
                    ("Portable", Role::Mobile),
                    ("E-mail", Role::Email),
                    ("Montant", Role::Amount),
                    ("Étape", Role::Stage),
                    ("Prochaine action", Role::NextAction),
                    ("Date de relance", Role::NextActionDate),
                    ("Commercial", Role::Owner),
                ],
            );
            sh.top = vec![
                vec![Val::s(format!("Suivi commercial – {} – novembre 2026", o.full_name()))],
                vec![],
            ];
            let mut total = 0.0;
            for rec in &recs {
                let amount = match rec.amount {
                    None => Val::Empty,
                    Some(a) if r.chance(500) => {
                        total += a as f64;
                        Val::Euro(a as f64)
                    }
                    Some(a) => Val::Str(format!(
                        "{} €",
                        group_thousands(a, if r.chance(500) { " " } else { "\u{a0}" })
                    )),
                };
                let cells = vec![
                    Val::s(rec.company_name.clone()),
                    Val::s(rec.first.clone()),
                    Val::s(rec.last.clone()),
                    phone_cell(r, &rec.phone, 600),
                    phone_cell(r, &rec.mobile, 600),
                    Val::s(rec.email.clone()),
                    amount,
                    stage_fr(r, rec.stage),
                    Val::s(rec.next_action.clone()),
                    date_mixed(r, rec.next_date),
                    Val::s(owner_label(world, owner, r)),
                ];
                push_row(&mut sh, rec, cells, false);
            }
            let first = sh.header_row() as u32 + 1;
            let last = first + rows.max(1) as u32 - 1;
            let mut total_row =
                vec![Val::s("Total"), Val::Empty, Val::Empty, Val::Empty, Val::Empty, Val::Empty];
            total_row.push(Val::Sum { col: 6, first, last, result: total });
            sh.bottom = vec![total_row];
            SideFile {
                path: format!("side/{who}_suivi{suffix}.xlsx"),
                format: Format_::Xlsx,
                sheets: vec![sh],
            }
        }
        Style::Export1252 => {
            let mut sh = SheetOut::new(
                "",
                vec![
                    ("Nom", Role::LastName),
                    ("Prénom", Role::FirstName),
                    ("Société", Role::Company),
                    ("Téléphone", Role::Phone),
                    ("E-mail", Role::Email),
                    ("Ville", Role::City),
                    ("Code postal", Role::PostalCode),
                    ("Montant HT", Role::Amount),
                    ("Étape", Role::Stage),
                    ("Date de clôture", Role::CloseDate),
                    ("Commentaire", Role::Notes),
                ],
            );
            for rec in &recs {
                let phone = if rec.mobile.is_empty() { &rec.phone } else { &rec.mobile };
                let amount = rec.amount.map_or(String::new(), |a| match r.below(3) {
                    0 => format!("{a},00"),
                    1 => format!("{},00", group_thousands(a, " ")),
                    _ => format!("{a}"),
                });
                let cells = vec![
                    Val::s(rec.last.clone()),
                    Val::s(rec.first.clone()),
                    Val::s(rec.company_name.clone()),
                    Val::s(if phone.is_empty() { String::new() } else { phone_variant(r, phone) }),
                    Val::s(rec.email.clone()),
                    Val::s(rec.city.clone()),
                    Val::s(rec.postal.clone()),
                    Val::s(amount),
                    stage_fr(r, rec.stage),
                    Val::s(rec.close.map(date_fr).unwrap_or_default()),
                    Val::s(rec.notes.clone()),
                ];
                push_row(&mut sh, rec, cells, false);
            }
            SideFile {
                path: format!("side/{who}_export{suffix}.csv"),
                format: Format_::Csv1252Semicolon,
                sheets: vec![sh],
            }
        }
        Style::Leads => {
            let mut sh = SheetOut::new(
                "",
                vec![
                    ("Full Name", Role::FullName),
                    ("Email", Role::Email),
                    ("Company", Role::Company),
                    ("Phone", Role::Phone),
                    ("Deal value", Role::Amount),
                    ("Stage", Role::Stage),
                    ("Next step", Role::NextAction),
                    ("Owner", Role::Owner),
                ],
            );
            for rec in &recs {
                let phone = if rec.mobile.is_empty() { &rec.phone } else { &rec.mobile };
                let amount = rec.amount.map_or(String::new(), |a| match r.below(3) {
                    0 => format!("€{}", group_thousands(a, ",")),
                    1 => format!("{}.00", a),
                    _ => group_thousands(a, ","),
                });
                let name = format!("{} {}", rec.first, rec.last).trim().to_string();
                let cells = vec![
                    Val::s(name),
                    Val::s(rec.email.clone()),
                    Val::s(rec.company_name.clone()),
                    Val::s(if phone.is_empty() { String::new() } else { phone_variant(r, phone) }),
                    Val::s(amount),
                    rec.stage.map_or(Val::Empty, |s| Val::s(*r.pick(vocab::STAGE_LABELS_EN[s]))),
                    Val::s(rec.next_action.clone()),
                    Val::s(world.owner(owner).email),
                ];
                push_row(&mut sh, rec, cells, false);
            }
            SideFile {
                path: format!("side/{who}_leads{suffix}.csv"),
                format: Format_::CsvUtf8Comma,
                sheets: vec![sh],
            }
        }
        Style::Pipeline => {
            let mut sh = SheetOut::new(
                "Prospects",
                vec![
                    ("Entreprise", Role::Company),
                    ("Prénom", Role::FirstName),
                    ("Nom", Role::LastName),
                    ("Fonction", Role::JobTitle),
                    ("Email", Role::Email),
                    ("Tél", Role::Phone),
                    ("Ville", Role::City),
                    ("CP", Role::PostalCode),
                    ("Opportunité", Role::DealName),
                    ("Montant", Role::Amount),
                    ("Proba", Role::Custom),
                    ("Étape", Role::Stage),
                    ("Date de clôture", Role::CloseDate),
                    ("Prochaine action", Role::NextAction),
                    ("Date prochaine action", Role::NextActionDate),
                    ("Commercial", Role::Owner),
                    ("Notes", Role::Notes),
                ],
            );
            // A quarter of the rows go to the Clients sheet (companies only).
            let n_clients = rows / 4;
            let clients: Vec<Rec> = recs.split_off(rows - n_clients);
            for rec in &recs {
                let phone = if rec.mobile.is_empty() { &rec.phone } else { &rec.mobile };
                // Postal codes typed into a number cell lose their zero.
                let postal = match rec.postal.parse::<u32>() {
                    Ok(n) if r.chance(300) => Val::Num(f64::from(n)),
                    _ => Val::s(rec.postal.clone()),
                };
                let proba = rec
                    .stage
                    .map_or(Val::Empty, |s| Val::Num([0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 0.0][s]));
                let cells = vec![
                    Val::s(rec.company_name.clone()),
                    Val::s(rec.first.clone()),
                    Val::s(rec.last.clone()),
                    Val::s(rec.job.clone()),
                    Val::s(rec.email.clone()),
                    phone_cell(r, phone, 200),
                    Val::s(rec.city.clone()),
                    postal,
                    Val::s(if rec.amount.is_some() {
                        rec.deal_name.clone()
                    } else {
                        String::new()
                    }),
                    rec.amount.map_or(Val::Empty, |a| Val::Euro(a as f64)),
                    proba,
                    stage_fr(r, rec.stage),
                    rec.close.map_or(Val::Empty, Val::Date),
                    Val::s(rec.next_action.clone()),
                    rec.next_date.map_or(Val::Empty, Val::Date),
                    Val::s(owner_label(world, owner, r)),
                    Val::s(rec.notes.clone()),
                ];
                push_row(&mut sh, rec, cells, false);
            }
            let mut cl = SheetOut::new(
                "Clients",
                vec![
                    ("Raison sociale", Role::Company),
                    ("SIREN", Role::Siren),
                    ("Ville", Role::City),
                    ("Code postal", Role::PostalCode),
                    ("Standard", Role::Phone),
                    ("Site web", Role::Website),
                ],
            );
            for mut rec in clients {
                if rec.invalid || rec.company.is_none() {
                    continue;
                }
                rec.deal = None;
                let c = world.company(rec.company.unwrap_or_default());
                let cells = vec![
                    Val::s(rec.company_name.clone()),
                    if rec.siren.is_empty() {
                        Val::Empty
                    } else if r.chance(300) {
                        Val::s(format!(
                            "{} {} {}",
                            &rec.siren[..3],
                            &rec.siren[3..6],
                            &rec.siren[6..]
                        ))
                    } else {
                        Val::s(rec.siren.clone())
                    },
                    Val::s(rec.city.clone()),
                    Val::s(rec.postal.clone()),
                    Val::s(phone_variant(r, &c.phone)),
                    Val::s(rec.website.clone()),
                ];
                push_row(&mut cl, &rec, cells, true);
            }
            let mut lists = SheetOut::new(
                "Listes",
                vec![("Étapes", Role::Stage), ("Commerciaux", Role::Owner)],
            );
            lists.hidden = true;
            lists.in_truth = false;
            for (i, labels) in vocab::STAGE_LABELS_FR.iter().enumerate() {
                let owner =
                    if i < world.owners { Val::s(world.owner(i).full_name()) } else { Val::Empty };
                lists.rows.push((vec![Val::s(labels[0]), owner], vec![]));
            }
            SideFile {
                path: format!("side/{who}_pipeline{suffix}.xlsx"),
                format: Format_::Xlsx,
                sheets: vec![sh, cl, lists],
            }
        }
        Style::Caps => {
            let mut sh = SheetOut::new(
                "Contacts",
                vec![
                    ("Contact", Role::FullName),
                    ("Société", Role::Company),
                    ("Fonction", Role::JobTitle),
                    ("Téléphone", Role::Phone),
                    ("Mail", Role::Email),
                    ("Ville", Role::City),
                    ("Dernier contact", Role::LastActivity),
                    ("Remarques", Role::Notes),
                ],
            );
            for rec in &mut recs {
                rec.deal = None;
                let phone = if rec.mobile.is_empty() { &rec.phone } else { &rec.mobile };
                let name = format!("{} {}", upper(&rec.last), rec.first).trim().to_string();
                let cells = vec![
                    Val::s(name),
                    Val::s(upper(&rec.company_name)),
                    Val::s(rec.job.clone()),
                    Val::s(if phone.is_empty() { String::new() } else { phone_variant(r, phone) }),
                    Val::s(rec.email.clone()),
                    Val::s(upper(&rec.city)),
                    date_mixed(r, rec.last_activity),
                    Val::s(rec.notes.clone()),
                ];
                push_row(&mut sh, rec, cells, false);
            }
            SideFile {
                path: format!("side/{who}_contacts{suffix}.xlsx"),
                format: Format_::Xlsx,
                sheets: vec![sh],
            }
        }
        Style::Relances => {
            let mut sh = SheetOut::new(
                "Relances",
                vec![
                    ("Client", Role::Company),
                    ("Interlocuteur", Role::FullName),
                    ("Tél", Role::Phone),
                    ("Courriel", Role::Email),
                    ("CA potentiel", Role::Amount),
                    ("Statut", Role::Stage),
                    ("Prochaine étape", Role::NextAction),
                    ("Échéance", Role::NextActionDate),
                    ("Suivi par", Role::Owner),
                ],
            );
            for rec in &recs {
                let phone = if rec.mobile.is_empty() { &rec.phone } else { &rec.mobile };
                let cells = vec![
                    Val::s(rec.company_name.clone()),
                    Val::s(format!("{} {}", rec.first, rec.last).trim().to_string()),
                    phone_cell(r, phone, 300),
                    Val::s(rec.email.clone()),
                    rec.amount.map_or(Val::Empty, |a| Val::Euro(a as f64)),
                    stage_fr(r, rec.stage),
                    Val::s(rec.next_action.clone()),
                    rec.next_date.map_or(Val::Empty, Val::Date),
                    Val::s(o.first),
                ];
                push_row(&mut sh, rec, cells, false);
            }
            let (ext, format) =
                if ods { ("ods", Format_::OdsViaXlsx) } else { ("xlsx", Format_::Xlsx) };
            SideFile {
                path: format!("side/{who}_relances{suffix}.{ext}"),
                format,
                sheets: vec![sh],
            }
        }
    }
}

/// The same file as CSV, one file per sheet that yields records (the hidden
/// lookup sheet is dropped; blank rows above the header too, since CSV
/// readers skip blank lines and the truth's row numbers must hold). Used
/// for very large data sets, where writing xlsx is the slow part.
pub fn as_csv(file: SideFile) -> Vec<SideFile> {
    if matches!(file.format, Format_::CsvUtf8Comma | Format_::Csv1252Semicolon) {
        return vec![file];
    }
    let stem = file.path.rsplit_once('.').map_or(file.path.as_str(), |(s, _)| s).to_string();
    let sheets: Vec<SheetOut> = file.sheets.into_iter().filter(|s| s.in_truth).collect();
    let several = sheets.len() > 1;
    sheets
        .into_iter()
        .map(|mut sh| {
            let path = if several {
                format!("{stem}_{}.csv", super::text::slug(&sh.name, "_"))
            } else {
                format!("{stem}.csv")
            };
            sh.name.clear();
            sh.top.retain(|row| row.iter().any(|v| !v.is_empty()));
            SideFile { path, format: Format_::CsvUtf8Comma, sheets: vec![sh] }
        })
        .collect()
}

/// Writes a side file under `root` (xlsx-for-ods goes to `ods_dir`), and
/// its truth rows.
pub fn write_file(
    file: &SideFile,
    root: &Path,
    ods_dir: &Path,
    truth: &mut Truth,
) -> io::Result<()> {
    match file.format {
        Format_::Xlsx => write_xlsx(file, &root.join(&file.path))?,
        Format_::OdsViaXlsx => {
            std::fs::create_dir_all(ods_dir)?;
            let name = Path::new(&file.path).with_extension("xlsx");
            let name = name.file_name().unwrap_or_default();
            write_xlsx(file, &ods_dir.join(name))?;
        }
        Format_::CsvUtf8Comma | Format_::Csv1252Semicolon => {
            let (delim, eol) =
                if file.format == Format_::CsvUtf8Comma { (',', "\n") } else { (';', "\r\n") };
            let sh = &file.sheets[0];
            let mut text = String::new();
            for top in &sh.top {
                let fields: Vec<String> = top.iter().map(Val::csv_text).collect();
                csv_record(&mut text, &fields, delim, eol);
            }
            let header: Vec<&str> = sh.columns.iter().map(|(h, _)| *h).collect();
            csv_record(&mut text, &header, delim, eol);
            for cells in sh.rows.iter().map(|(c, _)| c).chain(&sh.bottom) {
                let fields: Vec<String> = cells.iter().map(Val::csv_text).collect();
                csv_record(&mut text, &fields, delim, eol);
            }
            let bytes = if file.format == Format_::Csv1252Semicolon {
                let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
                bytes.into_owned()
            } else {
                text.into_bytes()
            };
            std::fs::write(root.join(&file.path), bytes)?;
        }
    }
    for sh in file.sheets.iter().filter(|s| s.in_truth) {
        let hr = sh.header_row();
        for (i, (_, ents)) in sh.rows.iter().enumerate() {
            for (entity, id) in ents {
                truth.row(&TruthRow {
                    entity: entity.as_str(),
                    origin: "side",
                    source: &file.path,
                    sheet: &sh.name,
                    row: hr + 1 + i,
                    entity_id: id,
                })?;
            }
        }
    }
    Ok(())
}

fn xerr(e: rust_xlsxwriter::XlsxError) -> io::Error {
    io::Error::other(e)
}

/// A fixed creation date: xlsx metadata must not carry the clock.
fn fixed_properties() -> DocProperties {
    let when = ExcelDateTime::from_ymd(2026, 11, 26)
        .unwrap_or_else(|_| ExcelDateTime::from_serial_datetime(46352.0).unwrap_or_default());
    DocProperties::new().set_author("crmrecon-gen").set_creation_datetime(&when)
}

fn write_xlsx(file: &SideFile, path: &Path) -> io::Result<()> {
    let mut wb = Workbook::new();
    wb.set_properties(&fixed_properties());
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let euro = Format::new().set_num_format("#,##0 \"€\"");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for sh in &file.sheets {
        let total_rows = sh.top.len() + 1 + sh.rows.len() + sh.bottom.len();
        let ws = if total_rows > 5_000 {
            wb.add_worksheet_with_constant_memory().map_err(xerr)?
        } else {
            wb.add_worksheet()
        };
        ws.set_name(&sh.name).map_err(xerr)?;
        if sh.hidden {
            ws.set_hidden(true);
        }
        let mut row: u32 = 0;
        let put = |ws: &mut rust_xlsxwriter::Worksheet,
                   row: u32,
                   col: u16,
                   v: &Val,
                   is_title: bool|
         -> io::Result<()> {
            match v {
                Val::Empty => {}
                Val::Str(s) if is_title => {
                    ws.write_string_with_format(row, col, s, &title).map_err(xerr)?;
                }
                Val::Str(s) => {
                    ws.write_string(row, col, s).map_err(xerr)?;
                }
                Val::Num(n) => {
                    ws.write_number(row, col, *n).map_err(xerr)?;
                }
                Val::Euro(n) => {
                    ws.write_number_with_format(row, col, *n, &euro).map_err(xerr)?;
                }
                Val::Date(d) => {
                    ws.write_datetime_with_format(row, col, d, &date).map_err(xerr)?;
                }
                Val::Sum { col: c, first, last, result } => {
                    let letter = column_letter(usize::from(*c));
                    let f = Formula::new(format!("=SUM({letter}{first}:{letter}{last})"))
                        .set_result(result.to_string());
                    ws.write_formula_with_format(row, col, f, &euro).map_err(xerr)?;
                }
            }
            Ok(())
        };
        for top in &sh.top {
            for (c, v) in top.iter().enumerate() {
                put(ws, row, c as u16, v, true)?;
            }
            row += 1;
        }
        for (c, (h, _)) in sh.columns.iter().enumerate() {
            ws.write_string_with_format(row, c as u16, *h, &bold).map_err(xerr)?;
        }
        row += 1;
        for (cells, _) in &sh.rows {
            for (c, v) in cells.iter().enumerate() {
                put(ws, row, c as u16, v, false)?;
            }
            row += 1;
        }
        for b in &sh.bottom {
            for (c, v) in b.iter().enumerate() {
                put(ws, row, c as u16, v, false)?;
            }
            row += 1;
        }
        if total_rows <= 5_000 {
            for c in 0..sh.columns.len() {
                ws.set_column_width(c as u16, 16).map_err(xerr)?;
            }
        }
    }
    wb.save(path).map_err(xerr)
}

/// `0` → `A`, `26` → `AA`.
pub fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn compound_first_names_and_deal_names_as_retyped() {
        let mut r = Rng::new(1);
        let seen: BTreeSet<String> =
            (0..200).map(|_| compound_variant(&mut r, "Jean-Pierre")).collect();
        let want: BTreeSet<String> =
            ["Jean Pierre", "JP", "J-P", "Jean"].iter().map(|s| s.to_string()).collect();
        assert_eq!(seen, want);
        let names: BTreeSet<String> = (0..300)
            .map(|_| deal_name_variant(&mut r, "Dupont SAS – Renouvellement parc"))
            .collect();
        assert!(names.contains("Renouvellement parc"));
        assert!(names.contains("Dupont SAS - renouvellement parc 2026"));
        assert!(names.contains("RENOUVELLEMENT PARC / Dupont SAS"));
        assert!(names.len() > 6, "{names:?}");
    }
}
