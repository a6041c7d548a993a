//! Hybrid Calendar for Google Workspace (`squared-fusion-gcal`): a provider error for a Google
//! subject, and a workspace address Google refused to validate. Their texts speak of Google and
//! point to Google's admin console, never to Microsoft 365.

use super::Matched;
use super::received_error::{self, Provider};
use crate::decode::observation::{CalendarService, EmailValidation, Severity};
use crate::diagnose::finding::{Check, Facts, FindingKind};
use crate::explain::catalog::*;

pub static ERROR: FindingKind = FindingKind {
    code: "google-calendar-error",
    severity: Severity::Error,
    title: GOOGLE_CALENDAR_ERROR_TITLE,
    explanation: GOOGLE_CALENDAR_ERROR_EXPLANATION,
    steps: &[
        GOOGLE_CALENDAR_ERROR_STEP1,
        GOOGLE_CALENDAR_ERROR_STEP2,
        GOOGLE_CALENDAR_ERROR_STEP3,
        GOOGLE_CALENDAR_ERROR_STEP4,
    ],
    checks: &[Check::GoogleAuthorization, Check::GoogleAccount, Check::GoogleResource],
    diagnose: None,
};

pub static RESOURCE_EMAIL_INVALID: FindingKind = FindingKind {
    code: "google-resource-email-invalid",
    severity: Severity::Error,
    title: GOOGLE_RESOURCE_EMAIL_INVALID_TITLE,
    explanation: GOOGLE_RESOURCE_EMAIL_INVALID_EXPLANATION,
    steps: &[GOOGLE_RESOURCE_EMAIL_INVALID_STEP1, GOOGLE_RESOURCE_EMAIL_INVALID_STEP2],
    checks: &[Check::GoogleResource],
    diagnose: None,
};

pub static KINDS: &[&FindingKind] = &[&ERROR, &RESOURCE_EMAIL_INVALID];

/// "Received error 'X' from Google", or from any provider for a subject on Google's service
/// (`{service_error}`).
pub fn classify(text: &str, service: Option<CalendarService>) -> Option<Matched> {
    let sentence = received_error::parse(text)?;
    let for_google = sentence.provider == Provider::Google || service == Some(CalendarService::Google);
    for_google.then(|| Matched::new(&ERROR, Facts::default().with("service_error", sentence.error)))
}

/// A refused validation, with its HTTP status as the texts show it (`{http_status}`, `?` when
/// unknown); `None` when the address was valid.
pub fn classify_validation(validation: &EmailValidation) -> Option<Matched> {
    if validation.valid {
        return None;
    }
    let status = validation.http_status.map_or("?".to_string(), |s| s.to_string());
    Some(Matched {
        raw_message: validation.error_message.clone(),
        ..Matched::new(&RESOURCE_EMAIL_INVALID, Facts::default().with("http_status", status))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_google_subject_or_provider_is_googles() {
        let code = |text: &str, service| classify(text, service).map(|m| m.kind.code);
        assert_eq!(
            code("Received error 'Forbidden' from Google.", None),
            Some("google-calendar-error")
        );
        assert_eq!(
            code("Received error 'NotFound' from O365.", Some(CalendarService::Google)),
            Some("google-calendar-error")
        );
        assert_eq!(
            code("Received error 'NotFound' from O365.", Some(CalendarService::Microsoft)),
            None
        );
        assert_eq!(code("No sentence here", Some(CalendarService::Google)), None);
    }

    #[test]
    fn a_valid_address_is_no_finding() {
        let valid = EmailValidation {
            valid: true,
            ..EmailValidation::default()
        };
        assert!(classify_validation(&valid).is_none());
        let refused = classify_validation(&EmailValidation::default()).unwrap();
        assert_eq!(refused.facts.values().collect::<Vec<_>>(), [("http_status", "?")]);
    }
}
