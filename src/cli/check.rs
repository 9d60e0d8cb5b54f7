//! `termcheck check`: load the config and glossaries, collect inputs, check
//! them in parallel, fix or print in path order, decide the exit status.

use std::io::{self, BufWriter, Write};

use rayon::prelude::*;
use termcheck::checks::{Checker, Tally};
use termcheck::config::{self, Config};
use termcheck::diagnostic::Diagnostic;
use termcheck::finding::{Finding, Severity};
use termcheck::report::{
    self, Format, GlossaryInfo, HumanOptions, Printer, RunInfo, StatisticsPrinter, Summary,
};
use termcheck::source::SourceMatcher;
use termcheck::text::Document;

use super::args::{CheckArgs, FailOn, FormatArg};
use super::ci;
use super::inputs::{self, Loaded};
use super::load::load_set;
use super::options;
use super::source::{self, SourcePlan};
use super::{Status, stderr_color, stdout_color};

enum Outcome {
    Checked(Document, Vec<Finding>, Vec<Diagnostic>, Option<Tally>),
    Invalid(Box<Diagnostic>),
    Binary(String),
    Failed(String),
}

pub(crate) fn run(args: CheckArgs) -> io::Result<Status> {
    let err_color = stderr_color(args.color);
    let Some(config) = ci::resolve_config(&args.ci, err_color) else {
        return Ok(Status::Error);
    };
    let names = ci::glossary_names(&args.glossary.glossaries, &config);
    let Some(set) = load_set(&names, err_color) else {
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
    let opts = options::check_options(&args.fuzzy, &set, &config.analysis);
    let run_scope = opts.consistency == Some(termcheck::checks::Scope::Run);
    // Never dropped: freeing a large glossary's indexes one allocation at
    // a time costs about a tenth of a second, and the process ends next.
    let checker = match Checker::with_options(set, &opts) {
        Ok(c) => std::mem::ManuallyDrop::new(c),
        Err(e) => {
            eprintln!("error: cannot compile the glossary forms: {e}");
            return Ok(Status::Error);
        }
    };
    ci::config_warnings(&config, &checker, err_color);
    let Ok(mut baseline) = ci::load_baseline(&args.ci) else {
        return Ok(Status::Error);
    };
    let pool = match ci::thread_pool(args.ci.jobs) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(Status::Error);
        }
    };
    let mut collected = inputs::collect(&args.paths, args.stdin_filename.as_deref());
    ci::select(&mut collected.inputs, &config, &args.paths);
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
    let bilingual = match source::bilingual(
        &args.ci,
        &config,
        &collected.inputs,
        &checker,
        source.is_some(),
    ) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(Status::Error);
        }
    };
    let progress = ci::progress(collected.inputs.len());
    // `collect` keeps input order, so output order never depends on
    // scheduling.
    let mut outcomes: Vec<Outcome> = pool.install(|| {
        collected
            .inputs
            .par_iter()
            .map(|input| {
                let outcome = check_input(
                    &checker,
                    &args,
                    &config,
                    (source.as_ref(), bilingual.as_ref()),
                    run_scope,
                    input,
                );
                progress.inc(1);
                outcome
            })
            .collect()
    });
    progress.finish_and_clear();
    if run_scope {
        let mut files: Vec<_> = outcomes
            .iter_mut()
            .filter_map(|o| match o {
                Outcome::Checked(doc, findings, _, tally) => {
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
    if args.ci.write_baseline.is_some() {
        let files = outcomes.iter().filter_map(|o| match o {
            Outcome::Checked(doc, findings, _, _) => Some((doc, findings.as_slice())),
            _ => None,
        });
        if ci::write_baseline(&args.ci, files).is_err() {
            return Ok(Status::Error);
        }
    }
    if let Some(b) = &mut baseline {
        for o in &mut outcomes {
            if let Outcome::Checked(doc, findings, _, _) = o {
                b.filter(doc, findings);
            }
        }
    }
    if args.fix || args.diff {
        let mode = if args.fix {
            super::fix::Mode::Fix
        } else {
            super::fix::Mode::Diff
        };
        let blocked = failed
            || outcomes
                .iter()
                .any(|o| matches!(o, Outcome::Failed(_) | Outcome::Invalid(_)));
        let targets = outcomes
            .iter_mut()
            .zip(&collected.inputs)
            .filter_map(|(o, input)| match o {
                Outcome::Checked(doc, findings, _, _) => Some(super::fix::Target {
                    input,
                    doc,
                    findings,
                }),
                _ => None,
            })
            .collect();
        failed |= super::fix::run(mode, &checker, targets, blocked)?;
    }
    let stdout = io::stdout();
    // With --diff, standard output carries only the diff.
    let out: Box<dyn Write> = if args.diff {
        Box::new(io::sink())
    } else {
        Box::new(BufWriter::new(stdout.lock()))
    };
    let mut printer: Box<dyn Printer> = if args.ci.statistics {
        Box::new(StatisticsPrinter::new(out, args.format == FormatArg::Json))
    } else {
        report::printer(
            format(args.format),
            out,
            HumanOptions {
                color: stdout_color(args.color),
                quiet: args.quiet,
                verbose: args.verbose,
                hyperlinks: super::hyperlinks(args.color),
                width: super::terminal_width(),
            },
        )
    };
    printer.begin(&info)?;
    let mut summary = Summary::default();
    let threshold = fail_on(args.fail_on, &config);
    let mut failing = false;
    for outcome in &outcomes {
        match outcome {
            Outcome::Checked(doc, findings, diagnostics, _) => {
                ci::report_diagnostics(diagnostics, err_color);
                summary.add_file(findings);
                failing |= threshold.is_some_and(|t| findings.iter().any(|f| f.severity >= t));
                printer.file(doc, findings)?;
            }
            Outcome::Invalid(d) => {
                failed = true;
                ci::report_diagnostics(std::slice::from_ref(d.as_ref()), err_color);
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
    } else if failing && args.ci.write_baseline.is_none() {
        Status::Findings
    } else {
        Status::Clean
    })
}

fn check_input(
    checker: &Checker,
    args: &CheckArgs,
    config: &Config,
    (source, bilingual): (Option<&SourcePlan>, Option<&SourceMatcher>),
    run_scope: bool,
    input: &inputs::Input,
) -> Outcome {
    match inputs::read(input) {
        Loaded::Doc(doc) => match source {
            Some(s) => match s.check(checker, &doc) {
                Ok(mut findings) => {
                    config.severity.apply(&mut findings);
                    Outcome::Checked(doc, findings, Vec::new(), None)
                }
                Err(e) => Outcome::Failed(e),
            },
            None => match source::check_doc(
                checker, &args.ci, config, input, &doc, bilingual, run_scope,
            ) {
                Ok(r) => Outcome::Checked(doc, r.findings, r.diagnostics, r.tally),
                Err(d) => Outcome::Invalid(d),
            },
        },
        Loaded::Binary => Outcome::Binary(input.display.clone()),
        Loaded::Error(e) => Outcome::Failed(e),
    }
}

fn format(arg: FormatArg) -> Format {
    match arg {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
        FormatArg::Sarif => Format::Sarif,
        FormatArg::Github => Format::Github,
        FormatArg::Checkstyle => Format::Checkstyle,
        FormatArg::Junit => Format::Junit,
        FormatArg::JsonLines => Format::JsonLines,
    }
}

/// `--fail-on`, else the config's `fail-on`, else warning.
fn fail_on(arg: Option<FailOn>, config: &Config) -> Option<Severity> {
    match arg {
        Some(FailOn::Error) => Some(Severity::Error),
        Some(FailOn::Warning) => Some(Severity::Warning),
        Some(FailOn::Info) => Some(Severity::Info),
        Some(FailOn::Never) => None,
        None => match config.fail_on {
            Some(config::FailOn::Severity(s)) => Some(s),
            Some(config::FailOn::Never) => None,
            None => Some(Severity::Warning),
        },
    }
}
