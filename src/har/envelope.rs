//! The HAR 1.2 envelope, `{"log": {"version", "entries": [...]}}`, generic over how each reader
//! wants its entries (typed and borrowed, or raw): one definition for the decoder, the reducer
//! and the redactor.

use serde::Deserialize;

#[derive(Deserialize)]
pub struct Har<E> {
    pub log: Log<E>,
}

#[derive(Deserialize)]
pub struct Log<E> {
    /// Any JSON: a writer putting a number here must not make the file unreadable.
    #[serde(default)]
    pub version: Option<serde_json::Value>,
    #[serde(default = "Vec::new")]
    pub entries: Vec<E>,
}
