//! For the analyzer's worker (`analyzer-worker.js`): a HAR's bytes reduced to the entries the
//! doctor reads, and the redacted HAR of "Download redacted HAR".

use wasm_bindgen::prelude::*;

use super::{js_error, js_object};

/// `har` (the file's bytes) reduced to the entries the doctor reads, as `{ text, kept }` (see
/// `har::reduce`); throws when it is not a HAR.
#[wasm_bindgen]
pub fn reduce_har(har: &[u8]) -> Result<JsValue, JsValue> {
    let (text, kept) = crate::har::reduce::reduce_har(har).map_err(js_error)?;
    Ok(js_object(&[("text", text.into()), ("kept", (kept as f64).into())]))
}

/// "Download redacted HAR", as `{ text, entries, kept, removed }` (see `har::redact`); throws
/// when it is not a HAR.
#[wasm_bindgen]
pub fn redact_har(har: &[u8]) -> Result<JsValue, JsValue> {
    let (text, summary) = crate::har::redact::redact_har(har).map_err(js_error)?;
    Ok(js_object(&[
        ("text", text.into()),
        ("entries", (summary.entries as f64).into()),
        ("kept", (summary.bodies_kept as f64).into()),
        ("removed", (summary.bodies_removed as f64).into()),
    ]))
}
