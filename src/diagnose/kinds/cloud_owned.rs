//! Texts about connectors and clusters, whose meaning depends on who serves the subject (a
//! status's `owner`): for a subject on the cloud (`ccc`, "Cisco Webex Cloud") no Expressway
//! connector or cluster is involved, so the connector text hides the provider's error and the
//! cluster text is harmless. On Expressway (`uss`), or when the owner is not known, they mean
//! what they say.

use super::{Matched, Record};
use crate::decode::observation::{CalendarService, Owner, Severity};
use crate::diagnose::finding::{Check, Facts, FindingKind};
use crate::explain::catalog::*;

pub static CONNECTOR_TEXT_ON_CLOUD_SUBJECT: FindingKind = FindingKind {
    code: "cloud-connector-text-on-cloud-subject",
    severity: Severity::Error,
    title: CLOUD_CONNECTOR_TEXT_ON_CLOUD_SUBJECT_TITLE,
    explanation: CLOUD_CONNECTOR_TEXT_ON_CLOUD_SUBJECT_EXPLANATION,
    steps: &[
        CLOUD_CONNECTOR_TEXT_ON_CLOUD_SUBJECT_STEP1,
        CLOUD_CONNECTOR_TEXT_ON_CLOUD_SUBJECT_STEP2,
        CLOUD_CONNECTOR_TEXT_ON_CLOUD_SUBJECT_STEP3,
    ],
    checks: &[Check::GraphPlace, Check::ExchangeMailbox, Check::TenantDomains],
    diagnose: None,
};

pub static CONNECTOR_TEXT_ON_GOOGLE_SUBJECT: FindingKind = FindingKind {
    code: "cloud-connector-text-on-google-subject",
    severity: Severity::Error,
    title: CLOUD_CONNECTOR_TEXT_ON_GOOGLE_SUBJECT_TITLE,
    explanation: CLOUD_CONNECTOR_TEXT_ON_GOOGLE_SUBJECT_EXPLANATION,
    steps: &[
        CLOUD_CONNECTOR_TEXT_ON_GOOGLE_SUBJECT_STEP1,
        CLOUD_CONNECTOR_TEXT_ON_GOOGLE_SUBJECT_STEP2,
    ],
    checks: &[Check::GoogleAccount, Check::GoogleResource, Check::GoogleAuthorization],
    diagnose: None,
};

pub static CLUSTER_TEXT_ON_CLOUD_SUBJECT: FindingKind = FindingKind {
    code: "cloud-user-cluster-message",
    severity: Severity::Info,
    title: CLOUD_USER_CLUSTER_MESSAGE_TITLE,
    explanation: CLOUD_USER_CLUSTER_MESSAGE_EXPLANATION,
    steps: &[CLOUD_USER_CLUSTER_MESSAGE_STEP1],
    checks: &[],
    diagnose: None,
};

pub static RESOURCE_GROUP_WITHOUT_CLUSTER: FindingKind = FindingKind {
    code: "resource-group-without-cluster",
    severity: Severity::Error,
    title: RESOURCE_GROUP_WITHOUT_CLUSTER_TITLE,
    explanation: RESOURCE_GROUP_WITHOUT_CLUSTER_EXPLANATION,
    steps: &[
        RESOURCE_GROUP_WITHOUT_CLUSTER_STEP1,
        RESOURCE_GROUP_WITHOUT_CLUSTER_STEP2,
    ],
    checks: &[],
    diagnose: None,
};

pub static KINDS: &[&FindingKind] = &[
    &CONNECTOR_TEXT_ON_CLOUD_SUBJECT,
    &CONNECTOR_TEXT_ON_GOOGLE_SUBJECT,
    &CLUSTER_TEXT_ON_CLOUD_SUBJECT,
    &RESOURCE_GROUP_WITHOUT_CLUSTER,
];

/// The connector message's key; `message_keys` gives it its kind off the cloud.
const NO_OPERATIONAL_CONNECTOR_KEY: &str = "das.noOperationalConnector";
/// Lower-case phrases of the public texts.
const NO_OPERATIONAL_CONNECTOR: &str = "no operational connector found for user";
const CLUSTER_NOT_FOUND: &str = "could not find cluster with";
const CLUSTER_NOT_FOUND_FIX: [&str; 2] = ["select another resource group", "configure a new cluster"];

pub fn classify(text: &str, key: Option<&str>, record: &Record) -> Option<Matched> {
    let lower = text.to_lowercase();
    let on_cloud = record.owner == Some(Owner::Cloud);
    let kind = if is_connector_text(&lower, key) {
        match (on_cloud, record.service) {
            (false, _) => return None,
            (true, Some(CalendarService::Google)) => &CONNECTOR_TEXT_ON_GOOGLE_SUBJECT,
            (true, _) => &CONNECTOR_TEXT_ON_CLOUD_SUBJECT,
        }
    } else if lower.contains(CLUSTER_NOT_FOUND) && CLUSTER_NOT_FOUND_FIX.iter().any(|fix| lower.contains(fix)) {
        if on_cloud {
            &CLUSTER_TEXT_ON_CLOUD_SUBJECT
        } else {
            &RESOURCE_GROUP_WITHOUT_CLUSTER
        }
    } else {
        return None;
    };
    Some(Matched::new(kind, Facts::default()))
}

/// The key, whole or after a `prefix@`, or the public text.
fn is_connector_text(lower_text: &str, key: Option<&str>) -> bool {
    let key_name = key.map(|key| key.rsplit('@').next().unwrap_or(key));
    key_name.is_some_and(|name| name.eq_ignore_ascii_case(NO_OPERATIONAL_CONNECTOR_KEY))
        || lower_text.contains(NO_OPERATIONAL_CONNECTOR)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONNECTOR_TEXT: &str =
        "No operational connector found for user. Check the cluster configuration and then try again";
    const CLUSTER_TEXT: &str = "Could not find cluster with calendar connector in resource group RG-Tokyo. \
         Select another Resource Group, or configure a new cluster with calendar connector.";

    fn record(owner: Option<Owner>, service: Option<CalendarService>) -> Record {
        Record {
            in_error: true,
            owner,
            service,
        }
    }

    fn code(text: &str, key: Option<&str>, record: &Record) -> Option<&'static str> {
        classify(text, key, record).map(|m| m.kind.code)
    }

    #[test]
    fn the_connector_text_is_the_providers_error_only_on_the_cloud() {
        let cloud = record(Some(Owner::Cloud), None);
        assert_eq!(
            code(CONNECTOR_TEXT, None, &cloud),
            Some("cloud-connector-text-on-cloud-subject")
        );
        assert_eq!(
            code("", Some("das.noOperationalConnector"), &cloud),
            Some("cloud-connector-text-on-cloud-subject")
        );
        assert_eq!(
            code(
                CONNECTOR_TEXT,
                None,
                &record(Some(Owner::Cloud), Some(CalendarService::Google))
            ),
            Some("cloud-connector-text-on-google-subject")
        );
        for off_the_cloud in [record(Some(Owner::Expressway), None), record(None, None)] {
            assert_eq!(
                code(CONNECTOR_TEXT, Some("das.noOperationalConnector"), &off_the_cloud),
                None
            );
        }
    }

    #[test]
    fn the_cluster_text_is_harmless_only_on_the_cloud() {
        assert_eq!(
            code(CLUSTER_TEXT, None, &record(Some(Owner::Cloud), None)),
            Some("cloud-user-cluster-message")
        );
        for off_the_cloud in [record(Some(Owner::Expressway), None), record(None, None)] {
            assert_eq!(
                code(CLUSTER_TEXT, None, &off_the_cloud),
                Some("resource-group-without-cluster")
            );
        }
        assert_eq!(
            code(
                "Could not find cluster with id 5.",
                None,
                &record(Some(Owner::Cloud), None)
            ),
            None
        );
    }
}
