//! Calendar Cloud Connector `errorCode`s (org level), one table row per finding kind.

use crate::decode::observation::Severity;
use crate::diagnose::finding::{Check, FindingKind};
use crate::explain::catalog::*;

pub struct CccRule {
    pub kind: FindingKind,
    pub error_codes: &'static [i64],
}

/// The connector's names for its error codes.
pub fn error_code_name(code: i64) -> &'static str {
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

pub static RULES: [CccRule; 6] = [
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
        },
        error_codes: &[2, 8, 9, 10, 14, 15],
    },
    CccRule {
        kind: FindingKind {
            code: "ccc-service-error",
            severity: Severity::Error,
            title: CCC_SERVICE_ERROR_TITLE,
            explanation: CCC_SERVICE_ERROR_EXPLANATION,
            steps: &[CCC_SERVICE_ERROR_STEP1, CCC_SERVICE_ERROR_STEP2],
            checks: SETTINGS,
        },
        // 6, 13 and any code not known yet, when the status is not "ok".
        error_codes: &[6, 13],
    },
];

/// The kind for an org's connector status; `None` when it is healthy.
pub fn classify(error_code: Option<i64>, status: Option<&str>) -> Option<&'static FindingKind> {
    let status_bad = status.is_some_and(|s| s.eq_ignore_ascii_case("error") || s.eq_ignore_ascii_case("warn"));
    match error_code {
        Some(0) | None if !status_bad => None,
        Some(code) => Some(
            RULES
                .iter()
                .find(|rule| rule.error_codes.contains(&code))
                .map_or(&RULES[5].kind, |rule| &rule.kind),
        ),
        None => Some(&RULES[5].kind),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_nonzero_code_has_a_kind() {
        assert_eq!(
            classify(Some(12), Some("error")).map(|k| k.code),
            Some("ccc-bad-admin-consent")
        );
        assert_eq!(classify(Some(0), Some("ok")), None);
        assert_eq!(classify(None, None), None);
        for code in 1..=15 {
            assert!(classify(Some(code), None).is_some(), "{code}");
        }
        assert_eq!(classify(Some(99), None).map(|k| k.code), Some("ccc-service-error"));
        assert_eq!(
            classify(Some(0), Some("error")).map(|k| k.code),
            Some("ccc-service-error")
        );
        assert_eq!(error_code_name(12), "BAD_ADMIN_CONSENT");
    }
}
