//! The triage as a CSV to act on: one row per subject in error, RFC 4180 (CRLF, fields quoted
//! when they hold a comma, a quote or a line break, quotes doubled), UTF-8.

use crate::explain::redact::Redactor;
use crate::triage::{Group, Row, Triage};

pub const HEADER: [&str; 10] = [
    "subject_id",
    "kind",
    "name",
    "email",
    "state",
    "code",
    "diagnosis",
    "since_utc",
    "message",
    "tracking_id",
];

/// Every group's rows, groups in their order, with ids, emails and names redacted as
/// `redactor` says (tracking IDs stay whole; secrets never pass).
pub fn write(triage: &Triage, redactor: &Redactor) -> String {
    let mut out = String::new();
    line(&mut out, HEADER.iter().map(|h| h.to_string()));
    for group in &triage.groups {
        for row in &group.rows {
            line(&mut out, fields(group, row, redactor));
        }
    }
    out
}

fn fields(group: &Group, row: &Row, redactor: &Redactor) -> [String; 10] {
    let text = |value: &Option<String>| value.as_deref().map(|v| redactor.text(v)).unwrap_or_default();
    [
        row.id.as_deref().map(|id| redactor.id(id)).unwrap_or_default(),
        row.kind.word().to_string(),
        row.name.as_deref().map(|name| redactor.name(name)).unwrap_or_default(),
        row.email.as_deref().map(|e| redactor.email(e)).unwrap_or_default(),
        text(&row.state),
        group.code.to_string(),
        group.diagnosis.unwrap_or_default().to_string(),
        row.since.map(|at| at.to_rfc3339()).unwrap_or_default(),
        text(&row.message),
        row.tracking_root
            .as_deref()
            .map(|t| redactor.tracking_id(t))
            .unwrap_or_default(),
    ]
}

fn line(out: &mut String, fields: impl IntoIterator<Item = String>) {
    for (at, field) in fields.into_iter().enumerate() {
        if at > 0 {
            out.push(',');
        }
        field_into(out, &field);
    }
    out.push_str("\r\n");
}

/// One field. A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
/// return as a formula: such a field gets a leading `'`, which spreadsheets show as text (a
/// server message is data, never a command to the admin's spreadsheet).
fn field_into(out: &mut String, field: &str) {
    let neutralised = field.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quoted = field.contains([',', '"', '\n', '\r']);
    if quoted {
        out.push('"');
    }
    if neutralised {
        out.push('\'');
    }
    for c in field.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quoted {
        out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(field: &str) -> String {
        let mut out = String::new();
        field_into(&mut out, field);
        out
    }

    #[test]
    fn quotes_only_what_needs_it_and_doubles_quotes() {
        assert_eq!(written("plain"), "plain");
        assert_eq!(written("a,b"), "\"a,b\"");
        assert_eq!(written("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(written("two\r\nlines"), "\"two\r\nlines\"");
        assert_eq!(written(""), "");
    }

    #[test]
    fn a_field_a_spreadsheet_would_run_is_text() {
        assert_eq!(written("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
        assert_eq!(written("+1"), "'+1");
        assert_eq!(written("-2"), "'-2");
        assert_eq!(written("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(written("\tx"), "'\tx");
        assert_eq!(written("a=b"), "a=b");
    }
}
