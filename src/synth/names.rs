//! Person names with realistic frequencies: a frequent head drawn from the
//! word lists of [`vocab`] with a Zipf-like skew, and a long tail of
//! surnames built from real morphemes (root + suffix, particles, compounds)
//! of the origins a French SME's contacts have: French, Breton, Alsatian,
//! Portuguese, Spanish, Italian, Maghrebi, West African, Polish, Vietnamese
//! and English.
//!
//! Why: with short lists alone, Martin was 3% of people and nine in ten
//! shared their full name with someone, so a name was almost no evidence
//! and the matching engine's precision and EM weights were measured on an
//! unreal world. French civil records have ~1.3M surnames; Martin is ~0.4%
//! of people, the top hundred about a tenth, and most people share their
//! surname with few others. Nothing here is a big table: the tail is a few
//! hundred morphemes combined deterministically from the caller's [`Rng`].
//!
//! Only integer arithmetic is used (an integer square root for the weights)
//! so output does not depend on the platform's maths library.

use std::sync::OnceLock;

use super::rng::Rng;
use super::vocab;

/// Cumulative weights `w(k) ∝ 1/√(k + a)` over `n` ranks: a Zipf-like law
/// with exponent ½, flatter than Zipf's 1 as surname and first-name counts
/// are (Martin is only about six times as common as the hundredth name).
fn zipf_half(n: usize, a: u64) -> Vec<u64> {
    let mut acc = 0u64;
    (0..n as u64)
        .map(|k| {
            acc += (1u64 << 42) / ((k + 1 + a) << 20).isqrt();
            acc
        })
        .collect()
}

/// A rank drawn from a cumulative table (`cum` is never empty).
fn draw(r: &mut Rng, cum: &[u64]) -> usize {
    let total = cum.last().copied().unwrap_or(0);
    let x = r.below(total);
    cum.partition_point(|&c| c <= x).min(cum.len().saturating_sub(1))
}

struct Tables {
    first_fr: Vec<u64>,
    first_en: Vec<u64>,
    surname_fr: Vec<u64>,
    surname_en: Vec<u64>,
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| Tables {
        first_fr: zipf_half(vocab::FIRST_NAMES_FR.len(), 4),
        first_en: zipf_half(vocab::FIRST_NAMES_EN.len(), 4),
        surname_fr: zipf_half(vocab::SURNAMES_FR.len(), 2),
        surname_en: zipf_half(vocab::SURNAMES_EN.len(), 2),
    })
}

/// Per mille of French-context surnames drawn from the head list; the rest
/// come from the procedural tail. Tuned so Martin is ≈0.4% of people and
/// the top hundred ≈12% (see the tests).
const HEAD_FR_PER_MILLE: u32 = 190;
const HEAD_EN_PER_MILLE: u32 = 250;

/// A first name of a French-context person. First names are more
/// concentrated than surnames (the top ones ≈1.5% each) but births span
/// four decades, so the list runs from Monique to Enzo.
pub fn first_fr(r: &mut Rng) -> &'static str {
    vocab::FIRST_NAMES_FR[draw(r, &tables().first_fr)]
}

pub fn first_en(r: &mut Rng) -> &'static str {
    vocab::FIRST_NAMES_EN[draw(r, &tables().first_en)]
}

/// A surname as found in French SME contact lists.
pub fn surname_fr(r: &mut Rng) -> String {
    if r.chance(HEAD_FR_PER_MILLE) {
        return head_fr(r).to_string();
    }
    match r.below(1000) {
        0..620 => french(r),
        620..660 => breton(r),
        660..690 => alsatian(r),
        690..705 => {
            // Double surnames (`Martin-Durand`), mostly a common one first.
            let a = if r.chance(500) { head_fr(r).to_string() } else { french(r) };
            let b = if r.chance(300) { head_fr(r).to_string() } else { french(r) };
            if a == b { a } else { format!("{a}-{b}") }
        }
        705..760 => portuguese(r),
        760..800 => spanish(r),
        800..840 => italian(r),
        840..915 => maghrebi(r),
        915..945 => west_african(r),
        945..965 => polish(r),
        965..975 => vietnamese(r),
        _ => english(r),
    }
}

/// A surname of an English-speaking contact (UK/US customers).
pub fn surname_en(r: &mut Rng) -> String {
    if r.chance(HEAD_EN_PER_MILLE) {
        return vocab::SURNAMES_EN[draw(r, &tables().surname_en)].to_string();
    }
    english(r)
}

/// A frequent French surname, Zipf-skewed (also used for company names).
pub fn head_fr(r: &mut Rng) -> &'static str {
    vocab::SURNAMES_FR[draw(r, &tables().surname_fr)]
}

/// Lower-cases the first letter, to fuse a root behind a particle
/// (`Ben` + `Saïd` → `Bensaïd`).
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_lowercase().chain(c).collect()).unwrap_or_default()
}

fn french(r: &mut Rng) -> String {
    let root = *r.pick(FR_ROOTS);
    let infix = if r.chance(350) { *r.pick(FR_INFIX) } else { "" };
    let suffix = *r.pick(FR_SUFFIX);
    let word = format!("{root}{infix}{suffix}");
    match r.below(1000) {
        0..50 => format!("Le {word}"),
        50..75 => format!("Du {word}"),
        75..100 => format!("De {word}"),
        100..120 => format!("Des{}", lower_first(&word)),
        120..140 => format!("Dela{}", lower_first(&word)),
        _ => word,
    }
}

fn breton(r: &mut Rng) -> String {
    let root = *r.pick(BRETON_ROOTS);
    match r.below(10) {
        0..=3 => format!("Le {root}"),
        4..=5 => format!("Ker{}", lower_first(root)),
        6..=7 => format!("{root}{}", r.pick(&["ec", "ou", "en", "an", "ic"])),
        _ => format!("Le {root}{}", r.pick(&["ec", "ou", "en", "ic"])),
    }
}

fn alsatian(r: &mut Rng) -> String {
    format!("{}{}", r.pick(DE_ROOTS), r.pick(DE_SUFFIX))
}

fn portuguese(r: &mut Rng) -> String {
    let base = format!("{}{}", r.pick(PT_ROOTS), r.pick(PT_SUFFIX));
    match r.below(10) {
        0 => format!("Da {base}"),
        1 => format!("Dos {base}"),
        2..=3 => format!("{} {base}", r.pick_skewed(PT_GIVEN)),
        _ => base,
    }
}

fn spanish(r: &mut Rng) -> String {
    if r.chance(550) {
        // Patronymics: González, Martínez, Jiménez…
        (*r.pick(ES_PATRONYMIC)).to_string()
    } else {
        format!("{}{}", r.pick(ES_ROOTS), r.pick(ES_SUFFIX))
    }
}

fn italian(r: &mut Rng) -> String {
    let base = format!("{}{}", r.pick(IT_ROOTS), r.pick(IT_SUFFIX));
    if r.chance(80) { format!("{} {base}", r.pick(&["Di", "De", "Lo", "La"])) } else { base }
}

fn maghrebi(r: &mut Rng) -> String {
    let root = *r.pick(AR_ROOTS);
    match r.below(20) {
        0..=6 => root.to_string(),
        7..=9 => format!("{root}i"),
        10..=11 => format!("Ben {root}"),
        12..=13 => format!("Ben{}", lower_first(root)),
        14 => format!("Bel{}", lower_first(root)),
        15 => format!("Bou{}", lower_first(root)),
        16 => format!("El {root}"),
        17 => format!("Aït {root}"),
        _ => format!("{root}{}", r.pick(&["ine", "a", "ou", "ani"])),
    }
}

fn west_african(r: &mut Rng) -> String {
    (*r.pick(AFRICAN)).to_string()
}

fn polish(r: &mut Rng) -> String {
    format!("{}{}", r.pick(PL_ROOTS), r.pick(PL_SUFFIX))
}

fn vietnamese(r: &mut Rng) -> String {
    (*r.pick_skewed(VIETNAMESE)).to_string()
}

fn english(r: &mut Rng) -> String {
    let infix = if r.chance(300) { *r.pick(&["en", "er", "ing", "el", "s"]) } else { "" };
    format!("{}{infix}{}", r.pick(EN_ROOTS), r.pick(EN_SUFFIX))
}

// Morphemes, drawn uniformly: the head already gives the frequent names, and
// a skewed pick from a short whole-name list made Diallo the third surname.
// Only Vietnamese is skewed (Nguyen is about 40% of Vietnamese surnames).

const FR_ROOTS: &[&str] = &[
    "Bouch", "Charp", "Chev", "Fourn", "Mor", "Ren", "Lamb", "Berth", "Cour", "Fav", "Vach",
    "Pell", "Roch", "Chabr", "Malv", "Boiss", "Chaum", "Barb", "Bourd", "Brun", "Cham", "Chapel",
    "Char", "Dum", "Duch", "Ferr", "Fouqu", "Gaill", "Garn", "Gauth", "Gir", "Gond", "Guill",
    "Jacqu", "Lain", "Mall", "Marc", "Mén", "Mich", "Mill", "Moul", "Pag", "Papill", "Perr",
    "Pich", "Poir", "Pott", "Rich", "Rob", "Roug", "Rouss", "Sauv", "Tess", "Thib", "Vall",
    "Vaill", "Vern", "Viel", "Bern", "Bonn", "Bouv", "Bréh", "Cab", "Cad", "Cass", "Chauv", "Clav",
    "Coqu", "Coud", "Cros", "Dauph", "Esc", "Faur", "Foss", "Frém", "Gab", "Gass", "Gaud", "Godef",
    "Grand", "Gros", "Hém", "Jouv", "Lab", "Lav", "Lom", "Mart", "Mass", "Maug", "Mouch", "Noy",
    "Pasc", "Plan", "Pons", "Prév", "Raff", "Rag", "Rav", "Riv", "Sab", "Tard", "Tourn", "Trib",
    "Val", "Vass", "Vid", "Vign", "Auber", "Beaum", "Blond", "Bouss", "Brouss", "Camp", "Cauch",
    "Chass", "Clém", "Court", "Dard", "Delorm", "Desch", "Fauch", "Fleur", "Font", "Gasn", "Gouj",
    "Hub", "Jaun", "Lecl", "Longu", "Magn", "Maill", "Merc", "Monn", "Nav", "Pign", "Pouj", "Quén",
    "Rabot", "Reb", "Roub", "Saulc", "Servant", "Soul", "Teyss", "Verd", "Villen",
];

const FR_INFIX: &[&str] = &["el", "er", "ill", "ich", "ot", "an", "eb", "on", "ic", "ar", "oll"];

const FR_SUFFIX: &[&str] = &[
    "ier", "ard", "eau", "in", "et", "ot", "on", "and", "aud", "ault", "at", "ac", "ez", "y",
    "ière", "ou", "oux", "elle", "eaux", "ain", "ey", "ès", "ay", "oud", "ant", "ois", "ier",
    "enot", "elet", "ignon", "ereau", "ichon", "onnet", "as", "ie", "eix", "ade", "ange",
];

const BRETON_ROOTS: &[&str] = &[
    "Gall", "Goff", "Bihan", "Floch", "Corre", "Guen", "Bras", "Meur", "Moal", "Hir", "Berre",
    "Cam", "Dantec", "Gac", "Guillou", "Ru", "Borgne", "Bris", "Dréau", "Duff", "Gouil", "Guern",
    "Jeune", "Lann", "Mao", "Nédel", "Pen", "Quéré", "Roll", "Saux", "Tallec", "Troadec",
];

const DE_ROOTS: &[&str] = &[
    "Schn", "Hof", "Stein", "Kess", "Wald", "Lind", "Ros", "Kirch", "Reich", "Schwa", "Bau",
    "Hartm", "Kl", "Fisch", "Wagn", "Zimm", "Ried", "Oberl", "Hein", "Lutz", "Geig", "Frey",
    "Bruck", "Sieg", "Walt", "Eck",
];
const DE_SUFFIX: &[&str] = &[
    "er", "mann", "berger", "inger", "hardt", "ert", "el", "ler", "enbach", "mayer", "mer",
    "schmitt", "bach", "wald", "ner", "hofer",
];

const PT_ROOTS: &[&str] = &[
    "Ferr", "Oliv", "Pereir", "Rodrig", "Gonçal", "Fern", "Lop", "Mart", "Sous", "Alv", "Teix",
    "Carvalh", "Ribeir", "Marqu", "Pint", "Mach", "Moreir", "Correi", "Mend", "Cardos", "Antun",
    "Tavar", "Mour", "Barbos", "Gom", "Louren", "Simõ", "Vieir", "Coelh", "Amar",
];
const PT_SUFFIX: &[&str] =
    &["eira", "es", "ado", "inho", "o", "a", "ues", "eiro", "aes", "ais", "ão", "ida"];
const PT_GIVEN: &[&str] = &["Da Silva", "Dos Santos", "Da Costa", "De Sousa", "Da Cunha"];

const ES_PATRONYMIC: &[&str] = &[
    "González",
    "Rodríguez",
    "Fernández",
    "López",
    "Martínez",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Díaz",
    "Hernández",
    "Álvarez",
    "Jiménez",
    "Ruiz",
    "Moreno",
    "Muñoz",
    "Romero",
    "Navarro",
    "Domínguez",
    "Gutiérrez",
    "Vázquez",
    "Ramírez",
    "Suárez",
    "Márquez",
    "Benítez",
    "Giménez",
    "Ibáñez",
    "Velázquez",
    "Méndez",
    "Núñez",
    "Rubio",
    "Serrano",
    "Ortega",
    "Delgado",
    "Castillo",
];
const ES_ROOTS: &[&str] = &[
    "Cast", "Mor", "Sal", "Olm", "Gall", "Herr", "Torr", "Vill", "Mont", "Carr", "Pard", "Lozan",
    "Aranc", "Cabr", "Esc", "Garr", "Quint", "Rosal", "Rebol", "Albar",
];
const ES_SUFFIX: &[&str] = &["edo", "illo", "ero", "ado", "ano", "ino", "era", "ón", "ales", "ida"];

const IT_ROOTS: &[&str] = &[
    "Ross", "Bianc", "Ferr", "Esposit", "Gall", "Ricc", "Brun", "Mor", "Coll", "Sant", "Fior",
    "Lombard", "Vitt", "Mancin", "Cerr", "Cont", "Martin", "Marin", "Gentil", "Barb", "Bellin",
    "Pagan", "Rinald", "Caval", "Tedesc", "Orland", "Bonv", "Castell", "Pell", "Sorrent",
];
const IT_SUFFIX: &[&str] =
    &["i", "elli", "etti", "ini", "one", "ucci", "ato", "ano", "ese", "otti", "ella", "o", "acci"];

const AR_ROOTS: &[&str] = &[
    "Haddad", "Mansour", "Amran", "Brahim", "Hamid", "Saïd", "Khalil", "Kader", "Rachid",
    "Slimane", "Aziz", "Bouzid", "Belkacem", "Cherif", "Hassan", "Lahlou", "Naceur", "Tahar",
    "Yacine", "Zerrouk", "Meziane", "Moussa", "Salah", "Daoud", "Larbi", "Touati", "Hamdi",
    "Jaziri", "Ouali", "Fadel", "Guerfi", "Kaci", "Madani", "Nadir", "Rahmoun", "Sabri", "Taleb",
    "Yahia", "Ziani", "Amara", "Chaouch", "Djebbar", "Ferhat", "Ghali", "Idris", "Karim", "Lounis",
    "Merabet", "Nasri", "Omar",
];

const AFRICAN: &[&str] = &[
    "Diallo",
    "Traoré",
    "Diop",
    "Koné",
    "Camara",
    "Ndiaye",
    "Touré",
    "Sow",
    "Cissé",
    "Keita",
    "Sylla",
    "Coulibaly",
    "Diarra",
    "Fofana",
    "Kouassi",
    "Konaté",
    "Ba",
    "Sy",
    "Mbaye",
    "Faye",
    "Diakité",
    "Sissoko",
    "Dembélé",
    "Bamba",
    "Gueye",
    "Sarr",
    "Kanté",
    "Niang",
    "Yao",
    "Ouattara",
    "Bangoura",
    "Soumaré",
    "Doumbia",
    "Kaba",
    "Dramé",
    "Tall",
    "Seck",
    "Fall",
    "Mendy",
    "Gomis",
    "Mbemba",
    "Nzeza",
    "Okafor",
    "Mensah",
    "Kamga",
    "Ngono",
    "Tchoumi",
    "Essomba",
];

const PL_ROOTS: &[&str] = &[
    "Kowal", "Now", "Wisniew", "Wojc", "Kamin", "Lewandow", "Zielin", "Szyman", "Wozn", "Dabrow",
    "Kozlow", "Jankow", "Mazur", "Krawc", "Piotrow", "Grabow", "Pawl", "Michal", "Zajac", "Krol",
];
const PL_SUFFIX: &[&str] = &["ski", "ak", "czyk", "ewicz", "icki", "ik", "owski", "iak", "ek"];

const VIETNAMESE: &[&str] = &[
    "Nguyen", "Tran", "Le", "Pham", "Hoang", "Phan", "Vu", "Dang", "Bui", "Do", "Ho", "Ngo",
    "Duong", "Ly", "Truong", "Dinh", "Lam", "Mai", "Trinh", "Vo", "Ha", "Luu", "Quach", "Ta",
];

const EN_ROOTS: &[&str] = &[
    "Ash", "Brad", "Black", "Whit", "Haw", "Mor", "Ather", "Pen", "Wal", "Hart", "Stan", "Kings",
    "Red", "Thorn", "Bur", "Craw", "Ful", "Gold", "Hamp", "Lang", "Mid", "Nor", "Pem", "Rad",
    "Shel", "Sut", "Wex", "Brom", "Chat", "Dal", "Ed", "Fair", "Glad", "Hol", "Kent", "Lind",
    "Mar", "Oak", "Pres", "Ray", "Stock", "Tre", "Win", "Yar", "Bar", "Cole", "Dun", "Els",
];
const EN_SUFFIX: &[&str] = &[
    "son", "ton", "ley", "ford", "wood", "er", "well", "by", "ham", "field", "man", "worth",
    "ridge", "ington", "more", "bury", "cliffe", "stone", "wick", "ell", "dale", "land", "ett",
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn shares(names: &[String]) -> (f64, f64) {
        let mut by: HashMap<&str, usize> = HashMap::new();
        for n in names {
            *by.entry(n.as_str()).or_default() += 1;
        }
        let mut counts: Vec<usize> = by.values().copied().collect();
        counts.sort_unstable_by(|a, b| b.cmp(a));
        let top1 = counts[0] as f64 / names.len() as f64;
        let top100 = counts.iter().take(100).sum::<usize>() as f64 / names.len() as f64;
        (top1, top100)
    }

    #[test]
    fn surname_head_and_tail_shares_look_french() {
        let names: Vec<String> =
            (0..100_000).map(|i| surname_fr(&mut Rng::for_item(5, 1, i))).collect();
        let (top1, top100) = shares(&names);
        eprintln!("surnames: top {top1}, top 100 {top100}");
        assert!((0.003..0.006).contains(&top1), "top surname {top1}");
        assert!((0.09..0.16).contains(&top100), "top 100 surnames {top100}");
        let martins = names.iter().filter(|n| *n == "Martin").count();
        assert!((300..600).contains(&martins), "{martins} Martin in 100k");
        let distinct = names.iter().collect::<std::collections::HashSet<_>>().len();
        assert!(distinct > 20_000, "{distinct} distinct surnames in 100k");
    }

    #[test]
    fn first_names_are_concentrated_but_not_dominated() {
        let names: Vec<String> =
            (0..100_000).map(|i| first_fr(&mut Rng::for_item(5, 2, i)).to_string()).collect();
        let (top1, top100) = shares(&names);
        eprintln!("first names: top {top1}, top 100 {top100}");
        assert!((0.01..0.025).contains(&top1), "top first name {top1}");
    }

    #[test]
    fn names_are_deterministic_and_well_formed() {
        for i in 0..5_000 {
            let a = surname_fr(&mut Rng::for_item(3, 4, i));
            assert_eq!(a, surname_fr(&mut Rng::for_item(3, 4, i)));
            // Capitalised, or a lower-case particle (`de la Fontaine`).
            let capital = a.chars().next().is_some_and(char::is_uppercase);
            assert!(capital || a.starts_with("de ") || a.starts_with("du "), "{a}");
            assert!(!a.contains("  ") && a.trim() == a, "{a:?}");
            let e = surname_en(&mut Rng::for_item(3, 5, i));
            assert!(e.chars().next().is_some_and(char::is_uppercase), "{e}");
            // Slugs (for e-mail addresses) never come out empty.
            assert!(!super::super::text::slug(&a, "").is_empty(), "{a}");
        }
    }
}
