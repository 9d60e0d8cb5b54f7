//! `termcheck check`: load the config and glossaries, collect inputs, check
//! them in parallel, fix or print in path order, decide the exit status.

use std::io::{self, BufWriter, Write};

use rayon::prelude::*;
use termcheck::baseline::Baseline;
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
    inputs::set_max_size(
        args.max_file_size
            .or(config.max_file_size)
            .unwrap_or(termcheck::io::read::DEFAULT_MAX_SIZE),
    );
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
    // Never freed: the compiled glossary is hundreds of thousands of small
    // allocations for a large glossary, and freeing them one by one took a
    // fifth of a 10,000-term run on a short text. The process ends next.
    let checker = match Checker::with_options(set, &opts) {
        Ok(c) => &*Box::leak(Box::new(c)),
        Err(e) => {
            eprintln!("error: cannot compile the glossary forms: {e}");
            return Ok(Status::Error);
        }
    };
    ci::config_warnings(&config, checker, err_color);
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
        checker,
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
        checker,
        source.is_some(),
    ) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(Status::Error);
        }
    };
    let threshold = fail_on(args.fail_on, &config);
    let check_all = |inputs: &[inputs::Input], progress: &indicatif::ProgressBar| -> Vec<Outcome> {
        // `collect` keeps input order, so output order never depends on
        // scheduling.
        pool.install(|| {
            inputs
                .par_iter()
                .map(|input| {
                    let outcome = check_input(
                        checker,
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
        })
    };
    // Without passes over the whole run (run-scoped consistency, a
    // baseline to write, fixes), files are checked and printed a batch at
    // a time, so a run over many files holds one batch of documents.
    let batched = !run_scope && args.ci.write_baseline.is_none() && !args.fix && !args.diff;
    let batches = if batched {
        batches(&collected.inputs, BATCH_BYTES, BATCH_FILES)
    } else {
        Vec::new()
    };
    let mut failed = !collected.errors.is_empty();
    for e in &collected.errors {
        eprintln!("error: {e}");
    }
    if batches.len() > 1 {
        let progress = ci::progress(collected.inputs.len());
        let mut sink = Sink::new(printer(&args), threshold, err_color);
        sink.printer.begin(&info)?;
        for range in batches {
            let mut outcomes = check_all(&collected.inputs[range], &progress);
            filter_baseline(baseline.as_mut(), &mut outcomes);
            progress.suspend(|| -> io::Result<()> {
                for outcome in outcomes {
                    sink.print(outcome)?;
                }
                Ok(())
            })?;
        }
        progress.finish_and_clear();
        print_notes(checker);
        return sink.finish(failed, false);
    }
    let progress = ci::progress(collected.inputs.len());
    let mut outcomes = check_all(&collected.inputs, &progress);
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
    if args.ci.write_baseline.is_some() {
        let files = outcomes.iter().filter_map(|o| match o {
            Outcome::Checked(doc, findings, _, _) => Some((doc, findings.as_slice())),
            _ => None,
        });
        if ci::write_baseline(&args.ci, files).is_err() {
            return Ok(Status::Error);
        }
    }
    filter_baseline(baseline.as_mut(), &mut outcomes);
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
        failed |= super::fix::run(mode, checker, targets, blocked)?;
    }
    let mut sink = Sink::new(printer(&args), threshold, err_color);
    // Every file is checked: the JSON head can be written and findings
    // streamed.
    sink.printer.expect_files(
        outcomes
            .iter()
            .filter(|o| matches!(o, Outcome::Checked(..)))
            .count(),
    );
    sink.printer.begin(&info)?;
    for outcome in outcomes {
        sink.print(outcome)?;
    }
    print_notes(checker);
    sink.finish(failed, args.ci.write_baseline.is_some())
}

/// Limits the checks hit (findings may be missing where they did).
fn print_notes(checker: &Checker) {
    for n in checker.notes() {
        eprintln!("note: {n}");
    }
}

/// Drops the findings the baseline (`--baseline`) records.
fn filter_baseline(baseline: Option<&mut Baseline>, outcomes: &mut [Outcome]) {
    let Some(b) = baseline else {
        return;
    };
    for o in outcomes {
        if let Outcome::Checked(doc, findings, _, _) = o {
            b.filter(doc, findings);
        }
    }
}

/// A batch is closed once its files hold this many bytes...
const BATCH_BYTES: u64 = 32 << 20;
/// ...or this many files.
const BATCH_FILES: usize = 1024;

/// Consecutive ranges of `inputs` of at most `max_bytes` (by file size;
/// a larger file is a batch of its own) and `max_files` each.
fn batches(
    inputs: &[inputs::Input],
    max_bytes: u64,
    max_files: usize,
) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0u64);
    for (i, input) in inputs.iter().enumerate() {
        let len = match &input.source {
            inputs::Source::File(p) => std::fs::metadata(p).map_or(0, |m| m.len()),
            inputs::Source::Stdin => 0,
        };
        if i > start && (bytes + len > max_bytes || i - start >= max_files) {
            out.push(start..i);
            (start, bytes) = (i, 0);
        }
        bytes += len;
    }
    if start < inputs.len() {
        out.push(start..inputs.len());
    }
    out
}

/// The printer for `--format` (or `--statistics`) on standard output.
fn printer(args: &CheckArgs) -> Box<dyn Printer> {
    // With --diff, standard output carries only the diff.
    let out: Box<dyn Write> = if args.diff {
        Box::new(io::sink())
    } else {
        Box::new(BufWriter::new(super::stdout::stdout()))
    };
    if args.ci.statistics {
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
    }
}

/// Prints outcomes in path order and keeps the run's counts.
struct Sink {
    printer: Box<dyn Printer>,
    summary: Summary,
    threshold: Option<Severity>,
    err_color: bool,
    /// A finding at or above `--fail-on`.
    failing: bool,
    /// A file could not be checked.
    failed: bool,
}

impl Sink {
    fn new(printer: Box<dyn Printer>, threshold: Option<Severity>, err_color: bool) -> Self {
        Self {
            printer,
            summary: Summary::default(),
            threshold,
            err_color,
            failing: false,
            failed: false,
        }
    }

    /// Ends the report; the run's exit status. `failed`: something
    /// outside the printed outcomes failed; writing a baseline accepts
    /// the findings.
    fn finish(mut self, failed: bool, writing_baseline: bool) -> io::Result<Status> {
        self.printer.finish(&self.summary)?;
        Ok(if failed || self.failed {
            Status::Error
        } else if self.failing && !writing_baseline {
            Status::Findings
        } else {
            Status::Clean
        })
    }

    /// Prints one outcome and drops it.
    fn print(&mut self, outcome: Outcome) -> io::Result<()> {
        match outcome {
            Outcome::Checked(doc, findings, diagnostics, _) => {
                ci::report_diagnostics(&diagnostics, self.err_color);
                self.summary.add_file(&findings);
                self.failing |= self
                    .threshold
                    .is_some_and(|t| findings.iter().any(|f| f.severity >= t));
                self.printer.file(&doc, &findings)?;
            }
            Outcome::Invalid(d) => {
                self.failed = true;
                ci::report_diagnostics(std::slice::from_ref(d.as_ref()), self.err_color);
            }
            Outcome::Binary(path) => eprintln!("note: skipped `{path}`: binary file"),
            Outcome::Failed(e) => {
                self.failed = true;
                eprintln!("error: {e}");
            }
        }
        Ok(())
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Batches close before the byte or file limit is passed; a file
    /// larger than the limit is a batch of its own; every input is in
    /// exactly one batch, in order.
    #[test]
    fn batches_respect_both_limits() {
        let dir = tempfile::tempdir().unwrap();
        let sizes = [10u64, 50, 40, 200, 5, 5, 5, 5, 5, 90, 0];
        let inputs: Vec<inputs::Input> = sizes
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                let p = dir.path().join(format!("{i:02}.txt"));
                std::fs::File::create(&p).unwrap().set_len(n).unwrap();
                inputs::Input {
                    display: p.display().to_string(),
                    source: inputs::Source::File(p),
                }
            })
            .collect();
        assert_eq!(batches(&inputs, 100, 4), [0..3, 3..4, 4..8, 8..11]);
        let one = batches(&inputs, 1000, 100);
        assert_eq!((one.len(), one.first().cloned()), (1, Some(0..11)));
        assert!(batches(&inputs[..0], 100, 4).is_empty());
        assert_eq!(batches(&inputs, 99, 100)[..2], [0..2, 2..3]);
    }
}
