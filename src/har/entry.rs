//! One HAR 1.2 entry, borrowed from the file's text: the one model the reader, the reducer and
//! the redactor share. What the reader diagnoses with is typed; what only the redactor copies
//! is [`Lazy`], kept as raw JSON and parsed by the redactor, so reading a 100 MB capture costs
//! no more than skipping those fields, and the redactor still refuses a mistyped one.

use std::borrow::Cow;
use std::marker::PhantomData;

use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry<'a> {
    #[serde(borrow, default)]
    pub started_date_time: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub time: Option<Lazy<'a, serde_json::Number>>,
    #[serde(borrow)]
    pub request: Request<'a>,
    #[serde(borrow, default)]
    pub response: Option<Response<'a>>,
    /// Any JSON: the redactor keeps it when it is an object.
    #[serde(borrow, default)]
    pub timings: Option<&'a RawValue>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request<'a> {
    #[serde(borrow, default)]
    pub method: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub url: Cow<'a, str>,
    #[serde(borrow, default)]
    pub http_version: Option<Lazy<'a, Cow<'a, str>>>,
    #[serde(borrow, default)]
    pub headers: Option<Lazy<'a, Vec<Header<'a>>>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Response<'a> {
    #[serde(default)]
    pub status: Option<serde_json::Number>,
    #[serde(borrow, default)]
    pub status_text: Option<Lazy<'a, Cow<'a, str>>>,
    #[serde(borrow, default)]
    pub http_version: Option<Lazy<'a, Cow<'a, str>>>,
    #[serde(borrow, default)]
    pub headers: Option<Lazy<'a, Vec<Header<'a>>>>,
    #[serde(borrow, default)]
    pub content: Option<Content<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Content<'a> {
    #[serde(borrow, default)]
    pub size: Option<Lazy<'a, serde_json::Number>>,
    #[serde(borrow, default)]
    pub mime_type: Option<Lazy<'a, Cow<'a, str>>>,
    /// The body: raw, so that its size is known before it is unescaped, and only the bodies
    /// that are read are.
    #[serde(borrow, default)]
    pub text: Option<Lazy<'a, Cow<'a, str>>>,
    #[serde(borrow, default)]
    pub encoding: Option<Cow<'a, str>>,
    /// Where the redactor says it removed the body.
    #[serde(borrow, default)]
    pub comment: Option<Lazy<'a, Cow<'a, str>>>,
}

#[derive(Deserialize)]
pub struct Header<'a> {
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    #[serde(borrow, default)]
    pub value: Cow<'a, str>,
}

/// A value kept as its raw JSON text and parsed as a `T` only by whoever needs it.
pub struct Lazy<'a, T> {
    raw: &'a RawValue,
    parsed: PhantomData<fn() -> T>,
}

impl<'a, T: Deserialize<'a>> Lazy<'a, T> {
    /// The raw JSON text, as it is in the file.
    pub fn raw(&self) -> &'a str {
        self.raw.get()
    }

    pub fn parse(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.raw.get())
    }
}

impl<'de: 'a, 'a, T> Deserialize<'de> for Lazy<'a, T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = <&'a RawValue>::deserialize(deserializer)?;
        Ok(Lazy {
            raw,
            parsed: PhantomData,
        })
    }
}

/// The parsed value of an optional lazy field: `None` when it is absent or `null`.
pub fn parse_lazy<'a, T: Deserialize<'a>>(field: &Option<Lazy<'a, T>>) -> Result<Option<T>, serde_json::Error> {
    field.as_ref().map(Lazy::parse).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lazy_fields_are_read_whatever_they_hold_and_parsed_as_typed() {
        let text = r#"{"request":{"url":"https://a.example/","headers":5,"httpVersion":"h2"},
            "time":"soon","response":{"status":200,"content":{"text":"a\"b","size":3}}}"#;
        let entry: Entry = serde_json::from_str(text).unwrap();
        assert_eq!(entry.request.url, "https://a.example/");
        assert!(
            parse_lazy(&entry.time).is_err(),
            "a mistyped field fails once it is parsed"
        );
        assert!(parse_lazy(&entry.request.headers).is_err());
        assert_eq!(parse_lazy(&entry.request.http_version).unwrap().as_deref(), Some("h2"));
        let content = entry.response.unwrap().content.unwrap();
        let body = content.text.unwrap();
        assert_eq!(body.raw(), r#""a\"b""#);
        assert_eq!(body.parse().unwrap(), "a\"b");
        assert_eq!(
            parse_lazy(&content.size).unwrap().map(|n| n.to_string()).as_deref(),
            Some("3")
        );
        assert!(parse_lazy(&content.mime_type).unwrap().is_none());
    }

    #[test]
    fn what_the_reader_uses_is_typed() {
        for text in [
            r#"{"request":{"url":5}}"#,
            r#"{"request":{"url":"u","method":1}}"#,
            r#"{"request":{"url":"u"},"response":{"status":"200"}}"#,
            r#"{"request":{"url":"u"},"response":{"content":{"encoding":7}}}"#,
        ] {
            assert!(serde_json::from_str::<Entry>(text).is_err(), "{text}");
        }
    }
}
