//! The built-in checks, one module each, with a `.md` beside each that is its documentation.

mod alignment_stale;
mod cell_copy;
mod escalation;
mod foreign_navigation;
mod includes;
mod index_levels;
mod label_drift;
mod links;
mod missing_toc_entry;
mod near_duplicate;
mod proficiency_regression;
mod repeated_role;
mod scope_regression;
mod structure;
mod style;
mod suppression;
mod topic_continuity;
mod topic_late_start;
mod topics;
mod values;
mod verbatim_copy;

use super::Check;

/// Every built-in check, in the order `ladder explain` lists them.
pub const ALL: &[Check] = &[
    escalation::CHECK,
    verbatim_copy::CHECK,
    scope_regression::CHECK,
    structure::CHECK,
    includes::CHECK,
    values::CHECK,
    style::CHECK,
    alignment_stale::CHECK,
    near_duplicate::CHECK,
    missing_toc_entry::CHECK,
    foreign_navigation::CHECK,
    links::CHECK,
    repeated_role::CHECK,
    index_levels::CHECK,
    topic_continuity::CHECK,
    topic_late_start::CHECK,
    cell_copy::CHECK,
    proficiency_regression::CHECK,
    label_drift::CHECK,
    suppression::CHECK,
];
