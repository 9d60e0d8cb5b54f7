//! Turning PATH arguments into the list of inputs: files as given,
//! directories walked with `ignore` (.gitignore respected), `-` for stdin.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use termcheck::text::{DecodeError, Document, decode};

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
    /// Named on the command line (or stdin), not found by walking a
    /// directory: then even binary data is an error, not a skip.
    pub(crate) named: bool,
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
                named: true,
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
                named: true,
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
                        named: false,
                    });
                }
            }
        }
    }
}

/// What reading an input gave.
pub(crate) enum Loaded {
    Doc(Document),
    /// Skipped: found by walking a directory and looks binary (NUL bytes
    /// near the start, not in the pattern of UTF-16).
    Binary,
    Error(String),
}

/// Reads and decodes one input.
pub(crate) fn read(input: &Input) -> Loaded {
    let bytes = match &input.source {
        Source::Stdin => {
            let mut buf = Vec::new();
            match io::stdin().lock().read_to_end(&mut buf) {
                Ok(_) => buf,
                Err(e) => return Loaded::Error(format!("cannot read standard input: {e}")),
            }
        }
        Source::File(p) => match fs::read(p) {
            Ok(b) => b,
            Err(e) => {
                return Loaded::Error(format!(
                    "cannot read `{}`: {e}\n  help: check the file's permissions",
                    input.display
                ));
            }
        },
    };
    match decode_input(&input.display, bytes) {
        Ok(doc) => Loaded::Doc(doc),
        Err(DecodeError::Binary) if !input.named => Loaded::Binary,
        Err(e) => Loaded::Error(decode_message(&input.display, &e)),
    }
}

/// Decodes an input's bytes into a document (UTF-8, UTF-16, or the
/// encoding its XML declaration or HTML meta declares); the document maps
/// offsets back to the original bytes.
pub(crate) fn decode_input(path: &str, bytes: Vec<u8>) -> Result<Document, DecodeError> {
    decode(bytes, path).map(|d| Document::from_decoded(path.to_owned(), d))
}

/// The error message for an input that cannot be decoded.
pub(crate) fn decode_message(path: &str, e: &DecodeError) -> String {
    format!("cannot read `{path}`: {e}\n  help: {}", e.help())
}
