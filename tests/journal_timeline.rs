//! "See history": state changes in order, first and latest error, recovery.

mod common;

use caldoctor::explain::catalog::Lang;
use common::{context, explain_files};

#[test]
fn a_journal_with_error_then_recovery() {
    let explained = explain_files(&["uss/journal-recovery.json"], &context(None, ""), Lang::En);
    let timeline = &explained.timelines[0];
    let states: Vec<Option<&str>> = timeline.events.iter().map(|e| e.state.as_deref()).collect();
    assert_eq!(states, [None, Some("error"), Some("error"), Some("activated")]);
    assert_eq!(timeline.first_error.as_ref().unwrap().iso, "2026-11-25T08:00:00.000Z");
    assert_eq!(timeline.latest_error.as_ref().unwrap().iso, "2026-11-26T09:10:00.000Z");
    assert_eq!(timeline.recovered.as_ref().unwrap().iso, "2026-11-27T01:24:00.000Z");
    assert_eq!(timeline.current_state.as_deref(), Some("activated"));
    // The error is still reported, but as resolved, with both occurrences and the latest tracking id.
    let finding = &explained.findings[0];
    assert_eq!(finding.code, "o365-unauthorized");
    assert!(finding.resolved.is_some());
    assert_eq!(finding.occurrences, 2);
    assert_eq!(finding.first_observed.as_ref().unwrap().iso, "2026-11-25T08:00:00.000Z");
    assert_eq!(
        finding.tracking_root.as_deref(),
        Some("ATLAS_3f0c8d2e-77aa-4b1c-9e55-0d1f2a3b4c5d_12")
    );
}

#[test]
fn a_journal_still_failing_is_not_resolved() {
    let explained = explain_files(&["uss/journal-failing.json"], &context(None, ""), Lang::En);
    assert!(explained.timelines[0].recovered.is_none());
    assert!(explained.findings[0].resolved.is_none());
    assert!(explained.timelines[0].summary.contains("Not recovered"));
}

#[test]
fn activation_2_journal_skips_other_services() {
    let explained = explain_files(&["uss/journal-activation2.json"], &context(None, ""), Lang::En);
    let timeline = &explained.timelines[0];
    assert_eq!(timeline.events.len(), 2, "{:?}", timeline.events);
    assert_eq!(timeline.events[0].entry_type.as_deref(), Some("AddEntitlement"));
}

#[test]
fn polling_the_same_status_gives_one_finding_once() {
    let explained = explain_files(
        &[
            "uss/status-o365-unauthorized.json",
            "uss/status-o365-unauthorized.json",
            "uss/status-o365-unauthorized.json",
        ],
        &context(None, ""),
        Lang::En,
    );
    assert_eq!(explained.findings.len(), 1);
    assert_eq!(explained.findings[0].occurrences, 1);
}
