//! Workspaces' machine accounts, the identity service's Machines: `{ items | machines |
//! Resources: [Machine] }`, a bare array, or one Machine `{ id, displayName, name, machineType?,
//! orgId? }`. Their URL is not public, so the endpoint table matches it by path liberally
//! (`…/organization(s)/{org}/machines`, `…/machineaccounts/…/machines`); at such a URL any object
//! with an id and a name is a machine, elsewhere only one that says its `machineType`. A machine
//! account names its workspace; its calendar mailbox is the CSDM place's to tell.

use serde_json::Value;

use crate::decode::json::{field, text};
use crate::decode::observation::{IdentityRecord, SubjectKind};
use crate::limits::MAX_RECORDS_PER_BODY;

/// The lists a machine list may come in.
const LISTS: [&str; 3] = ["items", "machines", "Resources"];

/// The machines a body names, or `None` when it names none.
pub fn decode(body: &Value, at_machines_url: bool) -> Option<Vec<IdentityRecord>> {
    let list: &[Value] = match body {
        Value::Array(array) => array,
        _ => LISTS
            .iter()
            .find_map(|name| body.get(name).and_then(Value::as_array))
            .map_or(std::slice::from_ref(body), Vec::as_slice),
    };
    let machines: Vec<IdentityRecord> = list
        .iter()
        .take(MAX_RECORDS_PER_BODY)
        .filter(|value| at_machines_url || field(value, &["machineType"]).is_some())
        .filter_map(machine)
        .collect();
    (!machines.is_empty()).then_some(machines)
}

fn machine(value: &Value) -> Option<IdentityRecord> {
    let id = text(value, &["id"])?;
    let name = text(value, &["displayName"]).or_else(|| text(value, &["name"]))?;
    Some(IdentityRecord {
        ids: super::with_uuids(vec![id]),
        org_id: text(value, &["orgId"]).or_else(|| text(value, &["organizationId"])),
        kind: SubjectKind::Workspace,
        display_name: Some(name),
        email: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn machines_at_their_url_by_name_elsewhere_by_machine_type() {
        let plain = json!({"items": [{"id": "m1", "name": "lobby-bar", "displayName": "Lobby"}, {"id": "m2", "name": "board"}, {"name": "no id"}]});
        let read = decode(&plain, true).expect("machines at their URL");
        assert_eq!(read.len(), 2);
        assert_eq!(read[0].display_name.as_deref(), Some("Lobby"));
        assert_eq!(
            read[1].display_name.as_deref(),
            Some("board"),
            "no displayName: the name"
        );
        assert!(
            read.iter()
                .all(|m| m.kind == SubjectKind::Workspace && m.email.is_none())
        );
        assert_eq!(
            decode(&plain, false),
            None,
            "a list of named things is no machine list anywhere"
        );
        let typed = json!([{"id": "m3", "displayName": "Room 3", "machineType": "lyra_space", "orgId": "o1"}]);
        let read = decode(&typed, false).expect("a machine says its type");
        assert_eq!(
            (read[0].ids.as_slice(), read[0].org_id.as_deref()),
            (&["m3".to_string()][..], Some("o1"))
        );
        assert!(decode(&json!({"machines": [{"id": "m", "displayName": "One"}]}), true).is_some());
        assert!(decode(&json!({"id": "m", "displayName": "One", "machineType": "robot"}), false).is_some());
        assert_eq!(decode(&json!({"machines": "none"}), true), None);
    }
}
