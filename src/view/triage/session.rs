//! What the pages' worker keeps for a triage page: the lists it was handed, one set per
//! source (each organization a tab holds, and the files opened on the page), each decoded once
//! as it arrives and triaged once per context (the org's tenants). The page gets the triage in
//! words ([`Board`]) and its rows in parts; the exports are written from the triage itself.

use super::board::Board;
use crate::decode::DecodeError;
use crate::diagnose::tenant::Tenant;
use crate::explain::Presentation;
use crate::explain::redact::Redactor;
use crate::explain::report::Format;
use crate::triage::{self, Row, Triage, rendered, summary};
use crate::{Analysis, Context, InputSummary};

/// Every set of lists of one page, by its key.
#[derive(Default)]
pub struct Session {
    sets: Vec<Set>,
    /// The id the next build gets: a page holding a build's rows knows when they are stale.
    next_build: u32,
}

struct Set {
    key: String,
    analysis: Analysis,
    /// The statuses superseded by newer ones are dropped ([`triage::keep_latest_statuses`])
    /// since the last input arrived.
    reduced: bool,
    built: Option<Built>,
}

struct Built {
    id: u32,
    /// The context it was built with: the same tenants again need no new build.
    tenants: Vec<Tenant>,
    triage: Triage,
}

impl Session {
    pub fn new() -> Session {
        Session::default()
    }

    fn set(&self, key: &str) -> Option<&Set> {
        self.sets.iter().find(|set| set.key == key)
    }

    /// Reads one input into set `key` (made when it is new): a response body with its request
    /// URL (may be empty), a HAR, or a `user_statuses.csv`. Its triage is built again next time.
    pub fn add(&mut self, key: &str, url: &str, body: &str, source: &str) -> Result<InputSummary, DecodeError> {
        let at = match self.sets.iter().position(|set| set.key == key) {
            Some(at) => at,
            None => {
                self.sets.push(Set {
                    key: key.to_string(),
                    analysis: Analysis::new(),
                    reduced: true,
                    built: None,
                });
                self.sets.len() - 1
            }
        };
        let set = &mut self.sets[at];
        let read = set.analysis.add(url, body, source)?;
        set.reduced = false;
        set.built = None;
        Ok(read)
    }

    /// The organization set `key`'s statuses are about, whose tenants its triage compares with.
    pub fn org(&self, key: &str) -> Option<String> {
        super::board::status_org(&self.set(key)?.analysis.observed)
    }

    /// Triages set `key` with `tenants` (again only when its inputs or the tenants changed);
    /// the build's id, `None` for a set never given an input.
    pub fn build(&mut self, key: &str, tenants: Vec<Tenant>) -> Option<u32> {
        let next = self.next_build;
        let set = self.sets.iter_mut().find(|set| set.key == key)?;
        if let Some(built) = &set.built
            && built.tenants == tenants
        {
            return Some(built.id);
        }
        if !set.reduced {
            triage::keep_latest_statuses(&mut set.analysis.observed);
            set.reduced = true;
        }
        let context = Context {
            email: None,
            tenants: tenants.clone(),
        };
        let triage = triage::build(&set.analysis.observed, &set.analysis.skipped, &context);
        set.built = Some(Built {
            id: next,
            tenants,
            triage,
        });
        self.next_build += 1;
        Some(next)
    }

    fn triage(&self, key: &str) -> Option<&Triage> {
        Some(&self.set(key)?.built.as_ref()?.triage)
    }

    /// Set `key`'s last build in words.
    pub fn board(&self, key: &str, presentation: &Presentation) -> Option<Board> {
        Some(Board::of(self.triage(key)?, presentation))
    }

    /// How many rows each group of set `key`'s last build has.
    pub fn group_sizes(&self, key: &str) -> Vec<usize> {
        self.triage(key)
            .map_or_else(Vec::new, |t| t.groups.iter().map(|g| g.count()).collect())
    }

    /// Up to `count` rows of group `group` from `first` on.
    pub fn rows(&self, key: &str, group: usize, first: usize, count: usize) -> &[Row] {
        let rows = self
            .triage(key)
            .and_then(|t| t.groups.get(group))
            .map_or(&[][..], |g| &g.rows[..]);
        &rows[first.min(rows.len())..first.saturating_add(count).min(rows.len())]
    }

    /// The CSV of every subject in error (`triage::csv`).
    pub fn csv(&self, key: &str, redact: bool) -> Option<String> {
        Some(triage::csv::write(self.triage(key)?, &Redactor::new(redact)))
    }

    /// The summary for a ticket (`triage::summary`), redacted as `presentation` says.
    pub fn summary(&self, key: &str, presentation: &Presentation, format: Format) -> Option<String> {
        let rendered = rendered::render(self.triage(key)?, presentation);
        let redacted = presentation.redactor.personal_data;
        Some(summary::write(
            &rendered,
            presentation.lang,
            format,
            redacted,
            summary::TICKET_SUBJECTS_PER_GROUP,
        ))
    }
}

/// How many of the subjects of `inputs` (`(url, body)`, oldest first) are in error, of how
/// many read, and whose they are: what the toolbar popup says of a tab's lists.
pub fn count<'a>(
    inputs: impl IntoIterator<Item = (&'a str, &'a str)>,
    tenants: Vec<Tenant>,
) -> (usize, usize, Option<String>) {
    let mut session = Session::new();
    for (index, (url, body)) in inputs.into_iter().enumerate() {
        // An input that cannot be read counts nothing; the triage page says why.
        let _ = session.add("", url, body, &format!("response {}", index + 1));
    }
    let org = session.org("");
    session.build("", tenants);
    match session.triage("") {
        Some(triage) => (triage.subjects_in_error, triage.subjects_total, org),
        None => (0, 0, org),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explain::Zone;
    use crate::explain::catalog::Lang;

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    const ORG: &str = "1eb65fdf-9643-417f-9974-ad72cae0e10f";

    fn presentation(redact: bool) -> Presentation {
        Presentation {
            lang: Lang::En,
            zone: Zone::utc(),
            redactor: Redactor::new(redact),
        }
    }

    fn tenants() -> Vec<Tenant> {
        vec![Tenant::from_details(None, "example.com")]
    }

    fn files() -> Session {
        let mut session = Session::new();
        for name in ["triage/org-statuses.json", "triage/org-places.json"] {
            session.add("files", "", &fixture(name), name).unwrap();
        }
        session
    }

    #[test]
    fn builds_once_per_input_and_context() {
        let mut session = files();
        assert_eq!(session.org("files").as_deref(), Some(ORG));
        assert_eq!(session.build("nothing", tenants()), None);
        assert!(session.board("files", &presentation(false)).is_none(), "not built yet");
        let first = session.build("files", tenants()).unwrap();
        assert_eq!(
            session.build("files", tenants()),
            Some(first),
            "the same context: the same build"
        );
        let board = session.board("files", &presentation(false)).unwrap();
        assert_eq!(board.groups[0].diagnosis(), Some("domain-not-in-tenant"));
        let other = session
            .build("files", vec![Tenant::from_details(None, "rooms.example.net")])
            .unwrap();
        assert_ne!(other, first, "other tenants: built again");
        let board = session.board("files", &presentation(false)).unwrap();
        assert_eq!(board.groups[0].diagnosis(), Some("mailbox-not-found"));
        // A list read again (a reload): the newest statuses stand, each subject counted once.
        session
            .add("files", "", &fixture("triage/org-statuses.json"), "again")
            .unwrap();
        let again = session.build("files", tenants()).unwrap();
        assert!(again > other);
        let board = session.board("files", &presentation(false)).unwrap();
        assert_eq!((board.subjects_in_error, board.subjects_total), (6, 8));
        assert!(session.add("files", "", "{not json", "broken.json").is_err());
    }

    #[test]
    fn rows_in_parts_and_the_exports() {
        let mut session = files();
        session.build("files", tenants());
        assert_eq!(session.group_sizes("files"), [4, 1, 1]);
        assert!(session.group_sizes("nothing").is_empty());
        assert_eq!(session.rows("files", 0, 0, 3).len(), 3);
        assert_eq!(session.rows("files", 0, 3, 3).len(), 1);
        assert!(session.rows("files", 0, 9, 3).is_empty() && session.rows("files", 7, 0, 3).is_empty());
        assert!(session.rows("nothing", 0, 0, 3).is_empty());

        let csv = session.csv("files", true).unwrap();
        assert!(
            csv.starts_with("subject_id,kind,name,email,state,code,diagnosis,since_utc,message,tracking_id\r\n"),
            "{csv}"
        );
        assert_eq!(csv.lines().count(), 7, "a header and one line per subject in error");
        assert!(csv.contains("***@rooms.example.net") && !csv.contains("room-101@"));
        assert!(
            session
                .csv("files", false)
                .unwrap()
                .contains("room-101@rooms.example.net")
        );

        let redacted = session.summary("files", &presentation(true), Format::Markdown).unwrap();
        assert!(
            redacted.starts_with("# ") && !redacted.contains("room-101@"),
            "{redacted}"
        );
        let plain = session.summary("files", &presentation(false), Format::Text).unwrap();
        assert!(
            !plain.starts_with("# ") && plain.contains("room-101@rooms.example.net"),
            "{plain}"
        );
        assert!(session.csv("nothing", true).is_none());
    }

    #[test]
    fn counts_a_tabs_lists_for_the_popup() {
        let (statuses, places) = (fixture("triage/org-statuses.json"), fixture("triage/org-places.json"));
        let inputs = [("", statuses.as_str()), ("", places.as_str()), ("", "{broken")];
        assert_eq!(count(inputs, tenants()), (6, 8, Some(ORG.to_string())));
        assert_eq!(count([], Vec::new()), (0, 0, None));
    }
}
