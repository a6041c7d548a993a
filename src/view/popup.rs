//! The toolbar popup (`popup.html`): this tab's banners, one line per subject with its summary
//! and diagnosis, and the switches. Built from what the background keeps; `popup.js` wires the
//! `data-action` elements to the extension APIs: `reveal` (with `data-id`), `pause` and
//! `screen-share` (checkboxes), `analyzer`, `options`, and `triage` (the link to the triage page
//! for the tab, added once the tab's adapter answers that it holds org-wide lists).

use serde::Deserialize;

use super::node::{Attr, Node, Page};
use crate::explain::catalog::*;
use crate::protocol::actions;

/// The background's `{type:'summary'}` answer, plus the settings the popup shows.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PopupData {
    pub paused: bool,
    pub banners: Vec<BannerLine>,
    pub screen_share: bool,
    /// Screen-share mode is set by the admin's policy.
    pub screen_share_locked: bool,
    /// The tab's org-wide lists, once its adapter said it holds some.
    pub triage: Option<TriageCount>,
}

/// What the popup says of a tab's org-wide lists: counting, then how many of their subjects
/// are in error.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TriageCount {
    /// The tab the triage page opens for.
    pub tab: u32,
    pub counting: bool,
    pub in_error: usize,
    pub total: usize,
    /// How many organizations the lists are about.
    pub orgs: usize,
}

/// What a banner frame last reported (see `web::banner`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct BannerLine {
    pub id: String,
    /// The open findings, `code[:diagnosis]` joined by spaces; empty when there is none.
    pub state: String,
    pub subject: String,
    pub summary: String,
    pub dismissed: bool,
}

/// The popup in `lang`.
pub fn page(data: &PopupData, lang: Lang) -> Page {
    let t = |msg: Msg| msg.text(lang);
    // Only banners with something to say; those with nothing are the activated subjects.
    let shown: Vec<&BannerLine> = data.banners.iter().filter(|b| !b.state.is_empty()).collect();
    let banners = if shown.is_empty() {
        Node::text("p", "muted", t(if data.paused { POPUP_PAUSED } else { POPUP_NONE }))
    } else {
        Node::new("ul", "banners")
            .attr(Attr::DataSection("banners"))
            .children(shown.into_iter().map(|banner| banner_line(banner, lang)))
    };
    let pause = Node::checkbox(data.paused).attr(Attr::DataAction(actions::PAUSE));
    let mut share_box = Node::checkbox(data.screen_share).attr(Attr::DataAction(actions::SCREEN_SHARE));
    if data.screen_share_locked {
        share_box = share_box.attr(Attr::Disabled);
    }
    let mut share = Node::check_label(t(POPUP_SCREEN_SHARE), share_box);
    if data.screen_share_locked {
        share = share.attr(Attr::Title(t(OPTIONS_LOCKED)));
    }
    Page {
        lang,
        title: None,
        body: vec![
            Node::text("h1", "", t(EXT_NAME)),
            banners,
            Node::new("div", "switches").children([Node::check_label(t(POPUP_PAUSE), pause), share]),
            Node::new("div", "actions").children([
                Node::button(t(POPUP_ANALYZER)).attr(Attr::DataAction(actions::ANALYZER)),
                Node::button(t(POPUP_OPTIONS)).attr(Attr::DataAction(actions::OPTIONS)),
            ]),
        ]
        .into_iter()
        .chain(data.triage.as_ref().map(|triage| triage_link(triage, lang)))
        .collect(),
    }
}

/// `triage.html#tab=<id>`, saying how many of the tab's subjects are in error.
fn triage_link(triage: &TriageCount, lang: Lang) -> Node {
    let (in_error, total, orgs) = (
        triage.in_error.to_string(),
        triage.total.to_string(),
        triage.orgs.to_string(),
    );
    let text = match triage {
        TriageCount { counting: true, .. } => POPUP_TRIAGE_COUNTING.text(lang).to_string(),
        TriageCount { orgs: 0 | 1, .. } => POPUP_TRIAGE.fill(lang, &[("in_error", &in_error), ("total", &total)]),
        _ => POPUP_TRIAGE_ORGS.fill(lang, &[("in_error", &in_error), ("total", &total), ("orgs", &orgs)]),
    };
    Node::new("p", "triage").child(
        Node::text("a", "", text)
            .attr(Attr::page_link("triage.html", Some(triage.tab)))
            .attr(Attr::DataSection("open-triage"))
            .attr(Attr::DataAction(actions::TRIAGE)),
    )
}

fn banner_line(banner: &BannerLine, lang: Lang) -> Node {
    let diagnoses: Vec<&str> = banner
        .state
        .split(' ')
        .filter_map(|part| part.split_once(':'))
        .map(|(_, diagnosis)| diagnosis)
        .collect();
    let diagnosis = (!diagnoses.is_empty()).then(|| {
        Node::text(
            "p",
            "diagnosis",
            POPUP_DIAGNOSIS.fill(lang, &[("diagnosis", &diagnoses.join(", "))]),
        )
    });
    let reveal = if banner.dismissed { POPUP_SHOW } else { POPUP_SCROLL };
    Node::new("li", "banner-line")
        .attr(Attr::DataState(banner.state.clone()))
        .child(Node::text("p", "summary", banner.summary.clone()))
        .child(Node::text("p", "subject", banner.subject.clone()))
        .children(diagnosis)
        .child(
            Node::button(reveal.text(lang))
                .attr(Attr::DataAction(actions::REVEAL))
                .attr(Attr::DataId(banner.id.clone())),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(json: &str) -> PopupData {
        serde_json::from_str(json).unwrap()
    }

    const TWO_BANNERS: &str = r#"{"banners":[
        {"id":"b1","state":"o365-unauthorized:mailbox-not-found","subject":"workspace · W1","summary":"Hybrid Calendar problem: Microsoft 365"},
        {"id":"b2","state":"","subject":"user · ok","summary":"No Hybrid Calendar problem found"},
        {"id":"b3","state":"o365-forbidden","subject":"user · U","summary":"<b>Forbidden</b>","dismissed":true}
    ]}"#;

    fn actions(page: &Page) -> Vec<&str> {
        page.nodes()
            .into_iter()
            .filter_map(|n| n.attr_value("data-action"))
            .collect()
    }

    #[test]
    fn one_line_per_banner_with_something_to_say() {
        let page = page(&data(TWO_BANNERS), Lang::En);
        let lines: Vec<&Node> = page.nodes().into_iter().filter(|n| n.class == "banner-line").collect();
        assert_eq!(lines.len(), 2, "the activated subject has no line");
        assert_eq!(
            lines[0].attr_value("data-state"),
            Some("o365-unauthorized:mailbox-not-found")
        );
        let first = lines[0].all_text();
        assert!(
            first.contains("Microsoft 365") && first.contains("workspace · W1"),
            "{first}"
        );
        assert!(first.contains("mailbox-not-found"), "the diagnosis: {first}");
        assert!(
            !lines[1].walk().iter().any(|n| n.class == "diagnosis"),
            "no diagnosis, no line for it"
        );
        assert!(
            lines[1]
                .walk()
                .iter()
                .any(|n| n.text.as_deref() == Some("<b>Forbidden</b>"))
        );

        let reveal: Vec<(&str, &str)> = lines
            .iter()
            .map(|line| {
                let button = line.find("data-action", "reveal").unwrap();
                (button.attr_value("data-id").unwrap(), button.text.as_deref().unwrap())
            })
            .collect();
        assert_eq!(
            reveal,
            [("b1", POPUP_SCROLL.text(Lang::En)), ("b3", POPUP_SHOW.text(Lang::En))],
            "a dismissed banner is shown again"
        );
        assert!(page.find("data-caldoctor", "banners").is_some());
        assert_eq!(
            actions(&page),
            ["reveal", "reveal", "pause", "screen-share", "analyzer", "options"]
        );
    }

    #[test]
    fn nothing_to_show_says_so_or_says_paused() {
        for (json, said) in [(r#"{}"#, POPUP_NONE), (r#"{"paused":true}"#, POPUP_PAUSED)] {
            let page = page(&data(json), Lang::En);
            assert!(page.find("data-caldoctor", "banners").is_none());
            assert!(
                page.nodes()
                    .iter()
                    .any(|n| n.text.as_deref() == Some(said.text(Lang::En)))
            );
        }
        assert_eq!(
            actions(&page(&data("{}"), Lang::En)),
            ["pause", "screen-share", "analyzer", "options"]
        );
    }

    #[test]
    fn the_triage_link_counts_the_tabs_subjects_in_error_once_they_are_counted() {
        let link = |json: &str, lang| {
            let page = page(&data(json), lang);
            page.find("data-caldoctor", "open-triage").cloned()
        };
        assert!(link("{}", Lang::En).is_none(), "no list, no link");
        let counting = link(r#"{"triage":{"tab":7,"counting":true}}"#, Lang::En).unwrap();
        assert_eq!(counting.tag, "a");
        assert_eq!(counting.attr_value("href"), Some("triage.html#tab=7"));
        assert_eq!(counting.attr_value("data-action"), Some("triage"));
        assert_eq!(counting.text.as_deref(), Some(POPUP_TRIAGE_COUNTING.text(Lang::En)));
        let counted = link(r#"{"triage":{"tab":7,"inError":6,"total":8,"orgs":1}}"#, Lang::En).unwrap();
        assert_eq!(
            counted.text.as_deref(),
            Some("Triage: 6 of 8 users and workspaces in error")
        );
        let two = link(r#"{"triage":{"tab":7,"inError":6,"total":9,"orgs":2}}"#, Lang::Ja).unwrap();
        assert_eq!(
            two.text.as_deref(),
            Some(
                POPUP_TRIAGE_ORGS
                    .fill(Lang::Ja, &[("in_error", "6"), ("total", "9"), ("orgs", "2")])
                    .as_str()
            )
        );
        let with = page(&data(r#"{"triage":{"tab":7,"counting":true}}"#), Lang::En);
        assert_eq!(actions(&with).last(), Some(&"triage"), "after the popup's own controls");
    }

    #[test]
    fn the_switches_show_the_state_and_a_policy_lock() {
        let page = page(
            &data(r#"{"paused":true,"screenShare":true,"screenShareLocked":true}"#),
            Lang::Ja,
        );
        assert_eq!(page.lang, Lang::Ja);
        let pause = page.find("data-action", "pause").unwrap();
        assert_eq!((pause.tag, pause.attr_value("type")), ("input", Some("checkbox")));
        assert!(pause.attrs.contains(&Attr::Checked) && !pause.attrs.contains(&Attr::Disabled));
        let share = page.find("data-action", "screen-share").unwrap();
        assert!(share.attrs.contains(&Attr::Checked) && share.attrs.contains(&Attr::Disabled));
        let locked = page.find("title", OPTIONS_LOCKED.text(Lang::Ja)).unwrap();
        assert_eq!(locked.class, "check");
        assert!(locked.all_text().contains(POPUP_SCREEN_SHARE.text(Lang::Ja)));

        let free = super::page(&data("{}"), Lang::En);
        let has = |action: &str, attr: &Attr| free.find("data-action", action).unwrap().attrs.contains(attr);
        assert!(!has("pause", &Attr::Checked) && !has("screen-share", &Attr::Disabled));
        assert!(free.nodes().iter().all(|n| n.attr_value("title").is_none()));
    }
}
