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

/// A path of the shared real corpus beside the project. Tests that read it are marked
/// `#[ignore = "needs ../shared/corpus"]` and run by `cargo test -- --include-ignored` (.ci/run,
/// the README's test command); without the corpus they fail here, never pass silently.
pub fn corpus(path: &str) -> Option<PathBuf> {
    let found = project().join("../shared/corpus").join(path);
    assert!(
        found.exists(),
        "this test needs {} (../shared/corpus beside the project)",
        found.display()
    );
    Some(found)
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

/// Copies the folder `from` into `to`, recursively.
pub fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// Runs git in `dir` with a fixed author and date, and returns its standard output.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("GIT_AUTHOR_DATE", "2024-05-10T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2024-05-10T12:00:00Z")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs");
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into()
}

/// Runs the ladder binary in the folder `cwd`, as a user at a shell would.
pub fn ladder_in<I, S>(cwd: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_ladder"))
        .current_dir(cwd)
        .args(args)
        .env_remove("CI_MERGE_REQUEST_DIFF_BASE_SHA")
        .env("NO_COLOR", "1")
        .output()
        .expect("ladder runs");
    Run {
        status: output.status.code().unwrap_or(-1),
        out: String::from_utf8_lossy(&output.stdout).into(),
        err: String::from_utf8_lossy(&output.stderr).into(),
    }
}
