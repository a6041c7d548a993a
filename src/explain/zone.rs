//! The time zone times are shown in beside UTC. Control Hub shows the admin's local time and
//! its JSON shows UTC (`Z`); showing both is what lets the two be matched.

use crate::time::{Timestamp, offset_label};

pub struct Zone {
    offset_at: Box<dyn Fn(Timestamp) -> i32>,
}

impl Zone {
    pub fn utc() -> Zone {
        Zone::fixed(0)
    }

    pub fn fixed(offset_minutes: i32) -> Zone {
        Zone {
            offset_at: Box::new(move |_| offset_minutes),
        }
    }

    /// A zone whose offset varies by instant (daylight saving): the local zone of the
    /// machine (CLI) or of the browser (Wasm).
    pub fn from_fn(offset_at: impl Fn(Timestamp) -> i32 + 'static) -> Zone {
        Zone {
            offset_at: Box::new(offset_at),
        }
    }

    pub fn offset_at(&self, at: Timestamp) -> i32 {
        (self.offset_at)(at).clamp(-18 * 60, 18 * 60)
    }

    /// `2026-11-27 10:24:00 (UTC+09:00)`.
    pub fn local(&self, at: Timestamp) -> String {
        let offset = self.offset_at(at);
        format!("{} ({})", at.display_at(offset), offset_label(offset))
    }
}

/// `2026-11-27 01:24:00 UTC`.
pub fn utc(at: Timestamp) -> String {
    format!("{} UTC", at.display_at(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_both_times() {
        let at = Timestamp::parse("2026-11-27T01:24:00.000Z").unwrap();
        assert_eq!(utc(at), "2026-11-27 01:24:00 UTC");
        assert_eq!(Zone::fixed(540).local(at), "2026-11-27 10:24:00 (UTC+09:00)");
        assert_eq!(Zone::from_fn(|_| -300).local(at), "2026-11-26 20:24:00 (UTC-05:00)");
    }
}
