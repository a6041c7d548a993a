//! For the pages' worker (`analyzer-worker.js`), the triage page's heavy half: its lists decoded
//! and triaged off the page's thread ([`TriageSession`], over `view::triage::session`), the
//! triage handed over as JSON — in words, then its rows in parts — and its exports; and
//! [`triage_count`], the toolbar popup's count of a tab's subjects in error.

use wasm_bindgen::prelude::*;

use super::{browser_offset, js_error, js_object};
use crate::diagnose::tenant::Tenant;
use crate::explain::catalog::Lang;
use crate::explain::redact::Redactor;
use crate::explain::report::Format;
use crate::explain::{Presentation, Zone};
use crate::view::payload::{Input, PageTenant};
use crate::view::triage::session::{self, Session};

/// The org's tenants as `shared/settings.js` `tenantsFor` gives them (`BannerTenant[]`, or
/// `undefined` when none is known).
fn tenants(value: JsValue) -> Vec<Tenant> {
    let value: serde_json::Value = serde_wasm_bindgen::from_value(value).unwrap_or_default();
    let listed = value.as_array().map(Vec::as_slice).unwrap_or_default();
    listed
        .iter()
        .filter_map(|tenant| PageTenant::from_value(tenant).ok())
        .map(|tenant| tenant.tenant())
        .collect()
}

fn presentation(lang: &str, redact: bool) -> Presentation {
    Presentation {
        lang: Lang::from_tag(lang),
        zone: Zone::from_fn(browser_offset),
        redactor: Redactor::new(redact),
    }
}

fn json(value: &impl serde::Serialize) -> Result<String, JsValue> {
    serde_json::to_string(value).map_err(js_error)
}

/// A triage page's lists, one set per source, kept by the worker for the page's life.
#[wasm_bindgen]
pub struct TriageSession {
    session: Session,
}

impl Default for TriageSession {
    fn default() -> TriageSession {
        TriageSession::new()
    }
}

#[wasm_bindgen]
impl TriageSession {
    #[wasm_bindgen(constructor)]
    pub fn new() -> TriageSession {
        TriageSession {
            session: Session::new(),
        }
    }

    /// Reads one input into set `set`: `{ observations, requests }`; throws why it could not.
    pub fn add(&mut self, set: &str, url: &str, body: &str, source: &str) -> Result<JsValue, JsValue> {
        let read = self.session.add(set, url, body, source).map_err(js_error)?;
        Ok(js_object(&[
            ("observations", (read.observations as f64).into()),
            ("requests", (read.requests as f64).into()),
        ]))
    }

    /// The organization set `set`'s statuses are about, when they say.
    pub fn org(&self, set: &str) -> Option<String> {
        self.session.org(set)
    }

    /// Triages set `set` with the org's `tenants` (`BannerTenant[] | undefined`): the build's
    /// id, the same while neither the inputs nor the tenants change; `undefined` for a set
    /// never given an input.
    pub fn build(&mut self, set: &str, tenants: JsValue) -> Option<u32> {
        self.session.build(set, self::tenants(tenants))
    }

    /// The last build in words (`view::triage::board::Board` as JSON) in `lang`, masked for
    /// screen sharing when `mask`.
    pub fn board(&self, set: &str, lang: &str, mask: bool) -> Result<Option<String>, JsValue> {
        self.session
            .board(set, &presentation(lang, mask))
            .map(|board| json(&board))
            .transpose()
    }

    /// How many rows each group of the last build has: the parts to hand over.
    pub fn group_sizes(&self, set: &str) -> Vec<u32> {
        self.session
            .group_sizes(set)
            .into_iter()
            .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
            .collect()
    }

    /// Up to `count` rows of group `group` from `first` on, as a JSON array (`triage::Row`).
    pub fn rows(&self, set: &str, group: usize, first: usize, count: usize) -> Result<String, JsValue> {
        json(&self.session.rows(set, group, first, count))
    }

    /// The CSV of every subject in error.
    pub fn csv(&self, set: &str, redact: bool) -> Option<String> {
        self.session.csv(set, redact)
    }

    /// The summary for a ticket, in `lang` and `format` (`markdown` or `text`).
    pub fn summary(&self, set: &str, lang: &str, redact: bool, format: &str) -> Option<String> {
        let format = Format::from_word(format).unwrap_or(Format::Markdown);
        self.session.summary(set, &presentation(lang, redact), format)
    }
}

/// How many of the subjects of a tab's lists are in error: `inputs` as the adapter answers
/// `lists` (`[{ url, body, source }]`, oldest first), `tenants` as for
/// [`TriageSession::build`]; `{ org, inError, total }`.
#[wasm_bindgen]
pub fn triage_count(inputs: JsValue, tenants: JsValue) -> Result<JsValue, JsValue> {
    let inputs: serde_json::Value = serde_wasm_bindgen::from_value(inputs).map_err(js_error)?;
    let inputs: Vec<Input> = inputs
        .as_array()
        .ok_or("the inputs are not a list")
        .map_err(js_error)?
        .iter()
        .map(Input::from_value)
        .collect::<Result<_, _>>()
        .map_err(js_error)?;
    let (in_error, total, org) = session::count(
        inputs.iter().map(|i| (i.url.as_str(), i.body.as_str())),
        self::tenants(tenants),
    );
    Ok(js_object(&[
        ("org", org.map_or(JsValue::UNDEFINED, JsValue::from)),
        ("inError", (in_error as f64).into()),
        ("total", (total as f64).into()),
    ]))
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use js_sys::JSON;
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;
    use crate::view::triage::board::Board;

    const STATUSES: &str = include_str!("../../tests/fixtures/triage/org-statuses.json");
    const PLACES: &str = include_str!("../../tests/fixtures/triage/org-places.json");
    const ORG: &str = "1eb65fdf-9643-417f-9974-ad72cae0e10f";

    fn js(json: &str) -> JsValue {
        JSON::parse(json).expect("test JSON")
    }

    fn session() -> TriageSession {
        let mut session = TriageSession::new();
        for (body, name) in [(STATUSES, "statuses.json"), (PLACES, "places.json")] {
            session.add("files", "", body, name).expect("reads");
        }
        session
    }

    /// The tenants as `tenantsFor` hands them over, and none at all.
    #[wasm_bindgen_test]
    fn the_tenants_from_js_decide_the_groups() {
        let mut session = session();
        assert_eq!(session.org("files").as_deref(), Some(ORG));
        let build = session.build("files", js(r#"[{"name":"Contoso","domains":"example.com"}]"#));
        assert_eq!(
            build,
            session.build("files", js(r#"[{"name":"Contoso","domains":"example.com"}]"#))
        );
        let board: Board = serde_json::from_str(&session.board("files", "ja", false).unwrap().unwrap()).unwrap();
        assert_eq!(board.groups[0].diagnosis(), Some("domain-not-in-tenant"));
        assert!(
            board.groups[0].example.title.chars().any(|c| c > '\u{3000}'),
            "in Japanese"
        );
        assert_ne!(
            session.build("files", JsValue::UNDEFINED),
            build,
            "no tenants: built again"
        );
        let board: Board = serde_json::from_str(&session.board("files", "en", true).unwrap().unwrap()).unwrap();
        assert_eq!(board.groups[0].diagnosis(), Some("undetermined"));
        assert!(
            board.groups[0]
                .example
                .subject
                .email
                .as_deref()
                .unwrap()
                .contains("***@"),
            "masked"
        );
        assert_eq!(session.group_sizes("files"), [5, 1]);
        let rows: Vec<crate::triage::Row> = serde_json::from_str(&session.rows("files", 0, 3, 10).unwrap()).unwrap();
        assert_eq!(rows.len(), 2);
        assert!(session.csv("files", true).unwrap().starts_with("subject_id,"));
        assert!(session.summary("files", "en", true, "text").is_some());
        assert!(session.board("nothing", "en", false).unwrap().is_none());
        assert!(session.add("files", "", "{not json", "broken.json").is_err());
    }

    #[wasm_bindgen_test]
    fn counts_a_tabs_lists_as_the_adapter_answers_them() {
        let inputs = serde_json::json!([
            { "url": "", "body": STATUSES, "source": "fetch" },
            { "url": "", "body": PLACES, "source": "xhr" },
        ]);
        let count = triage_count(js(&inputs.to_string()), JsValue::UNDEFINED).unwrap();
        let read = |name: &str| js_sys::Reflect::get(&count, &name.into()).unwrap();
        assert_eq!(read("inError").as_f64(), Some(6.0));
        assert_eq!(read("total").as_f64(), Some(8.0));
        assert_eq!(read("org").as_string().as_deref(), Some(ORG));
        assert!(triage_count(js(r#"{"not":"a list"}"#), JsValue::UNDEFINED).is_err());
    }
}
