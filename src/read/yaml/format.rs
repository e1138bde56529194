//! The YAML framework format as serde structs: the one definition both the reader and
//! `ladder export` use, so what export writes is what the reader reads.
//!
//! Fields that carry a place in the file are [`Spanned`]; serializing a `Spanned` writes only its
//! value, so export builds the same structs with unknown locations. Structs deny unknown fields
//! and nothing is flattened, so a misspelt key is reported at its own line.

use std::collections::BTreeMap;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

/// One framework: one YAML document.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FrameworkDoc {
    /// Name shown to people.
    pub name: String,
    /// Stable identifier (default: the file name without `.ladder.yml`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Sections every level must have (default: rules/sections.yml's `required`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_sections: Option<Vec<String>>,
    /// How growth across levels is checked: `item` (the default) or `topic` (each topic's cell
    /// grows as a whole); `escalation:` in ladder.yml wins over it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalation: Option<Spanned<String>>,
    /// Levels, lowest first.
    pub levels: Spanned<Vec<LevelDoc>>,
}

/// One level.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LevelDoc {
    /// Key of the level (`senior`, `staff-manager`), unique in the framework.
    pub key: Spanned<String>,
    /// Name shown to people (default: the level vocabulary's name, or the key in title case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Key of the level below (default: the level listed before); lets IC and manager rungs branch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below: Option<Spanned<String>>,
    /// Sections in order.
    #[serde(default)]
    pub sections: Vec<SectionDoc>,
}

/// One section of a level.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SectionDoc {
    /// Section name; a name the section vocabulary knows is read as its canonical name.
    pub name: Spanned<String>,
    /// Items outside any group (read as a group without a name, before `groups`; `items: []`
    /// keeps an empty one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<Spanned<ItemDoc>>>,
    /// Groups in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupDoc>,
}

/// One group of items in a section.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GroupDoc {
    /// Group name; omitted for items outside any named group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Items in order.
    #[serde(default)]
    pub items: Vec<Spanned<ItemDoc>>,
}

/// One item: its text alone, or a mapping with its links.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum ItemDoc {
    /// An item with nothing but its text.
    Text(String),
    /// An item with an id, a link, a `new` flag, silenced checks or sub-items.
    Full(Box<ItemFields>),
}

/// The mapping form of an item.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ItemFields {
    /// The item's text.
    pub text: Spanned<String>,
    /// Stable id, unique in the framework by convention, reused by `escalates` at the level above.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Id or text of the item this one escalates at the level below.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalates: Option<Spanned<String>>,
    /// Declared new at this level: it escalates nothing below on purpose.
    #[serde(default, skip_serializing_if = "is_false")]
    pub new: bool,
    /// Check ids silenced for this item (`all` silences every check).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<String>,
    /// The topic the item is written under (a label such as "Test Tooling").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<Spanned<String>>,
    /// Attributes a format writes beside the text (`category: A`, `kind: example` for an
    /// example under its item), by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// Nested sub-items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Spanned<ItemDoc>>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// What an item may be, said in errors about a value of the wrong shape.
const ITEM_SHAPE: &str = "an item: its text, or a mapping with `text` and optional `id`, \
                          `escalates`, `new`, `allow`, `topic`, `attributes`, `items`";

// Hand-written rather than `#[serde(untagged)]`: untagged buffers the value, which loses the
// locations of the fields inside and turns a misspelt key into "did not match any variant".
impl<'de> Deserialize<'de> for ItemDoc {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ItemVisitor)
    }
}

struct ItemVisitor;

impl<'de> Visitor<'de> for ItemVisitor {
    type Value = ItemDoc;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str(ITEM_SHAPE)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<ItemDoc, E> {
        Ok(ItemDoc::Text(text.to_string()))
    }

    // A plain scalar that YAML reads as a number or a boolean is still an item's words.
    fn visit_bool<E: de::Error>(self, value: bool) -> Result<ItemDoc, E> {
        Ok(ItemDoc::Text(value.to_string()))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<ItemDoc, E> {
        Ok(ItemDoc::Text(value.to_string()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<ItemDoc, E> {
        Ok(ItemDoc::Text(value.to_string()))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<ItemDoc, E> {
        Ok(ItemDoc::Text(value.to_string()))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ItemDoc, A::Error> {
        ItemFields::deserialize(de::value::MapAccessDeserializer::new(map))
            .map(|fields| ItemDoc::Full(Box::new(fields)))
    }
}
