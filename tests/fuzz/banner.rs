//! The banner's element tree (`view::banner::of_payload`) from payloads as the adapter hands
//! them over: bodies of every shape with hostile fields, a hostile page email, tenant-domain text
//! and organization id, any preferences. Data is only ever text; attributes are the views' own or allowlisted.

use caldoctor::view::banner::of_payload;
use caldoctor::view::payload::Payload;
use proptest::prelude::*;
use serde_json::json;

use crate::harness::fuzz;
use crate::shapes::{Body, body};
use crate::text::{domain, email, hostile, uuid};
use crate::view_safety::assert_banner_is_safe;

fn payload() -> impl Strategy<Value = Payload> {
    let context = (
        proptest::option::of(email()),
        prop::collection::vec(prop_oneof![domain(), hostile()], 0..4),
        prop::sample::select(&["auto", "en", "ja", "ja-JP", ""][..]),
        any::<(bool, bool, bool)>(),
        prop::sample::select(&["local", "UTC", "+09:00", "-13:45", "x"][..]),
        prop_oneof![uuid(), hostile()],
    );
    (prop::collection::vec(body(), 0..4), context).prop_map(
        |(bodies, (email, domains, lang, (redact, screen_share, text), zone, org))| {
            let inputs: Vec<_> = bodies
                .into_iter()
                .map(|Body { url, json }| json!({ "url": url, "body": json.to_string() }))
                .collect();
            Payload::from_value(&json!({
                "inputs": inputs,
                "context": { "email": email, "tenantDomains": domains.join("\n"), "lang": lang, "redact": redact,
                             "screenShare": screen_share, "format": if text { "text" } else { "markdown" },
                             "timeZone": zone, "org": org },
            }))
            .expect("a payload")
        },
    )
}

#[test]
fn banners_carry_data_only_as_text() {
    fuzz("banner", payload(), |payload| {
        assert_banner_is_safe(&of_payload(&payload, |_| 540));
        Ok(())
    });
}
