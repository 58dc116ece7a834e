//! Regenerate the workbook quirk fixtures under `fixtures/quirks/`.
//!
//! ```text
//! cargo run --example make_quirk_fixtures
//! ```
//!
//! Each xlsx file holds one quirk the workbook reader must handle, written
//! with rust_xlsxwriter so the content is reviewable here; a few quirks no
//! writer produces on purpose (1904 dates, a formula saved without its
//! value) are made by editing the written XML. The `.xls` and `.ods` twins
//! are converted with LibreOffice (`soffice --headless --convert-to xls`)
//! when it is installed, and committed, since nothing in Rust writes them.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Chart, ChartType, Format, FormatAlign, Formula, Workbook, XlsxError};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/quirks");
    for dir in ["xlsx", "xls", "ods", "corrupt"] {
        std::fs::create_dir_all(root.join(dir))?;
    }
    let xlsx = root.join("xlsx");

    title_rows_above_header().save(xlsx.join("title_rows_above_header.xlsx"))?;
    hidden_sheet_first()?.save(xlsx.join("hidden_sheet_first.xlsx"))?;
    merged_header_cells()?.save(xlsx.join("merged_header_cells.xlsx"))?;
    error_cells()?.save(xlsx.join("error_cells.xlsx"))?;
    identifiers_stored_as_numbers()?.save(xlsx.join("identifiers_stored_as_numbers.xlsx"))?;
    chart_sheet()?.save(xlsx.join("chart_sheet.xlsx"))?;
    far_right_column()?.save(xlsx.join("far_right_column.xlsx"))?;
    style_only_cells()?.save(xlsx.join("style_only_cells.xlsx"))?;

    dates()?.save(xlsx.join("date_1904.xlsx"))?;
    rewrite_zip(&xlsx.join("date_1904.xlsx"), |name, xml| {
        if name == "xl/workbook.xml" {
            // Excel for Mac's date system: serials count from 1904-01-01.
            let text = String::from_utf8_lossy(xml).replacen(
                "<workbookPr",
                "<workbookPr date1904=\"1\"",
                1,
            );
            return text.into_bytes();
        }
        xml.to_vec()
    })?;
    // Same dates in the 1900 system, for comparison.
    dates()?.save(xlsx.join("date_1900.xlsx"))?;

    formula_with_cached_value()?.save(xlsx.join("formula_without_value.xlsx"))?;
    rewrite_zip(&xlsx.join("formula_without_value.xlsx"), |name, xml| {
        if name == "xl/worksheets/sheet1.xml" {
            // A tool that writes formulas but never calculates them: C3 keeps
            // its formula and loses its `<v>`.
            let text =
                String::from_utf8_lossy(xml).replacen("<f>A3*B3</f><v>300</v>", "<f>A3*B3</f>", 1);
            return text.into_bytes();
        }
        xml.to_vec()
    })?;

    corrupt_files(&root.join("corrupt"))?;
    convert_with_libreoffice(&root)?;
    Ok(())
}

fn bold() -> Format {
    Format::new().set_bold()
}

/// Title, export date and a blank row above the header on row 4.
fn title_rows_above_header() -> Workbook {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let _ = ws.set_name("Prospects");
    let _ = ws.write_string_with_format(0, 0, "Prospects Q3 – Alice Martin", &bold());
    let _ = ws.write_string(1, 0, "Exporté le 26/11/2026");
    let header = ["Nom", "Prénom", "Société", "E-mail", "Prochaine action"];
    let rows = [
        ["Dupont", "Jean", "Société Générale", "jean.dupont@example.fr", "Relancer"],
        ["Martin", "Léa", "Boulangerie Arnaud", "lea.martin@example.com", "Envoyer devis"],
        ["O'Brien", "Sean", "Acme Ltd", "sean@acme.example", ""],
    ];
    for (c, h) in header.iter().enumerate() {
        let _ = ws.write_string_with_format(3, c as u16, *h, &bold());
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                let _ = ws.write_string(4 + r as u32, c as u16, *v);
            }
        }
    }
    wb
}

/// A hidden lookup sheet first, the data second, a very hidden sheet last.
fn hidden_sheet_first() -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let lists = wb.add_worksheet().set_name("Listes")?;
    lists.write(0, 0, "Étape")?;
    lists.write(1, 0, "Devis envoyé")?;
    lists.write(2, 0, "Gagné")?;
    lists.set_hidden(true);
    let data = wb.add_worksheet().set_name("Prospects")?;
    data.write(0, 0, "Société")?;
    data.write(0, 1, "Étape")?;
    data.write(1, 0, "Dupont SA")?;
    data.write(1, 1, "Gagné")?;
    data.set_active(true);
    let secret = wb.add_worksheet().set_name("Paramètres")?;
    secret.write(0, 0, "seuil")?;
    secret.write(0, 1, 0.92)?;
    secret.set_very_hidden(true);
    Ok(wb)
}

/// Group headers merged over two columns each, leaf headers below.
fn merged_header_cells() -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Contacts")?;
    let center = Format::new().set_bold().set_align(FormatAlign::Center);
    ws.merge_range(0, 0, 0, 1, "Contact", &center)?;
    ws.merge_range(0, 2, 0, 3, "Coordonnées", &center)?;
    for (c, h) in ["Prénom", "Nom", "E-mail", "Téléphone"].iter().enumerate() {
        ws.write_with_format(1, c as u16, *h, &bold())?;
    }
    ws.write_row(2, 0, ["Jean", "Dupont", "jean@dupont.fr", "06 12 34 56 78"])?;
    ws.write_row(3, 0, ["Léa", "Martin", "lea@martin.fr", "+33 6 98 76 54 32"])?;
    Ok(wb)
}

/// Formulas whose saved results are Excel errors, in a phone column.
fn error_cells() -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Feuil1")?;
    ws.write_row(0, 0, ["Nom", "Téléphone", "Montant"])?;
    ws.write(1, 0, "Dupont")?;
    ws.write(1, 1, "0612345678")?;
    ws.write(1, 2, 100)?;
    ws.write(2, 0, "Martin")?;
    ws.write_formula(2, 1, Formula::new("=VLOOKUP(A3,Annuaire!A:B,2,FALSE)").set_result("#N/A"))?;
    ws.write_formula(2, 2, Formula::new("=C2/0").set_result("#DIV/0!"))?;
    ws.write(3, 0, "Bernard")?;
    ws.write_formula(3, 1, Formula::new("=#REF!").set_result("#REF!"))?;
    ws.write(3, 2, 250)?;
    Ok(wb)
}

/// A mobile number and a SIRET typed as numbers: Excel drops the leading 0
/// and shows the SIRET as 7.33E+13; the reader must keep every digit.
fn identifiers_stored_as_numbers() -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Entreprises")?;
    let scientific = Format::new().set_num_format("0.00E+00");
    let euros = Format::new().set_num_format("#,##0.00 \"€\"");
    ws.write_row(0, 0, ["Société", "Téléphone", "SIRET", "CA"])?;
    ws.write(1, 0, "Dupont SA")?;
    ws.write(1, 1, 612345678)?;
    ws.write_with_format(1, 2, 73282932000074_f64, &scientific)?;
    ws.write_with_format(1, 3, 12500.5, &euros)?;
    ws.write(2, 0, "Martin SARL")?;
    ws.write(2, 1, 698765432)?;
    ws.write_with_format(2, 2, 55210055400013_f64, &scientific)?;
    ws.write_with_format(2, 3, 980, &euros)?;
    Ok(wb)
}

fn chart_sheet() -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let data = wb.add_worksheet().set_name("Pipeline")?;
    data.write_row(0, 0, ["Étape", "Montant"])?;
    data.write(1, 0, "Devis envoyé")?;
    data.write(1, 1, 12500)?;
    data.write(2, 0, "Gagné")?;
    data.write(2, 1, 4000)?;
    let mut chart = Chart::new(ChartType::Pie);
    chart
        .add_series()
        .set_categories(("Pipeline", 1, 0, 2, 0))
        .set_values(("Pipeline", 1, 1, 2, 1));
    let sheet = wb.add_chartsheet().set_name("Graphique")?;
    sheet.insert_chart(0, 0, &chart)?;
    Ok(wb)
}

/// One column at AKE (index 966), header on row 6.
fn far_right_column() -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Loin")?;
    ws.write(5, 966, "E-mail")?;
    ws.write(6, 966, "a@b.fr")?;
    ws.write(7, 966, "c@d.com")?;
    Ok(wb)
}

/// Data in A1:B3, formatting down to F10: the formatted blanks are no data.
fn style_only_cells() -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Feuille1")?;
    let yellow = Format::new().set_background_color("#FFFF00");
    ws.write_row(0, 0, ["Nom", "Ville"])?;
    ws.write_row(1, 0, ["Dupont", "Lyon"])?;
    ws.write_row(2, 0, ["Martin", "Paris"])?;
    for row in 0..10 {
        ws.write_blank(row, 5, &yellow)?;
    }
    for col in 0..6 {
        ws.write_blank(9, col, &yellow)?;
    }
    Ok(wb)
}

/// Dates typed as dates, a time of day and a duration. Serials are written
/// raw so the 1904 twin keeps them and only the date system changes.
fn dates() -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Dates")?;
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let time = Format::new().set_num_format("hh:mm");
    let duration = Format::new().set_num_format("[hh]:mm:ss");
    ws.write_row(0, 0, ["Date", "Heure", "Durée"])?;
    // 1900 system: 44197 = 2021-01-01; in the 1904 system 42735 = 2021-01-01.
    ws.write_with_format(1, 0, 42735, &date)?;
    ws.write_with_format(1, 1, 0.75, &time)?;
    ws.write_with_format(1, 2, (255.0 * 3600.0 + 610.0) / 86_400.0, &duration)?;
    ws.write_with_format(2, 0, 42736, &date)?;
    Ok(wb)
}

fn formula_with_cached_value() -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Devis")?;
    ws.write_row(0, 0, ["Quantité", "Prix", "Total"])?;
    ws.write_row(1, 0, [2, 50])?;
    ws.write_formula(1, 2, Formula::new("=A2*B2").set_result("100"))?;
    ws.write_row(2, 0, [3, 100])?;
    ws.write_formula(2, 2, Formula::new("=A3*B3").set_result("300"))?;
    Ok(wb)
}

fn corrupt_files(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let full = title_rows_above_header().save_to_buffer()?;
    std::fs::write(dir.join("truncated_download.xlsx"), &full[..full.len() / 2])?;
    let mut empty = std::io::Cursor::new(Vec::new());
    zip::ZipWriter::new(&mut empty).finish()?;
    std::fs::write(dir.join("empty_zip.xlsx"), empty.into_inner())?;
    std::fs::write(
        dir.join("text_placeholder.xls"),
        "Attachment devis_client.xls was removed by the mail gateway.\r\n",
    )?;
    std::fs::write(dir.join("empty_file.xlsx"), b"")?;
    // A web app's TSV export named .xls: readable as CSV.
    std::fs::write(
        dir.join("tsv_named.xls"),
        "Nom\tE-mail\tTéléphone\nDupont\tjean@dupont.fr\t06 12 34 56 78\nMartin\tlea@martin.fr\t06 98 76 54 32\n",
    )?;
    Ok(())
}

/// Rewrite a zip's entries through `edit`, keeping their order.
fn rewrite_zip(
    path: &Path,
    edit: impl Fn(&str, &[u8]) -> Vec<u8>,
) -> Result<(), Box<dyn std::error::Error>> {
    let bytes = std::fs::read(path)?;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut writer = zip::ZipWriter::new(&mut out);
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i)?;
            let name = entry.name()?.to_string();
            let mut content = Vec::new();
            entry.read_to_end(&mut content)?;
            writer.start_file(name.as_str(), zip::write::SimpleFileOptions::default())?;
            writer.write_all(&edit(&name, &content))?;
        }
        writer.finish()?;
    }
    std::fs::write(path, out.into_inner())?;
    Ok(())
}

/// `.xls` and `.ods` twins through LibreOffice, when it is installed.
fn convert_with_libreoffice(root: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let sources = [
        "title_rows_above_header",
        "hidden_sheet_first",
        "merged_header_cells",
        "error_cells",
        "identifiers_stored_as_numbers",
        "date_1904",
    ];
    for (ext, dir) in [("xls", "xls"), ("ods", "ods")] {
        for name in sources {
            let input = root.join("xlsx").join(format!("{name}.xlsx"));
            let status = std::process::Command::new("soffice")
                .args(["--headless", "--convert-to", ext, "--outdir"])
                .arg(root.join(dir))
                .arg(&input)
                .status();
            match status {
                Ok(s) if s.success() => {}
                _ => {
                    eprintln!("soffice not available: {ext} twins not regenerated");
                    return Ok(());
                }
            }
        }
    }
    Ok(())
}
