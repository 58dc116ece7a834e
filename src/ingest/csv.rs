//! Delimited text files (CSV, TSV, TXT) read into one sheet, rows numbered as
//! Excel shows them when it opens the file.
//!
//! Three steps, one submodule each: `decode` finds the encoding and decodes
//! the whole file once; `sniff` finds the delimiter (Excel's `sep=` line, or
//! the candidate that splits the first lines most consistently); `tokenize`
//! splits records leniently. This file turns records into rows of cells, on
//! every core for large files, and reports what was odd (NUL bytes,
//! non-standard quoting, damaged text).
//!
//! Values are not interpreted: every cell is text, `Cell::Empty` for an
//! empty field or the `\N` null marker of database dumps.

mod decode;
mod sniff;
mod tokenize;

use std::path::Path;
use std::sync::Arc;

use indicatif::ProgressBar;
use rayon::prelude::*;

use self::decode::{Decoded, Detection, UnknownLabel};
use self::tokenize::{Malformed, Record, Tokenizer, Unterminated, line_of};
use super::{Cell, Format, IngestError, RawRow, RawSheet, SheetMeta, SheetOverride};
use crate::model::{Issue, IssueKind};

/// Issues of one kind listed one by one before the rest are only counted, so
/// that a file with a NUL in every cell does not drown the report.
const MAX_ISSUES_PER_KIND: usize = 100;

/// How often (in records) the progress bar moves: cheap enough to ignore.
const PROGRESS_EVERY: u32 = 1 << 16;

/// Read a CSV/TSV/TXT file into one sheet with an empty name.
pub fn read_csv(
    path: &Path,
    source: Arc<str>,
    settings: &SheetOverride,
    progress: &ProgressBar,
) -> Result<RawSheet, IngestError> {
    let bytes = std::fs::read(path).map_err(|e| IngestError::io(path, e))?;
    read_bytes(path, bytes, source, settings, progress)
}

/// [`read_csv`] on bytes already in memory; `path` names the file in errors.
fn read_bytes(
    path: &Path,
    bytes: Vec<u8>,
    source: Arc<str>,
    settings: &SheetOverride,
    progress: &ProgressBar,
) -> Result<RawSheet, IngestError> {
    if bytes.is_empty() {
        return Err(IngestError::Empty { path: path.to_path_buf() });
    }
    let file_len = bytes.len() as u64;
    progress.set_length(file_len);
    let config_error =
        |detail: String| IngestError::Csv { path: path.to_path_buf(), line: 0, detail };

    let decoded = decode::decode(bytes, settings.encoding.as_deref()).map_err(|UnknownLabel(label)| {
        config_error(format!(
            "unknown encoding {label:?} in the config; use a label such as utf-8, windows-1252, \
             iso-8859-15, iso-8859-7 or utf-16le"
        ))
    })?;
    let mut meta = SheetMeta {
        source,
        sheet: Arc::from(""),
        format: Format::Csv,
        encoding: Some(decoded.encoding.name()),
        delimiter: None,
        hidden: false,
        worksheet: true,
        notes: encoding_notes(&decoded),
    };
    let text = decoded.text.as_str();

    // Excel's `sep=;` line names the delimiter and is not shown as a row.
    let (hint, body_start) = match sniff::sep_hint(text) {
        Some((c, next)) => (Some(c), next),
        None => (None, 0),
    };
    let delimiter = match settings.delimiter {
        Some(c) => delimiter_byte(c).ok_or_else(|| {
            config_error(format!(
                "the delimiter {c:?} in the config cannot be used; use one ASCII character \
                 such as ',' ';' '|' or '\\t'"
            ))
        })?,
        None => match hint.map(|c| (c, delimiter_byte(c))) {
            Some((c, Some(d))) => {
                meta.notes
                    .push(format!("delimiter {c:?} from the first line `sep={c}` (not a row)"));
                d
            }
            other => {
                if let Some((c, None)) = other {
                    meta.notes
                        .push(format!("ignored the first line `sep={c}`: not a usable delimiter"));
                }
                sniff::sniff_delimiter(&text[body_start..]).unwrap_or_else(|| {
                    meta.notes.push("no delimiter found: read as a single column".into());
                    b','
                })
            }
        },
    };
    meta.delimiter = Some(char::from(delimiter));

    let body = &text[body_start..];
    let scale = Progress { bar: progress, file_len, text_len: body.len().max(1) as u64 };
    let parsed = read_rows(body, delimiter, &meta, &scale).map_err(|err| match err {
        RowsError::Unterminated(Unterminated { quote_at }) => {
            let line = line_of(text, body_start + quote_at);
            IngestError::Csv {
                path: path.to_path_buf(),
                line,
                detail: format!(
                    "unterminated quoted field starting at line {line}; the file is probably \
                     truncated (export it again), or a quote is missing on that line"
                ),
            }
        }
        RowsError::TooManyRows => IngestError::TooLarge {
            path: path.to_path_buf(),
            detail: "more than 4,294,967,295 rows".into(),
        },
    })?;
    let Parsed { rows, mut issues, overflow } = parsed;
    meta.notes.extend(overflow);
    damaged_text_issue(&decoded, body, body_start, &rows, &mut meta, &mut issues);
    progress.set_position(file_len);
    Ok(RawSheet { meta, first_col: 0, rows, merged: Vec::new(), issues })
}

/// A delimiter the splitter can use: one ASCII byte that is not a quote or
/// a line end.
fn delimiter_byte(c: char) -> Option<u8> {
    u8::try_from(c).ok().filter(|b| b.is_ascii() && !matches!(b, b'"' | b'\r' | b'\n'))
}

/// Notes for the Sources sheet on how the encoding was decided.
fn encoding_notes(decoded: &Decoded) -> Vec<String> {
    let name = decoded.encoding.name();
    let mut notes = Vec::new();
    match decoded.detection {
        Detection::Forced => notes.push(format!("encoding {name} set in the config")),
        Detection::Shape if name.starts_with("UTF-16") => {
            notes.push(format!("guessed encoding {name} (no byte-order mark)"));
        }
        Detection::Bom | Detection::Shape => {}
        Detection::Guessed { plausible } => {
            notes.push(format!(
                "guessed encoding {name}: the file is not valid UTF-8{}; set `encoding` in a \
                 [[mapping]] for this file if accents look wrong",
                if plausible {
                    ""
                } else {
                    " and the text does not look right when read as windows-1252"
                }
            ));
        }
    }
    if decoded.malformed {
        notes.push(format!("bytes that are not valid {name} were replaced by U+FFFD (�)"));
    }
    notes
}

/// Moves the progress bar in file bytes while reading decoded text.
struct Progress<'a> {
    bar: &'a ProgressBar,
    file_len: u64,
    text_len: u64,
}

impl Progress<'_> {
    /// `text_bytes` more bytes of decoded text were read.
    fn advance(&self, text_bytes: usize) {
        let bytes = u128::from(self.file_len) * text_bytes as u128 / u128::from(self.text_len);
        self.bar.inc(bytes as u64);
    }
}

enum RowsError {
    Unterminated(Unterminated),
    TooManyRows,
}

struct Parsed {
    rows: Vec<RawRow>,
    issues: Vec<Issue>,
    /// Notes counting the issues past [`MAX_ISSUES_PER_KIND`].
    overflow: Vec<String>,
}

/// Split `body` into rows numbered from 1, one per record (a blank line is a
/// row; a quoted value over three lines is one row). Rows without any value
/// are left out, and so are trailing empty cells and trailing blank rows.
fn read_rows(
    body: &str,
    delimiter: u8,
    meta: &SheetMeta,
    progress: &Progress<'_>,
) -> Result<Parsed, RowsError> {
    read_rows_in_segments(body, delimiter, meta, progress, SEGMENT_BYTES)
}

/// Size of the pieces of text turned into rows in parallel. Small files are
/// one piece.
const SEGMENT_BYTES: usize = 4 << 20;

/// Rows are built on every core: the text is cut into pieces after a line
/// end, each piece read on its own with rows numbered from 1, then the
/// pieces are stitched in order and renumbered.
///
/// A cut after a line end is a record boundary unless the line end is inside
/// a quoted value. That is checked while stitching: a piece is kept only if
/// the piece before it (read from a true boundary) stopped exactly where it
/// starts; otherwise it is read again from where the previous one stopped,
/// on one thread. So files with multi-line values are read correctly, only
/// less in parallel.
fn read_rows_in_segments(
    body: &str,
    delimiter: u8,
    meta: &SheetMeta,
    progress: &Progress<'_>,
    segment_bytes: usize,
) -> Result<Parsed, RowsError> {
    let ctx =
        PieceContext { body, delimiter, has_nul: body.as_bytes().contains(&0), meta, progress };
    let starts = guessed_starts(body, segment_bytes);
    let stop = |k: usize| starts.get(k + 1).copied().unwrap_or(body.len());
    // A piece read from a guessed start gives up on a record that runs far
    // past its end: the guess was probably inside a quoted value, and
    // reading on to the end of the file from every such guess would be
    // quadratic.
    let speculative: Vec<PieceResult> = (0..starts.len())
        .into_par_iter()
        .map(|k| ctx.read(starts[k], stop(k), stop(k).saturating_add(segment_bytes)))
        .collect();

    let pieces_rows =
        speculative.iter().map(|r| if let PieceResult::Done(p) = r { p.rows.len() } else { 0 });
    let mut rows = Vec::with_capacity(pieces_rows.sum());
    let mut issues = IssueLog::default();
    let (mut next, mut rows_before) = (0usize, 0u32);
    for (k, result) in speculative.into_iter().enumerate() {
        let piece = match result {
            PieceResult::Done(piece) if starts[k] == next => piece,
            PieceResult::Failed(err) if starts[k] == next => return Err(err),
            // A wrong guess, or a piece that gave up: read it again from the
            // true boundary, without a limit.
            _ => match ctx.read(next, stop(k), body.len()) {
                PieceResult::Done(piece) => piece,
                PieceResult::Failed(err) => return Err(err),
                // Cannot happen: reading up to the end of the text cuts
                // nothing; reported as too large rather than panicking.
                PieceResult::Abandoned => return Err(RowsError::TooManyRows),
            },
        };
        next = piece.end;
        for mut row in piece.rows {
            row.number = row.number.checked_add(rows_before).ok_or(RowsError::TooManyRows)?;
            rows.push(row);
        }
        let mut piece_issues = piece.issues;
        for issue in &mut piece_issues.issues {
            issue.provenance.row = issue.provenance.row.saturating_add(rows_before);
        }
        issues.absorb(piece_issues);
        rows_before = rows_before.checked_add(piece.records).ok_or(RowsError::TooManyRows)?;
    }
    while rows.last().is_some_and(|row| row.cells.iter().all(Cell::is_blank)) {
        rows.pop();
    }
    let (issues, overflow) = issues.finish();
    Ok(Parsed { rows, issues, overflow })
}

/// 0, then the byte after the first line end every `segment_bytes`.
fn guessed_starts(body: &str, segment_bytes: usize) -> Vec<usize> {
    let bytes = body.as_bytes();
    let mut starts = vec![0];
    let mut at = segment_bytes;
    while at < bytes.len() {
        let Some(i) = bytes[at..].iter().position(|&b| b == b'\n' || b == b'\r') else { break };
        let mut start = at + i + 1;
        if bytes[start - 1] == b'\r' && bytes.get(start) == Some(&b'\n') {
            start += 1;
        }
        if start >= bytes.len() {
            break;
        }
        starts.push(start);
        at = start.saturating_add(segment_bytes);
    }
    starts
}

/// Rows of one piece, numbered from 1 within it.
struct Piece {
    /// Where the next record starts: a true record boundary when the piece
    /// started on one.
    end: usize,
    /// Records read, blank lines included: the row numbers the piece used.
    records: u32,
    rows: Vec<RawRow>,
    issues: IssueLog,
}

enum PieceResult {
    Done(Piece),
    /// A record ran past the reading limit: read again without one.
    Abandoned,
    Failed(RowsError),
}

/// What every piece shares.
struct PieceContext<'a> {
    body: &'a str,
    delimiter: u8,
    has_nul: bool,
    meta: &'a SheetMeta,
    progress: &'a Progress<'a>,
}

impl PieceContext<'_> {
    /// Records starting at `start` and before `stop`, reading no byte at or
    /// past `limit`.
    fn read(&self, start: usize, stop: usize, limit: usize) -> PieceResult {
        let mut limit = limit.min(self.body.len());
        while !self.body.is_char_boundary(limit) {
            limit -= 1;
        }
        let text = &self.body[start..limit.max(start)];
        let last_piece = limit == self.body.len();
        let stop = stop.saturating_sub(start);
        let mut tok = Tokenizer::new(text, self.delimiter);
        let mut rec = Record::default();
        let mut rows: Vec<RawRow> = Vec::new();
        let mut issues = IssueLog::default();
        let mut records: u32 = 0;
        let mut reported = 0;
        while tok.position() < stop {
            match tok.next_record(&mut rec) {
                Ok(true) => {}
                Ok(false) => break,
                Err(_) if !last_piece => return PieceResult::Abandoned,
                Err(Unterminated { quote_at }) => {
                    let quote_at = start + quote_at;
                    return PieceResult::Failed(RowsError::Unterminated(Unterminated { quote_at }));
                }
            }
            // A record that ends where the text was cut may go on past it.
            if tok.position() == text.len() && !last_piece {
                return PieceResult::Abandoned;
            }
            let Some(number) = records.checked_add(1) else {
                return PieceResult::Failed(RowsError::TooManyRows);
            };
            records = number;
            if records.is_multiple_of(PROGRESS_EVERY) {
                self.progress.advance(tok.position() - reported);
                reported = tok.position();
            }
            if let Some(cells) = self.cells(text, &rec, number, &mut issues) {
                rows.push(RawRow { number, cells });
            }
        }
        self.progress.advance(tok.position() - reported);
        PieceResult::Done(Piece { end: start + tok.position(), records, rows, issues })
    }

    /// The cells of a record, without trailing empty cells; `None` when
    /// there is no value at all.
    fn cells(
        &self,
        text: &str,
        rec: &Record,
        number: u32,
        issues: &mut IssueLog,
    ) -> Option<Vec<Cell>> {
        let last = (0..rec.fields.len()).rposition(|i| !is_null(rec.get(text, i)))?;
        let mut cells = Vec::with_capacity(last + 1);
        for (i, field) in rec.fields[..=last].iter().enumerate() {
            let value = rec.get(text, i);
            if let Some(malformed) = field.malformed {
                issues.push(self.meta, number, i, IssueKind::MalformedQuoting, || match malformed {
                    Malformed::BackslashEscape => format!(
                        "backslash-escaped quote (\\\") read as a quote in {:?}; the file does not \
                         double its quotes as CSV should, check the value",
                        preview(value)
                    ),
                    Malformed::TextAfterQuote => format!(
                        "text after a closing quote kept as part of the value {:?}; a quote inside \
                         a quoted value should be doubled, check the value",
                        preview(value)
                    ),
                });
            }
            let cell = if is_null(value) {
                Cell::Empty
            } else if self.has_nul && value.contains('\0') {
                let cleaned = value.replace('\0', "");
                issues.push(self.meta, number, i, IssueKind::NulByte, || {
                    "NUL byte removed from the value (a binary or badly exported file)".to_string()
                });
                if cleaned.is_empty() { Cell::Empty } else { Cell::text(cleaned) }
            } else {
                Cell::text(value)
            };
            cells.push(cell);
        }
        // A cell that held only NUL bytes is empty once they are removed.
        while cells.last() == Some(&Cell::Empty) {
            cells.pop();
        }
        (!cells.is_empty()).then_some(cells)
    }
}

/// An empty field, or the `\N` null marker of MySQL and PostgreSQL dumps.
fn is_null(value: &str) -> bool {
    value.is_empty() || value == "\\N"
}

/// The start of a value for a message.
fn preview(value: &str) -> String {
    match value.char_indices().nth(60) {
        Some((end, _)) => format!("{}…", &value[..end]),
        None => value.to_string(),
    }
}

/// Issues with a cap per kind.
#[derive(Default)]
struct IssueLog {
    issues: Vec<Issue>,
    /// Issues seen so far, listed or not, by kind (a handful of kinds).
    seen: Vec<(IssueKind, usize)>,
}

impl IssueLog {
    fn push(
        &mut self,
        meta: &SheetMeta,
        row: u32,
        pos: usize,
        kind: IssueKind,
        message: impl FnOnce() -> String,
    ) {
        let seen = self.seen(kind);
        *seen += 1;
        if *seen <= MAX_ISSUES_PER_KIND {
            self.issues.push(Issue::new(meta.provenance(row, pos as u32), kind, message()));
        }
    }

    /// How many issues of `kind` were seen, listed or not.
    fn seen(&mut self, kind: IssueKind) -> &mut usize {
        let i = match self.seen.iter().position(|(k, _)| *k == kind) {
            Some(i) => i,
            None => {
                self.seen.push((kind, 0));
                self.seen.len() - 1
            }
        };
        &mut self.seen[i].1
    }

    /// Append the issues of the next segment in order, keeping the cap.
    fn absorb(&mut self, other: IssueLog) {
        let mut unlisted = other.seen;
        for issue in other.issues {
            if let Some((_, n)) = unlisted.iter_mut().find(|(k, _)| *k == issue.kind) {
                *n = n.saturating_sub(1);
            }
            let seen = self.seen(issue.kind);
            *seen += 1;
            if *seen <= MAX_ISSUES_PER_KIND {
                self.issues.push(issue);
            }
        }
        for (kind, n) in unlisted {
            *self.seen(kind) += n;
        }
    }

    fn finish(self) -> (Vec<Issue>, Vec<String>) {
        let notes = self
            .seen
            .into_iter()
            .filter(|(_, n)| *n > MAX_ISSUES_PER_KIND)
            .map(|(kind, n)| {
                let more = n - MAX_ISSUES_PER_KIND;
                format!("{more} more {kind} issues not listed (first {MAX_ISSUES_PER_KIND} listed)")
            })
            .collect();
        (self.issues, notes)
    }
}

/// One issue for text that is damaged (U+FFFD characters, whether already in
/// the file or from bytes we could not decode) or decoded by a doubtful
/// guess, pointing at the first cell concerned.
fn damaged_text_issue(
    decoded: &Decoded,
    body: &str,
    body_start: usize,
    rows: &[RawRow],
    meta: &mut SheetMeta,
    issues: &mut Vec<Issue>,
) {
    if body.contains('\u{FFFD}') {
        let message = if decoded.malformed {
            format!(
                "bytes that are not valid {} were replaced by � here; check the file's encoding and \
                 set `encoding` in a [[mapping]] for this file",
                decoded.encoding.name()
            )
        } else {
            "the text already contains U+FFFD replacement characters (�): it was damaged by a wrong \
             encoding conversion before this file was written, and the original characters are lost"
                .to_string()
        };
        if !decoded.malformed {
            meta.notes.push(
                "contains U+FFFD replacement characters (�): text damaged before this file was \
                 written"
                    .into(),
            );
        }
        if let Some((row, pos, _)) = first_cell_with(rows, |s| s.contains('\u{FFFD}')) {
            issues.push(Issue::new(
                meta.provenance(row, pos as u32),
                IssueKind::ReplacementCharacters,
                message,
            ));
        }
    }
    if let Some(at) = decoded.doubtful_at.and_then(|at| at.checked_sub(body_start)) {
        let suspicious = body[at..].chars().next().unwrap_or('\u{FFFD}');
        if let Some((row, pos, value)) = first_cell_with(rows, |s| s.contains(suspicious)) {
            let value = preview(value);
            issues.push(Issue::new(
                meta.provenance(row, pos as u32),
                IssueKind::EncodingGuess,
                format!(
                    "the file is not UTF-8 and was read as windows-1252, but the text looks wrong \
                     ({value:?}); set `encoding` in a [[mapping]] for this file (for example \
                     iso-8859-7 for Greek, windows-1251 for Cyrillic)"
                ),
            ));
        }
    }
}

/// The first cell (row number, position, text) whose text matches.
fn first_cell_with(rows: &[RawRow], matches: impl Fn(&str) -> bool) -> Option<(u32, usize, &str)> {
    rows.iter().find_map(|row| {
        row.cells.iter().enumerate().find_map(|(pos, cell)| match cell {
            Cell::Text(s) if matches(s) => Some((row.number, pos, &**s)),
            _ => None,
        })
    })
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use proptest::prelude::*;

    use super::*;

    fn read_with(bytes: &[u8], settings: &SheetOverride) -> Result<RawSheet, IngestError> {
        let path = Path::new("test.csv");
        read_bytes(path, bytes.to_vec(), Arc::from("test.csv"), settings, &ProgressBar::hidden())
    }

    fn read(bytes: &[u8]) -> RawSheet {
        read_with(bytes, &SheetOverride::default()).unwrap()
    }

    /// The rows as (number, cell texts), `Cell::Empty` as "".
    fn grid(sheet: &RawSheet) -> Vec<(u32, Vec<String>)> {
        sheet
            .rows
            .iter()
            .map(|r| (r.number, r.cells.iter().map(|c| c.to_text().into_owned()).collect()))
            .collect()
    }

    fn g(rows: &[(u32, &[&str])]) -> Vec<(u32, Vec<String>)> {
        rows.iter().map(|(n, cells)| (*n, cells.iter().map(|s| s.to_string()).collect())).collect()
    }

    fn utf16(s: &str, le: bool) -> Vec<u8> {
        let mut out = if le { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
        for unit in s.encode_utf16() {
            out.extend(if le { unit.to_le_bytes() } else { unit.to_be_bytes() });
        }
        out
    }

    #[test]
    fn rows_are_numbered_as_excel_shows_them() {
        type Grid = Vec<(u32, Vec<String>)>;
        let cases: Vec<(&str, &[u8], Grid)> = vec![
            (
                "multi-line quoted value is one row, a blank line is a row",
                b"a,b\n1,\"x\ny\nz\"\n\n3,4\n",
                g(&[(1, &["a", "b"]), (2, &["1", "x\ny\nz"]), (4, &["3", "4"])]),
            ),
            ("leading blank lines", b"\n\r\nNom\n", g(&[(3, &["Nom"])])),
            (
                "CR-only lines",
                b"a,b\r1,2\r\r3,4",
                g(&[(1, &["a", "b"]), (2, &["1", "2"]), (4, &["3", "4"])]),
            ),
            (
                "a row of empty fields is a gap",
                b"id,name\n1,A\n,,\n2,B\n",
                g(&[(1, &["id", "name"]), (2, &["1", "A"]), (4, &["2", "B"])]),
            ),
            (
                "whitespace-only rows kept inside, dropped at the end",
                "a\n \nb\n\n\u{a0};\n  \n".as_bytes(),
                g(&[(1, &["a"]), (2, &[" "]), (3, &["b"])]),
            ),
            (
                "trailing empty cells dropped",
                b"a;b;;\n;x;\n",
                g(&[(1, &["a", "b"]), (2, &["", "x"])]),
            ),
            (
                "ragged rows kept as they are",
                b"column_a,column_b,column_c\n1,27,,\"I'm too long!\"\n,\"I'm too short!\"\n",
                g(&[
                    (1, &["column_a", "column_b", "column_c"]),
                    (2, &["1", "27", "", "I'm too long!"]),
                    (3, &["", "I'm too short!"]),
                ]),
            ),
            (
                "\\N null marker",
                b"id\tname\tcity\n3\t\\N\tLyon\n",
                g(&[(1, &["id", "name", "city"]), (2, &["3", "", "Lyon"])]),
            ),
            (
                "values are not interpreted",
                b"cp;tel\n06090;06 12 34 56 78\n",
                g(&[(1, &["cp", "tel"]), (2, &["06090", "06 12 34 56 78"])]),
            ),
        ];
        for (what, bytes, want) in cases {
            let sheet = read(bytes);
            assert_eq!(grid(&sheet), want, "{what}");
            assert!(
                sheet
                    .rows
                    .iter()
                    .all(|r| r.cells.iter().all(|c| matches!(c, Cell::Empty | Cell::Text(_))))
            );
        }
    }

    #[test]
    fn encodings_and_delimiters() {
        // (description, bytes, encoding, delimiter, first row, a note containing)
        let cp1252 = b"Soci\xE9t\xE9;Montant\r\nCaf\xE9 de la Gare;12 500,00 \x80\r\n".to_vec();
        type Case =
            (&'static str, Vec<u8>, &'static str, char, Vec<&'static str>, Option<&'static str>);
        let cases: Vec<Case> = vec![
            ("UTF-8", "Société,Ville\n".into(), "UTF-8", ',', vec!["Société", "Ville"], None),
            (
                "UTF-8 BOM stripped",
                b"\xEF\xBB\xBFNom;Ville\nA;B\n".to_vec(),
                "UTF-8",
                ';',
                vec!["Nom", "Ville"],
                None,
            ),
            (
                "UTF-16LE tab",
                utf16("Nom\tVille\r\nDupont\tSaint-Étienne\r\n", true),
                "UTF-16LE",
                '\t',
                vec!["Nom", "Ville"],
                None,
            ),
            (
                "UTF-16BE comma",
                utf16("Prénom,Nom\nJean,Dupont\n", false),
                "UTF-16BE",
                ',',
                vec!["Prénom", "Nom"],
                None,
            ),
            (
                "Windows-1252",
                cp1252,
                "windows-1252",
                ';',
                vec!["Société", "Montant"],
                Some("guessed encoding windows-1252"),
            ),
            (
                "sep= hint",
                b"sep=|\nNom|Ville\n".to_vec(),
                "UTF-8",
                '|',
                vec!["Nom", "Ville"],
                Some("sep=|"),
            ),
            (
                "single column",
                b"email\na@b.fr\n".to_vec(),
                "UTF-8",
                ',',
                vec!["email"],
                Some("single column"),
            ),
        ];
        for (what, bytes, encoding, delimiter, first, note) in cases {
            let sheet = read(&bytes);
            assert_eq!(sheet.meta.encoding, Some(encoding), "{what}");
            assert_eq!(sheet.meta.delimiter, Some(delimiter), "{what}");
            assert_eq!(sheet.rows[0].number, 1, "{what}");
            assert_eq!(
                sheet.rows[0].cells,
                first.iter().map(|s| Cell::text(*s)).collect::<Vec<_>>(),
                "{what}"
            );
            if let Some(note) = note {
                assert!(
                    sheet.meta.notes.iter().any(|n| n.contains(note)),
                    "{what}: {:?}",
                    sheet.meta.notes
                );
            }
            assert_eq!(
                (sheet.meta.sheet.as_ref(), sheet.meta.format, sheet.first_col),
                ("", Format::Csv, 0)
            );
            assert!(sheet.meta.worksheet && !sheet.meta.hidden);
        }
        let sheet = read(b"Soci\xE9t\xE9;Montant\r\nCaf\xE9;12 500,00 \x80\r\n");
        assert_eq!(sheet.rows[1].cells, vec![Cell::text("Café"), Cell::text("12 500,00 €")]);
    }

    #[test]
    fn the_config_forces_encoding_and_delimiter() {
        let settings = SheetOverride {
            encoding: Some("iso-8859-7".into()),
            delimiter: Some(','),
            ..SheetOverride::default()
        };
        let sheet =
            read_with(b"id;name,x\n1;\xCB\xE5\xF9\xED\xDF\xE4\xE1\xF2,y\n", &settings).unwrap();
        assert_eq!(sheet.meta.encoding, Some("ISO-8859-7"));
        assert_eq!(sheet.meta.delimiter, Some(','));
        assert_eq!(sheet.rows[1].cells, vec![Cell::text("1;Λεωνίδας"), Cell::text("y")]);
        assert!(sheet.issues.is_empty());

        let bad = SheetOverride { encoding: Some("latin-42".into()), ..SheetOverride::default() };
        let err = read_with(b"a", &bad).unwrap_err().to_string();
        assert!(err.contains("test.csv") && err.contains("\"latin-42\""), "{err}");
        let bad = SheetOverride { delimiter: Some('"'), ..SheetOverride::default() };
        assert!(read_with(b"a", &bad).unwrap_err().to_string().contains("delimiter"));
    }

    #[test]
    fn odd_cells_are_read_and_reported() {
        let sheet = read(b"a,b,c\n\x00,2,x\x00y\n");
        assert_eq!(grid(&sheet), g(&[(1, &["a", "b", "c"]), (2, &["", "2", "xy"])]));
        let refs: Vec<_> = sheet.issues.iter().map(|i| (i.kind, i.provenance.cell_ref())).collect();
        assert_eq!(
            refs,
            vec![(IssueKind::NulByte, "A2".into()), (IssueKind::NulByte, "C2".into())]
        );

        let sheet = read(b"ID, Test\n1, \"Test line 1\"\n3, \"Test \\\" line 3\"\n");
        assert_eq!(
            grid(&sheet),
            g(&[(1, &["ID", " Test"]), (2, &["1", "Test line 1"]), (3, &["3", "Test \" line 3"])])
        );
        let refs: Vec<_> = sheet.issues.iter().map(|i| (i.kind, i.provenance.cell_ref())).collect();
        assert_eq!(refs, vec![(IssueKind::MalformedQuoting, "B3".to_string())]);

        let sheet = read("sku;title\nMI-1;L\u{FFFD}l\u{FFFD}gance\nMI-2;x\u{FFFD}\n".as_bytes());
        let refs: Vec<_> = sheet.issues.iter().map(|i| (i.kind, i.provenance.cell_ref())).collect();
        assert_eq!(refs, vec![(IssueKind::ReplacementCharacters, "B2".to_string())]);
        assert!(sheet.meta.notes.iter().any(|n| n.contains("U+FFFD")));

        let sheet = read(b"id,name\n1,\xCB\xE5\xF9\xED\xDF\xE4\xE1\xF2\n");
        let refs: Vec<_> = sheet.issues.iter().map(|i| (i.kind, i.provenance.cell_ref())).collect();
        assert_eq!(refs, vec![(IssueKind::EncodingGuess, "B2".to_string())]);
    }

    #[test]
    fn issues_are_capped_per_kind_across_segments() {
        let text = "a\n".to_string() + &"x\0\n".repeat(MAX_ISSUES_PER_KIND + 5);
        let meta = read(b"x").meta;
        let bar = ProgressBar::hidden();
        let progress = Progress { bar: &bar, file_len: 1, text_len: 1 };
        for segment in [usize::MAX, 1, 7, 64] {
            let Ok(parsed) = read_rows_in_segments(&text, b',', &meta, &progress, segment) else {
                panic!("segment {segment}: read failed");
            };
            assert_eq!(parsed.issues.len(), MAX_ISSUES_PER_KIND, "segment {segment}");
            assert_eq!(parsed.issues[0].provenance.cell_ref(), "A2", "segment {segment}");
            assert_eq!(
                parsed.overflow,
                vec![format!(
                    "5 more nul_byte issues not listed (first {MAX_ISSUES_PER_KIND} listed)"
                )]
            );
        }
    }

    #[test]
    fn multi_line_values_across_cut_points() {
        // Every cut after a line end falls inside a quoted value or not,
        // depending on the segment size: all must read like one pass.
        let mut text = String::from("id,notes,ville\n");
        for i in 0..200 {
            text.push_str(&format!(
                "{i},\"ligne 1\nligne \"\"2\"\"\r\n\n{i}, \\\"x\\\"\",Lyon\n\n"
            ));
        }
        let meta = read(b"x").meta;
        let bar = ProgressBar::hidden();
        let progress = Progress { bar: &bar, file_len: 1, text_len: 1 };
        let Ok(whole) = read_rows_in_segments(&text, b',', &meta, &progress, usize::MAX) else {
            panic!("one pass failed")
        };
        assert_eq!(whole.rows.len(), 201);
        assert_eq!(whole.rows[200].number, 400);
        assert_eq!(whole.rows[1].cells[1], Cell::text("ligne 1\nligne \"2\"\r\n\n0, \"x\""));
        for segment in [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144] {
            let Ok(pieces) = read_rows_in_segments(&text, b',', &meta, &progress, segment) else {
                panic!("segment {segment} failed")
            };
            assert_eq!(pieces.rows, whole.rows, "segment {segment}");
            assert_eq!(pieces.issues, whole.issues, "segment {segment}");
        }
    }

    #[test]
    fn issues_are_capped_per_kind() {
        let text = "a\n".to_string() + &"x\0\n".repeat(MAX_ISSUES_PER_KIND + 5);
        let sheet = read(text.as_bytes());
        assert_eq!(sheet.issues.len(), MAX_ISSUES_PER_KIND);
        assert!(
            sheet.meta.notes.iter().any(|n| n.starts_with("5 more nul_byte")),
            "{:?}",
            sheet.meta.notes
        );
    }

    #[test]
    fn unreadable_files_are_clear_errors() {
        let err = read_with(b"a,b\n1,\"ha \n\"\"ha\"\" \n", &SheetOverride::default()).unwrap_err();
        match &err {
            IngestError::Csv { line, detail, .. } => {
                assert_eq!(*line, 2);
                assert!(detail.starts_with(
                    "unterminated quoted field starting at line 2; the file is probably truncated"
                ));
            }
            other => panic!("unexpected {other:?}"),
        }
        // Line numbers count the sep= line, which is a line of the file.
        match read_with(b"sep=;\na;b\n\"open", &SheetOverride::default()).unwrap_err() {
            IngestError::Csv { line, .. } => assert_eq!(line, 3),
            other => panic!("unexpected {other:?}"),
        }
        assert!(matches!(
            read_with(b"", &SheetOverride::default()),
            Err(IngestError::Empty { .. })
        ));
        // Only a BOM or blank lines: a sheet without rows, for header
        // detection to report as empty.
        assert!(read(b"\xEF\xBB\xBF").rows.is_empty());
        assert!(read(b"\r\n\r\n;;\n").rows.is_empty());
    }

    #[test]
    fn huge_cells_and_wide_rows() {
        let big = "é".repeat(512 * 1024);
        let text = format!("id,notes\n1,\"{big}\"\n");
        let sheet = read(text.as_bytes());
        assert_eq!(sheet.rows[1].cells[1], Cell::text(big));

        let header: Vec<String> = (0..9074).map(|i| format!("c{i}")).collect();
        let text = format!("{}\r\n{}\r\n", header.join(","), vec!["1"; 9074].join(","));
        let sheet = read(text.as_bytes());
        assert_eq!(sheet.rows.len(), 2);
        assert!(sheet.rows.iter().all(|r| r.cells.len() == 9074));
    }

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/quirks/csv").join(name)
    }

    fn read_fixture(name: &str) -> RawSheet {
        let path = fixture(name);
        read_csv(&path, Arc::from(name), &SheetOverride::default(), &ProgressBar::hidden()).unwrap()
    }

    #[test]
    fn quirk_fixtures() {
        let sheet = read_fixture("excel_fr_cp1252_semicolon.csv");
        assert_eq!((sheet.meta.encoding, sheet.meta.delimiter), (Some("windows-1252"), Some(';')));
        assert_eq!(
            grid(&sheet),
            g(&[
                (1, &["Société", "Prénom", "Nom", "Téléphone", "Montant"]),
                (2, &["ACME SARL", "Aïcha", "Dupont", "06 12 34 56 78", "12 500,00 €"]),
                (3, &["Boulangerie Lefèvre", "Jérôme", "Lefèvre", "01 23 45 67 89", "3 200,50 €"]),
            ])
        );
        assert!(sheet.issues.is_empty());

        let sheet = read_fixture("utf16le_tab.txt");
        assert_eq!((sheet.meta.encoding, sheet.meta.delimiter), (Some("UTF-16LE"), Some('\t')));
        assert_eq!(
            grid(&sheet)[1],
            (2, vec!["Dupont".into(), "j.dupont@exemple.fr".into(), "Saint-Étienne".into()])
        );
        assert_eq!(sheet.rows.len(), 3);

        let sheet = read_fixture("sep_hint.csv");
        assert_eq!(sheet.meta.delimiter, Some(';'));
        assert_eq!(
            grid(&sheet),
            g(&[
                (1, &["Nom", "Montant", "Ville"]),
                (2, &["Dupont", "1,5", "Lyon"]),
                (3, &["Martin", "2,25", "Paris"])
            ])
        );

        let sheet = read_fixture("multiline_quoted.csv");
        assert_eq!(
            grid(&sheet),
            g(&[
                (1, &["Nom", "Notes", "Ville"]),
                (2, &["Dupont", "Rappeler lundi\nenvoyer devis\n\"urgent\"", "Lyon"]),
                (4, &["Martin", "ok", "Paris"]),
            ])
        );

        let sheet = read_fixture("mac_cr_newlines.csv");
        assert_eq!(
            grid(&sheet),
            g(&[(1, &["Nom", "Ville"]), (2, &["Dupont\rJean", "Lyon"]), (3, &["Martin", "Paris"])])
        );

        let sheet = read_fixture("title_rows_above_header.csv");
        assert_eq!(sheet.meta.delimiter, Some(';'));
        assert_eq!(sheet.rows[0].number, 1);
        assert_eq!(sheet.rows[1].number, 3);
        assert_eq!(sheet.rows[1].cells.len(), 4);
        assert_eq!(sheet.rows.last().map(|r| r.number), Some(6));

        let sheet = read_fixture("lenient_quotes.csv");
        assert_eq!(sheet.meta.delimiter, Some(','));
        assert_eq!(
            grid(&sheet),
            g(&[
                (1, &["ID", " Nom", " Commentaire"]),
                (2, &["1", "Dupont, Jean", "Client \"fidèle\" depuis 2019"]),
                (3, &["2", "Martin"])
            ])
        );
        assert_eq!(sheet.issues.len(), 1);
        assert_eq!(sheet.issues[0].provenance.to_string(), "lenient_quotes.csv › C2");
    }

    #[test]
    fn progress_reaches_the_file_size() {
        let bar = ProgressBar::hidden();
        let text = "a,b\n1,2\n".repeat(70_000);
        read_bytes(
            Path::new("p.csv"),
            text.clone().into_bytes(),
            Arc::from("p.csv"),
            &SheetOverride::default(),
            &bar,
        )
        .unwrap();
        assert_eq!(bar.length(), Some(text.len() as u64));
        assert_eq!(bar.position(), text.len() as u64);
    }

    /// The shared corpus, checked against MANIFEST.md at the reader level.
    /// Not in CI: `cargo test --lib ingest::csv -- --ignored corpus`.
    #[test]
    #[ignore = "needs /work/shared/corpus"]
    fn corpus_files_read_as_the_manifest_expects() {
        let dir = Path::new("/work/shared/corpus");
        let read_corpus = |name: &str| {
            read_csv(
                &dir.join(name),
                Arc::from(name),
                &SheetOverride::default(),
                &ProgressBar::hidden(),
            )
        };
        let cell = |sheet: &RawSheet, row: u32, pos: usize| -> String {
            let row = sheet.rows.iter().find(|r| r.number == row).expect("row present");
            row.cells.get(pos).map(|c| c.to_text().into_owned()).unwrap_or_default()
        };
        let kinds = |sheet: &RawSheet| -> Vec<(IssueKind, String)> {
            sheet.issues.iter().map(|i| (i.kind, i.provenance.cell_ref())).collect()
        };
        let mut seen = 0;
        for sub in ["csv", "corrupt"] {
            let mut entries: Vec<_> =
                std::fs::read_dir(dir.join(sub)).unwrap().flatten().map(|e| e.path()).collect();
            entries.sort();
            for path in entries {
                let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
                if !matches!(ext, "csv" | "tsv" | "txt") {
                    continue;
                }
                let name = format!("{sub}/{}", path.file_name().unwrap().to_string_lossy());
                let result = read_corpus(&name);
                seen += 1;
                let encoding_delim =
                    |s: &RawSheet| (s.meta.encoding.unwrap(), s.meta.delimiter.unwrap());
                match name.as_str() {
                    "csv/ExcelDataReader__csv_MOCK_DATA.csv" => {
                        let s = result.unwrap();
                        assert_eq!(encoding_delim(&s), ("UTF-8", ','));
                        assert_eq!(s.rows.len(), 1001);
                        assert!(s.rows.iter().all(|r| r.cells.len() == 6));
                        assert!(s.issues.is_empty() && s.meta.notes.is_empty());
                    }
                    "csv/csvkit__bad.csv" => {
                        let s = result.unwrap();
                        let widths: Vec<_> =
                            s.rows.iter().map(|r| (r.number, r.cells.len())).collect();
                        assert_eq!(widths, vec![(1, 3), (2, 4), (3, 2), (4, 3)]);
                    }
                    "csv/csvkit__mac_newlines.csv" => {
                        let s = result.unwrap();
                        assert_eq!(s.rows.len(), 3);
                        assert_eq!(cell(&s, 3, 0), "Once upon\ra time");
                    }
                    "csv/csvkit__null_byte.csv" => {
                        let s = result.unwrap();
                        assert_eq!(kinds(&s), vec![(IssueKind::NulByte, "A2".to_string())]);
                        assert_eq!(
                            s.rows[1].cells,
                            vec![Cell::Empty, Cell::text("2"), Cell::text("3")]
                        );
                    }
                    "csv/csvkit__test_locale.csv" => {
                        let s = result.unwrap();
                        assert_eq!(
                            (cell(&s, 2, 0), cell(&s, 2, 1)),
                            ("1,7".into(), "200.000.000".into())
                        );
                    }
                    "csv/csvspectrum__quotes_and_newlines.csv" => {
                        let s = result.unwrap();
                        assert_eq!(
                            grid(&s),
                            g(&[
                                (1, &["a", "b"]),
                                (2, &["1", "ha \n\"ha\" \nha"]),
                                (3, &["3", "4"])
                            ])
                        );
                    }
                    "csv/dataloader__insertTaskWithContactAsWhoCsv.csv" => {
                        let s = result.unwrap();
                        assert_eq!(cell(&s, 1, 1), "Who:Contact-email");
                        assert!(
                            cell(&s, 2, 1).ends_with('\u{3000}'),
                            "Unicode spaces kept for normalize"
                        );
                    }
                    "csv/frictionless__accent.csv" => {
                        let s = result.unwrap();
                        assert_eq!(encoding_delim(&s), ("UTF-8", ';'));
                        assert_eq!(cell(&s, 2, 6), "06090");
                        assert_eq!(cell(&s, 1, 14), "accessibilité");
                    }
                    "csv/frictionless__duplicate-headers.csv" => {
                        let s = result.unwrap();
                        assert_eq!(grid(&s)[0].1, vec!["id", "name", "id", "age", "id"]);
                    }
                    "csv/frictionless__escaping.csv" => {
                        let s = result.unwrap();
                        assert_eq!(
                            grid(&s),
                            g(&[
                                (1, &["ID", " Test"]),
                                (2, &["1", "Test line 1"]),
                                (3, &["2", "Test \" line 2"]),
                                (4, &["3", "Test \" line 3"])
                            ])
                        );
                        assert_eq!(
                            kinds(&s),
                            vec![(IssueKind::MalformedQuoting, "B4".to_string())]
                        );
                    }
                    "csv/frictionless__structure-errors.csv" => {
                        let s = result.unwrap();
                        let widths: Vec<_> =
                            s.rows.iter().map(|r| (r.number, r.cells.len())).collect();
                        assert_eq!(widths, vec![(1, 3), (2, 3), (3, 3), (5, 6)]);
                    }
                    "csv/frictionless__table-infer-iso-8859-7.csv" => {
                        let s = result.unwrap();
                        assert_eq!(encoding_delim(&s), ("windows-1252", ','));
                        assert!(kinds(&s).iter().any(|(k, _)| *k == IssueKind::EncodingGuess));
                        assert!(s.meta.notes.iter().any(|n| n.contains("does not look right")));
                    }
                    "csv/frictionless__table-with-accents.csv" => {
                        let s = result.unwrap();
                        assert_eq!(encoding_delim(&s), ("windows-1252", ';'));
                        assert_eq!(cell(&s, 1, 3), "Année");
                        assert_eq!(cell(&s, 2, 4), "0,611553068");
                        assert_eq!(s.rows.len(), 639);
                        assert!(s.issues.is_empty());
                    }
                    "csv/frictionless__table.tsv" => {
                        let s = result.unwrap();
                        assert_eq!(encoding_delim(&s), ("UTF-8", '\t'));
                        assert_eq!(
                            grid(&s),
                            g(&[
                                (1, &["id", "name"]),
                                (2, &["1", "english"]),
                                (3, &["2", "中国人"]),
                                (4, &["3"])
                            ])
                        );
                    }
                    "csv/frictionless__wide.csv" => {
                        let s = result.unwrap();
                        assert_eq!(s.rows.len(), 4);
                        assert_eq!(s.rows[0].cells.len(), 9074);
                    }
                    "csv/messytables__excel_pasting.csv" => {
                        let s = result.unwrap();
                        assert_eq!(encoding_delim(&s), ("UTF-8", ','));
                        assert_eq!(
                            s.rows.iter().map(|r| r.number).take(3).collect::<Vec<_>>(),
                            vec![1, 2, 4]
                        );
                        assert_eq!(
                            (cell(&s, 4, 0), cell(&s, 5, 1)),
                            ("Year".into(), "2,666".into())
                        );
                    }
                    "csv/messytables__utf-16le_encoded.csv" => {
                        let s = result.unwrap();
                        assert_eq!(encoding_delim(&s), ("UTF-16LE", ','));
                        assert_eq!(cell(&s, 1, 0), "Organisation_code");
                        assert!(s.issues.is_empty());
                    }
                    "csv/messytables__weird_head_padding.csv" => {
                        let s = result.unwrap();
                        assert_eq!(encoding_delim(&s), ("UTF-8", ';'));
                        assert_eq!(
                            (cell(&s, 12, 0), cell(&s, 12, 1), cell(&s, 12, 9)),
                            (String::new(), "1985".into(), "2010".into())
                        );
                        assert_eq!(cell(&s, 7, 1), "Deutschland");
                    }
                    "csv/qsv__spendover25kdownloadSep.csv" => {
                        let s = result.unwrap();
                        assert_eq!(cell(&s, 1, 0), "Department");
                        assert_eq!(cell(&s, 1, 7), " Amount in Sterling ");
                        assert_eq!(cell(&s, 2, 7), " 27,275.25 ");
                    }
                    "csv/roo__iso_8859_1.csv" => {
                        let s = result.unwrap();
                        assert_eq!(encoding_delim(&s), ("UTF-8", ';'));
                        assert_eq!(s.rows[0].cells.len(), 8, "trailing empty header cells dropped");
                        assert_eq!(cell(&s, 2, 4), "Miramar; cuir blanc");
                        assert_eq!(
                            kinds(&s),
                            vec![(IssueKind::ReplacementCharacters, "G2".to_string())]
                        );
                    }
                    "corrupt/derived__quotes_and_newlines-truncated.csv" => {
                        let err = result.unwrap_err().to_string();
                        assert!(
                            err.contains("unterminated quoted field starting at line 2"),
                            "{err}"
                        );
                    }
                    "corrupt/frictionless__empty.csv" => {
                        assert!(matches!(result, Err(IngestError::Empty { .. })));
                    }
                    _ => {
                        let s = result.unwrap();
                        assert!(!s.rows.is_empty(), "{name}");
                    }
                }
            }
        }
        assert!(seen >= 23, "read {seen} files");
    }

    /// Timing on a large generated file, for the performance budget:
    /// `CRMRECON_CSV_BENCH=/tmp/big.csv cargo test --release --lib
    /// ingest::csv::tests::bench -- --ignored --nocapture`.
    #[test]
    #[ignore = "needs a large file named by CRMRECON_CSV_BENCH"]
    fn bench_read() {
        let Ok(paths) = std::env::var("CRMRECON_CSV_BENCH") else { return };
        for path in paths.split(':') {
            let start = std::time::Instant::now();
            let sheet = read_csv(
                Path::new(path),
                Arc::from(path),
                &SheetOverride::default(),
                &ProgressBar::hidden(),
            )
            .unwrap();
            let cells: usize = sheet.rows.iter().map(|r| r.cells.len()).sum();
            println!(
                "{path}: {} rows, {cells} cells, {} issues, {:?} {:?}, {:.3}s",
                sheet.rows.len(),
                sheet.issues.len(),
                sheet.meta.encoding,
                sheet.meta.delimiter,
                start.elapsed().as_secs_f64()
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Whatever the bytes, reading returns rows or an error, never a
        /// panic, and rows stay in ascending order.
        #[test]
        fn never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("fuzz.csv");
            std::fs::write(&path, &bytes).unwrap();
            if let Ok(sheet) = read_csv(&path, Arc::from("fuzz.csv"), &SheetOverride::default(), &ProgressBar::hidden()) {
                prop_assert!(sheet.rows.windows(2).all(|w| w[0].number < w[1].number));
            }
        }

        /// Reading in small parallel segments gives exactly what one pass
        /// gives: same rows, same numbers, same issues in the same order.
        #[test]
        fn segments_read_like_one_pass(text in "[aé€\"\\\\,\r\n\u{0} ]{0,300}", segment in 1usize..40) {
            let meta = read(b"x").meta;
            let bar = ProgressBar::hidden();
            let progress = Progress { bar: &bar, file_len: 1, text_len: 1 };
            let whole = read_rows_in_segments(&text, b',', &meta, &progress, usize::MAX);
            let pieces = read_rows_in_segments(&text, b',', &meta, &progress, segment);
            match (whole, pieces) {
                (Ok(a), Ok(b)) => {
                    prop_assert_eq!(a.rows, b.rows);
                    prop_assert_eq!(a.issues, b.issues);
                    prop_assert_eq!(a.overflow, b.overflow);
                }
                (Err(RowsError::Unterminated(a)), Err(RowsError::Unterminated(b))) => prop_assert_eq!(a, b),
                _ => prop_assert!(false, "one pass and segments disagree"),
            }
        }

        /// Same with text made of the characters that matter to the splitter.
        #[test]
        fn never_panics_on_csv_like_text(text in "[a\"\\\\,;\t| \r\n\u{0}é\u{FFFD}]{0,120}") {
            if let Ok(sheet) = read_with(text.as_bytes(), &SheetOverride::default()) {
                prop_assert!(sheet.rows.windows(2).all(|w| w[0].number < w[1].number));
                prop_assert!(sheet.rows.iter().all(|r| r.cells.last().is_some_and(|c| *c != Cell::Empty)));
            }
        }
    }
}
