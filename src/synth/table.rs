//! One flat contact/deal table for the ingest benchmark
//! (`crmrecon-gen table`): `Prénom, Nom, E-mail, Téléphone, Société, Ville,
//! Code postal, Montant, Étape, Date de clôture, Commercial, Notes`, as a
//! UTF-8 comma CSV, an Excel-style Windows-1252 `;` CSV with decimal commas,
//! or an xlsx written in constant-memory mode. Rows are generated and
//! written one at a time, so memory stays flat at any size.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use chrono::Duration;
use rust_xlsxwriter::{Format, Workbook};

use super::rng::Rng;
use super::text::{csv_record, date_fr, phone_variant, slug};
use super::{vocab, world};

pub const HEADERS: [&str; 12] = [
    "Prénom",
    "Nom",
    "E-mail",
    "Téléphone",
    "Société",
    "Ville",
    "Code postal",
    "Montant",
    "Étape",
    "Date de clôture",
    "Commercial",
    "Notes",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableFormat {
    Csv,
    Csv1252,
    Xlsx,
}

/// Column headers for `cols` columns: the 12 above, then `Champ N` custom
/// columns.
pub fn headers(cols: usize) -> Vec<String> {
    (0..cols)
        .map(|i| HEADERS.get(i).map_or_else(|| format!("Champ {}", i + 1), |h| (*h).to_string()))
        .collect()
}

/// One row's values as text, plus the amount in cents and the close date
/// (kept typed for xlsx).
struct Row {
    text: Vec<String>,
    cents: u64,
    close: chrono::NaiveDate,
}

fn row(seed: u64, i: u64, cols: usize, decimal_comma: bool) -> Row {
    let mut r = Rng::for_item(seed, 500, i);
    let first = *r.pick_skewed(vocab::FIRST_NAMES_FR);
    let last = *r.pick_skewed(vocab::SURNAMES_FR);
    let company = format!(
        "{} {} {}",
        r.pick(vocab::ACTIVITY),
        r.pick_skewed(vocab::SURNAMES_FR),
        r.pick(vocab::LEGAL_FR)
    );
    let company = company.trim_end().to_string();
    let city = *r.pick_skewed(vocab::CITIES);
    let email = format!("{}.{}@{}.fr", slug(first, "-"), slug(last, ""), slug(&company, "-"));
    let national =
        if r.chance(600) { world::mobile(&mut r) } else { world::landline(&mut r, city.area) };
    let phone = phone_variant(&mut r, &national);
    let euros = world::amount(&mut r);
    let cents = euros * 100 + if r.chance(200) { r.below(100) } else { 0 };
    let amount = if decimal_comma {
        format!("{},{:02}", cents / 100, cents % 100)
    } else {
        format!("{}.{:02}", cents / 100, cents % 100)
    };
    let stage = r.index(vocab::STAGES.len());
    let close = world::today() + Duration::days(r.range(-120, 240));
    let owner = vocab::OWNERS[r.index(vocab::OWNERS.len())];
    let mut text = vec![
        first.to_string(),
        last.to_string(),
        email,
        phone,
        company,
        city.name.to_string(),
        city.postal.to_string(),
        amount,
        (*r.pick(vocab::STAGE_LABELS_FR[stage])).to_string(),
        date_fr(close),
        format!("{} {}", owner.0, owner.1),
        (*r.pick(vocab::NEXT_ACTIONS_FR)).to_string(),
    ];
    text.truncate(cols);
    for k in text.len()..cols {
        text.push(format!("valeur {}", r.below(1000 + k as u64)));
    }
    Row { text, cents, close }
}

/// Writes `rows` data rows with `cols` columns to `path`.
///
/// # Errors
///
/// I/O errors from creating or writing `path`.
pub fn write_table(
    path: &Path,
    rows: u64,
    cols: usize,
    format: TableFormat,
    seed: u64,
) -> io::Result<()> {
    let headers = headers(cols);
    match format {
        TableFormat::Csv | TableFormat::Csv1252 => {
            let cp1252 = format == TableFormat::Csv1252;
            let (delim, eol) = if cp1252 { (';', "\r\n") } else { (',', "\n") };
            let mut w = BufWriter::with_capacity(1 << 20, File::create(path)?);
            let mut buf = String::with_capacity(1 << 17);
            csv_record(&mut buf, &headers, delim, eol);
            for i in 0..rows {
                csv_record(&mut buf, &row(seed, i, cols, cp1252).text, delim, eol);
                if buf.len() > 1 << 16 {
                    flush(&mut w, &mut buf, cp1252)?;
                }
            }
            flush(&mut w, &mut buf, cp1252)?;
            w.flush()
        }
        TableFormat::Xlsx => {
            let xerr = io::Error::other;
            let mut wb = Workbook::new();
            let when = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 11, 26).map_err(xerr)?;
            wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&when));
            let euro = Format::new().set_num_format("#,##0.00 \"€\"");
            let date = Format::new().set_num_format("dd/mm/yyyy");
            let ws = wb.add_worksheet_with_constant_memory().map_err(xerr)?;
            ws.set_name("Données").map_err(xerr)?;
            for (c, h) in headers.iter().enumerate() {
                ws.write_string(0, c as u16, h).map_err(xerr)?;
            }
            for i in 0..rows.min(1_048_575) {
                let rw = row(seed, i, cols, false);
                let x = i as u32 + 1;
                for (c, v) in rw.text.iter().enumerate() {
                    let c16 = c as u16;
                    match c {
                        7 => ws.write_number_with_format(x, c16, rw.cents as f64 / 100.0, &euro),
                        9 => ws.write_datetime_with_format(x, c16, rw.close, &date),
                        _ => ws.write_string(x, c16, v),
                    }
                    .map_err(xerr)?;
                }
            }
            wb.save(path).map_err(xerr)
        }
    }
}

fn flush(w: &mut impl Write, buf: &mut String, cp1252: bool) -> io::Result<()> {
    if cp1252 {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(buf);
        w.write_all(&bytes)?;
    } else {
        w.write_all(buf.as_bytes())?;
    }
    buf.clear();
    Ok(())
}
