//! Every finding kind, from its fixture: the right code, a title, an explanation and steps
//! in both languages, and the raw server message kept. The conventions a new kind must keep
//! (`tools/new-finding.sh` sets each up): a fixture named for it, its texts in both locales,
//! its row in the README's catalogue.

mod common;

use caldoctor::decode::observation::Severity;
use caldoctor::diagnose::finding::FindingKind;
use caldoctor::diagnose::kinds::all_kinds;
use caldoctor::explain::catalog::{Lang, Msg};
use common::{codes, context, explain_files};

/// The folders of fixtures that report problems, one per source.
const SOURCES: [&str; 5] = ["uss", "ccc", "graph", "hercules", "har"];

/// Fixtures that give a kind without being named for it: other shapes and encodings.
const ALSO: &[(&str, &str)] = &[
    ("uss/status-old-shape.json", "o365-unauthorized"),
    ("uss/journal-activation2.json", "o365-forbidden"),
    ("har/base64-ccc-consent.har", "ccc-bad-admin-consent"),
    ("graph/invalid-place.json", "graph-mailbox-not-found"),
    ("uss/summary-old-shape.json", "org-subjects-in-error"),
    ("uss/status-list-bare.json", "exchange-mailbox-missing"),
    ("uss/journal-bare.json", "o365-forbidden"),
];

/// The code a fixture is named for: `<source>/<name>.<ext>` is named for the kind whose code
/// `<source>-<name>` ends with, as `uss/status-no-primary-email.json`,
/// `ccc/bad-admin-consent.json` and `har/without-bodies.har` are.
fn named_for(source: &str, file_name: &str) -> Option<&'static str> {
    let stem = file_name.split('.').next()?;
    let name = format!("{source}-{stem}");
    all_kinds()
        .into_iter()
        .map(|kind| kind.code)
        .filter(|code| name == *code || name.ends_with(&format!("-{code}")))
        .max_by_key(|code| code.len())
}

/// (fixture, the finding code it must give): every fixture named for a kind, and [`ALSO`].
fn fixtures() -> Vec<(String, &'static str)> {
    let mut fixtures = Vec::new();
    for source in SOURCES {
        let dir = format!("{}/tests/fixtures/{source}", env!("CARGO_MANIFEST_DIR"));
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for name in names {
            if let Some(code) = named_for(source, &name) {
                fixtures.push((format!("{source}/{name}"), code));
            }
        }
    }
    fixtures.extend(ALSO.iter().map(|(file, code)| (file.to_string(), *code)));
    fixtures
}

#[test]
fn each_fixture_gives_its_finding_in_both_languages() {
    for (file, code) in fixtures() {
        assert!(
            !common::fixture(&file).contains("TODO"),
            "{file}: holds a TODO, not the server's words"
        );
        for lang in [Lang::En, Lang::Ja] {
            let explained = explain_files(&[&file], &context(None, ""), lang);
            let finding = explained
                .findings
                .iter()
                .find(|f| f.code == code)
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
fn every_kind_has_a_fixture_named_for_it() {
    let fixtures = fixtures();
    for kind in all_kinds() {
        assert!(
            fixtures.iter().any(|(_, code)| *code == kind.code),
            "no fixture for {0}: add one named for it, such as tests/fixtures/uss/status-{0}.json \
             (tools/new-finding.sh makes a stub)",
            kind.code
        );
    }
    for (file, code) in ALSO {
        assert!(
            all_kinds().iter().any(|kind| kind.code == *code),
            "{file}: no kind {code}"
        );
    }
}

/// A kind's own texts: title, explanation, steps.
fn texts(kind: &FindingKind) -> impl Iterator<Item = Msg> + '_ {
    [kind.title, kind.explanation]
        .into_iter()
        .chain(kind.steps.iter().copied())
}

#[test]
fn every_kind_is_written_in_both_languages() {
    for kind in all_kinds() {
        for msg in texts(kind) {
            let (en, ja) = (msg.text(Lang::En), msg.text(Lang::Ja));
            for (lang, text) in [("en", en), ("ja", ja)] {
                assert!(
                    !text.trim().is_empty() && !text.contains("TODO"),
                    "{}: `{}` in {lang} is not written yet: {text}",
                    kind.code,
                    msg.key()
                );
            }
            assert_ne!(en, ja, "{}: `{}` is not translated", kind.code, msg.key());
        }
    }
}

#[test]
fn server_text_is_kept_verbatim_with_replacement_values() {
    let explained = explain_files(&["uss/status-unrecognized-message.json"], &context(None, ""), Lang::En);
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
        "place/csdm-place-map.json",
        "place/csdm-places-unlinked.json",
        "uss/summary-healthy.json",
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
fn o365_unauthorized_with_several_tenants_is_written_in_both_languages() {
    let first = "rtpcloudcollab.com (default), adminrtpcloudcollab.onmicrosoft.com";
    let cases = [
        (
            "WebexWorkspace1@ciscolive.us",
            [first, "ciscolive.us"],
            "mailbox-not-found",
        ),
        (
            "WebexWorkspace1@ciscolive.com",
            [first, "ciscolive.us"],
            "domain-not-in-tenant",
        ),
        ("WebexWorkspace1@ciscolive.us", [first, "Unknown"], "undetermined"),
    ];
    for (email, tenants, diagnosis) in cases {
        let context = common::tenants_context(email, &tenants);
        let [en, ja] = [Lang::En, Lang::Ja].map(|lang| {
            let explained = explain_files(&["uss/status-o365-unauthorized.json"], &context, lang);
            explained.findings[0].clone()
        });
        for finding in [&en, &ja] {
            assert_eq!(finding.diagnosis, Some(diagnosis), "{tenants:?}");
            let texts = std::iter::once(&finding.explanation).chain(&finding.steps);
            assert!(texts.clone().all(|text| !text.contains('{')), "{finding:?}");
            assert!(finding.explanation.contains("tenant") || finding.explanation.contains("テナント"));
        }
        assert_ne!(en.explanation, ja.explanation);
        assert!(
            ja.steps.iter().all(|step| step.chars().any(|c| c > '\u{3000}')),
            "{:?}",
            ja.steps
        );
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
    for (file, _) in fixtures() {
        let explained = explain_files(&[&file], &context(Some("a@b.example"), "b.example"), Lang::Ja);
        for check in explained.findings.iter().flat_map(|f| &f.checks) {
            if let Some(link) = &check.link {
                assert!(caldoctor::explain::links::is_allowed(&link.url), "{}", link.url);
            }
        }
    }
}

#[test]
fn the_readme_catalogue_has_a_row_for_every_kind_with_its_severity() {
    let readme = std::fs::read_to_string(format!("{}/README.md", env!("CARGO_MANIFEST_DIR"))).unwrap();
    for kind in all_kinds() {
        let severity = match kind.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        let row = format!("| `{}` | {severity} |", kind.code);
        let line = readme.lines().find(|line| line.starts_with(&row));
        assert!(
            line.is_some(),
            "README's finding catalogue lacks the row `{row} meaning | fix |`"
        );
        assert!(
            !line.is_some_and(|line| line.contains("TODO")),
            "README: {} is not written yet",
            kind.code
        );
    }
}
