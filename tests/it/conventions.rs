//! Command-line conventions: completions and a man page from the same definitions as `--help`,
//! `-` for standard input, `-q` and `-v`, counts in the right number.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::root::handbook_with_a_copy;
use crate::support::{fixture, ladder, ladder_in};

#[test]
fn completions_name_every_subcommand_and_lint_option() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let run = ladder(["completions", shell]);
        assert_eq!(run.status, 0, "{shell}: {}", run.err);
        for word in ["lint", "diff", "new-since", "write-baseline"] {
            assert!(run.out.contains(word), "{shell} completion lacks {word}");
        }
    }
    assert_eq!(ladder(["completions", "tcsh"]).status, 2);
}

#[test]
fn man_page_is_roff_with_every_subcommand() {
    let run = ladder(["man"]);
    assert_eq!(run.status, 0, "{}", run.err);
    assert!(run.out.starts_with(".ie") || run.out.contains(".TH ladder"), "{}", &run.out[..200]);
    for title in [".TH ladder-lint", ".TH ladder-diff", "\\-\\-new\\-since"] {
        assert!(run.out.contains(title), "man page lacks {title}");
    }
}

/// Runs the binary in `cwd` with `stdin` on standard input.
fn with_stdin(cwd: &std::path::Path, args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ladder"))
        .current_dir(cwd)
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ladder runs");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
    let output = child.wait_with_output().expect("ladder ends");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into(),
        String::from_utf8_lossy(&output.stderr).into(),
    )
}

#[test]
fn a_page_on_standard_input_is_read_in_place_of_the_file() {
    let dir = fixture("handbook");
    let page = "content/careers/platform/staff.md";
    let text = std::fs::read_to_string(dir.join(page)).expect("staff page");
    // The text given adds a copy of an Associate item that the file on disk does not have.
    let copied = text.replacen(
        "### Technical Competencies\n",
        "### Technical Competencies\n\n- Mentors new team members through their first project.\n",
        1,
    );
    assert_ne!(copied, text);
    let args = ["lint", "--format", "short", "--stdin-filename", page, "-"];
    let (status, out, err) = with_stdin(&dir, &args, &copied);
    assert_eq!(status, 1, "{out}{err}");
    assert!(out.contains(&format!("{page}:")), "{out}");
    let (status, _, err) = with_stdin(&dir, &["lint", "-"], "");
    assert_eq!(status, 2);
    assert!(err.contains("--stdin-filename"), "{err}");
}

#[test]
fn quiet_leaves_standard_error_empty_and_verbose_names_the_root() {
    let dir = handbook_with_a_copy();
    let quiet = ladder_in(dir.path(), ["lint", "-q", "--format", "json"]);
    assert_eq!(quiet.status, 1);
    assert_eq!(quiet.err, "", "nothing but errors with -q");
    let verbose = ladder_in(dir.path(), ["lint", "-v", "--format", "json"]);
    assert!(verbose.err.contains("project root"), "{}", verbose.err);
    assert!(verbose.err.contains("the top of the git repository"), "{}", verbose.err);
}

#[test]
fn counts_take_the_right_number() {
    let dir = handbook_with_a_copy();
    let run = ladder_in(dir.path(), ["lint", "--format", "short"]);
    assert!(run.out.contains("1 framework, 4 levels"), "{}", run.out);
    assert!(run.out.contains("(1 error, 0 warnings, 1 info)"), "{}", run.out);
    assert!(!run.err.contains("(s)") && !run.out.contains("1 errors"), "{}{}", run.out, run.err);
}
