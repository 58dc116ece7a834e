//! One file per subcommand. STUB: being written.
