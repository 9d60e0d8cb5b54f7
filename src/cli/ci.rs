//! What `check` needs to run in CI: the config file, input formats,
//! baselines, `--statistics`, `--jobs`, the progress bar, and `init`.

use std::fs;
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use termcheck::baseline::{Baseline, BaselineFile};
use termcheck::checks::{Checker, Tally, consistency};
use termcheck::config::{self, Config, ConfigError, GlossaryRef};
use termcheck::diagnostic::Diagnostic;
use termcheck::finding::Finding;
use termcheck::formats::{self, InputFormat};
use termcheck::glossary::BUILTIN_NAME;
use termcheck::report::render_diagnostic;
use termcheck::text::Document;

use super::Status;
use super::inputs::{Input, Source};

/// More files than this get a progress bar (on a terminal).
const PROGRESS_MIN_FILES: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum InputFormatArg {
    /// By extension (and the config's `[formats]`); plain text if unknown.
    Auto,
    Text,
    Markdown,
    Html,
    Xliff,
    Po,
}

/// Options of `check` for CI use.
#[derive(Debug, Args)]
pub(crate) struct CiArgs {
    /// Use this config file instead of searching for termcheck.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub(crate) config: Option<PathBuf>,
    /// Ignore any termcheck.toml.
    #[arg(long)]
    pub(crate) no_config: bool,
    /// How to read inputs.
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto, value_name = "FORMAT")]
    pub(crate) input_format: InputFormatArg,
    /// Print counts per term and kind instead of the findings.
    #[arg(long)]
    pub(crate) statistics: bool,
    /// Report only findings that this baseline file does not record.
    #[arg(long, value_name = "FILE")]
    pub(crate) baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file (exit status 0
    /// unless the run fails).
    #[arg(long, value_name = "FILE")]
    pub(crate) write_baseline: Option<PathBuf>,
    /// Number of files checked in parallel (default: one per CPU).
    #[arg(short = 'j', long, value_name = "N")]
    pub(crate) jobs: Option<usize>,
}

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// Where to write the config.
    #[arg(value_name = "FILE", default_value = "termcheck.toml")]
    pub(crate) path: PathBuf,
    /// Overwrite an existing file.
    #[arg(long)]
    pub(crate) force: bool,
}

/// `termcheck init`: writes the commented starter config.
pub(crate) fn init(args: InitArgs) -> io::Result<Status> {
    if args.path.exists() && !args.force {
        eprintln!(
            "error: `{}` already exists\n  help: edit it, or pass --force to replace it",
            args.path.display()
        );
        return Ok(Status::Error);
    }
    if let Err(e) = super::atomic::write_new(&args.path, config::STARTER.as_bytes()) {
        eprintln!("error: {e}");
        return Ok(Status::Error);
    }
    eprintln!(
        "wrote `{}`; run `termcheck check` to use it",
        args.path.display()
    );
    Ok(Status::Clean)
}

fn print_diagnostics(diags: &[Diagnostic], color: bool) {
    for d in diags {
        eprintln!("{}\n", render_diagnostic(d, color));
    }
}

/// The config in force: `--config`, else the nearest termcheck.toml, else
/// none. `None` when it is invalid (errors printed; exit status 2).
pub(crate) fn resolve_config(args: &CiArgs, color: bool) -> Option<Config> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let path = if args.no_config {
        None
    } else {
        args.config.clone().or_else(|| {
            // Shown relative to the current directory where it is inside it.
            config::discover(&cwd).map(|p| p.strip_prefix(&cwd).map(Path::to_path_buf).unwrap_or(p))
        })
    };
    let Some(path) = path else {
        return Some(Config::empty(cwd));
    };
    match config::load(&path) {
        Ok(c) => Some(c),
        Err(ConfigError::Io(e)) => {
            eprintln!("error: {e}");
            None
        }
        Err(ConfigError::Invalid(diags)) => {
            print_diagnostics(&diags, color);
            eprintln!(
                "error: config `{}` rejected; nothing was checked",
                path.display()
            );
            None
        }
    }
}

/// Glossaries to load: `-g` wins over the config; none means the built-in.
pub(crate) fn glossary_names(cli: &[String], config: &Config) -> Vec<String> {
    if !cli.is_empty() {
        return cli.to_vec();
    }
    config
        .glossaries
        .iter()
        .map(|g| match g {
            GlossaryRef::Builtin => BUILTIN_NAME.to_owned(),
            GlossaryRef::Path(p) => p.display().to_string(),
        })
        .collect()
}

/// Warnings about the config that need the glossaries (unknown term ids).
pub(crate) fn config_warnings(config: &Config, checker: &Checker, color: bool) {
    print_diagnostics(&config.unknown_terms(checker.glossaries()), color);
}

/// Drops inputs that the config's include/exclude globs leave out. Files
/// found by walking a directory are also dropped when nothing says they
/// are prose: no `include` glob, no `[formats]` glob and no known
/// extension (so a repository's TOML, YAML and code are not checked).
pub(crate) fn select(inputs: &mut Vec<Input>, config: &Config, explicit: &[PathBuf]) {
    inputs.retain(|i| match &i.source {
        Source::Stdin => true,
        Source::File(p) => {
            config.selects(p)
                && (explicit.iter().any(|e| e == p)
                    || config.has_include()
                    || config.format_for(p).is_some()
                    || p.extension()
                        .and_then(|e| e.to_str())
                        .and_then(InputFormat::from_extension)
                        .is_some())
        }
    });
}

pub(crate) fn input_format(args: &CiArgs, config: &Config, input: &Input) -> InputFormat {
    match args.input_format {
        InputFormatArg::Text => InputFormat::Text,
        InputFormatArg::Markdown => InputFormat::Markdown,
        InputFormatArg::Html => InputFormat::Html,
        InputFormatArg::Xliff => InputFormat::Xliff,
        InputFormatArg::Po => InputFormat::Po,
        InputFormatArg::Auto => match &input.source {
            Source::File(p) => config
                .format_for(p)
                .unwrap_or_else(|| InputFormat::from_path(&input.display)),
            Source::Stdin => InputFormat::from_path(&input.display),
        },
    }
}

/// One document checked as its format, with the config's severities.
pub(crate) struct DocResult {
    pub(crate) findings: Vec<Finding>,
    /// Warnings about the document's suppression comments.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// The spellings the run-scoped consistency pass merges across files.
    pub(crate) tally: Option<Tally>,
}

/// Checks a document; `Err` holds the diagnostic of a file that could not
/// be read as its format.
pub(crate) fn check_doc(
    checker: &Checker,
    args: &CiArgs,
    config: &Config,
    input: &Input,
    doc: &Document,
    run_scope: bool,
) -> Result<DocResult, Box<Diagnostic>> {
    let format = input_format(args, config, input);
    let ex = formats::extract(format, doc).map_err(|e| Box::new(e.to_diagnostic(doc)))?;
    // Run-scoped consistency needs the whole document's tally; otherwise
    // the checker may go through a long document in windows.
    let (mut checked, tally) = if run_scope {
        let (c, t) = formats::check_extracted_then(checker, doc, &ex, &[], |cx, found| {
            consistency::tally_run(cx, found)
        });
        (c, Some(t))
    } else {
        (formats::check_extracted(checker, doc, &ex, &[]), None)
    };
    config.severity.apply(&mut checked.findings);
    Ok(DocResult {
        findings: checked.findings,
        diagnostics: checked.diagnostics,
        tally,
    })
}

/// Prints a document's warnings or its format error.
pub(crate) fn report_diagnostics(diags: &[Diagnostic], color: bool) {
    print_diagnostics(diags, color);
}

/// The `--baseline` to filter with. `Err` when it cannot be read.
pub(crate) fn load_baseline(args: &CiArgs) -> Result<Option<Baseline>, ()> {
    let Some(path) = &args.baseline else {
        return Ok(None);
    };
    let text = fs::read_to_string(path).map_err(|e| {
        eprintln!(
            "error: cannot read baseline `{}`: {e}\n  help: create it with --write-baseline {}",
            path.display(),
            path.display()
        );
    })?;
    match BaselineFile::parse(&text) {
        Ok(file) => Ok(Some(Baseline::new(&file))),
        Err(e) => {
            eprintln!("error: `{}`: {e}", path.display());
            Err(())
        }
    }
}

/// Writes `--write-baseline`. `Err` (message printed) when it fails.
pub(crate) fn write_baseline<'a>(
    args: &CiArgs,
    files: impl IntoIterator<Item = (&'a Document, &'a [Finding])>,
) -> Result<(), ()> {
    let Some(path) = &args.write_baseline else {
        return Ok(());
    };
    let file = BaselineFile::record(files);
    match super::atomic::write_new(path, file.to_json().as_bytes()) {
        Ok(()) => {
            eprintln!(
                "wrote {} finding{} to baseline `{}`",
                file.findings.len(),
                if file.findings.len() == 1 { "" } else { "s" },
                path.display()
            );
            Ok(())
        }
        Err(e) => {
            eprintln!("error: baseline not written: {e}");
            Err(())
        }
    }
}

/// A progress bar on stderr, drawn only on a terminal and for more than a
/// few files.
pub(crate) fn progress(files: usize) -> ProgressBar {
    if files <= PROGRESS_MIN_FILES || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} files {wide_msg}") {
        pb.set_style(style);
    }
    pb
}

/// A thread pool of `--jobs` threads (default: rayon's, one per CPU).
pub(crate) fn thread_pool(jobs: Option<usize>) -> Result<rayon::ThreadPool, String> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(n) = jobs.filter(|&n| n > 0) {
        b = b.num_threads(n);
    }
    b.build()
        .map_err(|e| format!("cannot start {} threads: {e}", jobs.unwrap_or(0)))
}
