//! A reproducible generator of a realistic French/English SME data set with
//! ground truth: a HubSpot-like CRM export, the side files salespeople keep
//! beside it (xlsx with title rows and total lines, Windows-1252 CSV with
//! `;`, English CSV, `DUPONT Jean` style, multi-sheet workbooks with a
//! hidden sheet), and `truth.csv` / `truth_columns.csv` saying which
//! real-world entity every row is and what every side column means.
//!
//! Used three ways: the committed demo (`fixtures/demo/`), tests (call
//! [`generate`] into a temp dir), and benchmarks (large sizes, streamed).
//! Output is byte-identical for the same [`Spec`]: every record is drawn
//! from its own SplitMix64 stream ([`rng`]), no clock and no `rand` crate.
//!
//! # Layout of a data set
//!
//! ```text
//! crm/contacts.csv crm/companies.csv crm/deals.csv   HubSpot export headers
//! side/*.xlsx side/*.csv [side/*.ods]                 salespeople's files
//! truth.csv            entity,origin,source,sheet,row,entity_id
//! truth_columns.csv    source,sheet,column_letter,header,role
//! ```
//!
//! `entity_id` is `contact-N`, `company-N`, `deal-N` or `deal-new-N` (a
//! deal that exists only in side files); it is empty for an invalid side
//! row (no name, no e-mail, no phone), which a reconciler must mark invalid.
//! CRM duplicates share the id of the row they duplicate. Total lines and
//! hidden lookup sheets yield no truth row.
//!
//! # The corruption profile (what the matching engine is measured on)
//!
//! Issue #4 measures precision and recall against this truth, so the data
//! is meant to be at least as hard as a real French SME's. Rates are per
//! side row unless said otherwise.
//!
//! - **Homonyms, at realistic rates** ([`names`]). Surnames: 19% of
//!   French-context people get one of the 240 frequent surnames of
//!   [`vocab`] with a Zipf-like weight `1/√(rank + 2)`, the rest a long
//!   tail built from real morphemes (`Bouch`+`ill`+`on`, `Le `/`Du `/`De `
//!   particles, `Martin-Durand`, Breton `Ker…`, Alsatian `…mann`, and
//!   Portuguese, Spanish, Italian, Maghrebi, West African, Polish and
//!   Vietnamese names); English-speaking people likewise (25% head).
//!   First names are more concentrated: ~400 French ones spanning four
//!   decades (Monique to Enzo), weight `1/√(rank + 4)`, the top ≈1.2%.
//!   Measured on 100,000 people (`cargo test --lib full_names`): Martin
//!   0.39% (0.4% in France), the top 100 surnames ≈12%, ~31,500 distinct
//!   surnames, and 7.4% of people share their full name with someone else
//!   (a few percent in real data; it was 90% with short lists alone). So
//!   a rare name is good evidence and a common one weak, as in real life;
//!   the deliberate homonyms below (families, Jean Martin père et fils)
//!   remain.
//! - **Families** (1.5% of people): a relative at the same company with the
//!   same surname, usually the same landline, for 30% the same address
//!   (`martin.plomberie@orange.fr`), for 10% even the same first name
//!   (Jean Martin père et fils). Distinct entities.
//! - **Shared numbers and addresses.** Half of the people give their
//!   company's switchboard as phone; 6% of people at a company domain use
//!   its one generic mailbox (`contact@`, `info@`…), shared by colleagues;
//!   18% of French people use a free-mail address (gmail, orange.fr…).
//!   Every other address is unique to its person (two Jean Martin at one
//!   company get `jean.martin@` and `jean.martin2@`), as in real life.
//! - **Changed values.** 4% of CRM people moved: the CRM has the new job,
//!   45% of their side rows and 60% of their CRM duplicates the old one
//!   (old company, old address at its domain unless it was a personal
//!   address, old switchboard, 30% an old mobile). 10% of side rows carry
//!   a new mobile; 4% a private address instead of the work one.
//! - **Missing values.** 5% of people have no e-mail, about 7% no phone;
//!   side rows drop the e-mail (12%), phone (30%), mobile (20%), company
//!   (5%) or first name (4%).
//! - **Spelling.** Typos in last (12%) and first names (10%), accents
//!   dropped (12%), ALL CAPS surnames (8%, always in the `DUPONT Jean`
//!   file), first and last name swapped (5%), `Jean-Pierre` written
//!   `Jean Pierre`, `JP`, `J-P` or `Jean` (40% of compound names), an
//!   initial only (3%); e-mails capitalised, wrapped in a display name or
//!   with a domain typo (40%); phones in every French format, or as
//!   numbers that lost their leading zero.
//! - **Companies.** Legal form dropped, dotted (`S.A.S.`), lower-cased or
//!   kept; `&` / `et`; abbreviations (`Ets`, `SGT`, `BE`); typos, capitals,
//!   no accents (45% of side rows). Distinct companies with look-alike
//!   names (`Dupont Conseil`, `Dupont Consulting`; two `Boulangerie
//!   Martin` in two cities, whose domains then differ by city).
//! - **Branches** (2.5% of CRM companies): another establishment of an
//!   earlier company, in another city, with its own switchboard and SIRET
//!   but the group's SIREN, legal form, web site and name (40% with the
//!   city appended). **The truth counts each establishment (SIRET) as its
//!   own company**, as a sales team keeps one account per site: the same
//!   SIREN or domain is not enough to merge two companies.
//! - **Deals.** The same deal in several side files and the CRM: renamed
//!   (30%: `Renouvellement parc Dupont SAS`, topic only, a typo…), amount
//!   updated (15%, ±30%), close date moved (20%, a week to three months),
//!   stage moved on (12%).
//! - **Duplicates.** 2% of CRM contact rows and 1% of company rows are an
//!   earlier record typed in again (truth: the earlier row's id); 3% of
//!   side rows repeat someone already in the same file; side-only people
//!   are drawn from a pool smaller than the rows, so they recur across
//!   files.
//!
//! # Size
//!
//! `Spec::side_rows` sets the side rows apart from the CRM size (the
//! matching benchmark links a million side rows with a million CRM
//! contacts), and `Spec::side_csv` writes each side sheet as a CSV of its
//! own (xlsx at that size is the slow part). [`score`] reads `truth.csv`
//! and a `matches.csv` and prints pairwise precision, recall and F1.
//!
//! # The `.ods` side file
//!
//! Nothing in Rust writes `.ods`, so with [`Spec::ods`] set one side file is
//! named `side/<owner>_relances.ods` in the truth from the start, and
//! written as xlsx into `<out>/to-ods/` (outside `side/`). The demo command
//! then converts it with LibreOffice when `soffice` is on the PATH:
//!
//! ```text
//! apt-get update && apt-get install -y libreoffice-calc-nogui
//! soffice --headless --convert-to ods --outdir <out>/side <out>/to-ods/*.xlsx
//! rm -r <out>/to-ods
//! ```
//!
//! The converted file keeps sheet names and row numbers, so the truth stays
//! right. The committed `fixtures/demo/` was produced this way. LibreOffice
//! output is not byte-reproducible (it stores a timestamp), which is why
//! tests and benchmarks use `ods: false` (the same workbook as `.xlsx`).

pub mod crm;
pub mod names;
pub mod rng;
pub mod score;
pub mod side;
pub mod table;
pub mod text;
pub mod vocab;
pub mod world;

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use text::csv_record;
use world::World;

/// What to generate. Same `Spec` → same bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spec {
    pub seed: u64,
    pub contacts: usize,
    pub companies: usize,
    pub deals: usize,
    /// Record rows over all side files (the Clients sheets take a quarter
    /// of a pipeline file's rows).
    pub side_rows: usize,
    pub side_files: usize,
    /// Name the `Relances` workbook `.ods` and write it to `to-ods/` for
    /// conversion (see the module docs); otherwise write it as `.xlsx`.
    pub ods: bool,
    /// Write every side sheet as a UTF-8 CSV file of its own (see
    /// [`side::as_csv`]): a million rows of xlsx take minutes to write
    /// and to read, CSV seconds.
    pub side_csv: bool,
    /// Every side file a contact list (no deal columns): the benchmark of
    /// linking side contacts with CRM contacts.
    pub contact_lists: bool,
}

impl Spec {
    /// The committed demo: small enough to read and to commit.
    pub fn demo(seed: u64) -> Spec {
        Spec {
            seed,
            contacts: 300,
            companies: 120,
            deals: 150,
            side_rows: 150,
            side_files: 6,
            ods: true,
            side_csv: false,
            contact_lists: false,
        }
    }

    pub fn small(seed: u64) -> Spec {
        Spec {
            seed,
            contacts: 10_000,
            companies: 3_000,
            deals: 5_000,
            side_rows: 2_000,
            side_files: 12,
            ods: false,
            side_csv: false,
            contact_lists: false,
        }
    }

    pub fn medium(seed: u64) -> Spec {
        Spec {
            seed,
            contacts: 100_000,
            companies: 30_000,
            deals: 50_000,
            side_rows: 20_000,
            side_files: 24,
            ods: false,
            side_csv: false,
            contact_lists: false,
        }
    }

    /// The benchmark size.
    pub fn large(seed: u64) -> Spec {
        Spec::with_contacts(seed, 1_000_000)
    }

    /// Sizes proportional to the large preset for any number of contacts.
    pub fn with_contacts(seed: u64, contacts: usize) -> Spec {
        Spec {
            seed,
            contacts,
            companies: (contacts * 3 / 10).max(1),
            deals: (contacts / 2).max(1),
            side_rows: (contacts / 5).max(6),
            side_files: (contacts / 20_000).clamp(6, 50),
            ods: false,
            side_csv: false,
            contact_lists: false,
        }
    }
}

/// What [`generate`] wrote.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Paths relative to the output dir, in writing order.
    pub files: Vec<String>,
    pub truth_rows: usize,
    pub side_rows: usize,
    /// Workbooks waiting for LibreOffice: (xlsx written, ods expected),
    /// both relative to the output dir.
    pub pending_ods: Vec<(String, String)>,
}

/// One line of `truth.csv`.
#[derive(Clone, Debug)]
pub struct TruthRow<'a> {
    pub entity: &'a str,
    pub origin: &'a str,
    pub source: &'a str,
    pub sheet: &'a str,
    pub row: usize,
    pub entity_id: &'a str,
}

impl TruthRow<'static> {
    fn crm(entity: &'static str, source: &'static str, row: usize, id: String) -> OwnedTruth {
        OwnedTruth { entity, source, row, id }
    }
}

/// A CRM truth row (owns its id).
pub struct OwnedTruth {
    entity: &'static str,
    source: &'static str,
    row: usize,
    id: String,
}

/// Streams `truth.csv`.
pub struct Truth {
    w: BufWriter<File>,
    buf: String,
    pub rows: usize,
}

pub trait AsTruth {
    fn fields(&self) -> [String; 6];
}

impl AsTruth for TruthRow<'_> {
    fn fields(&self) -> [String; 6] {
        [
            self.entity.to_string(),
            self.origin.to_string(),
            self.source.to_string(),
            self.sheet.to_string(),
            self.row.to_string(),
            self.entity_id.to_string(),
        ]
    }
}

impl AsTruth for OwnedTruth {
    fn fields(&self) -> [String; 6] {
        [
            self.entity.to_string(),
            "crm".to_string(),
            self.source.to_string(),
            String::new(),
            self.row.to_string(),
            self.id.clone(),
        ]
    }
}

impl Truth {
    fn create(path: &Path) -> io::Result<Truth> {
        let mut t = Truth {
            w: BufWriter::with_capacity(1 << 20, File::create(path)?),
            buf: String::new(),
            rows: 0,
        };
        csv_record(
            &mut t.buf,
            &["entity", "origin", "source", "sheet", "row", "entity_id"],
            ',',
            "\n",
        );
        Ok(t)
    }

    pub fn row(&mut self, r: &impl AsTruth) -> io::Result<()> {
        csv_record(&mut self.buf, &r.fields(), ',', "\n");
        self.rows += 1;
        if self.buf.len() > 1 << 16 {
            self.w.write_all(self.buf.as_bytes())?;
            self.buf.clear();
        }
        Ok(())
    }

    fn finish(mut self) -> io::Result<usize> {
        self.w.write_all(self.buf.as_bytes())?;
        self.w.flush()?;
        Ok(self.rows)
    }
}

/// Generates the data set described by `spec` under `out` (created if
/// needed; existing files with the same names are overwritten).
///
/// # Errors
///
/// Any I/O error while writing, with the file it concerns in the message.
pub fn generate(spec: &Spec, out: &Path) -> io::Result<Summary> {
    let with_path =
        |p: PathBuf| move |e: io::Error| io::Error::new(e.kind(), format!("{}: {e}", p.display()));
    // New people: a pool smaller than the rows that draw from it, so some
    // appear in several side files.
    let new_pool = (spec.side_rows * 3 / 10 * 2 / 3).max(1);
    let world = World::new(
        spec.seed,
        spec.contacts.max(1),
        spec.companies.max(1),
        spec.deals,
        (spec.side_rows / 10).max(1),
        new_pool,
    );
    std::fs::create_dir_all(out.join("side")).map_err(with_path(out.join("side")))?;
    let mut summary = Summary::default();
    let mut truth =
        Truth::create(&out.join("truth.csv")).map_err(with_path(out.join("truth.csv")))?;
    crm::write_crm(&world, &out.join("crm"), &mut truth).map_err(with_path(out.join("crm")))?;
    summary
        .files
        .extend(["crm/companies.csv", "crm/contacts.csv", "crm/deals.csv"].map(String::from));

    let files = spec.side_files.max(1);
    let mut cols = String::new();
    csv_record(&mut cols, &["source", "sheet", "column_letter", "header", "role"], ',', "\n");
    let ods_dir = out.join("to-ods");
    let built = (0..files).flat_map(|i| {
        let rows = spec.side_rows / files + usize::from(i < spec.side_rows % files);
        let file = side::build_file(&world, i, rows, new_pool, spec.ods, spec.contact_lists);
        if spec.side_csv { side::as_csv(file) } else { vec![file] }
    });
    for file in built {
        side::write_file(&file, out, &ods_dir, &mut truth)
            .map_err(with_path(out.join(&file.path)))?;
        for sh in file.sheets.iter().filter(|s| s.in_truth) {
            summary.side_rows += sh.rows.len();
            for (c, (header, role)) in sh.columns.iter().enumerate() {
                csv_record(
                    &mut cols,
                    &[
                        file.path.as_str(),
                        sh.name.as_str(),
                        &side::column_letter(c),
                        header,
                        role.as_str(),
                    ],
                    ',',
                    "\n",
                );
            }
        }
        if file.format == side::Format_::OdsViaXlsx {
            let name = Path::new(&file.path).with_extension("xlsx");
            let name = name.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            summary.pending_ods.push((format!("to-ods/{name}"), file.path.clone()));
        }
        summary.files.push(file.path);
    }
    std::fs::write(out.join("truth_columns.csv"), cols)
        .map_err(with_path(out.join("truth_columns.csv")))?;
    summary.truth_rows = truth.finish()?;
    summary.files.extend(["truth.csv", "truth_columns.csv"].map(String::from));
    Ok(summary)
}

#[cfg(test)]
mod tests;
