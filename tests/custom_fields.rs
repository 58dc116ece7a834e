//! `crmrecon dedupe` on a list that is no CRM export: members of an
//! association with addresses and birth dates, no email, no phone, no
//! company. `[[matching.compare]]` declares the birth date and the street;
//! `[matching.fields]` says what to compare. Namesakes (a father and son
//! at one address, two `Jean Martin` in one town) are the trap: names and
//! place agree, only the birth date tells them apart.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use assert_cmd::Command;

const FIRST: &[&str] = &[
    "Jean",
    "Marie",
    "Pierre",
    "Sophie",
    "Michel",
    "Nathalie",
    "Philippe",
    "Isabelle",
    "Alain",
    "Sylvie",
    "Patrick",
    "Catherine",
    "Nicolas",
    "Christine",
    "Christophe",
    "Valérie",
    "Éric",
    "Sandrine",
    "Laurent",
    "Véronique",
    "Frédéric",
    "Hélène",
    "Stéphane",
    "Céline",
    "Olivier",
    "Aurélie",
    "Thierry",
    "Émilie",
    "Julien",
    "Chloé",
];
const LAST: &[&str] = &[
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Lefebvre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Kowalczyk",
    "N'Diaye",
    "Le Goff",
    "Benali",
    "Nguyen",
];
const STREETS: &[&str] = &[
    "rue des Lilas",
    "avenue Jean Jaurès",
    "rue Victor Hugo",
    "boulevard Pasteur",
    "chemin des Vignes",
    "place de la République",
    "rue de la Gare",
    "allée des Tilleuls",
    "rue du Moulin",
    "impasse des Roses",
    "rue Pasteur",
    "avenue de la Libération",
];
const TOWNS: &[(&str, &str)] = &[
    ("69003", "Lyon"),
    ("13006", "Marseille"),
    ("31000", "Toulouse"),
    ("44000", "Nantes"),
    ("67000", "Strasbourg"),
    ("33000", "Bordeaux"),
    ("59000", "Lille"),
    ("35000", "Rennes"),
];

/// A small deterministic generator (xorshift), so the list is the same on
/// every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

#[derive(Clone)]
struct Person {
    id: usize,
    first: String,
    last: String,
    street: String,
    postal: &'static str,
    town: &'static str,
    /// (day, month, year)
    born: (u32, u32, u32),
}

impl Person {
    fn random(id: usize, rng: &mut Rng) -> Person {
        let (postal, town) = TOWNS[rng.below(TOWNS.len())];
        Person {
            id,
            first: rng.pick(FIRST).to_string(),
            last: rng.pick(LAST).to_string(),
            street: format!("{} {}", 1 + rng.below(120), rng.pick(STREETS)),
            postal,
            town,
            born: (1 + rng.below(28) as u32, 1 + rng.below(12) as u32, 1940 + rng.below(65) as u32),
        }
    }
}

/// One typo: two neighbouring letters swapped.
fn typo(s: &str, rng: &mut Rng) -> String {
    let mut c: Vec<char> = s.chars().collect();
    if c.len() > 3 {
        let i = 1 + rng.below(c.len() - 2);
        c.swap(i, i - 1);
    }
    c.into_iter().collect()
}

/// The list and, per row (2-based, as the sheet numbers it), the person.
fn member_list(rng: &mut Rng) -> (String, Vec<usize>) {
    let mut people: Vec<Person> = (0..500).map(|i| Person::random(i, rng)).collect();
    // Namesakes: a son at his father's address, or a stranger in the same
    // town with the same first and last name.
    for i in 0..60 {
        let base = people[i].clone();
        let mut other = Person::random(people.len(), rng);
        other.first = base.first.clone();
        other.last = base.last.clone();
        other.town = base.town;
        other.postal = base.postal;
        if i % 2 == 0 {
            other.street = base.street.clone();
            other.born.2 = base.born.2 + 25 + rng.below(10) as u32;
        }
        people.push(other);
    }
    let mut rows: Vec<(Person, usize)> = Vec::new();
    for p in &people {
        rows.push((p.clone(), p.id));
    }
    // Duplicates as members re-register: a typo, capitals, another way to
    // write the street, a blank birth date or postal code.
    for k in 0..220 {
        let mut p = people[rng.below(people.len())].clone();
        match k % 6 {
            0 => p.last = typo(&p.last, rng),
            1 => p.last = p.last.to_uppercase(),
            2 => p.street = p.street.replace("rue", "r.").replace("avenue", "av."),
            3 => p.born = (0, 0, 0),
            4 => p.first = typo(&p.first, rng),
            _ => p.postal = "",
        }
        let id = p.id;
        rows.push((p, id));
    }
    // Shuffle so that duplicates are not neighbours.
    for i in (1..rows.len()).rev() {
        rows.swap(i, rng.below(i + 1));
    }
    let mut csv = String::from("Nom;Prénom;Adresse;Code postal;Ville;Date de naissance\n");
    let mut truth = Vec::new();
    for (p, id) in rows {
        let born = if p.born.0 == 0 {
            String::new()
        } else {
            format!("{:02}/{:02}/{}", p.born.0, p.born.1, p.born.2)
        };
        writeln!(csv, "{};{};{};{};{};{born}", p.last, p.first, p.street, p.postal, p.town)
            .unwrap();
        truth.push(id);
    }
    (csv, truth)
}

const CONFIG: &str = r#"
[matching.fields]
contact = ["first_name", "last_name", "postal_code", "city", "birth_date", "street"]

[[matching.compare]]
name = "birth_date"
column = "Date de naissance"
comparator = "date"
block = true
veto = true

[[matching.compare]]
name = "street"
column = "address"
comparator = "text"
"#;

/// Pairwise precision and recall of matches.csv's contact clusters.
fn pairwise(matches: &Path, truth: &[usize]) -> (f64, f64) {
    let mut reader = csv::Reader::from_path(matches).unwrap();
    let mut cluster_of_row: HashMap<usize, String> = HashMap::new();
    for row in reader.deserialize::<BTreeMap<String, String>>() {
        let row = row.unwrap();
        if row["entity"] == "contact" {
            cluster_of_row.insert(row["row"].parse().unwrap(), row["cluster"].clone());
        }
    }
    assert_eq!(cluster_of_row.len(), truth.len(), "one matches.csv row per member");
    let (mut tp, mut predicted, mut actual) = (0u64, 0u64, 0u64);
    for i in 0..truth.len() {
        for j in i + 1..truth.len() {
            let same_cluster = cluster_of_row[&(i + 2)] == cluster_of_row[&(j + 2)];
            let same_person = truth[i] == truth[j];
            predicted += u64::from(same_cluster);
            actual += u64::from(same_person);
            tp += u64::from(same_cluster && same_person);
        }
    }
    (tp as f64 / predicted.max(1) as f64, tp as f64 / actual.max(1) as f64)
}

/// `crmrecon --config CONFIG dedupe LIST --out OUT` in a fresh folder,
/// with `list` and `config` as the files' contents.
struct Run {
    dir: tempfile::TempDir,
    output: std::process::Output,
}

impl Run {
    fn dedupe(list: &str, config: &str) -> Run {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("adherents.csv");
        std::fs::write(&path, list).unwrap();
        let config_path = dir.path().join("crmrecon.toml");
        std::fs::write(&config_path, config).unwrap();
        let output = Command::cargo_bin("crmrecon")
            .unwrap()
            .arg("--config")
            .arg(&config_path)
            .arg("dedupe")
            .arg(&path)
            .arg("--out")
            .arg(dir.path().join("out"))
            .output()
            .unwrap();
        Run { dir, output }
    }

    fn out(&self, file: &str) -> std::path::PathBuf {
        assert!(self.output.status.success(), "{}", self.stderr());
        self.dir.path().join("out").join(file)
    }

    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
}

#[test]
fn a_member_list_with_birth_dates_is_deduplicated_without_merging_namesakes() {
    let (list, truth) = member_list(&mut Rng(0x5eed_1234_abcd_0042));
    let run = Run::dedupe(&list, CONFIG);
    let (precision, recall) = pairwise(&run.out("matches.csv"), &truth);
    assert!(precision >= 0.99, "precision {precision:.3} (recall {recall:.3})");
    assert!(recall >= 0.90, "recall {recall:.3} (precision {precision:.3})");

    // The learnt model and the explanations name the declared columns.
    let report = std::fs::read_to_string(run.out("report.json")).unwrap();
    assert!(report.contains("birth_date") && report.contains("street"), "report.json");
    // Columns the list has draw no "no record has" warning.
    assert!(!run.stderr().contains("[[matching.compare]]"), "{}", run.stderr());
}

#[test]
fn without_the_birth_date_namesakes_merge() {
    // The same list with the built-in fields only: this is what the
    // declared column buys. Names, postal code and town cannot tell a
    // father from his son.
    let (list, truth) = member_list(&mut Rng(0x5eed_1234_abcd_0042));
    let config =
        "[matching.fields]\ncontact = [\"first_name\", \"last_name\", \"postal_code\", \"city\"]\n";
    let run = Run::dedupe(&list, config);
    let (precision, _) = pairwise(&run.out("matches.csv"), &truth);
    assert!(precision < 0.95, "namesakes should merge without the birth date: {precision:.3}");
}

#[test]
fn a_declared_column_with_a_bad_comparator_is_a_config_error() {
    let config =
        "[[matching.compare]]\nname = \"birth\"\ncolumn = \"Né le\"\ncomparator = \"fuzzy\"\n";
    let run = Run::dedupe("Nom;Prénom\nDupont;Jean\n", config);
    assert_eq!(run.output.status.code(), Some(3));
    let err = run.stderr();
    assert!(err.contains("crmrecon.toml") && err.contains("comparator = \"fuzzy\""), "{err}");
}

#[test]
fn a_declared_column_no_file_has_is_a_warning_naming_it() {
    let config = "[[matching.compare]]\nname = \"birth_date\"\ncolumn = \"Date de naissance\"\ncomparator = \"date\"\n";
    let run =
        Run::dedupe("Nom;Prénom;Né le\nDupont;Jean;12/03/1961\nDupont;Jean;12/03/1961\n", config);
    assert!(run.out("matches.csv").exists());
    let err = run.stderr();
    assert!(
        err.contains("warning: [[matching.compare]] `birth_date`")
            && err.contains("`date de naissance`"),
        "{err}"
    );
}
