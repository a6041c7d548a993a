//! What the decoders learn from Control Hub's responses, independent of their wire shapes.

use serde::Serialize;

use crate::time::Timestamp;

/// The Hybrid Calendar service as USS names it.
pub const CALENDAR_SERVICE: &str = "squared-fusion-cal";

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SubjectKind {
    User,
    Workspace,
    Org,
    Unknown,
}

impl SubjectKind {
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
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Origin {
    pub file: String,
    pub entry: Option<usize>,
    pub url: Option<String>,
}

/// One user's or workspace's Hybrid Calendar status (USS `userStatuses[]`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatusRecord {
    pub subject_id: Option<String>,
    pub org_id: Option<String>,
    pub entitled: Option<bool>,
    pub state: Option<String>,
    pub last_state_change: Option<Timestamp>,
    pub last_status_update: Option<Timestamp>,
    pub owner: Option<String>,
    pub connector_id: Option<String>,
    pub messages: Vec<Message>,
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
}

/// The org's Calendar Cloud Connector service status.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CccStatus {
    pub org_id: Option<String>,
    pub provisioned: Option<bool>,
    pub status: Option<String>,
    pub error_code: Option<i64>,
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

/// A workspace (CSDM place / Workspaces API object) and its calendar mailbox.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlaceRecord {
    pub ids: Vec<String>,
    pub org_id: Option<String>,
    pub display_name: Option<String>,
    pub calendar_email: Option<String>,
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
    Place(PlaceRecord),
    RequestFailed(FailedRequest),
    /// A HAR whose matching requests carry no response bodies (a sanitized export).
    HarWithoutBodies {
        matching_entries: usize,
        without_body: usize,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Observed {
    pub origin: Origin,
    pub observation: Observation,
}
