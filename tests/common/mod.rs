//! Shared helpers for the native tests: read fixtures, run the analysis end to end.

#![allow(dead_code)] // Each test crate uses its own subset of these helpers.

use caldoctor::diagnose::tenant::Tenant;
use caldoctor::explain::catalog::Lang;
use caldoctor::explain::redact::Redactor;
use caldoctor::explain::{Explained, Presentation, Zone};
use caldoctor::{Analysis, Context};

pub const NOTE_TENANT: &str = "rtpcloudcollab.com (default), adminrtpcloudcollab.onmicrosoft.com, ciscolive.us";

pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn context(email: Option<&str>, tenant: &str) -> Context {
    Context {
        email: email.map(str::to_string),
        tenants: vec![Tenant::from_details(None, tenant)],
    }
}

/// A context with one tenant per Tenant details text (`Unknown` for a tenant shown so).
pub fn tenants_context(email: &str, tenants: &[&str]) -> Context {
    Context {
        email: Some(email.to_string()),
        tenants: tenants
            .iter()
            .map(|details| Tenant::from_details(None, details))
            .collect(),
    }
}

pub fn explain_files(files: &[&str], context: &Context, lang: Lang) -> Explained {
    let mut analysis = Analysis::new();
    for file in files {
        analysis
            .add("", &fixture(file), file)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
    }
    analysis.explain(
        context,
        &Presentation {
            lang,
            zone: Zone::fixed(540),
            redactor: Redactor::new(false),
        },
    )
}

pub fn codes(explained: &Explained) -> Vec<&'static str> {
    explained.findings.iter().map(|f| f.code).collect()
}
