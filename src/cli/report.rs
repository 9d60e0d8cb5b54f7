//! `termcheck report`: the terminology usage table, counted on what the
//! engine checks (the same inputs, formats, suppressions and severities as
//! `check`).

use std::io::{self, BufWriter, Write};

use termcheck::engine::input::Read;
use termcheck::engine::usage::{Observed, UsageCollector};
use termcheck::engine::{FileOutcome, Verdict};
use termcheck::report::usage::{write_usage_human, write_usage_json};

use super::args::{FailOn, ReportArgs, ReportFormat};
use super::resolve::{Extra, resolve};
use super::{Status, print_error, stderr_color};

pub(crate) fn run(args: ReportArgs) -> io::Result<Status> {
    let color = stderr_color(args.color);
    let resolved = resolve(
        &args.glossary,
        &args.settings,
        Extra {
            source: args.source.as_deref().map(|p| (p, args.align)),
            // The table counts spellings across all files.
            run_consistency: true,
            // The table never fails on findings.
            fail_on: Some(FailOn::Never),
            inputs: &args.paths,
            ..Extra::default()
        },
    );
    let engine = match resolved {
        Ok(r) => r.engine,
        Err(e) => {
            print_error(&e, color);
            return Ok(Status::Error);
        }
    };
    let collected = match engine.collect(&args.paths, args.stdin_filename.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            print_error(&e, color);
            return Ok(Status::Error);
        }
    };
    let mut verdict = Verdict::default();
    for e in &collected.errors {
        print_error(e, color);
        verdict.failed = true;
    }
    let mut usage = UsageCollector::new();
    for inp in &collected.inputs {
        let doc = match engine.read(inp) {
            Ok(Read::Doc(doc)) => doc,
            Ok(Read::Skipped(why)) => {
                eprintln!("note: skipped `{}`: {}", inp.display, why.as_str());
                continue;
            }
            Err(e) => {
                print_error(&e, color);
                verdict.failed = true;
                continue;
            }
        };
        if let Some(plan) = engine.source() {
            match plan.plan(&doc) {
                Ok(p) => usage.add_source(&p, plan.document()),
                Err(e) => {
                    print_error(&e, color);
                    return Ok(Status::Error);
                }
            }
        }
        let mut observed = Observed::default();
        let outcome = engine.check_document_observed(doc, engine.format_of(inp), |cx, found| {
            observed.window(cx, found)
        });
        match outcome {
            FileOutcome::Checked(mut c) => usage.add(engine.glossaries(), &mut c, observed),
            FileOutcome::Failed(e) => {
                print_error(&e, color);
                verdict.failed = true;
            }
            FileOutcome::Skipped(_) => {}
        }
    }
    let table = usage.finish(engine.checker());
    let mut out = BufWriter::new(super::stdout::stdout());
    match args.format {
        ReportFormat::Human => write_usage_human(&mut out, &table)?,
        ReportFormat::Json => write_usage_json(&mut out, &table)?,
    }
    out.flush()?;
    Ok(verdict.status(true).into())
}
