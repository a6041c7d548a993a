//! "Received error '<X>' from O365": the Calendar Cloud Connector's words for a failed
//! Microsoft 365 call. The message keys are not public, so the sentence is what is matched;
//! a key naming O365 is only a hint.

use super::Matched;
use super::received_error::{self, Provider};
use crate::decode::observation::Severity;
use crate::diagnose::Context;
use crate::diagnose::domain::{Domain, email_domain, is_tenant_domain};
use crate::diagnose::finding::{Check, Diagnosed, Diagnosis, Facts, FindingKind, Subject};
use crate::explain::catalog::*;

const GRAPH_CHECKS: &[Check] = &[Check::GraphPlace, Check::TenantDomains, Check::ExchangeMailbox];

pub static UNAUTHORIZED: FindingKind = FindingKind {
    code: "o365-unauthorized",
    severity: Severity::Error,
    title: O365_UNAUTHORIZED_TITLE,
    explanation: O365_UNAUTHORIZED_EXPLANATION,
    steps: UNDETERMINED_STEPS,
    checks: GRAPH_CHECKS,
    diagnose: Some(diagnose_unauthorized),
};

pub static FORBIDDEN: FindingKind = FindingKind {
    code: "o365-forbidden",
    severity: Severity::Error,
    title: O365_FORBIDDEN_TITLE,
    explanation: O365_FORBIDDEN_EXPLANATION,
    steps: &[O365_FORBIDDEN_STEP1, O365_FORBIDDEN_STEP2, O365_FORBIDDEN_STEP3],
    checks: &[Check::ApplicationAccessPolicy, Check::HybridCalendarSettings],
    diagnose: None,
};

pub static NOT_FOUND: FindingKind = FindingKind {
    code: "o365-not-found",
    severity: Severity::Error,
    title: O365_NOT_FOUND_TITLE,
    explanation: O365_NOT_FOUND_EXPLANATION,
    steps: MAILBOX_NOT_FOUND_STEPS,
    checks: GRAPH_CHECKS,
    diagnose: None,
};

pub static THROTTLED: FindingKind = FindingKind {
    code: "o365-throttled",
    severity: Severity::Warning,
    title: O365_THROTTLED_TITLE,
    explanation: O365_THROTTLED_EXPLANATION,
    steps: &[O365_THROTTLED_STEP1, O365_THROTTLED_STEP2],
    checks: &[],
    diagnose: None,
};

pub static OTHER: FindingKind = FindingKind {
    code: "o365-error",
    severity: Severity::Error,
    title: O365_ERROR_TITLE,
    explanation: O365_ERROR_EXPLANATION,
    steps: &[O365_ERROR_STEP1, O365_ERROR_STEP2, O365_ERROR_STEP3],
    checks: &[Check::GraphPlace],
    diagnose: None,
};

pub static KINDS: &[&FindingKind] = &[&UNAUTHORIZED, &FORBIDDEN, &NOT_FOUND, &THROTTLED, &OTHER];

const DOMAIN_NOT_IN_TENANT_STEPS: &[Msg] = &[
    O365_UNAUTHORIZED_DOMAIN_NOT_IN_TENANT_STEP1,
    O365_UNAUTHORIZED_DOMAIN_NOT_IN_TENANT_STEP2,
    O365_UNAUTHORIZED_DOMAIN_NOT_IN_TENANT_STEP3,
    STEP_WAIT_FOR_ACTIVATED,
];
const MAILBOX_NOT_FOUND_STEPS: &[Msg] = &[
    O365_UNAUTHORIZED_MAILBOX_NOT_FOUND_STEP1,
    O365_UNAUTHORIZED_MAILBOX_NOT_FOUND_STEP2,
    O365_UNAUTHORIZED_MAILBOX_NOT_FOUND_STEP3,
    STEP_WAIT_FOR_ACTIVATED,
];
const UNDETERMINED_STEPS: &[Msg] = &[
    O365_UNAUTHORIZED_UNDETERMINED_STEP1,
    O365_UNAUTHORIZED_UNDETERMINED_STEP2,
    O365_UNAUTHORIZED_UNDETERMINED_STEP3,
    O365_UNAUTHORIZED_UNDETERMINED_STEP4,
    STEP_WAIT_FOR_ACTIVATED,
];

/// "Unauthorized" for a mailbox whose domain is not one of the tenant's.
pub static DOMAIN_NOT_IN_TENANT: Diagnosis = Diagnosis {
    code: "domain-not-in-tenant",
    explanation: O365_UNAUTHORIZED_DOMAIN_NOT_IN_TENANT_EXPLANATION,
    steps: DOMAIN_NOT_IN_TENANT_STEPS,
};

/// "Unauthorized" for an address in a tenant domain: the address itself is wrong.
pub static MAILBOX_NOT_FOUND: Diagnosis = Diagnosis {
    code: "mailbox-not-found",
    explanation: O365_UNAUTHORIZED_MAILBOX_NOT_FOUND_EXPLANATION,
    steps: MAILBOX_NOT_FOUND_STEPS,
};

/// The mailbox or the tenant's domains unknown: both causes, and how to tell them apart.
pub static UNDETERMINED: Diagnosis = Diagnosis {
    code: "undetermined",
    explanation: O365_UNAUTHORIZED_UNDETERMINED_EXPLANATION,
    steps: UNDETERMINED_STEPS,
};

pub fn classify(text: &str, key: Option<&str>) -> Option<Matched> {
    let service_error = received_error::parse(text)
        .filter(|sentence| sentence.provider == Provider::Microsoft)
        .map(|sentence| sentence.error)
        .or_else(|| key.and_then(error_named_by_key))?;
    let kind = match service_error.to_ascii_lowercase().replace([' ', '_'], "").as_str() {
        "unauthorized" | "unauthorised" | "401" => &UNAUTHORIZED,
        "forbidden" | "accessdenied" | "403" => &FORBIDDEN,
        "notfound" | "404" => &NOT_FOUND,
        "toomanyrequests" | "throttled" | "429" => &THROTTLED,
        _ => &OTHER,
    };
    Some(Matched::new(
        kind,
        Facts::default().with("service_error", service_error),
    ))
}

fn error_named_by_key(key: &str) -> Option<String> {
    let lower = key.to_ascii_lowercase();
    if !lower.contains("o365") {
        return None;
    }
    ["unauthorized", "forbidden", "notfound", "toomanyrequests"]
        .iter()
        .find(|name| lower.contains(*name))
        .map(|name| name.to_string())
}

/// Which cause of "Unauthorized" the subject's mailbox and the tenant's domains point to.
fn diagnose_unauthorized(subject: &Subject, context: &Context) -> Diagnosed {
    cause(subject.email.as_deref(), &context.tenant_domains)
}

fn cause(email: Option<&str>, tenant_domains: &[Domain]) -> Diagnosed {
    let domain = email.and_then(email_domain);
    let diagnosis = match &domain {
        Some(domain) if !tenant_domains.is_empty() => {
            if is_tenant_domain(domain, tenant_domains) {
                &MAILBOX_NOT_FOUND
            } else {
                &DOMAIN_NOT_IN_TENANT
            }
        }
        _ => &UNDETERMINED,
    };
    Diagnosed {
        diagnosis,
        domain,
        tenant_domains: tenant_domains.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::domain::parse_domain_list;

    #[test]
    fn maps_service_errors_to_kinds() {
        let code = |text: &str| classify(text, None).map(|m| m.kind.code);
        assert_eq!(
            code("Received error 'Unauthorized' from O365."),
            Some("o365-unauthorized")
        );
        assert_eq!(code("Received error 'Forbidden' from O365."), Some("o365-forbidden"));
        assert_eq!(code("Received error 'NotFound' from O365."), Some("o365-not-found"));
        assert_eq!(code("Received error 'Not Found' from O365."), Some("o365-not-found"));
        assert_eq!(
            code("Received error 'TooManyRequests' from O365."),
            Some("o365-throttled")
        );
        assert_eq!(code("Received error 'BadGateway' from O365."), Some("o365-error"));
        assert_eq!(
            classify("", Some("c_cal@o365.Unauthorized")).map(|m| m.kind.code),
            Some("o365-unauthorized")
        );
        assert!(classify("Mailbox database unavailable", None).is_none());
        assert!(classify("Received error 'NotFound' from Google.", None).is_none());
    }

    #[test]
    fn diagnoses_by_domain() {
        let tenant =
            parse_domain_list("rtpcloudcollab.com (default), adminrtpcloudcollab.onmicrosoft.com, ciscolive.us");
        let code = |email, tenant| cause(email, tenant).diagnosis.code;
        assert_eq!(code(Some("WebexWorkspace1@ciscolive.us"), &tenant), "mailbox-not-found");
        assert_eq!(
            code(Some("WebexWorkspace1@ciscolive.com"), &tenant),
            "domain-not-in-tenant"
        );
        assert_eq!(code(None, &tenant), "undetermined");
        assert_eq!(code(Some("WebexWorkspace1@ciscolive.us"), &[]), "undetermined");
        assert_eq!(code(Some("not an email"), &tenant), "undetermined");
    }
}
