use serde_json::json;

use super::*;
use crate::Analysis;
use crate::diagnose::tenant::Tenant;

const ORG: &str = "1eb65fdf-9643-417f-9974-ad72cae0e10f";
const UNAUTHORIZED: &str = "Received error 'Unauthorized' from O365. Admin action is required.";

fn status(id: &str, state: &str, message: Option<&str>, updated: &str) -> serde_json::Value {
    json!({
        "userId": id,
        "orgId": ORG,
        "serviceId": "squared-fusion-cal",
        "state": state,
        "lastStateChange": "2026-11-20T08:00:00.000Z",
        "lastStatusUpdate": updated,
        "owner": "ccc",
        "messages": message.map_or_else(Vec::new, |text| vec![json!({"severity": "error", "description": text})]),
    })
}

fn place(id: &str, email: &str) -> serde_json::Value {
    json!({"cisUuid": id, "displayName": format!("Room {id}"),
        "externalLinkedAccounts": [{"providerID": "squared-fusion-cal", "accountGUID": email}]})
}

fn list_url() -> String {
    format!(
        "https://uss-a.wbx2.com/uss/api/v1/orgs/{ORG}/userStatuses?includeMessages=true&serviceId=squared-fusion-cal&limit=10000"
    )
}

/// Six rooms: four Unauthorized (three in b.example, one in c.example, no tenant has either),
/// one in error with no message, one activated.
fn org() -> Analysis {
    let mut analysis = Analysis::new();
    let statuses: Vec<_> = [
        ("r1", "error", Some(UNAUTHORIZED)),
        ("r2", "error", Some(UNAUTHORIZED)),
        ("r3", "error", Some(UNAUTHORIZED)),
        ("r4", "error", Some(UNAUTHORIZED)),
        ("r5", "error", None),
        ("r6", "activated", None),
    ]
    .into_iter()
    .map(|(id, state, message)| status(id, state, message, "2026-11-27T01:00:00.000Z"))
    .collect();
    let body = json!({ "userStatuses": statuses, "paging": {"count": 6} }).to_string();
    analysis.add(&list_url(), &body, "list.json").expect("the list reads");
    let places = json!({"places": [
        place("r1", "room1@b.example"), place("r2", "room2@b.example"), place("r3", "room3@b.example"),
        place("r4", "room4@c.example"), place("r5", "room5@a.example"), place("r6", "room6@a.example"),
    ]})
    .to_string();
    analysis.add("", &places, "places.json").expect("the places read");
    analysis
}

fn tenants() -> Context {
    Context {
        email: None,
        tenants: vec![Tenant::from_details(None, "a.example")],
    }
}

fn triage(analysis: &mut Analysis, context: &Context) -> Triage {
    keep_latest_statuses(&mut analysis.observed);
    build(&analysis.observed, &analysis.skipped, context)
}

#[test]
fn groups_by_diagnosis_biggest_first_with_the_domains_no_tenant_has() {
    let triage = triage(&mut org(), &tenants());
    assert_eq!(triage.subjects_total, 6);
    assert_eq!(triage.subjects_in_error, 5);
    let groups: Vec<_> = triage.groups.iter().map(|g| (g.code, g.diagnosis, g.count())).collect();
    assert_eq!(groups[0], ("o365-unauthorized", Some("domain-not-in-tenant"), 4));
    assert_eq!(groups[1].0, "status-error-without-message");
    assert_eq!(groups[1].2, 1);
    assert_eq!(groups.len(), 2);
    let domains: Vec<_> = triage.groups[0]
        .domains
        .iter()
        .map(|d| (d.domain.as_str(), d.count))
        .collect();
    assert_eq!(domains, [("b.example", 3), ("c.example", 1)]);
    let row = &triage.groups[0].rows[0];
    assert_eq!(row.kind, SubjectKind::Workspace);
    assert_eq!(row.state.as_deref(), Some("error"));
    assert_eq!(row.message.as_deref(), Some(UNAUTHORIZED));
    assert!(row.since.is_some());
}

#[test]
fn a_tenant_holding_the_domain_makes_another_group_of_the_same_kind() {
    let context = Context {
        email: None,
        tenants: vec![Tenant::from_details(None, "a.example, b.example")],
    };
    let triage = triage(&mut org(), &context);
    let groups: Vec<_> = triage.groups.iter().map(|g| (g.code, g.diagnosis, g.count())).collect();
    assert_eq!(groups[0], ("o365-unauthorized", Some("mailbox-not-found"), 3));
    assert!(groups.contains(&("o365-unauthorized", Some("domain-not-in-tenant"), 1)));
}

#[test]
fn a_list_read_again_counts_each_subject_once_as_it_now_is() {
    let mut analysis = org();
    // A later load: r1 recovered, r5 now Unauthorized.
    let later = json!({ "userStatuses": [
        status("r1", "activated", None, "2026-11-28T00:00:00.000Z"),
        status("R5", "error", Some(UNAUTHORIZED), "2026-11-28T00:00:00.000Z"),
    ]})
    .to_string();
    analysis.add(&list_url(), &later, "later.json").expect("reads");
    // An older copy of a page read last does not undo the newer.
    let older = json!({ "userStatuses": [status("r2", "activated", None, "2026-11-01T00:00:00.000Z")] }).to_string();
    analysis.add(&list_url(), &older, "older.json").expect("reads");
    let triage = triage(&mut analysis, &tenants());
    assert_eq!(triage.subjects_total, 6);
    assert_eq!(triage.subjects_in_error, 4);
    let ids: Vec<_> = triage
        .groups
        .iter()
        .flat_map(|g| &g.rows)
        .filter_map(|r| r.id.as_deref())
        .collect();
    assert!(
        ids.contains(&"r2") && ids.contains(&"R5") && !ids.contains(&"r1"),
        "{ids:?}"
    );
    // R5's mailbox is in the tenant: Unauthorized for another reason than its domain.
    let r5 = triage
        .groups
        .iter()
        .find(|g| g.rows.iter().any(|r| r.id.as_deref() == Some("R5")));
    assert_eq!(
        r5.map(|g| (g.code, g.diagnosis)),
        Some(("o365-unauthorized", Some("mailbox-not-found")))
    );
}

#[test]
fn nothing_in_error_is_no_group_and_says_how_many_were_read() {
    let mut analysis = Analysis::new();
    let body = json!({"userStatuses": [status("u1", "activated", None, "2026-11-27T01:00:00.000Z")]}).to_string();
    analysis.add(&list_url(), &body, "ok.json").expect("reads");
    let triage = triage(&mut analysis, &tenants());
    assert!(triage.groups.is_empty());
    assert_eq!((triage.subjects_in_error, triage.subjects_total), (0, 1));
}

fn presentation(lang: crate::explain::catalog::Lang, redact: bool) -> crate::explain::Presentation {
    crate::explain::Presentation {
        lang,
        zone: crate::explain::Zone::fixed(9 * 60),
        redactor: crate::explain::redact::Redactor::new(redact),
    }
}

#[test]
fn the_csv_has_a_row_per_subject_in_error_in_group_order() {
    let triage = triage(&mut org(), &tenants());
    let written = csv::write(&triage, &crate::explain::redact::Redactor::new(false));
    let lines: Vec<&str> = written.split_terminator("\r\n").collect();
    assert_eq!(
        lines[0],
        "subject_id,kind,name,email,state,code,diagnosis,since_utc,message,tracking_id"
    );
    assert_eq!(lines.len(), 1 + 5);
    assert!(written.ends_with("\r\n"));
    let unauthorized = lines
        .iter()
        .filter(|l| l.contains(",o365-unauthorized,domain-not-in-tenant,"))
        .count();
    assert_eq!(unauthorized, 4);
    assert!(
        lines[1].starts_with("r") && lines[1].contains(",workspace,Room r"),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains(&format!(",{UNAUTHORIZED},")), "{}", lines[1]);
    assert!(
        lines[5].contains(",status-error-without-message,,2026-11-20T08:00:00.000Z,"),
        "{}",
        lines[5]
    );
    // Redacted: local parts masked, domains kept.
    let redacted = csv::write(&triage, &crate::explain::redact::Redactor::new(true));
    assert!(redacted.contains("r***@b.example") && !redacted.contains("room1@"));
    assert!(redacted.contains(",R***,") && !redacted.contains("Room r1"));
}

#[test]
fn the_summary_gives_each_cause_its_domains_and_fix_once_in_both_languages() {
    use crate::explain::catalog::Lang;
    use crate::explain::report::Format;
    let triage = triage(&mut org(), &tenants());
    let rendered = rendered::render(&triage, &presentation(Lang::En, true));
    let md = summary::write(
        &rendered,
        Lang::En,
        Format::Markdown,
        true,
        summary::TICKET_SUBJECTS_PER_GROUP,
    );
    assert!(md.contains("5 of 6 users and workspaces in error, in 2 groups"), "{md}");
    assert!(md.contains("(o365-unauthorized / domain-not-in-tenant) — 4"), "{md}");
    assert!(md.contains("` b.example ` (3), ` c.example ` (1)"), "{md}");
    assert!(
        md.contains("` R*** `") && !md.contains("Room r1"),
        "names are masked too: {md}"
    );
    assert_eq!(md.matches("Fix:").count(), 2, "{md}");
    assert!(!md.contains("room1@b.example") && md.contains("r***@b.example"), "{md}");
    let ja = summary::write(
        &rendered::render(&triage, &presentation(Lang::Ja, true)),
        Lang::Ja,
        Format::Text,
        true,
        1,
    );
    assert!(ja.contains("6 件のユーザーとワークスペースのうち 5 件がエラー"), "{ja}");
    assert!(ja.contains("…ほか 3 件"), "{ja}");
}

#[test]
fn the_json_names_each_group_with_its_counts_domains_and_subjects() {
    let triage = triage(&mut org(), &tenants());
    let rendered = rendered::render(&triage, &presentation(crate::explain::catalog::Lang::En, false));
    let value = serde_json::to_value(&rendered).expect("serializes");
    assert_eq!(value["subjects_in_error"], 5);
    assert_eq!(value["subjects_total"], 6);
    let group = &value["groups"][0];
    assert_eq!(group["code"], "o365-unauthorized");
    assert_eq!(group["diagnosis"], "domain-not-in-tenant");
    assert_eq!(group["severity"], "error");
    assert_eq!(group["count"], 4);
    assert_eq!(group["domains"][0], json!({"domain": "b.example", "count": 3}));
    let subject = &group["subjects"][0];
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
        assert!(subject.get(key).is_some(), "{key} missing from {subject}");
    }
    assert_eq!(subject["kind"], "workspace");
    assert_eq!(subject["since"], "2026-11-20T08:00:00.000Z");
}

#[test]
fn hostile_server_text_stays_data_in_the_csv_and_the_summary() {
    use crate::explain::catalog::Lang;
    use crate::explain::report::Format;
    let mut analysis = Analysis::new();
    let hostile = "=HYPERLINK(\"http://evil.example\",\"x\")\n# Heading `code`";
    let body = json!({"userStatuses": [status("u1", "error", Some(hostile), "2026-11-27T01:00:00.000Z")]}).to_string();
    analysis.add(&list_url(), &body, "hostile.json").expect("reads");
    let triage = triage(&mut analysis, &tenants());
    let written = csv::write(&triage, &crate::explain::redact::Redactor::new(false));
    assert!(
        written.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\n# Heading `code`\""),
        "{written}"
    );
    let rendered = rendered::render(&triage, &presentation(Lang::En, false));
    let md = summary::write(&rendered, Lang::En, Format::Markdown, false, 5);
    assert!(!md.lines().any(|line| line.starts_with("# Heading")), "{md}");
}
