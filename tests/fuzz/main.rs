//! Property-based fuzzing of everything that reads untrusted input: the decoder, the HAR reader,
//! reducer and redactor, the domain matcher, the redactor of reports, and the report writer.
//! `cargo test` runs each target briefly with a fixed seed; `make fuzz` runs them for minutes
//! in an optimized build with fresh seeds and sums their executions and failures.

mod banner;
mod decode;
mod domain;
mod fixtures;
mod har;
mod harness;
mod hars;
mod present;
#[path = "../support/presented.rs"]
mod presented;
mod redaction;
mod report;
mod secrets;
mod shapes;
mod text;
#[path = "../support/view_safety.rs"]
mod view_safety;
