//! From observations to findings: classify every message, learn each subject's mailbox,
//! let each kind that has one diagnose its cause from the context, merge repeats (polling),
//! mark what has since recovered.

pub mod domain;
pub mod finding;
pub mod kinds;
mod order;
pub mod tenant;
pub mod timeline;

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::decode::observation::{CalendarService, Observation, Observed, Origin, Severity, StatusRecord, SubjectKind};
use crate::limits::MAX_FINDINGS;
use crate::time::Timestamp;
use finding::{Counts, Facts, Finding, FindingKind, Subject};
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
    let identities = identity_index(observed);
    let subjects = SubjectResolver {
        identities: &identities,
        context,
    };
    let mut findings = FindingSet::new(context, observed.len());
    let mut statuses = StatusClasses::default();
    for Observed { origin, observation } in observed {
        match observation {
            Observation::Status(status) => {
                let classes = statuses.of(status, &mut findings.words);
                if classes.is_empty() {
                    continue;
                }
                let subject = subjects.resolve(status.subject_id.as_deref(), status.org_id.as_deref(), None);
                let seen = Seen {
                    at: status.last_state_change,
                    tracking_root: None,
                    origin,
                };
                for class in classes {
                    findings.add(class.clone(), subject, seen);
                }
            }
            Observation::Journal(entry) => {
                let subject =
                    subjects.resolve(entry.subject_id.as_deref(), entry.org_id.as_deref(), entry.subject_kind);
                let seen = Seen {
                    at: entry.time,
                    tracking_root: entry.tracking_root.as_deref(),
                    origin,
                };
                let record = Record::of_journal(entry);
                for matched in kinds::classify_record(&entry.messages, &record, entry.state.as_deref()) {
                    findings.add_matched(matched, subject, seen);
                }
            }
            Observation::Ccc(status) => {
                if let Some(matched) = ccc::classify(status) {
                    let subject = SubjectRef {
                        kind: SubjectKind::Org,
                        org_id: status.org_id.as_deref(),
                        ..SubjectRef::NOBODY
                    };
                    findings.add_matched(matched, subject, Seen::undated(origin));
                }
            }
            Observation::Graph(error) => {
                let subject = SubjectRef {
                    email: error.mailbox.as_deref(),
                    ..SubjectRef::NOBODY
                };
                let seen = Seen {
                    at: error.date,
                    tracking_root: None,
                    origin,
                };
                findings.add_matched(graph::classify(error), subject, seen);
            }
            Observation::Provisioning(error) => {
                let subject = SubjectRef {
                    kind: SubjectKind::Org,
                    org_id: error.org_id.as_deref(),
                    // The setup test's account is the mailbox its finding is about.
                    email: error.test_email.as_deref(),
                    ..SubjectRef::NOBODY
                };
                let seen = Seen {
                    at: None,
                    tracking_root: error.tracking_id.as_deref(),
                    origin,
                };
                findings.add_matched(ccc_provisioning::classify(error), subject, seen);
            }
            Observation::EmailValidation(validation) => {
                if let Some(matched) = google::classify_validation(validation) {
                    let subject = subjects.resolve(None, None, Some(SubjectKind::Workspace));
                    findings.add_matched(matched, subject, Seen::undated(origin));
                }
            }
            Observation::Summary(summary) => {
                if let Some(matched) = org::classify_summary(summary) {
                    findings.add_matched(
                        matched,
                        SubjectRef::org(summary.org_id.as_deref()),
                        Seen::undated(origin),
                    );
                }
            }
            Observation::Alarm(alarm) => {
                let matched = org::classify_alarm(alarm);
                findings.add_matched(matched, SubjectRef::org(alarm.org_id.as_deref()), Seen::undated(origin));
            }
            Observation::HarWithoutBodies {
                matching_entries,
                without_body,
            } => {
                let matched = har_without_bodies::classify(*matching_entries, *without_body);
                findings.add_matched(matched, SubjectRef::NOBODY, Seen::undated(origin));
            }
            Observation::RequestFailed(failed) => {
                let subject = subjects.resolve(failed.subject_id.as_deref(), failed.org_id.as_deref(), None);
                let seen = Seen {
                    at: failed.at,
                    tracking_root: failed.tracking_id.as_deref(),
                    origin,
                };
                findings.add_matched(request_failed::classify(failed), subject, seen);
            }
            Observation::Identity(_) => {}
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
    // One lookup per finding: a status list of tens of thousands of subjects stays linear. Such
    // a list holds no history at all, and needs no lookup.
    if !timelines.is_empty() {
        let by_subject: HashMap<&str, &Timeline> = timelines.iter().map(|t| (t.subject_id.as_str(), t)).collect();
        for finding in &mut list {
            let timeline = finding
                .subject
                .id
                .as_ref()
                .and_then(|id| by_subject.get(&*timeline::subject_key(id)));
            finding.resolved_at = timeline.and_then(|t| t.activated_since(finding.observed_at));
        }
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
/// the first `keep` are kept. The ranks alone are sorted (one integer each, `rank`), then each
/// kept finding is moved once: tens of thousands of findings cost no sort of large records, nor
/// a second list of them. Each rank ends with where its finding was found, so no two are equal
/// and an unstable sort keeps the order found among equals. Setting the first `keep` apart
/// before sorting (`select_nth_unstable`) would save little next to diagnosing that many, and
/// is another 4 KB of the banner's Wasm.
fn rank_and_keep_first(list: &mut Vec<Finding>, keep: usize) {
    let mut ranks: Vec<u128> = list
        .iter()
        .enumerate()
        .map(|(found, f)| rank(f) | (found as u128 & FOUND))
        .collect();
    ranks.sort_unstable();
    ranks.truncate(keep);
    // In place: an `Option<Finding>` is the size of a `Finding`.
    let mut found: Vec<Option<Finding>> = std::mem::take(list).into_iter().map(Some).collect();
    list.extend(ranks.iter().filter_map(|&rank| found[(rank & FOUND) as usize].take()));
}

/// The low bits of a rank in [`rank_and_keep_first`]: where the finding was found (fewer
/// findings than 2^48 fit).
const FOUND: u128 = (1 << 48) - 1;

/// A finding's place in [`rank_and_keep_first`]'s order as one number, so that sorting the
/// tens of thousands of an org's list compares integers: from the high bits, resolved or open
/// (bit 127), severity (from bit 112), the time it was last seen (64 bits from bit 48, newest
/// first, unknown last); the bits below are left for where it was found.
fn rank(finding: &Finding) -> u128 {
    // An i64 in the order of its u64 with the sign bit flipped; inverted, newest first. No
    // time reaches i64::MIN, so no time ranks with the unknown ones.
    let newest_first = finding.observed_at.map_or(u64::MAX, |at| !((at.0 as u64) ^ (1 << 63)));
    (u128::from(finding.resolved_at.is_some()) << 127)
        | ((finding.severity as u128) << 112)
        | (u128::from(newest_first) << 48)
}

/// What the identity records read say of one subject, each field from the first record that
/// tells it (a machine account names a workspace whose CSDM place gives its mailbox).
#[derive(Clone, Copy, Default)]
struct Identity<'a> {
    kind: SubjectKind,
    org_id: Option<&'a str>,
    email: Option<&'a str>,
    display_name: Option<&'a str>,
}

/// Every identity record read, merged per subject id (as [`timeline::subject_key`] writes it).
fn identity_index(observed: &[Observed]) -> HashMap<String, Identity<'_>> {
    let mut index: HashMap<String, Identity<'_>> = HashMap::new();
    for o in observed {
        let Observation::Identity(record) = &o.observation else {
            continue;
        };
        for id in &record.ids {
            let known = index.entry(timeline::subject_key(id).into_owned()).or_default();
            if known.kind == SubjectKind::Unknown {
                known.kind = record.kind;
            }
            known.org_id = known.org_id.or(record.org_id.as_deref());
            known.email = known.email.or(record.email.as_deref());
            known.display_name = known.display_name.or(record.display_name.as_deref());
        }
    }
    index
}

struct SubjectResolver<'a> {
    identities: &'a HashMap<String, Identity<'a>>,
    context: &'a Context,
}

impl<'a> SubjectResolver<'a> {
    /// The subject with this id as its identity records say (its kind, mailbox and name), the
    /// record's own kind when they do not say; without a mailbox of its own, the context's email
    /// stands for the subject being looked at.
    fn resolve(&self, id: Option<&'a str>, org_id: Option<&'a str>, kind: Option<SubjectKind>) -> SubjectRef<'a> {
        let known = id
            .filter(|_| !self.identities.is_empty())
            .and_then(|id| self.identities.get(&*timeline::subject_key(id)))
            .copied()
            .unwrap_or_default();
        SubjectRef {
            kind: match known.kind {
                SubjectKind::Unknown => kind.unwrap_or(SubjectKind::Unknown),
                kind => kind,
            },
            id,
            org_id: org_id.or(known.org_id),
            email: known.email.or(self.context.email.as_deref()),
            display_name: known.display_name,
        }
    }
}

/// Who an observation is about, borrowed from it (and from the place object or the context that
/// tells its mailbox): a finding takes its own copy ([`Subject`]) only when it is new, not for
/// each of the subject's repeats.
#[derive(Clone, Copy)]
struct SubjectRef<'a> {
    kind: SubjectKind,
    id: Option<&'a str>,
    org_id: Option<&'a str>,
    email: Option<&'a str>,
    display_name: Option<&'a str>,
}

impl<'a> SubjectRef<'a> {
    const NOBODY: SubjectRef<'static> = SubjectRef {
        kind: SubjectKind::Unknown,
        id: None,
        org_id: None,
        email: None,
        display_name: None,
    };

    /// The organization, as an org-wide finding's subject.
    fn org(org_id: Option<&'a str>) -> SubjectRef<'a> {
        SubjectRef {
            kind: SubjectKind::Org,
            org_id,
            ..SubjectRef::NOBODY
        }
    }

    /// Whom findings are merged by: the subject's id, else its mailbox, else its org.
    fn who(&self) -> Cow<'a, str> {
        timeline::subject_key(self.id.or(self.email).or(self.org_id).unwrap_or_default())
    }

    fn owned(&self) -> Subject {
        let owned = |text: Option<&str>| text.map(str::to_string);
        Subject {
            kind: self.kind,
            id: owned(self.id),
            org_id: owned(self.org_id),
            email: owned(self.email),
            display_name: owned(self.display_name),
        }
    }
}

/// When and where one occurrence was seen.
#[derive(Clone, Copy)]
struct Seen<'a> {
    at: Option<Timestamp>,
    tracking_root: Option<&'a str>,
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

/// What a classification gives each finding it makes, its words shared: the subjects of an
/// org's list that say the same share one copy.
#[derive(Clone)]
struct Class {
    kind: &'static FindingKind,
    severity: Severity,
    facts: Facts,
    /// One `Arc` per distinct text in a diagnosis ([`Words`]): findings are merged by it.
    raw_message: Option<Arc<str>>,
    message_key: Option<Arc<str>>,
    counts: Option<Counts>,
}

impl Class {
    fn of(matched: Matched, words: &mut Words) -> Class {
        Class {
            kind: matched.kind,
            severity: matched.severity.unwrap_or(matched.kind.severity),
            facts: matched.facts,
            raw_message: matched.raw_message.map(|text| words.one(text)),
            message_key: matched.message_key.map(Arc::from),
            counts: matched.counts,
        }
    }
}

/// The texts of one diagnosis, each held once.
#[derive(Default)]
struct Words(HashSet<Arc<str>>);

impl Words {
    fn one(&mut self, text: String) -> Arc<str> {
        if let Some(one) = self.0.get(text.as_str()) {
            return one.clone();
        }
        let one: Arc<str> = text.into();
        self.0.insert(one.clone());
        one
    }
}

/// The classes of each status, by what decides them: its message list, state and owner, which
/// the records of one status list share ([`crate::decode::observation::StatusRecord`]). Keyed
/// by where those live in the observations, which outlive the diagnosis: a word each to hash.
#[derive(Default)]
struct StatusClasses(HashMap<(usize, usize, usize, Option<CalendarService>), Vec<Class>>);

impl StatusClasses {
    fn of(&mut self, status: &StatusRecord, words: &mut Words) -> &[Class] {
        let at = |text: &Option<Arc<str>>| text.as_ref().map_or(0, |text| text.as_ptr() as usize);
        let key = (
            status.messages.as_ptr() as usize,
            at(&status.state),
            at(&status.owner),
            status.service,
        );
        self.0.entry(key).or_insert_with(|| {
            let record = Record::of_status(status);
            kinds::classify_record(&status.messages, &record, status.state.as_deref())
                .into_iter()
                .map(|matched| Class::of(matched, words))
                .collect()
        })
    }
}

/// Distinct times a finding was seen at: a poll repeating one status is one occurrence. Most
/// findings of an org's list are seen once, and hold no set.
enum Times {
    One(Option<Timestamp>),
    Many(HashSet<Option<Timestamp>>),
}

impl Times {
    /// Adds `at`; how many distinct times there are now.
    fn add(&mut self, at: Option<Timestamp>) -> usize {
        match self {
            Times::One(first) if *first == at => 1,
            Times::One(first) => {
                *self = Times::Many(HashSet::from([*first, at]));
                2
            }
            Times::Many(times) => {
                times.insert(at);
                times.len()
            }
        }
    }
}

/// Findings merged by (kind, subject, raw message): Control Hub polls, history repeats.
struct FindingSet<'a> {
    /// What the page or person knows, for the kinds the context diagnoses.
    context: &'a Context,
    order: Vec<Finding>,
    /// By kind, subject and the address of its one raw message ([`Words`]).
    index: HashMap<(&'static str, Cow<'a, str>, usize), usize>,
    times: Vec<Times>,
    words: Words,
}

impl<'a> FindingSet<'a> {
    /// A set for up to `observations` observations' findings (most make one or none).
    fn new(context: &'a Context, observations: usize) -> FindingSet<'a> {
        FindingSet {
            context,
            order: Vec::new(),
            index: HashMap::with_capacity(observations),
            times: Vec::new(),
            words: Words::default(),
        }
    }

    fn add_matched(&mut self, matched: Matched, subject: SubjectRef<'a>, seen: Seen<'a>) {
        let class = Class::of(matched, &mut self.words);
        self.add(class, subject, seen);
    }

    fn add(&mut self, class: Class, subject: SubjectRef<'a>, seen: Seen<'a>) {
        let words = class.raw_message.as_deref().filter(|words| !words.is_empty());
        let key = (class.kind.code, subject.who(), words.map_or(0, |w| w.as_ptr() as usize));
        let at = match self.index.entry(key) {
            Entry::Occupied(found) => *found.get(),
            Entry::Vacant(new) => {
                new.insert(self.order.len());
                self.times.push(Times::One(seen.at));
                let subject = subject.owned();
                let diagnosed = class.kind.diagnose.map(|diagnose| diagnose(&subject, self.context));
                self.order.push(Finding {
                    severity: class.severity,
                    observed_at: seen.at,
                    first_observed_at: seen.at,
                    tracking_root: seen.tracking_root.map(str::to_string),
                    raw_message: class.raw_message,
                    message_key: class.message_key,
                    facts: class.facts,
                    diagnosed,
                    counts: class.counts,
                    origin: seen.origin.clone(),
                    ..Finding::new(class.kind, subject)
                });
                return;
            }
        };
        let existing = &mut self.order[at];
        existing.occurrences = self.times[at].add(seen.at);
        // The same words at another severity (an unrecognized message): the gravest stands.
        existing.severity = existing.severity.min(class.severity);
        existing.first_observed_at = min_some(existing.first_observed_at, seen.at);
        if seen.at >= existing.observed_at {
            existing.observed_at = seen.at;
            existing.origin = seen.origin.clone();
        }
        if seen.tracking_root.is_some() && (existing.tracking_root.is_none() || seen.at >= existing.observed_at) {
            existing.tracking_root = seen.tracking_root.map(str::to_string);
        }
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
    use crate::diagnose::domain::Domain;
    use crate::diagnose::kinds::probe::PROBE;

    fn subject(email: &str) -> SubjectRef<'_> {
        SubjectRef {
            kind: SubjectKind::Workspace,
            id: Some("place-1"),
            email: Some(email),
            ..SubjectRef::NOBODY
        }
    }

    fn add<'a>(
        findings: &mut FindingSet<'a>,
        kind: &'static FindingKind,
        email: &'a str,
        at: i64,
        origin: &'a Arc<Origin>,
    ) {
        let seen = Seen {
            at: Some(Timestamp(at)),
            ..Seen::undated(origin)
        };
        findings.add_matched(Matched::new(kind, Facts::default()), subject(email), seen);
    }

    #[test]
    fn a_kind_that_asks_the_context_gets_its_diagnosis_and_others_none() {
        let context = Context {
            email: None,
            tenants: vec![Tenant::from_details(None, "a.example, b.example")],
        };
        let origin = Arc::default();
        let mut findings = FindingSet::new(&context, 2);
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
            ..Finding::new(&PROBE, subject("room@c.example").owned())
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
    fn statuses_sharing_a_message_list_are_each_classified_by_their_own_owner() {
        use crate::decode::observation::Message;
        let connector = || -> Arc<[Message]> {
            vec![Message {
                key: Some("das.noOperationalConnector".into()),
                severity: Some(Severity::Error),
                description: "No operational connector found for user.".into(),
                ..Message::default()
            }]
            .into()
        };
        let shared = connector();
        let status = |id: &str, owner: &str, at: i64, messages: &Arc<[Message]>| Observed {
            origin: Arc::default(),
            observation: Observation::Status(StatusRecord {
                subject_id: Some(id.into()),
                state: Some("error".into()),
                owner: Some(owner.into()),
                last_state_change: Some(Timestamp(at)),
                messages: messages.clone(),
                ..StatusRecord::default()
            }),
        };
        let observed = [
            status("on-cloud", "ccc", 1, &shared),
            status("on-expressway", "uss", 1, &shared),
            // The same words polled again, read from another body: another list, one finding.
            status("on-cloud", "ccc", 2, &connector()),
        ];
        let outcome = diagnose_all(&observed, &Context::default());
        let found: Vec<(&str, Option<&str>, usize)> = outcome
            .findings
            .iter()
            .map(|f| (f.kind.code, f.subject.id.as_deref(), f.occurrences))
            .collect();
        assert_eq!(
            found,
            [
                ("cloud-connector-text-on-cloud-subject", Some("on-cloud"), 2),
                ("das-no-operational-connector", Some("on-expressway"), 1),
            ]
        );
    }

    #[test]
    fn a_repeat_keeps_the_first_diagnosis() {
        let context = Context::default();
        let origin = Arc::default();
        let mut findings = FindingSet::new(&context, 2);
        add(&mut findings, &PROBE, "room@c.example", 1, &origin);
        add(&mut findings, &PROBE, "room@c.example", 2, &origin);
        let list = findings.into_list();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].occurrences, 2);
        assert_eq!(list[0].diagnosed.as_ref().map(|d| d.diagnosis.code), Some("probed"));
    }
}
