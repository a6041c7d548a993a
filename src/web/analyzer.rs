//! The analyzer page (`analyzer.html`): HAR and JSON files in — picked, dropped anywhere on the
//! page, or pasted — and the diagnosis out, with the banner's own finding nodes, each subject's
//! history, the matching requests, and the report that "Copy report" copies. The page and its
//! results are trees of [`crate::view::analyzer`]; this mounts them and wires the controls.
//!
//! Files are read by a worker (`analyzer-worker.js`): it reads with progress, reduces a HAR to
//! the entries the doctor reads (see [`crate::har::reduce`]) and later writes the redacted HAR, so
//! a 100 MB file never blocks this page. The page keeps only the reduced texts and re-diagnoses
//! from them as the admin types the email or the tenant's domains.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{
    Blob, Document, Element, EventTarget, File, HtmlButtonElement, HtmlInputElement, HtmlSelectElement,
    HtmlTextAreaElement, MessageEvent, Worker,
};

use super::clipboard::copy_then_say;
use super::files::{by_id, field, listen_for_files, pages_worker, percent, save, size_label, text_field};
use super::mount::{Mounted, mount, mount_page};
use super::{browser_offset, js_error, js_object};
use crate::diagnose::tenant::Tenant;
use crate::explain::Zone;
use crate::explain::catalog::*;
use crate::explain::report::Format;
use crate::limits::MAX_HAR_BYTES;
use crate::protocol::worker;
use crate::view::analyzer::{self, id, results::results};
use crate::view::preferences::{Choices, Preferences};
use crate::{Analysis, Context};

/// One file or pasted text, as the page keeps it (a HAR already reduced by the worker).
struct Loaded {
    name: String,
    text: String,
    /// The worker's id of a HAR it keeps for "Download redacted HAR".
    har_id: Option<u32>,
}

/// The skeleton's controls, found once it is mounted.
struct Controls {
    document: Document,
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
    /// The lines of the file list.
    listed: Mounted,
    /// The results shown.
    shown: Option<Mounted>,
}

struct Page {
    controls: Controls,
    /// The settings' preferences, then as the admin switches redaction, format or screen sharing.
    preferences: Cell<Preferences>,
    state: RefCell<State>,
    worker: Worker,
    _skeleton: Mounted,
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
        self.page.change(|preferences| preferences.mask = on);
    }
}

impl Drop for AnalyzerApp {
    fn drop(&mut self) {
        self.page.worker.terminate();
    }
}

/// Builds the analyzer into `root` and starts it with `settings` (`{ lang, redact, format,
/// screenShare }`, `lang` a resolved language tag; anything unreadable is the protocol's
/// defaults). Keep the returned object alive.
#[wasm_bindgen]
pub fn start_analyzer(root: Element, settings: JsValue) -> Result<AnalyzerApp, JsValue> {
    let choices: Choices = serde_wasm_bindgen::from_value(settings).unwrap_or_default();
    let preferences = choices.preferences();
    let skeleton = mount_page(&root, &analyzer::page(&preferences))?;
    let document = root.owner_document().ok_or_else(|| js_error("no document"))?;
    let controls = Controls {
        status: by_id(&document, id::STATUS)?,
        progress: by_id(&document, id::PROGRESS)?,
        files: by_id(&document, id::FILES)?,
        results: by_id(&document, id::RESULTS)?,
        email: by_id(&document, id::EMAIL)?,
        tenant: by_id(&document, id::TENANT)?,
        redact: by_id(&document, id::REDACT)?,
        format: by_id(&document, id::FORMAT)?,
        report: by_id(&document, id::REPORT)?,
        download: by_id(&document, id::DOWNLOAD_HAR)?,
        paste: by_id(&document, id::PASTE)?,
        document,
    };
    let worker = pages_worker()?;
    let page = Rc::new(Page {
        controls,
        preferences: Cell::new(preferences),
        state: RefCell::new(State::default()),
        worker,
        _skeleton: skeleton,
    });
    let listeners = listen(&page)?;
    page.analyze();
    Ok(AnalyzerApp {
        page,
        _listeners: listeners,
    })
}

fn listen(page: &Rc<Page>) -> Result<Vec<EventListener>, JsValue> {
    let document = &page.controls.document;
    let target = |id: &str| by_id::<EventTarget>(document, id);
    let mut listeners = Vec::new();
    let on = |target: &EventTarget, event: &'static str, page: &Rc<Page>, f: fn(&Page, &web_sys::Event)| {
        let page = page.clone();
        EventListener::new(target, event, move |e| f(&page, e))
    };

    {
        let page = page.clone();
        let read = Rc::new(move |files: Vec<File>| files.iter().for_each(|file| page.read(file)));
        listeners.extend(listen_for_files(document, id::FILE, read)?);
    }
    listeners.push(on(&target(id::ANALYZE_PASTE)?, "click", page, |page, _| page.paste()));
    for control in [id::EMAIL, id::TENANT] {
        listeners.push(on(&target(control)?, "input", page, |page, _| page.analyze()));
    }
    listeners.push(on(&target(id::REDACT)?, "change", page, |page, _| {
        let redact = page.controls.redact.checked();
        page.change(|preferences| preferences.redact = redact);
    }));
    listeners.push(on(&target(id::FORMAT)?, "change", page, |page, _| {
        if let Some(format) = Format::from_word(&page.controls.format.value()) {
            page.change(|preferences| preferences.format = format);
        }
    }));
    listeners.push(on(&target(id::COPY_REPORT)?, "click", page, |page, event| {
        if let Some(button) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) {
            let preferences = page.preferences.get();
            let done = if preferences.redact {
                BANNER_REPORT_COPIED_REDACTED
            } else {
                BANNER_REPORT_COPIED
            };
            copy_then_say(
                Rc::from(page.controls.report.value().as_str()),
                button,
                done.text(preferences.lang),
                BANNER_COPY_FAILED.text(preferences.lang),
            );
        }
    }));
    listeners.push(on(&target(id::DOWNLOAD_HAR)?, "click", page, |page, _| {
        page.request_redacted()
    }));
    listeners.push(on(&page.worker, "message", page, |page, event| {
        if let Some(message) = event.dyn_ref::<MessageEvent>() {
            page.on_worker(&message.data());
        }
    }));
    Ok(listeners)
}

impl Page {
    fn lang(&self) -> Lang {
        self.preferences.get().lang
    }

    /// Changes the preferences, then shows the diagnosis as they now say.
    fn change(&self, change: impl FnOnce(&mut Preferences)) {
        let mut preferences = self.preferences.get();
        change(&mut preferences);
        self.preferences.set(preferences);
        self.analyze();
    }

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
        let line = analyzer::file_line(text, error);
        let _ = self.state.borrow_mut().listed.append(&self.controls.files, &line);
    }

    /// Hands `file` to the worker, which answers with progress and then the (reduced) text.
    fn read(&self, file: &File) {
        let lang = self.lang();
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
        let message = js_object(&[("type", worker::READ.into()), ("id", id.into()), ("file", file.into())]);
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
            ANALYZER_PASTED_NAME.fill(self.lang(), &[("number", &state.pasted.to_string())])
        };
        self.list_file(
            &ANALYZER_FILE_JSON.fill(
                self.lang(),
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
        let lang = self.lang();
        let name = text_field(message, "name");
        match text_field(message, "type").as_str() {
            worker::PROGRESS => {
                let percent = percent(message);
                self.progress(Some(percent));
                self.say(&ANALYZER_READING.fill(lang, &[("name", &name), ("percent", &format!("{percent:.0}"))]));
            }
            worker::REDUCING => self.say(&ANALYZER_REDUCING.fill(lang, &[("name", &name)])),
            worker::READ => {
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
            worker::REDACTED => {
                let blob: Option<Blob> = field(message, "blob").dyn_into().ok();
                let file_name = format!("{}.redacted.har", name.trim_end_matches(".har"));
                if let Some(blob) = blob {
                    save(&self.controls.document, &blob, &file_name);
                }
                let entries = field(message, "entries").as_f64().unwrap_or(0.0).to_string();
                let removed = field(message, "removed").as_f64().unwrap_or(0.0).to_string();
                self.say(&ANALYZER_REDACTED_DONE.fill(
                    lang,
                    &[("name", &file_name), ("entries", &entries), ("removed", &removed)],
                ));
            }
            worker::ERROR => {
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
                .post_message(&js_object(&[("type", worker::REDACT.into()), ("id", id.into())]));
        }
    }

    /// Diagnoses everything loaded with the context typed in, and shows it.
    fn analyze(&self) {
        let c = &self.controls;
        let preferences = self.preferences.get();
        let lang = preferences.lang;
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
            tenants: vec![Tenant::from_details(None, &c.tenant.value())],
        };
        let presented = preferences.present(&analysis, &context, Zone::from_fn(browser_offset));
        let has_input = !self.state.borrow().loaded.is_empty();
        c.report.set_value(if has_input { &presented.report } else { "" });
        c.download
            .set_disabled(!self.state.borrow().loaded.iter().any(|l| l.har_id.is_some()));

        let nodes = if has_input {
            let subjects = crate::view::triage::board::status_subjects(&analysis.observed);
            analyzer::triage_note(subjects, lang)
                .into_iter()
                .chain(results(&presented.shown, &preferences))
                .collect()
        } else {
            Vec::new()
        };
        let previous = self.state.borrow_mut().shown.take();
        drop(previous); // its listeners go with it
        let render_error = match mount(&c.results, &nodes) {
            Ok(mounted) => {
                self.state.borrow_mut().shown = Some(mounted);
                None
            }
            Err(error) => Some(format!("{error:?}")),
        };
        let last_error = render_error.or_else(|| load_errors.last().cloned());
        self.state.borrow_mut().decoded = Some((analysis, load_errors));
        if let Some(error) = last_error {
            self.say(&error);
        } else if has_input {
            self.say(&ANALYZER_DONE.fill(lang, &[("count", &presented.shown.findings.len().to_string())]));
        }
    }
}
