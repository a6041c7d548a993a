//! Which Control Hub / Graph API a request URL is, by its path (hosts differ by region
//! and cluster, so they are never matched).

use serde::Serialize;

use crate::decode::observation::CALENDAR_SERVICE;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Endpoint {
    UserStatuses,
    UserJournal,
    CalendarCloudConnector,
    Place,
    Graph,
}

/// Classifies a request URL; `None` for anything the doctor does not read.
pub fn classify(url: &str) -> Option<Endpoint> {
    let (path, query) = split_url(url);
    // No service filter, or one that includes the calendar (as the extension's hook decides).
    let mut filters = query_values(query, "serviceId")
        .chain(query_values(query, "service"))
        .peekable();
    let for_calendar = filters.peek().is_none() || filters.any(|service| service == CALENDAR_SERVICE);
    let host = host(url);
    if host.is_some_and(|h| h.eq_ignore_ascii_case("graph.microsoft.com")) {
        return Some(Endpoint::Graph);
    }
    if path.contains("/userJournal") {
        return for_calendar.then_some(Endpoint::UserJournal);
    }
    if path.contains("/userStatuses") && !path.contains("/userStatuses/summary") {
        return for_calendar.then_some(Endpoint::UserStatuses);
    }
    if path.contains("/services/")
        && path.ends_with(&format!("/services/{CALENDAR_SERVICE}"))
        && path.contains("/orgs/")
    {
        return Some(Endpoint::CalendarCloudConnector);
    }
    if (path.contains("/csdm/") && path.contains("/places")) || path.contains("/v1/workspaces") {
        return Some(Endpoint::Place);
    }
    None
}

/// The path and query of an absolute or relative URL, without the fragment.
pub fn split_url(url: &str) -> (&str, &str) {
    let without_fragment = url.split('#').next().unwrap_or("");
    let after_scheme = without_fragment
        .find("://")
        .map(|at| &without_fragment[at + 3..])
        .map(|rest| rest.find('/').map_or("", |slash| &rest[slash..]))
        .unwrap_or(without_fragment);
    match after_scheme.split_once('?') {
        Some((path, query)) => (path, query),
        None => (after_scheme, ""),
    }
}

fn host(url: &str) -> Option<&str> {
    let rest = &url[url.find("://")? + 3..];
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    Some(host.split(':').next().unwrap_or(host))
}

/// The first value of a query parameter (not percent-decoded: the names looked up are plain).
pub fn query_value<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query_values(query, name).next()
}

/// Every value of the query parameter `name`, in order.
fn query_values<'a, 'n>(query: &'a str, name: &'n str) -> impl Iterator<Item = &'a str> + use<'a, 'n> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .filter(move |(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// The path segment after `marker` (`places` → the mailbox in `/v1.0/places/{mailbox}`).
pub fn segment_after<'a>(path: &'a str, marker: &str) -> Option<&'a str> {
    let mut segments = path.split('/');
    segments.find(|s| *s == marker)?;
    segments.next().filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_path_on_any_host() {
        let cases = [
            (
                "https://uss-a.wbx2.com/uss/api/v1/orgs/o/userStatuses?includeMessages=true&entitled=true&userId=u",
                Some(Endpoint::UserStatuses),
            ),
            (
                "https://uss-b.wbx2.com/uss/api/v1/orgs/o/userStatuses?serviceId=squared-fusion-uc",
                None,
            ),
            ("https://uss-a.wbx2.com/uss/api/v1/orgs/o/userStatuses/summary", None),
            (
                "https://uss-a.wbx2.com/uss/api/v1/orgs/o/userJournal/u?limit=100&serviceId=squared-fusion-cal",
                Some(Endpoint::UserJournal),
            ),
            (
                "https://uss-r.wbx2.com/uss/api/v1/orgs/o/users/u/userJournal?limit=100&service=squared-fusion-cal",
                Some(Endpoint::UserJournal),
            ),
            (
                "https://calendar-cloud-connector-a.wbx2.com/api/v1/orgs/o/services/squared-fusion-cal",
                Some(Endpoint::CalendarCloudConnector),
            ),
            (
                "https://csdm-a.wbx2.com/csdm/api/v1/organization/o/places/p",
                Some(Endpoint::Place),
            ),
            ("https://webexapis.com/v1/workspaces/Y2lz", Some(Endpoint::Place)),
            (
                "https://graph.microsoft.com/v1.0/places/room@example.com",
                Some(Endpoint::Graph),
            ),
            ("https://graph.microsoft.com.evil.example/v1.0/places/x", None),
            ("https://admin.webex.com/app.js", None),
            ("", None),
        ];
        for (url, expected) in cases {
            assert_eq!(classify(url), expected, "{url}");
        }
    }

    #[test]
    fn finds_the_mailbox_in_a_graph_url() {
        let (path, _) = split_url("https://graph.microsoft.com/v1.0/places/room@example.com?$select=id");
        assert_eq!(segment_after(path, "places"), Some("room@example.com"));
    }
}
