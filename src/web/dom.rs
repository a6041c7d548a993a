//! The thin walk from the view model ([`crate::view::banner`]) to the DOM: `create_element`,
//! `set_text_content`, and the model's attributes — never HTML parsing. Listeners are
//! [`EventListener`]s owned by a [`Rendered`], so dropping a render removes them.

use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::{Document, Element, HtmlDocument, HtmlElement, HtmlTextAreaElement};

use crate::view::banner::{Action, Node};

/// The event a Dismiss button dispatches (bubbling) for whoever hosts the banner.
pub const DISMISS_EVENT: &str = "caldoctor-dismiss";
/// Where copy results are announced (a `role="status"` span in the model's action bar).
const COPY_STATUS_ID: &str = "copy-status";

/// One render: its listeners live exactly as long as it does.
pub struct Rendered {
    _listeners: Vec<EventListener>,
}

/// Builds `nodes` into `parent`, replacing what it held.
pub fn render_into(document: &Document, parent: &Element, nodes: &[Node], report: &str) -> Result<Rendered, JsValue> {
    parent.set_text_content(None);
    let report: Rc<str> = Rc::from(report);
    let mut listeners = Vec::new();
    for node in nodes {
        let element = build(document, node, &report, &mut listeners)?;
        parent.append_child(&element)?;
    }
    Ok(Rendered { _listeners: listeners })
}

fn build(
    document: &Document,
    node: &Node,
    report: &Rc<str>,
    listeners: &mut Vec<EventListener>,
) -> Result<Element, JsValue> {
    let element = document.create_element(node.tag)?;
    if !node.class.is_empty() {
        element.set_class_name(node.class);
    }
    for attr in &node.attrs {
        element.set_attribute(attr.name(), attr.value())?;
    }
    if let Some(text) = &node.text {
        element.set_text_content(Some(text));
    }
    for child in &node.children {
        let child = build(document, child, report, listeners)?;
        element.append_child(&child)?;
    }
    if let Some(action) = &node.action {
        listeners.push(listen(&element, action, report));
    }
    Ok(element)
}

fn listen(element: &Element, action: &Action, report: &Rc<str>) -> EventListener {
    let button = element.clone();
    match action.clone() {
        Action::Copy { text, done, failed } => EventListener::new(element, "click", move |_| {
            copy_then_say(Rc::from(text.as_str()), button.clone(), done, failed);
        }),
        Action::CopyReport { done, failed } => {
            let report = report.clone();
            EventListener::new(element, "click", move |_| {
                copy_then_say(report.clone(), button.clone(), done, failed);
            })
        }
        Action::Dismiss => EventListener::new(element, "click", move |_| {
            let init = web_sys::CustomEventInit::new();
            init.set_bubbles(true);
            if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(DISMISS_EVENT, &init) {
                let _ = button.dispatch_event(&event);
            }
        }),
    }
}

/// Copies, then announces the result in the status span and marks the button.
pub(super) fn copy_then_say(text: Rc<str>, button: Element, done: &'static str, failed: &'static str) {
    spawn_local(async move {
        let copied = copy_text(&text, &button).await;
        let message = if copied { done } else { failed };
        if let Some(status) = button
            .owner_document()
            .and_then(|d| d.get_element_by_id(COPY_STATUS_ID))
        {
            status.set_text_content(Some(message));
        }
        let _ = button.set_attribute("data-copied", if copied { "true" } else { "false" });
    });
}

/// `navigator.clipboard.writeText`, or, where it is missing or refused (a frame without the
/// `clipboard-write` permission), a selected hidden textarea and `execCommand('copy')`.
async fn copy_text(text: &str, button: &Element) -> bool {
    if let Some(promise) = clipboard_write(text)
        && JsFuture::from(promise).await.is_ok()
    {
        return true;
    }
    exec_copy(text, button).unwrap_or(false)
}

fn clipboard_write(text: &str) -> Option<js_sys::Promise> {
    let navigator = js_sys::Reflect::get(&js_sys::global(), &"navigator".into()).ok()?;
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).ok()?;
    if clipboard.is_undefined() || clipboard.is_null() {
        return None;
    }
    let write: js_sys::Function = js_sys::Reflect::get(&clipboard, &"writeText".into())
        .ok()?
        .dyn_into()
        .ok()?;
    write.call1(&clipboard, &text.into()).ok()?.dyn_into().ok()
}

fn exec_copy(text: &str, button: &Element) -> Result<bool, JsValue> {
    let document: HtmlDocument = button
        .owner_document()
        .ok_or_else(|| JsValue::from_str("no document"))?
        .dyn_into()?;
    let body = document.body().ok_or_else(|| JsValue::from_str("no body"))?;
    let area: HtmlTextAreaElement = document.create_element("textarea")?.dyn_into()?;
    area.set_class_name("clip-helper");
    area.set_read_only(true);
    area.set_value(text);
    body.append_child(&area)?;
    area.select();
    let copied = document.exec_command("copy").unwrap_or(false);
    area.remove();
    if let Some(button) = button.dyn_ref::<HtmlElement>() {
        let _ = button.focus();
    }
    Ok(copied)
}
