//! ladder's integration tests: one binary, one module per area.

mod checks;
mod cli;
mod diff;
mod support;
