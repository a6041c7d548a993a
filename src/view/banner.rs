//! The Scheduling-panel banner: the element tree it shows, built from a [`Payload`] without any
//! DOM, so that it is tested natively (`web::banner` fetches the payload and mounts the tree).
//! Nodes follow the safety rule of [`crate::view::node`].

use super::node::{Action, AllowedUrl, Attr, COPY_STATUS_ID, Node};
use super::payload::Payload;
use super::preferences::{Preferences, Presented};
use crate::decode::observation::Severity;
use crate::explain::catalog::*;
use crate::explain::{Explained, Moment, RenderedCheck, RenderedFinding, tenants};
use crate::time::Timestamp;

/// Everything the banner shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Banner {
    /// For `<html lang>`.
    pub lang: &'static str,
    /// The one line for the `role="status"` region, shown above the body. When there is
    /// nothing more to say (no finding, unreadable data) it is the whole banner.
    pub summary: String,
    /// Empty when the summary says it all; else ends with "Copy report" (copying the report of
    /// the preferences) and "Dismiss".
    pub body: Vec<Node>,
    /// What a dismissal is remembered by: the open findings' codes and diagnoses. A banner
    /// dismissed in one state shows again when the state changes.
    pub state: String,
    /// Who the first open finding is about (`workspace · Webex Workspace 1 · W***@…`), as shown.
    pub subject: String,
}

/// The banner of a payload: its responses diagnosed with the page's context, shown and copied as
/// its preferences say, times in the context's zone (`local` is the browser's: `local_offset`).
pub fn of_payload(payload: &Payload, local_offset: impl Fn(Timestamp) -> i32 + 'static) -> Banner {
    let page = &payload.context;
    let preferences = page.choices.preferences();
    let (analysis, errors) = payload.analysis();
    if analysis.inputs.is_empty()
        && let Some(first) = errors.first()
    {
        return error(preferences.lang, &first.to_string());
    }
    let presented = preferences.present(&analysis, &page.diagnosis_context(), page.zone(local_offset));
    build(&presented, &preferences, errors.len())
}

/// The banner of a diagnosis; `input_errors` counts the inputs that could not be read. In
/// screen-share mode (`preferences.mask`) a visible marker says that what is shown is masked.
pub fn build(presented: &Presented, preferences: &Preferences, input_errors: usize) -> Banner {
    let explained = &presented.shown;
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
            state,
            subject,
        };
    }
    let mut body = Vec::new();
    if preferences.mask {
        body.push(masked_marker(lang));
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
    let report_done = if preferences.redact {
        BANNER_REPORT_COPIED_REDACTED
    } else {
        BANNER_REPORT_COPIED
    };
    body.push(
        Node::new("div", "actions")
            .child(Node::button(BANNER_COPY_REPORT.text(lang)).on_click(Action::Copy {
                text: presented.report.clone(),
                done: report_done.text(lang),
                failed: BANNER_COPY_FAILED.text(lang),
            }))
            .child(
                Node::button(BANNER_DISMISS.text(lang))
                    .on_click(Action::Dismiss)
                    .attr(Attr::Id("dismiss".into())),
            )
            .child(
                Node::new("span", "copy-status")
                    .attr(Attr::Id(COPY_STATUS_ID.into()))
                    .attr(Attr::RoleStatus),
            ),
    );
    Banner {
        lang: lang.tag(),
        summary,
        body,
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
        state: String::new(),
        subject: String::new(),
    }
}

/// The visible marker of screen-share mode: what is shown is masked.
pub(crate) fn masked_marker(lang: Lang) -> Node {
    Node::text("p", "masked", BANNER_MASKED.text(lang)).attr(Attr::DataSection("masked"))
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
    if let Some(domains) = tenants::shown(f, lang) {
        content.push(Node::new("p", "domains").children([
            Node::text("span", "label", REPORT_TENANT_DOMAINS.text(lang)),
            Node::text("span", "", domains),
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
        Node::button(BANNER_COPY.text(lang))
            .on_click(Action::Copy {
                text: text.to_string(),
                done: BANNER_COPIED.text(lang),
                failed: BANNER_COPY_FAILED.text(lang),
            })
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
