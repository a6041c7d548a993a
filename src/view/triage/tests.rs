use super::board::tests::org_triage;
use super::listing::Filter;
use super::window::{MARGIN, VISIBLE_ROWS, viewport_height, window};
use super::*;
use crate::decode::observation::Severity;
use crate::explain::Zone;
use crate::explain::redact::Redactor;
use crate::time::Timestamp;
use crate::view::preferences::Choices;

fn preferences(json: &str) -> Preferences {
    serde_json::from_str::<Choices>(json).unwrap().preferences()
}

fn presentation(lang: Lang, mask: bool) -> Presentation {
    Presentation {
        lang,
        zone: Zone::fixed(9 * 60),
        redactor: Redactor::new(mask),
    }
}

fn board(lang: Lang, mask: bool) -> Board {
    Board::of(&org_triage(), &presentation(lang, mask))
}

const TRACKING: &str = "ATLAS_3f0c8d2e-77aa-4b1c-9e55-0d1f2a3b4c5d_12";

/// The org fixture's rows, listed as the page lists them; the first with the tracking ID a
/// journal would have given it (status lists carry none).
fn org_listing() -> Listing {
    let triage = org_triage();
    let mut listing = Listing::new(triage.groups.len());
    for (index, group) in triage.groups.iter().enumerate() {
        let mut rows = group.rows.clone();
        if index == 0 {
            rows[0].tracking_root = Some(TRACKING.into());
        }
        listing.extend(index, rows);
    }
    listing
}

/// Every node the page would hold for `nodes`.
fn all(nodes: &[Node]) -> Vec<&Node> {
    nodes.iter().flat_map(Node::walk).collect()
}

/// The rule of `view::node` for this page's own attributes: what is generated stays numbers
/// and generated ids, whatever the data.
fn assert_safe(nodes: &[&Node]) {
    for node in nodes {
        for attr in &node.attrs {
            let value = attr.value();
            match attr {
                Attr::Style(_) => assert!(
                    ["height:", "top:"].iter().any(|p| value
                        .strip_prefix(p)
                        .and_then(|v| v.strip_suffix("px"))
                        .is_some_and(|n| n.parse::<u32>().is_ok())),
                    "{value}"
                ),
                Attr::AriaRowCount(_) | Attr::AriaRowIndex(_) | Attr::DataCount(_) | Attr::IndexValue(_) => {
                    assert!(value.parse::<usize>().is_ok(), "{} {value}", attr.name())
                }
                Attr::Id(_) | Attr::AriaLabelledBy(_) | Attr::AriaDescribedBy(_) | Attr::For(_) => assert!(
                    value
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                    "{value}"
                ),
                Attr::PageLink(_) => assert!(
                    ["analyzer.html", "triage.html"]
                        .iter()
                        .any(|page| value.starts_with(page)),
                    "{value}"
                ),
                Attr::DataId(_) | Attr::DataState(_) | Attr::DataOrg(_) | Attr::DataTenant(_) => {
                    panic!("the triage page carries {}", attr.name())
                }
                _ => {}
            }
        }
    }
}

#[test]
fn the_skeleton_has_every_control_labelled_in_both_languages() {
    for lang in ["en", "ja"] {
        let page = page(&preferences(&format!(r#"{{"lang":"{lang}"}}"#)));
        for control in [
            id::ORG_SLOT,
            id::FILE,
            id::STATUS,
            id::FILES,
            id::FILTERS,
            id::KIND,
            id::CAUSE_SLOT,
            id::DOMAIN_SLOT,
            id::SEARCH,
            id::SORT,
            id::KEYS,
            id::RESULTS,
            id::REDACT,
            id::FORMAT,
            id::SUMMARY,
            id::DOWNLOAD_CSV,
            id::COPY_SUMMARY,
            COPY_STATUS_ID,
        ] {
            assert!(page.find("id", control).is_some(), "#{control}");
        }
        page.assert_labels_name_controls();
        assert_eq!(page.find("id", id::STATUS).unwrap().attr_value("role"), Some("status"));
        assert!(
            page.find("id", id::FILTERS).unwrap().attrs.contains(&Attr::Hidden),
            "no filters before a list"
        );
        for button in [id::DOWNLOAD_CSV, id::COPY_SUMMARY] {
            assert!(
                page.find("id", button).unwrap().attrs.contains(&Attr::Disabled),
                "nothing to export yet"
            );
        }
        assert_eq!(
            page.find("data-caldoctor", "open-analyzer").unwrap().attr_value("href"),
            Some("analyzer.html")
        );
        assert_safe(&page.nodes());
    }
    let ja = page(&preferences(r#"{"lang":"ja"}"#));
    assert_eq!((ja.lang, ja.title), (Lang::Ja, Some(TRIAGE_TITLE.text(Lang::Ja))));
    assert_eq!(
        ja.find("for", id::SEARCH).unwrap().text.as_deref(),
        Some(TRIAGE_PAGE_SEARCH.text(Lang::Ja))
    );
    let en = page(&preferences("{}"));
    let sorts: Vec<_> = en
        .find("id", id::SORT)
        .unwrap()
        .children
        .iter()
        .filter_map(|o| o.attr_value("value"))
        .collect();
    assert_eq!(sorts, ["since", "name", "domain"]);
}

#[test]
fn redaction_and_format_start_as_the_preferences_say() {
    let plain = page(&preferences(r#"{"redact":false,"format":"text"}"#));
    assert!(!plain.find("id", id::REDACT).unwrap().attrs.contains(&Attr::Checked));
    let defaults = page(&preferences("{}"));
    assert!(defaults.find("id", id::REDACT).unwrap().attrs.contains(&Attr::Checked));
}

#[test]
fn one_group_per_cause_biggest_first_with_its_domains_and_explanation() {
    let board = board(Lang::En, false);
    let nodes = board_nodes(&board, &preferences("{}"));
    let groups: Vec<&Node> = all(&nodes)
        .into_iter()
        .filter(|n| n.attr_value("data-triage-group").is_some())
        .collect();
    let seen: Vec<_> = groups
        .iter()
        .map(|g| {
            (
                g.attr_value("data-triage-group").unwrap(),
                g.attr_value("data-diagnosis"),
                g.attr_value("data-count").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("o365-unauthorized", Some("domain-not-in-tenant"), "4"),
            ("o365-unauthorized", Some("mailbox-not-found"), "1"),
            ("status-error-without-message", None, "1"),
        ]
    );
    let first = groups[0];
    assert_eq!(first.tag, "section");
    assert_eq!(first.attr_value("aria-labelledby"), Some("group-0-title"));
    let heading = first.find("id", "group-0-title").unwrap();
    assert_eq!(heading.tag, "h2");
    assert!(
        heading.text.as_deref().unwrap().contains("domain in no tenant"),
        "{heading:?}"
    );
    let domains = first.find("data-caldoctor", "domains").unwrap().all_text();
    assert!(
        domains.starts_with(TRIAGE_PAGE_DOMAINS_NOT_IN_TENANT.text(Lang::En))
            && domains.contains("rooms.example.net 3"),
        "which domains, how many each: {domains}"
    );
    assert!(domains.contains("legacy.example.org 1"), "{domains}");
    // The banner's finding node, once: the explanation and the fix.
    let findings = first
        .walk()
        .into_iter()
        .filter(|n| n.attr_value("data-finding").is_some())
        .count();
    assert_eq!(findings, 1);
    let explained = first.all_text();
    assert!(explained.contains(BANNER_FIX.text(Lang::En)) && explained.contains(BANNER_ROOT_CAUSE.text(Lang::En)));
    assert!(first.find("id", "group-0-list").is_some(), "where the list goes");
    assert_eq!(
        groups[2]
            .find("data-caldoctor", "domains")
            .map(|d| d.all_text().contains(TRIAGE_DOMAINS.text(Lang::En))),
        Some(true)
    );

    let counts = all(&nodes)
        .into_iter()
        .find(|n| n.attr_value("data-caldoctor") == Some("counts"))
        .unwrap();
    assert_eq!(
        counts.text.as_deref(),
        Some(
            TRIAGE_COUNTS
                .fill(Lang::En, &[("in_error", "6"), ("total", "8"), ("groups", "3")])
                .as_str()
        )
    );
    let ids: Vec<&str> = all(&nodes).into_iter().filter_map(|n| n.attr_value("id")).collect();
    for id in &ids {
        assert_eq!(ids.iter().filter(|other| other == &id).count(), 1, "one #{id}");
    }
    assert_safe(&all(&nodes));
}

#[test]
fn counts_say_what_the_filters_show() {
    let board = board(Lang::En, false);
    assert!(counts_line(&board, Some(2), Lang::En).starts_with("Showing 2 of the 6"));
    assert_eq!(group_count(4, 4, Lang::En), "4 in error");
    assert_eq!(group_count(4, 1, Lang::En), "1 of 4 shown");
    let empty = Board::default();
    assert_eq!(counts_line(&empty, None, Lang::En), TRIAGE_NOTHING_READ.text(Lang::En));
    let healthy = Board {
        subjects_total: 3,
        ..Board::default()
    };
    assert_eq!(
        counts_line(&healthy, None, Lang::Ja),
        TRIAGE_NONE_IN_ERROR.fill(Lang::Ja, &[("total", "3")])
    );
}

#[test]
fn japanese_throughout() {
    let board = board(Lang::Ja, false);
    let nodes = board_nodes(&board, &preferences(r#"{"lang":"ja"}"#));
    let text: String = nodes.iter().map(Node::all_text).collect();
    assert!(text.contains(TRIAGE_PAGE_OVERVIEW.text(Lang::Ja)) && text.contains(TRIAGE_PAGE_EXPLAIN.text(Lang::Ja)));
    assert!(text.contains(TRIAGE_PAGE_DIAGNOSIS_DOMAIN_NOT_IN_TENANT.text(Lang::Ja)));
    let listing = org_listing();
    let shown: Vec<u32> = (0..listing.len(0) as u32).collect();
    let rows = rows(
        0,
        &listing,
        &shown,
        0..shown.len(),
        None,
        &presentation(Lang::Ja, false),
    );
    let row = rows[0].all_text();
    assert!(
        row.contains("ワークスペース") && row.contains("(UTC+09:00)") && row.contains(" UTC"),
        "{row}"
    );
    let grid = grid(0, 4, Lang::Ja).all_text();
    assert!(grid.contains(TRIAGE_PAGE_COL_TRACKING.text(Lang::Ja)));
}

#[test]
fn a_row_says_who_since_when_what_and_its_tracking_id() {
    let listing = org_listing();
    let shown: Vec<u32> = (0..listing.len(0) as u32).collect();
    let nodes = rows(
        0,
        &listing,
        &shown,
        0..shown.len(),
        Some(1),
        &presentation(Lang::En, false),
    );
    assert_eq!(nodes.len(), 4);
    let first = &nodes[0];
    let row = listing.row(0, 0).unwrap();
    assert_eq!(
        (first.attr_value("role"), first.attr_value("aria-rowindex")),
        (Some("row"), Some("2"))
    );
    assert_eq!(first.attr_value("id"), Some("group-0-row-0"));
    let h = window::ROW_HEIGHT;
    assert_eq!(
        first.attr_value("style"),
        Some(format!("top:0px;height:{h}px").as_str())
    );
    assert_eq!(
        nodes[1].attr_value("style"),
        Some(format!("top:{h}px;height:{h}px").as_str())
    );
    assert!(nodes[1].attrs.contains(&Attr::AriaSelected) && nodes[1].class.contains("active"));
    assert!(!first.attrs.contains(&Attr::AriaSelected));
    let text = first.all_text();
    assert!(
        text.contains(row.name.as_deref().unwrap()) && text.contains(row.email.as_deref().unwrap()),
        "{text}"
    );
    assert!(
        text.contains("workspace") && text.contains(&STATE_ERROR.fill(Lang::En, &[("state", "error")])),
        "{text}"
    );
    assert!(text.contains(row.message.as_deref().unwrap()), "verbatim: {text}");
    let since = row.since.unwrap();
    assert!(
        text.contains(&Zone::fixed(540).local(since)) && text.contains(&crate::explain::zone::utc(since)),
        "{text}"
    );
    let time = first.walk().into_iter().find(|n| n.tag == "time").unwrap();
    assert_eq!(time.attr_value("datetime"), Some(since.to_rfc3339().as_str()));
    let cells = first
        .children
        .iter()
        .filter(|c| c.attr_value("role") == Some("gridcell"))
        .count();
    assert_eq!(cells, 5);
    // The row with a tracking ID has it whole, with a copy button out of the tab order.
    assert!(text.contains(TRACKING), "whole: {text}");
    let button = first.walk().into_iter().find(|n| n.tag == "button").unwrap();
    assert_eq!(button.attr_value("tabindex"), Some("-1"));
    assert!(matches!(&button.action, Some(Action::Copy { text, .. }) if text == TRACKING));
    assert!(
        nodes[1].walk().iter().all(|n| n.tag != "button"),
        "no tracking ID, no button"
    );
}

#[test]
fn screen_share_masks_names_emails_and_ids_on_screen_not_domains_nor_tracking_ids() {
    let triage = org_triage();
    let masked = Board::of(&triage, &presentation(Lang::En, true));
    let nodes = board_nodes(&masked, &preferences(r#"{"screenShare":true}"#));
    assert_eq!(
        nodes[0].attr_value("data-caldoctor"),
        Some("masked"),
        "a visible marker"
    );
    let listing = org_listing();
    let shown: Vec<u32> = (0..listing.len(0) as u32).collect();
    let rows = rows(0, &listing, &shown, 0..shown.len(), None, &presentation(Lang::En, true));
    let text: String = rows.iter().chain(&nodes).map(Node::all_text).collect();
    for row in triage.groups.iter().flat_map(|g| &g.rows) {
        for personal in [&row.name, &row.email, &row.id].into_iter().flatten() {
            assert!(!text.contains(personal.as_str()), "{personal} on screen");
        }
    }
    assert!(
        text.contains("R***") && text.contains("***@rooms.example.net"),
        "{text}"
    );
    assert!(text.contains(TRACKING), "tracking IDs stay whole");
    let unmasked = board_nodes(&Board::of(&triage, &presentation(Lang::En, false)), &preferences("{}"));
    assert!(unmasked[0].attr_value("data-caldoctor") != Some("masked"));
}

/// 40,000 subjects: the list's DOM is the window, whatever the scroll.
#[test]
fn a_large_list_builds_only_the_rows_in_view() {
    let total = 40_000;
    let mut listing = Listing::new(1);
    listing.extend(
        0,
        (0..total)
            .map(|i| Row {
                id: Some(format!("{i:08x}-5d1b-4c8e-9f0a-7b2d4e6f8a10")),
                kind: if i % 3 == 0 {
                    SubjectKind::User
                } else {
                    SubjectKind::Workspace
                },
                name: Some(format!("Room {i}")),
                email: Some(format!("room{i}@d{}.example", i % 7)),
                state: Some("error".into()),
                since: Timestamp::parse("2026-11-27T01:24:00Z"),
                message: Some("Received error 'Unauthorized' from O365. Admin action is required.".into()),
                tracking_root: Some(format!("ATLAS_{i}")),
                severity: Severity::Error,
            })
            .collect(),
    );
    let shown = listing.select(&Filter::default(), Sort::Since).remove(0);
    let list = grid(0, shown.len(), Lang::En);
    assert_eq!(list.attr_value("aria-rowcount"), Some("40001"));
    assert_eq!(list.attr_value("tabindex"), Some("0"));
    let spacer = list.find("id", "group-0-rows").unwrap();
    assert_eq!(
        spacer.attr_value("style"),
        Some(format!("height:{}px", total as u32 * window::ROW_HEIGHT).as_str())
    );
    let height = f64::from(viewport_height(total));
    let p = presentation(Lang::En, false);
    for scroll in [0.0, 123_456.0, f64::from(window::content_height(total)) - height] {
        let range = window(shown.len(), scroll, height);
        let built = rows(0, &listing, &shown, range.clone(), None, &p);
        assert!(
            built.len() <= VISIBLE_ROWS + 1 + 2 * MARGIN,
            "{} rows at {scroll}",
            built.len()
        );
        assert_eq!(
            built[0].attr_value("aria-rowindex"),
            Some((range.start + 2).to_string().as_str())
        );
    }
    let last = rows(0, &listing, &shown, window(total, f64::MAX, height), None, &p);
    assert_eq!(last.last().unwrap().attr_value("id"), Some("group-0-row-39999"));
    assert!(last.last().unwrap().all_text().contains("Room 39999"));
    assert!(rows(0, &listing, &shown, total + 5..total + 9, None, &p).is_empty());
    let narrowed = listing
        .select(
            &Filter {
                text: "room3999".into(),
                ..Filter::default()
            },
            Sort::Name,
        )
        .remove(0);
    assert_eq!(narrowed.len(), 11, "Room 3999 and Room 39990 to 39999");
    assert!(
        grid(0, 0, Lang::En)
            .all_text()
            .contains(TRIAGE_PAGE_NO_MATCH.text(Lang::En))
    );
}

#[test]
fn the_pickers_offer_every_list_cause_and_domain() {
    let p = presentation(Lang::En, true);
    let tab = |org: &str, subjects| Source {
        org: Some(org.into()),
        subjects: Some(subjects),
        files: false,
    };
    assert!(
        org_field(&[tab("1eb65fdf-9643-417f-9974-ad72cae0e10f", 8)], 0, &p).is_none(),
        "one list, no picker"
    );
    let sources = [
        tab("1eb65fdf-9643-417f-9974-ad72cae0e10f", 8),
        tab("2eb65fdf-9643-417f-9974-ad72cae0e10f", 40_000),
        Source {
            org: None,
            subjects: None,
            files: true,
        },
    ];
    let field = org_field(&sources, 1, &p).unwrap();
    let options: Vec<(String, bool)> = field
        .walk()
        .into_iter()
        .filter(|n| n.tag == "option")
        .map(|n| (n.text.clone().unwrap(), n.attrs.contains(&Attr::Selected)))
        .collect();
    assert_eq!(
        options,
        [
            ("1eb6… (8 users and workspaces)".to_string(), false),
            ("2eb6… (40000 users and workspaces)".to_string(), true),
            (TRIAGE_PAGE_FILES_SET.text(Lang::En).to_string(), false),
        ],
        "org ids masked in screen-share mode"
    );

    let board = board(Lang::En, false);
    let causes = cause_field(&board, Some(1), Lang::En);
    let selected: Vec<&str> = causes
        .walk()
        .into_iter()
        .filter(|n| n.attrs.contains(&Attr::Selected))
        .filter_map(|n| n.attr_value("value"))
        .collect();
    assert_eq!(selected, ["1"]);
    assert_eq!(causes.walk().into_iter().filter(|n| n.tag == "option").count(), 4);
    let domains = domain_field(&board, Some("legacy.example.org"), Lang::En);
    let chosen = domains
        .walk()
        .into_iter()
        .find(|n| n.attrs.contains(&Attr::Selected))
        .unwrap();
    assert_eq!(chosen.text.as_deref(), Some("legacy.example.org (1)"));
    assert_eq!(kind_of("user"), Some(SubjectKind::User));
    assert_eq!(kind_of("workspace"), Some(SubjectKind::Workspace));
    assert_eq!(kind_of("all"), None);
    assert_safe(
        &[&field, &causes, &domains]
            .into_iter()
            .flat_map(Node::walk)
            .collect::<Vec<_>>(),
    );
}
