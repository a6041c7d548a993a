//! The triage page (`triage.html`): a tab's org-wide lists (handed over by `triage.js`, which
//! asked the tab's adapter) and the files opened on the page, triaged by the pages' worker
//! (`view::triage::session`, served by `web::triage_worker`) — the page never decodes nor
//! diagnoses, so 40,000 subjects never stall it. It holds the triage in words and its rows,
//! filters and sorts them (`view::triage::listing`) and builds each group's list as it is
//! scrolled (`view::triage::window`); the trees are `view::triage`'s.

use std::cell::{Cell, RefCell};
use std::ops::Range;
use std::rc::Rc;

use gloo_events::EventListener;
use js_sys::Function;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{
    Blob, BlobPropertyBag, Document, Element, EventTarget, File, HtmlButtonElement, HtmlElement, HtmlInputElement,
    HtmlSelectElement, HtmlTextAreaElement, KeyboardEvent, MessageEvent, Worker,
};

use super::clipboard::copy_then_say;
use super::files::{by_id, field, listen_for_files, pages_worker, percent, save, size_label, text_field};
use super::mount::{Mounted, mount, mount_page};
use super::{browser_offset, js_error, js_object};
use crate::explain::catalog::*;
use crate::explain::redact::Redactor;
use crate::explain::report::Format;
use crate::explain::{Presentation, Zone};
use crate::limits::MAX_HAR_BYTES;
use crate::protocol::worker;
use crate::triage::Row;
use crate::view::preferences::{Choices, Preferences};
use crate::view::triage::board::Board;
use crate::view::triage::listing::{Filter, Listing, Sort};
use crate::view::triage::window::{self, Key};
use crate::view::triage::{self as view, Source, id};

/// The set of the files opened on the page; a tab's organizations are sets of their own.
const FILES_SET: &str = "files";

/// The skeleton's controls, found once it is mounted.
struct Controls {
    document: Document,
    status: Element,
    files: Element,
    org_slot: Element,
    filters: Element,
    kind: HtmlSelectElement,
    cause_slot: Element,
    domain_slot: Element,
    search: HtmlInputElement,
    sort: HtmlSelectElement,
    results: Element,
    redact: HtmlInputElement,
    format: HtmlSelectElement,
    summary: HtmlTextAreaElement,
    download: HtmlButtonElement,
    copy: HtmlButtonElement,
}

/// One list the page can show.
struct Listed {
    key: String,
    source: Source,
    /// Inputs handed to the worker and not yet read: the set is triaged when none is left.
    pending: usize,
    /// Whose statuses the worker found in it (the files name no org of their own).
    org: Option<String>,
}

/// A group's list as built: its listeners and rows go with it.
struct GroupList {
    viewport: Element,
    spacer: Element,
    grid: Element,
    /// The built rows, and which of the shown ones they are.
    rows: Option<Mounted>,
    built: Range<usize>,
    active: Option<usize>,
    _listeners: Vec<EventListener>,
    _grid: Mounted,
}

#[derive(Default)]
struct State {
    sources: Vec<Listed>,
    selected: Option<usize>,
    next_id: u32,
    /// The selected list's triage in words, its build, and its rows as they arrive.
    board: Option<Board>,
    build: Option<u32>,
    listing: Listing,
    /// Every group's rows have arrived.
    complete: bool,
    filter: Filter,
    sort: Sort,
    /// Per group, the row positions the filters show, in the sort's order.
    shown: Vec<Vec<u32>>,
    lists: Vec<Option<GroupList>>,
    /// What is mounted outside the skeleton.
    file_lines: Mounted,
    org_field: Option<Mounted>,
    fields: Option<(Mounted, Mounted)>,
    board_nodes: Option<Mounted>,
}

struct Page {
    controls: Controls,
    preferences: Cell<Preferences>,
    /// `tenantsFor(org)` of `shared/settings.js`, read anew at each build.
    tenants_for: Function,
    state: RefCell<State>,
    worker: Worker,
    /// The page itself, for the listeners of the lists it builds (weak: they live in its state).
    this: RefCell<std::rc::Weak<Page>>,
    _skeleton: Mounted,
}

/// The running triage page; dropping it removes its listeners and stops the worker.
#[wasm_bindgen]
pub struct TriageApp {
    page: Rc<Page>,
    _listeners: Vec<EventListener>,
}

impl Drop for TriageApp {
    fn drop(&mut self) {
        self.page.worker.terminate();
    }
}

#[wasm_bindgen]
impl TriageApp {
    /// The tab is being asked for its lists.
    pub fn asking(&self) {
        self.page.say(TRIAGE_PAGE_ASKING.text(self.page.lang()));
    }

    /// The tab's answer to `lists`: `[{ org, subjects, inputs: [{ url, body, source }] }]`.
    pub fn set_lists(&self, orgs: JsValue) {
        self.page.set_lists(&orgs);
    }

    /// The tab could not be asked (closed, reloaded, not Control Hub).
    pub fn tab_unreachable(&self) {
        self.page.say(TRIAGE_PAGE_TAB_UNREACHABLE.text(self.page.lang()));
    }

    /// Screen-share mode switched on or off (from the popup, the options or the shortcut).
    pub fn set_screen_share(&self, on: bool) {
        let mut preferences = self.page.preferences.get();
        if preferences.mask != on {
            preferences.mask = on;
            self.page.preferences.set(preferences);
            self.page.request_build();
        }
    }

    /// The stored tenants changed: triage again with them.
    pub fn tenants_changed(&self) {
        self.page.request_build();
    }
}

/// Builds the triage page into `root` and starts it with `settings` (`{ lang, redact, format,
/// screenShare }`, `lang` a resolved tag; anything unreadable is the protocol's defaults) and
/// `tenants_for` (`org => BannerTenant[] | undefined`). Keep the returned object alive.
#[wasm_bindgen]
pub fn start_triage(root: Element, settings: JsValue, tenants_for: Function) -> Result<TriageApp, JsValue> {
    let choices: Choices = serde_wasm_bindgen::from_value(settings).unwrap_or_default();
    let preferences = choices.preferences();
    let skeleton = mount_page(&root, &view::page(&preferences))?;
    let document = root.owner_document().ok_or_else(|| js_error("no document"))?;
    let controls = Controls {
        status: by_id(&document, id::STATUS)?,
        files: by_id(&document, id::FILES)?,
        org_slot: by_id(&document, id::ORG_SLOT)?,
        filters: by_id(&document, id::FILTERS)?,
        kind: by_id(&document, id::KIND)?,
        cause_slot: by_id(&document, id::CAUSE_SLOT)?,
        domain_slot: by_id(&document, id::DOMAIN_SLOT)?,
        search: by_id(&document, id::SEARCH)?,
        sort: by_id(&document, id::SORT)?,
        results: by_id(&document, id::RESULTS)?,
        redact: by_id(&document, id::REDACT)?,
        format: by_id(&document, id::FORMAT)?,
        summary: by_id(&document, id::SUMMARY)?,
        download: by_id(&document, id::DOWNLOAD_CSV)?,
        copy: by_id(&document, id::COPY_SUMMARY)?,
        document,
    };
    let worker = pages_worker()?;
    let page = Rc::new(Page {
        controls,
        preferences: Cell::new(preferences),
        tenants_for,
        state: RefCell::new(State::default()),
        worker,
        this: RefCell::new(std::rc::Weak::new()),
        _skeleton: skeleton,
    });
    *page.this.borrow_mut() = Rc::downgrade(&page);
    let listeners = listen(&page)?;
    Ok(TriageApp {
        page,
        _listeners: listeners,
    })
}

fn listen(page: &Rc<Page>) -> Result<Vec<EventListener>, JsValue> {
    let c = &page.controls;
    let mut listeners = Vec::new();
    let on = |target: &EventTarget, event: &'static str, page: &Rc<Page>, f: fn(&Page, &web_sys::Event)| {
        let page = page.clone();
        EventListener::new(target, event, move |e| f(&page, e))
    };
    {
        let page = page.clone();
        listeners.extend(listen_for_files(
            &c.document,
            id::FILE,
            Rc::new(move |files| page.read_files(files)),
        )?);
    }
    // The organization, cause and domain pickers are built with each list: heard on their slots.
    listeners.push(on(&c.org_slot, "change", page, |page, event| {
        if let Some(index) = selected_index(event) {
            page.select(index);
        }
    }));
    listeners.push(on(&c.cause_slot, "change", page, |page, event| {
        let cause = selected_index(event);
        page.state.borrow_mut().filter.group = cause;
        page.refilter();
    }));
    listeners.push(on(&c.domain_slot, "change", page, |page, event| {
        let domain = selected_index(event).and_then(|index| {
            let state = page.state.borrow();
            Some(state.board.as_ref()?.domains().get(index)?.domain.clone())
        });
        page.state.borrow_mut().filter.domain = domain;
        page.refilter();
    }));
    listeners.push(on(&c.kind, "change", page, |page, _| {
        page.state.borrow_mut().filter.kind = view::kind_of(&page.controls.kind.value());
        page.refilter();
    }));
    listeners.push(on(&c.search, "input", page, |page, _| {
        page.state.borrow_mut().filter.text = page.controls.search.value();
        page.refilter();
    }));
    listeners.push(on(&c.sort, "change", page, |page, _| {
        page.state.borrow_mut().sort = Sort::from_word(&page.controls.sort.value()).unwrap_or_default();
        page.refilter();
    }));
    listeners.push(on(&c.redact, "change", page, |page, _| {
        let mut preferences = page.preferences.get();
        preferences.redact = page.controls.redact.checked();
        page.preferences.set(preferences);
        page.request_export("summary");
    }));
    listeners.push(on(&c.format, "change", page, |page, _| {
        let mut preferences = page.preferences.get();
        preferences.format = Format::from_word(&page.controls.format.value()).unwrap_or(preferences.format);
        page.preferences.set(preferences);
        page.request_export("summary");
    }));
    listeners.push(on(&c.download, "click", page, |page, _| page.request_export("csv")));
    listeners.push(on(&c.copy, "click", page, |page, _| {
        let preferences = page.preferences.get();
        let done = if preferences.redact {
            TRIAGE_PAGE_SUMMARY_COPIED_REDACTED
        } else {
            TRIAGE_PAGE_SUMMARY_COPIED
        };
        copy_then_say(
            Rc::from(page.controls.summary.value().as_str()),
            page.controls.copy.clone().into(),
            done.text(preferences.lang),
            BANNER_COPY_FAILED.text(preferences.lang),
        );
    }));
    listeners.push(on(&page.worker, "message", page, |page, event| {
        if let Some(message) = event.dyn_ref::<MessageEvent>() {
            page.on_worker(&message.data());
        }
    }));
    Ok(listeners)
}

/// The chosen option's value of the `<select>` an event came from, as a position.
fn selected_index(event: &web_sys::Event) -> Option<usize> {
    let select: HtmlSelectElement = event.target()?.dyn_into().ok()?;
    select.value().parse().ok()
}

impl Page {
    fn lang(&self) -> Lang {
        self.preferences.get().lang
    }

    fn say(&self, text: &str) {
        self.controls.status.set_text_content(Some(text));
    }

    fn presentation(&self) -> Presentation {
        let preferences = self.preferences.get();
        Presentation {
            lang: preferences.lang,
            zone: Zone::from_fn(browser_offset),
            redactor: Redactor::new(preferences.mask),
        }
    }

    fn list_file(&self, text: &str, error: bool) {
        let line = crate::view::analyzer::file_line(text, error);
        let _ = self.state.borrow_mut().file_lines.append(&self.controls.files, &line);
    }

    /// The source `key`, added (with `source`) when new; its position.
    fn source(&self, key: &str, source: Source) -> usize {
        let mut state = self.state.borrow_mut();
        if let Some(at) = state.sources.iter().position(|s| s.key == key) {
            return at;
        }
        state.sources.push(Listed {
            key: key.to_string(),
            org: source.org.clone(),
            source,
            pending: 0,
        });
        state.sources.len() - 1
    }

    fn post(&self, message: &JsValue) {
        if let Err(error) = self.worker.post_message(message) {
            self.say(&format!("{error:?}"));
        }
    }

    fn next_id(&self) -> u32 {
        let mut state = self.state.borrow_mut();
        state.next_id += 1;
        state.next_id
    }

    fn set_lists(&self, orgs: &JsValue) {
        let orgs: Vec<JsValue> = js_sys::Array::from(orgs).iter().collect();
        let lists: Vec<(String, Option<usize>, JsValue)> = orgs
            .iter()
            .filter_map(|org| {
                let key = field(org, "org").as_string()?;
                let subjects = field(org, "subjects").as_f64().map(|n| n as usize);
                let inputs = field(org, "inputs");
                (js_sys::Array::is_array(&inputs) && js_sys::Array::from(&inputs).length() > 0)
                    .then_some((key, subjects, inputs))
            })
            .collect();
        if lists.is_empty() {
            self.say(TRIAGE_PAGE_NO_LISTS.text(self.lang()));
            return;
        }
        // The tab's biggest organization first.
        let first = lists
            .iter()
            .enumerate()
            .max_by_key(|(_, (_, n, _))| n.unwrap_or(0))
            .map(|(at, _)| at);
        for (at, (org, subjects, inputs)) in lists.into_iter().enumerate() {
            let key = format!("org:{org}");
            // '' when no URL named it: the worker then says whose statuses they are.
            let source = Source {
                org: Some(org).filter(|org| !org.is_empty()),
                subjects,
                files: false,
            };
            let index = self.source(&key, source);
            self.state.borrow_mut().sources[index].pending += 1;
            let message = js_object(&[
                ("type", worker::TRIAGE_ADD.into()),
                ("set", key.as_str().into()),
                ("id", self.next_id().into()),
                ("inputs", inputs),
            ]);
            self.post(&message);
            if Some(at) == first && self.state.borrow().selected.is_none() {
                self.select(index);
            }
        }
        self.show_org_field();
    }

    fn read_files(&self, files: Vec<File>) {
        if files.is_empty() {
            return;
        }
        let lang = self.lang();
        let index = self.source(
            FILES_SET,
            Source {
                org: None,
                subjects: None,
                files: true,
            },
        );
        for file in files {
            if file.size() > MAX_HAR_BYTES as f64 {
                let limit = size_label(MAX_HAR_BYTES as f64);
                self.list_file(
                    &ANALYZER_TOO_LARGE.fill(lang, &[("name", &file.name()), ("limit", &limit)]),
                    true,
                );
                continue;
            }
            self.state.borrow_mut().sources[index].pending += 1;
            self.say(&ANALYZER_READING.fill(lang, &[("name", &file.name()), ("percent", "0")]));
            let message = js_object(&[
                ("type", worker::TRIAGE_ADD.into()),
                ("set", FILES_SET.into()),
                ("id", self.next_id().into()),
                ("file", file.into()),
            ]);
            self.post(&message);
        }
        // What was just opened is what the admin wants to see.
        self.select(index);
        self.show_org_field();
    }

    fn show_org_field(&self) {
        let (sources, selected): (Vec<Source>, usize) = {
            let state = self.state.borrow();
            (
                state.sources.iter().map(|s| s.source.clone()).collect(),
                state.selected.unwrap_or(0),
            )
        };
        let node = view::org_field(&sources, selected, &self.presentation());
        let mounted = mount(&self.controls.org_slot, node.as_slice());
        self.state.borrow_mut().org_field = mounted.ok();
    }

    /// Shows source `index`: its triage is asked for (built once its inputs are read).
    fn select(&self, index: usize) {
        {
            let mut state = self.state.borrow_mut();
            if state.selected == Some(index) || index >= state.sources.len() {
                return;
            }
            state.selected = Some(index);
            state.board = None;
            state.build = None;
            state.complete = false;
            state.filter = Filter::default();
            state.lists.clear();
            state.board_nodes = None;
        }
        self.controls.results.set_text_content(None);
        self.controls.kind.set_value("all");
        self.controls.search.set_value("");
        self.show_org_field();
        self.request_build();
    }

    /// Asks the worker to triage the selected source with its org's tenants, once every input
    /// handed over has been read.
    fn request_build(&self) {
        let (key, org, pending, have) = {
            let state = self.state.borrow();
            let Some(listed) = state.selected.and_then(|i| state.sources.get(i)) else {
                return;
            };
            (listed.key.clone(), listed.org.clone(), listed.pending, state.build)
        };
        if pending > 0 {
            return;
        }
        let tenants = match &org {
            Some(org) => self
                .tenants_for
                .call1(&JsValue::NULL, &org.as_str().into())
                .unwrap_or(JsValue::UNDEFINED),
            None => JsValue::UNDEFINED,
        };
        let preferences = self.preferences.get();
        self.say(TRIAGE_PAGE_BUILDING.text(preferences.lang));
        let message = js_object(&[
            ("type", worker::TRIAGE_BUILD.into()),
            ("set", key.as_str().into()),
            ("tenants", tenants),
            ("lang", preferences.lang.tag().into()),
            ("mask", preferences.mask.into()),
            ("have", have.map_or(JsValue::UNDEFINED, JsValue::from)),
        ]);
        self.post(&message);
    }

    fn request_export(&self, what: &str) {
        let key = {
            let state = self.state.borrow();
            if state.board.is_none() {
                return;
            }
            let Some(listed) = state.selected.and_then(|i| state.sources.get(i)) else {
                return;
            };
            listed.key.clone()
        };
        let preferences = self.preferences.get();
        let message = js_object(&[
            ("type", worker::TRIAGE_EXPORT.into()),
            ("set", key.as_str().into()),
            ("what", what.into()),
            ("lang", preferences.lang.tag().into()),
            ("redact", preferences.redact.into()),
            ("format", preferences.format.word().into()),
        ]);
        self.post(&message);
    }

    /// Whether a worker's reply is about the source shown.
    fn is_selected(&self, message: &JsValue) -> bool {
        let set = text_field(message, "set");
        let state = self.state.borrow();
        state
            .selected
            .and_then(|i| state.sources.get(i))
            .is_some_and(|s| s.key == set)
    }

    fn on_worker(&self, message: &JsValue) {
        let lang = self.lang();
        match text_field(message, "type").as_str() {
            worker::TRIAGE_ADDED => self.on_added(message),
            worker::TRIAGE_BOARD if self.is_selected(message) => self.on_board(message),
            worker::TRIAGE_ROWS if self.is_selected(message) => self.on_rows(message),
            worker::TRIAGE_EXPORTED if self.is_selected(message) => {
                let text = text_field(message, "text");
                if text_field(message, "what") == "csv" {
                    self.save_csv(&text);
                } else {
                    self.controls.summary.set_value(&text);
                    self.controls.copy.set_disabled(false);
                }
            }
            worker::PROGRESS => {
                let (name, percent) = (text_field(message, "name"), percent(message));
                self.say(&ANALYZER_READING.fill(lang, &[("name", &name), ("percent", &format!("{percent:.0}"))]));
            }
            worker::ERROR => {
                let name = text_field(message, "name");
                let text =
                    ANALYZER_FILE_ERROR.fill(lang, &[("name", &name), ("error", &text_field(message, "message"))]);
                self.say(&text);
            }
            _ => {}
        }
    }

    fn on_added(&self, message: &JsValue) {
        let lang = self.lang();
        let set = text_field(message, "set");
        let errors: Vec<String> = js_sys::Array::from(&field(message, "errors"))
            .iter()
            .filter_map(|e| e.as_string())
            .collect();
        let name = text_field(message, "name");
        if !name.is_empty() {
            let line = match errors.first() {
                Some(error) => ANALYZER_FILE_ERROR.fill(lang, &[("name", &name), ("error", error)]),
                None => {
                    let size = size_label(field(message, "size").as_f64().unwrap_or(0.0));
                    match field(message, "kept").as_f64() {
                        Some(kept) => ANALYZER_FILE_READ
                            .fill(lang, &[("name", &name), ("size", &size), ("count", &kept.to_string())]),
                        None => ANALYZER_FILE_JSON.fill(lang, &[("name", &name), ("size", &size)]),
                    }
                }
            };
            self.list_file(&line, !errors.is_empty());
        } else if let Some(error) = errors.first() {
            self.list_file(error, true);
        }
        let ready = {
            let mut state = self.state.borrow_mut();
            let selected = state.selected;
            let Some(at) = state.sources.iter().position(|s| s.key == set) else {
                return;
            };
            let listed = &mut state.sources[at];
            listed.pending = listed.pending.saturating_sub(1);
            if listed.org.is_none() {
                listed.org = field(message, "org").as_string();
            }
            listed.pending == 0 && selected == Some(at)
        };
        if ready {
            self.request_build();
        }
    }

    fn on_board(&self, message: &JsValue) {
        let board: Option<Board> = field(message, "board")
            .as_string()
            .and_then(|json| serde_json::from_str(&json).ok());
        let Some(board) = board else {
            self.say(TRIAGE_NOTHING_READ.text(self.lang()));
            return;
        };
        let build = field(message, "build").as_f64().map(|b| b as u32);
        let fresh = {
            let mut state = self.state.borrow_mut();
            let fresh = state.build != build;
            if fresh {
                state.listing = Listing::new(board.groups.len());
                state.complete = board.groups.iter().all(|g| g.count == 0);
                state.build = build;
            }
            // Another build may order its causes otherwise: the cause filter starts over (a
            // domain is kept by its name).
            if fresh {
                state.filter.group = None;
            }
            state.board = Some(board);
            fresh
        };
        self.show_board();
        if fresh {
            self.controls.summary.set_value("");
            self.controls.copy.set_disabled(true);
        }
        self.controls.download.set_disabled(false);
        self.request_export("summary");
        if self.state.borrow().complete {
            self.refilter();
        }
    }

    fn on_rows(&self, message: &JsValue) {
        let build = field(message, "build").as_f64().map(|b| b as u32);
        let group = field(message, "group").as_f64().unwrap_or(-1.0);
        let rows: Vec<Row> = match serde_json::from_str(&text_field(message, "rows")) {
            Ok(rows) => rows,
            Err(error) => {
                self.say(&error.to_string());
                return;
            }
        };
        let done = field(message, "done").as_bool().unwrap_or(false);
        let progress = {
            let mut state = self.state.borrow_mut();
            if state.build != build || group < 0.0 {
                return;
            }
            state.listing.extend(group as usize, rows);
            state.complete = done;
            let total: usize = state.board.as_ref().map_or(0, |b| b.subjects_in_error);
            let listed: usize = (0..state.board.as_ref().map_or(0, |b| b.groups.len()))
                .map(|g| state.listing.len(g))
                .sum();
            (listed, total)
        };
        if done {
            self.refilter();
        } else {
            let (listed, total) = progress;
            self.say(&TRIAGE_PAGE_LISTING.fill(
                self.lang(),
                &[("listed", &listed.to_string()), ("total", &total.to_string())],
            ));
        }
    }

    /// Mounts the overview, the org-wide findings and the groups (their lists empty until
    /// every row is in), and the cause and domain pickers.
    fn show_board(&self) {
        let preferences = self.preferences.get();
        let lang = preferences.lang;
        let mut state = self.state.borrow_mut();
        state.lists.clear();
        state.board_nodes = None;
        let Some(board) = state.board.as_ref() else {
            return;
        };
        let nodes = view::board_nodes(board, &preferences);
        let domain = state.filter.domain.clone();
        let fields = (
            mount(
                &self.controls.cause_slot,
                &[view::cause_field(board, state.filter.group, lang)],
            ),
            mount(
                &self.controls.domain_slot,
                &[view::domain_field(board, domain.as_deref(), lang)],
            ),
        );
        let groups = board.groups.len();
        match mount(&self.controls.results, &nodes) {
            Ok(mounted) => state.board_nodes = Some(mounted),
            Err(error) => {
                drop(state);
                self.say(&format!("{error:?}"));
                return;
            }
        }
        if let (Ok(cause), Ok(domain)) = fields {
            state.fields = Some((cause, domain));
        }
        state.lists = (0..groups).map(|_| None).collect();
        let _ = self.controls.filters.remove_attribute("hidden");
    }

    /// Filters and sorts every group's rows again, and builds each group's list from its top.
    fn refilter(&self) {
        let lang = self.lang();
        let (narrows, counts, shown_total) = {
            let mut state = self.state.borrow_mut();
            if !state.complete || state.board.is_none() {
                return;
            }
            let (filter, sort) = (state.filter.clone(), state.sort);
            state.shown = state.listing.select(&filter, sort);
            let counts: Vec<(usize, usize)> = state
                .board
                .as_ref()
                .map(|b| {
                    b.groups
                        .iter()
                        .map(|g| g.count)
                        .zip(state.shown.iter().map(Vec::len))
                        .collect()
                })
                .unwrap_or_default();
            let total = counts.iter().map(|(_, shown)| shown).sum::<usize>();
            (filter.narrows(), counts, total)
        };
        for (index, (count, shown)) in counts.iter().enumerate() {
            let document = &self.controls.document;
            if let Some(section) = document.get_element_by_id(&id::group(index)) {
                let _ = section.toggle_attribute_with_force("hidden", narrows && *shown == 0);
            }
            if let Some(label) = document.get_element_by_id(&id::group_shown(index)) {
                label.set_text_content(Some(&view::group_count(*count, *shown, lang)));
            }
            self.build_list(index);
        }
        let line = {
            let state = self.state.borrow();
            state
                .board
                .as_ref()
                .map(|board| view::counts_line(board, narrows.then_some(shown_total), lang))
        };
        if let Some(line) = line {
            self.say(&line);
        }
    }

    /// Builds group `index`'s list for the rows the filters show, and its first rows.
    fn build_list(&self, index: usize) {
        let lang = self.lang();
        let total = self.state.borrow().shown.get(index).map_or(0, Vec::len);
        let Some(slot) = self.controls.document.get_element_by_id(&id::group_list(index)) else {
            return;
        };
        // The old list and its listeners go first.
        if let Some(list) = self.state.borrow_mut().lists.get_mut(index) {
            *list = None;
        }
        let Ok(grid_mounted) = mount(&slot, &[view::grid(index, total, lang)]) else {
            return;
        };
        let document = &self.controls.document;
        let (Some(viewport), Some(spacer), Some(grid)) = (
            document.get_element_by_id(&id::viewport(index)),
            document.get_element_by_id(&id::rows(index)),
            slot.first_element_child(),
        ) else {
            return;
        };
        let weak = self.this.borrow().clone();
        let on_scroll = {
            let weak = weak.clone();
            EventListener::new(&viewport, "scroll", move |_| {
                if let Some(page) = weak.upgrade() {
                    page.render_rows(index, false);
                }
            })
        };
        let on_key = {
            let weak = weak.clone();
            EventListener::new(&grid, "keydown", move |event| {
                if let (Some(page), Some(key)) = (weak.upgrade(), event.dyn_ref::<KeyboardEvent>()) {
                    page.on_key(index, key);
                }
            })
        };
        let on_click = EventListener::new(&spacer, "click", move |event| {
            let Some(page) = weak.upgrade() else { return };
            let row = event
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|e| e.closest("[role=row]").ok().flatten())
                .and_then(|row| row.get_attribute("aria-rowindex"))
                .and_then(|at| at.parse::<usize>().ok());
            if let Some(row) = row {
                page.activate(index, row.saturating_sub(2), false);
            }
        });
        if let Some(list) = self.state.borrow_mut().lists.get_mut(index) {
            *list = Some(GroupList {
                viewport,
                spacer,
                grid,
                rows: None,
                built: 0..0,
                active: None,
                _listeners: vec![on_scroll, on_key, on_click],
                _grid: grid_mounted,
            });
        }
        self.render_rows(index, true);
    }

    /// Builds the rows group `index`'s view shows (unless they are built already, or `force`).
    fn render_rows(&self, index: usize, force: bool) {
        let presentation = self.presentation();
        let mut state = self.state.borrow_mut();
        let State {
            shown, lists, listing, ..
        } = &mut *state;
        let (Some(shown), Some(Some(list))) = (shown.get(index), lists.get_mut(index)) else {
            return;
        };
        let (top, height) = match list.viewport.dyn_ref::<HtmlElement>() {
            Some(v) => (f64::from(v.scroll_top()), f64::from(v.client_height())),
            None => (0.0, f64::from(window::viewport_height(shown.len()))),
        };
        let range = window::window(shown.len(), top, height);
        if !force && range == list.built {
            return;
        }
        let nodes = view::rows(index, listing, shown, range.clone(), list.active, &presentation);
        list.rows = None; // the old rows and their copy buttons' listeners go first
        if let Ok(mounted) = mount(&list.spacer, &nodes) {
            list.rows = Some(mounted);
            list.built = range;
        }
    }

    /// Makes row `at` of group `index`'s shown rows the active one, scrolled into view.
    fn activate(&self, index: usize, at: usize, scroll: bool) {
        {
            let mut state = self.state.borrow_mut();
            let Some(Some(list)) = state.lists.get_mut(index) else {
                return;
            };
            list.active = Some(at);
            let _ = list.grid.set_attribute("aria-activedescendant", &id::row(index, at));
            if scroll && let Some(viewport) = list.viewport.dyn_ref::<HtmlElement>() {
                let (top, height) = (f64::from(viewport.scroll_top()), f64::from(viewport.client_height()));
                if let Some(to) = window::scroll_to_show(at, top, height) {
                    viewport.set_scroll_top(to.round() as i32);
                }
            }
        }
        // At once, not at the scroll event: the active row must exist for aria-activedescendant.
        self.render_rows(index, true);
    }

    fn on_key(&self, index: usize, event: &KeyboardEvent) {
        let (active, total) = {
            let state = self.state.borrow();
            let total = state.shown.get(index).map_or(0, Vec::len);
            let active = state.lists.get(index).and_then(|l| l.as_ref()).and_then(|l| l.active);
            (active, total)
        };
        if event.key() == "Enter" {
            self.copy_active(index, active);
            return;
        }
        let Some(key) = Key::from_name(&event.key()) else {
            return;
        };
        event.prevent_default(); // the list moves, not the page
        if let Some(at) = window::step(active, key, total, window::VISIBLE_ROWS) {
            self.activate(index, at, true);
        }
    }

    /// Enter on a list: the active row's tracking ID to the clipboard.
    fn copy_active(&self, index: usize, active: Option<usize>) {
        let lang = self.lang();
        let (tracking, grid) = {
            let state = self.state.borrow();
            let Some(Some(list)) = state.lists.get(index) else {
                return;
            };
            let row = active
                .and_then(|at| state.shown.get(index)?.get(at).copied())
                .and_then(|position| state.listing.row(index, position as usize));
            (row.and_then(|r| r.tracking_root.clone()), list.grid.clone())
        };
        if let Some(tracking) = tracking {
            copy_then_say(
                Rc::from(tracking.as_str()),
                grid,
                BANNER_COPIED.text(lang),
                BANNER_COPY_FAILED.text(lang),
            );
        }
    }

    /// Offers the CSV as a download.
    fn save_csv(&self, text: &str) {
        let lang = self.lang();
        let parts = js_sys::Array::of1(&text.into());
        let options = BlobPropertyBag::new();
        options.set_type("text/csv;charset=utf-8");
        let Ok(blob) = Blob::new_with_str_sequence_and_options(&parts, &options) else {
            return;
        };
        let name = {
            let state = self.state.borrow();
            let org = state
                .selected
                .and_then(|i| state.sources.get(i))
                .and_then(|s| s.org.clone());
            match org {
                Some(org) => format!("triage-{}.csv", org.chars().take(8).collect::<String>()),
                None => "triage.csv".to_string(),
            }
        };
        save(&self.controls.document, &blob, &name);
        self.say(&TRIAGE_PAGE_CSV_SAVED.fill(lang, &[("name", &name)]));
    }
}
