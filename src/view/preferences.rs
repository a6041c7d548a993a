//! The one step from the settings a page was handed to how it shows and copies a diagnosis: the
//! [`Choices`] as `extension/shared/settings.js` names them become [`Preferences`], whatever is missing taking the
//! protocol's default (`extension/shared/protocol.js`); [`Preferences::present`] then gives what
//! the banner and the analyzer show and what their "Copy report" copies.

use serde::Deserialize;

use crate::explain::catalog::Lang;
use crate::explain::redact::Redactor;
use crate::explain::report::{self, Format};
use crate::explain::{Explained, Presentation, Zone};
use crate::protocol::defaults;
use crate::{Analysis, Context};

/// The protocol's default report format, checked when the crate compiles.
const DEFAULT_FORMAT: Format = match Format::from_word(defaults::FORMAT) {
    Some(format) => format,
    None => panic!("extension/shared/protocol.js: `defaults.format` is neither \"markdown\" nor \"text\""),
};

/// The preference fields of the settings in force or of a banner's page context, named as
/// `extension/shared/settings.js` names them: `{ lang?, redact?, format?, screenShare? }`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Choices {
    /// A language tag, or the options' `auto` (Control Hub's language, resolved by the script).
    pub lang: Option<String>,
    pub redact: Option<bool>,
    /// `markdown` or `text`.
    pub format: Option<String>,
    pub screen_share: Option<bool>,
}

/// How a page speaks, shows and copies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preferences {
    pub lang: Lang,
    /// What "Copy report" copies is redacted (email local parts masked, ids shortened).
    pub redact: bool,
    /// What "Copy report" copies.
    pub format: Format,
    /// Screen-share mode: what is shown is redacted too, and a marker says so.
    pub mask: bool,
}

impl Choices {
    /// The options' language choice: `auto`, `en` or `ja`.
    pub fn lang_choice(&self) -> &str {
        self.lang.as_deref().unwrap_or(defaults::LANG)
    }

    /// The preferences these choices make; a missing choice (or a format word neither known)
    /// is the protocol's default.
    pub fn preferences(&self) -> Preferences {
        Preferences {
            lang: Lang::from_tag(self.lang_choice()),
            redact: self.redact.unwrap_or(defaults::REDACT),
            format: self
                .format
                .as_deref()
                .and_then(Format::from_word)
                .unwrap_or(DEFAULT_FORMAT),
            mask: self.screen_share.unwrap_or(defaults::SCREEN_SHARE),
        }
    }
}

/// What a page shows and what its "Copy report" copies, from one diagnosis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Presented {
    /// Redacted only in screen-share mode: the admin's own data, on the admin's screen.
    pub shown: Explained,
    /// Redacted unless the preferences say otherwise, in their format.
    pub report: String,
}

impl Preferences {
    /// Diagnoses once and puts the outcome into words for the screen and for the report (twice
    /// only when the two are redacted differently), times in `zone` beside UTC.
    pub fn present(&self, analysis: &Analysis, context: &Context, zone: Zone) -> Presented {
        let outcome = analysis.diagnose(context);
        let mut presentation = Presentation {
            lang: self.lang,
            zone,
            redactor: Redactor::new(self.mask),
        };
        let shown = analysis.explain_outcome(&outcome, &presentation);
        let copied = (self.redact != self.mask).then(|| {
            presentation.redactor = Redactor::new(self.redact);
            analysis.explain_outcome(&outcome, &presentation)
        });
        let report = report::render(
            copied.as_ref().unwrap_or(&shown),
            &analysis.inputs,
            self.format,
            self.redact,
        );
        Presented { shown, report }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATUS: &str = include_str!("../../tests/fixtures/uss/status-o365-unauthorized.json");
    const EMAIL: &str = "WebexWorkspace1@ciscolive.com";

    fn choices(json: &str) -> Choices {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn missing_choices_are_the_protocols_defaults() {
        let preferences = choices("{}").preferences();
        assert_eq!(
            preferences,
            Preferences {
                lang: Lang::from_tag(defaults::LANG),
                redact: defaults::REDACT,
                format: Format::from_word(defaults::FORMAT).unwrap(),
                mask: defaults::SCREEN_SHARE,
            }
        );
        // As the extension ships: reports redacted Markdown, nothing masked, English for `auto`.
        assert_eq!(
            preferences,
            Preferences {
                lang: Lang::En,
                redact: true,
                format: Format::Markdown,
                mask: false
            }
        );
        assert_eq!(choices("{}").lang_choice(), "auto");
    }

    #[test]
    fn choices_are_read_by_their_settings_names() {
        let preferences =
            choices(r#"{"lang":"ja-JP","redact":false,"format":"text","screenShare":true,"theme":"dark"}"#)
                .preferences();
        assert_eq!(
            preferences,
            Preferences {
                lang: Lang::Ja,
                redact: false,
                format: Format::Text,
                mask: true
            }
        );
        assert_eq!(choices(r#"{"format":"html"}"#).preferences().format, Format::Markdown);
        assert!(serde_json::from_str::<Choices>(r#"{"redact":"yes"}"#).is_err());
    }

    #[test]
    fn shown_in_full_and_copied_redacted_unless_the_preferences_say_otherwise() {
        let mut analysis = Analysis::new();
        analysis.add("", STATUS, "status").unwrap();
        let context = Context {
            email: Some(EMAIL.into()),
            tenants: Vec::new(),
        };
        let present = |preferences: Preferences| preferences.present(&analysis, &context, Zone::utc());
        let defaults = choices("{}").preferences();

        let presented = present(defaults);
        assert_eq!(presented.shown.findings[0].subject.email.as_deref(), Some(EMAIL));
        assert!(presented.report.starts_with("# "), "Markdown: {}", presented.report);
        assert!(presented.report.contains("W***@ciscolive.com") && !presented.report.contains(EMAIL));

        let full = present(Preferences {
            redact: false,
            format: Format::Text,
            ..defaults
        });
        assert!(
            full.report.contains(EMAIL) && !full.report.starts_with("# "),
            "{}",
            full.report
        );

        let masked = present(Preferences { mask: true, ..defaults });
        assert_eq!(
            masked.shown.findings[0].subject.email.as_deref(),
            Some("W***@ciscolive.com")
        );
        assert_eq!(
            masked.report, presented.report,
            "the copy does not depend on the screen"
        );
    }
}
