//! The Wasm layer of the extension's pages. Thin by design: every page's content is a tree of
//! `crate::view`, mounted by [`mount`]; what stays here is what needs a browser — converting the
//! JS values the scripts hand over, wiring events, runtime messaging with the background, the
//! analyzer's files and worker, and the browser's time zone.
//!
//! Exports, each called by one extension script: `start_banner` (banner.js), `start_analyzer`
//! (analyzer.js), `start_triage` (triage.js), `render_popup` (popup.js), `render_options`
//! (options.js), `reduce_har`, `redact_har`, `TriageSession` and `triage_count`
//! (analyzer-worker.js, the pages' worker). Two modules carry them: feature `web-banner` the banner
//! frame's (`caldoctor_banner`, small: the frame loads it on every Control Hub panel), feature
//! `web-pages` the others (`caldoctor_pages`); code only one side calls is compiled out of the
//! other (see `make wasm`).

#[cfg(feature = "web-pages")]
mod analyzer;
#[cfg(feature = "web-banner")]
mod banner;
mod clipboard;
#[cfg(feature = "web-pages")]
mod files;
mod mount;
#[cfg(feature = "web-pages")]
mod pages;
#[cfg(feature = "web-banner")]
mod runtime;
#[cfg(feature = "web-pages")]
mod triage;
#[cfg(feature = "web-pages")]
mod triage_worker;
#[cfg(feature = "web-pages")]
mod worker;

use wasm_bindgen::prelude::*;

#[cfg(feature = "web-pages")]
pub use analyzer::{AnalyzerApp, start_analyzer};
#[cfg(feature = "web-banner")]
pub use banner::{BannerApp, start_banner};
#[cfg(feature = "web-pages")]
pub use pages::{render_options, render_popup};
#[cfg(feature = "web-pages")]
pub use triage::{TriageApp, start_triage};
#[cfg(feature = "web-pages")]
pub use triage_worker::{TriageSession, triage_count};
#[cfg(feature = "web-pages")]
pub use worker::{redact_har, reduce_har};

use crate::time::Timestamp;

/// A plain JS object of `fields`: the messages the pages send and the results they get.
fn js_object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (name, value) in fields {
        let _ = js_sys::Reflect::set(&object, &(*name).into(), value);
    }
    object.into()
}

fn js_error(message: impl std::fmt::Display) -> JsValue {
    JsValue::from(js_sys::Error::new(&message.to_string()))
}

/// The browser's offset at that instant (`getTimezoneOffset` counts minutes west of UTC).
fn browser_offset(at: Timestamp) -> i32 {
    let date = js_sys::Date::new(&JsValue::from_f64(at.0 as f64));
    -(date.get_timezone_offset() as i32)
}
