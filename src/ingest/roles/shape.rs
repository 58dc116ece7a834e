//! What a single value looks like: an email, a phone number, a web address,
//! a date, an amount. Header detection uses it to tell a header row from a
//! data row, and role detection to confirm or correct a header by its
//! values. Shapes only: nothing here parses a value for keeps (that is
//! normalize's job), and nothing allocates, because header detection calls
//! it on many cells.

use chrono::NaiveDate;

use crate::ingest::Cell;

/// The shape of one non-blank cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Email,
    /// A phone number; `mobile` when it is a French (or Belgian, Swiss,
    /// British) mobile number.
    Phone {
        mobile: bool,
    },
    Url,
    /// A date cell, or text that reads as a date (`26/11/2026`, `2026-11-26`).
    Date,
    /// A number cell, or text that reads as an amount or a count
    /// (`12 500,00 €`, `-3`, `45 %`).
    Number,
    Bool,
    /// Any other text.
    Text,
}

/// The shape of a cell, `None` when it is blank.
pub fn of_cell(cell: &Cell) -> Option<Shape> {
    match cell {
        Cell::Empty => None,
        Cell::Text(s) => {
            let s = s.trim();
            if s.is_empty() { None } else { Some(of_text(s)) }
        }
        Cell::Number(n) => Some(number_shape(*n)),
        Cell::Bool(_) => Some(Shape::Bool),
        Cell::Date(_) => Some(Shape::Date),
        Cell::Duration(_) => Some(Shape::Number),
    }
}

/// A number cell holding 9 or 10 digits is a phone number that lost its
/// leading zero (Excel turns `0612345678` into 612345678), as is an 11-digit
/// number starting with a country code (33612345678).
fn number_shape(n: f64) -> Shape {
    if n.fract() != 0.0 || n <= 0.0 || n >= 1e15 {
        return Shape::Number;
    }
    let v = n as u64;
    let digits = v.checked_ilog10().unwrap_or(0) + 1;
    match digits {
        9 => Shape::Phone { mobile: matches!(v / 100_000_000, 6 | 7) },
        10 => Shape::Phone { mobile: false },
        11 => {
            let cc = v / 1_000_000_000;
            let next = (v / 100_000_000) % 10;
            if matches!(cc, 33 | 32 | 41 | 44) {
                Shape::Phone { mobile: is_mobile_after_cc(cc, next) }
            } else {
                Shape::Number
            }
        }
        _ => Shape::Number,
    }
}

/// The shape of non-blank, trimmed text.
pub fn of_text(s: &str) -> Shape {
    if is_email(s) {
        Shape::Email
    } else if let Some(mobile) = phone(s) {
        Shape::Phone { mobile }
    } else if parse_date(s).is_some() {
        Shape::Date
    } else if is_number(s) {
        Shape::Number
    } else if is_url(s) {
        Shape::Url
    } else if matches!(
        s.to_ascii_lowercase().as_str(),
        "true" | "false" | "vrai" | "faux" | "oui" | "non" | "yes" | "no"
    ) {
        Shape::Bool
    } else {
        Shape::Text
    }
}

/// `jean.dupont@acme.fr`, also `mailto:` links and `Jean <j@acme.fr>`.
pub fn is_email(s: &str) -> bool {
    let s = s.trim();
    let s = s.strip_prefix("mailto:").unwrap_or(s);
    let s = match (s.find('<'), s.ends_with('>')) {
        (Some(i), true) => &s[i + 1..s.len() - 1],
        _ => s,
    };
    if s.chars().any(char::is_whitespace) {
        return false;
    }
    let mut parts = s.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    if local.is_empty() || domain.starts_with('.') || domain.ends_with('.') {
        return false;
    }
    match domain.rsplit_once('.') {
        Some((host, tld)) => {
            !host.is_empty() && tld.len() >= 2 && tld.chars().all(|c| c.is_alphabetic())
        }
        None => false,
    }
}

/// Some(mobile) when the text is a phone number: 9 to 15 digits with only
/// spaces, dots, dashes, slashes and parentheses between them, written with
/// a `+`, a leading `0`, or as 9 bare digits (a lost leading zero).
pub fn phone(s: &str) -> Option<bool> {
    let s = s.trim();
    let first = s.chars().next()?;
    if !(first == '+' || first == '(' || first.is_ascii_digit()) {
        return None;
    }
    let mut digits = [0u8; 16];
    let mut n = 0usize;
    for (i, c) in s.chars().enumerate() {
        match c {
            '0'..='9' => {
                if n == digits.len() {
                    return None;
                }
                digits[n] = c as u8 - b'0';
                n += 1;
            }
            '+' if i == 0 => {}
            ' ' | '.' | '-' | '/' | '(' | ')' | '\u{a0}' | '\u{202f}' => {}
            _ => return None,
        }
    }
    if !(9..=15).contains(&n) {
        return None;
    }
    let d = &digits[..n];
    let international = first == '+' || (d[0] == 0 && d[1] == 0);
    if international {
        let rest = if first == '+' { d } else { &d[2..] };
        if rest.len() < 3 {
            return Some(false);
        }
        let cc = u64::from(rest[0]) * 10 + u64::from(rest[1]);
        // `+33 (0)6 …`: skip the bracketed trunk zero.
        let next = if rest[2] == 0 && rest.len() > 3 { rest[3] } else { rest[2] };
        return Some(is_mobile_after_cc(cc, u64::from(next)));
    }
    match (d[0], n) {
        (0, 10) => Some(matches!(d[1], 6 | 7)),
        (0, _) => Some(false),
        (3, 11) if d[1] == 3 => Some(matches!(d[2], 6 | 7)),
        (_, 9) => Some(matches!(d[0], 6 | 7)),
        // A long run of digits without `+` or a leading zero is more likely
        // an identifier (SIRET, account number) than a phone number.
        _ => None,
    }
}

fn is_mobile_after_cc(cc: u64, next: u64) -> bool {
    match cc {
        33 => matches!(next, 6 | 7),
        32 => next == 4,
        41 | 44 => next == 7,
        _ => false,
    }
}

/// `12 500,00 €`, `1,234.56`, `-3`, `45 %`, `EUR 300`: digits with number
/// punctuation and at most a currency or percent sign.
pub fn is_number(s: &str) -> bool {
    let s = s.trim();
    let s = s
        .trim_end_matches(['€', '$', '£', '%', ' ', '\u{a0}', '\u{202f}'])
        .trim_end_matches("EUR")
        .trim_end_matches("USD")
        .trim_start_matches(['€', '$', '£'])
        .trim_start_matches("EUR ")
        .trim();
    let mut digits = 0;
    for (i, c) in s.chars().enumerate() {
        match c {
            '0'..='9' => digits += 1,
            '-' | '+' if i == 0 => {}
            ',' | '.' | ' ' | '\u{a0}' | '\u{202f}' | '\'' => {}
            _ => return false,
        }
    }
    digits > 0
}

/// `https://acme.fr`, `www.acme.fr`, `acme.fr/contact`.
pub fn is_url(s: &str) -> bool {
    let s = s.trim();
    let rest =
        strip_prefix_ci(s, "https://").or_else(|| strip_prefix_ci(s, "http://")).unwrap_or(s);
    let rest = strip_prefix_ci(rest, "www.").unwrap_or(rest);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || s.contains('@') || s.chars().any(char::is_whitespace) {
        return false;
    }
    let mut labels = 0;
    let mut last = "";
    for label in host.split('.') {
        if label.is_empty() || !label.chars().all(|c| c.is_alphanumeric() || c == '-') {
            return false;
        }
        labels += 1;
        last = label;
    }
    labels >= 2 && (2..=24).contains(&last.len()) && last.chars().all(|c| c.is_ascii_alphabetic())
}

/// `s` without an ASCII prefix, ignoring case (never slices inside a
/// multi-byte character).
fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) { s.get(prefix.len()..) } else { None }
}

/// A date written as text: `26/11/2026`, `26-11-26`, `26.11.2026`,
/// `2026-11-26` (a time after a space or `T` is ignored). Day first unless
/// the day-first reading is impossible (`11/26/2026`).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let date_part = s.split([' ', 'T']).next()?;
    if date_part.len() < 6 || date_part.len() > 10 {
        return None;
    }
    let mut nums = [0u32; 3];
    let mut lens = [0usize; 3];
    let mut k = 0;
    let mut sep: Option<char> = None;
    for c in date_part.chars() {
        if let Some(d) = c.to_digit(10) {
            if lens[k] == 4 {
                return None; // no date part has more than four digits
            }
            nums[k] = nums[k] * 10 + d;
            lens[k] += 1;
        } else if matches!(c, '/' | '-' | '.') && sep.is_none_or(|p| p == c) && lens[k] > 0 && k < 2
        {
            sep = Some(c);
            k += 1;
        } else {
            return None;
        }
    }
    if k != 2 || lens[2] == 0 {
        return None;
    }
    let year = |y: u32, len: usize| match len {
        4 => Some(y as i32),
        2 => Some(2000 + y as i32),
        _ => None,
    };
    if lens[0] == 4 {
        return NaiveDate::from_ymd_opt(nums[0] as i32, nums[1], nums[2]);
    }
    if lens[0] > 2 || lens[1] > 2 {
        return None;
    }
    let y = year(nums[2], lens[2])?;
    NaiveDate::from_ymd_opt(y, nums[1], nums[0])
        .or_else(|| NaiveDate::from_ymd_opt(y, nums[0], nums[1]))
}

/// Two to five words of letters (`Jean Dupont`, `Marie-Claire de La Tour`):
/// what a full name looks like.
pub fn is_multi_word_name(s: &str) -> bool {
    let s = s.trim();
    if s.len() > 60 || s.contains('@') {
        return false;
    }
    let mut words = 0;
    for w in s.split_whitespace() {
        if w.chars().any(|c| c.is_ascii_digit()) || !w.chars().any(char::is_alphabetic) {
            return false;
        }
        words += 1;
    }
    (2..=5).contains(&words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_shapes() {
        use Shape::*;
        let cases: &[(&str, Shape)] = &[
            ("jean.dupont@acme.fr", Email),
            ("mailto:a@b.co", Email),
            ("Jean Dupont <jean@acme.fr>", Email),
            ("jean@acme", Text),
            ("06 12 34 56 78", Phone { mobile: true }),
            ("06.12.34.56.78", Phone { mobile: true }),
            ("+33 6 12 34 56 78", Phone { mobile: true }),
            ("+33 (0)7 12 34 56 78", Phone { mobile: true }),
            ("0033612345678", Phone { mobile: true }),
            ("01 44 55 66 77", Phone { mobile: false }),
            ("+33 1 44 55 66 77", Phone { mobile: false }),
            ("+32 470 12 34 56", Phone { mobile: true }),
            ("612345678", Phone { mobile: true }),
            ("26/11/2026", Date),
            ("2026-11-26", Date),
            ("26-11-26", Date),
            ("11/26/2026", Date),
            ("2026-11-26 10:30:00", Date),
            ("12 500,00 €", Number),
            ("1,234.56", Number),
            ("-3", Number),
            ("45 %", Number),
            ("75008", Number),
            ("https://www.acme.fr/contact", Url),
            ("www.acme.fr", Url),
            ("acme.fr", Url),
            ("Jean Dupont", Text),
            ("Dupont SA", Text),
            ("oui", Bool),
            ("Proposition envoyée", Text),
            ("12345678901234", Number),
        ];
        for (text, want) in cases {
            assert_eq!(of_text(text), *want, "{text:?}");
        }
    }

    #[test]
    fn numbers_that_lost_a_leading_zero_are_phones() {
        assert_eq!(of_cell(&Cell::Number(612345678.0)), Some(Shape::Phone { mobile: true }));
        assert_eq!(of_cell(&Cell::Number(144556677.0)), Some(Shape::Phone { mobile: false }));
        assert_eq!(of_cell(&Cell::Number(33612345678.0)), Some(Shape::Phone { mobile: true }));
        assert_eq!(of_cell(&Cell::Number(12500.0)), Some(Shape::Number));
        assert_eq!(of_cell(&Cell::Number(6.5)), Some(Shape::Number));
        assert_eq!(of_cell(&Cell::Empty), None);
        assert_eq!(of_cell(&Cell::text("  ")), None);
    }

    #[test]
    fn names_with_several_words() {
        assert!(is_multi_word_name("Jean Dupont"));
        assert!(is_multi_word_name("Marie-Claire de La Tour"));
        assert!(!is_multi_word_name("Dupont"));
        assert!(!is_multi_word_name("Bât. 3"));
        assert!(!is_multi_word_name("jean@acme.fr x"));
    }

    /// Long digit runs (phones stored as numbers) once overflowed the date
    /// parser and panicked: they are simply not dates.
    #[test]
    fn long_digit_runs_are_not_dates() {
        for s in ["3362221559", "0033622215590", "9999999999", "12/12/99999", "4294967295-1-1"] {
            assert_eq!(parse_date(s), None, "{s}");
        }
        assert_eq!(parse_date("26/11/2026"), NaiveDate::from_ymd_opt(2026, 11, 26));
    }

    proptest::proptest! {
        #[test]
        fn shape_checks_never_panic(s in "\\PC{0,40}") {
            let _ = parse_date(&s);
        }
    }
}
