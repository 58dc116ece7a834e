//! What a file really is, from its first bytes rather than its extension
//! (an e-mail gateway's text placeholder named `.xls`, an encrypted workbook
//! named `.xlsx`, a CSV saved as `.txt`, a web app's TSV named `.xls`).
//!
//! `sniff` reads the first 8 KiB, and for containers only their directory
//! (the zip central directory, the OLE directory chain), never the whole
//! file: a folder of large workbooks is sniffed in milliseconds, and a
//! damaged container is reported before any parser sees it.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use serde::Serialize;

use super::IngestError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Csv,
    Xlsx,
    Xlsm,
    Xlsb,
    Xls,
    Ods,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Xlsm => "xlsm",
            Format::Xlsb => "xlsb",
            Format::Xls => "xls",
            Format::Ods => "ods",
        }
    }
}

/// How much of the file the text/binary decision looks at.
const HEAD_LEN: usize = 8 * 1024;

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Extensions a person expects to hold a workbook: text content under one of
/// these names is suspicious (see [`sniff`]).
const SPREADSHEET_EXTENSIONS: &[&str] =
    &["xls", "xlsx", "xlsm", "xlsb", "xlt", "xltx", "xltm", "xla", "xlam", "ods", "ots", "fods"];

/// Sniff the format of `path` from its content.
///
/// Zip containers are told apart by their entries (xlsx/xlsm, xlsb, ods),
/// OLE containers by their streams (xls, or an Excel-encrypted workbook).
/// Text is CSV, except that text under a spreadsheet extension must look
/// like a real delimited table (several lines with a consistent tab, `;`,
/// `,` or `|` count): web apps export TSV as `.xls`, but an e-mail gateway's
/// "attachment not found" notice named `.xls` is not a table.
pub fn sniff(path: &Path) -> Result<Format, IngestError> {
    let io_err = |e| IngestError::io(path, e);
    let file = File::open(path).map_err(io_err)?;
    let len = file.metadata().map_err(io_err)?.len();
    let mut file = BufReader::new(file);
    let mut head = Vec::with_capacity(HEAD_LEN);
    (&mut file).take(HEAD_LEN as u64).read_to_end(&mut head).map_err(io_err)?;
    if head.is_empty() {
        return Err(IngestError::Empty { path: path.to_path_buf() });
    }
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();

    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return sniff_zip(path, &mut file, len, &ext);
    }
    if head.starts_with(&OLE_MAGIC) {
        return sniff_ole(path, &mut file, len);
    }
    if is_legacy_biff(&head) {
        return Err(IngestError::LegacyExcel { path: path.to_path_buf() });
    }
    if let Some(what) = known_binary(&head) {
        return Err(unknown(path, format!("binary file, not a spreadsheet: {what}")));
    }
    let Some(text) = decode_text(&head) else {
        return Err(unknown(path, format!("binary file, not a spreadsheet ({})", size(len))));
    };
    if !SPREADSHEET_EXTENSIONS.contains(&ext.as_str()) {
        return Ok(Format::Csv);
    }
    let complete = head.len() as u64 >= len;
    if looks_like_delimited_table(&text, complete) {
        return Ok(Format::Csv);
    }
    let expected = if matches!(ext.as_str(), "ods" | "ots" | "fods") {
        "an OpenDocument spreadsheet"
    } else {
        "an Excel file"
    };
    let detail = match text_kind(&text) {
        Some(kind) => format!("not {expected} but {kind}"),
        None => format!("not {expected} ({} of text)", size(len)),
    };
    Err(unknown(path, detail))
}

fn unknown(path: &Path, detail: String) -> IngestError {
    IngestError::UnknownFormat { path: path.to_path_buf(), detail }
}

fn size(len: u64) -> String {
    match len {
        1 => "1 byte".into(),
        n if n < 10_000 => format!("{n} bytes"),
        n if n < 10_000_000 => format!("{} KB", n / 1000),
        n => format!("{} MB", n / 1_000_000),
    }
}

/// Excel 2.x–4.0 files are bare BIFF streams: a BOF record (`09 00`,
/// `09 02`, `09 04`) at offset 0 followed by a small record length.
fn is_legacy_biff(head: &[u8]) -> bool {
    if head.len() < 4 {
        return false;
    }
    let record_len = u16::from_le_bytes([head[2], head[3]]);
    head[0] == 0x09 && matches!(head[1], 0x00 | 0x02 | 0x04) && (4..=16).contains(&record_len)
}

/// Names of common non-spreadsheet binary formats people attach by mistake.
fn known_binary(head: &[u8]) -> Option<&'static str> {
    const MAGICS: &[(&[u8], &str)] = &[
        (b"%PDF", "PDF"),
        (b"\x89PNG", "PNG image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"\x1F\x8B", "gzip archive"),
        (b"7z\xBC\xAF\x27\x1C", "7-Zip archive"),
        (b"Rar!", "RAR archive"),
        (b"SQLite format 3\0", "SQLite database"),
        (b"\x7FELF", "executable"),
        (b"MZ", "Windows executable"),
    ];
    MAGICS.iter().find(|(magic, _)| head.starts_with(magic)).map(|(_, what)| *what)
}

/// The head as text, or `None` when it is binary: NUL bytes (outside UTF-16
/// with a BOM) or more than 2% control characters. Bytes above 0x7F count as
/// text (Windows-1252 exports); invalid UTF-8 is replaced, which is enough
/// to count delimiters.
fn decode_text(head: &[u8]) -> Option<String> {
    let utf16 = |bytes: &[u8], le: bool| -> String {
        let units = bytes.chunks_exact(2).map(|c| {
            if le { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) }
        });
        char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')).collect()
    };
    let text = if let Some(rest) = head.strip_prefix(b"\xFF\xFE") {
        utf16(rest, true)
    } else if let Some(rest) = head.strip_prefix(b"\xFE\xFF") {
        utf16(rest, false)
    } else {
        if head.contains(&0) {
            return None;
        }
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        String::from_utf8_lossy(head).into_owned()
    };
    let controls = text
        .chars()
        .filter(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C' | '\x1A'))
        .count();
    let total = text.chars().count().max(1);
    (controls * 50 <= total && !text.contains('\0')).then_some(text)
}

/// Text that is recognisably something else than a table.
fn text_kind(text: &str) -> Option<&'static str> {
    let start = text.trim_start().get(..text.trim_start().len().min(2048))?.to_ascii_lowercase();
    if start.contains("urn:schemas-microsoft-com:office:spreadsheet") {
        Some("an Excel 2003 XML spreadsheet (save it as .xlsx)")
    } else if start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || start.contains("<table")
    {
        Some("an HTML page")
    } else if start.starts_with("{\\rtf") {
        Some("an RTF document")
    } else {
        None
    }
}

/// Several lines with the same non-zero count of one delimiter (outside
/// double quotes). `complete` says whether `text` is the whole file; if not,
/// its last line may be cut and is ignored.
fn looks_like_delimited_table(text: &str, complete: bool) -> bool {
    let mut lines: Vec<&str> = text.lines().collect();
    if !complete {
        lines.pop();
    }
    let lines: Vec<&str> = lines.into_iter().filter(|l| !l.trim().is_empty()).take(50).collect();
    if lines.len() < 2 {
        return false;
    }
    ['\t', ';', ',', '|'].into_iter().any(|delimiter| {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, delimiter)).collect();
        let first = counts[0];
        let same = counts.iter().filter(|&&c| c == first).count();
        // Allow a ragged line or two (a trailing note), not a random text.
        first > 0 && same * 10 >= counts.len() * 8
    })
}

fn count_outside_quotes(line: &str, delimiter: char) -> usize {
    let mut quoted = false;
    let mut count = 0;
    for c in line.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if c == delimiter && !quoted {
            count += 1;
        }
    }
    count
}

/// Tell the zip-based formats apart by their entries.
fn sniff_zip<R: Read + Seek>(
    path: &Path,
    file: &mut R,
    len: u64,
    ext: &str,
) -> Result<Format, IngestError> {
    let container = if matches!(ext, "ods" | "ots") { "ods" } else { "xlsx" };
    if !has_zip_end_of_central_directory(file, len).map_err(|e| IngestError::io(path, e))? {
        return Err(IngestError::Truncated {
            path: path.to_path_buf(),
            detail: "zip end-of-central-directory not found".into(),
        });
    }
    file.seek(SeekFrom::Start(0)).map_err(|e| IngestError::io(path, e))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|e| IngestError::Corrupt {
        path: path.to_path_buf(),
        format: container,
        detail: format!("damaged zip container: {e}"),
    })?;
    // Some generators write `/xl/workbook.xml` or odd letter case.
    let names: Vec<String> = archive
        .file_names_raw()
        .map(|n| String::from_utf8_lossy(n).trim_start_matches('/').to_ascii_lowercase())
        .collect();
    let has = |name: &str| names.iter().any(|n| n == name);
    if has("xl/workbook.xml") {
        return Ok(if has("xl/vbaproject.bin") || ext == "xlsm" {
            Format::Xlsm
        } else {
            Format::Xlsx
        });
    }
    if has("xl/workbook.bin") {
        return Ok(Format::Xlsb);
    }
    if has("mimetype") {
        let mut mime = String::new();
        if let Ok(entry) = archive.by_name("mimetype") {
            // The entry is a few dozen bytes; never trust its declared size.
            let _ = entry.take(200).read_to_string(&mut mime);
        }
        let mime = mime.trim();
        if mime.starts_with("application/vnd.oasis.opendocument.spreadsheet") {
            return Ok(Format::Ods);
        }
        if let Some(kind) = mime.strip_prefix("application/vnd.oasis.opendocument.") {
            return Err(unknown(path, format!("an OpenDocument {kind} file, not a spreadsheet")));
        }
    }
    if has("content.xml") {
        return Ok(Format::Ods);
    }
    if has("word/document.xml") {
        return Err(unknown(path, "a Word document, not a spreadsheet".into()));
    }
    if has("ppt/presentation.xml") {
        return Err(unknown(path, "a PowerPoint presentation, not a spreadsheet".into()));
    }
    // Non-standard part names: a content-types file and a workbook part.
    if has("[content_types].xml") && names.iter().any(|n| n.ends_with("workbook.xml")) {
        return Ok(Format::Xlsx);
    }
    Err(IngestError::Corrupt {
        path: path.to_path_buf(),
        format: container,
        detail: format!("not a valid {container}: the zip has no workbook"),
    })
}

/// Whether the last 64 KiB + 22 bytes hold the zip end-of-central-directory
/// signature: a download cut short keeps its local headers but loses it.
fn has_zip_end_of_central_directory<R: Read + Seek>(
    file: &mut R,
    len: u64,
) -> std::io::Result<bool> {
    let tail_len = len.min(22 + 65_535);
    file.seek(SeekFrom::Start(len - tail_len))?;
    let mut tail = Vec::with_capacity(tail_len as usize);
    file.take(tail_len).read_to_end(&mut tail)?;
    Ok(tail.windows(4).any(|w| w == b"PK\x05\x06"))
}

/// Tell an `.xls` from an Excel-encrypted workbook (an OLE container with an
/// `EncryptedPackage` stream, whatever its extension) and from other OLE
/// documents. When the directory cannot be walked, say xls and let the
/// workbook reader report the damage.
fn sniff_ole<R: Read + Seek>(path: &Path, file: &mut R, len: u64) -> Result<Format, IngestError> {
    let names = ole_stream_names(file, len).unwrap_or_default();
    let has = |name: &str| names.iter().any(|n| n.eq_ignore_ascii_case(name));
    if has("EncryptedPackage") {
        return Err(IngestError::PasswordProtected { path: path.to_path_buf() });
    }
    if has("WordDocument") {
        return Err(unknown(path, "a Word 97-2003 document, not a spreadsheet".into()));
    }
    if has("PowerPoint Document") {
        return Err(unknown(path, "a PowerPoint 97-2003 presentation, not a spreadsheet".into()));
    }
    Ok(Format::Xls)
}

/// Names in an OLE/CFB directory, following the directory sector chain
/// through the FAT (MS-CFB 2.2, 2.6). Reads only the header, the FAT sectors
/// on the chain and the directory sectors; bounded against cycles.
fn ole_stream_names<R: Read + Seek>(file: &mut R, len: u64) -> Option<Vec<String>> {
    const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
    let mut header = [0u8; 512];
    file.seek(SeekFrom::Start(0)).ok()?;
    file.read_exact(&mut header).ok()?;
    let u32_at = |b: &[u8], i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    let shift = u16::from_le_bytes([header[0x1E], header[0x1F]]);
    if !(9..=12).contains(&shift) {
        return None;
    }
    let sector_size = 1u64 << shift;
    let sector_offset = |s: u32| (s as u64 + 1) * sector_size;
    let entries_per_fat_sector = sector_size / 4;
    let mut read_sector = |s: u32, buf: &mut Vec<u8>| -> Option<()> {
        let offset = sector_offset(s);
        if offset + sector_size > len {
            return None;
        }
        file.seek(SeekFrom::Start(offset)).ok()?;
        buf.resize(sector_size as usize, 0);
        file.read_exact(buf).ok()
    };
    let mut names = Vec::new();
    let mut sector = u32_at(&header, 0x30);
    let mut buf = Vec::new();
    let mut fat = Vec::new();
    // A directory of 1,000 sectors holds 4,000+ entries: far beyond any workbook.
    for _ in 0..1000 {
        if sector == END_OF_CHAIN {
            return Some(names);
        }
        read_sector(sector, &mut buf)?;
        for entry in buf.chunks_exact(128) {
            let name_len = (u16::from_le_bytes([entry[64], entry[65]]) as usize).min(64);
            let units: Vec<u16> = entry[..name_len.saturating_sub(2)]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            if !units.is_empty() {
                names.push(String::from_utf16_lossy(&units));
            }
        }
        // Next sector: entry `sector` of the FAT, whose sectors the header's
        // first 109 DIFAT slots locate (enough for 7 MB with 512-byte sectors).
        let fat_index = (sector as u64 / entries_per_fat_sector) as usize;
        if fat_index >= 109 {
            return Some(names);
        }
        let fat_sector = u32_at(&header, 0x4C + fat_index * 4);
        read_sector(fat_sector, &mut fat)?;
        sector = u32_at(&fat, (sector as u64 % entries_per_fat_sector) as usize * 4);
    }
    Some(names)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn sniff_bytes(name: &str, bytes: &[u8]) -> Result<Format, IngestError> {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        sniff(&path)
    }

    fn zip_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut out);
            for (name, bytes) in entries {
                zip.start_file(*name, zip::write::SimpleFileOptions::default()).expect("start");
                zip.write_all(bytes).expect("write entry");
            }
            zip.finish().expect("finish");
        }
        out.into_inner()
    }

    #[test]
    fn zip_containers_are_told_apart_by_their_entries() {
        let xlsx = zip_with(&[("[Content_Types].xml", b"<x/>"), ("xl/workbook.xml", b"<w/>")]);
        assert_eq!(sniff_bytes("a.xlsx", &xlsx).unwrap(), Format::Xlsx);
        // The content decides, not the name.
        assert_eq!(sniff_bytes("a.csv", &xlsx).unwrap(), Format::Xlsx);
        assert_eq!(sniff_bytes("a.xlsm", &xlsx).unwrap(), Format::Xlsm);
        let xlsm = zip_with(&[("xl/workbook.xml", b"<w/>"), ("xl/vbaProject.bin", b"\0")]);
        assert_eq!(sniff_bytes("macros.xlsx", &xlsm).unwrap(), Format::Xlsm);
        let xlsb = zip_with(&[("xl/workbook.bin", b"\0")]);
        assert_eq!(sniff_bytes("a.xlsb", &xlsb).unwrap(), Format::Xlsb);
        let ods = zip_with(&[
            ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
            ("content.xml", b"<x/>"),
        ]);
        assert_eq!(sniff_bytes("export.ods", &ods).unwrap(), Format::Ods);
        let odt = zip_with(&[("mimetype", b"application/vnd.oasis.opendocument.text")]);
        let err = sniff_bytes("lettre.ods", &odt).unwrap_err();
        assert!(err.to_string().contains("OpenDocument text file"), "{err}");
        let docx = zip_with(&[("word/document.xml", b"<w/>")]);
        let err = sniff_bytes("contrat.xlsx", &docx).unwrap_err();
        assert!(err.to_string().contains("Word document"), "{err}");
    }

    #[test]
    fn a_zip_without_workbook_is_corrupt_and_a_cut_zip_truncated() {
        let empty = zip_with(&[]);
        match sniff_bytes("vide.xlsx", &empty) {
            Err(IngestError::Corrupt { format: "xlsx", detail, .. }) => {
                assert_eq!(detail, "not a valid xlsx: the zip has no workbook")
            }
            other => panic!("{other:?}"),
        }
        let mut big = Vec::new();
        for i in 0..200 {
            big.extend_from_slice(format!("ligne {i};Société Dupont;06 12 34 56 78\n").as_bytes());
        }
        let xlsx = zip_with(&[("xl/workbook.xml", b"<w/>"), ("xl/worksheets/sheet1.xml", &big)]);
        let cut = &xlsx[..xlsx.len() / 2];
        match sniff_bytes("coupé.xlsx", cut) {
            Err(IngestError::Truncated { detail, .. }) => {
                assert!(detail.contains("end-of-central-directory"))
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn text_is_csv_unless_it_pretends_to_be_a_workbook() {
        let cases: &[(&str, &[u8], Option<Format>)] = &[
            ("contacts.csv", "Nom;Prénom\nDupont;Jean\n".as_bytes(), Some(Format::Csv)),
            ("notes.txt", b"just one line", Some(Format::Csv)),
            // Web apps export TSV named .xls.
            (
                "export.xls",
                b"Nom\tE-mail\tTel\nDupont\tj@d.fr\t0612345678\nMartin\tm@x.fr\t0698765432\n",
                Some(Format::Csv),
            ),
            (
                "export.xlsx",
                "Société;Ville\n\"Dupont; fils\";Lyon\nMartin SA;Paris\n".as_bytes(),
                Some(Format::Csv),
            ),
            ("placeholder.xls", b"Attachment f:\\x\\Summer trading shots.xls not found!\r\n", None),
            ("two-lines.xls", b"Hello there.\nThis is not a table.\n", None),
        ];
        for (name, bytes, want) in cases {
            match (sniff_bytes(name, bytes), want) {
                (Ok(got), Some(want)) => assert_eq!(got, *want, "{name}"),
                (Err(IngestError::UnknownFormat { detail, .. }), None) => {
                    assert!(detail.starts_with("not an Excel file ("), "{name}: {detail}")
                }
                (got, _) => panic!("{name}: {got:?}"),
            }
        }
        let err = sniff_bytes("placeholder.xls", &[b'a'; 68]).unwrap_err();
        assert!(err.to_string().contains("not an Excel file (68 bytes of text)"), "{err}");
        let html = b"<html><body><table><tr><td>Nom</td></tr></table></body></html>";
        let err = sniff_bytes("report.xls", html).unwrap_err();
        assert!(err.to_string().contains("HTML page"), "{err}");
    }

    #[test]
    fn utf16_text_with_bom_is_text() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Nom\tVille\r\nDupont\tLyon\r\nMartin\tParis\r\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(sniff_bytes("export.csv", &bytes).unwrap(), Format::Csv);
        assert_eq!(sniff_bytes("export.xls", &bytes).unwrap(), Format::Csv);
    }

    #[test]
    fn binaries_and_legacy_formats_get_a_clear_error() {
        assert!(matches!(sniff_bytes("vide.csv", b""), Err(IngestError::Empty { .. })));
        let biff4 = [0x09, 0x04, 0x06, 0x00, 0x00, 0x00, 0x10, 0x00, 0, 0];
        assert!(matches!(sniff_bytes("old.xls", &biff4), Err(IngestError::LegacyExcel { .. })));
        let biff2 = [0x09, 0x00, 0x04, 0x00, 0x02, 0x00, 0x10, 0x00];
        assert!(matches!(sniff_bytes("old.xls", &biff2), Err(IngestError::LegacyExcel { .. })));
        let err = sniff_bytes("devis.xlsx", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj").unwrap_err();
        assert!(err.to_string().contains("binary file, not a spreadsheet: PDF"), "{err}");
        let err = sniff_bytes("logo.csv", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err();
        assert!(err.to_string().contains("PNG image"), "{err}");
        let err = sniff_bytes("data.csv", b"abc\0\x01\x02\x03def").unwrap_err();
        assert!(err.to_string().contains("binary file"), "{err}");
    }

    /// A minimal OLE container: header, one FAT sector, one directory sector.
    fn ole_with(stream_names: &[&str]) -> Vec<u8> {
        let mut file = vec![0u8; 512 * 3];
        file[..8].copy_from_slice(&OLE_MAGIC);
        file[0x1E..0x20].copy_from_slice(&9u16.to_le_bytes());
        file[0x2C..0x30].copy_from_slice(&1u32.to_le_bytes()); // one FAT sector
        file[0x30..0x34].copy_from_slice(&1u32.to_le_bytes()); // directory at sector 1
        file[0x4C..0x50].copy_from_slice(&0u32.to_le_bytes()); // FAT at sector 0
        for i in 1..109 {
            file[0x4C + i * 4..0x50 + i * 4].copy_from_slice(&u32::MAX.to_le_bytes());
        }
        let fat = 512;
        file[fat..fat + 4].copy_from_slice(&0xFFFF_FFFDu32.to_le_bytes());
        file[fat + 4..fat + 8].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
        let dir = 1024;
        for (i, name) in
            std::iter::once("Root Entry").chain(stream_names.iter().copied()).enumerate()
        {
            let entry = dir + i * 128;
            let units: Vec<u16> = name.encode_utf16().collect();
            for (j, u) in units.iter().enumerate() {
                file[entry + j * 2..entry + j * 2 + 2].copy_from_slice(&u.to_le_bytes());
            }
            file[entry + 64..entry + 66]
                .copy_from_slice(&((units.len() as u16 + 1) * 2).to_le_bytes());
        }
        file
    }

    #[test]
    fn ole_containers_are_told_apart_by_their_streams() {
        let encrypted = ole_with(&["EncryptionInfo", "EncryptedPackage"]);
        assert!(matches!(
            sniff_bytes("chiffré.xlsx", &encrypted),
            Err(IngestError::PasswordProtected { .. })
        ));
        assert_eq!(sniff_bytes("a.xls", &ole_with(&["Workbook"])).unwrap(), Format::Xls);
        let err = sniff_bytes("a.xls", &ole_with(&["WordDocument"])).unwrap_err();
        assert!(err.to_string().contains("Word 97-2003"), "{err}");
        // A damaged directory: xls, and the reader reports the damage.
        let mut damaged = ole_with(&["EncryptedPackage"]);
        damaged.truncate(600);
        assert_eq!(sniff_bytes("a.xls", &damaged).unwrap(), Format::Xls);
    }
}
