//! The User Status Report's export, `user_statuses.csv` (FACTS §3): UTF-8 (a byte-order mark
//! tolerated), a first line `sep=,` naming the separator (an Excel hint; another separator it
//! names is honoured), then a header and one row per subject, CRLF between lines (LF or CR
//! tolerated), RFC 4180 quoting (a field is quoted when it holds the separator or a line break,
//! `"` doubled). Columns `User, Type, Cluster, Status, Details, ID, Service`, with `Resource
//! Group` as the fourth when the org has resource groups; they are found by their header's
//! names, English or Japanese (Control Hub words its headers in its UI language, and we cannot
//! know its exact Japanese: common variants are accepted, case and spaces ignored), or else by
//! position when there are 7 or 8 of them, which `skipped` says. Each calendar row gives a
//! status and, when it has an ID, an identity: the user's address or the workspace's name, and
//! its kind. Rows of other hybrid services are ignored; rows that cannot be read are skipped,
//! each with the reason (up to [`MAX_CSV_ROWS_TOLD`], the rest counted).

use std::borrow::Cow;
use std::sync::Arc;

use super::observation::{
    CalendarService, IdentityRecord, Message, Observation, Observed, Origin, Severity, StateKind, StatusRecord,
    SubjectKind,
};
use super::{DecodeError, Decoded, Skipped};
use crate::limits::{MAX_CSV_BYTES, MAX_CSV_FIELDS, MAX_CSV_ROWS, MAX_CSV_ROWS_TOLD, MAX_MESSAGES_PER_RECORD, bounded};

const BOM: char = '\u{feff}';
/// The Excel hint that names the separator, as the report's first line.
const SEP_HINT: &str = "sep=";
const DEFAULT_SEPARATOR: char = ',';
/// What joins a row's messages in its Details.
const MESSAGE_JOINER: &str = " | ";
/// What parts a message's title from its description: `Error: <title> - <description>`.
const TITLE_SEPARATOR: &str = " - ";
/// The longest a message's title is; a longer phrase before ` - ` is part of the description.
const MAX_TITLE_CHARS: usize = 80;
/// The longest a header line or a column's name is (in bytes); a longer one is no header.
const MAX_HEADER_BYTES: usize = 1024;
const MAX_NAME_BYTES: usize = 64;

/// A column of the report, in the order of the report with resource groups.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    User,
    Type,
    Cluster,
    ResourceGroup,
    Status,
    Details,
    Id,
    Service,
}

const COLUMNS: usize = 8;

/// The report's columns, without and with resource groups.
const STANDARD: [Column; 7] = [
    Column::User,
    Column::Type,
    Column::Cluster,
    Column::Status,
    Column::Details,
    Column::Id,
    Column::Service,
];
const WITH_RESOURCE_GROUP: [Column; 8] = [
    Column::User,
    Column::Type,
    Column::Cluster,
    Column::ResourceGroup,
    Column::Status,
    Column::Details,
    Column::Id,
    Column::Service,
];

/// The names a header may give each column, as [`key`] writes them: English (the old client's
/// `Host`, `State`, `Error Message`, `User ID` too) and the Japanese words Control Hub likely uses.
const NAMES: [(Column, &[&str]); COLUMNS] = [
    (
        Column::User,
        &["user", "username", "ユーザー", "ユーザ", "ユーザー名", "ユーザ名"],
    ),
    (Column::Type, &["type", "タイプ", "種類", "種別"]),
    (
        Column::Cluster,
        &["cluster", "host", "クラスタ", "クラスター", "ホスト"],
    ),
    (Column::ResourceGroup, &["resourcegroup", "リソースグループ"]),
    (Column::Status, &["status", "state", "ステータス", "状態"]),
    (
        Column::Details,
        &[
            "details",
            "message",
            "messages",
            "errormessage",
            "詳細",
            "メッセージ",
            "エラーメッセージ",
        ],
    ),
    (Column::Id, &["id", "userid", "ユーザーid", "ユーザid"]),
    (Column::Service, &["service", "サービス"]),
];

/// The Status words Control Hub shows (English, Japanese) and the USS state each stands for;
/// `None` for "Off", which is a subject not entitled.
const STATUS_WORDS: [(&[&str], Option<&str>); 5] = [
    (&["off", "オフ", "無効"], None),
    (
        &[
            "pendingactivation",
            "アクティベーション保留中",
            "有効化保留中",
            "保留中",
        ],
        Some("notActivated"),
    ),
    (
        &["activated", "アクティブ", "アクティベート済み", "有効化済み"],
        Some("activated"),
    ),
    (&["error", "エラー"], Some("error")),
    (
        &["pendingdeactivation", "非アクティブ化保留中"],
        Some("pendingDeactivation"),
    ),
];

/// A user's Type (every other label is a workspace's, such as `Cisco Webex Device Place`).
const USER_TYPES: [&str; 3] = ["user", "ユーザー", "ユーザ"];
/// The User of a subject the identity service did not find.
const NOT_FOUND: [&str; 3] = ["notfound", "見つかりません", "見つかりませんでした"];
/// The Cluster of a subject on the cloud (Calendar Cloud Connector): `Cisco Webex Cloud`.
const CLOUD_CLUSTER: [&str; 2] = ["webexcloud", "webexクラウド"];
/// The severities a Details message starts with, Japanese beside [`Severity::parse`]'s words.
const SEVERITY_WORDS: [(&str, Severity); 3] = [
    ("エラー", Severity::Error),
    ("警告", Severity::Warning),
    ("情報", Severity::Info),
];

/// Whether `text` is such a CSV: its first line is a `sep=` hint or a header this reader knows
/// (looked for in the text's first [`MAX_HEADER_BYTES`]: every other input passes this way).
pub fn looks_like_csv(text: &str) -> bool {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let head = &text[..text.floor_char_boundary(MAX_HEADER_BYTES)];
    let first = head.split(['\r', '\n']).next().unwrap_or("");
    let whole_line = head.len() == text.len() || head.contains(['\r', '\n']);
    separator_hint(first).is_some()
        || whole_line
            && Reader::new(first, DEFAULT_SEPARATOR)
                .next()
                .is_some_and(|header| Layout::named(&header.fields).is_some())
}

/// Reads a User Status Report CSV (`file` names it in origins).
pub fn decode(text: &str, file: &str) -> Result<Decoded, DecodeError> {
    if text.len() > MAX_CSV_BYTES {
        return Err(DecodeError::TooLarge {
            size: text.len(),
            limit: MAX_CSV_BYTES,
        });
    }
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let (first, after_first) = split_first_line(text);
    let (separator, body, mut line) = match separator_hint(first) {
        Some(separator) => (separator, after_first, 2),
        None => (DEFAULT_SEPARATOR, text, 1),
    };
    let mut reader = Reader::new(body, separator);
    reader.line = line;
    let header = reader
        .by_ref()
        .find(|row| !row.is_blank())
        .ok_or_else(|| not_csv("no header line"))?;
    let origin = Origin {
        file: file.to_string(),
        entry: None,
        url: None,
    };
    // One origin for every row's observations, shared as a status list's are.
    let shared = Arc::new(origin.clone());
    let mut decoded = Decoded::default();
    let mut skips = Skips::new(origin.clone());
    let layout = match Layout::named(&header.fields) {
        Some(layout) => layout,
        None => {
            let (layout, header_is_data) = Layout::by_position(&header)?;
            let order = layout.order.iter().map(|c| c.label()).collect::<Vec<_>>().join(", ");
            let said = if header_is_data {
                format!(
                    "line {}: no header; its columns are read in the report's order ({order})",
                    header.line
                )
            } else {
                format!(
                    "line {}: the header `{}` names no column this reader knows; its columns are read in the \
                     report's order ({order})",
                    header.line,
                    shown(&header.fields)
                )
            };
            decoded.skipped.push(Skipped {
                origin: origin.clone(),
                reason: said,
            });
            if header_is_data {
                read_row(&header, &layout, &shared, &mut decoded, &mut skips);
            }
            layout
        }
    };
    let mut rows = 0;
    for row in reader {
        line = row.line;
        if row.is_blank() {
            continue;
        }
        rows += 1;
        if rows > MAX_CSV_ROWS {
            skips.past_limit += 1;
            continue;
        }
        read_row(&row, &layout, &shared, &mut decoded, &mut skips);
    }
    skips.finish(&mut decoded, line);
    Ok(decoded)
}

fn not_csv(why: impl Into<String>) -> DecodeError {
    DecodeError::NotStatusCsv(why.into())
}

/// The separator a `sep=X` line names: X, or a comma when it names none a reader can use.
fn separator_hint(line: &str) -> Option<char> {
    let named = line.get(..SEP_HINT.len())?;
    if !named.eq_ignore_ascii_case(SEP_HINT) {
        return None;
    }
    let separator = line[SEP_HINT.len()..].chars().next();
    Some(
        separator
            .filter(|c| !matches!(c, '"' | '\r' | '\n'))
            .unwrap_or(DEFAULT_SEPARATOR),
    )
}

/// The first line and the text after its line break.
fn split_first_line(text: &str) -> (&str, &str) {
    let end = text.find(['\r', '\n']).unwrap_or(text.len());
    let rest = &text[end..];
    let rest = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix(['\r', '\n']))
        .unwrap_or(rest);
    (&text[..end], rest)
}

/// A header name as [`NAMES`] writes it: lower case, full-width letters as ASCII, without
/// spaces (an ideographic one too) or `_`, `-`, `・`.
fn key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && !matches!(*c, '_' | '-' | '・' | BOM))
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_one_of(text: &str, words: &[&str]) -> bool {
    let key = key(text);
    words.contains(&key.as_str())
}

/// Fields joined for a message, cut short.
fn shown(fields: &[Cow<'_, str>]) -> String {
    let joined = fields.join(", ");
    match joined.char_indices().nth(200) {
        Some((at, _)) => format!("{}…", &joined[..at]),
        None => joined,
    }
}

impl Column {
    fn label(self) -> &'static str {
        match self {
            Column::User => "User",
            Column::Type => "Type",
            Column::Cluster => "Cluster",
            Column::ResourceGroup => "Resource Group",
            Column::Status => "Status",
            Column::Details => "Details",
            Column::Id => "ID",
            Column::Service => "Service",
        }
    }

    fn named(name: &str) -> Option<Column> {
        if name.len() > MAX_NAME_BYTES {
            return None;
        }
        let key = key(name);
        NAMES
            .iter()
            .find(|(_, names)| names.contains(&key.as_str()))
            .map(|(column, _)| *column)
    }
}

/// Where each column is, and how many fields a row has.
struct Layout {
    at: [Option<usize>; COLUMNS],
    /// The columns in the order read, for what `skipped` says of a layout by position.
    order: Vec<Column>,
    width: usize,
}

impl Layout {
    /// The columns a header names, when it names a Status and an ID or a User (the first of
    /// each name wins).
    fn named(header: &[Cow<'_, str>]) -> Option<Layout> {
        let mut layout = Layout {
            at: [None; COLUMNS],
            order: Vec::new(),
            width: header.len(),
        };
        for (index, name) in header.iter().enumerate() {
            if let Some(column) = Column::named(name)
                && layout.at[column as usize].is_none()
            {
                layout.at[column as usize] = Some(index);
                layout.order.push(column);
            }
        }
        let has = |column: Column| layout.at[column as usize].is_some();
        (has(Column::Status) && (has(Column::Id) || has(Column::User))).then_some(layout)
    }

    /// The report's order for a header of 7 or 8 fields this reader does not know, and whether
    /// that first line is itself a row (its Status is one of the report's words).
    fn by_position(header: &Row<'_>) -> Result<(Layout, bool), DecodeError> {
        let order: &[Column] = match header.fields.len() {
            7 => &STANDARD,
            8 => &WITH_RESOURCE_GROUP,
            n => {
                return Err(not_csv(format!(
                    "its header `{}` names none of the report's columns (User, Type, Cluster, Status, Details, \
                     ID, Service) and has {n} fields, not 7 or 8",
                    shown(&header.fields)
                )));
            }
        };
        let mut layout = Layout {
            at: [None; COLUMNS],
            order: order.to_vec(),
            width: order.len(),
        };
        for (index, column) in order.iter().enumerate() {
            layout.at[*column as usize] = Some(index);
        }
        let is_data = is_status_word(layout.get(&header.fields, Column::Status));
        Ok((layout, is_data))
    }

    fn get<'r>(&self, fields: &'r [Cow<'_, str>], column: Column) -> &'r str {
        self.at[column as usize]
            .and_then(|index| fields.get(index))
            .map_or("", |field| field.as_ref())
    }
}

/// One record of the file: the line it starts on, its fields (at most [`MAX_CSV_FIELDS`]), how
/// many it had, and whether it ended inside a quoted field (at the end of the file).
struct Row<'a> {
    line: usize,
    fields: Vec<Cow<'a, str>>,
    count: usize,
    unclosed: bool,
}

impl<'a> Row<'a> {
    fn is_blank(&self) -> bool {
        !self.unclosed && self.count <= 1 && self.fields.iter().all(|f| f.trim().is_empty())
    }

    fn push(&mut self, field: Cow<'a, str>) {
        self.count += 1;
        if self.fields.len() < MAX_CSV_FIELDS {
            self.fields.push(field);
        }
    }
}

/// RFC 4180 records of a text with a given separator. A quoted field runs to its closing quote
/// (`""` a quote in it, separators and line breaks text); what follows the closing quote up to
/// the separator or the line's end is kept as written, as spreadsheets read it.
struct Reader<'a> {
    rest: &'a str,
    separator: char,
    /// The file's line (1-based) the next record starts on.
    line: usize,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str, separator: char) -> Reader<'a> {
        Reader {
            rest: text,
            separator,
            line: 1,
        }
    }

    /// An unquoted field: up to the separator or the line's end.
    fn plain(&mut self) -> &'a str {
        let end = self.rest.find([self.separator, '\r', '\n']).unwrap_or(self.rest.len());
        let (field, rest) = self.rest.split_at(end);
        self.rest = rest;
        field
    }

    /// A quoted field after its opening quote; `None` when no quote closes it.
    fn quoted(&mut self, inner: &'a str) -> Option<Cow<'a, str>> {
        let mut text = String::new();
        let mut rest = inner;
        loop {
            let at = rest.find('"')?;
            let piece = &rest[..at];
            self.line += piece.matches('\n').count() + piece.matches('\r').count() - piece.matches("\r\n").count();
            text.push_str(piece);
            rest = &rest[at + 1..];
            match rest.strip_prefix('"') {
                Some(after) => {
                    text.push('"');
                    rest = after;
                }
                None => break,
            }
        }
        self.rest = rest;
        text.push_str(self.plain());
        Some(Cow::Owned(text))
    }
}

impl<'a> Iterator for Reader<'a> {
    type Item = Row<'a>;

    fn next(&mut self) -> Option<Row<'a>> {
        if self.rest.is_empty() {
            return None;
        }
        let mut row = Row {
            line: self.line,
            fields: Vec::new(),
            count: 0,
            unclosed: false,
        };
        loop {
            let field = match self.rest.strip_prefix('"') {
                Some(inner) => match self.quoted(inner) {
                    Some(field) => field,
                    None => {
                        row.unclosed = true;
                        self.rest = "";
                        return Some(row);
                    }
                },
                None => Cow::Borrowed(self.plain()),
            };
            row.push(field);
            let mut after = self.rest.chars();
            match after.next() {
                None => return Some(row),
                Some(c) if c == self.separator => self.rest = after.as_str(),
                Some(_) => {
                    let rest = after.as_str();
                    self.rest = if self.rest.starts_with('\r') {
                        rest.strip_prefix('\n').unwrap_or(rest)
                    } else {
                        rest
                    };
                    self.line += 1;
                    return Some(row);
                }
            }
        }
    }
}

/// What `skipped` says of the rows not read: each reason up to [`MAX_CSV_ROWS_TOLD`], then
/// how many more, and how many rows lay past [`MAX_CSV_ROWS`].
struct Skips {
    origin: Origin,
    told: Vec<Skipped>,
    untold: usize,
    past_limit: usize,
}

impl Skips {
    fn new(origin: Origin) -> Skips {
        Skips {
            origin,
            told: Vec::new(),
            untold: 0,
            past_limit: 0,
        }
    }

    fn skip(&mut self, reason: String) {
        if self.told.len() < MAX_CSV_ROWS_TOLD {
            self.told.push(Skipped {
                origin: self.origin.clone(),
                reason,
            });
        } else {
            self.untold += 1;
        }
    }

    fn finish(self, decoded: &mut Decoded, last_line: usize) {
        let origin = self.origin;
        decoded.skipped.extend(self.told);
        if self.untold > 0 {
            decoded.skipped.push(Skipped {
                origin: origin.clone(),
                reason: format!("{} more rows not read, for the same kinds of reasons", self.untold),
            });
        }
        if self.past_limit > 0 {
            decoded.skipped.push(Skipped {
                origin,
                reason: format!(
                    "{} rows after the first {MAX_CSV_ROWS} (up to line {last_line}) not read: over the limit",
                    self.past_limit
                ),
            });
        }
    }
}

/// Reads one row into a status and an identity, or says why it cannot be read.
fn read_row(row: &Row<'_>, layout: &Layout, origin: &Arc<Origin>, decoded: &mut Decoded, skips: &mut Skips) {
    if row.unclosed {
        return skips.skip(format!(
            "line {}: a quoted field is never closed; the file ends inside it",
            row.line
        ));
    }
    let extra_are_empty = row.fields.iter().skip(layout.width).all(|f| f.trim().is_empty());
    if row.count < layout.width || row.count > layout.width && !(row.count <= MAX_CSV_FIELDS && extra_are_empty) {
        return skips.skip(format!(
            "line {}: {} fields where the header has {}",
            row.line, row.count, layout.width
        ));
    }
    let get = |column| layout.get(&row.fields, column);
    let Some(service) = service_of(get(Column::Service)) else {
        return; // another hybrid service's row
    };
    let id = Some(get(Column::Id).trim()).filter(|id| !id.is_empty()).map(bounded);
    let (entitled, state) = state_of(get(Column::Status));
    let messages = get(Column::Details)
        .split(MESSAGE_JOINER)
        .filter(|part| !part.trim().is_empty())
        .take(MAX_MESSAGES_PER_RECORD)
        .map(message)
        .collect();
    let status = StatusRecord {
        subject_id: id.clone(),
        entitled,
        state: state.map(Into::into),
        owner: owner_of(get(Column::Cluster)).map(Into::into),
        service,
        messages,
        ..StatusRecord::default()
    };
    let observed = |observation| Observed {
        origin: origin.clone(),
        observation,
    };
    decoded.observations.push(observed(Observation::Status(status)));
    if let Some(id) = id {
        let user = get(Column::User).trim();
        let named = !user.is_empty() && !is_one_of(user, &NOT_FOUND);
        let address = named && looks_like_address(user);
        let kind = match get(Column::Type).trim() {
            "" => SubjectKind::Unknown,
            kind if is_one_of(kind, &USER_TYPES) => SubjectKind::User,
            _ => SubjectKind::Workspace,
        };
        decoded
            .observations
            .push(observed(Observation::Identity(IdentityRecord {
                ids: vec![id],
                org_id: None,
                kind,
                display_name: (named && !address).then(|| bounded(user)),
                email: address.then(|| bounded(user)),
            })));
    }
}

/// `local@domain`, one `@`, no spaces: a userName, not a workspace's display name.
fn looks_like_address(text: &str) -> bool {
    matches!(text.split_once('@'), Some((local, domain))
        if !local.is_empty() && domain.contains('.') && !domain.contains('@') && !text.contains(char::is_whitespace))
}

/// A row's service: `Some(None)` when it names none, `None` for another hybrid service.
fn service_of(service: &str) -> Option<Option<CalendarService>> {
    let key = key(service);
    if key.is_empty() {
        Some(None)
    } else if key.contains("google") || key.contains("gcal") {
        Some(Some(CalendarService::Google))
    } else if ["calendar", "カレンダー", "squaredfusioncal"]
        .iter()
        .any(|w| key.contains(w))
    {
        Some(Some(CalendarService::Microsoft))
    } else {
        None
    }
}

/// Whether a row's entitlement and USS state from its Status: Control Hub's word mapped back
/// (`Pending Activation` → `notActivated`), any other word kept as written (a USS state as the
/// old client printed it, or `Unknown`, which the diagnosis reports as a state it does not know).
fn state_of(status: &str) -> (Option<bool>, Option<String>) {
    let status = status.trim();
    if status.is_empty() {
        return (None, None);
    }
    let key = key(status);
    match STATUS_WORDS.iter().find(|(words, _)| words.contains(&key.as_str())) {
        Some((_, None)) => (Some(false), None),
        Some((_, Some(state))) => (Some(true), Some(state.to_string())),
        None => (None, Some(bounded(status))),
    }
}

/// A Status this reader knows: one of the report's words or a documented USS state.
fn is_status_word(status: &str) -> bool {
    let key = key(status);
    STATUS_WORDS.iter().any(|(words, _)| words.contains(&key.as_str())) || StateKind::of(status) != StateKind::Unknown
}

/// `Cisco Webex Cloud` is the Calendar Cloud Connector's (`ccc`); any other cluster, written
/// `<cluster> (<connector host>)`, an Expressway's (`uss`).
fn owner_of(cluster: &str) -> Option<String> {
    let key = key(cluster);
    if key.is_empty() {
        None
    } else if CLOUD_CLUSTER.iter().any(|w| key.contains(w)) {
        Some("ccc".to_string())
    } else {
        Some("uss".to_string())
    }
}

/// One Details message, `<Error|Warning|Info>: [<title> - ]<description>`, its words kept as
/// written (the one space after the colon aside).
fn message(part: &str) -> Message {
    let (severity, text) = match part.split_once([':', '：']) {
        Some((word, rest)) => match severity_word(word) {
            Some(severity) => (Some(severity), rest.strip_prefix(' ').unwrap_or(rest)),
            None => (None, part),
        },
        None => (None, part),
    };
    let (title, description) = match text.split_once(TITLE_SEPARATOR) {
        Some((title, description)) if is_title(title) && !description.trim().is_empty() => (Some(title), description),
        _ => (None, text),
    };
    Message {
        severity,
        title: title.map(bounded),
        description: bounded(description),
        ..Message::default()
    }
}

fn severity_word(word: &str) -> Option<Severity> {
    let word = word.trim();
    Severity::parse(word).or_else(|| {
        SEVERITY_WORDS
            .iter()
            .find(|(name, _)| *name == word)
            .map(|(_, severity)| *severity)
    })
}

/// A title is a short phrase, no sentence: "Unauthorized", "Multiple Calendar Entitlements".
fn is_title(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty()
        && text.chars().count() <= MAX_TITLE_CHARS
        && !text.contains(['.', '!', '?', '。', '\'', '"'])
        && !text.to_ascii_lowercase().contains("received error")
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "User,Type,Cluster,Status,Details,ID,Service";

    fn read(text: &str) -> Decoded {
        decode(text, "user_statuses.csv").expect("a readable CSV")
    }

    /// The observations of one kind, as `pick` reads them.
    fn each<'d, T>(decoded: &'d Decoded, pick: fn(&'d Observation) -> Option<&'d T>) -> Vec<&'d T> {
        decoded
            .observations
            .iter()
            .filter_map(|o| pick(&o.observation))
            .collect()
    }

    fn statuses(decoded: &Decoded) -> Vec<&StatusRecord> {
        each(decoded, |o| match o {
            Observation::Status(status) => Some(status),
            _ => None,
        })
    }

    fn identities(decoded: &Decoded) -> Vec<&IdentityRecord> {
        each(decoded, |o| match o {
            Observation::Identity(identity) => Some(identity),
            _ => None,
        })
    }

    fn reasons(decoded: &Decoded) -> Vec<&str> {
        decoded.skipped.iter().map(|s| s.reason.as_str()).collect()
    }

    #[test]
    fn reads_quoting_as_rfc_4180_and_every_line_ending() {
        let text = "a,\"b, with \"\"quotes\"\"\",\"two\r\nlines\",\"\"\r\nplain,\"x\"tail,,\nlast,\"cr\rline\"";
        let rows: Vec<Vec<String>> = Reader::new(text, ',')
            .map(|row| row.fields.iter().map(|f| f.to_string()).collect())
            .collect();
        assert_eq!(
            rows,
            [
                vec!["a", "b, with \"quotes\"", "two\r\nlines", ""],
                vec!["plain", "xtail", "", ""],
                vec!["last", "cr\rline"],
            ]
        );
        let lines: Vec<usize> = Reader::new(text, ',').map(|row| row.line).collect();
        assert_eq!(lines, [1, 3, 4], "a line break inside quotes still counts");
        let unclosed: Vec<Row<'_>> = Reader::new("a,\"never closed\r\nb,c", ',').collect();
        assert_eq!(unclosed.len(), 1);
        assert!(unclosed[0].unclosed);
        let wide = vec!["x"; 1000].join(",");
        let row = Reader::new(&wide, ',').next().unwrap();
        assert_eq!((row.count, row.fields.len()), (1000, MAX_CSV_FIELDS));
    }

    #[test]
    fn a_row_gives_a_status_and_an_identity() {
        let text = format!(
            "sep=,\r\n{HEADER}\r\n\
             alex@ciscolive.com,User,Cisco Webex Cloud,Error,\"Error: Unauthorized - Received error 'Unauthorized' from O365. Admin action is required. | Info: Could not find cluster with x, y\",e6b1d9a2-3c4f-4e58-9a7b-1c2d3e4f5a60,Hybrid Calendar (Office 365)\r\n\
             Webex Workspace 1,Cisco Webex Device Place,cal-1 (expressway.example.com),Activated,,a3c9f6e2-5d1b-4c8e-9f0a-7b2d4e6f8a10,Hybrid Calendar Service\r\n\
             Not found,User,,Pending Activation,,f0000000-0000-4000-8000-000000000001,Hybrid Calendar (Google)\r\n\
             kim@example.org,User,,Off,,f0000000-0000-4000-8000-000000000002,Hybrid Call Service Aware"
        );
        assert!(looks_like_csv(&text));
        let decoded = read(&text);
        assert_eq!(reasons(&decoded), Vec::<&str>::new());
        let statuses = statuses(&decoded);
        assert_eq!(statuses.len(), 3, "the call service's row is not the calendar's");
        let alex = statuses[0];
        assert_eq!(alex.subject_id.as_deref(), Some("e6b1d9a2-3c4f-4e58-9a7b-1c2d3e4f5a60"));
        assert_eq!(
            (alex.state.as_deref(), alex.owner.as_deref()),
            (Some("error"), Some("ccc"))
        );
        assert_eq!(alex.service, Some(CalendarService::Microsoft));
        assert_eq!(alex.messages.len(), 2);
        assert_eq!(alex.messages[0].severity, Some(Severity::Error));
        assert_eq!(alex.messages[0].title.as_deref(), Some("Unauthorized"));
        assert_eq!(
            alex.messages[0].description,
            "Received error 'Unauthorized' from O365. Admin action is required."
        );
        assert_eq!(
            (alex.messages[1].severity, alex.messages[1].title.as_deref()),
            (Some(Severity::Info), None)
        );
        assert_eq!(alex.messages[1].description, "Could not find cluster with x, y");
        assert_eq!(
            (statuses[1].state.as_deref(), statuses[1].owner.as_deref()),
            (Some("activated"), Some("uss"))
        );
        assert_eq!(
            (statuses[2].state.as_deref(), statuses[2].service),
            (Some("notActivated"), Some(CalendarService::Google))
        );
        let identities = identities(&decoded);
        assert_eq!(identities.len(), 3);
        assert_eq!(
            (
                identities[0].kind,
                identities[0].email.as_deref(),
                identities[0].display_name.as_deref()
            ),
            (SubjectKind::User, Some("alex@ciscolive.com"), None)
        );
        assert_eq!(
            (
                identities[1].kind,
                identities[1].email.as_deref(),
                identities[1].display_name.as_deref()
            ),
            (SubjectKind::Workspace, None, Some("Webex Workspace 1"))
        );
        assert_eq!(
            (identities[2].email.as_deref(), identities[2].display_name.as_deref()),
            (None, None),
            "Not found names nothing"
        );
    }

    #[test]
    fn status_words_map_to_uss_states_and_others_stay_as_written() {
        for (word, entitled, state) in [
            ("Off", Some(false), None),
            ("Pending Activation", Some(true), Some("notActivated")),
            ("アクティベーション保留中", Some(true), Some("notActivated")),
            ("Activated", Some(true), Some("activated")),
            ("ERROR", Some(true), Some("error")),
            ("エラー", Some(true), Some("error")),
            ("Unknown", None, Some("Unknown")),
            ("notActivated", None, Some("notActivated")),
            ("", None, None),
        ] {
            assert_eq!(state_of(word), (entitled, state.map(str::to_string)), "{word}");
        }
        assert_eq!(
            StateKind::of(state_of("Unknown").1.as_deref().unwrap()),
            StateKind::Unknown
        );
    }

    #[test]
    fn honours_the_separator_its_first_line_names_and_a_bom() {
        let text = "\u{feff}sep=;\nUser;Type;Cluster;Status;Details;ID;Service\na@b.example;User;;Error;\"Error: x; y\";u1;Hybrid Calendar (Office 365)\n";
        assert!(looks_like_csv(text));
        let decoded = read(text);
        let status = statuses(&decoded)[0];
        assert_eq!(status.messages[0].description, "x; y");
        assert_eq!(status.subject_id.as_deref(), Some("u1"));
    }

    #[test]
    fn japanese_headers_and_the_resource_group_column_are_found_by_name() {
        let text = "ユーザー,タイプ,クラスタ,リソース グループ,ステータス,詳細,ＩＤ,サービス\r\n\
                    a@b.example,ユーザー,Cisco Webex Cloud,RG 1,エラー,エラー: 不明なエラー,u1,ハイブリッド カレンダー (Office 365)";
        assert!(looks_like_csv(text));
        let decoded = read(text);
        let status = statuses(&decoded)[0];
        assert_eq!(
            (status.state.as_deref(), status.subject_id.as_deref()),
            (Some("error"), Some("u1"))
        );
        assert_eq!(status.messages[0].severity, Some(Severity::Error));
        assert_eq!(status.messages[0].description, "不明なエラー");
        assert_eq!(identities(&decoded)[0].kind, SubjectKind::User);
    }

    #[test]
    fn an_unknown_header_of_the_reports_width_is_read_by_position_and_said_so() {
        let text = "sep=,\r\nA,B,C,D,E,F,G,H\r\na@b.example,User,Cloud,RG,Error,,u1,Hybrid Calendar Service";
        let decoded = read(text);
        assert_eq!(statuses(&decoded)[0].state.as_deref(), Some("error"));
        assert_eq!(statuses(&decoded)[0].subject_id.as_deref(), Some("u1"));
        assert!(
            reasons(&decoded)[0].contains("names no column this reader knows"),
            "{:?}",
            reasons(&decoded)
        );
        assert!(reasons(&decoded)[0].contains("Resource Group, Status"));
        let headless = read("sep=,\r\na@b.example,User,,Error,,u1,Hybrid Calendar Service");
        assert_eq!(statuses(&headless).len(), 1, "a first line that is a row is read");
        assert!(reasons(&headless)[0].contains("no header"));
        for (text, why) in [
            ("sep=,\r\nA,B,C\r\n1,2,3", "has 3 fields, not 7 or 8"),
            ("sep=,\r\n\r\n", "no header line"),
        ] {
            let error = decode(text, "x.csv").unwrap_err().to_string();
            assert!(error.contains(why), "{error}");
        }
        assert!(
            !looks_like_csv("A,B,C,D,E,F,G"),
            "without a hint, only a known header says CSV"
        );
        assert!(!looks_like_csv("{\"userStatuses\": []}"));
    }

    #[test]
    fn ragged_rows_and_an_unclosed_quote_are_skipped_with_their_line() {
        let row = "a@b.example,User,,Error,,u1,Hybrid Calendar Service";
        let mut text = format!("{HEADER}\r\n{row}\r\nshort,row\r\n{row},,\r\n{row},extra\r\n");
        text.push_str("c@d.example,User,,Error,\"never closed,u2,Hybrid Calendar Service\r\nmore");
        let decoded = read(&text);
        assert_eq!(statuses(&decoded).len(), 2, "trailing empty fields are no harm");
        assert_eq!(
            reasons(&decoded),
            [
                "line 3: 2 fields where the header has 7",
                "line 5: 8 fields where the header has 7",
                "line 6: a quoted field is never closed; the file ends inside it",
            ]
        );
        let many = format!("{HEADER}\r\n{}", "x\r\n".repeat(MAX_CSV_ROWS_TOLD + 5));
        let decoded = read(&many);
        assert_eq!(decoded.skipped.len(), MAX_CSV_ROWS_TOLD + 1);
        assert_eq!(
            reasons(&decoded).last(),
            Some(&"5 more rows not read, for the same kinds of reasons")
        );
    }

    #[test]
    fn rows_past_the_limit_are_counted_not_read() {
        let row = "a@b.example,User,,Activated,,u1,Hybrid Calendar Service\n";
        let text = format!("{HEADER}\n{}", row.repeat(MAX_CSV_ROWS + 3));
        let decoded = read(&text);
        assert_eq!(statuses(&decoded).len(), MAX_CSV_ROWS);
        assert!(
            reasons(&decoded)[0].starts_with("3 rows after the first 200000"),
            "{:?}",
            reasons(&decoded)
        );
    }

    #[test]
    fn a_details_phrase_is_a_title_only_when_it_reads_as_one() {
        let m =
            message("Error: Multiple Calendar Entitlements - This user is currently entitled to both calendar types.");
        assert_eq!(m.title.as_deref(), Some("Multiple Calendar Entitlements"));
        let m = message("Error: Received error 'Not Found' from O365 - see the mailbox");
        assert_eq!(
            (m.title, m.description.as_str()),
            (None, "Received error 'Not Found' from O365 - see the mailbox")
        );
        let m = message("no severity:  two  spaces ");
        assert_eq!(
            (m.severity, m.description.as_str()),
            (None, "no severity:  two  spaces ")
        );
        assert_eq!(message("警告: 注意").severity, Some(Severity::Warning));
    }
}
