//! The settings in force, as `settings.js` (`effectiveSettings()`) hands them to the pages built
//! in Rust: `{ lang, redact, format, screenShare, locked, tenantDomains, lockedOrgs }`. Missing or
//! unreadable fields take the defaults.

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// `auto`, `en` or `ja` (the options' choice); pages are handed a resolved tag.
    pub lang: String,
    /// Reports redacted by default.
    pub redact: bool,
    /// `markdown` or `text`.
    pub format: String,
    /// Email local parts and ids masked on screen (the domains stay).
    pub screen_share: bool,
    /// The keys the admin's policy sets.
    pub locked: Vec<String>,
    /// Tenant domains (as Tenant details lists them) per organization id.
    pub tenant_domains: BTreeMap<String, String>,
    /// The organizations whose domains the policy sets.
    pub locked_orgs: Vec<String>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            lang: "auto".into(),
            redact: true,
            format: "markdown".into(),
            screen_share: false,
            locked: Vec::new(),
            tenant_domains: BTreeMap::new(),
            locked_orgs: Vec::new(),
        }
    }
}
