//! Decoding: a request URL (may be empty) plus a body → what it says, whatever shape it has.

mod alarms;
mod bare_list;
mod ccc;
mod ccc_provisioning;
mod email_validation;
pub mod endpoint;
mod failed;
mod graph;
mod identity;
mod json;
mod messages;
pub mod observation;
// The banner's module never gets a CSV (only a file does): its Wasm goes without the reader.
#[cfg(any(not(target_arch = "wasm32"), feature = "web-pages"))]
mod status_csv;
mod uss_journal;
mod uss_status;
mod uss_summary;

use std::fmt;
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

use crate::decode::observation::{CalendarService, Observation, Observed, Origin};
use crate::limits::{MAX_HAR_BYTES, MAX_JSON_BODY_BYTES};
use crate::time::Timestamp;
pub use endpoint::Endpoint;
use endpoint::{locate, segment_after, split_url};

/// Why an input could not be read at all. One line each, for a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Empty,
    TooLarge { size: usize, limit: usize },
    NotJson(String),
    NotHar(String),
    NotStatusCsv(String),
    Unrecognized,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Empty => f.write_str("the input is empty"),
            DecodeError::TooLarge { size, limit } => {
                write!(f, "the input is {size} bytes, over the limit of {limit} bytes")
            }
            DecodeError::NotJson(why) => write!(f, "not valid JSON: {why}"),
            DecodeError::NotHar(why) => write!(f, "not a readable HAR file: {why}"),
            DecodeError::NotStatusCsv(why) => write!(f, "not a readable User Status Report CSV: {why}"),
            DecodeError::Unrecognized => f.write_str(
                "not a HAR file nor a Hybrid Calendar response (USS userStatuses / userJournal / \
                 summary, org alarms, Calendar Cloud Connector status or setup error, workspace, SCIM \
                 users, machine accounts, address validation, or Microsoft Graph error), nor a User \
                 Status Report CSV",
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// A matching request found in a HAR file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RequestSummary {
    pub origin: Origin,
    pub method: String,
    pub status: Option<u16>,
    pub started_at: Option<Timestamp>,
    pub endpoint: Endpoint,
    pub has_body: bool,
}

/// A matching request whose body could not be read, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Skipped {
    pub origin: Origin,
    pub reason: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Decoded {
    pub observations: Vec<Observed>,
    pub requests: Vec<RequestSummary>,
    pub skipped: Vec<Skipped>,
}

/// Reads one input: a HAR file, a User Status Report CSV, or one response body with the URL it
/// was fetched from.
pub fn decode(url: &str, body: &str, file: &str) -> Result<Decoded, DecodeError> {
    if body.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    #[cfg(any(not(target_arch = "wasm32"), feature = "web-pages"))]
    if status_csv::looks_like_csv(body) {
        return status_csv::decode(body, file);
    }
    if crate::har::read::looks_like_har(body) {
        if body.len() > MAX_HAR_BYTES {
            return Err(DecodeError::TooLarge {
                size: body.len(),
                limit: MAX_HAR_BYTES,
            });
        }
        return crate::har::read::decode(body, file);
    }
    decode_response(url, body, file)
}

/// Reads one response body with the URL it was fetched from, never as a HAR file: what the
/// banner frame is handed (the hook forwards single responses), so that its module carries no
/// HAR reader.
pub fn decode_response(url: &str, body: &str, file: &str) -> Result<Decoded, DecodeError> {
    if body.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    let origin = Origin {
        file: file.to_string(),
        entry: None,
        url: (!url.is_empty()).then(|| crate::limits::bounded(url)),
    };
    let observations = decode_endpoint_body(url, body, None, origin)?;
    Ok(Decoded {
        observations,
        ..Decoded::default()
    })
}

/// A status or journal request that failed: its status, body and `TrackingID` header.
pub(crate) fn failed_request(
    url: &str,
    http_status: u16,
    at: Option<Timestamp>,
    body: Option<&str>,
    tracking_header: Option<String>,
) -> Observation {
    let located = locate(url);
    Observation::RequestFailed(failed::decode(
        http_status,
        at,
        located.subject.map(crate::limits::bounded),
        located.org.map(crate::limits::bounded),
        body,
        tracking_header,
    ))
}

/// Reads one response body, by its URL when known and by its shape otherwise.
pub(crate) fn decode_endpoint_body(
    url: &str,
    body: &str,
    http_status: Option<u16>,
    origin: Origin,
) -> Result<Vec<Observed>, DecodeError> {
    if body.len() > MAX_JSON_BODY_BYTES {
        return Err(DecodeError::TooLarge {
            size: body.len(),
            limit: MAX_JSON_BODY_BYTES,
        });
    }
    // An org's status list (up to [`crate::limits::MAX_RECORDS_PER_BODY`] records a page) is
    // read straight from its bytes, with no `Value` tree. Only a body that names the list takes
    // that path: any other body is parsed once, below.
    if body.contains("\"userStatuses\"")
        && let Some(records) = uss_status::decode_body(body)
    {
        return Ok(observed(records.into_iter().map(Observation::Status), origin));
    }
    // serde_json refuses nesting deeper than 128 levels with an error, never a stack overflow.
    let value: Value = serde_json::from_str(body).map_err(|e| DecodeError::NotJson(e.to_string()))?;
    let value = bare_list::enveloped(value);
    let (path, _) = split_url(url);
    // One reading of the URL by the endpoint table: which endpoint, whom and which org it names.
    let located = locate(url);
    let org_id = located.org.map(str::to_string);
    let endpoint = located.endpoint;
    let observations: Vec<Observation> = if uss_status::is_user_statuses(&value) {
        uss_status::decode(&value)
            .into_iter()
            .map(Observation::Status)
            .collect()
    } else if uss_journal::is_journal(&value)
        || endpoint == Some(Endpoint::UserJournal) && value.get("entries").is_some()
    {
        let from_url = uss_journal::FromUrl {
            subject_id: located.subject,
            org_id: org_id.as_deref(),
        };
        uss_journal::decode(&value, from_url)
            .into_iter()
            .map(Observation::Journal)
            .collect()
    } else if graph::is_graph_error(&value) {
        let mailbox = segment_after(path, "places")
            .or_else(|| segment_after(path, "users"))
            .map(crate::limits::bounded);
        vec![Observation::Graph(graph::decode(&value, http_status, mailbox))]
    } else if ccc_provisioning::is_provisioning_error(&value, url) {
        vec![Observation::Provisioning(ccc_provisioning::decode(&value, url))]
    } else if email_validation::is_email_validation(&value) {
        vec![Observation::EmailValidation(email_validation::decode(
            &value,
            http_status,
        ))]
    } else if uss_summary::is_summary(&value) {
        uss_summary::decode(&value, org_id)
            .into_iter()
            .map(Observation::Summary)
            .collect()
    } else if alarms::is_alarms(&value) {
        alarms::decode(&value, org_id)
            .into_iter()
            .map(Observation::Alarm)
            .collect()
    } else if ccc::is_ccc_status(&value) {
        let service = segment_after(path, "services").and_then(CalendarService::from_id);
        vec![Observation::Ccc(ccc::decode(&value, org_id, service))]
    } else if let Some(identities) = identity::decode(&value, endpoint, org_id.as_deref()) {
        identities.into_iter().map(Observation::Identity).collect()
    } else if endpoint.is_some() && value.is_object() {
        // A recognised API answering with a shape that carries nothing to diagnose.
        Vec::new()
    } else {
        return Err(DecodeError::Unrecognized);
    };
    Ok(observed(observations, origin))
}

/// Each observation with where it came from.
fn observed(observations: impl IntoIterator<Item = Observation>, origin: Origin) -> Vec<Observed> {
    let origin = Arc::new(origin);
    observations
        .into_iter()
        .map(|observation| Observed {
            origin: origin.clone(),
            observation,
        })
        .collect()
}
