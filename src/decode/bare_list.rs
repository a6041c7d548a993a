//! What an admin pastes: a bare array of USS statuses or journal entries, copied out of a
//! response, given back the envelope its endpoint wraps it in (`userStatuses`, `entries`) so
//! that the decoders of those endpoints read it.

use serde_json::{Map, Value};

use super::json::field;

/// The array in its envelope when its first element is a status or a journal entry; the value
/// itself otherwise.
pub fn enveloped(value: Value) -> Value {
    let envelope = match value.as_array().and_then(|array| array.first()) {
        Some(first) if field(first, &["entry"]).is_some() || field(first, &["record"]).is_some() => "entries",
        Some(first) if field(first, &["userId"]).is_some() && field(first, &["state"]).is_some() => "userStatuses",
        _ => return value,
    };
    Value::Object(Map::from_iter([(envelope.to_string(), value)]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wraps_statuses_and_entries_and_nothing_else() {
        let statuses = json!([{"userId": "u", "state": "error"}]);
        assert_eq!(enveloped(statuses.clone()), json!({ "userStatuses": statuses }));
        let entries = json!([{"time": "t", "entry": {}}]);
        assert_eq!(enveloped(entries.clone()), json!({ "entries": entries }));
        for other in [
            json!([]),
            json!([{"cisUuid": "p"}]),
            json!({"userId": "u", "state": "error"}),
            json!([1]),
        ] {
            assert_eq!(enveloped(other.clone()), other);
        }
    }
}
