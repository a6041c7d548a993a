//! What the "Unauthorized" diagnosis does with addresses and tenant domains that hold invisible,
//! bidi, look-alike or mixed-script characters. A domain is compared as Unicode, lower-cased,
//! without its trailing dot, `xn--` labels decoded — no normalization, no IDNA mapping, since
//! Webex and Microsoft 365 compare exactly — and a domain holding such characters is flagged
//! (`domain-unusual-characters`, saying which characters), never silently matched or
//! mismatched. Each row pins the diagnosis and the domain the banner names, what cannot be seen
//! written out (`<U+202E>`). A row that changes is a change of behaviour to make on purpose.

mod common;

use caldoctor::Analysis;
use caldoctor::explain::catalog::Lang;
use caldoctor::explain::redact::Redactor;
use caldoctor::explain::{Explained, Presentation, Zone};
use common::{context, explain_files, fixture};

const TENANT: &str = "rtpcloudcollab.com (default)\nadminrtpcloudcollab.onmicrosoft.com\nciscolive.us";
const MATCHES: &str = "mailbox-not-found";
const FLAGGED: &str = "domain-unusual-characters";

struct Row {
    what: &'static str,
    email: &'static str,
    tenant: &'static str,
    diagnosis: &'static str,
    /// The domain the finding names, as shown.
    shown: &'static str,
}

const ROWS: &[Row] = &[
    Row {
        what: "the note's address",
        email: "WebexWorkspace1@ciscolive.us",
        tenant: TENANT,
        diagnosis: MATCHES,
        shown: "ciscolive.us",
    },
    Row {
        what: "mixed case and a trailing dot",
        email: "WebexWorkspace1@CiscoLive.US.",
        tenant: TENANT,
        diagnosis: MATCHES,
        shown: "ciscolive.us",
    },
    Row {
        what: "a no-break space around the listed domain",
        email: "WebexWorkspace1@ciscolive.us",
        tenant: "\u{a0}ciscolive.us\u{a0}",
        diagnosis: MATCHES,
        shown: "ciscolive.us",
    },
    // Invisible characters: a domain that reads as a tenant domain and is another one.
    Row {
        what: "a zero-width space in the address's domain",
        email: "WebexWorkspace1@ciscolive\u{200b}.us",
        tenant: TENANT,
        diagnosis: FLAGGED,
        shown: "ciscolive<U+200B>.us",
    },
    Row {
        what: "a zero-width joiner in the address's domain",
        email: "WebexWorkspace1@cisco\u{200d}live.us",
        tenant: TENANT,
        diagnosis: FLAGGED,
        shown: "cisco<U+200D>live.us",
    },
    Row {
        what: "a soft hyphen (IDNA ignores it) in the address's domain",
        email: "WebexWorkspace1@cisco\u{ad}live.us",
        tenant: TENANT,
        diagnosis: FLAGGED,
        shown: "cisco<U+00AD>live.us",
    },
    Row {
        what: "a zero-width space in the listed domain",
        email: "WebexWorkspace1@ciscolive.us",
        tenant: "ciscolive\u{200b}.us",
        diagnosis: FLAGGED,
        shown: "ciscolive.us",
    },
    Row {
        what: "a byte order mark before the listed domain (a pasted file)",
        email: "WebexWorkspace1@ciscolive.us",
        tenant: "\u{feff}ciscolive.us",
        diagnosis: FLAGGED,
        shown: "ciscolive.us",
    },
    Row {
        what: "a zero-width space in the local part only",
        email: "Webex\u{200b}Workspace1@ciscolive.us",
        tenant: TENANT,
        diagnosis: MATCHES,
        shown: "ciscolive.us",
    },
    // Bidi controls: the domain would display as a tenant domain; it is shown written out.
    Row {
        what: "a right-to-left override: su.evilocsic displays as ciscolive.us",
        email: "WebexWorkspace1@\u{202e}su.evilocsic",
        tenant: TENANT,
        diagnosis: FLAGGED,
        shown: "<U+202E>su.evilocsic",
    },
    // Look-alikes: other domains indeed, flagged as only looking alike.
    Row {
        what: "a Cyrillic es (U+0441) for the c of ciscolive.us",
        email: "WebexWorkspace1@\u{441}iscolive.us",
        tenant: TENANT,
        diagnosis: FLAGGED,
        shown: "\u{441}iscolive.us",
    },
    Row {
        what: "a Cyrillic a (U+0430) in rtpcloudcollab.com",
        email: "admin@rtpcloudcoll\u{430}b.com",
        tenant: TENANT,
        diagnosis: FLAGGED,
        shown: "rtpcloudcoll\u{430}b.com",
    },
    Row {
        what: "the xn-- form of the Cyrillic-es look-alike, shown decoded",
        email: "WebexWorkspace1@xn--iscolive-ech.us",
        tenant: TENANT,
        diagnosis: FLAGGED,
        shown: "\u{441}iscolive.us",
    },
    // IDNA (UTS 46) maps these to the tenant domain; Webex compares exactly: flagged.
    Row {
        what: "fullwidth letters",
        email: "WebexWorkspace1@\u{ff43}\u{ff49}\u{ff53}\u{ff43}\u{ff4f}\u{ff4c}\u{ff49}\u{ff56}\u{ff45}.us",
        tenant: TENANT,
        diagnosis: FLAGGED,
        shown: "\u{ff43}\u{ff49}\u{ff53}\u{ff43}\u{ff4f}\u{ff4c}\u{ff49}\u{ff56}\u{ff45}.us",
    },
    Row {
        what: "an ideographic full stop for the dot",
        email: "WebexWorkspace1@ciscolive\u{3002}us",
        tenant: TENANT,
        diagnosis: FLAGGED,
        shown: "ciscolive\u{3002}us",
    },
    Row {
        what: "a decomposed ü (u + U+0308) against a listed precomposed ü",
        email: "raum@mu\u{308}nchen.example",
        tenant: "münchen.example",
        diagnosis: FLAGGED,
        shown: "mu\u{308}nchen.example",
    },
    // Once silent matches: a domain Microsoft 365 would not accept, read as the tenant domain.
    Row {
        what: "an xn-- label of plain ASCII (no valid A-label) decodes to ciscolive",
        email: "WebexWorkspace1@xn--ciscolive-.us",
        tenant: TENANT,
        diagnosis: FLAGGED,
        shown: "ciscolive.us",
    },
    Row {
        what: "the Kelvin sign K (U+212A) lower-cases to k, as UTS 46 maps it",
        email: "room@\u{212a}yoto.example",
        tenant: "kyoto.example",
        diagnosis: FLAGGED,
        shown: "kyoto.example",
    },
];

/// Where the address comes from: the page, or a workspace object in the responses.
type Source = fn(&Row) -> Explained;

#[test]
fn invisible_and_look_alike_characters_are_flagged_and_shown() {
    let sources: [(&str, Source); 2] = [
        ("the page's email", with_page_email),
        ("the workspace's mailbox", with_workspace_mailbox),
    ];
    for row in ROWS {
        for (source, explained) in sources {
            let explained = explained(row);
            let finding = explained
                .findings
                .iter()
                .find(|f| f.code == "o365-unauthorized")
                .expect("o365-unauthorized");
            assert_eq!(finding.diagnosis, Some(row.diagnosis), "{}, from {source}", row.what);
            assert_eq!(
                finding.domain.as_deref(),
                Some(row.shown),
                "{}, from {source}",
                row.what
            );
        }
    }
}

/// The note's status, `row.email` the address the page shows.
fn with_page_email(row: &Row) -> Explained {
    explain_files(
        &["uss/status-o365-unauthorized.json"],
        &context(Some(row.email), row.tenant),
        Lang::En,
    )
}

/// The note's status with `row.email` as its workspace's CSDM mailbox.
fn with_workspace_mailbox(row: &Row) -> Explained {
    let place = serde_json::json!({
        "cisUuid": "a3c9f6e2-5d1b-4c8e-9f0a-7b2d4e6f8a10", "displayName": "Webex Workspace 1",
        "externalLinkedAccounts": [{ "providerID": "squared-fusion-cal", "accountGUID": row.email }],
    });
    let mut analysis = Analysis::new();
    analysis.add("", &place.to_string(), "place.json").unwrap();
    analysis
        .add("", &fixture("uss/status-o365-unauthorized.json"), "status.json")
        .unwrap();
    let presentation = Presentation {
        lang: Lang::En,
        zone: Zone::utc(),
        redactor: Redactor::new(false),
    };
    analysis.explain(&context(None, row.tenant), &presentation)
}

#[test]
fn the_flag_says_which_character_and_never_shows_it_raw() {
    for (lang, says) in [
        (Lang::En, "text-direction control (U+202E)"),
        (Lang::Ja, "文字方向の制御文字 (U+202E)"),
    ] {
        let explained = explain_files(
            &["uss/status-o365-unauthorized.json"],
            &context(Some("WebexWorkspace1@\u{202e}su.evilocsic"), TENANT),
            lang,
        );
        let finding = &explained.findings[0];
        assert!(finding.explanation.contains(says), "{}", finding.explanation);
        assert!(
            finding.explanation.contains("<U+202E>su.evilocsic"),
            "{}",
            finding.explanation
        );
        let headline = caldoctor::view::banner::headline(finding, lang);
        assert!(
            headline.contains("U+") || headline.contains("紛らわしい") || headline.contains("look-alike"),
            "{headline}"
        );
        let texts = [&finding.explanation, &finding.title, &headline]
            .into_iter()
            .chain(&finding.steps);
        for text in texts {
            assert!(!text.contains('\u{202e}'), "a raw direction control in {text}");
        }
    }
    // A listed domain pasted with a zero-width space is named as the one to type again.
    let explained = explain_files(
        &["uss/status-o365-unauthorized.json"],
        &context(Some("WebexWorkspace1@ciscolive.us"), "ciscolive\u{200b}.us"),
        Lang::En,
    );
    let finding = &explained.findings[0];
    assert!(
        finding.explanation.contains("ciscolive<U+200B>.us"),
        "{}",
        finding.explanation
    );
    assert!(finding.steps[0].contains("again"), "{:?}", finding.steps);
}
