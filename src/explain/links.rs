//! The only places the doctor links to. Every link is built through [`Link::new`], which
//! refuses any URL outside this allowlist, so no server string can become a link.

use serde::{Deserialize, Serialize};

const ALLOWED_HOSTS: [&str; 7] = [
    "graph.microsoft.com",
    "developer.microsoft.com",
    "admin.webex.com",
    "admin.exchange.microsoft.com",
    "help.webex.com",
    "learn.microsoft.com",
    "admin.google.com",
];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "LinkFields")]
pub struct Link {
    pub label: String,
    pub url: String,
}

/// A link as read back from JSON, before the allowlist has passed it.
#[derive(Deserialize)]
struct LinkFields {
    label: String,
    url: String,
}

impl TryFrom<LinkFields> for Link {
    type Error = String;

    fn try_from(fields: LinkFields) -> Result<Link, String> {
        let url = fields.url.clone();
        Link::new(fields.label, fields.url).ok_or_else(|| format!("a link off the allowlist: {url}"))
    }
}

impl Link {
    pub fn new(label: String, url: String) -> Option<Link> {
        is_allowed(&url).then_some(Link { label, url })
    }
}

/// `https://` on an allowlisted host, exactly (no userinfo, no port, no look-alike suffix).
pub fn is_allowed(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    ALLOWED_HOSTS.contains(&host) && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// Percent-encodes a URL query value.
pub fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Graph Explorer with `GET /v1.0/{request}` filled in.
pub fn graph_explorer(request: &str, locale: &str) -> String {
    format!(
        "https://developer.microsoft.com/{locale}/graph/graph-explorer?request={}&method=GET&version=v1.0&GraphUrl=https://graph.microsoft.com",
        encode_query_value(request)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_only_listed_https_hosts() {
        assert!(is_allowed("https://graph.microsoft.com/v1.0/places/a@b.com"));
        assert!(is_allowed("https://admin.webex.com/services"));
        assert!(is_allowed("https://admin.google.com/"));
        for bad in [
            "http://admin.webex.com/",
            "javascript:alert(1)",
            "https://admin.webex.com.evil.example/",
            "https://evil.example/?https://admin.webex.com",
            "https://user@admin.webex.com/",
            "https://admin.webex.com:8443/",
            "https://admin.webex.com/\njavascript:",
        ] {
            assert!(!is_allowed(bad), "{bad}");
        }
        assert!(Link::new("x".into(), "javascript:alert(1)".into()).is_none());
        let read = |url: &str| serde_json::from_value::<Link>(serde_json::json!({"label": "x", "url": url}));
        assert!(read("https://admin.webex.com/services").is_ok());
        assert!(
            read("javascript:alert(1)").is_err(),
            "read back through the allowlist too"
        );
    }

    #[test]
    fn prefills_graph_explorer() {
        let url = graph_explorer("places/room one@ciscolive.us", "en-us");
        assert!(
            url.contains("request=places%2Froom%20one@ciscolive.us&method=GET"),
            "{url}"
        );
        assert!(is_allowed(&url));
    }
}
