//! USS status messages, in every shape they come in, read by one set of [`Tolerant`] readers
//! whether the body was parsed into a `Value` or is read straight from its bytes.

use serde::Deserialize;
use serde::de::{MapAccess, SeqAccess};
use serde_json::Value;

use super::json::{Loose, Tolerant, each_element, field, read, skip_value, text, value, verbatim_text};
use crate::decode::observation::{Message, Severity};
use crate::limits::{MAX_EMBEDDED_JSON_BYTES, MAX_MESSAGES_PER_RECORD, bounded};

/// `[{ key, severity, title?, description, replacementValues? }]`; a bare string is a description.
pub fn messages(value: &Value, path: &[&str]) -> Vec<Message> {
    field(value, path).map_or_else(Vec::new, |list| read::<Messages>(list).0)
}

pub(super) fn message(value: &Value) -> Option<Message> {
    read::<WireMessage>(value).0
}

/// A message list: at most [`MAX_MESSAGES_PER_RECORD`] read, those that say nothing left out;
/// empty when the value is not an array.
#[derive(Default)]
pub(super) struct Messages(pub Vec<Message>);

impl<'de> Tolerant<'de> for Messages {
    fn seq<A: SeqAccess<'de>>(seq: A) -> Result<Self, A::Error> {
        let mut messages = Vec::new();
        each_element(seq, MAX_MESSAGES_PER_RECORD, |WireMessage(message)| {
            messages.extend(message)
        })?;
        Ok(Messages(messages))
    }
}

/// One message, `None` when it has neither words nor a key.
#[derive(Default)]
struct WireMessage(Option<Message>);

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "camelCase")]
enum MessageField {
    Key,
    Severity,
    Title,
    Description,
    ReplacementValues,
    #[serde(other)]
    Other,
}

impl<'de> Tolerant<'de> for WireMessage {
    fn text(description: &str) -> Self {
        WireMessage(Some(Message {
            description: bounded(description),
            ..Message::default()
        }))
    }

    fn map<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let (mut key, mut severity, mut title) = (Loose::Other, Loose::Other, Loose::Other);
        let mut description = Description::default();
        let mut replacement_values = Vec::new();
        // A repeated field's last value stands, as in a parsed `Value`.
        while let Some(field) = map.next_key()? {
            match field {
                MessageField::Key => key = value(&mut map)?,
                MessageField::Severity => severity = value(&mut map)?,
                MessageField::Title => title = value(&mut map)?,
                MessageField::Description => description = value(&mut map)?,
                MessageField::ReplacementValues => replacement_values = value::<ReplacementValues, _>(&mut map)?.0,
                MessageField::Other => skip_value(&mut map)?,
            }
        }
        let message = Message {
            key: key.text().or(description.key),
            severity: severity.text_ref().and_then(Severity::parse),
            title: title.verbatim(),
            description: description.text.unwrap_or_default(),
            replacement_values,
        };
        Ok(WireMessage(
            (!message.description.is_empty() || message.key.is_some()).then_some(message),
        ))
    }
}

/// `replacementValues: [{ key, value }]`, the pairs that have both.
#[derive(Default)]
struct ReplacementValues(Vec<(String, String)>);

impl<'de> Tolerant<'de> for ReplacementValues {
    fn seq<A: SeqAccess<'de>>(seq: A) -> Result<Self, A::Error> {
        let mut pairs = Vec::new();
        each_element(seq, MAX_MESSAGES_PER_RECORD, |Pair(pair)| pairs.extend(pair))?;
        Ok(ReplacementValues(pairs))
    }
}

#[derive(Default)]
struct Pair(Option<(String, String)>);

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "camelCase")]
enum PairField {
    Key,
    Value,
    #[serde(other)]
    Other,
}

impl<'de> Tolerant<'de> for Pair {
    fn map<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let (mut key, mut replacement) = (Loose::Other, Loose::Other);
        while let Some(field) = map.next_key()? {
            match field {
                PairField::Key => key = value(&mut map)?,
                PairField::Value => replacement = value(&mut map)?,
                PairField::Other => skip_value(&mut map)?,
            }
        }
        Ok(Pair(key.text().zip(replacement.text())))
    }
}

/// `description` is a string, or in the old shape `{ key, defaultMessage }`.
#[derive(Default)]
pub(super) struct Description {
    text: Option<String>,
    key: Option<String>,
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "camelCase")]
enum DescriptionField {
    DefaultMessage,
    Key,
    #[serde(other)]
    Other,
}

impl<'de> Tolerant<'de> for Description {
    fn text(text: &str) -> Self {
        Description {
            text: verbatim_text(text),
            key: None,
        }
    }

    fn map<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let (mut default_message, mut key) = (Loose::Other, Loose::Other);
        while let Some(field) = map.next_key()? {
            match field {
                DescriptionField::DefaultMessage => default_message = value(&mut map)?,
                DescriptionField::Key => key = value(&mut map)?,
                DescriptionField::Other => skip_value(&mut map)?,
            }
        }
        Ok(Description {
            text: default_message.verbatim(),
            key: key.text(),
        })
    }
}

/// Activation 2.0's `statusDetailsJson`: the messages as a JSON *string*, holding an array of
/// messages, an object with such an array (`messages` or `details`), or one message. A string
/// over [`MAX_EMBEDDED_JSON_BYTES`] or not JSON gives none: the record's state still speaks.
pub fn embedded_messages(value: &Value, path: &[&str]) -> Vec<Message> {
    match field(value, path) {
        Some(Value::String(embedded)) => embedded_messages_in(embedded),
        _ => Vec::new(),
    }
}

/// The messages of one `statusDetailsJson` string (see [`embedded_messages`]).
pub(super) fn embedded_messages_in(embedded: &str) -> Vec<Message> {
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
    let description = field(record, &["description"]).map_or_else(Description::default, read);
    record_level(description, text(record, &["descriptionKey"]), state)
}

/// [`record_level_message`] from the record's `description` and `descriptionKey`.
pub(super) fn record_level(
    description: Description,
    description_key: Option<String>,
    state: Option<&str>,
) -> Option<Message> {
    let key = description.key.or(description_key);
    if description.text.is_none() && key.is_none() {
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
        description: description.text.unwrap_or_default(),
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
