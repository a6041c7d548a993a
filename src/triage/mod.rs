//! Org-wide triage: every user and workspace in error, grouped by cause. One group per finding
//! kind and, for the kinds the context diagnoses ("Unauthorized"), per diagnosis; each group
//! once with its subjects and the email domains involved — for `domain-not-in-tenant`, which
//! domains no tenant has, and how many mailboxes each: the likely one-line fix.
//!
//! Built from the same observations as every other output (status lists, identity lists, a
//! `user_statuses.csv`, HARs): [`keep_latest_statuses`] first, then [`build`]; [`rendered`] puts
//! it into words, [`summary`] writes it for a ticket, [`csv`] as a spreadsheet to act on.

pub mod csv;
pub mod rendered;
pub mod summary;

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::decode::Skipped;
use crate::decode::observation::{
    CalendarService, Observation, Observed, Severity, StateKind, StatusRecord, StatusSummary, SubjectKind,
};
use crate::diagnose::domain::email_domain;
use crate::diagnose::finding::Finding;
use crate::diagnose::timeline::subject_key;
use crate::diagnose::{Context, diagnose_all};
use crate::time::Timestamp;

/// The org's subjects in error, grouped by cause, biggest group first.
#[derive(Clone, Debug, Default)]
pub struct Triage {
    pub groups: Vec<Group>,
    /// Findings about the org as a whole (its alarms, its summary, the connector), gravest first.
    pub org: Vec<Finding>,
    /// The org's counts per state, when a summary was read.
    pub summaries: Vec<StatusSummary>,
    /// Subjects with at least one open error: the rows of all groups.
    pub subjects_in_error: usize,
    /// Distinct subjects whose calendar status was read.
    pub subjects_total: usize,
    /// Inputs or entries that could not be read, and why.
    pub skipped: Vec<Skipped>,
}

/// One cause: the finding kind, and its diagnosis when the context narrowed it.
#[derive(Clone, Debug)]
pub struct Group {
    pub code: &'static str,
    pub diagnosis: Option<&'static str>,
    pub severity: Severity,
    /// The group's newest finding: its explanation and fix, once for the whole group.
    pub example: Finding,
    /// The email domains of the group's subjects, most subjects first.
    pub domains: Vec<DomainCount>,
    /// Newest first.
    pub rows: Vec<Row>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainCount {
    pub domain: String,
    pub count: usize,
}

/// One subject in error, as its group lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub id: Option<String>,
    pub kind: SubjectKind,
    pub name: Option<String>,
    pub email: Option<String>,
    /// The status's `state`, as the server wrote it.
    pub state: Option<String>,
    /// Since when: the status's `lastStateChange`, else when the finding was first seen.
    pub since: Option<Timestamp>,
    /// The server's message, verbatim.
    pub message: Option<String>,
    pub tracking_root: Option<String>,
    pub severity: Severity,
}

impl Group {
    pub fn count(&self) -> usize {
        self.rows.len()
    }
}

/// Drops every status superseded by a newer one of the same subject and service: an org's list
/// read twice (a reload, the paging of an earlier load) counts each subject once, as it now is.
/// The newer is the later `lastStatusUpdate`; among equals, the one read last.
pub fn keep_latest_statuses(observed: &mut Vec<Observed>) {
    let mut keep = vec![true; observed.len()];
    let mut latest: HashMap<(Cow<str>, Option<CalendarService>), usize> = HashMap::new();
    for (at, o) in observed.iter().enumerate() {
        let Observation::Status(status) = &o.observation else {
            continue;
        };
        let Some(id) = &status.subject_id else { continue };
        match latest.entry((subject_key(id), status.service)) {
            Entry::Vacant(entry) => {
                entry.insert(at);
            }
            Entry::Occupied(mut entry) => {
                let kept = *entry.get();
                if updated(&observed[kept]) > status.last_status_update {
                    keep[at] = false;
                } else {
                    keep[kept] = false;
                    entry.insert(at);
                }
            }
        }
    }
    let mut at = 0;
    observed.retain(|_| {
        at += 1;
        keep[at - 1]
    });
}

fn updated(observed: &Observed) -> Option<Timestamp> {
    match &observed.observation {
        Observation::Status(status) => status.last_status_update,
        _ => None,
    }
}

/// The triage of what was read (statuses already reduced by [`keep_latest_statuses`]).
pub fn build(observed: &[Observed], skipped: &[Skipped], context: &Context) -> Triage {
    let statuses: HashMap<Cow<str>, &StatusRecord> = observed
        .iter()
        .filter_map(|o| match &o.observation {
            Observation::Status(status) => Some(status),
            _ => None,
        })
        .filter_map(|status| Some((subject_key(status.subject_id.as_deref()?), status)))
        .collect();
    let summaries = observed
        .iter()
        .filter_map(|o| match &o.observation {
            Observation::Summary(summary) => Some(summary.clone()),
            _ => None,
        })
        .collect();
    let outcome = diagnose_all(observed, context);
    let (org, about_subjects): (Vec<Finding>, Vec<Finding>) = outcome
        .findings
        .into_iter()
        .filter(|f| f.resolved_at.is_none())
        .partition(|f| f.subject.kind == SubjectKind::Org);
    let org = org.into_iter().filter(|f| f.severity <= Severity::Warning).collect();
    // The subject's gravest open error stands for it: findings come ranked, gravest and newest
    // first, so the first one seen per subject is it.
    let mut primary: Vec<&Finding> = Vec::new();
    let mut seen: HashSet<Cow<str>> = HashSet::new();
    for finding in &about_subjects {
        let Some(who) = who(finding) else { continue };
        let status = finding
            .subject
            .id
            .as_deref()
            .and_then(|id| statuses.get(&*subject_key(id)));
        let in_error =
            finding.severity == Severity::Error || status.is_some_and(|s| StateKind::is_error(s.state.as_deref()));
        if !in_error || !seen.insert(who) {
            continue;
        }
        primary.push(finding);
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut index: HashMap<(&'static str, Option<&'static str>), usize> = HashMap::new();
    for finding in primary {
        let diagnosis = finding.diagnosed.as_ref().map(|d| d.diagnosis.code);
        let status = finding
            .subject
            .id
            .as_deref()
            .and_then(|id| statuses.get(&*subject_key(id)));
        let row = Row {
            id: finding.subject.id.clone(),
            kind: finding.subject.kind,
            name: finding.subject.display_name.clone(),
            email: finding.subject.email.clone(),
            state: status.and_then(|s| s.state.as_deref()).map(str::to_string),
            since: status.and_then(|s| s.last_state_change).or(finding.first_observed_at),
            message: finding.raw_message.as_deref().map(str::to_string),
            tracking_root: finding.tracking_root.clone(),
            severity: finding.severity,
        };
        let at = *index.entry((finding.kind.code, diagnosis)).or_insert_with(|| {
            groups.push(Group {
                code: finding.kind.code,
                diagnosis,
                severity: finding.severity,
                example: finding.clone(),
                domains: Vec::new(),
                rows: Vec::new(),
            });
            groups.len() - 1
        });
        let group = &mut groups[at];
        group.severity = group.severity.min(finding.severity);
        group.rows.push(row);
    }
    for group in &mut groups {
        group.domains = domain_counts(&group.rows);
        group.rows.sort_by_key(|row| Reverse(row.since));
    }
    groups.sort_by(|a, b| {
        b.count()
            .cmp(&a.count())
            .then(a.severity.cmp(&b.severity))
            .then(a.code.cmp(b.code))
            .then(a.diagnosis.cmp(&b.diagnosis))
    });
    Triage {
        subjects_in_error: groups.iter().map(Group::count).sum(),
        subjects_total: statuses.len(),
        groups,
        org,
        summaries,
        skipped: skipped.to_vec(),
    }
}

/// Who a finding is about, as one key: its id, else its mailbox.
fn who(finding: &Finding) -> Option<Cow<'_, str>> {
    let subject = &finding.subject;
    Some(subject_key(subject.id.as_deref().or(subject.email.as_deref())?))
}

/// The rows' email domains, most rows first, then by name; rows without a mailbox count under
/// none.
fn domain_counts(rows: &[Row]) -> Vec<DomainCount> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for row in rows {
        if let Some(domain) = row.email.as_deref().and_then(email_domain) {
            *counts.entry(domain.as_str().to_string()).or_default() += 1;
        }
    }
    let mut list: Vec<DomainCount> = counts
        .into_iter()
        .map(|(domain, count)| DomainCount { domain, count })
        .collect();
    list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.domain.cmp(&b.domain)));
    list
}

#[cfg(test)]
mod tests;
