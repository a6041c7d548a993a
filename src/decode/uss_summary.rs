//! USS org summary, `GET /orgs/{orgId}/userStatuses/summary`, in both of its shapes:
//! `{ countsByCluster, countsByState: { <serviceId>: { activated, activatedWithWarning, error,
//!   notActivated, notActivatedWithWarning, total } }, countsByOwnerAndState: { <serviceId>:
//!   { ccc: {…}, uss: {…} } } }`, and the older `{ summary: [{ serviceId, activated,
//!   notActivated, error, deactivated, notEntitled, total }] }`. One summary per calendar service.

use serde_json::{Map, Value};

use super::json::{field, items};
use crate::decode::observation::{CalendarService, Owner, StateCounts, StatusSummary};
use crate::limits::{MAX_MESSAGES_PER_RECORD, bounded};

pub fn is_summary(body: &Value) -> bool {
    field(body, &["countsByState"]).is_some_and(Value::is_object)
        || items(body, &["summary"], 1)
            .next()
            .is_some_and(|line| field(line, &["serviceId"]).is_some())
}

pub fn decode(body: &Value, org_id: Option<String>) -> Vec<StatusSummary> {
    let summary = |service, counts, by_owner| StatusSummary {
        org_id: org_id.clone(),
        service: Some(service),
        counts,
        by_owner,
    };
    if let Some(Value::Object(per_service)) = field(body, &["countsByState"]) {
        return calendar_services(per_service)
            .map(|(id, service, counts)| summary(service, state_counts(counts), owners(body, id)))
            .collect();
    }
    items(body, &["summary"], MAX_MESSAGES_PER_RECORD)
        .filter_map(|line| {
            let id = field(line, &["serviceId"])?.as_str()?;
            Some(summary(CalendarService::from_id(id)?, state_counts(line), Vec::new()))
        })
        .collect()
}

/// The calendar services' entries of a map keyed by service id.
fn calendar_services(map: &Map<String, Value>) -> impl Iterator<Item = (&str, CalendarService, &Value)> {
    map.iter()
        .filter_map(|(id, counts)| Some((id.as_str(), CalendarService::from_id(id)?, counts)))
}

/// `countsByOwnerAndState[service]`'s owners, cloud first.
fn owners(body: &Value, service_id: &str) -> Vec<(Owner, StateCounts)> {
    let Some(Value::Object(per_owner)) = field(body, &["countsByOwnerAndState", service_id]) else {
        return Vec::new();
    };
    // Cloud first, the rest in their order: a partition (a sort here is one more copy of
    // the standard library's sort in the Wasm).
    let (mut owners, others): (Vec<_>, Vec<_>) = per_owner
        .iter()
        .filter_map(|(name, counts)| Some((Owner::parse(name)?, state_counts(counts))))
        .partition(|(owner, _)| *owner == Owner::Cloud);
    owners.extend(others);
    owners
}

/// Every non-negative whole number of an object, under its name, as sent.
fn state_counts(value: &Value) -> StateCounts {
    let Value::Object(fields) = value else {
        return StateCounts::default();
    };
    StateCounts(
        fields
            .iter()
            .filter_map(|(name, count)| Some((bounded(name), count.as_u64()?)))
            .take(MAX_MESSAGES_PER_RECORD)
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_counts_per_service_and_owner() {
        let body: Value = serde_json::from_str(
            r#"{"countsByCluster":{},"countsByState":{"squared-fusion-cal":{"activated":10,"error":3,"total":13},"squared-fusion-uc":{"error":9}},
               "countsByOwnerAndState":{"squared-fusion-cal":{"uss":{"error":1},"ccc":{"error":2},"other":{"error":5}}}}"#,
        )
        .unwrap();
        assert!(is_summary(&body));
        let [summary] = &decode(&body, Some("o".into()))[..] else {
            panic!("one calendar service");
        };
        assert_eq!(summary.service, Some(CalendarService::Microsoft));
        assert_eq!(summary.counts.get("error"), Some(3));
        assert_eq!(summary.counts.get("total"), Some(13));
        let owners: Vec<_> = summary.by_owner.iter().map(|(o, c)| (*o, c.get("error"))).collect();
        assert_eq!(owners, [(Owner::Cloud, Some(2)), (Owner::Expressway, Some(1))]);
    }

    #[test]
    fn reads_the_older_shape_and_ignores_odd_counts() {
        let body: Value = serde_json::from_str(
            r#"{"summary":[{"serviceId":"squared-fusion-gcal","activated":4,"error":"x","notEntitled":-1,"total":4},{"serviceId":"squared-fusion-mgmt","error":2}]}"#,
        )
        .unwrap();
        assert!(is_summary(&body));
        let [summary] = &decode(&body, None)[..] else {
            panic!("one calendar service");
        };
        assert_eq!(summary.service, Some(CalendarService::Google));
        assert_eq!(
            summary.counts.0,
            [("activated".to_string(), 4), ("total".to_string(), 4)]
        );
        assert!(summary.by_owner.is_empty());
        assert!(!is_summary(&serde_json::json!({"summary": "x"})));
    }
}
