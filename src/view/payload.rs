//! What the background hands a banner frame (`{type:'get', id}` answers `{payload}`): the
//! responses the page received and the page's context, `{ inputs: [{ url, body, source? }],
//! context: { email?, tenants?, tenantDomains?, org?, subject?, lang?, timeZone?, redact?,
//! screenShare?, format?, theme? } }` (`theme` is read by `web::banner`, before anything else, so that even an error
//! follows it). The org's tenants come as `tenants: [{ name?, domains?, unknown? }]`, or, for an
//! org with one tenant, as `tenantDomains` alone.
//!
//! Read by hand from a `serde_json::Value`, which decoding needs anyway ([`Payload::from_json`]):
//! serde's derived readers, their shared buffering for `flatten` and `untagged`, and the number
//! formatting of their error messages were a sixth of the banner module.

use serde_json::{Map, Value};

use super::preferences::Choices;
use crate::decode::DecodeError;
use crate::diagnose::tenant::Tenant;
use crate::explain::Zone;
use crate::time::{Timestamp, parse_offset};
use crate::{Analysis, Context};

#[derive(Clone, Debug, Default)]
pub struct Payload {
    pub inputs: Vec<Input>,
    pub context: PageContext,
}

/// One response as the page received it.
#[derive(Clone, Debug)]
pub struct Input {
    pub url: String,
    pub body: String,
    /// What the banner calls it (`response 2` when unnamed).
    pub source: Option<String>,
}

/// What the page knows, and the preferences in force.
#[derive(Clone, Debug, Default)]
pub struct PageContext {
    /// The calendar address the panel shows.
    pub email: Option<String>,
    /// Every Microsoft 365 tenant of the org; when present, `tenant_domains` is not read.
    pub tenants: Option<Vec<PageTenant>>,
    /// The one tenant's domains, for an org with one tenant.
    pub tenant_domains: Option<DomainList>,
    /// `local` (the browser's zone, the default), `UTC` or an offset such as `+09:00`.
    pub time_zone: Option<String>,
    /// The subject's organization: whose tenant domains the banner asks for when it lacks them.
    pub org: Option<String>,
    /// The subject's id: what the banner remembers its Details by (read by `web::banner`).
    pub subject: Option<String>,
    pub choices: Choices,
}

/// A tenant's domains: a list, or text as Tenant details shows it (`Unknown` for a tenant that
/// Control Hub shows so).
#[derive(Clone, Debug)]
pub enum DomainList {
    List(Vec<String>),
    Text(String),
}

/// One tenant of the org as the page or the options know it.
#[derive(Clone, Debug, Default)]
pub struct PageTenant {
    /// What Control Hub calls it: its name, or its id.
    pub name: Option<String>,
    /// Missing or empty while its Tenant details have not been read.
    pub domains: Option<DomainList>,
    /// Control Hub shows it as "Unknown" (to re-authorize); its `domains` are then not read.
    pub unknown: bool,
}

impl DomainList {
    fn tenant(&self, name: Option<&str>) -> Tenant {
        match self {
            DomainList::List(list) => Tenant::from_details(name, &list.join("\n")),
            DomainList::Text(text) => Tenant::from_details(name, text),
        }
    }
}

impl PageTenant {
    /// The tenant the diagnosis compares with.
    pub fn tenant(&self) -> Tenant {
        let name = self.name.as_deref();
        match &self.domains {
            _ if self.unknown => Tenant::unknown(name),
            Some(domains) => domains.tenant(name),
            None => Tenant::from_details(name, ""),
        }
    }
}

/// The fields of a JSON object; `what` names it in the error.
fn object<'a>(value: &'a Value, what: &str) -> Result<&'a Map<String, Value>, String> {
    value.as_object().ok_or_else(|| format!("{what} is not an object"))
}

/// A field's value; a missing one and `null` are `None`, their default.
fn field<'a>(fields: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    fields.get(name).filter(|value| !value.is_null())
}

fn string(fields: &Map<String, Value>, name: &str) -> Result<Option<String>, String> {
    field(fields, name)
        .map(|value| {
            value
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| format!("`{name}` is not a string"))
        })
        .transpose()
}

fn boolean(fields: &Map<String, Value>, name: &str) -> Result<Option<bool>, String> {
    field(fields, name)
        .map(|value| value.as_bool().ok_or_else(|| format!("`{name}` is not true or false")))
        .transpose()
}

fn list<'a>(fields: &'a Map<String, Value>, name: &str) -> Result<&'a [Value], String> {
    match field(fields, name) {
        None => Ok(&[]),
        Some(value) => value
            .as_array()
            .map(Vec::as_slice)
            .ok_or_else(|| format!("`{name}` is not a list")),
    }
}

impl Payload {
    /// Reads the JSON text of a payload. A missing field (or `null`) takes its default and
    /// unknown fields are ignored; a field of another type is an error that names it.
    pub fn from_json(text: &str) -> Result<Payload, String> {
        let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        Payload::from_value(&value)
    }

    pub fn from_value(value: &Value) -> Result<Payload, String> {
        let fields = object(value, "the payload")?;
        let inputs = list(fields, "inputs")?
            .iter()
            .map(Input::from_value)
            .collect::<Result<_, _>>()?;
        let context = match field(fields, "context") {
            Some(context) => PageContext::from_value(context)?,
            None => PageContext::default(),
        };
        Ok(Payload { inputs, context })
    }

    /// Every input (a response the page received, never a HAR file) read into one analysis; the
    /// ones that cannot be read are returned, not fatal.
    pub fn analysis(&self) -> (Analysis, Vec<DecodeError>) {
        let mut analysis = Analysis::new();
        let mut errors = Vec::new();
        for (index, input) in self.inputs.iter().enumerate() {
            let source = input
                .source
                .clone()
                .unwrap_or_else(|| format!("response {}", index + 1));
            if let Err(error) = analysis.add_response(&input.url, &input.body, &source) {
                errors.push(error);
            }
        }
        (analysis, errors)
    }
}

impl Input {
    pub fn from_value(value: &Value) -> Result<Input, String> {
        let fields = object(value, "an input")?;
        Ok(Input {
            url: string(fields, "url")?.unwrap_or_default(),
            body: string(fields, "body")?.ok_or("an input has no `body`")?,
            source: string(fields, "source")?,
        })
    }
}

impl DomainList {
    fn from_value(value: &Value) -> Result<DomainList, String> {
        let not_domains = || "tenant domains are neither a list of strings nor a text".to_string();
        match value {
            Value::String(text) => Ok(DomainList::Text(text.clone())),
            Value::Array(items) => items
                .iter()
                .map(|item| item.as_str().map(str::to_string).ok_or_else(not_domains))
                .collect::<Result<_, _>>()
                .map(DomainList::List),
            _ => Err(not_domains()),
        }
    }
}

impl PageTenant {
    pub fn from_value(value: &Value) -> Result<PageTenant, String> {
        let fields = object(value, "a tenant")?;
        Ok(PageTenant {
            name: string(fields, "name")?,
            domains: field(fields, "domains").map(DomainList::from_value).transpose()?,
            unknown: boolean(fields, "unknown")?.unwrap_or_default(),
        })
    }
}

impl PageContext {
    /// The context's fields, named as `extension/shared/settings.js` and the adapter name them.
    fn from_value(value: &Value) -> Result<PageContext, String> {
        let fields = object(value, "the context")?;
        let tenants = match field(fields, "tenants") {
            Some(_) => Some(
                list(fields, "tenants")?
                    .iter()
                    .map(PageTenant::from_value)
                    .collect::<Result<_, _>>()?,
            ),
            None => None,
        };
        Ok(PageContext {
            email: string(fields, "email")?,
            tenants,
            tenant_domains: field(fields, "tenantDomains").map(DomainList::from_value).transpose()?,
            time_zone: string(fields, "timeZone")?,
            org: string(fields, "org")?,
            subject: string(fields, "subject")?,
            choices: Choices {
                lang: string(fields, "lang")?,
                redact: boolean(fields, "redact")?,
                format: string(fields, "format")?,
                screen_share: boolean(fields, "screenShare")?,
            },
        })
    }

    /// What the diagnosis knows beyond the responses: the email and the org's tenants.
    pub fn diagnosis_context(&self) -> Context {
        let tenants = match (&self.tenants, &self.tenant_domains) {
            (Some(tenants), _) => tenants.iter().map(PageTenant::tenant).collect(),
            (None, Some(domains)) => vec![domains.tenant(None)],
            (None, None) => Vec::new(),
        };
        Context {
            email: self
                .email
                .as_deref()
                .filter(|e| !e.trim().is_empty())
                .map(crate::limits::bounded),
            tenants,
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
        PageContext::from_value(&serde_json::from_str(json).unwrap()).unwrap()
    }

    fn read_context(json: &str) -> Result<PageContext, String> {
        PageContext::from_value(&serde_json::from_str(json).unwrap())
    }

    #[test]
    fn tenant_domains_come_as_a_list_or_as_tenant_details_text() {
        let list = context(r#"{"email":" ","tenantDomains":["rtpcloudcollab.com","ciscolive.us"]}"#);
        let text = context(r#"{"email":"a@b.c","tenantDomains":"rtpcloudcollab.com (default)\nciscolive.us"}"#);
        assert_eq!(list.diagnosis_context().tenants, text.diagnosis_context().tenants);
        assert_eq!(list.diagnosis_context().tenants.len(), 1);
        assert_eq!(list.diagnosis_context().tenants[0].known_domains().len(), 2);
        assert_eq!(list.diagnosis_context().email, None, "a blank email is no email");
        assert_eq!(text.diagnosis_context().email.as_deref(), Some("a@b.c"));
        for unread in [r#"{"tenantDomains":""}"#, r#"{"tenantDomains":[]}"#] {
            assert!(
                context(unread).diagnosis_context().tenants[0]
                    .known_domains()
                    .is_empty()
            );
        }
        assert!(context(r#"{"tenantDomains":"Unknown"}"#).diagnosis_context().tenants[0].is_unknown());
    }

    #[test]
    fn several_tenants_come_each_with_a_name_domains_or_unknown() {
        let page = context(
            r#"{"tenantDomains":"ignored.example","tenants":[
                {"name":"Contoso","domains":["contoso.com","contoso.onmicrosoft.com"]},
                {"domains":"fabrikam.com (default)\nfabrikam.onmicrosoft.com"},
                {"name":"Old","unknown":true,"domains":"old.example"},
                {"name":"Not read yet"},
                {"domains":"Unknown"}
            ]}"#,
        );
        let tenants = page.diagnosis_context().tenants;
        let shown: Vec<(Option<&str>, usize, bool)> = tenants
            .iter()
            .map(|t| (t.name.as_deref(), t.known_domains().len(), t.is_unknown()))
            .collect();
        assert_eq!(
            shown,
            [
                (Some("Contoso"), 2, false),
                (None, 2, false),
                (Some("Old"), 0, true),
                (Some("Not read yet"), 0, false),
                (None, 0, true),
            ]
        );
        assert!(context(r#"{"tenants":[]}"#).diagnosis_context().tenants.is_empty());
        assert!(read_context(r#"{"tenants":[{"unknown":"yes"}]}"#).is_err());
        assert!(read_context(r#"{"tenants":{"name":"x"}}"#).is_err());
        assert!(read_context(r#"{"tenantDomains":[5]}"#).is_err());
        assert!(read_context(r#"{"tenants":null}"#).unwrap().tenants.is_none());
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
        let payload = Payload::from_value(&serde_json::json!({
            "inputs": [{ "body": STATUS, "source": "status" }, { "url": "", "body": "{not json" }],
        }))
        .unwrap();
        let (analysis, errors) = payload.analysis();
        assert_eq!(analysis.inputs.len(), 1);
        assert_eq!(analysis.inputs[0].file, "status");
        assert_eq!(errors.len(), 1);
        assert!(errors[0].to_string().contains("not valid JSON"), "{}", errors[0]);
        assert!(Payload::from_json(r#"{"inputs":5}"#).is_err());
        assert!(Payload::from_json(r#"{"context":"nope"}"#).is_err());
        assert!(
            Payload::from_json(r#"{"inputs":[{"url":""}]}"#).is_err(),
            "an input needs a body"
        );
        assert!(Payload::from_json("{not json").is_err());
    }
}
