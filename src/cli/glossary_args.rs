//! Arguments of the glossary maintenance commands (`lint --format`, `fmt`,
//! `stats`, `explain`, `export`, `import`, `mine`, `impact`).

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::shared_args::{ColorArg, GlossaryArgs, GlossaryFiles, SettingsArgs};

/// Output of the maintenance reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReportFormat {
    Human,
    Json,
}

/// Termbase exchange formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExchangeFormat {
    /// TBX: v3 (ISO 30042:2019) or 2008 (`<martif>`).
    Tbx,
    /// CSV, one row per form (`,` `;` tab or `|` delimited).
    Csv,
}

impl ExchangeFormat {
    /// The format a file name's extension says.
    pub(crate) fn of_path(p: &std::path::Path) -> Option<Self> {
        let ext = p.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "tbx" | "tbxm" => Some(Self::Tbx),
            "csv" | "tsv" | "tab" => Some(Self::Csv),
            _ => None,
        }
    }
}

/// Generations of TBX to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum TbxVersionArg {
    /// TBX v3, ISO 30042:2019 (`<tbx>`).
    #[value(name = "3")]
    V3,
    /// TBX 2008, ISO 30042:2008 (`<martif>`), for older tools.
    #[value(name = "2")]
    V2,
}

#[derive(Debug, Args)]
pub(crate) struct LintArgs {
    #[command(flatten)]
    pub(crate) files: GlossaryFiles,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub(crate) format: ReportFormat,
}

#[derive(Debug, Args)]
pub(crate) struct FmtArgs {
    /// Glossary files to format in place (default with --check: the
    /// built-in glossaries).
    #[arg(value_name = "GLOSSARY")]
    pub(crate) files: Vec<String>,
    /// Change nothing: print a diff and exit 1 when a file is not formatted.
    #[arg(long)]
    pub(crate) check: bool,
}

#[derive(Debug, Args)]
pub(crate) struct StatsArgs {
    #[command(flatten)]
    pub(crate) files: GlossaryFiles,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub(crate) format: ReportFormat,
}

#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// A term id, or any phrase to look up.
    #[arg(value_name = "TERM-OR-TEXT")]
    pub(crate) query: String,
    #[command(flatten)]
    pub(crate) glossary: GlossaryArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub(crate) format: ReportFormat,
    /// When to color errors.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub(crate) color: ColorArg,
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// Termbase format (default: from the extension of -o).
    #[arg(long, value_enum)]
    pub(crate) format: Option<ExchangeFormat>,
    /// TBX generation to write.
    #[arg(long, value_enum, default_value = "3")]
    pub(crate) tbx_version: TbxVersionArg,
    /// CSV: no UTF-8 byte order mark (spreadsheets need it to read UTF-8).
    #[arg(long)]
    pub(crate) no_bom: bool,
    /// CSV: field delimiter (one character, e.g. ';').
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub(crate) delimiter: Option<u8>,
    /// The glossary (`diplomatic` for the built-in one).
    #[arg(value_name = "GLOSSARY")]
    pub(crate) glossary: String,
    /// Write here instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// When to color errors.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub(crate) color: ColorArg,
}

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// Termbase format (default: from the file's extension).
    #[arg(long, value_enum)]
    pub(crate) format: Option<ExchangeFormat>,
    /// TBX: import what is valid, and report constraint violations as
    /// warnings (the concepts they concern are left out).
    #[arg(long)]
    pub(crate) lenient: bool,
    /// CSV: field delimiter (default: detected from the header row).
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub(crate) delimiter: Option<u8>,
    /// Replace an existing glossary given to -o.
    #[arg(long)]
    pub(crate) force: bool,
    /// The TBX or CSV file.
    #[arg(value_name = "FILE")]
    pub(crate) file: PathBuf,
    /// Write the TOML here instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Glossary name (default: the TBX title, or "Imported termbase").
    #[arg(long)]
    pub(crate) name: Option<String>,
    /// Language of the checked text (default: the file's main language).
    #[arg(long, value_name = "BCP47")]
    pub(crate) language: Option<String>,
    /// Language of the `source` forms (TBX; default: the first other language).
    #[arg(long, value_name = "BCP47")]
    pub(crate) source_language: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct MineArgs {
    /// Files or directories to mine (directories are walked).
    #[arg(value_name = "PATH", required = true)]
    pub(crate) paths: Vec<PathBuf>,
    #[command(flatten)]
    pub(crate) glossary: GlossaryArgs,
    #[command(flatten)]
    pub(crate) settings: SettingsArgs,
    /// Fewest occurrences for a new name or acronym.
    #[arg(long, default_value_t = 3)]
    pub(crate) min_count: usize,
    /// Most proposals per section.
    #[arg(long, default_value_t = 40)]
    pub(crate) top: usize,
    /// When to color errors.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub(crate) color: ColorArg,
}

#[derive(Debug, Args)]
pub(crate) struct ImpactArgs {
    /// The glossary before the change.
    #[arg(long, value_name = "OLD.toml")]
    pub(crate) against: String,
    /// The glossary after the change.
    #[arg(value_name = "NEW.toml")]
    pub(crate) new: String,
    /// Files or directories to check with both.
    #[arg(value_name = "PATH", required = true)]
    pub(crate) paths: Vec<PathBuf>,
    #[command(flatten)]
    pub(crate) settings: SettingsArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub(crate) format: ReportFormat,
    /// Most changed findings listed (counts always cover all).
    #[arg(long, default_value_t = 200)]
    pub(crate) limit: usize,
    /// When to color errors.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub(crate) color: ColorArg,
}

/// A one-byte delimiter; `\t` and `tab` name the tab.
fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "\\t" | "tab" | "\t" => Ok(b'\t'),
        _ if s.len() == 1 && s.is_ascii() => Ok(s.as_bytes()[0]),
        _ => Err(format!(
            "`{s}` is not a one-character ASCII delimiter (e.g. ',', ';', tab)"
        )),
    }
}
