//! The Wasm API under Node, through JS values as the extension passes them.

use js_sys::{Array, JSON, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

use super::{analyze, report};

const STATUS: &str = include_str!("../../tests/fixtures/uss/status-o365-unauthorized.json");
const URL: &str = "https://uss-a.wbx2.com/uss/api/v1/orgs/o/userStatuses?includeMessages=true&entitled=true&userId=u";

fn js(json: &str) -> JsValue {
    JSON::parse(json).expect("test JSON")
}

fn inputs(body: &str) -> JsValue {
    let input = js_sys::Object::new();
    Reflect::set(&input, &"url".into(), &URL.into()).unwrap();
    Reflect::set(&input, &"body".into(), &body.into()).unwrap();
    Array::of1(&input).into()
}

fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| match key.parse::<u32>() {
        Ok(index) => Array::from(&v).get(index),
        Err(_) => Reflect::get(&v, &key.into()).unwrap(),
    })
}

#[wasm_bindgen_test]
fn diagnoses_from_the_page_context() {
    let cases = [
        (
            r#"{"email":"WebexWorkspace1@ciscolive.us","tenantDomains":["rtpcloudcollab.com","ciscolive.us"]}"#,
            "mailbox-not-found",
        ),
        (
            r#"{"email":"WebexWorkspace1@ciscolive.com","tenantDomains":"rtpcloudcollab.com (default)\nciscolive.us"}"#,
            "domain-not-in-tenant",
        ),
        (r#"{}"#, "undetermined"),
    ];
    for (context, diagnosis) in cases {
        let result = analyze(inputs(STATUS), js(context)).unwrap();
        assert_eq!(
            get(&result, "findings.0.code").as_string().as_deref(),
            Some("o365-unauthorized")
        );
        assert_eq!(
            get(&result, "findings.0.diagnosis").as_string().as_deref(),
            Some(diagnosis),
            "{context}"
        );
    }
}

#[wasm_bindgen_test]
fn speaks_japanese_and_shows_utc_and_the_given_zone() {
    let result = analyze(inputs(STATUS), js(r#"{"lang":"ja-JP","timeZone":"+09:00"}"#)).unwrap();
    let title = get(&result, "findings.0.title").as_string().unwrap();
    assert!(title.chars().any(|c| c > '\u{3000}'), "{title}");
    assert_eq!(
        get(&result, "findings.0.observed.local").as_string().unwrap(),
        "2026-11-27 10:24:00 (UTC+09:00)"
    );
    assert_eq!(
        get(&result, "findings.0.observed.utc").as_string().unwrap(),
        "2026-11-27 01:24:00 UTC"
    );
    let local = analyze(inputs(STATUS), js(r#"{"timeZone":"local"}"#)).unwrap();
    assert!(
        get(&local, "findings.0.observed.local")
            .as_string()
            .unwrap()
            .contains("(UTC")
    );
}

#[wasm_bindgen_test]
fn bad_inputs_are_reported_not_thrown() {
    let result = analyze(inputs("{not json"), JsValue::UNDEFINED).unwrap();
    assert_eq!(Array::from(&get(&result, "findings")).length(), 0);
    let message = get(&result, "errors.0.message").as_string().unwrap();
    assert!(message.contains("not valid JSON"), "{message}");
    assert!(analyze(JsValue::from(5), JsValue::NULL).is_err());
    assert!(analyze(inputs(STATUS), JsValue::from("nope")).is_err());
}

#[wasm_bindgen_test]
fn the_report_is_redacted_when_asked() {
    let context = js(r#"{"email":"WebexWorkspace1@ciscolive.us","tenantDomains":["ciscolive.us"],"redact":true}"#);
    let text = report(inputs(STATUS), context, "markdown").unwrap();
    assert!(text.starts_with("# "), "{text}");
    assert!(text.contains("W***@ciscolive.us"));
    assert!(!text.contains("WebexWorkspace1@"));
}
