//! Every fixture of tests/fixtures with its JSON tree mutated — a node replaced by hostile text
//! or any JSON, or removed — so that each shape the decoders read, the ones added after these
//! targets too, is fuzzed as it really comes. Never a panic; bounded reports; a mutated HAR
//! reduced says what it says whole, and is redacted without a panic.

use std::sync::LazyLock;

use caldoctor::decode::decode;
use caldoctor::explain::catalog::Lang;
use caldoctor::har::{redact::redact_har, reduce::reduce_har};
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::harness::fuzz;
use crate::present::{analysis, reports};
use crate::shapes::any_json;
use crate::text::hostile;

/// (name, parsed JSON) of every fixture that is JSON, read once.
static FIXTURES: LazyLock<Vec<(String, Value)>> = LazyLock::new(|| {
    let root = std::path::PathBuf::from(format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR")));
    let mut found = Vec::new();
    let mut folders = vec![root.clone()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("the fixtures") {
            let path = entry.expect("a fixture").path();
            if path.is_dir() {
                folders.push(path);
            } else if let Some(json) = std::fs::read_to_string(&path)
                .ok()
                .and_then(|t| serde_json::from_str(&t).ok())
            {
                found.push((
                    path.strip_prefix(&root).expect("under the root").display().to_string(),
                    json,
                ));
            }
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
});

/// One edit: the node at a depth-first position replaced, or removed (`None`).
type Edit = (prop::sample::Index, Option<Value>);

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let replacement = prop_oneof![
        2 => hostile().prop_map(Value::String),
        2 => any_json(),
        1 => Just(Value::Null),
    ];
    prop::collection::vec(
        (
            any::<prop::sample::Index>(),
            proptest::option::weighted(0.85, replacement),
        ),
        1..5,
    )
}

/// How many nodes `value` has, itself included.
fn nodes(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(nodes).sum(),
        Value::Object(fields) => fields.values().map(nodes).sum(),
        _ => 0,
    }
}

/// Applies `edit` to the `at`th node in depth-first order (0 is the root, which is replaced).
fn apply(value: &mut Value, mut at: usize, edit: &Option<Value>) {
    if at == 0 {
        *value = edit.clone().unwrap_or(Value::Null);
        return;
    }
    at -= 1;
    let children: Vec<(Option<String>, usize)> = match value {
        Value::Array(items) => items.iter().map(|item| (None, nodes(item))).collect(),
        Value::Object(fields) => fields
            .iter()
            .map(|(key, item)| (Some(key.clone()), nodes(item)))
            .collect(),
        _ => return,
    };
    let mut offset = 0;
    for (index, (key, size)) in children.into_iter().enumerate() {
        if at < offset + size {
            let inner = at - offset;
            match (value, key) {
                (Value::Object(fields), Some(key)) if inner == 0 && edit.is_none() => {
                    fields.remove(&key);
                }
                (Value::Array(items), None) if inner == 0 && edit.is_none() => {
                    items.remove(index);
                }
                (Value::Object(fields), Some(key)) => apply(fields.get_mut(&key).expect("the key"), inner, edit),
                (Value::Array(items), None) => apply(&mut items[index], inner, edit),
                _ => {}
            }
            return;
        }
        offset += size;
    }
}

#[test]
fn every_fixture_mutated_is_read_or_refused_never_a_panic() {
    let input = (any::<prop::sample::Index>(), edits(), any::<bool>());
    fuzz("fixtures-mutated", input, |(which, edits, japanese)| {
        let (name, fixture) = &FIXTURES[which.index(FIXTURES.len())];
        let mut json = fixture.clone();
        for (at, edit) in &edits {
            let at = at.index(nodes(&json));
            apply(&mut json, at, edit);
        }
        let text = json.to_string();
        if let Some(analysis) = analysis(&[(String::new(), text.clone())]) {
            let lang = if japanese { Lang::Ja } else { Lang::En };
            reports(&analysis, text.len(), Some("room@ciscolive.us"), "ciscolive.us", lang)?;
        }
        if name.ends_with(".har") {
            if let (Ok(whole), Ok((reduced, _))) = (decode("", &text, name), reduce_har(text.as_bytes())) {
                let small =
                    decode("", &reduced, name).map_err(|e| TestCaseError::fail(format!("reduced unreadable: {e}")))?;
                prop_assert_eq!(small.observations, whole.observations);
            }
            let _ = redact_har(text.as_bytes());
        }
        Ok(())
    });
}

#[test]
fn edits_reach_every_node_in_depth_first_order() {
    let original = serde_json::json!({ "a": [1, { "b": 2 }], "c": 3 });
    let removed: Vec<Value> = (0..nodes(&original))
        .map(|at| {
            let mut value = original.clone();
            apply(&mut value, at, &None);
            value
        })
        .collect();
    assert_eq!(
        removed,
        [
            Value::Null,
            json!({ "c": 3 }),
            json!({ "a": [{ "b": 2 }], "c": 3 }),
            json!({ "a": [1], "c": 3 }),
            json!({ "a": [1, {}], "c": 3 }),
            json!({ "a": [1, { "b": 2 }] }),
        ]
    );
}
