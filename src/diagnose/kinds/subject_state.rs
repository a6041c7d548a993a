//! What a subject's state says when its messages say nothing: Control Hub shows "Error" with no
//! text, or a state outside the documented set as "Unknown". Neither may read as all clear.

use super::Matched;
use crate::decode::observation::{Severity, StateKind};
use crate::diagnose::finding::{Check, Facts, FindingKind};
use crate::explain::catalog::*;

pub static ERROR_WITHOUT_MESSAGE: FindingKind = FindingKind {
    code: "status-error-without-message",
    severity: Severity::Error,
    title: STATUS_ERROR_WITHOUT_MESSAGE_TITLE,
    explanation: STATUS_ERROR_WITHOUT_MESSAGE_EXPLANATION,
    steps: &[
        STATUS_ERROR_WITHOUT_MESSAGE_STEP1,
        STATUS_ERROR_WITHOUT_MESSAGE_STEP2,
        STATUS_ERROR_WITHOUT_MESSAGE_STEP3,
        STATUS_ERROR_WITHOUT_MESSAGE_STEP4,
    ],
    checks: &[Check::ExchangeMailbox],
    diagnose: None,
};

pub static UNKNOWN_STATE: FindingKind = FindingKind {
    code: "status-unknown-state",
    severity: Severity::Warning,
    title: STATUS_UNKNOWN_STATE_TITLE,
    explanation: STATUS_UNKNOWN_STATE_EXPLANATION,
    steps: &[STATUS_UNKNOWN_STATE_STEP1, STATUS_UNKNOWN_STATE_STEP2],
    checks: &[],
    diagnose: None,
};

pub static KINDS: &[&FindingKind] = &[&ERROR_WITHOUT_MESSAGE, &UNKNOWN_STATE];

/// A record's state (`{state}`, the server's word) when it needs a finding of its own: `error`
/// when none of the record's messages gave one, any undocumented state always.
pub fn classify(state: Option<&str>, messages_found_something: bool) -> Option<Matched> {
    let state = state?;
    let kind: &'static FindingKind = match StateKind::of(state) {
        StateKind::Error if !messages_found_something => &ERROR_WITHOUT_MESSAGE,
        StateKind::Unknown => &UNKNOWN_STATE,
        _ => return None,
    };
    Some(Matched::new(kind, Facts::default().with("state", state)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_needs_a_finding_only_when_its_messages_gave_none() {
        let code = |state, found| classify(state, found).map(|m| m.kind.code);
        assert_eq!(code(Some("error"), false), Some("status-error-without-message"));
        assert_eq!(code(Some("ERROR"), false), Some("status-error-without-message"));
        assert_eq!(code(Some("error"), true), None);
        assert_eq!(code(Some("active"), true), Some("status-unknown-state"));
        for fine in ["activated", "notActivated", "deactivated", "pendingDeactivation"] {
            assert_eq!(code(Some(fine), false), None, "{fine}");
        }
        assert_eq!(code(None, false), None);
    }
}
