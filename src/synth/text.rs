//! Text helpers of the generator: accent folding, slugs, and the ways people
//! write the same value differently (phone formats, amounts, dates, names
//! with typos, e-mails with display names). Each variant here is one a
//! reconciler must see through.

use chrono::NaiveDate;

use super::rng::Rng;
use super::vocab;

/// Replaces accented Latin letters by their ASCII base (`Lefèvre` →
/// `Lefevre`), as people do when their keyboard or old software lacks them.
pub fn ascii_fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let r = match c {
            'à' | 'â' | 'ä' | 'á' => "a",
            'À' | 'Â' | 'Ä' | 'Á' => "A",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'É' | 'È' | 'Ê' | 'Ë' => "E",
            'î' | 'ï' | 'í' => "i",
            'Î' | 'Ï' => "I",
            'ô' | 'ö' | 'ó' => "o",
            'Ô' | 'Ö' => "O",
            'ù' | 'û' | 'ü' | 'ú' => "u",
            'Ù' | 'Û' | 'Ü' => "U",
            'ç' => "c",
            'Ç' => "C",
            'ÿ' => "y",
            'œ' => "oe",
            'Œ' => "OE",
            'æ' => "ae",
            '’' => "'",
            '–' => "-",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(r);
    }
    out
}

/// Lower-case ASCII words joined by `sep` (`Bâtiment Dupré` → `batiment-dupre`).
pub fn slug(s: &str, sep: &str) -> String {
    let folded = ascii_fold(s).to_lowercase();
    let words: Vec<&str> =
        folded.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    words.join(sep)
}

/// One typing error: two letters swapped, one dropped or one doubled,
/// never on the first letter (people rarely miss that one).
pub fn typo(rng: &mut Rng, s: &str) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    if chars.len() < 4 {
        return s.to_string();
    }
    let i = 1 + rng.index(chars.len() - 2);
    match rng.below(3) {
        0 => chars.swap(i, i + 1),
        1 => {
            chars.remove(i);
        }
        _ => {
            let c = chars[i];
            chars.insert(i, c);
        }
    }
    chars.into_iter().collect()
}

/// The many ways a French number is written. `national` is `0612345678`.
pub fn phone_variant(rng: &mut Rng, national: &str) -> String {
    if national.len() != 10 {
        return national.to_string();
    }
    let pairs: Vec<&str> = (0..5).map(|i| &national[2 * i..2 * i + 2]).collect();
    let rest = &national[1..];
    match rng.below(8) {
        0 | 1 => pairs.join(" "),
        2 => format!("+33 {} {}", &rest[..1], pairs[1..].join(" ")),
        3 => format!("0033{rest}"),
        4 => pairs.join("."),
        5 => format!("+33{rest}"),
        6 => pairs.join("-"),
        _ => national.to_string(),
    }
}

/// `12500` → `12 500` with the given group separator.
pub fn group_thousands(n: u64, sep: &str) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

pub fn date_fr(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// `Dupont` → `DUPONT`, keeping accents as Excel users type them.
pub fn upper(s: &str) -> String {
    s.to_uppercase()
}

/// A company name as someone else writes it: legal form moved, dotted or
/// dropped, capitals, missing accents.
pub fn company_variant(rng: &mut Rng, core: &str, legal: &str) -> String {
    let legal = match rng.below(6) {
        0 | 1 => String::new(),
        2 if !legal.is_empty() => legal.chars().flat_map(|c| [c, '.']).collect::<String>(),
        3 => legal.to_lowercase(),
        _ => legal.to_string(),
    };
    let core = match rng.below(8) {
        0 => upper(core),
        1 => ascii_fold(core),
        2 => typo(rng, core),
        3 => abbreviate(core),
        4 if core.contains(" & ") => core.replace(" & ", " et "),
        4 if core.contains(" et ") => core.replace(" et ", " & "),
        _ => core.to_string(),
    };
    if legal.is_empty() { core } else { format!("{core} {legal}") }
}

/// The abbreviations of French company names (`Établissements Martin` →
/// `Ets Martin`, `Société Générale de Travaux` → `SGT`); the name itself
/// when it has none.
pub fn abbreviate(core: &str) -> String {
    const ABBR: &[(&str, &str)] = &[
        ("Société Générale de Travaux", "SGT"),
        ("Établissements", "Ets"),
        ("Bureau d'études", "BE"),
        ("Laboratoire", "Labo"),
        ("Transports", "Tpts"),
        ("Bâtiment", "Bat."),
        ("Associés", "Assoc."),
        ("Ingénierie", "Ing."),
        ("Frères", "Fr."),
    ];
    for (long, short) in ABBR {
        if core.contains(long) {
            return core.replace(long, short);
        }
    }
    core.to_string()
}

/// An e-mail as found in a side file: case changed, wrapped in a display
/// name, or with a typo in the domain.
pub fn email_variant(rng: &mut Rng, email: &str, display: &str) -> String {
    match rng.below(10) {
        0 => {
            let mut cs = email.chars();
            match cs.next() {
                Some(c) => c.to_uppercase().chain(cs).collect(),
                None => String::new(),
            }
        }
        1 => email.to_uppercase(),
        2 => format!("{display} <{email}>"),
        3 => {
            for (right, wrong) in vocab::DOMAIN_TYPOS {
                if let Some(local) = email.strip_suffix(right) {
                    return format!("{local}{wrong}");
                }
            }
            format!(" {email} ")
        }
        _ => email.to_string(),
    }
}

/// Writes one CSV record into `out`, quoting only when needed (as Excel and
/// HubSpot do), and ending with `eol`.
pub fn csv_record<S: AsRef<str>>(out: &mut String, fields: &[S], delim: char, eol: &str) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(delim);
        }
        let f = f.as_ref();
        if f.contains([delim, '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(f);
        }
    }
    out.push_str(eol);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_and_slugs() {
        for (input, folded, slugged) in [
            ("Lefèvre", "Lefevre", "lefevre"),
            ("Bâtiment Dupré & Fils", "Batiment Dupre & Fils", "batiment-dupre-fils"),
            ("Jean-François", "Jean-Francois", "jean-francois"),
            ("Œuvre d’Art", "OEuvre d'Art", "oeuvre-d-art"),
        ] {
            assert_eq!(ascii_fold(input), folded);
            assert_eq!(slug(input, "-"), slugged);
        }
    }

    #[test]
    fn thousands_and_dates() {
        assert_eq!(group_thousands(12500, " "), "12 500");
        assert_eq!(group_thousands(250000, "."), "250.000");
        assert_eq!(group_thousands(500, " "), "500");
        assert_eq!(group_thousands(1000000, ","), "1,000,000");
        assert_eq!(date_fr(NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()), "26/11/2026");
    }

    #[test]
    fn phone_variants_keep_the_digits() {
        let mut rng = Rng::new(3);
        for _ in 0..200 {
            let v = phone_variant(&mut rng, "0612345678");
            let digits: String = v.chars().filter(char::is_ascii_digit).collect();
            assert!(
                digits == "0612345678" || digits == "33612345678" || digits == "0033612345678",
                "{v}"
            );
        }
    }

    #[test]
    fn csv_quoting() {
        let mut s = String::new();
        csv_record(&mut s, &["a", "b;c", "d\"e", "12,5"], ';', "\r\n");
        assert_eq!(s, "a;\"b;c\";\"d\"\"e\";12,5\r\n");
    }
}

#[cfg(test)]
mod abbreviation_tests {
    use super::*;

    #[test]
    fn abbreviations_of_french_company_names() {
        for (name, short) in [
            ("Établissements Martin", "Ets Martin"),
            ("Société Générale de Travaux Lyon", "SGT Lyon"),
            ("Bureau d'études Petit", "BE Petit"),
            ("Dubois & Associés", "Dubois & Assoc."),
            ("Novatek", "Novatek"),
        ] {
            assert_eq!(abbreviate(name), short);
        }
    }
}
