//! The triage for a ticket or a terminal, in plain text or Markdown: the counts, the org-wide
//! findings, then each group with its cause, its domains, its fix once, and its subjects.

use std::fmt::Write;

use crate::explain::catalog::*;
use crate::explain::report::{Format, both, code_line, verbatim};
use crate::explain::{RenderedFinding, subject_kind_label};
use crate::triage::rendered::{RenderedGroup, RenderedRow, RenderedTriage};

/// How many subjects each group lists in a summary pasted into a ticket (the CSV has them all).
pub const TICKET_SUBJECTS_PER_GROUP: usize = 5;

/// `triage` written out, listing at most `subjects_per_group` subjects of each group.
pub fn write(triage: &RenderedTriage, lang: Lang, format: Format, redacted: bool, subjects_per_group: usize) -> String {
    let md = format == Format::Markdown;
    let mut out = String::new();
    let title = format!("{} {}", TRIAGE_TITLE.text(lang), env!("CARGO_PKG_VERSION"));
    heading(&mut out, md, 1, &title);
    let redaction = if redacted { REPORT_REDACTED } else { REPORT_NOT_REDACTED };
    let _ = writeln!(out, "{}\n{}\n", redaction.text(lang), TIME_NOTE.text(lang));
    let total = triage.subjects_total.to_string();
    let counts = if triage.subjects_total == 0 && triage.groups.is_empty() {
        TRIAGE_NOTHING_READ.text(lang).to_string()
    } else if triage.groups.is_empty() {
        TRIAGE_NONE_IN_ERROR.fill(lang, &[("total", &total)])
    } else {
        TRIAGE_COUNTS.fill(
            lang,
            &[
                ("in_error", &triage.subjects_in_error.to_string()),
                ("total", &total),
                ("groups", &triage.groups.len().to_string()),
            ],
        )
    };
    let _ = writeln!(out, "{counts}\n");
    if !triage.org.is_empty() {
        heading(&mut out, md, 2, TRIAGE_ORG_FINDINGS.text(lang));
        for finding in &triage.org {
            let _ = writeln!(out, "{}{}", bullet(md), finding.title);
            let _ = writeln!(out, "{}{}", indent(md), finding.explanation);
        }
        out.push('\n');
    }
    for (number, group) in triage.groups.iter().enumerate() {
        group_section(&mut out, lang, md, number + 1, group, subjects_per_group);
    }
    if !triage.skipped.is_empty() {
        heading(&mut out, md, 2, REPORT_UNREAD.text(lang));
        for skip in &triage.skipped {
            let place = [
                Some(skip.file.clone()),
                skip.entry.map(|e| format!("#{e}")),
                skip.url.clone(),
            ];
            let place = place.into_iter().flatten().collect::<Vec<_>>().join(" ");
            let _ = writeln!(out, "{}{}: {}", bullet(md), code_line(&place, md), skip.reason);
        }
        out.push('\n');
    }
    out.trim_end().to_string() + "\n"
}

fn group_section(out: &mut String, lang: Lang, md: bool, number: usize, group: &RenderedGroup, listed: usize) {
    let title = match group.diagnosis {
        Some(diagnosis) => format!("{} ({} / {diagnosis})", group.title, group.code),
        None => format!("{} ({})", group.title, group.code),
    };
    let count = group.count.to_string();
    let number = number.to_string();
    heading(
        out,
        md,
        2,
        &TRIAGE_GROUP_HEADING.fill(lang, &[("number", &number), ("title", &title), ("count", &count)]),
    );
    if !group.domains.is_empty() {
        let domains: Vec<String> = group
            .domains
            .iter()
            .map(|d| format!("{} ({})", code_line(&d.domain, md), d.count))
            .collect();
        let _ = writeln!(out, "{}: {}\n", TRIAGE_DOMAINS.text(lang), domains.join(", "));
    }
    example_section(out, lang, md, &group.example);
    let _ = writeln!(out, "{}:", TRIAGE_SUBJECTS.text(lang));
    for row in group.subjects.iter().take(listed) {
        row_line(out, lang, md, row);
    }
    if group.subjects.len() > listed {
        let more = (group.subjects.len() - listed).to_string();
        let _ = writeln!(
            out,
            "{}{}",
            bullet(md),
            TRIAGE_MORE_SUBJECTS.fill(lang, &[("count", &more)])
        );
    }
    out.push('\n');
}

/// The cause and the fix, once, as the group's newest finding words them.
fn example_section(out: &mut String, lang: Lang, md: bool, example: &RenderedFinding) {
    let subject = example
        .subject
        .display_name
        .clone()
        .or_else(|| example.subject.email.clone())
        .or_else(|| example.subject.id.clone())
        .unwrap_or_default();
    if !subject.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            TRIAGE_EXAMPLE.fill(lang, &[("subject", &code_line(&subject, md))])
        );
    }
    let _ = writeln!(out, "{}\n", example.explanation);
    let _ = writeln!(out, "{}:", REPORT_FIX.text(lang));
    for (step, text) in example.steps.iter().enumerate() {
        let _ = writeln!(out, "{}{}. {text}", if md { "" } else { "  " }, step + 1);
    }
    out.push('\n');
}

fn row_line(out: &mut String, lang: Lang, md: bool, row: &RenderedRow) {
    let who = [row.name.as_deref(), row.email.as_deref(), row.id.as_deref()]
        .into_iter()
        .flatten()
        .map(|part| code_line(part, md))
        .collect::<Vec<_>>()
        .join(" ");
    let mut line = format!("{}{} {who}", bullet(md), subject_kind_label(row.kind, lang));
    if let Some(state) = &row.state {
        let _ = write!(line, " — {}", code_line(state, md));
    }
    if let Some(since) = &row.since_moment {
        let _ = write!(line, " {}", TRIAGE_SINCE.fill(lang, &[("when", &both(since))]));
    }
    if let Some(tracking) = &row.tracking_root {
        let _ = write!(
            line,
            " — {}: {}",
            REPORT_TRACKING_ROOT.text(lang),
            code_line(tracking, md)
        );
    }
    match &row.message {
        Some(message) => verbatim(out, &format!("{line} — "), message, md),
        None => {
            let _ = writeln!(out, "{line}");
        }
    }
}

fn heading(out: &mut String, md: bool, level: usize, text: &str) {
    if md {
        let _ = writeln!(out, "{} {text}\n", "#".repeat(level));
    } else {
        let underline = if level == 1 { "=" } else { "-" };
        let _ = writeln!(
            out,
            "{text}\n{}\n",
            underline.repeat(text.chars().count().clamp(3, 100))
        );
    }
}

fn bullet(md: bool) -> &'static str {
    if md { "- " } else { "  * " }
}

fn indent(md: bool) -> &'static str {
    if md { "  " } else { "    " }
}
