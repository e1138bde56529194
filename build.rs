//! The built-in rules (`rules/*.yml`, `rules/lint/*.yml`) turned from YAML into JSON once, at
//! build time: every run reads them, and serde-saphyr took 6 M instructions a run to parse them
//! where serde_json takes a tenth of that (BENCHMARKS.md, lintstart3). A file that does not
//! parse gets an empty JSON text, which the program meets by parsing the YAML instead, so its
//! error is told at its line as before.

use std::path::Path;

/// The rule files embedded in the binary, under `rules/`.
const FILES: &[&str] = &[
    "levels.yml",
    "sections.yml",
    "scope.yml",
    "values.yml",
    "checks.yml",
    "concepts.yml",
    "synonyms.yml",
    "lint/first-person.yml",
    "lint/bare-url.yml",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::var("OUT_DIR")?;
    for name in FILES {
        let source = Path::new("rules").join(name);
        println!("cargo::rerun-if-changed={}", source.display());
        let yaml = std::fs::read_to_string(&source)?;
        let json = serde_saphyr::from_str::<serde_json::Value>(&yaml)
            .ok()
            .and_then(|value| serde_json::to_string(&value).ok())
            .unwrap_or_default();
        let target = Path::new(&out).join("rules").join(format!("{name}.json"));
        if let Some(folder) = target.parent() {
            std::fs::create_dir_all(folder)?;
        }
        std::fs::write(target, json)?;
    }
    Ok(())
}
