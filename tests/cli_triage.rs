//! `caldoctor triage`, run as a user would: an org's status lists, identity lists and HARs of
//! the User Status Report, grouped by cause in each output format.

use serde_json::Value;
use support::{caldoctor, fixture};

#[path = "support/cli.rs"]
mod support;

fn stdout(args: &[&str]) -> String {
    let output = caldoctor(args);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

fn org_files() -> [String; 2] {
    [fixture("triage/org-statuses.json"), fixture("triage/org-places.json")]
}

fn triage_json(extra: &[&str], files: &[String]) -> Value {
    let mut args = vec!["triage", "--format", "json"];
    args.extend_from_slice(extra);
    args.extend(files.iter().map(String::as_str));
    serde_json::from_str(&stdout(&args)).expect("JSON output")
}

/// `(code, diagnosis, count)` of each group, in order.
fn groups(json: &Value) -> Vec<(String, Option<String>, u64)> {
    json["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| {
            (
                g["code"].as_str().unwrap().to_string(),
                g["diagnosis"].as_str().map(str::to_string),
                g["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn groups_come_biggest_first_with_the_domains_no_tenant_has() {
    let json = triage_json(&["--tenant-domains", "example.com"], &org_files());
    let unauthorized = "o365-unauthorized".to_string();
    assert_eq!(
        groups(&json),
        [
            (unauthorized.clone(), Some("domain-not-in-tenant".to_string()), 4),
            (unauthorized, Some("mailbox-not-found".to_string()), 1),
            ("status-error-without-message".to_string(), None, 1),
        ]
    );
    assert_eq!(json["subjects_in_error"], 6);
    assert_eq!(json["subjects_total"], 8);
    assert_eq!(json["skipped"], Value::Array(Vec::new()));
    let first = &json["groups"][0];
    assert_eq!(first["severity"], "error");
    assert!(first["title"].as_str().is_some_and(|t| t.contains("Unauthorized")));
    assert_eq!(
        first["domains"],
        serde_json::json!([{"domain": "rooms.example.net", "count": 3}, {"domain": "legacy.example.org", "count": 1}])
    );
    let subject = &first["subjects"][0];
    for key in [
        "id",
        "kind",
        "name",
        "email",
        "state",
        "since",
        "message",
        "tracking_root",
    ] {
        assert!(subject.get(key).is_some(), "{key} missing: {subject}");
    }
    // Redacted by default: local parts masked, the domain (the diagnosis) kept.
    assert_eq!(subject["email"], "b***@legacy.example.org");
    // Without the tenant's domains nothing is concluded about them.
    let json = triage_json(&[], &org_files());
    assert_eq!(groups(&json)[0].1.as_deref(), Some("undetermined"));
    assert_eq!(groups(&json)[0].2, 5);
}

#[test]
fn the_user_status_report_har_reads_every_page_and_the_places() {
    let json = triage_json(
        &["--tenant-domains", "example.com"],
        &[fixture("har/user-status-report.har")],
    );
    assert_eq!(groups(&json)[0].2, 4);
    assert_eq!(
        (json["subjects_in_error"].as_u64(), json["subjects_total"].as_u64()),
        (Some(6), Some(8))
    );
    // The summary's count is an org-wide finding of its own.
    assert!(
        json["org"]
            .as_array()
            .is_some_and(|org| org.iter().any(|f| f["code"] == "org-subjects-in-error"))
    );
    // The HAR's bearer token never reaches an output.
    let text = stdout(&["triage", "--no-redact", &fixture("har/user-status-report.har")]);
    assert!(!text.contains("eyJhbGciOiJIUzI1NiJ9"));
}

#[test]
fn csv_has_one_row_per_subject_in_error_to_act_on() {
    let files = org_files();
    let csv = stdout(&[
        "triage",
        "--format",
        "csv",
        "--no-redact",
        "--tenant-domains",
        "example.com",
        &files[0],
        &files[1],
    ]);
    let lines: Vec<&str> = csv.split_terminator("\r\n").collect();
    assert_eq!(
        lines[0],
        "subject_id,kind,name,email,state,code,diagnosis,since_utc,message,tracking_id"
    );
    assert_eq!(lines.len(), 7, "{csv}");
    assert_eq!(
        lines[1],
        "0a1b2c3d-0004-4e5f-8a9b-000000000004,workspace,Boardroom,boardroom@legacy.example.org,error,\
         o365-unauthorized,domain-not-in-tenant,2026-11-13T03:15:00.000Z,\
         Received error 'Unauthorized' from O365. Admin action is required.,"
    );
    assert!(!csv.contains("lobby@"), "an activated subject is not in error");
    let redacted = stdout(&["triage", "--format", "csv", &files[0], &files[1]]);
    assert!(redacted.contains(",b***@legacy.example.org,") && !redacted.contains("boardroom@"));
}

#[test]
fn markdown_is_a_ticket_summary_and_text_lists_every_subject() {
    let files = org_files();
    let md = stdout(&[
        "triage",
        "--format",
        "markdown",
        "--tenant-domains",
        "example.com",
        &files[0],
        &files[1],
    ]);
    assert!(md.starts_with("# Hybrid Calendar triage"), "{md}");
    assert!(md.contains("6 of 8 users and workspaces in error, in 3 groups"), "{md}");
    assert!(
        md.contains("Email domains: ` rooms.example.net ` (3), ` legacy.example.org ` (1)"),
        "{md}"
    );
    assert_eq!(md.matches("\nFix:\n").count(), 3, "{md}");
    let ja = stdout(&["triage", "--lang", "ja", "--tz", "+09:00", &files[0], &files[1]]);
    assert!(ja.contains("8 件のユーザーとワークスペースのうち 6 件がエラー"), "{ja}");
    assert!(ja.contains("(UTC+09:00)"), "{ja}");
    assert_eq!(ja.matches("\n  * ").count(), 6, "every subject is listed: {ja}");
}

#[test]
fn unreadable_input_exits_2_after_printing_the_rest_and_bad_options_are_refused() {
    let files = org_files();
    let output = caldoctor(&["triage", "--format", "json", &files[0], "/nonexistent/file.json"]);
    assert_eq!(output.status.code(), Some(2));
    let json: Value = serde_json::from_slice(&output.stdout).expect("the readable file is still triaged");
    assert_eq!(json["subjects_total"], 8);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("/nonexistent/file.json"));
    for (args, says) in [
        (
            vec!["explain", "--format", "csv", "x"],
            "unknown format `csv` (text, json, markdown)",
        ),
        (vec!["triage", "--format", "yaml", "x"], "(text, json, csv, markdown)"),
        (vec!["triage", "--email", "a@b.example", "x"], "--email"),
        (vec!["triage"], "no input file"),
    ] {
        let output = caldoctor(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&output.stderr).contains(says), "{args:?}");
    }
}

/// `(code, diagnosis, count, domains)` of each group.
type Grouped = Vec<(String, Option<String>, u64, Vec<String>)>;

fn grouped(json: &Value) -> Grouped {
    groups(json)
        .into_iter()
        .zip(json["groups"].as_array().unwrap())
        .map(|((code, diagnosis, count), group)| {
            let domains = group["domains"].as_array().unwrap();
            let domains = domains
                .iter()
                .map(|d| d["domain"].as_str().unwrap().to_string())
                .collect();
            (code, diagnosis, count, domains)
        })
        .collect()
}

#[test]
fn the_user_status_report_csv_triages_in_each_of_its_forms() {
    let plain = triage_json(
        &["--tenant-domains", "ciscolive.us"],
        &[fixture("csv/user_statuses.csv")],
    );
    let first = &grouped(&plain)[0];
    assert_eq!(
        (first.0.as_str(), first.1.as_deref(), first.2),
        ("o365-unauthorized", Some("domain-not-in-tenant"), 3)
    );
    assert_eq!(first.3, ["ciscolive.com", "rtp-partner.example"], "most subjects first");
    assert_eq!(
        (plain["subjects_in_error"].as_u64(), plain["subjects_total"].as_u64()),
        (Some(7), Some(9))
    );
    // The Resource Group column and Japanese headers change nothing of what is read.
    for form in ["csv/user_statuses-resource-groups.csv", "csv/user_statuses-ja.csv"] {
        let json = triage_json(&["--tenant-domains", "ciscolive.us"], &[fixture(form)]);
        assert_eq!(grouped(&json), grouped(&plain), "{form}");
        assert_eq!(json["skipped"], Value::Array(Vec::new()), "{form}");
    }
    // Details spanning lines stay one CSV field, verbatim.
    let csv = stdout(&[
        "triage",
        "--format",
        "csv",
        "--no-redact",
        &fixture("csv/user_statuses.csv"),
    ]);
    assert!(
        csv.contains("\"Received error 'Unauthorized' from Google.\r\nRetry later\""),
        "{csv}"
    );
}

#[test]
fn a_status_list_with_the_directories_names_each_subject() {
    let files = [
        fixture("uss/status-list-org.json"),
        fixture("identity/scim-users.json"),
        fixture("identity/machines.json"),
        fixture("identity/csdm-places.json"),
    ];
    let json = triage_json(&["--no-redact", "--tenant-domains", "ciscolive.us"], &files);
    let subjects: Vec<&Value> = json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["subjects"].as_array().unwrap())
        .collect();
    let alex = subjects
        .iter()
        .find(|s| s["email"] == "alex.morgan@ciscolive.us")
        .expect("Alex, named by SCIM");
    assert_eq!(
        (alex["kind"].as_str(), alex["name"].as_str()),
        (Some("user"), Some("Alex Morgan"))
    );
    assert!(
        subjects
            .iter()
            .any(|s| s["kind"] == "workspace" && s["email"].is_string()),
        "{subjects:?}"
    );
    let without = triage_json(&["--no-redact", "--tenant-domains", "ciscolive.us"], &files[..1]);
    assert!(
        grouped(&without).iter().all(|g| g.3.is_empty()),
        "no directory, no address, no domain"
    );
}
