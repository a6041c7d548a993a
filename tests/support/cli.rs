//! Running the `caldoctor` binary as a user would, for the command-line tests.

use std::process::{Command, Output};

pub fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

pub fn caldoctor(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_caldoctor"))
        .args(args)
        .output()
        .expect("caldoctor runs")
}
