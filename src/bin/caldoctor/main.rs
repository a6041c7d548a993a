//! `caldoctor explain`: the doctor's diagnosis of HAR files and Control Hub / Graph JSON, for
//! a terminal or a ticket; `caldoctor triage`: the org's subjects in error grouped by cause.
//! Every input that can be read is diagnosed and printed; each one that cannot is named on
//! standard error, one line each. Exit 0 when every input was read (findings or not), 2
//! otherwise.

mod args;

use std::io::Read;
use std::process::ExitCode;

use args::{Command, Options, OutputFormat};
use caldoctor::explain::redact::Redactor;
use caldoctor::explain::report::{self, Format};
use caldoctor::explain::{Presentation, RenderedFinding, RenderedRequest, RenderedSkip, RenderedTimeline};
use caldoctor::limits::MAX_HAR_BYTES;
use caldoctor::triage::{self, rendered, summary};
use caldoctor::{Analysis, InputSummary};
use serde::Serialize;

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

fn main() -> ExitCode {
    let command = match args::parse(std::env::args_os().skip(1)) {
        Ok(command) => command,
        Err(message) => return fail(&[message]),
    };
    match command {
        Command::Help => println!("{}", args::USAGE),
        Command::Version => println!("caldoctor {}", env!("CARGO_PKG_VERSION")),
        Command::Explain(options) => return finish(explain(options)),
        Command::Triage(options) => return finish(triage(options)),
    }
    ExitCode::SUCCESS
}

/// Prints what was written, then tells what was not read.
fn finish(Explanation { output, unread }: Explanation) -> ExitCode {
    if let Some(output) = output {
        print!("{output}");
    }
    if unread.is_empty() {
        ExitCode::SUCCESS
    } else {
        fail(&unread)
    }
}

/// Tells each problem on its own line of standard error, and exits 2.
fn fail(problems: &[String]) -> ExitCode {
    for problem in problems {
        eprintln!("caldoctor: {problem}");
    }
    ExitCode::from(2)
}

/// What `explain` prints: the report of the inputs it read (none when it read none: an empty
/// report would read as all clear), and why each other input was not read.
struct Explanation {
    output: Option<String>,
    unread: Vec<String>,
}

/// Every file that can be read, and why each other one was not.
fn read_all(files: &[String]) -> (Analysis, Vec<String>) {
    let mut analysis = Analysis::new();
    let mut unread = Vec::new();
    for file in files {
        let added = read_input(file).and_then(|body| analysis.add("", &body, file).map_err(|e| format!("{file}: {e}")));
        if let Err(problem) = added {
            unread.push(problem);
        }
    }
    (analysis, unread)
}

fn presentation(options: Options) -> Presentation {
    Presentation {
        lang: options.lang,
        zone: options.zone,
        redactor: Redactor::new(options.redact),
    }
}

fn explain(options: Options) -> Explanation {
    let (analysis, mut unread) = read_all(&options.files);
    if analysis.inputs.is_empty() {
        return Explanation { output: None, unread };
    }
    let (format, redact, context) = (options.format, options.redact, options.context.clone());
    let presentation = presentation(options);
    let explained = analysis.explain(&context, &presentation);
    let output = match format {
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
            match serde_json::to_string_pretty(&output) {
                Ok(json) => json + "\n",
                Err(error) => {
                    unread.push(error.to_string());
                    return Explanation { output: None, unread };
                }
            }
        }
        OutputFormat::Text | OutputFormat::Csv => report::render(&explained, &analysis.inputs, Format::Text, redact),
        OutputFormat::Markdown => report::render(&explained, &analysis.inputs, Format::Markdown, redact),
    };
    Explanation {
        output: Some(output),
        unread,
    }
}

/// The org's subjects in error, grouped by cause: every group's subjects in text, the ticket's
/// summary in Markdown, the rows in CSV, everything in JSON.
fn triage(options: Options) -> Explanation {
    let (mut analysis, mut unread) = read_all(&options.files);
    if analysis.inputs.is_empty() {
        return Explanation { output: None, unread };
    }
    triage::keep_latest_statuses(&mut analysis.observed);
    let built = triage::build(&analysis.observed, &analysis.skipped, &options.context);
    let (format, redact, lang) = (options.format, options.redact, options.lang);
    let presentation = presentation(options);
    let output = match format {
        OutputFormat::Csv => triage::csv::write(&built, &presentation.redactor),
        OutputFormat::Json => match serde_json::to_string_pretty(&rendered::render(&built, &presentation)) {
            Ok(json) => json + "\n",
            Err(error) => {
                unread.push(error.to_string());
                return Explanation { output: None, unread };
            }
        },
        OutputFormat::Text => summary::write(
            &rendered::render(&built, &presentation),
            lang,
            Format::Text,
            redact,
            usize::MAX,
        ),
        OutputFormat::Markdown => summary::write(
            &rendered::render(&built, &presentation),
            lang,
            Format::Markdown,
            redact,
            summary::TICKET_SUBJECTS_PER_GROUP,
        ),
    };
    Explanation {
        output: Some(output),
        unread,
    }
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
    // A HAR, JSON or CSV file saved with a byte-order mark is still what it was.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").map(<[u8]>::to_vec).unwrap_or(bytes);
    String::from_utf8(bytes).map_err(|e| format!("{name}: not UTF-8 text (byte {})", e.utf8_error().valid_up_to()))
}
