//! `termcheck check`: resolve the settings, collect inputs, check them
//! through the engine in parallel, fix or print in path order. The exit
//! status comes from the run's [`Verdict`].

use std::io::{self, BufWriter, Write};

use termcheck::engine::baseline::BaselineFile;
use termcheck::engine::{Engine, FileOutcome, FileReport, Input, Verdict};
use termcheck::error::Error;
use termcheck::finding::Severity;
use termcheck::report::{self, Format, HumanOptions, Printer, RunInfo, StatisticsPrinter, Summary};

use super::args::{CheckArgs, FormatArg};
use super::resolve::{Extra, resolve_parts};
use super::{Status, ci, print_error, print_warnings, stderr_color, stdout_color};

pub(crate) fn run(args: CheckArgs) -> io::Result<Status> {
    let err_color = stderr_color(args.color);
    let parts = resolve_parts(
        &args.glossary,
        &args.settings,
        Extra {
            baseline: args.ci.baseline.as_deref(),
            source: args.source.as_deref().map(|p| (p, args.align)),
            fail_on: args.fail_on,
            inputs: &args.paths,
            ..Extra::default()
        },
        args.stdin_filename.as_deref(),
    );
    let parts = match parts {
        Ok(p) => p,
        // Nothing could be checked: the machine outputs still say why.
        Err(e) => return fail_early(&args, &e, err_color),
    };
    // One file is checked on this thread (its windows are checked in
    // order): starting a pool for it took about a millisecond.
    let files: usize = parts.iter().map(|p| p.collected.inputs.len()).sum();
    let pool = if files > 1 {
        match ci::thread_pool(args.ci.jobs) {
            Ok(p) => Some(p),
            Err(e) => return fail_early(&args, &Error::Settings(e), err_color),
        }
    } else {
        None
    };
    let mut info = RunInfo {
        glossaries: Vec::new(),
    };
    let mut shares: Vec<Share> = Vec::with_capacity(parts.len());
    for part in parts {
        print_warnings(&part.resolved.warnings, err_color);
        for g in part.resolved.info.glossaries {
            if !info
                .glossaries
                .iter()
                .any(|h| h.path == g.path && h.name == g.name)
            {
                info.glossaries.push(g);
            }
        }
        // Never freed: the compiled glossary is hundreds of thousands of
        // small allocations for a large glossary, and freeing them one by
        // one took a fifth of a 10,000-term run on a short text. The
        // process ends next.
        let engine: &Engine = Box::leak(Box::new(part.resolved.engine));
        if let Some(plan) = engine.source()
            && !plan.has_source_forms()
        {
            eprintln!(
                "note: no glossary term has `source` forms, so `--source` cannot find missing terms"
            );
        }
        shares.push(Share {
            engine,
            collected: part.collected,
        });
    }
    // One threshold for the printer where the configs agree on it.
    let fail_on = match shares.split_first() {
        Some((first, rest))
            if rest
                .iter()
                .all(|s| s.engine.fail_on() == first.engine.fail_on()) =>
        {
            first.engine.fail_on()
        }
        _ => None,
    };
    let mut sink = Sink::new(printer(&args, fail_on), err_color, args.verbose);
    // Paths that could not be collected come first, right after the head:
    // they are not files of the run's path order.
    let begin = |sink: &mut Sink, shares: &[Share]| -> io::Result<()> {
        sink.printer.begin(&info)?;
        for share in shares {
            for e in &share.collected.errors {
                sink.error(e)?;
            }
        }
        for share in shares {
            for input in &share.collected.excluded {
                sink.skipped(&input.display, termcheck::engine::Skip::Excluded);
            }
        }
        Ok(())
    };
    let check_all =
        |engine: &Engine, inputs: &[Input], progress: &indicatif::ProgressBar| -> Vec<FileReport> {
            // Reports come back in input order, so output order never
            // depends on scheduling.
            match &pool {
                Some(pool) => pool.install(|| engine.check_inputs(inputs, || progress.inc(1))),
                None => inputs
                    .iter()
                    .map(|i| {
                        let r = engine.check_input(i);
                        progress.inc(1);
                        r
                    })
                    .collect(),
            }
        };
    let whole_run = shares.iter().any(|s| s.engine.run_scoped())
        || shares.len() > 1
        || args.ci.write_baseline.is_some()
        || args.fix
        || args.diff;
    let batches = match shares.as_slice() {
        [one] if !whole_run => batches(&one.collected.inputs, BATCH_BYTES, BATCH_FILES),
        _ => Vec::new(),
    };
    if let [one] = shares.as_slice()
        && batches.len() > 1
    {
        // Without passes over the whole run, files are checked and printed
        // a batch at a time, so a run over many files holds one batch of
        // documents.
        let progress = ci::progress(one.collected.inputs.len());
        begin(&mut sink, &shares)?;
        for range in batches {
            let mut reports = check_all(one.engine, &one.collected.inputs[range], &progress);
            one.engine.apply_baseline(&mut reports);
            progress.suspend(|| -> io::Result<()> {
                for r in reports {
                    sink.report(r, one.engine.fail_on())?;
                }
                Ok(())
            })?;
        }
        progress.finish_and_clear();
        print_notes(&shares);
        return sink.finish(false);
    }
    let progress = ci::progress(shares.iter().map(|s| s.collected.inputs.len()).sum());
    let mut reports: Vec<Vec<FileReport>> = shares
        .iter()
        .map(|s| {
            let mut r = check_all(s.engine, &s.collected.inputs, &progress);
            s.engine.finish_run(&mut r);
            r
        })
        .collect();
    progress.finish_and_clear();
    let mut baseline_error = None;
    if let Some(path) = &args.ci.write_baseline {
        let file = BaselineFile::record(
            reports
                .iter()
                .flatten()
                .filter_map(FileReport::checked)
                .map(|c| (&c.doc, c.findings.as_slice())),
        );
        if let Err(e) = ci::write_baseline(path, &file) {
            baseline_error = Some(e);
        }
    }
    for (share, r) in shares.iter().zip(&mut reports) {
        share.engine.apply_baseline(r);
    }
    if args.fix || args.diff {
        let mode = if args.fix {
            super::fix::Mode::Fix
        } else {
            super::fix::Mode::Diff
        };
        let blocked = shares.iter().any(|s| !s.collected.errors.is_empty())
            || reports
                .iter()
                .flatten()
                .any(|r| matches!(r.outcome, FileOutcome::Failed(_)));
        let mut targets = Vec::new();
        for (share, r) in shares.iter().zip(&mut reports) {
            for (r, input) in r.iter_mut().zip(&share.collected.inputs) {
                if let FileOutcome::Checked(c) = &mut r.outcome {
                    let c = &mut **c;
                    targets.push(super::fix::Target {
                        engine: share.engine,
                        input,
                        format: c.format,
                        doc: &mut c.doc,
                        findings: &mut c.findings,
                    });
                }
            }
        }
        if super::fix::run(mode, args.unsafe_fixes, targets, blocked)? {
            sink.verdict.failed = true;
        }
    }
    // Every file is checked: the JSON head can be written and findings
    // streamed, in path order across the configs' shares.
    let mut all: Vec<(FileReport, Option<termcheck::finding::Severity>)> = shares
        .iter()
        .zip(reports)
        .flat_map(|(s, r)| r.into_iter().map(|r| (r, s.engine.fail_on())))
        .collect();
    all.sort_by(|a, b| a.0.path.cmp(&b.0.path));
    sink.printer.expect_files(
        all.iter()
            .filter(|(r, _)| matches!(r.outcome, FileOutcome::Checked(_)))
            .count(),
    );
    begin(&mut sink, &shares)?;
    if let Some(e) = baseline_error {
        sink.error(&e)?;
    }
    for (r, fail_on) in all {
        sink.report(r, fail_on)?;
    }
    print_notes(&shares);
    sink.finish(args.ci.write_baseline.is_some())
}

/// The inputs one engine (one config) checks.
struct Share {
    engine: &'static Engine,
    collected: termcheck::engine::Collected,
}

/// Limits the checks hit (findings may be missing where they did), each
/// said once.
fn print_notes(shares: &[Share]) {
    let mut said = std::collections::HashSet::new();
    for n in shares.iter().flat_map(|s| s.engine.checker().notes()) {
        if said.insert(n.to_string()) {
            eprintln!("note: {n}");
        }
    }
}

/// A run that failed before any input was checked (a rejected glossary or
/// config, a missing baseline, an unusable `--source`): the error in the
/// chosen format, exit status 2.
fn fail_early(args: &CheckArgs, e: &Error, err_color: bool) -> io::Result<Status> {
    print_error(e, err_color);
    if args.format == FormatArg::Human {
        // Standard error already says it all.
        return Ok(Status::Error);
    }
    let mut printer = printer(args, None);
    printer.begin(&RunInfo {
        glossaries: Vec::new(),
    })?;
    printer.error(e)?;
    printer.finish(&Summary {
        files_failed: 1,
        ..Summary::default()
    })?;
    Ok(Status::Error)
}

/// A batch is closed once its files hold this many bytes...
const BATCH_BYTES: u64 = 32 << 20;
/// ...or this many files.
const BATCH_FILES: usize = 1024;

/// Consecutive ranges of `inputs` of at most `max_bytes` (by file size;
/// a larger file is a batch of its own) and `max_files` each.
fn batches(inputs: &[Input], max_bytes: u64, max_files: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0u64);
    for (i, input) in inputs.iter().enumerate() {
        let len = match &input.source {
            termcheck::engine::input::Source::File(p) => {
                std::fs::metadata(p).map_or(0, |m| m.len())
            }
            _ => 0,
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
fn printer(args: &CheckArgs, fail_on: Option<Severity>) -> Box<dyn Printer> {
    // With --diff, standard output carries only the diff; with `--fix -`,
    // only the fixed text.
    let fixing_stdin = args.fix && args.paths.iter().any(|p| p.as_os_str() == "-");
    let out: Box<dyn Write> = if args.diff || fixing_stdin {
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
                concise: args.output_format == super::args::OutputFormat::Concise,
                verbose: args.verbose,
                hyperlinks: super::hyperlinks(args.color),
                width: super::terminal_width(),
                fail_on,
            },
        )
    }
}

/// Prints reports in path order and keeps the run's counts and verdict.
struct Sink {
    printer: Box<dyn Printer>,
    summary: Summary,
    verdict: Verdict,
    err_color: bool,
    verbose: bool,
}

impl Sink {
    fn new(printer: Box<dyn Printer>, err_color: bool, verbose: bool) -> Self {
        Self {
            printer,
            summary: Summary::default(),
            verdict: Verdict::default(),
            err_color,
            verbose,
        }
    }

    /// Ends the report; the run's exit status (`accept_findings`: writing a
    /// baseline accepts them).
    fn finish(mut self, accept_findings: bool) -> io::Result<Status> {
        self.printer.finish(&self.summary)?;
        Ok(self.verdict.status(accept_findings).into())
    }

    /// An error of the run or of one input: on standard error, in the
    /// printer's format, and in the verdict.
    fn error(&mut self, e: &Error) -> io::Result<()> {
        print_error(e, self.err_color);
        self.summary.files_failed += 1;
        self.verdict.failed = true;
        self.printer.error(e)
    }

    fn skipped(&mut self, path: &str, why: termcheck::engine::Skip) {
        if why == termcheck::engine::Skip::Binary || self.verbose {
            eprintln!("note: skipped `{path}`: {}", why.as_str());
        }
    }

    /// Prints one report and drops it (`fail_on`: its config's threshold).
    fn report(&mut self, report: FileReport, fail_on: Option<Severity>) -> io::Result<()> {
        self.verdict.add(&report, fail_on);
        match report.outcome {
            FileOutcome::Checked(c) => {
                print_warnings(&c.diagnostics, self.err_color);
                self.summary.add_file(&c.findings);
                self.printer.file(&c.doc, &c.findings)?;
            }
            FileOutcome::Skipped(why) => self.skipped(&report.path, why),
            FileOutcome::Failed(e) => self.error(&e)?,
        }
        Ok(())
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
        FormatArg::Gitlab => Format::Gitlab,
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
        let inputs: Vec<Input> = sizes
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                let p = dir.path().join(format!("{i:02}.txt"));
                std::fs::File::create(&p).unwrap().set_len(n).unwrap();
                Input::file(p)
            })
            .collect();
        assert_eq!(batches(&inputs, 100, 4), [0..3, 3..4, 4..8, 8..11]);
        let one = batches(&inputs, 1000, 100);
        assert_eq!((one.len(), one.first().cloned()), (1, Some(0..11)));
        assert!(batches(&inputs[..0], 100, 4).is_empty());
        assert_eq!(batches(&inputs, 99, 100)[..2], [0..2, 2..3]);
    }
}
