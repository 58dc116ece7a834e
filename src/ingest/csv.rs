//! Delimited text files (CSV, TSV, TXT) read into one sheet, rows numbered as
//! Excel shows them when it opens the file.
//!
//! Three steps, one submodule each: `decode` finds the encoding and decodes
//! the whole file once; `sniff` finds the delimiter (Excel's `sep=` line, or
//! the candidate that splits the first lines most consistently); `tokenize`
//! splits records leniently. This file turns records into rows of cells and
//! reports what was odd (NUL bytes, non-standard quoting, damaged text).
//!
//! Values are not interpreted: every cell is text, `Cell::Empty` for an
//! empty field or the `\N` null marker of database dumps.

mod decode;
mod sniff;
mod tokenize;

use std::path::Path;
use std::sync::Arc;

use indicatif::ProgressBar;

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
        Detection::Bom | Detection::Shape if name.starts_with("UTF-16") => {
            if decoded.detection == Detection::Shape {
                notes.push(format!("guessed encoding {name} (no byte-order mark)"));
            }
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
    fn at(&self, text_pos: usize) {
        let pos = (u128::from(self.file_len) * text_pos as u128 / u128::from(self.text_len)) as u64;
        self.bar.set_position(pos.min(self.file_len));
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
    let mut tok = Tokenizer::new(body, delimiter);
    let mut rec = Record::default();
    let mut rows: Vec<RawRow> = Vec::new();
    let mut issues = IssueLog::default();
    // Checked once for the whole text so the common case costs nothing per
    // cell.
    let has_nul = body.as_bytes().contains(&0);
    let mut number: u32 = 0;
    while tok.next_record(&mut rec).map_err(RowsError::Unterminated)? {
        number = number.checked_add(1).ok_or(RowsError::TooManyRows)?;
        if number % PROGRESS_EVERY == 0 {
            progress.at(tok.position());
        }
        let Some(last) = (0..rec.fields.len()).rposition(|i| !is_null(rec.get(body, i))) else {
            continue;
        };
        let mut cells = Vec::with_capacity(last + 1);
        for (i, field) in rec.fields[..=last].iter().enumerate() {
            let value = rec.get(body, i);
            if let Some(malformed) = field.malformed {
                issues.push(meta, number, i, IssueKind::MalformedQuoting, || match malformed {
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
            } else if has_nul && value.contains('\0') {
                let cleaned = value.replace('\0', "");
                issues.push(meta, number, i, IssueKind::NulByte, || {
                    "NUL byte removed from the value (a binary or badly exported file)".to_string()
                });
                if cleaned.is_empty() { Cell::Empty } else { Cell::text(cleaned) }
            } else {
                Cell::text(value)
            };
            cells.push(cell);
        }
        rows.push(RawRow { number, cells });
    }
    while rows.last().is_some_and(|row| row.cells.iter().all(Cell::is_blank)) {
        rows.pop();
    }
    let (issues, overflow) = issues.finish();
    Ok(Parsed { rows, issues, overflow })
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
    /// Issues not listed, by kind.
    dropped: Vec<(IssueKind, usize)>,
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
        let listed = self.issues.iter().filter(|i| i.kind == kind).count();
        if listed < MAX_ISSUES_PER_KIND {
            self.issues.push(Issue::new(meta.provenance(row, pos as u32), kind, message()));
        } else if let Some((_, n)) = self.dropped.iter_mut().find(|(k, _)| *k == kind) {
            *n += 1;
        } else {
            self.dropped.push((kind, 1));
        }
    }

    fn finish(self) -> (Vec<Issue>, Vec<String>) {
        let notes = self
            .dropped
            .into_iter()
            .map(|(kind, n)| {
                format!("{n} more {kind} issues not listed (first {MAX_ISSUES_PER_KIND} listed)")
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
            meta.notes.push("contains U+FFFD replacement characters (�): text damaged before this file was written".into());
        }
        if let Some((row, pos)) = first_cell_with(rows, |s| s.contains('\u{FFFD}')) {
            issues.push(Issue::new(
                meta.provenance(row, pos as u32),
                IssueKind::ReplacementCharacters,
                message,
            ));
        }
    }
    if let Some(at) = decoded.doubtful_at.and_then(|at| at.checked_sub(body_start)) {
        let word: String = body[at..].chars().take_while(|c| c.is_alphabetic()).take(30).collect();
        let suspicious = body[at..].chars().next().unwrap_or('\u{FFFD}');
        if let Some((row, pos)) = first_cell_with(rows, |s| s.contains(suspicious)) {
            issues.push(Issue::new(
                meta.provenance(row, pos as u32),
                IssueKind::EncodingGuess,
                format!(
                    "the file is not UTF-8 and was read as windows-1252, but the text looks wrong \
                     ({word:?}); set `encoding` in a [[mapping]] for this file (for example \
                     iso-8859-7 for Greek, windows-1251 for Cyrillic)"
                ),
            ));
        }
    }
}

/// The first cell (row number, position) whose text matches.
fn first_cell_with(rows: &[RawRow], matches: impl Fn(&str) -> bool) -> Option<(u32, usize)> {
    rows.iter().find_map(|row| {
        row.cells
            .iter()
            .position(|c| matches!(c, Cell::Text(s) if matches(s)))
            .map(|pos| (row.number, pos))
    })
}
