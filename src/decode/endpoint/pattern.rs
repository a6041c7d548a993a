//! The endpoint table's path patterns, matched without a regex engine (the Wasm size matters).
//!
//! A pattern is segments separated by `/`: a literal segment matches itself (case-sensitively);
//! `*` any one non-empty segment; `{org}` and `{subject}` one non-empty segment, captured; `**`
//! any number of segments, none included. It matches the whole path, with or without one
//! trailing slash. The extension gets each pattern as a JavaScript RegExp (`render.rs`) whose
//! lazy `**` captures exactly what this matcher captures: every run of segments between two `**`
//! sits as far left as the rest allows.

/// Any one non-empty segment.
pub const ONE_SEGMENT: &str = "*";
/// Any number of segments, none included.
pub const ANY_SEGMENTS: &str = "**";
/// A captured segment: the organisation's id.
pub const ORG: &str = "{org}";
/// A captured segment: the user's or workspace's id.
pub const SUBJECT: &str = "{subject}";

/// The segments a pattern captured, as the path writes them (not percent-decoded).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Captures<'u> {
    pub org: Option<&'u str>,
    pub subject: Option<&'u str>,
}

impl<'u> Captures<'u> {
    fn and(self, other: Captures<'u>) -> Captures<'u> {
        Captures {
            org: self.org.or(other.org),
            subject: self.subject.or(other.subject),
        }
    }
}

/// The segments of a URL path, without its leading slash and one trailing slash
/// (`/a/b/` → `a`, `b`); `None` when it is not a path.
pub fn segments(path: &str) -> Option<Vec<&str>> {
    if path.is_empty() {
        return Some(Vec::new());
    }
    let mut segments: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
    if segments.last() == Some(&"") {
        segments.pop();
    }
    Some(segments)
}

/// What `pattern` captures in the path `segments`, or `None` when it does not match them.
pub fn matches<'u>(pattern: &str, segments: &[&'u str]) -> Option<Captures<'u>> {
    let Some((head, rest)) = pattern.split_once(ANY_SEGMENTS) else {
        return run_at(pattern, segments);
    };
    let (middle, tail) = rest.rsplit_once(ANY_SEGMENTS).unwrap_or(("", rest));
    let (head, tail) = (trim(head), trim(tail));
    let (start, rest) = segments.split_at_checked(run_len(head))?;
    let (mut between, end) = rest.split_at_checked(rest.len().checked_sub(run_len(tail))?)?;
    let mut captures = run_at(head, start)?.and(run_at(tail, end)?);
    for run in middle.split(ANY_SEGMENTS).map(trim).filter(|run| !run.is_empty()) {
        let len = run_len(run);
        let (at, found) = (0..=between.len().checked_sub(len)?)
            .find_map(|at| run_at(run, &between[at..at + len]).map(|found| (at, found)))?;
        captures = captures.and(found);
        between = &between[at + len..];
    }
    Some(captures)
}

/// A run of segments between two `**`, without the slashes that joined it to them.
fn trim(run: &str) -> &str {
    run.trim_matches('/')
}

/// The pattern segments of a run (none in the empty run).
fn pieces(run: &str) -> impl Iterator<Item = &str> {
    (!run.is_empty()).then(|| run.split('/')).into_iter().flatten()
}

fn run_len(run: &str) -> usize {
    pieces(run).count()
}

/// What the run captures when it matches exactly `segments`.
fn run_at<'u>(run: &str, segments: &[&'u str]) -> Option<Captures<'u>> {
    if run_len(run) != segments.len() {
        return None;
    }
    pieces(run)
        .zip(segments)
        .try_fold(Captures::default(), |captures, (piece, segment)| {
            let captured = Some(*segment).filter(|s| !s.is_empty());
            match piece {
                ONE_SEGMENT => captured.map(|_| captures),
                ORG => captured.map(|org| {
                    captures.and(Captures {
                        org: Some(org),
                        subject: None,
                    })
                }),
                SUBJECT => captured.map(|subject| {
                    captures.and(Captures {
                        org: None,
                        subject: Some(subject),
                    })
                }),
                literal => (literal == *segment).then_some(captures),
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn captured<'u>(pattern: &str, path: &'u str) -> Option<(Option<&'u str>, Option<&'u str>)> {
        matches(pattern, &segments(path)?).map(|c| (c.org, c.subject))
    }

    #[test]
    fn matches_whole_paths_with_an_optional_trailing_slash() {
        assert_eq!(
            captured("**/userStatuses", "/uss/api/v1/orgs/o/userStatuses"),
            Some((None, None))
        );
        assert_eq!(captured("**/userStatuses", "/userStatuses/"), Some((None, None)));
        assert_eq!(captured("**/userStatuses", "/userStatuses//"), None);
        assert_eq!(captured("**/userStatuses", "/uss/userStatuses/summary"), None);
        assert_eq!(captured("**/userStatuses", "/uss/xuserStatuses"), None);
        assert_eq!(
            captured("**/userStatuses", "/uss/userstatuses"),
            None,
            "literals keep their case"
        );
        assert_eq!(captured("**/userStatuses", "uss/userStatuses"), None, "not a path");
        assert_eq!(captured("v1/*", "/v1/x"), Some((None, None)));
        assert_eq!(captured("v1/*", "/v2/v1/x"), None, "no `**`: anchored at both ends");
        assert_eq!(captured("v1/*", "/v1/"), None, "`*` is never empty");
    }

    #[test]
    fn any_segments_match_none_or_many_even_empty_ones() {
        for path in ["", "/", "//", "/a", "/a//b/"] {
            assert_eq!(captured("**", path), Some((None, None)), "{path}");
        }
        assert_eq!(captured("**/v1/workspaces/**", "/v1/workspaces"), Some((None, None)));
        assert_eq!(
            captured("**/v1/workspaces/**", "/x/v1/workspaces/a/b"),
            Some((None, None))
        );
        assert_eq!(captured("**/v1/workspaces/**", "/v1/workspacesX"), None);
        assert_eq!(captured("**/csdm/*/**/places/**", "/csdm/places"), None);
        assert_eq!(
            captured("**/csdm/*/**/places/**", "/csdm/api/v1/o/places/"),
            Some((None, None))
        );
    }

    #[test]
    fn captures_the_leftmost_placement() {
        assert_eq!(
            captured("**/orgs/{org}/userJournal/{subject}", "/uss/orgs/o/userJournal/u/"),
            Some((Some("o"), Some("u")))
        );
        assert_eq!(
            captured("**/orgs/{org}/userJournal/{subject}", "/orgs//userJournal/u"),
            None
        );
        assert_eq!(
            captured("**/orgs/{org}/**/places/{subject}", "/orgs/a/orgs/b/places/p"),
            Some((Some("a"), Some("p")))
        );
        assert_eq!(captured("**/a/**/a/**", "/a"), None, "runs never overlap");
        assert_eq!(captured("**/a/**/a/**", "/a/a"), Some((None, None)));
    }
}
