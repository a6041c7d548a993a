//! How the doctor scales with the number of subjects: status lists of 10,000 and 40,000 users
//! and workspaces (the org-wide "User Status Report" load) against serde_json merely validating
//! the same bytes in the same run, each as a ratio to it: decoded only; decoded and diagnosed
//! with every finding kept (`diagnose_all`, what an org-wide triage starts from); and analysed
//! in full — decoded, diagnosed, explained and written as a report. Linear work keeps the
//! ratios the same at both sizes.
//! `make bench` prints it; nothing here asserts a time.

#[path = "support/results.rs"]
mod results;
mod timing;

use std::hint::black_box;
use std::time::Duration;

use caldoctor::explain::catalog::Lang;
use caldoctor::explain::redact::Redactor;
use caldoctor::explain::report::{self, Format};
use caldoctor::explain::{Presentation, Zone};
use caldoctor::limits::MAX_RECORDS_PER_BODY;
use caldoctor::{Analysis, Context, diagnose};
use timing::{best_of, ms};

const SIZES: [usize; 2] = [10_000, 40_000];
const ROUNDS: usize = 7;
const ORG: &str = "1eb65fdf-9643-417f-9974-ad72cae0e10f";

/// One subject's status: most activated, some in error with the O365 sentence, some in error
/// with no message, a few with a message the doctor does not know — as an org's list looks.
fn status(index: usize) -> serde_json::Value {
    let (state, messages) = match index % 10 {
        0 | 1 => (
            "error",
            serde_json::json!([{ "severity": "error", "description": "Received error 'Unauthorized' from O365. Admin action is required." }]),
        ),
        2 => ("error", serde_json::json!([])),
        3 => (
            "error",
            serde_json::json!([{ "severity": "warning", "key": "c_cal@other", "description": format!("Something new about {index}.") }]),
        ),
        4 => ("notActivated", serde_json::json!([])),
        _ => (
            "activated",
            serde_json::json!([{ "severity": "info", "key": "c_cal@activated", "description": "Activation successful." }]),
        ),
    };
    serde_json::json!({
        "userId": format!("{index:08x}-5d1b-4c8e-9f0a-7b2d4e6f8a10"),
        "orgId": ORG,
        "serviceId": "squared-fusion-cal",
        "entitled": true,
        "state": state,
        "lastStateChange": format!("2026-11-{:02}T{:02}:{:02}:00.000Z", 1 + index % 28, index % 24, index % 60),
        "lastStatusUpdate": "2026-11-27T01:30:12.345Z",
        "owner": "ccc",
        "messages": messages,
    })
}

/// The list as USS pages it: at most [`MAX_RECORDS_PER_BODY`] (its `limit=10000`) per body,
/// `paging.next` naming the following page.
fn pages(subjects: usize) -> Vec<(String, String)> {
    let url = |page: usize| {
        format!(
            "https://uss-a.wbx2.com/uss/api/v1/orgs/{ORG}/userStatuses?includeMessages=true&serviceId=squared-fusion-cal&limit={MAX_RECORDS_PER_BODY}&entitled=true&page={page}"
        )
    };
    (0..subjects)
        .step_by(MAX_RECORDS_PER_BODY)
        .enumerate()
        .map(|(page, first)| {
            let statuses: Vec<serde_json::Value> = (first..subjects.min(first + MAX_RECORDS_PER_BODY))
                .map(status)
                .collect();
            let mut paging = serde_json::json!({ "count": statuses.len(), "limit": MAX_RECORDS_PER_BODY });
            if first + MAX_RECORDS_PER_BODY < subjects {
                paging["next"] = url(page + 1).into();
            }
            let body = serde_json::json!({ "userStatuses": statuses, "paging": paging }).to_string();
            (url(page), body)
        })
        .collect()
}

fn main() {
    let context = Context::default();
    let presentation = Presentation {
        lang: Lang::En,
        zone: Zone::utc(),
        redactor: Redactor::new(true),
    };
    println!(
        "subjects   bytes (MB)   validate (ms)   decode (ms)  ×   + diagnose_all (ms)  ×   analysis (ms)  ×   findings all; listed + omitted"
    );
    for subjects in SIZES {
        let pages = pages(subjects);
        let megabytes = pages.iter().map(|(_, body)| body.len()).sum::<usize>() as f64 / 1_048_576.0;
        let decoded = || {
            let mut analysis = Analysis::new();
            for (url, body) in &pages {
                analysis.add(url, black_box(body), "statuses.json").unwrap();
            }
            analysis
        };
        let validate = best_of(ROUNDS, || {
            for (_, body) in &pages {
                black_box(serde_json::from_str::<serde::de::IgnoredAny>(black_box(body)).unwrap());
            }
        });
        let decode = best_of(ROUNDS, || drop(black_box(decoded())));
        let mut all = 0;
        let diagnose_all = best_of(ROUNDS, || {
            let analysis = decoded();
            let outcome = diagnose::diagnose_all(&analysis.observed, &context);
            all = black_box(outcome).findings.len();
        });
        let mut counted = (0, 0);
        let analysis = best_of(ROUNDS, || {
            let analysis = decoded();
            let explained = analysis.explain(&context, &presentation);
            black_box(report::render(&explained, &analysis.inputs, Format::Text, true));
            counted = (explained.findings.len(), explained.omitted);
        });
        let ratio = |measured: Duration| measured.as_secs_f64() / validate.as_secs_f64();
        println!(
            "{subjects:>8}   {megabytes:>10.1}   {:>13.1}   {:>11.1} {:>5.2}   {:>18.1} {:>5.2}   {:>13.1} {:>5.2}   {all}; {} + {}",
            ms(validate),
            ms(decode),
            ratio(decode),
            ms(diagnose_all),
            ratio(diagnose_all),
            ms(analysis),
            ratio(analysis),
            counted.0,
            counted.1,
        );
        let name = |what: &str| format!("status_list.{subjects}.{what}");
        let names = [
            "validate",
            "decode",
            "decode_ratio",
            "diagnose_all",
            "diagnose_all_ratio",
            "analysis",
            "ratio",
        ]
        .map(name);
        let figure = results::Figure::best;
        results::append(
            "cargo bench --bench status_scale",
            &[
                figure(&names[0], ms(validate), "ms"),
                figure(&names[1], ms(decode), "ms"),
                figure(&names[2], ratio(decode), "ratio"),
                figure(&names[3], ms(diagnose_all), "ms"),
                figure(&names[4], ratio(diagnose_all), "ratio"),
                figure(&names[5], ms(analysis), "ms"),
                figure(&names[6], ratio(analysis), "ratio"),
            ],
        );
    }
}
