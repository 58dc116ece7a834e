//! SIREN, SIRET and intra-EU VAT numbers.
//!
//! Written `732 829 320`, `732.829.320`, `RCS Paris B 732 829 320`, or read
//! from a number cell (a SIRET whose SIREN starts with 0 loses that zero).
//! SIREN and SIRET end in a Luhn check digit; French VAT numbers carry a key
//! computed from the SIREN. Other countries' VAT numbers are checked for
//! their shape only.

use super::{is_placeholder, trim_invisible};
use crate::model::IssueKind;
use crate::normalize::Normalized;

/// La Poste's SIREN: its many establishments outgrew the Luhn key, so their
/// SIRETs are checked by a digit sum that is a multiple of 5 instead.
const LA_POSTE: &str = "356000000";

/// The digits of an identifier cell, or none for a blank or placeholder
/// cell. Labels before or after the number (`SIREN :`, `RCS Paris B`) are
/// allowed; letters among the digits are not.
fn digits(raw: &str) -> Result<Option<String>, String> {
    let s = trim_invisible(raw);
    let Some(first) = s.find(|c: char| c.is_ascii_digit()) else {
        return if is_placeholder(&crate::ingest::synonyms::fold(s)) {
            Ok(None)
        } else {
            Err(format!("`{s}` has no digits"))
        };
    };
    let last = s.rfind(|c: char| c.is_ascii_digit()).unwrap_or(first);
    let middle = &s[first..=last];
    if middle.contains(['E', 'e']) && s.contains('+') {
        return Err(format!(
            "`{s}` was shortened to scientific notation by the spreadsheet: digits are lost (format the column as text)"
        ));
    }
    let mut out = String::with_capacity(middle.len());
    for c in middle.chars() {
        if c.is_ascii_digit() {
            out.push(c);
        } else if !(c.is_whitespace() || matches!(c, '.' | '-' | '/' | '_' | '\u{202F}')) {
            return Err(format!("`{s}` has `{c}` among its digits"));
        }
    }
    if out.bytes().all(|b| b == b'0') {
        return Ok(None);
    }
    Ok(Some(out))
}

/// The Luhn check used by SIREN and SIRET: from the right, every second
/// digit doubled (minus 9 when above 9), the sum a multiple of 10.
fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { d }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// SIREN: 9 digits with a valid Luhn key. A valid SIRET in a SIREN column
/// gives its SIREN; 8 digits from a number cell get their leading zero back.
pub fn normalize_siren(raw: &str) -> Normalized<String> {
    let d = match digits(raw) {
        Ok(Some(d)) => d,
        Ok(None) => return Normalized::none(),
        Err(why) => return Normalized::invalid(IssueKind::InvalidSiren, why),
    };
    match d.len() {
        9 if luhn(&d) => Normalized::ok(d),
        // A number cell drops the leading zero; Luhn ignores leading zeros.
        8 if luhn(&d) => Normalized::ok(format!("0{d}")),
        14 if siret_valid(&d) => Normalized::ok(d[..9].to_string()),
        9 => Normalized::invalid(
            IssueKind::InvalidSiren,
            format!("`{d}`: the check digit is wrong (a typo in one of the 9 digits?)"),
        ),
        n => Normalized::invalid(
            IssueKind::InvalidSiren,
            format!("`{d}` has {n} digits, a SIREN has 9"),
        ),
    }
}

fn siret_valid(d: &str) -> bool {
    d.len() == 14
        && (luhn(d)
            || (d.starts_with(LA_POSTE)
                && d.bytes().map(|b| u32::from(b - b'0')).sum::<u32>().is_multiple_of(5)))
}

/// SIRET: 14 digits with a valid Luhn key (La Poste's exception included).
/// 13 digits from a number cell get their leading zero back when the result
/// is valid.
pub fn normalize_siret(raw: &str) -> Normalized<String> {
    let d = match digits(raw) {
        Ok(Some(d)) => d,
        Ok(None) => return Normalized::none(),
        Err(why) => return Normalized::invalid(IssueKind::InvalidSiret, why),
    };
    match d.len() {
        14 if siret_valid(&d) => Normalized::ok(d),
        13 if siret_valid(&format!("0{d}")) => Normalized::ok(format!("0{d}")),
        14 => Normalized::invalid(
            IssueKind::InvalidSiret,
            format!("`{d}`: the check digit is wrong (a typo in one of the 14 digits?)"),
        ),
        9 => Normalized::invalid(
            IssueKind::InvalidSiret,
            format!("`{d}` has 9 digits: a SIREN, not a SIRET (14 digits)"),
        ),
        n => Normalized::invalid(
            IssueKind::InvalidSiret,
            format!("`{d}` has {n} digits, a SIRET has 14"),
        ),
    }
}

/// The SIREN inside a SIRET: its first 9 digits.
pub fn siren_of_siret(siret: &str) -> &str {
    siret.get(..9).unwrap_or(siret)
}

/// The key of a French VAT number: (12 + 3 × (SIREN mod 97)) mod 97.
fn fr_key(siren: &str) -> Option<u64> {
    let n: u64 = siren.parse().ok()?;
    Some((12 + 3 * (n % 97)) % 97)
}

/// Does `s` match one of the shapes: `d` digit, `l` letter, `x` either,
/// capitals literal.
fn shaped(s: &str, shapes: &[&str]) -> bool {
    shapes.iter().any(|p| {
        p.len() == s.len()
            && p.bytes().zip(s.bytes()).all(|(p, c)| match p {
                b'd' => c.is_ascii_digit(),
                b'l' => c.is_ascii_uppercase(),
                b'x' => c.is_ascii_alphanumeric(),
                lit => lit == c,
            })
    })
}

fn digits_n(s: &str, lens: &[usize]) -> bool {
    lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// The canonical number when `rest` has the shape of country `cc`'s VAT
/// numbers; `Some(Err)` when it is French with a wrong key.
fn by_country(cc: &str, rest: &str) -> Option<Result<String, String>> {
    let ok = |s: String| Some(Ok(s));
    match cc {
        "FR" => {
            if rest.len() != 11 || !rest.is_char_boundary(2) {
                return None;
            }
            let (key, siren) = rest.split_at(2);
            if !siren.bytes().all(|b| b.is_ascii_digit())
                || !key.bytes().all(|b| b.is_ascii_alphanumeric())
            {
                return None;
            }
            if key.bytes().all(|b| b.is_ascii_digit()) {
                let expected = fr_key(siren)?;
                if key.parse::<u64>().ok() != Some(expected) {
                    return Some(Err(format!(
                        "`FR{rest}`: the key {key} does not match SIREN {siren} (expected {expected:02})"
                    )));
                }
            }
            ok(format!("FR{rest}"))
        }
        "BE" if digits_n(rest, &[10]) => ok(format!("BE{rest}")),
        "BE" if digits_n(rest, &[9]) => ok(format!("BE0{rest}")),
        "AT" if shaped(rest, &["Udddddddd"]) => ok(format!("AT{rest}")),
        "BG" if digits_n(rest, &[9, 10]) => ok(format!("BG{rest}")),
        "CY" if shaped(rest, &["ddddddddl"]) => ok(format!("CY{rest}")),
        "CZ" if digits_n(rest, &[8, 9, 10]) => ok(format!("CZ{rest}")),
        "DE" | "EE" | "PT" | "NO" if digits_n(rest, &[9]) => ok(format!("{cc}{rest}")),
        "EL" | "GR" if digits_n(rest, &[9]) => ok(format!("EL{rest}")),
        "ES" if shaped(rest, &["xdddddddx"]) => ok(format!("ES{rest}")),
        "DK" | "FI" | "HU" | "LU" | "MT" | "SI" if digits_n(rest, &[8]) => {
            ok(format!("{cc}{rest}"))
        }
        "HR" | "IT" | "LV" if digits_n(rest, &[11]) => ok(format!("{cc}{rest}")),
        "IE" if shaped(rest, &["dddddddl", "dddddddll", "dxdddddl"]) => ok(format!("IE{rest}")),
        "LT" if digits_n(rest, &[9, 12]) => ok(format!("LT{rest}")),
        "NL" if shaped(rest, &["dddddddddBdd"]) => ok(format!("NL{rest}")),
        "PL" | "SK" if digits_n(rest, &[10]) => ok(format!("{cc}{rest}")),
        "RO" if digits_n(rest, &[2, 3, 4, 5, 6, 7, 8, 9, 10]) => ok(format!("RO{rest}")),
        "SE" if digits_n(rest, &[12]) => ok(format!("SE{rest}")),
        "GB" | "XI" if digits_n(rest, &[9, 12]) || shaped(rest, &["GDddd", "HAddd"]) => {
            ok(format!("{cc}{rest}"))
        }
        "CH" if shaped(rest, &["Eddddddddd"]) => ok(format!("CH{rest}")),
        _ => None,
    }
}

/// Intra-EU VAT number, FR checked: `FR` + 2-digit key + SIREN. Other EU
/// countries (and the UK, Switzerland, Norway, common in the same files)
/// are accepted with their country prefix and a plausible shape. Spaces,
/// dots and labels (`TVA intracom :`, Swiss `TVA`/`MWST` suffixes) are
/// dropped; the result is compact and uppercase (`FR40732829320`).
pub fn normalize_vat_number(raw: &str) -> Normalized<String> {
    let s = trim_invisible(raw);
    let mut compact: String =
        s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_uppercase).collect();
    if !compact.bytes().any(|b| b.is_ascii_digit()) {
        if is_placeholder(&crate::ingest::synonyms::fold(s)) {
            return Normalized::none();
        }
        return Normalized::invalid(
            IssueKind::InvalidVatNumber,
            format!("`{s}` is not a VAT number"),
        );
    }
    if !compact.is_ascii() {
        return Normalized::invalid(
            IssueKind::InvalidVatNumber,
            format!("`{s}` is not a VAT number"),
        );
    }
    for suffix in ["MWST", "TVA", "IVA", "MVA"] {
        if compact.len() > suffix.len() + 2 && compact.ends_with(suffix) {
            compact.truncate(compact.len() - suffix.len());
            break;
        }
    }
    // French numbers written without their prefix.
    if compact.len() == 11 && compact.bytes().all(|b| b.is_ascii_digit()) {
        return match by_country("FR", &compact) {
            Some(Ok(v)) => Normalized::ok(v),
            _ => Normalized::invalid(
                IssueKind::InvalidVatNumber,
                format!("`{s}` has no country prefix (FR, BE, DE…)"),
            ),
        };
    }
    // The number starts at the first country code whose shape fits what
    // follows; anything before it is a label (`TVA`, `N°`).
    for i in 0..compact.len().saturating_sub(2) {
        if let Some(r) = by_country(&compact[i..i + 2], &compact[i + 2..]) {
            return match r {
                Ok(v) => Normalized::ok(v),
                Err(why) => Normalized::invalid(IssueKind::InvalidVatNumber, why),
            };
        }
    }
    let why = if compact.contains("FR") {
        format!("`{s}`: a French VAT number is FR, a 2-digit key and the 9-digit SIREN")
    } else {
        format!("`{s}` is not a VAT number (a country code such as FR, BE or DE, then the number)")
    };
    Normalized::invalid(IssueKind::InvalidVatNumber, why)
}
