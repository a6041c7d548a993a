//! The analyzer page (`analyzer.html`): HAR and JSON files in — picked, dropped anywhere on the
//! page, or pasted — and the diagnosis out, with the banner's own finding nodes, each subject's
//! history, the matching requests, and the report that "Copy report" copies.
//!
//! Files are read by a worker (`analyzer-worker.js`): it reads with progress, reduces a HAR to
//! the entries the doctor reads (see [`crate::har::reduce`]) and later writes the redacted HAR, so
//! a 100 MB file never blocks this page. The page keeps only the reduced texts and re-diagnoses
//! from them as the admin types the email or the tenant's domains.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use js_sys::Reflect;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{
    Blob, Document, DragEvent, Element, File, HtmlAnchorElement, HtmlButtonElement, HtmlInputElement,
    HtmlSelectElement, HtmlTextAreaElement, MessageEvent, Url, Worker, WorkerOptions, WorkerType,
};

use super::dom::{self, Rendered};
use super::forms::{append, element, labelled, page};
use super::settings::Settings;
use super::{browser_offset, js_error, js_object};
use crate::diagnose::domain::parse_domain_list;
use crate::explain::catalog::*;
use crate::explain::redact::Redactor;
use crate::explain::report::{self, Format};
use crate::explain::{Presentation, Zone};
use crate::limits::MAX_HAR_BYTES;
use crate::view::analyzer;
use crate::{Analysis, Context};

const WORKER_URL: &str = "analyzer-worker.js";

/// One file or pasted text, as the page keeps it (a HAR already reduced by the worker).
struct Loaded {
    name: String,
    text: String,
    /// The worker's id of a HAR it keeps for "Download redacted HAR".
    har_id: Option<u32>,
}

/// The page's controls, built once.
struct Controls {
    document: Document,
    lang: Lang,
    /// Screen-share mode: email local parts and ids masked on screen.
    screen_share: Cell<bool>,
    status: Element,
    progress: Element,
    files: Element,
    results: Element,
    email: HtmlInputElement,
    tenant: HtmlTextAreaElement,
    redact: HtmlInputElement,
    format: HtmlSelectElement,
    report: HtmlTextAreaElement,
    download: HtmlButtonElement,
    paste: HtmlTextAreaElement,
}

#[derive(Default)]
struct State {
    loaded: Vec<Loaded>,
    /// Everything loaded, decoded once (dropped when a file comes in); with the inputs that could
    /// not be read. Typing the email or the domains only diagnoses again.
    decoded: Option<(Analysis, Vec<String>)>,
    next_id: u32,
    pasted: u32,
    rendered: Option<Rendered>,
}

struct Page {
    controls: Controls,
    state: RefCell<State>,
    worker: Worker,
}

/// The running analyzer; dropping it removes its listeners and stops the worker.
#[wasm_bindgen]
pub struct AnalyzerApp {
    page: Rc<Page>,
    _listeners: Vec<EventListener>,
}

#[wasm_bindgen]
impl AnalyzerApp {
    /// Screen-share mode switched on or off (from the popup, the options or the shortcut).
    pub fn set_screen_share(&self, on: bool) {
        self.page.controls.screen_share.set(on);
        self.page.analyze();
    }
}

impl Drop for AnalyzerApp {
    fn drop(&mut self) {
        self.page.worker.terminate();
    }
}

/// Builds the analyzer into `root` and starts it with `settings` (see [`Settings`]; `lang` is a
/// resolved language tag; anything unreadable falls back to the defaults). Keep the returned
/// object alive.
#[wasm_bindgen]
pub fn start_analyzer(root: Element, settings: JsValue) -> Result<AnalyzerApp, JsValue> {
    let settings: Settings = serde_wasm_bindgen::from_value(settings).unwrap_or_default();
    let lang = Lang::from_tag(&settings.lang);
    let document = page(&root, lang, Some(ANALYZER_TITLE.text(lang)))?;
    let controls = build(&document, &root, lang, &settings)?;
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker = Worker::new_with_options(WORKER_URL, &options)?;
    let page = Rc::new(Page {
        controls,
        state: RefCell::new(State::default()),
        worker,
    });
    let listeners = listen(&page)?;
    page.analyze();
    Ok(AnalyzerApp {
        page,
        _listeners: listeners,
    })
}

/// The page's skeleton. Every text is the catalogue's; nothing comes from data.
fn build(document: &Document, root: &Element, lang: Lang, settings: &Settings) -> Result<Controls, JsValue> {
    let t = |msg: Msg| msg.text(lang);

    let header = element(document, "header", "page-header", None)?;
    append(
        &header,
        &[
            &element(document, "h1", "", Some(t(ANALYZER_TITLE)))?,
            &element(document, "p", "intro", Some(t(ANALYZER_INTRO)))?,
        ],
    )?;

    let input = element(document, "section", "input", None)?;
    let drop_line = element(document, "p", "drop", Some(t(ANALYZER_DROP)))?;
    let file: HtmlInputElement = element(document, "input", "", None)?.dyn_into()?;
    file.set_type("file");
    file.set_multiple(true);
    file.set_accept(".har,.json,application/json,text/plain");
    file.set_id("file");
    file.set_attribute("data-caldoctor", "file")?;
    let choose = element(document, "label", "button", Some(t(ANALYZER_CHOOSE)))?;
    choose.set_attribute("for", "file")?;
    drop_line.append_with_str_1(" ")?;
    append(&drop_line, &[&choose, &file])?;
    let paste: HtmlTextAreaElement = element(document, "textarea", "paste", None)?.dyn_into()?;
    paste.set_rows(4);
    paste.set_attribute("data-caldoctor", "paste")?;
    let paste_button = element(document, "button", "", Some(t(ANALYZER_PASTE_BUTTON)))?;
    paste_button.set_attribute("type", "button")?;
    paste_button.set_id("analyze-paste");
    let status = element(document, "p", "status", Some(t(ANALYZER_EMPTY)))?;
    status.set_attribute("role", "status")?;
    status.set_attribute("data-caldoctor", "status")?;
    let progress = element(document, "progress", "", None)?;
    progress.set_attribute("max", "100")?;
    progress.set_attribute("hidden", "")?;
    let files = element(document, "ul", "files", None)?;
    files.set_attribute("data-caldoctor", "files")?;
    files.set_attribute("aria-label", t(ANALYZER_FILES))?;
    append(&input, &[&drop_line])?;
    append(
        &input,
        &[
            &labelled(document, "paste", t(ANALYZER_PASTE_LABEL), &paste)?,
            &paste_button,
            &progress,
            &status,
        ],
    )?;
    append(&input, &[&files])?;

    let context = element(document, "section", "context", None)?;
    let email: HtmlInputElement = element(document, "input", "", None)?.dyn_into()?;
    email.set_type("email");
    email.set_attribute("autocomplete", "off")?;
    email.set_attribute("spellcheck", "false")?;
    let tenant: HtmlTextAreaElement = element(document, "textarea", "", None)?.dyn_into()?;
    tenant.set_rows(3);
    tenant.set_attribute("spellcheck", "false")?;
    append(
        &context,
        &[
            &element(document, "h2", "", Some(t(ANALYZER_CONTEXT)))?,
            &labelled(document, "email", t(ANALYZER_EMAIL_LABEL), &email)?,
            &labelled(document, "tenant", t(ANALYZER_TENANT_LABEL), &tenant)?,
        ],
    )?;

    let results = element(document, "div", "results", None)?;
    results.set_attribute("data-caldoctor", "results")?;

    let report_section = element(document, "section", "report", None)?;
    let redact: HtmlInputElement = element(document, "input", "", None)?.dyn_into()?;
    redact.set_type("checkbox");
    redact.set_checked(settings.redact);
    let redact_label = element(document, "label", "check", None)?;
    append(&redact_label, &[&redact])?;
    redact_label.append_with_str_1(t(ANALYZER_REDACT_LABEL))?;
    redact.set_attribute("data-caldoctor", "redact")?;
    let format: HtmlSelectElement = element(document, "select", "", None)?.dyn_into()?;
    for (value, label) in [("markdown", ANALYZER_FORMAT_MARKDOWN), ("text", ANALYZER_FORMAT_TEXT)] {
        let option = element(document, "option", "", Some(t(label)))?;
        option.set_attribute("value", value)?;
        append(&format, &[&option])?;
    }
    format.set_attribute("data-caldoctor", "format")?;
    format.set_value(if settings.format == "text" { "text" } else { "markdown" });
    let report: HtmlTextAreaElement = element(document, "textarea", "", None)?.dyn_into()?;
    report.set_read_only(true);
    report.set_rows(14);
    report.set_attribute("data-caldoctor", "report")?;
    report.set_attribute("spellcheck", "false")?;
    let copy = element(document, "button", "", Some(BANNER_COPY_REPORT.text(lang)))?;
    copy.set_attribute("type", "button")?;
    copy.set_id("copy-report");
    let download: HtmlButtonElement = element(document, "button", "", Some(t(ANALYZER_DOWNLOAD_HAR)))?.dyn_into()?;
    download.set_type("button");
    download.set_id("download-har");
    download.set_disabled(true);
    let copy_status = element(document, "span", "copy-status", None)?;
    copy_status.set_id("copy-status");
    copy_status.set_attribute("role", "status")?;
    let options = element(document, "div", "report-options", None)?;
    append(
        &options,
        &[
            &redact_label,
            &labelled(document, "format", t(ANALYZER_FORMAT_LABEL), &format)?,
        ],
    )?;
    let actions = element(document, "div", "actions", None)?;
    append(&actions, &[&copy, &download, &copy_status])?;
    append(
        &report_section,
        &[
            &element(document, "h2", "", Some(t(ANALYZER_REPORT)))?,
            &element(document, "p", "muted", Some(t(ANALYZER_REPORT_HINT)))?,
            &options,
            &labelled(document, "report", t(ANALYZER_REPORT_PREVIEW), &report)?,
        ],
    )?;
    append(&report_section, &[&actions])?;

    append(root, &[&header, &input, &context, &results, &report_section])?;
    Ok(Controls {
        document: document.clone(),
        lang,
        screen_share: Cell::new(settings.screen_share),
        status,
        progress,
        files,
        results,
        email,
        tenant,
        redact,
        format,
        report,
        download,
        paste,
    })
}

fn listen(page: &Rc<Page>) -> Result<Vec<EventListener>, JsValue> {
    let c = &page.controls;
    let document = &c.document;
    let by_id = |id: &str| -> Result<web_sys::EventTarget, JsValue> {
        let element = document
            .get_element_by_id(id)
            .ok_or_else(|| js_error(format!("#{id} missing")))?;
        Ok(element.into())
    };
    let mut listeners = Vec::new();
    let on = |target: &web_sys::EventTarget, event: &'static str, page: &Rc<Page>, f: fn(&Page, &web_sys::Event)| {
        let page = page.clone();
        EventListener::new(target, event, move |e| f(&page, e))
    };

    listeners.push(on(&by_id("file")?, "change", page, |page, event| {
        let Some(input) = event.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else {
            return;
        };
        if let Some(files) = input.files() {
            for i in 0..files.length() {
                if let Some(file) = files.get(i) {
                    page.read(&file);
                }
            }
        }
        input.set_value(""); // the same file can be picked again
    }));
    // Dropping anywhere on the page: the browser must not open the file instead.
    let active = EventListenerOptions::enable_prevent_default();
    listeners.push(EventListener::new_with_options(document, "dragover", active, |e| {
        e.prevent_default()
    }));
    {
        let page = page.clone();
        listeners.push(EventListener::new_with_options(document, "drop", active, move |e| {
            e.prevent_default();
            let files = e
                .dyn_ref::<DragEvent>()
                .and_then(DragEvent::data_transfer)
                .and_then(|d| d.files());
            if let Some(files) = files {
                for i in 0..files.length() {
                    if let Some(file) = files.get(i) {
                        page.read(&file);
                    }
                }
            }
        }));
    }
    listeners.push(on(&by_id("analyze-paste")?, "click", page, |page, _| page.paste()));
    for control in [
        page.controls.email.unchecked_ref::<web_sys::EventTarget>(),
        page.controls.tenant.unchecked_ref(),
    ] {
        listeners.push(on(control, "input", page, |page, _| page.analyze()));
    }
    for control in [
        page.controls.redact.unchecked_ref::<web_sys::EventTarget>(),
        page.controls.format.unchecked_ref(),
    ] {
        listeners.push(on(control, "change", page, |page, _| page.analyze()));
    }
    listeners.push(on(&by_id("copy-report")?, "click", page, |page, event| {
        if let Some(button) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) {
            let lang = page.controls.lang;
            let done = if page.controls.redact.checked() {
                BANNER_REPORT_COPIED_REDACTED
            } else {
                BANNER_REPORT_COPIED
            };
            dom::copy_then_say(
                Rc::from(page.controls.report.value().as_str()),
                button,
                done.text(lang),
                BANNER_COPY_FAILED.text(lang),
            );
        }
    }));
    listeners.push(on(&by_id("download-har")?, "click", page, |page, _| {
        page.request_redacted()
    }));
    listeners.push(on(&page.worker, "message", page, |page, event| {
        if let Some(message) = event.dyn_ref::<MessageEvent>() {
            page.on_worker(&message.data());
        }
    }));
    Ok(listeners)
}

fn field(value: &JsValue, name: &str) -> JsValue {
    Reflect::get(value, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

fn text_field(value: &JsValue, name: &str) -> String {
    field(value, name).as_string().unwrap_or_default()
}

fn size_label(bytes: f64) -> String {
    match bytes {
        b if b >= 1024.0 * 1024.0 => format!("{:.1} MB", b / 1024.0 / 1024.0),
        b if b >= 1024.0 => format!("{:.1} KB", b / 1024.0),
        b => format!("{b} B"),
    }
}

impl Page {
    fn say(&self, text: &str) {
        self.controls.status.set_text_content(Some(text));
    }

    fn progress(&self, percent: Option<f64>) {
        let bar = &self.controls.progress;
        match percent {
            Some(p) => {
                let _ = bar.set_attribute("value", &format!("{p:.0}"));
                let _ = bar.remove_attribute("hidden");
            }
            None => {
                let _ = bar.set_attribute("hidden", "");
            }
        }
    }

    fn list_file(&self, text: &str, error: bool) {
        if let Ok(item) = element(
            &self.controls.document,
            "li",
            if error { "error" } else { "" },
            Some(text),
        ) {
            let _ = self.controls.files.append_with_node_1(&item);
        }
    }

    /// Hands `file` to the worker, which answers with progress and then the (reduced) text.
    fn read(&self, file: &File) {
        let lang = self.controls.lang;
        let name = file.name();
        if file.size() > MAX_HAR_BYTES as f64 {
            let message =
                ANALYZER_TOO_LARGE.fill(lang, &[("name", &name), ("limit", &size_label(MAX_HAR_BYTES as f64))]);
            self.say(&message);
            self.list_file(&message, true);
            return;
        }
        let id = {
            let mut state = self.state.borrow_mut();
            state.next_id += 1;
            state.next_id
        };
        let message = js_object(&[("type", "read".into()), ("id", id.into()), ("file", file.into())]);
        self.say(&ANALYZER_READING.fill(lang, &[("name", &name), ("percent", "0")]));
        self.progress(Some(0.0));
        if let Err(error) = self.worker.post_message(&message) {
            self.say(&ANALYZER_FILE_ERROR.fill(lang, &[("name", &name), ("error", &format!("{error:?}"))]));
        }
    }

    fn paste(&self) {
        let text = self.controls.paste.value();
        if text.trim().is_empty() {
            return;
        }
        let name = {
            let mut state = self.state.borrow_mut();
            state.pasted += 1;
            ANALYZER_PASTED_NAME.fill(self.controls.lang, &[("number", &state.pasted.to_string())])
        };
        self.list_file(
            &ANALYZER_FILE_JSON.fill(
                self.controls.lang,
                &[("name", &name), ("size", &size_label(text.len() as f64))],
            ),
            false,
        );
        let mut state = self.state.borrow_mut();
        state.loaded.push(Loaded {
            name,
            text,
            har_id: None,
        });
        state.decoded = None;
        drop(state);
        self.controls.paste.set_value("");
        self.analyze();
    }

    fn on_worker(&self, message: &JsValue) {
        let lang = self.controls.lang;
        let name = text_field(message, "name");
        match text_field(message, "type").as_str() {
            "progress" => {
                let (loaded, total) = (field(message, "loaded").as_f64(), field(message, "total").as_f64());
                let percent = match (loaded, total) {
                    (Some(l), Some(t)) if t > 0.0 => (l / t * 100.0).min(100.0),
                    _ => 0.0,
                };
                self.progress(Some(percent));
                self.say(&ANALYZER_READING.fill(lang, &[("name", &name), ("percent", &format!("{percent:.0}"))]));
            }
            "reducing" => self.say(&ANALYZER_REDUCING.fill(lang, &[("name", &name)])),
            "read" => {
                self.progress(None);
                let har = field(message, "har").as_bool().unwrap_or(false);
                let size = size_label(field(message, "size").as_f64().unwrap_or(0.0));
                let line = if har {
                    let kept = field(message, "kept").as_f64().unwrap_or(0.0).to_string();
                    ANALYZER_FILE_READ.fill(lang, &[("name", &name), ("size", &size), ("count", &kept)])
                } else {
                    ANALYZER_FILE_JSON.fill(lang, &[("name", &name), ("size", &size)])
                };
                self.list_file(&line, false);
                let har_id = har.then(|| field(message, "id").as_f64().unwrap_or(0.0) as u32);
                let mut state = self.state.borrow_mut();
                state.loaded.push(Loaded {
                    name,
                    text: text_field(message, "text"),
                    har_id,
                });
                state.decoded = None;
                drop(state);
                self.analyze();
            }
            "redacted" => {
                let blob: Option<Blob> = field(message, "blob").dyn_into().ok();
                let file_name = format!("{}.redacted.har", name.trim_end_matches(".har"));
                if let Some(blob) = blob {
                    self.save(&blob, &file_name);
                }
                let entries = field(message, "entries").as_f64().unwrap_or(0.0).to_string();
                let removed = field(message, "removed").as_f64().unwrap_or(0.0).to_string();
                self.say(&ANALYZER_REDACTED_DONE.fill(
                    lang,
                    &[("name", &file_name), ("entries", &entries), ("removed", &removed)],
                ));
            }
            "error" => {
                self.progress(None);
                let text = if text_field(message, "reason") == "not-kept" {
                    ANALYZER_NOT_KEPT.text(lang).to_string()
                } else {
                    ANALYZER_FILE_ERROR.fill(lang, &[("name", &name), ("error", &text_field(message, "message"))])
                };
                self.say(&text);
                self.list_file(&text, true);
            }
            _ => {}
        }
    }

    /// Asks the worker for the redacted version of every HAR loaded.
    fn request_redacted(&self) {
        let ids: Vec<u32> = self.state.borrow().loaded.iter().filter_map(|l| l.har_id).collect();
        for id in ids {
            let _ = self
                .worker
                .post_message(&js_object(&[("type", "redact".into()), ("id", id.into())]));
        }
    }

    /// Offers `blob` as a download named `name`.
    fn save(&self, blob: &Blob, name: &str) {
        let Ok(url) = Url::create_object_url_with_blob(blob) else {
            return;
        };
        if let Ok(link) = self.controls.document.create_element("a")
            && let Ok(link) = link.dyn_into::<HtmlAnchorElement>()
        {
            link.set_href(&url);
            link.set_download(name);
            link.click();
        }
        let _ = Url::revoke_object_url(&url);
    }

    /// Diagnoses everything loaded with the context typed in, and shows it.
    fn analyze(&self) {
        let c = &self.controls;
        let lang = c.lang;
        let cached = self.state.borrow_mut().decoded.take();
        let (analysis, load_errors) = cached.unwrap_or_else(|| {
            let mut analysis = Analysis::new();
            let mut errors = Vec::new();
            for loaded in &self.state.borrow().loaded {
                if let Err(error) = analysis.add("", &loaded.text, &loaded.name) {
                    errors
                        .push(ANALYZER_FILE_ERROR.fill(lang, &[("name", &loaded.name), ("error", &error.to_string())]));
                }
            }
            (analysis, errors)
        });
        let context = Context {
            email: Some(c.email.value()).filter(|e| !e.trim().is_empty()),
            tenant_domains: parse_domain_list(&c.tenant.value()),
        };
        let presentation = |redact: bool| Presentation {
            lang,
            zone: Zone::from_fn(browser_offset),
            redactor: Redactor::new(redact),
        };
        let outcome = analysis.diagnose(&context);
        let masked = c.screen_share.get();
        let shown = analysis.explain_outcome(&outcome, &presentation(masked));
        let redact = c.redact.checked();
        let copied = if redact == masked {
            shown.clone()
        } else {
            analysis.explain_outcome(&outcome, &presentation(redact))
        };
        let format = if c.format.value() == "text" {
            Format::Text
        } else {
            Format::Markdown
        };
        let has_input = !self.state.borrow().loaded.is_empty();
        c.report.set_value(&if has_input {
            report::render(&copied, &analysis.inputs, format, redact)
        } else {
            String::new()
        });
        c.download
            .set_disabled(!self.state.borrow().loaded.iter().any(|l| l.har_id.is_some()));

        let nodes = if has_input {
            analyzer::results(&shown, masked)
        } else {
            Vec::new()
        };
        let previous = self.state.borrow_mut().rendered.take();
        drop(previous); // its listeners go with it
        let render_error = match dom::render_into(&c.document, &c.results, &nodes, "") {
            Ok(rendered) => {
                self.state.borrow_mut().rendered = Some(rendered);
                None
            }
            Err(error) => Some(format!("{error:?}")),
        };
        let last_error = render_error.or_else(|| load_errors.last().cloned());
        self.state.borrow_mut().decoded = Some((analysis, load_errors));
        if let Some(error) = last_error {
            self.say(&error);
        } else if has_input {
            self.say(&ANALYZER_DONE.fill(lang, &[("count", &shown.findings.len().to_string())]));
        }
    }
}
