//! Command-line arguments (clap derive). Spellings and meanings are fixed
//! by the CLI contract.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub(crate) use super::source::AlignArg;

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
    /// Maintain glossaries: lint, test, fmt, stats, explain, import, export, mine, impact.
    #[command(subcommand)]
    Glossary(GlossaryCommand),
    /// Review findings one at a time and decide: fix, edit, skip, ignore,
    /// or add the found form to the glossary.
    Review(ReviewArgs),
    /// Write a commented starter termcheck.toml.
    Init(super::ci::InitArgs),
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
    /// Where spellings must agree: within each file, across the run, or off
    /// [default: the config's `[consistency] scope`, else file].
    #[arg(long, value_enum)]
    pub(crate) consistency: Option<ConsistencyArg>,
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
    /// The source text of the (single) target file: adds, per term, how
    /// often the source mentions it and where the translation has no
    /// rendering.
    #[arg(long, value_name = "FILE")]
    pub(crate) source: Option<PathBuf>,
    /// How `--source` and the target are paired.
    #[arg(long, value_enum, default_value_t = AlignArg::Auto, requires = "source")]
    pub(crate) align: AlignArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormatArg {
    Human,
    Json,
    Sarif,
    Github,
    Checkstyle,
    Junit,
    JsonLines,
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
    /// Lowest severity that makes the exit status 1 [default: the config's
    /// `fail-on`, else warning].
    #[arg(long, value_enum)]
    pub(crate) fail_on: Option<FailOn>,
    /// When to color the output (NO_COLOR is respected with `auto`).
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub(crate) color: ColorArg,
    /// Path to show for standard input.
    #[arg(long, value_name = "NAME")]
    pub(crate) stdin_filename: Option<String>,
    #[command(flatten)]
    pub(crate) fuzzy: FuzzyArgs,
    /// The source text of the (single) target file: adds `missing`
    /// findings for source terms that the translation does not render.
    #[arg(long, value_name = "FILE")]
    pub(crate) source: Option<PathBuf>,
    /// How `--source` and the target are paired.
    #[arg(long, value_enum, default_value_t = AlignArg::Auto, requires = "source")]
    pub(crate) align: AlignArg,
    /// Apply every safe fix in place (atomic writes; nothing is written
    /// when the exit status is 2). Remaining findings are reported.
    #[arg(long, group = "fix_mode")]
    pub(crate) fix: bool,
    /// Print the unified diff of what --fix would change, write nothing.
    #[arg(long, group = "fix_mode")]
    pub(crate) diff: bool,
    /// Largest input read (K, M, G, T: powers of 1024); larger files are
    /// an error [default: the config's `max-file-size`, else 1G].
    #[arg(long, value_name = "SIZE", value_parser = termcheck::io::read::parse_size)]
    pub(crate) max_file_size: Option<u64>,
    /// Human format: one line per finding, no snippets, no summary.
    #[arg(short, long, conflicts_with = "verbose")]
    pub(crate) quiet: bool,
    /// Human format: also list the glossaries and every file checked.
    #[arg(short, long)]
    pub(crate) verbose: bool,
    #[command(flatten)]
    pub(crate) ci: super::ci::CiArgs,
}

#[derive(Debug, Args)]
pub(crate) struct ReviewArgs {
    /// Files or directories to review (directories are walked).
    #[arg(value_name = "PATH", default_value = ".")]
    pub(crate) paths: Vec<PathBuf>,
    #[command(flatten)]
    pub(crate) glossary: GlossaryArgs,
    /// When to color the output (NO_COLOR is respected with `auto`).
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub(crate) color: ColorArg,
    /// Lines of context shown above and below a finding.
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub(crate) context: usize,
}

#[derive(Debug, Subcommand)]
pub(crate) enum GlossaryCommand {
    /// Validate glossaries: errors exit 2, warnings are printed.
    Lint(super::glossary_args::LintArgs),
    /// Run every term's `examples.good` and `examples.bad` through the checker.
    Test(GlossaryFiles),
    /// Format glossary files canonically (`--check`: diff, exit 1).
    Fmt(super::glossary_args::FmtArgs),
    /// Count terms and forms per tag, severity and kind of form.
    Stats(super::glossary_args::StatsArgs),
    /// Show which entry a term id or phrase belongs to, and why.
    Explain(super::glossary_args::ExplainArgs),
    /// Write a glossary as TBX-Basic or CSV.
    Export(super::glossary_args::ExportArgs),
    /// Read a TBX or CSV termbase and write glossary TOML.
    Import(super::glossary_args::ImportArgs),
    /// Propose glossary additions from a corpus, as TOML.
    Mine(super::glossary_args::MineArgs),
    /// Show what a glossary change does to the findings on a corpus.
    Impact(super::glossary_args::ImpactArgs),
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
