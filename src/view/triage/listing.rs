//! Which of a triage's subjects the page lists, and in what order: the filters (kind, cause,
//! email domain, text) and the sort (since, name, domain) over every group's rows, as row
//! positions so that the page renders only the window it shows. The rows are held once; what a
//! filter or a sort needs of them is worked out when they arrive, never per keystroke.

use crate::decode::observation::SubjectKind;
use crate::diagnose::domain::email_domain;
use crate::triage::Row;

/// What the admin narrowed the list to; the default lists everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Users only, or workspaces only.
    pub kind: Option<SubjectKind>,
    /// One group (its position among the triage's groups).
    pub group: Option<usize>,
    /// Mailboxes in one email domain (canonical, as the groups' domain counts name it).
    pub domain: Option<String>,
    /// Words that must all appear in the name, email, id or message, in any case.
    pub text: String,
}

impl Filter {
    /// Whether the filter leaves anything out.
    pub fn narrows(&self) -> bool {
        self.kind.is_some() || self.group.is_some() || self.domain.is_some() || self.words().next().is_some()
    }

    fn words(&self) -> impl Iterator<Item = String> + '_ {
        self.text.split_whitespace().map(str::to_lowercase)
    }
}

/// The order of each group's rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Newest first: the subjects that broke most recently lead (the model's order).
    #[default]
    Since,
    /// By name (else email, else id), A to Z.
    Name,
    /// By email domain, then name: a domain's mailboxes together.
    Domain,
}

impl Sort {
    pub const ALL: [Sort; 3] = [Sort::Since, Sort::Name, Sort::Domain];

    /// The word of the page's sort control.
    pub fn word(self) -> &'static str {
        match self {
            Sort::Since => "since",
            Sort::Name => "name",
            Sort::Domain => "domain",
        }
    }

    pub fn from_word(word: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|sort| sort.word() == word)
    }
}

/// Every group's rows with what filtering and sorting read of them.
#[derive(Clone, Debug, Default)]
pub struct Listing {
    groups: Vec<Rows>,
}

#[derive(Clone, Debug, Default)]
struct Rows {
    rows: Vec<Row>,
    /// Per row: its name, email, id and message in lower case, one line each.
    haystack: Vec<String>,
    /// Per row: its mailbox's domain, canonical.
    domain: Vec<Option<String>>,
    /// Row positions by name, and by domain then name: worked out the first time a sort asks
    /// for them after rows arrived, so a group handed over in parts is sorted once.
    by_name: Option<Vec<u32>>,
    by_domain: Option<Vec<u32>>,
}

impl Rows {
    /// Works out the orders `sort` reads, unless the rows have not changed since.
    fn prepare(&mut self, sort: Sort) {
        if sort == Sort::Since {
            return;
        }
        let by_name = self.by_name.get_or_insert_with(|| {
            let names: Vec<String> = self.rows.iter().map(name_key).collect();
            let mut order: Vec<u32> = (0..self.rows.len() as u32).collect();
            order.sort_by(|&a, &b| names[a as usize].cmp(&names[b as usize]));
            order
        });
        if sort == Sort::Domain && self.by_domain.is_none() {
            let mut order = by_name.clone();
            // Stable: within a domain, the names' order stays.
            order.sort_by(|&a, &b| self.domain[a as usize].cmp(&self.domain[b as usize]));
            self.by_domain = Some(order);
        }
    }

    /// Every position in `sort`'s order (after [`Rows::prepare`]).
    fn positions(&self, sort: Sort) -> Box<dyn Iterator<Item = u32> + '_> {
        match (sort, &self.by_name, &self.by_domain) {
            (Sort::Name, Some(order), _) | (Sort::Domain, _, Some(order)) => Box::new(order.iter().copied()),
            _ => Box::new(0..self.rows.len() as u32),
        }
    }
}

/// What a name sorts by: the name, else the email, else the id, in lower case.
fn name_key(row: &Row) -> String {
    row.name
        .as_deref()
        .or(row.email.as_deref())
        .or(row.id.as_deref())
        .unwrap_or("")
        .to_lowercase()
}

impl Listing {
    /// A listing of `groups` groups, their rows to come ([`Listing::extend`]).
    pub fn new(groups: usize) -> Listing {
        Listing {
            groups: vec![Rows::default(); groups],
        }
    }

    /// Appends `rows` to group `group` (the worker hands a big group over in parts); a group
    /// the listing does not have is ignored.
    pub fn extend(&mut self, group: usize, rows: Vec<Row>) {
        let Some(listed) = self.groups.get_mut(group) else {
            return;
        };
        for row in &rows {
            let fields = [&row.name, &row.email, &row.id, &row.message];
            let text: Vec<&str> = fields.iter().filter_map(|field| field.as_deref()).collect();
            listed.haystack.push(text.join("\n").to_lowercase());
            listed.domain.push(
                row.email
                    .as_deref()
                    .and_then(email_domain)
                    .map(|d| d.as_str().to_string()),
            );
        }
        listed.rows.extend(rows);
        listed.by_name = None;
        listed.by_domain = None;
    }

    /// The rows group `group` holds so far.
    pub fn len(&self, group: usize) -> usize {
        self.groups.get(group).map_or(0, |g| g.rows.len())
    }

    pub fn row(&self, group: usize, position: usize) -> Option<&Row> {
        self.groups.get(group)?.rows.get(position)
    }

    /// Per group, the positions of its rows that pass `filter`, in `sort`'s order.
    pub fn select(&mut self, filter: &Filter, sort: Sort) -> Vec<Vec<u32>> {
        let words: Vec<String> = filter.words().collect();
        let domain = filter.domain.as_deref().map(str::to_lowercase);
        self.groups
            .iter_mut()
            .enumerate()
            .map(|(index, group)| {
                if filter.group.is_some_and(|only| only != index) {
                    return Vec::new();
                }
                group.prepare(sort);
                let group = &*group;
                let passes = |&position: &u32| {
                    let at = position as usize;
                    let row = &group.rows[at];
                    filter.kind.is_none_or(|kind| row.kind == kind)
                        && domain.as_ref().is_none_or(|d| group.domain[at].as_ref() == Some(d))
                        && words.iter().all(|word| group.haystack[at].contains(word.as_str()))
                };
                group.positions(sort).filter(passes).collect()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::observation::Severity;
    use crate::time::Timestamp;

    fn row(id: &str, kind: SubjectKind, name: Option<&str>, email: &str, message: &str, since: &str) -> Row {
        Row {
            id: Some(id.into()),
            kind,
            name: name.map(str::to_string),
            email: Some(email.into()),
            state: Some("error".into()),
            since: Timestamp::parse(since),
            message: Some(message.into()),
            tracking_root: None,
            severity: Severity::Error,
        }
    }

    /// Two groups, each newest first as the model lists them.
    fn listing() -> Listing {
        let mut listing = Listing::new(2);
        listing.extend(
            0,
            vec![
                row(
                    "r3",
                    SubjectKind::Workspace,
                    Some("Room Zeta"),
                    "zeta@b.example",
                    "Unauthorized",
                    "2026-11-27T03:00:00Z",
                ),
                row(
                    "u1",
                    SubjectKind::User,
                    Some("alice"),
                    "Alice@C.example",
                    "Unauthorized",
                    "2026-11-27T02:00:00Z",
                ),
            ],
        );
        // A big group arrives in parts.
        listing.extend(
            0,
            vec![row(
                "r1",
                SubjectKind::Workspace,
                None,
                "beta@b.example",
                "Unauthorized",
                "2026-11-27T01:00:00Z",
            )],
        );
        listing.extend(
            1,
            vec![row(
                "u2",
                SubjectKind::User,
                Some("Bob"),
                "bob@b.example",
                "No mailbox for BOB",
                "2026-11-26T00:00:00Z",
            )],
        );
        listing.extend(
            7,
            vec![row(
                "x",
                SubjectKind::User,
                None,
                "x@x.example",
                "",
                "2026-11-26T00:00:00Z",
            )],
        );
        listing
    }

    fn ids(listing: &Listing, selected: &[Vec<u32>]) -> Vec<Vec<String>> {
        selected
            .iter()
            .enumerate()
            .map(|(group, positions)| {
                positions
                    .iter()
                    .map(|&p| listing.row(group, p as usize).unwrap().id.clone().unwrap())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn everything_newest_first_by_default() {
        let mut listing = listing();
        assert_eq!((listing.len(0), listing.len(1), listing.len(7)), (3, 1, 0));
        let all = listing.select(&Filter::default(), Sort::default());
        assert_eq!(ids(&listing, &all), [vec!["r3", "u1", "r1"], vec!["u2"]]);
        assert!(!Filter::default().narrows());
        assert!(
            !Filter {
                text: "  ".into(),
                ..Filter::default()
            }
            .narrows()
        );
    }

    #[test]
    fn sorts_by_name_then_email_and_by_domain() {
        let mut listing = listing();
        let by_name = listing.select(&Filter::default(), Sort::Name);
        // "alice", "beta@b.example" (no name), "room zeta": case does not matter.
        assert_eq!(ids(&listing, &by_name)[0], ["u1", "r1", "r3"]);
        let by_domain = listing.select(&Filter::default(), Sort::Domain);
        assert_eq!(
            ids(&listing, &by_domain)[0],
            ["r1", "r3", "u1"],
            "b.example's two by name, then c.example"
        );
        for sort in Sort::ALL {
            assert_eq!(Sort::from_word(sort.word()), Some(sort));
        }
        assert_eq!(Sort::from_word("size"), None);
    }

    #[test]
    fn filters_narrow_every_group() {
        let mut listing = listing();
        let mut select = |filter: Filter| {
            let selected = listing.select(&filter, Sort::Since);
            ids(&listing, &selected)
        };
        let users = Filter {
            kind: Some(SubjectKind::User),
            ..Filter::default()
        };
        assert!(users.narrows());
        assert_eq!(select(users), [vec!["u1"], vec!["u2"]]);
        let second = Filter {
            group: Some(1),
            ..Filter::default()
        };
        assert_eq!(select(second), [Vec::<String>::new(), vec!["u2".to_string()]]);
        let domain = Filter {
            domain: Some("c.example".into()),
            ..Filter::default()
        };
        assert_eq!(select(domain), [vec!["u1"], vec![]], "the email's domain, in any case");
        // Every word, anywhere in the name, email, id or message, in any case.
        let text = |words: &str| Filter {
            text: words.into(),
            ..Filter::default()
        };
        assert_eq!(select(text("ZETA")), [vec!["r3"], vec![]]);
        assert_eq!(select(text("bob mailbox")), [vec![], vec!["u2"]]);
        assert_eq!(select(text("r1")), [vec!["r1"], vec![]], "ids too");
        assert_eq!(select(text("bob zeta")), [Vec::<String>::new(), vec![]]);
        let both = Filter {
            kind: Some(SubjectKind::Workspace),
            text: "b.example".into(),
            ..Filter::default()
        };
        assert_eq!(select(both), [vec!["r3", "r1"], vec![]]);
    }
}
