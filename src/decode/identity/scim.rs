//! SCIM users, `GET …/identity/scim/{org}/v1/Users[?filter=id eq "…" or …]` (the old client asked
//! for the ids of a status list 50 at a time): a ListResponse `{ schemas:
//! ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults, itemsPerPage, startIndex,
//! Resources: [User] }`, or one User `{ id, userName, displayName, emails: [{ value, type,
//! primary }], name: { givenName, familyName }, meta: { organizationID } }`. A user's address is
//! their primary email, else their userName: what the User Status Report prints as its User.

use serde_json::Value;

use crate::decode::json::{boolean, field, is_array, items, text};
use crate::decode::observation::{IdentityRecord, SubjectKind};
use crate::limits::{MAX_MESSAGES_PER_RECORD, MAX_RECORDS_PER_BODY, bounded};

/// Every SCIM schema, message and resource alike, is named under this.
const SCIM_URN: &str = "urn:ietf:params:scim:";

/// A SCIM document by its schemas, a ListResponse by its `Resources`, or a bare user (an id and
/// a userName, as a SCIM user pasted without its schemas).
pub fn is_scim(body: &Value) -> bool {
    items(body, &["schemas"], MAX_MESSAGES_PER_RECORD)
        .any(|schema| schema.as_str().is_some_and(|s| s.starts_with(SCIM_URN)))
        || is_array(body, &["Resources"])
        || text(body, &["id"]).is_some() && field(body, &["userName"]).is_some_and(Value::is_string)
}

pub fn decode(body: &Value) -> Vec<IdentityRecord> {
    let users = match body.get("Resources").and_then(Value::as_array) {
        Some(resources) => resources.as_slice(),
        None => std::slice::from_ref(body),
    };
    users.iter().take(MAX_RECORDS_PER_BODY).filter_map(user).collect()
}

fn user(value: &Value) -> Option<IdentityRecord> {
    let id = text(value, &["id"])?;
    let primary = items(value, &["emails"], MAX_MESSAGES_PER_RECORD)
        .find(|email| boolean(email, &["primary"]) == Some(true))
        .and_then(|email| text(email, &["value"]));
    let full_name = [
        text(value, &["name", "givenName"]),
        text(value, &["name", "familyName"]),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    Some(IdentityRecord {
        ids: super::with_uuids(vec![id]),
        org_id: text(value, &["meta", "organizationID"]),
        kind: SubjectKind::User,
        display_name: text(value, &["displayName"]).or_else(|| (!full_name.is_empty()).then(|| bounded(&full_name))),
        email: primary.or_else(|| text(value, &["userName"])),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_list_response_names_each_user_by_primary_email_else_user_name() {
        let body = json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
            "totalResults": 3, "itemsPerPage": 3, "startIndex": 1,
            "Resources": [
                {"id": "u1", "userName": "alex@a.example", "displayName": "Alex M",
                 "emails": [{"value": "old@a.example", "type": "other", "primary": false},
                            {"value": "alex.morgan@a.example", "type": "work", "primary": true}]},
                {"id": "u2", "userName": "kim@b.example", "name": {"givenName": "Kim", "familyName": "Lee"},
                 "emails": [{"value": "k@b.example", "type": "work"}]},
                {"userName": "no-id@b.example"},
                7
            ]
        });
        assert!(is_scim(&body));
        let users = decode(&body);
        assert_eq!(users.len(), 2, "the one without an id names no subject");
        assert_eq!(users[0].ids, ["u1"]);
        assert_eq!(users[0].email.as_deref(), Some("alex.morgan@a.example"));
        assert_eq!(users[0].display_name.as_deref(), Some("Alex M"));
        assert_eq!(
            users[1].email.as_deref(),
            Some("kim@b.example"),
            "no primary email: the userName"
        );
        assert_eq!(users[1].display_name.as_deref(), Some("Kim Lee"));
        assert!(users.iter().all(|user| user.kind == SubjectKind::User));
    }

    #[test]
    fn one_user_with_or_without_its_schemas() {
        let user = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "U1",
            "userName": "a@b.example", "meta": {"organizationID": "o1"}, "emails": "not a list"});
        assert!(is_scim(&user));
        let read = decode(&user);
        assert_eq!(
            (read[0].email.as_deref(), read[0].org_id.as_deref()),
            (Some("a@b.example"), Some("o1"))
        );
        assert!(is_scim(&json!({"id": "u", "userName": "a@b.example"})));
        for other in [
            json!({"id": "u"}),
            json!({"userName": "a@b.example"}),
            json!({"userId": "u", "state": "error"}),
        ] {
            assert!(!is_scim(&other), "{other}");
        }
        let long = "x".repeat(10_000);
        let bounded_name = decode(&json!({"id": "u", "userName": long, "displayName": long}));
        assert!(bounded_name[0].email.as_ref().unwrap().chars().count() <= crate::limits::MAX_TEXT_CHARS + 1);
    }
}
