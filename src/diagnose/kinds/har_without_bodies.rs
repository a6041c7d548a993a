//! A HAR exported without response bodies ("sanitized"): the requests are there, the
//! answers that explain them are not.

use crate::decode::observation::Severity;
use crate::diagnose::finding::FindingKind;
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
};
