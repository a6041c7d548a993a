//! Putting findings into words: localized title, explanation and fix steps, the checks that
//! confirm them with their links, and times in UTC and the chosen zone.

pub mod catalog;
pub mod links;
pub mod redact;
pub mod report;
pub mod tenants;
pub mod zone;

use serde::{Deserialize, Deserializer, Serialize};

use crate::decode::observation::{Origin, Severity, StateKind, SubjectKind};
use crate::decode::{Endpoint, RequestSummary, Skipped};
use crate::diagnose::Outcome;
use crate::diagnose::finding::{Check, Counts, Diagnosed, Finding, Subject};
use crate::diagnose::timeline::Timeline;
use crate::time::Timestamp;
use catalog::*;
use links::{Link, graph_explorer};
use redact::Redactor;
use tenants::{Compared, RenderedTenant};
pub use zone::Zone;

/// How to present an outcome: language, time zone, redaction.
pub struct Presentation {
    pub lang: Lang,
    pub zone: Zone,
    pub redactor: Redactor,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moment {
    /// RFC 3339 UTC, as the JSON had it.
    pub iso: String,
    pub utc: String,
    pub local: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderedSubject {
    pub kind: SubjectKind,
    pub kind_label: String,
    pub id: Option<String>,
    pub org_id: Option<String>,
    pub email: Option<String>,
    pub display_name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderedCheck {
    pub kind: Check,
    pub title: String,
    pub detail: String,
    /// An HTTP request to run (Graph).
    pub request: Option<String>,
    /// A PowerShell command to run.
    pub command: Option<String>,
    pub link: Option<Link>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderedFinding {
    #[serde(deserialize_with = "kind_code")]
    pub code: StaticCode,
    pub severity: Severity,
    pub title: String,
    pub explanation: String,
    pub steps: Vec<String>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        default,
        deserialize_with = "diagnosis_code"
    )]
    pub diagnosis: Option<StaticCode>,
    pub subject: RenderedSubject,
    /// The latest time seen, RFC 3339 UTC.
    pub observed_at: Option<String>,
    pub observed: Option<Moment>,
    pub first_observed: Option<Moment>,
    pub occurrences: usize,
    pub resolved: Option<Moment>,
    pub raw_message: Option<String>,
    pub message_key: Option<String>,
    pub tracking_root: Option<String>,
    pub domain: Option<String>,
    pub tenant_domains: Vec<String>,
    /// The tenant that holds `domain`, when the org has several.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tenant: Option<String>,
    /// Every tenant compared, when the org has several or one is "Unknown".
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub tenants: Vec<RenderedTenant>,
    /// An org finding's counts of subjects per state, as read (and per owner, `ccc`, `uss`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub counts: Option<Counts>,
    pub checks: Vec<RenderedCheck>,
    pub source: Origin,
}

/// A kind table's code (or a diagnosis's). Spelled through an alias so that serde's derive reads the field with
/// [`kind_code`] (and [`diagnosis_code`]) instead of borrowing it from the input, which would make the whole finding
/// readable only from `'static` text (serde-rs/serde#2665).
type StaticCode = &'static str;

/// A finding's code read back: only one of the kind table's.
fn kind_code<'de, D: Deserializer<'de>>(deserializer: D) -> Result<&'static str, D::Error> {
    let code = String::deserialize(deserializer)?;
    crate::diagnose::kinds::known_code(&code)
        .ok_or_else(|| serde::de::Error::custom(format!("no finding kind `{code}`")))
}

/// A finding's diagnosis read back: only one the kinds diagnose.
fn diagnosis_code<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<&'static str>, D::Error> {
    let Some(code) = Option::<String>::deserialize(deserializer)? else {
        return Ok(None);
    };
    crate::diagnose::kinds::known_diagnosis(&code)
        .map(Some)
        .ok_or_else(|| serde::de::Error::custom(format!("no diagnosis `{code}`")))
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RenderedEvent {
    pub time: Option<Moment>,
    pub entry_type: Option<String>,
    /// The server's word, and as Control Hub shows it (`Unknown (active)` for one it does not know).
    pub state: Option<String>,
    pub state_label: Option<String>,
    pub message: Option<String>,
    pub is_error: bool,
    pub tracking_root: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RenderedTimeline {
    pub subject_id: String,
    pub events: Vec<RenderedEvent>,
    pub first_error: Option<Moment>,
    pub latest_error: Option<Moment>,
    pub recovered: Option<Moment>,
    pub current_state: Option<String>,
    pub current_state_label: Option<String>,
    pub summary: String,
}

/// A matching request of a HAR file, as the analyzer lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RenderedRequest {
    pub method: String,
    pub url: String,
    pub status: Option<u16>,
    pub started: Option<Moment>,
    pub endpoint: Endpoint,
    pub has_body: bool,
    pub entry: Option<usize>,
}

/// A matching request whose body could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderedSkip {
    pub file: String,
    pub entry: Option<usize>,
    pub url: Option<String>,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explained {
    pub lang: Lang,
    pub findings: Vec<RenderedFinding>,
    pub omitted: usize,
    pub timelines: Vec<RenderedTimeline>,
    pub requests: Vec<RenderedRequest>,
    pub skipped: Vec<RenderedSkip>,
    /// Control Hub shows local time, the JSON UTC: said once wherever times appear.
    pub time_note: String,
}

impl Presentation {
    pub(crate) fn moment(&self, at: Option<Timestamp>) -> Option<Moment> {
        at.map(|at| Moment {
            iso: at.to_rfc3339(),
            utc: zone::utc(at),
            local: self.zone.local(at),
        })
    }

    fn email(&self, email: &str) -> String {
        self.redactor.email(email)
    }

    fn opt_id(&self, id: &Option<String>) -> Option<String> {
        id.as_deref().map(|id| self.redactor.id(id))
    }

    /// A state as Control Hub shows it.
    pub(crate) fn state_label(&self, state: &str) -> String {
        let label = match StateKind::of(state) {
            StateKind::Activated => STATE_ACTIVATED,
            StateKind::PendingActivation => STATE_PENDING_ACTIVATION,
            StateKind::Error => STATE_ERROR,
            StateKind::PendingDeactivation => STATE_PENDING_DEACTIVATION,
            StateKind::Unknown => STATE_UNKNOWN,
        };
        label.fill(self.lang, &[("state", &self.redactor.text(state))])
    }
}

pub fn explain(
    outcome: &Outcome,
    requests: &[RequestSummary],
    skipped: &[Skipped],
    presentation: &Presentation,
) -> Explained {
    let p = presentation;
    Explained {
        lang: p.lang,
        findings: outcome.findings.iter().map(|f| render_finding(f, p)).collect(),
        omitted: outcome.omitted,
        timelines: outcome.timelines.iter().map(|t| render_timeline(t, p)).collect(),
        requests: requests
            .iter()
            .map(|r| RenderedRequest {
                method: r.method.clone(),
                url: r.origin.url.as_deref().map(|u| p.redactor.text(u)).unwrap_or_default(),
                status: r.status,
                started: p.moment(r.started_at),
                endpoint: r.endpoint,
                has_body: r.has_body,
                entry: r.origin.entry,
            })
            .collect(),
        skipped: skipped.iter().map(|s| render_skip(s, p)).collect(),
        time_note: TIME_NOTE.text(presentation.lang).to_string(),
    }
}

pub fn render_skip(skip: &Skipped, p: &Presentation) -> RenderedSkip {
    RenderedSkip {
        file: skip.origin.file.clone(),
        entry: skip.origin.entry,
        url: skip.origin.url.as_deref().map(|u| p.redactor.text(u)),
        reason: p.redactor.text(&skip.reason),
    }
}

/// A subject's kind as the outputs name it (`User`, `Workspace`…), in `lang`.
pub fn subject_kind_label(kind: SubjectKind, lang: Lang) -> &'static str {
    match kind {
        SubjectKind::User => SUBJECT_USER,
        SubjectKind::Workspace => SUBJECT_WORKSPACE,
        SubjectKind::Org => SUBJECT_ORG,
        SubjectKind::Unknown => SUBJECT_UNKNOWN,
    }
    .text(lang)
}

fn render_subject(subject: &Subject, p: &Presentation) -> RenderedSubject {
    RenderedSubject {
        kind: subject.kind,
        kind_label: subject_kind_label(subject.kind, p.lang).to_string(),
        id: p.opt_id(&subject.id),
        org_id: p.opt_id(&subject.org_id),
        email: subject.email.as_deref().map(|e| p.email(e)),
        display_name: subject.display_name.as_deref().map(|n| p.redactor.name(n)),
    }
}

pub fn render_finding(finding: &Finding, p: &Presentation) -> RenderedFinding {
    let lang = p.lang;
    let kind = finding.kind;
    let diagnosed = finding.diagnosed.as_ref();
    let email = finding
        .subject
        .email
        .as_deref()
        .map(|e| p.email(e))
        .unwrap_or_else(|| MAILBOX_PLACEHOLDER.text(lang).to_string());
    // The subject's mailbox fills every kind's texts and checks; the rest is the family's.
    let Compared {
        facts: compared,
        tenant_domains,
        tenant,
        tenants,
    } = diagnosed.map(|d| tenants::compared(d, lang)).unwrap_or_default();
    // The family's facts are the server's words (the quoted word of "Received error '…'"):
    // scrubbed and redacted like any server text before they fill a title.
    let facts: Vec<(&str, String)> = finding
        .facts
        .values()
        .map(|(name, value)| (name, p.redactor.text(value)))
        .collect();
    let values: Vec<(&str, &str)> = [("email", email.as_str())]
        .into_iter()
        .chain(facts.iter().map(|(name, value)| (*name, value.as_str())))
        .chain(compared.values())
        .collect();
    // A value the input did not give reads "not given", never as an empty `()`.
    let not_given = VALUE_NOT_GIVEN.text(lang);
    let fill = |msg: Msg| msg.fill_or(lang, &values, not_given);
    let mut explanation = fill(kind.explanation);
    if let Some(Diagnosed { diagnosis, .. }) = diagnosed {
        explanation.push_str(if lang == Lang::Ja { "" } else { " " });
        explanation.push_str(&fill(diagnosis.explanation));
    }
    let steps = diagnosed.map_or(kind.steps, |d| d.diagnosis.steps);
    RenderedFinding {
        code: kind.code,
        severity: finding.severity,
        title: fill(kind.title),
        explanation,
        steps: steps.iter().map(|step| fill(*step)).collect(),
        diagnosis: diagnosed.map(|d| d.diagnosis.code),
        subject: render_subject(&finding.subject, p),
        observed_at: finding.observed_at.map(Timestamp::to_rfc3339),
        observed: p.moment(finding.observed_at),
        first_observed: p.moment(finding.first_observed_at),
        occurrences: finding.occurrences,
        resolved: p.moment(finding.resolved_at),
        raw_message: finding.raw_message.as_deref().map(|m| p.redactor.text(m)),
        message_key: finding.message_key.as_deref().map(str::to_string),
        tracking_root: finding.tracking_root.as_deref().map(|t| p.redactor.tracking_id(t)),
        // As compared, with what cannot be seen written out (`<U+202E>`).
        domain: diagnosed
            .and_then(|d| d.domain.as_ref())
            .map(|d| crate::diagnose::domain::oddity::visible(d.as_str())),
        tenant_domains,
        tenant,
        tenants,
        counts: finding.counts.clone(),
        checks: kind
            .checks
            .iter()
            .map(|check| render_check(*check, &email, &values, p))
            .collect(),
        source: Origin {
            file: finding.origin.file.clone(),
            entry: finding.origin.entry,
            url: finding.origin.url.as_deref().map(|u| p.redactor.text(u)),
        },
    }
}

/// The Webex Calendar app's id in Microsoft Entra, which an application access policy names.
const WEBEX_CALENDAR_APP_ID: &str = "189ea49b-75a4-4e53-a013-2aed74803405";
/// Google's admin console; its pages' paths are not public, so the link is to its start.
const GOOGLE_ADMIN: &str = "https://admin.google.com/";

fn render_check(check: Check, email: &str, values: &[(&str, &str)], p: &Presentation) -> RenderedCheck {
    let lang = p.lang;
    let locale = if lang == Lang::Ja { "ja-jp" } else { "en-us" };
    let (title, detail, request, command, link) = match check {
        Check::GraphPlace => (
            CHECK_GRAPH_PLACE_TITLE,
            CHECK_GRAPH_PLACE_DETAIL,
            Some(format!("GET https://graph.microsoft.com/v1.0/places/{email}")),
            None,
            Link::new(
                LINK_GRAPH_EXPLORER.text(lang).into(),
                graph_explorer(&format!("places/{email}"), locale),
            ),
        ),
        Check::TenantDomains => (
            CHECK_TENANT_DOMAINS_TITLE,
            CHECK_TENANT_DOMAINS_DETAIL,
            None,
            Some("Get-AcceptedDomain | Format-Table DomainName,DomainType,Default".to_string()),
            Link::new(
                LINK_CONTROL_HUB_SERVICES.text(lang).into(),
                "https://admin.webex.com/services".into(),
            ),
        ),
        Check::ExchangeMailbox => (
            CHECK_EXCHANGE_MAILBOX_TITLE,
            CHECK_EXCHANGE_MAILBOX_DETAIL,
            None,
            Some(format!(
                "Get-Mailbox -Identity {email} | Format-List DisplayName,PrimarySmtpAddress,EmailAddresses,RecipientTypeDetails\nGet-Place -Identity {email}"
            )),
            Link::new(
                LINK_EXCHANGE_ADMIN.text(lang).into(),
                "https://admin.exchange.microsoft.com/#/resources".into(),
            ),
        ),
        Check::ApplicationAccessPolicy => (
            CHECK_APPLICATION_ACCESS_POLICY_TITLE,
            CHECK_APPLICATION_ACCESS_POLICY_DETAIL,
            None,
            Some(format!(
                "Get-ApplicationAccessPolicy\nTest-ApplicationAccessPolicy -Identity {email} -AppId {WEBEX_CALENDAR_APP_ID}"
            )),
            Link::new(
                LINK_LEARN_ACCESS_POLICY.text(lang).into(),
                format!("https://learn.microsoft.com/{locale}/graph/auth-limit-mailbox-access"),
            ),
        ),
        Check::HybridCalendarSettings => (
            CHECK_HYBRID_CALENDAR_SETTINGS_TITLE,
            CHECK_HYBRID_CALENDAR_SETTINGS_DETAIL,
            None,
            None,
            Link::new(
                LINK_CONTROL_HUB_SERVICES.text(lang).into(),
                "https://admin.webex.com/services".into(),
            ),
        ),
        Check::GoogleAuthorization => (
            CHECK_GOOGLE_AUTHORIZATION_TITLE,
            CHECK_GOOGLE_AUTHORIZATION_DETAIL,
            None,
            None,
            Link::new(
                LINK_CONTROL_HUB_SERVICES.text(lang).into(),
                "https://admin.webex.com/services".into(),
            ),
        ),
        Check::GoogleAccount => (
            CHECK_GOOGLE_ACCOUNT_TITLE,
            CHECK_GOOGLE_ACCOUNT_DETAIL,
            None,
            None,
            Link::new(LINK_GOOGLE_ADMIN.text(lang).into(), GOOGLE_ADMIN.into()),
        ),
        Check::GoogleResource => (
            CHECK_GOOGLE_RESOURCE_TITLE,
            CHECK_GOOGLE_RESOURCE_DETAIL,
            None,
            None,
            Link::new(LINK_GOOGLE_ADMIN.text(lang).into(), GOOGLE_ADMIN.into()),
        ),
    };
    let not_given = VALUE_NOT_GIVEN.text(lang);
    RenderedCheck {
        kind: check,
        title: title.fill_or(lang, values, not_given),
        detail: detail.fill_or(lang, values, not_given),
        request,
        command,
        link,
    }
}

fn render_timeline(timeline: &Timeline, p: &Presentation) -> RenderedTimeline {
    let lang = p.lang;
    let in_error_now = StateKind::is_error(timeline.current_state.as_deref());
    let summary = match (timeline.latest_error_at, timeline.recovered_at) {
        // The current state speaks even when no dated entry is an error.
        (None, _) if in_error_now => TIMELINE_IN_ERROR_NOW.text(lang).to_string(),
        (None, _) => TIMELINE_NO_ERRORS.text(lang).to_string(),
        (Some(_), Some(recovered)) => TIMELINE_RECOVERED.fill(lang, &[("time", &p.zone.local(recovered))]),
        (Some(latest), None) => TIMELINE_STILL_FAILING.fill(lang, &[("time", &p.zone.local(latest))]),
    };
    RenderedTimeline {
        subject_id: p.redactor.id(&timeline.subject_id),
        events: timeline
            .events
            .iter()
            .map(|e| RenderedEvent {
                time: p.moment(e.time),
                entry_type: e.entry_type.clone(),
                state: e.state.clone(),
                state_label: e.state.as_deref().map(|s| p.state_label(s)),
                message: e.message.as_deref().map(|m| p.redactor.text(m)),
                is_error: e.is_error,
                tracking_root: e.tracking_root.as_deref().map(|t| p.redactor.tracking_id(t)),
            })
            .collect(),
        first_error: p.moment(timeline.first_error_at),
        latest_error: p.moment(timeline.latest_error_at),
        recovered: p.moment(timeline.recovered_at),
        current_state: timeline.current_state.clone(),
        current_state_label: timeline.current_state.as_deref().map(|s| p.state_label(s)),
        summary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::domain::Domain;
    use crate::diagnose::finding::Facts;
    use crate::diagnose::kinds::probe::{PROBE, PROBED};
    use crate::diagnose::tenant::Tenant;

    fn finding(diagnosed: Option<Diagnosed>) -> Finding {
        let subject = Subject {
            kind: SubjectKind::Workspace,
            id: None,
            org_id: None,
            email: Some("room@c.example".into()),
            display_name: None,
        };
        Finding {
            facts: Facts::default().with("service_error", "Teapot"),
            diagnosed,
            ..Finding::new(&PROBE, subject)
        }
    }

    fn presentation(lang: Lang) -> Presentation {
        Presentation {
            lang,
            zone: Zone::utc(),
            redactor: Redactor::new(false),
        }
    }

    #[test]
    fn the_familys_facts_and_the_subjects_mailbox_fill_the_texts() {
        let rendered = render_finding(&finding(None), &presentation(Lang::En));
        assert_eq!(
            rendered.title,
            O365_ERROR_TITLE.fill(Lang::En, &[("service_error", "Teapot")])
        );
        assert!(rendered.explanation.contains("“Teapot”"), "{}", rendered.explanation);
        assert!(
            rendered.steps[0].contains("places/room@c.example"),
            "{:?}",
            rendered.steps
        );
        assert_eq!(
            rendered.checks[0].request.as_deref(),
            Some("GET https://graph.microsoft.com/v1.0/places/room@c.example")
        );
        assert_eq!((rendered.diagnosis, rendered.domain), (None, None));
        assert!(rendered.tenant_domains.is_empty());
    }

    #[test]
    fn a_diagnosis_adds_its_explanation_and_replaces_the_steps() {
        let diagnosed = Diagnosed {
            diagnosis: &PROBED,
            domain: Domain::parse("c.example"),
            tenants: vec![Tenant::from_details(None, "a.example, b.example")],
            holder: None,
            unusual: None,
        };
        for (lang, joiner) in [(Lang::En, " "), (Lang::Ja, "")] {
            let plain = render_finding(&finding(None), &presentation(lang));
            let rendered = render_finding(&finding(Some(diagnosed.clone())), &presentation(lang));
            let added = rendered
                .explanation
                .strip_prefix(&format!("{}{joiner}", plain.explanation));
            let values = [
                ("email", "room@c.example"),
                ("domain", "c.example"),
                ("tenant_domains", "a.example, b.example"),
            ];
            assert_eq!(added, Some(PROBED.explanation.fill(lang, &values).as_str()));
            assert_eq!(rendered.steps, [PROBED.steps[0].fill(lang, &values)]);
            assert_eq!(rendered.diagnosis, Some("probed"));
            assert_eq!(rendered.domain.as_deref(), Some("c.example"));
            assert_eq!(rendered.tenant_domains, ["a.example", "b.example"]);
        }
    }

    /// What the pages' worker hands the page: rendered findings as JSON, read back unchanged.
    #[test]
    fn rendered_findings_read_back_from_their_json() {
        let mut analysis = crate::Analysis::new();
        for name in [
            "har/note-scenario.har",
            "uss/summary-org-subjects-in-error.json",
            "uss/status-o365-forbidden.json",
            "hercules/alarms-org-alarm.json",
            "ccc/service-warn-without-code.json",
        ] {
            let text =
                std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
            analysis.add("", &text, name).unwrap();
        }
        let context = crate::Context {
            email: None,
            tenants: vec![
                Tenant::from_details(Some("Contoso"), "rtpcloudcollab.com"),
                Tenant::from_details(None, "Unknown"),
            ],
        };
        let explained = analysis.explain(&context, &presentation(Lang::Ja));
        assert!(explained.findings.iter().any(|f| f.counts.is_some()) && explained.findings.len() > 3);
        assert!(
            explained
                .findings
                .iter()
                .any(|f| f.diagnosis.is_some() && !f.tenants.is_empty())
        );
        for finding in &explained.findings {
            let json = serde_json::to_string(finding).unwrap();
            let read: RenderedFinding = serde_json::from_str(&json).unwrap();
            assert_eq!(&read, finding);
        }
        let unknown = serde_json::to_string(&explained.findings[0]).unwrap().replacen(
            explained.findings[0].code,
            "no-such-kind",
            1,
        );
        assert!(
            serde_json::from_str::<RenderedFinding>(&unknown).is_err(),
            "only the kind table's codes"
        );
    }
}
