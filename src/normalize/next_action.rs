//! A deal's next action, and its date when the same cell carries it
//! (`Rappeler le 12/12`). STUB: contract only, being written.

use chrono::NaiveDate;

use super::{Locale, Normalized};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextAction {
    pub text: String,
    pub date: Option<NaiveDate>,
}

pub fn normalize_next_action(raw: &str, locale: &Locale) -> Normalized<NextAction> {
    let _ = (raw, locale);
    Normalized::none()
}
