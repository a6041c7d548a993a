//! The virtual list of a group's subjects: every row is [`ROW_HEIGHT`] pixels tall, a spacer as
//! tall as all of them gives the scroll bar its length, and only the rows in view (and
//! [`MARGIN`] on either side) are in the DOM — 40,000 subjects stay a few dozen elements. The
//! keyboard moves through every row all the same: [`step`] picks the next active row and
//! [`scroll_to_show`] where to scroll for it.

use std::ops::Range;

/// A row's height in CSS pixels: two lines of text and their padding.
pub const ROW_HEIGHT: u32 = 56;
/// Rows built beyond each edge of the view, so that a small scroll shows built rows at once.
pub const MARGIN: usize = 8;
/// How many rows a group's list shows before it scrolls.
pub const VISIBLE_ROWS: usize = 10;

/// The height of a group's scrolling list of `total` rows.
pub fn viewport_height(total: usize) -> u32 {
    total.clamp(1, VISIBLE_ROWS) as u32 * ROW_HEIGHT
}

/// The height of all `total` rows: the spacer's.
pub fn content_height(total: usize) -> u32 {
    u32::try_from(total).unwrap_or(u32::MAX).saturating_mul(ROW_HEIGHT)
}

/// Where row `position` sits in the spacer.
pub fn row_top(position: usize) -> u32 {
    content_height(position)
}

/// The rows to build for a view scrolled to `scroll_top` and `height` tall (CSS pixels, as the
/// DOM reports them: fractional, and negative or past the end while a touchpad bounces).
pub fn window(total: usize, scroll_top: f64, height: f64) -> Range<usize> {
    let row = f64::from(ROW_HEIGHT);
    let top = scroll_top.max(0.0);
    let first = ((top / row).floor() as usize).min(total);
    let last = (((top + height.max(0.0)) / row).ceil() as usize).min(total);
    first.saturating_sub(MARGIN)..(last + MARGIN).min(total)
}

/// The scroll position that shows row `position` whole in a view at `scroll_top`, `height`
/// tall; `None` when it already is.
pub fn scroll_to_show(position: usize, scroll_top: f64, height: f64) -> Option<f64> {
    let top = f64::from(row_top(position));
    let bottom = top + f64::from(ROW_HEIGHT);
    if top < scroll_top {
        Some(top)
    } else if bottom > scroll_top + height {
        Some((bottom - height).max(0.0))
    } else {
        None
    }
}

/// The keys that move through a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
}

impl Key {
    /// From a `KeyboardEvent.key`.
    pub fn from_name(name: &str) -> Option<Key> {
        Some(match name {
            "ArrowUp" => Key::Up,
            "ArrowDown" => Key::Down,
            "PageUp" => Key::PageUp,
            "PageDown" => Key::PageDown,
            "Home" => Key::Home,
            "End" => Key::End,
            _ => return None,
        })
    }
}

/// The row that becomes active when `key` is pressed on a list of `total` rows whose active
/// one is `active` (none yet: the first key lands on the first row, or End on the last), a page
/// being `page` rows. `None` for an empty list.
pub fn step(active: Option<usize>, key: Key, total: usize, page: usize) -> Option<usize> {
    let last = total.checked_sub(1)?;
    let page = page.max(1);
    let Some(at) = active.map(|at| at.min(last)) else {
        return Some(if key == Key::End { last } else { 0 });
    };
    Some(match key {
        Key::Up => at.saturating_sub(1),
        Key::Down => (at + 1).min(last),
        Key::PageUp => at.saturating_sub(page),
        Key::PageDown => (at + page).min(last),
        Key::Home => 0,
        Key::End => last,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: f64 = ROW_HEIGHT as f64;

    #[test]
    fn only_the_rows_in_view_and_a_margin() {
        let height = f64::from(viewport_height(40_000));
        assert_eq!(height, VISIBLE_ROWS as f64 * H);
        assert_eq!(window(40_000, 0.0, height), 0..VISIBLE_ROWS + MARGIN);
        // Scrolled to row 1,000 and a half: rows 1,000 to 1,010 show, part of 1,010.
        let at = 1_000.5 * H;
        assert_eq!(window(40_000, at, height), 1_000 - MARGIN..1_011 + MARGIN);
        assert!(window(40_000, at, height).len() <= VISIBLE_ROWS + 1 + 2 * MARGIN);
        // The end, and past it while a touchpad bounces.
        let end = f64::from(content_height(40_000)) - height;
        assert_eq!(window(40_000, end, height), 40_000 - VISIBLE_ROWS - MARGIN..40_000);
        assert_eq!(window(40_000, end + 300.0, height).end, 40_000);
        assert_eq!(window(40_000, -80.0, height), 0..VISIBLE_ROWS + MARGIN);
        assert_eq!(window(3, 0.0, f64::from(viewport_height(3))), 0..3);
        assert_eq!(window(0, 0.0, 100.0), 0..0);
    }

    #[test]
    fn heights_and_tops() {
        assert_eq!(
            viewport_height(0),
            ROW_HEIGHT,
            "an empty list keeps a row's height for its note"
        );
        assert_eq!(viewport_height(3), 3 * ROW_HEIGHT);
        assert_eq!(content_height(40_000), 40_000 * ROW_HEIGHT);
        assert_eq!(row_top(2), 2 * ROW_HEIGHT);
        assert_eq!(content_height(usize::MAX), u32::MAX);
    }

    #[test]
    fn scrolls_just_enough_to_show_a_row() {
        let height = 10.0 * H;
        assert_eq!(scroll_to_show(3, 0.0, height), None);
        assert_eq!(scroll_to_show(10, 0.0, height), Some(H), "one row down");
        assert_eq!(scroll_to_show(500, 0.0, height), Some(491.0 * H));
        assert_eq!(scroll_to_show(4, 5.0 * H, height), Some(4.0 * H), "up to it");
        assert_eq!(scroll_to_show(5, 5.5 * H, height), Some(5.0 * H), "a row half hidden");
    }

    #[test]
    fn keys_reach_every_row() {
        let total = 40_000;
        assert_eq!(step(None, Key::Down, total, 10), Some(0));
        assert_eq!(step(None, Key::End, total, 10), Some(total - 1));
        assert_eq!(step(Some(0), Key::Down, total, 10), Some(1));
        assert_eq!(step(Some(0), Key::Up, total, 10), Some(0));
        assert_eq!(step(Some(5), Key::PageDown, total, 10), Some(15));
        assert_eq!(step(Some(5), Key::PageUp, total, 10), Some(0));
        assert_eq!(step(Some(39_995), Key::PageDown, total, 10), Some(total - 1));
        assert_eq!(step(Some(123), Key::Home, total, 10), Some(0));
        assert_eq!(step(Some(123), Key::End, total, 10), Some(total - 1));
        assert_eq!(
            step(Some(90), Key::Down, 10, 10),
            Some(9),
            "an active row past a narrowed list"
        );
        assert_eq!(step(Some(1), Key::PageDown, 5, 0), Some(2), "a page is at least a row");
        assert_eq!(step(None, Key::Down, 0, 10), None);
        // Down, from the first row, reaches the last.
        let mut at = None;
        for _ in 0..total {
            at = step(at, Key::Down, total, 10);
        }
        assert_eq!(at, Some(total - 1));
        for (name, key) in [("ArrowUp", Key::Up), ("PageDown", Key::PageDown), ("End", Key::End)] {
            assert_eq!(Key::from_name(name), Some(key));
        }
        assert_eq!(Key::from_name("Enter"), None);
    }
}
