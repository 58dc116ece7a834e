//! Text encoding: which encoding a CSV file is in, and its text.
//!
//! The order follows what produces real files: a byte-order mark is proof
//! (Excel's "CSV UTF-8" writes EF BB BF, its "Unicode text" writes FF FE);
//! then UTF-16 without a mark (NUL every other byte, never "ASCII with NULs");
//! then valid UTF-8, which a legacy 8-bit file almost never is by accident;
//! and last Windows-1252, what Excel writes for "CSV (séparateur :
//! point-virgule)" on a French or English Windows. That last one is a guess,
//! said so in the notes, and flagged when the decoded text does not look like
//! a Latin-script language (Greek or Cyrillic read as Windows-1252).

use encoding_rs::{CoderResult, Decoder, Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// How the encoding was decided, for notes and issues.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Detection {
    /// Set in the config.
    Forced,
    /// A byte-order mark at the start of the file.
    Bom,
    /// No mark, but the bytes decode cleanly (UTF-8) or have the shape of
    /// UTF-16 (NUL bytes in every other position).
    Shape,
    /// Not valid UTF-8, read as Windows-1252. `plausible` is false when the
    /// result does not look like text in a Latin-script language.
    Guessed { plausible: bool },
}

/// A file's text after decoding.
#[derive(Debug)]
pub(super) struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    pub detection: Detection,
    /// Malformed sequences were replaced by U+FFFD while decoding (as opposed
    /// to U+FFFD characters already present in valid UTF-8).
    pub malformed: bool,
    /// Byte offset in `text` of the first character that made the guess
    /// doubtful, to point an issue at its cell.
    pub doubtful_at: Option<usize>,
}

/// A label in the config that names no encoding.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct UnknownLabel(pub String);

/// Decode `bytes`, honouring `forced` (an encoding label such as
/// `windows-1252` or `iso-8859-7`) when set.
pub(super) fn decode(bytes: Vec<u8>, forced: Option<&str>) -> Result<Decoded, UnknownLabel> {
    if let Some(label) = forced {
        let encoding = Encoding::for_label(label.trim().as_bytes())
            .ok_or_else(|| UnknownLabel(label.to_string()))?;
        return Ok(decode_as(bytes, encoding, Detection::Forced));
    }
    let bom = Encoding::for_bom(&bytes).map(|(encoding, _)| encoding);
    if let Some(encoding) = bom {
        return Ok(decode_as(bytes, encoding, Detection::Bom));
    }
    if let Some(encoding) = utf16_shape(&bytes) {
        return Ok(decode_as(bytes, encoding, Detection::Shape));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text,
            encoding: UTF_8,
            detection: Detection::Shape,
            malformed: false,
            doubtful_at: None,
        }),
        Err(err) => {
            let bytes = err.into_bytes();
            let (text, _) = decode_chunked(&bytes, WINDOWS_1252.new_decoder_without_bom_handling());
            drop(bytes);
            let doubtful_at = implausible_latin(&text);
            Ok(Decoded {
                text,
                encoding: WINDOWS_1252,
                detection: Detection::Guessed { plausible: doubtful_at.is_none() },
                malformed: false,
                doubtful_at,
            })
        }
    }
}

/// Decode with a known encoding, removing its byte-order mark if present.
fn decode_as(mut bytes: Vec<u8>, encoding: &'static Encoding, detection: Detection) -> Decoded {
    if encoding == UTF_8 {
        // The common case avoids a copy: strip the mark in place and reuse
        // the buffer when it is valid UTF-8.
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        return match String::from_utf8(bytes) {
            Ok(text) => Decoded { text, encoding, detection, malformed: false, doubtful_at: None },
            Err(err) => {
                let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
                Decoded { text, encoding, detection, malformed: true, doubtful_at: None }
            }
        };
    }
    let (text, malformed) = decode_chunked(&bytes, encoding.new_decoder_with_bom_removal());
    Decoded { text, encoding, detection, malformed, doubtful_at: None }
}

/// Decode through a small buffer. `Encoding::decode` sizes its output for
/// the worst case (three bytes per input byte for Windows-1252) and zeroes
/// all of it, which made a 128 MB file cost 385 MB of memory; appending
/// decoded pieces keeps the memory to the size of the text.
fn decode_chunked(bytes: &[u8], mut decoder: Decoder) -> (String, bool) {
    // Most legacy text is ASCII with a few two-byte letters.
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 16);
    let mut buf = "\0".repeat(64 * 1024);
    let mut malformed = false;
    let mut rest = bytes;
    loop {
        let (result, read, written, replaced) = decoder.decode_to_str(rest, &mut buf, true);
        text.push_str(&buf[..written]);
        malformed |= replaced;
        rest = &rest[read..];
        if result == CoderResult::InputEmpty {
            return (text, malformed);
        }
    }
}

/// UTF-16 without a byte-order mark: in text that is mostly ASCII, every
/// other byte is NUL. Looks at the first 4 KiB only.
fn utf16_shape(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    // Thresholds leave room for non-Latin characters (no NUL half) while a
    // UTF-8 or 8-bit file with a stray NUL byte stays far below them.
    let mostly = |n: usize| n * 10 >= pairs * 4;
    let rarely = |n: usize| n * 20 <= pairs;
    if mostly(odd) && rarely(even) {
        Some(UTF_16LE)
    } else if mostly(even) && rarely(odd) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Whether text decoded as Windows-1252 looks wrong, and where.
///
/// In Latin-script languages (French, German, Spanish…) an accented letter
/// almost always sits next to a plain ASCII letter (`Société`, `Größe` has one
/// pair). Text in another 8-bit encoding read as Windows-1252 (Greek
/// ISO-8859-7, Cyrillic Windows-1251) turns whole words into runs of
/// accented letters (`Ëåùíßäáò`), and some bytes into C1 control characters.
/// Returns the offset of the first suspicious character when more than half
/// of the non-ASCII letters sit in such runs.
fn implausible_latin(text: &str) -> Option<usize> {
    let sample = match text.char_indices().nth(1 << 20) {
        Some((end, _)) => &text[..end],
        None => text,
    };
    let (mut letters, mut in_runs) = (0usize, 0usize);
    let mut first_suspicious = None;
    let mut prev_non_ascii_letter = false;
    for (i, c) in sample.char_indices() {
        if ('\u{80}'..='\u{9f}').contains(&c) {
            // C1 controls: bytes Windows-1252 leaves undefined. No real
            // Latin text has them.
            return Some(i);
        }
        let non_ascii_letter = !c.is_ascii() && c.is_alphabetic();
        if non_ascii_letter {
            letters += 1;
            if prev_non_ascii_letter {
                in_runs += 1;
                first_suspicious.get_or_insert(i);
            }
        }
        prev_non_ascii_letter = non_ascii_letter;
    }
    if letters >= 8 && in_runs * 2 > letters { first_suspicious } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        out.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    fn utf16be(s: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFE, 0xFF] } else { Vec::new() };
        out.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
        out
    }

    #[test]
    fn detects_the_encoding_real_exports_use() {
        // (description, bytes, expected encoding, expected detection, expected text)
        let cases: Vec<(&str, Vec<u8>, &str, Detection, &str)> = vec![
            ("plain ASCII", b"Nom;Ville\n".to_vec(), "UTF-8", Detection::Shape, "Nom;Ville\n"),
            (
                "UTF-8 without BOM",
                "Société;Prénom\n".as_bytes().to_vec(),
                "UTF-8",
                Detection::Shape,
                "Société;Prénom\n",
            ),
            (
                "Excel CSV UTF-8 (BOM stripped)",
                b"\xEF\xBB\xBFSoci\xC3\xA9t\xC3\xA9\n".to_vec(),
                "UTF-8",
                Detection::Bom,
                "Société\n",
            ),
            (
                "Excel Unicode text (UTF-16LE with BOM)",
                utf16le("Nom\tMontant\n€ 12\n", true),
                "UTF-16LE",
                Detection::Bom,
                "Nom\tMontant\n€ 12\n",
            ),
            (
                "UTF-16BE with BOM",
                utf16be("Prénom,Nom\n", true),
                "UTF-16BE",
                Detection::Bom,
                "Prénom,Nom\n",
            ),
            (
                "UTF-16LE without BOM",
                utf16le("Prénom,Nom\nJean,Dupont\n", false),
                "UTF-16LE",
                Detection::Shape,
                "Prénom,Nom\nJean,Dupont\n",
            ),
            (
                "UTF-16BE without BOM",
                utf16be("Prénom,Nom\nJean,Dupont\n", false),
                "UTF-16BE",
                Detection::Shape,
                "Prénom,Nom\nJean,Dupont\n",
            ),
            (
                "Windows-1252 French Excel export",
                b"Soci\xE9t\xE9;Montant\nA\xEFcha;12 500,00 \x80\n".to_vec(),
                "windows-1252",
                Detection::Guessed { plausible: true },
                "Société;Montant\nAïcha;12 500,00 €\n",
            ),
            (
                "a stray NUL is not UTF-16",
                b"a,b,c\n\x00,2,3\n".to_vec(),
                "UTF-8",
                Detection::Shape,
                "a,b,c\n\u{0},2,3\n",
            ),
        ];
        for (what, bytes, encoding, detection, text) in cases {
            let decoded = decode(bytes, None).unwrap();
            assert_eq!(decoded.encoding.name(), encoding, "{what}");
            assert_eq!(decoded.detection, detection, "{what}");
            assert_eq!(decoded.text, text, "{what}");
            assert!(!decoded.malformed, "{what}");
        }
    }

    #[test]
    fn greek_read_as_windows_1252_is_flagged_as_doubtful() {
        // "Λεωνίδας" in ISO-8859-7, as in frictionless table-infer-iso-8859-7.
        let bytes = b"id,name\n1,\xCB\xE5\xF9\xED\xDF\xE4\xE1\xF2\n".to_vec();
        let decoded = decode(bytes.clone(), None).unwrap();
        assert_eq!(decoded.detection, Detection::Guessed { plausible: false });
        let at = decoded.doubtful_at.unwrap();
        assert!(decoded.text[..at].starts_with("id,name\n1,"));

        let forced = decode(bytes, Some("iso-8859-7")).unwrap();
        assert_eq!(forced.detection, Detection::Forced);
        assert_eq!(forced.encoding.name(), "ISO-8859-7");
        assert_eq!(forced.text, "id,name\n1,Λεωνίδας\n");
    }

    #[test]
    fn german_and_french_stay_plausible() {
        let text = "Größe;Straße;Müller;Société générale;Hôpital;Eßer;Çà et là";
        let bytes = WINDOWS_1252.encode(text).0.into_owned();
        let decoded = decode(bytes, None).unwrap();
        assert_eq!(decoded.detection, Detection::Guessed { plausible: true }, "{}", decoded.text);
    }

    #[test]
    fn forced_labels() {
        let cases: [(&str, &[u8], &str, &str); 4] = [
            ("windows-1252", b"caf\xE9", "windows-1252", "café"),
            ("latin1", b"caf\xE9", "windows-1252", "café"),
            ("UTF-8", b"\xEF\xBB\xBFcaf\xC3\xA9", "UTF-8", "café"),
            (" utf-16le ", b"c\x00a\x00", "UTF-16LE", "ca"),
        ];
        for (label, bytes, name, text) in cases {
            let decoded = decode(bytes.to_vec(), Some(label)).unwrap();
            assert_eq!((decoded.encoding.name(), decoded.text.as_str()), (name, text), "{label}");
        }
        assert_eq!(
            decode(b"x".to_vec(), Some("klingon")).unwrap_err(),
            UnknownLabel("klingon".into())
        );
    }

    #[test]
    fn malformed_utf8_after_a_bom_is_replaced_and_reported() {
        let decoded = decode(b"\xEF\xBB\xBFcaf\xE9".to_vec(), None).unwrap();
        assert_eq!(decoded.text, "caf\u{FFFD}");
        assert!(decoded.malformed);
    }
}
