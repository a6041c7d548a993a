//! Hybrid Calendar Doctor: explains Webex Hybrid Calendar (Microsoft 365) errors from the
//! responses Control Hub receives, from pasted JSON and from HAR files.
//!
//! The core is pure (no DOM): [`decode`] reads wire shapes into observations, [`diagnose`]
//! turns them into findings, [`explain`] puts findings into words, [`report`] writes a
//! ticket-ready text. [`Analysis`] is the one entry point tying them together; `web` is the
//! thin Wasm layer over it.

pub mod decode;
pub mod diagnose;
pub mod explain;
pub mod har;
pub mod limits;
pub mod protocol;
pub mod time;
pub mod triage;
pub mod view;
#[cfg(feature = "web")]
pub mod web;

// The extension's Wasm without its exports would load and do nothing.
#[cfg(all(target_arch = "wasm32", not(any(feature = "web-banner", feature = "web-pages"))))]
compile_error!("the Wasm build needs `--features web-banner` or `web-pages` (see `make wasm`)");

use decode::observation::Observed;
use decode::{DecodeError, RequestSummary, Skipped};
pub use diagnose::Context;
use diagnose::Outcome;
use explain::{Explained, Presentation};

/// What was read from one input.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct InputSummary {
    pub file: String,
    pub observations: usize,
    pub requests: usize,
}

/// Inputs read so far. Observations from all inputs are diagnosed together, so a place
/// object in one file tells the mailbox of a status in another.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    pub observed: Vec<Observed>,
    pub requests: Vec<RequestSummary>,
    pub skipped: Vec<Skipped>,
    pub inputs: Vec<InputSummary>,
}

impl Analysis {
    pub fn new() -> Analysis {
        Analysis::default()
    }

    /// Reads one input: a response body with its request URL (may be empty), or a HAR file.
    pub fn add(&mut self, url: &str, body: &str, file: &str) -> Result<InputSummary, DecodeError> {
        Ok(self.record(decode::decode(url, body, file)?, file))
    }

    /// Reads one response body (never a HAR file; see [`decode::decode_response`]).
    pub fn add_response(&mut self, url: &str, body: &str, file: &str) -> Result<InputSummary, DecodeError> {
        Ok(self.record(decode::decode_response(url, body, file)?, file))
    }

    fn record(&mut self, decoded: decode::Decoded, file: &str) -> InputSummary {
        let summary = InputSummary {
            file: file.to_string(),
            observations: decoded.observations.len(),
            requests: decoded.requests.len(),
        };
        self.inputs.push(summary.clone());
        self.observed.extend(decoded.observations);
        self.requests.extend(decoded.requests);
        self.skipped.extend(decoded.skipped);
        summary
    }

    pub fn diagnose(&self, context: &Context) -> Outcome {
        diagnose::diagnose(&self.observed, context)
    }

    /// Diagnosis and explanation in one step.
    pub fn explain(&self, context: &Context, presentation: &Presentation) -> Explained {
        self.explain_outcome(&self.diagnose(context), presentation)
    }

    /// Puts an outcome of [`Analysis::diagnose`] into words; one diagnosis can be presented
    /// several ways (shown in full, copied redacted) without diagnosing again.
    pub fn explain_outcome(&self, outcome: &Outcome, presentation: &Presentation) -> Explained {
        explain::explain(outcome, &self.requests, &self.skipped, presentation)
    }
}
