//! First-name equivalences: diminutives, spelling variants and close
//! French/English cognates (`Bob` / `Robert`, `Kate` / `Catherine` /
//! `Katherine`, `Fred` / `Frédéric`), and how two first names written for
//! the same person relate (`Jean` / `Jean-Pierre`, `J.` / `Jean`, `JP` /
//! `Jean-Pierre`).
//!
//! Inputs are folded first names (`crate::normalize::name::name_key`:
//! lowercase ASCII, accents dropped, hyphens as spaces).
//!
//! # The dictionary
//!
//! [`GROUPS`] lists a few hundred common French, English, Belgian/Swiss and
//! North-African first names found in French and British/American business
//! files, each group being one name: its spelling variants, its usual
//! diminutives, and its cognate in the other language when the two are
//! written close enough that the same person ends up written both ways
//! (`Alexandre` / `Alexander`, `Frédéric` / `Frederick`, `Henri` / `Henry`,
//! `Édouard` / `Edward`). Cognates that look unrelated are separate names
//! (`Guillaume` / `William`, `Jacques` / `James`, `Jean` / `John`, `Pierre` /
//! `Peter`, `Étienne` / `Stephen`), and so are `Michel` and `Michael`: in
//! France `Michel` and `Mickaël` are two names of different generations,
//! not two spellings.
//!
//! # Ambiguous diminutives
//!
//! `Alex`, `Chris`, `Sam`, `Dom`, `Max`, `Fred`, `Steph`, `Flo`, `Val`,
//! `Gaby`, `Jo`, `Pat`, `Tony`, `Jack`… belong to several groups, often one
//! male and one female name. They are listed in each, so
//! [`first_names_compatible`] says `Alex` / `Alexandre` and `Alex` /
//! `Alexandra` are both [`Compat::Nickname`], while `Alexandre` /
//! `Alexandra` (no shared group) stay [`Compat::Different`]; and
//! [`canonical_first_name`] returns an ambiguous diminutive unchanged rather
//! than guessing a gender. Gendered pairs are never one group (`Christophe`
//! / `Christine`, `Frédéric` / `Frédérique`, `Daniel` / `Danielle`).
//!
//! Lookups go through a hash index built once from [`GROUPS`] (no
//! allocation per call).

use crate::fxhash::FxHashMap;
use std::sync::LazyLock;

/// How two first names written for the same person relate, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Compat {
    /// The same folded name (`jean pierre` / `jean pierre`).
    Same,
    /// Every word is the same name or a diminutive or variant of it
    /// (`bob` / `robert`, `jean chris` / `jean christophe`).
    Nickname,
    /// One is part of the other, a compound or a middle name (`jean` /
    /// `jean pierre`, `pierre` / `jean pierre`).
    CompoundPart,
    /// Only initials agree (`j` / `jean`, `jp` / `jean pierre`, `j p` /
    /// `jean paul`): weak evidence.
    InitialOnly,
    /// Nothing relates them (including an empty name: the comparator's
    /// null level handles missing values before asking).
    Different,
}

/// One group per name; the first entry is the canonical form returned by
/// [`canonical_first_name`]. All entries are folded.
pub const GROUPS: &[&[&str]] = &[
    // --- Male, French and English ---
    &["alexandre", "alexander", "alex", "alec", "sacha", "sasha", "xander", "alexandr"],
    &["alexis", "alex"],
    &["alain", "alan", "allan", "allen", "al"],
    &["albert", "al", "bert", "bertie"],
    &["alfred", "alf", "alfie", "fred", "freddie", "al"],
    &["andre", "dede"],
    &["andrew", "andy", "drew"],
    &["anthony", "antony", "tony", "toni", "ant"],
    &["antoine", "tony", "toine"],
    &["arthur", "art", "artie", "tutur"],
    &["augustin", "gus"],
    &["aurelien", "aurel", "aurelian"],
    &["baptiste", "bapt", "batiste"],
    &["benjamin", "ben", "benji", "benjy", "benny"],
    &["benoit", "ben"],
    &["bernard", "bernie", "nanard"],
    &["bradley", "brad"],
    &["cedric", "ced", "cedrick"],
    &["charles", "charlie", "charly", "chuck", "chaz", "charley"],
    &["christian", "chris", "kristian", "christiaan"],
    &["christophe", "christopher", "chris", "kris", "christoph", "kristof", "christof", "topher"],
    &["clement", "clem"],
    &["cyril", "cyrille"],
    &["daniel", "dan", "danny", "dany", "dani"],
    &["david", "dave", "davy", "davey"],
    &["denis", "dennis", "denys", "denny"],
    &["dominique", "dominic", "dominick", "dom", "domi"],
    &["donald", "don", "donnie"],
    &["douglas", "doug", "dougie"],
    &["edmond", "edmund", "ed", "eddie", "ned"],
    &["edouard", "edward", "ed", "eddie", "eddy", "ted", "teddy", "ned"],
    &["emile", "emil"],
    &["emmanuel", "manu", "emanuel"],
    &["eric", "erick", "erik", "ric"],
    &["eugene", "gene"],
    &["fabien", "fab", "fabian"],
    &["fabrice", "fab"],
    &["florent", "flo"],
    &["florian", "flo"],
    &["francis", "frank", "frankie"],
    &["frederic", "frederick", "frederik", "fredrik", "fred", "freddy", "freddie", "fredo"],
    &["gabriel", "gab", "gaby", "gabi"],
    &["gaetan", "gaet"],
    &["gauthier", "gautier", "gaultier"],
    &[
        "geoffrey", "geoffroy", "jeffrey", "jeffery", "jeff", "geoff", "joffrey", "jeffry",
        "geoffray",
    ],
    &["gerald", "gerry", "jerry"],
    &["gerard", "gege", "gerry"],
    &["gregoire", "greg"],
    &["gregory", "gregori", "greg", "gregg"],
    &["guillaume", "guigui", "guilhem"],
    &["harold", "harry", "hal"],
    &["henri", "henry", "harry", "hank", "riri"],
    &["hugues", "hugh", "hughes"],
    &["jacob", "jake", "jakob"],
    &["jacques", "jacky", "jack", "jacquot"],
    &["james", "jim", "jimmy", "jimmie", "jamie", "jem"],
    &["jean", "jeannot", "jeanot"],
    &["jeremy", "jeremie", "jeremiah", "jerem", "jerry"],
    &["jerome", "jerom", "jer"],
    &["john", "johnny", "johnnie", "jack", "jon"],
    &["jonathan", "jonathon", "jon", "jonny", "jonnie"],
    &["joseph", "jo", "joe", "joey", "jojo"],
    &["joshua", "josh"],
    &["julien", "julian", "ju"],
    &["kenneth", "ken", "kenny"],
    &["laurent", "lolo"],
    &["lawrence", "larry", "laurie"],
    &["franck", "frank"],
    &["sandrine", "sandy"],
    &["leon", "leo"],
    &["leonard", "leo", "len", "lenny", "leonardo"],
    &["louis", "lou", "louie", "loulou"],
    &["loic", "loick", "loik"],
    &["luc", "luke"],
    &["lucas", "luca", "lukas", "luka"],
    &["ludovic", "ludo"],
    &["marc", "mark"],
    &["mathias", "matthias", "matias"],
    &["mathieu", "matthieu", "matt", "math", "mat"],
    &["matthew", "matt", "matty", "mat"],
    &["maxence", "max"],
    &["maxime", "max", "maxim"],
    &["maximilien", "maximilian", "max", "maxi"],
    &["michael", "mickael", "mikael", "mickey", "micky", "mikey", "mike", "mick", "michal"],
    &["michel", "mimi", "michou"],
    &["mitchell", "mitch"],
    &["nathanael", "nathaniel", "nat", "nate", "nathanel"],
    &["nicolas", "nicholas", "nikolas", "nicola", "nico", "nick", "nicky", "niko", "colas"],
    &["olivier", "oliver", "olly", "ollie", "oli"],
    &["pascal", "pascalou"],
    &["patrice", "pat"],
    &["patrick", "pat", "patty", "paddy", "patou"],
    &["peter", "pete", "petey"],
    &["philippe", "philip", "phillip", "phillipe", "philipe", "filipe", "felipe", "phil", "flip"],
    &["pierre", "pierrot"],
    &["raphael", "rafael", "raph", "rafa", "raf"],
    &["raymond", "ray", "raymon"],
    &["richard", "rich", "richie", "rick", "ricky", "dick"],
    &["robert", "rob", "robbie", "robby", "bob", "bobby", "bert", "roberto"],
    &["rodolphe", "rudolph", "rudolf", "rudy", "rodolfo", "rudi"],
    &["ronald", "ron", "ronnie", "ronny"],
    &["russell", "russ", "russel"],
    &["samuel", "sam", "sammy", "samy"],
    &["sebastien", "sebastian", "seb", "sebastiano"],
    &["stanislas", "stan", "stanislaw"],
    &["stanley", "stan"],
    &["stephane", "stephan", "stefan", "steph", "steff", "stefane"],
    &["stephen", "steven", "steve", "stevie", "stevan"],
    &["sylvain", "sylvan"],
    &["terence", "terrence", "terry"],
    &["theodore", "theo", "ted", "teddy", "teddie"],
    &["theophile", "theo"],
    &["thibault", "thibaut", "thibaud", "tibo", "thibo"],
    &["thomas", "tom", "tommy", "thom", "tomas", "tomasz", "tommie"],
    &["timothee", "timothy", "tim", "timmy", "timo"],
    &["valentin", "val", "valentino"],
    &["victor", "vic", "vick"],
    &["vincent", "vince", "vinny", "vinnie", "vinz"],
    &["walter", "walt", "wally"],
    &["william", "will", "willy", "willie", "bill", "billy", "billie", "wil"],
    &["yoann", "yohann", "yohan", "johan", "johann", "yoan", "yohan"],
    &["yannick", "yanick", "yannic", "yann", "yan"],
    &["zachary", "zacharie", "zach", "zack", "zak", "zac", "zachari"],
    // --- Female, French and English ---
    &["abigail", "abby", "abbie", "abi"],
    &["agnes", "nessa"],
    &["alexandra", "alex", "alexa", "sacha", "sasha", "sandy", "lexie"],
    &["amanda", "mandy", "manda"],
    &["amelie", "amelia", "amely", "millie"],
    &["angelique", "angie", "angel"],
    &["angela", "angie", "angel"],
    &["anne", "ann", "annie", "nan"],
    &["audrey", "audree", "audry"],
    &["aurelie", "aurely", "aurelia", "lili"],
    &["barbara", "barb", "barbie", "babs"],
    &["beatrice", "beatrix", "bea", "bee", "trixie"],
    &["brigitte", "bridget", "brigit", "gitte"],
    &["camille", "cam", "cami", "millie"],
    &["caroline", "carolyn", "carolina", "caro", "carrie"],
    &[
        "catherine",
        "katherine",
        "kathryn",
        "katharine",
        "catharine",
        "kathrine",
        "cathy",
        "kathy",
        "kate",
        "katie",
        "katy",
        "kat",
        "cath",
        "kath",
        "cathie",
        "kitty",
        "caterina",
        "katrina",
        "katarina",
    ],
    &["cecile", "cecilia", "cecilie", "cecily", "cissy"],
    &["celine", "celina"],
    &["charlotte", "charlie", "lottie", "charly", "lotte"],
    &["christiane", "christianne", "kristiane"],
    &["christine", "christina", "kristine", "kristina", "chris", "kris", "tina", "kristin"],
    &["claire", "clare"],
    &["corinne", "corine", "coco", "korinne"],
    &["cynthia", "cindy", "cyndi"],
    &["danielle", "daniele", "dany", "dani", "danni"],
    &["deborah", "debora", "debra", "debbie", "deb", "debby"],
    &["dorothee", "dorothy", "dorothea", "dot", "dottie", "dolly"],
    &["eleonore", "eleanor", "elinor", "ellie", "elle", "leonor"],
    &[
        "elisabeth",
        "elizabeth",
        "eliza",
        "liz",
        "lizzie",
        "lizzy",
        "liza",
        "beth",
        "betty",
        "betsy",
        "bess",
        "babette",
        "lisbeth",
        "ellie",
    ],
    &["emilie", "emily", "emilia", "emmy", "emy", "milly"],
    &["emmanuelle", "manue", "manu", "emanuelle"],
    &["florence", "flo", "florrie"],
    &["frances", "fran", "frankie", "franny"],
    &["francoise", "fanfan"],
    &["frederique", "fred", "frede"],
    &["gabrielle", "gaby", "gabi", "gabriella"],
    &["genevieve", "genny", "gene"],
    &["geraldine", "gerry"],
    &["helene", "helen", "helena", "ellen", "nell", "nellie"],
    &["isabelle", "isabel", "isabella", "isa", "izzy", "bella", "isabeau"],
    &["jacqueline", "jackie", "jacky", "jacquie", "jacquelyn"],
    &["jeanne", "jane"],
    &["jennifer", "jenny", "jen", "jenn", "jenni"],
    &["jessica", "jess", "jessie", "jessy"],
    &["jocelyne", "jocelyn", "joss", "jo"],
    &["johanna", "joanna", "joana", "johana", "jo"],
    &["josephine", "jo", "josie", "josy", "fifi"],
    &["judith", "judy", "jude", "judie"],
    &["julie", "julia", "juju"],
    &["karine", "carine", "karina", "carina", "kari"],
    &["kimberly", "kimberley", "kim", "kimmy"],
    &["laetitia", "letitia", "leticia", "laeticia", "laetizia", "letizia", "tish"],
    &["laure", "laura"],
    &["lea", "leah", "leia"],
    &["louise", "lou", "louisa", "lulu"],
    &["lucie", "lucy", "lucia", "lulu"],
    &["madeleine", "madeline", "madelyn", "maddie", "maddy", "mado"],
    &["magali", "magalie", "magaly", "maggy"],
    &["margaret", "maggie", "meg", "peggy", "marge", "margie", "margery"],
    &["marguerite", "margot", "maggy", "guite"],
    &["marie", "mary", "mimi", "mae", "molly", "polly"],
    &["martine", "martina", "tine"],
    &["maud", "maude"],
    &["melanie", "mel", "mellie"],
    &["melissa", "mel", "missy", "lissa"],
    &["michelle", "michele", "mich", "shelley", "shelly"],
    &["monique", "monica", "monika", "mo"],
    &["muriel", "murielle", "muriele"],
    &["natalie", "nathalie", "nathaly", "natalia", "nat", "nath", "nattie"],
    &["nicole", "nicky", "nikki", "nicola"],
    &["ophelie", "ophelia", "ophely"],
    &["pamela", "pam", "pammy"],
    &["pascale", "pascaline"],
    &["patricia", "pat", "patty", "patsy", "tricia", "trish", "patou"],
    &["perrine", "perine"],
    &["rachel", "rachelle", "rachael", "rach"],
    &["rebecca", "rebekah", "rebeca", "becky", "becca", "bex"],
    &["samantha", "sam", "sammy", "sammie"],
    &["sophie", "sophia", "soso"],
    &["stephanie", "stefanie", "stephany", "steph", "steff", "steffi", "fanny"],
    &["susan", "suzanne", "susanne", "susanna", "suzy", "suzie", "susie", "sue", "suzette"],
    &["sylvie", "sylvia", "silvia"],
    &["therese", "theresa", "teresa", "tess", "tessa", "terry", "tessie"],
    &["valerie", "valery", "val", "vava"],
    &["veronique", "veronica", "vero"],
    &["victoria", "vicky", "vicki", "vickie", "tori", "vic"],
    &["virginie", "virginia", "ginny", "ginnie"],
    &["yvonne", "vonnie"],
    // --- Arabic and Berber names, usual French and English transliterations ---
    &["abdelkader", "abdel kader", "abd el kader", "abdelkadir", "kader"],
    &["ahmed", "ahmad", "ahmet", "ahmid"],
    &["aicha", "aisha", "aischa", "ayesha", "aiche"],
    &["ali", "aly"],
    &["amine", "amin", "ameen"],
    &["fatima", "fatma", "fatimah", "fatema"],
    &["hassan", "hasan", "hacene", "hassane"],
    &["hussein", "houssein", "hussain", "hossein", "houcine", "hocine"],
    &["ibrahim", "brahim", "ebrahim", "ibrahima"],
    &["karim", "kareem", "karime"],
    &["khaled", "khalid", "khaleed"],
    &["leila", "leyla", "layla", "laila", "leilla"],
    &["mehdi", "mahdi", "medhi"],
    &[
        "mohamed", "mohammed", "mohammad", "muhammad", "mohamad", "muhammed", "mouhamed",
        "mohamad", "mohammed", "momo",
    ],
    &["mustapha", "mustafa", "moustapha", "moustafa", "mostafa"],
    &["nadia", "nadiya"],
    &["rachid", "rashid", "rachide", "rached"],
    &["said", "saeed", "sayed", "saiid"],
    &["samir", "sameer", "samyr"],
    &["sofiane", "sofian", "soufiane", "sufyan", "sofyan"],
    &["yasmine", "yasmina", "yasmin"],
    &["youssef", "youcef", "yusuf", "youssouf", "yousef", "yousuf", "youssef", "yussuf"],
];

/// Every name of [`GROUPS`] with the groups it belongs to, in a hash map
/// with a small multiplicative hash (names are short and trusted: no need
/// for `SipHash`'s flood resistance).
struct Index {
    map: FxHashMap<&'static str, (u32, u32)>,
    /// Group numbers, one run per name, in table order.
    groups: Vec<u16>,
}

static INDEX: LazyLock<Index> = LazyLock::new(|| {
    let mut pairs: Vec<(&'static str, u16)> = GROUPS
        .iter()
        .enumerate()
        .flat_map(|(g, names)| {
            let g = u16::try_from(g).unwrap_or(u16::MAX);
            names.iter().map(move |&n| (n, g))
        })
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut index = Index { map: FxHashMap::default(), groups: Vec::with_capacity(pairs.len()) };
    for (name, g) in pairs {
        let at = u32::try_from(index.groups.len()).unwrap_or(u32::MAX);
        index.groups.push(g);
        index.map.entry(name).and_modify(|(_, len)| *len += 1).or_insert((at, 1));
    }
    index
});

/// The groups a folded name belongs to (empty when it is not in the table).
fn groups_of(name: &str) -> &'static [u16] {
    let index: &'static Index = &INDEX;
    index.map.get(name).map_or(&[], |&(at, len)| {
        let (at, len) = (at as usize, len as usize);
        index.groups.get(at..at + len).unwrap_or(&[])
    })
}

fn share_a_group(a: &[u16], b: &[u16]) -> bool {
    a.iter().any(|g| b.contains(g))
}

/// The canonical form of a folded first name: `bob` → `robert`, `kathryn`
/// → `catherine`, `geoffroy` → `geoffrey`. A name the table does not know,
/// or an ambiguous diminutive (`alex`, `chris`, `sam`, see the module
/// documentation), comes back unchanged, as does a compound (`jean pierre`):
/// canonicalize its parts one by one if needed.
#[must_use]
pub fn canonical_first_name(folded: &str) -> &str {
    let found = groups_of(folded);
    match found {
        [g, rest @ ..] if rest.iter().all(|h| h == g) => {
            GROUPS.get(usize::from(*g)).and_then(|names| names.first()).copied().unwrap_or(folded)
        }
        _ => folded,
    }
}

/// Whether two single words name the same person.
fn word_compat(a: &str, b: &str) -> Compat {
    if a == b {
        return Compat::Same;
    }
    if a.len() == 1 || b.len() == 1 {
        let (initial, full) = if a.len() == 1 { (a, b) } else { (b, a) };
        return if full.as_bytes().first() == initial.as_bytes().first() {
            Compat::InitialOnly
        } else {
            Compat::Different
        };
    }
    if share_a_group(groups_of(a), groups_of(b)) { Compat::Nickname } else { Compat::Different }
}

/// A single word of lower-case letters that is not a cluster of initials.
fn is_plain_word(w: &str) -> bool {
    let b = w.as_bytes();
    b.iter().all(u8::is_ascii_lowercase) && (b.len() > 3 || b.len() == 1 || has_vowel(b))
}

fn has_vowel(b: &[u8]) -> bool {
    b.iter().any(|c| b"aeiouy".contains(c))
}

/// Most words a first name is read with; the rest is ignored.
const MAX_WORDS: usize = 6;

/// The words of a folded first name, with a cluster of initials (`jp`,
/// `jmc`: two or three letters, no vowel) read as one initial per letter.
struct Words<'a> {
    words: [&'a str; MAX_WORDS],
    len: usize,
}

impl<'a> Words<'a> {
    fn new(s: &'a str) -> Self {
        let mut out = Words { words: [""; MAX_WORDS], len: 0 };
        // Folded input separates words with ASCII spaces; any ASCII
        // punctuation does as well, and non-ASCII bytes stay inside words.
        let words = s.split(|c: char| c.is_ascii() && !c.is_ascii_alphanumeric());
        for w in words.filter(|w| !w.is_empty()) {
            let b = w.as_bytes();
            let initials =
                (2..=3).contains(&b.len()) && b.iter().all(u8::is_ascii_lowercase) && !has_vowel(b);
            if initials {
                for i in 0..b.len() {
                    out.push(&w[i..=i]);
                }
            } else {
                out.push(w);
            }
        }
        out
    }

    fn push(&mut self, w: &'a str) {
        if self.len < MAX_WORDS {
            self.words[self.len] = w;
            self.len += 1;
        }
    }

    fn as_slice(&self) -> &[&'a str] {
        &self.words[..self.len]
    }
}

/// How two folded first names relate (see [`Compat`]); symmetric.
///
/// Names of as many words are compared word by word and get their weakest
/// word's level (`jean chris` / `jean christophe` is a nickname, `jean
/// pierre` / `j p` initials only, `jean pierre` / `jean paul` different).
/// A shorter name must match, in order, some of the longer one's words
/// (`jean` / `jean pierre`, `pierre` / `jean pierre`): a compound part when
/// it matched by name, initials only when by initial. Word order counts:
/// `Marie-Anne` and `Anne-Marie` are two names.
#[must_use]
pub fn first_names_compatible(a: &str, b: &str) -> Compat {
    let (a, b) = (a.trim_ascii(), b.trim_ascii());
    if a.is_empty() || b.is_empty() {
        return Compat::Different;
    }
    if a == b {
        return Compat::Same;
    }
    // Whole names first: a table entry can be a compound (`abdel kader`).
    if (a.contains(' ') || b.contains(' ')) && share_a_group(groups_of(a), groups_of(b)) {
        return Compat::Nickname;
    }
    // The common case, two plain single words, without splitting.
    if is_plain_word(a) && is_plain_word(b) {
        return word_compat(a, b);
    }
    let (wa, wb) = (Words::new(a), Words::new(b));
    let (wa, wb) = (wa.as_slice(), wb.as_slice());
    if wa.is_empty() || wb.is_empty() {
        return Compat::Different;
    }
    if wa.len() == wb.len() {
        return wa
            .iter()
            .zip(wb)
            .map(|(x, y)| word_compat(x, y))
            .max()
            .unwrap_or(Compat::Different);
    }
    let (short, long) = if wa.len() < wb.len() { (wa, wb) } else { (wb, wa) };
    if matches_in_order(short, long, |c| c <= Compat::Nickname) {
        Compat::CompoundPart
    } else if matches_in_order(short, long, |c| c != Compat::Different)
        || spells_initials(short, long)
    {
        Compat::InitialOnly
    } else {
        Compat::Different
    }
}

/// A compound written as its initials in one short word that a vowel
/// kept from being read as initials (`py` for `pierre yves`, `ma` for
/// `marie anne`, `ac` for `anne claire`): `jp` is split into `j p` by
/// [`Words`], but `py` may be a name of its own, so it is read as
/// initials only against a compound they spell, letter for word.
fn spells_initials(short: &[&str], long: &[&str]) -> bool {
    let [word] = short else { return false };
    word.len() == long.len()
        && word.bytes().zip(long).all(|(c, w)| w.as_bytes().first() == Some(&c))
}

/// Whether every word of `short` matches, in order, a distinct word of
/// `long` at a level `ok` accepts. Taking the leftmost match each time finds
/// one whenever one exists.
fn matches_in_order(short: &[&str], long: &[&str], ok: impl Fn(Compat) -> bool) -> bool {
    let mut rest = long;
    for w in short {
        match rest.iter().position(|l| ok(word_compat(w, l))) {
            Some(pos) => rest = &rest[pos + 1..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests;
