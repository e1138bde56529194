//! ladder's YAML framework format.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::lint(common::MemTree::of(&[("team.ladder.yml", data)]));
});
