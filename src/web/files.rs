//! What the pages that read files share (the analyzer and the triage page): their controls found
//! by id, the files picked or dropped anywhere on the page, the pages' worker and its replies
//! read, and a download offered.

use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use js_sys::Reflect;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{
    Blob, Document, DragEvent, File, FileList, HtmlAnchorElement, HtmlInputElement, Url, Worker, WorkerOptions,
    WorkerType,
};

use super::js_error;

/// The pages' worker (`analyzer-worker.js`, a module worker): it reads their files and does their
/// heavy work off the page's thread.
pub fn pages_worker() -> Result<Worker, JsValue> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    Worker::new_with_options("analyzer-worker.js", &options)
}

/// The page's element `#id`, as the element type it is.
pub fn by_id<T: JsCast>(document: &Document, id: &str) -> Result<T, JsValue> {
    document
        .get_element_by_id(id)
        .ok_or_else(|| js_error(format!("#{id} missing")))?
        .dyn_into()
        .map_err(|_| js_error(format!("#{id} is not the element expected")))
}

/// A field of a worker's reply (`undefined` when it has none).
pub fn field(value: &JsValue, name: &str) -> JsValue {
    Reflect::get(value, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

pub fn text_field(value: &JsValue, name: &str) -> String {
    field(value, name).as_string().unwrap_or_default()
}

/// How far a worker's `progress` reply says it has read, in percent.
pub fn percent(progress: &JsValue) -> f64 {
    match (field(progress, "loaded").as_f64(), field(progress, "total").as_f64()) {
        (Some(loaded), Some(total)) if total > 0.0 => (loaded / total * 100.0).min(100.0),
        _ => 0.0,
    }
}

pub fn size_label(bytes: f64) -> String {
    match bytes {
        b if b >= 1024.0 * 1024.0 => format!("{:.1} MB", b / 1024.0 / 1024.0),
        b if b >= 1024.0 => format!("{:.1} KB", b / 1024.0),
        b => format!("{b} B"),
    }
}

fn files_of(list: Option<FileList>) -> Vec<File> {
    list.map_or_else(Vec::new, |files| {
        (0..files.length()).filter_map(|i| files.get(i)).collect()
    })
}

/// Hands `read` the files picked in the file input `#input` or dropped anywhere on the page
/// (which the browser must then not open instead); the listeners live as long as what they return.
pub fn listen_for_files(
    document: &Document,
    input: &str,
    read: Rc<dyn Fn(Vec<File>)>,
) -> Result<Vec<EventListener>, JsValue> {
    let picked = {
        let read = read.clone();
        EventListener::new(
            &by_id::<web_sys::EventTarget>(document, input)?,
            "change",
            move |event| {
                let Some(input) = event.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else {
                    return;
                };
                read(files_of(input.files()));
                input.set_value(""); // the same file can be picked again
            },
        )
    };
    let active = EventListenerOptions::enable_prevent_default();
    let over = EventListener::new_with_options(document, "dragover", active, |e| e.prevent_default());
    let dropped = EventListener::new_with_options(document, "drop", active, move |event| {
        event.prevent_default();
        let files = event
            .dyn_ref::<DragEvent>()
            .and_then(DragEvent::data_transfer)
            .and_then(|d| d.files());
        read(files_of(files));
    });
    Ok(vec![picked, over, dropped])
}

/// Offers `blob` as a download named `name`.
pub fn save(document: &Document, blob: &Blob, name: &str) {
    let Ok(url) = Url::create_object_url_with_blob(blob) else {
        return;
    };
    if let Ok(link) = document.create_element("a")
        && let Ok(link) = link.dyn_into::<HtmlAnchorElement>()
    {
        link.set_href(&url);
        link.set_download(name);
        link.click();
    }
    let _ = Url::revoke_object_url(&url);
}
