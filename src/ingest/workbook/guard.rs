//! Keep calamine's failures inside the reader: panics on damaged files
//! become [`IngestError::Corrupt`], and its error values become the
//! [`IngestError`] a person can act on (password, too large, truncated…).
//!
//! Panics are caught with `catch_unwind` (the release profile keeps
//! `panic = "unwind"`). A process-wide panic hook, installed once, stays
//! quiet while the current thread is inside [`guard`] and defers to the
//! previous hook otherwise, so a damaged file prints one clear error
//! instead of a backtrace, and panics elsewhere still print as usual.

use std::cell::Cell as StdCell;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::Once;

use crate::ingest::{Format, IngestError};

thread_local! {
    static INSIDE_GUARD: StdCell<bool> = const { StdCell::new(false) };
}

static QUIET_HOOK: Once = Once::new();

fn install_quiet_hook() {
    QUIET_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !INSIDE_GUARD.with(StdCell::get) {
                previous(info);
            }
        }));
    });
}

/// Run `f` (which calls calamine); a panic becomes a corrupt-file error.
pub fn guard<T>(path: &Path, format: Format, f: impl FnOnce() -> T) -> Result<T, IngestError> {
    install_quiet_hook();
    let was_inside = INSIDE_GUARD.with(|g| g.replace(true));
    // AssertUnwindSafe: on a panic, everything `f` touched (the calamine
    // reader, partial sheets) is dropped; nothing half-updated escapes.
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    INSIDE_GUARD.with(|g| g.set(was_inside));
    result.map_err(|payload| {
        let message = panic_message(payload.as_ref());
        IngestError::Corrupt {
            path: path.to_path_buf(),
            format: format.as_str(),
            detail: format!("the {} reader failed on damaged data: {message}", format.as_str()),
        }
    })
}

/// Turn a calamine error into the error a person can act on.
pub(super) fn map_error(
    path: &Path,
    format: Format,
    sheet: Option<&str>,
    error: &calamine::Error,
) -> IngestError {
    use calamine::{Error, OdsError, XlsError, XlsbError, XlsxError};
    let path_buf = path.to_path_buf();
    let in_sheet = |detail: String| match sheet {
        Some(name) => format!("sheet {name:?}: {detail}"),
        None => detail,
    };
    let corrupt = |detail: String| IngestError::Corrupt {
        path: path.to_path_buf(),
        format: format.as_str(),
        detail: in_sheet(detail),
    };
    let io = |e: &std::io::Error| {
        if e.kind() == std::io::ErrorKind::UnexpectedEof {
            IngestError::Truncated {
                path: path.to_path_buf(),
                detail: in_sheet(format!("unexpected end of file: {e}")),
            }
        } else {
            IngestError::Io {
                path: path.to_path_buf(),
                source: std::io::Error::new(e.kind(), e.to_string()),
            }
        }
    };
    let zip = |e: &dyn std::fmt::Display| {
        let text = e.to_string();
        if text.contains("EOCD") || text.to_ascii_lowercase().contains("end of central directory") {
            IngestError::Truncated {
                path: path.to_path_buf(),
                detail: "zip end-of-central-directory not found".into(),
            }
        } else {
            corrupt(format!("damaged zip container: {text}"))
        }
    };
    match error {
        Error::Xlsx(XlsxError::Password)
        | Error::Xls(XlsError::Password)
        | Error::Xlsb(XlsbError::Password)
        | Error::Ods(OdsError::Password) => IngestError::PasswordProtected { path: path_buf },
        Error::Ods(OdsError::CellLimitExceeded { requested, max }) => IngestError::TooLarge {
            path: path_buf,
            detail: in_sheet(format!(
                "the sheet declares {requested} cells, more than the {max} a reader accepts"
            )),
        },
        Error::Io(e)
        | Error::Xlsx(XlsxError::Io(e))
        | Error::Xls(XlsError::Io(e))
        | Error::Xlsb(XlsbError::Io(e))
        | Error::Ods(OdsError::Io(e)) => io(e),
        Error::Xlsx(XlsxError::Zip(e))
        | Error::Xlsb(XlsbError::Zip(e))
        | Error::Ods(OdsError::Zip(e)) => zip(e),
        Error::Xls(XlsError::Cfb(e)) => corrupt(format!("compound file damaged: {e}")),
        Error::Xlsx(e) => corrupt(e.to_string()),
        Error::Xls(e) => corrupt(e.to_string()),
        Error::Xlsb(e) => corrupt(e.to_string()),
        Error::Ods(e) => corrupt(e.to_string()),
        other => corrupt(other.to_string()),
    }
}

/// The text a panic was raised with, when it has one.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_corrupt_file_error() {
        let path = Path::new("side/abîmé.xls");
        let err = guard(path, Format::Xls, || -> u32 {
            panic!("slice index starts at 114688 but ends at 114176")
        })
        .unwrap_err();
        match &err {
            IngestError::Corrupt { format: "xls", detail, .. } => {
                assert!(detail.contains("114688"), "{detail}")
            }
            other => panic!("{other:?}"),
        }
        assert!(err.to_string().starts_with("side/abîmé.xls: corrupt xls file"), "{err}");
        // The flag is reset: later code on this thread is not silenced.
        assert!(!INSIDE_GUARD.with(StdCell::get));
        assert_eq!(guard(path, Format::Xls, || 7).unwrap(), 7);
    }

    #[test]
    fn calamine_errors_map_to_what_a_person_can_act_on() {
        let path = Path::new("a.ods");
        let password = calamine::Error::Xls(calamine::XlsError::Password);
        assert!(matches!(
            map_error(path, Format::Xls, None, &password),
            IngestError::PasswordProtected { .. }
        ));
        let too_big = calamine::Error::Ods(calamine::OdsError::CellLimitExceeded {
            requested: 17_179_869_184,
            max: 100_000_000,
        });
        match map_error(path, Format::Ods, Some("Feuille1"), &too_big) {
            IngestError::TooLarge { detail, .. } => {
                assert!(detail.contains("17179869184"), "{detail}")
            }
            other => panic!("{other:?}"),
        }
        let eof =
            calamine::Error::Io(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "eof"));
        assert!(matches!(map_error(path, Format::Xlsx, None, &eof), IngestError::Truncated { .. }));
        let msg = calamine::Error::Msg("boom");
        match map_error(path, Format::Xlsx, Some("Prospects"), &msg) {
            IngestError::Corrupt { detail, .. } => assert_eq!(detail, "sheet \"Prospects\": boom"),
            other => panic!("{other:?}"),
        }
    }
}
