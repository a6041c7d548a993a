//! Known USS message keys (Expressway / Exchange Web Services side and the discovery-and-
//! assignment service `das.*`) and known server texts, one table row per finding kind: the keys
//! that name it and the phrases of its public English text, for messages that arrive without a
//! key (and for texts whose key is not public).

use super::Matched;
use crate::decode::observation::Severity;
use crate::diagnose::finding::{Check, Facts, FindingKind};
use crate::explain::catalog::*;

pub struct KeyRule {
    pub kind: FindingKind,
    /// Message keys, matched whole or after a `prefix@` (`c_cal@NoPrimaryEmail`), any case.
    pub keys: &'static [&'static str],
    /// Lower-case phrases of the public text.
    pub phrases: &'static [&'static str],
}

macro_rules! rule {
    ($code:literal, $severity:ident, $title:ident, $explanation:ident, [$($step:ident),+], [$($check:ident),*],
     keys: [$($key:literal),*], phrases: [$($phrase:literal),*]) => {
        KeyRule {
            kind: FindingKind {
                code: $code,
                severity: Severity::$severity,
                title: $title,
                explanation: $explanation,
                steps: &[$($step),+],
                checks: &[$(Check::$check),*],
                diagnose: None,
            },
            keys: &[$($key),*],
            phrases: &[$($phrase),*],
        }
    };
}

pub static RULES: &[KeyRule] = &[
    rule!("exchange-mailbox-missing", Error, EXCHANGE_MAILBOX_MISSING_TITLE, EXCHANGE_MAILBOX_MISSING_EXPLANATION,
        [EXCHANGE_MAILBOX_MISSING_STEP1, EXCHANGE_MAILBOX_MISSING_STEP2], [ExchangeMailbox],
        keys: ["ErrorNonExistentMailbox"], phrases: ["has no mailbox associated"]),
    rule!("user-mailbox-not-found", Error, USER_MAILBOX_NOT_FOUND_TITLE, USER_MAILBOX_NOT_FOUND_EXPLANATION,
        [USER_MAILBOX_NOT_FOUND_STEP1, USER_MAILBOX_NOT_FOUND_STEP2], [ExchangeMailbox],
        keys: ["null-user-mailbox-error"], phrases: ["could not find user mailbox"]),
    rule!("no-primary-email", Error, NO_PRIMARY_EMAIL_TITLE, NO_PRIMARY_EMAIL_EXPLANATION,
        [NO_PRIMARY_EMAIL_STEP1, NO_PRIMARY_EMAIL_STEP2], [],
        keys: ["NoPrimaryEmail"], phrases: ["no primary email"]),
    rule!("impersonation-denied", Error, IMPERSONATION_DENIED_TITLE, IMPERSONATION_DENIED_EXPLANATION,
        [IMPERSONATION_DENIED_STEP1, IMPERSONATION_DENIED_STEP2], [],
        keys: ["ErrorImpersonateUserDenied"], phrases: ["does not have permission to impersonate"]),
    rule!("subscription-limit", Error, SUBSCRIPTION_LIMIT_TITLE, SUBSCRIPTION_LIMIT_EXPLANATION,
        [SUBSCRIPTION_LIMIT_STEP1, SUBSCRIPTION_LIMIT_STEP2], [],
        keys: ["ErrorExceededSubscriptionCount"], phrases: ["too many subscriptions"]),
    rule!("streaming-subscription-failed", Error, STREAMING_SUBSCRIPTION_FAILED_TITLE, STREAMING_SUBSCRIPTION_FAILED_EXPLANATION,
        [STREAMING_SUBSCRIPTION_FAILED_STEP1, STREAMING_SUBSCRIPTION_FAILED_STEP2], [],
        keys: ["notSpecified"], phrases: ["failed to start streaming subscription"]),
    rule!("mailbox-database-unavailable", Warning, MAILBOX_DATABASE_UNAVAILABLE_TITLE, MAILBOX_DATABASE_UNAVAILABLE_EXPLANATION,
        [MAILBOX_DATABASE_UNAVAILABLE_STEP1, MAILBOX_DATABASE_UNAVAILABLE_STEP2], [],
        keys: ["ErrorMailboxStoreUnavailable"], phrases: ["mailbox database is temporarily unavailable"]),
    rule!("das-no-operational-connector", Error, DAS_NO_OPERATIONAL_CONNECTOR_TITLE, DAS_NO_OPERATIONAL_CONNECTOR_EXPLANATION,
        [DAS_NO_OPERATIONAL_CONNECTOR_STEP1, DAS_NO_OPERATIONAL_CONNECTOR_STEP2], [HybridCalendarSettings],
        keys: ["das.noOperationalConnector"], phrases: ["no operational connector found for user"]),
    rule!("das-unable-assign-user", Error, DAS_UNABLE_ASSIGN_USER_TITLE, DAS_UNABLE_ASSIGN_USER_EXPLANATION,
        [DAS_UNABLE_ASSIGN_USER_STEP1, DAS_UNABLE_ASSIGN_USER_STEP2], [HybridCalendarSettings],
        keys: ["das.unableAssignUser"], phrases: []),
    rule!("das-cluster-resource-group-mismatch", Error, DAS_CLUSTER_RESOURCE_GROUP_MISMATCH_TITLE, DAS_CLUSTER_RESOURCE_GROUP_MISMATCH_EXPLANATION,
        [DAS_CLUSTER_RESOURCE_GROUP_MISMATCH_STEP1, DAS_CLUSTER_RESOURCE_GROUP_MISMATCH_STEP2], [HybridCalendarSettings],
        keys: ["das.clusterResourceGroupMismatch"], phrases: []),
    rule!("das-cluster-upgrading", Warning, DAS_CLUSTER_UPGRADING_TITLE, DAS_CLUSTER_UPGRADING_EXPLANATION,
        [DAS_CLUSTER_UPGRADING_STEP1], [],
        keys: ["das.clusterUpgrading"], phrases: []),
    rule!("das-cluster-capacity-reached", Error, DAS_CLUSTER_CAPACITY_REACHED_TITLE, DAS_CLUSTER_CAPACITY_REACHED_EXPLANATION,
        [DAS_CLUSTER_CAPACITY_REACHED_STEP1, DAS_CLUSTER_CAPACITY_REACHED_STEP2], [HybridCalendarSettings],
        keys: ["das.clusterCapacityLimitReached"], phrases: []),
    rule!("das-cluster-not-in-resource-group", Error, DAS_CLUSTER_NOT_IN_RESOURCE_GROUP_TITLE, DAS_CLUSTER_NOT_IN_RESOURCE_GROUP_EXPLANATION,
        [DAS_CLUSTER_NOT_IN_RESOURCE_GROUP_STEP1, DAS_CLUSTER_NOT_IN_RESOURCE_GROUP_STEP2], [HybridCalendarSettings],
        keys: ["das.clusterNotAssignedToResourceGroup"], phrases: []),
    rule!("exchange-service-account-unauthorized", Error, EXCHANGE_SERVICE_ACCOUNT_UNAUTHORIZED_TITLE, EXCHANGE_SERVICE_ACCOUNT_UNAUTHORIZED_EXPLANATION,
        [EXCHANGE_SERVICE_ACCOUNT_UNAUTHORIZED_STEP1, EXCHANGE_SERVICE_ACCOUNT_UNAUTHORIZED_STEP2, EXCHANGE_SERVICE_ACCOUNT_UNAUTHORIZED_STEP3], [],
        keys: [], phrases: ["exchange server http error code 401", "(401)unauthorized", "(401) unauthorized"]),
    rule!("app-access-policy-blocked", Error, APP_ACCESS_POLICY_BLOCKED_TITLE, APP_ACCESS_POLICY_BLOCKED_EXPLANATION,
        [APP_ACCESS_POLICY_BLOCKED_STEP1, APP_ACCESS_POLICY_BLOCKED_STEP2, APP_ACCESS_POLICY_BLOCKED_STEP3], [ApplicationAccessPolicy],
        keys: [], phrases: ["blocked by tenant configured apponly accesspolicy", "access to odata is disabled: [raop]"]),
    rule!("webex-app-status-error", Error, WEBEX_APP_STATUS_ERROR_TITLE, WEBEX_APP_STATUS_ERROR_EXPLANATION,
        [WEBEX_APP_STATUS_ERROR_STEP1, WEBEX_APP_STATUS_ERROR_STEP2], [],
        keys: [], phrases: ["invalid user status: error for user, stop processing"]),
    rule!("workspace-email-is-webex-identity", Error, WORKSPACE_EMAIL_IS_WEBEX_IDENTITY_TITLE, WORKSPACE_EMAIL_IS_WEBEX_IDENTITY_EXPLANATION,
        [WORKSPACE_EMAIL_IS_WEBEX_IDENTITY_STEP1, WORKSPACE_EMAIL_IS_WEBEX_IDENTITY_STEP2], [],
        keys: [], phrases: ["this email address is already associated with the webex user", "this email address is already associated with the place"]),
    rule!("multiple-calendar-entitlements", Error, MULTIPLE_CALENDAR_ENTITLEMENTS_TITLE, MULTIPLE_CALENDAR_ENTITLEMENTS_EXPLANATION,
        [MULTIPLE_CALENDAR_ENTITLEMENTS_STEP1, MULTIPLE_CALENDAR_ENTITLEMENTS_STEP2], [],
        keys: [], phrases: ["currently entitled to both calendar types"]),
];

pub fn classify(text: &str, key: Option<&str>) -> Option<Matched> {
    let key_name = key.map(|key| key.rsplit('@').next().unwrap_or(key));
    let lower = text.to_lowercase();
    RULES
        .iter()
        .find(|rule| {
            key_name.is_some_and(|name| rule.keys.iter().any(|k| k.eq_ignore_ascii_case(name)))
                || rule.phrases.iter().any(|phrase| lower.contains(phrase))
        })
        .map(|rule| Matched::new(&rule.kind, Facts::default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_keys_with_or_without_prefix_and_public_texts() {
        let code = |text: &str, key: Option<&str>| classify(text, key).map(|m| m.kind.code);
        assert_eq!(code("", Some("c_cal@NoPrimaryEmail")), Some("no-primary-email"));
        assert_eq!(code("", Some("das.clusterupgrading")), Some("das-cluster-upgrading"));
        assert_eq!(
            code(
                "The account does not have permission to impersonate the requested user.",
                None
            ),
            Some("impersonation-denied")
        );
        assert_eq!(
            code("The SMTP address has no mailbox associated with it.", None),
            Some("exchange-mailbox-missing")
        );
        assert_eq!(code("All good", Some("c_cal@activated")), None);
        assert_eq!(
            code(
                "Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.",
                None
            ),
            Some("app-access-policy-blocked")
        );
        assert_eq!(
            code(
                "The request failed. The remote server returned an error: (401)Unauthorized.",
                None
            ),
            Some("exchange-service-account-unauthorized")
        );
    }
}
