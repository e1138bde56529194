//! Link targets of an item as written: an item whose words stay but whose link points elsewhere
//! sends readers somewhere new, so it is a change, not a cosmetic edit.

use pulldown_cmark::{Event, Parser, Tag};

/// The targets of the links and images written in `markdown`, in order.
fn targets(markdown: &str) -> Vec<String> {
    Parser::new(markdown)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some(dest_url.to_string())
            }
            _ => None,
        })
        .collect()
}

/// `old-target → new-target` for each link of `old` that points elsewhere in `new`, or `None`
/// when every target is the same.
pub(super) fn retargeted(old: &str, new: &str) -> Option<String> {
    // Every link or image CommonMark knows opens with `[`, `![` or `<`: texts without them
    // (most items) or the same on both sides need no parse.
    let may_link = |text: &str| text.contains(['[', '<']);
    if old == new || !(may_link(old) || may_link(new)) {
        return None;
    }
    let (before, after) = (targets(old), targets(new));
    if before == after {
        return None;
    }
    let mut moved: Vec<String> = before
        .iter()
        .zip(&after)
        .filter(|(a, b)| a != b)
        .map(|(a, b)| format!("{a} → {b}"))
        .collect();
    moved.extend(before.iter().skip(after.len()).map(|a| format!("{a} → (no link)")));
    moved.extend(after.iter().skip(before.len()).map(|b| format!("(no link) → {b}")));
    Some(moved.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_target_is_reported_and_the_same_target_is_not() {
        let old = "* Extends the [Staff role](/jobs/staff#one) duties";
        assert_eq!(retargeted(old, "* Extends the [Staff role](/jobs/staff#one) duties"), None);
        assert_eq!(retargeted(old, "- Extends the *[Staff role](/jobs/staff#one)* duties"), None);
        assert_eq!(
            retargeted(old, "* Extends the [Staff role](/library/staff#one) duties").as_deref(),
            Some("/jobs/staff#one → /library/staff#one")
        );
        assert_eq!(
            retargeted(old, "* Extends the Staff role duties").as_deref(),
            Some("/jobs/staff#one → (no link)")
        );
    }
}
