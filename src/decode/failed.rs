//! A status or journal request that failed (HTTP 400 and above). Its body, when there is one,
//! is Webex's error envelope: `{ message, errors: [{ description }], trackingId }`.

use serde_json::Value;

use super::json::{items, text, verbatim};
use crate::decode::observation::FailedRequest;
use crate::time::Timestamp;

/// What a failed request still tells: its status, whom it was about, the server's words and
/// the tracking ID support asks for. A body that is not JSON tells nothing more.
pub fn decode(
    http_status: u16,
    at: Option<Timestamp>,
    subject_id: Option<String>,
    org_id: Option<String>,
    body: Option<&str>,
    tracking_header: Option<String>,
) -> FailedRequest {
    let envelope: Value = body
        .and_then(|body| serde_json::from_str(body).ok())
        .unwrap_or(Value::Null);
    let message = verbatim(&envelope, &["message"]).or_else(|| {
        items(&envelope, &["errors"], 1)
            .next()
            .and_then(|error| verbatim(error, &["description"]))
    });
    FailedRequest {
        http_status,
        at,
        subject_id,
        org_id,
        message,
        tracking_id: text(&envelope, &["trackingId"]).or(tracking_header),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_error_envelope_and_tolerates_any_body() {
        let failed = decode(
            500,
            None,
            None,
            None,
            Some(r#"{"message":"  Internal  error ","errors":[{"description":"x"}],"trackingId":"USS_1"}"#),
            Some("HEADER_2".into()),
        );
        assert_eq!(failed.message.as_deref(), Some("  Internal  error "));
        assert_eq!(failed.tracking_id.as_deref(), Some("USS_1"));
        let bare = decode(
            502,
            None,
            None,
            None,
            Some("<html>Bad gateway</html>"),
            Some("HEADER_2".into()),
        );
        assert_eq!((bare.message, bare.tracking_id.as_deref()), (None, Some("HEADER_2")));
        let listed = decode(
            400,
            None,
            None,
            None,
            Some(r#"{"errors":[{"description":"Bad request"}]}"#),
            None,
        );
        assert_eq!(listed.message.as_deref(), Some("Bad request"));
    }
}
