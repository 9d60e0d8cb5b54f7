//! Command-line arguments (clap derive). Spellings and meanings are fixed
//! by the CLI contract.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Check translations against terminology glossaries.
#[derive(Debug, Parser)]
#[command(name = "termcheck", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check files, directories or standard input (`-`) for variant and
    /// mis-cased terms.
    Check(CheckArgs),
    /// Maintain glossaries: lint, test.
    #[command(subcommand)]
    Glossary(GlossaryCommand),
    /// Terminology usage table: every rendering of every term (and of
    /// unlisted words spelled several ways), with counts and files.
    Report(ReportArgs),
}

/// `--consistency`: where two spellings of one word count as inconsistent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ConsistencyArg {
    /// Within each file.
    File,
    /// Across all files of the run.
    Run,
    /// No `inconsistent` findings.
    Off,
}

/// Options of the checks beyond exact matching (near-miss, consistency).
#[derive(Debug, Args)]
pub(crate) struct FuzzyArgs {
    /// Minimum similarity (0 < T <= 1) of a near-miss to a glossary form;
    /// 1 turns near-misses off. Default: the glossary's
    /// `near_miss_threshold`, else 0.85.
    #[arg(long, value_name = "T", value_parser = parse_threshold)]
    pub(crate) near_miss_threshold: Option<f64>,
    /// Where spellings must agree: within each file, across the run, or off.
    #[arg(long, value_enum, default_value_t = ConsistencyArg::File)]
    pub(crate) consistency: ConsistencyArg,
    /// Do not derive hyphenation, spelling and romanization variants.
    #[arg(long)]
    pub(crate) no_derive: bool,
}

fn parse_threshold(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(t) if t > 0.0 && t <= 1.0 => Ok(t),
        _ => Err(format!(
            "`{s}` is not a similarity: give a number greater than 0 and at most 1 (e.g. 0.85)"
        )),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReportFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// Files or directories to read (directories are walked); `-` reads
    /// standard input.
    #[arg(value_name = "PATH", default_value = ".")]
    pub(crate) paths: Vec<PathBuf>,
    #[command(flatten)]
    pub(crate) glossary: GlossaryArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub(crate) format: ReportFormat,
    #[command(flatten)]
    pub(crate) fuzzy: FuzzyArgs,
    /// When to color error messages.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub(crate) color: ColorArg,
    /// Path to show for standard input.
    #[arg(long, value_name = "NAME")]
    pub(crate) stdin_filename: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormatArg {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorArg {
    Auto,
    Always,
    Never,
}

/// Options shared by every command that loads glossaries.
#[derive(Debug, Args)]
pub(crate) struct GlossaryArgs {
    /// Glossary file (repeatable). `diplomatic` names the built-in one.
    /// Default: the built-in diplomatic glossary.
    #[arg(short = 'g', long = "glossary", value_name = "FILE")]
    pub(crate) glossaries: Vec<String>,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Files or directories to check (directories are walked, .gitignore
    /// respected); `-` reads standard input.
    #[arg(value_name = "PATH", default_value = ".")]
    pub(crate) paths: Vec<PathBuf>,
    #[command(flatten)]
    pub(crate) glossary: GlossaryArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub(crate) format: FormatArg,
    /// Lowest severity that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub(crate) fail_on: FailOn,
    /// When to color the output (NO_COLOR is respected with `auto`).
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub(crate) color: ColorArg,
    /// Path to show for standard input.
    #[arg(long, value_name = "NAME")]
    pub(crate) stdin_filename: Option<String>,
    #[command(flatten)]
    pub(crate) fuzzy: FuzzyArgs,
}

#[derive(Debug, Subcommand)]
pub(crate) enum GlossaryCommand {
    /// Validate glossaries: errors exit 2, warnings are printed.
    Lint(GlossaryFiles),
    /// Run every term's `examples.good` and `examples.bad` through the checker.
    Test(GlossaryFiles),
}

#[derive(Debug, Args)]
pub(crate) struct GlossaryFiles {
    /// Glossary files (default: the built-in glossary).
    #[arg(value_name = "GLOSSARY")]
    pub(crate) files: Vec<String>,
    /// When to color the output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub(crate) color: ColorArg,
}
