//! The options page (`options.html`): language, report redaction and format, screen-share mode,
//! and the tenant domains learned per organization, editable. Built from the settings in force;
//! what the admin's policy sets is shown disabled. `options.js` saves: controls carry
//! `data-setting="<key>"` (the keys of the protocol's defaults), the domain lists
//! `data-org="<org id>"`, their remove buttons `data-remove-org`, and the new-organization row
//! `data-new-org` / `data-new-domains` / `data-action="add-org"`.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::node::{Attr, Node, Page};
use super::preferences::Choices;
use crate::explain::catalog::*;
use crate::explain::report::Format;
use crate::protocol::actions;
use crate::protocol::defaults::key;

/// The settings in force, as `extension/shared/settings.js` (`effectiveSettings()`) hands them: `{ lang, redact,
/// format, screenShare, locked, tenantDomains, lockedOrgs }`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    #[serde(flatten)]
    pub choices: Choices,
    /// The keys the admin's policy sets.
    pub locked: Vec<String>,
    /// Tenant domains (as Tenant details lists them) per organization id.
    pub tenant_domains: BTreeMap<String, String>,
    /// The organizations whose domains the policy sets.
    pub locked_orgs: Vec<String>,
}

/// The options page in `lang` (the page's language, resolved from the language choice).
pub fn page(settings: &Settings, lang: Lang) -> Page {
    let t = |msg: Msg| msg.text(lang);
    let preferences = settings.choices.preferences();
    // A control editing `setting`, disabled with the reason on hover when the policy sets it.
    let setting = |control: Node, setting: &'static str| {
        let control = control.attr(Attr::DataSetting(setting));
        if settings.locked.iter().any(|k| k == setting) {
            control.attr(Attr::Disabled).attr(Attr::Title(t(OPTIONS_LOCKED)))
        } else {
            control
        }
    };

    let language = Node::select(
        &[("auto", t(OPTIONS_LANG_AUTO)), ("en", "English"), ("ja", "日本語")],
        settings.choices.lang_choice(),
    );
    let format = format_select(preferences.format, lang);
    let general = Node::new("section", "general").children([
        Node::field("lang", t(OPTIONS_LANG), setting(language, key::LANG)),
        Node::check_label(
            t(OPTIONS_REDACT),
            setting(Node::checkbox(preferences.redact), key::REDACT),
        ),
        Node::field("format", t(ANALYZER_FORMAT_LABEL), setting(format, key::FORMAT)),
        Node::check_label(
            t(OPTIONS_SCREEN_SHARE),
            setting(Node::checkbox(preferences.mask), key::SCREEN_SHARE),
        ),
        Node::text("p", "muted", t(OPTIONS_SCREEN_SHARE_HINT)),
    ]);

    let mut tenants = Node::new("section", "tenants").children([
        Node::text("h2", "", t(OPTIONS_TENANTS)),
        Node::text("p", "muted", t(OPTIONS_TENANTS_HINT)),
    ]);
    if settings.tenant_domains.is_empty() {
        tenants = tenants.child(Node::text("p", "muted", t(OPTIONS_TENANTS_NONE)));
    }
    let rows = settings
        .tenant_domains
        .iter()
        .enumerate()
        .map(|(index, (org, domains))| {
            let by_policy = settings.locked_orgs.contains(org);
            org_row(index, org, domains, by_policy, lang)
        });
    let new_org = Node::new("input", "").attr(Attr::DataNewOrg).attr(Attr::NoSpellcheck);
    let new_domains = Node::new("textarea", "")
        .attr(Attr::DataNewDomains)
        .attr(Attr::Rows("3"));
    let adding = Node::new("div", "add-org").children([
        Node::field("new-org", t(OPTIONS_ORG_ID), new_org),
        Node::field("new-domains", t(ANALYZER_TENANT_LABEL), new_domains),
        Node::button(t(OPTIONS_ADD_ORG)).attr(Attr::DataAction(actions::ADD_ORG)),
    ]);
    let tenants = tenants.children(rows).child(adding);

    Page {
        lang,
        title: Some(t(OPTIONS_TITLE)),
        body: vec![
            Node::text("h1", "", t(OPTIONS_TITLE)),
            general,
            tenants,
            Node::new("p", "status")
                .attr(Attr::RoleStatus)
                .attr(Attr::DataSection("status")),
        ],
    }
}

/// The report format's `<select>`, `format` chosen (the analyzer's too).
pub(crate) fn format_select(format: Format, lang: Lang) -> Node {
    Node::select(
        &[
            (Format::Markdown.word(), ANALYZER_FORMAT_MARKDOWN.text(lang)),
            (Format::Text.word(), ANALYZER_FORMAT_TEXT.text(lang)),
        ],
        format.word(),
    )
}

/// One organization's domains: editable and removable, or locked by the policy.
fn org_row(index: usize, org: &str, domains: &str, by_policy: bool, lang: Lang) -> Node {
    let area = Node::text("textarea", "", domains)
        .attr(Attr::DataOrg(org.to_string()))
        .attr(Attr::Rows("3"))
        .attr(Attr::NoSpellcheck)
        .attrs(by_policy.then_some(Attr::ReadOnly));
    let label = OPTIONS_ORG_LABEL.fill(lang, &[("org", org)]);
    let after = if by_policy {
        Node::text("p", "muted", OPTIONS_LOCKED.text(lang))
    } else {
        Node::button(OPTIONS_REMOVE_ORG.text(lang)).attr(Attr::DataRemoveOrg(org.to_string()))
    };
    Node::new("div", "org").children([Node::field(format!("org-{index}"), label, area), after])
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORG: &str = "1eb65fdf-9643-417f-9974-ad72cae0e10f";

    fn settings(json: &str) -> Settings {
        serde_json::from_str(json).unwrap()
    }

    /// Every selector of `tests/e2e/pages.test.mjs` and what `options.js` queries.
    #[test]
    fn every_setting_has_its_control() {
        let page = page(&settings("{}"), Lang::En);
        assert_eq!(page.title, Some(OPTIONS_TITLE.text(Lang::En)));
        for (setting, tag) in [
            ("lang", "select"),
            ("redact", "input"),
            ("format", "select"),
            ("screenShare", "input"),
        ] {
            let control = page
                .find("data-setting", setting)
                .unwrap_or_else(|| panic!("{setting}"));
            assert_eq!(control.tag, tag, "{setting}");
            assert!(!control.attrs.contains(&Attr::Disabled));
        }
        for marker in ["data-new-org", "data-new-domains"] {
            assert!(
                page.nodes().iter().any(|n| n.attr_value(marker) == Some("")),
                "{marker}"
            );
        }
        assert_eq!(page.find("data-action", "add-org").unwrap().tag, "button");
        assert_eq!(
            page.find("data-caldoctor", "status").unwrap().attr_value("role"),
            Some("status")
        );
        page.assert_labels_name_controls();
        assert!(
            page.nodes()
                .iter()
                .any(|n| n.text.as_deref() == Some(OPTIONS_TENANTS_NONE.text(Lang::En)))
        );
    }

    #[test]
    fn controls_show_the_settings_and_missing_ones_the_defaults() {
        let chosen = |page: &Page, setting: &str| {
            let control = page.find("data-setting", setting).unwrap();
            if control.tag == "select" {
                let selected = control.children.iter().find(|o| o.attrs.contains(&Attr::Selected));
                selected.and_then(|o| o.attr_value("value")).unwrap_or("").to_string()
            } else {
                control.attrs.contains(&Attr::Checked).to_string()
            }
        };
        let defaults = page(&settings("{}"), Lang::En);
        let shown: Vec<String> = ["lang", "redact", "format", "screenShare"]
            .iter()
            .map(|s| chosen(&defaults, s))
            .collect();
        assert_eq!(shown, ["auto", "true", "markdown", "false"]);
        let set = page(
            &settings(r#"{"lang":"ja","redact":false,"format":"text","screenShare":true}"#),
            Lang::Ja,
        );
        let shown: Vec<String> = ["lang", "redact", "format", "screenShare"]
            .iter()
            .map(|s| chosen(&set, s))
            .collect();
        assert_eq!(shown, ["ja", "false", "text", "true"]);
        assert_eq!(set.lang, Lang::Ja);
    }

    #[test]
    fn what_the_policy_sets_is_locked() {
        let json = format!(
            r#"{{"locked":["screenShare","lang"],"tenantDomains":{{"{ORG}":"ciscolive.us","*":"a.com"}},"lockedOrgs":["*"]}}"#
        );
        let page = page(&settings(&json), Lang::En);
        for (setting, locked) in [
            ("lang", true),
            ("redact", false),
            ("format", false),
            ("screenShare", true),
        ] {
            let control = page.find("data-setting", setting).unwrap();
            assert_eq!(control.attrs.contains(&Attr::Disabled), locked, "{setting}");
            assert_eq!(control.attr_value("title").is_some(), locked, "{setting}");
        }

        let org = page.find("data-org", ORG).unwrap();
        assert_eq!((org.tag, org.text.as_deref()), ("textarea", Some("ciscolive.us")));
        assert!(!org.attrs.contains(&Attr::ReadOnly));
        assert!(page.find("data-remove-org", ORG).is_some());
        let by_policy = page.find("data-org", "*").unwrap();
        assert!(by_policy.attrs.contains(&Attr::ReadOnly));
        assert!(page.find("data-remove-org", "*").is_none(), "the policy's domains stay");
        let ids: Vec<&str> = page
            .nodes()
            .into_iter()
            .filter(|n| n.attr_value("data-org").is_some())
            .filter_map(|n| n.attr_value("id"))
            .collect();
        assert_eq!(ids, ["org-0", "org-1"]);
        assert!(
            !page
                .nodes()
                .iter()
                .any(|n| n.text.as_deref() == Some(OPTIONS_TENANTS_NONE.text(Lang::En)))
        );
    }
}
