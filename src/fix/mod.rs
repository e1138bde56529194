//! `--fix`: the edits mechanical findings carry (a table-of-contents link retargeted, a final
//! period added or dropped, a malformed include shortcode rewritten with its path corrected),
//! applied to each file's text. Only the bytes of each edit's span change; edits that overlap
//! an earlier one in the same file are left for the next run.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::ops::Range;
use std::sync::Arc;

use crate::finding::{Finding, Suggestion};
use crate::source::SourceFile;

/// Finding ids whose edits are mechanical: applying them changes no meaning.
pub const FIXABLE: &[&str] = &["structure/dead-anchor", "style/final-period", "includes/malformed"];

/// One file with its edits applied.
#[derive(Debug)]
pub struct FileFix {
    /// The file as read (its path is relative to the project root).
    pub file: Arc<SourceFile>,
    /// The byte ranges of the original text that were replaced, in order, and their replacements.
    pub edits: Vec<(Range<usize>, String)>,
    /// The new text.
    pub text: String,
}

/// The fixes of `findings`, by file, and the indexes of the findings they fix.
pub fn plan(findings: &[Finding]) -> (Vec<FileFix>, Vec<usize>) {
    let mut by_file: BTreeMap<&str, Vec<(usize, &Suggestion)>> = BTreeMap::new();
    for (index, finding) in findings.iter().enumerate() {
        if !FIXABLE.contains(&finding.id.as_str()) {
            continue;
        }
        for suggestion in &finding.suggestions {
            by_file.entry(suggestion.span.path()).or_default().push((index, suggestion));
        }
    }
    let mut fixes = Vec::new();
    let mut fixed = Vec::new();
    for suggestions in by_file.into_values() {
        let (fix, indexes) = apply(suggestions);
        if let Some(fix) = fix {
            fixes.push(fix);
        }
        fixed.extend(indexes);
    }
    fixed.sort_unstable();
    fixed.dedup();
    (fixes, fixed)
}

/// One file's suggestions applied in order of position; a finding counts as fixed only when
/// every one of its edits was applied.
fn apply(mut suggestions: Vec<(usize, &Suggestion)>) -> (Option<FileFix>, Vec<usize>) {
    suggestions
        .sort_by_key(|(_, suggestion)| (suggestion.span.range.start, suggestion.span.range.end));
    let Some((_, first)) = suggestions.first() else { return (None, Vec::new()) };
    let file = first.span.file.clone();
    let original = file.text();
    let mut text = String::with_capacity(original.len());
    let mut edits = Vec::new();
    let mut skipped = Vec::new();
    let mut applied = Vec::new();
    let mut at = 0;
    for (index, suggestion) in suggestions {
        let range = suggestion.span.range.clone();
        // Overlaps an edit already made (or repeats it): left for the next run.
        if range.start < at
            || edits.last().is_some_and(|(last, _): &(Range<usize>, String)| *last == range)
        {
            skipped.push(index);
            continue;
        }
        text.push_str(&original[at..range.start]);
        text.push_str(&suggestion.replacement);
        at = range.end;
        edits.push((range, suggestion.replacement.clone()));
        applied.push(index);
    }
    text.push_str(&original[at..]);
    applied.retain(|index| !skipped.contains(index));
    if text == original {
        return (None, applied);
    }
    (Some(FileFix { file, edits, text }), applied)
}

/// Writes the fixes as one unified diff (`a/PATH`, `b/PATH`), what `--fix --dry-run` prints.
pub fn unified_diff(fixes: &[FileFix], out: &mut dyn Write) -> io::Result<()> {
    for fix in fixes {
        let path = crate::report::display_path(fix.file.path());
        let diff = similar::TextDiff::from_lines(fix.file.text(), fix.text.as_str());
        write!(
            out,
            "{}",
            diff.unified_diff()
                .context_radius(3)
                .header(&format!("a/{path}"), &format!("b/{path}"))
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::source::Span;

    #[test]
    fn only_the_spans_change_and_overlaps_wait() {
        let file = Arc::new(SourceFile::new("a.md", "- One.\n- Two\n- Three\n"));
        let finding = |range: Range<usize>, replacement: &str| {
            Finding::new(
                "style/final-period",
                Severity::Warning,
                Span::new(&file, range.clone()),
                "m",
            )
            .suggest(Span::new(&file, range), replacement)
        };
        let findings = [finding(12..12, "."), finding(20..20, "."), finding(12..12, "!")];
        let (fixes, fixed) = plan(&findings);
        assert_eq!(fixes[0].text, "- One.\n- Two.\n- Three.\n");
        assert_eq!(fixed, [0, 1]);
        let mut diff = Vec::new();
        unified_diff(&fixes, &mut diff).expect("in memory");
        let diff = String::from_utf8_lossy(&diff);
        assert!(diff.contains("--- a/a.md") && diff.contains("+- Two."), "{diff}");
    }
}
