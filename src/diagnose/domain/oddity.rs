//! Characters that make a domain other than it looks: invisible ones, text-direction controls,
//! letters of two scripts in one label (a Cyrillic `с` in `ciscolive`), compatibility forms
//! (full-width letters, the ideographic full stop, the Kelvin sign), combining accents, and
//! `xn--` labels that encode plain letters only. Webex and Microsoft 365 compare domains
//! exactly, so a domain holding any of them is flagged, never silently matched or mismatched.

use serde::Serialize;

/// One reason a domain is not what it looks like, with the character when one is to blame.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "char", rename_all = "kebab-case")]
pub enum Oddity {
    Invisible(char),
    DirectionControl(char),
    MixedScripts,
    CompatibilityForm(char),
    CombiningMark(char),
    AsciiOnlyAceLabel,
}

impl Oddity {
    /// The character as `U+200B`, when one is to blame.
    pub fn code_point(self) -> Option<String> {
        match self {
            Oddity::Invisible(c)
            | Oddity::DirectionControl(c)
            | Oddity::CompatibilityForm(c)
            | Oddity::CombiningMark(c) => Some(code_point(c)),
            Oddity::MixedScripts | Oddity::AsciiOnlyAceLabel => None,
        }
    }
}

fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// Every oddity of `domain` (as written, or decoded from its `xn--` form), each once, in the
/// order found.
pub fn oddities(domain: &str) -> Vec<Oddity> {
    let mut found: Vec<Oddity> = Vec::new();
    let mut note = |oddity: Oddity| {
        if !found.contains(&oddity) {
            found.push(oddity);
        }
    };
    for c in domain.chars() {
        if is_direction_control(c) {
            note(Oddity::DirectionControl(c));
        } else if is_invisible(c) {
            note(Oddity::Invisible(c));
        } else if is_compatibility_form(c) {
            note(Oddity::CompatibilityForm(c));
        } else if is_combining_mark(c) {
            note(Oddity::CombiningMark(c));
        }
    }
    for label in domain.split('.') {
        let lower = label.to_ascii_lowercase();
        let decoded = match lower.strip_prefix("xn--") {
            Some(encoded) => match super::punycode::decode(encoded) {
                Some(decoded) if decoded.is_ascii() => {
                    note(Oddity::AsciiOnlyAceLabel);
                    decoded
                }
                Some(decoded) => decoded,
                None => continue,
            },
            None => label.to_string(),
        };
        if mixes_confusable_scripts(&decoded) {
            note(Oddity::MixedScripts);
        }
    }
    found
}

/// The domain with its invisible characters and direction controls written as `<U+200B>`,
/// so that what is shown is what is compared.
pub fn visible(domain: &str) -> String {
    let mut out = String::with_capacity(domain.len());
    for c in domain.chars() {
        if is_invisible(c) || is_direction_control(c) {
            out.push('<');
            out.push_str(&code_point(c));
            out.push('>');
        } else {
            out.push(c);
        }
    }
    out
}

fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}' | '\u{034f}' | '\u{180e}' | '\u{200b}'..='\u{200d}' | '\u{2060}'..='\u{2064}' | '\u{feff}'
    )
}

/// Characters that Unicode's compatibility mapping (as IDNA applies it) turns into others.
fn is_compatibility_form(c: char) -> bool {
    matches!(
        c,
        '\u{ff01}'..='\u{ff5e}' | '\u{3002}' | '\u{ff61}' | '\u{212a}' | '\u{212b}' | '\u{2126}' | '\u{fb00}'..='\u{fb06}'
    )
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}')
}

/// The scripts whose letters pass for one another (Latin, Greek, Cyrillic); a label may mix
/// Latin with Han or kana, as Japanese names do.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
}

fn script(c: char) -> Option<Script> {
    match c {
        'a'..='z' | 'A'..='Z' | '\u{00c0}'..='\u{024f}' | '\u{1e00}'..='\u{1eff}' => Some(Script::Latin),
        '\u{0370}'..='\u{03ff}' | '\u{1f00}'..='\u{1fff}' => Some(Script::Greek),
        '\u{0400}'..='\u{052f}' => Some(Script::Cyrillic),
        _ => None,
    }
}

fn mixes_confusable_scripts(label: &str) -> bool {
    let mut first = None;
    label.chars().filter_map(script).any(|s| *first.get_or_insert(s) != s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_single_script_domains_have_none() {
        for domain in [
            "ciscolive.us",
            "münchen.example",
            "会議室abc.example.jp",
            "пример.рф",
            "xn--mnchen-3ya.de",
            "a-b.c",
        ] {
            assert_eq!(oddities(domain), [], "{domain}");
        }
    }

    #[test]
    fn finds_each_oddity_once() {
        assert_eq!(
            oddities("cisco\u{200b}live\u{200b}.us"),
            [Oddity::Invisible('\u{200b}')]
        );
        assert_eq!(oddities("\u{202e}su.evilocsic"), [Oddity::DirectionControl('\u{202e}')]);
        assert_eq!(oddities("\u{441}iscolive.us"), [Oddity::MixedScripts]);
        assert_eq!(oddities("xn--iscolive-ech.us"), [Oddity::MixedScripts], "decoded first");
        assert_eq!(oddities("\u{ff43}isco.us"), [Oddity::CompatibilityForm('\u{ff43}')]);
        assert_eq!(oddities("ciscolive\u{3002}us"), [Oddity::CompatibilityForm('\u{3002}')]);
        assert_eq!(
            oddities("\u{212a}yoto.example"),
            [Oddity::CompatibilityForm('\u{212a}')]
        );
        assert_eq!(oddities("mu\u{308}nchen.example"), [Oddity::CombiningMark('\u{308}')]);
        assert_eq!(oddities("xn--ciscolive-.us"), [Oddity::AsciiOnlyAceLabel]);
    }

    #[test]
    fn shows_what_cannot_be_seen() {
        assert_eq!(visible("\u{202e}su.evilocsic"), "<U+202E>su.evilocsic");
        assert_eq!(visible("cisco\u{200d}live.us"), "cisco<U+200D>live.us");
        assert_eq!(visible("münchen.example"), "münchen.example");
    }
}
