//! Owners (salespeople): map the way a side file names an owner (`JL`,
//! `Julien`, `lefevre`, `julien.lefevre@acme.fr`, `Julien Lefevre` without
//! its accent, `Julien Lefèbvre` with a typo) onto the owners found in the
//! CRM export, so that KPIs per owner and the import's owner column agree
//! with the CRM.
//!
//! Resolution is exact first, on folded keys (see [`name_key`]): the email,
//! the full name in either order, the email's local part, the name glued
//! (`julienlefevre`, `jlefevre`), the initials (`JL`, `J.L.`) and French
//! "trigrammes" (`JLE`: first initial and first two letters of the surname,
//! and first initial, first and last letter of the surname), the first name
//! or the surname alone. A key shared by two owners is ambiguous, never
//! guessed. Then, only when nothing matched exactly, Jaro-Winkler on the
//! full name (both orders) catches small typos, with a margin over the
//! second-best owner.

use std::collections::HashMap;

use super::Normalized;
use super::name::{name_key, split_full_name};
use crate::model::IssueKind;

/// An owner known from the CRM export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owner {
    /// As the CRM writes it (`Julien Lefèvre`); the email when the CRM gives
    /// nothing else.
    pub name: String,
    pub email: Option<String>,
}

/// The owners found in the CRM export, to map side spellings (`JL`,
/// `julien`, `julien.lefevre@…`) onto.
#[derive(Clone, Debug, Default)]
pub struct OwnerDirectory {
    pub owners: Vec<Owner>,
    /// Exact keys → indices into `owners` (several: ambiguous).
    index: HashMap<String, Vec<usize>>,
    /// Folded full names, both orders, for the fuzzy pass.
    fuzzy: Vec<(String, usize)>,
}

/// Minimum Jaro-Winkler similarity of a typo, and how far the second-best
/// owner must stay behind.
const FUZZY_MIN: f64 = 0.92;
const FUZZY_MARGIN: f64 = 0.03;

impl OwnerDirectory {
    /// Build the directory from the owner cells of the CRM export
    /// (`Julien Lefèvre`, `julien.lefevre@acme.fr`, `Julien Lefèvre
    /// (julien.lefevre@acme.fr)`, `Lefèvre Julien <jl@acme.fr>`). Cells that
    /// name the same person (same email, or same folded name, or an email
    /// whose local part is the name) become one owner.
    pub fn from_names<'a>(names: impl Iterator<Item = &'a str>) -> OwnerDirectory {
        let mut owners: Vec<Owner> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for cell in names {
            let Some((name, email)) = parse_cell(cell) else { continue };
            let name_k = name.as_deref().map(name_key);
            let local_k = email.as_deref().map(|e| name_key(e.split('@').next().unwrap_or("")));
            let hit = [email.clone(), name_k.clone(), local_k.clone()]
                .into_iter()
                .flatten()
                .find_map(|k| seen.get(&k).copied());
            let i = match hit {
                Some(i) => {
                    let o = &mut owners[i];
                    if o.email.is_none() {
                        o.email = email.clone();
                    }
                    if let Some(n) = &name
                        && o.email.as_deref() == Some(o.name.as_str())
                    {
                        o.name = n.clone();
                    }
                    i
                }
                None => {
                    let display = name.clone().or_else(|| email.clone()).unwrap_or_default();
                    owners.push(Owner { name: display, email: email.clone() });
                    owners.len() - 1
                }
            };
            for k in [email, name_k, local_k].into_iter().flatten() {
                seen.entry(k).or_insert(i);
            }
        }
        OwnerDirectory::new(owners)
    }

    /// Index a list of owners (use [`OwnerDirectory::from_names`] to read
    /// them from export cells).
    pub fn new(owners: Vec<Owner>) -> OwnerDirectory {
        let mut index: HashMap<String, Vec<usize>> = HashMap::new();
        let mut fuzzy = Vec::new();
        for (i, o) in owners.iter().enumerate() {
            for k in owner_keys(o, &mut fuzzy, i) {
                let v = index.entry(k).or_default();
                if !v.contains(&i) {
                    v.push(i);
                }
            }
        }
        OwnerDirectory { owners, index, fuzzy }
    }

    pub fn is_empty(&self) -> bool {
        self.owners.is_empty()
    }
}

/// Map a side spelling onto a known owner.
///
/// The value is always there for a non-empty cell: the CRM's owner when
/// resolved; otherwise an `Owner` holding the side spelling (spaces
/// collapsed, email lowercased) with an [`IssueKind::UnknownOwner`] problem
/// that says "unknown" or "ambiguous" and names the candidates, so the
/// caller can list unknown owners and the raw name is not lost. With an
/// empty directory (no CRM export, `crmrecon clean`) nothing can be
/// resolved, so the spelling is kept without a problem. Placeholders
/// (`-`, `?`, `N/A`, `aucun`) are none.
pub fn resolve_owner(raw: &str, directory: &OwnerDirectory) -> Normalized<Owner> {
    let Some((name, email)) = parse_cell(raw) else { return Normalized::none() };
    let as_written = || Owner {
        name: name.clone().or_else(|| email.clone()).unwrap_or_default(),
        email: email.clone(),
    };
    if directory.is_empty() {
        return Normalized::ok(as_written());
    }
    let rebuilt;
    let dir = if directory.index.is_empty() {
        // Built as a struct literal: index it now.
        rebuilt = OwnerDirectory::new(directory.owners.clone());
        &rebuilt
    } else {
        directory
    };
    let mut keys: Vec<String> = Vec::with_capacity(4);
    if let Some(e) = &email {
        keys.push(e.clone());
        keys.push(name_key(e.split('@').next().unwrap_or("")));
    }
    let key = name.as_deref().map(name_key).unwrap_or_default();
    if !key.is_empty() {
        keys.push(key.clone());
        if key.contains(' ') {
            keys.push(key.replace(' ', ""));
        }
    }
    for k in &keys {
        match dir.index.get(k).map(Vec::as_slice) {
            Some([i]) => return Normalized::ok(dir.owners[*i].clone()),
            Some(several) if several.len() > 1 => {
                let names: Vec<&str> =
                    several.iter().map(|i| dir.owners[*i].name.as_str()).collect();
                return Normalized::ok(as_written()).with(
                    IssueKind::UnknownOwner,
                    format!("ambiguous owner {:?}: {}", raw.trim(), names.join(", ")),
                );
            }
            _ => {}
        }
    }
    if key.chars().count() >= 4 {
        let mut best: Option<(f64, usize)> = None;
        let mut second = 0.0f64;
        for (k, i) in &dir.fuzzy {
            let s = strsim::jaro_winkler(&key, k);
            match best {
                Some((b, bi)) if s > b => {
                    if bi != *i {
                        second = second.max(b);
                    }
                    best = Some((s, *i));
                }
                Some((b, bi)) if bi != *i => second = second.max(s.min(b)),
                None => best = Some((s, *i)),
                _ => {}
            }
        }
        if let Some((b, i)) = best
            && b >= FUZZY_MIN
        {
            if b - second >= FUZZY_MARGIN {
                return Normalized::ok(dir.owners[i].clone());
            }
            return Normalized::ok(as_written()).with(
                IssueKind::UnknownOwner,
                format!("ambiguous owner {:?}: close to several owners", raw.trim()),
            );
        }
    }
    Normalized::ok(as_written())
        .with(IssueKind::UnknownOwner, format!("unknown owner {:?}", raw.trim()))
}

/// Split an owner cell into its name and its email (lowercased). `None`
/// for an empty or placeholder cell.
fn parse_cell(raw: &str) -> Option<(Option<String>, Option<String>)> {
    let raw = raw.trim();
    if !raw.chars().any(char::is_alphanumeric) {
        return None;
    }
    let mut email = None;
    let mut name = String::with_capacity(raw.len());
    for token in raw.split(|c: char| {
        c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>' | '[' | ']' | ',' | ';')
    }) {
        if token.is_empty() {
            continue;
        }
        if token.contains('@') {
            if email.is_none() {
                let t = token.strip_prefix("mailto:").unwrap_or(token);
                email =
                    Some(t.trim_matches(|c: char| matches!(c, '"' | '\'' | '.')).to_lowercase());
            }
            continue;
        }
        if !name.is_empty() {
            name.push(' ');
        }
        name.push_str(token);
    }
    let name = name.trim_matches(|c: char| matches!(c, '-' | '"' | ' ')).to_string();
    let name = (!name.is_empty()).then_some(name);
    if email.is_none()
        && name.as_deref().is_some_and(|n| {
            matches!(
                name_key(n).as_str(),
                "n a"
                    | "na"
                    | "nc"
                    | "aucun"
                    | "aucune"
                    | "none"
                    | "personne"
                    | "inconnu"
                    | "unknown"
                    | "x"
                    | "tbd"
            )
        })
    {
        return None;
    }
    Some((name, email))
}

/// Every exact key of an owner, and its fuzzy keys pushed on `fuzzy`.
fn owner_keys(o: &Owner, fuzzy: &mut Vec<(String, usize)>, i: usize) -> Vec<String> {
    let mut keys = Vec::new();
    let email = o.email.clone().or_else(|| o.name.contains('@').then(|| o.name.to_lowercase()));
    let mut first = None;
    let mut last = None;
    if let Some(e) = &email {
        keys.push(e.clone());
        let local = e.split('@').next().unwrap_or("");
        let lk = name_key(local);
        keys.push(lk.replace(' ', ""));
        // `julien.lefevre@` names the owner when the CRM gives no name.
        if let Some((f, l)) = lk.split_once(' ') {
            first = Some(f.to_string());
            last = Some(l.to_string());
        }
        keys.push(lk);
    }
    if !o.name.contains('@') {
        let p = split_full_name(&o.name).value.unwrap_or_default();
        if p.first.is_some() || p.last.is_some() {
            first = p.first.as_deref().map(name_key);
            last = p.last.as_deref().map(name_key);
        }
    }
    let (f, l) = (first.unwrap_or_default(), last.unwrap_or_default());
    let full = [f.as_str(), l.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    if !full.is_empty() {
        keys.push(full.clone());
        keys.push(full.replace(' ', ""));
        fuzzy.push((full.clone(), i));
    }
    if !f.is_empty() && !l.is_empty() {
        let reversed = format!("{l} {f}");
        keys.push(reversed.replace(' ', ""));
        fuzzy.push((reversed.clone(), i));
        keys.push(reversed);
        keys.push(f.clone());
        keys.push(l.clone());
        let initials = |s: &str| s.split(' ').filter_map(|w| w.chars().next()).collect::<String>();
        let (fi, li) = (initials(&f), initials(&l));
        let l_compact = l.replace(' ', "");
        // `JL`, `JPM` (Jean-Pierre Martin), `jlefevre`, `JLE` trigrammes.
        keys.push(format!("{fi}{li}"));
        keys.push(format!("{}{l_compact}", &fi[..fi.chars().next().map_or(0, char::len_utf8)]));
        let mut lc = l_compact.chars();
        if let (Some(a), Some(b)) = (lc.next(), lc.next()) {
            let f0 = f.chars().next().unwrap_or(a);
            keys.push(format!("{f0}{a}{b}"));
            if let Some(z) = l_compact.chars().last() {
                keys.push(format!("{f0}{a}{z}"));
            }
        }
    } else if !l.is_empty() || !f.is_empty() {
        keys.push(if l.is_empty() { f } else { l });
    }
    keys.retain(|k| !k.is_empty());
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn directory() -> OwnerDirectory {
        OwnerDirectory::from_names(
            [
                "Julien Lefèvre",
                "julien.lefevre@acme.fr",
                "Sophie Martin (sophie.martin@acme.fr)",
                "MOREAU Camille <c.moreau@acme.fr>",
                "Jean-Pierre Dubois",
                "Julien Garnier",
                "thomas.bernard@acme.fr",
                "",
                "Sophie Martin",
            ]
            .into_iter(),
        )
    }

    #[test]
    fn directory_merges_spellings() {
        let d = directory();
        let names: Vec<&str> = d.owners.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Julien Lefèvre",
                "Sophie Martin",
                "MOREAU Camille",
                "Jean-Pierre Dubois",
                "Julien Garnier",
                "thomas.bernard@acme.fr"
            ]
        );
        assert_eq!(d.owners[0].email.as_deref(), Some("julien.lefevre@acme.fr"));
        assert_eq!(d.owners[2].email.as_deref(), Some("c.moreau@acme.fr"));
    }

    #[test]
    fn resolves() {
        let d = directory();
        let cases: &[(&str, Option<&str>, bool)] = &[
            ("Julien Lefèvre", Some("Julien Lefèvre"), false),
            ("julien lefevre", Some("Julien Lefèvre"), false),
            ("LEFEVRE Julien", Some("Julien Lefèvre"), false),
            ("Lefèvre, Julien", Some("Julien Lefèvre"), false),
            ("julien.lefevre@acme.fr", Some("Julien Lefèvre"), false),
            ("Julien.Lefevre@ACME.fr", Some("Julien Lefèvre"), false),
            ("julien.lefevre", Some("Julien Lefèvre"), false),
            ("jlefevre", Some("Julien Lefèvre"), false),
            ("JLE", Some("Julien Lefèvre"), false),
            ("Julien Lefèbvre", Some("Julien Lefèvre"), false),
            ("Julien Lefevrre", Some("Julien Lefèvre"), false),
            ("Lefèvre", Some("Julien Lefèvre"), false),
            ("Sophie", Some("Sophie Martin"), false),
            ("SM", Some("Sophie Martin"), false),
            ("S.M.", Some("Sophie Martin"), false),
            ("sophie.martin@acme.fr", Some("Sophie Martin"), false),
            ("Camille Moreau", Some("MOREAU Camille"), false),
            ("c.moreau@acme.fr", Some("MOREAU Camille"), false),
            ("CM", Some("MOREAU Camille"), false),
            ("JPD", Some("Jean-Pierre Dubois"), false),
            ("jean pierre dubois", Some("Jean-Pierre Dubois"), false),
            ("Dubois", Some("Jean-Pierre Dubois"), false),
            ("Thomas Bernard", Some("thomas.bernard@acme.fr"), false),
            ("Thomas", Some("thomas.bernard@acme.fr"), false),
            ("Garnier", Some("Julien Garnier"), false),
            ("JG", Some("Julien Garnier"), false),
            // Two Juliens: ambiguous.
            ("Julien", None, true),
            // JL: Julien Lefèvre only (Garnier is JG).
            ("JL", Some("Julien Lefèvre"), false),
            ("Paul Durand", None, true),
            ("p.durand@acme.fr", None, true),
            ("XYZ", None, true),
        ];
        for (raw, want, problem) in cases {
            let n = resolve_owner(raw, &d);
            let v = n.value.expect(raw);
            match want {
                Some(w) => assert_eq!(v.name, *w, "{raw:?}"),
                None => assert!(!d.owners.contains(&v), "{raw:?} resolved to {v:?}"),
            }
            assert_eq!(!n.problems.is_empty(), *problem, "{raw:?}: {:?}", n.problems);
            if *problem {
                assert_eq!(n.problems[0].kind, IssueKind::UnknownOwner);
            }
        }
        for none in ["", "  ", "-", "?", "N/A", "aucun"] {
            assert_eq!(resolve_owner(none, &d), Normalized::none(), "{none:?}");
        }
        let unknown = resolve_owner(" Paul   Durand ", &d).value.unwrap();
        assert_eq!(unknown, Owner { name: "Paul Durand".into(), email: None });
    }

    #[test]
    fn empty_directory_keeps_spelling() {
        let d = OwnerDirectory::default();
        let n = resolve_owner("Julien (julien@acme.fr)", &d);
        assert!(n.problems.is_empty());
        assert_eq!(
            n.value.unwrap(),
            Owner { name: "Julien".into(), email: Some("julien@acme.fr".into()) }
        );
    }

    #[test]
    fn struct_literal_directory_still_resolves() {
        let d = OwnerDirectory {
            owners: vec![Owner { name: "Julien Lefèvre".into(), email: None }],
            ..Default::default()
        };
        assert_eq!(resolve_owner("JL", &d).value.unwrap().name, "Julien Lefèvre");
    }

    proptest! {
        #[test]
        fn no_panic_and_known_owners_resolve(s in "\\PC{0,30}") {
            let d = directory();
            let _ = resolve_owner(&s, &d);
            let _ = OwnerDirectory::from_names([s.as_str()].into_iter());
        }

        #[test]
        fn resolved_is_fixed_point(i in 0usize..6) {
            let d = directory();
            let o = d.owners[i].clone();
            prop_assert_eq!(resolve_owner(&o.name, &d).value, Some(o));
        }
    }

    #[test]
    #[ignore]
    fn throughput() {
        let d = directory();
        let samples = [
            "Julien Lefèvre",
            "JL",
            "sophie.martin@acme.fr",
            "Camille",
            "Julien Lefèbvre",
            "Paul Durand",
        ];
        let n = 1_000_000;
        let t = std::time::Instant::now();
        let mut total = 0;
        for i in 0..n {
            total += resolve_owner(samples[i % samples.len()], &d).problems.len();
        }
        eprintln!("resolve_owner: {:.0}/s ({total})", n as f64 / t.elapsed().as_secs_f64());
    }
}
