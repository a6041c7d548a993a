//! `caldoctor explain`: the doctor's diagnosis of HAR files and Control Hub / Graph JSON, for
//! a terminal or a ticket. Exit 0 when every input was read (findings or not), 2 otherwise.

use std::io::Read;
use std::process::ExitCode;

use caldoctor::diagnose::domain::parse_domain_list;
use caldoctor::explain::catalog::Lang;
use caldoctor::explain::redact::Redactor;
use caldoctor::explain::report::{self, Format};
use caldoctor::explain::{Presentation, RenderedFinding, RenderedRequest, RenderedSkip, RenderedTimeline, Zone};
use caldoctor::limits::MAX_HAR_BYTES;
use caldoctor::time::{Timestamp, parse_offset};
use caldoctor::{Analysis, Context, InputSummary};
use chrono::{Local, Offset, TimeZone};
use serde::Serialize;

const USAGE: &str = "usage: caldoctor explain [--format text|json|markdown] [--lang en|ja] \
[--tz UTC|+09:00|local] [--tenant-domains a.com,b.com] [--email addr] [--no-redact] FILE...
  FILE is a HAR file or a response body (USS userStatuses / userJournal, Calendar Cloud
  Connector status, workspace object, Microsoft Graph error); - reads standard input.";

/// `--format json`: findings first, in the order the core ranks them.
#[derive(Serialize)]
struct JsonOutput<'a> {
    findings: &'a [RenderedFinding],
    omitted: usize,
    timelines: &'a [RenderedTimeline],
    requests: &'a [RenderedRequest],
    skipped: &'a [RenderedSkip],
    inputs: &'a [InputSummary],
    time_note: &'a str,
}

#[derive(Clone, Copy, PartialEq)]
enum OutputFormat {
    Text,
    Json,
    Markdown,
}

struct Options {
    format: OutputFormat,
    lang: Lang,
    zone: Zone,
    context: Context,
    redact: bool,
    files: Vec<String>,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    if args.iter().any(|a| a == "--version" || a == "-V") {
        println!("caldoctor {}", env!("CARGO_PKG_VERSION"));
        return ExitCode::SUCCESS;
    }
    match run(&args) {
        Ok(output) => {
            print!("{output}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("caldoctor: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<String, String> {
    let options = parse_args(args)?;
    let mut analysis = Analysis::new();
    for file in &options.files {
        let body = read_input(file)?;
        analysis.add("", &body, file).map_err(|e| format!("{file}: {e}"))?;
    }
    let presentation = Presentation {
        lang: options.lang,
        zone: options.zone,
        redactor: Redactor::new(options.redact),
    };
    let explained = analysis.explain(&options.context, &presentation);
    Ok(match options.format {
        OutputFormat::Json => {
            let output = JsonOutput {
                findings: &explained.findings,
                omitted: explained.omitted,
                timelines: &explained.timelines,
                requests: &explained.requests,
                skipped: &explained.skipped,
                inputs: &analysis.inputs,
                time_note: &explained.time_note,
            };
            serde_json::to_string_pretty(&output).map_err(|e| e.to_string())? + "\n"
        }
        OutputFormat::Text => report::render(&explained, &analysis.inputs, Format::Text, options.redact),
        OutputFormat::Markdown => report::render(&explained, &analysis.inputs, Format::Markdown, options.redact),
    })
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut args = args.iter();
    match args.next().map(String::as_str) {
        Some("explain") => {}
        Some(other) => return Err(format!("unknown command `{other}`\n{USAGE}")),
        None => return Err(USAGE.to_string()),
    }
    let mut options = Options {
        format: OutputFormat::Text,
        lang: Lang::En,
        zone: Zone::utc(),
        context: Context::default(),
        redact: true,
        files: Vec::new(),
    };
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name, Some(value.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next().cloned())
                .ok_or(format!("{name} needs a value"))
        };
        match name {
            "--format" => {
                options.format = match value()?.as_str() {
                    "text" => OutputFormat::Text,
                    "json" => OutputFormat::Json,
                    "markdown" | "md" => OutputFormat::Markdown,
                    other => return Err(format!("--format: unknown format `{other}` (text, json, markdown)")),
                }
            }
            "--lang" => {
                options.lang = match value()?.as_str() {
                    "en" => Lang::En,
                    "ja" => Lang::Ja,
                    other => return Err(format!("--lang: unknown language `{other}` (en, ja)")),
                }
            }
            "--tz" => options.zone = parse_zone(&value()?)?,
            "--tenant-domains" => {
                let list = value()?;
                options.context.tenant_domains = parse_domain_list(&list);
                if options.context.tenant_domains.is_empty() {
                    return Err(format!("--tenant-domains: no domain in `{list}`"));
                }
            }
            "--email" => {
                let email = value()?;
                if caldoctor::diagnose::domain::email_domain(&email).is_none() {
                    return Err(format!("--email: `{email}` is not an email address"));
                }
                options.context.email = Some(email);
            }
            "--no-redact" => options.redact = false,
            "-" => options.files.push(arg.clone()),
            flag if flag.starts_with('-') => return Err(format!("unknown option `{flag}`\n{USAGE}")),
            _ => options.files.push(arg.clone()),
        }
    }
    if options.files.is_empty() {
        return Err(format!("no input file\n{USAGE}"));
    }
    Ok(options)
}

fn parse_zone(text: &str) -> Result<Zone, String> {
    if text.eq_ignore_ascii_case("local") {
        return Ok(Zone::from_fn(|at: Timestamp| {
            Local
                .timestamp_millis_opt(at.0)
                .single()
                .map_or(0, |local| local.offset().fix().local_minus_utc() / 60)
        }));
    }
    parse_offset(text)
        .map(Zone::fixed)
        .ok_or(format!("--tz: `{text}` is not UTC, local or an offset such as +09:00"))
}

fn read_input(file: &str) -> Result<String, String> {
    let limit = u64::try_from(MAX_HAR_BYTES).unwrap_or(u64::MAX);
    let mut bytes = Vec::new();
    let read = if file == "-" {
        std::io::stdin().take(limit + 1).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(file).and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
    };
    let name = if file == "-" { "standard input" } else { file };
    read.map_err(|e| format!("{name}: cannot read: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!("{name}: larger than the limit of {MAX_HAR_BYTES} bytes"));
    }
    // A HAR or JSON file saved with a byte-order mark is still JSON.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").map(<[u8]>::to_vec).unwrap_or(bytes);
    String::from_utf8(bytes).map_err(|e| format!("{name}: not UTF-8 text (byte {})", e.utf8_error().valid_up_to()))
}
