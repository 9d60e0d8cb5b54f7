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
    /// Maintain glossaries: lint, test, fmt, stats, explain, import, export, mine, impact.
    #[command(subcommand)]
    Glossary(GlossaryCommand),
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
