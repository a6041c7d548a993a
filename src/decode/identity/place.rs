//! Workspaces and their calendar mailbox:
//! CSDM place `{ cisUuid?, id?, displayName, externalLinkedAccounts: [{ providerID:
//! "squared-fusion-cal" | "squared-fusion-gcal", accountGUID: "<email>", status? }] }`, or the public Workspaces API
//! `{ id, orgId, displayName, calendar: { type: "microsoft", emailAddress } }`; lists of either
//! as `{ places: [...] }`, `{ items: [...] }`, a bare array, or CSDM's map of id → place. A
//! place without a linked calendar account is still a place (it names its workspace).

use base64::Engine;
use serde_json::Value;

use crate::decode::json::{field, is_array, items, text};
use crate::decode::observation::{CalendarService, IdentityRecord, SubjectKind};
use crate::limits::{MAX_RECORDS_PER_BODY, bounded};

pub fn is_place(body: &Value) -> bool {
    place_objects(body).next().is_some()
}

pub fn decode(body: &Value) -> Vec<IdentityRecord> {
    place_objects(body)
        .map(|(key, value)| {
            let mut record = place(value);
            // A map's key is its place's id, which the place itself may not repeat.
            if let Some(key) = key.filter(|key| !record.ids.iter().any(|id| id == key)) {
                record.ids.push(bounded(key));
            }
            record
        })
        .collect()
}

/// A calendar account or address, or CSDM's place id: what only a place carries.
fn looks_like_place(value: &Value) -> bool {
    field(value, &["externalLinkedAccounts"]).is_some()
        || field(value, &["calendar", "emailAddress"]).is_some()
        || field(value, &["cisUuid"]).is_some_and(Value::is_string)
}

/// The body's places, each with its key when the body is a map of id → place.
fn place_objects(body: &Value) -> impl Iterator<Item = (Option<&str>, &Value)> {
    // Every object of a `places` list is a place, linked to a calendar or not.
    let listed = is_array(body, &["places"]);
    let list: Keyed<'_> = match body {
        Value::Array(array) => unkeyed(Box::new(array.iter().take(MAX_RECORDS_PER_BODY))),
        _ if looks_like_place(body) => unkeyed(Box::new(std::iter::once(body))),
        _ if listed => unkeyed(Box::new(items(body, &["places"], MAX_RECORDS_PER_BODY))),
        Value::Object(map) if field(body, &["items"]).is_none() => Box::new(
            map.iter()
                .take(MAX_RECORDS_PER_BODY)
                .map(|(key, value)| (Some(key.as_str()), value)),
        ),
        _ => unkeyed(Box::new(items(body, &["items"], MAX_RECORDS_PER_BODY))),
    };
    list.filter(move |(_, value)| {
        if listed {
            value.is_object()
        } else {
            looks_like_place(value)
        }
    })
}

type Keyed<'a> = Box<dyn Iterator<Item = (Option<&'a str>, &'a Value)> + 'a>;

fn unkeyed<'a>(list: Box<dyn Iterator<Item = &'a Value> + 'a>) -> Keyed<'a> {
    Box::new(list.map(|value| (None, value)))
}

fn place(value: &Value) -> IdentityRecord {
    let ids = super::with_uuids(
        ["cisUuid", "uuid", "placeId", "id"]
            .iter()
            .filter_map(|name| text(value, &[name]))
            .collect(),
    );
    let calendar_email = items(value, &["externalLinkedAccounts"], 50)
        .filter(|account| CalendarService::of_record(text(account, &["providerID"]).as_deref()).is_some())
        .find_map(|account| text(account, &["accountGUID"]))
        .or_else(|| text(value, &["calendar", "emailAddress"]));
    IdentityRecord {
        ids,
        org_id: text(value, &["orgId"]).or_else(|| text(value, &["organizationId"])),
        kind: SubjectKind::Workspace,
        display_name: text(value, &["displayName"]),
        email: calendar_email,
    }
}

pub(super) fn hydra_uuid(id: &str) -> Option<String> {
    let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(id.trim_end_matches('='))
        .ok()?;
    let decoded = String::from_utf8(bytes).ok()?;
    decoded
        .starts_with("ciscospark://")
        .then(|| decoded.rsplit('/').next().map(str::to_string))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_maps_lists_and_places_without_a_calendar() {
        let map = json!({
            "a3c9f6e2-5d1b-4c8e-9f0a-7b2d4e6f8a10": {"displayName": "Room 1", "externalLinkedAccounts": [
                {"providerID": "squared-fusion-gcal", "accountGUID": "room1@resource.calendar.google.com"}]},
            "b84e1c57-2f6a-4d93-8c1e-3a5f7d9b0c21": {"cisUuid": "b84e1c57-2f6a-4d93-8c1e-3a5f7d9b0c21", "displayName": "Lobby"}
        });
        let places = decode(&map);
        assert_eq!(places.len(), 2);
        assert_eq!(places[0].ids, ["a3c9f6e2-5d1b-4c8e-9f0a-7b2d4e6f8a10"]);
        assert_eq!(places[0].email.as_deref(), Some("room1@resource.calendar.google.com"));
        assert_eq!(places[1].ids, ["b84e1c57-2f6a-4d93-8c1e-3a5f7d9b0c21"]);
        assert_eq!(places[1].email, None);
        assert!(places.iter().all(|place| place.kind == SubjectKind::Workspace));
        let list = json!({"places": [{"displayName": "No calendar", "id": "p1"}, 5]});
        assert!(is_place(&list));
        assert_eq!(decode(&list)[0].display_name.as_deref(), Some("No calendar"));
        assert!(!is_place(&json!({"places": []})));
        assert!(!is_place(&json!({"a": 1, "b": {"c": 2}})));
    }
}
