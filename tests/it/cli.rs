//! The command line as a user runs it: help, exit statuses, bad input.

use crate::support::{fixture, ladder};

#[test]
fn help_teaches_the_subcommands_and_exit_statuses() {
    let run = ladder(["--help"]);
    assert_eq!(run.status, 0);
    for word in ["lint", "diff", "align", "explain", "export", "Exit status"] {
        assert!(run.out.contains(word), "help lacks {word}:\n{}", run.out);
    }
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let run = ladder(["lint", "--no-such-flag"]);
    assert_eq!(run.status, 2);
    assert!(run.err.contains("--no-such-flag"));
}

#[test]
fn missing_path_is_an_input_error() {
    let run = ladder(["lint", "/no/such/handbook"]);
    assert_eq!(run.status, 2);
    assert!(run.err.contains("/no/such/handbook: no such file or folder"), "{}", run.err);
}

#[test]
fn explain_unknown_check_is_an_error() {
    let run = ladder(["explain", "no-such-check"]);
    assert_eq!(run.status, 2);
    assert!(run.err.contains("verbatim-copy"), "{}", run.err);
}

#[test]
fn output_has_no_colour_off_a_terminal() {
    let run = ladder([std::path::Path::new("lint"), &fixture("checks/includes/invalid-missing")]);
    assert!(!run.out.contains('\u{1b}'), "{}", run.out);
}

#[test]
fn rules_folder_that_does_not_exist_is_an_input_error() {
    let run = ladder([
        std::path::Path::new("lint"),
        std::path::Path::new("--rules"),
        std::path::Path::new("/no/rules"),
        &fixture("handbook"),
    ]);
    assert_eq!(run.status, 2);
    assert!(run.err.contains("/no/rules: no such file or folder"), "{}", run.err);
}

#[test]
fn help_has_no_escape_codes_off_a_terminal() {
    for args in
        [vec!["--help"], vec!["lint", "--help"], vec!["diff", "--help"], vec!["lint", "--bad"]]
    {
        let run = ladder(args.clone());
        assert!(
            !run.out.contains('\u{1b}') && !run.err.contains('\u{1b}'),
            "{args:?}:\n{}{}",
            run.out,
            run.err
        );
    }
}

#[test]
fn readme_documents_every_check() {
    let readme =
        std::fs::read_to_string(crate::support::project().join("README.md")).expect("README");
    for check in ladder::lint::checks::ALL {
        assert!(
            readme.contains(&format!("| `{}` |", check.id)),
            "README does not list {}",
            check.id
        );
    }
}
