//! The popup and the options page: Rust builds them (`crate::view::{popup, options}`), their
//! scripts wire the `data-*` controls to the extension APIs and render again on changes.

use wasm_bindgen::prelude::*;
use web_sys::Element;

use super::js_error;
use super::mount::mount_page;
use crate::explain::catalog::Lang;
use crate::view::options::{self, Settings};
use crate::view::popup::{self, PopupData};

/// Renders the popup into `root` in `lang` (a tag) from the background's record of the tab (see
/// [`PopupData`]).
#[wasm_bindgen]
pub fn render_popup(root: Element, data: JsValue, lang: &str) -> Result<(), JsValue> {
    let data: PopupData = serde_wasm_bindgen::from_value(data).map_err(js_error)?;
    // popup.js wires the controls: no Rust action outlives the render.
    drop(mount_page(&root, &popup::page(&data, Lang::from_tag(lang)))?);
    Ok(())
}

/// Renders the options into `root` in `lang` (a tag) from the settings in force (see
/// [`Settings`]).
#[wasm_bindgen]
pub fn render_options(root: Element, settings: JsValue, lang: &str) -> Result<(), JsValue> {
    let settings: Settings = serde_wasm_bindgen::from_value(settings).map_err(js_error)?;
    // options.js wires the controls: no Rust action outlives the render.
    drop(mount_page(&root, &options::page(&settings, Lang::from_tag(lang)))?);
    Ok(())
}
