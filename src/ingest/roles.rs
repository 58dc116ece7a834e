//! Column roles from header synonyms, confirmed or corrected by values.
//!
//! Three passes over the columns:
//!
//! 1. the config (`settings.columns`) forces roles, at confidence 1.0;
//! 2. a clear header (`Email`, `Code postal`) gives its role, which the
//!    values confirm (confidence up), weaken (confidence down) or, for a
//!    few well-defined cases, correct: a column full of email addresses is
//!    an email column, an `E-mail` column full of phone numbers a phone
//!    column, `SIREN/SIRET` takes the role its digit count says;
//! 3. ambiguous single words (`Nom`, `Name`, `Contact`, `Client`, `Date`,
//!    `Statut`, `Titre`) are settled with the roles found in pass 2 and the
//!    values, and unknown headers get a role only when their values leave
//!    no doubt (emails, phones, web addresses). Everything else stays
//!    `Role::Custom`: kept, never dropped.
//!
//! Values are sampled (at most [`SAMPLE_ROWS`] rows spread over the sheet),
//! so the cost does not grow with the sheet.

pub mod shape;

use chrono::NaiveDate;

use self::shape::Shape;
use super::synonyms::{self, Ambiguous, Guess};
use super::{Cell, SheetOverride, Table};
use crate::model::Role;

/// Rows read to profile the values of each column, spread over the sheet.
const SAMPLE_ROWS: usize = 400;
/// Non-blank cells profiled per column at most.
const SAMPLE_CELLS: u32 = 200;
/// Share of the sampled values a shape needs to decide a role.
const MOST: f32 = 0.6;

/// Give every column of `table` a role and a confidence.
pub fn assign(table: &mut Table, settings: &SheetOverride) {
    let today = chrono::Local::now().date_naive();
    let profiles = profile_columns(table, today);
    let n = table.columns.len();
    let mut decided: Vec<Option<Decision>> = vec![None; n];
    let mut pending: Vec<(usize, Ambiguous)> = Vec::new();

    for (i, col) in table.columns.iter().enumerate() {
        let folded = synonyms::fold(&col.header);
        if let Some(role) = forced_role(&folded, settings) {
            decided[i] = Some(Decision::new(role, 1.0));
            continue;
        }
        let generated = col.header == format!("column_{}", col.letter);
        let guess = if generated { None } else { synonyms::lookup(&col.header) };
        match guess {
            Some(g) => match g.ambiguous {
                Some(word) => pending.push((i, word)),
                None => decided[i] = Some(by_header(g, &profiles[i], &folded)),
            },
            None => decided[i] = Some(by_values_only(&profiles[i])),
        }
    }

    // Ambiguous words, in column order, each seeing what was decided so far.
    for (i, word) in pending {
        let present: Vec<Role> = decided.iter().flatten().map(|d| d.role).collect();
        decided[i] = Some(resolve(word, &profiles[i], &present));
    }

    let mut decided: Vec<Decision> =
        decided.into_iter().map(|d| d.unwrap_or(Decision::new(Role::Custom, 0.0))).collect();
    due_date_of_the_next_action(table, settings, &mut decided);
    for (col, d) in table.columns.iter_mut().zip(decided) {
        col.role = d.role;
        col.confidence = d.confidence.clamp(0.0, 1.0);
    }
}

/// Headers that name a due date without saying of what (`Échéance`,
/// `Deadline`): a deal's close date, unless the column sits right after a
/// next-action column, where it is that action's due date (`Prochaine
/// étape | Échéance` in a follow-up list).
const DUE_DATE_WORDS: [&str; 6] =
    ["echeance", "deadline", "due date", "date limite", "date butoir", "date d echeance"];

fn due_date_of_the_next_action(table: &Table, settings: &SheetOverride, decided: &mut [Decision]) {
    if decided.iter().any(|d| d.role == Role::NextActionDate) {
        return;
    }
    for i in 1..decided.len() {
        let folded = synonyms::fold(&table.columns[i].header);
        if decided[i].role == Role::CloseDate
            && decided[i - 1].role == Role::NextAction
            && DUE_DATE_WORDS.contains(&folded.as_str())
            && forced_role(&folded, settings).is_none()
        {
            decided[i] = Decision::new(Role::NextActionDate, 0.8);
            return;
        }
    }
}

/// A role with how sure detection is of it.
///
/// Values never turn a phone column into a mobile one: `mobile` comes from
/// the header's words (`Portable`, `GSM`), while whether one number is a
/// mobile is the phone normalizer's call, per value, from the numbering
/// plan. A `Tél.` column mixing 06 and 04 numbers stays one phone column.
#[derive(Clone, Copy, Debug)]
struct Decision {
    role: Role,
    confidence: f32,
}

impl Decision {
    fn new(role: Role, confidence: f32) -> Decision {
        Decision { role, confidence }
    }
}

/// The role the config gives a header, matched as written or folded.
fn forced_role(folded: &str, settings: &SheetOverride) -> Option<Role> {
    settings.columns.iter().find(|(k, _)| synonyms::fold(k) == folded).map(|(_, r)| *r)
}

/// What the sampled values of a column look like.
#[derive(Clone, Debug, Default)]
struct Profile {
    n: u32,
    email: u32,
    phone: u32,
    url: u32,
    date: u32,
    future_date: u32,
    number: u32,
    multi_word: u32,
    company_like: u32,
    digits9: u32,
    digits14: u32,
    stage_word: u32,
}

impl Profile {
    fn share(&self, k: u32) -> f32 {
        if self.n == 0 { 0.0 } else { k as f32 / self.n as f32 }
    }

    fn mostly(&self, k: u32) -> bool {
        self.n > 0 && self.share(k) >= MOST
    }

    fn add(&mut self, cell: &Cell, today: NaiveDate) {
        let Some(shape) = shape::of_cell(cell) else { return };
        self.n += 1;
        match shape {
            Shape::Email => self.email += 1,
            Shape::Phone { .. } => self.phone += 1,
            Shape::Url => self.url += 1,
            Shape::Date => {
                self.date += 1;
                let date = match cell {
                    Cell::Date(d) => Some(d.date()),
                    Cell::Text(t) => shape::parse_date(t),
                    _ => None,
                };
                self.future_date += u32::from(date.is_some_and(|d| d > today));
            }
            Shape::Number => self.number += 1,
            Shape::Bool => {}
            Shape::Text => {
                let text = cell.to_text();
                if shape::is_multi_word_name(&text) {
                    self.multi_word += 1;
                }
                let folded = synonyms::fold(&text);
                if looks_like_company(&folded) {
                    self.company_like += 1;
                }
                if is_stage_word(&folded) {
                    self.stage_word += 1;
                }
            }
        }
        // Identifiers (SIREN 9 digits, SIRET 14), with or without spaces.
        let digits = match cell {
            Cell::Number(x) if x.fract() == 0.0 && *x > 0.0 && *x < 1e15 => {
                Some((*x as u64).ilog10() + 1)
            }
            Cell::Text(t) if t.chars().all(|c| c.is_ascii_digit() || c.is_whitespace()) => {
                Some(t.chars().filter(char::is_ascii_digit).count() as u32)
            }
            _ => None,
        };
        match digits {
            Some(9) => self.digits9 += 1,
            Some(14) => self.digits14 += 1,
            _ => {}
        }
    }
}

/// Legal-form and business words (`Dupont SAS`, `Acme Consulting`).
fn looks_like_company(folded: &str) -> bool {
    const WORDS: [&str; 28] = [
        "sa",
        "sas",
        "sasu",
        "sarl",
        "eurl",
        "sci",
        "snc",
        "scop",
        "inc",
        "ltd",
        "llc",
        "gmbh",
        "groupe",
        "group",
        "holding",
        "corp",
        "bv",
        "spa",
        "srl",
        "ag",
        "plc",
        "industries",
        "consulting",
        "conseil",
        "solutions",
        "services",
        "technologies",
        "associes",
    ];
    folded.split(' ').any(|w| WORDS.contains(&w))
}

/// Pipeline stages as sales teams write them.
fn is_stage_word(folded: &str) -> bool {
    const STAGES: [&str; 30] = [
        "gagne",
        "perdu",
        "won",
        "lost",
        "closed won",
        "closed lost",
        "qualification",
        "proposition",
        "proposition envoyee",
        "negociation",
        "negotiation",
        "devis",
        "devis envoye",
        "en cours",
        "signe",
        "signed",
        "abandonne",
        "proposal",
        "discovery",
        "demo",
        "open",
        "ouvert",
        "ferme",
        "closed",
        "appointment scheduled",
        "contract sent",
        "qualified to buy",
        "presentation scheduled",
        "decision maker bought in",
        "a relancer",
    ];
    STAGES.contains(&folded)
}

/// Profile every column on up to [`SAMPLE_ROWS`] rows spread evenly.
fn profile_columns(table: &Table, today: NaiveDate) -> Vec<Profile> {
    let mut profiles = vec![Profile::default(); table.columns.len()];
    let step = (table.rows.len() / SAMPLE_ROWS).max(1);
    for row in table.rows.iter().step_by(step) {
        for (p, col) in profiles.iter_mut().zip(&table.columns) {
            if p.n < SAMPLE_CELLS {
                p.add(table.cell(row, col), today);
            }
        }
    }
    profiles
}

/// A clear header, confirmed or corrected by its values.
fn by_header(g: Guess, p: &Profile, folded: &str) -> Decision {
    let mut d = Decision::new(g.role, g.confidence);
    if p.n == 0 || g.is_known_other() {
        return d;
    }
    // A column of email addresses is an email column whatever its header
    // (owners are often given as the user's email: they stay owners).
    if p.mostly(p.email) && !matches!(g.role, Role::Owner | Role::Notes | Role::Email) {
        return Decision::new(Role::Email, 0.8);
    }
    match g.role {
        Role::Email => {
            if p.mostly(p.email) {
                d.confidence = d.confidence.max(0.98);
            } else if p.mostly(p.phone) {
                return Decision::new(Role::Phone, 0.8);
            } else if p.share(p.email) < 0.2 {
                d.confidence *= 0.6;
            }
        }
        Role::Phone | Role::Mobile => {
            if p.mostly(p.phone) {
                d.confidence = d.confidence.max(0.97);
            } else if p.share(p.phone) < 0.2 {
                d.confidence *= 0.6;
            }
        }
        Role::Siren | Role::Siret => {
            if p.mostly(p.digits14) {
                d = Decision::new(Role::Siret, 0.95);
            } else if p.mostly(p.digits9) {
                d = Decision::new(Role::Siren, 0.95);
            }
        }
        Role::Website => {
            if p.mostly(p.url) {
                d.confidence = d.confidence.max(0.97);
            } else if p.share(p.url) < 0.2 {
                d.confidence *= 0.7;
            }
        }
        Role::NextAction if p.mostly(p.date) => d = Decision::new(Role::NextActionDate, 0.8),
        r if r.is_date() => {
            if p.mostly(p.date) {
                d.confidence = d.confidence.max(0.97);
            } else if p.share(p.date) < 0.2 {
                d.confidence *= 0.6;
            }
        }
        Role::Amount if p.mostly(p.number) => d.confidence = d.confidence.max(0.95),
        Role::RecordId | Role::PostalCode => {}
        // A text role whose values are phone numbers (`Contact` handled as
        // ambiguous; here e.g. `Interlocuteur` filled with numbers).
        Role::FullName | Role::Company if p.mostly(p.phone) => {
            return Decision::new(Role::Phone, 0.7);
        }
        _ => {}
    }
    // `SIREN / SIRET` style headers carry both words: digits decide.
    if folded.contains("siren") && folded.contains("siret") && p.mostly(p.digits14) {
        d = Decision::new(Role::Siret, 0.95);
    }
    d
}

/// No header help: only shapes that leave no doubt give a role.
fn by_values_only(p: &Profile) -> Decision {
    if p.mostly(p.email) {
        Decision::new(Role::Email, 0.8 * p.share(p.email))
    } else if p.mostly(p.phone) {
        Decision::new(Role::Phone, 0.7 * p.share(p.phone))
    } else if p.mostly(p.url) {
        Decision::new(Role::Website, 0.7 * p.share(p.url))
    } else {
        Decision::new(Role::Custom, 0.2)
    }
}

const PERSON_NAMES: [Role; 3] = [Role::FirstName, Role::LastName, Role::FullName];
const PERSON: [Role; 6] =
    [Role::FirstName, Role::LastName, Role::FullName, Role::Email, Role::Mobile, Role::JobTitle];
const COMPANY_IDS: [Role; 4] = [Role::Website, Role::Siren, Role::Siret, Role::VatNumber];
const DEAL: [Role; 4] = [Role::Amount, Role::Stage, Role::DealName, Role::CloseDate];

/// Settle an ambiguous header with the other columns and the values.
fn resolve(word: Ambiguous, p: &Profile, present: &[Role]) -> Decision {
    let has = |r: Role| present.contains(&r);
    let any = |rs: &[Role]| rs.iter().any(|r| present.contains(r));
    // Values that leave no doubt come first: `Contact` full of emails.
    if !matches!(word, Ambiguous::Date | Ambiguous::Status) {
        if p.mostly(p.email) {
            return Decision::new(Role::Email, 0.85);
        }
        if p.mostly(p.phone) {
            return Decision::new(Role::Phone, 0.8);
        }
        if p.mostly(p.url) {
            return Decision::new(Role::Website, 0.8);
        }
    }
    let companies = p.n > 0 && p.share(p.company_like) >= 0.3;
    let company_list = any(&COMPANY_IDS) && !has(Role::Company) && !any(&PERSON);
    match word {
        Ambiguous::Nom => {
            if has(Role::FirstName) {
                Decision::new(Role::LastName, 0.9)
            } else if (company_list || companies) && !has(Role::Company) {
                Decision::new(Role::Company, 0.7)
            } else if p.n > 0 && p.share(p.multi_word) >= 0.5 {
                Decision::new(Role::FullName, 0.8)
            } else {
                Decision::new(Role::LastName, 0.6)
            }
        }
        Ambiguous::Name => {
            if any(&DEAL) && !has(Role::DealName) && !any(&PERSON_NAMES) {
                Decision::new(Role::DealName, 0.75)
            } else if (company_list || companies) && !has(Role::Company) {
                Decision::new(Role::Company, 0.7)
            } else {
                Decision::new(
                    Role::FullName,
                    if p.share(p.multi_word) >= 0.5 { 0.75 } else { 0.55 },
                )
            }
        }
        Ambiguous::Contact => {
            if !any(&PERSON_NAMES) || p.share(p.multi_word) >= 0.5 {
                Decision::new(Role::FullName, 0.7)
            } else {
                Decision::new(Role::Custom, 0.3)
            }
        }
        Ambiguous::Client => {
            if p.mostly(p.number) {
                // Dolibarr's `client` flag (0-3), a customer number.
                Decision::new(Role::Custom, 0.4)
            } else if !has(Role::Company) {
                Decision::new(Role::Company, 0.7)
            } else if !any(&PERSON_NAMES) && p.share(p.multi_word) >= 0.5 {
                Decision::new(Role::FullName, 0.5)
            } else {
                Decision::new(Role::Custom, 0.3)
            }
        }
        Ambiguous::Date => {
            if !p.mostly(p.date) {
                return Decision::new(Role::Custom, 0.3);
            }
            let future = p.future_date as f32 / p.date.max(1) as f32 >= MOST;
            if future && any(&DEAL) && !has(Role::CloseDate) {
                Decision::new(Role::CloseDate, 0.6)
            } else if future && !has(Role::NextActionDate) {
                Decision::new(Role::NextActionDate, 0.55)
            } else if !future && !has(Role::LastActivity) {
                Decision::new(Role::LastActivity, 0.55)
            } else {
                Decision::new(Role::Custom, 0.3)
            }
        }
        Ambiguous::Status => {
            if has(Role::Stage) {
                Decision::new(Role::Custom, 0.4)
            } else if p.n > 0 && p.share(p.stage_word) >= 0.4 {
                Decision::new(Role::Stage, 0.8)
            } else if any(&[Role::Amount, Role::DealName, Role::CloseDate]) {
                Decision::new(Role::Stage, 0.7)
            } else {
                // A contact's status (`Client`, `Prospect`) is not a deal stage.
                Decision::new(Role::Custom, 0.4)
            }
        }
        Ambiguous::Title => {
            if any(&DEAL) && !has(Role::DealName) && !any(&PERSON) {
                Decision::new(Role::DealName, 0.6)
            } else {
                Decision::new(Role::JobTitle, 0.7)
            }
        }
    }
}

#[cfg(test)]
mod tests;
