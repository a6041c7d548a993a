//! Every way the doctor presents one analysis — reports in text and Markdown, redacted and not,
//! in English and Japanese — checked for the property every target shares: the output is
//! bounded by the input (each server string is cut to `MAX_TEXT_CHARS`, findings to
//! `MAX_FINDINGS`), so no input can make a report explode.

use caldoctor::diagnose::tenant::Tenant;
use caldoctor::explain::catalog::Lang;
use caldoctor::explain::report::{self, Format};
use caldoctor::{Analysis, Context};
use proptest::prelude::*;

use crate::presented::{both_ways, links};

/// Catalogue text one finding, timeline or request may add to a report, whatever its data.
const FIXED_BYTES_PER_ITEM: usize = 12 * 1024;
/// How many times one input byte may be repeated: an email fills a finding's title, its
/// explanation, its steps and three checks, and a Graph Explorer link percent-encodes it.
const BYTES_PER_INPUT_BYTE: usize = 48;

/// One rendered report.
pub struct Rendered {
    pub redacted: bool,
    pub text: String,
}

/// Reads `inputs` (URL, body) into one analysis; `None` when none could be read.
pub fn analysis(inputs: &[(String, String)]) -> Option<Analysis> {
    let mut analysis = Analysis::new();
    let read = inputs
        .iter()
        .filter(|(url, body)| analysis.add(url, body, "fuzz").is_ok())
        .count();
    (read > 0).then_some(analysis)
}

/// The four reports (text and Markdown, redacted and not) of an analysis of `input_bytes` bytes
/// of input, each checked to be bounded by them.
pub fn reports(
    analysis: &Analysis,
    input_bytes: usize,
    email: Option<&str>,
    tenant: &str,
    lang: Lang,
) -> Result<Vec<Rendered>, TestCaseError> {
    let context = Context {
        email: email.map(str::to_string),
        tenants: vec![Tenant::from_details(None, tenant)],
    };
    let input_bytes = input_bytes + email.map_or(0, str::len) + tenant.len();
    let mut out = Vec::new();
    for (redacted, explained) in both_ways(analysis, &context, |_| lang) {
        for link in links(&explained) {
            prop_assert!(
                caldoctor::explain::links::is_allowed(link),
                "a link off the allowlist: {}",
                link
            );
        }
        let items = 1
            + explained.findings.len()
            + explained.timelines.len()
            + explained.timelines.iter().map(|t| t.events.len()).sum::<usize>();
        let bound = FIXED_BYTES_PER_ITEM * items + BYTES_PER_INPUT_BYTE * input_bytes;
        for format in [Format::Text, Format::Markdown] {
            let text = report::render(&explained, &analysis.inputs, format, redacted);
            prop_assert!(
                text.len() <= bound,
                "a {} byte report from {input_bytes} input bytes and {items} items",
                text.len()
            );
            out.push(Rendered { redacted, text });
        }
    }
    Ok(out)
}
