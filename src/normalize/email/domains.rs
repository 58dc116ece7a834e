//! The tables behind email normalization: free-mail domains, role-account
//! local parts, known top-level domains, and keyboard neighbours for
//! recognising a typing slip (`gmial`, `hotmial`, `orange.fe`).
//!
//! The lists are data, not logic: extending them (a Belgian or Swiss ISP, a
//! new free-mail brand) never needs a code change elsewhere.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};
use std::sync::LazyLock;

/// FNV-1a: the tables are small, fixed and not attacker-chosen, and SipHash
/// cost more than the rest of a lookup on these short keys.
#[derive(Clone, Copy, Default)]
pub(in crate::normalize) struct FastBuild;

pub(in crate::normalize) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

impl BuildHasher for FastBuild {
    type Hasher = Fnv;

    fn build_hasher(&self) -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

pub(in crate::normalize) type FastSet<T> = HashSet<T, FastBuild>;
pub(in crate::normalize) type FastMap<K, V> = HashMap<K, V, FastBuild>;

/// Free-mail and ISP domains: an address there belongs to a person, and its
/// domain says nothing about the company (French ISPs first, then global
/// free-mail, then the Belgian, Swiss, British, German, Italian and US ISPs
/// that show up in European customer files, then disposable domains).
pub(super) const FREE_MAIL: &[&str] = &[
    // Global free-mail.
    "gmail.com",
    "googlemail.com",
    "yahoo.fr",
    "yahoo.com",
    "yahoo.co.uk",
    "yahoo.de",
    "yahoo.es",
    "yahoo.it",
    "yahoo.be",
    "yahoo.ca",
    "ymail.com",
    "rocketmail.com",
    "hotmail.fr",
    "hotmail.com",
    "hotmail.be",
    "hotmail.co.uk",
    "hotmail.de",
    "hotmail.it",
    "hotmail.es",
    "hotmail.nl",
    "hotmail.ca",
    "outlook.fr",
    "outlook.com",
    "outlook.be",
    "outlook.de",
    "outlook.es",
    "outlook.it",
    "live.fr",
    "live.com",
    "live.be",
    "live.co.uk",
    "live.ca",
    "msn.com",
    "aol.com",
    "aol.fr",
    "icloud.com",
    "me.com",
    "mac.com",
    "gmx.fr",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "gmx.ch",
    "gmx.at",
    "protonmail.com",
    "protonmail.ch",
    "proton.me",
    "pm.me",
    "tutanota.com",
    "tuta.io",
    "zoho.com",
    "fastmail.com",
    "mail.com",
    "yandex.ru",
    "yandex.com",
    "ya.ru",
    "mail.ru",
    "qq.com",
    "163.com",
    "126.com",
    // French ISPs and French free-mail.
    "orange.fr",
    "wanadoo.fr",
    "free.fr",
    "laposte.net",
    "sfr.fr",
    "neuf.fr",
    "cegetel.net",
    "bbox.fr",
    "numericable.fr",
    "numericable.com",
    "noos.fr",
    "club-internet.fr",
    "aliceadsl.fr",
    "alice.fr",
    "tiscali.fr",
    "voila.fr",
    "caramail.com",
    "netcourrier.com",
    "mailo.com",
    "9online.fr",
    // Belgium, Switzerland, Luxembourg.
    "skynet.be",
    "telenet.be",
    "proximus.be",
    "scarlet.be",
    "voo.be",
    "bluewin.ch",
    "sunrise.ch",
    "hispeed.ch",
    "pt.lu",
    // Germany, Italy, Spain.
    "web.de",
    "t-online.de",
    "freenet.de",
    "libero.it",
    "virgilio.it",
    "tiscali.it",
    "telefonica.net",
    // United Kingdom and the United States.
    "btinternet.com",
    "sky.com",
    "virginmedia.com",
    "ntlworld.com",
    "talktalk.net",
    "blueyonder.co.uk",
    "comcast.net",
    "verizon.net",
    "att.net",
    "sbcglobal.net",
    "bellsouth.net",
    "cox.net",
    "earthlink.net",
    // Disposable addresses: never a company either.
    "yopmail.com",
    "yopmail.fr",
    "mailinator.com",
    "jetable.org",
    "trashmail.com",
    "guerrillamail.com",
];

/// Brands whose name exists under no other suffix as a mailbox: `gmail.fr`
/// is the most common French address mistake (Google owns the domain but
/// delivers nothing there), so any other suffix is a typo.
const STRICT_BRANDS: &[&str] = &["gmail", "googlemail", "icloud"];

/// Brand names looked for with a typing slip (`gmial`, `hotmial`,
/// `wanado`): long, distinctive names only. Short or common-word names
/// (`free`, `live`, `alice`, `voila`, `mail`) have real company domains one
/// slip away (`tree.fr`, `life.fr`, `alive.fr`), so only their suffix is
/// checked (`free.fe`).
pub(super) const FUZZY_BRANDS: &[&str] = &[
    "gmail",
    "googlemail",
    "hotmail",
    "yahoo",
    "outlook",
    "orange",
    "wanadoo",
    "laposte",
    "icloud",
    "protonmail",
    "numericable",
    "aliceadsl",
    "club-internet",
    "yandex",
    "btinternet",
    "bluewin",
    "telenet",
    "skynet",
    "tiscali",
    "caramail",
    "yopmail",
    "rocketmail",
];

/// Local parts that name a function, not a person. Compared with separators
/// removed (`service.client`, `service-client`, `no_reply`).
const ROLE_LOCALS: &[&str] = &[
    "contact",
    "contacts",
    "info",
    "infos",
    "information",
    "informations",
    "commercial",
    "commerciale",
    "commerce",
    "ventes",
    "vente",
    "sales",
    "accueil",
    "bonjour",
    "hello",
    "welcome",
    "admin",
    "administration",
    "administratif",
    "compta",
    "comptabilite",
    "accounting",
    "accounts",
    "facturation",
    "factures",
    "facture",
    "billing",
    "invoice",
    "invoices",
    "direction",
    "secretariat",
    "standard",
    "reception",
    "rh",
    "hr",
    "drh",
    "recrutement",
    "jobs",
    "careers",
    "emploi",
    "support",
    "helpdesk",
    "help",
    "aide",
    "serviceclient",
    "serviceclients",
    "sav",
    "customerservice",
    "noreply",
    "donotreply",
    "nepasrepondre",
    "office",
    "team",
    "equipe",
    "marketing",
    "communication",
    "presse",
    "press",
    "media",
    "devis",
    "commande",
    "commandes",
    "order",
    "orders",
    "achat",
    "achats",
    "purchasing",
    "webmaster",
    "postmaster",
    "abuse",
    "mail",
    "email",
    "courrier",
    "enquiries",
    "enquiry",
    "inquiries",
    "general",
    "mairie",
    "boutique",
    "magasin",
    "shop",
    "store",
    "agence",
    "atelier",
    "reservation",
    "reservations",
    "booking",
    "newsletter",
    "news",
    "notifications",
    "juridique",
    "legal",
    "logistique",
    "export",
    "partenariats",
    "partners",
    "qualite",
    "technique",
    "informatique",
];

/// Local-part prefixes that are roles followed by a site or a team
/// (`contact.lyon@`, `info-fr@`, `rh2@`): only the first segment is checked,
/// and only for these, so a person's `marie.contact@` stays a person.
const ROLE_PREFIXES: &[&str] = &[
    "contact",
    "info",
    "infos",
    "commercial",
    "sales",
    "accueil",
    "admin",
    "compta",
    "facturation",
    "direction",
    "secretariat",
    "rh",
    "hr",
    "recrutement",
    "support",
    "noreply",
    "office",
    "team",
    "marketing",
    "devis",
    "commande",
    "commandes",
    "mairie",
    "agence",
    "service",
];

/// Suffixes readers accept without a doubt. Typos are only looked for among
/// the suffixes that are *not* here (`con`, `fe`, `cpm`, `frr`).
const TLDS_2: &str = "ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bl bm bn bo bq br bs bt bv bw by bz \
ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg eh er es et eu fi fj fk fm fo fr \
ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp \
ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mf mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz \
na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw \
sa sb sc sd se sg sh si sj sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz \
ua ug uk um us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw";

const TLDS_LONG: &[&str] = &[
    "com",
    "net",
    "org",
    "info",
    "biz",
    "edu",
    "gov",
    "mil",
    "int",
    "eco",
    "bio",
    "pro",
    "name",
    "coop",
    "asso",
    "aero",
    "asia",
    "cat",
    "jobs",
    "mobi",
    "museum",
    "tel",
    "travel",
    "app",
    "dev",
    "tech",
    "shop",
    "store",
    "online",
    "site",
    "website",
    "blog",
    "cloud",
    "agency",
    "consulting",
    "paris",
    "bzh",
    "alsace",
    "corsica",
    "immo",
    "immobilier",
    "email",
    "solutions",
    "services",
    "group",
    "company",
    "business",
    "digital",
    "studio",
    "design",
    "media",
    "news",
    "live",
    "life",
    "fun",
    "art",
    "green",
    "energy",
    "finance",
    "legal",
    "law",
    "avocat",
    "archi",
    "expert",
    "education",
    "school",
    "academy",
    "health",
    "care",
    "clinic",
    "dental",
    "fitness",
    "bar",
    "restaurant",
    "cafe",
    "wine",
    "vin",
    "bike",
    "auto",
    "car",
    "cars",
    "taxi",
    "tours",
    "voyage",
    "hotel",
    "holiday",
    "events",
    "world",
    "global",
    "international",
    "network",
    "systems",
    "software",
    "xyz",
    "top",
    "club",
    "team",
    "works",
    "work",
    "tools",
    "space",
    "zone",
    "ltd",
    "llc",
    "inc",
    "gmbh",
    "swiss",
    "berlin",
    "london",
    "nyc",
    "brussels",
    "vlaanderen",
    "quebec",
    "lu",
    "eus",
    "gal",
    "radio",
    "tv",
    "fm",
    "ai",
    "io",
    "co",
    "me",
];

/// Suffixes compared against an unknown one to suggest a fix
/// (`acme.con` → `acme.com`): the ones French, Belgian, Swiss, British and
/// US files actually use.
pub(super) const POPULAR_SUFFIXES: &[&str] = &[
    "com", "fr", "net", "org", "be", "ch", "lu", "de", "eu", "co.uk", "it", "es", "nl", "ca",
    "info", "biz",
];

pub(super) struct Brand {
    pub name: &'static str,
    /// Every suffix the brand is known under (`fr`, `com`, `co.uk`).
    pub suffixes: Vec<&'static str>,
    /// No other suffix holds mailboxes: any other is a typo.
    pub strict: bool,
}

pub(super) struct Tables {
    pub free_mail: FastSet<&'static str>,
    pub brands: Vec<Brand>,
    pub brand_index: FastMap<&'static str, usize>,
    /// Indexes into `brands` of the [`FUZZY_BRANDS`].
    pub fuzzy: Vec<usize>,
    pub tlds: FastSet<&'static str>,
    pub role_locals: FastSet<&'static str>,
    pub role_prefixes: FastSet<&'static str>,
    /// `adjacent[a][b]`: keys a and b touch on an AZERTY or a QWERTY
    /// keyboard (lowercase ASCII letters and digits).
    pub adjacent: [[bool; 36]; 36],
}

pub(super) static TABLES: LazyLock<Tables> = LazyLock::new(build);

fn build() -> Tables {
    let free_mail: FastSet<&'static str> = FREE_MAIL.iter().copied().collect();
    let mut brands: Vec<Brand> = Vec::new();
    let mut brand_index: FastMap<&'static str, usize> = FastMap::default();
    for d in FREE_MAIL {
        let Some((name, suffix)) = d.split_once('.') else { continue };
        let i = *brand_index.entry(name).or_insert_with(|| {
            brands.push(Brand {
                name,
                suffixes: Vec::new(),
                strict: STRICT_BRANDS.contains(&name),
            });
            brands.len() - 1
        });
        brands[i].suffixes.push(suffix);
    }
    let tlds = TLDS_2.split_whitespace().chain(TLDS_LONG.iter().copied()).collect();
    let fuzzy = FUZZY_BRANDS.iter().filter_map(|n| brand_index.get(n).copied()).collect();
    Tables {
        free_mail,
        brands,
        brand_index,
        fuzzy,
        tlds,
        role_locals: ROLE_LOCALS.iter().copied().collect(),
        role_prefixes: ROLE_PREFIXES.iter().copied().collect(),
        adjacent: keyboard(),
    }
}

/// Index of a lowercase letter or digit in the adjacency table.
pub(super) fn key_index(b: u8) -> Option<usize> {
    match b {
        b'a'..=b'z' => Some((b - b'a') as usize),
        b'0'..=b'9' => Some(26 + (b - b'0') as usize),
        _ => None,
    }
}

/// Keys that touch on either layout. Rows are staggered like a real
/// keyboard (x offset 0, 0.25, 0.75 key), and two keys on neighbouring rows
/// touch when their centres are at most one key apart horizontally.
fn keyboard() -> [[bool; 36]; 36] {
    const LAYOUTS: [[&str; 4]; 2] = [
        ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"],
        ["1234567890", "azertyuiop", "qsdfghjklm", "wxcvbn"],
    ];
    const OFFSET: [f32; 4] = [-0.5, 0.0, 0.25, 0.75];
    let mut adj = [[false; 36]; 36];
    for rows in LAYOUTS {
        let mut keys: Vec<(usize, f32, f32)> = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            for (c, b) in row.bytes().enumerate() {
                if let Some(i) = key_index(b) {
                    keys.push((i, r as f32, c as f32 + OFFSET[r]));
                }
            }
        }
        for &(a, ra, xa) in &keys {
            for &(b, rb, xb) in &keys {
                let touching = if ra == rb {
                    (xa - xb).abs() == 1.0
                } else {
                    (ra - rb).abs() == 1.0 && (xa - xb).abs() <= 1.0
                };
                if a != b && touching {
                    adj[a][b] = true;
                }
            }
        }
    }
    adj
}
