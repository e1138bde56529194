//! Data formats other than handbook pages: telling them apart by content, and reading each with
//! its own reader into the one model (see docs/readers.md for adding one).

mod ft;

use std::path::Path;

use super::{ReadError, Reader};
use crate::model::{Format, Framework};
use crate::source::{SourceFile, Span};

/// The formats a file may be read as, said when a file is in none of them.
const KNOWN: &str = "ladder's YAML (`*.ladder.yml`), Monzo (Markdown with `topics` in its front \
                     matter), FT (YAML with `competencies`), Snowflake (JSON tracks with \
                     `milestones`)";

/// The data format `text` is written in, told from its content (and name for ladder's YAML), or
/// `None` when it is no framework format ladder knows.
pub(crate) fn sniff(path: &Path, text: &str) -> Option<Format> {
    let name = path.file_name().and_then(|name| name.to_str()).unwrap_or("");
    if name.ends_with(".ladder.yml") || name.ends_with(".ladder.yaml") {
        return Some(Format::Yaml);
    }
    match path.extension().and_then(|ext| ext.to_str()) {
        Some("json") => {
            let text = text.trim_start();
            (text.starts_with('{') && text.contains("\"milestones\"")).then_some(Format::Snowflake)
        }
        Some("yml" | "yaml") => {
            let keys = top_level_keys(text);
            let has = |key: &str| keys.contains(&key);
            // An FT job family says `competencies`; FT's first layout is a bare list of them
            // (its levels in a file beside it).
            if has("competencies") || ft::is_first_layout(text) {
                Some(Format::Ft)
            } else if has("levels") && has("name") {
                Some(Format::Yaml)
            } else {
                None
            }
        }
        Some("md") => {
            let front = front_matter(text)?;
            let keys = top_level_keys(front);
            let has = |key: &str| keys.contains(&key);
            (has("topics") || (has("yaml") && has("levels"))).then_some(Format::Monzo)
        }
        _ => None,
    }
}

/// The keys of a YAML mapping's first level: lines that start with a key and a colon.
fn top_level_keys(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|line| line.chars().next().is_some_and(|first| first.is_ascii_alphabetic()))
        .filter_map(|line| line.split_once(':').map(|(key, _)| key.trim()))
        .filter(|key| key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .collect()
}

/// The YAML between the two `---` lines that open a Markdown file, if it opens with one.
fn front_matter(text: &str) -> Option<&str> {
    let body = text.strip_prefix("---")?.trim_start_matches([' ', '\t']);
    let body = body.strip_prefix("\r\n").or_else(|| body.strip_prefix('\n'))?;
    let end = body.find("\n---").unwrap_or(body.len());
    Some(&body[..end])
}

impl Reader {
    /// Reads the data file at `path` as `format`, or as the format its content shows.
    pub(crate) fn read_data_file(
        &mut self,
        path: &Path,
        format: Option<Format>,
    ) -> Result<Vec<Framework>, Vec<ReadError>> {
        let file = self.sources.load(path).map_err(|error| vec![error.into()])?;
        let Some(format) = format.or_else(|| sniff(path, file.text())) else {
            return Err(vec![unknown_format(&file)]);
        };
        match format {
            Format::Yaml => self.read_yaml(path),
            Format::Markdown => Err(vec![ReadError::at(
                &Span::line(&file, 1),
                "`format: markdown` names a folder of level pages, not one file",
                "give the folder with `folder:` in ladder.yml, or name this file's format",
            )]),
            Format::Ft => self.read_ft(path),
            Format::Monzo | Format::Snowflake => Err(vec![ReadError::at(
                &Span::line(&file, 1),
                format!("ladder does not read the {} format yet", format.name()),
                format!("the formats ladder reads: {KNOWN}"),
            )]),
        }
    }
}

/// The diagnostic for a file given to ladder that is in no format it reads.
fn unknown_format(file: &std::sync::Arc<SourceFile>) -> ReadError {
    ReadError::at(
        &Span::line(file, 1),
        "this file is in no framework format ladder knows",
        format!(
            "ladder reads {KNOWN}; name the format with `format:` for this file in ladder.yml \
             if it is one of them"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_from_content() {
        let ft = "name: Platform\nsummary: x\nlevels:\n  - id: a\ncompetencies:\n  - id: 1\n";
        assert_eq!(sniff(Path::new("data/eng.yml"), ft), Some(Format::Ft));
        let monzo = "---\ntitle: Web\nlevels: 6\nyaml: true\ntopics:\n  - name: x\n---\nprose\n";
        assert_eq!(sniff(Path::new("web.md"), monzo), Some(Format::Monzo));
        let snowflake = "{\n  \"MOBILE\": {\"milestones\": []}\n}";
        assert_eq!(sniff(Path::new("tracks.json"), snowflake), Some(Format::Snowflake));
        let ladder = "name: Platform\nlevels:\n  - key: senior\n";
        assert_eq!(sniff(Path::new("platform.yml"), ladder), Some(Format::Yaml));
    }

    #[test]
    fn other_files_are_no_framework() {
        assert_eq!(sniff(Path::new(".gitlab-ci.yml"), "stages:\n  - test\n"), None);
        assert_eq!(sniff(Path::new("senior.md"), "---\ntitle: Senior\n---\n- item\n"), None);
        assert_eq!(sniff(Path::new("package.json"), "{\"name\": \"x\"}"), None);
        assert_eq!(sniff(Path::new("notes.md"), "no front matter"), None);
    }
}
