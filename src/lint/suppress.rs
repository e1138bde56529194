//! Suppressions a reviewer can audit: `allow=` on an item, and `disable-next-line`,
//! `disable-next-block` and `disable-file` comments, each naming the checks it silences and (by
//! default, required) why. A suppression that names no check, gives no reason, or silences
//! nothing is itself a finding of the `suppression` check.

use std::collections::BTreeMap;

use crate::hash::{TextMap, TextSet};
use std::sync::{Arc, LazyLock};

use regex::Regex;

use super::Context;
use crate::finding::{Finding, Severity};
use crate::source::{SourceFile, Span};

/// A `<!-- ladder: ... -->` comment and what it says.
static COMMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<!--\s*ladder:(.*?)-->").expect("static regex"));

/// Where a suppression applies.
#[derive(Debug)]
enum Scope {
    /// `allow=` on the item at this span (applied by the reader, per framework).
    Item(Option<Span>),
    /// Lines `from..=to` of the comment's file.
    Lines(usize, usize),
    /// The comment's whole file.
    File,
}

/// One suppression comment.
#[derive(Debug)]
struct Suppression {
    scope: Scope,
    ids: Vec<String>,
    reason: Option<String>,
    /// The comment.
    span: Span,
    used: bool,
}

impl Suppression {
    /// Whether it names the check of finding id `id`.
    fn names(&self, id: &str) -> bool {
        self.ids.iter().any(|named| covers(named, id))
    }
}

/// Whether the suppression id `named` covers finding id `id`: `all`, the id, or its check.
fn covers(named: &str, id: &str) -> bool {
    named == "all"
        || id == named
        || id.strip_prefix(named).is_some_and(|rest| rest.starts_with('/'))
}

/// Drops the findings that `disable-*` comments silence, and adds the findings about the
/// suppressions themselves. `silenced` are the findings `allow=` dropped, for telling which
/// `allow=` comments were used.
pub fn apply(
    context: &Context<'_>,
    comments: Comments,
    findings: &mut Vec<Finding>,
    silenced: &[Finding],
) {
    let Comments(mut suppressions) = comments;
    // The comments of each file, so that a finding looks at its own file's only.
    let mut by_file: TextMap<String, Vec<usize>> = TextMap::default();
    for (at, suppression) in suppressions.iter().enumerate() {
        by_file.entry(suppression.span.path().to_string()).or_default().push(at);
    }
    findings.retain(|finding| {
        let Some(here) = by_file.get(finding.primary.path()) else { return true };
        if super::is_input_error(finding) {
            return true;
        }
        let line = finding.primary.line;
        let mut silenced = false;
        for &at in here {
            let suppression = &mut suppressions[at];
            let applies = match suppression.scope {
                Scope::Item(_) => false,
                Scope::Lines(from, to) => (from..=to).contains(&line),
                Scope::File => true,
            };
            if applies && suppression.names(&finding.id) {
                suppression.used = true;
                silenced = true;
            }
        }
        !silenced
    });
    for suppression in &mut suppressions {
        if let Scope::Item(Some(item)) = &suppression.scope {
            suppression.used = silenced
                .iter()
                .any(|finding| finding.primary == *item && suppression.names(&finding.id));
        }
    }
    if let Some(settings) = context.rules.check("suppression")
        && settings.severity != Severity::Off
    {
        let require_reason = settings.require_reason.unwrap_or(true);
        findings.extend(audit(context, &suppressions, settings.severity, require_reason));
    }
}

/// The findings about suppressions: unknown checks, missing reasons, unused ones.
fn audit(
    context: &Context<'_>,
    suppressions: &[Suppression],
    severity: Severity,
    require_reason: bool,
) -> Vec<Finding> {
    let known: TextSet<&str> = super::checks::ALL
        .iter()
        .map(|check| check.id)
        .chain(context.rules.declarative.iter().map(|rule| rule.id.as_str()))
        .collect();
    let is_known = |id: &str| id == "all" || known.contains(id.split('/').next().unwrap_or(id));
    let mut findings = Vec::new();
    for suppression in suppressions {
        let at = |id: &str, message: String| {
            Finding::new(id, severity, suppression.span.clone(), message).label("this suppression")
        };
        let unknown: Vec<&String> = suppression.ids.iter().filter(|id| !is_known(id)).collect();
        for id in &unknown {
            findings.push(
                at("suppression/unknown-check", format!("`{id}` names no check or rule")).help(
                    "`ladder explain` lists the checks; rules are the ids of rules/lint/*.yml",
                ),
            );
        }
        if suppression.ids.is_empty() {
            findings.push(
                at("suppression/unknown-check", "the suppression names no check".into()).help(
                    "name the checks it silences: `disable-next-line verbatim-copy reason=\"…\"`",
                ),
            );
        }
        if require_reason
            && suppression.reason.as_deref().is_none_or(|reason| reason.trim().is_empty())
        {
            findings.push(
                at("suppression/no-reason", "suppression without a reason".into())
                    .help("say why, for the reviewer: add `reason=\"…\"` to the comment"),
            );
        }
        if unknown.is_empty() && !suppression.ids.is_empty() && !suppression.used {
            let ids = suppression.ids.join(", ");
            findings.push(
                at("suppression/unused", format!("suppression of {ids} silences nothing"))
                    .help("remove it: what it silenced is fixed or never was there"),
            );
        }
    }
    findings
}

/// The suppression comments of a workspace, found by [`collect`] (while the checks run).
pub struct Comments(Vec<Suppression>);

/// Every suppression comment of the files the frameworks were read from.
pub fn collect(context: &Context<'_>) -> Comments {
    Comments(comments(context))
}

/// Every suppression comment of the files the frameworks were read from.
fn comments(context: &Context<'_>) -> Vec<Suppression> {
    // Files by path, each with the spans of the items written in it (and their ranges, to add
    // each once in time linear in the items: a level may hold thousands).
    type Written = (Arc<SourceFile>, Vec<Span>, TextSet<std::ops::Range<usize>>);
    let mut files: BTreeMap<String, Written> = BTreeMap::new();
    for level in context.workspace.frameworks.iter().flat_map(|framework| &framework.levels) {
        if let Some(page) = &level.page {
            files
                .entry(page.span.path().to_string())
                .or_insert_with(|| (page.span.file.clone(), Vec::new(), TextSet::default()));
        }
        for found in level.items() {
            let origin = &found.item.origin;
            let entry = files
                .entry(origin.path().to_string())
                .or_insert_with(|| (origin.file.clone(), Vec::new(), TextSet::default()));
            if entry.2.insert(origin.range.clone()) {
                entry.1.push(origin.clone());
            }
        }
    }
    let mut suppressions = Vec::new();
    for (file, items, _) in files.values() {
        for found in COMMENT.captures_iter(file.text()) {
            let (Some(whole), Some(inner)) = (found.get(0), found.get(1)) else { continue };
            let span = Span::new(file, whole.range());
            if let Some(suppression) = parse(inner.as_str(), span, file, items) {
                suppressions.push(suppression);
            }
        }
    }
    suppressions
}

/// The suppression a comment's text makes, if it makes one.
fn parse(inner: &str, span: Span, file: &SourceFile, items: &[Span]) -> Option<Suppression> {
    let words = crate::read::annotation_words(inner);
    let reason = words.iter().find_map(|word| word.strip_prefix("reason=")).map(str::to_string);
    let listed = |words: &[String]| -> Vec<String> {
        words
            .iter()
            .filter(|word| !word.contains('='))
            .flat_map(|word| word.split(','))
            .filter(|id| !id.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (scope, ids) = match words.first().map(String::as_str) {
        Some("disable-file") => (Scope::File, listed(&words[1..])),
        Some(kind @ ("disable-next-line" | "disable-next-block")) => {
            let (from, to) = next_lines(file, span.range.end, kind == "disable-next-block");
            (Scope::Lines(from, to), listed(&words[1..]))
        }
        _ => {
            let allowed = words.iter().find_map(|word| word.strip_prefix("allow="))?;
            let ids = allowed.split(',').filter(|id| !id.is_empty()).map(str::to_string).collect();
            let item = items
                .iter()
                .filter(|item| item.range.end <= span.range.start)
                .filter(|item| !file.text()[item.range.end..span.range.start].contains("\n\n"))
                .max_by_key(|item| item.range.end)
                .cloned();
            (Scope::Item(item), ids)
        }
    };
    Some(Suppression { scope, ids, reason, span, used: false })
}

/// The line after the comment ending at `end` that holds text, and the last line of its block
/// (up to a blank line) when `block`.
fn next_lines(file: &SourceFile, end: usize, block: bool) -> (usize, usize) {
    let text = file.text();
    let line_of = |offset: usize| 1 + text[..offset].matches('\n').count();
    let rest = &text[end..];
    let after_comment = rest.find('\n').map_or(text.len(), |newline| end + newline + 1);
    let mut first = None;
    let mut last = None;
    let mut offset = after_comment;
    for line in text[after_comment..].split_inclusive('\n') {
        let blank = line.trim().is_empty();
        match first {
            None if !blank => {
                first = Some(line_of(offset));
                last = first;
                if !block {
                    break;
                }
            }
            Some(_) if blank => break,
            Some(_) => last = Some(line_of(offset)),
            None => {}
        }
        offset += line.len();
    }
    let first = first.unwrap_or(usize::MAX);
    (first, last.unwrap_or(first))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_line_and_next_block_skip_blank_lines() {
        let file = SourceFile::new("a.md", "<!-- c -->\n\n- one\n- two\n\n- three\n");
        assert_eq!(next_lines(&file, 10, false), (3, 3));
        assert_eq!(next_lines(&file, 10, true), (3, 4));
    }

    #[test]
    fn a_check_covers_its_sub_ids_only() {
        assert!(covers("structure", "structure/missing-section"));
        assert!(!covers("style", "style-guide"));
        assert!(covers("all", "values/missing"));
    }
}
