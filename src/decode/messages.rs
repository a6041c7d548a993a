//! USS status messages, in every shape they come in, read by one set of [`Tolerant`] readers
//! whether the body was parsed into a `Value` or is read straight from its bytes: first as they
//! arrive (`Raw…`, their words borrowed), then as [`Message`]s.

use std::borrow::Cow;
use std::hash::{Hash, Hasher};

use serde::Deserialize;
use serde::de::{MapAccess, SeqAccess};
use serde_json::Value;

use super::json::{Loose, Tolerant, each_element, field, read, skip_value, text, value, verbatim_text};
use crate::decode::observation::{Message, Severity};
use crate::limits::{MAX_EMBEDDED_JSON_BYTES, MAX_MESSAGES_PER_RECORD, bounded};

/// `[{ key, severity, title?, description, replacementValues? }]`; a bare string is a description.
pub fn messages(value: &Value, path: &[&str]) -> Vec<Message> {
    field(value, path).map_or_else(Vec::new, |list| read::<RawMessages>(list).messages())
}

pub(super) fn message(value: &Value) -> Option<Message> {
    read::<RawMessage>(value).message()
}

/// A message list as it arrives, at most [`MAX_MESSAGES_PER_RECORD`] of them; empty when the
/// value is not an array. A status list compares these to share the lists its records repeat.
#[derive(Default, PartialEq, Eq)]
pub(super) struct RawMessages<'de>(Vec<RawMessage<'de>>);

/// The words alone, one write each: they tell lists apart, equality compares the rest, and a
/// hash over every field costs a status list more than the sharing saves.
impl Hash for RawMessages<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(self.0.len());
        for message in &self.0 {
            state.write(message.words().as_bytes());
        }
    }
}

impl RawMessages<'_> {
    /// The messages that say something: words or a key.
    pub(super) fn messages(&self) -> Vec<Message> {
        self.0.iter().filter_map(RawMessage::message).collect()
    }
}

impl<'de> Tolerant<'de> for RawMessages<'de> {
    fn seq<A: SeqAccess<'de>>(seq: A) -> Result<Self, A::Error> {
        let mut messages = Vec::new();
        each_element(seq, MAX_MESSAGES_PER_RECORD, |message| messages.push(message))?;
        Ok(RawMessages(messages))
    }
}

/// One message as it arrives, its words borrowed from the body where they hold no escape.
#[derive(Default, PartialEq, Eq)]
enum RawMessage<'de> {
    /// A bare string: the description.
    Text(Cow<'de, str>),
    Object {
        key: Loose<'de>,
        severity: Loose<'de>,
        title: Loose<'de>,
        description: RawDescription<'de>,
        replacement_values: Vec<RawPair<'de>>,
    },
    /// Anything else, which says nothing.
    #[default]
    Nothing,
}

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

impl<'de> Tolerant<'de> for RawMessage<'de> {
    fn text(description: &str) -> Self {
        RawMessage::Text(Cow::Owned(description.to_string()))
    }

    fn borrowed_text(description: &'de str) -> Self {
        RawMessage::Text(Cow::Borrowed(description))
    }

    fn map<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let (mut key, mut severity, mut title) = (Loose::Other, Loose::Other, Loose::Other);
        let mut description = RawDescription::default();
        let mut replacement_values = RawPairs::default();
        // A repeated field's last value stands, as in a parsed `Value`.
        while let Some(field) = map.next_key()? {
            match field {
                MessageField::Key => key = value(&mut map)?,
                MessageField::Severity => severity = value(&mut map)?,
                MessageField::Title => title = value(&mut map)?,
                MessageField::Description => description = value(&mut map)?,
                MessageField::ReplacementValues => replacement_values = value(&mut map)?,
                MessageField::Other => skip_value(&mut map)?,
            }
        }
        Ok(RawMessage::Object {
            key,
            severity,
            title,
            description,
            replacement_values: replacement_values.0,
        })
    }
}

impl RawMessage<'_> {
    /// Its description as written, `""` when it has none.
    fn words(&self) -> &str {
        match self {
            RawMessage::Text(words)
            | RawMessage::Object {
                description: RawDescription::Text(words),
                ..
            }
            | RawMessage::Object {
                description:
                    RawDescription::Old {
                        default_message: Loose::Text(words),
                        ..
                    },
                ..
            } => words,
            _ => "",
        }
    }

    /// The message, `None` when it has neither words nor a key.
    fn message(&self) -> Option<Message> {
        let RawMessage::Object {
            key,
            severity,
            title,
            description,
            replacement_values,
        } = self
        else {
            return match self {
                RawMessage::Text(description) => Some(Message {
                    description: bounded(description),
                    ..Message::default()
                }),
                _ => None,
            };
        };
        let message = Message {
            key: key.text().or_else(|| description.key()),
            severity: severity.text_ref().and_then(Severity::parse),
            title: title.verbatim(),
            description: description.text().unwrap_or_default(),
            replacement_values: replacement_values
                .iter()
                .filter_map(|RawPair(key, value)| key.text().zip(value.text()))
                .collect(),
        };
        (!message.description.is_empty() || message.key.is_some()).then_some(message)
    }
}

/// `replacementValues: [{ key, value }]`, at most [`MAX_MESSAGES_PER_RECORD`].
#[derive(Default)]
struct RawPairs<'de>(Vec<RawPair<'de>>);

impl<'de> Tolerant<'de> for RawPairs<'de> {
    fn seq<A: SeqAccess<'de>>(seq: A) -> Result<Self, A::Error> {
        let mut pairs = Vec::new();
        each_element(seq, MAX_MESSAGES_PER_RECORD, |pair| pairs.push(pair))?;
        Ok(RawPairs(pairs))
    }
}

/// One replacement value's `key` and `value`; both absent when it is not an object.
#[derive(Default, PartialEq, Eq)]
struct RawPair<'de>(Loose<'de>, Loose<'de>);

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "camelCase")]
enum PairField {
    Key,
    Value,
    #[serde(other)]
    Other,
}

impl<'de> Tolerant<'de> for RawPair<'de> {
    fn map<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut pair = RawPair::default();
        while let Some(field) = map.next_key()? {
            match field {
                PairField::Key => pair.0 = value(&mut map)?,
                PairField::Value => pair.1 = value(&mut map)?,
                PairField::Other => skip_value(&mut map)?,
            }
        }
        Ok(pair)
    }
}

/// `description` is a string, or in the old shape `{ key, defaultMessage }`.
#[derive(Default, PartialEq, Eq)]
pub(super) enum RawDescription<'de> {
    Text(Cow<'de, str>),
    Old {
        default_message: Loose<'de>,
        key: Loose<'de>,
    },
    #[default]
    Other,
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "camelCase")]
enum DescriptionField {
    DefaultMessage,
    Key,
    #[serde(other)]
    Other,
}

impl<'de> Tolerant<'de> for RawDescription<'de> {
    fn text(text: &str) -> Self {
        RawDescription::Text(Cow::Owned(text.to_string()))
    }

    fn borrowed_text(text: &'de str) -> Self {
        RawDescription::Text(Cow::Borrowed(text))
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
        Ok(RawDescription::Old { default_message, key })
    }
}

impl RawDescription<'_> {
    /// The words, as written.
    fn text(&self) -> Option<String> {
        match self {
            RawDescription::Text(text) => verbatim_text(text),
            RawDescription::Old { default_message, .. } => default_message.verbatim(),
            RawDescription::Other => None,
        }
    }

    /// The old shape's key.
    fn key(&self) -> Option<String> {
        match self {
            RawDescription::Old { key, .. } => key.text(),
            _ => None,
        }
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
    let description = field(record, &["description"]).map_or_else(RawDescription::default, read);
    record_level(&description, text(record, &["descriptionKey"]), state)
}

/// [`record_level_message`] from the record's `description` and `descriptionKey`.
pub(super) fn record_level(
    description: &RawDescription,
    description_key: Option<String>,
    state: Option<&str>,
) -> Option<Message> {
    let words = description.text();
    let key = description.key().or(description_key);
    if words.is_none() && key.is_none() {
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
        description: words.unwrap_or_default(),
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
