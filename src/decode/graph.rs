//! Microsoft Graph error envelopes, as an admin pastes them from Graph Explorer:
//! `{ "error": { "code", "message", "innerError": { "date", "request-id", "client-request-id" } } }`.

use serde_json::Value;

use super::json::{field, text, timestamp, verbatim};
use crate::decode::observation::GraphError;

pub fn is_graph_error(body: &Value) -> bool {
    field(body, &["error", "code"]).is_some_and(Value::is_string)
}

pub fn decode(body: &Value, http_status: Option<u16>, mailbox: Option<String>) -> GraphError {
    let inner = ["innerError", "innererror"]
        .iter()
        .find_map(|name| field(body, &["error", name]))
        .unwrap_or(&Value::Null);
    let code = text(body, &["error", "code"]).unwrap_or_default();
    // The server's words as written, whitespace included.
    let message = verbatim(body, &["error", "message"]).unwrap_or_default();
    GraphError {
        http_status: http_status.or_else(|| status_of_code(&code, &message)),
        code,
        message,
        request_id: text(inner, &["request-id"]),
        date: timestamp(inner, &["date"]),
        mailbox,
    }
}

/// Graph Explorer shows the status beside the body, not in it; a pasted body alone
/// still says which family of error it is by its code.
fn status_of_code(code: &str, message: &str) -> Option<u16> {
    match code {
        "ErrorItemNotFound"
        | "ErrorInvalidUser"
        | "MailboxNotEnabledForRESTAPI"
        | "ResourceNotFound"
        | "Request_ResourceNotFound" => Some(404),
        "UnknownError" if message.contains("invalid_place") => Some(404),
        "InvalidAuthenticationToken" | "Unauthorized" => Some(401),
        "ErrorAccessDenied" | "Authorization_RequestDenied" | "Forbidden" | "AccessDenied" => Some(403),
        "TooManyRequests" | "ApplicationThrottled" | "ErrorServerBusy" => Some(429),
        _ => None,
    }
}
