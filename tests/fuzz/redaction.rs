//! The redactor, end to end: secrets and personal addresses seeded into every free-text field a
//! server fills (a status message, a journal entry and its tracking id, a workspace's name and
//! mailbox, a Graph error and its URL, the page's email), then every report and every banner.
//! No secret is ever printed, redacted or not; no local part survives redaction; the tracking
//! id stays whole either way.

use caldoctor::explain::catalog::Lang;
use caldoctor::view::banner::of_payload;
use caldoctor::view::payload::Payload;
use proptest::prelude::*;
use serde_json::json;

use crate::harness::fuzz;
use crate::present::{analysis, reports};
use crate::secrets::{PersonalEmail, Secret, in_text, personal_email};
use crate::text::{hostile, uuid};
use crate::view_safety::{assert_banner_is_safe, banner_texts};

#[derive(Clone, Debug)]
struct Seeded {
    secrets: Vec<Secret>,
    people: Vec<PersonalEmail>,
    /// Hostile text around every secret, a word apart from it.
    around: Vec<String>,
    workspace: String,
    user: String,
    japanese: bool,
}

fn seeded() -> impl Strategy<Value = Seeded> {
    (
        prop::collection::vec(in_text(), 6),
        prop::collection::vec(personal_email(), 5),
        prop::collection::vec(hostile(), 12),
        uuid(),
        uuid(),
        any::<bool>(),
    )
        .prop_map(|(secrets, people, around, workspace, user, japanese)| Seeded {
            secrets,
            people,
            around,
            workspace,
            user,
            japanese,
        })
}

impl Seeded {
    /// The `n`th secret as a word among hostile text.
    fn text(&self, n: usize) -> String {
        format!(
            "{} {} {}",
            self.around[2 * n],
            self.secrets[n].written,
            self.around[2 * n + 1]
        )
    }

    /// (URL, body) of every response, and the page's email.
    fn inputs(&self) -> (Vec<(String, String)>, String) {
        let (s, p) = (&self.secrets, &self.people);
        let org = "1eb65fdf-9643-417f-9974-ad72cae0e10f";
        let place = json!({
            "cisUuid": self.workspace,
            "displayName": self.text(0),
            "externalLinkedAccounts": [{ "providerID": "squared-fusion-cal", "accountGUID": p[0].address() }],
        });
        let status = json!({ "userStatuses": [{
            "userId": self.workspace, "orgId": org, "serviceId": "squared-fusion-cal", "state": "error",
            "lastStateChange": "2026-11-27T01:24:00.000Z",
            "messages": [{ "severity": "error",
                "description": format!("Received error 'Unauthorized' from O365. {} {}", self.text(1), p[1].address()) }],
        }]});
        let journal = json!({ "entries": [{
            "time": "2026-11-27T01:20:00.000Z",
            "entry": {
                "type": "SetUserStatus",
                "payload": { "orgId": org, "userId": self.user, "serviceId": "squared-fusion-cal", "state": "error",
                    "messages": [{ "severity": "error", "description": format!("{} {}", self.text(2), p[2].address()) }] },
                "context": { "userType": "USER", "trackingRoot": format!("ATLAS_{}_1 {}", self.user, s[3].written) },
            },
        }], "paging": {} });
        let graph = json!({ "error": { "code": "ErrorItemNotFound", "message": self.text(4),
            "innerError": { "request-id": "0b5f6a9e-1234-4d3c-8e7f-aa11bb22cc33" } } });
        let uss = format!("https://uss-a.wbx2.com/uss/api/v1/orgs/{org}");
        let inputs = vec![
            (
                format!(
                    "https://csdm-a.wbx2.com/csdm/api/v1/organization/{org}/places/{}",
                    self.workspace
                ),
                place.to_string(),
            ),
            (
                format!("{uss}/userStatuses?userId={}", self.workspace),
                status.to_string(),
            ),
            (
                format!(
                    "{uss}/userJournal/{}?serviceId=squared-fusion-cal {}",
                    self.user,
                    self.text(5)
                ),
                journal.to_string(),
            ),
            (
                format!("https://graph.microsoft.com/v1.0/places/{}", p[3].address()),
                graph.to_string(),
            ),
        ];
        (inputs, p[4].address())
    }

    fn leaks(&self, output: &str, redacted: bool) -> Option<String> {
        let secret = self
            .secrets
            .iter()
            .map(|s| s.value.as_str())
            .find(|value| output.contains(value));
        let local = || {
            // The first letter stays (`W***@ciscolive.us`); the rest of the local part never.
            self.people
                .iter()
                .map(|p| &p.local[1..])
                .find(|local| output.contains(local))
        };
        secret
            .or_else(|| if redacted { local() } else { None })
            .map(str::to_string)
    }
}

#[test]
fn secrets_and_local_parts_never_reach_a_report_or_a_banner() {
    fuzz("redaction", seeded(), |seeded| {
        let (inputs, email) = seeded.inputs();
        let input_bytes = inputs.iter().map(|(url, body)| url.len() + body.len()).sum();
        let lang = if seeded.japanese { Lang::Ja } else { Lang::En };
        let analysis = analysis(&inputs).ok_or_else(|| TestCaseError::fail("the seeded inputs are readable"))?;
        let tracking = format!("ATLAS_{}_1", seeded.user);
        for report in reports(&analysis, input_bytes, Some(email.as_str()), "ciscolive.us", lang)? {
            if let Some(leak) = seeded.leaks(&report.text, report.redacted) {
                return Err(TestCaseError::fail(format!(
                    "{leak} in a report (redacted: {}):\n{}",
                    report.redacted, report.text
                )));
            }
            prop_assert!(
                report.text.contains(&tracking),
                "tracking id {} not whole (redacted: {})",
                tracking,
                report.redacted
            );
        }
        for (redact, screen_share) in [(true, false), (false, false), (true, true)] {
            let payload = Payload::from_value(&json!({
                "inputs": inputs.iter().map(|(url, body)| json!({ "url": url, "body": body })).collect::<Vec<_>>(),
                "context": { "email": email, "tenantDomains": "ciscolive.us", "lang": lang.tag(),
                             "redact": redact, "screenShare": screen_share, "timeZone": "+09:00" },
            }))
            .expect("a payload");
            let banner = of_payload(&payload, |_| 0);
            assert_banner_is_safe(&banner);
            for text in banner_texts(&banner) {
                // What the banner shows is masked in screen-share mode; what it copies when redacting.
                if let Some(leak) = seeded.leaks(&text, screen_share) {
                    return Err(TestCaseError::fail(format!("{leak} in the banner: {text}")));
                }
            }
        }
        Ok(())
    });
}
