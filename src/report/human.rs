//! Findings for people: miette's graphical diagnostics grouped by file (each path named once,
//! above the findings written in it), then a one-line summary.

use crate::hash::TextMap;
use std::fmt;
use std::io::{self, Write};
use std::sync::{Arc, Mutex};

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, SourceCode};

use super::{Report, display_path, plural};
use crate::finding::{Finding, Severity};
use crate::source::SourceFile;

/// Renders each finding with its source lines underlined, under a header naming its file when
/// the file differs from the previous finding's, then notes and a summary.
pub fn render(report: &Report<'_>, out: &mut dyn Write, color: bool) -> io::Result<()> {
    let handler = handler(color);
    // Wrapping a text to the width is most of the time of rendering a finding, and findings
    // share their texts (a check says the same of many items): each text is wrapped once, and
    // miette is given it wrapped.
    let unwrapped = handler.clone().with_wrap_lines(false);
    // Each finding is drawn on its own, so they are drawn on every core, a batch at a time
    // (a large report is not held drawn all at once), each into its text, and written in
    // order; the threads share the texts wrapped.
    let wraps = Wraps::default();
    let draw = |finding: &Finding| {
        let mut text = String::new();
        match (!color).then(|| wraps.of(finding)).flatten() {
            Some((message, help)) => {
                let shown = InFile { message: Some(message), help, ..InFile::new(finding) };
                unwrapped.render_report(&mut text, &shown)
            }
            None => handler.render_report(&mut text, &InFile::new(finding)),
        }
        .map(|()| text)
    };
    let mut current: Option<&str> = None;
    for batch in report.findings.chunks(BATCH) {
        let drawn: Vec<Result<String, fmt::Error>> = {
            use rayon::prelude::*;
            batch.par_iter().map(draw).collect()
        };
        for (finding, text) in batch.iter().zip(drawn) {
            let path = finding.primary.path();
            if current != Some(path) {
                let header = format!("── {}", display_path(path));
                if color {
                    writeln!(out, "\u{1b}[1m{header}\u{1b}[0m\n")?;
                } else {
                    writeln!(out, "{header}\n")?;
                }
                current = Some(path);
            }
            writeln!(out, "{}", text.map_err(io::Error::other)?)?;
        }
    }
    for note in report.notes {
        writeln!(out, "note: {}: {}", note.path, note.message)?;
    }
    writeln!(out, "{}", summary(report))
}

/// How many findings are drawn at once.
const BATCH: usize = 1024;

/// The width miette wraps reports to.
const WIDTH: usize = 100;
/// The indents miette writes a help after: `help: `, then as wide in spaces.
const HELP_INDENT: (&str, &str) = ("  help: ", "        ");

/// Texts wrapped as miette would wrap them, so that miette, told not to wrap, prints the same.
struct Wraps {
    /// The indents miette writes the message after, by severity (error, warning, advice), and
    /// before its next lines.
    message_indents: [String; 3],
    rest_indent: String,
    /// Texts wrapped after each indent (the three of messages, then help's), by text; `None`
    /// when the wrapped text would not come out the same unwrapped (then miette wraps it).
    /// Shared by the threads drawing findings.
    known: [Mutex<TextMap<String, Option<Arc<str>>>>; 4],
}

impl Default for Wraps {
    fn default() -> Self {
        let characters = miette::ThemeCharacters::unicode();
        let indent = |icon: &str| format!("  {icon} ");
        Self {
            message_indents: [
                indent(&characters.error),
                indent(&characters.warning),
                indent(&characters.advice),
            ],
            rest_indent: format!("  {} ", characters.vbar),
            known: Default::default(),
        }
    }
}

impl Wraps {
    /// The finding's message and help, wrapped; `None` when miette must wrap them itself (a
    /// related place in another file is shown as a report of its own, wrapped as a whole).
    fn of(&self, finding: &Finding) -> Option<(Arc<str>, Option<Arc<str>>)> {
        if finding.related.iter().any(|related| related.span.path() != finding.primary.path()) {
            return None;
        }
        let kind = match finding.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info | Severity::Off => 2,
        };
        let message = self.wrapped(&finding.message, kind)?;
        let help = match &finding.help {
            Some(help) => Some(self.wrapped(help, 3)?),
            None => None,
        };
        Some((message, help))
    }

    /// `text` as miette prints it wrapped after indent `kind`, less the indents miette adds.
    fn wrapped(&self, text: &str, kind: usize) -> Option<Arc<str>> {
        let known = self.known.get(kind)?;
        if let Some(found) = known.lock().ok()?.get(text) {
            return found.clone();
        }
        let (first, rest) = match self.message_indents.get(kind) {
            Some(first) => (first.as_str(), self.rest_indent.as_str()),
            None => HELP_INDENT,
        };
        let options = textwrap::Options::new(WIDTH - 2)
            .initial_indent(first)
            .subsequent_indent(rest)
            .break_words(true);
        let filled = textwrap::fill(text, options);
        let bare: Option<Vec<&str>> = filled
            .split('\n')
            .enumerate()
            .map(|(index, line)| line.strip_prefix(if index == 0 { first } else { rest }))
            .collect();
        let found = bare
            .map(|lines| lines.join("\n"))
            .filter(|bare| unwrapped(bare, first, rest) == filled)
            .map(Arc::from);
        // Two threads may wrap the same text at once: they find the same.
        if let Ok(mut known) = known.lock() {
            known.insert(text.to_string(), found.clone());
        }
        found
    }
}

/// What miette prints for `text` with wrapping off: each line after its indent (copied from
/// miette's `GraphicalReportHandler::wrap`, which it must match).
fn unwrapped(text: &str, initial_indent: &str, subsequent_indent: &str) -> String {
    let mut result = String::with_capacity(2 * text.len());
    let trimmed_indent = subsequent_indent.trim_end();
    for (idx, line) in text.split_terminator('\n').enumerate() {
        if idx > 0 {
            result.push('\n');
        }
        if idx == 0 {
            if line.trim().is_empty() {
                result.push_str(initial_indent.trim_end());
            } else {
                result.push_str(initial_indent);
            }
        } else if line.trim().is_empty() {
            result.push_str(trimmed_indent);
        } else {
            result.push_str(subsequent_indent);
        }
        result.push_str(line);
    }
    if text.ends_with('\n') {
        result.push('\n');
    }
    result
}

/// A miette handler with or without colour.
pub fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    GraphicalReportHandler::new_themed(theme).with_width(WIDTH).with_context_lines(1)
}

/// One line: what was read and what was found, by check.
pub fn summary(report: &Report<'_>) -> String {
    let totals = report.totals;
    let read = format!(
        "{}, {}, {}",
        plural(totals.frameworks, "framework"),
        plural(totals.levels, "level"),
        plural(totals.items, "item")
    );
    if report.findings.is_empty() {
        return format!("ladder: {read}: no findings");
    }
    let by_check: Vec<String> =
        report.counts_by_check().iter().map(|(id, count)| format!("{id} {count}")).collect();
    format!("ladder: {read}: {}: {}", counts(report), by_check.join(", "))
}

/// `3 findings (1 error, 2 warnings, 0 info)`.
pub fn counts(report: &Report<'_>) -> String {
    format!(
        "{} ({}, {}, {})",
        plural(report.findings.len(), "finding"),
        plural(report.count(Severity::Error), "error"),
        plural(report.count(Severity::Warning), "warning"),
        plural(report.count(Severity::Info), "info"),
    )
}

/// A finding shown under its file's header: its snippet names the line and column only, since
/// the header above names the file. Places in other files keep their paths.
#[derive(Debug)]
struct InFile<'a> {
    finding: &'a Finding,
    source: Unnamed<'a>,
    /// The message wrapped already, when it is.
    message: Option<Arc<str>>,
    /// The help wrapped already, when it is.
    help: Option<Arc<str>>,
}

impl<'a> InFile<'a> {
    fn new(finding: &'a Finding) -> Self {
        Self { finding, source: Unnamed(&finding.primary.file), message: None, help: None }
    }
}

impl fmt::Display for InFile<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.message {
            Some(message) => f.write_str(message),
            None => fmt::Display::fmt(self.finding, f),
        }
    }
}

impl std::error::Error for InFile<'_> {}

impl Diagnostic for InFile<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.finding.code()
    }

    fn severity(&self) -> Option<miette::Severity> {
        self.finding.severity()
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        match &self.help {
            Some(help) => Some(Box::new(help)),
            None => self.finding.help(),
        }
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.finding.labels()
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        self.finding.related()
    }
}

/// A file's text without its name, so that miette's snippet header gives only line and column.
#[derive(Debug)]
struct Unnamed<'a>(&'a SourceFile);

impl SourceCode for Unnamed<'_> {
    fn read_span<'b>(
        &'b self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'b> + 'b>, miette::MietteError> {
        Ok(Box::new(self.0.read_span_near(span, context_lines_before, context_lines_after)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    #[test]
    fn texts_wrapped_once_render_as_miette_wraps_them() -> Result<(), fmt::Error> {
        let file = Arc::new(SourceFile::new("a.md", "- Leads design reviews.\n- Ships.\n"));
        let long = "a higher level should reach at least as wide as the one below: widen the \
                    item to the organization or beyond, or link it to https://example.com/a-b-c \
                    x-y-z/long-path-with-hyphens-and-more-hyphens-than-fit-on-one-line-at-all";
        let texts = [
            "short",
            long,
            "two\nlines",
            "trailing  ",
            "blank\n\nline",
            "tab\tin it",
            "ünïcödé wörds ぁぃぅぇぉかきくけこさしすせそたちつてとなにぬねのはひふへほ 全角の文字",
        ];
        let (handler, unwrapped) = (handler(false), handler(false).with_wrap_lines(false));
        let wraps = Wraps::default();
        let mut same = 0;
        for (message, help) in texts.iter().flat_map(|m| texts.iter().map(move |h| (m, h))) {
            for severity in [Severity::Error, Severity::Warning, Severity::Info] {
                let finding = Finding::new("x", severity, Span::new(&file, 2..7), *message)
                    .label("here")
                    .help(*help);
                let mut wrapped = String::new();
                handler.render_report(&mut wrapped, &InFile::new(&finding))?;
                if let Some((message, help)) = wraps.of(&finding) {
                    let shown = InFile { message: Some(message), help, ..InFile::new(&finding) };
                    let mut text = String::new();
                    unwrapped.render_report(&mut text, &shown)?;
                    assert_eq!(text, wrapped);
                    same += 1;
                }
            }
        }
        assert!(same > 100, "{same}");
        Ok(())
    }
}
