//! USS "See history":
//! classic `GET /orgs/{orgId}/userJournal/{id}?serviceId=…` → `{ entries: [{ time, entry: { type,
//!   payload: { orgId, userId, serviceId, state?, description?, descriptionKey?, messages, userType },
//!   context: { userType, userId, trackingRoot } } }] }`;
//! Activation 2.0 `GET /orgs/{orgId}/users/{id}/userJournal?service=…` → `{ entries: [{ time,
//!   record: { payload: { type, orgId, userId, service, state?, details? | statusDetailsJson? },
//!   context: { jobId } } }] }`.
//! Entries do not always name their subject or org: the request URL does.

use serde_json::Value;

use super::json::{field, items, text, timestamp};
use super::messages::{embedded_messages, messages, record_level_message};
use crate::decode::observation::{CalendarService, JournalRecord, SubjectKind};
use crate::limits::{MAX_RECORDS_PER_BODY, bounded};

pub fn is_journal(body: &Value) -> bool {
    items(body, &["entries"], 1).next().map_or(
        super::json::is_array(body, &["entries"]) && field(body, &["paging"]).is_some(),
        |first| field(first, &["entry"]).is_some() || field(first, &["record"]).is_some(),
    )
}

/// The subject and org the request URL names, for entries that do not name their own.
#[derive(Clone, Copy, Default)]
pub struct FromUrl<'a> {
    pub subject_id: Option<&'a str>,
    pub org_id: Option<&'a str>,
}

pub fn decode(body: &Value, from_url: FromUrl) -> Vec<JournalRecord> {
    items(body, &["entries"], MAX_RECORDS_PER_BODY)
        .filter_map(|item| {
            if field(item, &["record"]).is_some() {
                activation_record(item)
            } else {
                classic_entry(item)
            }
        })
        .map(|mut record| {
            record.subject_id = record.subject_id.or_else(|| from_url.subject_id.map(bounded));
            record.org_id = record.org_id.or_else(|| from_url.org_id.map(bounded));
            record
        })
        .collect()
}

fn classic_entry(item: &Value) -> Option<JournalRecord> {
    let payload = field(item, &["entry", "payload"])?;
    let service = CalendarService::of_record(text(payload, &["serviceId"]).as_deref())?;
    let state = text(payload, &["state"]);
    let mut messages = messages(payload, &["messages"]);
    if messages.is_empty() {
        messages.extend(record_level_message(payload, state.as_deref()));
    }
    let user_type = text(item, &["entry", "context", "userType"]).or_else(|| text(payload, &["userType"]));
    Some(JournalRecord {
        time: timestamp(item, &["time"]).or_else(|| timestamp(payload, &["lastStateChange"])),
        entry_type: text(item, &["entry", "type"]),
        subject_id: text(payload, &["userId"]).or_else(|| text(item, &["entry", "context", "userId"])),
        org_id: text(payload, &["orgId"]),
        subject_kind: user_type.as_deref().map(SubjectKind::from_user_type),
        state,
        messages,
        tracking_root: text(item, &["entry", "context", "trackingRoot"]),
        job_id: None,
        service,
    })
}

fn activation_record(item: &Value) -> Option<JournalRecord> {
    let payload = field(item, &["record", "payload"])?;
    let service_id = text(payload, &["service"]).or_else(|| text(payload, &["serviceId"]));
    let service = CalendarService::of_record(service_id.as_deref())?;
    let mut messages = messages(payload, &["details"]);
    if messages.is_empty() {
        messages = embedded_messages(payload, &["statusDetailsJson"]);
    }
    Some(JournalRecord {
        time: timestamp(item, &["time"]),
        entry_type: text(payload, &["type"]),
        subject_id: text(payload, &["userId"]),
        org_id: text(payload, &["orgId"]),
        subject_kind: None,
        state: text(payload, &["state"]),
        messages,
        tracking_root: text(item, &["record", "context", "trackingRoot"]),
        job_id: text(item, &["record", "context", "jobId"]),
        service,
    })
}
