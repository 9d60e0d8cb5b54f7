//! What `check` needs to run in CI: baselines, `--statistics`, `--jobs`,
//! the progress bar, and `init`.

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use termcheck::engine::baseline::BaselineFile;
use termcheck::engine::config;
use termcheck::error::Error;

use super::Status;

/// More files than this get a progress bar (on a terminal).
const PROGRESS_MIN_FILES: usize = 8;

/// Options of `check` for CI use.
#[derive(Debug, Args)]
pub(crate) struct CiArgs {
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
    if let Err(e) = super::atomic::write_new(&args.path, config::starter().as_bytes()) {
        eprintln!("error: {e}");
        return Ok(Status::Error);
    }
    eprintln!(
        "wrote `{}`; run `termcheck check` to use it",
        args.path.display()
    );
    Ok(Status::Clean)
}

/// Writes `--write-baseline` (through the one safe writer), saying so on
/// standard error.
pub(crate) fn write_baseline(path: &Path, file: &BaselineFile) -> Result<(), Error> {
    super::atomic::write_new(path, file.to_json().as_bytes()).map_err(|e| Error::Write {
        path: path.display().to_string(),
        source: std::io::Error::other(e.to_string()),
    })?;
    eprintln!(
        "wrote {} finding{} to baseline `{}`",
        file.findings.len(),
        if file.findings.len() == 1 { "" } else { "s" },
        path.display()
    );
    Ok(())
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
