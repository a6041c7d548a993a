//! The org-wide triage at scale: a generated org of 40,000 users and workspaces — its status
//! list in pages of 10,000, the SCIM users and CSDM places that name them, and the same org as
//! the User Status Report's `user_statuses.csv` — triaged as `caldoctor triage --format csv`
//! does (read, newest status per subject, grouped, written), against serde_json merely
//! validating the JSON bodies in the same run, as a ratio (target ≤ 2). `make bench` prints it;
//! nothing here asserts a time.

#[path = "support/results.rs"]
mod results;
mod timing;

use std::fmt::Write;
use std::hint::black_box;

use caldoctor::diagnose::tenant::Tenant;
use caldoctor::explain::redact::Redactor;
use caldoctor::limits::MAX_RECORDS_PER_BODY;
use caldoctor::triage::{build, csv, keep_latest_statuses};
use caldoctor::{Analysis, Context};
use serde_json::json;
use timing::{best_of, ms};

const SUBJECTS: usize = 40_000;
const ROUNDS: usize = 5;
const ORG: &str = "1eb65fdf-9643-417f-9974-ad72cae0e10f";
const UNAUTHORIZED: &str = "Received error 'Unauthorized' from O365. Admin action is required.";
/// A SCIM page, as the identity service pages its lookups.
const SCIM_PAGE: usize = 1_000;

/// One subject: a user (three in five) or a workspace, its address in the tenant's domain or in
/// one of two others, its state as an org's list looks (three in ten in error).
struct Subject {
    id: String,
    user: bool,
    name: String,
    email: String,
    state: &'static str,
    message: Option<&'static str>,
}

fn subject(index: usize) -> Subject {
    let domain = match index % 7 {
        0 => "legacy.example.org",
        1 => "rooms.example.net",
        _ => "example.com",
    };
    let (state, message) = match index % 10 {
        0..=1 => ("error", Some(UNAUTHORIZED)),
        2 => ("error", None),
        3 => ("notActivated", None),
        _ => ("activated", None),
    };
    let user = index % 5 < 3;
    Subject {
        id: format!("{index:08x}-5d1b-4c8e-9f0a-7b2d4e6f8a10"),
        user,
        name: if user {
            format!("User {index}")
        } else {
            format!("Room {index}")
        },
        email: format!("{}{index}@{domain}", if user { "user" } else { "room" }),
        state,
        message,
    }
}

fn status(s: &Subject) -> serde_json::Value {
    json!({
        "userId": s.id, "orgId": ORG, "serviceId": "squared-fusion-cal", "entitled": true,
        "state": s.state, "lastStateChange": "2026-11-20T08:00:00.000Z",
        "lastStatusUpdate": "2026-11-27T01:30:12.345Z", "owner": "ccc",
        "messages": s.message.map_or_else(Vec::new, |m| vec![json!({"severity": "error", "key": "c_cal@unauthorized", "description": m})]),
    })
}

/// `(url, body)` of every response the User Status Report loads for the org.
fn responses(subjects: &[Subject]) -> Vec<(String, String)> {
    let uss = format!("https://uss-a.wbx2.com/uss/api/v1/orgs/{ORG}/userStatuses");
    let mut out = Vec::new();
    for (page, chunk) in subjects.chunks(MAX_RECORDS_PER_BODY).enumerate() {
        let statuses: Vec<_> = chunk.iter().map(status).collect();
        let body = json!({"userStatuses": statuses, "paging": {"count": chunk.len()}});
        out.push((
            format!("{uss}?includeMessages=true&serviceId=squared-fusion-cal&limit=10000&page={page}"),
            body.to_string(),
        ));
    }
    let users: Vec<&Subject> = subjects.iter().filter(|s| s.user).collect();
    for chunk in users.chunks(SCIM_PAGE) {
        let resources: Vec<_> = chunk
            .iter()
            .map(|s| json!({"id": s.id, "userName": s.email, "displayName": s.name, "emails": [{"value": s.email, "primary": true}]}))
            .collect();
        let body = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": users.len(), "Resources": resources});
        out.push((
            format!("https://identity.webex.com/identity/scim/{ORG}/v1/Users?count={SCIM_PAGE}"),
            body.to_string(),
        ));
    }
    let places: Vec<_> = subjects
        .iter()
        .filter(|s| !s.user)
        .map(|s| json!({"cisUuid": s.id, "displayName": s.name, "externalLinkedAccounts": [{"providerID": "squared-fusion-cal", "accountGUID": s.email}]}))
        .collect();
    for chunk in places.chunks(MAX_RECORDS_PER_BODY) {
        let body = json!({"places": chunk});
        out.push((
            format!("https://csdm-a.wbx2.com/csdm/api/v1/organization/{ORG}/places/"),
            body.to_string(),
        ));
    }
    out
}

/// The same org as Control Hub's Export to CSV writes it.
fn report_csv(subjects: &[Subject]) -> String {
    let mut out = String::from("sep=,\r\nUser,Type,Cluster,Status,Details,ID,Service");
    for s in subjects {
        let (kind, user) = if s.user {
            ("User", s.email.as_str())
        } else {
            ("Cisco Webex Device Place", s.name.as_str())
        };
        let status = match s.state {
            "error" => "Error",
            "activated" => "Activated",
            _ => "Pending Activation",
        };
        let details = s
            .message
            .map_or(String::new(), |m| format!("Error: Unauthorized - {m}"));
        let _ = write!(
            out,
            "\r\n{user},{kind},Cisco Webex Cloud,{status},{details},{},Hybrid Calendar (Office 365)",
            s.id
        );
    }
    out
}

/// What `caldoctor triage --format csv` does once its files are read.
fn triage(inputs: &[(String, String)], file: &str, context: &Context) -> (usize, usize) {
    let mut analysis = Analysis::new();
    for (url, body) in inputs {
        analysis
            .add(url, black_box(body), file)
            .expect("the generated org reads");
    }
    keep_latest_statuses(&mut analysis.observed);
    let triaged = build(&analysis.observed, &analysis.skipped, context);
    black_box(csv::write(&triaged, &Redactor::new(false)));
    (triaged.subjects_in_error, triaged.groups.len())
}

fn main() {
    let subjects: Vec<Subject> = (0..SUBJECTS).map(subject).collect();
    let json_inputs = responses(&subjects);
    let csv_inputs = vec![(String::new(), report_csv(&subjects))];
    let megabytes =
        |inputs: &[(String, String)]| inputs.iter().map(|(_, b)| b.len()).sum::<usize>() as f64 / 1_048_576.0;
    let context = Context {
        email: None,
        tenants: vec![Tenant::from_details(None, "example.com")],
    };
    let validate = best_of(ROUNDS, || {
        for (_, body) in &json_inputs {
            black_box(serde_json::from_str::<serde::de::IgnoredAny>(black_box(body)).unwrap());
        }
    });
    let mut counted = (0, 0);
    let from_json = best_of(ROUNDS, || counted = triage(&json_inputs, "org.json", &context));
    let from_csv = best_of(ROUNDS, || counted = triage(&csv_inputs, "user_statuses.csv", &context));
    println!("{SUBJECTS} subjects, {} in error in {} groups", counted.0, counted.1);
    println!("input                              MB   triage (ms)   validate JSON (ms)   ratio");
    let ratio = |d: std::time::Duration| d.as_secs_f64() / validate.as_secs_f64();
    for (what, inputs, took) in [
        ("statuses + SCIM + places (JSON)", &json_inputs, from_json),
        ("user_statuses.csv", &csv_inputs, from_csv),
    ] {
        println!(
            "{what:<32} {:>5.1}   {:>11.1}   {:>18.1}   {:>5.2}",
            megabytes(inputs),
            ms(took),
            ms(validate),
            ratio(took)
        );
    }
    let figure = results::Figure::best;
    results::append(
        "cargo bench --bench triage_scale",
        &[
            figure("triage.40000.json", ms(from_json), "ms"),
            figure("triage.40000.csv", ms(from_csv), "ms"),
            figure("triage.40000.validate", ms(validate), "ms"),
            figure("triage.40000.json_ratio", ratio(from_json), "ratio"),
            figure("triage.40000.csv_ratio", ratio(from_csv), "ratio"),
        ],
    );
}
