//! The native CLI (filled in by the CLI work).
fn main() {}
