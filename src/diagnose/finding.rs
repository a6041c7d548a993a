//! The finding model. Each finding kind is one self-describing unit: a [`FindingKind`]
//! (stable code, severity, catalogue texts, which checks help, what the context can tell about
//! its cause) plus the rule that matches it, in its own file or table row. The family that
//! matches a kind records its [`Facts`]; code shared by every kind names none of them.

use std::sync::Arc;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use crate::decode::observation::{Origin, Owner, Severity, StateCounts, StatusSummary, SubjectKind};
use crate::diagnose::Context;
use crate::diagnose::domain::Domain;
use crate::diagnose::domain::oddity::Oddity;
use crate::diagnose::tenant::Tenant;
use crate::explain::catalog::Msg;
use crate::time::Timestamp;

/// A check the admin can run to confirm a diagnosis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    /// Graph `GET /v1.0/places/{mailbox}` in Graph Explorer.
    GraphPlace,
    /// Control Hub's Tenant details domain list (and `Get-AcceptedDomain`).
    TenantDomains,
    /// Exchange Online PowerShell `Get-Mailbox` / `Get-Place`.
    ExchangeMailbox,
    /// Exchange Online PowerShell `Test-ApplicationAccessPolicy`.
    ApplicationAccessPolicy,
    /// Control Hub's Hybrid Calendar service page (consent, connector).
    HybridCalendarSettings,
    /// Control Hub's Hybrid Calendar (Google) Reauthorize: Google's authorization lasts 180 days.
    GoogleAuthorization,
    /// A user's Control Hub email against their Google account.
    GoogleAccount,
    /// Google Admin > Buildings and resources: a room's exact resource email.
    GoogleResource,
}

pub struct FindingKind {
    /// Stable kebab-case identifier, used by tests, `data-finding` and the JSON output.
    pub code: &'static str,
    /// The kind's severity, as its catalogue row says. A family whose findings carry their own
    /// (unrecognized messages keep the server's, a connector status `warn` is a warning) sets
    /// it per finding ([`Finding::severity`]); every output reads the finding's, never this.
    pub severity: Severity,
    pub title: Msg,
    pub explanation: Msg,
    pub steps: &'static [Msg],
    pub checks: &'static [Check],
    /// How the context narrows this kind's cause, for the kinds whose cause depends on what the
    /// page or person knows; `None` when the kind's own texts say all there is.
    pub diagnose: Option<Diagnose>,
}

/// A kind's diagnosis by the context: from the finding's subject (its mailbox) and what the
/// page or person knows (the tenant's domains), the cause it points to.
pub type Diagnose = fn(&Subject, &Context) -> Diagnosed;

impl std::fmt::Debug for FindingKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code)
    }
}

impl PartialEq for FindingKind {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

/// A cause the context narrowed a finding to: its stable code (the JSON's `diagnosis`), the
/// explanation added after the kind's, and the fix steps that replace the kind's.
#[derive(Debug, PartialEq, Eq)]
pub struct Diagnosis {
    pub code: &'static str,
    pub explanation: Msg,
    pub steps: &'static [Msg],
}

/// What a kind's [`Diagnose`] concluded, with what it compared: the mailbox's domain, and the
/// org's tenants it was looked for among.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnosed {
    pub diagnosis: &'static Diagnosis,
    pub domain: Option<Domain>,
    pub tenants: Vec<Tenant>,
    /// The position in `tenants` of the one that holds `domain`.
    pub holder: Option<usize>,
    /// A domain compared that is not what it looks like, when one was.
    pub unusual: Option<Unusual>,
}

/// A domain holding characters that make it other than it looks ([`Oddity`]): the address's,
/// or one listed for a tenant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unusual {
    /// As written, invisible characters included.
    pub domain: String,
    pub oddities: Vec<Oddity>,
    /// Listed among a tenant's domains (else the address's own).
    pub listed: bool,
}

/// Who a finding is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Subject {
    pub kind: SubjectKind,
    pub id: Option<String>,
    pub org_id: Option<String>,
    pub email: Option<String>,
    pub display_name: Option<String>,
}

/// The values a finding's texts are filled with beyond its subject's mailbox (`{email}`): the
/// family that matched the finding records its own, under the placeholder names its texts use
/// and worded as they show them (`{service_error}`, `{error_code}`, `{graph_code}`…). Recorded
/// once per classification and shared by the findings of every subject that said the same.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts(Arc<[(&'static str, String)]>);

impl Facts {
    pub fn with(self, name: &'static str, value: impl Into<String>) -> Facts {
        let mut facts = self.0.to_vec();
        facts.push((name, value.into()));
        Facts(facts.into())
    }

    /// `(placeholder name, value)` pairs, in the order they were recorded.
    pub fn values(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.0.iter().map(|(name, value)| (*name, value.as_str()))
    }
}

/// The counts an org finding reports, as read: in the JSON output `counts`, each state's
/// number under the server's name, then each owner's (`ccc`, `uss`) the same way.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub states: StateCounts,
    pub owners: Vec<(Owner, StateCounts)>,
}

impl Counts {
    pub fn of(summary: &StatusSummary) -> Counts {
        Counts {
            states: summary.counts.clone(),
            owners: summary.by_owner.clone(),
        }
    }
}

impl Serialize for Counts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct States<'a>(&'a StateCounts);
        impl Serialize for States<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(self.0.0.len()))?;
                for (state, count) in &self.0.0 {
                    map.serialize_entry(state, count)?;
                }
                map.end()
            }
        }
        let mut map = serializer.serialize_map(Some(self.states.0.len() + self.owners.len()))?;
        for (state, count) in &self.states.0 {
            map.serialize_entry(state, count)?;
        }
        for (owner, counts) in &self.owners {
            let name = match owner {
                Owner::Cloud => "ccc",
                Owner::Expressway => "uss",
            };
            map.serialize_entry(name, &States(counts))?;
        }
        map.end()
    }
}

/// The counts as [`Counts`] serializes them, read back (the pages' worker hands rendered
/// findings to the page this way): each state's number, then `ccc` and `uss` as maps of theirs,
/// in the order written.
impl<'de> Deserialize<'de> for Counts {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Counts, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Entry {
            Count(u64),
            Owner(Ordered<u64>),
        }
        let Ordered(entries) = Ordered::<Entry>::deserialize(deserializer)?;
        let mut counts = Counts::default();
        for (name, entry) in entries {
            match entry {
                Entry::Count(count) => counts.states.0.push((name, count)),
                Entry::Owner(Ordered(states)) => {
                    let owner = Owner::parse(&name)
                        .ok_or_else(|| serde::de::Error::custom(format!("counts: no owner `{name}`")))?;
                    counts.owners.push((owner, StateCounts(states)));
                }
            }
        }
        Ok(counts)
    }
}

/// A map's entries in the order written (a `HashMap` would lose it).
struct Ordered<V>(Vec<(String, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Ordered<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Ordered<V>, D::Error> {
        struct Entries<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Entries<V> {
            type Value = Ordered<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of counts")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered<V>, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, V>()? {
                    out.push(entry);
                }
                Ok(Ordered(out))
            }
        }
        deserializer.deserialize_map(Entries(std::marker::PhantomData))
    }
}

/// One diagnosed problem about one subject, before it is put into words.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub kind: &'static FindingKind,
    /// The kind's severity unless its family gave this finding its own.
    pub severity: Severity,
    pub subject: Subject,
    /// The latest time it was seen (`lastStateChange`, journal `time`, Graph `date`).
    pub observed_at: Option<Timestamp>,
    pub first_observed_at: Option<Timestamp>,
    pub occurrences: usize,
    /// When the subject's status later became `activated` again.
    pub resolved_at: Option<Timestamp>,
    pub tracking_root: Option<String>,
    /// The server's words and their key, shared by the findings of every subject that said them.
    pub raw_message: Option<Arc<str>>,
    pub message_key: Option<Arc<str>>,
    pub facts: Facts,
    /// What the kind's [`Diagnose`] made of the context, for the kinds that have one.
    pub diagnosed: Option<Diagnosed>,
    /// The counts an org finding reports.
    pub counts: Option<Counts>,
    /// The body it was last seen in, shared with that body's observations.
    pub origin: Arc<Origin>,
}

impl Finding {
    /// A finding of `kind` about `subject`, seen once at no known time, with nothing else known
    /// yet: at the kind's severity, no server words, no facts, no diagnosis.
    pub fn new(kind: &'static FindingKind, subject: Subject) -> Finding {
        Finding {
            kind,
            severity: kind.severity,
            subject,
            observed_at: None,
            first_observed_at: None,
            occurrences: 1,
            resolved_at: None,
            tracking_root: None,
            raw_message: None,
            message_key: None,
            facts: Facts::default(),
            diagnosed: None,
            counts: None,
            origin: Arc::default(),
        }
    }
}
