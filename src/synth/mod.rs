//! A reproducible generator of realistic French/English SME data with ground
//! truth. STUB: replaced by the generator helper.
