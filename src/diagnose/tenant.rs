//! The organization's Microsoft 365 tenants, and where Webex would route a mailbox among them.
//! An org can integrate several tenants; Webex sends a mailbox to the tenant that holds its email
//! domain, so a domain is "not in the tenant" only when no tenant of the org holds it — and that
//! cannot be said while a tenant's domains are not known.

use super::domain::{Domain, is_tenant_domain, parse_domain_list};
use crate::limits::bounded;

/// One Microsoft 365 tenant integrated with Hybrid Calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tenant {
    /// What Control Hub calls it (its name, or its id), when the page or person said.
    pub name: Option<String>,
    pub domains: TenantDomains,
}

/// What is known of a tenant's domains.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TenantDomains {
    /// As its Tenant details list them; empty when they have not been read yet.
    Listed(Vec<Domain>),
    /// Control Hub shows the tenant as "Unknown": after an org moves from one tenant to several,
    /// the old tenant's domains are not known until it is re-authorized.
    Unknown,
}

/// Where a mailbox's domain leads among the org's tenants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Routing {
    /// The tenant at this position holds the domain.
    To(usize),
    /// Every tenant's domains are known and none holds the domain.
    Nowhere,
    /// No tenant known to hold it, and one is "Unknown": it may be that one's.
    UnknownTenant,
    /// No tenant known to hold it, and a tenant's domains were not read (or no tenant is
    /// known at all): it may be in one of them.
    Unread,
}

impl Tenant {
    /// A tenant from its Tenant details as Control Hub shows them or an admin types them:
    /// domains separated by commas, spaces or lines, or the word `Unknown` that Control Hub
    /// shows in their place for a tenant to re-authorize.
    pub fn from_details(name: Option<&str>, details: &str) -> Tenant {
        let domains = parse_domain_list(details);
        let says_unknown = details
            .split(|c: char| !c.is_alphanumeric())
            .any(|word| word.eq_ignore_ascii_case("unknown"));
        if domains.is_empty() && says_unknown {
            Tenant::unknown(name)
        } else {
            Tenant {
                name: shown_name(name),
                domains: TenantDomains::Listed(domains),
            }
        }
    }

    /// A tenant Control Hub shows as "Unknown".
    pub fn unknown(name: Option<&str>) -> Tenant {
        Tenant {
            name: shown_name(name),
            domains: TenantDomains::Unknown,
        }
    }

    /// Its domains as far as they are known: none for an "Unknown" tenant.
    pub fn known_domains(&self) -> &[Domain] {
        match &self.domains {
            TenantDomains::Listed(domains) => domains,
            TenantDomains::Unknown => &[],
        }
    }

    pub fn is_unknown(&self) -> bool {
        self.domains == TenantDomains::Unknown
    }
}

/// A name as texts show it: trimmed, bounded; a blank name is no name.
fn shown_name(name: Option<&str>) -> Option<String> {
    name.map(str::trim).filter(|name| !name.is_empty()).map(bounded)
}

/// Which tenant a mailbox in `domain` goes to. A domain is verified in one Microsoft 365 tenant
/// only, so a tenant listing it settles the question even while another is "Unknown".
pub fn route(domain: &Domain, tenants: &[Tenant]) -> Routing {
    if let Some(position) = tenants
        .iter()
        .position(|tenant| is_tenant_domain(domain, tenant.known_domains()))
    {
        Routing::To(position)
    } else if tenants.iter().any(Tenant::is_unknown) {
        Routing::UnknownTenant
    } else if tenants.is_empty() || tenants.iter().any(|tenant| tenant.known_domains().is_empty()) {
        Routing::Unread
    } else {
        Routing::Nowhere
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tenant(details: &str) -> Tenant {
        Tenant::from_details(None, details)
    }

    fn domain(text: &str) -> Domain {
        Domain::parse(text).unwrap()
    }

    #[test]
    fn tenant_details_list_domains_or_say_unknown() {
        let listed = tenant("rtpcloudcollab.com (default), adminrtpcloudcollab.onmicrosoft.com");
        assert_eq!(listed.known_domains().len(), 2);
        assert!(!listed.is_unknown());
        for unknown in ["Unknown", " unknown ", "Unknown (default)", "UNKNOWN\n"] {
            assert!(tenant(unknown).is_unknown(), "{unknown:?}");
            assert!(tenant(unknown).known_domains().is_empty());
        }
        // A listed domain wins over the word; no domain and no word is a tenant not read yet.
        assert!(!tenant("unknown.example").is_unknown());
        assert!(!tenant("").is_unknown());
        assert!(!tenant("unknownish").is_unknown());
        assert_eq!(
            Tenant::from_details(Some(" Contoso "), "a.example").name.as_deref(),
            Some("Contoso")
        );
        assert_eq!(Tenant::from_details(Some(" "), "a.example").name, None);
    }

    #[test]
    fn a_mailbox_goes_to_the_tenant_holding_its_domain() {
        let tenants = [
            tenant("rtpcloudcollab.com, adminrtpcloudcollab.onmicrosoft.com"),
            tenant("ciscolive.us"),
        ];
        assert_eq!(route(&domain("CiscoLive.us"), &tenants), Routing::To(1));
        assert_eq!(route(&domain("rtpcloudcollab.com"), &tenants), Routing::To(0));
        assert_eq!(route(&domain("ciscolive.com"), &tenants), Routing::Nowhere);
    }

    #[test]
    fn an_unknown_or_unread_tenant_leaves_an_unheld_domain_open() {
        let with_unknown = [tenant("rtpcloudcollab.com"), tenant("Unknown")];
        assert_eq!(route(&domain("ciscolive.us"), &with_unknown), Routing::UnknownTenant);
        assert_eq!(route(&domain("rtpcloudcollab.com"), &with_unknown), Routing::To(0));
        let unread = [tenant("rtpcloudcollab.com"), tenant("")];
        assert_eq!(route(&domain("ciscolive.us"), &unread), Routing::Unread);
        assert_eq!(
            route(&domain("ciscolive.us"), &[tenant(""), tenant("unknown")]),
            Routing::UnknownTenant,
            "an Unknown tenant is the one to act on"
        );
        assert_eq!(route(&domain("ciscolive.us"), &[]), Routing::Unread);
    }
}
