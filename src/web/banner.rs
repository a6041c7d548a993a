//! The Scheduling-panel banner frame (`banner.html#<id>`): [`start_banner`] is its whole life —
//! fetch the payload from the background, mount the banner ([`crate::view::banner`], from the
//! payload described in [`crate::view::payload`]), report the height, refetch when asked, and
//! forward Dismiss. `theme` (`light` or `dark`) is the page's, which the banner follows.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::EventListener;
use js_sys::Reflect;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::{Document, Element, MessageEvent, ResizeObserver};

use super::mount::{DISMISS_EVENT, MINIMIZE_EVENT, Mounted, TOGGLE_EVENT, mount};
use super::runtime::{ask, extension_runtime, local_storage, send, store, stored};
use super::{browser_offset, js_error, js_object};
use crate::explain::catalog::Lang;
use crate::protocol::{frame, messages, storage};
use crate::view::banner::{self, Banner, TOGGLE_ID};
use crate::view::payload::Payload;

/// The id of the `role="status"` region banner.html holds before anything is rendered.
const STATUS_ID: &str = "status";
/// The root's attribute holding [`Banner::state`], what the host remembers a dismissal by.
const STATE_ATTR: &str = "data-state";
/// The root's attribute holding [`Banner::subject`], for the toolbar popup.
const SUBJECT_ATTR: &str = "data-subject";
/// The root's attribute while the banner is a pill (banner.css hides everything else).
const MINIMIZED_ATTR: &str = "data-minimized";
/// How many subjects' open Details storage.local remembers; the oldest are forgotten first.
const MAX_EXPANDED: usize = 200;

/// `context.subject` of a payload: whose Details the banner remembers.
fn subject_of(payload: &JsValue) -> Option<String> {
    let context = Reflect::get(payload, &"context".into())
        .ok()
        .filter(JsValue::is_object)?;
    Reflect::get(&context, &"subject".into())
        .ok()?
        .as_string()
        .filter(|s| !s.is_empty() && s.len() <= 200)
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

/// The banner of a payload as the background hands it; one that cannot be read says so.
fn banner_for(payload: &JsValue) -> Banner {
    if payload.is_undefined() || payload.is_null() {
        return banner::payload_missing(fallback_lang(payload));
    }
    // Through JSON text and serde_json, which decoding needs anyway: a second deserializer
    // (serde-wasm-bindgen) would double the banner module's serde code.
    let read = js_sys::JSON::stringify(payload)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| "the payload is not JSON data".to_string())
        .and_then(|text| Payload::from_json(&text));
    match read {
        Ok(readable) => banner::of_payload(&readable, browser_offset),
        Err(error) => banner::error(fallback_lang(payload), &error),
    }
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

/// The running banner frame. Dropping it (or calling `free()` from JS) removes its listeners and
/// its resize observer.
#[wasm_bindgen]
pub struct BannerApp {
    frame: Rc<Frame>,
    observer: ResizeObserver,
    _on_resize: Closure<dyn FnMut()>,
    _on_dismiss: EventListener,
    _on_toggle: EventListener,
    _on_minimize: EventListener,
    _on_refresh: EventListener,
}

impl Drop for BannerApp {
    fn drop(&mut self) {
        self.observer.disconnect();
        drop(self.frame.mounted.take());
    }
}

/// One frame: where it renders, whom it talks to, what it shows and last told its host.
struct Frame {
    document: Document,
    root: Element,
    runtime: JsValue,
    id: String,
    /// The banner shown; mounting another drops it, and its listeners with it.
    mounted: RefCell<Option<Mounted>>,
    last: RefCell<Option<SizeReport>>,
    /// `storage.local`, where the open Details are remembered per subject.
    storage: Option<JsValue>,
    /// Whether the Details are open, as last read or chosen.
    expanded: Cell<bool>,
    /// The payload's subject, the key of [`Frame::expanded`] in storage.
    subject: RefCell<Option<String>>,
}

/// What the frame last told its host: the popup lists the summary and subject per banner.
#[derive(PartialEq)]
struct SizeReport {
    height: f64,
    /// The frame's width when `height` was measured: a height holds only at that width, so the
    /// host applies it only while the frame is that wide, and every new width is told again.
    width: f64,
    state: String,
    subject: String,
    summary: String,
}

impl Frame {
    /// Analyzes `payload` and mounts its banner, in the page's theme. `Err` means only that the
    /// DOM refused an operation: a payload that cannot be read is a one-line banner.
    fn show(&self, payload: &JsValue) -> Result<(), JsValue> {
        let mut banner = banner_for(payload);
        banner.set_expanded(self.expanded.get());
        if let Some(html) = self.document.document_element() {
            match theme_of(payload) {
                Some(theme) => html.set_attribute("data-theme", theme)?,
                None => html.remove_attribute("data-theme")?,
            }
            html.set_attribute("lang", banner.lang)?;
        }
        drop(self.mounted.take());
        self.root.set_attribute(STATE_ATTR, &banner.state)?;
        self.root.set_attribute(SUBJECT_ATTR, &banner.subject)?;
        self.mounted.replace(Some(mount(&self.root, &banner.body)?));
        if let Some(status) = self.document.get_element_by_id(STATUS_ID) {
            status.set_text_content(Some(&banner.summary));
        }
        Ok(())
    }

    /// Asks the background for the frame's payload, shows it and reports the new size.
    async fn refresh(self: Rc<Frame>) {
        let get = js_object(&[("type", messages::GET.into()), ("id", self.id.as_str().into())]);
        // The background answers `{payload}`; anything else (no answer, an error) is "missing".
        let answer = ask(&self.runtime, &get).await;
        let payload = if answer.is_object() {
            Reflect::get(&answer, &"payload".into()).unwrap_or(JsValue::UNDEFINED)
        } else {
            JsValue::UNDEFINED
        };
        let subject = subject_of(&payload);
        // Read once per subject: afterwards this frame's own toggles keep `expanded`, and an
        // update (the next poll) is not delayed by a storage round trip.
        let known = *self.subject.borrow() == subject;
        if let (false, Some(storage), Some(subject)) = (known, &self.storage, &subject) {
            let remembered = stored(storage, storage::EXPANDED).await;
            let open = Reflect::get(&remembered, &subject.as_str().into()).ok();
            self.expanded
                .set(remembered.is_object() && open.is_some_and(|v| v.is_truthy()));
        }
        self.subject.replace(subject);
        if self.show(&payload).is_ok() {
            self.report();
        }
    }

    /// Tells the host page how tall the frame must be at its present width and which state it
    /// shows, once per change.
    fn report(&self) {
        self.report_at(frame_width(&self.document), frame_height(&self.document, &self.root));
    }

    /// The host's ask (`frame.measure` and a width): the height at `width`, the width the host
    /// gives the frame. Laid out at it for the measure, since the frame may not be that wide
    /// yet: its new width comes from its host's process after the ask can, and while its host
    /// hides it (until it knows its height) the browser may not render the frame, nor run its
    /// resize observer, at all.
    fn measure(&self, width: u32) {
        let Some(body) = self.document.body() else {
            return;
        };
        let style = body.style();
        if style.set_property("width", &format!("{width}px")).is_err() {
            return;
        }
        let height = frame_height(&self.document, &self.root);
        let _ = style.remove_property("width");
        self.report_at(f64::from(width), height);
    }

    /// Tells the host the frame's `height` at `width`, and which state it shows, once per change.
    fn report_at(&self, width: f64, height: f64) {
        let now = SizeReport {
            height,
            width,
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
                ("type", messages::HEIGHT.into()),
                ("id", self.id.as_str().into()),
                ("height", now.height.into()),
                ("width", now.width.into()),
                ("state", now.state.as_str().into()),
                ("subject", now.subject.as_str().into()),
                ("summary", now.summary.as_str().into()),
            ]),
        );
        self.last.replace(Some(now));
    }

    /// After the Details button was pressed: remembers whether the Details are open for the
    /// subject (the map kept to its newest [`MAX_EXPANDED`] entries).
    fn remember_expanded(self: Rc<Frame>) {
        let expanded = self
            .document
            .get_element_by_id(TOGGLE_ID)
            .and_then(|toggle| toggle.get_attribute("aria-expanded"))
            .as_deref()
            == Some("true");
        self.expanded.set(expanded);
        let (Some(storage), Some(subject)) = (self.storage.clone(), self.subject.borrow().clone()) else {
            return;
        };
        spawn_local(async move {
            let before = stored(&storage, storage::EXPANDED).await;
            let map = js_sys::Object::new();
            if before.is_object() {
                let keys = js_sys::Object::keys(before.unchecked_ref::<js_sys::Object>());
                let skip = (keys.length() as usize).saturating_sub(MAX_EXPANDED - 1);
                for key in keys.iter().skip(skip) {
                    if key.as_string().as_deref() != Some(subject.as_str())
                        && let Ok(value) = Reflect::get(&before, &key)
                    {
                        let _ = Reflect::set(&map, &key, &value);
                    }
                }
            }
            if expanded {
                let _ = Reflect::set(&map, &subject.as_str().into(), &JsValue::TRUE);
            }
            store(&storage, storage::EXPANDED, &map);
        });
    }

    /// Shrinks the banner to its pill, or brings it back, and puts the focus on what is shown.
    fn minimize(&self) {
        let minimized = !self.root.has_attribute(MINIMIZED_ATTR);
        let _ = self.root.toggle_attribute_with_force(MINIMIZED_ATTR, minimized);
        let focus = if minimized { "restore" } else { "minimize" };
        if let Some(button) = self
            .document
            .get_element_by_id(focus)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = button.focus();
        }
    }
}

/// Starts the banner frame `banner.html#<id>`: asks the background for its payload
/// (`{type:'get', id}`), renders it into `root`, reports the height it needs, the state it shows,
/// its subject and summary line (`{type:'height', id, height, width, state, subject, summary}`,
/// height 0 when there is no finding; `width` the frame's when the height was measured) whenever
/// one changes, and forwards Dismiss as `{type:'dismiss', id}`.
/// "Details" opens and closes the full diagnosis, remembered per subject in storage.local
/// (`storage.expanded`); "Minimize" shrinks the banner to a pill, which the height report says.
/// The host page asks for a refresh by posting the string `frame.refresh` of the protocol; the
/// frame then fetches its payload again. That signal carries no data, so a page script faking it
/// causes only a refetch; and unlike a background's broadcast it reaches a frame inside a web
/// page in Firefox too. `frame.measure` followed by a width asks for the height at that width
/// (a report measured at a width the frame no longer has is stale); faked, it costs a report the
/// host ignores. Keep the returned object alive.
#[wasm_bindgen]
pub fn start_banner(root: Element) -> Result<BannerApp, JsValue> {
    let window = web_sys::window().ok_or_else(|| js_error("no window"))?;
    let document = window.document().ok_or_else(|| js_error("no document"))?;
    let hash = window.location().hash()?;
    let runtime = extension_runtime().ok_or_else(|| js_error("the extension runtime is not available"))?;
    let frame = Rc::new(Frame {
        document: document.clone(),
        root: root.clone(),
        runtime,
        id: hash.strip_prefix('#').unwrap_or(&hash).to_string(),
        mounted: RefCell::new(None),
        last: RefCell::new(None),
        storage: local_storage(),
        expanded: Cell::new(false),
        subject: RefCell::new(None),
    });

    let on_resize = {
        let frame = frame.clone();
        Closure::<dyn FnMut()>::new(move || frame.report())
    };
    let observer = ResizeObserver::new(on_resize.as_ref().unchecked_ref())?;
    if let Some(body) = document.body() {
        observer.observe(&body);
    }

    let on_dismiss = {
        let frame = frame.clone();
        EventListener::new(&root, DISMISS_EVENT, move |_| {
            send(
                &frame.runtime,
                &js_object(&[("type", messages::DISMISS.into()), ("id", frame.id.as_str().into())]),
            );
        })
    };

    let on_toggle = {
        let frame = frame.clone();
        EventListener::new(&root, TOGGLE_EVENT, move |_| frame.clone().remember_expanded())
    };
    let on_minimize = {
        let frame = frame.clone();
        EventListener::new(&root, MINIMIZE_EVENT, move |_| frame.minimize())
    };

    spawn_local(frame.clone().refresh());
    let on_refresh = {
        let frame = frame.clone();
        EventListener::new(&window, "message", move |event| {
            let Some(word) = event.dyn_ref::<MessageEvent>().and_then(|m| m.data().as_string()) else {
                return;
            };
            if word == frame::REFRESH {
                spawn_local(frame.clone().refresh());
            } else if let Some(width) = word.strip_prefix(frame::MEASURE).and_then(measure_width) {
                frame.measure(width);
            }
        })
    };

    Ok(BannerApp {
        frame,
        observer,
        _on_resize: on_resize,
        _on_dismiss: on_dismiss,
        _on_toggle: on_toggle,
        _on_minimize: on_minimize,
        _on_refresh: on_refresh,
    })
}

/// The width a `frame.measure` ask names: a number of CSS pixels a frame can have.
/// Whole pixels, as the host's `clientWidth` gives them: an integer parse keeps the float parser
/// (about 20 KB) out of the banner's module.
fn measure_width(text: &str) -> Option<u32> {
    text.parse::<u32>().ok().filter(|w| (1..=100_000).contains(w))
}

/// The frame's width, as its host sets it (scrollbar included): 0 when it cannot be read.
fn frame_width(document: &Document) -> f64 {
    document
        .default_view()
        .and_then(|window| window.inner_width().ok())
        .and_then(|width| width.as_f64())
        .unwrap_or(0.0)
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
    use crate::explain::catalog::BANNER_COPY_REPORT;
    use crate::view::node::{Action, Node};

    const STATUS: &str = include_str!("../../tests/fixtures/uss/status-o365-unauthorized.json");

    fn payload(context: &str) -> JsValue {
        let inputs = serde_json::json!([{ "url": "", "body": STATUS, "source": "status" }]);
        JSON::parse(&format!(r#"{{"inputs":{inputs},"context":{context}}}"#)).expect("test JSON")
    }

    /// What the banner's "Copy report" copies.
    fn report_of(banner: &Banner) -> String {
        let lang = Lang::from_tag(banner.lang);
        let copies = banner.body.iter().flat_map(Node::walk).find_map(|n| match &n.action {
            Some(Action::Copy { text, .. }) if n.text.as_deref() == Some(BANNER_COPY_REPORT.text(lang)) => {
                Some(text.clone())
            }
            _ => None,
        });
        copies.expect("a Copy report button")
    }

    /// The JS object as the background hands it, through serde-wasm-bindgen: the context's
    /// email, domains, language, zone and preferences all arrive.
    #[wasm_bindgen_test]
    fn a_js_payload_becomes_the_banner() {
        let banner = banner_for(&payload(
            r#"{"email":"WebexWorkspace1@ciscolive.com","tenantDomains":["ciscolive.us"],"lang":"ja","timeZone":"+09:00","theme":"dark"}"#,
        ));
        assert_eq!(banner.lang, "ja");
        let section = banner.body.iter().find(|n| n.tag == "section").expect("a finding");
        assert_eq!(section.attr_value("data-diagnosis"), Some("domain-not-in-tenant"));
        assert!(section.all_text().contains("(UTC+09:00)"));
        // Shown in full, copied redacted (the protocol's default).
        assert!(section.all_text().contains("WebexWorkspace1@ciscolive.com"));
        let report = report_of(&banner);
        assert!(
            report.contains("W***@ciscolive.com") && !report.contains("WebexWorkspace1@"),
            "{report}"
        );
        let unredacted = banner_for(&payload(
            r#"{"email":"WebexWorkspace1@ciscolive.com","redact":false,"screenShare":true,"timeZone":"local"}"#,
        ));
        assert!(report_of(&unredacted).contains("WebexWorkspace1@ciscolive.com"));
        assert!(unredacted.body.iter().any(|n| n.class == "masked"));
        let text: String = unredacted.body.iter().map(Node::all_text).collect();
        assert!(text.contains("(UTC"), "the browser's zone: {text}");
    }

    #[wasm_bindgen_test]
    fn a_measure_ask_names_a_width_a_frame_can_have() {
        assert_eq!(measure_width("512"), Some(512));
        for bad in ["", "0", "-5", "343.5", "1e9", "NaN", "inf", "12px", "100001"] {
            assert_eq!(measure_width(bad), None, "{bad}");
        }
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
