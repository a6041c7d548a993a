//! Redaction for reports that leave the admin's screen. Domains are kept: they are the
//! diagnosis. Secrets (bearer tokens, JWTs, cookies, `Authorization` values) are removed
//! always, whatever the redaction setting.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Redactor {
    /// Mask email local parts and shorten ids.
    pub personal_data: bool,
}

const SECRET_REMOVED: &str = "[secret removed]";

impl Redactor {
    pub fn new(personal_data: bool) -> Redactor {
        Redactor { personal_data }
    }

    /// `WebexWorkspace1@ciscolive.us` → `W***@ciscolive.us`.
    pub fn email(&self, email: &str) -> String {
        if !self.personal_data {
            return email.to_string();
        }
        match email.rsplit_once('@') {
            Some((local, domain)) => {
                let first: String = local.chars().take(1).collect();
                format!("{first}***@{domain}")
            }
            None => self.id(email),
        }
    }

    /// A person's or a workspace's display name: `Jane Doe` → `J***`.
    pub fn name(&self, name: &str) -> String {
        if !self.personal_data {
            return self.text(name);
        }
        let first: String = name.trim().chars().take(1).collect();
        format!("{first}***")
    }

    /// `3f2a9c1d-…` → `3f2a…`.
    pub fn id(&self, id: &str) -> String {
        if !self.personal_data || id.chars().count() <= 6 {
            return id.to_string();
        }
        let head: String = id.chars().take(4).collect();
        format!("{head}…")
    }

    /// A tracking ID (`ATLAS_<uuid>_12`) whole, whatever the setting: it names a request, not a
    /// person, and support can look it up only whole. Secrets are still removed.
    pub fn tracking_id(&self, tracking_id: &str) -> String {
        Redactor::new(false).text(tracking_id)
    }

    /// Free text from a server or a file: secrets removed; when redacting, email local parts
    /// masked and UUIDs shortened wherever they appear.
    pub fn text(&self, text: &str) -> String {
        // Most server text holds nothing to remove: copied in one pass, without the word walk.
        let might_change = might_hold_secrets(text) || self.personal_data && might_hold_personal_data(text);
        if !might_change {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut drop_rest_of_word = false;
        let mut previous = String::new();
        for word in split_keep(text) {
            if word.trim().is_empty() {
                out.push_str(word);
                continue;
            }
            // JWTs anywhere in the word (`access_token=eyJ…`, a URL): gone before anything else.
            let word = &*without_jwts(word);
            // What a word says without the quotes and brackets JSON or prose wrap it in:
            // `{"Authorization":"Bearer` is the header name and the scheme.
            let bare = bare_word(word);
            let redacted = if drop_rest_of_word {
                drop_rest_of_word = false;
                // The credential goes; the quotes and brackets closing it stay.
                let closing = word.len() - word.trim_end_matches(is_wrapping).len();
                format!("{SECRET_REMOVED}{}", &word[word.len() - closing..])
            } else if bare.ends_with("bearer") || bare.ends_with("basic") {
                drop_rest_of_word =
                    bare == "bearer" || bare == "basic" || bare.ends_with(":bearer") || bare.ends_with(":basic");
                self.plain_or_personal(word)
            } else if let Some(name_end) = credential_header_end(word) {
                // Everything after a credential header name is the credential.
                out.push_str(&word[..name_end]);
                out.push(' ');
                out.push_str(SECRET_REMOVED);
                return out;
            } else if previous == "token" && word.len() > 20 {
                SECRET_REMOVED.to_string()
            } else {
                self.plain_or_personal(word)
            };
            previous = bare;
            out.push_str(&redacted);
        }
        out
    }

    fn plain_or_personal(&self, word: &str) -> String {
        if self.personal_data {
            self.personal_word(word)
        } else {
            word.to_string()
        }
    }

    /// Masks every email and shortens every UUID-like id inside one word (a URL, a quoted id).
    fn personal_word(&self, word: &str) -> String {
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        let mut out = String::with_capacity(word.len());
        let mut i = 0;
        while i < chars.len() {
            // Letters of any script: `会議室１@example.co.jp` and `ünal@example.de` are addresses
            // too; `'` belongs to local parts such as `o'brien`.
            let is_run_char = |c: char| c.is_alphanumeric() || "._%+-@'".contains(c);
            if !is_run_char(chars[i].1) {
                out.push(chars[i].1);
                i += 1;
                continue;
            }
            let start = i;
            while i < chars.len() && is_run_char(chars[i].1) {
                i += 1;
            }
            let end_byte = chars.get(i).map_or(word.len(), |(at, _)| *at);
            let run = &word[chars[start].0..end_byte];
            // Quotes around a run (`'john@x.example'`) are not part of it.
            let inner = run.trim_matches('\'');
            let before = run.len() - run.trim_start_matches('\'').len();
            out.push_str(&run[..before]);
            out.push_str(&self.personal_run(inner));
            out.push_str(&run[before + inner.len()..]);
        }
        out
    }

    fn personal_run(&self, run: &str) -> String {
        if is_tracking_id(run) {
            return run.to_string();
        }
        if let Some((local, domain)) = run.split_once('@')
            && !local.is_empty()
            && domain.contains('.')
            && !domain.contains('@')
        {
            return self.email(run.trim_end_matches('.')) + if run.ends_with('.') { "." } else { "" };
        }
        // Ids sit between separators such as `/`, `=`, `.`: shorten each hex-and-dash piece.
        run.split_inclusive(['.', '_', '%', '+', '@'])
            .map(|piece| {
                let (core, separator) = match piece.char_indices().last() {
                    Some((at, c)) if "._%+@".contains(c) => (&piece[..at], &piece[at..]),
                    _ => (piece, ""),
                };
                if is_uuid_like(core) {
                    self.id(core) + separator
                } else {
                    piece.to_string()
                }
            })
            .collect()
    }
}

/// The word in lower case without the quotes, brackets and punctuation around it.
fn bare_word(word: &str) -> String {
    word.trim_matches(|c: char| is_wrapping(c) || matches!(c, '.' | ','))
        .chars()
        .filter(|c| !matches!(c, '"' | '\''))
        .collect::<String>()
        .to_ascii_lowercase()
}

fn is_wrapping(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '{' | '}' | '[' | ']' | '(' | ')' | '<' | '>' | ';' | ':'
    )
}

/// Where the name ends (after its `:`) when the word starts a credential header, bare or quoted
/// in JSON (`Authorization:`, `"Cookie":"…`).
fn credential_header_end(word: &str) -> Option<usize> {
    let lower = word.to_ascii_lowercase();
    ["authorization", "cookie", "set-cookie", "proxy-authorization"]
        .iter()
        .find_map(|name| {
            let at = lower.find(name)?;
            let before_ok = lower[..at].chars().all(|c| matches!(c, '"' | '\'' | '{' | '[' | ','));
            let after = &lower[at + name.len()..];
            let colon = after.strip_prefix(['"', '\'']).unwrap_or(after).strip_prefix(':')?;
            before_ok.then(|| word.len() - colon.len())
        })
}

/// The word with every JWT-shaped run in it (`eyJ….….…`, at the word's start or after any
/// character that cannot be part of a token) replaced by the secret marker.
fn without_jwts(word: &str) -> std::borrow::Cow<'_, str> {
    if !word.contains("eyJ") {
        return std::borrow::Cow::Borrowed(word);
    }
    let is_token_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.';
    let bytes = word.as_bytes();
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    let mut copied = 0;
    while let Some(found) = word[i..].find("eyJ") {
        let start = i + found;
        let glued = start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_');
        let mut end = start;
        while end < bytes.len() && is_token_byte(bytes[end]) {
            end += 1;
        }
        let token = word[start..end].trim_end_matches('.');
        let parts: Vec<&str> = token.split('.').collect();
        if !glued && parts.len() >= 3 && parts.iter().take(3).all(|p| p.len() >= 4) {
            out.push_str(&word[copied..start]);
            out.push_str(SECRET_REMOVED);
            copied = start + token.len();
            i = copied;
        } else {
            i = start + 3;
        }
    }
    out.push_str(&word[copied..]);
    std::borrow::Cow::Owned(out)
}

/// Whether [`Redactor::text`] could find a secret: the words it looks for, or a JWT's start.
fn might_hold_secrets(text: &str) -> bool {
    text.contains("eyJ")
        || ["bearer", "basic", "authorization:", "cookie:", "token"]
            .iter()
            .any(|word| contains_ignoring_case(text, word))
}

/// Whether [`Redactor::text`] could find personal data: an email's `@`, or a run of hex digits
/// and dashes long enough to be an id.
fn might_hold_personal_data(text: &str) -> bool {
    let mut hex_in_run = 0;
    for c in text.chars() {
        match c {
            '@' => return true,
            c if c.is_ascii_hexdigit() => {
                hex_in_run += 1;
                if hex_in_run >= 16 {
                    return true;
                }
            }
            '-' => {}
            _ => hex_in_run = 0,
        }
    }
    false
}

/// `needle` (lower-case ASCII) anywhere in `haystack`, in any case.
fn contains_ignoring_case(haystack: &str, needle: &str) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Splits into words and the whitespace between them, keeping both.
fn split_keep(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut in_space = None;
    for (i, c) in text.char_indices() {
        let space = c.is_whitespace();
        if in_space.is_some_and(|s| s != space) {
            parts.push(&text[start..i]);
            start = i;
        }
        in_space = Some(space);
    }
    if start < text.len() {
        parts.push(&text[start..]);
    }
    parts
}

/// Webex tracking IDs: an upper-case service prefix and `_`, as `ATLAS_3f0c…_12` or `CCC_3e9a…`.
fn is_tracking_id(run: &str) -> bool {
    run.split_once('_').is_some_and(|(prefix, rest)| {
        prefix.len() >= 2
            && prefix.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && !rest.is_empty()
            && !run.contains('@')
    })
}

/// Hex-and-dash ids (`8-4-4-4-12` UUIDs and longer hex strings).
fn is_uuid_like(word: &str) -> bool {
    let hex = word.chars().filter(char::is_ascii_hexdigit).count();
    word.chars().all(|c| c.is_ascii_hexdigit() || c == '-') && hex >= 16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_local_parts_and_keeps_domains() {
        let r = Redactor::new(true);
        assert_eq!(r.email("WebexWorkspace1@ciscolive.us"), "W***@ciscolive.us");
        assert_eq!(r.id("3f2a9c1d-1111-2222-3333-444455556666"), "3f2a…");
        assert_eq!(
            r.text("Mailbox (WebexWorkspace1@ciscolive.us) of 3f2a9c1d-1111-2222-3333-444455556666 failed"),
            "Mailbox (W***@ciscolive.us) of 3f2a… failed"
        );
    }

    #[test]
    fn removes_secrets_even_without_redaction() {
        let r = Redactor::new(false);
        let jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlX2hlcmU";
        let out = r.text(&format!("Authorization: Bearer {jwt}"));
        assert!(!out.contains("eyJ"), "{out}");
        assert!(!r.text("got Bearer abc.def.ghi then").contains("abc.def"));
        assert!(!r.text(&format!("token {jwt}")).contains("eyJ"));
        assert!(!r.text("Cookie: sid=123; other=4").contains("sid=123"));
        assert_eq!(r.text("room@ciscolive.us ok"), "room@ciscolive.us ok");
    }

    #[test]
    fn tracking_ids_stay_whole_redacted_or_not() {
        let root = "ATLAS_3f0c8d2e-77aa-4b1c-9e55-0d1f2a3b4c5d_12";
        for r in [Redactor::new(true), Redactor::new(false)] {
            assert_eq!(r.tracking_id(root), root);
            assert_eq!(
                r.tracking_id("CCC_3e9a1f20-0b1c-4d2e-8f3a-4b5c6d7e8f90"),
                "CCC_3e9a1f20-0b1c-4d2e-8f3a-4b5c6d7e8f90"
            );
            assert_eq!(r.text(&format!("TrackingID: {root}.")), format!("TrackingID: {root}."));
        }
        let r = Redactor::new(true);
        assert_eq!(
            r.text("user 3f2a9c1d-1111-2222-3333-444455556666 in ATLAS_3f2a9c1d-1111-2222-3333-444455556666"),
            "user 3f2a… in ATLAS_3f2a9c1d-1111-2222-3333-444455556666"
        );
    }

    #[test]
    fn redacts_ids_and_emails_inside_urls() {
        let r = Redactor::new(true);
        let url = "https://uss-a.wbx2.com/uss/api/v1/orgs/1eb65fdf-9643-417f-9974-ad72cae0e10f/userStatuses?userId=a3c9f6e2-5d1b-4c8e-9f0a-7b2d4e6f8a10";
        assert_eq!(
            r.text(url),
            "https://uss-a.wbx2.com/uss/api/v1/orgs/1eb6…/userStatuses?userId=a3c9…"
        );
        assert_eq!(r.text("places/Room.One@ciscolive.us."), "places/R***@ciscolive.us.");
    }
}
