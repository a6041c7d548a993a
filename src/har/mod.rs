//! HAR files: reading the entries the doctor diagnoses (`read`), reducing a capture to them for
//! the analyzer's worker (`reduce`), and writing a redacted copy to share (`redact`). `envelope`
//! holds the borrowed serde models of a HAR's outer structure that all three walk.

mod envelope;
pub mod read;
pub mod redact;
pub mod reduce;
