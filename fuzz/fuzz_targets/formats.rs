//! The readers of other companies' formats: Monzo Markdown, FT YAML (job families and the first
//! layout with levels and domains beside the competencies) and Snowflake JSON.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let parts = common::parts(data, 6);
    common::lint(common::MemTree::of(&[
        ("monzo/frameworks/team.md", parts[0]),
        ("ft/data/job-families/team.yml", parts[1]),
        ("ft-first/data/competencies.yml", parts[2]),
        ("ft-first/data/levels.yml", parts[3]),
        ("ft-first/data/domains.yml", parts[4]),
        ("snowflake/tracks.json", parts[5]),
    ]));
});
