//! Every finding kind, one file per family: each owns its matching rule, its facts and its
//! catalogue texts. This file only orders them.

pub mod ccc;
pub mod ccc_google;
pub mod ccc_provisioning;
pub mod cloud_owned;
pub mod google;
pub mod graph;
pub mod har_without_bodies;
pub mod message_keys;
pub mod o365;
pub mod org;
#[cfg(test)]
pub mod probe;
pub mod received_error;
pub mod request_failed;
pub mod subject_state;
pub mod unrecognized;

use super::finding::{Counts, Facts, FindingKind};
use crate::decode::observation::{CalendarService, JournalRecord, Message, Owner, Severity, StateKind, StatusRecord};
use crate::limits::bounded;

/// What one observation matched: everything its finding tells but whom and when.
pub struct Matched {
    pub kind: &'static FindingKind,
    pub facts: Facts,
    /// The server's words: a message verbatim (bounded), or a code as its family restates it.
    pub raw_message: Option<String>,
    pub message_key: Option<String>,
    /// The counts an org finding reports.
    pub counts: Option<Counts>,
    /// This finding's own severity, for a family whose findings carry the server's (or the
    /// service status's) severity rather than the kind's; `None` keeps the kind's.
    pub severity: Option<Severity>,
}

impl Matched {
    /// A match with no server words (yet): the family's part.
    pub fn new(kind: &'static FindingKind, facts: Facts) -> Matched {
        Matched {
            kind,
            facts,
            raw_message: None,
            message_key: None,
            counts: None,
            severity: None,
        }
    }
}

/// What the record a message came in says beside it. Some texts mean one thing for a subject
/// on the cloud and another on Expressway, and a Google subject's findings speak of Google.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Record {
    pub in_error: bool,
    pub owner: Option<Owner>,
    pub service: Option<CalendarService>,
}

impl Record {
    pub fn of_status(status: &StatusRecord) -> Record {
        Record {
            in_error: StateKind::is_error(status.state.as_deref()),
            owner: status.owner.as_deref().and_then(Owner::parse),
            service: status.service,
        }
    }

    /// A journal entry does not say who serves its subject.
    pub fn of_journal(entry: &JournalRecord) -> Record {
        Record {
            in_error: StateKind::is_error(entry.state.as_deref()),
            owner: None,
            service: entry.service,
        }
    }
}

/// Everything one status record or journal entry says: a finding per message that reports a
/// problem, then what its state says on its own (an `error` no message explained, a state
/// Control Hub shows as "Unknown"), so that a record in error never reads as all clear.
pub fn classify_record(messages: &[Message], record: &Record, state: Option<&str>) -> Vec<Matched> {
    let mut matched: Vec<Matched> = messages.iter().filter_map(|m| classify_message(m, record)).collect();
    matched.extend(subject_state::classify(state, !matched.is_empty()));
    matched
}

/// Classifies one USS message; `None` for messages that report no problem.
/// Order matters: a provider's "Received error" sentence is the most specific, then the texts
/// whose meaning depends on the subject's owner, unknown problems come last.
pub fn classify_message(message: &Message, record: &Record) -> Option<Matched> {
    let text = message.text();
    let key = message.key.as_deref();
    let matched = google::classify(&text, record.service)
        .or_else(|| o365::classify(&text, key))
        .or_else(|| received_error::classify(&text))
        .or_else(|| cloud_owned::classify(&text, key, record))
        .or_else(|| message_keys::classify(&text, key))
        .or_else(|| unrecognized::classify(message, record.in_error))?;
    Some(Matched {
        raw_message: Some(bounded(&text)).filter(|t| !t.is_empty()),
        message_key: message.key.clone(),
        ..matched
    })
}

/// Every kind, for the catalogue in the README and for tests.
pub fn all_kinds() -> Vec<&'static FindingKind> {
    let mut kinds: Vec<&'static FindingKind> = Vec::new();
    kinds.extend(o365::KINDS);
    kinds.extend(google::KINDS);
    kinds.push(&received_error::OTHER_PROVIDER);
    kinds.extend(cloud_owned::KINDS);
    kinds.extend(message_keys::RULES.iter().map(|rule| &rule.kind));
    kinds.extend(ccc::RULES.iter().map(|rule| &rule.kind));
    kinds.push(&ccc::SERVICE_ERROR);
    kinds.extend(ccc_google::KINDS);
    kinds.extend(ccc_provisioning::KINDS);
    kinds.extend(graph::KINDS);
    kinds.extend(org::KINDS);
    kinds.push(&unrecognized::KIND);
    kinds.extend(subject_state::KINDS);
    kinds.push(&har_without_bodies::KIND);
    kinds.push(&request_failed::KIND);
    kinds
}

/// The kind table's own `&'static` code equal to `code`: a finding read back from its JSON
/// (the pages' worker hands rendered findings to the page so) names only a kind that exists.
pub fn known_code(code: &str) -> Option<&'static str> {
    all_kinds()
        .into_iter()
        .map(|kind| kind.code)
        .find(|known| *known == code)
}

/// The same for a diagnosis code.
pub fn known_diagnosis(code: &str) -> Option<&'static str> {
    o365::DIAGNOSES
        .iter()
        .map(|diagnosis| diagnosis.code)
        .find(|known| *known == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let kinds = all_kinds();
        for (i, kind) in kinds.iter().enumerate() {
            assert!(
                kind.code
                    .split('-')
                    .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())),
                "{}",
                kind.code
            );
            assert!(
                kinds[..i].iter().all(|other| other.code != kind.code),
                "duplicate {}",
                kind.code
            );
            assert!(!kind.steps.is_empty(), "{} has no fix steps", kind.code);
            assert_eq!(known_code(kind.code), Some(kind.code));
        }
        assert_eq!(known_code("no-such-kind"), None);
        for diagnosis in o365::DIAGNOSES {
            assert_eq!(known_diagnosis(diagnosis.code), Some(diagnosis.code));
        }
        assert_eq!(known_diagnosis("o365-unauthorized"), None);
    }
}
