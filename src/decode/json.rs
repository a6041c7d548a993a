//! Tolerant accessors over parsed JSON: a missing field or a field of an unexpected
//! type reads as absent, never as an error, so one odd field cannot hide a diagnosis.

use serde_json::Value;

use crate::limits::bounded;
use crate::time::Timestamp;

/// 9999-12-31T23:59:59.999Z: keeps date arithmetic far from overflow.
const MAX_EPOCH_MS: i64 = 253_402_300_799_999;

pub fn field<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |value, name| value.get(name))
}

/// A string (or number) field, bounded in length; empty strings read as absent.
pub fn text(value: &Value, path: &[&str]) -> Option<String> {
    match field(value, path)? {
        Value::String(s) if !s.trim().is_empty() => Some(bounded(s.trim())),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A string field as it is, trimmed, without a copy: for comparing, not keeping. Empty reads
/// as absent.
pub fn text_ref<'a>(value: &'a Value, path: &[&str]) -> Option<&'a str> {
    match field(value, path)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim()),
        _ => None,
    }
}

/// Server words (a description, a title) as the server wrote them, whitespace included; bounded
/// in length, and absent when blank.
pub fn verbatim(value: &Value, path: &[&str]) -> Option<String> {
    match field(value, path)? {
        Value::String(s) if !s.trim().is_empty() => Some(bounded(s)),
        _ => None,
    }
}

pub fn boolean(value: &Value, path: &[&str]) -> Option<bool> {
    match field(value, path)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

pub fn integer(value: &Value, path: &[&str]) -> Option<i64> {
    match field(value, path)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub fn timestamp(value: &Value, path: &[&str]) -> Option<Timestamp> {
    match field(value, path)? {
        Value::String(s) => Timestamp::parse(s),
        // Some services send epoch milliseconds; beyond year 9999 is not a time.
        Value::Number(n) => n.as_i64().filter(|ms| (1..=MAX_EPOCH_MS).contains(ms)).map(Timestamp),
        _ => None,
    }
}

/// The elements of an array field (empty when absent or not an array), at most `limit`.
pub fn items<'a>(value: &'a Value, path: &[&str], limit: usize) -> impl Iterator<Item = &'a Value> {
    field(value, path)
        .and_then(Value::as_array)
        .map(|array| array.as_slice())
        .unwrap_or_default()
        .iter()
        .take(limit)
}

pub fn is_array(value: &Value, path: &[&str]) -> bool {
    field(value, path).is_some_and(Value::is_array)
}
