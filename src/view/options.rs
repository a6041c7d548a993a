//! The options page (`options.html`): language, report redaction and format, screen-share mode,
//! and the Microsoft 365 tenants learned per organization, each with its domains, editable.
//! Built from the settings in force; what the admin's policy sets is shown disabled.
//! `options.js` saves: controls carry `data-setting="<key>"` (the keys of the protocol's
//! defaults); a tenant's domain list `data-org="<org id>"` and `data-tenant="<tenant key>"`, its
//! "Unknown" checkbox `data-tenant-unknown`, its remove button `data-remove-tenant` (each with
//! `data-org`); an organization's new-tenant row `data-new-tenant` / `data-new-tenant-domains` /
//! `data-action="add-tenant"` (with `data-org`), its remove button `data-remove-org`; and the
//! new-organization row `data-new-org` / `data-new-domains` / `data-action="add-org"`.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::node::{Attr, Node, Page};
use super::preferences::Choices;
use crate::explain::catalog::*;
use crate::explain::report::Format;
use crate::protocol::actions;
use crate::protocol::defaults::key;

/// The settings in force, as `extension/shared/settings.js` (`effectiveSettings()`) hands them: `{ lang, redact,
/// format, screenShare, locked, tenantDomains: { [org]: { tenants: { [key]: { name, domains,
/// unknown? } } } }, lockedOrgs }`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    #[serde(flatten)]
    pub choices: Choices,
    /// The keys the admin's policy sets.
    pub locked: Vec<String>,
    /// The tenants per organization id.
    pub tenant_domains: BTreeMap<String, OrgTenants>,
    /// The organizations whose domains the policy sets.
    pub locked_orgs: Vec<String>,
}

/// An organization's Microsoft 365 tenants by key (the id or name Control Hub shows; `""` for
/// an org's one tenant without a name).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct OrgTenants {
    pub tenants: BTreeMap<String, StoredTenant>,
}

/// One tenant as Tenant details showed it or the admin typed it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct StoredTenant {
    pub name: String,
    /// As Tenant details lists them, one per line.
    pub domains: String,
    /// Control Hub shows it as "Unknown".
    pub unknown: bool,
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
        .map(|(index, (org, tenants))| {
            let by_policy = settings.locked_orgs.contains(org);
            org_row(index, org, tenants, by_policy, lang)
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

/// One organization's tenants, each editable, removable and markable "Unknown", and a row to
/// add one; all read-only when the policy sets them.
fn org_row(index: usize, org: &str, tenants: &OrgTenants, by_policy: bool, lang: Lang) -> Node {
    let t = |msg: Msg| msg.text(lang);
    let locked = |control: Node| {
        let attr = if control.tag == "textarea" {
            Attr::ReadOnly
        } else {
            Attr::Disabled
        };
        control.attrs(by_policy.then_some(attr))
    };
    let rows = tenants.tenants.iter().enumerate().map(|(position, (key, tenant))| {
        let name = if !tenant.name.is_empty() { &tenant.name } else { key };
        let label = if name.is_empty() {
            t(OPTIONS_TENANT_UNNAMED).to_string()
        } else {
            OPTIONS_TENANT_LABEL.fill(lang, &[("tenant", name)])
        };
        let area = Node::text("textarea", "", tenant.domains.as_str())
            .attr(Attr::DataOrg(org.to_string()))
            .attr(Attr::DataTenant(key.clone()))
            .attr(Attr::Rows("3"))
            .attr(Attr::NoSpellcheck);
        let unknown = Node::checkbox(tenant.unknown)
            .attr(Attr::DataOrg(org.to_string()))
            .attr(Attr::DataTenantUnknown(key.clone()));
        let mut row = Node::new("div", "tenant").children([
            Node::field(format!("org-{index}-{position}"), label, locked(area)),
            Node::check_label(t(OPTIONS_TENANT_UNKNOWN), locked(unknown)),
        ]);
        if !by_policy {
            row = row.child(
                Node::button(t(OPTIONS_REMOVE_TENANT))
                    .attr(Attr::DataOrg(org.to_string()))
                    .attr(Attr::DataRemoveTenant(key.clone())),
            );
        }
        row
    });
    let heading = Node::text("h3", "", OPTIONS_ORG_LABEL.fill(lang, &[("org", org)]));
    let block = Node::new("div", "org").child(heading).children(rows);
    if by_policy {
        return block.child(Node::text("p", "muted", t(OPTIONS_LOCKED)));
    }
    let new_name = Node::new("input", "")
        .attr(Attr::DataOrg(org.to_string()))
        .attr(Attr::DataNewTenant)
        .attr(Attr::NoSpellcheck);
    let new_domains = Node::new("textarea", "")
        .attr(Attr::DataOrg(org.to_string()))
        .attr(Attr::DataNewTenantDomains)
        .attr(Attr::Rows("2"));
    let adding = Node::new("div", "add-tenant").children([
        Node::field(format!("new-tenant-{index}"), t(OPTIONS_TENANT_NAME), new_name),
        Node::field(
            format!("new-tenant-domains-{index}"),
            t(ANALYZER_TENANT_LABEL),
            new_domains,
        ),
        Node::button(t(OPTIONS_ADD_TENANT))
            .attr(Attr::DataOrg(org.to_string()))
            .attr(Attr::DataAction(actions::ADD_TENANT)),
    ]);
    block
        .child(adding)
        .child(Node::button(t(OPTIONS_REMOVE_ORG)).attr(Attr::DataRemoveOrg(org.to_string())))
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
            r#"{{"locked":["screenShare","lang"],"tenantDomains":{{
                "{ORG}":{{"tenants":{{"":{{"name":"","domains":"ciscolive.us"}}}}}},
                "*":{{"tenants":{{"Contoso":{{"name":"Contoso","domains":"a.com"}}}}}}}},"lockedOrgs":["*"]}}"#
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
        assert!(page.find("data-remove-tenant", "Contoso").is_none());
        assert!(
            page.find("data-tenant-unknown", "Contoso")
                .unwrap()
                .attrs
                .contains(&Attr::Disabled)
        );
        let adding: Vec<&str> = page
            .nodes()
            .into_iter()
            .filter(|n| n.attr_value("data-action") == Some("add-tenant"))
            .filter_map(|n| n.attr_value("data-org"))
            .collect();
        assert_eq!(adding, [ORG], "no tenant is added to what the policy sets");
        let ids: Vec<&str> = page
            .nodes()
            .into_iter()
            .filter(|n| n.attr_value("data-tenant").is_some())
            .filter_map(|n| n.attr_value("id"))
            .collect();
        assert_eq!(ids, ["org-0-0", "org-1-0"]);
        page.assert_labels_name_controls();
        assert!(
            !page
                .nodes()
                .iter()
                .any(|n| n.text.as_deref() == Some(OPTIONS_TENANTS_NONE.text(Lang::En)))
        );
    }

    #[test]
    fn each_tenant_of_an_org_is_listed_editable_removable_and_markable_unknown() {
        let json = format!(
            r#"{{"tenantDomains":{{"{ORG}":{{"tenants":{{
                "6d1f0c3a-9b8e-4f27-a5d4-3e2c1b0a9f87":{{"name":"RTP Cloud Collab","domains":"rtpcloudcollab.com (default)\nciscolive.us"}},
                "Cisco Live Events":{{"name":"Cisco Live Events","domains":"ciscolive.com"}},
                "old":{{"name":"","domains":"","unknown":true}},
                "":{{"name":"","domains":"typed.example"}}
            }}}}}}}}"#
        );
        let page = page(&settings(&json), Lang::En);
        let areas: Vec<(&str, &str, &str)> = page
            .nodes()
            .into_iter()
            .filter(|n| n.tag == "textarea" && n.attr_value("data-tenant").is_some())
            .map(|n| {
                let tenant = n.attr_value("data-tenant").unwrap();
                (
                    n.attr_value("data-org").unwrap(),
                    tenant,
                    n.text.as_deref().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            areas,
            [
                (ORG, "", "typed.example"),
                (
                    ORG,
                    "6d1f0c3a-9b8e-4f27-a5d4-3e2c1b0a9f87",
                    "rtpcloudcollab.com (default)\nciscolive.us"
                ),
                (ORG, "Cisco Live Events", "ciscolive.com"),
                (ORG, "old", ""),
            ]
        );
        let labels: Vec<String> = page
            .nodes()
            .into_iter()
            .filter(|n| n.tag == "label" && n.attr_value("for").is_some_and(|f| f.starts_with("org-")))
            .map(Node::all_text)
            .collect();
        assert_eq!(
            labels,
            [
                OPTIONS_TENANT_UNNAMED.text(Lang::En).to_string(),
                "Tenant RTP Cloud Collab".to_string(),
                "Tenant Cisco Live Events".to_string(),
                "Tenant old".to_string(),
            ]
        );
        let unknown = |key: &str| page.find("data-tenant-unknown", key).unwrap();
        assert!(unknown("old").attrs.contains(&Attr::Checked));
        assert!(!unknown("Cisco Live Events").attrs.contains(&Attr::Checked));
        assert_eq!(unknown("old").attr_value("data-org"), Some(ORG));
        for key in ["", "old", "Cisco Live Events"] {
            let remove = page.find("data-remove-tenant", key).unwrap();
            assert_eq!((remove.tag, remove.attr_value("data-org")), ("button", Some(ORG)));
        }
        for marker in ["data-new-tenant", "data-new-tenant-domains"] {
            let control = page
                .nodes()
                .into_iter()
                .find(|n| n.attr_value(marker) == Some(""))
                .unwrap();
            assert_eq!(control.attr_value("data-org"), Some(ORG), "{marker}");
        }
        assert_eq!(
            page.find("data-action", "add-tenant").unwrap().attr_value("data-org"),
            Some(ORG)
        );
        page.assert_labels_name_controls();
        let ja = super::page(&settings(&json), Lang::Ja);
        assert!(
            ja.nodes()
                .iter()
                .any(|n| n.text.as_deref() == Some("テナント Cisco Live Events"))
        );
    }
}
