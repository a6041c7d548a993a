//! The server texts seen in the field, beyond each kind's own fixture: what the subject's owner
//! and calendar service change, Google's wording, setup answers read with their request URL,
//! tracking IDs kept whole.

mod common;

use caldoctor::explain::catalog::Lang;
use caldoctor::explain::redact::Redactor;
use caldoctor::explain::{Explained, Presentation, RenderedFinding, Zone};
use caldoctor::{Analysis, Context};
use common::{codes, context, fixture};
use serde_json::{Value, json};

const TEST_STEP: &str = "https://calendar-cloud-connector-r.wbx2.com/api/v1/orgs/1eb65fdf-9643-417f-9974-ad72cae0e10f/services/squared-fusion-cal/provisioning/confirmO365Provisioning?testEmail=test.user%40ciscolive.us&schedulingAccount=";

/// Bodies read with their request URLs (may be empty), explained unredacted unless asked.
fn explain(inputs: &[(&str, &str)], context: &Context, lang: Lang, redact: bool) -> Explained {
    let mut analysis = Analysis::new();
    for (index, (url, body)) in inputs.iter().enumerate() {
        analysis
            .add(url, body, &format!("input-{index}"))
            .unwrap_or_else(|e| panic!("input {index}: {e}"));
    }
    analysis.explain(
        context,
        &Presentation {
            lang,
            zone: Zone::utc(),
            redactor: Redactor::new(redact),
        },
    )
}

fn only_finding(explained: &Explained) -> &RenderedFinding {
    assert_eq!(explained.findings.len(), 1, "{:?}", codes(explained));
    &explained.findings[0]
}

/// A status fixture with its first record's fields replaced (`null` removes one).
fn status_with(file: &str, fields: Value) -> String {
    let mut body: Value = serde_json::from_str(&fixture(file)).unwrap();
    let record = body["userStatuses"][0].as_object_mut().unwrap();
    for (name, value) in fields.as_object().unwrap() {
        match value {
            Value::Null => record.remove(name),
            value => record.insert(name.clone(), value.clone()),
        };
    }
    body.to_string()
}

fn code_of(body: &str) -> &'static str {
    only_finding(&explain(&[("", body)], &context(None, ""), Lang::En, false)).code
}

#[test]
fn the_connector_text_is_the_mailboxs_problem_only_on_the_cloud() {
    let cloud = "uss/status-cloud-connector-text-on-cloud-subject.json";
    assert_eq!(code_of(&fixture(cloud)), "cloud-connector-text-on-cloud-subject");
    for owner in [json!("uss"), Value::Null, json!("somebody")] {
        assert_eq!(
            code_of(&status_with(cloud, json!({ "owner": owner }))),
            "das-no-operational-connector",
            "owner {owner}"
        );
    }
    // The text alone, without its key, is known too.
    let keyless = status_with(
        cloud,
        json!({ "owner": "uss", "messages": [{ "severity": "error", "description":
            "No operational connector found for user. Check the cluster configuration and then try again" }] }),
    );
    assert_eq!(code_of(&keyless), "das-no-operational-connector");
}

#[test]
fn the_cluster_text_is_harmless_only_on_the_cloud() {
    let cloud = "uss/status-cloud-user-cluster-message.json";
    let finding = only_finding(&explain(&[("", &fixture(cloud))], &context(None, ""), Lang::En, false)).clone();
    assert_eq!(
        (finding.code, finding.severity),
        (
            "cloud-user-cluster-message",
            caldoctor::decode::observation::Severity::Info
        )
    );
    assert_eq!(
        code_of(&status_with(cloud, json!({ "owner": null }))),
        "resource-group-without-cluster"
    );
}

#[test]
fn received_error_with_a_spaced_name_maps_like_the_joined_one() {
    let spaced = status_with(
        "uss/status-o365-not-found.json",
        json!({ "messages": [{ "severity": "error", "description":
            "Received error 'Not Found' from O365. Admin action is required." }] }),
    );
    assert_eq!(code_of(&spaced), "o365-not-found");
}

#[test]
fn google_subjects_are_worded_for_google_in_both_languages() {
    let o365_sentence_on_google = status_with(
        "uss/status-o365-not-found.json",
        json!({ "serviceId": "squared-fusion-gcal" }),
    );
    let inputs = [
        fixture("uss/status-google-calendar-error.json"),
        fixture("uss/status-cloud-connector-text-on-google-subject.json"),
        fixture("ccc/google-resource-email-invalid.json"),
        o365_sentence_on_google,
    ];
    for lang in [Lang::En, Lang::Ja] {
        for body in &inputs {
            let explained = explain(
                &[("", body)],
                &context(Some("room@resource.calendar.google.com"), ""),
                lang,
                false,
            );
            let finding = only_finding(&explained);
            let words: Vec<&str> = [finding.title.as_str(), &finding.explanation]
                .into_iter()
                .chain(finding.steps.iter().map(String::as_str))
                .chain(finding.checks.iter().flat_map(|c| [c.title.as_str(), &c.detail]))
                .collect();
            let all = words.join("\n");
            assert!(all.contains("Google"), "{}: {all}", finding.code);
            assert!(
                !all.contains("Microsoft 365") && !all.contains("O365") && !all.contains("Graph"),
                "{}: {all}",
                finding.code
            );
            assert!(
                finding
                    .checks
                    .iter()
                    .any(|c| c.link.as_ref().is_some_and(|l| l.url == "https://admin.google.com/")),
                "{}",
                finding.code
            );
        }
    }
}

#[test]
fn google_journals_and_places_are_read() {
    let classic = json!({ "entries": [{ "time": "2026-11-26T09:10:00.000Z", "entry": {
        "type": "SetUserStatus",
        "payload": { "userId": "u1", "serviceId": "squared-fusion-gcal", "state": "error",
            "messages": [{ "severity": "error", "description": "Received error 'Forbidden' from Google." }] },
        "context": { "trackingRoot": "ATLAS_g_1" } } }] });
    let activation = json!({ "entries": [{ "time": "2026-11-26T09:20:00.000Z", "record": {
        "payload": { "type": "SetUserStatus", "userId": "u2", "service": "squared-fusion-gcal", "state": "error",
            "details": [{ "severity": "error", "description": "Received error 'NotFound' from O365." }] } } }] });
    let place = json!({ "cisUuid": "u3", "displayName": "Room 3", "externalLinkedAccounts": [
        { "providerID": "squared-fusion-gcal", "accountGUID": "c_room3@resource.calendar.google.com" }] });
    let status = json!({ "userStatuses": [
        { "userId": "u3", "serviceId": "squared-fusion-gcal", "state": "error", "owner": "ccc",
          "messages": [{ "severity": "error", "description": "Received error 'NotFound' from Google." }] },
        { "userId": "u4", "serviceId": "squared-fusion-uc", "state": "error",
          "messages": [{ "severity": "error", "description": "Received error 'NotFound' from Google." }] }] });
    let bodies = [classic, activation, place, status].map(|body| body.to_string());
    let inputs: Vec<(&str, &str)> = bodies.iter().map(|body| ("", body.as_str())).collect();
    let explained = explain(&inputs, &context(None, ""), Lang::En, false);
    assert_eq!(
        codes(&explained),
        [
            "google-calendar-error",
            "google-calendar-error",
            "google-calendar-error"
        ]
    );
    let room = explained
        .findings
        .iter()
        .find(|f| f.subject.id.as_deref() == Some("u3"))
        .expect("the place's status");
    assert_eq!(
        room.subject.email.as_deref(),
        Some("c_room3@resource.calendar.google.com")
    );
}

#[test]
fn a_setup_answer_is_read_by_its_request() {
    let body = fixture("ccc/test-account-unlicensed.json");
    let explained = explain(&[(TEST_STEP, &body)], &context(None, ""), Lang::En, false);
    let finding = only_finding(&explained);
    assert_eq!(finding.code, "ccc-test-account-unlicensed");
    assert_eq!(finding.subject.email.as_deref(), Some("test.user@ciscolive.us"));
    assert_eq!(
        finding.subject.org_id.as_deref(),
        Some("1eb65fdf-9643-417f-9974-ad72cae0e10f")
    );
    assert!(
        finding.explanation.contains("test.user@ciscolive.us"),
        "{}",
        finding.explanation
    );
    // The same body from the connector's status URL is the status's errorCode.
    let status_url = "https://calendar-cloud-connector-a.wbx2.com/api/v1/orgs/o/services/squared-fusion-cal";
    let explained = explain(&[(status_url, &body)], &context(None, ""), Lang::En, false);
    assert_eq!(codes(&explained), ["ccc-service-error"]);
}

#[test]
fn tracking_ids_stay_whole_in_a_redacted_report() {
    let body = fixture("ccc/scheduling-account-unverified.json");
    let explained = explain(&[("", &body)], &context(None, ""), Lang::En, true);
    assert_eq!(
        only_finding(&explained).tracking_root.as_deref(),
        Some("ATLAS_4b1d2c3e-5f60-4718-9a2b-3c4d5e6f7a8b_7")
    );
}

#[test]
fn the_access_policy_check_names_the_webex_calendar_app() {
    let body = fixture("uss/status-app-access-policy-blocked.json");
    let explained = explain(&[("", &body)], &context(Some("room@ciscolive.us"), ""), Lang::En, false);
    let finding = only_finding(&explained);
    let command = finding.checks.iter().find_map(|c| c.command.clone()).unwrap();
    assert!(
        command.contains(
            "Test-ApplicationAccessPolicy -Identity room@ciscolive.us -AppId 189ea49b-75a4-4e53-a013-2aed74803405"
        ),
        "{command}"
    );
    assert!(finding.steps[0].contains("-AppId 189ea49b-75a4-4e53-a013-2aed74803405"));
}
