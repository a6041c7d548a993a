//! The Scheduling-panel banner: `render_banner` analyzes a payload and renders it (through the
//! pure view model, [`crate::view::banner`]); `start_banner` is the frame's whole life — fetch
//! the payload from the background, render, report the height, refetch when asked, dismiss.
//!
//! Payload (what the background answers to `{type:'get', id}`): `{ inputs: [{ url, body,
//! source? }], context: { email?, tenantDomains?, lang?, timeZone?, redact?, screenShare?,
//! format?, theme? } }`. What is shown is the admin's own data, in full unless `screenShare` masks it;
//! "Copy report" is redacted unless `redact` is `false`, in `format` (`markdown` or `text`);
//! `theme` (`light` or `dark`) is the page's, which the banner follows.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use js_sys::{Function, Reflect};
use serde::Deserialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::{Document, Element, MessageEvent, ResizeObserver};

use super::dom::{self, DISMISS_EVENT, Rendered};
use super::{Input, PageContext, js_error, js_object, read_inputs};
use crate::explain::catalog::Lang;
use crate::explain::report::{self, Format};
use crate::view::banner::{self, Banner};

/// The id of the `role="status"` region banner.html holds before anything is rendered.
const STATUS_ID: &str = "status";
/// What the host page posts to the frame to make it fetch its payload again.
const REFRESH_MESSAGE: &str = "caldoctor:refresh";
/// The root's attribute holding [`Banner::state`], what the host remembers a dismissal by.
const STATE_ATTR: &str = "data-state";
/// The root's attribute holding [`Banner::subject`], for the toolbar popup.
const SUBJECT_ATTR: &str = "data-subject";

#[derive(Deserialize)]
struct Payload {
    #[serde(default)]
    inputs: Vec<Input>,
    #[serde(default)]
    context: PageContext,
}

thread_local! {
    /// The live render of each root: rendering a root again drops (and so unlistens) the old one.
    static RENDERS: RefCell<Vec<(Element, Rendered)>> = const { RefCell::new(Vec::new()) };
}

/// Analyzes `payload` and renders the banner into `root`, replacing any earlier render.
/// A payload that cannot be read renders a one-line message, not an error; `Err` means only
/// that the DOM refused an operation.
#[wasm_bindgen]
pub fn render_banner(root: Element, payload: JsValue) -> Result<(), JsValue> {
    let banner = banner_for(&payload);
    if let Some(html) = root.owner_document().and_then(|d| d.document_element()) {
        match theme_of(&payload) {
            Some(theme) => html.set_attribute("data-theme", theme)?,
            None => html.remove_attribute("data-theme")?,
        }
    }
    show(&root, &banner)
}

/// The page's theme from a payload, when it says `light` or `dark`.
fn theme_of(payload: &JsValue) -> Option<&'static str> {
    let context = Reflect::get(payload, &"context".into())
        .ok()
        .filter(JsValue::is_object)?;
    match Reflect::get(&context, &"theme".into()).ok()?.as_string()?.as_str() {
        "light" => Some("light"),
        "dark" => Some("dark"),
        _ => None,
    }
}

fn banner_for(payload: &JsValue) -> Banner {
    if payload.is_undefined() || payload.is_null() {
        return banner::payload_missing(fallback_lang(payload));
    }
    let payload: Payload = match serde_wasm_bindgen::from_value(payload.clone()) {
        Ok(payload) => payload,
        Err(error) => return banner::error(fallback_lang(payload), &error.to_string()),
    };
    let page = payload.context;
    let lang = page.lang();
    let (analysis, errors) = read_inputs(&payload.inputs);
    if analysis.inputs.is_empty()
        && let Some(first) = errors.first()
    {
        return banner::error(lang, &first.message);
    }
    let view_redact = page.screen_share.unwrap_or(false);
    let copy_redact = page.redact.unwrap_or(true);
    let format = match page.format.as_deref() {
        Some("text") => Format::Text,
        _ => Format::Markdown,
    };
    let (context, presentation) = page.clone().into_parts(view_redact);
    let outcome = analysis.diagnose(&context);
    let explained = analysis.explain_outcome(&outcome, &presentation);
    let copied = if copy_redact == view_redact {
        None
    } else {
        let (_, presentation) = page.into_parts(copy_redact);
        Some(analysis.explain_outcome(&outcome, &presentation))
    };
    let report = report::render(
        copied.as_ref().unwrap_or(&explained),
        &analysis.inputs,
        format,
        copy_redact,
    );
    banner::build(&explained, report, copy_redact, errors.len(), view_redact)
}

/// `context.lang` when the payload has one, else the browser's language.
fn fallback_lang(payload: &JsValue) -> Lang {
    let from_payload = Reflect::get(payload, &"context".into())
        .ok()
        .filter(|c| c.is_object())
        .and_then(|c| Reflect::get(&c, &"lang".into()).ok())
        .and_then(|l| l.as_string());
    let from_browser = || {
        Reflect::get(&js_sys::global(), &"navigator".into())
            .ok()
            .and_then(|n| Reflect::get(&n, &"language".into()).ok())
            .and_then(|l| l.as_string())
    };
    from_payload
        .or_else(from_browser)
        .map(|tag| Lang::from_tag(&tag))
        .unwrap_or_default()
}

fn show(root: &Element, banner: &Banner) -> Result<(), JsValue> {
    let document = root
        .owner_document()
        .ok_or_else(|| js_error("the banner root is not in a document"))?;
    if let Some(html) = document.document_element() {
        html.set_attribute("lang", banner.lang)?;
    }
    forget_render(root);
    root.set_attribute(STATE_ATTR, &banner.state)?;
    root.set_attribute(SUBJECT_ATTR, &banner.subject)?;
    let rendered = dom::render_into(&document, root, &banner.body, &banner.report)?;
    RENDERS.with_borrow_mut(|renders| renders.push((root.clone(), rendered)));
    if let Some(status) = document.get_element_by_id(STATUS_ID) {
        status.set_text_content(Some(&banner.summary));
    }
    Ok(())
}

/// Drops the render of `root` (and so its listeners), outside the borrow of the registry.
fn forget_render(root: &Element) {
    let previous = RENDERS.with_borrow_mut(|renders| {
        renders
            .iter()
            .position(|(r, _)| r.is_same_node(Some(root)))
            .map(|at| renders.swap_remove(at))
    });
    drop(previous);
}

/// The running banner frame. Dropping it (or calling `free()` from JS) removes its listeners and
/// its resize observer.
#[wasm_bindgen]
pub struct BannerApp {
    root: Element,
    observer: ResizeObserver,
    _on_resize: Closure<dyn FnMut()>,
    _on_dismiss: EventListener,
    _on_refresh: EventListener,
}

impl Drop for BannerApp {
    fn drop(&mut self) {
        self.observer.disconnect();
        forget_render(&self.root);
    }
}

/// Tells the host page how tall the frame must be and which state it shows, once per change.
struct SizeReporter {
    document: Document,
    root: Element,
    runtime: JsValue,
    id: String,
    last: RefCell<Option<SizeReport>>,
}

impl SizeReporter {
    fn report(&self) {
        let now = SizeReport {
            height: frame_height(&self.document, &self.root),
            state: self.root.get_attribute(STATE_ATTR).unwrap_or_default(),
            subject: self.root.get_attribute(SUBJECT_ATTR).unwrap_or_default(),
            summary: self
                .document
                .get_element_by_id(STATUS_ID)
                .and_then(|status| status.text_content())
                .unwrap_or_default(),
        };
        if self.last.borrow().as_ref() == Some(&now) {
            return;
        }
        send(
            &self.runtime,
            &js_object(&[
                ("type", "height".into()),
                ("id", self.id.as_str().into()),
                ("height", now.height.into()),
                ("state", now.state.as_str().into()),
                ("subject", now.subject.as_str().into()),
                ("summary", now.summary.as_str().into()),
            ]),
        );
        self.last.replace(Some(now));
    }
}

/// What the frame last told its host: the popup lists the summary and subject per banner.
#[derive(PartialEq)]
struct SizeReport {
    height: f64,
    state: String,
    subject: String,
    summary: String,
}

/// Starts the banner frame `banner.html#<id>`: asks the background for its payload
/// (`{type:'get', id}`), renders it into `root`, reports the height it needs, the state it shows,
/// its subject and summary line (`{type:'height', id, height, state, subject, summary}`, height 0
/// when there is no finding) whenever one changes, and forwards Dismiss as `{type:'dismiss', id}`. The host page asks for a refresh by
/// posting the string [`REFRESH_MESSAGE`]; the frame then fetches its payload again. That signal
/// carries no data, so a page script faking it causes only a refetch; and unlike a background's
/// broadcast it reaches a frame inside a web page in Firefox too. Keep the returned object alive.
#[wasm_bindgen]
pub fn start_banner(root: Element) -> Result<BannerApp, JsValue> {
    let window = web_sys::window().ok_or_else(|| js_error("no window"))?;
    let document = window.document().ok_or_else(|| js_error("no document"))?;
    let hash = window.location().hash()?;
    let id = hash.strip_prefix('#').unwrap_or(&hash).to_string();
    let runtime = extension_runtime().ok_or_else(|| js_error("the extension runtime is not available"))?;

    let reporter = Rc::new(SizeReporter {
        document: document.clone(),
        root: root.clone(),
        runtime: runtime.clone(),
        id: id.clone(),
        last: RefCell::new(None),
    });

    let on_resize = {
        let reporter = reporter.clone();
        Closure::<dyn FnMut()>::new(move || reporter.report())
    };
    let observer = ResizeObserver::new(on_resize.as_ref().unchecked_ref())?;
    if let Some(body) = document.body() {
        observer.observe(&body);
    }

    let on_dismiss = {
        let (runtime, id) = (runtime.clone(), id.clone());
        EventListener::new(&root, DISMISS_EVENT, move |_| {
            send(
                &runtime,
                &js_object(&[("type", "dismiss".into()), ("id", id.as_str().into())]),
            );
        })
    };

    let refresh = {
        let (root, runtime, id) = (root.clone(), runtime.clone(), id.clone());
        move || {
            spawn_local(fetch_and_render(
                root.clone(),
                runtime.clone(),
                id.clone(),
                reporter.clone(),
            ))
        }
    };
    refresh();
    let on_refresh = EventListener::new(&window, "message", move |event| {
        let asked = event
            .dyn_ref::<MessageEvent>()
            .is_some_and(|message| message.data().as_string().as_deref() == Some(REFRESH_MESSAGE));
        if asked {
            refresh();
        }
    });

    Ok(BannerApp {
        root,
        observer,
        _on_resize: on_resize,
        _on_dismiss: on_dismiss,
        _on_refresh: on_refresh,
    })
}

/// Asks the background for the frame's payload, renders it and reports the new size.
async fn fetch_and_render(root: Element, runtime: JsValue, id: String, reporter: Rc<SizeReporter>) {
    let get = js_object(&[("type", "get".into()), ("id", id.as_str().into())]);
    // The background answers `{payload}`; anything else (no answer, an error) is "missing".
    let answer = match call_send(&runtime, &get) {
        Some(promise) => JsFuture::from(promise).await.unwrap_or(JsValue::UNDEFINED),
        None => JsValue::UNDEFINED,
    };
    let payload = if answer.is_object() {
        Reflect::get(&answer, &"payload".into()).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    };
    if render_banner(root, payload).is_ok() {
        reporter.report();
    }
}

/// `(globalThis.browser ?? globalThis.chrome).runtime`.
fn extension_runtime() -> Option<JsValue> {
    let global = js_sys::global();
    ["browser", "chrome"].iter().find_map(|name| {
        let api = Reflect::get(&global, &(*name).into()).ok()?;
        let runtime = Reflect::get(&api, &"runtime".into()).ok()?;
        let send = Reflect::get(&runtime, &"sendMessage".into()).ok()?;
        send.is_function().then_some(runtime)
    })
}

/// `runtime.sendMessage(message)` as a promise of this realm: Firefox answers with a promise of
/// the extension API's own realm, which fails an `instanceof Promise` check, so it is adopted.
fn call_send(runtime: &JsValue, message: &JsValue) -> Option<js_sys::Promise> {
    let send: Function = Reflect::get(runtime, &"sendMessage".into()).ok()?.dyn_into().ok()?;
    let answer = send.call1(runtime, message).ok()?;
    Some(js_sys::Promise::resolve(&answer))
}

/// Sends and forgets; a rejection (no background listening) is awaited so it is not unhandled.
fn send(runtime: &JsValue, message: &JsValue) {
    if let Some(promise) = call_send(runtime, message) {
        spawn_local(async move {
            let _ = JsFuture::from(promise).await;
        });
    }
}

/// The height the frame needs: the body's, rounded up (banner.css gives it no margin); 0 when
/// the banner has nothing to show beyond its status line (no finding), so the host hides it.
fn frame_height(document: &Document, root: &Element) -> f64 {
    if root.child_element_count() == 0 {
        return 0.0;
    }
    document
        .body()
        .map(|body| body.get_bounding_client_rect().height().ceil())
        .unwrap_or(0.0)
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use js_sys::JSON;
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    const STATUS: &str = include_str!("../../tests/fixtures/uss/status-o365-unauthorized.json");

    fn payload(context: &str) -> JsValue {
        let inputs = serde_json::json!([{ "url": "", "body": STATUS, "source": "status" }]);
        JSON::parse(&format!(r#"{{"inputs":{inputs},"context":{context}}}"#)).expect("test JSON")
    }

    #[wasm_bindgen_test]
    fn a_payload_becomes_the_banner_model() {
        let banner = banner_for(&payload(
            r#"{"email":"WebexWorkspace1@ciscolive.com","tenantDomains":["ciscolive.us"],"lang":"ja","timeZone":"+09:00"}"#,
        ));
        assert_eq!(banner.lang, "ja");
        let section = banner.body.iter().find(|n| n.tag == "section").expect("a finding");
        assert_eq!(section.attr_value("data-diagnosis"), Some("domain-not-in-tenant"));
        // Shown in full, copied redacted (the default for the copy).
        assert!(section.all_text().contains("WebexWorkspace1@ciscolive.com"));
        assert!(banner.report.contains("W***@ciscolive.com"), "{}", banner.report);
        assert!(!banner.report.contains("WebexWorkspace1@"));
        let unredacted = banner_for(&payload(r#"{"email":"WebexWorkspace1@ciscolive.com","redact":false}"#));
        assert!(unredacted.report.contains("WebexWorkspace1@ciscolive.com"));
    }

    #[wasm_bindgen_test]
    fn the_page_theme_is_read_when_it_is_one_of_two() {
        assert_eq!(theme_of(&payload(r#"{"theme":"dark"}"#)), Some("dark"));
        assert_eq!(theme_of(&payload(r#"{"theme":"light"}"#)), Some("light"));
        assert_eq!(theme_of(&payload(r#"{"theme":"<b>"}"#)), None);
        assert_eq!(theme_of(&payload("{}")), None);
        assert_eq!(theme_of(&JsValue::from(5)), None);
    }

    #[wasm_bindgen_test]
    fn bad_payloads_are_one_line_messages() {
        let missing = banner_for(&JsValue::UNDEFINED);
        assert!(missing.body.is_empty());
        assert!(missing.summary.contains("no longer available"), "{}", missing.summary);
        let wrong = banner_for(&JsValue::from(5));
        assert!(wrong.summary.contains("could not read"), "{}", wrong.summary);
        let bad_body = JSON::parse(r#"{"inputs":[{"url":"","body":"{not json"}],"context":{"lang":"ja"}}"#).unwrap();
        let bad = banner_for(&bad_body);
        assert_eq!(bad.lang, "ja");
        assert!(bad.body.is_empty());
        assert!(!bad.summary.contains('\n'));
    }
}
