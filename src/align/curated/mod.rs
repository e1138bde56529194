//! The curated alignment file: links between adjacent levels that maintainers decided, read
//! by `ladder lint` as explicit links, drafted by `ladder align --write` (see docs/alignment.md).

mod draft;

pub use draft::draft;

use std::sync::Arc;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::ItemIndex;
use super::pair::Fixed;
use super::similarity::{Similarity, Tokenizer};
use crate::model::{Framework, Level, Workspace, normalize};
use crate::source::{SourceFile, Span};
use crate::yaml::{YamlError, parse, span_of};

/// Similarity at or above which a reworded item is still the one an entry names.
const RECOGNISABLE: f64 = 0.65;

/// The curated alignment file could not be read.
pub type CuratedError = YamlError;

/// A curated alignment file, parsed.
#[derive(Debug)]
pub struct Curated {
    file: Arc<SourceFile>,
    content: CuratedFile,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CuratedFile {
    version: Spanned<u32>,
    #[serde(default)]
    frameworks: Vec<FrameworkEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrameworkEntry {
    framework: Spanned<String>,
    #[serde(default)]
    pairs: Vec<PairEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PairEntry {
    lower: Spanned<String>,
    higher: Spanned<String>,
    #[serde(default)]
    links: Vec<LinkEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LinkEntry {
    item: Spanned<String>,
    /// For the reader of the file; items are matched by text alone.
    #[serde(default)]
    #[allow(dead_code)]
    section: Option<String>,
    #[serde(default)]
    escalates: Option<Spanned<String>>,
    #[serde(default)]
    new: bool,
    /// Written by `--write` for the maintainer; lint does not read it.
    #[serde(default)]
    #[allow(dead_code)]
    candidates: Vec<CandidateEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct CandidateEntry {
    score: f64,
    item: String,
}

/// An entry of the curated file that no longer matches the frameworks.
#[derive(Debug, Clone)]
pub struct Stale {
    /// Where the entry is written in the curated file.
    pub span: Span,
    /// What no longer matches.
    pub message: String,
}

impl Curated {
    /// Parses the text of a curated alignment file.
    pub fn parse(file: Arc<SourceFile>) -> Result<Self, CuratedError> {
        let content: CuratedFile = parse(
            &file,
            "an alignment file has `version: 1` and `frameworks:`, each with `pairs:` of `links:` (see docs/alignment.md)",
        )?;
        if content.version.value != 1 {
            let span = span_of(&file, &content.version.referenced);
            return Err(YamlError::at(
                &span,
                format!("alignment file version {} is not known", content.version.value),
                Some("this ladder reads version 1".into()),
            ));
        }
        Ok(Self { file, content })
    }

    /// The curated links of one level pair, by higher item, and the entries gone stale.
    pub fn resolve(
        &self,
        framework: &Framework,
        lower: &Level,
        higher: &Level,
        tokenizer: &Tokenizer,
    ) -> (Vec<(ItemIndex, Fixed)>, Vec<Stale>) {
        let entries = self
            .content
            .frameworks
            .iter()
            .filter(|entry| entry.framework.value == framework.id)
            .flat_map(|entry| &entry.pairs)
            .filter(|pair| pair.lower.value == lower.key && pair.higher.value == higher.key)
            .flat_map(|pair| &pair.links);
        let lower_texts: Vec<&str> = lower.items().map(|found| found.item.text.as_str()).collect();
        let higher_texts: Vec<&str> =
            higher.items().map(|found| found.item.text.as_str()).collect();
        let mut fixed = Vec::new();
        let mut stale = Vec::new();
        for entry in entries {
            let Some(item) = find(&higher_texts, &entry.item.value, tokenizer) else {
                stale.push(self.stale(&entry.item, format!(
                    "curated link names an item no longer at {} (removed or reworded beyond recognition)",
                    higher.name
                )));
                continue;
            };
            if entry.new {
                fixed.push((item, Fixed::New));
            } else if let Some(target) = &entry.escalates {
                match find(&lower_texts, &target.value, tokenizer) {
                    Some(found) => fixed.push((item, Fixed::Lower(found))),
                    None => stale.push(self.stale(target, format!(
                        "curated link escalates an item no longer at {} (removed or reworded beyond recognition)",
                        lower.name
                    ))),
                }
            }
        }
        (fixed, stale)
    }

    /// Pairs of a framework that was read whose level keys it does not have.
    pub fn unknown_pairs(&self, workspace: &Workspace) -> Vec<Stale> {
        let mut stale = Vec::new();
        for entry in &self.content.frameworks {
            let Some(framework) =
                workspace.frameworks.iter().find(|found| found.id == entry.framework.value)
            else {
                continue;
            };
            for pair in &entry.pairs {
                for key in [&pair.lower, &pair.higher] {
                    if framework.level(&key.value).is_none() {
                        stale.push(self.stale(
                            key,
                            format!(
                                "curated pair names level `{}`, which {} does not have",
                                key.value, framework.name
                            ),
                        ));
                    }
                }
            }
        }
        stale
    }

    fn stale(&self, at: &Spanned<String>, message: String) -> Stale {
        Stale { span: span_of(&self.file, &at.referenced), message }
    }
}

/// The item of `texts` that `wanted` names: the same text, or one reworded but recognisable.
fn find(texts: &[&str], wanted: &str, tokenizer: &Tokenizer) -> Option<ItemIndex> {
    let normalized = normalize(wanted);
    if let Some(found) = texts.iter().position(|text| normalize(text) == normalized) {
        return Some(found);
    }
    let similarity = Similarity::new(tokenizer, texts.iter().copied().chain([wanted]));
    (0..texts.len())
        .map(|index| (index, similarity.score(index, texts.len())))
        .filter(|(_, score)| *score >= RECOGNISABLE)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(index, _)| index)
}
