//! What every banner tree must be, whatever its data (the safety rule of `src/view/node.rs`,
//! checked from outside): tags and classes are the views' own words, data never sits in an
//! attribute except as an allowlisted `href` (or an organization id filtered to one), and every
//! link is on the allowlist. Shared by the fuzz targets and the hostile corpus (`#[path]`-included:
//! not a test of its own).

use caldoctor::explain::links::is_allowed;
use caldoctor::view::banner::Banner;
use caldoctor::view::node::{Attr, Node};

/// The elements the views build.
const TAGS: &[&str] = &[
    "a",
    "blockquote",
    "button",
    "code",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "h2",
    "h3",
    "h4",
    "input",
    "label",
    "li",
    "ol",
    "option",
    "p",
    "pre",
    "section",
    "select",
    "span",
    "summary",
    "textarea",
    "time",
    "ul",
];

/// Whether every character of `value` is one of `allowed` or an ASCII letter or digit.
fn only(value: &str, allowed: &str) -> bool {
    value.chars().all(|c| c.is_ascii_alphanumeric() || allowed.contains(c))
}

/// Panics, naming the node, when the banner breaks the rule.
pub fn assert_banner_is_safe(banner: &Banner) {
    assert!(
        banner
            .state
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || " :-".contains(c)),
        "the state (sent to the background) is codes only: {:?}",
        banner.state
    );
    for node in banner.body.iter().flat_map(Node::walk) {
        assert_node_is_safe(node);
    }
}

fn assert_node_is_safe(node: &Node) {
    assert!(TAGS.contains(&node.tag), "an unexpected tag <{}>", node.tag);
    assert!(
        node.class
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '-' || c == ' '),
        "a class that is not a view's word: {:?}",
        node.class
    );
    for attr in &node.attrs {
        match attr {
            Attr::Href(url) => {
                assert!(is_allowed(url.as_str()), "a link off the allowlist: {}", url.as_str());
                assert!(
                    url.as_str()
                        .chars()
                        .all(|c| c.is_ascii_graphic() && !"<>\"'`\\".contains(c)),
                    "an href with characters that need escaping: {}",
                    url.as_str()
                );
            }
            Attr::Id(value) | Attr::AriaLabelledBy(value) | Attr::For(value) => assert!(
                !value.is_empty()
                    && value
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "a generated id that carries data: {value:?}"
            ),
            // The organization the domains typed into the banner are for: an id, filtered as one.
            Attr::DataOrg(value) => assert!(
                !value.is_empty() && value.len() <= 64 && only(value, "-") && value == &value.to_ascii_lowercase(),
                "an organization id that carries data: {value:?}"
            ),
            // Generated from a parsed instant: RFC 3339, and the same instant in UTC.
            Attr::DateTime(value) => assert!(only(value, "-:.+"), "a datetime that carries data: {value:?}"),
            Attr::TimeTitle(value) => assert!(only(value, "-: "), "a time title that carries data: {value:?}"),
            Attr::DataId(value)
            | Attr::DataState(value)
            | Attr::DataTenant(value)
            | Attr::DataTenantUnknown(value)
            | Attr::DataRemoveTenant(value)
            | Attr::DataRemoveOrg(value) => panic!("the banner carries a {} attribute: {value:?}", attr.name()),
            // Every other attribute's value is `'static` by its type: the views' own words.
            _ => {}
        }
    }
    if node.tag == "a" {
        assert!(node.attr_value("href").is_some(), "a link without an allowlisted href");
    }
}

/// Every text the banner shows or copies: its status line, its nodes' text, its Copy texts.
pub fn banner_texts(banner: &Banner) -> Vec<String> {
    let mut texts = vec![banner.summary.clone(), banner.subject.clone()];
    for node in banner.body.iter().flat_map(Node::walk) {
        texts.extend(node.text.clone());
        if let Some(caldoctor::view::node::Action::Copy { text, .. }) = &node.action {
            texts.push(text.clone());
        }
    }
    texts
}
