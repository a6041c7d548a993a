//! What the organization as a whole reports: its status summary's subjects in error, and its
//! alarms, each alarm's words verbatim (`uss.thresholdAlarmTriggered` is "Users in Error").

use super::Matched;
use crate::decode::observation::{CalendarService, OrgAlarm, Owner, Severity, StatusSummary};
use crate::diagnose::finding::{Counts, Facts, FindingKind};
use crate::explain::catalog::*;

pub static SUBJECTS_IN_ERROR: FindingKind = FindingKind {
    code: "org-subjects-in-error",
    severity: Severity::Error,
    title: ORG_SUBJECTS_IN_ERROR_TITLE,
    explanation: ORG_SUBJECTS_IN_ERROR_EXPLANATION,
    steps: &[
        ORG_SUBJECTS_IN_ERROR_STEP1,
        ORG_SUBJECTS_IN_ERROR_STEP2,
        ORG_SUBJECTS_IN_ERROR_STEP3,
    ],
    checks: &[],
    diagnose: None,
};

const ALARM_STEPS: &[Msg] = &[ORG_ALARM_STEP1, ORG_ALARM_STEP2, ORG_ALARM_STEP3];

/// An alarm of severity `error` or `critical`.
pub static ALARM: FindingKind = FindingKind {
    code: "org-alarm",
    severity: Severity::Error,
    title: ORG_ALARM_TITLE,
    explanation: ORG_ALARM_EXPLANATION,
    steps: ALARM_STEPS,
    checks: &[],
    diagnose: None,
};

/// An alarm of severity `warning`, or of none the doctor knows: raised, so never dropped.
pub static ALARM_WARNING: FindingKind = FindingKind {
    code: "org-alarm-warning",
    severity: Severity::Warning,
    title: ORG_ALARM_TITLE,
    explanation: ORG_ALARM_EXPLANATION,
    steps: ALARM_STEPS,
    checks: &[],
    diagnose: None,
};

pub static KINDS: &[&FindingKind] = &[&SUBJECTS_IN_ERROR, &ALARM, &ALARM_WARNING];

/// What the texts show for a count the summary does not give.
const NOT_COUNTED: &str = "–";

/// A summary with subjects in error: how many of how many (`{in_error}`, `{total}`), per
/// owner (`{cloud}`, `{expressway}`) and of which service (`{service}`), with every count as
/// read; `None` when none is in error.
pub fn classify_summary(summary: &StatusSummary) -> Option<Matched> {
    let in_error = summary.counts.get("error").filter(|count| *count > 0)?;
    let total = summary
        .counts
        .get("total")
        .unwrap_or_else(|| summary.counts.0.iter().map(|(_, count)| count).sum());
    let owner_errors = |wanted: Owner| {
        summary
            .by_owner
            .iter()
            .find(|(owner, _)| *owner == wanted)
            .and_then(|(_, counts)| counts.get("error"))
            .map_or(NOT_COUNTED.to_string(), |count| count.to_string())
    };
    let service = match summary.service {
        Some(CalendarService::Google) => crate::decode::observation::GOOGLE_CALENDAR_SERVICE,
        _ => crate::decode::observation::CALENDAR_SERVICE,
    };
    let facts = Facts::default()
        .with("in_error", in_error.to_string())
        .with("total", total.to_string())
        .with("cloud", owner_errors(Owner::Cloud))
        .with("expressway", owner_errors(Owner::Expressway))
        .with("service", service);
    let read: Vec<String> = summary
        .counts
        .0
        .iter()
        .map(|(state, count)| format!("{state} {count}"))
        .collect();
    Some(Matched {
        raw_message: Some(format!("{service}: {}", read.join(", "))),
        counts: Some(Counts::of(summary)),
        ..Matched::new(&SUBJECTS_IN_ERROR, facts)
    })
}

/// An alarm as raised: its title (`{alarm_title}`), description (`{alarm_description}`, also
/// the server's words) and source (`{alarm_source}`); critical is an error.
pub fn classify_alarm(alarm: &OrgAlarm) -> Matched {
    let kind = match alarm.severity {
        Some(Severity::Error) => &ALARM,
        _ => &ALARM_WARNING,
    };
    let or_not_given = |text: Option<&String>| text.map_or(NOT_COUNTED.to_string(), String::clone);
    let title = alarm.title.as_ref().or(alarm.key.as_ref()).or(alarm.alarm_id.as_ref());
    let facts = Facts::default()
        .with("alarm_title", or_not_given(title))
        .with("alarm_description", or_not_given(alarm.description.as_ref()))
        .with("alarm_source", or_not_given(alarm.source.as_ref()));
    Matched {
        raw_message: alarm.description.clone().or_else(|| alarm.title.clone()),
        message_key: alarm.key.clone(),
        ..Matched::new(kind, facts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::observation::StateCounts;

    fn counts(pairs: &[(&str, u64)]) -> StateCounts {
        StateCounts(pairs.iter().map(|(name, count)| (name.to_string(), *count)).collect())
    }

    #[test]
    fn counts_the_subjects_in_error_per_owner() {
        let summary = StatusSummary {
            counts: counts(&[("activated", 10), ("error", 3), ("total", 13)]),
            by_owner: vec![
                (Owner::Cloud, counts(&[("error", 2)])),
                (Owner::Expressway, counts(&[("error", 1)])),
            ],
            service: Some(CalendarService::Microsoft),
            ..StatusSummary::default()
        };
        let matched = classify_summary(&summary).unwrap();
        assert_eq!(
            matched.facts.values().collect::<Vec<_>>(),
            [
                ("in_error", "3"),
                ("total", "13"),
                ("cloud", "2"),
                ("expressway", "1"),
                ("service", "squared-fusion-cal")
            ]
        );
        assert_eq!(
            matched.raw_message.as_deref(),
            Some("squared-fusion-cal: activated 10, error 3, total 13")
        );
        let unsplit = StatusSummary {
            counts: counts(&[("activated", 1), ("error", 2)]),
            ..StatusSummary::default()
        };
        let facts: Vec<_> = classify_summary(&unsplit)
            .unwrap()
            .facts
            .values()
            .map(|(_, v)| v.to_string())
            .collect();
        assert_eq!(facts[..4], ["2", "3", "–", "–"]);
        let healthy = StatusSummary {
            counts: counts(&[("activated", 5), ("error", 0)]),
            ..StatusSummary::default()
        };
        assert!(classify_summary(&healthy).is_none());
    }

    #[test]
    fn an_alarm_keeps_its_words_and_its_severity() {
        let alarm = OrgAlarm {
            severity: Some(Severity::Error),
            title: Some("Users in Error".into()),
            description: Some("12 users are in error.".into()),
            key: Some("uss.thresholdAlarmTriggered".into()),
            source: Some("uss".into()),
            ..OrgAlarm::default()
        };
        let matched = classify_alarm(&alarm);
        assert_eq!(matched.kind.code, "org-alarm");
        assert_eq!(matched.raw_message.as_deref(), Some("12 users are in error."));
        assert_eq!(matched.message_key.as_deref(), Some("uss.thresholdAlarmTriggered"));
        let warning = OrgAlarm {
            severity: Some(Severity::Warning),
            ..OrgAlarm::default()
        };
        assert_eq!(classify_alarm(&warning).kind.code, "org-alarm-warning");
        assert_eq!(classify_alarm(&OrgAlarm::default()).kind.code, "org-alarm-warning");
    }
}
