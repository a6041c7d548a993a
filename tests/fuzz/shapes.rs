//! Response bodies shaped like the ones the doctor reads — USS statuses and journals (classic and
//! Activation 2.0), the Calendar Cloud Connector status, Microsoft Graph errors, CSDM places and
//! Workspaces API objects — each field typical, hostile, of another JSON type, or absent; and
//! the URLs they come from.

use proptest::prelude::*;
use serde_json::{Map, Value, json};

use crate::text::{email, hostile, id, timestamp, uuid};

/// One body with the request URL it answers.
#[derive(Clone, Debug)]
pub struct Body {
    pub url: String,
    pub json: Value,
}

pub fn body() -> BoxedStrategy<Body> {
    prop_oneof![
        3 => uss_status(),
        2 => journal(),
        1 => ccc(),
        1 => graph(),
        2 => place(),
    ]
    .boxed()
}

/// Any JSON value, a few levels deep.
pub fn any_json() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        hostile().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((hostile(), inner), 0..4)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
    .boxed()
}

/// A field's value: mostly `typical`, sometimes any other JSON, sometimes absent (`None`).
fn field(typical: impl Strategy<Value = Value> + 'static) -> BoxedStrategy<Option<Value>> {
    prop_oneof![
        8 => typical.prop_map(Some),
        1 => any_json().prop_map(Some),
        1 => Just(None),
    ]
    .boxed()
}

fn text_field(typical: impl Strategy<Value = String> + 'static) -> BoxedStrategy<Option<Value>> {
    field(typical.prop_map(Value::String)).boxed()
}

fn object(fields: Vec<(&str, Option<Value>)>) -> Value {
    let map: Map<String, Value> = fields
        .into_iter()
        .filter_map(|(name, value)| Some((name.to_string(), value?)))
        .collect();
    Value::Object(map)
}

fn one_of(values: &'static [&'static str]) -> BoxedStrategy<String> {
    prop_oneof![
        4 => prop::sample::select(values).prop_map(str::to_string),
        1 => hostile(),
    ]
    .boxed()
}

const SEVERITIES: &[&str] = &["error", "warning", "info", "ERROR", "critical", "ok"];
const STATES: &[&str] = &["error", "activated", "warning", "notActivated", "ERROR"];
const SERVICES: &[&str] = &["squared-fusion-cal", "squared-fusion-uc", "spark-hybrid-impinterop"];
const KEYS: &[&str] = &[
    "c_cal@o365.error",
    "c_cal@NoPrimaryEmail",
    "c_cal@o365.Unauthorized",
    "das.noOperationalConnector",
    "das.clusterUpgrading",
    "null-user-mailbox-error",
];
const GRAPH_CODES: &[&str] = &[
    "ErrorItemNotFound",
    "ErrorInvalidUser",
    "InvalidAuthenticationToken",
    "ErrorAccessDenied",
    "TooManyRequests",
    "UnknownError",
];

/// A message text: the sentences the doctor matches, with hostile text around them.
fn description() -> BoxedStrategy<String> {
    let sentence = prop::sample::select(
        &[
            "Received error 'Unauthorized' from O365. Admin action is required.",
            "Received error 'Forbidden' from O365.",
            "Received error 'TooManyRequests' from O365.",
            "Received error '{{error}}' from O365.",
            "ErrorNonExistentMailbox: {{email}}",
            "ErrorImpersonateUserDenied",
            "The mailbox database is temporarily unavailable.",
        ][..],
    );
    prop_oneof![
        3 => sentence.clone().prop_map(str::to_string),
        2 => (hostile(), sentence, hostile()).prop_map(|(before, s, after)| format!("{before}{s}{after}")),
        1 => hostile(),
    ]
    .boxed()
}

fn message() -> BoxedStrategy<Value> {
    let replacement = (text_field(one_of(&["email", "error", "domain"])), text_field(email()))
        .prop_map(|(key, value)| object(vec![("key", key), ("value", value)]));
    let modern = (
        text_field(one_of(SEVERITIES)),
        text_field(description()),
        text_field(one_of(KEYS)),
        text_field(hostile()),
        field(prop::collection::vec(replacement, 0..3).prop_map(Value::Array)),
    )
        .prop_map(|(severity, description, key, title, replacements)| {
            object(vec![
                ("severity", severity),
                ("description", description),
                ("key", key),
                ("title", title),
                ("replacementValues", replacements),
            ])
        });
    let old = (text_field(one_of(KEYS)), text_field(description()))
        .prop_map(|(key, text)| json!({ "description": object(vec![("key", key), ("defaultMessage", text)]) }));
    prop_oneof![
        6 => modern,
        1 => old,
        1 => description().prop_map(Value::String),
    ]
    .boxed()
}

pub fn messages() -> BoxedStrategy<Option<Value>> {
    field(prop::collection::vec(message(), 0..4).prop_map(Value::Array)).boxed()
}

pub fn uss_status() -> BoxedStrategy<Body> {
    let status = (
        text_field(id()),
        text_field(uuid()),
        text_field(one_of(SERVICES)),
        field(any::<bool>().prop_map(Value::Bool)),
        text_field(one_of(STATES)),
        field(timestamp()),
        messages(),
    )
        .prop_map(|(user, org, service, entitled, state, changed, messages)| {
            object(vec![
                ("userId", user),
                ("orgId", org),
                ("serviceId", service),
                ("entitled", entitled),
                ("state", state),
                ("lastStateChange", changed),
                ("messages", messages),
            ])
        });
    (prop::collection::vec(status, 0..4), uuid(), query())
        .prop_map(|(statuses, org, query)| Body {
            url: format!("https://uss-a.wbx2.com/uss/api/v1/orgs/{org}/userStatuses{query}"),
            json: json!({ "userStatuses": statuses, "paging": { "count": 1 } }),
        })
        .boxed()
}

/// A query string, with or without the service filters the classifier reads.
fn query() -> BoxedStrategy<String> {
    prop_oneof![
        Just(String::new()),
        uuid().prop_map(|user| format!("?includeMessages=true&userId={user}")),
        one_of(SERVICES).prop_map(|service| format!("?serviceId={service}")),
        hostile().prop_map(|text| format!("?{text}")),
    ]
    .boxed()
}

fn journal() -> BoxedStrategy<Body> {
    let classic = (
        field(timestamp()),
        text_field(one_of(&["SetUserStatus", "AddEntitlement", "RemoveEntitlement"])),
        text_field(id()),
        text_field(one_of(SERVICES)),
        text_field(one_of(STATES)),
        messages(),
        text_field(one_of(&["MACHINE", "USER", "PERSON"])),
        text_field(tracking_id()),
    )
        .prop_map(|(time, kind, user, service, state, messages, user_type, tracking)| {
            let payload = object(vec![
                ("userId", user),
                ("serviceId", service),
                ("state", state),
                ("messages", messages),
                ("userType", user_type.clone()),
            ]);
            let context = object(vec![("userType", user_type), ("trackingRoot", tracking)]);
            object(vec![
                ("time", time),
                (
                    "entry",
                    Some(object(vec![
                        ("type", kind),
                        ("payload", Some(payload)),
                        ("context", Some(context)),
                    ])),
                ),
            ])
        });
    let activation = (
        field(timestamp()),
        text_field(id()),
        text_field(one_of(STATES)),
        messages(),
        text_field(tracking_id()),
    )
        .prop_map(|(time, user, state, details, job)| {
            let payload = object(vec![
                ("type", Some(json!("SetUserStatus"))),
                ("userId", user),
                ("state", state),
                ("details", details),
            ]);
            object(vec![
                ("time", time),
                (
                    "record",
                    Some(object(vec![
                        ("payload", Some(payload)),
                        ("context", Some(object(vec![("jobId", job)]))),
                    ])),
                ),
            ])
        });
    let entry = prop_oneof![3 => classic, 1 => activation];
    (prop::collection::vec(entry, 0..5), uuid(), uuid())
        .prop_map(|(entries, org, user)| Body {
            url: format!(
                "https://uss-a.wbx2.com/uss/api/v1/orgs/{org}/userJournal/{user}?serviceId=squared-fusion-cal"
            ),
            json: json!({ "entries": entries, "paging": { "count": 1 } }),
        })
        .boxed()
}

/// Tracking ids as Webex writes them (`ATLAS_<uuid>_<n>`), long ones, hostile ones.
pub fn tracking_id() -> BoxedStrategy<String> {
    prop_oneof![
        3 => (uuid(), 0u32..100).prop_map(|(uuid, n)| format!("ATLAS_{uuid}_{n}")),
        1 => "[A-Za-z0-9_:.-]{1,300}",
        1 => hostile(),
    ]
    .boxed()
}

fn ccc() -> BoxedStrategy<Body> {
    (
        field(any::<bool>().prop_map(Value::Bool)),
        text_field(one_of(&["ok", "warn", "error"])),
        field(prop_oneof![
            (0i64..20).prop_map(|n| json!(n)),
            any::<i64>().prop_map(|n| json!(n))
        ]),
        uuid(),
    )
        .prop_map(|(provisioned, status, code, org)| Body {
            url: format!("https://calendar-cloud-connector-a.wbx2.com/api/v1/orgs/{org}/services/squared-fusion-cal"),
            json: object(vec![
                ("provisioned", provisioned),
                ("status", status),
                ("errorCode", code),
            ]),
        })
        .boxed()
}

fn graph() -> BoxedStrategy<Body> {
    (text_field(one_of(GRAPH_CODES)), text_field(hostile()), text_field(uuid()), field(timestamp()), email())
        .prop_map(|(code, message, request, date, mailbox)| {
            let inner = object(vec![("request-id", request), ("date", date)]);
            Body {
                url: format!("https://graph.microsoft.com/v1.0/places/{mailbox}"),
                json: json!({ "error": object(vec![("code", code), ("message", message), ("innerError", Some(inner))]) }),
            }
        })
    .boxed()
}

fn place() -> BoxedStrategy<Body> {
    prop_oneof![
        2 => (csdm_place(), uuid()).prop_map(|(json, org)| Body {
            url: format!("https://csdm-a.wbx2.com/csdm/api/v1/organization/{org}/places/x"),
            json,
        }),
        1 => prop::collection::vec(workspace(), 0..3).prop_map(|items| Body {
            url: "https://webexapis.com/v1/workspaces".to_string(),
            json: json!({ "items": items }),
        }),
        1 => prop::collection::vec(csdm_place(), 0..3).prop_map(|places| Body { url: String::new(), json: Value::Array(places) }),
    ]
    .boxed()
}

fn csdm_place() -> BoxedStrategy<Value> {
    (
        text_field(id()),
        text_field(hostile()),
        text_field(email()),
        text_field(one_of(SERVICES)),
    )
        .prop_map(|(cis, name, email, provider)| {
            let account = object(vec![("providerID", provider), ("accountGUID", email)]);
            object(vec![
                ("cisUuid", cis),
                ("displayName", name),
                ("externalLinkedAccounts", Some(json!([account]))),
            ])
        })
        .boxed()
}

fn workspace() -> BoxedStrategy<Value> {
    (text_field(id()), text_field(hostile()), text_field(email()))
        .prop_map(|(id, name, email)| {
            object(vec![
                ("id", id),
                ("displayName", name),
                (
                    "calendar",
                    Some(object(vec![
                        ("type", Some(json!("microsoft"))),
                        ("emailAddress", email),
                    ])),
                ),
            ])
        })
        .boxed()
}
