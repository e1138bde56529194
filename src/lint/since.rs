//! The findings of the same check at another revision, for `ladder lint --new-since REV`: what
//! a merge request adds is what its head finds and its base does not.

use std::sync::Arc;

use crate::align::Curated;
use crate::finding::Finding;
use crate::read::ReadOptions;
use crate::source::revisions::Side;

/// Lints `side` (a revision of the same files) as the current run lints the working tree:
/// the same paths and options, its own ladder.yml, rules and curated alignment file, or
/// `curated` when the run was given one. Input errors at that revision leave what could be read.
pub fn findings_at(side: Side, options: &ReadOptions, curated: Option<&Curated>) -> Vec<Finding> {
    let tree = side.tree.clone();
    let loaded = crate::read::load(Box::new(side.tree), &side.paths, options);
    let own = match curated {
        Some(_) => None,
        None => curated_in(tree.as_ref(), &loaded),
    };
    let curated = curated.or(own.as_ref());
    let (_, findings) = super::lint_aligning(&loaded.workspace, &loaded.rules, || {
        crate::align::align_with(&loaded.workspace, &loaded.rules, curated)
    });
    findings
}

/// The curated alignment file the revision's ladder.yml names, read at that revision; none when
/// it names none or the file is unusable there (the revision is only compared against).
fn curated_in(tree: &dyn crate::source::Tree, loaded: &crate::read::Loaded) -> Option<Curated> {
    let config = loaded.config.as_ref()?;
    let path = config.alignment()?;
    let bytes = tree.read(&path).ok()??;
    let file = crate::source::decode(&path.display().to_string(), bytes).ok()?;
    Curated::parse(Arc::new(file)).ok()
}
