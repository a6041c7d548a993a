//! Every field of the inputs the doctor reads that reaches its output, as a generated case with
//! a payload in that one field: USS statuses and journals (classic and Activation 2.0), workspace
//! objects, the Calendar Cloud Connector status, Graph errors, HAR entries, and what the page
//! tells (its email, its tenant domains, the request URL, the file name).

use serde_json::{Value, json};

use crate::corpus::Hostile;

/// Where a payload goes in a template: the whole JSON value `"@@HOSTILE@@"`, or inside a string.
const SLOT: &str = "@@HOSTILE@@";
pub const ORG: &str = "1eb65fdf-9643-417f-9974-ad72cae0e10f";
pub const SUBJECT: &str = "a3c9f6e2-5d1b-4c8e-9f0a-7b2d4e6f8a10";
/// In every HAR's credentials; never in a redacted HAR.
pub const HAR_SECRETS: [&str; 2] = ["S3cr3tHarSignature0123456789", "S3cr3tHarCookie0123456789"];
const UNAUTHORIZED: &str = "Received error 'Unauthorized' from O365. Admin action is required.";

/// One generated input set.
pub struct Case {
    /// (request URL, body) of each response.
    pub inputs: Vec<(String, String)>,
    pub file: String,
    pub email: Option<String>,
    pub tenant: String,
    /// The organization the page names (the banner asks for its tenant domains when missing).
    pub org: String,
    /// The server message holding the payload, as the doctor must quote it.
    pub quoted: Option<String>,
    /// The case's HAR, when it is one.
    pub har: Option<String>,
}

pub struct Placement {
    pub field: &'static str,
    pub build: fn(&Hostile) -> Case,
}

impl Case {
    fn of(inputs: Vec<(String, String)>) -> Case {
        Case {
            inputs,
            file: "hostile.json".to_string(),
            email: Some("WebexWorkspace1@ciscolive.us".to_string()),
            tenant: "rtpcloudcollab.com (default)\nciscolive.us".to_string(),
            org: ORG.to_string(),
            quoted: None,
            har: None,
        }
    }

    fn quoting(mut self, quoted: Option<String>) -> Case {
        self.quoted = quoted;
        self
    }

    /// The same responses inside a HAR file.
    fn in_har(self, har: String) -> Case {
        Case {
            inputs: vec![(String::new(), har.clone())],
            har: Some(har),
            file: "hostile.har".to_string(),
            ..self
        }
    }
}

/// `template` (JSON) with the payload in its slot.
fn fill(template: &Value, hostile: &Hostile) -> String {
    template
        .to_string()
        .replace(&format!("\"{SLOT}\""), &hostile.json_value)
        .replace(SLOT, &hostile.json_inner)
}

/// What the doctor quotes of a server string: trimmed and bounded, as `decode` keeps it.
fn quote(hostile: &Hostile) -> Option<String> {
    let text = hostile.read_from_json.as_ref()?;
    // Server words are kept as written, whitespace included; blank ones are no words.
    (!text.trim().is_empty()).then(|| caldoctor::limits::bounded(text))
}

fn uss_url(rest: &str) -> String {
    format!("https://uss-a.wbx2.com/uss/api/v1/orgs/{ORG}/{rest}")
}

fn status(fields: Value) -> Value {
    let mut status = json!({
        "userId": SUBJECT, "orgId": ORG, "serviceId": "squared-fusion-cal", "entitled": true, "state": "error",
        "lastStateChange": "2026-11-27T01:24:00.000Z",
        "messages": [{ "severity": "error", "description": UNAUTHORIZED, "key": "c_cal@o365.error" }],
    });
    merge(&mut status, fields);
    json!({ "userStatuses": [status], "paging": { "count": 1 } })
}

fn message(fields: Value) -> Value {
    let mut message = json!({ "severity": "error", "description": UNAUTHORIZED, "key": "c_cal@o365.error" });
    merge(&mut message, fields);
    status(json!({ "messages": [message] }))
}

fn journal(payload: Value, context: Value) -> Value {
    let mut entry = json!({
        "time": "2026-11-27T01:20:00.000Z",
        "entry": {
            "type": "SetUserStatus",
            "payload": { "orgId": ORG, "userId": SUBJECT, "serviceId": "squared-fusion-cal", "state": "error",
                         "userType": "MACHINE", "messages": [{ "severity": "error", "description": UNAUTHORIZED }] },
            "context": { "userType": "MACHINE", "userId": SUBJECT, "trackingRoot": "ATLAS_3f0c8d2e_12" },
        },
    });
    merge(&mut entry["entry"]["payload"], payload);
    merge(&mut entry["entry"]["context"], context);
    json!({ "entries": [entry], "paging": { "count": 1 } })
}

fn activation(payload: Value, context: Value) -> Value {
    let mut entry = json!({
        "time": "2026-11-27T01:20:00.000Z",
        "record": {
            "payload": { "type": "SetUserStatus", "orgId": ORG, "userId": SUBJECT, "service": "squared-fusion-cal",
                         "state": "error", "details": [{ "severity": "error", "description": UNAUTHORIZED }] },
            "context": { "jobId": "job-1" },
        },
    });
    merge(&mut entry["record"]["payload"], payload);
    merge(&mut entry["record"]["context"], context);
    json!({ "entries": [entry] })
}

fn place(fields: Value) -> Value {
    let mut place = json!({
        "cisUuid": SUBJECT, "displayName": "Webex Workspace 1", "orgId": ORG,
        "externalLinkedAccounts": [{ "providerID": "squared-fusion-cal", "accountGUID": "WebexWorkspace1@ciscolive.us" }],
    });
    merge(&mut place, fields);
    place
}

fn workspace(fields: Value) -> Value {
    let mut workspace = json!({
        "id": "Y2lzY29zcGFyazovL3VzL1BMQUNFL2EzYzlmNmUyLTVkMWItNGM4ZS05ZjBhLTdiMmQ0ZTZmOGExMA",
        "displayName": "Webex Workspace 1",
        "calendar": { "type": "microsoft", "emailAddress": "WebexWorkspace1@ciscolive.us" },
    });
    merge(&mut workspace, fields);
    json!({ "items": [workspace] })
}

fn graph(fields: Value) -> Value {
    let mut error = json!({ "code": "ErrorItemNotFound", "message": "The specified object was not found in the store.",
                            "innerError": { "date": "2026-11-27T02:00:00", "request-id": "0b5f6a9e-1234-4d3c-8e7f-aa11bb22cc33" } });
    merge(&mut error, fields);
    json!({ "error": error })
}

/// `fields` over `base`, objects merged key by key.
fn merge(base: &mut Value, fields: Value) {
    match (base, fields) {
        (Value::Object(base), Value::Object(fields)) => {
            for (key, value) in fields {
                merge(base.entry(key).or_insert(Value::Null), value);
            }
        }
        (base, value) => *base = value,
    }
}

const CSDM: &str = "https://csdm-a.wbx2.com/csdm/api/v1/organization/1eb65fdf-9643-417f-9974-ad72cae0e10f/places";
const CCC: &str = "https://calendar-cloud-connector-a.wbx2.com/api/v1/orgs/1eb65fdf-9643-417f-9974-ad72cae0e10f/services/squared-fusion-cal";
const GRAPH: &str = "https://graph.microsoft.com/v1.0/places/WebexWorkspace1@ciscolive.us";

fn status_case(template: Value, hostile: &Hostile) -> Case {
    Case::of(vec![(
        uss_url(&format!("userStatuses?userId={SUBJECT}")),
        fill(&template, hostile),
    )])
}

fn journal_case(template: Value, hostile: &Hostile) -> Case {
    Case::of(vec![(
        uss_url(&format!("userJournal/{SUBJECT}?serviceId=squared-fusion-cal")),
        fill(&template, hostile),
    )])
}

/// A workspace object with the payload, and the status it explains.
fn place_case(url: &str, template: Value, hostile: &Hostile) -> Case {
    let status = fill(&status(json!({})), hostile);
    Case::of(vec![
        (url.to_string(), fill(&template, hostile)),
        (uss_url("userStatuses"), status),
    ])
}

fn har_entry(url: &str, body: &str, fields: Value) -> Value {
    let mut entry = json!({
        "startedDateTime": "2026-11-27T01:30:01.000Z", "time": 42.5,
        "request": { "method": "GET", "url": url, "httpVersion": "HTTP/1.1", "cookies": [], "queryString": [],
                     "headers": [{ "name": "Authorization", "value": format!("Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.{}", HAR_SECRETS[0]) },
                                 { "name": "Cookie", "value": format!("webex_session={}", HAR_SECRETS[1]) }] },
        "response": { "status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1",
                      "headers": [{ "name": "Content-Type", "value": "application/json" }, { "name": "TrackingID", "value": "ATLAS_1" }],
                      "cookies": [], "content": { "size": body.len(), "mimeType": "application/json", "text": body } },
        "cache": {}, "timings": { "send": 0, "wait": 40, "receive": 2.5 },
    });
    merge(&mut entry, fields);
    entry
}

/// The status of the note's scenario in a HAR whose one entry has the payload in `fields`.
fn har_case(url: &str, fields: Value, hostile: &Hostile) -> Case {
    let body = status(json!({})).to_string();
    let har = json!({ "log": { "version": "1.2", "entries": [har_entry(url, &body, fields)] } });
    Case::of(Vec::new()).in_har(fill(&har, hostile))
}

fn status_url() -> String {
    uss_url(&format!("userStatuses?userId={SUBJECT}"))
}

pub const PLACEMENTS: &[Placement] = &[
    Placement {
        field: "status.userId",
        build: |h| status_case(status(json!({ "userId": SLOT })), h),
    },
    Placement {
        field: "status.orgId",
        build: |h| status_case(status(json!({ "orgId": SLOT })), h),
    },
    Placement {
        field: "status.state",
        build: |h| status_case(status(json!({ "state": SLOT })), h),
    },
    Placement {
        field: "status.lastStateChange",
        build: |h| status_case(status(json!({ "lastStateChange": SLOT })), h),
    },
    Placement {
        field: "message.description",
        build: |h| status_case(message(json!({ "description": SLOT })), h).quoting(quote(h)),
    },
    Placement {
        field: "message.title",
        build: |h| status_case(message(json!({ "title": SLOT })), h),
    },
    Placement {
        field: "message.key",
        build: |h| status_case(message(json!({ "key": SLOT })), h),
    },
    Placement {
        field: "message.severity",
        build: |h| status_case(message(json!({ "severity": SLOT })), h),
    },
    Placement {
        field: "message.replacementValues",
        build: |h| {
            let fields = json!({ "description": "Mailbox {{email}} not found", "replacementValues": [{ "key": "email", "value": SLOT }] });
            status_case(message(fields), h)
        },
    },
    Placement {
        field: "status.description (old shape)",
        build: |h| {
            status_case(
                status(json!({ "messages": [], "description": { "key": "c_cal@old", "defaultMessage": SLOT } })),
                h,
            )
        },
    },
    Placement {
        field: "journal.trackingRoot",
        build: |h| journal_case(journal(json!({}), json!({ "trackingRoot": SLOT })), h),
    },
    Placement {
        field: "journal.type",
        build: |h| {
            let mut template = journal(json!({}), json!({}));
            template["entries"][0]["entry"]["type"] = json!(SLOT);
            journal_case(template, h)
        },
    },
    Placement {
        field: "journal.userId",
        build: |h| journal_case(journal(json!({ "userId": SLOT }), json!({})), h),
    },
    Placement {
        field: "journal.userType",
        build: |h| journal_case(journal(json!({}), json!({ "userType": SLOT })), h),
    },
    Placement {
        field: "journal.message.description",
        build: |h| {
            let payload = json!({ "messages": [{ "severity": "error", "description": SLOT }] });
            journal_case(journal(payload, json!({})), h).quoting(quote(h))
        },
    },
    Placement {
        field: "activation.details.description",
        build: |h| {
            let payload = json!({ "details": [{ "severity": "error", "description": SLOT }] });
            journal_case(activation(payload, json!({})), h).quoting(quote(h))
        },
    },
    Placement {
        field: "activation.jobId",
        build: |h| journal_case(activation(json!({}), json!({ "jobId": SLOT })), h),
    },
    Placement {
        field: "activation.state",
        build: |h| journal_case(activation(json!({ "state": SLOT }), json!({})), h),
    },
    Placement {
        field: "place.displayName",
        build: |h| place_case(CSDM, place(json!({ "displayName": SLOT })), h),
    },
    Placement {
        field: "place.accountGUID (calendar email)",
        build: |h| {
            let accounts =
                json!({ "externalLinkedAccounts": [{ "providerID": "squared-fusion-cal", "accountGUID": SLOT }] });
            place_case(CSDM, place(accounts), h)
        },
    },
    Placement {
        field: "place.cisUuid",
        build: |h| place_case(CSDM, place(json!({ "cisUuid": SLOT })), h),
    },
    Placement {
        field: "workspace.id (hydra)",
        build: |h| {
            place_case(
                "https://webexapis.com/v1/workspaces",
                workspace(json!({ "id": SLOT })),
                h,
            )
        },
    },
    Placement {
        field: "workspace.calendar.emailAddress",
        build: |h| {
            place_case(
                "https://webexapis.com/v1/workspaces",
                workspace(json!({ "calendar": { "emailAddress": SLOT } })),
                h,
            )
        },
    },
    Placement {
        field: "ccc.status",
        build: |h| {
            Case::of(vec![(
                CCC.to_string(),
                fill(&json!({ "provisioned": true, "status": SLOT, "errorCode": 12 }), h),
            )])
        },
    },
    Placement {
        field: "ccc.errorCode",
        build: |h| {
            Case::of(vec![(
                CCC.to_string(),
                fill(&json!({ "provisioned": true, "status": "error", "errorCode": SLOT }), h),
            )])
        },
    },
    Placement {
        field: "ccc.orgId",
        build: |h| {
            Case::of(vec![(
                CCC.to_string(),
                fill(
                    &json!({ "provisioned": true, "status": "error", "errorCode": 12, "orgId": SLOT }),
                    h,
                ),
            )])
        },
    },
    Placement {
        field: "graph.code",
        build: |h| Case::of(vec![(GRAPH.to_string(), fill(&graph(json!({ "code": SLOT })), h))]),
    },
    Placement {
        field: "graph.message",
        build: |h| {
            let quoted = quote(h).map(|message| format!("ErrorItemNotFound: {message}"));
            Case::of(vec![(GRAPH.to_string(), fill(&graph(json!({ "message": SLOT })), h))]).quoting(quoted)
        },
    },
    Placement {
        field: "graph.innerError.request-id",
        build: |h| {
            Case::of(vec![(
                GRAPH.to_string(),
                fill(&graph(json!({ "innerError": { "request-id": SLOT } })), h),
            )])
        },
    },
    Placement {
        field: "graph.innerError.date",
        build: |h| {
            Case::of(vec![(
                GRAPH.to_string(),
                fill(&graph(json!({ "innerError": { "date": SLOT } })), h),
            )])
        },
    },
    Placement {
        field: "graph URL mailbox",
        build: |h| {
            Case::of(vec![(
                format!("https://graph.microsoft.com/v1.0/places/{}", h.text),
                graph(json!({})).to_string(),
            )])
        },
    },
    Placement {
        field: "request URL",
        build: |h| {
            Case::of(vec![(
                format!("{}&x={}", status_url(), h.text),
                status(json!({})).to_string(),
            )])
        },
    },
    Placement {
        field: "file name",
        build: |h| Case {
            file: h.text.clone(),
            ..Case::of(vec![(status_url(), status(json!({})).to_string())])
        },
    },
    Placement {
        field: "page email",
        build: |h| Case {
            email: Some(h.text.clone()),
            ..Case::of(vec![(status_url(), status(json!({})).to_string())])
        },
    },
    Placement {
        field: "page org id",
        build: |h| Case {
            org: h.text.clone(),
            tenant: String::new(),
            ..Case::of(vec![(status_url(), status(json!({})).to_string())])
        },
    },
    Placement {
        field: "tenant-domain text",
        build: |h| Case {
            tenant: h.text.clone(),
            ..Case::of(vec![(status_url(), status(json!({})).to_string())])
        },
    },
    Placement {
        field: "har.request.url (query)",
        build: |h| har_case(&format!("{}&x={SLOT}", status_url()), json!({}), h),
    },
    Placement {
        field: "har.request.url (path)",
        build: |h| {
            har_case(
                &uss_url(&format!("userJournal/{SLOT}?serviceId=squared-fusion-cal")),
                json!({}),
                h,
            )
        },
    },
    Placement {
        field: "har.request.method",
        build: |h| har_case(&status_url(), json!({ "request": { "method": SLOT } }), h),
    },
    Placement {
        field: "har.startedDateTime",
        build: |h| har_case(&status_url(), json!({ "startedDateTime": SLOT }), h),
    },
    Placement {
        field: "har.response.statusText",
        build: |h| har_case(&status_url(), json!({ "response": { "statusText": SLOT } }), h),
    },
    Placement {
        field: "har.response.headers (TrackingID)",
        build: |h| {
            har_case(
                &status_url(),
                json!({ "response": { "headers": [{ "name": "TrackingID", "value": SLOT }] } }),
                h,
            )
        },
    },
    Placement {
        field: "har.response.content.mimeType",
        build: |h| {
            har_case(
                &status_url(),
                json!({ "response": { "content": { "mimeType": SLOT } } }),
                h,
            )
        },
    },
    Placement {
        field: "har.response.content.text (the whole body)",
        build: |h| har_case(&status_url(), json!({ "response": { "content": { "text": SLOT } } }), h),
    },
    Placement {
        field: "har body: message.description",
        build: |h| {
            let body = fill(&message(json!({ "description": SLOT })), h);
            let har = json!({ "log": { "version": "1.2", "entries": [har_entry(&status_url(), &body, json!({}))] } });
            Case::of(Vec::new()).in_har(har.to_string()).quoting(quote(h))
        },
    },
];
