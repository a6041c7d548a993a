//! The report writer (`explain::report::render`) on any explained outcome, not only the ones the
//! diagnosis makes: every string hostile, every option present or absent. Never a panic, the
//! size bounded by the data, tracking IDs verbatim, and a server message one line whose Markdown
//! code span no backtick in it can close early.

use caldoctor::InputSummary;
use caldoctor::decode::observation::{Origin, Severity, SubjectKind};
use caldoctor::diagnose::finding::Check;
use caldoctor::diagnose::kinds::all_kinds;
use caldoctor::explain::catalog::{Lang, REPORT_SERVER_MESSAGE};
use caldoctor::explain::report::{Format, render};
use caldoctor::explain::tenants::RenderedTenant;
use caldoctor::explain::{
    Explained, Moment, RenderedCheck, RenderedEvent, RenderedFinding, RenderedSubject, RenderedTimeline,
};
use proptest::option::of;
use proptest::prelude::*;

use crate::harness::fuzz;
use crate::shapes::tracking_id;
use crate::text::hostile;

/// Catalogue text and markup one finding, check, event or input may add.
const FIXED_BYTES_PER_ITEM: usize = 2 * 1024;

fn moment() -> impl Strategy<Value = Moment> {
    (hostile(), hostile(), hostile()).prop_map(|(iso, utc, local)| Moment { iso, utc, local })
}

fn check() -> impl Strategy<Value = RenderedCheck> {
    let kind = prop::sample::select(
        &[
            Check::GraphPlace,
            Check::TenantDomains,
            Check::ExchangeMailbox,
            Check::ApplicationAccessPolicy,
            Check::HybridCalendarSettings,
        ][..],
    );
    (kind, hostile(), hostile(), of(hostile()), of(hostile())).prop_map(|(kind, title, detail, request, command)| {
        RenderedCheck {
            kind,
            title,
            detail,
            request,
            command,
            link: None,
        }
    })
}

fn subject() -> impl Strategy<Value = RenderedSubject> {
    let kind = prop::sample::select(
        &[
            SubjectKind::User,
            SubjectKind::Workspace,
            SubjectKind::Org,
            SubjectKind::Unknown,
        ][..],
    );
    (
        kind,
        hostile(),
        of(hostile()),
        of(hostile()),
        of(hostile()),
        of(hostile()),
    )
        .prop_map(|(kind, kind_label, id, org_id, email, display_name)| RenderedSubject {
            kind,
            kind_label,
            id,
            org_id,
            email,
            display_name,
        })
}

fn origin() -> impl Strategy<Value = Origin> {
    (hostile(), of(any::<usize>()), of(hostile())).prop_map(|(file, entry, url)| Origin { file, entry, url })
}

fn finding() -> impl Strategy<Value = RenderedFinding> {
    let codes: Vec<&'static str> = all_kinds().into_iter().map(|kind| kind.code).collect();
    let diagnoses = &["domain-not-in-tenant", "mailbox-not-found", "undetermined"][..];
    let severity = prop::sample::select(&[Severity::Error, Severity::Warning, Severity::Info][..]);
    let words = (
        prop::sample::select(codes),
        severity,
        hostile(),
        hostile(),
        prop::collection::vec(hostile(), 0..4),
        of(prop::sample::select(diagnoses)),
    );
    let times = (of(moment()), of(moment()), 0usize..5, of(moment()));
    let data = (
        of(hostile()),
        of(hostile()),
        of(prop_oneof![tracking_id(), hostile()]),
        prop::collection::vec(check(), 0..3),
        subject(),
        origin(),
    );
    let domains = (
        prop::collection::vec(hostile(), 0..3),
        of(hostile()),
        prop::collection::vec(tenant(), 0..3),
    );
    (words, times, data, domains).prop_map(
        |(
            (code, severity, title, explanation, steps, diagnosis),
            (observed, first_observed, occurrences, resolved),
            (raw_message, message_key, tracking_root, checks, subject, source),
            (tenant_domains, tenant, tenants),
        )| RenderedFinding {
            code,
            severity,
            title,
            explanation,
            steps,
            diagnosis,
            subject,
            observed_at: observed.as_ref().map(|m| m.iso.clone()),
            observed,
            first_observed,
            occurrences,
            resolved,
            raw_message,
            message_key,
            tracking_root,
            domain: None,
            tenant_domains,
            tenant,
            tenants,
            counts: None,
            checks,
            source,
        },
    )
}

fn tenant() -> impl Strategy<Value = RenderedTenant> {
    (hostile(), prop::collection::vec(hostile(), 0..3), any::<bool>()).prop_map(|(label, domains, unknown)| {
        RenderedTenant {
            label,
            domains,
            unknown,
        }
    })
}

fn timeline() -> impl Strategy<Value = RenderedTimeline> {
    let event = (of(moment()), of(hostile()), of(hostile()), of(hostile()), any::<bool>()).prop_map(
        |(time, entry_type, state, message, is_error)| RenderedEvent {
            time,
            entry_type,
            // The report shows the label; hostile text reaches it as a state would.
            state_label: state.clone(),
            state,
            message,
            is_error,
            tracking_root: None,
        },
    );
    (hostile(), prop::collection::vec(event, 0..4), of(moment()), hostile()).prop_map(
        |(subject_id, events, latest_error, summary)| RenderedTimeline {
            subject_id,
            events,
            first_error: None,
            latest_error,
            recovered: None,
            current_state: None,
            current_state_label: None,
            summary,
        },
    )
}

fn explained() -> impl Strategy<Value = (Explained, Vec<InputSummary>)> {
    let inputs = prop::collection::vec(
        (hostile(), 0usize..9, 0usize..9).prop_map(|(file, observations, requests)| InputSummary {
            file,
            observations,
            requests,
        }),
        0..3,
    );
    (
        prop::collection::vec(finding(), 0..4),
        prop::collection::vec(timeline(), 0..3),
        0usize..3,
        any::<bool>(),
        hostile(),
        inputs,
    )
        .prop_map(|(findings, timelines, omitted, japanese, time_note, inputs)| {
            let explained = Explained {
                lang: if japanese { Lang::Ja } else { Lang::En },
                findings,
                omitted,
                timelines,
                requests: Vec::new(),
                skipped: Vec::new(),
                time_note,
            };
            (explained, inputs)
        })
}

/// Every string of an explained outcome, for the size bound.
fn data_bytes(explained: &Explained, inputs: &[InputSummary]) -> usize {
    serde_json::to_string(explained).expect("serializable").len() + inputs.iter().map(|i| i.file.len()).sum::<usize>()
}

fn items(explained: &Explained, inputs: &[InputSummary]) -> usize {
    let findings: usize = explained
        .findings
        .iter()
        .map(|f| 1 + f.checks.len() + f.steps.len())
        .sum();
    let events: usize = explained.timelines.iter().map(|t| 1 + t.events.len()).sum();
    2 + findings + events + inputs.len()
}

#[test]
fn any_outcome_makes_a_bounded_report_with_its_tracking_ids_verbatim() {
    fuzz("report-writer", explained(), |(explained, inputs)| {
        let bound = FIXED_BYTES_PER_ITEM * items(&explained, &inputs) + 3 * data_bytes(&explained, &inputs);
        for format in [Format::Text, Format::Markdown] {
            for redacted in [false, true] {
                let report = render(&explained, &inputs, format, redacted);
                prop_assert!(
                    report.len() <= bound,
                    "{} bytes over the bound of {}",
                    report.len(),
                    bound
                );
                for finding in &explained.findings {
                    if let Some(tracking) = &finding.tracking_root {
                        prop_assert!(
                            report.contains(tracking.as_str()),
                            "tracking id {:?} not verbatim",
                            tracking
                        );
                    }
                    if let Some(raw) = &finding.raw_message {
                        prop_assert!(
                            report.contains(raw.as_str()) || format == Format::Markdown && raw.contains(['\n', '\r']),
                            "server message {:?} not verbatim",
                            raw
                        );
                        if format == Format::Markdown {
                            assert_quoted_verbatim(&report, raw, explained.lang)?;
                        }
                    }
                }
            }
        }
        Ok(())
    });
}

/// The server's words as Markdown quotes them, whitespace included: on one line, the line
/// `- **Server message**: <fence> message <fence>`; over several, a fenced block under that
/// label, each line indented as the list item's. Either fence is longer than any run of
/// backticks inside, so that none of them closes it early.
fn assert_quoted_verbatim(report: &str, message: &str, lang: Lang) -> Result<(), TestCaseError> {
    let prefix = format!("- **{}**: ", REPORT_SERVER_MESSAGE.text(lang));
    let quoted = if message.contains(['\n', '\r']) {
        let body: String = message.split('\n').map(|line| format!("  {line}\n")).collect();
        (3..=message.len() + 3).find(|&fence| {
            let fence = "`".repeat(fence);
            report.contains(&format!("{}\n\n  {fence}\n{body}  {fence}\n", prefix.trim_end()))
        })
    } else {
        report
            .lines()
            .filter_map(|line| line.strip_prefix(prefix.as_str()))
            .find_map(|code| {
                let fence = code.chars().take_while(|&c| c == '`').count();
                let inner = code.get(fence + 1..code.len().checked_sub(fence + 1)?)?;
                (inner == message).then_some(fence)
            })
    };
    let Some(fence) = quoted else {
        return Err(TestCaseError::fail(format!("nothing quotes {message:?} verbatim")));
    };
    let longest_inside = message.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    prop_assert!(
        longest_inside < fence,
        "a run of {} backticks closes a fence of {}",
        longest_inside,
        fence
    );
    Ok(())
}
