//! The curated alignment file: links between adjacent levels that maintainers decided, read
//! by `ladder lint` as explicit links, drafted by `ladder align --write` (see docs/alignment.md).

mod draft;

pub use draft::draft;

use std::sync::Arc;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::ItemIndex;
use super::pair::Fixed;
use crate::diff::rewording;
use crate::model::{Framework, Level, Workspace, normalize};
use crate::source::{SourceFile, Span};
use crate::yaml::{YamlError, parse, span_of};

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
    /// The item's text today when the entry's item was reworded and its link kept (not stale,
    /// only out of date: `ladder align --update` refreshes it).
    pub now: Option<String>,
}

impl Curated {
    /// What the file decides about each item, by the item's normalised text: what it escalates,
    /// that it is new, or which higher item escalates it. `ladder diff` shows these beside a
    /// reworded item, whose link the file keeps (see docs/alignment.md).
    pub fn decisions_by_text(&self) -> std::collections::BTreeMap<String, String> {
        let mut decisions: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for framework in &self.content.frameworks {
            for pair in &framework.pairs {
                let (lower, higher) = (&pair.lower.value, &pair.higher.value);
                for link in &pair.links {
                    let item = normalize(&link.item.value);
                    if link.new {
                        decisions.entry(item).or_default().push(format!("new at {higher}"));
                    } else if let Some(target) = &link.escalates {
                        let grows = format!("escalates \"{}\" ({lower})", target.value);
                        decisions.entry(item).or_default().push(grows);
                        let grown = format!("escalated by \"{}\" ({higher})", link.item.value);
                        decisions.entry(normalize(&target.value)).or_default().push(grown);
                    }
                }
            }
        }
        decisions.into_iter().map(|(text, notes)| (text, notes.join("; "))).collect()
    }

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

    /// The curated links of one level pair, by higher item, and the entries gone stale or
    /// followed to a rewording.
    pub fn resolve(
        &self,
        framework: &Framework,
        lower: &Level,
        higher: &Level,
    ) -> (Vec<(ItemIndex, Fixed)>, Vec<Stale>) {
        let entries: Vec<&LinkEntry> = self
            .content
            .frameworks
            .iter()
            .filter(|entry| entry.framework.value == framework.id)
            .flat_map(|entry| &entry.pairs)
            .filter(|pair| pair.lower.value == lower.key && pair.higher.value == higher.key)
            .flat_map(|pair| &pair.links)
            .collect();
        let lower_texts: Vec<&str> = lower.items().map(|found| found.item.text.as_str()).collect();
        let higher_texts: Vec<&str> =
            higher.items().map(|found| found.item.text.as_str()).collect();
        let wanted: Vec<&str> = entries.iter().map(|entry| entry.item.value.as_str()).collect();
        let items = follow(&wanted, &higher_texts);
        let mut fixed = Vec::new();
        let mut stale = Vec::new();
        for (entry, found) in entries.iter().zip(items) {
            let Some(item) = found else {
                stale.push(self.stale(&entry.item, None, format!(
                    "curated link names an item no longer at {} (removed or reworded beyond recognition)",
                    higher.name
                )));
                continue;
            };
            if let Found::Reworded(index) = item {
                stale.push(self.reworded(&entry.item, higher_texts[index], &higher.name));
            }
            if entry.new {
                fixed.push((item.index(), Fixed::New));
            } else if let Some(target) = &entry.escalates {
                match follow(&[target.value.as_str()], &lower_texts)[0] {
                    Some(found) => {
                        if let Found::Reworded(index) = found {
                            stale.push(self.reworded(target, lower_texts[index], &lower.name));
                        }
                        fixed.push((item.index(), Fixed::Lower(found.index())));
                    }
                    None => stale.push(self.stale(target, None, format!(
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
                            None,
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

    fn stale(&self, at: &Spanned<String>, now: Option<&str>, message: String) -> Stale {
        Stale { span: span_of(&self.file, &at.referenced), message, now: now.map(str::to_string) }
    }

    /// The note that an entry's item was reworded and its link followed.
    fn reworded(&self, at: &Spanned<String>, now: &str, level: &str) -> Stale {
        self.stale(
            at,
            Some(now),
            format!("curated entry names an item reworded at {level}; the link is kept"),
        )
    }
}

/// How an entry's text was found among a level's items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    /// The same text (case, white space and punctuation aside).
    Same(ItemIndex),
    /// Reworded, as `ladder diff` would call it.
    Reworded(ItemIndex),
}

impl Found {
    fn index(self) -> ItemIndex {
        match self {
            Self::Same(index) | Self::Reworded(index) => index,
        }
    }
}

/// The item of `texts` each of `wanted` names, as `ladder diff` pairs two revisions of a level:
/// the same text first, then among the items left, the best rewording of each (most similar
/// pairs first, each item taken once).
fn follow(wanted: &[&str], texts: &[&str]) -> Vec<Option<Found>> {
    let normalized: Vec<String> = texts.iter().map(|text| normalize(text)).collect();
    let mut taken = vec![false; texts.len()];
    let mut found: Vec<Option<Found>> = wanted
        .iter()
        .map(|text| {
            let text = normalize(text);
            let at = (0..texts.len()).find(|&i| !taken[i] && normalized[i] == text)?;
            taken[at] = true;
            Some(Found::Same(at))
        })
        .collect();
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (w, text) in wanted.iter().enumerate().filter(|(w, _)| found[*w].is_none()) {
        for (i, candidate) in texts.iter().enumerate().filter(|(i, _)| !taken[*i]) {
            if let Some(similarity) = rewording(text, candidate) {
                pairs.push((similarity, w, i));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, w, i) in pairs {
        if found[w].is_none() && !taken[i] {
            taken[i] = true;
            found[w] = Some(Found::Reworded(i));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_follow_their_items_through_a_rewording_but_not_beyond() {
        let today = [
            "Reviews merge requests across teams and explains each comment.",
            "Writes tested code for features that span the stage.",
        ];
        let found = follow(
            &[
                "Writes tested code for features that span the stage",
                "Reviews merge requests across teams and explains every comment.",
                "Runs the on-call rotation for the department.",
            ],
            &today,
        );
        assert_eq!(found, [Some(Found::Same(1)), Some(Found::Reworded(0)), None]);
    }

    #[test]
    fn one_item_is_followed_by_one_entry_only() {
        let found = follow(
            &["Reviews code of the team", "Reviews code of the teams"],
            &["Reviews code of the team."],
        );
        assert_eq!(found, [Some(Found::Same(0)), None]);
    }
}
