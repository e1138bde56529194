//! ladder.yml, a declarative rule and a rules file over a small handbook.
#![no_main]

mod common;

const PAGE: &[u8] = b"---\ntitle: Senior\n---\n\n## Senior\n\n### Technical\n\n- Designs services.\n";

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let parts = common::parts(data, 3);
    common::lint(common::MemTree::of(&[
        ("ladder.yml", parts[0]),
        ("rules/lint/rule.yml", parts[1]),
        ("rules/checks.yml", parts[2]),
        ("content/team/senior.md", PAGE),
        ("content/team/staff.md", PAGE),
    ]));
});
