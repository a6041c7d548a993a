//! The options page's content (`options.html`): language, report redaction and format,
//! screen-share mode, and the tenant domains learned per organization, editable. Rendered here
//! from the settings in force (`settings.js`); what the admin's policy sets is shown disabled.
//! The page's script saves: controls carry `data-setting="<key>"`, the domain lists
//! `data-org="<org id>"`, their remove buttons `data-remove-org`, and the new-organization row
//! `data-new-org` / `data-new-domains` / `data-action="add-org"`.

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

use super::forms::{append, button, checkbox, element, labelled, page, select};
use super::js_error;
use super::settings::Settings;
use crate::explain::catalog::*;

/// Renders the options into `root`, in `lang` (a tag).
#[wasm_bindgen]
pub fn render_options(root: Element, settings: JsValue, lang: &str) -> Result<(), JsValue> {
    let settings: Settings = serde_wasm_bindgen::from_value(settings).map_err(js_error)?;
    let lang = Lang::from_tag(lang);
    let document = page(&root, lang, Some(OPTIONS_TITLE.text(lang)))?;
    let t = |msg: Msg| msg.text(lang);
    let locked = |key: &str, control: &Element| -> Result<(), JsValue> {
        control.set_attribute("data-setting", key)?;
        if settings.locked.iter().any(|k| k == key) {
            control.set_attribute("disabled", "")?;
            control.set_attribute("title", t(OPTIONS_LOCKED))?;
        }
        Ok(())
    };

    let language = select(
        &document,
        &[("auto", t(OPTIONS_LANG_AUTO)), ("en", "English"), ("ja", "日本語")],
        &settings.lang,
    )?;
    locked("lang", &language)?;
    let format = select(
        &document,
        &[
            ("markdown", t(ANALYZER_FORMAT_MARKDOWN)),
            ("text", t(ANALYZER_FORMAT_TEXT)),
        ],
        &settings.format,
    )?;
    locked("format", &format)?;
    let (redact, redact_box) = checkbox(&document, t(OPTIONS_REDACT), settings.redact)?;
    locked("redact", &redact_box)?;
    let (share, share_box) = checkbox(&document, t(OPTIONS_SCREEN_SHARE), settings.screen_share)?;
    locked("screenShare", &share_box)?;

    let general = element(&document, "section", "general", None)?;
    append(
        &general,
        &[
            &labelled(&document, "lang", t(OPTIONS_LANG), &language)?,
            &redact,
            &labelled(&document, "format", t(ANALYZER_FORMAT_LABEL), &format)?,
            &share,
            &element(&document, "p", "muted", Some(t(OPTIONS_SCREEN_SHARE_HINT)))?,
        ],
    )?;

    let tenants = element(&document, "section", "tenants", None)?;
    append(
        &tenants,
        &[
            &element(&document, "h2", "", Some(t(OPTIONS_TENANTS)))?,
            &element(&document, "p", "muted", Some(t(OPTIONS_TENANTS_HINT)))?,
        ],
    )?;
    if settings.tenant_domains.is_empty() {
        append(
            &tenants,
            &[&element(&document, "p", "muted", Some(t(OPTIONS_TENANTS_NONE)))?],
        )?;
    }
    for (index, (org, domains)) in settings.tenant_domains.iter().enumerate() {
        let by_policy = settings.locked_orgs.contains(org);
        append(&tenants, &[&org_row(&document, index, org, domains, by_policy, lang)?])?;
    }
    let new_org = element(&document, "input", "", None)?;
    new_org.set_attribute("data-new-org", "")?;
    new_org.set_attribute("spellcheck", "false")?;
    let new_domains = element(&document, "textarea", "", None)?;
    new_domains.set_attribute("data-new-domains", "")?;
    new_domains.set_attribute("rows", "3")?;
    let add = button(&document, t(OPTIONS_ADD_ORG))?;
    add.set_attribute("data-action", "add-org")?;
    let adding = element(&document, "div", "add-org", None)?;
    append(
        &adding,
        &[
            &labelled(&document, "new-org", t(OPTIONS_ORG_ID), &new_org)?,
            &labelled(&document, "new-domains", t(ANALYZER_TENANT_LABEL), &new_domains)?,
            &add,
        ],
    )?;
    tenants.append_child(&adding)?;

    let status = element(&document, "p", "status", None)?;
    status.set_attribute("role", "status")?;
    status.set_attribute("data-caldoctor", "status")?;
    append(
        &root,
        &[
            &element(&document, "h1", "", Some(t(OPTIONS_TITLE)))?,
            &general,
            &tenants,
            &status,
        ],
    )
}

fn org_row(
    document: &Document,
    index: usize,
    org: &str,
    domains: &str,
    by_policy: bool,
    lang: Lang,
) -> Result<Element, JsValue> {
    let row = element(document, "div", "org", None)?;
    let area = element(document, "textarea", "", Some(domains))?;
    area.set_attribute("data-org", org)?;
    area.set_attribute("rows", "3")?;
    area.set_attribute("spellcheck", "false")?;
    let label = OPTIONS_ORG_LABEL.fill(lang, &[("org", org)]);
    append(&row, &[&labelled(document, &format!("org-{index}"), &label, &area)?])?;
    if by_policy {
        area.set_attribute("readonly", "")?;
        append(
            &row,
            &[&element(document, "p", "muted", Some(OPTIONS_LOCKED.text(lang)))?],
        )?;
    } else {
        let remove = button(document, OPTIONS_REMOVE_ORG.text(lang))?;
        remove.set_attribute("data-remove-org", org)?;
        row.append_child(&remove)?;
    }
    Ok(row)
}
