//! The Scheduling-panel banner: the element tree it shows, built from a [`Payload`] without any
//! DOM, so that it is tested natively (`web::banner` fetches the payload and mounts the tree).
//! Nodes follow the safety rule of [`crate::view::node`].

use super::current;
use super::node::{Action, AllowedUrl, Attr, COPY_STATUS_ID, ControlType, Node};
use super::payload::Payload;
use super::preferences::{Preferences, Presented};
use crate::decode::observation::Severity;
use crate::explain::catalog::*;
use crate::explain::{Explained, Moment, RenderedCheck, RenderedFinding, tenants};
use crate::protocol::actions;
use crate::time::Timestamp;

/// The id of the region "Details" shows and hides.
pub const DETAILS_ID: &str = "details";
/// The id of the "Details" button.
pub const TOGGLE_ID: &str = "details-toggle";
/// The id of the text input where the admin types the tenant's domains.
pub const DOMAINS_INPUT_ID: &str = "domains-input";
/// An example of what Tenant details lists, shown in the empty input.
const DOMAINS_EXAMPLE: &str = "contoso.com, contoso.onmicrosoft.com";

/// Everything the banner shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Banner {
    /// For `<html lang>`.
    pub lang: &'static str,
    /// The one line for the `role="status"` region, shown above the body. When there is
    /// nothing more to say (no finding, unreadable data) it is the whole banner.
    pub summary: String,
    /// Empty when the summary says it all. Else, compact: the lead finding's icon, headline,
    /// time and next action, "Details", "Dismiss" and "Minimize"; then the details region
    /// (hidden until "Details" is pressed): the lead in full, the other current findings, the
    /// earlier errors, what recovered, and "Copy report" (the report of the preferences).
    pub body: Vec<Node>,
    /// What a dismissal is remembered by: the current open findings' codes and diagnoses. A
    /// banner dismissed in one state shows again when the state changes.
    pub state: String,
    /// Who the lead finding is about (`workspace · Webex Workspace 1 · W***@…`), as shown.
    pub subject: String,
}

impl Banner {
    /// Shows or hides the details region, as the "Details" button would.
    pub fn set_expanded(&mut self, expanded: bool) {
        fn visit(node: &mut Node, expanded: bool) {
            for attr in &mut node.attrs {
                if let Attr::AriaExpanded(value) = attr {
                    *value = expanded;
                }
            }
            if node.attr_value("id") == Some(DETAILS_ID) {
                node.attrs.retain(|a| *a != Attr::Hidden);
                if !expanded {
                    node.attrs.push(Attr::Hidden);
                }
            }
            for child in &mut node.children {
                visit(child, expanded);
            }
        }
        for node in &mut self.body {
            visit(node, expanded);
        }
    }
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
    build(&presented, &preferences, errors.len(), page.org.as_deref())
}

/// The banner of a diagnosis; `input_errors` counts the inputs that could not be read; `org`,
/// when the page says it, is whose tenant domains the banner may ask for. In screen-share mode
/// (`preferences.mask`) a visible marker says that what is shown is masked.
pub fn build(presented: &Presented, preferences: &Preferences, input_errors: usize, org: Option<&str>) -> Banner {
    let explained = &presented.shown;
    let lang = explained.lang;
    let standing = current::standing(explained);
    let state = state_of(&standing.current);
    let lead = standing.current.first().or(standing.recovered.first()).copied();
    let subject = lead.and_then(subject_line).unwrap_or_default();

    let summary = match (standing.current.first(), standing.recovered.first()) {
        (None, None) => BANNER_NO_PROBLEM.text(lang).to_string(),
        (None, Some(recovered)) => BANNER_SUMMARY_RESOLVED.fill(lang, &[("title", &recovered.title)]),
        (Some(first), _) if standing.current.len() == 1 => {
            BANNER_SUMMARY_ONE.fill(lang, &[("title", &headline(first, lang))])
        }
        (Some(first), _) => BANNER_SUMMARY_MORE.fill(
            lang,
            &[
                ("title", &headline(first, lang)),
                ("more", &(standing.current.len() - 1).to_string()),
            ],
        ),
    };

    if lead.is_none() && input_errors == 0 {
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
    body.push(
        Node::button(BANNER_RESTORE.text(lang))
            .on_click(Action::Minimize)
            .attr(Attr::Id("restore".into()))
            .attr(Attr::DataSection("pill")),
    );
    if preferences.mask {
        body.push(masked_marker(lang));
    }

    let mut details = Vec::new();
    let recovered_only = standing.current.is_empty();
    let mut compact = Vec::new();
    if let Some(lead) = lead {
        compact.extend(lead_head(lead, recovered_only, lang));
        compact.push(next_action(lead, recovered_only, org, lang));
        details.extend(finding_content(lead, explained));
    }
    let others = standing.current.iter().skip(1);
    let history = standing.recovered.iter().skip(usize::from(recovered_only));
    for (index, finding) in others.chain(history).enumerate() {
        details.push(finding_node(finding, index + 1, explained));
    }
    if !standing.earlier.is_empty() {
        details.push(earlier_node(&standing.earlier, lang));
    }
    if explained.omitted > 0 {
        details.push(Node::text(
            "p",
            "muted",
            REPORT_OMITTED.fill(lang, &[("count", &explained.omitted.to_string())]),
        ));
    }
    if input_errors > 0 {
        let line = Node::text(
            "p",
            "muted",
            BANNER_INPUT_ERRORS.fill(lang, &[("count", &input_errors.to_string())]),
        );
        // Nothing else to show: the line itself is the banner.
        if lead.is_none() {
            compact.push(line);
        } else {
            details.push(line);
        }
    }
    let report_done = if preferences.redact {
        BANNER_REPORT_COPIED_REDACTED
    } else {
        BANNER_REPORT_COPIED
    };
    details.push(
        Node::new("div", "actions").child(Node::button(BANNER_COPY_REPORT.text(lang)).on_click(Action::Copy {
            text: presented.report.clone(),
            done: report_done.text(lang),
            failed: BANNER_COPY_FAILED.text(lang),
        })),
    );
    compact.push(
        Node::new("div", "bar")
            .child(
                Node::button(BANNER_DETAILS.text(lang))
                    .on_click(Action::Toggle)
                    .attr(Attr::Id(TOGGLE_ID.into()))
                    .attr(Attr::AriaExpanded(false))
                    .attr(Attr::AriaControls(DETAILS_ID)),
            )
            .child(
                Node::button(BANNER_DISMISS.text(lang))
                    .on_click(Action::Dismiss)
                    .attr(Attr::Id("dismiss".into())),
            )
            .child(
                Node::button(BANNER_MINIMIZE.text(lang))
                    .on_click(Action::Minimize)
                    .attr(Attr::Id("minimize".into())),
            )
            .child(
                Node::new("span", "copy-status")
                    .attr(Attr::Id(COPY_STATUS_ID.into()))
                    .attr(Attr::RoleStatus),
            )
            .children(lead.and_then(|lead| lead_time(lead, recovered_only)).map(time_node)),
    );
    let mut section = match lead {
        Some(lead) => lead_section(lead, recovered_only),
        None => Node::new("section", "finding lead"),
    };
    section = section.children(compact).child(
        Node::new("div", "details")
            .attr(Attr::Id(DETAILS_ID.into()))
            .attr(Attr::Hidden)
            .children(details),
    );
    body.push(section);
    Banner {
        lang: lang.tag(),
        summary,
        body,
        state,
        subject,
    }
}

/// The lead's `<section>`: its code, severity and diagnosis; a recovered lead is a note.
fn lead_section(lead: &RenderedFinding, recovered: bool) -> Node {
    let (severity_code, _, _) = severity(lead.severity);
    let class = if recovered {
        "finding lead resolved"
    } else {
        "finding lead"
    };
    Node::new("section", class)
        .attr(Attr::DataFinding(lead.code))
        .attr(Attr::DataSeverity(severity_code))
        .attr(Attr::AriaLabelledBy("lead-title".into()))
        .attrs(lead.diagnosis.map(Attr::DataDiagnosis))
}

/// The lead's time: when it recovered, else when it was last seen.
fn lead_time(lead: &RenderedFinding, recovered: bool) -> Option<&Moment> {
    if recovered {
        lead.resolved.as_ref()
    } else {
        lead.observed.as_ref()
    }
}

/// Icon and headline (the severity said in words for assistive technology).
fn lead_head(lead: &RenderedFinding, recovered: bool, lang: Lang) -> Vec<Node> {
    let (_, severity_label, icon) = severity(lead.severity);
    let (icon, title, label) = if recovered {
        ("✓", BANNER_RECOVERED_TITLE.fill(lang, &[("title", &lead.title)]), None)
    } else {
        (icon, headline(lead, lang), Some(severity_label))
    };
    let mut head = Node::new("div", "head")
        .child(Node::text("span", "sev-icon", icon).attr(Attr::AriaHidden))
        .child(Node::text("span", "title", title).attr(Attr::Id("lead-title".into())));
    if let Some(label) = label {
        // For assistive technology: the icon's colour says it on screen.
        head = head.child(Node::text("span", "sev-label", label.text(lang)));
    }
    vec![head]
}

/// `<time datetime=… title="… UTC">local</time>`.
fn time_node(moment: &Moment) -> Node {
    Node::text("time", "when", moment.local.clone())
        .attr(Attr::DateTime(moment.iso.clone()))
        .attr(Attr::TimeTitle(moment.utc.clone()))
}

/// The undetermined "Unauthorized" that only the tenant's domains would decide.
fn wants_domains(f: &RenderedFinding) -> bool {
    f.diagnosis == Some("undetermined") && f.domain.is_some() && !f.tenants.iter().any(|t| t.unknown)
}

/// An organization id as the adapter names it (a UUID, or a similar token): nothing else is
/// put into an attribute.
fn org_id(org: Option<&str>) -> Option<String> {
    org.map(str::trim)
        .filter(|o| !o.is_empty() && o.len() <= 64 && o.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .map(str::to_ascii_lowercase)
}

/// The one thing to do now: the fact that is missing, asked for in place; else the fix's first
/// step; for a recovered subject, that it recovered.
fn next_action(lead: &RenderedFinding, recovered: bool, org: Option<&str>, lang: Lang) -> Node {
    if recovered {
        let time = lead.resolved.as_ref().map_or("", |m| m.local.as_str());
        return Node::text("p", "next", BANNER_RECOVERED_NOTE.fill(lang, &[("time", time)]));
    }
    if wants_domains(lead)
        && let Some(org) = org_id(org)
    {
        return Node::new("div", "ask")
            .attr(Attr::DataSection("ask-domains"))
            .child(Node::text("label", "", BANNER_DOMAINS_ASK.text(lang)).attr(Attr::For(DOMAINS_INPUT_ID.into())))
            .child(
                Node::new("input", "")
                    .attr(Attr::Type(ControlType::Text))
                    .attr(Attr::Id(DOMAINS_INPUT_ID.into()))
                    .attr(Attr::DataOrg(org))
                    .attr(Attr::Placeholder(DOMAINS_EXAMPLE))
                    .attr(Attr::NoSpellcheck)
                    .attr(Attr::NoAutocomplete),
            )
            .child(Node::button(BANNER_DOMAINS_SAVE.text(lang)).attr(Attr::DataAction(actions::SAVE_DOMAINS)));
    }
    match lead.steps.first() {
        Some(step) => Node::new("p", "next")
            .child(Node::text("span", "label", BANNER_NEXT.text(lang)))
            // The space is text, so that the page's text (and a screen reader) has it too.
            .child(Node::text("span", "", format!(" {step}"))),
        None => Node::text("p", "next", lead.explanation.clone()),
    }
}

/// One line, the cause when it is known: per diagnosis for "Unauthorized", else the kind's title.
pub fn headline(f: &RenderedFinding, lang: Lang) -> String {
    let unknown: Vec<&str> = f
        .tenants
        .iter()
        .filter(|t| t.unknown)
        .map(|t| t.label.as_str())
        .collect();
    let msg = match f.diagnosis {
        Some("mailbox-not-found") if f.tenant.is_some() => BANNER_HEADLINE_MAILBOX_NOT_FOUND_IN_TENANT,
        Some("mailbox-not-found") => BANNER_HEADLINE_MAILBOX_NOT_FOUND,
        Some("domain-not-in-tenant") if f.tenants.len() > 1 => BANNER_HEADLINE_DOMAIN_NOT_IN_ANY_TENANT,
        Some("domain-not-in-tenant") => BANNER_HEADLINE_DOMAIN_NOT_IN_TENANT,
        Some("undetermined") if !unknown.is_empty() => BANNER_HEADLINE_TENANT_UNKNOWN,
        Some("undetermined") if f.domain.is_some() => BANNER_HEADLINE_DOMAINS_UNKNOWN,
        Some("domain-unusual-characters") => BANNER_HEADLINE_DOMAIN_UNUSUAL,
        _ => return f.title.clone(),
    };
    msg.fill(
        lang,
        &[
            ("domain", f.domain.as_deref().unwrap_or("")),
            ("tenant", f.tenant.as_deref().unwrap_or("")),
            ("unknown_tenants", &unknown.join(", ")),
        ],
    )
}

/// The errors the current status superseded: their titles, times and tracking IDs.
fn earlier_node(earlier: &[&RenderedFinding], lang: Lang) -> Node {
    let items = earlier.iter().map(|f| {
        let mut item = Node::new("li", "earlier")
            .attr(Attr::DataFinding(f.code))
            .child(Node::text("span", "title", f.title.clone()));
        if let Some(observed) = &f.observed {
            item = item.child(time_node(observed));
        }
        if let Some(tracking) = &f.tracking_root {
            item = item.child(
                Node::new("span", "tracking")
                    .child(Node::text("span", "label", BANNER_TRACKING_ID.text(lang)))
                    .child(Node::text("code", "", tracking.clone())),
            );
        }
        item
    });
    Node::new("div", "earlier-list")
        .attr(Attr::DataSection("earlier"))
        .child(heading(BANNER_EARLIER.text(lang)))
        .child(Node::new("ul", "").children(items))
}

/// `code[:diagnosis]` of each open finding, in order, joined by spaces.
fn state_of(current: &[&RenderedFinding]) -> String {
    let parts: Vec<String> = current
        .iter()
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

pub(crate) fn severity(severity: Severity) -> (&'static str, Msg, &'static str) {
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
    let content = finding_content(f, explained);

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

/// What a finding says beyond its title line: whom it is about, what happened verbatim, the
/// root cause, the tenant's domains, the whole fix, the checks, the times and tracking ID.
fn finding_content(f: &RenderedFinding, explained: &Explained) -> Vec<Node> {
    let lang = explained.lang;
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
    content
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
