//! What the fuzz targets (tests/fuzz) found, each pinned with its smallest input now that it is
//! fixed: the properties no longer step around these inputs, and these keep them fixed even when
//! a fuzz run's seeds would not reach them.

mod common;

use caldoctor::Analysis;
use caldoctor::diagnose::domain::Domain;
use caldoctor::explain::catalog::Lang;
use caldoctor::explain::redact::Redactor;
use caldoctor::explain::report::{Format, render};
use caldoctor::explain::{Presentation, Zone};
use caldoctor::har::redact::redact_har;
use common::context;

const SIGNATURE: &str = "S3cr3tSignatureValue0123456789";
const JWT: &str = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.S3cr3tSignatureValue0123456789";
const TOKEN: &str = "S3cr3tOpaqueBearerToken0123456789";

/// Every report of `body` (a USS response): text and Markdown, redacted or not as asked.
fn reports(body: &str, redacted: bool) -> Vec<String> {
    let mut analysis = Analysis::new();
    analysis.add("", body, "status.json").expect("a USS response");
    let explained = analysis.explain(
        &context(Some("room@ciscolive.us"), "ciscolive.us"),
        &Presentation {
            lang: Lang::En,
            zone: Zone::utc(),
            redactor: Redactor::new(redacted),
        },
    );
    [Format::Text, Format::Markdown]
        .into_iter()
        .map(|format| render(&explained, &analysis.inputs, format, redacted))
        .collect()
}

fn status_with(description: &str) -> String {
    serde_json::json!({ "userStatuses": [{
        "userId": "a3c9f6e2-5d1b-4c8e-9f0a-7b2d4e6f8a10", "serviceId": "squared-fusion-cal", "state": "error",
        "messages": [{ "severity": "error", "description": description }],
    }]})
    .to_string()
}

/// The Markdown report of the note's status, its workspace named `name`.
fn markdown_with_workspace_named(name: &str) -> String {
    let place = serde_json::json!({ "cisUuid": "a3c9f6e2-5d1b-4c8e-9f0a-7b2d4e6f8a10", "displayName": name,
        "externalLinkedAccounts": [{ "providerID": "squared-fusion-cal", "accountGUID": "room@ciscolive.us" }] });
    let mut analysis = Analysis::new();
    analysis.add("", &place.to_string(), "place.json").unwrap();
    analysis
        .add(
            "",
            &status_with("Received error 'Unauthorized' from O365."),
            "status.json",
        )
        .unwrap();
    let presentation = Presentation {
        lang: Lang::En,
        zone: Zone::utc(),
        redactor: Redactor::new(false),
    };
    let explained = analysis.explain(&context(None, "ciscolive.us"), &presentation);
    render(&explained, &analysis.inputs, Format::Markdown, false)
}

#[test]
fn a_jwt_glued_to_other_text_loses_its_signature() {
    let redactor = Redactor::new(false);
    for text in [
        format!("callback https://login.example/cb?access_token={JWT} failed"),
        format!("access_token={JWT}"),
        format!("id_token:{JWT}"),
    ] {
        let out = redactor.text(&text);
        assert!(!out.contains(SIGNATURE), "{out}");
    }
}

#[test]
fn a_bearer_token_quoted_in_json_is_removed() {
    let out = Redactor::new(false).text(&format!(r#"request headers {{"Authorization":"Bearer {TOKEN}"}}"#));
    assert!(!out.contains(TOKEN), "{out}");
}

#[test]
fn a_secret_in_the_o365_error_word_is_removed() {
    let status = status_with(&format!("Received error 'Bearer {TOKEN}' from O365."));
    for report in reports(&status, false) {
        assert!(!report.contains(TOKEN), "{report}");
    }
}

#[test]
fn an_address_in_the_o365_error_word_is_masked() {
    let status = status_with("Received error 'john.doe@ciscolive.us' from O365.");
    for report in reports(&status, true) {
        assert!(!report.contains("john.doe"), "{report}");
    }
}

#[test]
fn every_local_part_is_masked() {
    let redactor = Redactor::new(true);
    for (text, local) in [
        // What may stay is the first letter and `***@` (`o***@ciscolive.us`).
        ("mailbox o'brien@ciscolive.us missing", "o'b"),
        ("mailbox 会議室１@example.co.jp missing", "会議室"),
        ("mailbox ünal@example.de missing", "ün"),
    ] {
        let out = redactor.text(text);
        assert!(!out.contains(local), "{out}");
    }
}

#[test]
fn data_cannot_forge_a_markdown_heading() {
    let markdown = markdown_with_workspace_named("Room 1\n## 2. [Error] Forged finding\nCall +1 555 0100 now");
    assert!(
        !markdown.lines().any(|line| line.starts_with("## 2. [Error] Forged")),
        "{markdown}"
    );
}

#[test]
fn data_cannot_make_a_markdown_image_or_link() {
    let markdown = markdown_with_workspace_named(
        "![status](https://evil.example/pixel.png) [Open the fix](https://evil.example/fix)",
    );
    assert!(!markdown.contains("](https://evil.example"), "{markdown}");
}

#[test]
fn strings_from_request_urls_are_bounded() {
    use caldoctor::decode::observation::Observation;
    use caldoctor::limits::MAX_TEXT_CHARS;
    let mailbox = format!("{}@ciscolive.us", "a".repeat(100_000));
    let graph = r#"{"error":{"code":"ErrorItemNotFound","message":"not found"}}"#;
    let mut analysis = Analysis::new();
    analysis
        .add(
            &format!("https://graph.microsoft.com/v1.0/places/{mailbox}"),
            graph,
            "graph.json",
        )
        .unwrap();
    let observed = &analysis.observed[0];
    let Observation::Graph(error) = &observed.observation else {
        panic!("a Graph error")
    };
    assert!(
        error.mailbox.as_ref().unwrap().chars().count() <= MAX_TEXT_CHARS + 1,
        "the mailbox is cut"
    );
    assert!(
        observed.origin.url.as_ref().unwrap().chars().count() <= MAX_TEXT_CHARS + 1,
        "the URL is cut"
    );
}

#[test]
fn every_har_the_doctor_reads_can_be_redacted() {
    for field in [
        r#""statusText":[]"#,
        r#""statusText":"\ud800""#,
        r#""headers":[{"name":"TrackingID","value":7}]"#,
    ] {
        let har = format!(
            r#"{{"log":{{"entries":[{{"request":{{"method":"GET","url":"https://uss-a.wbx2.com/uss/api/v1/orgs/o/userStatuses"}},
               "response":{{"status":200,{field},"content":{{"mimeType":"application/json","text":"{{\"userStatuses\":[]}}"}}}}}}]}}}}"#
        );
        assert!(
            caldoctor::decode::decode("", &har, "f.har").is_ok(),
            "{field}: the doctor reads it"
        );
        assert!(redact_har(har.as_bytes()).is_ok(), "{field}: and redacts it");
    }
}

#[test]
fn a_jwt_in_a_base64_body_loses_its_signature() {
    use base64::Engine;
    let body = format!(r#"{{"userStatuses":[],"debug":"{JWT}"}}"#);
    let encoded = base64::engine::general_purpose::STANDARD.encode(&body);
    let har = format!(
        r#"{{"log":{{"entries":[{{"request":{{"method":"GET","url":"https://uss-a.wbx2.com/uss/api/v1/orgs/o/userStatuses"}},
           "response":{{"status":200,"content":{{"mimeType":"application/json","encoding":"base64","text":"{encoded}"}}}}}}]}}}}"#
    );
    let (redacted, _) = redact_har(har.as_bytes()).unwrap();
    let kept: serde_json::Value = serde_json::from_str(&redacted).unwrap();
    let text = kept["log"]["entries"][0]["response"]["content"]["text"]
        .as_str()
        .unwrap();
    let decoded = base64::engine::general_purpose::STANDARD.decode(text).unwrap();
    assert!(!String::from_utf8_lossy(&decoded).contains(SIGNATURE));
}

#[test]
fn redacting_a_redacted_har_changes_nothing() {
    let har = r#"{"log":{"entries":[{"request":{"method":"GET","url":"https://admin.webex.com/app.js"},
        "response":{"status":200,"content":{"size":3,"mimeType":"text/plain","text":"abc"}}}]}}"#;
    let (once, first) = redact_har(har.as_bytes()).unwrap();
    let (twice, second) = redact_har(once.as_bytes()).unwrap();
    assert_eq!(twice, once);
    assert_eq!(second, first);
}

#[test]
fn a_long_unicode_label_is_the_domain_its_xn_form_is() {
    // 32 Cyrillic letters: 64 bytes of UTF-8, 38 in the xn-- form (RFC 3492).
    let unicode = format!("{}.example", "б".repeat(32));
    let ascii = "xn--90aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example";
    assert!(Domain::parse(ascii).is_some(), "the xn-- form is a domain");
    assert_eq!(Domain::parse(&unicode), Domain::parse(ascii));
}

#[test]
fn an_xn_label_that_decodes_to_nothing_is_no_domain() {
    assert_eq!(Domain::parse("xn---"), None);
    assert_eq!(Domain::parse("xn---.com"), None, "not the domain `.com`");
}
