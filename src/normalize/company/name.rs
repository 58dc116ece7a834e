//! Company names: display text and match key.
//!
//! The key is built by its own folder rather than by the header folder
//! [`crate::ingest::synonyms::fold`], which splits camelCase and
//! letter/digit boundaries: right for `MailingCity`, wrong for company names
//! (`LinkedIn` would not equal `Linkedin`, nor `3M` equal `3M France`'s
//! first word). Apostrophes join (`L'Oréal` → `loreal`), dotted acronyms
//! join (`S.A.R.L.` → `sarl`), any other punctuation separates.

use std::sync::LazyLock;

use compact_str::CompactString;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::abbreviation::{self, Word};
use super::{CompanyName, is_placeholder, trim_invisible};
use crate::normalize::Normalized;
use crate::normalize::email::{FastMap, FastSet};

/// Where a legal form may stand and still be one. French forms are
/// unmistakable anywhere (`SARL Boulangerie Martin`, `Martin SARL`); short
/// foreign ones are words elsewhere (`AG Insurance`, `Co Working`) and count
/// only at the end.
#[derive(Clone, Copy, PartialEq)]
enum Pos {
    Anywhere,
    End,
}

/// (folded form, usual writing, position)
const FORMS: &[(&str, &str, Pos)] = &[
    ("sarl", "SARL", Pos::Anywhere),
    ("sas", "SAS", Pos::Anywhere),
    ("sasu", "SASU", Pos::Anywhere),
    ("eurl", "EURL", Pos::Anywhere),
    ("sa", "SA", Pos::Anywhere),
    ("snc", "SNC", Pos::Anywhere),
    ("sci", "SCI", Pos::Anywhere),
    ("scop", "SCOP", Pos::Anywhere),
    ("scp", "SCP", Pos::Anywhere),
    ("gie", "GIE", Pos::Anywhere),
    ("selarl", "SELARL", Pos::Anywhere),
    ("selas", "SELAS", Pos::Anywhere),
    ("selafa", "SELAFA", Pos::Anywhere),
    ("selurl", "SELURL", Pos::Anywhere),
    ("sarlu", "SARLU", Pos::Anywhere),
    ("saem", "SAEM", Pos::Anywhere),
    ("scic", "SCIC", Pos::Anywhere),
    ("eirl", "EIRL", Pos::Anywhere),
    ("sprl", "SPRL", Pos::Anywhere),
    ("scrl", "SCRL", Pos::Anywhere),
    ("bvba", "BVBA", Pos::Anywhere),
    ("asbl", "ASBL", Pos::Anywhere),
    ("srl", "Srl", Pos::Anywhere),
    ("gmbh", "GmbH", Pos::Anywhere),
    ("mbh", "mbH", Pos::Anywhere),
    ("llc", "LLC", Pos::Anywhere),
    ("llp", "LLP", Pos::Anywhere),
    ("ltd", "Ltd", Pos::Anywhere),
    ("plc", "PLC", Pos::Anywhere),
    ("inc", "Inc", Pos::Anywhere),
    ("corp", "Corp", Pos::Anywhere),
    ("kgaa", "KGaA", Pos::Anywhere),
    ("ltda", "Ltda", Pos::Anywhere),
    ("sem", "SEM", Pos::End),
    ("spl", "SPL", Pos::End),
    ("sca", "SCA", Pos::End),
    ("scs", "SCS", Pos::End),
    ("limited", "Limited", Pos::End),
    ("corporation", "Corporation", Pos::End),
    ("incorporated", "Incorporated", Pos::End),
    ("co", "Co", Pos::End),
    ("cie", "Cie", Pos::End),
    ("ag", "AG", Pos::End),
    ("ab", "AB", Pos::End),
    ("as", "AS", Pos::End),
    ("bv", "BV", Pos::End),
    ("nv", "NV", Pos::End),
    ("sl", "SL", Pos::End),
    ("se", "SE", Pos::End),
    ("oy", "Oy", Pos::End),
    ("kg", "KG", Pos::End),
    ("lp", "LP", Pos::End),
    ("pty", "Pty", Pos::End),
    ("spa", "SpA", Pos::End),
    ("sro", "s.r.o.", Pos::End),
    ("ev", "e.V.", Pos::End),
    ("ug", "UG", Pos::End),
];

/// Forms written in several words, looked for anywhere, longest first.
const SEQUENCES: &[(&[&str], &str)] = &[
    (&["entreprise", "unipersonnelle", "a", "responsabilite", "limitee"], "EURL"),
    (&["societe", "par", "actions", "simplifiee", "unipersonnelle"], "SASU"),
    (&["societe", "par", "actions", "simplifiee"], "SAS"),
    (&["societe", "a", "responsabilite", "limitee"], "SARL"),
    (&["societe", "en", "nom", "collectif"], "SNC"),
    (&["societe", "civile", "immobiliere"], "SCI"),
    (&["societe", "anonyme"], "SA"),
    (&["limited", "liability", "company"], "LLC"),
    (&["public", "limited", "company"], "PLC"),
    (&["gmbh", "et", "co", "kg"], "GmbH & Co. KG"),
];

/// Words that say "a company" before the name, dropped from the key when a
/// name follows (`Sté Générale des Eaux`, `Ets Martin`: abbreviations are
/// written out first, see [`abbreviation`]). `Groupe`, `Cabinet`,
/// `Maison` stay: they tell companies apart.
const PREFIXES: &[&str] = &["ste", "societe", "etablissements"];

struct Tables {
    forms: FastMap<&'static str, (&'static str, Pos)>,
    sequence_starts: FastSet<&'static str>,
    stop: FastSet<&'static str>,
    common: FastSet<&'static str>,
    upper: FastSet<&'static str>,
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| Tables {
    forms: FORMS.iter().map(|&(k, w, p)| (k, (w, p))).collect(),
    sequence_starts: SEQUENCES.iter().map(|(seq, _)| seq[0]).collect(),
    stop: STOP_WORDS.iter().copied().collect(),
    common: COMMON_SHORT.iter().copied().collect(),
    upper: KNOWN_UPPER.iter().copied().collect(),
});

fn form(key: &str) -> Option<(&'static str, Pos)> {
    if key.len() > 12 {
        return None;
    }
    TABLES.forms.get(key).copied()
}

/// A company cell → display name, match key and legal form.
///
/// Blank cells, placeholders (`-`, `N/A`, `?`, `xxx`, `néant`) and
/// `particulier` (a private customer) give none and no problem: a missing
/// company is the business of the critical-field rules (`[rules.contact]`),
/// which report it once, per record, with the right severity; a second
/// issue here would count it twice. A cell holding nothing but a legal
/// form (`SARL`) names no company either and is treated the same way.
/// Names are never rejected, so there is no company issue kind.
pub fn normalize_company(raw: &str) -> Normalized<CompanyName> {
    let cleaned = clean(raw);
    let mut toks = tokenize(&cleaned);
    // Placeholders are a few short words: compare their folded tokens
    // rather than fold the whole name a second time.
    if toks.len() <= 3 {
        let mut joined = CompactString::default();
        for (i, t) in toks.iter().enumerate() {
            if i > 0 {
                joined.push(' ');
            }
            joined.push_str(&t.key);
        }
        if is_placeholder(&joined) {
            return Normalized::none();
        }
    }
    let legal_form = strip_legal_forms(&mut toks);
    write_out_abbreviations(&mut toks);
    if toks.len() > 1 && PREFIXES.contains(&toks[0].key.as_str()) {
        toks.remove(0);
    }
    if toks.is_empty() {
        // Nothing but a legal form or punctuation: no company named.
        return Normalized::none();
    }
    let mut key = String::with_capacity(cleaned.len());
    for (i, t) in toks.iter().enumerate() {
        if i > 0 {
            key.push(' ');
        }
        key.push_str(&t.key);
    }
    let display = if is_all_caps(&cleaned) { title_case(&cleaned) } else { cleaned };
    Normalized::ok(CompanyName { display, key, legal_form })
}

/// Trimmed, inner whitespace collapsed to one space, surrounding quotes and
/// trailing separators removed.
fn clean(raw: &str) -> String {
    let mut s = trim_invisible(raw);
    loop {
        let before = s;
        for (open, close) in [('"', '"'), ('\'', '\''), ('«', '»'), ('“', '”'), ('‘', '’')]
        {
            if let Some(inner) = s.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
                s = trim_invisible(inner);
            }
        }
        s = trim_invisible(s.trim_end_matches([',', ';', ':']));
        if s == before {
            break;
        }
    }
    let mut out = String::with_capacity(s.len());
    for w in s.split(|c: char| c.is_whitespace() || c == '\u{200B}') {
        if !w.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
}

struct Tok<'a> {
    key: CompactString,
    /// The text the token came from, for forms whose writing matters
    /// (`SpA`, not the `Spa` of a wellness centre).
    raw: &'a str,
    /// Letters joined by dots (`S.A.R.L.`).
    dotted: bool,
    /// Followed by a dot (`Bat.`): an abbreviation's mark.
    dot: bool,
}

/// Abbreviated words written out in the key (see [`abbreviation`]).
fn write_out_abbreviations(toks: &mut [Tok<'_>]) {
    let n = toks.len();
    for (i, t) in toks.iter_mut().enumerate() {
        let word = Word {
            key: &t.key,
            raw: t.raw,
            dot: t.dot || t.dotted,
            first: i == 0,
            last: i + 1 == n,
        };
        if let Some(long) = abbreviation::written_out(&word) {
            t.key = long.into();
        }
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | '`' | '´')
}

/// Push `c` folded: accents removed, lowercase, ligatures expanded.
///
/// Into a `String`, not a `CompactString`: a push onto a `CompactString`
/// checks its inline or heap layout each time and cost more than the
/// folding itself; callers copy the finished key once.
fn fold_push(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match c {
        'œ' | 'Œ' => out.push_str("oe"),
        'æ' | 'Æ' => out.push_str("ae"),
        'ß' | 'ẞ' => out.push_str("ss"),
        'ø' | 'Ø' => out.push('o'),
        'đ' | 'Đ' => out.push('d'),
        'ł' | 'Ł' => out.push('l'),
        // Latin-1 letters by table: NFD per character costs more than all
        // the rest of a name.
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => {
            out.push('a')
        }
        'ç' | 'Ç' => out.push('c'),
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => out.push('e'),
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => out.push('i'),
        'ñ' | 'Ñ' => out.push('n'),
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => out.push('o'),
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => out.push('u'),
        'ý' | 'ÿ' | 'Ý' | 'Ÿ' => out.push('y'),
        _ => {
            for d in std::iter::once(c).nfd().filter(|&d| !is_combining_mark(d)) {
                out.extend(d.to_lowercase());
            }
        }
    }
}

fn tokenize(s: &str) -> Vec<Tok<'_>> {
    let mut toks: Vec<Tok<'_>> = Vec::new();
    // The token being folded; its key is copied out when it ends.
    let mut cur = String::with_capacity(s.len() + 8);
    for word in s.split(' ') {
        let core = word.trim_matches(|c: char| !c.is_alphanumeric());
        // `S.A.R.L.`, `S.N.C.F`, `J.P.`: single letters joined by dots.
        let mut segs = core.split('.');
        if core.contains('.')
            && segs.clone().count() >= 2
            && segs.all(|seg| {
                let mut cs = seg.chars();
                cs.next().is_some_and(char::is_alphabetic) && cs.next().is_none()
            })
        {
            cur.clear();
            core.chars().filter(|&c| c != '.').for_each(|c| fold_push(c, &mut cur));
            toks.push(Tok {
                key: CompactString::from(cur.as_str()),
                raw: core,
                dotted: true,
                dot: false,
            });
            cur.clear();
            continue;
        }
        if word == "+" {
            toks.push(Tok { key: "et".into(), raw: word, dotted: false, dot: false });
            continue;
        }
        let mut start = 0;
        for (i, c) in word.char_indices() {
            if c.is_alphanumeric() {
                if cur.is_empty() {
                    start = i;
                }
                fold_push(c, &mut cur);
            } else if is_apostrophe(c) && !cur.is_empty() {
                continue;
            } else {
                if !cur.is_empty() {
                    toks.push(Tok {
                        key: CompactString::from(cur.as_str()),
                        raw: &word[start..i],
                        dotted: false,
                        dot: c == '.',
                    });
                    cur.clear();
                }
                if c == '&' {
                    toks.push(Tok { key: "et".into(), raw: "&", dotted: false, dot: false });
                }
            }
        }
        if !cur.is_empty() {
            toks.push(Tok {
                key: CompactString::from(cur.as_str()),
                raw: &word[start..],
                dotted: false,
                dot: false,
            });
            cur.clear();
        }
    }
    for t in &mut toks {
        if matches!(t.key.as_str(), "and" | "und") {
            t.key = "et".into();
        }
    }
    toks
}

/// A token that may be a legal form where it stands: short foreign forms
/// must be written in capitals or with dots (`Müller AG`, not a word `ag`),
/// and `SpA` exactly so (the `Spa` of `Nuxe Spa` is a spa).
fn legal(t: &Tok<'_>, at_end: bool) -> Option<&'static str> {
    let (writing, pos) = form(&t.key)?;
    if pos == Pos::End && !at_end {
        return None;
    }
    let ok = match t.key.as_str() {
        "spa" => t.raw == "SpA" || t.dotted,
        "co" | "cie" | "limited" | "corporation" | "incorporated" | "sro" | "ev" => true,
        k if pos == Pos::End && k.len() <= 3 => t.dotted || t.raw.chars().any(char::is_uppercase),
        _ => true,
    };
    ok.then(|| if t.key == "sarl" && t.raw.contains(['à', 'À']) { "Sàrl" } else { writing })
}

/// Remove every legal form from the tokens; the first one written is
/// returned. Removing them all would leave no name: then nothing is removed
/// by the caller's standards (the caller sees an empty list and gives none).
fn strip_legal_forms(toks: &mut Vec<Tok<'_>>) -> Option<&'static str> {
    let mut found: Option<(usize, &'static str)> = None;
    let mut note = |pos: usize, f: &'static str| {
        if found.is_none_or(|(p, _)| pos < p) {
            found = Some((pos, f));
        }
    };
    let mut keep = vec![true; toks.len()];
    // Several-word forms.
    let mut i = 0;
    while i < toks.len() {
        if !TABLES.sequence_starts.contains(toks[i].key.as_str()) {
            i += 1;
            continue;
        }
        let hit = SEQUENCES.iter().find(|(seq, _)| {
            seq.len() <= toks.len() - i && seq.iter().zip(&toks[i..]).all(|(w, t)| *w == t.key)
        });
        match hit {
            Some((seq, f)) => {
                note(i, f);
                keep[i..i + seq.len()].iter_mut().for_each(|k| *k = false);
                i += seq.len();
            }
            None => i += 1,
        }
    }
    // One-word forms that are forms anywhere.
    for (i, t) in toks.iter().enumerate() {
        if keep[i]
            && form(&t.key).is_some_and(|(_, p)| p == Pos::Anywhere)
            && let Some(f) = legal(t, false)
        {
            note(i, f);
            keep[i] = false;
        }
    }
    // Forms at the end, one after the other (`Smith & Co. Ltd`,
    // `Dupont et Cie`), with the `&` that tied `Co`/`Cie` to the name.
    while let Some(last) = keep.iter().rposition(|&k| k) {
        let t = &toks[last];
        let Some(f) = legal(t, true) else { break };
        keep[last] = false;
        let mut f = f;
        if matches!(t.key.as_str(), "co" | "cie")
            && let Some(prev) = keep.iter().rposition(|&k| k)
            && toks[prev].key == "et"
        {
            keep[prev] = false;
            f = if t.key == "cie" { "& Cie" } else { "& Co" };
        }
        note(last, f);
    }
    // `& Company` at the end (`McKinsey & Company`).
    if let Some(last) = keep.iter().rposition(|&k| k)
        && toks[last].key == "company"
        && let Some(prev) = keep[..last].iter().rposition(|&k| k)
        && toks[prev].key == "et"
    {
        keep[last] = false;
        keep[prev] = false;
        note(prev, "& Co");
    }
    let mut it = keep.iter();
    toks.retain(|_| *it.next().unwrap_or(&true));
    found.map(|(_, f)| f)
}

/// Written in capitals only: case is lost and worth restoring.
fn is_all_caps(s: &str) -> bool {
    s.chars().any(char::is_uppercase) && !s.chars().any(char::is_lowercase)
}

/// Lowercase inside a name unless first (`Café de la Gare`).
const STOP_WORDS: &[&str] = &[
    "de", "du", "des", "la", "le", "les", "et", "en", "au", "aux", "sur", "sous", "pour", "par",
    "a", "of", "the", "and", "for", "in", "on", "at", "by", "to", "von", "van", "der", "den", "di",
    "da", "del", "della", "y",
];

/// Short words that look like acronyms (few vowels) but are words in
/// French and English company names.
const COMMON_SHORT: &[&str] = &[
    "bar", "pub", "sud", "nord", "est", "art", "arts", "parc", "port", "vert", "mer", "sel", "fer",
    "val", "mont", "pont", "lac", "clos", "mas", "bel", "bon", "new", "big", "top", "sky", "web",
    "net", "tech", "soft", "lab", "labs", "plus", "max", "best", "land", "link", "work", "shop",
    "spa", "sun", "star", "club", "golf", "mat", "pro", "car", "cars", "bus", "taxi", "fils", "st",
    "ste", "marc", "luc", "guy", "yves", "jack", "tom", "sam", "ben", "bob", "chez", "rue", "cap",
    "bay", "hall", "mall", "park", "men", "kids", "mix", "box", "vin", "vins", "pin", "pins",
    "lys", "roc", "chef", "fish", "gym", "lux", "spot", "ski", "surf", "cash", "chic", "gold",
    "west", "east", "york", "bank", "fund", "form", "fort", "pack", "pays", "gaz", "bld", "pau",
    "dax", "gap", "metz", "sens", "lens", "bron", "albi", "brest", "mans", "ham", "sport",
    "sports", "tour", "food", "wood", "lyon", "nice", "caen", "agen", "dijon", "san", "del",
    "grand", "cri", "pur", "vif", "bis", "ter", "dry", "fly", "fit", "hot", "cool", "run", "win",
    "one", "two", "six", "dix", "cent", "mille", "ors", "ciel", "bleu", "blanc", "noir", "gris",
];

/// Capitals by name, whatever their vowels.
const KNOWN_UPPER: &[&str] = &[
    "axa", "ikea", "fnac", "urssaf", "kpmg", "hsbc", "insee", "ademe", "ugap", "afnor", "onera",
    "inrae", "inserm", "cnes", "apec", "ovh", "sap", "bmw", "psa", "edf", "gdf", "ibm", "bnp",
    "lcl", "cic", "sncf", "ratp", "lvmh", "sfr",
];

fn folded(s: &str) -> CompactString {
    let mut out = String::with_capacity(s.len());
    s.chars().for_each(|c| fold_push(c, &mut out));
    CompactString::from(out)
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// `EDF`, `SNCF`, `IBM` stay in capitals: short, and (but for a few known
/// ones) with at most one vowel, which ordinary words rarely are.
fn is_acronym(f: &str) -> bool {
    let n = f.chars().count();
    TABLES.upper.contains(f)
        || (n <= 4 && !TABLES.common.contains(f) && f.chars().filter(|&c| is_vowel(c)).count() <= 1)
}

/// Title Case for a name written in capitals: stop words lowercase, `l'`
/// and `d'` elided in lowercase inside the name, `'s` lowercase, `Mc`
/// names, acronyms and legal forms in their usual writing.
fn title_case(s: &str) -> String {
    let words: Vec<&str> = s.split(' ').collect();
    let mut out = String::with_capacity(s.len());
    for (w, word) in words.iter().enumerate() {
        if w > 0 {
            out.push(' ');
        }
        let core_tok = Tok {
            key: folded(&word.chars().filter(|c| c.is_alphanumeric()).collect::<String>()),
            raw: word,
            dotted: word.contains('.'),
            dot: false,
        };
        if let Some(writing) = legal(&core_tok, w + 1 == words.len()) {
            out.push_str(&write_like(word, writing));
            continue;
        }
        // Segments of letters and digits, with what separates them.
        let mut prev_sep: Option<char> = None;
        let mut seg_start: Option<usize> = None;
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        let mut first_seg = true;
        for (k, &(i, c)) in chars.iter().enumerate() {
            let alnum = c.is_alphanumeric();
            if alnum && seg_start.is_none() {
                seg_start = Some(i);
            }
            let end = !alnum || k + 1 == chars.len();
            if end && let Some(st) = seg_start.take() {
                let stop = if alnum { word.len() } else { i };
                let next = if alnum { None } else { Some(c) };
                let first = w == 0 && first_seg;
                out.push_str(&case_segment(&word[st..stop], first, prev_sep, next));
                first_seg = false;
            }
            if !alnum {
                out.push(c);
                prev_sep = Some(c);
            }
        }
    }
    out
}

fn case_segment(seg: &str, first: bool, prev: Option<char>, next: Option<char>) -> String {
    let f = folded(seg);
    let lower = seg.to_lowercase();
    if seg.chars().any(|c| c.is_ascii_digit()) {
        return seg.to_string();
    }
    if prev.is_some_and(is_apostrophe) && f == "s" {
        return lower;
    }
    if next.is_some_and(is_apostrophe) && (f == "l" || f == "d") {
        return if first { seg.to_string() } else { lower };
    }
    if TABLES.stop.contains(f.as_str()) {
        return if first { capitalize(&lower) } else { lower };
    }
    if is_acronym(&f) {
        return seg.to_string();
    }
    if f.len() >= 5 && lower.starts_with("mc") {
        return format!("Mc{}", capitalize(&lower[2..]));
    }
    capitalize(&lower)
}

fn capitalize(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) => c.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

/// `GMBH` → `GmbH`, `S.A.R.L.` stays, `INC.` → `Inc.`: the letters of the
/// usual writing laid over the letters as typed, punctuation kept.
fn write_like(typed: &str, writing: &str) -> String {
    let letters: Vec<char> = writing.chars().filter(|c| c.is_alphabetic()).collect();
    let typed_letters = typed.chars().filter(|c| c.is_alphabetic()).count();
    if letters.len() != typed_letters || writing.contains(' ') {
        return typed.to_string();
    }
    let mut it = letters.into_iter();
    typed.chars().map(|c| if c.is_alphabetic() { it.next().unwrap_or(c) } else { c }).collect()
}
