//! USS status messages, in every shape they come in.

use serde_json::Value;

use super::json::{field, items, text};
use crate::decode::observation::{Message, Severity};
use crate::limits::{MAX_MESSAGES_PER_RECORD, bounded};

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
        severity: text(value, &["severity"]).as_deref().and_then(Severity::parse),
        title: text(value, &["title"]),
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
            text(value, &["description", "defaultMessage"]),
            text(value, &["description", "key"]),
        ),
        _ => (text(value, &["description"]), None),
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
