//! Export: any framework ladder reads (handbook Markdown included) written as ladder's YAML
//! format, one YAML document per framework, so that reading the output gives the same model.
//!
//! The documents are built from the reader's own structs ([`crate::read::yaml::format`]), so
//! the writer cannot drift from the reader. Spans are not exported: the items are data now.

use std::io::{self, Write};

use serde_saphyr::{Location, Spanned};

use crate::model::{Framework, Group, Item, Level, Section};
use crate::read::yaml::format::{
    FrameworkDoc, GroupDoc, ItemDoc, ItemFields, LevelDoc, SectionDoc,
};

/// Writes `frameworks` to `out` as YAML documents separated by `---`.
pub fn write(frameworks: &[&Framework], out: &mut dyn Write) -> io::Result<()> {
    for (index, framework) in frameworks.iter().enumerate() {
        if index > 0 {
            out.write_all(b"---\n")?;
        }
        out.write_all(to_yaml(framework)?.as_bytes())?;
    }
    Ok(())
}

/// One framework as the text of one YAML document.
pub fn to_yaml(framework: &Framework) -> io::Result<String> {
    // One item per line, never folded: items stay easy to grep and to diff line by line.
    let mut options = serde_saphyr::SerializerOptions::default();
    options.prefer_block_scalars = false;
    options.compact_list_indent = false;
    serde_saphyr::to_string_with_options(&document(framework), options).map_err(io::Error::other)
}

/// A file name for `framework` alone: its id made safe for a path, with `.ladder.yml`.
pub fn file_name(framework: &Framework) -> String {
    let safe: String = framework
        .id
        .chars()
        .map(|c| if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '-' })
        .collect();
    let safe = safe.trim_matches(|c| c == '-' || c == '.');
    let stem = if safe.is_empty() { "framework" } else { safe };
    format!("{stem}.ladder.yml")
}

/// The YAML document of `framework`.
pub fn document(framework: &Framework) -> FrameworkDoc {
    let levels = framework
        .levels
        .iter()
        .enumerate()
        .map(|(index, level)| self::level(framework, index, level))
        .collect();
    FrameworkDoc {
        name: framework.name.clone(),
        id: Some(framework.id.clone()),
        required_sections: Some(framework.required_sections.clone()),
        // A framework written topic by topic stays checked topic by topic once exported.
        escalation: (crate::model::Escalation::default_for(framework.format)
            == crate::model::Escalation::Topic)
            .then(|| unspanned("topic".to_string())),
        levels: unspanned(levels),
    }
}

/// A level; `below` is written only where it is not the level listed before.
fn level(framework: &Framework, index: usize, level: &Level) -> LevelDoc {
    let below = level
        .below
        .filter(|&below| Some(below) != index.checked_sub(1))
        .and_then(|below| framework.levels.get(below))
        .map(|below| unspanned(below.key.clone()));
    LevelDoc {
        key: unspanned(level.key.clone()),
        name: Some(level.name.clone()),
        below,
        sections: level.sections.iter().map(section).collect(),
    }
}

/// A section; a first group without a name becomes the section's own `items`.
fn section(section: &Section) -> SectionDoc {
    let (items, groups) = match section.groups.split_first() {
        Some((first, rest)) if first.name.is_none() => (Some(items(&first.items)), rest),
        _ => (None, section.groups.as_slice()),
    };
    SectionDoc {
        name: unspanned(section.name.clone()),
        items,
        groups: groups.iter().map(group).collect(),
    }
}

fn group(group: &Group) -> GroupDoc {
    GroupDoc { name: group.name.clone(), items: items(&group.items) }
}

fn items(items: &[Item]) -> Vec<Spanned<ItemDoc>> {
    items.iter().map(|item| unspanned(self::item(item))).collect()
}

/// An item: its text alone when nothing else is said about it.
fn item(item: &Item) -> ItemDoc {
    let plain = item.id.is_none()
        && item.escalates.is_none()
        && !item.new_here
        && item.allow.is_empty()
        && item.topic.is_none()
        && item.attributes.is_empty()
        && item.children.is_empty();
    if plain {
        return ItemDoc::Text(item.text.clone());
    }
    ItemDoc::Full(Box::new(ItemFields {
        text: unspanned(item.text.clone()),
        id: item.id.clone(),
        escalates: item.escalates.clone().map(unspanned),
        new: item.new_here,
        allow: item.allow.clone(),
        topic: item.topic.as_ref().map(|topic| unspanned(topic.name.clone())),
        attributes: item.attributes.clone(),
        items: items(&item.children),
    }))
}

/// A value with no place in any file, for serializing.
fn unspanned<T>(value: T) -> Spanned<T> {
    Spanned::new(value, Location::UNKNOWN, Location::UNKNOWN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{ReadOptions, load};

    fn framework(text: &str) -> Framework {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("f.ladder.yml");
        std::fs::write(&path, text).expect("write");
        let loaded = load(Box::new(crate::source::FsTree), &[path], &ReadOptions::default());
        assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
        loaded.workspace.frameworks.into_iter().next().expect("a framework")
    }

    #[test]
    fn below_is_written_only_where_rungs_branch() -> io::Result<()> {
        let text = "name: B\nlevels:\n  - key: senior\n  - key: staff\n  - key: manager\n    below: senior\n  - key: director\n";
        let yaml = to_yaml(&framework(text))?;
        assert_eq!(yaml.matches("below:").count(), 1, "{yaml}");
        assert!(yaml.contains("below: senior\n"), "{yaml}");
        Ok(())
    }

    #[test]
    fn items_without_annotations_are_plain_text() -> io::Result<()> {
        let text = "name: I\nlevels:\n  - key: senior\n    sections:\n      - name: Technical\n        items:\n          - Plain.\n          - { text: Marked., id: m }\n        groups:\n          - name: G\n            items: [Grouped.]\n";
        let yaml = to_yaml(&framework(text))?;
        assert!(yaml.contains("- Plain.\n"), "{yaml}");
        assert!(yaml.contains("- text: Marked.\n"), "{yaml}");
        assert!(
            yaml.contains("        items:\n"),
            "a first group without a name is the section's items: {yaml}"
        );
        assert!(yaml.contains("- name: G\n"), "{yaml}");
        Ok(())
    }

    #[test]
    fn file_names_are_safe() {
        let mut framework = framework("name: F\nlevels: [{ key: senior }]\n");
        framework.id = "engineering/careers/support#2".into();
        assert_eq!(file_name(&framework), "engineering-careers-support-2.ladder.yml");
        framework.id = "../..".into();
        assert_eq!(file_name(&framework), "framework.ladder.yml");
    }

    #[test]
    fn documents_are_separated() -> io::Result<()> {
        let one = framework("name: One\nlevels: [{ key: senior }]\n");
        let mut out = Vec::new();
        write(&[&one, &one], &mut out)?;
        let text = String::from_utf8_lossy(&out);
        assert_eq!(text.matches("\n---\n").count(), 1, "{text}");
        assert!(!text.starts_with("---"), "{text}");
        Ok(())
    }
}
