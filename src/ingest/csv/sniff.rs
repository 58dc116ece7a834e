//! Which delimiter a file uses: Excel's `sep=` hint line, or the candidate
//! that splits the first lines most consistently.
//!
//! Each candidate is tried with the real splitter, so quoted delimiters
//! (`"2,666"`, `"Miramar; cuir blanc"`) do not count. The winner is the one
//! for which the most lines have the same number of fields: a title line
//! full of commas above a `;` table is one line against dozens (messytables
//! `weird_head_padding.csv`), and a `;` file with decimal commas has as many
//! `;` on its header line as on its data lines, but no comma in the header.

use super::tokenize::{Record, Tokenizer};

/// Delimiters a spreadsheet export uses, in the order preferred when two
/// split the sample equally well: the ones least likely to occur inside a
/// value first (a comma is also a decimal separator and a name separator).
const CANDIDATES: [u8; 4] = [b'\t', b';', b'|', b','];

/// Lines looked at; enough to get past title and note lines.
const SAMPLE_LINES: usize = 50;
/// Bytes looked at, so that a file with a few huge cells stays cheap.
const SAMPLE_BYTES: usize = 256 * 1024;

/// Excel's `sep=;` first line: the delimiter it names and the byte offset of
/// the line after it. Excel hides this line, so it is not a row.
pub(super) fn sep_hint(text: &str) -> Option<(char, usize)> {
    let line_end = text.find(['\n', '\r']).unwrap_or(text.len());
    let line = &text[..line_end];
    if !line.get(..4)?.eq_ignore_ascii_case("sep=") {
        return None;
    }
    // `sep=\t` names a tab: trim trailing blanks only after a longer value.
    let value = &line[4..];
    let value =
        if value.chars().count() == 1 { value } else { value.trim_end_matches([' ', '\t']) };
    let mut chars = value.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        // `sep=` alone or `sep=ab` is not a hint Excel understands either.
        return None;
    };
    let mut next = line_end;
    if text[next..].starts_with("\r\n") {
        next += 2;
    } else if next < text.len() {
        next += 1;
    }
    Some((c, next))
}

/// The delimiter of `text`, or `None` when no candidate occurs on any line
/// (a single-column file).
pub(super) fn sniff_delimiter(text: &str) -> Option<u8> {
    let sample = sample(text);
    let mut best: Option<(usize, usize, u8)> = None;
    for delim in CANDIDATES {
        let Some((support, fields)) = consistency(sample, delim) else { continue };
        // Strictly better only: on a tie the earlier (preferred) candidate
        // stays.
        if best.is_none_or(|(s, f, _)| (support, fields) > (s, f)) {
            best = Some((support, fields, delim));
        }
    }
    best.map(|(_, _, d)| d)
}

/// The start of `text`, cut after a line end so the last line is whole.
fn sample(text: &str) -> &str {
    if text.len() <= SAMPLE_BYTES {
        return text;
    }
    let mut end = SAMPLE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind(['\n', '\r']) {
        Some(i) => &text[..=i],
        None => &text[..end],
    }
}

/// For one candidate: how many sampled lines have the most common number of
/// fields (above one), and that number. `None` when every line is one field.
fn consistency(sample: &str, delim: u8) -> Option<(usize, usize)> {
    let mut tok = Tokenizer::new(sample, delim);
    let mut rec = Record::default();
    let mut counts: Vec<usize> = Vec::with_capacity(SAMPLE_LINES);
    // A quote still open at the end of the sample ends the sample: the
    // record was cut, not malformed.
    while counts.len() < SAMPLE_LINES && matches!(tok.next_record(&mut rec), Ok(true)) {
        if !rec.is_blank_line(sample) {
            counts.push(rec.fields.len());
        }
    }
    counts.sort_unstable();
    // The most common field count above one; ties go to the larger count.
    let mut best: Option<(usize, usize)> = None;
    for group in counts.chunk_by(|a, b| a == b) {
        let (fields, support) = (group[0], group.len());
        if fields > 1 && best.is_none_or(|(s, f)| (support, fields) >= (s, f)) {
            best = Some((support, fields));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_the_delimiter_of_real_exports() {
        let weird_head = format!(
            "\n\nAn der Versorgung teilnehmende Ärzte. Gliederungsmerkmale: Jahre, Region, Geschlecht, Teilnahmestatus{}\n\
             ****\n\nRegion:;Deutschland\nGeschlecht:;Beide\n\"\"\n;\"\";;;\n;\"1985\";\"1993\";\"2000\";\n{}",
            " ".repeat(40),
            "\"Chirurgie\";\"1\";\"2.003\";\"3\";\n".repeat(8)
        );
        let cases: Vec<(&str, String, Option<u8>)> = vec![
            ("comma", "id,first_name,email\n1,Jean,j@x.fr\n".into(), Some(b',')),
            (
                "French Excel with decimal commas",
                "Société;Montant;Remise\nACME;12 500,00 €;0,5\nDupont SA;3,50;1,25\n".into(),
                Some(b';'),
            ),
            (
                "decimal comma in the header too",
                "Nom;Montant (k€, HT)\nA;1,5\nB;2,5\n".into(),
                Some(b';'),
            ),
            ("title line with commas above a ; table", weird_head, Some(b';')),
            (
                "title row quoted, commas inside quoted numbers",
                "\"CO2 emissions, 2000 to 2007\",,,\nunits,,,\n,,,\nYear,2000,2001,2002\nTimber,\"2,666\",\"2,274\",\"1,877\"\n".into(),
                Some(b','),
            ),
            ("quoted ; inside a ; file", "a;b;c\nx;\"Miramar; cuir\";y\n".into(), Some(b';')),
            ("tab with commas in values", "Nom\tAdresse\nDupont\t1, rue de la Paix\n".into(), Some(b'\t')),
            ("pipe", "id|name|city\n1|Jean|Lyon\n2|Marie|Paris\n".into(), Some(b'|')),
            ("single column", "email\na@b.fr\nc@d.com\n".into(), None),
            ("single column of sentences", "notes\nrappeler lundi\n".into(), None),
            (
                "comma file with ; in free text",
                "id,notes\n1,rappeler; envoyer devis\n2,ok\n3,fin\n".into(),
                Some(b','),
            ),
        ];
        for (what, text, want) in cases {
            assert_eq!(sniff_delimiter(&text).map(char::from), want.map(char::from), "{what}");
        }
    }

    #[test]
    fn reads_excel_sep_hint_lines() {
        let cases: [(&str, Option<(char, usize)>); 7] = [
            ("sep=;\nNom;Prénom\n", Some((';', 6))),
            ("SEP=,\r\na,b\r\n", Some((',', 7))),
            ("sep=\t\ra\tb", Some(('\t', 6))),
            ("sep=|", Some(('|', 5))),
            ("sep=\nx", None),
            ("separator;x\n", None),
            ("Nom;Prénom\n", None),
        ];
        for (text, want) in cases {
            assert_eq!(sep_hint(text), want, "{text:?}");
        }
    }

    #[test]
    fn sample_is_cut_after_a_line_end() {
        let text = "a,b\n".repeat(SAMPLE_BYTES);
        let s = sample(&text);
        assert!(s.len() <= SAMPLE_BYTES && s.ends_with('\n'));
        assert_eq!(sniff_delimiter(&text), Some(b','));
    }
}
