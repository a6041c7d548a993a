//! The `caldoctor` command line, run as a user would.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const NOTE_TENANT: &str = "rtpcloudcollab.com,adminrtpcloudcollab.onmicrosoft.com,ciscolive.us";

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn caldoctor(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_caldoctor"))
        .args(args)
        .output()
        .expect("caldoctor runs")
}

fn json_findings(args: &[&str]) -> Vec<Value> {
    let output = caldoctor(args);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON output");
    json["findings"].as_array().expect("findings array").clone()
}

fn o365_diagnosis(file: &str, extra: &[&str]) -> String {
    let path = fixture(file);
    let mut args = vec!["explain", "--format", "json"];
    args.extend_from_slice(extra);
    args.push(&path);
    let findings = json_findings(&args);
    let finding = findings
        .iter()
        .find(|f| f["code"] == "o365-unauthorized")
        .expect("o365-unauthorized");
    finding["diagnosis"].as_str().unwrap().to_string()
}

#[test]
fn the_notes_scenario_is_diagnosed_from_the_tenant_domains() {
    assert_eq!(
        o365_diagnosis("har/note-scenario.har", &["--tenant-domains", NOTE_TENANT]),
        "mailbox-not-found"
    );
    assert_eq!(
        o365_diagnosis(
            "har/note-scenario.har",
            &[
                "--tenant-domains",
                "rtpcloudcollab.com,adminrtpcloudcollab.onmicrosoft.com"
            ]
        ),
        "domain-not-in-tenant"
    );
    assert_eq!(o365_diagnosis("har/note-scenario.har", &[]), "undetermined");
    assert_eq!(
        o365_diagnosis(
            "har/note-scenario-domain-mismatch.har",
            &["--tenant-domains", NOTE_TENANT]
        ),
        "domain-not-in-tenant"
    );
    assert_eq!(
        o365_diagnosis(
            "uss/status-o365-unauthorized.json",
            &[
                "--email",
                "WebexWorkspace1@ciscolive.us",
                "--tenant-domains",
                NOTE_TENANT
            ]
        ),
        "mailbox-not-found"
    );
}

#[test]
fn json_findings_have_the_documented_fields() {
    let path = fixture("har/note-scenario.har");
    let findings = json_findings(&["explain", "--format", "json", "--tenant-domains", NOTE_TENANT, &path]);
    let finding = &findings[0];
    for field in [
        "code",
        "severity",
        "title",
        "explanation",
        "steps",
        "subject",
        "observed_at",
        "raw_message",
        "source",
        "diagnosis",
    ] {
        assert!(finding.get(field).is_some(), "missing {field} in {finding}");
    }
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["observed_at"], "2026-11-27T01:24:00.000Z");
    assert_eq!(
        finding["raw_message"],
        "Received error 'Unauthorized' from O365. Admin action is required."
    );
    assert!(finding["steps"].as_array().unwrap().iter().all(Value::is_string));
    assert_eq!(finding["subject"]["kind"], "workspace");
    assert!(
        finding["source"]["file"]
            .as_str()
            .unwrap()
            .ends_with("har/note-scenario.har")
    );
    assert!(finding["source"]["entry"].is_u64());
}

#[test]
fn reports_are_redacted_by_default_and_never_hold_secrets() {
    let path = fixture("har/note-scenario.har");
    for format in ["text", "markdown", "json"] {
        let output = caldoctor(&["explain", "--format", format, &path]);
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(!text.contains("WebexWorkspace1@"), "{format}: full email");
        assert!(
            !text.contains("1eb65fdf-9643-417f-9974-ad72cae0e10f"),
            "{format}: org id"
        );
        assert!(
            !text.contains("a3c9f6e2-5d1b-4c8e-9f0a-7b2d4e6f8a10"),
            "{format}: place id"
        );
        assert!(text.contains("ciscolive.us"), "{format}: the domain is the diagnosis");
        assert!(
            !text.contains("eyJhbGci") && !text.contains("SECRETCOOKIE"),
            "{format}: secret"
        );
    }
    let output = caldoctor(&["explain", "--no-redact", &path]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("WebexWorkspace1@ciscolive.us"));
    assert!(!text.contains("eyJhbGci") && !text.contains("SECRETCOOKIE"));
}

#[test]
fn japanese_and_time_zone_options() {
    let path = fixture("uss/status-o365-unauthorized.json");
    let output = caldoctor(&["explain", "--lang", "ja", "--tz", "+09:00", &path]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("2026-11-27 10:24:00 (UTC+09:00)"), "{text}");
    assert!(text.contains("2026-11-27 01:24:00 UTC"));
    assert!(
        text.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)),
        "no kana in {text}"
    );
    let local = caldoctor(&["explain", "--tz", "local", &path]);
    assert!(local.status.success());
}

#[test]
fn reads_standard_input() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_caldoctor"))
        .args(["explain", "--format", "json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let body = std::fs::read(fixture("ccc/bad-admin-consent.json")).unwrap();
    child.stdin.take().unwrap().write_all(&body).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["findings"][0]["code"], "ccc-bad-admin-consent");
}

#[test]
fn unreadable_or_unrecognized_input_exits_2_with_one_line() {
    let cases = [
        (fixture("broken/malformed-truncated.json"), "not valid JSON"),
        (fixture("broken/not-json.txt"), "not valid JSON"),
        (
            fixture("broken/unrecognized-shape.json"),
            "not a HAR file nor a Hybrid Calendar response",
        ),
        (fixture("broken/empty.json"), "empty"),
        (fixture("does-not-exist.json"), "cannot read"),
    ];
    for (path, expected) in cases {
        let output = caldoctor(&["explain", &path]);
        assert_eq!(output.status.code(), Some(2), "{path}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains(expected), "{path}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{path}: {stderr}");
        assert!(!stderr.contains("panicked"));
    }
    for bad_args in [
        vec!["explain"],
        vec!["explain", "--lang", "fr", "x"],
        vec!["explain", "--tz", "Mars/Base", "x"],
        vec!["frobnicate"],
    ] {
        assert_eq!(caldoctor(&bad_args).status.code(), Some(2), "{bad_args:?}");
    }
}

#[test]
fn every_readable_input_is_printed_and_each_unreadable_one_named() {
    let good = [
        fixture("uss/status-o365-unauthorized.json"),
        fixture("ccc/bad-admin-consent.json"),
    ];
    let bad = [
        (fixture("does-not-exist.json"), "cannot read"),
        (
            fixture("broken/unrecognized-shape.json"),
            "not a HAR file nor a Hybrid Calendar response",
        ),
    ];
    let args = ["explain", "--format", "json", &good[0], &bad[0].0, &good[1], &bad[1].0];
    let output = caldoctor(&args);
    assert_eq!(output.status.code(), Some(2));
    let json: Value = serde_json::from_slice(&output.stdout).expect("the readable inputs' JSON");
    // One field of every object of an array of the output.
    let each = |array: &str, field: &str| -> Vec<String> {
        let objects = json[array].as_array().cloned().unwrap_or_default();
        objects
            .iter()
            .filter_map(|o| o[field].as_str().map(str::to_string))
            .collect()
    };
    assert_eq!(each("inputs", "file"), [good[0].as_str(), good[1].as_str()]);
    let codes = each("findings", "code");
    let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
    assert!(
        codes.contains(&"o365-unauthorized") && codes.contains(&"ccc-bad-admin-consent"),
        "{codes:?}"
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), bad.len(), "{stderr}");
    for ((path, reason), line) in bad.iter().zip(&lines) {
        assert!(line.contains(path.as_str()) && line.contains(reason), "{line}");
    }
    // Nothing readable: nothing on standard output, which would read as all clear.
    let none = caldoctor(&["explain", &bad[0].0, &bad[1].0]);
    assert_eq!(none.status.code(), Some(2));
    assert!(none.stdout.is_empty());
    assert_eq!(String::from_utf8(none.stderr).unwrap().lines().count(), 2);
}

#[test]
fn a_har_with_nothing_to_diagnose_exits_0() {
    let output = caldoctor(&["explain", &fixture("har/noise-only.har")]);
    assert!(output.status.success());
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .contains("No Hybrid Calendar problem")
    );
}
