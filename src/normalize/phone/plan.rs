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
//! country's patterns are compiled once into plain [`Regex`]es (the type
//! descriptors into one [`RegexSet`], a single pass), shared through a
//! `RwLock`ed map and a lock-free per-thread copy. The decisions (which
//! region's metadata, national prefix and carrier stripping, country code
//! written without `+`, the order of the type tests) are the crate's, quirks
//! included, so that the result equals what the crate says; the tests compare
//! the two on random numbers.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, RwLock};

use phonenumber::metadata::{DATABASE, Descriptor, Metadata};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

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

fn build(pattern: &str, anchored: bool) -> Option<Regex> {
    let source = if anchored { format!("^(?:{pattern})") } else { pattern.to_owned() };
    // The crate builds every pattern with `ignore_whitespace(true)`.
    RegexBuilder::new(&source).ignore_whitespace(true).build().ok()
}

/// One region's compiled plan (or a non-geographic entity's, `001`).
pub(crate) struct RegionPlan {
    pub(crate) id: String,
    pub(crate) country_code: u16,
    code_str: String,
    general_re: Regex,
    general: Desc,
    /// The types present in this region, in [`TYPE_ORDER`], each with its
    /// index in `types_set`.
    types: Vec<(NumberType, usize, Desc)>,
    types_set: RegexSet,
    /// The crate reports `FixedLineOrMobile` when both patterns are the
    /// same text (the US, Canada…).
    fixed_is_mobile: bool,
    national_prefix: Option<String>,
    prefix_for_parsing: Option<Regex>,
    transform_rule: Option<String>,
    international_prefix: Option<Regex>,
    leading_digits: Option<Regex>,
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
        let mut patterns = Vec::new();
        for t in TYPE_ORDER {
            if let Some(desc) = descriptor(meta, t) {
                types.push((t, patterns.len(), Desc::new(desc)));
                patterns.push(format!("^(?:{})", desc.national_number().as_str()));
            }
        }
        let types_set = RegexSetBuilder::new(&patterns).ignore_whitespace(true).build().ok()?;
        let fixed_is_mobile = match (d.fixed_line(), d.mobile()) {
            (Some(f), Some(m)) => f.national_number().as_str() == m.national_number().as_str(),
            _ => false,
        };
        let lengths = general.possible_length();
        Some(RegionPlan {
            id: meta.id().to_owned(),
            country_code: meta.country_code(),
            code_str: meta.country_code().to_string(),
            general_re: build(general.national_number().as_str(), true)?,
            general: Desc::new(general),
            types,
            types_set,
            fixed_is_mobile,
            national_prefix: meta.national_prefix().map(str::to_owned),
            prefix_for_parsing: match meta.national_prefix_for_parsing() {
                Some(re) => Some(build(re.as_str(), false)?),
                None => None,
            },
            transform_rule: meta.national_prefix_transform_rule().map(str::to_owned),
            international_prefix: match meta.international_prefix() {
                Some(re) => Some(build(re.as_str(), false)?),
                None => None,
            },
            leading_digits: match meta.leading_digits() {
                Some(re) => Some(build(re.as_str(), false)?),
                None => None,
            },
            min_len: lengths.first().map_or(0, |&l| usize::from(l)),
            max_len: lengths.last().map_or(0, |&l| usize::from(l)),
            local_lengths: general.possible_local_length().to_vec(),
        })
    }

    fn general_match(&self, value: &str) -> bool {
        self.general.length_ok(value.len()) && self.general_re.is_match(value)
    }

    /// `validator::number_type`.
    pub(crate) fn number_type(&self, value: &str) -> NumberType {
        if !self.general_match(value) {
            return NumberType::Unknown;
        }
        let matched = self.types_set.matches(value);
        let is = |t: NumberType| {
            self.types.iter().any(|(ty, i, desc)| {
                *ty == t && desc.length_ok(value.len()) && matched.matched(*i)
            })
        };
        for t in &TYPE_ORDER[..8] {
            if is(*t) {
                return *t;
            }
        }
        if is(NumberType::FixedLine) {
            if self.fixed_is_mobile || is(NumberType::Mobile) {
                return NumberType::FixedLineOrMobile;
            }
            return NumberType::FixedLine;
        }
        if is(NumberType::Mobile) {
            return NumberType::Mobile;
        }
        NumberType::Unknown
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
    fn strip_national_prefix(&self, national: &str) -> String {
        let Some(re) = &self.prefix_for_parsing else {
            if let Some(prefix) = &self.national_prefix
                && let Some(rest) = national.strip_prefix(prefix.as_str())
            {
                return rest.to_owned();
            }
            return national.to_owned();
        };
        let Some(m) = re.find(national) else { return national.to_owned() };
        if m.start() != 0 {
            return national.to_owned();
        }
        let viable = self.general_match(national);
        let last_present = re.captures(national).is_some_and(|c| c.get(c.len() - 1).is_some());
        match &self.transform_rule {
            Some(rule) if last_present => {
                let transformed = re.replace(national, rule.as_str()).into_owned();
                if viable && !self.general_match(&transformed) {
                    return national.to_owned();
                }
                transformed
            }
            _ => national[m.end()..].to_owned(),
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
    regions: Vec<Arc<RegionPlan>>,
    /// `001`: a non-geographic entity (`+800`, `+882`…).
    non_geographic: bool,
}

#[derive(Default)]
struct Plans {
    by_region: HashMap<String, Option<Arc<RegionPlan>>>,
    by_code: HashMap<u16, Option<Arc<CodePlan>>>,
}

static SHARED: LazyLock<RwLock<Plans>> = LazyLock::new(|| RwLock::new(Plans::default()));

thread_local! {
    /// The hot path reads this copy: no lock, no shared cache line.
    static LOCAL: RefCell<Plans> = RefCell::new(Plans::default());
}

fn compile_region(id: &str) -> Option<Arc<RegionPlan>> {
    DATABASE.by_id(id).and_then(RegionPlan::compile).map(Arc::new)
}

fn compile_code(code: u16) -> Option<Arc<CodePlan>> {
    let ids = DATABASE.region(&code)?;
    if ids.len() == 1 && ids[0] == "001" {
        let meta = DATABASE.by_code(&code)?.into_iter().next()?;
        let plan = Arc::new(RegionPlan::compile(meta)?);
        return Some(Arc::new(CodePlan { regions: vec![plan], non_geographic: true }));
    }
    let regions = ids.iter().map(|id| region(id)).collect::<Option<Vec<_>>>()?;
    Some(Arc::new(CodePlan { regions, non_geographic: false }))
}

/// The plan of a region (`FR`), compiled on first use.
pub(crate) fn region(id: &str) -> Option<Arc<RegionPlan>> {
    if let Some(hit) = LOCAL.with(|l| l.borrow().by_region.get(id).cloned()) {
        return hit;
    }
    let shared = SHARED.read().ok().and_then(|s| s.by_region.get(id).cloned());
    let plan = match shared {
        Some(p) => p,
        None => {
            let p = compile_region(id);
            if let Ok(mut s) = SHARED.write() {
                s.by_region.insert(id.to_owned(), p.clone());
            }
            p
        }
    };
    LOCAL.with(|l| l.borrow_mut().by_region.insert(id.to_owned(), plan.clone()));
    plan
}

/// The plans of a country calling code (`33`), compiled on first use.
fn code(code: u16) -> Option<Arc<CodePlan>> {
    if let Some(hit) = LOCAL.with(|l| l.borrow().by_code.get(&code).cloned()) {
        return hit;
    }
    let shared = SHARED.read().ok().and_then(|s| s.by_code.get(&code).cloned());
    let plan = match shared {
        Some(p) => p,
        None => {
            let p = compile_code(code);
            if let Ok(mut s) = SHARED.write() {
                s.by_code.insert(code, p.clone());
            }
            p
        }
    };
    LOCAL.with(|l| l.borrow_mut().by_code.insert(code, plan.clone()));
    plan
}

/// `validator::source_for`: which region's metadata applies to a national
/// number under a country code.
fn source_for(code_plan: &CodePlan, national: &str) -> Option<Arc<RegionPlan>> {
    if code_plan.regions.len() == 1 {
        return code_plan.regions.first().cloned();
    }
    for plan in &code_plan.regions {
        if let Some(ld) = &plan.leading_digits {
            if ld.find(national).is_some_and(|m| m.start() == 0) {
                return Some(plan.clone());
            }
        } else if plan.number_type(national) != NumberType::Unknown {
            return Some(plan.clone());
        }
    }
    let _ = code_plan.non_geographic;
    None
}

/// Why a number is not valid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Invalid {
    /// Fewer digits than any number of the region has.
    TooShort { region: String },
    TooLong { region: String },
    /// `+` followed by no known country code.
    UnknownCountryCode,
    /// Digits but no country code, and no usable default region.
    NoRegion,
    /// The right length, or not, but no number of the plan looks like it.
    NotInPlan { region: String },
}

/// A valid number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Valid {
    pub(crate) e164: String,
    pub(crate) number_type: NumberType,
    /// The region the metadata says the number belongs to (`BE`).
    pub(crate) region: String,
    /// The national significant number starts with 0 (Italy): see
    /// [`validate`] on its type.
    pub(crate) leading_zero: bool,
}

/// Parse and validate `digits` (ASCII digits only), international when
/// `plus`, else national to `default` (a region id such as `FR`), exactly
/// as `phonenumber::parse(if plus { None } else { Some(default) },
/// ["+"] digits)` followed by `is_valid` and `number_type` would.
pub(crate) fn validate(digits: &str, plus: bool, default: Option<&RegionPlan>) -> Result<Valid, Invalid> {
    let default_id = || default.map_or_else(String::new, |d| d.id.clone());
    let too_short = || Invalid::TooShort { region: default_id() };
    if digits.len() < MIN_LENGTH_FOR_NSN {
        return Err(too_short());
    }
    let mut national: &str = digits;
    // `helper::international_prefix` then `helper::country_code`.
    let (country_code, meta): (u16, Option<Arc<RegionPlan>>) = if plus || {
        let idd = default.and_then(|d| d.international_prefix.as_ref());
        match idd.and_then(|re| re.find(national)) {
            Some(m) if m.start() == 0 && !national[m.end()..].starts_with('0') => {
                national = &national[m.end()..];
                true
            }
            _ => false,
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
        // Without a default region the crate finds the metadata from the
        // number; with one (an IDD number) it keeps the default's.
        let meta = if plus {
            source_for(&code_plan, national.trim_start_matches('0'))
        } else {
            default.map(|d| region(&d.id)).unwrap_or_default()
        };
        (cc, meta)
    } else {
        let Some(d) = default else { return Err(Invalid::NoRegion) };
        if national.starts_with(d.code_str.as_str())
            && (!d.general_match(national)
                || !matches!(d.length(national.len()), Length::Possible | Length::PossibleLocalOnly))
        {
            national = &national[d.code_str.len()..];
        }
        (d.country_code, region(&d.id))
    };

    let mut national = national.to_owned();
    if let Some(meta) = &meta {
        let mut potential = meta.strip_national_prefix(&national);
        if let Some(prefix) = &meta.national_prefix
            && potential.starts_with(prefix.as_str())
        {
            potential.drain(..prefix.len());
        }
        if meta.length(potential.len()) != Length::TooShort {
            national = potential;
        }
    }
    let region_of = |m: &Option<Arc<RegionPlan>>| m.as_ref().map_or_else(default_id, |m| m.id.clone());
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
    let Some(valid_meta) = source_for(&code_plan, &national) else {
        return Err(invalid(meta.as_deref()));
    };
    if valid_meta.number_type(&national) == NumberType::Unknown {
        return Err(invalid(Some(&valid_meta)));
    }
    // The one place where this differs from the crate: its
    // `PhoneNumber::number_type` drops the leading zeros of an Italian
    // number (`+39 06…`) and so finds no type; the type is taken here from
    // the same metadata and digits that made the number valid.
    let number_type = valid_meta.number_type(&national);
    let mut e164 = String::with_capacity(1 + 3 + national.len());
    e164.push('+');
    e164.push_str(&country_code.to_string());
    e164.push_str(&national);
    Ok(Valid { e164, number_type, region: valid_meta.id.clone(), leading_zero: zeros > 0 })
}
