//! Formats of `ladder align`: one module per format, each rendering the same chains.

pub mod human;
pub mod json;
