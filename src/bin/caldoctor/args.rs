//! The command line, read with lexopt: `caldoctor explain [OPTIONS] FILE...`,
//! `caldoctor triage [OPTIONS] FILE...`, and `--help` or `--version` anywhere.

use std::ffi::OsString;

use caldoctor::Context;
use caldoctor::diagnose::domain::email_domain;
use caldoctor::diagnose::tenant::Tenant;
use caldoctor::explain::Zone;
use caldoctor::explain::catalog::Lang;
use caldoctor::time::{Timestamp, parse_offset};
use chrono::{Local, Offset, TimeZone};
use lexopt::{Arg, Parser, ValueExt};

pub const USAGE: &str = "usage: caldoctor explain [--format text|json|markdown] [--lang en|ja] \
[--tz UTC|+09:00|local] [--tenant-domains [NAME=]a.com,b.com|unknown]... [--email addr] \
[--no-redact] FILE...
       caldoctor triage [--format text|json|csv|markdown] [--lang en|ja] [--tz UTC|+09:00|local] \
[--tenant-domains [NAME=]a.com,b.com|unknown]... [--no-redact] FILE...
  explain: what is wrong and how to fix it, finding by finding. triage: every user and
  workspace in error across the org, grouped by cause, with the fix once per group.
  FILE is a HAR file, the User Status Report's user_statuses.csv, or a response body (USS
  userStatuses / userJournal / summary, org alarms, Calendar Cloud Connector status, workspace
  object or list, SCIM users, machine accounts, Microsoft Graph error); - reads standard input.
  --tenant-domains, once per Microsoft 365 tenant of the org: its domains as Tenant details
  lists them, `unknown` for a tenant Control Hub shows as Unknown, after an optional NAME=.";

pub enum Command {
    Help,
    Version,
    Explain(Options),
    Triage(Options),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Verb {
    Explain,
    Triage,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum OutputFormat {
    Text,
    Json,
    Markdown,
    /// `triage` only: one row per subject in error.
    Csv,
}

pub struct Options {
    pub format: OutputFormat,
    pub lang: Lang,
    pub zone: Zone,
    pub context: Context,
    pub redact: bool,
    pub files: Vec<String>,
}

/// The command the arguments (without the program's name) ask for, or the usage error to tell.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, String> {
    let mut parser = Parser::from_args(args);
    let mut options = Options {
        format: OutputFormat::Text,
        lang: Lang::En,
        zone: Zone::utc(),
        context: Context::default(),
        redact: true,
        files: Vec::new(),
    };
    let mut verb = None;
    // The first usage error is told once the whole line is read: `--help` or `--version`
    // anywhere wins over it.
    let mut first_error = None;
    loop {
        let arg = match parser.next() {
            Ok(Some(arg)) => arg,
            Ok(None) => break,
            Err(error) => {
                first_error.get_or_insert(error.to_string());
                continue;
            }
        };
        let read = match arg {
            Arg::Short('h') | Arg::Long("help") => return Ok(Command::Help),
            Arg::Short('V') | Arg::Long("version") => return Ok(Command::Version),
            arg if verb.is_none() => match arg {
                Arg::Value(command) if command == "explain" => {
                    verb = Some(Verb::Explain);
                    Ok(())
                }
                Arg::Value(command) if command == "triage" => {
                    verb = Some(Verb::Triage);
                    Ok(())
                }
                other => {
                    verb = Some(Verb::Explain);
                    Err(format!("unknown command `{}`\n{USAGE}", shown(&other)))
                }
            },
            Arg::Long(name) => {
                let name = name.to_string();
                let verb = verb.unwrap_or(Verb::Explain);
                read_option(&name, verb, &mut parser, &mut options)
            }
            Arg::Value(file) => file
                .string()
                .map(|file| options.files.push(file))
                .map_err(|e| e.to_string()),
            short => Err(format!("unknown option `{}`\n{USAGE}", shown(&short))),
        };
        if let Err(error) = read {
            first_error.get_or_insert(error);
        }
    }
    match (first_error, verb) {
        (Some(error), _) => Err(error),
        (None, None) => Err(USAGE.to_string()),
        (None, Some(_)) if options.files.is_empty() => Err(format!("no input file\n{USAGE}")),
        (None, Some(Verb::Explain)) => Ok(Command::Explain(options)),
        (None, Some(Verb::Triage)) => Ok(Command::Triage(options)),
    }
}

/// The long option `--name`, with its value when it takes one.
fn read_option(name: &str, verb: Verb, parser: &mut Parser, options: &mut Options) -> Result<(), String> {
    match name {
        "format" => {
            options.format = match (value(parser, "--format")?.as_str(), verb) {
                ("text", _) => OutputFormat::Text,
                ("json", _) => OutputFormat::Json,
                ("markdown" | "md", _) => OutputFormat::Markdown,
                ("csv", Verb::Triage) => OutputFormat::Csv,
                (other, Verb::Explain) => {
                    return Err(format!("--format: unknown format `{other}` (text, json, markdown)"));
                }
                (other, Verb::Triage) => {
                    return Err(format!(
                        "--format: unknown format `{other}` (text, json, csv, markdown)"
                    ));
                }
            }
        }
        "lang" => {
            options.lang = match value(parser, "--lang")?.as_str() {
                "en" => Lang::En,
                "ja" => Lang::Ja,
                other => return Err(format!("--lang: unknown language `{other}` (en, ja)")),
            }
        }
        "tz" => options.zone = parse_zone(&value(parser, "--tz")?)?,
        "tenant-domains" => {
            let tenant = parse_tenant(&value(parser, "--tenant-domains")?)?;
            options.context.tenants.push(tenant);
        }
        "email" if verb == Verb::Triage => {
            return Err("--email: triage reads every subject's own address from its inputs".to_string());
        }
        "email" => {
            let email = value(parser, "--email")?;
            if email_domain(&email).is_none() {
                return Err(format!("--email: `{email}` is not an email address"));
            }
            options.context.email = Some(email);
        }
        "no-redact" => options.redact = false,
        _ => return Err(format!("unknown option `--{name}`\n{USAGE}")),
    }
    Ok(())
}

fn value(parser: &mut Parser, name: &str) -> Result<String, String> {
    let value = parser.value().map_err(|_| format!("{name} needs a value"))?;
    value.string().map_err(|e| e.to_string())
}

/// An argument as it was typed.
fn shown(arg: &Arg) -> String {
    match arg {
        Arg::Short(short) => format!("-{short}"),
        Arg::Long(long) => format!("--{long}"),
        Arg::Value(value) => value.to_string_lossy().into_owned(),
    }
}

/// One tenant of `--tenant-domains [NAME=]DOMAINS`: its domains, or `unknown`.
fn parse_tenant(given: &str) -> Result<Tenant, String> {
    let (name, details) = match given.split_once('=') {
        Some((name, details)) => (Some(name), details),
        None => (None, given),
    };
    let tenant = Tenant::from_details(name, details);
    if tenant.is_unknown() || !tenant.known_domains().is_empty() {
        Ok(tenant)
    } else {
        Err(format!("--tenant-domains: no domain in `{given}` (nor `unknown`)"))
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(args: &[&str]) -> Result<Command, String> {
        parse(args.iter().map(OsString::from))
    }

    fn options(args: &[&str]) -> Options {
        match parsed(args) {
            Ok(Command::Explain(options)) => options,
            Ok(_) => panic!("{args:?}: not explain"),
            Err(error) => panic!("{args:?}: {error}"),
        }
    }

    fn error(args: &[&str]) -> String {
        parsed(args).err().unwrap_or_else(|| panic!("{args:?} was accepted"))
    }

    #[test]
    fn reads_options_with_separate_or_inline_values() {
        let read = options(&[
            "explain",
            "--format=json",
            "--lang",
            "ja",
            "--tenant-domains",
            "a.example,b.example",
            "--email=room@a.example",
            "--no-redact",
            "one.har",
            "-",
        ]);
        assert_eq!(read.format, OutputFormat::Json);
        assert_eq!(read.lang, Lang::Ja);
        assert_eq!(read.context.tenants.len(), 1);
        assert_eq!(read.context.tenants[0].known_domains().len(), 2);
        assert_eq!(read.context.email.as_deref(), Some("room@a.example"));
        assert!(!read.redact);
        assert_eq!(read.files, ["one.har", "-"]);
        assert_eq!(
            options(&["explain", "--format", "md", "x"]).format,
            OutputFormat::Markdown
        );
    }

    #[test]
    fn each_tenant_domains_is_one_tenant_named_listed_or_unknown() {
        let read = options(&[
            "explain",
            "--tenant-domains",
            "rtpcloudcollab.com (default), adminrtpcloudcollab.onmicrosoft.com",
            "--tenant-domains=Live=ciscolive.us",
            "--tenant-domains",
            "unknown",
            "--tenant-domains",
            "Old tenant=Unknown",
            "x",
        ]);
        let tenants: Vec<(Option<&str>, usize, bool)> = read
            .context
            .tenants
            .iter()
            .map(|t| (t.name.as_deref(), t.known_domains().len(), t.is_unknown()))
            .collect();
        assert_eq!(
            tenants,
            [
                (None, 2, false),
                (Some("Live"), 1, false),
                (None, 0, true),
                (Some("Old tenant"), 0, true)
            ]
        );
        assert!(
            error(&["explain", "--tenant-domains", "Live=", "x"]).starts_with("--tenant-domains: no domain in `Live=`")
        );
    }

    #[test]
    fn help_and_version_win_wherever_they_are() {
        for args in [
            &["--help"][..],
            &["explain", "--lang", "fr", "-h"],
            &["frobnicate", "--help"],
        ] {
            assert!(matches!(parsed(args), Ok(Command::Help)), "{args:?}");
        }
        assert!(matches!(parsed(&["explain", "x", "-V"]), Ok(Command::Version)));
    }

    #[test]
    fn usage_errors_say_what_is_wrong() {
        assert_eq!(error(&[]), USAGE);
        assert!(error(&["frobnicate"]).starts_with("unknown command `frobnicate`\nusage:"));
        assert!(error(&["--format", "json", "explain"]).starts_with("unknown command `--format`"));
        assert!(error(&["explain"]).starts_with("no input file\nusage:"));
        assert_eq!(error(&["explain", "--format"]), "--format needs a value");
        assert!(error(&["explain", "--bogus", "x"]).starts_with("unknown option `--bogus`\nusage:"));
        assert!(error(&["explain", "-x", "f"]).starts_with("unknown option `-x`"));
        assert!(error(&["explain", "--lang", "fr", "x"]).starts_with("--lang: unknown language `fr`"));
        assert!(error(&["explain", "--tz", "Mars/Base", "x"]).starts_with("--tz: `Mars/Base`"));
        assert!(error(&["explain", "--email", "nope", "x"]).starts_with("--email: `nope`"));
        assert!(error(&["explain", "--tenant-domains", ",", "x"]).starts_with("--tenant-domains: no domain"));
        // The first error is the one told.
        assert!(error(&["explain", "--lang", "fr", "--format", "yaml", "x"]).starts_with("--lang"));
    }
}
