//! USS status messages, in every shape they come in.

use serde_json::Value;

use super::json::{field, items, text, text_ref, verbatim};
use crate::decode::observation::{Message, Severity};
use crate::limits::{MAX_EMBEDDED_JSON_BYTES, MAX_MESSAGES_PER_RECORD, bounded};

/// `[{ key, severity, title?, description, replacementValues? }]`; a bare string is a description.
pub fn messages(value: &Value, path: &[&str]) -> Vec<Message> {
    items(value, path, MAX_MESSAGES_PER_RECORD)
        .filter_map(message)
        .collect()
}

pub(super) fn message(value: &Value) -> Option<Message> {
    if let Value::String(description) = value {
        return Some(Message {
            description: bounded(description),
            ..Message::default()
        });
    }
    let (description, description_key) = description(value);
    let message = Message {
        key: text(value, &["key"]).or(description_key),
        severity: text_ref(value, &["severity"]).and_then(Severity::parse),
        title: verbatim(value, &["title"]),
        description: description.unwrap_or_default(),
        replacement_values: items(value, &["replacementValues"], MAX_MESSAGES_PER_RECORD)
            .filter_map(|pair| Some((text(pair, &["key"])?, text(pair, &["value"])?)))
            .collect(),
    };
    (!message.description.is_empty() || message.key.is_some()).then_some(message)
}

/// `description` is a string, or in the old shape `{ key, defaultMessage }`.
fn description(value: &Value) -> (Option<String>, Option<String>) {
    match field(value, &["description"]) {
        Some(Value::Object(_)) => (
            verbatim(value, &["description", "defaultMessage"]),
            text(value, &["description", "key"]),
        ),
        _ => (verbatim(value, &["description"]), None),
    }
}

/// Activation 2.0's `statusDetailsJson`: the messages as a JSON *string*, holding an array of
/// messages, an object with such an array (`messages` or `details`), or one message. A string
/// over [`MAX_EMBEDDED_JSON_BYTES`] or not JSON gives none: the record's state still speaks.
pub fn embedded_messages(value: &Value, path: &[&str]) -> Vec<Message> {
    let Some(Value::String(embedded)) = field(value, path) else {
        return Vec::new();
    };
    if embedded.len() > MAX_EMBEDDED_JSON_BYTES {
        return Vec::new();
    }
    let Ok(parsed) = serde_json::from_str::<Value>(embedded) else {
        return Vec::new();
    };
    match &parsed {
        Value::Array(_) => messages(&parsed, &[]),
        Value::Object(_) => ["messages", "details"]
            .iter()
            .find(|name| super::json::is_array(&parsed, &[name]))
            .map_or_else(
                || message(&parsed).into_iter().collect(),
                |name| messages(&parsed, &[name]),
            ),
        _ => Vec::new(),
    }
}

/// The old record-level shape: `description: { key, defaultMessage }` (or a string with a
/// `descriptionKey` beside it) instead of `messages`. Its severity follows the record's state.
pub fn record_level_message(record: &Value, state: Option<&str>) -> Option<Message> {
    let (description, description_key) = description(record);
    let key = description_key.or_else(|| text(record, &["descriptionKey"]));
    if description.is_none() && key.is_none() {
        return None;
    }
    Some(Message {
        key,
        severity: state.map(|state| {
            if state.eq_ignore_ascii_case("error") {
                Severity::Error
            } else {
                Severity::Info
            }
        }),
        description: description.unwrap_or_default(),
        ..Message::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embedded(json: &str) -> Vec<Message> {
        embedded_messages(
            &serde_json::json!({ "statusDetailsJson": json }),
            &["statusDetailsJson"],
        )
    }

    #[test]
    fn status_details_json_in_every_shape_and_garbage() {
        let one = r#"{"severity":"error","description":"Received error 'Forbidden' from O365."}"#;
        for json in [
            format!("[{one}]"),
            format!(r#"{{"messages":[{one}]}}"#),
            one.to_string(),
        ] {
            let read = embedded(&json);
            assert_eq!(read.len(), 1, "{json}");
            assert_eq!(read[0].severity, Some(Severity::Error));
        }
        for garbage in ["", "{not json", "42", "null", "[1, \"x\", {}]", "{\"messages\": 5}"] {
            assert!(embedded(garbage).iter().all(|m| !m.description.is_empty()), "{garbage}");
        }
        let huge = format!("[{}]", vec![one; 20_000].join(","));
        assert!(embedded(&huge).is_empty(), "over the bound");
        assert!(embedded_messages(&serde_json::json!({ "statusDetailsJson": [1] }), &["statusDetailsJson"]).is_empty());
    }

    #[test]
    fn descriptions_keep_the_servers_whitespace() {
        let read = messages(
            &serde_json::json!({ "messages": [{ "description": "  two  spaces\nand a line " }] }),
            &["messages"],
        );
        assert_eq!(read[0].description, "  two  spaces\nand a line ");
    }
}
