//! Linting: the built-in checks run over the model and its alignment, producing findings.

pub mod baseline;
pub mod checks;
pub mod rules;
pub mod since;
pub mod suppress;

use crate::hash::TextMap;

use crate::align::Alignment;
use crate::finding::{Finding, Severity};
use crate::model::Workspace;
use crate::rules::{CheckSettings, Rules};

/// What every check sees.
pub struct Context<'a> {
    /// The frameworks read.
    pub workspace: &'a Workspace,
    /// The rules in force.
    pub rules: &'a Rules,
    /// Links between adjacent levels.
    pub alignment: &'a Alignment,
}

/// One built-in check: its id, documentation and the function that runs it.
pub struct Check {
    /// Stable id, used in configuration, suppressions and output.
    pub id: &'static str,
    /// One line: what it checks.
    pub summary: &'static str,
    /// Its documentation (what it checks, why it matters, example), printed by `ladder explain`.
    pub doc: &'static str,
    /// Finding ids of this check that mean the input itself is broken (exit status 2).
    pub input_errors: &'static [&'static str],
    /// Runs the check; findings get the severity passed in.
    pub run: fn(&Context<'_>, &CheckSettings) -> Vec<Finding>,
}

/// Runs every enabled check, drops findings silenced by `allow=` annotations and `disable-*`
/// comments, and reports the suppressions that are unknown, unexplained or unused.
pub fn lint(context: &Context<'_>) -> Vec<Finding> {
    use rayon::prelude::*;
    // The checks read the model and nothing else: they run on every core, their findings
    // gathered in the order of `checks::ALL` as when they ran one after another.
    // The declarative rules run beside them, their findings after the checks', and the
    // suppression comments are gathered.
    let (found, (declared, comments)): (Vec<Vec<Finding>>, _) = rayon::join(
        || {
            checks::ALL
                .par_iter()
                .map(|check| match context.rules.check(check.id) {
                    Some(settings) if settings.severity != Severity::Off => {
                        (check.run)(context, settings)
                    }
                    _ => Vec::new(),
                })
                .collect()
        },
        || {
            rayon::join(
                || rules::run(&context.rules.declarative, context.workspace),
                || suppress::collect(context),
            )
        },
    );
    let mut findings: Vec<Finding> = found.into_iter().flatten().collect();
    findings.extend(declared);
    // The `allow=` lists of items by where the item is written, looked up once per finding.
    let mut silenced: TextMap<&crate::source::Span, Vec<&[String]>> = TextMap::default();
    for item in context
        .workspace
        .frameworks
        .iter()
        .flat_map(|framework| &framework.levels)
        .flat_map(|level| level.items().map(|found| found.item))
        .filter(|item| !item.allow.is_empty())
    {
        silenced.entry(&item.origin).or_default().push(item.allow.as_slice());
    }
    let mut allowed = Vec::new();
    findings.retain(|finding| {
        let silenced = silenced.get(&finding.primary).is_some_and(|lists| {
            lists
                .iter()
                .any(|ids| ids.iter().any(|id| id == "all" || finding.id.starts_with(id.as_str())))
        });
        if silenced {
            allowed.push(finding.clone());
        }
        !silenced
    });
    suppress::apply(context, comments, &mut findings, &allowed);
    findings.sort_by(|a, b| {
        (a.primary.path(), a.primary.range.start, &a.id).cmp(&(
            b.primary.path(),
            b.primary.range.start,
            &b.id,
        ))
    });
    let mut findings = merge_shared(findings);
    crate::finding::count_occurrences(&mut findings);
    findings
}

/// An include reached from many pages or frameworks gives one finding at its origin, naming
/// every framework it was found in (`matrix, development`).
fn merge_shared(findings: Vec<Finding>) -> Vec<Finding> {
    let mut kept: Vec<Finding> = Vec::with_capacity(findings.len());
    let mut seen: TextMap<(String, crate::source::Span, String), usize> = TextMap::default();
    for finding in findings {
        let key = (finding.id.clone(), finding.primary.clone(), finding.message.clone());
        match seen.get(&key) {
            Some(&at) => {
                if let (Some((known, _)), Some((framework, _))) =
                    (kept[at].context.as_mut(), finding.context.as_ref())
                    && !known.split(", ").any(|name| name == framework)
                {
                    known.push_str(", ");
                    known.push_str(framework);
                }
            }
            None => {
                seen.insert(key, kept.len());
                kept.push(finding);
            }
        }
    }
    kept
}

/// The check whose id is `id`.
pub fn check(id: &str) -> Option<&'static Check> {
    checks::ALL.iter().find(|check| check.id == id)
}

/// Whether a finding means broken input (exit status 2).
pub fn is_input_error(finding: &Finding) -> bool {
    checks::ALL.iter().any(|check| check.input_errors.contains(&finding.id.as_str()))
}
