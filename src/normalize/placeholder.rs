//! Words people type in a cell to say "nothing here" (`N/A`, `néant`,
//! `xxx`, `TBD`), shared by every normalizer so that a new spelling is
//! learnt once. Each field adds its own on top (`particulier` for a
//! company, `RAS` for a next action, `Prénom` left in a name cell).
//!
//! Values are compared folded: lowercase, no accents, punctuation turned
//! into single spaces (`N/A` → `n a`, `Néant` → `neant`).

/// Folded cells that say there is no value, in any column.
const NOTHING: &[&str] = &[
    "",
    "n a",
    "na",
    "nc",
    "n c",
    "nr",
    "nd",
    "n d",
    "x",
    "xx",
    "xxx",
    "xxxx",
    "neant",
    "aucun",
    "aucune",
    "inconnu",
    "inconnue",
    "none",
    "null",
    "nil",
    "unknown",
    "tbd",
    "tbc",
    "a completer",
    "a definir",
    "non communique",
    "non renseigne",
    "vide",
    "sans",
];

/// Whether a folded cell says "nothing here", generically or in one of the
/// field's own words (`extra`, also folded).
pub fn says_nothing(folded: &str, extra: &[&str]) -> bool {
    NOTHING.contains(&folded) || extra.contains(&folded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::synonyms::fold;

    #[test]
    fn common_and_field_words_are_recognised_folded() {
        for s in ["N/A", "n.a.", "Néant", "XXX", "TBD", "Non communiqué", "-", "?"] {
            assert!(says_nothing(&fold(s), &[]), "{s}");
        }
        assert!(says_nothing(&fold("Particulier"), &["particulier"]));
        for s in ["Dupont", "Acme", "Rappeler"] {
            assert!(!says_nothing(&fold(s), &[]), "{s}");
        }
    }
}
