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
    build(&presented, &preferences, input_errors)
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
fn open_findings_come_first_and_resolved_ones_collapse() {
    let mut explained = explain(
        &["uss/journal-recovery.json", "uss/status-o365-forbidden.json"],
        None,
        "",
        Lang::En,
    );
    assert!(explained.findings.iter().any(|f| f.resolved.is_some()));
    assert!(explained.findings.iter().any(|f| f.resolved.is_none()));
    // Whatever order the findings arrive in, open ones are shown first.
    explained.findings.sort_by_key(|f| f.resolved.is_none());
    let b = banner(&explained);
    let shown = sections(&b);
    let first_resolved = shown.iter().position(|s| s.class == "finding resolved").unwrap();
    assert!(shown[..first_resolved].iter().all(|s| s.class == "finding"));
    assert!(shown[first_resolved..].iter().all(|s| s.class == "finding resolved"));
    let resolved = shown[first_resolved];
    let details = &resolved.children[0];
    assert_eq!(details.tag, "details");
    assert!(!details.attrs.contains(&Attr::Open), "collapsed");
    assert!(details.children[0].all_text().contains("Recovered at"));
    // The summary line is about the open problem; the state names open problems only.
    assert!(b.summary.contains("Forbidden"), "{}", b.summary);
    assert_eq!(b.state, "o365-forbidden");
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
        b.body
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
    of_payload(&serde_json::from_value(payload).unwrap(), |_| -300)
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
        b.body
            .iter()
            .any(|n| n.text.as_deref() == Some("1 responses could not be read."))
    );
}
