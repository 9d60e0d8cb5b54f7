//! `termcheck check`: load glossaries, collect inputs, check them in
//! parallel, print in path order, decide the exit status.

use std::io::{self, BufWriter, Write};

use rayon::prelude::*;
use termcheck::checks::Checker;
use termcheck::finding::{Finding, Severity};
use termcheck::report::{self, Format, GlossaryInfo, HumanOptions, RunInfo, Summary};
use termcheck::text::Document;

use super::args::{CheckArgs, FailOn, FormatArg};
use super::inputs::{self, Loaded};
use super::load::load_set;
use super::source;
use super::{Status, stderr_color, stdout_color};

enum Outcome {
    Checked(Document, Vec<Finding>),
    Binary(String),
    Failed(String),
}

pub(crate) fn run(args: CheckArgs) -> io::Result<Status> {
    let err_color = stderr_color(args.color);
    let Some(set) = load_set(&args.glossary.glossaries, err_color) else {
        return Ok(Status::Error);
    };
    let info = RunInfo {
        glossaries: set
            .glossaries()
            .iter()
            .map(|g| GlossaryInfo {
                path: g.path.clone(),
                name: g.name.clone(),
                terms: g.terms.len(),
            })
            .collect(),
    };
    let checker = match Checker::new(set) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: cannot compile the glossary forms: {e}");
            return Ok(Status::Error);
        }
    };
    let collected = inputs::collect(&args.paths, args.stdin_filename.as_deref());
    let source = match source::prepare(
        args.source.as_deref(),
        args.align,
        &collected.inputs,
        &checker,
    ) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(Status::Error);
        }
    };
    let mut outcomes: Vec<Outcome> = collected
        .inputs
        .par_iter()
        .map(|input| match inputs::read(input) {
            Loaded::Doc(doc) => match &source {
                Some(s) => match s.check(&checker, &doc) {
                    Ok(findings) => Outcome::Checked(doc, findings),
                    Err(e) => Outcome::Failed(e),
                },
                None => {
                    let findings = checker.check(&doc);
                    Outcome::Checked(doc, findings)
                }
            },
            Loaded::Binary => Outcome::Binary(input.display.clone()),
            Loaded::Error(e) => Outcome::Failed(e),
        })
        .collect();

    let mut failed = !collected.errors.is_empty();
    for e in &collected.errors {
        eprintln!("error: {e}");
    }
    if args.fix || args.diff {
        let mode = if args.fix {
            super::fix::Mode::Fix
        } else {
            super::fix::Mode::Diff
        };
        let blocked = failed || outcomes.iter().any(|o| matches!(o, Outcome::Failed(_)));
        let targets = outcomes
            .iter_mut()
            .zip(&collected.inputs)
            .filter_map(|(o, input)| match o {
                Outcome::Checked(doc, findings) => Some(super::fix::Target {
                    input,
                    doc,
                    findings,
                }),
                _ => None,
            })
            .collect();
        failed |= super::fix::run(mode, &checker, targets, blocked)?;
    }
    let format = match args.format {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
    };
    let stdout = io::stdout();
    // With --diff, standard output carries only the diff.
    let out: Box<dyn Write> = if args.diff {
        Box::new(io::sink())
    } else {
        Box::new(BufWriter::new(stdout.lock()))
    };
    let mut printer = report::printer(
        format,
        out,
        HumanOptions {
            color: stdout_color(args.color),
            quiet: args.quiet,
            verbose: args.verbose,
            hyperlinks: super::hyperlinks(args.color),
            width: super::terminal_width(),
        },
    );
    printer.begin(&info)?;
    let mut summary = Summary::default();
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    let mut failing = false;
    for outcome in &outcomes {
        match outcome {
            Outcome::Checked(doc, findings) => {
                summary.add_file(findings);
                failing |= threshold.is_some_and(|t| findings.iter().any(|f| f.severity >= t));
                printer.file(doc, findings)?;
            }
            Outcome::Binary(path) => eprintln!("note: skipped `{path}`: binary file"),
            Outcome::Failed(e) => {
                failed = true;
                eprintln!("error: {e}");
            }
        }
    }
    printer.finish(&summary)?;
    Ok(if failed {
        Status::Error
    } else if failing {
        Status::Findings
    } else {
        Status::Clean
    })
}
