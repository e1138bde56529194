//! What a hostile merge request may commit, tried as an attacker would: each attack ends in exit
//! status 2 (or 0/1) within seconds, with nothing outside the project root read or shown, and
//! nothing in the repository written.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

use crate::support::{Run, git, ladder};

/// What a secret outside the project holds; it must never reach the output.
const SECRET: &str = "TOKEN-d41d8cd98f00";

const SENIOR: &str = "---\ntitle: Senior\n---\n\n## Senior\n\n### Technical\n\n- Designs services that other teams extend.\n\n### Values Alignment\n\n- Writes things down so others can follow.\n";

/// A folder holding `secret.md` (outside the project) and `project/`: a handbook with a
/// ladder.yml, one framework of two levels and an include root.
struct Attack {
    dir: tempfile::TempDir,
}

impl Attack {
    fn new() -> Self {
        let attack = Self { dir: tempfile::tempdir().expect("temporary folder") };
        std::fs::write(attack.outside().join("secret.md"), format!("## {SECRET}\n\n- {SECRET}\n"))
            .expect("secret");
        attack.write("ladder.yml", "frameworks: []\n");
        attack.write("content/team/senior.md", SENIOR);
        attack.write("content/team/staff.md", &SENIOR.replace("Senior", "Staff"));
        std::fs::create_dir_all(attack.root().join("assets/includes")).expect("include root");
        attack
    }

    fn outside(&self) -> &Path {
        self.dir.path()
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("project")
    }

    fn write(&self, path: &str, text: &str) {
        let full = self.root().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("folders");
        std::fs::write(full, text).expect("write");
    }

    fn link(&self, target: &Path, path: &str) {
        let full = self.root().join(path);
        let _ = std::fs::remove_file(&full);
        std::os::unix::fs::symlink(target, full).expect("symlink");
    }
}

/// Runs ladder on a thread and fails the test if it takes more than ten seconds.
fn within_seconds(args: Vec<std::ffi::OsString>) -> Run {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(ladder(args));
    });
    receive.recv_timeout(Duration::from_secs(10)).expect("ladder finished within ten seconds")
}

fn args(list: &[&dyn AsRef<std::ffi::OsStr>]) -> Vec<std::ffi::OsString> {
    list.iter().map(|arg| arg.as_ref().to_os_string()).collect()
}

/// Exit status 2, the diagnostic naming `named`, and the secret nowhere.
fn refused(run: &Run, named: &str) {
    assert_eq!(run.status, 2, "stdout:\n{}\nstderr:\n{}", run.out, run.err);
    let err = run.err.replace(['\n', '│', ' '], "");
    assert!(err.contains(&named.replace(' ', "")), "stderr does not name {named}:\n{}", run.err);
    assert!(!run.out.contains(SECRET) && !run.err.contains(SECRET), "secret shown:\n{}", run.err);
}

#[test]
fn a_level_page_linked_outside_the_root_is_refused() {
    let attack = Attack::new();
    attack.link(&attack.outside().join("secret.md"), "content/team/senior.md");
    let run = within_seconds(args(&[&"lint", &attack.root()]));
    refused(&run, "senior.md: refused: it leads outside the project root");
}

#[test]
fn an_include_linked_outside_the_root_is_refused_at_its_shortcode() {
    let attack = Attack::new();
    attack.link(&attack.outside().join("secret.md"), "assets/includes/secret.md");
    let page = SENIOR.replace("### Values", "{{% include \"includes/secret.md\" %}}\n\n### Values");
    attack.write("content/team/senior.md", &page);
    let run = within_seconds(args(&[&"lint", &attack.root()]));
    refused(&run, "senior.md:11: include");
}

#[test]
fn ladder_yml_naming_a_file_outside_the_root_is_refused_at_its_line() {
    for (key, config) in [
        ("file", "frameworks:\n  - file: ../secret.md\n"),
        ("alignment", "frameworks: []\nalignment: ../secret.md\n"),
        ("rules", "rules: ..\n"),
    ] {
        let attack = Attack::new();
        attack.write("ladder.yml", config);
        let run = within_seconds(args(&[&"lint", &attack.root()]));
        let line = config.lines().position(|line| line.contains(key)).unwrap_or(0) + 1;
        refused(&run, &format!("ladder.yml:{line}:"));
        refused(&run, "outside the project root");
    }
}

#[test]
fn a_path_argument_outside_the_root_is_refused() {
    let attack = Attack::new();
    let run = within_seconds(args(&[&"lint", &attack.root(), &attack.outside()]));
    refused(&run, "outside the project root");
}

#[test]
fn a_fifo_named_like_a_page_is_refused_without_blocking() {
    let attack = Attack::new();
    let page = attack.root().join("content/team/senior.md");
    std::fs::remove_file(&page).expect("remove");
    let made = Command::new("mkfifo").arg(&page).status().expect("mkfifo runs");
    assert!(made.success());
    for command in ["lint", "align", "export"] {
        let run = within_seconds(args(&[&command, &attack.root()]));
        refused(&run, "senior.md: refused: not a regular file");
    }
    let copy = attack.outside().join("copy");
    std::fs::create_dir_all(copy.join("content/team")).expect("copy");
    let run = within_seconds(args(&[&"diff", &attack.root(), &copy]));
    assert!(run.status == 2 || run.status == 0, "{}", run.err);
}

#[test]
fn dev_zero_linked_as_a_page_is_refused() {
    let attack = Attack::new();
    attack.link(Path::new("/dev/zero"), "content/team/senior.md");
    let run = within_seconds(args(&[&"lint", &attack.root()]));
    refused(&run, "senior.md: refused");
}

#[test]
fn folder_links_that_loop_end_in_a_folder_diff() {
    let attack = Attack::new();
    // No ladder.yml: the two folders compared share their parent as the root.
    std::fs::remove_file(attack.root().join("ladder.yml")).expect("remove");
    std::fs::create_dir_all(attack.root().join("content/a")).expect("folder");
    attack.link(Path::new(".."), "content/a/up");
    attack.link(Path::new("../content"), "content/team/again");
    let new = attack.outside().join("project-new");
    std::fs::create_dir_all(&new).expect("new");
    let copied = Command::new("cp").arg("-a").arg(attack.root().join(".")).arg(&new).status();
    assert!(copied.expect("cp runs").success());
    let run = within_seconds(args(&[&"diff", &attack.root(), &new]));
    assert_eq!(run.status, 0, "{}", run.err);
    let run = within_seconds(args(&[&"lint", &attack.root()]));
    assert!(run.status <= 1, "{}", run.err);
}

/// A git repository holding the project, committed with a pinned date.
fn repository(attack: &Attack) -> PathBuf {
    let root = attack.root();
    std::fs::remove_file(root.join("ladder.yml"))
        .expect("no ladder.yml: the repository is the root");
    git(&root, &["init", "-q", "-b", "main"]);
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-q", "-m", "Team ladder"]);
    root
}

#[test]
fn diff_of_a_folder_above_the_repository_is_refused() {
    let attack = Attack::new();
    let root = repository(&attack);
    let run = within_seconds(args(&[&"diff", &"--base", &"HEAD", &root, &root.join("..")]));
    refused(&run, "refused: it leads outside the project root");
    let run = within_seconds(args(&[&"diff", &root, &attack.outside()]));
    refused(&run, "refused: it leads outside the project root");
}

#[test]
fn diff_against_a_revision_leaves_the_git_index_untouched() {
    let attack = Attack::new();
    let root = repository(&attack);
    // A stale index: a file rewritten as it was, so git would refresh its entry; and an edit.
    std::thread::sleep(Duration::from_millis(1100));
    let staff = root.join("content/team/staff.md");
    std::fs::write(&staff, std::fs::read(&staff).expect("staff")).expect("rewrite");
    let page = root.join("content/team/senior.md");
    std::fs::write(&page, SENIOR.replace("extend", "extend and reuse")).expect("edit");
    let index = root.join(".git/index");
    let before = (std::fs::read(&index).expect("index"), std::fs::metadata(&index).expect("m"));
    std::thread::sleep(Duration::from_millis(20));
    let run = within_seconds(args(&[&"diff", &"--base", &"HEAD", &root]));
    assert!(run.status <= 1, "{}", run.err);
    let after = (std::fs::read(&index).expect("index"), std::fs::metadata(&index).expect("m"));
    assert_eq!(before.0, after.0, "the index was rewritten");
    assert_eq!(before.1.modified().ok(), after.1.modified().ok(), "the index was touched");
}

/// A level page whose technical section holds `items` (Markdown list lines).
fn senior_with(items: &str) -> String {
    format!(
        "---\ntitle: Senior\n---\n\n## Senior\n\n### Technical\n\n{items}\n\n### Values Alignment\n\n- Writes things down.\n"
    )
}

#[test]
fn bullets_nested_ten_thousand_deep_are_an_input_error_not_a_crash() {
    let attack = Attack::new();
    attack.write("content/team/senior.md", &senior_with(&format!("{}deep", "- ".repeat(10_000))));
    let run = within_seconds(args(&[&"lint", &attack.root()]));
    refused(&run, "senior.md:9: list nested more than 16 deep");
    let old = attack.outside().join("old");
    std::fs::create_dir_all(old.join("content/team")).expect("old");
    std::fs::write(old.join("content/team/senior.md"), senior_with("- shallow")).expect("old page");
    std::fs::remove_file(attack.root().join("ladder.yml")).expect("the two folders share a root");
    let run = within_seconds(args(&[&"diff", &old, &attack.root()]));
    refused(&run, "list nested more than 16 deep");
}

#[test]
fn nesting_depth_is_set_in_ladder_yml() {
    let attack = Attack::new();
    attack.write("ladder.yml", "limits:\n  nesting-depth: 40\n");
    attack.write("content/team/senior.md", &senior_with(&format!("{}deep", "- ".repeat(30))));
    let run = within_seconds(args(&[&"lint", &attack.root()]));
    assert!(run.status <= 1, "{}", run.err);
    attack.write("ladder.yml", "limits:\n  nesting-depth: 2\n  bogus: 1\n");
    let run = within_seconds(args(&[&"lint", &attack.root()]));
    refused(&run, "ladder.yml:3:");
}

#[test]
fn an_include_chain_of_two_thousand_files_ends_at_the_include_depth() {
    let attack = Attack::new();
    for link in 0..2_000 {
        let text = format!(
            "- Link {link} of the chain.\n\n{{{{% include \"includes/{}.md\" %}}}}\n",
            link + 1
        );
        attack.write(&format!("assets/includes/{link}.md"), &text);
    }
    attack.write("assets/includes/2000.md", "- The end.\n");
    attack.write("content/team/senior.md", &senior_with("{{% include \"includes/0.md\" %}}"));
    let run = within_seconds(args(&[&"lint", &attack.root()]));
    refused(&run, "31.md:3: includes nested more than 32 deep");
}

#[test]
fn a_yaml_alias_bomb_is_bounded() {
    let attack = Attack::new();
    // Each level of aliases doubles the items: 2^14 = 16,384 items from a few hundred bytes.
    let mut yaml = String::from(
        "name: Bomb\nlevels:\n  - key: senior\n    sections:\n      - name: Technical\n        items:\n",
    );
    yaml.push_str("          - &a0 [Designs services.]\n");
    for level in 1..=14 {
        yaml.push_str(&format!("          - &a{level} [*a{}, *a{}]\n", level - 1, level - 1));
    }
    attack.write("bomb.ladder.yml", &yaml);
    let run = within_seconds(args(&[&"lint", &attack.root().join("bomb.ladder.yml")]));
    assert_eq!(run.status, 2, "{}", run.err);
    assert!(run.err.contains("bomb.ladder.yml"), "{}", run.err);
}

#[test]
fn too_many_items_in_a_level_is_an_input_error() {
    let attack = Attack::new();
    attack.write("ladder.yml", "limits:\n  items-per-level: 50\n");
    let items: Vec<String> = (0..60).map(|n| format!("- Item number {n}.")).collect();
    attack.write("content/team/senior.md", &senior_with(&items.join("\n")));
    let run = within_seconds(args(&[&"lint", &attack.root()]));
    refused(&run, "senior.md:5: this level holds 61 items, more than the limit of 50");
}

#[test]
fn a_reworded_item_past_the_word_diff_limit_is_shown_whole() {
    let attack = Attack::new();
    std::fs::remove_file(attack.root().join("ladder.yml")).expect("the two folders share a root");
    let words: Vec<String> = (0..50_000).map(|n| format!("w{}", n % 997)).collect();
    let long = words.join(" ");
    attack.write("content/team/senior.md", &senior_with(&format!("- {long}")));
    let new = attack.outside().join("new");
    std::fs::create_dir_all(new.join("content/team")).expect("new");
    std::fs::write(new.join("content/team/senior.md"), senior_with(&format!("- {long} more")))
        .expect("new page");
    std::fs::copy(attack.root().join("content/team/staff.md"), new.join("content/team/staff.md"))
        .expect("staff");
    let run = within_seconds(args(&[&"diff", &attack.root(), &new]));
    assert_eq!(run.status, 0, "{}", run.err);
    assert!(run.out.contains("reworded"), "{}", &run.out[..run.out.len().min(2000)]);
}

/// An item written to take over a terminal: a window title, a screen clear, an OSC 8 link, a
/// bidi override and a C1 control.
const HOSTILE: &str = "Designs \u{1b}]0;owned\u{7}services\u{1b}[2J that \u{1b}]8;;https://evil.example\u{1b}\\teams\u{1b}]8;;\u{1b}\\ extend \u{202e}txet\u{9b}31m.";

fn assert_no_controls(output: &str, what: &str) {
    let bad = output.chars().find(|c| {
        (c.is_control() && *c != '\n' && *c != '\t') || ('\u{202a}'..='\u{202e}').contains(c)
    });
    assert!(bad.is_none(), "{what} lets {bad:?} through:\n{output}");
}

#[test]
fn control_characters_in_items_are_escaped_in_every_output() {
    let attack = Attack::new();
    // The hostile item is copied verbatim one level up, so lint reports it.
    let senior = senior_with(&format!("- {HOSTILE}"));
    attack.write("content/team/senior.md", &senior);
    attack.write("content/team/staff.md", &senior.replace("Senior", "Staff"));
    let lint = within_seconds(args(&[&"lint", &attack.root()]));
    assert_eq!(lint.status, 1, "{}", lint.err);
    assert!(lint.out.contains("\\u001b]0;owned"), "{}", lint.out);
    assert_no_controls(&lint.out, "lint");
    for (command, format) in [("lint", "json"), ("align", "json")] {
        let run = within_seconds(args(&[&command, &"--format", &format, &attack.root()]));
        assert_no_controls(&run.out, command);
        let document: serde_json::Value = serde_json::from_str(&run.out).expect("valid JSON");
        let kept = document.to_string().contains('\u{202e}');
        assert!(kept || command == "lint", "JSON keeps the text as written: {}", run.out);
    }
    let align = within_seconds(args(&[&"align", &attack.root()]));
    assert_no_controls(&align.out, "align");
    std::fs::remove_file(attack.root().join("ladder.yml")).expect("the two folders share a root");
    let old = attack.outside().join("old");
    std::fs::create_dir_all(old.join("content/team")).expect("old");
    std::fs::write(old.join("content/team/senior.md"), senior_with("- Designs services."))
        .expect("old page");
    for format in ["human", "markdown"] {
        let run = within_seconds(args(&[&"diff", &"--format", &format, &old, &attack.root()]));
        assert_no_controls(&run.out, format);
        assert_no_controls(&run.err, format);
        assert!(run.out.contains("\\u202e"), "{format}: {}", run.out);
    }
}

/// A reader that has gone away: every write fails with a broken pipe.
struct ClosedPipe;

impl std::io::Write for ClosedPipe {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(std::io::ErrorKind::BrokenPipe.into())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Err(std::io::ErrorKind::BrokenPipe.into())
    }
}

#[test]
fn a_closed_pipe_is_exit_zero_for_every_format() {
    let handbook = crate::support::fixture("handbook");
    for format in ["human", "json", "sarif", "gitlab"] {
        let mut err = Vec::new();
        let args = ["ladder", "lint", "--format", format, handbook.to_str().expect("path")];
        let status = ladder::cli::run(args, &mut ClosedPipe, &mut err, (false, false));
        assert_eq!(status as i32, 0, "{format}: {}", String::from_utf8_lossy(&err));
    }
}

#[test]
fn a_byte_order_mark_does_not_hide_the_front_matter() {
    let attack = Attack::new();
    std::fs::remove_file(attack.root().join("ladder.yml")).expect("the two folders share a root");
    let with_mark = attack.outside().join("with-mark");
    let copied = Command::new("cp").arg("-a").arg(attack.root()).arg(&with_mark).status();
    assert!(copied.expect("cp runs").success());
    let page = with_mark.join("content/team/senior.md");
    std::fs::write(&page, format!("\u{feff}{SENIOR}")).expect("page with a BOM");
    let run = within_seconds(args(&[&"diff", &attack.root(), &with_mark]));
    assert_eq!(run.status, 0, "{}", run.err);
    assert!(run.out.contains("no semantic change"), "{}", run.out);
}

#[test]
fn overlapping_paths_read_a_framework_once() {
    let yaml = crate::support::fixture("yaml");
    let file = yaml.join("platform.ladder.yml");
    let run = within_seconds(args(&[&"lint", &yaml, &file, &yaml]));
    let summary = format!("{}{}", run.out, run.err);
    assert!(summary.contains("ladder: 1 framework,"), "{summary}");
}
