//! Any other error or warning: shown with its raw text, so nothing the server said is hidden,
//! and with the severity the server gave it (the kind's `warning` is only its catalogue row's).

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

/// Errors and warnings, each with the severity the server gave it; a message without a
/// severity counts, as an error, when its record is in error. Info messages report no problem.
pub fn classify(message: &Message, record_in_error: bool) -> Option<Matched> {
    let severity = match message.severity {
        Some(severity @ (Severity::Error | Severity::Warning)) => severity,
        Some(Severity::Info) => return None,
        None if record_in_error => Severity::Error,
        None => return None,
    };
    Some(Matched {
        severity: Some(severity),
        ..Matched::new(&KIND, Facts::default())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(severity: Option<Severity>) -> Message {
        Message {
            severity,
            description: "Something new".into(),
            ..Message::default()
        }
    }

    #[test]
    fn the_finding_has_the_servers_severity() {
        let severity = |given, in_error| classify(&message(given), in_error).map(|m| m.severity);
        assert_eq!(severity(Some(Severity::Error), false), Some(Some(Severity::Error)));
        assert_eq!(severity(Some(Severity::Warning), true), Some(Some(Severity::Warning)));
        assert_eq!(severity(Some(Severity::Info), true), None);
        assert_eq!(severity(None, true), Some(Some(Severity::Error)));
        assert_eq!(severity(None, false), None);
    }
}
