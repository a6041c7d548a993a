//! `caldoctor explain`: the doctor's diagnosis of HAR files and Control Hub / Graph JSON, for
//! a terminal or a ticket. Every input that can be read is diagnosed and printed; each one
//! that cannot is named on standard error, one line each. Exit 0 when every input was read
//! (findings or not), 2 otherwise.

mod args;

use std::io::Read;
use std::process::ExitCode;

use args::{Command, Options, OutputFormat};
use caldoctor::explain::redact::Redactor;
use caldoctor::explain::report::{self, Format};
use caldoctor::explain::{Presentation, RenderedFinding, RenderedRequest, RenderedSkip, RenderedTimeline};
use caldoctor::limits::MAX_HAR_BYTES;
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
        Command::Explain(options) => {
            let Explanation { output, unread } = run(options);
            if let Some(output) = output {
                print!("{output}");
            }
            if !unread.is_empty() {
                return fail(&unread);
            }
        }
    }
    ExitCode::SUCCESS
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

fn run(options: Options) -> Explanation {
    let mut analysis = Analysis::new();
    let mut unread = Vec::new();
    for file in &options.files {
        let added = read_input(file).and_then(|body| analysis.add("", &body, file).map_err(|e| format!("{file}: {e}")));
        if let Err(problem) = added {
            unread.push(problem);
        }
    }
    if analysis.inputs.is_empty() {
        return Explanation { output: None, unread };
    }
    let presentation = Presentation {
        lang: options.lang,
        zone: options.zone,
        redactor: Redactor::new(options.redact),
    };
    let explained = analysis.explain(&options.context, &presentation);
    let output = match options.format {
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
        OutputFormat::Text => report::render(&explained, &analysis.inputs, Format::Text, options.redact),
        OutputFormat::Markdown => report::render(&explained, &analysis.inputs, Format::Markdown, options.redact),
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
