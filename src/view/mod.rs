//! Words → DOM-free element trees: what every extension page shows, built without a DOM so that
//! its structure is tested natively, and the one step from the settings a page is handed to how
//! it shows and copies ([`preferences`]). `web` mounts these trees; nothing here knows web-sys.

pub mod analyzer;
pub mod banner;
pub mod current;
pub mod node;
pub mod options;
pub mod payload;
pub mod popup;
pub mod preferences;
pub mod triage;
