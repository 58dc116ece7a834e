use super::*;
use crate::ingest::{Format, RawRow, RawSheet, SheetMeta, SheetOverride, build_table};

#[test]
fn retain_from_keeps_the_head_and_the_accepted_tail_in_order() {
    for (items, from, kept) in [
        (vec![1, 2, 3, 4, 5, 6], 2, vec![1, 2, 4, 6]),
        (vec![1, 3, 5], 0, vec![]),
        (vec![1, 3, 2], 3, vec![1, 3, 2]),
        (vec![2, 3, 4, 5, 6, 7], 1, vec![2, 4, 6]),
        (vec![], 0, vec![]),
    ] {
        let mut v = items.clone();
        retain_from(&mut v, from, |x| x % 2 == 0);
        assert_eq!(v, kept, "{items:?} from {from}");
    }
}

/// One sheet with forced roles (header on row 1), normalized.
fn sheet(columns: &[(&str, Role)], rows: &[&[&str]]) -> Vec<Record> {
    let cell = |s: &str| if s.is_empty() { Cell::Empty } else { Cell::text(s) };
    let mut raw = vec![RawRow { number: 1, cells: columns.iter().map(|c| cell(c.0)).collect() }];
    for (i, r) in rows.iter().enumerate() {
        raw.push(RawRow { number: i as u32 + 2, cells: r.iter().map(|s| cell(s)).collect() });
    }
    let meta = SheetMeta {
        source: Arc::from("side/jean.xlsx"),
        sheet: Arc::from("Prospects"),
        format: Format::Xlsx,
        encoding: None,
        delimiter: None,
        hidden: false,
        worksheet: true,
        notes: Vec::new(),
    };
    let settings = SheetOverride {
        header_row: Some(1),
        columns: columns.iter().map(|(h, r)| (h.to_string(), *r)).collect(),
        ..SheetOverride::default()
    };
    let sheet = RawSheet { meta, first_col: 0, rows: raw, merged: Vec::new(), issues: Vec::new() };
    normalize_tables(&[build_table(sheet, &settings)], Origin::Side, &Context::default())
}

/// Every record holds a field per non-blank cell: tens of millions on a
/// large run, where each byte of a field costs tens of megabytes.
#[test]
fn fields_and_values_stay_small() {
    assert_eq!(std::mem::size_of::<Value>(), 32);
    assert_eq!(std::mem::size_of::<Option<Value>>(), 32);
    assert_eq!(std::mem::size_of::<Option<Header>>(), 8);
    assert!(std::mem::size_of::<Field>() <= 72, "{}", std::mem::size_of::<Field>());
}

#[test]
fn vectors_are_allocated_at_their_length() {
    let columns = [
        ("Nom complet", Role::FullName),
        ("E-mail", Role::Email),
        ("Tél.", Role::Phone),
        ("Société", Role::Company),
        ("Montant", Role::Amount),
        ("Source du lead", Role::Custom),
    ];
    let rows: &[&[&str]] = &[
        &["Jean Dupont", "jean.dupont@acme.fr", "06 12 34 56 78", "Acme SAS", "12 500,00 €", ""],
        &["Marie Curie", "", "", "", "", "Salon"],
        &["", "jean@", "", "Dupont & Fils SARL", "", ""],
        &["Bob Smith", "bob@example.co.uk", "+44 20 7946 0958", "", "$1,200.50", "Web"],
    ];
    let records = sheet(&columns, rows);
    // The records' own vector has room for a record per row and
    // entity (see `most_records`), the rest for what they hold.
    assert!(records.capacity() <= rows.len() * 3);
    assert!(records.iter().any(|r| !r.issues.is_empty()), "jean@ is invalid");
    for r in &records {
        assert_eq!(r.fields.capacity(), r.fields.len(), "{} row {}", r.entity, r.provenance.row);
        assert_eq!(r.issues.capacity(), r.issues.len(), "{} row {}", r.entity, r.provenance.row);
    }
}

#[test]
fn boxed_values_and_shared_headers_read_as_before() {
    let columns = [
        ("E-mail", Role::Email),
        ("Portable", Role::Mobile),
        ("Société", Role::Company),
        ("Montant", Role::Amount),
        ("Source du lead", Role::Custom),
    ];
    let rows: &[&[&str]] =
        &[&["Jean.Dupont@Acme.fr", "06 12 34 56 78", "Dupont & Fils SARL", "12 500,00 €", "Salon"]];
    let records = sheet(&columns, rows);
    let canonical = |role: Role| -> Vec<String> {
        records.iter().filter_map(|r| r.value(role)).map(Value::canonical).collect()
    };
    assert_eq!(canonical(Role::Email), ["jean.dupont@acme.fr"]);
    assert_eq!(canonical(Role::Mobile), ["+33612345678"]);
    assert_eq!(canonical(Role::Company), ["Dupont & Fils SARL"]);
    assert_eq!(canonical(Role::Amount), ["12500.00"]);
    assert_eq!(canonical(Role::Currency), ["EUR"]);
    let custom: Vec<&Field> =
        records.iter().flat_map(|r| &r.fields).filter(|f| f.role == Role::Custom).collect();
    assert_eq!(custom.len(), 1);
    assert_eq!(custom[0].header.as_deref(), Some("Source du lead"));
    assert_eq!(custom[0].raw, "Salon");
    assert!(
        records
            .iter()
            .flat_map(|r| &r.fields)
            .all(|f| { f.role == Role::Custom || f.header.is_none() })
    );
}
