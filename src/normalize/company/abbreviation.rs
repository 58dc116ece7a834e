//! Abbreviated words of company names, written out in the match key.
//!
//! People shorten the trade words of a name when they type it: `Bat.
//! Petit` is `Bâtiment Petit`, `Tpts Vidal` is `Transports Vidal`, `BE
//! Lemoine` is `Bureau d'études Lemoine`, `Du Pont Fr.` is `Du Pont
//! Frères`. The key writes each one out, so both spellings block and
//! compare as one name; the display keeps what was typed.
//!
//! The list is of abbreviations in common French business use (and a few
//! English ones). A short form that is also a word or a code elsewhere is
//! only read as an abbreviation where it stands as one: `Fr.` with its
//! dot (not the `FR` of `Renault FR`), `Ing.` with its dot (not the bank
//! `ING`), `BE` in capitals and before a name (not `Be Happy`).

/// Where in the name the short form may stand.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Anywhere,
    /// First, with a name after it (`BE Lemoine`).
    First,
    /// Anywhere but first (`Du Pont Fr.`; a first `Ste` is `Société`).
    NotFirst,
    /// Last (`Martin & Assoc.`).
    Last,
}

/// How the short form must be written to be read as one.
#[derive(Clone, Copy, PartialEq)]
enum Writing {
    Any,
    /// Followed by a dot, or dotted (`B.E.`).
    Dot,
    /// With a dot, or in capitals.
    DotOrCapitals,
}

/// (folded short form, folded words it stands for, where, how written).
/// The first entry whose place and writing fit is taken.
const ABBREVIATIONS: &[(&str, &str, Place, Writing)] = &[
    ("agce", "agence", Place::Anywhere, Writing::Any),
    ("asso", "association", Place::First, Writing::Any),
    ("assoc", "associes", Place::Last, Writing::Any),
    ("assoc", "association", Place::Anywhere, Writing::Any),
    ("bat", "batiment", Place::Anywhere, Writing::Any),
    ("be", "bureau detudes", Place::First, Writing::DotOrCapitals),
    ("ccial", "commercial", Place::Anywhere, Writing::Any),
    ("cial", "commercial", Place::Anywhere, Writing::Any),
    ("cie", "compagnie", Place::First, Writing::Any),
    ("constr", "construction", Place::Anywhere, Writing::Any),
    ("distrib", "distribution", Place::Anywhere, Writing::Any),
    ("etab", "etablissements", Place::Anywhere, Writing::Any),
    ("etabs", "etablissements", Place::Anywhere, Writing::Any),
    ("etabts", "etablissements", Place::Anywhere, Writing::Any),
    ("etbs", "etablissements", Place::Anywhere, Writing::Any),
    ("ets", "etablissements", Place::Anywhere, Writing::Any),
    ("fr", "freres", Place::NotFirst, Writing::Dot),
    ("frs", "freres", Place::NotFirst, Writing::Any),
    ("gpe", "groupe", Place::Anywhere, Writing::Any),
    ("grpe", "groupe", Place::Anywhere, Writing::Any),
    ("ing", "ingenierie", Place::Anywhere, Writing::Dot),
    ("intl", "international", Place::Anywhere, Writing::Any),
    ("lab", "laboratoire", Place::First, Writing::Dot),
    ("labo", "laboratoire", Place::Anywhere, Writing::Any),
    ("labos", "laboratoires", Place::Anywhere, Writing::Any),
    ("menuis", "menuiserie", Place::Anywhere, Writing::Any),
    ("mgmt", "management", Place::Anywhere, Writing::Any),
    ("mgt", "management", Place::Anywhere, Writing::Any),
    ("st", "saint", Place::Anywhere, Writing::Any),
    ("ste", "sainte", Place::NotFirst, Writing::Any),
    ("tpt", "transport", Place::Anywhere, Writing::Any),
    ("tpts", "transports", Place::Anywhere, Writing::Any),
    ("transp", "transports", Place::Anywhere, Writing::Any),
];

/// One word of a name as typed, with what tells an abbreviation.
pub(super) struct Word<'a> {
    /// Folded (`bat`).
    pub key: &'a str,
    /// As typed, without its dot (`Bât`).
    pub raw: &'a str,
    /// Followed by a dot, or a dotted acronym (`B.E.`).
    pub dot: bool,
    pub first: bool,
    pub last: bool,
}

/// The folded words `word` stands for, when it is an abbreviation where
/// it stands and as it is written.
pub(super) fn written_out(word: &Word<'_>) -> Option<&'static str> {
    if word.key.len() > 7 {
        return None;
    }
    ABBREVIATIONS
        .iter()
        .filter(|(short, ..)| *short == word.key)
        .find(|&&(_, _, place, writing)| {
            let placed = match place {
                Place::Anywhere => true,
                Place::First => word.first && !word.last,
                Place::NotFirst => !word.first,
                Place::Last => word.last && !word.first,
            };
            let written = match writing {
                Writing::Any => true,
                Writing::Dot => word.dot,
                Writing::DotOrCapitals => word.dot || !word.raw.chars().any(char::is_lowercase),
            };
            placed && written
        })
        .map(|&(_, long, ..)| long)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_folded_and_grouped_by_short_form() {
        for (short, long, ..) in ABBREVIATIONS {
            assert!(short.bytes().all(|b| b.is_ascii_lowercase()), "{short}");
            assert!(long.bytes().all(|b| b.is_ascii_lowercase() || b == b' '), "{long}");
            assert!(short.len() <= 7, "{short} is never looked up");
        }
        let shorts: Vec<&str> = ABBREVIATIONS.iter().map(|a| a.0).collect();
        assert!(shorts.windows(2).all(|w| w[0] <= w[1]), "sorted: entries of a form together");
    }
}
