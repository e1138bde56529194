//! ladder: consistency checks, semantic diffs and comparisons for career frameworks kept in a
//! handbook (Markdown pages with includes, or YAML).
//!
//! Data flows one way: [`source`] -> [`read`] -> [`model`] -> [`align`] -> [`lint`] | diff |
//! compare -> [`finding`] -> [`report`]. The library never prints; `cli` is a thin layer over it.

#![warn(missing_docs)]
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod align;
pub mod cli;
pub mod compare;
pub mod config;
pub mod diff;
pub mod export;
pub mod finding;
pub mod fix;
pub mod hash;
pub mod limits;
pub mod lint;
pub mod model;
pub mod notes;
pub mod read;
pub mod report;
pub mod rules;
pub mod source;
pub mod yaml;
