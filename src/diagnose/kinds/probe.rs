//! A kind no family has, for the tests of the code every kind shares: it asks the context, as
//! a new family's kind would, and fills its texts from a recorded fact and the subject.

use crate::decode::observation::Severity;
use crate::diagnose::domain::email_domain;
use crate::diagnose::finding::{Check, Diagnosed, Diagnosis, FindingKind};
use crate::explain::catalog::*;

/// What [`PROBE`] always diagnoses; its texts fill `{email}`, `{domain}`, `{tenant_domains}`.
pub static PROBED: Diagnosis = Diagnosis {
    code: "probed",
    explanation: O365_UNAUTHORIZED_DOMAIN_NOT_IN_TENANT_EXPLANATION,
    steps: &[O365_UNAUTHORIZED_DOMAIN_NOT_IN_TENANT_STEP3],
};

/// Its texts fill `{service_error}` and `{email}`.
pub static PROBE: FindingKind = FindingKind {
    code: "probe",
    severity: Severity::Warning,
    title: O365_ERROR_TITLE,
    explanation: O365_ERROR_EXPLANATION,
    steps: &[O365_ERROR_STEP1],
    checks: &[Check::GraphPlace],
    diagnose: Some(|subject, context| Diagnosed {
        diagnosis: &PROBED,
        domain: subject.email.as_deref().and_then(email_domain),
        tenants: context.tenants.clone(),
        holder: None,
        unusual: None,
    }),
};
