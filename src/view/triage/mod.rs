//! The triage page (`triage.html`): an organization's users and workspaces in error, one group
//! per cause, biggest first — each cause explained once with the banner's finding nodes, its
//! email domains counted, and its subjects in a virtual list ([`window`]) that the filters and
//! the sort ([`listing`]) narrow and order. The skeleton is built once; the [`board`] the
//! worker builds becomes the overview and the groups; each group's list is built as it is
//! scrolled. `web::triage` mounts these trees and finds their controls by [`id`].

pub mod board;
pub mod listing;
pub mod session;
pub mod window;

use std::ops::Range;

use board::{Board, BoardGroup};
use listing::{Listing, Sort};

use super::analyzer::{drop_line, report_options, status_and_files};
use super::banner::{finding_node, masked_marker};
use super::node::{Action, Attr, COPY_STATUS_ID, ControlType, Node, Page};
use super::preferences::Preferences;
use crate::decode::observation::SubjectKind;
use crate::explain::catalog::*;
use crate::explain::{Explained, Presentation, subject_kind_label};
use crate::triage::Row;

/// The ids of the skeleton's controls and slots (the e2e tests use them too).
pub mod id {
    /// The controls it shares with the analyzer.
    pub use crate::view::analyzer::id::{FILE, FILES, FORMAT, REDACT, STATUS};

    pub const ORG_SLOT: &str = "org-slot";
    pub const ORG: &str = "org";
    pub const FILTERS: &str = "filters";
    pub const KIND: &str = "kind";
    pub const CAUSE_SLOT: &str = "cause-slot";
    pub const CAUSE: &str = "cause";
    pub const DOMAIN_SLOT: &str = "domain-slot";
    pub const DOMAIN: &str = "domain";
    pub const SEARCH: &str = "search";
    pub const SORT: &str = "sort";
    pub const KEYS: &str = "keys-hint";
    pub const RESULTS: &str = "results";
    pub const SUMMARY: &str = "summary";
    pub const DOWNLOAD_CSV: &str = "download-csv";
    pub const COPY_SUMMARY: &str = "copy-summary";

    /// A group's section.
    pub fn group(index: usize) -> String {
        format!("group-{index}")
    }

    pub fn group_title(index: usize) -> String {
        format!("group-{index}-title")
    }

    /// Where a group says how many of its subjects the filters show.
    pub fn group_shown(index: usize) -> String {
        format!("group-{index}-shown")
    }

    /// Where a group's list is built.
    pub fn group_list(index: usize) -> String {
        format!("group-{index}-list")
    }

    /// A group's scrolling view, and the spacer in it that holds the rows.
    pub fn viewport(index: usize) -> String {
        format!("group-{index}-viewport")
    }

    pub fn rows(index: usize) -> String {
        format!("group-{index}-rows")
    }

    /// The row at `position` of a group's list as the filters and the sort made it.
    pub fn row(index: usize, position: usize) -> String {
        format!("group-{index}-row-{position}")
    }
}

/// What the file input accepts.
const ACCEPTED: &str = ".har,.json,.csv,application/json,text/csv,text/plain";
/// The kind filter's values.
const KIND_ALL: &str = "all";
const KIND_USER: &str = "user";
const KIND_WORKSPACE: &str = "workspace";

/// The kind filter's value for a control's word (`all` and anything else: none).
pub fn kind_of(word: &str) -> Option<SubjectKind> {
    match word {
        KIND_USER => Some(SubjectKind::User),
        KIND_WORKSPACE => Some(SubjectKind::Workspace),
        _ => None,
    }
}

/// The page before anything is read: redaction and format as the preferences say.
pub fn page(preferences: &Preferences) -> Page {
    let lang = preferences.lang;
    let t = |msg: Msg| msg.text(lang);
    let header = Node::new("header", "page-header").children([
        Node::text("h1", "", t(TRIAGE_TITLE)),
        Node::text("p", "intro", t(TRIAGE_PAGE_INTRO)),
        Node::new("p", "nav").child(
            Node::text("a", "", t(TRIAGE_PAGE_ANALYZER))
                .attr(Attr::page_link("analyzer.html", None))
                .attr(Attr::DataSection("open-analyzer")),
        ),
    ]);

    let sources = Node::new("section", "input")
        .children([
            Node::new("div", "org-slot").attr(Attr::Id(id::ORG_SLOT.into())),
            drop_line(t(TRIAGE_PAGE_DROP), t(TRIAGE_PAGE_CHOOSE), ACCEPTED),
        ])
        .children(status_and_files(t(TRIAGE_PAGE_EMPTY), lang));

    let kind = Node::select(
        &[
            (KIND_ALL, t(TRIAGE_PAGE_KIND_ALL)),
            (KIND_USER, t(TRIAGE_PAGE_KIND_USERS)),
            (KIND_WORKSPACE, t(TRIAGE_PAGE_KIND_WORKSPACES)),
        ],
        KIND_ALL,
    );
    let sort_label = |sort: Sort| match sort {
        Sort::Since => t(TRIAGE_PAGE_SORT_SINCE),
        Sort::Name => t(TRIAGE_PAGE_SORT_NAME),
        Sort::Domain => t(TRIAGE_PAGE_SORT_DOMAIN),
    };
    let sorts = Sort::ALL.map(|sort| (sort.word(), sort_label(sort)));
    let search = Node::new("input", "")
        .attr(Attr::Type(ControlType::Text))
        .attr(Attr::NoAutocomplete)
        .attr(Attr::NoSpellcheck);
    let filters = Node::new("section", "filters")
        .attr(Attr::Id(id::FILTERS.into()))
        .attr(Attr::DataSection("filters"))
        .attr(Attr::Hidden)
        .children([
            Node::text("h2", "", t(TRIAGE_PAGE_FILTERS)),
            Node::new("div", "filter-row").children([
                Node::field(id::KIND, t(TRIAGE_PAGE_KIND), kind),
                Node::new("div", "slot").attr(Attr::Id(id::CAUSE_SLOT.into())),
                Node::new("div", "slot").attr(Attr::Id(id::DOMAIN_SLOT.into())),
                Node::field(id::SEARCH, t(TRIAGE_PAGE_SEARCH), search),
                Node::field(
                    id::SORT,
                    t(TRIAGE_PAGE_SORT),
                    Node::select(&sorts, Sort::default().word()),
                ),
            ]),
            Node::text("p", "muted", t(TRIAGE_PAGE_KEYS)).attr(Attr::Id(id::KEYS.into())),
        ]);

    let results = Node::new("div", "results")
        .attr(Attr::DataSection("results"))
        .attr(Attr::Id(id::RESULTS.into()));

    let summary = Node::preview("summary", "12");
    let export = Node::new("section", "report").children([
        Node::text("h2", "", t(TRIAGE_PAGE_EXPORT)),
        Node::text("p", "muted", t(TRIAGE_PAGE_EXPORT_HINT)),
        report_options(preferences),
        Node::field(id::SUMMARY, t(TRIAGE_PAGE_SUMMARY_PREVIEW), summary),
        Node::new("div", "actions").children([
            Node::button(t(TRIAGE_PAGE_DOWNLOAD_CSV))
                .attr(Attr::Id(id::DOWNLOAD_CSV.into()))
                .attr(Attr::DataSection("download-csv"))
                .attr(Attr::Disabled),
            Node::button(t(TRIAGE_PAGE_COPY_SUMMARY))
                .attr(Attr::Id(id::COPY_SUMMARY.into()))
                .attr(Attr::DataSection("copy-summary"))
                .attr(Attr::Disabled),
            Node::new("span", "copy-status")
                .attr(Attr::Id(COPY_STATUS_ID.into()))
                .attr(Attr::RoleStatus),
        ]),
    ]);

    Page {
        lang,
        title: Some(t(TRIAGE_TITLE)),
        body: vec![header, sources, filters, results, export],
    }
}

/// One of the lists the page can show: a tab's organization, or the files opened here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The organization, when its lists say (a tab's always do).
    pub org: Option<String>,
    /// What the tab counted of it, when it did.
    pub subjects: Option<usize>,
    /// The files opened on the page.
    pub files: bool,
}

/// The organization picker, shown when there is more than one list to pick from.
pub fn org_field(sources: &[Source], selected: usize, p: &Presentation) -> Option<Node> {
    if sources.len() < 2 {
        return None;
    }
    let lang = p.lang;
    let options = sources.iter().enumerate().map(|(index, source)| {
        let org = source.org.as_deref().map(|org| p.redactor.id(org));
        let label = match (source.files, org, source.subjects) {
            (true, _, _) => TRIAGE_PAGE_FILES_SET.text(lang).to_string(),
            (false, Some(org), Some(count)) => {
                TRIAGE_PAGE_ORG_CHOICE.fill(lang, &[("org", &org), ("count", &count.to_string())])
            }
            (false, org, _) => org.unwrap_or_default(),
        };
        Node::text("option", "", label)
            .attr(Attr::IndexValue(index.to_string()))
            .attrs((index == selected).then_some(Attr::Selected))
    });
    Some(Node::field(
        id::ORG,
        TRIAGE_PAGE_ORG_LABEL.text(lang),
        Node::new("select", "").children(options),
    ))
}

/// The cause filter: every group, by position, `selected` chosen.
pub fn cause_field(board: &Board, selected: Option<usize>, lang: Lang) -> Node {
    let all = Node::text("option", "", TRIAGE_PAGE_CAUSE_ALL.text(lang))
        .attr(Attr::Value(""))
        .attrs(selected.is_none().then_some(Attr::Selected));
    let groups = board.groups.iter().enumerate().map(|(index, group)| {
        Node::text("option", "", format!("{} ({})", group_title(group, lang), group.count))
            .attr(Attr::IndexValue(index.to_string()))
            .attrs((selected == Some(index)).then_some(Attr::Selected))
    });
    Node::field(
        id::CAUSE,
        TRIAGE_PAGE_CAUSE.text(lang),
        Node::new("select", "").child(all).children(groups),
    )
}

/// The domain filter: [`Board::domains`] by position, `selected` chosen.
pub fn domain_field(board: &Board, selected: Option<&str>, lang: Lang) -> Node {
    let all = Node::text("option", "", TRIAGE_PAGE_DOMAIN_ALL.text(lang))
        .attr(Attr::Value(""))
        .attrs(selected.is_none().then_some(Attr::Selected));
    let domains = board.domains().into_iter().enumerate().map(|(index, domain)| {
        let chosen = selected == Some(domain.domain.as_str());
        let label = TRIAGE_PAGE_DOMAIN_CHOICE.fill(
            lang,
            &[("domain", &domain.domain), ("count", &domain.count.to_string())],
        );
        Node::text("option", "", label)
            .attr(Attr::IndexValue(index.to_string()))
            .attrs(chosen.then_some(Attr::Selected))
    });
    Node::field(
        id::DOMAIN,
        TRIAGE_PAGE_DOMAIN.text(lang),
        Node::new("select", "").child(all).children(domains),
    )
}

/// A group's one-line title: its kind's, with the diagnosis in words when it has one.
fn group_title(group: &BoardGroup, lang: Lang) -> String {
    match diagnosis_words(group.diagnosis()) {
        Some(words) => format!("{} — {}", group.example.title, words.text(lang)),
        None => group.example.title.clone(),
    }
}

fn diagnosis_words(diagnosis: Option<&str>) -> Option<Msg> {
    Some(match diagnosis? {
        "domain-not-in-tenant" => TRIAGE_PAGE_DIAGNOSIS_DOMAIN_NOT_IN_TENANT,
        "mailbox-not-found" => TRIAGE_PAGE_DIAGNOSIS_MAILBOX_NOT_FOUND,
        _ => TRIAGE_PAGE_DIAGNOSIS_UNDETERMINED,
    })
}

/// The overview, the org-wide findings and every group, their lists empty (see [`grid`]); in
/// screen-share mode a marker first.
pub fn board_nodes(board: &Board, preferences: &Preferences) -> Vec<Node> {
    let lang = preferences.lang;
    let mut nodes = Vec::new();
    if preferences.mask {
        nodes.push(masked_marker(lang));
    }
    let mut overview = Node::new("section", "results-section overview")
        .attr(Attr::DataSection("overview"))
        .child(Node::text("h2", "", TRIAGE_PAGE_OVERVIEW.text(lang)))
        .child(Node::text("p", "counts", counts_line(board, None, lang)).attr(Attr::DataSection("counts")));
    if !board.summary.is_empty() {
        let counts: Vec<String> = board.summary.iter().map(|(state, n)| format!("{state} {n}")).collect();
        overview = overview.child(Node::text(
            "p",
            "muted",
            TRIAGE_PAGE_SUMMARY_COUNTS.fill(lang, &[("counts", &counts.join(" · "))]),
        ));
    }
    nodes.push(overview);
    // The finding nodes read only the language and the time note of an explanation.
    let explained = Explained {
        lang,
        findings: Vec::new(),
        omitted: 0,
        timelines: Vec::new(),
        requests: Vec::new(),
        skipped: Vec::new(),
        time_note: TIME_NOTE.text(lang).to_string(),
    };
    if !board.org.is_empty() {
        nodes.push(
            Node::new("section", "results-section")
                .attr(Attr::DataSection("org"))
                .child(Node::text("h2", "", TRIAGE_ORG_FINDINGS.text(lang)))
                .children(
                    board
                        .org
                        .iter()
                        .enumerate()
                        .map(|(i, f)| finding_node(f, i, &explained)),
                ),
        );
    }
    let first_example = board.org.len();
    nodes.extend(
        board
            .groups
            .iter()
            .enumerate()
            .map(|(index, group)| group_node(group, index, first_example + index, &explained)),
    );
    if !board.skipped.is_empty() {
        nodes.push(
            Node::new("section", "results-section")
                .attr(Attr::DataSection("skipped"))
                .child(Node::text("h2", "", ANALYZER_SKIPPED.text(lang)))
                .child(Node::new("ul", "skipped").children(board.skipped.iter().map(|s| {
                    let place = [
                        Some(s.file.clone()),
                        s.entry.map(|e| format!("#{}", e + 1)),
                        s.url.clone(),
                    ];
                    let place: Vec<String> = place.into_iter().flatten().collect();
                    Node::text("li", "", format!("{}: {}", place.join(" "), s.reason))
                }))),
        );
    }
    nodes
}

/// How many subjects are in error, and, when the filters narrow them, how many are shown.
pub fn counts_line(board: &Board, shown: Option<usize>, lang: Lang) -> String {
    let total = board.subjects_total.to_string();
    let in_error = board.subjects_in_error.to_string();
    match shown {
        Some(shown) => TRIAGE_PAGE_SHOWING.fill(
            lang,
            &[
                ("shown", &shown.to_string()),
                ("in_error", &in_error),
                ("total", &total),
            ],
        ),
        None if board.subjects_total == 0 && board.groups.is_empty() => TRIAGE_NOTHING_READ.text(lang).to_string(),
        None if board.groups.is_empty() => TRIAGE_NONE_IN_ERROR.fill(lang, &[("total", &total)]),
        None => TRIAGE_COUNTS.fill(
            lang,
            &[
                ("in_error", &in_error),
                ("total", &total),
                ("groups", &board.groups.len().to_string()),
            ],
        ),
    }
}

/// What a group's head says of its subjects: how many, and how many the filters show.
pub fn group_count(count: usize, shown: usize, lang: Lang) -> String {
    if shown == count {
        TRIAGE_PAGE_GROUP_COUNT.fill(lang, &[("count", &count.to_string())])
    } else {
        TRIAGE_PAGE_GROUP_SHOWN.fill(lang, &[("shown", &shown.to_string()), ("count", &count.to_string())])
    }
}

/// One cause: its title and count, its domains, its explanation and fix once, and where its
/// list goes. `finding_index` keeps the finding node's ids unique on the page.
fn group_node(group: &BoardGroup, index: usize, finding_index: usize, explained: &Explained) -> Node {
    let lang = explained.lang;
    let (severity, _, _) = super::banner::severity(group.severity);
    let head = Node::new("div", "group-head").children([
        Node::text("h2", "", group_title(group, lang)).attr(Attr::Id(id::group_title(index))),
        Node::text("span", "group-count", group_count(group.count, group.count, lang))
            .attr(Attr::Id(id::group_shown(index))),
    ]);
    let domains_label = if group.diagnosis() == Some("domain-not-in-tenant") {
        TRIAGE_PAGE_DOMAINS_NOT_IN_TENANT
    } else {
        TRIAGE_DOMAINS
    };
    let domains = (!group.domains.is_empty()).then(|| {
        Node::new("div", "domains")
            .attr(Attr::DataSection("domains"))
            .child(Node::text("span", "label", domains_label.text(lang)))
            .child(Node::new("ul", "").children(group.domains.iter().map(|d| {
                Node::new("li", "").children([
                    Node::text("span", "domain", d.domain.clone()),
                    Node::text("span", "domain-count", d.count.to_string()),
                ])
            })))
    });
    let explain = Node::new("details", "explain")
        .attr(Attr::Open)
        .child(Node::text("summary", "", TRIAGE_PAGE_EXPLAIN.text(lang)))
        .child(finding_node(&group.example, finding_index, explained));
    Node::new("section", "triage-group")
        .attr(Attr::Id(id::group(index)))
        .attr(Attr::DataTriageGroup(group.code()))
        .attrs(group.diagnosis().map(Attr::DataDiagnosis))
        .attr(Attr::count(group.count))
        .attr(Attr::DataSeverity(severity))
        .attr(Attr::AriaLabelledBy(id::group_title(index)))
        .child(head)
        .children(domains)
        .child(explain)
        .child(Node::new("div", "list-slot").attr(Attr::Id(id::group_list(index))))
}

/// A group's list of `total` rows (as the filters leave them): its column heads and the
/// scrolling view, whose spacer is as tall as every row; the rows go in with [`rows`].
pub fn grid(index: usize, total: usize, lang: Lang) -> Node {
    let t = |msg: Msg| msg.text(lang);
    let heads = [
        TRIAGE_PAGE_COL_SUBJECT,
        TRIAGE_PAGE_COL_KIND,
        TRIAGE_PAGE_COL_SINCE,
        TRIAGE_PAGE_COL_MESSAGE,
        TRIAGE_PAGE_COL_TRACKING,
    ]
    .map(|head| Node::text("div", "cell", t(head)).attr(Attr::Role("columnheader")));
    let mut list = Node::new("div", "grid")
        .attr(Attr::Role("grid"))
        .attr(Attr::DataSection("grid"))
        .attr(Attr::AriaLabelledBy(id::group_title(index)))
        .attr(Attr::AriaDescribedBy(id::KEYS.into()))
        .attr(Attr::AriaRowCount((total + 1).to_string()))
        .attr(Attr::TabIndex("0"))
        .child(
            Node::new("div", "grid-head")
                .attr(Attr::Role("row"))
                .attr(Attr::AriaRowIndex("1".into()))
                .children(heads),
        )
        .child(
            Node::new("div", "viewport")
                .attr(Attr::Role("rowgroup"))
                .attr(Attr::Id(id::viewport(index)))
                .attr(Attr::height_px(window::viewport_height(total)))
                .child(
                    Node::new("div", "spacer")
                        .attr(Attr::Id(id::rows(index)))
                        .attr(Attr::height_px(window::content_height(total))),
                ),
        );
    if total == 0 {
        list = list.child(Node::text("p", "muted", t(TRIAGE_PAGE_NO_MATCH)));
    }
    list
}

/// The rows of group `index` at `range` of `shown` (row positions in the listing, as the
/// filters and the sort left them), `active` marked; personal data as `p`'s redactor says,
/// times in its zone and UTC.
pub fn rows(
    index: usize,
    listing: &Listing,
    shown: &[u32],
    range: Range<usize>,
    active: Option<usize>,
    p: &Presentation,
) -> Vec<Node> {
    let range = range.start.min(shown.len())..range.end.min(shown.len());
    shown[range.clone()]
        .iter()
        .zip(range)
        .filter_map(|(&position, at)| {
            let row = listing.row(index, position as usize)?;
            Some(row_node(row, index, at, active == Some(at), p))
        })
        .collect()
}

fn row_node(row: &Row, group: usize, at: usize, active: bool, p: &Presentation) -> Node {
    let lang = p.lang;
    let r = &p.redactor;
    let cell = |class: &'static str| Node::new("div", class).attr(Attr::Role("gridcell"));
    let name = row.name.as_deref().map(|n| r.name(n));
    let email = row.email.as_deref().map(|e| r.email(e));
    let id = row.id.as_deref().map(|i| r.id(i));
    let (first, second) = match (name, email, id) {
        (Some(name), email, id) => (name, email.or(id)),
        (None, Some(email), id) => (email, id),
        (None, None, id) => (id.unwrap_or_else(|| "—".into()), None),
    };
    let who = cell("cell who")
        .child(Node::text("span", "name", first))
        .children(second.map(|s| Node::text("span", "sub", s)));
    let state = row.state.as_deref().map(|s| p.state_label(s));
    let kind = cell("cell kind")
        .child(Node::text("span", "", subject_kind_label(row.kind, lang)))
        .children(state.map(|s| Node::text("span", "sub", s)));
    let since = match p.moment(row.since) {
        Some(moment) => cell("cell since").children([
            Node::text("time", "when", moment.local.clone())
                .attr(Attr::DateTime(moment.iso.clone()))
                .attr(Attr::TimeTitle(moment.utc.clone())),
            Node::text("span", "sub", moment.utc),
        ]),
        None => cell("cell since").child(Node::text("span", "muted", "—")),
    };
    let message = cell("cell message").child(match &row.message {
        Some(message) => Node::text("span", "", r.text(message)),
        None => Node::text("span", "muted", TRIAGE_PAGE_NO_MESSAGE.text(lang)),
    });
    let tracking = match row.tracking_root.as_deref().map(|t| r.tracking_id(t)) {
        Some(tracking) => cell("cell tracking").children([
            Node::text("code", "", tracking.clone()),
            // Out of the tab order: Enter on the list copies the active row's (see web::triage).
            Node::button(BANNER_COPY.text(lang))
                .attr(Attr::AriaLabel(BANNER_COPY_TRACKING.text(lang)))
                .attr(Attr::TabIndex("-1"))
                .on_click(Action::Copy {
                    text: tracking,
                    done: BANNER_COPIED.text(lang),
                    failed: BANNER_COPY_FAILED.text(lang),
                }),
        ]),
        None => cell("cell tracking").child(Node::text("span", "muted", "—")),
    };
    Node::new("div", if active { "triage-row active" } else { "triage-row" })
        .attr(Attr::Role("row"))
        .attr(Attr::Id(id::row(group, at)))
        .attr(Attr::AriaRowIndex((at + 2).to_string()))
        .attr(Attr::row_px(window::row_top(at), window::ROW_HEIGHT))
        .attrs(active.then_some(Attr::AriaSelected))
        .children([who, kind, since, message, tracking])
}

#[cfg(test)]
mod tests;
