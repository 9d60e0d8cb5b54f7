//! The crate's error type: what failed, where, and what to do.
//!
//! Every failure that keeps an input or a run from being checked is one of
//! these; the engine records it in the run's result, so every printer can
//! render it and the exit status is decided in one place.

use std::fmt;
use std::io;

use crate::finding::diagnostic::Diagnostic;

/// What went wrong, as data.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A path given on the command line does not exist or cannot be read.
    #[error("cannot read `{path}`: {}", io_reason(source))]
    Read {
        /// The path as given.
        path: String,
        /// The system's reason.
        #[source]
        source: io::Error,
    },
    /// A directory walk met an entry it could not read.
    #[error("while walking `{path}`: {reason}")]
    Walk {
        /// The directory walked.
        path: String,
        /// What went wrong.
        reason: String,
    },
    /// The input is not valid UTF-8 (nor in a declared encoding).
    #[error(
        "cannot read `{path}`: invalid UTF-8 ({why}) at line {line}, column {column} (byte {offset})"
    )]
    NotUtf8 {
        /// The path.
        path: String,
        /// Why it was read as UTF-8 ("no encoding declared, so UTF-8").
        why: &'static str,
        /// Byte offset of the first invalid byte.
        offset: usize,
        /// Its 1-based line.
        line: usize,
        /// Its 1-based column.
        column: usize,
    },
    /// A file named on the command line holds binary data, not text.
    #[error("`{path}` is binary data (NUL bytes), not text")]
    Binary {
        /// The path.
        path: String,
    },
    /// The input is invalid in the encoding it declares or was read as.
    #[error("cannot read `{path}`: {reason}")]
    Undecodable {
        /// The path.
        path: String,
        /// What is wrong, with the encoding and where.
        reason: String,
        /// 1-based line and column of the first bad byte.
        line_col: Option<(usize, usize)>,
        /// What to do.
        help: &'static str,
    },
    /// The input was refused before it was read: a device or FIFO named
    /// as a file, or larger than the input size limit.
    #[error("{message}")]
    Refused {
        /// The path.
        path: String,
        /// What was refused and why.
        message: String,
        /// What to do.
        help: String,
        /// `not-a-file`, `too-large`.
        code: &'static str,
    },
    /// The input could not be read as its format (XML that does not
    /// parse, a broken PO header, ...).
    #[error("{}", .0.message)]
    Format(Box<Diagnostic>),
    /// A glossary or config file was rejected.
    #[error("{what} rejected ({} error{})", count_errors(.diagnostics), plural(count_errors(.diagnostics)))]
    Rejected {
        /// "glossary `x.toml`", "config `termcheck.toml`".
        what: String,
        /// The errors, each with file:line:col.
        diagnostics: Vec<Diagnostic>,
    },
    /// The baseline file cannot be read or parsed.
    #[error("cannot read baseline `{path}`: {reason}")]
    Baseline {
        /// The baseline path.
        path: String,
        /// What went wrong.
        reason: String,
    },
    /// `--source` cannot be used as asked.
    #[error("{0}")]
    Source(String),
    /// The glossary forms could not be compiled into a matcher.
    #[error("cannot compile the glossary forms: {0}")]
    Compile(String),
    /// A setting is invalid (a thread count, a path that must be a file).
    #[error("{0}")]
    Settings(String),
    /// Writing an output or a file failed.
    #[error("cannot write `{path}`: {source}")]
    Write {
        /// Where.
        path: String,
        /// The system's reason.
        #[source]
        source: io::Error,
    },
}

fn count_errors(d: &[Diagnostic]) -> usize {
    d.iter().filter(|d| d.is_error()).count()
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The system's reason without Rust's "(os error N)" suffix.
fn io_reason(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

impl Error {
    /// A short stable code for machine outputs (`unreadable`,
    /// `not-utf8`, `invalid-input`, ...).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Read { .. } => "unreadable",
            Error::Walk { .. } => "unreadable",
            Error::NotUtf8 { .. } => "not-utf8",
            Error::Binary { .. } => "binary",
            Error::Refused { code, .. } => code,
            Error::Undecodable { .. } => "undecodable",
            Error::Format(d) => d.code,
            Error::Rejected { .. } => "rejected",
            Error::Baseline { .. } => "baseline",
            Error::Source(_) => "source",
            Error::Compile(_) => "compile",
            Error::Settings(_) => "settings",
            Error::Write { .. } => "write",
        }
    }

    /// What to do about it.
    pub fn help(&self) -> Option<String> {
        Some(match self {
            Error::Read { source, .. } => match source.kind() {
                io::ErrorKind::NotFound => "check that the path exists".to_owned(),
                io::ErrorKind::PermissionDenied => "check the file's permissions".to_owned(),
                io::ErrorKind::IsADirectory => {
                    "name the files in it, or the directory to walk it".to_owned()
                }
                io::ErrorKind::OutOfMemory => {
                    "the file is too large to check in memory; split it".to_owned()
                }
                _ => return None,
            },
            Error::NotUtf8 { .. } => {
                "convert the file to UTF-8 (e.g. `iconv -f WINDOWS-1251 -t UTF-8`), or declare its encoding (`<?xml version=\"1.0\" encoding=\"...\"?>`, `<meta charset=\"...\">`)".to_owned()
            }
            Error::Binary { .. } => {
                "termcheck reads text files: check that this is the file you meant".to_owned()
            }
            Error::Undecodable { help, .. } => (*help).to_owned(),
            Error::Refused { help, .. } => help.clone(),
            Error::Format(d) => return d.help.clone(),
            Error::Baseline { path, .. } => format!("create it with --write-baseline {path}"),
            _ => return None,
        })
    }

    /// The file the error is about, when it is about one.
    pub fn path(&self) -> Option<&str> {
        match self {
            Error::Read { path, .. }
            | Error::Walk { path, .. }
            | Error::NotUtf8 { path, .. }
            | Error::Binary { path }
            | Error::Refused { path, .. }
            | Error::Undecodable { path, .. }
            | Error::Baseline { path, .. }
            | Error::Write { path, .. } => Some(path),
            Error::Format(d) => Some(&d.location.path),
            _ => None,
        }
    }

    /// 1-based line and column, when the error points into a file.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        match self {
            Error::NotUtf8 { line, column, .. } => Some((*line, *column)),
            Error::Undecodable { line_col, .. } => *line_col,
            Error::Format(d) => Some((d.location.line, d.location.column)),
            _ => None,
        }
    }

    /// Diagnostics that carry the details (glossary and config errors).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Rejected { diagnostics, .. } => diagnostics,
            Error::Format(d) => std::slice::from_ref(d.as_ref()),
            _ => &[],
        }
    }
}

/// A one-line rendering of an error with its help, for plain-text sinks
/// ("error: cannot read `a.txt`: No such file...\n  help: ...").
pub struct Plain<'a>(pub &'a Error);

impl fmt::Display for Plain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        if let Some(h) = self.0.help() {
            write!(f, "\n  help: {h}")?;
        }
        Ok(())
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
