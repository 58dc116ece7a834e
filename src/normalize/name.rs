//! Person names: clean a first-name or last-name cell, split a full-name
//! cell into first and last name, and derive the folded match key.
//!
//! Side files write names every way a person can type them: `DUPONT Jean`,
//! `M. Jean-Pierre MARTIN`, `jean dupont`, `Dupont, Jean`. Matching needs a
//! stable key and the import needs display text, so this module strips
//! civilities, restores case only where the writer gave no case information
//! (ALL CAPS or all lower; a word written in mixed case, `DuPont`, is kept as
//! written) and reads the case signal to tell the surname from the first name.
//!
//! Case rules for a word that must be recased (documented here because they
//! are conventions, not facts):
//! - every hyphen segment is capitalised (`JEAN-PIERRE` → `Jean-Pierre`,
//!   `ABD-EL-KADER` → `Abd-El-Kader`);
//! - French and German particles `de`, `du`, `des`, `von`, `zu` stay lower
//!   case wherever they are followed by another word (`DE LA FONTAINE` → `de
//!   la Fontaine`, `DE GAULLE` → `de Gaulle`); `le`, `la`, `les` only right
//!   after `de` (`de la`), otherwise they are part of the name (`Le Goff`,
//!   `La Fontaine`, `Jean Le Goff`);
//! - Dutch, Italian, Spanish and Portuguese particles (`van`, `der`, `den`,
//!   `ter`, `ten`, `da`, `das`, `do`, `dos`, `di`, `del`, `della`) are lower
//!   case inside a name and capitalised when they start it, as Belgian and
//!   French registers write a surname alone (`Van Damme`, `Da Silva`,
//!   `Ludwig van Beethoven`, `Lula da Silva`); `Van` after a Vietnamese family
//!   name is a middle name and keeps its capital (`Nguyen Van An`);
//! - a one-letter prefix with an apostrophe is capitalised on both sides
//!   (`O'Brien`, `N'Diaye`, `D'Angelo`, `L'Hermite`), except `d'` and `l'`
//!   inside a name (`Jean d'Ormesson`, `de l'Isle`);
//! - `Mc` always capitalises the next letter (`MCDONALD` → `McDonald`); `Mac`
//!   only for the Scottish and Irish names in [`MAC_NAMES`], because `Mace`,
//!   `Machin`, `Macron` or `Mackay` are not built that way;
//! - Arabic-origin elements (`Ben`, `El`, `Al`, `Abd`, `Ait`) are capitalised
//!   (`Ben Ali`, `El Amrani`).
//!
//! Flemish names written in capitals (`DE SMET`) come out as `de Smet`: the
//! French reading wins because the match key does not depend on it.
//! Apostrophes are unified to `'` and dashes to `-` in the display text.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use super::Normalized;
use crate::model::IssueKind;

/// A person's name in display case (`Jean-Pierre`, `de la Fontaine`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PersonName {
    pub first: Option<String>,
    pub last: Option<String>,
}

/// Clean one name part (a first-name or last-name cell): civilities
/// removed, spaces collapsed, case restored from ALL CAPS or all lower.
///
/// An empty cell is `none` without a problem; a cell that holds something
/// that is not a name (only a civility, digits, an email, `-`, `?`, `N/A`)
/// is `none` with [`IssueKind::InvalidName`].
pub fn normalize_name_part(raw: &str) -> Normalized<String> {
    let cleaned = clean(raw);
    if cleaned.is_empty() {
        return if raw.trim().is_empty() {
            Normalized::none()
        } else {
            Normalized::invalid(IssueKind::InvalidName, format!("no name in {:?}", raw.trim()))
        };
    }
    let mut tokens: Vec<&str> = cleaned.split(' ').collect();
    let had_civility = strip_civilities(&mut tokens);
    // Stray punctuation between words (`Jean ' Dupont`, `Dupont .`).
    tokens.retain(|t| t.chars().any(char::is_alphanumeric));
    if let Err(why) = check_name(&tokens, had_civility, &cleaned) {
        return Normalized::invalid(IssueKind::InvalidName, why);
    }
    Normalized::ok(recase_words(&tokens))
}

/// Split a full-name cell (`DUPONT Jean`, `Jean Dupont`, `Dupont, Jean`).
///
/// How the surname is found, in order:
/// 1. a comma puts the surname first (`Dupont, Jean`);
/// 2. an initial is the first name (`J. Dupont`, `Dupont J.`);
/// 3. when some words are in capitals and others not, the capitalised run
///    (with the particles touching it) is the surname, wherever it stands
///    (`DUPONT Jean`, `DE LA FONTAINE Jean-Pierre`, `Jean DUPONT`);
/// 4. otherwise the first word is the first name and the rest the surname
///    (`Jean de la Fontaine`), unless the cell starts with a lower-case
///    particle (`de Gaulle Charles`: the last word is the first name).
///
/// A single word is a last name: the surname is what identifies a person in
/// a CRM (Salesforce requires it, HubSpot matches on it), and a lone first
/// name in the last-name slot still matches through the key. A cell with
/// several people (`Jean Dupont / Marie Martin`) keeps the first one and
/// reports [`IssueKind::MultipleValues`]. Bracketed notes (`(DG)`) are
/// dropped. Two words without any case signal (`JEAN DUPONT`, `Dupont Jean`)
/// are read first name first: without a first-name dictionary nothing better
/// is known.
pub fn split_full_name(raw: &str) -> Normalized<PersonName> {
    let cleaned = clean(&without_brackets(raw));
    if cleaned.is_empty() {
        return if raw.trim().is_empty() {
            Normalized::none()
        } else {
            Normalized::invalid(IssueKind::InvalidName, format!("no name in {:?}", raw.trim()))
        };
    }
    if cleaned.len() <= 16 && is_placeholder(&cleaned) {
        return Normalized::invalid(
            IssueKind::InvalidName,
            format!("a placeholder, not a name: {cleaned:?}"),
        );
    }
    let (person, others) = first_person(&cleaned);
    let mut out = split_person(person, &cleaned);
    if others {
        out = out.with(
            IssueKind::MultipleValues,
            format!("several people in {cleaned:?}: the first one is used"),
        );
    }
    out
}

/// The folded match key of a name part: no accents, lowercase, hyphens
/// and spaces unified (`Jean-Pierre` and `JEAN PIERRE` → `jean pierre`).
///
/// Apostrophes, dots and every other non-alphanumeric character are a
/// single space too (`O'Brien` → `o brien`, `J.-P.` → `j p`); `œ`, `æ`, `ß`
/// expand (`Ægidius` → `aegidius`). Unlike the header `fold`, case changes
/// inside a word do not split it, so `McDonald` and `MCDONALD` share a key.
pub fn name_key(display: &str) -> String {
    let mut out = String::with_capacity(display.len());
    let mut sep = false;
    let push = |out: &mut String, sep: &mut bool, c: char| {
        if *sep && !out.is_empty() {
            out.push(' ');
        }
        *sep = false;
        out.push(c);
    };
    for c in display.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                push(&mut out, &mut sep, c.to_ascii_lowercase());
            } else {
                sep = true;
            }
            continue;
        }
        if let Some(e) = expansion(c) {
            for e in e.chars() {
                push(&mut out, &mut sep, e);
            }
            continue;
        }
        if is_combining_mark(c) {
            continue;
        }
        if !c.is_alphanumeric() {
            sep = true;
            continue;
        }
        // Compatibility decomposition: accents go, ligatures (`ﬀ`) and
        // full-width letters become their plain letters.
        decompose_compatible(c, |d| {
            if is_combining_mark(d) {
                return;
            }
            if !d.is_alphanumeric() {
                sep = true;
                return;
            }
            for l in d.to_lowercase() {
                if let Some(e) = expansion(l) {
                    e.chars().for_each(|e| push(&mut out, &mut sep, e));
                } else if !is_combining_mark(l) {
                    push(&mut out, &mut sep, l);
                }
            }
        });
    }
    out
}

/// The folded first letter of a first name (`Élodie` → `e`, `Ægidius` →
/// `a`, `J.-P.` → `j`), the first character of its [`name_key`].
pub fn initial(first: &str) -> Option<char> {
    let c = first.chars().find(|c| c.is_alphanumeric())?;
    name_key(c.encode_utf8(&mut [0u8; 4])).chars().next()
}

fn expansion(c: char) -> Option<&'static str> {
    Some(match c {
        'œ' | 'Œ' => "oe",
        'æ' | 'Æ' => "ae",
        'ß' | 'ẞ' => "ss",
        'ø' | 'Ø' => "o",
        'đ' | 'Đ' => "d",
        'ł' | 'Ł' => "l",
        'ı' => "i",
        _ => return None,
    })
}

/// Whitespace runs (NBSP included) → one space, trimmed; apostrophes unified
/// to `'`, dashes to `-` without spaces around them (`Dupont - Martin` →
/// `Dupont-Martin`); quotes and stray `,;:` at the ends removed.
fn clean(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut space = false;
    for c in raw.chars() {
        let c = match c {
            '\u{2019}' | '\u{2018}' | '`' | '\u{b4}' | '\u{2bc}' => '\'',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' => '-',
            c => c,
        };
        if c.is_whitespace() || c.is_control() {
            space = true;
            continue;
        }
        if c == '-' {
            space = false;
            if out.ends_with(' ') {
                out.pop();
            }
            out.push('-');
            continue;
        }
        if space && !out.is_empty() && !out.ends_with('-') {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    let trimmed = out.trim_matches(|c: char| {
        matches!(c, '"' | ',' | ';' | ':' | ' ' | '-' | '\u{ab}' | '\u{bb}')
    });
    if trimmed.len() == out.len() { out } else { trimmed.to_string() }
}

fn without_brackets(raw: &str) -> std::borrow::Cow<'_, str> {
    if !raw.contains(['(', '[']) {
        return raw.into();
    }
    let mut out = String::with_capacity(raw.len());
    let mut depth = 0u32;
    for c in raw.chars() {
        match c {
            '(' | '[' => {
                depth += 1;
                out.push(' ');
            }
            ')' | ']' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.into()
}

/// Civilities and titles, folded, without their dot. `Me` is `Maître`
/// (lawyers, notaries), `Pr` professeur.
const CIVILITIES: &[&str] = &[
    "m",
    "mr",
    "mm",
    "mme",
    "mmes",
    "mlle",
    "mlles",
    "melle",
    "mle",
    "monsieur",
    "madame",
    "mademoiselle",
    "messieurs",
    "dr",
    "docteur",
    "pr",
    "prof",
    "professeur",
    "me",
    "maitre",
    "mrs",
    "ms",
    "miss",
    "mister",
    "sir",
    "mx",
    "dame",
];

fn is_civility(token: &str) -> bool {
    if token.len() > 12 {
        return false;
    }
    // `M./Mme`, `Mr/Mrs`: every piece a civility.
    if token.contains('/') {
        return token.split('/').all(|t| t.is_empty() || is_civility(t));
    }
    let t = token.strip_suffix('.').unwrap_or(token);
    if t.is_empty() || !t.chars().all(char::is_alphabetic) {
        return false;
    }
    // Every name's first word passes here: no allocation for ASCII words.
    if t.is_ascii() {
        return CIVILITIES.iter().any(|c| c.eq_ignore_ascii_case(t));
    }
    let k = name_key(t);
    CIVILITIES.contains(&k.as_str())
}

/// Remove the civilities at the start (`M.`, `M. et Mme`, `Mr & Mrs`), but
/// never the last word: `Me` alone is reported, not emptied here. Returns
/// whether any was found, so that "only a civility" can be told apart.
fn strip_civilities(tokens: &mut Vec<&str>) -> bool {
    let mut n = 0;
    let mut found = false;
    while n < tokens.len() {
        // A bare `M` closing the cell is an initial (`Dupont M`), not `M.`.
        if n + 1 == tokens.len() && tokens[n].len() == 1 {
            break;
        }
        if is_civility(tokens[n]) {
            found = true;
            n += 1;
        } else if found
            && matches!(tokens[n], "et" | "&" | "and" | "ou" | "/")
            && tokens.get(n + 1).is_some_and(|t| is_civility(t))
        {
            n += 1;
        } else {
            break;
        }
    }
    tokens.drain(..n);
    found
}

/// Folded cells that hold no name, besides the common placeholders.
const ALSO: &[&str] = &["ns", "nom", "prenom", "name", "first name", "last name", "test", "divers"];

fn check_name(tokens: &[&str], had_civility: bool, cleaned: &str) -> Result<(), String> {
    if tokens.is_empty() {
        return Err(if had_civility {
            format!("only a civility in {cleaned:?}")
        } else {
            format!("no name in {cleaned:?}")
        });
    }
    let mut letters = false;
    for t in tokens {
        if t.contains('@') {
            return Err(format!("an email, not a name: {cleaned:?}"));
        }
        if t.bytes().any(|b| b.is_ascii_digit()) {
            return Err(format!("digits in a name: {cleaned:?}"));
        }
        letters |= t.chars().any(char::is_alphabetic);
    }
    if !letters {
        return Err(format!("no name in {cleaned:?}"));
    }
    if cleaned.len() <= 16 && tokens.len() <= 2 && is_placeholder(&tokens.join(" ")) {
        return Err(format!("a placeholder, not a name: {cleaned:?}"));
    }
    Ok(())
}

fn is_placeholder(s: &str) -> bool {
    // Asked of most cells: fold short ASCII text on the stack.
    if s.len() <= 16 && s.is_ascii() {
        let mut buf = [0u8; 16];
        let mut n = 0;
        let mut sep = false;
        for b in s.bytes() {
            if b.is_ascii_alphanumeric() {
                if sep && n > 0 {
                    buf[n] = b' ';
                    n += 1;
                }
                sep = false;
                buf[n] = b.to_ascii_lowercase();
                n += 1;
            } else {
                sep = true;
            }
        }
        let key = std::str::from_utf8(&buf[..n]).unwrap_or("");
        return super::placeholder::says_nothing(key, ALSO);
    }
    super::placeholder::says_nothing(&name_key(s), ALSO)
}

/// Scottish and Irish `Mac` names written with a capital after `Mac`.
/// Anything else starting with `mac` is an ordinary word (`Mace`, `Machin`,
/// `Macron`, `Mackay`, `Machado`).
const MAC_NAMES: &[&str] = &[
    "macalister",
    "macallan",
    "macarthur",
    "macaulay",
    "macbain",
    "macbeth",
    "macbride",
    "maccallum",
    "maccormack",
    "macdermott",
    "macdonald",
    "macdougall",
    "macduff",
    "macewan",
    "macfadyen",
    "macfarlane",
    "macgillivray",
    "macgregor",
    "macinnes",
    "macintosh",
    "macintyre",
    "maciver",
    "mackenna",
    "mackenzie",
    "mackinnon",
    "maclachlan",
    "maclaren",
    "maclean",
    "macleod",
    "macmahon",
    "macmillan",
    "macnamara",
    "macneil",
    "macneill",
    "macphail",
    "macpherson",
    "macqueen",
    "macrae",
    "mactavish",
];

/// Vietnamese family names: a `Van` (Văn) after one of them is a middle
/// name, not the Dutch particle.
const VIET_FAMILY: &[&str] = &[
    "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do",
    "ho", "ngo", "duong", "ly", "truong", "dinh", "lam", "mai", "trinh", "cao", "ta", "luong",
    "doan", "vuong", "quach", "luu", "tang", "chau", "thai", "kieu", "la",
];

/// Particles lower case wherever another word follows.
const ALWAYS_LOWER: &[&str] = &["de", "du", "des", "von", "zu", "vom", "zum", "zur"];
/// Particles lower case inside a name, capitalised at its start.
const INSIDE_LOWER: &[&str] = &[
    "van", "der", "den", "ter", "ten", "het", "da", "das", "do", "dos", "di", "del", "della",
    "dello", "degli", "dei",
];

/// A short ASCII word lowercased on the stack: particles are compared per
/// word of every name, so this path must not allocate.
#[derive(Clone, Copy)]
struct SmallKey {
    buf: [u8; 6],
    len: u8,
}

impl SmallKey {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len as usize]).unwrap_or("")
    }
}

fn lower_ascii_key(word: &str) -> Option<SmallKey> {
    if word.len() > 6 || !word.is_ascii() {
        return None;
    }
    let mut buf = [0u8; 6];
    for (b, w) in buf.iter_mut().zip(word.bytes()) {
        *b = w.to_ascii_lowercase();
    }
    Some(SmallKey { buf, len: word.len() as u8 })
}

/// Recase every word that carries no case information, then join.
fn recase_words(tokens: &[&str]) -> String {
    let mut out = String::with_capacity(tokens.iter().map(|t| t.len() + 1).sum());
    let keys: Vec<Option<SmallKey>> = tokens.iter().map(|t| lower_ascii_key(t)).collect();
    for (i, word) in tokens.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if !uniform_case(word) {
            out.push_str(word);
            continue;
        }
        let followed = i + 1 < tokens.len();
        let prev = if i > 0 { keys[i - 1].as_ref().map(SmallKey::as_str) } else { None };
        if let (Some(k), true) = (keys[i].as_ref().map(SmallKey::as_str), followed) {
            let lower = ALWAYS_LOWER.contains(&k)
                || (matches!(k, "la" | "le" | "les") && prev == Some("de"))
                || (i > 0
                    && INSIDE_LOWER.contains(&k)
                    && !(k == "van" && prev.is_some_and(|p| VIET_FAMILY.contains(&p))));
            if lower {
                out.push_str(k);
                continue;
            }
        }
        if i > 0 && matches!(keys[i].as_ref().map(SmallKey::as_str), Some("ii" | "iii" | "iv")) {
            out.push_str(&word.to_ascii_uppercase());
            continue;
        }
        recase_word(word, i > 0, &mut out);
    }
    out
}

/// True when the word's letters are all upper case or all lower case.
fn uniform_case(word: &str) -> bool {
    let mut upper = false;
    let mut lower = false;
    for c in word.chars() {
        upper |= c.is_uppercase();
        lower |= c.is_lowercase();
    }
    !(upper && lower)
}

/// Capitalise each hyphen segment of a word written in one case.
fn recase_word(word: &str, inside: bool, out: &mut String) {
    let lower = word.to_lowercase();
    for (j, seg) in lower.split('-').enumerate() {
        if j > 0 {
            out.push('-');
        }
        recase_segment(seg, inside && j == 0, out);
    }
}

fn recase_segment(seg: &str, inside: bool, out: &mut String) {
    // One-letter apostrophe prefix: `o'brien`, `n'diaye`, `d'alembert`.
    if let Some((pre, rest)) = seg.split_once('\'')
        && pre.chars().count() == 1
        && !rest.is_empty()
    {
        if inside && matches!(pre, "d" | "l") {
            out.push_str(pre);
        } else {
            capitalise(pre, out);
        }
        out.push('\'');
        return recase_segment(rest, false, out);
    }
    if seg.len() >= 4 && seg.starts_with("mc") {
        out.push_str("Mc");
        return capitalise(&seg[2..], out);
    }
    if seg.starts_with("mac") && MAC_NAMES.binary_search(&seg).is_ok() {
        out.push_str("Mac");
        return capitalise(&seg[3..], out);
    }
    capitalise(seg, out);
}

fn capitalise(s: &str, out: &mut String) {
    let mut chars = s.chars();
    if let Some(c) = chars.next() {
        out.extend(c.to_uppercase());
        out.push_str(chars.as_str());
    }
}

/// The first person of a cell that may name several (`;`, `/`, `|`, a
/// line break, or `et`/`&`/`and` between two names of two words or more),
/// and whether there were others.
fn first_person(cleaned: &str) -> (&str, bool) {
    let has_letters = |s: &str| s.chars().any(char::is_alphabetic);
    if let Some(i) = cleaned.find([';', '/', '|', '+']) {
        let (a, b) = (&cleaned[..i], &cleaned[i + 1..]);
        // `M./Mme Dupont` is one couple's civility, not two people.
        if has_letters(b) && a.trim().contains(' ') && b.trim().contains(' ') {
            return (a.trim(), true);
        }
        if has_letters(a)
            && has_letters(b)
            && !is_civility(a.trim())
            && (a.trim().contains(' ') || !b.trim().contains(' '))
        {
            return (a.trim(), true);
        }
    }
    for sep in [" et ", " & ", " and ", " ET ", " AND "] {
        if let Some(i) = cleaned.find(sep) {
            let (a, b) = (&cleaned[..i], &cleaned[i + sep.len()..]);
            let a_tokens: Vec<&str> = a.split(' ').collect();
            if a.contains(' ') && b.contains(' ') && !a_tokens.iter().all(|t| is_civility(t)) {
                return (a, true);
            }
        }
    }
    (cleaned, false)
}

fn is_initial(token: &str) -> bool {
    // `J`, `J.`, `J.P.`, `J.-P.`
    let mut letters = 0;
    let mut prev_letter = false;
    for c in token.chars() {
        if c.is_alphabetic() {
            if prev_letter {
                return false;
            }
            letters += 1;
            prev_letter = true;
        } else if c == '.' || c == '-' {
            prev_letter = false;
        } else {
            return false;
        }
    }
    letters >= 1 && (letters == 1 && token.chars().count() <= 2 || token.contains('.'))
}

fn is_upper_word(token: &str) -> bool {
    let mut cased = 0;
    for c in token.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_uppercase() {
            cased += 1;
        }
    }
    cased >= 2
}

fn is_particle_written_lower(token: &str) -> bool {
    matches!(
        token,
        "de" | "du"
            | "des"
            | "la"
            | "le"
            | "les"
            | "von"
            | "van"
            | "der"
            | "den"
            | "da"
            | "das"
            | "do"
            | "dos"
            | "di"
            | "del"
            | "della"
    ) || (token.starts_with("d'") || token.starts_with("l'"))
        && token.len() > 2
        && token[2..].chars().next().is_some_and(char::is_lowercase)
}

fn split_person(person: &str, cleaned: &str) -> Normalized<PersonName> {
    // 1. `Dupont, Jean`
    if let Some((last, first)) = person.split_once(',') {
        let last = normalize_name_part(last);
        let first = normalize_name_part(first.split(',').next().unwrap_or(""));
        if last.value.is_none() && first.value.is_none() {
            return Normalized::invalid(IssueKind::InvalidName, format!("no name in {cleaned:?}"));
        }
        return Normalized::ok(PersonName { first: first.value, last: last.value });
    }
    let mut tokens: Vec<&str> = person.split(' ').filter(|t| !t.is_empty()).collect();
    let had_civility = strip_civilities(&mut tokens);
    // Stray punctuation between words (`Jean ' Dupont`, `Dupont .`).
    tokens.retain(|t| t.chars().any(char::is_alphanumeric));
    if let Err(why) = check_name(&tokens, had_civility, cleaned) {
        return Normalized::invalid(IssueKind::InvalidName, why);
    }
    let n = tokens.len();
    // A side that is a placeholder (`Jean X`, `NC Dupont`) is no name.
    // A civility may open either side (`DUPONT Mme Marie`).
    let side = |words: &[&str]| {
        let mut words = words.to_vec();
        strip_civilities(&mut words);
        (!words.is_empty() && (words.len() != 1 || !is_placeholder(words[0])))
            .then(|| recase_words(&words))
    };
    let make = |first: &[&str], last: &[&str]| {
        Normalized::ok(PersonName { first: side(first), last: side(last) })
    };
    if n == 1 {
        return make(&[], &tokens);
    }
    // 2. Initials, unless a bare capital opens a capitalised surname
    //    before a first name (`D BEAUMELET Catherine`, `L GALL Valentin`:
    //    `Du`, `Le` with a letter lost), which is the capitalised run of 3.
    let lead = tokens.iter().take_while(|t| is_initial(t)).count();
    let opens_upper_surname = lead == 1
        && n >= 3
        && tokens[0].chars().all(char::is_uppercase)
        && is_upper_word(tokens[1])
        && !is_upper_word(tokens[n - 1])
        && !is_initial(tokens[n - 1]);
    if opens_upper_surname {
        let end = 1 + tokens[1..].iter().take_while(|t| is_upper_word(t)).count();
        return make(&tokens[end..], &tokens[..end]);
    }
    if lead > 0 && lead < n {
        return make(&tokens[..lead], &tokens[lead..]);
    }
    if is_initial(tokens[n - 1]) && !is_initial(tokens[0]) {
        return make(&tokens[n - 1..], &tokens[..n - 1]);
    }
    // 3. The capitalised run.
    let upper: Vec<bool> = tokens.iter().map(|t| is_upper_word(t)).collect();
    let count = upper.iter().filter(|u| **u).count();
    if count > 0 && count < n {
        let start = upper.iter().position(|u| *u).unwrap_or(0);
        let end = n - upper.iter().rev().position(|u| *u).unwrap_or(0);
        let contiguous = upper[start..end]
            .iter()
            .zip(&tokens[start..end])
            .all(|(u, t)| *u || is_particle_written_lower(t) || is_upper_particle(t));
        if contiguous {
            let mut s = start;
            while s > 0 && is_particle_written_lower(tokens[s - 1]) {
                s -= 1;
            }
            if s == 0 {
                return make(&tokens[end..], &tokens[..end]);
            }
            return make(&tokens[..s], &tokens[s..]);
        }
    }
    // 4. First word first, unless the cell opens on a particle, which
    //    starts a surname (`de Gaulle Charles`, `Le Goff Marie`): then the
    //    last word is the first name, and two words (`Le Goff`, `Aït
    //    Kader`, `Da Silva`) are a surname alone.
    if opens_a_surname(tokens[0]) {
        if n == 2 {
            return make(&[], &tokens);
        }
        return make(&tokens[n - 1..], &tokens[..n - 1]);
    }
    make(&tokens[..1], &tokens[1..])
}

/// A particle, in any case, that begins a surname: French, Dutch, German,
/// Italian, Spanish and Portuguese ones, and the Arabic and Berber `El`
/// and `Aït`. Not `Ben` or `Al`, which are as often English first names.
fn opens_a_surname(token: &str) -> bool {
    let lower = token.to_lowercase();
    is_particle_written_lower(&lower) || matches!(lower.as_str(), "el" | "ait" | "aït")
}

fn is_upper_particle(t: &str) -> bool {
    lower_ascii_key(t).is_some_and(|k| is_particle_written_lower(k.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn part(raw: &str) -> (Option<String>, Vec<IssueKind>) {
        let n = normalize_name_part(raw);
        (n.value, n.problems.iter().map(|p| p.kind).collect())
    }

    #[test]
    fn name_parts() {
        use IssueKind::*;
        let cases: &[(&str, Option<&str>, &[IssueKind])] = &[
            ("JEAN-PIERRE", Some("Jean-Pierre"), &[]),
            ("jean pierre", Some("Jean Pierre"), &[]),
            ("  Dupont  ", Some("Dupont"), &[]),
            ("DUPONT", Some("Dupont"), &[]),
            ("DuPont", Some("DuPont"), &[]),
            ("DE LA FONTAINE", Some("de la Fontaine"), &[]),
            ("de la fontaine", Some("de la Fontaine"), &[]),
            ("LA FONTAINE", Some("La Fontaine"), &[]),
            ("LE GOFF", Some("Le Goff"), &[]),
            ("DE GAULLE", Some("de Gaulle"), &[]),
            ("DU PONT", Some("du Pont"), &[]),
            ("O'BRIEN", Some("O'Brien"), &[]),
            ("o’brien", Some("O'Brien"), &[]),
            ("N'DIAYE", Some("N'Diaye"), &[]),
            ("D'ALEMBERT", Some("D'Alembert"), &[]),
            ("DE L'ISLE", Some("de l'Isle"), &[]),
            ("MCDONALD", Some("McDonald"), &[]),
            ("MACARTHUR", Some("MacArthur"), &[]),
            ("MACE", Some("Mace"), &[]),
            ("MACHIN", Some("Machin"), &[]),
            ("MACRON", Some("Macron"), &[]),
            ("VAN DAMME", Some("Van Damme"), &[]),
            ("VAN DER BERG", Some("Van der Berg"), &[]),
            ("DA SILVA", Some("Da Silva"), &[]),
            ("MARIE-THÉRÈSE", Some("Marie-Thérèse"), &[]),
            ("zoë", Some("Zoë"), &[]),
            ("ÆGIDIUS", Some("Ægidius"), &[]),
            ("ÉLODIE", Some("Élodie"), &[]),
            ("NGUYEN VAN AN", Some("Nguyen Van An"), &[]),
            ("BEN ALI", Some("Ben Ali"), &[]),
            ("EL AMRANI", Some("El Amrani"), &[]),
            ("ABD-EL-KADER", Some("Abd-El-Kader"), &[]),
            ("Dupont - Martin", Some("Dupont-Martin"), &[]),
            ("M. Dupont", Some("Dupont"), &[]),
            ("Mme\u{a0}Martin", Some("Martin"), &[]),
            ("Maître Durand", Some("Durand"), &[]),
            ("Dr. House", Some("House"), &[]),
            ("Mrs Smith", Some("Smith"), &[]),
            ("M. et Mme Durand", Some("Durand"), &[]),
            ("Jean", Some("Jean"), &[]),
            ("J.", Some("J."), &[]),
            ("", None, &[]),
            ("   ", None, &[]),
            ("Mme", None, &[InvalidName]),
            ("M.", None, &[InvalidName]),
            ("-", None, &[InvalidName]),
            ("?", None, &[InvalidName]),
            ("N/A", None, &[InvalidName]),
            ("jean.dupont@acme.fr", None, &[InvalidName]),
            ("0612345678", None, &[InvalidName]),
            ("xxx", None, &[InvalidName]),
            ("Inconnu", None, &[InvalidName]),
        ];
        for (raw, want, kinds) in cases {
            let (got, got_kinds) = part(raw);
            assert_eq!(got.as_deref(), *want, "value of {raw:?}");
            assert_eq!(&got_kinds, kinds, "issues of {raw:?}");
        }
    }

    fn split(raw: &str) -> (Option<&'static str>, Option<&'static str>, Vec<IssueKind>) {
        let n = split_full_name(raw);
        let v = n.value.unwrap_or_default();
        let leak = |s: Option<String>| s.map(|s| &*Box::leak(s.into_boxed_str()));
        (leak(v.first), leak(v.last), n.problems.iter().map(|p| p.kind).collect())
    }

    #[test]
    fn full_names() {
        use IssueKind::*;
        type Case<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a [IssueKind]);
        let cases: &[Case] = &[
            ("DUPONT Jean", Some("Jean"), Some("Dupont"), &[]),
            ("Jean DUPONT", Some("Jean"), Some("Dupont"), &[]),
            ("Jean Dupont", Some("Jean"), Some("Dupont"), &[]),
            ("jean dupont", Some("Jean"), Some("Dupont"), &[]),
            ("JEAN DUPONT", Some("Jean"), Some("Dupont"), &[]),
            ("Dupont, Jean", Some("Jean"), Some("Dupont"), &[]),
            ("DUPONT, jean", Some("Jean"), Some("Dupont"), &[]),
            ("M. Jean Dupont", Some("Jean"), Some("Dupont"), &[]),
            ("Mme Marie-Thérèse LEFÈVRE", Some("Marie-Thérèse"), Some("Lefèvre"), &[]),
            ("Jean-Pierre Martin", Some("Jean-Pierre"), Some("Martin"), &[]),
            ("DE LA FONTAINE Jean-Pierre", Some("Jean-Pierre"), Some("de la Fontaine"), &[]),
            ("Jean de la Fontaine", Some("Jean"), Some("de la Fontaine"), &[]),
            ("Jean de LA FONTAINE", Some("Jean"), Some("de la Fontaine"), &[]),
            ("Jean-Pierre DE LA FONTAINE", Some("Jean-Pierre"), Some("de la Fontaine"), &[]),
            ("de Gaulle Charles", Some("Charles"), Some("de Gaulle"), &[]),
            // A particle opens a surname in any case; alone with it, no
            // first name.
            ("Le Goff Marie", Some("Marie"), Some("Le Goff"), &[]),
            ("Le Goff", None, Some("Le Goff"), &[]),
            ("Aït Kader", None, Some("Aït Kader"), &[]),
            ("Da Silva", None, Some("Da Silva"), &[]),
            ("de Mouchotenot", None, Some("de Mouchotenot"), &[]),
            ("Ben Smith", Some("Ben"), Some("Smith"), &[]),
            ("J. Dupont", Some("J."), Some("Dupont"), &[]),
            ("J.-P. Dupont", Some("J.-P."), Some("Dupont"), &[]),
            ("Dupont J.", Some("J."), Some("Dupont"), &[]),
            ("J DUPONT", Some("J"), Some("Dupont"), &[]),
            // A particle that lost a letter, in a capitalised surname.
            ("D BEAUMELET Catherine", Some("Catherine"), Some("D Beaumelet"), &[]),
            ("L GALL Valentin", Some("Valentin"), Some("L Gall"), &[]),
            ("Dupont", None, Some("Dupont"), &[]),
            ("DUPONT", None, Some("Dupont"), &[]),
            ("NGUYEN Van An", Some("Van An"), Some("Nguyen"), &[]),
            ("Karim BEN ALI", Some("Karim"), Some("Ben Ali"), &[]),
            ("Yasmina EL AMRANI", Some("Yasmina"), Some("El Amrani"), &[]),
            ("Sean O'Brien", Some("Sean"), Some("O'Brien"), &[]),
            ("Jean Dupont (DG)", Some("Jean"), Some("Dupont"), &[]),
            ("Mr John McDonald", Some("John"), Some("McDonald"), &[]),
            ("Ludwig VAN BEETHOVEN", Some("Ludwig"), Some("Van Beethoven"), &[]),
            ("ludwig van beethoven", Some("Ludwig"), Some("Van Beethoven"), &[]),
            ("Zoë Kravitz", Some("Zoë"), Some("Kravitz"), &[]),
            ("Jean Dupont / Marie Martin", Some("Jean"), Some("Dupont"), &[MultipleValues]),
            ("Jean Dupont et Marie Martin", Some("Jean"), Some("Dupont"), &[MultipleValues]),
            ("M./Mme Durand", None, Some("Durand"), &[]),
            ("", None, None, &[]),
            ("Mme", None, None, &[InvalidName]),
            ("N/A", None, None, &[InvalidName]),
            ("?", None, None, &[InvalidName]),
            ("jean@acme.fr", None, None, &[InvalidName]),
            ("06 12 34 56 78", None, None, &[InvalidName]),
        ];
        for (raw, first, last, kinds) in cases {
            let (f, l, k) = split(raw);
            assert_eq!((f, l), (*first, *last), "split of {raw:?}");
            assert_eq!(&k, kinds, "issues of {raw:?}");
        }
    }

    #[test]
    fn word_lists_sorted() {
        assert!(MAC_NAMES.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn keys_and_initials() {
        let cases = [
            ("Jean-Pierre", "jean pierre"),
            ("JEAN PIERRE", "jean pierre"),
            ("jean–pierre", "jean pierre"),
            ("Lefèvre", "lefevre"),
            ("O'Brien", "o brien"),
            ("McDonald", "mcdonald"),
            ("MCDONALD", "mcdonald"),
            ("Ægidius", "aegidius"),
            ("Zoë", "zoe"),
            ("  de  la Fontaine ", "de la fontaine"),
            ("Œuvray", "oeuvray"),
        ];
        for (s, k) in cases {
            assert_eq!(name_key(s), k, "{s:?}");
        }
        assert_eq!(initial("Élodie"), Some('e'));
        assert_eq!(initial("Ægidius"), Some('a'));
        assert_eq!(initial("J.-P."), Some('j'));
        assert_eq!(initial("  "), None);
        assert_eq!(initial("Œdipe"), Some('o'));
    }

    fn name_like() -> impl Strategy<Value = String> {
        proptest::string::string_regex(
            "(M\\. |Mme |Dr )?([A-Za-zÉéèëÆæŒœ'’-]{1,12}|de|DE|la|LA|van|VAN|MC[A-Z]{2,6}|O'[a-zA-Z]{2,6})( [A-Za-zÉéèë'-]{1,12}){0,3}",
        )
        .expect("regex")
    }

    proptest! {
        #[test]
        fn no_panic(s in "\\PC{0,40}") {
            let _ = normalize_name_part(&s);
            let _ = split_full_name(&s);
            let _ = name_key(&s);
            let _ = initial(&s);
        }

        #[test]
        fn part_idempotent(s in name_like()) {
            if let Some(v) = normalize_name_part(&s).value {
                let again = normalize_name_part(&v);
                prop_assert_eq!(again.value.as_deref(), Some(v.as_str()));
                prop_assert!(again.problems.is_empty());
            }
        }

        #[test]
        fn split_idempotent(s in name_like()) {
            if let Some(p) = split_full_name(&s).value {
                // Each part is stable, and `last, first` splits back the same.
                for v in [&p.first, &p.last].into_iter().flatten() {
                    prop_assert_eq!(normalize_name_part(v).value, Some(v.clone()));
                }
                if let (Some(f), Some(l)) = (&p.first, &p.last) {
                    let again = split_full_name(&format!("{l}, {f}")).value.unwrap_or_default();
                    prop_assert_eq!(again, p);
                }
            }
        }

        #[test]
        fn key_stable(s in "\\PC{0,30}") {
            let k = name_key(&s);
            prop_assert_eq!(name_key(&k), k.clone());
        }

        #[test]
        fn key_ignores_case(s in name_like()) {
            prop_assert_eq!(name_key(&s.to_uppercase()), name_key(&s.to_lowercase()));
        }
    }

    #[test]
    #[ignore]
    fn throughput() {
        let samples = [
            "DUPONT Jean",
            "Jean-Pierre Martin",
            "M. Jean Dupont",
            "Dupont, Jean",
            "Marie-Thérèse LEFÈVRE",
            "jean de la fontaine",
            "Sean O'Brien",
            "NGUYEN Van An",
        ];
        let n = 1_000_000;
        let t = std::time::Instant::now();
        let mut total = 0usize;
        for i in 0..n {
            let s = samples[i % samples.len()];
            let v = split_full_name(s);
            total += v.value.map(|p| name_key(p.last.as_deref().unwrap_or("")).len()).unwrap_or(0);
        }
        let e = t.elapsed();
        eprintln!("split_full_name + name_key: {:.0}/s ({total})", n as f64 / e.as_secs_f64());
        let t = std::time::Instant::now();
        for i in 0..n {
            total += normalize_name_part(samples[i % samples.len()]).value.map_or(0, |v| v.len());
        }
        let e = t.elapsed();
        eprintln!("normalize_name_part: {:.0}/s ({total})", n as f64 / e.as_secs_f64());
    }
}
