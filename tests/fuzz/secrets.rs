//! Secrets as they show up in server text, headers and files: bearer tokens, JWTs, `Basic` and
//! other `Authorization` values, cookies, tokens; and personal email addresses. Every value is
//! unique (`S3cr3t…`, `zq…`), so finding it in an output means it leaked.

use proptest::prelude::*;

/// A secret as written, and the part of it that must never be printed.
#[derive(Clone, Debug)]
pub struct Secret {
    pub written: String,
    pub value: String,
}

fn value() -> BoxedStrategy<String> {
    "[A-Za-z0-9]{20,40}"
        .prop_map(|random| format!("S3cr3t{random}"))
        .boxed()
}

fn base64url(min: usize, max: usize) -> BoxedStrategy<String> {
    proptest::string::string_regex(&format!("[A-Za-z0-9_-]{{{min},{max}}}"))
        .expect("a valid regex")
        .boxed()
}

/// A JWT whose signature is the secret: header and payload may stay, the signature never.
pub fn jwt() -> BoxedStrategy<Secret> {
    (base64url(6, 30), base64url(6, 60), value())
        .prop_map(|(header, payload, signature)| Secret {
            written: format!("eyJ{header}.eyJ{payload}.{signature}"),
            value: signature,
        })
        .boxed()
}

/// A secret as server text might quote it, a word of its own.
pub fn in_text() -> BoxedStrategy<Secret> {
    let written = |format: fn(&str) -> String| {
        value().prop_map(move |value| Secret {
            written: format(&value),
            value,
        })
    };
    prop_oneof![
        jwt(),
        jwt().prop_map(|jwt| Secret {
            written: format!("Bearer {}", jwt.written),
            ..jwt
        }),
        written(|v| format!("Bearer {v}")),
        written(|v| format!("bearer {v}")),
        written(|v| format!("Basic {v}")),
        written(|v| format!("Authorization: {v}")),
        written(|v| format!("authorization: Bearer {v}")),
        written(|v| format!("Cookie: sid={v}; theme=dark")),
        written(|v| format!("Set-Cookie: sid={v}; Path=/; HttpOnly")),
        written(|v| format!("token {v}")),
    ]
    .boxed()
}

/// A personal address whose local part must not survive redaction (its first letter may).
#[derive(Clone, Debug)]
pub struct PersonalEmail {
    pub local: String,
    pub domain: String,
}

impl PersonalEmail {
    pub fn address(&self) -> String {
        format!("{}@{}", self.local, self.domain)
    }
}

pub fn personal_email() -> BoxedStrategy<PersonalEmail> {
    let domains = &["ciscolive.us", "rtpcloudcollab.com", "example.co.jp"][..];
    ("[a-z0-9._%+-]{4,16}", prop::sample::select(domains))
        .prop_map(|(rest, domain)| PersonalEmail {
            local: format!("zq{rest}"),
            domain: domain.to_string(),
        })
        .boxed()
}
