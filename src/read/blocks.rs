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

/// The blocks of `file` from `body_start` when it differs from `before_file`, whose blocks from
/// the same start are `before`, only in plain list items (see [`reword`] and [`relined`]): the
/// blocks [`parse`] gives, moved from `before` rather than parsed. `None` when the change is any
/// other (then the file is parsed).
pub fn reparse(
    file: &Arc<SourceFile>,
    body_start: usize,
    before_file: &SourceFile,
    before: &[Block],
) -> Option<Vec<Block>> {
    if before_file.text() == file.text()
        || before.iter().any(|b| matches!(b, Block::TooDeep { .. }))
    {
        return None;
    }
    reword(file, body_start, before_file, before)
        .or_else(|| relined(file, body_start, before_file, before))
}

/// [`reparse`] when only the words of one plain list item written on one line changed: `before`
/// with that item's text and every later span moved.
///
/// Why that is the parse: the line keeps its indent, bullet and space, and its words both before
/// and after are plain (ASCII letters first, then letters, digits, single spaces and punctuation
/// without meaning in Markdown), so the line opens the same list item, nested the same, whatever
/// its words, and the words are one text event; the line's item in `before` has exactly the
/// line's words as its text (no continuation line, heading or link in it), and no other span
/// crosses the line, so nothing else read the line.
fn reword(
    file: &Arc<SourceFile>,
    body_start: usize,
    before_file: &SourceFile,
    before: &[Block],
) -> Option<Vec<Block>> {
    let (old, new) = (before_file.text().as_bytes(), file.text().as_bytes());
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let most = old.len().min(new.len()) - prefix;
    let suffix = old.iter().rev().zip(new.iter().rev()).take(most).take_while(|(a, b)| a == b);
    let suffix = suffix.count();
    let line_start = old[..prefix].iter().rposition(|&byte| byte == b'\n').map_or(0, |at| at + 1);
    if line_start < body_start {
        return None;
    }
    let line_end = |text: &[u8]| {
        let end = text[prefix..].iter().position(|&byte| byte == b'\n').map(|at| prefix + at);
        let end = end.unwrap_or(text.len());
        // The change must lie within the line.
        (end >= text.len() - suffix).then_some(end)
    };
    let (old_end, new_end) = (line_end(old)?, line_end(new)?);
    let words = plain_item(&before_file.text()[line_start..old_end])?;
    let new_words = plain_item(&file.text()[line_start..new_end])?;
    // The indent and bullet are alike only if the change starts after them.
    if words != new_words || prefix < line_start + words {
        return None;
    }
    let (old_text, new_text) = (
        &before_file.text()[line_start + words..old_end],
        &file.text()[line_start + words..new_end],
    );
    let moved = Moved {
        file,
        line: line_start..old_end,
        item: line_start + words..old_end,
        new_item: line_start + words..new_end,
        old_text,
        new_text,
        shift: new_end as isize - old_end as isize,
        found: std::cell::Cell::new(false),
    };
    let blocks = before.iter().map(|block| moved.block(block)).collect::<Option<Vec<_>>>()?;
    moved.found.get().then_some(blocks)
}

/// [`reparse`] when whole lines changed, each of them (before and after) a plain list item not
/// indented, and what follows them is the end of the file, a list item not indented, or a blank
/// line then a heading (each as `before` read it): `before` without the items of the lines
/// removed, with items for the lines added, and every later span moved.
///
/// Why that is the parse: what follows the lines opens a block that closes every list and
/// paragraph before it, in both versions (an item not indented, a heading after a blank line);
/// before the lines, the reader was where an item not indented opens one (`before` has an item at
/// the first line removed, or at the line after those added, which a block open there would
/// have taken in), and plain item lines change nothing they follow: no setext underline, table
/// row, fence, HTML or link definition. Each such line is one item of its words, without
/// sub-items (the next line is never indented).
fn relined(
    file: &Arc<SourceFile>,
    body_start: usize,
    before_file: &SourceFile,
    before: &[Block],
) -> Option<Vec<Block>> {
    let (old, new) = (lines(before_file), lines(file));
    let alike = |(a, b): &(&(usize, &str), &(usize, &str))| a.1 == b.1;
    let first = old.iter().zip(&new).take_while(alike).count();
    let most = old.len().min(new.len()) - first;
    let last = old.iter().rev().zip(new.iter().rev()).take(most).take_while(alike).count();
    let (gone, added) = (&old[first..old.len() - last], &new[first..new.len() - last]);
    let start = old.get(first).map_or(before_file.text().len(), |&(at, _)| at);
    let end = old.get(old.len() - last).map_or(before_file.text().len(), |&(at, _)| at);
    let new_end = new.get(new.len() - last).map_or(file.text().len(), |&(at, _)| at);
    let top = |line: &str| plain_item(line) == Some(2);
    if start < body_start || !gone.iter().chain(added).all(|&(_, line)| top(line)) {
        return None;
    }
    // What follows, as `before` read it.
    let item_at = |at: usize| {
        before.iter().any(|block| matches!(block, Block::Item(item) if item.span.range.start == at))
    };
    let heading_at = |at: usize| {
        before
            .iter()
            .any(|block| matches!(block, Block::Heading { span, .. } if span.range.start == at))
    };
    let after = &old[old.len() - last..];
    let follows = match after {
        [] | [(_, "")] => !gone.is_empty(),
        [(at, line), ..] if top(line) => item_at(at + 2),
        [(_, ""), (at, line), ..] if line.starts_with('#') => !gone.is_empty() && heading_at(*at),
        _ => false,
    };
    if !follows {
        return None;
    }
    let shift = new_end as isize - end as isize;
    let mut blocks = Vec::with_capacity(before.len() + added.len());
    let mut gone_items = gone.iter().map(|&(at, line)| (at + 2, &line[2..]));
    let mut placed = false;
    for block in before {
        let at = block_start(block);
        if at >= start && !placed {
            placed = true;
            blocks.extend(added.iter().map(|&(at, line)| new_item(file, at + 2, &line[2..])));
        }
        if at < start {
            if block_end(block) > start {
                return None;
            }
            blocks.push(moved_block(file, block, 0)?);
        } else if at < end {
            // Only the items of the lines removed lie there, one each, in order.
            let Block::Item(item) = block else { return None };
            let (words_at, words) = gone_items.next()?;
            let plain = item.span.range == (words_at..words_at + words.len())
                && item.text == words
                && item.children.is_empty()
                && item.annotations.is_empty()
                && item.link_texts.is_empty()
                && !item.only_link;
            if !plain {
                return None;
            }
        } else {
            blocks.push(moved_block(file, block, shift)?);
        }
    }
    if !placed {
        blocks.extend(added.iter().map(|&(at, line)| new_item(file, at + 2, &line[2..])));
    }
    gone_items.next().is_none().then_some(blocks)
}

/// Each line of `file` with where it starts (the last one empty when the text ends in a line
/// break).
fn lines(file: &SourceFile) -> Vec<(usize, &str)> {
    let (text, starts) = (file.text(), file.line_starts());
    let ends = starts.iter().skip(1).map(|&next| next - 1).chain([text.len()]);
    starts.iter().zip(ends).map(|(&start, end)| (start, &text[start..end])).collect()
}

/// Where a block's span starts.
fn block_start(block: &Block) -> usize {
    block_span(block).range.start
}

/// Where a block ends: its span's end, or an item's sub-items' last end.
fn block_end(block: &Block) -> usize {
    fn end(item: &ItemBlock) -> usize {
        item.children.iter().map(end).fold(item.span.range.end, usize::max)
    }
    match block {
        Block::Item(item) => end(item),
        block => block_span(block).range.end,
    }
}

/// A block's span (an item's own text).
fn block_span(block: &Block) -> &Span {
    match block {
        Block::Item(item) => &item.span,
        Block::Heading { span, .. }
        | Block::Include { span, .. }
        | Block::BadShortcode { span }
        | Block::TooDeep { span }
        | Block::Link { span, .. }
        | Block::AnchorLink { span, .. } => span,
    }
}

/// A block of another version in `file`, its spans `shift` bytes on.
fn moved_block(file: &Arc<SourceFile>, block: &Block, shift: isize) -> Option<Block> {
    let span = |span: &Span| -> Option<Span> {
        let start = span.range.start.checked_add_signed(shift)?;
        let end = span.range.end.checked_add_signed(shift)?;
        Some(Span::new(file, start..end))
    };
    fn moved(item: &ItemBlock, span: &dyn Fn(&Span) -> Option<Span>) -> Option<ItemBlock> {
        let children = item.children.iter().map(|child| moved(child, span));
        let children = children.collect::<Option<_>>()?;
        Some(ItemBlock { span: span(&item.span)?, children, ..item.clone_without_children() })
    }
    Some(match block {
        Block::Heading { depth, text, anchor, span: at } => Block::Heading {
            depth: *depth,
            text: text.clone(),
            anchor: anchor.clone(),
            span: span(at)?,
        },
        Block::Item(found) => Block::Item(moved(found, &span)?),
        Block::Include { target, span: at } => {
            Block::Include { target: target.clone(), span: span(at)? }
        }
        Block::BadShortcode { span: at } => Block::BadShortcode { span: span(at)? },
        Block::TooDeep { span: at } => Block::TooDeep { span: span(at)? },
        Block::Link { target, span: at } => Block::Link { target: target.clone(), span: span(at)? },
        Block::AnchorLink { anchor, span: at } => {
            Block::AnchorLink { anchor: anchor.clone(), span: span(at)? }
        }
    })
}

/// The item of a plain line's `words`, written at `at` in `file`.
fn new_item(file: &Arc<SourceFile>, at: usize, words: &str) -> Block {
    let text = fold_owned(words.to_string());
    Block::Item(ItemBlock {
        normalized: crate::model::normalize(&text),
        text,
        span: Span::new(file, at..at + words.len()),
        annotations: Vec::new(),
        only_link: false,
        link_texts: Vec::new(),
        children: Vec::new(),
    })
}

/// Where an item line's words start when the line is a plain item: indent spaces (at most
/// eight), a bullet, one space, then words that open with an ASCII letter and hold only ASCII
/// letters, digits, single spaces and `.,;:()'"?/%-`, ending in no space.
fn plain_item(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let indent = bytes.iter().take_while(|&&byte| byte == b' ').count();
    if indent > 8 || !matches!(bytes.get(indent), Some(b'-' | b'*' | b'+')) {
        return None;
    }
    if bytes.get(indent + 1) != Some(&b' ') {
        return None;
    }
    let words = &bytes[indent + 2..];
    let plain = |byte: &u8| PLAIN[usize::from(*byte)];
    let fits = words.first().is_some_and(u8::is_ascii_alphabetic)
        && words.last().is_some_and(|&byte| byte != b' ')
        && words.iter().all(plain)
        && !words.windows(2).any(|pair| pair == b"  ");
    fits.then_some(indent + 2)
}

/// The bytes a plain item's words may hold: ASCII letters and digits, the space and
/// `.,;:()'"?/%-`.
static PLAIN: [bool; 256] = {
    let mut plain = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        plain[byte] = b.is_ascii_alphanumeric()
            || matches!(b, b' ' | b'.' | b',' | b';' | b':' | b'(' | b')' | b'\'' | b'"')
            || matches!(b, b'?' | b'/' | b'%' | b'-');
        byte += 1;
    }
    plain
};

/// How [`reparse`] moves the blocks of the version before to the new one.
struct Moved<'a> {
    /// The new version.
    file: &'a Arc<SourceFile>,
    /// The changed line in the version before, without its line break.
    line: std::ops::Range<usize>,
    /// The item's words in the version before.
    item: std::ops::Range<usize>,
    /// The item's words in the new version.
    new_item: std::ops::Range<usize>,
    /// The item's words before.
    old_text: &'a str,
    /// The item's words now.
    new_text: &'a str,
    /// How far the bytes after the line moved.
    shift: isize,
    /// Whether the line's item was met.
    found: std::cell::Cell<bool>,
}

impl Moved<'_> {
    /// A span of the version before in the new one: before the line as it was, after it moved;
    /// `None` for a span over the line.
    fn span(&self, span: &Span) -> Option<Span> {
        let range = &span.range;
        if range.end <= self.line.start {
            return Some(Span::new(self.file, range.clone()));
        }
        if range.start < self.line.end {
            return None;
        }
        let start = range.start.checked_add_signed(self.shift)?;
        let end = range.end.checked_add_signed(self.shift)?;
        Some(Span::new(self.file, start..end))
    }

    /// A block of the version before in the new one.
    fn block(&self, block: &Block) -> Option<Block> {
        Some(match block {
            Block::Heading { depth, text, anchor, span } => Block::Heading {
                depth: *depth,
                text: text.clone(),
                anchor: anchor.clone(),
                span: self.span(span)?,
            },
            Block::Item(item) => Block::Item(self.item(item)?),
            Block::Include { target, span } => {
                Block::Include { target: target.clone(), span: self.span(span)? }
            }
            Block::BadShortcode { span } => Block::BadShortcode { span: self.span(span)? },
            // Said once per file, at the first item too deep: not moved, parsed again.
            Block::TooDeep { .. } => return None,
            Block::Link { target, span } => {
                Block::Link { target: target.clone(), span: self.span(span)? }
            }
            Block::AnchorLink { anchor, span } => {
                Block::AnchorLink { anchor: anchor.clone(), span: self.span(span)? }
            }
        })
    }

    /// An item of the version before in the new one, the changed line's with its new words.
    fn item(&self, item: &ItemBlock) -> Option<ItemBlock> {
        let children = item.children.iter().map(|child| self.item(child)).collect::<Option<_>>()?;
        if item.span.range != self.item {
            let span = self.span(&item.span)?;
            return Some(ItemBlock { span, children, ..item.clone_without_children() });
        }
        let plain = item.text == self.old_text
            && item.annotations.is_empty()
            && item.link_texts.is_empty()
            && !item.only_link;
        if !plain || self.found.replace(true) {
            return None;
        }
        let text = fold_owned(self.new_text.to_string());
        Some(ItemBlock {
            normalized: crate::model::normalize(&text),
            text,
            span: Span::new(self.file, self.new_item.clone()),
            annotations: Vec::new(),
            only_link: false,
            link_texts: Vec::new(),
            children,
        })
    }
}

impl ItemBlock {
    /// A copy of the item without its sub-items (they are copied one by one).
    fn clone_without_children(&self) -> Self {
        Self {
            text: self.text.clone(),
            normalized: self.normalized.clone(),
            span: self.span.clone(),
            annotations: self.annotations.clone(),
            only_link: self.only_link,
            link_texts: self.link_texts.clone(),
            children: Vec::new(),
        }
    }
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

    /// Every span of `blocks` with its range, line and column, and each block as written.
    fn described(blocks: &[Block]) -> Vec<String> {
        fn spans(item: &ItemBlock, out: &mut Vec<String>) {
            out.push(format!("{:?} {:?}", item.span.range, item.span));
            for child in &item.children {
                spans(child, out);
            }
        }
        let mut out = vec![format!("{blocks:?}")];
        for block in blocks {
            match block {
                Block::Item(found) => spans(found, &mut out),
                Block::Heading { span, .. }
                | Block::Include { span, .. }
                | Block::BadShortcode { span }
                | Block::TooDeep { span }
                | Block::Link { span, .. }
                | Block::AnchorLink { span, .. } => {
                    out.push(format!("{:?} {span:?}", span.range));
                }
            }
        }
        out
    }

    /// Lines of many kinds, and words plain or not, for the versions [`reparse`] is tried on.
    const LINES: &[&str] = &[
        "- Ships release notes (12)",
        "* Reviews team rituals",
        "+ Plans work",
        "  - Child item.",
        "    - Deep child",
        "        - Deeper still",
        "- Test Tooling",
        "## Senior",
        "### Leadership",
        "",
        "Paragraph text",
        "  lazy continuation",
        "---",
        "===",
        "```",
        "~~~",
        "| a | b |",
        "|---|---|",
        "<div>",
        "<!-- x",
        "-->",
        "- Item <!-- ladder: new -->",
        "- [link](/x)",
        "- Has [a link](/y) in it",
        "{{% include \"x.md\" %}}",
        "1. Ordered",
        "> - quoted",
        "    code",
        "[ref]: /url",
        "- see [ref]",
        "- Ends in a break\\",
        "- Ends in spaces  ",
        "-",
        "- ",
        "\t- Tabbed",
        "- Label:",
        "- A \u{a0}space",
    ];

    /// Words plain (the first twelve) or not.
    const WORDS: &[&str] = &[
        "Foo",
        "bar",
        "well",
        "(12)",
        "it's",
        "\"q\"",
        "a:b",
        "x/y",
        "50%",
        "Ok?",
        "Plans",
        "team",
        "1.",
        "--",
        "==",
        "*",
        "_e_",
        "[x]",
        "<b>",
        "&amp;",
        "\\",
        "#",
        "|",
        "`c`",
        "",
        " ",
        "caf\u{e9}",
        "{#id}",
    ];

    proptest::proptest! {
        #[test]
        fn lines_changed_are_moved_as_a_parse_gives_them(
            lines in proptest::collection::vec(
                proptest::prop_oneof![3 => 0..8usize, 2 => 0..LINES.len()],
                1..12,
            ),
            edits in proptest::collection::vec(
                (
                    0usize..12,
                    0..4usize,
                    0..LINES.len(),
                    proptest::collection::vec(
                        proptest::prop_oneof![6 => 0..12usize, 1 => 0..WORDS.len()],
                        0..5,
                    ),
                    0..3usize,
                ),
                1..3,
            ),
            break_at_end in proptest::bool::ANY,
        ) {
            let mut after: Vec<String> = lines.iter().map(|&line| LINES[line].to_string()).collect();
            let before = after.join("\n");
            for (at, kind, with, words, bullet) in edits {
                let at = at % (after.len() + 1);
                let words: Vec<&str> = words.iter().map(|&word| WORDS[word]).collect();
                let line = after.get(at).cloned().unwrap_or_default();
                let kept = line.len() - line.trim_start_matches([' ', '-', '*', '+']).len();
                let bullet = ["- ", "* ", "+ "][bullet];
                match kind {
                    // Words changed, a line added, a line removed, the line's bullet changed.
                    0 if at < after.len() => after[at] = format!("{}{}", &line[..kept], words.join(" ")),
                    1 => after.insert(at, format!("{bullet}{}", words.join(" "))),
                    2 if at < after.len() && after.len() > 1 => {
                        after.remove(at);
                    }
                    3 if at < after.len() => after[at] = format!("{bullet}{}", &line[kept.min(2)..]),
                    _ => after.insert(at, LINES[with].to_string()),
                }
            }
            let end = if break_at_end { "\n" } else { "" };
            let (before, after) = (before + end, after.join("\n") + end);
            let old = Arc::new(SourceFile::new("t.md", before));
            let new = Arc::new(SourceFile::new("t.md", after));
            let old_blocks = parse(&old, 0, 3, &[]);
            if let Some(moved) = reparse(&new, 0, &old, &old_blocks) {
                proptest::prop_assert_eq!(described(&moved), described(&parse(&new, 0, 3, &[])));
            }
        }
    }

    #[test]
    fn an_item_reworded_is_moved_not_parsed_again() {
        let old = Arc::new(SourceFile::new(
            "t.md",
            "---\ntitle: x\n---\n## Senior\n\n- Ships notes (1)\n  - Child one\n- Plans [work](/w)\n\n\
             {{% include \"a.md\" %}}\n",
        ));
        let old_blocks = parse(&old, 17, 16, &[]);
        for text in [
            "---\ntitle: x\n---\n## Senior\n\n- Ships notes (1)\n  - Child one, well\n- Plans [work](/w)\n\n\
             {{% include \"a.md\" %}}\n",
            "---\ntitle: x\n---\n## Senior\n\n- Ships notes for all (2)\n  - Child one\n- Plans [work](/w)\n\n\
             {{% include \"a.md\" %}}\n",
            "---\ntitle: x\n---\n## Senior\n\n- Ships\n  - Child one\n- Plans [work](/w)\n\n\
             {{% include \"a.md\" %}}\n",
        ] {
            let new = Arc::new(SourceFile::new("t.md", text));
            let moved = reparse(&new, 17, &old, &old_blocks);
            assert!(moved.is_some(), "{text}");
            let moved = moved.unwrap_or_default();
            assert_eq!(described(&moved), described(&parse(&new, 17, 16, &[])), "{text}");
        }
        for text in [
            // The bullet, a link, a line added, the front matter: parsed again.
            "---\ntitle: x\n---\n## Senior\n\n* Ships notes (1)\n  - Child one\n- Plans [work](/w)\n\n\
             {{% include \"a.md\" %}}\n",
            "---\ntitle: x\n---\n## Senior\n\n- Ships notes (1)\n  - Child one\n- Plans [it](/w)\n\n\
             {{% include \"a.md\" %}}\n",
            "---\ntitle: x\n---\n## Senior\n\n- Ships notes (1)\n- New\n  - Child one\n- Plans [work](/w)\n\n\
             {{% include \"a.md\" %}}\n",
            "---\ntitle: y\n---\n## Senior\n\n- Ships notes (1)\n  - Child one\n- Plans [work](/w)\n\n\
             {{% include \"a.md\" %}}\n",
        ] {
            let new = Arc::new(SourceFile::new("t.md", text));
            assert!(reparse(&new, 17, &old, &old_blocks).is_none(), "{text}");
        }
    }

    #[test]
    fn items_added_removed_or_re_bulleted_are_moved_not_parsed_again() {
        let page = "## Senior\n\n### Leadership\n\n- Ships notes (1)\n* Plans work (2)\n- Leads (3)\n\n\
                    ### Values\n\n{{% include \"v.md\" %}}\n";
        let old = Arc::new(SourceFile::new("t.md", page));
        let old_blocks = parse(&old, 0, 16, &[]);
        for (from, to) in [
            ("- Ships notes (1)\n", "- New one (4)\n- Ships notes (1)\n"),
            ("- Ships notes (1)\n", ""),
            ("- Leads (3)\n", ""),
            ("* Plans work (2)\n", "- Plans work (2)\n"),
            ("- Leads (3)\n", "* Leads (3)\n"),
            ("- Leads (3)\n", "- New (5)\n- Leads (3)\n- Other (6)\n"),
        ] {
            let new = Arc::new(SourceFile::new("t.md", page.replacen(from, to, 1)));
            let moved = reparse(&new, 0, &old, &old_blocks);
            assert!(moved.is_some(), "{from} -> {to}");
            let moved = moved.unwrap_or_default();
            assert_eq!(described(&moved), described(&parse(&new, 0, 16, &[])), "{from} -> {to}");
        }
        // A line added where an HTML block would take it in: parsed again.
        let old = Arc::new(SourceFile::new("t.md", "<div>\n\n## Senior\n"));
        let new = Arc::new(SourceFile::new("t.md", "<div>\n- Foo\n\n## Senior\n"));
        assert!(reparse(&new, 0, &old, &parse(&old, 0, 16, &[])).is_none());
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
