//! Workspaces and their calendar mailbox:
//! CSDM place `{ cisUuid?, id?, displayName, externalLinkedAccounts: [{ providerID:
//! "squared-fusion-cal" | "squared-fusion-gcal", accountGUID: "<email>", status? }] }`, or the public Workspaces API
//! `{ id, orgId, displayName, calendar: { type: "microsoft", emailAddress } }`; lists of either
//! as `{ places: [...] }`, `{ items: [...] }` or a bare array.

use base64::Engine;
use serde_json::Value;

use super::json::{field, items, text};
use crate::decode::observation::{CalendarService, PlaceRecord};
use crate::limits::MAX_RECORDS_PER_BODY;

pub fn is_place(body: &Value) -> bool {
    place_objects(body).next().is_some()
}

pub fn decode(body: &Value) -> Vec<PlaceRecord> {
    place_objects(body).map(place).collect()
}

fn looks_like_place(value: &Value) -> bool {
    field(value, &["externalLinkedAccounts"]).is_some() || field(value, &["calendar", "emailAddress"]).is_some()
}

fn place_objects(body: &Value) -> impl Iterator<Item = &Value> {
    let list: Box<dyn Iterator<Item = &Value>> = if let Value::Array(array) = body {
        Box::new(array.iter().take(MAX_RECORDS_PER_BODY))
    } else if looks_like_place(body) {
        Box::new(std::iter::once(body))
    } else {
        Box::new(items(body, &["places"], MAX_RECORDS_PER_BODY).chain(items(body, &["items"], MAX_RECORDS_PER_BODY)))
    };
    list.filter(|value| looks_like_place(value))
}

fn place(value: &Value) -> PlaceRecord {
    let mut ids: Vec<String> = ["cisUuid", "uuid", "placeId", "id"]
        .iter()
        .filter_map(|name| text(value, &[name]))
        .collect();
    // Public API ids are base64 of `ciscospark://us/PLACE/{uuid}`: USS knows the uuid.
    let hydra: Vec<String> = ids.iter().filter_map(|id| hydra_uuid(id)).collect();
    for id in hydra {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    let calendar_email = items(value, &["externalLinkedAccounts"], 50)
        .filter(|account| CalendarService::of_record(text(account, &["providerID"]).as_deref()).is_some())
        .find_map(|account| text(account, &["accountGUID"]))
        .or_else(|| text(value, &["calendar", "emailAddress"]));
    PlaceRecord {
        ids,
        org_id: text(value, &["orgId"]).or_else(|| text(value, &["organizationId"])),
        display_name: text(value, &["displayName"]),
        calendar_email,
    }
}

fn hydra_uuid(id: &str) -> Option<String> {
    let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(id.trim_end_matches('='))
        .ok()?;
    let decoded = String::from_utf8(bytes).ok()?;
    decoded
        .starts_with("ciscospark://")
        .then(|| decoded.rsplit('/').next().map(str::to_string))
        .flatten()
}
