//! The store texts: the listings (store/listing.*.md) with a summary the Chrome Web Store accepts
//! (at most 132 characters), the same sections in every language and claims still true; and the
//! build instructions for Mozilla's reviewers (store/AMO-SOURCE.md) naming the pinned versions.

use caldoctor::diagnose::kinds::all_kinds;

const LANGS: [&str; 2] = ["en", "ja"];

fn read(file: &str) -> String {
    let path = format!("{}/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn listing(lang: &str) -> String {
    read(&format!("store/listing.{lang}.md"))
}

fn summary(listing: &str) -> &str {
    let start = listing.find("<!-- summary -->\n").expect("a marked summary") + "<!-- summary -->\n".len();
    let end = listing.find("\n<!-- /summary -->").expect("the summary's end");
    &listing[start..end]
}

#[test]
fn summaries_fit_the_chrome_web_store() {
    for lang in LANGS {
        let text = listing(lang);
        let summary = summary(&text);
        assert!(
            !summary.trim().is_empty() && !summary.contains('\n'),
            "{lang}: one line"
        );
        assert!(
            summary.chars().count() <= 132,
            "{lang}: {} characters",
            summary.chars().count()
        );
    }
}

#[test]
fn every_language_has_every_section() {
    let sections = |text: &str| text.lines().filter(|line| line.starts_with("## ")).count();
    let english = sections(&listing("en"));
    assert_eq!(
        english, 6,
        "summary, description, category, single purpose, permissions, data usage"
    );
    for lang in LANGS {
        assert_eq!(sections(&listing(lang)), english, "{lang}");
        for permission in ["**storage**", "`https://admin.webex.com/*`"] {
            assert!(listing(lang).contains(permission), "{lang} justifies {permission}");
        }
    }
}

#[test]
fn the_description_counts_the_findings_it_has() {
    // "more than thirty other Hybrid Calendar findings", besides O365's "Unauthorized".
    assert!(all_kinds().len() > 31, "{} kinds", all_kinds().len());
    assert!(listing("en").contains("more than thirty other"));
    assert!(listing("ja").contains("30 種類以上"));
}

/// The value on the line after `after` in `text`, between the quotes that follow `key`.
fn quoted_after(text: &str, after: &str, key: &str) -> String {
    let rest = &text[text.find(after).unwrap_or_else(|| panic!("{after}")) + after.len()..];
    let value = &rest[rest.find(key).expect(key) + key.len()..];
    let value = &value[value.find('"').expect("a quote") + 1..];
    value[..value.find('"').expect("a closing quote")].to_string()
}

#[test]
fn the_build_instructions_name_the_pinned_versions() {
    let amo = read("store/AMO-SOURCE.md");
    let rust = quoted_after(&read("Cargo.toml"), "[package]", "rust-version");
    let wasm_bindgen = quoted_after(&read("Cargo.lock"), "name = \"wasm-bindgen\"\n", "version");
    let binaryen = quoted_after(&read("package-lock.json"), "\"node_modules/binaryen\"", "\"version\":");
    for (what, version) in [
        ("Rust", rust),
        ("wasm-bindgen-cli", wasm_bindgen),
        ("binaryen", binaryen),
    ] {
        assert!(amo.contains(&version), "store/AMO-SOURCE.md names {what} {version}");
    }
}
