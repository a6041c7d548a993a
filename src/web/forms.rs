//! Small DOM builders shared by the extension pages built in Rust (analyzer, popup, options):
//! elements with a class and text, labelled fields, appending in order. Text only, always.

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

use super::js_error;
use crate::explain::catalog::Lang;

/// Readies a page built into `root`: `<html lang>`, the title when given, `root` emptied.
pub fn page(root: &Element, lang: Lang, title: Option<&str>) -> Result<Document, JsValue> {
    let document = root.owner_document().ok_or_else(|| js_error("no document"))?;
    if let Some(html) = document.document_element() {
        html.set_attribute("lang", lang.tag())?;
    }
    if let Some(title) = title {
        document.set_title(title);
    }
    root.set_text_content(None);
    Ok(document)
}

pub fn element(document: &Document, tag: &str, class: &str, text: Option<&str>) -> Result<Element, JsValue> {
    let element = document.create_element(tag)?;
    if !class.is_empty() {
        element.set_class_name(class);
    }
    if let Some(text) = text {
        element.set_text_content(Some(text));
    }
    Ok(element)
}

/// Appends `children` to `parent`, in order.
pub fn append(parent: &Element, children: &[&Element]) -> Result<(), JsValue> {
    for child in children {
        parent.append_child(child)?;
    }
    Ok(())
}

/// `<div class="field"><label for=id>label</label>control</div>`, `control` given the id.
pub fn labelled(document: &Document, id: &str, label: &str, control: &Element) -> Result<Element, JsValue> {
    let field = element(document, "div", "field", None)?;
    let label_element = element(document, "label", "", Some(label))?;
    label_element.set_attribute("for", id)?;
    control.set_id(id);
    append(&field, &[&label_element, control])?;
    Ok(field)
}

/// `<label class="check"><input type=checkbox>label</label>`; returns the label and the box.
pub fn checkbox(document: &Document, label: &str, checked: bool) -> Result<(Element, Element), JsValue> {
    let wrapper = element(document, "label", "check", None)?;
    let input = element(document, "input", "", None)?;
    input.set_attribute("type", "checkbox")?;
    if checked {
        input.set_attribute("checked", "")?;
    }
    wrapper.append_child(&input)?;
    wrapper.append_with_str_1(label)?;
    Ok((wrapper, input))
}

/// A `<select>` of `(value, label)` options with `selected` chosen.
pub fn select(document: &Document, options: &[(&str, &str)], selected: &str) -> Result<Element, JsValue> {
    let select = element(document, "select", "", None)?;
    for (value, label) in options {
        let option = element(document, "option", "", Some(label))?;
        option.set_attribute("value", value)?;
        if *value == selected {
            option.set_attribute("selected", "")?;
        }
        select.append_child(&option)?;
    }
    Ok(select)
}

/// A `type="button"` button.
pub fn button(document: &Document, label: &str) -> Result<Element, JsValue> {
    let button = element(document, "button", "", Some(label))?;
    button.set_attribute("type", "button")?;
    Ok(button)
}
