//! One diagnosis put into words the two ways a report has it, in full and redacted, and the
//! links it holds. Shared by the fuzz targets and the hostile corpus (`#[path]`-included).

use caldoctor::explain::catalog::Lang;
use caldoctor::explain::redact::Redactor;
use caldoctor::explain::{Explained, Presentation, Zone};
use caldoctor::{Analysis, Context};

/// The analysis diagnosed once, then explained unredacted and redacted (in that order), each in
/// the language `lang` picks for it, times in UTC+9.
pub fn both_ways(analysis: &Analysis, context: &Context, lang: impl Fn(bool) -> Lang) -> [(bool, Explained); 2] {
    let outcome = analysis.diagnose(context);
    [false, true].map(|redacted| {
        let presentation = Presentation {
            lang: lang(redacted),
            zone: Zone::fixed(540),
            redactor: Redactor::new(redacted),
        };
        (redacted, analysis.explain_outcome(&outcome, &presentation))
    })
}

/// Every link of every finding's checks.
pub fn links(explained: &Explained) -> impl Iterator<Item = &str> {
    explained
        .findings
        .iter()
        .flat_map(|f| &f.checks)
        .filter_map(|c| c.link.as_ref())
        .map(|link| link.url.as_str())
}
