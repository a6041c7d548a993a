//! From observations to findings: classify every message, learn each subject's mailbox,
//! let each kind that has one diagnose its cause from the context, merge repeats (polling),
//! mark what has since recovered.

pub mod domain;
pub mod finding;
pub mod kinds;
pub mod tenant;
pub mod timeline;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::decode::observation::{Observation, Observed, Origin, PlaceRecord, SubjectKind};
use crate::limits::MAX_FINDINGS;
use crate::time::Timestamp;
use finding::{Finding, Subject};
use kinds::{Matched, Record, ccc, ccc_provisioning, google, graph, har_without_bodies, org, request_failed};
use tenant::Tenant;
use timeline::Timeline;

/// What the page or the person knows beyond the responses.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// The calendar email of the subject (shown on the Scheduling panel, or given with `--email`).
    pub email: Option<String>,
    /// The org's Microsoft 365 tenants, each with its domains (Tenant details, or one
    /// `--tenant-domains` each) or "Unknown".
    pub tenants: Vec<Tenant>,
}

#[derive(Clone, Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    /// Findings past [`MAX_FINDINGS`], counted but not listed.
    pub omitted: usize,
    /// The subjects' histories, by subject id (see [`timeline::build`]).
    pub timelines: Vec<Timeline>,
}

/// The findings of `observed`, ranked ([`rank_and_keep_first`]), the first [`MAX_FINDINGS`]
/// listed and the rest counted: what one person reads.
pub fn diagnose(observed: &[Observed], context: &Context) -> Outcome {
    diagnose_keeping(observed, context, MAX_FINDINGS)
}

/// Every finding of `observed`, ranked as [`diagnose`] ranks them, none omitted: an org-wide
/// triage groups them all.
pub fn diagnose_all(observed: &[Observed], context: &Context) -> Outcome {
    diagnose_keeping(observed, context, usize::MAX)
}

fn diagnose_keeping(observed: &[Observed], context: &Context, keep: usize) -> Outcome {
    let places = place_index(observed);
    let subjects = SubjectResolver {
        places: &places,
        context,
    };
    let mut findings = FindingSet::new(context);
    for Observed { origin, observation } in observed {
        match observation {
            Observation::Status(status) => {
                let subject = subjects.resolve(status.subject_id.as_deref(), status.org_id.as_deref(), None);
                let seen = Seen {
                    at: status.last_state_change,
                    tracking_root: None,
                    origin,
                };
                let record = Record::of_status(status);
                for matched in kinds::classify_record(&status.messages, &record, status.state.as_deref()) {
                    findings.add(matched, subject.clone(), seen.clone());
                }
            }
            Observation::Journal(entry) => {
                let subject =
                    subjects.resolve(entry.subject_id.as_deref(), entry.org_id.as_deref(), entry.subject_kind);
                let seen = Seen {
                    at: entry.time,
                    tracking_root: entry.tracking_root.clone(),
                    origin,
                };
                let record = Record::of_journal(entry);
                for matched in kinds::classify_record(&entry.messages, &record, entry.state.as_deref()) {
                    findings.add(matched, subject.clone(), seen.clone());
                }
            }
            Observation::Ccc(status) => {
                if let Some(matched) = ccc::classify(status) {
                    let subject = Subject {
                        kind: SubjectKind::Org,
                        org_id: status.org_id.clone(),
                        ..subjects.empty()
                    };
                    findings.add(matched, subject, Seen::undated(origin));
                }
            }
            Observation::Graph(error) => {
                let subject = Subject {
                    email: error.mailbox.clone(),
                    ..subjects.empty()
                };
                let seen = Seen {
                    at: error.date,
                    tracking_root: None,
                    origin,
                };
                findings.add(graph::classify(error), subject, seen);
            }
            Observation::Provisioning(error) => {
                let subject = Subject {
                    kind: SubjectKind::Org,
                    org_id: error.org_id.clone(),
                    // The setup test's account is the mailbox its finding is about.
                    email: error.test_email.clone(),
                    ..subjects.empty()
                };
                let seen = Seen {
                    at: None,
                    tracking_root: error.tracking_id.clone(),
                    origin,
                };
                findings.add(ccc_provisioning::classify(error), subject, seen);
            }
            Observation::EmailValidation(validation) => {
                if let Some(matched) = google::classify_validation(validation) {
                    let subject = subjects.resolve(None, None, Some(SubjectKind::Workspace));
                    findings.add(matched, subject, Seen::undated(origin));
                }
            }
            Observation::Summary(summary) => {
                if let Some(matched) = org::classify_summary(summary) {
                    findings.add(matched, subjects.org(summary.org_id.as_deref()), Seen::undated(origin));
                }
            }
            Observation::Alarm(alarm) => {
                let matched = org::classify_alarm(alarm);
                findings.add(matched, subjects.org(alarm.org_id.as_deref()), Seen::undated(origin));
            }
            Observation::HarWithoutBodies {
                matching_entries,
                without_body,
            } => {
                let matched = har_without_bodies::classify(*matching_entries, *without_body);
                findings.add(matched, subjects.empty(), Seen::undated(origin));
            }
            Observation::RequestFailed(failed) => {
                let subject = subjects.resolve(failed.subject_id.as_deref(), failed.org_id.as_deref(), None);
                let seen = Seen {
                    at: failed.at,
                    tracking_root: failed.tracking_id.clone(),
                    origin,
                };
                findings.add(request_failed::classify(failed), subject, seen);
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
    // One lookup per finding: a status list of tens of thousands of subjects stays linear.
    let by_subject: HashMap<&str, &Timeline> = timelines.iter().map(|t| (t.subject_id.as_str(), t)).collect();
    for finding in &mut list {
        let timeline = finding
            .subject
            .id
            .as_ref()
            .and_then(|id| by_subject.get(&*timeline::subject_key(id)));
        finding.resolved_at = timeline.and_then(|t| t.activated_since(finding.observed_at));
    }
    let omitted = list.len().saturating_sub(keep);
    rank_and_keep_first(&mut list, keep);
    Outcome {
        findings: list,
        omitted,
        timelines,
    }
}

/// Open findings first, then by severity, newest first, in the order found among equals; only
/// the first `keep` are kept. The findings past them are set apart in linear time and only the
/// kept ones sorted, so tens of thousands of findings cost no full sort of large records.
fn rank_and_keep_first(list: &mut Vec<Finding>, keep: usize) {
    let rank = |(found, f): &(usize, Finding)| {
        (
            f.resolved_at.is_some(),
            f.severity,
            std::cmp::Reverse(f.observed_at),
            *found,
        )
    };
    let mut ranked: Vec<(usize, Finding)> = list.drain(..).enumerate().collect();
    if ranked.len() > keep && keep > 0 {
        ranked.select_nth_unstable_by_key(keep - 1, rank);
    }
    ranked.truncate(keep);
    ranked.sort_unstable_by_key(rank);
    list.extend(ranked.into_iter().map(|(_, finding)| finding));
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

    /// The organization, as an org-wide finding's subject.
    fn org(&self, org_id: Option<&str>) -> Subject {
        Subject {
            kind: SubjectKind::Org,
            org_id: org_id.map(str::to_string),
            ..self.empty()
        }
    }

    /// A place object with this id makes the subject a workspace with its calendar email;
    /// otherwise the context's email stands for the subject being looked at.
    fn resolve(&self, id: Option<&str>, org_id: Option<&str>, kind: Option<SubjectKind>) -> Subject {
        let place = id.and_then(|id| self.places.get(&*timeline::subject_key(id)));
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
#[derive(Clone)]
struct Seen<'a> {
    at: Option<Timestamp>,
    tracking_root: Option<String>,
    origin: &'a Arc<Origin>,
}

impl Seen<'_> {
    /// An observation that carries no time (a service status, a HAR's missing bodies).
    fn undated(origin: &Arc<Origin>) -> Seen<'_> {
        Seen {
            at: None,
            tracking_root: None,
            origin,
        }
    }
}

/// Findings merged by (kind, subject, raw message): Control Hub polls, history repeats.
struct FindingSet<'a> {
    /// What the page or person knows, for the kinds the context diagnoses.
    context: &'a Context,
    order: Vec<Finding>,
    index: HashMap<(&'static str, String, String), usize>,
    /// Distinct times each finding was seen at: a poll repeating one status is one occurrence.
    times: Vec<HashSet<Option<Timestamp>>>,
}

impl FindingSet<'_> {
    fn new(context: &Context) -> FindingSet<'_> {
        FindingSet {
            context,
            order: Vec::new(),
            index: HashMap::new(),
            times: Vec::new(),
        }
    }

    fn add(&mut self, matched: Matched, subject: Subject, seen: Seen) {
        let Matched {
            kind,
            facts,
            raw_message,
            message_key,
            counts,
            severity,
        } = matched;
        let severity = severity.unwrap_or(kind.severity);
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
            // The same words at another severity (an unrecognized message): the gravest stands.
            existing.severity = existing.severity.min(severity);
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
        let diagnosed = kind.diagnose.map(|diagnose| diagnose(&subject, self.context));
        self.order.push(Finding {
            severity,
            observed_at: seen.at,
            first_observed_at: seen.at,
            tracking_root: seen.tracking_root,
            raw_message,
            message_key,
            facts,
            diagnosed,
            counts,
            origin: seen.origin.clone(),
            ..Finding::new(kind, subject)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::observation::Severity;
    use crate::diagnose::domain::Domain;
    use crate::diagnose::finding::{Facts, FindingKind};
    use crate::diagnose::kinds::probe::PROBE;

    fn subject(email: &str) -> Subject {
        Subject {
            kind: SubjectKind::Workspace,
            id: Some("place-1".into()),
            org_id: None,
            email: Some(email.into()),
            display_name: None,
        }
    }

    fn add(findings: &mut FindingSet, kind: &'static FindingKind, email: &str, at: i64, origin: &Arc<Origin>) {
        let seen = Seen {
            at: Some(Timestamp(at)),
            ..Seen::undated(origin)
        };
        findings.add(Matched::new(kind, Facts::default()), subject(email), seen);
    }

    #[test]
    fn a_kind_that_asks_the_context_gets_its_diagnosis_and_others_none() {
        let context = Context {
            email: None,
            tenants: vec![Tenant::from_details(None, "a.example, b.example")],
        };
        let origin = Arc::default();
        let mut findings = FindingSet::new(&context);
        add(&mut findings, &PROBE, "room@c.example", 1, &origin);
        add(&mut findings, &kinds::unrecognized::KIND, "room@c.example", 1, &origin);
        let [probed, plain] = &findings.into_list()[..] else {
            panic!("two findings expected");
        };
        let diagnosed = probed.diagnosed.as_ref().expect("the probe's diagnosis");
        assert_eq!(diagnosed.diagnosis.code, "probed");
        assert_eq!(diagnosed.domain.as_ref().map(Domain::as_str), Some("c.example"));
        assert_eq!(diagnosed.tenants, context.tenants);
        assert_eq!(plain.diagnosed, None);
    }

    #[test]
    fn ranking_keeps_the_gravest_open_newest_first_in_found_order_among_equals() {
        let finding = |n: usize, severity: Severity, at: i64, resolved: bool| Finding {
            severity,
            observed_at: Some(Timestamp(at)),
            resolved_at: resolved.then_some(Timestamp(at + 1)),
            occurrences: n,
            ..Finding::new(&PROBE, subject("room@c.example"))
        };
        let mut list = vec![
            finding(0, Severity::Warning, 5, false),
            finding(1, Severity::Error, 1, true),
            finding(2, Severity::Error, 1, false),
            finding(3, Severity::Error, 3, false),
            finding(4, Severity::Error, 1, false),
            finding(5, Severity::Info, 9, false),
        ];
        rank_and_keep_first(&mut list, 4);
        let order: Vec<usize> = list.iter().map(|f| f.occurrences).collect();
        assert_eq!(order, [3, 2, 4, 0]);
        let mut all = vec![
            finding(0, Severity::Error, 1, false),
            finding(1, Severity::Error, 2, false),
        ];
        rank_and_keep_first(&mut all, MAX_FINDINGS);
        assert_eq!(all.iter().map(|f| f.occurrences).collect::<Vec<_>>(), [1, 0]);
    }

    #[test]
    fn diagnose_all_lists_what_diagnose_omits_in_the_same_order() {
        use crate::decode::observation::StatusRecord;
        let observed: Vec<Observed> = (0..MAX_FINDINGS + 7)
            .map(|n| Observed {
                origin: Arc::default(),
                observation: Observation::Status(StatusRecord {
                    subject_id: Some(format!("subject-{n}")),
                    state: Some(if n % 3 == 0 { "active" } else { "error" }.into()),
                    last_state_change: Some(Timestamp(n as i64)),
                    ..StatusRecord::default()
                }),
            })
            .collect();
        let context = Context::default();
        let capped = diagnose(&observed, &context);
        let all = diagnose_all(&observed, &context);
        assert_eq!((capped.findings.len(), capped.omitted), (MAX_FINDINGS, 7));
        assert_eq!((all.findings.len(), all.omitted), (MAX_FINDINGS + 7, 0));
        assert_eq!(all.findings[..MAX_FINDINGS], capped.findings[..]);
        let ranks: Vec<(Severity, Option<Timestamp>)> =
            all.findings.iter().map(|f| (f.severity, f.observed_at)).collect();
        assert!(
            ranks
                .windows(2)
                .all(|pair| pair[0].0 < pair[1].0 || pair[0].0 == pair[1].0 && pair[0].1 >= pair[1].1),
            "the gravest first, newest first among equals"
        );
    }

    #[test]
    fn a_repeat_keeps_the_first_diagnosis() {
        let context = Context::default();
        let origin = Arc::default();
        let mut findings = FindingSet::new(&context);
        add(&mut findings, &PROBE, "room@c.example", 1, &origin);
        add(&mut findings, &PROBE, "room@c.example", 2, &origin);
        let list = findings.into_list();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].occurrences, 2);
        assert_eq!(list[0].diagnosed.as_ref().map(|d| d.diagnosis.code), Some("probed"));
    }
}
