//! The doctor on real Control Hub data: a subject in error is never all clear, histories name
//! their subject from the URL, severities are the server's, texts have no empty placeholders,
//! evidence (tracking IDs, the server's words) is kept whole.

mod common;

use caldoctor::decode::observation::{Severity, SubjectKind};
use caldoctor::diagnose::finding::{Finding, Subject};
use caldoctor::diagnose::kinds::all_kinds;
use caldoctor::explain::catalog::Lang;
use caldoctor::explain::redact::Redactor;
use caldoctor::explain::report::{self, Format};
use caldoctor::explain::{Explained, Presentation, RenderedFinding, Zone, render_finding};
use caldoctor::view::banner;
use caldoctor::view::preferences::{Choices, Presented};
use caldoctor::{Analysis, Context};
use common::{codes, context, explain_files, fixture};

const PLACE: &str = "a3c9f6e2-5d1b-4c8e-9f0a-7b2d4e6f8a10";
const ORG: &str = "1eb65fdf-9643-417f-9974-ad72cae0e10f";

fn presentation(redact: bool) -> Presentation {
    Presentation {
        lang: Lang::En,
        zone: Zone::utc(),
        redactor: Redactor::new(redact),
    }
}

/// Inputs as (request URL, fixture) pairs, explained in English.
fn explain_at(inputs: &[(&str, &str)], redact: bool) -> (Analysis, Explained) {
    let mut analysis = Analysis::new();
    for (url, file) in inputs {
        analysis
            .add(url, &fixture(file), file)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
    }
    let explained = analysis.explain(&Context::default(), &presentation(redact));
    (analysis, explained)
}

fn text_report(analysis: &Analysis, explained: &Explained, format: Format) -> String {
    report::render(explained, &analysis.inputs, format, false)
}

fn finding<'a>(explained: &'a Explained, code: &str) -> &'a RenderedFinding {
    explained
        .findings
        .iter()
        .find(|f| f.code == code)
        .unwrap_or_else(|| panic!("no {code} in {:?}", codes(explained)))
}

#[test]
fn a_status_in_error_without_a_message_is_a_finding_never_all_clear() {
    let (analysis, explained) = explain_at(&[("", "uss/status-error-without-message.json")], false);
    // No message, only an info message, no time at all: each subject in error has its finding.
    let errors: Vec<&RenderedFinding> = explained
        .findings
        .iter()
        .filter(|f| f.code == "status-error-without-message")
        .collect();
    assert_eq!(errors.len(), 3, "{:?}", codes(&explained));
    assert!(
        errors
            .iter()
            .all(|f| f.severity == Severity::Error && f.resolved.is_none())
    );
    for words in ["60 minutes", "24 hours", "40 minutes"] {
        assert!(errors[0].explanation.contains(words), "{}", errors[0].explanation);
    }
    assert!(errors[0].steps.iter().any(|s| s.contains("See history")));
    for format in [Format::Text, Format::Markdown] {
        let report = text_report(&analysis, &explained, format);
        assert!(!report.contains("No Hybrid Calendar problem"), "{report}");
        assert!(!report.contains("No error in this history"), "{report}");
    }
}

/// The classic "See history" URL of a subject.
fn journal_url(subject: &str) -> String {
    format!("https://uss-a.wbx2.com/uss/api/v1/orgs/{ORG}/userJournal/{subject}?limit=100&serviceId=squared-fusion-cal")
}

#[test]
fn a_history_without_errors_beside_a_status_in_error_says_in_error_now() {
    // The history holds no error; the status, undated, is the present and is in error.
    let url = journal_url("0b5c2d74-6e8f-4293-b14d-5a7f9ebc3d46");
    let (analysis, explained) = explain_at(
        &[
            (&url, "uss/journal-entitled-only.json"),
            ("", "uss/status-error-without-message.json"),
        ],
        false,
    );
    let timeline = &explained.timelines[0];
    assert_eq!(explained.timelines.len(), 1, "lone status snapshots are no history");
    assert_eq!(timeline.events.len(), 3);
    assert_eq!(timeline.current_state_label.as_deref(), Some("Error"));
    assert!(timeline.summary.starts_with("In error now"), "{}", timeline.summary);
    let report = text_report(&analysis, &explained, Format::Text);
    assert!(!report.contains("No error in this history"), "{report}");
    assert!(report.contains("Current state: Error"), "{report}");
}

#[test]
fn an_unknown_state_is_shown_as_such_not_as_fine() {
    let (analysis, explained) = explain_at(&[("", "uss/status-unknown-state.json")], false);
    let unknown = finding(&explained, "status-unknown-state");
    assert_eq!(unknown.severity, Severity::Warning);
    assert!(unknown.title.contains("“Unknown” (active)"), "{}", unknown.title);
    assert!(!text_report(&analysis, &explained, Format::Text).contains("No Hybrid Calendar problem"));
    let url = journal_url("9e4a1c63-5d7f-4182-a03c-4f6e8dab2c35");
    let inputs = [
        (url.as_str(), "uss/journal-entitled-only.json"),
        ("", "uss/status-unknown-state.json"),
    ];
    let (analysis, explained) = explain_at(&inputs, false);
    assert_eq!(
        explained.timelines[0].current_state_label.as_deref(),
        Some("Unknown (active)")
    );
    let report = text_report(&analysis, &explained, Format::Text);
    assert!(report.contains("UserStatus → Unknown (active)"), "{report}");
    let mut japanese = Analysis::new();
    for (url, file) in inputs {
        japanese.add(url, &fixture(file), file).unwrap();
    }
    let ja = japanese.explain(
        &Context::default(),
        &Presentation {
            lang: Lang::Ja,
            ..presentation(false)
        },
    );
    assert_eq!(ja.timelines[0].current_state_label.as_deref(), Some("不明 (active)"));
}

#[test]
fn a_journal_names_its_subject_from_the_url_in_both_forms() {
    let urls = [
        format!(
            "https://uss-a.wbx2.com/uss/api/v1/orgs/{ORG}/userJournal/{PLACE}?limit=100&serviceId=squared-fusion-cal"
        ),
        format!(
            "https://uss-a.wbx2.com/uss/api/v1/orgs/{ORG}/users/{PLACE}/userJournal?limit=100&service=squared-fusion-cal"
        ),
    ];
    for url in &urls {
        let (_, explained) = explain_at(&[(url, "uss/journal-without-user-id.json")], false);
        let error = finding(&explained, "status-error-without-message");
        assert_eq!(error.subject.id.as_deref(), Some(PLACE), "{url}");
        assert_eq!(error.subject.org_id.as_deref(), Some(ORG), "{url}");
        assert_eq!(error.subject.kind, SubjectKind::Workspace, "userType MACHINE");
        assert_eq!(
            error.tracking_root.as_deref(),
            Some("ATLAS_6b1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f_3")
        );
        assert!(error.resolved.is_none(), "not recovered: an open finding");
        assert_eq!(explained.timelines.len(), 1);
        assert_eq!(explained.timelines[0].subject_id, PLACE);
    }
}

#[test]
fn a_journal_error_is_history_once_a_newer_status_is_activated() {
    let url = format!("https://uss-a.wbx2.com/uss/api/v1/orgs/{ORG}/userJournal/{PLACE}");
    let (_, explained) = explain_at(
        &[
            (&url, "uss/journal-without-user-id.json"),
            ("", "uss/status-activated-after-journal-error.json"),
        ],
        false,
    );
    let error = finding(&explained, "status-error-without-message");
    assert_eq!(
        error.resolved.as_ref().map(|m| m.iso.as_str()),
        Some("2026-11-27T01:24:00.000Z")
    );
    let timeline = &explained.timelines[0];
    assert_eq!(timeline.current_state.as_deref(), Some("activated"));
    assert!(timeline.summary.starts_with("Recovered"), "{}", timeline.summary);
}

#[test]
fn activation_2_status_details_json_is_read_and_garbage_does_not_hide_the_error() {
    let url =
        format!("https://uss-a.wbx2.com/uss/api/v1/orgs/{ORG}/users/{PLACE}/userJournal?service=squared-fusion-cal");
    let (_, explained) = explain_at(&[(&url, "uss/journal-status-details-json.json")], false);
    let forbidden = finding(&explained, "o365-forbidden");
    assert_eq!(forbidden.message_key.as_deref(), Some("c_cal@o365Error"));
    assert_eq!(forbidden.subject.id.as_deref(), Some(PLACE));
    assert_eq!(
        finding(&explained, "mailbox-database-unavailable").severity,
        Severity::Warning
    );
    // The entry whose statusDetailsJson is cut off is still an entry in error.
    let garbled = finding(&explained, "status-error-without-message");
    assert_eq!(garbled.observed_at.as_deref(), Some("2026-11-26T09:20:00.000Z"));
}

#[test]
fn unrecognized_messages_keep_the_servers_severity_in_every_output() {
    let (analysis, explained) = explain_at(&[("", "uss/status-unrecognized-severities.json")], false);
    let severities: Vec<(Option<&str>, Severity)> = explained
        .findings
        .iter()
        .map(|f| (f.message_key.as_deref(), f.severity))
        .collect();
    assert_eq!(
        severities,
        [
            (Some("c_cal@brandNewError"), Severity::Error),
            (Some("c_cal@brandNewWarning"), Severity::Warning)
        ],
        "the info message is no finding"
    );
    assert!(explained.findings.iter().all(|f| f.code == "unrecognized-message"));
    let json = serde_json::to_value(&explained.findings).unwrap();
    assert_eq!(
        (json[0]["severity"].as_str(), json[1]["severity"].as_str()),
        (Some("error"), Some("warning"))
    );
    let report = text_report(&analysis, &explained, Format::Text);
    assert!(
        report.contains("1. [error] ") && report.contains("2. [warning] "),
        "{report}"
    );
    let presented = Presented {
        shown: explained.clone(),
        report: report.clone(),
    };
    let shown = banner::build(&presented, &Choices::default().preferences(), 0, None);
    let banner_severities: Vec<Option<&str>> = shown
        .body
        .iter()
        .flat_map(|n| n.walk())
        .filter(|n| n.tag == "section")
        .map(|n| n.attr_value("data-severity"))
        .collect();
    assert_eq!(banner_severities, [Some("error"), Some("warning")]);
}

#[test]
fn a_connector_status_warn_is_a_warning_and_says_no_empty_code() {
    let connector =
        |file: &str, code: &str| finding(&explain_files(&[file], &context(None, ""), Lang::En), code).clone();
    // A status warn, with and without its code: a warning, and no empty "(error code )".
    for (file, words) in [
        ("ccc/service-error.json", "status warn, error code 6 (GENERAL_ERROR)"),
        (
            "ccc/service-warn-without-code.json",
            "status warn, error code not given",
        ),
    ] {
        let warned = connector(file, "ccc-service-error");
        assert_eq!(warned.severity, Severity::Warning, "{file}");
        assert!(warned.explanation.contains(words), "{file}: {}", warned.explanation);
    }
    let bare = connector("ccc/service-warn-without-code.json", "ccc-service-error");
    assert_eq!(bare.raw_message.as_deref(), Some("status warn"));
    assert_eq!(
        connector("ccc/bad-admin-consent.json", "ccc-bad-admin-consent").severity,
        Severity::Error
    );
}

/// What an empty value leaves behind in a text.
fn empty_placeholder_marks(text: &str) -> Vec<&'static str> {
    [
        "()", "（）", "''", "\"\"", "“”", "「」", "  ", "code .", "code )", " .", " ,", "( ", " )", "{", "}",
    ]
    .into_iter()
    .filter(|mark| text.contains(mark))
    .collect()
}

#[test]
fn no_kind_leaves_an_empty_placeholder_when_values_are_missing() {
    let subjects = [None, Some("room@c.example")];
    let contexts = [
        context(None, ""),
        context(None, "c.example"),
        context(None, "d.example"),
    ];
    for kind in all_kinds() {
        for email in subjects {
            for context in &contexts {
                let subject = Subject {
                    kind: SubjectKind::Unknown,
                    id: None,
                    org_id: None,
                    email: email.map(str::to_string),
                    display_name: None,
                };
                let finding = Finding {
                    diagnosed: kind.diagnose.map(|diagnose| diagnose(&subject, context)),
                    ..Finding::new(kind, subject)
                };
                for lang in [Lang::En, Lang::Ja] {
                    let rendered = render_finding(
                        &finding,
                        &Presentation {
                            lang,
                            ..presentation(false)
                        },
                    );
                    let texts = [&rendered.title, &rendered.explanation]
                        .into_iter()
                        .chain(&rendered.steps)
                        .chain(rendered.checks.iter().flat_map(|c| [&c.title, &c.detail]));
                    for text in texts {
                        let marks = empty_placeholder_marks(text);
                        assert!(
                            marks.is_empty(),
                            "{} ({lang:?}, {email:?}): {marks:?} in {text}",
                            kind.code
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn tracking_ids_stay_whole_in_every_output_redacted_or_not() {
    let root = "ATLAS_3f0c8d2e-77aa-4b1c-9e55-0d1f2a3b4c5d_12";
    for redact in [true, false] {
        let (analysis, explained) = explain_at(&[("", "uss/journal-failing.json")], redact);
        assert_eq!(explained.findings[0].tracking_root.as_deref(), Some(root));
        let events = &explained.timelines[0].events;
        assert!(events.iter().any(|e| e.tracking_root.as_deref() == Some(root)));
        for format in [Format::Text, Format::Markdown] {
            let report = report::render(&explained, &analysis.inputs, format, redact);
            assert!(report.contains(root), "{report}");
            if redact {
                assert!(!report.contains(PLACE), "the subject's id stays shortened");
            }
        }
        let (_, failed) = explain_at(&[("", "har/request-failed.har")], redact);
        let mut tracking: Vec<Option<&str>> = failed.findings.iter().map(|f| f.tracking_root.as_deref()).collect();
        tracking.sort();
        assert_eq!(
            tracking,
            [
                Some("USS_0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d_0"),
                Some("USS_4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8_0")
            ],
            "the body's trackingId, else the TrackingID header"
        );
    }
}

#[test]
fn server_words_are_verbatim_whitespace_included() {
    let words = "The  widget   failed:\n  step 2 of 3 ";
    let (analysis, explained) = explain_at(&[("", "uss/status-unrecognized-severities.json")], true);
    assert_eq!(explained.findings[0].raw_message.as_deref(), Some(words));

    let text = text_report(&analysis, &explained, Format::Text);
    assert!(text.contains(&format!("Server message:\n{words}\n")), "{text}");
    let markdown = text_report(&analysis, &explained, Format::Markdown);
    assert!(
        markdown.contains("  ```\n  The  widget   failed:\n    step 2 of 3 \n  ```"),
        "{markdown}"
    );
    let inline = explain_files(
        &["uss/status-unrecognized-severities.json"],
        &context(None, ""),
        Lang::En,
    );
    assert_eq!(inline.findings[1].raw_message.as_deref(), Some("The widget is slow."));
}

#[test]
fn a_failed_status_or_journal_request_says_its_data_is_missing() {
    let (analysis, explained) = explain_at(&[("", "har/request-failed.har")], false);
    assert_eq!(codes(&explained), ["har-request-failed", "har-request-failed"]);
    let titled = |status: &str| {
        explained
            .findings
            .iter()
            .find(|f| f.title.contains(status))
            .unwrap_or_else(|| panic!("no finding for {status}"))
    };
    let (statuses, journal) = (titled("HTTP 500"), titled("HTTP 503"));
    assert_eq!(statuses.raw_message.as_deref(), Some("Internal Server Error"));
    assert_eq!(statuses.subject.id.as_deref(), Some(PLACE));
    assert_eq!(statuses.observed_at.as_deref(), Some("2026-11-27T01:30:00.000Z"));
    assert_eq!(journal.raw_message, None, "no body");
    assert_eq!(
        journal.subject.id.as_deref(),
        Some("5f1e2d3c-4b5a-4968-8776-655443322110")
    );
    assert!(explained.findings.iter().all(|f| f.severity == Severity::Warning));
    assert!(!text_report(&analysis, &explained, Format::Text).contains("No Hybrid Calendar problem"));
}

#[test]
fn a_response_that_could_not_be_read_is_no_all_clear() {
    let har = r#"{"log":{"version":"1.2","entries":[{"startedDateTime":"2026-11-27T01:30:00.000Z",
        "request":{"method":"GET","url":"https://uss-a.wbx2.com/uss/api/v1/orgs/o/userStatuses?userId=u"},
        "response":{"status":200,"content":{"mimeType":"application/json","text":"{\"userStatuses\": [{\"state\": \"err"}}}]}}"#;
    let mut analysis = Analysis::new();
    analysis.add("", har, "cut.har").unwrap();
    let explained = analysis.explain(&Context::default(), &presentation(false));
    assert!(explained.findings.is_empty());
    let report = text_report(&analysis, &explained, Format::Markdown);
    assert!(
        !report.contains("No Hybrid Calendar problem was found in these inputs"),
        "{report}"
    );
    assert!(report.contains("could not be read (1, listed below)"), "{report}");
    assert!(
        report.contains("## Responses that could not be read\n\n- cut.har #0 https://uss-a"),
        "{report}"
    );
}

/// An alarm list names its org in the URL as `/organizations/{org}` (Hercules), not `/orgs/{org}`:
/// the endpoint table's `{org}` tells it, so the alarm's finding is about that org.
#[test]
fn an_alarm_is_about_the_org_its_url_names() {
    const ORG: &str = "1eb65fdf-9643-417f-9974-ad72cae0e10f";
    let url = format!(
        "https://hercules-a.wbx2.com/hercules/api/v2/organizations/{ORG}/alarms?serviceId=squared-fusion-cal&sourceType=cloud"
    );
    let mut analysis = caldoctor::Analysis::new();
    analysis
        .add(&url, &common::fixture("hercules/alarms-org-alarm.json"), "alarms.json")
        .expect("an alarm list");
    let outcome = analysis.diagnose(&caldoctor::Context::default());
    let alarm = outcome
        .findings
        .iter()
        .find(|f| f.kind.code == "org-alarm")
        .expect("the alarm's finding");
    assert_eq!(alarm.subject.org_id.as_deref(), Some(ORG));
}
