//! The built-in rules (`rules/*.yml`, `rules/lint/*.yml`) turned from YAML into JSON once, at
//! build time: every run reads them, and serde-saphyr took 6 M instructions a run to parse them
//! where serde_json takes a tenth of that (BENCHMARKS.md, lintstart3). A file that does not
//! parse gets an empty JSON text, which the program meets by parsing the YAML instead, so its
//! error is told at its line as before.

use std::path::Path;

/// The folders of rule files embedded in the binary (every `.yml` in them).
const FOLDERS: &[&str] = &["rules", "rules/lint"];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::var("OUT_DIR")?;
    for folder in FOLDERS {
        println!("cargo::rerun-if-changed={folder}");
        for entry in std::fs::read_dir(folder)? {
            let source = entry?.path();
            if source.extension().is_some_and(|ext| ext == "yml") {
                write_json(&source, Path::new(&out))?;
            }
        }
    }
    Ok(())
}

/// Writes the JSON of the YAML file `source` (under `rules/`) to the same path under `out`.
fn write_json(source: &Path, out: &Path) -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo::rerun-if-changed={}", source.display());
    let yaml = std::fs::read_to_string(source)?;
    let json = serde_saphyr::from_str::<serde_json::Value>(&yaml)
        .ok()
        .and_then(|value| serde_json::to_string(&value).ok())
        .unwrap_or_default();
    let target = out.join(format!("{}.json", source.display()));
    if let Some(folder) = target.parent() {
        std::fs::create_dir_all(folder)?;
    }
    std::fs::write(target, json)?;
    Ok(())
}
