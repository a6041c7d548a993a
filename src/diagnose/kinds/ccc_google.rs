//! The Calendar Cloud Connector's status for Google Calendar (`squared-fusion-gcal`): the same
//! error codes as Microsoft 365's, worded for Google. Google's authorization expires every 180
//! days, which is what a lost consent means there.

use crate::decode::observation::Severity;
use crate::diagnose::finding::{Check, FindingKind};
use crate::explain::catalog::*;

pub static AUTHORIZATION_EXPIRED: FindingKind = FindingKind {
    code: "ccc-google-authorization-expired",
    severity: Severity::Error,
    title: CCC_GOOGLE_AUTHORIZATION_EXPIRED_TITLE,
    explanation: CCC_GOOGLE_AUTHORIZATION_EXPIRED_EXPLANATION,
    steps: &[
        CCC_GOOGLE_AUTHORIZATION_EXPIRED_STEP1,
        CCC_GOOGLE_AUTHORIZATION_EXPIRED_STEP2,
    ],
    checks: &[Check::GoogleAuthorization],
    diagnose: None,
};

pub static SERVICE_ERROR: FindingKind = FindingKind {
    code: "ccc-google-service-error",
    severity: Severity::Error,
    title: CCC_GOOGLE_SERVICE_ERROR_TITLE,
    explanation: CCC_GOOGLE_SERVICE_ERROR_EXPLANATION,
    steps: &[CCC_GOOGLE_SERVICE_ERROR_STEP1, CCC_GOOGLE_SERVICE_ERROR_STEP2],
    checks: &[Check::GoogleAuthorization],
    diagnose: None,
};

pub static KINDS: &[&FindingKind] = &[&AUTHORIZATION_EXPIRED, &SERVICE_ERROR];

/// 3 REQUIRED_SCOPE_MISSING and 12 BAD_ADMIN_CONSENT: the authorization no longer holds.
const AUTHORIZATION_CODES: [i64; 2] = [3, 12];

/// The Google kind of a connector status the Microsoft rules found unhealthy.
pub fn kind(error_code: Option<i64>) -> &'static FindingKind {
    match error_code {
        Some(code) if AUTHORIZATION_CODES.contains(&code) => &AUTHORIZATION_EXPIRED,
        _ => &SERVICE_ERROR,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lost_consent_is_the_expired_authorization() {
        assert_eq!(kind(Some(12)).code, "ccc-google-authorization-expired");
        assert_eq!(kind(Some(3)).code, "ccc-google-authorization-expired");
        assert_eq!(kind(Some(7)).code, "ccc-google-service-error");
        assert_eq!(kind(None).code, "ccc-google-service-error");
    }
}
