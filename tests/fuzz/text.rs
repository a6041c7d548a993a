//! Strings as untrusted input brings them: any Unicode, biased toward what breaks parsers and
//! pages — markup, quotes, escapes, invisible and bidi characters, homoglyphs, and the very
//! words the doctor looks for.

use proptest::prelude::*;

/// Fragments that mean something to a parser, a page, a spreadsheet or the doctor itself.
const ATOMS: &[&str] = &[
    "<",
    ">",
    "\"",
    "'",
    "`",
    "```",
    "&amp;",
    "\\",
    "/",
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "=",
    "+",
    "-",
    "@",
    ".",
    "..",
    "%",
    "%2F",
    "%00",
    "#",
    "?",
    "&",
    "\n",
    "\r\n",
    "\t",
    " ",
    "\u{0}",
    "\u{7f}",
    "\u{85}",
    "\u{a0}",
    "\u{ad}",
    "\u{200b}",
    "\u{200c}",
    "\u{200d}",
    "\u{2028}",
    "\u{202e}",
    "\u{2066}",
    "\u{feff}",
    "\u{fffd}",
    "\u{1f600}",
    "а",
    "е",
    "о",
    "с",
    "і",
    "ｃ",
    "。",
    "İ",
    "K",
    "ß",
    "日本語",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</textarea>",
    "javascript:alert(1)",
    "data:text/html,<b>x</b>",
    "=HYPERLINK(\"https://evil.example\")",
    "{{email}}",
    "{email}",
    "xn--",
    "xn--mnchen-3ya",
    "Received error 'Unauthorized' from O365",
    "Received error '",
    "' from O365",
    "from O365",
    "squared-fusion-cal",
    "userStatuses",
    "c_cal@o365.error",
    "das.noOperationalConnector",
    "ErrorImpersonateUserDenied",
    "https://admin.webex.com/",
    "https://evil.example/",
    "ciscolive.us",
    "WebexWorkspace1@ciscolive.us",
    "a3c9f6e2-5d1b-4c8e-9f0a-7b2d4e6f8a10",
    "ATLAS_3f0c8d2e_12",
    "# ",
    "## ",
    "- ",
    "**",
    "| ",
    "\n# heading",
    "1795742640000",
    "2026-11-27T01:24:00.000Z",
];

/// Any text, mostly assembled from [`ATOMS`], words and arbitrary characters; up to a few hundred
/// characters.
pub fn hostile() -> BoxedStrategy<String> {
    let piece = prop_oneof![
        4 => prop::sample::select(ATOMS).prop_map(str::to_string),
        3 => "[a-zA-Z0-9]{1,12}",
        2 => any::<char>().prop_map(String::from),
        1 => prop::collection::vec(any::<char>(), 1..8).prop_map(String::from_iter),
    ];
    prop::collection::vec(piece, 0..16)
        .prop_map(|pieces| pieces.concat())
        .boxed()
}

/// Text of any length up to `max` characters of arbitrary Unicode (no bias).
pub fn any_text(max: usize) -> BoxedStrategy<String> {
    prop::collection::vec(any::<char>(), 0..=max)
        .prop_map(|chars| chars.into_iter().collect())
        .boxed()
}

/// A plausible or hostile subject id: a UUID, a hydra id, a percent-encoded or hostile string.
pub fn id() -> BoxedStrategy<String> {
    prop_oneof![
        4 => uuid(),
        2 => uuid().prop_map(|uuid| hydra(&format!("ciscospark://us/PLACE/{uuid}"))),
        1 => hostile().prop_map(|text| hydra(&format!("ciscospark://us/PLACE/{text}"))),
        1 => hostile().prop_map(|text| percent_encode(&text)),
        2 => hostile(),
    ]
    .boxed()
}

pub fn uuid() -> BoxedStrategy<String> {
    "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}".boxed()
}

/// The public API's id form: base64 (no padding, as Webex writes it) of a `ciscospark://` URI.
pub fn hydra(uri: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD_NO_PAD.encode(uri)
}

pub fn percent_encode(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}

/// Email addresses: plausible, with hostile local parts or domains, or not addresses at all.
pub fn email() -> BoxedStrategy<String> {
    prop_oneof![
        3 => ("[A-Za-z][A-Za-z0-9._+-]{0,20}", domain()).prop_map(|(local, domain)| format!("{local}@{domain}")),
        1 => (hostile(), domain()).prop_map(|(local, domain)| format!("{local}@{domain}")),
        1 => ("[a-z]{1,8}", hostile()).prop_map(|(local, domain)| format!("{local}@{domain}")),
        1 => hostile(),
    ]
    .boxed()
}

/// Domains as tenants have them, and their hostile variants.
pub fn domain() -> BoxedStrategy<String> {
    prop_oneof![
        3 => prop::sample::select(&["ciscolive.us", "rtpcloudcollab.com", "adminrtpcloudcollab.onmicrosoft.com",
            "CiscoLive.US.", "münchen.example", "xn--mnchen-3ya.example", "сiscolive.us", "ciscolive\u{200b}.us"][..])
            .prop_map(str::to_string),
        2 => "[a-z0-9-]{1,12}(\\.[a-z0-9-]{1,12}){1,3}",
        1 => hostile(),
    ]
    .boxed()
}

/// Times as the services write them, and what a hostile body might put there instead.
pub fn timestamp() -> BoxedStrategy<serde_json::Value> {
    use serde_json::json;
    prop_oneof![
        3 => (2000u32..2100, 1u32..13, 1u32..29, 0u32..24, 0u32..60, 0u32..60, 0u32..1000).prop_map(
            |(y, mo, d, h, mi, s, ms)| json!(format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}Z"))
        ),
        1 => any::<i64>().prop_map(|ms| json!(ms)),
        1 => (0i64..4_102_444_800_000).prop_map(|ms| json!(ms)),
        1 => hostile().prop_map(|text| json!(text)),
    ]
    .boxed()
}
