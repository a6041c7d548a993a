//! The toolbar popup's content (`popup.html`): this tab's banners, one line per subject with its
//! summary and diagnosis, and the switches. Rendered here from what the background keeps; the
//! popup's script wires the `data-action` elements to the extension APIs.

use serde::Deserialize;
use wasm_bindgen::prelude::*;
use web_sys::Element;

use super::forms::{append, button, checkbox, element, page};
use super::js_error;
use crate::explain::catalog::*;

/// The background's `{type:'summary'}` answer, plus the settings the popup shows.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct PopupData {
    paused: bool,
    banners: Vec<BannerLine>,
    screen_share: bool,
    /// Screen-share mode is set by the admin's policy.
    screen_share_locked: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct BannerLine {
    id: String,
    state: String,
    subject: String,
    summary: String,
    dismissed: bool,
}

/// Renders the popup into `root` in `lang`. Actions are `[data-action]` elements: `reveal`
/// (with `data-id`), `pause` and `screen-share` (checkboxes), `analyzer`, `options`.
#[wasm_bindgen]
pub fn render_popup(root: Element, data: JsValue, lang: &str) -> Result<(), JsValue> {
    let data: PopupData = serde_wasm_bindgen::from_value(data).map_err(js_error)?;
    let lang = Lang::from_tag(lang);
    let document = page(&root, lang, None)?;
    let t = |msg: Msg| msg.text(lang);
    let heading = element(&document, "h1", "", Some(t(EXT_NAME)))?;
    let list = element(&document, "ul", "banners", None)?;
    list.set_attribute("data-caldoctor", "banners")?;
    // Only banners with something to say; those with nothing are the activated subjects.
    let shown: Vec<&BannerLine> = data.banners.iter().filter(|b| !b.state.is_empty()).collect();
    for banner in &shown {
        let item = element(&document, "li", "banner-line", None)?;
        item.set_attribute("data-state", &banner.state)?;
        let summary = element(&document, "p", "summary", Some(&banner.summary))?;
        let subject = element(&document, "p", "subject", Some(&banner.subject))?;
        let diagnosis = banner
            .state
            .split(' ')
            .filter_map(|part| part.split_once(':'))
            .map(|(_, d)| d);
        let diagnosis: Vec<&str> = diagnosis.collect();
        append(&item, &[&summary, &subject])?;
        if !diagnosis.is_empty() {
            let line = POPUP_DIAGNOSIS.fill(lang, &[("diagnosis", &diagnosis.join(", "))]);
            append(&item, &[&element(&document, "p", "diagnosis", Some(&line))?])?;
        }
        let reveal = button(&document, t(if banner.dismissed { POPUP_SHOW } else { POPUP_SCROLL }))?;
        reveal.set_attribute("data-action", "reveal")?;
        reveal.set_attribute("data-id", &banner.id)?;
        item.append_child(&reveal)?;
        list.append_child(&item)?;
    }
    let empty = element(
        &document,
        "p",
        "muted",
        Some(t(if data.paused { POPUP_PAUSED } else { POPUP_NONE })),
    )?;
    let (pause, pause_box) = checkbox(&document, t(POPUP_PAUSE), data.paused)?;
    pause_box.set_attribute("data-action", "pause")?;
    let (share, share_box) = checkbox(&document, t(POPUP_SCREEN_SHARE), data.screen_share)?;
    share_box.set_attribute("data-action", "screen-share")?;
    if data.screen_share_locked {
        share_box.set_attribute("disabled", "")?;
        share.set_attribute("title", t(OPTIONS_LOCKED))?;
    }
    let analyzer = button(&document, t(POPUP_ANALYZER))?;
    analyzer.set_attribute("data-action", "analyzer")?;
    let options = button(&document, t(POPUP_OPTIONS))?;
    options.set_attribute("data-action", "options")?;
    let switches = element(&document, "div", "switches", None)?;
    append(&switches, &[&pause, &share])?;
    let actions = element(&document, "div", "actions", None)?;
    append(&actions, &[&analyzer, &options])?;
    append(&root, &[&heading])?;
    if shown.is_empty() {
        append(&root, &[&empty])?;
    } else {
        append(&root, &[&list])?;
    }
    append(&root, &[&switches, &actions])
}
