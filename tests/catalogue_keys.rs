//! No dead strings: every message of the catalogue is used by the Rust code (as its constant)
//! or by the extension (as `__MSG_key__` or a `chrome.i18n` key).

use std::fs;
use std::path::Path;

fn sources(dir: &Path, out: &mut String) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() && !path.ends_with("_locales") {
            sources(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| ["rs", "js", "html", "json"].contains(&e.to_str().unwrap()))
        {
            out.push_str(&fs::read_to_string(&path).unwrap());
        }
    }
}

#[test]
fn every_message_is_used() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut code = fs::read_to_string(root.join("manifest.json")).unwrap();
    sources(&root.join("src"), &mut code);
    sources(&root.join("extension"), &mut code);
    let messages: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(root.join("extension/_locales/en/messages.json")).unwrap()).unwrap();
    let unused: Vec<&String> = messages
        .as_object()
        .unwrap()
        .keys()
        .filter(|key| {
            !code.contains(&key.to_uppercase())
                && !code.contains(&format!("__MSG_{key}__"))
                && !code.contains(&format!("\"{key}\""))
                && !code.contains(&format!("'{key}'"))
        })
        .collect();
    assert!(unused.is_empty(), "unused messages: {unused:?}");
}
