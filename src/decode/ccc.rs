//! Calendar Cloud Connector, org level:
//! `GET /api/v1/orgs/{orgId}/services/squared-fusion-cal` (Google: `squared-fusion-gcal`) →
//! `{ provisioned, status: "ok"|"warn"|"error", errorCode, aclAdminAccount?, apiClientId? }`.

use serde_json::Value;

use super::json::{boolean, field, integer, text};
use crate::decode::observation::{CalendarService, CccStatus};

pub fn is_ccc_status(body: &Value) -> bool {
    field(body, &["errorCode"]).is_some()
        || (field(body, &["provisioned"]).is_some() && field(body, &["status"]).is_some())
}

pub fn decode(body: &Value, org_id: Option<String>, service: Option<CalendarService>) -> CccStatus {
    CccStatus {
        service,
        org_id: text(body, &["orgId"]).or(org_id),
        provisioned: boolean(body, &["provisioned"]),
        status: text(body, &["status"]),
        error_code: integer(body, &["errorCode"]),
    }
}
