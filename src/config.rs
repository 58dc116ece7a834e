//! crmrecon.toml. STUB: being written.
