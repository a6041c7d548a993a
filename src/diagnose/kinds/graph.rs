//! Microsoft Graph error envelopes an admin got while checking a mailbox.

use super::Matched;
use crate::decode::observation::{GraphError, Severity};
use crate::diagnose::finding::{Check, Facts, FindingKind};
use crate::explain::catalog::*;

pub static MAILBOX_NOT_FOUND: FindingKind = FindingKind {
    code: "graph-mailbox-not-found",
    severity: Severity::Error,
    title: GRAPH_MAILBOX_NOT_FOUND_TITLE,
    explanation: GRAPH_MAILBOX_NOT_FOUND_EXPLANATION,
    steps: &[
        GRAPH_MAILBOX_NOT_FOUND_STEP1,
        GRAPH_MAILBOX_NOT_FOUND_STEP2,
        GRAPH_MAILBOX_NOT_FOUND_STEP3,
    ],
    checks: &[Check::ExchangeMailbox, Check::TenantDomains],
    diagnose: None,
};

pub static MAILBOX_NOT_ENABLED: FindingKind = FindingKind {
    code: "graph-mailbox-not-enabled",
    severity: Severity::Error,
    title: GRAPH_MAILBOX_NOT_ENABLED_TITLE,
    explanation: GRAPH_MAILBOX_NOT_ENABLED_EXPLANATION,
    steps: &[
        GRAPH_MAILBOX_NOT_ENABLED_STEP1,
        GRAPH_MAILBOX_NOT_ENABLED_STEP2,
        GRAPH_MAILBOX_NOT_ENABLED_STEP3,
    ],
    checks: &[Check::ExchangeMailbox],
    diagnose: None,
};

pub static INVALID_TOKEN: FindingKind = FindingKind {
    code: "graph-invalid-token",
    severity: Severity::Warning,
    title: GRAPH_INVALID_TOKEN_TITLE,
    explanation: GRAPH_INVALID_TOKEN_EXPLANATION,
    steps: &[GRAPH_INVALID_TOKEN_STEP1, GRAPH_INVALID_TOKEN_STEP2],
    checks: &[Check::GraphPlace],
    diagnose: None,
};

pub static ACCESS_DENIED: FindingKind = FindingKind {
    code: "graph-access-denied",
    severity: Severity::Warning,
    title: GRAPH_ACCESS_DENIED_TITLE,
    explanation: GRAPH_ACCESS_DENIED_EXPLANATION,
    steps: &[GRAPH_ACCESS_DENIED_STEP1, GRAPH_ACCESS_DENIED_STEP2],
    checks: &[Check::GraphPlace, Check::ApplicationAccessPolicy],
    diagnose: None,
};

pub static THROTTLED: FindingKind = FindingKind {
    code: "graph-throttled",
    severity: Severity::Warning,
    title: GRAPH_THROTTLED_TITLE,
    explanation: GRAPH_THROTTLED_EXPLANATION,
    steps: &[GRAPH_THROTTLED_STEP1],
    checks: &[],
    diagnose: None,
};

pub static OTHER: FindingKind = FindingKind {
    code: "graph-error",
    severity: Severity::Warning,
    title: GRAPH_ERROR_TITLE,
    explanation: GRAPH_ERROR_EXPLANATION,
    steps: &[GRAPH_ERROR_STEP1],
    checks: &[Check::GraphPlace],
    diagnose: None,
};

pub static KINDS: &[&FindingKind] = &[
    &MAILBOX_NOT_FOUND,
    &MAILBOX_NOT_ENABLED,
    &INVALID_TOKEN,
    &ACCESS_DENIED,
    &THROTTLED,
    &OTHER,
];

/// The error's kind, with its code and HTTP status as the texts show them (`{graph_code}`,
/// `{http_status}`, `?` when unknown).
pub fn classify(error: &GraphError) -> Matched {
    let facts = Facts::default().with("graph_code", error.code.clone()).with(
        "http_status",
        error.http_status.map_or("?".to_string(), |s| s.to_string()),
    );
    Matched {
        raw_message: Some(format!("{}: {}", error.code, error.message)),
        ..Matched::new(kind_of(error), facts)
    }
}

/// Graph's newer words for `MailboxNotEnabledForRESTAPI`, lower-case.
const MAILBOX_NOT_ENABLED_TEXT: &str = "the mailbox is either inactive, soft-deleted, or is hosted on-premise";

fn kind_of(error: &GraphError) -> &'static FindingKind {
    if error.code == "MailboxNotEnabledForRESTAPI" || error.message.to_lowercase().contains(MAILBOX_NOT_ENABLED_TEXT) {
        return &MAILBOX_NOT_ENABLED;
    }
    match (error.http_status, error.code.as_str()) {
        (_, "ErrorItemNotFound" | "ErrorInvalidUser") => &MAILBOX_NOT_FOUND,
        (_, "UnknownError") if error.message.contains("invalid_place") => &MAILBOX_NOT_FOUND,
        (Some(404), _) => &MAILBOX_NOT_FOUND,
        (Some(401), _) | (_, "InvalidAuthenticationToken") => &INVALID_TOKEN,
        (Some(403), _) | (_, "ErrorAccessDenied" | "Authorization_RequestDenied") => &ACCESS_DENIED,
        (Some(429), _) => &THROTTLED,
        _ => &OTHER,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(status: Option<u16>, code: &str, message: &str) -> GraphError {
        GraphError {
            http_status: status,
            code: code.into(),
            message: message.into(),
            ..GraphError::default()
        }
    }

    #[test]
    fn classifies_by_code_then_status() {
        assert_eq!(
            kind_of(&error(None, "ErrorItemNotFound", "")).code,
            "graph-mailbox-not-found"
        );
        assert_eq!(
            kind_of(&error(Some(500), "UnknownError", "invalid_place")).code,
            "graph-mailbox-not-found"
        );
        assert_eq!(
            kind_of(&error(Some(401), "InvalidAuthenticationToken", "")).code,
            "graph-invalid-token"
        );
        assert_eq!(
            kind_of(&error(Some(403), "ErrorAccessDenied", "")).code,
            "graph-access-denied"
        );
        assert_eq!(
            kind_of(&error(Some(429), "TooManyRequests", "")).code,
            "graph-throttled"
        );
        assert_eq!(kind_of(&error(Some(500), "generalException", "")).code, "graph-error");
        let not_enabled = "The mailbox is either inactive, soft-deleted, or is hosted on-premise.";
        for code in ["MailboxNotEnabledForRESTAPI", "ResourceNotFound"] {
            assert_eq!(
                kind_of(&error(Some(404), code, not_enabled)).code,
                "graph-mailbox-not-enabled",
                "{code}"
            );
        }
    }
}
