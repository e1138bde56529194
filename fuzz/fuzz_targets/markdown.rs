//! Handbook Markdown with includes: two level pages and two includes cut from the input.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let parts = common::parts(data, 4);
    common::lint(common::MemTree::of(&[
        ("content/team/senior.md", parts[0]),
        ("content/team/staff.md", parts[1]),
        ("assets/includes/a.md", parts[2]),
        ("assets/includes/b.md", parts[3]),
    ]));
});
