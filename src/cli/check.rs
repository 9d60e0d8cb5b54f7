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
use super::options;
use super::{Status, stderr_color, stdout_color};

enum Outcome {
    Checked(Document, Vec<Finding>, Option<termcheck::checks::Tally>),
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
    let opts = options::check_options(&args.fuzzy, &set);
    let run_scope = opts.consistency == Some(termcheck::checks::Scope::Run);
    let checker = match Checker::with_options(set, &opts) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: cannot compile the glossary forms: {e}");
            return Ok(Status::Error);
        }
    };
    let collected = inputs::collect(&args.paths, args.stdin_filename.as_deref());
    let mut outcomes: Vec<Outcome> = collected
        .inputs
        .par_iter()
        .map(|input| match inputs::read(input) {
            Loaded::Doc(doc) => {
                let (findings, tally) = options::check_doc(&checker, &doc, run_scope);
                Outcome::Checked(doc, findings, tally)
            }
            Loaded::Binary => Outcome::Binary(input.display.clone()),
            Loaded::Error(e) => Outcome::Failed(e),
        })
        .collect();
    if run_scope {
        let mut files: Vec<_> = outcomes
            .iter_mut()
            .filter_map(|o| match o {
                Outcome::Checked(doc, findings, tally) => {
                    Some((&*doc, findings, tally.take().unwrap_or_default()))
                }
                _ => None,
            })
            .collect();
        options::run_consistency(&mut files);
    }

    let mut failed = !collected.errors.is_empty();
    for e in &collected.errors {
        eprintln!("error: {e}");
    }
    let format = match args.format {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
    };
    let stdout = io::stdout();
    let out: Box<dyn Write> = Box::new(BufWriter::new(stdout.lock()));
    let mut printer = report::printer(
        format,
        out,
        HumanOptions {
            color: stdout_color(args.color),
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
            Outcome::Checked(doc, findings, _) => {
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
