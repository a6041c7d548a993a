//! The hostile corpus (tests/fixtures/hostile/corpus.json) in every field that reaches output
//! (placements.rs): the analysis, every report (text and Markdown, redacted and not), the banner
//! tree, and for HARs the reduced and the redacted HAR. Never a panic; the banner carries data
//! only as text and links only to the allowlist; no link in a report leaves it; a server message
//! is quoted verbatim where it is shown in full; a HAR's credentials never survive redaction.

mod corpus;
mod placements;
#[path = "../support/presented.rs"]
mod presented;
#[path = "../support/view_safety.rs"]
mod view_safety;

use caldoctor::diagnose::tenant::Tenant;
use caldoctor::explain::catalog::Lang;
use caldoctor::explain::links::is_allowed;
use caldoctor::explain::report::{Format, render};
use caldoctor::har::{redact::redact_har, reduce::reduce_har};
use caldoctor::view::banner::of_payload;
use caldoctor::view::payload::{DomainList, Input, PageContext, Payload};
use caldoctor::view::preferences::Choices;
use caldoctor::{Analysis, Context};
use placements::{Case, HAR_SECRETS, PLACEMENTS};
use presented::{both_ways, links};
use view_safety::{assert_banner_is_safe, banner_texts};

#[test]
fn the_corpus_tries_every_kind_of_attack() {
    let corpus = corpus::load();
    assert!(corpus.len() >= 40, "{} payloads", corpus.len());
    for category in [
        "html",
        "markdown",
        "url",
        "css",
        "bidi",
        "invisible",
        "homograph",
        "size",
        "structure",
        "formula",
        "escape",
        "id",
    ] {
        assert!(corpus.iter().any(|h| h.category == category), "no {category} payload");
    }
    let mut names: Vec<&str> = corpus.iter().map(|h| h.name.as_str()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), corpus.len(), "names are unique");
}

/// Each category on its own test thread: a 1 MiB payload in forty fields takes a while.
fn run_category(categories: &[&str]) {
    let corpus = corpus::load();
    for hostile in corpus.iter().filter(|h| categories.contains(&h.category.as_str())) {
        for placement in PLACEMENTS {
            let case = (placement.build)(hostile);
            let place = format!("{} in {}", hostile.name, placement.field);
            check(&case, &place);
        }
    }
}

#[test]
fn markup_and_urls_stay_text() {
    run_category(&["html", "markdown", "url", "css"]);
}

#[test]
fn invisible_bidi_and_look_alike_characters_stay_text() {
    run_category(&["bidi", "invisible", "homograph"]);
}

#[test]
fn huge_and_deep_inputs_are_bounded() {
    run_category(&["size", "structure"]);
}

#[test]
fn formulas_escapes_and_odd_ids_stay_text() {
    run_category(&["formula", "escape", "id"]);
}

fn check(case: &Case, place: &str) {
    let mut analysis = Analysis::new();
    for (url, body) in &case.inputs {
        // An unreadable input is an error for the person, never a panic.
        let _ = analysis.add(url, body, &case.file);
    }
    check_reports(&analysis, case, place);
    check_banners(case, place);
    if let Some(har) = &case.har {
        check_har(har, place);
    }
}

fn check_reports(analysis: &Analysis, case: &Case, place: &str) {
    let context = Context {
        email: case.email.clone(),
        tenants: vec![Tenant::from_details(None, &case.tenant)],
    };
    for (redacted, explained) in both_ways(
        analysis,
        &context,
        |redacted| if redacted { Lang::Ja } else { Lang::En },
    ) {
        for link in links(&explained) {
            assert!(is_allowed(link), "{place}: a link off the allowlist: {link}");
        }
        for format in [Format::Text, Format::Markdown] {
            let report = render(&explained, &analysis.inputs, format, redacted);
            if let (Some(quoted), false) = (&case.quoted, redacted) {
                // Markdown quotes words over several lines as a block, each line indented.
                let verbatim = match format {
                    Format::Text => report.contains(quoted.as_str()),
                    Format::Markdown => quoted.split('\n').all(|line| report.contains(line)),
                };
                assert!(
                    verbatim,
                    "{place}: the server message is not quoted verbatim:\n{report}"
                );
            }
        }
    }
}

/// What a banner frame is handed for the case: its responses, each on its own (the page's hook
/// forwards single responses, never a HAR), so a HAR case's are its entries' bodies.
fn banner_inputs(case: &Case) -> Vec<Input> {
    let input = |url: &str, body: &str| Input {
        url: url.to_string(),
        body: body.to_string(),
        source: Some(case.file.clone()),
    };
    let Some(har) = &case.har else {
        return case.inputs.iter().map(|(url, body)| input(url, body)).collect();
    };
    let har: serde_json::Value = serde_json::from_str(har).unwrap_or_default();
    let entries = har.pointer("/log/entries").and_then(|e| e.as_array());
    entries
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let url = entry.pointer("/request/url")?.as_str()?;
            Some(input(url, entry.pointer("/response/content/text")?.as_str()?))
        })
        .collect()
}

fn check_banners(case: &Case, place: &str) {
    let inputs = banner_inputs(case);
    let mut payload = Payload {
        inputs,
        context: PageContext {
            email: case.email.clone(),
            tenants: None,
            tenant_domains: Some(DomainList::Text(case.tenant.clone())),
            time_zone: Some("+09:00".to_string()),
            org: Some(case.org.clone()),
            subject: Some(placements::SUBJECT.to_string()),
            choices: Choices::default(),
        },
    };
    for (redact, screen_share, lang) in [(true, false, "en"), (false, true, "ja")] {
        payload.context.choices = Choices {
            lang: Some(lang.to_string()),
            redact: Some(redact),
            format: None,
            screen_share: Some(screen_share),
        };
        let banner = of_payload(&payload, |_| 540);
        assert_banner_is_safe(&banner);
        if let (Some(quoted), false) = (&case.quoted, screen_share) {
            assert!(
                banner_texts(&banner).iter().any(|text| text == quoted),
                "{place}: the banner does not show the server message verbatim"
            );
        }
    }
}

fn check_har(har: &str, place: &str) {
    let _ = reduce_har(har.as_bytes());
    let redacted = match redact_har(har.as_bytes()) {
        Ok((redacted, _)) => redacted,
        // A HAR that is not JSON (a lone surrogate) or not a HAR (a method that is an array):
        // refused, as the analyzer refuses to read it.
        Err(_) if caldoctor::decode::decode("", har, "hostile.har").is_err() => {
            return;
        }
        Err(e) => panic!("{place}: the doctor reads this HAR but refuses to redact it: {e}"),
    };
    assert!(
        serde_json::from_str::<serde_json::Value>(&redacted).is_ok(),
        "{place}: the redacted HAR is JSON"
    );
    for secret in HAR_SECRETS {
        assert!(!redacted.contains(secret), "{place}: {secret} left in the redacted HAR");
    }
}
