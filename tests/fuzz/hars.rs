//! HAR files as browsers export them, with secrets where captures carry them: `Authorization`
//! and `Cookie` headers, cookies, `Set-Cookie`, secret query values, request bodies, the bodies
//! of unrelated responses, and JWTs anywhere. Each generated HAR lists the secrets it holds.

use base64::Engine;
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::secrets::jwt;
use crate::shapes::{Body, any_json, body};
use crate::text::hostile;

#[derive(Clone, Debug)]
pub struct Har {
    pub text: String,
    /// Values that no redacted copy may contain.
    pub secrets: Vec<String>,
}

/// A well-formed HAR 1.2 (every entry has a request and a response with a status).
pub fn har() -> BoxedStrategy<Har> {
    prop::collection::vec(entry(), 0..6).prop_map(|entries| {
        let secrets = entries.iter().flat_map(|(_, secrets)| secrets.clone()).collect();
        let entries: Vec<Value> = entries.into_iter().map(|(entry, _)| entry).collect();
        let har = json!({ "log": { "version": "1.2", "creator": { "name": "WebInspector", "version": "537.36" }, "entries": entries } });
        Har {
            text: serde_json::to_string_pretty(&har).expect("JSON"),
            secrets,
        }
    })
    .boxed()
}

/// A HAR whose entries may have any field replaced by any JSON, or missing.
pub fn wild_har() -> BoxedStrategy<String> {
    let entry = prop_oneof![
        4 => entry().prop_map(|(entry, _)| entry),
        1 => any_json(),
        1 => (entry(), hostile(), any_json()).prop_map(|((mut entry, _), name, value)| {
            entry[name] = value;
            entry
        }),
        1 => (entry(), prop::sample::select(&["request", "response", "timings", "startedDateTime"][..]), any_json())
            .prop_map(|((mut entry, _), name, value)| {
                entry[name] = value;
                entry
            }),
    ];
    (prop::collection::vec(entry, 0..6), any_json())
        .prop_map(|(entries, version)| json!({ "log": { "version": version, "entries": entries } }).to_string())
        .boxed()
}

fn entry() -> BoxedStrategy<(Value, Vec<String>)> {
    prop_oneof![
        3 => read_entry(),
        2 => unrelated_entry(),
    ]
    .boxed()
}

/// Headers every request of a capture carries: the credentials.
fn credential_headers() -> BoxedStrategy<(Vec<Value>, Vec<Value>, Vec<String>)> {
    (jwt(), "[A-Za-z0-9]{16,32}", "[A-Za-z0-9]{16,32}")
        .prop_map(|(token, cookie, api_key)| {
            let cookie = format!("S3cr3tCookie{cookie}");
            let api_key = format!("S3cr3tKey{api_key}");
            let headers = vec![
                json!({ "name": "Authorization", "value": format!("Bearer {}", token.written) }),
                json!({ "name": "Cookie", "value": format!("webex_session={cookie}") }),
                json!({ "name": "X-Api-Key", "value": api_key }),
            ];
            let cookies = vec![json!({ "name": "webex_session", "value": cookie })];
            (headers, cookies, vec![token.value, cookie, api_key])
        })
        .boxed()
}

/// A request the doctor reads: its body stays in the redacted copy, so only a JWT in it is secret.
fn read_entry() -> BoxedStrategy<(Value, Vec<String>)> {
    (
        credential_headers(),
        body(),
        jwt(),
        any::<bool>(),
        "[A-Za-z0-9_]{1,20}",
        100u16..600,
    )
        .prop_map(
            |((headers, cookies, mut secrets), Body { url, json }, token, base64, tracking, status)| {
                let url = if url.is_empty() {
                    "https://csdm-a.wbx2.com/csdm/api/v1/organization/o/places".to_string()
                } else {
                    url
                };
                let mut body = json;
                if let Some(object) = body.as_object_mut() {
                    object.insert("debugToken".into(), json!(token.written));
                }
                // Plain or base64, the body's JWT loses its signature.
                secrets.push(token.value);
                let text = body.to_string();
                let content = if base64 {
                    json!({ "size": text.len(), "mimeType": "application/json", "encoding": "base64",
                        "text": base64::engine::general_purpose::STANDARD.encode(&text) })
                } else {
                    json!({ "size": text.len(), "mimeType": "application/json", "text": text })
                };
                let response_headers = vec![
                    json!({ "name": "Content-Type", "value": "application/json" }),
                    json!({ "name": "TrackingID", "value": format!("ATLAS_{tracking}") }),
                ];
                (
                    entry_json("GET", &url, headers, cookies, None, status, response_headers, content),
                    secrets,
                )
            },
        )
        .boxed()
}

/// A request the doctor does not read (sign-in, scripts): everything in it but its URL goes.
fn unrelated_entry() -> BoxedStrategy<(Value, Vec<String>)> {
    let secret_params = prop::sample::subsequence(
        &[
            "code",
            "access_token",
            "id_token",
            "client_secret",
            "sig",
            "apiKey",
            "password",
        ][..],
        1..4,
    );
    (credential_headers(), secret_params, "[A-Za-z0-9]{16,32}", jwt(), hostile()).prop_map(
        |((headers, cookies, mut secrets), params, random, token, fragment)| {
            let query: Vec<String> = params.iter().enumerate().map(|(i, name)| format!("{name}=S3cr3tQ{i}{random}")).collect();
            secrets.extend((0..params.len()).map(|i| format!("S3cr3tQ{i}{random}")));
            let url = format!("https://idbroker.webex.com/idb/oauth2/v1/token?state=x&{}#access_token={}", query.join("&"), token.written);
            secrets.push(token.value);
            let post = json!({ "mimeType": "application/x-www-form-urlencoded", "text": format!("password=S3cr3tP{random}&user={fragment}") });
            secrets.push(format!("S3cr3tP{random}"));
            let set_cookie = json!({ "name": "Set-Cookie", "value": format!("sid=S3cr3tS{random}; Path=/; HttpOnly") });
            secrets.push(format!("S3cr3tS{random}"));
            let content = json!({ "size": 40, "mimeType": "application/json", "text": format!("{{\"refresh_token\":\"S3cr3tR{random}\"}}") });
            secrets.push(format!("S3cr3tR{random}"));
            (entry_json("POST", &url, headers, cookies, Some(post), 200, vec![set_cookie], content), secrets)
        },
    )
    .boxed()
}

#[allow(clippy::too_many_arguments)] // one HAR entry's parts, named as the format names them
fn entry_json(
    method: &str,
    url: &str,
    headers: Vec<Value>,
    cookies: Vec<Value>,
    post: Option<Value>,
    status: u16,
    response_headers: Vec<Value>,
    content: Value,
) -> Value {
    let mut request = json!({ "method": method, "url": url, "httpVersion": "HTTP/1.1", "headers": headers,
                              "cookies": cookies, "queryString": [], "headersSize": -1, "bodySize": 0 });
    if let Some(post) = post {
        request["postData"] = post;
    }
    json!({
        "startedDateTime": "2026-11-27T01:30:01.000Z",
        "time": 42.5,
        "request": request,
        "response": { "status": status, "statusText": "OK", "httpVersion": "HTTP/1.1", "headers": response_headers,
                      "cookies": [], "content": content, "redirectURL": "", "headersSize": -1, "bodySize": 0 },
        "cache": {},
        "timings": { "send": 0, "wait": 40, "receive": 2.5 },
        "serverIPAddress": "10.0.0.1",
        "_initiator": { "type": "script" },
    })
}
