//! "Received error '<X>' from O365": the Calendar Cloud Connector's words for a failed
//! Microsoft 365 call. The message keys are not public, so the sentence is what is matched;
//! a key naming O365 is only a hint.

use super::Matched;
use super::received_error::{self, Provider};
use crate::decode::observation::Severity;
use crate::diagnose::Context;
use crate::diagnose::domain::email_domain;
use crate::diagnose::domain::oddity::oddities;
use crate::diagnose::finding::Unusual;
use crate::diagnose::finding::{Check, Diagnosed, Diagnosis, Facts, FindingKind, Subject};
use crate::diagnose::tenant::{Routing, Tenant, route};
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
const DOMAIN_NOT_IN_ANY_TENANT_STEPS: &[Msg] = &[
    O365_UNAUTHORIZED_DOMAIN_NOT_IN_TENANT_STEP1,
    O365_UNAUTHORIZED_DOMAIN_NOT_IN_ANY_TENANT_STEP2,
    O365_UNAUTHORIZED_DOMAIN_NOT_IN_ANY_TENANT_STEP3,
    O365_UNAUTHORIZED_DOMAIN_NOT_IN_ANY_TENANT_STEP4,
    STEP_WAIT_FOR_ACTIVATED,
];
const MAILBOX_NOT_FOUND_STEPS: &[Msg] = &[
    O365_UNAUTHORIZED_MAILBOX_NOT_FOUND_STEP1,
    O365_UNAUTHORIZED_MAILBOX_NOT_FOUND_STEP2,
    O365_UNAUTHORIZED_MAILBOX_NOT_FOUND_STEP3,
    STEP_WAIT_FOR_ACTIVATED,
];
const MAILBOX_NOT_FOUND_IN_TENANT_STEPS: &[Msg] = &[
    O365_UNAUTHORIZED_MAILBOX_NOT_FOUND_IN_TENANT_STEP1,
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
/// The address known (the banner shows it): no step sends the admin to find it.
const DOMAINS_UNKNOWN_STEPS: &[Msg] = &[
    O365_UNAUTHORIZED_UNDETERMINED_STEP2,
    O365_UNAUTHORIZED_UNDETERMINED_STEP3,
    O365_UNAUTHORIZED_UNDETERMINED_STEP4,
    STEP_WAIT_FOR_ACTIVATED,
];
const TENANT_UNKNOWN_STEPS: &[Msg] = &[
    O365_UNAUTHORIZED_TENANT_UNKNOWN_STEP1,
    O365_UNAUTHORIZED_TENANT_UNKNOWN_STEP2,
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

/// The same for an org with several tenants: the domain is in none of them.
pub static DOMAIN_NOT_IN_ANY_TENANT: Diagnosis = Diagnosis {
    code: "domain-not-in-tenant",
    explanation: O365_UNAUTHORIZED_DOMAIN_NOT_IN_ANY_TENANT_EXPLANATION,
    steps: DOMAIN_NOT_IN_ANY_TENANT_STEPS,
};

/// "Unauthorized" for an address in a tenant domain: the address itself is wrong.
pub static MAILBOX_NOT_FOUND: Diagnosis = Diagnosis {
    code: "mailbox-not-found",
    explanation: O365_UNAUTHORIZED_MAILBOX_NOT_FOUND_EXPLANATION,
    steps: MAILBOX_NOT_FOUND_STEPS,
};

/// The same for an org with several tenants, naming the one that holds the domain.
pub static MAILBOX_NOT_FOUND_IN_TENANT: Diagnosis = Diagnosis {
    code: "mailbox-not-found",
    explanation: O365_UNAUTHORIZED_MAILBOX_NOT_FOUND_IN_TENANT_EXPLANATION,
    steps: MAILBOX_NOT_FOUND_IN_TENANT_STEPS,
};

/// The mailbox or the tenant's domains unknown: both causes, and how to tell them apart.
pub static UNDETERMINED: Diagnosis = Diagnosis {
    code: "undetermined",
    explanation: O365_UNAUTHORIZED_UNDETERMINED_EXPLANATION,
    steps: UNDETERMINED_STEPS,
};

/// The address known, the tenant's domains not (all or some of them): that one fact tells which.
pub static DOMAINS_UNKNOWN: Diagnosis = Diagnosis {
    code: "undetermined",
    explanation: O365_UNAUTHORIZED_DOMAINS_UNKNOWN_EXPLANATION,
    steps: DOMAINS_UNKNOWN_STEPS,
};

/// The address's domain holds invisible, look-alike or mixed-script characters.
pub static DOMAIN_UNUSUAL: Diagnosis = Diagnosis {
    code: "domain-unusual-characters",
    explanation: O365_UNAUTHORIZED_DOMAIN_UNUSUAL_EXPLANATION,
    steps: &[
        O365_UNAUTHORIZED_DOMAIN_UNUSUAL_STEP1,
        O365_UNAUTHORIZED_DOMAIN_UNUSUAL_STEP2,
        STEP_WAIT_FOR_ACTIVATED,
    ],
};

/// A domain listed for a tenant holds such characters, and the address matched none.
pub static LISTED_DOMAIN_UNUSUAL: Diagnosis = Diagnosis {
    code: "domain-unusual-characters",
    explanation: O365_UNAUTHORIZED_LISTED_DOMAIN_UNUSUAL_EXPLANATION,
    steps: &[O365_UNAUTHORIZED_LISTED_DOMAIN_UNUSUAL_STEP1, STEP_WAIT_FOR_ACTIVATED],
};

/// No known tenant holds the domain and a tenant shows as "Unknown": re-authorize it first.
pub static TENANT_UNKNOWN: Diagnosis = Diagnosis {
    code: "undetermined",
    explanation: O365_UNAUTHORIZED_TENANT_UNKNOWN_EXPLANATION,
    steps: TENANT_UNKNOWN_STEPS,
};

/// Every cause "Unauthorized" can be diagnosed to.
pub static DIAGNOSES: [&Diagnosis; 7] = [
    &DOMAIN_NOT_IN_TENANT,
    &DOMAIN_NOT_IN_ANY_TENANT,
    &MAILBOX_NOT_FOUND,
    &MAILBOX_NOT_FOUND_IN_TENANT,
    &UNDETERMINED,
    &DOMAINS_UNKNOWN,
    &TENANT_UNKNOWN,
];

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

/// Which cause of "Unauthorized" the subject's mailbox and the org's tenants point to.
fn diagnose_unauthorized(subject: &Subject, context: &Context) -> Diagnosed {
    cause(subject.email.as_deref(), &context.tenants)
}

/// One tenant's texts say "the tenant"; several tenants' name the one that holds the domain, or
/// group every tenant's domains. A domain that is not what it looks like (invisible, look-alike
/// or mixed-script characters) is the cause, whatever the comparison said.
fn cause(email: Option<&str>, tenants: &[Tenant]) -> Diagnosed {
    let domain = email.and_then(email_domain);
    let routing = domain.as_ref().map_or(Routing::Unread, |domain| route(domain, tenants));
    let several = tenants.len() > 1;
    let unusual = email.and_then(unusual_address_domain).or_else(|| match routing {
        Routing::Nowhere => unusual_listed_domain(tenants),
        _ => None,
    });
    let diagnosis = match (&unusual, routing) {
        (Some(Unusual { listed: false, .. }), _) => &DOMAIN_UNUSUAL,
        (Some(_), _) => &LISTED_DOMAIN_UNUSUAL,
        (None, routing) => match routing {
            Routing::To(_) if several => &MAILBOX_NOT_FOUND_IN_TENANT,
            Routing::To(_) => &MAILBOX_NOT_FOUND,
            Routing::Nowhere if several => &DOMAIN_NOT_IN_ANY_TENANT,
            Routing::Nowhere => &DOMAIN_NOT_IN_TENANT,
            Routing::UnknownTenant => &TENANT_UNKNOWN,
            Routing::Unread if domain.is_some() => &DOMAINS_UNKNOWN,
            Routing::Unread => &UNDETERMINED,
        },
    };
    Diagnosed {
        diagnosis,
        domain,
        tenants: tenants.to_vec(),
        holder: match routing {
            Routing::To(position) => Some(position),
            _ => None,
        },
        unusual,
    }
}

/// The address's domain as written, when it holds characters that are not what they look like.
fn unusual_address_domain(email: &str) -> Option<Unusual> {
    let (_, domain) = email.trim().rsplit_once('@')?;
    let oddities = oddities(domain);
    (!oddities.is_empty()).then(|| Unusual {
        domain: domain.to_string(),
        oddities,
        listed: false,
    })
}

/// The first tenant domain that holds such characters: the list was pasted with them.
fn unusual_listed_domain(tenants: &[Tenant]) -> Option<Unusual> {
    tenants.iter().flat_map(Tenant::known_domains).find_map(|domain| {
        let oddities = oddities(domain.as_str());
        (!oddities.is_empty()).then(|| Unusual {
            domain: domain.as_str().to_string(),
            oddities,
            listed: true,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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

    fn tenants(details: &[&str]) -> Vec<Tenant> {
        details.iter().map(|text| Tenant::from_details(None, text)).collect()
    }

    #[test]
    fn diagnoses_by_domain() {
        let tenant = tenants(&["rtpcloudcollab.com (default), adminrtpcloudcollab.onmicrosoft.com, ciscolive.us"]);
        let code = |email, tenants| cause(email, tenants).diagnosis;
        assert_eq!(code(Some("WebexWorkspace1@ciscolive.us"), &tenant), &MAILBOX_NOT_FOUND);
        assert_eq!(
            code(Some("WebexWorkspace1@ciscolive.com"), &tenant),
            &DOMAIN_NOT_IN_TENANT
        );
        assert_eq!(code(None, &tenant), &UNDETERMINED);
        assert_eq!(code(Some("WebexWorkspace1@ciscolive.us"), &[]), &DOMAINS_UNKNOWN);
        assert!(
            !DOMAINS_UNKNOWN.steps.contains(&O365_UNAUTHORIZED_UNDETERMINED_STEP1),
            "the address is known: no step sends the admin to find it"
        );
        assert_eq!(code(Some("not an email"), &tenant), &UNDETERMINED);
    }

    #[test]
    fn several_tenants_name_the_holder_or_are_all_compared() {
        let two = tenants(&[
            "rtpcloudcollab.com, adminrtpcloudcollab.onmicrosoft.com",
            "ciscolive.us",
        ]);
        let held = cause(Some("WebexWorkspace1@ciscolive.us"), &two);
        assert_eq!((held.diagnosis, held.holder), (&MAILBOX_NOT_FOUND_IN_TENANT, Some(1)));
        assert_eq!(held.tenants, two);
        let unheld = cause(Some("WebexWorkspace1@ciscolive.com"), &two);
        assert_eq!((unheld.diagnosis, unheld.holder), (&DOMAIN_NOT_IN_ANY_TENANT, None));
    }

    #[test]
    fn an_unknown_tenant_leaves_it_undetermined_unless_a_known_one_holds_the_domain() {
        let code = |email, details: &[&str]| cause(Some(email), &tenants(details)).diagnosis;
        assert_eq!(
            code("room@ciscolive.us", &["rtpcloudcollab.com", "Unknown"]),
            &TENANT_UNKNOWN
        );
        assert_eq!(code("room@ciscolive.us", &["Unknown"]), &TENANT_UNKNOWN);
        assert_eq!(
            code("room@rtpcloudcollab.com", &["rtpcloudcollab.com", "Unknown"]),
            &MAILBOX_NOT_FOUND_IN_TENANT
        );
        assert_eq!(code("room@ciscolive.us", &["rtpcloudcollab.com", ""]), &DOMAINS_UNKNOWN);
        assert_eq!(cause(None, &tenants(&["Unknown"])).diagnosis, &UNDETERMINED);
    }
}
