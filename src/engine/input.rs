//! Which inputs a run checks, and reading one: PATH arguments become a
//! sorted list of inputs (files as given, directories walked with
//! `ignore`, `-` for standard input), filtered by the config's selection.

use std::fs;
use std::path::{Path, PathBuf};

use super::config::Config;
use crate::error::Error;
use crate::formats::InputFormat;
use crate::io::{Limits, ReadError};
use crate::text::{self, DecodeError, Document};

/// Where an input's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Standard input.
    Stdin,
    /// A file on disk.
    File(PathBuf),
    /// Text held in memory (an editor's buffer).
    Memory(String),
}

/// One input with the path shown for it.
#[derive(Debug, Clone)]
pub struct Input {
    /// The path shown in reports.
    pub display: String,
    /// Where its bytes come from.
    pub source: Source,
    /// Named on the command line (or standard input, or a buffer), not
    /// found by walking a directory: then even binary data is an error,
    /// never a silent skip.
    pub named: bool,
}

impl Input {
    /// An input whose text is already in memory, shown as `path`.
    pub fn memory(path: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            display: path.into(),
            source: Source::Memory(text.into()),
            named: true,
        }
    }

    /// A file on disk, shown as given.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        Self {
            display: display(&path),
            source: Source::File(path),
            named: true,
        }
    }
}

/// Why an input was not checked although it was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// It looks binary (a NUL byte near the start).
    Binary,
    /// The config's `exclude` (or `include`) leaves it out.
    Excluded,
}

impl Skip {
    /// A word for reports.
    pub const fn as_str(self) -> &'static str {
        match self {
            Skip::Binary => "binary file",
            Skip::Excluded => "excluded by the config",
        }
    }
}

/// The inputs of a run in path order, the ones the config leaves out, and
/// the paths that could not be collected.
#[derive(Debug, Default)]
pub struct Collected {
    /// Inputs to check.
    pub inputs: Vec<Input>,
    /// Found but left out by the config's selection.
    pub excluded: Vec<Input>,
    /// Paths that do not exist or could not be walked.
    pub errors: Vec<Error>,
}

/// Collects the inputs named by `paths`, selected by `config`.
pub fn collect(paths: &[PathBuf], stdin_name: Option<&str>, config: &Config) -> Collected {
    let (found, errors) = find(paths, stdin_name);
    let mut out = select(found, config);
    out.errors = errors;
    out
}

/// An input found by [`find`], before any config selects it.
#[derive(Debug, Clone)]
pub struct Found {
    /// The input.
    pub input: Input,
    /// Named on the command line, not found by walking a directory.
    explicit: bool,
}

impl Found {
    /// The directory whose config governs this input: the file's own
    /// directory, or `None` for standard input.
    pub fn dir(&self) -> Option<&Path> {
        match &self.input.source {
            Source::File(p) => Some(p.parent().unwrap_or(Path::new(""))),
            _ => None,
        }
    }
}

/// The inputs `paths` name, in path order (directories walked with
/// `ignore`), and the paths that could not be read or walked. Nothing is
/// selected yet: each input's config does that ([`select`]).
pub fn find(paths: &[PathBuf], stdin_name: Option<&str>) -> (Vec<Found>, Vec<Error>) {
    let mut errors = Vec::new();
    let mut found = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            found.push((
                Input {
                    display: stdin_name.unwrap_or("-").to_owned(),
                    source: Source::Stdin,
                    named: true,
                },
                true,
            ));
            continue;
        }
        match fs::metadata(path) {
            Err(e) => errors.push(Error::Read {
                path: path.display().to_string(),
                source: e,
            }),
            Ok(m) if m.is_dir() => walk(path, &mut found, &mut errors),
            Ok(_) => found.push((Input::file(path), true)),
        }
    }
    found.sort_by(|a, b| a.0.display.cmp(&b.0.display));
    found.dedup_by(|a, b| a.0.display == b.0.display && a.0.source == b.0.source);
    let found = found
        .into_iter()
        .map(|(input, explicit)| Found { input, explicit })
        .collect();
    (found, errors)
}

/// The found inputs `config` selects for checking, and those it leaves
/// out; `errors` is left empty.
pub fn select(found: Vec<Found>, config: &Config) -> Collected {
    let mut out = Collected::default();
    for Found { input, explicit } in found {
        match selected(&input, explicit, config) {
            Selection::Check => out.inputs.push(input),
            Selection::Excluded => out.excluded.push(input),
            Selection::NotProse => {}
        }
    }
    out
}

enum Selection {
    Check,
    /// The config's globs leave it out.
    Excluded,
    /// Found by a walk, and nothing says it is prose.
    NotProse,
}

/// Files found by walking a directory are checked only when something
/// says they are prose: an `include` glob, a `[formats]` glob or a known
/// extension (so a repository's TOML, YAML and code are not checked).
fn selected(input: &Input, explicit: bool, config: &Config) -> Selection {
    let Source::File(p) = &input.source else {
        return Selection::Check;
    };
    if !config.selects(p) {
        return Selection::Excluded;
    }
    let prose = explicit
        || config.has_include()
        || config.format_for(p).is_some()
        || p.extension()
            .and_then(|e| e.to_str())
            .and_then(InputFormat::from_extension)
            .is_some();
    if prose {
        Selection::Check
    } else {
        Selection::NotProse
    }
}

fn display(path: &Path) -> String {
    let s = path.display().to_string();
    match s.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => s,
    }
}

fn walk(root: &Path, found: &mut Vec<(Input, bool)>, errors: &mut Vec<Error>) {
    for entry in ignore::WalkBuilder::new(root).build() {
        match entry {
            Err(e) => errors.push(Error::Walk {
                path: root.display().to_string(),
                reason: e.to_string(),
            }),
            Ok(e) => {
                if e.file_type().is_some_and(|t| t.is_file()) {
                    let mut input = Input::file(e.path());
                    input.named = false;
                    found.push((input, false));
                }
            }
        }
    }
}

/// What reading an input gave.
#[derive(Debug)]
pub enum Read {
    /// The decoded document.
    Doc(Document),
    /// Not checked, and why.
    Skipped(Skip),
}

/// Reads and decodes one input (see [`crate::io::read`]: devices, FIFOs
/// and files over the size limit are refused before they are read, binary
/// files are known from their first bytes).
pub fn read(input: &Input, limits: Limits) -> Result<Read, Error> {
    let shown = &input.display;
    let bytes = match &input.source {
        Source::Memory(text) => return Ok(Read::Doc(Document::new(shown, text.clone()))),
        Source::Stdin => crate::io::read_stdin(shown, limits),
        Source::File(p) => crate::io::read_path(p, shown, limits),
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(ReadError::Binary { .. }) if !input.named => return Ok(Read::Skipped(Skip::Binary)),
        Err(ReadError::Binary { .. }) => {
            return Err(Error::Binary {
                path: shown.clone(),
            });
        }
        Err(ReadError::Io { source, .. }) => {
            return Err(Error::Read {
                path: shown.clone(),
                source,
            });
        }
        Err(e) => {
            let code = match &e {
                ReadError::TooLarge { .. } => "too-large",
                _ => "not-a-file",
            };
            let text = e.to_string();
            let (message, help) = text
                .split_once("\n  help: ")
                .map_or((text.as_str(), ""), |(m, h)| (m, h));
            return Err(Error::Refused {
                path: shown.clone(),
                message: message.to_owned(),
                help: help.to_owned(),
                code,
            });
        }
    };
    decode(shown, bytes, input.named)
}

/// Bytes to a document: UTF-8 (with or without a BOM), UTF-16, or the
/// encoding an XML declaration or HTML meta declares; positions still
/// point into the original bytes. Binary data found by walking a
/// directory is skipped; named on the command line, it is an error.
pub fn decode(path: &str, bytes: Vec<u8>, named: bool) -> Result<Read, Error> {
    match text::decode(bytes, path) {
        Ok(d) => Ok(Read::Doc(Document::from_decoded(path, d))),
        Err(DecodeError::Binary) if !named => Ok(Read::Skipped(Skip::Binary)),
        Err(DecodeError::Binary) => Err(Error::Binary {
            path: path.to_owned(),
        }),
        Err(DecodeError::Invalid {
            encoding: "UTF-8",
            why,
            offset,
            line,
            column,
        }) => Err(Error::NotUtf8 {
            path: path.to_owned(),
            why,
            offset,
            line,
            column,
        }),
        Err(e) => Err(Error::Undecodable {
            path: path.to_owned(),
            help: e.help(),
            line_col: match e {
                DecodeError::Invalid { line, column, .. } => Some((line, column)),
                DecodeError::Binary => None,
            },
            reason: e.to_string(),
        }),
    }
}
