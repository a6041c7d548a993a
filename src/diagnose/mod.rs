//! From observations to findings: classify every message, learn each subject's mailbox,
//! diagnose "Unauthorized" by domain, merge repeats (polling), mark what has since recovered.

pub mod domain;
pub mod finding;
pub mod kinds;
pub mod timeline;

use std::collections::{HashMap, HashSet};

use crate::decode::observation::{Message, Observation, Observed, Origin, PlaceRecord, SubjectKind};
use crate::limits::{MAX_FINDINGS, bounded};
use crate::time::Timestamp;
use domain::Domain;
use finding::{Facts, Finding, FindingKind, Subject};
use kinds::{ccc, graph, har_without_bodies, o365};
use timeline::Timeline;

/// What the page or the person knows beyond the responses.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// The calendar email of the subject (shown on the Scheduling panel, or given with `--email`).
    pub email: Option<String>,
    /// The Microsoft 365 tenant's domains (Tenant details, or `--tenant-domains`).
    pub tenant_domains: Vec<Domain>,
}

#[derive(Clone, Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    /// Findings past [`MAX_FINDINGS`], counted but not listed.
    pub omitted: usize,
    pub timelines: Vec<Timeline>,
}

pub fn diagnose(observed: &[Observed], context: &Context) -> Outcome {
    let places = place_index(observed);
    let subjects = SubjectResolver {
        places: &places,
        context,
    };
    let mut findings = FindingSet::default();
    for Observed { origin, observation } in observed {
        match observation {
            Observation::Status(status) => {
                let subject = subjects.resolve(status.subject_id.as_deref(), status.org_id.as_deref(), None);
                let in_error = status.state.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("error"));
                for message in &status.messages {
                    let seen = Seen {
                        at: status.last_state_change,
                        tracking_root: None,
                        origin,
                    };
                    findings.add_message(message, in_error, &subject, context, seen);
                }
            }
            Observation::Journal(entry) => {
                let subject =
                    subjects.resolve(entry.subject_id.as_deref(), entry.org_id.as_deref(), entry.subject_kind);
                let in_error = entry.state.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("error"));
                for message in &entry.messages {
                    let seen = Seen {
                        at: entry.time,
                        tracking_root: entry.tracking_root.clone(),
                        origin,
                    };
                    findings.add_message(message, in_error, &subject, context, seen);
                }
            }
            Observation::Ccc(status) => {
                if let Some(kind) = ccc::classify(status.error_code, status.status.as_deref()) {
                    let subject = Subject {
                        kind: SubjectKind::Org,
                        org_id: status.org_id.clone(),
                        ..subjects.empty()
                    };
                    let facts = Facts {
                        error_code: status.error_code.map(|code| (code, ccc::error_code_name(code))),
                        ..Facts::default()
                    };
                    let raw = status
                        .error_code
                        .map(|code| format!("errorCode {code} ({})", ccc::error_code_name(code)));
                    findings.add(
                        kind,
                        subject,
                        facts,
                        raw,
                        None,
                        Seen {
                            at: None,
                            tracking_root: None,
                            origin,
                        },
                    );
                }
            }
            Observation::Graph(error) => {
                let subject = Subject {
                    email: error.mailbox.clone(),
                    ..subjects.empty()
                };
                let facts = Facts {
                    graph_code: Some(error.code.clone()),
                    http_status: error.http_status,
                    request_id: error.request_id.clone(),
                    ..Facts::default()
                };
                let raw = Some(format!("{}: {}", error.code, error.message));
                let seen = Seen {
                    at: error.date,
                    tracking_root: None,
                    origin,
                };
                findings.add(graph::classify(error), subject, facts, raw, None, seen);
            }
            Observation::HarWithoutBodies {
                matching_entries,
                without_body,
            } => {
                let facts = Facts {
                    entry_counts: Some((*matching_entries, *without_body)),
                    ..Facts::default()
                };
                let seen = Seen {
                    at: None,
                    tracking_root: None,
                    origin,
                };
                findings.add(&har_without_bodies::KIND, subjects.empty(), facts, None, None, seen);
            }
            Observation::Place(_) => {}
        }
    }
    let timelines = timeline::build(
        observed.iter().filter_map(|o| match &o.observation {
            Observation::Journal(entry) => Some(entry),
            _ => None,
        }),
        observed.iter().filter_map(|o| match &o.observation {
            Observation::Status(status) => Some(status),
            _ => None,
        }),
    );
    let mut list = findings.into_list();
    for finding in &mut list {
        let recovery = finding.subject.id.as_ref().and_then(|id| {
            timelines
                .iter()
                .find(|t| t.subject_id == id.to_ascii_lowercase())
                .and_then(|t| t.recovered_at)
        });
        finding.resolved_at = recovery.filter(|recovered| finding.observed_at.is_none_or(|seen| seen < *recovered));
    }
    list.sort_by(|a, b| {
        (
            a.resolved_at.is_some(),
            a.kind.severity,
            std::cmp::Reverse(a.observed_at),
        )
            .cmp(&(
                b.resolved_at.is_some(),
                b.kind.severity,
                std::cmp::Reverse(b.observed_at),
            ))
    });
    let omitted = list.len().saturating_sub(MAX_FINDINGS);
    list.truncate(MAX_FINDINGS);
    Outcome {
        findings: list,
        omitted,
        timelines,
    }
}

fn place_index(observed: &[Observed]) -> HashMap<String, &PlaceRecord> {
    let mut index = HashMap::new();
    for o in observed {
        if let Observation::Place(place) = &o.observation {
            for id in &place.ids {
                index.insert(id.to_ascii_lowercase(), place);
            }
        }
    }
    index
}

struct SubjectResolver<'a> {
    places: &'a HashMap<String, &'a PlaceRecord>,
    context: &'a Context,
}

impl SubjectResolver<'_> {
    fn empty(&self) -> Subject {
        Subject {
            kind: SubjectKind::Unknown,
            id: None,
            org_id: None,
            email: None,
            display_name: None,
        }
    }

    /// A place object with this id makes the subject a workspace with its calendar email;
    /// otherwise the context's email stands for the subject being looked at.
    fn resolve(&self, id: Option<&str>, org_id: Option<&str>, kind: Option<SubjectKind>) -> Subject {
        let place = id.and_then(|id| self.places.get(&id.to_ascii_lowercase()));
        Subject {
            kind: if place.is_some() {
                SubjectKind::Workspace
            } else {
                kind.unwrap_or(SubjectKind::Unknown)
            },
            id: id.map(str::to_string),
            org_id: org_id
                .map(str::to_string)
                .or_else(|| place.and_then(|p| p.org_id.clone())),
            email: place
                .and_then(|p| p.calendar_email.clone())
                .or_else(|| self.context.email.clone()),
            display_name: place.and_then(|p| p.display_name.clone()),
        }
    }
}

/// When and where one occurrence was seen.
struct Seen<'a> {
    at: Option<Timestamp>,
    tracking_root: Option<String>,
    origin: &'a Origin,
}

/// Findings merged by (kind, subject, raw message): Control Hub polls, history repeats.
#[derive(Default)]
struct FindingSet {
    order: Vec<Finding>,
    index: HashMap<(&'static str, String, String), usize>,
    /// Distinct times each finding was seen at: a poll repeating one status is one occurrence.
    times: Vec<HashSet<Option<Timestamp>>>,
}

impl FindingSet {
    fn add_message(&mut self, message: &Message, in_error: bool, subject: &Subject, context: &Context, seen: Seen) {
        let Some(matched) = kinds::classify_message(message, in_error) else {
            return;
        };
        let mut facts = matched.facts;
        if std::ptr::eq(matched.kind, &o365::UNAUTHORIZED) {
            let (diagnosis, domain) = o365::diagnose(subject.email.as_deref(), &context.tenant_domains);
            facts.diagnosis = Some(diagnosis);
            facts.domain = domain;
            facts.tenant_domains = context.tenant_domains.clone();
        }
        let raw = Some(bounded(&message.text())).filter(|t| !t.is_empty());
        self.add(matched.kind, subject.clone(), facts, raw, message.key.clone(), seen);
    }

    fn add(
        &mut self,
        kind: &'static FindingKind,
        subject: Subject,
        facts: Facts,
        raw_message: Option<String>,
        message_key: Option<String>,
        seen: Seen,
    ) {
        let who = subject
            .id
            .clone()
            .or_else(|| subject.email.clone())
            .or_else(|| subject.org_id.clone());
        let key = (
            kind.code,
            who.unwrap_or_default().to_ascii_lowercase(),
            raw_message.clone().unwrap_or_default(),
        );
        if let Some(&at) = self.index.get(&key) {
            let existing = &mut self.order[at];
            self.times[at].insert(seen.at);
            existing.occurrences = self.times[at].len();
            existing.first_observed_at = min_some(existing.first_observed_at, seen.at);
            if seen.at >= existing.observed_at {
                existing.observed_at = seen.at;
                existing.origin = seen.origin.clone();
            }
            if seen.tracking_root.is_some() && (existing.tracking_root.is_none() || seen.at >= existing.observed_at) {
                existing.tracking_root = seen.tracking_root;
            }
            return;
        }
        self.index.insert(key, self.order.len());
        self.times.push(HashSet::from([seen.at]));
        self.order.push(Finding {
            kind,
            subject,
            observed_at: seen.at,
            first_observed_at: seen.at,
            occurrences: 1,
            resolved_at: None,
            tracking_root: seen.tracking_root,
            raw_message,
            message_key,
            facts,
            origin: seen.origin.clone(),
        });
    }

    fn into_list(self) -> Vec<Finding> {
        self.order
    }
}

fn min_some(a: Option<Timestamp>, b: Option<Timestamp>) -> Option<Timestamp> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}
