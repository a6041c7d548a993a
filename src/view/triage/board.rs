//! What the pages' worker hands the triage page after a build: every group's cause in words —
//! its example finding rendered as the banner renders findings, its count and email domains —,
//! the org-wide findings and counts; not the rows, which follow in parts (they are most of the
//! data, and the page lists them as they come). JSON both ways: the page reads it back into the
//! same types.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::decode::observation::{Observation, Observed, Severity};
use crate::diagnose::timeline::subject_key;
use crate::explain::{Presentation, RenderedFinding, RenderedSkip, render_finding, render_skip};
use crate::triage::{DomainCount, Triage};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Board {
    pub groups: Vec<BoardGroup>,
    /// Findings about the org as a whole (alarms, its summary, the connector), gravest first.
    pub org: Vec<RenderedFinding>,
    /// The counts per state of the org's status summary last read, as the server names them.
    pub summary: Vec<(String, u64)>,
    pub subjects_in_error: usize,
    pub subjects_total: usize,
    pub skipped: Vec<RenderedSkip>,
}

/// One cause, as [`crate::triage::Group`] but in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardGroup {
    pub severity: Severity,
    pub count: usize,
    /// The group's newest finding: its explanation and fix, once for the group. Its code and
    /// diagnosis are the group's.
    pub example: RenderedFinding,
    pub domains: Vec<DomainCount>,
}

impl BoardGroup {
    pub fn code(&self) -> &'static str {
        self.example.code
    }

    pub fn diagnosis(&self) -> Option<&'static str> {
        self.example.diagnosis
    }
}

impl Board {
    /// `triage` in words as `presentation` says (its redactor: screen-share mode's masking).
    pub fn of(triage: &Triage, presentation: &Presentation) -> Board {
        Board {
            groups: triage
                .groups
                .iter()
                .map(|group| BoardGroup {
                    severity: group.severity,
                    count: group.count(),
                    example: render_finding(&group.example, presentation),
                    domains: group.domains.clone(),
                })
                .collect(),
            org: triage.org.iter().map(|f| render_finding(f, presentation)).collect(),
            summary: triage.summaries.last().map(|s| s.counts.0.clone()).unwrap_or_default(),
            subjects_in_error: triage.subjects_in_error,
            subjects_total: triage.subjects_total,
            skipped: triage.skipped.iter().map(|s| render_skip(s, presentation)).collect(),
        }
    }

    /// Every group's email domains together, most mailboxes first (the page's domain filter).
    pub fn domains(&self) -> Vec<DomainCount> {
        let mut counts: Vec<DomainCount> = Vec::new();
        let mut at: HashMap<&str, usize> = HashMap::new();
        for domain in self.groups.iter().flat_map(|g| &g.domains) {
            match at.get(domain.domain.as_str()) {
                Some(&index) => counts[index].count += domain.count,
                None => {
                    at.insert(&domain.domain, counts.len());
                    counts.push(domain.clone());
                }
            }
        }
        counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.domain.cmp(&b.domain)));
        counts
    }
}

/// The organization the statuses read are about: the one most of them name (an org's lists
/// name only it; a file may be anyone's). Whose tenants the diagnosis compares with.
pub fn status_org(observed: &[Observed]) -> Option<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for o in observed {
        if let Observation::Status(status) = &o.observation
            && let Some(org) = &status.org_id
        {
            *counts.entry(org.to_ascii_lowercase()).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|(a, x), (b, y)| x.cmp(y).then_with(|| b.cmp(a)))
        .map(|(org, _)| org)
}

/// How many users and workspaces the statuses read are about: more than one is a list, which
/// the triage page groups by cause.
pub fn status_subjects(observed: &[Observed]) -> usize {
    let mut seen = std::collections::HashSet::new();
    for o in observed {
        if let Observation::Status(status) = &o.observation
            && let Some(id) = &status.subject_id
        {
            seen.insert(subject_key(id).into_owned());
        }
    }
    seen.len()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::diagnose::tenant::Tenant;
    use crate::explain::Zone;
    use crate::explain::catalog::Lang;
    use crate::explain::redact::Redactor;
    use crate::triage::{build, keep_latest_statuses};
    use crate::{Analysis, Context};

    pub(crate) fn org_analysis() -> Analysis {
        let mut analysis = Analysis::new();
        for name in ["triage/org-statuses.json", "triage/org-places.json"] {
            let text =
                std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
            analysis.add("", &text, name).unwrap();
        }
        keep_latest_statuses(&mut analysis.observed);
        analysis
    }

    pub(crate) fn org_triage() -> Triage {
        let analysis = org_analysis();
        let context = Context {
            email: None,
            tenants: vec![Tenant::from_details(None, "example.com")],
        };
        build(&analysis.observed, &analysis.skipped, &context)
    }

    fn presentation(mask: bool) -> Presentation {
        Presentation {
            lang: Lang::En,
            zone: Zone::utc(),
            redactor: Redactor::new(mask),
        }
    }

    #[test]
    fn the_groups_in_words_read_back_from_json() {
        let triage = org_triage();
        let board = Board::of(&triage, &presentation(false));
        let groups: Vec<_> = board
            .groups
            .iter()
            .map(|g| (g.code(), g.diagnosis(), g.count))
            .collect();
        assert_eq!(
            groups,
            [
                ("o365-unauthorized", Some("domain-not-in-tenant"), 4),
                ("o365-unauthorized", Some("mailbox-not-found"), 1),
                ("status-error-without-message", None, 1),
            ]
        );
        assert_eq!((board.subjects_in_error, board.subjects_total), (6, 8));
        let json = serde_json::to_string(&board).unwrap();
        assert_eq!(serde_json::from_str::<Board>(&json).unwrap(), board);
        let rows = serde_json::to_string(&triage.groups[0].rows).unwrap();
        assert_eq!(
            serde_json::from_str::<Vec<crate::triage::Row>>(&rows).unwrap(),
            triage.groups[0].rows
        );

        let masked = Board::of(&triage, &presentation(true));
        let email = |b: &Board| b.groups[0].example.subject.email.clone().unwrap();
        assert!(email(&masked).contains("***@") && !email(&board).contains("***"));
    }

    #[test]
    fn domains_of_every_group_together() {
        let board = Board::of(&org_triage(), &presentation(false));
        let domains: Vec<_> = board.domains().into_iter().map(|d| (d.domain, d.count)).collect();
        assert_eq!(domains[0], ("rooms.example.net".to_string(), 3));
        assert!(domains.iter().any(|(d, _)| d == "example.com"), "{domains:?}");
        assert_eq!(
            domains.iter().map(|(_, n)| n).sum::<usize>(),
            board
                .groups
                .iter()
                .flat_map(|g| &g.domains)
                .map(|d| d.count)
                .sum::<usize>()
        );
    }

    #[test]
    fn whose_statuses_and_how_many_subjects() {
        let analysis = org_analysis();
        assert_eq!(
            status_org(&analysis.observed).as_deref(),
            Some("1eb65fdf-9643-417f-9974-ad72cae0e10f")
        );
        assert_eq!(status_subjects(&analysis.observed), 8);
        assert_eq!(status_org(&[]), None);
        assert_eq!(status_subjects(&[]), 0);
    }
}
