//! A source file's text with its line index, and spans that point into it.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// One file's text at one revision, with the byte offset of each line start.
pub struct SourceFile {
    path: String,
    /// Shared by the same text under other paths ([`SourceFile::renamed`]).
    text: Arc<str>,
    line_starts: Arc<[usize]>,
    /// Whether the text holds a `\r` (miette then counts lines its own way).
    has_carriage_return: bool,
}

impl SourceFile {
    /// A source named `path` (as shown to people) holding `text`.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let text: String = text.into();
        // Room for lines of a few dozen bytes, so that the index seldom grows as it is found.
        let mut line_starts = Vec::with_capacity(1 + text.len() / 32);
        line_starts.push(0);
        // A word or more at a time: most of a file's bytes are no line break.
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|offset| offset + 1));
        let line_starts = line_starts.into();
        let has_carriage_return = memchr::memchr(b'\r', text.as_bytes()).is_some();
        Self { path: path.into(), text: text.into(), line_starts, has_carriage_return }
    }

    /// The same text under another path (a file copied to another folder).
    pub fn renamed(&self, path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            text: self.text.clone(),
            line_starts: self.line_starts.clone(),
            has_carriage_return: self.has_carriage_return,
        }
    }

    /// Where each line starts (the first at 0; one past a final line break when the text ends
    /// with one).
    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// The path as shown to people.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset).max(1);
        let start = self.line_starts[line - 1];
        let column = self.text.get(start..offset).map_or(1, |prefix| prefix.chars().count() + 1);
        (line, column)
    }

    /// Byte offset of the start of a 1-based line (the end of the text past the last line).
    pub fn line_offset(&self, line: usize) -> usize {
        self.line_starts.get(line.saturating_sub(1)).copied().unwrap_or(self.text.len())
    }
}

impl fmt::Debug for SourceFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SourceFile").field("path", &self.path).finish_non_exhaustive()
    }
}

impl SourceFile {
    /// What miette's `read_span` gives for the whole text, found in the few lines around the
    /// span: miette counts lines from the start of the text for every snippet, which for many
    /// findings in long pages is most of the time of rendering them.
    pub fn read_span_near(
        &self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<miette::MietteSpanContents<'_>, miette::MietteError> {
        use miette::SourceCode;
        let whole = || -> Result<miette::MietteSpanContents<'_>, miette::MietteError> {
            let contents =
                self.text.as_bytes().read_span(span, context_lines_before, context_lines_after)?;
            Ok(miette::MietteSpanContents::new(
                contents.data(),
                *contents.span(),
                contents.line(),
                contents.column(),
                contents.line_count(),
            ))
        };
        // A lone carriage return ends a line for miette, not for the line index.
        if self.has_carriage_return {
            return whole();
        }
        // Whole lines from a few before the span's first to a few after its last: miette reads
        // them as it would the whole text, with line numbers counted from the window's start.
        const MARGIN: usize = 2;
        let end = span.offset() + span.len();
        let first = self.line_starts.partition_point(|&start| start <= span.offset()).max(1) - 1;
        let last = self.line_starts.partition_point(|&start| start <= end).max(1) - 1;
        let Some(first) = first.checked_sub(context_lines_before + MARGIN) else { return whole() };
        let window_start = self.line_starts[first];
        let window_end = self
            .line_starts
            .get(last + context_lines_after + MARGIN + 1)
            .copied()
            .unwrap_or(self.text.len());
        let window = &self.text.as_bytes()[window_start..window_end];
        let inner: miette::SourceSpan = (span.offset() - window_start, span.len()).into();
        let contents = window.read_span(&inner, context_lines_before, context_lines_after)?;
        Ok(miette::MietteSpanContents::new(
            contents.data(),
            (contents.span().offset() + window_start, contents.span().len()).into(),
            contents.line() + first,
            contents.column(),
            contents.line_count() + first,
        ))
    }
}

impl miette::SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        use miette::SpanContents;
        let contents = self.read_span_near(span, context_lines_before, context_lines_after)?;
        // The snippet's header names the file as every report does.
        Ok(Box::new(miette::MietteSpanContents::new_named(
            crate::report::display_path(&self.path),
            contents.data(),
            *contents.span(),
            contents.line(),
            contents.column(),
            contents.line_count(),
        )))
    }
}

/// A byte range in one source file, with its 1-based line and column.
#[derive(Clone)]
pub struct Span {
    /// The file the range points into.
    pub file: Arc<SourceFile>,
    /// Byte range in the file's text.
    pub range: Range<usize>,
    /// 1-based line of the range start.
    pub line: usize,
    /// 1-based column (in characters) of the range start.
    pub column: usize,
}

impl Span {
    /// A span over `range` of `file`; the range is clamped to the text.
    pub fn new(file: &Arc<SourceFile>, range: Range<usize>) -> Self {
        let end = range.end.min(file.text().len());
        let start = range.start.min(end);
        let (line, column) = file.line_column(start);
        Self { file: file.clone(), range: start..end, line, column }
    }

    /// A span over a whole 1-based line, without its line break.
    pub fn line(file: &Arc<SourceFile>, line: usize) -> Self {
        let start = file.line_offset(line);
        let end = file.text()[start..].find('\n').map_or(file.text().len(), |end| start + end);
        Self::new(file, start..end)
    }

    /// The path of the file, as shown to people.
    pub fn path(&self) -> &str {
        self.file.path()
    }

    /// The text the span covers.
    pub fn text(&self) -> &str {
        self.file.text().get(self.range.clone()).unwrap_or("")
    }

    /// The span in miette's terms.
    pub fn source_span(&self) -> miette::SourceSpan {
        (self.range.start, self.range.len()).into()
    }
}

impl PartialEq for Span {
    fn eq(&self, other: &Self) -> bool {
        // The same file is most often the same `Arc`: no need to compare the paths then.
        self.range == other.range
            && (Arc::ptr_eq(&self.file, &other.file) || self.file.path() == other.file.path())
    }
}

impl Eq for Span {}

impl std::hash::Hash for Span {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.file.path().hash(state);
        self.range.hash(state);
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path(), self.line, self.column)
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path(), self.line, self.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let file = Arc::new(SourceFile::new("a.md", "one\nçé two\n"));
        let span = Span::new(&file, 9..12);
        assert_eq!((span.line, span.column), (2, 4));
        assert_eq!(span.text(), "two");
    }

    #[test]
    fn snippets_read_near_the_span_are_those_of_the_whole_text() {
        use miette::{SourceCode, SpanContents};
        let text: String = (0..40).map(|n| format!("line {n} {}\n", "x".repeat(n % 7))).collect();
        let file = SourceFile::new("a.md", text.clone());
        let summary = |contents: &dyn SpanContents<'_>| {
            let span = *contents.span();
            let data = contents.data().to_vec();
            (data, span, contents.line(), contents.column(), contents.line_count())
        };
        for start in (0..text.len()).step_by(3) {
            for len in [0, 1, 5, 40] {
                for context in [0, 1, 2] {
                    let span: miette::SourceSpan = (start, len).into();
                    let whole = text.as_bytes().read_span(&span, context, context);
                    let near = file.read_span_near(&span, context, context);
                    match (whole, near) {
                        (Ok(whole), Ok(near)) => {
                            assert_eq!(summary(whole.as_ref()), summary(&near), "{start} {len}");
                        }
                        (whole, near) => assert_eq!(whole.is_ok(), near.is_ok(), "{start} {len}"),
                    }
                }
            }
        }
    }

    #[test]
    fn whole_line_span_excludes_line_break() {
        let file = Arc::new(SourceFile::new("a.md", "one\ntwo\n"));
        assert_eq!(Span::line(&file, 2).text(), "two");
    }
}
