//! Cutting decoded text into records and fields, the way a spreadsheet
//! program opens a CSV file, with the repairs real files need.
//!
//! This is a small hand-written splitter rather than the `csv` crate, whose
//! RFC 4180 reader is the reference it is tested against (see the tests). We
//! need four things `csv::Reader` does not give:
//!
//! - one record per line terminator, blank lines included, with `\r`, `\n`
//!   and `\r\n` all ending a line, so record counts are the row numbers Excel
//!   shows (the `csv` crate skips blank lines and counts only `\n`);
//! - an error for a quote left open at the end of the file instead of
//!   silently taking the rest of the file as one cell;
//! - a quote after spaces (`1, "Smith, John"`) opening a quoted field, which
//!   needs to know about the quote before splitting on the comma inside it;
//! - backslash-escaped quotes (`"Test \" line 3"`) read as quotes rather than
//!   ending the field, which needs to know where each field's quotes were.
//!
//! Fields are byte ranges into the text (or into a scratch buffer when
//! unquoting changed them): records are reused, so splitting allocates
//! nothing per field. Every position the splitter stops at is an ASCII byte,
//! so every range is on a character boundary.

/// Why a field is not well-formed RFC 4180.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Malformed {
    /// `\"` inside a quoted field, read as a quote.
    BackslashEscape,
    /// Text after a closing quote (`"abc"def`), kept as Excel does.
    TextAfterQuote,
}

/// One field of a record: a range into the text, or into the record's
/// scratch buffer when unquoting changed it.
#[derive(Clone, Copy, Debug)]
pub(super) struct Field {
    start: usize,
    end: usize,
    in_scratch: bool,
    pub malformed: Option<Malformed>,
}

/// A reusable record.
#[derive(Debug, Default)]
pub(super) struct Record {
    pub fields: Vec<Field>,
    scratch: String,
    /// Byte offset of the record's first byte in the text.
    pub start: usize,
}

impl Record {
    /// The text of field `i`.
    pub fn get<'a>(&'a self, text: &'a str, i: usize) -> &'a str {
        let f = &self.fields[i];
        if f.in_scratch { &self.scratch[f.start..f.end] } else { &text[f.start..f.end] }
    }

    /// A blank line: one empty field.
    pub fn is_blank_line(&self, text: &str) -> bool {
        self.fields.len() == 1 && self.get(text, 0).is_empty()
    }

    fn clear(&mut self, start: usize) {
        self.fields.clear();
        self.scratch.clear();
        self.start = start;
    }
}

/// A quote opened at byte `quote_at` is never closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Unterminated {
    pub quote_at: usize,
}

/// Splits `text` into records, one line (or quoted multi-line record) at a
/// time.
pub(super) struct Tokenizer<'t> {
    text: &'t str,
    pos: usize,
    delim: u8,
}

impl<'t> Tokenizer<'t> {
    /// `delim` must be an ASCII byte other than `"`, `\r` and `\n`.
    pub fn new(text: &'t str, delim: u8) -> Tokenizer<'t> {
        debug_assert!(delim.is_ascii() && !matches!(delim, b'"' | b'\r' | b'\n'));
        Tokenizer { text, pos: 0, delim }
    }

    /// Byte offset of the next record.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Read the next record into `rec`. Returns `Ok(false)` at the end of
    /// the text. A blank line is a record with one empty field.
    pub fn next_record(&mut self, rec: &mut Record) -> Result<bool, Unterminated> {
        let bytes = self.text.as_bytes();
        let n = bytes.len();
        rec.clear(self.pos);
        if self.pos >= n {
            return Ok(false);
        }
        loop {
            self.field(rec)?;
            if self.pos >= n {
                return Ok(true);
            }
            match bytes[self.pos] {
                b'\r' => {
                    self.pos += 1;
                    if bytes.get(self.pos) == Some(&b'\n') {
                        self.pos += 1;
                    }
                    return Ok(true);
                }
                b'\n' => {
                    self.pos += 1;
                    return Ok(true);
                }
                // The delimiter: another field follows (possibly empty).
                _ => self.pos += 1,
            }
        }
    }

    fn is_field_end(&self, i: usize) -> bool {
        match self.text.as_bytes().get(i) {
            None => true,
            Some(&b) => b == self.delim || b == b'\n' || b == b'\r',
        }
    }

    /// Parse one field starting at `self.pos`; leaves `self.pos` on the
    /// delimiter, the line terminator or the end of the text.
    fn field(&mut self, rec: &mut Record) -> Result<(), Unterminated> {
        let bytes = self.text.as_bytes();
        let n = bytes.len();
        let start = self.pos;
        // Leniency: spaces before an opening quote (`1, "Test"`) are layout,
        // as Python's `skipinitialspace` reads them.
        let mut p = start;
        if self.delim != b' ' {
            while p < n && bytes[p] == b' ' {
                p += 1;
            }
        }
        if p < n && bytes[p] == b'"' {
            return self.quoted(rec, p);
        }
        let delim = self.delim;
        let mut q = start;
        while q < n {
            let b = bytes[q];
            if b == delim || b == b'\n' || b == b'\r' {
                break;
            }
            q += 1;
        }
        rec.fields.push(Field { start, end: q, in_scratch: false, malformed: None });
        self.pos = q;
        Ok(())
    }

    /// A quoted field whose opening quote is at `open`.
    fn quoted(&mut self, rec: &mut Record, open: usize) -> Result<(), Unterminated> {
        let text = self.text;
        let bytes = text.as_bytes();
        let n = bytes.len();
        let scratch_start = rec.scratch.len();
        let mut in_scratch = false;
        let mut malformed = None;
        // `seg` is the start of the content not yet copied to the scratch
        // buffer; `q` scans ahead for a quote or a backslash.
        let mut seg = open + 1;
        let mut q = seg;
        let close = loop {
            while q < n && bytes[q] != b'"' && bytes[q] != b'\\' {
                q += 1;
            }
            if q >= n {
                return Err(Unterminated { quote_at: open });
            }
            if bytes[q] == b'\\' {
                if bytes.get(q + 1) != Some(&b'"') {
                    q += 1;
                    continue;
                }
                // `\"`: an escaped quote in backslash dialects (MySQL, PHP,
                // hand-written files), but a literal backslash before the
                // closing quote in RFC 4180 (`"C:\temp\"`). Read it as RFC
                // 4180 whenever that makes sense: the quote ends the field,
                // or it starts a doubled quote that does not itself end the
                // field. Otherwise RFC 4180 would end the field on the quote
                // and leave junk after it, or run on past the end of the
                // line: read it as an escaped quote.
                let after = q + 2;
                let rfc = self.is_field_end(after)
                    || (bytes.get(after) == Some(&b'"') && !self.is_field_end(after + 1));
                if rfc {
                    q += 1;
                } else {
                    rec.scratch.push_str(&text[seg..q]);
                    rec.scratch.push('"');
                    in_scratch = true;
                    malformed = Some(Malformed::BackslashEscape);
                    seg = q + 2;
                    q = seg;
                    continue;
                }
            }
            // bytes[q] is a quote.
            if bytes.get(q + 1) == Some(&b'"') {
                // A doubled quote stands for one quote.
                rec.scratch.push_str(&text[seg..=q]);
                in_scratch = true;
                seg = q + 2;
                q = seg;
                continue;
            }
            break q;
        };
        // Spaces after the closing quote are layout too.
        let mut p = close + 1;
        if self.delim != b' ' {
            while p < n && bytes[p] == b' ' {
                p += 1;
            }
        }
        if !self.is_field_end(p) {
            // Text after the closing quote: Excel appends it to the value, up
            // to the next delimiter (quotes in it are literal).
            let mut e = p;
            while !self.is_field_end(e) {
                e += 1;
            }
            rec.scratch.push_str(&text[seg..close]);
            rec.scratch.push_str(&text[close + 1..e]);
            in_scratch = true;
            malformed = malformed.or(Some(Malformed::TextAfterQuote));
            p = e;
            seg = close;
        }
        let field = if in_scratch {
            if seg < close {
                rec.scratch.push_str(&text[seg..close]);
            }
            Field { start: scratch_start, end: rec.scratch.len(), in_scratch: true, malformed }
        } else {
            Field { start: seg, end: close, in_scratch: false, malformed }
        };
        rec.fields.push(field);
        self.pos = p;
        Ok(())
    }
}

/// 1-based line of byte `pos`, counting `\r\n`, `\n` and a lone `\r` as one
/// line end each. For error messages only: it rescans the text.
pub(super) fn line_of(text: &str, pos: usize) -> u64 {
    let bytes = &text.as_bytes()[..pos.min(text.len())];
    let mut line = 1u64;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            line += 1;
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Every record of `text` as its fields, or the unterminated error.
    fn split(text: &str, delim: u8) -> Result<Vec<Vec<String>>, Unterminated> {
        let mut tok = Tokenizer::new(text, delim);
        let mut rec = Record::default();
        let mut out = Vec::new();
        while tok.next_record(&mut rec)? {
            out.push((0..rec.fields.len()).map(|i| rec.get(text, i).to_string()).collect());
        }
        Ok(out)
    }

    fn rows(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect()
    }

    #[test]
    fn splits_records_as_a_spreadsheet_program_does() {
        let cases: Vec<(&str, &str, u8, Vec<Vec<String>>)> = vec![
            ("simple", "a,b\n1,2\n", b',', rows(&[&["a", "b"], &["1", "2"]])),
            ("no final newline", "a,b\n1,2", b',', rows(&[&["a", "b"], &["1", "2"]])),
            ("CRLF", "a;b\r\n1;2\r\n", b';', rows(&[&["a", "b"], &["1", "2"]])),
            ("classic Mac CR", "a,b\r1,2\r", b',', rows(&[&["a", "b"], &["1", "2"]])),
            ("blank line is a record", "a\n\nb\n", b',', rows(&[&["a"], &[""], &["b"]])),
            ("blank CRLF line", "a\r\n\r\nb", b',', rows(&[&["a"], &[""], &["b"]])),
            ("empty fields", ",,\n", b',', rows(&[&["", "", ""]])),
            ("trailing delimiter", "a;b;\n", b';', rows(&[&["a", "b", ""]])),
            (
                "ragged",
                "a,b,c\n1\n1,2,3,4\n",
                b',',
                rows(&[&["a", "b", "c"], &["1"], &["1", "2", "3", "4"]]),
            ),
            (
                "quoted newline and doubled quotes",
                "a,b\n1,\"ha \n\"\"ha\"\" \nha\"\n3,4\n",
                b',',
                rows(&[&["a", "b"], &["1", "ha \n\"ha\" \nha"], &["3", "4"]]),
            ),
            ("quoted CR stays in the value", "\"a\rb\",c\r", b',', rows(&[&["a\rb", "c"]])),
            (
                "quoted delimiter",
                "\"Miramar; cuir blanc\";x\n",
                b';',
                rows(&[&["Miramar; cuir blanc", "x"]]),
            ),
            ("empty quoted", "\"\",\"\"\"\"\n", b',', rows(&[&["", "\""]])),
            ("tab", "id\tname\n3\t\\N\n", b'\t', rows(&[&["id", "name"], &["3", "\\N"]])),
            ("pipe", "a|b\n", b'|', rows(&[&["a", "b"]])),
            ("unquoted spaces kept", " a , b \n", b',', rows(&[&[" a ", " b "]])),
            ("quote inside unquoted field is literal", "5'6\",x\n", b',', rows(&[&["5'6\"", "x"]])),
            ("accents", "Société;Prénom\n", b';', rows(&[&["Société", "Prénom"]])),
            ("NBSP cells kept", "\u{a0}\u{a0};x\n", b';', rows(&[&["\u{a0}\u{a0}", "x"]])),
        ];
        for (what, text, delim, want) in cases {
            assert_eq!(split(text, delim).unwrap(), want, "{what}");
        }
    }

    #[test]
    fn lenient_quoting() {
        // (description, line, fields, malformed flags)
        type Case =
            (&'static str, &'static str, &'static [&'static str], &'static [Option<Malformed>]);
        let cases: Vec<Case> = vec![
            (
                "space before the opening quote",
                "1, \"Test line 1\"",
                &["1", "Test line 1"],
                &[None, None],
            ),
            (
                "space before a quoted comma",
                "1, \"Smith, John\"",
                &["1", "Smith, John"],
                &[None, None],
            ),
            ("space after the closing quote", "\"a\" ,b", &["a", "b"], &[None, None]),
            (
                "backslash-escaped quote",
                "3, \"Test \\\" line 3\"",
                &["3", "Test \" line 3"],
                &[None, Some(Malformed::BackslashEscape)],
            ),
            (
                "backslash quotes around a word, closing at the end",
                "\"He said \\\"hi\\\"\",x",
                &["He said \"hi\"", "x"],
                &[Some(Malformed::BackslashEscape), None],
            ),
            (
                "a backslash before the closing quote is literal",
                "\"C:\\temp\\\",x",
                &["C:\\temp\\", "x"],
                &[None, None],
            ),
            (
                "RFC doubled quote after a backslash",
                "\"a\\\"\"b\",x",
                &["a\\\"b", "x"],
                &[None, None],
            ),
            (
                "text after the closing quote",
                "\"abc\"def,x",
                &["abcdef", "x"],
                &[Some(Malformed::TextAfterQuote), None],
            ),
        ];
        for (what, line, want, flags) in cases {
            let mut tok = Tokenizer::new(line, b',');
            let mut rec = Record::default();
            assert!(tok.next_record(&mut rec).unwrap(), "{what}");
            let got: Vec<&str> = (0..rec.fields.len()).map(|i| rec.get(line, i)).collect();
            assert_eq!(got, want, "{what}");
            let got_flags: Vec<_> = rec.fields.iter().map(|f| f.malformed).collect();
            assert_eq!(got_flags, flags, "{what}");
            assert!(!tok.next_record(&mut rec).unwrap(), "{what}: one record only");
        }
    }

    #[test]
    fn an_open_quote_at_the_end_is_an_error_not_a_cell() {
        let text = "a,b\n1,\"ha \n\"\"ha\"\" \n";
        let err = split(text, b',').unwrap_err();
        assert_eq!(err.quote_at, 6);
        assert_eq!(line_of(text, err.quote_at), 2);
    }

    #[test]
    fn line_numbers_count_every_kind_of_line_end() {
        let text = "a\r\nb\rc\nd";
        assert_eq!(line_of(text, 0), 1);
        assert_eq!(line_of(text, 3), 2);
        assert_eq!(line_of(text, 5), 3);
        assert_eq!(line_of(text, 7), 4);
    }

    /// Fields as the `csv` crate writes them (quoted when needed): any
    /// characters but backslashes (whose reading is deliberately lenient)
    /// and NUL.
    fn field() -> impl Strategy<Value = String> {
        proptest::string::string_regex("[a-zé€ ,;\"\r\n\t]{0,8}").unwrap()
    }

    proptest! {
        /// On RFC 4180 input, the splitter reads what the `csv` crate wrote.
        #[test]
        fn reads_back_what_the_csv_crate_writes(
            records in proptest::collection::vec(proptest::collection::vec(field(), 1..5), 1..8)
        ) {
            let mut writer = ::csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
            for r in &records {
                writer.write_record(r).unwrap();
            }
            let bytes = writer.into_inner().unwrap();
            let text = String::from_utf8(bytes).unwrap();
            let got = split(&text, b',').unwrap();
            prop_assert_eq!(got, records);
        }

        #[test]
        fn never_panics_on_any_text(text in "(?s).{0,200}", delim in prop::sample::select(vec![b',', b';', b'\t', b'|', b' '])) {
            let _ = split(&text, delim);
        }
    }
}
