//! Who the ids of a status list are: the directories Control Hub asks for the names it shows —
//! SCIM users, workspaces' machine accounts, CSDM places and the Workspaces API. Each decoder
//! reads its shape liberally; an answer of a directory endpoint that none of them reads names no
//! one (and is no error), so an unknown shape is ignored harmlessly.

mod machine;
mod place;
mod scim;

use serde_json::Value;

use crate::decode::Endpoint;
use crate::decode::observation::IdentityRecord;

/// The identities a body names, or `None` when it is no directory's answer.
pub fn decode(body: &Value, endpoint: Option<Endpoint>, org_id: Option<&str>) -> Option<Vec<IdentityRecord>> {
    let records = if scim::is_scim(body) {
        scim::decode(body)
    } else if let Some(machines) = machine::decode(body, endpoint == Some(Endpoint::Machines)) {
        machines
    } else if place::is_place(body) {
        place::decode(body)
    } else if matches!(endpoint, Some(Endpoint::ScimUsers | Endpoint::Machines)) {
        Vec::new()
    } else {
        return None;
    };
    Some(
        records
            .into_iter()
            .map(|mut record| {
                record.org_id = record.org_id.or_else(|| org_id.map(str::to_string));
                record
            })
            .collect(),
    )
}

/// `ids` with the UUID inside each hydra id (base64 of `ciscospark://us/PLACE/{uuid}`, what the
/// public APIs give) added after them: USS knows the UUID.
fn with_uuids(mut ids: Vec<String>) -> Vec<String> {
    let uuids: Vec<String> = ids.iter().filter_map(|id| place::hydra_uuid(id)).collect();
    for uuid in uuids {
        if !ids.contains(&uuid) {
            ids.push(uuid);
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::observation::SubjectKind;
    use serde_json::json;

    #[test]
    fn a_directory_answer_of_an_unknown_shape_names_no_one() {
        for endpoint in [Endpoint::ScimUsers, Endpoint::Machines] {
            for body in [
                json!({"what": "else"}),
                json!([1, 2]),
                json!({"items": [{"noId": true}]}),
            ] {
                assert_eq!(
                    decode(&body, Some(endpoint), None),
                    Some(Vec::new()),
                    "{endpoint:?} {body}"
                );
            }
        }
        assert_eq!(decode(&json!({"what": "else"}), None, None), None);
        assert_eq!(
            decode(&json!({"what": "else"}), Some(Endpoint::UserStatuses), None),
            None
        );
    }

    #[test]
    fn the_urls_org_stands_for_a_record_that_names_none() {
        let body = json!({"cisUuid": "p1", "displayName": "Room", "externalLinkedAccounts": []});
        let records = decode(&body, Some(Endpoint::Place), Some("o1")).unwrap();
        assert_eq!(records[0].org_id.as_deref(), Some("o1"));
        assert_eq!(records[0].kind, SubjectKind::Workspace);
        let own = json!({"cisUuid": "p1", "orgId": "o2", "externalLinkedAccounts": []});
        assert_eq!(decode(&own, None, Some("o1")).unwrap()[0].org_id.as_deref(), Some("o2"));
    }
}
