//! "Received error '<X>' from <provider>": the Calendar Cloud Connector's words for a failed
//! call to a calendar provider. The sentence is read here for every provider; Microsoft 365's
//! kinds are `o365`'s, Google's `google`'s, and a provider neither names is this file's kind.

use super::Matched;
use crate::decode::observation::Severity;
use crate::diagnose::finding::{Facts, FindingKind};
use crate::explain::catalog::*;

pub static OTHER_PROVIDER: FindingKind = FindingKind {
    code: "calendar-provider-error",
    severity: Severity::Error,
    title: CALENDAR_PROVIDER_ERROR_TITLE,
    explanation: CALENDAR_PROVIDER_ERROR_EXPLANATION,
    steps: &[CALENDAR_PROVIDER_ERROR_STEP1, CALENDAR_PROVIDER_ERROR_STEP2],
    checks: &[],
    diagnose: None,
};

/// The calendar provider a sentence names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Provider {
    Microsoft,
    Google,
    /// Neither: its name as the sentence spells it.
    Other(String),
}

impl Provider {
    fn named(name: &str) -> Provider {
        let lower = name.to_ascii_lowercase();
        let names = |words: &[&str]| words.iter().any(|word| lower.contains(word));
        if names(&["google", "gsuite", "g suite", "gmail"]) {
            Provider::Google
        } else if names(&["o365", "office", "microsoft", "m365", "exchange online", "graph"]) {
            Provider::Microsoft
        } else {
            Provider::Other(name.to_string())
        }
    }
}

/// What one "Received error" sentence says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceivedError {
    /// `X`, unquoted.
    pub error: String,
    pub provider: Provider,
}

const QUOTES: &str = "'\"‘’“”`";
/// Longer is not an error name but a sentence that happens to hold the words.
const MAX_NAME_CHARS: usize = 100;

/// `X` and the provider of "Received error 'X' from P" (any quotes, any case); the provider's
/// name ends where its sentence does.
pub fn parse(text: &str) -> Option<ReceivedError> {
    let start = find_ignoring_ascii_case(text, "received error", true)? + "received error".len();
    let rest = text[start..].trim_start();
    let (error, after) = match rest.chars().next() {
        Some(quote) if QUOTES.contains(quote) => {
            let inner = &rest[quote.len_utf8()..];
            let close = inner.find(|c: char| QUOTES.contains(c))?;
            let closing = inner[close..].chars().next()?;
            (&inner[..close], &inner[close + closing.len_utf8()..])
        }
        _ => {
            let at = find_ignoring_ascii_case(rest, " from ", false)?;
            (&rest[..at], &rest[at..])
        }
    };
    let after = after.trim_start();
    let provider = after
        .get(.."from ".len())
        .filter(|word| word.eq_ignore_ascii_case("from "))
        .map(|_| &after["from ".len()..])?;
    let provider = provider
        .split(['.', ',', ';', ':', '(', '!', '\n'])
        .next()
        .unwrap_or("")
        .trim();
    let error = error.trim();
    let named = |name: &str| !name.is_empty() && name.chars().count() <= MAX_NAME_CHARS;
    (named(error) && named(provider)).then(|| ReceivedError {
        error: error.to_string(),
        provider: Provider::named(provider),
    })
}

/// Texts up to this many bytes are searched in place, position by position: every server
/// message seen is, and three kinds read each message. A longer one is lower-cased once and
/// searched by `str`'s linear-time search, so that no text costs more than its length.
const SEARCHED_IN_PLACE: usize = 512;

/// Where the first (or, `last`, the last) `word` (lower-case ASCII) starts in `text`, ignoring
/// ASCII case: the offset in `to_ascii_lowercase`'s copy, which keeps every byte where it was.
fn find_ignoring_ascii_case(text: &str, word: &str, last: bool) -> Option<usize> {
    if text.len() > SEARCHED_IN_PLACE {
        let lower = text.to_ascii_lowercase();
        return if last { lower.rfind(word) } else { lower.find(word) };
    }
    let (text, word) = (text.as_bytes(), word.as_bytes());
    let starts = 0..=text.len().checked_sub(word.len())?;
    let is_word = |at: &usize| text[*at..*at + word.len()].eq_ignore_ascii_case(word);
    if last {
        starts.rev().find(is_word)
    } else {
        starts.into_iter().find(is_word)
    }
}

/// A provider neither Microsoft's nor Google's, with its name and error as the texts show them
/// (`{provider}`, `{service_error}`).
pub fn classify(text: &str) -> Option<Matched> {
    let ReceivedError { error, provider } = parse(text)?;
    let Provider::Other(name) = provider else {
        return None;
    };
    Some(Matched::new(
        &OTHER_PROVIDER,
        Facts::default().with("provider", name).with("service_error", error),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<(String, Provider)> {
        parse(text).map(|r| (r.error, r.provider))
    }

    #[test]
    fn reads_the_error_and_the_provider_in_any_quoting() {
        let microsoft = |error: &str| Some((error.to_string(), Provider::Microsoft));
        assert_eq!(
            read("Received error 'Unauthorized' from O365. Admin action is required."),
            microsoft("Unauthorized")
        );
        assert_eq!(read("received error \"Forbidden\" from o365"), microsoft("Forbidden"));
        assert_eq!(
            read("Received error ‘TooManyRequests’ from O365"),
            microsoft("TooManyRequests")
        );
        assert_eq!(
            read("Calendar: Received error 'ServiceUnavailable' from O365 (retrying)"),
            microsoft("ServiceUnavailable")
        );
        assert_eq!(
            read("Received error 'Not Found' from O365. Admin action is required."),
            microsoft("Not Found")
        );
        assert_eq!(
            read("Ünïcode Received error 'Unauthorized' from Office 365."),
            microsoft("Unauthorized")
        );
        assert_eq!(
            read("Received error 'Forbidden' from Google. Admin action is required."),
            Some(("Forbidden".into(), Provider::Google))
        );
        assert_eq!(
            read("Received error Gone from Zimbra Cloud."),
            Some(("Gone".into(), Provider::Other("Zimbra Cloud".into())))
        );
        for no_sentence in [
            "Received error '' from O365",
            "from O365 Received error 'x'",
            "Received error 'x' from",
            "Received error 'x' for O365",
            "Received error 'unclosed from O365",
            "Received error",
        ] {
            assert_eq!(read(no_sentence), None, "{no_sentence}");
        }
    }

    #[test]
    fn a_long_text_is_read_as_a_short_one() {
        let sentence = "RECEIVED ERROR 'Forbidden' FROM O365.";
        for padding in [0, 600] {
            let text = format!("{}{sentence}{}", "x".repeat(padding), " y".repeat(padding));
            assert_eq!(
                read(&text),
                Some(("Forbidden".to_string(), Provider::Microsoft)),
                "{padding}"
            );
        }
    }

    #[test]
    fn only_other_providers_are_this_files_kind() {
        let matched = classify("Received error 'Gone' from Zimbra.").unwrap();
        assert_eq!(matched.kind.code, "calendar-provider-error");
        assert_eq!(
            matched.facts.values().collect::<Vec<_>>(),
            [("provider", "Zimbra"), ("service_error", "Gone")]
        );
        assert!(classify("Received error 'Gone' from O365.").is_none());
        assert!(classify("Received error 'Gone' from Google.").is_none());
    }
}
