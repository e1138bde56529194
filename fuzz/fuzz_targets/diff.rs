//! Two revisions of a framework (two pages and an include each) diffed and rendered.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let parts = common::parts(data, 4);
    let side = |senior: &[u8], staff: &[u8]| {
        common::MemTree::of(&[
            ("content/team/senior.md", senior),
            ("content/team/staff.md", staff),
            ("assets/includes/a.md", b"- Shared item.\n"),
        ])
    };
    common::diff(side(parts[0], parts[1]), side(parts[2], parts[3]));
});
