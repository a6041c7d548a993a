//! The report a support engineer pastes into a ticket: plain text or Markdown, built from an
//! already redacted [`Explained`] (redaction happens when findings are put into words).

use std::fmt::Write;

use crate::InputSummary;
use crate::explain::catalog::*;
use crate::explain::{Explained, Moment, RenderedFinding, tenants};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
}

impl Format {
    /// From its word in the settings (`markdown`, `text`); `const` so that the protocol's default
    /// is checked when the crate compiles.
    pub const fn from_word(word: &str) -> Option<Format> {
        match word.as_bytes() {
            b"markdown" => Some(Format::Markdown),
            b"text" => Some(Format::Text),
            _ => None,
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Text => "text",
        }
    }
}

pub fn render(explained: &Explained, inputs: &[InputSummary], format: Format, redacted: bool) -> String {
    let lang = explained.lang;
    let md = format == Format::Markdown;
    let mut out = String::new();
    let heading = |out: &mut String, level: usize, text: &str| {
        if md {
            let _ = writeln!(out, "{} {text}\n", "#".repeat(level));
        } else {
            let _ = writeln!(
                out,
                "{text}\n{}\n",
                if level == 1 { "=" } else { "-" }.repeat(text.chars().count().max(3))
            );
        }
    };
    heading(
        &mut out,
        1,
        &format!("{} {}", REPORT_TITLE.text(lang), env!("CARGO_PKG_VERSION")),
    );
    let sources: Vec<String> = inputs
        .iter()
        .map(|input| {
            REPORT_SOURCE.fill(
                lang,
                &[
                    ("file", &inline(&input.file, md)),
                    ("requests", &input.requests.to_string()),
                ],
            )
        })
        .collect();
    if !sources.is_empty() {
        let _ = writeln!(out, "{}: {}", REPORT_SOURCES.text(lang), sources.join("; "));
    }
    let _ = writeln!(
        out,
        "{}\n{}\n",
        if redacted {
            REPORT_REDACTED.text(lang)
        } else {
            REPORT_NOT_REDACTED.text(lang)
        },
        explained.time_note
    );
    // All clear only when every matching response was read.
    match (explained.findings.is_empty(), explained.skipped.len()) {
        (true, 0) => {
            let _ = writeln!(out, "{}\n", REPORT_NO_FINDINGS.text(lang));
        }
        (true, unread) => {
            let count = unread.to_string();
            let _ = writeln!(
                out,
                "{}\n",
                REPORT_NO_FINDINGS_BUT_UNREAD.fill(lang, &[("count", &count)])
            );
        }
        _ => {}
    }
    for (number, finding) in explained.findings.iter().enumerate() {
        finding_section(&mut out, number + 1, finding, explained, md);
    }
    if explained.omitted > 0 {
        let _ = writeln!(
            out,
            "{}\n",
            REPORT_OMITTED.fill(lang, &[("count", &explained.omitted.to_string())])
        );
    }
    if !explained.skipped.is_empty() {
        heading(&mut out, 2, REPORT_UNREAD.text(lang));
        for skip in &explained.skipped {
            let place = [
                Some(skip.file.clone()),
                skip.entry.map(|entry| format!("#{entry}")),
                skip.url.clone(),
            ];
            let place = place.into_iter().flatten().collect::<Vec<_>>().join(" ");
            let _ = writeln!(
                out,
                "{}{}: {}",
                if md { "- " } else { "  " },
                inline(&place, md),
                skip.reason
            );
        }
        out.push('\n');
    }
    for timeline in &explained.timelines {
        heading(
            &mut out,
            2,
            &REPORT_TIMELINE.fill(lang, &[("subject", &inline(&timeline.subject_id, md))]),
        );
        let _ = writeln!(out, "{}", timeline.summary);
        if let Some(current) = &timeline.current_state_label {
            let _ = writeln!(out, "{}: {current}", REPORT_CURRENT_STATE.text(lang));
        }
        out.push('\n');
        for event in &timeline.events {
            let when = event.time.as_ref().map(both).unwrap_or_else(|| "—".to_string());
            let what = [event.entry_type.as_deref(), event.state_label.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" → ");
            let marker = if event.is_error { "✗" } else { "·" };
            let _ = write!(out, "{}{marker} {when}  {what}", if md { "- " } else { "  " });
            match event.message.as_deref() {
                Some(message) => verbatim(&mut out, " — ", message, md),
                None => out.push('\n'),
            }
        }
        out.push('\n');
    }
    out.trim_end().to_string() + "\n"
}

fn finding_section(out: &mut String, number: usize, f: &RenderedFinding, explained: &Explained, md: bool) {
    let lang = explained.lang;
    let severity = match f.severity {
        crate::decode::observation::Severity::Error => SEVERITY_ERROR,
        crate::decode::observation::Severity::Warning => SEVERITY_WARNING,
        crate::decode::observation::Severity::Info => SEVERITY_INFO,
    }
    .text(lang);
    let title = format!("{number}. [{severity}] {} ({})", f.title, f.code);
    if md {
        let _ = writeln!(out, "## {title}\n");
    } else {
        let _ = writeln!(out, "{title}\n{}\n", "-".repeat(title.chars().count().min(100)));
    }
    let field = |out: &mut String, label: Msg, value: &str| {
        if md {
            let _ = writeln!(out, "- **{}**: {value}", label.text(lang));
        } else {
            let _ = writeln!(out, "{}: {value}", label.text(lang));
        }
    };
    let subject = [
        Some(f.subject.kind_label.clone()),
        f.subject.display_name.clone(),
        f.subject.email.clone(),
        f.subject.id.as_ref().map(|id| format!("id {id}")),
        f.subject.org_id.as_ref().map(|id| format!("org {id}")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    field(out, REPORT_SUBJECT, &inline(&subject, md));
    if let Some(diagnosis) = f.diagnosis {
        field(out, REPORT_DIAGNOSIS, diagnosis);
    }
    if let Some(observed) = &f.observed {
        let mut seen = both(observed);
        if f.occurrences > 1
            && let Some(first) = &f.first_observed
        {
            seen += &REPORT_OCCURRENCES.fill(lang, &[("count", &f.occurrences.to_string()), ("first", &first.utc)]);
        }
        field(out, REPORT_OBSERVED, &seen);
    }
    if let Some(resolved) = &f.resolved {
        field(out, REPORT_RESOLVED, &both(resolved));
    }
    if let Some(raw) = &f.raw_message {
        let label = if md {
            format!("- **{}**: ", REPORT_SERVER_MESSAGE.text(lang))
        } else {
            format!("{}: ", REPORT_SERVER_MESSAGE.text(lang))
        };
        verbatim(out, &label, raw, md);
    }
    if let Some(key) = &f.message_key {
        field(out, REPORT_MESSAGE_KEY, &code(key, md));
    }
    if let Some(tracking) = &f.tracking_root {
        field(out, REPORT_TRACKING_ROOT, &code(tracking, md));
    }
    if let Some(domains) = tenants::shown(f, lang) {
        field(out, REPORT_TENANT_DOMAINS, &inline(&domains, md));
    }
    let source = match (&f.source.url, f.source.entry) {
        (Some(url), Some(entry)) => format!("{} #{entry} {url}", f.source.file),
        (Some(url), None) => format!("{} {url}", f.source.file),
        _ => f.source.file.clone(),
    };
    field(out, REPORT_SOURCE_LABEL, &inline(&source, md));
    let _ = writeln!(out, "\n{}\n", f.explanation);
    let _ = writeln!(
        out,
        "{}",
        if md {
            format!("**{}**\n", REPORT_FIX.text(lang))
        } else {
            format!("{}:", REPORT_FIX.text(lang))
        }
    );
    for (i, step) in f.steps.iter().enumerate() {
        let _ = writeln!(out, "{}{}. {step}", if md { "" } else { "  " }, i + 1);
    }
    if !f.checks.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            if md {
                format!("**{}**\n", REPORT_CHECKS.text(lang))
            } else {
                format!("{}:", REPORT_CHECKS.text(lang))
            }
        );
        for check in &f.checks {
            let _ = writeln!(
                out,
                "{}{} — {}",
                if md { "- " } else { "  - " },
                check.title,
                check.detail
            );
            for snippet in check.request.iter().chain(check.command.iter()) {
                if md {
                    let _ = writeln!(out, "\n  ```\n  {}\n  ```", snippet.replace('\n', "\n  "));
                } else {
                    let _ = writeln!(out, "      {}", snippet.replace('\n', "\n      "));
                }
            }
            if let Some(link) = &check.link {
                let _ = writeln!(out, "{}{}: {}", if md { "  " } else { "      " }, link.label, link.url);
            }
        }
    }
    out.push('\n');
}

pub(crate) fn both(moment: &Moment) -> String {
    format!("{} / {}", moment.utc, moment.local)
}

/// The server's words as it wrote them, whitespace and line breaks included, after `lead` on
/// the current line: inline on one line (a code span in Markdown), a fenced block when they
/// span lines (in plain text they simply follow, line for line).
pub(crate) fn verbatim(out: &mut String, lead: &str, text: &str, md: bool) {
    let multi_line = text.contains(['\n', '\r']);
    if !md {
        if multi_line {
            let _ = writeln!(out, "{}\n{text}", lead.trim_end());
        } else {
            let _ = writeln!(out, "{lead}{text}");
        }
    } else if !multi_line {
        let _ = writeln!(out, "{lead}{}", code(text, md));
    } else {
        let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        let fence = "`".repeat(longest_run.max(2) + 1);
        // Indented under the list item it belongs to; Markdown strips the indent again.
        let _ = writeln!(out, "{}\n\n  {fence}", lead.trim_end());
        for line in text.split('\n') {
            let _ = writeln!(out, "  {line}");
        }
        let _ = writeln!(out, "  {fence}\n");
    }
}

/// Data (a name, a file name, a tenant's name) written on one line of Markdown as text: its
/// line breaks become spaces, so it cannot start a heading or a list, and every character
/// Markdown gives a meaning inline is escaped, so it cannot make a link, an image or emphasis.
pub(crate) fn inline(text: &str, md: bool) -> String {
    if !md {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\r' | '\n' => out.push(' '),
            // `#` starts a heading only at the start of a line.
            '#' if !out.is_empty() => out.push(c),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '!' | '<' | '>' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// [`code`] of data that must stay on its line (a name in a list item): line breaks become spaces.
pub(crate) fn code_line(text: &str, md: bool) -> String {
    code(&text.replace(['\r', '\n'], " "), md)
}

/// Markdown inline code that a backtick in server text cannot break out of.
pub(crate) fn code(text: &str, md: bool) -> String {
    if !md {
        return text.to_string();
    }
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    format!("{fence} {text} {fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(lead: &str, text: &str, md: bool) -> String {
        let mut out = String::new();
        verbatim(&mut out, lead, text, md);
        out
    }

    #[test]
    fn server_words_keep_their_whitespace_in_text_and_markdown() {
        assert_eq!(written("x: ", " two  spaces ", false), "x:  two  spaces \n");
        assert_eq!(written("x: ", " two  spaces ", true), "x: `  two  spaces  `\n");
        assert_eq!(written("x: ", "a\n  b ", false), "x:\na\n  b \n");
        assert_eq!(
            written(" — ", "a ``` b\n  c", true),
            " —\n\n  ````\n  a ``` b\n    c\n  ````\n\n"
        );
    }
}
