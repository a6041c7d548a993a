//! The one way a page's content reaches the DOM: a [`Node`] tree (`crate::view`) becomes one
//! element per node — `create_element`, the node's attributes, its text set as text, never HTML
//! parsing — and its actions become listeners owned by a [`Mounted`], so dropping it removes them.

use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

use super::clipboard::copy_then_say;
use super::js_error;
use crate::view::node::{Action, Node, Page};

/// The event a Dismiss button dispatches (bubbling) for whoever hosts the banner.
pub const DISMISS_EVENT: &str = "caldoctor-dismiss";
/// The event a toggle dispatches (bubbling) after showing or hiding its region.
pub const TOGGLE_EVENT: &str = "caldoctor-toggle";
/// The event a Minimize (or restore) button dispatches (bubbling).
pub const MINIMIZE_EVENT: &str = "caldoctor-minimize";

/// The listeners of mounted trees: they live exactly as long as it does.
#[must_use = "dropping it removes the listeners of the actions it mounted"]
#[derive(Default)]
pub struct Mounted {
    listeners: Vec<EventListener>,
}

impl Mounted {
    /// Builds `node` at the end of `parent`.
    pub fn append(&mut self, parent: &Element, node: &Node) -> Result<(), JsValue> {
        let document = parent
            .owner_document()
            .ok_or_else(|| js_error("the element is not in a document"))?;
        let element = self.build(&document, node)?;
        parent.append_child(&element)?;
        Ok(())
    }

    fn build(&mut self, document: &Document, node: &Node) -> Result<Element, JsValue> {
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
            let child = self.build(document, child)?;
            element.append_child(&child)?;
        }
        if let Some(action) = &node.action {
            self.listeners.push(listen(&element, action));
        }
        Ok(element)
    }
}

/// Builds `nodes` into `parent`, replacing what it held.
pub fn mount(parent: &Element, nodes: &[Node]) -> Result<Mounted, JsValue> {
    parent.set_text_content(None);
    let mut mounted = Mounted::default();
    for node in nodes {
        mounted.append(parent, node)?;
    }
    Ok(mounted)
}

/// Builds a whole page into `root`: `<html lang>`, the title when the page sets one, the content.
pub fn mount_page(root: &Element, page: &Page) -> Result<Mounted, JsValue> {
    let document = root
        .owner_document()
        .ok_or_else(|| js_error("the page root is not in a document"))?;
    if let Some(html) = document.document_element() {
        html.set_attribute("lang", page.lang.tag())?;
    }
    if let Some(title) = page.title {
        document.set_title(title);
    }
    mount(root, &page.body)
}

fn listen(element: &Element, action: &Action) -> EventListener {
    let button = element.clone();
    match action.clone() {
        Action::Copy { text, done, failed } => {
            let text: Rc<str> = Rc::from(text);
            EventListener::new(element, "click", move |_| {
                copy_then_say(text.clone(), button.clone(), done, failed);
            })
        }
        Action::Dismiss => EventListener::new(element, "click", move |_| announce(&button, DISMISS_EVENT)),
        Action::Minimize => EventListener::new(element, "click", move |_| announce(&button, MINIMIZE_EVENT)),
        Action::Toggle => EventListener::new(element, "click", move |_| {
            let expanded = button.get_attribute("aria-expanded").as_deref() != Some("true");
            let _ = button.set_attribute("aria-expanded", if expanded { "true" } else { "false" });
            let region = button
                .get_attribute("aria-controls")
                .and_then(|id| button.owner_document()?.get_element_by_id(&id));
            if let Some(region) = region {
                let _ = region.toggle_attribute_with_force("hidden", !expanded);
            }
            announce(&button, TOGGLE_EVENT);
        }),
    }
}

/// Dispatches a bubbling `name` event from `element`.
fn announce(element: &Element, name: &str) {
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = element.dispatch_event(&event);
    }
}
