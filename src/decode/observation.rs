//! What the decoders learn from Control Hub's responses, independent of their wire shapes.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::time::Timestamp;

/// The Hybrid Calendar service as USS names it.
pub const CALENDAR_SERVICE: &str = "squared-fusion-cal";
/// Hybrid Calendar for Google Workspace, as USS and the Calendar Cloud Connector name it.
pub const GOOGLE_CALENDAR_SERVICE: &str = "squared-fusion-gcal";

/// Which Hybrid Calendar service a record is about: the texts of a Google subject speak of
/// Google, never of Microsoft 365.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CalendarService {
    /// `squared-fusion-cal`: Exchange through Expressway, or Microsoft 365 through the cloud.
    Microsoft,
    /// `squared-fusion-gcal`: Google Calendar through the cloud.
    Google,
}

impl CalendarService {
    /// From a service id; `None` for the other hybrid services (and anything else).
    pub fn from_id(id: &str) -> Option<CalendarService> {
        match id.trim() {
            CALENDAR_SERVICE => Some(CalendarService::Microsoft),
            GOOGLE_CALENDAR_SERVICE => Some(CalendarService::Google),
            _ => None,
        }
    }

    /// A record's service id: `Some(None)` when it names none (the request asked for one
    /// calendar service), `None` when it names a service that is no calendar.
    pub fn of_record(id: Option<&str>) -> Option<Option<CalendarService>> {
        id.map_or(Some(None), |id| CalendarService::from_id(id).map(Some))
    }
}

/// Who serves a subject's calendar, as a status's `owner` says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Owner {
    /// `ccc`: the Calendar Cloud Connector, "Cisco Webex Cloud" (Microsoft 365 or Google).
    Cloud,
    /// `uss`: a calendar connector on Expressway.
    Expressway,
}

impl Owner {
    pub fn parse(owner: &str) -> Option<Owner> {
        match owner.trim().to_ascii_lowercase().as_str() {
            "ccc" => Some(Owner::Cloud),
            "uss" => Some(Owner::Expressway),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn parse(text: &str) -> Option<Severity> {
        let is = |word: &str| text.trim().eq_ignore_ascii_case(word);
        if ["error", "critical", "alert"].into_iter().any(is) {
            Some(Severity::Error)
        } else if ["warning", "warn"].into_iter().any(is) {
            Some(Severity::Warning)
        } else if ["info", "information", "ok"].into_iter().any(is) {
            Some(Severity::Info)
        } else {
            None
        }
    }
}

/// A status message as USS sends it (`messages[]`, journal `details[]`, or the old
/// `description: {key, defaultMessage}` shape), with replacement values applied.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Message {
    pub key: Option<String>,
    pub severity: Option<Severity>,
    pub title: Option<String>,
    pub description: String,
    pub replacement_values: Vec<(String, String)>,
}

impl Message {
    /// The description with `{{name}}` / `{name}` replaced by their values, as Control Hub shows it.
    pub fn text(&self) -> String {
        let mut text = self.description.clone();
        for (name, value) in &self.replacement_values {
            text = text
                .replace(&format!("{{{{{name}}}}}"), value)
                .replace(&format!("{{{name}}}"), value);
        }
        text
    }
}

/// What a USS `state` means, as Control Hub shows it. The raw word is kept beside it: a state
/// outside the documented set (`active` has been seen) is shown as "Unknown (active)".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StateKind {
    Activated,
    /// `notActivated` and `deactivated`, both "Pending Activation".
    PendingActivation,
    Error,
    PendingDeactivation,
    Unknown,
}

impl StateKind {
    pub fn of(state: &str) -> StateKind {
        const WORDS: [(&str, StateKind); 5] = [
            ("activated", StateKind::Activated),
            ("notActivated", StateKind::PendingActivation),
            ("deactivated", StateKind::PendingActivation),
            ("error", StateKind::Error),
            ("pendingDeactivation", StateKind::PendingDeactivation),
        ];
        let state = state.trim();
        WORDS
            .iter()
            .find(|(word, _)| state.eq_ignore_ascii_case(word))
            .map_or(StateKind::Unknown, |(_, kind)| *kind)
    }

    /// Whether a record's `state`, when it has one, is `error`.
    pub fn is_error(state: Option<&str>) -> bool {
        state.is_some_and(|state| StateKind::of(state) == StateKind::Error)
    }

    pub fn is_activated(state: Option<&str>) -> bool {
        state.is_some_and(|state| StateKind::of(state) == StateKind::Activated)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SubjectKind {
    User,
    Workspace,
    Org,
    #[default]
    Unknown,
}

impl SubjectKind {
    /// Its word in the outputs (`user`, `workspace`, `org`, `unknown`), as its JSON has it.
    pub fn word(self) -> &'static str {
        match self {
            SubjectKind::User => "user",
            SubjectKind::Workspace => "workspace",
            SubjectKind::Org => "org",
            SubjectKind::Unknown => "unknown",
        }
    }

    /// From USS's `userType`, which names machine accounts (workspaces) apart from people.
    pub fn from_user_type(user_type: &str) -> SubjectKind {
        let lower = user_type.to_ascii_lowercase();
        if ["machine", "place", "room", "workspace", "device"]
            .iter()
            .any(|w| lower.contains(w))
        {
            SubjectKind::Workspace
        } else if lower.contains("user") || lower.contains("person") {
            SubjectKind::User
        } else {
            SubjectKind::Unknown
        }
    }
}

/// Where an observation came from: the file (or page), the HAR entry index, the request URL.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    pub file: String,
    pub entry: Option<usize>,
    pub url: Option<String>,
}

/// One user's or workspace's Hybrid Calendar status (USS `userStatuses[]`). An org's list holds
/// tens of thousands, which name the same org, a few states, owners and connectors, and repeat a
/// few message lists: the records of one list share those (`Arc`) instead of a copy each.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatusRecord {
    pub subject_id: Option<String>,
    pub org_id: Option<Arc<str>>,
    pub entitled: Option<bool>,
    pub state: Option<Arc<str>>,
    pub last_state_change: Option<Timestamp>,
    pub last_status_update: Option<Timestamp>,
    pub owner: Option<Arc<str>>,
    pub connector_id: Option<Arc<str>>,
    /// `serviceId`, when the record names one.
    pub service: Option<CalendarService>,
    pub messages: Arc<[Message]>,
}

/// One "See history" entry (classic `entry` or Activation 2.0 `record` shape).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JournalRecord {
    pub time: Option<Timestamp>,
    pub entry_type: Option<String>,
    pub subject_id: Option<String>,
    pub org_id: Option<String>,
    pub subject_kind: Option<SubjectKind>,
    pub state: Option<String>,
    pub messages: Vec<Message>,
    pub tracking_root: Option<String>,
    pub job_id: Option<String>,
    /// `serviceId` (classic) or `service` (Activation 2.0), when the entry names one.
    pub service: Option<CalendarService>,
}

/// The org's Calendar Cloud Connector service status.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CccStatus {
    pub org_id: Option<String>,
    pub provisioned: Option<bool>,
    pub status: Option<String>,
    pub error_code: Option<i64>,
    /// The service of the request URL's `/services/{id}`: Google's findings speak of Google.
    pub service: Option<CalendarService>,
}

/// Counts of subjects per state, each as the server names it (`error`, `activated`,
/// `notActivated`, `total`, …), in the order it sent them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StateCounts(pub Vec<(String, u64)>);

impl StateCounts {
    pub fn get(&self, state: &str) -> Option<u64> {
        self.0.iter().find(|(name, _)| name == state).map(|(_, count)| *count)
    }
}

/// One calendar service's line of the org's status summary (`/userStatuses/summary`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatusSummary {
    pub org_id: Option<String>,
    pub service: Option<CalendarService>,
    pub counts: StateCounts,
    /// Per owner, when the summary splits them (`countsByOwnerAndState`).
    pub by_owner: Vec<(Owner, StateCounts)>,
}

/// One of the org's alarms (Hercules `alarms.items[]`), its texts with replacement values
/// applied.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrgAlarm {
    pub org_id: Option<String>,
    pub service: Option<CalendarService>,
    /// `sourceId`: `uss`, `ccc`, `das`, `hcm`.
    pub source: Option<String>,
    pub alarm_id: Option<String>,
    pub key: Option<String>,
    /// `error` and `critical` read as errors.
    pub severity: Option<Severity>,
    pub title: Option<String>,
    pub description: Option<String>,
}

/// An error answer to one of the Calendar Cloud Connector's setup requests
/// (`…/services/{service}/provisioning/{operation}`, or a body of that shape).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProvisioningError {
    pub org_id: Option<String>,
    /// The service of the request URL's `/services/{id}/`.
    pub service: Option<CalendarService>,
    /// The request's last path segment, as `confirmO365Provisioning`.
    pub operation: Option<String>,
    /// The setup test's account (`testEmail=` of the request URL).
    pub test_email: Option<String>,
    pub error_code: Option<i64>,
    pub message: Option<String>,
    /// `errors[].description`, in order.
    pub descriptions: Vec<String>,
    /// `trackingId` (`ATLAS_…`), whole: it is what support asks for.
    pub tracking_id: Option<String>,
}

impl ProvisioningError {
    /// The server's words: the message, then each description that says something else.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        let message = self.message.as_deref();
        message.into_iter().chain(
            self.descriptions
                .iter()
                .map(String::as_str)
                .filter(move |d| Some(*d) != message),
        )
    }
}

/// The answer to a workspace calendar address's Validate (Workspaces > Scheduling, Google):
/// `{ status, errorMessage, valid }`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EmailValidation {
    /// `status` of the body, else the response's.
    pub http_status: Option<u16>,
    pub valid: bool,
    pub error_message: Option<String>,
}

/// A Microsoft Graph error envelope.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GraphError {
    pub http_status: Option<u16>,
    pub code: String,
    pub message: String,
    pub request_id: Option<String>,
    pub date: Option<Timestamp>,
    /// The mailbox named in the request URL (`places/{mailbox}`), when known.
    pub mailbox: Option<String>,
}

/// Who a subject is, as a directory or a report names it: a workspace (a CSDM place, a
/// Workspaces API object, a machine account), a user (SCIM), or a row of the User Status
/// Report's CSV. `diagnose` gives a status's or journal's subject its kind, address and name
/// from these (`diagnose::SubjectResolver`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IdentityRecord {
    /// Every id the subject goes by: USS knows the UUID, the public APIs a hydra id of it.
    pub ids: Vec<String>,
    pub org_id: Option<String>,
    /// `Unknown` when the source does not say (a CSV row without a type).
    pub kind: SubjectKind,
    pub display_name: Option<String>,
    /// The subject's calendar mailbox as the source knows it: a place's linked calendar
    /// account, a user's primary email (else their userName), a CSV row's user when it is an
    /// address. A machine account knows none.
    pub email: Option<String>,
}

/// A status or journal request that failed (HTTP 400 and above): the data it should have
/// brought is missing, which must not read as all clear.
#[derive(Clone, Debug, PartialEq)]
pub struct FailedRequest {
    pub http_status: u16,
    /// When the request was sent (the HAR entry's `startedDateTime`).
    pub at: Option<Timestamp>,
    /// The subject the request was about, from its URL.
    pub subject_id: Option<String>,
    pub org_id: Option<String>,
    /// The error body's message, verbatim.
    pub message: Option<String>,
    /// Webex's tracking ID, from the body (`trackingId`) or the `TrackingID` header.
    pub tracking_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Observation {
    Status(StatusRecord),
    Journal(JournalRecord),
    Ccc(CccStatus),
    Graph(GraphError),
    Identity(IdentityRecord),
    Provisioning(ProvisioningError),
    EmailValidation(EmailValidation),
    Summary(StatusSummary),
    Alarm(OrgAlarm),
    RequestFailed(FailedRequest),
    /// A HAR whose matching requests carry no response bodies (a sanitized export).
    HarWithoutBodies {
        matching_entries: usize,
        without_body: usize,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Observed {
    /// Shared by every observation of one body: an org's status list is tens of thousands.
    pub origin: Arc<Origin>,
    pub observation: Observation,
}
