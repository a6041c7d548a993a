//! The hook (extension/page/hook.js) and the core's endpoint classifier list the same endpoints
//! twice, in JS and in Rust: both are checked against one list, tests/fixtures/endpoint-urls.json.
//! Every URL the hook forwards is one the core reads, and every URL it lets pass the core ignores
//! (except the tenant-domain APIs, forwarded for the page context; their shape is not public).

use caldoctor::decode::endpoint::classify;

#[test]
fn the_core_reads_what_the_hook_forwards() {
    let urls: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/endpoint-urls.json")).expect("endpoint-urls.json is JSON");
    let list = |name: &str| -> Vec<String> {
        urls[name]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u.as_str().unwrap().to_string())
            .collect()
    };
    let absolute = |url: &str| {
        if url.starts_with('/') {
            format!("https://admin.webex.com{url}")
        } else {
            url.to_string()
        }
    };
    let tenant_api = |url: &str| url.contains("/tenants") || url.contains("/domains");
    for url in list("watched") {
        if tenant_api(&url) {
            continue;
        }
        assert!(
            classify(&absolute(&url)).is_some(),
            "the hook forwards {url} but the core ignores it"
        );
    }
    for url in list("ignored") {
        assert!(
            classify(&absolute(&url)).is_none(),
            "the hook ignores {url} but the core reads it"
        );
    }
}
