//! Any other error or warning: shown with its raw text, so nothing the server said is hidden.

use super::Matched;
use crate::decode::observation::{Message, Severity};
use crate::diagnose::finding::{Facts, FindingKind};
use crate::explain::catalog::*;

pub static KIND: FindingKind = FindingKind {
    code: "unrecognized-message",
    severity: Severity::Warning,
    title: UNRECOGNIZED_MESSAGE_TITLE,
    explanation: UNRECOGNIZED_MESSAGE_EXPLANATION,
    steps: &[UNRECOGNIZED_MESSAGE_STEP1, UNRECOGNIZED_MESSAGE_STEP2],
    checks: &[],
    diagnose: None,
};

/// Errors and warnings; a message without a severity counts when its record is in error.
pub fn classify(message: &Message, record_in_error: bool) -> Option<Matched> {
    let problem = match message.severity {
        Some(Severity::Error | Severity::Warning) => true,
        Some(Severity::Info) => false,
        None => record_in_error,
    };
    problem.then(|| Matched::new(&KIND, Facts::default()))
}
