//! Email addresses: from what people type into an email column to one
//! lowercase address per person, with the problems a sender would hit.
//!
//! A cell can hold a display name (`"Dupont, Jean" <jean@acme.fr>`), a
//! `mailto:` link pasted from a web page, several addresses (`a@x.fr; b@x.fr`,
//! `a@x.fr et b@x.fr`), padding from exports (NBSP, U+3000, zero-width
//! spaces), or an address a sender would bounce on (`jean@`, `jean@gmial.com`).
//! The first valid address is the primary one; the others are kept. Syntax
//! errors make the address unusable ([`IssueKind::InvalidEmail`]); a likely
//! domain typo keeps the address as typed and suggests a fix
//! ([`IssueKind::EmailTypo`]): the user decides, we never rewrite a domain.
//! Each address is also marked as a role account (`contact@`) or free-mail
//! (`@orange.fr`) because matching must not trust the former as a person and
//! company inference must not take the latter for a company's domain.

mod domains;

pub(super) use self::domains::{FastMap, FastSet};
use self::domains::{POPULAR_SUFFIXES, TABLES, key_index};
use super::{Normalized, Problem};
use crate::model::IssueKind;

/// A syntactically valid address, lowercase.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Email {
    /// `jean.dupont@acme.fr`
    pub address: String,
    /// A shared role address (`contact@`, `info@`, `commercial@`): it
    /// identifies a company, not a person, so matching must not trust it.
    pub role_account: bool,
    /// A free-mail domain (gmail.com, orange.fr, wanadoo.fr…): the domain
    /// says nothing about the company. Also true for a likely typo of one
    /// (`gmial.com`), which says nothing about the company either.
    pub free_mail: bool,
}

impl Email {
    pub fn local(&self) -> &str {
        self.address.split('@').next().unwrap_or("")
    }

    pub fn domain(&self) -> &str {
        self.address.rsplit('@').next().unwrap_or("")
    }
}

/// A cell may hold several addresses: the first is the primary one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmailCell {
    pub primary: Email,
    pub others: Vec<Email>,
}

/// Normalize an email cell.
///
/// Blank cells and placeholders (`N/A`, `néant`, `-`, `xxx`) give no value
/// and no problem: a missing email is the business of the critical-field
/// rules, not of syntax.
pub fn normalize_email(raw: &str) -> Normalized<EmailCell> {
    let s = trim_invisible(raw);
    if s.is_empty() || (!s.contains('@') && is_placeholder(s)) {
        return Normalized::none();
    }
    // Most cells hold one plain address: skip the splitting entirely.
    if is_plain(s) {
        return match parse_address(s) {
            Ok(parsed) => {
                let mut out =
                    Normalized::ok(EmailCell { primary: parsed.email, others: Vec::new() });
                out.problems.extend(parsed.typo);
                out
            }
            Err(why) => Normalized::invalid(IssueKind::InvalidEmail, why),
        };
    }

    let mut candidates = Vec::new();
    split_cell(s, &mut candidates);
    let mut emails: Vec<Email> = Vec::new();
    let mut problems = Vec::new();
    for cand in candidates {
        match parse_address(&cand.text) {
            Ok(parsed) => {
                if emails.iter().any(|e| e.address == parsed.email.address) {
                    continue;
                }
                if let Some(original) = cand.comma_fixed {
                    problems.push(Problem::new(
                        IssueKind::EmailTypo,
                        format!(
                            "`{original}` has a comma where the domain needs a dot: read as {}",
                            parsed.email.address
                        ),
                    ));
                }
                problems.extend(parsed.typo);
                emails.push(parsed.email);
            }
            Err(why) => problems.push(Problem::new(IssueKind::InvalidEmail, why)),
        }
    }
    if emails.len() > 1 {
        let others: Vec<&str> = emails[1..].iter().map(|e| e.address.as_str()).collect();
        problems.push(Problem::new(
            IssueKind::MultipleValues,
            format!(
                "{} addresses in one cell: {} is used, {} kept beside it",
                emails.len(),
                emails[0].address,
                others.join(", ")
            ),
        ));
    }
    let mut emails = emails.into_iter();
    match emails.next() {
        Some(primary) => {
            Normalized { value: Some(EmailCell { primary, others: emails.collect() }), problems }
        }
        None => {
            if problems.is_empty() {
                problems
                    .push(Problem::new(IssueKind::InvalidEmail, format!("no address in `{s}`")));
            }
            Normalized { value: None, problems }
        }
    }
}

/// The domain a likely typo was meant to be (`gmial.com` → `gmail.com`,
/// `orange.fe` → `orange.fr`, `acme.con` → `acme.com`), or none.
///
/// Only near misses of well-known free-mail brands and of real top-level
/// domains are suggested: a company domain that merely looks like nothing
/// known is never flagged, and a known domain never is either.
pub fn suggest_domain(domain: &str) -> Option<String> {
    let t = &*TABLES;
    if t.free_mail.contains(domain) || !domain.is_ascii() {
        return None;
    }
    let (name, suffix) = domain.split_once('.')?;
    // A known brand under a suffix it does not use: `orange.fe`, `gmail.fr`.
    // `orange.com` and `laposte.fr` (the companies' own staff domains) are
    // too far from the brand's suffixes to be typos.
    if let Some(&i) = t.brand_index.get(name) {
        let brand = &t.brands[i];
        if let Some(s) = brand.suffixes.iter().find(|s| is_slip(suffix, s, true)) {
            return Some(format!("{name}.{s}"));
        }
        return brand.strict.then(|| format!("{name}.{}", brand.suffixes[0]));
    }
    // A slip on a brand's name: `gmial.com`, `hotmial.fr`, `wanado.fr`.
    for brand in t.fuzzy.iter().map(|&i| &t.brands[i]) {
        if !near(name, brand.name) {
            continue;
        }
        if brand.suffixes.contains(&suffix) {
            return Some(format!("{}.{suffix}", brand.name));
        }
        if let Some(s) = brand.suffixes.iter().find(|s| is_slip(suffix, s, true)) {
            return Some(format!("{}.{s}", brand.name));
        }
        if brand.strict {
            return Some(format!("{}.{}", brand.name, brand.suffixes[0]));
        }
    }
    // Any domain under a top-level domain that does not exist but is one
    // slip from a common one: `acme.con`, `acme.fe`, `acme.cpm`.
    let (head, tld) = domain.rsplit_once('.')?;
    if t.tlds.contains(tld) {
        return None;
    }
    POPULAR_SUFFIXES
        .iter()
        .find(|s| !s.contains('.') && is_slip(tld, s, true))
        .map(|s| format!("{head}.{s}"))
}

/// A brand name typed with one slip, or two on a long name.
fn near(typed: &str, brand: &str) -> bool {
    let long = brand.len() >= 9;
    let spread = if long { 2 } else { 1 };
    if typed.len().abs_diff(brand.len()) > spread {
        return false;
    }
    is_slip(typed, brand, typed.len() >= 6)
        || (long && bag_distance(typed, brand) <= 2 && strsim::osa_distance(typed, brand) <= 2)
}

/// A cheap lower bound of the edit distance (letters one has and the other
/// lacks), to skip the full computation for names nothing like the brand.
///
/// Bytes are counted in 32 buckets (`b & 31`: the 26 letters apart, digits
/// and `-` sharing buckets with letters). Sharing a bucket can only lower
/// the count, so this stays a lower bound of the edit distance, and the
/// table is small enough to cost less than the letters themselves: this
/// runs for every domain near a long brand's length, most company domains.
fn bag_distance(a: &str, b: &str) -> usize {
    let mut counts = [0i16; 32];
    a.bytes().for_each(|x| counts[usize::from(x & 31)] += 1);
    b.bytes().for_each(|x| counts[usize::from(x & 31)] -= 1);
    let (more, less) = counts.iter().fold((0, 0), |(m, l), &c| {
        if c > 0 { (m + c.unsigned_abs() as usize, l) } else { (m, l + c.unsigned_abs() as usize) }
    });
    more.max(less)
}

/// One typing slip turns `target` into `typed`: a neighbouring key hit
/// instead (`orange.fe`), two letters swapped (`gmial`), a letter doubled or
/// a neighbour hit too (`gmaill`), a letter left out (`hotmai`). Leaving out
/// the first letter counts only when `allow_first` (`cloud` is not a slip of
/// `icloud`). Plain edit distance is not enough: `grange` is one edit from
/// `orange` but no one's fingers make that mistake.
fn is_slip(typed: &str, target: &str, allow_first: bool) -> bool {
    let (a, b) = (typed.as_bytes(), target.as_bytes());
    let adj = |x: u8, y: u8| match (key_index(x), key_index(y)) {
        (Some(i), Some(j)) => TABLES.adjacent[i][j],
        _ => false,
    };
    if a.len() == b.len() {
        let mut diff = a.iter().zip(b).enumerate().filter(|(_, (x, y))| x != y).map(|(i, _)| i);
        return match (diff.next(), diff.next(), diff.next()) {
            (Some(i), None, _) => adj(a[i], b[i]),
            (Some(i), Some(j), None) => j == i + 1 && a[i] == b[j] && a[j] == b[i],
            _ => false,
        };
    }
    if a.len() == b.len() + 1 {
        let i = a.iter().zip(b).position(|(x, y)| x != y).unwrap_or(b.len());
        if a[i + 1..] != b[i..] {
            return false;
        }
        let c = a[i];
        let touches = |k: Option<&u8>| k.is_some_and(|&k| k == c || adj(k, c));
        return touches(i.checked_sub(1).and_then(|p| a.get(p))) || touches(a.get(i + 1));
    }
    if a.len() + 1 == b.len() {
        let i = a.iter().zip(b).position(|(x, y)| x != y).unwrap_or(a.len());
        return a[i..] == b[i + 1..] && (i > 0 || allow_first);
    }
    false
}

/// Whitespace of any kind (NBSP, U+3000 ideographic space from Asian-locale
/// exports) and invisible characters (zero-width space, BOM, soft hyphen,
/// direction marks) trimmed from both ends.
fn trim_invisible(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || is_invisible(c))
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

/// A cell of address characters only, starting and ending with a letter or
/// a digit: nothing to strip or split.
fn is_plain(s: &str) -> bool {
    let b = s.as_bytes();
    b.first().is_some_and(u8::is_ascii_alphanumeric)
        && b.last().is_some_and(u8::is_ascii_alphanumeric)
        && b.iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'_' | b'+' | b'@'))
}

/// Text people put in an email column to say there is none (the common
/// words, and these).
fn is_placeholder(s: &str) -> bool {
    const ALSO: &[&str] = &[
        "0",
        "a venir",
        "pas d email",
        "pas de mail",
        "pas de email",
        "pas d adresse",
        "pas de courriel",
        "no email",
    ];
    super::placeholder::says_nothing(&crate::ingest::synonyms::fold(s), ALSO)
}

/// One address candidate found in a cell.
struct Candidate {
    text: String,
    /// The cell text when a comma between the domain and its suffix was
    /// read as a dot (`jean@orange,fr`).
    comma_fixed: Option<String>,
}

/// Cut a cell into address candidates. With angle brackets, the bracketed
/// parts are the addresses and the rest display names (kept only when they
/// themselves hold an `@`); otherwise every piece between separators is one.
fn split_cell(s: &str, out: &mut Vec<Candidate>) {
    if !s.find('<').is_some_and(|i| s[i..].contains('>')) {
        split_plain(s, !s.contains('@'), out);
        return;
    }
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        split_plain(&without_quoted(&rest[..i]), false, out);
        let after = &rest[i + 1..];
        match after.find('>') {
            Some(j) => {
                split_plain(&after[..j], true, out);
                rest = &after[j + 1..];
            }
            None => {
                rest = after;
                break;
            }
        }
    }
    split_plain(&without_quoted(rest), false, out);
}

/// Display names in quotes (`"Dupont, Jean"`) removed: their commas are not
/// separators.
fn without_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut quoted = false;
    for c in s.chars() {
        match c {
            '"' | '“' | '”' | '«' | '»' => quoted = !quoted,
            _ if quoted => {}
            _ => out.push(c),
        }
    }
    out
}

const HARD_SEPARATORS: &[char] = &[';', ',', '|', '/', '\n', '\r', '\t'];

/// Words between addresses that join them rather than belong to them.
fn is_connective(w: &str) -> bool {
    matches!(
        w.to_ascii_lowercase().as_str(),
        "et" | "ou" | "and" | "or" | "&" | "+" | "-" | "–" | "—" | ":" | "=" | ">" | "->" | "=>"
    )
}

/// Labels written next to an address (`perso jean@x.fr`), which must not be
/// mistaken for half of an address cut by a space.
fn is_label(w: &str) -> bool {
    matches!(
        w.trim_end_matches(':').to_lowercase().as_str(),
        "perso"
            | "pro"
            | "professionnel"
            | "personnel"
            | "bureau"
            | "travail"
            | "work"
            | "home"
            | "prive"
            | "privé"
            | "principal"
            | "secondaire"
            | "direct"
            | "email"
            | "e-mail"
            | "mail"
            | "courriel"
            | "adresse"
            | "ancien"
            | "ancienne"
            | "old"
            | "new"
            | "nouveau"
            | "nouvelle"
            | "npai"
            | "mailto"
            | "cc"
            | "voir"
            | "see"
    )
}

/// Split text that holds no angle brackets. `keep_bare`: report pieces
/// without an `@` (in a cell with no address at all they are text where an
/// address should be); false when an address is there, so that a display
/// name or a note beside it is not an error.
fn split_plain(s: &str, keep_bare: bool, out: &mut Vec<Candidate>) {
    let flat = flatten_parens(s);
    // Pieces with the separator that ends each.
    let mut pieces: Vec<(&str, char)> = Vec::new();
    let mut start = 0;
    for (i, c) in flat.char_indices() {
        if HARD_SEPARATORS.contains(&c) {
            pieces.push((&flat[start..i], c));
            start = i + c.len_utf8();
        }
    }
    pieces.push((&flat[start..], '\0'));

    let mut i = 0;
    while i < pieces.len() {
        let (piece, sep) = pieces[i];
        let piece = piece.trim();
        // `jean@orange,fr`: a comma typed for the dot before the suffix.
        if sep == ',' && i + 1 < pieces.len() {
            let next = pieces[i + 1].0.trim();
            let domain_has_dot = piece.rsplit_once('@').is_some_and(|(_, d)| d.contains('.'));
            if piece.contains('@')
                && !piece.contains(char::is_whitespace)
                && !domain_has_dot
                && (2..=4).contains(&next.len())
                && next.bytes().all(|b| b.is_ascii_alphabetic())
            {
                out.push(Candidate {
                    text: format!("{}.{next}", clean(piece)),
                    comma_fixed: Some(format!("{piece},{next}")),
                });
                i += 2;
                continue;
            }
        }
        split_words(piece, keep_bare, out);
        i += 1;
    }
}

/// Parenthesised comments (`jean@acme.fr (bureau)`) dropped; parentheses
/// around an address (`Jean Dupont (jean@acme.fr)`) turned into separators.
fn flatten_parens(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('(') {
        return s.into();
    }
    let mut out = String::with_capacity(s.len());
    let mut group: Option<String> = None;
    for c in s.chars() {
        match (c, &mut group) {
            ('(', None) => group = Some(String::new()),
            (')', Some(g)) => {
                if g.contains('@') {
                    out.push(';');
                    out.push_str(g);
                    out.push(';');
                } else {
                    out.push(' ');
                }
                group = None;
            }
            (_, Some(g)) => g.push(c),
            (_, None) => out.push(c),
        }
    }
    if let Some(g) = group {
        out.push_str(&g);
    }
    out.into()
}

/// One piece between hard separators: several addresses separated by spaces
/// or connectives, one address with a display name or label around it, or an
/// address cut by a space (`jean @acme.fr`, `jean dupont@acme.fr`).
fn split_words(piece: &str, keep_bare: bool, out: &mut Vec<Candidate>) {
    let words: Vec<&str> = piece.split_whitespace().filter(|w| !is_connective(w)).collect();
    if words.is_empty() {
        return;
    }
    let with_at = words.iter().filter(|w| w.contains('@')).count();
    if with_at == 0 {
        let bare = words.join(" ");
        // Beside a real address, words are a name or a note; a lone dotted
        // word (`marie.dupont`) is an address that lost its @.
        let address_like = words.len() == 1 && clean(words[0]).contains('.');
        if (keep_bare || address_like) && !clean(&bare).is_empty() {
            out.push(Candidate { text: bare, comma_fixed: None });
        }
        return;
    }
    let cut = words.windows(2).any(|w| w[0].ends_with(['@', '.']) || w[1].starts_with(['@', '.']))
        || (words.len() == 2 && !words[0].contains('@') && {
            let w = words[0];
            !is_label(w)
                && w.bytes().all(|b| {
                    b.is_ascii_lowercase()
                        || b.is_ascii_digit()
                        || b == b'.'
                        || b == b'-'
                        || b == b'_'
                })
        });
    if cut {
        out.push(Candidate { text: words.join(" "), comma_fixed: None });
        return;
    }
    for w in words.iter().filter(|w| w.contains('@')) {
        out.push(Candidate { text: clean(w).to_string(), comma_fixed: None });
    }
}

/// A candidate without `mailto:`, a `?subject=` query, and the quotes,
/// brackets and punctuation around it.
fn clean(s: &str) -> &str {
    const OPEN: &[char] = &['"', '\'', '«', '“', '‘', '(', '<', '[', '{', ' '];
    const CLOSE: &[char] =
        &['"', '\'', '»', '”', '’', ')', '>', ']', '}', '.', ',', ';', ':', '!', '?', ' '];
    let mut s = s.trim_start_matches(OPEN);
    if s.get(..7).is_some_and(|p| p.eq_ignore_ascii_case("mailto:")) {
        s = &s[7..];
    }
    if let Some(q) = s.find('?')
        && s[..q].contains('@')
    {
        s = &s[..q];
    }
    s.trim_start_matches(OPEN).trim_end_matches(CLOSE)
}

struct Parsed {
    email: Email,
    typo: Option<Problem>,
}

/// Check one candidate address and build the [`Email`]. The error says what
/// is wrong in words a sales assistant understands.
fn parse_address(cand: &str) -> Result<Parsed, String> {
    let cand = clean(cand);
    if !looks_valid(cand) {
        return Err(match check_syntax(cand) {
            Err(why) => why,
            Ok(()) => format!("`{cand}` is not a valid address"),
        });
    }
    let address = cand.to_ascii_lowercase();
    let (local, domain) = address.split_once('@').unwrap_or((&address, ""));
    let tld = domain.rsplit('.').next().unwrap_or("");
    let suggestion = suggest_domain(domain);
    if tld.len() < 2 && suggestion.is_none() {
        return Err(format!("`{cand}`: the domain `{domain}` ends in a one-letter suffix"));
    }
    let t = &*TABLES;
    let free_mail = t.free_mail.contains(domain)
        || suggestion.as_deref().is_some_and(|s| t.free_mail.contains(s));
    let typo = suggestion.map(|s| {
        Problem::new(
            IssueKind::EmailTypo,
            format!(
                "`{address}`: the domain `{domain}` looks like a typo of `{s}` (did you mean {local}@{s}?)"
            ),
        )
    });
    let role_account = is_role(local);
    Ok(Parsed { email: Email { address, role_account, free_mail }, typo })
}

/// One pass over the bytes for the common case; [`check_syntax`] says in
/// words what is wrong when this refuses (a test keeps the two in step).
fn looks_valid(cand: &str) -> bool {
    let b = cand.as_bytes();
    let Some(at) = b.iter().position(|&c| c == b'@') else { return false };
    let (local, domain) = (&b[..at], &b[at + 1..]);
    let local_ok = |c: u8| c.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&c);
    let domain_ok = |c: u8| c.is_ascii_alphanumeric() || c == b'.' || c == b'-';
    if local.is_empty()
        || local.len() > 64
        || b.len() > 254
        || local[0] == b'.'
        || local[local.len() - 1] == b'.'
        || !local.iter().all(|&c| local_ok(c))
        || !domain.iter().all(|&c| domain_ok(c))
        || b.windows(2).any(|w| w == b"..")
    {
        return false;
    }
    let Some(dot) = domain.iter().rposition(|&c| c == b'.') else { return false };
    let tld = &domain[dot + 1..];
    !tld.is_empty()
        && (tld.iter().all(u8::is_ascii_alphabetic) || tld.starts_with(b"xn--"))
        && domain
            .split(|&c| c == b'.')
            .all(|l| !l.is_empty() && l.len() <= 63 && l[0] != b'-' && l[l.len() - 1] != b'-')
}

/// The full checks, in the order a person would fix them.
fn check_syntax(cand: &str) -> Result<(), String> {
    if cand.contains(char::is_whitespace) {
        return Err(format!("`{cand}` contains a space"));
    }
    let ats = cand.bytes().filter(|&b| b == b'@').count();
    if ats == 0 {
        return Err(format!("`{cand}` has no @"));
    }
    if ats > 1 {
        return Err(format!("`{cand}` has {ats} @, an address has one"));
    }
    if let Some(c) = cand.chars().find(|c| !c.is_ascii()) {
        return Err(format!("`{cand}` contains `{c}`, which addresses cannot hold"));
    }
    let address = cand.to_ascii_lowercase();
    let (local, domain) = address.split_once('@').unwrap_or((&address, ""));
    if local.is_empty() {
        return Err(format!("`{cand}` has nothing before the @"));
    }
    if domain.is_empty() {
        return Err(format!("`{cand}` has no domain after the @"));
    }
    if let Some(c) =
        local.chars().find(|&c| !(c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c)))
    {
        return Err(format!("`{cand}` contains `{c}` before the @"));
    }
    if let Some(c) = domain.chars().find(|&c| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
    {
        return Err(format!("`{cand}` contains `{c}` in the domain"));
    }
    if local.contains("..") || domain.contains("..") {
        return Err(format!("`{cand}` has two dots in a row"));
    }
    if local.starts_with('.') || local.ends_with('.') {
        return Err(format!("`{cand}` has a dot next to the @ or at the start"));
    }
    if local.len() > 64 || address.len() > 254 {
        return Err(format!("`{cand}` is longer than an address can be"));
    }
    if domain.starts_with(['.', '-']) || domain.ends_with(['.', '-']) {
        return Err(format!("`{cand}`: the domain `{domain}` starts or ends with punctuation"));
    }
    let Some((_, tld)) = domain.rsplit_once('.') else {
        let hint = dotless_hint(domain);
        return Err(format!("`{cand}`: the domain `{domain}` has no dot{hint}"));
    };
    if domain.split('.').any(|l| l.starts_with('-') || l.ends_with('-') || l.len() > 63) {
        return Err(format!("`{cand}`: the domain `{domain}` has a badly formed part"));
    }
    if !tld.bytes().all(|b| b.is_ascii_alphabetic()) && !tld.starts_with("xn--") {
        return Err(format!("`{cand}`: the domain `{domain}` does not end in a top-level domain"));
    }
    if tld.len() < 2 && suggest_domain(domain).is_none() {
        return Err(format!("`{cand}`: the domain `{domain}` ends in a one-letter suffix"));
    }
    Ok(())
}

/// `gmailcom` → ", did you mean gmail.com?" when the dot was forgotten
/// before a common suffix.
fn dotless_hint(domain: &str) -> String {
    for s in ["com", "fr", "net", "org", "be", "ch"] {
        if let Some(head) = domain.strip_suffix(s)
            && head.len() >= 2
        {
            let fixed = format!("{head}.{s}");
            if TABLES.free_mail.contains(fixed.as_str()) {
                return format!(", did you mean {fixed}?");
            }
        }
    }
    String::new()
}

/// A local part that names a function (`contact`, `service.client`,
/// `no-reply`, `contact.lyon`, `info2`), not a person. Sub-addressing
/// (`contact+crm@`) is ignored.
fn is_role(local: &str) -> bool {
    let t = &*TABLES;
    let base = local.split('+').next().unwrap_or(local);
    let mut buf = [0u8; 64];
    let mut n = 0;
    for b in base.bytes().filter(|b| b.is_ascii_alphanumeric()) {
        if n == buf.len() {
            break;
        }
        buf[n] = b;
        n += 1;
    }
    while n > 0 && buf[n - 1].is_ascii_digit() {
        n -= 1;
    }
    let compact = std::str::from_utf8(&buf[..n]).unwrap_or("");
    if t.role_locals.contains(compact) {
        return true;
    }
    let first = base.split(|c: char| !c.is_ascii_alphabetic()).next().unwrap_or("");
    first.len() < base.len() && t.role_prefixes.contains(first)
}

#[cfg(test)]
mod tests;
