//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

/// The project's folder.
pub fn project() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path under `fixtures/`.
pub fn fixture(path: &str) -> PathBuf {
    project().join("fixtures").join(path)
}

/// The shared real corpus next to the project, when it is there.
pub fn corpus(path: &str) -> Option<PathBuf> {
    let found = project().join("../shared/corpus").join(path);
    found.exists().then_some(found)
}

/// What one run of ladder gave.
pub struct Run {
    /// Exit status.
    pub status: i32,
    /// Standard output.
    pub out: String,
    /// Standard error.
    pub err: String,
}

/// Runs ladder in-process with `args` (without the program name), as if not on a terminal.
pub fn ladder<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut out = Vec::new();
    let mut err = Vec::new();
    let all: Vec<std::ffi::OsString> = std::iter::once("ladder".into())
        .chain(args.into_iter().map(|arg| arg.as_ref().to_os_string()))
        .collect();
    let status = ladder::cli::run(all, &mut out, &mut err, (false, false)) as i32;
    Run {
        status,
        out: String::from_utf8_lossy(&out).into(),
        err: String::from_utf8_lossy(&err).into(),
    }
}

/// Lints `path` and returns the exit status and the JSON findings document.
pub fn lint_json(path: &Path) -> (i32, serde_json::Value) {
    lint_json_with(path, &[])
}

/// Lints `path` with extra arguments and returns the exit status and the JSON findings document.
pub fn lint_json_with(path: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args: Vec<&std::ffi::OsStr> =
        vec!["lint".as_ref(), "--format".as_ref(), "json".as_ref()];
    args.extend(extra.iter().map(|arg| std::ffi::OsStr::new(*arg)));
    args.push(path.as_os_str());
    let run = ladder(args);
    let value = serde_json::from_str(&run.out).unwrap_or_else(|error| {
        panic!("lint of {} gave no JSON ({error}):\n{}\n{}", path.display(), run.out, run.err)
    });
    (run.status, value)
}

/// Ids of the findings of a JSON findings document.
pub fn finding_ids(document: &serde_json::Value) -> Vec<String> {
    document["findings"]
        .as_array()
        .map(|findings| {
            findings.iter().filter_map(|f| f["id"].as_str().map(String::from)).collect()
        })
        .unwrap_or_default()
}
