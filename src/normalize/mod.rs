//! Normalize: turn raw cells into canonical, typed values (an [`Email`], an
//! E.164 [`Phone`], a company match key, an exact [`Amount`], a date, a
//! pipeline [`Stage`]) and record every problem as an issue.
//!
//! Each normalizer is a pure function from raw text (plus the column's and
//! the locale's context) to a [`Normalized`] value: the canonical value, or
//! none, and zero or more [`Problem`]s. Normalizers never see provenance:
//! `record` attaches file, sheet, row and column when it turns a table row
//! into records. Nothing is dropped: the raw text always travels beside the
//! normalized value.

pub mod amount;
pub mod company;
pub mod date;
pub mod email;
pub mod name;
pub mod next_action;
pub mod owner;
pub mod phone;
pub mod placeholder;
pub mod record;
pub mod stage;

use chrono::NaiveDate;

use crate::model::IssueKind;

pub use self::amount::Amount;
pub use self::company::CompanyName;
pub use self::email::Email;
pub use self::phone::Phone;
pub use self::stage::Stage;

/// One problem a normalizer found in a value. The caller adds provenance.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub kind: IssueKind,
    pub message: String,
}

impl Problem {
    pub fn new(kind: IssueKind, message: impl Into<String>) -> Problem {
        Problem { kind, message: message.into() }
    }
}

/// What every normalizer returns: the canonical value when there is one,
/// and every problem found on the way (a value can be both normalized and
/// flagged: `jean@gmial.com` is a valid address with a likely typo).
#[derive(Clone, Debug, PartialEq)]
pub struct Normalized<T> {
    pub value: Option<T>,
    pub problems: Vec<Problem>,
}

impl<T> Normalized<T> {
    pub fn ok(value: T) -> Normalized<T> {
        Normalized { value: Some(value), problems: Vec::new() }
    }

    pub fn none() -> Normalized<T> {
        Normalized { value: None, problems: Vec::new() }
    }

    pub fn invalid(kind: IssueKind, message: impl Into<String>) -> Normalized<T> {
        Normalized { value: None, problems: vec![Problem::new(kind, message)] }
    }

    pub fn with(mut self, kind: IssueKind, message: impl Into<String>) -> Normalized<T> {
        self.problems.push(Problem::new(kind, message));
        self
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Normalized<U> {
        Normalized { value: self.value.map(f), problems: self.problems }
    }
}

/// Day/month order for dates a column does not settle by itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateOrder {
    Auto,
    Dmy,
    Mdy,
    Ymd,
}

/// What the normalizers need from `[locale]` in the config.
#[derive(Clone, Debug, PartialEq)]
pub struct Locale {
    /// ISO 3166 alpha-2, upper case: the default region of phone numbers
    /// written without a country code.
    pub country: String,
    pub date_order: DateOrder,
    /// The reference date for "overdue" and implausible years; a parameter
    /// so that runs and tests are reproducible.
    pub today: NaiveDate,
}

impl Default for Locale {
    fn default() -> Locale {
        Locale {
            country: "FR".into(),
            date_order: DateOrder::Auto,
            today: chrono::Local::now().date_naive(),
        }
    }
}
