//! Every user-visible string, embedded from `extension/_locales/{en,ja}/messages.json` by
//! `build.rs` as one constant per key: a string the code names but the catalogue lacks does
//! not compile, and a locale missing a key does not build.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Ja,
}

impl Lang {
    /// From a language tag (`ja`, `ja-JP`, `en-US`); anything else is English.
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("ja") {
            Lang::Ja
        } else {
            Lang::En
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }
}

/// One message of the catalogue: its texts in English and in Japanese (the order of [`Lang`]),
/// and natively its key in `messages.json` (tests name a message by it; the Wasm modules have no
/// use for the keys' 10 KB).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Msg {
    texts: &'static [&'static str; 2],
    #[cfg(not(target_arch = "wasm32"))]
    key: &'static str,
}

/// `msg!(key, en, ja)`: the catalogue's constants (`OUT_DIR/catalog.rs`) are written with it.
#[cfg(not(target_arch = "wasm32"))]
macro_rules! msg {
    ($key:literal, $en:literal, $ja:literal) => {
        Msg {
            texts: &[$en, $ja],
            key: $key,
        }
    };
}
#[cfg(target_arch = "wasm32")]
macro_rules! msg {
    ($key:literal, $en:literal, $ja:literal) => {
        Msg { texts: &[$en, $ja] }
    };
}

include!(concat!(env!("OUT_DIR"), "/catalog.rs"));

impl Msg {
    pub fn text(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.texts[0],
            Lang::Ja => self.texts[1],
        }
    }

    /// The key in `messages.json`.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn key(self) -> &'static str {
        self.key
    }

    /// The text with each `{name}` replaced by its value; values are inserted as they are,
    /// never re-scanned, so a value holding `{x}` stays literal. A name without a value stays
    /// as it is.
    pub fn fill(self, lang: Lang, values: &[(&str, &str)]) -> String {
        substitute(self.text(lang), |name| {
            values.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
        })
    }

    /// [`Msg::fill`] for texts a person reads: a name without a value, or with an empty one,
    /// reads `missing` (a word such as "not given"), so no text shows an empty `()` or `''`.
    pub fn fill_or(self, lang: Lang, values: &[(&str, &str)], missing: &str) -> String {
        substitute(self.text(lang), |name| {
            let value = values.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
            Some(value.filter(|v| !v.trim().is_empty()).unwrap_or(missing))
        })
    }
}

/// `template` with each `{name}` that `value_of` knows replaced, the others kept.
fn substitute<'v>(template: &str, value_of: impl Fn(&str) -> Option<&'v str>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}').and_then(|end| Some((value_of(&after[..end])?, end))) {
            Some((value, end)) => {
                out.push_str(value);
                rest = &after[end + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_text_in_every_language() {
        for (key, msg) in ALL {
            for lang in [Lang::En, Lang::Ja] {
                assert!(!msg.text(lang).trim().is_empty(), "{key} {lang:?}");
            }
        }
    }

    #[test]
    fn japanese_messages_are_translated() {
        let untranslated: Vec<&str> = ALL
            .iter()
            // The product's name stays English in every language.
            .filter(|(key, _)| *key != "ext_name")
            .filter(|(_, msg)| {
                let (en, ja) = (msg.text(Lang::En), msg.text(Lang::Ja));
                en == ja && en.chars().any(|c| c.is_ascii_lowercase()) && en.contains(' ')
            })
            .map(|(key, _)| *key)
            .collect();
        assert!(untranslated.is_empty(), "same text in en and ja: {untranslated:?}");
    }

    #[test]
    fn fills_placeholders_without_rescanning_values() {
        let msg = O365_UNAUTHORIZED_DOMAIN_NOT_IN_TENANT_EXPLANATION;
        let filled = msg.fill(
            Lang::En,
            &[
                ("domain", "{tenant_domains}"),
                ("tenant_domains", "a.com"),
                ("email", "x@y"),
            ],
        );
        assert!(filled.contains("{tenant_domains}"));
        assert!(!filled.contains("{domain}"));
    }

    #[test]
    fn a_missing_or_empty_value_reads_the_missing_word() {
        let msg = CCC_SERVICE_ERROR_EXPLANATION;
        let filled = msg.fill_or(Lang::En, &[("status", "warn"), ("error_code", " ")], "not given");
        assert!(filled.contains("status warn, error code not given"), "{filled}");
        assert_eq!(msg.fill(Lang::En, &[]), msg.text(Lang::En));
    }

    #[test]
    fn reads_language_tags() {
        assert_eq!(Lang::from_tag("ja-JP"), Lang::Ja);
        assert_eq!(Lang::from_tag("JA"), Lang::Ja);
        assert_eq!(Lang::from_tag("en-US"), Lang::En);
        assert_eq!(Lang::from_tag("fr"), Lang::En);
    }
}
