//! Options shared by several commands: colors, glossaries, and the
//! settings every command that checks text resolves the same way.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use termcheck::source::AlignMode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorArg {
    Auto,
    Always,
    Never,
}

/// Options shared by every command that loads glossaries.
#[derive(Debug, Args)]
pub(crate) struct GlossaryArgs {
    /// Glossary file (repeatable). `diplomatic` names every built-in pack.
    /// Default: the config's glossaries and packs, else the default pack.
    #[arg(short = 'g', long = "glossary", value_name = "FILE")]
    pub(crate) glossaries: Vec<String>,
    /// Built-in glossary pack (repeatable): see `termcheck glossary
    /// list-packs` [default: the config's `packs`, else `default` when no
    /// glossary is named].
    #[arg(long = "pack", value_name = "NAME")]
    pub(crate) packs: Vec<String>,
    /// Date of every document, for dated glossary entries [default: the
    /// document's own date (front matter, meta, XLIFF or PO header), the
    /// config's `date_from_path`, else today].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) date: Option<termcheck::date::Date>,
}

fn parse_date(s: &str) -> Result<termcheck::date::Date, String> {
    termcheck::date::Date::parse(s)
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

/// `--input-format`: how to read inputs.
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

/// The settings of every command that checks text (`check`, `review`,
/// `report`, `glossary impact`, `glossary mine`), resolved the same way:
/// flags first, then the config file, then defaults.
#[derive(Debug, Args)]
pub(crate) struct SettingsArgs {
    /// Use this config file instead of searching for termcheck.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub(crate) config: Option<PathBuf>,
    /// Ignore any termcheck.toml.
    #[arg(long)]
    pub(crate) no_config: bool,
    /// How to read inputs.
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto, value_name = "FORMAT")]
    pub(crate) input_format: InputFormatArg,
    #[command(flatten)]
    pub(crate) fuzzy: FuzzyArgs,
    /// Largest input read (K, M, G, T: powers of 1024); larger files are
    /// an error [default: the config's `max-file-size`, else 1G].
    #[arg(long, value_name = "SIZE", value_parser = termcheck::io::read::parse_size)]
    pub(crate) max_file_size: Option<u64>,
    /// Compile the glossaries without reading or writing the
    /// compiled-glossary cache (see `TERMCHECK_CACHE_DIR`).
    #[arg(long)]
    pub(crate) no_cache: bool,
}

/// `--align`: how the source and the target are paired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum AlignArg {
    /// Lines if the line counts agree, else blank-line paragraphs.
    Auto,
    /// Line N with line N.
    Line,
    /// Blank-line-separated paragraph N with paragraph N.
    Paragraph,
    /// The whole text: `missing` compares how often each term occurs.
    Document,
}

impl From<AlignArg> for AlignMode {
    fn from(a: AlignArg) -> Self {
        match a {
            AlignArg::Auto => AlignMode::Auto,
            AlignArg::Line => AlignMode::Line,
            AlignArg::Paragraph => AlignMode::Paragraph,
            AlignArg::Document => AlignMode::Document,
        }
    }
}
