//! The answer to Validate of a workspace's calendar address (Workspaces > Scheduling, Google):
//! `{ status, errorMessage?, valid }`, as `{"status":403,"errorMessage":"Email validation
//! failed: null","valid":false}`.

use serde_json::Value;

use super::json::{boolean, field, integer, text};
use crate::decode::observation::EmailValidation;

pub fn is_email_validation(body: &Value) -> bool {
    field(body, &["valid"]).is_some_and(Value::is_boolean)
        && (field(body, &["errorMessage"]).is_some() || field(body, &["status"]).is_some_and(Value::is_number))
}

pub fn decode(body: &Value, http_status: Option<u16>) -> EmailValidation {
    EmailValidation {
        http_status: integer(body, &["status"])
            .and_then(|status| u16::try_from(status).ok())
            .or(http_status),
        valid: boolean(body, &["valid"]).unwrap_or(false),
        error_message: text(body, &["errorMessage"]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_refused_validation() {
        let body: Value =
            serde_json::from_str(r#"{"status":403,"errorMessage":"Email validation failed: null","valid":false}"#)
                .unwrap();
        assert!(is_email_validation(&body));
        let validation = decode(&body, Some(200));
        assert_eq!(validation.http_status, Some(403));
        assert!(!validation.valid);
        assert_eq!(
            validation.error_message.as_deref(),
            Some("Email validation failed: null")
        );
        assert!(!is_email_validation(&serde_json::json!({"valid": "no", "status": 400})));
        assert!(!is_email_validation(&serde_json::json!({"valid": true})));
    }
}
