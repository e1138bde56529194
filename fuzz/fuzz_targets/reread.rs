//! A revision read after another with what the first read left (as `ladder diff` and `ladder
//! notes` read them: blocks of a file's version before moved rather than parsed when only plain
//! list items changed) reads as it does alone.
#![no_main]

mod common;

use std::path::PathBuf;
use std::sync::Arc;

use ladder::read::{ReadOptions, Reuse, load, load_reusing};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let parts = common::parts(data, 4);
    let side = |page: &[u8], include: &[u8]| {
        common::MemTree::of(&[
            ("content/team/senior.md", page),
            ("content/team/staff.md", b"---\ntitle: Staff\n---\n## Staff\n\n- Leads the team.\n"),
            ("assets/includes/a.md", include),
        ])
    };
    let (paths, options) = ([PathBuf::from(".")], ReadOptions::default());
    let reuse = Arc::new(Reuse::default());
    let _ = load_reusing(Box::new(side(parts[0], parts[1])), &paths, &options, reuse.clone());
    let after = load_reusing(Box::new(side(parts[2], parts[3])), &paths, &options, reuse);
    let alone = load(Box::new(side(parts[2], parts[3])), &paths, &options);
    assert_eq!(format!("{:?}", after.workspace), format!("{:?}", alone.workspace));
});
