//! THE endpoint table: every Control Hub / Graph API the doctor reads, one row each, and how a
//! request URL is matched to it: by path on any host (hosts differ by region and cluster) unless
//! the row names its hosts. The extension's JavaScript reads the same table from
//! `extension/shared/endpoints.js`, rendered from this one (`render.rs`, `make generate`): the
//! MAIN-world hook forwards what it matches, the adapter files each response where `route` says.
//! The path patterns' language is described in `pattern.rs`.

mod pattern;
#[cfg(not(target_arch = "wasm32"))]
pub mod render;

use serde::Serialize;

use crate::decode::observation::{CALENDAR_SERVICE, GOOGLE_CALENDAR_SERVICE};
use pattern::{Captures, matches, segments};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Endpoint {
    UserStatuses,
    UserJournal,
    /// The org's counts of subjects per state (`/userStatuses/summary`).
    UserStatusSummary,
    /// The org's Hybrid Calendar alarms (Hercules).
    OrgAlarms,
    CalendarCloudConnector,
    /// The connector's setup requests (`…/provisioning/…`): their error answers say why.
    CalendarCloudConnectorSetup,
    Place,
    /// SCIM users: a user's userName and emails, for the ids of a status list.
    ScimUsers,
    /// Workspaces' machine accounts: a workspace's name, for the ids of a status list.
    Machines,
    Graph,
    /// The tenant's domains: forwarded for the page context only, never diagnosed (`classify`
    /// does not return it).
    TenantDomains,
}

impl Endpoint {
    /// Whether its error answers carry what the doctor reads: Graph's error envelope, the
    /// connector's setup refusals (HTTP 400 with `{errorCode, message, errors}`).
    pub fn errors_have_bodies(self) -> bool {
        matches!(self, Endpoint::Graph | Endpoint::CalendarCloudConnectorSetup)
    }
}

/// Which hosts a row admits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Host {
    Any,
    /// These host names (lower case), or `*.domain` for any host under `domain`.
    Named(&'static [&'static str]),
}

/// A host name's prefix for any host under the domain that follows.
const ANY_SUBDOMAIN_OF: &str = "*.";

/// The suffixes a reverse proxy appends to every host name it serves: Microsoft Defender for
/// Cloud Apps' session control (`admin.webex.com.mcas.ms`, `graph.microsoft.com.mcas.ms`). A
/// named host admits itself with any of them; the banner's links keep the real hosts.
pub const PROXY_SUFFIXES: [&str; 3] = [".mcas.ms", ".mcas-gov.us", ".mcas-gov.ms"];

/// Whom a response is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The whole organisation.
    Org,
    /// One user or workspace, whose id is the pattern's `{subject}` segment; a matching path
    /// without one (a list) is about no one in particular.
    SubjectInPath,
    /// One user or workspace, whose id is this query parameter when it appears exactly once.
    SubjectInQuery(&'static str),
}

/// One endpoint of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EndpointRow {
    pub endpoint: Endpoint,
    pub what: &'static str,
    pub host: Host,
    /// Path patterns (`pattern.rs`), tried in order: the first match gives the captures.
    pub paths: &'static [&'static str],
    /// Only when the query has no service filter (`SERVICE_FILTERS`) or one that includes the
    /// calendar: USS serves every hybrid service from the same endpoints.
    pub calendar_only: bool,
    pub scope: Scope,
    /// Whether the core reads it (`classify`); the others are forwarded for the page context.
    pub diagnosed: bool,
    /// Part of the organisation's data, the User Status Report's (its status lists, their
    /// summary, its alarms and the directories that name the listed ids): the adapter keeps it
    /// per organisation for the extension pages' `lists` message — an org row's every response,
    /// a subject row's lists (answers about no one subject).
    pub org_data: bool,
}

/// The query parameters that filter USS responses by service.
pub const SERVICE_FILTERS: [&str; 2] = ["serviceId", "service"];

/// The services a calendar filter may name: Microsoft's and Google's Hybrid Calendar.
pub const CALENDAR_SERVICES: [&str; 2] = [CALENDAR_SERVICE, GOOGLE_CALENDAR_SERVICE];

/// The table. A URL is the first row it matches: the rows that name their hosts come first.
/// (The patterns spell out `squared-fusion-cal` and `squared-fusion-gcal`, `CALENDAR_SERVICES`:
/// consts cannot be spliced.)
pub const ENDPOINTS: &[EndpointRow] = &[
    EndpointRow {
        endpoint: Endpoint::Graph,
        what: "Microsoft Graph",
        host: Host::Named(&["graph.microsoft.com"]),
        paths: &["**"],
        calendar_only: false,
        scope: Scope::Org,
        diagnosed: true,
        org_data: false,
    },
    EndpointRow {
        endpoint: Endpoint::UserStatuses,
        what: "USS status of one user or workspace (not /userStatuses/summary)",
        host: Host::Any,
        paths: &["**/orgs/{org}/userStatuses", "**/userStatuses"],
        calendar_only: true,
        scope: Scope::SubjectInQuery("userId"),
        diagnosed: true,
        org_data: true,
    },
    EndpointRow {
        endpoint: Endpoint::UserStatusSummary,
        what: "USS org summary of subjects per state",
        host: Host::Any,
        paths: &["**/orgs/{org}/userStatuses/summary"],
        calendar_only: true,
        scope: Scope::Org,
        diagnosed: true,
        org_data: true,
    },
    EndpointRow {
        endpoint: Endpoint::OrgAlarms,
        what: "Hercules org alarms",
        host: Host::Any,
        paths: &["**/hercules/api/v2/organizations/{org}/alarms"],
        calendar_only: true,
        scope: Scope::Org,
        diagnosed: true,
        org_data: true,
    },
    EndpointRow {
        endpoint: Endpoint::UserJournal,
        what: "USS \"See history\" journal",
        host: Host::Any,
        paths: &["**/orgs/{org}/userJournal/{subject}"],
        calendar_only: true,
        scope: Scope::SubjectInPath,
        diagnosed: true,
        org_data: false,
    },
    EndpointRow {
        endpoint: Endpoint::UserJournal,
        what: "USS Activation 2.0 journal",
        host: Host::Any,
        paths: &["**/orgs/{org}/users/{subject}/userJournal"],
        calendar_only: true,
        scope: Scope::SubjectInPath,
        diagnosed: true,
        org_data: false,
    },
    EndpointRow {
        endpoint: Endpoint::CalendarCloudConnector,
        what: "Calendar Cloud Connector org status (Microsoft 365)",
        host: Host::Any,
        paths: &["**/orgs/{org}/services/squared-fusion-cal"],
        calendar_only: false,
        scope: Scope::Org,
        diagnosed: true,
        org_data: false,
    },
    EndpointRow {
        endpoint: Endpoint::CalendarCloudConnector,
        what: "Calendar Cloud Connector org status (Google)",
        host: Host::Any,
        paths: &["**/orgs/{org}/services/squared-fusion-gcal"],
        calendar_only: false,
        scope: Scope::Org,
        diagnosed: true,
        org_data: false,
    },
    EndpointRow {
        endpoint: Endpoint::CalendarCloudConnectorSetup,
        what: "Calendar Cloud Connector setup requests (Microsoft 365)",
        host: Host::Any,
        paths: &["**/orgs/{org}/services/squared-fusion-cal/provisioning/**"],
        calendar_only: false,
        scope: Scope::Org,
        diagnosed: true,
        org_data: false,
    },
    EndpointRow {
        endpoint: Endpoint::CalendarCloudConnectorSetup,
        what: "Calendar Cloud Connector setup requests (Google)",
        host: Host::Any,
        paths: &["**/orgs/{org}/services/squared-fusion-gcal/provisioning/**"],
        calendar_only: false,
        scope: Scope::Org,
        diagnosed: true,
        org_data: false,
    },
    EndpointRow {
        endpoint: Endpoint::Place,
        what: "CSDM places (a workspace's mailbox)",
        host: Host::Any,
        paths: &[
            "**/csdm/**/organization/{org}/places/{subject}",
            "**/csdm/*/**/places/{subject}",
            "**/csdm/*/**/places/**",
        ],
        calendar_only: false,
        scope: Scope::SubjectInPath,
        diagnosed: true,
        org_data: true,
    },
    EndpointRow {
        endpoint: Endpoint::Place,
        what: "Workspaces API",
        host: Host::Any,
        paths: &["**/v1/workspaces/{subject}", "**/v1/workspaces/**"],
        calendar_only: false,
        scope: Scope::SubjectInPath,
        diagnosed: true,
        org_data: true,
    },
    EndpointRow {
        endpoint: Endpoint::ScimUsers,
        what: "SCIM users (a user's address)",
        host: Host::Any,
        paths: &[
            "**/identity/scim/{org}/v1/Users/{subject}",
            "**/identity/scim/{org}/v1/Users",
        ],
        calendar_only: false,
        scope: Scope::SubjectInPath,
        diagnosed: true,
        org_data: true,
    },
    EndpointRow {
        endpoint: Endpoint::Machines,
        what: "workspaces' machine accounts (a workspace's name; the API is not public)",
        host: Host::Any,
        paths: &[
            "**/organization/{org}/machines/{subject}",
            "**/organizations/{org}/machines/{subject}",
            "**/machineaccounts/**/machines/{subject}",
            "**/organization/{org}/machines",
            "**/organizations/{org}/machines",
            "**/machineaccounts/**/machines",
        ],
        calendar_only: false,
        scope: Scope::SubjectInPath,
        diagnosed: true,
        org_data: true,
    },
    EndpointRow {
        endpoint: Endpoint::TenantDomains,
        what: "tenant domains (API not public)",
        host: Host::Any,
        paths: &[
            "**/orgs/{org}/services/squared-fusion-cal/tenants/**",
            "**/squared-fusion-cal/orgs/{org}/domains/**",
            "**/squared-fusion-cal/**/tenants/**",
            "**/squared-fusion-cal/**/domains/**",
        ],
        calendar_only: false,
        scope: Scope::Org,
        diagnosed: false,
        org_data: false,
    },
];

/// Where a response belongs, with the ids as the URL writes them (percent-encoded; a subject may
/// be a hydra id: the adapter reads both with its `normalizeId`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Route<'u> {
    pub endpoint: Endpoint,
    /// The user or workspace; `None` when the response concerns the whole organisation.
    pub subject: Option<&'u str>,
    /// The organisation's `{org}` segment, when the path has one.
    pub org: Option<&'u str>,
}

/// Classifies a request URL; `None` for anything the doctor does not read.
pub fn classify(url: &str) -> Option<Endpoint> {
    let found = find(url)?;
    found.row.diagnosed.then_some(found.row.endpoint)
}

/// Where the response to `url` belongs, as the adapter files it; `None` for anything the
/// extension does not forward and for a subject endpoint's list (about no one in particular).
pub fn route(url: &str) -> Option<Route<'_>> {
    let found = find(url)?;
    let subject = match found.row.scope {
        Scope::Org => None,
        _ => Some(found.subject()?),
    };
    Some(Route {
        endpoint: found.row.endpoint,
        subject,
        org: found.captures.org,
    })
}

/// What the decoder learns from a request URL in one reading: the endpoint the core diagnoses
/// (`None` for others), and the subject and org the URL names (a list names no subject).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Located<'u> {
    pub endpoint: Option<Endpoint>,
    pub subject: Option<&'u str>,
    pub org: Option<&'u str>,
}

pub fn locate(url: &str) -> Located<'_> {
    find(url).map_or_else(Located::default, |found| Located {
        endpoint: found.row.diagnosed.then_some(found.row.endpoint),
        subject: found.subject(),
        org: found.captures.org,
    })
}

/// A URL's row, with what its path pattern captured and the URL's query.
struct Found<'u> {
    row: &'static EndpointRow,
    captures: Captures<'u>,
    query: &'u str,
}

impl<'u> Found<'u> {
    /// The one user or workspace the URL names, by its row's scope.
    fn subject(&self) -> Option<&'u str> {
        match self.row.scope {
            Scope::Org => None,
            Scope::SubjectInPath => self.captures.subject,
            Scope::SubjectInQuery(name) => {
                let mut ids = query_values(self.query, name);
                ids.next().filter(|_| ids.next().is_none())
            }
        }
    }
}

/// The first row `url` matches.
fn find(url: &str) -> Option<Found<'_>> {
    let (path, query) = split_url(url);
    let segments = segments(path)?;
    let host = host(url);
    ENDPOINTS.iter().find_map(|row| {
        if !row.host.admits(host) {
            return None;
        }
        let captures = row.paths.iter().find_map(|p| matches(p, &segments))?;
        (!row.calendar_only || for_calendar(query)).then_some(Found { row, captures, query })
    })
}

impl Host {
    fn admits(self, host: Option<&str>) -> bool {
        match self {
            Host::Any => true,
            Host::Named(names) => host.is_some_and(|host| {
                let real = without_proxy_suffix(host);
                names.iter().any(|name| name_admits(name, real))
            }),
        }
    }
}

/// The host a proxy serves as `host`: without one of [`PROXY_SUFFIXES`], ignoring ASCII case.
fn without_proxy_suffix(host: &str) -> &str {
    PROXY_SUFFIXES
        .iter()
        .find_map(|suffix| {
            let cut = host.len().checked_sub(suffix.len())?;
            let tail = host.get(cut..)?;
            (cut > 0 && tail.eq_ignore_ascii_case(suffix)).then(|| &host[..cut])
        })
        .unwrap_or(host)
}

/// Whether the host name `name` (or `*.domain`) admits `host`, ignoring ASCII case.
fn name_admits(name: &str, host: &str) -> bool {
    let Some(domain) = name.strip_prefix(ANY_SUBDOMAIN_OF) else {
        return host.eq_ignore_ascii_case(name);
    };
    let (host, domain) = (host.as_bytes(), domain.as_bytes());
    let Some(dot) = host.len().checked_sub(domain.len() + 1) else {
        return false;
    };
    dot > 0 && host[dot] == b'.' && host[dot + 1..].eq_ignore_ascii_case(domain)
}

/// No service filter, or one that includes a calendar (as the extension's hook decides).
fn for_calendar(query: &str) -> bool {
    let mut filters = SERVICE_FILTERS
        .iter()
        .flat_map(|name| query_values(query, name))
        .peekable();
    filters.peek().is_none() || filters.any(|service| CALENDAR_SERVICES.contains(&service))
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
            (
                "https://uss-a.wbx2.com/uss/api/v1/orgs/o/userStatuses/summary",
                Some(Endpoint::UserStatusSummary),
            ),
            (
                "https://hercules-a.wbx2.com/hercules/api/v2/organizations/o/alarms?serviceId=squared-fusion-cal&sourceType=cloud",
                Some(Endpoint::OrgAlarms),
            ),
            (
                "https://calendar-cloud-connector-a.wbx2.com/api/v1/orgs/o/services/squared-fusion-gcal",
                Some(Endpoint::CalendarCloudConnector),
            ),
            (
                "https://calendar-cloud-connector-r.wbx2.com/api/v1/orgs/o/services/squared-fusion-cal/provisioning/confirmO365Provisioning?testEmail=a%40b.example",
                Some(Endpoint::CalendarCloudConnectorSetup),
            ),
            (
                "https://uss-a.wbx2.com/uss/api/v1/orgs/o/userStatuses?serviceId=squared-fusion-gcal&userId=u",
                Some(Endpoint::UserStatuses),
            ),
            (
                "https://graph.microsoft.com.mcas.ms/v1.0/places/room@example.com",
                Some(Endpoint::Graph),
            ),
            (
                "https://GRAPH.microsoft.com.MCAS-GOV.us/v1.0/places/room@example.com",
                Some(Endpoint::Graph),
            ),
            ("https://graph.microsoft.com.mcas.ms.evil.example/v1.0/places/x", None),
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
    fn routes_to_the_subject_or_the_organisation() {
        let routed = |url| route(url).map(|r| (r.endpoint, r.subject, r.org));
        assert_eq!(
            routed("https://uss-a.wbx2.com/uss/api/v1/orgs/o/userStatuses?entitled=true&userId=u"),
            Some((Endpoint::UserStatuses, Some("u"), Some("o")))
        );
        assert_eq!(
            routed("https://uss-a.wbx2.com/uss/api/v1/orgs/o/userStatuses?userId=u&userId=v"),
            None
        );
        assert_eq!(routed("https://uss-a.wbx2.com/uss/api/v1/orgs/o/userStatuses"), None);
        assert_eq!(
            routed("https://uss-a.wbx2.com/uss/api/v1/orgs/o/users/u/userJournal/?service=squared-fusion-cal"),
            Some((Endpoint::UserJournal, Some("u"), Some("o")))
        );
        assert_eq!(
            routed("https://csdm-a.wbx2.com/csdm/api/v1/organization/o/places/p"),
            Some((Endpoint::Place, Some("p"), Some("o")))
        );
        assert_eq!(
            routed("https://csdm-a.wbx2.com/csdm/api/v1/organization/o/places"),
            None
        );
        assert_eq!(
            routed("https://webexapis.com/v1/workspaces/w"),
            Some((Endpoint::Place, Some("w"), None))
        );
        assert_eq!(
            routed("https://x.wbx2.com/api/v1/squared-fusion-cal/orgs/o/domains"),
            Some((Endpoint::TenantDomains, None, Some("o")))
        );
        assert_eq!(
            classify("https://x.wbx2.com/api/v1/squared-fusion-cal/orgs/o/domains"),
            None
        );
        assert_eq!(
            routed("https://graph.microsoft.com/v1.0/places/x"),
            Some((Endpoint::Graph, None, None))
        );
        assert_eq!(
            routed("/uss/api/v1/orgs/o/userJournal/u"),
            Some((Endpoint::UserJournal, Some("u"), Some("o")))
        );
    }

    #[test]
    fn named_hosts_admit_their_subdomains_when_starred() {
        assert!(name_admits("graph.microsoft.com", "GRAPH.microsoft.com"));
        assert!(!name_admits("graph.microsoft.com", "evilgraph.microsoft.com"));
        assert!(name_admits("*.proxy.example", "graph.proxy.example"));
        assert!(!name_admits("*.proxy.example", "proxy.example"));
        assert!(!name_admits("*.proxy.example", ".proxy.example"));
        assert!(!name_admits("*.proxy.example", "evilproxy.example"));
        assert!(
            !name_admits("*.proxy.example", "é"),
            "no panic off a character boundary"
        );
    }

    #[test]
    fn a_proxy_suffix_comes_off_once_and_whole() {
        assert_eq!(
            without_proxy_suffix("graph.microsoft.com.mcas.ms"),
            "graph.microsoft.com"
        );
        assert_eq!(without_proxy_suffix("admin.webex.com.MCAS-GOV.MS"), "admin.webex.com");
        assert_eq!(without_proxy_suffix("graph.microsoft.com"), "graph.microsoft.com");
        assert_eq!(without_proxy_suffix(".mcas.ms"), ".mcas.ms");
        assert_eq!(without_proxy_suffix("xmcas.ms"), "xmcas.ms");
        assert_eq!(without_proxy_suffix("é.mcas.ms"), "é");
        assert_eq!(without_proxy_suffix("ééé"), "ééé", "no panic off a character boundary");
    }

    #[test]
    fn finds_the_mailbox_in_a_graph_url() {
        let (path, _) = split_url("https://graph.microsoft.com/v1.0/places/room@example.com?$select=id");
        assert_eq!(segment_after(path, "places"), Some("room@example.com"));
    }
}
