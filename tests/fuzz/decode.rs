//! The decoder entry point (`Analysis::add`, which is `decode::decode`): arbitrary text, and
//! bodies shaped like every response it reads with their fields and their text mutated. Never a
//! panic; whatever it reads, every report of it is bounded.

use std::sync::LazyLock;

use caldoctor::explain::catalog::Lang;
use proptest::prelude::*;

use crate::harness::fuzz;
use crate::present::{analysis, reports};
use crate::shapes::{Body, any_json, body, messages, uss_status};
use crate::text::{any_text, domain, email, hostile};

/// An edit of a text: at a position, replace a character, insert one, delete one, or cut the rest.
#[derive(Clone, Debug)]
enum Edit {
    Replace(prop::sample::Index, char),
    Insert(prop::sample::Index, char),
    Delete(prop::sample::Index),
    Truncate(prop::sample::Index),
}

/// The characters that shape JSON, and those that shape the User Status Report's CSV.
const JSON_STRUCTURE: &[char] = &['{', '}', '[', ']', '"', ':', ',', '\\', '0', 'e', '-', ' '];
const CSV_STRUCTURE: &[char] = &['"', ',', ';', '\r', '\n', '|', ':', '-', ' ', '\u{feff}'];

fn edits(structure: &'static [char]) -> impl Strategy<Value = Vec<Edit>> {
    let structural = prop::sample::select(structure);
    let character = prop_oneof![structural, any::<char>()];
    let edit = prop_oneof![
        3 => (any::<prop::sample::Index>(), character.clone()).prop_map(|(at, c)| Edit::Replace(at, c)),
        2 => (any::<prop::sample::Index>(), character).prop_map(|(at, c)| Edit::Insert(at, c)),
        2 => any::<prop::sample::Index>().prop_map(Edit::Delete),
        1 => any::<prop::sample::Index>().prop_map(Edit::Truncate),
    ];
    prop::collection::vec(edit, 0..4)
}

/// The User Status Report CSV fixtures (tests/fixtures/csv), read once.
static CSVS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let folder = format!("{}/tests/fixtures/csv", env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<_> = std::fs::read_dir(&folder)
        .expect("the CSV fixtures")
        .map(|entry| entry.expect("a fixture").path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| std::fs::read_to_string(path).expect("UTF-8"))
        .collect()
});

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for edit in edits {
        if chars.is_empty() {
            break;
        }
        match edit {
            Edit::Replace(at, c) => {
                let at = at.index(chars.len());
                chars[at] = *c;
            }
            Edit::Insert(at, c) => chars.insert(at.index(chars.len() + 1), *c),
            Edit::Delete(at) => {
                chars.remove(at.index(chars.len()));
            }
            Edit::Truncate(at) => chars.truncate(at.index(chars.len())),
        }
    }
    chars.into_iter().collect()
}

fn check(inputs: &[(String, String)], email: Option<&str>, tenant: &str, lang: Lang) -> Result<(), TestCaseError> {
    let input_bytes = inputs.iter().map(|(url, body)| url.len() + body.len()).sum();
    if let Some(analysis) = analysis(inputs) {
        reports(&analysis, input_bytes, email, tenant, lang)?;
    }
    Ok(())
}

#[test]
fn arbitrary_text_is_read_or_refused_never_a_panic() {
    let input = (
        any_text(300),
        hostile(),
        prop_oneof![any_text(300), hostile().prop_map(|t| format!("{{\"log\":{t}"))],
    );
    fuzz("decode-arbitrary-text", input, |(body, url, har)| {
        check(&[(url.clone(), body), (url, har)], None, "", Lang::En)
    });
}

#[test]
fn bodies_of_every_shape_with_mutated_fields_and_text_never_panic() {
    let input = (
        prop::collection::vec((body(), edits(JSON_STRUCTURE)), 1..4),
        proptest::option::of(email()),
        prop::collection::vec(domain(), 0..4),
        any::<bool>(),
    );
    fuzz("decode-structured", input, |(bodies, email, domains, japanese)| {
        let inputs: Vec<(String, String)> = bodies
            .iter()
            .map(|(Body { url, json }, edits)| (url.clone(), apply(&json.to_string(), edits)))
            .collect();
        let lang = if japanese { Lang::Ja } else { Lang::En };
        check(&inputs, email.as_deref(), &domains.join("\n"), lang)
    });
}

#[test]
fn csv_reports_with_mutated_quoting_lines_and_text_never_panic() {
    let input = (
        0..CSVS.len(),
        prop::collection::vec(edits(CSV_STRUCTURE), 1..4),
        prop_oneof![any_text(200), hostile()],
        any::<bool>(),
    );
    fuzz("decode-csv", input, |(index, rounds, text, japanese)| {
        let mut csv = CSVS[index].clone();
        for edits in &rounds {
            csv = apply(&csv, edits);
        }
        // Hostile text as a row of its own, and a header-only report with it after the hint.
        let with_row = format!("{csv}\r\n{text}");
        let hinted = format!("sep=,\r\n{text}");
        let lang = if japanese { Lang::Ja } else { Lang::En };
        check(
            &[(String::new(), with_row), (String::new(), hinted)],
            None,
            "ciscolive.us",
            lang,
        )
    });
}

/// A status field written once more at a record's end (JSON text may repeat a key: the last one
/// stands), as JSON text: any value, the shapes the decoder reads there, or text no `Value` holds.
fn repeated_field() -> impl Strategy<Value = (&'static str, String)> {
    let names = prop::sample::select(
        &[
            "userId",
            "orgId",
            "serviceId",
            "entitled",
            "state",
            "lastStateChange",
            "lastStatusUpdate",
            "owner",
            "connectorId",
            "messages",
            "statusDetailsJson",
            "description",
            "descriptionKey",
            "paging",
        ][..],
    );
    let value = prop_oneof![
        3 => any_json().prop_map(|value| value.to_string()),
        2 => messages().prop_map(|list| list.unwrap_or_default().to_string()),
        1 => messages().prop_map(|list| serde_json::Value::String(list.unwrap_or_default().to_string()).to_string()),
        1 => hostile().prop_map(|text| serde_json::json!({ "key": text, "defaultMessage": text }).to_string()),
        1 => prop::sample::select(&[r#""\ud800""#, "1e400", "-0", "12345678901234567890123", r#""a\u0041 ""#][..])
            .prop_map(str::to_string),
    ];
    (names, value)
}

/// A status list read straight from its bytes gives what the same list gives parsed as a `Value`
/// (its key written with an escape, which sends it down that path), however odd its records.
#[test]
fn a_status_list_reads_the_same_from_its_bytes_as_from_a_value() {
    let input = (
        uss_status(),
        prop::collection::vec(prop::collection::vec(repeated_field(), 0..3), 0..4),
    );
    fuzz("decode-status-list-two-ways", input, |(Body { url, json }, repeats)| {
        let records: Vec<String> = json["userStatuses"]
            .as_array()
            .into_iter()
            .flatten()
            .zip(repeats.iter().chain(std::iter::repeat(&Vec::new())))
            .map(|(record, repeated)| {
                let text = record.to_string();
                let extra: Vec<String> = repeated
                    .iter()
                    .map(|(name, value)| format!("\"{name}\":{value}"))
                    .collect();
                match (text.strip_suffix('}'), extra.is_empty()) {
                    (Some("{"), false) => format!("{{{}}}", extra.join(",")),
                    (Some(open), false) => format!("{open},{}}}", extra.join(",")),
                    _ => text,
                }
            })
            .collect();
        let bytes = format!(r#"{{"userStatuses":[{}],"paging":{{"count":1}}}}"#, records.join(","));
        let escaped = bytes.replacen(r#"{"userStatuses":"#, r#"{"user\u0053tatuses":"#, 1);
        let read = |body: &str| caldoctor::decode::decode(&url, body, "fuzz");
        match (read(&bytes), read(&escaped)) {
            (Ok(typed), Ok(parsed)) => prop_assert_eq!(typed, parsed),
            (typed, parsed) => prop_assert!(
                typed.is_err() && parsed.is_err(),
                "one way read it, the other did not: {:?} / {:?}",
                typed,
                parsed
            ),
        }
        Ok(())
    });
}
