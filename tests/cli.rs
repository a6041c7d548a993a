//! The `caldoctor` command line, run as a user would.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;
use support::{caldoctor, fixture};

#[path = "support/cli.rs"]
mod support;

const NOTE_TENANT: &str = "rtpcloudcollab.com,adminrtpcloudcollab.onmicrosoft.com,ciscolive.us";

fn json_findings(args: &[&str]) -> Vec<Value> {
    let output = caldoctor(args);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON output");
    json["findings"].as_array().expect("findings array").clone()
}

fn o365_finding(file: &str, extra: &[&str]) -> Value {
    let path = fixture(file);
    let mut args = vec!["explain", "--format", "json"];
    args.extend_from_slice(extra);
    args.push(&path);
    let findings = json_findings(&args);
    let finding = findings.into_iter().find(|f| f["code"] == "o365-unauthorized");
    finding.expect("o365-unauthorized")
}

fn o365_diagnosis(file: &str, extra: &[&str]) -> String {
    o365_finding(file, extra)["diagnosis"].as_str().unwrap().to_string()
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

/// The note's tenant split in two: its own domains, and `ciscolive.us` in a second tenant.
const NOTE_FIRST_TENANT: &str = "rtpcloudcollab.com (default), adminrtpcloudcollab.onmicrosoft.com";

#[test]
fn one_tenant_lists_no_tenants_in_json() {
    let finding = o365_finding("har/note-scenario.har", &["--tenant-domains", NOTE_TENANT]);
    assert!(
        finding.get("tenant").is_none() && finding.get("tenants").is_none(),
        "{finding}"
    );
    assert_eq!(finding["tenant_domains"].as_array().map(Vec::len), Some(3));
}

#[test]
fn with_two_tenants_the_one_holding_the_domain_is_named() {
    let two = [
        "--tenant-domains",
        NOTE_FIRST_TENANT,
        "--tenant-domains",
        "Live=ciscolive.us",
    ];
    let finding = o365_finding("har/note-scenario.har", &two);
    assert_eq!(finding["diagnosis"], "mailbox-not-found");
    assert_eq!(finding["tenant"], "Live");
    let explanation = finding["explanation"].as_str().unwrap();
    assert!(
        explanation.contains(
            "Here the domain ciscolive.us is a domain of Live, so Webex looks for the mailbox in that tenant"
        ),
        "{explanation}"
    );
    assert!(finding["steps"][0].as_str().unwrap().contains("signed in to Live"));
    assert_eq!(finding["tenants"][1]["domains"], serde_json::json!(["ciscolive.us"]));
    assert_eq!(finding["tenants"][0]["label"], "tenant 1");

    let unnamed = o365_finding(
        "har/note-scenario.har",
        &[
            "--tenant-domains",
            NOTE_FIRST_TENANT,
            "--tenant-domains",
            "ciscolive.us",
        ],
    );
    assert_eq!(unnamed["tenant"], "tenant 2");
}

#[test]
fn with_two_tenants_a_domain_in_neither_names_both() {
    let finding = o365_finding(
        "har/note-scenario-domain-mismatch.har",
        &[
            "--tenant-domains",
            NOTE_FIRST_TENANT,
            "--tenant-domains",
            "ciscolive.us",
        ],
    );
    assert_eq!(finding["diagnosis"], "domain-not-in-tenant");
    assert!(finding.get("tenant").is_none());
    let explanation = finding["explanation"].as_str().unwrap();
    assert!(
        explanation.contains(
            "ciscolive.com, which is a domain of none of the organization's Microsoft 365 tenants \
             (tenant 1: rtpcloudcollab.com, adminrtpcloudcollab.onmicrosoft.com; tenant 2: ciscolive.us)"
        ),
        "{explanation}"
    );
    assert_eq!(finding["tenants"].as_array().map(Vec::len), Some(2));
}

#[test]
fn an_unknown_tenant_is_to_re_authorize_before_a_domain_is_called_foreign() {
    for file in ["har/note-scenario.har", "har/note-scenario-domain-mismatch.har"] {
        let finding = o365_finding(
            file,
            &["--tenant-domains", NOTE_FIRST_TENANT, "--tenant-domains", "unknown"],
        );
        assert_eq!(finding["diagnosis"], "undetermined", "{file}");
        assert!(
            finding["explanation"]
                .as_str()
                .unwrap()
                .contains("Control Hub shows tenant 2 as “Unknown”"),
            "{finding}"
        );
        assert!(
            finding["steps"][0]
                .as_str()
                .unwrap()
                .starts_with("Re-authorize tenant 2:")
        );
        assert_eq!(finding["tenants"][1]["unknown"], true);
    }
    // A known tenant holding the domain settles it all the same.
    assert_eq!(
        o365_diagnosis(
            "har/note-scenario.har",
            &["--tenant-domains", "ciscolive.us", "--tenant-domains", "Old=Unknown"]
        ),
        "mailbox-not-found"
    );
    let path = fixture("har/note-scenario.har");
    let text = caldoctor(&[
        "explain",
        "--tenant-domains",
        NOTE_FIRST_TENANT,
        "--tenant-domains",
        "Old=unknown",
        &path,
    ]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains(
            "Tenant domains: tenant 1: rtpcloudcollab.com, adminrtpcloudcollab.onmicrosoft.com; \
             Old: “Unknown” in Control Hub\n"
        ),
        "{text}"
    );
    assert!(text.contains("1. Re-authorize Old: Control Hub > Services > Hybrid > Hybrid Calendar"));
}

fn json_of(files: &[&str]) -> Vec<Value> {
    let paths: Vec<String> = files.iter().map(|file| fixture(file)).collect();
    let mut args = vec!["explain", "--format", "json"];
    args.extend(paths.iter().map(String::as_str));
    json_findings(&args)
}

#[test]
fn an_org_summary_counts_its_subjects_in_error_in_both_shapes() {
    let findings = json_of(&["uss/summary-org-subjects-in-error.json"]);
    let [finding] = &findings[..] else {
        panic!("one finding: {findings:?}");
    };
    assert_eq!(finding["code"], "org-subjects-in-error");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["subject"]["kind"], "org");
    assert_eq!(finding["title"], "3 of 127 users and workspaces are in error");
    assert!(
        finding["explanation"]
            .as_str()
            .unwrap()
            .contains("3 of 127 users and workspaces in error (cloud: 2, Expressway: 1)"),
        "{}",
        finding["explanation"]
    );
    let counts = &finding["counts"];
    assert_eq!(counts["error"], 3);
    assert_eq!(counts["activated"], 117);
    assert_eq!(counts["notActivated"], 5);
    assert_eq!(counts["total"], 127);
    assert_eq!(counts["ccc"]["error"], 2);
    assert_eq!(counts["uss"]["total"], 41);
    let old = json_of(&["uss/summary-old-shape.json"]);
    assert_eq!(old.len(), 1, "the calendar's line only: {old:?}");
    assert_eq!(old[0]["counts"]["notEntitled"], 7);
    assert!(old[0]["counts"].get("ccc").is_none());
    assert!(json_of(&["uss/summary-healthy.json"]).is_empty());
    let other = json_of(&["uss/status-o365-unauthorized.json"]);
    assert!(other[0].get("counts").is_none(), "only org findings carry counts");
}

#[test]
fn each_org_alarm_is_a_finding_with_its_words() {
    let findings = json_of(&[
        "hercules/alarms-org-alarm.json",
        "hercules/alarms-org-alarm-warning.json",
    ]);
    let codes: Vec<_> = findings
        .iter()
        .map(|f| (f["code"].clone(), f["severity"].clone()))
        .collect();
    assert_eq!(
        codes,
        [
            ("org-alarm".into(), "error".into()),
            ("org-alarm-warning".into(), "warning".into())
        ]
    );
    assert_eq!(findings[0]["title"], "Alarm: Users in Error");
    assert_eq!(
        findings[0]["raw_message"],
        "3 users or workspaces are in error for Hybrid Calendar. Check the User Status Report."
    );
    assert_eq!(findings[0]["message_key"], "uss.thresholdAlarmTriggered");
}

#[test]
fn bare_arrays_and_lists_give_one_finding_per_subject_in_error() {
    let findings = json_of(&["uss/status-list-bare.json"]);
    let subjects: Vec<_> = findings.iter().map(|f| f["subject"]["id"].clone()).collect();
    assert_eq!(findings.len(), 2, "{findings:?}");
    assert_ne!(subjects[0], subjects[1]);
    let journal = json_of(&["uss/journal-bare.json"]);
    assert_eq!(journal[0]["code"], "o365-forbidden");
    for places in ["place/csdm-place-map.json", "place/csdm-places-unlinked.json"] {
        assert!(json_of(&[places]).is_empty(), "{places}");
    }
}

#[test]
fn googles_connector_and_setup_errors_are_read_from_a_har() {
    let google = json_of(&["har/ccc-google-authorization-expired.har"]);
    assert_eq!(google[0]["code"], "ccc-google-authorization-expired");
    let words = format!(
        "{} {} {}",
        google[0]["title"], google[0]["explanation"], google[0]["steps"]
    );
    assert!(words.contains("180 days") && words.contains("Reauthorize"), "{words}");
    assert!(!words.contains("Microsoft") && !words.contains("Office 365"), "{words}");
    let setup = json_of(&["har/setup-test-step-400.har"]);
    assert_eq!(
        setup[0]["code"], "ccc-test-account-unlicensed",
        "the HTTP 400 body is read"
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
        vec!["explain", "--tenant-domains", "Old=", "x"],
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

/// A finding per subject: `(subject id, code) → the finding`.
fn by_subject(findings: &[Value]) -> std::collections::HashMap<(String, String), Value> {
    findings
        .iter()
        .map(|f| {
            let id = f["subject"]["id"].as_str().unwrap_or_default().to_string();
            ((id, f["code"].as_str().unwrap_or_default().to_string()), f.clone())
        })
        .collect()
}

const ALEX: &str = "e6b1d9a2-3c4f-4e58-9a7b-1c2d3e4f5a60";
const WORKSPACE_1: &str = "a3c9f6e2-5d1b-4c8e-9f0a-7b2d4e6f8a10";
const KIM: &str = "2c9d7e41-8b3a-4f6e-a1d5-6e7f8a9b0c11";
const SAM: &str = "3d0e8f52-9c4b-4a7f-b2e6-7f8a9b0c1d22";
const PAT: &str = "4e1f9a63-ad5c-4b80-83f7-8a9b0c1d2e33";
const JO: &str = "5f2a0b74-be6d-4c91-94a8-9b0c1d2e3f44";

/// The org's findings, unredacted, with the note's tenant.
fn org_findings(files: &[&str]) -> std::collections::HashMap<(String, String), Value> {
    let paths: Vec<String> = files.iter().map(|file| fixture(file)).collect();
    let mut args = vec![
        "explain",
        "--format",
        "json",
        "--no-redact",
        "--tenant-domains",
        NOTE_TENANT,
    ];
    args.extend(paths.iter().map(String::as_str));
    by_subject(&json_findings(&args))
}

/// What an "Unauthorized" finding says of its subject: address, kind, name, diagnosis, domain.
fn unauthorized(findings: &std::collections::HashMap<(String, String), Value>, id: &str) -> [Value; 5] {
    let finding = &findings[&(id.to_string(), "o365-unauthorized".to_string())];
    let subject = &finding["subject"];
    [
        subject["email"].clone(),
        subject["kind"].clone(),
        subject["display_name"].clone(),
        finding["diagnosis"].clone(),
        finding["domain"].clone(),
    ]
}

#[test]
fn a_status_list_takes_each_subjects_address_kind_and_name_from_the_directories() {
    let findings = org_findings(&[
        "uss/status-list-org.json",
        "identity/scim-users.json",
        "identity/machines.json",
        "identity/csdm-places.json",
    ]);
    let expect = |email: &str, kind: &str, name: &str, diagnosis: &str, domain: &str| -> [Value; 5] {
        [email.into(), kind.into(), name.into(), diagnosis.into(), domain.into()]
    };
    assert_eq!(
        unauthorized(&findings, ALEX),
        expect(
            "alex.morgan@ciscolive.us",
            "user",
            "Alex Morgan",
            "mailbox-not-found",
            "ciscolive.us"
        )
    );
    for (id, email) in [(KIM, "kim.lee@ciscolive.com"), (SAM, "sam.ito@ciscolive.com")] {
        let [address, kind, _, diagnosis, domain] = unauthorized(&findings, id);
        assert_eq!(
            [address, kind, diagnosis, domain],
            [email, "user", "domain-not-in-tenant", "ciscolive.com"]
        );
    }
    assert_eq!(
        unauthorized(&findings, PAT)[3..],
        ["domain-not-in-tenant", "rtp-partner.example"]
    );
    assert_eq!(
        unauthorized(&findings, WORKSPACE_1),
        expect(
            "WebexWorkspace1@ciscolive.us",
            "workspace",
            "Webex Workspace 1",
            "mailbox-not-found",
            "ciscolive.us"
        ),
        "the machine account names the workspace, its CSDM place gives the mailbox"
    );
    let silent = &findings[&(JO.to_string(), "status-error-without-message".to_string())];
    assert_eq!(silent["subject"]["email"], "jo.park@ciscolive.us");
    assert_eq!(findings.len(), 6, "{:?}", findings.keys());
    // Without the directories the list names no one's address: nothing to compare.
    let alone = org_findings(&["uss/status-list-org.json"]);
    assert_eq!(unauthorized(&alone, KIM)[0], Value::Null);
    assert_eq!(unauthorized(&alone, KIM)[3], "undetermined");
    // One SCIM user: its primary email, not its userName.
    let one = org_findings(&["uss/status-list-org.json", "identity/scim-user.json"]);
    assert_eq!(unauthorized(&one, ALEX)[0], "alex.morgan@ciscolive.us");
}

#[test]
fn the_user_status_report_csv_is_read_as_its_statuses_with_their_addresses() {
    for csv in [
        "csv/user_statuses.csv",
        "csv/user_statuses-resource-groups.csv",
        "csv/user_statuses-ja.csv",
    ] {
        let findings = org_findings(&[csv]);
        let diagnosis = |id: &str| unauthorized(&findings, id)[3].clone();
        assert_eq!(unauthorized(&findings, ALEX)[0], "alex.morgan@ciscolive.us", "{csv}");
        assert_eq!(diagnosis(ALEX), "mailbox-not-found", "{csv}");
        for id in [KIM, SAM, PAT] {
            assert_eq!(diagnosis(id), "domain-not-in-tenant", "{csv} {id}");
        }
        let [email, kind, name, diagnosis, _] = unauthorized(&findings, WORKSPACE_1);
        assert_eq!(
            [email, kind, name, diagnosis],
            [
                Value::Null,
                "workspace".into(),
                "Webex Workspace 1".into(),
                "undetermined".into()
            ],
            "{csv}: a workspace's row names it, not its mailbox"
        );
        let silent = &findings[&(JO.to_string(), "status-error-without-message".to_string())];
        assert_eq!(silent["subject"]["email"], "jo.park@ciscolive.us", "{csv}");
        let codes: Vec<&str> = findings.keys().map(|(_, code)| code.as_str()).collect();
        for code in ["google-calendar-error", "cloud-user-cluster-message"] {
            assert!(codes.contains(&code), "{csv}: {codes:?}");
        }
        assert_eq!(
            findings.len(),
            8,
            "{csv}: the call service's row is no calendar's: {codes:?}"
        );
    }
    // The CSV with the CSDM places: the workspace's mailbox too.
    let with_places = org_findings(&["csv/user_statuses.csv", "identity/csdm-places.json"]);
    assert_eq!(unauthorized(&with_places, WORKSPACE_1)[3], "mailbox-not-found");
}

#[test]
fn a_csv_that_cannot_be_read_says_why_in_one_line() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_caldoctor"))
        .args(["explain", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"sep=,\r\nA,B,C\r\n1,2,3")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("not a readable User Status Report CSV") && stderr.contains("not 7 or 8"),
        "{stderr}"
    );
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
}
