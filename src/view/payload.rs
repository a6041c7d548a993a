//! What the background hands a banner frame (`{type:'get', id}` answers `{payload}`): the
//! responses the page received and the page's context, `{ inputs: [{ url, body, source? }],
//! context: { email?, tenantDomains?, lang?, timeZone?, redact?, screenShare?, format?, theme? } }`
//! (`theme` is read by `web::banner`, before anything else, so that even an error follows it).

use serde::Deserialize;

use super::preferences::Choices;
use crate::decode::DecodeError;
use crate::diagnose::domain::parse_domain_list;
use crate::explain::Zone;
use crate::time::{Timestamp, parse_offset};
use crate::{Analysis, Context};

#[derive(Clone, Debug, Deserialize)]
pub struct Payload {
    #[serde(default)]
    pub inputs: Vec<Input>,
    #[serde(default)]
    pub context: PageContext,
}

/// One response as the page received it.
#[derive(Clone, Debug, Deserialize)]
pub struct Input {
    #[serde(default)]
    pub url: String,
    pub body: String,
    /// What the banner calls it (`response 2` when unnamed).
    #[serde(default)]
    pub source: Option<String>,
}

/// What the page knows, and the preferences in force.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PageContext {
    /// The calendar address the panel shows.
    pub email: Option<String>,
    pub tenant_domains: Option<TenantDomains>,
    /// `local` (the browser's zone, the default), `UTC` or an offset such as `+09:00`.
    pub time_zone: Option<String>,
    #[serde(flatten)]
    pub choices: Choices,
}

/// The tenant's domains: a list, or text as Tenant details shows it.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum TenantDomains {
    List(Vec<String>),
    Text(String),
}

impl Payload {
    /// Every input read into one analysis; the ones that cannot be read are returned, not fatal.
    pub fn analysis(&self) -> (Analysis, Vec<DecodeError>) {
        let mut analysis = Analysis::new();
        let mut errors = Vec::new();
        for (index, input) in self.inputs.iter().enumerate() {
            let source = input
                .source
                .clone()
                .unwrap_or_else(|| format!("response {}", index + 1));
            if let Err(error) = analysis.add(&input.url, &input.body, &source) {
                errors.push(error);
            }
        }
        (analysis, errors)
    }
}

impl PageContext {
    /// What the diagnosis knows beyond the responses: the email and the tenant's domains.
    pub fn diagnosis_context(&self) -> Context {
        let tenant_domains = match &self.tenant_domains {
            Some(TenantDomains::List(list)) => parse_domain_list(&list.join(",")),
            Some(TenantDomains::Text(text)) => parse_domain_list(text),
            None => Vec::new(),
        };
        Context {
            email: self.email.clone().filter(|e| !e.trim().is_empty()),
            tenant_domains,
        }
    }

    /// The zone times are shown in beside UTC; `local` (and anything unreadable) is `local`, the
    /// offset of the browser's zone at an instant.
    pub fn zone(&self, local: impl Fn(Timestamp) -> i32 + 'static) -> Zone {
        let fixed = match self.time_zone.as_deref().map(str::trim) {
            None | Some("") | Some("local") => None,
            Some(text) => parse_offset(text),
        };
        match fixed {
            Some(offset) => Zone::fixed(offset),
            None => Zone::from_fn(local),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATUS: &str = include_str!("../../tests/fixtures/uss/status-o365-unauthorized.json");

    fn context(json: &str) -> PageContext {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn tenant_domains_come_as_a_list_or_as_tenant_details_text() {
        let list = context(r#"{"email":" ","tenantDomains":["rtpcloudcollab.com","ciscolive.us"]}"#);
        let text = context(r#"{"email":"a@b.c","tenantDomains":"rtpcloudcollab.com (default)\nciscolive.us"}"#);
        assert_eq!(
            list.diagnosis_context().tenant_domains,
            text.diagnosis_context().tenant_domains
        );
        assert_eq!(list.diagnosis_context().tenant_domains.len(), 2);
        assert_eq!(list.diagnosis_context().email, None, "a blank email is no email");
        assert_eq!(text.diagnosis_context().email.as_deref(), Some("a@b.c"));
    }

    #[test]
    fn the_zone_is_the_given_offset_or_local() {
        let at = Timestamp::parse("2026-11-27T01:24:00.000Z").unwrap();
        let local = |_| -300;
        for (json, shown) in [
            (r#"{"timeZone":"+09:00"}"#, "2026-11-27 10:24:00 (UTC+09:00)"),
            (r#"{"timeZone":"UTC"}"#, "2026-11-27 01:24:00 (UTC)"),
            (r#"{"timeZone":"local"}"#, "2026-11-26 20:24:00 (UTC-05:00)"),
            (r#"{"timeZone":"Mars/Olympus"}"#, "2026-11-26 20:24:00 (UTC-05:00)"),
            ("{}", "2026-11-26 20:24:00 (UTC-05:00)"),
        ] {
            assert_eq!(context(json).zone(local).local(at), shown, "{json}");
        }
    }

    #[test]
    fn unreadable_inputs_are_returned_and_named() {
        let payload: Payload = serde_json::from_value(serde_json::json!({
            "inputs": [{ "body": STATUS, "source": "status" }, { "url": "", "body": "{not json" }],
        }))
        .unwrap();
        let (analysis, errors) = payload.analysis();
        assert_eq!(analysis.inputs.len(), 1);
        assert_eq!(analysis.inputs[0].file, "status");
        assert_eq!(errors.len(), 1);
        assert!(errors[0].to_string().contains("not valid JSON"), "{}", errors[0]);
        assert!(serde_json::from_str::<Payload>(r#"{"inputs":5}"#).is_err());
        assert!(serde_json::from_str::<Payload>(r#"{"context":"nope"}"#).is_err());
    }
}
