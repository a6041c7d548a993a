//! tests/fixtures/hostile/corpus.json, read: each payload as JSON text for a value, as the inside
//! of a JSON string, and as text (see the file's `fields` for what each form means).

use serde::Deserialize;

#[derive(Deserialize)]
struct File {
    payloads: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    name: String,
    category: String,
    tries: String,
    text: Option<String>,
    escaped: Option<String>,
    repeat: Option<Repeat>,
    nest: Option<Nest>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Repeat {
    text: String,
    count: usize,
    #[serde(default)]
    prefix: String,
    #[serde(default)]
    suffix: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Nest {
    depth: usize,
}

/// A payload in each form it is placed in, made once: some are a megabyte long.
pub struct Hostile {
    pub name: String,
    pub category: String,
    /// Where JSON has a value.
    pub json_value: String,
    /// Inside a JSON string.
    pub json_inner: String,
    /// As text; a lone surrogate is U+FFFD.
    pub text: String,
    /// What a JSON reader gets from the payload in a string field; `None` when the field is not
    /// a readable string (nested arrays, a lone surrogate).
    pub read_from_json: Option<String>,
}

enum Form {
    Text(String),
    /// JSON string content with its escapes as written.
    Escaped(String),
    /// Arrays nested this deep.
    Nest(usize),
}

pub fn load() -> Vec<Hostile> {
    let path = format!("{}/tests/fixtures/hostile/corpus.json", env!("CARGO_MANIFEST_DIR"));
    let file: File = serde_json::from_str(&std::fs::read_to_string(&path).expect("the corpus")).expect("corpus.json");
    file.payloads
        .into_iter()
        .map(|entry| {
            assert!(!entry.tries.trim().is_empty(), "{}: says what it tries", entry.name);
            let form = match (entry.text, entry.escaped, entry.repeat, entry.nest) {
                (Some(text), None, None, None) => Form::Text(text),
                (None, Some(escaped), None, None) => Form::Escaped(escaped),
                (None, None, Some(r), None) => {
                    Form::Text(format!("{}{}{}", r.prefix, r.text.repeat(r.count), r.suffix))
                }
                (None, None, None, Some(nest)) => Form::Nest(nest.depth),
                _ => panic!("{}: exactly one of text, escaped, repeat, nest", entry.name),
            };
            Hostile {
                name: entry.name,
                category: entry.category,
                json_value: form.json_value(),
                json_inner: form.json_inner(),
                text: form.text(),
                read_from_json: form.read_from_json(),
            }
        })
        .collect()
}

impl Form {
    fn json_value(&self) -> String {
        match self {
            Form::Text(text) => serde_json::to_string(text).expect("a string"),
            Form::Escaped(escaped) => format!("\"{escaped}\""),
            Form::Nest(depth) => nested(*depth),
        }
    }

    fn json_inner(&self) -> String {
        match self {
            Form::Escaped(escaped) => escaped.clone(),
            _ => {
                let quoted = serde_json::to_string(&self.text()).expect("a string");
                quoted[1..quoted.len() - 1].to_string()
            }
        }
    }

    fn text(&self) -> String {
        match self {
            Form::Text(text) => text.clone(),
            Form::Escaped(escaped) => unescape(escaped),
            Form::Nest(depth) => nested(*depth),
        }
    }

    fn read_from_json(&self) -> Option<String> {
        match self {
            Form::Text(text) => Some(text.clone()),
            Form::Escaped(escaped) => serde_json::from_str(&format!("\"{escaped}\"")).ok(),
            Form::Nest(_) => None,
        }
    }
}

fn nested(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

/// JSON string escapes to text, as UTF-16 first so that lone surrogates survive to the end.
fn unescape(escaped: &str) -> String {
    let mut units: Vec<u16> = Vec::new();
    let mut chars = escaped.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            let mut buffer = [0u16; 2];
            units.extend_from_slice(c.encode_utf16(&mut buffer));
            continue;
        }
        let unit = match chars.next() {
            Some('u') => u16::from_str_radix(&chars.by_ref().take(4).collect::<String>(), 16).expect("four hex digits"),
            Some('n') => u16::from(b'\n'),
            Some('t') => u16::from(b'\t'),
            Some('r') => u16::from(b'\r'),
            Some('b') => 0x08,
            Some('f') => 0x0c,
            Some(other) => other as u16,
            None => panic!("a lone backslash in {escaped:?}"),
        };
        units.push(unit);
    }
    String::from_utf16_lossy(&units)
}
