//! The domain matcher behind the "Unauthorized" diagnosis (`parse_domain_list`, `Domain`,
//! `email_domain`, `is_tenant_domain`): never a panic on any Unicode; canonical output; every
//! spelling of a domain (case, trailing dot, markers, separators, its `xn--` form) matches it,
//! and a subdomain or a look-alike suffix never does.

use caldoctor::diagnose::domain::{Domain, email_domain, is_tenant_domain, parse_domain_list, to_ascii};
use proptest::prelude::*;

use crate::harness::fuzz;
use crate::text::{any_text, hostile};

#[test]
fn any_text_gives_canonical_domains_or_none() {
    let text = prop_oneof![any_text(80), hostile(), hostile().prop_map(|t| format!("room@{t}"))];
    fuzz("domain-arbitrary", (text.clone(), text), |(list, email)| {
        let tenant = parse_domain_list(&list);
        for (i, domain) in tenant.iter().enumerate() {
            assert_canonical(domain)?;
            prop_assert!(!tenant[..i].contains(domain), "a duplicate: {:?}", domain);
        }
        if let Some(domain) = Domain::parse(&list) {
            assert_canonical(&domain)?;
        }
        if let Some(domain) = email_domain(&email) {
            assert_canonical(&domain)?;
            let _ = is_tenant_domain(&domain, &tenant);
        }
        Ok(())
    });
}

fn assert_canonical(domain: &Domain) -> Result<(), TestCaseError> {
    let text = domain.as_str();
    prop_assert_eq!(text.to_lowercase(), text, "not lower case");
    prop_assert!(
        !text.is_empty() && !text.ends_with('.'),
        "empty or a trailing dot: {:?}",
        text
    );
    prop_assert!(
        text.split('.').all(|label| !label.is_empty()),
        "an empty label: {:?}",
        text
    );
    prop_assert!(
        !text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "@/\\:;,()<>\"'[]".contains(c)),
        "a separator or control character: {:?}",
        text
    );
    Ok(())
}

/// A domain of plain ASCII labels (an `xn--` label is another domain's ASCII form).
fn ascii_domain() -> impl Strategy<Value = String> {
    "[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?){1,3}"
        .prop_filter("plain labels", |domain| {
            !domain.split('.').any(|label| label.starts_with("xn--"))
        })
}

/// In a tenant's list, a domain may be followed by a marker or any separator; in an address,
/// only by a trailing dot.
const LISTED: &[&str] = &["", ".", " (default)", ",", ";", "\n", "\t", "\u{a0}"];
const WRITTEN: &[&str] = &["", "."];

/// `domain` as a person or a page may write it: any case, then one of `decorations`.
fn spelling(domain: String, decorations: &'static [&'static str]) -> impl Strategy<Value = String> {
    let case = prop::collection::vec(any::<bool>(), domain.len());
    let decoration = prop::sample::select(decorations);
    (case, decoration).prop_map(move |(upper, decoration)| {
        let cased: String = domain
            .chars()
            .zip(upper)
            .map(|(c, up)| if up { c.to_ascii_uppercase() } else { c })
            .collect();
        format!("{cased}{decoration}")
    })
}

#[test]
fn every_spelling_of_a_tenant_domain_matches_it_and_no_look_alike_does() {
    let input = ascii_domain().prop_flat_map(|domain| {
        (
            Just(domain.clone()),
            spelling(domain.clone(), LISTED),
            spelling(domain, WRITTEN),
        )
    });
    fuzz("domain-spellings", input, |(domain, listed, written)| {
        let tenant = parse_domain_list(&format!("other.example, {listed}"));
        let email = email_domain(&format!("Room.One@{written}"))
            .ok_or_else(|| TestCaseError::fail("an address in a plain domain"))?;
        prop_assert!(is_tenant_domain(&email, &tenant), "{:?} not in {:?}", email, tenant);
        prop_assert_eq!(email.as_str(), domain.as_str());
        for look_alike in [
            format!("eu.{domain}"),
            format!("{domain}.evil.example"),
            format!("zz{domain}"),
        ] {
            let other = email_domain(&format!("room@{look_alike}")).expect("a plain domain");
            prop_assert!(!is_tenant_domain(&other, &tenant), "{:?} matched {:?}", other, tenant);
        }
        Ok(())
    });
}

/// Letters of scripts whose case maps one to one (not the Greek sigma: `Σ` lowers to `ς` at a
/// word's end), and scripts without case.
fn unicode_label() -> impl Strategy<Value = String> {
    let letter = prop_oneof![
        "[a-z0-9]",
        "[à-öø-þ]",
        "[а-яё]",
        "[α-ρτ-ω]",
        "[ぁ-ゖ]",
        "[ァ-ヺ]",
        "[一-龥]",
    ];
    // Labels whose `xn--` form is a legal label (63 bytes at most), whatever their UTF-8 length.
    prop::collection::vec(letter, 1..15)
        .prop_map(|letters| letters.concat())
        .prop_filter("a label of at most 63 bytes in its xn-- form", |label| {
            to_ascii(label).is_some_and(|ascii| ascii.len() <= 63)
        })
}

#[test]
fn unicode_and_xn_forms_of_a_domain_are_one_domain() {
    fuzz("domain-punycode", (unicode_label(), any::<bool>()), |(label, upper)| {
        let unicode = format!("{label}.example");
        let ascii = format!(
            "{}.example",
            to_ascii(&label).expect("a label of a few letters encodes")
        );
        let written = if upper { unicode.to_uppercase() } else { unicode.clone() };
        let tenant = parse_domain_list(&ascii);
        prop_assert_eq!(tenant.len(), 1, "{} is a domain", ascii);
        prop_assert_eq!(Domain::parse(&written), Domain::parse(&ascii));
        let email = email_domain(&format!("room@{written}")).ok_or_else(|| TestCaseError::fail("a domain"))?;
        prop_assert!(is_tenant_domain(&email, &tenant), "{:?} is {:?}", email, tenant);
        Ok(())
    });
}
