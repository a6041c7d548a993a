//! The HAR reader (through `decode`), the analyzer worker's reducer and the redactor behind
//! "Download redacted HAR". On any HAR: never a panic, and the reduced HAR says what the whole
//! one says. On HARs as browsers write them: no seeded secret survives redaction, redacting
//! twice changes nothing more, and the redacted HAR still shows the problem.

use caldoctor::decode::decode;
use caldoctor::har::{redact::redact_har, reduce::reduce_har};
use proptest::prelude::*;

use crate::harness::fuzz;
use crate::hars::{har, wild_har};

#[test]
fn any_har_is_read_reduced_and_redacted_without_a_panic() {
    fuzz("har-wild", wild_har(), |text| {
        let whole = decode("", &text, "f.har");
        let reduced = reduce_har(text.as_bytes());
        let redacted = redact_har(text.as_bytes());
        if let Ok(whole) = whole {
            let (reduced, kept) = reduced.map_err(|e| TestCaseError::fail(format!("read but not reduced: {e}")))?;
            let small =
                decode("", &reduced, "f.har").map_err(|e| TestCaseError::fail(format!("reduced unreadable: {e}")))?;
            prop_assert_eq!(&small.observations, &whole.observations);
            prop_assert_eq!(&small.requests, &whole.requests);
            prop_assert_eq!(&small.skipped, &whole.skipped);
            prop_assert_eq!(kept, whole.requests.len());
        }
        if let Ok((redacted, _)) = redacted {
            prop_assert!(
                serde_json::from_str::<serde_json::Value>(&redacted).is_ok(),
                "the redacted HAR is JSON"
            );
        }
        Ok(())
    });
}

#[test]
fn redacted_hars_keep_no_secret_and_the_evidence() {
    fuzz("har-redact", har(), |har| {
        let (redacted, summary) = redact_har(har.text.as_bytes())
            .map_err(|e| TestCaseError::fail(format!("a browser's HAR refused: {e}")))?;
        for secret in &har.secrets {
            prop_assert!(
                !redacted.contains(secret.as_str()),
                "{} left in the redacted HAR",
                secret
            );
        }
        for private in ["serverIPAddress", "_initiator", "postData", "S3cr3tCookie"] {
            prop_assert!(!redacted.contains(private), "{} left in the redacted HAR", private);
        }
        let (again, _) =
            redact_har(redacted.as_bytes()).map_err(|e| TestCaseError::fail(format!("redacted HAR refused: {e}")))?;
        prop_assert_eq!(&again, &redacted, "redacting a redacted HAR changed it");

        let original = decode("", &har.text, "f.har").map_err(|e| TestCaseError::fail(format!("unreadable: {e}")))?;
        let shared =
            decode("", &redacted, "f.har").map_err(|e| TestCaseError::fail(format!("redacted unreadable: {e}")))?;
        prop_assert_eq!(shared.requests.len(), original.requests.len());
        prop_assert_eq!(shared.observations.len(), original.observations.len());
        prop_assert_eq!(summary.bodies_kept, original.requests.len());
        Ok(())
    });
}
