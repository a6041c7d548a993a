//! Untrusted input: malformed, huge, deeply nested, odd shapes, hostile strings, random
//! mutations. A clear error or a harmless result, never a panic.

mod common;

use caldoctor::Analysis;
use caldoctor::explain::catalog::Lang;
use common::{context, explain_files, fixture};

#[test]
fn unexpected_shapes_are_ignored_field_by_field() {
    let explained = explain_files(&["hostile/shapes.json"], &context(None, ""), Lang::En);
    assert_eq!(common::codes(&explained), ["o365-unauthorized"]);
}

#[test]
fn hostile_strings_stay_text_and_links_stay_on_the_allowlist() {
    let explained = explain_files(&["hostile/description.json"], &context(None, ""), Lang::En);
    let finding = &explained.findings[0];
    assert_eq!(finding.code, "o365-error");
    let raw = finding.raw_message.as_deref().unwrap();
    assert!(
        raw.contains("<script>alert(2)</script>"),
        "kept verbatim as text: {raw}"
    );
    assert!(!raw.contains("eyJhbGci"), "a token in server text is removed: {raw}");
    // The service error is a hostile string: it must come out as given, never interpreted.
    assert!(finding.title.contains("<img src=x onerror=alert(1)>"));
    for check in &finding.checks {
        if let Some(link) = &check.link {
            assert!(caldoctor::explain::links::is_allowed(&link.url));
            assert!(!link.url.contains('<') && !link.url.contains(' '), "{}", link.url);
        }
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let error = Analysis::new().add("", &deep, "deep.json").unwrap_err();
    assert!(error.to_string().contains("not valid JSON"), "{error}");
    let deep_object = format!(
        "{{\"userStatuses\":[{}{}]}}",
        "{\"a\":".repeat(10_000),
        "1}".repeat(10_000)
    );
    assert!(Analysis::new().add("", &deep_object, "deep.json").is_err());
}

#[test]
fn oversized_bodies_are_refused_with_their_size() {
    let huge = format!(
        "{{\"userStatuses\":[],\"pad\":\"{}\"}}",
        "x".repeat(caldoctor::limits::MAX_JSON_BODY_BYTES)
    );
    let error = Analysis::new().add("", &huge, "huge.json").unwrap_err();
    assert!(error.to_string().contains("over the limit"), "{error}");
}

#[test]
fn broken_har_entries_are_skipped_with_a_reason_and_the_rest_read() {
    let mut analysis = Analysis::new();
    analysis.add("", &fixture("har/bad-entries.har"), "bad.har").unwrap();
    assert_eq!(analysis.skipped.len(), 2, "{:?}", analysis.skipped);
    assert!(analysis.skipped[0].reason.contains("not valid JSON"));
    assert!(analysis.skipped[1].reason.contains("base64"));
    let outcome = analysis.diagnose(&context(None, ""));
    assert_eq!(outcome.findings[0].kind.code, "o365-forbidden");
}

/// xorshift: a fixed-seed generator, so a failure is reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn random_mutations_of_every_fixture_never_panic() {
    let mut rng = Rng(0x5eed_cafe_f00d_beef);
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let mut folders = vec![std::path::PathBuf::from(dir)];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path)
            } else {
                files.push(path)
            }
        }
    }
    files.sort();
    let alphabet = b"{}[]\":,\\ 0aZ-.@'<>\n\xc3\xa9";
    for path in files {
        let original = std::fs::read(&path).unwrap();
        for _ in 0..60 {
            let mut bytes = original.clone();
            for _ in 0..1 + rng.next() % 4 {
                if bytes.is_empty() {
                    break;
                }
                let at = (rng.next() % bytes.len() as u64) as usize;
                match rng.next() % 3 {
                    0 => bytes[at] = alphabet[(rng.next() % alphabet.len() as u64) as usize],
                    1 => {
                        bytes.remove(at);
                    }
                    _ => bytes.truncate(at),
                }
            }
            let text = String::from_utf8_lossy(&bytes);
            let mut analysis = Analysis::new();
            if analysis
                .add("https://uss-a.wbx2.com/uss/api/v1/orgs/o/userStatuses", &text, "m")
                .is_ok()
            {
                let _ = analysis.explain(
                    &context(Some("a@b.c"), "b.c"),
                    &caldoctor::explain::Presentation {
                        lang: Lang::Ja,
                        zone: caldoctor::explain::Zone::utc(),
                        redactor: caldoctor::explain::redact::Redactor::new(true),
                    },
                );
            }
        }
    }
}

#[test]
fn epoch_times_out_of_range_are_ignored() {
    let body = r#"{"userStatuses":[{"userId":"u","state":"error","lastStateChange":9223372036854775807,
        "messages":[{"severity":"error","description":"Received error 'Unauthorized' from O365."}]}]}"#;
    let mut analysis = Analysis::new();
    analysis.add("", body, "big-time.json").unwrap();
    let outcome = analysis.diagnose(&context(None, ""));
    assert_eq!(outcome.findings[0].observed_at, None);
    let in_range = body.replace("9223372036854775807", "1795742640000");
    let mut analysis = Analysis::new();
    analysis.add("", &in_range, "time.json").unwrap();
    let observed = analysis.diagnose(&context(None, "")).findings[0].observed_at.unwrap();
    assert_eq!(observed.to_rfc3339(), "2026-11-27T01:24:00.000Z");
}

#[test]
fn hostile_csvs_are_refused_or_read_in_part_never_a_panic() {
    let header = "sep=,\r\nUser,Type,Cluster,Status,Details,ID,Service\r\n";
    let huge = format!("{header}{}", "x".repeat(caldoctor::limits::MAX_CSV_BYTES));
    let error = Analysis::new().add("", &huge, "huge.csv").unwrap_err();
    assert!(error.to_string().contains("over the limit"), "{error}");
    let reasons = |text: &str| -> Vec<String> {
        let mut analysis = Analysis::new();
        analysis.add("", text, "hostile.csv").expect("read in part");
        analysis.skipped.iter().map(|s| s.reason.clone()).collect()
    };
    let wide = format!("{header}{}", ",".repeat(1_000_000));
    assert_eq!(reasons(&wide), ["line 3: 1000001 fields where the header has 7"]);
    let quotes = format!("{header}{}", "\"".repeat(1_000_001));
    assert_eq!(
        reasons(&quotes),
        ["line 3: a quoted field is never closed; the file ends inside it"]
    );
    let lines = format!("{header}{}", "\r\n\n\r".repeat(100_000));
    assert!(reasons(&lines).is_empty(), "blank lines are no rows");
}
