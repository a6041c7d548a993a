//! Which findings are about the subject's present and which are its past: the finding for the
//! current status leads; errors that the current status has since superseded (a "Forbidden" an
//! hour before today's "Unauthorized") are earlier; findings the subject recovered from are
//! history. "Current" is the latest status snapshot of the subject's timeline when it has one,
//! else its latest journal entry.

use crate::explain::{Explained, RenderedFinding, RenderedTimeline};
use crate::time::Timestamp;

/// The findings of one diagnosis, by where they stand in time; each list keeps the diagnosis's
/// order (most severe, then most recent, first).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Standing<'a> {
    /// About the subject's current status (or about no status at all: an org, a Graph answer).
    pub current: Vec<&'a RenderedFinding>,
    /// Open, but seen before the subject's current state began: superseded by it.
    pub earlier: Vec<&'a RenderedFinding>,
    /// The subject was activated after them.
    pub recovered: Vec<&'a RenderedFinding>,
}

/// A timeline's entry type for a status snapshot.
const STATUS_SNAPSHOT: &str = "UserStatus";

/// When the subject's current state began: its latest status snapshot's, else its latest
/// journal entry's. `None` when the timeline says nothing dated.
fn current_since(timeline: &RenderedTimeline) -> Option<Timestamp> {
    let latest = |snapshots: bool| {
        timeline
            .events
            .iter()
            .rev()
            .filter(|e| !snapshots || e.entry_type.as_deref() == Some(STATUS_SNAPSHOT))
            .find_map(|e| e.time.as_ref())
    };
    latest(true)
        .or_else(|| latest(false))
        .and_then(|moment| Timestamp::parse(&moment.iso))
}

fn timeline_of<'a>(explained: &'a Explained, finding: &RenderedFinding) -> Option<&'a RenderedTimeline> {
    let id = finding.subject.id.as_deref()?;
    explained
        .timelines
        .iter()
        .find(|t| t.subject_id.eq_ignore_ascii_case(id))
}

/// Sorts the findings of `explained` into current, earlier and recovered. When nothing open is
/// current (the subject left the error state without being activated), the earlier ones lead.
pub fn standing(explained: &Explained) -> Standing<'_> {
    let mut out = Standing::default();
    for finding in &explained.findings {
        if finding.resolved.is_some() {
            out.recovered.push(finding);
            continue;
        }
        let since = timeline_of(explained, finding).and_then(current_since);
        let seen = finding.observed_at.as_deref().and_then(Timestamp::parse);
        match (seen, since) {
            (Some(seen), Some(since)) if seen < since => out.earlier.push(finding),
            _ => out.current.push(finding),
        }
    }
    if out.current.is_empty() {
        out.current = std::mem::take(&mut out.earlier);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::tenant::Tenant;
    use crate::explain::Presentation;
    use crate::explain::catalog::Lang;
    use crate::explain::redact::Redactor;
    use crate::explain::zone::Zone;
    use crate::{Analysis, Context};

    /// A subject's journal and status as the page received them, explained.
    pub(crate) fn explain(bodies: &[serde_json::Value]) -> Explained {
        let mut analysis = Analysis::new();
        for (index, body) in bodies.iter().enumerate() {
            analysis
                .add("", &body.to_string(), &format!("response {index}"))
                .unwrap();
        }
        let context = Context {
            email: Some("WebexWorkspace1@ciscolive.us".into()),
            tenants: vec![Tenant::from_details(None, "ciscolive.us")],
        };
        analysis.explain(
            &context,
            &Presentation {
                lang: Lang::En,
                zone: Zone::utc(),
                redactor: Redactor::new(false),
            },
        )
    }

    const ID: &str = "a3c9f6e2-5d1b-4c8e-9f0a-7b2d4e6f8a10";

    fn message(error: &str) -> serde_json::Value {
        serde_json::json!({ "severity": "error", "key": "c_cal@o365.error",
            "description": format!("Received error '{error}' from O365. Admin action is required.") })
    }

    pub(crate) fn status(state: &str, since: &str, error: Option<&str>) -> serde_json::Value {
        let messages: Vec<serde_json::Value> = error.map(message).into_iter().collect();
        serde_json::json!({ "userStatuses": [{ "userId": ID, "orgId": "o1", "serviceId": "squared-fusion-cal",
            "entitled": true, "state": state, "lastStateChange": since, "messages": messages }] })
    }

    pub(crate) fn journal(entries: &[(&str, &str, Option<&str>, &str)]) -> serde_json::Value {
        let entries: Vec<serde_json::Value> = entries
            .iter()
            .map(|(time, state, error, root)| {
                let messages: Vec<serde_json::Value> = error.map(message).into_iter().collect();
                serde_json::json!({ "time": time, "entry": { "type": "SetUserStatus",
                    "payload": { "orgId": "o1", "userId": ID, "serviceId": "squared-fusion-cal", "state": state,
                        "messages": messages },
                    "context": { "userId": ID, "trackingRoot": root } } })
            })
            .collect();
        serde_json::json!({ "entries": entries })
    }

    fn codes(findings: &[&RenderedFinding]) -> Vec<&'static str> {
        findings.iter().map(|f| f.code).collect()
    }

    #[test]
    fn the_current_status_leads_and_what_it_superseded_is_earlier() {
        let explained = explain(&[
            journal(&[
                ("2026-11-27T00:24:00.000Z", "error", Some("Forbidden"), "ATLAS_1"),
                ("2026-11-27T01:24:00.000Z", "error", Some("Unauthorized"), "ATLAS_2"),
            ]),
            status("error", "2026-11-27T01:24:00.000Z", Some("Unauthorized")),
        ]);
        let s = standing(&explained);
        assert_eq!(codes(&s.current), ["o365-unauthorized"]);
        assert_eq!(codes(&s.earlier), ["o365-forbidden"]);
        assert!(s.recovered.is_empty());
    }

    #[test]
    fn without_a_status_the_latest_journal_entry_is_current() {
        let explained = explain(&[journal(&[
            ("2026-11-27T01:24:00.000Z", "error", Some("Forbidden"), "ATLAS_2"),
            ("2026-11-26T20:00:00.000Z", "error", Some("Unauthorized"), "ATLAS_1"),
        ])]);
        let s = standing(&explained);
        assert_eq!(codes(&s.current), ["o365-forbidden"]);
        assert_eq!(codes(&s.earlier), ["o365-unauthorized"]);
    }

    #[test]
    fn a_status_snapshot_wins_over_a_later_journal_entry() {
        // The status says the error began at 01:24; a journal entry for another error was
        // logged later but the status is what Control Hub shows now.
        let explained = explain(&[
            journal(&[("2026-11-27T02:00:00.000Z", "error", Some("Forbidden"), "ATLAS_3")]),
            status("error", "2026-11-27T01:24:00.000Z", Some("Unauthorized")),
        ]);
        let s = standing(&explained);
        assert_eq!(codes(&s.current), ["o365-forbidden", "o365-unauthorized"]);
        assert!(s.earlier.is_empty());
    }

    #[test]
    fn an_activated_subject_has_only_history() {
        let explained = explain(&[
            journal(&[
                ("2026-11-26T18:02:00.000Z", "error", Some("Unauthorized"), "ATLAS_1"),
                ("2026-11-27T01:24:00.000Z", "activated", None, "ATLAS_2"),
            ]),
            status("activated", "2026-11-27T01:24:00.000Z", None),
        ]);
        let s = standing(&explained);
        assert!(s.current.is_empty() && s.earlier.is_empty());
        assert_eq!(codes(&s.recovered), ["o365-unauthorized"]);
    }

    #[test]
    fn when_nothing_open_is_current_the_earlier_errors_lead() {
        let explained = explain(&[
            journal(&[("2026-11-26T18:02:00.000Z", "error", Some("Unauthorized"), "ATLAS_1")]),
            status("notActivated", "2026-11-27T01:24:00.000Z", None),
        ]);
        let s = standing(&explained);
        assert_eq!(codes(&s.current), ["o365-unauthorized"]);
        assert!(s.earlier.is_empty());
    }
}
