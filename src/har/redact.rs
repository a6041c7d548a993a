//! "Download redacted HAR": the input HAR rewritten so that an engineer can forward it. What
//! stays is what a diagnosis needs — every entry's method, URL, status, times, and the response
//! bodies of the requests the doctor reads. What goes: every header but a few harmless ones,
//! every cookie, request bodies, the bodies of unrelated responses, secret-looking query values,
//! JWT signatures anywhere, and the browser's private fields (`_initiator`, `serverIPAddress`…).
//! Like `har::read`, the envelope is read with the borrowed serde models of `har::entry` and
//! written entry by entry, so a 100 MB file is not copied into a JSON tree.

use serde_json::{Value, json};

use crate::decode::endpoint::classify;
use crate::har::entry::{Entry, Header, Lazy, parse_lazy};
use crate::har::envelope::Har;

/// Headers that carry no credential and help a reader (content type, Graph's request ids, the
/// Webex tracking id support asks for, throttling).
const KEPT_HEADERS: [&str; 8] = [
    "content-type",
    "content-length",
    "date",
    "trackingid",
    "request-id",
    "client-request-id",
    "retry-after",
    "x-ms-ags-diagnostic",
];
/// Query parameter names whose values are removed: tokens, codes, signatures, keys.
const SECRET_PARAMS: [&str; 9] = [
    "token",
    "code",
    "secret",
    "sig",
    "signature",
    "key",
    "password",
    "auth",
    "assertion",
];
const REMOVED: &str = "[removed by Hybrid Calendar Doctor]";

/// What was kept and removed, for the analyzer to say.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct RedactionSummary {
    pub entries: usize,
    pub bodies_kept: usize,
    pub bodies_removed: usize,
}

/// The redacted HAR text, or why `har` (the file's bytes, UTF-8) is not a HAR.
pub fn redact_har(har: &[u8]) -> Result<(String, RedactionSummary), String> {
    let parsed: Har<Entry<'_>> = serde_json::from_slice(har).map_err(|e| format!("not a HAR file: {e}"))?;
    let mut summary = RedactionSummary::default();
    let mut entries = Vec::with_capacity(parsed.log.entries.len());
    for entry in &parsed.log.entries {
        entries.push(redact_entry(entry, &mut summary));
    }
    summary.entries = entries.len();
    let out = json!({
        "log": {
            "version": parsed.log.version.as_ref().and_then(Value::as_str).unwrap_or("1.2"),
            "creator": { "name": "Hybrid Calendar Doctor (redacted)", "version": env!("CARGO_PKG_VERSION") },
            "comment": "Headers, cookies, request bodies, unrelated response bodies and secrets were removed.",
            "entries": entries,
        }
    });
    let text = serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?;
    Ok((text, summary))
}

/// The entry as it is shared. A field it copies that has the wrong type (a `statusText` that is
/// a list, a header value that is a number, a lone surrogate) is written blank and a mistyped
/// header left out: every HAR the doctor reads can be redacted and forwarded.
fn redact_entry(entry: &Entry, summary: &mut RedactionSummary) -> Value {
    let read = classify(&entry.request.url).is_some();
    let request = &entry.request;
    let mut out = json!({
        "startedDateTime": entry.started_date_time.as_deref().unwrap_or(""),
        "time": lenient(&entry.time).map_or(json!(-1), Value::Number),
        "request": {
            "method": request.method.as_deref().unwrap_or("GET"),
            "url": redact_url(&request.url),
            "httpVersion": lenient(&request.http_version).as_deref().unwrap_or(""),
            "headers": kept_headers(&request.headers),
            "cookies": [],
            "queryString": [],
            "headersSize": -1,
            "bodySize": -1,
        },
        "cache": {},
        "timings": entry
            .timings
            .and_then(|t| serde_json::from_str::<Value>(t.get()).ok())
            .filter(Value::is_object)
            .unwrap_or_else(|| json!({ "send": 0, "wait": 0, "receive": 0 })),
    });
    let response = entry.response.as_ref();
    let content = response.and_then(|r| r.content.as_ref());
    let (size, mime_type, text) = match content {
        Some(c) => (lenient(&c.size), lenient(&c.mime_type), lenient(&c.text)),
        None => (None, None, None),
    };
    let encoding = content.and_then(|c| c.encoding.as_deref());
    let mut content_out = json!({
        "size": size.map_or(json!(0), Value::Number),
        "mimeType": mime_type.as_deref().unwrap_or(""),
    });
    // A body removed by an earlier pass keeps its marker: redacting twice changes nothing.
    let removed_before = content.and_then(|c| lenient(&c.comment)).as_deref() == Some(REMOVED);
    match text {
        Some(text) if read => {
            content_out["text"] = Value::String(scrubbed_body(&text, encoding));
            if let Some(encoding) = encoding {
                content_out["encoding"] = Value::String(encoding.to_string());
            }
            summary.bodies_kept += 1;
        }
        Some(_) => {
            content_out["comment"] = Value::String(REMOVED.to_string());
            summary.bodies_removed += 1;
        }
        None if removed_before => {
            content_out["comment"] = Value::String(REMOVED.to_string());
            summary.bodies_removed += 1;
        }
        None => {}
    }
    // No response at all: `headers` is null, as the redactor has always written it.
    let (status_text, http_version, headers) = match response {
        Some(r) => (
            lenient(&r.status_text),
            lenient(&r.http_version),
            kept_headers(&r.headers),
        ),
        None => (None, None, Value::Null),
    };
    out["response"] = json!({
        "status": response.and_then(|r| r.status.clone()).map_or(json!(0), Value::Number),
        "statusText": status_text.as_deref().unwrap_or(""),
        "httpVersion": http_version.as_deref().unwrap_or(""),
        "headers": headers,
        "cookies": [],
        "content": content_out,
        "redirectURL": "",
        "headersSize": -1,
        "bodySize": -1,
    });
    out
}

/// An optional copied field's value, `None` when it is absent, `null` or mistyped.
fn lenient<'a, T: serde::Deserialize<'a>>(field: &Option<Lazy<'a, T>>) -> Option<T> {
    parse_lazy(field).ok().flatten()
}

/// A kept body with its JWTs' signatures cut, inside a base64-encoded body too (decoded,
/// scrubbed, encoded again); a base64 body that is not UTF-8 text holds no token to cut.
fn scrubbed_body(text: &str, encoding: Option<&str>) -> String {
    use base64::Engine;
    let engine = base64::engine::general_purpose::STANDARD;
    if !encoding.is_some_and(|e| e.eq_ignore_ascii_case("base64")) {
        return scrub_jwts(text);
    }
    match engine.decode(text.trim()).map(String::from_utf8) {
        Ok(Ok(decoded)) => engine.encode(scrub_jwts(&decoded)),
        _ => text.to_string(),
    }
}

/// The headers worth keeping; a header that is not `{name, value}` of strings is left out.
fn kept_headers(headers: &Option<Lazy<Vec<Header>>>) -> Value {
    let raw: Vec<&serde_json::value::RawValue> = headers
        .as_ref()
        .and_then(|h| serde_json::from_str(h.raw()).ok())
        .unwrap_or_default();
    Value::Array(
        raw.iter()
            .filter_map(|header| serde_json::from_str::<Header>(header.get()).ok())
            .filter(|h| KEPT_HEADERS.iter().any(|k| h.name.eq_ignore_ascii_case(k)))
            .map(|h| json!({ "name": h.name, "value": scrub_jwts(&h.value) }))
            .collect(),
    )
}

/// The URL with secret-looking query values removed and JWTs scrubbed; the fragment dropped.
fn redact_url(url: &str) -> String {
    let url = url.split('#').next().unwrap_or(url);
    let Some((base, query)) = url.split_once('?') else {
        return scrub_jwts(url);
    };
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if is_secret_param(name) => format!("{name}=REMOVED"),
            _ => pair.to_string(),
        })
        .collect();
    scrub_jwts(&format!("{base}?{}", pairs.join("&")))
}

fn is_secret_param(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    SECRET_PARAMS.iter().any(|secret| name.contains(secret))
}

/// Replaces every JWT-shaped run (`eyJ….….…`) with its header and payload and no signature, and
/// bearer credentials with a marker: a forwarded file must not carry a usable token.
pub fn scrub_jwts(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let is_b64 = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
    while i < bytes.len() {
        if bytes[i..].starts_with(b"eyJ") && (i == 0 || !is_b64(bytes[i - 1])) {
            let start = i;
            let mut end = i;
            let mut dots = 0;
            while end < bytes.len() && (is_b64(bytes[end]) || bytes[end] == b'.') {
                if bytes[end] == b'.' {
                    dots += 1;
                }
                end += 1;
            }
            if dots >= 2 {
                let token = &text[start..end];
                let signed_part = token.rsplit_once('.').map_or(token, |(head, _)| head);
                out.push_str(signed_part);
                out.push_str(".SIGNATURE-REMOVED");
                i = end;
                continue;
            }
        }
        let c = text[i..].chars().next().unwrap_or('\u{fffd}');
        out.push(c);
        i += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTE: &str = include_str!("../../tests/fixtures/har/note-scenario.har");
    const SECRETS: [&str; 3] = [
        "c2VjcmV0LXNpZ25hdHVyZS12YWx1ZQ", // the JWT's signature
        "SECRETCOOKIE123",
        "Bearer",
    ];

    #[test]
    fn the_note_har_loses_its_secrets_and_keeps_its_evidence() {
        let (redacted, summary) = redact_har(NOTE.as_bytes()).unwrap();
        for secret in SECRETS {
            assert!(!redacted.contains(secret), "{secret} left in the redacted HAR");
        }
        assert!(redacted.contains("Received error 'Unauthorized' from O365"));
        assert!(redacted.contains("WebexWorkspace1@ciscolive.us"), "the evidence stays");
        assert!(summary.bodies_kept >= 3, "{summary:?}");
        // Still a HAR the doctor (and any HAR viewer) reads, with the same diagnosis inputs.
        let again = crate::decode::decode("", &redacted, "redacted.har").unwrap();
        let original = crate::decode::decode("", NOTE, "note.har").unwrap();
        assert_eq!(again.observations.len(), original.observations.len());
        assert_eq!(again.requests.len(), original.requests.len());
    }

    #[test]
    fn unrelated_bodies_headers_and_query_secrets_go() {
        let har = r#"{"log":{"version":"1.2","entries":[
          {"startedDateTime":"2026-11-27T01:00:00Z","time":1,"_initiator":{"type":"script"},"serverIPAddress":"10.0.0.1",
           "request":{"method":"POST","url":"https://idbroker.webex.com/token?code=abc123&state=x&access_token=eyJa.eyJb.sig#frag",
             "headers":[{"name":"Content-Type","value":"application/json"},{"name":"X-Api-Key","value":"k-123"}],
             "postData":{"mimeType":"application/json","text":"{\"password\":\"hunter2\"}"}},
           "response":{"status":200,"headers":[{"name":"Set-Cookie","value":"s=1"},{"name":"TrackingID","value":"ATLAS_1"}],
             "content":{"size":20,"mimeType":"application/json","text":"{\"refresh_token\":\"r-456\"}"}}}]}}"#;
        let (redacted, summary) = redact_har(har.as_bytes()).unwrap();
        for secret in [
            "abc123",
            "hunter2",
            "k-123",
            "s=1",
            "r-456",
            "10.0.0.1",
            "_initiator",
            "frag",
            "eyJb.sig",
        ] {
            assert!(!redacted.contains(secret), "{secret} left in {redacted}");
        }
        assert!(
            redacted.contains("state=x") && redacted.contains("ATLAS_1"),
            "{redacted}"
        );
        assert_eq!(
            summary,
            RedactionSummary {
                entries: 1,
                bodies_kept: 0,
                bodies_removed: 1
            }
        );
    }

    #[test]
    fn jwt_signatures_are_cut_wherever_they_are() {
        assert_eq!(
            scrub_jwts("a eyJhbGciOiJI.eyJzdWIiOiJ4In0.c2ln b"),
            "a eyJhbGciOiJI.eyJzdWIiOiJ4In0.SIGNATURE-REMOVED b"
        );
        assert_eq!(
            scrub_jwts("keyJust.text.here"),
            "keyJust.text.here",
            "not at a word start"
        );
        assert_eq!(scrub_jwts("日本語 eyJ only"), "日本語 eyJ only");
    }

    #[test]
    fn not_a_har_is_an_error() {
        assert!(redact_har(b"{}").is_err());
        assert!(redact_har(b"[1,2]").is_err());
        assert!(redact_har(br#"{"log":{"entries":[{"request":5}]}}"#).is_err());
    }

    #[test]
    fn a_mistyped_field_it_copies_is_written_blank() {
        let har = br#"{"log":{"entries":[{"request":{"url":"u"}},{"request":{"url":"u","headers":[{"name":"Date","value":"d"},{"name":"TrackingID","value":7}]},
            "response":{"statusText":5,"headers":"no","content":{"size":"big","text":"{}"}}}]}}"#;
        let (redacted, summary) = redact_har(har).expect("redacts");
        let value: Value = serde_json::from_str(&redacted).unwrap();
        let entry = &value["log"]["entries"][1];
        assert_eq!(entry["response"]["statusText"], "");
        assert_eq!(entry["response"]["headers"], json!([]));
        assert_eq!(entry["response"]["content"]["size"], 0);
        assert_eq!(entry["request"]["headers"], json!([{"name": "Date", "value": "d"}]));
        assert_eq!(summary.entries, 2);
    }
}
