//! One Markdown file (page or include) turned into the blocks ladder cares about:
//! headings, list items, include shortcodes and anchor links, each with its span.

use std::sync::{Arc, LazyLock};

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use regex::Regex;

use super::shortcode;
use crate::source::{SourceFile, Span};

/// What a Markdown file holds, in document order.
#[derive(Debug, Clone)]
pub enum Block {
    /// A heading: `depth` 1 to 6, its text and anchor.
    Heading {
        /// 1 for `#`, 6 for `######`.
        depth: u8,
        /// Text with markup removed.
        text: String,
        /// The anchor Hugo gives it.
        anchor: String,
        /// Where it is written.
        span: Span,
    },
    /// A top-level list item with its sub-items.
    Item(ItemBlock),
    /// `{{% include "path" %}}`.
    Include {
        /// The path as written.
        target: String,
        /// The whole shortcode.
        span: Span,
    },
    /// Something that looks like an include shortcode but is not one.
    BadShortcode {
        /// The text as written.
        span: Span,
    },
    /// A list nested deeper than the limit: the items below it were read as siblings of the
    /// deepest allowed, and the read fails there.
    TooDeep {
        /// The first item too deep.
        span: Span,
    },
    /// A link to another page (not an anchor of this one).
    Link {
        /// The destination as written.
        target: String,
        /// The link as written.
        span: Span,
    },
    /// A link to `#anchor` on the same page.
    AnchorLink {
        /// The anchor, without `#`.
        anchor: String,
        /// The link as written.
        span: Span,
    },
}

/// A list item: its text, annotations and nested items.
#[derive(Debug, Clone)]
pub struct ItemBlock {
    /// Text with markup removed and white space folded.
    pub text: String,
    /// The text as items compare it ([`crate::model::normalize`]), found once per parse: a
    /// walk over history composes the same blocks into many levels.
    pub normalized: String,
    /// The text as written (from the first to the last character of the item's own text).
    pub span: Span,
    /// `<!-- ladder: ... -->` annotations, their inner text.
    pub annotations: Vec<String>,
    /// Whether the item is nothing but a link (a table of contents or navigation entry).
    pub only_link: bool,
    /// The text of each link in the item's own text.
    pub link_texts: Vec<String>,
    /// Nested items.
    pub children: Vec<ItemBlock>,
}

static ANNOTATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^<!--\s*ladder:\s*(.*?)\s*-->$").expect("static regex"));

struct OpenItem {
    text: String,
    start: Option<usize>,
    end: usize,
    annotations: Vec<String>,
    links: usize,
    plain: usize,
    link_texts: Vec<String>,
    children: Vec<ItemBlock>,
}

struct OpenHeading {
    depth: u8,
    text: String,
    id: Option<String>,
    range: std::ops::Range<usize>,
}

/// Parses the Markdown of `file` from byte `body_start` (after any front matter); lists nest at
/// most `nesting` deep, so no later walk of the items can run out of stack. An item whose text
/// is that of an item of `before` (the blocks of another version of the file, or none) takes
/// its normalised text from it: a new version of a file is mostly the items of the one before,
/// and normalising is a pure function of the text.
pub fn parse(
    file: &Arc<SourceFile>,
    body_start: usize,
    nesting: usize,
    before: &[Block],
) -> Vec<Block> {
    let mut known = Normalized::of(before);
    let body = &file.text()[body_start..];
    let options = Options::ENABLE_HEADING_ATTRIBUTES | Options::ENABLE_TABLES;
    let mut blocks = Vec::new();
    let mut items: Vec<OpenItem> = Vec::new();
    let mut heading: Option<OpenHeading> = None;
    let mut in_link = false;
    // Items open below the nesting limit: their sub-items join the deepest allowed one.
    let mut too_deep = 0usize;
    let mut said_too_deep = false;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let range = range.start + body_start..range.end + body_start;
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some(OpenHeading {
                    depth: heading_depth(level),
                    text: String::new(),
                    id: id.map(|id| id.to_string()),
                    range,
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(open) = heading.take() {
                    let text = fold_owned(open.text);
                    let anchor = open.id.unwrap_or_else(|| anchorize(&text));
                    let span = Span::new(file, trim_range(file, open.range));
                    blocks.push(Block::Heading { depth: open.depth, text, anchor, span });
                }
            }
            Event::Start(Tag::Item) if items.len() >= nesting.max(1) => {
                if !said_too_deep {
                    said_too_deep = true;
                    // The bullet alone: the item may run on for pages.
                    let marker = range.start..(range.start + 1).min(range.end);
                    blocks.push(Block::TooDeep { span: Span::new(file, marker) });
                }
                too_deep += 1;
            }
            Event::End(TagEnd::Item) if too_deep > 0 => too_deep -= 1,
            Event::Start(Tag::Item) => items.push(OpenItem {
                text: String::new(),
                start: None,
                end: range.start,
                annotations: Vec::new(),
                links: 0,
                plain: 0,
                link_texts: Vec::new(),
                children: Vec::new(),
            }),
            Event::End(TagEnd::Item) => {
                if let Some(open) = items.pop() {
                    let start = open.start.unwrap_or(range.start);
                    let text = fold_owned(open.text);
                    let item = ItemBlock {
                        normalized: known.normalize(&text),
                        text,
                        span: Span::new(file, start..open.end.max(start)),
                        annotations: open.annotations,
                        only_link: open.links > 0 && open.plain == 0,
                        link_texts: open.link_texts,
                        children: open.children,
                    };
                    match items.last_mut() {
                        Some(parent) => parent.children.push(item),
                        None => blocks.push(Block::Item(item)),
                    }
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                in_link = true;
                let span = Span::new(file, range.clone());
                match dest_url.strip_prefix('#') {
                    Some(anchor) => {
                        blocks.push(Block::AnchorLink { anchor: anchor.to_string(), span });
                    }
                    None => blocks.push(Block::Link { target: dest_url.to_string(), span }),
                }
                if let Some(open) = items.last_mut() {
                    open.links += 1;
                    open.link_texts.push(String::new());
                    open.start.get_or_insert(range.start);
                    open.end = open.end.max(range.end);
                }
            }
            Event::End(TagEnd::Link) => in_link = false,
            Event::Start(Tag::Paragraph) if items.is_empty() && heading.is_none() => {
                shortcodes(file, range, &mut blocks);
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(open) = heading.as_mut() {
                    open.text.push_str(&text);
                } else if let Some(open) = items.last_mut() {
                    if !in_link && !text.trim().is_empty() {
                        open.plain += 1;
                    }
                    if in_link && let Some(link) = open.link_texts.last_mut() {
                        link.push_str(&text);
                    }
                    open.text.push_str(&text);
                    let written = file.text().get(range.clone()).unwrap_or("");
                    if !written.trim().is_empty() {
                        let leading = written.len() - written.trim_start().len();
                        open.start.get_or_insert(range.start + leading);
                        open.end = open.end.max(range.start + written.trim_end().len());
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(open) = heading.as_mut() {
                    open.text.push(' ');
                } else if let Some(open) = items.last_mut() {
                    open.text.push(' ');
                }
            }
            Event::InlineHtml(html) => {
                if let Some(open) = items.last_mut()
                    && let Some(found) = ANNOTATION.captures(html.trim())
                {
                    open.annotations.push(found[1].to_string());
                }
            }
            _ => {}
        }
    }
    blocks
}

/// The items of another version of a file, in document order (sub-items after their item), to
/// take their normalised texts from.
struct Normalized<'a> {
    /// Each item's text and normalised text.
    items: Vec<(&'a str, &'a str)>,
    /// Where the last text was found: the next item is most often the one after it.
    next: usize,
}

impl<'a> Normalized<'a> {
    /// The items of `blocks`.
    fn of(blocks: &'a [Block]) -> Self {
        fn add<'a>(item: &'a ItemBlock, items: &mut Vec<(&'a str, &'a str)>) {
            items.push((&item.text, &item.normalized));
            for child in &item.children {
                add(child, items);
            }
        }
        let mut items = Vec::new();
        for block in blocks {
            if let Block::Item(item) = block {
                add(item, &mut items);
            }
        }
        Self { items, next: 0 }
    }

    /// [`crate::model::normalize`] of `text`, taken from an item with the same text if any.
    fn normalize(&mut self, text: &str) -> String {
        // Items end children first, so an item's text is met after its sub-items': any order
        // finds the same text, the one after the last found is tried first.
        let count = self.items.len();
        for step in 0..count {
            let at = (self.next + step) % count;
            if let Some(&(known, normalized)) = self.items.get(at)
                && known == text
            {
                self.next = at + 1;
                return normalized.to_string();
            }
        }
        crate::model::normalize(text)
    }
}

/// Finds include shortcodes (and malformed ones) in a paragraph's source text.
fn shortcodes(file: &Arc<SourceFile>, range: std::ops::Range<usize>, blocks: &mut Vec<Block>) {
    let Some(text) = file.text().get(range.clone()) else { return };
    // Every shortcode, well-formed or not, starts with `{{`: most paragraphs hold none.
    if !text.contains("{{") {
        return;
    }
    let mut covered = Vec::new();
    for include in shortcode::includes(text) {
        let span =
            Span::new(file, range.start + include.range.start..range.start + include.range.end);
        blocks.push(Block::Include { target: include.target.to_string(), span });
        covered.push(include.range);
    }
    for like in shortcode::malformed_outside(text, &covered) {
        let span = Span::new(file, range.start + like.start..range.start + like.end);
        blocks.push(Block::BadShortcode { span });
    }
}

fn heading_depth(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// [`crate::model::fold`] of a text owned: most item and heading texts are folded as
/// pulldown-cmark gives them (one space between words, none around), and are kept as they are.
fn fold_owned(text: String) -> String {
    // One pass: ASCII, no white space but single spaces between words. The byte before the
    // first is taken for a space, so that a leading space is a double one.
    let mut before = b' ';
    let folded = text.bytes().all(|byte| {
        let fits = byte.is_ascii()
            && match byte {
                b' ' => before != b' ',
                byte => !is_space(byte),
            };
        before = byte;
        fits
    }) && before != b' ';
    if folded || text.is_empty() { text } else { crate::model::fold(&text) }
}

/// Whether an ASCII byte is white space as `char::is_whitespace` tells (vertical tab included).
fn is_space(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' | b' ')
}

/// A range without its trailing line break and white space.
fn trim_range(file: &SourceFile, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let text = file.text().get(range.clone()).unwrap_or("");
    range.start..range.start + text.trim_end().len()
}

/// The anchor Hugo (goldmark, GitHub style) gives a heading.
pub fn anchorize(text: &str) -> String {
    if text.is_ascii() { anchorize_ascii(text) } else { anchorize_chars(text) }
}

/// [`anchorize`] of any text, char by char.
fn anchorize_chars(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            c if c.is_alphanumeric() || c == '-' || c == '_' => {
                Some(c.to_lowercase().next().unwrap_or(c))
            }
            c if c.is_whitespace() => Some('-'),
            _ => None,
        })
        .collect()
}

/// [`anchorize`] of ASCII text (most headings), byte by byte: the same tests on ASCII.
fn anchorize_ascii(text: &str) -> String {
    let mut anchor = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            byte if byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_' => {
                anchor.push(char::from(byte.to_ascii_lowercase()));
            }
            // The ASCII white space `char::is_whitespace` knows (vertical tab included).
            byte if is_space(byte) => anchor.push('-'),
            _ => {}
        }
    }
    anchor
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Folding as defined: the words, one space between them.
    fn fold_words(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    proptest::proptest! {
        #[test]
        fn ascii_texts_fold_and_anchor_as_any_text_does(text in "[ -~\t\n\x0B\x0C\r]{0,40}") {
            proptest::prop_assert_eq!(crate::model::fold(&text), fold_words(&text));
            proptest::prop_assert_eq!(fold_owned(text.clone()), fold_words(&text));
            proptest::prop_assert_eq!(anchorize(&text), anchorize_chars(&text));
        }
    }

    #[test]
    fn ascii_edge_cases_fold_and_anchor_as_any_text_does() {
        for text in ["", " ", "a\x0Bb", " a \t b\n", "A_b-C d!", "\x0C\r", "x\x1Fy"] {
            assert_eq!(crate::model::fold(text), fold_words(text), "{text:?}");
            assert_eq!(fold_owned(text.to_string()), fold_words(text), "{text:?}");
            assert_eq!(anchorize(text), anchorize_chars(text), "{text:?}");
        }
    }

    fn blocks(text: &str) -> Vec<Block> {
        parse(&Arc::new(SourceFile::new("t.md", text)), 0, 16, &[])
    }

    #[test]
    fn a_version_parsed_after_another_is_parsed_as_on_its_own() {
        let before = blocks(
            "## Level\n- Owns *the* plan.\n- Leads:\n  - Reviews.\n  - Owns *the* plan.\n\
             - Mentors others.\n- Ship it!\n",
        );
        for text in [
            "## Level\n- Mentors others.\n- Owns *the* plan.\n- Leads:\n  - Reviews.\n",
            "## Level\n- Owns the plan\n- Leads:\n  - Reviews\n  - Mentors others.\n- Ship it!\n",
            "- Ship it!\n- Ship it!\n- Café au lait.\n- Owns *the* plan.\n",
            "## Level\n",
        ] {
            let file = Arc::new(SourceFile::new("t.md", text));
            let alone = format!("{:?}", parse(&file, 0, 16, &[]));
            assert_eq!(format!("{:?}", parse(&file, 0, 16, &before)), alone, "{text}");
        }
    }

    fn items(text: &str) -> Vec<ItemBlock> {
        blocks(text)
            .into_iter()
            .filter_map(|block| match block {
                Block::Item(item) => Some(item),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn star_and_dash_bullets_and_wrapped_lines() {
        let found = items("* One\n* Two\n\n- Three that\n  wraps here\n");
        let texts: Vec<&str> = found.iter().map(|item| item.text.as_str()).collect();
        assert_eq!(texts, ["One", "Two", "Three that wraps here"]);
        assert_eq!(found[2].span.text(), "Three that\n  wraps here");
        assert_eq!((found[2].span.line, found[2].span.column), (4, 3));
    }

    #[test]
    fn nested_items_are_children() {
        let found = items("- Parent:\n  - child one\n  - child two\n- Next\n");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].text, "Parent:");
        assert_eq!(found[0].children.len(), 2);
        assert_eq!(found[0].children[1].text, "child two");
    }

    #[test]
    fn markup_is_removed_and_annotations_kept() {
        let found = items("- Uses **bold** and [a link](/x) `code`. <!-- ladder: new -->\n");
        assert_eq!(found[0].text, "Uses bold and a link code.");
        assert_eq!(found[0].annotations, ["new"]);
        assert_eq!(found[0].span.text(), "Uses **bold** and [a link](/x) `code`.");
    }

    #[test]
    fn include_lines_directly_followed_by_bullets() {
        let text =
            "{{% include \"includes/a.md\" %}}\n{{% include \"includes/b.md\" %}}\n- After\n";
        let found = blocks(text);
        let includes: Vec<&str> = found
            .iter()
            .filter_map(|block| match block {
                Block::Include { target, .. } => Some(target.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(includes, ["includes/a.md", "includes/b.md"]);
        assert!(matches!(found.last(), Some(Block::Item(item)) if item.text == "After"));
    }

    #[test]
    fn malformed_shortcode_is_reported() {
        let found = blocks("{{% include includes/a.md %}}\n");
        assert!(matches!(found.as_slice(), [Block::BadShortcode { .. }]));
        let found = blocks("{{$ include \"includes/a.md\" %}}\n");
        assert!(matches!(found.as_slice(), [Block::BadShortcode { .. }]));
        let found = blocks("{{% include \"includes/a.md\" %}} {{< include \"b.md\" >}}\n");
        assert!(found.iter().all(|block| matches!(block, Block::Include { .. })), "{found:?}");
    }

    #[test]
    fn link_texts_are_kept_apart() {
        let found = items("- Works with the [Product section](/p/) on `plans`.\n");
        assert_eq!(found[0].link_texts, ["Product section"]);
    }

    #[test]
    fn toc_items_are_only_links() {
        let found = items("- [Leadership](#leadership)\n");
        assert!(found[0].only_link);
        assert!(blocks("- [L](#leadership)\n").iter().any(
            |block| matches!(block, Block::AnchorLink { anchor, .. } if anchor == "leadership")
        ));
    }

    #[test]
    fn heading_anchor_follows_hugo() {
        assert_eq!(anchorize("Senior Values Alignment"), "senior-values-alignment");
        assert_eq!(anchorize("Diversity, Inclusion & Belonging"), "diversity-inclusion--belonging");
    }

    #[test]
    fn navigation_include_with_rules_is_not_front_matter() {
        let found = blocks("---\n\n[Support](/s/) | [All](/a/)\n\n---\n");
        let targets: Vec<&str> = found
            .iter()
            .filter_map(|block| match block {
                Block::Link { target, .. } => Some(target.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(targets, ["/s/", "/a/"], "only its links: {found:?}");
        assert_eq!(found.len(), 2);
    }
}
