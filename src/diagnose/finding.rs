//! The finding model. Each finding kind is one self-describing unit: a [`FindingKind`]
//! (stable code, severity, catalogue texts, which checks help) plus the rule that matches it,
//! in its own file or table row.

use serde::Serialize;

use crate::decode::observation::{Origin, Severity, SubjectKind};
use crate::diagnose::domain::Domain;
use crate::explain::catalog::Msg;
use crate::time::Timestamp;

/// A check the admin can run to confirm a diagnosis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    /// Graph `GET /v1.0/places/{mailbox}` in Graph Explorer.
    GraphPlace,
    /// Control Hub's Tenant details domain list (and `Get-AcceptedDomain`).
    TenantDomains,
    /// Exchange Online PowerShell `Get-Mailbox` / `Get-Place`.
    ExchangeMailbox,
    /// Exchange Online PowerShell `Test-ApplicationAccessPolicy`.
    ApplicationAccessPolicy,
    /// Control Hub's Hybrid Calendar service page (consent, connector).
    HybridCalendarSettings,
}

pub struct FindingKind {
    /// Stable kebab-case identifier, used by tests, `data-finding` and the JSON output.
    pub code: &'static str,
    pub severity: Severity,
    pub title: Msg,
    pub explanation: Msg,
    pub steps: &'static [Msg],
    pub checks: &'static [Check],
}

impl std::fmt::Debug for FindingKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code)
    }
}

impl PartialEq for FindingKind {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

/// Why O365 said "Unauthorized", as far as the known facts tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Diagnosis {
    DomainNotInTenant,
    MailboxNotFound,
    Undetermined,
}

impl Diagnosis {
    pub fn code(self) -> &'static str {
        match self {
            Diagnosis::DomainNotInTenant => "domain-not-in-tenant",
            Diagnosis::MailboxNotFound => "mailbox-not-found",
            Diagnosis::Undetermined => "undetermined",
        }
    }
}

/// Who a finding is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Subject {
    pub kind: SubjectKind,
    pub id: Option<String>,
    pub org_id: Option<String>,
    pub email: Option<String>,
    pub display_name: Option<String>,
}

/// The values a finding's texts are filled with, beyond the subject.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// `X` of "Received error 'X' from O365".
    pub service_error: Option<String>,
    pub diagnosis: Option<Diagnosis>,
    /// The mailbox's domain and the tenant's, for `o365-unauthorized`.
    pub domain: Option<Domain>,
    pub tenant_domains: Vec<Domain>,
    /// The Calendar Cloud Connector `errorCode` and its name.
    pub error_code: Option<(i64, &'static str)>,
    /// A Graph error code, HTTP status and request id.
    pub graph_code: Option<String>,
    pub http_status: Option<u16>,
    pub request_id: Option<String>,
    /// For a HAR without bodies: matching requests, and those without a body.
    pub entry_counts: Option<(usize, usize)>,
}

/// One diagnosed problem about one subject, before it is put into words.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub kind: &'static FindingKind,
    pub subject: Subject,
    /// The latest time it was seen (`lastStateChange`, journal `time`, Graph `date`).
    pub observed_at: Option<Timestamp>,
    pub first_observed_at: Option<Timestamp>,
    pub occurrences: usize,
    /// When the subject's status later became `activated` again.
    pub resolved_at: Option<Timestamp>,
    pub tracking_root: Option<String>,
    pub raw_message: Option<String>,
    pub message_key: Option<String>,
    pub facts: Facts,
    pub origin: Origin,
}
