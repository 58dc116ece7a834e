//! Reconcile: decide what each record is (new, duplicate, update, conflict,
//! review, invalid), build golden records, compute quality rules and KPIs.
//! Uses the matching result; never formats output.

pub mod status;
