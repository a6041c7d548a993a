//! Tolerant accessors over parsed JSON: a missing field or a field of an unexpected
//! type reads as absent, never as an error, so one odd field cannot hide a diagnosis.
//!
//! The same reading straight from the bytes, for the bodies too large to build a `Value` tree
//! of (an org's status list): [`Loose`] is one field's value as the accessors read it, and a
//! [`Tolerant`] type reads an object's fields as it is parsed, taking anything else for its
//! default. Both read a `Value` as well (serde_json's `&Value` is a deserializer), so each shape
//! is read by one piece of code whichever way its body arrived.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};

use crate::limits::bounded;
use crate::time::Timestamp;

/// 9999-12-31T23:59:59.999Z: keeps date arithmetic far from overflow.
const MAX_EPOCH_MS: i64 = 253_402_300_799_999;

pub fn field<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |value, name| value.get(name))
}

/// A string (or number) field, bounded in length; empty strings read as absent.
pub fn text(value: &Value, path: &[&str]) -> Option<String> {
    Loose::of(field(value, path)?).text()
}

/// Server words (a description, a title) as the server wrote them, whitespace included; bounded
/// in length, and absent when blank.
pub fn verbatim(value: &Value, path: &[&str]) -> Option<String> {
    Loose::of(field(value, path)?).verbatim()
}

pub fn boolean(value: &Value, path: &[&str]) -> Option<bool> {
    Loose::of(field(value, path)?).boolean()
}

pub fn integer(value: &Value, path: &[&str]) -> Option<i64> {
    Loose::of(field(value, path)?).integer()
}

pub fn timestamp(value: &Value, path: &[&str]) -> Option<Timestamp> {
    Loose::of(field(value, path)?).timestamp()
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

/// Server words as written, bounded; `None` when blank.
pub fn verbatim_text(text: &str) -> Option<String> {
    (!text.trim().is_empty()).then(|| bounded(text))
}

/// `text` trimmed, or `None` when nothing is left.
fn trimmed(text: &str) -> Option<&str> {
    let text = text.trim();
    (!text.is_empty()).then_some(text)
}

/// One JSON value as the accessors read it: a string (borrowed from the body unless it holds an
/// escape), a number, a boolean, or anything else (null, an array, an object), which reads as
/// absent whatever is asked of it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Loose<'de> {
    Text(Cow<'de, str>),
    Number(Number),
    Bool(bool),
    #[default]
    Other,
}

impl<'a> Loose<'a> {
    pub fn of(value: &'a Value) -> Loose<'a> {
        match value {
            Value::String(s) => Loose::Text(Cow::Borrowed(s)),
            Value::Number(n) => Loose::Number(n.clone()),
            Value::Bool(b) => Loose::Bool(*b),
            _ => Loose::Other,
        }
    }

    /// A string (or number), trimmed and bounded; blank reads as absent.
    pub fn text(&self) -> Option<String> {
        match self {
            Loose::Text(s) => trimmed(s).map(bounded),
            Loose::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    /// A string, trimmed, without a copy: for comparing, not keeping.
    pub fn text_ref(&self) -> Option<&str> {
        match self {
            Loose::Text(s) => trimmed(s),
            _ => None,
        }
    }

    /// A string as it was written, whitespace included, bounded; blank reads as absent.
    pub fn verbatim(&self) -> Option<String> {
        match self {
            Loose::Text(s) => verbatim_text(s),
            _ => None,
        }
    }

    pub fn boolean(&self) -> Option<bool> {
        match self {
            Loose::Bool(b) => Some(*b),
            Loose::Text(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Loose::Text(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }

    pub fn integer(&self) -> Option<i64> {
        match self {
            Loose::Number(n) => n.as_i64(),
            Loose::Text(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    pub fn timestamp(&self) -> Option<Timestamp> {
        match self {
            Loose::Text(s) => Timestamp::parse(s),
            // Some services send epoch milliseconds; beyond year 9999 is not a time.
            Loose::Number(n) => n.as_i64().filter(|ms| (1..=MAX_EPOCH_MS).contains(ms)).map(Timestamp),
            _ => None,
        }
    }
}

impl<'de> Tolerant<'de> for Loose<'de> {
    fn text(text: &str) -> Self {
        Loose::Text(Cow::Owned(text.to_string()))
    }

    fn borrowed_text(text: &'de str) -> Self {
        Loose::Text(Cow::Borrowed(text))
    }

    fn number(number: Number) -> Self {
        Loose::Number(number)
    }

    fn boolean(value: bool) -> Self {
        Loose::Bool(value)
    }
}

/// A type read from whatever JSON value arrives where it is expected: each kind of value it does
/// not read is its default (consumed, so that the rest of the body still parses), never an
/// error. Read it through [`Read`].
pub trait Tolerant<'de>: Default {
    fn map<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        skip_map(map)?;
        Ok(Self::default())
    }

    fn seq<A: SeqAccess<'de>>(seq: A) -> Result<Self, A::Error> {
        skip_seq(seq)?;
        Ok(Self::default())
    }

    fn text(_text: &str) -> Self {
        Self::default()
    }

    /// A string that holds no escape, borrowed from the body.
    fn borrowed_text(text: &'de str) -> Self {
        Self::text(text)
    }

    fn number(_number: Number) -> Self {
        Self::default()
    }

    fn boolean(_value: bool) -> Self {
        Self::default()
    }
}

/// What reads one JSON value, as [`Tolerant`] types are read, for a reader that holds state
/// (what the records of a status list share): each kind of value it does not read gives
/// [`Reads::other`], consumed.
pub trait Reads<'de>: Sized {
    type Value;

    fn other(self) -> Self::Value;

    fn map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        skip_map(map)?;
        Ok(self.other())
    }

    fn seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        skip_seq(seq)?;
        Ok(self.other())
    }

    fn text(self, _text: &str) -> Self::Value {
        self.other()
    }

    fn borrowed_text(self, text: &'de str) -> Self::Value {
        self.text(text)
    }

    fn number(self, _number: Number) -> Self::Value {
        self.other()
    }

    fn boolean(self, _value: bool) -> Self::Value {
        self.other()
    }
}

/// A [`Tolerant`] type's readers.
impl<'de, T: Tolerant<'de>> Reads<'de> for PhantomData<T> {
    type Value = T;

    fn other(self) -> T {
        T::default()
    }

    fn map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::map(map)
    }

    fn seq<A: SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        T::seq(seq)
    }

    fn text(self, text: &str) -> T {
        T::text(text)
    }

    fn borrowed_text(self, text: &'de str) -> T {
        T::borrowed_text(text)
    }

    fn number(self, number: Number) -> T {
        T::number(number)
    }

    fn boolean(self, value: bool) -> T {
        T::boolean(value)
    }
}

/// A [`Tolerant`] type as serde reads it.
pub struct Read<T>(pub T);

impl<'de, T: Tolerant<'de>> Deserialize<'de> for Read<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Tolerantly(PhantomData).deserialize(deserializer).map(Read)
    }
}

/// The next map value, read as a [`Tolerant`] type.
pub fn value<'de, T: Tolerant<'de>, A: MapAccess<'de>>(map: &mut A) -> Result<T, A::Error> {
    Ok(map.next_value::<Read<T>>()?.0)
}

/// One value read by a [`Reads`].
pub struct Tolerantly<R>(pub R);

impl<'de, R: Reads<'de>> DeserializeSeed<'de> for Tolerantly<R> {
    type Value = R::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<R::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, R: Reads<'de>> Visitor<'de> for Tolerantly<R> {
    type Value = R::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<R::Value, A::Error> {
        self.0.map(map)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<R::Value, A::Error> {
        self.0.seq(seq)
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<R::Value, E> {
        Ok(self.0.borrowed_text(text))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<R::Value, E> {
        Ok(self.0.text(text))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<R::Value, E> {
        Ok(self.0.number(n.into()))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<R::Value, E> {
        Ok(self.0.number(n.into()))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<R::Value, E> {
        // JSON has no NaN nor infinity: serde_json refuses them before here.
        Ok(match Number::from_f64(n) {
            Some(number) => self.0.number(number),
            None => self.0.other(),
        })
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<R::Value, E> {
        Ok(self.0.boolean(value))
    }

    fn visit_unit<E: de::Error>(self) -> Result<R::Value, E> {
        Ok(self.0.other())
    }
}

/// Any JSON value, consumed unread. Unlike `IgnoredAny` it parses what it skips as a `Value`
/// parse would (a lone surrogate in a string, a number out of range are errors), so that a body
/// read typed is refused exactly when its `Value` would have been.
#[derive(Default)]
struct Skip;

impl Tolerant<'_> for Skip {}

fn skip_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<Read<Skip>, Read<Skip>>()?.is_some() {}
    Ok(())
}

fn skip_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<Read<Skip>>()?.is_some() {}
    Ok(())
}

/// The next map value, consumed unread.
pub fn skip_value<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<Read<Skip>>().map(drop)
}

/// Reads the first `limit` elements of an array as `T`, handing each to `each`, and skips the
/// rest.
pub fn each_element<'de, T: Tolerant<'de>, A: SeqAccess<'de>>(
    seq: A,
    limit: usize,
    mut each: impl FnMut(T),
) -> Result<(), A::Error> {
    each_element_with(seq, limit, |seq| {
        Ok(seq.next_element::<Read<T>>()?.map(|Read(item)| each(item)))
    })
}

/// Calls `next` for each of the first `limit` elements of an array (it reads the element and
/// does what it will with it; `None` at the array's end), and skips the rest.
pub fn each_element_with<'de, A: SeqAccess<'de>>(
    mut seq: A,
    limit: usize,
    mut next: impl FnMut(&mut A) -> Result<Option<()>, A::Error>,
) -> Result<(), A::Error> {
    for _ in 0..limit {
        if next(&mut seq)?.is_none() {
            return Ok(());
        }
    }
    skip_seq(seq)
}

/// A parsed value read as a [`Tolerant`] type. Reading a `Value` cannot fail: it is JSON
/// already, and a tolerant type takes any shape.
pub fn read<'a, T: Tolerant<'a>>(value: &'a Value) -> T {
    Read::<T>::deserialize(value).map_or_else(|_| T::default(), |read| read.0)
}
