//! The handbook's Hugo syntax in one place: include shortcodes (`{{% include "path" %}}`, or
//! `{{< include "path" >}}`), text that looks like one but does not parse, and the include-root
//! rule (paths resolve against `assets/` in the nearest folder above the page). Readers, diff and
//! lint all ask this module, so the syntax they agree on is written once.

use std::borrow::Cow;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

/// The folder, looked for above each page, that include paths resolve against.
pub const INCLUDE_ROOT: &str = "assets";

static SHORTCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\{\{[%<]\s*include\s+"([^"\n]*)"\s*[%>]\}\}"#).expect("static regex")
});
static SHORTCODE_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)\{\{[^\n{}]*?include[^\n]*?(?:\}\}|$)").expect("static regex")
});
/// The path inside a malformed shortcode: quoted, or the first word after `include`.
static WRITTEN_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"include\s*(?:"([^"\s]*)"?|'([^'\s]*)'?|([^\s"'%>}]+))"#).expect("static regex")
});

/// One well-formed include shortcode in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Include<'a> {
    /// The path as written between the quotes.
    pub target: &'a str,
    /// The whole shortcode, in bytes of the text searched.
    pub range: Range<usize>,
}

/// Every well-formed include shortcode in `text`, in order: where [`SHORTCODE`] matches, found
/// by hand (every page of every commit of a walk is searched, and a match of the pattern with
/// its capture costs more than the rest of the search).
pub fn includes(text: &str) -> impl Iterator<Item = Include<'_>> {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(found) = text.get(from..).and_then(|rest| rest.find("{{")) {
            let start = from + found;
            if let Some(include) = include_at(text, start) {
                from = include.range.end;
                return Some(include);
            }
            // `{{{%`: the shortcode may start at the next brace.
            from = start + 1;
        }
        None
    })
}

/// The include shortcode starting at byte `start` of `text` (at a `{{`), if one does: the
/// pattern has one way to match from a given start (each `\s*` or `\s+` is followed by what no
/// white space is, the quoted path ends at the first quote), taken here step by step.
fn include_at(text: &str, start: usize) -> Option<Include<'_>> {
    // `\s` is Unicode's White_Space, as `char::is_whitespace`.
    let spaces = |at: usize| -> usize {
        let rest = text.get(at..).unwrap_or("");
        rest.len() - rest.trim_start().len()
    };
    let bytes = text.as_bytes();
    let mut at = start + 2;
    if !matches!(bytes.get(at), Some(b'%' | b'<')) {
        return None;
    }
    at += 1;
    at += spaces(at);
    if !text.get(at..)?.starts_with("include") {
        return None;
    }
    at += "include".len();
    let gap = spaces(at);
    if gap == 0 || bytes.get(at + gap) != Some(&b'"') {
        return None;
    }
    let target_start = at + gap + 1;
    let length = bytes.get(target_start..)?.iter().position(|&b| b == b'"' || b == b'\n')?;
    let target_end = target_start + length;
    if bytes.get(target_end) != Some(&b'"') {
        return None;
    }
    at = target_end + 1;
    at += spaces(at);
    if !matches!(bytes.get(at), Some(b'%' | b'>')) || bytes.get(at + 1..at + 3) != Some(b"}}") {
        return None;
    }
    let target = text.get(target_start..target_end)?;
    Some(Include { target, range: start..at + 3 })
}

/// Text in `text` that starts like an include shortcode but is none of the well-formed ones
/// (a missing quote, a wrong delimiter, no closing `%}}`), as byte ranges.
pub fn malformed(text: &str) -> Vec<Range<usize>> {
    let covered: Vec<Range<usize>> = includes(text).map(|include| include.range).collect();
    malformed_outside(text, &covered)
}

/// [`malformed`] of `text` whose well-formed include shortcodes are at `covered`.
pub fn malformed_outside(text: &str, covered: &[Range<usize>]) -> Vec<Range<usize>> {
    let is_covered = |at: usize| covered.iter().any(|good| good.start <= at && at < good.end);
    // Shortcode-like text starts with `{{`: with every `{{` inside a well-formed include (a
    // page's include lines), nothing is malformed, and the pattern need not run.
    let bytes = text.as_bytes();
    let open = |at: usize| bytes.get(at + 1) == Some(&b'{');
    if text.match_indices('{').all(|(at, _)| !open(at) || is_covered(at)) {
        return Vec::new();
    }
    SHORTCODE_LIKE
        .find_iter(text)
        .filter(|like| !is_covered(like.start()))
        .map(|like| like.range())
        .collect()
}

/// `text` with every well-formed include shortcode removed.
pub fn without_includes(text: &str) -> Cow<'_, str> {
    SHORTCODE.replace_all(text, "")
}

/// The include path a malformed shortcode was meant to name, if one can be read from it.
pub fn intended_target(malformed: &str) -> Option<&str> {
    let found = WRITTEN_PATH.captures(malformed)?;
    let path = found.get(1).or(found.get(2)).or(found.get(3))?.as_str().trim();
    (!path.is_empty()).then_some(path)
}

/// The shortcode as it should be written for `target`.
pub fn write_include(target: &str) -> String {
    format!("{{{{% include \"{target}\" %}}}}")
}

/// The include roots a page may use, nearest first: `assets/` in the page's folder and in each
/// folder above it (a relative path ends with `./assets`, written `assets`). The reader takes the
/// first that exists, unless an include root is given or configured.
pub fn include_root_candidates(page: &Path) -> Vec<PathBuf> {
    let mut candidates = Vec::new();
    let mut current = Some(page.parent().unwrap_or(Path::new(".")));
    while let Some(dir) = current {
        candidates.push(crate::source::normalize_path(&dir.join(INCLUDE_ROOT)));
        // A relative path's last parent is empty: look in `.` too, then stop.
        current = match dir.parent() {
            _ if dir == Path::new(".") => None,
            Some(parent) if parent.as_os_str().is_empty() => Some(Path::new(".")),
            other => other,
        };
    }
    candidates.dedup();
    candidates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_delimiters_are_includes() {
        let text = "{{% include \"a.md\" %}} and {{< include \"b.md\" >}}";
        let targets: Vec<&str> = includes(text).map(|include| include.target).collect();
        assert_eq!(targets, ["a.md", "b.md"]);
        assert!(malformed(text).is_empty());
    }

    #[test]
    fn a_wrong_delimiter_or_missing_quotes_is_malformed() {
        for text in ["{{$ include \"a.md\" %}}", "{{% include a.md %}}", "{{% include \"a.md\""] {
            assert_eq!(malformed(text), vec![Range { start: 0, end: text.len() }], "{text}");
        }
    }

    /// The include shortcodes of `text` as the pattern finds them.
    fn includes_by_pattern(text: &str) -> Vec<Include<'_>> {
        SHORTCODE
            .captures_iter(text)
            .filter_map(|found| {
                let (whole, target) = (found.get(0)?, found.get(1)?);
                Some(Include { target: target.as_str(), range: whole.range() })
            })
            .collect()
    }

    #[test]
    fn includes_are_found_where_the_pattern_finds_them() {
        for text in [
            "{{% include \"a.md\" %}}",
            "{{{< include \"a.md\" >}}}",
            "{{%\n include\t\"a b.md\"\u{a0}%}}",
            "{{% include\"a.md\" %}}",
            "{{% include \"a\nb.md\" %}}",
            "{{% include \"a.md\" %} {{< include \"b.md\" >}}",
            "{{% include \"é.md\" >}}{{% include \"\" %}}",
            "{{% includes \"a.md\" %}}",
            "{{% include \"a.md",
        ] {
            assert_eq!(includes(text).collect::<Vec<_>>(), includes_by_pattern(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn includes_are_what_the_pattern_finds(
            text in r#"(\{\{|[{}%<>"]|include|[ \t\n\u{a0}\u{2003}]|a\.md|é){0,24}"#
        ) {
            proptest::prop_assert_eq!(includes(&text).collect::<Vec<_>>(), includes_by_pattern(&text));
        }
    }

    /// `malformed` as the pattern alone finds it, without the look for `{{` first.
    fn malformed_by_pattern(text: &str) -> Vec<Range<usize>> {
        let covered: Vec<Range<usize>> = includes(text).map(|include| include.range).collect();
        SHORTCODE_LIKE
            .find_iter(text)
            .filter(|like| {
                !covered.iter().any(|good| good.start <= like.start() && like.start() < good.end)
            })
            .map(|like| like.range())
            .collect()
    }

    #[test]
    fn shortcodes_within_or_beside_good_ones_are_found_as_by_the_pattern() {
        for text in [
            "{{{% include \"a.md\" %}}",
            "{{% include \"a{{.md\" %}}",
            "{{% include \"a.md\" %}}{{ include",
            "x {{< include \"b.md\" >}} {{% include b.md %}}",
            "{{% include \"a.md\" %}}}",
            "{{{{ include }}",
        ] {
            assert_eq!(malformed(text), malformed_by_pattern(text), "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn malformed_is_what_the_pattern_finds(text in r#"[{}%<> "include.md\n]{0,40}"#) {
            proptest::prop_assert_eq!(malformed(&text), malformed_by_pattern(&text));
        }
    }

    #[test]
    fn the_intended_path_is_read_from_a_malformed_shortcode() {
        assert_eq!(intended_target("{{$ include \"includes/a.md\" %}}"), Some("includes/a.md"));
        assert_eq!(intended_target("{{% include includes/a.md %}}"), Some("includes/a.md"));
        assert_eq!(intended_target("{{% include \"includes/a.md %}}"), Some("includes/a.md"));
        assert_eq!(intended_target("{{% include %}}"), None);
    }

    #[test]
    fn removing_includes_keeps_the_rest() {
        assert_eq!(without_includes("x {{% include \"a.md\" %}} y"), "x  y");
    }

    #[test]
    fn include_roots_climb_to_the_top() {
        let found = include_root_candidates(Path::new("content/team/senior.md"));
        let expected = ["content/team/assets", "content/assets", "assets"].map(PathBuf::from);
        assert_eq!(found, expected);
        let found = include_root_candidates(Path::new("/abs/senior.md"));
        assert_eq!(found, ["/abs/assets", "/assets"].map(PathBuf::from));
    }
}
