//! Machine formats are valid against their published schemas, and so is the project's CI file.

use std::path::Path;

use crate::support::{fixture, ladder, project};

/// A schema vendored under `tests/schemas/` (never skipped: the files are in the project).
fn schema(name: &str) -> serde_json::Value {
    let path = project().join("tests/schemas").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{}", path.display()));
    serde_json::from_str(&text).expect("the schema is JSON")
}

/// Validates a YAML file against GitLab's CI schema.
pub fn assert_valid_gitlab_ci(path: &Path) {
    let text = std::fs::read_to_string(path).expect("CI file");
    let instance: serde_json::Value = serde_saphyr::from_str(&text).expect("CI file is YAML");
    assert_valid(&schema("gitlab-ci.json"), &instance, &path.display().to_string());
}

fn assert_valid(schema: &serde_json::Value, instance: &serde_json::Value, what: &str) {
    let validator = jsonschema::validator_for(schema).expect("schema compiles");
    let errors: Vec<String> =
        validator.iter_errors(instance).map(|error| error.to_string()).collect();
    assert!(errors.is_empty(), "{what} is invalid:\n{}", errors.join("\n"));
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let mut schema = schema("sarif-2.1.0.json");
    // Its `language` patterns have a stray `]` that ECMA regexes read as a literal and Rust's
    // regex engine refuses; ladder never writes `language`, so those patterns are dropped.
    drop_language_patterns(&mut schema);
    for case in ["checks/includes/invalid-cycle", "checks/includes/invalid-missing", "handbook"] {
        let run =
            ladder([Path::new("lint"), Path::new("--format"), Path::new("sarif"), &fixture(case)]);
        let log: serde_json::Value = serde_json::from_str(&run.out).expect("SARIF is JSON");
        assert_eq!(log["version"], "2.1.0");
        assert_valid(&schema, &log, case);
    }
}

#[test]
fn gitlab_code_quality_has_required_fields() {
    let run = ladder([
        Path::new("lint"),
        Path::new("--format"),
        Path::new("gitlab"),
        &fixture("checks/includes/invalid-cycle"),
    ]);
    let issues: serde_json::Value = serde_json::from_str(&run.out).expect("JSON");
    let issue = &issues[0];
    for field in ["description", "check_name", "fingerprint", "severity"] {
        assert!(issue[field].is_string(), "missing {field}: {issue}");
    }
    assert!(issue["location"]["lines"]["begin"].is_u64());
    assert!(!issue["location"]["path"].as_str().unwrap_or("/").starts_with('/'));
}

#[test]
fn project_ci_file_is_valid_gitlab_ci() {
    assert_valid_gitlab_ci(&project().join(".gitlab-ci.yml"));
}

#[test]
fn handbook_ci_template_is_valid_gitlab_ci() {
    assert_valid_gitlab_ci(&project().join("templates/ladder.gitlab-ci.yml"));
}

#[test]
fn gitlab_code_quality_is_valid_against_its_documented_format() {
    let schema = schema("gitlab-code-quality.json");
    for case in ["checks/includes/invalid-cycle", "checks/verbatim-copy/invalid", "handbook"] {
        let run =
            ladder([Path::new("lint"), Path::new("--format"), Path::new("gitlab"), &fixture(case)]);
        let issues: serde_json::Value = serde_json::from_str(&run.out).expect("JSON");
        assert_valid(&schema, &issues, case);
    }
}

#[test]
fn junit_is_valid_against_the_schema_of_what_gitlab_reads() {
    let xmllint = std::process::Command::new("xmllint").arg("--version").output();
    if xmllint.is_err() {
        // .ci/run installs it; a CI run without it must fail rather than pass unchecked.
        assert!(std::env::var_os("CI").is_none(), "xmllint (libxml2-utils) is needed in CI");
        eprintln!("xmllint not installed: JUnit schema check skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("temp folder");
    for (index, case) in ["checks/verbatim-copy/invalid", "handbook"].into_iter().enumerate() {
        let run =
            ladder([Path::new("lint"), Path::new("--format"), Path::new("junit"), &fixture(case)]);
        let file = dir.path().join(format!("{index}.xml"));
        std::fs::write(&file, &run.out).expect("write");
        let output = std::process::Command::new("xmllint")
            .args(["--noout", "--schema"])
            .arg(project().join("tests/schemas/junit.xsd"))
            .arg(&file)
            .output()
            .expect("xmllint runs");
        assert!(output.status.success(), "{case}: {}", String::from_utf8_lossy(&output.stderr));
    }
}

#[test]
fn json_output_has_schema_version_and_locations() {
    let (_, document) = crate::support::lint_json(&fixture("checks/includes/invalid-missing"));
    assert_eq!(document["schema_version"], 1);
    let location = &document["findings"][0]["location"];
    assert_eq!((location["line"].as_u64(), location["column"].as_u64()), (Some(9), Some(1)));
}

fn drop_language_patterns(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(object) => {
            if object.get("pattern").and_then(|p| p.as_str()).is_some_and(|p| p.ends_with("]?$")) {
                object.remove("pattern");
            }
            object.values_mut().for_each(drop_language_patterns);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop_language_patterns),
        _ => {}
    }
}
