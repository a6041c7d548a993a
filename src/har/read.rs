//! HAR 1.2 files: every entry whose URL is an API the doctor reads, its body plain or base64.
//! The envelope is read with the borrowed serde models of `har::entry`, which skip what is not
//! needed, so a 100 MB capture is one pass with no copy of the bodies that do not match.

use std::borrow::Cow;

use base64::Engine;

use crate::decode::endpoint::{Endpoint, classify};
use crate::decode::observation::{Observation, Observed, Origin};
use crate::decode::{DecodeError, Decoded, RequestSummary, Skipped, decode_endpoint_body, failed_request};
use crate::har::entry::{Content, Entry, Response, parse_lazy};
use crate::har::envelope::Har;
use crate::limits::{MAX_JSON_BODY_BYTES, bounded};
use crate::time::Timestamp;

/// Cheap sniff: a JSON object whose first key is `log` (every HAR writer puts it first).
pub fn looks_like_har(body: &str) -> bool {
    let head: String = body.chars().take(256).filter(|c| !c.is_whitespace()).collect();
    head.starts_with("{\"log\":")
}

pub fn decode(body: &str, file: &str) -> Result<Decoded, DecodeError> {
    let har: Har<Entry<'_>> = serde_json::from_str(body).map_err(|e| DecodeError::NotHar(e.to_string()))?;
    let mut decoded = Decoded::default();
    let (mut matching, mut without_body) = (0, 0);
    for (index, entry) in har.log.entries.iter().enumerate() {
        let Some(endpoint) = classify(&entry.request.url) else {
            continue;
        };
        let status = entry
            .response
            .as_ref()
            .and_then(|r| r.status.as_ref())
            .and_then(serde_json::Number::as_u64)
            .and_then(|s| u16::try_from(s).ok());
        let method = entry.request.method.as_deref().unwrap_or("GET");
        let started_at = entry.started_date_time.as_deref().and_then(Timestamp::parse);
        let body = entry
            .response
            .as_ref()
            .and_then(|r| r.content.as_ref())
            .and_then(content_text);
        let origin = Origin {
            file: file.to_string(),
            entry: Some(index),
            url: Some(bounded(&entry.request.url)),
        };
        decoded.requests.push(RequestSummary {
            origin: origin.clone(),
            method: bounded(method),
            status,
            started_at,
            endpoint,
            has_body: matches!(&body, Some(Ok(text)) if !text.trim().is_empty()),
        });
        let reads_subjects = matches!(endpoint, Endpoint::UserStatuses | Endpoint::UserJournal);
        if let Some(failed) = status.filter(|s| *s >= 400 && reads_subjects) {
            // The data this request should have brought is missing: say so, never stay silent.
            let text = body.as_ref().and_then(|b| b.as_ref().ok()).map(String::as_str);
            let tracking = entry.response.as_ref().and_then(tracking_header);
            decoded.observations.push(Observed {
                observation: failed_request(&entry.request.url, failed, started_at, text, tracking),
                origin: origin.into(),
            });
            continue;
        }
        let expects_body = method.eq_ignore_ascii_case("GET")
            && status.is_none_or(|s| (200..300).contains(&s) && s != 204)
            || Endpoint::errors_have_bodies(endpoint) && status.is_some_and(|s| s >= 400);
        if !expects_body {
            continue;
        }
        matching += 1;
        match body {
            Some(Ok(text)) if !text.trim().is_empty() => {
                match decode_endpoint_body(&entry.request.url, &text, status, origin.clone()) {
                    Ok(observations) => decoded.observations.extend(observations),
                    Err(error) => decoded.skipped.push(Skipped {
                        origin,
                        reason: error.to_string(),
                    }),
                }
            }
            Some(Err(reason)) => decoded.skipped.push(Skipped { origin, reason }),
            _ => without_body += 1,
        }
    }
    if without_body > 0 {
        decoded.observations.push(Observed {
            origin: Origin {
                file: file.to_string(),
                entry: None,
                url: None,
            }
            .into(),
            observation: Observation::HarWithoutBodies {
                matching_entries: matching,
                without_body,
            },
        });
    }
    Ok(decoded)
}

/// Webex's `TrackingID` response header, which support asks for; a header list that does not
/// parse has none.
fn tracking_header(response: &Response) -> Option<String> {
    let headers = parse_lazy(&response.headers).ok()??;
    headers
        .iter()
        .find(|header| header.name.eq_ignore_ascii_case("TrackingID"))
        .map(|header| bounded(header.value.trim()))
        .filter(|value| !value.is_empty())
}

/// The response text, base64-decoded when the HAR says so; `Err` says why it is unreadable.
fn content_text(content: &Content) -> Option<Result<String, String>> {
    let raw = content.text.as_ref()?;
    if raw.raw().len() > MAX_JSON_BODY_BYTES * 2 {
        return Some(Err(DecodeError::TooLarge {
            size: raw.raw().len(),
            limit: MAX_JSON_BODY_BYTES,
        }
        .to_string()));
    }
    let text: Cow<str> = match raw.parse() {
        Ok(text) => text,
        Err(_) => return None,
    };
    if content
        .encoding
        .as_deref()
        .is_some_and(|e| e.eq_ignore_ascii_case("base64"))
    {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        return Some(
            base64::engine::general_purpose::STANDARD
                .decode(compact)
                .map_err(|e| format!("base64 body: {e}"))
                .and_then(|bytes| String::from_utf8(bytes).map_err(|_| "base64 body is not UTF-8 text".to_string())),
        );
    }
    Some(Ok(text.into_owned()))
}
