//! Error answers to the Calendar Cloud Connector's setup requests: the setup wizard's test of
//! its test account, Tenant details' Save of the Scheduling Account, and any other refusal,
//! shown with the server's words and its tracking ID.

use super::{Matched, message_keys};
use crate::decode::observation::{CalendarService, ProvisioningError, Severity};
use crate::diagnose::finding::{Check, Facts, FindingKind};
use crate::explain::catalog::*;

pub static TEST_ACCOUNT_UNLICENSED: FindingKind = FindingKind {
    code: "ccc-test-account-unlicensed",
    severity: Severity::Error,
    title: CCC_TEST_ACCOUNT_UNLICENSED_TITLE,
    explanation: CCC_TEST_ACCOUNT_UNLICENSED_EXPLANATION,
    steps: &[CCC_TEST_ACCOUNT_UNLICENSED_STEP1, CCC_TEST_ACCOUNT_UNLICENSED_STEP2],
    checks: &[Check::ExchangeMailbox],
    diagnose: None,
};

pub static SCHEDULING_ACCOUNT_UNVERIFIED: FindingKind = FindingKind {
    code: "ccc-scheduling-account-unverified",
    severity: Severity::Error,
    title: CCC_SCHEDULING_ACCOUNT_UNVERIFIED_TITLE,
    explanation: CCC_SCHEDULING_ACCOUNT_UNVERIFIED_EXPLANATION,
    steps: &[
        CCC_SCHEDULING_ACCOUNT_UNVERIFIED_STEP1,
        CCC_SCHEDULING_ACCOUNT_UNVERIFIED_STEP2,
    ],
    checks: &[],
    diagnose: None,
};

pub static SETUP_REJECTED: FindingKind = FindingKind {
    code: "ccc-setup-rejected",
    severity: Severity::Error,
    title: CCC_SETUP_REJECTED_TITLE,
    explanation: CCC_SETUP_REJECTED_EXPLANATION,
    steps: &[CCC_SETUP_REJECTED_STEP1, CCC_SETUP_REJECTED_STEP2],
    checks: &[],
    diagnose: None,
};

pub static KINDS: &[&FindingKind] = &[
    &TEST_ACCOUNT_UNLICENSED,
    &SCHEDULING_ACCOUNT_UNVERIFIED,
    &SETUP_REJECTED,
];

/// `errorCode` 6 GENERAL_ERROR, as the test step answers for an account without a mailbox.
const BAD_REQUEST_CODE: i64 = 6;
const BAD_REQUEST: &str = "bad request";
/// Lower-case phrases of the Scheduling Account's refusal: the body's, and Control Hub's.
const SCHEDULING_ACCOUNT_NOT_VERIFIED: [&str; 2] = [
    "schedulingaccount not verified in org's domains",
    "error validating specified account with the organization's verified domains",
];

/// The refusal's kind, its words (`raw_message`) and its code as the texts show it
/// (`{error_code}`, `?` when unknown).
pub fn classify(error: &ProvisioningError) -> Matched {
    let texts: Vec<&str> = error.texts().collect();
    let lower: Vec<String> = texts.iter().map(|text| text.to_lowercase()).collect();
    let says = |phrase: &str| lower.iter().any(|text| text.contains(phrase));
    let error_code = error.error_code.map_or("?".to_string(), |code| code.to_string());
    let facts = Facts::default().with("error_code", error_code);
    let matched = if SCHEDULING_ACCOUNT_NOT_VERIFIED.iter().any(|phrase| says(phrase)) {
        Matched::new(&SCHEDULING_ACCOUNT_UNVERIFIED, facts)
    } else if is_test_step(error) && error.error_code == Some(BAD_REQUEST_CODE) && says(BAD_REQUEST) {
        Matched::new(&TEST_ACCOUNT_UNLICENSED, facts)
    } else if let Some(known) = texts.iter().find_map(|text| message_keys::classify(text, None)) {
        // A text the doctor knows from status messages means the same in a setup answer.
        known
    } else {
        Matched::new(&SETUP_REJECTED, facts)
    };
    Matched {
        raw_message: Some(texts.join(" | ")).filter(|joined| !joined.is_empty()),
        ..matched
    }
}

/// The Microsoft 365 setup's test step (`confirmO365Provisioning?testEmail=…`), or a body
/// read without its request, which that step's answer is the one known to look like.
fn is_test_step(error: &ProvisioningError) -> bool {
    let confirms = error
        .operation
        .as_deref()
        .is_some_and(|operation| operation.to_ascii_lowercase().starts_with("confirm"));
    let request_unknown = error.operation.is_none() && error.test_email.is_none();
    (confirms || error.test_email.is_some() || request_unknown) && error.service != Some(CalendarService::Google)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bad_request() -> ProvisioningError {
        ProvisioningError {
            error_code: Some(6),
            message: Some("Bad request".into()),
            descriptions: vec!["Bad request".into()],
            ..ProvisioningError::default()
        }
    }

    #[test]
    fn the_test_steps_bad_request_is_the_unlicensed_test_account() {
        let matched = classify(&ProvisioningError {
            operation: Some("confirmO365Provisioning".into()),
            test_email: Some("test@ciscolive.us".into()),
            ..bad_request()
        });
        assert_eq!(matched.kind.code, "ccc-test-account-unlicensed");
        assert_eq!(matched.raw_message.as_deref(), Some("Bad request"));
        assert_eq!(matched.facts.values().collect::<Vec<_>>(), [("error_code", "6")]);
        assert_eq!(classify(&bad_request()).kind.code, "ccc-test-account-unlicensed");
        let elsewhere = ProvisioningError {
            operation: Some("setupO365".into()),
            ..bad_request()
        };
        assert_eq!(classify(&elsewhere).kind.code, "ccc-setup-rejected");
        let google = ProvisioningError {
            service: Some(CalendarService::Google),
            ..bad_request()
        };
        assert_eq!(classify(&google).kind.code, "ccc-setup-rejected");
    }

    #[test]
    fn the_scheduling_account_and_known_texts_have_their_kinds() {
        let unverified = ProvisioningError {
            message: Some("schedulingAccount not verified in Org's domains".into()),
            descriptions: vec!["schedulingAccount not verified in Org's domains".into()],
            tracking_id: Some("ATLAS_1".into()),
            ..ProvisioningError::default()
        };
        let matched = classify(&unverified);
        assert_eq!(matched.kind.code, "ccc-scheduling-account-unverified");
        assert_eq!(
            matched.raw_message.as_deref(),
            Some("schedulingAccount not verified in Org's domains")
        );
        let conflict = ProvisioningError {
            message: Some("This email address is already associated with the place Room 1.".into()),
            ..ProvisioningError::default()
        };
        assert_eq!(classify(&conflict).kind.code, "workspace-email-is-webex-identity");
        let other = ProvisioningError {
            message: Some("Something else".into()),
            ..ProvisioningError::default()
        };
        let matched = classify(&other);
        assert_eq!(matched.kind.code, "ccc-setup-rejected");
        assert_eq!(matched.facts.values().collect::<Vec<_>>(), [("error_code", "?")]);
    }
}
