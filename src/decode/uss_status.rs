//! USS `GET /orgs/{orgId}/userStatuses?...` →
//! `{ userStatuses: [{ userId, orgId, serviceId, entitled, state, lastStateChange,
//!   lastStatusUpdate, owner?, connectorId?, messages: [...] } | old shape], paging }`.

use serde_json::Value;

use super::json::{boolean, items, text, text_ref, timestamp};
use super::messages::{embedded_messages, messages, record_level_message};
use crate::decode::observation::{CalendarService, StatusRecord};
use crate::limits::MAX_RECORDS_PER_BODY;

pub fn is_user_statuses(body: &Value) -> bool {
    super::json::is_array(body, &["userStatuses"])
}

pub fn decode(body: &Value) -> Vec<StatusRecord> {
    items(body, &["userStatuses"], MAX_RECORDS_PER_BODY)
        .filter_map(|status| {
            let service = CalendarService::of_record(text_ref(status, &["serviceId"]))?;
            Some((status, service))
        })
        .map(|(status, service)| {
            let state = text(status, &["state"]);
            let mut messages = messages(status, &["messages"]);
            if messages.is_empty() {
                messages = embedded_messages(status, &["statusDetailsJson"]);
            }
            if messages.is_empty() {
                messages.extend(record_level_message(status, state.as_deref()));
            }
            StatusRecord {
                subject_id: text(status, &["userId"]),
                org_id: text(status, &["orgId"]),
                entitled: boolean(status, &["entitled"]),
                state,
                last_state_change: timestamp(status, &["lastStateChange"]),
                last_status_update: timestamp(status, &["lastStatusUpdate"]),
                owner: text(status, &["owner"]),
                connector_id: text(status, &["connectorId"]),
                service,
                messages,
            }
        })
        .collect()
}
