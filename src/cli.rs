//! Command-line arguments (clap). STUB: being written.
