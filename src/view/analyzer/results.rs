//! The analyzer's results, with the banner's nodes: the findings exactly as the banner shows
//! them, then each subject's journal timeline, the matching requests and what could not be read.

use crate::explain::catalog::*;
use crate::explain::{Explained, Moment, RenderedRequest, RenderedTimeline};
use crate::view::banner::{finding_node, masked_marker};
use crate::view::node::{Attr, Node};
use crate::view::preferences::Preferences;

/// Every results section, in reading order; sections without content are left out, except the
/// findings, which say when there are none. In screen-share mode a marker comes first.
pub fn results(explained: &Explained, preferences: &Preferences) -> Vec<Node> {
    let lang = explained.lang;
    let mut sections = Vec::new();
    if preferences.mask {
        sections.push(masked_marker(lang));
    }
    sections.push(findings(explained));
    if !explained.timelines.is_empty() {
        sections.push(
            section("timelines", ANALYZER_HISTORY.text(lang))
                .children(explained.timelines.iter().map(|t| timeline(t, lang))),
        );
    }
    if !explained.requests.is_empty() {
        sections.push(requests(&explained.requests, lang));
    }
    if !explained.skipped.is_empty() {
        sections.push(
            section("skipped", ANALYZER_SKIPPED.text(lang)).child(Node::new("ul", "skipped").children(
                explained.skipped.iter().map(|s| {
                    let place = match (s.entry, &s.url) {
                        (Some(entry), Some(url)) => format!("{} #{} {url}", s.file, entry + 1),
                        (_, Some(url)) => format!("{} {url}", s.file),
                        _ => s.file.clone(),
                    };
                    Node::text("li", "", format!("{place}: {}", s.reason))
                }),
            )),
        );
    }
    sections
}

fn section(name: &'static str, title: &'static str) -> Node {
    Node::new("section", "results-section")
        .attr(Attr::DataSection(name))
        .child(Node::text("h2", "", title))
}

fn findings(explained: &Explained) -> Node {
    let lang = explained.lang;
    let title = ANALYZER_FINDINGS.fill(lang, &[("count", &explained.findings.len().to_string())]);
    let mut node = Node::new("section", "results-section")
        .attr(Attr::DataSection("findings"))
        .child(Node::text("h2", "", title));
    if explained.findings.is_empty() {
        node = node.child(Node::text("p", "muted", BANNER_NO_PROBLEM.text(lang)));
    }
    node.children(
        explained
            .findings
            .iter()
            .enumerate()
            .map(|(index, f)| finding_node(f, index, explained)),
    )
    .children((explained.omitted > 0).then(|| {
        Node::text(
            "p",
            "muted",
            REPORT_OMITTED.fill(lang, &[("count", &explained.omitted.to_string())]),
        )
    }))
}

fn when(moment: &Option<Moment>) -> (String, String) {
    moment.as_ref().map_or_else(
        || ("—".to_string(), "—".to_string()),
        |m| (m.local.clone(), m.utc.clone()),
    )
}

fn timeline(t: &RenderedTimeline, lang: Lang) -> Node {
    let events = t.events.iter().map(|e| {
        let (local, utc) = when(&e.time);
        let mut item = Node::new("li", if e.is_error { "event error" } else { "event" }).children([
            Node::text("span", "time", local),
            Node::text("span", "time-utc", utc),
            Node::text("span", "type", e.entry_type.clone().unwrap_or_default()),
        ]);
        if let Some(state) = &e.state_label {
            item = item.child(Node::text("span", "state", state.clone()));
        }
        if let Some(message) = &e.message {
            item = item.child(Node::text("p", "message", message.clone()));
        }
        if let Some(root) = &e.tracking_root {
            item = item.child(Node::text(
                "p",
                "tracking",
                format!("{} {root}", REPORT_TRACKING_ROOT.text(lang)),
            ));
        }
        item
    });
    let current = t
        .current_state_label
        .as_ref()
        .map(|label| Node::text("p", "current", format!("{}: {label}", REPORT_CURRENT_STATE.text(lang))));
    Node::new("div", "timeline")
        .children([
            Node::text("h3", "", t.subject_id.clone()),
            Node::text("p", "summary", t.summary.clone()),
        ])
        .children(current)
        .child(Node::new("ol", "events").children(events))
}

fn requests(requests: &[RenderedRequest], lang: Lang) -> Node {
    let head = [
        ANALYZER_COL_METHOD,
        ANALYZER_COL_URL,
        ANALYZER_COL_STATUS,
        ANALYZER_COL_LOCAL,
        ANALYZER_COL_UTC,
        ANALYZER_COL_BODY,
    ]
    .map(|column| Node::text("th", "", column.text(lang)).attr(Attr::ScopeCol));
    let rows = requests.iter().map(|r| {
        let (local, utc) = when(&r.started);
        Node::new("tr", "").children([
            Node::text("td", "method", r.method.clone()),
            Node::new("td", "url").child(Node::text("code", "", r.url.clone())),
            Node::text("td", "status", r.status.map_or("—".to_string(), |s| s.to_string())),
            Node::text("td", "time", local),
            Node::text("td", "time-utc", utc),
            Node::text(
                "td",
                "body",
                if r.has_body {
                    ANALYZER_BODY_YES
                } else {
                    ANALYZER_BODY_NO
                }
                .text(lang),
            ),
        ])
    });
    let title = ANALYZER_REQUESTS.fill(lang, &[("count", &requests.len().to_string())]);
    Node::new("section", "results-section")
        .attr(Attr::DataSection("requests"))
        .child(Node::text("h2", "", title))
        .child(
            Node::new("div", "table-scroll").child(Node::new("table", "requests").children([
                Node::new("thead", "").child(Node::new("tr", "").children(head)),
                Node::new("tbody", "").children(rows),
            ])),
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::tenant::Tenant;
    use crate::explain::redact::Redactor;
    use crate::explain::{Presentation, Zone};
    use crate::{Analysis, Context};

    fn explained(files: &[&str], lang: Lang) -> Explained {
        let mut analysis = Analysis::new();
        for name in files {
            let text =
                std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
            analysis.add("", &text, name).unwrap();
        }
        let context = Context {
            email: None,
            tenants: vec![Tenant::from_details(
                None,
                "rtpcloudcollab.com adminrtpcloudcollab.onmicrosoft.com ciscolive.us",
            )],
        };
        let presentation = Presentation {
            lang,
            zone: Zone::fixed(9 * 60),
            redactor: Redactor::new(false),
        };
        analysis.explain(&context, &presentation)
    }

    /// Preferences with screen-share mode on or off.
    fn masked(mask: bool) -> Preferences {
        Preferences {
            mask,
            ..crate::view::preferences::Choices::default().preferences()
        }
    }

    fn section<'a>(nodes: &'a [Node], name: &str) -> Option<&'a Node> {
        nodes.iter().find(|n| n.attr_value("data-caldoctor") == Some(name))
    }

    #[test]
    fn the_note_har_shows_findings_history_and_requests() {
        let e = explained(&["har/note-scenario.har"], Lang::En);
        let nodes = results(&e, &masked(false));
        let findings = section(&nodes, "findings").unwrap();
        let finding = findings
            .walk()
            .into_iter()
            .find(|n| n.attr_value("data-finding").is_some())
            .unwrap();
        assert_eq!(finding.attr_value("data-finding"), Some("o365-unauthorized"));
        assert_eq!(finding.attr_value("data-diagnosis"), Some("mailbox-not-found"));

        let history = section(&nodes, "timelines").unwrap();
        let events: Vec<&Node> = history.walk().into_iter().filter(|n| n.tag == "li").collect();
        assert!(events.len() >= 3, "{}", history.all_text());
        assert!(events.iter().any(|n| n.class == "event error"));
        assert!(
            history.all_text().contains("ATLAS_3f0c8d2e"),
            "tracking roots are shown"
        );

        let table = section(&nodes, "requests").unwrap();
        let rows: Vec<&Node> = table.walk().into_iter().filter(|n| n.tag == "tr").collect();
        assert_eq!(rows.len(), e.requests.len() + 1, "a header row and one row per request");
        let text = table.all_text();
        assert!(
            text.contains("UTC") && text.contains("+09:00"),
            "local and UTC times: {text}"
        );
        assert!(section(&nodes, "skipped").is_none());
    }

    #[test]
    fn nothing_found_says_so_and_japanese_headings() {
        let e = explained(&["uss/status-activated.json"], Lang::Ja);
        let nodes = results(&e, &masked(false));
        assert!(section(&nodes, "requests").is_none() && section(&nodes, "skipped").is_none());
        let text = section(&nodes, "findings").unwrap().all_text();
        assert!(text.contains(BANNER_NO_PROBLEM.text(Lang::Ja)), "{text}");
        assert!(text.contains(&ANALYZER_FINDINGS.fill(Lang::Ja, &[("count", "0")])));
    }

    #[test]
    fn screen_share_is_marked() {
        let e = explained(&["har/note-scenario.har"], Lang::En);
        assert_eq!(
            results(&e, &masked(true))[0].attr_value("data-caldoctor"),
            Some("masked")
        );
        assert!(section(&results(&e, &masked(false)), "masked").is_none());
    }

    #[test]
    fn unreadable_entries_are_listed() {
        let e = explained(&["har/bad-entries.har"], Lang::En);
        let nodes = results(&e, &masked(false));
        let skipped = section(&nodes, "skipped").expect("a skipped section");
        assert!(
            skipped.all_text().contains("har/bad-entries.har #"),
            "{}",
            skipped.all_text()
        );
    }
}
