//! Turning PATH arguments into the list of inputs: files as given,
//! directories walked with `ignore` (.gitignore respected), `-` for stdin.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

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
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Loaded::Binary;
    }
    match Document::from_bytes(input.display.clone(), bytes) {
        Ok(doc) => Loaded::Doc(doc),
        Err(e) => Loaded::Error(format!(
            "`{}` is not valid UTF-8: {e}\n  help: convert it to UTF-8 (e.g. `iconv -f WINDOWS-1251 -t UTF-8`)",
            input.display
        )),
    }
}
