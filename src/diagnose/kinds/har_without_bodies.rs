//! A HAR exported without response bodies ("sanitized"): the requests are there, the
//! answers that explain them are not.

use super::Matched;
use crate::decode::observation::Severity;
use crate::diagnose::finding::{Facts, FindingKind};
use crate::explain::catalog::*;

pub static KIND: FindingKind = FindingKind {
    code: "har-without-bodies",
    severity: Severity::Warning,
    title: HAR_WITHOUT_BODIES_TITLE,
    explanation: HAR_WITHOUT_BODIES_EXPLANATION,
    steps: &[
        HAR_WITHOUT_BODIES_STEP1,
        HAR_WITHOUT_BODIES_STEP2,
        HAR_WITHOUT_BODIES_STEP3,
    ],
    checks: &[],
    diagnose: None,
};

/// A HAR's matching requests (`{matching}`), and how many of them have no body
/// (`{without_body}`).
pub fn classify(matching_entries: usize, without_body: usize) -> Matched {
    let facts = Facts::default()
        .with("matching", matching_entries.to_string())
        .with("without_body", without_body.to_string());
    Matched::new(&KIND, facts)
}
