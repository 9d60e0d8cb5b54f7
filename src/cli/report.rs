//! `termcheck report`: the terminology usage table.

use std::io::{self, BufWriter, Write};

use termcheck::checks::Checker;
use termcheck::report::usage::{write_usage_human, write_usage_json};
use termcheck::usage::UsageCollector;

use super::args::{ReportArgs, ReportFormat};
use super::inputs::{self, Loaded};
use super::load::load_set;
use super::options::check_options;
use super::source;
use super::{Status, stderr_color};

pub(crate) fn run(args: ReportArgs) -> io::Result<Status> {
    let Some(set) = load_set(&args.glossary.glossaries, stderr_color(args.color)) else {
        return Ok(Status::Error);
    };
    let mut opts = check_options(&args.fuzzy, &set, &Default::default());
    // The table counts spellings across all files; no per-file findings.
    if opts.consistency.is_some() {
        opts.consistency = Some(termcheck::checks::Scope::Run);
    }
    let checker = match Checker::with_options(set, &opts) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: cannot compile the glossary forms: {e}");
            return Ok(Status::Error);
        }
    };
    let collected = inputs::collect(&args.paths, args.stdin_filename.as_deref());
    // Same pairing and source matching as `check --source`.
    let plan = match source::prepare(
        args.source.as_deref(),
        args.align,
        &collected.inputs,
        &checker,
    ) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(Status::Error);
        }
    };
    let mut failed = !collected.errors.is_empty();
    for e in &collected.errors {
        eprintln!("error: {e}");
    }
    let mut usage = UsageCollector::new();
    for input in &collected.inputs {
        match inputs::read(input) {
            Loaded::Doc(doc) => match &plan {
                Some(p) => {
                    if let Err(e) = p.usage(&mut usage, &checker, &doc) {
                        eprintln!("error: {e}");
                        return Ok(Status::Error);
                    }
                }
                None => {
                    usage.add(&checker, &doc);
                }
            },
            Loaded::Binary => eprintln!("note: skipped `{}`: binary file", input.display),
            Loaded::Error(e) => {
                failed = true;
                eprintln!("error: {e}");
            }
        }
    }
    let table = usage.finish(&checker);
    let mut out = BufWriter::new(super::stdout::stdout());
    match args.format {
        ReportFormat::Human => write_usage_human(&mut out, &table)?,
        ReportFormat::Json => write_usage_json(&mut out, &table)?,
    }
    out.flush()?;
    Ok(if failed { Status::Error } else { Status::Clean })
}
