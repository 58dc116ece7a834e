//! French and English header synonyms for each role.
//!
//! STUB: replaced by the header/roles helper.
