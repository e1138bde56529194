//! The framework model every reader builds and every command reads:
//! Framework -> Level -> Section -> Group -> Item, each item with the span where it is written.
//! Sections, groups and topics are the axes that cut a level into cells (see ../shared/DESIGN.md):
//! an item's cell is (level, section, group, topic).

mod escalation;
mod text;

pub use escalation::{Declared, Escalation, EscalationPlan, TopicBound, slug};
pub use text::{clip, fold, for_each_word, normalize, words};

use crate::source::Span;

/// Where a framework was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Handbook Markdown pages with Hugo includes.
    Markdown,
    /// ladder's YAML framework format.
    Yaml,
    /// Monzo's progression framework: Markdown files with topics in YAML front matter.
    Monzo,
    /// The Financial Times' engineering progression: YAML competencies with ids, levels and themes.
    Ft,
    /// Medium's Snowflake: JSON tracks of five milestones each.
    Snowflake,
}

impl Format {
    /// Every format ladder reads, as `ladder.yml`'s `format:` names them.
    pub const ALL: [Format; 5] =
        [Format::Markdown, Format::Yaml, Format::Monzo, Format::Ft, Format::Snowflake];

    /// The name `ladder.yml`'s `format:` and the JSON output use.
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Yaml => "yaml",
            Format::Monzo => "monzo",
            Format::Ft => "ft",
            Format::Snowflake => "snowflake",
        }
    }

    /// The format `ladder.yml` names `name`.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|format| format.name() == name)
    }
}

/// Everything read from the paths given: frameworks, and notes on what was skipped.
#[derive(Debug, Default)]
pub struct Workspace {
    /// The frameworks found, in path order.
    pub frameworks: Vec<Framework>,
    /// Files passed over on purpose (index pages, pages for another role), said to the user.
    pub notes: Vec<Note>,
    /// Include shortcodes that could not be followed, for the `includes` check.
    pub include_problems: Vec<IncludeProblem>,
    /// Index pages (`_index.md`) of the folders read and the folders above them, with their links.
    pub indexes: Vec<IndexPage>,
    /// What the configuration says of each framework's escalation, by framework id.
    pub escalation: std::collections::BTreeMap<String, EscalationPlan>,
}

impl Workspace {
    /// How escalation is judged in `framework`: as configured, else its format's default.
    pub fn escalation(&self, framework: &Framework) -> Escalation {
        self.escalation
            .get(&framework.id)
            .and_then(|plan| plan.mode)
            .unwrap_or_else(|| Escalation::default_for(framework.format))
    }

    /// The folders of the Markdown frameworks (handbook pages), where index pages and links live.
    pub fn markdown_folders(&self) -> Vec<std::path::PathBuf> {
        self.frameworks
            .iter()
            .filter(|framework| framework.format == Format::Markdown)
            .filter_map(Framework::folder)
            .collect()
    }

    /// The topics declared to start late or end early in `framework`.
    pub fn topic_bounds(&self, framework: &Framework) -> &[TopicBound] {
        self.escalation.get(&framework.id).map_or(&[], |plan| plan.topics.as_slice())
    }
}

/// A folder's `_index.md`: the page that introduces a framework or a family of them.
#[derive(Debug, Clone)]
pub struct IndexPage {
    /// The folder it introduces, as read.
    pub folder: String,
    /// Its first line, for findings about the page as a whole.
    pub span: Span,
    /// Every link written on it (its includes' links too, with `via` set).
    pub links: Vec<Link>,
}

/// A Markdown link to another page, with where it leads.
#[derive(Debug, Clone)]
pub struct Link {
    /// The destination as written (`/handbook/engineering/careers/matrix/senior/`).
    pub target: String,
    /// The whole link as written (often in an include).
    pub span: Span,
    /// The include shortcode on the page that pulled the link in, when it came from an include.
    pub via: Option<Span>,
    /// Where the destination was found, as far as ladder can tell.
    pub resolved: LinkTarget,
}

/// Where a link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Not a page ladder can check: another site, an anchor, or a page outside the folders read.
    Unknown,
    /// The page's file, as read (`content/…/senior.md` or a folder's `_index.md`).
    Page(String),
    /// A page inside the folders read that does not exist: the files Hugo would look for.
    Missing(Vec<String>),
}

/// An include shortcode that could not be followed.
#[derive(Debug, Clone)]
pub struct IncludeProblem {
    /// What is wrong with it.
    pub kind: IncludeProblemKind,
    /// The shortcode as written.
    pub span: Span,
}

/// Ways an include can fail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IncludeProblemKind {
    /// Looks like an include shortcode but does not parse as one.
    Malformed {
        /// The include path read from it, if any.
        written: Option<String>,
        /// The path to write: the one written when that file exists under the include root, else
        /// the file there closest to it.
        corrected: Option<String>,
    },
    /// The included file does not exist under the include root.
    Missing {
        /// The path looked for.
        path: String,
    },
    /// The include leads back to a file that is already being included.
    Cycle {
        /// The files of the cycle, in order.
        chain: Vec<String>,
    },
    /// The path leaves the repository root; it was refused, never read.
    OutsideRoot {
        /// The path as written.
        target: String,
    },
    /// No include root was found for the page.
    NoIncludeRoot,
}

/// A file ladder read past on purpose, and why.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Note {
    /// The file, as shown to people.
    pub path: String,
    /// Why it was passed over.
    pub message: String,
}

/// One career framework: levels in order, each cut into sections and groups.
#[derive(Debug, Clone)]
pub struct Framework {
    /// Stable identifier: the folder or file it was read from, relative to the handbook root.
    pub id: String,
    /// Name shown to people (the index page's title, the YAML `name`, or the folder name).
    pub name: String,
    /// Where it was read from.
    pub format: Format,
    /// Levels from the lowest to the highest.
    pub levels: Vec<Level>,
    /// Sections every level must have (from configuration or the YAML file).
    pub required_sections: Vec<String>,
}

impl Framework {
    /// Pairs of (lower, higher) level indexes: each level and the level below it.
    pub fn level_pairs(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.levels
            .iter()
            .enumerate()
            .filter_map(|(higher, level)| level.below.map(|lower| (lower, higher)))
    }

    /// The level whose key is `key`.
    pub fn level(&self, key: &str) -> Option<&Level> {
        self.levels.iter().find(|level| level.key == key)
    }

    /// The folder of its level pages, for Markdown frameworks.
    pub fn folder(&self) -> Option<std::path::PathBuf> {
        let page = self.levels.iter().find_map(|level| level.page.as_ref())?;
        let folder = std::path::Path::new(page.span.path()).parent()?;
        Some(crate::source::normalize_path(folder))
    }
}

/// One level of a framework (Senior, Staff, ...).
#[derive(Debug, Clone)]
pub struct Level {
    /// Key from the level vocabulary or the YAML file (`senior`, `senior-staff`).
    pub key: String,
    /// Name shown to people (`Senior`).
    pub name: String,
    /// Index of the level below in [`Framework::levels`]: an edge of the level graph.
    pub below: Option<usize>,
    /// The page the level is written on, for Markdown frameworks.
    pub page: Option<Page>,
    /// Where the level is declared (its page heading, or its YAML entry).
    pub span: Option<Span>,
    /// Sections in the order written.
    pub sections: Vec<Section>,
}

impl Level {
    /// Every item of the level, sub-items after their parent, with its section and group.
    pub fn items(&self) -> impl Iterator<Item = ItemRef<'_>> + '_ {
        self.sections.iter().flat_map(|section| {
            section.groups.iter().flat_map(move |group| {
                group.items.iter().flat_map(Item::walk).map(move |item| ItemRef {
                    section,
                    group,
                    item,
                })
            })
        })
    }

    /// The section named `name` (canonical name).
    pub fn section(&self, name: &str) -> Option<&Section> {
        self.sections.iter().find(|section| section.name == name)
    }
}

/// An item with the section and group it sits in.
#[derive(Debug, Clone, Copy)]
pub struct ItemRef<'a> {
    /// The section holding the item.
    pub section: &'a Section,
    /// The group holding the item.
    pub group: &'a Group,
    /// The item.
    pub item: &'a Item,
}

/// What a Markdown level page says about itself, beside its items.
#[derive(Debug, Clone)]
pub struct Page {
    /// The page's own span (its first line), for page-level findings.
    pub span: Span,
    /// `title` from the front matter.
    pub title: Option<Spanned>,
    /// The page heading (the first `#` or `##` heading written on the page).
    pub heading: Option<Spanned>,
    /// Links to `#anchor` on the page (its table of contents).
    pub anchor_links: Vec<Spanned>,
    /// Anchors of every heading the rendered page has, includes' headings too.
    pub anchors: Vec<String>,
    /// Links to other pages, written on the page or in its includes.
    pub links: Vec<Link>,
}

/// A piece of text with the span it was read from.
#[derive(Debug, Clone)]
pub struct Spanned {
    /// The text, markup removed.
    pub text: String,
    /// Where it is written.
    pub span: Span,
}

/// One section of a level (Leadership, Technical, Values Alignment, ...).
#[derive(Debug, Clone)]
pub struct Section {
    /// Canonical name from the section vocabulary, or the heading as written.
    pub name: String,
    /// The heading as written, where there is one.
    pub heading: Option<Spanned>,
    /// Groups in the order written; items outside any group sit in a group without a name.
    pub groups: Vec<Group>,
}

impl Section {
    /// Number of items, sub-items included.
    pub fn item_count(&self) -> usize {
        self.groups.iter().flat_map(|group| &group.items).map(|item| item.walk().count()).sum()
    }
}

/// A group of items inside a section (Engineering, Support, Development, ...).
#[derive(Debug, Clone)]
pub struct Group {
    /// The group's name, `None` for items outside any group heading.
    pub name: Option<String>,
    /// Items in the order written.
    pub items: Vec<Item>,
}

/// One competency item.
#[derive(Debug, Clone)]
pub struct Item {
    /// The text as read, markup removed, white space folded.
    pub text: String,
    /// The text normalised for comparison (see [`normalize`]).
    pub normalized: String,
    /// Stable id (YAML `id`, or a Markdown `<!-- ladder: id=... -->` annotation).
    pub id: Option<String>,
    /// Explicit link: the id or text of the item it escalates at the level below.
    pub escalates: Option<String>,
    /// Declared new at this level: it escalates nothing below on purpose.
    pub new_here: bool,
    /// Check ids silenced for this item by an annotation.
    pub allow: Vec<String>,
    /// Where the text is written (often an include file).
    pub origin: Span,
    /// The include shortcode on the page that pulled the text in, when it came from an include.
    pub via: Option<Span>,
    /// The topic the item is written under, when its list is written topic by topic.
    pub topic: Option<Topic>,
    /// Texts of the links inside the item: they name pages, not what the item asks.
    pub link_texts: Vec<String>,
    /// Annotations meant for one framework only (`<!-- ladder: new for=development -->`), by
    /// framework, applied once frameworks have their ids ([`Framework::apply_scoped`]).
    pub scoped: Vec<(String, String)>,
    /// Per-item attributes a format writes beside the text (`proficiency: Practitioner`), by
    /// name, for checks that compare them across levels.
    pub attributes: std::collections::BTreeMap<String, String>,
    /// Nested sub-items.
    pub children: Vec<Item>,
}

/// An item and its sub-items, depth first, without an allocation per item (every check walks
/// every item) and without recursion.
pub struct Walk<'a> {
    /// The item itself, until it is given.
    next: Option<&'a Item>,
    /// The sub-items still to give, one list per depth.
    below: Vec<std::slice::Iter<'a, Item>>,
}

impl<'a> Iterator for Walk<'a> {
    type Item = &'a Item;

    fn next(&mut self) -> Option<&'a Item> {
        let item = match self.next.take() {
            Some(item) => item,
            None => loop {
                match self.below.last_mut()?.next() {
                    Some(item) => break item,
                    None => {
                        self.below.pop();
                    }
                }
            },
        };
        if !item.children.is_empty() {
            self.below.push(item.children.iter());
        }
        Some(item)
    }
}

/// A topic: a label that gathers items about one subject inside a section (a label bullet such
/// as "Test Tooling" holding its items as sub-bullets, a heading below the section, a Monzo
/// topic, an FT theme). An axis of a cell like sections and groups, not an item itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    /// The label as written, markup removed.
    pub name: String,
    /// Where the label is written.
    pub span: Span,
}

impl Topic {
    /// The label normalised for comparison across levels (case, markup, final punctuation).
    pub fn key(&self) -> String {
        normalize(&self.name)
    }
}

impl Item {
    /// An item with `text` written at `origin`, no annotation.
    pub fn new(text: impl Into<String>, origin: Span) -> Self {
        let text = text.into();
        let normalized = normalize(&text);
        Self::normalized(text, normalized, origin)
    }

    /// An item with `text` written at `origin`, its [`normalize`]d form found already.
    pub(crate) fn normalized(text: String, normalized: String, origin: Span) -> Self {
        Self {
            normalized,
            text,
            id: None,
            escalates: None,
            new_here: false,
            allow: Vec::new(),
            origin,
            via: None,
            topic: None,
            link_texts: Vec::new(),
            scoped: Vec::new(),
            attributes: Default::default(),
            children: Vec::new(),
        }
    }

    /// The item's text without the words of its links (which name pages, not the item's reach).
    pub fn unlinked_text(&self) -> String {
        let mut text = self.text.clone();
        for link in &self.link_texts {
            if let Some(at) = text.find(link.as_str()) {
                text.replace_range(at..at + link.len(), " ");
            }
        }
        text
    }

    /// The item and its sub-items, depth first.
    pub fn walk(&self) -> Walk<'_> {
        Walk { next: Some(self), below: Vec::new() }
    }

    /// Whether an annotation silences check `id` on this item.
    pub fn allows(&self, id: &str) -> bool {
        self.allow.iter().any(|allowed| allowed == id || allowed == "all")
    }
}
