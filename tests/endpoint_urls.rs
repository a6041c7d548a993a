//! The endpoint table (src/decode/endpoint.rs) has three readers: the core's classify and route
//! here, the MAIN-world hook and the adapter's route in JavaScript (extension/shared/endpoints.js
//! is rendered from the table). All three are checked against one list of URLs,
//! tests/fixtures/endpoint-urls.json (its "//" says what each field means).

use caldoctor::decode::endpoint::render::prefilter_words;
use caldoctor::decode::endpoint::{ENDPOINTS, Endpoint, classify, route};
use serde::Deserialize;

#[derive(Deserialize)]
struct Fixture {
    watched: Vec<Watched>,
    ignored: Vec<String>,
}

#[derive(Deserialize)]
struct Watched {
    url: String,
    endpoint: String,
    route: Option<Placed>,
}

#[derive(Deserialize, Debug, PartialEq)]
struct Placed {
    subject: Option<String>,
    org: Option<String>,
}

fn fixture() -> Fixture {
    serde_json::from_str(include_str!("fixtures/endpoint-urls.json")).expect("endpoint-urls.json is a fixture")
}

/// Relative URLs resolved as the hook resolves them, against the page.
fn absolute(url: &str) -> String {
    if url.starts_with('/') {
        format!("https://admin.webex.com{url}")
    } else {
        url.to_string()
    }
}

/// The kind's name as the extension writes it (`user-statuses`).
fn kind(endpoint: Endpoint) -> String {
    serde_json::to_value(endpoint)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

#[test]
fn the_core_classifies_and_routes_what_the_extension_watches() {
    for watched in fixture().watched {
        let url = absolute(&watched.url);
        let expected_class = (watched.endpoint != "tenant-domains").then(|| watched.endpoint.clone());
        assert_eq!(classify(&url).map(kind), expected_class, "classify {url}");
        let routed = route(&url);
        assert_eq!(
            routed.map(|r| Placed {
                subject: r.subject.map(str::to_string),
                org: r.org.map(str::to_string),
            }),
            watched.route,
            "route {url}"
        );
        if let Some(routed) = routed {
            assert_eq!(kind(routed.endpoint), watched.endpoint, "route's endpoint {url}");
        }
    }
}

#[test]
fn the_core_ignores_what_the_extension_ignores() {
    for url in fixture().ignored.iter().map(|url| absolute(url)) {
        assert_eq!(classify(&url), None, "classify {url}");
        assert_eq!(route(&url), None, "route {url}");
    }
}

/// The hook turns away every URL without a prefilter word before it parses it.
#[test]
fn every_watched_url_has_a_prefilter_word() {
    let words = prefilter_words(ENDPOINTS);
    for watched in fixture().watched {
        let url = watched.url.to_ascii_lowercase();
        assert!(
            words.iter().any(|w| url.contains(w.as_str())),
            "{url} has none of {words:?}"
        );
    }
}
