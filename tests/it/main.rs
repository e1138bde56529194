//! ladder's integration tests: one binary, one module per area.

mod align;
mod attacks;
mod check_fixes;
mod checks;
mod cli;
mod compare;
mod conventions;
mod corpus_checks;
mod corpus_findings;
mod diff;
mod fix;
mod formats;
mod ft;
mod ft_history;
mod inputs;
mod log_formats;
mod merge_request;
mod notes;
mod properties;
mod reports;
mod root;
mod rules;
mod support;
mod topic_checks;
mod topics;
mod yaml;
