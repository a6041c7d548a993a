//! The triage in words: titles and explanations in the chosen language, times in UTC and the
//! chosen zone, personal data redacted as asked. What the JSON output serializes and the
//! summary writes; the page's view reads the model itself (it shows the data unredacted).

use serde::Serialize;

use crate::decode::observation::{Severity, SubjectKind};
use crate::explain::{Moment, Presentation, RenderedFinding, RenderedSkip, render_finding, render_skip};
use crate::triage::{DomainCount, Group, Row, Triage};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RenderedTriage {
    pub groups: Vec<RenderedGroup>,
    pub subjects_in_error: usize,
    pub subjects_total: usize,
    pub skipped: Vec<RenderedSkip>,
    /// Findings about the org as a whole (alarms, summary counts, the connector).
    pub org: Vec<RenderedFinding>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RenderedGroup {
    pub code: &'static str,
    pub diagnosis: Option<&'static str>,
    pub severity: Severity,
    pub title: String,
    pub count: usize,
    pub domains: Vec<RenderedDomain>,
    pub subjects: Vec<RenderedRow>,
    /// The group's explanation and fix, as its newest subject's finding words them.
    #[serde(skip)]
    pub example: RenderedFinding,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RenderedDomain {
    pub domain: String,
    pub count: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RenderedRow {
    pub id: Option<String>,
    pub kind: SubjectKind,
    pub name: Option<String>,
    pub email: Option<String>,
    pub state: Option<String>,
    /// RFC 3339 UTC.
    pub since: Option<String>,
    #[serde(skip)]
    pub since_moment: Option<Moment>,
    pub message: Option<String>,
    pub tracking_root: Option<String>,
}

pub fn render(triage: &Triage, p: &Presentation) -> RenderedTriage {
    RenderedTriage {
        groups: triage.groups.iter().map(|g| render_group(g, p)).collect(),
        subjects_in_error: triage.subjects_in_error,
        subjects_total: triage.subjects_total,
        skipped: triage.skipped.iter().map(|s| render_skip(s, p)).collect(),
        org: triage.org.iter().map(|f| render_finding(f, p)).collect(),
    }
}

fn render_group(group: &Group, p: &Presentation) -> RenderedGroup {
    let example = render_finding(&group.example, p);
    RenderedGroup {
        code: group.code,
        diagnosis: group.diagnosis,
        severity: group.severity,
        title: example.title.clone(),
        count: group.count(),
        domains: group.domains.iter().map(render_domain).collect(),
        subjects: group.rows.iter().map(|row| render_row(row, p)).collect(),
        example,
    }
}

fn render_domain(domain: &DomainCount) -> RenderedDomain {
    RenderedDomain {
        domain: domain.domain.clone(),
        count: domain.count,
    }
}

pub fn render_row(row: &Row, p: &Presentation) -> RenderedRow {
    let r = &p.redactor;
    RenderedRow {
        id: row.id.as_deref().map(|id| r.id(id)),
        kind: row.kind,
        name: row.name.as_deref().map(|name| r.name(name)),
        email: row.email.as_deref().map(|email| r.email(email)),
        state: row.state.as_deref().map(|state| r.text(state)),
        since: row.since.map(|at| at.to_rfc3339()),
        since_moment: p.moment(row.since),
        message: row.message.as_deref().map(|m| r.text(m)),
        tracking_root: row.tracking_root.as_deref().map(|t| r.tracking_id(t)),
    }
}
