//! Files rendered from Rust tables: each committed copy must be exactly what its table renders.
//! `UPDATE_GENERATED=1 cargo test --test generated` (`make generate`) rewrites them instead.

use std::{env, fs, path::Path};

use caldoctor::decode::endpoint::ENDPOINTS;
use caldoctor::decode::endpoint::render::{ENDPOINTS_JS, endpoints_js};

/// Compares `path` (from the repository's root) with `rendered`, or rewrites it.
fn check(path: &str, rendered: &str) {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    if env::var_os("UPDATE_GENERATED").is_some() {
        fs::write(&file, rendered).unwrap_or_else(|e| panic!("cannot write {path}: {e}"));
        return;
    }
    let committed = fs::read_to_string(&file).unwrap_or_default();
    if let Some(line) = first_difference(&committed, rendered) {
        panic!("{path} is not what its table renders (line {line} differs): run `make generate` and commit it");
    }
}

/// The first line (from 1) where the two texts differ, if they do.
fn first_difference(a: &str, b: &str) -> Option<usize> {
    let same = a.lines().zip(b.lines()).take_while(|(x, y)| x == y).count();
    (a != b).then_some(same + 1)
}

#[test]
fn the_endpoint_table_of_the_extension_is_the_cores() {
    check(ENDPOINTS_JS, &endpoints_js(ENDPOINTS));
}
