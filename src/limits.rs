//! Bounds on untrusted input. Everything the doctor reads comes from a page or a file
//! somebody sent; these keep memory and time bounded whatever it holds.

/// A single JSON response body.
pub const MAX_JSON_BODY_BYTES: usize = 32 * 1024 * 1024;
/// A whole HAR file.
pub const MAX_HAR_BYTES: usize = 1024 * 1024 * 1024;
/// Status records, journal entries or places read from one body: USS's own page size
/// (`limit=10000`), so an org of 40,000 subjects comes, and is read whole, as four pages.
pub const MAX_RECORDS_PER_BODY: usize = 10_000;
/// A User Status Report CSV (`user_statuses.csv`): 200,000 rows of a few hundred bytes.
pub const MAX_CSV_BYTES: usize = 64 * 1024 * 1024;
/// Rows read from one User Status Report CSV; the rest are counted, not read.
pub const MAX_CSV_ROWS: usize = 200_000;
/// Fields of one CSV row: the report has 7 or 8; a row of more is ragged, not read.
pub const MAX_CSV_FIELDS: usize = 32;
/// Rows of one CSV whose reason for being skipped is told one by one; the rest are counted.
pub const MAX_CSV_ROWS_TOLD: usize = 20;
/// Messages read from one status record or journal entry.
pub const MAX_MESSAGES_PER_RECORD: usize = 50;
/// A JSON document embedded in a string field (Activation 2.0's `statusDetailsJson`).
pub const MAX_EMBEDDED_JSON_BYTES: usize = 256 * 1024;
/// Characters kept of any one server string (description, id, email, URL).
pub const MAX_TEXT_CHARS: usize = 4_096;
/// Findings kept from one analysis; the rest are counted, not listed (`omitted`). From an
/// org-wide list, the open ones first, the gravest and newest of them.
pub const MAX_FINDINGS: usize = 500;
/// Timeline events kept per subject (the newest ones).
pub const MAX_TIMELINE_EVENTS: usize = 1_000;

/// Cuts `text` to [`MAX_TEXT_CHARS`] characters, marking the cut with `…`.
pub fn bounded(text: &str) -> String {
    // No more bytes than the bound, so no more characters: most texts need no count.
    if text.len() <= MAX_TEXT_CHARS {
        return text.to_string();
    }
    match text.char_indices().nth(MAX_TEXT_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}
