//! Every finding kind, from its fixture: the right code, a title, an explanation and steps
//! in both languages, and the raw server message kept.

mod common;

use caldoctor::diagnose::kinds::all_kinds;
use caldoctor::explain::catalog::Lang;
use common::{codes, context, explain_files};

/// (fixture, the finding code it must give)
const FIXTURES: &[(&str, &str)] = &[
    ("uss/status-o365-unauthorized.json", "o365-unauthorized"),
    ("uss/status-old-shape.json", "o365-unauthorized"),
    ("uss/status-o365-forbidden.json", "o365-forbidden"),
    ("uss/status-o365-not-found.json", "o365-not-found"),
    ("uss/status-o365-throttled.json", "o365-throttled"),
    ("uss/status-o365-other.json", "o365-error"),
    ("uss/status-exchange-mailbox-missing.json", "exchange-mailbox-missing"),
    ("uss/status-user-mailbox-not-found.json", "user-mailbox-not-found"),
    ("uss/status-no-primary-email.json", "no-primary-email"),
    ("uss/status-impersonation-denied.json", "impersonation-denied"),
    ("uss/status-subscription-limit.json", "subscription-limit"),
    (
        "uss/status-streaming-subscription-failed.json",
        "streaming-subscription-failed",
    ),
    (
        "uss/status-mailbox-database-unavailable.json",
        "mailbox-database-unavailable",
    ),
    (
        "uss/status-das-no-operational-connector.json",
        "das-no-operational-connector",
    ),
    ("uss/status-das-unable-assign-user.json", "das-unable-assign-user"),
    (
        "uss/status-das-cluster-resource-group-mismatch.json",
        "das-cluster-resource-group-mismatch",
    ),
    ("uss/status-das-cluster-upgrading.json", "das-cluster-upgrading"),
    (
        "uss/status-das-cluster-capacity-reached.json",
        "das-cluster-capacity-reached",
    ),
    (
        "uss/status-das-cluster-not-in-resource-group.json",
        "das-cluster-not-in-resource-group",
    ),
    ("uss/status-unrecognized.json", "unrecognized-message"),
    ("uss/journal-activation2.json", "o365-forbidden"),
    ("ccc/bad-admin-consent.json", "ccc-bad-admin-consent"),
    ("ccc/required-scope-missing.json", "ccc-required-scope-missing"),
    ("ccc/test-account-missing.json", "ccc-test-account-missing"),
    ("ccc/access-failure.json", "ccc-access-failure"),
    ("ccc/provisioning-failure.json", "ccc-provisioning-failure"),
    ("ccc/service-error.json", "ccc-service-error"),
    ("har/base64-ccc-consent.har", "ccc-bad-admin-consent"),
    ("graph/mailbox-not-found.json", "graph-mailbox-not-found"),
    ("graph/invalid-place.json", "graph-mailbox-not-found"),
    ("graph/invalid-token.json", "graph-invalid-token"),
    ("graph/access-denied.json", "graph-access-denied"),
    ("graph/throttled.json", "graph-throttled"),
    ("graph/error.json", "graph-error"),
    ("har/without-bodies.har", "har-without-bodies"),
];

#[test]
fn each_fixture_gives_its_finding_in_both_languages() {
    for (file, code) in FIXTURES {
        for lang in [Lang::En, Lang::Ja] {
            let explained = explain_files(&[file], &context(None, ""), lang);
            let finding = explained
                .findings
                .iter()
                .find(|f| f.code == *code)
                .unwrap_or_else(|| panic!("{file}: expected {code}, got {:?}", codes(&explained)));
            assert!(!finding.title.is_empty() && !finding.explanation.is_empty(), "{file}");
            assert!(!finding.steps.is_empty(), "{file}: no steps");
            assert!(
                !finding.title.contains('{')
                    && !finding.explanation.contains('{')
                    && finding.steps.iter().all(|s| !s.contains('{')),
                "{file}: unfilled placeholder in {finding:?}"
            );
            if lang == Lang::Ja {
                assert!(
                    finding.title.chars().any(|c| c > '\u{3000}'),
                    "{file}: title not Japanese: {}",
                    finding.title
                );
            }
        }
    }
}

#[test]
fn every_kind_has_a_fixture() {
    for kind in all_kinds() {
        assert!(
            FIXTURES.iter().any(|(_, code)| *code == kind.code),
            "no fixture for {}",
            kind.code
        );
    }
}

#[test]
fn server_text_is_kept_verbatim_with_replacement_values() {
    let explained = explain_files(&["uss/status-unrecognized.json"], &context(None, ""), Lang::En);
    let finding = &explained.findings[0];
    assert_eq!(
        finding.raw_message.as_deref(),
        Some("Something new went wrong with the widget.")
    );
    assert_eq!(finding.message_key.as_deref(), Some("c_cal@brandNewKey"));
}

#[test]
fn healthy_inputs_give_no_findings() {
    for file in [
        "uss/status-activated.json",
        "ccc/ok.json",
        "place/csdm-place.json",
        "place/workspace-api.json",
        "har/noise-only.har",
    ] {
        let explained = explain_files(&[file], &context(None, ""), Lang::En);
        assert!(explained.findings.is_empty(), "{file}: {:?}", codes(&explained));
    }
}

#[test]
fn o365_unauthorized_is_diagnosed_by_domain() {
    use common::NOTE_TENANT;
    let cases = [
        (Some("WebexWorkspace1@ciscolive.us"), NOTE_TENANT, "mailbox-not-found"),
        (
            Some("WebexWorkspace1@ciscolive.com"),
            NOTE_TENANT,
            "domain-not-in-tenant",
        ),
        (Some("room@eu.ciscolive.us"), NOTE_TENANT, "domain-not-in-tenant"),
        (Some("WebexWorkspace1@CISCOLIVE.US."), NOTE_TENANT, "mailbox-not-found"),
        (None, NOTE_TENANT, "undetermined"),
        (Some("WebexWorkspace1@ciscolive.us"), "", "undetermined"),
    ];
    for (email, tenant, diagnosis) in cases {
        let explained = explain_files(
            &["uss/status-o365-unauthorized.json"],
            &context(email, tenant),
            Lang::En,
        );
        let finding = &explained.findings[0];
        assert_eq!(finding.diagnosis, Some(diagnosis), "{email:?} {tenant}");
    }
}

#[test]
fn domain_mismatch_names_the_domain_and_the_tenant_domains() {
    let explained = explain_files(
        &["uss/status-o365-unauthorized.json"],
        &context(Some("WebexWorkspace1@ciscolive.com"), common::NOTE_TENANT),
        Lang::En,
    );
    let finding = &explained.findings[0];
    assert!(finding.explanation.contains("ciscolive.com"), "{}", finding.explanation);
    assert!(
        finding
            .explanation
            .contains("rtpcloudcollab.com, adminrtpcloudcollab.onmicrosoft.com, ciscolive.us")
    );
    let graph = finding.checks.iter().find_map(|c| c.request.clone()).unwrap();
    assert_eq!(
        graph,
        "GET https://graph.microsoft.com/v1.0/places/WebexWorkspace1@ciscolive.com"
    );
}

#[test]
fn a_place_in_one_file_names_the_mailbox_of_a_status_in_another() {
    let explained = explain_files(
        &["place/csdm-place.json", "uss/status-o365-unauthorized.json"],
        &context(None, common::NOTE_TENANT),
        Lang::En,
    );
    let finding = &explained.findings[0];
    assert_eq!(finding.subject.email.as_deref(), Some("WebexWorkspace1@ciscolive.us"));
    assert_eq!(finding.subject.display_name.as_deref(), Some("Webex Workspace 1"));
    assert_eq!(finding.diagnosis, Some("mailbox-not-found"));
    // The public Workspaces API id is base64 of the place URI; it must match the same place.
    let via_api = explain_files(
        &["place/workspace-api.json", "uss/status-o365-unauthorized.json"],
        &context(None, ""),
        Lang::En,
    );
    assert_eq!(
        via_api.findings[0].subject.email.as_deref(),
        Some("WebexWorkspace1@ciscolive.us")
    );
}

#[test]
fn times_are_shown_in_utc_and_the_chosen_zone() {
    let explained = explain_files(&["uss/status-o365-unauthorized.json"], &context(None, ""), Lang::En);
    let finding = &explained.findings[0];
    assert_eq!(finding.observed_at.as_deref(), Some("2026-11-27T01:24:00.000Z"));
    let observed = finding.observed.as_ref().unwrap();
    assert_eq!(observed.utc, "2026-11-27 01:24:00 UTC");
    assert_eq!(observed.local, "2026-11-27 10:24:00 (UTC+09:00)");
    assert!(explained.time_note.contains("UTC"));
}

#[test]
fn every_link_is_on_the_allowlist() {
    for (file, _) in FIXTURES {
        let explained = explain_files(&[file], &context(Some("a@b.example"), "b.example"), Lang::Ja);
        for check in explained.findings.iter().flat_map(|f| &f.checks) {
            if let Some(link) = &check.link {
                assert!(caldoctor::explain::links::is_allowed(&link.url), "{}", link.url);
            }
        }
    }
}

#[test]
fn the_readme_catalogue_lists_every_kind() {
    let readme = std::fs::read_to_string(format!("{}/README.md", env!("CARGO_MANIFEST_DIR"))).unwrap();
    for kind in all_kinds() {
        assert!(
            readme.contains(&format!("| `{}` |", kind.code)),
            "README lacks {}",
            kind.code
        );
    }
}
