//! USS `GET /orgs/{orgId}/userStatuses?...` →
//! `{ userStatuses: [{ userId, orgId, serviceId, entitled, state, lastStateChange,
//!   lastStatusUpdate, owner?, connectorId?, messages: [...] } | old shape], paging }`.
//! An org's list is read straight from its bytes (tens of thousands of records, no `Value`
//! tree); a pasted bare array, enveloped as a `Value`, by the same readers.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use serde::Deserialize;
use serde::de::{MapAccess, SeqAccess};
use serde_json::Value;

use super::json::{Loose, Read, Reads, Tolerant, Tolerantly, each_element_with, read, skip_value, value};
use super::messages::{RawDescription, RawMessages, embedded_messages_in, record_level};
use crate::decode::observation::{CalendarService, Message, StatusRecord};
use crate::limits::{MAX_RECORDS_PER_BODY, bounded};

pub fn is_user_statuses(body: &Value) -> bool {
    super::json::is_array(body, &["userStatuses"])
}

pub fn decode(body: &Value) -> Vec<StatusRecord> {
    read::<StatusList>(body).0.unwrap_or_default()
}

/// The records of a body that is an object with a `userStatuses` array, read from its bytes;
/// `None` for any other body, and for one that is not JSON (the `Value` path reads the first and
/// says why it cannot read the second).
pub fn decode_body(body: &str) -> Option<Vec<StatusRecord>> {
    serde_json::from_str::<Read<StatusList>>(body).ok()?.0.0
}

/// The body's `userStatuses`, `None` when it has no such array.
#[derive(Default)]
struct StatusList(Option<Vec<StatusRecord>>);

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "camelCase")]
enum ListField {
    UserStatuses,
    #[serde(other)]
    Other,
}

impl<'de> Tolerant<'de> for StatusList {
    fn map<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut list = None;
        while let Some(field) = map.next_key()? {
            match field {
                ListField::UserStatuses => list = value::<Statuses, _>(&mut map)?.0,
                ListField::Other => skip_value(&mut map)?,
            }
        }
        Ok(StatusList(list))
    }
}

/// The `userStatuses` array: the records read, a record that names another service left out;
/// `None` when it is not an array.
#[derive(Default)]
struct Statuses(Option<Vec<StatusRecord>>);

impl<'de> Tolerant<'de> for Statuses {
    fn seq<A: SeqAccess<'de>>(seq: A) -> Result<Self, A::Error> {
        let mut records = Vec::new();
        let mut shared = Shared::default();
        each_element_with(seq, MAX_RECORDS_PER_BODY, |seq| {
            let record = seq.next_element_seed(Tolerantly(&mut shared))?;
            Ok(record.map(|record| records.extend(record)))
        })?;
        Ok(Statuses(Some(records)))
    }
}

/// What the records of one list repeat, made once and shared by them: every record names the
/// same org, one of a few states and owners, and most carry one of a few message lists.
#[derive(Default)]
struct Shared<'de> {
    messages: HashMap<RawMessages<'de>, Arc<[Message]>>,
    /// The texts seen last (at most [`SHARED_TEXTS`]), compared one by one: cheaper than a hash
    /// for the few an org's list repeats, and bounded whatever a body holds.
    texts: Vec<(Cow<'de, str>, Arc<str>)>,
    /// Where the next text goes once `texts` is full.
    next: usize,
}

const SHARED_TEXTS: usize = 16;

impl<'de> Shared<'de> {
    fn messages(&mut self, raw: RawMessages<'de>) -> Arc<[Message]> {
        if let Some(messages) = self.messages.get(&raw) {
            return messages.clone();
        }
        let messages: Arc<[Message]> = raw.messages().into();
        self.messages.insert(raw, messages.clone());
        messages
    }

    /// [`Loose::text`], shared with the records before that said the same.
    fn text(&mut self, loose: &Loose<'de>) -> Option<Arc<str>> {
        let Loose::Text(raw) = loose else {
            return loose.text().map(Arc::from);
        };
        let trimmed = loose.text_ref()?;
        if let Some((_, text)) = self.texts.iter().find(|(seen, _)| seen == trimmed) {
            return Some(text.clone());
        }
        let text: Arc<str> = bounded(trimmed).into();
        let seen = match raw {
            Cow::Borrowed(raw) => Cow::Borrowed(raw.trim()),
            Cow::Owned(_) => Cow::Owned(trimmed.to_string()),
        };
        if self.texts.len() < SHARED_TEXTS {
            self.texts.push((seen, text.clone()));
        } else {
            self.texts[self.next % SHARED_TEXTS] = (seen, text.clone());
            self.next += 1;
        }
        Some(text)
    }
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "camelCase")]
enum StatusField {
    UserId,
    OrgId,
    ServiceId,
    Entitled,
    State,
    LastStateChange,
    LastStatusUpdate,
    Owner,
    ConnectorId,
    Messages,
    StatusDetailsJson,
    Description,
    DescriptionKey,
    #[serde(other)]
    Other,
}

/// One element of `userStatuses` as it arrives; a repeated field's last value stands, as in a
/// `Value`.
#[derive(Default)]
struct Fields<'de> {
    user_id: Loose<'de>,
    org_id: Loose<'de>,
    service_id: Loose<'de>,
    entitled: Loose<'de>,
    state: Loose<'de>,
    last_state_change: Loose<'de>,
    last_status_update: Loose<'de>,
    owner: Loose<'de>,
    connector_id: Loose<'de>,
    messages: RawMessages<'de>,
    status_details_json: Loose<'de>,
    description: RawDescription<'de>,
    description_key: Loose<'de>,
}

/// One element of `userStatuses` read into its record, with what the list's records share.
impl<'de> Reads<'de> for &mut Shared<'de> {
    /// `None` for a record that names a service that is no calendar.
    type Value = Option<StatusRecord>;

    /// An element that is not an object names nothing: an empty record.
    fn other(self) -> Option<StatusRecord> {
        Some(StatusRecord::default())
    }

    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<StatusRecord>, A::Error> {
        let mut fields = Fields::default();
        while let Some(field) = map.next_key()? {
            match field {
                StatusField::UserId => fields.user_id = value(&mut map)?,
                StatusField::OrgId => fields.org_id = value(&mut map)?,
                StatusField::ServiceId => fields.service_id = value(&mut map)?,
                StatusField::Entitled => fields.entitled = value(&mut map)?,
                StatusField::State => fields.state = value(&mut map)?,
                StatusField::LastStateChange => fields.last_state_change = value(&mut map)?,
                StatusField::LastStatusUpdate => fields.last_status_update = value(&mut map)?,
                StatusField::Owner => fields.owner = value(&mut map)?,
                StatusField::ConnectorId => fields.connector_id = value(&mut map)?,
                StatusField::Messages => fields.messages = value(&mut map)?,
                StatusField::StatusDetailsJson => fields.status_details_json = value(&mut map)?,
                StatusField::Description => fields.description = value(&mut map)?,
                StatusField::DescriptionKey => fields.description_key = value(&mut map)?,
                StatusField::Other => skip_value(&mut map)?,
            }
        }
        Ok(fields.record(self))
    }
}

impl<'de> Fields<'de> {
    /// The record, `None` when it names a service that is no calendar. Its messages come from
    /// `messages`, else from `statusDetailsJson`, else from the old record-level `description`.
    fn record(mut self, shared: &mut Shared<'de>) -> Option<StatusRecord> {
        let service = CalendarService::of_record(self.service_id.text_ref())?;
        let state = shared.text(&self.state);
        let mut messages = shared.messages(std::mem::take(&mut self.messages));
        if messages.is_empty() {
            let mut fallback = match &self.status_details_json {
                Loose::Text(embedded) => embedded_messages_in(embedded),
                _ => Vec::new(),
            };
            if fallback.is_empty() {
                fallback.extend(record_level(
                    &self.description,
                    self.description_key.text(),
                    state.as_deref(),
                ));
            }
            if !fallback.is_empty() {
                messages = fallback.into();
            }
        }
        Some(StatusRecord {
            subject_id: self.user_id.text(),
            org_id: shared.text(&self.org_id),
            entitled: self.entitled.boolean(),
            state,
            last_state_change: self.last_state_change.timestamp(),
            last_status_update: self.last_status_update.timestamp(),
            owner: shared.text(&self.owner),
            connector_id: shared.text(&self.connector_id),
            service,
            messages,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::observation::{Message, Severity};
    use crate::time::Timestamp;

    /// The body read from its bytes, checked against the same body read as a `Value`.
    fn read(body: &str) -> Vec<StatusRecord> {
        let typed = decode_body(body).expect("a status list");
        assert_eq!(typed, decode(&serde_json::from_str(body).unwrap()), "{body}");
        typed
    }

    #[test]
    fn odd_fields_read_as_the_value_accessors_read_them() {
        let [numbers, blank, other_types, embedded, old, not_an_object] = &read(
            r#"{"paging": {"count": 6}, "userStatuses": [
                {"userId": 42, "orgId": 1.5, "state": " error ", "entitled": "TRUE", "owner": "ccc",
                 "lastStateChange": 1764206640000, "lastStatusUpdate": "2026-11-27T01:30:12.345Z",
                 "messages": [{"severity": "warn", "key": 7, "description": " Received error 'Unauthorized' from O365. ",
                               "replacementValues": [{"key": "k", "value": 3}, {"key": "no value"}, 5]},
                              {"severity": "info"}, "a bare string", 12]},
                {"userId": " ", "state": "", "serviceId": " squared-fusion-gcal ", "messages": []},
                {"userId": [], "orgId": {}, "entitled": 1, "lastStateChange": -5, "messages": {"severity": "error"}},
                {"state": "error", "statusDetailsJson": "{\"details\": [{\"severity\": \"error\", \"description\": \"x\"}]}"},
                {"state": "error", "description": {"key": "c_cal@old", "defaultMessage": "Old words"}},
                "not an object",
                {"serviceId": "squared-fusion-uc", "state": "error"}
            ]}"#,
        )[..] else {
            panic!("six records: the one of another service is left out")
        };
        assert_eq!(numbers.subject_id.as_deref(), Some("42"));
        assert_eq!(numbers.org_id.as_deref(), Some("1.5"));
        assert_eq!(numbers.state.as_deref(), Some("error"));
        assert_eq!(numbers.entitled, Some(true));
        assert_eq!(numbers.last_state_change, Some(Timestamp(1_764_206_640_000)));
        assert_eq!(numbers.last_status_update, Timestamp::parse("2026-11-27T01:30:12.345Z"));
        assert_eq!(numbers.service, None);
        let [sentence, bare] = &numbers.messages[..] else {
            panic!(
                "the info message without words and the number say nothing: {:?}",
                numbers.messages
            )
        };
        assert_eq!(sentence.key.as_deref(), Some("7"));
        assert_eq!(sentence.severity, Some(Severity::Warning));
        assert_eq!(
            sentence.description, " Received error 'Unauthorized' from O365. ",
            "verbatim"
        );
        assert_eq!(sentence.replacement_values, [("k".to_string(), "3".to_string())]);
        assert_eq!(bare.description, "a bare string");
        assert_eq!(
            (blank.subject_id.as_deref(), blank.state.as_deref(), blank.service),
            (None, None, Some(CalendarService::Google))
        );
        assert_eq!(
            (
                other_types.subject_id.as_deref(),
                other_types.org_id.as_deref(),
                other_types.entitled
            ),
            (None, None, None)
        );
        assert_eq!((other_types.last_state_change, other_types.messages.len()), (None, 0));
        assert_eq!(embedded.messages[0].description, "x");
        assert_eq!(
            old.messages[..],
            [Message {
                key: Some("c_cal@old".into()),
                severity: Some(Severity::Error),
                description: "Old words".into(),
                ..Message::default()
            }]
        );
        assert_eq!(*not_an_object, StatusRecord::default());
    }

    #[test]
    fn a_repeated_field_keeps_its_last_value_as_a_value_does() {
        let records = read(
            r#"{"userStatuses": [{"state": "error", "userId": "a", "state": "activated"}],
                               "userStatuses": [{"state": "error", "userId": "b", "userId": "c"}]}"#,
        );
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].subject_id.as_deref(), Some("c"));
        assert_eq!(records[0].state.as_deref(), Some("error"));
    }

    #[test]
    fn what_a_value_refuses_or_does_not_list_is_left_to_the_value_path() {
        for body in [
            r#"{"userStatuses": [], "paging": "\ud800"}"#,
            r#"{"userStatuses": [], "paging": {"count": 1e400}}"#,
            r#"{"userStatuses": [] "#,
            r#"{"userStatuses": {"userId": "u"}}"#,
            r#"{"entries": []}"#,
            r#"[{"userId": "u", "state": "error"}]"#,
        ] {
            assert_eq!(decode_body(body), None, "{body}");
        }
    }

    #[test]
    fn a_page_is_read_up_to_uss_page_size() {
        let body = format!(
            r#"{{"userStatuses": [{}]}}"#,
            vec![r#"{"userId": "u"}"#; MAX_RECORDS_PER_BODY + 3].join(",")
        );
        assert_eq!(read(&body).len(), MAX_RECORDS_PER_BODY);
    }
}
