//! How fast a large HAR is diagnosed, as a ratio against merely validating the same bytes
//! with serde_json in the same run (both measured side by side, best of several rounds).
//! `make bench` prints it; nothing here asserts a time.

#[path = "support/results.rs"]
mod results;
mod timing;

use std::hint::black_box;

use caldoctor::explain::catalog::Lang;
use caldoctor::explain::redact::Redactor;
use caldoctor::explain::{Presentation, Zone};
use caldoctor::{Analysis, Context};
use timing::{best_of, ms};

const TARGET_BYTES: usize = 100 * 1024 * 1024;
const ROUNDS: usize = 5;

/// A HAR of about 100 MB: Control Hub's scenario entries among large unrelated responses
/// (scripts and JSON with escapes), as a real capture of the admin app looks.
fn generate_har() -> String {
    let scenario: serde_json::Value =
        serde_json::from_str(include_str!("../tests/fixtures/har/note-scenario.har")).unwrap();
    let matching: Vec<serde_json::Value> = scenario["log"]["entries"].as_array().unwrap().clone();
    let noise_body = format!(
        "{{\"data\":\"{}\"}}",
        "x\\\"y\\\\z 0123456789 abcdefghij ".repeat(4_000)
    );
    let noise = serde_json::json!({
        "startedDateTime": "2026-11-27T01:30:00.000Z",
        "request": { "method": "GET", "url": "https://admin.webex.com/api/v1/noise?x=1", "headers": [{"name": "Authorization", "value": "Bearer abc"}] },
        "response": { "status": 200, "headers": [], "content": { "mimeType": "application/json", "text": noise_body } },
        "timings": { "wait": 1 }
    });
    let noise_text = noise.to_string();
    let mut entries: Vec<String> = Vec::new();
    let mut size = 0;
    let mut index = 0;
    while size < TARGET_BYTES {
        let entry = if index % 50 == 0 {
            matching[(index / 50) % matching.len()].to_string()
        } else {
            noise_text.clone()
        };
        size += entry.len() + 1;
        entries.push(entry);
        index += 1;
    }
    format!(
        "{{\"log\":{{\"version\":\"1.2\",\"creator\":{{\"name\":\"bench\"}},\"entries\":[{}]}}}}",
        entries.join(",")
    )
}

fn main() {
    let har = generate_har();
    let megabytes = har.len() as f64 / 1_048_576.0;
    let context = Context::default();
    let presentation = Presentation {
        lang: Lang::En,
        zone: Zone::utc(),
        redactor: Redactor::new(true),
    };
    let mut findings = 0;
    let doctor = best_of(ROUNDS, || {
        let mut analysis = Analysis::new();
        analysis.add("", black_box(&har), "bench.har").unwrap();
        findings = analysis.explain(&context, &presentation).findings.len();
    });
    let validate = best_of(ROUNDS, || {
        black_box(serde_json::from_str::<serde::de::IgnoredAny>(black_box(&har)).unwrap());
    });
    println!("HAR of {megabytes:.1} MB, {findings} findings");
    println!(
        "caldoctor analyze + explain: {:>8.1} ms ({:.0} MB/s)",
        ms(doctor),
        megabytes / doctor.as_secs_f64()
    );
    println!(
        "serde_json validate only:    {:>8.1} ms ({:.0} MB/s)",
        ms(validate),
        megabytes / validate.as_secs_f64()
    );
    println!(
        "ratio caldoctor / validate:  {:.2}",
        doctor.as_secs_f64() / validate.as_secs_f64()
    );
    let figure = results::Figure::best;
    results::append(
        "cargo bench --bench har_speed",
        &[
            figure("har.analyze_explain", ms(doctor), "ms"),
            figure("har.validate", ms(validate), "ms"),
            figure("har.ratio", doctor.as_secs_f64() / validate.as_secs_f64(), "ratio"),
            figure("har.bytes", har.len() as f64, "bytes"),
        ],
    );
}
