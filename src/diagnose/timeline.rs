//! A subject's history ("See history" entries and status snapshots) in time order: state
//! changes, the first and latest error, and whether the status recovered since.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::order::sort_stable_by;
use crate::decode::observation::{JournalRecord, Severity, StateKind, StatusRecord};
use crate::limits::MAX_TIMELINE_EVENTS;
use crate::time::Timestamp;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimelineEvent {
    pub time: Option<Timestamp>,
    /// `SetUserStatus`, `AddEntitlement`, … or `UserStatus` for a status snapshot.
    pub entry_type: Option<String>,
    pub state: Option<String>,
    pub message: Option<String>,
    pub is_error: bool,
    pub tracking_root: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Timeline {
    pub subject_id: String,
    pub events: Vec<TimelineEvent>,
    pub first_error_at: Option<Timestamp>,
    pub latest_error_at: Option<Timestamp>,
    /// The first `activated` after the latest error, when the status came back.
    pub recovered_at: Option<Timestamp>,
    /// The newest state of any event, a status snapshot's as much as a journal entry's.
    pub current_state: Option<String>,
}

impl Timeline {
    /// Whether this is a history worth showing: a "See history" entry, or more than one state
    /// seen. A lone status snapshot is not; its finding says all it holds, and an org-wide
    /// status list would otherwise show tens of thousands of one-line histories.
    pub fn is_history(&self) -> bool {
        self.events.len() > 1
            || self
                .events
                .iter()
                .any(|e| e.entry_type.as_deref() != Some(STATUS_SNAPSHOT))
    }

    /// When the subject was activated again after `at` (the time a finding was last seen), if it
    /// still is: that finding is history. A finding seen at no known time is history once the
    /// subject recovered from its latest error.
    pub fn activated_since(&self, at: Option<Timestamp>) -> Option<Timestamp> {
        if !StateKind::is_activated(self.current_state.as_deref()) {
            return None;
        }
        let Some(at) = at else {
            return self.recovered_at;
        };
        self.events
            .iter()
            .filter(|e| e.time > Some(at) && StateKind::is_activated(e.state.as_deref()))
            .find_map(|e| e.time)
    }
}

const STATUS_SNAPSHOT: &str = "UserStatus";

fn is_error(state: Option<&str>, severities: impl Iterator<Item = Option<Severity>>) -> bool {
    StateKind::is_error(state) || severities.into_iter().any(|s| s == Some(Severity::Error))
}

impl From<&JournalRecord> for TimelineEvent {
    fn from(record: &JournalRecord) -> Self {
        TimelineEvent {
            time: record.time,
            entry_type: record.entry_type.clone(),
            state: record.state.clone(),
            message: record.messages.first().map(|m| m.text()),
            is_error: is_error(record.state.as_deref(), record.messages.iter().map(|m| m.severity)),
            tracking_root: record.tracking_root.clone(),
        }
    }
}

impl From<&StatusRecord> for TimelineEvent {
    fn from(record: &StatusRecord) -> Self {
        TimelineEvent {
            time: record.last_state_change,
            entry_type: Some(STATUS_SNAPSHOT.to_string()),
            state: record.state.as_deref().map(str::to_string),
            message: record.messages.first().map(|m| m.text()),
            is_error: is_error(record.state.as_deref(), record.messages.iter().map(|m| m.severity)),
            tracking_root: None,
        }
    }
}

/// What a timeline is built from: a journal entry or a status snapshot.
#[derive(Clone, Copy)]
enum Source<'a> {
    Journal(&'a JournalRecord),
    Status(&'a StatusRecord),
}

impl From<Source<'_>> for TimelineEvent {
    fn from(source: Source) -> Self {
        match source {
            Source::Journal(record) => record.into(),
            Source::Status(record) => record.into(),
        }
    }
}

/// One subject's sources. Most subjects of an org's status list are seen once, in one status,
/// and have no history: they hold no list.
enum Sources<'a> {
    One(Source<'a>),
    Many(Vec<Source<'a>>),
}

impl<'a> Sources<'a> {
    fn push(&mut self, source: Source<'a>) {
        match self {
            Sources::One(first) => *self = Sources::Many(vec![*first, source]),
            Sources::Many(sources) => sources.push(source),
        }
    }

    /// A history to show, unless one status snapshot is all there is.
    fn into_history(self) -> Option<Vec<Source<'a>>> {
        match self {
            Sources::One(Source::Status(_)) => None,
            Sources::One(journal) => Some(vec![journal]),
            Sources::Many(sources) => Some(sources),
        }
    }
}

/// A subject id as timelines and places are keyed: lower case, copied only when it is not
/// already (ids usually are), so that a lookup per subject costs no allocation.
pub(crate) fn subject_key(id: &str) -> Cow<'_, str> {
    // Every byte looked at, without stopping at the first capital: the compiler checks many at
    // once, and most ids have none.
    if id.bytes().fold(false, |upper, b| upper | b.is_ascii_uppercase()) {
        Cow::Owned(id.to_ascii_lowercase())
    } else {
        Cow::Borrowed(id)
    }
}

/// One timeline per subject id that has a history ([`Timeline::is_history`]), from its journal
/// entries and status snapshots, ordered by subject id. A subject seen in one status snapshot
/// only gets none: nothing in it could show a recovery, and an org's status list holds tens of
/// thousands of them.
pub fn build<'a>(
    journal: impl Iterator<Item = &'a JournalRecord>,
    statuses: impl Iterator<Item = &'a StatusRecord>,
) -> Vec<Timeline> {
    let journal = journal.filter_map(|record| Some((record.subject_id.as_deref()?, Source::Journal(record))));
    let statuses = statuses.filter_map(|record| Some((record.subject_id.as_deref()?, Source::Status(record))));
    let all = journal.chain(statuses);
    // Sized for every record at once (at most the observations): no rehash of tens of thousands
    // of ids as it grows.
    let mut sources: HashMap<Cow<'a, str>, Sources<'a>> = HashMap::with_capacity(all.size_hint().1.unwrap_or(0));
    for (id, source) in all {
        match sources.entry(subject_key(id)) {
            Entry::Occupied(mut seen) => seen.get_mut().push(source),
            Entry::Vacant(new) => {
                new.insert(Sources::One(source));
            }
        }
    }
    let mut timelines: Vec<Timeline> = sources
        .into_iter()
        .filter_map(|(id, sources)| Some((id, sources.into_history()?)))
        .map(|(id, sources)| timeline(id.into_owned(), sources.into_iter().map(TimelineEvent::from).collect()))
        // Repeated polls of one status collapse into one snapshot: no history after all.
        .filter(Timeline::is_history)
        .collect();
    sort_stable_by(&mut timelines, |a, b| a.subject_id.cmp(&b.subject_id));
    timelines
}

fn timeline(subject_id: String, mut events: Vec<TimelineEvent>) -> Timeline {
    let is_snapshot = |e: &TimelineEvent| e.entry_type.as_deref() == Some(STATUS_SNAPSHOT);
    // An undated journal entry cannot be placed; an undated status snapshot is the state the
    // subject is in now, so it goes last. Polling repeats the same events.
    events.retain(|event| event.time.is_some() || is_snapshot(event));
    sort_stable_by(&mut events, |a, b| {
        (a.time.is_none(), a.time, &a.entry_type).cmp(&(b.time.is_none(), b.time, &b.entry_type))
    });
    events.dedup();
    // A status snapshot repeats the journal's state change at the same instant.
    let journal_changes: HashSet<(Option<Timestamp>, Option<String>)> = events
        .iter()
        .filter(|e| !is_snapshot(e))
        .map(|e| (e.time, e.state.clone()))
        .collect();
    events.retain(|e| !is_snapshot(e) || !journal_changes.contains(&(e.time, e.state.clone())));
    if events.len() > MAX_TIMELINE_EVENTS {
        events.drain(..events.len() - MAX_TIMELINE_EVENTS);
    }
    let errors: Vec<Timestamp> = events.iter().filter(|e| e.is_error).filter_map(|e| e.time).collect();
    let latest_error_at = errors.last().copied();
    let recovered_at = latest_error_at.and_then(|latest| {
        events
            .iter()
            .filter(|e| e.time > Some(latest) && StateKind::is_activated(e.state.as_deref()))
            .find_map(|e| e.time)
    });
    let current_state = events.iter().rev().find_map(|e| e.state.clone());
    // Recovered only if nothing failed again after it.
    let still_recovered = recovered_at.filter(|_| StateKind::is_activated(current_state.as_deref()));
    Timeline {
        subject_id,
        first_error_at: errors.first().copied(),
        latest_error_at,
        recovered_at: still_recovered,
        current_state,
        events,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(time: &str, state: &str) -> JournalRecord {
        JournalRecord {
            time: Timestamp::parse(time),
            entry_type: Some("SetUserStatus".into()),
            subject_id: Some("U1".into()),
            state: Some(state.into()),
            ..JournalRecord::default()
        }
    }

    #[test]
    fn orders_events_and_finds_recovery() {
        let journal = [
            entry("2026-11-20T10:00:00Z", "activated"),
            entry("2026-11-26T08:00:00Z", "error"),
            entry("2026-11-25T08:00:00Z", "error"),
            entry("2026-11-27T01:24:00Z", "activated"),
            entry("2026-11-27T01:24:00Z", "activated"),
        ];
        let timelines = build(journal.iter(), std::iter::empty());
        let t = &timelines[0];
        assert_eq!(t.subject_id, "u1");
        assert_eq!(t.events.len(), 4);
        assert_eq!(t.first_error_at, Timestamp::parse("2026-11-25T08:00:00Z"));
        assert_eq!(t.latest_error_at, Timestamp::parse("2026-11-26T08:00:00Z"));
        assert_eq!(t.recovered_at, Timestamp::parse("2026-11-27T01:24:00Z"));
        assert_eq!(t.current_state.as_deref(), Some("activated"));
    }

    fn snapshot(time: Option<&str>, state: &str) -> StatusRecord {
        StatusRecord {
            subject_id: Some("U1".into()),
            state: Some(state.into()),
            last_state_change: time.and_then(Timestamp::parse),
            ..StatusRecord::default()
        }
    }

    #[test]
    fn the_current_state_comes_from_a_status_as_much_as_from_the_journal() {
        let journal = [entry("2026-11-20T10:00:00Z", "activated")];
        let undated = [snapshot(None, "error")];
        let t = &build(journal.iter(), undated.iter())[0];
        assert_eq!(t.current_state.as_deref(), Some("error"));
        assert_eq!(t.events.len(), 2, "the undated status is the present: {:?}", t.events);
        let newer = [snapshot(Some("2026-11-21T10:00:00Z"), "error")];
        let t = &build(journal.iter(), newer.iter())[0];
        assert_eq!(t.current_state.as_deref(), Some("error"));
        assert_eq!(t.latest_error_at, Timestamp::parse("2026-11-21T10:00:00Z"));
    }

    #[test]
    fn a_finding_is_history_once_the_subject_is_activated_after_it() {
        let journal = [
            entry("2026-11-25T08:00:00Z", "error"),
            entry("2026-11-26T08:00:00Z", "activated"),
            entry("2026-11-27T08:00:00Z", "error"),
            entry("2026-11-28T08:00:00Z", "activated"),
        ];
        let t = &build(journal.iter(), std::iter::empty())[0];
        let at = |time| Timestamp::parse(time);
        assert_eq!(
            t.activated_since(at("2026-11-25T08:00:00Z")),
            at("2026-11-26T08:00:00Z")
        );
        assert_eq!(
            t.activated_since(at("2026-11-27T08:00:00Z")),
            at("2026-11-28T08:00:00Z")
        );
        assert_eq!(t.activated_since(None), at("2026-11-28T08:00:00Z"));
        let failing_now = [snapshot(None, "error")];
        let t = &build(journal.iter(), failing_now.iter())[0];
        assert_eq!(t.activated_since(at("2026-11-25T08:00:00Z")), None);
    }

    #[test]
    fn an_error_after_recovery_is_not_recovered() {
        let journal = [
            entry("2026-11-25T08:00:00Z", "error"),
            entry("2026-11-26T08:00:00Z", "activated"),
            entry("2026-11-27T08:00:00Z", "error"),
        ];
        let t = &build(journal.iter(), std::iter::empty())[0];
        assert_eq!(t.recovered_at, None);
        assert_eq!(t.current_state.as_deref(), Some("error"));
    }
}
