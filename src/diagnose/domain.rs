//! Email and domain normalisation, and the question the O365 "Unauthorized"
//! diagnosis turns on: is the mailbox's domain one of the tenant's domains?

pub mod oddity;
mod punycode;

/// The ASCII-compatible encoding's prefix of an internationalized label.
const ACE_PREFIX: &str = "xn--";
const MAX_LABEL_BYTES: usize = 63;
const MAX_NAME_BYTES: usize = 253;

/// A domain in canonical form: Unicode labels, lower case, no trailing dot.
/// `Münich.example.`, `xn--mnich-kva.example` and `MÜNICH.EXAMPLE` are equal.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Domain(String);

impl Domain {
    pub fn parse(text: &str) -> Option<Domain> {
        let text = text.trim().trim_end_matches('.');
        // Lengths are DNS's, of the `xn--` form: 253 bytes a name, 63 a label. A name of more
        // UTF-8 bytes than four times that is none, whatever its script.
        if text.is_empty() || text.len() > 4 * MAX_NAME_BYTES {
            return None;
        }
        let mut labels = Vec::new();
        let mut name_bytes = 0;
        for label in text.split('.') {
            let lower = label.to_lowercase();
            let (unicode, ascii_bytes) = match lower.strip_prefix(ACE_PREFIX) {
                Some(encoded) => (punycode::decode(encoded)?.to_lowercase(), lower.len()),
                None => (lower.clone(), to_ascii(&lower)?.len()),
            };
            // `xn---` decodes to nothing: an empty label, as `a..b` has.
            if unicode.is_empty() || ascii_bytes > MAX_LABEL_BYTES {
                return None;
            }
            if unicode
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "@/\\:;,()<>\"'[]".contains(c))
            {
                return None;
            }
            name_bytes += ascii_bytes + usize::from(!labels.is_empty());
            labels.push(unicode);
        }
        (name_bytes <= MAX_NAME_BYTES).then(|| Domain(labels.join(".")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A label's ASCII form as DNS carries it: `xn--` and its Punycode when it is not ASCII
/// (`münchen` → `xn--mnchen-3ya`); `None` for a label no DNS name can hold.
pub fn to_ascii(label: &str) -> Option<String> {
    if label.is_ascii() {
        Some(label.to_string())
    } else {
        Some(format!("{ACE_PREFIX}{}", punycode::encode(label)?))
    }
}

/// The domain of an email address (after its last `@`).
pub fn email_domain(email: &str) -> Option<Domain> {
    let (local, domain) = email.trim().rsplit_once('@')?;
    if local.is_empty() {
        return None;
    }
    Domain::parse(domain)
}

/// Reads a tenant's domain list as Control Hub's Tenant details panel shows it,
/// or as an admin types it: separated by commas, spaces, semicolons or lines,
/// with markers such as `(default)` ignored. Duplicates are dropped, order kept.
pub fn parse_domain_list(text: &str) -> Vec<Domain> {
    let mut domains: Vec<Domain> = Vec::new();
    for word in text.split(|c: char| c == ',' || c == ';' || c.is_whitespace()) {
        let word = word.trim_matches(|c: char| "()[]\"'".contains(c));
        if word.is_empty() || !word.contains('.') {
            continue;
        }
        if let Some(domain) = Domain::parse(word)
            && !domains.contains(&domain)
        {
            domains.push(domain);
        }
    }
    domains
}

/// Whether `domain` is exactly one of `tenant_domains`. A subdomain is not its parent:
/// Microsoft 365 accepts mail only for domains verified one by one.
pub fn is_tenant_domain(domain: &Domain, tenant_domains: &[Domain]) -> bool {
    tenant_domains.contains(domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn domains(list: &str) -> Vec<Domain> {
        parse_domain_list(list)
    }

    #[test]
    fn compares_case_insensitively_without_trailing_dot() {
        let tenant = domains("rtpcloudcollab.com (default)\nadminrtpcloudcollab.onmicrosoft.com\nciscolive.us");
        assert_eq!(tenant.len(), 3);
        let domain = email_domain("WebexWorkspace1@CiscoLive.US.").unwrap();
        assert!(is_tenant_domain(&domain, &tenant));
    }

    #[test]
    fn a_subdomain_is_not_its_parent() {
        let tenant = domains("ciscolive.us");
        assert!(!is_tenant_domain(
            &email_domain("room@eu.ciscolive.us").unwrap(),
            &tenant
        ));
        assert!(!is_tenant_domain(
            &email_domain("room@ciscolive.us.evil.com").unwrap(),
            &tenant
        ));
    }

    #[test]
    fn punycode_and_unicode_forms_are_equal() {
        let tenant = domains("xn--mnchen-3ya.example, bücher.example");
        assert!(is_tenant_domain(
            &email_domain("raum@MÜNCHEN.example").unwrap(),
            &tenant
        ));
        assert!(is_tenant_domain(
            &email_domain("room@xn--bcher-kva.example").unwrap(),
            &tenant
        ));
        assert_eq!(
            Domain::parse("xn--mnchen-3ya.example").unwrap().as_str(),
            "münchen.example"
        );
    }

    #[test]
    fn rejects_what_is_not_a_domain() {
        assert_eq!(email_domain("no-at-sign"), None);
        assert_eq!(email_domain("@example.com"), None);
        assert_eq!(Domain::parse("a..b"), None);
        assert_eq!(Domain::parse("xn--"), None);
        assert_eq!(Domain::parse("<img src=x>.com"), None);
        assert!(domains("(default) , ;").is_empty());
    }
}
