//! "Copy": the clipboard, with a fallback for frames that may not write to it, and the result
//! announced in the page's copy status.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::{Element, HtmlDocument, HtmlElement, HtmlTextAreaElement};

use crate::view::node::COPY_STATUS_ID;

/// Copies, then announces the result in the copy status and marks the button (`data-copied`).
pub fn copy_then_say(text: Rc<str>, button: Element, done: &'static str, failed: &'static str) {
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
