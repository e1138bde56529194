//! ladder's integration tests: one binary, one module per area.

mod align;
mod checks;
mod cli;
mod support;
