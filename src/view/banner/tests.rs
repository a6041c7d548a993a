use super::*;
use crate::diagnose::tenant::Tenant;
use crate::explain::links;
use crate::explain::redact::Redactor;
use crate::explain::{Presentation, Zone};
use crate::view::preferences::Choices;
use crate::{Analysis, Context};

const NOTE_TENANT: &str = "rtpcloudcollab.com (default), adminrtpcloudcollab.onmicrosoft.com, ciscolive.us";

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn explain(files: &[&str], email: Option<&str>, tenant: &str, lang: Lang) -> Explained {
    explain_in(files, email, tenant, lang, false)
}

/// Explained in English, masked (`redact`) or not.
fn explain_with(files: &[&str], email: Option<&str>, tenant: &str, redact: bool) -> Explained {
    explain_in(files, email, tenant, Lang::En, redact)
}

fn explain_in(files: &[&str], email: Option<&str>, tenant: &str, lang: Lang, redact: bool) -> Explained {
    let mut analysis = Analysis::new();
    for file in files {
        analysis.add("", &fixture(file), file).unwrap();
    }
    let context = Context {
        email: email.map(str::to_string),
        tenants: vec![Tenant::from_details(None, tenant)],
    };
    analysis.explain(
        &context,
        &Presentation {
            lang,
            zone: Zone::fixed(540),
            redactor: Redactor::new(redact),
        },
    )
}

/// The protocol's defaults: reports redacted, nothing masked.
fn preferences() -> Preferences {
    Choices::default().preferences()
}

fn build_with(explained: &Explained, report: &str, input_errors: usize, preferences: Preferences) -> Banner {
    let presented = Presented {
        shown: explained.clone(),
        report: report.into(),
    };
    build(&presented, &preferences, input_errors, None)
}

fn banner(explained: &Explained) -> Banner {
    build_with(explained, "# report", 0, preferences())
}

/// The "Copy report" button.
fn copy_report(banner: &Banner) -> &Node {
    all_nodes(banner)
        .into_iter()
        .find(|n| n.tag == "button" && n.text.as_deref() == Some(BANNER_COPY_REPORT.text(Lang::from_tag(banner.lang))))
        .expect("a Copy report button")
}

/// What "Copy report" copies.
fn report_of(banner: &Banner) -> &str {
    match &copy_report(banner).action {
        Some(Action::Copy { text, .. }) => text,
        other => panic!("Copy report does {other:?}"),
    }
}

fn sections(banner: &Banner) -> Vec<&Node> {
    banner.body.iter().filter(|n| n.tag == "section").collect()
}

fn all_nodes(banner: &Banner) -> Vec<&Node> {
    banner.body.iter().flat_map(Node::walk).collect()
}

#[test]
fn the_note_scenario_names_the_finding_and_diagnosis() {
    let cases = [
        ("WebexWorkspace1@ciscolive.us", "mailbox-not-found"),
        ("WebexWorkspace1@ciscolive.com", "domain-not-in-tenant"),
    ];
    for (email, diagnosis) in cases {
        let explained = explain(
            &["uss/status-o365-unauthorized.json"],
            Some(email),
            NOTE_TENANT,
            Lang::En,
        );
        let b = banner(&explained);
        let section = sections(&b)[0];
        assert_eq!(section.attr_value("data-finding"), Some("o365-unauthorized"));
        assert_eq!(section.attr_value("data-diagnosis"), Some(diagnosis));
        assert_eq!(section.attr_value("data-severity"), Some("error"));
        assert!(b.summary.starts_with("Hybrid Calendar problem: "), "{}", b.summary);
        assert_eq!(b.state, format!("o365-unauthorized:{diagnosis}"));
        assert_eq!(b.subject, format!("user or workspace · {email}"));
        assert!(!b.body.iter().any(|n| n.class == "masked"), "no marker unless masked");
    }
    // Domain not in tenant: the explanation names the domain and the tenant's domains.
    let explained = explain(
        &["uss/status-o365-unauthorized.json"],
        Some("WebexWorkspace1@ciscolive.com"),
        NOTE_TENANT,
        Lang::En,
    );
    let b = banner(&explained);
    let explanation = all_nodes(&b).into_iter().find(|n| n.class == "explanation").unwrap();
    let text = explanation.text.as_deref().unwrap();
    assert!(text.contains("ciscolive.com"), "{text}");
    assert!(
        text.contains("rtpcloudcollab.com, adminrtpcloudcollab.onmicrosoft.com, ciscolive.us"),
        "{text}"
    );
}

#[test]
fn data_diagnosis_only_for_unauthorized() {
    let explained = explain(&["uss/status-o365-forbidden.json"], None, "", Lang::En);
    let b = banner(&explained);
    let section = sections(&b)[0];
    assert_eq!(section.attr_value("data-finding"), Some("o365-forbidden"));
    assert_eq!(section.attr_value("data-diagnosis"), None);
}

#[test]
fn sections_come_in_the_documented_order() {
    let explained = explain(&["uss/status-o365-unauthorized.json"], None, "", Lang::En);
    let b = banner(&explained);
    let section = sections(&b)[0];
    let headings: Vec<&str> = section
        .walk()
        .into_iter()
        .filter(|n| n.tag == "h3" || n.tag == "summary" || n.tag == "dt")
        .filter_map(|n| n.text.as_deref())
        .collect();
    assert_eq!(
        headings,
        [
            "What happened",
            "Root cause",
            "Fix",
            "Check",
            "Time (local)",
            "Time (UTC)"
        ]
    );
    // The raw server message, verbatim, in a blockquote.
    let raw = section.walk().into_iter().find(|n| n.tag == "blockquote").unwrap();
    assert_eq!(
        raw.all_text(),
        explained.findings[0].raw_message.clone().unwrap(),
        "verbatim server text"
    );
    // Steps: an ordered list in the finding's order.
    let steps: Vec<String> = section
        .walk()
        .into_iter()
        .filter(|n| n.tag == "li")
        .filter_map(|n| n.text.clone())
        .collect();
    assert_eq!(steps, explained.findings[0].steps);
    assert!(section.walk().iter().any(|n| n.tag == "ol"));
    // Local time and UTC, then the note.
    let dds: Vec<String> = section
        .walk()
        .into_iter()
        .filter(|n| n.tag == "dd")
        .map(|n| n.all_text())
        .collect();
    assert_eq!(dds[0], "2026-11-27 10:24:00 (UTC+09:00)");
    assert_eq!(dds[1], "2026-11-27 01:24:00 UTC");
    assert!(section.walk().iter().any(|n| n.class == "note"));
    // The Graph request with a Copy button copying exactly it.
    let request = "GET https://graph.microsoft.com/v1.0/places/<calendar email address>";
    assert!(
        section
            .walk()
            .iter()
            .any(|n| n.tag == "code" && n.text.as_deref() == Some(request))
    );
    assert!(section.walk().iter().any(|n| matches!(
        &n.action,
        Some(Action::Copy { text, .. }) if text == request
    )));
    // The checks are collapsed, to keep the banner compact.
    let details = section.walk().into_iter().find(|n| n.class == "checks").unwrap();
    assert_eq!(details.tag, "details");
    assert!(!details.attrs.contains(&Attr::Open));
}

#[test]
fn actions_copy_the_report_and_dismiss() {
    let explained = explain(&["uss/status-o365-unauthorized.json"], None, "", Lang::En);
    let b = build_with(&explained, "the report", 0, preferences());
    assert_eq!(report_of(&b), "the report");
    let buttons: Vec<&Node> = all_nodes(&b).into_iter().filter(|n| n.tag == "button").collect();
    assert!(buttons.iter().all(|n| n.attr_value("type") == Some("button")));
    assert!(matches!(
        copy_report(&b).action,
        Some(Action::Copy { done, .. }) if done == BANNER_REPORT_COPIED_REDACTED.text(Lang::En)
    ));
    let unredacted = build_with(
        &explained,
        "the report",
        0,
        Preferences {
            redact: false,
            ..preferences()
        },
    );
    assert!(matches!(
        copy_report(&unredacted).action,
        Some(Action::Copy { done, .. }) if done == BANNER_REPORT_COPIED.text(Lang::En)
    ));
    let dismiss = buttons.iter().find(|n| n.action == Some(Action::Dismiss)).unwrap();
    assert_eq!(dismiss.text.as_deref(), Some("Dismiss"));
    let status = all_nodes(&b).into_iter().find(|n| n.class == "copy-status").unwrap();
    assert_eq!(status.attr_value("role"), Some("status"));
    assert_eq!(status.attr_value("id"), Some("copy-status"));
    // Copy buttons say what they copy to assistive technology.
    let snippets = buttons
        .iter()
        .filter(|n| matches!(n.action, Some(Action::Copy { .. })) && n.text.as_deref() != Some("Copy report"));
    for button in snippets {
        assert!(button.attr_value("aria-label").is_some());
    }
}

#[test]
fn links_are_allowlisted_and_open_safely() {
    let mut explained = explain(&["har/note-scenario.har"], None, NOTE_TENANT, Lang::En);
    // A link the core would never build: the model must still refuse it.
    assert!(explained.findings[0].checks.len() > 1);
    if let Some(check) = explained.findings[0].checks.last_mut() {
        check.link = Some(crate::explain::links::Link {
            label: "evil".into(),
            url: "javascript:alert(1)".into(),
        });
    }
    let b = banner(&explained);
    let links: Vec<&Node> = all_nodes(&b).into_iter().filter(|n| n.tag == "a").collect();
    assert!(!links.is_empty());
    for link in &links {
        let href = link.attr_value("href").unwrap();
        assert!(links::is_allowed(href), "{href}");
        assert_eq!(link.attr_value("rel"), Some("noopener noreferrer"));
        assert_eq!(link.attr_value("target"), Some("_blank"));
    }
    assert!(!links.iter().any(|l| l.text.as_deref() == Some("evil")));
    assert!(links.iter().any(|l| {
        l.attr_value("href")
            .unwrap()
            .starts_with("https://developer.microsoft.com/")
    }));
}

#[test]
fn hostile_strings_stay_text() {
    let explained = explain(&["hostile/description.json"], None, "", Lang::En);
    let b = banner(&explained);
    let nodes = all_nodes(&b);
    assert!(nodes.iter().any(|n| {
        n.text
            .as_deref()
            .is_some_and(|t| t.contains("<script>alert(2)</script>"))
    }));
    for node in &nodes {
        // Tags and classes are chosen by the model, never by data.
        assert!(
            [
                "section",
                "div",
                "span",
                "p",
                "h3",
                "h4",
                "blockquote",
                "code",
                "pre",
                "ol",
                "li",
                "details",
                "summary",
                "dl",
                "dt",
                "dd",
                "a",
                "button",
                "time",
                "ul",
                "label",
                "input",
            ]
            .contains(&node.tag),
            "{}",
            node.tag
        );
        for attr in &node.attrs {
            let value = attr.value();
            assert!(!value.contains('<') && !value.contains("javascript:"), "{attr:?}");
            if let Attr::Href(url) = attr {
                assert!(links::is_allowed(url.as_str()));
            }
        }
    }
    assert!(AllowedUrl::new("javascript:alert(1)").is_none());
    // No secret reaches the banner, even unredacted.
    assert!(
        !nodes
            .iter()
            .any(|n| n.text.as_deref().is_some_and(|t| t.contains("eyJhbGci")))
    );
}

#[test]
fn open_findings_lead_and_resolved_ones_collapse_in_the_details() {
    let mut explained = explain(
        &["uss/journal-recovery.json", "uss/status-o365-forbidden.json"],
        None,
        "",
        Lang::En,
    );
    assert!(explained.findings.iter().any(|f| f.resolved.is_some()));
    assert!(explained.findings.iter().any(|f| f.resolved.is_none()));
    // Whatever order the findings arrive in, an open one leads.
    explained.findings.sort_by_key(|f| f.resolved.is_none());
    let b = banner(&explained);
    let lead = sections(&b)[0];
    assert_eq!(lead.class, "finding lead");
    assert_eq!(lead.attr_value("data-finding"), Some("o365-forbidden"));
    let resolved = details_of(&b)
        .walk()
        .into_iter()
        .find(|n| n.class == "finding resolved")
        .expect("the recovered finding, in the details");
    let details = &resolved.children[0];
    assert_eq!(details.tag, "details");
    assert!(!details.attrs.contains(&Attr::Open), "collapsed");
    assert!(details.children[0].all_text().contains("Recovered at"));
    // The summary line is about the open problem; the state names open problems only.
    assert!(b.summary.contains("Forbidden"), "{}", b.summary);
    assert_eq!(b.state, "o365-forbidden");
}

/// The region "Details" shows.
fn details_of(banner: &Banner) -> &Node {
    all_nodes(banner)
        .into_iter()
        .find(|n| n.attr_value("id") == Some(DETAILS_ID))
        .expect("a details region")
}

/// What the banner shows collapsed: every node outside the details region.
fn collapsed(banner: &Banner) -> Vec<&Node> {
    fn visit<'a>(node: &'a Node, out: &mut Vec<&'a Node>) {
        if node.attr_value("id") == Some(DETAILS_ID) {
            return;
        }
        out.push(node);
        for child in &node.children {
            visit(child, out);
        }
    }
    let mut out = Vec::new();
    for node in &banner.body {
        visit(node, &mut out);
    }
    out
}

fn collapsed_text(banner: &Banner) -> String {
    collapsed(banner)
        .iter()
        .filter(|n| n.attr_value("data-caldoctor") != Some("pill"))
        .filter_map(|n| n.text.as_deref())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn collapsed_it_is_an_icon_a_headline_the_next_action_the_time_and_details() {
    let b = of_json(status_payload(serde_json::json!({
        "email": "WebexWorkspace1@ciscolive.us", "tenantDomains": NOTE_TENANT, "timeZone": "+09:00"
    })));
    let shown = collapsed(&b);
    let head = shown.iter().find(|n| n.class == "head").expect("a head line");
    assert_eq!(head.children[0].class, "sev-icon");
    assert_eq!(
        head.children[1].text.as_deref(),
        Some("Mailbox address not found in Microsoft 365 — ciscolive.us is a tenant domain")
    );
    let time = shown.iter().find(|n| n.tag == "time").expect("the time");
    assert_eq!(time.text.as_deref(), Some("2026-11-27 10:24:00 (UTC+09:00)"));
    assert_eq!(time.attr_value("title"), Some("2026-11-27 01:24:00 UTC"));
    assert_eq!(time.attr_value("datetime"), Some("2026-11-27T01:24:00.000Z"));
    let next = shown.iter().find(|n| n.class == "next").expect("the next action");
    let words = next.all_text().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words
            .starts_with("Next: Look the mailbox up in Graph Explorer: GET https://graph.microsoft.com/v1.0/places/WebexWorkspace1@ciscolive.us"),
        "{words}"
    );
    // One real button toggles the details region, which starts hidden.
    let toggle = shown
        .iter()
        .find(|n| n.attr_value("id") == Some(TOGGLE_ID))
        .expect("a Details button");
    assert_eq!(toggle.tag, "button");
    assert_eq!(toggle.text.as_deref(), Some("Details"));
    assert_eq!(toggle.attr_value("type"), Some("button"));
    assert_eq!(toggle.attr_value("aria-expanded"), Some("false"));
    assert_eq!(toggle.attr_value("aria-controls"), Some(DETAILS_ID));
    assert_eq!(toggle.action, Some(Action::Toggle));
    assert!(shown.iter().any(|n| n.action == Some(Action::Dismiss)));
    assert!(shown.iter().any(|n| n.attr_value("id") == Some("minimize")));
    let details = details_of(&b);
    assert!(details.attrs.contains(&Attr::Hidden));
    // Collapsed, none of the long parts; all of them in the details.
    for part in ["blockquote", "ol", "dl"] {
        assert!(!shown.iter().any(|n| n.tag == part), "{part} collapsed");
        assert!(details.walk().iter().any(|n| n.tag == part), "{part} in the details");
    }
    assert!(
        details
            .all_text()
            .contains("Received error 'Unauthorized' from O365. Admin action is required.")
    );
    assert!(collapsed_text(&b).len() < 400, "{}", collapsed_text(&b));
    assert!(!shown.iter().any(|n| n.text.as_deref() == Some("Copy report")));
    assert!(details.walk().iter().any(|n| n.text.as_deref() == Some("Copy report")));
    // The details list the whole fix, its first step too.
    let steps: Vec<&Node> = details.walk().into_iter().filter(|n| n.tag == "li").collect();
    assert_eq!(steps.len(), 4);

    let mut open = b.clone();
    open.set_expanded(true);
    assert!(!details_of(&open).attrs.contains(&Attr::Hidden));
    assert!(
        all_nodes(&open)
            .iter()
            .any(|n| n.attr_value("aria-expanded") == Some("true"))
    );
    open.set_expanded(false);
    assert_eq!(open, b);
}

#[test]
fn headlines_say_the_cause_per_diagnosis_in_both_languages() {
    let one = serde_json::json!(NOTE_TENANT);
    let two = serde_json::json!([
        {"name": "RTP", "domains": "rtpcloudcollab.com"}, {"name": "Live", "domains": "ciscolive.us"}
    ]);
    let unknown =
        serde_json::json!([{"name": "RTP", "domains": "rtpcloudcollab.com"}, {"name": "Old", "unknown": true}]);
    let cases = [
        (
            "WebexWorkspace1@ciscolive.us",
            ("tenantDomains", &one),
            "Mailbox address not found in Microsoft 365 — ciscolive.us is a tenant domain",
            "Microsoft 365 にこのメールボックスのアドレスがありません — ciscolive.us はテナントのドメインです",
        ),
        (
            "WebexWorkspace1@ciscolive.us",
            ("tenants", &two),
            "Mailbox address not found in Live — ciscolive.us is one of its domains",
            "Live にこのメールボックスのアドレスがありません — ciscolive.us はこのテナントのドメインです",
        ),
        (
            "WebexWorkspace1@ciscolive.com",
            ("tenantDomains", &one),
            "ciscolive.com is not a domain of the Microsoft 365 tenant — Webex cannot reach this mailbox",
            "ciscolive.com は Microsoft 365 テナントのドメインではありません — Webex はこのメールボックスにアクセスできません",
        ),
        (
            "WebexWorkspace1@ciscolive.com",
            ("tenants", &two),
            "ciscolive.com is a domain of none of the organization's Microsoft 365 tenants",
            "ciscolive.com は組織のどの Microsoft 365 テナントのドメインでもありません",
        ),
        (
            "WebexWorkspace1@ciscolive.us",
            ("tenantDomains", &serde_json::json!("")),
            "Microsoft 365 refused this calendar — whether ciscolive.us is a tenant domain tells why",
            "Microsoft 365 がこのカレンダーを拒否しました — ciscolive.us がテナントのドメインかどうかで原因が決まります",
        ),
        (
            "WebexWorkspace1@ciscolive.us",
            ("tenants", &unknown),
            "Microsoft 365 refused this calendar — re-authorize Old first",
            "Microsoft 365 がこのカレンダーを拒否しました — まず Old を再認証してください",
        ),
    ];
    for (email, (key, tenants), en, ja) in cases {
        for (lang, expected) in [("en", en), ("ja", ja)] {
            let b = of_json(status_payload(
                serde_json::json!({"email": email, key: tenants, "lang": lang}),
            ));
            let title = collapsed(&b).into_iter().find(|n| n.class == "title").unwrap();
            assert_eq!(title.text.as_deref(), Some(expected), "{email} {tenants} {lang}");
            assert!(b.summary.contains(expected), "the status line too: {}", b.summary);
        }
    }
    // Without the address, and for other kinds, the kind's title says it.
    let b = of_json(status_payload(serde_json::json!({})));
    let title = collapsed(&b).into_iter().find(|n| n.class == "title").unwrap();
    assert_eq!(
        title.text.as_deref(),
        Some("Microsoft 365 refused this calendar (“Unauthorized”)")
    );
    let forbidden = banner(&explain(&["uss/status-o365-forbidden.json"], None, "", Lang::Ja));
    let title = collapsed(&forbidden).into_iter().find(|n| n.class == "title").unwrap();
    assert_eq!(title.text.as_deref(), Some(O365_FORBIDDEN_TITLE.text(Lang::Ja)));
}

const SUBJECT: &str = "a3c9f6e2-5d1b-4c8e-9f0a-7b2d4e6f8a10";
const ORG: &str = "1eb65fdf-9643-417f-9974-ad72cae0e10f";

fn o365(error: &str) -> serde_json::Value {
    serde_json::json!({ "severity": "error", "key": "c_cal@o365.error",
        "description": format!("Received error '{error}' from O365. Admin action is required.") })
}

fn status_body(state: &str, since: &str, error: Option<&str>) -> String {
    let messages: Vec<serde_json::Value> = error.map(o365).into_iter().collect();
    serde_json::json!({ "userStatuses": [{ "userId": SUBJECT, "orgId": ORG, "serviceId": "squared-fusion-cal",
        "entitled": true, "state": state, "lastStateChange": since, "messages": messages }] })
    .to_string()
}

fn journal_body(entries: &[(&str, &str, Option<&str>, &str)]) -> String {
    let entries: Vec<serde_json::Value> = entries
        .iter()
        .map(|(time, state, error, root)| {
            let messages: Vec<serde_json::Value> = error.map(o365).into_iter().collect();
            serde_json::json!({ "time": time, "entry": { "type": "SetUserStatus",
                "payload": { "orgId": ORG, "userId": SUBJECT, "serviceId": "squared-fusion-cal", "state": state,
                    "messages": messages },
                "context": { "userId": SUBJECT, "trackingRoot": root } } })
        })
        .collect();
    serde_json::json!({ "entries": entries }).to_string()
}

fn of_bodies(bodies: &[String], context: serde_json::Value) -> Banner {
    let inputs: Vec<serde_json::Value> = bodies
        .iter()
        .map(|b| serde_json::json!({"url": "", "body": b}))
        .collect();
    of_json(serde_json::json!({ "inputs": inputs, "context": context }))
}

#[test]
fn the_current_status_leads_and_what_it_superseded_is_listed_earlier_in_the_details() {
    let b = of_bodies(
        &[
            journal_body(&[
                (
                    "2026-11-27T00:24:00.000Z",
                    "error",
                    Some("Forbidden"),
                    "ATLAS_forbidden_1",
                ),
                (
                    "2026-11-27T01:24:00.000Z",
                    "error",
                    Some("Unauthorized"),
                    "ATLAS_unauthorized_2",
                ),
            ]),
            status_body("error", "2026-11-27T01:24:00.000Z", Some("Unauthorized")),
        ],
        serde_json::json!({"email": "WebexWorkspace1@ciscolive.us", "tenantDomains": NOTE_TENANT, "timeZone": "UTC"}),
    );
    let lead = sections(&b)[0];
    assert_eq!(lead.attr_value("data-finding"), Some("o365-unauthorized"));
    assert_eq!(
        b.state, "o365-unauthorized:mailbox-not-found",
        "what it superseded is not the state"
    );
    assert!(!collapsed_text(&b).contains("Forbidden"), "{}", collapsed_text(&b));
    let earlier = details_of(&b)
        .find("data-caldoctor", "earlier")
        .expect("an Earlier list");
    let items: Vec<&Node> = earlier.walk().into_iter().filter(|n| n.tag == "li").collect();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].attr_value("data-finding"), Some("o365-forbidden"));
    assert_eq!(items[0].class, "earlier");
    let text = items[0].all_text();
    assert!(
        text.contains("Forbidden") && text.contains("2026-11-27 00:24:00"),
        "{text}"
    );
    assert!(text.contains("ATLAS_forbidden_1"), "its tracking ID: {text}");
    // Not a finding of equal weight: no section of its own.
    assert!(
        !all_nodes(&b)
            .iter()
            .any(|n| n.tag == "section" && n.attr_value("data-finding") == Some("o365-forbidden"))
    );
}

#[test]
fn an_activated_subject_shows_a_small_recovered_note() {
    for lang in [Lang::En, Lang::Ja] {
        let b = of_bodies(
            &[
                journal_body(&[
                    ("2026-11-26T18:02:00.000Z", "error", Some("Unauthorized"), "ATLAS_1"),
                    ("2026-11-27T01:24:00.000Z", "activated", None, "ATLAS_2"),
                ]),
                status_body("activated", "2026-11-27T01:24:00.000Z", None),
            ],
            serde_json::json!({"timeZone": "UTC", "lang": lang.tag()}),
        );
        let lead = sections(&b)[0];
        assert_eq!(lead.class, "finding lead resolved");
        assert_eq!(lead.attr_value("data-severity"), Some("error"));
        assert_eq!(b.state, "", "nothing open");
        let shown = collapsed(&b);
        let title = shown.iter().find(|n| n.class == "title").unwrap();
        let expected = BANNER_RECOVERED_TITLE.fill(lang, &[("title", O365_UNAUTHORIZED_TITLE.text(lang))]);
        assert_eq!(title.text.as_deref(), Some(expected.as_str()));
        assert!(!shown.iter().any(|n| n.class == "sev-label"), "not an error");
        let next = shown.iter().find(|n| n.class == "next").unwrap();
        assert_eq!(
            next.all_text(),
            BANNER_RECOVERED_NOTE.fill(lang, &[("time", "2026-11-27 01:24:00 (UTC)")])
        );
        assert!(
            details_of(&b).all_text().contains("ATLAS_1"),
            "the history is in the details"
        );
    }
}

#[test]
fn no_step_sends_the_admin_to_find_an_address_the_banner_shows() {
    for lang in [Lang::En, Lang::Ja] {
        let b = of_json(status_payload(
            serde_json::json!({"email": "WebexWorkspace1@ciscolive.us", "lang": lang.tag()}),
        ));
        assert_eq!(b.state, "o365-unauthorized:undetermined");
        let text: String = b.body.iter().map(Node::all_text).collect();
        assert!(text.contains("WebexWorkspace1@ciscolive.us"));
        assert!(
            !text.contains(O365_UNAUTHORIZED_UNDETERMINED_STEP1.text(lang)),
            "{lang:?}: {text}"
        );
        assert!(text.contains(O365_UNAUTHORIZED_UNDETERMINED_STEP2.text(lang)));
        // Without the address, finding it is a step.
        let unknown = of_json(status_payload(serde_json::json!({"lang": lang.tag()})));
        let text: String = unknown.body.iter().map(Node::all_text).collect();
        assert!(text.contains(O365_UNAUTHORIZED_UNDETERMINED_STEP1.text(lang)));
    }
}

#[test]
fn the_missing_tenant_domains_are_asked_for_in_place() {
    let context = |org: Option<&str>| {
        let mut context = serde_json::json!({"email": "WebexWorkspace1@ciscolive.us"});
        if let Some(org) = org {
            context["org"] = org.into();
        }
        context
    };
    let b = of_json(status_payload(context(Some(ORG))));
    let shown = collapsed(&b);
    let ask = shown
        .iter()
        .find(|n| n.attr_value("data-caldoctor") == Some("ask-domains"))
        .expect("the domains asked for, collapsed");
    let input = ask.walk().into_iter().find(|n| n.tag == "input").unwrap();
    assert_eq!(input.attr_value("type"), Some("text"));
    assert_eq!(input.attr_value("data-org"), Some(ORG));
    assert_eq!(input.attr_value("id"), Some(DOMAINS_INPUT_ID));
    let label = ask.walk().into_iter().find(|n| n.tag == "label").unwrap();
    assert_eq!(label.attr_value("for"), Some(DOMAINS_INPUT_ID));
    let save = ask.walk().into_iter().find(|n| n.tag == "button").unwrap();
    assert_eq!(save.attr_value("data-action"), Some(actions::SAVE_DOMAINS));
    assert_eq!(save.text.as_deref(), Some("Diagnose"));
    assert!(!shown.iter().any(|n| n.class == "next"), "the ask is the next action");
    // Without a known organization (or with one that is not an id), the first step instead.
    for org in [None, Some("<b>"), Some("")] {
        let b = of_json(status_payload(context(org)));
        assert!(!all_nodes(&b).iter().any(|n| n.tag == "input"), "{org:?}");
        assert!(collapsed(&b).iter().any(|n| n.class == "next"));
    }
    // Once the domains are known, nothing is asked.
    let mut known = context(Some(ORG));
    known["tenantDomains"] = NOTE_TENANT.into();
    assert!(
        !all_nodes(&of_json(status_payload(known)))
            .iter()
            .any(|n| n.tag == "input")
    );
}

#[test]
fn no_finding_says_so() {
    let explained = explain(&["uss/status-activated.json"], None, "", Lang::En);
    let b = banner(&explained);
    assert!(sections(&b).is_empty());
    assert_eq!(b.summary, "No Hybrid Calendar problem found");
    assert!(b.body.is_empty(), "the status line is the whole banner");
    assert_eq!(b.state, "");
}

#[test]
fn speaks_japanese() {
    let explained = explain(&["uss/status-o365-unauthorized.json"], None, "", Lang::Ja);
    let b = banner(&explained);
    assert_eq!(b.lang, "ja");
    let headings: Vec<&str> = all_nodes(&b)
        .into_iter()
        .filter(|n| n.tag == "h3")
        .filter_map(|n| n.text.as_deref())
        .collect();
    assert_eq!(headings, ["発生したこと", "根本原因", "対処方法"]);
}

#[test]
fn errors_are_one_line() {
    let b = error(Lang::En, "Error: invalid type: integer `5`,\n expected a sequence");
    assert!(b.body.is_empty());
    assert_eq!(
        b.summary,
        "Hybrid Calendar Doctor could not read this data: invalid type: integer `5`, expected a sequence"
    );
    assert!(b.summary.contains("could not read"));
    assert_eq!(payload_missing(Lang::Ja).lang, "ja");
    let explained = explain(&["uss/status-activated.json"], None, "", Lang::En);
    let b = build_with(&explained, "", 2, preferences());
    assert!(
        all_nodes(&b)
            .iter()
            .any(|n| n.text.as_deref() == Some("2 responses could not be read."))
    );
}

#[test]
fn screen_share_masks_what_is_shown_and_says_so() {
    let explained = explain_with(
        &["uss/status-o365-unauthorized.json"],
        Some("WebexWorkspace1@ciscolive.com"),
        NOTE_TENANT,
        true,
    );
    let b = build_with(
        &explained,
        "",
        0,
        Preferences {
            mask: true,
            ..preferences()
        },
    );
    let marker = b.body.iter().find(|n| n.class == "masked").expect("a visible marker");
    assert!(marker.all_text().contains("screen sharing"));
    let text: String = b.body.iter().map(Node::all_text).collect();
    assert!(!text.contains("WebexWorkspace1@"), "{text}");
    assert!(
        text.contains("W***@ciscolive.com") && text.contains("ciscolive.us"),
        "the domains stay"
    );
    assert_eq!(b.subject, "user or workspace · W***@ciscolive.com");
}

fn of_json(payload: serde_json::Value) -> Banner {
    of_payload(&Payload::from_value(&payload).unwrap(), |_| -300)
}

fn status_payload(context: serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "inputs": [{ "url": "", "body": fixture("uss/status-o365-unauthorized.json"), "source": "status" }],
        "context": context,
    })
}

#[test]
fn a_payload_is_diagnosed_with_the_pages_context() {
    let cases = [
        (
            serde_json::json!({"email": "WebexWorkspace1@ciscolive.us", "tenantDomains": ["rtpcloudcollab.com", "ciscolive.us"]}),
            "mailbox-not-found",
        ),
        (
            serde_json::json!({"email": "WebexWorkspace1@ciscolive.com", "tenantDomains": "rtpcloudcollab.com (default)\nciscolive.us"}),
            "domain-not-in-tenant",
        ),
        (serde_json::json!({}), "undetermined"),
    ];
    for (context, diagnosis) in cases {
        let b = of_json(status_payload(context.clone()));
        assert_eq!(b.state, format!("o365-unauthorized:{diagnosis}"), "{context}");
        assert_eq!(sections(&b)[0].attr_value("data-diagnosis"), Some(diagnosis));
    }
}

#[test]
fn a_payload_with_several_tenants_names_the_holder_or_waits_for_the_unknown_one() {
    let first = "rtpcloudcollab.com (default)\nadminrtpcloudcollab.onmicrosoft.com";
    let cases = [
        (
            serde_json::json!({"email": "WebexWorkspace1@ciscolive.us", "tenants": [
                {"domains": first}, {"name": "Live", "domains": ["ciscolive.us"]}
            ]}),
            "mailbox-not-found",
            "tenant 1: rtpcloudcollab.com, adminrtpcloudcollab.onmicrosoft.com; Live: ciscolive.us",
        ),
        (
            serde_json::json!({"email": "WebexWorkspace1@ciscolive.com", "tenants": [
                {"domains": first}, {"name": "Live", "domains": "ciscolive.us"}
            ]}),
            "domain-not-in-tenant",
            "tenant 1: rtpcloudcollab.com, adminrtpcloudcollab.onmicrosoft.com; Live: ciscolive.us",
        ),
        (
            serde_json::json!({"email": "WebexWorkspace1@ciscolive.us", "tenants": [
                {"domains": first}, {"name": "Old", "unknown": true}
            ]}),
            "undetermined",
            "tenant 1: rtpcloudcollab.com, adminrtpcloudcollab.onmicrosoft.com; Old: “Unknown” in Control Hub",
        ),
    ];
    for (context, diagnosis, domains) in cases {
        let b = of_json(status_payload(context.clone()));
        assert_eq!(
            sections(&b)[0].attr_value("data-diagnosis"),
            Some(diagnosis),
            "{context}"
        );
        let line = all_nodes(&b)
            .into_iter()
            .find(|n| n.class == "domains")
            .expect("the domains line");
        assert_eq!(line.all_text(), format!("Tenant domains {domains}"), "{context}");
        assert!(
            report_of(&b).contains(&format!("Tenant domains**: {domains}\n")),
            "{context}"
        );
    }
}

#[test]
fn a_payload_speaks_its_language_in_its_zone() {
    let b = of_json(status_payload(
        serde_json::json!({"lang": "ja-JP", "timeZone": "+09:00"}),
    ));
    assert_eq!(b.lang, "ja");
    let dds: Vec<String> = sections(&b)[0]
        .walk()
        .into_iter()
        .filter(|n| n.tag == "dd")
        .map(|n| n.all_text())
        .collect();
    assert_eq!(dds[..2], ["2026-11-27 10:24:00 (UTC+09:00)", "2026-11-27 01:24:00 UTC"]);
    let local = of_json(status_payload(serde_json::json!({"timeZone": "local"})));
    let text: String = local.body.iter().map(Node::all_text).collect();
    assert!(
        text.contains("2026-11-26 20:24:00 (UTC-05:00)"),
        "the browser's zone: {text}"
    );
}

#[test]
fn a_payload_is_shown_in_full_and_copied_as_its_preferences_say() {
    let email = "WebexWorkspace1@ciscolive.com";
    let b = of_json(status_payload(
        serde_json::json!({"email": email, "tenantDomains": ["ciscolive.us"]}),
    ));
    assert!(sections(&b)[0].all_text().contains(email));
    let report = report_of(&b);
    assert!(
        report.starts_with("# ") && report.contains("W***@ciscolive.com"),
        "{report}"
    );
    assert!(!report.contains("WebexWorkspace1@"));

    let full = of_json(status_payload(
        serde_json::json!({"email": email, "redact": false, "format": "text"}),
    ));
    assert!(report_of(&full).contains(email) && !report_of(&full).starts_with("# "));

    let masked = of_json(status_payload(serde_json::json!({"email": email, "screenShare": true})));
    assert!(masked.body.iter().any(|n| n.class == "masked"));
    assert!(
        !masked
            .body
            .iter()
            .map(Node::all_text)
            .any(|t| t.contains("WebexWorkspace1@"))
    );
}

#[test]
fn a_payload_nothing_can_be_read_from_is_one_line() {
    let b = of_json(serde_json::json!({"inputs": [{"url": "", "body": "{not json"}], "context": {"lang": "ja"}}));
    assert_eq!(b.lang, "ja");
    assert!(b.body.is_empty());
    assert!(!b.summary.contains('\n'));
    assert!(b.summary.contains("not valid JSON"), "{}", b.summary);
    // One readable input of two: the banner, and a line saying the other could not be read.
    let mut payload = status_payload(serde_json::json!({}));
    payload["inputs"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"body": "{not json"}));
    let b = of_json(payload);
    assert!(
        all_nodes(&b)
            .iter()
            .any(|n| n.text.as_deref() == Some("1 responses could not be read."))
    );
}
