//! HAR files: reading the entries the doctor diagnoses (`read`), reducing a capture to them for
//! the analyzer's worker (`reduce`), and writing a redacted copy to share (`redact`). `envelope`
//! and `entry` hold the borrowed serde models of a HAR that all three walk.

mod entry;
mod envelope;
pub mod read;
pub mod redact;
pub mod reduce;
