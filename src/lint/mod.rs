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
    /// Whether it reads the alignment: the others run while the workspace is being aligned.
    pub reads_alignment: bool,
    /// Runs the check; findings get the severity passed in.
    pub run: fn(&Context<'_>, &CheckSettings) -> Vec<Finding>,
}

/// Runs every enabled check, drops findings silenced by `allow=` annotations and `disable-*`
/// comments, and reports the suppressions that are unknown, unexplained or unused.
pub fn lint(context: &Context<'_>) -> Vec<Finding> {
    // The checks read the model and nothing else: they run on every core, their findings
    // gathered in the order of `checks::ALL` as when they ran one after another.
    // The declarative rules run beside them, their findings after the checks', and the
    // suppression comments are gathered.
    let (found, (declared, comments)) = rayon::join(
        || run_checks(context, |_| true),
        || {
            rayon::join(
                || rules::run(&context.rules.declarative, context.workspace),
                || suppress::collect(context),
            )
        },
    );
    finish(context, found.into_iter().flatten().collect(), declared, comments)
}

/// Aligns the workspace with `align` and lints it as [`lint`] does, with the same findings: the
/// checks that do not read the alignment, the declarative rules and the gathering of suppression
/// comments run beside the aligning (whose steps leave a core idle in turn), the three that read
/// it after.
pub fn lint_aligning(
    workspace: &Workspace,
    rules: &Rules,
    align: impl FnOnce() -> Alignment + Send,
) -> (Alignment, Vec<Finding>) {
    // What the checks that run beside the aligning are shown: none of them reads it.
    let unaligned = Alignment::default();
    let beside = Context { workspace, rules, alignment: &unaligned };
    let (alignment, (early, (declared, comments))) = rayon::join(align, || {
        rayon::join(
            || run_checks(&beside, |check| !check.reads_alignment),
            || {
                rayon::join(
                    || rules::run(&rules.declarative, workspace),
                    || suppress::collect(&beside),
                )
            },
        )
    });
    let context = Context { workspace, rules, alignment: &alignment };
    let late = run_checks(&context, |check| check.reads_alignment);
    // Each check's findings in the order of `checks::ALL`: one of the two lists ran it.
    let found = early.into_iter().zip(late).flat_map(|(early, late)| early.into_iter().chain(late));
    let findings = finish(&context, found.collect(), declared, comments);
    (alignment, findings)
}

/// The findings of each check `chosen` picks that is enabled, in the order of `checks::ALL`
/// (none for the others), run on every core.
fn run_checks(context: &Context<'_>, chosen: impl Fn(&Check) -> bool + Sync) -> Vec<Vec<Finding>> {
    use rayon::prelude::*;
    checks::ALL
        .par_iter()
        .map(|check| match context.rules.check(check.id) {
            Some(settings) if settings.severity != Severity::Off && chosen(check) => {
                (check.run)(context, settings)
            }
            _ => Vec::new(),
        })
        .collect()
}

/// The checks' findings (in the order of `checks::ALL`) and the declarative rules', less those
/// silenced, with the suppressions' own findings, sorted and merged.
fn finish(
    context: &Context<'_>,
    mut findings: Vec<Finding>,
    declared: Vec<Finding>,
    comments: suppress::Comments,
) -> Vec<Finding> {
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
