//! Every bad input gives a diagnostic naming the file and line, and exit status 2; never a panic.

use std::path::Path;

use crate::support::{fixture, ladder};

/// A one-framework handbook in a temporary folder, with `senior.md` holding `page`.
fn handbook(page: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let pages = dir.path().join("content/team");
    std::fs::create_dir_all(&pages).expect("pages folder");
    std::fs::create_dir_all(dir.path().join("assets/includes")).expect("include root");
    std::fs::write(pages.join("senior.md"), page).expect("page");
    dir
}

fn lint(dir: &Path) -> crate::support::Run {
    ladder([Path::new("lint"), dir])
}

fn assert_input_error(run: &crate::support::Run, path_and_line: &str) {
    assert_eq!(run.status, 2, "stdout:\n{}\nstderr:\n{}", run.out, run.err);
    assert!(run.err.contains(path_and_line), "stderr does not name {path_and_line}:\n{}", run.err);
}

#[test]
fn invalid_utf8_names_file_and_line() {
    let dir = handbook(b"## Senior\n\n### Technical\n\n- Fine\n- Broken \xff\xfe here\n");
    assert_input_error(&lint(dir.path()), "senior.md:6: invalid UTF-8");
}

#[test]
fn binary_file_names_file_and_line() {
    let dir = handbook(b"## Senior\n\0\x01\x02");
    assert_input_error(&lint(dir.path()), "senior.md:2: binary file");
}

#[test]
fn empty_file_names_file_and_line() {
    let dir = handbook(b"");
    assert_input_error(&lint(dir.path()), "senior.md:1: empty file");
}

#[test]
fn malformed_front_matter_names_file_and_line() {
    let dir = handbook(b"---\ntitle: \"Senior\"\ndescription: [unclosed\n---\n## Senior\n");
    let run = lint(dir.path());
    assert_eq!(run.status, 2, "{}", run.err);
    assert!(
        run.err.contains("senior.md:") && run.err.contains("malformed front matter"),
        "{}",
        run.err
    );
}

#[test]
fn unclosed_front_matter_names_file_and_line() {
    let dir = handbook(b"---\ntitle: Senior\n## Senior\n");
    assert_input_error(&lint(dir.path()), "senior.md:1: malformed front matter");
}

#[test]
fn missing_include_exits_2_at_the_shortcode() {
    let run = lint(&fixture("checks/includes/invalid-missing"));
    assert_eq!(run.status, 2);
    // The file is named once above its findings, each snippet at its line and column.
    assert!(run.out.contains("/senior.md\n") && run.out.contains("[9:1]"), "{}", run.out);
}

#[test]
fn include_cycle_exits_2_at_the_shortcode() {
    let run = lint(&fixture("checks/includes/invalid-cycle"));
    assert_eq!(run.status, 2);
    assert!(run.out.contains("include cycle"), "{}", run.out);
    assert!(run.out.contains("/b.md\n") && run.out.contains("[3:1]"), "{}", run.out);
}

#[test]
fn include_outside_root_is_refused_and_exits_2() {
    let run = lint(&fixture("checks/includes/invalid-outside-root"));
    assert_eq!(run.status, 2);
    assert!(run.out.contains("leaves the repository root"), "{}", run.out);
}

#[test]
fn include_of_a_binary_file_names_the_include() {
    let dir = handbook(b"## Senior\n\n### Technical\n\n{{% include \"includes/x.md\" %}}\n");
    std::fs::write(dir.path().join("assets/includes/x.md"), b"* a\n\0").expect("include");
    assert_input_error(&lint(dir.path()), "x.md:2: binary file");
}

#[test]
fn folder_without_frameworks_is_an_input_error_not_a_silent_success() {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::write(dir.path().join("notes.md"), "# Notes\n").expect("file");
    let run = lint(dir.path());
    assert_eq!(run.status, 2);
    assert!(run.err.contains("no framework found"), "{}", run.err);
}

#[test]
fn pages_that_are_not_levels_are_skipped_with_a_note() {
    let dir = handbook(b"## Senior Engineer\n\n### Technical\n\n- Writes code.\n");
    std::fs::write(dir.path().join("content/team/representative.md"), "## Other role\n")
        .expect("page");
    std::fs::write(dir.path().join("content/team/_index.md"), "---\ntitle: Team\n---\n")
        .expect("index");
    let run = lint(dir.path());
    assert_ne!(run.status, 2, "{}", run.err);
    assert!(run.out.contains("representative.md: skipped"), "{}", run.out);
    assert!(!run.out.contains("_index.md: skipped"), "{}", run.out);
}

/// Deterministic pseudo-random bytes (no dependency, same sequence every run).
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let alphabet = b"-*#{}%\"<>!`[]()\n \t.:_|abc---\r\xff\x00";
    (0..len)
        .map(|_| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            alphabet[(state >> 33) as usize % alphabet.len()]
        })
        .collect()
}

#[test]
fn arbitrary_bytes_never_panic_the_reader() {
    for seed in 0..150 {
        let dir = handbook(&noise(seed, 40 + (seed as usize * 7) % 400));
        std::fs::write(dir.path().join("assets/includes/a.md"), noise(seed + 1000, 200))
            .expect("include");
        let run = lint(dir.path());
        assert!([0, 1, 2].contains(&run.status), "seed {seed}: status {}", run.status);
    }
}

#[test]
fn malformed_shortcode_is_a_finding_not_an_input_error() {
    let run = lint(&fixture("checks/includes/invalid-malformed"));
    assert_eq!(run.status, 1, "{}\n{}", run.out, run.err);
    assert!(run.out.contains("malformed include shortcode"), "{}", run.out);
}
