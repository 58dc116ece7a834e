//! Phone numbers: a raw cell (`Tél : 06 12 34 56 78`, `+33 (0)1 44 55 66 77
//! poste 123`, `06… / 01…`) becomes one or more valid numbers in E.164
//! (`+33612345678`), each with its kind (mobile, fixed line…) and
//! extension, or an `InvalidPhone` issue saying why not.
//!
//! Two layers. [`normalize_phone`] reads the cell the way people write it
//! in spreadsheets: labels and comments are words, which end a number;
//! `poste`/`ext.`/`x`/`#` start an extension; newlines, `;`, `|` and `&`
//! always separate numbers, while `/`, `-` and `,` separate them only when
//! the digits on each side are a whole number by themselves (`06-12-34-56-78`
//! is one number, `06 12 34 56 78 - 07 81 23 45 67` two); `(0)` after a
//! country code is dropped. Then [`plan`] decides validity, country and kind
//! from libphonenumber's numbering plans (the `phonenumber` crate's
//! metadata, with the crate's own rules, but about ten times faster than
//! calling the crate on one thread, and scaling with threads: see that
//! module).

mod plan;

use compact_str::CompactString;

use super::Normalized;
use crate::model::IssueKind;

use self::plan::{Invalid, NumberType, RegionPlan};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PhoneKind {
    Mobile,
    FixedLine,
    /// Toll-free, shared-cost, VoIP, premium…
    Other,
    /// The numbering plan cannot tell (e.g. fixed or mobile in the US).
    Unknown,
}

impl PhoneKind {
    fn from_type(t: NumberType) -> PhoneKind {
        match t {
            NumberType::Mobile => PhoneKind::Mobile,
            NumberType::FixedLine => PhoneKind::FixedLine,
            NumberType::FixedLineOrMobile | NumberType::Unknown => PhoneKind::Unknown,
            _ => PhoneKind::Other,
        }
    }
}

/// A valid number in E.164 form.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Phone {
    /// `+33612345678`: inline (at most 16 bytes), no allocation of its
    /// own; a large CRM export has a million of them.
    pub e164: CompactString,
    pub kind: PhoneKind,
    /// `poste 123`, `ext. 12` → `123`, `12`.
    pub extension: Option<String>,
}

/// A cell may hold several numbers: the first is the primary one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhoneCell {
    pub primary: Phone,
    pub others: Vec<Phone>,
}

/// Normalize a phone cell; `region` (ISO 3166 alpha-2, `FR`) is used for
/// numbers written without a country code.
///
/// An empty cell gives no value and no problem (whether a phone is required
/// is the record's business); a cell with text but no usable number gives
/// an `InvalidPhone` problem. Valid numbers are kept even when others in the
/// same cell are not.
pub fn normalize_phone(raw: &str, region: &str) -> Normalized<PhoneCell> {
    let text = raw.trim();
    if text.is_empty() {
        return Normalized::none();
    }
    let default = region_plan(region);
    if let Some(primary) = plain_number(text, default) {
        return Normalized::ok(PhoneCell { primary, others: Vec::new() });
    }
    read_cell(text, region, default)
}

/// The general reading of a trimmed, non-empty cell (see [`tokenize`]).
fn read_cell(
    text: &str,
    region: &str,
    default: Option<&'static RegionPlan>,
) -> Normalized<PhoneCell> {
    let segments = tokenize(text);

    let mut phones: Vec<Phone> = Vec::new();
    let mut invalid: Vec<(std::ops::Range<usize>, usize, Invalid)> = Vec::new();
    let mut any_digits = false;
    for segment in &segments {
        any_digits |= segment.iter().any(|g| !g.digits.is_empty());
        resolve(segment, default, &mut phones, &mut invalid);
    }

    let region_name = default.map_or_else(|| region.trim(), |p| p.id.as_str());
    let mut problems = Vec::new();
    if !any_digits {
        problems.push(super::Problem::new(
            IssueKind::InvalidPhone,
            format!("no phone number in {text:?}"),
        ));
    }
    for (span, ndigits, why) in invalid {
        // Once a number was found, one or two digits alone are a label
        // (`Tel 2 : 01…`, `1er étage`), not a broken number.
        if !phones.is_empty() && ndigits <= 2 {
            continue;
        }
        let piece = text[span].trim_matches(|c: char| !c.is_alphanumeric() && c != '+' && c != ')');
        problems.push(super::Problem::new(
            IssueKind::InvalidPhone,
            invalid_message(piece, ndigits, &why, region_name),
        ));
    }
    let mut phones = phones.into_iter();
    let Some(primary) = phones.next() else {
        return Normalized { value: None, problems };
    };
    let others: Vec<Phone> = phones.collect();
    if !others.is_empty() {
        problems.push(super::Problem::new(
            IssueKind::MultipleValues,
            format!(
                "{} phone numbers in one cell; the first ({}) is kept as the primary one",
                others.len() + 1,
                primary.e164
            ),
        ));
    }
    Normalized { value: Some(PhoneCell { primary, others }), problems }
}

/// Most cells of a phone column: digits with spaces, dots, dashes or
/// slashes between them and maybe a leading `+` (`06 12 34 56 78`,
/// `+33 6.12.34.56.78`, `06-12-34-56-78`), whose digits together are one
/// valid number. [`tokenize`] and [`resolve`] read such a cell as one
/// segment whose digits are tried together first, with no extension, so
/// the number found here is the one they would find, without their
/// allocations. Anything else (`(0)`, words, two numbers) takes that road.
fn plain_number(text: &str, default: Option<&'static RegionPlan>) -> Option<Phone> {
    let (plus, body) = match text.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let mut digits = [0u8; 24];
    let mut n = 0;
    for b in body.bytes() {
        match b {
            b'0'..=b'9' => {
                *digits.get_mut(n)? = b;
                n += 1;
            }
            b' ' | b'.' | b'-' | b'/' => {}
            _ => return None,
        }
    }
    let digits = std::str::from_utf8(&digits[..n]).ok()?;
    plan::validate(digits, plus, default).ok().map(|v| phone(v, None))
}

/// Load the numbering plan of `region` on a thread of its own, so that it
/// is ready when the first phone is normalized.
///
/// The first phone of a run pays for the `phonenumber` crate's metadata of
/// every region (it parses all its patterns in one go) and for compiling
/// the default region's plan: about 0.3 s of one core, during which the
/// other core waits for the same plan. Started before the files are read,
/// that load overlaps the reading. Phones normalized before it finishes
/// wait for it, as they would have without it; nothing else changes.
pub fn load_in_background(region: &str) {
    let region = region.to_string();
    // A thread that cannot be started only means the plan loads on first
    // use, as it always could.
    let _ = std::thread::Builder::new().name("phone-plan".into()).spawn(move || {
        region_plan(&region);
    });
}

/// The plan of the default region; `fr` and ` FR ` are accepted.
fn region_plan(region: &str) -> Option<&'static RegionPlan> {
    let region = region.trim();
    if region.bytes().all(|b| b.is_ascii_uppercase()) {
        plan::region(region)
    } else {
        plan::region(&region.to_ascii_uppercase())
    }
}

fn invalid_message(piece: &str, ndigits: usize, why: &Invalid, region: &str) -> String {
    match why {
        Invalid::TooShort { region: r } => {
            let r = if r.is_empty() { region } else { r };
            format!("{piece:?} is too short for a phone number of {r} ({ndigits} digits)")
        }
        Invalid::TooLong { region: r } => {
            let r = if r.is_empty() { region } else { r };
            format!("{piece:?} is too long for a phone number of {r} ({ndigits} digits)")
        }
        Invalid::UnknownCountryCode => {
            format!("{piece:?} starts with no known country calling code")
        }
        Invalid::NoRegion => format!(
            "{piece:?} has no country code and {region:?} is not a known region to read it in"
        ),
        Invalid::NotInPlan { region: r } => {
            let r = if r.is_empty() { region } else { r };
            format!("{piece:?} is not a valid number for {r}")
        }
    }
}

/// A run of digits between two separators, with the `+` before it and the
/// extension after it.
#[derive(Debug, Default)]
struct Group {
    plus: bool,
    digits: String,
    extension: Option<String>,
    /// Byte span in the trimmed cell, for messages.
    start: usize,
    end: usize,
}

/// Cut the cell into segments (hard separators: newline, `;`, `|`, `&`,
/// words) of groups (soft separators: `/`, `-`, `,`, a `+`).
fn tokenize(text: &str) -> Vec<Vec<Group>> {
    let mut segments: Vec<Vec<Group>> = vec![Vec::new()];
    let mut cur: Option<Group> = None;
    let mut plus = false;
    let bytes = text.as_bytes();
    let mut i = 0;

    fn close(segments: &mut [Vec<Group>], cur: &mut Option<Group>) {
        if let Some(g) = cur.take()
            && let Some(seg) = segments.last_mut()
        {
            seg.push(g);
        }
    }

    while i < text.len() {
        let Some(c) = text[i..].chars().next() else { break };
        let len = c.len_utf8();
        if let Some(d) = ascii_digit(c) {
            let g = cur.get_or_insert_with(|| Group {
                plus: std::mem::take(&mut plus),
                start: i,
                ..Group::default()
            });
            g.digits.push(d);
            g.end = i + len;
            i += len;
            continue;
        }
        match c {
            '+' | '\u{FF0B}' => {
                close(&mut segments, &mut cur);
                plus = true;
            }
            '(' => {
                // `+33 (0)6…`: the trunk 0 written beside the country code.
                if let Some(skip) = zero_in_parens(&bytes[i..])
                    && is_international(segments.last().map_or(&[][..], |s| s), cur.as_ref())
                {
                    i += skip;
                    continue;
                }
            }
            '/' | '-' | ',' | ':' | '\\' | '\u{2010}'..='\u{2015}' | '\u{2212}' => {
                close(&mut segments, &mut cur);
            }
            '\n' | '\r' | ';' | '|' | '&' => {
                close(&mut segments, &mut cur);
                plus = false;
                segments.push(Vec::new());
            }
            '#' => {
                if let Some((ext, next)) = extension_digits(text, i + 1) {
                    attach_extension(&mut segments, &mut cur, ext);
                    i = next;
                    continue;
                }
            }
            c if c.is_alphabetic() => {
                let word_end =
                    text[i..].find(|c: char| !c.is_alphabetic()).map_or(text.len(), |e| i + e);
                let word = &text[i..word_end];
                if is_extension_marker(word)
                    && let Some((ext, next)) = extension_digits(text, word_end)
                {
                    attach_extension(&mut segments, &mut cur, ext);
                    i = next;
                    continue;
                }
                close(&mut segments, &mut cur);
                plus = false;
                if segments.last().is_some_and(|s| !s.is_empty()) {
                    segments.push(Vec::new());
                }
                i = word_end;
                continue;
            }
            // Spaces of every kind, dots, `(`, `)`, quotes, `:`: punctuation.
            _ => {}
        }
        i += len;
    }
    close(&mut segments, &mut cur);
    segments
}

fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        // Full-width digits, from text pasted out of East Asian software.
        '\u{FF10}'..='\u{FF19}' => char::from_u32(c as u32 - 0xFF10 + u32::from(b'0')),
        _ => None,
    }
}

/// `(0)`, `( 0 )`: how many bytes to skip.
fn zero_in_parens(bytes: &[u8]) -> Option<usize> {
    let mut j = 1;
    while bytes.get(j) == Some(&b' ') {
        j += 1;
    }
    if bytes.get(j) != Some(&b'0') {
        return None;
    }
    j += 1;
    while bytes.get(j) == Some(&b' ') {
        j += 1;
    }
    (bytes.get(j) == Some(&b')')).then_some(j + 1)
}

/// Whether the number being read so far started with `+` or `00`.
fn is_international(segment: &[Group], cur: Option<&Group>) -> bool {
    let first = segment.first().or(cur);
    first.is_some_and(|g| g.plus || g.digits.starts_with("00"))
}

fn is_extension_marker(word: &str) -> bool {
    ["poste", "p", "ext", "extn", "extension", "x"].iter().any(|m| word.eq_ignore_ascii_case(m))
}

/// The digits of an extension after its marker (`. `, `: `, `=` allowed in
/// between), and where they end; at most 7 digits, as in libphonenumber.
fn extension_digits(text: &str, from: usize) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let mut j = from;
    while j < bytes.len() && matches!(bytes[j], b'.' | b':' | b'=' | b' ' | b'\t') {
        j += 1;
    }
    let start = j;
    while j < bytes.len() && bytes[j].is_ascii_digit() {
        j += 1;
    }
    let n = j - start;
    (1..=7).contains(&n).then(|| (text[start..j].to_owned(), j))
}

/// An extension belongs to the number just read, even across a `,` or a
/// `;` (`01 44 55 66 77, poste 12`; `tel:…;ext=12`).
fn attach_extension(segments: &mut [Vec<Group>], cur: &mut Option<Group>, ext: String) {
    if let Some(g) = cur.as_mut() {
        g.extension = Some(ext);
        return;
    }
    if let Some(g) = segments.iter_mut().rev().find_map(|s| s.last_mut()) {
        g.extension = Some(ext);
    }
}

type InvalidPiece = (std::ops::Range<usize>, usize, Invalid);

/// Read the numbers of one segment: the whole segment as one number first,
/// else greedily, group by group, each number ending as soon as its digits
/// are valid.
fn resolve(
    segment: &[Group],
    default: Option<&'static RegionPlan>,
    phones: &mut Vec<Phone>,
    invalid: &mut Vec<InvalidPiece>,
) {
    let Some(first) = segment.first() else { return };
    let last = &segment[segment.len() - 1];
    let extension = |gs: &[Group]| gs.iter().rev().find_map(|g| g.extension.clone());
    if segment.len() == 1 || segment[1..].iter().all(|g| !g.plus) {
        let digits;
        let whole: &str = if segment.len() == 1 {
            &first.digits
        } else {
            digits = segment.iter().map(|g| g.digits.as_str()).collect::<String>();
            &digits
        };
        match plan::validate(whole, first.plus, default) {
            Ok(v) => {
                phones.push(phone(v, extension(segment)));
                return;
            }
            Err(why) if segment.len() == 1 => {
                invalid.push((first.start..last.end, whole.len(), why));
                return;
            }
            Err(_) => {}
        }
    }
    // From each group, the shortest run of groups that is a valid number;
    // a group that starts none is junk (`Tel 1: 06…`), reported with its
    // junk neighbours as one piece.
    let mut found = 0;
    let mut junk: Vec<InvalidPiece> = Vec::new();
    let mut junk_from: Option<usize> = None;
    let mut from = 0;
    let mut acc = String::new();
    while from < segment.len() {
        acc.clear();
        let mut hit = None;
        for k in from..segment.len() {
            if k > from && segment[k].plus {
                break;
            }
            acc.push_str(&segment[k].digits);
            if let Ok(v) = plan::validate(&acc, segment[from].plus, default) {
                hit = Some((k, v));
                break;
            }
        }
        match hit {
            Some((k, v)) => {
                if let Some(j) = junk_from.take() {
                    junk.push(junk_piece(&segment[j..from], default));
                }
                phones.push(phone(v, extension(&segment[from..=k])));
                found += 1;
                from = k + 1;
            }
            None => {
                junk_from.get_or_insert(from);
                from += 1;
            }
        }
    }
    if let Some(j) = junk_from {
        junk.push(junk_piece(&segment[j..], default));
    }
    if found == 0 {
        // Nothing in it is a number: report the segment once, as a whole.
        invalid.push(junk_piece(segment, default));
    } else {
        invalid.extend(junk);
    }
}

/// A run of groups that is no number, and why: what the plan says of all
/// its digits together.
fn junk_piece(groups: &[Group], default: Option<&'static RegionPlan>) -> InvalidPiece {
    let (first, last) = (&groups[0], &groups[groups.len() - 1]);
    let digits: String = groups.iter().map(|g| g.digits.as_str()).collect();
    let why = match plan::validate(&digits, first.plus, default) {
        Err(why) => why,
        // Valid together but not read so: a `+` in the middle.
        Ok(_) => Invalid::NotInPlan { region: String::new() },
    };
    (first.start..last.end, digits.len(), why)
}

fn phone(v: plan::Valid, extension: Option<String>) -> Phone {
    Phone { e164: v.e164, kind: PhoneKind::from_type(v.number_type), extension }
}

#[cfg(test)]
mod tests;
