//! `structure/duplicate-item`: the same item twice in one level.

use crate::hash::TextMap;

use super::Place;
use crate::finding::Finding;
use crate::model::{Item, Topic};
use crate::source::Span;

/// Reports every repeat of an item already listed earlier in the level, at the repeat.
pub(super) fn check(at: &Place<'_>, found: &mut Vec<Finding>) {
    // In a framework written topic by topic, an item that heads examples or signals may be
    // written under several topics on purpose (Monzo's "Criteria for sublevel A" heads each
    // topic's examples, Snowflake's platform tracks share a milestone summary): each topic's is
    // its own. A plain criterion written under two topics of one level is still asked twice.
    let mut first: TextMap<(String, &str), &Item> = TextMap::default();
    let mut repeated_includes: Vec<&Span> = Vec::new();
    for item in at.level.items().map(|found| found.item) {
        // Two items may share an example; only competencies must not repeat.
        if item.normalized.is_empty() || item.is_detail() {
            continue;
        }
        let heading = at.by_topic && item.children.iter().any(Item::is_detail);
        let topic = item.topic.as_ref().filter(|_| heading).map(Topic::key).unwrap_or_default();
        let key = (topic, item.normalized.as_str());
        let Some(earlier) = first.get(&key) else {
            first.insert(key, item);
            continue;
        };
        if earlier.origin == item.origin {
            // The same words written once, reached twice: the include is what repeats.
            if let (Some(via), Some(earlier_via)) = (&item.via, &earlier.via)
                && via != earlier_via
                && !repeated_includes.contains(&via)
            {
                repeated_includes.push(via);
                found.push(
                    at.finding(
                        "structure/duplicate-item",
                        via.clone(),
                        format!("`{}` is included twice in one level", via.text()),
                    )
                    .label("included again here")
                    .related(earlier_via.clone(), "first included here")
                    .help("remove one of the two includes"),
                );
            }
            continue;
        }
        found.push(
            at.finding(
                "structure/duplicate-item",
                item.origin.clone(),
                format!("`{}` is listed twice in one level", short(&item.text)),
            )
            .label("repeated here")
            .related(earlier.origin.clone(), "first listed here")
            .help("remove one of the two, or reword it if they mean different things"),
        );
    }
}

/// The first words of a text, for a message.
pub(in crate::lint::checks) fn short(text: &str) -> String {
    const MAX: usize = 60;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", text[..cut].trim_end()),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::checks::structure::CHECK;
    use crate::lint::checks::structure::testing::{ids, page, run};

    type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

    #[test]
    fn repeat_across_include_and_page_points_at_the_second() -> Result {
        let body = "### Leadership\n\n- Leads.\n\n### Technical\n\n\
                    {{% include \"includes/tech.md\" %}}\n\n- Reviews code **carefully**\n\n\
                    ### Values Alignment\n\n- Shows collaboration.\n";
        let files = [
            ("team/senior.md", page("Senior Engineer", body)),
            ("assets/includes/tech.md", "##### Team\n\n* Reviews code carefully.\n".into()),
        ];
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        let findings = run(&CHECK, &files)?;
        assert_eq!(ids(&findings), ["structure/duplicate-item"]);
        assert!(findings[0].primary.path().ends_with("senior.md"));
        assert!(findings[0].related[0].span.path().ends_with("tech.md"));
        Ok(())
    }

    #[test]
    fn same_words_in_two_levels_are_no_repeat() -> Result {
        let body = "### Leadership\n\n- Leads.\n\n### Technical\n\n- Codes.\n\n\
                    ### Values Alignment\n\n- Shows collaboration.\n";
        let files = [
            ("team/senior.md", page("Senior Engineer", body)),
            ("team/staff.md", page("Staff Engineer", body)),
        ];
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        assert!(ids(&run(&CHECK, &files)?).is_empty());
        Ok(())
    }

    #[test]
    fn long_text_is_shortened_on_a_character_boundary() {
        let long = "é".repeat(80);
        assert_eq!(super::short(&long).chars().count(), 61);
        assert_eq!(super::short("Leads."), "Leads.");
    }
}
