//! The analyzer page (`analyzer.html`): its skeleton — the file input and the paste box, the
//! context the admin types (email, tenant domains), the results area and the report preview
//! with its options — and the lines of its file list. The results are [`results`]. Every text is
//! the catalogue's; `web::analyzer` mounts the skeleton and finds its controls by [`id`].

pub mod results;

use super::node::{Attr, COPY_STATUS_ID, ControlType, Node, Page};
use super::options::format_select;
use super::preferences::Preferences;
use crate::explain::catalog::*;

/// The ids of the skeleton's controls (the e2e tests use them too).
pub mod id {
    pub const FILE: &str = "file";
    pub const PASTE: &str = "paste";
    pub const ANALYZE_PASTE: &str = "analyze-paste";
    pub const PROGRESS: &str = "progress";
    pub const STATUS: &str = "status";
    pub const FILES: &str = "files";
    pub const EMAIL: &str = "email";
    pub const TENANT: &str = "tenant";
    pub const RESULTS: &str = "results";
    pub const REDACT: &str = "redact";
    pub const FORMAT: &str = "format";
    pub const REPORT: &str = "report";
    pub const COPY_REPORT: &str = "copy-report";
    pub const DOWNLOAD_HAR: &str = "download-har";
}

/// What the file input accepts.
const ACCEPTED: &str = ".har,.json,.csv,application/json,text/csv,text/plain";

/// The page before anything is loaded: redaction and format as the preferences say.
pub fn page(preferences: &Preferences) -> Page {
    let lang = preferences.lang;
    let t = |msg: Msg| msg.text(lang);
    let header = Node::new("header", "page-header").children([
        Node::text("h1", "", t(ANALYZER_TITLE)),
        Node::text("p", "intro", t(ANALYZER_INTRO)),
        Node::new("p", "nav").child(triage_link(lang)),
    ]);

    let paste = Node::new("textarea", "paste")
        .attr(Attr::Rows("4"))
        .attr(Attr::DataSection("paste"));
    let input = Node::new("section", "input")
        .children([
            drop_line(t(ANALYZER_DROP), t(ANALYZER_CHOOSE), ACCEPTED),
            Node::field(id::PASTE, t(ANALYZER_PASTE_LABEL), paste),
            Node::button(t(ANALYZER_PASTE_BUTTON)).attr(Attr::Id(id::ANALYZE_PASTE.into())),
            Node::new("progress", "")
                .attr(Attr::Max("100"))
                .attr(Attr::Hidden)
                .attr(Attr::Id(id::PROGRESS.into())),
        ])
        .children(status_and_files(t(ANALYZER_EMPTY), lang));

    let email = Node::new("input", "")
        .attr(Attr::Type(ControlType::Email))
        .attr(Attr::NoAutocomplete)
        .attr(Attr::NoSpellcheck);
    let tenant = Node::new("textarea", "").attr(Attr::Rows("3")).attr(Attr::NoSpellcheck);
    let context = Node::new("section", "context").children([
        Node::text("h2", "", t(ANALYZER_CONTEXT)),
        Node::field(id::EMAIL, t(ANALYZER_EMAIL_LABEL), email),
        Node::field(id::TENANT, t(ANALYZER_TENANT_LABEL), tenant),
    ]);

    let results = Node::new("div", "results")
        .attr(Attr::DataSection("results"))
        .attr(Attr::Id(id::RESULTS.into()));

    let report = Node::preview("report", "14");
    let report_section = Node::new("section", "report").children([
        Node::text("h2", "", t(ANALYZER_REPORT)),
        Node::text("p", "muted", t(ANALYZER_REPORT_HINT)),
        report_options(preferences),
        Node::field(id::REPORT, t(ANALYZER_REPORT_PREVIEW), report),
        Node::new("div", "actions").children([
            Node::button(t(BANNER_COPY_REPORT)).attr(Attr::Id(id::COPY_REPORT.into())),
            Node::button(t(ANALYZER_DOWNLOAD_HAR))
                .attr(Attr::Id(id::DOWNLOAD_HAR.into()))
                .attr(Attr::Disabled),
            Node::new("span", "copy-status")
                .attr(Attr::Id(COPY_STATUS_ID.into()))
                .attr(Attr::RoleStatus),
        ]),
    ]);

    Page {
        lang,
        title: Some(t(ANALYZER_TITLE)),
        body: vec![header, input, context, results, report_section],
    }
}

/// The line that takes files (the triage page's too): dropped anywhere on the page, or picked
/// in the file input (`#file`) through its label, styled as a button.
pub(crate) fn drop_line(drop: &'static str, choose: &'static str, accepted: &'static str) -> Node {
    let file = Node::new("input", "")
        .attr(Attr::Type(ControlType::File))
        .attr(Attr::Multiple)
        .attr(Attr::Accept(accepted))
        .attr(Attr::Id(id::FILE.into()))
        .attr(Attr::DataSection("file"));
    let choose = Node::text("label", "button", choose).attr(Attr::For(id::FILE.into()));
    Node::text("p", "drop", format!("{drop} ")).children([choose, file])
}

/// What is read and done, said in a live region (`#status`, `empty` until then), and the list of
/// the files read (`#files`).
pub(crate) fn status_and_files(empty: &'static str, lang: Lang) -> [Node; 2] {
    [
        Node::text("p", "status", empty)
            .attr(Attr::RoleStatus)
            .attr(Attr::DataSection("status"))
            .attr(Attr::Id(id::STATUS.into())),
        Node::new("ul", "files")
            .attr(Attr::DataSection("files"))
            .attr(Attr::AriaLabel(ANALYZER_FILES.text(lang)))
            .attr(Attr::Id(id::FILES.into())),
    ]
}

/// Whether what is copied is redacted (`#redact`) and in which format (`#format`), as the
/// preferences say at first.
pub(crate) fn report_options(preferences: &Preferences) -> Node {
    let lang = preferences.lang;
    let redact = Node::checkbox(preferences.redact)
        .attr(Attr::DataSection("redact"))
        .attr(Attr::Id(id::REDACT.into()));
    let format = format_select(preferences.format, lang).attr(Attr::DataSection("format"));
    Node::new("div", "report-options").children([
        Node::check_label(ANALYZER_REDACT_LABEL.text(lang), redact),
        Node::field(id::FORMAT, ANALYZER_FORMAT_LABEL.text(lang), format),
    ])
}

/// The triage page, in a tab of its own (the files loaded here stay).
fn triage_link(lang: Lang) -> Node {
    Node::text("a", "", ANALYZER_OPEN_TRIAGE.text(lang))
        .attr(Attr::page_link("triage.html", None))
        .attr(Attr::Target)
        .attr(Attr::Rel)
        .attr(Attr::DataSection("open-triage"))
}

/// When the files hold the statuses of several users and workspaces (`subjects`, see
/// `view::triage::board::status_subjects`): they are a list, which the triage page groups by
/// cause.
pub fn triage_note(subjects: usize, lang: Lang) -> Option<Node> {
    (subjects > 1).then(|| {
        Node::new("p", "note")
            .attr(Attr::DataSection("triage-note"))
            .child(Node::text(
                "span",
                "",
                format!(
                    "{} ",
                    ANALYZER_TRIAGE_NOTE.fill(lang, &[("count", &subjects.to_string())])
                ),
            ))
            .child(triage_link(lang))
    })
}

/// One line of the file list: what was read from a file, or why it could not be.
pub fn file_line(text: &str, error: bool) -> Node {
    Node::text("li", if error { "error" } else { "" }, text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explain::report::Format;
    use crate::view::preferences::Choices;

    fn preferences(json: &str) -> Preferences {
        serde_json::from_str::<Choices>(json).unwrap().preferences()
    }

    /// Every selector `tests/e2e/analyzer.test.mjs` and `tools/measure-browser.mjs` use.
    #[test]
    fn the_controls_the_page_and_its_tests_reach() {
        let page = page(&preferences("{}"));
        for section in [
            "file", "paste", "status", "files", "results", "redact", "format", "report",
        ] {
            assert!(page.find("data-caldoctor", section).is_some(), "{section}");
        }
        for id in [
            id::FILE,
            id::PASTE,
            id::ANALYZE_PASTE,
            id::PROGRESS,
            id::STATUS,
            id::FILES,
            id::EMAIL,
            id::TENANT,
            id::RESULTS,
            id::REDACT,
            id::FORMAT,
            id::REPORT,
            id::COPY_REPORT,
            id::DOWNLOAD_HAR,
            COPY_STATUS_ID,
        ] {
            assert!(page.find("id", id).is_some(), "#{id}");
        }
        page.assert_labels_name_controls();
        let file = page.find("id", id::FILE).unwrap();
        assert_eq!((file.tag, file.attr_value("type")), ("input", Some("file")));
        assert!(file.attrs.contains(&Attr::Multiple));
        let choose = page.find("for", id::FILE).unwrap();
        assert_eq!((choose.tag, choose.class), ("label", "button"));
        assert_eq!(page.find("id", id::TENANT).unwrap().tag, "textarea");
        assert_eq!(page.find("id", id::EMAIL).unwrap().attr_value("type"), Some("email"));
        let report = page.find("id", id::REPORT).unwrap();
        assert!(report.attrs.contains(&Attr::ReadOnly));
        let download = page.find("id", id::DOWNLOAD_HAR).unwrap();
        assert!(download.attrs.contains(&Attr::Disabled), "nothing to download yet");
        assert!(page.find("id", id::PROGRESS).unwrap().attrs.contains(&Attr::Hidden));
        assert_eq!(
            page.find("id", COPY_STATUS_ID).unwrap().attr_value("role"),
            Some("status")
        );
        assert_eq!(page.find("id", id::STATUS).unwrap().attr_value("role"), Some("status"));
    }

    #[test]
    fn redaction_and_format_start_as_the_preferences_say() {
        let defaults = page(&preferences("{}"));
        assert!(defaults.find("id", id::REDACT).unwrap().attrs.contains(&Attr::Checked));
        fn selected(page: &Page) -> Vec<&str> {
            let format = page.find("id", id::FORMAT).unwrap();
            format
                .children
                .iter()
                .filter(|o| o.attrs.contains(&Attr::Selected))
                .filter_map(|o| o.attr_value("value"))
                .collect()
        }
        assert_eq!(selected(&defaults), [Format::Markdown.word()]);
        let plain = page(&preferences(r#"{"redact":false,"format":"text"}"#));
        assert!(!plain.find("id", id::REDACT).unwrap().attrs.contains(&Attr::Checked));
        assert_eq!(selected(&plain), ["text"]);
    }

    #[test]
    fn speaks_the_preferred_language() {
        let page = page(&preferences(r#"{"lang":"ja"}"#));
        assert_eq!(page.lang, Lang::Ja);
        assert_eq!(page.title, Some(ANALYZER_TITLE.text(Lang::Ja)));
        let h1 = page.nodes().into_iter().find(|n| n.tag == "h1").unwrap();
        assert_eq!(h1.text.as_deref(), Some(ANALYZER_TITLE.text(Lang::Ja)));
        let status = page.find("id", id::STATUS).unwrap();
        assert_eq!(status.text.as_deref(), Some(ANALYZER_EMPTY.text(Lang::Ja)));
    }

    #[test]
    fn a_list_of_subjects_is_offered_the_triage_page() {
        let page = page(&preferences("{}"));
        let link = page.find("data-caldoctor", "open-triage").unwrap();
        assert_eq!(link.attr_value("href"), Some("triage.html"));
        assert_eq!(link.attr_value("target"), Some("_blank"));
        assert!(triage_note(1, Lang::En).is_none(), "one subject is no list");
        let note = triage_note(8, Lang::Ja).unwrap();
        assert!(
            note.all_text()
                .contains(&ANALYZER_TRIAGE_NOTE.fill(Lang::Ja, &[("count", "8")]))
        );
        assert_eq!(
            note.find("data-caldoctor", "open-triage").unwrap().attr_value("href"),
            Some("triage.html")
        );
    }

    #[test]
    fn file_lines_are_text_marked_when_in_error() {
        let line = file_line("<b>x.har</b>: 1 MB", true);
        assert_eq!((line.tag, line.class), ("li", "error"));
        assert_eq!(line.text.as_deref(), Some("<b>x.har</b>: 1 MB"));
        assert_eq!(file_line("y.json", false).class, "");
    }
}
