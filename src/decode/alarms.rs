//! The org's Hybrid Calendar alarms, Hercules
//! `GET /hercules/api/v2/organizations/{orgId}/alarms?serviceId=squared-fusion-cal&sourceType=cloud`
//! → `{ items: [{ url, serviceId, sourceId, sourceType, alarmId, severity: "error"|"warning"|
//! "critical", title, description, key, replacementValues }] }` (`uss.thresholdAlarmTriggered`
//! is "Users in Error"). An alarm's words are a status message's: the same fields, the same
//! replacement values.

use serde_json::Value;

use super::json::{field, items, text};
use super::messages::message;
use crate::decode::observation::{CalendarService, Message, OrgAlarm, Severity};
use crate::limits::MAX_RECORDS_PER_BODY;

pub fn is_alarms(body: &Value) -> bool {
    items(body, &["items"], 1)
        .next()
        .is_some_and(|first| field(first, &["alarmId"]).is_some())
}

/// The calendar services' alarms (an alarm naming no service is the request's).
pub fn decode(body: &Value, org_id: Option<String>) -> Vec<OrgAlarm> {
    items(body, &["items"], MAX_RECORDS_PER_BODY)
        .filter_map(|item| {
            let service = CalendarService::of_record(text(item, &["serviceId"]).as_deref())?;
            let words = message(item).unwrap_or_default();
            Some(OrgAlarm {
                org_id: org_id.clone(),
                service,
                source: text(item, &["sourceId"]),
                alarm_id: text(item, &["alarmId"]),
                key: words.key.clone(),
                // Read apart from the words: an alarm may have a severity and nothing else.
                severity: text(item, &["severity"]).as_deref().and_then(Severity::parse),
                title: words.title.as_deref().map(|title| with_values(title, &words)),
                description: Some(words.text()).filter(|description| !description.is_empty()),
            })
        })
        .collect()
}

/// `text` with the message's replacement values, as its description gets them.
fn with_values(text: &str, words: &Message) -> String {
    Message {
        description: text.to_string(),
        replacement_values: words.replacement_values.clone(),
        ..Message::default()
    }
    .text()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_calendar_alarm_with_its_values() {
        let body: Value = serde_json::from_str(
            r#"{"items":[
              {"serviceId":"squared-fusion-cal","sourceId":"uss","alarmId":"a1","severity":"critical","key":"uss.thresholdAlarmTriggered",
               "title":"Users in Error","description":"{{count}} users are in error.","replacementValues":[{"key":"count","value":"12"}]},
              {"serviceId":"squared-fusion-uc","alarmId":"a2","severity":"error","title":"Other"},
              {"alarmId":"a3","severity":"warning"}]}"#,
        )
        .unwrap();
        assert!(is_alarms(&body));
        let alarms = decode(&body, Some("o".into()));
        assert_eq!(alarms.len(), 2, "the other service's alarm is not the calendar's");
        assert_eq!(alarms[0].severity, Some(Severity::Error));
        assert_eq!(alarms[0].title.as_deref(), Some("Users in Error"));
        assert_eq!(alarms[0].description.as_deref(), Some("12 users are in error."));
        assert_eq!(alarms[0].key.as_deref(), Some("uss.thresholdAlarmTriggered"));
        assert_eq!(alarms[1].severity, Some(Severity::Warning));
        assert_eq!(alarms[1].description, None);
        assert!(!is_alarms(&serde_json::json!({"items": [{"id": 1}]})));
    }
}
