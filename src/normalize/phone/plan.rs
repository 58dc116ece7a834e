//! The numbering plan: the `phonenumber` crate's parse-and-validate steps
//! for an already cleaned number (`+` and digits, or digits alone), on the
//! crate's own metadata (libphonenumber's), ported step for step.
//!
//! Why a port instead of calling `phonenumber::parse` for each value: every
//! regex the crate matches goes through one process-wide
//! `Mutex<LruCache<String, Regex>>` (the `regex_cache` crate), which hashes
//! the pattern's source (hundreds of bytes for a fixed-line plan) on each
//! call, serialises all threads, and recompiles patterns once more than 100
//! are in use; its E.164 formatter also matches the format rules. Here each
//! country's patterns are compiled once, the ones matched for every number
//! (general and type descriptors, leading digits, international prefix)
//! into full DFAs (a table walk over ten digits, no cache, no lock), the
//! rest into plain [`Regex`]es, shared through a `RwLock`ed table and a
//! per-thread copy. The decisions (which
//! region's metadata, national prefix and carrier stripping, country code
//! written without `+`, the order of the type tests) are the crate's, quirks
//! included, so that the result equals what the crate says; the tests compare
//! the two on random numbers.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt::Write as _;
use std::sync::{LazyLock, RwLock};

use phonenumber::metadata::{DATABASE, Descriptor, Metadata};
use regex::{Regex, RegexBuilder};
use regex_automata::dfa::{Automaton, StartKind, dense};
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input};

/// What the crate calls `phonenumber::Type`, kept as is so that the mapping
/// to [`super::PhoneKind`] is made in one place.
pub(crate) use phonenumber::Type as NumberType;

/// The crate's bounds on a national significant number.
const MIN_LENGTH_FOR_NSN: usize = 2;
const MAX_LENGTH_FOR_NSN: usize = 17;
const MAX_LENGTH_FOR_COUNTRY_CODE: usize = 3;

/// A descriptor's possible lengths (its pattern is compiled apart, anchored
/// at the start, which is what the crate's `find(..).start() == 0` means).
struct Desc {
    lengths: Vec<u16>,
}

impl Desc {
    fn new(d: &Descriptor) -> Desc {
        Desc { lengths: d.possible_length().to_vec() }
    }

    fn length_ok(&self, len: usize) -> bool {
        self.lengths.is_empty() || self.lengths.contains(&(len as u16))
    }
}

/// The order in which the crate tests the types (`validator::number_type`).
const TYPE_ORDER: [NumberType; 10] = [
    NumberType::PremiumRate,
    NumberType::TollFree,
    NumberType::SharedCost,
    NumberType::Voip,
    NumberType::PersonalNumber,
    NumberType::Pager,
    NumberType::Uan,
    NumberType::Voicemail,
    NumberType::FixedLine,
    NumberType::Mobile,
];

fn descriptor(meta: &Metadata, t: NumberType) -> Option<&Descriptor> {
    let d = meta.descriptors();
    match t {
        NumberType::PremiumRate => d.premium_rate(),
        NumberType::TollFree => d.toll_free(),
        NumberType::SharedCost => d.shared_cost(),
        NumberType::Voip => d.voip(),
        NumberType::PersonalNumber => d.personal_number(),
        NumberType::Pager => d.pager(),
        NumberType::Uan => d.uan(),
        NumberType::Voicemail => d.voicemail(),
        NumberType::FixedLine => d.fixed_line(),
        NumberType::Mobile => d.mobile(),
        _ => None,
    }
}

/// A pattern matched at the start of the text, as a full DFA.
struct Dfa(dense::DFA<Vec<u32>>);

impl Dfa {
    fn new(pattern: &str) -> Option<Dfa> {
        // Inputs are ASCII digits only, so `\d` need not be Unicode's.
        dense::Builder::new()
            .syntax(syntax::Config::new().ignore_whitespace(true).unicode(false))
            .configure(dense::Config::new().start_kind(StartKind::Anchored))
            .build(pattern)
            .ok()
            .map(Dfa)
    }

    /// Whether a match starts at 0 (the crate's `find(..).start() == 0`).
    fn starts(&self, text: &str) -> bool {
        let input = Input::new(text).anchored(Anchored::Yes).earliest(true);
        matches!(self.0.try_search_fwd(&input), Ok(Some(_)))
    }

    /// The end of the leftmost-first match starting at 0.
    fn end(&self, text: &str) -> Option<usize> {
        let input = Input::new(text).anchored(Anchored::Yes);
        self.0.try_search_fwd(&input).ok().flatten().map(|m| m.offset())
    }
}

fn build(pattern: &str) -> Option<Regex> {
    // The crate builds every pattern with `ignore_whitespace(true)`.
    RegexBuilder::new(pattern).ignore_whitespace(true).build().ok()
}

/// One region's compiled plan (or a non-geographic entity's, `001`).
pub(crate) struct RegionPlan {
    pub(crate) id: String,
    pub(crate) country_code: u16,
    code_str: String,
    general_re: Dfa,
    general: Desc,
    /// The types present in this region, in [`TYPE_ORDER`].
    types: Vec<(NumberType, Dfa, Desc)>,
    /// The crate reports `FixedLineOrMobile` when both patterns are the
    /// same text (the US, Canada…).
    fixed_is_mobile: bool,
    national_prefix: Option<String>,
    prefix_for_parsing: Option<Regex>,
    transform_rule: Option<String>,
    international_prefix: Option<Dfa>,
    leading_digits: Option<Dfa>,
    /// The general possible lengths: shortest and longest number.
    pub(crate) min_len: usize,
    pub(crate) max_len: usize,
    /// Lengths of numbers that can only be dialled locally (US 7 digits).
    local_lengths: Vec<u16>,
}

impl RegionPlan {
    fn compile(meta: &Metadata) -> Option<RegionPlan> {
        let d = meta.descriptors();
        let general = d.general();
        let mut types = Vec::new();
        for t in TYPE_ORDER {
            if let Some(desc) = descriptor(meta, t) {
                types.push((t, Dfa::new(desc.national_number().as_str())?, Desc::new(desc)));
            }
        }
        let fixed_is_mobile = match (d.fixed_line(), d.mobile()) {
            (Some(f), Some(m)) => f.national_number().as_str() == m.national_number().as_str(),
            _ => false,
        };
        // For messages only: the general descriptor may list no lengths,
        // the types' lists then say them.
        let all_lengths: Vec<u16> = std::iter::once(general)
            .chain(TYPE_ORDER.iter().filter_map(|&t| descriptor(meta, t)))
            .flat_map(|d| d.possible_length().iter().copied())
            .collect();
        Some(RegionPlan {
            id: meta.id().to_owned(),
            country_code: meta.country_code(),
            code_str: meta.country_code().to_string(),
            general_re: Dfa::new(general.national_number().as_str())?,
            general: Desc::new(general),
            types,
            fixed_is_mobile,
            national_prefix: meta.national_prefix().map(str::to_owned),
            prefix_for_parsing: match meta.national_prefix_for_parsing() {
                Some(re) => Some(build(re.as_str())?),
                None => None,
            },
            transform_rule: meta.national_prefix_transform_rule().map(str::to_owned),
            international_prefix: match meta.international_prefix() {
                Some(re) => Some(Dfa::new(re.as_str())?),
                None => None,
            },
            leading_digits: match meta.leading_digits() {
                Some(re) => Some(Dfa::new(re.as_str())?),
                None => None,
            },
            min_len: all_lengths.iter().min().map_or(0, |&l| usize::from(l)),
            max_len: all_lengths.iter().max().map_or(0, |&l| usize::from(l)),
            local_lengths: general.possible_local_length().to_vec(),
        })
    }

    pub(crate) fn general_match(&self, value: &str) -> bool {
        self.general.length_ok(value.len()) && self.general_re.starts(value)
    }

    /// `validator::number_type`.
    pub(crate) fn number_type(&self, value: &str) -> NumberType {
        if !self.general_match(value) {
            return NumberType::Unknown;
        }
        // `types` is in the crate's order: the first eight win as soon as
        // they match; fixed line and mobile are weighed together.
        let (mut fixed, mut mobile) = (false, false);
        for (t, dfa, desc) in &self.types {
            if !desc.length_ok(value.len()) || !dfa.starts(value) {
                continue;
            }
            match t {
                NumberType::FixedLine => fixed = true,
                NumberType::Mobile => mobile = true,
                t => return *t,
            }
        }
        match (fixed, mobile) {
            (true, _) if mobile || self.fixed_is_mobile => NumberType::FixedLineOrMobile,
            (true, _) => NumberType::FixedLine,
            (false, true) => NumberType::Mobile,
            (false, false) => NumberType::Unknown,
        }
    }

    /// `validator::length` for `Type::Unknown` (the general descriptor).
    fn length(&self, len: usize) -> Length {
        let len = len as u16;
        let possible = &self.general.lengths;
        if possible.is_empty() {
            return Length::Invalid;
        }
        if self.local_lengths.contains(&len) {
            Length::PossibleLocalOnly
        } else if len < possible[0] {
            Length::TooShort
        } else if len > possible[possible.len() - 1] {
            Length::TooLong
        } else if possible.contains(&len) {
            Length::Possible
        } else {
            Length::Invalid
        }
    }

    /// `helper::national_number`: strip the national prefix (and carrier
    /// code) the way the metadata says, or apply its transform rule.
    /// Borrowed unless the transform rule rewrites the number.
    pub(crate) fn strip_national_prefix<'a>(&self, national: &'a str) -> Cow<'a, str> {
        let Some(re) = &self.prefix_for_parsing else {
            if let Some(prefix) = &self.national_prefix
                && let Some(rest) = national.strip_prefix(prefix.as_str())
                && (!self.general_match(national) || self.general_match(rest))
            {
                return rest.into();
            }
            return national.into();
        };
        let Some(m) = re.find(national) else { return national.into() };
        if m.start() != 0 {
            return national.into();
        }
        let viable = self.general_match(national);
        let last_present = re.captures(national).is_some_and(|c| c.get(c.len() - 1).is_some());
        match &self.transform_rule {
            Some(rule) if last_present => {
                let transformed = re.replace(national, rule.as_str());
                if viable && !self.general_match(&transformed) {
                    return national.into();
                }
                transformed
            }
            // libphonenumber keeps the prefix when the number was viable
            // with it and is not without it.
            _ if viable && !self.general_match(&national[m.end()..]) => national.into(),
            _ => national[m.end()..].into(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Length {
    Possible,
    PossibleLocalOnly,
    TooShort,
    Invalid,
    TooLong,
}

/// The regions that share a country calling code, in the database's order.
pub(crate) struct CodePlan {
    regions: Vec<&'static RegionPlan>,
}

/// Plans are compiled once per process and never dropped: leaked, they are
/// `&'static` and shared by all threads without reference counting.
struct Plans {
    /// By two-letter region id, `A`–`Z` squared.
    by_region: Vec<Option<Option<&'static RegionPlan>>>,
    /// By country calling code (below 1000).
    by_code: Vec<Option<Option<&'static CodePlan>>>,
}

impl Default for Plans {
    fn default() -> Plans {
        Plans { by_region: vec![None; 26 * 26], by_code: vec![None; 1000] }
    }
}

static SHARED: LazyLock<RwLock<Plans>> = LazyLock::new(|| RwLock::new(Plans::default()));

thread_local! {
    /// The hot path reads this copy: no lock, no shared cache line.
    static LOCAL: RefCell<Plans> = RefCell::new(Plans::default());
}

fn leak<T>(value: T) -> &'static T {
    Box::leak(Box::new(value))
}

fn compile_region(id: &str) -> Option<&'static RegionPlan> {
    DATABASE.by_id(id).and_then(RegionPlan::compile).map(leak)
}

fn compile_code(code: u16) -> Option<&'static CodePlan> {
    let ids = DATABASE.region(&code)?;
    if ids.len() == 1 && ids[0] == "001" {
        // A non-geographic entity (`+800`, `+882`…).
        let meta = DATABASE.by_code(&code)?.into_iter().next()?;
        return Some(leak(CodePlan { regions: vec![leak(RegionPlan::compile(meta)?)] }));
    }
    let regions = ids.iter().map(|id| region(id)).collect::<Option<Vec<_>>>()?;
    Some(leak(CodePlan { regions }))
}

/// Look a plan up in the thread's copy, then in the shared one, else
/// compile it.
fn cached<T: Copy>(
    slot: impl Fn(&mut Plans) -> &mut Option<Option<T>>,
    compile: impl FnOnce() -> Option<T>,
) -> Option<T> {
    if let Some(hit) = LOCAL.with(|l| *slot(&mut l.borrow_mut())) {
        return hit;
    }
    // A miss here is once per thread and plan. The lock is not held while
    // compiling: a country code's plan compiles its regions' plans.
    let shared = SHARED.write().ok().and_then(|mut s| *slot(&mut s));
    let plan = match shared {
        Some(p) => p,
        None => {
            let p = compile();
            match SHARED.write() {
                Ok(mut s) => *slot(&mut s).get_or_insert(p),
                Err(_) => p,
            }
        }
    };
    LOCAL.with(|l| *slot(&mut l.borrow_mut()) = Some(plan));
    plan
}

/// The plan of a region (`FR`), compiled on first use.
pub(crate) fn region(id: &str) -> Option<&'static RegionPlan> {
    let &[a @ b'A'..=b'Z', b @ b'A'..=b'Z'] = id.as_bytes() else { return None };
    let index = usize::from(a - b'A') * 26 + usize::from(b - b'A');
    cached(|p| &mut p.by_region[index], || compile_region(id))
}

/// The plans of a country calling code (`33`), compiled on first use.
fn code(code: u16) -> Option<&'static CodePlan> {
    if code >= 1000 {
        return None;
    }
    cached(|p| &mut p.by_code[usize::from(code)], || compile_code(code))
}

/// `validator::source_for`: which region's metadata applies to a national
/// number under a country code.
fn source_for(code_plan: &CodePlan, national: &str) -> Option<&'static RegionPlan> {
    if code_plan.regions.len() == 1 {
        return code_plan.regions.first().copied();
    }
    for plan in &code_plan.regions {
        if let Some(ld) = &plan.leading_digits {
            if ld.starts(national) {
                return Some(plan);
            }
        } else if plan.number_type(national) != NumberType::Unknown {
            return Some(plan);
        }
    }
    None
}

/// The digits after the default region's international (IDD) prefix
/// (`00` in Europe, `011` in North America), when they start with one not
/// followed by a 0.
pub(crate) fn strip_international_prefix<'a>(
    default: &RegionPlan,
    digits: &'a str,
) -> Option<&'a str> {
    let end = default.international_prefix.as_ref()?.end(digits)?;
    let rest = &digits[end..];
    (!rest.starts_with('0')).then_some(rest)
}

/// Why a number is not valid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Invalid {
    /// Fewer digits than any number of the region has.
    TooShort {
        region: String,
    },
    TooLong {
        region: String,
    },
    /// `+` followed by no known country code.
    UnknownCountryCode,
    /// Digits but no country code, and no usable default region.
    NoRegion,
    /// The right length, or not, but no number of the plan looks like it.
    NotInPlan {
        region: String,
    },
}

/// A valid number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Valid {
    pub(crate) e164: compact_str::CompactString,
    pub(crate) number_type: NumberType,
    /// The region the metadata says the number belongs to (`BE`).
    pub(crate) region: &'static str,
    /// The national significant number starts with 0 (Italy): see
    /// [`validate`] on its type.
    pub(crate) leading_zero: bool,
}

/// Parse and validate `digits` (ASCII digits only), international when
/// `plus`, else national to `default` (a region id such as `FR`), exactly
/// as `phonenumber::parse(if plus { None } else { Some(default) },
/// ["+"] digits)` followed by `is_valid` and `number_type` would, but for
/// two fixes: the `00` prefix and the type of numbers with a leading zero.
pub(crate) fn validate(
    digits: &str,
    plus: bool,
    default: Option<&'static RegionPlan>,
) -> Result<Valid, Invalid> {
    let default_id = || default.map_or_else(String::new, |d| d.id.clone());
    let too_short = || Invalid::TooShort { region: default_id() };
    if digits.len() < MIN_LENGTH_FOR_NSN {
        return Err(too_short());
    }
    let mut national: &str = digits;
    // `helper::international_prefix` then `helper::country_code`.
    let (country_code, meta): (u16, Option<&'static RegionPlan>) = if plus || {
        match default.and_then(|d| strip_international_prefix(d, national)) {
            Some(rest) => {
                national = rest;
                true
            }
            None => false,
        }
    } {
        if national.len() <= MIN_LENGTH_FOR_NSN {
            return Err(too_short());
        }
        if national.starts_with('0') {
            return Err(Invalid::UnknownCountryCode);
        }
        let mut found = None;
        for len in 1..=MAX_LENGTH_FOR_COUNTRY_CODE {
            let Ok(cc) = national[..len].parse::<u16>() else { break };
            if let Some(plan) = code(cc) {
                found = Some((cc, len, plan));
                break;
            }
        }
        let Some((cc, len, code_plan)) = found else { return Err(Invalid::UnknownCountryCode) };
        national = &national[len..];
        // The metadata is the number's own. (The crate keeps the default
        // region's for `00…` numbers, and so reads `0078…` in FR and
        // `+78…` differently; `00` is taken here as a `+`, which is what
        // it means.)
        (cc, source_for(code_plan, national.trim_start_matches('0')))
    } else {
        let Some(d) = default else { return Err(Invalid::NoRegion) };
        if national.starts_with(d.code_str.as_str())
            && (!d.general_match(national)
                || !matches!(
                    d.length(national.len()),
                    Length::Possible | Length::PossibleLocalOnly
                ))
        {
            national = &national[d.code_str.len()..];
        }
        (d.country_code, Some(d))
    };

    let mut national = Cow::Borrowed(national);
    if let Some(meta) = &meta {
        // Stripped once: the crate strips the national prefix a second
        // time, which turns `+7 888 400 000 00` into `+7 840 000 00 00`
        // and makes normalizing a canonical number change it.
        let potential = meta.strip_national_prefix(&national);
        if meta.length(potential.len()) != Length::TooShort {
            national = Cow::Owned(potential.into_owned());
        }
    }
    let region_of = |m: &Option<&RegionPlan>| m.map_or_else(default_id, |m| m.id.clone());
    if national.len() < MIN_LENGTH_FOR_NSN {
        return Err(Invalid::TooShort { region: region_of(&meta) });
    }
    if national.len() > MAX_LENGTH_FOR_NSN {
        return Err(Invalid::TooLong { region: region_of(&meta) });
    }
    // `NationalNumber::from_str`: leading zeros apart, a u64 below 2^56.
    let zeros = national.bytes().take_while(|&b| b == b'0').count();
    let value = &national[zeros..];
    if value.is_empty() || value.parse::<u64>().map_or(true, |v| v >= 1 << 56) {
        return Err(Invalid::NotInPlan { region: region_of(&meta) });
    }

    // `validator::is_valid`, then `PhoneNumber::number_type`.
    let Some(code_plan) = code(country_code) else { return Err(Invalid::UnknownCountryCode) };
    let invalid = |plan: Option<&RegionPlan>| {
        let region = plan.map_or_else(|| region_of(&meta), |p| p.id.clone());
        let len = national.len();
        match plan {
            Some(p) if p.min_len > 0 && len < p.min_len => Invalid::TooShort { region },
            Some(p) if len > p.max_len && p.max_len > 0 => Invalid::TooLong { region },
            _ => Invalid::NotInPlan { region },
        }
    };
    let Some(valid_meta) = source_for(code_plan, &national) else {
        return Err(invalid(meta));
    };
    // The one place where this differs from the crate: its
    // `PhoneNumber::number_type` drops the leading zeros of an Italian
    // number (`+39 06…`) and so finds no type; the type is taken here from
    // the same metadata and digits that made the number valid.
    let number_type = valid_meta.number_type(&national);
    if number_type == NumberType::Unknown {
        return Err(invalid(Some(valid_meta)));
    }
    let mut e164 = compact_str::CompactString::with_capacity(1 + 3 + national.len());
    e164.push('+');
    // Written into the number, not formatted into a string of its own.
    let _ = write!(e164, "{country_code}");
    e164.push_str(&national);
    Ok(Valid { e164, number_type, region: &valid_meta.id, leading_zero: zeros > 0 })
}
