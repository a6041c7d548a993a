//! `caldoctor explain`: the doctor's diagnosis of HAR files and Control Hub / Graph JSON, for
//! a terminal or a ticket. Exit 0 when every input was read (findings or not), 2 otherwise.

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
    let outcome = args::parse(std::env::args_os().skip(1)).and_then(|command| match command {
        Command::Help => Ok(format!("{}\n", args::USAGE)),
        Command::Version => Ok(format!("caldoctor {}\n", env!("CARGO_PKG_VERSION"))),
        Command::Explain(options) => run(options),
    });
    match outcome {
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

fn run(options: Options) -> Result<String, String> {
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
