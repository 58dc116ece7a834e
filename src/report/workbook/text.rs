//! Words of the workbook: the language, labels in French and English, and
//! how a record and a cell are named on a line.

use std::path::{Component, Path, PathBuf};

use crate::model::{Entity, Provenance, Role};
use crate::normalize::record::Record;
use crate::reconcile::kpi::Lang;
use crate::reconcile::status::Status;

/// The language of a country's sales team: French in France, Belgium,
/// Switzerland, Luxembourg and Monaco (a Flemish or German-speaking team
/// passes `--lang en`), English elsewhere.
pub fn lang_of_country(country: &str) -> Lang {
    match country.trim().to_ascii_uppercase().as_str() {
        "FR" | "BE" | "CH" | "LU" | "MC" => Lang::Fr,
        _ => Lang::En,
    }
}

/// `en` or `fr` by language.
pub fn tr(lang: Lang, en: &'static str, fr: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Fr => fr,
    }
}

pub fn status(lang: Lang, s: Status) -> &'static str {
    match (lang, s) {
        (Lang::En, _) => s.as_str(),
        (Lang::Fr, Status::New) => "nouveau",
        (Lang::Fr, Status::Duplicate) => "doublon",
        (Lang::Fr, Status::Unchanged) => "inchangé",
        (Lang::Fr, Status::Update) => "mise à jour",
        (Lang::Fr, Status::Conflict) => "conflit",
        (Lang::Fr, Status::Review) => "à vérifier",
        (Lang::Fr, Status::Invalid) => "invalide",
        (Lang::Fr, Status::Crm) => "CRM",
    }
}

pub fn entity(lang: Lang, e: Entity) -> &'static str {
    match (lang, e) {
        (Lang::En, _) => e.as_str(),
        (Lang::Fr, Entity::Contact) => "contact",
        (Lang::Fr, Entity::Company) => "société",
        (Lang::Fr, Entity::Deal) => "affaire",
    }
}

/// `side/jean.xlsx › Prospects › C14`.
pub fn cell_of(record: &Record, column: Option<u32>) -> String {
    Provenance { column, ..record.provenance.clone() }.to_string()
}

/// The values a person recognizes a record by, most telling first:
/// `Jean Dupont · jean.dupont@acme.fr · +33612345678 · Acme SAS`.
pub fn label(record: &Record) -> String {
    let roles: &[Role] = match record.entity {
        Entity::Contact => &[Role::Email, Role::Phone, Role::Mobile, Role::Company, Role::City],
        Entity::Company => &[Role::Website, Role::Siret, Role::Siren, Role::City, Role::Phone],
        Entity::Deal => &[Role::Company, Role::Amount, Role::Stage, Role::CloseDate],
    };
    let mut parts: Vec<String> = name(record).into_iter().collect();
    parts.extend(roles.iter().filter_map(|&r| record.value(r)).map(|v| v.canonical()));
    if parts.is_empty() {
        // Nothing normalized: the raw cells still say something.
        parts.extend(record.fields.iter().take(3).map(|f| f.raw.to_string()));
    }
    parts.retain(|p| !p.trim().is_empty());
    parts.join(" · ")
}

/// A contact's first and last name (else full name), a company's name, a
/// deal's name.
pub fn name(record: &Record) -> Option<String> {
    let v = |r: Role| record.value(r).map(|v| v.canonical());
    match record.entity {
        Entity::Contact => {
            let parts: Vec<String> =
                [Role::FirstName, Role::LastName].into_iter().filter_map(v).collect();
            if parts.is_empty() { v(Role::FullName) } else { Some(parts.join(" ")) }
        }
        Entity::Company => v(Role::Company),
        Entity::Deal => v(Role::DealName),
    }
}

/// A hyperlink from the workbook in `out` to a cell of a source file:
/// `file:///../side/jean.xlsx#'Prospects'!C14`. Relative to the workbook
/// (Excel resolves it so), so that the output folder and the side files
/// can move together to a shared drive; `None` when the file cannot be
/// found or the path cannot be written as a link. CSV files get no cell
/// anchor (a CSV has no sheet to point into).
pub fn link_to(source: &str, sheet: &str, cell: &str, out: &Path) -> Option<String> {
    link_with(&file_link(source, out)?, sheet, cell)
}

/// The file part of [`link_to`] (`file:///../side/jean.xlsx`): the same
/// for every cell of a file, so callers with many cells compute it once
/// per file (it asks the file system).
pub fn file_link(source: &str, out: &Path) -> Option<String> {
    let target = std::fs::canonicalize(source).ok()?;
    let base = std::fs::canonicalize(out).ok()?;
    let path = relative(&target, &base)?;
    let text = path.iter().map(|c| c.to_string_lossy()).collect::<Vec<_>>().join("/");
    if text.contains('#') || text.contains('%') {
        return None;
    }
    Some(format!("file:///{text}"))
}

/// [`file_link`] with the cell anchor.
pub fn link_with(file: &str, sheet: &str, cell: &str) -> Option<String> {
    let anchor = if sheet.is_empty() {
        String::new()
    } else {
        format!("#{}!{cell}", rust_xlsxwriter::utility::quote_sheet_name(sheet))
    };
    let url = format!("{file}{anchor}");
    // Excel's limit on a link.
    (url.chars().count() < 2000).then_some(url)
}

/// `target` relative to the folder `base` (both absolute).
fn relative(target: &Path, base: &Path) -> Option<PathBuf> {
    let t: Vec<Component<'_>> = target.components().collect();
    let b: Vec<Component<'_>> = base.components().collect();
    // Different roots (another drive): no relative path.
    if t.first() != b.first() {
        return None;
    }
    let common = t.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &t[common..] {
        out.push(c.as_os_str());
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_relative_to_the_workbook() {
        let cases = [
            ("/home/a/side/jean.xlsx", "/home/a/out", "../side/jean.xlsx"),
            ("/home/a/out/x.csv", "/home/a/out", "x.csv"),
            ("/data/crm/export.csv", "/home/a/out/run 1", "../../../../data/crm/export.csv"),
        ];
        for (t, b, want) in cases {
            assert_eq!(relative(Path::new(t), Path::new(b)).unwrap(), PathBuf::from(want), "{t}");
        }
    }

    #[test]
    fn a_link_points_into_the_sheet_of_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let side = dir.path().join("side");
        let out = dir.path().join("out");
        std::fs::create_dir_all(&side).unwrap();
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(side.join("jean.xlsx"), b"x").unwrap();
        let src = side.join("jean.xlsx").to_string_lossy().into_owned();
        assert_eq!(
            link_to(&src, "Suivi 2026", "C14", &out).as_deref(),
            Some("file:///../side/jean.xlsx#'Suivi 2026'!C14")
        );
        assert_eq!(link_to(&src, "", "C14", &out).as_deref(), Some("file:///../side/jean.xlsx"));
        assert_eq!(link_to("/no/such/file.xlsx", "A", "C1", &out), None);
    }

    #[test]
    fn french_speaking_countries_get_french() {
        for (country, lang) in [
            ("FR", Lang::Fr),
            ("be", Lang::Fr),
            (" CH ", Lang::Fr),
            ("LU", Lang::Fr),
            ("MC", Lang::Fr),
            ("GB", Lang::En),
            ("US", Lang::En),
            ("DE", Lang::En),
            ("", Lang::En),
        ] {
            assert_eq!(lang_of_country(country), lang, "{country:?}");
        }
    }

    #[test]
    fn every_status_has_a_french_label() {
        for s in Status::ALL {
            assert!(!status(Lang::Fr, s).is_empty());
            assert_eq!(status(Lang::En, s), s.as_str());
        }
        assert_eq!(status(Lang::Fr, Status::Review), "à vérifier");
    }
}
