//! The Wasm API: the same analysis as the CLI, from URL + body strings and the page's context.
//! Thin by design: it converts JS values at the boundary and calls the pure core.

mod analyzer;
mod banner;
mod dom;
mod forms;
mod options;
mod popup;
mod settings;

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

pub use analyzer::{AnalyzerApp, start_analyzer};
pub use banner::{BannerApp, render_banner, start_banner};
pub use options::render_options;
pub use popup::render_popup;

use crate::diagnose::domain::parse_domain_list;
use crate::explain::catalog::Lang;
use crate::explain::redact::Redactor;
use crate::explain::report::{self, Format};
use crate::explain::{Explained, Presentation, Zone};
use crate::time::{Timestamp, parse_offset};
use crate::{Analysis, Context};

/// One response as the page received it, or a file's text.
#[derive(Deserialize)]
struct Input {
    #[serde(default)]
    url: String,
    body: String,
    #[serde(default)]
    source: Option<String>,
}

/// What the page knows: `{ email?, tenantDomains?, lang?, timeZone?, redact?, screenShare?,
/// format? }` (the banner also reads `theme`, before analysis: see `banner::theme_of`).
#[derive(Deserialize, Default, Clone)]
#[serde(rename_all = "camelCase", default)]
struct PageContext {
    email: Option<String>,
    /// A list, or text as Tenant details shows it.
    tenant_domains: Option<TenantDomains>,
    lang: Option<String>,
    /// `local` (the browser's zone, the default), `UTC` or an offset such as `+09:00`.
    time_zone: Option<String>,
    /// Redact personal data. `analyze` and `report` default to `false`; the banner's "Copy
    /// report" defaults to `true`.
    redact: Option<bool>,
    /// The banner only: screen-share mode, email local parts and ids masked on screen.
    screen_share: Option<bool>,
    /// The banner only: "Copy report" as `markdown` (the default) or `text`.
    format: Option<String>,
}

#[derive(Deserialize, Clone)]
#[serde(untagged)]
enum TenantDomains {
    List(Vec<String>),
    Text(String),
}

#[derive(Serialize)]
struct InputError {
    source: String,
    message: String,
}

#[derive(Serialize)]
struct AnalyzeResult {
    #[serde(flatten)]
    explained: Explained,
    errors: Vec<InputError>,
}

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

/// Reads the inputs and context; inputs that cannot be read are reported, not fatal.
fn run(inputs: JsValue, context: JsValue) -> Result<(Analysis, Context, Presentation, Vec<InputError>), JsValue> {
    let inputs: Vec<Input> = serde_wasm_bindgen::from_value(inputs).map_err(js_error)?;
    let page = page_context(context)?;
    let redact = page.redact.unwrap_or(false);
    let (analysis, errors) = read_inputs(&inputs);
    let (context, presentation) = page.into_parts(redact);
    Ok((analysis, context, presentation, errors))
}

/// The page context from JS: `undefined` and `null` are an empty context.
fn page_context(context: JsValue) -> Result<PageContext, JsValue> {
    if context.is_undefined() || context.is_null() {
        Ok(PageContext::default())
    } else {
        serde_wasm_bindgen::from_value(context).map_err(js_error)
    }
}

/// Reads every input into one analysis; the ones that cannot be read become errors.
fn read_inputs(inputs: &[Input]) -> (Analysis, Vec<InputError>) {
    let mut analysis = Analysis::new();
    let mut errors = Vec::new();
    for (index, input) in inputs.iter().enumerate() {
        let source = input
            .source
            .clone()
            .unwrap_or_else(|| format!("response {}", index + 1));
        if let Err(error) = analysis.add(&input.url, &input.body, &source) {
            errors.push(InputError {
                source,
                message: error.to_string(),
            });
        }
    }
    (analysis, errors)
}

impl PageContext {
    fn lang(&self) -> Lang {
        self.lang.as_deref().map(Lang::from_tag).unwrap_or_default()
    }

    /// The diagnosis context and a presentation, redacted or not.
    fn into_parts(self, redact: bool) -> (Context, Presentation) {
        let lang = self.lang();
        let tenant_domains = match self.tenant_domains {
            Some(TenantDomains::List(list)) => parse_domain_list(&list.join(",")),
            Some(TenantDomains::Text(text)) => parse_domain_list(&text),
            None => Vec::new(),
        };
        let context = Context {
            email: self.email.filter(|e| !e.trim().is_empty()),
            tenant_domains,
        };
        let presentation = Presentation {
            lang,
            zone: zone(self.time_zone.as_deref()),
            redactor: Redactor::new(redact),
        };
        (context, presentation)
    }
}

fn zone(spec: Option<&str>) -> Zone {
    match spec.map(str::trim) {
        None | Some("") | Some("local") => Zone::from_fn(browser_offset),
        Some(text) => parse_offset(text).map_or_else(|| Zone::from_fn(browser_offset), Zone::fixed),
    }
}

/// The browser's offset at that instant (`getTimezoneOffset` counts minutes west of UTC).
fn browser_offset(at: Timestamp) -> i32 {
    let date = js_sys::Date::new(&JsValue::from_f64(at.0 as f64));
    -(date.get_timezone_offset() as i32)
}

/// Analyzes `[{ url, body, source? }]` with the page's context; returns the explained
/// findings, timelines, requests, and `errors` for inputs that could not be read.
#[wasm_bindgen]
pub fn analyze(inputs: JsValue, context: JsValue) -> Result<JsValue, JsValue> {
    let (analysis, context, presentation, errors) = run(inputs, context)?;
    let result = AnalyzeResult {
        explained: analysis.explain(&context, &presentation),
        errors,
    };
    result
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(js_error)
}

/// The report "Copy report" puts on the clipboard: `format` is `text` or `markdown`.
#[wasm_bindgen]
pub fn report(inputs: JsValue, context: JsValue, format: &str) -> Result<String, JsValue> {
    let (analysis, context, presentation, _) = run(inputs, context)?;
    let redacted = presentation.redactor.personal_data;
    let explained = analysis.explain(&context, &presentation);
    let format = if format == "markdown" {
        Format::Markdown
    } else {
        Format::Text
    };
    Ok(report::render(&explained, &analysis.inputs, format, redacted))
}

/// For the analyzer's worker: `har` (the file's bytes) reduced to the entries the doctor reads, as
/// `{ text, kept }` (see `har::reduce`); throws when it is not a HAR.
#[wasm_bindgen]
pub fn reduce_har(har: &[u8]) -> Result<JsValue, JsValue> {
    let (text, kept) = crate::har::reduce::reduce_har(har).map_err(js_error)?;
    Ok(js_object(&[("text", text.into()), ("kept", (kept as f64).into())]))
}

/// For the analyzer's worker: "Download redacted HAR", as `{ text, entries, kept, removed }`
/// (see `har::redact`); throws when it is not a HAR.
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

#[cfg(all(test, target_arch = "wasm32"))]
mod tests;
