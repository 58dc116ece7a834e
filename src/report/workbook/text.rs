//! Words of the workbook: the language, labels in French and English, and
//! how a record and a cell are named on a line.

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

#[cfg(test)]
mod tests {
    use super::*;

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
