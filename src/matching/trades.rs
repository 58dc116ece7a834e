//! Words that name a trade or a kind of business rather than one business:
//! `Boulangerie`, `Bureau d'études`, `Conseil`, `Logistics`. Thousands of
//! companies share them, so two names that share only these (`Bureau
//! d'études Marie` and `Bureau d'études Meunier`) are two companies, and a
//! name made of one of them alone (`Garage`) cannot decide a match.
//!
//! French and English, folded as [`name_key`](crate::normalize::name::name_key)
//! folds company names (lower case, no accents, punctuation as spaces).
//! Kept sorted for a binary search.

const GENERIC: &[&str] = &[
    "agence",
    "agency",
    "and",
    "architecte",
    "architectes",
    "architects",
    "associes",
    "assurance",
    "assurances",
    "atelier",
    "ateliers",
    "avocats",
    "bakery",
    "bar",
    "batiment",
    "boucherie",
    "boulangerie",
    "boutique",
    "brasserie",
    "bureau",
    "cabinet",
    "cafe",
    "cave",
    "centre",
    "charcuterie",
    "charpente",
    "chaudronnerie",
    "clinique",
    "coiffure",
    "company",
    "conseil",
    "conseils",
    "construction",
    "constructions",
    "consultants",
    "consulting",
    "couverture",
    "cuisines",
    "des",
    "developpement",
    "distribution",
    "domaine",
    "ecole",
    "electricite",
    "electronique",
    "emballages",
    "engineering",
    "entreprise",
    "environnement",
    "equipements",
    "etablissements",
    "ets",
    "etudes",
    "expertise",
    "ferme",
    "fils",
    "finance",
    "fonderie",
    "foods",
    "formation",
    "france",
    "freres",
    "fromagerie",
    "garage",
    "group",
    "groupe",
    "holding",
    "holdings",
    "hotel",
    "immobilier",
    "imprimerie",
    "industrie",
    "industries",
    "informatique",
    "ingenierie",
    "institut",
    "international",
    "labo",
    "laboratoire",
    "labs",
    "les",
    "librairie",
    "logistics",
    "logistique",
    "maconnerie",
    "maison",
    "management",
    "media",
    "menuiserie",
    "metallerie",
    "nettoyage",
    "notaires",
    "optique",
    "partners",
    "patisserie",
    "paysage",
    "peinture",
    "pharmacie",
    "plomberie",
    "pressing",
    "restaurant",
    "scierie",
    "securite",
    "serrurerie",
    "service",
    "services",
    "societe",
    "software",
    "solutions",
    "studio",
    "systemes",
    "systems",
    "taxi",
    "technologies",
    "the",
    "trading",
    "traiteur",
    "transport",
    "transports",
    "travaux",
    "ventures",
];

/// Whether a folded word names a trade, not a business. A company key
/// joins an elided article to its word (`d'études` is `detudes`,
/// `l'atelier` is `latelier`), so the word after it counts too.
pub fn is_generic(word: &str) -> bool {
    let listed = |w: &str| GENERIC.binary_search(&w).is_ok();
    listed(word)
        || (word.len() > 4
            && (word.starts_with('d') || word.starts_with('l'))
            && listed(&word[1..]))
}

/// The words of a folded company name that name this business: not a
/// trade, not a word of one or two letters (`d`, `l`, `de`).
pub fn distinctive_words(key: &str) -> impl Iterator<Item = &str> {
    key.split(' ').filter(|w| w.len() > 2 && !is_generic(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_and_folded() {
        assert!(GENERIC.windows(2).all(|w| w[0] < w[1]), "sorted, no duplicates");
        assert!(GENERIC.iter().all(|w| w.bytes().all(|b| b.is_ascii_lowercase())));
    }

    #[test]
    fn distinctive_words_are_what_names_one_business() {
        let cases: &[(&str, &[&str])] = &[
            ("bureau d etudes meunier", &["meunier"]),
            ("bureau detudes meunier", &["meunier"]),
            ("latelier du bois", &["bois"]),
            ("lagrange", &["lagrange"]),
            ("dupont", &["dupont"]),
            ("boulangerie martin", &["martin"]),
            ("laboratoire thomas", &["thomas"]),
            ("greenfield logistics", &["greenfield"]),
            ("aximed", &["aximed"]),
            ("garage", &[]),
            ("ets lorient", &["lorient"]),
            ("dupont et fils", &["dupont"]),
            ("martin freres", &["martin"]),
        ];
        for (key, expected) in cases {
            assert_eq!(distinctive_words(key).collect::<Vec<_>>(), *expected, "{key}");
        }
    }
}
