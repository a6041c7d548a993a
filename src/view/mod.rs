//! Words → DOM-free element trees: what every extension page shows, built without a DOM so
//! that its structure is tested natively. `web` mounts these trees; nothing here knows web-sys.

pub mod analyzer;
pub mod banner;
