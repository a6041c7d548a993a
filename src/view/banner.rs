//! The banner's view model: the element tree the Scheduling-panel banner shows, built from an
//! [`Explained`] without any DOM, so that it is tested natively. The Wasm renderer
//! (`web::banner`) is a thin walk over it: one element per [`Node`], text set as text.
//!
//! Safety by construction: a node's tag and class are `'static` (chosen here, never from data);
//! data reaches the page only as text content; the only attribute values that come from data are
//! the finding code and diagnosis (themselves `'static` codes) and `href`, which only an
//! [`AllowedUrl`] (checked by [`links::is_allowed`]) can hold.

use crate::decode::observation::Severity;
use crate::explain::catalog::*;
use crate::explain::links;
use crate::explain::{Explained, Moment, RenderedCheck, RenderedFinding};

/// A URL that passed the links allowlist; the only way data becomes an attribute value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllowedUrl(String);

impl AllowedUrl {
    pub fn new(url: &str) -> Option<AllowedUrl> {
        links::is_allowed(url).then(|| AllowedUrl(url.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The attributes a node may carry. Values are static, generated (`f0-title`) or allowlisted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Attr {
    DataFinding(&'static str),
    DataDiagnosis(&'static str),
    DataSeverity(&'static str),
    Href(AllowedUrl),
    /// `rel="noopener noreferrer"` and `target="_blank"` come with every link.
    Rel,
    Target,
    /// `type="button"`.
    ButtonType,
    /// A catalogue text, for a button whose visible label ("Copy") is ambiguous.
    AriaLabel(&'static str),
    AriaHidden,
    /// An id generated from the finding's position (`f0-title`).
    Id(String),
    AriaLabelledBy(String),
    /// `<details open>`.
    Open,
    /// `role="status"`: a live region.
    RoleStatus,
    /// `data-caldoctor="<section>"`: the analyzer's stable hook for tests.
    DataSection(&'static str),
    /// `scope="col"` on a column header.
    ScopeCol,
}

impl Attr {
    pub fn name(&self) -> &'static str {
        match self {
            Attr::DataFinding(_) => "data-finding",
            Attr::DataDiagnosis(_) => "data-diagnosis",
            Attr::DataSeverity(_) => "data-severity",
            Attr::Href(_) => "href",
            Attr::Rel => "rel",
            Attr::Target => "target",
            Attr::ButtonType => "type",
            Attr::AriaLabel(_) => "aria-label",
            Attr::AriaHidden => "aria-hidden",
            Attr::Id(_) => "id",
            Attr::AriaLabelledBy(_) => "aria-labelledby",
            Attr::Open => "open",
            Attr::RoleStatus => "role",
            Attr::DataSection(_) => "data-caldoctor",
            Attr::ScopeCol => "scope",
        }
    }

    pub fn value(&self) -> &str {
        match self {
            Attr::DataFinding(v)
            | Attr::DataDiagnosis(v)
            | Attr::DataSeverity(v)
            | Attr::AriaLabel(v)
            | Attr::DataSection(v) => v,
            Attr::Href(url) => url.as_str(),
            Attr::Rel => "noopener noreferrer",
            Attr::Target => "_blank",
            Attr::ButtonType => "button",
            Attr::AriaHidden => "true",
            Attr::Id(id) | Attr::AriaLabelledBy(id) => id,
            Attr::Open => "",
            Attr::RoleStatus => "status",
            Attr::ScopeCol => "col",
        }
    }
}

/// What a button does. Labels are carried along so the renderer needs no catalogue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Copy this text; then say `done` (or `failed`).
    Copy {
        text: String,
        done: &'static str,
        failed: &'static str,
    },
    /// Copy [`Banner::report`].
    CopyReport { done: &'static str, failed: &'static str },
    /// Ask the extension to hide this banner.
    Dismiss,
}

/// One element: a static tag and class, text content, children, at most one action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub tag: &'static str,
    pub class: &'static str,
    pub attrs: Vec<Attr>,
    pub text: Option<String>,
    pub children: Vec<Node>,
    pub action: Option<Action>,
}

impl Node {
    pub fn new(tag: &'static str, class: &'static str) -> Node {
        Node {
            tag,
            class,
            attrs: Vec::new(),
            text: None,
            children: Vec::new(),
            action: None,
        }
    }

    pub fn text(tag: &'static str, class: &'static str, text: impl Into<String>) -> Node {
        Node {
            text: Some(text.into()),
            ..Node::new(tag, class)
        }
    }

    pub(crate) fn attr(mut self, attr: Attr) -> Node {
        self.attrs.push(attr);
        self
    }

    pub(crate) fn child(mut self, child: Node) -> Node {
        self.children.push(child);
        self
    }

    pub(crate) fn children(mut self, children: impl IntoIterator<Item = Node>) -> Node {
        self.children.extend(children);
        self
    }

    pub(crate) fn button(label: &'static str, action: Action) -> Node {
        Node {
            action: Some(action),
            ..Node::text("button", "", label)
        }
        .attr(Attr::ButtonType)
    }

    /// This node and its descendants, depth first, in document order.
    pub fn walk(&self) -> Vec<&Node> {
        let mut out = vec![self];
        for child in &self.children {
            out.extend(child.walk());
        }
        out
    }

    /// The text a browser would show: every descendant's text content, in order.
    pub fn all_text(&self) -> String {
        self.walk()
            .iter()
            .filter_map(|n| n.text.as_deref())
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn attr_value(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|a| a.name() == name).map(Attr::value)
    }
}

/// Everything the banner shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Banner {
    /// For `<html lang>`.
    pub lang: &'static str,
    /// The one line for the `role="status"` region, shown above the body. When there is
    /// nothing more to say (no finding, unreadable data) it is the whole banner.
    pub summary: String,
    /// Empty when the summary says it all.
    pub body: Vec<Node>,
    /// What "Copy report" copies (Markdown, redacted as the context says).
    pub report: String,
    /// What a dismissal is remembered by: the open findings' codes and diagnoses. A banner
    /// dismissed in one state shows again when the state changes.
    pub state: String,
    /// Who the first open finding is about (`workspace · Webex Workspace 1 · W***@…`), as shown.
    pub subject: String,
}

/// The banner of an analysis. `report` is the clipboard text; `report_redacted` says whether it
/// was redacted; `input_errors` counts inputs that could not be read; `masked` says that the
/// explanation itself was redacted for screen sharing (a visible marker says so).
pub fn build(
    explained: &Explained,
    report: String,
    report_redacted: bool,
    input_errors: usize,
    masked: bool,
) -> Banner {
    let lang = explained.lang;
    // Open problems first, recovered ones after (collapsed); stable within each group.
    let mut order: Vec<&RenderedFinding> = explained.findings.iter().collect();
    order.sort_by_key(|f| f.resolved.is_some());
    let open = order.iter().filter(|f| f.resolved.is_none()).count();
    let state = state_of(&order);
    let subject = order.first().and_then(|f| subject_line(f)).unwrap_or_default();

    let summary = match (order.first(), open) {
        (None, _) => BANNER_NO_PROBLEM.text(lang).to_string(),
        (Some(first), 0) => BANNER_SUMMARY_RESOLVED.fill(lang, &[("title", &first.title)]),
        (Some(first), 1) => BANNER_SUMMARY_ONE.fill(lang, &[("title", &first.title)]),
        (Some(first), n) => BANNER_SUMMARY_MORE.fill(lang, &[("title", &first.title), ("more", &(n - 1).to_string())]),
    };

    if order.is_empty() && input_errors == 0 {
        // The status line says it all; the body stays empty (banner.css hides it).
        return Banner {
            lang: lang.tag(),
            summary,
            body: Vec::new(),
            report,
            state,
            subject,
        };
    }
    let mut body = Vec::new();
    if masked {
        body.push(Node::text("p", "masked", BANNER_MASKED.text(lang)).attr(Attr::DataSection("masked")));
    }
    for (index, finding) in order.iter().enumerate() {
        body.push(finding_node(finding, index, explained));
    }
    if explained.omitted > 0 {
        body.push(Node::text(
            "p",
            "muted",
            REPORT_OMITTED.fill(lang, &[("count", &explained.omitted.to_string())]),
        ));
    }
    if input_errors > 0 {
        body.push(Node::text(
            "p",
            "muted",
            BANNER_INPUT_ERRORS.fill(lang, &[("count", &input_errors.to_string())]),
        ));
    }
    let report_done = if report_redacted {
        BANNER_REPORT_COPIED_REDACTED
    } else {
        BANNER_REPORT_COPIED
    };
    body.push(
        Node::new("div", "actions")
            .child(Node::button(
                BANNER_COPY_REPORT.text(lang),
                Action::CopyReport {
                    done: report_done.text(lang),
                    failed: BANNER_COPY_FAILED.text(lang),
                },
            ))
            .child(Node::button(BANNER_DISMISS.text(lang), Action::Dismiss).attr(Attr::Id("dismiss".into())))
            .child(
                Node::new("span", "copy-status")
                    .attr(Attr::Id("copy-status".into()))
                    .attr(Attr::RoleStatus),
            ),
    );
    Banner {
        lang: lang.tag(),
        summary,
        body,
        report,
        state,
        subject,
    }
}

/// `code[:diagnosis]` of each open finding, in order, joined by spaces.
fn state_of(order: &[&RenderedFinding]) -> String {
    let open = order.iter().filter(|f| f.resolved.is_none());
    let parts: Vec<String> = open
        .map(|f| match f.diagnosis {
            Some(diagnosis) => format!("{}:{diagnosis}", f.code),
            None => f.code.to_string(),
        })
        .collect();
    parts.join(" ")
}

/// A banner that says only why the data could not be read.
pub fn error(lang: Lang, message: &str) -> Banner {
    let message = message.trim_start_matches("Error: ");
    Banner {
        lang: lang.tag(),
        summary: BANNER_ERROR.fill(lang, &[("error", &one_line(message))]),
        body: Vec::new(),
        report: String::new(),
        state: String::new(),
        subject: String::new(),
    }
}

/// A banner for a frame whose payload the background no longer holds.
pub fn payload_missing(lang: Lang) -> Banner {
    Banner {
        lang: lang.tag(),
        summary: BANNER_PAYLOAD_MISSING.text(lang).to_string(),
        body: Vec::new(),
        report: String::new(),
        state: String::new(),
        subject: String::new(),
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn severity(severity: Severity) -> (&'static str, Msg, &'static str) {
    match severity {
        Severity::Error => ("error", SEVERITY_ERROR, "!"),
        Severity::Warning => ("warning", SEVERITY_WARNING, "!"),
        Severity::Info => ("info", SEVERITY_INFO, "i"),
    }
}

fn heading(text: &'static str) -> Node {
    Node::text("h3", "", text)
}

/// One finding as the banner shows it; the analyzer shows findings with the same nodes.
pub(crate) fn finding_node(f: &RenderedFinding, index: usize, explained: &Explained) -> Node {
    let lang = explained.lang;
    let (severity_code, severity_label, icon) = severity(f.severity);
    let title_id = format!("f{index}-title");
    let mut section = Node::new("section", "finding")
        .attr(Attr::DataFinding(f.code))
        .attr(Attr::DataSeverity(severity_code))
        .attr(Attr::AriaLabelledBy(title_id.clone()));
    if let Some(diagnosis) = f.diagnosis {
        section = section.attr(Attr::DataDiagnosis(diagnosis));
    }

    let head = [
        Node::text("span", "sev-icon", icon).attr(Attr::AriaHidden),
        Node::text("span", "title", f.title.clone()).attr(Attr::Id(title_id)),
        Node::text("span", "sev-label", severity_label.text(lang)),
    ];
    let mut content = Vec::new();
    if let Some(subject) = subject_line(f) {
        content.push(Node::text("p", "subject", subject));
    }
    content.push(heading(BANNER_WHAT_HAPPENED.text(lang)));
    content.push(match &f.raw_message {
        Some(raw) => Node::new("blockquote", "raw").child(Node::text("code", "", raw.clone())),
        None => Node::text("p", "muted", BANNER_NO_MESSAGE.text(lang)),
    });
    if let Some(key) = &f.message_key {
        content.push(Node::new("p", "key").children([
            Node::text("span", "label", REPORT_MESSAGE_KEY.text(lang)),
            Node::text("code", "", key.clone()),
        ]));
    }
    content.push(heading(BANNER_ROOT_CAUSE.text(lang)));
    content.push(Node::text("p", "explanation", f.explanation.clone()));
    if !f.tenant_domains.is_empty() {
        content.push(Node::new("p", "domains").children([
            Node::text("span", "label", REPORT_TENANT_DOMAINS.text(lang)),
            Node::text("span", "", f.tenant_domains.join(", ")),
        ]));
    }
    if !f.steps.is_empty() {
        content.push(heading(BANNER_FIX.text(lang)));
        content.push(Node::new("ol", "steps").children(f.steps.iter().map(|s| Node::text("li", "", s.clone()))));
    }
    if !f.checks.is_empty() {
        // Collapsed, to keep the banner compact; the Fix steps say what to check.
        content.push(
            Node::new("details", "checks")
                .child(Node::text("summary", "", BANNER_CHECK.text(lang)))
                .children(f.checks.iter().map(|c| check_node(c, lang))),
        );
    }
    content.push(facts_node(f, explained));

    if let Some(resolved) = &f.resolved {
        // Recovered: collapsed to its title line and when it recovered.
        let summary = Node::new("summary", "head").children(head).child(Node::text(
            "span",
            "resolved-at",
            BANNER_RESOLVED.fill(lang, &[("time", &resolved.local)]),
        ));
        section.class = "finding resolved";
        section.child(Node::new("details", "").child(summary).children(content))
    } else {
        section.child(Node::new("div", "head").children(head)).children(content)
    }
}

fn subject_line(f: &RenderedFinding) -> Option<String> {
    let s = &f.subject;
    let parts: Vec<&str> = [
        Some(s.kind_label.as_str()),
        s.display_name.as_deref(),
        s.email.as_deref(),
    ]
    .into_iter()
    .flatten()
    .filter(|p| !p.is_empty())
    .collect();
    (parts.len() > 1).then(|| parts.join(" · "))
}

fn snippet(text: &str, aria: &'static str, lang: Lang) -> Node {
    let code = if text.contains('\n') {
        Node::new("pre", "").child(Node::text("code", "", text))
    } else {
        Node::text("code", "", text)
    };
    Node::new("div", "snippet").child(code).child(
        Node::button(
            BANNER_COPY.text(lang),
            Action::Copy {
                text: text.to_string(),
                done: BANNER_COPIED.text(lang),
                failed: BANNER_COPY_FAILED.text(lang),
            },
        )
        .attr(Attr::AriaLabel(aria)),
    )
}

fn check_node(check: &RenderedCheck, lang: Lang) -> Node {
    let mut node = Node::new("div", "check")
        .child(Node::text("h4", "", check.title.clone()))
        .child(Node::text("p", "", check.detail.clone()));
    if let Some(request) = &check.request {
        node = node.child(snippet(request, BANNER_COPY_REQUEST.text(lang), lang));
    }
    if let Some(command) = &check.command {
        node = node.child(snippet(command, BANNER_COPY_COMMAND.text(lang), lang));
    }
    if let Some(link) = &check.link
        && let Some(url) = AllowedUrl::new(&link.url)
    {
        node = node.child(
            Node::new("p", "link").child(
                Node::text("a", "", link.label.clone())
                    .attr(Attr::Href(url))
                    .attr(Attr::Rel)
                    .attr(Attr::Target),
            ),
        );
    }
    node
}

fn facts_node(f: &RenderedFinding, explained: &Explained) -> Node {
    let lang = explained.lang;
    let mut list = Node::new("dl", "facts");
    let mut pair = |label: &'static str, value: Node| {
        list.children.push(Node::text("dt", "", label));
        list.children.push(Node::new("dd", "").child(value));
    };
    let observed: Option<&Moment> = f.observed.as_ref();
    if let Some(observed) = observed {
        pair(
            BANNER_TIME_LOCAL.text(lang),
            Node::text("span", "", observed.local.clone()),
        );
        pair(BANNER_TIME_UTC.text(lang), Node::text("span", "", observed.utc.clone()));
        if f.occurrences > 1
            && let Some(first) = &f.first_observed
        {
            pair(
                REPORT_OBSERVED.text(lang),
                Node::text(
                    "span",
                    "",
                    BANNER_OCCURRENCES.fill(lang, &[("count", &f.occurrences.to_string()), ("first", &first.local)]),
                ),
            );
        }
    }
    if let Some(tracking) = &f.tracking_root {
        pair(
            BANNER_TRACKING_ID.text(lang),
            snippet(tracking, BANNER_COPY_TRACKING.text(lang), lang),
        );
    }
    let mut out = Node::new("div", "when").child(list);
    if observed.is_some() {
        out = out.child(Node::text("p", "note", explained.time_note.clone()));
    }
    out
}

#[cfg(test)]
mod tests;
