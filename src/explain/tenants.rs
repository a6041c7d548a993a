//! The tenants a diagnosis compared, as its texts and outputs name them: each by its name or by
//! its place among the org's tenants ("tenant 2"), its domains grouped after it.

use serde::{Deserialize, Serialize};

use super::RenderedFinding;
use super::catalog::*;
use crate::diagnose::domain::oddity::{Oddity, visible};
use crate::diagnose::finding::{Diagnosed, Facts};
use crate::diagnose::tenant::Tenant;

/// One tenant the domain was looked for among, as the JSON output lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderedTenant {
    /// Its name, or `tenant N` (its place in the context) when it has none.
    pub label: String,
    pub domains: Vec<String>,
    /// Control Hub shows it as "Unknown": its domains are not known until it is re-authorized.
    pub unknown: bool,
}

/// What a finding shows of the tenants its diagnosis compared.
#[derive(Default)]
pub struct Compared {
    /// `{domain}`, `{tenant_domains}` (every known domain), `{tenants}` (grouped per tenant),
    /// `{tenant}` (the one holding the domain), `{unknown_tenants}`.
    pub facts: Facts,
    /// Every known domain, in the tenants' order.
    pub tenant_domains: Vec<String>,
    /// The holding tenant's label, when the org has several.
    pub tenant: Option<String>,
    /// Each tenant, when there are several or one is "Unknown": one known tenant is
    /// `tenant_domains` alone.
    pub tenants: Vec<RenderedTenant>,
}

pub fn compared(diagnosed: &Diagnosed, lang: Lang) -> Compared {
    let tenants: Vec<RenderedTenant> = diagnosed
        .tenants
        .iter()
        .enumerate()
        .map(|(position, tenant)| rendered(tenant, position, lang))
        .collect();
    let tenant_domains: Vec<String> = diagnosed
        .tenants
        .iter()
        .flat_map(Tenant::known_domains)
        .map(|domain| visible(domain.as_str()))
        .collect();
    let holder = diagnosed.holder.and_then(|position| tenants.get(position));
    let unknown: Vec<&str> = tenants
        .iter()
        .filter(|tenant| tenant.unknown)
        .map(|tenant| tenant.label.as_str())
        .collect();
    let unusual = diagnosed.unusual.as_ref();
    let facts = Facts::default()
        .with(
            "domain",
            diagnosed.domain.as_ref().map_or(String::new(), |d| visible(d.as_str())),
        )
        .with("unusual_domain", unusual.map_or(String::new(), |u| visible(&u.domain)))
        .with(
            "oddities",
            unusual.map_or(String::new(), |u| described(&u.oddities, lang)),
        )
        .with("tenant_domains", tenant_domains.join(", "))
        .with("tenants", grouped(&tenants, lang))
        .with("tenant", holder.map_or("", |tenant| tenant.label.as_str()))
        .with("unknown_tenants", unknown.join(", "));
    let several = tenants.len() > 1;
    Compared {
        facts,
        tenant_domains,
        tenant: holder.filter(|_| several).map(|tenant| tenant.label.clone()),
        tenants: if several || !unknown.is_empty() {
            tenants
        } else {
            Vec::new()
        },
    }
}

/// What makes a domain other than it looks, in words: `an invisible character (U+200B), …`.
fn described(oddities: &[Oddity], lang: Lang) -> String {
    let words: Vec<String> = oddities
        .iter()
        .map(|oddity| {
            let msg = match oddity {
                Oddity::Invisible(_) => ODDITY_INVISIBLE,
                Oddity::DirectionControl(_) => ODDITY_DIRECTION_CONTROL,
                Oddity::MixedScripts => ODDITY_MIXED_SCRIPTS,
                Oddity::CompatibilityForm(_) => ODDITY_COMPATIBILITY_FORM,
                Oddity::CombiningMark(_) => ODDITY_COMBINING_MARK,
                Oddity::AsciiOnlyAceLabel => ODDITY_ASCII_ONLY_ACE_LABEL,
            };
            msg.fill(lang, &[("code", &oddity.code_point().unwrap_or_default())])
        })
        .collect();
    words.join(if lang == Lang::Ja { "、" } else { "; " })
}

/// The "Tenant domains" line of a banner or report: one tenant's domains, or every tenant's
/// grouped.
pub fn shown(finding: &RenderedFinding, lang: Lang) -> Option<String> {
    if !finding.tenants.is_empty() {
        Some(grouped(&finding.tenants, lang))
    } else if !finding.tenant_domains.is_empty() {
        Some(finding.tenant_domains.join(", "))
    } else {
        None
    }
}

fn rendered(tenant: &Tenant, position: usize, lang: Lang) -> RenderedTenant {
    RenderedTenant {
        label: tenant
            .name
            .clone()
            .unwrap_or_else(|| TENANT_LABEL.fill(lang, &[("number", &(position + 1).to_string())])),
        domains: tenant
            .known_domains()
            .iter()
            .map(|domain| visible(domain.as_str()))
            .collect(),
        unknown: tenant.is_unknown(),
    }
}

/// `tenant 1: a.example, b.example; tenant 2: “Unknown” in Control Hub`.
fn grouped(tenants: &[RenderedTenant], lang: Lang) -> String {
    let groups: Vec<String> = tenants
        .iter()
        .map(|tenant| {
            let domains = if tenant.unknown {
                TENANT_SHOWN_UNKNOWN.text(lang).to_string()
            } else if tenant.domains.is_empty() {
                TENANT_DOMAINS_UNREAD.text(lang).to_string()
            } else {
                tenant.domains.join(", ")
            };
            format!("{}: {domains}", tenant.label)
        })
        .collect();
    groups.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::domain::Domain;
    use crate::diagnose::kinds::probe::PROBED;

    fn diagnosed(tenants: &[(Option<&str>, &str)], holder: Option<usize>) -> Diagnosed {
        Diagnosed {
            diagnosis: &PROBED,
            domain: Domain::parse("c.example"),
            tenants: tenants
                .iter()
                .map(|(name, details)| Tenant::from_details(*name, details))
                .collect(),
            holder,
            unusual: None,
        }
    }

    fn fact(compared: &Compared, name: &str) -> String {
        let value = compared.facts.values().find(|(n, _)| *n == name).map(|(_, v)| v);
        value.unwrap_or_default().to_string()
    }

    #[test]
    fn one_known_tenant_is_its_domains_alone() {
        let one = compared(&diagnosed(&[(None, "a.example, b.example")], Some(0)), Lang::En);
        assert_eq!(fact(&one, "tenant_domains"), "a.example, b.example");
        assert_eq!(one.tenant_domains, ["a.example", "b.example"]);
        assert_eq!((one.tenant, one.tenants), (None, Vec::new()));
    }

    #[test]
    fn several_tenants_are_named_and_grouped() {
        let two = compared(
            &diagnosed(
                &[(None, "a.example, b.example"), (Some("Fabrikam"), "c.example")],
                Some(1),
            ),
            Lang::En,
        );
        assert_eq!(
            fact(&two, "tenants"),
            "tenant 1: a.example, b.example; Fabrikam: c.example"
        );
        assert_eq!(fact(&two, "tenant"), "Fabrikam");
        assert_eq!(two.tenant.as_deref(), Some("Fabrikam"));
        assert_eq!(two.tenant_domains, ["a.example", "b.example", "c.example"]);
        assert_eq!(two.tenants.len(), 2);
        let ja = compared(
            &diagnosed(&[(None, "a.example"), (None, "c.example")], Some(1)),
            Lang::Ja,
        );
        assert_eq!(fact(&ja, "tenant"), "テナント 2");
    }

    #[test]
    fn unknown_and_unread_tenants_say_so() {
        let open = compared(
            &diagnosed(&[(None, "a.example"), (Some("Old"), "Unknown"), (None, "")], None),
            Lang::En,
        );
        assert_eq!(
            fact(&open, "tenants"),
            "tenant 1: a.example; Old: “Unknown” in Control Hub; tenant 3: domains not known here"
        );
        assert_eq!(fact(&open, "unknown_tenants"), "Old");
        assert_eq!(fact(&open, "tenant"), "");
        assert!(open.tenants[1].unknown && !open.tenants[2].unknown);
        let alone = compared(&diagnosed(&[(None, "unknown")], None), Lang::En);
        assert_eq!(alone.tenants.len(), 1, "one Unknown tenant is listed");
        assert_eq!(alone.tenant, None);
    }
}
