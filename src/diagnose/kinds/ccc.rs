//! Calendar Cloud Connector `errorCode`s (org level), one table row per finding kind; Google's
//! service has its own kinds (`ccc_google.rs`).

use super::{Matched, ccc_google};
use crate::decode::observation::{CalendarService, CccStatus, Severity};
use crate::diagnose::finding::{Check, Facts, FindingKind};
use crate::explain::catalog::*;

pub struct CccRule {
    pub kind: FindingKind,
    pub error_codes: &'static [i64],
}

/// The connector's names for its error codes.
fn error_code_name(code: i64) -> &'static str {
    match code {
        0 => "OK",
        1 => "INVALID_API_ACCESS_KEY",
        2 => "DATABASE_ERROR",
        3 => "REQUIRED_SCOPE_MISSING",
        4 => "SECURITY_FAILURE",
        6 => "GENERAL_ERROR",
        7 => "TEST_ACCOUNT_NONEXISTENT",
        8 => "SYNC_KMS_ROLE_FAILURE",
        9 => "MACHINE_ACCOUNT_CREATION_FAILURE",
        10 => "PASSWORD_CREATION_FAILURE",
        11 => "INVALID_SESSION_ID",
        12 => "BAD_ADMIN_CONSENT",
        13 => "PRECONDITIONS_NOT_MET",
        14 => "MACHINE_ACCOUNT_DELETION_FAILURE",
        15 => "ORGANIZATION_ADDITION_FAILURE",
        _ => "UNKNOWN",
    }
}

const SETTINGS: &[Check] = &[Check::HybridCalendarSettings];

/// The codes with a kind of their own. Any other code — 6 GENERAL_ERROR, 13
/// PRECONDITIONS_NOT_MET, codes not known yet — and a bad status without one are
/// [`SERVICE_ERROR`].
pub static RULES: &[CccRule] = &[
    CccRule {
        kind: FindingKind {
            code: "ccc-bad-admin-consent",
            severity: Severity::Error,
            title: CCC_BAD_ADMIN_CONSENT_TITLE,
            explanation: CCC_BAD_ADMIN_CONSENT_EXPLANATION,
            steps: &[
                CCC_BAD_ADMIN_CONSENT_STEP1,
                CCC_BAD_ADMIN_CONSENT_STEP2,
                CCC_BAD_ADMIN_CONSENT_STEP3,
            ],
            checks: SETTINGS,
            diagnose: None,
        },
        error_codes: &[12],
    },
    CccRule {
        kind: FindingKind {
            code: "ccc-required-scope-missing",
            severity: Severity::Error,
            title: CCC_REQUIRED_SCOPE_MISSING_TITLE,
            explanation: CCC_REQUIRED_SCOPE_MISSING_EXPLANATION,
            steps: &[CCC_REQUIRED_SCOPE_MISSING_STEP1, CCC_REQUIRED_SCOPE_MISSING_STEP2],
            checks: SETTINGS,
            diagnose: None,
        },
        error_codes: &[3],
    },
    CccRule {
        kind: FindingKind {
            code: "ccc-test-account-missing",
            severity: Severity::Error,
            title: CCC_TEST_ACCOUNT_MISSING_TITLE,
            explanation: CCC_TEST_ACCOUNT_MISSING_EXPLANATION,
            steps: &[CCC_TEST_ACCOUNT_MISSING_STEP1, CCC_TEST_ACCOUNT_MISSING_STEP2],
            checks: SETTINGS,
            diagnose: None,
        },
        error_codes: &[7],
    },
    CccRule {
        kind: FindingKind {
            code: "ccc-access-failure",
            severity: Severity::Error,
            title: CCC_ACCESS_FAILURE_TITLE,
            explanation: CCC_ACCESS_FAILURE_EXPLANATION,
            steps: &[CCC_ACCESS_FAILURE_STEP1, CCC_ACCESS_FAILURE_STEP2],
            checks: SETTINGS,
            diagnose: None,
        },
        error_codes: &[1, 4, 11],
    },
    CccRule {
        kind: FindingKind {
            code: "ccc-provisioning-failure",
            severity: Severity::Error,
            title: CCC_PROVISIONING_FAILURE_TITLE,
            explanation: CCC_PROVISIONING_FAILURE_EXPLANATION,
            steps: &[CCC_PROVISIONING_FAILURE_STEP1, CCC_PROVISIONING_FAILURE_STEP2],
            checks: SETTINGS,
            diagnose: None,
        },
        error_codes: &[2, 8, 9, 10, 14, 15],
    },
];

pub static SERVICE_ERROR: FindingKind = FindingKind {
    code: "ccc-service-error",
    severity: Severity::Error,
    title: CCC_SERVICE_ERROR_TITLE,
    explanation: CCC_SERVICE_ERROR_EXPLANATION,
    steps: &[CCC_SERVICE_ERROR_STEP1, CCC_SERVICE_ERROR_STEP2],
    checks: SETTINGS,
    diagnose: None,
};

/// An org's connector status, with its code as the connector names it (`{error_code}`) and its
/// status word (`{status}`), each only when the connector gave it; `None` when it is healthy.
/// A status `warn` is the connector impaired, not failed: its finding is a warning.
pub fn classify(status: &CccStatus) -> Option<Matched> {
    let kind = kind_of(status.error_code, status.status.as_deref())?;
    let kind = match status.service {
        Some(CalendarService::Google) => ccc_google::kind(status.error_code),
        _ => kind,
    };
    let named = status
        .error_code
        .map(|code| format!("{code} ({})", error_code_name(code)));
    let mut facts = Facts::default();
    if let Some(word) = &status.status {
        facts = facts.with("status", word.as_str());
    }
    if let Some(named) = &named {
        facts = facts.with("error_code", named.as_str());
    }
    let said = [
        status.status.as_ref().map(|word| format!("status {word}")),
        named.map(|named| format!("errorCode {named}")),
    ];
    let raw_message = said.into_iter().flatten().collect::<Vec<_>>().join(", ");
    let warned = status.status.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("warn"));
    Some(Matched {
        raw_message: Some(raw_message).filter(|said| !said.is_empty()),
        severity: warned.then_some(Severity::Warning),
        ..Matched::new(kind, facts)
    })
}

fn kind_of(error_code: Option<i64>, status: Option<&str>) -> Option<&'static FindingKind> {
    let status_bad = status.is_some_and(|s| s.eq_ignore_ascii_case("error") || s.eq_ignore_ascii_case("warn"));
    match error_code {
        Some(0) | None if !status_bad => None,
        Some(code) => Some(
            RULES
                .iter()
                .find(|rule| rule.error_codes.contains(&code))
                .map_or(&SERVICE_ERROR, |rule| &rule.kind),
        ),
        None => Some(&SERVICE_ERROR),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_nonzero_code_has_a_kind() {
        let code = |error_code, status| kind_of(error_code, status).map(|k| k.code);
        assert_eq!(code(Some(12), Some("error")), Some("ccc-bad-admin-consent"));
        assert_eq!(code(Some(0), Some("ok")), None);
        assert_eq!(code(None, None), None);
        for error_code in 1..=15 {
            assert!(code(Some(error_code), None).is_some(), "{error_code}");
        }
        for unnamed in [6, 13, 99] {
            assert_eq!(code(Some(unnamed), None), Some("ccc-service-error"), "{unnamed}");
        }
        assert_eq!(code(Some(0), Some("error")), Some("ccc-service-error"));
        assert_eq!(error_code_name(12), "BAD_ADMIN_CONSENT");
    }

    #[test]
    fn the_code_and_status_are_facts_and_the_servers_words() {
        let status = CccStatus {
            error_code: Some(12),
            ..CccStatus::default()
        };
        let matched = classify(&status).unwrap();
        assert_eq!(matched.raw_message.as_deref(), Some("errorCode 12 (BAD_ADMIN_CONSENT)"));
        assert_eq!(
            matched.facts.values().collect::<Vec<_>>(),
            [("error_code", "12 (BAD_ADMIN_CONSENT)")]
        );
        assert_eq!(matched.severity, None, "the kind's own severity");
        let warned = CccStatus {
            status: Some("warn".into()),
            ..CccStatus::default()
        };
        let matched = classify(&warned).unwrap();
        assert_eq!(matched.raw_message.as_deref(), Some("status warn"));
        assert_eq!(matched.facts.values().collect::<Vec<_>>(), [("status", "warn")]);
        assert_eq!(matched.severity, Some(Severity::Warning));
        let both = CccStatus {
            status: Some("error".into()),
            error_code: Some(6),
            ..CccStatus::default()
        };
        let matched = classify(&both).unwrap();
        assert_eq!(
            matched.raw_message.as_deref(),
            Some("status error, errorCode 6 (GENERAL_ERROR)")
        );
        assert_eq!(matched.severity, None);
    }
}
