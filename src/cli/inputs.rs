//! Turning PATH arguments into the list of inputs: files as given,
//! directories walked with `ignore` (.gitignore respected), `-` for stdin.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use termcheck::io::read::{self, Limits, ReadError};
use termcheck::text::Document;

/// Where an input's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    Stdin,
    File(PathBuf),
}

/// One input with the path shown for it.
#[derive(Debug, Clone)]
pub(crate) struct Input {
    pub(crate) display: String,
    pub(crate) source: Source,
}

/// The inputs of a run, sorted by display path, and the problems met while
/// collecting them.
pub(crate) struct Collected {
    pub(crate) inputs: Vec<Input>,
    pub(crate) errors: Vec<String>,
}

pub(crate) fn collect(paths: &[PathBuf], stdin_name: Option<&str>) -> Collected {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input {
                display: stdin_name.unwrap_or("-").to_owned(),
                source: Source::Stdin,
            });
            continue;
        }
        match fs::metadata(path) {
            Err(e) => errors.push(format!(
                "cannot read `{}`: {e}\n  help: check that the path exists",
                path.display()
            )),
            Ok(m) if m.is_dir() => walk(path, &mut inputs, &mut errors),
            Ok(_) => inputs.push(Input {
                display: display(path),
                source: Source::File(path.clone()),
            }),
        }
    }
    inputs.sort_by(|a, b| a.display.cmp(&b.display));
    inputs.dedup_by(|a, b| a.display == b.display && a.source == b.source);
    Collected { inputs, errors }
}

fn display(path: &Path) -> String {
    let s = path.display().to_string();
    match s.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => s,
    }
}

fn walk(root: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<String>) {
    for entry in ignore::WalkBuilder::new(root).build() {
        match entry {
            Err(e) => errors.push(format!("while walking `{}`: {e}", root.display())),
            Ok(e) => {
                if e.file_type().is_some_and(|t| t.is_file()) {
                    inputs.push(Input {
                        display: display(e.path()),
                        source: Source::File(e.path().to_path_buf()),
                    });
                }
            }
        }
    }
}

/// What reading an input gave.
pub(crate) enum Loaded {
    Doc(Document),
    /// Skipped: looks binary (a NUL byte near the start).
    Binary,
    Error(String),
}

/// The input size limit of this run (`--max-file-size`, `max-file-size` in
/// the config), set once before inputs are read.
static MAX_SIZE: AtomicU64 = AtomicU64::new(read::DEFAULT_MAX_SIZE);

pub(crate) fn set_max_size(bytes: u64) {
    MAX_SIZE.store(bytes, Ordering::Relaxed);
}

pub(crate) fn limits() -> Limits {
    Limits {
        max_size: MAX_SIZE.load(Ordering::Relaxed),
    }
}

/// Reads and decodes one input (see [`termcheck::io::read`]: devices,
/// FIFOs and oversized files are refused before they are read, binary
/// files are known from their first 8 KiB).
pub(crate) fn read(input: &Input) -> Loaded {
    let bytes = match &input.source {
        Source::Stdin => read::read_stdin(&input.display, limits()),
        Source::File(p) => read::read_path(p, &input.display, limits()),
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(ReadError::Binary { .. }) => return Loaded::Binary,
        Err(e) => return Loaded::Error(e.to_string()),
    };
    match Document::from_bytes(input.display.clone(), bytes) {
        Ok(doc) => Loaded::Doc(doc),
        Err(e) => Loaded::Error(format!(
            "`{}` is not valid UTF-8: {e}\n  help: convert it to UTF-8 (e.g. `iconv -f WINDOWS-1251 -t UTF-8`)",
            input.display
        )),
    }
}
