//! A status or "See history" request of a HAR file that failed (HTTP 400 and above): its data
//! is missing, so the doctor cannot say the subject is fine.

use super::Matched;
use crate::decode::observation::{FailedRequest, Severity};
use crate::diagnose::finding::{Facts, FindingKind};
use crate::explain::catalog::*;

pub static KIND: FindingKind = FindingKind {
    code: "har-request-failed",
    severity: Severity::Warning,
    title: HAR_REQUEST_FAILED_TITLE,
    explanation: HAR_REQUEST_FAILED_EXPLANATION,
    steps: &[HAR_REQUEST_FAILED_STEP1, HAR_REQUEST_FAILED_STEP2],
    checks: &[],
    diagnose: None,
};

/// The request's HTTP status (`{http_status}`), with the error body's message as the server's words.
pub fn classify(failed: &FailedRequest) -> Matched {
    Matched {
        raw_message: failed.message.clone(),
        ..Matched::new(
            &KIND,
            Facts::default().with("http_status", failed.http_status.to_string()),
        )
    }
}
