//! The built-in checks, one module each, with a `.md` beside each that is its documentation.

mod alignment_stale;
mod escalation;
mod includes;
mod scope_regression;
mod structure;
mod style;
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
];
