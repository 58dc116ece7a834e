//! Tests of the whole generator: determinism, truth completeness and
//! consistency, and that the written files look the way the truth says
//! (read back with calamine and the CSV reader).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};

use super::*;

/// A small spec that still has every file style and CRM duplicates.
fn spec(seed: u64) -> Spec {
    Spec {
        seed,
        contacts: 400,
        companies: 150,
        deals: 200,
        side_rows: 180,
        side_files: 6,
        ods: false,
        side_csv: false,
        contact_lists: false,
    }
}

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .expect("open csv");
    rdr.records().map(|r| r.expect("csv record").iter().map(String::from).collect()).collect()
}

fn all_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).expect("prefix").to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).expect("read"));
            }
        }
    }
    out
}

fn truth(dir: &Path) -> Vec<Vec<String>> {
    let rows = read_csv(&dir.join("truth.csv"));
    assert_eq!(rows[0], ["entity", "origin", "source", "sheet", "row", "entity_id"]);
    rows[1..].to_vec()
}

#[test]
fn same_spec_gives_identical_bytes_and_another_seed_differs() {
    let (a, b, c) =
        (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    generate(&spec(7), a.path()).unwrap();
    generate(&spec(7), b.path()).unwrap();
    generate(&spec(8), c.path()).unwrap();
    let (fa, fb, fc) = (all_files(a.path()), all_files(b.path()), all_files(c.path()));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (name, bytes) in &fa {
        assert!(bytes == &fb[name], "{name} differs between two runs with the same seed");
    }
    assert_ne!(fa["crm/contacts.csv"], fc["crm/contacts.csv"]);
    assert!(fa.keys().any(|k| k.ends_with(".xlsx")));
}

#[test]
fn every_side_row_has_truth_rows_and_ids_are_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let summary = generate(&spec(3), dir.path()).unwrap();
    let t = truth(dir.path());
    assert_eq!(t.len(), summary.truth_rows);

    // CRM: one truth row per data row, each CRM file.
    for (file, entity) in [
        ("crm/contacts.csv", "contact"),
        ("crm/companies.csv", "company"),
        ("crm/deals.csv", "deal"),
    ] {
        let data = read_csv(&dir.path().join(file)).len() - 1;
        let n = t.iter().filter(|r| r[2] == file && r[0] == entity && r[1] == "crm").count();
        assert_eq!(n, data, "{file}");
    }
    // CRM duplicates exist and share an id with an earlier row.
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for r in t.iter().filter(|r| r[1] == "crm" && r[0] == "contact") {
        *by_id.entry(&r[5]).or_default() += 1;
    }
    assert!(by_id.values().any(|&n| n > 1), "no CRM contact duplicate");

    // Side: every record row of every truth sheet has at least one truth
    // row, and a row never yields the same entity twice.
    let mut per_row: BTreeMap<(String, String, usize), Vec<String>> = BTreeMap::new();
    for r in t.iter().filter(|r| r[1] == "side") {
        per_row
            .entry((r[2].clone(), r[3].clone(), r[4].parse().unwrap()))
            .or_default()
            .push(r[0].clone());
    }
    for ents in per_row.values() {
        let set: BTreeSet<_> = ents.iter().collect();
        assert_eq!(set.len(), ents.len());
    }
    assert_eq!(per_row.len(), summary.side_rows);
    // Every side id is well-formed; only invalid contact rows have none,
    // and there are a few of them.
    let mut invalid = 0;
    for r in t.iter().filter(|r| r[1] == "side") {
        match r[0].as_str() {
            "contact" if r[5].is_empty() => invalid += 1,
            "contact" => assert!(r[5].starts_with("contact-"), "{r:?}"),
            "company" => assert!(r[5].starts_with("company-"), "{r:?}"),
            "deal" => assert!(r[5].starts_with("deal-"), "{r:?}"),
            other => panic!("unknown entity {other}"),
        }
    }
    assert!(invalid > 0);
    // Side rows copy CRM people, and new people appear in several files.
    let crm_ids: BTreeSet<&str> =
        t.iter().filter(|r| r[1] == "crm").map(|r| r[5].as_str()).collect();
    let side_contacts: Vec<&Vec<String>> =
        t.iter().filter(|r| r[1] == "side" && r[0] == "contact" && !r[5].is_empty()).collect();
    assert!(
        side_contacts.iter().filter(|r| crm_ids.contains(r[5].as_str())).count()
            > side_contacts.len() / 3
    );
    let mut files_of_new: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for r in side_contacts.iter().filter(|r| !crm_ids.contains(r[5].as_str())) {
        files_of_new.entry(&r[5]).or_default().insert(&r[2]);
    }
    assert!(files_of_new.values().any(|f| f.len() > 1), "no new person in several side files");
}

#[test]
fn sirens_are_luhn_valid() {
    let dir = tempfile::tempdir().unwrap();
    generate(&spec(5), dir.path()).unwrap();
    let rows = read_csv(&dir.path().join("crm/companies.csv"));
    let col = rows[0].iter().position(|h| h == "SIREN").unwrap();
    let sirens: Vec<&String> =
        rows[1..].iter().map(|r| &r[col]).filter(|s| !s.is_empty()).collect();
    assert!(sirens.len() > 100);
    for s in sirens {
        assert_eq!(s.len(), 9, "{s}");
        assert!(world::luhn_valid(s), "{s}");
    }
    assert!(world::luhn_valid("732829320"));
    assert!(!world::luhn_valid("732829321"));
}

#[test]
fn windows_1252_csv_is_not_utf8_and_decodes_with_accents() {
    let dir = tempfile::tempdir().unwrap();
    let s = generate(&spec(1), dir.path()).unwrap();
    let path = s.files.iter().find(|f| f.contains("_export")).unwrap();
    let bytes = std::fs::read(dir.path().join(path)).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err());
    let (text, _, had_errors) = encoding_rs::WINDOWS_1252.decode(&bytes);
    assert!(!had_errors);
    assert!(text.starts_with("Nom;Prénom;Société;"));
    assert!(text.contains("\r\n"));
    assert!(text.lines().skip(1).any(|l| l.split(';').nth(7).is_some_and(|a| a.ends_with(",00"))));

    // The table mode writes € in Windows-1252 (0x80) too.
    let t = dir.path().join("t.csv");
    table::write_table(&t, 50, 12, table::TableFormat::Csv1252, 1).unwrap();
    let bytes = std::fs::read(&t).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err());
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
    assert!(text.starts_with("Prénom;Nom;E-mail;Téléphone;Société;"));
    assert_eq!(text.lines().count(), 51);
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        other => other.to_string(),
    }
}

#[test]
fn xlsx_title_rows_hidden_sheet_and_truth_rows_point_at_the_right_cells() {
    let dir = tempfile::tempdir().unwrap();
    let s = generate(&spec(11), dir.path()).unwrap();
    let t = truth(dir.path());
    let cols = read_csv(&dir.path().join("truth_columns.csv"));

    // The `Suivi` workbook: title on row 1, blank row 2, header row 3,
    // total line below the last record.
    let suivi = s.files.iter().find(|f| f.contains("_suivi")).unwrap();
    let mut wb = open_workbook_auto(dir.path().join(suivi)).unwrap();
    let range = wb.worksheet_range("Suivi 2026").unwrap();
    assert!(cell_text(range.get_value((0, 0)).unwrap()).starts_with("Suivi commercial"));
    assert!(range.get_value((1, 0)).is_none_or(|d| *d == Data::Empty));
    assert_eq!(cell_text(range.get_value((2, 0)).unwrap()), "Société");
    let last_truth_row =
        t.iter().filter(|r| &r[2] == suivi).map(|r| r[4].parse::<u32>().unwrap()).max().unwrap();
    assert_eq!(cell_text(range.get_value((last_truth_row, 0)).unwrap()), "Total");
    // Phones stored as numbers lost their leading zero.
    let phone_col = 3;
    assert!(
        (3..last_truth_row)
            .any(|r| matches!(range.get_value((r, phone_col)), Some(Data::Float(_))))
    );

    // The pipeline workbook has a hidden lookup sheet with no truth rows.
    let pipeline = s.files.iter().find(|f| f.contains("_pipeline")).unwrap();
    let wb = open_workbook_auto(dir.path().join(pipeline)).unwrap();
    let meta = wb.sheets_metadata().to_vec();
    let listes = meta.iter().find(|m| m.name == "Listes").unwrap();
    assert_ne!(listes.visible, calamine::SheetVisible::Visible);
    assert!(!t.iter().any(|r| r[3] == "Listes"));

    let files: Vec<String> = s.files.iter().filter(|f| f.starts_with("side/")).cloned().collect();
    check_side_files(dir.path(), &files, &t, &cols);
}

/// For every side file: the header row holds the headers of
/// truth_columns, and each truth row's name/e-mail/company cells are
/// filled where the truth says the row yields that entity.
fn check_side_files(dir: &Path, files: &[String], t: &[Vec<String>], cols: &[Vec<String>]) {
    for file in files {
        let sheets: BTreeSet<&str> =
            cols.iter().filter(|c| &c[0] == file).map(|c| c[1].as_str()).collect();
        for sheet in sheets {
            let headers: Vec<(&str, &str)> = cols
                .iter()
                .filter(|c| &c[0] == file && c[1] == sheet)
                .map(|c| (c[3].as_str(), c[4].as_str()))
                .collect();
            let grid: Vec<Vec<String>> = if file.ends_with(".csv") {
                let bytes = std::fs::read(dir.join(file)).unwrap();
                let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
                let text = if std::str::from_utf8(&bytes).is_ok() {
                    String::from_utf8(bytes).unwrap()
                } else {
                    text.into_owned()
                };
                let delim = if file.contains("_export") { b';' } else { b',' };
                csv::ReaderBuilder::new()
                    .has_headers(false)
                    .flexible(true)
                    .delimiter(delim)
                    .from_reader(text.as_bytes())
                    .records()
                    .map(|r| r.unwrap().iter().map(String::from).collect())
                    .collect()
            } else {
                let mut wb = open_workbook_auto(dir.join(file)).unwrap();
                let range = wb.worksheet_range(sheet).unwrap();
                let (h, w) = range.end().map_or((0, 0), |(r, c)| (r as usize + 1, c as usize + 1));
                (0..h)
                    .map(|r| {
                        (0..w)
                            .map(|c| {
                                range
                                    .get_value((r as u32, c as u32))
                                    .map(cell_text)
                                    .unwrap_or_default()
                            })
                            .collect()
                    })
                    .collect()
            };
            let rows: Vec<&Vec<String>> =
                t.iter().filter(|r| &r[2] == file && r[3] == sheet).collect();
            assert!(!rows.is_empty(), "{file} {sheet}");
            let first_row: usize =
                rows.iter().map(|r| r[4].parse::<usize>().unwrap()).min().unwrap();
            let header = &grid[first_row - 2];
            for (i, (h, _)) in headers.iter().enumerate() {
                assert_eq!(header[i], *h, "{file} {sheet} header {i}");
            }
            for r in rows {
                let line = &grid[r[4].parse::<usize>().unwrap() - 1];
                let filled = |roles: &[&str]| {
                    headers.iter().enumerate().any(|(i, (_, role))| {
                        roles.contains(role) && !line.get(i).is_none_or(String::is_empty)
                    })
                };
                match r[0].as_str() {
                    "company" => assert!(filled(&["company"]), "{r:?} {line:?}"),
                    "deal" => assert!(filled(&["amount", "stage", "deal_name"]), "{r:?}"),
                    "contact" if !r[5].is_empty() => {
                        assert!(
                            filled(&[
                                "first_name",
                                "last_name",
                                "full_name",
                                "email",
                                "phone",
                                "mobile"
                            ]),
                            "{r:?}"
                        )
                    }
                    _ => assert!(
                        !filled(&[
                            "first_name",
                            "last_name",
                            "full_name",
                            "email",
                            "phone",
                            "mobile"
                        ]),
                        "{r:?}"
                    ),
                }
            }
        }
    }
}

#[test]
fn ods_mode_names_the_file_ods_and_parks_the_xlsx_outside_side() {
    let dir = tempfile::tempdir().unwrap();
    let s = generate(&Spec { ods: true, ..spec(2) }, dir.path()).unwrap();
    assert_eq!(s.pending_ods.len(), 1);
    let (xlsx, ods) = &s.pending_ods[0];
    assert!(xlsx.starts_with("to-ods/") && ods.starts_with("side/") && ods.ends_with(".ods"));
    assert!(dir.path().join(xlsx).exists());
    assert!(!dir.path().join(ods).exists());
    assert!(truth(dir.path()).iter().any(|r| &r[2] == ods));
}

#[test]
fn table_mode_xlsx_has_header_and_rows() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("t.xlsx");
    table::write_table(&p, 30, 14, table::TableFormat::Xlsx, 4).unwrap();
    let mut wb = open_workbook_auto(&p).unwrap();
    let range = wb.worksheet_range("Données").unwrap();
    assert_eq!(range.height(), 31);
    assert_eq!(cell_text(range.get_value((0, 0)).unwrap()), "Prénom");
    assert_eq!(cell_text(range.get_value((0, 13)).unwrap()), "Champ 14");
    assert!(matches!(range.get_value((1, 7)), Some(Data::Float(_))));
}

/// The committed demo (with its LibreOffice-made .ods) agrees with its
/// truth: every side file's headers and truth rows point at the right cells.
#[test]
fn committed_demo_matches_its_truth() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo");
    let t = truth(&dir);
    let cols = read_csv(&dir.join("truth_columns.csv"));
    let files: BTreeSet<String> = cols[1..].iter().map(|c| c[0].clone()).collect();
    assert!(files.iter().any(|f| f.ends_with(".ods")));
    for f in &files {
        assert!(dir.join(f).exists(), "{f} named in truth_columns.csv is missing");
    }
    check_side_files(&dir, &files.into_iter().collect::<Vec<_>>(), &t, &cols[1..]);
    assert!(!dir.join("to-ods").exists());
}

/// Distinct companies never share a name in one town (nothing could tell
/// them apart); namesakes in other towns remain, as in real life.
#[test]
fn no_two_companies_share_a_name_in_one_town() {
    each_name_once_per_town(30_000, 3_000);
}

/// At a million contacts, the 112 English names are each borne in every
/// town: the companies left over take other names.
#[test]
fn no_two_companies_share_a_name_in_one_town_even_when_names_run_out() {
    each_name_once_per_town(160_000, 0);
}

fn each_name_once_per_town(companies: usize, new_companies: usize) {
    let w = world::World::new(5, 1_000, companies, 0, new_companies, 0);
    let mut towns: std::collections::HashMap<String, Vec<&str>> = Default::default();
    let mut by_place = std::collections::HashSet::new();
    for id in 0..companies + new_companies {
        let c = w.company(id);
        if !by_place.insert((c.core.to_lowercase(), c.city.name, c.siren.clone())) {
            continue;
        }
        towns.entry(c.core.to_lowercase()).or_default().push(c.city.name);
    }
    let mut namesakes_elsewhere = 0;
    for (name, places) in &towns {
        let distinct: std::collections::HashSet<&&str> = places.iter().collect();
        assert_eq!(distinct.len(), places.len(), "two `{name}` in one town: {places:?}");
        namesakes_elsewhere += usize::from(places.len() > 1);
    }
    assert!(namesakes_elsewhere > 1_000, "{namesakes_elsewhere} names in several towns");
}

/// The corruption profile issue #4 asks for, measured on 20,000 people:
/// homonyms, shared switchboards and role addresses, families, people who
/// moved, and uniqueness where the real world has it.
#[test]
fn profile_has_homonyms_shared_numbers_families_and_movers() {
    let w = world::World::new(9, 20_000, 6_000, 0, 100, 0);
    let people: Vec<(world::Person, world::Company)> =
        (0..w.contacts).map(|i| w.person_full(i)).collect();

    // Homonyms: common names repeat, Martin leads, some share a company.
    let mut by_name: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (p, _) in &people {
        by_name.entry((p.first.clone(), p.last.clone())).or_default().push(p.id);
    }
    let with_homonym = by_name.values().filter(|v| v.len() > 1).map(Vec::len).sum::<usize>();
    assert!(with_homonym * 100 > people.len(), "{with_homonym} people with a homonym");
    let martins = people.iter().filter(|(p, _)| p.last == "Martin").count();
    assert!((40..200).contains(&martins), "{martins} Martin");
    let same_company_homonyms = by_name
        .values()
        .filter(|v| {
            let cs: BTreeSet<usize> = v.iter().map(|&i| people[i].0.company).collect();
            cs.len() < v.len()
        })
        .count();
    assert!(same_company_homonyms > 0);

    // Addresses shared by distinct people are role or family addresses;
    // role addresses are shared by colleagues.
    let mut by_email: HashMap<&str, Vec<usize>> = HashMap::new();
    for (p, _) in &people {
        if !p.email.is_empty() {
            by_email.entry(&p.email).or_default().push(p.id);
        }
        if let Some(o) = &p.old_job
            && o.email != p.email
            && !o.email.is_empty()
        {
            by_email.entry(&o.email).or_default().push(p.id);
        }
    }
    let mut shared_role = 0;
    for (email, ids) in by_email.iter().filter(|(_, v)| v.len() > 1) {
        let local = email.split('@').next().unwrap();
        if vocab::ROLE_MAILBOXES.contains(&local) {
            shared_role += 1;
        } else {
            let lasts: BTreeSet<&str> = ids.iter().map(|&i| people[i].0.last.as_str()).collect();
            assert_eq!(lasts.len(), 1, "{email} shared by unrelated people {ids:?}");
        }
    }
    assert!(shared_role > 10, "{shared_role} shared role addresses");

    // Switchboards shared by colleagues; families share a landline.
    let on_switchboard = people.iter().filter(|(p, c)| p.phone == c.phone).count();
    assert!(on_switchboard * 3 > people.len());
    let families: Vec<&world::Person> =
        people.iter().map(|(p, _)| p).filter(|p| p.relative.is_some()).collect();
    assert!(families.len() > 100, "{} people with a relative", families.len());
    for p in &families {
        let rel = &people[p.relative.unwrap()].0;
        assert_eq!((p.last.as_str(), p.company), (rel.last.as_str(), rel.company));
    }
    assert!(
        families
            .iter()
            .any(|p| !p.phone.is_empty() && p.phone == people[p.relative.unwrap()].0.phone)
    );

    // Movers: another company, usually another address, and some who
    // can only be reached one way.
    let movers: Vec<&world::Person> =
        people.iter().map(|(p, _)| p).filter(|p| p.old_job.is_some()).collect();
    assert!((300..1500).contains(&movers.len()), "{} movers", movers.len());
    assert!(movers.iter().all(|p| p.old_job.as_ref().unwrap().company != p.company));
    assert!(
        movers.iter().filter(|p| p.old_job.as_ref().unwrap().email != p.email).count() * 2
            > movers.len()
    );
    let only_phone =
        people.iter().filter(|(p, _)| p.email.is_empty() && !p.mobile.is_empty()).count();
    let only_email = people
        .iter()
        .filter(|(p, _)| !p.email.is_empty() && p.mobile.is_empty() && p.phone.is_empty())
        .count();
    assert!(only_phone > 200 && only_email > 200, "{only_phone} {only_email}");
}

/// Domains are unique except within a group; branches share the SIREN
/// and web site of their head, with a valid SIRET of their own.
#[test]
fn domains_are_unique_and_branches_share_a_siren() {
    let w = world::World::new(4, 0, 8_000, 0, 500, 0);
    let companies: Vec<world::Company> = (0..8_500).map(|i| w.company(i)).collect();
    let mut by_domain: HashMap<&str, Vec<&world::Company>> = HashMap::new();
    for c in &companies {
        by_domain.entry(&c.domain).or_default().push(c);
        assert!(world::luhn_valid(&c.siret) && c.siret.starts_with(&c.siren), "{}", c.siret);
    }
    for (d, cs) in &by_domain {
        let heads: BTreeSet<usize> = cs.iter().map(|c| c.branch_of.unwrap_or(c.id)).collect();
        assert_eq!(heads.len(), 1, "{d} shared by unrelated companies");
    }
    let branches: Vec<&world::Company> =
        companies.iter().filter(|c| c.branch_of.is_some()).collect();
    assert!(branches.len() > 100, "{} branches", branches.len());
    for b in branches {
        let h = &companies[b.branch_of.unwrap()];
        assert!(h.branch_of.is_none());
        assert_eq!((b.siren.as_str(), b.legal), (h.siren.as_str(), h.legal));
        assert_ne!(b.siret, h.siret);
        assert_ne!(b.city.postal, h.city.postal);
        assert!(b.core.starts_with(&h.core));
    }
    // Look-alike names of distinct companies exist (Dupont Conseil,
    // Dupont Consulting; Boulangerie Martin twice).
    let mut by_core: HashMap<&str, usize> = HashMap::new();
    for c in companies.iter().filter(|c| c.branch_of.is_none()) {
        *by_core.entry(&c.core).or_default() += 1;
    }
    assert!(by_core.values().any(|&n| n > 1));
}

/// With side_csv every side sheet is a UTF-8 CSV of its own, and the truth
/// still points at the right lines.
#[test]
fn csv_side_files_keep_the_truth_right() {
    let dir = tempfile::tempdir().unwrap();
    let s = generate(&Spec { side_csv: true, ods: true, ..spec(6) }, dir.path()).unwrap();
    assert!(s.pending_ods.is_empty());
    let side: Vec<String> = s.files.iter().filter(|f| f.starts_with("side/")).cloned().collect();
    assert!(side.iter().all(|f| f.ends_with(".csv")), "{side:?}");
    assert!(side.iter().any(|f| f.ends_with("_pipeline_clients.csv")));
    let t = truth(dir.path());
    assert!(t.iter().filter(|r| r[1] == "side").all(|r| r[3].is_empty()));
    let cols = read_csv(&dir.path().join("truth_columns.csv"));
    check_side_files(dir.path(), &side, &t, &cols[1..]);
}

/// Name frequencies at 100,000 people look like a French contact list: the
/// most common surname under 1% (Martin ≈0.4% in France), and under 10% of
/// people share their full name with someone else (a few percent in real
/// data), yet homonyms exist, including the deliberate families.
#[test]
fn full_names_are_mostly_unique_at_100k() {
    let w = world::World::new(11, 100_000, 30_000, 0, 100, 0);
    let people: Vec<world::Person> = (0..w.contacts).map(|i| w.person(i)).collect();
    let mut by_last: HashMap<&str, usize> = HashMap::new();
    let mut by_name: HashMap<(&str, &str), usize> = HashMap::new();
    for p in &people {
        *by_last.entry(p.last.as_str()).or_default() += 1;
        *by_name.entry((p.first.as_str(), p.last.as_str())).or_default() += 1;
    }
    let top_last = by_last.values().copied().max().unwrap_or(0);
    let shared = by_name.values().filter(|&&n| n > 1).sum::<usize>();
    let n = people.len();
    eprintln!(
        "100k people: top surname {:.2}%, full name shared {:.2}%, {} distinct surnames",
        top_last as f64 * 100.0 / n as f64,
        shared as f64 * 100.0 / n as f64,
        by_last.len()
    );
    assert!(top_last * 100 < n, "top surname {top_last} of {n}");
    assert!(shared * 10 < n, "{shared} of {n} share their full name");
    assert!(shared * 200 > n, "only {shared} of {n} have a homonym");
    let family_homonyms =
        people.iter().filter(|p| p.relative.is_some_and(|r| people[r].first == p.first)).count();
    assert!(family_homonyms > 50, "{family_homonyms} Jean Martin père et fils");
}
