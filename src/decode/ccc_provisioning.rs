//! Error answers to the Calendar Cloud Connector's setup requests, as the setup wizard's test
//! step (`…/services/squared-fusion-cal/provisioning/confirmO365Provisioning?testEmail=…`) and
//! Tenant details' Save get them:
//! `{ errorCode?, message, errors: [{ errorCode?, description }], trackingId? }`.

use serde_json::Value;

use super::endpoint::{query_value, segment_after, split_url};
use super::json::{field, integer, is_array, items, text};
use crate::decode::observation::{CalendarService, ProvisioningError};
use crate::limits::{MAX_MESSAGES_PER_RECORD, bounded};

/// The shape, and when the request URL is known, a setup request's path: the connector's
/// status (`{ errorCode, … }` without `errors`) stays the status decoder's.
pub fn is_provisioning_error(body: &Value, url: &str) -> bool {
    let (path, _) = split_url(url);
    let shaped = is_array(body, &["errors"]) && field(body, &["message"]).is_some_and(Value::is_string);
    shaped && (url.is_empty() || path.contains("/provisioning/"))
}

pub fn decode(body: &Value, url: &str) -> ProvisioningError {
    let (path, query) = split_url(url);
    ProvisioningError {
        org_id: segment_after(path, "orgs").map(str::to_string),
        service: segment_after(path, "services").and_then(CalendarService::from_id),
        operation: path
            .rsplit('/')
            .next()
            .filter(|segment| !segment.is_empty())
            .map(bounded),
        test_email: query_value(query, "testEmail")
            .map(percent_decoded)
            .filter(|email| !email.is_empty()),
        error_code: integer(body, &["errorCode"]),
        message: text(body, &["message"]),
        descriptions: items(body, &["errors"], MAX_MESSAGES_PER_RECORD)
            .filter_map(|error| text(error, &["description"]))
            .collect(),
        tracking_id: text(body, &["trackingId"]),
    }
}

/// A query value as typed (`room%40example.com` → `room@example.com`); `+` stays, as in an
/// address's `user+tag`.
fn percent_decoded(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    bounded(String::from_utf8_lossy(&out).trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEST_STEP: &str = "https://calendar-cloud-connector-r.wbx2.com/api/v1/orgs/1eb65fdf-9643-417f-9974-ad72cae0e10f/services/squared-fusion-cal/provisioning/confirmO365Provisioning?testEmail=test.user%40ciscolive.us&schedulingAccount=";

    #[test]
    fn reads_the_test_steps_request_and_answer() {
        let body: Value = serde_json::from_str(
            r#"{"errorCode": 6, "message": "Bad request", "errors":[{"errorCode":6,"description":"Bad request"}]}"#,
        )
        .unwrap();
        assert!(is_provisioning_error(&body, TEST_STEP));
        let error = decode(&body, TEST_STEP);
        assert_eq!(error.org_id.as_deref(), Some("1eb65fdf-9643-417f-9974-ad72cae0e10f"));
        assert_eq!(error.service, Some(CalendarService::Microsoft));
        assert_eq!(error.operation.as_deref(), Some("confirmO365Provisioning"));
        assert_eq!(error.test_email.as_deref(), Some("test.user@ciscolive.us"));
        assert_eq!(error.error_code, Some(6));
        assert_eq!(error.descriptions, ["Bad request"]);
    }

    #[test]
    fn the_shape_decides_without_a_url_and_the_path_with_one() {
        let body: Value = serde_json::from_str(r#"{"message":"m","errors":[],"trackingId":"ATLAS_1_2"}"#).unwrap();
        assert!(is_provisioning_error(&body, ""));
        assert!(!is_provisioning_error(
            &body,
            "https://calendar-cloud-connector-a.wbx2.com/api/v1/orgs/o/services/squared-fusion-cal"
        ));
        let status: Value = serde_json::from_str(r#"{"provisioned":true,"status":"error","errorCode":12}"#).unwrap();
        assert!(!is_provisioning_error(&status, ""));
        assert_eq!(decode(&body, "").tracking_id.as_deref(), Some("ATLAS_1_2"));
    }

    #[test]
    fn decodes_percent_escapes_and_keeps_the_rest() {
        assert_eq!(percent_decoded("a%40b.example"), "a@b.example");
        assert_eq!(percent_decoded("a+tag@b.example"), "a+tag@b.example");
        assert_eq!(percent_decoded("100%"), "100%");
        assert_eq!(percent_decoded("%zz%4"), "%zz%4");
        assert_eq!(percent_decoded("%C3%A9"), "é");
    }
}
