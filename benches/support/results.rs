//! The Rust side of `target/bench/results.json` (the schema is described in
//! `tools/bench-results.mjs`, the Node side): a bench appends its figures, each with its unit and
//! the command that produced it. Include it with `#[path = "support/results.rs"] mod results;`.

use std::path::PathBuf;

use serde_json::{Value, json};

const SCHEMA: &str = "caldoctor-bench/1";

/// One figure: what was measured (dotted), its value and unit, and how it was taken.
pub struct Figure<'a> {
    pub name: &'a str,
    pub value: f64,
    pub unit: &'a str,
    /// `median`, `best`, `single`…
    pub stat: &'a str,
}

impl<'a> Figure<'a> {
    /// A figure that is the best of several rounds, as the Rust benches take them.
    pub fn best(name: &'a str, value: f64, unit: &'a str) -> Figure<'a> {
        Figure {
            name,
            value,
            unit,
            stat: "best",
        }
    }
}

/// `target/bench/results.json` of this repository.
fn results_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench/results.json")
}

/// Appends `figures`, produced by `command`, to the results file (created when missing). A failure
/// is printed, never fatal: the printed table stays the bench's output.
pub fn append(command: &str, figures: &[Figure]) {
    let file = results_file();
    let mut doc = std::fs::read_to_string(&file)
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(&text).ok())
        .filter(|doc| doc["schema"] == SCHEMA && doc["results"].is_array())
        .unwrap_or_else(|| json!({ "schema": SCHEMA, "results": [] }));
    let at = now_rfc3339();
    if let Some(results) = doc["results"].as_array_mut() {
        for figure in figures {
            results.push(json!({
                "at": at, "name": figure.name, "value": figure.value, "unit": figure.unit,
                "stat": figure.stat, "command": command,
            }));
        }
    }
    let written = file
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(&file, format!("{doc:#}\n")));
    if let Err(error) = written {
        eprintln!("could not record the results in {}: {error}", file.display());
    }
}

/// The time now as RFC 3339 UTC, by the crate's own clock-free formatting.
fn now_rfc3339() -> String {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis()) as i64;
    caldoctor::time::Timestamp(ms).to_rfc3339()
}
