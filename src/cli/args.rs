//! Command-line arguments (clap derive). Spellings and meanings are fixed
//! by the CLI contract.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub(crate) use super::shared_args::{
    AlignArg, ColorArg, GlossaryArgs, GlossaryFiles, SettingsArgs,
};

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
    /// Maintain glossaries: lint, test, fmt, stats, explain, import, export, mine, impact,
    /// list-packs.
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
    /// Language server over standard input and output: findings as
    /// diagnostics while an editor types.
    Lsp(super::lsp::LspArgs),
    /// Print a shell completion script (e.g. `termcheck completions bash >
    /// /usr/share/bash-completion/completions/termcheck`).
    Completions(CompletionsArgs),
    /// Print the man page (roff) to standard output.
    #[command(hide = true)]
    Man,
}

/// `termcheck completions SHELL`.
#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub(crate) shell: clap_complete::Shell,
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
    #[command(flatten)]
    pub(crate) settings: SettingsArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub(crate) format: ReportFormat,
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

/// `--output-format`: how much the human format shows (ruff's names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutputFormat {
    /// Snippets with notes and help.
    Full,
    /// One line per finding.
    Concise,
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
    /// GitLab Code Quality report (`artifacts:reports:codequality`).
    Gitlab,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOn {
    Error,
    Warning,
    Info,
    Never,
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
    pub(crate) settings: SettingsArgs,
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
    /// With --fix or --diff, also apply unsafe fixes: close misspellings
    /// of an approved form (near-misses at 90% similarity or more), which
    /// may be another word that was meant.
    #[arg(long)]
    pub(crate) unsafe_fixes: bool,
    /// Human format: one line per finding, no snippets, no summary.
    #[arg(short, long, conflicts_with = "verbose")]
    pub(crate) quiet: bool,
    /// Human format: `full` shows each finding with its line, note and
    /// help; `concise` one line per finding, then the summary.
    #[arg(long, value_enum, default_value_t = OutputFormat::Full, value_name = "STYLE")]
    pub(crate) output_format: OutputFormat,
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
    #[command(flatten)]
    pub(crate) settings: SettingsArgs,
    /// When to color the output (NO_COLOR is respected with `auto`).
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub(crate) color: ColorArg,
    /// Lines of context shown above and below a finding.
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub(crate) context: usize,
    /// A baseline file (`check --write-baseline`): the findings it records
    /// are not shown, and `i` records the finding in it.
    #[arg(long, value_name = "FILE")]
    pub(crate) baseline: Option<PathBuf>,
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
    /// List the built-in glossary packs: name, authority, terms, description.
    ListPacks,
}
