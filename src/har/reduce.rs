//! A HAR reduced to what the doctor reads: every entry it reads (one of its URLs, in the shape
//! of `har::entry`), verbatim, and for every other entry a stub (`{"request":{"url":""}}`) that keeps the entries' numbering. The
//! analyzer's worker reads a large file and hands the page only this, so the page's analysis —
//! and its live re-diagnosis as the admin types — works on kilobytes, not on 100 MB.

use serde_json::value::RawValue;

use crate::decode::endpoint::classify;
use crate::har::entry::Entry;
use crate::har::envelope::Har;

const STUB: &str = r#"{"request":{"url":""}}"#;

/// The reduced HAR and how many entries it kept, or why `har` (the file's bytes, UTF-8) is not
/// a HAR. Bytes, not text: the analyzer's worker hands the file over without decoding it.
pub fn reduce_har(har: &[u8]) -> Result<(String, usize), String> {
    let parsed: Har<&RawValue> = serde_json::from_slice(har).map_err(|e| format!("not a HAR file: {e}"))?;
    let mut out = String::from(r#"{"log":{"version":"1.2","entries":["#);
    let mut kept = 0;
    for (index, raw) in parsed.log.entries.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        let read = serde_json::from_str::<Entry>(raw.get()).is_ok_and(|e| classify(&e.request.url).is_some());
        if read {
            out.push_str(raw.get());
            kept += 1;
        } else {
            out.push_str(STUB);
        }
    }
    out.push_str("]}}");
    Ok((out, kept))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::decode;

    #[test]
    fn the_reduced_har_says_what_the_whole_one_says() {
        for name in [
            "har/note-scenario.har",
            "har/base64-ccc-consent.har",
            "har/without-bodies.har",
            "har/bad-entries.har",
        ] {
            let har = std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
            let (reduced, kept) = reduce_har(har.as_bytes()).unwrap();
            assert!(reduced.len() <= har.len(), "{name}");
            let whole = decode("", &har, "f.har").unwrap();
            let small = decode("", &reduced, "f.har").unwrap();
            assert_eq!(small.observations, whole.observations, "{name}");
            assert_eq!(small.requests, whole.requests, "{name}");
            assert_eq!(small.skipped, whole.skipped, "{name}");
            assert_eq!(kept, whole.requests.len(), "{name}");
        }
    }

    #[test]
    fn unrelated_entries_become_stubs_in_place() {
        let har = r#"{"log":{"entries":[
            {"request":{"url":"https://admin.webex.com/app.js","headers":[{"name":"Cookie","value":"s"}]},"response":{"status":200}},
            {"request":{"url":"https://uss-a.wbx2.com/uss/api/v1/orgs/o/userStatuses?userId=u"},"response":{"status":200}},
            {"request":5}]}}"#;
        let (reduced, kept) = reduce_har(har.as_bytes()).unwrap();
        assert_eq!(kept, 1);
        let value: serde_json::Value = serde_json::from_str(&reduced).unwrap();
        let entries = value["log"]["entries"].as_array().unwrap();
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0], serde_json::json!({"request": {"url": ""}}));
        assert!(entries[1]["request"]["url"].as_str().unwrap().contains("userStatuses"));
        assert!(!reduced.contains("Cookie"));
    }

    #[test]
    fn an_entry_the_reader_cannot_read_is_a_stub() {
        let har = r#"{"log":{"entries":[
            {"request":{"url":"https://uss-a.wbx2.com/uss/api/v1/orgs/o/userStatuses?userId=u"},"response":{"status":"200"}}]}}"#;
        let (reduced, kept) = reduce_har(har.as_bytes()).unwrap();
        assert_eq!(
            (reduced.as_str(), kept),
            (r#"{"log":{"version":"1.2","entries":[{"request":{"url":""}}]}}"#, 0)
        );
    }

    #[test]
    fn not_a_har_is_an_error() {
        assert!(reduce_har(br#"{"userStatuses":[]}"#).is_err());
        assert!(reduce_har(b"not json").is_err());
    }
}
